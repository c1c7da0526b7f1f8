//! Snapshots of generated code: every file for the project spec, and the whole output (or the
//! diagnostics) for each focused spec. A change here is a reviewable diff: `cargo insta review`.

use std::path::Path;

fn generate(path: &Path) -> Result<generator::GeneratedFiles, generator::Diagnostics> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    generator::generate_from_text(&text, &generator::Options { spec_name: name })
}

fn yaml_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no specs in {}", dir.display());
    files
}

fn concatenated(files: &generator::GeneratedFiles) -> String {
    let mut out = String::new();
    for warning in files.warnings.warnings() {
        out.push_str(&format!(
            "// {}\n",
            warning.to_string().replace('\n', "\n// ")
        ));
    }
    for (name, contents) in &files.files {
        out.push_str(&format!("// ===== {name} =====\n{contents}\n"));
    }
    out
}

#[test]
fn project_spec() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/zendesk-oauth.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let spec = generator::load(&text).unwrap();
    let options = generator::Options {
        spec_name: "spec/zendesk-oauth.yaml".to_owned(),
    };
    let files = generator::generate(&spec, &options).unwrap_or_else(|d| panic!("{d}"));
    assert!(files.warnings.0.is_empty(), "{}", files.warnings);
    for (name, contents) in &files.files {
        insta::assert_snapshot!(format!("project_{name}"), contents);
    }
    // The client crate has the features every generated crate has: one per area, TLS, HTTP/2.
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/Cargo.toml"),
    )
    .unwrap();
    let features = generator::standalone::features_toml(&files.areas);
    assert!(
        manifest.contains(&features),
        "generated-client/Cargo.toml must hold this [features] table:\n{features}"
    );
}

#[test]
fn focused_specs() {
    for path in yaml_files("tests/specs") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let files = generate(&path).unwrap_or_else(|d| panic!("{name}: {d}"));
        insta::assert_snapshot!(format!("spec_{name}"), concatenated(&files));
    }
}

/// Each diagnostics spec either stops generation (errors) or degrades it: the operations and
/// schemas with a problem are skipped or typed as any JSON, with a warning, and the rest is
/// generated. Either way every finding says what would fix it.
#[test]
fn diagnostics() {
    for path in yaml_files("tests/diagnostics") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (findings, summary) = match generate(&path) {
            Ok(files) => (files.warnings.clone(), format!("\n{}", files.summary())),
            Err(diagnostics) => (diagnostics, String::new()),
        };
        assert!(!findings.is_empty(), "{name}: expected diagnostics");
        for diagnostic in &findings.0 {
            assert!(
                diagnostic.help.is_some(),
                "{name}: no help in\n{diagnostic}"
            );
        }
        insta::assert_snapshot!(
            format!("diagnostics_{name}"),
            format!("{findings}{summary}")
        );
    }
}

#[test]
fn output_is_deterministic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/zendesk-oauth.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let options = generator::Options {
        spec_name: "spec/zendesk-oauth.yaml".to_owned(),
    };
    let first = generator::generate(&generator::load(&text).unwrap(), &options).unwrap();
    let second = generator::generate(&generator::load(&text).unwrap(), &options).unwrap();
    assert_eq!(first, second);
}
