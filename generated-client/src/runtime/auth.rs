//! Credentials and how they are applied to a request, following each operation's security
//! requirements (OR between alternatives, AND within one).

use std::collections::BTreeMap;
use std::fmt;

use crate::runtime::secret::Secret;

/// A credential for one security scheme of the spec.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    /// HTTP Basic: a user name and a password (or API token).
    Basic {
        /// The user name, sent in clear inside the base64 header.
        username: String,
        /// The password or API token.
        password: Secret,
    },
    /// HTTP Bearer: an access token.
    Bearer(Secret),
    /// An API key sent in a header, a query parameter or a cookie.
    // Built by generated code for specs with apiKey schemes (not the project's own).
    #[allow(dead_code)]
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, parameter or cookie name.
        name: String,
        /// The key.
        key: Secret,
    },
}

/// Where an API key is sent (OpenAPI's `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // Used by generated code for specs with apiKey schemes (not the project's).
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter (kept out of error messages, which otherwise quote the URL).
    Query,
    /// A cookie.
    Cookie,
}

impl Credential {
    /// An HTTP Basic credential.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// An HTTP Bearer credential.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::Bearer(token.into())
    }

    /// An API key sent as `name` in `location`.
    #[allow(dead_code)] // Called by generated code for specs with apiKey schemes.
    pub fn api_key(
        location: ApiKeyLocation,
        name: impl Into<String>,
        key: impl Into<Secret>,
    ) -> Self {
        Self::ApiKey {
            location,
            name: name.into(),
            key: key.into(),
        }
    }

    /// Whether applying this credential puts a secret into the URL.
    pub(crate) fn in_url(&self) -> bool {
        matches!(
            self,
            Self::ApiKey {
                location: ApiKeyLocation::Query,
                ..
            }
        )
    }

    /// Rejects values that would let a caller inject extra header lines or that no server
    /// would accept in a header.
    pub(crate) fn validate(&self) -> Result<(), &'static str> {
        let has_control = |value: &str| value.chars().any(char::is_control);
        match self {
            Self::Basic { username, password } => {
                if has_control(username) || has_control(password.expose()) {
                    return Err("contains a control character (CR, LF, ...)");
                }
                if username.contains(':') {
                    return Err("HTTP Basic user name contains ':'");
                }
            }
            Self::Bearer(token) => {
                if has_control(token.expose()) {
                    return Err("contains a control character (CR, LF, ...)");
                }
                if token.expose().is_empty() {
                    return Err("is empty");
                }
            }
            Self::ApiKey {
                location,
                name,
                key,
            } => {
                if has_control(key.expose()) || has_control(name) {
                    return Err("contains a control character (CR, LF, ...)");
                }
                if key.expose().is_empty() {
                    return Err("is empty");
                }
                let valid_name = match location {
                    ApiKeyLocation::Header => {
                        reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
                    }
                    ApiKeyLocation::Cookie => !name.is_empty() && !name.contains(['=', ';', ' ']),
                    ApiKeyLocation::Query => !name.is_empty(),
                };
                if !valid_name {
                    return Err("has a name that cannot be sent there");
                }
                if *location == ApiKeyLocation::Cookie && key.expose().contains([';', ' ', '"']) {
                    return Err("contains a character a cookie cannot hold");
                }
            }
        }
        Ok(())
    }

    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Basic { username, password } => {
                request.basic_auth(username, Some(password.expose()))
            }
            Self::Bearer(token) => request.bearer_auth(token.expose()),
            Self::ApiKey {
                location: ApiKeyLocation::Header,
                name,
                key,
            } => match reqwest::header::HeaderValue::from_str(key.expose()) {
                Ok(mut value) => {
                    value.set_sensitive(true);
                    request.header(name.as_str(), value)
                }
                // Cannot happen: `validate` rejected such keys when the client was built.
                Err(_) => request,
            },
            Self::ApiKey {
                location: ApiKeyLocation::Query,
                name,
                key,
            } => request.query(&[(name.as_str(), key.expose())]),
            Self::ApiKey {
                location: ApiKeyLocation::Cookie,
                name,
                key,
            } => request.header(reqwest::header::COOKIE, format!("{name}={}", key.expose())),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Self::Bearer(token) => f.debug_tuple("Bearer").field(token).finish(),
            Self::ApiKey {
                location,
                name,
                key,
            } => f
                .debug_struct("ApiKey")
                .field("location", location)
                .field("name", name)
                .field("key", key)
                .finish(),
        }
    }
}

/// Picks the credentials for one request: the first alternative of `requirements` whose
/// schemes are all configured. `requirements` empty means the operation is anonymous.
/// Returns `None` when no alternative can be satisfied.
pub(crate) fn select<'c>(
    credentials: &'c BTreeMap<&'static str, Credential>,
    requirements: &[&[&'static str]],
) -> Option<Vec<&'c Credential>> {
    if requirements.is_empty() {
        return Some(Vec::new());
    }
    requirements.iter().find_map(|alternative| {
        alternative
            .iter()
            .map(|scheme| credentials.get(scheme))
            .collect::<Option<Vec<_>>>()
    })
}

/// Renders requirements for an error message: `a and b, or c`.
pub(crate) fn describe(requirements: &[&[&'static str]]) -> String {
    requirements
        .iter()
        .map(|alternative| alternative.join(" and "))
        .collect::<Vec<_>>()
        .join(", or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configured() -> BTreeMap<&'static str, Credential> {
        BTreeMap::from([
            (
                "basic",
                Credential::basic("me@example.com/token", "api-token"),
            ),
            ("bearer", Credential::bearer("access")),
        ])
    }

    #[test]
    fn anonymous_operations_need_nothing() {
        assert_eq!(select(&configured(), &[]), Some(vec![]));
    }

    #[test]
    fn first_satisfiable_alternative_wins() {
        let creds = configured();
        let chosen = select(&creds, &[&["missing"], &["bearer"], &["basic"]]).unwrap();
        assert_eq!(chosen, vec![&Credential::bearer("access")]);
    }

    #[test]
    fn all_schemes_of_an_alternative_are_required() {
        let creds = configured();
        assert_eq!(select(&creds, &[&["basic", "missing"]]), None);
        assert_eq!(select(&creds, &[&["basic", "bearer"]]).unwrap().len(), 2);
    }

    #[test]
    fn header_injection_is_rejected() {
        assert!(Credential::bearer("abc\r\nX-Evil: 1").validate().is_err());
        assert!(Credential::basic("a\nb", "p").validate().is_err());
        assert!(Credential::basic("a:b", "p").validate().is_err());
        assert!(Credential::basic("a", "p").validate().is_ok());
    }

    #[test]
    fn debug_redacts() {
        let rendered = format!("{:?}", configured());
        assert!(!rendered.contains("api-token") && !rendered.contains("access\""));
        assert!(rendered.contains("me@example.com/token"));
    }

    #[test]
    fn api_keys_are_checked_and_redacted() {
        let header = Credential::api_key(ApiKeyLocation::Header, "X-Api-Key", "k3y");
        assert!(header.validate().is_ok());
        assert!(!format!("{header:?}").contains("k3y"));
        assert!(!header.in_url());
        assert!(Credential::api_key(ApiKeyLocation::Header, "Bad Name", "k")
            .validate()
            .is_err());
        assert!(Credential::api_key(ApiKeyLocation::Cookie, "s", "a;b")
            .validate()
            .is_err());
        assert!(Credential::api_key(ApiKeyLocation::Query, "key", "")
            .validate()
            .is_err());
        assert!(Credential::api_key(ApiKeyLocation::Query, "key", "k").in_url());
    }

    #[test]
    fn api_keys_with_control_characters_are_rejected_wherever_they_go() {
        for location in [
            ApiKeyLocation::Header,
            ApiKeyLocation::Query,
            ApiKeyLocation::Cookie,
        ] {
            for key in ["k\r\nX-Evil: 1", "k\n", "\rk", "k\u{7f}"] {
                assert_eq!(
                    Credential::api_key(location, "api_key", key).validate(),
                    Err("contains a control character (CR, LF, ...)"),
                    "{location:?} {key:?}"
                );
            }
            assert!(Credential::api_key(location, "api_key", "k")
                .validate()
                .is_ok());
        }
        // Query and cookie names are otherwise barely checked: only the control check stops these.
        for location in [ApiKeyLocation::Query, ApiKeyLocation::Cookie] {
            assert_eq!(
                Credential::api_key(location, "api\r\nkey", "k").validate(),
                Err("contains a control character (CR, LF, ...)"),
                "{location:?}"
            );
        }
    }

    #[tokio::test]
    async fn api_keys_go_where_the_scheme_says() {
        let client = reqwest::Client::new();
        let build = |credential: Credential| {
            credential
                .apply(client.get("http://127.0.0.1:9/x"))
                .build()
                .unwrap()
        };
        let request = build(Credential::api_key(
            ApiKeyLocation::Header,
            "X-Api-Key",
            "k",
        ));
        assert_eq!(request.headers()["x-api-key"], "k");
        assert!(request.headers()["x-api-key"].is_sensitive());
        let request = build(Credential::api_key(ApiKeyLocation::Query, "api_key", "k"));
        assert_eq!(request.url().query(), Some("api_key=k"));
        let request = build(Credential::api_key(ApiKeyLocation::Cookie, "session", "k"));
        assert_eq!(request.headers()["cookie"], "session=k");
    }

    #[test]
    fn describes_requirements() {
        assert_eq!(describe(&[&["a", "b"], &["c"]]), "a and b, or c");
    }
}
