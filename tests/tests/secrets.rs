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
            "secrets.rs does not know which operation fixture `{}` ({method} {path} on {:?}) \
             records: add it to `replay_and_render`",
            fixture.name, fixture.server
        ),
    }
}

#[tokio::test]
async fn client_and_builder_never_show_credentials() {
    let builder = secret_builder("http://127.0.0.1:9");
    let rendered = debug(&builder);
    assert_no_secret("ClientBuilder", &rendered, &[]);
    assert!(rendered.contains(REDACTED), "{rendered}");
    assert!(rendered.contains(SUPPORT_BASIC_USERNAME), "{rendered}");

    let client = builder.build().expect("client");
    let rendered = debug(&client);
    assert_no_secret("Client", &rendered, &[]);
    assert_eq!(
        rendered.matches(REDACTED).count(),
        2 * CREDENTIALS.len(),
        "each credential is shown redacted, in both renderings:\n{rendered}"
    );
    assert_no_secret("Client clone", &debug(&client.clone()), &[]);
    assert_no_secret("Support area", &debug(&client.support()), &[]);
    assert_no_secret("Chat area", &debug(&client.chat()), &[]);
    assert_no_secret("OAuth bridge area", &debug(&client.oauth_bridge()), &[]);
}

#[tokio::test]
async fn request_builders_never_show_secrets() {
    let client = secret_builder("http://127.0.0.1:9")
        .build()
        .expect("client");
    let exchange = Fixture::load("oauth_bridge/get_token.json");
    let secrets = fixture_secrets(&exchange);
    assert!(
        secrets.contains(&"5XJ85yjUtRcaQu_pDINblPZb".to_owned())
            && secrets.contains(&"658965".to_owned()),
        "{secrets:?}"
    );

    let request: BridgeTokenRequest = request_body(&exchange);
    assert_no_secret("BridgeTokenRequest", &debug(&request), &secrets);
    let get_token = client.oauth_bridge().get_token(request.clone());
    let rendered = debug(&get_token);
    assert_no_secret("GetToken builder", &rendered, &secrets);
    assert!(rendered.contains("5e4af71a81966cfff3ef6550"), "{rendered}");

    let create = client.support().create_token(CreateOAuthTokenRequest {
        token: NewOAuthToken {
            client_id: 1234,
            scopes: vec!["read".to_owned()],
        },
    });
    assert_no_secret("CreateToken builder", &debug(&create), &[]);

    let authorize = client
        .oauth_bridge()
        .authorize("5e4af71a81966cfff3ef6550")
        .state("csrf-123");
    assert_no_secret("Authorize builder", &debug(&authorize), &[]);
    let url = authorize.url().expect("authorize URL");
    assert_no_secret("Authorize URL", url.as_str(), &secrets);

    for (what, rendered) in [
        ("ListOAuthTokens", debug(&client.support().list_tokens())),
        ("ShowOAuthToken", debug(&client.support().show_token(1))),
        (
            "ShowCurrentOAuthToken",
            debug(&client.support().show_current_token()),
        ),
        ("RevokeOAuthToken", debug(&client.support().revoke_token(1))),
        (
            "RevokeCurrentOAuthToken",
            debug(&client.support().revoke_current_token()),
        ),
        ("ListChatOAuthTokens", debug(&client.chat().list_tokens())),
        (
            "RevokeChatOAuthToken",
            debug(&client.chat().revoke_token(1)),
        ),
        (
            "GetTokenInfo",
            debug(&client.oauth_bridge().get_token_info()),
        ),
        (
            "RevokeAccess",
            debug(&client.oauth_bridge().revoke_access()),
        ),
    ] {
        assert_no_secret(what, &rendered, &[]);
    }

    // Secrets in a request body also stay out of renderings of a hand-built request.
    let hand_built = BridgeTokenRequest {
        client_id: "client".to_owned(),
        client_secret: Secret::new(CLIENT_SECRET),
        code: Secret::new(AUTHORIZATION_CODE),
        grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
    };
    assert_no_secret(
        "GetToken builder (hand-built body)",
        &debug(&client.oauth_bridge().get_token(hand_built)),
        &[],
    );
}

/// Every recorded exchange, replayed: the request builder, the decoded response (or the
/// error) and the body are rendered without a credential or a secret of the exchange, and so
/// is everything traced meanwhile, at every level.
#[tokio::test]
async fn every_replayed_fixture_renders_without_secrets() {
    let (traced, _tracing) = leaks::capture_tracing();
    let names = all_fixture_names();
    assert!(names.len() >= 20, "{names:?}");
    let mut with_secrets = 0;
    let mut all_secrets = Vec::new();
    for name in &names {
        let replay = Replay::start(&[name.as_str()]).await;
        let fixture = &replay.fixtures()[0];
        let secrets = fixture_secrets(fixture);
        all_secrets.extend(secrets.iter().cloned());
        // The harness credentials are replaced by SECRET- ones, so the recorded
        // `Authorization` headers no longer match: what is checked here is the rendering,
        // not the request (the area test files verify requests).
        let client = with_secret_credentials(replay.client())
            .build()
            .expect("client");

        let (rendered, succeeded) = replay_and_render(&client, fixture).await;

        let status = fixture.response.status;
        // `*_wrong_type.json` fixtures answer 200 with a body the spec does not allow.
        let decodes = !name.ends_with("_wrong_type.json");
        assert_eq!(
            succeeded,
            (200..300).contains(&status) && decodes,
            "fixture `{name}` (HTTP {status}):\n{rendered}"
        );
        assert_no_secret(&format!("fixture `{name}`"), &rendered, &secrets);
        // The recorded `Authorization` holds the harness's credential (not the one this
        // client sends), a word-like value such as `chat-oauth-token`: looked for whole.
        if let Some((_, recorded)) = fixture
            .request
            .headers
            .get("authorization")
            .and_then(|authorization| authorization.split_once(' '))
        {
            assert!(
                !rendered.contains(recorded),
                "fixture `{name}`: the recorded credential is shown:\n{rendered}"
            );
        }
        let mut response_secrets = Vec::new();
        if let Some(body) = &fixture.response.body {
            body_secrets(body, false, &mut response_secrets);
        }
        if succeeded && !response_secrets.is_empty() {
            with_secrets += 1;
            assert!(
                rendered.contains(REDACTED),
                "fixture `{name}`: its secrets are not rendered redacted:\n{rendered}"
            );
        }
    }
    assert!(
        with_secrets >= 6,
        "only {with_secrets} success fixtures hold secrets"
    );
    let traced = traced.text();
    assert!(
        traced.contains("request finished"),
        "nothing was traced:\n{traced}"
    );
    assert_no_secret("tracing output", &traced, &all_secrets);
}

/// A declared 401 from a fixture: the error shows its (harmless) body but no credential.
#[tokio::test]
async fn unauthorized_errors_never_show_credentials() {
    for (name, expected) in [
        (
            "support/list_tokens_unauthorized.json",
            "Couldn't authenticate you",
        ),
        ("chat/list_tokens_unauthorized.json", "could not verify"),
        (
            "oauth_bridge/get_token_info_unauthorized.json",
            "Authorization is required",
        ),
    ] {
        let replay = Replay::start(&[name]).await;
        let client = with_secret_credentials(replay.client())
            .build()
            .expect("client");
        let rendered = match name {
            "support/list_tokens_unauthorized.json" => {
                let error = client.support().list_tokens().send().await.unwrap_err();
                assert!(matches!(error, Error::Api { .. }), "{error:?}");
                render_error(&error)
            }
            "chat/list_tokens_unauthorized.json" => {
                let error = client.chat().list_tokens().send().await.unwrap_err();
                assert!(matches!(error, Error::Api { .. }), "{error:?}");
                render_error(&error)
            }
            _ => {
                let error = client
                    .oauth_bridge()
                    .get_token_info()
                    .send()
                    .await
                    .unwrap_err();
                assert!(matches!(error, Error::Api { .. }), "{error:?}");
                render_error(&error)
            }
        };
        assert!(rendered.contains(expected), "{name}: {rendered}");
        assert!(rendered.contains("401"), "{name}: {rendered}");
        assert_no_secret(name, &rendered, &[]);
    }
}

/// The full token of a Create Token answer, long and distinctive.
const FULL_TOKEN: &str = "SECRET-Tk0dFq2fXc6eUb9aMz7fYe5dWc2bVa0";
const FULL_REFRESH_TOKEN: &str = "SECRET-Rf5dJc2bHa0qGk3oLd2fNc1eSb8aPz7f";
const FULL_ACCESS_TOKEN: &str = "SECRET-At3xeyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// A mock server answering every request with `status` and the JSON `body`.
async fn answer(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// A Support token holding the full secrets, with `created_at` not a date.
fn support_token_with_a_bad_date() -> Value {
    json!({
        "client_id": 1234,
        "created_at": "yesterday",
        "id": 223443,
        "refresh_token": FULL_REFRESH_TOKEN,
        "scopes": ["read", "write"],
        "token": FULL_TOKEN,
        "url": "https://example.zendesk.com/api/v2/tokens/223443.json",
        "user_id": 29
    })
}

/// Checks an error on a success status whose body holds secrets: the body is withheld from
/// `Display` and `Debug`, kept intact in the raw response, and the JSON path is reported.
fn assert_withheld<E: Debug>(what: &str, error: &Error<E>, path: &str, secret: &str)
where
    Error<E>: std::error::Error,
{
    let rendered = render_error(error);
    assert_no_secret(what, &rendered, &[secret.to_owned()]);
    assert!(
        error.to_string().contains("bytes withheld"),
        "{what}: {error}"
    );
    assert!(
        format!("{error:?}").contains("bytes withheld"),
        "{what}: {error:?}"
    );
    match error {
        Error::UnexpectedResponse {
            problem: ResponseProblem::InvalidBody(decode),
            response,
            ..
        } => {
            assert_eq!(decode.path, path, "{what}");
            assert!(response.withhold_body, "{what}");
            assert!(
                response.text().contains(secret),
                "{what}: the raw body must stay intact for whoever exposes it deliberately"
            );
        }
        other => panic!("{what}: expected UnexpectedResponse with InvalidBody, got {other:?}"),
    }
}

/// A success body holding a token that does not match the spec: the error must not quote it.
#[tokio::test]
async fn unexpected_success_bodies_with_tokens_are_withheld() {
    let server = answer(201, json!({"token": support_token_with_a_bad_date()})).await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client
        .support()
        .create_token(CreateOAuthTokenRequest {
            token: NewOAuthToken {
                client_id: 1234,
                scopes: vec!["read".to_owned()],
            },
        })
        .send()
        .await
        .expect_err("created_at is not a date");
    assert_withheld("CreateOAuthToken", &error, "token.created_at", FULL_TOKEN);

    let server = answer(200, json!({"token": support_token_with_a_bad_date()})).await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .unwrap_err();
    assert_withheld("ShowOAuthToken", &error, "token.created_at", FULL_TOKEN);
    let error = client
        .support()
        .show_current_token()
        .send()
        .await
        .unwrap_err();
    assert_withheld(
        "ShowCurrentOAuthToken",
        &error,
        "token.created_at",
        FULL_REFRESH_TOKEN,
    );

    let server = answer(200, json!({"tokens": [support_token_with_a_bad_date()]})).await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client.support().list_tokens().send().await.unwrap_err();
    assert_withheld(
        "ListOAuthTokens",
        &error,
        "tokens[0].created_at",
        FULL_TOKEN,
    );

    let server = answer(
        200,
        json!([{
            "access_token": FULL_ACCESS_TOKEN,
            "agent_id": 100000204,
            "client_identifier": "zopim",
            "create_date": "2014-09-09T07:49:20Z",
            "id": "thirty-eight",
            "refresh_token": FULL_REFRESH_TOKEN,
            "scopes": "read write",
            "token_type": "Bearer"
        }]),
    )
    .await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client.chat().list_tokens().send().await.unwrap_err();
    assert_withheld("ListChatOAuthTokens", &error, "[0].id", FULL_ACCESS_TOKEN);

    let server = answer(
        200,
        json!({"access_token": FULL_ACCESS_TOKEN, "token_type": ["Bearer"]}),
    )
    .await;
    let client = secret_builder(&server.uri()).build().expect("client");
    let error = client
        .oauth_bridge()
        .get_token(BridgeTokenRequest {
            client_id: "client".to_owned(),
            client_secret: Secret::new(CLIENT_SECRET),
            code: Secret::new(AUTHORIZATION_CODE),
            grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
        })
        .send()
        .await
        .unwrap_err();
    assert_withheld("GetToken", &error, "token_type", FULL_ACCESS_TOKEN);
}

/// Credentials with CR or LF (header injection) are rejected by `build()`, naming the scheme
/// and never the value.
#[test]
fn credentials_with_line_breaks_are_rejected() {
    let cases: Vec<(&str, &str, ClientBuilder)> = vec![
        (
            "supportBasicAuth",
            "Gh3kT9wQ\r\nX-Injected: 1",
            Client::builder()
                .support_basic_auth("admin@example.com/token", "Gh3kT9wQ\r\nX-Injected: 1"),
        ),
        (
            "supportBasicAuth",
            "Np4vB7xZ",
            Client::builder().support_basic_auth("admin@example.com\n/token", "Np4vB7xZ"),
        ),
        (
            "supportBearerAuth",
            "Yd8mF2qJ\r\nX-Injected: 1",
            Client::builder().support_bearer_auth("Yd8mF2qJ\r\nX-Injected: 1"),
        ),
        (
            "chatBearerAuth",
            "Ks6wE1rL\n",
            Client::builder().chat_bearer_auth("Ks6wE1rL\n"),
        ),
        (
            "bridgeBasicAuth",
            "Uc9zH5tN\rMx2pV7",
            Client::builder().bridge_basic_auth("app_key_id", "Uc9zH5tN\rMx2pV7"),
        ),
        (
            "bridgeBearerAuth",
            "\r\nQa7jS3yD",
            Client::builder().bridge_bearer_auth("\r\nQa7jS3yD"),
        ),
    ];
    for (scheme, secret, builder) in cases {
        let error = builder.build().expect_err("a line break is rejected");
        match &error {
            BuildError::InvalidCredential {
                scheme: rejected, ..
            } => assert_eq!(*rejected, scheme),
            other => panic!("{scheme}: expected InvalidCredential, got {other:?}"),
        }
        assert_no_secret(scheme, &render_error(&error), &[secret.to_owned()]);
        assert!(error.to_string().contains(scheme), "{error}");
    }
}

/// The checks above would catch a leak: every token-bearing fixture yields its secrets, and
/// its raw body fails `assert_no_secret`.
#[test]
fn the_checks_catch_a_leak() {
    let mut checked = 0;
    for name in all_fixture_names() {
        let fixture = Fixture::load(&name);
        let Some(body) = &fixture.response.body else {
            continue;
        };
        let mut secrets = Vec::new();
        body_secrets(body, false, &mut secrets);
        if secrets.is_empty() {
            continue;
        }
        checked += 1;
        let raw = body.to_string();
        let leaked = std::panic::catch_unwind(|| assert_no_secret(&name, &raw, &secrets));
        assert!(leaked.is_err(), "`{name}`: a raw body passed the check");
    }
    assert!(checked >= 6, "{checked}");
    assert!(std::panic::catch_unwind(|| assert_no_secret(
        "credential",
        &format!("Bearer {CHAT_BEARER_TOKEN}"),
        &[]
    ))
    .is_err());
    // Part of a secret is a leak: its last four characters, or four from its middle.
    for credential in CREDENTIALS {
        let tail = &credential[credential.len() - 4..];
        let middle = &credential[8..12];
        for shown in [format!("Secret(…{tail})"), format!("key={middle}…")] {
            let leaked = std::panic::catch_unwind(|| assert_no_secret("partial", &shown, &[]));
            assert!(leaked.is_err(), "`{shown}` passed the check");
        }
    }
}

#[test]
fn any_four_characters_of_a_secret_are_a_leak() {
    let secret = "Qz7vK2mX9pL4wR8t";
    assert_eq!(leaks::leaked_piece("token …R8t", secret), None);
    assert_eq!(leaks::leaked_piece("token …wR8t", secret), Some("wR8t"));
    assert_eq!(leaks::leaked_piece("Qz7v", secret), Some("Qz7v"));
    assert_eq!(leaks::leaked_piece("K2mX9", secret), Some("K2mX"));
    assert_eq!(
        leaks::leaked_piece("whole: Qz7vK2mX9pL4wR8t", secret),
        Some("Qz7v")
    );
    assert_eq!(leaks::leaked_piece("abc", "abc"), Some("abc"));
    assert_eq!(leaks::leaked_piece("ab", "abc"), None);
    assert_eq!(leaks::leaked_piece("ébcd", "aébcd"), Some("ébcd"));
    assert_eq!(leaks::leaked_piece("aébc", "aébcd"), Some("aébc"));
    // A local server's random port is not a leak of a numeric secret; the same digits
    // anywhere else are.
    leaks::assert_no_leak("port", "http://127.0.0.1:43345/x", &["af3345kdj3"]);
    leaks::assert_no_leak("port", "Url { port: Some(43345) }", &["af3345kdj3"]);
    assert!(std::panic::catch_unwind(|| leaks::assert_no_leak(
        "elsewhere",
        "http://127.0.0.1:1/x?k=3345",
        &["af3345kdj3"]
    ))
    .is_err());
}
