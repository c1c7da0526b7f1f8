//! One `MockOperation` static per operation: what the mock server needs to route, answer by
//! default and paginate it.

use proc_macro2::TokenStream;
use quote::quote;

use super::examples::{example_body, json_path, ExampleBody};
use super::{static_ident, success_type, Statics};
use crate::emit::areas::operation_constructor;
use crate::emit::{Item, Scope};
use crate::ir::{Api, Area, Operation};

pub(super) fn operation_static(
    api: &Api,
    area: &Area,
    operation: &Operation,
    statics: &Statics,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = static_ident(statics, operation);
    let constructor = operation_constructor(operation, scope);
    let accessor = format!("{}().{}()", area.module, operation.method_name);
    let server_path = api
        .servers
        .iter()
        .find(|candidate| candidate.name == operation.server)
        .map(|candidate| url_path(&candidate.url))
        .unwrap_or_default();
    let path = &operation.path;
    let example = example(api, operation, scope);
    let pagination = pagination(api, operation, scope);
    let mock_operation = scope.name(Item::MockOperation);
    quote! {
        pub(super) static #name: #mock_operation = #mock_operation {
            operation: &#constructor,
            accessor: #accessor,
            server_path: #server_path,
            path: #path,
            example: #example,
            pagination: #pagination,
        };
    }
}

/// The operation's default answer, built by the `MockExample` constructor for its kind.
fn example(api: &Api, operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let mock_example = scope.name(Item::MockExample);
    let (status, body) = example_body(api, operation);
    let status = proc_macro2::Literal::u16_unsuffixed(status);
    match body {
        ExampleBody::Empty => quote!(#mock_example::empty(#status)),
        ExampleBody::Bytes => quote!(#mock_example::bytes(#status)),
        ExampleBody::Text(text) => quote!(#mock_example::text(#status, #text)),
        ExampleBody::Json(json) => quote!(#mock_example::json(#status, #json)),
    }
}

/// Where a listing's items and next-page pointers are, or `None`.
fn pagination(api: &Api, operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let (Some(pagination), Some(page)) = (&operation.pagination, success_type(operation)) else {
        return quote!(None);
    };
    let items = json_path(api, page, &pagination.items);
    let cursor = match &pagination.cursor {
        Some(cursor) => {
            let param = &cursor.cursor_param;
            let has_more = json_path(api, page, &cursor.has_more);
            let next_cursor = json_path(api, page, &cursor.next_cursor);
            let mock_cursor = scope.name(Item::MockCursor);
            quote!(Some(#mock_cursor {
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
            let mock_offset = scope.name(Item::MockOffset);
            quote!(Some(#mock_offset {
                page_param: #page_param, size_param: #size_param, next_url: &[#(#next_url),*],
            }))
        }
        None => quote!(None),
    };
    let mock_pagination = scope.name(Item::MockPagination);
    quote!(Some(#mock_pagination {
        items: &[#(#items),*], cursor: #cursor, offset: #offset,
    }))
}

/// `https://host/api/v2/` → `/api/v2`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("", |start| after_scheme[start..].trim_end_matches('/'))
        .to_owned()
}
