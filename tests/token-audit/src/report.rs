//! The human-readable output: the token table, the summary and the revocation lists.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use crate::{AuditedToken, Flag, Outcome, Policy, Revocation};

fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

fn optional(id: Option<i64>) -> String {
    id.map_or_else(|| "-".to_owned(), |id| id.to_string())
}

fn flag_list(token: &AuditedToken, policy: &Policy) -> String {
    let mut labels: Vec<String> = token.flags.iter().map(|flag| flag.label(policy)).collect();
    if token.current {
        labels.push("[current token]".to_owned());
    }
    labels.join(", ")
}

/// The header line and the table of every token.
pub(crate) fn write_table(
    out: &mut dyn Write,
    outcome: &Outcome,
    policy: &Policy,
) -> io::Result<()> {
    let filter = outcome
        .client_id
        .map(|id| format!(" of OAuth client {id}"))
        .unwrap_or_default();
    writeln!(
        out,
        "Support OAuth tokens{filter}: {} in {} page(s), as of {}",
        outcome.tokens.len(),
        outcome.pages,
        outcome.as_of.format("%Y-%m-%d %H:%M UTC"),
    )?;
    if outcome.tokens.is_empty() {
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "ID",
            "User",
            "Client",
            "Token",
            "Scopes",
            "Created",
            "Last used",
            "Expires",
            "Flags",
        ]);
    for token in &outcome.tokens {
        table.add_row([
            token.id.to_string(),
            optional(token.user_id),
            optional(token.client_id),
            token.token_prefix.clone(),
            token.scopes.join(" "),
            token.created_at.map_or_else(|| "-".to_owned(), date),
            token.used_at.map_or_else(|| "never".to_owned(), date),
            token.expires_at.map_or_else(|| "-".to_owned(), date),
            flag_list(token, policy),
        ]);
    }
    for index in 0..3 {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")
}

/// Counts per flag.
pub(crate) fn write_summary(
    out: &mut dyn Write,
    outcome: &Outcome,
    policy: &Policy,
) -> io::Result<()> {
    let summary = &outcome.summary;
    writeln!(out)?;
    writeln!(
        out,
        "Summary: {} tokens, {} flagged, {} not flagged",
        summary.total,
        summary.flagged,
        summary.total - summary.flagged
    )?;
    let labels: Vec<String> = Flag::ALL.iter().map(|flag| flag.label(policy)).collect();
    let width = labels.iter().map(String::len).max().unwrap_or(0) + 1;
    for (flag, label) in Flag::ALL.iter().zip(labels) {
        writeln!(
            out,
            "  {:<width$} {:>3}",
            format!("{label}:"),
            summary.count(*flag)
        )?;
    }
    if summary.flagged > 0 {
        writeln!(out, "  (a token can carry several flags)")?;
    }
    if let Some(current) = outcome.tokens.iter().find(|token| token.current) {
        writeln!(
            out,
            "This tool authenticates with token {} ({}); it is never revoked.",
            current.id, current.token_prefix
        )?;
    }
    Ok(())
}

/// The tokens about to be (or, in a dry run, that would be) revoked, before anything is sent.
pub(crate) fn write_revocation_plan(
    out: &mut dyn Write,
    revocation: &Revocation,
    targets: &[&AuditedToken],
    policy: &Policy,
) -> io::Result<()> {
    writeln!(out)?;
    for id in &revocation.skipped_current {
        writeln!(
            out,
            "Not revoking token {id}: this tool authenticates with it."
        )?;
    }
    if targets.is_empty() {
        return writeln!(out, "Nothing to revoke.");
    }
    if revocation.dry_run {
        writeln!(
            out,
            "Dry run: would revoke {} flagged token(s); nothing was sent:",
            targets.len()
        )?;
    } else {
        writeln!(out, "Revoking {} flagged token(s):", targets.len())?;
    }
    let id_width = targets
        .iter()
        .map(|token| token.id.to_string().len())
        .max()
        .unwrap_or(0);
    for token in targets {
        let verb = if revocation.dry_run {
            "would revoke"
        } else {
            "will revoke"
        };
        writeln!(
            out,
            "  {verb} {:>id_width$}  {:<10}  user {:<6} client {:<6} {}",
            token.id,
            token.token_prefix,
            optional(token.user_id),
            optional(token.client_id),
            flag_list(token, policy),
        )?;
    }
    if revocation.dry_run {
        writeln!(out, "Run again with --revoke --yes to revoke them.")?;
    }
    Ok(())
}

/// The totals after the DELETEs.
pub(crate) fn write_revocation_result(
    out: &mut dyn Write,
    revocation: &Revocation,
) -> io::Result<()> {
    if revocation.targets.is_empty() {
        return Ok(());
    }
    if revocation.failed.is_empty() {
        writeln!(out, "Revoked {} token(s).", revocation.revoked.len())
    } else {
        writeln!(
            out,
            "Revoked {} of {} token(s); {} failed.",
            revocation.revoked.len(),
            revocation.targets.len(),
            revocation.failed.len()
        )
    }
}
