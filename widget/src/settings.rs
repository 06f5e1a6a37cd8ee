//! The embedding page's settings: `data-` attributes of the script tag or
//! `window.plauderSettings`, handed over by the loader as JSON.

use std::collections::HashMap;

use serde::Deserialize;

/// Everything a site admin can set. Unknown keys are ignored (the loader's
/// own, like `base` and `zIndex`, pass through here too).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// WhatsApp number, international format, digits only.
    pub phone: String,
    /// UI language (`en`, `de`, …); default: the browser's.
    pub lang: Option<String>,
    /// The business's name, shown in the header.
    pub name: String,
    /// URL of an avatar image (on the site's own server).
    pub avatar: Option<String>,
    /// The first message in the panel.
    pub greeting: Option<String>,
    /// Opening hours, e.g. `Mo-Fr 09:00-18:00, Sa 10:00-14:00`.
    pub hours: Option<String>,
    /// Time zone of the opening hours, e.g. `Europe/Berlin`.
    pub timezone: Option<String>,
    /// The prefilled message; placeholders `{question}`, `{page_url}`, `{page_title}`, `{business}`.
    pub template: Option<String>,
    /// Telegram username.
    pub telegram: Option<String>,
    /// Facebook Messenger page name.
    pub messenger: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number for calls.
    pub tel: Option<String>,
    /// Suggestion chips: entry ids, comma-separated (default: the first entries).
    pub suggestions: Option<String>,
    /// `"true"`: on desktop, open WhatsApp Web instead of wa.me.
    pub whatsapp_web: Option<String>,
    /// Overrides of UI strings, by key (see `i18n`).
    pub strings: HashMap<String, String>,
    /// The page the visitor is on (filled in by the loader).
    pub page_url: String,
    /// The page's title (filled in by the loader).
    pub page_title: String,
    /// The browser's languages (filled in by the loader).
    pub browser_lang: String,
}

/// The message template when none is set.
const DEFAULT_TEMPLATE: &str = "{question}\n\n({page_url})";

impl Settings {
    /// Parses the loader's JSON.
    pub fn from_json(json: &str) -> Result<Settings, String> {
        responder::json::from_str(json).map_err(|e| format!("settings are not valid: {e}"))
    }

    /// The message template.
    pub fn template(&self) -> &str {
        self.template
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(DEFAULT_TEMPLATE)
    }

    /// Whether desktop visitors go to WhatsApp Web.
    pub fn whatsapp_web(&self) -> bool {
        self.whatsapp_web.as_deref() == Some("true")
    }

    /// The UI language code: the setting, else the browser's, else English.
    pub fn ui_lang(&self) -> &str {
        let tag = self
            .lang
            .as_deref()
            .filter(|l| !l.is_empty())
            .unwrap_or(&self.browser_lang);
        match tag.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("de") => "de",
            _ => "en",
        }
    }

    /// The suggested entry ids, if set.
    pub fn suggestion_ids(&self) -> Vec<&str> {
        self.suggestions
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_loaders_json() {
        let settings = Settings::from_json(r#"{"phone":"491","lang":"de-AT","whatsappWeb":"true","strings":{"send":"Los"},"zIndex":"9"}"#).unwrap();
        assert_eq!(settings.ui_lang(), "de");
        assert!(settings.whatsapp_web());
        assert_eq!(settings.strings["send"], "Los");
        assert_eq!(settings.template(), DEFAULT_TEMPLATE);
    }

    #[test]
    fn language_falls_back_to_the_browser_then_english() {
        let browser = Settings {
            browser_lang: "de-DE".into(),
            ..Settings::default()
        };
        assert_eq!(browser.ui_lang(), "de");
        assert_eq!(
            Settings {
                browser_lang: "fr".into(),
                ..Settings::default()
            }
            .ui_lang(),
            "en"
        );
    }
}
