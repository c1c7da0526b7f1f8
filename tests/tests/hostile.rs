//! A hostile or broken server, played by a raw TCP server (tests/raw_server): bodies larger
//! than the limit (announced, endless, chunked), trailing data after JSON, extreme
//! `Retry-After` values under extreme settings. Each test asserts the exact typed outcome.

mod raw_server;

use std::time::Duration;

use raw_server::{client_for, json, response, serve, show_token_body};
use zendesk_oauth::{CallSettings, Error, ResponseProblem, RetryPolicy};

/// Bounds every test: a client that reads forever fails here instead of hanging the suite.
const TEST_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// Success-body size limit
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_announced_oversized_body_fails_before_it_is_read() {
    let server = serve(|mut conn| async move {
        conn.send(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n",
        )
        .await;
        let chunk = vec![b' '; 64 * 1024];
        while conn.write_counted(&chunk).await {}
    })
    .await;
    let client = client_for(&server.url).build().expect("client");

    let error = tokio::time::timeout(TEST_TIMEOUT, client.support().show_token(1).send())
        .await
        .expect("the call ends at once")
        .expect_err("over the limit");

    match &error {
        Error::BodyTooLarge {
            operation,
            status,
            limit,
            attempts,
            ..
        } => {
            assert_eq!(*operation, "ShowOAuthToken");
            assert_eq!(status.as_u16(), 200);
            assert_eq!(*limit, 16 * 1024 * 1024);
            assert_eq!(*attempts, 1, "a body too large is not retried");
        }
        other => panic!("expected Error::BodyTooLarge, got {other:?}"),
    }
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_eq!(
        error.to_string(),
        "ShowOAuthToken: HTTP 200 OK: response body exceeds the limit of 16777216 bytes; reading stopped"
    );
    assert_eq!(
        server.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_per_call_limit() {
    let server = serve(|mut conn| async move {
        conn.send(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        let mut chunk = format!("{:x}\r\n", 16 * 1024).into_bytes();
        chunk.extend_from_slice(&[b' '; 16 * 1024]);
        chunk.extend_from_slice(b"\r\n");
        while conn.write_counted(&chunk).await {}
    })
    .await;
    let client = client_for(&server.url).build().expect("client");

    let error = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .support()
            .show_token(1)
            .max_response_body(1024 * 1024)
            .send(),
    )
    .await
    .expect("the call ends at the limit, not at a timeout")
    .expect_err("over the limit");

    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                limit: 1_048_576,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("limit of 1048576 bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_at_the_limit_is_accepted_and_one_byte_more_is_not() {
    let body = show_token_body();
    let length = body.len();
    let served = body.clone();
    let server = serve(move |mut conn| {
        let body = served.clone();
        async move {
            // Chunked, so the limit is enforced while reading rather than from the header.
            let mut out = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
            out.extend_from_slice(format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len()).as_bytes());
            conn.send(&out).await;
        }
    })
    .await;
    let client = client_for(&server.url)
        .max_response_body(length)
        .build()
        .expect("client");

    let token = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect("at the limit");
    assert_eq!(token.token.id, Some(223_443));

    let error = client
        .support()
        .show_token(1)
        .max_response_body(length - 1)
        .send()
        .await
        .expect_err("one byte over");
    assert!(
        matches!(error, Error::BodyTooLarge { limit, .. } if limit == length - 1),
        "{error:?}"
    );
}

#[tokio::test]
async fn error_bodies_stay_cut_at_64_kib_whatever_the_success_limit() {
    let server = serve(|mut conn| async move {
        conn.send(&response(
            "500 Internal Server Error",
            &[],
            &vec![b'x'; 1024 * 1024],
        ))
        .await;
    })
    .await;
    let client = client_for(&server.url)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client");
    let error = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect_err("500");
    let raw = error.response().expect("a response");
    assert_eq!(raw.status.as_u16(), 500);
    assert_eq!(raw.body.len(), 64 * 1024);
}

// ---------------------------------------------------------------------------------------------
// Strict JSON
// ---------------------------------------------------------------------------------------------

/// The decode error and raw body of an `UnexpectedResponse` with an invalid body.
fn invalid_body<E: std::fmt::Debug>(error: Error<E>) -> (zendesk_oauth::DecodeError, Vec<u8>) {
    match error {
        Error::UnexpectedResponse {
            problem: ResponseProblem::InvalidBody(decode),
            response,
            ..
        } => (decode, response.body.to_vec()),
        other => panic!("expected an invalid body, got {other:?}"),
    }
}

#[tokio::test]
async fn trailing_data_after_the_json_document_is_rejected() {
    let valid = show_token_body();
    for trailer in ["garbage", "{\"token\":{}}", "]", "\u{0}"] {
        let body = format!("{valid}\n{trailer}");
        let served = body.clone();
        let server = serve(move |mut conn| {
            let body = served.clone();
            async move { conn.send(&json("200 OK", &body)).await }
        })
        .await;
        let client = client_for(&server.url).build().expect("client");

        let error = client
            .support()
            .show_token(1)
            .send()
            .await
            .expect_err("trailing data");

        assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
        let shown = error.to_string();
        assert!(shown.chars().count() < 400, "bounded: {shown}");
        let (decode, raw) = invalid_body(error);
        assert_eq!(decode.path, ".", "{trailer:?}");
        assert!(
            decode.message.starts_with("trailing characters"),
            "{trailer:?}: {}",
            decode.message
        );
        assert_eq!(raw, body.as_bytes(), "the raw body is kept");
    }
}

#[tokio::test]
async fn trailing_whitespace_is_fine() {
    let body = format!("\r\n {} \n\t", show_token_body());
    let server = serve(move |mut conn| {
        let body = body.clone();
        async move { conn.send(&json("200 OK", &body)).await }
    })
    .await;
    let client = client_for(&server.url).build().expect("client");
    client
        .support()
        .show_token(1)
        .send()
        .await
        .expect("whitespace around the document");
}

// ---------------------------------------------------------------------------------------------
// Time arithmetic under extreme settings and headers
// ---------------------------------------------------------------------------------------------

/// A server answering every request with 429 and this `Retry-After`.
async fn rate_limited(retry_after: &'static str) -> raw_server::RawServer {
    serve(move |mut conn| async move {
        let header = format!("retry-after: {retry_after}");
        conn.send(&response(
            "429 Too Many Requests",
            &["content-type: application/json", &header],
            br#"{"error":"TooManyRequests","description":"slow down"}"#,
        ))
        .await;
    })
    .await
}

/// Asserts a typed 429 after exactly one attempt.
fn assert_gave_up_at_once<E: std::fmt::Debug>(error: &Error<E>) {
    assert!(
        matches!(error, Error::Api { .. } | Error::UnexpectedResponse { .. }),
        "{error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert_eq!(error.attempts(), 1, "{error:?}");
}

#[tokio::test]
async fn an_overflowing_retry_after_under_unbounded_settings_stops_with_the_429() {
    let server = rate_limited("99999999999999999999999999").await;
    let policy = RetryPolicy::default()
        .max_retry_after(Duration::MAX)
        .total_timeout(Some(Duration::MAX));
    let client = client_for(&server.url)
        .retry_policy(policy)
        .timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .build()
        .expect("client");

    let error = tokio::time::timeout(TEST_TIMEOUT, client.support().show_token(1).send())
        .await
        .expect("no wait")
        .expect_err("429");

    assert_gave_up_at_once(&error);
    assert_eq!(
        server.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
}

#[tokio::test]
async fn the_largest_retry_after_under_an_unbounded_cap_stops_at_the_deadline() {
    let server = rate_limited("18446744073709551615").await;
    let policy = RetryPolicy::default().max_retry_after(Duration::MAX);
    let client = client_for(&server.url)
        .retry_policy(policy)
        .build()
        .expect("client");

    let error = tokio::time::timeout(TEST_TIMEOUT, client.support().show_token(1).send())
        .await
        .expect("no wait")
        .expect_err("429");

    assert_gave_up_at_once(&error);
}

#[tokio::test]
async fn a_retry_after_beyond_an_unbounded_deadline_but_over_the_cap_stops() {
    let server = rate_limited("18446744073709551615").await;
    let policy = RetryPolicy::default().total_timeout(Some(Duration::MAX));
    let client = client_for(&server.url)
        .retry_policy(policy)
        .build()
        .expect("client");

    let error = tokio::time::timeout(TEST_TIMEOUT, client.support().show_token(1).send())
        .await
        .expect("no wait")
        .expect_err("429");

    assert_gave_up_at_once(&error);
}

#[tokio::test]
async fn maximal_timeouts_and_backoffs_still_complete_a_call() {
    let body = show_token_body();
    let server = serve(move |mut conn| {
        let body = body.clone();
        async move { conn.send(&json("200 OK", &body)).await }
    })
    .await;
    let policy = RetryPolicy::default()
        .max_attempts(u32::MAX)
        .backoff(Duration::MAX, Duration::MAX)
        .max_retry_after(Duration::MAX)
        .total_timeout(Some(Duration::MAX));
    let client = client_for(&server.url)
        .retry_policy(policy)
        .timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .build()
        .expect("client");

    let token = tokio::time::timeout(
        TEST_TIMEOUT,
        client.support().show_token(1).timeout(Duration::MAX).send(),
    )
    .await
    .expect("answered at once")
    .expect("200");
    assert_eq!(token.attempts(), 1);
}

#[tokio::test]
async fn a_body_announced_at_the_limit_is_accepted() {
    let body = show_token_body();
    let length = body.len();
    let server = serve(move |mut conn| {
        let body = body.clone();
        async move {
            // With a `content-length`, so the announced length is checked before reading.
            let head = ["content-type: application/json"];
            conn.send(&response("200 OK", &head, body.as_bytes())).await;
        }
    })
    .await;
    let client = client_for(&server.url)
        .max_response_body(length)
        .build()
        .expect("client");

    let token = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect("announced at the limit");
    assert_eq!(token.token.id, Some(223_443));
}
