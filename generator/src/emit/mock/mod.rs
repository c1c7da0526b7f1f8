//! The mock module (behind the generated crate's `mock` feature): the table of operations the
//! runtime's mock server matches and answers, and one typed expectation per operation.
//! Matching, answering, pagination and diagnostics live in the runtime (`runtime::mock`), as
//! do the answers every operation shares (`OperationExpectation`).

mod examples;
mod expectations;
mod statics;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::features::area_cfg;
use crate::emit::{doc, ident, inner_doc, Home, Item, Scope, Sink};
use crate::ir::{Api, ApiKeyLocation, Area, Operation, Outcome, Payload, RustType, SchemeKind};
use crate::naming::{shouty, Namespace};

use expectations::expectation;
use statics::operation_static;

/// The areas with operations the mock answers: those with a `mock_{area}.rs`.
pub(crate) fn areas(api: &Api) -> impl Iterator<Item = &Area> {
    api.areas
        .iter()
        .filter(|area| area.operations.iter().any(|operation| is_call(&operation)))
}

/// `mock_{area}.rs`, the typed expectations of one of [`areas`] as the client splits its areas,
/// handed to `sink` item by item.
pub(crate) fn area(api: &Api, area: &Area, generated: &BTreeSet<String>, sink: &mut impl Sink) {
    let file = format!("mock_{}.rs", area.module);
    let scope = Scope::new(generated, Home::Mock);
    let statics = static_names(area);
    let calls: Vec<&Operation> = area.operations.iter().filter(is_call).collect();
    for operation in &calls {
        sink.item(
            &file,
            operation_static(api, area, operation, &statics, &scope),
        );
    }
    let static_refs = calls
        .iter()
        .map(|operation| static_ident(&statics, operation));
    let mock_operation = scope.name(Item::MockOperation);
    let accessor = area_accessor(area, &statics, &scope);
    sink.item(
        &file,
        quote! {
            /// Every operation of the area the mock serves.
            pub(super) static OPERATIONS: &[&#mock_operation] = &[#(&#static_refs),*];
            #accessor
        },
    );
    for operation in &calls {
        sink.item(&file, expectation(area, operation, &scope));
    }
    sink.end_file(file, scope.uses());
}

/// `mock.rs`: the server's operation table and constructors, and the area modules.
pub(crate) fn index(api: &Api, generated: &BTreeSet<String>) -> TokenStream {
    let scope = Scope::new(generated, Home::Generated);
    let areas: Vec<&Area> = areas(api).collect();
    let title = inner_doc(
        "A local mock server answering as the API would, for tests of code that uses the \
         client (cargo feature `mock`).\n\n\
         [`MockServer::start`] answers nothing until a test sets expectations, one typed method \
         per operation, grouped by area as on the client; [`MockServer::with_examples`] answers \
         every operation with its example from the spec. A request no expectation matches is \
         answered with HTTP 501 and a message naming the closest operation and what differed, \
         and fails the test when the server is dropped.",
    );
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
    let table = areas.iter().map(|area| {
        let module = ident(&area.module);
        let cfg = area_cfg(std::iter::once(area.module.as_str()));
        quote!(#cfg #module::OPERATIONS)
    });
    let servers = api.servers.iter().map(|server| &server.name);
    // Collected before `scope.uses()`, which must see every name the schemes use.
    let schemes: Vec<TokenStream> = api
        .security_schemes
        .iter()
        .map(|scheme| {
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
                    let api_key_location = scope.name(Item::ApiKeyLocation);
                    quote!(ApiKey(#api_key_location::#location, #name))
                }
            };
            let mock_scheme = scope.name(Item::MockScheme);
            let scheme_kind = scope.name(Item::MockSchemeKind);
            quote!(#mock_scheme { name: #name, kind: #scheme_kind::#kind })
        })
        .collect();
    let mock_api = scope.name(Item::MockApi);
    let client = scope.name(Item::Client);
    let uses = scope.uses();
    quote! {
        #title
        #uses
        pub use crate::runtime::mock::{Expectation, MockServer, OperationExpectation, ReceivedRequest};

        #(#modules)*

        static API: #mock_api = #mock_api {
            client_builder: #client::builder,
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

fn is_call(operation: &&Operation) -> bool {
    matches!(operation.outcome, Outcome::Call { .. })
}

/// The name of each operation's `MockOperation` static, unique in its area.
fn static_names(area: &Area) -> Statics {
    let mut names = Namespace::default();
    area.operations
        .iter()
        .map(|operation| {
            let name = names.claim(shouty(&operation.builder));
            (operation.id.clone(), name)
        })
        .collect()
}

/// Operation id → name of its `MockOperation` static.
type Statics = BTreeMap<String, String>;

fn static_ident(statics: &Statics, operation: &Operation) -> proc_macro2::Ident {
    ident(statics.get(&operation.id).map_or("", String::as_str))
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

fn expectation_alias(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Expectation", operation.builder)
}

fn area_accessor(area: &Area, statics: &Statics, scope: &Scope<'_>) -> TokenStream {
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
    let typed = scope.name(Item::OperationExpectation);
    let mock_server = scope.name(Item::MockServer);
    let methods = area.operations.iter().filter(is_call).map(|operation| {
        let method = ident(&operation.method_name);
        let expectation = expectation_alias(operation);
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
                #typed::new(self.mock.expectation_for(&#operation_static))
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'m> {
            mock: &'m #mock_server,
        }

        impl #mock_server {
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
