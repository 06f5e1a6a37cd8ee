//! The JSON format, for tools: an array of entries.
//!
//! ```json
//! [{"id": "delivery-time", "question": "How long does delivery take?",
//!   "phrasings": ["When will my order arrive?"], "answer": "2–3 working days.",
//!   "lang": "en", "tags": ["shipping"], "link": "https://shop.example/shipping"}]
//! ```
//! Only `question` and `answer` are required.

use serde::Deserialize;

use super::{Found, Origin, SourceEntry, parse_lang, parse_tags, slug, trim_answer};
use crate::error::Problem;
use crate::lang::Lang;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEntry {
    id: Option<String>,
    question: String,
    #[serde(default)]
    phrasings: Vec<String>,
    answer: String,
    lang: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    link: Option<String>,
}

/// Reads a JSON FAQ file.
pub(super) fn parse(file: &str, text: &str, lang: Lang) -> Found {
    let mut found = Found::default();
    let entries: Vec<serde_json::Value> = match serde_json::from_str(text) {
        Ok(entries) => entries,
        Err(err) => {
            let fix = "write an array of objects with \"question\" and \"answer\"";
            found.problems.push(Problem::new(
                file,
                Some(err.line()),
                format!("invalid JSON: {err}"),
                fix,
            ));
            return found;
        }
    };
    for (index, value) in entries.into_iter().enumerate() {
        let line = line_of_entry(text, index);
        match serde_json::from_value::<JsonEntry>(value) {
            Ok(entry) => push(file, line, entry, lang, &mut found),
            Err(err) => found.problems.push(Problem::new(
                file,
                Some(line),
                format!("entry {}: {err}", index + 1),
                "use the fields id, question, phrasings, answer, lang, tags, link",
            )),
        }
    }
    found
}

fn push(file: &str, line: usize, entry: JsonEntry, default_lang: Lang, found: &mut Found) {
    let lang = match entry.lang.as_deref() {
        None | Some("") => default_lang,
        Some(code) => match parse_lang(file, line, code) {
            Ok(lang) => lang,
            Err(problem) => return found.problems.push(problem),
        },
    };
    let question = entry.question.trim().to_string();
    if question.is_empty() {
        return found.problems.push(Problem::new(
            file,
            Some(line),
            "empty question",
            "fill in \"question\"",
        ));
    }
    let mut phrasings = vec![question];
    phrasings.extend(
        entry
            .phrasings
            .into_iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
    );
    found.entries.push(SourceEntry {
        id: entry
            .id
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| slug(&phrasings[0])),
        phrasings,
        answer: trim_answer(&entry.answer).to_string(),
        lang,
        // As the other formats read them: trimmed, split at commas, none empty.
        tags: entry.tags.iter().flat_map(|t| parse_tags(t)).collect(),
        link: entry
            .link
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty()),
        origin: Origin {
            file: file.to_string(),
            line,
        },
    });
}

/// The line where the `index`-th top-level object starts (1-based), found by
/// counting braces outside strings.
fn line_of_entry(text: &str, index: usize) -> usize {
    let (mut depth, mut seen, mut line) = (0usize, 0usize, 1usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            '\n' => line += 1,
            _ if in_string => {
                match (escaped, c) {
                    (false, '"') => in_string = false,
                    (false, '\\') => escaped = true,
                    _ => escaped = false,
                }
                continue;
            }
            '"' => in_string = true,
            '{' | '[' => {
                if c == '{' && depth == 1 {
                    if seen == index {
                        return line;
                    }
                    seen += 1;
                }
                depth += 1;
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_reports_unknown_fields_with_lines() {
        let text = "[\n {\"question\": \"Q?\", \"phrasings\": [\"Other\"], \"answer\": \"A\"},\n {\"question\": \"R?\", \"answr\": \"B\"}\n]";
        let found = parse("kb.json", text, Lang::English);
        assert_eq!(found.entries.len(), 1);
        assert_eq!(found.entries[0].phrasings, vec!["Q?", "Other"]);
        assert_eq!(found.problems.len(), 1);
        assert_eq!(found.problems[0].line, Some(3));
        assert!(
            found.problems[0].message.contains("answr"),
            "{:?}",
            found.problems
        );
    }
}
