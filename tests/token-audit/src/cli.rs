//! The command line: arguments, credentials from the environment, `--demo`, exit codes.

use std::io::Write;

use chrono::{DateTime, Utc};
use clap::Parser;

use zendesk_oauth::Secret;

use crate::chat::{audit_chat, chat_client};
use crate::demo::{demo_now, DemoServer};
use crate::{audit, Auth, Connection, Format, Options, Policy, RefreshingAuth, Revoke, Server};

/// Exit code: the audit ran (and every requested revocation succeeded).
pub const EXIT_OK: u8 = 0;
/// Exit code: Zendesk could not be listed, a revocation failed, or the output failed.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: missing or invalid configuration (credentials, subdomain); nothing was sent.
/// Also clap's code for invalid arguments.
pub const EXIT_CONFIG: u8 = 2;

/// Audit the OAuth tokens of a Zendesk Support account.
///
/// Lists every user's OAuth tokens across all pages, prints them with flags for tokens unused
/// for more than --unused-days days, never used, expired, or with a global `write` or
/// `impersonate` scope, and a summary. With --revoke it lists the flagged tokens it would
/// revoke (a dry run); --revoke --yes revokes them. The token the tool authenticates with is
/// never revoked.
///
/// Credentials come from the environment: ZENDESK_SUBDOMAIN, and either ZENDESK_EMAIL +
/// ZENDESK_API_TOKEN (an API token), ZENDESK_OAUTH_TOKEN (an OAuth access token, used when
/// both are set), or ZENDESK_OAUTH_TOKEN_FILE + ZENDESK_OAUTH_CLIENT_ID (and
/// ZENDESK_OAUTH_CLIENT_SECRET for a confidential client): a JSON file holding
/// `access_token`, `refresh_token` and `expires_at`, refreshed when it expires and rewritten
/// with the rotated pair (used before the others). --demo needs none: it runs against a local
/// server replaying recorded Zendesk responses. --chat lists the Chat OAuth tokens instead,
/// with ZENDESK_SUBDOMAIN and ZENDESK_CHAT_OAUTH_TOKEN.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "token-audit",
    version,
    after_long_help = "Exit status: 0 when the audit ran (and every requested revocation \
                       succeeded), 1 when listing or a revocation failed, 2 for missing or \
                       invalid credentials or arguments."
)]
pub struct Cli {
    /// Only the tokens of this OAuth client (its numeric id).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<i64>,

    /// Flag tokens last used more than this many days ago.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub unused_days: u32,

    /// Print one JSON document instead of the table and summary.
    #[arg(long)]
    pub json: bool,

    /// Revoke the flagged tokens (a dry run unless --yes is given).
    #[arg(long)]
    pub revoke: bool,

    /// With --revoke: really send the DELETE requests.
    #[arg(long, requires = "revoke")]
    pub yes: bool,

    /// Run against a local demo server with recorded responses; no Zendesk account or
    /// environment variables needed.
    #[arg(long)]
    pub demo: bool,

    /// List the account's Chat OAuth tokens (from https://{subdomain}.zendesk.com/api/v2/chat)
    /// instead of the Support ones; needs ZENDESK_CHAT_OAUTH_TOKEN.
    #[arg(long, conflicts_with_all = ["demo", "revoke", "client_id"])]
    pub chat: bool,

    /// The audit's "now" (RFC 3339), for reproducible runs. Default: the current time, or the
    /// fixtures' recording time with --demo.
    #[arg(long, hide = true, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
}

fn parse_now(value: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| format!("not an RFC 3339 timestamp such as 2026-11-02T09:00:00Z: {error}"))
}

/// The Zendesk environment variables.
pub const ENV_SUBDOMAIN: &str = "ZENDESK_SUBDOMAIN";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_EMAIL: &str = "ZENDESK_EMAIL";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_API_TOKEN: &str = "ZENDESK_API_TOKEN";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_OAUTH_TOKEN: &str = "ZENDESK_OAUTH_TOKEN";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_OAUTH_TOKEN_FILE: &str = "ZENDESK_OAUTH_TOKEN_FILE";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_OAUTH_CLIENT_ID: &str = "ZENDESK_OAUTH_CLIENT_ID";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_OAUTH_CLIENT_SECRET: &str = "ZENDESK_OAUTH_CLIENT_SECRET";
/// See [`ENV_SUBDOMAIN`].
pub const ENV_CHAT_OAUTH_TOKEN: &str = "ZENDESK_CHAT_OAUTH_TOKEN";

/// Reads the subdomain and credentials through `env` (a variable's value, or `None`; blank
/// values count as unset, surrounding whitespace is dropped). An OAuth token wins over an API
/// token.
///
/// # Errors
///
/// A message naming what is missing.
pub fn credentials_from_env(
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Server, Auth), String> {
    let get = |name: &str| {
        env(name)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let how = format!(
        "set {ENV_SUBDOMAIN} and either {ENV_EMAIL} + {ENV_API_TOKEN} (API token) or \
         {ENV_OAUTH_TOKEN} (OAuth access token), or run with --demo to try the tool without a \
         Zendesk account"
    );
    let subdomain = get(ENV_SUBDOMAIN);
    let oauth = get(ENV_OAUTH_TOKEN);
    let email = get(ENV_EMAIL);
    let api_token = get(ENV_API_TOKEN);
    let Some(subdomain) = subdomain else {
        return Err(format!("{ENV_SUBDOMAIN} is not set: {how}"));
    };
    if let Some(path) = get(ENV_OAUTH_TOKEN_FILE) {
        let Some(client_id) = get(ENV_OAUTH_CLIENT_ID) else {
            return Err(format!(
                "{ENV_OAUTH_TOKEN_FILE} is set but {ENV_OAUTH_CLIENT_ID} is not: refreshing a \
                 token needs the OAuth client's unique identifier"
            ));
        };
        let auth = Auth::Refreshing(RefreshingAuth {
            path: path.into(),
            client_id,
            client_secret: get(ENV_OAUTH_CLIENT_SECRET).map(Secret::new),
        });
        return Ok((Server::Subdomain(subdomain), auth));
    }
    let auth = match (oauth, email, api_token) {
        (Some(token), _, _) => Auth::OAuth(token.into()),
        (None, Some(email), Some(token)) => Auth::ApiToken {
            email,
            token: token.into(),
        },
        (None, Some(_), None) => {
            return Err(format!(
                "{ENV_EMAIL} is set but {ENV_API_TOKEN} is not: {how}"
            ))
        }
        (None, None, Some(_)) => {
            return Err(format!(
                "{ENV_API_TOKEN} is set but {ENV_EMAIL} is not: {how}"
            ))
        }
        (None, None, None) => return Err(format!("no Zendesk credentials: {how}")),
    };
    Ok((Server::Subdomain(subdomain), auth))
}

/// Runs the tool as `main` does: reads credentials through `env` (or starts the demo server),
/// audits, and returns the exit code ([`EXIT_OK`], [`EXIT_FAILURE`], [`EXIT_CONFIG`]). Output
/// goes to `out`; messages, warnings and progress (when `progress`) to `err`.
pub async fn run(
    cli: &Cli,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: bool,
) -> u8 {
    if cli.chat {
        return run_chat(cli, env, out, err).await;
    }
    // Kept alive until the audit ends: dropping it stops the demo server.
    let mut demo = None;
    let connection = if cli.demo {
        let server = match DemoServer::start().await {
            Ok(server) => server,
            Err(error) => {
                let _ = writeln!(err, "error: cannot start the demo server: {error}");
                return EXIT_FAILURE;
            }
        };
        let _ = writeln!(
            err,
            "demo: a local server at {} answers with recorded Zendesk responses; no Zendesk \
             account is used. Evaluating as of {}.",
            server.uri(),
            cli.now
                .unwrap_or_else(demo_now)
                .format("%Y-%m-%d %H:%M:%S UTC")
        );
        let connection = server.connection();
        demo = Some(server);
        connection
    } else {
        match credentials_from_env(env) {
            Ok((server, auth)) => Connection::new(&server, auth),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return EXIT_CONFIG;
            }
        }
    };
    let connection = match connection {
        Ok(connection) => connection,
        Err(error) => {
            let _ = writeln!(err, "error: invalid configuration: {error}");
            return EXIT_CONFIG;
        }
    };
    let now = cli
        .now
        .unwrap_or_else(|| if cli.demo { demo_now() } else { Utc::now() });
    let options = Options {
        client_id: cli.client_id,
        policy: Policy {
            now,
            unused_days: cli.unused_days,
        },
        format: if cli.json {
            Format::Json
        } else {
            Format::Table
        },
        revoke: match (cli.revoke, cli.yes) {
            (false, _) => Revoke::No,
            (true, false) => Revoke::DryRun,
            (true, true) => Revoke::Yes,
        },
        progress,
    };
    let code = match audit(&connection, &options, out, err).await {
        Ok(outcome) if outcome.has_failures() => {
            let _ = writeln!(err, "error: some tokens could not be revoked");
            EXIT_FAILURE
        }
        Ok(_) => EXIT_OK,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            EXIT_FAILURE
        }
    };
    drop(demo);
    code
}

/// `--chat`: lists the Chat OAuth tokens of the account host.
async fn run_chat(
    cli: &Cli,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let get = |name: &str| {
        env(name)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let (Some(subdomain), Some(token)) = (get(ENV_SUBDOMAIN), get(ENV_CHAT_OAUTH_TOKEN)) else {
        let _ = writeln!(
            err,
            "error: --chat needs {ENV_SUBDOMAIN} and {ENV_CHAT_OAUTH_TOKEN} (a Chat OAuth \
             token; the Chat API does not accept Basic authentication)"
        );
        return EXIT_CONFIG;
    };
    let client = match chat_client(&Server::Subdomain(subdomain), Secret::new(token)) {
        Ok(client) => client,
        Err(error) => {
            let _ = writeln!(err, "error: invalid configuration: {error}");
            return EXIT_CONFIG;
        }
    };
    let format = if cli.json {
        Format::Json
    } else {
        Format::Table
    };
    match audit_chat(&client, cli.now.unwrap_or_else(Utc::now), format, out).await {
        Ok(_) => EXIT_OK,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            EXIT_FAILURE
        }
    }
}
