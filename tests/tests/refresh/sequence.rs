//! The resend after a `401` is the next attempt of the same call, and a refresh that hangs is
//! bounded, its failure shared by the calls that waited for it.

use std::time::Duration;

use chrono::TimeDelta;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::oauth::RefreshingCredential;
use zendesk_oauth::{CallSettings, Client, CredentialError, Error, RetryPolicy, Secret};

use super::{
    client_with, current_token_body, pair, refreshed, requests_to, CLIENT_ID, NEW_ACCESS,
    NEW_REFRESH, OLD_ACCESS,
};

/// The resend after a 401 is one more attempt of the same sequence as the retries: counted
/// with them, under the same deadline, never starting the retries over.
#[tokio::test]
async fn the_resend_after_a_401_continues_the_attempts_of_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/tokens/current.json"))
        .and(header(
            "authorization",
            format!("Bearer {OLD_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
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
    let (client, _, _) = client_with(&server, pair(TimeDelta::hours(2)));
    let retried = RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(1));

    let response = client
        .support()
        .show_current_token()
        .retry_policy(retried)
        .send()
        .await
        .expect("retried, then resent");
    server.verify().await;

    assert_eq!(
        response.attempts(),
        3,
        "503, 401, then 200 with the new token"
    );
}

/// The resend after a 401 is not a retry: it happens under a policy that never retries.
#[tokio::test]
async fn the_resend_after_a_401_happens_without_retries_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header(
            "authorization",
            format!("Bearer {OLD_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _, _) = client_with(&server, pair(TimeDelta::hours(2)));

    let response = client
        .support()
        .show_current_token()
        .retry_policy(RetryPolicy::never())
        .send()
        .await
        .expect("resent");

    assert_eq!(response.attempts(), 2);
}

/// A refresh that hangs is abandoned after `refresh_timeout`: the lock is released, the
/// calls that waited for it share its error (one refresh request, not one per call in
/// turn), and the next call tries again.
#[tokio::test]
async fn a_hanging_refresh_is_abandoned_and_its_waiters_share_the_failure() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .respond_with(refreshed(NEW_ACCESS, NEW_REFRESH).set_delay(Duration::from_secs(600)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(current_token_body()))
        .expect(0)
        .mount(&server)
        .await;
    let refresh_client = Client::builder()
        .support_base_url(server.uri())
        .build()
        .expect("refresh client");
    let credential =
        RefreshingCredential::builder(refresh_client, CLIENT_ID, pair(-TimeDelta::minutes(1)))
            .refresh_timeout(Duration::from_millis(200))
            .build();
    let client = Client::builder()
        .support_base_url(server.uri())
        .support_oauth(&credential)
        .build()
        .expect("client");

    let calls = (0..5).map(|_| client.support().show_current_token().send());
    let results = futures::future::join_all(calls).await;

    for result in &results {
        let Err(Error::Credential {
            source: CredentialError::RenewalFailed { reason },
            ..
        }) = result
        else {
            panic!("expected a failed renewal, got {result:?}");
        };
        assert!(reason.contains("within 200 ms"), "{reason}");
    }
    assert_eq!(requests_to(&server, "/oauth/tokens").await.len(), 1);

    let later = client.support().show_current_token().send().await;
    assert!(matches!(later, Err(Error::Credential { .. })), "{later:?}");
    assert_eq!(
        requests_to(&server, "/oauth/tokens").await.len(),
        2,
        "a later call tries again"
    );
    assert_eq!(
        credential.pair().await.access_token,
        Secret::new(OLD_ACCESS)
    );
}
