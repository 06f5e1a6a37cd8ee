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

    /// How visitors writing this language ask for a person, as folded words
    /// (see [`crate::analysis::fold`]): phrases that ask anywhere in a question,
    /// and words that ask only when they are most of a short question
    /// ("Mitarbeiter bitte" asks; "Wie viele Mitarbeiter habt ihr?" does not).
    pub(crate) fn human_request(self) -> HumanRequest {
        match self {
            Lang::German => HumanRequest {
                phrases: &[
                    "mit einem menschen",
                    "mit einem mitarbeiter",
                    "mit einer mitarbeiterin",
                    "mit jemandem sprechen",
                    "mit jemandem reden",
                    "jemanden sprechen",
                    "mit einer person",
                    "echten menschen",
                    "echte person",
                    "persoenlich sprechen",
                    "rueckruf",
                    "einen berater",
                    "eine beraterin",
                    "kundendienst sprechen",
                ],
                words: &[
                    "mensch",
                    "menschen",
                    "mitarbeiter",
                    "mitarbeiterin",
                    "berater",
                    "beraterin",
                    "kundendienst",
                    "kundenservice",
                    "ansprechpartner",
                    "support",
                ],
            },
            Lang::French => HumanRequest {
                phrases: &[
                    "un humain",
                    "un conseiller",
                    "une conseillere",
                    "une personne reelle",
                ],
                words: &["humain", "conseiller", "conseillere", "agent"],
            },
            Lang::Spanish => HumanRequest {
                phrases: &["un humano", "una persona real", "un agente", "un asesor"],
                words: &["humano", "agente", "asesor", "operador"],
            },
            Lang::Italian => HumanRequest {
                phrases: &["un operatore", "una persona reale", "un umano"],
                words: &["operatore", "operatrice", "umano"],
            },
            Lang::Dutch => HumanRequest {
                phrases: &["een medewerker", "een mens", "echte persoon"],
                words: &["medewerker", "mens"],
            },
            Lang::Portuguese => HumanRequest {
                phrases: &["um atendente", "um humano", "pessoa real"],
                words: &["atendente", "humano"],
            },
            _ => HumanRequest {
                phrases: &[],
                words: &[],
            },
        }
    }
}

/// How a language's visitors ask for a person; see [`Lang::human_request`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct HumanRequest {
    /// Word sequences that ask for a person anywhere in a question.
    pub phrases: &'static [&'static str],
    /// Words that ask for a person when a question has at most
    /// [`HumanRequest::SHORT`] words.
    pub words: &'static [&'static str],
}

impl HumanRequest {
    /// Questions of at most this many words count as short.
    pub const SHORT: usize = 4;

    /// English, checked for every language: visitors often write English on any site.
    pub const ENGLISH: HumanRequest = HumanRequest {
        phrases: &[
            "real person",
            "live person",
            "real human",
            "a human",
            "live agent",
            "human agent",
            "talk to someone",
            "speak to someone",
            "speak with someone",
            "talk with someone",
            "talk to somebody",
            "speak to somebody",
            "talk to a person",
            "speak to a person",
            "speak with a person",
            "talk to an agent",
            "speak to an agent",
            "speak with an agent",
            "talk to a representative",
            "speak to a representative",
            "customer service agent",
            "support agent",
            "call me back",
            "contact a person",
            "chat with a person",
            "chat with someone",
        ],
        words: &[
            "human",
            "agent",
            "person",
            "representative",
            "operator",
            "someone",
            "staff",
        ],
    };
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
