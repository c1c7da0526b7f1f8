//! Constructors for the body of Create Token for Grant Type, one per grant type, so a request
//! carries exactly the members its grant takes (see the reference's parameter table:
//! <https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/>).
//! Lifetimes and scope are set on the returned value's public fields; out-of-range lifetimes
//! are rejected by `send()` before anything is sent.

use crate::models::{GrantType, GrantTypeTokenRequest};
use crate::Secret;

impl GrantTypeTokenRequest {
    fn empty(grant_type: GrantType, client_id: String) -> Self {
        Self {
            client_id,
            client_secret: None,
            code: None,
            code_verifier: None,
            expires_in: None,
            grant_type,
            redirect_uri: None,
            refresh_token: None,
            refresh_token_expires_in: None,
            scope: None,
        }
    }

    /// Exchanges the authorization `code` Zendesk sent to `redirect_uri`. Set
    /// `client_secret` (confidential clients) and/or `code_verifier` (PKCE) on the result.
    pub fn authorization_code(
        client_id: impl Into<String>,
        code: impl Into<Secret>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            code: Some(code.into()),
            redirect_uri: Some(redirect_uri.into()),
            ..Self::empty(GrantType::AuthorizationCode, client_id.into())
        }
    }

    /// Exchanges a refresh token for a new token pair; Zendesk invalidates the pair the
    /// refresh token belonged to.
    pub fn refresh_token(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        Self {
            client_secret: Some(client_secret.into()),
            refresh_token: Some(refresh_token.into()),
            ..Self::empty(GrantType::RefreshToken, client_id.into())
        }
    }

    /// A token for a confidential client's own access, from its secret.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        Self {
            client_secret: Some(client_secret.into()),
            ..Self::empty(GrantType::ClientCredentials, client_id.into())
        }
    }
}
