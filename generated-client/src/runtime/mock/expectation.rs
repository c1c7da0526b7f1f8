//! An expectation being set up: constraints added one by one, then an answer; and the
//! mounted expectation the dispatcher picks, counting its calls.

use std::fmt::Display;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::constraints::Constraints;
use super::{answer, lock, MockOperation, MockServer};
use crate::runtime::params::Style;

/// An expectation being set up for one operation: add constraints, then answer. Generated
/// typed methods wrap it. It matches a request only if every constraint holds; of the
/// expectations that match, a test's own answer before the spec's examples, then the most
/// specific (most constraints), then the last set.
#[must_use = "an expectation does nothing until it is answered (`respond...`)"]
pub struct Expectation<'m> {
    mock: &'m MockServer,
    constraints: Constraints,
    times: Option<u64>,
}

impl std::fmt::Debug for Expectation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &self.constraints.operation.id())
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<'m> Expectation<'m> {
    pub(crate) fn new(mock: &'m MockServer, operation: &'static MockOperation) -> Self {
        Self {
            mock,
            constraints: Constraints::route_only(operation),
            times: None,
        }
    }

    /// The operation this expectation is for.
    pub fn operation(&self) -> &'static MockOperation {
        self.constraints.operation
    }

    /// Requires path parameter `name` to be `encoded` (as the client's builder encodes it).
    pub fn path_param(&mut self, name: &'static str, encoded: String) {
        self.constraints.path.push((name, encoded));
    }

    /// Requires query parameter `name` to be exactly `value`.
    pub fn query(&mut self, name: &str, value: impl Display) {
        self.constraints.expected.query(name, value);
    }

    /// Requires query parameter `name` to be `value`, laid out by `style`.
    pub fn query_serialized(&mut self, name: &str, value: &impl Serialize, style: Style) {
        self.constraints
            .expected
            .query_serialized(name, value, style);
    }

    /// Requires header `name` to be `value`.
    pub fn header(&mut self, name: &str, value: &impl Serialize) {
        self.constraints.expected.header(name, value);
    }

    /// Requires header `name`, declared with `explode: true`, to be `value`.
    pub fn header_exploded(&mut self, name: &str, value: &impl Serialize) {
        self.constraints.expected.header_exploded(name, value);
    }

    /// Requires cookie `name` to be `value`.
    pub fn cookie(&mut self, name: &str, value: &impl Serialize) {
        self.constraints.expected.cookie(name, value);
    }

    /// Requires the JSON body to equal `body` (compared as JSON, so key order is free).
    pub fn json_body(&mut self, body: &impl Serialize) {
        self.constraints.expected.json_body(body);
    }

    /// Requires the form body to hold exactly `body`'s fields (in any order).
    pub fn form_body(&mut self, body: &impl Serialize) {
        self.constraints.expected.form_body(body);
    }

    /// Requires the raw body to be `body`.
    pub fn bytes_body(&mut self, body: &[u8]) {
        self.constraints.expected.bytes_body(body, "");
    }

    /// Requires exactly `times` matching requests, checked when the server is dropped.
    pub fn times(&mut self, times: u64) {
        self.times = Some(times);
    }

    /// Answers with `body` as JSON and `status`.
    pub fn respond_json(self, status: u16, body: &impl Serialize) {
        let responder = answer::json(status, body);
        self.mount(responder, Origin::Test);
    }

    /// Answers with `text` (`text/plain`) and `status`.
    pub fn respond_text(self, status: u16, text: &str) {
        let responder = answer::bytes(status, "text/plain; charset=utf-8", text.as_bytes());
        self.mount(responder, Origin::Test);
    }

    /// Answers with raw bytes, a content type (none if empty) and `status`.
    pub fn respond_bytes(self, status: u16, content_type: &str, body: &[u8]) {
        let responder = answer::bytes(status, content_type, body);
        self.mount(responder, Origin::Test);
    }

    /// Answers with `status` and no body.
    pub fn respond_status(self, status: u16) {
        self.mount(answer::status(status), Origin::Test);
    }

    /// Answers with the operation's example (a listing's: as its only page).
    pub fn respond_example(self) {
        let responder = answer::example(self.constraints.operation);
        self.mount(responder, Origin::Test);
    }

    /// Answers a paginated listing with these pages of items (JSON), in order, linking each
    /// page to the next in whichever style (cursor or offset) the request uses.
    pub fn respond_pages(self, pages: Vec<Vec<Value>>) {
        let responder = answer::pages(self.constraints.operation, pages);
        self.mount(responder, Origin::Test);
    }

    /// [`Expectation::respond_pages`] with typed items. An item that does not serialize makes
    /// the answer HTTP 500 saying so.
    pub fn respond_item_pages<T: Serialize>(self, pages: Vec<Vec<T>>) {
        let serialized: Result<Vec<Vec<Value>>, serde_json::Error> = pages
            .iter()
            .map(|page| page.iter().map(serde_json::to_value).collect())
            .collect();
        match serialized {
            Ok(pages) => self.respond_pages(pages),
            Err(error) => {
                let why = format!("mock: an item does not serialize: {error}");
                self.respond_text(500, &why);
            }
        }
    }

    /// Sets the expectation with `responder`.
    pub(crate) fn mount(self, answer: answer::Answer, origin: Origin) {
        let mounted = Mounted {
            constraints: self.constraints,
            answer,
            origin,
            times: self.times,
            hits: AtomicU64::new(0),
        };
        lock(&self.mock.shared.expectations).push(Arc::new(mounted));
    }
}

/// Where an expectation comes from: a test's own take precedence over the spec's examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    /// `MockServer::with_examples`.
    Example,
    /// Set by the test.
    Test,
}

/// An expectation that answers requests.
#[derive(Debug)]
pub(crate) struct Mounted {
    pub(crate) constraints: Constraints,
    answer: answer::Answer,
    origin: Origin,
    times: Option<u64>,
    hits: AtomicU64,
}

impl Mounted {
    /// Whether it matches `request`.
    pub(crate) fn matches(&self, request: &wiremock::Request) -> bool {
        self.constraints.differences(request).is_empty()
    }

    /// How it ranks among matching expectations: a test's own first, then the most
    /// specific (the last set wins a tie, which the caller breaks by order).
    pub(crate) fn rank(&self) -> (Origin, usize) {
        (self.origin, self.constraints.count())
    }

    /// Answers `request`, counting it.
    pub(crate) fn answer(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.hits.fetch_add(1, Ordering::Relaxed);
        wiremock::Respond::respond(&self.answer, request)
    }

    /// Why its call count is wrong, if `times` was set and not met.
    pub(crate) fn unmet_count(&self) -> Option<String> {
        let times = self.times?;
        let hits = self.hits.load(Ordering::Relaxed);
        (hits != times).then(|| {
            format!(
                "mock.{}: expected {times} matching request(s), got {hits}",
                self.constraints.operation.accessor
            )
        })
    }
}
