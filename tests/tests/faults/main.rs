//! Fault injection against a local server: what the client does when the network, the server
//! or the body misbehaves. Every test asserts the exact typed outcome (variant, attempts,
//! status, what the server received).
//!
//! HTTP-level faults (statuses, `Retry-After`, slow or malformed responses) come from a
//! `wiremock` server answering a scripted sequence; connection-level faults (refused, reset
//! mid-body) from a raw `tokio` TCP listener on 127.0.0.1. Backoffs are a few milliseconds so
//! the whole file runs in a couple of seconds.

#[path = "../leaks/mod.rs"]
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

// The tests, by kind of fault.
mod bodies;
mod connections;
mod documented_errors;
mod headers_and_tracing;
mod retries;
mod timeouts;
