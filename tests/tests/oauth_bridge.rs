//! Sunshine Conversations OAuth bridge: every operation replayed against its recorded
//! exchange (Authorize only builds a URL), plus the declared error responses (400, 401).

use fixture_tests::{api_error, Replay};
use zendesk_oauth::models::{
    App, AppSettings, BridgeTokenRequest, BridgeTokenRequestGrantType, BridgeTokenResponse,
    BridgeTokenResponseTokenType, SunshineError, SunshineErrors, TokenInfoResponse,
};
use zendesk_oauth::oauth_bridge::{GetTokenError, GetTokenInfoError, RevokeAccessError};
use zendesk_oauth::Secret;

/// The spec's `BridgeTokenRequestExample`.
fn token_request() -> BridgeTokenRequest {
    BridgeTokenRequest {
        client_id: "5e4af71a81966cfff3ef6550".to_owned(),
        client_secret: Secret::new("5XJ85yjUtRcaQu_pDINblPZb"),
        code: Secret::new("658965"),
        grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
    }
}

/// The spec's `BridgeUnauthorizedExample`.
fn unauthorized() -> SunshineErrors {
    SunshineErrors {
        errors: vec![SunshineError {
            code: "unauthorized".to_owned(),
            title: "Authorization is required".to_owned(),
        }],
    }
}

#[tokio::test]
async fn authorize_builds_the_browser_url_without_sending_anything() {
    let replay = Replay::start(&[]).await;
    let client = replay.client().build().expect("client");

    let url = client
        .oauth_bridge()
        .authorize("5e4af71a81966cfff3ef6550")
        .state("Pending")
        .redirect_uri("https://example.org")
        .url()
        .expect("authorize URL");

    assert_eq!(
        url.as_str(),
        format!(
            "{}/sc/oauth/authorize?client_id=5e4af71a81966cfff3ef6550&response_type=code\
             &state=Pending&redirect_uri=https%3A%2F%2Fexample.org",
            replay.uri()
        )
    );
    assert!(replay.received_requests().await.is_empty());
    replay.verify().await;
}

#[tokio::test]
async fn authorize_url_encodes_query_values() {
    let replay = Replay::start(&[]).await;
    let client = replay.client().build().expect("client");

    let url = client
        .oauth_bridge()
        .authorize("5e4af71a81966cfff3ef6550")
        .state("a b&c=d/é")
        .redirect_uri("https://example.org/callback?next=/home#top")
        .url()
        .expect("authorize URL");

    assert_eq!(
        url.as_str(),
        format!(
            "{}/sc/oauth/authorize?client_id=5e4af71a81966cfff3ef6550&response_type=code\
             &state=a+b%26c%3Dd%2F%C3%A9\
             &redirect_uri=https%3A%2F%2Fexample.org%2Fcallback%3Fnext%3D%2Fhome%23top",
            replay.uri()
        )
    );
    assert!(replay.received_requests().await.is_empty());
    replay.verify().await;
}

#[tokio::test]
async fn get_token_is_sent_without_credentials() {
    let replay = Replay::start(&["oauth_bridge/get_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .oauth_bridge()
        .get_token(token_request())
        .send()
        .await
        .expect("get token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.into_body(),
        BridgeTokenResponse {
            access_token: Secret::new(
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImFwcF82N2EyNDBlY2M0OTk3OTAzNTg0YTNjNDgiLCJhenAiOiJzaG9wbGlmdGVyIn0.eyJzY29wZSI6ImludGVncmF0aW9uIiwiYXBwSWQiOiI1Njk4ZWRiZjJhNDNiZDA4MWJlOTgyZjEiLCJpYXQiOjE3Mzg2ODY3MDF9.vm9Bn84ALC9phe-6oo9-qZtm7LiGzZPVmmQd1mpeY7Y"
            ),
            token_type: BridgeTokenResponseTokenType::Bearer,
        }
    );
}

#[tokio::test]
async fn get_token_info() {
    let replay = Replay::start(&["oauth_bridge/get_token_info.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .oauth_bridge()
        .get_token_info()
        .send()
        .await
        .expect("get token info");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.into_body(),
        TokenInfoResponse {
            app: App {
                display_name: Some("My Test App".to_owned()),
                id: "67a0e55ef0305f4a391e9d69".to_owned(),
                metadata: None,
                settings: Some(AppSettings {
                    app_localization_enabled: Some(true),
                    echo_postback: Some(false),
                    mask_credit_card_numbers: Some(true),
                    multi_convo_enabled: Some(false),
                    use_animal_names: Some(false),
                    ..AppSettings::default()
                }),
                subdomain: Some("test-domain".to_owned()),
            },
        }
    );
}

#[tokio::test]
async fn revoke_access_on_the_sunshine_api_host() {
    let replay = Replay::start(&["oauth_bridge/revoke_access.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .oauth_bridge()
        .revoke_access()
        .send()
        .await
        .expect("revoke access");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.into_body(), serde_json::Map::new());
}

#[tokio::test]
async fn get_token_bad_request() {
    let replay = Replay::start(&["oauth_bridge/get_token_bad_request.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .oauth_bridge()
        .get_token(token_request())
        .send()
        .await
        .expect_err("400 is an error");
    replay.verify().await;

    assert_eq!(error.operation(), "GetToken");
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 400);
    assert_eq!(
        error,
        GetTokenError::BadRequest(SunshineErrors {
            errors: vec![SunshineError {
                code: "bad_request".to_owned(),
                title: "should have required property 'code'".to_owned(),
            }],
        })
    );
}

#[tokio::test]
async fn get_token_info_unauthorized() {
    let replay = Replay::start(&["oauth_bridge/get_token_info_unauthorized.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .oauth_bridge()
        .get_token_info()
        .send()
        .await
        .expect_err("401 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 401);
    assert_eq!(error, GetTokenInfoError::Unauthorized(unauthorized()));
}

#[tokio::test]
async fn revoke_access_unauthorized() {
    let replay = Replay::start(&["oauth_bridge/revoke_access_unauthorized.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .oauth_bridge()
        .revoke_access()
        .send()
        .await
        .expect_err("401 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 401);
    assert_eq!(error, RevokeAccessError::Unauthorized(unauthorized()));
}

/// Revoke Access is served by its own server (`sunshine_api`, `https://api.smooch.io`):
/// pointing the bridge at a test server moves the bridge's operations only. With the bridge
/// on one test server and the Sunshine Conversations API on another, each receives exactly its
/// own operations, so a bearer token meant for a test bridge never goes to the real API host
/// and revoking never goes to the bridge.
#[tokio::test]
async fn bridge_and_revoke_hosts_are_overridden_independently() {
    use fixture_tests::credentials::{
        BRIDGE_BASIC_PASSWORD, BRIDGE_BASIC_USERNAME, BRIDGE_BEARER_TOKEN,
    };

    let bridge = Replay::start(&[
        "oauth_bridge/get_token.json",
        "oauth_bridge/get_token_info.json",
    ])
    .await;
    let sunshine = Replay::start(&["oauth_bridge/revoke_access.json"]).await;
    let bridge_only = zendesk_oauth::Client::builder()
        .oauth_bridge_base_url(format!("{}/sc", bridge.uri()))
        .bridge_bearer_auth(BRIDGE_BEARER_TOKEN)
        .build()
        .expect("client");
    let bridge_ops = bridge_only.oauth_bridge();
    bridge_ops
        .get_token(token_request())
        .send()
        .await
        .expect("token from the test bridge");
    bridge_ops
        .get_token_info()
        .send()
        .await
        .expect("token info from the test bridge");
    bridge.verify().await;
    assert!(sunshine.received_requests().await.is_empty());

    let both = zendesk_oauth::Client::builder()
        .oauth_bridge_base_url(format!("{}/sc", bridge.uri()))
        .sunshine_api_base_url(sunshine.uri())
        .bridge_basic_auth(BRIDGE_BASIC_USERNAME, BRIDGE_BASIC_PASSWORD)
        .bridge_bearer_auth(BRIDGE_BEARER_TOKEN)
        .build()
        .expect("client");
    both.oauth_bridge()
        .revoke_access()
        .send()
        .await
        .expect("revoked on the Sunshine Conversations test server");
    sunshine.verify().await;
    assert_eq!(
        bridge.received_requests().await.len(),
        2,
        "the bridge never sees Revoke Access"
    );
}
