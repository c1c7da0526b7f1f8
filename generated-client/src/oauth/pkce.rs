//! PKCE (RFC 7636) for the Support authorization code flow: a code verifier drawn from the
//! operating system's CSPRNG and its S256 code challenge.
//!
//! Send [`PkcePair::challenge`] with `code_challenge_method=S256` to the authorization page
//! (`client.support().authorization_page(..)`), keep the verifier, and send
//! [`PkcePair::verifier`] as `code_verifier` to Create Token for Grant Type. See Zendesk's
//! "Using PKCE to make Zendesk OAuth access tokens more secure"
//! (<https://developer.zendesk.com/documentation/ticketing/working-with-oauth/oauth-pkce/>).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::Secret;

/// Random bytes behind a generated verifier: 32, the RFC's recommendation (section 4.1),
/// which base64url-encode to 43 characters.
const VERIFIER_ENTROPY_BYTES: usize = 32;

/// A code verifier was not 43 to 128 characters from `[A-Z] / [a-z] / [0-9] / "-" / "." /
/// "_" / "~"` (RFC 7636, section 4.1). The verifier itself is not quoted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid PKCE code verifier: {reason}")]
pub struct InvalidVerifier {
    reason: &'static str,
}

/// The randomness source failed; no verifier was made.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RandomnessUnavailable(getrandom::Error);

/// A code verifier and its S256 code challenge.
#[derive(Debug, Clone)]
pub struct PkcePair {
    verifier: Secret,
    challenge: String,
}

impl PkcePair {
    /// A fresh verifier: 32 bytes from the operating system's CSPRNG, base64url-encoded
    /// without padding (43 characters), as RFC 7636 section 4.1 recommends.
    ///
    /// # Errors
    ///
    /// When the operating system cannot provide random bytes.
    pub fn generate() -> Result<Self, RandomnessUnavailable> {
        let mut entropy = [0_u8; VERIFIER_ENTROPY_BYTES];
        getrandom::getrandom(&mut entropy).map_err(RandomnessUnavailable)?;
        let verifier = URL_SAFE_NO_PAD.encode(entropy);
        Ok(Self::from_valid_verifier(verifier))
    }

    /// The pair for a verifier the application already has (for example one stored while
    /// the user was at the authorization page).
    ///
    /// # Errors
    ///
    /// When `verifier` is not 43 to 128 unreserved characters.
    pub fn from_verifier(verifier: impl Into<String>) -> Result<Self, InvalidVerifier> {
        let verifier = verifier.into();
        if !(43..=128).contains(&verifier.len()) {
            return Err(InvalidVerifier {
                reason: "it must be 43 to 128 characters long",
            });
        }
        let unreserved =
            |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        if !verifier.bytes().all(unreserved) {
            return Err(InvalidVerifier {
                reason: "it may hold only letters, digits, '-', '.', '_' and '~'",
            });
        }
        Ok(Self::from_valid_verifier(verifier))
    }

    fn from_valid_verifier(verifier: String) -> Self {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier: Secret::new(verifier),
            challenge,
        }
    }

    /// The code verifier, to send as `code_verifier` when exchanging the code. A secret
    /// until then.
    pub fn verifier(&self) -> &Secret {
        &self.verifier
    }

    /// The code challenge, `BASE64URL(SHA256(ASCII(code_verifier)))` without padding, to send
    /// as `code_challenge` with `code_challenge_method=S256`.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// The challenge method Zendesk asks for: always `S256`.
    pub fn method(&self) -> &'static str {
        "S256"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636, appendix B: the example verifier and its S256 challenge.
    #[test]
    fn challenge_matches_rfc_7636_appendix_b() {
        let pair = PkcePair::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            .expect("the RFC's verifier is valid");
        assert_eq!(
            pair.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(pair.method(), "S256");
    }

    /// RFC 7636, appendix B: the verifier is the base64url encoding of these 32 octets.
    #[test]
    fn verifier_encoding_matches_rfc_7636_appendix_b() {
        let octets: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(
            URL_SAFE_NO_PAD.encode(octets),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn generated_verifiers_are_valid_distinct_and_match_their_challenge() {
        let first = PkcePair::generate().expect("randomness");
        let second = PkcePair::generate().expect("randomness");
        assert_eq!(first.verifier().expose().len(), 43);
        assert_ne!(first.verifier().expose(), second.verifier().expose());
        let again = PkcePair::from_verifier(first.verifier().expose()).expect("valid");
        assert_eq!(again.challenge(), first.challenge());
    }

    #[test]
    fn invalid_verifiers_are_rejected_without_quoting_them() {
        let short = PkcePair::from_verifier("too-short").expect_err("42 characters at most");
        assert!(short.to_string().contains("43 to 128"));
        let long = PkcePair::from_verifier("a".repeat(129)).expect_err("too long");
        assert!(long.to_string().contains("43 to 128"));
        let odd = PkcePair::from_verifier(format!("{}+", "a".repeat(43))).expect_err("'+'");
        assert!(!odd.to_string().contains("aaaa"));
    }

    #[test]
    fn debug_does_not_show_the_verifier() {
        let pair =
            PkcePair::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").expect("valid");
        assert!(!format!("{pair:?}").contains("dBjftJeZ"));
    }
}
