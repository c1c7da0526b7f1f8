//! Replaying fixtures: a server that answers with them in order, and the check that the
//! requests it received are the recorded ones.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::{credentials, Fixture, Server, EXHAUSTED_STATUS};

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
