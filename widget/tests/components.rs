//! Component tests of the panel in headless Chromium: mounted as the loader
//! mounts it, into a shadow root, on a bundle built natively by `plauder`.
//!
//! Run by `cargo xtask test`, which builds the fixture bundle and passes its
//! path in `PLAUDER_WASM_FIXTURE` at compile time.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use widget::{Widget, mount};

wasm_bindgen_test_configure!(run_in_browser);

const BUNDLE: &[u8] = include_bytes!(env!(
    "PLAUDER_WASM_FIXTURE",
    "run the wasm tests with `cargo xtask test`, which builds the fixture bundle"
));
const SETTINGS: &str = r#"{"phone":"4915112345678","lang":"en","name":"Test Shop","pageUrl":"https://shop.example/faq"}"#;

/// A shadow root with a bubble in it, as the loader makes them.
fn host() -> (ShadowRoot, HtmlElement) {
    let window = web_sys::window().unwrap();
    window.session_storage().unwrap().unwrap().clear().unwrap();
    let document = window.document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let bubble: HtmlElement = document
        .create_element("button")
        .unwrap()
        .dyn_into()
        .unwrap();
    root.append_child(&bubble).unwrap();
    (root, bubble)
}

/// What the loader passes to open the engine on the page: here the real
/// engine, linked into this test binary.
fn open_here() -> JsValue {
    let open = Closure::<dyn Fn(js_sys::Uint8Array) -> js_sys::Promise>::new(
        |bundle: js_sys::Uint8Array| match engine::Engine::new(&bundle.to_vec()) {
            Ok(engine) => js_sys::Promise::resolve(&JsValue::from(engine)),
            Err(err) => js_sys::Promise::reject(&JsValue::from(err)),
        },
    );
    open.into_js_value()
}

fn mounted(bundle: &[u8]) -> (ShadowRoot, HtmlElement, Widget) {
    let (root, bubble) = host();
    let widget = mount(
        root.clone(),
        SETTINGS,
        Some(bundle.to_vec()),
        Some(bubble.clone()),
        None,
        open_here(),
        None,
    )
    .unwrap();
    (root, bubble, widget)
}

/// One turn of the event loop, `ms` milliseconds from now.
async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `done` holds, as Yew renders and runs its effects in tasks
/// of their own (later on a busy machine); panics with `what` after 5 s.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tick(10).await;
    }
    panic!("after 5 s still not: {what}");
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    let found = root.query_selector_all(selector).unwrap();
    let last = found.item(found.length().saturating_sub(1));
    last.and_then(|n| n.text_content()).unwrap_or_default()
}

/// The WhatsApp link of the last handoff card.
fn whatsapp_href(root: &ShadowRoot) -> String {
    let link = root
        .query_selector(".handoff a.whatsapp")
        .unwrap()
        .expect("a WhatsApp link");
    link.get_attribute("href").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn opens_with_greeting_suggestions_and_a_focused_input() {
    let (root, _, widget) = mounted(BUNDLE);
    assert!(
        root.query_selector(".panel").unwrap().is_none(),
        "closed until opened"
    );
    widget.open();
    until("the input has focus", || {
        root.active_element().map(|e| e.tag_name()).as_deref() == Some("TEXTAREA")
    })
    .await;
    assert!(text(&root, ".log").contains("Ask me anything"));
    assert_eq!(root.query_selector_all(".chip").unwrap().length(), 4);
}

#[wasm_bindgen_test]
async fn answers_with_safe_rich_text() {
    let (root, _, widget) = mounted(BUNDLE);
    widget.ask("can I track my parcel?");
    until("an answer shows", || !text(&root, ".answer").is_empty()).await;
    assert!(
        text(&root, ".answer").contains("tracking link"),
        "{}",
        text(&root, ".log")
    );
    let link = root
        .query_selector(".answer a[href='https://track.example/parcel']")
        .unwrap()
        .unwrap();
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
}

#[wasm_bindgen_test]
async fn feedback_no_leads_to_a_person() {
    let (root, _, widget) = mounted(BUNDLE);
    widget.ask("is shipping free?");
    until("feedback buttons show", || {
        root.query_selector(".feedback button").unwrap().is_some()
    })
    .await;
    let no: HtmlElement = root
        .query_selector(".feedback button:last-child")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    no.click();
    until("a handoff card shows", || {
        root.query_selector(".handoff a.whatsapp")
            .unwrap()
            .is_some()
    })
    .await;
    let href = whatsapp_href(&root);
    assert_eq!(
        href,
        "https://wa.me/4915112345678?text=is%20shipping%20free%3F%0A%0A(https%3A%2F%2Fshop.example%2Ffaq)"
    );
}

#[wasm_bindgen_test]
async fn escape_closes_and_returns_focus_to_the_bubble() {
    let (root, bubble, widget) = mounted(BUNDLE);
    widget.open();
    until("the input has focus", || {
        root.active_element().map(|e| e.tag_name()).as_deref() == Some("TEXTAREA")
    })
    .await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    root.query_selector("textarea")
        .unwrap()
        .unwrap()
        .dispatch_event(&event)
        .unwrap();
    until("the panel closes", || {
        root.query_selector(".panel").unwrap().is_none()
    })
    .await;
    let bubble: web_sys::Element = bubble.into();
    until("the bubble has focus", || {
        root.active_element().as_ref() == Some(&bubble)
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_damaged_bundle_leaves_click_to_chat() {
    let mut damaged = BUNDLE.to_vec();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    let (root, _, widget) = mounted(&damaged);
    assert!(!widget.has_answers());
    widget.open();
    until("a handoff card shows", || {
        root.query_selector(".handoff a.whatsapp")
            .unwrap()
            .is_some()
    })
    .await;
    let href = whatsapp_href(&root);
    assert!(
        href.starts_with("https://wa.me/4915112345678?text="),
        "{href}"
    );
}

#[wasm_bindgen_test]
async fn quick_open_close_open_ends_open_and_says_so() {
    let (root, bubble, widget) = mounted(BUNDLE);
    widget.open();
    widget.close();
    widget.open();
    until("the input has focus", || {
        root.active_element().map(|e| e.tag_name()).as_deref() == Some("TEXTAREA")
    })
    .await;
    assert_eq!(
        bubble.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    widget.close();
    until("the panel closes", || {
        root.query_selector(".panel").unwrap().is_none()
    })
    .await;
    assert_eq!(
        bubble.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(root.active_element(), Some(bubble.into()));
}

/// A worker from `script` (a stand-in for `plauder-worker.js`).
fn fake_worker(script: &str) -> web_sys::Worker {
    let parts = js_sys::Array::of1(&script.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    let url = web_sys::Url::create_object_url_with_blob(&blob).unwrap();
    web_sys::Worker::new(&url).unwrap()
}

/// A panel answered by a worker running `script`, in which `VERSION` stands
/// for this build's protocol version.
fn mounted_with_worker(settings: &str, script: &str) -> (ShadowRoot, Widget) {
    let (root, bubble) = host();
    let script = script.replace(
        "VERSION",
        &responder::protocol::PROTOCOL_VERSION.to_string(),
    );
    let worker = fake_worker(&script);
    let widget = mount(
        root.clone(),
        settings,
        Some(BUNDLE.to_vec()),
        Some(bubble),
        Some(worker),
        open_here(),
        None,
    )
    .unwrap();
    (root, widget)
}

#[wasm_bindgen_test]
async fn answers_from_the_worker_in_order_showing_that_it_is_busy() {
    // Answers every question with entry 0 after 300 ms, in order, as the real worker does.
    let (root, widget) = mounted_with_worker(
        SETTINGS,
        r#"self.onmessage = ({ data }) => {
             if (JSON.parse(data).kind == "hello") self.postMessage('{"kind":"ready","version":VERSION,"entries":3,"zoneOffset":60}');
             else setTimeout(() => self.postMessage('{"kind":"decided","decision":{"kind":"answer","entry":0}}'), 300);
           };"#,
    );
    widget.ask("anything at all");
    until("the panel shows it is waiting", || {
        root.query_selector(".typing").unwrap().is_some()
    })
    .await;
    until("the worker's answer shows", || {
        root.query_selector(".answer").unwrap().is_some()
    })
    .await;
    assert!(root.query_selector(".typing").unwrap().is_none());
    assert_eq!(root.query_selector_all(".answer").unwrap().length(), 1);
}

#[wasm_bindgen_test]
async fn takes_over_what_the_first_frame_got_decided_without_asking_again() {
    // This worker never decides anything itself: what shows was decided before.
    let (root, widget) = mounted_with_worker(
        SETTINGS,
        r#"self.onmessage = ({ data }) => {
             if (JSON.parse(data).kind == "hello") self.postMessage('{"kind":"ready","version":VERSION,"entries":3,"zoneOffset":60}');
           };"#,
    );
    widget.answered(
        "anything at all",
        r#"{"kind":"decided","decision":{"kind":"answer","entry":0}}"#,
    );
    until("the decided answer shows", || {
        root.query_selector(".answer").unwrap().is_some()
    })
    .await;
    assert!(text(&root, ".log").contains("anything at all"));
    assert!(root.query_selector(".typing").unwrap().is_none());
    // A reply that does not read as a decision is asked again (and waits for the worker).
    widget.answered("and this?", "{}");
    until("the question waits for the worker", || {
        root.query_selector(".typing").unwrap().is_some()
    })
    .await;
    assert_eq!(root.query_selector_all(".answer").unwrap().length(), 1);
}

#[wasm_bindgen_test]
async fn a_failing_worker_leaves_answering_to_the_page() {
    let (root, widget) = mounted_with_worker(
        SETTINGS,
        r#"self.onmessage = () => self.postMessage('{"kind":"failed","why":"no wasm here"}');"#,
    );
    widget.ask("can I track my parcel?");
    until("an answer shows", || !text(&root, ".answer").is_empty()).await;
    assert!(text(&root, ".answer").contains("tracking link"));
}

#[wasm_bindgen_test]
async fn a_worker_that_does_not_start_leaves_answering_to_the_page() {
    let (root, widget) = mounted_with_worker(SETTINGS, "throw new Error('broken worker script');");
    widget.ask("can I track my parcel?");
    until("an answer shows", || !text(&root, ".answer").is_empty()).await;
    assert!(text(&root, ".answer").contains("tracking link"));
}

#[wasm_bindgen_test]
async fn the_status_line_waits_for_the_business_time_from_the_worker() {
    let (root, widget) = mounted_with_worker(
        r#"{"phone":"4915112345678","lang":"en","hours":"Mo-Fr 09:00-17:00","timezone":"Europe/Berlin"}"#,
        r#"self.onmessage = ({ data }) => {
             if (JSON.parse(data).kind == "hello") setTimeout(() => self.postMessage('{"kind":"ready","version":VERSION,"entries":3,"zoneOffset":60}'), 300);
           };"#,
    );
    widget.open();
    until("the panel shows", || {
        root.query_selector(".status").unwrap().is_some()
    })
    .await;
    assert_eq!(
        text(&root, ".status"),
        "",
        "no reply time claimed before the business time is known"
    );
    until("the status line says something", || {
        !text(&root, ".status").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn questions_before_the_engine_is_ready_say_so_and_are_answered_in_order() {
    // The engine keeps the questions it gets until the test tells it (on a
    // broadcast channel) that it is ready, then answers each with the entry
    // its text names, in order, as the real worker does. The test decides
    // when, so a slow machine cannot make it miss the waiting state; it
    // says so until the answers show, as a worker that starts late has no
    // channel to hear the first time.
    let (root, widget) = mounted_with_worker(
        SETTINGS,
        r#"const owed = [];
           let ready = false;
           const answer = (q) => self.postMessage(JSON.stringify({ kind: "decided", decision: { kind: "answer", entry: Number(q) } }));
           new BroadcastChannel("engine-ready").onmessage = () => {
             if (ready) return;
             ready = true;
             self.postMessage('{"kind":"ready","version":VERSION,"entries":3,"zoneOffset":0}');
             owed.splice(0).forEach(answer);
           };
           self.onmessage = ({ data }) => {
             const m = JSON.parse(data);
             if (m.kind == "ask") ready ? answer(m.question) : owed.push(m.question);
           };"#,
    );
    widget.ask("1");
    widget.ask("0");
    until("the panel says answers are being prepared", || {
        text(&root, ".preparing").contains("Getting the answers ready")
    })
    .await;
    assert_eq!(root.query_selector_all(".answer").unwrap().length(), 0);
    let engine_ready = web_sys::BroadcastChannel::new("engine-ready").unwrap();
    until("both answers show", || {
        engine_ready.post_message(&JsValue::NULL).unwrap();
        root.query_selector_all(".answer").unwrap().length() == 2
    })
    .await;
    assert!(root.query_selector(".preparing").unwrap().is_none());
    let answers = root.query_selector_all(".answer").unwrap();
    let first = answers.item(0).and_then(|n| n.text_content()).unwrap();
    let second = answers.item(1).and_then(|n| n.text_content()).unwrap();
    assert!(first.contains("free from 50"), "entry 1 first: {first}");
    assert!(second.contains("24 hours"), "entry 0 second: {second}");
}

#[wasm_bindgen_test]
async fn a_worker_of_another_build_is_refused_and_the_page_answers() {
    let (root, widget) = mounted_with_worker(
        SETTINGS,
        r#"self.onmessage = () => self.postMessage('{"kind":"ready","version":999,"entries":3,"zoneOffset":0}');"#,
    );
    widget.ask("can I track my parcel?");
    until("an answer shows", || !text(&root, ".answer").is_empty()).await;
    assert!(text(&root, ".answer").contains("tracking link"));
}

#[wasm_bindgen_test]
async fn the_panel_takes_over_the_loaders_first_frame_with_what_was_typed() {
    let (root, bubble) = host();
    let document = web_sys::window().unwrap().document().unwrap();
    let shell = document.create_element("div").unwrap();
    shell.set_class_name("panel first-frame");
    let area: web_sys::HtmlTextAreaElement = document
        .create_element("textarea")
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value("half a quest");
    shell.append_child(&area).unwrap();
    root.append_child(&shell).unwrap();
    let widget = mount(
        root.clone(),
        SETTINGS,
        Some(BUNDLE.to_vec()),
        Some(bubble),
        None,
        open_here(),
        Some(shell),
    )
    .unwrap();
    widget.open();
    until("the loader's panel is gone", || {
        root.query_selector(".first-frame").unwrap().is_none()
    })
    .await;
    let composer: web_sys::HtmlTextAreaElement = root
        .query_selector(".composer textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(composer.value(), "half a quest");
    assert!(root.query_selector(".panel.handed").unwrap().is_some());
}
