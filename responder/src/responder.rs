//! Answering questions from a bundle.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::analysis::{analyzer, fold, gram_analyzer, parts_analyzer, terms};
use crate::bundle::{self, Entry, Files, Manifest, check_manifest};
use crate::decision::{Candidate, Decision, HandoffReason, Thresholds, decide};
use crate::error::{Error, Result};
use crate::human;
use crate::index::{self, LangFields};
use crate::lang::Lang;

/// Weight of a matching word (stem) in the score.
const WORD_WEIGHT: f32 = 1.0;
/// Weight of a compound part meeting a whole word.
const PART_WEIGHT: f32 = 0.8;
/// Weight of a matching character trigram in the score.
const GRAM_WEIGHT: f32 = 0.2;
/// An entry's score sums its best phrasings' scores, each counting this much
/// less than the one before (1, 0.8, 0.64, …): several phrasings that match
/// are more evidence than one. Chosen on CLINC150 val: best and second best
/// at 0.6 gave accuracy@1 87.4 (full KB) and 76.2 (10-shot); eight at 0.8
/// with 100 phrasings fetched give 88.8 and 77.1 (and in-scope accuracy
/// 70.1 and 61.8 instead of 68.3 and 59.0; answer precision 97.2 and 87.6
/// instead of 94.8 and 87.8).
const PHRASING_DECAY: f32 = 0.8;
/// How many of an entry's phrasings count towards its score.
const PHRASINGS_COUNTED: u32 = 8;
/// Grams found in more than this share of phrasings (`" th"`, `"the"`) are
/// left out of queries: they barely move scores and cost most of the time.
const COMMON_GRAM_SHARE: f32 = 0.1;
/// How many phrasings are fetched per question before grouping by entry.
const PHRASINGS_FETCHED: usize = 100;
/// How many ranked entries a [`Reply`] carries.
const RANKED_KEPT: usize = 10;

/// Answers questions from one knowledge base.
pub struct Responder {
    manifest: Manifest,
    searcher: Searcher,
    langs: Vec<LangQuery>,
    grams: (Field, TextAnalyzer),
    phrasings_of: Vec<u32>,
}

/// The responder's reply to one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reply {
    /// What to do.
    pub decision: Decision,
    /// The best entries, best first (at most 10).
    pub ranked: Vec<Candidate>,
}

/// Documents left out of a ranking (to fit thresholds on the knowledge base itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "build"), allow(dead_code))]
pub(crate) enum Exclude {
    Nothing,
    /// One phrasing, as if it were a new question.
    Phrasing(u32),
    /// A whole entry, as if the question were out of scope.
    Entry(u32),
}

impl Responder {
    /// Loads a bundle written by `plauder build`.
    pub fn from_bundle(bytes: &[u8]) -> Result<Responder> {
        let bundle = bundle::read(bytes)?;
        Responder::from_parts(bundle.manifest, bundle.files)
    }

    pub(crate) fn from_parts(manifest: Manifest, files: Files) -> Result<Responder> {
        check_manifest(&manifest)?;
        let opened = index::open(files, &manifest.langs)?;
        if opened.searcher.num_docs() != manifest.phrasing_entry.len() as u64 {
            return Err(Error::Corrupt(
                "index and manifest disagree on the number of phrasings".into(),
            ));
        }
        let langs = opened.fields.langs.iter().map(LangQuery::new).collect();
        let mut phrasings_of = vec![0u32; manifest.entries.len()];
        for &entry in &manifest.phrasing_entry {
            phrasings_of[entry as usize] += 1;
        }
        Ok(Responder {
            langs,
            grams: (opened.fields.grams, gram_analyzer()),
            searcher: opened.searcher,
            phrasings_of,
            manifest,
        })
    }

    /// The entries, in knowledge-base order.
    pub fn entries(&self) -> &[Entry] {
        &self.manifest.entries
    }

    /// The languages of the knowledge base.
    pub fn langs(&self) -> &[Lang] {
        &self.manifest.langs
    }

    /// The Plauder version that built the bundle.
    pub fn built_by(&self) -> &str {
        &self.manifest.plauder_version
    }

    /// The number of phrasings indexed.
    pub fn phrasing_count(&self) -> usize {
        self.manifest.phrasing_entry.len()
    }

    /// For each indexed phrasing, the position of its entry.
    #[cfg(feature = "build")]
    pub(crate) fn phrasing_entries(&self) -> &[u32] {
        &self.manifest.phrasing_entry
    }

    /// The thresholds in use.
    pub fn thresholds(&self) -> Thresholds {
        self.manifest.thresholds
    }

    /// Replaces the thresholds (for instance from the embedding page's settings).
    pub fn set_thresholds(&mut self, thresholds: Thresholds) -> Result<()> {
        thresholds.validate().map_err(Error::InvalidArgument)?;
        self.manifest.thresholds = thresholds;
        Ok(())
    }

    /// Answers a visitor's question.
    pub fn answer(&self, question: &str) -> Result<Reply> {
        let (decision, mut ranked) = self.decide(question)?;
        ranked.truncate(RANKED_KEPT);
        Ok(Reply { decision, ranked })
    }

    /// The decision and the whole ranking.
    pub(crate) fn decide(&self, question: &str) -> Result<(Decision, Vec<Candidate>)> {
        let ranked = self.rank(question, Exclude::Nothing)?;
        let decision = match self.asks_for_human(question) {
            true => Decision::Handoff {
                reason: HandoffReason::AskedForHuman,
            },
            false => decide(
                &ranked,
                &self.manifest.thresholds,
                fold(question).split(' ').filter(|w| !w.is_empty()).count(),
            ),
        };
        Ok((decision, ranked))
    }

    /// Whether the question asks for a person, in English or a language of the knowledge base.
    pub fn asks_for_human(&self, question: &str) -> bool {
        human::asks_for_human(question, &self.manifest.langs)
    }

    /// Ranks entries for a question, best first, leaving `exclude` out.
    pub(crate) fn rank(&self, question: &str, exclude: Exclude) -> Result<Vec<Candidate>> {
        let (query, norms) = self.query(question)?;
        let Some(query) = query else {
            return Ok(Vec::new());
        };
        let excluded = match exclude {
            Exclude::Nothing => 0,
            Exclude::Phrasing(_) => 1,
            Exclude::Entry(entry) => self.phrasings_of[entry as usize] as usize,
        };
        let collector = TopDocs::with_limit(PHRASINGS_FETCHED + excluded).order_by_score();
        let hits = self.searcher.search(&query, &collector)?;
        // Per entry, in order of first appearance: its score so far, how many
        // phrasings it counts, and the weight of the next.
        let mut scores: Vec<(usize, f32, u32, f32)> = Vec::new();
        let mut position: HashMap<usize, usize> = HashMap::new();
        for (score, address) in hits {
            let doc = address.doc_id;
            let entry = self.manifest.phrasing_entry[doc as usize] as usize;
            let skip = match exclude {
                Exclude::Nothing => false,
                Exclude::Phrasing(left_out) => doc == left_out,
                Exclude::Entry(left_out) => entry == left_out as usize,
            };
            if skip {
                continue;
            }
            match position.get(&entry) {
                Some(&at) if scores[at].2 < PHRASINGS_COUNTED => {
                    let (_, sum, counted, weight) = &mut scores[at];
                    *sum += *weight * score;
                    *counted += 1;
                    *weight *= PHRASING_DECAY;
                }
                Some(_) => {}
                None => {
                    position.insert(entry, scores.len());
                    scores.push((entry, score, 1, PHRASING_DECAY));
                }
            }
        }
        let mut ranked: Vec<Candidate> = scores
            .into_iter()
            .map(|(entry, score, _, _)| {
                let norm = norms
                    .get(&self.manifest.entries[entry].lang)
                    .copied()
                    .unwrap_or(f32::INFINITY);
                Candidate {
                    entry,
                    score,
                    confidence: if norm > 0.0 { score / norm } else { 0.0 },
                }
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(ranked)
    }

    /// The query for a question, and per language the best score it could reach.
    fn query(&self, question: &str) -> Result<(Option<BooleanQuery>, HashMap<Lang, f32>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let (grams_field, grams) = &self.grams;
        let gram_terms = distinct_terms(grams, question);
        let gram_norm = self.add_terms(&mut clauses, *grams_field, &gram_terms, GRAM_WEIGHT)?;
        let mut norms = HashMap::new();
        for lang in &self.langs {
            let words = distinct_terms(&lang.words, question);
            let word_norm = self.add_terms(&mut clauses, lang.fields.words, &words, WORD_WEIGHT)?;
            if let (Some(parts_field), Some(parts)) = (lang.fields.parts, &lang.parts) {
                // Compounds meet their parts both ways, never part against part.
                self.add_terms(&mut clauses, parts_field, &words, PART_WEIGHT)?;
                let parts = distinct_terms(parts, question);
                self.add_terms(&mut clauses, lang.fields.words, &parts, PART_WEIGHT)?;
            }
            norms.insert(lang.fields.lang, word_norm + gram_norm);
        }
        let query = (!clauses.is_empty()).then(|| BooleanQuery::new(clauses));
        Ok((query, norms))
    }

    /// Adds a weighted term query per term; returns the sum of their weights
    /// (weight × idf), unknown terms included: what a perfect match would score.
    fn add_terms(
        &self,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
        field: Field,
        terms: &[String],
        weight: f32,
    ) -> Result<f32> {
        let docs = self.searcher.num_docs() as f32;
        let mut norm = 0.0;
        for text in terms {
            let term = Term::from_field_text(field, text);
            let df = self.searcher.doc_freq(&term)? as f32;
            if weight == GRAM_WEIGHT && df > docs * COMMON_GRAM_SHARE {
                continue;
            }
            norm += weight * (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
            if df > 0.0 {
                let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), weight)),
                ));
            }
        }
        Ok(norm)
    }
}

/// The analyzers and fields of one language.
struct LangQuery {
    fields: LangFields,
    words: TextAnalyzer,
    parts: Option<TextAnalyzer>,
}

impl LangQuery {
    fn new(fields: &LangFields) -> LangQuery {
        LangQuery {
            fields: *fields,
            words: analyzer(fields.lang),
            parts: parts_analyzer(fields.lang),
        }
    }
}

/// The distinct terms `analyzer` makes of `text`.
fn distinct_terms(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut found = terms(&mut analyzer.clone(), text);
    found.sort();
    found.dedup();
    found
}
