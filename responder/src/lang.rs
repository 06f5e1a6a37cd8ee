//! Knowledge-base languages: their codes, stemmers and the words visitors use to ask for a person.

use serde::{Deserialize, Serialize};

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

const ALL: [(Lang, &str); 18] = [
    (Lang::Arabic, "ar"),
    (Lang::Danish, "da"),
    (Lang::German, "de"),
    (Lang::Greek, "el"),
    (Lang::English, "en"),
    (Lang::Spanish, "es"),
    (Lang::Finnish, "fi"),
    (Lang::French, "fr"),
    (Lang::Hungarian, "hu"),
    (Lang::Italian, "it"),
    (Lang::Dutch, "nl"),
    (Lang::Norwegian, "no"),
    (Lang::Portuguese, "pt"),
    (Lang::Romanian, "ro"),
    (Lang::Russian, "ru"),
    (Lang::Swedish, "sv"),
    (Lang::Tamil, "ta"),
    (Lang::Turkish, "tr"),
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
        ALL.iter().find(|(_, code)| *code == primary).map(|e| e.0)
    }

    /// Every supported language, in code order.
    pub fn all() -> impl Iterator<Item = Lang> {
        ALL.iter().map(|e| e.0)
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
    #[cfg(feature = "search")]
    pub(crate) fn stemmer(self) -> tantivy::tokenizer::Language {
        use tantivy::tokenizer::Language as Stem;
        match self {
            Lang::Arabic => Stem::Arabic,
            Lang::Danish => Stem::Danish,
            Lang::German => Stem::German,
            Lang::Greek => Stem::Greek,
            Lang::English => Stem::English,
            Lang::Spanish => Stem::Spanish,
            Lang::Finnish => Stem::Finnish,
            Lang::French => Stem::French,
            Lang::Hungarian => Stem::Hungarian,
            Lang::Italian => Stem::Italian,
            Lang::Dutch => Stem::Dutch,
            Lang::Norwegian => Stem::Norwegian,
            Lang::Portuguese => Stem::Portuguese,
            Lang::Romanian => Stem::Romanian,
            Lang::Russian => Stem::Russian,
            Lang::Swedish => Stem::Swedish,
            Lang::Tamil => Stem::Tamil,
            Lang::Turkish => Stem::Turkish,
        }
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
        for (lang, code) in ALL {
            assert_eq!(Lang::parse(code), Some(lang));
            assert_eq!(lang.code(), code);
        }
    }
}
