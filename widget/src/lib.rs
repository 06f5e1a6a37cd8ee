//! Plauder's chat bubble in the browser.
//!
//! The loader (`www/plauder.js`) draws the bubble and, once the visitor shows
//! interest, loads this module and calls [`mount`] with the page's settings
//! and the FAQ bundle. The panel is a Yew app inside the loader's Shadow DOM
//! root; it answers with [`responder::Responder`] and hands off to
//! messengers. Nothing here throws into the host page: [`mount`] returns an
//! error the loader logs, and everything after it only logs.
#![deny(missing_docs)]

mod answerer;
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

use responder::protocol::Response;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::answerer::{Answerer, Start};
use crate::i18n::Strings;
use crate::settings::Settings;
use crate::ui::{App, AppProps, Command, Shared, faq_version};

/// The panel's stylesheet beyond what the loader brings for its first
/// frame (`widget/loader/plauder.css`), scoped by the Shadow DOM.
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

    /// Opens the panel with `question`, which the loader's first frame
    /// asked and the engine decided (`decided`: the engine's
    /// [`responder::protocol::Response::Decided`] for it, as JSON); it is not
    /// asked again. A reply that does not read as a decision is asked again
    /// instead.
    pub fn answered(&self, question: &str, decided: &str) {
        match Response::from_json(decided) {
            Ok(Response::Decided { decision }) => {
                self.send(Command::Answered(question.to_string(), decision))
            }
            _ => self.ask(question),
        }
    }

    /// Opens the panel and offers a person, as "Talk to a person" does.
    pub fn person(&self) {
        self.send(Command::Person);
    }

    /// Whether the FAQ loaded.
    #[wasm_bindgen(js_name = hasAnswers)]
    pub fn has_answers(&self) -> bool {
        self.shared.answerer.is_some()
    }
}

impl Widget {
    fn send(&self, command: Command) {
        self.shared.send(command);
    }
}

/// Mounts the panel into `root` (the loader's shadow root).
///
/// `settings` is the page's settings as JSON; `bundle` the FAQ bundle's
/// bytes, or `None` when it could not be fetched. A bundle that does not
/// load is logged once and the widget works as a click-to-chat button.
/// `worker`, started from `plauder-worker.js` and handed the engine and the
/// bundle by the loader, answers the questions off the page's main thread;
/// without one (or when it fails) the engine answers on the page, opened by
/// `open_here` (the loader's function: bundle → promise of the engine). `shell` is the panel the
/// loader drew for the first frame, if the visitor opened it: this panel
/// takes its place and what was typed in it.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    settings: &str,
    bundle: Option<Vec<u8>>,
    bubble: Option<HtmlElement>,
    worker: Option<web_sys::Worker>,
    open_here: JsValue,
    shell: Option<web_sys::Element>,
) -> Result<Widget, JsError> {
    let settings = Settings::from_json(settings).map_err(|e| JsError::new(&e))?;
    let faq = bundle.and_then(|bytes| match responder::bundle_entries(&bytes) {
        Ok(entries) => Some((entries, bytes)),
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
    let container = document
        .create_element("div")
        .map_err(|_| JsError::new("cannot create the panel"))?;
    container.set_class_name("plauder-panel-root");
    host::adopt_style(&root, STYLE);
    root.append_child(&container)
        .map_err(|_| JsError::new("cannot attach the panel"))?;
    let strings = Strings::new(&settings);
    let (entries, answerer) = match faq {
        Some((entries, bundle)) => {
            let answerer = Answerer::start(Start {
                bundle,
                worker,
                open_here,
                timezone: settings.timezone.clone().unwrap_or_else(|| "UTC".into()),
            });
            (entries, Some(answerer))
        }
        None => {
            if let Some(worker) = worker {
                worker.terminate();
            }
            (Vec::new(), None)
        }
    };
    let version = faq_version(&entries);
    let shared = Rc::new(Shared {
        settings,
        strings,
        entries,
        answerer,
        bubble,
        remote: RefCell::new(None),
        pending: RefCell::new(Vec::new()),
        faq_version: version,
        open: Cell::new(false),
        ever_opened: Cell::new(false),
        handed_over: Cell::new(shell.is_some()),
        shell: RefCell::new(shell),
    });
    if let Some(answerer) = &shared.answerer {
        let weak = Rc::downgrade(&shared);
        answerer.on_ready(move || {
            if let Some(shared) = weak.upgrade() {
                shared.send(Command::Redraw);
            }
        });
    }
    yew::Renderer::<App>::with_root_and_props(
        container,
        AppProps {
            shared: shared.clone(),
        },
    )
    .render();
    Ok(Widget { shared })
}
