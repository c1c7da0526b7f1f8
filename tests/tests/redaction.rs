//! Secrets stay out of every rendering even when a server echoes them back, and credentials
//! are checked and encoded exactly. Responses come from a raw TCP server (tests/raw_server).

mod raw_server;

use fixture_tests::credentials::{
    BRIDGE_BEARER_TOKEN, CHAT_BEARER_TOKEN, SUPPORT_BASIC_PASSWORD, SUPPORT_BEARER_TOKEN,
};
use raw_server::{client_for, response, serve};
use zendesk_oauth::{BuildError, Client, RetryPolicy};

const COOKIE_VALUE: &str = "cookie-s3cr3t-value";

#[tokio::test]
async fn credentials_echoed_by_the_server_and_cookies_never_render() {
    let server = serve(|mut conn| async move {
        let body = format!(
            r#"{{"error":"InvalidToken","description":"bad: {SUPPORT_BASIC_PASSWORD} {SUPPORT_BEARER_TOKEN} {CHAT_BEARER_TOKEN} {BRIDGE_BEARER_TOKEN}"}}"#
        );
        let echo = format!("x-echo: you sent {SUPPORT_BEARER_TOKEN}");
        let cookie = format!("set-cookie: _session={COOKIE_VALUE}; HttpOnly");
        let authorization = format!("www-authenticate: Bearer realm=\"{SUPPORT_BASIC_PASSWORD}\"");
        conn.send(&response(
            "401 Unauthorized",
            &[
                "content-type: application/json",
                "x-request-id: req-42",
                &echo,
                &cookie,
                &authorization,
            ],
            body.as_bytes(),
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
        .expect_err("401");

    let shown = format!("{error}\n{error:?}\n{error:#?}");
    for secret in [
        SUPPORT_BASIC_PASSWORD,
        SUPPORT_BEARER_TOKEN,
        CHAT_BEARER_TOKEN,
        BRIDGE_BEARER_TOKEN,
        COOKIE_VALUE,
    ] {
        assert!(!shown.contains(secret), "`{secret}` rendered in:\n{shown}");
    }
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(
        shown.contains("req-42"),
        "harmless headers stay visible: {shown}"
    );
    let raw = error.response().expect("the response is kept");
    assert_eq!(raw.status.as_u16(), 401);
    assert!(
        String::from_utf8_lossy(&raw.body).contains(SUPPORT_BEARER_TOKEN),
        "the raw body itself is intact for the caller"
    );
}

#[tokio::test]
async fn a_credential_quoted_in_a_decode_error_is_masked() {
    // The token where the spec wants an object: serde quotes the offending value.
    let server = serve(|mut conn| async move {
        let body = format!(r#"{{"token":"{SUPPORT_BEARER_TOKEN}"}}"#);
        conn.send(&response(
            "200 OK",
            &["content-type: application/json"],
            body.as_bytes(),
        ))
        .await;
    })
    .await;
    let client = client_for(&server.url).build().expect("client");

    let error = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect_err("invalid body");

    let shown = format!("{error}\n{error:?}");
    assert!(!shown.contains(SUPPORT_BEARER_TOKEN), "{shown}");
    assert!(shown.contains("[REDACTED]"), "{shown}");
}

#[test]
fn url_passwords_stay_out_of_builder_debug_and_build_errors() {
    for url in [
        "https://user:hunter2@example.com",
        "https://user:hunter2@example.com:99999999",
        "ftp://user:hunter2@example.com",
        "https://user:hunter2@example.com/?q=1",
    ] {
        let builder = Client::builder().support_base_url(url);
        let debug = format!("{builder:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        let error = builder.build().expect_err("rejected");
        assert!(
            matches!(error, BuildError::InvalidBaseUrl { .. }),
            "{error:?}"
        );
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[REDACTED]@example.com"), "{shown}");
    }
}

#[test]
fn bearer_tokens_outside_rfc_6750_are_rejected_at_build() {
    for token in ["tökén", "two words", "tab\there", "quote\"d"] {
        let error = Client::builder()
            .support_bearer_auth(token)
            .build()
            .expect_err("not a b64token");
        assert!(
            matches!(error, BuildError::InvalidCredential { .. }),
            "{token:?}: {error:?}"
        );
        assert!(!error.to_string().contains(token), "{error}");
    }
}

#[tokio::test]
async fn basic_credentials_go_on_the_wire_as_utf_8_base64() {
    let server = serve(|mut conn| async move {
        conn.send(&response("204 No Content", &[], b"")).await;
    })
    .await;
    let client = Client::builder()
        .support_base_url(&server.url)
        .support_basic_auth("admin@example.com/token", "pässwörd✓")
        .build()
        .expect("client");

    client.support().revoke_token(1).send().await.expect("204");

    let heads = server.request_heads();
    assert_eq!(heads.len(), 1);
    let authorization = heads[0]
        .lines()
        .find_map(|line| line.strip_prefix("authorization: "))
        .expect("an Authorization header");
    // base64("admin@example.com/token:pässwörd✓"), UTF-8 as RFC 7617 section 2.1 says.
    assert_eq!(
        authorization,
        "Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46cMOkc3N3w7ZyZOKckw=="
    );
}
