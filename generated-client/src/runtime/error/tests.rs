//! Unit tests of `error.rs`: decoding, accessors and renderings of errors.

use super::*;
use crate::runtime::secret::Secret;

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Page {
    tokens: Vec<Token>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Token {
    id: i64,
}

#[test]
fn decode_errors_name_the_json_path() {
    let error = decode_json::<Page>(br#"{"tokens":[{"id":1},{"id":"x"}]}"#).unwrap_err();
    assert_eq!(error.path, "tokens[1].id");
    assert!(error.message.contains("invalid type"), "{}", error.message);
}

#[test]
fn an_empty_body_is_none_for_an_optional_body_and_an_error_otherwise() {
    assert!(decode_json::<Option<Page>>(b"").unwrap().is_none());
    assert!(decode_json::<Option<Page>>(b" \n").unwrap().is_none());
    let error = decode_json::<Page>(b"").unwrap_err();
    assert_eq!(error.path, ".");
    assert!(error.message.contains("empty"), "{}", error.message);
}

#[test]
fn display_is_one_line_with_a_bounded_body() {
    let error: Error<std::convert::Infallible> = Error::UnexpectedResponse {
        operation: "ShowOAuthToken",
        problem: ResponseProblem::UndeclaredStatus,
        response: Box::new(RawResponse {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            headers: HeaderMap::new(),
            body: Bytes::from("<html>".repeat(100)),
            attempts: 1,
            withhold_body: false,
            masks: Masks::default(),
        }),
    };
    let shown = error.to_string();
    assert!(shown.starts_with("ShowOAuthToken: unexpected response, HTTP 500 Internal Server Error (status not declared by the spec): <html>"), "{shown}");
    assert!(!shown.contains('\n'));
    assert!(shown.chars().count() < 320, "{shown}");
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
}

fn api_error(headers: HeaderMap) -> Error<u16> {
    Error::Api {
        operation: "ShowOAuthToken",
        error: Box::new(404),
        response: Box::new(RawResponse {
            status: StatusCode::NOT_FOUND,
            headers,
            body: Bytes::from_static(b"{}"),
            attempts: 2,
            withhold_body: false,
            masks: Masks::default(),
        }),
    }
}

#[test]
fn errors_come_apart_without_matching() {
    let mut headers = HeaderMap::new();
    headers.insert("x-zendesk-request-id", "7a1c".parse().unwrap());
    let error = api_error(headers);
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.body().map(|body| &body[..]), Some(&b"{}"[..]));
    assert_eq!(error.headers().map(HeaderMap::len), Some(1));
    assert_eq!(error.request_id(), Some("7a1c"));
    assert_eq!(error.api_error(), Some(&404));
    assert_eq!(error.into_api_error(), Some(404));
}

#[test]
fn the_common_request_id_header_comes_first() {
    let mut headers = HeaderMap::new();
    headers.insert("x-zendesk-request-id", "zendesk".parse().unwrap());
    headers.insert("x-request-id", "common".parse().unwrap());
    assert_eq!(api_error(headers).request_id(), Some("common"));
    assert_eq!(api_error(HeaderMap::new()).request_id(), None);
}

#[test]
fn errors_without_a_response_have_none_of_its_parts() {
    let error: Error<u16> = Error::MissingCredentials {
        operation: "ShowOAuthToken",
        accepted: "supportBearerAuth".to_owned(),
    };
    assert!(error.headers().is_none() && error.body().is_none());
    assert_eq!(error.request_id(), None);
    assert_eq!(error.into_api_error(), None);
}

#[test]
fn withheld_bodies_are_never_shown() {
    let error: Error<std::convert::Infallible> = Error::UnexpectedResponse {
        operation: "CreateOAuthToken",
        problem: ResponseProblem::UndeclaredStatus,
        response: Box::new(RawResponse {
            status: StatusCode::CREATED,
            headers: HeaderMap::new(),
            body: Bytes::from(r#"{"token":{"token":"FULL-SECRET"}}"#),
            attempts: 1,
            withhold_body: true,
            masks: Masks::default(),
        }),
    };
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("FULL-SECRET"), "{shown}");
    assert!(shown.contains("33 bytes withheld"), "{shown}");
}

fn raw(body: &str, masks: Masks) -> RawResponse {
    RawResponse {
        status: StatusCode::BAD_GATEWAY,
        headers: HeaderMap::new(),
        body: Bytes::from(body.to_owned()),
        attempts: 1,
        withhold_body: false,
        masks,
    }
}

#[test]
fn previews_show_200_characters_and_mark_what_is_cut() {
    let shown = |body: &str| preview(&raw(body, Masks::default()));
    assert_eq!(shown(&"a".repeat(200)), "a".repeat(200));
    assert_eq!(shown(&"a".repeat(201)), format!("{}…", "a".repeat(200)));
    // 4-byte characters: 200 of them fill the bytes read, a 201st is cut by bytes, not count.
    assert_eq!(shown(&"😀".repeat(200)), "😀".repeat(200));
    assert_eq!(shown(&"😀".repeat(201)), format!("{}…", "😀".repeat(200)));
    assert_eq!(shown("line\r\nbreak"), "line  break");
}

#[test]
fn previews_mask_a_credential_that_starts_among_the_characters_shown() {
    let secret = "s3cr3t-token-with-30-characters";
    let masks = Masks::new(&[Secret::new(secret)]);
    let body = format!("{}{secret}{}", "😀".repeat(199), "z".repeat(50));
    let shown = preview(&raw(&body, masks));
    assert_eq!(shown, format!("{}[…", "😀".repeat(199)));
}

#[test]
fn decode_errors_display_their_path_and_message() {
    let error = DecodeError {
        path: "tokens[0].id".to_owned(),
        message: "invalid type".to_owned(),
    };
    assert_eq!(error.to_string(), "at `tokens[0].id`: invalid type");
    let problem = ResponseProblem::InvalidBody(error);
    assert_eq!(
        problem.to_string(),
        "body does not match the spec at `tokens[0].id`: invalid type"
    );
}

#[test]
fn raw_responses_render_their_parts_and_read_their_headers() {
    let secret = "echoed-secret";
    let mut response = raw(
        &format!("{{\"error\":\"{secret}\"}}"),
        Masks::new(&[Secret::new(secret)]),
    );
    response
        .headers
        .insert("x-rate-limit", "700".parse().unwrap());
    response
        .headers
        .insert("x-rate-limit-remaining", "699".parse().unwrap());
    response.headers.insert("x-echo", secret.parse().unwrap());
    assert_eq!(response.text(), format!("{{\"error\":\"{secret}\"}}"));
    let limit = response.rate_limit();
    assert_eq!((limit.limit, limit.remaining), (Some(700), Some(699)));
    let shown = format!("{response:?}");
    assert!(!shown.contains(secret), "{shown}");
    for part in [
        "RawResponse",
        "status: 502",
        "x-rate-limit",
        "[REDACTED]",
        "attempts: 1",
    ] {
        assert!(shown.contains(part), "{part} in {shown}");
    }
}

#[test]
fn error_debug_masks_the_decoded_body_and_names_the_variant() {
    let secret = "echoed-secret";
    let masks = Masks::new(&[Secret::new(secret)]);
    let error: Error<String> = Error::Api {
        operation: "ShowOAuthToken",
        error: Box::new(format!("token {secret} is invalid")),
        response: Box::new(raw("{}", masks.clone())),
    };
    for shown in [format!("{error:?}"), format!("{error:#?}")] {
        assert!(!shown.contains(secret), "{shown}");
        assert!(
            shown.contains("Api") && shown.contains("ShowOAuthToken"),
            "{shown}"
        );
        assert!(shown.contains("token [REDACTED] is invalid"), "{shown}");
    }
    let error: Error<String> = Error::UnexpectedResponse {
        operation: "ShowOAuthToken",
        problem: ResponseProblem::InvalidBody(DecodeError {
            path: ".".to_owned(),
            message: format!("unknown variant `{secret}`"),
        }),
        response: Box::new(raw("{}", masks)),
    };
    let shown = format!("{error:?}");
    assert!(!shown.contains(secret), "{shown}");
    assert!(
        shown.contains("UnexpectedResponse") && shown.contains("[REDACTED]"),
        "{shown}"
    );
}

#[test]
fn errors_without_a_response_report_what_they_know() {
    let too_large: Error<u16> = Error::BodyTooLarge {
        operation: "ListOAuthTokens",
        status: StatusCode::OK,
        limit: 10,
        attempts: 3,
    };
    assert_eq!(too_large.status(), Some(StatusCode::OK));
    assert_eq!(too_large.attempts(), 3);
    assert_eq!(too_large.operation(), "ListOAuthTokens");
    assert!(too_large.response().is_none());
    let shown = format!("{too_large:?}");
    assert!(
        shown.contains("BodyTooLarge") && shown.contains("limit: 10"),
        "{shown}"
    );
    let missing: Error<u16> = Error::MissingCredentials {
        operation: "ListOAuthTokens",
        accepted: "supportBearerAuth".to_owned(),
    };
    assert_eq!((missing.status(), missing.attempts()), (None, 0));
    assert!(format!("{missing:?}").contains("MissingCredentials"));
    assert_eq!(api_error(HeaderMap::new()).attempts(), 2);
}
