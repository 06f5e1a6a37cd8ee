//! Decisions pinned on the German benchmark knowledge base
//! (`xtask/bench/de/kb.csv`), one per behaviour that once went wrong or matters most.

use responder::Lang;
use responder::build::{BuildOptions, build};

use crate::util::decision;

fn furniture_shop() -> responder::Responder {
    let text = include_str!("../../xtask/bench/de/kb.csv");
    let kb = responder::source::parse_str("kb.csv", text, "csv", Lang::German).unwrap();
    build(&kb, &BuildOptions::default()).unwrap().responder
}

#[test]
fn split_compound_meets_the_joined_one() {
    // Before compound parts, "Zeit der Lieferung" went to the shipping-cost
    // entry, whose phrasing holds "Lieferung" as a whole word. Since the
    // learned model it leads just below the answer threshold of this small
    // knowledge base, so the visitor confirms it among two others.
    let got = decision(&furniture_shop(), "Zeit der Lieferung für ein Sofa");
    assert!(
        got == "answer:lieferzeit" || got.starts_with("clarify:lieferzeit,"),
        "{got}"
    );
}

#[test]
fn joined_compound_meets_the_split_one() {
    assert_eq!(
        decision(&furniture_shop(), "Matratzenentsorgung"),
        "answer:entsorgung"
    );
}

#[test]
fn spelled_out_umlauts_and_typos_are_answered() {
    let shop = furniture_shop();
    assert_eq!(decision(&shop, "gewaehrleistung dauer"), "answer:garantie");
    assert_eq!(
        decision(&shop, "stonierung meiner bestellung"),
        "answer:storno"
    );
}

#[test]
fn small_talk_is_not_answered() {
    // A small knowledge base once fitted its answer threshold so low that
    // "wie spaet ist es" was answered with the delivery time.
    let shop = furniture_shop();
    for question in [
        "wie spaet ist es",
        "wie wird das wetter morgen",
        "erzaehl mir einen witz",
    ] {
        assert!(
            !decision(&shop, question).starts_with("answer:"),
            "{question}"
        );
    }
}
