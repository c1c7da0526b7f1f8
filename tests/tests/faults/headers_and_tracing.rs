//! Rate-limit headers, missing credentials, and what tracing logs of a call.

use super::*;

/// 16. Rate-limit headers are readable from a successful response.
#[tokio::test]
async fn rate_limit_headers_on_success() {
    let server = serve(vec![show_token_ok()
        .insert_header("X-Rate-Limit", "700")
        .insert_header("X-Rate-Limit-Remaining", "699")
        .insert_header("ratelimit-reset", "12")])
    .await;
    let client = client_for(&server.uri()).build().expect("client");

    let response = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect("200");

    let rate_limit = response.rate_limit();
    assert_eq!(rate_limit.limit, Some(700));
    assert_eq!(rate_limit.remaining, Some(699));
    assert_eq!(rate_limit.reset, Some(Duration::from_secs(12)));
    assert_eq!(rate_limit.retry_after, None);
}

/// 17. An operation whose credential is not configured fails before anything is sent.
#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = serve(vec![show_token_ok()]).await;
    let uri = server.uri();
    let client = Client::builder()
        .support_base_url(&uri)
        .chat_base_url(format!("{uri}/api/v2"))
        .chat_bearer_auth(CHAT_BEARER_TOKEN)
        .build()
        .expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("no Support credential");

    assert_eq!(received(&server).await, 0);
    assert_eq!(error.attempts(), 0);
    assert_eq!(error.status(), None);
    match error {
        Error::MissingCredentials {
            operation: "ShowOAuthToken",
            ref accepted,
        } => assert_eq!(accepted, "supportBasicAuth, or supportBearerAuth"),
        other => panic!("expected Error::MissingCredentials, got {other:?}"),
    }
}

/// 18. Each call logs its operation, method, status and attempts, and never a credential or
/// a token from the body, at any level (TRACE includes the HTTP stack's own events).
#[tokio::test]
async fn tracing_logs_the_call_without_secrets() {
    let (captured, _tracing) = leaks::capture_tracing();

    let server = serve(vec![ResponseTemplate::new(503), show_token_ok()]).await;
    // Distinctive credentials: any four characters of them in the output are a leak.
    let client = Client::builder()
        .support_base_url(server.uri())
        .support_basic_auth(SUPPORT_BASIC_USERNAME, "Lr5tW8kZ2qN7")
        .support_bearer_auth("Xe3vM9pB6sJ1")
        .chat_bearer_auth("Cq8yT4gK1wF6")
        .bridge_bearer_auth("Hn2dR7zU5aE3")
        .build()
        .expect("client");
    let response = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect("200 after a retry");
    assert_eq!(response.attempts(), 2);

    let output = captured.text();
    let finished = output
        .lines()
        .find(|line| line.contains("request finished"))
        .unwrap_or_else(|| panic!("no `request finished` event in:\n{output}"));
    for expected in [
        "operation=\"ShowOAuthToken\"",
        "method=GET",
        "status=200",
        "attempts=2",
        "duration_ms=",
    ] {
        assert!(
            finished.contains(expected),
            "`{expected}` missing in: {finished}"
        );
    }
    let retrying = output
        .lines()
        .find(|line| line.contains("retrying"))
        .unwrap_or_else(|| panic!("no `retrying` event in:\n{output}"));
    for expected in ["operation=\"ShowOAuthToken\"", "attempt=1", "status=503"] {
        assert!(
            retrying.contains(expected),
            "`{expected}` missing in: {retrying}"
        );
    }
    leaks::assert_no_leak(
        "tracing output",
        &output,
        &[
            "Lr5tW8kZ2qN7",
            // base64 of `admin@example.com/token:Lr5tW8kZ2qN7`, the Authorization header.
            "YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46THI1dFc4a1oycU43",
            "Xe3vM9pB6sJ1",
            "Cq8yT4gK1wF6",
            "Hn2dR7zU5aE3",
            // The token and refresh token of the response body.
            "af3345kdj3",
            "af3t24tfj34h43s",
        ],
    );
}
