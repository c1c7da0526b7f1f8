//! `cargo xtask codegen [--check]`: regenerate `generated-client/src/generated/` from
//! `spec/zendesk-oauth.yaml`, or fail naming every stale file.
//! `cargo xtask bench`: run the benchmarks and write `BENCHMARKS.md`.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SPEC: &str = "spec/zendesk-oauth.yaml";
const OUT: &str = "generated-client/src/generated";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("bench") => bench::bench(&workspace_root()),
        _ => Err("usage: cargo xtask codegen [--check] | cargo xtask bench".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn codegen(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask codegen [--check]".to_owned()),
    };
    let root = workspace_root();
    let text =
        std::fs::read_to_string(root.join(SPEC)).map_err(|e| format!("reading {SPEC}: {e}"))?;
    let spec = generator::load(&text).map_err(|d| format!("{SPEC}:\n{d}"))?;
    let options = generator::Options {
        spec_name: SPEC.to_owned(),
    };
    let files = generator::generate(&spec, &options).map_err(|d| format!("{SPEC}:\n{d}"))?;
    for warning in files.warnings.warnings() {
        eprintln!("{SPEC}: {warning}");
    }
    let out = root.join(OUT);
    if check {
        let stale =
            generator::write::stale(&files, &out).map_err(|e| format!("checking {OUT}: {e}"))?;
        if !stale.is_empty() {
            let names: Vec<String> = stale
                .iter()
                .map(|path| format!("  {}", path.strip_prefix(&root).unwrap_or(path).display()))
                .collect();
            return Err(format!(
                "generated code is stale:\n{}\nrun `cargo xtask codegen` and commit the result",
                names.join("\n")
            ));
        }
        println!("{OUT} is up to date with {SPEC}");
    } else {
        generator::write::write(&files, &out).map_err(|e| format!("writing {OUT}: {e}"))?;
        println!("wrote {} files to {OUT}", files.files.len());
    }
    Ok(())
}
