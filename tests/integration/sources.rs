//! Every source format, and every bad-input error.

use responder::Lang;
use responder::source::load;

use crate::hay::{SHOP_CSV, SHOP_EN, SHOP_JSON};
use crate::util::{Dir, load_error};

#[test]
fn the_three_formats_read_the_same_entries() {
    let dir = Dir::new();
    for (name, text) in [("faq.csv", SHOP_CSV), ("faq.json", SHOP_JSON)] {
        let kb = load(&[dir.write(name, text)], Lang::English).unwrap();
        let ids: Vec<_> = kb.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "delivery-time",
                if name.ends_with("csv") {
                    "returns"
                } else {
                    "how-do-i-return-an-item"
                }
            ]
        );
        assert_eq!(kb.entries[0].phrasings[1], "When will my order arrive?");
        assert_eq!(kb.entries[0].tags, ["shipping"]);
    }
    let kb = load(&[dir.write("faq.md", SHOP_EN)], Lang::German).unwrap();
    assert_eq!(kb.entries.len(), 10);
    assert!(
        kb.entries.iter().all(|e| e.lang == Lang::English),
        "@lang en overrides --lang"
    );
    assert_eq!(
        kb.entries[3].link.as_deref(),
        Some("https://shop.example/returns")
    );
}

#[test]
fn a_folder_reads_all_its_sources() {
    let dir = Dir::new();
    dir.write("kb/a.md", "## One?\n? first\n\nA.\n");
    dir.write("kb/sub/b.csv", "id,question,answer\nb,Two?,B.\n");
    dir.write("kb/notes.txt", "ignored");
    let kb = load(&[dir.path("kb")], Lang::English).unwrap();
    assert_eq!(
        kb.entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["one", "b"]
    );
}

#[test]
fn empty_question_names_file_and_line() {
    let dir = Dir::new();
    let err = load_error(&dir.write("faq.md", "## Fine?\nYes.\n\n## \nNo question.\n"));
    assert!(
        err.contains("faq.md:4: empty question heading: write the question after '## '"),
        "{err}"
    );
}

#[test]
fn entry_without_answer_is_refused() {
    let dir = Dir::new();
    let err = load_error(&dir.write("faq.md", "## Where are you?\n? address\n\n## Next?\nYes.\n"));
    assert!(
        err.contains("faq.md:1: entry 'where-are-you' has no answer"),
        "{err}"
    );
}

#[test]
fn conflicting_answers_for_one_id_are_refused() {
    let dir = Dir::new();
    let err = load_error(&dir.write("kb.csv", "id,question,answer\na,One?,Yes.\na,Uno?,No.\n"));
    assert!(
        err.contains("kb.csv:3: conflicting answers for id 'a' (first answer at line 2)"),
        "{err}"
    );
}

#[test]
fn duplicate_ids_across_files_are_refused() {
    let dir = Dir::new();
    dir.write("kb/a.md", "## One?\n@id same\n\nA.\n");
    dir.write(
        "kb/b.json",
        r#"[{"id": "same", "question": "Two?", "answer": "B."}]"#,
    );
    let err = load(&[dir.path("kb")], Lang::English)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("b.json:1: duplicate id 'same' (first used at "),
        "{err}"
    );
}

#[test]
fn unknown_column_lists_the_known_ones() {
    let dir = Dir::new();
    let err = load_error(&dir.write("kb.csv", "id,question,answer,colour\na,Q?,A.,red\n"));
    assert!(err.contains("kb.csv:1: unknown column 'colour': use only the columns id, question, answer, lang, tags, link"), "{err}");
}

#[test]
fn invalid_utf8_names_the_line() {
    let dir = Dir::new();
    let err = load_error(&dir.write("kb.csv", b"id,question,answer\na,Caf\xe9?,Yes.\n"));
    assert!(
        err.contains("kb.csv:2: invalid UTF-8: save the file as UTF-8"),
        "{err}"
    );
}

#[test]
fn unknown_language_lists_the_supported_ones() {
    let dir = Dir::new();
    let err = load_error(&dir.write("faq.md", "## Q?\n@lang klingon\n\nA.\n"));
    assert!(
        err.contains("faq.md:2: unknown language 'klingon': use one of ar, da, de,"),
        "{err}"
    );
}

#[test]
fn unsafe_entry_links_are_refused() {
    let dir = Dir::new();
    let err = load_error(&dir.write(
        "kb.json",
        r#"[{"question": "Q?", "answer": "A.", "link": "javascript:alert(1)"}]"#,
    ));
    assert!(err.contains("unusable link 'javascript:alert(1)'"), "{err}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let dir = Dir::new();
    let err = load_error(&dir.write(
        "faq.md",
        "## One?\n@colour red\n\n## Two?\n@lang xx\n\nB.\n",
    ));
    assert!(
        err.starts_with("3 problems in the knowledge base:"),
        "{err}"
    );
    for needle in [
        "faq.md:2: unknown metadata '@colour'",
        "faq.md:5: unknown language 'xx'",
        "faq.md:1: entry 'one' has no answer",
    ] {
        assert!(err.contains(needle), "{needle} in {err}");
    }
}

#[test]
fn invalid_json_names_the_line() {
    let dir = Dir::new();
    let err = load_error(&dir.write("kb.json", "[\n {\"question\": \"Q?\",\n  \"answer\": }\n]"));
    assert!(err.contains("kb.json:3: invalid JSON"), "{err}");
}

#[test]
fn missing_file_is_named() {
    let err = load_error(std::path::Path::new("/nonexistent/faq.md"));
    assert!(
        err.contains("/nonexistent/faq.md: no such file or folder"),
        "{err}"
    );
}
