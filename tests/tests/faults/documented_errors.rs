//! Documented error bodies not covered by the recorded fixtures, and a declared status with a
//! body that matches none of them.

use super::*;

/// 15. Each area's documented error bodies decode into the operation's typed variant, for
/// the (operation, status) pairs the fixtures do not record.
#[tokio::test]
async fn documented_error_bodies_decode_into_their_variants() {
    // Support: 404 RecordNotFound on Revoke Token (the fixture has it on Show Token).
    let server = serve(vec![json_response(
        404,
        json!({"error": "RecordNotFound", "description": "Not found"}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client.support().revoke_token(1).send().await.unwrap_err();
    assert_eq!(
        api_error(error).0,
        RevokeTokenError::NotFound(SupportError {
            description: Some("Not found".to_owned()),
            details: None,
            error: SupportErrorValue::String("RecordNotFound".to_owned()),
        })
    );

    // Support: 403 with an error object on List Tokens and on Create Token.
    let forbidden =
        json!({"error": {"title": "Forbidden", "message": "You do not have access to this page."}});
    let expected = SupportError {
        description: None,
        details: None,
        error: SupportErrorValue::SupportErrorDetail(SupportErrorDetail {
            message: "You do not have access to this page.".to_owned(),
            title: "Forbidden".to_owned(),
        }),
    };
    let server = serve(vec![json_response(403, forbidden)]).await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client.support().list_tokens().send().await.unwrap_err();
    assert_eq!(
        api_error(error).0,
        ListTokensError::Forbidden(expected.clone())
    );
    let error = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_error(error).0, CreateTokenError::Forbidden(expected));

    // Support: 422 RecordInvalid with several fields, one error without a code.
    let server = serve(vec![json_response(
        422,
        json!({
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {
                "scopes": [{"description": "Scopes: is invalid", "error": "InvalidValue"}],
                "base": [{"description": "Client is inactive"}]
            }
        }),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error).0,
        CreateTokenError::UnprocessableEntity(SupportError {
            description: Some("Record validation errors".to_owned()),
            details: Some(
                [
                    (
                        "base".to_owned(),
                        vec![SupportFieldError {
                            description: "Client is inactive".to_owned(),
                            error: None,
                        }],
                    ),
                    (
                        "scopes".to_owned(),
                        vec![SupportFieldError {
                            description: "Scopes: is invalid".to_owned(),
                            error: Some("InvalidValue".to_owned()),
                        }],
                    ),
                ]
                .into_iter()
                .collect()
            ),
            error: SupportErrorValue::String("RecordInvalid".to_owned()),
        })
    );

    // Support: 401 on Revoke Current Token (a bearer-only operation).
    let server = serve(vec![json_response(
        401,
        json!({"error": "Couldn't authenticate you"}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .support()
        .revoke_current_token()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error).0,
        RevokeCurrentTokenError::Unauthorized(SupportError {
            description: None,
            details: None,
            error: SupportErrorValue::String("Couldn't authenticate you".to_owned()),
        })
    );

    // Chat: 401 on Revoke Token (the fixtures have it on List Tokens, and 404 on Revoke).
    let server = serve(vec![json_response(
        401,
        json!({"error": "Unauthorized", "description": "The server could not verify that you are authorized to access the URL requested."}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client.chat().revoke_token(38).send().await.unwrap_err();
    assert_eq!(
        api_error(error).0,
        zendesk_oauth::chat::RevokeTokenError::Unauthorized(zendesk_oauth::models::ChatError {
            description: Some(
                "The server could not verify that you are authorized to access the URL requested."
                    .to_owned()
            ),
            error: Some("Unauthorized".to_owned()),
        })
    );

    // Sunshine: 401 on Get Token (the fixtures have 400 there, 401 on the other two).
    let server = serve(vec![json_response(
        401,
        json!({"errors": [{"code": "unauthorized", "title": "Invalid client credentials"}]}),
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");
    let error = client
        .oauth_bridge()
        .get_token(zendesk_oauth::models::BridgeTokenRequest {
            client_id: "client".to_owned(),
            client_secret: Secret::new("client-secret"),
            code: Secret::new("code"),
            grant_type: zendesk_oauth::models::BridgeTokenRequestGrantType::AuthorizationCode,
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error).0,
        GetTokenError::Unauthorized(SunshineErrors {
            errors: vec![SunshineError {
                code: "unauthorized".to_owned(),
                title: "Invalid client credentials".to_owned(),
            }],
        })
    );
}

/// A declared error status whose body is not the documented one (a proxy's HTML 404): not
/// `Api`, but `UnexpectedResponse` with the decode error and the raw body.
#[tokio::test]
async fn declared_status_with_an_undocumented_body() {
    let server = serve(vec![raw_response(
        404,
        "<html><body>Not Found</body></html>",
        "text/html",
    )])
    .await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(1)
        .send()
        .await
        .expect_err("404");

    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, ".");
    assert_eq!(response.status.as_u16(), 404);
    assert_eq!(response.text(), "<html><body>Not Found</body></html>");
}
