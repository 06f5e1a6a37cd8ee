//! Knowledge-base sources a content team writes: Markdown, CSV and JSON.
//!
//! Every reader turns its files into [`SourceEntry`]s; [`load`] then checks
//! what is common to all formats. Every problem found is reported, each with
//! its file, line and fix, and nothing is built while any remains.

pub mod answer;
mod csv;
mod json;
mod markdown;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::analysis::fold;
use crate::error::{Error, Problem, Result};
use crate::lang::Lang;
use crate::limits;
use crate::rich::safe_href;

pub use write::{to_csv, to_json, to_markdown};

/// One FAQ entry as written in a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// Stable identifier (given, or made from the first question).
    pub id: String,
    /// The ways visitors ask it; the first is the one shown to them.
    pub phrasings: Vec<String>,
    /// The answer, in Markdown.
    pub answer: String,
    /// The language the entry is written in.
    pub lang: Lang,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// A page with more on the topic.
    pub link: Option<String>,
    /// Where the entry starts.
    pub origin: Origin,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A whole knowledge base, read and checked.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    /// The entries, in source order.
    pub entries: Vec<SourceEntry>,
}

impl KnowledgeBase {
    /// The languages used by the entries, sorted.
    pub fn langs(&self) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self.entries.iter().map(|e| e.lang).collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// The number of phrasings over all entries.
    pub fn phrasing_count(&self) -> usize {
        self.entries.iter().map(|e| e.phrasings.len()).sum()
    }
}

/// Reads a knowledge base from files and folders (folders: every `.md`,
/// `.markdown`, `.csv` and `.json` file below them, in name order).
/// `lang` is the language of entries that do not name theirs.
pub fn load(paths: &[PathBuf], lang: Lang) -> Result<KnowledgeBase> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        collect_files(path, &mut files, &mut problems);
    }
    if files.is_empty() && problems.is_empty() {
        let names = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        problems.push(Problem::new(
            &names,
            None,
            "no knowledge-base files found",
            "name .md, .csv or .json files or a folder holding them",
        ));
    }
    let mut entries = Vec::new();
    for file in &files {
        match read_text(file) {
            Ok(text) => {
                let name = file.display().to_string();
                let found = parse(&name, &text, format_of(file), lang);
                entries.extend(found.entries);
                problems.extend(found.problems);
            }
            Err(problem) => problems.push(problem),
        }
    }
    finish(entries, problems)
}

/// Reads one source given as text; `format` is `"md"`, `"csv"` or `"json"`.
/// `name` is used in error messages.
pub fn parse_str(name: &str, text: &str, format: &str, lang: Lang) -> Result<KnowledgeBase> {
    let found = read_str(name, text, Some(format), lang);
    finish(found.entries, found.problems)
}

/// What one reader found in one file: the entries it could read and the
/// problems of the rest (the studio shows both; [`parse_str`] refuses any).
#[derive(Debug, Default)]
pub struct Found {
    /// The entries read.
    pub entries: Vec<SourceEntry>,
    /// What could not be read, each with its fix.
    pub problems: Vec<Problem>,
}

/// Reads one source given as text, keeping what it can: the entries read
/// and the problems found. `format` is `"md"`, `"csv"` or `"json"`, or the
/// file name's extension decides (`None`).
pub fn read_str(name: &str, text: &str, format: Option<&str>, lang: Lang) -> Found {
    let format = format.or_else(|| format_of(Path::new(name)));
    parse(
        name,
        text.strip_prefix('\u{feff}').unwrap_or(text),
        format,
        lang,
    )
}

/// Checks entries that come from anywhere (several sources, an editor) as
/// [`load`] checks a knowledge base's: sizes, ids, phrasings, answers, links.
/// Answers and phrasings are trimmed as the readers trim them.
pub fn from_entries(mut entries: Vec<SourceEntry>) -> Result<KnowledgeBase> {
    for entry in &mut entries {
        let answer = unix_line_ends(&entry.answer);
        entry.answer = trim_answer(&answer).to_string();
        for phrasing in &mut entry.phrasings {
            *phrasing = phrasing.trim().to_string();
        }
        entry.phrasings.retain(|p| !p.is_empty());
    }
    finish(entries, Vec::new())
}

/// `\r\n` and a lone `\r` (both line ends to Markdown) as `\n`.
fn unix_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    match text.contains('\r') {
        true => text.replace("\r\n", "\n").replace('\r', "\n").into(),
        false => text.into(),
    }
}

fn parse(name: &str, text: &str, format: Option<&str>, lang: Lang) -> Found {
    match format {
        Some("md") => markdown::parse(name, &unix_line_ends(text), lang),
        Some("csv") => csv::parse(name, text, lang),
        Some("json") => json::parse(name, text, lang),
        _ => Found {
            problems: vec![Problem::new(
                name,
                None,
                "unknown file type",
                "use .md, .csv or .json",
            )],
            ..Found::default()
        },
    }
}

fn format_of(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "md" | "markdown" => Some("md"),
        "csv" => Some("csv"),
        "json" => Some("json"),
        _ => None,
    }
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let name = path.display().to_string();
    if !path.is_dir() {
        match path.exists() {
            true => files.push(path.to_path_buf()),
            false => problems.push(Problem::new(
                &name,
                None,
                "no such file or folder",
                "check the path",
            )),
        }
        return;
    }
    let mut children: Vec<PathBuf> = match std::fs::read_dir(path) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(err) => {
            return problems.push(Problem::new(
                &name,
                None,
                format!("cannot read folder: {err}"),
                "check its permissions",
            ));
        }
    };
    children.sort();
    for child in children {
        if child.is_dir() || format_of(&child).is_some() {
            collect_files(&child, files, problems);
        }
    }
}

/// Reads a file as UTF-8 (a leading byte-order mark is dropped).
fn read_text(path: &Path) -> std::result::Result<String, Problem> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| {
        Problem::new(
            &name,
            None,
            format!("cannot read: {err}"),
            "check the path and its permissions",
        )
    })?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::new(
            &name,
            Some(line),
            "invalid UTF-8",
            "save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
        )
    })
}

/// Checks what every format shares and gives the knowledge base, or every problem.
fn finish(mut entries: Vec<SourceEntry>, mut problems: Vec<Problem>) -> Result<KnowledgeBase> {
    check_size(&entries, &mut problems);
    let mut seen: HashMap<String, Origin> = HashMap::new();
    for entry in &mut entries {
        check_entry(entry, &mut problems);
        if let Some(first) = seen.get(&entry.id) {
            problems.push(Problem::new(
                &entry.origin.file,
                Some(entry.origin.line),
                format!("duplicate id '{}' (first used at {first})", entry.id),
                "give each entry its own id",
            ));
        } else {
            seen.insert(entry.id.clone(), entry.origin.clone());
        }
    }
    match problems.is_empty() {
        true => Ok(KnowledgeBase { entries }),
        false => Err(Error::Invalid(problems)),
    }
}

/// The knowledge base as a whole within [`limits::ENTRIES`] and
/// [`limits::PHRASINGS`]; the problem names where it passes the limit.
fn check_size(entries: &[SourceEntry], problems: &mut Vec<Problem>) {
    let fix = "split the FAQ into several knowledge bases, one bundle per site section";
    if let Some(past) = entries.get(limits::ENTRIES) {
        problems.push(Problem::new(
            &past.origin.file,
            Some(past.origin.line),
            format!(
                "{} entries, more than the {} a knowledge base may have (this is entry {})",
                entries.len(),
                limits::ENTRIES,
                limits::ENTRIES + 1
            ),
            fix,
        ));
    }
    let mut phrasings = 0;
    for entry in entries {
        phrasings += entry.phrasings.len();
        if phrasings > limits::PHRASINGS {
            let total: usize = entries.iter().map(|e| e.phrasings.len()).sum();
            problems.push(Problem::new(
                &entry.origin.file,
                Some(entry.origin.line),
                format!(
                    "{total} phrasings, more than the {} a knowledge base may have (passed at entry '{}')",
                    limits::PHRASINGS,
                    entry.id
                ),
                fix,
            ));
            return;
        }
    }
}

fn check_entry(entry: &mut SourceEntry, problems: &mut Vec<Problem>) {
    // Line ends as the Markdown reader leaves them, whatever the format
    // (`\n`), and trimmed as every reader trims.
    if entry.answer.contains('\r') {
        entry.answer = trim_answer(&unix_line_ends(&entry.answer)).to_string();
    }
    let Origin { file, line } = &entry.origin;
    if entry.id.chars().any(char::is_control) {
        problems.push(Problem::new(
            file,
            Some(*line),
            format!(
                "the id {:?} has a line break or control character",
                entry.id
            ),
            "write the id on one line, e.g. delivery-time",
        ));
    }
    if let Some(long) = entry
        .phrasings
        .iter()
        .find(|p| p.chars().count() > limits::PHRASING_CHARS)
    {
        problems.push(Problem::new(
            file,
            Some(*line),
            format!(
                "entry '{}' has a question of {} characters, more than {}: '{}…'",
                entry.id,
                long.chars().count(),
                limits::PHRASING_CHARS,
                limits::cut(long, 40)
            ),
            "ask it in fewer words; put details in the answer",
        ));
    }
    let answer_chars = entry.answer.chars().count();
    if answer_chars > limits::ANSWER_CHARS {
        problems.push(Problem::new(
            file,
            Some(*line),
            format!(
                "entry '{}' has an answer of {answer_chars} characters, more than {}",
                entry.id,
                limits::ANSWER_CHARS
            ),
            "shorten it and link to a page with the details",
        ));
    }
    let mut seen = Vec::new();
    entry.phrasings.retain(|p| {
        let key = fold(p);
        let new = !key.is_empty() && !seen.contains(&key);
        seen.push(key);
        new
    });
    if entry.phrasings.is_empty() {
        problems.push(Problem::new(
            file,
            Some(*line),
            format!("entry '{}' has no question", entry.id),
            "write the question visitors ask",
        ));
    }
    if entry.answer.trim().is_empty() {
        problems.push(Problem::new(
            file,
            Some(*line),
            format!("entry '{}' has no answer", entry.id),
            "write an answer for it",
        ));
    }
    if let Some(link) = &entry.link
        && safe_href(link).is_none()
    {
        problems.push(Problem::new(
            file,
            Some(*line),
            format!("entry '{}' has an unusable link '{link}'", entry.id),
            "use an https:// address or a path such as /returns",
        ));
    }
}

/// An id made from a question: `"How long does delivery take?"` →
/// `"how-long-does-delivery-take"`; `"entry"` for a question without
/// letters or digits.
pub fn slug(question: &str) -> String {
    let mut slug = fold(question).replace(' ', "-");
    if slug.is_empty() {
        return "entry".to_string();
    }
    if slug.len() > 60 {
        // At a word's end within 60 bytes, else at the last whole character.
        let within = (0..=60)
            .rev()
            .find(|&i| slug.is_char_boundary(i))
            .unwrap_or(0);
        let cut = slug[..within].rfind('-').unwrap_or(within);
        slug.truncate(cut);
    }
    slug
}

/// An answer as every reader keeps it: without blank lines before and
/// white space after it; its first line keeps its indentation (`    x` stays
/// code, ` # x` is no Markdown entry's end).
pub(super) fn trim_answer(answer: &str) -> &str {
    // Blank as Markdown sees it: spaces and tabs (a form feed is text).
    const BLANK: [char; 4] = [' ', '\t', '\n', '\r'];
    let mut start = 0;
    for line in answer.split_inclusive('\n') {
        if !line.trim_matches(BLANK).is_empty() {
            break;
        }
        start += line.len();
    }
    answer[start..].trim_end_matches(BLANK)
}

/// Parses a `@lang` / `lang` value, or says what is wrong.
fn parse_lang(file: &str, line: usize, value: &str) -> std::result::Result<Lang, Problem> {
    Lang::parse(value).ok_or_else(|| {
        Problem::new(
            file,
            Some(line),
            format!("unknown language '{value}'"),
            format!("use one of {}", Lang::supported_codes()),
        )
    })
}

/// Splits a tags value: `"shipping, orders"` → `["shipping", "orders"]`.
/// Tags as every reader takes them: separated by commas, semicolons or line breaks.
pub fn parse_tags(value: &str) -> Vec<String> {
    value
        .split([',', ';', '\n', '\r'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_slugs_are_cut_between_characters() {
        let question = format!("{}倓倓倓", "a".repeat(59));
        assert_eq!(slug(&question), format!("{}", "a".repeat(59)));
        assert_eq!(slug(&"倓".repeat(40)).len(), 60);
    }

    #[test]
    fn slugs_are_folded_and_short() {
        assert_eq!(
            slug("Wie lange dauert die Rückgabe?"),
            "wie-lange-dauert-die-rueckgabe"
        );
        assert!(slug(&"word ".repeat(40)).len() <= 60);
    }
}
