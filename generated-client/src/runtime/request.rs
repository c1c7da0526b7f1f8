//! What a generated builder hands the runtime: the operation's static description and the
//! request's path, query and body.

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;

/// Static facts about one operation, generated from the spec.
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Name of the server (see the generated server table) the operation is sent to.
    pub server: &'static str,
    /// Accepted security scheme combinations: any one alternative, with all of its schemes.
    /// Empty means the operation sends no credentials.
    pub security: &'static [&'static [&'static str]],
}

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter so that it stays one path segment (`/`, `?`, `#` and `..`
/// tricks cannot change which resource is addressed).
pub fn path_segment(value: &impl Display) -> String {
    let raw = value.to_string();
    match raw.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(&raw, PATH_SEGMENT).to_string(),
    }
}

/// One request, filled in by a generated builder.
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<Result<Vec<u8>, String>>,
}

impl Request {
    /// A request for `operation` at `path` (already expanded and encoded, relative to the
    /// operation's server).
    pub fn new(operation: &'static Operation, path: String) -> Self {
        Self {
            operation,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    /// Appends a query parameter.
    pub fn query(&mut self, name: &'static str, value: impl Display) {
        self.query.push((name, value.to_string()));
    }

    /// Sets a JSON body. A body that fails to serialize is reported when the request is sent.
    pub fn json_body(&mut self, body: &impl Serialize) {
        self.body = Some(serde_json::to_vec(body).map_err(|error| error.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment(&42), "42");
        assert_eq!(path_segment(&"a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment(&".."), "%2E%2E");
        assert_eq!(path_segment(&"current.json"), "current.json");
        assert_eq!(path_segment(&"é x"), "%C3%A9%20x");
    }
}
