//! Success bodies holding tokens that do not match the spec: the error withholds the body
//! from every rendering and keeps it intact in the raw response.

use super::*;

/// The full token of a Create Token answer, long and distinctive.
const FULL_TOKEN: &str = "SECRET-Tk0dFq2fXc6eUb9aMz7fYe5dWc2bVa0";
const FULL_REFRESH_TOKEN: &str = "SECRET-Rf5dJc2bHa0qGk3oLd2fNc1eSb8aPz7f";
const FULL_ACCESS_TOKEN: &str = "SECRET-At3xeyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// A mock server answering every request with `status` and the JSON `body`.
async fn answer(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// A Support token holding the full secrets, with `created_at` not a date.
fn support_token_with_a_bad_date() -> Value {
    json!({
        "client_id": 1234,
        "created_at": "yesterday",
        "id": 223443,
        "refresh_token": FULL_REFRESH_TOKEN,
        "scopes": ["read", "write"],
        "token": FULL_TOKEN,
        "url": "https://example.zendesk.com/api/v2/tokens/223443.json",
        "user_id": 29
    })
}

/// Checks an error on a success status whose body holds secrets: the body is withheld from
/// `Display` and `Debug`, kept intact in the raw response, and the JSON path is reported.
fn assert_withheld<E: Debug>(what: &str, error: &Error<E>, path: &str, secret: &str)
where
    Error<E>: std::error::Error,
{
    let rendered = render_error(error);
    assert_no_secret(what, &rendered, &[secret.to_owned()]);
    assert!(
        error.to_string().contains("bytes withheld"),
        "{what}: {error}"
    );
    assert!(
        format!("{error:?}").contains("bytes withheld"),
        "{what}: {error:?}"
    );
    match error {
        Error::UnexpectedResponse {
            problem: ResponseProblem::InvalidBody(decode),
            response,
            ..
        } => {
            assert_eq!(decode.path, path, "{what}");
            assert!(response.withhold_body, "{what}");
            assert!(
                response.text().contains(secret),
                "{what}: the raw body must stay intact for whoever exposes it deliberately"
            );
        }
        other => panic!("{what}: expected UnexpectedResponse with InvalidBody, got {other:?}"),
    }
}

/// A success body holding a token that does not match the spec: the error must not quote it.
#[tokio::test]
async fn unexpected_success_bodies_with_tokens_are_withheld() {
    let server = answer(201, json!({"token": support_token_with_a_bad_date()})).await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client
        .support()
        .create_token(CreateOAuthTokenRequest {
            token: NewOAuthToken {
                client_id: 1234,
                scopes: vec!["read".to_owned()],
            },
        })
        .send()
        .await
        .expect_err("created_at is not a date");
    assert_withheld("CreateOAuthToken", &error, "token.created_at", FULL_TOKEN);

    let server = answer(200, json!({"token": support_token_with_a_bad_date()})).await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .unwrap_err();
    assert_withheld("ShowOAuthToken", &error, "token.created_at", FULL_TOKEN);
    let error = client
        .support()
        .show_current_token()
        .send()
        .await
        .unwrap_err();
    assert_withheld(
        "ShowCurrentOAuthToken",
        &error,
        "token.created_at",
        FULL_REFRESH_TOKEN,
    );

    let server = answer(200, json!({"tokens": [support_token_with_a_bad_date()]})).await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client.support().list_tokens().send().await.unwrap_err();
    assert_withheld(
        "ListOAuthTokens",
        &error,
        "tokens[0].created_at",
        FULL_TOKEN,
    );

    let server = answer(
        200,
        json!([{
            "access_token": FULL_ACCESS_TOKEN,
            "agent_id": 100000204,
            "client_identifier": "zopim",
            "create_date": "2014-09-09T07:49:20Z",
            "id": "thirty-eight",
            "refresh_token": FULL_REFRESH_TOKEN,
            "scopes": "read write",
            "token_type": "Bearer"
        }]),
    )
    .await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client.chat().list_tokens().send().await.unwrap_err();
    assert_withheld("ListChatOAuthTokens", &error, "[0].id", FULL_ACCESS_TOKEN);

    let server = answer(
        200,
        json!({"access_token": FULL_ACCESS_TOKEN, "token_type": ["Bearer"]}),
    )
    .await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client
        .oauth_bridge()
        .get_token(BridgeTokenRequest {
            client_id: "client".to_owned(),
            client_secret: Secret::new(CLIENT_SECRET),
            code: Secret::new(AUTHORIZATION_CODE),
            grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
        })
        .send()
        .await
        .unwrap_err();
    assert_withheld("GetToken", &error, "token_type", FULL_ACCESS_TOKEN);
}
