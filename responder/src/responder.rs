//! Answering questions from a bundle.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, TermInfo};
use tantivy::query::Bm25Weight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocSet, InvertedIndexReader, SegmentReader, TERMINATED, Term};

use crate::analysis::{analyzer, fold, gram_analyzer, parts_analyzer, terms};
use crate::bundle::{self, Entry, Files, Manifest, check_manifest};
use crate::decision::{Candidate, Decision, HandoffReason, Thresholds, decide};
use crate::error::{Error, Result};
use crate::human;
use crate::index::{self, LangFields};
use crate::lang::Lang;
use crate::limits;
use crate::model::{MODEL_FILE, Model, features};
use crate::understanding::SecondTier;

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
/// Entries no word matched enter the ranking from this probability on.
const MIN_LEARNED: f32 = 0.001;
/// An answer indexed as evidence counts this much of a phrasing matching as well.
const ANSWER_WEIGHT: f32 = 0.5;
/// How many ranked entries a [`Reply`] carries.
const RANKED_KEPT: usize = 10;

/// Answers questions from one knowledge base.
pub struct Responder {
    manifest: Manifest,
    /// The phrasings indexed.
    docs: u32,
    /// Each field's postings and lengths.
    indexed: HashMap<Field, Indexed>,
    langs: Vec<LangQuery>,
    grams: (Field, TextAnalyzer),
    /// Per entry, its documents: phrasings and answer.
    phrasings_of: Vec<u32>,
    model: Model,
    /// The checksum that ends the bundle's bytes (0 before it is written).
    checksum: u32,
    /// What the encoder knows of the knowledge base, once attached.
    second: Option<SecondTier>,
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

impl Exclude {
    /// Whether document `doc` of entry `entry` is left out.
    pub(crate) fn leaves_out(self, doc: u32, entry: usize) -> bool {
        match self {
            Exclude::Nothing => false,
            Exclude::Phrasing(left_out) => doc == left_out,
            Exclude::Entry(left_out) => entry == left_out as usize,
        }
    }
}

impl Responder {
    /// Loads a bundle written by `plauder build`.
    pub fn from_bundle(bytes: &[u8]) -> Result<Responder> {
        let bundle = bundle::read(bytes)?;
        let mut responder = Responder::from_parts(bundle.manifest, bundle.files)?;
        responder.checksum = bundle::checksum(bytes);
        Ok(responder)
    }

    pub(crate) fn from_parts(manifest: Manifest, mut files: Files) -> Result<Responder> {
        check_manifest(&manifest)?;
        let model = match files.iter().position(|f| f.0 == MODEL_FILE) {
            Some(at) => Model::read(&files.remove(at).1, manifest.entries.len())?,
            None => return Err(Error::Corrupt("the bundle has no answer model".into())),
        };
        let opened = index::open(files, &manifest.langs)?;
        let segment = &opened.segment;
        let docs = manifest.phrasing_entry.len() + manifest.answer_entry.len();
        if segment.num_docs() as usize != docs || segment.max_doc() != segment.num_docs() {
            return Err(Error::Corrupt(
                "index and manifest disagree on the number of phrasings".into(),
            ));
        }
        let langs = opened.fields.langs.iter().map(LangQuery::new).collect();
        let mut fields = vec![opened.fields.grams];
        for lang in &opened.fields.langs {
            fields.extend([Some(lang.words), lang.parts].into_iter().flatten());
        }
        let indexed = fields
            .into_iter()
            .map(|field| Ok((field, Indexed::open(segment, field)?)))
            .collect::<Result<_>>()?;
        let mut phrasings_of = vec![0u32; manifest.entries.len()];
        for &entry in manifest.phrasing_entry.iter().chain(&manifest.answer_entry) {
            phrasings_of[entry as usize] += 1;
        }
        Ok(Responder {
            langs,
            grams: (opened.fields.grams, gram_analyzer()),
            docs: segment.max_doc(),
            indexed,
            phrasings_of,
            manifest,
            model,
            checksum: 0,
            second: None,
        })
    }

    /// Attaches the second tier (read from the `.tier2.plauder` file built
    /// with this bundle), for the encoder whose file ends in the checksum
    /// `encoder`: from then on [`Responder::answer_understood`] blends the
    /// encoder's scores in. A second tier of another bundle's build, or of
    /// another encoder, is refused.
    pub fn set_second_tier(&mut self, tier: SecondTier, encoder: u32) -> Result<()> {
        if tier.bundle != self.checksum || tier.entries != self.manifest.entries.len() {
            return Err(Error::SecondTier(
                "belongs to another build of the bundle: copy both files of one `plauder build --encoder`".into(),
            ));
        }
        if tier.encoder != encoder {
            return Err(Error::Encoder(format!(
                "the second tier was built with encoder-{:08x}.bin, not encoder-{encoder:08x}.bin: use that encoder, or publish the files of one build",
                tier.encoder
            )));
        }
        self.second = Some(tier);
        Ok(())
    }

    /// The file name of the encoder the bundle's second tier was built
    /// with (`encoder-<checksum>.bin`), if it was built with one.
    pub fn encoder_file(&self) -> Option<&str> {
        self.manifest.encoder.as_deref()
    }

    /// The second tier, if attached.
    pub fn second_tier(&self) -> Option<&SecondTier> {
        self.second.as_ref()
    }

    /// Answers with both tiers, given the question's embedding by the
    /// encoder the second tier was built with.
    pub fn answer_understood(&self, question: &str, embedding: &[f32]) -> Result<Reply> {
        let question = limits::cut(question, limits::QUESTION_CHARS);
        let (decision, mut ranked) = self.decide_understood(question, embedding)?;
        ranked.truncate(RANKED_KEPT);
        Ok(Reply { decision, ranked })
    }

    /// Per entry, the first tier's confidence and, with an embedding and a
    /// second tier, the encoder's score: what `plauder ask --explain` shows.
    pub fn tier_scores(
        &self,
        question: &str,
        embedding: Option<&[f32]>,
    ) -> Result<Vec<(f32, Option<f32>)>> {
        let question = limits::cut(question, limits::QUESTION_CHARS);
        let mut scores = vec![(0.0, None); self.manifest.entries.len()];
        for c in self.rank(question, Exclude::Nothing)? {
            scores[c.entry].0 = c.confidence;
        }
        if let (Some(tier), Some(e)) = (&self.second, embedding) {
            for (score, s) in scores
                .iter_mut()
                .zip(tier.scores(e, Exclude::Nothing, None))
            {
                score.1 = Some(s);
            }
        }
        Ok(scores)
    }

    /// The decision of both tiers and the whole blended ranking.
    pub(crate) fn decide_understood(
        &self,
        question: &str,
        embedding: &[f32],
    ) -> Result<(Decision, Vec<Candidate>)> {
        let tier = self.second.as_ref().ok_or_else(|| {
            Error::SecondTier("is not attached: build with `plauder build --encoder`".into())
        })?;
        if embedding.len() != tier.dims {
            return Err(Error::Encoder(format!(
                "gave {} dimensions, the second tier has {}: use the encoder it was built with",
                embedding.len(),
                tier.dims
            )));
        }
        let first = self.rank(question, Exclude::Nothing)?;
        let evidence = both_tiers(&first, tier.scores(embedding, Exclude::Nothing, None));
        let ranked = combine(&evidence, tier.share);
        let decision = self.decision(question, &ranked, &tier.thresholds);
        Ok((decision, ranked))
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

    /// Answers a visitor's question (its first [`limits::QUESTION_CHARS`]
    /// characters).
    pub fn answer(&self, question: &str) -> Result<Reply> {
        let question = limits::cut(question, limits::QUESTION_CHARS);
        let (decision, mut ranked) = self.decide(question)?;
        ranked.truncate(RANKED_KEPT);
        Ok(Reply { decision, ranked })
    }

    /// The decision and the whole ranking.
    pub(crate) fn decide(&self, question: &str) -> Result<(Decision, Vec<Candidate>)> {
        let ranked = self.rank(question, Exclude::Nothing)?;
        let decision = self.decision(question, &ranked, &self.manifest.thresholds);
        Ok((decision, ranked))
    }

    /// The decision on a ranking: a person when asked for, else by the thresholds.
    pub(crate) fn decision(
        &self,
        question: &str,
        ranked: &[Candidate],
        thresholds: &Thresholds,
    ) -> Decision {
        match self.asks_for_human(question) {
            true => Decision::Handoff {
                reason: HandoffReason::AskedForHuman,
            },
            false => decide(
                ranked,
                thresholds,
                fold(question).split(' ').filter(|w| !w.is_empty()).count(),
            ),
        }
    }

    /// Whether the question asks for a person, in English or a language of the knowledge base.
    pub fn asks_for_human(&self, question: &str) -> bool {
        human::asks_for_human(question, &self.manifest.langs)
    }

    /// Ranks entries for a question, best first, leaving `exclude` out.
    pub(crate) fn rank(&self, question: &str, exclude: Exclude) -> Result<Vec<Candidate>> {
        self.rank_with(question, exclude, &self.model)
    }

    /// Ranks entries with another model (one trained without the question).
    pub(crate) fn rank_with(
        &self,
        question: &str,
        exclude: Exclude,
        model: &Model,
    ) -> Result<Vec<Candidate>> {
        let evidence = self.evidence(question, exclude, model)?;
        Ok(combine(&evidence, self.manifest.learned_share))
    }

    /// What speaks for each entry: BM25's confidence and the model's.
    pub(crate) fn evidence(
        &self,
        question: &str,
        exclude: Exclude,
        model: &Model,
    ) -> Result<Vec<Evidence>> {
        let (terms, norms) = self.query(question)?;
        let excluded = match exclude {
            Exclude::Nothing => 0,
            Exclude::Phrasing(_) => 1,
            Exclude::Entry(entry) => self.phrasings_of[entry as usize] as usize,
        };
        let hits = self.search(&terms, PHRASINGS_FETCHED + excluded)?;
        // Per entry, in order of first appearance: its score so far, how many
        // phrasings it counts, and the weight of the next.
        let mut scores: Vec<(usize, f32, u32, f32)> = Vec::new();
        let mut position: HashMap<usize, usize> = HashMap::new();
        for (score, doc) in hits {
            let (entry, in_answer) = self
                .owner(doc)
                .ok_or_else(|| Error::Corrupt("a posting points past the last phrasing".into()))?;
            let score = match in_answer {
                true => score * ANSWER_WEIGHT,
                false => score,
            };
            if exclude.leaves_out(doc, entry) {
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
        // A probability is relative: the best of ten entries can reach 0.9
        // on a question made of words the model never saw. Scaled by the
        // share of the question it knows, it is evidence, not a guess.
        let (learned, known) = match model.is_empty() {
            // BM25 alone: no features to compute for a model that has none.
            true => (vec![0.0; self.manifest.entries.len()], 0.0),
            false => model.probabilities(&features(question)),
        };
        let mut lexical = vec![0.0f32; learned.len()];
        for (entry, score, _, _) in scores {
            let norm = norms
                .get(&self.manifest.entries[entry].lang)
                .copied()
                .unwrap_or(f32::INFINITY);
            lexical[entry] = if norm > 0.0 { score / norm } else { 0.0 };
        }
        Ok(lexical
            .into_iter()
            .zip(learned)
            .enumerate()
            .map(|(entry, (lexical, learned))| Evidence {
                entry,
                lexical,
                learned: learned * known,
            })
            .filter(|e| e.lexical > 0.0 || e.learned >= MIN_LEARNED)
            .collect())
    }

    /// The `limit` best phrasings for weighted terms: each phrasing scores the
    /// sum of its terms' BM25 scores (tantivy's, each times its weight), as a
    /// boolean query of boosted term queries would. Best first, ties by
    /// position.
    fn search(&self, terms: &[Weighted], limit: usize) -> Result<Vec<(f32, u32)>> {
        let mut score = vec![0.0f32; self.docs as usize];
        let mut touched: Vec<u32> = Vec::new();
        for (field, info, weight) in terms {
            let Some(indexed) = self.indexed.get(field) else {
                continue;
            };
            let bm25 = Bm25Weight::for_one_term_without_explain(
                u64::from(info.doc_freq),
                u64::from(self.docs),
                indexed.average_length,
            )
            .boost_by(*weight);
            let mut postings = indexed
                .postings
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                .map_err(|e| Error::Index(e.to_string()))?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                let Some(sum) = score.get_mut(doc as usize) else {
                    return Err(Error::Corrupt(
                        "a posting points past the last phrasing".into(),
                    ));
                };
                if *sum == 0.0 {
                    touched.push(doc);
                }
                *sum += bm25.score(indexed.lengths.fieldnorm_id(doc), postings.term_freq());
                doc = postings.advance();
            }
        }
        let best_first = |&a: &u32, &b: &u32| {
            score[b as usize]
                .total_cmp(&score[a as usize])
                .then(a.cmp(&b))
        };
        // The best `limit` first (in linear time), then only those sorted.
        if touched.len() > limit {
            touched.select_nth_unstable_by(limit, best_first);
            touched.truncate(limit);
        }
        touched.sort_unstable_by(best_first);
        Ok(touched
            .into_iter()
            .map(|d| (score[d as usize], d))
            .collect())
    }

    /// Which of a question's terms an entry's phrasings (or its answer's
    /// opening) hold: why the first tier ranks it where it does.
    pub fn matched(&self, question: &str, entry: usize) -> Result<Matched> {
        let question = limits::cut(question, limits::QUESTION_CHARS);
        let mut matched = Matched::default();
        let note = |list: &mut Vec<String>, answer: &mut Vec<String>, term: &str, hit: Hit| {
            let target = match hit {
                Hit::Phrasing => list,
                Hit::Answer => answer,
                Hit::None => return,
            };
            if !target.iter().any(|t| t == term) {
                target.push(term.to_string());
            }
        };
        for lang in &self.langs {
            for word in distinct_terms(&lang.words, question) {
                let hit = self.hit(lang.fields.words, &word, entry)?;
                note(&mut matched.words, &mut matched.in_answer, &word, hit);
                if let Some(parts) = lang.fields.parts {
                    let hit = self.hit(parts, &word, entry)?;
                    note(&mut matched.parts, &mut matched.in_answer, &word, hit);
                }
            }
            if let Some(parts) = &lang.parts {
                for part in distinct_terms(parts, question) {
                    let hit = self.hit(lang.fields.words, &part, entry)?;
                    note(&mut matched.parts, &mut matched.in_answer, &part, hit);
                }
            }
        }
        let (field, grams) = &self.grams;
        let grams = distinct_terms(grams, question);
        matched.grams.1 = grams.len();
        for gram in &grams {
            if self.hit(*field, gram, entry)? != Hit::None {
                matched.grams.0 += 1;
            }
        }
        Ok(matched)
    }

    /// Where `entry` holds `text` in `field`: in a phrasing, only in its
    /// answer's opening, or not at all.
    fn hit(&self, field: Field, text: &str, entry: usize) -> Result<Hit> {
        let Some(indexed) = self.indexed.get(&field) else {
            return Ok(Hit::None);
        };
        let term = Term::from_field_text(field, text);
        let Some(info) = indexed
            .postings
            .get_term_info(&term)
            .map_err(|e| Error::Index(e.to_string()))?
        else {
            return Ok(Hit::None);
        };
        let mut postings = indexed
            .postings
            .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
            .map_err(|e| Error::Index(e.to_string()))?;
        let mut found = Hit::None;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            match self.owner(doc) {
                Some((owner, false)) if owner == entry => return Ok(Hit::Phrasing),
                Some((owner, true)) if owner == entry => found = Hit::Answer,
                _ => {}
            }
            doc = postings.advance();
        }
        Ok(found)
    }

    /// The entry a document of the index belongs to, and whether it is the
    /// entry's answer opening (the documents after the phrasings) rather
    /// than a phrasing.
    fn owner(&self, doc: u32) -> Option<(usize, bool)> {
        let phrasings = self.manifest.phrasing_entry.len();
        match (doc as usize).checked_sub(phrasings) {
            None => self
                .manifest
                .phrasing_entry
                .get(doc as usize)
                .map(|&e| (e as usize, false)),
            Some(answer) => self
                .manifest
                .answer_entry
                .get(answer)
                .map(|&e| (e as usize, true)),
        }
    }

    /// The weighted terms of a question, and per language the best score it
    /// could reach.
    fn query(&self, question: &str) -> Result<(Vec<Weighted>, HashMap<Lang, f32>)> {
        let mut weighted = Vec::new();
        let (grams_field, grams) = &self.grams;
        let gram_terms = distinct_terms(grams, question);
        let gram_norm = self.add_terms(&mut weighted, *grams_field, &gram_terms, GRAM_WEIGHT)?;
        let mut norms = HashMap::new();
        for lang in &self.langs {
            let words = distinct_terms(&lang.words, question);
            let word_norm =
                self.add_terms(&mut weighted, lang.fields.words, &words, WORD_WEIGHT)?;
            if let (Some(parts_field), Some(parts)) = (lang.fields.parts, &lang.parts) {
                // Compounds meet their parts both ways, never part against part.
                self.add_terms(&mut weighted, parts_field, &words, PART_WEIGHT)?;
                let parts = distinct_terms(parts, question);
                self.add_terms(&mut weighted, lang.fields.words, &parts, PART_WEIGHT)?;
            }
            norms.insert(lang.fields.lang, word_norm + gram_norm);
        }
        Ok((weighted, norms))
    }

    /// Adds each term found in `field` with its weight; returns the sum of
    /// their weights (weight × idf), unknown terms included: what a perfect
    /// match would score.
    fn add_terms(
        &self,
        weighted: &mut Vec<Weighted>,
        field: Field,
        terms: &[String],
        weight: f32,
    ) -> Result<f32> {
        let docs = self.docs as f32;
        let mut norm = 0.0;
        let Some(indexed) = self.indexed.get(&field) else {
            return Ok(norm);
        };
        for text in terms {
            let term = Term::from_field_text(field, text);
            let info = indexed
                .postings
                .get_term_info(&term)
                .map_err(|e| Error::Index(e.to_string()))?;
            let df = info.as_ref().map_or(0.0, |i| i.doc_freq as f32);
            if weight == GRAM_WEIGHT && df > docs * COMMON_GRAM_SHARE {
                continue;
            }
            norm += weight * libm::logf(1.0 + (docs - df + 0.5) / (df + 0.5));
            if let Some(info) = info.filter(|i| i.doc_freq > 0) {
                weighted.push((field, info, weight));
            }
        }
        Ok(norm)
    }
}

/// Which of a question's terms an entry holds ([`Responder::matched`]),
/// as the index holds them (lower-cased, stemmed, umlauts spelled out).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Matched {
    /// Words found in a phrasing.
    pub words: Vec<String>,
    /// Compound parts found in a phrasing (a question's word in a
    /// phrasing's compound, or a part of the question's compound).
    pub parts: Vec<String>,
    /// Words and parts found only in the answer's opening (indexed as
    /// evidence for entries with few phrasings).
    pub in_answer: Vec<String>,
    /// Character trigrams of the question the entry holds, of how many.
    pub grams: (usize, usize),
}

/// Where an entry holds a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Phrasing,
    Answer,
    None,
}

/// What speaks for one entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evidence {
    pub entry: usize,
    /// BM25's confidence: the entry's score over what a perfect match would score.
    pub lexical: f32,
    /// The model's probability times the share of the question it knows.
    pub learned: f32,
}

/// What speaks for each entry in both tiers: the first tier's confidence
/// (from its ranking `first`) as `lexical`, the second tier's score
/// (`semantic`, one per entry) as `learned`, for [`combine`] with the
/// second tier's share.
pub(crate) fn both_tiers(first: &[Candidate], semantic: Vec<f32>) -> Vec<Evidence> {
    let mut lexical = vec![0f32; semantic.len()];
    for c in first {
        lexical[c.entry] = c.confidence;
    }
    semantic
        .into_iter()
        .zip(lexical)
        .enumerate()
        .map(|(entry, (learned, lexical))| Evidence {
            entry,
            lexical,
            learned,
        })
        .collect()
}

/// Ranks entries, best first, by `share` of the model's confidence plus the
/// rest of BM25's.
pub(crate) fn combine(evidence: &[Evidence], share: f32) -> Vec<Candidate> {
    let mut ranked: Vec<Candidate> = evidence
        .iter()
        .map(|e| {
            let confidence = (1.0 - share) * e.lexical + share * e.learned;
            Candidate {
                entry: e.entry,
                score: confidence,
                confidence,
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
    ranked
}

/// A term of a question as found in one field, with its weight.
type Weighted = (Field, TermInfo, f32);

/// One indexed field, ready to score: its postings, the length of each
/// phrasing in it, and their average.
struct Indexed {
    postings: Arc<InvertedIndexReader>,
    lengths: FieldNormReader,
    average_length: f32,
}

impl Indexed {
    fn open(segment: &SegmentReader, field: Field) -> Result<Indexed> {
        let postings = segment.inverted_index(field)?;
        let docs = segment.max_doc().max(1) as f32;
        Ok(Indexed {
            average_length: postings.total_num_tokens() as f32 / docs,
            lengths: segment.get_fieldnorms_reader(field)?,
            postings,
        })
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
