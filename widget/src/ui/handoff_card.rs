//! The handoff card: why, when a person replies, and every channel.

use yew::prelude::*;

use crate::handoff::Channel;
use crate::qr;

/// The QR code of a link, drawn as SVG (no image request).
fn qr_code(href: &str, caption: &AttrValue) -> Html {
    let Some((size, path)) = qr::svg_path(href) else {
        return html! {};
    };
    html! {
        <figure class="qr">
            <svg viewBox={format!("0 0 {size} {size}")} role="img" aria-label={caption.clone()}>
                <rect width={size.to_string()} height={size.to_string()} fill="#fff" />
                <path d={path} fill="#000" />
            </svg>
            <figcaption>{ caption.clone() }</figcaption>
        </figure>
    }
}

/// Props of [`HandoffCard`].
#[derive(Properties, PartialEq)]
pub struct HandoffCardProps {
    /// Why the visitor is offered a person.
    pub intro: AttrValue,
    /// When a person is back, outside opening hours.
    pub hours_note: Option<AttrValue>,
    /// The channels with their labels.
    pub channels: Vec<(Channel, AttrValue)>,
    /// Shown when no channel is configured.
    pub no_channel: AttrValue,
    /// Told which channel was opened.
    pub on_open: Callback<&'static str>,
    /// On desktop: a QR code of the WhatsApp link, and its caption.
    pub qr: Option<(String, AttrValue)>,
}

/// A card offering a person on the configured messengers, WhatsApp first.
#[function_component]
pub fn HandoffCard(props: &HandoffCardProps) -> Html {
    let link = |(channel, label): &(Channel, AttrValue)| {
        let kind = channel.kind;
        let onclick = props.on_open.reform(move |_: MouseEvent| kind);
        html! {
            <a class={classes!("channel", kind)} href={channel.href.clone()} target="_blank" rel="noopener noreferrer" {onclick}>
                { label.clone() }
            </a>
        }
    };
    html! {
        <div class="card handoff">
            <p>{ props.intro.clone() }</p>
            if let Some(note) = &props.hours_note {
                <p class="hours">{ note.clone() }</p>
            }
            if props.channels.is_empty() {
                <p>{ props.no_channel.clone() }</p>
            }
            <div class="channels">{ for props.channels.iter().map(link) }</div>
            if let Some((href, caption)) = &props.qr {
                { qr_code(href, caption) }
            }
        </div>
    }
}
