//! The responder in WebAssembly: a bundle built natively by `plauder build`
//! loads and answers, and damaged bundles give errors, not panics.
//!
//! Run by `cargo xtask test`, which builds the fixture bundle first and
//! passes its path in `PLAUDER_WASM_FIXTURE` at compile time.
#![cfg(target_arch = "wasm32")]

use responder::{Decision, Error, Responder};
use wasm_bindgen_test::wasm_bindgen_test;

const BUNDLE: &[u8] = include_bytes!(env!(
    "PLAUDER_WASM_FIXTURE",
    "run the wasm tests with `cargo xtask test`, which builds the fixture bundle"
));

fn decision(responder: &Responder, question: &str) -> String {
    let reply = responder.answer(question).expect("answers");
    match reply.decision {
        Decision::Answer { entry } => format!("answer:{}", responder.entries()[entry].id),
        other => format!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn a_native_bundle_answers_in_wasm() {
    let responder = Responder::from_bundle(BUNDLE).expect("bundle loads in wasm");
    assert_eq!(
        decision(&responder, "when will my parcel arrive?"),
        "answer:delivery-time"
    );
    assert_eq!(
        decision(&responder, "talk to a real person"),
        "Handoff { reason: AskedForHuman }"
    );
    assert_eq!(
        decision(&responder, "weather in Paris tomorrow"),
        "Handoff { reason: NoMatch }"
    );
}

#[wasm_bindgen_test]
fn damaged_bundles_are_errors_in_wasm() {
    let mut flipped = BUNDLE.to_vec();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    assert!(matches!(
        Responder::from_bundle(&flipped),
        Err(Error::Corrupt(_))
    ));
    assert!(matches!(
        Responder::from_bundle(&BUNDLE[..BUNDLE.len() - 10]),
        Err(Error::Truncated { .. })
    ));
    assert!(matches!(
        Responder::from_bundle(b"<html>404</html>"),
        Err(Error::NotABundle)
    ));
}

/// The browser's JSON (`browser-json`, what the page's panel uses) writes
/// what serde_json writes, reads it back, and reads a bundle's entries as the
/// engine does.
#[cfg(feature = "browser-json")]
#[wasm_bindgen_test]
fn the_browsers_json_speaks_as_serde_json_does() {
    use responder::protocol::{PROTOCOL_VERSION, Request, Response};

    let ready = Response::Ready {
        version: PROTOCOL_VERSION,
        entries: 3,
        zone_offset: None,
    };
    assert_eq!(
        ready.to_json(),
        format!(r#"{{"kind":"ready","version":{PROTOCOL_VERSION},"entries":3,"zoneOffset":null}}"#)
    );
    let clarify = Response::Decided {
        decision: Decision::Clarify {
            entries: vec![2, 0],
        },
    };
    assert_eq!(
        clarify.to_json(),
        r#"{"kind":"decided","decision":{"kind":"clarify","entries":[2,0]}}"#
    );
    for response in [ready, clarify] {
        assert_eq!(Response::from_json(&response.to_json()), Ok(response));
    }
    let ask = Request::Ask {
        question: "wo ist \"mein\" Paket? 🙂\n".into(),
    };
    assert_eq!(
        ask.to_json(),
        r#"{"kind":"ask","question":"wo ist \"mein\" Paket? 🙂\n"}"#
    );
    assert_eq!(Request::from_json(&ask.to_json()), Ok(ask));
    assert!(Response::from_json("{\"kind\":\"shout\"}").is_err());
    assert!(Response::from_json("{\"kind\":").is_err());
    // Read as serde_json reads them: fields in any order, unknown ones
    // skipped, a missing one named.
    assert_eq!(
        Response::from_json(
            r#"{"decision":{"entry":4,"kind":"answer"},"later":[1,{"x":null}],"kind":"decided"}"#
        ),
        Ok(Response::Decided {
            decision: Decision::Answer { entry: 4 }
        })
    );
    let missing = Response::from_json(r#"{"kind":"decided","decision":{"kind":"answer"}}"#);
    assert!(missing.unwrap_err().contains("`entry`"));
    let wrong =
        Response::from_json(r#"{"kind":"decided","decision":{"kind":"answer","entry":1.5}}"#);
    assert!(wrong.unwrap_err().contains("invalid type"));
    let wrong =
        Response::from_json(r#"{"kind":"decided","decision":{"kind":"clarify","entries":{}}}"#);
    assert!(wrong.unwrap_err().contains("invalid type: an object"));
    assert!(Response::from_json(r#"{"kind":"ready","version":-1,"entries":1}"#).is_err());
    // Quotes in quotes: each level is an object and an array.
    let quotes = |levels: usize| {
        let text = format!(
            "[{}{{\"p\":[]}}{}]",
            r#"{"quote":["#.repeat(levels),
            "]}".repeat(levels)
        );
        responder::json::from_str::<Vec<responder::rich::Block>>(&text)
    };
    assert!(quotes(60).is_ok());
    assert!(quotes(70).unwrap_err().contains("nested deeper than 128"));
    let nested: Vec<Vec<Option<bool>>> =
        responder::json::from_str("[[true,null],[],[false]]").unwrap();
    assert_eq!(
        nested,
        vec![vec![Some(true), None], vec![], vec![Some(false)]]
    );
    let text = r#"[{"p":[{"text":"Hi"},"br",{"link":{"href":"https://a.example/","text":[{"em":[{"text":"a"}]}]}}]},{"list":{"ordered":true,"items":[[{"code":"x"}],[]]}}]"#;
    let blocks: Vec<responder::rich::Block> = responder::json::from_str(text).unwrap();
    assert_eq!(serde_json::from_str(text).ok(), Some(blocks.clone()));
    assert_eq!(responder::json::to_string(&blocks), text);
    assert!(
        responder::json::from_str::<Vec<responder::rich::Block>>(r#"[{"p":[],"h":[]}]"#).is_err()
    );

    let entries = responder::bundle_entries(BUNDLE).expect("the page reads the entries");
    let responder = Responder::from_bundle(BUNDLE).expect("the engine opens the bundle");
    assert_eq!(entries, responder.entries());
}
