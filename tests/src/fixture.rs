//! One recorded exchange: its file format, loading, and the comparison of a received request
//! with the recorded one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

use crate::FIXTURES_DIR;

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

/// Where a fixture's exchange comes from (`provenance` in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Transcribed from the example on the `source` page: an independent check of the client.
    ZendeskDocs,
    /// Built from the named examples of our spec (`spec/zendesk-oauth.yaml`).
    SpecExample,
    /// A case the documentation has no example of, built by hand on the spec's schemas.
    Constructed,
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
    /// Where the exchange comes from: the documentation itself, the spec's examples, or
    /// neither.
    pub provenance: Provenance,
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
