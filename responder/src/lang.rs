//! Knowledge-base languages: their codes, stemmers and the words visitors use to ask for a person.

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::Language as Stem;

/// A language a knowledge base (or one of its entries) is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Lang {
    /// Arabic (`ar`).
    Arabic,
    /// Danish (`da`).
    Danish,
    /// Dutch (`nl`).
    Dutch,
    /// English (`en`), the default.
    English,
    /// Finnish (`fi`).
    Finnish,
    /// French (`fr`).
    French,
    /// German (`de`).
    German,
    /// Greek (`el`).
    Greek,
    /// Hungarian (`hu`).
    Hungarian,
    /// Italian (`it`).
    Italian,
    /// Norwegian (`no`, `nb`).
    Norwegian,
    /// Portuguese (`pt`).
    Portuguese,
    /// Romanian (`ro`).
    Romanian,
    /// Russian (`ru`).
    Russian,
    /// Spanish (`es`).
    Spanish,
    /// Swedish (`sv`).
    Swedish,
    /// Tamil (`ta`).
    Tamil,
    /// Turkish (`tr`).
    Turkish,
}

const ALL: [(Lang, &str, Stem); 18] = [
    (Lang::Arabic, "ar", Stem::Arabic),
    (Lang::Danish, "da", Stem::Danish),
    (Lang::German, "de", Stem::German),
    (Lang::Greek, "el", Stem::Greek),
    (Lang::English, "en", Stem::English),
    (Lang::Spanish, "es", Stem::Spanish),
    (Lang::Finnish, "fi", Stem::Finnish),
    (Lang::French, "fr", Stem::French),
    (Lang::Hungarian, "hu", Stem::Hungarian),
    (Lang::Italian, "it", Stem::Italian),
    (Lang::Dutch, "nl", Stem::Dutch),
    (Lang::Norwegian, "no", Stem::Norwegian),
    (Lang::Portuguese, "pt", Stem::Portuguese),
    (Lang::Romanian, "ro", Stem::Romanian),
    (Lang::Russian, "ru", Stem::Russian),
    (Lang::Swedish, "sv", Stem::Swedish),
    (Lang::Tamil, "ta", Stem::Tamil),
    (Lang::Turkish, "tr", Stem::Turkish),
];

impl Lang {
    /// The ISO 639-1 code, e.g. `"de"`.
    pub fn code(self) -> &'static str {
        ALL.iter().find(|(l, ..)| *l == self).map_or("en", |e| e.1)
    }

    /// Parses an ISO 639-1 code or a BCP 47 tag (`"de"`, `"de-CH"`, `"EN_us"`, `"nb"`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        let primary = if primary == "nb" || primary == "nn" {
            "no".to_string()
        } else {
            primary
        };
        ALL.iter()
            .find(|(_, code, _)| *code == primary)
            .map(|e| e.0)
    }

    /// The codes of every supported language, comma-separated, for error messages.
    pub fn supported_codes() -> String {
        ALL.iter().map(|e| e.1).collect::<Vec<_>>().join(", ")
    }

    /// Whether the language glues nouns into compounds (`Lieferzeit`).
    pub fn compounds(self) -> bool {
        matches!(
            self,
            Lang::German
                | Lang::Dutch
                | Lang::Danish
                | Lang::Swedish
                | Lang::Norwegian
                | Lang::Finnish
        )
    }

    /// The tantivy stemmer for this language.
    pub(crate) fn stemmer(self) -> Stem {
        ALL.iter()
            .find(|(l, ..)| *l == self)
            .map_or(Stem::English, |e| e.2)
    }
}

impl From<Lang> for String {
    fn from(lang: Lang) -> String {
        lang.code().to_string()
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        Lang::parse(&code).ok_or_else(|| {
            format!(
                "unknown language '{code}': use one of {}",
                Lang::supported_codes()
            )
        })
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_round_trips_codes() {
        assert_eq!(Lang::parse("de-CH"), Some(Lang::German));
        assert_eq!(Lang::parse("EN_us"), Some(Lang::English));
        assert_eq!(Lang::parse("nb"), Some(Lang::Norwegian));
        assert_eq!(Lang::parse("xx"), None);
        for (lang, code, _) in ALL {
            assert_eq!(Lang::parse(code), Some(lang));
            assert_eq!(lang.code(), code);
        }
    }
}
