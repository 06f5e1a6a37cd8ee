//! Text analysis, shared by index building and question answering.
//!
//! Every question and every phrasing goes through the same two analyzers, so
//! the index and the query always cut words the same way:
//! - the **word** analyzer of the entry's language: lower-cased words, German
//!   umlauts spelled out (`Rückgabe` and `Rueckgabe` meet), stemmed, then
//!   stripped of accents;
//! - the **gram** analyzer, the same for every language: character trigrams of
//!   each folded word padded with spaces. Grams make compounds meet their parts
//!   (`Lieferzeit` and `Zeit der Lieferung` share `lie`, `ief`, … `zei`, `eit`)
//!   and make ordinary typos cost a gram or two instead of the whole word.

use tantivy::tokenizer::{
    AsciiFoldingFilter, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
    TokenizerManager,
};

use crate::lang::Lang;

/// Name under which the gram analyzer is registered in an index.
pub(crate) const GRAMS: &str = "plauder-grams";

/// Words longer than this many bytes are dropped (pasted URLs, hashes).
const MAX_WORD_BYTES: usize = 40;

/// The registered name of a language's word analyzer.
pub(crate) fn words_tokenizer_name(lang: Lang) -> String {
    format!("plauder-words-{}", lang.code())
}

/// The registered name of a language's compound-parts analyzer.
pub(crate) fn parts_tokenizer_name(lang: Lang) -> String {
    format!("plauder-parts-{}", lang.code())
}

/// The word analyzer of `lang`: split, lower-case, spell out umlauts
/// (German), stem, fold accents. Stop words stay: question words carry
/// intent ("when" vs "where"), and BM25 already weighs frequent words down.
pub fn analyzer(lang: Lang) -> TextAnalyzer {
    pipeline(lang, Cut::Whole)
}

/// For languages that glue nouns together (German, Dutch, the Nordic
/// languages): the analyzer of the candidate parts of long words (every cut
/// into two parts of at least four letters: `lieferzeit` gives `liefer` and
/// `zeit`, among others). Parts are matched against whole words only, never
/// against other parts, so a shared prefix is not counted many times.
pub fn parts_analyzer(lang: Lang) -> Option<TextAnalyzer> {
    lang.compounds().then(|| pipeline(lang, Cut::Parts))
}

fn pipeline(lang: Lang, cut: Cut) -> TextAnalyzer {
    let spell_out_umlauts = lang == Lang::German;
    let words = Words { spell_out_umlauts };
    let whole = TextAnalyzer::builder(words)
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(Stemmer::new(lang.stemmer()))
        .filter(AsciiFoldingFilter)
        .build();
    match cut {
        Cut::Whole => whole,
        Cut::Parts => TextAnalyzer::builder(Parts {
            spell_out_umlauts,
            whole,
        })
        .filter(AsciiFoldingFilter)
        .build(),
    }
}

/// The gram analyzer: character trigrams of every folded word.
pub fn gram_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(Grams)
}

/// Registers the analyzers of `langs` (and the gram analyzer) in `manager`.
///
/// Analyzers are not stored in an index: the builder and the reader both call this.
pub(crate) fn register(manager: &TokenizerManager, langs: &[Lang]) {
    for &lang in langs {
        manager.register(&words_tokenizer_name(lang), analyzer(lang));
        if let Some(parts) = parts_analyzer(lang) {
            manager.register(&parts_tokenizer_name(lang), parts);
        }
    }
    manager.register(GRAMS, gram_analyzer());
}

/// The terms `analyzer` makes of `text`, in order, with repeats.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| out.push(token.text.clone()));
    out
}

/// Lower-cases, spells out German umlauts and `ß`, strips Latin accents and
/// keeps only words separated by single spaces: `"Rückgabe, bitte!"` → `"rueckgabe bitte"`.
pub fn fold(text: &str) -> String {
    words(text, true)
        .map(|(_, word)| word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of `text` with their byte offsets, lower-cased; umlauts spelled
/// out when asked, other Latin accents stripped only in that mode.
fn words(text: &str, fold_all: bool) -> impl Iterator<Item = (usize, String)> + '_ {
    raw_words(text).map(move |(offset, w)| (offset, fold_word(w, fold_all)))
}

/// The alphanumeric runs of `text` with their byte offsets.
fn raw_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Lower-cases a word, spelling out umlauts when asked (German).
fn lower(word: &str, spell_out_umlauts: bool) -> String {
    match spell_out_umlauts {
        true => fold_word(word, false),
        false => word.to_lowercase(),
    }
}

fn fold_word(word: &str, strip_accents: bool) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if strip_accents => push_unaccented(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// Pushes `c` without its accent, for the common Latin letters.
fn push_unaccented(c: char, out: &mut String) {
    const TABLE: [(&str, &str); 12] = [
        ("àáâãåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ìíîïĩīĭįı", "i"),
        ("ñńņňŉ", "n"),
        ("òóôõøōŏő", "o"),
        ("ùúûũūŭůűų", "u"),
        ("ýÿ", "y"),
        ("śŝşšș", "s"),
        ("ţťțŧ", "t"),
        ("źżž", "z"),
    ];
    match c {
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ł' => out.push('l'),
        'ğ' => out.push('g'),
        c => match TABLE.iter().find(|(from, _)| from.contains(c)) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        },
    }
}

/// First stage of the word analyzer: splits on anything not alphanumeric and
/// lower-cases; for German, spells out umlauts before the stemmer sees them.
#[derive(Clone)]
struct Words {
    spell_out_umlauts: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    Whole,
    Parts,
}

/// The compound-parts tokenizer: for each long word, its prefixes as they
/// are (a compound's first part is a stem: `Liefer|zeit`) and its suffixes
/// analyzed like whole words (the last part inflects: `Versand|kosten`).
#[derive(Clone)]
struct Parts {
    spell_out_umlauts: bool,
    whole: TextAnalyzer,
}

impl Tokenizer for Parts {
    type TokenStream<'a> = VecTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        let mut tokens = Vec::new();
        let mut whole = self.whole.clone();
        for (offset_from, w) in raw_words(text) {
            let word = lower(w, self.spell_out_umlauts);
            let mut token = |text: String| {
                let position = tokens.len();
                tokens.push(Token {
                    offset_from,
                    offset_to: offset_from + w.len(),
                    position,
                    text,
                    position_length: 1,
                });
            };
            for (prefix, suffix) in compound_cuts(&word) {
                token(prefix.to_string());
                terms(&mut whole, suffix).into_iter().for_each(&mut token);
            }
        }
        VecTokens::new(tokens)
    }
}

/// The shortest compound part considered, in bytes.
const MIN_PART: usize = 4;

/// The cuts of a long word into two parts of at least [`MIN_PART`] letters:
/// `lieferzeit` → `lief|erzeit`, `liefe|rzeit`, `liefer|zeit`. Without a
/// dictionary every cut is a candidate; the wrong ones (`liefe`) rarely match
/// anything else and weigh little.
fn compound_cuts(word: &str) -> impl Iterator<Item = (&str, &str)> {
    let cuts = match word.is_ascii() && word.len() >= 2 * MIN_PART {
        true => MIN_PART..word.len() - MIN_PART + 1,
        false => 0..0,
    };
    cuts.map(move |cut| word.split_at(cut))
}

impl Tokenizer for Words {
    type TokenStream<'a> = VecTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        let tokens = raw_words(text)
            .enumerate()
            .map(|(position, (offset_from, w))| Token {
                offset_from,
                offset_to: offset_from + w.len(),
                position,
                text: lower(w, self.spell_out_umlauts),
                position_length: 1,
            })
            .collect();
        VecTokens::new(tokens)
    }
}

/// The gram tokenizer: trigrams of each folded word padded with one space on
/// each side (`" ab"`, `"abc"`, …, `"yz "`).
#[derive(Clone)]
struct Grams;

impl Tokenizer for Grams {
    type TokenStream<'a> = VecTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        let mut tokens = Vec::new();
        for (offset_from, word) in words(text, true) {
            if word.len() > MAX_WORD_BYTES {
                continue;
            }
            let padded: Vec<char> = format!(" {word} ").chars().collect();
            for gram in padded.windows(3) {
                tokens.push(Token {
                    offset_from,
                    offset_to: offset_from + word.len(),
                    position: tokens.len(),
                    text: gram.iter().collect(),
                    position_length: 1,
                });
            }
        }
        VecTokens::new(tokens)
    }
}

/// A token stream over tokens computed up front.
struct VecTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokens {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokens { tokens, next: 0 }
    }

    fn current(&self) -> usize {
        self.next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))
    }
}

impl TokenStream for VecTokens {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.current()]
    }

    fn token_mut(&mut self) -> &mut Token {
        let current = self.current();
        &mut self.tokens[current]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(lang: Lang, text: &str) -> Vec<String> {
        terms(&mut analyzer(lang), text)
    }

    #[test]
    fn umlaut_spellings_meet_in_german() {
        assert_eq!(
            words_of(Lang::German, "Rückgabe"),
            words_of(Lang::German, "Rueckgabe")
        );
        assert_eq!(
            words_of(Lang::German, "Größe"),
            words_of(Lang::German, "groesse")
        );
    }

    #[test]
    fn german_compounds_share_terms_with_their_parts() {
        let parts = |text| terms(&mut parts_analyzer(Lang::German).unwrap(), text);
        let compound = parts("Lieferzeit");
        let words = words_of(Lang::German, "Zeit der Lieferung");
        let shared: Vec<_> = compound.iter().filter(|t| words.contains(t)).collect();
        assert_eq!(shared.len(), 2, "{compound:?} vs {words:?}");
        assert!(parts("Zeit").is_empty());
        assert!(parts_analyzer(Lang::English).is_none());
    }

    #[test]
    fn english_words_are_stemmed_and_lowercased() {
        assert_eq!(
            words_of(Lang::English, "Shipping ORDERS"),
            words_of(Lang::English, "ship order")
        );
    }

    #[test]
    fn accents_are_folded_after_stemming() {
        assert_eq!(words_of(Lang::French, "hôtel"), ["hotel"]);
    }

    #[test]
    fn compounds_share_grams_with_their_parts() {
        let compound = terms(&mut gram_analyzer(), "Lieferzeit");
        let parts = terms(&mut gram_analyzer(), "Zeit der Lieferung");
        let shared = compound.iter().filter(|g| parts.contains(g)).count();
        assert!(shared >= 6, "{compound:?} vs {parts:?}");
    }

    #[test]
    fn fold_spells_out_and_strips() {
        assert_eq!(fold("Rückgabe, bitte! Café"), "rueckgabe bitte cafe");
    }

    #[test]
    fn empty_text_gives_no_terms() {
        assert!(terms(&mut gram_analyzer(), " ?! ").is_empty());
        assert!(words_of(Lang::German, "").is_empty());
    }
}
