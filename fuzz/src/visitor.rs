//! What a visitor and a site admin hand the widget: questions, the loader's
//! settings, opening hours.

use std::sync::OnceLock;

use responder::{Decision, HandoffReason, Lang, Responder, limits};
use widget::handoff;
use widget::hours::{self, WeekTime};
use widget::settings::Settings;

use crate::SHOP_FAQ;

/// The demo shop's FAQ, built once.
fn shop() -> &'static Responder {
    static SHOP: OnceLock<Responder> = OnceLock::new();
    SHOP.get_or_init(|| {
        let kb = responder::source::parse_str("shop-en.md", SHOP_FAQ, "md", Lang::English)
            .expect("the shop FAQ reads");
        responder::build::build(&kb, &Default::default())
            .expect("the shop FAQ builds")
            .responder
    })
}

/// Any text as a question: a reply every time, and a sound one.
pub fn question(data: &[u8]) {
    let question = String::from_utf8_lossy(data);
    let shop = shop();
    let entries = shop.entries().len();
    let reply = shop
        .answer(&question)
        .unwrap_or_else(|e| panic!("no reply to {question:?}: {e}"));
    assert!(reply.ranked.len() <= 10, "{} ranked", reply.ranked.len());
    for pair in reply.ranked.windows(2) {
        assert!(
            pair[0].confidence >= pair[1].confidence,
            "ranking out of order"
        );
    }
    for c in &reply.ranked {
        assert!(c.entry < entries, "entry {} of {entries}", c.entry);
        assert!(c.score.is_finite() && c.score >= 0.0, "score {}", c.score);
        assert!(
            c.confidence.is_finite() && c.confidence >= 0.0,
            "confidence {}",
            c.confidence
        );
    }
    let mut seen = reply.ranked.iter().map(|c| c.entry).collect::<Vec<_>>();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), reply.ranked.len(), "an entry ranked twice");
    match &reply.decision {
        Decision::Answer { entry } => {
            assert_eq!(Some(*entry), reply.ranked.first().map(|c| c.entry));
        }
        Decision::Clarify { entries: offered } => {
            assert!(
                (1..=responder::decision::MAX_CLARIFY).contains(&offered.len()),
                "clarify between {} entries",
                offered.len()
            );
            let ranked = reply.ranked.iter().map(|c| c.entry);
            assert!(offered.iter().copied().eq(ranked.take(offered.len())));
        }
        Decision::Handoff { reason } => {
            let asked = *reason == HandoffReason::AskedForHuman;
            assert_eq!(
                asked,
                shop.asks_for_human(limits::cut(&question, limits::QUESTION_CHARS))
            );
        }
    }
}

/// Questions to start from.
pub fn question_seeds() -> Vec<Vec<u8>> {
    [
        "how long does delivery take",
        "Can I send it back?",
        "i want to talk to a human",
        "Wie lange dauert die Lieferung?",
        "😀 ✈️ 包裹 什么时候到",
        "",
        "   ",
        "<script>alert(1)</script>",
        "a",
        "delivery delivery delivery delivery delivery",
    ]
    .into_iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

/// The loader's settings JSON, then a handoff: every link is well formed,
/// and the message read back from it is the message put in.
pub fn settings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (json, question) = text
        .split_once('\u{0}')
        .unwrap_or((&text, "where is my order?"));
    let Ok(settings) = Settings::from_json(json) else {
        return;
    };
    let _ = settings.ui_lang();
    let _ = settings.suggestion_ids();
    if let Some(spec) = &settings.hours {
        let _ = hours::parse(spec);
    }
    let message = handoff::message(&settings, &[question.to_string()]);
    for desktop in [false, true] {
        for channel in handoff::channels(&settings, &message, desktop) {
            let href = &channel.href;
            assert!(
                href.bytes().all(|b| b.is_ascii_graphic()),
                "{} link with spaces, quotes or non-ASCII: {href:?}",
                channel.kind
            );
            assert!(
                !href.contains(['"', '<', '>', '\\', '`']),
                "{} link with markup characters: {href:?}",
                channel.kind
            );
            let prefix = match channel.kind {
                "whatsapp" if desktop && settings.whatsapp_web() => {
                    "https://web.whatsapp.com/send?phone="
                }
                "whatsapp" => "https://wa.me/",
                "telegram" => "https://t.me/",
                "messenger" => "https://m.me/",
                "email" => "mailto:",
                "phone" => "tel:",
                other => panic!("unknown channel {other}"),
            };
            assert!(href.starts_with(prefix), "{href:?}");
            if let Some(sent) = query_value(href, "text").or_else(|| query_value(href, "body")) {
                assert_eq!(sent, message, "the message read back from {href:?}");
            }
        }
    }
}

/// The percent-decoded value of `key` in a link's query.
fn query_value(href: &str, key: &str) -> Option<String> {
    let (_, query) = href.split_once('?')?;
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))?;
    Some(percent_decode(value))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).expect("a % escape has two digits");
            out.push(u8::from_str_radix(hex, 16).expect("a % escape is hexadecimal"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("a link's text decodes to UTF-8")
}

/// Settings as the loader writes them.
pub fn settings_seeds() -> Vec<Vec<u8>> {
    [
        r#"{"phone":"4915112345678","name":"Shop","lang":"de","hours":"Mo-Fr 09:00-18:00","timezone":"Europe/Berlin","telegram":"@shop","messenger":"shop.page","email":"help@shop.example","tel":"+49 30 1234567","template":"Hi {business}! {question} ({page_url})","pageUrl":"https://shop.example/a?b=c&d=e#f","pageTitle":"Shop & more","whatsappWeb":"true","strings":{"title":"Hilfe"}}"#,
        "{\"phone\":\"15551234567\"}\u{0}Où est ma commande ? 😀 & = % #",
        r#"{"phone":"0123","email":"a@b","tel":"12"}"#,
        r#"{}"#,
    ]
    .into_iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

/// Opening hours: parsed rules say open or the next opening, and the next
/// opening is open while every minute before it is closed.
pub fn hours(data: &[u8]) {
    let (when, spec) = match data {
        [day, hi, lo, rest @ ..] => {
            let minute = u32::from(u16::from_le_bytes([*hi, *lo])) % (24 * 60);
            let now = WeekTime {
                day: usize::from(*day) % 7,
                minute,
            };
            (now, String::from_utf8_lossy(rest))
        }
        _ => return,
    };
    let Ok(rules) = hours::parse(&spec) else {
        return;
    };
    let open = |t: WeekTime| hours::next_opening(&rules, t).is_none();
    let Some(next) = hours::next_opening(&rules, when) else {
        // Open: some rule covers now, or there are none (no hours: always open).
        return;
    };
    assert!(!rules.is_empty(), "no rules, yet closed");
    assert!(next.day < 7 && next.minute < 24 * 60, "{next:?}");
    assert!(
        open(next),
        "{spec:?}: next opening {next:?} from {when:?} is closed"
    );
    let (start, end) = (minute_of_week(when), minute_of_week(next));
    let mut t = start;
    while t != end {
        let at = WeekTime {
            day: (t / (24 * 60)) as usize,
            minute: t % (24 * 60),
        };
        assert!(
            !open(at),
            "{spec:?}: open at {at:?}, before the next opening {next:?}"
        );
        t = (t + 1) % (7 * 24 * 60);
    }
    let _ = hours::describe(next, when.day, "de");
}

fn minute_of_week(t: WeekTime) -> u32 {
    t.day as u32 * 24 * 60 + t.minute
}

/// Opening hours as sites write them, behind three bytes of "now".
pub fn hours_seeds() -> Vec<Vec<u8>> {
    [
        "Mo-Fr 09:00-18:00, Sa 10:00-14:00",
        "Di-Do 08:30-12:00; Fr 13:00-24:00",
        "Sa-Mo 00:00-24:00",
        "Su 23:59-24:00",
        "mon-fri 9:00-17:00",
    ]
    .into_iter()
    .enumerate()
    .map(|(i, s)| {
        let mut seed = vec![i as u8, 0x20, 0x02];
        seed.extend_from_slice(s.as_bytes());
        seed
    })
    .collect()
}
