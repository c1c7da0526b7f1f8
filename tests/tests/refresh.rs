//! A Support OAuth token that stays alive: refresh before expiry through Create Token for
//! Grant Type, single flight under concurrency, one refresh and one resend after a 401, a typed
//! re-authorization error without secrets, the rotated pair handed to the application, and
//! `tracing` output without secrets.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zendesk_oauth::oauth::{RefreshingCredential, TokenPair};
use zendesk_oauth::{Client, CredentialError, Error, Secret};

// The resend after a 401 within the call's attempts, and the bound on a refresh.
mod leaks;
#[path = "refresh/sequence.rs"]
mod sequence;

const CLIENT_ID: &str = "test_client";
const CLIENT_SECRET: &str = "SECRET-client-secret";
const OLD_ACCESS: &str = "SECRET-old-access";
const OLD_REFRESH: &str = "SECRET-old-refresh";
const NEW_ACCESS: &str = "SECRET-new-access";
const NEW_REFRESH: &str = "SECRET-new-refresh";
/// The token Show Current Token answers with (the documented example's).
const SHOWN_TOKEN: &str = "af3345kdj3";

/// The documented Show Token example, as Show Current Token answers it.
fn current_token_body() -> serde_json::Value {
    json!({"token": {"id": 223443, "client_id": 1234, "scopes": ["read"], "token": SHOWN_TOKEN}})
}

/// A refresh answer: the documented grant-type example with this test's tokens.
fn refreshed(access: &str, refresh: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(json!({
        "access_token": access,
        "expires_in": 86400,
        "refresh_token": refresh,
        "refresh_token_expires_in": 604800,
        "scope": "read",
        "token_type": "bearer",
    }))
}

fn refresh_request(refresh: &str) -> serde_json::Value {
    json!({
        "grant_type": "refresh_token",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": refresh,
    })
}

fn pair(expires_in: TimeDelta) -> TokenPair {
    TokenPair {
        access_token: Secret::new(OLD_ACCESS),
        refresh_token: Some(Secret::new(OLD_REFRESH)),
        expires_at: Some(Utc::now() + expires_in),
    }
}

/// A client whose Support operations use `credential`, refreshing against `server`.
fn client_with(server: &MockServer, pair: TokenPair) -> (Client, RefreshingCredential, Stored) {
    let refresh_client = Client::builder()
        .support_base_url(server.uri())
        .build()
        .expect("refresh client");
    let stored: Stored = Arc::default();
    let sink = Arc::clone(&stored);
    let credential = RefreshingCredential::builder(refresh_client, CLIENT_ID, pair)
        .client_secret(CLIENT_SECRET)
        .margin(Duration::from_secs(300))
        .on_refresh(move |pair| sink.lock().expect("not poisoned").push(pair.clone()))
        .build();
    let client = Client::builder()
        .support_base_url(server.uri())
        .support_oauth(&credential)
        .build()
        .expect("client");
    (client, credential, stored)
}

type Stored = Arc<Mutex<Vec<TokenPair>>>;

async fn requests_to(server: &MockServer, wanted: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == wanted)
        .collect()
}

fn bearer(request: &Request) -> String {
    request
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_token_within_the_margin_is_refreshed_first_and_the_rotated_pair_stored() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .and(body_partial_json(refresh_request(OLD_REFRESH)))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .expect(1)
        .mount(&server)
        .await;
    // Expires in 2 minutes, inside the 5-minute margin.
    let (client, credential, stored) = client_with(&server, pair(TimeDelta::minutes(2)));

    let response = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("call");
    server.verify().await;

    assert_eq!(response.token.id, Some(223443));
    let now_held = credential.pair().await;
    assert_eq!(now_held.access_token, Secret::new(NEW_ACCESS));
    assert_eq!(now_held.refresh_token, Some(Secret::new(NEW_REFRESH)));
    let expires_at = now_held.expires_at.expect("expires_in was given");
    assert!(expires_at > Utc::now() + TimeDelta::hours(23));
    assert_eq!(*stored.lock().expect("not poisoned"), vec![now_held]);
}

#[tokio::test]
async fn a_token_outside_the_margin_is_used_as_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .and(header(
            "authorization",
            format!("Bearer {OLD_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _, stored) = client_with(&server, pair(TimeDelta::hours(2)));

    client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("call");
    server.verify().await;

    assert!(requests_to(&server, "/oauth/tokens").await.is_empty());
    assert!(stored.lock().expect("not poisoned").is_empty());
}

/// Single flight: 100 concurrent calls meeting an expired token cause exactly one refresh.
#[tokio::test]
async fn one_hundred_concurrent_calls_cause_one_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH).set_delay(Duration::from_millis(50)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .mount(&server)
        .await;
    let (client, _, stored) = client_with(&server, pair(-TimeDelta::minutes(1)));

    let calls = (0..100).map(|_| client.support().show_current_token().send());
    let results = futures::future::join_all(calls).await;

    assert!(results.iter().all(Result::is_ok), "every call succeeds");
    assert_eq!(requests_to(&server, "/oauth/tokens").await.len(), 1);
    assert_eq!(
        requests_to(&server, "/api/v2/oauth/tokens/current.json")
            .await
            .len(),
        100
    );
    assert_eq!(stored.lock().expect("not poisoned").len(), 1);
}

/// A 401 on a token the client believed valid: one refresh, one resend with the new token.
#[tokio::test]
async fn a_401_causes_one_refresh_and_one_resend() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .and(header(
            "authorization",
            format!("Bearer {OLD_ACCESS}").as_str(),
        ))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"error": "Couldn't authenticate you"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .and(body_partial_json(refresh_request(OLD_REFRESH)))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .expect(1)
        .mount(&server)
        .await;
    let (client, credential, _) = client_with(&server, pair(TimeDelta::hours(2)));

    let response = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("resent");
    server.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.attempts(),
        2,
        "the resend is the call's second attempt"
    );
    assert_eq!(
        credential.pair().await.access_token,
        Secret::new(NEW_ACCESS)
    );
}

/// A second 401 after the refresh ends in a typed re-authorization error that quotes no
/// secret.
#[tokio::test]
async fn a_second_401_needs_reauthorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"error": "Couldn't authenticate you"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _, _) = client_with(&server, pair(TimeDelta::hours(2)));

    let error = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect_err("still 401");
    server.verify().await;

    let Error::Credential {
        source: CredentialError::ReauthorizationNeeded { .. },
        ..
    } = &error
    else {
        panic!("expected re-authorization needed, got {error:?}");
    };
    assert_no_secret(&format!("{error} {error:?}"));
}

/// A refused refresh (400 invalid_grant) is a typed re-authorization error; the call itself
/// is never sent.
#[tokio::test]
async fn a_refused_refresh_needs_reauthorization_and_sends_nothing_else() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant",
            "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (client, credential, stored) = client_with(&server, pair(-TimeDelta::minutes(1)));

    let error = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect_err("refresh refused");
    server.verify().await;

    match &error {
        Error::Credential {
            source: CredentialError::ReauthorizationNeeded { reason },
            operation,
        } => {
            assert_eq!(*operation, "ShowCurrentOAuthToken");
            assert!(
                reason.contains("HTTP 400") && reason.contains("invalid_grant"),
                "{reason}"
            );
        }
        other => panic!("expected re-authorization needed, got {other:?}"),
    }
    assert_no_secret(&format!("{error} {error:?} {credential:?}"));
    // Debug says what the credential is, not only what it hides.
    let shown = format!("{credential:?}");
    assert!(
        shown.starts_with(&format!(
            "RefreshingCredential {{ client_id: \"{CLIENT_ID}\", margin: "
        )),
        "{shown}"
    );
    assert!(requests_to(&server, "/api/v2/oauth/tokens/current.json")
        .await
        .is_empty());
    assert!(stored.lock().expect("not poisoned").is_empty());
    let held = credential.pair().await;
    assert_eq!(held.access_token, Secret::new(OLD_ACCESS));
    assert_eq!(held.refresh_token, Some(Secret::new(OLD_REFRESH)));
}

/// The rotated refresh token is the one the next refresh sends (Zendesk invalidates the old
/// pair).
#[tokio::test]
async fn the_next_refresh_sends_the_rotated_refresh_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .and(body_partial_json(refresh_request(OLD_REFRESH)))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "access_token": NEW_ACCESS,
            "refresh_token": NEW_REFRESH,
            // Expires at once: the next call refreshes again.
            "expires_in": 0,
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .and(body_partial_json(refresh_request(NEW_REFRESH)))
        .respond_with(refreshed("SECRET-third-access", "SECRET-third-refresh"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .mount(&server)
        .await;
    let (client, _, stored) = client_with(&server, pair(-TimeDelta::minutes(1)));

    client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("first");
    client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("second");
    server.verify().await;

    let refresh_tokens: Vec<_> = stored
        .lock()
        .expect("not poisoned")
        .iter()
        .map(|pair| pair.refresh_token.clone())
        .collect();
    assert_eq!(
        refresh_tokens,
        vec![
            Some(Secret::new(NEW_REFRESH)),
            Some(Secret::new("SECRET-third-refresh"))
        ]
    );
    let gets = requests_to(&server, "/api/v2/oauth/tokens/current.json").await;
    let sent: Vec<String> = gets.iter().map(bearer).collect();
    assert_eq!(
        sent,
        vec![
            format!("Bearer {NEW_ACCESS}"),
            "Bearer SECRET-third-access".to_owned()
        ]
    );
}

/// A token without a refresh token cannot be renewed: re-authorization, nothing sent.
#[tokio::test]
async fn no_refresh_token_needs_reauthorization() {
    let server = MockServer::start().await;
    let mut without = pair(-TimeDelta::minutes(1));
    without.refresh_token = None;
    let (client, _, _) = client_with(&server, without);

    let error = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect_err("cannot refresh");

    assert!(matches!(
        error,
        Error::Credential {
            source: CredentialError::ReauthorizationNeeded { .. },
            ..
        }
    ));
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

/// Refresh is observable in `tracing`, without any secret.
#[tokio::test]
async fn refresh_is_traced_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .mount(&server)
        .await;
    let (client, _, _) = client_with(&server, pair(-TimeDelta::minutes(1)));

    let (captured, guard) = leaks::capture_tracing();
    client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("call");
    drop(guard);

    let logged = captured.text();
    assert!(logged.contains("OAuth access token refreshed"), "{logged}");
    assert!(logged.contains("refresh_token_rotated=true"), "{logged}");
    assert_no_secret(&logged);
    leaks::assert_no_leak("tracing", &logged, &[SHOWN_TOKEN]);
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains("SECRET-"), "a secret leaked: {text}");
}
