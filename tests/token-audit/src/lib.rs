//! `token-audit`: lists every Zendesk Support OAuth token of the account, flags the risky ones
//! and, when asked, revokes them. Built on the generated `zendesk-oauth` client.
//!
//! * [`audit`] is the library entry point: it lists the tokens (all users, every cursor page),
//!   flags them ([`Flag`]), prints a table or JSON and a summary, and runs the revocation
//!   ([`Revoke`]). "Now" is a field of [`Options`], so results are deterministic in tests.
//! * [`cli::run`] is what `main` calls: argument parsing ([`cli::Cli`]), credentials from the
//!   environment, `--demo`, exit codes.
//! * [`demo::DemoServer`] is a local server on 127.0.0.1 replaying recorded Zendesk exchanges
//!   (`fixtures/`), so `cargo run -p token-audit -- --demo` works without a Zendesk account.
//!
//! The token this tool authenticates with is never revoked: with an OAuth bearer token the
//! audit first asks Zendesk which token that is (Show Current Token), and also recognises it by
//! its 10-character prefix, so it stays protected even when that call fails.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::Serialize;
use zendesk_oauth::models::OAuthToken;
use zendesk_oauth::support::ListTokensError;
use zendesk_oauth::{Error, Secret};

pub mod chat;
pub mod cli;
mod connection;
pub mod demo;
mod flags;
mod report;
pub mod token_file;

pub use connection::{Auth, ConnectError, Connection, RefreshingAuth, Server};
pub use flags::{is_broad_scope, Flag, Policy};

/// Table or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table, the flagged tokens and a summary, for people.
    Table,
    /// One JSON document (see [`Outcome`]), for programs.
    Json,
}

/// Whether to revoke the flagged tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoke {
    /// Only list and flag.
    No,
    /// List what would be revoked; send nothing.
    DryRun,
    /// Send a DELETE for each flagged token (except the tool's own).
    Yes,
}

/// What the audit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Only the tokens of this OAuth client.
    pub client_id: Option<i64>,
    /// When the audit happens and the unused threshold.
    pub policy: Policy,
    /// Table or JSON.
    pub format: Format,
    /// Whether to revoke.
    pub revoke: Revoke,
    /// Print `fetched page N (M tokens)` to the error output after each page (the CLI sets it
    /// when stderr is a terminal).
    pub progress: bool,
}

/// One token as audited: what the table and the JSON show. The refresh token is deliberately
/// not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditedToken {
    /// Token id.
    pub id: i64,
    /// The user the token authenticates as (Zendesk does not promise it).
    pub user_id: Option<i64>,
    /// The OAuth client the token belongs to (Zendesk does not promise it).
    pub client_id: Option<i64>,
    /// The first 10 characters of the token (all Zendesk returns).
    pub token_prefix: String,
    /// Its scopes.
    pub scopes: Vec<String>,
    /// When it was created (Zendesk does not promise it).
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last used, if ever.
    pub used_at: Option<DateTime<Utc>>,
    /// When it expires, if it does.
    pub expires_at: Option<DateTime<Utc>>,
    /// Why it is flagged; empty when it is not.
    pub flags: Vec<Flag>,
    /// Whether this is the token the tool authenticates with (never revoked).
    pub current: bool,
}

/// How many tokens carry each flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Tokens listed.
    pub total: usize,
    /// Tokens with at least one flag.
    pub flagged: usize,
    /// [`Flag::Unused`].
    pub unused: usize,
    /// [`Flag::NeverUsed`].
    pub never_used: usize,
    /// [`Flag::Expired`].
    pub expired: usize,
    /// [`Flag::BroadScope`].
    pub broad_scope: usize,
}

impl Summary {
    fn of(tokens: &[AuditedToken]) -> Self {
        let count = |flag: Flag| {
            tokens
                .iter()
                .filter(|token| token.flags.contains(&flag))
                .count()
        };
        Self {
            total: tokens.len(),
            flagged: tokens
                .iter()
                .filter(|token| !token.flags.is_empty())
                .count(),
            unused: count(Flag::Unused),
            never_used: count(Flag::NeverUsed),
            expired: count(Flag::Expired),
            broad_scope: count(Flag::BroadScope),
        }
    }

    /// The count for `flag`.
    pub fn count(&self, flag: Flag) -> usize {
        match flag {
            Flag::Unused => self.unused,
            Flag::NeverUsed => self.never_used,
            Flag::Expired => self.expired,
            Flag::BroadScope => self.broad_scope,
        }
    }
}

/// A revocation that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevokeFailure {
    /// Token id.
    pub id: i64,
    /// What went wrong.
    pub error: String,
}

/// What the revocation did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revocation {
    /// True when nothing was sent.
    pub dry_run: bool,
    /// The flagged tokens to revoke, in listing order.
    pub targets: Vec<i64>,
    /// Flagged tokens left alone because the tool authenticates with them.
    pub skipped_current: Vec<i64>,
    /// Revoked (answered 204). Empty in a dry run.
    pub revoked: Vec<i64>,
    /// Not revoked because the request failed. Empty in a dry run.
    pub failed: Vec<RevokeFailure>,
}

/// Everything the audit found and did; also the shape of `--json`'s output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The "now" of the audit.
    pub as_of: DateTime<Utc>,
    /// The unused threshold in days.
    pub unused_days: u32,
    /// The `client_id` filter, if any.
    pub client_id: Option<i64>,
    /// How many pages were fetched.
    pub pages: usize,
    /// The id of the token the tool authenticates with, when Zendesk said which it is.
    pub current_token_id: Option<i64>,
    /// Every token listed, in listing order.
    pub tokens: Vec<AuditedToken>,
    /// Counts per flag.
    pub summary: Summary,
    /// Present when revocation was asked for.
    pub revocation: Option<Revocation>,
}

impl Outcome {
    /// Whether some revocation failed.
    pub fn has_failures(&self) -> bool {
        self.revocation
            .as_ref()
            .is_some_and(|revocation| !revocation.failed.is_empty())
    }
}

/// Why the audit could not be completed.
#[derive(Debug)]
pub enum AuditError {
    /// Listing the tokens failed; nothing was revoked.
    List {
        /// Pages fetched before the failure.
        pages: usize,
        /// The client's error.
        error: Box<Error<ListTokensError>>,
    },
    /// Writing the output failed.
    Output(io::Error),
}

impl std::fmt::Display for AuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditError::List { pages, error } => {
                write!(f, "listing the OAuth tokens failed")?;
                if *pages > 0 {
                    write!(f, " after {pages} page(s)")?;
                }
                // The causes (DNS, TLS, connection refused) that the message leaves out.
                let mut message = error.to_string();
                let mut source = std::error::Error::source(error.as_ref());
                while let Some(cause) = source {
                    let cause_text = cause.to_string();
                    if !message.contains(&cause_text) {
                        message = format!("{message}: {cause_text}");
                    }
                    source = cause.source();
                }
                write!(f, "; nothing was revoked: {message}")?;
                match error.status().map(|status| status.as_u16()) {
                    Some(401) => write!(
                        f,
                        "\nhint: Zendesk did not accept the credentials; check ZENDESK_SUBDOMAIN \
                         and ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN"
                    ),
                    Some(403) => write!(
                        f,
                        "\nhint: listing every user's tokens (all=true) needs an admin, and an \
                         OAuth token needs the read scope"
                    ),
                    _ => Ok(()),
                }
            }
            AuditError::Output(error) => write!(f, "cannot write the output: {error}"),
        }
    }
}

impl std::error::Error for AuditError {}

impl From<io::Error> for AuditError {
    fn from(error: io::Error) -> Self {
        AuditError::Output(error)
    }
}

/// The token this tool authenticates with, as far as it can be known.
struct Own<'a> {
    /// Its id, from Show Current Token.
    id: Option<i64>,
    /// The bearer token, whose first 10 characters a listed token's prefix would be.
    bearer: Option<&'a Secret>,
}

impl Own<'_> {
    fn is(&self, token: &OAuthToken) -> bool {
        let prefix = token.token.as_ref().map_or("", Secret::expose);
        (self.id.is_some() && self.id == token.id)
            || self
                .bearer
                .is_some_and(|bearer| !prefix.is_empty() && bearer.expose().starts_with(prefix))
    }
}

/// Learns which token the tool authenticates with. Only an OAuth bearer token is a Support
/// OAuth token; with an API token the client does not even send the request (the operation
/// accepts bearer auth only), and a 4xx means there is no current OAuth token to protect.
async fn own_token<'a>(
    connection: &'a Connection,
    err: &mut dyn Write,
) -> Result<Own<'a>, AuditError> {
    // A refreshing token changes as it is refreshed: it is recognised by its id only.
    let (bearer, oauth) = match &connection.auth {
        Auth::OAuth(token) => (Some(token), true),
        Auth::Refreshing(_) => (None, true),
        Auth::ApiToken { .. } => (None, false),
    };
    let id = match connection
        .client
        .support()
        .show_current_token()
        .send()
        .await
    {
        Ok(response) => response.token.id,
        Err(_) if !oauth => None,
        Err(error) => {
            writeln!(
                err,
                "warning: could not learn which token this tool authenticates with ({error}); \
                 it is still recognised by its 10-character prefix and never revoked"
            )?;
            None
        }
    };
    Ok(Own { id, bearer })
}

/// Runs the audit: learns the tool's own token, lists every token of every user across all
/// pages, flags them, writes the table (or JSON) and summary to `out`, and revokes as
/// `options.revoke` says. Progress lines and warnings go to `err`.
///
/// # Errors
///
/// When listing fails (nothing is revoked then) or the output cannot be written. A failed
/// revocation is not an error: it is reported in [`Revocation::failed`].
pub async fn audit(
    connection: &Connection,
    options: &Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, AuditError> {
    let own = own_token(connection, err).await?;

    let mut request = connection.client.support().list_tokens().all(true);
    if let Some(client_id) = options.client_id {
        request = request.client_id(client_id);
    }
    let mut pages = request.pages();
    let mut tokens = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|error| AuditError::List {
            pages: page_count,
            error: Box::new(error),
        })?;
        page_count += 1;
        if options.progress {
            writeln!(
                err,
                "fetched page {page_count} ({} tokens)",
                page.tokens.len()
            )?;
        }
        for token in page.into_body().tokens {
            // Zendesk marks every field optional; a token without an id can be neither told
            // apart nor revoked, so it is reported instead of listed.
            let Some(id) = token.id else {
                writeln!(
                    err,
                    "warning: page {page_count} holds a token without an id; it is not audited"
                )?;
                continue;
            };
            tokens.push(AuditedToken {
                id,
                user_id: token.user_id,
                client_id: token.client_id,
                token_prefix: token
                    .token
                    .as_ref()
                    .map_or("", Secret::expose)
                    .chars()
                    .take(10)
                    .collect(),
                scopes: token.scopes.clone().unwrap_or_default(),
                created_at: token.created_at,
                used_at: token.used_at,
                expires_at: token.expires_at,
                flags: options.policy.flags(&token),
                current: own.is(&token),
            });
        }
    }

    let summary = Summary::of(&tokens);
    let mut outcome = Outcome {
        as_of: options.policy.now,
        unused_days: options.policy.unused_days,
        client_id: options.client_id,
        pages: page_count,
        current_token_id: own.id,
        tokens,
        summary,
        revocation: None,
    };
    let table = options.format == Format::Table;
    if table {
        report::write_table(out, &outcome, &options.policy)?;
        report::write_summary(out, &outcome, &options.policy)?;
    }
    if options.revoke != Revoke::No {
        let revocation = revoke(connection, &outcome, options, table.then_some(&mut *out)).await?;
        outcome.revocation = Some(revocation);
    }
    if !table {
        serde_json::to_writer_pretty(&mut *out, &outcome).map_err(io::Error::from)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(outcome)
}

/// Revokes (or, in a dry run, lists) the flagged tokens other than the tool's own. The list is
/// printed before anything is sent.
async fn revoke(
    connection: &Connection,
    outcome: &Outcome,
    options: &Options,
    mut out: Option<&mut dyn Write>,
) -> Result<Revocation, AuditError> {
    let flagged = || {
        outcome
            .tokens
            .iter()
            .filter(|token| !token.flags.is_empty())
    };
    let targets: Vec<&AuditedToken> = flagged().filter(|token| !token.current).collect();
    let mut revocation = Revocation {
        dry_run: options.revoke != Revoke::Yes,
        targets: targets.iter().map(|token| token.id).collect(),
        skipped_current: flagged()
            .filter(|token| token.current)
            .map(|token| token.id)
            .collect(),
        revoked: Vec::new(),
        failed: Vec::new(),
    };
    if let Some(out) = out.as_deref_mut() {
        report::write_revocation_plan(out, &revocation, &targets, &options.policy)?;
    }
    if revocation.dry_run {
        return Ok(revocation);
    }
    for token in targets {
        match connection
            .client
            .support()
            .revoke_token(token.id)
            .send()
            .await
        {
            Ok(_) => {
                revocation.revoked.push(token.id);
                if let Some(out) = out.as_deref_mut() {
                    writeln!(out, "  revoked {} ({})", token.id, token.token_prefix)?;
                }
            }
            Err(error) => {
                if let Some(out) = out.as_deref_mut() {
                    writeln!(
                        out,
                        "  FAILED  {} ({}): {error}",
                        token.id, token.token_prefix
                    )?;
                }
                revocation.failed.push(RevokeFailure {
                    id: token.id,
                    error: error.to_string(),
                });
            }
        }
    }
    if let Some(out) = out {
        report::write_revocation_result(out, &revocation)?;
    }
    Ok(revocation)
}
