//! The client: configuration (servers, credentials, timeouts), and sending one request and
//! turning its response into the operation's result or a typed error.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use url::Url;

use crate::runtime::auth::{self, Credential};
use crate::runtime::error::{decode_json, Error, OperationError, RawResponse, ResponseProblem};
use crate::runtime::rate_limit::RateLimit;
use crate::runtime::request::{Operation, Request};
use crate::runtime::retry::{self, RetryPolicy};

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
}

/// Default for the whole request, body included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
        }
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
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|error| BuildError::Http(format!("user agent: {error}")))?;
        let mut default_headers = HeaderMap::new();
        default_headers.insert(reqwest::header::USER_AGENT, user_agent);
        let http = reqwest::Client::builder()
            .default_headers(default_headers)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| BuildError::Http(error.to_string()))?;
        let spec_paths = self
            .servers
            .iter()
            .map(|server| (server.name, spec_path(server.url)))
            .collect();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                servers,
                spec_paths,
                credentials: self.credentials,
                retry: self.retry,
                timeout: self.timeout,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_urls", &self.base_urls)
            .field("variables", &self.variables)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
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
    let invalid = |reason: String| BuildError::InvalidBaseUrl {
        server,
        url: url.to_owned(),
        reason,
    };
    let parsed = Url::parse(url).map_err(|error| invalid(error.to_string()))?;
    if parsed.cannot_be_a_base() || !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("must be an absolute http(s) URL".to_owned()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(BuildError::InvalidBaseUrl {
            server,
            url: "<withheld: it holds credentials>".to_owned(),
            reason: "must not carry a user name or password; use the credential setters".to_owned(),
        });
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not have a query or fragment".to_owned()));
    }
    Ok(parsed)
}

/// A successful response: the decoded body plus status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    attempts: u32,
}

impl<T> Response<T> {
    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Response headers (request id, rate-limit headers, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// How many attempts the call took (1 when it succeeded at once).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Rate-limit information from the response headers.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// Consumes the response, returning the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// An async client for the spec's operations. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    servers: BTreeMap<&'static str, Url>,
    /// The path each server's spec URL has after its host (`/sc`, `/api/v2`, or empty).
    spec_paths: BTreeMap<&'static str, &'static str>,
    credentials: BTreeMap<&'static str, Credential>,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("servers", &self.inner.servers)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

// The `#[doc(hidden)]` methods below are what generated builders call. They take a `Request`,
// which callers outside the crate cannot build, so they are not part of the public API.
impl Client {
    /// The full URL of `request`, without sending it (used as is for browser redirects).
    #[doc(hidden)]
    pub fn url<E>(&self, request: &Request) -> Result<Url, Error<E>> {
        let operation = request.operation;
        let base =
            self.inner
                .servers
                .get(operation.server)
                .ok_or_else(|| Error::InvalidRequest {
                    operation: operation.id,
                    reason: format!("no server named `{}` is configured", operation.server),
                })?;
        let mut url = base.clone();
        let path = format!("{}{}", base.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }

    /// Splits a URL the server returned (for example a `next_page` link) into a path relative
    /// to `server` and its query, so it can be sent to the configured base URL. Fails when
    /// the URL is not under the server's path.
    pub(crate) fn relative_to_server(
        &self,
        server: &str,
        link: &str,
    ) -> Result<(String, Vec<(String, String)>), String> {
        let base = self
            .inner
            .servers
            .get(server)
            .ok_or_else(|| format!("no server named `{server}` is configured"))?;
        let url = base
            .join(link)
            .map_err(|error| format!("the server returned an invalid link `{link}`: {error}"))?;
        let prefix = self
            .inner
            .spec_paths
            .get(server)
            .copied()
            .unwrap_or_default();
        let path = url
            .path()
            .strip_prefix(prefix)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .ok_or_else(|| format!("the link `{link}` is outside the server's path `{prefix}`"))?;
        let query = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok((path.to_owned(), query))
    }

    /// Sends `request`; a response with a status in `success` is decoded as JSON into `T`.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned, E: OperationError>(
        &self,
        request: Request,
        success: &[u16],
    ) -> Result<Response<T>, Error<E>> {
        let operation = request.operation.id;
        let raw = self.execute_expecting(request, success).await?;
        match decode_json(&raw.body) {
            Ok(body) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body,
                attempts: raw.attempts,
            }),
            Err(decode) => Err(Error::UnexpectedResponse {
                operation,
                problem: ResponseProblem::InvalidBody(decode),
                response: Box::new(raw),
            }),
        }
    }

    /// Sends `request`; a response with a status in `success` carries no body of interest.
    #[doc(hidden)]
    pub async fn send_empty<E: OperationError>(
        &self,
        request: Request,
        success: &[u16],
    ) -> Result<Response<()>, Error<E>> {
        let raw = self.execute_expecting(request, success).await?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            body: (),
            attempts: raw.attempts,
        })
    }

    /// Sends `request`; a response with a status in `success` is returned as text.
    #[doc(hidden)]
    pub async fn send_text<E: OperationError>(
        &self,
        request: Request,
        success: &[u16],
    ) -> Result<Response<String>, Error<E>> {
        let raw = self.execute_expecting(request, success).await?;
        let body = raw.text().into_owned();
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            body,
            attempts: raw.attempts,
        })
    }

    /// Sends `request`; a response with a status in `success` is returned as raw bytes
    /// (images, files, anything that is neither JSON nor text).
    #[doc(hidden)]
    pub async fn send_bytes<E: OperationError>(
        &self,
        request: Request,
        success: &[u16],
    ) -> Result<Response<bytes::Bytes>, Error<E>> {
        let raw = self.execute_expecting(request, success).await?;
        Ok(Response {
            status: raw.status,
            body: raw.body.clone(),
            headers: raw.headers,
            attempts: raw.attempts,
        })
    }

    /// Sends `request` and returns the response when its status is one of `success`, the
    /// operation's error otherwise.
    async fn execute_expecting<E: OperationError>(
        &self,
        request: Request,
        success: &[u16],
    ) -> Result<RawResponse, Error<E>> {
        let operation = request.operation.id;
        let raw = self.execute(request, success).await?;
        if success.contains(&raw.status.as_u16()) {
            Ok(raw)
        } else {
            Err(error_response(operation, raw))
        }
    }

    async fn execute<E>(&self, request: Request, success: &[u16]) -> Result<RawResponse, Error<E>> {
        let operation = request.operation;
        if let Some(reason) = request.invalid {
            return Err(Error::InvalidRequest {
                operation: operation.id,
                reason,
            });
        }
        let credentials =
            auth::select(&self.inner.credentials, operation.security).ok_or_else(|| {
                Error::MissingCredentials {
                    operation: operation.id,
                    accepted: auth::describe(operation.security),
                }
            })?;
        let url = self.url(&request)?;
        let secret_in_url = credentials.iter().any(|credential| credential.in_url());
        let policy = request.retry.as_ref().unwrap_or(&self.inner.retry);
        let started = Instant::now();
        let deadline = policy.deadline().map(|total| started + total);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut builder = self
                .inner
                .http
                .request(operation.method.clone(), url.clone())
                .header(ACCEPT, "application/json");
            for credential in &credentials {
                builder = credential.apply(builder);
            }
            for (name, value) in &request.headers {
                builder = builder.header(name.clone(), value.clone());
            }
            if let Some(cookies) = request.cookie_header() {
                builder = builder.header(COOKIE, cookies);
            }
            if let Some(body) = &request.body {
                builder = builder
                    .header(CONTENT_TYPE, request.content_type.as_str())
                    .body(body.clone());
            }
            // A per-request timeout replaces the client's in reqwest, so apply the effective one
            // (the call's, else the client's) bounded by what is left of the deadline.
            let per_attempt = request.timeout.unwrap_or(self.inner.timeout);
            let timeout = match deadline {
                Some(deadline) => {
                    per_attempt.min(deadline.saturating_duration_since(Instant::now()))
                }
                None => per_attempt,
            };
            builder = builder.timeout(timeout);
            let outcome = receive(builder, success, attempt, operation.sensitive_response)
                .await
                // reqwest quotes the URL in its errors: not when it holds an API key.
                .map_err(|error| {
                    if secret_in_url {
                        error.without_url()
                    } else {
                        error
                    }
                });
            let retry_after = match &outcome {
                Ok(raw) if retry::is_retryable_status(raw.status) => {
                    retry::retry_after(&raw.headers, SystemTime::now())
                }
                Err(error) if retry::is_retryable_transport(error) => None,
                _ => return finish(operation, outcome, attempt, started),
            };
            let delay = if policy.allows(&operation.method) {
                policy.delay(attempt, retry_after, fastrand::f64())
            } else {
                None
            };
            let within_deadline =
                |delay: Duration| deadline.is_none_or(|deadline| Instant::now() + delay < deadline);
            match delay {
                Some(delay) if within_deadline(delay) => {
                    tracing::warn!(
                        operation = operation.id,
                        attempt,
                        status = outcome.as_ref().ok().map(|raw| raw.status.as_u16()),
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                _ => return finish(operation, outcome, attempt, started),
            }
        }
    }
}

/// Most bytes of an error response body kept: enough for any JSON error, bounded against a
/// misbehaving server or proxy.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Sends one attempt and reads its response: whole for a success status, at most
/// `ERROR_BODY_LIMIT` bytes otherwise.
async fn receive(
    builder: reqwest::RequestBuilder,
    success: &[u16],
    attempts: u32,
    sensitive_response: bool,
) -> Result<RawResponse, reqwest::Error> {
    let mut response = builder.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let is_success = success.contains(&status.as_u16());
    let body = if is_success {
        response.bytes().await?
    } else {
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            let room = ERROR_BODY_LIMIT - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() == ERROR_BODY_LIMIT {
                break;
            }
        }
        body.into()
    };
    Ok(RawResponse {
        status,
        headers,
        body,
        attempts,
        withhold_body: is_success && sensitive_response,
    })
}

/// Logs the end of a call and turns a transport failure into the operation's error.
fn finish<E>(
    operation: &'static Operation,
    outcome: Result<RawResponse, reqwest::Error>,
    attempts: u32,
    started: Instant,
) -> Result<RawResponse, Error<E>> {
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(raw) => {
            tracing::info!(
                operation = operation.id,
                method = %operation.method,
                status = raw.status.as_u16(),
                attempts,
                duration_ms,
                "request finished"
            );
            Ok(raw)
        }
        Err(source) => {
            tracing::info!(
                operation = operation.id,
                method = %operation.method,
                attempts,
                duration_ms,
                error = %source,
                "request failed"
            );
            Err(Error::Transport {
                operation: operation.id,
                attempts,
                source,
            })
        }
    }
}

/// Turns a non-success response into the operation's typed error, or an unexpected-response
/// error that keeps everything when the status or body is not what the spec declares.
fn error_response<E: OperationError>(operation: &'static str, raw: RawResponse) -> Error<E> {
    match E::decode(raw.status, &raw.body) {
        Some(Ok(error)) => Error::Api {
            operation,
            error: Box::new(error),
            response: Box::new(raw),
        },
        Some(Err(decode)) => Error::UnexpectedResponse {
            operation,
            problem: ResponseProblem::InvalidBody(decode),
            response: Box::new(raw),
        },
        None => Error::UnexpectedResponse {
            operation,
            problem: ResponseProblem::UndeclaredStatus,
            response: Box::new(raw),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::request::Operation;
    use reqwest::Method;

    static SERVERS: &[ServerSpec] = &[
        ServerSpec {
            name: "support",
            url: "https://{subdomain}.zendesk.com",
            variables: &[ServerVariableSpec {
                name: "subdomain",
                default: "example",
                allowed: &[],
            }],
        },
        ServerSpec {
            name: "chat",
            url: "https://www.zopim.com/api/v2",
            variables: &[],
        },
    ];

    static SHOW: Operation = Operation {
        id: "Show",
        method: Method::GET,
        server: "chat",
        security: &[&["bearer"]],
        sensitive_response: false,
    };

    #[test]
    fn server_templates_expand_with_defaults_and_values() {
        let client = ClientBuilder::new(SERVERS).build().unwrap();
        assert_eq!(
            client.inner.servers["support"].as_str(),
            "https://example.zendesk.com/"
        );
        let client = ClientBuilder::new(SERVERS)
            .server_variable("subdomain", "acme")
            .build()
            .unwrap();
        assert_eq!(
            client.inner.servers["support"].as_str(),
            "https://acme.zendesk.com/"
        );
    }

    #[test]
    fn variables_cannot_change_the_host_shape() {
        let error = ClientBuilder::new(SERVERS)
            .server_variable("subdomain", "evil.com/x")
            .build()
            .unwrap_err();
        assert!(
            matches!(error, BuildError::InvalidServerVariable { .. }),
            "{error}"
        );
    }

    #[test]
    fn unknown_names_are_rejected() {
        let error = ClientBuilder::new(SERVERS)
            .base_url("nope", "http://localhost")
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown server `nope` (known: support, chat)"
        );
        let error = ClientBuilder::new(SERVERS)
            .server_variable("region", "eu")
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown server variable `region` (known: subdomain)"
        );
    }

    #[test]
    fn urls_keep_the_base_path_and_encode_the_query() {
        let client = ClientBuilder::new(SERVERS).build().unwrap();
        let mut request = Request::new(&SHOW, "/oauth/tokens/7".to_owned());
        request.query("page[size]", 10);
        request.query("q", "a&b");
        let url = client.url::<()>(&request).unwrap();
        assert_eq!(
            url.as_str(),
            "https://www.zopim.com/api/v2/oauth/tokens/7?page%5Bsize%5D=10&q=a%26b"
        );
    }

    #[test]
    fn links_are_made_relative_to_the_configured_server() {
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:1234/proxy")
            .build()
            .unwrap();
        let (path, query) = client
            .relative_to_server(
                "chat",
                "https://www.zopim.com/api/v2/oauth/tokens?page=2&all=true",
            )
            .unwrap();
        assert_eq!(path, "/oauth/tokens");
        assert_eq!(
            query,
            vec![("page".into(), "2".into()), ("all".into(), "true".into())]
        );
        let error = client
            .relative_to_server("chat", "https://www.zopim.com/elsewhere?page=2")
            .unwrap_err();
        assert!(
            error.contains("outside the server's path `/api/v2`"),
            "{error}"
        );
        assert_eq!(spec_path("https://{subdomain}.zendesk.com"), "");
        assert_eq!(spec_path("https://oauth-bridge.zendesk.com/sc/"), "/sc");
    }

    #[test]
    fn base_urls_with_credentials_are_rejected_without_echoing_them() {
        let error = ClientBuilder::new(SERVERS)
            .base_url("chat", "https://user:hunter2@example.com")
            .build()
            .unwrap_err();
        assert!(matches!(error, BuildError::InvalidBaseUrl { .. }));
        assert!(!format!("{error} {error:?}").contains("hunter2"));
    }

    #[test]
    fn servers_without_an_absolute_url_need_one_from_the_builder() {
        static RELATIVE: &[ServerSpec] = &[ServerSpec {
            name: "default",
            url: "/api/v1",
            variables: &[],
        }];
        static INFO: Operation = Operation {
            id: "Info",
            method: Method::GET,
            server: "default",
            security: &[],
            sensitive_response: false,
        };
        let error = ClientBuilder::new(RELATIVE).build().unwrap_err();
        assert_eq!(
            error,
            BuildError::MissingBaseUrl {
                server: "default",
                template: "/api/v1"
            }
        );
        let client = ClientBuilder::new(RELATIVE)
            .base_url("default", "https://temporal.example.com/api/v1")
            .build()
            .unwrap();
        let url = client
            .url::<()>(&Request::new(&INFO, "/cluster-info".to_owned()))
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://temporal.example.com/api/v1/cluster-info"
        );
    }

    #[test]
    fn base_url_overrides_must_be_absolute() {
        let error = ClientBuilder::new(SERVERS)
            .base_url("chat", "/relative")
            .build()
            .unwrap_err();
        assert!(matches!(error, BuildError::InvalidBaseUrl { .. }));
    }

    #[test]
    fn crlf_credentials_are_rejected_at_build() {
        let error = ClientBuilder::new(SERVERS)
            .credential("bearer", Credential::bearer("a\r\nb"))
            .build()
            .unwrap_err();
        assert!(matches!(
            error,
            BuildError::InvalidCredential {
                scheme: "bearer",
                ..
            }
        ));
    }

    #[tokio::test]
    async fn missing_credentials_fail_before_sending() {
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:9")
            .build()
            .unwrap();
        let request = Request::new(&SHOW, "/x".to_owned());
        let error = client
            .send_empty::<std::convert::Infallible>(request, &[200])
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::MissingCredentials { operation: "Show", ref accepted } if accepted == "bearer"),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn api_keys_in_the_query_stay_out_of_transport_errors() {
        // Nothing listens on port 9 (discard): the connection is refused at once.
        let client = ClientBuilder::new(SERVERS)
            .base_url("chat", "http://127.0.0.1:9")
            .credential(
                "bearer",
                Credential::api_key(
                    crate::runtime::auth::ApiKeyLocation::Query,
                    "api_key",
                    "s3cr3t-key",
                ),
            )
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        let request = Request::new(&SHOW, "/x".to_owned());
        let error = client
            .send_empty::<std::convert::Infallible>(request, &[200])
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("s3cr3t-key"), "{shown}");
    }
}
