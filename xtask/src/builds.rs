//! Side by side with progenitor 0.15.1: what compiling the generated 1,000-operation crates
//! costs a user. Debug `cargo build` and `cargo check` of the crate alone (its dependencies
//! built before), the same with one area feature on (ours: one cargo feature per tag), and a
//! clean build with every dependency, HTTPS included.
//!
//! Both crates build with the same profile: cargo's default `dev` profile (full debug info),
//! without incremental compilation, so that a rebuild compiles the whole crate. It is set
//! through the environment, which overrides any `~/.cargo/config.toml` that trims it.
//! Each crate has its own target directory under `target/bench-builds/`, deleted afterwards.
//!
//! Every measurement is given twice: wall time, what a user waits, and CPU time (user and
//! system, of cargo and every compiler it runs), what the compilation costs. On a shared,
//! loaded machine the scheduler gives a multi-threaded `cargo build` (parallel code
//! generation) more of the CPU than a single-threaded `cargo check`, so wall time there can
//! make checking look slower than building although it does less work; CPU time is the
//! steadier of the two, wall time the one an idle machine's user sees.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// Operations in the spec both crates are generated from.
pub const OPERATIONS: usize = 1_000;
/// Rebuilds of each crate (the fastest counts): one, or the whole bench takes over half an hour
/// on 2 cores.
const ROUNDS: usize = 1;
/// The profile both crates build with, whatever the machine's cargo configuration says.
const PROFILE_ENV: [(&str, &str); 2] = [
    ("CARGO_PROFILE_DEV_DEBUG", "true"),
    ("CARGO_INCREMENTAL", "0"),
];
/// Our generated crate's default features that are not areas.
const NOT_AREAS: [&str; 1] = ["rustls"];

/// Each measurement of one crate.
#[derive(Debug, Clone, Copy)]
pub struct CrateTimes {
    /// `cargo build` in an empty target directory, dependencies included.
    pub clean: Took,
    /// `cargo build` of the crate alone.
    pub build: Took,
    /// `cargo check` of the crate alone.
    pub check: Took,
}

/// `cargo build` and `cargo check` of our crate alone with some of its features.
#[derive(Debug, Clone, Copy)]
pub struct FeatureTimes {
    pub build: Took,
    pub check: Took,
}

/// Both crates' figures, and ours with a single area and with none.
#[derive(Debug, Clone)]
pub struct Builds {
    pub ours: CrateTimes,
    pub progenitor: CrateTimes,
    /// The features of our crate measured with a single area (TLS stays on), and
    /// how many operations that area holds.
    pub area_features: String,
    pub area_operations: usize,
    /// Our crate with that area only.
    pub one_area: FeatureTimes,
    /// Our crate with no area: the runtime, whatever the areas, and nothing else.
    pub no_area: FeatureTimes,
}

/// Generates both crates with the generators `ours` and `progenitor` and measures them.
pub fn compare(root: &Path, ours: &Path, progenitor: &Path) -> Result<Builds, String> {
    let work = root.join("target/bench-builds");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let spec = work.join(format!("synthetic-{OPERATIONS}.json"));
    let text = serde_json::to_string_pretty(&crate::versus::synthetic_spec(OPERATIONS))
        .map_err(|e| e.to_string())?;
    std::fs::write(&spec, text).map_err(|e| format!("{}: {e}", spec.display()))?;

    let our_crate = work.join("ours");
    run(Command::new(ours)
        .args(["codegen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&our_crate)
        .args(["--crate-name", "synthetic"]))?;
    let their_crate = work.join("progenitor");
    run(Command::new(progenitor)
        .args(["progenitor", "-i"])
        .arg(&spec)
        .arg("-o")
        .arg(&their_crate)
        .args(["-n", "synthetic", "-v", "0.1.0", "--interface", "builder"]))?;
    with_tls(&their_crate.join("Cargo.toml"))?;
    let (area, other_features) = one_area(&our_crate.join("Cargo.toml"))?;

    let mut area_features = other_features;
    area_features.push(area);
    let area_features = area_features.join(",");
    let result = measure(&our_crate, &their_crate, &area_features);
    for dir in [&our_crate, &their_crate] {
        std::fs::remove_dir_all(dir.join("target")).ok();
    }
    let (ours, progenitor, one_area, no_area) = result?;
    Ok(Builds {
        ours,
        progenitor,
        area_features,
        // The synthetic spec spreads its operations evenly over ten tags.
        area_operations: OPERATIONS / 10,
        one_area,
        no_area,
    })
}

type Measured = (CrateTimes, CrateTimes, FeatureTimes, FeatureTimes);

/// Each step runs on both crates in turn, so that load from other work hits both alike.
fn measure(ours: &Path, theirs: &Path, area_features: &str) -> Result<Measured, String> {
    for dir in [ours, theirs] {
        std::fs::remove_dir_all(dir.join("target")).ok();
    }
    eprintln!("clean builds (dependencies included)");
    let clean_ours = cargo(ours, &["build"])?;
    let clean_theirs = cargo(theirs, &["build"])?;
    eprintln!("rebuilds of the crates alone");
    let (mut build_ours, mut build_theirs) = (Took::NONE, Took::NONE);
    for _ in 0..ROUNDS {
        build_ours = build_ours.fastest(rebuild(ours, &["build"])?);
        build_theirs = build_theirs.fastest(rebuild(theirs, &["build"])?);
    }
    eprintln!("checks of the crates alone");
    // The first check builds the dependencies' metadata: not counted.
    cargo(ours, &["check"])?;
    cargo(theirs, &["check"])?;
    let (mut check_ours, mut check_theirs) = (Took::NONE, Took::NONE);
    for _ in 0..ROUNDS {
        check_ours = check_ours.fastest(rebuild(ours, &["check"])?);
        check_theirs = check_theirs.fastest(rebuild(theirs, &["check"])?);
    }
    let with_features = |features: &str| -> Result<FeatureTimes, String> {
        eprintln!("our crate with the features {features} alone");
        let fastest = |command: &str| -> Result<Took, String> {
            let mut fastest = Took::NONE;
            for _ in 0..ROUNDS {
                let args = [command, "--no-default-features", "--features", features];
                fastest = fastest.fastest(rebuild(ours, &args)?);
            }
            Ok(fastest)
        };
        Ok(FeatureTimes {
            build: fastest("build")?,
            check: fastest("check")?,
        })
    };
    let one_area = with_features(area_features)?;
    let no_area = with_features(&NOT_AREAS.join(","))?;
    Ok((
        CrateTimes {
            clean: clean_ours,
            build: build_ours,
            check: check_ours,
        },
        CrateTimes {
            clean: clean_theirs,
            build: build_theirs,
            check: check_theirs,
        },
        one_area,
        no_area,
    ))
}

/// `cargo <args>` in the crate at `dir` after touching its `src/lib.rs`, so that the crate
/// itself is compiled again (its dependencies are not).
fn rebuild(dir: &Path, args: &[&str]) -> Result<Took, String> {
    let lib = dir.join("src/lib.rs");
    std::fs::File::options()
        .append(true)
        .open(&lib)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("touching {}: {e}", lib.display()))?;
    cargo(dir, args)
}

/// What one cargo command took.
#[derive(Debug, Clone, Copy)]
pub struct Took {
    /// Wall-clock seconds.
    pub wall: f64,
    /// User and system CPU seconds of cargo and every process it ran.
    pub cpu: f64,
}

impl Took {
    /// Slower than any measurement: the start of a search for the fastest.
    const NONE: Took = Took {
        wall: f64::INFINITY,
        cpu: f64::INFINITY,
    };

    /// The one of `self` and `other` that used less CPU.
    fn fastest(self, other: Took) -> Took {
        if other.cpu < self.cpu {
            other
        } else {
            self
        }
    }
}

/// `cargo <args> --quiet` in the crate at `dir`, with the measured profile, timed by GNU time.
fn cargo(dir: &Path, args: &[&str]) -> Result<Took, String> {
    let mut command = Command::new("/usr/bin/time");
    command
        .current_dir(dir)
        .args(["-f", "BENCH_TIME %e %U %S", env!("CARGO")])
        .args(args)
        .arg("--quiet")
        .envs(PROFILE_ENV)
        // Cargo sets these for the xtask it runs; the measured builds are the user's own.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS");
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{command:?} failed:\n{stderr}"));
    }
    let figures: Vec<f64> = stderr
        .lines()
        .find_map(|line| line.strip_prefix("BENCH_TIME "))
        .ok_or_else(|| format!("no timing from /usr/bin/time:\n{stderr}"))?
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("unreadable timing in `{stderr}`: {e}"))?;
    match figures[..] {
        [wall, user, system] => Ok(Took {
            wall,
            cpu: user + system,
        }),
        _ => Err(format!("unreadable timing in `{stderr}`")),
    }
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

/// Progenitor's crate with HTTPS through rustls, on the same cryptography as ours (ring):
/// reqwest 0.13's `rustls-no-provider` feature and rustls's `ring` provider. (reqwest 0.13's
/// `rustls` feature would bring aws-lc-rs instead, a C library that alone takes longer to
/// build than ring.) The crate is made a workspace of its own.
fn with_tls(manifest: &Path) -> Result<(), String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let mut patched = String::new();
    let mut found = false;
    for line in text.lines() {
        if line.starts_with("reqwest =") && line.contains("features = [") {
            patched.push_str(&line.replacen(
                "features = [",
                "features = [\"rustls-no-provider\", ",
                1,
            ));
            found = true;
        } else {
            patched.push_str(line);
        }
        patched.push('\n');
        if line == "[dependencies]" {
            patched.push_str(
                "rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }\n",
            );
        }
    }
    if !found || !text.contains("[dependencies]") {
        return Err(format!(
            "{}: no `reqwest = {{ ..., features = [...] }}` line under [dependencies] to add TLS to",
            manifest.display()
        ));
    }
    patched.push_str("\n[workspace]\n");
    std::fs::write(manifest, patched).map_err(|e| format!("{}: {e}", manifest.display()))
}

/// The first area feature of our crate, and its other default features (TLS).
fn one_area(manifest: &Path) -> Result<(String, Vec<String>), String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let defaults: Vec<String> = text
        .lines()
        .find_map(|line| line.strip_prefix("default = ["))
        .map(|rest| {
            rest.trim_end_matches(']')
                .split(',')
                .map(|feature| feature.trim().trim_matches('"').to_owned())
                .filter(|feature| !feature.is_empty())
                .collect()
        })
        .ok_or_else(|| format!("{}: no default features", manifest.display()))?;
    let (others, areas): (Vec<String>, Vec<String>) = defaults
        .into_iter()
        .partition(|feature| NOT_AREAS.contains(&feature.as_str()));
    let area = areas
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: no area feature", manifest.display()))?;
    Ok((area, others))
}

/// The BENCHMARKS.md section for `builds`.
pub fn render(builds: &Builds) -> String {
    let (ours, theirs) = (&builds.ours, &builds.progenitor);
    let row = |what: &str, ours: Took, theirs: Took, target: &str| {
        format!(
            "| {what} | {:.1} | {:.1} | **{:.2}** | {:.1} | {:.1} | **{:.2}** | {target} |\n",
            ours.cpu,
            theirs.cpu,
            ours.cpu / theirs.cpu,
            ours.wall,
            theirs.wall,
            ours.wall / theirs.wall,
        )
    };
    let mut out = format!(
        "## Compiling the generated crates, side by side with progenitor 0.15.1\n\n\
         The crates generated from the synthetic spec of {OPERATIONS} operations above: ours \
         with its default features (rustls, every area; HTTP/2 is opt-in, as in \
         progenitor's), progenitor's (builder \
         interface) on the reqwest 0.13 and progenitor-client 0.15 it asks for, with HTTPS \
         through rustls on the same cryptography as ours (reqwest's `rustls-no-provider` \
         feature and rustls's `ring` provider; reqwest 0.13's `rustls` feature would bring \
         aws-lc-rs instead). Profile for both: cargo's default `dev` (full debug info), \
         incremental compilation off (`CARGO_PROFILE_DEV_DEBUG=true CARGO_INCREMENTAL=0`), so \
         a rebuild compiles the whole crate. \"Crate alone\": its dependencies built before, \
         `src/lib.rs` touched, the fastest of {ROUNDS} build(s). Each step runs on both crates \
         in turn; the ratios are from one run. CPU is user and system time of cargo and every \
         compiler it runs (what compiling costs, and steady under load); wall is what one \
         waits, on this two-core machine shared with other work while it ran, where the \
         scheduler favours the multi-threaded code generation of `cargo build` over the \
         single-threaded `cargo check`.\n\n\
         | Measurement | Ours, CPU (s) | Progenitor, CPU (s) | Ratio, CPU | Ours, wall (s) | \
         Progenitor, wall (s) | Ratio, wall | Target |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n"
    );
    out.push_str(&row(
        "`cargo build`, crate alone",
        ours.build,
        theirs.build,
        "at most 0.40",
    ));
    out.push_str(&row(
        "`cargo check`, crate alone",
        ours.check,
        theirs.check,
        "at most 0.35",
    ));
    out.push_str(&row(
        "`cargo build`, empty target directory (dependencies and TLS included)",
        ours.clean,
        theirs.clean,
        "at most 1.2",
    ));
    let share = builds.area_operations as f64 / OPERATIONS as f64;
    let (one, none) = (builds.one_area, builds.no_area);
    let area_row = |what: &str, one: Took, none: Took, every: Took| {
        format!(
            "| {what} | {:.1} ({:.1}) | {:.1} ({:.1}) | {:.1} ({:.1}) | **{:.2}** | **{:.2}** |\n",
            none.cpu,
            none.wall,
            one.cpu,
            one.wall,
            every.cpu,
            every.wall,
            one.cpu / every.cpu,
            (one.cpu - none.cpu) / (every.cpu - none.cpu),
        )
    };
    out.push_str(&format!(
        "\nOur crate with one area feature (`--no-default-features --features {}`: {} of its \
         {OPERATIONS} operations, {:.0}%) and with none (`--features {}`: the runtime, which \
         every build compiles, since it is a module of the crate rather than a dependency as \
         progenitor's is), crate alone, CPU seconds (wall in brackets). The last column is the \
         area's share of what the operations cost, the runtime's part left out of both:\n\n\
         | Measurement | No area (s) | One area (s) | Every area (s) | One area / every area | \
         (One − none) / (every − none) |\n\
         |---|---:|---:|---:|---:|---:|\n",
        builds.area_features,
        builds.area_operations,
        share * 100.0,
        NOT_AREAS.join(","),
    ));
    out.push_str(&area_row(
        "`cargo build`",
        one.build,
        none.build,
        ours.build,
    ));
    out.push_str(&area_row(
        "`cargo check`",
        one.check,
        none.check,
        ours.check,
    ));
    out
}
