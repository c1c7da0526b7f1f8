//! Configuring a client: servers and their URL templates, credentials, timeouts, retries.
//! `build` checks everything once, so a built [`Client`] never meets a bad setting.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use url::Url;

use crate::runtime::auth::Credential;
use crate::runtime::client::{Client, Inner};
use crate::runtime::hooks::{
    AttemptOutcome, Hook, HookError, Hooks, RequestFn, RequestInfo, ResponseFn, ResponseInfo,
};
use crate::runtime::redact::{self, Masks};
use crate::runtime::retry::RetryPolicy;
use crate::runtime::sender::Sender;

/// A server an operation can be sent to, as declared in the spec.
#[derive(Debug)]
pub struct ServerSpec {
    /// Stable name (`x-server-name`), used to override the base URL.
    pub name: &'static str,
    /// URL template, e.g. `https://{subdomain}.zendesk.com`.
    pub url: &'static str,
    /// The template's variables.
    pub variables: &'static [ServerVariableSpec],
}

/// A variable of a server URL template.
#[derive(Debug)]
pub struct ServerVariableSpec {
    /// Name as written between braces.
    pub name: &'static str,
    /// Value used when the caller sets none.
    pub default: &'static str,
    /// Allowed values; empty means any value.
    pub allowed: &'static [&'static str],
}

/// The client could not be built from its configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec gives this server no absolute URL (no `servers` at all, or a relative one),
    /// and none was set on the builder.
    #[error("server `{server}`: the spec gives no absolute URL (`{template}`); set the base URL on the client builder")]
    MissingBaseUrl {
        /// The server name.
        server: &'static str,
        /// The URL the spec gives, possibly empty.
        template: &'static str,
    },
    /// A base URL override or an expanded server template is not a valid absolute URL.
    #[error("server `{server}`: `{url}` is not a valid base URL: {reason}")]
    InvalidBaseUrl {
        /// The server name.
        server: &'static str,
        /// The URL that was rejected.
        url: String,
        /// Why.
        reason: String,
    },
    /// A server variable value is not allowed.
    #[error("server variable `{variable}`: {reason}")]
    InvalidServerVariable {
        /// The variable name.
        variable: String,
        /// Why.
        reason: String,
    },
    /// A base URL or variable was set for a name the spec does not declare.
    #[error("unknown {kind} `{name}` (known: {known})")]
    Unknown {
        /// `server` or `server variable`.
        kind: &'static str,
        /// The name given.
        name: String,
        /// The names the spec declares.
        known: String,
    },
    /// A credential is unusable (empty, or would inject header lines).
    #[error("credential for `{scheme}` {reason}")]
    InvalidCredential {
        /// The security scheme name.
        scheme: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// The HTTP client could not be created.
    #[error("HTTP client: {0}")]
    Http(String),
}

/// Configures a [`Client`]. Obtain one with `Client::builder()`.
pub struct ClientBuilder {
    servers: &'static [ServerSpec],
    base_urls: BTreeMap<String, String>,
    variables: BTreeMap<String, String>,
    credentials: BTreeMap<&'static str, Credential>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    max_response_body: usize,
    max_pages: u64,
    http: Option<Sender>,
    hooks: Hooks,
}

/// Default for the whole request, body included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on a success body: a page of 100 tokens is well under 100 KiB, so this
/// leaves a wide margin while keeping a runaway or hostile server from exhausting memory.
pub(crate) const DEFAULT_MAX_RESPONSE_BODY: usize = 16 * 1024 * 1024;
/// Default bound on the pages of one listing: a million tokens at 100 per page.
const DEFAULT_MAX_PAGES: u64 = 10_000;

impl ClientBuilder {
    /// A builder for a client of the servers the spec declares. Called by the generated
    /// `Client::builder()`.
    pub(crate) fn new(servers: &'static [ServerSpec]) -> Self {
        Self {
            servers,
            base_urls: BTreeMap::new(),
            variables: BTreeMap::new(),
            credentials: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            max_pages: DEFAULT_MAX_PAGES,
            http: None,
            hooks: Hooks::default(),
        }
    }

    /// Sends through `client` instead of a `reqwest::Client` of the builder's own: for
    /// proxies, custom root certificates, a connection pool shared with the application.
    /// Credentials, retries, the per-attempt timeout, body limits, hooks and redaction still
    /// apply; the client's own settings (redirects, user agent, connect timeout) are the
    /// caller's. Build it with the re-exported `reqwest`, so versions match.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(Sender::Client(client));
        self
    }

    /// Sends through the caller's `reqwest-middleware` stack (feature `middleware`), an
    /// existing one the application shares. The stack is the transport: it runs for each
    /// attempt after the hooks and after the credentials are applied, so its middleware see
    /// the credentials (prefer [hooks](ClientBuilder::hook) for anything that records
    /// requests), and a retrying middleware multiplies the client's own retries (use
    /// `RetryPolicy::never()` with one). A middleware's own error ends the call with
    /// `Error::Hook`, not retried. The per-attempt timeout and body limits still apply.
    #[cfg(feature = "middleware")]
    pub fn middleware_client(mut self, client: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.http = Some(Sender::Middleware(client));
        self
    }

    /// Adds a hook that runs on every attempt of every call, after the hooks added before
    /// it: see [`hooks`](crate::runtime::hooks) for where it runs and what it sees. For a
    /// closure, [`ClientBuilder::on_request`] and [`ClientBuilder::on_response`] are
    /// shorter.
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.0.push(std::sync::Arc::new(hook));
        self
    }

    /// Adds a hook (see [`ClientBuilder::hook`]) that runs `hook` before each attempt is
    /// sent, with the request before credentials are applied: to add a header, for example.
    pub fn on_request(
        self,
        hook: impl Fn(&mut reqwest::Request, &RequestInfo) -> Result<(), HookError>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.hook(RequestFn(hook))
    }

    /// Adds a hook (see [`ClientBuilder::hook`]) that runs `hook` once each attempt has an
    /// outcome: to count attempts or statuses, for example.
    pub fn on_response(
        self,
        hook: impl Fn(&AttemptOutcome<'_>, &ResponseInfo) -> Result<(), HookError>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.hook(ResponseFn(hook))
    }

    /// The retry policy for every call (a call can override it). See [`RetryPolicy`] for the
    /// default.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends every operation of server `server` (an `x-server-name` from the spec) to `url`
    /// instead of the spec's URL: for tests, proxies or other data centres.
    pub fn base_url(mut self, server: &str, url: impl Into<String>) -> Self {
        self.base_urls.insert(server.to_owned(), url.into());
        self
    }

    /// Sets a server URL template variable (for example `subdomain`) for every server that
    /// declares it.
    pub fn server_variable(mut self, name: &str, value: impl Into<String>) -> Self {
        self.variables.insert(name.to_owned(), value.into());
        self
    }

    /// Sets the credential for a security scheme of the spec.
    pub(crate) fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Bounds each attempt, from sending to reading the whole body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Bounds establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest success body accepted, in bytes (default 16 MiB; a call can override it).
    /// A larger one ends the call with [`Error::BodyTooLarge`](crate::runtime::error::Error)
    /// as soon as it is announced (`Content-Length`) or crosses the limit while being read:
    /// nothing more is read or buffered. Error bodies are kept up to 64 KiB regardless.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The most pages one listing (`pages()`, `stream()`) fetches (default 10 000, at least
    /// 1). A listing with more ends with `Error::Pagination` after that many pages: a bound
    /// on a server whose cursors never repeat and never end.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Replaces the `User-Agent` header value.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client, BuildError> {
        let known_servers = || join_names(self.servers.iter().map(|server| server.name));
        for name in self.base_urls.keys() {
            if !self.servers.iter().any(|server| server.name == name) {
                return Err(BuildError::Unknown {
                    kind: "server",
                    name: name.clone(),
                    known: known_servers(),
                });
            }
        }
        for name in self.variables.keys() {
            let declared = self.servers.iter().flat_map(|server| server.variables);
            if !declared.clone().any(|variable| variable.name == name) {
                return Err(BuildError::Unknown {
                    kind: "server variable",
                    name: name.clone(),
                    known: join_names(declared.map(|variable| variable.name)),
                });
            }
        }
        for (scheme, credential) in &self.credentials {
            credential
                .validate()
                .map_err(|reason| BuildError::InvalidCredential { scheme, reason })?;
        }
        let mut servers = BTreeMap::new();
        for server in self.servers {
            let url = match self.base_urls.get(server.name) {
                Some(url) => url.clone(),
                None if !server.url.contains("://") => {
                    return Err(BuildError::MissingBaseUrl {
                        server: server.name,
                        template: server.url,
                    })
                }
                None => expand_template(server, &self.variables)?,
            };
            servers.insert(server.name, parse_base_url(server.name, &url)?);
        }
        let http = match self.http {
            Some(sender) => sender,
            None => Sender::Client({
                let user_agent = HeaderValue::from_str(&self.user_agent)
                    .map_err(|error| BuildError::Http(format!("user agent: {error}")))?;
                let mut default_headers = HeaderMap::new();
                default_headers.insert(reqwest::header::USER_AGENT, user_agent);
                reqwest::Client::builder()
                    .default_headers(default_headers)
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|error| BuildError::Http(error.to_string()))?
            }),
        };
        let spec_paths = self
            .servers
            .iter()
            .map(|server| (server.name, spec_path(server.url)))
            .collect();
        let masks = Masks::new(self.credentials.values().flat_map(Credential::secrets));
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                servers,
                spec_paths,
                credentials: self.credentials,
                retry: self.retry,
                timeout: self.timeout,
                max_response_body: self.max_response_body,
                max_pages: self.max_pages,
                masks,
                hooks: self.hooks,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "base_urls",
                &self
                    .base_urls
                    .iter()
                    .map(|(server, url)| (server, redact::url_without_userinfo(url)))
                    .collect::<BTreeMap<_, _>>(),
            )
            .field("variables", &self.variables)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .field("max_pages", &self.max_pages)
            .field("http_client", &self.http.is_some())
            .field("hooks", &self.hooks)
            .finish()
    }
}

fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

fn expand_template(
    server: &ServerSpec,
    values: &BTreeMap<String, String>,
) -> Result<String, BuildError> {
    let mut url = server.url.to_owned();
    for variable in server.variables {
        let value = values
            .get(variable.name)
            .map(String::as_str)
            .unwrap_or(variable.default);
        let invalid = |reason: String| BuildError::InvalidServerVariable {
            variable: variable.name.to_owned(),
            reason,
        };
        if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
            return Err(invalid(format!(
                "`{value}` is not one of {}",
                variable.allowed.join(", ")
            )));
        }
        if value.is_empty()
            || !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        {
            return Err(invalid(format!(
                "`{value}` must be a non-empty host label (letters, digits, `-`, `.`, `_`)"
            )));
        }
        url = url.replace(&format!("{{{}}}", variable.name), value);
    }
    Ok(url)
}

/// `https://host/sc/` → `/sc`.
fn spec_path(template: &'static str) -> &'static str {
    let after_scheme = template
        .split_once("://")
        .map_or(template, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("", |start| after_scheme[start..].trim_end_matches('/'))
}

fn parse_base_url(server: &'static str, url: &str) -> Result<Url, BuildError> {
    // The URL as shown in the error: a password in it never is.
    let invalid = |reason: String| BuildError::InvalidBaseUrl {
        server,
        url: redact::url_without_userinfo(url).into_owned(),
        reason,
    };
    let parsed = Url::parse(url).map_err(|error| invalid(error.to_string()))?;
    if parsed.cannot_be_a_base() || !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("must be an absolute http(s) URL".to_owned()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "must not carry a user name or password; use the credential setters".to_owned(),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not have a query or fragment".to_owned()));
    }
    Ok(parsed)
}

#[cfg(test)]
pub(crate) mod tests;
