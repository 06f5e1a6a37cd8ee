//! Writing a knowledge base back as a source: Markdown, CSV or JSON, each
//! read back by this crate as the same entries (ids, phrasings, answers,
//! languages, tags and links). What the reader would take for structure is
//! written so it stays content: an answer's `#`/`##` lines become `###`
//! headings (the same heading in an answer), an answer opening with `?` or
//! `@` gets a backslash, a fence left open is closed. Markdown cannot hold a
//! line break inside a question, id, tag or link: there it becomes a space.
//! Titles and introductions (`# ` sections) are not entries and are not kept.

use super::markdown::{self, Fence};
use super::{KnowledgeBase, SourceEntry, slug};
use crate::lang::Lang;

/// The knowledge base as a Markdown source.
pub fn to_markdown(kb: &KnowledgeBase) -> String {
    let lang = main_lang(&kb.entries);
    let mut out = format!("@lang {}\n", lang.code());
    for (n, entry) in kb.entries.iter().enumerate() {
        out.push('\n');
        let last = n + 1 == kb.entries.len();
        entry_markdown(entry, lang, last, &mut out);
    }
    out
}

/// The language most entries are in (English for none): the file's default.
fn main_lang(entries: &[SourceEntry]) -> Lang {
    let mut counts: Vec<(Lang, usize)> = Vec::new();
    for entry in entries {
        match counts.iter_mut().find(|(l, _)| *l == entry.lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((entry.lang, 1)),
        }
    }
    // The first language to reach the highest count wins: stable output.
    let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
    counts
        .iter()
        .find(|c| c.1 == best)
        .map_or(Lang::English, |c| c.0)
}

fn entry_markdown(entry: &SourceEntry, default: Lang, last: bool, out: &mut String) {
    let question = one_line(entry.phrasings.first().map_or("", String::as_str));
    out.push_str("## ");
    out.push_str(&question);
    // A question ending in `#` keeps it behind a closing sequence.
    if question.ends_with('#') {
        out.push_str(" #");
    }
    out.push('\n');
    for phrasing in entry.phrasings.iter().skip(1) {
        out.push_str("? ");
        out.push_str(&one_line(phrasing));
        out.push('\n');
    }
    let mut meta = |key: &str, value: &str| {
        out.push('@');
        out.push_str(key);
        out.push(' ');
        out.push_str(&one_line(value));
        out.push('\n');
    };
    if entry.id != slug(&question) {
        meta("id", &entry.id);
    }
    if entry.lang != default {
        meta("lang", entry.lang.code());
    }
    if !entry.tags.is_empty() {
        meta("tags", &entry.tags.join(", "));
    }
    if let Some(link) = &entry.link {
        meta("link", link);
    }
    out.push('\n');
    answer_markdown(&entry.answer, last, out);
}

/// An answer as the Markdown reader keeps it: inside the entry (a fence
/// left open is closed unless no entry follows for it to swallow).
fn answer_markdown(answer: &str, last: bool, out: &mut String) {
    let mut fence: Option<Fence> = None;
    // The readers leave `\n` line ends without `\r` before them.
    for (index, line) in answer.split('\n').enumerate() {
        if let Some(open) = fence {
            if open.closed_by(line) {
                fence = None;
            }
        } else if let Some(open) = Fence::opened_by(line) {
            fence = Some(open);
        } else if markdown::ends_entry(line) {
            // The same heading, one the reader leaves in the answer.
            out.push_str("###");
            if !markdown::empty_heading(line) {
                out.push_str(line.trim_start_matches('#'));
            }
            out.push('\n');
            continue;
        } else if index == 0
            && markdown::header_text(line).is_some_and(|h| h.starts_with(['?', '@']))
        {
            // A backslash right before it: Markdown shows the `?` or `@`.
            let text = line.trim_start_matches([' ', '\t']);
            out.push_str(&line[..line.len() - text.len()]);
            out.push('\\');
            out.push_str(text);
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if let Some(open) = fence.filter(|_| !last) {
        out.push_str(&open.closing());
        out.push('\n');
    }
}

/// Line breaks (where the reader splits lines) as spaces.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ")
        .replace(['\n', '\r'], " ")
        .trim()
        .to_string()
}

/// The knowledge base as a CSV source: `id,question,answer,lang,tags,link`,
/// a row per phrasing, the entry's answer and settings in its first row.
pub fn to_csv(kb: &KnowledgeBase) -> String {
    let mut out = String::from("id,question,answer,lang,tags,link\r\n");
    for entry in &kb.entries {
        for (n, phrasing) in entry.phrasings.iter().enumerate() {
            let first = n == 0;
            let tags = entry.tags.join(", ");
            let cells = [
                entry.id.as_str(),
                phrasing,
                if first { &entry.answer } else { "" },
                if first { entry.lang.code() } else { "" },
                if first { &tags } else { "" },
                if first {
                    entry.link.as_deref().unwrap_or("")
                } else {
                    ""
                },
            ];
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                csv_cell(cell, &mut out);
            }
            out.push_str("\r\n");
        }
    }
    out
}

/// A cell, quoted (with quotes doubled) where it holds a separator, a quote,
/// a line break or space at its ends.
fn csv_cell(cell: &str, out: &mut String) {
    let plain = !cell.contains([',', '"', '\n', '\r']) && cell.trim() == cell;
    if plain {
        return out.push_str(cell);
    }
    out.push('"');
    out.push_str(&cell.replace('"', "\"\""));
    out.push('"');
}

/// The knowledge base as a JSON source (an array of entries, pretty-printed).
pub fn to_json(kb: &KnowledgeBase) -> String {
    let entries: Vec<serde_json::Value> = kb
        .entries
        .iter()
        .map(|e| {
            let mut object = serde_json::json!({
                "id": e.id,
                "question": e.phrasings.first().map_or("", String::as_str),
                "answer": e.answer,
                "lang": e.lang.code(),
            });
            if e.phrasings.len() > 1 {
                object["phrasings"] = serde_json::json!(e.phrasings[1..]);
            }
            if !e.tags.is_empty() {
                object["tags"] = serde_json::json!(e.tags);
            }
            if let Some(link) = &e.link {
                object["link"] = serde_json::json!(link);
            }
            object
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse_str;

    fn same(a: &KnowledgeBase, b: &KnowledgeBase) {
        let strip = |kb: &KnowledgeBase| {
            kb.entries
                .iter()
                .map(|e| (&e.id, &e.phrasings, &e.answer, e.lang, &e.tags, &e.link))
                .map(|t| format!("{t:?}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(a), strip(b));
    }

    const FAQ: &str = "@lang de\n# Versand\nEinleitung.\n\n## Wie lange dauert die Lieferung?\n\
        ? Lieferzeit\n@id lieferzeit\n@tags versand, bestellung\n\nIn **2 Tagen**.\n\n```\n## kein Eintrag\n```\n\
        ### Details\nMehr.\n## Do you support C#?\n@lang en\n@link https://x.example/c\n\nYes, \"quoted\", with commas.\n";

    #[test]
    fn every_format_reads_back_as_the_same_entries() {
        let kb = parse_str("faq.md", FAQ, "md", Lang::English).unwrap();
        assert_eq!(kb.entries[1].phrasings[0], "Do you support C#?");
        for (format, text) in [
            ("md", to_markdown(&kb)),
            ("csv", to_csv(&kb)),
            ("json", to_json(&kb)),
        ] {
            let again = parse_str("again", &text, format, Lang::English)
                .unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
            same(&kb, &again);
        }
    }

    #[test]
    fn what_markdown_would_read_as_structure_stays_content() {
        let csv = "id,question,answer\r\na,Q?,\"@not metadata\n## not an entry\n```\n## in code\"\r\n\
                   b,C#,\"? not a phrasing\"\r\n";
        let kb = parse_str("faq.csv", csv, "csv", Lang::English).unwrap();
        let md = to_markdown(&kb);
        let again = parse_str("faq.md", &md, "md", Lang::English).unwrap();
        assert_eq!(again.entries.len(), 2, "{md}");
        assert_eq!(
            again.entries[0].answer,
            "\\@not metadata\n### not an entry\n```\n## in code\n```"
        );
        assert_eq!(again.entries[1].phrasings[0], "C#");
        assert_eq!(again.entries[1].answer, "\\? not a phrasing");
    }
}
