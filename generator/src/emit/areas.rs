//! Areas: the accessor struct of one tag (`client.support()`), one method and one request
//! builder per operation, and the operations' error enums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{doc, errors, ident, inner_doc, type_tokens};
use crate::ir::{Area, Operation, Outcome, Param, ParamLocation, PathPart, Payload, RustType};

pub(crate) fn emit(area: &Area) -> TokenStream {
    let area_struct = ident(&area.struct_name);
    let accessor = ident(&area.module);
    let area_docs = area
        .docs
        .clone()
        .unwrap_or_else(|| format!("Operations tagged `{}`.", area.tag));
    let struct_docs = doc(&area_docs);
    let module_docs = inner_doc(&area_docs);
    let accessor_docs = doc(&format!("Operations tagged `{}`.", area.tag));
    let methods = area.operations.iter().map(accessor_method);
    let items = area.operations.iter().map(|operation| {
        let path = format!("{}::{}", area.struct_name, operation.method_name);
        let builder = builder(operation, &path);
        let errors = match operation.outcome {
            Outcome::Call { .. } => errors::emit(operation, &path),
            Outcome::BrowserRedirect => TokenStream::new(),
        };
        quote! { #builder #errors }
    });
    quote! {
        #module_docs

        #struct_docs
        #[derive(Debug, Clone, Copy)]
        pub struct #area_struct<'a> {
            client: &'a crate::runtime::client::Client,
        }

        impl crate::runtime::client::Client {
            #accessor_docs
            pub fn #accessor(&self) -> #area_struct<'_> {
                #area_struct { client: self }
            }
        }

        impl #area_struct<'_> {
            #(#methods)*
        }

        #(#items)*
    }
}

fn operation_docs(operation: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &operation.summary {
        parts.push(summary.trim().to_owned());
    }
    if let Some(description) = &operation.description {
        parts.push(description.trim().to_owned());
    }
    let sends = match operation.outcome {
        Outcome::Call { .. } => format!("Sends `{} {}` (operation `{}`).", operation.method.as_str(), operation.path, operation.id),
        Outcome::BrowserRedirect => format!(
            "Builds the URL of `{} {}` (operation `{}`) for a browser to visit; the client never sends it.",
            operation.method.as_str(),
            operation.path,
            operation.id
        ),
    };
    parts.push(sends);
    parts.join("\n\n")
}

/// The argument type of a setter or constructor for a parameter of type `ty`.
fn argument_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(impl Into<String>),
        RustType::Secret => quote!(impl Into<crate::runtime::secret::Secret>),
        other => type_tokens(other, &quote!(super::models::)),
    }
}

fn argument_value(ty: &RustType, name: &proc_macro2::Ident) -> TokenStream {
    match ty {
        RustType::String | RustType::Secret => quote!(#name.into()),
        _ => quote!(#name),
    }
}

fn required_params(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation.params.iter().filter(|param| param.required)
}

fn accessor_method(operation: &Operation) -> TokenStream {
    let docs = doc(&operation_docs(operation));
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder);
    let deprecated = operation.deprecated.then(|| {
        quote!(#[deprecated(note = "deprecated in the API spec; see the operation's documentation")])
    });
    let mut arguments = Vec::new();
    let mut values = Vec::new();
    for param in required_params(operation) {
        let name = ident(&param.rust_name);
        let ty = argument_type(&param.ty);
        arguments.push(quote!(#name: #ty));
        values.push(name);
    }
    if let Some(body) = operation.body.as_ref().filter(|body| body.required) {
        let ty = type_tokens(&body.ty, &quote!(super::models::));
        arguments.push(quote!(body: #ty));
        values.push(format_ident!("body"));
    }
    let many = (arguments.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many
        pub fn #method(&self, #(#arguments),*) -> #builder {
            #builder::new(self.client.clone(), #(#values),*)
        }
    }
}

fn builder(operation: &Operation, accessor: &str) -> TokenStream {
    let name = ident(&operation.builder);
    let static_name = ident(&operation.static_name);
    let id = &operation.id;
    let method = format_ident!("{}", operation.method.as_str());
    let server = &operation.server;
    let security = operation
        .security
        .iter()
        .map(|alternative| quote!(&[#(#alternative),*]));
    let docs = doc(&format!(
        "Request builder for [`{accessor}`]: set optional parameters, then call `{}`.",
        match operation.outcome {
            Outcome::Call { .. } => "send",
            Outcome::BrowserRedirect => "url",
        }
    ));

    let mut fields = vec![quote!(client: crate::runtime::client::Client,)];
    let mut constructor_args = vec![quote!(client: crate::runtime::client::Client)];
    let mut initializers = vec![quote!(client,)];
    let mut setters = Vec::new();
    for param in &operation.params {
        let field = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, &quote!(super::models::));
        if param.required {
            let arg = argument_type(&param.ty);
            fields.push(quote!(#field: #ty,));
            constructor_args.push(quote!(#field: #arg));
            initializers.push(match param.ty {
                RustType::String | RustType::Secret => quote!(#field: #field.into(),),
                _ => quote!(#field,),
            });
        } else {
            fields.push(quote!(#field: Option<#ty>,));
            initializers.push(quote!(#field: None,));
            let arg = argument_type(&param.ty);
            let value = argument_value(&param.ty, &format_ident!("value"));
            let docs = doc(param
                .docs
                .as_deref()
                .unwrap_or(&format!("Sets the `{}` parameter.", param.name)));
            setters.push(quote! {
                #docs
                pub fn #field(mut self, value: #arg) -> Self {
                    self.#field = Some(#value);
                    self
                }
            });
        }
    }
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty, &quote!(super::models::));
        if body.required {
            fields.push(quote!(body: #ty,));
            constructor_args.push(quote!(body: #ty));
            initializers.push(quote!(body,));
        } else {
            fields.push(quote!(body: Option<#ty>,));
            initializers.push(quote!(body: None,));
            let docs = doc(body.docs.as_deref().unwrap_or("Sets the request body."));
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: #ty) -> Self {
                    self.body = Some(value);
                    self
                }
            });
        }
    }

    let path = path_expression(operation);
    let query = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(query_statement);
    let body = operation.body.as_ref().map(|body| {
        if body.required {
            quote!(request.json_body(&self.body);)
        } else {
            quote!(if let Some(body) = &self.body {
                request.json_body(body);
            })
        }
    });
    let needs_mut = operation
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Query)
        || body.is_some();
    let binding = if needs_mut {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    let build_request = quote! {
        #binding = crate::runtime::request::Request::new(&#static_name, #path);
        #(#query)*
        #body
    };
    let finish = match &operation.outcome {
        Outcome::Call { statuses, body } => {
            let error_enum = ident(&operation.error_enum);
            let error = quote!(crate::runtime::error::Error<#error_enum>);
            let (output, call) = match body {
                Some(Payload::Json(ty)) => {
                    (type_tokens(ty, &quote!(super::models::)), quote!(send_json))
                }
                Some(Payload::Text) => (quote!(String), quote!(send_text)),
                None => (quote!(()), quote!(send_empty)),
            };
            let statuses = statuses
                .iter()
                .map(|status| proc_macro2::Literal::u16_unsuffixed(*status));
            quote! {
                /// Sends the request and decodes the response.
                pub async fn send(self) -> Result<crate::runtime::client::Response<#output>, #error> {
                    #build_request
                    self.client.#call(request, &[#(#statuses),*]).await
                }
            }
        }
        Outcome::BrowserRedirect => quote! {
            /// The URL to send the user's browser to. Nothing is sent.
            pub fn url(&self) -> Result<url::Url, crate::runtime::error::Error<std::convert::Infallible>> {
                #build_request
                self.client.url(&request)
            }
        },
    };
    let constructor_lint =
        (constructor_args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        static #static_name: crate::runtime::request::Operation = crate::runtime::request::Operation {
            id: #id,
            method: reqwest::Method::#method,
            server: #server,
            security: &[#(#security),*],
        };

        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is sent"]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor_lint
            fn new(#(#constructor_args),*) -> Self {
                Self { #(#initializers)* }
            }

            #(#setters)*

            #finish
        }
    }
}

fn path_expression(operation: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut arguments = Vec::new();
    for part in &operation.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                template.push_str("{}");
                if let Some(param) = operation.params.get(*index) {
                    let field = ident(&param.rust_name);
                    arguments.push(quote!(crate::runtime::request::path_segment(&self.#field)));
                }
            }
        }
    }
    if arguments.is_empty() {
        quote!(#template.to_owned())
    } else {
        quote!(format!(#template, #(#arguments),*))
    }
}

fn query_statement(param: &Param) -> TokenStream {
    let name = &param.name;
    let field = ident(&param.rust_name);
    let append = |value: TokenStream, ty: &RustType| match ty {
        RustType::Vec(inner) => {
            let item = query_value(inner, quote!(item));
            quote! { for item in #value { request.query(#name, #item); } }
        }
        other => {
            let value = query_value(other, value);
            quote! { request.query(#name, #value); }
        }
    };
    if param.required {
        append(quote!(&self.#field), &param.ty)
    } else {
        let statement = append(quote!(value), &param.ty);
        quote! { if let Some(value) = &self.#field { #statement } }
    }
}

fn query_value(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::Secret => quote!(#value.expose()),
        RustType::DateTime => quote!(#value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        _ => value,
    }
}
