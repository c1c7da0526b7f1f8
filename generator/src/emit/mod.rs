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
mod tagged;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Area, RustType};
use crate::naming::is_keyword;
pub use imports::generated_names;
pub(crate) use imports::{Home, Item, Scope};

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
    // `mock` has its docs in its own file only: rustdoc resolves the links of a module's inner
    // docs in its parent's scope when the module has outer docs too.
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

/// `#![doc = ...]` attributes: the documentation of the file's module itself.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let text = rustdoc_markdown(text);
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `#[doc = ...]` attributes for spec text: markdown made safe for rustdoc (no accidental
/// doctests: untyped code fences become `text`, deep indentation is flattened).
pub(crate) fn doc(text: &str) -> TokenStream {
    let text = rustdoc_markdown(text);
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

fn rustdoc_markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Column where the text of the list item being continued starts.
    let mut list_content: Option<usize> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if !in_fence && info.trim().is_empty() {
                out.push("```text".to_owned());
            } else {
                out.push(trimmed.to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        let line = line.replace('\t', "    ");
        let content = line.trim();
        let mut indent = (line.len() - line.trim_start().len()).min(3);
        if content.is_empty() {
            list_content = None;
        } else if let Some(marker) = list_marker(content) {
            list_content = Some(indent + marker);
        } else if let Some(column) = list_content {
            // A lazy continuation of a list item: indent it explicitly (same rendering).
            indent = indent.max(column);
        }
        out.push(format!(
            "{}{}",
            " ".repeat(indent),
            escape_brackets(&link_bare_urls(content))
        ));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// `line` with its bare URLs made autolinks (`<https://…>`), which rustdoc renders as links
/// and its `bare_urls` lint asks for. A URL already a link's target, an autolink, in inline
/// code or in an HTML attribute is left as it is, and so is punctuation that ends a sentence
/// or closes a parenthesis around the URL.
fn link_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut copied = 0;
    for (at, c) in line.char_indices() {
        if c == '`' {
            in_code = !in_code;
        }
        if at < copied || in_code {
            continue;
        }
        let rest = &line[at..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            continue;
        }
        let before = &line[..at];
        let linked = before.ends_with("](")
            || before.ends_with(['<', '"', '\'', '='])
            || before.ends_with(|c: char| c.is_alphanumeric());
        if linked {
            continue;
        }
        let mut end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(rest.len());
        loop {
            let url = &rest[..end];
            let unbalanced =
                url.ends_with(')') && url.matches('(').count() < url.matches(')').count();
            if url.ends_with(['.', ',', ';', ':', '!', '?', '\'']) || unbalanced {
                end -= 1;
            } else {
                break;
            }
        }
        if rest[..end].len() <= "https://".len() {
            continue;
        }
        out.push_str(&line[copied..at]);
        out.push('<');
        out.push_str(&rest[..end]);
        out.push('>');
        copied = at + end;
    }
    out.push_str(&line[copied..]);
    out
}

/// `line` with each `[text]` that is not a link escaped (`\[text\]`): rustdoc would take it for
/// an intra-doc link to an item named `text` (Zendesk writes `links[next]`). A bracket
/// followed by `(`, `[` or `:` (a link or a reference), one around inline code (the
/// generator's own intra-doc links), one already escaped and a task-list box stay.
fn escape_brackets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(at) = rest.find(['`', '[']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(after_tick) = from.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after_tick;
            continue;
        }
        let label_end = from
            .find(']')
            .filter(|_| !in_code && !before.ends_with('\\'));
        let Some(end) = label_end else {
            out.push('[');
            rest = &from[1..];
            continue;
        };
        let label = &from[1..end];
        let after = &from[end + 1..];
        let is_link = after.starts_with(['(', '[', ':'])
            || (label.len() > 1 && label.starts_with('`') && label.ends_with('`'))
            || label.trim().is_empty()
            || label.contains('[');
        if is_link {
            // A reference link's second bracket (`[text][1]`) goes with it.
            let reference = after
                .strip_prefix('[')
                .and_then(|reference| reference.find(']'))
                .map_or(0, |end| end + 2);
            out.push_str(&from[..=end + reference]);
            rest = &after[reference..];
        } else {
            out.push_str("\\[");
            out.push_str(label);
            out.push_str("\\]");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The width of a list item's marker (`* `, `- `, `+ `, `12. `), if `line` starts one.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
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
    fn docs_never_become_doctests() {
        let text = "Call it:\n\n```\nGET /x\n```\n\n        indented\n* item\n  continued";
        assert_eq!(
            rustdoc_markdown(text),
            "Call it:\n\n```text\nGET /x\n```\n\n   indented\n* item\n  continued"
        );
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            rustdoc_markdown("* Administrators\nAgents too\n\nAfter\n1. one\ntwo"),
            "* Administrators\n  Agents too\n\nAfter\n1. one\n   two"
        );
    }

    #[test]
    fn fences_keep_their_language_and_only_list_markers_start_items() {
        assert_eq!(
            rustdoc_markdown("```json\n{}\n```\n- item\ncontinued"),
            "```json\n{}\n```\n- item\n  continued"
        );
        // Neither a number without its `.`/`)` nor a `)` without a number is a marker.
        assert_eq!(
            rustdoc_markdown("2024 was a year\nof changes\n) aside\nnext\n12) twelve\nmore"),
            "2024 was a year\nof changes\n) aside\nnext\n12) twelve\n    more"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            link_bare_urls("See (https://example.com/a_(b)/c). Or http://x.io, then stop."),
            "See (<https://example.com/a_(b)/c>). Or <http://x.io>, then stop."
        );
        assert_eq!(
            link_bare_urls("https://example.com/path?q=1#frag"),
            "<https://example.com/path?q=1#frag>"
        );
    }

    #[test]
    fn urls_already_linked_or_in_code_stay_as_they_are() {
        for line in [
            "[docs](https://example.com/docs) and <https://example.com>",
            "on `https://{subdomain}.zendesk.com` only",
            r#"<a href="https://example.com">here</a>"#,
            "the scheme https:// alone, or xhttps://not.a.url",
        ] {
            assert_eq!(link_bare_urls(line), line);
        }
        assert_eq!(
            link_bare_urls("`https://a.io` then https://b.io"),
            "`https://a.io` then <https://b.io>"
        );
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            escape_brackets("| links[next] | meta[has_more] |"),
            r"| links\[next\] | meta\[has_more\] |"
        );
        for line in [
            "[docs](https://example.com) and [ref][1] and [1]: https://example.com",
            "Request builder for [`Area::show`]: set optional parameters",
            "a box: [ ], escaped: \\[x\\], code: `a[0]`",
        ] {
            assert_eq!(escape_brackets(line), line);
        }
    }

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
