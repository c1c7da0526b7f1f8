//! Areas: the accessor struct of one tag (`client.support()`), one method and one request
//! builder per operation, and the operations' error enums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{doc, errors, ident, inner_doc, type_tokens};
use crate::ir::{
    Area, BodyEncoding, FieldPath, Operation, Outcome, Pagination, Param, ParamLocation,
    ParamStyle, PathPart, Payload, RustType,
};

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

    let mut fields = vec![
        quote!(client: crate::runtime::client::Client,),
        quote!(options: crate::runtime::request::CallOptions,),
    ];
    let mut constructor_args = vec![quote!(client: crate::runtime::client::Client)];
    let mut initializers = vec![quote!(client,), quote!(options: Default::default(),)];
    let mut setters = vec![quote! {
        /// Uses `policy` for this call instead of the client's retry policy.
        pub fn retry_policy(mut self, policy: crate::runtime::retry::RetryPolicy) -> Self {
            self.options.retry_policy(policy);
            self
        }

        /// Bounds each attempt of this call by `timeout` instead of the client's timeout.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.timeout(timeout);
            self
        }
    }];
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
        .filter(|param| param.location != ParamLocation::Path)
        .map(query_statement);
    let body = operation.body.as_ref().map(|body| {
        let set = body_statement(&body.encoding);
        if body.required && body.encoding == BodyEncoding::Json {
            quote!(request.json_body(&self.body);)
        } else if body.required {
            quote! { let body = &self.body; #set }
        } else {
            quote!(if let Some(body) = &self.body {
                #set
            })
        }
    });
    let range_checks = operation.params.iter().filter_map(range_check);
    let request_fn = quote! {
        fn request(&self) -> crate::runtime::request::Request {
            let mut request = crate::runtime::request::Request::new(&#static_name, #path);
            request.options(&self.options);
            #(#range_checks)*
            #(#query)*
            #body
            request
        }
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
                Some(Payload::Bytes) => (quote!(bytes::Bytes), quote!(send_bytes)),
                None => (quote!(()), quote!(send_empty)),
            };
            let statuses: Vec<_> = statuses
                .iter()
                .map(|status| proc_macro2::Literal::u16_unsuffixed(*status))
                .collect();
            let paging = operation.pagination.as_ref().map(|pagination| {
                pagination_methods(operation, pagination, &output, &error, &statuses)
            });
            quote! {
                /// Sends the request and decodes the response.
                pub async fn send(self) -> Result<crate::runtime::response::Response<#output>, #error> {
                    self.client.#call(self.request(), &[#(#statuses),*]).await
                }

                #paging
            }
        }
        Outcome::BrowserRedirect => quote! {
            /// The URL to send the user's browser to. Nothing is sent.
            pub fn url(&self) -> Result<url::Url, crate::runtime::error::Error<std::convert::Infallible>> {
                self.client.url(&self.request())
            }
        },
    };
    let must_use = match operation.outcome {
        Outcome::Call { .. } => "a request builder does nothing until it is sent",
        Outcome::BrowserRedirect => "a URL builder does nothing until `url()` is called",
    };
    let sensitive = operation.sensitive_response;
    let constructor_lint =
        (constructor_args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        static #static_name: crate::runtime::request::Operation = crate::runtime::request::Operation {
            id: #id,
            method: reqwest::Method::#method,
            server: #server,
            security: &[#(#security),*],
            sensitive_response: #sensitive,
        };

        #docs
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor_lint
            fn new(#(#constructor_args),*) -> Self {
                Self { #(#initializers)* }
            }

            #(#setters)*

            #request_fn

            #finish
        }
    }
}
fn range_check(param: &Param) -> Option<TokenStream> {
    if param.minimum.is_none() && param.maximum.is_none() {
        return None;
    }
    let value = match param.ty {
        RustType::I64 => quote!(*value),
        RustType::I32 => quote!(i64::from(*value)),
        _ => return None,
    };
    let name = &param.name;
    let field = ident(&param.rust_name);
    let bound = |bound: Option<i64>| match bound {
        Some(bound) => quote!(Some(#bound)),
        None => quote!(None),
    };
    let (minimum, maximum) = (bound(param.minimum), bound(param.maximum));
    let check = quote!(request.check_range(#name, #value, #minimum, #maximum););
    Some(if param.required {
        quote! { let value = &self.#field; #check }
    } else {
        quote! { if let Some(value) = &self.#field { #check } }
    })
}

/// `pages()` and `stream()` for a paginated listing.
fn pagination_methods(
    operation: &Operation,
    pagination: &Pagination,
    page_type: &TokenStream,
    error: &TokenStream,
    statuses: &[proc_macro2::Literal],
) -> TokenStream {
    let next_type = quote!(fn(&#page_type) -> Result<crate::runtime::pagination::Next, String>);
    let cursor = pagination.cursor.as_ref().map(|cursor| {
        let size = operation
            .params
            .get(cursor.size_param)
            .map(|param| ident(&param.rust_name));
        let default_size = cursor.default_size;
        let param = &cursor.cursor_param;
        let has_more = option_ref(&cursor.has_more, false);
        let next_cursor = option_ref(&cursor.next_cursor, true);
        let default_size = proc_macro2::Literal::i64_unsuffixed(default_size);
        quote! {
            self.#size.get_or_insert(#default_size);
            |page| crate::runtime::pagination::cursor(#param, #has_more.copied(), #next_cursor)
        }
    });
    let offset = pagination.offset.as_ref().map(|offset| {
        let next_url = option_ref(&offset.next_url, true);
        let uses_offset = offset
            .params
            .iter()
            .filter_map(|index| operation.params.get(*index))
            .map(|param| {
                let field = ident(&param.rust_name);
                quote!(self.#field.is_some())
            });
        (
            quote!(#(#uses_offset)||*),
            quote!(|page| Ok(crate::runtime::pagination::next_url(#next_url))),
        )
    });
    let read_next = match (cursor, offset) {
        (Some(cursor), Some((uses_offset, offset))) => quote! {
            if #uses_offset { #offset } else { #cursor }
        },
        (Some(cursor), None) => quote!({ #cursor }),
        (None, Some((_, offset))) => offset,
        (None, None) => return TokenStream::new(),
    };
    let style_docs = match (&pagination.cursor, &pagination.offset) {
        (Some(cursor), Some(_)) => format!(
            "Uses offset pagination when an offset parameter is set, cursor pagination (with a page size of {} unless set) otherwise.",
            cursor.default_size
        ),
        (Some(cursor), None) => format!(
            "Uses cursor pagination, with a page size of {} unless set.",
            cursor.default_size
        ),
        _ => "Uses offset pagination.".to_owned(),
    };
    let pages_docs = doc(&format!(
        "Every page of the listing, fetched lazily one request at a time. Parameters set on the builder apply to every page. {style_docs} An error ends the stream."
    ));
    let item = type_tokens(&pagination.item_type, &quote!(super::models::));
    let items_field = pagination
        .items
        .0
        .first()
        .map(|step| ident(&step.rust_name));
    let items = if pagination.items.0.first().is_some_and(|step| step.optional) {
        quote!(page.#items_field.unwrap_or_default())
    } else {
        quote!(page.#items_field)
    };
    let receiver = if pagination.cursor.is_some() {
        quote!(mut self)
    } else {
        quote!(self)
    };
    quote! {
        #pages_docs
        pub fn pages(#receiver) -> futures::stream::BoxStream<'static, Result<crate::runtime::response::Response<#page_type>, #error>> {
            let read_next: #next_type = #read_next;
            crate::runtime::pagination::pages(self.client.clone(), self.request(), &[#(#statuses),*], read_next)
        }

        /// Every item of every page, in order, holding one page in memory at a time. See
        /// [`pages`](Self::pages) for how pages are fetched.
        pub fn stream(self) -> futures::stream::BoxStream<'static, Result<#item, #error>> {
            crate::runtime::pagination::items(self.pages(), |page: #page_type| #items)
        }
    }
}

/// An expression reading `path` from `page`: `Option<&T>`, or `Option<&str>` when `as_str`
/// (for a `String` field).
fn option_ref(path: &FieldPath, as_str: bool) -> TokenStream {
    let mut expression = quote!(page);
    let mut in_option = false;
    let last = path.0.len().saturating_sub(1);
    for (index, step) in path.0.iter().enumerate() {
        let field = ident(&step.rust_name);
        let deref = as_str && index == last;
        expression = match (in_option, step.optional, deref) {
            (false, false, _) => quote!(#expression.#field),
            (false, true, false) => quote!(#expression.#field.as_ref()),
            (false, true, true) => quote!(#expression.#field.as_deref()),
            (true, false, false) => quote!(#expression.map(|value| &value.#field)),
            (true, false, true) => quote!(#expression.map(|value| value.#field.as_str())),
            (true, true, false) => quote!(#expression.and_then(|value| value.#field.as_ref())),
            (true, true, true) => quote!(#expression.and_then(|value| value.#field.as_deref())),
        };
        in_option |= step.optional;
    }
    match (in_option, as_str) {
        (true, _) => expression,
        (false, false) => quote!(Some(&#expression)),
        (false, true) => quote!(Some(#expression.as_str())),
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
                    arguments.push(if param.style == ParamStyle::Plain {
                        quote!(crate::runtime::params::path_segment(&self.#field))
                    } else {
                        quote!(crate::runtime::params::path_serialized(&self.#field))
                    });
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

/// Sets a request body held in `body` (a reference).
fn body_statement(encoding: &BodyEncoding) -> TokenStream {
    match encoding {
        BodyEncoding::Json => quote!(request.json_body(body);),
        BodyEncoding::Form => quote!(request.form_body(body);),
        BodyEncoding::Binary(content_type) => quote!(request.bytes_body(body, #content_type);),
        BodyEncoding::Multipart(fields) => {
            let parts = fields.iter().map(|field| {
                let name = &field.json_name;
                let member = ident(&field.rust_name);
                match (field.binary, field.optional) {
                    (true, false) => quote!(form.file(#name, &body.#member);),
                    (true, true) => quote! {
                        if let Some(value) = &body.#member { form.file(#name, value); }
                    },
                    (false, _) => quote!(form.value(#name, &body.#member);),
                }
            });
            quote! {
                let mut form = crate::runtime::multipart::Multipart::new();
                #(#parts)*
                request.multipart_body(form);
            }
        }
    }
}

fn query_statement(param: &Param) -> TokenStream {
    let name = &param.name;
    let field = ident(&param.rust_name);
    if param.style != ParamStyle::Plain || param.location != ParamLocation::Query {
        let call = match param.location {
            ParamLocation::Header => quote!(request.header(#name, value);),
            ParamLocation::Cookie => quote!(request.cookie(#name, value);),
            _ => {
                let style = match param.style {
                    ParamStyle::FormUnexploded => quote!(FormUnexploded),
                    ParamStyle::DeepObject => quote!(DeepObject),
                    ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
                    ParamStyle::PipeDelimited => quote!(PipeDelimited),
                    _ => quote!(Form),
                };
                quote!(request.query_serialized(#name, value, crate::runtime::params::Style::#style);)
            }
        };
        return if param.required {
            quote! { let value = &self.#field; #call }
        } else {
            quote! { if let Some(value) = &self.#field { #call } }
        };
    }
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
        // `Copy` values by value (clippy: needless borrow), the rest by reference.
        let copy = matches!(
            param.ty,
            RustType::Bool
                | RustType::I32
                | RustType::I64
                | RustType::F32
                | RustType::F64
                | RustType::Date
        );
        if copy {
            append(quote!(self.#field), &param.ty)
        } else {
            append(quote!(&self.#field), &param.ty)
        }
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
