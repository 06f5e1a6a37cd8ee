//! Where visitors' real questions land: grouped by the entry that answers
//! them, the entries the FAQ could not choose between, requests for a
//! person, and what it could not answer (what to add). `plauder report`
//! prints it; the studio will show the same.

use serde::{Deserialize, Serialize};

use crate::decision::{Decision, HandoffReason};
use crate::error::Result;
use crate::responder::Reply;

/// A question and how often it was asked (compared without case and
/// surrounding spaces; the first spelling is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// The question.
    pub question: String,
    /// How often.
    pub count: usize,
}

/// The questions that landed on one outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The entries (positions): the one answering, or the candidates offered.
    pub entries: Vec<usize>,
    /// The questions, most asked first.
    pub questions: Vec<Asked>,
}

impl Group {
    /// How many questions, repeats included.
    pub fn count(&self) -> usize {
        self.questions.iter().map(|q| q.count).sum()
    }
}

/// Every question's outcome, grouped; each list most asked first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// How many questions, repeats included (blank lines are no questions).
    pub total: usize,
    /// Answered, by entry.
    pub answered: Vec<Group>,
    /// The FAQ offered candidates, by the set offered.
    pub clarified: Vec<Group>,
    /// The visitor asked for a person.
    pub asked_for_person: Vec<Asked>,
    /// No entry fits: what the FAQ lacks.
    pub unanswered: Vec<Asked>,
}

/// Groups `questions` by what `reply` decides for each.
pub fn report<'q>(
    questions: impl IntoIterator<Item = &'q str>,
    mut reply: impl FnMut(&str) -> Result<Reply>,
) -> Result<Report> {
    let mut report = Report::default();
    for question in questions
        .into_iter()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        report.total += 1;
        match reply(question)?.decision {
            Decision::Answer { entry } => add_to_group(&mut report.answered, vec![entry], question),
            Decision::Clarify { entries } => add_to_group(&mut report.clarified, entries, question),
            Decision::Handoff {
                reason: HandoffReason::AskedForHuman,
            } => add(&mut report.asked_for_person, question),
            Decision::Handoff {
                reason: HandoffReason::NoMatch,
            } => add(&mut report.unanswered, question),
        }
    }
    for group in report.answered.iter_mut().chain(&mut report.clarified) {
        most_asked_first(&mut group.questions);
    }
    report
        .answered
        .sort_by_key(|g| std::cmp::Reverse(g.count()));
    report
        .clarified
        .sort_by_key(|g| std::cmp::Reverse(g.count()));
    most_asked_first(&mut report.asked_for_person);
    most_asked_first(&mut report.unanswered);
    Ok(report)
}

fn add_to_group(groups: &mut Vec<Group>, entries: Vec<usize>, question: &str) {
    match groups.iter_mut().find(|g| g.entries == entries) {
        Some(group) => add(&mut group.questions, question),
        None => groups.push(Group {
            entries,
            questions: vec![Asked {
                question: question.to_string(),
                count: 1,
            }],
        }),
    }
}

fn add(list: &mut Vec<Asked>, question: &str) {
    let key = question.to_lowercase();
    match list.iter_mut().find(|a| a.question.to_lowercase() == key) {
        Some(asked) => asked.count += 1,
        None => list.push(Asked {
            question: question.to_string(),
            count: 1,
        }),
    }
}

/// Most asked first; ties keep the order they were first asked in.
fn most_asked_first(list: &mut [Asked]) {
    list.sort_by_key(|a| std::cmp::Reverse(a.count));
}

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;
    use crate::{Lang, Responder, build, source};

    const FAQ: &str = "## How long does delivery take?\n? When will my order arrive?\n? delivery time\n\n\
        Two to three working days.\n\n## Can I return an item?\n? How do I send something back?\n? returns\n\n\
        Yes, within 30 days.\n";

    #[test]
    fn questions_are_grouped_by_outcome_most_asked_first() {
        let kb = source::parse_str("faq.md", FAQ, "md", Lang::English).unwrap();
        let responder: Responder = build::build(&kb, &Default::default()).unwrap().responder;
        let questions = "when does my order arrive\n\nWhen does my order arrive \nreturns\n\
            I want to talk to a human\ndo you sell gift cards\ndo you sell gift cards\nwhat about parking\n";
        let report = report(questions.lines(), |q| responder.answer(q)).unwrap();
        assert_eq!(report.total, 7);
        let entry = |id: &str| responder.entries().iter().position(|e| e.id == id).unwrap();
        assert_eq!(
            report.answered[0].entries,
            [entry("how-long-does-delivery-take")]
        );
        assert_eq!(
            report.answered[0].questions,
            [Asked {
                question: "when does my order arrive".into(),
                count: 2
            }]
        );
        assert_eq!(report.answered[1].entries, [entry("can-i-return-an-item")]);
        assert_eq!(report.asked_for_person.len(), 1);
        assert_eq!(
            report.unanswered[0],
            Asked {
                question: "do you sell gift cards".into(),
                count: 2
            }
        );
        assert_eq!(report.unanswered[1].question, "what about parking");
    }
}
