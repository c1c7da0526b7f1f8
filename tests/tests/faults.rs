//! Fault injection against a local server: what the client does when the network, the server
//! or the body misbehaves. Every test asserts the exact typed outcome (variant, attempts,
//! status, what the server received).
//!
//! HTTP-level faults (statuses, `Retry-After`, slow or malformed responses) come from a
//! `wiremock` server answering a scripted sequence; connection-level faults (refused, reset
//! mid-body) from a raw `tokio` TCP listener on 127.0.0.1. Backoffs are a few milliseconds so
//! the whole file runs in a couple of seconds.

mod leaks;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fixture_tests::credentials::{
    BRIDGE_BEARER_TOKEN, CHAT_BEARER_TOKEN, SUPPORT_BASIC_PASSWORD, SUPPORT_BASIC_USERNAME,
    SUPPORT_BEARER_TOKEN,
};
use fixture_tests::{api_error, raw_header, Fixture};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use zendesk_oauth::models::{
    CreateOAuthTokenRequest, NewOAuthToken, SunshineError, SunshineErrors, SupportError,
    SupportErrorDetail, SupportErrorValue, SupportFieldError,
};
use zendesk_oauth::oauth_bridge::GetTokenError;
use zendesk_oauth::support::{
    CreateTokenError, ListTokensError, RevokeCurrentTokenError, RevokeTokenError, ShowTokenError,
};
use zendesk_oauth::{
    CallSettings, Client, ClientBuilder, DecodeError, Error, RawResponse, ResponseProblem,
    RetryPolicy, Secret,
};

// ---------------------------------------------------------------------------------------------
// Retry policies
// ---------------------------------------------------------------------------------------------

/// The default policy (3 attempts, idempotent methods only, `Retry-After` honoured up to
/// 60 s) with backoffs of 1–5 ms instead of 0.5–30 s.
macro_rules! fast_policy {
    () => {
        RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
    };
}

// ---------------------------------------------------------------------------------------------
// Servers and clients
// ---------------------------------------------------------------------------------------------

/// A client builder whose every server is `uri` (plus the server's real path prefix), with
/// the harness credentials for Support (basic and bearer), Chat and the bridge (bearer), and
/// [`fast_policy!`].
fn client_for(uri: &str) -> ClientBuilder {
    Client::builder()
        .support_base_url(uri)
        .chat_base_url(format!("{uri}/api/v2"))
        .oauth_bridge_base_url(format!("{uri}/sc"))
        .sunshine_api_base_url(uri)
        .support_basic_auth(SUPPORT_BASIC_USERNAME, SUPPORT_BASIC_PASSWORD)
        .support_bearer_auth(SUPPORT_BEARER_TOKEN)
        .chat_bearer_auth(CHAT_BEARER_TOKEN)
        .bridge_bearer_auth(BRIDGE_BEARER_TOKEN)
        .retry_policy(fast_policy!())
}

/// Answers the N-th request with the N-th response; the last one is repeated forever.
struct Sequence {
    responses: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let index = self.next.fetch_add(1, Ordering::SeqCst);
        self.responses[index.min(self.responses.len() - 1)].clone()
    }
}

/// A mock server answering every request with `responses`, in order, the last one repeated.
async fn serve(responses: Vec<ResponseTemplate>) -> MockServer {
    assert!(!responses.is_empty());
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Sequence {
            responses,
            next: AtomicUsize::new(0),
        })
        .mount(&server)
        .await;
    server
}

/// How many requests `server` has received.
async fn received(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("the mock server records requests")
        .len()
}

/// The waits the client asked for between attempts, in order: the `delay_ms` of each
/// `retrying` event it traced. The sleeps requested, not the time that passed.
fn requested_sleeps(traced: &leaks::Captured) -> Vec<u64> {
    traced
        .text()
        .lines()
        .filter(|line| line.contains("retrying"))
        .map(|line| {
            let at = line
                .find("delay_ms=")
                .expect("a retrying event has delay_ms")
                + 9;
            let digits: String = line[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().expect("delay_ms is a number")
        })
        .collect()
}

/// The recorded Show Token 200 response (`{"token": {...}}`).
fn show_token_ok() -> ResponseTemplate {
    Fixture::load("support/show_token.json").response_template()
}

/// The recorded Show Token 200 body, as text.
fn show_token_body() -> String {
    let fixture = Fixture::load("support/show_token.json");
    serde_json::to_string(fixture.response.body.as_ref().expect("a JSON body")).expect("JSON")
}

/// The recorded Create Token 201 response.
fn create_token_ok() -> ResponseTemplate {
    Fixture::load("support/create_token.json").response_template()
}

fn create_request() -> CreateOAuthTokenRequest {
    CreateOAuthTokenRequest {
        token: NewOAuthToken {
            client_id: 1234,
            scopes: vec!["read".to_owned()],
        },
    }
}

fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn raw_response(status: u16, body: impl Into<Vec<u8>>, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), content_type)
}

/// The problem and raw response of an `Error::UnexpectedResponse`; panics on anything else.
fn unexpected<E: std::fmt::Debug>(error: Error<E>) -> (ResponseProblem, RawResponse) {
    match error {
        Error::UnexpectedResponse {
            problem, response, ..
        } => (problem, *response),
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
}

/// The decode error of an `Error::UnexpectedResponse` with an invalid body.
fn invalid_body<E: std::fmt::Debug>(error: Error<E>) -> (DecodeError, RawResponse) {
    match unexpected(error) {
        (ResponseProblem::InvalidBody(decode), response) => (decode, response),
        (problem, response) => {
            panic!("expected ResponseProblem::InvalidBody, got {problem:?} for {response:?}")
        }
    }
}

/// A loopback port nothing listens on: bound, then released.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("local address").port()
}

/// A raw server that answers every connection with a 200 whose `Content-Length` promises
/// more than is sent, sends half of a real body and closes the connection. Returns its URL
/// and the number of connections accepted so far.
async fn cut_off_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let uri = format!("http://{}", listener.local_addr().expect("local address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    let body = show_token_body();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            tokio::spawn(async move {
                // Read the request head (a GET has no body) before answering.
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buffer[..read]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len() + 1000
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body.as_bytes()[..body.len() / 2]).await;
                let _ = socket.flush().await;
                // Dropping the socket closes the connection mid-body.
            });
        }
    });
    (uri, accepted)
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Connection-level faults
// ---------------------------------------------------------------------------------------------

/// 6. Nothing listens: every attempt fails to connect, the error is `Transport` after all
/// attempts, with no status.
#[tokio::test]
async fn connection_refused_is_a_transport_error_after_every_attempt() {
    let uri = format!("http://127.0.0.1:{}", closed_port().await);
    let client = client_for(&uri).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("nothing listens");

    assert_eq!(error.status(), None);
    assert!(error.response().is_none());
    assert_eq!(error.attempts(), 3);
    match error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts: 3,
            ref source,
        } => assert!(source.is_connect(), "{source:?}"),
        other => panic!("expected Error::Transport after 3 attempts, got {other:?}"),
    }
}

/// 7a. The connection drops in the middle of a 200 body: a `Transport` error, no status.
#[tokio::test]
async fn connection_cut_mid_body_is_a_transport_error() {
    let (uri, accepted) = cut_off_server().await;
    let client = client_for(&uri)
        .retry_policy(fast_policy!().max_attempts(1))
        .build()
        .expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the body is cut off");

    assert_eq!(error.status(), None);
    assert!(error.response().is_none());
    match &error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts: 1,
            source,
        } => assert!(!source.is_connect() && !source.is_timeout(), "{source:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

/// 7b. A GET whose body is cut off is retried, and when every attempt is cut off the error
/// is `Transport` after all of them.
#[tokio::test]
async fn connection_cut_mid_body_is_retried_then_a_transport_error() {
    let (uri, accepted) = cut_off_server().await;
    let client = client_for(&uri).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("every body is cut off");

    assert_eq!(error.status(), None);
    match &error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts,
            ..
        } => assert_eq!(*attempts, 3, "{error:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

// ---------------------------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------------------------

/// 8a. A response slower than the client's per-attempt timeout: `Transport` with a timeout
/// source, after one attempt when the policy never retries.
#[tokio::test]
async fn slow_response_times_out() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri())
        .timeout(Duration::from_millis(200))
        // No overall deadline: see `client_timeout_bounds_each_attempt_under_the_default_deadline`.
        .retry_policy(fast_policy!().max_attempts(1).total_timeout(None))
        .build()
        .expect("client");

    // Without the 200 ms timeout the 3 s response would arrive: the error alone proves it
    // was applied, with no assertion on how long it took.
    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the response is too slow");

    assert_eq!(error.status(), None);
    match error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts: 1,
            ref source,
        } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

/// 8b. The same with the timeout and the never-retry policy set on the call.
#[tokio::test]
async fn slow_response_times_out_with_a_per_call_timeout() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let outcome = client
        .support()
        .show_token(223443)
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_policy!().max_attempts(1))
        .send()
        .await;

    match outcome {
        Err(Error::Transport {
            attempts: 1,
            ref source,
            ..
        }) => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

/// 8c. The total deadline bounds several attempts and the waits between them: two quick
/// 503s, then a response that would take 3 s is cut off when the 500 ms are up.
#[tokio::test]
async fn total_timeout_bounds_all_attempts() {
    let server = serve(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        show_token_ok().set_delay(Duration::from_secs(3)),
    ])
    .await;
    let client = client_for(&server.uri())
        .retry_policy(
            fast_policy!()
                .max_attempts(10)
                .total_timeout(Some(Duration::from_millis(500))),
        )
        .build()
        .expect("client");

    let started = Instant::now();
    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the deadline passes during the third attempt");
    let elapsed = started.elapsed();

    // The deadline is never early (the 3 s response would otherwise arrive).
    assert!(elapsed >= Duration::from_millis(500), "took {elapsed:?}");
    assert_eq!(received(&server).await, 3);
    match error {
        Error::Transport {
            attempts: 3,
            ref source,
            ..
        } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport after 3 attempts, got {other:?}"),
    }
}

/// 8d. The same deadline with every attempt slow, and a per-call timeout shorter than the
/// deadline: several attempts fit, and the deadline still ends them.
#[tokio::test]
async fn total_timeout_bounds_several_slow_attempts() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri()).build().expect("client");
    let (traced, _tracing) = leaks::capture_tracing();

    let started = Instant::now();
    let outcome = client
        .support()
        .show_token(223443)
        .timeout(Duration::from_millis(200))
        .retry_policy(
            fast_policy!()
                .max_attempts(10)
                .total_timeout(Some(Duration::from_millis(500))),
        )
        .send()
        .await;
    let elapsed = started.elapsed();

    assert!(elapsed >= Duration::from_millis(500), "took {elapsed:?}");
    let sleeps = requested_sleeps(&traced);
    assert!(sleeps.iter().all(|&ms| ms <= 5), "backoffs: {sleeps:?}");
    match outcome {
        Err(Error::Transport {
            attempts,
            ref source,
            ..
        }) => {
            assert!(source.is_timeout(), "{source:?}");
            // One attempt more than waits, and fewer than max_attempts: the deadline ended
            // them. (How many 200 ms attempts fit in 500 ms depends on the machine's timers;
            // normally 3.)
            assert_eq!(attempts as usize, sleeps.len() + 1, "{sleeps:?}");
            assert!(attempts < 10, "attempts: {attempts}");
        }
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

/// The client-wide `timeout(..)` bounds each attempt under the default policy too (whose
/// overall deadline is 2 minutes).
#[tokio::test]
async fn client_timeout_bounds_each_attempt_under_the_default_deadline() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_policy!().max_attempts(1))
        .build()
        .expect("client");

    // Without the client's 200 ms timeout the 3 s response would arrive (the default
    // deadline is 2 minutes).
    let outcome = client.support().show_token(223443).send().await;

    match outcome {
        Err(Error::Transport {
            attempts: 1,
            ref source,
            ..
        }) => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Malformed bodies
// ---------------------------------------------------------------------------------------------

/// 9. A 200 that is not JSON: `InvalidBody` with the path, status and raw body kept.
#[tokio::test]
async fn invalid_json_on_success() {
    let body = r#"{"token": nope}"#;
    let server = serve(vec![raw_response(200, body, "application/json")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("not JSON");

    assert_eq!(error.attempts(), 1);
    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, "token");
    assert!(decode.message.contains("line 1 column 12"), "{decode:?}");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.body.as_ref(), body.as_bytes());
}

/// 10. A 200 whose field has the wrong type: the path names the field.
#[tokio::test]
async fn wrong_field_type_names_the_field() {
    let mut body: Value = serde_json::from_str(&show_token_body()).expect("JSON");
    body["token"]["id"] = json!("abc");
    let server = serve(vec![json_response(200, body)]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("id is a string");

    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, "token.id");
    assert!(decode.message.contains("invalid type"), "{decode:?}");
    assert_eq!(response.status.as_u16(), 200);
}

/// A typical proxy error page, several lines long.
const NGINX_500: &str =
    "<!DOCTYPE html>\r\n<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n\
                         <body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n\
                         <hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// 11a. An HTML error page from a proxy: an undeclared status, the raw text kept, and a
/// `Display` that starts with the operation id and names the status.
#[tokio::test]
async fn html_500_page_is_an_undeclared_status() {
    let page = NGINX_500;
    let server = serve(vec![raw_response(500, page, "text/html")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("500");

    let shown = error.to_string();
    assert!(shown.starts_with("ShowOAuthToken: "), "{shown}");
    assert!(shown.contains("HTTP 500"), "{shown}");
    assert!(
        shown.contains("500 Internal Server Error</title>"),
        "{shown}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    let (problem, response) = unexpected(error);
    assert_eq!(problem, ResponseProblem::UndeclaredStatus);
    assert_eq!(response.text(), page);
    assert_eq!(raw_header(&response, "content-type"), Some("text/html"));
}

/// 11b. `Display` of an error is one line even when the body it quotes is not, so one error
/// is one log line.
#[tokio::test]
async fn display_of_an_html_error_page_is_one_line() {
    let server = serve(vec![raw_response(500, NGINX_500, "text/html")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("500");

    let shown = error.to_string();
    assert!(shown.starts_with("ShowOAuthToken: "), "{shown}");
    assert!(shown.contains("HTTP 500"), "{shown}");
    assert!(
        !shown.contains(['\n', '\r']),
        "Display must be one line: {shown:?}"
    );
}

/// 12. An empty 200 where JSON is expected.
#[tokio::test]
async fn empty_body_on_success() {
    let server = serve(vec![ResponseTemplate::new(200)]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("empty body");

    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, ".");
    assert!(decode.message.contains("empty"), "{decode:?}");
    assert_eq!(response.status.as_u16(), 200);
    assert!(response.body.is_empty());
}

/// 13. A body cut short (a valid prefix of the real one): `InvalidBody`.
#[tokio::test]
async fn truncated_json_on_success() {
    let full = show_token_body();
    let prefix = &full[..full.len() / 2];
    let server = serve(vec![raw_response(200, prefix, "application/json")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("truncated");

    let (decode, response) = invalid_body(error);
    assert!(decode.message.contains("EOF"), "{decode:?}");
    assert!(decode.path.starts_with("token"), "{decode:?}");
    assert_eq!(response.body.as_ref(), prefix.as_bytes());
}

/// 14. An error body larger than 64 KiB is kept, but only its first 65536 bytes; `Display`
/// stays short.
#[tokio::test]
async fn huge_error_body_is_bounded() {
    let body = "x".repeat(200 * 1024);
    let server = serve(vec![raw_response(500, body, "text/plain")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("500");

    assert!(error.to_string().chars().count() < 400);
    let (problem, response) = unexpected(error);
    assert_eq!(problem, ResponseProblem::UndeclaredStatus);
    assert_eq!(response.body.len(), 65536);
    assert!(response.body.iter().all(|byte| *byte == b'x'));
}

// ---------------------------------------------------------------------------------------------
// Documented error bodies not covered by the recorded fixtures
// ---------------------------------------------------------------------------------------------

/// 15. Each area's documented error bodies decode into the operation's typed variant, for
/// the (operation, status) pairs the fixtures do not record.
#[tokio::test]
async fn documented_error_bodies_decode_into_their_variants() {
    // Support: 404 RecordNotFound on Revoke Token (the fixture has it on Show Token).
    let server = serve(vec![json_response(
        404,
        json!({"error": "RecordNotFound", "description": "Not found"}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client.support().revoke_token(1).send().await.unwrap_err();
    assert_eq!(
        api_error(error).0,
        RevokeTokenError::NotFound(SupportError {
            description: Some("Not found".to_owned()),
            details: None,
            error: SupportErrorValue::String("RecordNotFound".to_owned()),
        })
    );

    // Support: 403 with an error object on List Tokens and on Create Token.
    let forbidden =
        json!({"error": {"title": "Forbidden", "message": "You do not have access to this page."}});
    let expected = SupportError {
        description: None,
        details: None,
        error: SupportErrorValue::SupportErrorDetail(SupportErrorDetail {
            message: "You do not have access to this page.".to_owned(),
            title: "Forbidden".to_owned(),
        }),
    };
    let server = serve(vec![json_response(403, forbidden)]).await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client.support().list_tokens().send().await.unwrap_err();
    assert_eq!(
        api_error(error).0,
        ListTokensError::Forbidden(expected.clone())
    );
    let error = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_error(error).0, CreateTokenError::Forbidden(expected));

    // Support: 422 RecordInvalid with several fields, one error without a code.
    let server = serve(vec![json_response(
        422,
        json!({
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {
                "scopes": [{"description": "Scopes: is invalid", "error": "InvalidValue"}],
                "base": [{"description": "Client is inactive"}]
            }
        }),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error).0,
        CreateTokenError::UnprocessableEntity(SupportError {
            description: Some("Record validation errors".to_owned()),
            details: Some(
                [
                    (
                        "base".to_owned(),
                        vec![SupportFieldError {
                            description: "Client is inactive".to_owned(),
                            error: None,
                        }],
                    ),
                    (
                        "scopes".to_owned(),
                        vec![SupportFieldError {
                            description: "Scopes: is invalid".to_owned(),
                            error: Some("InvalidValue".to_owned()),
                        }],
                    ),
                ]
                .into_iter()
                .collect()
            ),
            error: SupportErrorValue::String("RecordInvalid".to_owned()),
        })
    );

    // Support: 401 on Revoke Current Token (a bearer-only operation).
    let server = serve(vec![json_response(
        401,
        json!({"error": "Couldn't authenticate you"}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .support()
        .revoke_current_token()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error).0,
        RevokeCurrentTokenError::Unauthorized(SupportError {
            description: None,
            details: None,
            error: SupportErrorValue::String("Couldn't authenticate you".to_owned()),
        })
    );

    // Chat: 401 on Revoke Token (the fixtures have it on List Tokens, and 404 on Revoke).
    let server = serve(vec![json_response(
        401,
        json!({"error": "Unauthorized", "description": "The server could not verify that you are authorized to access the URL requested."}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client.chat().revoke_token(38).send().await.unwrap_err();
    assert_eq!(
        api_error(error).0,
        zendesk_oauth::chat::RevokeTokenError::Unauthorized(zendesk_oauth::models::ChatError {
            description: Some(
                "The server could not verify that you are authorized to access the URL requested."
                    .to_owned()
            ),
            error: Some("Unauthorized".to_owned()),
        })
    );

    // Sunshine: 401 on Get Token (the fixtures have 400 there, 401 on the other two).
    let server = serve(vec![json_response(
        401,
        json!({"errors": [{"code": "unauthorized", "title": "Invalid client credentials"}]}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .oauth_bridge()
        .get_token(zendesk_oauth::models::BridgeTokenRequest {
            client_id: "client".to_owned(),
            client_secret: Secret::new("client-secret"),
            code: Secret::new("code"),
            grant_type: zendesk_oauth::models::BridgeTokenRequestGrantType::AuthorizationCode,
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error).0,
        GetTokenError::Unauthorized(SunshineErrors {
            errors: vec![SunshineError {
                code: "unauthorized".to_owned(),
                title: "Invalid client credentials".to_owned(),
            }],
        })
    );
}

/// A declared error status whose body is not the documented one (a proxy's HTML 404): not
/// `Api`, but `UnexpectedResponse` with the decode error and the raw body.
#[tokio::test]
async fn declared_status_with_an_undocumented_body() {
    let server = serve(vec![raw_response(
        404,
        "<html><body>Not Found</body></html>",
        "text/html",
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect_err("404");

    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, ".");
    assert_eq!(response.status.as_u16(), 404);
    assert_eq!(response.text(), "<html><body>Not Found</body></html>");
}

// ---------------------------------------------------------------------------------------------
// Rate-limit headers, credentials, tracing
// ---------------------------------------------------------------------------------------------

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
