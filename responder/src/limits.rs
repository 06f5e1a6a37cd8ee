//! The largest inputs Plauder accepts, in one place. Each is enforced where
//! the input comes in, with an error that names the limit and the fix
//! (docs/limits.md lists them).
//!
//! They keep a hostile or mistaken input from costing a visitor's phone
//! memory and seconds: a bundle is read whole into memory, twice (the page
//! and the worker); a question is analysed on every keystroke's send.

/// A visitor's question: only its first this many characters are read (the
/// panel's input takes no more; a longer one sent by script is cut).
pub const QUESTION_CHARS: usize = 500;

/// The most messages the widget's panel keeps (and this tab's session
/// stores): older ones are let go, so a conversation never grows memory,
/// storage or the time to draw the panel.
pub const CONVERSATION_MESSAGES: usize = 100;

/// One phrasing of an FAQ entry (a question as visitors would ask it).
pub const PHRASING_CHARS: usize = 500;

/// One answer's Markdown source. `plauder check` already suggests far
/// shorter answers (`check::MAX_ANSWER_CHARS`); this is the hard stop.
pub const ANSWER_CHARS: usize = 20_000;

/// Entries in one knowledge base.
pub const ENTRIES: usize = 10_000;

/// Phrasings in one knowledge base, over all its entries (CLINC150, the
/// largest benchmark, has 15,000 and builds a 1.4 MB bundle).
pub const PHRASINGS: usize = 100_000;

/// The longest (milliseconds) a visitor's question waits for the second
/// tier while the encoder is still arriving, when the first tier alone
/// would hand it off or offer a choice (the panel shows it typing
/// meanwhile). The first question never waits: the encoder is fetched only
/// after it is answered.
pub const ENCODER_WAIT_MS: u32 = 3_000;

/// A bundle file, in bytes (16 MiB).
pub const BUNDLE_BYTES: usize = 16 << 20;

/// `text` cut to at most `chars` characters, at a character boundary.
pub fn cut(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_character_boundaries() {
        assert_eq!(cut("äöü", 2), "äö");
        assert_eq!(cut("äöü", 3), "äöü");
        assert_eq!(cut("🙂🙂", 1), "🙂");
        assert_eq!(cut("", 5), "");
    }
}
