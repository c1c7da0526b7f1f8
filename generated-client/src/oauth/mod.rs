//! Zendesk OAuth helpers built on the generated operations: PKCE for the authorization code
//! flow, and a credential that keeps a Support OAuth token alive through Create Token for
//! Grant Type.
//!
//! Unlike `runtime/`, this code knows Zendesk's spec (it calls generated operations), so it is
//! not part of the runtime that standalone crates generated from other specs embed.

pub mod credential;
mod grant;
pub mod pkce;

pub use credential::{RefreshingCredential, RefreshingCredentialBuilder, TokenPair};
