//! Where a knowledge base is weak, before visitors find out: every phrasing
//! of an entry with several is asked as a visitor's new question would be
//! (left out of the index), and the outcomes are grouped: entries that take
//! each other's questions, and entries that none of their own phrasings finds.
//! The studio shows it beside the entries.
//!
//! The index leaves each asked phrasing out; a bundle's learned model (most
//! knowledge bases with several phrasings per entry ship one) was trained on
//! all of them, so where it has a share the quiz is a little kind.

use serde::{Deserialize, Serialize};

use crate::decision::{Decision, HandoffReason};
use crate::error::Result;
use crate::responder::Responder;
use crate::source::KnowledgeBase;

/// Questions of one entry that another entry took (answered, or offered
/// beside it in a clarify).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taken {
    /// The entry the questions belong to (position).
    pub entry: usize,
    /// The entry that took them.
    pub by: usize,
    /// The questions.
    pub questions: Vec<String>,
    /// Whether `by` answered at least one of them outright (else it was
    /// only offered next to `entry`).
    pub answered: bool,
}

/// An entry that none of its own phrasings, asked anew, gets answered with
/// (offered among others in a clarify at best).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfound {
    /// The entry (position).
    pub entry: usize,
    /// Its phrasings, none of which finds it.
    pub questions: Vec<String>,
}

/// The self-quiz, grouped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    /// Phrasings asked.
    pub asked: usize,
    /// Of those, answered with their own entry.
    pub answered_right: usize,
    /// Of those, their entry offered in a clarify.
    pub offered: usize,
    /// Entries that take another's questions, most questions first.
    pub taken: Vec<Taken>,
    /// Entries none of whose phrasings is answered with them.
    pub unfound: Vec<Unfound>,
    /// Entries with a single phrasing: nothing to hold out.
    pub untested: Vec<usize>,
}

/// Quizzes a knowledge base with the responder built from it.
pub fn quiz(kb: &KnowledgeBase, responder: &Responder) -> Result<Quiz> {
    let mut quiz = Quiz::default();
    let mut doc = 0u32;
    for (entry, source) in kb.entries.iter().enumerate() {
        let first_doc = doc;
        doc += source.phrasings.len() as u32;
        if source.phrasings.len() < 2 {
            quiz.untested.push(entry);
            continue;
        }
        let mut found = false;
        for (i, question) in source.phrasings.iter().enumerate() {
            let decision = responder.decide_without(question, first_doc + i as u32)?;
            let (others, answered) = match decision {
                // A phrasing that asks for a person is not the FAQ's to answer.
                Decision::Handoff {
                    reason: HandoffReason::AskedForHuman,
                } => continue,
                Decision::Handoff {
                    reason: HandoffReason::NoMatch,
                } => (Vec::new(), false),
                Decision::Answer { entry: got } if got == entry => (Vec::new(), true),
                Decision::Answer { entry: got } => (vec![got], true),
                Decision::Clarify { entries } => {
                    let own = entries.contains(&entry);
                    quiz.offered += usize::from(own);
                    (entries.into_iter().filter(|&e| e != entry).collect(), false)
                }
            };
            quiz.asked += 1;
            if answered && others.is_empty() {
                quiz.answered_right += 1;
                found = true;
            }
            for by in others {
                note_taken(&mut quiz.taken, entry, by, question, answered);
            }
        }
        if !found {
            quiz.unfound.push(Unfound {
                entry,
                questions: source.phrasings.clone(),
            });
        }
    }
    quiz.taken
        .sort_by_key(|t| std::cmp::Reverse((t.answered, t.questions.len())));
    Ok(quiz)
}

fn note_taken(taken: &mut Vec<Taken>, entry: usize, by: usize, question: &str, answered: bool) {
    match taken.iter_mut().find(|t| t.entry == entry && t.by == by) {
        Some(pair) => {
            pair.questions.push(question.to_string());
            pair.answered |= answered;
        }
        None => taken.push(Taken {
            entry,
            by,
            questions: vec![question.to_string()],
            answered,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildOptions, build};
    use crate::lang::Lang;
    use crate::source::parse_str;

    fn quizzed(markdown: &str) -> Quiz {
        let kb = parse_str("faq.md", markdown, "md", Lang::English).unwrap();
        let built = build(&kb, &BuildOptions::default()).unwrap();
        quiz(&kb, &built.responder).unwrap()
    }

    #[test]
    fn entries_that_take_each_others_questions_are_named() {
        let quiz = quizzed(
            "## How long does delivery take?\n? When will my parcel arrive?\n? How many days until my order arrives?\n\nTwo days.\n\n\
             ## Can I track my parcel?\n? Where is my parcel?\n? Is there a tracking number for my parcel?\n\nYes, by e-mail.\n\n\
             ## Do you ship abroad?\n? Can I order from another country?\n\nTo the EU.\n\n\
             ## What does shipping cost?\n\nFive euros.\n",
        );
        assert_eq!(quiz.untested, vec![3]);
        assert_eq!(quiz.asked, 8);
        assert!(quiz.answered_right + quiz.offered <= quiz.asked);
        // "When will my parcel arrive?" shares "parcel" with the tracking entry only.
        assert!(
            quiz.taken.iter().any(|t| t.entry == 0
                && t.by == 1
                && t.questions
                    .contains(&"When will my parcel arrive?".to_string())),
            "{quiz:#?}"
        );
    }

    #[test]
    fn an_entry_whose_phrasings_share_no_word_is_unfound() {
        let quiz = quizzed(
            "## Opening hours\n? When are you open?\n\nNine to five.\n\n\
             ## Refunds\n? Money back after purchase\n\nWithin 30 days.\n\n\
             ## Payment cards\n? Which credit cards work?\n\nVisa and Mastercard.\n",
        );
        assert!(quiz.unfound.iter().any(|u| u.entry == 1), "{quiz:#?}");
        assert_eq!(quiz.untested, Vec::<usize>::new());
    }
}
