//! The conversation: one state, the actions that change it, and the reducer.
//! Plain Rust, so native tests cover it.

use std::rc::Rc;

use responder::{Decision, HandoffReason, limits};
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// Why the visitor is offered a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Why {
    /// The FAQ has no confident answer.
    NoMatch,
    /// The visitor asked for a person.
    AskedForHuman,
    /// The visitor said an answer did not help, or none of the candidates fit.
    NotHelpful,
    /// The visitor pressed "Talk to a person".
    Requested,
    /// The FAQ could not load.
    Offline,
}

/// One message in the panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Message {
    /// What the visitor asked.
    Visitor(String),
    /// An FAQ entry (by position) and the visitor's feedback on it.
    Answer {
        /// The entry's position.
        entry: usize,
        /// Whether the visitor found it helpful, once they said.
        feedback: Option<bool>,
    },
    /// Candidates to pick from.
    Clarify(Vec<usize>),
    /// A handoff card.
    Handoff(Why),
}

/// The widget's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Whether the panel is open.
    #[serde(skip)]
    pub open: bool,
    /// The conversation, oldest first: its last
    /// [`limits::CONVERSATION_MESSAGES`] messages.
    pub messages: Vec<Message>,
    /// How many older messages were let go: a message's position (what
    /// [`Action::Feedback`] names) is `dropped` + its index in `messages`.
    #[serde(skip)]
    pub dropped: usize,
    /// Questions asked whose replies have not come yet.
    #[serde(skip)]
    pub waiting: usize,
}

/// What can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open the panel.
    Open,
    /// Close the panel.
    Close,
    /// The visitor asked.
    Asked(String),
    /// The reply to the oldest question waiting for one (`None`: the FAQ
    /// could not answer).
    Replied(Option<Decision>),
    /// The visitor picked a clarify candidate.
    Picked(usize),
    /// The visitor said an answer (message position) helped or not.
    Feedback(usize, bool),
    /// None of the candidates fit.
    NoneOfThese,
    /// The visitor pressed "Talk to a person".
    TalkToPerson,
    /// A conversation restored from this tab's session.
    Restore(Vec<Message>),
}

impl State {
    /// The visitor's questions so far, oldest first.
    pub fn questions(&self) -> Vec<String> {
        self.messages
            .iter()
            .filter_map(|m| match m {
                Message::Visitor(text) => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    /// The message at a position (see [`State::dropped`]).
    pub fn message(&self, at: usize) -> Option<&Message> {
        self.messages.get(at.checked_sub(self.dropped)?)
    }

    fn push(&mut self, message: Message) {
        self.messages.push(message);
        self.let_go();
    }

    /// Lets the oldest messages go, past the limit.
    fn let_go(&mut self) {
        let excess = self
            .messages
            .len()
            .saturating_sub(limits::CONVERSATION_MESSAGES);
        if excess > 0 {
            self.messages.drain(..excess);
            self.dropped += excess;
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Open => self.open = true,
            Action::Close => self.open = false,
            Action::Asked(question) => {
                self.open = true;
                self.waiting += 1;
                self.push(Message::Visitor(question));
            }
            Action::Replied(decision) => {
                self.waiting = self.waiting.saturating_sub(1);
                self.push(reply(decision));
            }
            Action::Picked(entry) => self.push(Message::Answer {
                entry,
                feedback: None,
            }),
            Action::Feedback(at, helpful) => {
                let index = at.checked_sub(self.dropped);
                if let Some(Message::Answer { feedback, .. }) =
                    index.and_then(|i| self.messages.get_mut(i))
                    && feedback.is_none()
                {
                    *feedback = Some(helpful);
                    if !helpful {
                        self.push(Message::Handoff(Why::NotHelpful));
                    }
                }
            }
            Action::NoneOfThese => self.push(Message::Handoff(Why::NotHelpful)),
            Action::TalkToPerson => {
                if self.messages.last() != Some(&Message::Handoff(Why::Requested)) {
                    self.push(Message::Handoff(Why::Requested));
                }
            }
            Action::Restore(messages) => {
                if self.messages.is_empty() {
                    self.messages = messages;
                    self.let_go();
                }
            }
        }
    }
}

fn reply(decision: Option<Decision>) -> Message {
    match decision {
        None => Message::Handoff(Why::Offline),
        Some(Decision::Answer { entry }) => Message::Answer {
            entry,
            feedback: None,
        },
        Some(Decision::Clarify { entries }) => Message::Clarify(entries),
        Some(Decision::Handoff {
            reason: HandoffReason::AskedForHuman,
        }) => Message::Handoff(Why::AskedForHuman),
        Some(Decision::Handoff {
            reason: HandoffReason::NoMatch,
        }) => Message::Handoff(Why::NoMatch),
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(actions: Vec<Action>) -> State {
        actions
            .into_iter()
            .fold(Rc::new(State::default()), |s, a| s.reduce(a))
            .as_ref()
            .clone()
    }

    #[test]
    fn a_question_gets_its_reply() {
        let state = run(vec![Action::Asked("when?".into())]);
        assert_eq!((state.open, state.waiting), (true, 1));
        let state = run(vec![
            Action::Asked("when?".into()),
            Action::Replied(Some(Decision::Answer { entry: 2 })),
        ]);
        assert_eq!(state.waiting, 0);
        assert_eq!(
            state.messages,
            [
                Message::Visitor("when?".into()),
                Message::Answer {
                    entry: 2,
                    feedback: None
                }
            ]
        );
    }

    #[test]
    fn unhelpful_answers_lead_to_a_person_once() {
        let state = run(vec![
            Action::Asked("q".into()),
            Action::Replied(Some(Decision::Answer { entry: 0 })),
            Action::Feedback(1, false),
            Action::Feedback(1, false),
        ]);
        assert_eq!(
            state.messages[1],
            Message::Answer {
                entry: 0,
                feedback: Some(false)
            }
        );
        assert_eq!(state.messages[2..], [Message::Handoff(Why::NotHelpful)]);
    }

    #[test]
    fn clarify_then_pick() {
        let state = run(vec![
            Action::Asked("pay".into()),
            Action::Replied(Some(Decision::Clarify {
                entries: vec![3, 4],
            })),
            Action::Picked(4),
        ]);
        assert_eq!(
            state.messages[1..],
            [
                Message::Clarify(vec![3, 4]),
                Message::Answer {
                    entry: 4,
                    feedback: None
                }
            ]
        );
    }

    #[test]
    fn without_faq_every_question_goes_to_a_person() {
        let state = run(vec![Action::Asked("q".into()), Action::Replied(None)]);
        assert_eq!(state.messages[1], Message::Handoff(Why::Offline));
        assert_eq!(state.questions(), ["q"]);
    }

    #[test]
    fn a_long_conversation_keeps_its_last_messages_and_their_positions() {
        let limit = limits::CONVERSATION_MESSAGES;
        let mut actions = Vec::new();
        for n in 0..limit {
            actions.push(Action::Asked(format!("q{n}")));
            actions.push(Action::Replied(Some(Decision::Answer { entry: n })));
        }
        // Position 2 * limit - 1 is the last answer; 1, the first, is gone.
        actions.push(Action::Feedback(2 * limit - 1, true));
        actions.push(Action::Feedback(1, false));
        let state = run(actions);
        assert_eq!(state.messages.len(), limit);
        assert_eq!(state.dropped, limit);
        assert_eq!(
            state.messages[0],
            Message::Visitor(format!("q{}", limit / 2))
        );
        assert_eq!(
            state.message(2 * limit - 1),
            Some(&Message::Answer {
                entry: limit - 1,
                feedback: Some(true)
            })
        );
        assert_eq!(state.message(1), None);
        assert_eq!(state.questions().len(), limit / 2);
    }

    #[test]
    fn talk_to_person_is_not_repeated() {
        let state = run(vec![Action::TalkToPerson, Action::TalkToPerson]);
        assert_eq!(state.messages, [Message::Handoff(Why::Requested)]);
    }
}
