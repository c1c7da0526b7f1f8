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
//!   "provenance": "zendesk-docs",
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
//! * `provenance` says where the exchange comes from (required), see [`Provenance`]:
//!   `zendesk-docs` (transcribed from the example on the `source` page: the client is checked
//!   against Zendesk's own documentation), `spec-example` (built from the named examples of
//!   our spec, `spec/zendesk-oauth.yaml`) or `constructed` (a case the documentation shows no
//!   example of: wrong types, pagination sequences, odd answers, built on the spec's schemas;
//!   `source` is the page whose rules it exercises).
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

mod fixture;
mod replay;

pub use fixture::{
    all_fixture_names, Fixture, Provenance, RecordedRequest, RecordedResponse, Server,
};
pub use replay::Replay;

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
