//! The generated mock server (feature `mock`): every kind of answer, constraints on typed
//! parameters and bodies, the diagnosis of requests nothing matched, the examples-based
//! defaults of every operation, and pagination over several mocked pages.

use futures::TryStreamExt;
use serde_json::json;
use zendesk_oauth::mock::MockServer;
use zendesk_oauth::models::{
    BridgeTokenRequest, BridgeTokenRequestGrantType, OAuthToken, OAuthTokenResponse,
    OAuthTokensResponse, SupportError, SupportErrorValue,
};
use zendesk_oauth::support::{ListTokensError, ShowTokenError};
use zendesk_oauth::{Error, RetryPolicy};

fn token(id: i64) -> OAuthToken {
    serde_json::from_value(json!({
        "id": id, "user_id": 35, "client_id": 7, "token": "abcdef0123",
        "url": format!("https://acme.zendesk.com/api/v2/oauth/tokens/{id}.json"),
        "scopes": ["read"], "created_at": "2026-01-01T00:00:00Z"
    }))
    .expect("a valid token")
}

fn page(tokens: Vec<OAuthToken>) -> OAuthTokensResponse {
    OAuthTokensResponse {
        count: None,
        links: None,
        meta: None,
        next_page: None,
        previous_page: None,
        tokens,
    }
}

fn ids(tokens: &[OAuthToken]) -> Vec<i64> {
    tokens.iter().filter_map(|token| token.id).collect()
}

#[tokio::test]
async fn a_typed_model_answers_the_matching_request() {
    let mock = MockServer::start().await;
    mock.support()
        .list_tokens()
        .with_client_id(7)
        .respond(page(vec![token(1), token(2)]));
    let client = mock.client().expect("mock client");

    let listed = client
        .support()
        .list_tokens()
        .client_id(7)
        .send()
        .await
        .expect("listed");
    assert_eq!(ids(&listed.tokens), [1, 2]);
    assert_eq!(listed.status(), 200);
}

#[tokio::test]
async fn a_typed_error_is_decoded_as_that_error() {
    let mock = MockServer::start().await;
    let not_found = SupportError {
        description: Some("Not found".into()),
        details: None,
        error: SupportErrorValue::String("RecordNotFound".into()),
    };
    mock.support()
        .show_token()
        .with_oauth_token_id(404)
        .respond_error(ShowTokenError::NotFound(not_found.clone()));
    let client = mock.client().expect("mock client");

    let error = client
        .support()
        .show_token(404)
        .send()
        .await
        .expect_err("not found");
    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert_eq!(
        error.api_error(),
        Some(&ShowTokenError::NotFound(not_found))
    );
}

#[tokio::test]
async fn a_status_and_raw_bytes_are_answered_as_given() {
    let mock = MockServer::start().await;
    mock.support()
        .revoke_token()
        .with_oauth_token_id(1)
        .respond();
    mock.support()
        .revoke_token()
        .with_oauth_token_id(2)
        .respond_status(418);
    mock.support().show_current_token().respond_raw(
        200,
        "application/json",
        br#"{"token":{"id":9}}"#,
    );
    mock.support()
        .show_token()
        .respond_raw(200, "text/html", "<html>maintenance</html>");
    let client = mock.client().expect("mock client");

    assert_eq!(
        client
            .support()
            .revoke_token(1)
            .send()
            .await
            .expect("revoked")
            .status(),
        204
    );
    let teapot = client
        .support()
        .revoke_token(2)
        .send()
        .await
        .expect_err("418");
    assert!(
        matches!(teapot, Error::UnexpectedResponse { .. }),
        "{teapot}"
    );
    assert_eq!(teapot.status(), Some(reqwest::StatusCode::IM_A_TEAPOT));
    // Raw bytes go through the client's decoding, as a real server's would. `current.json`
    // is Show Current Token's path, not Show Token's `{oauth_token_id}`: concrete paths first.
    let current = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect("decoded");
    assert_eq!(current.token.id, Some(9));
    let invalid = client
        .support()
        .show_token(3)
        .send()
        .await
        .expect_err("HTML");
    assert!(
        matches!(invalid, Error::UnexpectedResponse { .. }),
        "{invalid}"
    );
    let body = invalid.response().map(|raw| raw.text().into_owned());
    assert_eq!(body.as_deref(), Some("<html>maintenance</html>"));
}

#[tokio::test]
async fn a_json_body_constraint_compares_json_and_names_the_difference() {
    let mock = MockServer::start().await;
    let request = |code: &str| BridgeTokenRequest {
        code: code.into(),
        grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
        client_id: "app".into(),
        client_secret: "shh".into(),
    };
    mock.oauth_bridge()
        .get_token()
        .with_body(request("right"))
        .times(1)
        .respond_example();
    let client = mock.client().expect("mock client");

    let token = client
        .oauth_bridge()
        .get_token(request("right"))
        .send()
        .await
        .expect("token");
    assert!(!token.access_token.expose().is_empty());
    let wrong = client
        .oauth_bridge()
        .get_token(request("wrong"))
        .send()
        .await
        .expect_err("501");
    assert_eq!(wrong.status(), Some(reqwest::StatusCode::NOT_IMPLEMENTED));
    let unmatched = mock.take_unmatched_requests();
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert!(
        unmatched[0].contains("closest operation: GetToken (mock.oauth_bridge().get_token())")
            && unmatched[0].contains(r#"body: at `/code` expected "right", got "wrong""#),
        "{}",
        unmatched[0]
    );
}

#[tokio::test]
async fn the_most_specific_expectation_answers() {
    let mock = MockServer::start().await;
    mock.support().list_tokens().respond(page(vec![token(1)]));
    mock.support()
        .list_tokens()
        .with_client_id(7)
        .with_all(true)
        .respond(page(vec![token(7)]));
    let client = mock.client().expect("mock client");

    let general = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect("general");
    let specific = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(7)
        .send()
        .await
        .expect("specific");
    assert_eq!(
        (ids(&general.tokens), ids(&specific.tokens)),
        (vec![1], vec![7])
    );
    // Among equally specific expectations the last set answers: a test overrides a helper's.
    mock.support().list_tokens().respond(page(vec![token(2)]));
    let overridden = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect("overridden");
    assert_eq!(ids(&overridden.tokens), [2]);
}

#[tokio::test]
async fn an_unmatched_query_parameter_is_named_with_both_values() {
    let mock = MockServer::start().await;
    mock.support()
        .list_tokens()
        .with_client_id(7)
        .respond(page(vec![]));
    let client = mock.client().expect("mock client");

    let error = client
        .support()
        .list_tokens()
        .client_id(8)
        .send()
        .await
        .expect_err("unmatched");
    // The client's error message carries the diagnosis (first in the body, so in the preview).
    let shown = error.to_string();
    assert!(
        shown.contains("closest operation: ListOAuthTokens"),
        "{shown}"
    );
    assert_eq!(
        mock.take_unmatched_requests(),
        [concat!(
            "mock: no expectation matched GET /support/api/v2/oauth/tokens?client_id=8; ",
            "closest operation: ListOAuthTokens (mock.support().list_tokens()); ",
            r#"what differed: query parameter `client_id`: expected "7", got "8""#
        )]
    );
}

#[tokio::test]
async fn an_operation_without_expectations_and_a_wrong_path_are_told_apart() {
    let mock = MockServer::start().await;
    mock.support().list_tokens().respond(page(vec![]));
    let client = mock.client().expect("mock client");
    client
        .support()
        .show_token(5)
        .send()
        .await
        .expect_err("no expectation");
    let wrong_path = format!("{}/api/v2/oauth/token/5", mock.base_url("support"));
    let status = reqwest::get(&wrong_path).await.expect("sent").status();
    assert_eq!(status, 501);
    let posted = reqwest::Client::new()
        .post(format!("{}/oauth/tokens", mock.base_url("chat")))
        .send()
        .await
        .expect("sent");
    assert_eq!(posted.status(), 501);

    let unmatched = mock.take_unmatched_requests();
    assert_eq!(unmatched.len(), 3, "{unmatched:?}");
    assert!(
        unmatched[0].ends_with(
            "it is ShowOAuthToken (mock.support().show_token()), for which no expectation is set"
        ),
        "{}",
        unmatched[0]
    );
    assert!(unmatched[1].ends_with(
        "closest operation: ShowOAuthToken (mock.support().show_token()); what differed: path: expected `/api/v2/oauth/tokens/{oauth_token_id}`, got `/api/v2/oauth/token/5`"
    ), "{}", unmatched[1]);
    assert!(unmatched[2].ends_with(
        "closest operation: ListChatOAuthTokens (mock.chat().list_tokens()); what differed: method: expected GET, got POST"
    ), "{}", unmatched[2]);
}

#[tokio::test]
#[should_panic(expected = "mock: no expectation matched GET /chat/oauth/tokens")]
async fn dropping_the_server_fails_the_test_when_a_request_went_unmatched() {
    let mock = MockServer::start().await;
    let client = mock.client().expect("mock client");
    let _ = client.chat().list_tokens().send().await;
}

#[tokio::test]
#[should_panic(
    expected = "mock.support().revoke_current_token(): expected 1 matching request(s), got 0"
)]
async fn dropping_the_server_verifies_call_counts() {
    let mock = MockServer::start().await;
    mock.support().revoke_current_token().times(1).respond();
}

#[tokio::test]
#[allow(deprecated)] // Create Token is deprecated by Zendesk, and still an operation to serve.
async fn examples_answer_every_operation() {
    let mock = MockServer::with_examples().await;
    let client = mock.client().expect("mock client");
    let (support, chat, bridge) = (client.support(), client.chat(), client.oauth_bridge());

    let listed = support.list_tokens().send().await.expect("list");
    let created = support
        .create_token(
            serde_json::from_value(json!({"token": {"client_id": 1, "scopes": ["read"]}}))
                .expect("body"),
        )
        .send()
        .await
        .expect("create");
    let shown = support.show_token(1).send().await.expect("show");
    let current = support.show_current_token().send().await.expect("current");
    support.revoke_token(1).send().await.expect("revoke");
    support
        .revoke_current_token()
        .send()
        .await
        .expect("revoke current");
    let chat_tokens = chat
        .list_tokens()
        .send()
        .await
        .expect("chat list")
        .into_body();
    chat.revoke_token(38).send().await.expect("chat revoke");
    let bridge_token = bridge
        .get_token(BridgeTokenRequest {
            code: "c".into(),
            grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
            client_id: "id".into(),
            client_secret: "s".into(),
        })
        .send()
        .await
        .expect("bridge token");
    let info = bridge.get_token_info().send().await.expect("token info");
    let granted = support
        .create_token_for_grant_type(
            serde_json::from_value(json!({"grant_type": "client_credentials", "client_id": "app"}))
                .expect("grant body"),
        )
        .send()
        .await
        .expect("grant type token");
    bridge.revoke_access().send().await.expect("revoke access");

    // The values are the spec's examples.
    assert!(!listed.tokens.is_empty());
    assert_eq!(created.token.id, shown.token.id);
    assert_eq!(current.token.id, shown.token.id);
    assert_eq!(chat_tokens.first().and_then(|token| token.id), Some(38));
    assert!(!bridge_token.access_token.expose().is_empty());
    assert!(!info.app.id.is_empty());
    assert!(granted.access_token.is_some(), "{granted:?}");
    // A listing's example is its only page: `stream()` ends after it.
    let streamed: Vec<OAuthToken> = support
        .list_tokens()
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(ids(&streamed), ids(&listed.tokens));
    assert!(mock.take_unmatched_requests().is_empty());
}

#[tokio::test]
async fn an_expectation_overrides_the_examples() {
    let mock = MockServer::with_examples().await;
    mock.support()
        .show_token()
        .with_oauth_token_id(5)
        .respond(OAuthTokenResponse { token: token(5) });
    let client = mock.client().expect("mock client");
    assert_eq!(
        client
            .support()
            .show_token(5)
            .send()
            .await
            .expect("5")
            .token
            .id,
        Some(5)
    );
    assert_ne!(
        client
            .support()
            .show_token(6)
            .send()
            .await
            .expect("6")
            .token
            .id,
        Some(5)
    );
}

#[tokio::test]
async fn several_pages_in_one_line_in_either_pagination_style() {
    let mock = MockServer::start().await;
    mock.support().list_tokens().respond_pages(vec![
        vec![token(1), token(2)],
        vec![token(3)],
        vec![token(4)],
    ]);
    let client = mock.client().expect("mock client");

    let cursor: Vec<OAuthToken> = client
        .support()
        .list_tokens()
        .stream()
        .try_collect()
        .await
        .expect("cursor");
    assert_eq!(ids(&cursor), [1, 2, 3, 4]);
    let offset: Vec<_> = client
        .support()
        .list_tokens()
        .per_page(2)
        .pages()
        .try_collect()
        .await
        .expect("offset");
    let per_page: Vec<Vec<i64>> = offset.iter().map(|page| ids(&page.tokens)).collect();
    assert_eq!(per_page, [vec![1, 2], vec![3], vec![4]]);
    let requests = mock.received_requests().await;
    let queries: Vec<Option<&str>> = requests.iter().map(|request| request.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("page%5Bsize%5D=100"),
            Some("page%5Bsize%5D=100&page%5Bafter%5D=page-1"),
            Some("page%5Bsize%5D=100&page%5Bafter%5D=page-2"),
            Some("per_page=2"),
            Some("per_page=2&page=2"),
            Some("per_page=2&page=3"),
        ]
    );
}

#[tokio::test]
async fn a_typed_error_of_a_listing_fails_its_stream() {
    let mock = MockServer::start().await;
    mock.support()
        .list_tokens()
        .respond_error(ListTokensError::TooManyRequests("slow down".into()));
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client");
    let error = client
        .support()
        .list_tokens()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("429");
    assert_eq!(
        error.api_error(),
        Some(&ListTokensError::TooManyRequests("slow down".into()))
    );
}
