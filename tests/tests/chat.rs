//! Chat OAuth tokens: both operations replayed against their recorded exchanges, plus the
//! declared error responses (401, 404). The Chat server is the account host under
//! `/api/v2/chat`, so requests must reach the documented `/api/v2/chat/oauth/tokens` paths.
//! Every Chat token field is optional ("Mandatory: false"): a shortened token decodes, and a
//! wrong-typed one fails the listing with an error naming the element and the field.

use chrono::{DateTime, TimeZone, Utc};
use fixture_tests::{api_error, Replay};
use zendesk_oauth::chat::{ListTokensError, RevokeTokenError};
use zendesk_oauth::models::{ChatError, ChatOAuthToken, ChatOAuthTokenType};
use zendesk_oauth::Secret;
use zendesk_oauth::{Error, ResponseProblem};

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
            access_token: Some(Secret::new(
                "L0m2pVzxYpiVZOnzuWfGTHJjUxMicmbsEeGh4QSBqTTaScnprJNC8DusW5RwFTuo"
            )),
            agent_id: Some(100000204),
            client_identifier: Some("zopim".to_owned()),
            create_date: Some(utc(2014, 9, 9, 7, 49, 20)),
            expire_date: Some(utc(2014, 9, 9, 17, 49, 20)),
            id: Some(38),
            refresh_token: Some(Secret::new(
                "pLZYNfA082RVrUt6ArGiKroVrN6CS9ZJ2glbty5rA1CejmSVlGPk5GjfKarDR5VS"
            )),
            scopes: Some("read write".to_owned()),
            token_type: Some(ChatOAuthTokenType::Bearer),
            additional_properties: serde_json::Map::new(),
        }]
    );
}

/// A token with only some of its fields (every field is "Mandatory: false") and one field the
/// spec does not know decodes; the unknown field is kept.
#[tokio::test]
async fn list_tokens_with_a_shortened_token() {
    let replay = Replay::start(&["chat/list_tokens_shortened.json"]).await;
    let client = replay.client().build().expect("client");

    let tokens = client
        .chat()
        .list_tokens()
        .send()
        .await
        .expect("a shortened token still decodes")
        .into_body();
    replay.verify().await;

    assert_eq!(tokens.len(), 2);
    let shortened = &tokens[1];
    assert_eq!(shortened.id, Some(39));
    assert_eq!(shortened.scopes.as_deref(), Some("read"));
    assert_eq!(shortened.access_token, None);
    assert_eq!(shortened.create_date, None);
    assert_eq!(
        shortened.additional_properties.get("device"),
        Some(&serde_json::json!("mobile"))
    );
}

/// Policy: a token whose field has the wrong type fails the whole listing, and the error names
/// the element and the field (`[1].id`). Chat listings are not paginated, so there is no
/// partial result worth keeping; an audit that silently skipped a token could miss one to
/// revoke.
#[tokio::test]
async fn list_tokens_with_a_wrong_typed_field_names_the_element() {
    let replay = Replay::start(&["chat/list_tokens_wrong_type.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .chat()
        .list_tokens()
        .send()
        .await
        .expect_err("a string id is not a Chat token");
    replay.verify().await;

    let Error::UnexpectedResponse { problem, .. } = &error else {
        panic!("expected UnexpectedResponse, got {error:?}");
    };
    let ResponseProblem::InvalidBody(decode) = problem else {
        panic!("expected an invalid body, got {problem:?}");
    };
    assert_eq!(decode.path, "[1].id");
    assert!(
        !error
            .to_string()
            .contains("L0m2pVzxYpiVZOnzuWfGTHJjUxMicmbsEeGh4QSBqTTaScnprJNC8DusW5RwFTuo"),
        "a token listing is never quoted: {error}"
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

/// Legacy standalone Chat accounts select the zopim host, with the same paths under
/// `https://www.zopim.com/api/v2`; by default Chat goes to the account host.
#[test]
fn the_legacy_zopim_host_is_a_named_alternative() {
    let current = zendesk_oauth::Client::builder()
        .subdomain("acme")
        .build()
        .expect("client");
    let legacy = zendesk_oauth::Client::builder()
        .subdomain("acme")
        .use_chat_zopim_legacy()
        .build()
        .expect("client");

    let chat_server = |client: &zendesk_oauth::Client| {
        let rendered = format!("{client:?}");
        let start = rendered
            .find("\"chat\"")
            .expect("the chat server is listed");
        let end = rendered[start..]
            .find("fragment")
            .map_or(rendered.len(), |end| start + end);
        rendered[start..end].to_owned()
    };
    let current = chat_server(&current);
    assert!(
        current.contains("acme.zendesk.com") && current.contains("\"/api/v2/chat\""),
        "{current}"
    );
    let legacy = chat_server(&legacy);
    assert!(
        legacy.contains("www.zopim.com") && legacy.contains("\"/api/v2\""),
        "{legacy}"
    );
}
