//! Installs what the builds and tests need, skipping what is already there.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{output_of, root, run_cmd};

/// The wasm-opt version known to accept current Rust output (Debian's is too old).
const BINARYEN: &str = "binaryen@132";

/// Everything the browser build needs.
pub fn web() -> Result<()> {
    wasm_target()?;
    wasm_bindgen()?;
    wasm_opt()?;
    terser().map(|_| ())
}

/// The wasm32 target of the active toolchain.
pub fn wasm_target() -> Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The wasm-bindgen version in Cargo.lock.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'));
            return version
                .map(str::to_string)
                .context("Cargo.lock: wasm-bindgen has no version line");
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

/// wasm-bindgen-cli at exactly the locked version (about 5 minutes to build).
pub fn wasm_bindgen() -> Result<()> {
    let version = locked_wasm_bindgen()?;
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {version} (takes a few minutes)");
    // `--locked` fails on this registry snapshot; see docs/toolchain notes in README.
    run_cmd(&mut crate::cargo(&[
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
    ]))
}

/// The path of a working wasm-opt, installed from npm into `.tools/` if needed.
pub fn wasm_opt() -> Result<PathBuf> {
    let tools = root().join(".tools");
    let wasm_opt = tools.join("node_modules/binaryen/bin/wasm-opt");
    if wasm_opt.exists() {
        return Ok(wasm_opt);
    }
    node()?;
    std::fs::create_dir_all(&tools)?;
    let mut npm = Command::new("npm");
    npm.args(["install", "--prefix"]).arg(&tools).args([
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        BINARYEN,
    ]);
    run_cmd(&mut npm)?;
    Ok(wasm_opt)
}

/// npm packages (pinned `name@version`) in `.tools/node_modules`, for the
/// end-to-end tests and benchmarks.
pub fn npm(packages: &[&str]) -> Result<()> {
    let modules = root().join(".tools/node_modules");
    let name = |package: &&str| {
        package
            .rsplit_once('@')
            .map_or(*package, |(name, _)| name)
            .to_string()
    };
    if packages.iter().all(|p| modules.join(name(p)).exists()) {
        return Ok(());
    }
    node()?;
    let mut npm = Command::new("npm");
    npm.args(["install", "--prefix"])
        .arg(root().join(".tools"))
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .args(packages);
    run_cmd(&mut npm)
}

/// The JavaScript minifier for the loader.
const TERSER: &str = "terser@5.51.4";

/// The path of terser's command, installed from npm into `.tools/` if needed.
pub fn terser() -> Result<PathBuf> {
    npm(&[TERSER])?;
    Ok(root().join(".tools/node_modules/terser/bin/terser"))
}

/// playwright-core, which drives Debian's Chromium (it never downloads a browser).
pub const PLAYWRIGHT: &str = "playwright-core@1.65.1";

/// Node.js (runs the wasm tests and wasm-opt).
pub fn node() -> Result<()> {
    if output_of("node", &["--version"]).is_some() && output_of("npm", &["--version"]).is_some() {
        return Ok(());
    }
    apt(&["nodejs", "npm"])
}

/// Debian's Chromium and ChromeDriver, for browser tests and benchmarks.
pub fn chromium() -> Result<()> {
    if std::path::Path::new("/usr/bin/chromium").exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists()
    {
        return Ok(());
    }
    apt(&["chromium", "chromium-driver"])
}

/// Installs Debian packages.
pub fn apt(packages: &[&str]) -> Result<()> {
    run_cmd(Command::new("apt-get").arg("update").arg("-q"))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(packages),
    )
}
