//! Measuring answer quality on labelled questions (`plauder eval`).
//!
//! The questions file is CSV with header `query,expected_id`; an empty
//! `expected_id` marks an out-of-scope question, whose right outcome is any
//! decision but `Answer`.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::decision::Decision;
use crate::error::{Error, Problem, Result};
use crate::responder::Responder;

/// One labelled question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question.
    pub text: String,
    /// The id of the entry that answers it; `None` when out of scope.
    pub expected: Option<String>,
    /// Its line in the file.
    pub line: usize,
}

/// The figures of one evaluation; percentages from 0 to 100.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// In-scope questions.
    pub n_in_scope: usize,
    /// Out-of-scope questions.
    pub n_out_of_scope: usize,
    /// In-scope questions whose entry ranks first.
    pub accuracy_at_1: f64,
    /// Mean reciprocal rank of the expected entry (0 when not retrieved), in-scope questions.
    pub mrr: f64,
    /// In-scope questions answered (decision `Answer`) with the right entry.
    pub in_scope_accuracy: f64,
    /// Out-of-scope questions not answered; `null` without any.
    pub oos_recall: Option<f64>,
    /// All questions that got a `Clarify`.
    pub clarify_rate: f64,
    /// In-scope questions whose `Clarify` candidates hold the right entry.
    pub clarify_hit_rate: f64,
    /// Out-of-scope questions offered candidates (`Clarify`) instead of a
    /// person; `null` without any.
    pub oos_clarify_rate: Option<f64>,
    /// `Answer` decisions that were right, over all `Answer` decisions.
    pub answer_precision: f64,
    /// Questions answered per second (native, one thread).
    pub queries_per_second: f64,
    /// Size of the bundle file.
    pub bundle_bytes: usize,
}

/// Reads a questions file.
pub fn read_questions(path: &Path) -> Result<Vec<Question>> {
    let name = path.display().to_string();
    let text = std::fs::read(path).map_err(|error| Error::Io {
        path: name.clone(),
        error: error.to_string(),
    })?;
    let text = String::from_utf8(text).map_err(|_| {
        Error::Invalid(vec![Problem::new(
            &name,
            None,
            "invalid UTF-8",
            "save the file as UTF-8",
        )])
    })?;
    parse_questions(&name, &text)
}

/// Parses a questions file's text; `name` is used in errors.
pub fn parse_questions(name: &str, text: &str) -> Result<Vec<Question>> {
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(name, Some(1), format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let (Some(query), Some(expected)) = (
        header.iter().position(|h| h == "query"),
        header.iter().position(|h| h == "expected_id"),
    ) else {
        return Err(invalid(
            name,
            Some(1),
            format!("header is '{}'", header.join(",")),
        ));
    };
    let mut questions = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| invalid(name, e.position().map(|p| p.line() as usize), e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let text = record.get(query).unwrap_or("").trim().to_string();
        let expected = record
            .get(expected)
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string);
        if !text.is_empty() {
            questions.push(Question {
                text,
                expected,
                line,
            });
        }
    }
    Ok(questions)
}

fn invalid(name: &str, line: Option<usize>, message: String) -> Error {
    Error::Invalid(vec![Problem::new(
        name,
        line,
        message,
        "use the header query,expected_id and one question per row",
    )])
}

/// Asks every question and measures; `bundle_bytes` is reported as given.
///
/// With `embeddings` (one per question, from the encoder of the responder's
/// second tier) both tiers answer; without, the first alone.
pub fn evaluate(
    responder: &Responder,
    questions: &[Question],
    bundle_bytes: usize,
    file: &str,
    embeddings: Option<&[Vec<f32>]>,
) -> Result<Report> {
    let ids: HashMap<&str, usize> = responder
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let unknown: Vec<Problem> = questions
        .iter()
        .filter_map(|q| {
            let id = q.expected.as_deref()?;
            (!ids.contains_key(id)).then(|| {
                Problem::new(
                    file,
                    Some(q.line),
                    format!("expected_id '{id}' is not an entry of the knowledge base"),
                    "use an id of the knowledge base, or leave it empty for out-of-scope questions",
                )
            })
        })
        .take(20)
        .collect();
    if !unknown.is_empty() {
        return Err(Error::Invalid(unknown));
    }
    let mut tally = Tally::default();
    let started = Instant::now();
    for (n, question) in questions.iter().enumerate() {
        let (decision, ranked) = match embeddings.and_then(|e| e.get(n)) {
            Some(embedding) => responder.decide_understood(&question.text, embedding)?,
            None => responder.decide(&question.text)?,
        };
        let expected = question.expected.as_deref().map(|id| ids[id]);
        let rank = expected.and_then(|entry| ranked.iter().position(|c| c.entry == entry));
        tally.add(&decision, expected, rank);
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(tally.report(questions.len() as f64 / seconds.max(1e-9), bundle_bytes))
}

#[derive(Default)]
struct Tally {
    in_scope: usize,
    out_of_scope: usize,
    first: usize,
    reciprocal_ranks: f64,
    answered_right: usize,
    answered_wrong: usize,
    oos_not_answered: usize,
    clarified: usize,
    clarified_right: usize,
    oos_clarified: usize,
}

impl Tally {
    fn add(&mut self, decision: &Decision, expected: Option<usize>, rank: Option<usize>) {
        if let Decision::Clarify { entries } = decision {
            self.clarified += 1;
            self.clarified_right += expected.is_some_and(|e| entries.contains(&e)) as usize;
            self.oos_clarified += expected.is_none() as usize;
        }
        let answered = match decision {
            Decision::Answer { entry } => Some(*entry),
            _ => None,
        };
        match expected {
            Some(entry) => {
                self.in_scope += 1;
                self.first += (rank == Some(0)) as usize;
                self.reciprocal_ranks += rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
                self.answered_right += (answered == Some(entry)) as usize;
                self.answered_wrong += answered.is_some_and(|a| a != entry) as usize;
            }
            None => {
                self.out_of_scope += 1;
                self.oos_not_answered += answered.is_none() as usize;
                self.answered_wrong += answered.is_some() as usize;
            }
        }
    }

    fn report(&self, queries_per_second: f64, bundle_bytes: usize) -> Report {
        let pct = |n: usize, of: usize| {
            if of == 0 {
                0.0
            } else {
                round(100.0 * n as f64 / of as f64)
            }
        };
        Report {
            n_in_scope: self.in_scope,
            n_out_of_scope: self.out_of_scope,
            accuracy_at_1: pct(self.first, self.in_scope),
            mrr: if self.in_scope == 0 {
                0.0
            } else {
                round(100.0 * self.reciprocal_ranks / self.in_scope as f64) / 100.0
            },
            in_scope_accuracy: pct(self.answered_right, self.in_scope),
            oos_recall: (self.out_of_scope > 0)
                .then(|| pct(self.oos_not_answered, self.out_of_scope)),
            clarify_rate: pct(self.clarified, self.in_scope + self.out_of_scope),
            clarify_hit_rate: pct(self.clarified_right, self.in_scope),
            oos_clarify_rate: (self.out_of_scope > 0)
                .then(|| pct(self.oos_clarified, self.out_of_scope)),
            answer_precision: pct(
                self.answered_right,
                self.answered_right + self.answered_wrong,
            ),
            queries_per_second: queries_per_second.round(),
            bundle_bytes,
        }
    }
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
