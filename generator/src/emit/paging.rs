//! Pagination: `pages()` and `stream()` on the builder of a paginated listing, handing the
//! runtime's page loop a function that reads the next page's cursor or URL.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, ident, type_tokens, Item, Scope};
use crate::ir::{FieldPath, Operation, Pagination};

/// `pages()` and `stream()` for a paginated listing.
pub(crate) fn methods(
    operation: &Operation,
    pagination: &Pagination,
    page_type: &TokenStream,
    error: &TokenStream,
    success: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    if pagination.cursor.is_none() && pagination.offset.is_none() {
        return TokenStream::new();
    }
    let pagination_module = scope.name(Item::Pagination);
    let next_type = quote!(fn(&#page_type) -> Result<#pagination_module::Next, String>);
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
            |page| #pagination_module::cursor(#param, #has_more.copied(), #next_cursor)
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
            quote!(|page| Ok(#pagination_module::next_url(#next_url))),
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
    let item = type_tokens(&pagination.item_type, scope);
    let box_stream = scope.name(Item::BoxStream);
    let response = scope.name(Item::Response);
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
        pub fn pages(#receiver) -> #box_stream<'static, Result<#response<#page_type>, #error>> {
            let read_next: #next_type = #read_next;
            #pagination_module::pages(self.call.client.clone(), self.request(), #success, read_next)
        }

        /// Every item of every page, in order, holding one page in memory at a time. See
        /// [`pages`](Self::pages) for how pages are fetched.
        pub fn stream(self) -> #box_stream<'static, Result<#item, #error>> {
            #pagination_module::items(self.pages(), |page: #page_type| #items)
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
