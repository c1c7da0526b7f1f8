//! Emit: IR → token streams, one [`Part`] of the output (a file) at a time, handed to a
//! [`Sink`] whole or, for the big files (models, areas, their mocks), item by item. Submodules
//! follow the kinds of output: models, area operations (builders), their error enums, the
//! client's server and credential table, and the mock server.

pub(crate) mod areas;
mod client;
mod errors;
mod features;
mod imports;
mod mock;
mod models;
mod objects;
mod paging;
mod params;
mod rustdoc;
mod tagged;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Area, RustType};
use crate::naming::is_keyword;
pub use imports::generated_names;
pub(crate) use imports::{Home, Item, Scope};
pub(crate) use rustdoc::{doc, inner_doc};

/// Where the emitted files go, as soon as each is built.
pub trait Sink {
    /// A whole file.
    fn file(&mut self, name: String, tokens: TokenStream);
    /// The next item of `file`, a file built item by item, so that only one item's tokens are alive
    /// at a time (the models of a 5,000-operation API are otherwise most of the generator's
    /// memory); [`Sink::end_file`] ends the file.
    fn item(&mut self, file: &str, tokens: TokenStream);
    /// Ends the file whose items [`Sink::item`] has had: `head` (its module docs, attributes
    /// and imports, known once every item is) goes before them.
    fn end_file(&mut self, name: String, head: TokenStream);
}

/// One file of the output. Parts share nothing but the IR and the generated names, so each can
/// be emitted (and formatted) on its own, on any thread.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// `models.rs`, handed over item by item.
    Models,
    /// An area's operations, `{area}.rs`.
    Area(&'a Area),
    /// An area's mock expectations, `mock_{area}.rs`.
    MockArea(&'a Area),
    /// `client.rs`.
    Client,
    /// `mod.rs`.
    Index,
    /// `mock.rs`.
    MockIndex,
}

/// Every part of `api`'s output, the costliest first (the models, then an area's operations
/// and its mock by turns), so that workers taking them in order finish close together.
pub fn parts(api: &Api) -> Vec<Part<'_>> {
    let mut parts = vec![Part::Models];
    let mut mocked = mock::areas(api).peekable();
    for area in &api.areas {
        parts.push(Part::Area(area));
        if let Some(mock) = mocked.next_if(|mock| std::ptr::eq(*mock, area)) {
            parts.push(Part::MockArea(mock));
        }
    }
    parts.extend([Part::Client, Part::Index, Part::MockIndex]);
    parts
}

/// Emits `part` of `api` into `sink`; `generated` is [`generated_names`] of `api`.
pub fn emit(api: &Api, generated: &BTreeSet<String>, part: Part<'_>, sink: &mut impl Sink) {
    match part {
        Part::Models => models::emit(api, generated, sink),
        Part::Area(area) => areas::emit(area, generated, sink),
        Part::MockArea(area) => mock::area(api, area, generated, sink),
        Part::Client => sink.file("client.rs".to_owned(), client::emit(api, generated)),
        Part::Index => sink.file("mod.rs".to_owned(), module_index(api)),
        Part::MockIndex => sink.file("mock.rs".to_owned(), mock::index(api, generated)),
    }
}

fn module_index(api: &Api) -> TokenStream {
    let title = inner_doc(&format!("Generated client for {}.", api.title));
    let areas = api.areas.iter().map(|area| {
        let module = ident(&area.module);
        let docs = doc(&format!(
            "Operations tagged `{}` (cargo feature `{}`, on by default).",
            area.tag, area.module
        ));
        let cfg = features::area_cfg(std::iter::once(area.module.as_str()));
        quote! { #docs #cfg pub mod #module; }
    });
    quote! {
        #title
        mod client;
        #(#areas)*
        /// Types of the spec's schemas.
        pub mod models;
        // `mock` has its docs in its own file only: rustdoc resolves the links of a module's
        // inner docs in its parent's scope when the module has outer docs too.
        #[cfg(feature = "mock")]
        pub mod mock;
    }
}

/// An identifier for `name`, raw when it is a keyword. Names reach here already sanitized by
/// `naming`; anything else is made valid rather than trusted.
pub(crate) fn ident(name: &str) -> Ident {
    let valid = !name.is_empty()
        && name != "_"
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        let cleaned: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        return Ident::new(&format!("v_{cleaned}"), Span::call_site());
    }
    if is_keyword(name) && !matches!(name, "crate" | "self" | "Self" | "super") {
        Ident::new_raw(name, Span::call_site())
    } else if is_keyword(name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Tokens for a type, naming what it uses through `scope`.
pub(crate) fn type_tokens(ty: &RustType, scope: &Scope<'_>) -> TokenStream {
    match ty {
        RustType::Bool => quote!(bool),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::U64 => quote!(u64),
        RustType::I128 => quote!(i128),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::String => quote!(String),
        RustType::Secret => scope.name(Item::Secret),
        RustType::DateTime => {
            let (date_time, utc) = (scope.name(Item::DateTime), scope.name(Item::Utc));
            quote!(#date_time<#utc>)
        }
        RustType::Date => scope.name(Item::NaiveDate),
        RustType::Json => scope.name(Item::Value),
        RustType::JsonObject => {
            let (map, value) = (scope.name(Item::Map), scope.name(Item::Value));
            quote!(#map<String, #value>)
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Vec<#inner>)
        }
        RustType::Map(inner) => {
            let inner = type_tokens(inner, scope);
            let map = scope.name(Item::BTreeMap);
            quote!(#map<String, #inner>)
        }
        RustType::Option(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        RustType::Named(name) => scope.model(name),
        RustType::Bytes => quote!(Vec<u8>),
        RustType::Boxed(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Box<#inner>)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_valid() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("9lives").to_string(), "v_9lives");
        assert_eq!(ident("").to_string(), "v_");
        assert_eq!(ident("_").to_string(), "v__");
        assert_eq!(ident("page-size_max").to_string(), "v_pagesize_max");
        assert_eq!(ident("page_size2").to_string(), "page_size2");
    }
}
