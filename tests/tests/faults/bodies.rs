//! Malformed bodies: success bodies that are not the declared JSON, error pages that are not
//! declared, and bodies too large to show.

use super::*;

/// 9. A 200 that is not JSON: `InvalidBody` with the path, status and raw body kept.
#[tokio::test]
async fn invalid_json_on_success() {
    let body = r#"{"token": nope}"#;
    let server = serve(vec![raw_response(200, body, "application/json")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("not JSON");

    assert_eq!(error.attempts(), 1);
    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, "token");
    assert!(decode.message.contains("line 1 column 12"), "{decode:?}");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.body.as_ref(), body.as_bytes());
}

/// 10. A 200 whose field has the wrong type: the path names the field.
#[tokio::test]
async fn wrong_field_type_names_the_field() {
    let mut body: Value = serde_json::from_str(&show_token_body()).expect("JSON");
    body["token"]["id"] = json!("abc");
    let server = serve(vec![json_response(200, body)]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("id is a string");

    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, "token.id");
    assert!(decode.message.contains("invalid type"), "{decode:?}");
    assert_eq!(response.status.as_u16(), 200);
}

/// A typical proxy error page, several lines long.
const NGINX_500: &str =
    "<!DOCTYPE html>\r\n<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n\
                         <body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n\
                         <hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// 11a. An HTML error page from a proxy: an undeclared status, the raw text kept, and a
/// `Display` that starts with the operation id and names the status.
#[tokio::test]
async fn html_500_page_is_an_undeclared_status() {
    let page = NGINX_500;
    let server = serve(vec![raw_response(500, page, "text/html")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("500");

    let shown = error.to_string();
    assert!(shown.starts_with("ShowOAuthToken: "), "{shown}");
    assert!(shown.contains("HTTP 500"), "{shown}");
    assert!(
        shown.contains("500 Internal Server Error</title>"),
        "{shown}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    let (problem, response) = unexpected(error);
    assert_eq!(problem, ResponseProblem::UndeclaredStatus);
    assert_eq!(response.text(), page);
    assert_eq!(raw_header(&response, "content-type"), Some("text/html"));
}

/// 11b. `Display` of an error is one line even when the body it quotes is not, so one error
/// is one log line.
#[tokio::test]
async fn display_of_an_html_error_page_is_one_line() {
    let server = serve(vec![raw_response(500, NGINX_500, "text/html")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("500");

    let shown = error.to_string();
    assert!(shown.starts_with("ShowOAuthToken: "), "{shown}");
    assert!(shown.contains("HTTP 500"), "{shown}");
    assert!(
        !shown.contains(['\n', '\r']),
        "Display must be one line: {shown:?}"
    );
}

/// 12. An empty 200 where JSON is expected.
#[tokio::test]
async fn empty_body_on_success() {
    let server = serve(vec![ResponseTemplate::new(200)]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("empty body");

    let (decode, response) = invalid_body(error);
    assert_eq!(decode.path, ".");
    assert!(decode.message.contains("empty"), "{decode:?}");
    assert_eq!(response.status.as_u16(), 200);
    assert!(response.body.is_empty());
}

/// 13. A body cut short (a valid prefix of the real one): `InvalidBody`.
#[tokio::test]
async fn truncated_json_on_success() {
    let full = show_token_body();
    let prefix = &full[..full.len() / 2];
    let server = serve(vec![raw_response(200, prefix, "application/json")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("truncated");

    let (decode, response) = invalid_body(error);
    assert!(decode.message.contains("EOF"), "{decode:?}");
    assert!(decode.path.starts_with("token"), "{decode:?}");
    assert_eq!(response.body.as_ref(), prefix.as_bytes());
}

/// 14. An error body larger than 64 KiB is kept, but only its first 65536 bytes; `Display`
/// stays short.
#[tokio::test]
async fn huge_error_body_is_bounded() {
    let body = "x".repeat(200 * 1024);
    let server = serve(vec![raw_response(500, body, "text/plain")]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("500");

    assert!(error.to_string().chars().count() < 400);
    let (problem, response) = unexpected(error);
    assert_eq!(problem, ResponseProblem::UndeclaredStatus);
    assert_eq!(response.body.len(), 65536);
    assert!(response.body.iter().all(|byte| *byte == b'x'));
}
