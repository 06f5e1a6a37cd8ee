//! Every check and test, as CI runs them.

use anyhow::Result;

use crate::{cargo, dist, plauder, root, run_cmd, setup};

/// Installs what is missing, then runs, in order: format, lints (native and
/// wasm), docs, native tests, the wasm tests in Node, and the browser build
/// with its size report.
pub fn all() -> Result<()> {
    setup::wasm_target()?;
    setup::wasm_bindgen()?;
    setup::node()?;
    run_cmd(&mut cargo(&["fmt", "--all", "--check"]))?;
    run_cmd(&mut cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    let wasm_clippy = [
        "clippy",
        "-p",
        "responder",
        "-p",
        "widget",
        "--no-default-features",
        "--target",
        "wasm32-unknown-unknown",
    ];
    run_cmd(cargo(&wasm_clippy).args(["--", "-D", "warnings"]))?;
    run_cmd(cargo(&["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"))?;
    run_cmd(&mut cargo(&["test", "--workspace"]))?;
    wasm_tests()?;
    dist::dist()?;
    println!("xtask test: all checks and tests passed");
    Ok(())
}

/// The responder's wasm tests, in Node, on a bundle built natively.
fn wasm_tests() -> Result<()> {
    let fixture = root().join("target/fixtures/shop-en.plauder");
    std::fs::create_dir_all(fixture.parent().unwrap_or(&root()))?;
    let fixture_arg = fixture.to_string_lossy().into_owned();
    run_cmd(&mut plauder(&[
        "build",
        "-q",
        "tests/fixtures/shop-en.md",
        "-o",
        &fixture_arg,
    ]))?;
    let test = [
        "test",
        "-p",
        "responder",
        "--no-default-features",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "wasm",
    ];
    run_cmd(cargo(&test).env("PLAUDER_WASM_FIXTURE", &fixture).env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    ))
}
