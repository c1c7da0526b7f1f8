//! `ZENDESK_OAUTH_TOKEN_FILE`: an OAuth token pair kept in a JSON file, refreshed through
//! Create Token for Grant Type when it expires and written back after each refresh (Zendesk
//! invalidates the previous refresh token, so a pair that is not saved is lost).
//!
//! The file holds `{"access_token": "...", "refresh_token": "...", "expires_at":
//! "2026-12-02T21:00:00Z"}` (`expires_at` may be null). It is rewritten through a temporary
//! file in the same directory, readable by its owner only.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zendesk_oauth::oauth::TokenPair;
use zendesk_oauth::Secret;

/// The pair as stored.
#[derive(Serialize, Deserialize)]
struct StoredPair {
    access_token: String,
    refresh_token: Option<String>,
    expires_at: Option<DateTime<Utc>>,
}

/// Reads the pair in `path`.
///
/// # Errors
///
/// A message naming the file (never its content) when it cannot be read or parsed.
pub fn load(path: &Path) -> Result<TokenPair, String> {
    let text = fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let stored: StoredPair = serde_json::from_str(&text).map_err(|error| {
        format!(
            "{} is not a token file (access_token, refresh_token, expires_at): line {}, column {}",
            path.display(),
            error.line(),
            error.column()
        )
    })?;
    Ok(TokenPair {
        access_token: Secret::new(stored.access_token),
        refresh_token: stored.refresh_token.map(Secret::new),
        expires_at: stored.expires_at,
    })
}

/// Writes `pair` to `path`, replacing it.
///
/// # Errors
///
/// When the file cannot be written.
pub fn save(path: &Path, pair: &TokenPair) -> io::Result<()> {
    let stored = StoredPair {
        access_token: pair.access_token.expose().to_owned(),
        refresh_token: pair
            .refresh_token
            .as_ref()
            .map(|token| token.expose().to_owned()),
        expires_at: pair.expires_at,
    };
    let temporary = temporary_path(path);
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    file.write_all(serde_json::to_string_pretty(&stored)?.as_bytes())?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".new");
    path.with_file_name(name)
}
