//! Handing a visitor to a person: the messenger links, built with proper
//! encoding, and the checks on the numbers and names they use.

use crate::settings::Settings;

/// A way to reach a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Which messenger: `whatsapp`, `telegram`, `messenger`, `email`, `phone`.
    pub kind: &'static str,
    /// The link to open.
    pub href: String,
}

/// Encodes like JavaScript's `encodeURIComponent`: everything but
/// `A–Z a–z 0–9 - _ . ! ~ * ' ( )` becomes UTF-8 percent escapes.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Checks a WhatsApp number against wa.me's rules: international format,
/// digits only, no `+`, no leading zeros, 8 to 15 digits. The error says
/// what to write instead.
pub fn check_phone(phone: &str) -> Result<&str, String> {
    let fix = "write it in international format with digits only, no +, spaces or leading zeros, e.g. data-phone=\"4915112345678\"";
    if phone.is_empty() {
        return Err(format!("no WhatsApp number (data-phone): {fix}"));
    }
    if !phone.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "WhatsApp number '{phone}' contains characters other than digits: {fix}"
        ));
    }
    if phone.starts_with('0') {
        return Err(format!(
            "WhatsApp number '{phone}' starts with 0 (a national or 00 prefix): {fix}"
        ));
    }
    if !(8..=15).contains(&phone.len()) {
        return Err(format!(
            "WhatsApp number '{phone}' has {} digits, not 8 to 15: {fix}",
            phone.len()
        ));
    }
    Ok(phone)
}

/// How many of the visitor's last questions the prefilled message carries:
/// what the person needs to pick up, in a link every messenger opens.
pub const MESSAGE_QUESTIONS: usize = 3;

/// The prefilled message: the template with `{question}` (the last
/// [`MESSAGE_QUESTIONS`] questions), `{page_url}`, `{page_title}` (and
/// `{business}`) filled in.
pub fn message(settings: &Settings, questions: &[String]) -> String {
    let recent = &questions[questions.len().saturating_sub(MESSAGE_QUESTIONS)..];
    settings
        .template()
        .replace("{question}", &recent.join("\n"))
        .replace("{page_url}", &settings.page_url)
        .replace("{page_title}", &settings.page_title)
        .replace("{business}", &settings.name)
}

/// Every configured channel, WhatsApp first, for `message`.
pub fn channels(settings: &Settings, message: &str, desktop: bool) -> Vec<Channel> {
    let text = encode_uri_component(message);
    let mut channels = Vec::new();
    if let Ok(phone) = check_phone(&settings.phone) {
        let href = match desktop && settings.whatsapp_web() {
            true => format!("https://web.whatsapp.com/send?phone={phone}&text={text}"),
            false => format!("https://wa.me/{phone}?text={text}"),
        };
        channels.push(Channel {
            kind: "whatsapp",
            href,
        });
    }
    if let Some(user) = name(&settings.telegram) {
        channels.push(Channel {
            kind: "telegram",
            href: format!("https://t.me/{user}"),
        });
    }
    if let Some(page) = name(&settings.messenger) {
        channels.push(Channel {
            kind: "messenger",
            href: format!("https://m.me/{page}?text={text}"),
        });
    }
    if let Some(address) = settings.email.as_deref().filter(|a| is_email(a)) {
        let subject = encode_uri_component(&settings.page_title);
        channels.push(Channel {
            kind: "email",
            href: format!("mailto:{address}?subject={subject}&body={text}"),
        });
    }
    if let Some(number) = settings.tel.as_deref().map(dial).filter(|n| n.len() > 4) {
        channels.push(Channel {
            kind: "phone",
            href: format!("tel:{number}"),
        });
    }
    channels
}

/// A Telegram or Messenger handle: letters, digits, `_`, `.`, `-`; a leading `@` is dropped.
fn name(handle: &Option<String>) -> Option<&str> {
    let handle = handle.as_deref()?.trim().trim_start_matches('@');
    let valid = !handle.is_empty()
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    valid.then_some(handle)
}

/// An address that can stand in a `mailto:` link as it is: ASCII letters,
/// digits and `. _ + - '` before the `@`, letters, digits, `.` and `-` after
/// it, with a dot between two parts of the domain.
fn is_email(address: &str) -> bool {
    let Some((user, domain)) = address.split_once('@') else {
        return false;
    };
    let user_ok = !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+-'".contains(&b));
    let domain_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    user_ok && domain_ok
}

/// A phone number as a `tel:` target: `+` and digits only.
fn dial(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(
            encode_uri_component("a & b # c + d? 🙂\nneu"),
            "a%20%26%20b%20%23%20c%20%2B%20d%3F%20%F0%9F%99%82%0Aneu"
        );
        assert_eq!(
            encode_uri_component("Grüße, Привет"),
            "Gr%C3%BC%C3%9Fe%2C%20%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82"
        );
        assert_eq!(encode_uri_component("-_.!~*'()"), "-_.!~*'()");
    }

    #[test]
    fn phone_numbers_follow_wa_me_rules() {
        assert_eq!(check_phone("4915112345678"), Ok("4915112345678"));
        for bad in [
            "+4915112345678",
            "015112345678",
            "49 151 1234",
            "",
            "123",
            "1234567890123456",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
        assert!(
            check_phone("0049151")
                .unwrap_err()
                .contains("starts with 0")
        );
    }

    #[test]
    fn channels_carry_the_encoded_message() {
        let settings = Settings {
            phone: "4915112345678".into(),
            telegram: Some("@morgenrot".into()),
            messenger: Some("morgenrot.coffee".into()),
            email: Some("hello@morgenrot.example".into()),
            tel: Some("+49 30 1234567".into()),
            page_title: "FAQ".into(),
            ..Settings::default()
        };
        let found = channels(&settings, "Hi & bye", false);
        let hrefs: Vec<&str> = found.iter().map(|c| c.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "https://wa.me/4915112345678?text=Hi%20%26%20bye",
                "https://t.me/morgenrot",
                "https://m.me/morgenrot.coffee?text=Hi%20%26%20bye",
                "mailto:hello@morgenrot.example?subject=FAQ&body=Hi%20%26%20bye",
                "tel:+49301234567",
            ]
        );
    }

    #[test]
    fn a_bad_number_shows_no_whatsapp_link() {
        let settings = Settings {
            phone: "+49 151".into(),
            ..Settings::default()
        };
        assert!(channels(&settings, "x", false).is_empty());
    }

    #[test]
    fn the_template_fills_its_placeholders() {
        let settings = Settings {
            template: Some("{question}\n— {page_title} {page_url}".into()),
            page_url: "https://shop.example/a?b=1".into(),
            page_title: "Shop".into(),
            ..Settings::default()
        };
        assert_eq!(
            message(&settings, &["one?".into(), "two?".into()]),
            "one?\ntwo?\n— Shop https://shop.example/a?b=1"
        );
    }
}
