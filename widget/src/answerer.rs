//! Where questions get answered: by the answering engine (the `engine`
//! crate, a module of its own that this one never links), in a Web Worker
//! when the page allows one, so that opening the FAQ and searching it never
//! block the host page's main thread; otherwise, or when the worker fails,
//! on the page itself, each step in a task of its own.
//!
//! Both speak [`responder::protocol`]: the loader hands the worker the
//! compiled engine module and the bundle, this side says
//! [`Request::Hello`], waits for [`Response::Ready`], and sends each
//! question as a [`Request::Ask`]; the engine answers them in order.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use responder::Decision;
use responder::protocol::{PROTOCOL_VERSION, Request, Response, version_mismatch};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use crate::host;

/// Gets the decision for one question (`None`: the FAQ could not answer).
pub type Done = Box<dyn FnOnce(Option<Decision>)>;

/// A handler of the worker's events.
type Handler = Closure<dyn FnMut(JsValue)>;

#[wasm_bindgen]
extern "C" {
    /// The engine opened on the page (the engine crate's `Engine`, reached
    /// through JS since this module does not link it).
    type PageEngine;

    /// One request, one response (both JSON).
    #[wasm_bindgen(method, catch)]
    fn handle(this: &PageEngine, request: &str) -> Result<String, JsValue>;

    /// Compiles the search code with a throwaway question.
    #[wasm_bindgen(method, catch, js_name = warmUp)]
    fn warm_up(this: &PageEngine) -> Result<(), JsValue>;
}

/// Why the worker is not used when the page allows none (a CSP without
/// `worker-src`), whether that shows before the panel is there or after.
const DID_NOT_START: &str = "it did not start";

/// Says once in the console that the engine answers on the page, and why.
fn say_on_the_page(why: &str) {
    host::info(&format!(
        "answering on the page instead of in a worker ({why})"
    ));
}

/// How the engine is reached.
enum Route {
    /// A worker, asked by message.
    Worker(Worker),
    /// On the page: loading.
    Loading,
    /// On the page: open.
    Here(PageEngine),
    /// Nowhere: every question gets `None`.
    Failed,
}

/// What the page gives the answerer to work with.
pub struct Start {
    /// The FAQ bundle (kept to open it on the page if the worker fails).
    pub bundle: Vec<u8>,
    /// The worker the loader started and booted, if the page allows one
    /// (taken by the answerer when it starts).
    pub worker: Option<Worker>,
    /// The loader's way to open the engine on the page: a function taking
    /// the bundle and returning a promise of the opened engine.
    pub open_here: JsValue,
    /// The business's time zone.
    pub timezone: String,
}

/// Answers questions from one FAQ bundle.
pub struct Answerer {
    start: Start,
    route: RefCell<Route>,
    /// Questions asked and not answered yet, oldest first: the engine
    /// answers in order. With a worker they have been sent; on the page
    /// they wait for the engine to open.
    waiting: RefCell<VecDeque<(String, Done)>>,
    /// Minutes the business's time zone is ahead of UTC, as the engine
    /// measured it.
    zone_offset: Cell<Option<i32>>,
    /// Whether the engine has opened the FAQ.
    ready: Cell<bool>,
    /// Whether a task to answer on the page is scheduled.
    pumping: Cell<bool>,
    /// Called when the engine is ready, or given up on (to redraw).
    on_ready: RefCell<Option<Box<dyn Fn()>>>,
    /// The worker's handlers, alive as long as it is.
    handlers: RefCell<Vec<Handler>>,
}

impl Answerer {
    /// Starts answering: through the worker if there is one, else here.
    pub fn start(mut start: Start) -> Rc<Self> {
        let worker = start.worker.take();
        let answerer = Rc::new(Answerer {
            start,
            route: RefCell::new(Route::Loading),
            waiting: RefCell::new(VecDeque::new()),
            zone_offset: Cell::new(None),
            ready: Cell::new(false),
            pumping: Cell::new(false),
            on_ready: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
        });
        match worker {
            Some(worker) if answerer.listen_to(&worker).is_ok() => {
                *answerer.route.borrow_mut() = Route::Worker(worker);
            }
            Some(worker) => {
                worker.terminate();
                answerer.open_here();
            }
            None => {
                // The loader saw the worker fail before the panel was there.
                say_on_the_page(DID_NOT_START);
                answerer.open_here();
            }
        }
        answerer
    }

    /// Whether the engine answers in a worker (rather than on the page).
    pub fn in_worker(&self) -> bool {
        matches!(*self.route.borrow(), Route::Worker(_))
    }

    /// The business's offset from UTC in minutes, once the engine measured it.
    pub fn zone_offset(&self) -> Option<i32> {
        self.zone_offset.get()
    }

    /// Whether the engine has opened the FAQ.
    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    /// Calls `f` when the engine is ready, or given up on.
    pub fn on_ready(&self, f: impl Fn() + 'static) {
        *self.on_ready.borrow_mut() = Some(Box::new(f));
    }

    /// Answers `question`: `done` runs once the engine replies.
    pub fn ask(self: &Rc<Self>, question: &str, done: Done) {
        self.waiting
            .borrow_mut()
            .push_back((question.to_string(), done));
        let request = Request::Ask {
            question: question.to_string(),
        };
        let sent = match &*self.route.borrow() {
            Route::Worker(worker) => Some(worker.post_message(&request.to_json().into())),
            _ => None,
        };
        match sent {
            Some(Ok(())) => {}
            Some(Err(_)) => self.give_up_on_worker("it took no question"),
            None => self.answer_here_soon(),
        }
    }

    /// Listens to the worker and says hello.
    fn listen_to(self: &Rc<Self>, worker: &Worker) -> Result<(), JsValue> {
        let weak = Rc::downgrade(self);
        let on_message = Handler::new(move |event: JsValue| {
            if let (Some(this), Some(event)) = (weak.upgrade(), event.dyn_ref::<MessageEvent>()) {
                let response = event.data().as_string().map_or_else(
                    || Err("it sent something other than text".into()),
                    |text| Response::from_json(&text),
                );
                this.heard(response.unwrap_or_else(|why| Response::Failed { why }));
            }
        });
        let weak: Weak<Self> = Rc::downgrade(self);
        let on_error = Handler::new(move |event: JsValue| {
            if let Some(event) = event.dyn_ref::<web_sys::Event>() {
                event.prevent_default();
            }
            if let Some(this) = weak.upgrade() {
                this.give_up_on_worker(DID_NOT_START);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.handlers.borrow_mut().extend([on_message, on_error]);
        worker.post_message(&self.hello().into())
    }

    fn hello(&self) -> String {
        Request::Hello {
            version: PROTOCOL_VERSION,
            timezone: self.start.timezone.clone(),
        }
        .to_json()
    }

    /// Handles one response from the engine.
    fn heard(self: &Rc<Self>, response: Response) {
        match response {
            Response::Ready {
                version,
                zone_offset,
                ..
            } => match version_mismatch(version) {
                Some(why) => self.engine_failed(&why),
                None => {
                    self.zone_offset.set(zone_offset);
                    self.ready.set(true);
                    self.told_ready();
                    if !self.in_worker() {
                        self.answer_here_soon();
                    }
                }
            },
            Response::Decided { decision } => {
                let next = self.waiting.borrow_mut().pop_front();
                if let Some((_, done)) = next {
                    done(Some(decision));
                }
            }
            Response::Failed { why } => self.engine_failed(&why),
        }
    }

    fn told_ready(&self) {
        if let Some(f) = self.on_ready.borrow().as_ref() {
            f();
        }
    }

    /// The engine cannot answer where it runs: from the worker, try the
    /// page; on the page, give up.
    fn engine_failed(self: &Rc<Self>, why: &str) {
        if self.in_worker() {
            self.give_up_on_worker(why);
            return;
        }
        host::warn(&format!("could not open the FAQ ({why})"));
        *self.route.borrow_mut() = Route::Failed;
        let owed: Vec<(String, Done)> = self.waiting.borrow_mut().drain(..).collect();
        for (_, done) in owed {
            done(None);
        }
        self.told_ready();
    }

    /// Stops the worker and answers here from now on, starting with the
    /// questions it still owed.
    fn give_up_on_worker(self: &Rc<Self>, why: &str) {
        let route = std::mem::replace(&mut *self.route.borrow_mut(), Route::Loading);
        let Route::Worker(worker) = route else {
            *self.route.borrow_mut() = route;
            return;
        };
        worker.terminate();
        worker.set_onmessage(None);
        worker.set_onerror(None);
        say_on_the_page(why);
        self.ready.set(false);
        self.open_here();
    }

    /// Opens the engine on the page (it loads in tasks of its own); the
    /// questions waiting are answered once it is open.
    fn open_here(self: &Rc<Self>) {
        *self.route.borrow_mut() = Route::Loading;
        let bundle = js_sys::Uint8Array::from(self.start.bundle.as_slice());
        let opening = self
            .start
            .open_here
            .dyn_ref::<js_sys::Function>()
            .ok_or_else(|| JsValue::from("the loader gave no way to open it"))
            .and_then(|open| open.call1(&JsValue::NULL, &bundle))
            .map(|opened| js_sys::Promise::resolve(&opened))
            .unwrap_or_else(|e| js_sys::Promise::reject(&e));
        let weak = Rc::downgrade(self);
        let opened = Closure::once(move |engine: JsValue| {
            if let Some(this) = weak.upgrade() {
                *this.route.borrow_mut() = Route::Here(engine.unchecked_into());
                let hello = this.hello();
                this.answer_here(&hello);
                this.warm_up_here_soon();
            }
        });
        let weak = Rc::downgrade(self);
        let failed = Closure::once(move |error: JsValue| {
            if let Some(this) = weak.upgrade() {
                let why = match error.dyn_ref::<js_sys::Error>() {
                    Some(error) => String::from(error.message()),
                    None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
                };
                this.engine_failed(&why);
            }
        });
        let _ = opening.then2(&opened, &failed);
        opened.forget();
        failed.forget();
    }

    /// Answers the questions waiting, one per task, once the engine is open
    /// and ready on the page.
    fn answer_here_soon(self: &Rc<Self>) {
        let open = self.ready.get() && matches!(*self.route.borrow(), Route::Here(_));
        if !open || self.waiting.borrow().is_empty() || self.pumping.replace(true) {
            return;
        }
        let weak = Rc::downgrade(self);
        host::soon(move || {
            if let Some(this) = weak.upgrade() {
                this.pumping.set(false);
                let question = this.waiting.borrow().front().map(|(q, _)| q.clone());
                if let Some(question) = question {
                    this.answer_here(&Request::Ask { question }.to_json());
                    this.answer_here_soon();
                }
            }
        });
    }

    /// Warms the engine on the page up in a task of its own, after the
    /// questions already waiting.
    fn warm_up_here_soon(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        host::soon(move || {
            if let Some(this) = weak.upgrade()
                && let Route::Here(engine) = &*this.route.borrow()
            {
                let _ = engine.warm_up();
            }
        });
    }

    /// One request to the engine on the page, and what it says back.
    fn answer_here(self: &Rc<Self>, request: &str) {
        let response = match &*self.route.borrow() {
            Route::Here(engine) => engine.handle(request),
            _ => return,
        };
        let response = response
            .map_err(|e| format!("{e:?}"))
            .and_then(|text| Response::from_json(&text));
        self.heard(response.unwrap_or_else(|why| Response::Failed { why }));
    }
}
