//! Where a knowledge base is weak, before visitors find out: the questions
//! the build's fit asked itself (`fit.rs`: phrasings of entries with several,
//! each left out of the index and of the model that answers it) are decided
//! with the fitted thresholds and grouped: entries that take each other's
//! questions, and entries that none of their own asked phrasings finds.
//! Nothing is asked again. The studio shows it beside the entries.
//!
//! A small knowledge base has every such phrasing asked; a large one a
//! sample (the fit's limits), so some entries are not quizzed at all, and
//! [`Quiz::entries_quizzed`] says how many were.

use serde::{Deserialize, Serialize};

use crate::build::Built;
use crate::decision::{Decision, HandoffReason};
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

/// An entry that none of its own phrasings asked anew gets answered with
/// (offered among others in a clarify at best).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfound {
    /// The entry (position).
    pub entry: usize,
    /// Its phrasings asked, none of which found it.
    pub questions: Vec<String>,
}

/// The self-quiz, grouped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    /// Phrasings asked.
    pub asked: usize,
    /// Entries some of whose phrasings were asked.
    pub entries_quizzed: usize,
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

/// Groups the self-quiz of a knowledge base's build. Without one (the
/// thresholds were given, not fitted) only the single-phrasing entries are
/// known.
pub fn quiz(kb: &KnowledgeBase, built: &Built) -> Quiz {
    let mut quiz = Quiz {
        untested: (kb.entries.iter().enumerate())
            .filter(|(_, e)| e.phrasings.len() < 2)
            .map(|(entry, _)| entry)
            .collect(),
        ..Quiz::default()
    };
    let Some(asked) = &built.self_quiz else {
        return quiz;
    };
    let thresholds = built.responder.thresholds();
    // Per entry: its phrasings asked, and whether one found it.
    let mut by_entry: Vec<(Vec<String>, bool)> = vec![(Vec::new(), false); kb.entries.len()];
    let held_out = asked.quizzes.iter().zip(&asked.first);
    for (question, ranked) in held_out.filter(|(q, _)| q.in_scope && q.doc.is_some()) {
        let entry = question.entry;
        let decision = built
            .responder
            .decision(&question.text, ranked, &thresholds);
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
        let (questions, found) = &mut by_entry[entry];
        questions.push(question.text.clone());
        if answered && others.is_empty() {
            quiz.answered_right += 1;
            *found = true;
        }
        for by in others {
            note_taken(&mut quiz.taken, entry, by, &question.text, answered);
        }
    }
    for (entry, (questions, found)) in by_entry.into_iter().enumerate() {
        if !questions.is_empty() {
            quiz.entries_quizzed += 1;
            if !found {
                quiz.unfound.push(Unfound { entry, questions });
            }
        }
    }
    quiz.taken
        .sort_by_key(|t| std::cmp::Reverse((t.answered, t.questions.len())));
    quiz
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
        quiz(&kb, &built)
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
        assert_eq!(quiz.entries_quizzed, 3);
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
