//! Where the visitor types: a labelled text area (16px, so phones do not
//! zoom) that sends on Enter and keeps Shift+Enter for new lines.

use responder::limits;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`Composer`].
#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    /// The loader's first-frame panel this one replaces: what was typed
    /// there is carried over, read at the moment focus moves here, so no
    /// keystroke is lost in between.
    #[prop_or_default]
    pub shell: Option<web_sys::Element>,
    /// Placeholder text.
    pub placeholder: AttrValue,
    /// Accessible label.
    pub label: AttrValue,
    /// Label of the send button.
    pub send_label: AttrValue,
    /// Gets the question.
    pub on_ask: Callback<String>,
}

/// What was typed in the loader's panel and not sent (readable after that
/// panel is removed).
fn draft_in(shell: &web_sys::Element) -> Option<String> {
    let area = shell.query_selector("textarea").ok()??;
    let text = area.dyn_into::<HtmlTextAreaElement>().ok()?.value();
    (!text.is_empty()).then_some(text)
}

/// The question input and send button. It takes focus when it appears, that
/// is when the panel opens: focusing it from the panel's own effect can come
/// before this child has drawn its text area, on a busy machine.
#[function_component]
pub fn Composer(props: &ComposerProps) -> Html {
    let input = use_node_ref();
    {
        let (input, shell) = (input.clone(), props.shell.clone());
        use_effect_with((), move |()| {
            if let Some(area) = input.cast::<HtmlTextAreaElement>() {
                // The draft, the focus and the first frame go in one step:
                // a first frame left a moment longer could take keystrokes
                // (or a script's input) that nothing would read any more.
                if let Some(shell) = shell {
                    if let Some(draft) = draft_in(&shell) {
                        area.set_value(&draft);
                    }
                    shell.remove();
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
                autocomplete="off" maxlength={limits::QUESTION_CHARS.to_string()} {onkeydown} />
            <button type="submit" class="send" aria-label={props.send_label.clone()}>{ "➤" }</button>
        </form>
    }
}
