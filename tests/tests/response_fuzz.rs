//! A property test of the response path: arbitrary statuses, headers and body bytes (recorded
//! bodies truncated, corrupted, deeply nested, with duplicate keys, numbers beyond `i64`,
//! non-UTF-8, trailing data, random bytes) sent by a raw TCP server to every operation that
//! sends a request. Every call must end, without a panic, in `Ok` or a typed error that
//! matches what was sent. The generator is seeded: a failure names the case to replay.

mod raw_server;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fixture_tests::{all_fixture_names, Fixture};
use raw_server::{client_for, serve};
use zendesk_oauth::models::{
    BridgeTokenRequest, BridgeTokenRequestGrantType, CreateOAuthTokenRequest, NewOAuthToken,
};
use zendesk_oauth::{Client, Error, RetryPolicy, Secret};

/// Cases generated; every one goes through every operation.
const CASES: usize = 120;
const SEED: u64 = 0x5EED_0012_C0FF_EE00;

/// xorshift64*: deterministic, dependency-free randomness for the cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every recorded response body, as JSON text: realistic shapes to corrupt.
fn recorded_bodies() -> Vec<String> {
    all_fixture_names()
        .iter()
        .filter_map(|name| Fixture::load(name).response.body)
        .map(|body| body.to_string())
        .collect()
}

fn nested(depth: usize, open: &str, close: &str, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// A body built from `seed` by one of several corruptions.
fn body(rng: &mut Rng, seed: &str) -> Vec<u8> {
    let bytes = seed.as_bytes();
    match rng.below(12) {
        0 => bytes.to_vec(),
        1 => bytes[..rng.below(bytes.len() + 1)].to_vec(),
        2 => {
            let mut out = bytes.to_vec();
            for _ in 0..=rng.below(8) {
                if !out.is_empty() {
                    let at = rng.below(out.len());
                    out[at] = *rng.pick(&[0xFF, 0xC3, 0x00, b'"', b'{', b']', b'\\', b'9']);
                }
            }
            out
        }
        3 => nested(rng.below(20_000), "[", "]", "1").into_bytes(),
        4 => nested(rng.below(5_000), "{\"token\":", "}", "{}").into_bytes(),
        // Duplicate keys: the first key of the document again, with another value.
        5 => match seed.strip_prefix('{') {
            Some(rest) => format!("{{\"tokens\":[],\"token\":null,\"app\":1,{rest}").into_bytes(),
            None => bytes.to_vec(),
        },
        // Numbers beyond what any field holds.
        6 => {
            let huge = rng.pick(&[
                "99999999999999999999999",
                "-99999999999999999999999",
                "1e400",
                "-0.0",
                "18446744073709551616",
                "1.5",
            ]);
            seed.replace(|c: char| c.is_ascii_digit(), "")
                .replace("\"id\":", &format!("\"id\":{huge}"))
                .replace(":,", &format!(":{huge},"))
                .into_bytes()
        }
        7 => (0..rng.below(4096)).map(|_| rng.next() as u8).collect(),
        8 => Vec::new(),
        9 => format!("{seed} {seed}").into_bytes(),
        10 => format!(
            "{{\"tokens\":[{{\"id\":1,\"token\":\"{}\"}}]}}",
            "x".repeat(rng.below(1 << 20))
        )
        .into_bytes(),
        _ => seed.replace('"', "'").into_bytes(),
    }
}

/// Extra header lines: odd `Retry-After`s and rate-limit values, cookies, junk.
fn headers(rng: &mut Rng) -> Vec<String> {
    let candidates = [
        "retry-after: 0",
        "retry-after: 99999999999999999999999",
        "retry-after: -1",
        "retry-after: Sun, 06 Nov 1994 08:49:37 GMT",
        "retry-after: Fri, 31 Dec 9999 23:59:59 GMT",
        "retry-after: soon",
        "x-rate-limit: 18446744073709551616",
        "x-rate-limit-remaining: -5",
        "ratelimit-reset: 99999999999999999999",
        "set-cookie: session=abc; HttpOnly",
        "content-type: application/json",
        "content-type: text/html; charset=utf-8",
        "content-type: application/json; charset=latin1",
        "x-zendesk-request-id: \u{7f}odd",
        "x-junk: \u{80}\u{ff}",
        "location: https://elsewhere.example/",
    ];
    (0..rng.below(5))
        .map(|_| (*rng.pick(&candidates)).to_owned())
        .collect()
}

/// One case: a whole HTTP response, and a description to replay it by.
fn case(rng: &mut Rng, seeds: &[String]) -> (u16, Vec<u8>, String) {
    let status = if rng.below(2) == 0 {
        *rng.pick(&[
            200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503,
        ])
    } else {
        200 + rng.below(400) as u16
    };
    let seed = rng.pick(seeds).clone();
    let body = body(rng, &seed);
    let headers = headers(rng);
    let mut out = format!("HTTP/1.1 {status} Whatever\r\n");
    for header in &headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut response = out.into_bytes();
    response.extend_from_slice(&body);
    let description = format!(
        "status {status}, headers {headers:?}, {} body bytes starting {:?}",
        body.len(),
        String::from_utf8_lossy(&body[..body.len().min(80)])
    );
    (status, response, description)
}

/// Checks one call's outcome: it ended, and an error is typed and consistent with `status`.
async fn check<T, E: std::fmt::Debug>(
    operation: &str,
    status: u16,
    description: &str,
    call: impl Future<Output = Result<T, Error<E>>>,
) {
    let outcome = tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .unwrap_or_else(|_| panic!("{operation} did not end for {description}"));
    let Err(error) = outcome else {
        return;
    };
    // Rendering must not panic either.
    let shown = format!("{error} {error:?}");
    assert!(!shown.is_empty());
    match &error {
        Error::Api { .. } | Error::UnexpectedResponse { .. } | Error::BodyTooLarge { .. } => {
            assert_eq!(
                error.status().map(|status| status.as_u16()),
                Some(status),
                "{operation}: {description}: {error:?}"
            );
        }
        // A body that contradicts its own framing (a 204 with a body, ...) is a transport
        // error from the HTTP layer.
        Error::Transport { .. } => {}
        other => panic!("{operation}: unexpected error kind for {description}: {other:?}"),
    }
}

fn create_token_body() -> CreateOAuthTokenRequest {
    CreateOAuthTokenRequest {
        token: NewOAuthToken {
            client_id: 1,
            scopes: vec!["read".to_owned()],
        },
    }
}

fn bridge_token_body() -> BridgeTokenRequest {
    BridgeTokenRequest {
        client_id: "client".to_owned(),
        client_secret: Secret::new("secret"),
        code: Secret::new("code"),
        grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
    }
}

/// Sends every operation that makes a request once, checking each outcome.
async fn every_operation(client: &Client, status: u16, description: &str) {
    let support = client.support();
    check(
        "CreateToken",
        status,
        description,
        support.create_token(create_token_body()).send(),
    )
    .await;
    check(
        "ListTokens",
        status,
        description,
        support.list_tokens().send(),
    )
    .await;
    check(
        "RevokeCurrentToken",
        status,
        description,
        support.revoke_current_token().send(),
    )
    .await;
    check(
        "RevokeToken",
        status,
        description,
        support.revoke_token(1).send(),
    )
    .await;
    check(
        "ShowCurrentToken",
        status,
        description,
        support.show_current_token().send(),
    )
    .await;
    check(
        "ShowToken",
        status,
        description,
        support.show_token(1).send(),
    )
    .await;
    let chat = client.chat();
    check(
        "ChatListTokens",
        status,
        description,
        chat.list_tokens().send(),
    )
    .await;
    check(
        "ChatRevokeToken",
        status,
        description,
        chat.revoke_token(1).send(),
    )
    .await;
    let bridge = client.oauth_bridge();
    check(
        "GetToken",
        status,
        description,
        bridge.get_token(bridge_token_body()).send(),
    )
    .await;
    check(
        "GetTokenInfo",
        status,
        description,
        bridge.get_token_info().send(),
    )
    .await;
    check(
        "RevokeAccess",
        status,
        description,
        bridge.revoke_access().send(),
    )
    .await;
}

#[tokio::test]
async fn arbitrary_responses_through_every_operation_end_in_typed_outcomes() {
    let current: Arc<Mutex<Vec<u8>>> = Arc::default();
    let served = Arc::clone(&current);
    let server = serve(move |mut conn| {
        let response = served.lock().expect("current case").clone();
        async move { conn.send(&response).await }
    })
    .await;
    let client = client_for(&server.url)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(1), Duration::from_millis(2))
                .max_retry_after(Duration::from_millis(10)),
        )
        .max_response_body(512 * 1024)
        .build()
        .expect("client");
    let seeds = recorded_bodies();
    assert!(seeds.len() >= 10, "recorded bodies: {}", seeds.len());
    let mut rng = Rng(SEED);

    for index in 0..CASES {
        let (status, response, description) = case(&mut rng, &seeds);
        *current.lock().expect("current case") = response;
        every_operation(&client, status, &format!("case {index}: {description}")).await;
    }
}
