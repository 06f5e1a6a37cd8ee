//! Builds the browser artifacts into `www/dist` and reports their sizes.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::{cargo, plauder, root, run_cmd, setup};

/// The wasm features rustc emits for wasm32-unknown-unknown. Not
/// `--all-features`: wasm-opt would then use proposals (compact imports)
/// that browsers do not ship yet.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-multivalue",
    "--enable-reference-types",
];

/// Builds the loader, the widget (wasm + glue) and the demo FAQ bundle into
/// `www/dist`, then prints sizes.
pub fn dist() -> Result<()> {
    let out = root().join("www/dist");
    std::fs::create_dir_all(&out)?;
    run_cmd(&mut cargo(&[
        "build",
        "-p",
        "widget",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "web",
    ]))?;
    let wasm = root().join("target/wasm32-unknown-unknown/web/widget.wasm");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "plauder-widget",
            "--out-dir",
        ])
        .arg(&out)
        .arg(&wasm);
    run_cmd(&mut bindgen)?;
    let bg = out.join("plauder-widget_bg.wasm");
    let mut opt = Command::new(setup::wasm_opt()?);
    opt.args(["-Oz", "--strip-debug"])
        .args(WASM_FEATURES)
        .arg(&bg)
        .arg("-o")
        .arg(&bg);
    run_cmd(&mut opt)?;
    for file in ["plauder.js", "plauder-worker.js"] {
        std::fs::copy(root().join("widget/loader").join(file), out.join(file))?;
    }
    run_cmd(&mut plauder(&[
        "build",
        "www/faq",
        "-o",
        "www/dist/faq.plauder",
    ]))?;
    // A damaged copy, for the end-to-end test of the click-to-chat fallback.
    let mut corrupt = std::fs::read(out.join("faq.plauder"))?;
    let middle = corrupt.len() / 2;
    corrupt[middle] ^= 0xff;
    std::fs::write(out.join("corrupt.plauder"), corrupt)?;
    report(&out)
}

/// Prints each file's size, raw and gzipped.
pub fn report(dir: &Path) -> Result<()> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    println!("\n{:<24} {:>10} {:>10}", "www/dist", "bytes", "gzipped");
    for file in files {
        let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name:<24} {:>10} {:>10}", bytes.len(), gzipped(&bytes)?);
    }
    println!();
    Ok(())
}

/// The gzip -9 size of `bytes`.
pub fn gzipped(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
