//! Plauder Studio: a content team opens its FAQ's sources, edits entries,
//! sees `plauder check`'s findings live, tries questions and sees why they
//! land where they do, finds the FAQ's weak spots, previews the widget and
//! downloads the bundle and the sources, all in the browser, nothing
//! uploaded.
//!
//! One module runs in two places: on the page it draws the studio ([`start`],
//! Yew); in a Web Worker it reads, builds and answers ([`StudioWorker`],
//! the CLI's own code), so that typing never waits for a build. They talk
//! in [`protocol`]'s messages.
#![deny(missing_docs)]

pub mod protocol;
mod text;
mod ui;
pub mod workbench;

use wasm_bindgen::prelude::*;

use crate::protocol::{Envelope, Request, Response};
use crate::workbench::Workbench;

/// The worker's side: answers the page's requests.
#[wasm_bindgen]
#[derive(Default)]
pub struct StudioWorker {
    bench: Workbench,
}

#[wasm_bindgen]
impl StudioWorker {
    /// A worker with no FAQ yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> StudioWorker {
        StudioWorker::default()
    }

    /// Answers one [`Request`] (JSON in an [`Envelope`]) with one
    /// [`Response`]; `progress` is called with the JSON of each
    /// [`Response::Progress`] meanwhile. Never throws: what cannot be done
    /// is `failed`.
    pub fn handle(&mut self, request: &str, progress: &js_sys::Function) -> String {
        let response = match Envelope::<Request>::read(request) {
            Ok(request) => self.bench.handle(request, &reporter(progress)),
            Err(message) => Response::Failed { message },
        };
        Envelope::write(response)
    }

    /// Whether [`StudioWorker::begin`] builds this request (JSON) apart: its
    /// learned model is then to be trained elsewhere meanwhile, with
    /// [`train_model`] in a second worker, and given to [`StudioWorker::finish`].
    #[wasm_bindgen(js_name = trainsApart)]
    pub fn trains_apart(&self, request: &str) -> bool {
        Envelope::<Request>::read(request).is_ok_and(|r| Workbench::trains_apart(&r))
    }

    /// As [`StudioWorker::handle`], except that an update built apart stops
    /// before its learned model: nothing (`undefined`), and
    /// [`StudioWorker::finish`] replies.
    pub fn begin(&mut self, request: &str, progress: &js_sys::Function) -> Option<String> {
        match Envelope::<Request>::read(request) {
            Ok(request) => self
                .bench
                .begin(request, &reporter(progress))
                .map(Envelope::write),
            Err(message) => Some(Envelope::write(Response::Failed { message })),
        }
    }

    /// Completes the update [`StudioWorker::begin`] stopped, with the model
    /// [`train_model`] trained for it (none: trained here).
    pub fn finish(&mut self, model: Option<Vec<u8>>) -> String {
        Envelope::write(self.bench.finish(model))
    }

    /// One round of practice on a built-in FAQ, so that the first real build
    /// runs at full speed (see [`workbench::warm_up`]); `training`: only the
    /// model, as the second worker trains it.
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up(training: bool) {
        workbench::warm_up(training);
    }

    /// The bytes of a file for the next request (a bundle to inspect).
    pub fn give(&mut self, bytes: Vec<u8>) {
        self.bench.give(bytes);
    }

    /// The bytes of the file the last `export` wrote, once.
    #[wasm_bindgen(js_name = takeExported)]
    pub fn take_exported(&mut self) -> Option<Vec<u8>> {
        self.bench.take_exported()
    }
}

/// The learned model of an update's FAQ (the request, JSON), for
/// [`StudioWorker::finish`]: what the studio's second worker computes while
/// the first fits.
#[wasm_bindgen(js_name = trainModel)]
pub fn train_model(request: &str) -> Result<Vec<u8>, JsError> {
    let request = Envelope::<Request>::read(request).map_err(|e| JsError::new(&e))?;
    Workbench::model_for(request).map_err(|e| JsError::new(&e))
}

/// Passes each progress [`Response`] to `progress`, as JSON.
fn reporter(progress: &js_sys::Function) -> impl Fn(Response) + '_ {
    move |response: Response| {
        let _ = progress.call1(
            &JsValue::NULL,
            &JsValue::from_str(&Envelope::write(response)),
        );
    }
}

/// Draws the studio into `root`; `module` is this module, compiled, for
/// the worker (it is not downloaded twice).
#[wasm_bindgen]
pub fn start(module: JsValue, root: web_sys::Element) -> Result<(), JsError> {
    ui::start(module, root).map_err(|e| JsError::new(&format!("{e:?}")))
}
