//! Plauder's chat bubble in the browser.
//!
//! The loader (`www/plauder.js`) draws the bubble and, once the visitor shows
//! interest, loads this module and calls [`mount`] with the page's settings
//! and the FAQ bundle. The panel is a Yew app inside the loader's Shadow DOM
//! root; it answers with [`responder::Responder`] and hands off to
//! messengers. Nothing here throws into the host page: [`mount`] returns an
//! error the loader logs, and everything after it only logs.
#![deny(missing_docs)]

pub mod handoff;
mod host;
pub mod hours;
pub mod i18n;
pub mod qr;
pub mod settings;
pub mod state;
pub mod ui;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use responder::Responder;
use responder::rich::to_plain;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::i18n::Strings;
use crate::settings::Settings;
use crate::ui::{App, AppProps, Command, Shared, faq_version};

/// The panel's stylesheet, scoped by the Shadow DOM.
const STYLE: &str = include_str!("style.css");

/// A mounted widget; the loader forwards `Plauder.open() / close() / ask()` here.
#[wasm_bindgen]
pub struct Widget {
    shared: Rc<Shared>,
}

#[wasm_bindgen]
impl Widget {
    /// Opens the panel.
    pub fn open(&self) {
        self.send(Command::Open);
    }

    /// Closes the panel.
    pub fn close(&self) {
        self.send(Command::Close);
    }

    /// Opens the panel if closed, closes it if open.
    pub fn toggle(&self) {
        self.send(Command::Toggle);
    }

    /// Opens the panel and asks `question`.
    pub fn ask(&self, question: &str) {
        self.send(Command::Ask(question.to_string()));
    }

    /// Whether the FAQ loaded.
    #[wasm_bindgen(js_name = hasAnswers)]
    pub fn has_answers(&self) -> bool {
        self.shared.responder.is_some()
    }
}

impl Widget {
    fn send(&self, command: Command) {
        match self.shared.remote.borrow().as_ref() {
            Some(remote) => remote.emit(command),
            None => self.shared.pending.borrow_mut().push(command),
        }
    }
}

/// Mounts the panel into `root` (the loader's shadow root).
///
/// `settings` is the page's settings as JSON; `bundle` the FAQ bundle's
/// bytes, or `None` when it could not be fetched. A bundle that does not
/// load is logged once and the widget works as a click-to-chat button.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    settings: &str,
    bundle: Option<Vec<u8>>,
    bubble: Option<HtmlElement>,
) -> Result<Widget, JsError> {
    let settings = Settings::from_json(settings).map_err(|e| JsError::new(&e))?;
    let responder = bundle.and_then(|bytes| match Responder::from_bundle(&bytes) {
        Ok(responder) => Some(responder),
        Err(err) => {
            host::warn(&format!(
                "the FAQ bundle did not load ({err}); offering a person instead of answers"
            ));
            None
        }
    });
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document"))?;
    let style = document
        .create_element("style")
        .map_err(|_| JsError::new("cannot create <style>"))?;
    style.set_text_content(Some(STYLE));
    let container = document
        .create_element("div")
        .map_err(|_| JsError::new("cannot create the panel"))?;
    container.set_class_name("plauder-panel-root");
    root.append_child(&style)
        .map_err(|_| JsError::new("cannot attach the stylesheet"))?;
    root.append_child(&container)
        .map_err(|_| JsError::new("cannot attach the panel"))?;
    let strings = Strings::new(&settings);
    let version = faq_version(responder.as_ref());
    let shared = Rc::new(Shared {
        settings,
        strings,
        responder,
        bubble,
        remote: RefCell::new(None),
        pending: RefCell::new(Vec::new()),
        faq_version: version,
        open: Cell::new(false),
        ever_opened: Cell::new(false),
    });
    warm_up(&shared);
    yew::Renderer::<App>::with_root_and_props(
        container,
        AppProps {
            shared: shared.clone(),
        },
    )
    .render();
    Ok(Widget { shared })
}

/// Answers a throwaway question in a task of its own, so the browser
/// compiles the search code before the visitor's first question instead of
/// during it: two shorter tasks instead of one long one.
fn warm_up(shared: &Rc<Shared>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let shared = shared.clone();
    let warm = Closure::once_into_js(move || {
        if let Some(responder) = &shared.responder {
            let _ = responder.answer("how long does delivery take");
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(warm.unchecked_ref(), 0);
}

/// A loaded knowledge base answering questions, without the panel: for
/// benchmarks and pages that bring their own interface.
#[wasm_bindgen]
pub struct Plauder {
    responder: Responder,
}

#[wasm_bindgen]
impl Plauder {
    /// Loads a bundle (the bytes of a `.plauder` file).
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: &[u8]) -> Result<Plauder, JsError> {
        let responder = Responder::from_bundle(bundle).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Plauder { responder })
    }

    /// Answers a question; returns `{kind, reason?, entries: [{id, question, answer}]}` as JSON.
    pub fn answer(&self, question: &str) -> Result<String, JsError> {
        let reply = self
            .responder
            .answer(question)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let entries = |positions: &[usize]| -> Vec<serde_json::Value> {
            positions
                .iter()
                .filter_map(|&p| self.responder.entries().get(p))
                .map(|e| serde_json::json!({ "id": e.id, "question": e.question, "answer": to_plain(&e.answer) }))
                .collect()
        };
        let view = match &reply.decision {
            responder::Decision::Answer { entry } => {
                serde_json::json!({ "kind": "answer", "entries": entries(&[*entry]) })
            }
            responder::Decision::Clarify { entries: e } => {
                serde_json::json!({ "kind": "clarify", "entries": entries(e) })
            }
            responder::Decision::Handoff { reason } => {
                serde_json::json!({ "kind": "handoff", "reason": reason, "entries": [] })
            }
        };
        Ok(view.to_string())
    }

    /// The number of entries.
    #[wasm_bindgen(js_name = entryCount)]
    pub fn entry_count(&self) -> usize {
        self.responder.entries().len()
    }
}
