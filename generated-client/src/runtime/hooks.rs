//! Request and response hooks: application code that runs on every attempt of every call
//! (extra headers, metrics, tracing) without touching the generated code.
//!
//! Where they run, per attempt:
//!
//! 1. the request is built from the operation (method, URL, parameters, body);
//! 2. each hook's [`Hook::on_request`] runs, in the order the hooks were added, and may change
//!    the request;
//! 3. the credentials are applied (a credential replaces an `Authorization` header a hook set);
//! 4. the request is sent and the response read within the body limits;
//! 5. each hook's [`Hook::on_response`] sees the outcome, in the same order.
//!
//! Hooks run before the credentials so that no secret of the client's ever reaches them: a
//! hook that logs the whole request logs no token, API key or password. A hook that adds its
//! own `Authorization` header does so by choice (the operation's credential, when one is
//! configured, replaces it). The response a hook sees is its status and headers, never the
//! URL, which may carry an API key.
//!
//! Every attempt goes through the hooks: retries, and the resend after a renewable token was
//! refreshed. A hook that fails ends the call with [`Error::Hook`](crate::runtime::error::Error):
//! nothing is sent after a failing `on_request`, and a failing `on_response` is not retried.

use std::fmt;
use std::time::Duration;

use futures::future;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// The future a [`Hook`] method returns (`futures`' `BoxFuture`, re-exported so that an
/// implementation needs no `futures` dependency of its own).
pub use futures::future::BoxFuture;

/// Why a hook failed: any error the application's code returns.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// Code that runs on every attempt of every call, before it is sent and after its outcome is
/// known. Add one with `ClientBuilder::hook`, or a closure with `ClientBuilder::on_request` /
/// `ClientBuilder::on_response`.
///
/// Both methods do nothing by default. They are async so that a hook may wait (for a
/// signing key, a rate limiter); the time they take counts against the call's deadline
/// (`RetryPolicy::total_timeout`), and a request hook's against the attempt's timeout too.
pub trait Hook: Send + Sync {
    /// Runs before an attempt is sent, with the request as the operation built it, before
    /// credentials are applied. It may add or change headers, the URL, the body.
    fn on_request<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        info: &'a RequestInfo,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        let _ = (request, info);
        Box::pin(future::ready(Ok(())))
    }

    /// Runs once an attempt has an outcome: a response (its body read), or a failure.
    fn on_response<'a>(
        &'a self,
        outcome: &'a AttemptOutcome<'a>,
        info: &'a ResponseInfo,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        let _ = (outcome, info);
        Box::pin(future::ready(Ok(())))
    }
}

/// The attempt a request hook runs for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RequestInfo {
    /// The operation id (`ShowToken`).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Which attempt of the call this is, from 1.
    pub attempt: u32,
    /// Time since the call started (earlier attempts and waits included).
    pub elapsed: Duration,
}

/// The attempt a response hook runs for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseInfo {
    /// The operation id (`ShowToken`).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Which attempt of the call this is, from 1.
    pub attempt: u32,
    /// Time since the call started (earlier attempts and waits included).
    pub elapsed: Duration,
    /// Time this attempt took, from the request hooks to the end of the body.
    pub attempt_duration: Duration,
}

/// How one attempt ended, as a response hook sees it.
#[derive(Debug)]
#[non_exhaustive]
pub enum AttemptOutcome<'a> {
    /// The server answered, and the body was read (an error body up to 64 KiB).
    Response {
        /// The status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
    },
    /// A success body was larger than the limit; reading stopped.
    BodyTooLarge {
        /// The status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request could not be sent or the response not read (connection, timeout). Its
    /// message quotes no URL that holds an API key.
    Transport(&'a reqwest::Error),
}

impl AttemptOutcome<'_> {
    /// The status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Response { status, .. } | Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(_) => None,
        }
    }
}

/// A hook made of a closure that runs before each attempt.
pub(crate) struct RequestFn<F>(pub(crate) F);

impl<F> Hook for RequestFn<F>
where
    F: Fn(&mut reqwest::Request, &RequestInfo) -> Result<(), HookError> + Send + Sync,
{
    fn on_request<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        info: &'a RequestInfo,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(future::ready((self.0)(request, info)))
    }
}

/// A hook made of a closure that runs after each attempt.
pub(crate) struct ResponseFn<F>(pub(crate) F);

impl<F> Hook for ResponseFn<F>
where
    F: Fn(&AttemptOutcome<'_>, &ResponseInfo) -> Result<(), HookError> + Send + Sync,
{
    fn on_response<'a>(
        &'a self,
        outcome: &'a AttemptOutcome<'a>,
        info: &'a ResponseInfo,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(future::ready((self.0)(outcome, info)))
    }
}

/// The hooks of a client, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<std::sync::Arc<dyn Hook>>);

impl Hooks {
    /// Runs every request hook in order; the first failure stops the others.
    pub(crate) async fn on_request(
        &self,
        request: &mut reqwest::Request,
        info: &RequestInfo,
    ) -> Result<(), HookError> {
        for hook in &self.0 {
            hook.on_request(request, info).await?;
        }
        Ok(())
    }

    /// Runs every response hook in order; the first failure stops the others.
    pub(crate) async fn on_response(
        &self,
        outcome: &AttemptOutcome<'_>,
        info: &ResponseInfo,
    ) -> Result<(), HookError> {
        for hook in &self.0 {
            hook.on_response(outcome, info).await?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    fn request_info() -> RequestInfo {
        RequestInfo {
            operation: "Show",
            method: Method::GET,
            attempt: 2,
            elapsed: Duration::ZERO,
        }
    }

    /// A request hook that records `name` and fails when `fails`.
    fn recording(log: &Arc<Mutex<Vec<String>>>, name: &'static str, fails: bool) -> Arc<dyn Hook> {
        let log = Arc::clone(log);
        Arc::new(RequestFn(
            move |request: &mut reqwest::Request, info: &RequestInfo| {
                log.lock().unwrap().push(format!("{name}@{}", info.attempt));
                request
                    .headers_mut()
                    .append("x-hooks", name.parse().unwrap());
                if fails {
                    Err(format!("{name} failed").into())
                } else {
                    Ok(())
                }
            },
        ))
    }

    #[tokio::test]
    async fn hooks_run_in_order_and_the_first_failure_stops_the_rest() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let hooks = Hooks(vec![
            recording(&log, "first", false),
            recording(&log, "second", true),
            recording(&log, "third", false),
        ]);
        let mut request = reqwest::Client::new()
            .get("http://127.0.0.1:9/")
            .build()
            .unwrap();
        let error = hooks
            .on_request(&mut request, &request_info())
            .await
            .unwrap_err();
        assert_eq!(error.to_string(), "second failed");
        assert_eq!(*log.lock().unwrap(), ["first@2", "second@2"]);
        // What a client's or a builder's `Debug` shows of them.
        assert_eq!(format!("{hooks:?}"), "3 hook(s)");
        let seen: Vec<_> = request.headers().get_all("x-hooks").iter().collect();
        assert_eq!(seen, ["first", "second"]);
    }

    #[tokio::test]
    async fn a_request_hook_ignores_responses_and_a_response_hook_requests() {
        let calls = Arc::new(Mutex::new(0));
        let counted = Arc::clone(&calls);
        let hooks = Hooks(vec![Arc::new(ResponseFn(
            move |outcome: &AttemptOutcome<'_>, info: &ResponseInfo| {
                assert_eq!((outcome.status(), info.attempt), (Some(StatusCode::OK), 1));
                *counted.lock().unwrap() += 1;
                Ok(())
            },
        ))]);
        let mut request = reqwest::Client::new()
            .get("http://127.0.0.1:9/")
            .build()
            .unwrap();
        hooks
            .on_request(&mut request, &request_info())
            .await
            .unwrap();
        let headers = HeaderMap::new();
        let outcome = AttemptOutcome::Response {
            status: StatusCode::OK,
            headers: &headers,
        };
        let info = ResponseInfo {
            operation: "Show",
            method: Method::GET,
            attempt: 1,
            elapsed: Duration::ZERO,
            attempt_duration: Duration::ZERO,
        };
        hooks.on_response(&outcome, &info).await.unwrap();
        assert_eq!(*calls.lock().unwrap(), 1);
        let too_large = AttemptOutcome::BodyTooLarge {
            status: StatusCode::CREATED,
            limit: 1,
        };
        assert_eq!(too_large.status(), Some(StatusCode::CREATED));
    }
}
