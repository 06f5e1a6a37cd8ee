//! The Markdown FAQ format.
//!
//! ```markdown
//! @lang en
//!
//! # Shipping
//!
//! ## How long does delivery take?
//! ? When will my order arrive?
//! ? delivery time
//! @id delivery-time
//! @tags shipping, orders
//! @link https://shop.example/shipping
//!
//! Orders leave our warehouse **within 24 hours** and arrive in 2–3 working days.
//! ```
//!
//! - Each `## ` heading is a question and starts an entry.
//! - Right under it, lines starting with `?` are other phrasings of the
//!   question, and lines starting with `@` set the entry's metadata:
//!   `@id`, `@tags` (comma-separated), `@lang`, `@link`.
//! - The rest, up to the next `#` or `##` heading, is the answer in Markdown
//!   (`###` and deeper headings belong to the answer).
//! - `@lang` and `@tags` lines before the first `## ` set the file's defaults.
//!   `# ` headings and the text under them are titles and introductions: not
//!   part of any entry.

use super::{Found, Origin, SourceEntry, parse_lang, parse_tags, slug, trim_answer};
use crate::error::Problem;
use crate::lang::Lang;

/// A heading's text without its optional closing `#`s, which CommonMark
/// counts only after a space: `C# #` is `C#`, `C#` stays `C#`.
fn heading_text(heading: &str) -> &str {
    let text = heading.trim();
    let without = text.trim_end_matches('#');
    match without.is_empty() || without.ends_with([' ', '\t']) {
        true => without.trim(),
        false => text,
    }
}

/// File-wide settings from `@` lines before the first entry.
struct Defaults {
    lang: Lang,
    tags: Vec<String>,
}

/// Reads a Markdown FAQ file.
pub(super) fn parse(file: &str, text: &str, lang: Lang) -> Found {
    let mut found = Found::default();
    let mut defaults = Defaults {
        lang,
        tags: Vec::new(),
    };
    let mut current: Option<Draft> = None;
    let mut fence: Option<Fence> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(open) = fence {
            if open.closed_by(line) {
                fence = None;
            }
            push_answer_line(&mut current, line);
            continue;
        }
        if let Some(open) = Fence::opened_by(line) {
            fence = Some(open);
            push_answer_line(&mut current, line);
            continue;
        }
        if let Some(question) = line.strip_prefix("## ") {
            finish(current.take(), file, &mut found);
            current = Some(Draft::new(question, number, &defaults));
            continue;
        }
        if ends_entry(line) {
            finish(current.take(), file, &mut found);
            if line.trim_end_matches([' ', '\t']) == "##" {
                found.problems.push(Problem::new(
                    file,
                    Some(number),
                    "empty question heading",
                    "write the question after '## '",
                ));
            }
            continue;
        }
        match &mut current {
            Some(draft) => draft.line(file, number, line, &mut found.problems),
            None => file_line(file, number, line, &mut defaults, &mut found.problems),
        }
    }
    finish(current, file, &mut found);
    found
}

/// Whether a line (outside a fence) ends the entry before it: a `#` or
/// `##` heading, empty or not.
pub(super) fn ends_entry(line: &str) -> bool {
    line.starts_with("## ") || line.starts_with("# ") || empty_heading(line)
}

/// `#` or `##` alone at the start of a line (spaces and tabs after it
/// aside: other white space is text to Markdown, and an indented `##` is
/// not a heading of the file).
pub(super) fn empty_heading(line: &str) -> bool {
    matches!(line.trim_end_matches([' ', '\t']), "#" | "##")
}

/// A code fence, as CommonMark reads one: up to three spaces, then three or
/// more backticks or tildes (a backtick fence's info has no backtick).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fence {
    mark: u8,
    len: usize,
}

impl Fence {
    /// The fence a line opens, if it opens one.
    pub(super) fn opened_by(line: &str) -> Option<Fence> {
        let (mark, len, rest) = fence_run(line)?;
        (mark == b'~' || !rest.contains('`')).then_some(Fence { mark, len })
    }

    /// Whether a line closes this fence: the same mark, at least as many,
    /// nothing after them but spaces.
    pub(super) fn closed_by(self, line: &str) -> bool {
        fence_run(line).is_some_and(|(mark, len, rest)| {
            mark == self.mark && len >= self.len && rest.trim_matches([' ', '\t']).is_empty()
        })
    }

    /// The line that closes it.
    pub(super) fn closing(self) -> String {
        String::from(self.mark as char).repeat(self.len)
    }
}

/// The spaces a line starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A run of three or more backticks or tildes after up to three spaces:
/// its mark, its length and what follows it.
fn fence_run(line: &str) -> Option<(u8, usize, &str)> {
    let indent = indent(line);
    let rest = &line[indent..];
    let mark = *rest.as_bytes().first()?;
    let len = rest.bytes().take_while(|&b| b == mark).count();
    (indent <= 3 && (mark == b'`' || mark == b'~') && len >= 3).then(|| (mark, len, &rest[len..]))
}

fn push_answer_line(current: &mut Option<Draft>, line: &str) {
    if let Some(draft) = current {
        draft.in_header = false;
        draft.answer.push_str(line);
        draft.answer.push('\n');
    }
}

/// A line before the first entry: `@lang`/`@tags` defaults, or introduction.
fn file_line(
    file: &str,
    number: usize,
    line: &str,
    defaults: &mut Defaults,
    problems: &mut Vec<Problem>,
) {
    let Some((key, value)) = metadata(line) else {
        return;
    };
    match key {
        "lang" => match parse_lang(file, number, value) {
            Ok(lang) => defaults.lang = lang,
            Err(problem) => problems.push(problem),
        },
        "tags" => defaults.tags = parse_tags(value),
        _ => problems.push(Problem::new(
            file,
            Some(number),
            format!("'@{key}' is not a file setting"),
            "before the first '## ' question only @lang and @tags are allowed",
        )),
    }
}

/// A line as an entry's header reads it (`? phrasing`, `@key value`),
/// trimmed; `None` for a line indented as Markdown code (a tab, or four
/// spaces or more), which is the answer's.
pub(super) fn header_text(line: &str) -> Option<&str> {
    let indent = indent(line);
    (indent < 4 && !line[indent..].starts_with('\t')).then(|| line.trim_matches([' ', '\t']))
}

/// `@key value` → `("key", "value")`.
fn metadata(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_matches([' ', '\t']).strip_prefix('@')?;
    let (key, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    Some((key, value.trim()))
}

/// An entry being read.
struct Draft {
    line: usize,
    phrasings: Vec<String>,
    id: Option<String>,
    lang: Lang,
    tags: Vec<String>,
    link: Option<String>,
    answer: String,
    in_header: bool,
}

impl Draft {
    fn new(question: &str, line: usize, defaults: &Defaults) -> Draft {
        Draft {
            line,
            phrasings: vec![heading_text(question).to_string()],
            id: None,
            lang: defaults.lang,
            tags: defaults.tags.clone(),
            link: None,
            answer: String::new(),
            in_header: true,
        }
    }

    fn line(&mut self, file: &str, number: usize, line: &str, problems: &mut Vec<Problem>) {
        if self.in_header {
            // Spaces and tabs are white space to Markdown; a form feed is text.
            if line.trim_matches([' ', '\t']).is_empty() {
                return;
            }
            if let Some(header) = header_text(line) {
                if let Some(phrasing) = header.strip_prefix('?') {
                    return self.phrasing(file, number, phrasing, problems);
                }
                if let Some((key, value)) = metadata(header) {
                    return self.metadata(file, number, key, value, problems);
                }
            }
            self.in_header = false;
        }
        self.answer.push_str(line);
        self.answer.push('\n');
    }

    fn phrasing(&mut self, file: &str, number: usize, phrasing: &str, problems: &mut Vec<Problem>) {
        match phrasing.trim() {
            "" => problems.push(Problem::new(
                file,
                Some(number),
                "empty phrasing",
                "write the question after '?', or delete the line",
            )),
            phrasing => self.phrasings.push(phrasing.to_string()),
        }
    }

    fn metadata(
        &mut self,
        file: &str,
        number: usize,
        key: &str,
        value: &str,
        problems: &mut Vec<Problem>,
    ) {
        if value.is_empty() {
            let fix = format!("write a value after '@{key}', or delete the line");
            return problems.push(Problem::new(
                file,
                Some(number),
                format!("empty '@{key}'"),
                fix,
            ));
        }
        match key {
            "id" => self.id = Some(value.to_string()),
            "tags" => self.tags = parse_tags(value),
            "link" => self.link = Some(value.to_string()),
            "lang" => match parse_lang(file, number, value) {
                Ok(lang) => self.lang = lang,
                Err(problem) => problems.push(problem),
            },
            _ => problems.push(Problem::new(
                file,
                Some(number),
                format!("unknown metadata '@{key}'"),
                "use @id, @tags, @lang or @link (or start the answer with other text)",
            )),
        }
    }
}

fn finish(draft: Option<Draft>, file: &str, found: &mut Found) {
    let Some(draft) = draft else { return };
    let question = &draft.phrasings[0];
    if question.is_empty() {
        let problem = Problem::new(
            file,
            Some(draft.line),
            "empty question heading",
            "write the question after '## '",
        );
        return found.problems.push(problem);
    }
    found.entries.push(SourceEntry {
        id: draft.id.unwrap_or_else(|| slug(question)),
        answer: trim_answer(&draft.answer).to_string(),
        phrasings: draft.phrasings,
        lang: draft.lang,
        tags: draft.tags,
        link: draft.link,
        origin: Origin {
            file: file.to_string(),
            line: draft.line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAQ: &str = "@lang de\n# Versand\nEinleitung.\n\n## Wie lange dauert die Lieferung?\n? Lieferzeit\n@id lieferzeit\n@tags versand, bestellung\n\nIn **2 Tagen**.\n\n```\n## kein Eintrag\n```\n### Details\nMehr.\n## Second?\n@lang en\nAnswer two.\n";

    #[test]
    fn reads_entries_phrasings_and_metadata() {
        let found = parse("faq.md", FAQ, Lang::English);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        let [first, second] = &found.entries[..] else {
            panic!("{:?}", found.entries)
        };
        assert_eq!(first.id, "lieferzeit");
        assert_eq!(
            first.phrasings,
            vec!["Wie lange dauert die Lieferung?", "Lieferzeit"]
        );
        assert_eq!(first.lang, Lang::German);
        assert_eq!(first.tags, vec!["versand", "bestellung"]);
        assert!(first.answer.starts_with("In **2 Tagen**."));
        assert!(first.answer.contains("## kein Eintrag") && first.answer.ends_with("Mehr."));
        assert_eq!(first.origin.line, 5);
        assert_eq!((second.id.as_str(), second.lang), ("second", Lang::English));
    }

    #[test]
    fn reports_bad_metadata_with_lines() {
        let found = parse(
            "faq.md",
            "## Q?\n@colour red\n@lang xx\n?\nA.\n",
            Lang::English,
        );
        let lines: Vec<_> = found.problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            vec![Some(2), Some(3), Some(4)],
            "{:?}",
            found.problems
        );
    }
}
