//! Helpers that keep each test short.

use std::path::{Path, PathBuf};
use std::process::Output;

use responder::build::{BuildOptions, build};
use responder::{Decision, HandoffReason, Lang, Responder, source};

/// A temporary folder that fixture files are written into.
pub struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `contents` to `name` and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Builds a bundle from one source text (`format`: md, csv, json).
pub fn bundle(text: &str, format: &str) -> Vec<u8> {
    let kb = source::parse_str(&format!("faq.{format}"), text, format, Lang::English)
        .expect("fixture parses");
    build(&kb, &BuildOptions::default())
        .expect("fixture builds")
        .bytes
}

/// A responder over a Markdown fixture.
pub fn responder(markdown: &str) -> Responder {
    Responder::from_bundle(&bundle(markdown, "md")).expect("fixture bundle loads")
}

/// The decision for a question, spelled out: `answer:id`, `clarify:id,id`,
/// `handoff:no_match`, `handoff:asked_for_human`.
pub fn decision(responder: &Responder, question: &str) -> String {
    let reply = responder.answer(question).expect("answers");
    let id = |entry: usize| responder.entries()[entry].id.clone();
    match reply.decision {
        Decision::Answer { entry } => format!("answer:{}", id(entry)),
        Decision::Clarify { entries } => format!(
            "clarify:{}",
            entries.into_iter().map(id).collect::<Vec<_>>().join(",")
        ),
        Decision::Handoff {
            reason: HandoffReason::NoMatch,
        } => "handoff:no_match".into(),
        Decision::Handoff {
            reason: HandoffReason::AskedForHuman,
        } => "handoff:asked_for_human".into(),
    }
}

/// The id of the best-ranked entry.
pub fn top(responder: &Responder, question: &str) -> String {
    let reply = responder.answer(question).expect("answers");
    reply
        .ranked
        .first()
        .map(|c| responder.entries()[c.entry].id.clone())
        .unwrap_or_default()
}

/// Runs the `plauder` binary.
pub fn plauder(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_plauder"))
        .args(args)
        .output()
        .expect("runs plauder")
}

/// Standard output and error of a run, as text.
pub fn texts(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The error text of a failing load of one source file.
pub fn load_error(path: &Path) -> String {
    match source::load(&[path.to_path_buf()], Lang::English) {
        Ok(kb) => panic!(
            "{} loaded with {} entries; expected an error",
            path.display(),
            kb.entries.len()
        ),
        Err(err) => err.to_string(),
    }
}
