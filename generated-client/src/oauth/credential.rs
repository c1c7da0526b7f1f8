//! A Support OAuth credential that stays alive: it holds the access token, the refresh token
//! and the expiry, renews the pair through Create Token for Grant Type (`grant_type:
//! refresh_token`) before it expires, stores the rotated refresh token (Zendesk invalidates the
//! previous pair on refresh), and hands each new pair to the application so that a restarted
//! process keeps its session.
//!
//! Concurrent calls that meet an expired token cause one refresh: the pair sits behind an
//! async lock held across the refresh, so the others wait for it and use its result. A refresh
//! is bounded ([`RefreshingCredentialBuilder::refresh_timeout`]), so a server that never
//! answers holds the lock that long at most, and the calls that waited for a refresh that
//! failed share its error instead of each starting another one in turn.
//! See "Refresh token grant flow"
//! (<https://developer.zendesk.com/documentation/api-basics/authentication/refresh-token>).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use futures::future::BoxFuture;
use futures::lock::Mutex as AsyncMutex;

use crate::models::{GrantType, GrantTypeTokenRequest};
use crate::runtime::auth::Credential;
use crate::runtime::renewal::{CredentialError, RenewableToken, TokenSource};
use crate::support::CreateTokenForGrantTypeError;
use crate::{Client, ClientBuilder, Error, Secret};

/// The refresh starts this long before the access token expires, unless
/// [`RefreshingCredentialBuilder::margin`] says otherwise.
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(60);

/// The longest a refresh may take, unless [`RefreshingCredentialBuilder::refresh_timeout`]
/// says otherwise: one small request, with room for a slow answer or a retry.
pub const DEFAULT_REFRESH_TIMEOUT: Duration = Duration::from_secs(30);

/// An OAuth token pair as the application stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPair {
    /// The access token sent as `Authorization: Bearer`.
    pub access_token: Secret,
    /// The refresh token; `None` when Zendesk issued none (the token cannot be renewed).
    pub refresh_token: Option<Secret>,
    /// When the access token expires; `None` when it does not (it is then renewed only after
    /// a `401`).
    pub expires_at: Option<DateTime<Utc>>,
}

/// Called with each new pair, right after a refresh and before the new token is used: the
/// place to persist it. The old refresh token no longer works once this is called.
pub type OnRefresh = Box<dyn Fn(&TokenPair) + Send + Sync>;

/// Configures a [`RefreshingCredential`].
pub struct RefreshingCredentialBuilder {
    client: Client,
    client_id: String,
    client_secret: Option<Secret>,
    scope: Option<String>,
    expires_in: Option<i64>,
    refresh_token_expires_in: Option<i64>,
    margin: Duration,
    refresh_timeout: Duration,
    pair: TokenPair,
    on_refresh: Option<OnRefresh>,
}

impl RefreshingCredentialBuilder {
    /// The OAuth client's secret (confidential clients).
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// The scope to ask for on refresh (space-separated); by default Zendesk keeps the
    /// token's.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// Lifetimes (seconds) of the refreshed access and refresh tokens; out-of-range values
    /// make the refresh fail before anything is sent.
    pub fn lifetimes(
        mut self,
        expires_in: Option<i64>,
        refresh_token_expires_in: Option<i64>,
    ) -> Self {
        self.expires_in = expires_in;
        self.refresh_token_expires_in = refresh_token_expires_in;
        self
    }

    /// How long before expiry the token is renewed (default [`DEFAULT_MARGIN`]).
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The longest one refresh may take, retries of the refresh client included (default
    /// [`DEFAULT_REFRESH_TIMEOUT`]). Past it the refresh is abandoned (its connection closed)
    /// and the calls waiting for it fail with [`CredentialError::RenewalFailed`]; the next
    /// call tries again. (Abandoning a refresh that Zendesk did carry out loses the new pair,
    /// and with it the session: keep the bound well above the server's usual answer time.)
    pub fn refresh_timeout(mut self, timeout: Duration) -> Self {
        self.refresh_timeout = timeout;
        self
    }

    /// Called with each new pair (see [`OnRefresh`]).
    pub fn on_refresh(mut self, on_refresh: impl Fn(&TokenPair) + Send + Sync + 'static) -> Self {
        self.on_refresh = Some(Box::new(on_refresh));
        self
    }

    /// The credential.
    pub fn build(self) -> RefreshingCredential {
        let current = self.pair.access_token.clone();
        RefreshingCredential {
            inner: Arc::new(Refresher {
                client: self.client,
                client_id: self.client_id,
                client_secret: self.client_secret,
                scope: self.scope,
                expires_in: self.expires_in,
                refresh_token_expires_in: self.refresh_token_expires_in,
                margin: TimeDelta::from_std(self.margin).unwrap_or(TimeDelta::MAX),
                refresh_timeout: self.refresh_timeout,
                state: AsyncMutex::new(State {
                    pair: self.pair,
                    failed: None,
                }),
                current: Mutex::new(current),
                on_refresh: self.on_refresh,
            }),
        }
    }
}

/// A Support OAuth credential that renews itself; install it with
/// [`ClientBuilder::support_oauth`]. Cloning shares it.
#[derive(Clone)]
pub struct RefreshingCredential {
    inner: Arc<Refresher>,
}

impl RefreshingCredential {
    /// Starts configuring a credential for `pair`, issued to OAuth client `client_id`.
    /// Refreshes are sent with `refresh_client` (Create Token for Grant Type takes no
    /// credential: configure its Support base URL or subdomain only).
    pub fn builder(
        refresh_client: Client,
        client_id: impl Into<String>,
        pair: TokenPair,
    ) -> RefreshingCredentialBuilder {
        RefreshingCredentialBuilder {
            client: refresh_client,
            client_id: client_id.into(),
            client_secret: None,
            scope: None,
            expires_in: None,
            refresh_token_expires_in: None,
            margin: DEFAULT_MARGIN,
            refresh_timeout: DEFAULT_REFRESH_TIMEOUT,
            pair,
            on_refresh: None,
        }
    }

    /// The pair now held (after any refresh).
    pub async fn pair(&self) -> TokenPair {
        self.inner.state.lock().await.pair.clone()
    }
}

impl fmt::Debug for RefreshingCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl ClientBuilder {
    /// Authenticates Support operations with a [`RefreshingCredential`] (scheme
    /// `supportBearerAuth`): a fresh token before each call, one refresh and one resend
    /// after a `401`, and [`Error::Credential`] when the user must authorize again.
    pub fn support_oauth(self, credential: &RefreshingCredential) -> Self {
        let source: Arc<dyn TokenSource> = credential.inner.clone();
        self.credential(
            "supportBearerAuth",
            Credential::Renewable(RenewableToken::new(source)),
        )
    }
}

struct Refresher {
    client: Client,
    client_id: String,
    client_secret: Option<Secret>,
    scope: Option<String>,
    expires_in: Option<i64>,
    refresh_token_expires_in: Option<i64>,
    margin: TimeDelta,
    refresh_timeout: Duration,
    /// Held across a refresh: the single flight.
    state: AsyncMutex<State>,
    /// The access token last handed out, for the synchronous header write.
    current: Mutex<Secret>,
    on_refresh: Option<OnRefresh>,
}

/// What the lock guards.
struct State {
    pair: TokenPair,
    /// When the latest refresh failed, and why.
    failed: Option<(Instant, CredentialError)>,
}

impl fmt::Debug for Refresher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingCredential")
            .field("client_id", &self.client_id)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl Refresher {
    fn hand_out(&self, pair: &TokenPair) -> Secret {
        let token = pair.access_token.clone();
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = token.clone();
        token
    }

    fn expires_soon(&self, pair: &TokenPair, now: DateTime<Utc>) -> bool {
        pair.expires_at.is_some_and(|expires_at| {
            now.checked_add_signed(self.margin)
                .is_none_or(|at| at >= expires_at)
        })
    }

    /// Takes the lock and refreshes the pair when `needed` says so, then hands out its
    /// token. A refresh that failed while this call waited for the lock is this call's
    /// failure too: it is not tried again at once.
    async fn refresh_if(
        &self,
        needed: impl FnOnce(&TokenPair) -> bool,
    ) -> Result<Secret, CredentialError> {
        let asked = Instant::now();
        let mut state = self.state.lock().await;
        if needed(&state.pair) {
            if let Some((failed_at, error)) = &state.failed {
                if *failed_at >= asked {
                    return Err(error.clone());
                }
            }
            match self.bounded_refresh(&mut state.pair).await {
                Ok(()) => state.failed = None,
                Err(error) => {
                    state.failed = Some((Instant::now(), error.clone()));
                    return Err(error);
                }
            }
        }
        Ok(self.hand_out(&state.pair))
    }

    /// [`Refresher::refresh`], abandoned after `refresh_timeout`. `pair` changes only once the
    /// new one has arrived, so an abandoned refresh leaves it as it was.
    async fn bounded_refresh(&self, pair: &mut TokenPair) -> Result<(), CredentialError> {
        match tokio::time::timeout(self.refresh_timeout, self.refresh(pair)).await {
            Ok(outcome) => outcome,
            Err(_) => {
                let error = CredentialError::RenewalFailed {
                    reason: format!(
                        "the refresh did not finish within {} ms and was abandoned",
                        self.refresh_timeout.as_millis()
                    ),
                };
                tracing::warn!(%error, "OAuth token refresh failed");
                Err(error)
            }
        }
    }

    /// Exchanges the refresh token for a new pair, stores it and tells the application.
    async fn refresh(&self, pair: &mut TokenPair) -> Result<(), CredentialError> {
        let Some(refresh_token) = pair.refresh_token.clone() else {
            return Err(CredentialError::ReauthorizationNeeded {
                reason: "the token has no refresh token".to_owned(),
            });
        };
        let request = GrantTypeTokenRequest {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            code: None,
            code_verifier: None,
            expires_in: self.expires_in,
            grant_type: GrantType::RefreshToken,
            redirect_uri: None,
            refresh_token: Some(refresh_token),
            refresh_token_expires_in: self.refresh_token_expires_in,
            scope: self.scope.clone(),
        };
        let issued_at = Utc::now();
        let token = match self
            .client
            .support()
            .create_token_for_grant_type(request)
            .send()
            .await
        {
            Ok(response) => response.into_body(),
            Err(error) => {
                let error = refresh_error(error);
                tracing::warn!(%error, "OAuth token refresh failed");
                return Err(error);
            }
        };
        let Some(access_token) = token.access_token else {
            return Err(CredentialError::RenewalFailed {
                reason: "the token response holds no access_token".to_owned(),
            });
        };
        let rotated = token.refresh_token.is_some();
        *pair = TokenPair {
            access_token,
            refresh_token: token.refresh_token.or_else(|| pair.refresh_token.take()),
            expires_at: token
                .expires_in
                .and_then(TimeDelta::try_seconds)
                .and_then(|lifetime| issued_at.checked_add_signed(lifetime)),
        };
        tracing::info!(
            expires_at = ?pair.expires_at,
            refresh_token_rotated = rotated,
            "OAuth access token refreshed"
        );
        if let Some(on_refresh) = &self.on_refresh {
            on_refresh(pair);
        }
        Ok(())
    }
}

/// A refused grant (400 or 401) ends the session; anything else may pass.
fn refresh_error(error: Error<CreateTokenForGrantTypeError>) -> CredentialError {
    let refused = |status: u16, grant_error: Option<&str>| CredentialError::ReauthorizationNeeded {
        reason: match grant_error {
            Some(code) => format!("the refresh token was refused (HTTP {status}, {code})"),
            None => format!("the refresh token was refused (HTTP {status})"),
        },
    };
    match error.api_error() {
        Some(
            CreateTokenForGrantTypeError::BadRequest(body)
            | CreateTokenForGrantTypeError::Unauthorized(body),
        ) => refused(
            error.status().map_or(400, |status| status.as_u16()),
            body.error.as_deref(),
        ),
        None => CredentialError::RenewalFailed {
            reason: error.to_string(),
        },
    }
}

impl TokenSource for Refresher {
    fn fresh_token(&self) -> BoxFuture<'_, Result<Secret, CredentialError>> {
        Box::pin(self.refresh_if(|pair| self.expires_soon(pair, Utc::now())))
    }

    fn current_token(&self) -> Option<Secret> {
        Some(
            self.current
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        )
    }

    fn renew_after_rejection<'a>(
        &'a self,
        rejected: &'a Secret,
    ) -> BoxFuture<'a, Result<(), CredentialError>> {
        Box::pin(async move {
            self.refresh_if(|pair| pair.access_token == *rejected)
                .await
                .map(drop)
        })
    }
}
