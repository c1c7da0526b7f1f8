//! The mock module (behind the generated crate's `mock` feature): the table of operations the
//! runtime's mock server matches and answers, and one typed expectation per operation.
//! Matching, answering, pagination and diagnostics live in the runtime (`runtime::mock`).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::features::area_cfg;
use crate::emit::{doc, ident, inner_doc, type_tokens, Item, Scope};
use crate::ir::{
    Api, ApiKeyLocation, Area, BodyEncoding, ErrorResponse, Operation, Outcome, Param,
    ParamLocation, ParamStyle, Payload, RustType, SchemeKind, StatusMatch,
};
use crate::naming::Namespace;

mod examples;

use examples::{example_body, json_path};

/// The mock's files: `mock.rs` (the server's operation table and constructors) and one
/// `mock_{area}.rs` per area with the typed expectations, as the client splits its areas;
/// each handed to `file` when built.
pub(crate) fn emit(
    api: &Api,
    generated: &BTreeSet<String>,
    file: &mut impl FnMut(String, TokenStream),
) {
    let areas: Vec<&Area> = api
        .areas
        .iter()
        .filter(|area| area.operations.iter().any(|operation| is_call(&operation)))
        .collect();
    let mut using_models = Vec::new();
    for area in &areas {
        let scope = Scope::new(generated, false);
        let tokens = area_file(api, area, &scope);
        let uses = scope.uses();
        // Scope imports models from `super::models`: the index re-exports them for its areas.
        if uses.to_string().contains("models") {
            using_models.push(area.module.as_str());
        }
        file(format!("mock_{}.rs", area.module), quote! { #uses #tokens });
    }
    file("mock.rs".to_owned(), index(api, &areas, &using_models));
}

/// `using_models`: the areas whose files import models (through this module).
fn index(api: &Api, areas: &[&Area], using_models: &[&str]) -> TokenStream {
    let title = inner_doc(
        "A local mock server answering as the API would, for tests of code that uses the \
         client (cargo feature `mock`).\n\n\
         [`MockServer::start`] answers nothing until a test sets expectations, one typed method \
         per operation, grouped by area as on the client; [`MockServer::with_examples`] answers \
         every operation with its example from the spec. A request no expectation matches is \
         answered with HTTP 501 and a message naming the closest operation and what differed, \
         and fails the test when the server is dropped.",
    );
    // Only when an area using models is compiled: each area is a cargo feature.
    let models = (!using_models.is_empty()).then(|| {
        let cfg = area_cfg(using_models.iter().copied());
        quote!(#cfg use super::models;)
    });
    let modules = areas.iter().map(|area| {
        let module = ident(&area.module);
        let file = format!("mock_{}.rs", area.module);
        let cfg = area_cfg(std::iter::once(area.module.as_str()));
        let docs = doc(&format!(
            "Expectations on the operations tagged `{}`.",
            area.tag
        ));
        quote! { #docs #cfg #[path = #file] pub mod #module; }
    });
    let table = areas.iter().flat_map(|area| {
        let module = ident(&area.module);
        let statics = static_names(area);
        let cfg = area_cfg(std::iter::once(area.module.as_str()));
        area.operations
            .iter()
            .filter(is_call)
            .map(move |operation| {
                let name = static_ident(&statics, operation);
                quote!(#cfg &#module::#name)
            })
            .collect::<Vec<_>>()
    });
    let servers = api.servers.iter().map(|server| &server.name);
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::Basic => quote!(Basic),
            SchemeKind::Bearer => quote!(Bearer),
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote!(ApiKey(crate::runtime::auth::ApiKeyLocation::#location, #name))
            }
        };
        quote! {
            crate::runtime::mock::MockScheme { name: #name, kind: crate::runtime::mock::MockSchemeKind::#kind }
        }
    });
    quote! {
        #title
        #models
        pub use crate::runtime::mock::{Expectation, MockServer, ReceivedRequest};

        #(#modules)*

        static API: crate::runtime::mock::MockApi = crate::runtime::mock::MockApi {
            client_builder: crate::runtime::client::Client::builder,
            servers: &[#(#servers),*],
            schemes: &[#(#schemes),*],
            operations: &[#(#table),*],
        };

        impl MockServer {
            /// Starts a mock server that answers nothing until expectations are set.
            pub async fn start() -> Self {
                Self::start_for(&API).await
            }

            /// Starts a mock server that answers every operation with its example from the
            /// spec (a listing: as a single page). Expectations set later take precedence.
            pub async fn with_examples() -> Self {
                Self::with_examples_for(&API).await
            }
        }
    }
}

/// One area's operation statics, accessor and expectations.
fn area_file(api: &Api, area: &Area, scope: &Scope<'_>) -> TokenStream {
    let statics = static_names(area);
    let calls: Vec<&Operation> = area.operations.iter().filter(is_call).collect();
    let static_items = calls
        .iter()
        .map(|operation| operation_static(api, area, operation, &statics));
    let accessor = area_accessor(area, &statics);
    let expectations = calls
        .iter()
        .map(|operation| expectation(area, operation, scope));
    quote! {
        use crate::runtime::mock::{Expectation, MockServer};

        #(#static_items)*
        #accessor
        #(#expectations)*
    }
}

fn is_call(operation: &&Operation) -> bool {
    matches!(operation.outcome, Outcome::Call { .. })
}

/// The name of each operation's `MockOperation` static, unique in its area.
fn static_names(area: &Area) -> Statics {
    let mut names = Namespace::default();
    area.operations
        .iter()
        .map(|operation| {
            let name = names.claim(operation.builder.to_shouty_snake_case());
            (operation.id.clone(), name)
        })
        .collect()
}

/// Operation id → name of its `MockOperation` static.
type Statics = BTreeMap<String, String>;

fn static_ident(statics: &Statics, operation: &Operation) -> proc_macro2::Ident {
    ident(statics.get(&operation.id).map_or("", String::as_str))
}

fn operation_static(
    api: &Api,
    area: &Area,
    operation: &Operation,
    statics: &Statics,
) -> TokenStream {
    let name = static_ident(statics, operation);
    let id = &operation.id;
    let accessor = format!("{}().{}()", area.module, operation.method_name);
    let method = operation.method.as_str();
    let server = &operation.server;
    let server_path = api
        .servers
        .iter()
        .find(|candidate| &candidate.name == server)
        .map(|candidate| url_path(&candidate.url))
        .unwrap_or_default();
    let path = &operation.path;
    let (status, content_type, body) = example_body(api, operation);
    let pagination = match (&operation.pagination, success_type(operation)) {
        (Some(pagination), Some(page)) => {
            let items = json_path(api, page, &pagination.items);
            let cursor = match &pagination.cursor {
                Some(cursor) => {
                    let param = &cursor.cursor_param;
                    let has_more = json_path(api, page, &cursor.has_more);
                    let next_cursor = json_path(api, page, &cursor.next_cursor);
                    quote!(Some(crate::runtime::mock::MockCursor {
                        param: #param, has_more: &[#(#has_more),*], next_cursor: &[#(#next_cursor),*],
                    }))
                }
                None => quote!(None),
            };
            let offset = match &pagination.offset {
                Some(offset) => {
                    let names: Vec<&str> = offset
                        .params
                        .iter()
                        .filter_map(|index| operation.params.get(*index))
                        .map(|param| param.name.as_str())
                        .collect();
                    let page_param = names.first().copied().unwrap_or_default();
                    let size_param = names.get(1).copied().unwrap_or_default();
                    let next_url = json_path(api, page, &offset.next_url);
                    quote!(Some(crate::runtime::mock::MockOffset {
                        page_param: #page_param, size_param: #size_param, next_url: &[#(#next_url),*],
                    }))
                }
                None => quote!(None),
            };
            quote!(Some(crate::runtime::mock::MockPagination {
                items: &[#(#items),*], cursor: #cursor, offset: #offset,
            }))
        }
        _ => quote!(None),
    };
    quote! {
        pub(super) static #name: crate::runtime::mock::MockOperation = crate::runtime::mock::MockOperation {
            id: #id,
            accessor: #accessor,
            method: #method,
            server: #server,
            server_path: #server_path,
            path: #path,
            example: crate::runtime::mock::MockExample { status: #status, content_type: #content_type, body: #body },
            pagination: #pagination,
        };
    }
}

/// `https://host/api/v2/` → `/api/v2`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("", |start| after_scheme[start..].trim_end_matches('/'))
        .to_owned()
}

/// The JSON type of the success body.
fn success_type(operation: &Operation) -> Option<&RustType> {
    match &operation.outcome {
        Outcome::Call {
            body: Some(Payload::Json(ty)),
            ..
        } => Some(ty),
        _ => None,
    }
}

fn area_struct(area: &Area) -> proc_macro2::Ident {
    format_ident!("{}Mock", area.struct_name)
}

fn expectation_struct(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Expectation", operation.builder)
}

fn area_accessor(area: &Area, statics: &Statics) -> TokenStream {
    let name = area_struct(area);
    let method = ident(&area.module);
    let docs = doc(&format!(
        "Expectations on the operations tagged `{}`, as [`Client::{}`](crate::runtime::client::Client::{}) calls them.",
        area.tag, area.module, area.module
    ));
    let accessor_docs = doc(&format!(
        "Expectations on the operations tagged `{}`.",
        area.tag
    ));
    let methods = area
        .operations
        .iter()
        .filter(|operation| matches!(operation.outcome, Outcome::Call { .. }))
        .map(|operation| {
            let method = ident(&operation.method_name);
            let expectation = expectation_struct(operation);
            let operation_static = static_ident(statics, operation);
            let docs = doc(&format!(
                "Expects `{} {}` (operation `{}`); add constraints, then answer with one of the \
                 `respond` methods.",
                operation.method.as_str(),
                operation.path,
                operation.id
            ));
            quote! {
                #docs
                pub fn #method(&self) -> #expectation<'m> {
                    #expectation { expectation: self.mock.expectation_for(&#operation_static) }
                }
            }
        });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'m> {
            mock: &'m MockServer,
        }

        impl MockServer {
            #accessor_docs
            pub fn #method(&self) -> #name<'_> {
                #name { mock: self }
            }
        }

        impl<'m> #name<'m> {
            #(#methods)*
        }
    }
}

fn expectation(area: &Area, operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let name = expectation_struct(operation);
    let error_enum = ident(&operation.error_enum);
    let area_module = ident(&area.module);
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
        let arms = operation
            .errors
            .iter()
            .map(|error| error_arm(operation, error, &quote!(super::super::#area_module::#error_enum)));
        let docs = doc(&format!(
            "Answers with an error the spec declares, as [`{error_enum}`](super::super::{area_module}::{error_enum}) decodes it."
        ));
        quote! {
            #docs
            pub fn respond_error(self, error: super::super::#area_module::#error_enum) {
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
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "an expectation does nothing until it is answered (`respond...`)"]
        pub struct #name<'m> {
            expectation: Expectation<'m>,
        }

        impl #name<'_> {
            #(#setters)*
            #body_setter

            /// Requires exactly `times` matching requests, checked when the server is dropped.
            pub fn times(mut self, times: u64) -> Self {
                self.expectation.times(times);
                self
            }

            #respond
            #respond_error
            #respond_pages

            /// Answers with `status` and no body.
            pub fn respond_status(self, status: u16) {
                self.expectation.respond_status(status);
            }

            /// Answers with raw bytes, a content type (none if empty) and `status`.
            pub fn respond_raw(self, status: u16, content_type: &str, body: impl AsRef<[u8]>) {
                self.expectation.respond_bytes(status, content_type, body.as_ref());
            }

            /// Answers with the operation's example from the spec (a listing: as a single page).
            pub fn respond_example(self) {
                self.expectation.respond_example();
            }
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
        (ParamLocation::Path, ParamStyle::Plain) => {
            let encode = scope.name(Item::PathSegment);
            quote!(self.expectation.path_param(#name, #encode(&value));)
        }
        (ParamLocation::Path, _) => {
            let encode = scope.name(Item::PathSerialized);
            quote!(self.expectation.path_param(#name, #encode(&value));)
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
