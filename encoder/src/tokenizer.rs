//! BERT's uncased WordPiece tokenizer, equal to the upstream `tokenizer.json`
//! (`BertNormalizer` with lower-casing and accent stripping, `BertPreTokenizer`,
//! `WordPiece` with `##` continuations), producing `[CLS] … [SEP]`.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Words longer than this (in characters) become one `[UNK]`, as upstream.
const MAX_WORD_CHARS: usize = 100;

/// Token ids for a vocabulary; built once per encoder.
pub struct Tokenizer {
    ids: HashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
}

impl Tokenizer {
    /// A tokenizer over `vocab` (index = id); `None` when a special token is missing.
    pub fn new(vocab: &[String]) -> Option<Tokenizer> {
        let ids: HashMap<String, u32> = vocab
            .iter()
            .enumerate()
            .map(|(id, token)| (token.clone(), id as u32))
            .collect();
        Some(Tokenizer {
            unk: *ids.get("[UNK]")?,
            cls: *ids.get("[CLS]")?,
            sep: *ids.get("[SEP]")?,
            ids,
        })
    }

    /// `[CLS]`, the text's word pieces, `[SEP]`: at most `max_tokens` ids
    /// (the pieces are cut, the markers kept).
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let room = max_tokens.saturating_sub(2);
        let mut ids = vec![self.cls];
        for word in pre_tokenize(&normalize(text)) {
            if ids.len() > room {
                break;
            }
            self.word_pieces(&word, &mut ids);
        }
        ids.truncate(room + 1);
        ids.push(self.sep);
        ids
    }

    /// Greedy longest-match-first pieces of one word, or `[UNK]` for all of it.
    fn word_pieces(&self, word: &str, ids: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            ids.push(self.unk);
            return;
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut key = String::new();
        while start < chars.len() {
            let mut found = None;
            for end in (start + 1..=chars.len()).rev() {
                let from = chars[start].0;
                let to = chars.get(end).map_or(word.len(), |&(i, _)| i);
                key.clear();
                if start > 0 {
                    key.push_str("##");
                }
                key.push_str(&word[from..to]);
                if let Some(&id) = self.ids.get(&key) {
                    found = Some((id, end));
                    break;
                }
            }
            let Some((id, end)) = found else {
                ids.push(self.unk);
                return;
            };
            pieces.push(id);
            start = end;
        }
        ids.extend(pieces);
    }
}

/// `BertNormalizer`: drop controls, spaces for whitespace, spaces around CJK
/// ideographs, strip accents (NFD without nonspacing marks), lower-case.
pub fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.extend([' ', c, ' ']);
        } else {
            cleaned.push(c);
        }
    }
    cleaned
        .nfd()
        .filter(|&c| c.general_category() != GeneralCategory::NonspacingMark)
        .flat_map(char::to_lowercase)
        .collect()
}

/// `BertPreTokenizer`: words split at whitespace, each punctuation character
/// a word of its own.
pub fn pre_tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_whitespace(c) || is_punctuation(c) {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if is_punctuation(c) {
                words.push(c.to_string());
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Categories C* (control, format, unassigned, private use, surrogate),
/// except the whitespace controls.
fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.general_category_group() == GeneralCategoryGroup::Other
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK Unified Ideographs blocks BERT surrounds with spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer(words: &[&str]) -> Tokenizer {
        let mut vocab: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
            .iter()
            .chain(words)
            .map(|s| s.to_string())
            .collect();
        vocab.dedup();
        Tokenizer::new(&vocab).unwrap()
    }

    #[test]
    fn pieces_are_longest_first_and_unknown_words_are_one_unk() {
        let t = tokenizer(&["un", "##aff", "##able", "aff", "!"]);
        assert_eq!(t.encode("Unaffable!", 64), vec![2, 4, 5, 6, 8, 3]);
        assert_eq!(t.encode("unxyz", 64), vec![2, 1, 3]);
    }

    #[test]
    fn accents_case_controls_and_cjk_are_normalised() {
        assert_eq!(normalize("Crème\u{7}Brûlée"), "cremebrulee");
        assert_eq!(
            pre_tokenize(&normalize("配送 a,b")),
            ["配", "送", "a", ",", "b"]
        );
    }

    #[test]
    fn long_input_keeps_its_markers() {
        let t = tokenizer(&["a"]);
        let ids = t.encode(&"a ".repeat(600), 10);
        assert_eq!(ids.len(), 10);
        assert_eq!((ids[0], ids[9]), (2, 3));
    }
}
