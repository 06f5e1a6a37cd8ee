//! The page's end of the worker: sends [`Request`]s, gets [`Response`]s
//! (with the bytes of an exported file beside them).

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::protocol::{Envelope, Request, Response};

/// A running worker; dropping it ends the worker.
pub struct Link {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Link {
    /// Starts the worker (`studio-worker.js` beside the page's script) with `module`.
    pub fn start(
        module: &JsValue,
        on: Callback<(Response, Option<Vec<u8>>)>,
    ) -> Result<Link, JsValue> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("./studio-worker.js", &options)?;
        let emit = on.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let field = |name: &str| Reflect::get(&data, &JsValue::from_str(name)).ok();
            let response = match (field("json").and_then(|j| j.as_string()), field("error")) {
                (Some(json), _) => Envelope::<Response>::read(&json)
                    .unwrap_or_else(|message| Response::Failed { message }),
                (None, error) => Response::Failed {
                    message: format!(
                        "the studio's worker did not start: {}",
                        error.and_then(|e| e.as_string()).unwrap_or_default()
                    ),
                },
            };
            let bytes = field("bytes")
                .filter(|b| b.is_instance_of::<Uint8Array>())
                .map(|b| b.unchecked_into::<Uint8Array>().to_vec());
            emit.emit((response, bytes));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            on.emit((
                Response::Failed {
                    message: "the studio's worker stopped: reload the page".into(),
                },
                None,
            ));
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = Object::new();
        Reflect::set(&init, &JsValue::from_str("module"), module)?;
        worker.post_message(&init)?;
        Ok(Link {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request, with a file's bytes if it takes one (transferred,
    /// not copied); its response comes to the callback, in order.
    pub fn send(&self, request: Request, bytes: Option<Vec<u8>>) {
        let message = Object::new();
        let _ = Reflect::set(
            &message,
            &JsValue::from_str("json"),
            &JsValue::from_str(&Envelope::write(request)),
        );
        let transfer = js_sys::Array::new();
        if let Some(bytes) = bytes {
            let array = Uint8Array::from(bytes.as_slice());
            transfer.push(&array.buffer());
            let _ = Reflect::set(&message, &JsValue::from_str("bytes"), &array);
        }
        let _ = self.worker.post_message_with_transfer(&message, &transfer);
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
