//! Nothing prints a secret: the client, its builder, request builders, decoded models,
//! responses and errors are rendered with `{:?}`, `{:#?}` (and errors with `{}`), and none of
//! the renderings may hold a configured credential or a secret value of a recorded exchange
//! (tokens, refresh tokens, access tokens, client secrets, authorization codes).
//!
//! Every recorded fixture is replayed through a client whose credentials are all distinctive
//! `SECRET-...` values, so a credential leaking anywhere shows up as `SECRET-`. And a secret
//! counts as shown when any four of its characters are (see `leaks/mod.rs`): a rendering that
//! keeps the last four characters of a token fails too. Tracing output is searched the same way.
//!
//! Path parameters: every path parameter of the spec is an `i64` id, so there is no string
//! path parameter whose percent-encoding could be checked here (`path_segment` has unit
//! tests in the runtime).

#[path = "../leaks/mod.rs"]
mod leaks;

use std::fmt::Debug;

use fixture_tests::{all_fixture_names, Fixture, Replay, Server};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::models::{
    BridgeTokenRequest, BridgeTokenRequestGrantType, CreateOAuthTokenRequest,
    GrantTypeTokenRequest, NewOAuthToken,
};
use zendesk_oauth::{BuildError, Client, ClientBuilder, Error, Response, ResponseProblem, Secret};

/// The credential of every security scheme: distinctive values that must never be printed,
/// none of whose four-character pieces occurs in a rendering by chance (no English words).
const SUPPORT_BASIC_USERNAME: &str = "admin@example.com/token";
const SUPPORT_BASIC_PASSWORD: &str = "SECRET-Hq4tZ8wN3vB6";
const SUPPORT_BEARER_TOKEN: &str = "SECRET-Jm7cX2pR9kD5";
const CHAT_BEARER_TOKEN: &str = "SECRET-Wf3yL8nQ6gT1";
const BRIDGE_BASIC_USERNAME: &str = "app_key_id";
const BRIDGE_BASIC_PASSWORD: &str = "SECRET-Vb9sK4hM2xE7";
const BRIDGE_BEARER_TOKEN: &str = "SECRET-Pz6rG1jU5cY8";

const CREDENTIALS: &[&str] = &[
    SUPPORT_BASIC_PASSWORD,
    SUPPORT_BEARER_TOKEN,
    CHAT_BEARER_TOKEN,
    BRIDGE_BASIC_PASSWORD,
    BRIDGE_BEARER_TOKEN,
];

/// The `Authorization: Basic` values of the two Basic schemes: base64 of `username:password`.
const BASIC_HEADERS: &[&str] = &[
    "YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46U0VDUkVULUhxNHRaOHdOM3ZCNg==",
    "YXBwX2tleV9pZDpTRUNSRVQtVmI5c0s0aE0yeEU3",
];

/// Secrets of hand-built requests and of bodies served by the tests (not the fixtures).
const CLIENT_SECRET: &str = "SECRET-Cs5dN8qA3wZ1";
const AUTHORIZATION_CODE: &str = "SECRET-Ac2eR7tY4uI9";

/// What a redacted secret looks like in `Debug` output.
const REDACTED: &str = "Secret([REDACTED])";

/// `RetryPolicy::default()`, reached through the signature of `ClientBuilder::retry_policy`:
/// `zendesk_oauth` does not re-export `RetryPolicy`, so a caller cannot name it.
fn default_policy<P: Default>(_setter: fn(ClientBuilder, P) -> ClientBuilder) -> P {
    P::default()
}

/// Sets every credential to its `SECRET-...` value, and sends each request once (so a
/// replayed 429 or 5xx is not answered by the next fixture).
fn with_secret_credentials(builder: ClientBuilder) -> ClientBuilder {
    builder
        .support_basic_auth(SUPPORT_BASIC_USERNAME, SUPPORT_BASIC_PASSWORD)
        .support_bearer_auth(SUPPORT_BEARER_TOKEN)
        .chat_bearer_auth(CHAT_BEARER_TOKEN)
        .bridge_basic_auth(BRIDGE_BASIC_USERNAME, BRIDGE_BASIC_PASSWORD)
        .bridge_bearer_auth(BRIDGE_BEARER_TOKEN)
        .retry_policy(default_policy(ClientBuilder::retry_policy).max_attempts(1))
}

/// A client builder with every base URL at `uri` (plus the server's real path prefix) and
/// every credential set.
fn secret_builder(uri: &str) -> ClientBuilder {
    with_secret_credentials(
        Client::builder()
            .support_base_url(uri)
            .chat_base_url(format!("{uri}/api/v2"))
            .oauth_bridge_base_url(format!("{uri}/sc"))
            .sunshine_api_base_url(uri),
    )
}

/// `{:?}` and `{:#?}` of `value`.
fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

/// `{}`, `{:?}` and `{:#?}` of an error, and `{}` of each error in its source chain.
fn render_error(error: &impl std::error::Error) -> String {
    let mut rendered = format!("{error}\n{}", debug(error));
    let mut source = error.source();
    while let Some(cause) = source {
        rendered.push('\n');
        rendered.push_str(&cause.to_string());
        source = cause.source();
    }
    rendered
}

/// Renders a call's outcome: the response and its body, or the error.
fn render_outcome<T: Debug, E: Debug>(outcome: &Result<Response<T>, Error<E>>) -> String
where
    Error<E>: std::error::Error,
{
    match outcome {
        Ok(response) => format!("{}\n{}", debug(response), debug(response.body())),
        Err(error) => render_error(error),
    }
}

/// Fails when `rendered` holds `SECRET-`, or any four characters of a credential, of a
/// secret of the hand-built requests or of one of `secrets`.
fn assert_no_secret(what: &str, rendered: &str, secrets: &[String]) {
    assert!(
        !rendered.contains("SECRET-"),
        "{what}: a SECRET- value is shown:\n{rendered}"
    );
    leaks::assert_no_leak(what, rendered, CREDENTIALS);
    leaks::assert_no_leak(what, rendered, BASIC_HEADERS);
    leaks::assert_no_leak(what, rendered, &[CLIENT_SECRET, AUTHORIZATION_CODE]);
    leaks::assert_no_leak(what, rendered, secrets);
}

/// The secret values of a recorded exchange: every `token`, `refresh_token`, `access_token`
/// and `client_secret` string in its request and response bodies, and the `code` of its
/// request body (in responses, `code` is a Sunshine error code such as `unauthorized`).
fn fixture_secrets(fixture: &Fixture) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(body) = &fixture.request.body {
        body_secrets(body, true, &mut found);
    }
    if let Some(body) = &fixture.response.body {
        body_secrets(body, false, &mut found);
    }
    found.sort();
    found.dedup();
    found
}

/// Collects the `token`, `refresh_token`, `access_token` and `client_secret` strings of a
/// JSON body, and its `code` strings when `with_code`.
fn body_secrets(value: &Value, with_code: bool, found: &mut Vec<String>) {
    const SECRET_KEYS: &[&str] = &["token", "refresh_token", "access_token", "client_secret"];
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                match value {
                    Value::String(text)
                        if SECRET_KEYS.contains(&key.as_str()) || (with_code && key == "code") =>
                    {
                        found.push(text.clone());
                    }
                    _ => body_secrets(value, with_code, found),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| body_secrets(item, with_code, found)),
        _ => {}
    }
}

/// The recorded request body of `fixture`, decoded as `T`.
fn request_body<T: serde::de::DeserializeOwned>(fixture: &Fixture) -> T {
    let body = fixture
        .request
        .body
        .clone()
        .unwrap_or_else(|| panic!("fixture `{}` records no request body", fixture.name));
    serde_json::from_value(body)
        .unwrap_or_else(|error| panic!("fixture `{}`: request body: {error}", fixture.name))
}

/// Sends the operation `fixture` records through `client`: renders the request builder
/// before sending, then the outcome. Returns the renderings and whether the call succeeded.
async fn replay_and_render(client: &Client, fixture: &Fixture) -> (String, bool) {
    let method = fixture.request.method.as_str();
    let path = fixture
        .request
        .path
        .strip_prefix(fixture.server.path_prefix())
        .expect("fixture paths start with their server's prefix");
    let id = |rest: &str| -> i64 {
        rest.parse()
            .unwrap_or_else(|_| panic!("fixture `{}`: `{rest}` is not an id", fixture.name))
    };
    macro_rules! send {
        ($builder:expr) => {{
            let builder = $builder;
            let before = debug(&builder);
            let outcome = builder.send().await;
            (
                format!("{before}\n{}", render_outcome(&outcome)),
                outcome.is_ok(),
            )
        }};
    }
    match (fixture.server, method, path) {
        // `.json`: a later page, fetched from a `next_page` link.
        (Server::Support, "GET", "/api/v2/oauth/tokens" | "/api/v2/oauth/tokens.json") => {
            send!(client.support().list_tokens())
        }
        (Server::Support, "POST", "/api/v2/oauth/tokens") => {
            send!(client
                .support()
                .create_token(request_body::<CreateOAuthTokenRequest>(fixture)))
        }
        (Server::Support, "POST", "/oauth/tokens") => {
            send!(client
                .support()
                .create_token_for_grant_type(request_body::<GrantTypeTokenRequest>(fixture)))
        }
        (Server::Support, "GET", "/api/v2/oauth/tokens/current.json") => {
            send!(client.support().show_current_token())
        }
        (Server::Support, "DELETE", "/api/v2/oauth/tokens/current.json") => {
            send!(client.support().revoke_current_token())
        }
        (Server::Support, "GET", rest) if rest.starts_with("/api/v2/oauth/tokens/") => {
            send!(client
                .support()
                .show_token(id(&rest["/api/v2/oauth/tokens/".len()..])))
        }
        (Server::Support, "DELETE", rest) if rest.starts_with("/api/v2/oauth/tokens/") => {
            send!(client
                .support()
                .revoke_token(id(&rest["/api/v2/oauth/tokens/".len()..])))
        }
        (Server::Chat, "GET", "/oauth/tokens") => send!(client.chat().list_tokens()),
        (Server::Chat, "DELETE", rest) if rest.starts_with("/oauth/tokens/") => {
            send!(client
                .chat()
                .revoke_token(id(&rest["/oauth/tokens/".len()..])))
        }
        (Server::OAuthBridge, "POST", "/oauth/token") => {
            send!(client
                .oauth_bridge()
                .get_token(request_body::<BridgeTokenRequest>(fixture)))
        }
        (Server::OAuthBridge, "GET", "/v2/tokenInfo") => {
            send!(client.oauth_bridge().get_token_info())
        }
        (Server::SunshineApi, "DELETE", "/oauth/authorization") => {
            send!(client.oauth_bridge().revoke_access())
        }
        _ => panic!(
            "secrets/main.rs does not know which operation fixture `{}` ({method} {path} on {:?}) \
             records: add it to `replay_and_render`",
            fixture.name, fixture.server
        ),
    }
}

// The tests, by what they render or check.
mod checks;
mod renderings;
mod withheld_bodies;
