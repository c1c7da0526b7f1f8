//! How the tool reaches Zendesk Support: where ([`Server`]), with which credentials
//! ([`Auth`]), and the client built from them ([`Connection`]).

use zendesk_oauth::oauth::RefreshingCredential;
use zendesk_oauth::{BuildError, Client, ClientBuilder, Secret};

use crate::token_file;

/// How the tool authenticates to Zendesk Support.
#[derive(Debug, Clone)]
pub enum Auth {
    /// API token: basic auth as `{email}/token` with the token as password.
    ApiToken {
        /// The agent's email address (without `/token`).
        email: String,
        /// The API token.
        token: Secret,
    },
    /// An OAuth access token, sent as `Authorization: Bearer`.
    OAuth(Secret),
    /// An OAuth token pair in a file, refreshed when it expires (see [`token_file`]).
    Refreshing(RefreshingAuth),
}

/// Where a refreshing OAuth token pair lives and which OAuth client refreshes it.
#[derive(Debug, Clone)]
pub struct RefreshingAuth {
    /// The token file, read when connecting and rewritten after each refresh.
    pub path: std::path::PathBuf,
    /// The OAuth client's unique identifier.
    pub client_id: String,
    /// The OAuth client's secret (confidential clients).
    pub client_secret: Option<Secret>,
}

impl Auth {
    /// Basic auth user name for an API token: `{email}/token` (kept as is when the email
    /// already ends with `/token`).
    fn basic_username(email: &str) -> String {
        if email.ends_with("/token") {
            email.to_owned()
        } else {
            format!("{email}/token")
        }
    }
}

/// Where Zendesk Support is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Server {
    /// `https://{subdomain}.zendesk.com`.
    Subdomain(String),
    /// Any base URL, for example the demo server's `http://127.0.0.1:PORT`.
    BaseUrl(String),
}

/// A client together with the credentials it was built with (the audit needs to know which
/// kind they are, and the bearer token's prefix, to protect its own token).
#[derive(Debug, Clone)]
pub struct Connection {
    pub(crate) client: Client,
    pub(crate) auth: Auth,
}

impl Connection {
    /// Builds the client. Nothing is sent.
    ///
    /// # Errors
    ///
    /// When the subdomain or URL is invalid, a credential is empty or holds a line break, or
    /// the token file cannot be read.
    pub fn new(server: &Server, auth: Auth) -> Result<Self, ConnectError> {
        let on = |builder: ClientBuilder| match server {
            Server::Subdomain(subdomain) => builder.subdomain(subdomain.clone()),
            Server::BaseUrl(url) => builder.support_base_url(url.clone()),
        };
        let builder = on(Client::builder());
        let builder = match &auth {
            Auth::ApiToken { email, token } => {
                builder.support_basic_auth(Auth::basic_username(email), token.clone())
            }
            Auth::OAuth(token) => builder.support_bearer_auth(token.clone()),
            Auth::Refreshing(refreshing) => {
                let pair = token_file::load(&refreshing.path).map_err(ConnectError::TokenFile)?;
                // Create Token for Grant Type takes no credential.
                let refresh_client = on(Client::builder()).build()?;
                let path = refreshing.path.clone();
                let mut credential =
                    RefreshingCredential::builder(refresh_client, &refreshing.client_id, pair)
                        .on_refresh(move |pair| {
                            if let Err(error) = token_file::save(&path, pair) {
                                eprintln!(
                                    "warning: the OAuth token was refreshed but {} could not be \
                                     rewritten ({error}); the previous refresh token no longer works",
                                    path.display()
                                );
                            }
                        });
                if let Some(secret) = &refreshing.client_secret {
                    credential = credential.client_secret(secret.clone());
                }
                builder.support_oauth(&credential.build())
            }
        };
        Ok(Self {
            client: builder.build()?,
            auth,
        })
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// Why a [`Connection`] could not be made. Nothing was sent.
#[derive(Debug)]
pub enum ConnectError {
    /// The client could not be built.
    Build(BuildError),
    /// The token file could not be read (the message names the file, not its content).
    TokenFile(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Build(error) => error.fmt(f),
            Self::TokenFile(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ConnectError {}

impl From<BuildError> for ConnectError {
    fn from(error: BuildError) -> Self {
        Self::Build(error)
    }
}
