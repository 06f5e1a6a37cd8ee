//! One message of the conversation.

use std::rc::Rc;

use yew::prelude::*;

use super::app::Shared;
use super::handoff_card::HandoffCard;
use super::rich;
use crate::state::{Action, Message, Why};

/// Props of [`MessageView`].
#[derive(Properties)]
pub struct MessageProps {
    /// What the widget knows.
    pub shared: Rc<Shared>,
    /// The message.
    pub message: Message,
    /// Its position in the conversation.
    pub index: usize,
    /// The visitor's questions so far (for the handoff message).
    pub questions: Rc<Vec<String>>,
    /// Changes the conversation.
    pub on_action: Callback<Action>,
    /// Told which channel the visitor opened.
    pub on_channel: Callback<&'static str>,
}

impl PartialEq for MessageProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared)
            && self.message == other.message
            && self.index == other.index
            && self.questions == other.questions
    }
}

/// Renders one message.
#[function_component]
pub fn MessageView(props: &MessageProps) -> Html {
    let t = |key: &str| AttrValue::from(props.shared.strings.get(key));
    match &props.message {
        Message::Visitor(text) => html! {
            <div class="msg visitor"><span class="sr-only">{ t("you") }{ ": " }</span>{ text.clone() }</div>
        },
        Message::Answer { entry, feedback } => {
            let Some(entry_data) = props.shared.entry(*entry) else {
                return html! {};
            };
            let index = props.index;
            let vote = |helpful: bool| {
                props
                    .on_action
                    .reform(move |_: MouseEvent| Action::Feedback(index, helpful))
            };
            html! {
                <div class="msg bot answer">
                    <p class="question">{ entry_data.question.clone() }</p>
                    { rich::blocks(&entry_data.answer) }
                    if let Some(link) = &entry_data.link {
                        <p><a href={link.clone()} target="_blank" rel="noopener noreferrer">{ t("more_info") }{ " →" }</a></p>
                    }
                    <div class="feedback">
                        if feedback.is_none() {
                            <span>{ t("helpful") }</span>
                            <button type="button" onclick={vote(true)}>{ t("yes") }</button>
                            <button type="button" onclick={vote(false)}>{ t("no") }</button>
                        } else if *feedback == Some(true) {
                            <span>{ t("thanks") }</span>
                        }
                    </div>
                </div>
            }
        }
        Message::Clarify(entries) => {
            let pick = |entry: usize| {
                props
                    .on_action
                    .reform(move |_: MouseEvent| Action::Picked(entry))
            };
            let none = props.on_action.reform(|_: MouseEvent| Action::NoneOfThese);
            html! {
                <div class="msg bot clarify">
                    <p>{ t("clarify") }</p>
                    { for entries.iter().filter_map(|&e| props.shared.entry(e).map(|data| html! {
                        <button type="button" class="choice" onclick={pick(e)}>{ data.question.clone() }</button>
                    })) }
                    <button type="button" class="choice none" onclick={none}>{ t("none_of_these") }</button>
                </div>
            }
        }
        Message::Handoff(why) => {
            let intro = match why {
                Why::NoMatch => t("no_match"),
                Why::AskedForHuman | Why::Requested => t("asked_for_human"),
                Why::NotHelpful => t("not_helpful"),
                Why::Offline => t("offline"),
            };
            let channels = props.shared.channels(&props.questions);
            let qr = channels
                .iter()
                .find(|(c, _)| c.kind == "whatsapp" && crate::host::is_desktop())
                .map(|(c, _)| (c.href.clone(), t("scan")));
            html! {
                <div class="msg bot">
                    <HandoffCard {intro} hours_note={props.shared.hours_note().map(AttrValue::from)}
                        {channels} no_channel={t("no_channel")} on_open={props.on_channel.clone()} {qr} />
                </div>
            }
        }
    }
}
