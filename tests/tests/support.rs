//! Support (Ticketing) OAuth tokens: every operation replayed against its recorded exchange,
//! plus the declared error responses (400 past the offset limit, 401, 403, 404, 422, 429), and
//! the listing decode policy (shortened tokens decode; a wrong-typed field fails the page,
//! naming the element and the field).

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use fixture_tests::{api_error, raw_header, Replay};
use futures::StreamExt;
use zendesk_oauth::models::{
    CreateOAuthTokenRequest, CursorLinks, CursorMeta, NewOAuthToken, OAuthToken,
    OAuthTokenResponse, OAuthTokensResponse, SupportError, SupportErrorDetail, SupportErrorValue,
    SupportFieldError,
};
use zendesk_oauth::support::{
    CreateTokenError, ListTokensError, ShowCurrentTokenError, ShowTokenError,
};
use zendesk_oauth::{EndpointRateLimit, Error, ResponseProblem, Secret};

#[path = "support/errors.rs"]
mod errors;

/// 2^53 + 1: the smallest positive integer an `f64` cannot hold.
const LARGE_ID: i64 = 9_007_199_254_740_993;

fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, second)
        .single()
        .expect("valid UTC timestamp")
}

/// A token as in the Zendesk docs examples, which differ only in id, client, scopes and the
/// (truncated) token.
fn doc_token(id: i64, client_id: i64, scopes: &[&str], token: &str) -> OAuthToken {
    OAuthToken {
        client_id: Some(client_id),
        created_at: Some(utc(2009, 5, 13, 0, 7, 8)),
        expires_at: Some(utc(2011, 7, 22, 0, 11, 12)),
        id: Some(id),
        refresh_token: Some(Secret::new("af3t24tfj34h43s...")),
        refresh_token_expires_at: None,
        scopes: Some(scopes.iter().map(|scope| (*scope).to_owned()).collect()),
        token: Some(Secret::new(token)),
        url: Some(format!(
            "https://example.zendesk.com/api/v2/tokens/{id}.json"
        )),
        used_at: Some(utc(2010, 1, 22, 0, 11, 12)),
        user_id: Some(29),
        additional_properties: serde_json::Map::new(),
    }
}

/// The spec's `OAuthTokenResponseExample`, with `id` as the token id.
fn doc_token_response(id: i64) -> OAuthTokenResponse {
    OAuthTokenResponse {
        token: doc_token(id, 1234, &["read", "write"], "af3345kdj3"),
    }
}

/// The spec's `CreateOAuthTokenRequestExample`.
fn create_request() -> CreateOAuthTokenRequest {
    CreateOAuthTokenRequest {
        token: NewOAuthToken {
            client_id: 1234,
            scopes: vec!["read".to_owned(), "write".to_owned()],
        },
    }
}

#[tokio::test]
async fn list_tokens_of_all_users_for_one_client() {
    let replay = Replay::start(&["support/list_tokens.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(41)
        .send()
        .await
        .expect("list tokens");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response
            .headers()
            .get("x-rate-limit-remaining")
            .map(|value| value.to_str().expect("ASCII header value")),
        Some("699")
    );
    assert_eq!(
        response.into_body(),
        OAuthTokensResponse {
            count: None,
            links: None,
            meta: None,
            next_page: None,
            previous_page: None,
            tokens: vec![
                doc_token(223443, 41, &["read"], "af3345kdj3"),
                doc_token(8678530, 41, &["read"], "34hjgkjas4"),
            ],
        }
    );
}

#[tokio::test]
async fn list_tokens_cursor_page() {
    let replay = Replay::start(&["support/list_tokens_cursor_page.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .list_tokens()
        .page_size(1)
        .send()
        .await
        .expect("list tokens");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.into_body(),
        OAuthTokensResponse {
            count: None,
            links: Some(CursorLinks {
                next: Some(
                    "https://example.zendesk.com/api/v2/oauth/tokens.json?page[size]=1&page[after]=xxx"
                        .to_owned()
                ),
                prev: Some(
                    "https://example.zendesk.com/api/v2/oauth/tokens.json?page[size]=1&page[before]=yyy"
                        .to_owned()
                ),
            }),
            meta: Some(CursorMeta {
                after_cursor: Some("xxx".to_owned()),
                before_cursor: Some("yyy".to_owned()),
                has_more: true,
            }),
            next_page: None,
            previous_page: None,
            tokens: vec![doc_token(223443, 41, &["read"], "af3345kdj3")],
        }
    );
}

#[tokio::test]
async fn list_tokens_offset_page() {
    let replay = Replay::start(&["support/list_tokens_offset_page.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .list_tokens()
        .page(2)
        .per_page(1)
        .send()
        .await
        .expect("list tokens");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.into_body(),
        OAuthTokensResponse {
            count: Some(2),
            links: None,
            meta: None,
            next_page: None,
            previous_page: Some(
                "https://example.zendesk.com/api/v2/oauth/tokens.json?page=1&per_page=1".to_owned()
            ),
            tokens: vec![doc_token(8678530, 41, &["read"], "34hjgkjas4")],
        }
    );
}

/// Pages through a cursor page and then the offset page in one replay: the fixtures are
/// answered in order and each request is checked against its own fixture.
#[tokio::test]
async fn consecutive_requests_replay_in_order() {
    let replay = Replay::start(&[
        "support/list_tokens_cursor_page.json",
        "support/list_tokens_offset_page.json",
    ])
    .await;
    let client = replay.client().build().expect("client");

    let first = client
        .support()
        .list_tokens()
        .page_size(1)
        .send()
        .await
        .expect("first page");
    let second = client
        .support()
        .list_tokens()
        .page(2)
        .per_page(1)
        .send()
        .await
        .expect("second page");
    replay.verify().await;

    let ids = |page: &OAuthTokensResponse| page.tokens.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(&first), vec![Some(223443)]);
    assert_eq!(ids(&second), vec![Some(8678530)]);
}

#[tokio::test]
async fn create_token() {
    let replay = Replay::start(&["support/create_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .expect("create token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response
            .headers()
            .get("location")
            .map(|value| value.to_str().expect("ASCII header value")),
        Some("https://example.zendesk.com/api/v2/tokens/223443.json")
    );
    assert_eq!(response.into_body(), doc_token_response(223443));
}

#[tokio::test]
async fn show_token() {
    let replay = Replay::start(&["support/show_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect("show token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.into_body(), doc_token_response(223443));
}

/// Zendesk's own example token (not the spec's), as the reference page documents it today.
#[tokio::test]
async fn show_token_decodes_the_documented_example() {
    let replay = Replay::start(&["support/show_token_documented.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect("show token");
    replay.verify().await;

    let token = response.into_body().token;
    let at = |text: &str| Some(text.parse::<DateTime<Utc>>().expect("a date"));
    assert_eq!(
        (token.id, token.client_id, token.user_id),
        (Some(1), Some(41), Some(29))
    );
    assert_eq!(token.refresh_token_expires_at, at("2011-07-22T00:11:12Z"));
    assert_eq!(token.used_at, at("2010-01-22T00:11:12Z"));
    assert_eq!(token.scopes, Some(vec!["read".to_owned()]));
    assert_eq!(
        token.token.as_ref().map(Secret::expose),
        Some("af3t24tfj34h43s...")
    );
    assert!(token.additional_properties.is_empty(), "{token:?}");
}

#[tokio::test]
async fn show_token_with_an_id_above_2_pow_53() {
    let replay = Replay::start(&["support/show_token_large_id.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .show_token(LARGE_ID)
        .send()
        .await
        .expect("show token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    let body = response.into_body();
    assert_eq!(
        body.token.id,
        Some(LARGE_ID),
        "id must not go through an f64"
    );
    assert_eq!(body, doc_token_response(LARGE_ID));
}

#[tokio::test]
async fn show_current_token_uses_the_bearer_token() {
    let replay = Replay::start(&["support/show_current_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("show current token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.into_body(), doc_token_response(223443));
}

#[tokio::test]
async fn revoke_token() {
    let replay = Replay::start(&["support/revoke_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .revoke_token(223443)
        .send()
        .await
        .expect("revoke token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.into_body(), ());
}

#[tokio::test]
async fn revoke_current_token() {
    let replay = Replay::start(&["support/revoke_current_token.json"]).await;
    let client = replay.client().build().expect("client");

    let response = client
        .support()
        .revoke_current_token()
        .send()
        .await
        .expect("revoke current token");
    replay.verify().await;

    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.into_body(), ());
}

/// Every token field is "Mandatory: false": a token without `url`, `created_at`, `user_id` or
/// `token` still decodes with the rest of the page, and a field the spec does not describe is
/// kept.
#[tokio::test]
async fn list_tokens_with_a_shortened_token() {
    let replay = Replay::start(&["support/list_tokens_shortened.json"]).await;
    let client = replay.client().build().expect("client");

    let page = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect("the page decodes")
        .into_body();
    replay.verify().await;

    assert_eq!(page.tokens.len(), 2);
    assert_eq!(
        page.tokens[0],
        doc_token(223443, 41, &["read"], "af3345kdj3")
    );
    let shortened = &page.tokens[1];
    assert_eq!(shortened.id, Some(8678530));
    assert_eq!((shortened.url.as_ref(), shortened.created_at), (None, None));
    assert_eq!((shortened.user_id, shortened.token.as_ref()), (None, None));
    assert_eq!(
        shortened.additional_properties.get("last_ip"),
        Some(&serde_json::json!("192.0.2.7"))
    );
}

/// Policy: a token with a wrong-typed field fails the page with an error naming the element
/// index and the field. Per-item errors would hand an audit a page that silently lacks a
/// token; a page-level error cannot be mistaken for a complete listing, and its path says
/// exactly which record to look at.
#[tokio::test]
async fn list_tokens_with_a_wrong_typed_field_names_the_element() {
    let replay = Replay::start(&["support/list_tokens_wrong_type.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect_err("`scopes` is not an array");
    replay.verify().await;

    let Error::UnexpectedResponse {
        problem: ResponseProblem::InvalidBody(decode),
        ..
    } = &error
    else {
        panic!("expected an invalid body, got {error:?}");
    };
    assert_eq!(decode.path, "tokens[1].scopes");
    assert!(error.to_string().contains("tokens[1].scopes"), "{error}");
}

/// Offset pagination stops at 10,000 records (100 pages): the stream yields page 100's
/// tokens, then ends with the declared, typed 400, not a generic error.
#[tokio::test]
async fn offset_stream_past_the_limit_ends_with_the_typed_400() {
    let replay = Replay::start(&[
        "support/pagination/offset_page_100.json",
        "support/pagination/offset_page_101_past_limit.json",
    ])
    .await;
    let client = replay.client().build().expect("client");

    let results: Vec<_> = client
        .support()
        .list_tokens()
        .page(100)
        .per_page(100)
        .stream()
        .collect()
        .await;
    replay.verify().await;

    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().expect("page 100").id, Some(501));
    let Some(Err(error)) = results.into_iter().nth(1) else {
        panic!("expected an error after the last item");
    };
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 400);
    assert_eq!(error, ListTokensError::BadRequest("Bad Request".to_owned()));
}
