//! The error type every operation returns, and the trait generated per-operation error enums
//! implement so the runtime can decode declared error responses.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::runtime::redact::{Masks, RedactedHeaders};

/// Implemented by each operation's generated error enum: one variant per error response the
/// spec declares for that operation.
pub trait OperationError: Sized {
    /// Decodes a response whose status the spec declares as an error of this operation.
    /// Returns `None` when the spec declares nothing for `status`.
    fn decode(status: StatusCode, body: &[u8]) -> Option<Result<Self, DecodeError>>;
}

/// An operation that declares no error responses.
impl OperationError for std::convert::Infallible {
    fn decode(_: StatusCode, _: &[u8]) -> Option<Result<Self, DecodeError>> {
        None
    }
}

/// Why a body could not be decoded: the JSON path of the failing field and serde's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// JSON path of the value that failed (`.` for the root), e.g. `.tokens[2].id`.
    pub path: String,
    /// What was wrong with it.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

/// Decodes one JSON document, reporting the path of the first value that does not fit `T`.
/// Anything but whitespace after the document (trailing garbage, a second document) is an
/// error at path `.`.
///
/// The fast path is plain `serde_json`; only a body that fails is decoded a second time with
/// path tracking, which costs about a third more on large pages.
///
/// An empty body decodes as `null`: an optional body (a success status that may have none,
/// such as `204` beside `200`) is then `None`, and a required one fails saying so.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(|_| DecodeError {
            path: ".".to_owned(),
            message: "the body is empty; a JSON value was expected".to_owned(),
        });
    }
    serde_json::from_slice(body).or_else(|_| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            DecodeError {
                path,
                message: error.into_inner().to_string(),
            }
        })?;
        // The fast path failed, so if the document itself decoded, what follows it is why.
        deserializer.end().map_err(|error| DecodeError {
            path: ".".to_owned(),
            message: error.to_string(),
        })?;
        Ok(value)
    })
}

/// A response as it came off the wire: kept whole in every error so nothing is lost.
#[derive(Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers (request id, `Retry-After`, rate-limit headers, ...).
    pub headers: HeaderMap,
    /// The body, undecoded; for an error status, at most the first 64 KiB.
    pub body: Bytes,
    /// How many attempts were made, this one included.
    pub attempts: u32,
    /// The body may hold secrets (a success body of an operation returning tokens): `Debug`
    /// and error messages leave it out. `body` itself is intact.
    pub withhold_body: bool,
    /// The client's credential values, masked wherever the response is rendered (a server
    /// may echo one back in a body or header).
    pub(crate) masks: Masks,
}

impl RawResponse {
    /// Rate-limit information from the headers.
    pub fn rate_limit(&self) -> crate::runtime::rate_limit::RateLimit {
        crate::runtime::rate_limit::RateLimit::from_headers(&self.headers)
    }

    /// The id the server gave the request (`X-Request-Id` or `X-Zendesk-Request-Id`), to quote
    /// when asking the API's support about it.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.headers.get(*name)?.to_str().ok())
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// Why a URL-building operation (one whose URL a browser visits) could not build its URL.
/// Nothing is ever sent for such an operation, so nothing else can go wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: cannot build the URL: {reason}")]
pub struct UrlError {
    /// The operation id.
    pub operation: &'static str,
    /// What is wrong: a parameter out of bounds, or no server configured.
    pub reason: String,
}

/// Headers carrying the server's id for a request, in the order they are looked up:
/// the common `X-Request-Id`, then Zendesk's own `X-Zendesk-Request-Id`.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-zendesk-request-id"];

/// At most this many characters of a body appear in `Debug`/`Display` output.
const BODY_PREVIEW_CHARS: usize = 200;

fn preview(response: &RawResponse) -> String {
    if response.withhold_body {
        return format!(
            "<{} bytes withheld: the body may contain secrets>",
            response.body.len()
        );
    }
    // Enough bytes for the characters shown (at most 4 bytes each) plus a whole credential
    // starting among them, so masking sees every credential that could be shown.
    let window = BODY_PREVIEW_CHARS * 4 + response.masks.longest();
    let head = &response.body[..response.body.len().min(window)];
    let text = String::from_utf8_lossy(head);
    let text = response.masks.apply(&text);
    // Line breaks and other control characters become spaces: `Display` stays one line.
    let mut shown: String = text
        .chars()
        .take(BODY_PREVIEW_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > BODY_PREVIEW_CHARS || head.len() < response.body.len() {
        shown.push('…');
    }
    shown
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field(
                "headers",
                &RedactedHeaders {
                    headers: &self.headers,
                    masks: &self.masks,
                },
            )
            .field("body", &preview(self))
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// What was wrong with a response the client could not turn into the operation's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseProblem {
    /// The spec declares no response for this status.
    UndeclaredStatus,
    /// The status is declared but the body does not match its schema.
    InvalidBody(DecodeError),
}

impl fmt::Display for ResponseProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UndeclaredStatus => f.write_str("status not declared by the spec"),
            Self::InvalidBody(decode) => write!(f, "body does not match the spec {decode}"),
        }
    }
}

/// Everything that can go wrong calling one operation. `E` is the operation's generated enum
/// of declared error responses.
///
/// `Debug` and `Display` never show the client's credential values, even when the server
/// echoes one back (masked as `[REDACTED]`), nor cookies or authorization headers.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error response the spec declares; `error` is its typed
    /// body and `response` the raw one.
    #[error("{operation}: HTTP {}: {}", response.status, preview(response))]
    Api {
        /// The operation id.
        operation: &'static str,
        /// The decoded, declared error body.
        error: Box<E>,
        /// Status, headers and body as received.
        response: Box<RawResponse>,
    },
    /// A response the spec does not declare, or whose body does not match the declared schema.
    #[error("{operation}: unexpected response, HTTP {} ({}): {}", response.status, response.masks.apply(&problem.to_string()), preview(response))]
    UnexpectedResponse {
        /// The operation id.
        operation: &'static str,
        /// What did not fit.
        problem: ResponseProblem,
        /// Status, headers and body as received.
        response: Box<RawResponse>,
    },
    /// The request could not be sent or the response could not be read.
    #[error("{operation}: transport error after {attempts} attempt(s): {source}")]
    Transport {
        /// The operation id.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },
    /// A success response's body is larger than the client's limit (`max_response_body` on
    /// the client builder or the call). Reading stopped at the limit and the connection was
    /// closed; the call is not retried.
    #[error("{operation}: HTTP {status}: response body exceeds the limit of {limit} bytes; reading stopped")]
    BodyTooLarge {
        /// The operation id.
        operation: &'static str,
        /// HTTP status of the response.
        status: StatusCode,
        /// The limit that was crossed, in bytes.
        limit: usize,
        /// How many attempts were made, this one included.
        attempts: u32,
    },
    /// The client has none of the credentials this operation accepts; nothing was sent.
    #[error("{operation}: no credentials configured for this operation (it accepts {accepted})")]
    MissingCredentials {
        /// The operation id.
        operation: &'static str,
        /// The accepted security scheme combinations, e.g. `supportBasicAuth, or supportBearerAuth`.
        accepted: String,
    },
    /// A paginated listing cannot go on: the server repeated a cursor or next-page URL, or said
    /// there are more pages without saying where. Pages already yielded stay valid.
    #[error("{operation}: pagination stopped: {reason}")]
    Pagination {
        /// The operation id.
        operation: &'static str,
        /// What the server did.
        reason: String,
    },
    /// The request could not be built (for example a body that does not serialize); nothing
    /// was sent.
    #[error("{operation}: invalid request: {reason}")]
    InvalidRequest {
        /// The operation id.
        operation: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A renewable credential could not provide a token, or the server refused the renewed
    /// one: see [`crate::runtime::renewal::CredentialError`]. Holds no secret.
    #[error("{operation}: {source}")]
    Credential {
        /// The operation id.
        operation: &'static str,
        /// Why.
        source: crate::runtime::renewal::CredentialError,
    },
    /// An application hook ([`crate::runtime::hooks`]), or a middleware of the stack given to
    /// `ClientBuilder::middleware_client`, failed, and the call stopped there: after a failing
    /// request hook that attempt was not sent; nothing is retried.
    #[error("{operation}: hook failed on attempt {attempts}: {source}")]
    Hook {
        /// The operation id.
        operation: &'static str,
        /// The attempt whose hook failed, counting from 1.
        attempts: u32,
        /// The hook's error.
        #[source]
        source: crate::runtime::hooks::HookError,
    },
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api {
                operation,
                error,
                response,
            } => f
                .debug_struct("Api")
                .field("operation", operation)
                .field(
                    "error",
                    &MaskedDebug {
                        value: error,
                        masks: &response.masks,
                    },
                )
                .field("response", response)
                .finish(),
            Self::UnexpectedResponse {
                operation,
                problem,
                response,
            } => f
                .debug_struct("UnexpectedResponse")
                .field("operation", operation)
                .field(
                    "problem",
                    &MaskedDebug {
                        value: problem,
                        masks: &response.masks,
                    },
                )
                .field("response", response)
                .finish(),
            Self::Transport {
                operation,
                attempts,
                source,
            } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
            Self::BodyTooLarge {
                operation,
                status,
                limit,
                attempts,
            } => f
                .debug_struct("BodyTooLarge")
                .field("operation", operation)
                .field("status", status)
                .field("limit", limit)
                .field("attempts", attempts)
                .finish(),
            Self::MissingCredentials {
                operation,
                accepted,
            } => f
                .debug_struct("MissingCredentials")
                .field("operation", operation)
                .field("accepted", accepted)
                .finish(),
            Self::Pagination { operation, reason } => f
                .debug_struct("Pagination")
                .field("operation", operation)
                .field("reason", reason)
                .finish(),
            Self::InvalidRequest { operation, reason } => f
                .debug_struct("InvalidRequest")
                .field("operation", operation)
                .field("reason", reason)
                .finish(),
            Self::Credential { operation, source } => f
                .debug_struct("Credential")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Self::Hook {
                operation,
                attempts,
                source,
            } => f
                .debug_struct("Hook")
                .field("operation", operation)
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
        }
    }
}

/// `Debug` of a value decoded from a response, with the client's credential values masked.
struct MaskedDebug<'a, T> {
    value: &'a T,
    masks: &'a Masks,
}

impl<T: fmt::Debug> fmt::Debug for MaskedDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rendered = if f.alternate() {
            format!("{:#?}", self.value)
        } else {
            format!("{:?}", self.value)
        };
        f.write_str(&self.masks.apply(&rendered))
    }
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::BodyTooLarge { status, .. } => Some(*status),
            _ => self.response().map(|response| response.status),
        }
    }

    /// The response as received, when there was one.
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Self::Api { response, .. } | Self::UnexpectedResponse { response, .. } => {
                Some(response)
            }
            _ => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(|response| &response.headers)
    }

    /// The raw response body (at most its first 64 KiB), when a response was received.
    pub fn body(&self) -> Option<&Bytes> {
        self.response().map(|response| &response.body)
    }

    /// The id the server gave the request, when a response carried one; see
    /// [`RawResponse::request_id`].
    pub fn request_id(&self) -> Option<&str> {
        self.response().and_then(RawResponse::request_id)
    }

    /// How many attempts were made before giving up (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Api { response, .. } | Self::UnexpectedResponse { response, .. } => {
                response.attempts
            }
            Self::Transport { attempts, .. }
            | Self::BodyTooLarge { attempts, .. }
            | Self::Hook { attempts, .. } => *attempts,
            _ => 0,
        }
    }

    /// The typed error body, when the server sent a declared error response.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Self::Api { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }

    /// The typed error body, owned, when the server sent a declared error response.
    pub fn into_api_error(self) -> Option<E> {
        match self {
            Self::Api { error, .. } => Some(*error),
            _ => None,
        }
    }

    /// The operation id this error came from.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Api { operation, .. }
            | Self::UnexpectedResponse { operation, .. }
            | Self::Transport { operation, .. }
            | Self::BodyTooLarge { operation, .. }
            | Self::MissingCredentials { operation, .. }
            | Self::Pagination { operation, .. }
            | Self::InvalidRequest { operation, .. }
            | Self::Credential { operation, .. }
            | Self::Hook { operation, .. } => operation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        tokens: Vec<Token>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Token {
        id: i64,
    }

    #[test]
    fn decode_errors_name_the_json_path() {
        let error = decode_json::<Page>(br#"{"tokens":[{"id":1},{"id":"x"}]}"#).unwrap_err();
        assert_eq!(error.path, "tokens[1].id");
        assert!(error.message.contains("invalid type"), "{}", error.message);
    }

    #[test]
    fn an_empty_body_is_none_for_an_optional_body_and_an_error_otherwise() {
        assert!(decode_json::<Option<Page>>(b"").unwrap().is_none());
        assert!(decode_json::<Option<Page>>(b" \n").unwrap().is_none());
        let error = decode_json::<Page>(b"").unwrap_err();
        assert_eq!(error.path, ".");
        assert!(error.message.contains("empty"), "{}", error.message);
    }

    #[test]
    fn display_is_one_line_with_a_bounded_body() {
        let error: Error<std::convert::Infallible> = Error::UnexpectedResponse {
            operation: "ShowOAuthToken",
            problem: ResponseProblem::UndeclaredStatus,
            response: Box::new(RawResponse {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                headers: HeaderMap::new(),
                body: Bytes::from("<html>".repeat(100)),
                attempts: 1,
                withhold_body: false,
                masks: Masks::default(),
            }),
        };
        let shown = error.to_string();
        assert!(shown.starts_with("ShowOAuthToken: unexpected response, HTTP 500 Internal Server Error (status not declared by the spec): <html>"), "{shown}");
        assert!(!shown.contains('\n'));
        assert!(shown.chars().count() < 320, "{shown}");
        assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    }

    fn api_error(headers: HeaderMap) -> Error<u16> {
        Error::Api {
            operation: "ShowOAuthToken",
            error: Box::new(404),
            response: Box::new(RawResponse {
                status: StatusCode::NOT_FOUND,
                headers,
                body: Bytes::from_static(b"{}"),
                attempts: 2,
                withhold_body: false,
                masks: Masks::default(),
            }),
        }
    }

    #[test]
    fn errors_come_apart_without_matching() {
        let mut headers = HeaderMap::new();
        headers.insert("x-zendesk-request-id", "7a1c".parse().unwrap());
        let error = api_error(headers);
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.body().map(|body| &body[..]), Some(&b"{}"[..]));
        assert_eq!(error.headers().map(HeaderMap::len), Some(1));
        assert_eq!(error.request_id(), Some("7a1c"));
        assert_eq!(error.api_error(), Some(&404));
        assert_eq!(error.into_api_error(), Some(404));
    }

    #[test]
    fn the_common_request_id_header_comes_first() {
        let mut headers = HeaderMap::new();
        headers.insert("x-zendesk-request-id", "zendesk".parse().unwrap());
        headers.insert("x-request-id", "common".parse().unwrap());
        assert_eq!(api_error(headers).request_id(), Some("common"));
        assert_eq!(api_error(HeaderMap::new()).request_id(), None);
    }

    #[test]
    fn errors_without_a_response_have_none_of_its_parts() {
        let error: Error<u16> = Error::MissingCredentials {
            operation: "ShowOAuthToken",
            accepted: "supportBearerAuth".to_owned(),
        };
        assert!(error.headers().is_none() && error.body().is_none());
        assert_eq!(error.request_id(), None);
        assert_eq!(error.into_api_error(), None);
    }

    #[test]
    fn withheld_bodies_are_never_shown() {
        let error: Error<std::convert::Infallible> = Error::UnexpectedResponse {
            operation: "CreateOAuthToken",
            problem: ResponseProblem::UndeclaredStatus,
            response: Box::new(RawResponse {
                status: StatusCode::CREATED,
                headers: HeaderMap::new(),
                body: Bytes::from(r#"{"token":{"token":"FULL-SECRET"}}"#),
                attempts: 1,
                withhold_body: true,
                masks: Masks::default(),
            }),
        };
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("FULL-SECRET"), "{shown}");
        assert!(shown.contains("33 bytes withheld"), "{shown}");
    }
}
