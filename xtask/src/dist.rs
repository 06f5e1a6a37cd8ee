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

/// The browser's modules: the page's panel (Yew, no search engine), the
/// answering engine (responder + tantivy, no UI) and the second tier's
/// encoder (loaded by the worker once the panel is open), each as
/// `plauder-<name>.js` glue plus `plauder-<name>_bg.wasm`; the last with
/// wasm SIMD (every browser since 2021; its kernels are written for it).
const MODULES: [(&str, &str, bool); 3] = [
    ("widget", "widget", false),
    ("engine", "engine", false),
    ("encoder-web", "encoder", true),
];

/// The cargo profile of the visitor's modules (smallest code).
const WEB: &str = "web";

/// Builds the loader, both modules (wasm + glue), the worker script and the
/// demo FAQ bundle into `www/dist`, then prints sizes.
pub fn dist() -> Result<()> {
    let out = root().join("www/dist");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    for (package, name, simd) in MODULES {
        module(package, name, simd, WEB, &out)?;
    }
    loader(&out)?;
    worker(&out)?;
    boot(&out)?;
    // The glue is on the way to the first answer too (the worker's, and
    // the panel's with the rest of starting up): minified like the loader.
    for glue in [
        "plauder-worker.js",
        "plauder-widget.js",
        "plauder-engine.js",
        "plauder-encoder.js",
    ] {
        minify(&out.join(glue), true)?;
    }
    studio(&out.join("studio"))?;
    // The demo FAQ in both languages (first tier: the encoder is English),
    // and its English half with the second tier for the English page; the
    // encoder under the name that bundle records (`encoder-<checksum>.bin`).
    run_cmd(&mut plauder(&[
        "build",
        "www/faq",
        "-o",
        "www/dist/faq.plauder",
    ]))?;
    let encoder = setup::encoder()?;
    let model = std::fs::read(&encoder)?;
    let checksum = encoder::checksum(&model).context("the encoder file is empty")?;
    std::fs::write(out.join(encoder::file_name(checksum)), model)?;
    run_cmd(&mut plauder(&[
        "build",
        "www/faq/en.md",
        "-o",
        "www/dist/faq-en.plauder",
        "--encoder",
        &encoder.to_string_lossy(),
    ]))?;
    // A damaged copy, for the end-to-end test of the click-to-chat fallback.
    let mut corrupt = std::fs::read(out.join("faq.plauder"))?;
    let middle = corrupt.len() / 2;
    corrupt[middle] ^= 0xff;
    std::fs::write(out.join("corrupt.plauder"), corrupt)?;
    report(&out)
}

/// Builds one crate for the browser: wasm32 (cargo profile `profile`),
/// wasm-bindgen glue, wasm-opt (for size with the `web` profile, else a quick pass).
fn module(package: &str, name: &str, simd: bool, profile: &str, out: &Path) -> Result<()> {
    let mut build = cargo(&[
        "build",
        "-p",
        package,
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        profile,
    ]);
    // SIMD builds go to a target folder of their own, so that the flag does
    // not rebuild the other modules' dependencies each time.
    let target = match simd {
        true => {
            build
                .env("RUSTFLAGS", "-C target-feature=+simd128")
                .env("CARGO_TARGET_DIR", root().join("target/simd"));
            root().join("target/simd")
        }
        false => root().join("target"),
    };
    run_cmd(&mut build)?;
    let artifact = package.replace('-', "_");
    let wasm = target.join(format!("wasm32-unknown-unknown/{profile}/{artifact}.wasm"));
    let out_name = format!("plauder-{name}");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            &out_name,
            "--out-dir",
        ])
        .arg(out)
        .arg(&wasm);
    run_cmd(&mut bindgen)?;
    let bg = out.join(format!("{out_name}_bg.wasm"));
    let mut opt = Command::new(setup::wasm_opt()?);
    // The studio's module is LLVM's opt-level 3 already: -O3 here would take
    // over three minutes for 1 % of its size; -O1 takes half a minute.
    let level = match profile {
        WEB => "-Oz",
        _ => "-O1",
    };
    opt.args([level, "--strip-debug"])
        .args(WASM_FEATURES)
        .args(simd.then_some("--enable-simd"))
        .arg(&bg)
        .arg("-o")
        .arg(&bg);
    run_cmd(&mut opt)
}

/// The loader as pages get it: `widget/loader/plauder.js` with the
/// first frame's stylesheet (`plauder.css`) inlined, minified by terser.
fn loader(out: &Path) -> Result<()> {
    let source = std::fs::read_to_string(root().join("widget/loader/plauder.js"))?;
    let css = std::fs::read_to_string(root().join("widget/loader/plauder.css"))?;
    let placeholder = "\"__PLAUDER_CSS__\"";
    anyhow::ensure!(
        source.contains(placeholder),
        "widget/loader/plauder.js has no {placeholder} for its stylesheet"
    );
    let source = source.replace(placeholder, &serde_json::to_string(&minify_css(&css))?);
    let path = out.join("plauder.js");
    std::fs::write(&path, source)?;
    minify(&path, false)
}

/// Minifies a script in place with terser (`module`: an ES module, whose
/// exports stay); licence comments (`/*!`) are kept.
fn minify(path: &Path, module: bool) -> Result<()> {
    let full = path.with_extension("full.js");
    std::fs::rename(path, &full)?;
    let mut minify = Command::new("node");
    minify
        .arg(setup::terser()?)
        .arg(&full)
        .args(module.then_some("--module"))
        .args(["--compress", "--mangle", "--comments", "/^!/", "--output"])
        .arg(path);
    run_cmd(&mut minify)?;
    std::fs::remove_file(full)?;
    Ok(())
}

/// The worker script as served: the engine's glue and the worker's own code
/// (`widget/loader/plauder-worker.js`) in one file, so that a worker starts
/// after one download instead of two in a row (a round trip saved: 170 ms on
/// 4G). `plauder-engine.js` stays for pages that answer without a worker.
fn worker(out: &Path) -> Result<()> {
    let glue = std::fs::read_to_string(out.join("plauder-engine.js"))?;
    let own = std::fs::read_to_string(root().join("widget/loader/plauder-worker.js"))?;
    let import = "import init, { Engine } from \"./plauder-engine.js\";";
    let export = "__wbg_init as default";
    anyhow::ensure!(
        own.contains(import) && glue.contains(export),
        "plauder-worker.js no longer imports the engine as `{import}`, or wasm-bindgen's glue no longer exports `{export}`: update xtask/src/dist.rs"
    );
    let own = own.replace(import, "const init = __wbg_init;");
    std::fs::write(out.join("plauder-worker.js"), format!("{glue}\n{own}"))?;
    Ok(())
}

/// The panel's glue as served: wasm-bindgen's glue for the page's module and
/// the rest of starting up (`widget/loader/plauder-boot.js`, with
/// `plauder-boot.css` inlined) in one file, which the loader imports the
/// moment the visitor shows interest.
fn boot(out: &Path) -> Result<()> {
    let path = out.join("plauder-widget.js");
    let glue = std::fs::read_to_string(&path)?;
    let own = std::fs::read_to_string(root().join("widget/loader/plauder-boot.js"))?;
    let css = std::fs::read_to_string(root().join("widget/loader/plauder-boot.css"))?;
    let import = "import init, { mount } from \"./plauder-widget.js\";";
    let placeholder = "\"__PLAUDER_BOOT_CSS__\"";
    anyhow::ensure!(
        own.contains(import) && own.contains(placeholder) && glue.contains("__wbg_init as default"),
        "plauder-boot.js no longer imports the panel's glue as `{import}` or has no {placeholder}, or wasm-bindgen's glue changed: update xtask/src/dist.rs"
    );
    let own = own
        .replace(import, "const init = __wbg_init;")
        .replace(placeholder, &serde_json::to_string(&minify_css(&css))?);
    std::fs::write(&path, format!("{glue}\n{own}"))?;
    Ok(())
}

/// Plauder Studio as a site hosts it (`www/dist/studio/`): its module
/// (Yew page and the CLI's code for its worker, one module) and its page,
/// script, worker, stylesheet and widget preview from `www/studio/`.
fn studio(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    module("studio", "studio", false, "studio", out)?;
    for file in std::fs::read_dir(root().join("www/studio"))? {
        let path = file?.path();
        if path.is_file() {
            std::fs::copy(&path, out.join(path.file_name().unwrap_or_default()))?;
        }
    }
    Ok(())
}

/// CSS without comments and without the whitespace that means nothing.
pub fn minify_css(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words.join(" ");
    for mark in ["{", "}", ";", ","] {
        out = out
            .replace(&format!(" {mark}"), mark)
            .replace(&format!("{mark} "), mark);
    }
    out.replace(": ", ":").replace(";}", "}")
}

/// Prints each file's size, raw and gzipped.
pub fn report(dir: &Path) -> Result<()> {
    let mut files: Vec<_> = walk(dir)?;
    files.sort();
    println!("\n{:<24} {:>10} {:>10}", "www/dist", "bytes", "gzipped");
    for file in files {
        let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
        let name = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy();
        println!("{name:<24} {:>10} {:>10}", bytes.len(), gzipped(&bytes)?);
    }
    println!();
    Ok(())
}

/// The files under `dir`, at any depth.
fn walk(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// The gzip -9 size of `bytes`.
pub fn gzipped(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn minified_css_keeps_what_matters() {
        let css =
            "/* note */\n.a  .b:hover , .c {\n  margin: 0 6px;\n  width: calc(1px + 2%);\n}\n";
        assert_eq!(
            minify_css(css),
            ".a .b:hover,.c{margin:0 6px;width:calc(1px + 2%)}"
        );
    }
}
