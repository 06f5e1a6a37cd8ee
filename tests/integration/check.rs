//! `plauder check`: what will confuse visitors.

use crate::util::{Dir, plauder, texts};

#[test]
fn check_finds_duplicates_single_phrasings_long_answers_and_bad_links() {
    let dir = Dir::new();
    let long = "word ".repeat(200);
    let faq = format!(
        "## How do I reset my password?\n? forgot password\n\nUse the link.\n\n\
         ## How can I reset my password?\n? password reset\n\nAsk us.\n\n\
         ## Where are you?\n\nSee [map] (https://x.example) and [here](javascript:alert(1)).\n\n\
         ## Tell me everything\n? all of it\n\n{long}\n"
    );
    let path = dir.write("faq.md", faq);
    let output = plauder(&["check", "--strict", path.to_str().unwrap()]);
    let (stdout, _) = texts(&output);
    assert!(!output.status.success(), "--strict fails on warnings");
    for needle in [
        "is nearly the same question as",
        "entry 'where-are-you' has a single phrasing",
        "the answer of 'tell-me-everything' has 999 characters",
        "link target 'javascript:alert(1)' in 'where-are-you' is not a usable link",
        "the answer of 'where-are-you' has a link Plauder cannot read",
    ] {
        assert!(stdout.contains(needle), "{needle} in:\n{stdout}");
    }
}

#[test]
fn check_passes_a_clean_knowledge_base() {
    let dir = Dir::new();
    let path = dir.write("faq.md", crate::hay::SHOP_EN);
    let output = plauder(&["check", "--strict", path.to_str().unwrap()]);
    let (stdout, _) = texts(&output);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.ends_with("10 entries, 41 phrasings, 0 warnings\n"),
        "{stdout}"
    );
}
