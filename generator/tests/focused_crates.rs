//! Every focused spec's generated crate compiles, without a warning, under `cargo test`. The
//! snapshots pin what the generator writes; this proves that what it writes builds, so a
//! snapshot cannot pin code that does not compile.
//!
//! Each crate is written where `.ci/generated-crates` writes it (`target/generated-crates/`),
//! exactly as `cargo xtask codegen --spec F --out D` would, and checked with `cargo check`
//! in one target directory shared with that script, so the dependencies compile once (a few
//! minutes the first time; seconds per crate after that). Generated code holds no tests, and
//! the runtime's are run in `zendesk-oauth`; a focused spec whose generated code must be seen
//! running has a test file of its own under `tests/crate_tests/<spec>.rs`, run inside its
//! crate (built without TLS, so that the test build stays small).

use std::path::{Path, PathBuf};
use std::process::Command;

fn focused_specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs in {}", dir.display());
    specs
}

/// `target/generated-crates/`, whatever the target directory is called.
fn generated_crates_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("generated-crates")
}

/// Writes the standalone crate for `spec` under `out`, as the xtask does; returns its directory
/// and its area features.
fn write_crate(spec: &Path, out: &Path) -> (PathBuf, Vec<String>) {
    let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
    let spec_name = spec.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(spec).unwrap();
    let options = generator::Options {
        spec_name: spec_name.clone(),
    };
    let files = generator::generate_from_text(&text, &options)
        .unwrap_or_else(|diagnostics| panic!("{spec_name}:\n{diagnostics}"));
    let areas = files.areas.clone();
    let title = files.title.clone();
    let tree = generator::standalone::crate_files(
        files,
        &generator::standalone::CrateOptions {
            name: generator::standalone::package_name(&stem),
            title,
            spec_name,
        },
    );
    let dir = out.join(format!("focused-{stem}"));
    generator::write::write_tree(&tree, &dir).unwrap();
    // The workspace's lock file pins the runtime's dependencies to the tested versions.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).unwrap();
    (dir, areas)
}

/// `cargo check` of the crate in `dir`, with its default features (each model deriving only
/// the serde traits its directions need) and then with all (the mock module, and both serde
/// traits on every model): `None` if it compiles cleanly both ways, else what it printed.
fn check(dir: &Path, target: &Path) -> Option<String> {
    check_with(dir, target, &[]).or_else(|| check_with(dir, target, &["--all-features"]))
}

fn check_with(dir: &Path, target: &Path, features: &[&str]) -> Option<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet"])
        .args(features)
        .args(["--message-format", "short", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        // Flags meant for this test run (cargo-mutants caps lints, for one) would rebuild
        // every dependency and hide warnings.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stderr).into_owned();
    let warned = printed.lines().any(|line| line.contains("warning"));
    (!output.status.success() || warned).then_some(printed)
}

#[test]
fn every_focused_spec_generates_a_crate_that_compiles_without_warnings() {
    let out = generated_crates_dir();
    let target = out.join("target");
    let failures: Vec<String> = focused_specs()
        .iter()
        .filter_map(|spec| {
            let (dir, _) = write_crate(spec, &out);
            check(&dir, &target).map(|printed| format!("{}:\n{printed}", dir.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each `tests/crate_tests/<spec>.rs` passes inside the crate generated from
/// `tests/specs/<spec>.yaml`.
#[test]
fn crate_tests_pass_inside_their_generated_crates() {
    let tests_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crate_tests");
    // Apart from the crates `cargo check` reads, so that the two tests never share a file.
    let out = generated_crates_dir().join("with-tests");
    let target = generated_crates_dir().join("target");
    let mut tests: Vec<PathBuf> = std::fs::read_dir(&tests_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    tests.sort();
    assert!(!tests.is_empty(), "no tests in {}", tests_dir.display());
    let failures: Vec<String> = tests
        .iter()
        .filter_map(|test| {
            let stem = test.file_stem().unwrap().to_string_lossy().into_owned();
            let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/specs")
                .join(format!("{stem}.yaml"));
            let (dir, areas) = write_crate(&spec, &out);
            std::fs::create_dir_all(dir.join("tests")).unwrap();
            std::fs::copy(test, dir.join("tests").join(format!("{stem}.rs"))).unwrap();
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let output = Command::new(cargo)
                .args(["test", "--quiet", "--no-default-features", "--features"])
                // Round trips encode what the API only sends and decode what it only returns.
                .arg(format!("{},serialize,deserialize", areas.join(",")))
                .args(["--test", &stem, "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", &target)
                .env_remove("RUSTFLAGS")
                .env_remove("CARGO_ENCODED_RUSTFLAGS")
                .output()
                .unwrap();
            (!output.status.success()).then(|| {
                format!(
                    "{}:\n{}{}",
                    dir.display(),
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
