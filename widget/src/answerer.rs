//! Where questions get answered: in a Web Worker when the page allows one,
//! so that opening the FAQ and searching it never block the host page's main
//! thread; otherwise, or when the worker fails, on the page itself, each
//! step in a task of its own.
//!
//! The worker (`plauder-worker.js`, started by the loader) runs this very
//! module, handed over compiled: it gets `{module, bundle, timezone}` once,
//! answers `{ready, zoneOffset}` or `{failed}`, then gets `{question}` and
//! answers `{decision}` (the [`Decision`] as JSON) or `{failed}`, in order.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use responder::{Decision, Responder};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use crate::host;

/// Gets the decision for one question (`None`: the FAQ could not answer).
pub type Done = Box<dyn FnOnce(Option<Decision>)>;

/// A handler of the worker's events.
type Handler = Closure<dyn FnMut(JsValue)>;

/// Answers questions from one FAQ bundle.
pub struct Answerer {
    /// The bundle, kept to open it here if the worker fails.
    bundle: Vec<u8>,
    worker: RefCell<Option<Worker>>,
    /// Questions sent to the worker, oldest first: it answers in order.
    waiting: RefCell<VecDeque<(String, Done)>>,
    local: RefCell<Local>,
    /// Minutes the business's time zone is ahead of UTC, as the worker
    /// measured it (keeps the page's main thread free of loading time-zone
    /// data, which takes tens of milliseconds the first time).
    zone_offset: Cell<Option<i32>>,
    /// Whether the worker has opened the FAQ (and measured the offset).
    ready: Cell<bool>,
    /// Called when the worker is ready or given up on (to redraw: the
    /// business's time is known now).
    on_ready: RefCell<Option<Box<dyn Fn()>>>,
    /// The worker's handlers, alive as long as it is.
    handlers: RefCell<Vec<Handler>>,
}

/// The FAQ opened on the page itself.
enum Local {
    NotOpened,
    Open(Box<Responder>),
    Failed,
}

impl Answerer {
    /// Starts answering from `bundle`: in `worker` if there is one (it is
    /// sent this module and the bundle), else here, opened in a task of its
    /// own.
    pub fn start(bundle: Vec<u8>, worker: Option<Worker>, timezone: &str) -> Rc<Self> {
        let answerer = Rc::new(Answerer {
            bundle,
            worker: RefCell::new(None),
            waiting: RefCell::new(VecDeque::new()),
            local: RefCell::new(Local::NotOpened),
            zone_offset: Cell::new(None),
            ready: Cell::new(false),
            on_ready: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
        });
        match worker {
            Some(worker) if answerer.hand_to(&worker, timezone).is_ok() => {
                *answerer.worker.borrow_mut() = Some(worker);
            }
            Some(worker) => {
                worker.terminate();
                answerer.open_here_soon();
            }
            None => answerer.open_here_soon(),
        }
        answerer
    }

    /// Whether a worker answers (rather than the page).
    pub fn in_worker(&self) -> bool {
        self.worker.borrow().is_some()
    }

    /// The business's offset from UTC in minutes, once the worker measured it.
    pub fn zone_offset(&self) -> Option<i32> {
        self.zone_offset.get()
    }

    /// Whether the worker has opened the FAQ and measured the offset.
    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    /// Calls `f` when the worker is ready, or given up on.
    pub fn on_ready(&self, f: impl Fn() + 'static) {
        *self.on_ready.borrow_mut() = Some(Box::new(f));
    }

    /// Answers `question`: `done` runs now when answering here, or once the
    /// worker replies.
    pub fn ask(self: &Rc<Self>, question: &str, done: Done) {
        let sent = self.worker.borrow().as_ref().map(|worker| {
            let message = js_sys::Object::new();
            js_sys::Reflect::set(&message, &"question".into(), &question.into())
                .and_then(|_| worker.post_message(&message))
        });
        match sent {
            Some(Ok(())) => self
                .waiting
                .borrow_mut()
                .push_back((question.to_string(), done)),
            Some(Err(_)) => {
                self.give_up_on_worker("it took no question");
                done(self.answer_here(question));
            }
            None => done(self.answer_here(question)),
        }
    }

    /// Sends the worker this module and the bundle, and listens to it.
    fn hand_to(self: &Rc<Self>, worker: &Worker, timezone: &str) -> Result<(), JsValue> {
        let weak = Rc::downgrade(self);
        let on_message = Handler::new(move |event: JsValue| {
            if let (Some(this), Some(event)) = (weak.upgrade(), event.dyn_ref::<MessageEvent>()) {
                this.heard(&event.data());
            }
        });
        let weak: Weak<Self> = Rc::downgrade(self);
        let on_error = Handler::new(move |event: JsValue| {
            if let Some(event) = event.dyn_ref::<web_sys::Event>() {
                event.prevent_default();
            }
            if let Some(this) = weak.upgrade() {
                this.give_up_on_worker("it did not start");
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.handlers.borrow_mut().extend([on_message, on_error]);
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"module".into(), &wasm_bindgen::module())?;
        let bytes = js_sys::Uint8Array::from(self.bundle.as_slice());
        js_sys::Reflect::set(&message, &"bundle".into(), &bytes)?;
        js_sys::Reflect::set(&message, &"timezone".into(), &timezone.into())?;
        worker.post_message(&message)
    }

    /// Handles one message from the worker.
    fn heard(self: &Rc<Self>, data: &JsValue) {
        let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok();
        if field("ready").and_then(|r| r.as_bool()) == Some(true) {
            let offset = field("zoneOffset").and_then(|o| o.as_f64());
            self.zone_offset.set(offset.map(|o| o as i32));
            self.ready.set(true);
            if let Some(f) = self.on_ready.borrow().as_ref() {
                f();
            }
            return;
        }
        if let Some(decision) = field("decision").and_then(|d| d.as_string()) {
            let next = self.waiting.borrow_mut().pop_front();
            if let Some((question, done)) = next {
                match serde_json::from_str::<Decision>(&decision) {
                    Ok(decision) => done(Some(decision)),
                    Err(_) => done(self.answer_here(&question)),
                }
            }
            return;
        }
        let why = field("failed")
            .and_then(|f| f.as_string())
            .unwrap_or_else(|| "it said something unexpected".into());
        self.give_up_on_worker(&why);
    }

    /// Stops the worker and answers here from now on, starting with the
    /// questions it still owed.
    fn give_up_on_worker(self: &Rc<Self>, why: &str) {
        let Some(worker) = self.worker.borrow_mut().take() else {
            return;
        };
        worker.terminate();
        worker.set_onmessage(None);
        worker.set_onerror(None);
        host::info(&format!(
            "answering on the page instead of in a worker ({why})"
        ));
        let owed: Vec<(String, Done)> = self.waiting.borrow_mut().drain(..).collect();
        for (question, done) in owed {
            done(self.answer_here(&question));
        }
        if let Some(f) = self.on_ready.borrow().as_ref() {
            f();
        }
    }

    /// Opens the FAQ here in a task of its own, then answers a throwaway
    /// question in another, so the browser compiles the search code before
    /// the visitor's first question instead of during it.
    fn open_here_soon(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        host::soon(move || {
            if let Some(this) = weak.upgrade() {
                this.open_here();
                host::soon(move || {
                    if let Some(this) = weak.upgrade() {
                        let _ = this.answer_here("how long does delivery take");
                    }
                });
            }
        });
    }

    fn open_here(&self) {
        let mut local = self.local.borrow_mut();
        if matches!(*local, Local::NotOpened) {
            *local = match Responder::from_bundle(&self.bundle) {
                Ok(responder) => Local::Open(Box::new(responder)),
                Err(err) => {
                    host::warn(&format!("could not open the FAQ ({err})"));
                    Local::Failed
                }
            };
        }
    }

    fn answer_here(&self, question: &str) -> Option<Decision> {
        self.open_here();
        let local = self.local.borrow();
        let Local::Open(responder) = &*local else {
            return None;
        };
        match responder.answer(question) {
            Ok(reply) => Some(reply.decision),
            Err(err) => {
                host::warn(&format!("could not answer: {err}"));
                None
            }
        }
    }
}
