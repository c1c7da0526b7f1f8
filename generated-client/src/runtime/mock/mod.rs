//! A local mock server for tests of code that uses the client (the `mock` feature).
//!
//! Built on [wiremock](https://docs.rs/wiremock), the workspace's test server, which runs on
//! the client's tokio runtime: one wiremock responder hands every request to `dispatch`, which
//! picks the expectation that answers it or diagnoses why none does. This module is the
//! spec-independent machinery (server, matching, answers, pagination, diagnostics); the
//! generated `mock` module adds one typed method per operation on top of it.

mod answer;
mod constraints;
mod dispatch;
mod expectation;
mod pages;
mod route;
#[cfg(test)]
mod tests;
mod typed;

use std::sync::{Arc, Mutex, PoisonError};

use crate::runtime::auth::{ApiKeyLocation, Credential};
use crate::runtime::builder::{BuildError, ClientBuilder};
use crate::runtime::client::Client;
use crate::runtime::request::Operation;

pub use expectation::Expectation;
pub use typed::OperationExpectation;
pub use wiremock::Request as ReceivedRequest;

/// Static facts about the API the mock serves, generated from the spec.
#[derive(Debug)]
pub struct MockApi {
    /// The generated `Client::builder`.
    pub client_builder: fn() -> ClientBuilder,
    /// Names of the servers in the client's server table.
    pub servers: &'static [&'static str],
    /// Every security scheme, so the mock's client can authenticate every operation.
    pub schemes: &'static [MockScheme],
    /// Every operation the client calls (browser redirects are never called), by area.
    pub operations: &'static [&'static [&'static MockOperation]],
}

impl MockApi {
    /// Every operation, area after area.
    pub(crate) fn operations(&self) -> impl Iterator<Item = &'static MockOperation> + '_ {
        self.operations.iter().flat_map(|area| area.iter().copied())
    }
}

/// A security scheme, for which the mock's client holds a placeholder credential.
#[derive(Debug)]
pub struct MockScheme {
    /// Scheme name in the spec.
    pub name: &'static str,
    /// How it authenticates.
    pub kind: MockSchemeKind,
}

/// How a [`MockScheme`] authenticates.
#[derive(Debug)]
pub enum MockSchemeKind {
    /// HTTP Basic.
    Basic,
    /// HTTP Bearer.
    Bearer,
    /// An API key in a header, query parameter or cookie.
    ApiKey(ApiKeyLocation, &'static str),
}

/// One operation as the mock sees it.
#[derive(Debug)]
pub struct MockOperation {
    /// The client's description of it: id, method, server.
    pub operation: &'static Operation,
    /// How a test reaches it, e.g. `support().list_tokens()`.
    pub accessor: &'static str,
    /// The path of its server's URL in the spec (`/api/v2`, or empty): next-page links
    /// carry it, as the real server's do.
    pub server_path: &'static str,
    /// Path template relative to the server, as in the spec (`/tokens/{id}`).
    pub path: &'static str,
    /// The answer when nothing more specific is set: the spec's example, or one built from
    /// the response types.
    pub example: MockExample,
    /// Where a listing's items and next-page pointers are, in JSON.
    pub pagination: Option<MockPagination>,
}

impl MockOperation {
    /// `operationId`.
    pub fn id(&self) -> &'static str {
        self.operation.id
    }

    /// HTTP method, upper case.
    pub fn method(&self) -> &str {
        self.operation.method.as_str()
    }

    /// Name of its server in the server table.
    pub fn server(&self) -> &'static str {
        self.operation.server
    }
}

/// A default answer.
#[derive(Debug)]
pub struct MockExample {
    /// Success status.
    pub status: u16,
    /// `Content-Type`, empty when there is no body.
    pub content_type: &'static str,
    /// The body.
    pub body: &'static str,
}

impl MockExample {
    /// A JSON body.
    pub const fn json(status: u16, body: &'static str) -> Self {
        Self {
            status,
            content_type: "application/json",
            body,
        }
    }

    /// A UTF-8 text body.
    pub const fn text(status: u16, body: &'static str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            body,
        }
    }

    /// An empty binary body.
    pub const fn bytes(status: u16) -> Self {
        Self {
            status,
            content_type: "application/octet-stream",
            body: "",
        }
    }

    /// No body.
    pub const fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: "",
            body: "",
        }
    }
}

/// A paginated listing, by JSON property names.
#[derive(Debug)]
pub struct MockPagination {
    /// Property path of the page's items.
    pub items: &'static [&'static str],
    /// Cursor style.
    pub cursor: Option<MockCursor>,
    /// Offset style.
    pub offset: Option<MockOffset>,
}

/// Cursor pagination, by JSON property names.
#[derive(Debug)]
pub struct MockCursor {
    /// Query parameter carrying the cursor.
    pub param: &'static str,
    /// Property path of the "more pages follow" boolean.
    pub has_more: &'static [&'static str],
    /// Property path of the next cursor.
    pub next_cursor: &'static [&'static str],
}

/// Offset pagination, by JSON property names.
#[derive(Debug)]
pub struct MockOffset {
    /// Query parameter with the page number (from 1).
    pub page_param: &'static str,
    /// Query parameter with the page size.
    pub size_param: &'static str,
    /// Property path of the next page's URL.
    pub next_url: &'static [&'static str],
}

/// What the server shares with its dispatcher.
#[derive(Debug, Default)]
struct Shared {
    /// Every expectation set, in the order they were set.
    expectations: Mutex<Vec<Arc<expectation::Mounted>>>,
    /// One message per request nothing matched.
    unmatched: Mutex<Vec<String>>,
}

/// A local HTTP server answering as the spec's API would, as each test sets it up.
///
/// Point a client at it with [`MockServer::client`] (every server of the spec is served, at
/// `{uri}/{server name}`). A request that no expectation matches is answered with HTTP 501
/// and a message naming the operation it was closest to and what differed; dropping the
/// server then fails the test with those messages, and expectations set with
/// [`Expectation::times`] are verified.
pub struct MockServer {
    server: wiremock::MockServer,
    api: &'static MockApi,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server for `api` that answers nothing until expectations are set. Called by
    /// the generated `MockServer::start`.
    #[doc(hidden)]
    pub async fn start_for(api: &'static MockApi) -> Self {
        let server = wiremock::MockServer::start().await;
        let shared = Arc::new(Shared::default());
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(dispatch::Dispatch {
                api,
                shared: Arc::clone(&shared),
            })
            .mount(&server)
            .await;
        Self {
            server,
            api,
            shared,
        }
    }

    /// Starts a server for `api` that answers every operation with its example. Called by
    /// the generated `MockServer::with_examples`.
    #[doc(hidden)]
    pub async fn with_examples_for(api: &'static MockApi) -> Self {
        let mock = Self::start_for(api).await;
        for operation in api.operations() {
            let expectation = Expectation::new(&mock, operation);
            let responder = answer::example(operation);
            expectation.mount(responder, expectation::Origin::Example);
        }
        mock
    }

    /// The server's root URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The base URL standing in for server `server` of the spec: `{uri}/{server}`. Each
    /// server gets its own prefix, so equal paths on different hosts stay apart.
    pub fn base_url(&self, server: &str) -> String {
        format!(
            "{}/{}",
            self.server.uri(),
            crate::runtime::params::path_segment(&server)
        )
    }

    /// A client builder pointed at this server for every server of the spec, holding a
    /// placeholder credential for every security scheme. Add anything else (a retry policy,
    /// other credentials) before `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        let mut builder = (self.api.client_builder)();
        for server in self.api.servers {
            builder = builder.base_url(server, self.base_url(server));
        }
        for scheme in self.api.schemes {
            let credential = match scheme.kind {
                MockSchemeKind::Basic => Credential::basic("mock-user", "mock-password"),
                MockSchemeKind::Bearer => Credential::bearer("mock-token"),
                MockSchemeKind::ApiKey(location, name) => {
                    Credential::api_key(location, name, "mock-key")
                }
            };
            builder = builder.credential(scheme.name, credential);
        }
        builder
    }

    /// A client pointed at this server, authenticated for every operation.
    pub fn client(&self) -> Result<Client, BuildError> {
        self.client_builder().build()
    }

    /// Every request received so far, matched or not, in order.
    pub async fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// One message per request that matched no expectation so far, forgotten once taken:
    /// a test that provokes them on purpose takes them, and dropping the server then does not
    /// fail it.
    pub fn take_unmatched_requests(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.shared.unmatched))
    }

    /// Starts an expectation on `operation`. Called by the generated typed methods.
    #[doc(hidden)]
    pub fn expectation_for(&self, operation: &'static MockOperation) -> Expectation<'_> {
        Expectation::new(self, operation)
    }
}

impl Drop for MockServer {
    /// Fails the test when requests went unanswered or call counts were not met, unless it
    /// is failing already.
    fn drop(&mut self) {
        let mut problems = lock(&self.shared.unmatched).clone();
        problems.extend(
            lock(&self.shared.expectations)
                .iter()
                .filter_map(|mounted| mounted.unmet_count()),
        );
        if !problems.is_empty() && !std::thread::panicking() {
            // Failing the test is this type's job, as wiremock's own verification on drop.
            #[allow(clippy::panic)]
            {
                panic!(
                    "the mock server saw {} problem(s) (requests no expectation matched, call counts not met):\n{}",
                    problems.len(),
                    problems.join("\n")
                );
            }
        }
    }
}

/// A poisoned lock only means another test thread panicked; the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
