//! Side by side with progenitor 0.15.1 (builder interface): generation time and peak memory
//! on synthetic specs of 1,000 and 5,000 operations, and generated lines per operation.
//!
//! Both generators run as processes on the same spec file, alternating rounds so that noise
//! from other work on the machine hits both alike; each figure is the median of the rounds.
//! `cargo-progenitor` is installed into `target/bench-tools` when missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Map, Value};

/// Operations in each synthetic spec.
pub const SIZES: [usize; 2] = [1_000, 5_000];
const ROUNDS: usize = 3;

/// One generator's figures on one spec.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Wall time.
    pub seconds: f64,
    /// User plus system CPU time, over every thread.
    pub cpu_seconds: f64,
    pub peak_mib: f64,
    /// Generated lines of the client (our mock server's files left out).
    pub lines: usize,
    /// Generated lines of our mock server (`mock*.rs`, behind the `mock` feature); progenitor
    /// generates none.
    pub mock_lines: usize,
}

/// Ours and progenitor's figures on the spec of `operations` operations.
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    pub operations: usize,
    pub ours: Run,
    pub progenitor: Run,
}

/// Both generators: ours (this xtask, built in release) and `cargo-progenitor`.
pub struct Generators {
    pub ours: PathBuf,
    pub progenitor: PathBuf,
}

/// Builds our generator in release and installs progenitor's when missing.
pub fn generators(root: &Path) -> Result<Generators, String> {
    let progenitor = install_progenitor(root)?;
    eprintln!("building the release generator");
    run(Command::new(env!("CARGO")).current_dir(root).args([
        "build",
        "--quiet",
        "--release",
        "-p",
        "xtask",
    ]))?;
    Ok(Generators {
        ours: root.join("target/release/xtask"),
        progenitor,
    })
}

pub fn compare(root: &Path, generators: &Generators) -> Result<Vec<Comparison>, String> {
    let (ours, progenitor) = (&generators.ours, &generators.progenitor);
    let work = root.join("target/bench-versus");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut comparisons = Vec::new();
    for operations in SIZES {
        let spec = work.join(format!("synthetic-{operations}.json"));
        let text =
            serde_json::to_string_pretty(&synthetic_spec(operations)).map_err(|e| e.to_string())?;
        std::fs::write(&spec, text).map_err(|e| format!("{}: {e}", spec.display()))?;
        let (mut ours_runs, mut theirs_runs) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            eprintln!("{operations} operations, round {}", round + 1);
            let out = work.join(format!("ours-{operations}"));
            let mut command = Command::new(ours);
            command
                .args(["codegen", "--spec"])
                .arg(&spec)
                .arg("--out")
                .arg(&out)
                .args(["--crate-name", "synthetic"]);
            let (seconds, cpu_seconds, peak_mib) = timed(&mut command)?;
            let (lines, mock_lines) = rust_lines(&out.join("src/generated"))?;
            ours_runs.push(Run {
                seconds,
                cpu_seconds,
                peak_mib,
                lines,
                mock_lines,
            });

            let out = work.join(format!("progenitor-{operations}"));
            let mut command = Command::new(progenitor);
            command
                .args(["progenitor", "-i"])
                .arg(&spec)
                .arg("-o")
                .arg(&out)
                .args(["-n", "synthetic", "-v", "0.1.0", "--interface", "builder"]);
            let (seconds, cpu_seconds, peak_mib) = timed(&mut command)?;
            let (lines, mock_lines) = rust_lines(&out.join("src"))?;
            theirs_runs.push(Run {
                seconds,
                cpu_seconds,
                peak_mib,
                lines,
                mock_lines,
            });
        }
        comparisons.push(Comparison {
            operations,
            ours: median(&ours_runs),
            progenitor: median(&theirs_runs),
        });
    }
    Ok(comparisons)
}

fn install_progenitor(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/bench-tools");
    let binary = tools.join("bin/cargo-progenitor");
    if !binary.exists() {
        eprintln!(
            "installing cargo-progenitor 0.15.1 into {}",
            tools.display()
        );
        run(Command::new(env!("CARGO"))
            .args(["install", "--quiet", "--root"])
            .arg(&tools)
            .args(["cargo-progenitor", "--version", "0.15.1", "--locked"]))?;
    }
    Ok(binary)
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Wall time, CPU time (user plus system) and peak resident memory of `command`, through GNU
/// time.
fn timed(command: &mut Command) -> Result<(f64, f64, f64), String> {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "BENCH_TIME %e %U %S %M"])
        .arg(command.get_program())
        .args(command.get_args());
    let output = timed.output().map_err(|e| format!("/usr/bin/time: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{command:?} failed:\n{stderr}"));
    }
    let figures = stderr
        .lines()
        .find_map(|line| line.strip_prefix("BENCH_TIME "))
        .ok_or_else(|| format!("no timing from /usr/bin/time:\n{stderr}"))?;
    let figures: Result<Vec<f64>, _> = figures.split_whitespace().map(str::parse).collect();
    match figures.as_deref() {
        Ok(&[seconds, user, system, kib]) => Ok((seconds, user + system, kib / 1024.0)),
        _ => Err(format!("unreadable timing `{stderr}`")),
    }
}

fn median(runs: &[Run]) -> Run {
    let pick = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
    };
    Run {
        seconds: pick(runs.iter().map(|run| run.seconds).collect()),
        cpu_seconds: pick(runs.iter().map(|run| run.cpu_seconds).collect()),
        peak_mib: pick(runs.iter().map(|run| run.peak_mib).collect()),
        lines: runs.first().map_or(0, |run| run.lines),
        mock_lines: runs.first().map_or(0, |run| run.mock_lines),
    }
}

/// Lines of the `.rs` files under `dir`: those of files named `mock*.rs` apart.
fn rust_lines(dir: &Path) -> Result<(usize, usize), String> {
    let (mut lines, mut mock_lines) = (0, 0);
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            let (more, more_mock) = rust_lines(&path)?;
            lines += more;
            mock_lines += more_mock;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let count = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())?
                .lines()
                .count();
            let is_mock = path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("mock"));
            if is_mock {
                mock_lines += count;
            } else {
                lines += count;
            }
        }
    }
    Ok((lines, mock_lines))
}

/// `operations` operations over `operations / 4` resources, each with list, create, show
/// and delete, tagged in ten areas: the shape of a typical REST API.
pub fn synthetic_spec(operations: usize) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Problem".to_owned(),
        json!({"type": "object", "properties": {"error": {"type": "string"}, "description": {"type": "string"}}}),
    );
    let problem = json!({"description": "Not found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    for resource in 0..operations.div_ceil(4) {
        let item = format!("Item{resource}");
        let new_item = format!("NewItem{resource}");
        let tag = format!("Area{}", resource % 10);
        let item_ref = json!({"$ref": format!("#/components/schemas/{item}")});
        let one = |description: &str| json!({"description": description, "content": {"application/json": {"schema": item_ref}}});
        paths.insert(
            format!("/items{resource}"),
            json!({
                "get": {
                    "operationId": format!("list_items{resource}"),
                    "tags": [tag],
                    "summary": format!("List the items of resource {resource}."),
                    "parameters": [
                        {"name": "limit", "in": "query", "description": "Page size.", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}},
                        {"name": "cursor", "in": "query", "description": "Where the page starts.", "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "A page of items.", "content": {"application/json": {"schema": {"type": "array", "items": item_ref}}}},
                        "404": problem
                    }
                },
                "post": {
                    "operationId": format!("create_item{resource}"),
                    "tags": [tag],
                    "summary": format!("Create an item of resource {resource}."),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{new_item}")}}}},
                    "responses": {"201": one("The new item."), "404": problem}
                }
            }),
        );
        let id = json!({"name": "id", "in": "path", "required": true, "description": "The item's id.", "schema": {"type": "integer", "format": "int64"}});
        paths.insert(
            format!("/items{resource}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("show_item{resource}"),
                    "tags": [tag],
                    "summary": format!("Show an item of resource {resource}."),
                    "parameters": [id],
                    "responses": {"200": one("The item."), "404": problem}
                },
                "delete": {
                    "operationId": format!("delete_item{resource}"),
                    "tags": [tag],
                    "summary": format!("Delete an item of resource {resource}."),
                    "parameters": [id],
                    "responses": {"204": {"description": "Deleted."}, "404": problem}
                }
            }),
        );
        schemas.insert(
            item,
            json!({
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "format": "int64", "description": "Id."},
                    "name": {"type": "string", "description": "Name."},
                    "created_at": {"type": "string", "format": "date-time", "description": "When it was created."},
                    "tags": {"type": "array", "items": {"type": "string"}, "description": "Labels."}
                }
            }),
        );
        schemas.insert(
            new_item,
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "description": "Name."},
                    "tags": {"type": "array", "items": {"type": "string"}, "description": "Labels."}
                }
            }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

/// The BENCHMARKS.md section for `comparisons`.
pub fn render(comparisons: &[Comparison]) -> String {
    let mut out = String::from(
        "## Side by side with progenitor 0.15.1 (builder interface)\n\n\
         Synthetic specs: N operations over N/4 resources (list, create, show, delete), ten tags. \
         Both generators run as release binaries on the same JSON file, in alternating rounds \
         (median of 3); time, CPU time (user plus system) and peak memory come from \
         `/usr/bin/time`. Ours emits and formats the parts of its output (models, each area, \
         each area's mock) on every core, two here; progenitor uses one. Other work shares the \
         machine's cores, so absolute times move between runs; the ratios are from one run. Our \
         lines count `src/generated/` (the runtime, the same for every spec, is left out) \
         without the mock server, whose lines are counted apart (`mock*.rs`, cargo feature \
         `mock`; progenitor generates none); progenitor's count its `src/` (it depends on \
         `progenitor-client` for its runtime). Targets: time (wall) at most 0.25 of progenitor's, \
         memory at most 0.5, at most 60 lines per operation; ms per operation flat from 1,000 \
         to 5,000 operations (linear).\n\n\
         | Operations | Ours (s) | Progenitor (s) | Time ratio | Ours CPU (s) | Progenitor CPU (s) | CPU ratio | Ours ms/op | Progenitor ms/op | Ours peak (MiB) | Progenitor peak (MiB) | Memory ratio | Ours lines/op | Progenitor lines/op | Our mock lines/op |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for c in comparisons {
        let per_op = |lines: usize| lines as f64 / c.operations as f64;
        let ms_per_op = |seconds: f64| seconds * 1e3 / c.operations as f64;
        out.push_str(&format!(
            "| {} | {:.2} | {:.2} | **{:.2}** | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} | {:.0} | **{:.2}** | {:.1} | {:.1} | {:.1} |\n",
            c.operations,
            c.ours.seconds,
            c.progenitor.seconds,
            c.ours.seconds / c.progenitor.seconds,
            c.ours.cpu_seconds,
            c.progenitor.cpu_seconds,
            c.ours.cpu_seconds / c.progenitor.cpu_seconds,
            ms_per_op(c.ours.seconds),
            ms_per_op(c.progenitor.seconds),
            c.ours.peak_mib,
            c.progenitor.peak_mib,
            c.ours.peak_mib / c.progenitor.peak_mib,
            per_op(c.ours.lines),
            per_op(c.progenitor.lines),
            per_op(c.ours.mock_lines),
        ));
    }
    out.push_str("\nRatios are ours / progenitor's: below 1 is better.\n");
    out
}
