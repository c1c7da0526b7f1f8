//! Operations whose success is `101 Switching Protocols`: the request is sent once and, when
//! the server switches, the connection itself is handed to the caller to speak the new
//! protocol on (WebSocket, a raw stream, ...).

use std::time::Instant;

use reqwest::header::{HeaderValue, CONNECTION, UPGRADE};
use reqwest::{StatusCode, Upgraded};

use crate::runtime::auth;
use crate::runtime::body::{read_truncated, ERROR_BODY_LIMIT};
use crate::runtime::client::{error_response, Client};
use crate::runtime::error::{Error, OperationError, RawResponse};
use crate::runtime::hooks::{AttemptOutcome, RequestInfo, ResponseInfo};
use crate::runtime::renewal::Renewal;
use crate::runtime::request::Request;
use crate::runtime::response::Response;
use crate::runtime::sender::SendError;
use crate::runtime::transport::{content_type, prepare};

impl Client {
    /// Sends `request` asking to switch to `protocol` (the `Upgrade` header, with
    /// `Connection: upgrade`); on `101 Switching Protocols`, returns the upgraded connection
    /// (`AsyncRead + AsyncWrite`) with the response's status and headers. Any other status is
    /// the operation's error, as for other calls.
    ///
    /// Sent once, whatever the retry policy: once a server has switched, the connection is
    /// the caller's, and an upgrade request is rarely safe to repeat. The client's hooks see
    /// the request and the response as for any attempt. The call's timeout bounds the wait
    /// for the response, never the upgraded connection.
    #[doc(hidden)]
    pub async fn send_upgrade<E: OperationError>(
        &self,
        mut request: Request,
        protocol: &str,
    ) -> Result<Response<Upgraded>, Error<E>> {
        let operation = request.operation;
        let protocol = HeaderValue::from_str(protocol).map_err(|_| Error::InvalidRequest {
            operation: operation.id,
            reason: format!("`{protocol}` cannot be an `Upgrade` header value"),
        })?;
        if let Some(reason) = &request.invalid {
            return Err(Error::InvalidRequest {
                operation: operation.id,
                reason: reason.clone(),
            });
        }
        // The protocol argument is the one asked for, even if the spec declares the header.
        request.headers.retain(|(name, _)| name != UPGRADE);
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
        // A token that expires soon is renewed first, as for other calls. (A `401` is returned
        // as it is: other calls renew and resend on one, but this one is sent only once.)
        Renewal::start(&credentials)
            .await
            .map_err(credential_error)?;
        let url = self.url(&request)?;
        let secret_in_url = credentials.iter().any(|credential| credential.in_url());
        let timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        let started = Instant::now();
        let transport = |source: reqwest::Error| {
            // reqwest quotes the URL in its errors: not when it holds an API key.
            let source = if secret_in_url {
                source.without_url()
            } else {
                source
            };
            tracing::info!(operation = operation.id, error = %source, "upgrade failed");
            Error::Transport {
                operation: operation.id,
                attempts: 1,
                source,
            }
        };
        let hook_error = |source| Error::Hook {
            operation: operation.id,
            attempts: 1,
            source,
        };
        let mut http_request = prepare(&request, &url, content_type(&request)?.as_ref());
        let headers = http_request.headers_mut();
        headers.insert(CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(UPGRADE, protocol);
        *http_request.timeout_mut() = Some(timeout);
        let info = RequestInfo {
            operation: operation.id,
            method: operation.method.clone(),
            attempt: 1,
            elapsed: started.elapsed(),
        };
        self.inner
            .hooks
            .on_request(&mut http_request, &info)
            .await
            .map_err(hook_error)?;
        // After the hooks, which never see a credential, as for other calls.
        for credential in &credentials {
            credential.apply(&mut http_request);
        }
        let mut response =
            self.inner
                .http
                .send(http_request)
                .await
                .map_err(|error| match error {
                    SendError::Transport(source) => transport(source),
                    SendError::Middleware(source) => hook_error(source),
                })?;
        let status = response.status();
        let headers = response.headers().clone();
        tracing::info!(
            operation = operation.id,
            method = %operation.method,
            status = status.as_u16(),
            duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "upgrade request finished"
        );
        let seen = AttemptOutcome::Response {
            status,
            headers: &headers,
        };
        let info = ResponseInfo {
            operation: operation.id,
            method: operation.method.clone(),
            attempt: 1,
            elapsed: started.elapsed(),
            attempt_duration: started.elapsed(),
        };
        self.inner
            .hooks
            .on_response(&seen, &info)
            .await
            .map_err(hook_error)?;
        if status != StatusCode::SWITCHING_PROTOCOLS {
            let body = read_truncated(&mut response, ERROR_BODY_LIMIT)
                .await
                .map_err(transport)?;
            let raw = RawResponse {
                status,
                headers,
                body: body.into(),
                attempts: 1,
                withhold_body: false,
                masks: self.inner.masks.clone(),
            };
            return Err(error_response(operation.id, raw));
        }
        let connection = response.upgrade().await.map_err(transport)?;
        Ok(Response {
            status,
            headers,
            body: connection,
            attempts: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use reqwest::Method;
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    use crate::runtime::builder::{tests::SERVERS, ClientBuilder};
    use crate::runtime::error::Error;
    use crate::runtime::loopback::serve_one;
    use crate::runtime::request::{Operation, Request};
    use crate::runtime::retry::RetryPolicy;

    static ATTACH: Operation = Operation {
        id: "Attach",
        method: Method::POST,
        server: "chat",
        security: &[],
        sensitive_response: false,
    };

    fn client(url: &str) -> crate::runtime::client::Client {
        ClientBuilder::new(SERVERS)
            .base_url("chat", url)
            // Retries allowed: an upgrade call must still be sent only once.
            .retry_policy(RetryPolicy::default().backoff(
                std::time::Duration::from_millis(1),
                std::time::Duration::from_millis(2),
            ))
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_switched_connection_is_handed_over_and_echoes() {
        let (url, server) = serve_one(|mut socket, _| async move {
            let answer = "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: echo\r\nx-session: 7\r\n\r\n";
            socket.write_all(answer.as_bytes()).await.unwrap();
            // Echo until the client closes its side.
            let mut buffer = [0u8; 64];
            loop {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(read) => socket.write_all(&buffer[..read]).await.unwrap(),
                }
            }
        })
        .await;
        let mut request = Request::new(&ATTACH, "/attach".to_owned());
        // An `Upgrade` the spec declares gives way to the protocol argument; other headers stay.
        request.header("upgrade", &"h2c");
        request.header("x-trace", &"t-1");
        let response = client(&url)
            .send_upgrade::<Infallible>(request, "echo")
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 101);
        assert_eq!(response.headers()["x-session"], "7");
        assert_eq!(response.attempts(), 1);
        let mut connection = response.into_body();
        connection.write_all(b"ping").await.unwrap();
        let mut echoed = [0u8; 4];
        connection.read_exact(&mut echoed).await.unwrap();
        assert_eq!(&echoed, b"ping");
        connection.shutdown().await.unwrap();
        drop(connection);
        let head = server.await.unwrap().to_ascii_lowercase();
        assert!(head.starts_with("post /attach http/1.1\r\n"), "{head}");
        assert!(head.contains("\r\nupgrade: echo\r\n"), "{head}");
        assert_eq!(head.matches("\r\nupgrade: ").count(), 1, "{head}");
        assert!(head.contains("\r\nx-trace: t-1\r\n"), "{head}");
        assert!(head.contains("\r\nconnection: upgrade\r\n"), "{head}");
    }

    #[tokio::test]
    async fn any_other_status_is_an_error_and_is_not_retried() {
        let (url, server) = serve_one(|mut socket, _| async move {
            let answer = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy";
            socket.write_all(answer.as_bytes()).await.unwrap();
        })
        .await;
        let request = Request::new(&ATTACH, "/attach".to_owned());
        let error = client(&url)
            .send_upgrade::<Infallible>(request, "echo")
            .await
            .unwrap_err();
        // `serve_one` accepts one connection: a retry would have failed to connect instead.
        match error {
            Error::UnexpectedResponse { response, .. } => {
                assert_eq!(response.status.as_u16(), 503);
                assert_eq!(&response.body[..], b"busy");
                assert_eq!(response.attempts, 1);
            }
            other => panic!("{other:?}"),
        }
        server.await.unwrap();
    }

    #[tokio::test]
    async fn a_protocol_that_cannot_be_a_header_is_refused_before_sending() {
        let request = Request::new(&ATTACH, "/attach".to_owned());
        let error = client("http://127.0.0.1:9")
            .send_upgrade::<Infallible>(request, "a\r\nb")
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
}
