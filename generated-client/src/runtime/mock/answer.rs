//! What an expectation answers: a fixed response, or the pages of a listing.

use serde::Serialize;
use serde_json::Value;
use wiremock::{Respond, ResponseTemplate};

use super::pages::Pages;
use super::MockOperation;

/// A responder for one expectation.
#[derive(Debug)]
pub(crate) enum Answer {
    /// The same response to every request.
    Fixed(ResponseTemplate),
    /// The page each request asks for.
    Pages(Pages),
}

impl Respond for Answer {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        match self {
            Self::Fixed(template) => template.clone(),
            Self::Pages(pages) => pages.respond(request),
        }
    }
}

/// Status the mock answers with when a test asked for an answer it cannot give (a status
/// outside 100..=999, an invalid content type): the message says why.
const MISCONFIGURED: u16 = 500;

/// `status` with no body.
pub(crate) fn status(status: u16) -> Answer {
    Answer::Fixed(template(status))
}

/// `body` serialized as JSON.
pub(crate) fn json(status: u16, body: &impl Serialize) -> Answer {
    match serde_json::to_vec(body) {
        Ok(body) => bytes(status, "application/json", &body),
        Err(error) => misconfigured(&format!("the answer does not serialize: {error}")),
    }
}

/// Raw bytes with `content_type` (none when empty).
pub(crate) fn bytes(status: u16, content_type: &str, body: &[u8]) -> Answer {
    Answer::Fixed(with_body(template(status), content_type, body.to_vec()))
}

/// The operation's example; a listing's is served as its only page.
pub(crate) fn example(operation: &'static MockOperation) -> Answer {
    let example = &operation.example;
    if operation.pagination.is_some() {
        if let Ok(page) = serde_json::from_str::<Value>(example.body) {
            return Answer::Pages(Pages::from_example(operation, page));
        }
    }
    bytes(
        example.status,
        example.content_type,
        example.body.as_bytes(),
    )
}

/// `pages` of items, linked in whichever pagination style each request uses.
pub(crate) fn pages(operation: &'static MockOperation, pages: Vec<Vec<Value>>) -> Answer {
    if operation.pagination.is_none() {
        return misconfigured(&format!(
            "{} is not a paginated listing: answer it with `respond`",
            operation.id()
        ));
    }
    Answer::Pages(Pages::new(operation, pages))
}

/// A response with `status`, or an explanation when `status` is not an HTTP status.
pub(crate) fn template(status: u16) -> ResponseTemplate {
    match reqwest::StatusCode::from_u16(status) {
        Ok(status) => ResponseTemplate::new(status.as_u16()),
        Err(_) => ResponseTemplate::new(MISCONFIGURED)
            .set_body_string(format!("mock: {status} is not an HTTP status")),
    }
}

/// `template` with `body`, labelled `content_type` when there is one.
pub(crate) fn with_body(
    template: ResponseTemplate,
    content_type: &str,
    body: Vec<u8>,
) -> ResponseTemplate {
    if content_type.is_empty() {
        return template.set_body_bytes(body);
    }
    // wiremock turns the content type into a header value and panics if it cannot.
    if reqwest::header::HeaderValue::from_str(content_type).is_err() {
        return ResponseTemplate::new(MISCONFIGURED).set_body_string(format!(
            "mock: `{}` is not a content type",
            super::constraints::preview(content_type)
        ));
    }
    template.set_body_raw(body, content_type)
}

fn misconfigured(why: &str) -> Answer {
    Answer::Fixed(ResponseTemplate::new(MISCONFIGURED).set_body_string(format!("mock: {why}")))
}
