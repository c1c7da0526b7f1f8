//! The declared error responses of Support's operations: 401, 403, 404, 422 and 429 (with a
//! text or an HTML body, and typed rate-limit headers).

use super::*;

#[tokio::test]
async fn show_token_not_found() {
    let replay = Replay::start(&["support/show_token_not_found.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .show_token(8678530)
        .send()
        .await
        .expect_err("404 is an error");
    replay.verify().await;

    assert_eq!(error.operation(), "ShowOAuthToken");
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 404);
    assert_eq!(
        error,
        ShowTokenError::NotFound(SupportError {
            description: Some("Not found".to_owned()),
            details: None,
            error: SupportErrorValue::String("RecordNotFound".to_owned()),
        })
    );
}

#[tokio::test]
async fn list_tokens_unauthorized() {
    let replay = Replay::start(&["support/list_tokens_unauthorized.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect_err("401 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 401);
    assert_eq!(
        error,
        ListTokensError::Unauthorized(SupportError {
            description: None,
            details: None,
            error: SupportErrorValue::String("Couldn't authenticate you".to_owned()),
        })
    );
}

#[tokio::test]
async fn create_token_record_invalid() {
    let replay = Replay::start(&["support/create_token_record_invalid.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .create_token(create_request())
        .send()
        .await
        .expect_err("422 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 422);
    assert_eq!(
        error,
        CreateTokenError::UnprocessableEntity(SupportError {
            description: Some("Record validation errors".to_owned()),
            details: Some(
                [(
                    "client_id".to_owned(),
                    vec![SupportFieldError {
                        description: "Client: cannot be blank".to_owned(),
                        error: Some("BlankValue".to_owned()),
                    }],
                )]
                .into_iter()
                .collect()
            ),
            error: SupportErrorValue::String("RecordInvalid".to_owned()),
        })
    );
}

#[tokio::test]
async fn show_current_token_forbidden_with_title_and_message() {
    let replay = Replay::start(&["support/show_current_token_forbidden.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .show_current_token()
        .send()
        .await
        .expect_err("403 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 403);
    assert_eq!(
        error,
        ShowCurrentTokenError::Forbidden(SupportError {
            description: None,
            details: None,
            error: SupportErrorValue::SupportErrorDetail(SupportErrorDetail {
                message: "You do not have access to this page. Please contact the account owner of this help desk for further help.".to_owned(),
                title: "Forbidden".to_owned(),
            }),
        })
    );
}

#[tokio::test]
async fn rate_limited_text_body_keeps_retry_after() {
    let replay = Replay::start(&["support/list_tokens_rate_limited.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect_err("429 is an error");
    replay.verify().await;

    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    let (error, response) = api_error(error);
    assert_eq!(response.status.as_u16(), 429);
    assert_eq!(raw_header(&response, "retry-after"), Some("93"));
    assert_eq!(raw_header(&response, "x-rate-limit-remaining"), Some("0"));
    assert_eq!(
        response.text(),
        "Rate limit for ticket updates exceeded, please wait before updating this ticket again"
    );
    assert_eq!(
        error,
        ListTokensError::TooManyRequests(
            "Rate limit for ticket updates exceeded, please wait before updating this ticket again"
                .to_owned()
        )
    );
}

/// A 429 answered with an HTML page is the declared error, its text kept, and the rate-limit
/// headers (account-wide and endpoint-specific) are read typed.
#[tokio::test]
async fn rate_limited_html_body_and_typed_rate_limit_headers() {
    let replay = Replay::start(&["support/list_tokens_rate_limited_html.json"]).await;
    let client = replay.client().build().expect("client");

    let error = client
        .support()
        .list_tokens()
        .send()
        .await
        .expect_err("429 is an error");
    replay.verify().await;

    let (error, response) = api_error(error);
    let ListTokensError::TooManyRequests(text) = error else {
        panic!("expected TooManyRequests, got {error:?}");
    };
    assert!(text.starts_with("<html>"), "{text}");
    let limit = response.rate_limit();
    assert_eq!(limit.limit, Some(700));
    assert_eq!(limit.remaining, Some(0));
    assert_eq!(limit.reset, Some(Duration::from_secs(93)));
    assert_eq!(limit.retry_after, Some(Duration::from_secs(93)));
    assert_eq!(
        limit.endpoints,
        vec![EndpointRateLimit {
            name: "tickets-index".to_owned(),
            total: Some(100),
            remaining: Some(0),
            resets: Some(Duration::from_secs(93)),
        }]
    );
}
