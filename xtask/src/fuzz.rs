//! `cargo xtask fuzz`: every fuzz target (`fuzz/`) under libFuzzer.
//!
//! libFuzzer comes from the `libfuzzer-sys` crate (its C++ built with the
//! machine's g++), and the coverage instrumentation from stable rustc's
//! `-C passes=sancov-module`: no nightly toolchain, no cargo-fuzz. The
//! build is a release build with debug assertions and overflow checks on.
//!
//! Each target starts from its seeds and the inputs kept under
//! `tests/fixtures/fuzz/<target>/`, grows its corpus in
//! `target/fuzz/corpus/<target>/`, and runs until it has executed `runs`
//! inputs or for `seconds`, whichever comes first. A crash, timeout or
//! out-of-memory input is copied to `tests/fixtures/fuzz/<target>/`, where
//! `cargo test` replays it from then on; the command then fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cargo, output_of, root, run_cmd};

/// What to run and for how long.
pub struct Plan {
    /// Targets to run (all when empty).
    pub targets: Vec<String>,
    /// Longest run per target.
    pub seconds: u64,
    /// Most executions per target.
    pub runs: u64,
    /// Targets run at once.
    pub jobs: usize,
}

impl Plan {
    /// What CI runs: every target for a few seconds, two at a time.
    pub fn smoke() -> Plan {
        Plan {
            targets: Vec::new(),
            seconds: 3,
            runs: 10_000_000,
            jobs: 2,
        }
    }

    /// Reads `--minutes N`, `--seconds N`, `--runs N`, `--jobs N`, `--target NAME` (repeatable).
    pub fn from_args(args: &[String]) -> Result<Plan> {
        let number =
            |flag: &str| -> Result<Option<u64>> { Ok(crate::count(args, flag)?.map(|n| n as u64)) };
        let seconds = match (number("--seconds")?, number("--minutes")?) {
            (Some(s), _) => s,
            (None, Some(m)) => m * 60,
            (None, None) => 30 * 60,
        };
        let targets: Vec<String> = args
            .windows(2)
            .filter(|w| w[0] == "--target")
            .map(|w| w[1].clone())
            .collect();
        Ok(Plan {
            targets,
            seconds,
            runs: number("--runs")?.unwrap_or(10_000_000),
            jobs: number("--jobs")?.unwrap_or(1).max(1) as usize,
        })
    }
}

/// Builds the fuzzer and runs the plan; fails if any target found a failing input.
pub fn fuzz(plan: &Plan) -> Result<()> {
    let dir = root().join("target/fuzz");
    // The seeds, written by the fuzz crate, which also names its targets.
    let seeds = dir.join("seeds");
    let mut write_seeds = cargo(&["run", "-q", "-p", "fuzz", "--bin", "fuzz-seeds", "--"]);
    let output = write_seeds.arg(&seeds).current_dir(root()).output()?;
    if !output.status.success() {
        bail!(
            "fuzz-seeds failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let all: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if let Some(unknown) = plan.targets.iter().find(|t| !all.contains(t)) {
        bail!(
            "no fuzz target '{unknown}': the targets are {}",
            all.join(", ")
        );
    }
    let targets: Vec<String> = match plan.targets.is_empty() {
        true => all,
        false => plan.targets.clone(),
    };
    let binary = build()?;
    let mut queue = targets.iter().map(String::as_str);
    let mut running: Vec<(&str, Child, Instant)> = Vec::new();
    let mut reports = Vec::new();
    loop {
        while running.len() < plan.jobs {
            let Some(target) = queue.next() else { break };
            running.push((target, start(&binary, &dir, target, plan)?, Instant::now()));
        }
        if running.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        let mut i = 0;
        while i < running.len() {
            match running[i].1.try_wait()? {
                Some(status) => {
                    let (target, _, started) = running.remove(i);
                    reports.push(finish(&dir, target, status.success(), started.elapsed())?);
                }
                None => i += 1,
            }
        }
    }
    println!("\n| target | executions | seconds | per second | peak memory | result |");
    println!("|---|---|---|---|---|---|");
    for r in &reports {
        println!(
            "| {} | {} | {:.0} | {:.0} | {} MB | {} |",
            r.target,
            r.runs,
            r.seconds,
            r.runs as f64 / r.seconds.max(0.001),
            r.rss_mb,
            r.result
        );
    }
    let failed: Vec<&str> = reports.iter().filter(|r| !r.ok).map(|r| r.target).collect();
    if !failed.is_empty() {
        bail!(
            "fuzzing found failing inputs for {} (kept under tests/fixtures/fuzz/; logs in target/fuzz/logs/): fix them, `cargo test -p fuzz` replays them",
            failed.join(", ")
        );
    }
    Ok(())
}

/// Builds `plauder-fuzz` with coverage instrumentation for the host.
fn build() -> Result<PathBuf> {
    let host = output_of("rustc", &["-vV"])
        .and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        })
        .context("cannot tell the host's target triple from `rustc -vV`")?;
    let flags = [
        "-Cpasses=sancov-module",
        "-Cllvm-args=-sanitizer-coverage-level=4",
        "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
        "-Cllvm-args=-sanitizer-coverage-pc-table",
        "-Cllvm-args=-sanitizer-coverage-trace-compares",
        "--cfg=fuzzing",
        "-Cdebug-assertions",
        "-Coverflow-checks",
    ];
    // With --target given, RUSTFLAGS reach the target's code only, not the
    // build scripts and proc-macros.
    run_cmd(
        cargo(&[
            "build",
            "--release",
            "-p",
            "fuzz",
            "--features",
            "libfuzzer",
        ])
        .args(["--bin", "plauder-fuzz", "--target", &host])
        .args(["--target-dir", "target/fuzz/build"])
        .env("RUSTFLAGS", flags.join(" ")),
    )?;
    Ok(root().join(format!("target/fuzz/build/{host}/release/plauder-fuzz")))
}

fn start(binary: &Path, dir: &Path, target: &str, plan: &Plan) -> Result<Child> {
    let corpus = dir.join("corpus").join(target);
    let crashes = dir.join("crashes").join(target);
    let logs = dir.join("logs");
    for d in [&corpus, &crashes, &logs] {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let log = std::fs::File::create(logs.join(format!("{target}.log")))?;
    let kept = root().join("tests/fixtures/fuzz").join(target);
    let mut cmd = Command::new(binary);
    cmd.env("PLAUDER_FUZZ_TARGET", target)
        .arg(&corpus)
        .arg(dir.join("seeds").join(target));
    if kept.is_dir() {
        cmd.arg(&kept);
    }
    cmd.arg(format!("-max_total_time={}", plan.seconds))
        .arg(format!("-runs={}", plan.runs))
        .arg(format!("-artifact_prefix={}/", crashes.display()))
        .args(["-print_final_stats=1", "-timeout=10", "-rss_limit_mb=4096"])
        .stdout(Stdio::null())
        .stderr(log);
    eprintln!("xtask: fuzzing {target}");
    cmd.spawn()
        .with_context(|| format!("cannot start {}", binary.display()))
}

struct Report<'t> {
    target: &'t str,
    runs: u64,
    seconds: f64,
    rss_mb: u64,
    ok: bool,
    result: String,
}

/// Reads the run's statistics and keeps what it found.
fn finish<'t>(dir: &Path, target: &'t str, ok: bool, took: Duration) -> Result<Report<'t>> {
    let log = std::fs::read_to_string(dir.join("logs").join(format!("{target}.log")))?;
    let stat = |name: &str| -> u64 {
        log.lines()
            .rev()
            .find_map(|l| {
                l.strip_prefix(&format!("stat::{name}:"))?
                    .trim()
                    .parse()
                    .ok()
            })
            .unwrap_or(0)
    };
    let mut found = Vec::new();
    let crashes = dir.join("crashes").join(target);
    for file in std::fs::read_dir(&crashes)?.flatten() {
        let kept = root().join("tests/fixtures/fuzz").join(target);
        std::fs::create_dir_all(&kept)?;
        let name = file.file_name();
        std::fs::copy(file.path(), kept.join(&name))?;
        std::fs::remove_file(file.path())?;
        found.push(name.to_string_lossy().into_owned());
    }
    let ok = ok && found.is_empty();
    let result = match (ok, found.is_empty()) {
        (true, _) => "no failure".to_string(),
        (false, true) => "the fuzzer stopped with an error (see its log)".to_string(),
        (false, false) => format!("FAILED: kept {}", found.join(", ")),
    };
    eprintln!("xtask: {target}: {result}");
    Ok(Report {
        target,
        runs: stat("number_of_executed_units"),
        seconds: took.as_secs_f64(),
        rss_mb: stat("peak_rss_mb"),
        ok,
        result,
    })
}
