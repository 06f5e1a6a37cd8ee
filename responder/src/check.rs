//! Lint for knowledge bases (`plauder check`): what will confuse visitors or
//! render badly, with where and how to fix it.

use std::collections::{HashMap, HashSet};

use crate::analysis::{analyzer, terms};
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

/// Checks a knowledge base.
pub fn check(kb: &KnowledgeBase) -> Vec<Warning> {
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
    warnings.extend(near_duplicates(kb));
    warnings
}

/// Phrasings of different entries that say nearly the same thing: every
/// pair of entries with phrasings sharing at least [`NEAR_DUPLICATE`] of
/// their words (Jaccard), reported once, with each entry's closest pair.
///
/// Found without comparing every pair (prefix filtering): with each
/// phrasing's words ordered rarest first, two sets that share that much
/// must share a word among the first few of each, so only phrasings
/// meeting there are compared. 15,000 phrasings take milliseconds.
fn near_duplicates(kb: &KnowledgeBase) -> Vec<Warning> {
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut phrasings: Vec<(usize, &str, Vec<u32>)> = Vec::new();
    for (entry, source) in kb.entries.iter().enumerate() {
        let mut words = analyzer(source.lang);
        for text in &source.phrasings {
            let mut set: Vec<u32> = terms(&mut words, text)
                .into_iter()
                .map(|term| {
                    let next = numbers.len() as u32;
                    *numbers.entry(term).or_insert(next)
                })
                .collect();
            set.sort_unstable();
            set.dedup();
            phrasings.push((entry, text.as_str(), set));
        }
    }
    // Renumber the words rarest first.
    let mut count = vec![0u32; numbers.len()];
    for (_, _, set) in &phrasings {
        set.iter().for_each(|&w| count[w as usize] += 1);
    }
    let mut by_rarity: Vec<u32> = (0..numbers.len() as u32).collect();
    by_rarity.sort_unstable_by_key(|&w| (count[w as usize], w));
    let mut rank = vec![0u32; numbers.len()];
    for (r, &w) in by_rarity.iter().enumerate() {
        rank[w as usize] = r as u32;
    }
    for (_, _, set) in &mut phrasings {
        set.iter_mut().for_each(|w| *w = rank[*w as usize]);
        set.sort_unstable();
    }
    // A pair at the threshold shares at least floor(t × |set|) words of
    // either set, so it meets within the first |set| − that + 1 of each
    // (at most the whole set): the prefix's length.
    let prefix = |set: &[u32]| {
        let shared = (NEAR_DUPLICATE * set.len() as f32) as usize;
        set.len().min(set.len() + 1 - shared)
    };
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (at, (_, _, set)) in phrasings.iter().enumerate() {
        for &word in &set[..prefix(set)] {
            postings.entry(word).or_default().push(at);
        }
    }
    let mut reported = HashSet::new();
    let mut warnings = Vec::new();
    let mut met = vec![usize::MAX; phrasings.len()];
    for (at, (entry, text, set)) in phrasings.iter().enumerate() {
        // Per other entry, its closest phrasing: (entry, share, position).
        let mut closest: Vec<(usize, f32, usize)> = Vec::new();
        for word in &set[..prefix(set)] {
            for &other in &postings[word] {
                let (their_entry, _, their_set) = &phrasings[other];
                if met[other] == at || their_entry == entry {
                    continue;
                }
                met[other] = at;
                let share = jaccard(set, their_set);
                if share < NEAR_DUPLICATE {
                    continue;
                }
                match closest.iter_mut().find(|c| c.0 == *their_entry) {
                    Some(c) if share > c.1 || (share == c.1 && other < c.2) => {
                        *c = (*their_entry, share, other)
                    }
                    Some(_) => {}
                    None => closest.push((*their_entry, share, other)),
                }
            }
        }
        closest.sort_unstable_by_key(|c| c.0);
        for (other, _, twin) in closest {
            if !reported.insert(((*entry).min(other), (*entry).max(other))) {
                continue;
            }
            let (mine, theirs) = (&kb.entries[*entry], &kb.entries[other]);
            warnings.push(Warning {
                origin: mine.origin.clone(),
                message: format!(
                    "'{text}' ({}) is nearly the same question as '{}' ({} at {})",
                    mine.id, phrasings[twin].1, theirs.id, theirs.origin
                ),
                fix: "visitors asking it may get either entry: merge the two entries or reword one"
                    .into(),
            });
        }
    }
    warnings
}

/// The share of words two sorted sets have in common (Jaccard).
fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f32 / union as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::source::parse_str;

    /// Entry pairs reported, as ids.
    fn pairs(warnings: &[Warning], kb: &KnowledgeBase) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = warnings
            .iter()
            .filter(|w| w.message.contains("nearly the same"))
            .map(|w| {
                let mine = kb.entries.iter().find(|e| e.origin == w.origin).unwrap();
                let theirs = kb
                    .entries
                    .iter()
                    .find(|e| e.id != mine.id && w.message.contains(&format!("({} at ", e.id)))
                    .unwrap();
                let (a, b) = (mine.id.clone(), theirs.id.clone());
                (a.clone().min(b.clone()), a.max(b))
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn finds_every_pair_of_entries_with_near_duplicate_phrasings_as_comparing_all_would() {
        // Phrasings of few words from a small vocabulary: many near pairs.
        let words = [
            "order", "parcel", "refund", "card", "track", "late", "lost", "pay",
        ];
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize % n
        };
        let mut csv = String::from("id,question,answer\n");
        for entry in 0..40 {
            for phrasing in 0..3 {
                let text: Vec<&str> = (0..2 + next(4)).map(|_| words[next(words.len())]).collect();
                let answer = if phrasing == 0 { "Yes." } else { "" };
                csv.push_str(&format!("e{entry},{},{answer}\n", text.join(" ")));
            }
        }
        let kb = parse_str("faq.csv", &csv, "csv", Lang::English).unwrap();
        let mut expected = Vec::new();
        let mut analyzer = analyzer(Lang::English);
        let sets: Vec<(usize, HashSet<String>)> = kb
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.phrasings.iter().map(move |p| (i, p)))
            .map(|(i, p)| (i, terms(&mut analyzer, p).into_iter().collect()))
            .collect();
        for (x, (a, xs)) in sets.iter().enumerate() {
            for (b, ys) in &sets[x + 1..] {
                let share = xs.intersection(ys).count() as f32 / xs.union(ys).count() as f32;
                if a != b && share >= NEAR_DUPLICATE {
                    let (a, b) = (kb.entries[*a].id.clone(), kb.entries[*b].id.clone());
                    expected.push((a.clone().min(b.clone()), a.max(b)));
                }
            }
        }
        expected.sort();
        expected.dedup();
        assert!(
            expected.len() > 20,
            "the test needs near pairs: {}",
            expected.len()
        );
        assert_eq!(pairs(&check(&kb), &kb), expected);
    }

    #[test]
    fn phrasings_of_one_entry_are_not_near_duplicates() {
        let kb = parse_str(
            "faq.md",
            "## Where is my parcel?\n? Where is my parcel now?\n\nTracked.\n\n## Opening hours\n? When are you open?\n\nNine to five.\n",
            "md",
            Lang::English,
        )
        .unwrap();
        assert!(pairs(&check(&kb), &kb).is_empty());
    }
}
