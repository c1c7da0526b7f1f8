//! Rust names from spec names: case conversion (heck), keyword escaping and de-duplication.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Whether `name` needs `r#` (or, for the few that cannot be raw, a suffix).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Keeps only characters valid in an identifier and makes sure it does not start with a digit.
fn sanitize(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        return fallback.to_owned();
    }
    if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{fallback} {cleaned}");
    }
    cleaned
}

/// snake_case for fields, methods and modules.
pub fn snake(name: &str) -> String {
    let snake = sanitize(name, "value").to_snake_case();
    if NOT_RAW.contains(&snake.as_str()) || snake.is_empty() {
        format!("{snake}_")
    } else {
        snake
    }
}

/// UpperCamelCase for types and variants.
pub fn camel(name: &str) -> String {
    let camel = sanitize(name, "Value").to_upper_camel_case();
    if NOT_RAW.contains(&camel.as_str()) || camel.is_empty() {
        format!("{camel}Value")
    } else {
        camel
    }
}

/// Hands out names unique within one scope, in the order asked: the second `foo` becomes
/// `foo2`, so output is stable for the same input.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A scope with some names already reserved.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `wanted`, or `wanted2`, `wanted3`, ... if taken.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }

    /// Gives back a name claimed speculatively and not used.
    pub fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_spec_names() {
        assert_eq!(snake("page[size]"), "page_size");
        assert_eq!(snake("displayName"), "display_name");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("type"), "type");
        assert!(is_keyword("type"));
        assert_eq!(camel("OAuth bridge"), "OAuthBridge");
        assert_eq!(camel("ListOAuthTokens"), "ListOAuthTokens");
        assert_eq!(camel("404"), "Value404");
    }

    #[test]
    fn namespaces_deduplicate_stably() {
        let mut names = Namespace::with_reserved(&["send"]);
        assert_eq!(names.claim("send".into()), "send2");
        assert_eq!(names.claim("id".into()), "id");
        assert_eq!(names.claim("id".into()), "id2");
        assert_eq!(names.claim("v1".into()), "v1");
        assert_eq!(names.claim("v1".into()), "v1_2");
    }
}
