//! The spreadsheet format: CSV with header `id,question,answer` and optional
//! `lang`, `tags`, `link` columns. Rows sharing an id are phrasings of one
//! entry; its answer is the first non-empty answer cell. Without an `id`
//! column, every row is an entry of its own.

use std::collections::HashMap;

use super::{Found, Origin, SourceEntry, parse_lang, parse_tags, slug, trim_answer};
use crate::error::Problem;
use crate::lang::Lang;

const COLUMNS: [&str; 6] = ["id", "question", "answer", "lang", "tags", "link"];

/// Column positions found in the header.
#[derive(Default)]
struct Columns {
    at: HashMap<&'static str, usize>,
}

impl Columns {
    /// The answer cell, trimmed as every reader trims answers.
    fn answer<'r>(&self, record: &'r csv::StringRecord) -> &'r str {
        self.at
            .get("answer")
            .and_then(|&i| record.get(i))
            .map_or("", trim_answer)
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.at
            .get(name)
            .and_then(|&i| record.get(i))
            .map_or("", str::trim)
    }
}

/// Reads a CSV FAQ file.
pub(super) fn parse(file: &str, text: &str, lang: Lang) -> Found {
    let mut found = Found::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let Some(columns) = header(file, &mut reader, &mut found.problems) else {
        return found;
    };
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map(|p| p.line() as usize);
                let fix = "give every row as many cells as the header has, and close every quote";
                found.problems.push(Problem::new(
                    file,
                    line,
                    format!("unreadable row: {err}"),
                    fix,
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        row(file, line, &record, &columns, lang, &mut by_id, &mut found);
    }
    found
}

fn header(
    file: &str,
    reader: &mut csv::Reader<&[u8]>,
    problems: &mut Vec<Problem>,
) -> Option<Columns> {
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(err) => {
            problems.push(Problem::new(
                file,
                Some(1),
                format!("unreadable header: {err}"),
                "start the file with the line id,question,answer",
            ));
            return None;
        }
    };
    let mut columns = Columns::default();
    for (index, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        match COLUMNS.iter().find(|c| **c == name) {
            Some(known) if columns.at.contains_key(known) => {
                problems.push(Problem::new(
                    file,
                    Some(1),
                    format!("column '{known}' appears twice"),
                    "keep one of them",
                ));
            }
            Some(known) => {
                columns.at.insert(known, index);
            }
            None => problems.push(Problem::new(
                file,
                Some(1),
                format!("unknown column '{name}'"),
                format!("use only the columns {}", COLUMNS.join(", ")),
            )),
        }
    }
    for required in ["question", "answer"] {
        if !columns.at.contains_key(required) {
            problems.push(Problem::new(
                file,
                Some(1),
                format!("missing column '{required}'"),
                "start the file with the line id,question,answer",
            ));
        }
    }
    (!problems.iter().any(|p| p.file == file)).then_some(columns)
}

fn row(
    file: &str,
    line: usize,
    record: &csv::StringRecord,
    columns: &Columns,
    default_lang: Lang,
    by_id: &mut HashMap<String, usize>,
    found: &mut Found,
) {
    let question = columns.get(record, "question");
    if question.is_empty() {
        found.problems.push(Problem::new(
            file,
            Some(line),
            "empty question",
            "fill in the question cell or delete the row",
        ));
        return;
    }
    let id = match columns.get(record, "id") {
        "" if columns.at.contains_key("id") => {
            found.problems.push(Problem::new(
                file,
                Some(line),
                "empty id",
                "fill in the id cell; rows sharing an id are phrasings of one entry",
            ));
            return;
        }
        "" => slug(question),
        id => id.to_string(),
    };
    let lang = match columns.get(record, "lang") {
        "" => default_lang,
        code => match parse_lang(file, line, code) {
            Ok(lang) => lang,
            Err(problem) => return found.problems.push(problem),
        },
    };
    let answer = columns.answer(record);
    match by_id.get(&id) {
        Some(&index) => merge(
            &mut found.entries[index],
            file,
            line,
            question,
            answer,
            columns,
            record,
            &mut found.problems,
        ),
        None => {
            by_id.insert(id.clone(), found.entries.len());
            found.entries.push(SourceEntry {
                id,
                phrasings: vec![question.to_string()],
                answer: answer.to_string(),
                lang,
                tags: parse_tags(columns.get(record, "tags")),
                link: Some(columns.get(record, "link"))
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
                origin: Origin {
                    file: file.to_string(),
                    line,
                },
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn merge(
    entry: &mut SourceEntry,
    file: &str,
    line: usize,
    question: &str,
    answer: &str,
    columns: &Columns,
    record: &csv::StringRecord,
    problems: &mut Vec<Problem>,
) {
    entry.phrasings.push(question.to_string());
    if entry.answer.is_empty() {
        entry.answer = answer.to_string();
    } else if !answer.is_empty() && answer != entry.answer {
        problems.push(Problem::new(
            file,
            Some(line),
            format!(
                "conflicting answers for id '{}' (first answer at line {})",
                entry.id, entry.origin.line
            ),
            "keep the answer in one row of the id and leave the others' answer cells empty",
        ));
    }
    let lang = columns.get(record, "lang");
    if !lang.is_empty() && Lang::parse(lang) != Some(entry.lang) {
        problems.push(Problem::new(
            file,
            Some(line),
            format!(
                "language '{lang}' differs from the first row of id '{}' ({})",
                entry.id, entry.lang
            ),
            "give all rows of one id the same lang, or different ids per language",
        ));
    }
    if entry.link.is_none() {
        entry.link = Some(columns.get(record, "link"))
            .filter(|l| !l.is_empty())
            .map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_rows_by_id_and_takes_first_answer() {
        let found = parse(
            "kb.csv",
            "id,question,answer\r\na,Q one,\"Answer, with comma\"\r\na,Q two,\r\nb,Other,B\r\n",
            Lang::English,
        );
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        assert_eq!(found.entries.len(), 2);
        assert_eq!(found.entries[0].phrasings, vec!["Q one", "Q two"]);
        assert_eq!(found.entries[0].answer, "Answer, with comma");
    }

    #[test]
    fn reports_conflicts_unknown_columns_and_empty_cells() {
        let found = parse(
            "kb.csv",
            "id,question,answer\na,Q,A1\na,Q2,A2\nb,,B\n",
            Lang::English,
        );
        let lines: Vec<_> = found
            .problems
            .iter()
            .map(|p| (p.line, p.message.clone()))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, Some(3));
        assert!(lines[0].1.contains("conflicting answers"));
        assert_eq!(lines[1].0, Some(4));
        let found = parse("kb.csv", "id,question,answer,colour\n", Lang::English);
        assert!(
            found.problems[0]
                .message
                .contains("unknown column 'colour'")
        );
    }
}
