//! The send path: one call, attempt after attempt under the retry policy and the deadline,
//! each attempt built from the request, sent, and its response read within bounds.

use std::convert::Infallible;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use url::Url;

use crate::runtime::auth::{self, Credential};
use crate::runtime::body::{read_at_most, read_truncated, BodyLimits, ERROR_BODY_LIMIT};
use crate::runtime::client::Client;
use crate::runtime::error::{Error, RawResponse};
use crate::runtime::hooks::{AttemptOutcome, HookError, RequestInfo, ResponseInfo};
use crate::runtime::redact::Masks;
use crate::runtime::renewal::Renewal;
use crate::runtime::request::{Operation, Request};
use crate::runtime::retry;
use crate::runtime::sender::SendError;
use crate::runtime::statuses::Statuses;

/// Why one attempt produced no response to return.
#[derive(Debug)]
pub(crate) enum AttemptError {
    /// Sending or reading failed.
    Transport(reqwest::Error),
    /// The success body is larger than the limit; reading stopped at the limit.
    BodyTooLarge { status: StatusCode, limit: usize },
    /// An application hook failed.
    Hook(HookError),
}

/// What every attempt of one call shares.
struct Call<'a> {
    request: &'a Request,
    url: Url,
    credentials: Vec<&'a Credential>,
    /// Applying the credentials puts a secret into the URL (an API key in the query).
    secret_in_url: bool,
    /// The body's media type, checked once for all attempts.
    content_type: Option<HeaderValue>,
    success: Statuses,
    limits: BodyLimits,
    started: Instant,
    deadline: Option<Instant>,
}

impl Client {
    /// Runs one call: checks it can be sent, then sends attempts until one gives a final
    /// outcome, the retry policy gives up, or the deadline would pass. With a renewable token,
    /// a `401` renews it and the next attempt resends, once, whatever the retry policy (the
    /// server did not act on a request it refused to authenticate): one sequence of attempts,
    /// counted and bounded by the deadline together.
    ///
    /// Not generic over the operation's error type (no failure here holds one; see
    /// [`widen`]): the whole loop is compiled once, not once per operation.
    pub(crate) async fn execute(
        &self,
        request: Request,
        success: Statuses,
    ) -> Result<RawResponse, Error<Infallible>> {
        let request = &request;
        let operation = request.operation;
        if let Some(reason) = &request.invalid {
            return Err(Error::InvalidRequest {
                operation: operation.id,
                reason: reason.clone(),
            });
        }
        let credentials =
            auth::select(&self.inner.credentials, operation.security).ok_or_else(|| {
                Error::MissingCredentials {
                    operation: operation.id,
                    accepted: auth::describe(operation.security),
                }
            })?;
        let credential_error = |source| Error::Credential {
            operation: operation.id,
            source,
        };
        let policy = request.options.retry.as_ref().unwrap_or(&self.inner.retry);
        let started = Instant::now();
        let call = Call {
            request,
            url: self.url(request)?,
            secret_in_url: credentials.iter().any(|credential| credential.in_url()),
            credentials,
            content_type: content_type(request)?,
            success,
            limits: BodyLimits {
                success: request
                    .options
                    .max_response_body
                    .unwrap_or(self.inner.max_response_body),
                sensitive: operation.sensitive_response,
            },
            started,
            // A deadline too far away to represent is no deadline at all.
            deadline: policy
                .deadline()
                .and_then(|total| started.checked_add(total)),
        };
        // Once the call is known to be sendable; a refresh counts against its deadline.
        let mut renewal = Renewal::start(&call.credentials)
            .await
            .map_err(credential_error)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.send_attempt(&call, attempt).await;
            if let (Some(renewal), Ok(raw)) = (&mut renewal, &outcome) {
                if raw.status == StatusCode::UNAUTHORIZED {
                    renewal
                        .after_unauthorized(operation.id)
                        .await
                        .map_err(credential_error)?;
                    continue;
                }
            }
            let retry_after = match &outcome {
                Ok(raw) if retry::is_retryable_status(raw.status) => {
                    retry::retry_after(&raw.headers, SystemTime::now())
                }
                Err(AttemptError::Transport(error)) if retry::is_retryable_transport(error) => None,
                _ => return finish(operation, outcome, attempt, started, &self.inner.masks),
            };
            let delay = if policy.allows(&operation.method) {
                policy.delay(attempt, retry_after, fastrand::f64())
            } else {
                None
            };
            // A wait that would end past the deadline, or too far away to represent, is not
            // worth starting.
            let within_deadline = |delay: Duration| {
                call.deadline.is_none_or(|deadline| {
                    Instant::now()
                        .checked_add(delay)
                        .is_some_and(|resumed| resumed < deadline)
                })
            };
            match delay {
                Some(delay) if within_deadline(delay) => {
                    tracing::warn!(
                        operation = operation.id,
                        attempt,
                        status = outcome.as_ref().ok().map(|raw| raw.status.as_u16()),
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                _ => return finish(operation, outcome, attempt, started, &self.inner.masks),
            }
        }
    }

    /// One attempt: the request built, the request hooks, the credentials, sending and
    /// reading the response, the response hooks.
    async fn send_attempt(
        &self,
        call: &Call<'_>,
        attempt: u32,
    ) -> Result<RawResponse, AttemptError> {
        let operation = call.request.operation;
        let attempt_started = Instant::now();
        let mut http_request = prepare(call.request, &call.url, call.content_type.as_ref());
        let info = RequestInfo {
            operation: operation.id,
            method: operation.method.clone(),
            attempt,
            elapsed: call.started.elapsed(),
        };
        self.inner
            .hooks
            .on_request(&mut http_request, &info)
            .await
            .map_err(AttemptError::Hook)?;
        // After the hooks: they never see a credential (see `runtime::hooks`).
        for credential in &call.credentials {
            credential.apply(&mut http_request);
        }
        // Set last, so that the time request hooks took counts against the deadline.
        *http_request.timeout_mut() = Some(self.attempt_timeout(call.request, call.deadline));
        let sent = self.inner.http.send(http_request);
        let outcome = receive(sent, call.success, attempt, call.limits, &self.inner.masks)
            .await
            .map_err(|error| match error {
                // reqwest quotes the URL in its errors: not when it holds an API key.
                AttemptError::Transport(error) if call.secret_in_url => {
                    AttemptError::Transport(error.without_url())
                }
                other => other,
            });
        let seen = match &outcome {
            Ok(raw) => AttemptOutcome::Response {
                status: raw.status,
                headers: &raw.headers,
            },
            Err(AttemptError::Transport(error)) => AttemptOutcome::Transport(error),
            Err(AttemptError::BodyTooLarge { status, limit }) => AttemptOutcome::BodyTooLarge {
                status: *status,
                limit: *limit,
            },
            // A middleware failed: the call ends with its error, there is no outcome to show.
            Err(AttemptError::Hook(_)) => return outcome,
        };
        let info = ResponseInfo {
            operation: operation.id,
            method: operation.method.clone(),
            attempt,
            elapsed: call.started.elapsed(),
            attempt_duration: attempt_started.elapsed(),
        };
        self.inner
            .hooks
            .on_response(&seen, &info)
            .await
            .map_err(AttemptError::Hook)?;
        outcome
    }

    /// The timeout of the next attempt. A per-request timeout replaces the client's in reqwest,
    /// so this is the effective one (the call's, else the client's) bounded by what is left of
    /// the deadline.
    fn attempt_timeout(&self, request: &Request, deadline: Option<Instant>) -> Duration {
        let per_attempt = request.options.timeout.unwrap_or(self.inner.timeout);
        match deadline {
            Some(deadline) => per_attempt.min(deadline.saturating_duration_since(Instant::now())),
            None => per_attempt,
        }
    }
}

/// One attempt of `request` as reqwest will send it, before hooks and credentials: method,
/// URL, header and cookie parameters, body (with `content_type`, see [`content_type`]).
pub(crate) fn prepare(
    request: &Request,
    url: &Url,
    content_type: Option<&HeaderValue>,
) -> reqwest::Request {
    let mut prepared = reqwest::Request::new(request.operation.method.clone(), url.clone());
    let headers = prepared.headers_mut();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    for (name, value) in &request.headers {
        headers.append(name.clone(), value.clone());
    }
    if let Some(cookies) = request.cookie_header() {
        headers.append(COOKIE, cookies);
    }
    if let Some(body) = &request.body {
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        *prepared.body_mut() = Some(body.clone().into());
    }
    prepared
}

/// Waits for the response of one attempt and reads it: a success body up to
/// `limits.success` bytes (failing beyond), at most `ERROR_BODY_LIMIT` bytes of any other
/// body (cutting the rest).
async fn receive(
    sent: impl Future<Output = Result<reqwest::Response, SendError>>,
    success: Statuses,
    attempts: u32,
    limits: BodyLimits,
    masks: &Masks,
) -> Result<RawResponse, AttemptError> {
    let mut response = sent.await.map_err(|error| match error {
        SendError::Transport(error) => AttemptError::Transport(error),
        SendError::Middleware(error) => AttemptError::Hook(error),
    })?;
    let status = response.status();
    let is_success = success.contains(status.as_u16());
    let body = if is_success {
        match read_at_most(&mut response, limits.success).await {
            Ok(Some(body)) => body,
            Ok(None) => {
                // Dropping `response` here closes the connection: the rest is never read.
                return Err(AttemptError::BodyTooLarge {
                    status,
                    limit: limits.success,
                });
            }
            Err(error) => return Err(AttemptError::Transport(error)),
        }
    } else {
        read_truncated(&mut response, ERROR_BODY_LIMIT)
            .await
            .map_err(AttemptError::Transport)?
    };
    Ok(RawResponse {
        status,
        headers: response.headers().clone(),
        body: body.into(),
        attempts,
        withhold_body: is_success && limits.sensitive,
        masks: masks.clone(),
    })
}

/// The header value of the request body's media type, when it has a body.
pub(crate) fn content_type<E>(request: &Request) -> Result<Option<HeaderValue>, Error<E>> {
    if request.body.is_none() {
        return Ok(None);
    }
    HeaderValue::from_str(&request.content_type)
        .map(Some)
        .map_err(|_| Error::InvalidRequest {
            operation: request.operation.id,
            reason: format!(
                "the media type `{}` cannot be sent as a header",
                request.content_type.escape_debug()
            ),
        })
}

/// A failure of the send path as the error of an operation whose declared errors are `E`:
/// the same variant, which holds none of them.
pub(crate) fn widen<E>(error: Error<Infallible>) -> Error<E> {
    match error {
        Error::Api { error, .. } => match *error {},
        Error::UnexpectedResponse {
            operation,
            problem,
            response,
        } => Error::UnexpectedResponse {
            operation,
            problem,
            response,
        },
        Error::Transport {
            operation,
            attempts,
            source,
        } => Error::Transport {
            operation,
            attempts,
            source,
        },
        Error::BodyTooLarge {
            operation,
            status,
            limit,
            attempts,
        } => Error::BodyTooLarge {
            operation,
            status,
            limit,
            attempts,
        },
        Error::MissingCredentials {
            operation,
            accepted,
        } => Error::MissingCredentials {
            operation,
            accepted,
        },
        Error::Pagination { operation, reason } => Error::Pagination { operation, reason },
        Error::InvalidRequest { operation, reason } => Error::InvalidRequest { operation, reason },
        Error::Credential { operation, source } => Error::Credential { operation, source },
        Error::Hook {
            operation,
            attempts,
            source,
        } => Error::Hook {
            operation,
            attempts,
            source,
        },
    }
}

/// Logs the end of a call and turns a failed attempt into the operation's error.
fn finish(
    operation: &'static Operation,
    outcome: Result<RawResponse, AttemptError>,
    attempts: u32,
    started: Instant,
    masks: &Masks,
) -> Result<RawResponse, Error<Infallible>> {
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(raw) => {
            tracing::info!(
                operation = operation.id,
                method = %operation.method,
                status = raw.status.as_u16(),
                attempts,
                duration_ms,
                "request finished"
            );
            Ok(raw)
        }
        Err(AttemptError::Transport(source)) => {
            tracing::info!(
                operation = operation.id,
                method = %operation.method,
                attempts,
                duration_ms,
                error = %source,
                "request failed"
            );
            Err(Error::Transport {
                operation: operation.id,
                attempts,
                source,
            })
        }
        Err(AttemptError::BodyTooLarge { status, limit }) => {
            tracing::info!(
                operation = operation.id,
                method = %operation.method,
                status = status.as_u16(),
                attempts,
                duration_ms,
                limit,
                "response body too large"
            );
            Err(Error::BodyTooLarge {
                operation: operation.id,
                status,
                limit,
                attempts,
            })
        }
        Err(AttemptError::Hook(source)) => {
            tracing::info!(
                operation = operation.id,
                method = %operation.method,
                attempts,
                duration_ms,
                // The application's message: it may quote a header a server echoed.
                error = %masks.apply(&source.to_string()),
                "request stopped by a hook"
            );
            Err(Error::Hook {
                operation: operation.id,
                attempts,
                source,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::runtime::auth::Credential;
    use crate::runtime::builder::tests::SERVERS;
    use crate::runtime::builder::ClientBuilder;
    use crate::runtime::error::Error;
    use crate::runtime::request::{Operation, Request};
    use crate::runtime::retry::RetryPolicy;
    use reqwest::Method;

    static SHOW: Operation = Operation {
        id: "Show",
        method: Method::GET,
        server: "chat",
        security: &[&["bearer"]],
        sensitive_response: false,
    };

    #[tokio::test]
    async fn missing_credentials_fail_before_sending() {
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:9")
            .build()
            .unwrap();
        let request = Request::new(&SHOW, "/x".to_owned());
        let error = client
            .send_empty::<std::convert::Infallible>(request, &[200])
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::MissingCredentials { operation: "Show", ref accepted } if accepted == "bearer"),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn api_keys_in_the_query_stay_out_of_transport_errors() {
        // Nothing listens on port 9 (discard): the connection is refused at once.
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:9")
            .credential(
                "bearer",
                Credential::api_key(
                    crate::runtime::auth::ApiKeyLocation::Query,
                    "api_key",
                    "s3cr3t-key",
                ),
            )
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        let request = Request::new(&SHOW, "/x".to_owned());
        let error = client
            .send_empty::<std::convert::Infallible>(request, &[200])
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("s3cr3t-key"), "{shown}");
    }

    #[tokio::test]
    async fn hooks_see_neither_an_api_key_in_the_query_nor_one_in_a_transport_error() {
        use crate::runtime::hooks::AttemptOutcome;
        use std::sync::{Arc, Mutex};
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (before, after) = (Arc::clone(&seen), Arc::clone(&seen));
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:9")
            .credential(
                "bearer",
                Credential::api_key(
                    crate::runtime::auth::ApiKeyLocation::Query,
                    "api_key",
                    "s3cr3t-key",
                ),
            )
            .retry_policy(RetryPolicy::never())
            .on_request(move |request, _| {
                before.lock().unwrap().push(format!("{request:?}"));
                Ok(())
            })
            .on_response(move |outcome, _| {
                if let AttemptOutcome::Transport(error) = outcome {
                    after.lock().unwrap().push(format!("{error} {error:?}"));
                }
                Ok(())
            })
            .build()
            .unwrap();
        let mut request = Request::new(&SHOW, "/x".to_owned());
        request.query("page", 2);
        let error = client
            .send_empty::<std::convert::Infallible>(request, &[200])
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert!(seen[0].contains("page=2"), "{}", seen[0]);
        assert!(
            !seen.iter().any(|shown| shown.contains("s3cr3t-key")),
            "{seen:?}"
        );
    }
}
