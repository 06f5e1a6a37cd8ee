//! What the first tier learns at build time: a model of the phrasings, answers
//! as evidence for entries with few phrasings, and a fit that works on a
//! knowledge base with one phrasing per entry.

use responder::Lang;
use responder::build::{BuildOptions, build};

use crate::util::{decision, top};

/// A knowledge base of `entries` in CSV, one phrasing each, with answers.
fn one_phrasing_each(entries: &[(&str, &str, &str)]) -> responder::build::Built {
    let mut csv = String::from("id,question,answer\n");
    for (id, question, answer) in entries {
        csv.push_str(&format!("{id},\"{question}\",\"{answer}\"\n"));
    }
    let kb = responder::source::parse_str("faq.csv", &csv, "csv", Lang::English).unwrap();
    build(&kb, &BuildOptions::default()).unwrap()
}

const CLINIC: &[(&str, &str, &str)] = &[
    (
        "hours",
        "When are you open?",
        "Monday to Friday from 8 am to 6 pm, Saturdays until noon.",
    ),
    (
        "parking",
        "Where can I park?",
        "Our car park behind the building is free for patients.",
    ),
    (
        "insurance",
        "Which insurers do you work with?",
        "We bill all statutory health insurers and most private ones.",
    ),
    (
        "cancel",
        "How do I cancel an appointment?",
        "Call us or use the link in your confirmation e-mail at least 24 hours ahead.",
    ),
    (
        "results",
        "When will I get my lab results?",
        "Blood test results arrive within three working days by secure message.",
    ),
    (
        "vaccines",
        "Do you offer vaccinations?",
        "Yes: flu, tetanus, hepatitis and travel vaccines, by appointment.",
    ),
    (
        "children",
        "Do you treat children?",
        "Our paediatrician sees babies, children and teenagers on Tuesdays and Thursdays.",
    ),
    (
        "referral",
        "Do I need a referral?",
        "No referral is needed for a first visit with a general practitioner.",
    ),
    (
        "prescription",
        "How do I renew a prescription?",
        "Send a repeat prescription request through the patient portal.",
    ),
    (
        "emergency",
        "What do I do in an emergency?",
        "Call 112 at once; outside opening hours the on-call service helps.",
    ),
    (
        "records",
        "Can I see my medical records?",
        "You may request a copy of your file; we send it within a week.",
    ),
    (
        "languages",
        "Which languages do the doctors speak?",
        "Our doctors speak English, German, Turkish and Spanish.",
    ),
];

#[test]
fn one_phrasing_per_entry_is_fitted_not_defaulted() {
    let built = one_phrasing_each(CLINIC);
    assert!(built.fit.fitted, "{:?}", built.fit);
    assert_eq!(built.fit.reworded_samples, CLINIC.len());
    assert!(
        decision(&built.responder, "when will you be open").starts_with("answer:hours"),
        "{}",
        decision(&built.responder, "when will you be open")
    );
    assert_eq!(
        decision(&built.responder, "what is the capital of peru"),
        "handoff:no_match"
    );
}

#[test]
fn an_answer_is_evidence_for_its_entry() {
    // No question mentions a car park, babies, tetanus or a copy of a
    // file: the answers do.
    let built = one_phrasing_each(CLINIC);
    for (question, id) in [
        ("is the car park free", "parking"),
        ("babies", "children"),
        ("tetanus shot", "vaccines"),
        ("can I get a copy of my file", "records"),
    ] {
        assert_eq!(top(&built.responder, question), id, "{question}");
    }
}

#[test]
fn the_model_tells_entries_apart_by_the_words_that_matter() {
    // "card" is in every phrasing; "lost", "stolen" and "limit" decide.
    let mut csv = String::from("id,question,answer\n");
    for (id, phrasings) in [
        (
            "lost",
            [
                "I lost my card",
                "my card is gone",
                "card missing",
                "where is my card, I lost it",
            ],
        ),
        (
            "stolen",
            [
                "my card was stolen",
                "someone stole my card",
                "card theft",
                "thief took my card",
            ],
        ),
        (
            "limit",
            [
                "what is my card limit",
                "raise the limit of my card",
                "card spending limit",
                "how much can I spend with the card",
            ],
        ),
    ] {
        for (i, phrasing) in phrasings.iter().enumerate() {
            let answer = if i == 0 {
                format!("About {id}.")
            } else {
                String::new()
            };
            csv.push_str(&format!("{id},\"{phrasing}\",\"{answer}\"\n"));
        }
    }
    let kb = responder::source::parse_str("faq.csv", &csv, "csv", Lang::English).unwrap();
    let responder = build(&kb, &BuildOptions::default()).unwrap().responder;
    assert_eq!(top(&responder, "the card got stolen yesterday"), "stolen");
    assert_eq!(top(&responder, "can't find my card, lost"), "lost");
    assert_eq!(top(&responder, "increase card limit"), "limit");
}

/// A knowledge base whose fit gives the learned model a share: entries of
/// several phrasings, each with words of its own and words all share.
fn many_phrasings() -> responder::source::KnowledgeBase {
    let topics = [
        ("parcel", "tracking"),
        ("refund", "money"),
        ("invoice", "receipt"),
        ("password", "login"),
        ("voucher", "gift"),
        ("warranty", "broken"),
        ("address", "moving"),
        ("size", "fit"),
        ("colour", "shade"),
        ("newsletter", "unsubscribe"),
        ("stock", "available"),
        ("discount", "student"),
    ];
    let starts = [
        "how do i",
        "can i",
        "where is my",
        "what about the",
        "help with my",
        "question on",
    ];
    let mut csv = String::from("id,question,answer\n");
    for (id, (a, b)) in topics.iter().enumerate() {
        for (n, start) in starts.iter().enumerate() {
            let answer = if n == 0 {
                format!("About {a}.")
            } else {
                String::new()
            };
            let words = if n % 2 == 0 {
                format!("{a} {b}")
            } else {
                format!("{b} order {a}")
            };
            csv.push_str(&format!("e{id},{start} {words} please,{answer}\n"));
        }
    }
    responder::source::parse_str("faq.csv", &csv, "csv", Lang::English).unwrap()
}

#[test]
fn a_bundle_built_apart_with_its_model_trained_elsewhere_answers_as_one_built_whole() {
    // Plauder Studio trains the model in a second worker while the first
    // fits. Thresholds given: the model then always has its share.
    let kb = many_phrasings();
    let options = BuildOptions {
        thresholds: Some(responder::Thresholds::default()),
        ..BuildOptions::default()
    };
    let whole = build(&kb, &options).unwrap();
    let apart = responder::build::build_apart(&kb, &options).unwrap();
    assert!(apart.wants_model());
    let apart = apart
        .finish(Some(responder::build::model_file(&kb)), &options)
        .unwrap();
    // Without a model given, one is trained where the build finishes.
    let here = responder::build::build_apart(&kb, &options)
        .unwrap()
        .finish(None, &options)
        .unwrap();
    for question in [
        "where is my parcel",
        "money back",
        "gift voucher code",
        "broken thing",
        "weather",
    ] {
        let whole = whole.responder.answer(question).unwrap();
        for built in [&apart, &here] {
            let reply = built.responder.answer(question).unwrap();
            assert_eq!(reply.decision, whole.decision, "{question}");
            assert_eq!(reply.ranked, whole.ranked, "{question}");
        }
    }
    // The model given is the one ranking: a model learned with the
    // entries' phrasings swapped round ranks otherwise.
    let mut swapped = kb.clone();
    swapped.entries.rotate_left(1);
    for (entry, original) in swapped.entries.iter_mut().zip(&kb.entries) {
        entry.id = original.id.clone();
    }
    let wrong = responder::build::build_apart(&kb, &options)
        .unwrap()
        .finish(Some(responder::build::model_file(&swapped)), &options)
        .unwrap();
    let ranking =
        |built: &responder::build::Built| built.responder.answer("money back").unwrap().ranked;
    assert_ne!(ranking(&wrong), ranking(&whole));
}
