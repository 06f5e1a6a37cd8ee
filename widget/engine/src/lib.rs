//! Plauder's answering engine in the browser: the responder and its search
//! index, without any UI.
//!
//! The page's panel (the `widget` crate) carries no search engine; this
//! module answers for it, in a Web Worker (`plauder-worker.js`) so that
//! opening the FAQ and searching it never block the host page, or on the
//! page itself where the site allows no worker. Either way the panel talks
//! to an [`Engine`] in the messages of [`responder::protocol`].
//! [`Plauder`] is the same engine with a plain API, for benchmarks and pages
//! that bring their own interface.
#![deny(missing_docs)]

use responder::protocol::{PROTOCOL_VERSION, Previewed, Request, Response, version_mismatch};
use responder::rich::to_plain;
use responder::understanding::SecondTier;
use responder::{Decision, HandoffReason, Responder};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Asked once before any visitor question, so the browser compiles the
/// search code then rather than during the first real answer.
const WARM_UP_QUESTION: &str = "how long does delivery take";

/// One FAQ, answering the panel's messages.
#[wasm_bindgen]
pub struct Engine {
    responder: Responder,
    /// [`Engine::encoder_wait_ms`] of the last reply.
    wait_ms: std::cell::Cell<u32>,
}

#[wasm_bindgen]
impl Engine {
    /// Opens a bundle (the bytes of a `.plauder` file).
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: &[u8]) -> Result<Engine, JsError> {
        let responder = Responder::from_bundle(bundle).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine {
            responder,
            wait_ms: std::cell::Cell::new(0),
        })
    }

    /// Answers a throwaway question, so the browser compiles the search code
    /// before the visitor's first question rather than during it. Called
    /// once questions already waiting are answered (they would only wait
    /// longer behind it).
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up(&self) {
        let _ = self.responder.answer(WARM_UP_QUESTION);
    }

    /// Answers one [`Request`] (JSON) with one [`Response`] (JSON), or a
    /// [`Request::Preview`] with a [`Previewed`]. Never throws: what cannot
    /// be answered is a `failed` response.
    pub fn handle(&self, request: &str) -> String {
        self.respond(request, None)
    }

    /// [`Engine::handle`] with both tiers: `embedding` is the question's,
    /// from the encoder the second tier was built with.
    #[wasm_bindgen(js_name = handleUnderstood)]
    pub fn handle_understood(&self, request: &str, embedding: &[f32]) -> String {
        self.respond(request, Some(embedding))
    }

    /// How long (milliseconds) the last reply of [`Engine::handle`] is worth
    /// holding back while the second tier is still arriving: up to
    /// [`responder::limits::ENCODER_WAIT_MS`] when the first tier alone would
    /// hand the visitor off or offer a choice and the bundle has a second
    /// tier, else 0 (an answer, or a visitor who asked for a person, goes
    /// out at once).
    #[wasm_bindgen(js_name = encoderWaitMs)]
    pub fn encoder_wait_ms(&self) -> u32 {
        self.wait_ms.get()
    }

    /// The file name of the encoder the bundle's second tier was built with
    /// (`encoder-<checksum>.bin`), if it has one.
    #[wasm_bindgen(js_name = encoderFile)]
    pub fn encoder_file(&self) -> Option<String> {
        self.responder.encoder_file().map(str::to_string)
    }

    /// Attaches the second tier (the bytes of `<name>.tier2.plauder`),
    /// checking that it belongs to this bundle and to the encoder whose
    /// checksum is given.
    #[wasm_bindgen(js_name = attachSecondTier)]
    pub fn attach_second_tier(&mut self, bytes: &[u8], encoder: u32) -> Result<(), JsError> {
        let tier = SecondTier::read(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        self.responder
            .set_second_tier(tier, encoder)
            .map_err(|e| JsError::new(&e.to_string()))
    }
}

impl Engine {
    fn reply(
        &self,
        question: &str,
        embedding: Option<&[f32]>,
    ) -> responder::Result<responder::Reply> {
        match embedding {
            // A second tier that cannot use the embedding (a crafted file
            // past its checksums) leaves the first tier to answer, as when
            // none is attached.
            Some(e) => self
                .responder
                .answer_understood(question, e)
                .or_else(|_| self.responder.answer(question)),
            None => self.responder.answer(question),
        }
    }

    /// The reply to `request` as JSON; notes how long it is worth holding back.
    fn respond(&self, request: &str, embedding: Option<&[f32]>) -> String {
        let failed = |why| Response::Failed { why }.to_json();
        self.wait_ms.set(0);
        match Request::from_json(request) {
            Ok(Request::Hello { version, timezone }) => match version_mismatch(version) {
                Some(why) => failed(why),
                None => Response::Ready {
                    version: PROTOCOL_VERSION,
                    entries: self.responder.entries().len() as u32,
                    zone_offset: zone_offset(&timezone),
                }
                .to_json(),
            },
            Ok(Request::Ask { question }) => match self.decide(&question, embedding) {
                Ok(decision) => Response::Decided { decision }.to_json(),
                Err(why) => failed(why),
            },
            Ok(Request::Preview { question }) => match self.decide(&question, embedding) {
                Ok(decision) => Previewed {
                    entry: match decision {
                        Decision::Answer { entry } => self.responder.entries().get(entry).cloned(),
                        _ => None,
                    },
                    decided: Response::Decided { decision },
                }
                .to_json(),
                Err(why) => failed(why),
            },
            Err(why) => failed(why),
        }
    }

    /// The decision for a visitor's question, noting how long it is worth
    /// holding back (see [`Engine::encoder_wait_ms`]).
    fn decide(&self, question: &str, embedding: Option<&[f32]>) -> Result<Decision, String> {
        let decision = self
            .reply(question, embedding)
            .map_err(|err| format!("could not answer: {err}"))?
            .decision;
        let worth_waiting = matches!(
            decision,
            Decision::Clarify { .. }
                | Decision::Handoff {
                    reason: HandoffReason::NoMatch,
                }
        );
        if worth_waiting && self.responder.encoder_file().is_some() {
            self.wait_ms.set(responder::limits::ENCODER_WAIT_MS);
        }
        Ok(decision)
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat, catch)]
    fn date_time_format(locale: &str, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// Minutes `timezone` is ahead of UTC now (`None`: unknown zone), rounded to
/// a quarter hour.
fn zone_offset(timezone: &str) -> Option<i32> {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", timezone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let format = date_time_format("en-US", &options).ok()?;
    let to_parts: js_sys::Function = js_sys::Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let now = js_sys::Date::new_0();
    let parts: js_sys::Array = to_parts.call1(&format, &now).ok()?.dyn_into().ok()?;
    let part = |kind: &str| -> Option<f64> {
        parts.iter().find_map(|p| {
            let type_ = js_sys::Reflect::get(&p, &"type".into()).ok()?.as_string()?;
            (type_ == kind)
                .then(|| js_sys::Reflect::get(&p, &"value".into()).ok()?.as_string())
                .flatten()?
                .parse()
                .ok()
        })
    };
    let wall = js_sys::Date::utc(part("year")?, part("month")? - 1.0);
    let wall = wall + ((part("day")? - 1.0) * 24.0 + part("hour")?) * 3_600_000.0;
    let wall = wall + part("minute")? * 60_000.0;
    Some(((wall - now.get_time()) / 900_000.0).round() as i32 * 15)
}

/// A loaded knowledge base answering questions, with a plain API: for
/// benchmarks and pages that bring their own interface.
#[wasm_bindgen]
pub struct Plauder {
    responder: Responder,
}

/// What [`Plauder::answer`] returns, as JSON.
#[derive(serde::Serialize)]
struct AnswerView<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<HandoffReason>,
    entries: Vec<EntryView<'a>>,
}

/// An entry as [`Plauder::answer`] shows it: its answer as plain text.
#[derive(serde::Serialize)]
struct EntryView<'a> {
    id: &'a str,
    question: &'a str,
    answer: String,
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
        let entries = |positions: &[usize]| -> Vec<EntryView> {
            positions
                .iter()
                .filter_map(|&p| self.responder.entries().get(p))
                .map(|e| EntryView {
                    id: &e.id,
                    question: &e.question,
                    answer: to_plain(&e.answer),
                })
                .collect()
        };
        let view = match &reply.decision {
            Decision::Answer { entry } => AnswerView {
                kind: "answer",
                reason: None,
                entries: entries(&[*entry]),
            },
            Decision::Clarify { entries: e } => AnswerView {
                kind: "clarify",
                reason: None,
                entries: entries(e),
            },
            Decision::Handoff { reason } => AnswerView {
                kind: "handoff",
                reason: Some(*reason),
                entries: Vec::new(),
            },
        };
        Ok(responder::json::to_string(&view))
    }

    /// The number of entries.
    #[wasm_bindgen(js_name = entryCount)]
    pub fn entry_count(&self) -> usize {
        self.responder.entries().len()
    }
}
