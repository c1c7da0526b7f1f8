//! `Secret`: a string that never shows itself in `Debug` output.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A credential or token that must not leak into logs.
///
/// `Debug` prints `Secret([REDACTED])`; there is deliberately no `Display`. Read the value with
/// [`Secret::expose`] at the one place that needs it. Serialization is transparent, so a secret
/// field round-trips through JSON as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Consumes the wrapper, returning the secret value.
    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
        let rendered = format!("{secret:?} {:#?}", Some(&secret));
        assert!(!rendered.contains("hunter2"), "{rendered}");
        assert_eq!(secret.expose(), "hunter2-very-secret");
        assert_eq!(secret.into_exposed(), "hunter2-very-secret");
    }

    #[test]
    fn serializes_transparently() {
        let secret: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(secret.expose(), "abc");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"abc\"");
    }
}
