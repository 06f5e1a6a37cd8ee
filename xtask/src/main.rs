//! `cargo xtask`: the project's two commands and their parts.
//!
//! - `cargo xtask demo`: install what is missing, build everything, serve `www/`.
//! - `cargo xtask test`: install what is missing, run every check and test.

mod bench;
mod dist;
mod fuzz;
mod serve;
mod setup;
mod synthetic;
mod test;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo [--port N]   install what is missing, build everything, serve the demo on localhost (default port 8080)
  test              install what is missing, then run every check and test (what CI runs)
  setup             only install what is missing (wasm target, wasm-bindgen-cli, binaryen, terser, the encoder)
  dist              only build the browser artifacts into www/dist and report their sizes
  serve [--port N]  only serve www/ as it is
  e2e               only the end-to-end tests, against www/dist as it is (after `dist`; installs Chromium,
                    playwright-core and axe-core if missing)
  bench [--eval DIR] [--no-baselines]
                    answer quality on every set in DIR (default ../shared/eval) and the German set, first tier and
                    both tiers, beside MiniSearch, Lunr, Fuse.js, FlexSearch and Orama; prints a table and writes
                    docs/answer-quality.md (--no-baselines keeps the libraries' rows of the last full run)
  bench-browser     answering latency (p50/p95) in wasm in headless Chromium, 1,000 entries × 15 phrasings;
                    tap → panel and tap → first answer on the demo per network/CPU profile, with bytes;
                    the sentence encoder in a worker beside onnxruntime-web (same model, int8 ONNX); the soak below
  bench-encoder     only the sentence encoder beside onnxruntime-web (the part of bench-browser), after `dist`
  bench-studio      Plauder Studio with 1,000 entries × 15 phrasings in headless Chromium: open → built, the
                    worker's build/check/quiz times, main-thread tasks over 50 ms and the slowest key while typing
  soak [--questions N]
                    one page session of the demo asks N questions (default 10,000; also the end of bench-browser):
                    page and worker memory at start and end, p95 per 1,000 questions, the console
  fuzz [--minutes N | --seconds N] [--runs N] [--jobs N] [--target NAME]...
                    every fuzz target under libFuzzer, each until N runs (default 10,000,000) or N minutes
                    (default 30); failing inputs are kept under tests/fixtures/fuzz/ and replayed by cargo test";

fn main() {
    if let Err(err) = run() {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = port(&args)?;
    match args.first().map(String::as_str) {
        Some("demo") => {
            setup::web()?;
            dist::dist()?;
            serve::serve(port)
        }
        Some("test") => test::all(),
        Some("setup") => setup::web().and_then(|()| setup::encoder().map(drop)),
        Some("dist") => dist::dist(),
        Some("serve") => serve::serve(port),
        Some("e2e") => test::end_to_end(),
        Some("bench") => bench::quality(
            &eval_dir(&args),
            !args.iter().any(|a| a == "--no-baselines"),
        ),
        Some("bench-browser") => bench::latency(),
        Some("bench-encoder") => bench::encoder(),
        Some("bench-studio") => {
            setup::web()?;
            setup::chromium()?;
            setup::npm(&[setup::PLAYWRIGHT])?;
            dist::dist()?;
            bench::studio()
        }
        Some("soak") => {
            setup::web()?;
            setup::chromium()?;
            dist::dist()?;
            bench::soak(count(&args, "--questions")?.unwrap_or(bench::SOAK_QUESTIONS))
        }
        Some("fuzz") => fuzz::fuzz(&fuzz::Plan::from_args(&args)?),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

/// The number after `flag`, if given.
fn count(args: &[String], flag: &str) -> Result<Option<usize>> {
    match args.iter().position(|a| a == flag) {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .map(Some)
            .with_context(|| format!("{flag} needs a number")),
        None => Ok(None),
    }
}

fn port(args: &[String]) -> Result<u16> {
    match args.iter().position(|a| a == "--port") {
        Some(i) => args
            .get(i + 1)
            .and_then(|p| p.parse().ok())
            .context("--port needs a number, e.g. --port 8080"),
        None => Ok(8080),
    }
}

/// `--eval DIR`, or `../shared/eval` beside the workspace.
fn eval_dir(args: &[String]) -> PathBuf {
    match args
        .iter()
        .position(|a| a == "--eval")
        .and_then(|i| args.get(i + 1))
    {
        Some(dir) => PathBuf::from(dir),
        None => root().join("../shared/eval"),
    }
}

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs a command in the workspace root, failing on a non-zero exit.
fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("xtask: $ {shown}");
    let status = cmd
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// `cargo` with the given arguments.
fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args);
    cmd
}

/// The `plauder` CLI (debug build) with the given arguments.
fn plauder(args: &[&str]) -> Command {
    let mut cmd = cargo(&["run", "-q", "-p", "responder", "--bin", "plauder", "--"]);
    cmd.args(args);
    cmd
}

/// The output of a command, if it runs and succeeds.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
