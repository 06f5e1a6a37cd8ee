//! The widget's root: the conversation state, the panel around it, and the
//! commands the page's `Plauder.open() / close() / ask()` send in.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use responder::{Decision, Entry, limits};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRoot};
use yew::prelude::*;

use super::composer::Composer;
use super::header::Header;
use super::message::MessageView;
use crate::answerer::Answerer;
use crate::handoff::{self, Channel};
use crate::i18n::Strings;
use crate::settings::Settings;
use crate::state::{Action, Message, State, Why};
use crate::{host, hours};

/// What the widget knows for its whole life.
pub struct Shared {
    /// The embedding page's settings.
    pub settings: Settings,
    /// The words.
    pub strings: Strings,
    /// The FAQ's entries (none when it did not load).
    pub entries: Vec<Entry>,
    /// What answers questions, when the FAQ loaded.
    pub answerer: Option<Rc<Answerer>>,
    /// The loader's bubble, which gets focus back when the panel closes.
    pub bubble: Option<HtmlElement>,
    /// Where commands from the page go, once the app runs.
    pub remote: RefCell<Option<Callback<Command>>>,
    /// Commands sent before the app ran, played once it does.
    pub pending: RefCell<Vec<Command>>,
    /// A fingerprint of the FAQ's entries (see [`faq_version`]).
    pub faq_version: String,
    /// Whether the panel is open (or about to be, once Yew renders).
    pub open: Cell<bool>,
    /// Whether it ever was: the conversation is kept from then on.
    pub ever_opened: Cell<bool>,
    /// The panel the loader drew for the first frame, until this one
    /// replaces it.
    pub shell: RefCell<Option<web_sys::Element>>,
    /// Whether the panel now open replaced the loader's (so it appears
    /// without the opening animation, which has already played).
    pub handed_over: Cell<bool>,
}

/// A fingerprint of the FAQ's entries: a kept conversation points into
/// entries by position, so it is only restored for the same FAQ.
pub fn faq_version(entries: &[Entry]) -> String {
    let ids = entries.iter().map(|e| e.id.as_str());
    let hash = ids.fold(0xcbf2_9ce4_8422_2325u64, |h, id| {
        id.bytes()
            .chain([0])
            .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    });
    format!("{hash:016x}")
}

impl Shared {
    /// Sends the app a command, or keeps it until the app runs.
    pub fn send(&self, command: Command) {
        let remote = self.remote.borrow().clone();
        match remote {
            Some(remote) => remote.emit(command),
            None => self.pending.borrow_mut().push(command),
        }
    }

    /// An entry by position.
    pub fn entry(&self, position: usize) -> Option<&Entry> {
        self.entries.get(position)
    }

    /// The channels, labelled, for the visitor's questions.
    pub fn channels(&self, questions: &[String]) -> Vec<(Channel, AttrValue)> {
        let message = handoff::message(&self.settings, questions);
        handoff::channels(&self.settings, &message, host::is_desktop())
            .into_iter()
            .map(|c| {
                let label = self.strings.get(c.kind);
                (c, label.into())
            })
            .collect()
    }

    /// When a person is back, if the business is closed now.
    pub fn hours_note(&self) -> Option<String> {
        let rules = hours::parse(self.settings.hours.as_deref()?).ok()?;
        let now = self.business_time()?;
        let next = hours::next_opening(&rules, now)?;
        let next = hours::describe(next, now.day, self.strings.lang());
        Some(self.strings.get("outside_hours").replace("{next}", &next))
    }

    /// The business's day and time now (`None`: unknown zone, or the worker
    /// has not measured its offset yet).
    fn business_time(&self) -> Option<hours::WeekTime> {
        match &self.answerer {
            Some(answerer) if answerer.in_worker() => {
                Some(host::now_at_offset(answerer.zone_offset()?))
            }
            _ => host::now_in(self.settings.timezone.as_deref().unwrap_or("UTC")),
        }
    }

    /// The header's status line: when a person is back if the business is
    /// closed, else the usual reply time. Empty while opening hours are set
    /// but the business's time is not known yet (the worker measures it a
    /// moment after loading), rather than a reply time that may not hold.
    pub fn status(&self) -> String {
        if let Some(note) = self.hours_note() {
            return note;
        }
        let hours_set = self
            .settings
            .hours
            .as_deref()
            .is_some_and(|h| hours::parse(h).is_ok());
        let waiting_for_worker = self
            .answerer
            .as_ref()
            .is_some_and(|a| a.in_worker() && !a.is_ready());
        if hours_set && waiting_for_worker {
            return String::new();
        }
        self.strings.get("reply_time")
    }

    /// Up to four suggested entries: the configured ids, else the first
    /// entries in the visitor's language.
    pub fn suggestions(&self) -> Vec<usize> {
        let entries = &self.entries;
        let ids = self.settings.suggestion_ids();
        let chosen: Vec<usize> = match ids.is_empty() {
            false => ids
                .iter()
                .filter_map(|id| entries.iter().position(|e| e.id == *id))
                .collect(),
            true => {
                let lang = self.strings.lang();
                let mine: Vec<usize> = (0..entries.len())
                    .filter(|&i| entries[i].lang.code() == lang)
                    .collect();
                if mine.is_empty() {
                    (0..entries.len()).collect()
                } else {
                    mine
                }
            }
        };
        chosen.into_iter().take(4).collect()
    }
}

/// What the page can ask of the widget.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open the panel.
    Open,
    /// Close the panel.
    Close,
    /// Open or close.
    Toggle,
    /// Open and ask a question.
    Ask(String),
    /// Open and take over a question the loader's first frame asked and the
    /// engine has already decided (it is not asked again).
    Answered(String, Decision),
    /// Draw again (the worker is ready and knows the business's time).
    Redraw,
    /// Open and offer a person.
    Person,
}

/// Props of [`App`].
#[derive(Properties)]
pub struct AppProps {
    /// What the widget knows.
    pub shared: Rc<Shared>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared)
    }
}

/// The chat panel.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let shared = props.shared.clone();
    let state = use_reducer(State::default);
    let panel = use_node_ref();
    let log = use_node_ref();

    let ask = {
        let (shared, state) = (shared.clone(), state.clone());
        Callback::from(move |question: String| ask(&shared, &state, question))
    };
    {
        let (shared, state, ask) = (shared.clone(), state.clone(), ask.clone());
        let redraw = use_force_update();
        use_effect_with((), move |_| {
            let remote = {
                let shared = shared.clone();
                Callback::from(move |command: Command| match command {
                    Command::Open => set_open(&shared, &state, true),
                    Command::Close => set_open(&shared, &state, false),
                    Command::Toggle => set_open(&shared, &state, !shared.open.get()),
                    Command::Ask(question) => ask.emit(question),
                    Command::Answered(question, decision) => {
                        if let Some((_, replied)) = asked(&shared, &state, question) {
                            replied(Some(decision));
                        }
                    }
                    Command::Person => {
                        set_open(&shared, &state, true);
                        state.dispatch(Action::TalkToPerson);
                    }
                    Command::Redraw => redraw.force_update(),
                })
            };
            let pending: Vec<Command> = shared.pending.borrow_mut().drain(..).collect();
            pending.into_iter().for_each(|command| remote.emit(command));
            *shared.remote.borrow_mut() = Some(remote);
        });
    }
    {
        let (log, shared) = (log.clone(), shared.clone());
        use_effect_with(state.messages.clone(), move |messages| {
            if shared.ever_opened.get() {
                host::save(&shared.faq_version, messages);
            }
            if let Some(log) = log.cast::<web_sys::Element>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    {
        // Once this panel is drawn open, the loader's first frame goes.
        let (shared, drawn_open) = (shared.clone(), state.open);
        use_effect(move || {
            if drawn_open && let Some(shell) = shared.shell.take() {
                shell.remove();
            }
        });
    }
    if !state.open {
        return html! {};
    }
    let t = |key: &str| AttrValue::from(shared.strings.get(key));
    let on_action = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let on_channel = {
        let state = state.clone();
        Callback::from(move |channel: &'static str| {
            host::emit(
                "handoff",
                host::detail(&[
                    ("channel", channel.into()),
                    ("questions", host::texts(state.questions())),
                ]),
            );
        })
    };
    let on_feedback_event = {
        let (on_action, shared, state) = (on_action.clone(), shared.clone(), state.clone());
        Callback::from(move |action: Action| {
            if let Action::Feedback(at, helpful) = &action
                && let Some(Message::Answer { entry, .. }) = state.message(*at)
            {
                let id = shared
                    .entry(*entry)
                    .map(|e| e.id.clone())
                    .unwrap_or_default();
                host::emit(
                    "feedback",
                    host::detail(&[("id", id.into()), ("helpful", (*helpful).into())]),
                );
            }
            on_action.emit(action);
        })
    };
    let close = {
        let (shared, state) = (shared.clone(), state.clone());
        Callback::from(move |()| set_open(&shared, &state, false))
    };
    let onkeydown = {
        let (shared, state, panel) = (shared.clone(), state.clone(), panel.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                set_open(&shared, &state, false);
            }
            "Tab" => keep_focus_inside(&panel, &event),
            _ => {}
        })
    };
    let person = on_action.reform(|_: MouseEvent| Action::TalkToPerson);
    let questions = Rc::new(state.questions());
    let asked_before = asked_before(&state.messages);
    let name = if shared.settings.name.is_empty() {
        t("title")
    } else {
        shared.settings.name.clone().into()
    };
    let status = AttrValue::from(shared.status());
    let greeting = shared
        .settings
        .greeting
        .clone()
        .filter(|g| !g.is_empty())
        .map(AttrValue::from)
        .unwrap_or_else(|| t("greeting"));
    let shell = shared.shell.borrow().clone();
    let suggestions = if state.messages.is_empty() {
        shared.suggestions()
    } else {
        Vec::new()
    };

    html! {
        <div class={classes!("panel", shared.handed_over.get().then_some("handed"))} role="dialog" aria-modal="true" aria-labelledby="plauder-title" ref={panel} {onkeydown} lang={shared.strings.lang()}>
            <Header {name} avatar={shared.settings.avatar.clone().map(AttrValue::from)} {status}
                close_label={t("close")} on_close={close} />
            <div class="log" ref={log} aria-live="polite">
                <div class="msg bot">{ greeting }</div>
                if shared.answerer.is_none() && !matches!(state.messages.last(), Some(Message::Handoff(_))) {
                    <MessageView shared={shared.clone()} message={Message::Handoff(Why::Offline)} index={0}
                        questions={questions.clone()} on_action={on_action.clone()} on_channel={on_channel.clone()} />
                }
                if !suggestions.is_empty() {
                    <div class="chips" role="group" aria-label={t("suggestions")}>
                        { for suggestions.iter().filter_map(|&e| shared.entry(e).map(|entry| {
                            let question = entry.question.clone();
                            let onclick = ask.reform(move |_: MouseEvent| question.clone());
                            html! { <button type="button" class="chip" {onclick}>{ entry.question.clone() }</button> }
                        })) }
                    </div>
                }
                // Keyed by position, and a handoff gets the questions its
                // links carry: a new message draws one message, not the
                // whole conversation again.
                { for state.messages.iter().enumerate().map(|(index, message)| html! {
                    <MessageView key={state.dropped + index} shared={shared.clone()} message={message.clone()} index={state.dropped + index}
                        questions={asked_before[index].clone()}
                        on_action={on_feedback_event.clone()} on_channel={on_channel.clone()} />
                }) }
                if state.waiting > 0 && shared.answerer.as_ref().is_some_and(|a| !a.is_ready()) {
                    <div class="msg bot preparing">{ t("preparing") }</div>
                } else if state.waiting > 0 {
                    <div class="msg bot typing" aria-hidden="true"><span></span><span></span><span></span></div>
                }
            </div>
            <div class="person-row">
                <button type="button" class="person" onclick={person}>{ t("talk_to_person") }</button>
            </div>
            <Composer {shell} placeholder={t("placeholder")} label={t("input_label")} send_label={t("send")} on_ask={ask} />
        </div>
    }
}

/// Opens or closes the panel with all that goes with it: the kept
/// conversation on first opening, the page events, `aria-expanded`, and on
/// closing focus back on the bubble if it was inside the widget. Done here
/// rather than in an effect on `open`: Yew yields to the browser between a
/// render and its effects (every 16 ms), so a quick open-and-close can reach
/// the effects as one render that never saw the panel open.
fn set_open(shared: &Shared, state: &UseReducerHandle<State>, open: bool) {
    if shared.open.replace(open) == open {
        return;
    }
    if open {
        if !shared.ever_opened.replace(true) {
            state.dispatch(Action::Restore(host::restore(&shared.faq_version)));
        }
        state.dispatch(Action::Open);
        host::emit("open", host::detail(&[]));
    } else {
        shared.handed_over.set(false);
        if let Some(bubble) = &shared.bubble {
            let focus_inside = bubble
                .get_root_node()
                .dyn_into::<ShadowRoot>()
                .ok()
                .and_then(|root| root.active_element())
                .is_some();
            if focus_inside {
                let _ = bubble.focus();
            }
        }
        state.dispatch(Action::Close);
        host::emit("close", host::detail(&[]));
    }
    if let Some(bubble) = &shared.bubble {
        let _ = bubble.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
}

/// Asks the FAQ and records the question, then the reply once it comes
/// (at once when answering on the page, a moment later from the worker).
fn ask(shared: &Rc<Shared>, state: &UseReducerHandle<State>, question: String) {
    let Some((question, replied)) = asked(shared, state, question) else {
        return;
    };
    match &shared.answerer {
        Some(answerer) => answerer.ask(&question, Box::new(replied)),
        None => replied(None),
    }
}

/// Opens the panel and records a visitor's question (with its page event);
/// returns the question as the FAQ reads it and what records its reply, or
/// `None` for an empty question.
fn asked(
    shared: &Rc<Shared>,
    state: &UseReducerHandle<State>,
    question: String,
) -> Option<(String, impl FnOnce(Option<Decision>) + 'static)> {
    // A question sent by script may be longer than the input takes: only
    // what the FAQ reads is kept, shown and handed to a person.
    let question = limits::cut(question.trim(), limits::QUESTION_CHARS)
        .trim()
        .to_string();
    if question.is_empty() {
        return None;
    }
    set_open(shared, state, true);
    host::emit(
        "question",
        host::detail(&[("question", question.as_str().into())]),
    );
    state.dispatch(Action::Asked(question.clone()));
    let replied = {
        let (shared, state) = (shared.clone(), state.clone());
        move |decision: Option<Decision>| {
            let id = |entry: usize| shared.entry(entry).map(|e| e.id.as_str());
            let detail = match &decision {
                Some(Decision::Answer { entry }) => host::detail(&[
                    ("kind", "answer".into()),
                    ("id", id(*entry).map_or(JsValue::NULL, JsValue::from_str)),
                ]),
                Some(Decision::Clarify { entries }) => host::detail(&[
                    ("kind", "clarify".into()),
                    ("ids", host::texts(entries.iter().filter_map(|&e| id(e)))),
                ]),
                Some(Decision::Handoff { reason }) => host::detail(&[
                    ("kind", "handoff".into()),
                    ("reason", reason.as_str().into()),
                ]),
                None => host::detail(&[("kind", "handoff".into()), ("reason", "offline".into())]),
            };
            host::emit("answer", detail);
            state.dispatch(Action::Replied(decision));
        }
    };
    Some((question, replied))
}

/// For each message, what its view needs of the visitor's questions: a
/// handoff, the last ones asked before it that its links carry (so it is
/// not drawn again as the conversation goes on); any other, none.
fn asked_before(messages: &[Message]) -> Vec<Rc<Vec<String>>> {
    let none = Rc::new(Vec::new());
    let mut asked = Vec::new();
    messages
        .iter()
        .map(|message| match message {
            Message::Visitor(text) => {
                asked.push(text.clone());
                none.clone()
            }
            Message::Handoff(_) => {
                let recent = asked.len().saturating_sub(handoff::MESSAGE_QUESTIONS);
                Rc::new(asked[recent..].to_vec())
            }
            _ => none.clone(),
        })
        .collect()
}

/// Keeps Tab and Shift+Tab cycling inside the open panel.
fn keep_focus_inside(panel: &NodeRef, event: &KeyboardEvent) {
    let Some(panel) = panel.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(found) = panel.query_selector_all("button, textarea, a[href]") else {
        return;
    };
    let focusable: Vec<web_sys::Element> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    let active = panel
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let target = match (event.shift_key(), active.as_ref()) {
        (true, Some(a)) if a == first => last,
        (false, Some(a)) if a == last => first,
        (_, None) => first,
        _ => return,
    };
    if let Some(target) = target.dyn_ref::<HtmlElement>() {
        event.prevent_default();
        let _ = target.focus();
    }
}
