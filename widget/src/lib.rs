//! Plauder's browser side: the responder exposed to the page.
//!
//! [`Plauder`] loads a bundle and answers questions with a small JSON view of
//! the reply that a page can render with `textContent` alone: nothing from the
//! knowledge base is ever interpreted as HTML.
#![deny(missing_docs)]

use responder::rich::to_plain;
use responder::{Decision, HandoffReason, Responder};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A loaded knowledge base, answering questions.
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

    /// Answers a question; returns the reply as JSON (see [`View`]).
    pub fn answer(&self, question: &str) -> Result<String, JsError> {
        let reply = self
            .responder
            .answer(question)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let view = view(&self.responder, &reply.decision, &reply.ranked);
        serde_json::to_string(&view).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The number of entries.
    #[wasm_bindgen(js_name = entryCount)]
    pub fn entry_count(&self) -> usize {
        self.responder.entries().len()
    }
}

/// What a page needs to show a reply.
#[derive(Serialize)]
pub struct View {
    /// `answer`, `clarify` or `handoff`.
    pub kind: &'static str,
    /// Why a handoff: `asked_for_human` or `no_match`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The answering entry, or the candidates to pick from.
    pub entries: Vec<EntryView>,
}

/// One entry, as plain text.
#[derive(Serialize)]
pub struct EntryView {
    /// Its id.
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its answer as plain text.
    pub answer: String,
    /// Its confidence for this question.
    pub confidence: f32,
}

fn view(responder: &Responder, decision: &Decision, ranked: &[responder::Candidate]) -> View {
    let entry = |position: usize| {
        let entry = &responder.entries()[position];
        let confidence = ranked
            .iter()
            .find(|c| c.entry == position)
            .map_or(0.0, |c| c.confidence);
        EntryView {
            id: entry.id.clone(),
            question: entry.question.clone(),
            answer: to_plain(&entry.answer),
            confidence,
        }
    };
    match decision {
        Decision::Answer { entry: e } => View {
            kind: "answer",
            reason: None,
            entries: vec![entry(*e)],
        },
        Decision::Clarify { entries } => View {
            kind: "clarify",
            reason: None,
            entries: entries.iter().map(|&e| entry(e)).collect(),
        },
        Decision::Handoff { reason } => View {
            kind: "handoff",
            reason: Some(match reason {
                HandoffReason::AskedForHuman => "asked_for_human",
                HandoffReason::NoMatch => "no_match",
            }),
            entries: Vec::new(),
        },
    }
}
