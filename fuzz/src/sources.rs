//! What a content team writes: knowledge-base sources and answers.

use pulldown_cmark::Event;
use responder::Lang;
use responder::rich::{Block, Inline, safe_href};
use responder::source::{self, KnowledgeBase, answer::to_blocks};

use crate::SHOP_FAQ;

/// The entries as the reader gives them, without where they came from.
fn content(kb: &KnowledgeBase) -> Vec<String> {
    kb.entries
        .iter()
        .map(|e| {
            format!(
                "{:?}",
                (&e.id, &e.phrasings, &e.answer, e.lang, &e.tags, &e.link)
            )
        })
        .collect()
}

/// Reads `text` as `format`; whatever reads is written back in the same
/// format and in the other two, and each reads back as the same entries.
fn round_trip(data: &[u8], format: &str) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(kb) = source::parse_str("fuzz", text, format, Lang::English) else {
        return;
    };
    for entry in &kb.entries {
        assert!(!entry.id.is_empty(), "an entry without an id");
        assert!(!entry.phrasings.is_empty() && !entry.answer.trim().is_empty());
    }
    // Written back in its own format, and in CSV and JSON, it reads back the same.
    for (written_as, write) in [
        (format, writer(format)),
        ("csv", writer("csv")),
        ("json", writer("json")),
    ] {
        let written = write(&kb);
        let again =
            source::parse_str("again", &written, written_as, Lang::English).unwrap_or_else(|e| {
                panic!("written as {written_as}, it does not read: {e}\n{written}")
            });
        assert_eq!(
            content(&kb),
            content(&again),
            "written as {written_as}:\n{written}"
        );
    }
    // Markdown keeps the entries too, up to line breaks inside one-line
    // fields and the answer's escapes: the answers render the same.
    let md = source::to_markdown(&kb);
    let from_md = source::parse_str("again.md", &md, "md", Lang::English)
        .unwrap_or_else(|e| panic!("written as Markdown, it does not read: {e}\n{md}"));
    assert_eq!(
        kb.entries.len(),
        from_md.entries.len(),
        "written as Markdown:\n{md}"
    );
    for (a, b) in kb.entries.iter().zip(&from_md.entries) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.phrasings.len(), b.phrasings.len());
        assert_eq!(to_blocks(&a.answer).0, to_blocks(&b.answer).0, "{md}");
    }
}

/// The writer of a format.
fn writer(format: &str) -> fn(&KnowledgeBase) -> String {
    match format {
        "md" => source::to_markdown,
        "csv" => source::to_csv,
        _ => source::to_json,
    }
}

/// Markdown sources.
pub fn markdown(data: &[u8]) {
    round_trip(data, "md");
}

/// CSV sources.
pub fn csv(data: &[u8]) {
    round_trip(data, "csv");
}

/// JSON sources.
pub fn json(data: &[u8]) {
    round_trip(data, "json");
}

/// The demo FAQ and the formats' documented examples.
pub fn markdown_seeds() -> Vec<Vec<u8>> {
    vec![
        SHOP_FAQ.as_bytes().to_vec(),
        b"@lang de\n@tags a\n# T\nIntro.\n## F?\n? G\n@id f\n@link /f\n\nA **b** `c`\n\n```\n## x\n```\n### H\n- i\n## C# #\n@lang en\nD.\n".to_vec(),
    ]
}

/// CSV sources.
pub fn csv_seeds() -> Vec<Vec<u8>> {
    let kb = source::parse_str("shop-en.md", SHOP_FAQ, "md", Lang::English).expect("reads");
    vec![
        source::to_csv(&kb).into_bytes(),
        b"question,answer\nQ?,\"A, \"\"quoted\"\"\n## two lines\"\n".to_vec(),
        b"id,question,answer,lang,tags,link\na,Q,A,de,\"x, y\",https://a.example\na,Q2,,,,\n"
            .to_vec(),
    ]
}

/// JSON sources.
pub fn json_seeds() -> Vec<Vec<u8>> {
    let kb = source::parse_str("shop-en.md", SHOP_FAQ, "md", Lang::English).expect("reads");
    vec![
        source::to_json(&kb).into_bytes(),
        br#"[{"question":"Q?","answer":"@a\n# b","phrasings":["x","  "],"tags":["a,b"," c "],"link":"mailto:a@b.example","lang":"de-CH"}]"#.to_vec(),
    ]
}

/// The answer sanitiser: raw HTML is dropped (and noted for `plauder
/// check`), every link is safe, and the rich text serialises and reads back
/// unchanged.
pub fn answer(data: &[u8]) {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let (blocks, notes) = to_blocks(markdown);
    check_blocks(&blocks);
    let has_html = pulldown_cmark::Parser::new(markdown)
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    assert_eq!(
        notes.dropped_html, has_html,
        "raw HTML kept or a drop unnoted"
    );
    for refused in &notes.refused_links {
        assert!(
            safe_href(refused).is_none(),
            "refused the safe link {refused:?}"
        );
    }
    let json = serde_json::to_string(&blocks).expect("rich text serialises");
    let back: Vec<Block> = serde_json::from_str(&json).expect("rich text reads back");
    assert_eq!(blocks, back);
    let _ = responder::rich::to_plain(&blocks);
}

/// Every link in the tree is one `safe_href` lets through.
fn check_blocks(blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::P(inlines) | Block::H(inlines) => check_inlines(inlines),
            Block::List { items, .. } => items.iter().for_each(|i| check_blocks(i)),
            Block::Quote(blocks) => check_blocks(blocks),
            Block::Code(_) => {}
        }
    }
}

fn check_inlines(inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Link { href, text } => {
                assert_eq!(safe_href(href), Some(href.as_str()), "unsafe link {href:?}");
                // A scheme is what comes before a colon that no `/?#` precedes.
                let scheme = href
                    .split_once(':')
                    .map(|(s, _)| s.to_ascii_lowercase())
                    .filter(|s| !s.contains(['/', '?', '#']));
                assert!(
                    matches!(
                        scheme.as_deref(),
                        None | Some("http" | "https" | "mailto" | "tel")
                    ),
                    "a {scheme:?} link"
                );
                check_inlines(text);
            }
            Inline::Strong(inner) | Inline::Em(inner) => check_inlines(inner),
            Inline::Text(_) | Inline::Code(_) | Inline::Br => {}
        }
    }
}

/// Answers with every construct, and hostile ones.
pub fn answer_seeds() -> Vec<Vec<u8>> {
    [
        "Orders leave **within 24 hours** and arrive in *2–3* days. See [shipping](https://shop.example/s).\n\n- one\n- two\n\n1. a\n2. b\n\n> quote\n\n```\ncode\n```\n\n### Heading\nline  \nbreak `inline`",
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"javascript:alert(1)\">y</a>",
        "[a](JaVaScRiPt:alert(1)) [b](data:text/html,<script>) <https://ok.example> <javascript:alert(1)> ![i](https://x.example/i.png)",
        "&lt;b&gt; \\<b> `<b>` [c](</a b>) [d]: javascript:x\n\n[d]",
    ]
    .into_iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
