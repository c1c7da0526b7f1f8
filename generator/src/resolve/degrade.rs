//! Degrading per operation and per schema: one operation or schema that cannot be generated
//! faithfully never costs the rest of the document. Its problems are demoted to warnings, what
//! it added to the IR is undone, and it is skipped (an operation) or typed as any JSON (a
//! schema), with a warning saying so.

use crate::diagnostics::{Pointer, Severity};
use crate::resolve::Resolver;

/// How far the resolver's findings and types had got before one operation or schema was
/// resolved.
pub(super) struct Mark {
    findings: usize,
    types: usize,
}

impl Resolver<'_> {
    pub(super) fn mark(&self) -> Mark {
        Mark {
            findings: self.diags.0.len(),
            types: self.types.len(),
        }
    }

    /// If errors were found since `mark`: demotes them to warnings, drops the types defined
    /// since then (only the failed piece used them), and returns the first error's message,
    /// as the reason the piece is degraded. `None` when nothing went wrong.
    pub(super) fn degrade_since(&mut self, mark: &Mark) -> Option<String> {
        let mut reason = None;
        for finding in &mut self.diags.0[mark.findings..] {
            if finding.severity == Severity::Error {
                finding.severity = Severity::Warning;
                reason.get_or_insert_with(|| finding.message.clone());
            }
        }
        if reason.is_some() {
            self.types.truncate(mark.types);
            self.inner_types
                .retain(|_, inner| inner.types_before < mark.types);
        }
        reason
    }

    /// Warns that the operation at `pointer` is skipped because of `reason`.
    pub(super) fn warn_skipped(&mut self, pointer: &Pointer, what: &str, reason: &str) {
        self.diags.warning(
            pointer,
            format!("{what} is skipped (not generated): {reason}"),
            Some(
                "fix the problem reported above, or run with --strict to make it an error"
                    .to_owned(),
            ),
        );
    }
}
