//! Checks of the replay harness itself: every fixture is valid and replayed by a test, and
//! `Replay::verify` really fails when the client sends something else than was recorded.

use std::future::Future;

use fixture_tests::{all_fixture_names, Fixture, Replay, EXHAUSTED_STATUS};
use serde_json::Value;

/// Runs `future` to completion and returns its panic message; fails if it does not panic.
async fn panic_message(future: impl Future<Output = ()> + Send + 'static) -> String {
    let error = tokio::spawn(future)
        .await
        .expect_err("expected the replay check to panic");
    let payload = error.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "<non-string panic payload>".to_owned())
}

fn contains_integer_above_2_pow_53(value: &Value) -> bool {
    const LIMIT: u64 = 1 << 53;
    match value {
        Value::Number(number) => number.as_u64().is_some_and(|n| n > LIMIT),
        Value::Array(items) => items.iter().any(contains_integer_above_2_pow_53),
        Value::Object(fields) => fields.values().any(contains_integer_above_2_pow_53),
        _ => false,
    }
}

#[test]
fn every_fixture_is_valid_and_areas_are_known() {
    let names = all_fixture_names();
    assert!(names.len() >= 20, "fixtures found: {names:?}");
    for name in &names {
        let area = name.split('/').next().unwrap_or_default();
        assert!(
            ["support", "chat", "oauth_bridge"].contains(&area),
            "fixture `{name}` is not in a known area"
        );
        // Panics with the file name and the problems when a fixture is inconsistent.
        Fixture::load(name);
    }
}

#[test]
fn every_fixture_is_replayed_by_a_test() {
    // Every test source, wherever a split put it (`support/errors.rs`, `faults/…`).
    fn read_sources(dir: &std::path::Path, sources: &mut String) {
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                read_sources(&path, sources);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                sources.push_str(
                    &std::fs::read_to_string(&path)
                        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display())),
                );
            }
        }
    }
    let mut sources = String::new();
    read_sources(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests")),
        &mut sources,
    );
    let unused: Vec<String> = all_fixture_names()
        .into_iter()
        .filter(|name| !sources.contains(&format!("\"{name}\"")))
        .collect();
    assert!(unused.is_empty(), "fixtures no test replays: {unused:?}");
}

#[test]
fn some_fixture_exercises_ids_above_2_pow_53() {
    let large: Vec<String> = all_fixture_names()
        .into_iter()
        .filter(|name| {
            let fixture = Fixture::load(name);
            let in_path = fixture
                .request
                .path
                .split('/')
                .any(|segment| segment.parse::<u64>().is_ok_and(|n| n > 1 << 53));
            let in_body = fixture
                .response
                .body
                .as_ref()
                .is_some_and(contains_integer_above_2_pow_53);
            in_path || in_body
        })
        .collect();
    assert!(
        large.iter().any(|name| name.starts_with("support/")),
        "{large:?}"
    );
}

#[tokio::test]
async fn verify_reports_a_mismatching_request_with_the_fixture_name() {
    let replay = Replay::start(&["support/show_token.json"]).await;
    let client = replay.client().build().expect("client");
    // Recorded for token 223443; ask for another one.
    client
        .support()
        .show_token(1)
        .send()
        .await
        .expect("the recorded response is replayed whatever the request");

    let message = panic_message(async move { replay.verify().await }).await;
    assert!(message.contains("support/show_token.json"), "{message}");
    assert!(
        message
            .contains("path: expected `/api/v2/oauth/tokens/223443`, got `/api/v2/oauth/tokens/1`"),
        "{message}"
    );
}

#[tokio::test]
async fn verify_reports_wrong_query_headers_and_body() {
    let replay = Replay::start(&["oauth_bridge/get_token.json"]).await;
    // A raw request that differs from the recording in every checked respect.
    let request = wiremock::Request {
        url: format!("{}/sc/oauth/token?x=1", replay.uri())
            .parse()
            .expect("url"),
        method: "POST".parse().expect("method"),
        headers: [("authorization", "Bearer leaked")]
            .into_iter()
            .map(|(name, value)| (name.parse().expect("name"), value.parse().expect("value")))
            .collect(),
        body: br#"{"code":"other"}"#.to_vec(),
    };
    let fixture = &replay.fixtures()[0];
    let differences = fixture.differences(&request).join("\n");
    assert!(
        differences.contains("query: expected pairs []"),
        "{differences}"
    );
    assert!(
        differences.contains("header `content-type`: expected `application/json`, got nothing"),
        "{differences}"
    );
    assert!(
        differences.contains("header `authorization` must not be sent, got `Bearer leaked`"),
        "{differences}"
    );
    assert!(differences.contains("body: expected JSON"), "{differences}");
}

#[tokio::test]
async fn verify_reports_requests_that_were_never_sent() {
    let replay = Replay::start(&["chat/list_tokens.json"]).await;
    let message = panic_message(async move { replay.verify().await }).await;
    assert!(
        message.contains("request #1 (fixture `chat/list_tokens.json`): never sent"),
        "{message}"
    );
}

#[tokio::test]
async fn requests_beyond_the_last_fixture_get_599_and_fail_verify() {
    let replay = Replay::start(&[]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .chat()
        .list_tokens()
        .send()
        .await
        .expect_err("599 is not a declared response");
    let response = error.response().expect("a response was received");
    assert_eq!(response.status.as_u16(), EXHAUSTED_STATUS);
    assert!(
        response
            .text()
            .contains("only 0 fixture(s) were recorded for this test"),
        "{}",
        response.text()
    );

    let message = panic_message(async move { replay.verify().await }).await;
    assert!(
        message.contains(
            "request #1: unexpected, no fixture left to answer it: GET /api/v2/chat/oauth/tokens"
        ),
        "{message}"
    );
}
