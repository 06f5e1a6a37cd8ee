//! Every check and test, as CI runs them.

use std::process::Command;

use anyhow::Result;

use crate::{cargo, dist, fuzz, plauder, root, run_cmd, serve, setup};

/// Installs what is missing, then runs, in order: format, lints (native and
/// wasm), docs, native tests, a fuzz smoke run, the wasm tests (Node and Chromium), the
/// browser build with its size report, and the end-to-end tests.
pub fn all() -> Result<()> {
    setup::wasm_target()?;
    setup::wasm_bindgen()?;
    setup::node()?;
    setup::chromium()?;
    // The encoder's parity tests and the demo's second tier need the model.
    setup::encoder()?;
    run_cmd(&mut cargo(&["fmt", "--all", "--check"]))?;
    run_cmd(&mut cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The browser builds: the page's panel (with the responder's bare
    // reading, no search engine), and the answering engine.
    let target = ["--target", "wasm32-unknown-unknown"];
    let deny = ["--", "-D", "warnings"];
    run_cmd(cargo(&["clippy", "-p", "widget"]).args(target).args(deny))?;
    run_cmd(
        cargo(&["clippy", "-p", "responder", "--no-default-features"])
            .args(target)
            .args(deny),
    )?;
    run_cmd(cargo(&["clippy", "-p", "engine"]).args(target).args(deny))?;
    run_cmd(cargo(&["clippy", "-p", "studio"]).args(target).args(deny))?;
    run_cmd(
        cargo(&["clippy", "-p", "encoder-web"])
            .args(target)
            .args(deny),
    )?;
    run_cmd(cargo(&["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"))?;
    run_cmd(&mut cargo(&["test", "--workspace"]))?;
    // A few seconds per fuzz target: the long run is `cargo xtask fuzz`.
    fuzz::fuzz(&fuzz::Plan::smoke())?;
    wasm_tests()?;
    dist::dist()?;
    end_to_end()?;
    println!("xtask test: all checks and tests passed");
    Ok(())
}

/// The widget and the studio on the demo site in headless Chromium
/// (tests/e2e), with the browser and the npm packages they need.
pub fn end_to_end() -> Result<()> {
    setup::chromium()?;
    setup::npm(&[setup::PLAYWRIGHT, setup::AXE])?;
    let port = serve::spawn(&root().join("www"))?;
    // The same files on a second origin, for the page that loads them from a CDN.
    let cdn = serve::spawn_on("127.0.0.2", &root().join("www"))?;
    let mut node = Command::new("node");
    node.args(["--test", "--test-concurrency=1", "tests/e2e/"])
        .env("PLAUDER_E2E_URL", format!("http://127.0.0.1:{port}"))
        .env("PLAUDER_E2E_CDN", format!("http://127.0.0.2:{cdn}"))
        // The CLI the studio's downloads are compared with (built by `dist`).
        .env("PLAUDER_BIN", root().join("target/debug/plauder"))
        .env("NODE_PATH", root().join(".tools/node_modules"));
    run_cmd(&mut node)
}

/// The wasm tests on a bundle built natively: the responder's in Node (with
/// the browser's JSON, as the page reads it), the widget's components in
/// headless Chromium.
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
    let fixture = fixture.as_os_str();
    let runner = "wasm-bindgen-test-runner";
    let responder = [
        "test",
        "-p",
        "responder",
        "--no-default-features",
        "--features",
        "search,browser-json",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "wasm",
    ];
    run_cmd(
        cargo(&responder)
            .env("PLAUDER_WASM_FIXTURE", fixture)
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner),
    )?;
    // The encoder's kernels as the worker runs them (SIMD: 4-bit layers
    // multiply in integers there), against float lanes; in the SIMD target
    // folder `dist` builds the encoder's module in.
    run_cmd(
        cargo(&[
            "test",
            "-p",
            "encoder",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("RUSTFLAGS", "-C target-feature=+simd128")
        .env("CARGO_TARGET_DIR", root().join("target/simd"))
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner),
    )?;
    let widget = [
        "test",
        "-p",
        "widget",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "components",
    ];
    run_cmd(
        cargo(&widget)
            .env("PLAUDER_WASM_FIXTURE", fixture)
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    )
}
