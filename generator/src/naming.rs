//! Rust names from spec names: case conversion (heck), keyword escaping and de-duplication.

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

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

/// Words spelled with an inner capital that are still one word. An acronym counts as one
/// word (as in Rust's naming conventions, RFC 430), so each has one spelling per case:
/// `OAuth` in types (the spelling of the standard and of Zendesk's docs), `oauth` in
/// snake_case and `OAUTH` in SCREAMING_SNAKE_CASE: `OAuthBridge`, `oauth_bridge`,
/// `OAUTH_BRIDGE` all name the same thing, never `OauthBridge` or `o_auth_bridge`.
const ONE_WORD: &[&str] = &["OAuth"];

/// `name` with each [`ONE_WORD`] written as a single capitalized word (`OAuth` → `Oauth`),
/// which case conversion then keeps in one piece.
fn join_one_words(name: &str) -> String {
    ONE_WORD.iter().fold(name.to_owned(), |name, word| {
        name.replace(word, &word.to_lowercase().to_upper_camel_case())
    })
}

/// `camel` with each [`ONE_WORD`] in its own spelling where it stands as a word
/// (`OauthBridge` → `OAuthBridge`, but `Oauthor` stays).
fn spell_one_words(camel: String) -> String {
    ONE_WORD.iter().fold(camel, |camel, word| {
        let joined = word.to_lowercase().to_upper_camel_case();
        let mut spelled = String::with_capacity(camel.len());
        let mut rest = camel.as_str();
        while let Some(start) = rest.find(&joined) {
            let after = &rest[start + joined.len()..];
            spelled.push_str(&rest[..start]);
            if after.starts_with(|c: char| c.is_ascii_lowercase()) {
                spelled.push_str(&joined);
            } else {
                spelled.push_str(word);
            }
            rest = after;
        }
        spelled.push_str(rest);
        spelled
    })
}

/// snake_case for fields, methods and modules.
pub fn snake(name: &str) -> String {
    let snake = join_one_words(&sanitize(name, "value")).to_snake_case();
    if NOT_RAW.contains(&snake.as_str()) || snake.is_empty() {
        format!("{snake}_")
    } else {
        snake
    }
}

/// SCREAMING_SNAKE_CASE for statics and constants.
pub fn shouty(name: &str) -> String {
    join_one_words(&sanitize(name, "VALUE")).to_shouty_snake_case()
}

/// UpperCamelCase for types and variants.
pub fn camel(name: &str) -> String {
    let camel = spell_one_words(join_one_words(&sanitize(name, "Value")).to_upper_camel_case());
    if NOT_RAW.contains(&camel.as_str()) || camel.is_empty() {
        format!("{camel}Value")
    } else {
        camel
    }
}

/// The type name of a schema written inline in type `owner`'s field `field`: the two joined
/// without repeating the words they share (`Token` and `token_type` make `TokenType`, not
/// `TokenTokenType`); a field that only repeats the end of the owner's name (`SupportError`'s
/// `error`) makes `{owner}Value` (`SupportErrorValue`, not `SupportErrorError`).
pub fn nested(owner: &str, field: &str) -> String {
    let field = camel(field);
    let owner_words = camel_words(owner);
    let field_words = camel_words(&field);
    let shared = (1..=owner_words.len().min(field_words.len()))
        .rev()
        .find(|&k| owner_words[owner_words.len() - k..] == field_words[..k])
        .unwrap_or(0);
    if shared == field_words.len() {
        format!("{owner}Value")
    } else {
        format!("{owner}{}", field_words[shared..].concat())
    }
}

/// The words of an UpperCamelCase name, each starting at a capital (`OAuth` is one word).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (index, c) in name.char_indices().skip(1) {
        // Inside a one-word acronym: the word starts `offset` bytes back, at a capital.
        let one_word_continues = ONE_WORD.iter().any(|word| {
            word.char_indices().skip(1).any(|(offset, inner)| {
                inner.is_ascii_uppercase()
                    && index >= offset
                    && name
                        .get(index - offset..)
                        .is_some_and(|rest| rest.starts_with(word))
            })
        });
        if c.is_ascii_uppercase() && !one_word_continues {
            words.push(&name[start..index]);
            start = index;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
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
    fn only_ascii_letters_digits_and_underscores_are_kept() {
        // What is left after dropping the rest must still start a word and not be empty.
        assert_eq!(snake("-1"), "value_1");
        assert_eq!(snake("$$"), "value");
        assert_eq!(camel("café"), "Caf");
        assert_eq!(shouty("a.b_c"), "A_B_C");
    }

    #[test]
    fn acronyms_are_one_word_in_every_case() {
        for name in [
            "OAuth bridge",
            "oauth_bridge",
            "OAUTH_BRIDGE",
            "OAuthBridge",
        ] {
            assert_eq!(camel(name), "OAuthBridge", "{name}");
            assert_eq!(snake(name), "oauth_bridge", "{name}");
            assert_eq!(shouty(name), "OAUTH_BRIDGE", "{name}");
        }
        assert_eq!(camel("CreateOAuthToken"), "CreateOAuthToken");
        assert_eq!(shouty("CreateOAuthToken"), "CREATE_OAUTH_TOKEN");
        assert_eq!(snake("ListOAuthTokens"), "list_oauth_tokens");
        assert_eq!(camel("oauth2_client"), "OAuth2Client");
        // Only where it stands as a word.
        assert_eq!(camel("coauthor"), "Coauthor");
        assert_eq!(camel("oauthor"), "Oauthor");
    }

    #[test]
    fn camel_words_keep_acronyms_whole() {
        assert_eq!(camel_words("ListOAuthTokens"), ["List", "OAuth", "Tokens"]);
        assert_eq!(camel_words("OAuth"), ["OAuth"]);
        assert_eq!(camel_words(""), Vec::<&str>::new());
        assert_eq!(camel_words("TokenId"), ["Token", "Id"]);
        // `Self` and `_` cannot be raw identifiers.
        assert_eq!(camel("self"), "SelfValue");
        assert_eq!(camel("_"), "Value");
    }

    #[test]
    fn nested_names_do_not_repeat_the_owner() {
        assert_eq!(nested("SupportError", "error"), "SupportErrorValue");
        assert_eq!(nested("Token", "token_type"), "TokenType");
        assert_eq!(nested("OAuthToken", "oauth_token_kind"), "OAuthTokenKind");
        assert_eq!(nested("Ticket", "via"), "TicketVia");
        assert_eq!(nested("SupportError", "error_detail"), "SupportErrorDetail");
        assert_eq!(nested("Page", "next_page"), "PageNextPage");
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
