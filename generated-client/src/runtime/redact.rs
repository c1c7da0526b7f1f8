//! Keeping secrets out of renderings: passwords in URLs, credential-bearing headers, and the
//! client's own credential values wherever a server echoes them back.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderName};

use crate::runtime::secret::Secret;

/// What replaces a hidden value.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// `url` with its userinfo (`user:password@`) replaced, found by its shape so that it works on
/// text that does not parse as a URL too (a rejected base URL, a server's `next_page`).
pub(crate) fn url_without_userinfo(url: &str) -> Cow<'_, str> {
    let Some(scheme_end) = url.find("://").map(|at| at + 3) else {
        return Cow::Borrowed(url);
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}{REDACTED}{}", &url[..scheme_end], &rest[at..])),
        None => Cow::Borrowed(url),
    }
}

/// Whether a header's value is a credential or a session, by its name: `Authorization`,
/// `Cookie`, `Set-Cookie` and anything named like a token, key, secret, session or password.
pub(crate) fn is_secret_header(name: &HeaderName) -> bool {
    let name = name.as_str();
    [
        "auth", "cookie", "token", "secret", "key", "session", "password",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// The client's credential values, masked wherever a response is rendered. Empty for a
/// response that did not come from a client.
#[derive(Clone, Default)]
pub(crate) struct Masks(Arc<[Secret]>);

impl Masks {
    /// Masks for these values (empty ones are ignored).
    pub(crate) fn new<'a>(values: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut values: Vec<Secret> = values
            .into_iter()
            .filter(|value| !value.expose().is_empty())
            .cloned()
            .collect();
        // Longest first, so a value containing another is masked whole.
        values.sort_by_key(|value| std::cmp::Reverse(value.expose().len()));
        values.dedup();
        Self(values.into())
    }

    /// The length of the longest value, in bytes.
    pub(crate) fn longest(&self) -> usize {
        self.0
            .iter()
            .map(|value| value.expose().len())
            .max()
            .unwrap_or(0)
    }

    /// `text` with every occurrence of a value replaced by `[REDACTED]`.
    pub(crate) fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for value in self.0.iter() {
            if text.contains(value.expose()) {
                text = Cow::Owned(text.replace(value.expose(), REDACTED));
            }
        }
        text
    }
}

impl fmt::Debug for Masks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masks({} values)", self.0.len())
    }
}

/// Renders headers as `Debug` would, with secret headers and masked values hidden.
pub(crate) struct RedactedHeaders<'a> {
    pub(crate) headers: &'a HeaderMap,
    pub(crate) masks: &'a Masks,
}

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.headers {
            if value.is_sensitive() || is_secret_header(name) {
                map.entry(&name.as_str(), &REDACTED);
            } else {
                let text = String::from_utf8_lossy(value.as_bytes());
                map.entry(&name.as_str(), &self.masks.apply(&text));
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn userinfo_is_hidden_even_in_urls_that_do_not_parse() {
        assert_eq!(
            url_without_userinfo("https://user:hunter2@example.com/a?b=c"),
            "https://[REDACTED]@example.com/a?b=c"
        );
        assert_eq!(
            url_without_userinfo("https://user:hunter2@example.com:99999999"),
            "https://[REDACTED]@example.com:99999999"
        );
        assert_eq!(
            url_without_userinfo("ftp://a:b:c@@host"),
            "ftp://[REDACTED]@host"
        );
        assert_eq!(
            url_without_userinfo("https://example.com/a@b"),
            "https://example.com/a@b"
        );
        assert_eq!(url_without_userinfo("not a url"), "not a url");
    }

    #[test]
    fn masks_hide_every_occurrence_longest_first() {
        let masks = Masks::new(&[Secret::new("abc"), Secret::new("abcdef"), Secret::new("")]);
        assert_eq!(masks.apply("x abcdef y abc"), "x [REDACTED] y [REDACTED]");
        assert_eq!(masks.longest(), 6);
        assert_eq!(format!("{masks:?}"), "Masks(2 values)");
    }

    #[test]
    fn secret_headers_are_hidden_by_name_and_values_by_mask() {
        let mut headers = HeaderMap::new();
        headers.insert("set-cookie", HeaderValue::from_static("session=s3cr3t"));
        headers.insert("x-api-key", HeaderValue::from_static("k3y"));
        headers.insert("x-echo", HeaderValue::from_static("got tok3n"));
        headers.insert("x-request-id", HeaderValue::from_static("r-1"));
        let masks = Masks::new(&[Secret::new("tok3n")]);
        let shown = format!(
            "{:?}",
            RedactedHeaders {
                headers: &headers,
                masks: &masks
            }
        );
        assert!(!shown.contains("s3cr3t") && !shown.contains("k3y") && !shown.contains("tok3n"));
        assert!(shown.contains("\"x-request-id\": \"r-1\""), "{shown}");
        assert!(shown.contains("\"x-echo\": \"got [REDACTED]\""), "{shown}");
    }
}
