//! The answer decision: answer, ask which entry was meant, or hand off to a person.

use serde::{Deserialize, Serialize};

/// What the widget should do with a question.
///
/// Read through `DecisionWire`, written tagged by `kind`; the same JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "DecisionWire")]
pub enum Decision {
    /// One entry answers the question with confidence (its position).
    Answer {
        /// The entry's position in [`crate::Responder::entries`].
        entry: usize,
    },
    /// Several entries might be meant: let the visitor pick (up to 3, best
    /// first; a single candidate not sure enough to answer is offered as
    /// "did you mean").
    Clarify {
        /// The candidates' positions, best first.
        entries: Vec<usize>,
    },
    /// Hand the visitor to a person.
    Handoff {
        /// Why.
        reason: HandoffReason,
    },
}

/// A [`Decision`] as its JSON has it: every kind's fields in one object.
///
/// Serde reads an enum tagged by a field inside the object by buffering the
/// whole value first, and that machinery was a tenth of the page's module;
/// a plain struct reads in one pass.
#[derive(Deserialize)]
struct DecisionWire {
    kind: DecisionKind,
    entry: Option<usize>,
    entries: Option<Vec<usize>>,
    reason: Option<HandoffReason>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DecisionKind {
    Answer,
    Clarify,
    Handoff,
}

impl TryFrom<DecisionWire> for Decision {
    type Error = String;

    fn try_from(wire: DecisionWire) -> Result<Decision, String> {
        use crate::json::required;
        Ok(match wire.kind {
            DecisionKind::Answer => Decision::Answer {
                entry: required(wire.entry, "answer", "entry")?,
            },
            DecisionKind::Clarify => Decision::Clarify {
                entries: required(wire.entries, "clarify", "entries")?,
            },
            DecisionKind::Handoff => Decision::Handoff {
                reason: required(wire.reason, "handoff", "reason")?,
            },
        })
    }
}

/// Why a question goes to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    /// The visitor asked for a person.
    AskedForHuman,
    /// No entry matches with enough confidence.
    NoMatch,
}

impl HandoffReason {
    /// The reason as its messages and the page's events spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            HandoffReason::AskedForHuman => "asked_for_human",
            HandoffReason::NoMatch => "no_match",
        }
    }
}

/// The confidence levels that separate the three decisions.
///
/// Confidence is an entry's score divided by the best score the question
/// could reach (the sum of its terms' weights): 1.0 means every term of the
/// question matched a phrasing of average length.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Answer when the best entry reaches this confidence…
    pub answer: f32,
    /// …and leads the second by at least this fraction of its score.
    pub margin: f32,
    /// Below `answer` but at least this: offer candidates.
    pub clarify: f32,
}

impl Default for Thresholds {
    /// Conservative values for knowledge bases too small to fit thresholds on.
    fn default() -> Self {
        Thresholds {
            answer: 0.55,
            margin: 0.1,
            clarify: 0.3,
        }
    }
}

impl Thresholds {
    /// Checks that the values are in range and ordered.
    pub fn validate(&self) -> Result<(), String> {
        let in_range = |v: f32| v.is_finite() && (0.0..=10.0).contains(&v);
        if !in_range(self.answer) || !in_range(self.clarify) || !(0.0..=1.0).contains(&self.margin)
        {
            return Err(format!(
                "thresholds out of range: {self:?} (answer and clarify 0–10, margin 0–1)"
            ));
        }
        if self.clarify > self.answer {
            return Err(format!(
                "the clarify threshold ({}) is above the answer threshold ({})",
                self.clarify, self.answer
            ));
        }
        Ok(())
    }
}

/// A ranked entry with its confidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The entry's position.
    pub entry: usize,
    /// Raw score (BM25 of the best phrasing).
    pub score: f32,
    /// Score relative to what the question could reach; see [`Thresholds`].
    pub confidence: f32,
}

/// The most candidates a clarify offers.
pub const MAX_CLARIFY: usize = 3;

/// Questions of at most this many words must lead by [`SHORT_MARGIN`].
pub const SHORT_QUESTION: usize = 2;
/// The lead a short question needs: one or two words ("order", "Bestellung")
/// often match several entries fully, and the visitor had better pick.
pub const SHORT_MARGIN: f32 = 0.4;

/// Decides from the ranked candidates (best first) for a question of `words` words.
pub fn decide(ranked: &[Candidate], thresholds: &Thresholds, words: usize) -> Decision {
    let Some(best) = ranked.first() else {
        return no_match();
    };
    let needed = match words <= SHORT_QUESTION {
        true => thresholds.margin.max(SHORT_MARGIN),
        false => thresholds.margin,
    };
    if best.confidence >= thresholds.answer && margin(ranked) >= needed {
        return Decision::Answer { entry: best.entry };
    }
    if best.confidence < thresholds.clarify {
        return no_match();
    }
    let floor = best.confidence * 0.5;
    let mut entries: Vec<usize> = ranked
        .iter()
        .take(MAX_CLARIFY)
        .filter(|c| c.confidence >= floor)
        .map(|c| c.entry)
        .collect();
    if entries.len() < 2 {
        entries = ranked.iter().take(2).map(|c| c.entry).collect();
    }
    Decision::Clarify { entries }
}

/// How far the best candidate leads the second, as a fraction of its score.
pub fn margin(ranked: &[Candidate]) -> f32 {
    match ranked {
        [best, second, ..] if best.score > 0.0 => (best.score - second.score) / best.score,
        [_, ..] => 1.0,
        [] => 0.0,
    }
}

fn no_match() -> Decision {
    Decision::Handoff {
        reason: HandoffReason::NoMatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(confidences: &[f32]) -> Vec<Candidate> {
        confidences
            .iter()
            .enumerate()
            .map(|(entry, &c)| Candidate {
                entry,
                score: c * 10.0,
                confidence: c,
            })
            .collect()
    }

    #[test]
    fn reasons_are_spelled_as_serialised() {
        for reason in [HandoffReason::AskedForHuman, HandoffReason::NoMatch] {
            assert_eq!(
                serde_json::to_string(&reason).unwrap(),
                format!("\"{}\"", reason.as_str())
            );
        }
    }

    #[test]
    fn decides_by_confidence_and_margin() {
        let t = Thresholds {
            answer: 0.6,
            margin: 0.2,
            clarify: 0.3,
        };
        assert_eq!(
            decide(&ranked(&[0.9, 0.2]), &t, 5),
            Decision::Answer { entry: 0 }
        );
        assert_eq!(
            decide(&ranked(&[0.9, 0.85, 0.8, 0.7]), &t, 5),
            Decision::Clarify {
                entries: vec![0, 1, 2]
            }
        );
        assert_eq!(
            decide(&ranked(&[0.4, 0.1]), &t, 5),
            Decision::Clarify {
                entries: vec![0, 1]
            }
        );
        assert_eq!(decide(&ranked(&[0.2, 0.1]), &t, 5), no_match());
        assert_eq!(decide(&ranked(&[]), &t, 5), no_match());
        assert_eq!(
            decide(&ranked(&[0.7]), &t, 5),
            Decision::Answer { entry: 0 }
        );
    }

    #[test]
    fn short_questions_need_a_clear_lead() {
        let t = Thresholds {
            answer: 0.6,
            margin: 0.1,
            clarify: 0.3,
        };
        assert_eq!(
            decide(&ranked(&[0.9, 0.7]), &t, 5),
            Decision::Answer { entry: 0 }
        );
        assert_eq!(
            decide(&ranked(&[0.9, 0.7]), &t, 1),
            Decision::Clarify {
                entries: vec![0, 1]
            }
        );
        assert_eq!(
            decide(&ranked(&[0.9, 0.3]), &t, 1),
            Decision::Answer { entry: 0 }
        );
    }

    #[test]
    fn rejects_disordered_thresholds() {
        assert!(
            Thresholds {
                answer: 0.3,
                margin: 0.1,
                clarify: 0.5
            }
            .validate()
            .is_err()
        );
        assert!(Thresholds::default().validate().is_ok());
    }
}
