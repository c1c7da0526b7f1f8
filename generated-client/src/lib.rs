//! A typed async client for Zendesk's OAuth token APIs: Support OAuth tokens, Chat OAuth
//! tokens and the Sunshine Conversations OAuth bridge.
//!
//! Generated from `spec/zendesk-oauth.yaml` by the workspace's generator (`cargo xtask
//! codegen`); the runtime it calls (HTTP, auth, errors, secrets) is hand-written.
//!
//! Each area is reached from the [`Client`]: [`Client::support`], [`Client::chat`] and
//! [`Client::oauth_bridge`]. Required parameters are arguments, optional ones are chained
//! setters, and `send()` performs the call:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = zendesk_oauth::Client::builder()
//!     .subdomain("acme")
//!     .support_basic_auth("admin@acme.com/token", "YOUR_API_TOKEN")
//!     .build()?;
//!
//! let page = client.support().list_tokens().all(true).client_id(7).send().await?;
//! for token in &page.tokens {
//!     println!("{:?} user {:?} scopes {:?}", token.id, token.user_id, token.scopes);
//! }
//!
//! match client.support().show_token(42).send().await {
//!     Ok(response) => println!("created {:?}", response.token.created_at),
//!     Err(error) if error.status() == Some(reqwest::StatusCode::NOT_FOUND) => println!("no such token"),
//!     Err(error) => return Err(error.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! Every error keeps the status, headers and raw body ([`Error::response`]), plus the typed
//! error body the spec declares ([`Error::api_error`]). Secrets (tokens, client secrets,
//! authorization codes, passwords) are held in [`Secret`], which never prints its value.

#![deny(missing_docs)]

// Formatted by prettyplease when generated; rustfmt would fight `cargo xtask codegen --check`.
#[rustfmt::skip]
mod generated;
// With an area's feature off, the parts of the runtime only its operations use go unused; without
// `serialize`, so does writing back the members a received model keeps.
#[cfg_attr(
    not(all(
        feature = "chat",
        feature = "oauth_bridge",
        feature = "support",
        feature = "serialize"
    )),
    allow(dead_code)
)]
mod runtime;

pub use generated::*;
pub use runtime::builder::{BuildError, ClientBuilder};
pub use runtime::client::Client;
pub use runtime::error::{
    DecodeError, Error, OperationError, RawResponse, ResponseProblem, UrlError,
};
/// Request and response hooks: see [`ClientBuilder::hook`].
pub use runtime::hooks;
pub use runtime::rate_limit::{EndpointRateLimit, RateLimit};
pub use runtime::renewal::CredentialError;
pub use runtime::response::Response;
pub use runtime::retry::RetryPolicy;
pub use runtime::secret::Secret;
pub use runtime::settings::CallSettings;

// The dependency types that appear in the API, so that a caller can name them without
// depending on a matching version of each crate.
pub use bytes::Bytes;
pub use chrono::{DateTime, NaiveDate, Utc};
/// The HTTP client underneath: build one to hand to `ClientBuilder::http_client`.
pub use reqwest;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::StatusCode;
/// The middleware crate `ClientBuilder::middleware_client` takes (feature `middleware`).
#[cfg(feature = "middleware")]
pub use reqwest_middleware;
pub use serde_json::{Map, Value};
pub use url::Url;

/// What most callers need, in one import: `use crate_name::prelude::*;`. Brings the client,
/// the error and response types, and the traits whose methods builders and streams offer
/// (per-call settings, `try_next`/`try_collect` on listings).
pub mod prelude {
    pub use crate::{CallSettings, Client, Error, Response, RetryPolicy, Secret};
    pub use futures::{StreamExt as _, TryStreamExt as _};
}

pub mod oauth;
pub use oauth::pkce;

// Compiles the README's examples as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
