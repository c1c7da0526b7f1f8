//! Credentials that would inject headers are rejected, and the leak checks themselves catch
//! a leak.

use super::*;

/// Credentials with CR or LF (header injection) are rejected by `build()`, naming the scheme
/// and never the value.
#[test]
fn credentials_with_line_breaks_are_rejected() {
    let cases: Vec<(&str, &str, ClientBuilder)> = vec![
        (
            "supportBasicAuth",
            "Gh3kT9wQ\r\nX-Injected: 1",
            Client::builder()
                .support_basic_auth("admin@example.com/token", "Gh3kT9wQ\r\nX-Injected: 1"),
        ),
        (
            "supportBasicAuth",
            "Np4vB7xZ",
            Client::builder().support_basic_auth("admin@example.com\n/token", "Np4vB7xZ"),
        ),
        (
            "supportBearerAuth",
            "Yd8mF2qJ\r\nX-Injected: 1",
            Client::builder().support_bearer_auth("Yd8mF2qJ\r\nX-Injected: 1"),
        ),
        (
            "chatBearerAuth",
            "Ks6wE1rL\n",
            Client::builder().chat_bearer_auth("Ks6wE1rL\n"),
        ),
        (
            "bridgeBasicAuth",
            "Uc9zH5tN\rMx2pV7",
            Client::builder().bridge_basic_auth("app_key_id", "Uc9zH5tN\rMx2pV7"),
        ),
        (
            "bridgeBearerAuth",
            "\r\nQa7jS3yD",
            Client::builder().bridge_bearer_auth("\r\nQa7jS3yD"),
        ),
    ];
    for (scheme, secret, builder) in cases {
        let error = builder.build().expect_err("a line break is rejected");
        match &error {
            BuildError::InvalidCredential {
                scheme: rejected, ..
            } => assert_eq!(*rejected, scheme),
            other => panic!("{scheme}: expected InvalidCredential, got {other:?}"),
        }
        assert_no_secret(scheme, &render_error(&error), &[secret.to_owned()]);
        assert!(error.to_string().contains(scheme), "{error}");
    }
}

/// The checks above would catch a leak: every token-bearing fixture yields its secrets, and
/// its raw body fails `assert_no_secret`.
#[test]
fn the_checks_catch_a_leak() {
    let mut checked = 0;
    for name in all_fixture_names() {
        let fixture = Fixture::load(&name);
        let Some(body) = &fixture.response.body else {
            continue;
        };
        let mut secrets = Vec::new();
        body_secrets(body, false, &mut secrets);
        if secrets.is_empty() {
            continue;
        }
        checked += 1;
        let raw = body.to_string();
        let leaked = std::panic::catch_unwind(|| assert_no_secret(&name, &raw, &secrets));
        assert!(leaked.is_err(), "`{name}`: a raw body passed the check");
    }
    assert!(checked >= 6, "{checked}");
    assert!(std::panic::catch_unwind(|| assert_no_secret(
        "credential",
        &format!("Bearer {CHAT_BEARER_TOKEN}"),
        &[]
    ))
    .is_err());
    // Part of a secret is a leak: its last four characters, or four from its middle.
    for credential in CREDENTIALS {
        let tail = &credential[credential.len() - 4..];
        let middle = &credential[8..12];
        for shown in [format!("Secret(…{tail})"), format!("key={middle}…")] {
            let leaked = std::panic::catch_unwind(|| assert_no_secret("partial", &shown, &[]));
            assert!(leaked.is_err(), "`{shown}` passed the check");
        }
    }
}

#[test]
fn any_four_characters_of_a_secret_are_a_leak() {
    let secret = "Qz7vK2mX9pL4wR8t";
    assert_eq!(leaks::leaked_piece("token …R8t", secret), None);
    assert_eq!(leaks::leaked_piece("token …wR8t", secret), Some("wR8t"));
    assert_eq!(leaks::leaked_piece("Qz7v", secret), Some("Qz7v"));
    assert_eq!(leaks::leaked_piece("K2mX9", secret), Some("K2mX"));
    assert_eq!(
        leaks::leaked_piece("whole: Qz7vK2mX9pL4wR8t", secret),
        Some("Qz7v")
    );
    assert_eq!(leaks::leaked_piece("abc", "abc"), Some("abc"));
    assert_eq!(leaks::leaked_piece("ab", "abc"), None);
    assert_eq!(leaks::leaked_piece("ébcd", "aébcd"), Some("ébcd"));
    assert_eq!(leaks::leaked_piece("aébc", "aébcd"), Some("aébc"));
    // A local server's random port is not a leak of a numeric secret; the same digits
    // anywhere else are.
    leaks::assert_no_leak("port", "http://127.0.0.1:43345/x", &["af3345kdj3"]);
    leaks::assert_no_leak("port", "Url { port: Some(43345) }", &["af3345kdj3"]);
    leaks::assert_no_leak(
        "port",
        "Url {\n    port: Some(\n        33459,\n    ),\n}",
        &["af3345kdj3"],
    );
    assert!(std::panic::catch_unwind(|| leaks::assert_no_leak(
        "elsewhere",
        "http://127.0.0.1:1/x?k=3345",
        &["af3345kdj3"]
    ))
    .is_err());
}
