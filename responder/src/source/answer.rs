//! Markdown answers to safe rich text ([`crate::rich`]).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::rich::{Block, Inline, safe_href};

/// What converting one answer noticed, for `plauder check`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Notes {
    /// Link targets refused as unsafe or malformed (rendered as plain text).
    pub refused_links: Vec<String>,
    /// Raw HTML was present and dropped.
    pub dropped_html: bool,
}

/// Converts an answer's Markdown to blocks; raw HTML is dropped, unsafe links
/// become plain text.
pub fn to_blocks(markdown: &str) -> (Vec<Block>, Notes) {
    let mut builder = Builder {
        stack: vec![Frame::blocks()],
        notes: Notes::default(),
    };
    for event in Parser::new(markdown) {
        builder.event(event);
    }
    while builder.stack.len() > 1 {
        builder.close_top();
    }
    let blocks = match builder.stack.pop() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    };
    (blocks, builder.notes)
}

/// The deepest nesting of quotes, lists, emphasis and links an answer
/// keeps: far beyond what a writer means, well within what the bundle's
/// JSON reader accepts (128 levels).
pub const MAX_NESTING: usize = 12;

enum Frame {
    Blocks(Vec<Block>),
    Item(Vec<Block>),
    Quote(Vec<Block>),
    Inlines {
        kind: InlineKind,
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Code(String),
}

#[derive(Clone)]
enum InlineKind {
    Paragraph {
        implicit: bool,
    },
    Heading,
    Strong,
    Em,
    /// Strikethrough and the like: content kept, decoration dropped.
    Plain,
    Link(Option<String>),
}

impl Frame {
    fn blocks() -> Frame {
        Frame::Blocks(Vec::new())
    }

    fn inlines(kind: InlineKind) -> Frame {
        Frame::Inlines {
            kind,
            inlines: Vec::new(),
        }
    }
}

struct Builder {
    stack: Vec<Frame>,
    notes: Notes,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.inline(Inline::Code(code.into_string())),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inline(Inline::Br),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Html(_) | Event::InlineHtml(_) => self.notes.dropped_html = true,
            Event::Rule | Event::FootnoteReference(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let frame = match tag {
            Tag::Paragraph => Frame::inlines(InlineKind::Paragraph { implicit: false }),
            Tag::Heading { .. } => Frame::inlines(InlineKind::Heading),
            Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                items: Vec::new(),
            },
            Tag::Item => Frame::Item(Vec::new()),
            Tag::Emphasis => Frame::inlines(InlineKind::Em),
            Tag::Strong => Frame::inlines(InlineKind::Strong),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let href = safe_href(&dest_url).map(str::to_string);
                if href.is_none() {
                    self.notes.refused_links.push(dest_url.into_string());
                }
                Frame::inlines(InlineKind::Link(href))
            }
            _ => Frame::inlines(InlineKind::Plain),
        };
        let frame = self.within_nesting(frame);
        match frame {
            Frame::Inlines { ref kind, .. } if is_inline(kind) => self.open_implicit_paragraph(),
            Frame::Item(_) => {}
            _ => self.close_implicit_paragraph(),
        }
        self.stack.push(frame);
    }

    /// A quote, list, emphasis or link nested deeper than [`MAX_NESTING`]
    /// keeps its content and loses its own structure (and an item whose
    /// list did, its own), so every answer serialises and reads back.
    fn within_nesting(&self, frame: Frame) -> Frame {
        let nested = |f: &Frame| match f {
            Frame::Quote(_) | Frame::List { .. } => true,
            Frame::Inlines { kind, .. } => {
                matches!(
                    kind,
                    InlineKind::Strong | InlineKind::Em | InlineKind::Link(_)
                )
            }
            _ => false,
        };
        let depth = self.stack.iter().filter(|f| nested(f)).count();
        match frame {
            Frame::Item(_) if !matches!(self.stack.last(), Some(Frame::List { .. })) => {
                Frame::blocks()
            }
            Frame::Quote(_) | Frame::List { .. } if depth >= MAX_NESTING => Frame::blocks(),
            ref f if nested(f) && depth >= MAX_NESTING => Frame::inlines(InlineKind::Plain),
            frame => frame,
        }
    }

    fn end(&mut self, end: TagEnd) {
        if matches!(end, TagEnd::Item | TagEnd::BlockQuote(_)) {
            self.close_implicit_paragraph();
        }
        self.close_top();
    }

    /// Pops the top frame and attaches what it built to its parent.
    fn close_top(&mut self) {
        if self.stack.len() < 2 {
            return;
        }
        match self.stack.pop() {
            Some(Frame::Inlines { kind, inlines }) => self.attach_inlines(kind, inlines),
            Some(Frame::Item(blocks)) => {
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Some(Frame::Quote(blocks)) => self.block(Block::Quote(blocks)),
            Some(Frame::List { ordered, items }) => self.block(Block::List { ordered, items }),
            // A code block's last line end is not content; an empty one is none.
            Some(Frame::Code(mut code)) => {
                if code.ends_with('\n') {
                    code.pop();
                }
                if !code.is_empty() {
                    self.block(Block::Code(code));
                }
            }
            Some(Frame::Blocks(blocks)) => blocks.into_iter().for_each(|b| self.block(b)),
            None => {}
        }
    }

    fn attach_inlines(&mut self, kind: InlineKind, inlines: Vec<Inline>) {
        match kind {
            InlineKind::Paragraph { .. } if !inlines.is_empty() => self.block(Block::P(inlines)),
            InlineKind::Heading if !inlines.is_empty() => self.block(Block::H(inlines)),
            InlineKind::Paragraph { .. } | InlineKind::Heading => {}
            InlineKind::Strong => self.inline(Inline::Strong(inlines)),
            InlineKind::Em => self.inline(Inline::Em(inlines)),
            InlineKind::Link(Some(href)) => self.inline(Inline::Link {
                href,
                text: inlines,
            }),
            InlineKind::Link(None) | InlineKind::Plain => {
                inlines.into_iter().for_each(|i| self.inline(i))
            }
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(Frame::Code(code)) = self.stack.last_mut() {
            code.push_str(text);
            return;
        }
        self.open_implicit_paragraph();
        if let Some(Frame::Inlines { inlines, .. }) = self.stack.last_mut() {
            match inlines.last_mut() {
                Some(Inline::Text(previous)) => previous.push_str(text),
                _ => inlines.push(Inline::Text(text.to_string())),
            }
        }
    }

    fn inline(&mut self, inline: Inline) {
        if let Inline::Text(text) = &inline {
            return self.text(&text.clone());
        }
        self.open_implicit_paragraph();
        if let Some(Frame::Inlines { inlines, .. }) = self.stack.last_mut() {
            inlines.push(inline);
        }
    }

    fn block(&mut self, block: Block) {
        if let Some(Frame::Blocks(blocks) | Frame::Item(blocks) | Frame::Quote(blocks)) =
            self.stack.last_mut()
        {
            blocks.push(block);
        }
    }

    /// Tight list items carry text without a paragraph: give them one.
    fn open_implicit_paragraph(&mut self) {
        if matches!(
            self.stack.last(),
            Some(Frame::Blocks(_) | Frame::Item(_) | Frame::Quote(_))
        ) {
            self.stack
                .push(Frame::inlines(InlineKind::Paragraph { implicit: true }));
        }
    }

    fn close_implicit_paragraph(&mut self) {
        if let Some(Frame::Inlines {
            kind: InlineKind::Paragraph { implicit: true },
            ..
        }) = self.stack.last()
        {
            self.close_top();
        }
    }
}

fn is_inline(kind: &InlineKind) -> bool {
    !matches!(kind, InlineKind::Paragraph { .. } | InlineKind::Heading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rich::to_plain;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn paragraphs_emphasis_and_links() {
        let (blocks, notes) =
            to_blocks("We ship in **2 days**.\n\nSee [the policy](https://x.example/p).");
        assert_eq!(
            blocks,
            vec![
                Block::P(vec![
                    text("We ship in "),
                    Inline::Strong(vec![text("2 days")]),
                    text(".")
                ]),
                Block::P(vec![
                    text("See "),
                    Inline::Link {
                        href: "https://x.example/p".into(),
                        text: vec![text("the policy")]
                    },
                    text("."),
                ]),
            ]
        );
        assert_eq!(notes, Notes::default());
    }

    #[test]
    fn tight_lists_get_paragraphs() {
        let (blocks, _) = to_blocks("Steps:\n\n1. Log in\n2. Click *Orders*\n");
        assert_eq!(to_plain(&blocks), "Steps:\n\n1. Log in\n2. Click Orders");
    }

    #[test]
    fn html_and_script_never_survive() {
        let (blocks, notes) = to_blocks(
            "<script>alert(1)</script>\n\nHi <b onclick=x>there</b> [x](javascript:alert(1))",
        );
        let plain = to_plain(&blocks);
        assert!(
            !plain.contains('<') && !plain.contains("javascript"),
            "{plain}"
        );
        assert!(plain.contains("Hi there x"), "{plain}");
        assert!(notes.dropped_html);
        assert_eq!(notes.refused_links, vec!["javascript:alert(1)".to_string()]);
    }

    /// How deep quotes go in `blocks`.
    fn quote_depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::Quote(inner) => 1 + quote_depth(inner),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn nesting_stops_at_the_limit_and_keeps_the_text() {
        for depth in [MAX_NESTING, MAX_NESTING + 1, 500] {
            let markdown = format!("{} deep", ">".repeat(depth));
            let (blocks, _) = to_blocks(&markdown);
            assert_eq!(quote_depth(&blocks), depth.min(MAX_NESTING), "{depth}");
            assert!(crate::rich::to_plain(&blocks).contains("deep"));
            // Whatever the depth, the bundle's JSON reads it back.
            let json = serde_json::to_string(&blocks).unwrap();
            assert_eq!(serde_json::from_str::<Vec<Block>>(&json).unwrap(), blocks);
        }
        let emphasis = format!("{}x{}", "*_".repeat(100), "_*".repeat(100));
        let json = serde_json::to_string(&to_blocks(&emphasis).0).unwrap();
        assert!(serde_json::from_str::<Vec<Block>>(&json).is_ok());
    }

    #[test]
    fn code_blocks_and_quotes() {
        let (blocks, _) = to_blocks("> quoted\n\n```\nlet x = 1;\n```\n");
        assert_eq!(
            blocks,
            vec![
                Block::Quote(vec![Block::P(vec![text("quoted")])]),
                Block::Code("let x = 1;".into())
            ]
        );
    }
}
