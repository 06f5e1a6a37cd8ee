//! The panel's header: who answers, when a person replies, and close.

use yew::prelude::*;

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The business's name.
    pub name: AttrValue,
    /// Avatar URL, if any.
    pub avatar: Option<AttrValue>,
    /// Reply time, or when a person is back.
    pub status: AttrValue,
    /// Label of the close button.
    pub close_label: AttrValue,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// The panel's header.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let initial = props.name.chars().next().unwrap_or('?').to_string();
    html! {
        <div class="header">
            if let Some(src) = &props.avatar {
                <img class="avatar" src={src.clone()} alt="" />
            } else {
                <span class="avatar" aria-hidden="true">{ initial }</span>
            }
            <div class="who">
                <h2 id="plauder-title">{ props.name.clone() }</h2>
                <p class="status">{ props.status.clone() }</p>
            </div>
            <button type="button" class="close" aria-label={props.close_label.clone()} onclick={on_close}>{ "×" }</button>
        </div>
    }
}
