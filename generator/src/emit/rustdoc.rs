//! Spec text as rustdoc: markdown made safe for rustdoc (no accidental doctests, no bare URL,
//! no bracket or angle bracket taken for a broken link or HTML tag), as `#[doc]` attributes.

use proc_macro2::TokenStream;
use quote::quote;

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
    let definitions = reference_definitions(text);
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
            escape_pseudo_tags(&escape_brackets(&link_bare_urls(content), &definitions))
        ));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// `line` with its bare URLs made autolinks (`<https://…>`), which rustdoc renders as links
/// and its `bare_urls` lint asks for. A URL already a link's target (inline or in a reference
/// definition), an autolink, in inline code or in an HTML attribute is left as it is, and so is
/// punctuation that ends a sentence or closes a parenthesis around the URL.
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
            || before.trim_end().ends_with("]:")
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
/// an intra-doc link to an item named `text` (Zendesk writes `links[next]`, Temporal
/// `[google.rpc.Code][google.rpc.Code]` without defining the label). A link (`[text](url)`),
/// a reference to one of the text's `definitions` or a definition itself, brackets around
/// inline code (the generator's own intra-doc links), escaped ones and a task-list box stay.
fn escape_brackets(line: &str, definitions: &[String]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some((before, from)) = copy_to_mark(&mut out, rest, &mut in_code, '[') {
        let label_end = from.find(']').filter(|_| !before.ends_with('\\'));
        let Some(end) = label_end else {
            out.push('[');
            rest = &from[1..];
            continue;
        };
        let label = &from[1..end];
        let after = &from[end + 1..];
        // `[text][label]`: the label's length with its brackets, when it is defined.
        let reference = after
            .strip_prefix('[')
            .and_then(|reference| reference.find(']').map(|end| &reference[..end]))
            .filter(|reference| is_defined(reference, definitions))
            .map_or(0, |reference| reference.len() + 2);
        let is_link = after.starts_with(['(', ':'])
            || reference > 0
            || is_defined(label, definitions)
            || (label.len() > 1 && label.starts_with('`') && label.ends_with('`'))
            || label.trim().is_empty()
            || label.contains('[');
        if is_link {
            out.push_str(&from[..=end + reference]);
            rest = &after[reference..];
        } else {
            out.push_str("\\[");
            out.push_str(label);
            out.push_str("\\]");
            rest = after;
        }
    }
    out
}

/// Copies `rest` to `out` up to its next `mark` outside inline code (`` `…` ``, `in_code`
/// carrying over from the text before `rest`), and returns what it copied and the text from
/// the mark on; copies all of `rest` and returns `None` when no mark is left.
fn copy_to_mark<'a>(
    out: &mut String,
    rest: &'a str,
    in_code: &mut bool,
    mark: char,
) -> Option<(&'a str, &'a str)> {
    let mut searched = 0;
    while let Some(at) = rest[searched..].find(['`', mark]).map(|at| searched + at) {
        if rest[at..].starts_with('`') {
            *in_code = !*in_code;
        } else if !*in_code {
            out.push_str(&rest[..at]);
            return Some(rest.split_at(at));
        }
        searched = at + 1;
    }
    out.push_str(rest);
    None
}

/// The labels of the text's link reference definitions (`[label]: url` lines), lowercased.
fn reference_definitions(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let (label, _) = line.trim_start().strip_prefix('[')?.split_once("]:")?;
            Some(label.to_lowercase())
        })
        .collect()
}

fn is_defined(label: &str, definitions: &[String]) -> bool {
    definitions.contains(&label.to_lowercase())
}

/// HTML elements rustdoc renders; any other `<name …>` in spec text is a placeholder
/// (`CRON_TZ=<timezone name>`), not a tag.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
];

/// `line` with each `<name …>` that is not an HTML element escaped (`&lt;name …>`), which
/// rustdoc would report as an unclosed tag, and `</br>`, a closing tag of an element that has
/// none, written `<br>`. Inline code, autolinks and real elements stay.
fn escape_pseudo_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some((_, from)) = copy_to_mark(&mut out, rest, &mut in_code, '<') {
        rest = &from[1..];
        let name_start = rest.strip_prefix('/').unwrap_or(rest);
        let name_length = name_start
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(name_start.len());
        let name = &name_start[..name_length];
        let ends_name = name_start[name_length..].starts_with(['>', ' ', '/']);
        let is_tag = name.starts_with(|c: char| c.is_ascii_alphabetic()) && ends_name;
        if !is_tag {
            out.push('<');
        } else if name.eq_ignore_ascii_case("br") && rest.starts_with('/') {
            out.push('<');
            rest = &rest[1..];
        } else if HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
            out.push('<');
        } else {
            out.push_str("&lt;");
        }
    }
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
        // Parentheses that belong to the URL stay in it.
        assert_eq!(
            link_bare_urls("https://en.wikipedia.org/wiki/Rust_(language) and https://x.io/a)b"),
            "<https://en.wikipedia.org/wiki/Rust_(language)> and <https://x.io/a)b>"
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
            escape_brackets("| links[next] | meta[has_more] |", &[]),
            r"| links\[next\] | meta\[has_more\] |"
        );
        for line in [
            "[docs](https://example.com) and [ref][1] and [1]: https://example.com",
            "Request builder for [`Area::show`]: set optional parameters",
            "a box: [ ], escaped: \\[x\\], code: `a[0]`",
        ] {
            assert_eq!(escape_brackets(line, &["1".to_owned()]), line);
        }
        assert_eq!(
            escape_brackets("see [`Area::show`] or [`] or [x`]", &[]),
            r"see [`Area::show`] or \[`\] or \[x`\]"
        );
        assert_eq!(
            escape_brackets("of [google.rpc.Code][google.rpc.Code], or [x][1]", &[]),
            r"of \[google.rpc.Code\]\[google.rpc.Code\], or \[x\]\[1\]"
        );
    }

    #[test]
    fn reference_links_keep_their_brackets_when_the_label_is_defined() {
        let text = "See [the guide][Guide].\n\n[guide]: https://example.com/guide";
        assert_eq!(rustdoc_markdown(text), text);
    }

    #[test]
    fn placeholders_in_angle_brackets_are_not_tags() {
        assert_eq!(
            escape_pseudo_tags("CRON_TZ=<timezone name> or @every <interval>"),
            "CRON_TZ=&lt;timezone name> or @every &lt;interval>"
        );
        assert_eq!(
            escape_pseudo_tags("Version.</br>By default, <b>this</b>"),
            "Version.<br>By default, <b>this</b>"
        );
        for line in [
            "<https://example.com>, a < b, `Vec<T>`, <br>, <br/>, <a href=\"x\">y</a>",
            "<em>",
        ] {
            assert_eq!(escape_pseudo_tags(line), line);
        }
    }
}
