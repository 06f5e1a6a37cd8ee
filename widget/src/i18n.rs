//! The widget's words, in English and German; every one can be overridden
//! by the site (`strings` in the settings).

use crate::settings::Settings;

const EN: &[(&str, &str)] = &[
    ("title", "Questions? We're here."),
    (
        "greeting",
        "Hi! Ask me anything about our shop — I answer right away, and a person is one tap away.",
    ),
    ("placeholder", "Type your question…"),
    ("input_label", "Your question"),
    ("send", "Send"),
    ("close", "Close chat"),
    ("talk_to_person", "Talk to a person"),
    ("preparing", "Getting the answers ready…"),
    ("helpful", "Was this helpful?"),
    ("yes", "Yes"),
    ("no", "No"),
    ("thanks", "Thanks for your feedback!"),
    ("not_helpful", "Sorry about that. A person can help:"),
    ("clarify", "Did you mean one of these?"),
    ("none_of_these", "None of these"),
    (
        "no_match",
        "I don't have an answer to that, but a person does:",
    ),
    ("asked_for_human", "Sure! Continue with a person:"),
    ("whatsapp", "Continue on WhatsApp"),
    ("telegram", "Telegram"),
    ("messenger", "Messenger"),
    ("email", "E-mail"),
    ("phone", "Call us"),
    ("more_info", "More"),
    ("reply_time", "Usually replies within minutes"),
    (
        "outside_hours",
        "We're away now; a person replies from {next}.",
    ),
    (
        "offline",
        "Answers are unavailable right now; reach us directly:",
    ),
    ("suggestions", "Popular questions"),
    ("you", "You"),
    ("no_channel", "No contact channel is set up."),
    ("scan", "Or scan with your phone to chat on WhatsApp"),
];

const DE: &[(&str, &str)] = &[
    ("title", "Fragen? Wir sind da."),
    (
        "greeting",
        "Hallo! Fragen Sie mich alles zu unserem Shop — ich antworte sofort, und ein Mensch ist nur einen Tipp entfernt.",
    ),
    ("placeholder", "Ihre Frage…"),
    ("input_label", "Ihre Frage"),
    ("send", "Senden"),
    ("close", "Chat schließen"),
    ("talk_to_person", "Mit einem Menschen sprechen"),
    ("preparing", "Antworten werden vorbereitet…"),
    ("helpful", "War das hilfreich?"),
    ("yes", "Ja"),
    ("no", "Nein"),
    ("thanks", "Danke für Ihr Feedback!"),
    ("not_helpful", "Das tut mir leid. Ein Mensch hilft weiter:"),
    ("clarify", "Meinten Sie eine dieser Fragen?"),
    ("none_of_these", "Keine davon"),
    (
        "no_match",
        "Darauf habe ich keine Antwort, aber ein Mensch hilft gern:",
    ),
    ("asked_for_human", "Gern! Weiter mit einem Menschen:"),
    ("whatsapp", "Weiter auf WhatsApp"),
    ("telegram", "Telegram"),
    ("messenger", "Messenger"),
    ("email", "E-Mail"),
    ("phone", "Anrufen"),
    ("more_info", "Mehr"),
    ("reply_time", "Antwortet meist innerhalb von Minuten"),
    (
        "outside_hours",
        "Gerade sind wir nicht da; ein Mensch antwortet ab {next}.",
    ),
    (
        "offline",
        "Antworten sind gerade nicht verfügbar; so erreichen Sie uns direkt:",
    ),
    ("suggestions", "Häufige Fragen"),
    ("you", "Sie"),
    ("no_channel", "Es ist kein Kontaktweg eingerichtet."),
    (
        "scan",
        "Oder mit dem Handy scannen und auf WhatsApp schreiben",
    ),
];

/// The words for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Strings {
    lang: &'static str,
    overrides: Vec<(String, String)>,
}

impl Strings {
    /// The words for `settings`' language with its overrides.
    pub fn new(settings: &Settings) -> Strings {
        let lang = if settings.ui_lang() == "de" {
            "de"
        } else {
            "en"
        };
        Strings {
            lang,
            overrides: settings
                .strings
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// The language code.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The text for `key` (the key itself if unknown, so a typo shows).
    pub fn get(&self, key: &str) -> String {
        if let Some((_, text)) = self.overrides.iter().find(|(k, _)| k == key) {
            return text.clone();
        }
        let table = if self.lang == "de" { DE } else { EN };
        table
            .iter()
            .chain(EN)
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, v)| v)
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_key() {
        for (key, _) in EN {
            assert!(DE.iter().any(|(k, _)| k == key), "{key} missing in German");
        }
        assert_eq!(EN.len(), DE.len());
    }

    #[test]
    fn the_loaders_first_frame_says_the_same() {
        let loader = include_str!("../loader/plauder.js");
        let start = loader.find("/*strings*/").expect("strings marker") + "/*strings*/".len();
        let end = loader.find("/*end*/").expect("end marker");
        let tables: std::collections::HashMap<String, std::collections::HashMap<String, String>> =
            serde_json::from_str(&loader[start..end]).expect("the loader's strings are JSON");
        for (lang, table) in [("en", EN), ("de", DE)] {
            for (key, text) in &tables[lang] {
                let ours = table.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
                assert_eq!(ours, Some(text.as_str()), "{lang}.{key}");
            }
        }
    }

    #[test]
    fn the_loaders_first_frame_takes_questions_as_long_as_the_panel() {
        let loader = include_str!("../loader/plauder.js");
        let limit = responder::limits::QUESTION_CHARS;
        assert!(loader.contains(&format!("maxlength: {limit},")));
        assert!(loader.contains(&format!(".slice(0, {limit})")));
    }

    #[test]
    fn overrides_win() {
        let mut settings = Settings {
            lang: Some("de".into()),
            ..Settings::default()
        };
        settings.strings.insert("send".into(), "Ab damit".into());
        let strings = Strings::new(&settings);
        assert_eq!(strings.get("send"), "Ab damit");
        assert_eq!(strings.get("yes"), "Ja");
    }
}
