//! Fitting the decision thresholds on the knowledge base itself.
//!
//! Real sites have no labelled questions, but a knowledge base with several
//! phrasings per entry can quiz itself:
//! - **in scope:** each sampled phrasing is asked with itself left out of the
//!   index; its entry should come first, confidently;
//! - **out of scope:** each sampled phrasing is asked with its whole entry
//!   left out, which is exactly a question the knowledge base cannot answer.
//!
//! The answer threshold and margin are then chosen to answer as many
//! in-scope questions correctly as possible while answering as few of the
//! others (wrong entry, or out of scope) as possible; the clarify threshold
//! likewise for "the right entry is among the first three".

use serde::Serialize;

use crate::decision::{Thresholds, margin};
use crate::error::Result;
use crate::responder::{Exclude, Responder};

/// In-scope questions asked at most.
const IN_SCOPE_SAMPLES: usize = 4000;
/// Out-of-scope questions asked at most.
const OUT_OF_SCOPE_SAMPLES: usize = 2000;
/// Below this many samples of either kind, the defaults are used.
const MIN_SAMPLES: usize = 10;
/// The share of answered negatives (wrong entry, or out of scope) counts
/// this much against the share of right answers. Below 1 because the
/// simulated out-of-scope questions (a sibling entry's phrasings) are much
/// closer to the knowledge base than real ones; 0.5 balanced CLINC150 val best.
const WRONG_ANSWER_COST: f32 = 0.5;
/// The lowest fitted answer threshold. In a small knowledge base whose
/// phrasings differ a lot from each other, held-out phrasings match weakly and
/// the fit would go lower; but below this, less than about a third of a
/// question's weight matched, which is no basis for a confident answer.
const MIN_ANSWER: f32 = 0.35;
/// The lowest fitted clarify threshold, likewise.
const MIN_CLARIFY: f32 = 0.2;
/// Margins tried.
const MARGINS: [f32; 9] = [0.0, 0.02, 0.05, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3];

/// How the thresholds of a bundle came about.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FitReport {
    /// Whether thresholds were fitted (false: given, or defaults for a small knowledge base).
    pub fitted: bool,
    /// Phrasings asked as in-scope questions.
    pub in_scope_samples: usize,
    /// Phrasings asked as out-of-scope questions.
    pub out_of_scope_samples: usize,
    /// Share of in-scope samples whose entry ranked first (0–100).
    pub held_out_accuracy: f32,
    /// Why nothing was fitted, when so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl FitReport {
    pub(crate) fn given() -> FitReport {
        FitReport {
            note: Some("thresholds given, not fitted".into()),
            ..FitReport::default()
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    confidence: f32,
    margin: f32,
    in_scope: bool,
    correct: bool,
    in_top3: bool,
}

/// Fits thresholds; `phrasings` are the texts of the index's documents, in
/// order; `progress` gets (done, total).
pub(crate) fn fit(
    responder: &Responder,
    phrasings: &[&str],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Thresholds, FitReport)> {
    let plan = plan(responder, phrasings);
    let total = plan.len();
    let mut samples = Vec::with_capacity(total);
    for (n, (question, entry, exclude)) in plan.into_iter().enumerate() {
        if n % 64 == 0 {
            progress(n, total);
        }
        let ranked = responder.rank(question, exclude)?;
        let in_scope = matches!(exclude, Exclude::Phrasing(_));
        samples.push(Sample {
            confidence: ranked.first().map_or(0.0, |c| c.confidence),
            margin: margin(&ranked),
            in_scope,
            correct: in_scope && ranked.first().is_some_and(|c| c.entry == entry),
            in_top3: in_scope && ranked.iter().take(3).any(|c| c.entry == entry),
        });
    }
    progress(total, total);
    Ok(choose(&samples))
}

/// The questions to ask: (text, its entry, what to leave out).
fn plan<'a>(responder: &Responder, phrasings: &[&'a str]) -> Vec<(&'a str, usize, Exclude)> {
    let entries = responder.entries().len();
    let mut by_entry: Vec<Vec<u32>> = vec![Vec::new(); entries];
    for (doc, &entry) in responder.phrasing_entries().iter().enumerate() {
        by_entry[entry as usize].push(doc as u32);
    }
    let per_entry_in = (IN_SCOPE_SAMPLES / entries.max(1)).max(1);
    let per_entry_out = (OUT_OF_SCOPE_SAMPLES / entries.max(1)).clamp(1, 5);
    let mut plan = Vec::new();
    for (entry, docs) in by_entry.iter().enumerate() {
        if docs.len() >= 2 {
            for &doc in spread(docs, per_entry_in) {
                plan.push((phrasings[doc as usize], entry, Exclude::Phrasing(doc)));
            }
        }
        if entries >= 2 {
            for &doc in spread(docs, per_entry_out) {
                plan.push((phrasings[doc as usize], entry, Exclude::Entry(entry as u32)));
            }
        }
    }
    plan
}

/// Up to `n` items spread over `items` (every k-th).
fn spread<T>(items: &[T], n: usize) -> impl Iterator<Item = &T> {
    let step = items.len().div_ceil(n.max(1)).max(1);
    items.iter().step_by(step).take(n)
}

fn choose(samples: &[Sample]) -> (Thresholds, FitReport) {
    let in_scope: Vec<&Sample> = samples.iter().filter(|s| s.in_scope).collect();
    let out_count = samples.len() - in_scope.len();
    let correct = in_scope.iter().filter(|s| s.correct).count();
    let mut report = FitReport {
        fitted: false,
        in_scope_samples: in_scope.len(),
        out_of_scope_samples: out_count,
        held_out_accuracy: 100.0 * correct as f32 / in_scope.len().max(1) as f32,
        note: None,
    };
    if correct < MIN_SAMPLES || out_count < MIN_SAMPLES {
        report.note = Some(format!(
            "too few phrasings to fit thresholds ({} in scope, {} out of scope; {MIN_SAMPLES} each needed): defaults used; add phrasings ('? ' lines) to entries",
            in_scope.len(),
            out_count
        ));
        return (Thresholds::default(), report);
    }
    let levels = levels(samples);
    let (answer, margin) = best_answer(samples, &levels);
    let answer = answer.max(MIN_ANSWER);
    let clarify = best_clarify(samples, &levels, answer, margin).clamp(MIN_CLARIFY, answer);
    report.fitted = true;
    (
        Thresholds {
            answer,
            margin,
            clarify,
        },
        report,
    )
}

/// Candidate thresholds: the quantiles of the samples' confidences.
fn levels(samples: &[Sample]) -> Vec<f32> {
    let mut confidences: Vec<f32> = samples
        .iter()
        .map(|s| s.confidence)
        .filter(|c| c.is_finite())
        .collect();
    confidences.sort_by(f32::total_cmp);
    let mut levels: Vec<f32> = (1..200)
        .map(|q| confidences[q * (confidences.len() - 1) / 200])
        .collect();
    levels.dedup();
    levels
}

/// Youden-style score: share of `good` kept minus cost × share of `bad` kept.
fn score(
    samples: &[Sample],
    good: impl Fn(&Sample) -> bool,
    keep: impl Fn(&Sample) -> bool,
) -> f32 {
    let (mut good_all, mut good_kept, mut bad_all, mut bad_kept) = (0usize, 0usize, 0usize, 0usize);
    for s in samples {
        let kept = keep(s) as usize;
        match good(s) {
            true => (good_all, good_kept) = (good_all + 1, good_kept + kept),
            false => (bad_all, bad_kept) = (bad_all + 1, bad_kept + kept),
        }
    }
    good_kept as f32 / good_all.max(1) as f32
        - WRONG_ANSWER_COST * bad_kept as f32 / bad_all.max(1) as f32
}

fn best_answer(samples: &[Sample], levels: &[f32]) -> (f32, f32) {
    let mut best = (f32::MIN, 0.0, 0.0);
    for &level in levels {
        for margin in MARGINS {
            let s = score(
                samples,
                |s| s.correct,
                |s| s.confidence >= level && s.margin >= margin,
            );
            if s > best.0 {
                best = (s, level, margin);
            }
        }
    }
    (best.1, best.2)
}

fn best_clarify(samples: &[Sample], levels: &[f32], answer: f32, margin: f32) -> f32 {
    let undecided: Vec<Sample> = samples
        .iter()
        .filter(|s| !(s.confidence >= answer && s.margin >= margin))
        .copied()
        .collect();
    let mut best = (f32::MIN, answer);
    for &level in levels.iter().filter(|&&l| l <= answer) {
        let s = score(&undecided, |s| s.in_top3, |s| s.confidence >= level);
        if s > best.0 {
            best = (s, level);
        }
    }
    best.1
}
