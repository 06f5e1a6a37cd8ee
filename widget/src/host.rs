//! Everything the widget asks of the host page: events for its analytics,
//! the tab's session storage, the console, the clock. No call here throws.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::hours::WeekTime;
use crate::state::Message;

const STORAGE_KEY: &str = "plauder:conversation:v1";

/// An event's detail: a plain object of `pairs`.
pub fn detail(pairs: &[(&str, JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// A list of texts as a JS array.
pub fn texts<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> JsValue {
    texts
        .into_iter()
        .map(|text| JsValue::from_str(text.as_ref()))
        .collect::<js_sys::Array>()
        .into()
}

/// Dispatches `plauder:<name>` on `window` with `detail`, and pushes the same
/// to `window.dataLayer` when the page has one (`generate_lead` for handoffs).
pub fn emit(name: &str, detail: js_sys::Object) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // The data layer gets an object of its own, built before the event is
    // dispatched: a listener that changes the event's detail object does
    // not change what the data layer got.
    let layer = js_sys::Reflect::get(&window, &"dataLayer".into())
        .ok()
        .and_then(|layer| layer.dyn_into::<js_sys::Array>().ok())
        .map(|layer| {
            let event = if name == "handoff" {
                "generate_lead".to_string()
            } else {
                format!("plauder_{name}")
            };
            let pushed = self::detail(&[("event", event.into())]);
            (layer, js_sys::Object::assign(&pushed, &detail))
        });
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("plauder:{name}"), &init)
    {
        let _ = window.dispatch_event(&event);
    }
    if let Some((layer, pushed)) = layer {
        layer.push(&pushed);
    }
}

/// Keeps the conversation for this tab (only ever called once the visitor
/// opened the panel). `faq` names the FAQ version the messages point into.
pub fn save(faq: &str, messages: &[Message]) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(STORAGE_KEY, &responder::json::to_string(&(faq, messages)));
    }
}

/// The conversation kept for this tab, if it was kept for the same FAQ.
pub fn restore(faq: &str) -> Vec<Message> {
    let kept = session_storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| responder::json::from_str::<(String, Vec<Message>)>(&text).ok());
    match kept {
        Some((kept_for, messages)) if kept_for == faq => messages,
        _ => Vec::new(),
    }
}

/// The tab's session storage, if the page may use it (a sandboxed frame or
/// blocked storage throws on access: then nothing is kept).
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// One warning in the console.
pub fn warn(message: &str) {
    gloo::console::warn!(format!("Plauder: {message}"));
}

/// One informational line in the console.
pub fn info(message: &str) {
    gloo::console::info!(format!("Plauder: {message}"));
}

/// Runs `f` in a task of its own, after what the page is doing now.
pub fn soon(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let f = Closure::once_into_js(f);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), 0);
}

/// The current day and time at `offset` minutes ahead of UTC.
pub fn now_at_offset(offset: i32) -> WeekTime {
    let shifted = js_sys::Date::new(&JsValue::from_f64(
        js_sys::Date::now() + f64::from(offset) * 60_000.0,
    ));
    WeekTime {
        day: (shifted.get_utc_day() as usize + 6) % 7,
        minute: shifted.get_utc_hours() * 60 + shifted.get_utc_minutes(),
    }
}

/// Adds `css` to the shadow `root`'s styles: as a constructed stylesheet,
/// which a strict `style-src 'self'` allows, else as a `<style>` element
/// (browsers without constructable stylesheets).
pub fn adopt_style(root: &web_sys::ShadowRoot, css: &str) {
    let adopted = (|| -> Result<(), JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let class: js_sys::Function =
            js_sys::Reflect::get(&window, &"CSSStyleSheet".into())?.dyn_into()?;
        let sheet = js_sys::Reflect::construct(&class, &js_sys::Array::new())?;
        let replace: js_sys::Function =
            js_sys::Reflect::get(&sheet, &"replaceSync".into())?.dyn_into()?;
        replace.call1(&sheet, &css.into())?;
        let key = JsValue::from("adoptedStyleSheets");
        let sheets = js_sys::Array::from(&js_sys::Reflect::get(root, &key)?);
        sheets.push(&sheet);
        js_sys::Reflect::set(root, &key, &sheets).map(drop)
    })();
    if adopted.is_err() {
        let style = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("style").ok());
        if let Some(style) = style {
            style.set_text_content(Some(css));
            let _ = root.append_child(&style);
        }
    }
}

/// Whether the visitor has a fine pointer (a desktop).
pub fn is_desktop() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(pointer: fine)").ok().flatten())
        .is_some_and(|m| m.matches())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat, catch)]
    fn date_time_format(locale: &str, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// The current day and time in `timezone` (`None`: unknown zone).
pub fn now_in(timezone: &str) -> Option<WeekTime> {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", timezone),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let format = date_time_format("en-US", &options).ok()?;
    let to_parts: js_sys::Function = js_sys::Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let parts: js_sys::Array = to_parts
        .call1(&format, &js_sys::Date::new_0())
        .ok()?
        .dyn_into()
        .ok()?;
    let part = |kind: &str| {
        parts.iter().find_map(|p| {
            let type_ = js_sys::Reflect::get(&p, &"type".into()).ok()?.as_string()?;
            (type_ == kind)
                .then(|| js_sys::Reflect::get(&p, &"value".into()).ok()?.as_string())
                .flatten()
        })
    };
    let day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .position(|d| Some(d.to_string()) == part("weekday"))?;
    let hour: u32 = part("hour")?.parse().ok()?;
    let minute: u32 = part("minute")?.parse().ok()?;
    Some(WeekTime {
        day,
        minute: hour * 60 + minute,
    })
}
