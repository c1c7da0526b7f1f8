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
        }
        Ok(())
    }

    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Basic { username, password } => {
                request.basic_auth(username, Some(password.expose()))
            }
            Self::Bearer(token) => request.bearer_auth(token.expose()),
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
    fn describes_requirements() {
        assert_eq!(describe(&[&["a", "b"], &["c"]]), "a and b, or c");
    }
}
