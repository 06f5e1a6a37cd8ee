//! Building a bundle from a knowledge base (native only).

use std::path::Path;

use crate::bundle::{self, Bundle, Entry, Manifest};
use crate::decision::Thresholds;
use crate::error::{Error, Problem, Result};
use crate::fit::{self, FitReport};
use crate::index;
use crate::responder::Responder;
use crate::source::{KnowledgeBase, answer};

/// A stage of a build, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Indexing the phrasings.
    Indexing,
    /// Asking the index its own phrasings to fit the thresholds.
    Fitting,
}

/// How to build.
#[derive(Default)]
pub struct BuildOptions<'a> {
    /// Use these thresholds instead of fitting them.
    pub thresholds: Option<Thresholds>,
    /// Called with (stage, done, total) as the build advances.
    pub progress: Option<&'a dyn Fn(Stage, usize, usize)>,
}

/// A built bundle.
pub struct Built {
    /// The bundle file's bytes.
    pub bytes: Vec<u8>,
    /// A responder over the same bundle.
    pub responder: Responder,
    /// How the thresholds were fitted.
    pub fit: FitReport,
}

/// Builds the bundle of a knowledge base: index, manifest, fitted thresholds.
pub fn build(kb: &KnowledgeBase, options: &BuildOptions<'_>) -> Result<Built> {
    if kb.entries.is_empty() {
        return Err(Error::Invalid(vec![Problem::new(
            "<knowledge base>",
            None,
            "no entries",
            "write at least one question and answer",
        )]));
    }
    let progress = |stage, done, total| {
        if let Some(report) = options.progress {
            report(stage, done, total);
        }
    };
    let langs = kb.langs();
    let total = kb.phrasing_count();
    progress(Stage::Indexing, 0, total);
    let phrasings: Vec<(crate::lang::Lang, &str)> = kb
        .entries
        .iter()
        .flat_map(|e| e.phrasings.iter().map(move |p| (e.lang, p.as_str())))
        .collect();
    let files = index::build(&langs, phrasings.iter().copied())?;
    progress(Stage::Indexing, total, total);
    let manifest = Manifest {
        plauder_version: env!("CARGO_PKG_VERSION").to_string(),
        langs,
        entries: kb.entries.iter().map(runtime_entry).collect(),
        phrasing_entry: kb
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| std::iter::repeat_n(i as u32, e.phrasings.len()))
            .collect(),
        thresholds: Thresholds::default(),
    };
    let mut responder = Responder::from_parts(manifest.clone(), files.clone())?;
    let (thresholds, fit) = match options.thresholds {
        Some(given) => (given, FitReport::given()),
        None => fit::fit(
            &responder,
            &phrasings.iter().map(|p| p.1).collect::<Vec<_>>(),
            &mut |done, total| progress(Stage::Fitting, done, total),
        )?,
    };
    responder.set_thresholds(thresholds)?;
    let bytes = bundle::write(&Bundle {
        manifest: Manifest {
            thresholds,
            ..manifest
        },
        files,
    });
    if bytes.len() > crate::limits::BUNDLE_BYTES {
        return Err(bundle::too_large(bytes.len()));
    }
    Ok(Built {
        bytes,
        responder,
        fit,
    })
}

fn runtime_entry(entry: &crate::source::SourceEntry) -> Entry {
    Entry {
        id: entry.id.clone(),
        question: entry.phrasings[0].clone(),
        answer: answer::to_blocks(&entry.answer).0,
        lang: entry.lang,
        tags: entry.tags.clone(),
        link: entry.link.clone(),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that a
/// failed write never leaves a half-written file in place of the old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.map_err(io)
}
