//! A client built on the caller's own `reqwest::Client`: the application's settings on it
//! (here a default header) reach the server, and the generated client's credentials,
//! retries and typed errors keep working.

use std::time::Duration;

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::reqwest;
use zendesk_oauth::{Client, Error, RetryPolicy, StatusCode};

fn application_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-application",
        "token-audit".parse().expect("header value"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("reqwest client")
}

#[tokio::test]
async fn requests_go_through_the_callers_client_with_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/oauth/tokens/7"))
        .and(header("x-application", "token-audit"))
        .and(header("authorization", "Bearer OAUTH_TOKEN"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .http_client(application_client())
        .support_base_url(server.uri())
        .support_bearer_auth("OAUTH_TOKEN")
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
async fn retries_still_apply_with_the_callers_client() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/oauth/tokens/7"))
        .respond_with(ResponseTemplate::new(503))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .http_client(application_client())
        .support_base_url(server.uri())
        .support_bearer_auth("OAUTH_TOKEN")
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .expect("client");

    let error = client.support().revoke_token(7).send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.attempts(), 2);
}

#[tokio::test]
async fn a_redirect_the_callers_client_refuses_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/oauth/tokens/7"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/elsewhere"))
        .expect(1)
        .mount(&server)
        .await;
    // The caller's policy makes a redirect an error: the request did arrive and was answered,
    // so another attempt would only be answered the same way.
    let refusing = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            attempt.error("redirects are refused")
        }))
        .build()
        .expect("reqwest client");
    let client = Client::builder()
        .http_client(refusing)
        .support_base_url(server.uri())
        .support_bearer_auth("OAUTH_TOKEN")
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .expect("client");

    match client.support().revoke_token(7).send().await.unwrap_err() {
        Error::Transport {
            attempts, source, ..
        } => {
            assert_eq!(attempts, 1);
            assert!(source.is_redirect(), "{source:?}");
            // No secret is in this URL, so reqwest's error keeps it.
            assert!(source.url().is_some(), "{source:?}");
        }
        other => panic!("{other:?}"),
    }
}
