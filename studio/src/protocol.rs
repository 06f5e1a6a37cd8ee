//! The messages between the studio's page and its worker: one typed,
//! versioned pair of enums both sides use. The page sends a [`Request`],
//! the worker answers each with one [`Response`], in order.

use responder::decision::{Decision, Thresholds};
use responder::lang::Lang;
use responder::quiz::Quiz;
use responder::report::Report;
use responder::{Entry, Matched};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message changes shape: a page and a worker of
/// different versions refuse each other's messages.
pub const STUDIO_PROTOCOL: u32 = 1;

/// A message with the protocol version it was written in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// [`STUDIO_PROTOCOL`] of the sender.
    pub version: u32,
    /// The message.
    pub body: T,
}

impl<T: Serialize + for<'de> Deserialize<'de>> Envelope<T> {
    /// The message as JSON, in this version.
    pub fn write(body: T) -> String {
        serde_json::to_string(&Envelope {
            version: STUDIO_PROTOCOL,
            body,
        })
        .unwrap_or_default()
    }

    /// Reads a message, refusing another version's with what to do.
    pub fn read(json: &str) -> Result<T, String> {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let version = serde_json::from_str::<Version>(json)
            .map_err(|e| format!("not a studio message: {e}"))?
            .version;
        if version != STUDIO_PROTOCOL {
            return Err(format!(
                "the studio's page speaks version {STUDIO_PROTOCOL} and its worker {version}: reload the page (a cached copy of one of them is old)"
            ));
        }
        serde_json::from_str::<Envelope<T>>(json)
            .map(|e| e.body)
            .map_err(|e| format!("unreadable studio message: {e}"))
    }
}

/// One entry as the editor holds it: what a writer types, nothing derived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The id; blank: made from the question, as the CLI does.
    pub id: String,
    /// The question as visitors see it.
    pub question: String,
    /// Other ways visitors ask it, one per line.
    pub phrasings: String,
    /// The answer, in Markdown.
    pub answer: String,
    /// The entry's language.
    pub lang: Lang,
    /// Tags, separated by commas.
    pub tags: String,
    /// A page with more on the topic (blank: none).
    pub link: String,
    /// The file it was opened from (or "new entry"): problems name it.
    pub file: String,
    /// Its line there (new entries: a number of their own).
    pub line: usize,
}

/// A source file's name and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// As the writer's computer names it.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// What the page asks.
#[allow(missing_docs)] // Each variant says what its fields are.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Read source files (Markdown, CSV, JSON); `lang` for entries that name none.
    Open { files: Vec<SourceFile>, lang: Lang },
    /// The entries changed: check them, build and quiz the FAQ.
    Update { drafts: Vec<Draft> },
    /// Open a built bundle to look inside (its bytes travel beside this
    /// message); `name` is its file's.
    Inspect { name: String },
    /// Ask a question of the last good build, or of the inspected bundle.
    Ask { question: String, bundle: bool },
    /// Group visitors' questions (one per line) by where they land, in the
    /// last good build or the inspected bundle.
    Report { questions: String, bundle: bool },
    /// Write the last entries in a format; for the widget preview or a download.
    Export { format: Format, preview: bool },
}

/// What a download holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `faq.plauder`, what `plauder build` writes.
    Bundle,
    /// `faq.md`.
    Markdown,
    /// `faq.csv`.
    Csv,
    /// `faq.json`.
    Json,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Nothing builds while it stays (`plauder build` refuses it too).
    Problem,
    /// Builds, but will confuse visitors or render badly (`plauder check`).
    Warning,
}

/// A problem or warning, with the entry it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How bad.
    pub severity: Severity,
    /// The entry's position in the drafts, when it concerns one.
    pub entry: Option<usize>,
    /// Where, as the CLI says it (`file:line`).
    pub place: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// A good build's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Entries.
    pub entries: usize,
    /// Phrasings.
    pub phrasings: usize,
    /// The bundle's size in bytes.
    pub bytes: usize,
    /// How the thresholds were fitted, as `plauder build` says it.
    pub fit: String,
    /// The thresholds answering uses.
    pub thresholds: Thresholds,
    /// Milliseconds the worker took to build (index, fit, model), to check
    /// (`plauder check`) and to quiz the FAQ.
    pub timings: [f64; 3],
}

/// One ranked entry of a question, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    /// The entry's position.
    pub entry: usize,
    /// Its confidence (0–1), to compare with the thresholds.
    pub confidence: f32,
    /// The question's terms the entry holds.
    pub matched: Matched,
}

/// What the worker answers.
#[allow(missing_docs)] // Each variant says what its fields are.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// The files read: their entries, and what could not be read.
    Opened {
        drafts: Vec<Draft>,
        findings: Vec<Finding>,
    },
    /// The entries checked; built when no problem remains.
    Checked {
        findings: Vec<Finding>,
        summary: Option<Summary>,
        quiz: Option<Quiz>,
    },
    /// A built bundle, opened: what is in it.
    Inspected {
        name: String,
        built_by: String,
        phrasings: usize,
        entries: Vec<Entry>,
    },
    /// A question's decision and ranking.
    Asked {
        question: String,
        decision: Decision,
        ranked: Vec<Ranked>,
        thresholds: Thresholds,
    },
    /// Visitors' questions, grouped.
    Reported { report: Report },
    /// A file written; its bytes travel beside this message.
    Exported {
        name: String,
        mime: String,
        preview: bool,
    },
    /// How far the build of an update is (sent before its `checked`):
    /// `stage` is "indexing", "fitting", "learning" (waiting for the learned
    /// model, trained in a second worker), "checking" or "quizzing".
    Progress {
        stage: String,
        done: usize,
        total: usize,
    },
    /// What could not be done, and why.
    Failed { message: String },
}
