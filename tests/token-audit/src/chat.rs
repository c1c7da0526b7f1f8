//! `--chat`: the account's Zendesk Chat OAuth tokens, listed from the account host
//! (`GET https://{subdomain}.zendesk.com/api/v2/chat/oauth/tokens`, a Chat OAuth bearer
//! token: Chat does not accept Basic authentication). Each token is flagged when it has
//! expired or carries the `write` scope. Chat returns the access and refresh tokens in full;
//! neither is ever printed.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;
use zendesk_oauth::chat::ListTokensError;
use zendesk_oauth::models::ChatOAuthToken;
use zendesk_oauth::{BuildError, Client, Error, Secret};

use crate::{Format, Server};

/// One Chat token as the audit reports it (no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditedChatToken {
    /// Token id.
    pub id: Option<i64>,
    /// The agent the token authenticates as.
    pub agent_id: Option<i64>,
    /// The OAuth client it belongs to.
    pub client: Option<String>,
    /// Its scopes (`read`, `write`, `chat`).
    pub scopes: Vec<String>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// Expired as of the audit's "now".
    pub expired: bool,
    /// Carries the `write` scope.
    pub write_scope: bool,
}

impl AuditedChatToken {
    fn of(token: &ChatOAuthToken, now: DateTime<Utc>) -> Self {
        let scopes: Vec<String> = token
            .scopes
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        Self {
            id: token.id,
            agent_id: token.agent_id,
            client: token.client_identifier.clone(),
            write_scope: scopes.iter().any(|scope| scope == "write"),
            scopes,
            created_at: token.create_date,
            expires_at: token.expire_date,
            expired: token
                .expire_date
                .is_some_and(|expires_at| expires_at <= now),
        }
    }

    fn flags(&self) -> String {
        let mut flags = Vec::new();
        if self.expired {
            flags.push("expired");
        }
        if self.write_scope {
            flags.push("write scope");
        }
        flags.join(", ")
    }
}

/// Why the Chat audit failed.
#[derive(Debug)]
pub enum ChatAuditError {
    /// Listing failed.
    List(Box<Error<ListTokensError>>),
    /// Writing the output failed.
    Output(io::Error),
}

impl std::fmt::Display for ChatAuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::List(error) => write!(f, "listing the Chat OAuth tokens failed: {error}"),
            Self::Output(error) => write!(f, "cannot write the output: {error}"),
        }
    }
}

impl std::error::Error for ChatAuditError {}

impl From<io::Error> for ChatAuditError {
    fn from(error: io::Error) -> Self {
        Self::Output(error)
    }
}

/// A client for the Chat API of `server`, authenticated with a Chat OAuth token.
///
/// # Errors
///
/// When the subdomain or URL is invalid, or the token is empty or holds a line break.
pub fn chat_client(server: &Server, chat_token: Secret) -> Result<Client, BuildError> {
    let builder = Client::builder().chat_bearer_auth(chat_token);
    match server {
        Server::Subdomain(subdomain) => builder.subdomain(subdomain.clone()),
        // The Chat paths live under `/api/v2/chat` on the account host.
        Server::BaseUrl(url) => {
            builder.chat_base_url(format!("{}/api/v2/chat", url.trim_end_matches('/')))
        }
    }
    .build()
}

/// Lists the Chat tokens, flags them as of `now` and writes a table or JSON to `out`.
///
/// # Errors
///
/// When listing fails or the output cannot be written.
pub async fn audit_chat(
    client: &Client,
    now: DateTime<Utc>,
    format: Format,
    out: &mut dyn Write,
) -> Result<Vec<AuditedChatToken>, ChatAuditError> {
    let tokens = client
        .chat()
        .list_tokens()
        .send()
        .await
        .map_err(|error| ChatAuditError::List(Box::new(error)))?
        .into_body();
    let audited: Vec<AuditedChatToken> = tokens
        .iter()
        .map(|token| AuditedChatToken::of(token, now))
        .collect();
    match format {
        Format::Json => {
            let document = serde_json::json!({ "as_of": now, "chat_tokens": &audited });
            writeln!(out, "{document:#}")?;
        }
        Format::Table => write_table(out, &audited, now)?,
    }
    Ok(audited)
}

fn write_table(
    out: &mut dyn Write,
    tokens: &[AuditedChatToken],
    now: DateTime<Utc>,
) -> io::Result<()> {
    writeln!(
        out,
        "Chat OAuth tokens: {}, as of {}",
        tokens.len(),
        now.format("%Y-%m-%d %H:%M UTC")
    )?;
    if tokens.is_empty() {
        return Ok(());
    }
    let text = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
    let date = |at: Option<DateTime<Utc>>| text(at.map(|at| at.format("%Y-%m-%d").to_string()));
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "ID", "Agent", "Client", "Scopes", "Created", "Expires", "Flags",
        ]);
    for token in tokens {
        table.add_row([
            text(token.id.map(|id| id.to_string())),
            text(token.agent_id.map(|id| id.to_string())),
            text(token.client.clone()),
            token.scopes.join(" "),
            date(token.created_at),
            date(token.expires_at),
            token.flags(),
        ]);
    }
    writeln!(out, "{table}")
}
