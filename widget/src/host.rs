//! Everything the widget asks of the host page: events for its analytics,
//! the tab's session storage, the console, the clock. No call here throws.

use gloo::storage::{SessionStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::hours::WeekTime;
use crate::state::Message;

const STORAGE_KEY: &str = "plauder:conversation:v1";

/// Dispatches `plauder:<name>` on `window` with `detail`, and pushes the same
/// to `window.dataLayer` when the page has one (`generate_lead` for handoffs).
pub fn emit(name: &str, detail: serde_json::Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let detail_js = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail_js);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("plauder:{name}"), &init)
    {
        let _ = window.dispatch_event(&event);
    }
    let Ok(layer) = js_sys::Reflect::get(&window, &"dataLayer".into()) else {
        return;
    };
    if let Some(layer) = layer.dyn_ref::<js_sys::Array>() {
        let event = if name == "handoff" {
            "generate_lead".to_string()
        } else {
            format!("plauder_{name}")
        };
        let mut pushed = serde_json::json!({ "event": event });
        if let (Some(pushed), Some(detail)) = (pushed.as_object_mut(), detail.as_object()) {
            pushed.extend(detail.clone());
        }
        if let Ok(value) = js_sys::JSON::parse(&pushed.to_string()) {
            layer.push(&value);
        }
    }
}

/// Keeps the conversation for this tab (only ever called once the visitor
/// opened the panel). `faq` names the FAQ version the messages point into.
pub fn save(faq: &str, messages: &[Message]) {
    let _ = SessionStorage::set(STORAGE_KEY, (faq, messages));
}

/// The conversation kept for this tab, if it was kept for the same FAQ.
pub fn restore(faq: &str) -> Vec<Message> {
    match SessionStorage::get::<(String, Vec<Message>)>(STORAGE_KEY) {
        Ok((kept_for, messages)) if kept_for == faq => messages,
        _ => Vec::new(),
    }
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
