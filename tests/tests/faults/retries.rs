//! Retries: which statuses and failures are retried, how long the client waits (`Retry-After`,
//! backoff) and when it gives up.

use super::*;

/// 1. A 429 with `Retry-After: 1` is waited out, then the retry succeeds.
#[tokio::test]
async fn rate_limited_then_ok_waits_for_retry_after() {
    let server = serve(vec![
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "1")
            .set_body_string("Rate limit exceeded"),
        show_token_ok(),
    ])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let (traced, _tracing) = leaks::capture_tracing();

    let started = Instant::now();
    let response = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.token.id, Some(223443));
    assert_eq!(received(&server).await, 2);
    assert_eq!(
        requested_sleeps(&traced),
        [1000],
        "Retry-After: 1 is one second"
    );
    // A requested sleep is never cut short, so this lower bound holds on any machine.
    assert!(
        elapsed >= Duration::from_secs(1),
        "the 1 s wait did not happen: retried after {elapsed:?}"
    );
}

/// 2. A 429 that never ends: the client gives up after `max_attempts` and returns the last
/// 429 as the declared, text-bodied `TooManyRequests`.
#[tokio::test]
async fn rate_limited_forever_gives_up_after_max_attempts() {
    let server = serve(vec![ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .set_body_string("Rate limit for ticket updates exceeded")])
    .await;
    let client = client_for(&server.uri())
        .retry_policy(fast_policy!().max_attempts(3))
        .build()
        .expect("client");

    let error = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect_err("429 forever is an error");

    assert_eq!(received(&server).await, 3);
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.operation(), "ListOAuthTokens");
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 429);
    assert_eq!(response.attempts, 3);
    assert_eq!(raw_header(&response, "retry-after"), Some("0"));
    assert_eq!(
        error,
        ListTokensError::TooManyRequests("Rate limit for ticket updates exceeded".to_owned())
    );
}

/// 3. A 503 on a GET is retried.
#[tokio::test]
async fn service_unavailable_then_ok_on_a_get() {
    let server = serve(vec![
        raw_response(503, "<html>busy</html>", "text/html"),
        show_token_ok(),
    ])
    .await;
    let client = client_for(&server.uri()).build().expect("client");

    let response = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.attempts(), 2);
    assert_eq!(received(&server).await, 2);
}

/// Every "try again later" status (502, 503, 504) is retried on an idempotent DELETE too;
/// a 500 is not (it means the request itself failed).
#[tokio::test]
async fn gateway_statuses_are_retried_and_500_is_not() {
    for status in [502, 503, 504] {
        let server = serve(vec![
            ResponseTemplate::new(status),
            ResponseTemplate::new(204),
        ])
        .await;
        let client = client_for(&server.uri()).build().expect("client");
        let response = client
            .support()
            .revoke_token(223443)
            .send()
            .await
            .unwrap_or_else(|error| panic!("{status} then 204: {error:?}"));
        assert_eq!(response.status().as_u16(), 204, "after {status}");
        assert_eq!(response.attempts(), 2, "after {status}");
        assert_eq!(received(&server).await, 2, "after {status}");
    }

    let server = serve(vec![ResponseTemplate::new(500), ResponseTemplate::new(204)]).await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .support()
        .revoke_token(223443)
        .send()
        .await
        .expect_err("500 is not retried");
    assert_eq!(received(&server).await, 1);
    assert_eq!(error.attempts(), 1);
    let (problem, response) = unexpected(error);
    assert_eq!(problem, ResponseProblem::UndeclaredStatus);
    assert_eq!(response.status.as_u16(), 500);
}

/// 4. A POST is not idempotent: a 503 is returned at once by default, and retried only when
/// the policy says so.
#[tokio::test]
async fn post_is_retried_only_when_allowed() {
    let server = serve(vec![
        ResponseTemplate::new(503).set_body_string("Service Unavailable"),
        create_token_ok(),
    ])
    .await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .expect_err("a POST is not retried by default");
    assert_eq!(received(&server).await, 1);
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    let (problem, response) = unexpected(error);
    assert_eq!(problem, ResponseProblem::UndeclaredStatus);
    assert_eq!(response.status.as_u16(), 503);
    assert_eq!(response.text(), "Service Unavailable");

    let server = serve(vec![ResponseTemplate::new(503), create_token_ok()]).await;
    let client = client_for(&server.uri())
        .retry_policy(fast_policy!().retry_non_idempotent(true))
        .build()
        .expect("client");
    let response = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .expect("retried when the policy allows it");
    assert_eq!(received(&server).await, 2);
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.token.token, Some(Secret::new("af3345kdj3")));
}

/// A per-call policy replaces the client's: a client that never retries, a call that does;
/// and a POST retried because its call allows it.
#[tokio::test]
async fn per_call_policy_overrides_the_client_policy() {
    let server = serve(vec![ResponseTemplate::new(503), show_token_ok()]).await;
    let client = client_for(&server.uri())
        .retry_policy(fast_policy!().max_attempts(1))
        .build()
        .expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the client's policy never retries");
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));

    let response = client
        .support()
        .show_token(223443)
        .retry_policy(fast_policy!())
        .send()
        .await
        .expect("the call's policy retries");
    assert_eq!(response.attempts(), 1, "the server answers 200 from now on");
    assert_eq!(received(&server).await, 2);

    let server = serve(vec![ResponseTemplate::new(503), show_token_ok()]).await;
    let client = client_for(&server.uri())
        .retry_policy(fast_policy!().max_attempts(1))
        .build()
        .expect("client");
    let response = client
        .support()
        .show_token(223443)
        .retry_policy(fast_policy!())
        .send()
        .await
        .expect("the call's policy retries");
    assert_eq!(response.attempts(), 2);
    assert_eq!(received(&server).await, 2);

    let server = serve(vec![ResponseTemplate::new(503), create_token_ok()]).await;
    let client = client_for(&server.uri()).build().expect("client");
    let response = client
        .support()
        .create_token(create_request())
        .retry_policy(fast_policy!().retry_non_idempotent(true))
        .send()
        .await
        .expect("retried when the call's policy allows it");
    assert_eq!(response.attempts(), 2);
    assert_eq!(received(&server).await, 2);
}

/// 5. A `Retry-After` longer than `max_retry_after` ends the retries at once, and the error
/// keeps the header so the caller can schedule the retry itself.
#[tokio::test]
async fn retry_after_beyond_the_cap_stops_at_once() {
    let server = serve(vec![
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "10")
            .set_body_string("Slow down"),
        show_token_ok(),
    ])
    .await;
    let client = client_for(&server.uri())
        .retry_policy(fast_policy!().max_retry_after(Duration::from_secs(5)))
        .build()
        .expect("client");
    let (traced, _tracing) = leaks::capture_tracing();

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("Retry-After: 10 is beyond the 5 s cap");
    assert_eq!(requested_sleeps(&traced), [0u64; 0], "no wait at all");

    assert_eq!(received(&server).await, 1);
    assert_eq!(error.attempts(), 1);
    let (error, response) = api_error(error);
    assert_eq!(
        error,
        ShowTokenError::TooManyRequests("Slow down".to_owned())
    );
    assert_eq!(raw_header(&response, "retry-after"), Some("10"));
    assert_eq!(
        response.rate_limit().retry_after,
        Some(Duration::from_secs(10))
    );
}

/// `Retry-After` as an HTTP date in the past means "now": retried without waiting.
#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_at_once() {
    let server = serve(vec![
        ResponseTemplate::new(503).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        show_token_ok(),
    ])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let (traced, _tracing) = leaks::capture_tracing();

    let response = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(response.attempts(), 2);
    assert_eq!(requested_sleeps(&traced), [0], "a past date means now");
}
