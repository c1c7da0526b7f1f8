//! Unit tests of the mock server's machinery against a small API of their own, with what the
//! project's spec has no operation for: header, cookie, styled-query, form and raw-body
//! parameters. (`tests/tests/mock.rs` tests the mock generated for the project's spec.)

use std::convert::Infallible;

use serde_json::json;

use super::constraints::Constraints;
use super::*;
use crate::runtime::builder::ServerSpec;
use crate::runtime::params::Style;
use crate::runtime::request::Request;

static SERVERS: &[ServerSpec] = &[ServerSpec {
    name: "api",
    url: "https://api.example.com",
    variables: &[],
}];

fn client_builder() -> ClientBuilder {
    ClientBuilder::new(SERVERS)
}

static SEARCH_OPERATION: Operation = Operation::post("Search", "api");

static SEARCH: MockOperation = MockOperation {
    operation: &SEARCH_OPERATION,
    accessor: "api().search()",
    server_path: "",
    path: "/search/{scope}",
    example: MockExample::empty(204),
    pagination: None,
};

static API: MockApi = MockApi {
    client_builder,
    servers: &["api"],
    schemes: &[],
    operations: &[&[&SEARCH]],
};

/// A request to `Search` as the client builds it, before its parameters.
fn search() -> Request {
    Request::new(&SEARCH_OPERATION, "/search/all".to_owned())
}

/// The status the mock answers `request` with, sent by the mock's own client.
async fn status_of(mock: &MockServer, request: Request) -> u16 {
    let client = mock
        .client_builder()
        .retry_policy(crate::runtime::retry::RetryPolicy::never())
        .build()
        .unwrap();
    match client.send_empty::<Infallible>(request, &[200, 202]).await {
        Ok(response) => response.status().as_u16(),
        Err(error) => error.status().map_or(0, |status| status.as_u16()),
    }
}

/// Sets an expectation narrowed by `narrow` and answering 200, sends one request with the
/// parameters `matching` sets and one with those `differing` sets: their statuses, and the
/// diagnosis of the second.
async fn narrowed(
    narrow: impl FnOnce(&mut Expectation<'_>),
    matching: impl FnOnce(&mut Request),
    differing: impl FnOnce(&mut Request),
) -> (u16, u16, String) {
    let mock = MockServer::start_for(&API).await;
    let mut expectation = mock.expectation_for(&SEARCH);
    narrow(&mut expectation);
    expectation.respond_status(200);
    let (mut first, mut second) = (search(), search());
    matching(&mut first);
    differing(&mut second);
    let answered = status_of(&mock, first).await;
    let refused = status_of(&mock, second).await;
    let mut unmatched = mock.take_unmatched_requests();
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    (answered, refused, unmatched.remove(0))
}

/// What the diagnosis says differed.
fn differed(diagnosis: &str) -> &str {
    diagnosis
        .split_once("what differed: ")
        .map_or(diagnosis, |(_, differed)| differed)
}

#[tokio::test]
async fn a_header_is_required_as_the_client_sends_it() {
    let (answered, refused, diagnosis) = narrowed(
        |expectation| expectation.header("x-trace", &"abc"),
        |request| request.header("x-trace", &"abc"),
        |request| request.header("x-trace", &"abd"),
    )
    .await;
    assert_eq!((answered, refused), (200, 501));
    assert_eq!(
        differed(&diagnosis),
        r#"header `x-trace`: expected "abc", got "abd""#
    );
    let (_, refused, diagnosis) = narrowed(
        |expectation| expectation.header("x-trace", &"abc"),
        |request| request.header("x-trace", &"abc"),
        |_| {},
    )
    .await;
    assert_eq!(refused, 501);
    assert_eq!(
        differed(&diagnosis),
        r#"header `x-trace`: expected "abc", got none"#
    );
}

#[tokio::test]
async fn an_exploded_header_is_told_from_a_plain_one() {
    let color = json!({"r": 100, "g": 200});
    let (answered, refused, diagnosis) = narrowed(
        |expectation| expectation.header_exploded("x-color", &color),
        |request| request.header_exploded("x-color", &color),
        |request| request.header("x-color", &color),
    )
    .await;
    assert_eq!((answered, refused), (200, 501));
    assert_eq!(
        differed(&diagnosis),
        r#"header `x-color`: expected "g=200,r=100", got "g,200,r,100""#
    );
}

#[tokio::test]
async fn a_cookie_is_found_among_others_and_compared_decoded() {
    let (answered, refused, diagnosis) = narrowed(
        |expectation| expectation.cookie("session", &"a b;%"),
        |request| {
            request.cookie("theme", &"dark");
            request.cookie("session", &"a b;%");
        },
        |request| {
            request.cookie("theme", &"dark");
            request.cookie("session", &"other");
        },
    )
    .await;
    assert_eq!((answered, refused), (200, 501));
    assert_eq!(
        differed(&diagnosis),
        r#"cookie `session`: expected "a b;%", got "other""#
    );
}

#[tokio::test]
async fn a_styled_query_parameter_is_compared_as_laid_out() {
    let (answered, refused, diagnosis) = narrowed(
        |expectation| expectation.query_serialized("ids", &[1, 2], Style::PipeDelimited),
        |request| request.query_serialized("ids", &[1, 2], Style::PipeDelimited),
        |request| request.query_serialized("ids", &[1, 2], Style::Form),
    )
    .await;
    assert_eq!((answered, refused), (200, 501));
    assert_eq!(
        differed(&diagnosis),
        r#"query parameter `ids`: expected "1|2", got "1", "2""#
    );
}

#[tokio::test]
async fn a_form_body_is_compared_field_by_field() {
    let (answered, refused, diagnosis) = narrowed(
        |expectation| expectation.form_body(&json!({"a": "1", "b": "2"})),
        |request| request.form_body(&json!({"b": "2", "a": "1"})),
        |request| request.form_body(&json!({"a": "1"})),
    )
    .await;
    assert_eq!((answered, refused), (200, 501));
    assert_eq!(
        differed(&diagnosis),
        r#"body: expected form fields [("a", "1"), ("b", "2")], got [("a", "1")]"#
    );
}

#[tokio::test]
async fn a_raw_body_is_compared_byte_for_byte() {
    let (answered, refused, diagnosis) = narrowed(
        |expectation| expectation.bytes_body(&[0, 1, 2]),
        |request| request.bytes_body(&[0, 1, 2], "application/octet-stream"),
        |request| request.bytes_body(&[0, 1, 3], "application/octet-stream"),
    )
    .await;
    assert_eq!((answered, refused), (200, 501));
    assert_eq!(
        differed(&diagnosis),
        "body: expected 3 bytes, got 3 different bytes"
    );
}

#[test]
fn every_constraint_counts_towards_specificity() {
    let mut constraints = Constraints::route_only(&SEARCH);
    assert_eq!(constraints.count(), 0);
    constraints.path.push(("scope", "all".to_owned()));
    constraints.expected.query("q", "rust");
    constraints.expected.header("x-trace", &"abc");
    constraints.expected.cookie("session", &"s");
    constraints.expected.json_body(&json!({}));
    assert_eq!(constraints.count(), 5);
}

#[tokio::test]
async fn a_more_specific_expectation_answers_even_when_set_first() {
    let mock = MockServer::start_for(&API).await;
    let mut specific = mock.expectation_for(&SEARCH);
    specific.header("x-trace", &"abc");
    specific.respond_status(202);
    mock.expectation_for(&SEARCH).respond_status(200);

    let mut traced = search();
    traced.header("x-trace", &"abc");
    assert_eq!(status_of(&mock, traced).await, 202);
    assert_eq!(status_of(&mock, search()).await, 200);
}

#[tokio::test]
async fn the_server_and_its_expectations_show_what_they_are() {
    let mock = MockServer::start_for(&API).await;
    let uri = mock.uri();
    assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
    assert_eq!(mock.base_url("api"), format!("{uri}/api"));
    assert_eq!(
        format!("{mock:?}"),
        format!("MockServer {{ uri: {uri:?}, .. }}")
    );
    let mut expectation = mock.expectation_for(&SEARCH);
    expectation.times(3);
    assert_eq!(
        format!("{expectation:?}"),
        r#"Expectation { operation: "Search", times: Some(3), .. }"#
    );
    let typed = OperationExpectation::<Request>::new(mock.expectation_for(&SEARCH)).times(2);
    assert_eq!(
        format!("{typed:?}"),
        r#"Expectation { operation: "Search", times: Some(2), .. }"#
    );
}
