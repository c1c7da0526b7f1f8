//! The hand-written, spec-independent part of the client: HTTP execution, auth, errors and
//! the secret type. Generated code in `crate::generated` calls into it.

pub mod auth;
mod body;
pub mod builder;
pub mod client;
pub mod error;
pub mod hooks;
#[cfg(test)]
mod loopback;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
pub mod object;
pub mod pagination;
pub mod params;
pub mod rate_limit;
pub mod redact;
pub mod renewal;
pub mod request;
pub mod response;
pub mod retry;
pub mod secret;
pub mod sender;
pub mod settings;
pub mod statuses;
pub mod tagged;
pub mod transport;
pub mod upgrade;
