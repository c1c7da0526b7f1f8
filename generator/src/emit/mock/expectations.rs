//! One typed expectation per operation: a name for `OperationExpectation` of the operation's
//! builder, with the constraints (`with_*`) and answers (`respond`, `respond_error`,
//! `respond_pages`) whose types depend on the operation. The answers every operation shares
//! are the runtime's.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{expectation_alias, success_type};
use crate::emit::params::path_value;
use crate::emit::{doc, ident, type_tokens, Item, Scope};
use crate::ir::{
    Area, BodyEncoding, ErrorResponse, Operation, Outcome, Param, ParamLocation, ParamStyle,
    Payload, RustType, StatusMatch,
};

pub(super) fn expectation(area: &Area, operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let name = expectation_alias(operation);
    let builder = scope.area_item(&area.module, &operation.builder);
    let docs = doc(&format!(
        "An expectation on `{} {}` (operation `{}`): `with_*` methods narrow which requests it \
         matches, a `respond` method sets the answer and mounts it.",
        operation.method.as_str(),
        operation.path,
        operation.id
    ));
    let setters = operation
        .params
        .iter()
        .map(|param| param_setter(param, scope));
    let body_setter = operation.body.as_ref().and_then(|body| {
        let setter = if operation
            .params
            .iter()
            .any(|param| param.rust_name == "body")
        {
            format_ident!("with_request_body")
        } else {
            format_ident!("with_body")
        };
        let docs = doc("Matches only requests with this body.");
        let statement = match &body.encoding {
            BodyEncoding::Json => quote!(self.expectation.json_body(&body);),
            BodyEncoding::Form => quote!(self.expectation.form_body(&body);),
            BodyEncoding::Binary(_) => quote!(self.expectation.bytes_body(&body);),
            // Multipart boundaries are random: such bodies are not matched.
            BodyEncoding::Multipart(_) => return None,
        };
        let ty = type_tokens(&body.ty, scope);
        Some(quote! {
            #docs
            pub fn #setter(mut self, body: #ty) -> Self {
                #statement
                self
            }
        })
    });
    let respond = respond_method(operation, scope);
    let respond_error = (!operation.errors.is_empty()).then(|| {
        let error_enum = scope.area_item(&area.module, &operation.error_enum);
        let arms = operation
            .errors
            .iter()
            .map(|error| error_arm(operation, error, &error_enum));
        let docs = doc(&format!(
            "Answers with an error the spec declares, as [`{}`] decodes it.",
            operation.error_enum
        ));
        quote! {
            #docs
            pub fn respond_error(self, error: #error_enum) {
                match error {
                    #(#arms)*
                }
            }
        }
    });
    let respond_pages = match (&operation.pagination, success_type(operation)) {
        (Some(pagination), Some(_)) => {
            let item = type_tokens(&pagination.item_type, scope);
            Some(quote! {
                /// Answers with these pages of items, in order, each linked to the next in
                /// the style (cursor or offset) the request uses: `stream()` and `pages()`
                /// walk them all.
                pub fn respond_pages(self, pages: Vec<Vec<#item>>) {
                    self.expectation.respond_item_pages(pages);
                }
            })
        }
        _ => None,
    };
    let typed = scope.name(Item::OperationExpectation);
    quote! {
        #docs
        pub type #name<'m> = #typed<'m, #builder>;

        impl #name<'_> {
            #(#setters)*
            #body_setter
            #respond
            #respond_error
            #respond_pages
        }
    }
}

fn param_setter(param: &Param, scope: &Scope<'_>) -> TokenStream {
    let setter = format_ident!("with_{}", param.rust_name);
    let name = &param.name;
    let docs = doc(&format!(
        "Matches only requests whose {} `{name}` is `value`.",
        match param.location {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    ));
    let (argument, convert) = match &param.ty {
        RustType::String => (
            quote!(impl Into<String>),
            quote!(let value: String = value.into();),
        ),
        RustType::Secret => {
            let secret = scope.name(Item::Secret);
            (
                quote!(impl Into<#secret>),
                quote!(let value: #secret = value.into();),
            )
        }
        other => (type_tokens(other, scope), quote!()),
    };
    let statement = match (param.location, param.style) {
        (ParamLocation::Path, _) => {
            let encoded = path_value(param, quote!(&value), scope);
            quote!(self.expectation.path_param(#name, #encoded);)
        }
        (ParamLocation::Header, ParamStyle::SimpleExploded) => {
            quote!(self.expectation.header_exploded(#name, &value);)
        }
        (ParamLocation::Header, _) => quote!(self.expectation.header(#name, &value);),
        (ParamLocation::Cookie, _) => quote!(self.expectation.cookie(#name, &value);),
        (ParamLocation::Query, ParamStyle::Plain) => match &param.ty {
            RustType::Vec(inner) => {
                let item = query_value(inner, quote!(item), scope);
                quote! { for item in &value { self.expectation.query(#name, #item); } }
            }
            other => {
                let value = query_value(other, quote!(value), scope);
                quote!(self.expectation.query(#name, #value);)
            }
        },
        (ParamLocation::Query, style) => {
            let style = match style {
                ParamStyle::FormUnexploded => quote!(FormUnexploded),
                ParamStyle::DeepObject => quote!(DeepObject),
                ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(PipeDelimited),
                _ => quote!(Form),
            };
            let style_type = scope.name(Item::Style);
            quote!(self.expectation.query_serialized(#name, &value, #style_type::#style);)
        }
    };
    quote! {
        #docs
        pub fn #setter(mut self, value: #argument) -> Self {
            #convert
            #statement
            self
        }
    }
}

/// A plain query value as the client writes it.
fn query_value(ty: &RustType, value: TokenStream, scope: &Scope<'_>) -> TokenStream {
    match ty {
        RustType::Secret => quote!(#value.expose()),
        RustType::DateTime => {
            let format = scope.name(Item::SecondsFormat);
            quote!(#value.to_rfc3339_opts(#format::AutoSi, true))
        }
        _ => value,
    }
}

fn respond_method(operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let Outcome::Call { statuses, body } = &operation.outcome else {
        return quote!();
    };
    let status = statuses.first().copied().unwrap_or(200);
    match body {
        Some(Payload::Json(ty)) => {
            let ty = type_tokens(ty, scope);
            quote! {
                /// Answers with this body and the success status.
                pub fn respond(self, body: #ty) {
                    self.expectation.respond_json(#status, &body);
                }
            }
        }
        Some(Payload::Text) => quote! {
            /// Answers with this text and the success status.
            pub fn respond(self, text: impl Into<String>) {
                self.expectation.respond_text(#status, &text.into());
            }
        },
        Some(Payload::Bytes) => quote! {
            /// Answers with these bytes and the success status.
            pub fn respond(self, body: impl AsRef<[u8]>) {
                self.expectation.respond_bytes(#status, "application/octet-stream", body.as_ref());
            }
        },
        None => quote! {
            /// Answers with the success status and no body.
            pub fn respond(self) {
                self.expectation.respond_status(#status);
            }
        },
    }
}

/// One arm of `respond_error`: the variant's status and body.
fn error_arm(
    operation: &Operation,
    error: &ErrorResponse,
    error_enum: &TokenStream,
) -> TokenStream {
    let variant = ident(&error.variant);
    let status = error_status(operation, error.status);
    match &error.body {
        Some(Payload::Json(_)) => quote! {
            #error_enum::#variant(body) => self.expectation.respond_json(#status, &body),
        },
        Some(Payload::Text) => quote! {
            #error_enum::#variant(text) => self.expectation.respond_text(#status, &text),
        },
        Some(Payload::Bytes) => quote! {
            #error_enum::#variant(body) => self.expectation.respond_bytes(#status, "application/octet-stream", &body),
        },
        None => quote! {
            #error_enum::#variant => self.expectation.respond_status(#status),
        },
    }
}

/// A status the client decodes as this error: the code itself, or one of the range (or, for
/// `default`, of 5xx then 4xx) that nothing more specific claims.
fn error_status(operation: &Operation, status: StatusMatch) -> u16 {
    let claimed = |code: u16| {
        operation.errors.iter().any(|error| match error.status {
            StatusMatch::Code(declared) => declared == code,
            StatusMatch::Range(digit) => status == StatusMatch::Default && code / 100 == digit,
            StatusMatch::Default => false,
        }) || matches!(&operation.outcome, Outcome::Call { statuses, .. } if statuses.contains(&code))
    };
    let candidates: Vec<u16> = match status {
        StatusMatch::Code(code) => return code,
        StatusMatch::Range(digit) => (digit * 100..digit * 100 + 100).collect(),
        StatusMatch::Default => (500..600).chain(400..500).collect(),
    };
    candidates
        .into_iter()
        .find(|code| !claimed(*code))
        .unwrap_or(500)
}
