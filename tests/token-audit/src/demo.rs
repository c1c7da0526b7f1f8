//! `--demo`: a local Zendesk Support stand-in on 127.0.0.1 that replays recorded exchanges.
//!
//! The exchanges live in `fixtures/` (compiled into the binary with `include_str!`, so the
//! demo works from any directory), in the format of the workspace's fixture tests
//! (`tests/src/lib.rs`): `description`, `source`, `server`, `request` (`method`, `path`,
//! `query` pairs, `headers`, `body`) and `response` (`status`, `headers`, `body`).
//!
//! * `list_tokens_page{1,2,3}.json`: three cursor pages of List Tokens (`all=true`,
//!   `page[size]=100`, then `page[after]=<the previous page's after_cursor>`), eleven tokens
//!   covering every flag. A page is served when method, path, query pairs and the recorded
//!   headers match; a `client_id` (or `global_client_id`) query parameter is ignored for
//!   matching and filters the page's tokens instead, so `--demo --client-id 41` works.
//! * `show_current_token.json`: Show Current Token for [`DEMO_OAUTH_TOKEN`] (token 223401).
//! * `revoke_token.json`: its `204 No Content` answers a DELETE of any token id the pages list.
//! * `revoke_token_not_found.json`: its 404 answers a DELETE of any other id.
//!
//! Any other request gets a `404` whose text says no exchange was recorded for it.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::{any, method, path, path_regex};
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::{Auth, Connection, Server};

/// The OAuth access token the demo authenticates with. Its first 10 characters are the
/// prefix of listed token 223401, which Show Current Token returns.
pub const DEMO_OAUTH_TOKEN: &str =
    "de40a0d17c3b5f29e81a6c4d0b7f3e92a5c1d8f6b2e04a97c3d1f5e8b6a2c904";

/// The id of the token [`DEMO_OAUTH_TOKEN`] is.
pub const DEMO_CURRENT_TOKEN_ID: i64 = 223401;

/// When the fixtures were recorded, 2026-11-02T09:00:00Z: the demo's "now" unless `--now` is
/// given, so the demo shows the same flags whatever day it is run.
pub fn demo_now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_793_610_000, 0).unwrap_or(DateTime::UNIX_EPOCH)
}

/// The fixture files, by name.
pub const FIXTURES: &[(&str, &str)] = &[
    (
        "list_tokens_page1.json",
        include_str!("../fixtures/list_tokens_page1.json"),
    ),
    (
        "list_tokens_page2.json",
        include_str!("../fixtures/list_tokens_page2.json"),
    ),
    (
        "list_tokens_page3.json",
        include_str!("../fixtures/list_tokens_page3.json"),
    ),
    (
        "show_current_token.json",
        include_str!("../fixtures/show_current_token.json"),
    ),
    (
        "revoke_token.json",
        include_str!("../fixtures/revoke_token.json"),
    ),
    (
        "revoke_token_not_found.json",
        include_str!("../fixtures/revoke_token_not_found.json"),
    ),
];

const PAGES: [&str; 3] = [
    "list_tokens_page1.json",
    "list_tokens_page2.json",
    "list_tokens_page3.json",
];

/// Query parameters that filter the listing rather than select a page.
const FILTERS: [&str; 2] = ["client_id", "global_client_id"];

/// One recorded exchange.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// What the exchange shows.
    pub description: String,
    /// The Zendesk documentation page the exchange follows.
    pub source: String,
    /// The spec's server name; always `support` here.
    pub server: String,
    /// What the client sends.
    pub request: RecordedRequest,
    /// What the server answers.
    pub response: RecordedResponse,
}

/// The request side of a fixture.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Decoded query pairs, compared as a multiset.
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// Headers that must be sent with these values (lower-case names).
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    /// The JSON body, or null for none.
    #[serde(default)]
    pub body: Option<Value>,
}

/// The response side of a fixture.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    /// The JSON body, if any.
    #[serde(default)]
    pub body: Option<Value>,
}

impl Fixture {
    /// Parses the fixture `name` from [`FIXTURES`].
    ///
    /// # Errors
    ///
    /// When there is no such fixture or it does not parse.
    pub fn load(name: &str) -> Result<Self, String> {
        let (_, text) = FIXTURES
            .iter()
            .find(|(file, _)| *file == name)
            .ok_or_else(|| format!("no demo fixture `{name}`"))?;
        let fixture: Self = serde_json::from_str(text)
            .map_err(|error| format!("demo fixture `{name}` is invalid: {error}"))?;
        if fixture.server != "support" {
            return Err(format!(
                "demo fixture `{name}`: server `{}` is not `support`",
                fixture.server
            ));
        }
        Ok(fixture)
    }

    /// The response, with the page's tokens limited to those of `client_id` when given.
    fn response(&self, client_id: Option<&str>) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.response.status);
        for (name, value) in &self.response.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        let Some(body) = &self.response.body else {
            return template;
        };
        let mut body = body.clone();
        if let (Some(client_id), Some(Value::Array(tokens))) = (client_id, body.get_mut("tokens")) {
            let client_id = client_id.parse::<i64>().ok();
            tokens.retain(|token| {
                client_id.is_some() && token.get("client_id").and_then(Value::as_i64) == client_id
            });
        }
        let content_type = self
            .response
            .headers
            .get("content-type")
            .map_or("application/json", String::as_str);
        template.set_body_raw(body.to_string().into_bytes(), content_type)
    }

    /// The ids of the tokens in the response body (a page or a single token).
    fn token_ids(&self) -> Vec<i64> {
        let Some(body) = &self.response.body else {
            return Vec::new();
        };
        let tokens = match body.get("tokens") {
            Some(Value::Array(tokens)) => tokens.iter().collect(),
            _ => body.get("token").into_iter().collect::<Vec<_>>(),
        };
        tokens
            .into_iter()
            .filter_map(|token| token.get("id").and_then(Value::as_i64))
            .collect()
    }
}

/// Matches the fixture's method, path, query pairs (less the [`FILTERS`]) and headers.
struct Recorded(RecordedRequest);

impl Match for Recorded {
    fn matches(&self, request: &Request) -> bool {
        let recorded = &self.0;
        if request.method.as_str() != recorded.method || request.url.path() != recorded.path {
            return false;
        }
        let mut want: Vec<(String, String)> = recorded.query.clone();
        let mut got: Vec<(String, String)> = request
            .url
            .query_pairs()
            .into_owned()
            .filter(|(name, _)| !FILTERS.contains(&name.as_str()))
            .collect();
        want.sort();
        got.sort();
        want == got
            && recorded.headers.iter().all(|(name, value)| {
                request
                    .headers
                    .get(name.as_str())
                    .is_some_and(|sent| sent.as_bytes() == value.as_bytes())
            })
    }
}

/// Answers with a page fixture, filtered by the request's `client_id`.
struct Page(Fixture);

impl Respond for Page {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let client_id = request
            .url
            .query_pairs()
            .find(|(name, _)| name == "client_id")
            .map(|(_, value)| value.into_owned());
        self.0.response(client_id.as_deref())
    }
}

/// Answers any request nothing was recorded for.
struct NotRecorded;

impl Respond for NotRecorded {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = request
            .url
            .query()
            .map(|query| format!("?{query}"))
            .unwrap_or_default();
        ResponseTemplate::new(404).set_body_string(format!(
            "token-audit demo server: no exchange was recorded for {} {}{query}",
            request.method,
            request.url.path()
        ))
    }
}

/// The demo server. It stops when dropped.
pub struct DemoServer {
    server: MockServer,
}

impl DemoServer {
    /// Starts the server on 127.0.0.1 (a free port) with every fixture mounted.
    ///
    /// # Errors
    ///
    /// When a fixture does not parse (a build problem, caught by the tests).
    pub async fn start() -> Result<Self, String> {
        let pages = PAGES
            .iter()
            .map(|name| Fixture::load(name))
            .collect::<Result<Vec<_>, _>>()?;
        let current = Fixture::load("show_current_token.json")?;
        let revoked = Fixture::load("revoke_token.json")?;
        let not_found = Fixture::load("revoke_token_not_found.json")?;

        let server = MockServer::start().await;
        let mut listed = Vec::new();
        for page in pages {
            listed.extend(page.token_ids());
            Mock::given(Recorded(page.request.clone()))
                .respond_with(Page(page))
                .named("list tokens page")
                .mount(&server)
                .await;
        }
        Mock::given(Recorded(current.request.clone()))
            .respond_with(current.response(None))
            .named("show current token")
            .mount(&server)
            .await;
        for id in listed {
            Mock::given(method("DELETE"))
                .and(path(format!("/api/v2/oauth/tokens/{id}")))
                .respond_with(revoked.response(None))
                .named("revoke a listed token")
                .mount(&server)
                .await;
        }
        Mock::given(method("DELETE"))
            .and(path_regex(r"^/api/v2/oauth/tokens/[^/]+$"))
            .respond_with(not_found.response(None))
            .with_priority(10)
            .named("revoke an unknown token")
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(NotRecorded)
            .with_priority(u8::MAX)
            .named("not recorded")
            .mount(&server)
            .await;
        Ok(Self { server })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A connection to this server authenticating with [`DEMO_OAUTH_TOKEN`].
    ///
    /// # Errors
    ///
    /// Only if the client cannot be built.
    pub fn connection(&self) -> Result<Connection, crate::ConnectError> {
        self.connection_with(Auth::OAuth(DEMO_OAUTH_TOKEN.into()))
    }

    /// A connection to this server with other credentials.
    ///
    /// # Errors
    ///
    /// When the credentials are unusable (empty, or holding a line break).
    pub fn connection_with(&self, auth: Auth) -> Result<Connection, crate::ConnectError> {
        Connection::new(&Server::BaseUrl(self.uri()), auth)
    }

    /// The underlying mock server, to mount more mocks (tests answer some requests
    /// differently by mounting with a priority below 5).
    pub fn mock_server(&self) -> &MockServer {
        &self.server
    }

    /// Every request received so far, in order.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}
