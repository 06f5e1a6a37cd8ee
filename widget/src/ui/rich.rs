//! Renders an answer's safe rich text. Text always goes in as text nodes;
//! links were checked at build time and open in a new tab without opener.

use responder::rich::{Block, Inline};
use yew::prelude::*;

/// The blocks of an answer.
pub fn blocks(blocks: &[Block]) -> Html {
    blocks.iter().map(block).collect()
}

fn block(block: &Block) -> Html {
    match block {
        Block::P(content) => html! { <p>{ inlines(content) }</p> },
        Block::H(content) => html! { <p><strong>{ inlines(content) }</strong></p> },
        Block::Code(code) => html! { <pre><code>{ code.clone() }</code></pre> },
        Block::Quote(content) => html! { <blockquote>{ blocks(content) }</blockquote> },
        Block::List {
            ordered: true,
            items,
        } => html! { <ol>{ for items.iter().map(|i| html! { <li>{ blocks(i) }</li> }) }</ol> },
        Block::List {
            ordered: false,
            items,
        } => html! { <ul>{ for items.iter().map(|i| html! { <li>{ blocks(i) }</li> }) }</ul> },
    }
}

fn inlines(content: &[Inline]) -> Html {
    content.iter().map(inline).collect()
}

fn inline(inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) => html! { { text.clone() } },
        Inline::Strong(content) => html! { <strong>{ inlines(content) }</strong> },
        Inline::Em(content) => html! { <em>{ inlines(content) }</em> },
        Inline::Code(code) => html! { <code>{ code.clone() }</code> },
        Inline::Br => html! { <br /> },
        Inline::Link { href, text } => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ inlines(text) }</a>
        },
    }
}
