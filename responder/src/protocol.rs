//! The messages between the page's panel and the answering engine.
//!
//! The engine runs in a Web Worker (`plauder-worker.js`), or on the page
//! itself where the site allows no worker; the panel (the `widget` crate)
//! talks to it the same way in both cases, with these two enums as JSON
//! text. Both sides are built from this one definition, and the first
//! exchange compares [`PROTOCOL_VERSION`]s, so a panel and an engine from
//! different builds refuse each other with a clear message instead of
//! misreading each other.
//!
//! The conversation: the page sends [`Request::Hello`], the engine replies
//! [`Response::Ready`] once the FAQ is open (or [`Response::Failed`]); then
//! each [`Request::Ask`] gets exactly one [`Response::Decided`], in order.
//! The FAQ bundle and the compiled engine module reach the worker before
//! any of this, from the loader, as `{module, bundle, port}` (binary data
//! has no place in JSON).
//!
//! Before the panel's module is there, the loader's first frame asks on
//! `port` (a channel of its own, so that its replies never reach the
//! panel): each [`Request::Preview`] gets one [`Previewed`],
//! which carries the answering entry itself, since the first frame is
//! plain JavaScript that has not read the bundle. The worker answers both
//! channels through one queue, in the order the questions came.

use serde::{Deserialize, Serialize};

use crate::bundle::Entry;
use crate::decision::Decision;
use crate::json::required;

/// The version of these messages. Raise it with any change to them.
pub const PROTOCOL_VERSION: u32 = 2;

/// From the page to the engine (read through `RequestWire`, as
/// [`Decision`] is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    try_from = "RequestWire"
)]
pub enum Request {
    /// The first message: the page's protocol version and the business's
    /// time zone (IANA name, e.g. `Europe/Berlin`).
    Hello {
        /// The page's [`PROTOCOL_VERSION`].
        version: u32,
        /// The time zone of the opening hours.
        timezone: String,
    },
    /// A visitor's question.
    Ask {
        /// The question as typed.
        question: String,
    },
    /// A visitor's question asked in the loader's first frame, before the
    /// panel is there (the loader writes this one by hand: a test pins its
    /// shape).
    Preview {
        /// The question as typed.
        question: String,
    },
}

/// From the engine to the page (read through `ResponseWire`, as
/// [`Decision`] is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    try_from = "ResponseWire"
)]
pub enum Response {
    /// The FAQ is open and questions are answered from now on.
    Ready {
        /// The engine's [`PROTOCOL_VERSION`].
        version: u32,
        /// The number of entries in the FAQ.
        entries: u32,
        /// Minutes the business's time zone is ahead of UTC now (`None`:
        /// unknown zone). Measured by the engine, so the page never loads
        /// time-zone data (tens of milliseconds the first time).
        zone_offset: Option<i32>,
    },
    /// The decision for the oldest question not yet answered.
    Decided {
        /// What to do with it.
        decision: Decision,
    },
    /// The engine cannot answer: it did not start, the FAQ did not open, or
    /// the page speaks another version. The page answers without it.
    Failed {
        /// What went wrong, for the console.
        why: String,
    },
}

/// A [`Request`] as its JSON has it, every kind's fields in one object.
#[derive(Deserialize)]
struct RequestWire {
    kind: RequestKind,
    version: Option<u32>,
    timezone: Option<String>,
    question: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum RequestKind {
    Hello,
    Ask,
    Preview,
}

impl TryFrom<RequestWire> for Request {
    type Error = String;

    fn try_from(wire: RequestWire) -> Result<Request, String> {
        Ok(match wire.kind {
            RequestKind::Hello => Request::Hello {
                version: required(wire.version, "hello", "version")?,
                timezone: required(wire.timezone, "hello", "timezone")?,
            },
            RequestKind::Ask => Request::Ask {
                question: required(wire.question, "ask", "question")?,
            },
            RequestKind::Preview => Request::Preview {
                question: required(wire.question, "preview", "question")?,
            },
        })
    }
}

/// A [`Response`] as its JSON has it, every kind's fields in one object.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResponseWire {
    kind: ResponseKind,
    version: Option<u32>,
    entries: Option<u32>,
    zone_offset: Option<i32>,
    decision: Option<Decision>,
    why: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum ResponseKind {
    Ready,
    Decided,
    Failed,
}

impl TryFrom<ResponseWire> for Response {
    type Error = String;

    fn try_from(wire: ResponseWire) -> Result<Response, String> {
        Ok(match wire.kind {
            ResponseKind::Ready => Response::Ready {
                version: required(wire.version, "ready", "version")?,
                entries: required(wire.entries, "ready", "entries")?,
                zone_offset: wire.zone_offset,
            },
            ResponseKind::Decided => Response::Decided {
                decision: required(wire.decision, "decided", "decision")?,
            },
            ResponseKind::Failed => Response::Failed {
                why: required(wire.why, "failed", "why")?,
            },
        })
    }
}

/// From the engine to the loader's first frame: the reply to a
/// [`Request::Preview`] (or a [`Response::Failed`]). Not a [`Response`]: the
/// panel never reads one, so its module carries no reader for entries sent
/// this way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename = "previewed")]
pub struct Previewed {
    /// The [`Response::Decided`] for the question, which the panel takes
    /// over (and reads as it reads the engine's replies to it).
    pub decided: Response,
    /// For an answer, its entry (the first frame draws only answers; a
    /// choice or a handoff waits for the panel).
    pub entry: Option<Entry>,
}

impl Previewed {
    /// The message as JSON text.
    pub fn to_json(&self) -> String {
        crate::json::to_string(self)
    }
}

impl Request {
    /// The message as JSON text.
    pub fn to_json(&self) -> String {
        crate::json::to_string(self)
    }

    /// Reads a message; the error says what was wrong with it.
    pub fn from_json(json: &str) -> Result<Request, String> {
        crate::json::from_str(json).map_err(|e| format!("unreadable request ({e})"))
    }
}

impl Response {
    /// The message as JSON text.
    pub fn to_json(&self) -> String {
        crate::json::to_string(self)
    }

    /// Reads a message; the error says what was wrong with it.
    pub fn from_json(json: &str) -> Result<Response, String> {
        crate::json::from_str(json).map_err(|e| format!("unreadable response ({e})"))
    }
}

/// Why a message from the other side's `version` cannot be understood here,
/// or `None` when the versions agree.
pub fn version_mismatch(version: u32) -> Option<String> {
    (version != PROTOCOL_VERSION).then(|| {
        format!(
            "the panel and the answering engine come from different Plauder builds (protocol {version} and {PROTOCOL_VERSION}): serve plauder.js, plauder-widget.* and plauder-engine.* from one `cargo xtask dist`"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_message() {
        let requests = [
            Request::Hello {
                version: PROTOCOL_VERSION,
                timezone: "Europe/Berlin".into(),
            },
            Request::Ask {
                question: "wo ist \"mein\" Paket? 🙂".into(),
            },
            Request::Preview {
                question: "Lieferung?".into(),
            },
        ];
        for request in requests {
            assert_eq!(Request::from_json(&request.to_json()), Ok(request));
        }
        let responses = [
            Response::Ready {
                version: PROTOCOL_VERSION,
                entries: 3,
                zone_offset: Some(-210),
            },
            Response::Decided {
                decision: Decision::Clarify {
                    entries: vec![1, 2],
                },
            },
            Response::Failed { why: "x".into() },
        ];
        for response in responses {
            assert_eq!(Response::from_json(&response.to_json()), Ok(response));
        }
    }

    #[test]
    fn failure_has_the_shape_the_worker_script_writes_by_hand() {
        // plauder-worker.js reports an engine that did not start with this
        // literal shape, since then no Rust runs to write it.
        let failed = Response::Failed { why: "boom".into() };
        assert_eq!(failed.to_json(), r#"{"kind":"failed","why":"boom"}"#);
    }

    #[test]
    fn a_preview_reply_carries_the_answering_entry() {
        let previewed = Previewed {
            decided: Response::Decided {
                decision: Decision::Answer { entry: 0 },
            },
            entry: Some(Entry {
                id: "delivery".into(),
                question: "When will it arrive?".into(),
                answer: vec![crate::rich::Block::P(vec![crate::rich::Inline::Text(
                    "In 2 days.".into(),
                )])],
                lang: crate::lang::Lang::English,
                tags: Vec::new(),
                link: None,
            }),
        };
        let json = previewed.to_json();
        // What plauder-boot.js reads of it.
        assert!(
            json.starts_with(
                r#"{"kind":"previewed","decided":{"kind":"decided","decision":{"kind":"answer","entry":0}},"entry":{"#
            ),
            "{json}"
        );
        assert!(
            json.contains(r#""answer":[{"p":[{"text":"In 2 days."}]}]"#),
            "{json}"
        );
        assert_eq!(
            serde_json::from_str::<Previewed>(&json).ok(),
            Some(previewed)
        );
    }

    #[test]
    fn preview_has_the_shape_the_loader_writes_by_hand() {
        // The loader's first frame (plauder-boot.js) asks with this literal shape.
        let written = r#"{"kind":"preview","question":"when?"}"#;
        assert_eq!(
            Request::from_json(written),
            Ok(Request::Preview {
                question: "when?".into()
            })
        );
        let boot = include_str!("../../widget/loader/plauder-boot.js");
        assert!(
            boot.contains(r#"JSON.stringify({ kind: "preview", question: "#),
            "plauder-boot.js no longer writes a preview as this test expects"
        );
    }

    #[test]
    fn other_versions_are_named_with_the_fix() {
        assert_eq!(version_mismatch(PROTOCOL_VERSION), None);
        let why = version_mismatch(PROTOCOL_VERSION + 1).unwrap();
        assert!(why.contains("different Plauder builds"), "{why}");
        assert!(Response::from_json("{\"kind\":\"shout\"}").is_err());
    }

    #[test]
    fn a_message_without_its_kinds_field_is_refused_naming_it() {
        let why = Response::from_json(r#"{"kind":"ready","version":2}"#).unwrap_err();
        assert!(
            why.contains("missing field `entries` in a `ready`"),
            "{why}"
        );
        let why = Request::from_json(r#"{"kind":"hello","version":2}"#).unwrap_err();
        assert!(why.contains("`timezone`"), "{why}");
        let why =
            Response::from_json(r#"{"kind":"decided","decision":{"kind":"handoff"}}"#).unwrap_err();
        assert!(why.contains("`reason`"), "{why}");
        // Another kind's fields beside are no harm, as before.
        assert_eq!(
            Request::from_json(r#"{"kind":"ask","question":"?","version":1}"#),
            Ok(Request::Ask {
                question: "?".into()
            })
        );
    }
}
