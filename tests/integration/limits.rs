//! Every stated limit (`responder::limits`, docs/limits.md), at the limit and
//! just past it: what passes builds or answers, what does not gets an error
//! naming the place, the limit and the fix.

use responder::Lang;
use responder::limits;
use responder::source::parse_str;

use crate::hay::SHOP_EN;
use crate::util::{decision, responder};

/// A CSV knowledge base of `entries` entries with `phrasings` phrasings each.
fn csv(entries: usize, phrasings: usize) -> String {
    let mut text = String::from("id,question,answer\n");
    for e in 0..entries {
        for p in 0..phrasings {
            let answer = if p == 0 { "An answer." } else { "" };
            text.push_str(&format!("e{e},question {e} number {p},{answer}\n"));
        }
    }
    text
}

fn csv_error(text: &str) -> String {
    match parse_str("faq.csv", text, "csv", Lang::English) {
        Ok(_) => String::new(),
        Err(err) => err.to_string(),
    }
}

#[test]
fn a_knowledge_base_of_as_many_entries_as_allowed_reads_and_one_more_is_refused() {
    assert_eq!(csv_error(&csv(limits::ENTRIES, 1)), "");
    let error = csv_error(&csv(limits::ENTRIES + 1, 1));
    assert!(
        error.contains(&format!("faq.csv:{}:", limits::ENTRIES + 2))
            && error.contains("more than the 10000 a knowledge base may have")
            && error.contains("split the FAQ"),
        "{error}"
    );
}

#[test]
fn a_knowledge_base_of_as_many_phrasings_as_allowed_reads_and_one_more_is_refused() {
    let per_entry = limits::PHRASINGS / limits::ENTRIES;
    let mut text = csv(limits::ENTRIES, per_entry);
    assert_eq!(csv_error(&text), "");
    text.push_str("e0,one phrasing too many,\n");
    let error = csv_error(&text);
    assert!(
        error.contains("100001 phrasings, more than the 100000") && error.contains("split the FAQ"),
        "{error}"
    );
}

#[test]
fn questions_and_answers_as_long_as_allowed_read_and_longer_ones_are_refused() {
    let entry = |question: &str, answer: &str| format!("## {question}\n\n{answer}\n");
    let at_limit = entry(
        &"q".repeat(limits::PHRASING_CHARS),
        &"a".repeat(limits::ANSWER_CHARS),
    );
    assert!(parse_str("faq.md", &at_limit, "md", Lang::English).is_ok());
    let long_question = entry(&"q".repeat(limits::PHRASING_CHARS + 1), "An answer.");
    let error = parse_str("faq.md", &long_question, "md", Lang::English)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("faq.md:1:")
            && error.contains("a question of 501 characters, more than 500"),
        "{error}"
    );
    let long_answer = entry("How long?", &"a".repeat(limits::ANSWER_CHARS + 1));
    let error = parse_str("faq.md", &long_answer, "md", Lang::English)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("an answer of 20001 characters, more than 20000")
            && error.contains("link to a page"),
        "{error}"
    );
}

#[test]
fn a_question_is_read_up_to_the_limit_and_a_megabyte_one_still_gets_a_decision() {
    let responder = responder(SHOP_EN);
    let question = "when will my parcel arrive?";
    let padded = format!(
        "{question}{}",
        " ".repeat(limits::QUESTION_CHARS - question.len())
    );
    assert_eq!(padded.chars().count(), limits::QUESTION_CHARS);
    assert_eq!(
        decision(&responder, &padded),
        decision(&responder, question)
    );
    // What comes after the limit is not read, however much there is.
    let pasted = format!("{padded}{}", "returns refund money back ".repeat(40_000));
    assert!(pasted.len() > 1_000_000);
    assert_eq!(
        decision(&responder, &pasted),
        decision(&responder, question)
    );
}
