//! Real public API descriptions (Zendesk's own, Discord, Svix, Plaid, Intercom, Temporal,
//! Apideck; see `SOURCES.md` beside them), read in place from `../shared/specs/` (beside the
//! repository; never copied into it): every operation is generated (none skipped), the
//! warnings are snapshotted, and every `discriminator` makes a tagged enum. Whether the generated crates compile is checked by
//! `.ci/generated-crates`.
//!
//! Where the specs are: `$SHARED_SPECS` (an absolute path) if set, else `../shared/specs`. When neither that
//! directory nor `../shared` exists (a clone on its own), the test prints `SKIPPED` and
//! returns; when `../shared` exists (the CI layout) or `$SHARED_SPECS` is set, a missing spec
//! fails the test, so CI cannot pass without checking them.

use std::io::Write;
use std::path::{Path, PathBuf};

/// (file, operations in it)
const SPECS: &[(&str, usize)] = &[
    ("apideck-accounting.yaml", 150),
    ("discord.json", 242),
    ("intercom.yaml", 231),
    ("plaid.yaml", 329),
    ("sunshine-conversations.yaml", 68),
    ("svix.json", 252),
    ("temporal.yaml", 226),
    ("zendesk-support.yaml", 492),
];

/// Where the specs are, and whether they must be there.
fn specs_dir() -> (PathBuf, bool) {
    if let Some(dir) = std::env::var_os("SHARED_SPECS").filter(|dir| !dir.is_empty()) {
        return (PathBuf::from(dir), true);
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let required = shared.is_dir();
    (shared.join("specs"), required)
}

/// Operations in the document, counted without the generator.
fn count_operations(text: &str) -> usize {
    let document: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    document["paths"]
        .as_mapping()
        .unwrap()
        .values()
        .filter_map(serde_yaml::Value::as_mapping)
        .flat_map(|item| item.keys())
        .filter(|method| {
            matches!(
                method.as_str(),
                Some("get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
            )
        })
        .count()
}

#[test]
fn every_operation_of_the_real_specs_is_generated() {
    let (dir, required) = specs_dir();
    for (file, expected) in SPECS {
        let path = dir.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(
                !required,
                "{} is absent: the real specs must be checked here",
                path.display()
            );
            skipped(&format!(
                "{} is absent, so {file} was not checked",
                path.display()
            ));
            continue;
        };
        assert_eq!(count_operations(&text), *expected, "{file} changed");
        let options = generator::Options {
            spec_name: (*file).to_owned(),
        };
        let files = generator::generate_from_text(&text, &options)
            .unwrap_or_else(|diagnostics| panic!("{file}:\n{diagnostics}"));
        assert_eq!(files.operations, *expected, "{file}: operations generated");
        assert!(
            files.skipped.is_empty(),
            "{file}: skipped {:?}",
            files.skipped
        );
        let warnings: Vec<String> = files.warnings.0.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("real_{file}_warnings"), warnings.join("\n"));
    }
}

/// The schemas with a `discriminator` (every one the specs have), which become tagged enums:
/// (file, Rust names). The other specs have none.
const TAGGED: &[(&str, &[&str])] = &[
    (
        "intercom.yaml",
        &[
            "ContentSearchResult",
            "ConversationAttribute",
            "CreateConversationAttributeRequest",
        ],
    ),
    (
        "sunshine-conversations.yaml",
        &[
            "Action",
            "ActionSubset",
            "ActivityMessage",
            "Content",
            "Integration",
            "MatchCriteria",
            "QuotedMessage",
        ],
    ),
];

#[test]
fn every_discriminator_of_the_real_specs_makes_a_tagged_enum() {
    let (dir, required) = specs_dir();
    for (file, expected) in TAGGED {
        let path = dir.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(!required, "{} is absent", path.display());
            skipped(&format!(
                "{} is absent, so {file} was not checked",
                path.display()
            ));
            continue;
        };
        let spec = generator::load(&text).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        let (api, _) = generator::resolve::resolve(&spec)
            .unwrap_or_else(|diagnostics| panic!("{file}:\n{diagnostics}"));
        let tagged: Vec<&str> = api
            .types
            .iter()
            .filter(|def| matches!(def.kind, generator::ir::TypeKind::Tagged(_)))
            .map(|def| def.name.as_str())
            .collect();
        assert_eq!(tagged, *expected, "{file}");
    }
}

/// Says why a check was skipped, past the test harness's output capture (which would hide it
/// for a passing test).
fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED real_specs: {why}");
}
