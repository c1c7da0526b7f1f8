//! A client built on the caller's own `reqwest::Client`: the application's settings on it
//! (here a default header) reach the server, and the generated client's credentials,
//! retries and typed errors keep working.

use std::time::Duration;

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::reqwest;
use zendesk_oauth::{Client, RetryPolicy, StatusCode};

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
