//! Replays recorded HTTP exchanges against the generated `zendesk_oauth` client.
//!
//! # Fixtures
//!
//! A fixture is one recorded exchange, stored as
//! `fixtures/<area>/<name>.json` (`area` is `support`, `chat` or `oauth_bridge`):
//!
//! ```json
//! {
//!   "description": "what this exchange shows",
//!   "source": "https://developer.zendesk.com/... (the doc page the example comes from)",
//!   "server": "support",
//!   "request": {
//!     "method": "GET",
//!     "path": "/api/v2/oauth/tokens",
//!     "query": [["all", "true"], ["client_id", "41"]],
//!     "headers": {"authorization": "Basic ...", "accept": "application/json"},
//!     "absent_headers": ["content-type"],
//!     "body": null
//!   },
//!   "response": {
//!     "status": 200,
//!     "headers": {"content-type": "application/json; charset=utf-8"},
//!     "body": {"tokens": []}
//!   }
//! }
//! ```
//!
//! * `server` is the spec's `x-server-name` of the operation: `support`, `chat`,
//!   `oauth_bridge` or `sunshine_api`.
//! * `request.path` is the path on the wire at the real host, so it includes the server URL's
//!   own path prefix: `/api/v2` for `chat`, `/sc` for `oauth_bridge`, none for `support` and
//!   `sunshine_api`. It is compared exactly (percent-encoded form).
//! * `request.query` lists the decoded query pairs. They are compared as a multiset: order does
//!   not matter, but every pair must be sent and no other pair may be. Optional, default none.
//! * `request.headers` maps lower-case header names to the exact value the client must send
//!   (other headers are ignored); `request.absent_headers` lists headers that must not be sent.
//!   Both optional.
//! * `request.body` is the JSON value the client must send (compared as JSON values), or
//!   `null` (or missing) when the request must have no body.
//! * `response.body` is a JSON value to answer with, `response.body_text` a non-JSON body;
//!   give neither for an empty body. `response.headers` are sent as they are; the
//!   `content-type` header, if present, is also the body's content type (default
//!   `application/json` for `body`, `text/plain` for `body_text`).
//!
//! # Replaying
//!
//! [`Replay::start`] starts a [`wiremock::MockServer`] that answers the N-th request it
//! receives with the N-th fixture's response, whatever the request is. [`Replay::client`]
//! returns a client builder pointed at that server, with fixed test credentials
//! ([`credentials`]); [`Replay::verify`] then checks that the requests received are exactly the
//! recorded ones, in order.
//!
//! ```no_run
//! # async fn run() {
//! let replay = fixture_tests::Replay::start(&["support/show_token.json"]).await;
//! let client = replay.client().build().expect("client");
//! let response = client.support().show_token(223443).send().await;
//! replay.verify().await;
//! # drop(response);
//! # }
//! ```

#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The directory holding the fixtures (`tests/fixtures`).
pub const FIXTURES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// Status answered to a request that arrives after every fixture has been replayed. Outside
/// the range real servers use, so it cannot be mistaken for a recorded response.
pub const EXHAUSTED_STATUS: u16 = 599;

/// The credentials [`Replay::client`] configures, one per security scheme of the spec.
/// Fixtures must expect exactly the `Authorization` values built from them.
pub mod credentials {
    /// `supportBasicAuth` user name (an API-token login).
    pub const SUPPORT_BASIC_USERNAME: &str = "admin@example.com/token";
    /// `supportBasicAuth` password (the API token).
    pub const SUPPORT_BASIC_PASSWORD: &str = "support-api-token";
    /// `supportBearerAuth` token.
    pub const SUPPORT_BEARER_TOKEN: &str = "support-oauth-token";
    /// `chatBearerAuth` token.
    pub const CHAT_BEARER_TOKEN: &str = "chat-oauth-token";
    /// `bridgeBasicAuth` user name (the API key id).
    pub const BRIDGE_BASIC_USERNAME: &str = "app_key_id";
    /// `bridgeBasicAuth` password (the API key secret).
    pub const BRIDGE_BASIC_PASSWORD: &str = "bridge-key-secret";
    /// `bridgeBearerAuth` token.
    pub const BRIDGE_BEARER_TOKEN: &str = "bridge-access-token";
}

/// A server of the spec (its `x-server-name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Server {
    /// `https://{subdomain}.zendesk.com`.
    Support,
    /// `https://{subdomain}.zendesk.com/api/v2/chat`.
    Chat,
    /// `https://oauth-bridge.zendesk.com/sc`. (serde would split `OAuth` into `o_auth`.)
    #[serde(rename = "oauth_bridge")]
    OAuthBridge,
    /// `https://api.smooch.io`.
    SunshineApi,
}

impl Server {
    /// The path part of the server's real URL, which every request path on the wire starts
    /// with (empty when the server URL has no path).
    pub fn path_prefix(self) -> &'static str {
        match self {
            Self::Support | Self::SunshineApi => "",
            Self::Chat => "/api/v2/chat",
            Self::OAuthBridge => "/sc",
        }
    }
}

/// One recorded exchange, as stored in a fixture file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The file name relative to [`FIXTURES_DIR`], e.g. `support/list_tokens.json`. Set by
    /// [`Fixture::load`], not read from the file.
    #[serde(skip)]
    pub name: String,
    /// What the exchange shows.
    pub description: String,
    /// URL of the Zendesk documentation page the example comes from.
    pub source: String,
    /// The server the operation is sent to.
    pub server: Server,
    /// What the client must send.
    pub request: RecordedRequest,
    /// What the server answers.
    pub response: RecordedResponse,
}

/// The request side of a fixture.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Path on the wire, including the server's path prefix, without the query.
    pub path: String,
    /// Decoded query pairs, compared as a multiset.
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// Headers that must be sent with exactly these values (lower-case names).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Headers that must not be sent (lower-case names).
    #[serde(default)]
    pub absent_headers: Vec<String>,
    /// The JSON body that must be sent; `None` when there must be no body.
    #[serde(default)]
    pub body: Option<Value>,
}

/// The response side of a fixture.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (lower-case names).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body.
    #[serde(default)]
    pub body: Option<Value>,
    /// A non-JSON body.
    #[serde(default)]
    pub body_text: Option<String>,
}

impl Fixture {
    /// Loads and checks the fixture `name` (relative to [`FIXTURES_DIR`]).
    ///
    /// # Panics
    ///
    /// When the file cannot be read, is not a valid fixture, or is inconsistent (see
    /// [`Fixture::problems`]); the message names the file.
    pub fn load(name: &str) -> Self {
        let path = Path::new(FIXTURES_DIR).join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!("fixture `{name}`: cannot read {}: {error}", path.display())
        });
        let mut fixture: Self = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("fixture `{name}`: not a valid fixture: {error}"));
        fixture.name = name.to_owned();
        let problems = fixture.problems();
        assert!(
            problems.is_empty(),
            "fixture `{name}` is inconsistent:\n  - {}",
            problems.join("\n  - ")
        );
        fixture
    }

    /// What is wrong with this fixture's content (empty when it is usable): missing
    /// description or source, a path that does not start with the server's prefix or carries
    /// a query, upper-case header names, both `body` and `body_text`, an invalid status.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.description.trim().is_empty() {
            problems.push("`description` is empty".to_owned());
        }
        if !self.source.starts_with("https://developer.zendesk.com/") {
            problems.push(format!(
                "`source` `{}` is not a developer.zendesk.com page",
                self.source
            ));
        }
        let request = &self.request;
        if request.method.is_empty() || request.method != request.method.to_ascii_uppercase() {
            problems.push(format!(
                "`request.method` `{}` must be upper case",
                request.method
            ));
        }
        let prefix = self.server.path_prefix();
        if !request.path.starts_with(&format!("{prefix}/")) {
            problems.push(format!(
                "`request.path` `{}` does not start with `{prefix}/`, the path of server {:?}",
                request.path, self.server
            ));
        }
        if request.path.contains(['?', '#']) {
            problems.push(
                "`request.path` must not hold a query or fragment; use `request.query`".to_owned(),
            );
        }
        let names = request
            .headers
            .keys()
            .chain(&request.absent_headers)
            .chain(self.response.headers.keys());
        for name in names {
            if name != &name.to_ascii_lowercase() {
                problems.push(format!("header name `{name}` must be lower case"));
            }
        }
        for name in &request.absent_headers {
            if request.headers.contains_key(name) {
                problems.push(format!("header `{name}` is both expected and absent"));
            }
        }
        if self.response.body.is_some() && self.response.body_text.is_some() {
            problems.push("`response` has both `body` and `body_text`".to_owned());
        }
        if !(100..=599).contains(&self.response.status) {
            problems.push(format!(
                "`response.status` {} is invalid",
                self.response.status
            ));
        }
        problems
    }

    /// The response the mock server answers with.
    pub fn response_template(&self) -> ResponseTemplate {
        let response = &self.response;
        let mut template = ResponseTemplate::new(response.status);
        for (name, value) in &response.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        let content_type = response.headers.get("content-type").map(String::as_str);
        if let Some(body) = &response.body {
            let bytes = serde_json::to_vec(body)
                .unwrap_or_else(|error| panic!("fixture `{}`: response body: {error}", self.name));
            template = template.set_body_raw(bytes, content_type.unwrap_or("application/json"));
        } else if let Some(text) = &response.body_text {
            template = template.set_body_raw(text.as_bytes(), content_type.unwrap_or("text/plain"));
        }
        template
    }

    /// How `received` differs from the recorded request (empty when it matches).
    pub fn differences(&self, received: &Request) -> Vec<String> {
        let expected = &self.request;
        let mut differences = Vec::new();

        if received.method.as_str() != expected.method {
            differences.push(format!(
                "method: expected {}, got {}",
                expected.method, received.method
            ));
        }
        if received.url.path() != expected.path {
            differences.push(format!(
                "path: expected `{}`, got `{}`",
                expected.path,
                received.url.path()
            ));
        }

        let mut want: Vec<(String, String)> = expected.query.clone();
        let mut got: Vec<(String, String)> = received.url.query_pairs().into_owned().collect();
        want.sort();
        got.sort();
        if want != got {
            differences.push(format!(
                "query: expected pairs {want:?}, got {got:?} (raw query `{}`)",
                received.url.query().unwrap_or("")
            ));
        }

        for (name, value) in &expected.headers {
            let sent: Vec<String> = received
                .headers
                .get_all(name.as_str())
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .collect();
            if sent.len() != 1 || sent[0] != *value {
                differences.push(format!(
                    "header `{name}`: expected `{value}`, got {}",
                    describe_values(&sent)
                ));
            }
        }
        for name in &expected.absent_headers {
            if received.headers.contains_key(name.as_str()) {
                let sent: Vec<String> = received
                    .headers
                    .get_all(name.as_str())
                    .iter()
                    .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                    .collect();
                differences.push(format!(
                    "header `{name}` must not be sent, got {}",
                    describe_values(&sent)
                ));
            }
        }

        match &expected.body {
            None if !received.body.is_empty() => differences.push(format!(
                "body: expected none, got {} bytes: {}",
                received.body.len(),
                String::from_utf8_lossy(&received.body)
            )),
            None => {}
            Some(want) => match serde_json::from_slice::<Value>(&received.body) {
                Ok(got) if got == *want => {}
                Ok(got) => differences.push(format!(
                    "body: expected JSON\n{}\n    got JSON\n{}",
                    indent(&pretty(want)),
                    indent(&pretty(&got))
                )),
                Err(error) => differences.push(format!(
                    "body: expected JSON\n{}\n    got {} bytes that are not JSON ({error}): {}",
                    indent(&pretty(want)),
                    received.body.len(),
                    String::from_utf8_lossy(&received.body)
                )),
            },
        }
        differences
    }
}

fn describe_values(values: &[String]) -> String {
    match values {
        [] => "nothing".to_owned(),
        [one] => format!("`{one}`"),
        many => format!("{} values {many:?}", many.len()),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("      {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Describes a received request in one line: `GET /path?query (n body bytes)`.
fn summarize(request: &Request) -> String {
    let query = request
        .url
        .query()
        .map(|query| format!("?{query}"))
        .unwrap_or_default();
    format!(
        "{} {}{query} ({} body bytes)",
        request.method,
        request.url.path(),
        request.body.len()
    )
}

/// Every fixture file under [`FIXTURES_DIR`], as names relative to it (`support/x.json`),
/// sorted.
///
/// # Panics
///
/// When the directory cannot be read.
pub fn all_fixture_names() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, names: &mut Vec<String>) {
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
        for entry in entries {
            let path: PathBuf = entry
                .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
                .path();
            if path.is_dir() {
                walk(&path, root, names);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                let relative = path
                    .strip_prefix(root)
                    .expect("walked paths are under the root");
                names.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = Path::new(FIXTURES_DIR);
    let mut names = Vec::new();
    walk(root, root, &mut names);
    names.sort();
    names
}

/// Answers the N-th request with the N-th fixture's response, and anything beyond the last
/// fixture with [`EXHAUSTED_STATUS`] and an explanation.
struct Sequence {
    responses: Vec<(String, ResponseTemplate)>,
    next: AtomicUsize,
}

impl Respond for Sequence {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let index = self.next.fetch_add(1, Ordering::SeqCst);
        match self.responses.get(index) {
            Some((_, template)) => template.clone(),
            None => {
                let recorded = self
                    .responses
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                ResponseTemplate::new(EXHAUSTED_STATUS).set_body_string(format!(
                    "fixture-tests replay: request #{} ({}) arrived, but only {} fixture(s) \
                     were recorded for this test: [{recorded}]",
                    index + 1,
                    summarize(request),
                    self.responses.len(),
                ))
            }
        }
    }
}

/// A mock server replaying a list of fixtures, in order.
pub struct Replay {
    server: MockServer,
    fixtures: Vec<Fixture>,
}

impl Replay {
    /// Loads the fixtures `names` (relative to [`FIXTURES_DIR`], e.g.
    /// `"support/list_tokens.json"`) and starts a mock server that answers the N-th request
    /// with the N-th fixture's response. An empty list is allowed: every request is then
    /// unexpected, and [`Replay::verify`] checks that none arrived.
    ///
    /// # Panics
    ///
    /// When a fixture cannot be loaded (see [`Fixture::load`]).
    pub async fn start(names: &[&str]) -> Self {
        let fixtures: Vec<Fixture> = names.iter().map(|name| Fixture::load(name)).collect();
        let server = MockServer::start().await;
        let responses = fixtures
            .iter()
            .map(|fixture| (fixture.name.clone(), fixture.response_template()))
            .collect();
        Mock::given(any())
            .respond_with(Sequence {
                responses,
                next: AtomicUsize::new(0),
            })
            .named("fixture replay")
            .mount(&server)
            .await;
        Self { server, fixtures }
    }

    /// The loaded fixtures, in replay order.
    pub fn fixtures(&self) -> &[Fixture] {
        &self.fixtures
    }

    /// The mock server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder whose every server points at the mock server (plus that server's real
    /// path prefix, so request paths on the wire are the real ones) and that holds the
    /// [`credentials`] for every security scheme.
    pub fn client(&self) -> zendesk_oauth::ClientBuilder {
        use credentials::*;
        let uri = self.uri();
        zendesk_oauth::Client::builder()
            .support_base_url(format!("{uri}{}", Server::Support.path_prefix()))
            .chat_base_url(format!("{uri}{}", Server::Chat.path_prefix()))
            .oauth_bridge_base_url(format!("{uri}{}", Server::OAuthBridge.path_prefix()))
            .sunshine_api_base_url(format!("{uri}{}", Server::SunshineApi.path_prefix()))
            .support_basic_auth(SUPPORT_BASIC_USERNAME, SUPPORT_BASIC_PASSWORD)
            .support_bearer_auth(SUPPORT_BEARER_TOKEN)
            .chat_bearer_auth(CHAT_BEARER_TOKEN)
            .bridge_basic_auth(BRIDGE_BASIC_USERNAME, BRIDGE_BASIC_PASSWORD)
            .bridge_bearer_auth(BRIDGE_BEARER_TOKEN)
    }

    /// The requests the mock server has received so far, in order.
    ///
    /// # Panics
    ///
    /// When the mock server does not record requests (it always does here).
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .expect("the mock server records requests")
    }

    /// Checks that the requests received are exactly the recorded ones, in order: method,
    /// path, query pairs, listed headers, absent headers and body of each, and their number.
    ///
    /// # Panics
    ///
    /// On any difference, with a report naming each fixture whose request did not match.
    pub async fn verify(&self) {
        let received = self.received_requests().await;
        let mut report = String::new();
        for (index, fixture) in self.fixtures.iter().enumerate() {
            let Some(request) = received.get(index) else {
                let _ = writeln!(
                    report,
                    "request #{} (fixture `{}`): never sent; expected {} {}",
                    index + 1,
                    fixture.name,
                    fixture.request.method,
                    fixture.request.path
                );
                continue;
            };
            let differences = fixture.differences(request);
            if !differences.is_empty() {
                let _ = writeln!(
                    report,
                    "request #{} (fixture `{}`) does not match what was recorded; sent {}:",
                    index + 1,
                    fixture.name,
                    summarize(request)
                );
                for difference in differences {
                    let _ = writeln!(report, "  - {difference}");
                }
            }
        }
        for (index, request) in received.iter().enumerate().skip(self.fixtures.len()) {
            let _ = writeln!(
                report,
                "request #{}: unexpected, no fixture left to answer it: {}",
                index + 1,
                summarize(request)
            );
        }
        if !report.is_empty() {
            let names: Vec<&str> = self
                .fixtures
                .iter()
                .map(|fixture| fixture.name.as_str())
                .collect();
            panic!(
                "replay of {names:?}: {} request(s) recorded, {} received\n{report}",
                self.fixtures.len(),
                received.len()
            );
        }
    }
}

/// The declared error and raw response of an `Error::Api`.
///
/// # Panics
///
/// On any other error, showing it.
pub fn api_error<E: std::fmt::Debug>(
    error: zendesk_oauth::Error<E>,
) -> (E, zendesk_oauth::RawResponse) {
    match error {
        zendesk_oauth::Error::Api {
            error, response, ..
        } => (*error, *response),
        other => panic!("expected a declared API error (Error::Api), got {other:?}"),
    }
}

/// A header of a raw response, as text.
///
/// # Panics
///
/// When the header value is not visible ASCII.
pub fn raw_header<'a>(response: &'a zendesk_oauth::RawResponse, name: &str) -> Option<&'a str> {
    response
        .headers
        .get(name)
        .map(|value| value.to_str().expect("ASCII header value"))
}
