//! Areas: the accessor struct of one tag (`client.support()`), one method and one request
//! builder per operation, and the operations' error enums.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::params::{
    body_range_checks, body_statement, path_expression, query_statement, range_check,
};
use crate::emit::{doc, errors, ident, inner_doc, paging, type_tokens, Home, Item, Scope, Sink};
use crate::ir::{Area, BodyEncoding, Method, Operation, Outcome, ParamLocation, Payload, RustType};

/// `{area}.rs`, handed to `sink` item by item: the area's struct, its accessor on the client
/// and its methods, then each operation's builder and error enum.
pub(crate) fn emit(area: &Area, generated: &BTreeSet<String>, sink: &mut impl Sink) {
    let file = format!("{}.rs", area.module);
    let scope = Scope::new(generated, Home::Generated);
    let area_struct = ident(&area.struct_name);
    let accessor = ident(&area.module);
    let area_docs = area
        .docs
        .clone()
        .unwrap_or_else(|| format!("Operations tagged `{}`.", area.tag));
    let struct_docs = doc(&area_docs);
    let accessor_docs = doc(&format!("Operations tagged `{}`.", area.tag));
    let methods = area
        .operations
        .iter()
        .map(|operation| accessor_method(operation, &scope));
    let client = scope.name(Item::Client);
    sink.item(
        &file,
        quote! {
            #struct_docs
            #[derive(Debug, Clone, Copy)]
            pub struct #area_struct<'a> {
                client: &'a #client,
            }

            impl #client {
                #accessor_docs
                pub fn #accessor(&self) -> #area_struct<'_> {
                    #area_struct { client: self }
                }
            }

            impl #area_struct<'_> {
                #(#methods)*
            }
        },
    );
    let shared_errors = errors::SharedErrors::new(&area.operations);
    for (index, operation) in area.operations.iter().enumerate() {
        let path = format!("{}::{}", area.struct_name, operation.method_name);
        let builder = builder(operation, &path, &scope);
        let errors = match operation.outcome {
            Outcome::Call { .. } | Outcome::Upgrade => {
                errors::emit(operation, index, &shared_errors, &path, &scope)
            }
            Outcome::BrowserRedirect => TokenStream::new(),
        };
        sink.item(&file, quote! { #builder #errors });
    }
    let module_docs = inner_doc(&area_docs);
    let uses = scope.uses();
    sink.end_file(file, quote! { #module_docs #uses });
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
        Outcome::Upgrade => format!(
            "Sends `{} {}` (operation `{}`) asking the server to switch protocols; on `101 Switching Protocols` the connection is returned.",
            operation.method.as_str(),
            operation.path,
            operation.id
        ),
        Outcome::BrowserRedirect => format!(
            "Builds the URL of `{} {}` (operation `{}`) for a browser to visit; the client never sends it.",
            operation.method.as_str(),
            operation.path,
            operation.id
        ),
    };
    parts.push(sends);
    let constants: Vec<String> = operation
        .params
        .iter()
        .filter_map(|param| Some(format!("`{}={}`", param.name, param.constant.as_ref()?)))
        .collect();
    if !constants.is_empty() {
        parts.push(format!(
            "Always sends {}: the only value the spec allows.",
            constants.join(", ")
        ));
    }
    if let Some(url) = &operation.external_docs {
        // Angle brackets make rustdoc render a URL as a link; what is not one (Plaid's specs
        // say `none`) would read as an unclosed HTML tag, so it is kept as code.
        if url.starts_with("https://") || url.starts_with("http://") {
            parts.push(format!("Reference: <{url}>"));
        } else {
            parts.push(format!("Reference: `{url}`"));
        }
    }
    parts.join("\n\n")
}

/// The argument type of a setter or constructor for a parameter of type `ty`.
fn argument_type(ty: &RustType, scope: &Scope<'_>) -> TokenStream {
    match ty {
        RustType::String => quote!(impl Into<String>),
        RustType::Secret => {
            let secret = scope.name(Item::Secret);
            quote!(impl Into<#secret>)
        }
        other => type_tokens(other, scope),
    }
}

/// The area's method for `operation`: takes the required parameters and body, and returns the
/// builder with everything else unset.
fn accessor_method(operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let docs = doc(&operation_docs(operation));
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder);
    let deprecated = operation.deprecated.then(|| {
        quote!(#[deprecated(note = "deprecated in the API spec; see the operation's documentation")])
    });
    let mut arguments = Vec::new();
    let call = scope.name(Item::Call);
    let mut initializers = vec![quote!(call: #call::new(self.client))];
    for param in operation
        .params
        .iter()
        .filter(|param| param.constant.is_none())
    {
        let name = ident(&param.rust_name);
        if param.required {
            let ty = argument_type(&param.ty, scope);
            arguments.push(quote!(#name: #ty));
            initializers.push(match param.ty {
                RustType::String | RustType::Secret => quote!(#name: #name.into()),
                _ => quote!(#name),
            });
        } else {
            initializers.push(quote!(#name: None));
        }
    }
    if let Some(body) = &operation.body {
        if body.required {
            let ty = type_tokens(&body.ty, scope);
            arguments.push(quote!(body: #ty));
            initializers.push(quote!(body));
        } else {
            initializers.push(quote!(body: None));
        }
    }
    let many = (arguments.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many
        pub fn #method(&self, #(#arguments),*) -> #builder {
            #builder { #(#initializers),* }
        }
    }
}

fn builder(operation: &Operation, accessor: &str, scope: &Scope<'_>) -> TokenStream {
    let name = ident(&operation.builder);
    let security = operation
        .security
        .iter()
        .map(|alternative| quote!(&[#(#alternative),*]));
    let docs = doc(&format!(
        "Request builder for [`{accessor}`]: set optional parameters, then call `{}`.",
        match operation.outcome {
            Outcome::Call { .. } | Outcome::Upgrade => "send",
            Outcome::BrowserRedirect => "url",
        }
    ));
    let call = scope.name(Item::Call);
    let mut fields = vec![quote!(call: #call,)];
    let mut setters = Vec::new();
    for param in operation
        .params
        .iter()
        .filter(|param| param.constant.is_none())
    {
        let field = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, scope);
        if param.required {
            fields.push(quote!(#field: #ty,));
        } else {
            fields.push(quote!(#field: Option<#ty>,));
            let arg = argument_type(&param.ty, scope);
            let value = match param.ty {
                RustType::String | RustType::Secret => quote!(value.into()),
                _ => quote!(value),
            };
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
        let ty = type_tokens(&body.ty, scope);
        if body.required {
            fields.push(quote!(body: #ty,));
        } else {
            fields.push(quote!(body: Option<#ty>,));
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

    let path = path_expression(operation, scope);
    let query: Vec<_> = operation
        .params
        .iter()
        .filter(|param| param.location != ParamLocation::Path)
        .map(|param| query_statement(param, scope))
        .collect();
    let body = operation.body.as_ref().map(|body| {
        if body.required && body.encoding == BodyEncoding::Json {
            return quote!(request.json_body(&self.body););
        }
        let set = body_statement(&body.encoding, scope);
        if body.required {
            quote! { let body = &self.body; #set }
        } else {
            quote!(if let Some(body) = &self.body {
                #set
            })
        }
    });
    let statements: Vec<TokenStream> = operation
        .params
        .iter()
        .filter_map(range_check)
        .chain(operation.body.as_ref().and_then(body_range_checks))
        .chain(query)
        .chain(body)
        .collect();
    let request = scope.name(Item::Request);
    let request_fn = if statements.is_empty() {
        quote! {
            fn request(&self) -> #request {
                self.call.request(Self::OPERATION, #path)
            }
        }
    } else {
        quote! {
            fn request(&self) -> #request {
                let mut request = self.call.request(Self::OPERATION, #path);
                #(#statements)*
                request
            }
        }
    };
    let finish = match &operation.outcome {
        Outcome::Call { statuses, body } => {
            let error_enum = ident(&operation.error_enum);
            let error_type = scope.name(Item::Error);
            let error = quote!(#error_type<#error_enum>);
            let (output, call) = match body {
                Some(Payload::Json(ty)) => (type_tokens(ty, scope), quote!(send_json)),
                Some(Payload::Text) => (quote!(String), quote!(send_text)),
                Some(Payload::Bytes) => (scope.name(Item::Bytes), quote!(send_bytes)),
                None => (quote!(()), quote!(send_empty)),
            };
            let success = success_statuses(statuses);
            let paging = operation.pagination.as_ref().map(|pagination| {
                paging::methods(operation, pagination, &output, &error, &success, scope)
            });
            let response = scope.name(Item::Response);
            let future = scope.name(Item::Future);
            quote! {
                /// Sends the request and decodes the response.
                pub fn send(self) -> impl #future<Output = Result<#response<#output>, #error>> {
                    self.call.client.#call(self.request(), #success)
                }

                #paging
            }
        }
        Outcome::Upgrade => upgrade_send(operation, scope),
        Outcome::BrowserRedirect => {
            let url = scope.name(Item::Url);
            let url_error = scope.name(Item::UrlError);
            quote! {
                /// The URL to send the user's browser to. Nothing is sent.
                pub fn url(&self) -> Result<#url, #url_error> {
                    self.call.client.browser_url(&self.request())
                }
            }
        }
    };
    let must_use = match operation.outcome {
        Outcome::Call { .. } | Outcome::Upgrade => {
            "a request builder does nothing until it is sent"
        }
        Outcome::BrowserRedirect => "a URL builder does nothing until `url()` is called",
    };
    let operation_type = scope.name(Item::Operation);
    let constructor = operation_constructor(operation, scope);
    let security = (!operation.security.is_empty()).then(|| quote!(.security(&[#(#security),*])));
    let sensitive = operation
        .sensitive_response
        .then(|| quote!(.sensitive_response()));
    let call_settings = scope.name(Item::CallSettingsMacro);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            const OPERATION: &#operation_type = &#constructor #security #sensitive;

            #(#setters)*

            #request_fn

            #finish
        }

        #call_settings!(#name);
    }
}

/// `send` of an operation that switches protocols: the connection, never retried.
/// The success statuses as the runtime's `Statuses` takes them: a run of three or more
/// consecutive statuses (a `2XX` response's hundred) as a range, `200..=299`; others listed,
/// `&[200, 204]`.
fn success_statuses(statuses: &[u16]) -> TokenStream {
    let mut sorted = statuses.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if let [first, .., last] = sorted[..] {
        if sorted.len() > 2 && usize::from(last - first) + 1 == sorted.len() {
            let (first, last) = (
                proc_macro2::Literal::u16_unsuffixed(first),
                proc_macro2::Literal::u16_unsuffixed(last),
            );
            return quote!(#first..=#last);
        }
    }
    let statuses = statuses
        .iter()
        .map(|status| proc_macro2::Literal::u16_unsuffixed(*status));
    quote!(&[#(#statuses),*])
}

fn upgrade_send(operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let error_enum = ident(&operation.error_enum);
    let (error, response, upgraded) = (
        scope.name(Item::Error),
        scope.name(Item::Response),
        scope.name(Item::Upgraded),
    );
    quote! {
        /// Sends the request asking to switch to `protocol` (the `Upgrade` header, such as
        /// `websocket`); on `101 Switching Protocols`, returns the connection to speak it on
        /// (`AsyncRead + AsyncWrite`) with the response's status and headers. Sent once:
        /// an upgrade is never retried.
        pub async fn send(self, protocol: &str) -> Result<#response<#upgraded>, #error<#error_enum>> {
            self.call.client.send_upgrade(self.request(), protocol).await
        }
    }
}

/// The runtime's `Operation` for `operation`, without security and sensitivity (which the
/// builder adds): `Operation::get(id, server)`, or `Operation::new(id, Method::HEAD, server)`
/// for the methods without a constructor of their own.
pub(crate) fn operation_constructor(operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let id = &operation.id;
    let server = &operation.server;
    let operation_type = scope.name(Item::Operation);
    match operation.method {
        Method::Get | Method::Put | Method::Post | Method::Delete | Method::Patch => {
            let constructor = format_ident!("{}", operation.method.as_str().to_lowercase());
            quote!(#operation_type::#constructor(#id, #server))
        }
        Method::Options | Method::Head | Method::Trace => {
            let http_method = scope.name(Item::Method);
            let method = format_ident!("{}", operation.method.as_str());
            quote!(#operation_type::new(#id, #http_method::#method, #server))
        }
    }
}
