//! What an expectation requires of a request (typed parameters and body, encoded exactly as
//! the client encodes them), and every way a request differs from it.

use std::fmt::Display;

use serde_json::Value;

use super::route::{match_path, Route};
use super::MockOperation;
use crate::runtime::request::{Operation, Request};

/// Expected values are encoded by the client's own `Request`, so the mock and the client
/// cannot disagree on how a parameter or body is written; this stands in for its operation.
static EXPECTED: Operation = Operation {
    id: "expectation",
    method: reqwest::Method::GET,
    server: "",
    security: &[],
    sensitive_response: false,
};

/// What an expectation requires of a request.
#[derive(Debug)]
pub(crate) struct Constraints {
    pub(crate) operation: &'static MockOperation,
    /// Path parameter name → encoded value.
    pub(super) path: Vec<(&'static str, String)>,
    /// Query, headers, cookies and body, as the client would send them.
    pub(super) expected: Request,
}

/// One way a request differs from an expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Difference {
    Server {
        expected: String,
        got: String,
    },
    Method {
        expected: String,
        got: String,
    },
    Path {
        expected: String,
        got: String,
    },
    PathParam {
        name: String,
        expected: String,
        got: String,
    },
    Query {
        name: String,
        expected: String,
        got: String,
    },
    Header {
        name: String,
        expected: String,
        got: String,
    },
    Cookie {
        name: String,
        expected: String,
        got: String,
    },
    Body(String),
    Invalid(String),
}

impl Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Server { expected, got } => {
                write!(f, "server: expected `{expected}`, got `{got}`")
            }
            Self::Method { expected, got } => write!(f, "method: expected {expected}, got {got}"),
            Self::Path { expected, got } => write!(f, "path: expected `{expected}`, got `{got}`"),
            Self::PathParam {
                name,
                expected,
                got,
            } => write!(f, "path parameter `{name}`: expected {expected}, got {got}"),
            Self::Query {
                name,
                expected,
                got,
            } => write!(
                f,
                "query parameter `{name}`: expected {expected}, got {got}"
            ),
            Self::Header {
                name,
                expected,
                got,
            } => write!(f, "header `{name}`: expected {expected}, got {got}"),
            Self::Cookie {
                name,
                expected,
                got,
            } => write!(f, "cookie `{name}`: expected {expected}, got {got}"),
            Self::Body(what) => write!(f, "body: {what}"),
            Self::Invalid(why) => write!(f, "the expectation itself is invalid: {why}"),
        }
    }
}

impl Constraints {
    /// Only the operation's server, method and path.
    pub(crate) fn route_only(operation: &'static MockOperation) -> Self {
        Self {
            operation,
            path: Vec::new(),
            expected: Request::new(&EXPECTED, String::new()),
        }
    }

    /// How many things beyond the route it requires.
    pub(crate) fn count(&self) -> usize {
        self.path.len()
            + self.expected.query.len()
            + self.expected.headers.len()
            + self.expected.cookies.len()
            + usize::from(self.expected.body.is_some())
    }

    /// Everything that differs between `request` and this expectation; empty when it matches.
    pub(crate) fn differences(&self, request: &wiremock::Request) -> Vec<Difference> {
        let operation = self.operation;
        let route = Route::of(request.method.as_str(), request.url.path());
        let mut differences = Vec::new();
        if route.server != operation.server() {
            differences.push(Difference::Server {
                expected: operation.server().to_owned(),
                got: route.server.to_owned(),
            });
        }
        if !route.method.eq_ignore_ascii_case(operation.method()) {
            differences.push(Difference::Method {
                expected: operation.method().to_owned(),
                got: route.method.to_owned(),
            });
        }
        match match_path(operation.path, route.path) {
            None => differences.push(Difference::Path {
                expected: operation.path.to_owned(),
                got: route.path.to_owned(),
            }),
            Some(values) => {
                for (name, expected) in &self.path {
                    let got = values
                        .iter()
                        .find(|(param, _)| param == name)
                        .map(|(_, value)| value.clone());
                    if got.as_deref() != Some(expected) {
                        differences.push(Difference::PathParam {
                            name: (*name).to_owned(),
                            expected: quoted(Some(expected)),
                            got: quoted(got.as_deref()),
                        });
                    }
                }
            }
        }
        if let Some(why) = &self.expected.invalid {
            differences.push(Difference::Invalid(why.clone()));
        }
        differences.extend(self.query_differences(request));
        differences.extend(self.header_differences(request));
        if let Some(body) = &self.expected.body {
            if let Some(what) = body_difference(&self.expected.content_type, body, &request.body) {
                differences.push(Difference::Body(what));
            }
        }
        differences
    }

    fn query_differences(&self, request: &wiremock::Request) -> Vec<Difference> {
        let got: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let mut names: Vec<&String> = self.expected.query.iter().map(|(name, _)| name).collect();
        names.dedup();
        names
            .into_iter()
            .filter_map(|name| {
                let values = |pairs: &[(String, String)]| -> Vec<String> {
                    pairs
                        .iter()
                        .filter(|(key, _)| key == name)
                        .map(|(_, value)| value.clone())
                        .collect()
                };
                let (expected, got) = (values(&self.expected.query), values(&got));
                (expected != got).then(|| Difference::Query {
                    name: name.clone(),
                    expected: listed(&expected),
                    got: listed(&got),
                })
            })
            .collect()
    }

    fn header_differences(&self, request: &wiremock::Request) -> Vec<Difference> {
        let mut differences = Vec::new();
        for (name, expected) in &self.expected.headers {
            let got = request
                .headers
                .get(name.as_str())
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
            let expected = String::from_utf8_lossy(expected.as_bytes()).into_owned();
            if got.as_deref() != Some(expected.as_str()) {
                differences.push(Difference::Header {
                    name: name.to_string(),
                    expected: quoted(Some(&expected)),
                    got: quoted(got.as_deref()),
                });
            }
        }
        let sent: Vec<(String, String)> = request
            .headers
            .get_all("cookie")
            .iter()
            .flat_map(|header| {
                String::from_utf8_lossy(header.as_bytes())
                    .split(';')
                    .filter_map(|pair| {
                        let (name, value) = pair.trim().split_once('=')?;
                        let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                        Some((name.to_owned(), value.into_owned()))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        for (name, expected) in &self.expected.cookies {
            let got = sent
                .iter()
                .find(|(sent, _)| sent == name)
                .map(|(_, value)| value.as_str());
            if got != Some(expected.as_str()) {
                differences.push(Difference::Cookie {
                    name: name.clone(),
                    expected: quoted(Some(expected)),
                    got: quoted(got),
                });
            }
        }
        differences
    }
}

/// Why `got` is not the expected body, if it is not.
fn body_difference(content_type: &str, expected: &[u8], got: &[u8]) -> Option<String> {
    if content_type == "application/json" {
        let expected: Value = serde_json::from_slice(expected).ok()?;
        return match serde_json::from_slice::<Value>(got) {
            Ok(got) => json_difference("", &expected, &got),
            Err(_) => Some(format!(
                "expected JSON, got {}",
                preview(&String::from_utf8_lossy(got))
            )),
        };
    }
    if content_type == "application/x-www-form-urlencoded" {
        let pairs = |body: &[u8]| {
            let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(body)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            pairs.sort();
            pairs
        };
        let (expected, got) = (pairs(expected), pairs(got));
        return (expected != got).then(|| {
            format!(
                "expected form fields {}, got {}",
                preview(&format!("{expected:?}")),
                preview(&format!("{got:?}"))
            )
        });
    }
    (expected != got).then(|| {
        format!(
            "expected {} bytes, got {} different bytes",
            expected.len(),
            got.len()
        )
    })
}

/// The first place (a JSON pointer) where `got` differs from `expected`.
fn json_difference(at: &str, expected: &Value, got: &Value) -> Option<String> {
    match (expected, got) {
        (Value::Object(expected), Value::Object(got)) => {
            let keys = expected
                .keys()
                .chain(got.keys().filter(|k| !expected.contains_key(*k)));
            for key in keys {
                let here = format!("{at}/{key}");
                match (expected.get(key), got.get(key)) {
                    (Some(expected), Some(got)) => {
                        if let Some(found) = json_difference(&here, expected, got) {
                            return Some(found);
                        }
                    }
                    (Some(_), None) => return Some(format!("`{here}` is missing")),
                    (None, Some(_)) => return Some(format!("`{here}` is not expected")),
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(expected), Value::Array(got)) if expected.len() == got.len() => expected
            .iter()
            .zip(got)
            .enumerate()
            .find_map(|(index, (expected, got))| {
                json_difference(&format!("{at}/{index}"), expected, got)
            }),
        _ if expected == got => None,
        _ => Some(format!(
            "at `{}` expected {}, got {}",
            if at.is_empty() { "/" } else { at },
            preview(&expected.to_string()),
            preview(&got.to_string())
        )),
    }
}

/// Values as a message shows them: `"7"`, `"a", "b"` or `none`.
fn listed(values: &[String]) -> String {
    if values.is_empty() {
        return "none".to_owned();
    }
    values
        .iter()
        .map(|value| quoted(Some(value)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(value: Option<&str>) -> String {
    value.map_or_else(
        || "none".to_owned(),
        |value| format!("\"{}\"", preview(value)),
    )
}

/// At most 80 characters of `text`: messages stay readable with large values.
pub(crate) fn preview(text: &str) -> String {
    const LIMIT: usize = 80;
    let mut shown: String = text.chars().take(LIMIT).collect();
    if text.chars().count() > LIMIT {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_differences_name_the_first_differing_place() {
        let expected = json!({"a": {"b": [1, 2]}, "c": "x"});
        assert_eq!(json_difference("", &expected, &expected.clone()), None);
        let got = json!({"a": {"b": [1, 3]}, "c": "x"});
        assert_eq!(
            json_difference("", &expected, &got).as_deref(),
            Some("at `/a/b/1` expected 2, got 3")
        );
        let got = json!({"a": {"b": [1, 2]}});
        assert_eq!(
            json_difference("", &expected, &got).as_deref(),
            Some("`/c` is missing")
        );
    }

    #[test]
    fn json_differences_catch_extra_keys_and_longer_arrays() {
        let expected = json!({"a": [1, 2]});
        assert_eq!(
            json_difference("", &expected, &json!({"a": [1, 2], "b": 0})).as_deref(),
            Some("`/b` is not expected")
        );
        assert_eq!(
            json_difference("", &expected, &json!({"a": [1, 2, 3]})).as_deref(),
            Some("at `/a` expected [1,2], got [1,2,3]")
        );
        assert_eq!(
            json_difference("", &json!([1]), &json!([])).as_deref(),
            Some("at `/` expected [1], got []")
        );
    }

    #[test]
    fn form_bodies_compare_fields_in_any_order() {
        let form = "application/x-www-form-urlencoded";
        assert_eq!(body_difference(form, b"a=1&b=2", b"b=2&a=1"), None);
        assert!(body_difference(form, b"a=1", b"a=2").is_some());
        assert!(body_difference("application/json", b"{}", b"not json").is_some());
        assert_eq!(body_difference("", b"raw", b"raw"), None);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let shown = quoted(Some(&"x".repeat(500)));
        assert!(shown.chars().count() < 90, "{shown}");
        let limit = "x".repeat(80);
        assert_eq!(preview(&limit), limit);
        assert_eq!(preview(&format!("{limit}y")), format!("{limit}…"));
        assert_eq!(listed(&[]), "none");
    }
}
