//! Request and response hooks against a local server: a header a hook adds reaches the
//! server, hooks see every attempt (retries, the resend after a refreshed token) with its
//! number and outcome, a failing hook is `Error::Hook`, hooks never see a credential, and
//! hooks work together with the application's own `reqwest::Client`, credentials, retries
//! and the generated mock server.

mod leaks;
// The `middleware` feature: a reqwest-middleware stack as the transport.
#[path = "hooks/middleware.rs"]
mod middleware;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::hooks::{AttemptOutcome, BoxFuture, Hook, HookError, RequestInfo, ResponseInfo};
use zendesk_oauth::models::GrantTypeTokenRequest;
use zendesk_oauth::oauth::{RefreshingCredential, TokenPair};
use zendesk_oauth::{reqwest, Client, ClientBuilder, Error, RetryPolicy, Secret, StatusCode};

const TOKEN: &str = "SECRET-bearer-4f9d";
const REVOKE_PATH: &str = "/api/v2/oauth/tokens/7";

/// What a hook saw, one entry per hook call, shared with the test.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn push(&self, entry: String) {
        self.0.lock().expect("not poisoned").push(entry);
    }

    fn entries(&self) -> Vec<String> {
        self.0.lock().expect("not poisoned").clone()
    }
}

/// A metrics hook written against the trait: one line per request and per outcome.
struct Metrics(Seen);

impl Hook for Metrics {
    fn on_request<'a>(
        &'a self,
        _request: &'a mut reqwest::Request,
        info: &'a RequestInfo,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            self.0.push(format!(
                "send {} {} #{}",
                info.method, info.operation, info.attempt
            ));
            Ok(())
        })
    }

    fn on_response<'a>(
        &'a self,
        outcome: &'a AttemptOutcome<'a>,
        info: &'a ResponseInfo,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            let ended = match outcome.status() {
                Some(status) => status.as_u16().to_string(),
                None => "failed".to_owned(),
            };
            assert!(info.elapsed >= info.attempt_duration, "{info:?}");
            self.0.push(format!("got {ended} #{}", info.attempt));
            Ok(())
        })
    }
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .support_base_url(server.uri())
        .support_bearer_auth(TOKEN)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
}

fn trace_header(request: &mut reqwest::Request, info: &RequestInfo) -> Result<(), HookError> {
    let value = format!("trace-{}", info.attempt).parse()?;
    request.headers_mut().insert("x-trace-id", value);
    Ok(())
}

#[tokio::test]
async fn a_header_a_hook_adds_reaches_the_server_beside_the_credential() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(REVOKE_PATH))
        .and(header("x-trace-id", "trace-1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .on_request(trace_header)
        .build()
        .expect("client");

    client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");
}

#[tokio::test]
async fn hooks_see_every_attempt_of_a_retried_call_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(REVOKE_PATH))
        .and(header("x-trace-id", "trace-3"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let seen = Seen::default();
    let client = builder(&server)
        .on_request(trace_header)
        .hook(Metrics(seen.clone()))
        .build()
        .expect("client");

    let response = client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");

    assert_eq!(response.attempts(), 3);
    assert_eq!(
        seen.entries(),
        [
            "send DELETE RevokeOAuthToken #1",
            "got 503 #1",
            "send DELETE RevokeOAuthToken #2",
            "got 503 #2",
            "send DELETE RevokeOAuthToken #3",
            "got 204 #3",
        ]
    );
}

#[tokio::test]
async fn a_response_hook_sees_the_status_and_headers_of_an_error_response() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(REVOKE_PATH))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-51")
                .set_body_json(json!({"error": "RecordNotFound", "description": "Not found"})),
        )
        .mount(&server)
        .await;
    let seen = Seen::default();
    let sink = seen.clone();
    let client = builder(&server)
        .on_response(move |outcome, info| {
            if let AttemptOutcome::Response { status, headers } = outcome {
                let id = headers.get("x-request-id").and_then(|v| v.to_str().ok());
                sink.push(format!("{} {status} {id:?}", info.operation));
            }
            Ok(())
        })
        .build()
        .expect("client");

    let error = client.support().revoke_token(7).send().await.unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        seen.entries(),
        ["RevokeOAuthToken 404 Not Found Some(\"req-51\")"]
    );
}

#[tokio::test]
async fn a_failing_request_hook_stops_the_call_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server)
        .on_request(|_, _| Err("the rate limiter is closed".into()))
        .build()
        .expect("client");

    let error = client.support().revoke_token(7).send().await.unwrap_err();

    match &error {
        Error::Hook {
            operation,
            attempts,
            source,
        } => {
            assert_eq!((*operation, *attempts), ("RevokeOAuthToken", 1));
            assert_eq!(source.to_string(), "the rate limiter is closed");
        }
        other => panic!("expected a hook error, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "RevokeOAuthToken: hook failed on attempt 1: the rate limiter is closed"
    );
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_failing_response_hook_ends_the_call_without_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .on_response(|outcome, _| match outcome.status() {
            Some(StatusCode::SERVICE_UNAVAILABLE) => Err("circuit open".into()),
            _ => Ok(()),
        })
        .build()
        .expect("client");

    let error = client.support().revoke_token(7).send().await.unwrap_err();

    assert!(
        matches!(error, Error::Hook { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_transport_failure_reaches_the_response_hooks() {
    let seen = Seen::default();
    // Nothing listens on port 9 (discard): the connection is refused at once.
    let client = Client::builder()
        .support_base_url("http://127.0.0.1:9")
        .support_bearer_auth(TOKEN)
        .retry_policy(RetryPolicy::never())
        .hook(Metrics(seen.clone()))
        .build()
        .expect("client");

    let error = client.support().revoke_token(7).send().await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(
        seen.entries(),
        ["send DELETE RevokeOAuthToken #1", "got failed #1"]
    );
}

#[tokio::test]
async fn hooks_never_see_the_credentials() {
    const PASSWORD: &str = "Qz7x-pw-8c1e";
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let seen = Seen::default();
    let sink = seen.clone();
    let client = Client::builder()
        .support_base_url(server.uri())
        .support_basic_auth("admin@acme.com/token", PASSWORD)
        .on_request(move |request, _| {
            let headers: Vec<_> = request
                .headers()
                .iter()
                .map(|(n, v)| format!("{n}: {v:?}"))
                .collect();
            sink.push(format!("{request:?} {} {headers:?}", request.url()));
            Ok(())
        })
        .build()
        .expect("client");

    client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");

    let rendered = seen.entries().join("\n");
    assert!(rendered.contains(REVOKE_PATH), "{rendered}");
    assert!(
        !rendered.to_lowercase().contains("authorization"),
        "{rendered}"
    );
    let encoded = "YWRtaW5AYWNtZS5jb20vdG9rZW46UXo3eC1wdy04YzFl";
    leaks::assert_no_leak("what a request hook saw", &rendered, &[PASSWORD, encoded]);
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(
        received[0].headers["authorization"],
        format!("Basic {encoded}")
    );
}

#[tokio::test]
async fn the_credential_replaces_a_hooks_authorization_which_stays_where_there_is_none() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    // Create Token for Grant Type takes no credential: the hook's header is sent as it is.
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .and(header("authorization", "Bearer from-the-hook"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "access_token": "SECRET-issued", "token_type": "bearer", "scope": "read",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .on_request(|request, _| {
            let value = "Bearer from-the-hook".parse()?;
            request.headers_mut().insert("authorization", value);
            Ok(())
        })
        .build()
        .expect("client");

    client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");
    let grant = GrantTypeTokenRequest::client_credentials("my_app", "SECRET-client");
    client
        .support()
        .create_token_for_grant_type(grant)
        .send()
        .await
        .expect("token issued");
    let received = server.received_requests().await.expect("recorded");
    assert!(received
        .iter()
        .all(|request| request.headers.get_all("authorization").iter().count() == 1));
}

#[tokio::test]
async fn the_applications_client_credentials_retries_and_hooks_work_together() {
    let server = MockServer::start().await;
    let all_headers = || {
        Mock::given(method("DELETE"))
            .and(path(REVOKE_PATH))
            .and(header("x-application", "token-audit"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
    };
    all_headers()
        .and(header("x-trace-id", "trace-1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .expect(1)
        .mount(&server)
        .await;
    all_headers()
        .and(header("x-trace-id", "trace-2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert(
        "x-application",
        "token-audit".parse().expect("header value"),
    );
    let application = reqwest::Client::builder()
        .no_proxy()
        .default_headers(defaults)
        .build()
        .expect("reqwest client");
    let seen = Seen::default();
    let client = builder(&server)
        .http_client(application)
        .on_request(trace_header)
        .hook(Metrics(seen.clone()))
        .build()
        .expect("client");

    let response = client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");

    assert_eq!(response.attempts(), 2);
    assert_eq!(seen.entries().len(), 4, "{:?}", seen.entries());
}

#[tokio::test]
async fn hooks_see_the_resend_after_a_refreshed_token() {
    const OLD: &str = "SECRET-old-access-a1";
    const NEW: &str = "SECRET-new-access-b2";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {OLD}").as_str()))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"error": "Couldn't authenticate you"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "access_token": NEW, "refresh_token": "SECRET-new-refresh-c3",
            "expires_in": 86400, "token_type": "bearer",
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {NEW}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": {"id": 5}})))
        .expect(1)
        .mount(&server)
        .await;
    let refresh_client = Client::builder()
        .support_base_url(server.uri())
        .build()
        .expect("refresh client");
    let pair = TokenPair {
        access_token: Secret::new(OLD),
        refresh_token: Some(Secret::new("SECRET-old-refresh-d4")),
        expires_at: Some(Utc::now() + TimeDelta::hours(2)),
    };
    let credential = RefreshingCredential::builder(refresh_client, "my_app", pair).build();
    let seen = Seen::default();
    let client = Client::builder()
        .support_base_url(server.uri())
        .support_oauth(&credential)
        .hook(Metrics(seen.clone()))
        .build()
        .expect("client");

    client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("resent with the new token");

    assert_eq!(
        seen.entries(),
        [
            "send GET ShowCurrentOAuthToken #1",
            "got 401 #1",
            "send GET ShowCurrentOAuthToken #2",
            "got 200 #2",
        ]
    );
}

#[tokio::test]
async fn hooks_work_with_the_generated_mock_server() {
    let mock = zendesk_oauth::mock::MockServer::start().await;
    mock.support()
        .revoke_token()
        .with_oauth_token_id(7)
        .respond();
    let seen = Seen::default();
    let client = mock
        .client_builder()
        .on_request(trace_header)
        .hook(Metrics(seen.clone()))
        .build()
        .expect("mock client");

    client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");

    assert_eq!(
        seen.entries(),
        ["send DELETE RevokeOAuthToken #1", "got 204 #1"]
    );
    let received = mock.received_requests().await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers["x-trace-id"], "trace-1");
}

#[tokio::test]
async fn the_log_of_a_failed_hook_masks_a_credential_the_server_echoed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-echo", TOKEN))
        .mount(&server)
        .await;
    let client = builder(&server)
        .on_response(|outcome, _| match outcome {
            AttemptOutcome::Response { headers, .. } => {
                Err(format!("unexpected header {:?}", headers.get("x-echo")).into())
            }
            _ => Ok(()),
        })
        .build()
        .expect("client");
    let (captured, guard) = leaks::capture_tracing();

    let error = client.support().revoke_token(7).send().await.unwrap_err();

    drop(guard);
    assert!(matches!(error, Error::Hook { .. }), "{error:?}");
    let log = captured.text();
    assert!(log.contains("request stopped by a hook"), "{log}");
    leaks::assert_no_leak("the client's log", &log, &[TOKEN]);
}
