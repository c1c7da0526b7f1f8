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
    /// The success body can hold secrets (tokens): error messages must not quote it.
    pub sensitive_response: bool,
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

/// Per-call overrides of the client's configuration, held by every request builder.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) retry: Option<crate::runtime::retry::RetryPolicy>,
    pub(crate) timeout: Option<std::time::Duration>,
}

impl CallOptions {
    /// Uses `policy` instead of the client's retry policy.
    pub fn retry_policy(&mut self, policy: crate::runtime::retry::RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Bounds each attempt of this call by `timeout` instead of the client's timeout.
    pub fn timeout(&mut self, timeout: std::time::Duration) {
        self.timeout = Some(timeout);
    }
}

/// One request, filled in by a generated builder.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// Why the request must not be sent (a parameter out of bounds, a body that does not
    /// serialize); reported as `Error::InvalidRequest` before anything goes on the wire.
    pub(crate) invalid: Option<String>,
    /// Overrides the client's retry policy for this call.
    pub(crate) retry: Option<crate::runtime::retry::RetryPolicy>,
    /// Overrides the client's per-attempt timeout for this call.
    pub(crate) timeout: Option<std::time::Duration>,
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
            invalid: None,
            retry: None,
            timeout: None,
        }
    }

    /// Applies per-call options set on a builder.
    pub fn options(&mut self, options: &CallOptions) {
        self.retry.clone_from(&options.retry);
        self.timeout = options.timeout;
    }

    /// Appends a query parameter.
    pub fn query(&mut self, name: &str, value: impl Display) {
        self.query.push((name.to_owned(), value.to_string()));
    }

    /// Replaces every value of query parameter `name` with `value`.
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(existing, _)| existing != name);
        self.query.push((name.to_owned(), value));
    }

    /// Records that parameter `name` is outside the bounds the spec declares.
    pub fn check_range(
        &mut self,
        name: &str,
        value: i64,
        minimum: Option<i64>,
        maximum: Option<i64>,
    ) {
        let too_small = minimum.is_some_and(|minimum| value < minimum);
        let too_large = maximum.is_some_and(|maximum| value > maximum);
        if (too_small || too_large) && self.invalid.is_none() {
            let bounds = match (minimum, maximum) {
                (Some(minimum), Some(maximum)) => format!("between {minimum} and {maximum}"),
                (Some(minimum), None) => format!("at least {minimum}"),
                (None, Some(maximum)) => format!("at most {maximum}"),
                (None, None) => String::new(),
            };
            self.invalid = Some(format!("`{name}` is {value}; the API accepts {bounds}"));
        }
    }

    /// Sets a JSON body. A body that fails to serialize is reported when the request is sent.
    pub fn json_body(&mut self, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(error) if self.invalid.is_none() => {
                self.invalid = Some(format!("request body does not serialize: {error}"));
            }
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OPERATION: Operation = Operation {
        id: "List",
        method: Method::GET,
        server: "s",
        security: &[],
        sensitive_response: false,
    };

    #[test]
    fn out_of_range_parameters_make_the_request_invalid() {
        let mut request = Request::new(&OPERATION, "/".to_owned());
        request.check_range("page[size]", 100, Some(1), Some(100));
        assert_eq!(request.invalid, None);
        request.check_range("page[size]", 101, Some(1), Some(100));
        assert_eq!(
            request.invalid.as_deref(),
            Some("`page[size]` is 101; the API accepts between 1 and 100")
        );
    }

    #[test]
    fn set_query_replaces_every_value() {
        let mut request = Request::new(&OPERATION, "/".to_owned());
        request.query("a", 1);
        request.query("page[after]", "x");
        request.query("page[after]", "y");
        request.set_query("page[after]", "z".to_owned());
        assert_eq!(
            request.query,
            vec![
                ("a".to_owned(), "1".to_owned()),
                ("page[after]".to_owned(), "z".to_owned())
            ]
        );
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment(&42), "42");
        assert_eq!(path_segment(&"a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment(&".."), "%2E%2E");
        assert_eq!(path_segment(&"current.json"), "current.json");
        assert_eq!(path_segment(&"é x"), "%C3%A9%20x");
    }
}
