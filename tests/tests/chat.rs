//! Chat OAuth tokens: both operations replayed against their recorded exchanges, plus the
//! declared error responses (401, 404). The Chat server URL carries `/api/v2`, so requests
//! must reach the documented `/api/v2/oauth/tokens` paths.

use chrono::{DateTime, TimeZone, Utc};
use fixture_tests::{api_error, Replay};
use zendesk_oauth::chat::{ListTokensError, RevokeTokenError};
use zendesk_oauth::models::{ChatError, ChatOAuthToken, ChatOAuthTokenTokenType};
use zendesk_oauth::Secret;

/// 2^53 + 1: the smallest positive integer an `f64` cannot hold.
const LARGE_ID: i64 = 9_007_199_254_740_993;

fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, second)
        .single()
        .expect("valid UTC timestamp")
}

#[tokio::test]
async fn list_tokens() {
    let replay = Replay::start(&["chat/list_tokens.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .chat()
        .list_tokens()
        .send()
        .await
        .expect("list chat tokens");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.into_body(),
        vec![ChatOAuthToken {
            access_token: Secret::new(
                "L0m2pVzxYpiVZOnzuWfGTHJjUxMicmbsEeGh4QSBqTTaScnprJNC8DusW5RwFTuo"
            ),
            agent_id: 100000204,
            client_identifier: "zopim".to_owned(),
            create_date: utc(2014, 9, 9, 7, 49, 20),
            expire_date: Some(utc(2014, 9, 9, 17, 49, 20)),
            id: 38,
            refresh_token: Some(Secret::new(
                "pLZYNfA082RVrUt6ArGiKroVrN6CS9ZJ2glbty5rA1CejmSVlGPk5GjfKarDR5VS"
            )),
            scopes: "read write".to_owned(),
            token_type: ChatOAuthTokenTokenType::Bearer,
        }]
    );
}

#[tokio::test]
async fn revoke_token() {
    let replay = Replay::start(&["chat/revoke_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .chat()
        .revoke_token(38)
        .send()
        .await
        .expect("revoke chat token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.into_body(), ());
}

#[tokio::test]
async fn list_tokens_unauthorized() {
    let replay = Replay::start(&["chat/list_tokens_unauthorized.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .chat()
        .list_tokens()
        .send()
        .await
        .expect_err("401 is an error");
    replay.verify().await;

    assert_eq!(error.operation(), "ListChatOAuthTokens");
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 401);
    assert_eq!(
        error,
        ListTokensError::Unauthorized(ChatError {
            description: Some(
                "The server could not verify that you are authorized to access the URL requested."
                    .to_owned()
            ),
            error: Some("Unauthorized".to_owned()),
        })
    );
}

#[tokio::test]
async fn revoke_unknown_token_with_an_id_above_2_pow_53() {
    let replay = Replay::start(&["chat/revoke_token_not_found.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .chat()
        .revoke_token(LARGE_ID)
        .send()
        .await
        .expect_err("404 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 404);
    assert_eq!(
        error,
        RevokeTokenError::NotFound(ChatError {
            description: Some("The requested URL was not found on the server.".to_owned()),
            error: Some("Not Found".to_owned()),
        })
    );
}
