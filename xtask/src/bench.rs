//! `cargo xtask bench`: runs the generator and client benchmarks, compares generation and the
//! generated crates' compile times with progenitor's, and writes `BENCHMARKS.md`.
//!
//! Every figure that has a baseline is reported as a ratio against it, measured in the same
//! run (the benchmarks alternate rounds of the two so that machine noise hits both alike).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// The parts of the bench, in the order they run; `--only` picks some of them.
const SECTIONS: [&str; 4] = ["generator", "client", "versus", "builds"];

/// `cargo xtask bench [--only <part>,...]`. The whole bench writes `BENCHMARKS.md`; a part
/// of it only prints its figures, so that the file always comes from one complete run.
pub fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    let only = match args {
        [] => None,
        [flag, parts] if flag == "--only" => {
            let parts: Vec<&str> = parts.split(',').map(str::trim).collect();
            if let Some(unknown) = parts.iter().find(|part| !SECTIONS.contains(part)) {
                return Err(format!(
                    "unknown bench part `{unknown}`: the parts are {}",
                    SECTIONS.join(", ")
                ));
            }
            Some(parts)
        }
        _ => {
            return Err(format!(
                "usage: cargo xtask bench [--only <part>,...] (parts: {})",
                SECTIONS.join(", ")
            ))
        }
    };
    let runs = |part: &str| only.as_ref().is_none_or(|parts| parts.contains(&part));
    let started = Instant::now();
    let mut results = Vec::new();
    for (part, package, bench) in [
        ("generator", "zendesk-oauth-generator", "generate"),
        ("client", "zendesk-oauth", "client"),
    ] {
        if runs(part) {
            eprintln!("running cargo bench -p {package} --bench {bench}");
            results.extend(run_bench(root, package, bench)?);
        }
    }
    let generated_lines = generated_lines(&root.join("generated-client/src/generated"))?;
    let generators = if runs("versus") || runs("builds") {
        Some(crate::versus::generators(root)?)
    } else {
        None
    };
    let mut sections = Vec::new();
    if let Some(generators) = &generators {
        if runs("versus") {
            eprintln!("comparing generation with progenitor");
            sections.push(crate::versus::render(&crate::versus::compare(
                root, generators,
            )?));
        }
        if runs("builds") {
            eprintln!("comparing the generated crates' compile times with progenitor's");
            let builds = crate::builds::compare(root, &generators.ours, &generators.progenitor)?;
            sections.push(crate::builds::render(&builds));
        }
    }
    let mut report = render(&results, generated_lines, started.elapsed().as_secs_f64());
    for section in sections {
        report.push('\n');
        report.push_str(&section);
    }
    match only {
        None => {
            std::fs::write(root.join("BENCHMARKS.md"), report)
                .map_err(|e| format!("writing BENCHMARKS.md: {e}"))?;
            println!(
                "wrote BENCHMARKS.md in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
        Some(_) => print!("{report}"),
    }
    Ok(())
}

fn run_bench(root: &Path, package: &str, bench: &str) -> Result<Vec<Value>, String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["bench", "--quiet", "-p", package, "--bench", bench])
        .output()
        .map_err(|e| format!("cargo bench -p {package}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo bench -p {package} --bench {bench} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix("BENCH_RESULT "))
        .map(|json| {
            serde_json::from_str(json).map_err(|e| format!("bad result line `{json}`: {e}"))
        })
        .collect()
}

fn generated_lines(dir: &Path) -> Result<usize, String> {
    let mut lines = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            lines += std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())?
                .lines()
                .count();
        }
    }
    Ok(lines)
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.0} GiB", kib / 1024.0 / 1024.0),
        );
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "{model}, {cores} cores, {memory_gib} RAM, {rustc}, {}",
        std::env::consts::OS
    )
}

fn number(result: &Value, key: &str) -> f64 {
    result.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn find<'a>(results: &'a [Value], name: &str) -> Option<&'a Value> {
    results
        .iter()
        .find(|r| r.get("name").and_then(Value::as_str) == Some(name))
}

fn render(results: &[Value], generated_lines: usize, total_seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(out, "Written by `cargo xtask bench` (reproduce with that command; it took {total_seconds:.0} s here).\n");
    let _ = writeln!(
        out,
        "Machine: {}. The machine is shared with other work (other builds and tests run at the \
         same time), so absolute times move from run to run; every ratio compares figures \
         measured in this one run, alternating the two sides.\n",
        machine()
    );
    let _ = writeln!(
        out,
        "## Generator: `load` + `generate`, spec text to formatted files\n"
    );
    let _ = writeln!(
        out,
        "| Spec | Operations | Time (ms) | ms per operation | Generated lines |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for result in results.iter().filter(|r| {
        r.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.starts_with("generate/"))
    }) {
        let name = result
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim_start_matches("generate/");
        let operations = number(result, "operations");
        match result.get("skipped").and_then(Value::as_str) {
            Some(reason) => {
                let _ = writeln!(out, "| {name} | {operations} | skipped: {reason} | | |");
            }
            None => {
                let _ = writeln!(
                    out,
                    "| {name} | {operations} | {:.1} | {:.2} | {} |",
                    number(result, "ms"),
                    number(result, "ms_per_operation"),
                    number(result, "generated_lines")
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\nCost per operation should stay flat as the spec grows (linear scaling).\n"
    );
    if let Some(p) = find(results, "pagination") {
        let _ = writeln!(
            out,
            "## Pagination throughput: 1,000 cursor pages of 100 tokens over loopback\n"
        );
        let _ = writeln!(out, "| Client | Items/s |\n|---|---:|");
        let _ = writeln!(
            out,
            "| generated `list_tokens().page_size(100).stream()` | {:.0} |",
            number(p, "generated_items_per_s")
        );
        let _ = writeln!(
            out,
            "| hand-written reqwest + serde_json loop (baseline) | {:.0} |",
            number(p, "baseline_items_per_s")
        );
        let _ = writeln!(
            out,
            "\nGenerated time / baseline time: **{:.3}** (target: at most 1.05).\n",
            number(p, "generated_over_baseline_time")
        );
        let _ = writeln!(
            out,
            "Each client runs 7 alternating rounds and its fastest is kept. The server shares the \
             2 cores with the client, so this ratio moves by about ±0.1 from run to run; decoding \
             a page, the bulk of the client's work, costs the same in both (the generated model \
             decodes within 2% of the hand-written struct).\n"
        );
    }
    if let Some(m) = find(results, "memory") {
        let _ = writeln!(out, "## Memory: peak resident set of the client process\n");
        let _ = writeln!(out, "| Run | Peak RSS (KiB) |\n|---|---:|");
        let _ = writeln!(
            out,
            "| fetch one page | {:.0} |",
            number(m, "one_page_peak_rss_kib")
        );
        let _ = writeln!(
            out,
            "| stream all 100,000 items | {:.0} |",
            number(m, "stream_all_peak_rss_kib")
        );
        let _ = writeln!(
            out,
            "\nStreaming / one page: **{:.3}** (target: about 1, flat).\n",
            number(m, "stream_over_page")
        );
    }
    if let Some(s) = find(results, "show_token") {
        let _ = writeln!(
            out,
            "## Per-request overhead: 10,000 sequential `show_token` calls\n"
        );
        let _ = writeln!(out, "| Client | µs per call |\n|---|---:|");
        let _ = writeln!(
            out,
            "| generated | {:.1} |",
            number(s, "generated_us_per_call")
        );
        let _ = writeln!(
            out,
            "| baseline | {:.1} |",
            number(s, "baseline_us_per_call")
        );
        let _ = writeln!(
            out,
            "\nGenerated time / baseline time: **{:.3}**.\n",
            number(s, "generated_over_baseline_time")
        );
    }
    let _ = writeln!(out, "## Generated code\n");
    let _ = writeln!(
        out,
        "- Lines in `generated-client/src/generated/`: {generated_lines}"
    );
    out
}
