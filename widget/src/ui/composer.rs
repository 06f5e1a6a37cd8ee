//! Where the visitor types: a labelled text area (16px, so phones do not
//! zoom) that sends on Enter and keeps Shift+Enter for new lines.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`Composer`].
#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    /// Text already typed (in the loader's first-frame panel).
    #[prop_or_default]
    pub draft: Option<AttrValue>,
    /// Placeholder text.
    pub placeholder: AttrValue,
    /// Accessible label.
    pub label: AttrValue,
    /// Label of the send button.
    pub send_label: AttrValue,
    /// Gets the question.
    pub on_ask: Callback<String>,
}

/// The question input and send button. It takes focus when it appears, that
/// is when the panel opens: focusing it from the panel's own effect can come
/// before this child has drawn its text area, on a busy machine.
#[function_component]
pub fn Composer(props: &ComposerProps) -> Html {
    let input = use_node_ref();
    {
        let (input, draft) = (input.clone(), props.draft.clone());
        use_effect_with((), move |()| {
            if let Some(area) = input.cast::<HtmlTextAreaElement>() {
                if let Some(draft) = draft {
                    area.set_value(&draft);
                }
                let _ = area.focus();
            }
        });
    }
    let send = {
        let (input, on_ask) = (input.clone(), props.on_ask.clone());
        move || {
            if let Some(area) = input.cast::<HtmlTextAreaElement>() {
                let question = area.value().trim().to_string();
                if !question.is_empty() {
                    area.set_value("");
                    on_ask.emit(question);
                }
            }
        }
    };
    let onsubmit = {
        let send = send.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send();
        })
    };
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        }
    });
    html! {
        <form class="composer" {onsubmit}>
            <label class="sr-only" for="plauder-input">{ props.label.clone() }</label>
            <textarea id="plauder-input" ref={input} rows="1" placeholder={props.placeholder.clone()}
                autocomplete="off" maxlength="500" {onkeydown} />
            <button type="submit" class="send" aria-label={props.send_label.clone()}>{ "➤" }</button>
        </form>
    }
}
