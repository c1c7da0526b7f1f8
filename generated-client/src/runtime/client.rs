//! The client: the configured servers and credentials, the URLs of requests, and the entry
//! points generated builders call (`send_json`, `send_empty`, ...), which run the send path
//! (`transport`) and turn its response into the operation's result or a typed error.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use url::Url;

use crate::runtime::auth::Credential;
use crate::runtime::error::{
    decode_json, DecodeError, Error, OperationError, RawResponse, ResponseProblem, UrlError,
};
use crate::runtime::hooks::Hooks;
use crate::runtime::redact::{self, Masks};
use crate::runtime::request::Request;
use crate::runtime::response::Response;
use crate::runtime::retry::RetryPolicy;
use crate::runtime::sender::Sender;
use crate::runtime::statuses::Statuses;
use crate::runtime::transport::widen;

/// An async client for the spec's operations. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// What a built client holds, shared by its clones. Filled in by [`ClientBuilder::build`](crate::runtime::builder::ClientBuilder::build).
pub(crate) struct Inner {
    pub(crate) http: Sender,
    pub(crate) servers: BTreeMap<&'static str, Url>,
    /// The path each server's spec URL has after its host (`/sc`, `/api/v2`, or empty).
    pub(crate) spec_paths: BTreeMap<&'static str, &'static str>,
    pub(crate) credentials: BTreeMap<&'static str, Credential>,
    pub(crate) retry: RetryPolicy,
    /// Bounds each attempt unless the call sets its own.
    pub(crate) timeout: Duration,
    /// The largest success body accepted, unless the call sets its own.
    pub(crate) max_response_body: usize,
    /// The most pages one listing fetches.
    pub(crate) max_pages: u64,
    /// The credentials' secret values, masked in every rendering of a response.
    pub(crate) masks: Masks,
    /// Application code run on every attempt.
    pub(crate) hooks: Hooks,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("servers", &self.inner.servers)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("hooks", &self.inner.hooks)
            .finish()
    }
}

// The `#[doc(hidden)]` methods below are what generated builders call. They take a `Request`,
// which callers outside the crate cannot build, so they are not part of the public API.
impl Client {
    /// The full URL of `request`, without sending it.
    pub fn url<E>(&self, request: &Request) -> Result<Url, Error<E>> {
        self.full_url(request)
            .map_err(|UrlError { operation, reason }| Error::InvalidRequest { operation, reason })
    }

    /// The URL a browser is sent to, for an operation the client never sends itself. Fails
    /// as sending would: a parameter out of bounds, or no server configured.
    pub fn browser_url(&self, request: &Request) -> Result<Url, UrlError> {
        match &request.invalid {
            Some(reason) => Err(UrlError {
                operation: request.operation.id,
                reason: reason.clone(),
            }),
            None => self.full_url(request),
        }
    }

    fn full_url(&self, request: &Request) -> Result<Url, UrlError> {
        let operation = request.operation;
        let base = self
            .inner
            .servers
            .get(operation.server)
            .ok_or_else(|| UrlError {
                operation: operation.id,
                reason: format!("no server named `{}` is configured", operation.server),
            })?;
        let mut url = base.clone();
        let path = format!("{}{}", base.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }

    /// Splits a URL the server returned (for example a `next_page` link) into a path relative
    /// to `server` and its query, so it can be sent to the configured base URL. Fails when
    /// the URL is not under the server's path.
    pub(crate) fn relative_to_server(
        &self,
        server: &str,
        link: &str,
    ) -> Result<(String, Vec<(String, String)>), String> {
        let base = self
            .inner
            .servers
            .get(server)
            .ok_or_else(|| format!("no server named `{server}` is configured"))?;
        let url = base.join(link).map_err(|error| {
            let link = self.redacted(link);
            format!("the server returned an invalid link `{link}`: {error}")
        })?;
        let prefix = self
            .inner
            .spec_paths
            .get(server)
            .copied()
            .unwrap_or_default();
        let path = url
            .path()
            .strip_prefix(prefix)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .ok_or_else(|| {
                let link = self.redacted(link);
                format!("the link `{link}` is outside the server's path `{prefix}`")
            })?;
        let query = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok((path.to_owned(), query))
    }

    /// `text` from a server (a link, a cursor) as it may appear in an error: without a URL
    /// password or any of the client's credential values.
    pub(crate) fn redacted(&self, text: &str) -> String {
        self.inner
            .masks
            .apply(&redact::url_without_userinfo(text))
            .into_owned()
    }

    /// Sends `request`; a response with a status in `success` is decoded as JSON into `T`.
    #[doc(hidden)]
    pub fn send_json<T: DeserializeOwned, E: OperationError>(
        &self,
        request: Request,
        success: impl Into<Statuses>,
    ) -> impl Future<Output = Result<Response<T>, Error<E>>> {
        self.sending(request, success.into(), Json)
    }

    /// Sends `request`; a response with a status in `success` carries no body of interest.
    #[doc(hidden)]
    pub fn send_empty<E: OperationError>(
        &self,
        request: Request,
        success: impl Into<Statuses>,
    ) -> impl Future<Output = Result<Response<()>, Error<E>>> {
        self.sending(request, success.into(), Empty)
    }

    /// Sends `request`; a response with a status in `success` is returned as text.
    #[doc(hidden)]
    pub fn send_text<E: OperationError>(
        &self,
        request: Request,
        success: impl Into<Statuses>,
    ) -> impl Future<Output = Result<Response<String>, Error<E>>> {
        self.sending(request, success.into(), Text)
    }

    /// Sends `request`; a response with a status in `success` is returned as raw bytes
    /// (images, files, anything that is neither JSON nor text).
    #[doc(hidden)]
    pub fn send_bytes<E: OperationError>(
        &self,
        request: Request,
        success: impl Into<Statuses>,
    ) -> impl Future<Output = Result<Response<Bytes>, Error<E>>> {
        self.sending(request, success.into(), Raw)
    }

    /// The call of `request` as a future: the send path runs in one future type shared by
    /// every operation (see [`Sending`]).
    fn sending<T, E, D>(&self, request: Request, success: Statuses, decode: D) -> Sending<T, E, D> {
        Sending {
            operation: request.operation.id,
            call: self.call(request, success),
            success,
            decode,
            output: PhantomData,
        }
    }

    /// The send path of one call as a future that owns what it needs. Not generic (an async
    /// block in a generic function would be a distinct type for every instantiation).
    fn call(
        &self,
        request: Request,
        success: Statuses,
    ) -> BoxFuture<'static, Result<RawResponse, Error<Infallible>>> {
        let client = self.clone();
        Box::pin(async move { client.execute(request, success).await })
    }
}

/// The future of one call. Only its last step, turning the response into the operation's
/// body (decoded as `D` says) or error, is generic, and it is compiled where the call is
/// awaited: the send path itself is one boxed future compiled once, not an async state
/// machine per operation.
struct Sending<T, E, D> {
    call: BoxFuture<'static, Result<RawResponse, Error<Infallible>>>,
    operation: &'static str,
    success: Statuses,
    decode: D,
    output: PhantomData<fn() -> (T, E)>,
}

impl<T, E: OperationError, D: Decode<T> + Unpin> Future for Sending<T, E, D> {
    type Output = Result<Response<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let raw = match self.call.as_mut().poll(cx) {
            Poll::Ready(outcome) => outcome.map_err(widen)?,
            Poll::Pending => return Poll::Pending,
        };
        if !self.success.contains(raw.status.as_u16()) {
            return Poll::Ready(Err(error_response(self.operation, raw)));
        }
        Poll::Ready(match self.decode.decode(&raw.body) {
            Ok(body) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body,
                attempts: raw.attempts,
            }),
            Err(decode) => Err(Error::UnexpectedResponse {
                operation: self.operation,
                problem: ResponseProblem::InvalidBody(decode),
                response: Box::new(raw),
            }),
        })
    }
}

/// How a success body becomes the operation's `T`: one zero-sized type per way.
trait Decode<T> {
    fn decode(&self, body: &Bytes) -> Result<T, DecodeError>;
}

/// A JSON document.
struct Json;
/// No body of interest.
struct Empty;
/// Text, invalid UTF-8 replaced.
struct Text;
/// The bytes as received.
struct Raw;

impl<T: DeserializeOwned> Decode<T> for Json {
    fn decode(&self, body: &Bytes) -> Result<T, DecodeError> {
        decode_json(body)
    }
}

impl Decode<()> for Empty {
    fn decode(&self, _: &Bytes) -> Result<(), DecodeError> {
        Ok(())
    }
}

impl Decode<String> for Text {
    fn decode(&self, body: &Bytes) -> Result<String, DecodeError> {
        Ok(String::from_utf8_lossy(body).into_owned())
    }
}

impl Decode<Bytes> for Raw {
    fn decode(&self, body: &Bytes) -> Result<Bytes, DecodeError> {
        Ok(body.clone())
    }
}

/// Turns a non-success response into the operation's typed error, or an unexpected-response
/// error that keeps everything when the status or body is not what the spec declares.
pub(crate) fn error_response<E: OperationError>(
    operation: &'static str,
    raw: RawResponse,
) -> Error<E> {
    match E::decode(raw.status, &raw.body) {
        Some(Ok(error)) => Error::Api {
            operation,
            error: Box::new(error),
            response: Box::new(raw),
        },
        Some(Err(decode)) => Error::UnexpectedResponse {
            operation,
            problem: ResponseProblem::InvalidBody(decode),
            response: Box::new(raw),
        },
        None => Error::UnexpectedResponse {
            operation,
            problem: ResponseProblem::UndeclaredStatus,
            response: Box::new(raw),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::builder::tests::SERVERS;
    use crate::runtime::builder::ClientBuilder;
    use crate::runtime::request::Operation;
    use reqwest::Method;

    static SHOW: Operation = Operation {
        id: "Show",
        method: Method::GET,
        server: "chat",
        security: &[&["bearer"]],
        sensitive_response: false,
    };

    #[test]
    fn browser_urls_fail_with_their_own_error_as_sending_would() {
        let client = ClientBuilder::new(SERVERS).build().unwrap();
        let mut request = Request::new(&SHOW, "/oauth/authorize".to_owned());
        assert!(client.browser_url(&request).is_ok());
        request.check_range("page[size]", 0, Some(1), Some(100));
        let error = client.browser_url(&request).unwrap_err();
        assert_eq!(error.operation, "Show");
        assert!(error.reason.contains("page[size]"), "{error}");
        assert!(error
            .to_string()
            .starts_with("Show: cannot build the URL: "));
    }

    #[test]
    fn urls_keep_the_base_path_and_encode_the_query() {
        let client = ClientBuilder::new(SERVERS).build().unwrap();
        let mut request = Request::new(&SHOW, "/oauth/tokens/7".to_owned());
        request.query("page[size]", 10);
        request.query("q", "a&b");
        let url = client.url::<()>(&request).unwrap();
        assert_eq!(
            url.as_str(),
            "https://www.zopim.com/api/v2/oauth/tokens/7?page%5Bsize%5D=10&q=a%26b"
        );
    }

    #[test]
    fn text_bodies_are_decoded_lossily_and_raw_bodies_kept_as_received() {
        let body = Bytes::from_static(b"caf\xc3\xa9 \xff");
        assert_eq!(Text.decode(&body).unwrap(), "caf\u{e9} \u{fffd}");
        assert_eq!(Raw.decode(&body).unwrap(), body);
    }

    #[test]
    fn links_are_made_relative_to_the_configured_server() {
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:1234/proxy")
            .build()
            .unwrap();
        let (path, query) = client
            .relative_to_server(
                "chat",
                "https://www.zopim.com/api/v2/oauth/tokens?page=2&all=true",
            )
            .unwrap();
        assert_eq!(path, "/oauth/tokens");
        assert_eq!(
            query,
            vec![("page".into(), "2".into()), ("all".into(), "true".into())]
        );
        let error = client
            .relative_to_server("chat", "https://www.zopim.com/elsewhere?page=2")
            .unwrap_err();
        assert!(
            error.contains("outside the server's path `/api/v2`"),
            "{error}"
        );
    }
}
