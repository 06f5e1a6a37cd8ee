//! Building the second tier (native only): encode the knowledge base, train
//! a head where entries have several phrasings, fit the blend with the
//! first tier on the self-quiz. See [`crate::understanding`].

use std::path::{Path, PathBuf};

use encoder::Encoder;

use crate::decision::Thresholds;
use crate::fit::{self, FitReport, SelfQuiz};
use crate::head::{self, Sample};
use crate::lang::Lang;
use crate::understanding::{Head, SecondTier, Vectors};

/// With at least this many phrasings per entry on average the second tier
/// trains a head; below, it scores an entry by its nearest phrasing (and
/// answer). A head needs several examples of an entry to generalise; with
/// one phrasing it learns that phrasing's words (notes: MiniLM 1-NN 66.0 on
/// covidqa-en; a head gained +3 to +9 over centroids on 10-shot sets).
const HEAD_FROM_PHRASINGS: f32 = 2.5;
/// The languages the encoder understands (all-MiniLM-L6-v2 is English).
/// A knowledge base with entries in others keeps the first tier: a German
/// question would otherwise meet English-only understanding.
pub const ENCODER_LANGS: [Lang; 1] = [Lang::English];
/// An answer's opening counts this much as a head's training example.
const ANSWER_EXAMPLE_WEIGHT: f32 = 0.5;

/// The second tier's file beside a bundle: `faq.plauder` → `faq.tier2.plauder`.
pub fn second_tier_path(bundle: &Path) -> PathBuf {
    let stem = bundle
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    bundle.with_file_name(format!("{stem}.tier2.plauder"))
}

/// The embeddings of `texts`, encoded on every core available.
pub fn encode_all(encoder: &Encoder, texts: &[&str]) -> Vec<Vec<f32>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let running: Vec<_> = texts
            .chunks(chunk)
            .map(|part| scope.spawn(move || encoder.encode_batch(part)))
            .collect();
        running
            .into_iter()
            .zip(texts.chunks(chunk))
            .flat_map(|(thread, part)| thread.join().unwrap_or_else(|_| encoder.encode_batch(part)))
            .collect()
    })
}

/// A training example and the phrasing it was made of (none for an answer).
type Tagged<'a> = (Sample<'a>, Option<u32>);

/// What the second tier is built from.
pub(crate) struct Knowledge<'a> {
    pub entries: usize,
    /// Per phrasing (index document order), its entry and text.
    pub phrasings: Vec<(u32, &'a str)>,
    /// Answers taken as evidence: (entry, opening).
    pub answers: &'a [(usize, String)],
}

/// Builds the second tier (its link to the bundle is set once the bundle
/// is written); with the first tier's self-quiz its blend and thresholds
/// are fitted, else `given` thresholds (or the defaults) are used.
pub(crate) fn build(
    knowledge: &Knowledge,
    encoder: &Encoder,
    quiz: Option<&SelfQuiz>,
    given: Option<Thresholds>,
) -> (SecondTier, Option<FitReport>) {
    let texts: Vec<&str> = knowledge
        .phrasings
        .iter()
        .map(|p| p.1)
        .chain(knowledge.answers.iter().map(|a| a.1.as_str()))
        .collect();
    let embeddings = encode_all(encoder, &texts);
    let (phrased, answered) = embeddings.split_at(knowledge.phrasings.len());
    let with_head =
        knowledge.phrasings.len() as f32 >= HEAD_FROM_PHRASINGS * knowledge.entries as f32;
    let samples: Vec<Tagged> = phrased
        .iter()
        .zip(&knowledge.phrasings)
        .enumerate()
        .map(|(doc, (e, p))| {
            (
                Sample {
                    embedding: e,
                    class: p.0,
                    weight: 1.0,
                },
                Some(doc as u32),
            )
        })
        .chain(answered.iter().zip(knowledge.answers).map(|(e, a)| {
            let sample = Sample {
                embedding: e,
                class: a.0 as u32,
                weight: ANSWER_EXAMPLE_WEIGHT,
            };
            (sample, None)
        }))
        .collect();
    let dims = encoder.dimensions();
    let train = |keep: &dyn Fn(&Tagged) -> bool| {
        let kept: Vec<Sample> = samples.iter().filter(|s| keep(s)).map(|s| s.0).collect();
        head::train(&kept, knowledge.entries, dims)
    };
    let mut vectors = Vectors::default();
    if !with_head {
        for (doc, (e, p)) in phrased.iter().zip(&knowledge.phrasings).enumerate() {
            vectors.push(p.0, Some(doc as u32), e);
        }
        for (e, a) in answered.iter().zip(knowledge.answers) {
            vectors.push(a.0 as u32, None, e);
        }
    }
    let mut tier = SecondTier {
        bundle: 0,
        encoder: encoder.checksum(),
        entries: knowledge.entries,
        dims,
        share: fit::DEFAULT_SECOND_SHARE,
        thresholds: given.unwrap_or_default(),
        vectors,
        head: with_head.then(|| train(&|_| true)),
    };
    let Some(quiz) = quiz.filter(|_| given.is_none()) else {
        return (tier, None);
    };
    let reworded: Vec<&str> = quiz
        .quizzes
        .iter()
        .filter(|q| q.doc.is_none())
        .map(|q| q.text.as_str())
        .collect();
    let reworded = encode_all(encoder, &reworded);
    let mut reworded = reworded.iter();
    let asked: Vec<&[f32]> = quiz
        .quizzes
        .iter()
        .map(|q| match q.doc {
            Some(doc) => phrased[doc as usize].as_slice(),
            None => reworded.next().map_or(&[][..], Vec::as_slice),
        })
        .collect();
    let heads: Option<Vec<Head>> = with_head.then(|| {
        let folds = quiz.left_out();
        std::thread::scope(|scope| {
            let running: Vec<_> = folds
                .iter()
                .map(|(docs, entries)| {
                    let train = &train;
                    scope.spawn(move || {
                        train(&|(s, doc): &Tagged| {
                            !entries.contains(&s.class) && !doc.is_some_and(|d| docs.contains(&d))
                        })
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|t| t.join().expect("a fold's head trains"))
                .collect()
        })
    });
    let (share, thresholds, report) = fit::fit_second(quiz, &asked, &tier, heads.as_deref());
    tier.share = share;
    tier.thresholds = thresholds;
    (tier, Some(report))
}
