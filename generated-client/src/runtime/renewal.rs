//! Renewable credentials: a bearer token that changes (an OAuth access token with a refresh
//! token), asked for a fresh token before each call and renewed once when the server refuses
//! it. `oauth::RefreshingCredential` is the project's implementation.

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;

use crate::runtime::auth::Credential;
use crate::runtime::secret::Secret;

/// A bearer token that can be renewed, for example an OAuth access token with a refresh
/// token. The client asks it for a token before each call; on a `401` it asks for a renewal
/// once and resends once.
///
/// Implementations must never put a secret into their `Debug` output or their errors.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// The token to send now, renewed first when it is expired or about to expire.
    fn fresh_token(&self) -> BoxFuture<'_, Result<Secret, CredentialError>>;

    /// The token the last call of [`TokenSource::fresh_token`] returned, without renewing.
    fn current_token(&self) -> Option<Secret>;

    /// The server refused `rejected` (`401`): renew it, unless it was renewed already since
    /// it was handed out (another call met the same `401`).
    fn renew_after_rejection<'a>(
        &'a self,
        rejected: &'a Secret,
    ) -> BoxFuture<'a, Result<(), CredentialError>>;
}

/// Why a renewable credential could not provide a token. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The session is over (the refresh token was refused or there is none, or the server
    /// refused a renewed token): the user must authorize the application again.
    #[error("re-authorization needed: {reason}")]
    ReauthorizationNeeded {
        /// What happened, without any secret.
        reason: String,
    },
    /// Renewing failed for a reason that may pass (a transport error, a 5xx); the session
    /// may still be valid.
    #[error("token renewal failed: {reason}")]
    RenewalFailed {
        /// What happened, without any secret.
        reason: String,
    },
}

/// A shared [`TokenSource`]; two are equal when they are the same source.
#[derive(Clone)]
pub struct RenewableToken(pub(crate) Arc<dyn TokenSource>);

impl RenewableToken {
    /// Wraps `source`.
    pub fn new(source: Arc<dyn TokenSource>) -> Self {
        Self(source)
    }
}

impl PartialEq for RenewableToken {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for RenewableToken {}

impl fmt::Debug for RenewableToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The renewable credential among `selected`, if any.
fn renewable(selected: &[&Credential]) -> Option<RenewableToken> {
    selected.iter().find_map(|credential| match credential {
        Credential::Renewable(token) => Some(token.clone()),
        _ => None,
    })
}

/// A renewable token through one call: a fresh token before the first attempt, and one
/// renewal when the server refuses it (`401`), after which the next attempt resends.
pub(crate) struct Renewal {
    token: RenewableToken,
    /// The token handed out for the attempts so far.
    used: Secret,
    renewed: bool,
}

impl Renewal {
    /// Asks the renewable credential among `selected`, if any, for a fresh token.
    pub(crate) async fn start(selected: &[&Credential]) -> Result<Option<Self>, CredentialError> {
        let Some(token) = renewable(selected) else {
            return Ok(None);
        };
        let used = token.0.fresh_token().await?;
        Ok(Some(Self {
            token,
            used,
            renewed: false,
        }))
    }

    /// The server answered `401`: renews the token so that the next attempt sends the new
    /// one. A `401` after a renewal means the session is over.
    pub(crate) async fn after_unauthorized(
        &mut self,
        operation: &'static str,
    ) -> Result<(), CredentialError> {
        if self.renewed {
            return Err(CredentialError::ReauthorizationNeeded {
                reason: "the server refused the renewed token too (HTTP 401)".to_owned(),
            });
        }
        self.renewed = true;
        tracing::info!(
            operation,
            "401 with a renewable token: renewing it and resending once"
        );
        self.token.0.renew_after_rejection(&self.used).await
    }
}

#[cfg(test)]
mod tests {
    use futures::future;

    use super::*;

    /// A source that hands out its name as its token.
    #[derive(Debug)]
    struct Named(&'static str);

    impl TokenSource for Named {
        fn fresh_token(&self) -> BoxFuture<'_, Result<Secret, CredentialError>> {
            Box::pin(future::ready(Ok(Secret::new(self.0))))
        }

        fn current_token(&self) -> Option<Secret> {
            Some(Secret::new(self.0))
        }

        fn renew_after_rejection<'a>(
            &'a self,
            _rejected: &'a Secret,
        ) -> BoxFuture<'a, Result<(), CredentialError>> {
            Box::pin(future::ready(Ok(())))
        }
    }

    #[test]
    fn tokens_are_equal_when_they_share_their_source_and_show_it() {
        let source: Arc<dyn TokenSource> = Arc::new(Named("first"));
        let token = RenewableToken::new(Arc::clone(&source));
        assert_eq!(token, RenewableToken::new(source));
        // The same name and token, but another source.
        assert_ne!(token, RenewableToken::new(Arc::new(Named("first"))));
        assert_eq!(format!("{token:?}"), "Named(\"first\")");
    }
}
