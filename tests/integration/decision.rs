//! The answer decision on the fixture FAQs, in English and German.

use responder::Thresholds;

use crate::hay::{SHOP_DE, SHOP_EN};
use crate::util::{decision, responder, top};

#[test]
fn english_questions_in_scope_are_answered() {
    let shop = responder(SHOP_EN);
    for (question, id) in [
        ("when will my parcel arrive?", "delivery-time"),
        ("is shipping free?", "shipping-cost"),
        ("can I pay with paypal", "payment-methods"),
        ("I forgot my password", "password-reset"),
        ("How do I return an item?", "returns"),
    ] {
        assert_eq!(
            decision(&shop, question),
            format!("answer:{id}"),
            "{question}"
        );
    }
}

#[test]
fn paraphrases_and_typos_rank_the_right_entry_first() {
    let shop = responder(SHOP_EN);
    for (question, id) in [
        ("how long until my order gets here", "delivery-time"),
        ("what does postage cost", "shipping-cost"),
        ("trackng numbr for my parcell", "tracking"),
        ("refund still not there", "refund-time"),
        ("paswort reset", "password-reset"),
    ] {
        assert_eq!(top(&shop, question), id, "{question}");
    }
}

#[test]
fn out_of_scope_questions_are_handed_off() {
    let shop = responder(SHOP_EN);
    for question in [
        "what will the weather be in Paris tomorrow",
        "who won the football world cup",
        "xyzzy plugh",
    ] {
        assert_eq!(decision(&shop, question), "handoff:no_match", "{question}");
    }
}

#[test]
fn asking_for_a_person_hands_off_in_both_languages() {
    let shop = responder(SHOP_EN);
    for question in [
        "I want to talk to a real person",
        "agent please",
        "Can I speak to someone?",
        "human",
    ] {
        assert_eq!(
            decision(&shop, question),
            "handoff:asked_for_human",
            "{question}"
        );
    }
    let laden = responder(SHOP_DE);
    for question in [
        "Kann ich mit einem Mitarbeiter sprechen?",
        "Mensch bitte",
        "Ich möchte mit jemandem sprechen",
    ] {
        assert_eq!(
            decision(&laden, question),
            "handoff:asked_for_human",
            "{question}"
        );
    }
}

#[test]
fn a_person_word_inside_a_real_question_does_not_hand_off() {
    let shop = responder(SHOP_EN);
    assert_eq!(
        decision(&shop, "can I pick up my order in person at the store"),
        "answer:store"
    );
}

#[test]
fn close_candidates_are_offered_to_pick_from() {
    let mut shop = responder(SHOP_EN);
    // "pay" matches both payment entries about equally: the visitor picks.
    let reply = shop.answer("pay").unwrap();
    let ids: Vec<&str> = reply
        .ranked
        .iter()
        .take(2)
        .map(|c| shop.entries()[c.entry].id.as_str())
        .collect();
    assert!(
        ids.contains(&"payment-methods") && ids.contains(&"invoice"),
        "{ids:?}"
    );
    shop.set_thresholds(Thresholds {
        answer: 0.9,
        margin: 0.3,
        clarify: 0.05,
    })
    .unwrap();
    let got = decision(&shop, "pay");
    assert!(
        got == "clarify:invoice,payment-methods" || got == "clarify:payment-methods,invoice",
        "{got}"
    );
}

#[test]
fn german_compounds_umlauts_and_typos_meet() {
    let laden = responder(SHOP_DE);
    for (question, id) in [
        ("Zeit der Lieferung?", "lieferzeit"),
        ("Wie lange dauert die Lieferung", "lieferzeit"),
        ("Rueckgabe", "rueckgabe"),
        ("Ruecksendung eines Artikels", "rueckgabe"),
        ("Zahlungsart", "zahlung"),
        ("Kosten für den Versand", "versandkosten"),
        ("Pasword vergesen", "passwort"),
        ("Geschenkgutschein", "gutschein"),
        ("Oeffnungszeiten", "laden"),
        ("Groesse verfuegbar", "verfuegbarkeit"),
    ] {
        assert_eq!(top(&laden, question), id, "{question}");
    }
    assert_eq!(
        decision(&laden, "Wann kommt mein Paket an?"),
        "answer:lieferzeit"
    );
    assert_eq!(
        decision(&laden, "Wie wird das Wetter morgen in Hamburg?"),
        "handoff:no_match"
    );
}

#[test]
fn thresholds_are_fitted_and_can_be_overridden() {
    let mut shop = responder(SHOP_EN);
    let fitted = shop.thresholds();
    assert_ne!(
        fitted,
        Thresholds::default(),
        "the fixture has enough phrasings to fit on"
    );
    assert!(fitted.clarify <= fitted.answer);
    assert!(
        shop.set_thresholds(Thresholds {
            answer: 0.2,
            margin: 0.0,
            clarify: 0.5
        })
        .is_err()
    );
    shop.set_thresholds(Thresholds {
        answer: 5.0,
        margin: 0.0,
        clarify: 5.0,
    })
    .unwrap();
    assert_eq!(
        decision(&shop, "when will my parcel arrive?"),
        "handoff:no_match"
    );
}

#[test]
fn empty_and_punctuation_only_questions_hand_off() {
    let shop = responder(SHOP_EN);
    assert_eq!(decision(&shop, ""), "handoff:no_match");
    assert_eq!(decision(&shop, "?!"), "handoff:no_match");
}

#[test]
fn german_close_candidates_are_offered_to_pick_from() {
    let mut laden = responder(SHOP_DE);
    // Return and refund are both asked about: offer both.
    laden
        .set_thresholds(Thresholds {
            answer: 5.0,
            margin: 0.3,
            clarify: 0.05,
        })
        .unwrap();
    let got = decision(&laden, "Rückgabe und Erstattung");
    assert!(got.starts_with("clarify:"), "{got}");
    assert!(
        got.contains("rueckgabe") && got.contains("erstattung"),
        "{got}"
    );
}

#[test]
fn matched_terms_say_why_an_entry_ranks() {
    let shop = responder(SHOP_EN);
    let entry = |id: &str| shop.entries().iter().position(|e| e.id == id).unwrap();
    let matched = shop
        .matched("when will my parcel arrive?", entry("delivery-time"))
        .unwrap();
    assert!(matched.words.contains(&"arriv".to_string()), "{matched:?}");
    assert!(
        matched.grams.0 > 0 && matched.grams.0 <= matched.grams.1,
        "{matched:?}"
    );
    let nothing = shop
        .matched("xylophone quartz", entry("delivery-time"))
        .unwrap();
    assert!(nothing.words.is_empty() && nothing.parts.is_empty() && nothing.grams.0 == 0);
    // A German compound meets the question's word by its parts.
    let shop = responder(SHOP_DE);
    let at = shop
        .entries()
        .iter()
        .position(|e| e.question == "Wie lange ist die Lieferzeit?")
        .unwrap();
    let matched = shop.matched("Wann kommt die Lieferung?", at).unwrap();
    assert!(matched.parts.contains(&"liefer".to_string()), "{matched:?}");
}
