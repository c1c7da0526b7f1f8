//! The send path: one call, attempt after attempt under the retry policy and the deadline,
//! each attempt built from the request, sent, and its response read within bounds.

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};

use crate::runtime::auth::{self, Credential};
use crate::runtime::client::Client;
use crate::runtime::error::{Error, RawResponse};
use crate::runtime::request::{Operation, Request};
use crate::runtime::retry;

impl Client {
    /// Runs one call: checks it can be sent, then sends attempts until one gives a final
    /// outcome, the retry policy gives up, or the deadline would pass.
    pub(crate) async fn execute<E>(
        &self,
        request: Request,
        success: &[u16],
    ) -> Result<RawResponse, Error<E>> {
        let operation = request.operation;
        if let Some(reason) = request.invalid {
            return Err(Error::InvalidRequest {
                operation: operation.id,
                reason,
            });
        }
        let credentials =
            auth::select(&self.inner.credentials, operation.security).ok_or_else(|| {
                Error::MissingCredentials {
                    operation: operation.id,
                    accepted: auth::describe(operation.security),
                }
            })?;
        let url = self.url(&request)?;
        let secret_in_url = credentials.iter().any(|credential| credential.in_url());
        let policy = request.retry.as_ref().unwrap_or(&self.inner.retry);
        let started = Instant::now();
        let deadline = policy.deadline().map(|total| started + total);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let timeout = self.attempt_timeout(&request, deadline);
            let builder = self.prepare(&request, &url, &credentials).timeout(timeout);
            let outcome = receive(builder, success, attempt, operation.sensitive_response)
                .await
                // reqwest quotes the URL in its errors: not when it holds an API key.
                .map_err(|error| {
                    if secret_in_url {
                        error.without_url()
                    } else {
                        error
                    }
                });
            let retry_after = match &outcome {
                Ok(raw) if retry::is_retryable_status(raw.status) => {
                    retry::retry_after(&raw.headers, SystemTime::now())
                }
                Err(error) if retry::is_retryable_transport(error) => None,
                _ => return finish(operation, outcome, attempt, started),
            };
            let delay = if policy.allows(&operation.method) {
                policy.delay(attempt, retry_after, fastrand::f64())
            } else {
                None
            };
            let within_deadline =
                |delay: Duration| deadline.is_none_or(|deadline| Instant::now() + delay < deadline);
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
                _ => return finish(operation, outcome, attempt, started),
            }
        }
    }

    /// One attempt of `request` as reqwest will send it: method, URL, credentials, header and
    /// cookie parameters, body.
    fn prepare(
        &self,
        request: &Request,
        url: &url::Url,
        credentials: &[&Credential],
    ) -> reqwest::RequestBuilder {
        let mut builder = self
            .inner
            .http
            .request(request.operation.method.clone(), url.clone())
            .header(ACCEPT, "application/json");
        for credential in credentials {
            builder = credential.apply(builder);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(cookies) = request.cookie_header() {
            builder = builder.header(COOKIE, cookies);
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, request.content_type.as_str())
                .body(body.clone());
        }
        builder
    }

    /// The timeout of the next attempt. A per-request timeout replaces the client's in reqwest,
    /// so this is the effective one (the call's, else the client's) bounded by what is left of
    /// the deadline.
    fn attempt_timeout(&self, request: &Request, deadline: Option<Instant>) -> Duration {
        let per_attempt = request.timeout.unwrap_or(self.inner.timeout);
        match deadline {
            Some(deadline) => per_attempt.min(deadline.saturating_duration_since(Instant::now())),
            None => per_attempt,
        }
    }
}

/// Most bytes of an error response body kept: enough for any JSON error, bounded against a
/// misbehaving server or proxy.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Sends one attempt and reads its response: whole for a success status, at most
/// `ERROR_BODY_LIMIT` bytes otherwise.
async fn receive(
    builder: reqwest::RequestBuilder,
    success: &[u16],
    attempts: u32,
    sensitive_response: bool,
) -> Result<RawResponse, reqwest::Error> {
    let mut response = builder.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let is_success = success.contains(&status.as_u16());
    let body = if is_success {
        response.bytes().await?
    } else {
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            let room = ERROR_BODY_LIMIT - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() == ERROR_BODY_LIMIT {
                break;
            }
        }
        body.into()
    };
    Ok(RawResponse {
        status,
        headers,
        body,
        attempts,
        withhold_body: is_success && sensitive_response,
    })
}

/// Logs the end of a call and turns a transport failure into the operation's error.
fn finish<E>(
    operation: &'static Operation,
    outcome: Result<RawResponse, reqwest::Error>,
    attempts: u32,
    started: Instant,
) -> Result<RawResponse, Error<E>> {
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
        Err(source) => {
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
}
