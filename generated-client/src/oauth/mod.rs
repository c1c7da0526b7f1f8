//! Zendesk OAuth helpers built on the generated operations: PKCE for the authorization code
//! flow, and a credential that keeps a Support OAuth token alive through Create Token for
//! Grant Type.
//!
//! Unlike `runtime/`, this code knows Zendesk's spec (it calls generated operations), so it is
//! not part of the runtime that standalone crates generated from other specs embed.

// The credential calls Support's Create Token for Grant Type: it comes with that area.
#[cfg(feature = "support")]
pub mod credential;
#[cfg(feature = "support")]
mod grant;
pub mod pkce;

#[cfg(feature = "support")]
pub use credential::{RefreshingCredential, RefreshingCredentialBuilder, TokenPair};
