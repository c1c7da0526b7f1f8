//! Create Token for Grant Type (`POST /oauth/tokens`) replayed against fixtures mirroring the
//! reference's examples, lifetimes checked before sending, and the Support authorization page
//! URL with a PKCE challenge.

use fixture_tests::{api_error, Replay};
use zendesk_oauth::models::{
    AuthorizationPageCodeChallengeMethod, GrantType, GrantTypeToken, GrantTypeTokenRequest,
    OAuthGrantError,
};
use zendesk_oauth::pkce::PkcePair;
use zendesk_oauth::support::CreateTokenForGrantTypeError;
use zendesk_oauth::{Error, Secret};

const CLIENT_ID: &str = "test_client";
const CLIENT_SECRET: &str = "3a3ba9a8f1a39d1d3dad4b62e8c7f9fa";
/// RFC 7636, appendix B.
const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn documented_lifetimes(mut request: GrantTypeTokenRequest) -> GrantTypeTokenRequest {
    request.expires_in = Some(86_400);
    request.refresh_token_expires_in = Some(604_800);
    request
}

#[tokio::test]
async fn authorization_code_with_pkce() {
    let replay = Replay::start(&["support/grant_types/authorization_code.json"]).await;
    let client = replay.client().build().expect("client");
    let pkce = PkcePair::from_verifier(RFC_VERIFIER).expect("the RFC's verifier");

    let mut request = GrantTypeTokenRequest::authorization_code(
        CLIENT_ID,
        "7xqwtlf3rrdj8uyeb1yf",
        "https://example.com/handle_user_decision",
    );
    request.client_secret = Some(Secret::new(CLIENT_SECRET));
    request.scope = Some("read write".to_owned());
    request.code_verifier = Some(pkce.verifier().clone());
    let response = client
        .support()
        .create_token_for_grant_type(documented_lifetimes(request))
        .send()
        .await
        .expect("token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.into_body(),
        GrantTypeToken {
            access_token: Some(Secret::new("gErypPlm4dOVgGRvA1ZzMH5MQ3nLo8bo")),
            expires_in: Some(86_400),
            refresh_token: Some(Secret::new("af3t24tfj34h43s...")),
            refresh_token_expires_in: Some(604_800),
            scope: Some("read".to_owned()),
            token_type: Some("bearer".to_owned()),
            additional_properties: serde_json::Map::new(),
        }
    );
}

/// The client credentials grant takes the client's secret and none of the other grants'
/// members (the reference's parameter table).
#[test]
fn client_credentials_carries_the_client_secret_only() {
    let request = GrantTypeTokenRequest::client_credentials(CLIENT_ID, CLIENT_SECRET);
    assert_eq!(request.grant_type, GrantType::ClientCredentials);
    assert_eq!(request.client_id, CLIENT_ID);
    assert_eq!(request.client_secret, Some(Secret::new(CLIENT_SECRET)));
    assert_eq!(
        (request.code, request.redirect_uri, request.refresh_token),
        (None, None, None)
    );
}

#[tokio::test]
async fn refresh_token_grant_returns_a_rotated_pair() {
    let replay = Replay::start(&["support/grant_types/refresh_token.json"]).await;
    let client = replay.client().build().expect("client");

    let mut request =
        GrantTypeTokenRequest::refresh_token(CLIENT_ID, CLIENT_SECRET, "af3t24tfj34h43s...");
    request.scope = Some("tickets:write".to_owned());
    let token = client
        .support()
        .create_token_for_grant_type(documented_lifetimes(request))
        .send()
        .await
        .expect("token")
        .into_body();
    replay.verify().await;

    assert_eq!(
        token.refresh_token,
        Some(Secret::new("n7Rb2Kq9Xw4Lm1Tz8Vc5Hy3Gd6Pf0Js"))
    );
    assert_eq!(token.scope.as_deref(), Some("tickets:write"));
}

#[tokio::test]
async fn a_refused_refresh_token_is_a_typed_oauth_error() {
    let replay = Replay::start(&["support/grant_types/refresh_token_invalid_grant.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .create_token_for_grant_type(GrantTypeTokenRequest::refresh_token(
            CLIENT_ID,
            CLIENT_SECRET,
            "af3t24tfj34h43s...",
        ))
        .send()
        .await
        .expect_err("400");
    replay.verify().await;

    assert!(!error.to_string().contains(CLIENT_SECRET));
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 400);
    let CreateTokenForGrantTypeError::BadRequest(OAuthGrantError { error, .. }) = error else {
        panic!("expected BadRequest, got {error:?}");
    };
    assert_eq!(error.as_deref(), Some("invalid_grant"));
}

/// Lifetimes outside the documented bounds (300..=172,800 and 604,800..=7,776,000 seconds;
/// inclusive because Zendesk's own example sends the lower refresh bound) are rejected before
/// anything is sent.
#[tokio::test]
async fn out_of_range_lifetimes_are_rejected_before_sending() {
    let replay = Replay::start(&[]).await;
    let client = replay.client().build().expect("client");
    let cases: [(Option<i64>, Option<i64>, &str); 6] = [
        (Some(299), None, "`expires_in` is 299"),
        (Some(172_801), None, "`expires_in` is 172801"),
        (None, Some(604_799), "`refresh_token_expires_in` is 604799"),
        (
            None,
            Some(7_776_001),
            "`refresh_token_expires_in` is 7776001",
        ),
        (Some(-1), None, "`expires_in` is -1"),
        (
            None,
            Some(i64::MAX),
            "`refresh_token_expires_in` is 9223372036854775807",
        ),
    ];
    for (expires_in, refresh_token_expires_in, reason) in cases {
        let mut request =
            GrantTypeTokenRequest::refresh_token(CLIENT_ID, CLIENT_SECRET, "af3t24tfj34h43s...");
        request.expires_in = expires_in;
        request.refresh_token_expires_in = refresh_token_expires_in;
        let error = client
            .support()
            .create_token_for_grant_type(request)
            .send()
            .await
            .expect_err("out of range");
        let Error::InvalidRequest { reason: got, .. } = &error else {
            panic!("expected InvalidRequest, got {error:?}");
        };
        assert!(got.starts_with(reason), "{got}");
    }
    assert!(replay.received_requests().await.is_empty());
}

#[tokio::test]
async fn authorization_page_url_carries_the_pkce_challenge_and_is_never_sent() {
    let replay = Replay::start(&[]).await;
    let client = replay.client().build().expect("client");
    let pkce = PkcePair::from_verifier(RFC_VERIFIER).expect("the RFC's verifier");

    let url = client
        .support()
        .authorization_page(
            CLIENT_ID,
            "https://example.com/handle_user_decision",
            "read write",
        )
        .state("csrf-123")
        .code_challenge(pkce.challenge())
        .code_challenge_method(AuthorizationPageCodeChallengeMethod::S256)
        .url()
        .expect("URL");

    assert_eq!(
        url.as_str(),
        format!(
            "{}/oauth/authorizations/new?response_type=code&client_id=test_client\
             &redirect_uri=https%3A%2F%2Fexample.com%2Fhandle_user_decision&scope=read+write\
             &state=csrf-123&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256",
            replay.uri()
        )
    );
    assert!(replay.received_requests().await.is_empty());
}
