//! Diagnostics: what is wrong with a spec, where (JSON pointer), and how to fix it.

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went ahead; the output may not be what the spec author meant.
    Warning,
    /// Generation cannot produce correct code.
    Error,
}

/// One finding, tied to a place in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// JSON pointer into the spec, e.g. `#/paths/~1api~1v2~1oauth~1tokens/get`.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What would fix it, where known.
    pub help: Option<String>,
    /// Where the pointer's node starts in the spec's text, when known.
    pub location: Option<Location>,
}

/// A line and column (both 1-based) in the spec's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}\n  --> {}", self.message, self.pointer)?;
        if let Some(location) = self.location {
            write!(f, " ({location})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All findings of one run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records an error.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Error, pointer, message.into(), help);
    }

    /// Records a warning.
    pub fn warning(&mut self, pointer: &Pointer, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Warning, pointer, message.into(), help);
    }

    fn push(
        &mut self,
        severity: Severity,
        pointer: &Pointer,
        message: String,
        help: Option<String>,
    ) {
        self.0.push(Diagnostic {
            severity,
            pointer: pointer.to_string(),
            message,
            help,
            location: None,
        });
    }

    /// Records a finding whose position in the text is already known (a YAML syntax error).
    pub fn push_located(
        &mut self,
        severity: Severity,
        pointer: &Pointer,
        message: impl Into<String>,
        help: Option<String>,
        location: Option<Location>,
    ) {
        self.push(severity, pointer, message.into(), help);
        if let Some(last) = self.0.last_mut() {
            last.location = location;
        }
    }

    /// Appends all of `other`'s findings.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Drops repeated findings (same severity, pointer and message), keeping the first: a
    /// shared component used by many operations is reported once.
    pub fn dedup(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        self.0
            .retain(|d| seen.insert((d.severity, d.pointer.clone(), d.message.clone())));
    }

    /// Whether there are no findings at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// A JSON pointer being built while walking the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(Vec<String>);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Self::default()
    }

    /// This pointer extended by one (unescaped) segment.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.to_string());
        Self(segments)
    }

    /// Parses a local `$ref` such as `#/components/schemas/Foo`.
    pub fn parse_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Self::root());
        }
        let rest = rest.strip_prefix('/')?;
        Some(Self(
            rest.split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect(),
        ))
    }

    /// This pointer without its last segment: the path item of an operation pointer.
    pub fn parent_path(&self) -> Self {
        let mut parent = self.clone();
        parent.0.pop();
        parent
    }

    /// The unescaped segments.
    pub fn segments(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for segment in &self.0 {
            write!(f, "/{}", segment.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_parse_back() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/api/v2/a~b")
            .join("get");
        assert_eq!(pointer.to_string(), "#/paths/~1api~1v2~1a~0b/get");
        assert_eq!(Pointer::parse_ref(&pointer.to_string()), Some(pointer));
        assert_eq!(Pointer::parse_ref("other.yaml#/x"), None);
    }

    #[test]
    fn repeated_findings_are_dropped_and_the_rest_shown_one_per_paragraph() {
        let at = Pointer::root().join("paths");
        let mut diagnostics = Diagnostics::default();
        assert!(diagnostics.is_empty());
        diagnostics.warning(&at, "shared", None);
        diagnostics.error(&at, "shared", Some("fix it".to_owned()));
        diagnostics.warning(&at, "shared", Some("another help".to_owned()));
        diagnostics.warning(&at.join("x"), "shared", None);
        assert!(!diagnostics.is_empty());
        diagnostics.dedup();
        // Severity, pointer and message make a finding: the third repeats the first.
        let kept: Vec<(Severity, &str, Option<&str>)> = diagnostics
            .0
            .iter()
            .map(|d| (d.severity, d.pointer.as_str(), d.help.as_deref()))
            .collect();
        assert_eq!(
            kept,
            [
                (Severity::Warning, "#/paths", None),
                (Severity::Error, "#/paths", Some("fix it")),
                (Severity::Warning, "#/paths/x", None),
            ]
        );
        assert_eq!(
            diagnostics.to_string(),
            "warning: shared\n  --> #/paths\nerror: shared\n  --> #/paths\n  help: fix it\nwarning: shared\n  --> #/paths/x"
        );
    }
}
