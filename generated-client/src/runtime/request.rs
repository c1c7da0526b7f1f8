//! What a generated builder hands the runtime: the operation's static description and the
//! request's path, query and body.

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::multipart::Multipart;
use crate::runtime::params::{has_dot_segment, layout, simple, simple_exploded, Style};
use crate::runtime::settings::CallOptions;

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

impl Operation {
    /// An operation sent with `method`, without credentials, whose success body holds no
    /// secret; [`security`](Self::security) and [`sensitive_response`](Self::sensitive_response)
    /// say otherwise.
    pub const fn new(id: &'static str, method: Method, server: &'static str) -> Self {
        Self {
            id,
            method,
            server,
            security: &[],
            sensitive_response: false,
        }
    }

    /// `GET` operation `id` on `server`.
    pub const fn get(id: &'static str, server: &'static str) -> Self {
        Self::new(id, Method::GET, server)
    }

    /// `PUT` operation `id` on `server`.
    pub const fn put(id: &'static str, server: &'static str) -> Self {
        Self::new(id, Method::PUT, server)
    }

    /// `POST` operation `id` on `server`.
    pub const fn post(id: &'static str, server: &'static str) -> Self {
        Self::new(id, Method::POST, server)
    }

    /// `DELETE` operation `id` on `server`.
    pub const fn delete(id: &'static str, server: &'static str) -> Self {
        Self::new(id, Method::DELETE, server)
    }

    /// `PATCH` operation `id` on `server`.
    pub const fn patch(id: &'static str, server: &'static str) -> Self {
        Self::new(id, Method::PATCH, server)
    }

    /// The security scheme combinations the operation accepts.
    pub const fn security(mut self, alternatives: &'static [&'static [&'static str]]) -> Self {
        self.security = alternatives;
        self
    }

    /// Marks the success body as holding secrets.
    pub const fn sensitive_response(mut self) -> Self {
        self.sensitive_response = true;
        self
    }
}

/// One request, filled in by a generated builder.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    /// Header parameters, validated.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Cookie parameters, sent as one `Cookie` header.
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// `Content-Type` of `body`.
    pub(crate) content_type: String,
    /// Why the request must not be sent (a parameter out of bounds, a body that does not
    /// serialize); reported as `Error::InvalidRequest` before anything goes on the wire.
    pub(crate) invalid: Option<String>,
    /// Overrides of the client's settings for this call.
    pub(crate) options: CallOptions,
}

impl Request {
    /// A request for `operation` at `path` (already expanded and encoded, relative to the
    /// operation's server). A path with a `.` or `..` segment (a path parameter that is `.`
    /// or `..`, or an empty `label`) would address another resource: it is never sent.
    pub fn new(operation: &'static Operation, path: String) -> Self {
        let invalid = has_dot_segment(&path).then(|| {
            format!("the path `{path}` has a `.` or `..` segment, which URLs resolve away: a path parameter is `.`, `..` or an empty label")
        });
        Self {
            operation,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            content_type: String::new(),
            invalid,
            options: CallOptions::default(),
        }
    }

    /// Applies per-call options set on a builder.
    pub fn options(&mut self, options: &CallOptions) {
        self.options.clone_from(options);
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

    /// Records that parameter `name` is outside the bounds the spec declares. An unset
    /// optional parameter (`None`) is within any bounds. `T` is `i64` (also for `i32`
    /// values), or `u64` / `i128` for integers whose bounds go beyond `i64`.
    pub fn check_range<T: PartialOrd + Display + Copy>(
        &mut self,
        name: &str,
        value: impl Into<Option<T>>,
        minimum: Option<T>,
        maximum: Option<T>,
    ) {
        let Some(value) = value.into() else {
            return;
        };
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
            Ok(bytes) => {
                self.body = Some(bytes);
                self.content_type = "application/json".to_owned();
            }
            Err(error) => self.reject(format!("request body does not serialize: {error}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object's fields (nested
    /// values are sent as JSON text).
    pub fn form_body(&mut self, body: &impl Serialize) {
        match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                for (name, value) in &fields {
                    let items = match value {
                        Value::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    for item in items {
                        match item {
                            Value::Null => {}
                            Value::Object(_) | Value::Array(_) => {
                                form.append_pair(name, &item.to_string());
                            }
                            scalar => {
                                form.append_pair(name, &simple(scalar));
                            }
                        }
                    }
                }
                self.body = Some(form.finish().into_bytes());
                self.content_type = "application/x-www-form-urlencoded".to_owned();
            }
            Ok(_) => self.reject("a form body must be an object".to_owned()),
            Err(error) => self.reject(format!("request body does not serialize: {error}")),
        }
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart_body(&mut self, form: Multipart) {
        let (content_type, body) = form.encode();
        self.body = Some(body);
        self.content_type = content_type;
    }

    /// Sets a raw body with its content type (`application/octet-stream`, ...).
    pub fn bytes_body(&mut self, body: &[u8], content_type: &str) {
        self.body = Some(body.to_vec());
        self.content_type = content_type.to_owned();
    }

    /// Appends a query parameter that is not a plain value (an object, an array laid out by
    /// `style`, a union), following OpenAPI's `style` and `explode`.
    pub fn query_serialized(&mut self, name: &str, value: &impl Serialize, style: Style) {
        match serde_json::to_value(value) {
            Ok(value) => self.query.extend(layout(name, &value, style)),
            Err(error) => self.reject(format!("`{name}` does not serialize: {error}")),
        }
    }

    /// Sets a header parameter. A name or value that cannot be a header makes the request
    /// invalid (nothing is sent).
    pub fn header(&mut self, name: &str, value: &impl Serialize) {
        self.header_laid_out(name, value, simple);
    }

    /// Sets a header parameter declared with `explode: true`: an object is sent as
    /// `R=100,G=200` rather than `R,100,G,200`.
    pub fn header_exploded(&mut self, name: &str, value: &impl Serialize) {
        self.header_laid_out(name, value, simple_exploded);
    }

    fn header_laid_out(
        &mut self,
        name: &str,
        value: &impl Serialize,
        lay_out: fn(&Value) -> String,
    ) {
        let text = match serde_json::to_value(value) {
            Ok(value) => lay_out(&value),
            Err(error) => return self.reject(format!("`{name}` does not serialize: {error}")),
        };
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&text),
        ) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.reject(format!(
                "header parameter `{name}` is not a valid header value"
            )),
        }
    }

    /// Sets a cookie parameter.
    pub fn cookie(&mut self, name: &str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(value) => self.cookies.push((name.to_owned(), simple(&value))),
            Err(error) => self.reject(format!("`{name}` does not serialize: {error}")),
        }
    }

    /// The `Cookie` header for the cookie parameters, if any.
    pub(crate) fn cookie_header(&self) -> Option<HeaderValue> {
        if self.cookies.is_empty() {
            return None;
        }
        let text = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, COOKIE_VALUE)))
            .collect::<Vec<_>>()
            .join("; ");
        HeaderValue::from_str(&text).ok()
    }

    /// Records why the request must not be sent (the first reason wins).
    fn reject(&mut self, reason: String) {
        if self.invalid.is_none() {
            self.invalid = Some(reason);
        }
    }
}

/// Characters escaped in a cookie value.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');
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
    fn unset_optional_parameters_are_within_any_bounds() {
        let mut request = Request::new(&OPERATION, "/".to_owned());
        request.check_range("page[size]", None, Some(1), Some(100));
        assert_eq!(request.invalid, None);
        request.check_range("page[size]", Some(0), Some(1), None);
        assert_eq!(
            request.invalid.as_deref(),
            Some("`page[size]` is 0; the API accepts at least 1")
        );
    }

    #[test]
    fn operations_built_in_constants_match_their_spec() {
        const SHOW: Operation = Operation::get("show", "api");
        const CREATE: Operation = Operation::post("create", "api")
            .security(&[&["basic"], &["bearer"]])
            .sensitive_response();
        let (show, create) = (SHOW, CREATE);
        assert_eq!(
            (show.id, &show.method, show.server),
            ("show", &Method::GET, "api")
        );
        assert!(show.security.is_empty() && !show.sensitive_response);
        assert_eq!(create.method, Method::POST);
        assert_eq!(create.security, &[&["basic"][..], &["bearer"][..]]);
        assert!(create.sensitive_response);
        let methods = [
            Operation::put("a", "s").method,
            Operation::delete("a", "s").method,
            Operation::patch("a", "s").method,
            Operation::new("a", Method::HEAD, "s").method,
        ];
        assert_eq!(
            methods,
            [Method::PUT, Method::DELETE, Method::PATCH, Method::HEAD]
        );
    }

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
    fn headers_and_cookies_are_checked() {
        let mut request = Request::new(&OPERATION, "/".to_owned());
        request.header("X-Trace", &"abc");
        request.cookie("session", &"a b;c");
        // `%` is escaped too, so a value that looks percent-encoded arrives as it was given.
        request.cookie("theme", &"100%2C,\"\\");
        assert_eq!(request.headers.len(), 1);
        assert_eq!(
            request.cookie_header().unwrap().to_str().unwrap(),
            "session=a%20b%3Bc; theme=100%252C%2C%22%5C"
        );
        assert_eq!(request.invalid, None);
        request.header("X-Evil", &"a\r\nb");
        assert!(request.invalid.is_some());
    }

    #[test]
    fn paths_with_dot_segments_are_never_sent() {
        for path in ["/users/%2E%2E/admin", "/users/.", "/files/.%2e"] {
            let request = Request::new(&OPERATION, path.to_owned());
            let reason = request.invalid.unwrap_or_default();
            assert!(reason.contains("`.` or `..` segment"), "{path}: {reason}");
        }
        assert_eq!(
            Request::new(&OPERATION, "/users/.x;id=.".to_owned()).invalid,
            None
        );
    }

    #[test]
    fn exploded_headers_write_objects_as_assignments() {
        let mut request = Request::new(&OPERATION, "/".to_owned());
        let color = serde_json::json!({"G": 200, "R": 100});
        request.header("X-Color", &color);
        request.header_exploded("X-Color-Exploded", &color);
        let values: Vec<_> = request
            .headers
            .iter()
            .map(|(_, value)| value.to_str().unwrap())
            .collect();
        assert_eq!(values, ["G,200,R,100", "G=200,R=100"]);
    }

    #[test]
    fn form_bodies_are_urlencoded() {
        let mut request = Request::new(&OPERATION, "/".to_owned());
        request.form_body(&serde_json::json!({"a": "x y", "b": [1, 2], "c": {"d": 1}}));
        assert_eq!(
            request.body.as_deref(),
            Some(&b"a=x+y&b=1&b=2&c=%7B%22d%22%3A1%7D"[..])
        );
        assert_eq!(request.content_type, "application/x-www-form-urlencoded");
    }
}
