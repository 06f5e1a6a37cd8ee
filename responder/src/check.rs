//! Lint for knowledge bases (`plauder check`): what will confuse visitors or
//! render badly, with where and how to fix it.

use std::collections::HashSet;

use crate::analysis::{analyzer, terms};
use crate::error::Result;
use crate::responder::{Exclude, Responder};
use crate::rich::to_plain;
use crate::source::{KnowledgeBase, Origin, answer};

/// Answers longer than this (in characters of plain text) are hard to read in a chat bubble.
pub const MAX_ANSWER_CHARS: usize = 800;
/// Phrasings of two entries sharing at least this share of their words are near-duplicates.
const NEAR_DUPLICATE: f32 = 0.7;

/// One thing worth fixing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub origin: Origin,
    /// What.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.origin, self.message, self.fix)
    }
}

/// Checks a knowledge base; `responder` must be built from it.
pub fn check(kb: &KnowledgeBase, responder: &Responder) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    for entry in &kb.entries {
        let warn = |message: String, fix: &str| Warning {
            origin: entry.origin.clone(),
            message,
            fix: fix.to_string(),
        };
        if entry.phrasings.len() == 1 {
            warnings.push(warn(
                format!("entry '{}' has a single phrasing", entry.id),
                "add two or three other ways visitors ask it, on '? ' lines under the question",
            ));
        }
        let (blocks, notes) = answer::to_blocks(&entry.answer);
        let plain = to_plain(&blocks);
        let length = plain.chars().count();
        if length > MAX_ANSWER_CHARS {
            warnings.push(warn(
                format!("the answer of '{}' has {length} characters", entry.id),
                &format!("keep answers under {MAX_ANSWER_CHARS} characters and link to a page for details"),
            ));
        }
        for link in notes.refused_links {
            warnings.push(warn(
                format!(
                    "link target '{link}' in '{}' is not a usable link",
                    entry.id
                ),
                "use an https://, mailto: or tel: address or a path like /returns, without spaces",
            ));
        }
        if notes.dropped_html {
            warnings.push(warn(
                format!(
                    "the answer of '{}' contains HTML, which is not shown",
                    entry.id
                ),
                "use Markdown instead of HTML",
            ));
        }
        if plain.contains("](") || plain.contains("] (") {
            warnings.push(warn(
                format!(
                    "the answer of '{}' has a link Plauder cannot read",
                    entry.id
                ),
                "write links as [text](https://address) with no space between ] and (",
            ));
        }
    }
    warnings.extend(near_duplicates(kb, responder)?);
    Ok(warnings)
}

/// Phrasings of different entries that say nearly the same thing.
fn near_duplicates(kb: &KnowledgeBase, responder: &Responder) -> Result<Vec<Warning>> {
    let phrasings: Vec<(usize, &str, HashSet<String>)> = kb
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let mut words = analyzer(e.lang);
            e.phrasings
                .iter()
                .map(move |p| (i, p.as_str(), terms(&mut words, p).into_iter().collect()))
        })
        .collect();
    let mut reported = HashSet::new();
    let mut warnings = Vec::new();
    for (doc, (entry, text, words)) in phrasings.iter().enumerate() {
        let ranked = responder.rank(text, Exclude::Phrasing(doc as u32))?;
        let Some(other) = ranked.iter().find(|c| c.entry != *entry).map(|c| c.entry) else {
            continue;
        };
        let twin = phrasings
            .iter()
            .filter(|p| p.0 == other)
            .max_by(|a, b| jaccard(words, &a.2).total_cmp(&jaccard(words, &b.2)));
        let Some((_, twin_text, twin_words)) = twin else {
            continue;
        };
        let pair = ((*entry).min(other), (*entry).max(other));
        if jaccard(words, twin_words) >= NEAR_DUPLICATE && reported.insert(pair) {
            let (mine, theirs) = (&kb.entries[*entry], &kb.entries[other]);
            warnings.push(Warning {
                origin: mine.origin.clone(),
                message: format!(
                    "'{text}' ({}) is nearly the same question as '{twin_text}' ({} at {})",
                    mine.id, theirs.id, theirs.origin
                ),
                fix: "visitors asking it may get either entry: merge the two entries or reword one"
                    .into(),
            });
        }
    }
    Ok(warnings)
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f32 / union as f32
    }
}
