//! Answers as safe rich text.
//!
//! Answers are written in Markdown, but the bundle never carries Markdown or
//! HTML: the builder turns them into this small tree, which has no node for
//! raw HTML or script and only links with safe schemes. Whoever renders it
//! (the widget, the CLI) can only produce text, emphasis, lists, code and links.

use serde::{Deserialize, Serialize};

/// A block of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    P(Vec<Inline>),
    /// A heading inside an answer, rendered as a bold line.
    H(Vec<Inline>),
    /// A list; each item is a sequence of blocks.
    List {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Block>>,
    },
    /// A code block.
    Code(String),
    /// A block quote.
    Quote(Vec<Block>),
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Emphasis.
    Em(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A link whose `href` has passed [`safe_href`].
    Link {
        /// The target.
        href: String,
        /// The link text.
        text: Vec<Inline>,
    },
    /// A hard line break.
    Br,
}

/// Returns `href` if it is safe to put in a link: `http(s)`, `mailto`, `tel`,
/// or relative (no scheme). `javascript:`, `data:` and the like give `None`.
pub fn safe_href(href: &str) -> Option<&str> {
    let href = href.trim();
    if href.is_empty() || href.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let scheme_end = href.find(':');
    let path_start = href.find(['/', '?', '#']);
    match scheme_end {
        Some(colon) if path_start.is_none_or(|p| colon < p) => {
            let scheme = href[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel").then_some(href)
        }
        _ => Some(href),
    }
}

/// The answer as plain text: paragraphs separated by blank lines, list items
/// on their own lines, links as `text (href)`.
pub fn to_plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        block_plain(block, &mut out);
    }
    out
}

fn block_plain(block: &Block, out: &mut String) {
    match block {
        Block::P(inlines) | Block::H(inlines) => inlines_plain(inlines, out),
        Block::Code(code) => out.push_str(code.trim_end()),
        Block::Quote(blocks) => out.push_str(&to_plain(blocks)),
        Block::List { ordered, items } => {
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push('\n');
                }
                match ordered {
                    true => out.push_str(&format!("{}. ", n + 1)),
                    false => out.push_str("- "),
                }
                out.push_str(&to_plain(item).replace("\n\n", "\n"));
            }
        }
    }
}

fn inlines_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(inner) | Inline::Em(inner) => inlines_plain(inner, out),
            Inline::Br => out.push('\n'),
            Inline::Link { href, text } => {
                let before = out.len();
                inlines_plain(text, out);
                if out[before..] != **href {
                    out.push_str(&format!(" ({href})"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
            "java\nscript:x",
            "",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
        for good in [
            "https://example.com/a?b=c",
            "mailto:a@b.c",
            "tel:+4930123",
            "/faq#x",
            "page.html",
            "#top",
            "a/b:c",
        ] {
            assert_eq!(safe_href(good), Some(good), "{good:?}");
        }
    }

    #[test]
    fn plain_text_keeps_structure() {
        let blocks = vec![
            Block::P(vec![
                Inline::Text("See ".into()),
                Inline::Link {
                    href: "/x".into(),
                    text: vec![Inline::Text("here".into())],
                },
            ]),
            Block::List {
                ordered: true,
                items: vec![
                    vec![Block::P(vec![Inline::Text("one".into())])],
                    vec![Block::P(vec![Inline::Text("two".into())])],
                ],
            },
        ];
        assert_eq!(to_plain(&blocks), "See here (/x)\n\n1. one\n2. two");
    }
}
