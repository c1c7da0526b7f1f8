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
//!     println!("{} user {} scopes {:?}", token.id, token.user_id, token.scopes);
//! }
//!
//! match client.support().show_token(42).send().await {
//!     Ok(response) => println!("created {}", response.token.created_at),
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
mod runtime;

pub use generated::*;
pub use runtime::builder::{BuildError, ClientBuilder};
pub use runtime::client::Client;
pub use runtime::error::{DecodeError, Error, OperationError, RawResponse, ResponseProblem};
pub use runtime::rate_limit::RateLimit;
pub use runtime::response::Response;
pub use runtime::retry::RetryPolicy;
pub use runtime::secret::Secret;

// Compiles the README's examples as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
