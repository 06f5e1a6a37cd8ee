//! Building a bundle from a knowledge base (native only).

use std::path::Path;

use crate::bundle::{self, Bundle, Entry, Manifest};
use crate::decision::Thresholds;
use crate::error::{Error, Problem, Result};
use crate::fit::{self, FitReport, Fitted};
use crate::index;
use crate::lang::Lang;
use crate::model::{self, Model};
use crate::responder::Responder;
use crate::source::{KnowledgeBase, answer};
use crate::tier2;
use crate::train::{self, Example};
use crate::understanding::SecondTier;

/// A stage of a build, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Indexing the phrasings.
    Indexing,
    /// Asking the index its own phrasings to fit the thresholds.
    Fitting,
    /// Encoding the knowledge base and fitting the second tier.
    Understanding,
}

/// How to build.
#[derive(Default)]
pub struct BuildOptions<'a> {
    /// Use these thresholds instead of fitting them.
    pub thresholds: Option<Thresholds>,
    /// Called with (stage, done, total) as the build advances.
    pub progress: Option<&'a dyn Fn(Stage, usize, usize)>,
    /// Also build the second tier with this sentence encoder.
    pub encoder: Option<&'a encoder::Encoder>,
}

/// A built bundle.
pub struct Built {
    /// The bundle file's bytes.
    pub bytes: Vec<u8>,
    /// A responder over the same bundle.
    pub responder: Responder,
    /// How the thresholds were fitted.
    pub fit: FitReport,
    /// The second tier's file (with an encoder): write it to
    /// [`crate::tier2::second_tier_path`] of the bundle's path.
    pub second_tier: Option<Vec<u8>>,
    /// How the second tier's blend and thresholds were fitted.
    pub second_fit: Option<FitReport>,
    /// Why an encoder was given but no second tier built.
    pub second_note: Option<String>,
    /// The fit's self-quiz as the first tier answered it (none when the
    /// thresholds were given): what [`crate::quiz::quiz`] groups.
    pub(crate) self_quiz: Option<fit::SelfQuiz>,
}

/// Builds the bundle of a knowledge base: index, manifest, fitted thresholds.
pub fn build(kb: &KnowledgeBase, options: &BuildOptions<'_>) -> Result<Built> {
    let prepared = prepare(kb, options)?;
    let train = || train::train(&prepared.examples, kb.entries.len(), prepared.epochs());
    // Where threads exist the bundle's model trains beside the fit (and is
    // dropped if the fit gives it no share); in the browser, after the fit
    // and only if it gets a share (or in a second worker: [`build_apart`]).
    #[cfg(not(target_arch = "wasm32"))]
    let (fitted, model) = std::thread::scope(|scope| {
        let training = scope.spawn(train);
        (prepared.fit(kb, options), training.join().ok())
    });
    #[cfg(target_arch = "wasm32")]
    let (fitted, model) = (prepared.fit(kb, options), None);
    let fitted = fitted?;
    let model = (fitted.0.learned_share > 0.0).then(|| model.unwrap_or_else(train).write());
    prepared.finish(kb, fitted, model, options)
}

/// Builds the bundle of a knowledge base up to its learned model, which the
/// caller trains elsewhere meanwhile with [`model_file`] (Plauder Studio: in
/// a second worker, while this one fits); [`Unfinished::finish`] then writes
/// the same bundle [`build`] does.
pub fn build_apart(kb: &KnowledgeBase, options: &BuildOptions<'_>) -> Result<Unfinished> {
    let prepared = prepare(kb, options)?;
    let fitted = prepared.fit(kb, options)?;
    Ok(Unfinished {
        kb: kb.clone(),
        prepared,
        fitted,
    })
}

/// The learned model of a knowledge base's bundle, trained as [`build`]
/// trains it, as the file [`Unfinished::finish`] takes.
pub fn model_file(kb: &KnowledgeBase) -> Vec<u8> {
    let examples = examples(kb, &evidence(kb, &runtime_entries(kb)));
    train::train(&examples, kb.entries.len(), train::epochs(examples.len())).write()
}

/// A build waiting for its learned model ([`build_apart`]).
pub struct Unfinished {
    kb: KnowledgeBase,
    prepared: Prepared,
    fitted: (Fitted, FitReport, Option<fit::SelfQuiz>),
}

impl Unfinished {
    /// Whether the fit gave the learned model a share of the ranking (else
    /// the bundle ships none, and [`Unfinished::finish`] needs none).
    pub fn wants_model(&self) -> bool {
        self.fitted.0.learned_share > 0.0
    }

    /// Writes the bundle, with `model` (from [`model_file`] of the same
    /// knowledge base) if it [wants one](Unfinished::wants_model); one that
    /// is wanted and not given is trained here.
    pub fn finish(self, model: Option<Vec<u8>>, options: &BuildOptions<'_>) -> Result<Built> {
        let Unfinished {
            kb,
            prepared,
            fitted,
        } = self;
        let model = match fitted.0.learned_share > 0.0 {
            true => Some(model.unwrap_or_else(|| model_file(&kb))),
            false => None,
        };
        prepared.finish(&kb, fitted, model, options)
    }
}

/// What a build has before its fit: the index and a manifest to fit on.
struct Prepared {
    files: Vec<(String, Vec<u8>)>,
    manifest: Manifest,
    evidence: Vec<(usize, String)>,
    examples: Vec<Example>,
}

/// The phrasings of a knowledge base in index order, with their language.
fn phrasings(kb: &KnowledgeBase) -> Vec<(Lang, &str)> {
    kb.entries
        .iter()
        .flat_map(|e| e.phrasings.iter().map(move |p| (e.lang, p.as_str())))
        .collect()
}

fn runtime_entries(kb: &KnowledgeBase) -> Vec<Entry> {
    kb.entries.iter().map(runtime_entry).collect()
}

/// Indexes the knowledge base and sets up what the fit needs.
fn prepare(kb: &KnowledgeBase, options: &BuildOptions<'_>) -> Result<Prepared> {
    if kb.entries.is_empty() {
        return Err(Error::Invalid(vec![Problem::new(
            "<knowledge base>",
            None,
            "no entries",
            "write at least one question and answer",
        )]));
    }
    let langs = kb.langs();
    let total = kb.phrasing_count();
    options.report(Stage::Indexing, 0, total);
    let phrasings = phrasings(kb);
    let entries = runtime_entries(kb);
    let evidence = evidence(kb, &entries);
    let answers = evidence
        .iter()
        .map(|(e, text)| (kb.entries[*e].lang, text.as_str()));
    let mut files = index::build(&langs, phrasings.iter().copied().chain(answers))?;
    options.report(Stage::Indexing, total, total);
    let examples = examples(kb, &evidence);
    // The fit asks models trained without each question; the final model is
    // trained only if the fit gives it a share.
    files.push((
        model::MODEL_FILE.to_string(),
        Model::empty(kb.entries.len()).write(),
    ));
    let manifest = Manifest {
        plauder_version: env!("CARGO_PKG_VERSION").to_string(),
        langs,
        entries,
        answer_entry: evidence.iter().map(|(e, _)| *e as u32).collect(),
        phrasing_entry: kb
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| std::iter::repeat_n(i as u32, e.phrasings.len()))
            .collect(),
        thresholds: Thresholds::default(),
        learned_share: fit::DEFAULT_LEARNED_SHARE,
        encoder: None,
    };
    Ok(Prepared {
        files,
        manifest,
        evidence,
        examples,
    })
}

impl Prepared {
    /// Passes the bundle's model makes over its examples.
    fn epochs(&self) -> usize {
        train::epochs(self.examples.len())
    }

    /// Fits the thresholds and the blend (or takes the given thresholds).
    fn fit(
        &self,
        kb: &KnowledgeBase,
        options: &BuildOptions<'_>,
    ) -> Result<(Fitted, FitReport, Option<fit::SelfQuiz>)> {
        if let Some(given) = options.thresholds {
            let fitted = Fitted {
                thresholds: given,
                learned_share: fit::DEFAULT_LEARNED_SHARE,
            };
            return Ok((fitted, FitReport::given(), None));
        }
        let responder = Responder::from_parts(self.manifest.clone(), self.files.clone())?;
        let texts: Vec<&str> = phrasings(kb).into_iter().map(|p| p.1).collect();
        let (fitted, report, quiz) =
            fit::fit(&responder, &texts, &self.examples, &mut |done, total| {
                options.report(Stage::Fitting, done, total)
            })?;
        Ok((fitted, report, Some(quiz)))
    }

    /// Writes the bundle with the fitted values and the learned model's file
    /// (`None`: the fit gave it no share), and the second tier if asked.
    fn finish(
        self,
        kb: &KnowledgeBase,
        (fitted, fit, quiz): (Fitted, FitReport, Option<fit::SelfQuiz>),
        model: Option<Vec<u8>>,
        options: &BuildOptions<'_>,
    ) -> Result<Built> {
        let Prepared {
            mut files,
            manifest,
            evidence,
            ..
        } = self;
        if let Some(model) = model
            && let Some(file) = files.iter_mut().find(|f| f.0 == model::MODEL_FILE)
        {
            file.1 = model;
        }
        let phrasings = phrasings(kb);
        let second = options.encoder.map(|encoder| {
            options.report(Stage::Understanding, 0, 1);
            let second = understand(
                kb,
                &manifest,
                &phrasings,
                &evidence,
                encoder,
                quiz.as_ref(),
                options,
            );
            options.report(Stage::Understanding, 1, 1);
            second
        });
        let manifest = Manifest {
            thresholds: fitted.thresholds,
            learned_share: fitted.learned_share,
            encoder: options
                .encoder
                .filter(|_| matches!(second, Some(Ok(_))))
                .map(|encoder| encoder.file_name()),
            ..manifest
        };
        let bytes = bundle::write(&Bundle { manifest, files });
        if bytes.len() > crate::limits::BUNDLE_BYTES {
            return Err(bundle::too_large(bytes.len()));
        }
        let mut responder = Responder::from_bundle(&bytes)?;
        let (mut second_tier, mut second_fit, mut second_note) = (None, None, None);
        match second {
            Some(Ok((mut tier, report))) => {
                tier.bundle = bundle::checksum(&bytes);
                second_tier = Some(tier.to_bytes());
                second_fit = report;
                let encoder = tier.encoder;
                responder.set_second_tier(tier, encoder)?;
            }
            Some(Err(note)) => second_note = Some(note),
            None => {}
        }
        Ok(Built {
            bytes,
            responder,
            fit,
            second_tier,
            second_fit,
            second_note,
            self_quiz: quiz,
        })
    }
}

impl BuildOptions<'_> {
    fn report(&self, stage: Stage, done: usize, total: usize) {
        if let Some(report) = self.progress {
            report(stage, done, total);
        }
    }
}

/// Builds the second tier (and says how it was fitted), unless the encoder
/// does not know the knowledge base's languages or the self-quiz gives it
/// no share: then why not (the bundle names no encoder and browsers never
/// fetch one).
fn understand(
    kb: &KnowledgeBase,
    manifest: &Manifest,
    phrasings: &[(Lang, &str)],
    evidence: &[(usize, String)],
    encoder: &encoder::Encoder,
    quiz: Option<&fit::SelfQuiz>,
    options: &BuildOptions<'_>,
) -> std::result::Result<(SecondTier, Option<FitReport>), String> {
    if let Some(other) = kb
        .langs()
        .into_iter()
        .find(|l| !tier2::ENCODER_LANGS.contains(l))
    {
        return Err(format!(
            "no second tier: the encoder understands English, and entries are in {}; the first tier answers every language",
            other.code()
        ));
    }
    let knowledge = tier2::Knowledge {
        entries: kb.entries.len(),
        phrasings: manifest
            .phrasing_entry
            .iter()
            .zip(phrasings)
            .map(|(&entry, p)| (entry, p.1))
            .collect(),
        answers: evidence,
    };
    let (tier, report) = tier2::build(&knowledge, encoder, quiz, options.thresholds);
    if tier.share() == 0.0 {
        return Err(
            "no second tier: on this knowledge base's self-quiz the encoder added nothing to the first tier".into(),
        );
    }
    Ok((tier, report))
}

/// Entries with fewer phrasings than this also learn from their answer.
const EVIDENCE_BELOW: usize = 3;
/// How much of an answer is evidence: its opening says what it is about.
const EVIDENCE_CHARS: usize = 300;
/// What an answer counts as a training example, beside a phrasing's 1.
const EVIDENCE_WEIGHT: f32 = 0.5;

/// For entries with few phrasings, the opening of their answer (plain text,
/// cut at a word boundary): (entry, text).
fn evidence(kb: &KnowledgeBase, entries: &[Entry]) -> Vec<(usize, String)> {
    kb.entries
        .iter()
        .zip(entries)
        .enumerate()
        .filter(|(_, (source, _))| source.phrasings.len() < EVIDENCE_BELOW)
        .filter_map(|(i, (_, entry))| {
            let plain = crate::rich::to_plain(&entry.answer);
            let cut = crate::limits::cut(&plain, EVIDENCE_CHARS);
            let cut = match cut.len() < plain.len() {
                true => cut
                    .rsplit_once(char::is_whitespace)
                    .map_or(cut, |(head, _)| head),
                false => cut,
            };
            let words = cut.split_whitespace().collect::<Vec<_>>().join(" ");
            (!words.is_empty()).then_some((i, words))
        })
        .collect()
}

/// The model's training examples: every phrasing, in index order, then the
/// answers taken as evidence.
fn examples(kb: &KnowledgeBase, evidence: &[(usize, String)]) -> Vec<Example> {
    let phrasings = kb
        .entries
        .iter()
        .enumerate()
        .flat_map(|(class, e)| e.phrasings.iter().map(move |p| (class, p)));
    let phrasings = phrasings.enumerate().map(|(doc, (class, text))| Example {
        features: model::features(text),
        class: class as u32,
        weight: 1.0,
        doc: Some(doc as u32),
    });
    let answers = evidence.iter().map(|(class, text)| Example {
        features: model::features(text),
        class: *class as u32,
        weight: EVIDENCE_WEIGHT,
        doc: None,
    });
    phrasings.chain(answers).collect()
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
    let io = |error: std::io::Error| Error::Io {
        path: path.display().to_string(),
        error: error.to_string(),
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
