//! `cargo xtask codegen [--check]`: regenerate `generated-client/src/generated/` from
//! `spec/zendesk-oauth.yaml`, or fail naming every stale file.
//!
//! `cargo xtask codegen --spec <file> --out <dir> [--crate-name <name>] [--check]`: generate
//! a standalone client crate for any OpenAPI 3.0 or 3.1 document (Cargo.toml, src/lib.rs, the
//! generated sources and a copy of the runtime).
//!
//! Operations that cannot be generated are skipped with a warning, and a summary line says
//! how many; `--strict` makes every warning an error. `cargo xtask --help` prints the usage.
//!
//! `cargo xtask bench [--only <part>,...]`: run the benchmarks and write `BENCHMARKS.md`
//! (with `--only`, print the figures of those parts instead).
//!
//! `cargo xtask lines [N]`: generated lines per operation on the bench's synthetic spec.

mod bench;
mod builds;
mod lines;
mod versus;

// The system allocator: mimalloc (used until 2026-12) spent less CPU generating, but on the
// bench machine it took longer in all (its eagerly committed arenas faulted in at a high
// system-time cost, worst right after another large process exited) and more memory.
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const SPEC: &str = "spec/zendesk-oauth.yaml";
const OUT: &str = "generated-client/src/generated";
const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--strict] [--spec <file> --out <dir> [--crate-name <name>]]
       cargo xtask bench [--only <part>,...]
       cargo xtask lines [operations]

codegen   regenerate generated-client/src/generated/ from spec/zendesk-oauth.yaml, or with
          --spec and --out, write a standalone client crate for any OpenAPI 3.0/3.1 document
  --check         compare only: fail naming each stale file, write nothing
  --strict        treat every warning as an error (nothing is written when there is one);
                  without it, an operation that cannot be generated is skipped with a warning
  --spec <file>   the OpenAPI document (YAML or JSON)
  --out <dir>     where the standalone crate goes
  --crate-name <name>  its package name (default: the spec's file name)
bench     run the benchmarks and write BENCHMARKS.md
  --only <part>,...  run only these parts (generator, client, versus, builds) and print
                  their figures instead of writing BENCHMARKS.md
lines     generated lines per operation on the bench's synthetic spec (default 1000)
  -h, --help      print this help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some("codegen") if args[1..].iter().any(|a| a == "-h" || a == "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some("codegen") => codegen(&args[1..]),
        Some("bench") => bench::bench(&workspace_root(), &args[1..]),
        Some("lines") => lines::lines(&args[1..]),
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
        None => Err(USAGE.to_owned()),
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

/// Parsed `codegen` arguments.
#[derive(Default)]
struct Codegen {
    check: bool,
    strict: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
}

fn parse(args: &[String]) -> Result<Codegen, String> {
    let mut parsed = Codegen::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--strict" => parsed.strict = true,
            "--spec" => parsed.spec = Some(PathBuf::from(value()?)),
            "--out" => parsed.out = Some(PathBuf::from(value()?)),
            "--crate-name" => parsed.crate_name = Some(value()?),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if parsed.spec.is_some() != parsed.out.is_some() {
        return Err(format!("--spec and --out go together\n{USAGE}"));
    }
    if parsed.crate_name.is_some() && parsed.spec.is_none() {
        return Err(format!("--crate-name needs --spec and --out\n{USAGE}"));
    }
    Ok(parsed)
}

fn codegen(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let root = workspace_root();
    let (spec_path, spec_name) = match &args.spec {
        Some(spec) => {
            let name = spec
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| spec.display().to_string());
            (spec.clone(), name)
        }
        None => (root.join(SPEC), SPEC.to_owned()),
    };
    let started = Instant::now();
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("reading {}: {e}", spec_path.display()))?;
    let options = generator::Options {
        spec_name: spec_name.clone(),
    };
    let files = generator::generate_from_text(&text, &options).map_err(|d| {
        let errors =
            d.0.iter()
                .filter(|d| d.severity == generator::Severity::Error)
                .count();
        format!("{spec_name}:\n{d}\n{spec_name}: {errors} error(s); nothing was written")
    })?;
    for warning in files.warnings.warnings() {
        eprintln!("{spec_name}: {warning}");
    }
    let warnings = files.warnings.warnings().count();
    if args.strict && warnings > 0 {
        return Err(format!(
            "{spec_name}: {warnings} warning(s), which --strict makes errors; nothing was written"
        ));
    }
    println!("{spec_name}: {}", files.summary());
    let elapsed = started.elapsed();
    let Some(out) = &args.out else {
        return write_project(&files, &root, args.check);
    };
    let crate_name =
        generator::standalone::package_name(args.crate_name.as_deref().unwrap_or_else(|| {
            spec_path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("client")
        }));
    let operations = files.operations;
    let title = files.title.clone();
    let tree = generator::standalone::crate_files(
        files,
        &generator::standalone::CrateOptions {
            name: crate_name.clone(),
            title,
            spec_name: spec_name.clone(),
        },
    );
    if args.check {
        let stale = generator::write::stale_tree(&tree, out)
            .map_err(|e| format!("checking {}: {e}", out.display()))?;
        report_stale(&stale, out, "cargo xtask codegen --spec <file> --out <dir>")?;
        println!("{} is up to date with {spec_name}", out.display());
        return Ok(());
    }
    generator::write::write_tree(&tree, out)
        .map_err(|e| format!("writing {}: {e}", out.display()))?;
    println!(
        "wrote crate `{crate_name}` to {}: {} operations, {} warnings, generated in {} ms",
        out.display(),
        operations,
        warnings,
        elapsed.as_millis()
    );
    Ok(())
}

/// The default invocation: the project spec into `generated-client/src/generated/`.
fn write_project(
    files: &generator::GeneratedFiles,
    root: &Path,
    check: bool,
) -> Result<(), String> {
    let out = root.join(OUT);
    if check {
        let stale =
            generator::write::stale(files, &out).map_err(|e| format!("checking {OUT}: {e}"))?;
        report_stale(&stale, root, "cargo xtask codegen")?;
        println!("{OUT} is up to date with {SPEC}");
    } else {
        generator::write::write(files, &out).map_err(|e| format!("writing {OUT}: {e}"))?;
        println!("wrote {} files to {OUT}", files.files.len());
    }
    Ok(())
}

fn report_stale(stale: &[PathBuf], base: &Path, command: &str) -> Result<(), String> {
    if stale.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = stale
        .iter()
        .map(|path| format!("  {}", path.strip_prefix(base).unwrap_or(path).display()))
        .collect();
    Err(format!(
        "generated code is stale:\n{}\nrun `{command}` and commit the result",
        names.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn codegen_arguments_parse() {
        let parsed = parse(&args(&["--strict", "--spec", "a.yaml", "--out", "dir"])).unwrap();
        assert!(parsed.strict && !parsed.check);
        assert_eq!(parsed.spec, Some(PathBuf::from("a.yaml")));
        let unknown = parse(&args(&["--bogus"])).err().unwrap();
        assert!(
            unknown.starts_with("unknown argument `--bogus`"),
            "{unknown}"
        );
        assert!(unknown.contains("--strict"), "the usage follows: {unknown}");
        assert!(parse(&args(&["--spec", "a.yaml"])).is_err());
    }
}
