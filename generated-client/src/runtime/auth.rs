//! Credentials and how they are applied to a request, following each operation's security
//! requirements (OR between alternatives, AND within one).

use std::collections::BTreeMap;
use std::fmt;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use crate::runtime::renewal::RenewableToken;
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
    /// HTTP Bearer with a token that changes: asked for a fresh token before each call, and
    /// told when the server refused one (see
    /// [`TokenSource`](crate::runtime::renewal::TokenSource)).
    Renewable(RenewableToken),
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

    /// The secret values this credential sends.
    pub(crate) fn secrets(&self) -> Vec<&Secret> {
        match self {
            Self::Basic { password, .. } => vec![password],
            Self::Bearer(token) => vec![token],
            Self::ApiKey { key, .. } => vec![key],
            // Its tokens come and go after the client is built; none is known here.
            Self::Renewable(_) => Vec::new(),
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
                if !is_b64token(token.expose()) {
                    return Err(
                        "is not a bearer token: RFC 6750 allows only letters, digits, \
                         `-._~+/` and trailing `=`",
                    );
                }
            }
            // Checked when the token is handed out, not when the client is built.
            Self::Renewable(_) => {}
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
                let visible_ascii = key
                    .expose()
                    .bytes()
                    .all(|byte| byte == b' ' || byte.is_ascii_graphic());
                if *location != ApiKeyLocation::Query && !visible_ascii {
                    return Err(
                        "contains a character a header cannot carry as is (only visible \
                         ASCII is sent unaltered)",
                    );
                }
            }
        }
        Ok(())
    }

    /// Puts this credential on `request`. An `Authorization` header or an API key header
    /// replaces one of the same name (a hook may have set it); a cookie is added beside the
    /// request's own cookies, a query key beside its parameters.
    pub(crate) fn apply(&self, request: &mut reqwest::Request) {
        let authorization = match self {
            Self::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                Some(format!("Basic {}", BASE64_STANDARD.encode(pair)))
            }
            Self::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            // Never handed out a token: the server answers 401, which renews it.
            Self::Renewable(token) => token
                .0
                .current_token()
                .map(|current| format!("Bearer {}", current.expose())),
            Self::ApiKey { .. } => None,
        };
        if let Some(value) = authorization {
            set_sensitive(request, AUTHORIZATION, &value, Replace);
            return;
        }
        if let Self::ApiKey {
            location,
            name,
            key,
        } = self
        {
            match location {
                ApiKeyLocation::Header => {
                    if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                        set_sensitive(request, name, key.expose(), Replace);
                    }
                }
                ApiKeyLocation::Query => {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair(name, key.expose());
                }
                ApiKeyLocation::Cookie => {
                    let cookie = format!("{name}={}", key.expose());
                    set_sensitive(request, COOKIE, &cookie, Append);
                }
            }
        }
    }
}

use HeaderWrite::{Append, Replace};

/// Whether a credential header replaces one of the same name or is added beside it.
#[derive(Clone, Copy)]
enum HeaderWrite {
    Replace,
    Append,
}

/// Writes a header marked sensitive (HTTP/2 never compresses it into a shared table, and
/// `Debug` of the header map hides it). A value that is not a valid header cannot occur:
/// `validate` rejected it when the client was built.
fn set_sensitive(
    request: &mut reqwest::Request,
    name: HeaderName,
    value: &str,
    write: HeaderWrite,
) {
    let Ok(mut value) = HeaderValue::from_str(value) else {
        return;
    };
    value.set_sensitive(true);
    let headers = request.headers_mut();
    match write {
        Replace => {
            headers.insert(name, value);
        }
        Append => {
            headers.append(name, value);
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
            Self::Renewable(token) => f.debug_tuple("Renewable").field(token).finish(),
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

/// RFC 6750 section 2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" )
/// *"="`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~+/".contains(&byte))
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
    fn bearer_tokens_are_rfc_6750_b64tokens() {
        for valid in ["abc123", "a-b.c_d~e+f/g", "dG9rZW4=", "x=="] {
            assert_eq!(Credential::bearer(valid).validate(), Ok(()), "{valid}");
        }
        for invalid in [
            "tökén", "a b", "a\tb", "=abc", "a=b", "\u{7f}", "a\u{0}b", "\"q\"",
        ] {
            assert!(
                Credential::bearer(invalid).validate().is_err(),
                "{invalid:?} was accepted"
            );
        }
    }

    #[test]
    fn control_characters_are_rejected_in_every_credential() {
        for control in ["\u{0}", "\u{7}", "\r", "\n", "\u{7f}", "\u{85}"] {
            let value = format!("a{control}b");
            assert!(Credential::basic(value.as_str(), "p").validate().is_err());
            assert!(Credential::basic("u", value.as_str()).validate().is_err());
            assert!(Credential::bearer(value.as_str()).validate().is_err());
            for location in [
                ApiKeyLocation::Header,
                ApiKeyLocation::Query,
                ApiKeyLocation::Cookie,
            ] {
                assert!(Credential::api_key(location, "k", value.as_str())
                    .validate()
                    .is_err());
            }
        }
        assert!(
            Credential::api_key(ApiKeyLocation::Header, "X-Key", "kéy")
                .validate()
                .is_err(),
            "a header would carry raw UTF-8 bytes"
        );
    }

    #[test]
    fn basic_credentials_are_encoded_as_utf_8_per_rfc_7617() {
        let credential = Credential::basic("admin@example.com/token", "pässwörd✓");
        assert_eq!(credential.validate(), Ok(()));
        let mut request = reqwest::Client::new()
            .get("http://127.0.0.1/")
            .build()
            .unwrap();
        credential.apply(&mut request);
        let header = &request.headers()[reqwest::header::AUTHORIZATION];
        assert_eq!(
            header.to_str().unwrap(),
            "Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46cMOkc3N3w7ZyZOKckw=="
        );
        assert!(header.is_sensitive());
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
        for name in ["", "a=b", "a;b", "a b"] {
            assert_eq!(
                Credential::api_key(ApiKeyLocation::Cookie, name, "k").validate(),
                Err("has a name that cannot be sent there"),
                "cookie name {name:?}"
            );
        }
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
            let mut request = client.get("http://127.0.0.1:9/x").build().unwrap();
            credential.apply(&mut request);
            request
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
    fn credentials_replace_a_hooks_authorization_and_add_to_its_cookies() {
        use reqwest::header::{AUTHORIZATION, COOKIE};
        let client = reqwest::Client::new();
        let mut request = client
            .get("http://127.0.0.1:9/x?page=2")
            .header(AUTHORIZATION, "Bearer from-a-hook")
            .header(COOKIE, "theme=dark")
            .header("x-api-key", "from-a-hook")
            .build()
            .unwrap();
        Credential::bearer("access").apply(&mut request);
        Credential::api_key(ApiKeyLocation::Header, "X-Api-Key", "k").apply(&mut request);
        Credential::api_key(ApiKeyLocation::Cookie, "session", "c").apply(&mut request);
        Credential::api_key(ApiKeyLocation::Query, "api_key", "q").apply(&mut request);
        let all = |name| -> Vec<_> { request.headers().get_all(name).iter().collect() };
        assert_eq!(all(AUTHORIZATION), ["Bearer access"]);
        assert_eq!(
            all(reqwest::header::HeaderName::from_static("x-api-key")),
            ["k"]
        );
        assert_eq!(all(COOKIE), ["theme=dark", "session=c"]);
        assert!(request.headers()[AUTHORIZATION].is_sensitive());
        assert_eq!(request.url().query(), Some("page=2&api_key=q"));
    }

    #[test]
    fn describes_requirements() {
        assert_eq!(describe(&[&["a", "b"], &["c"]]), "a and b, or c");
    }
}
