//! The studio's page: entries on the left, the chosen entry's form with its
//! findings in the middle, the tools (try a question, weak spots, visitors'
//! questions, widget preview) on the right. The worker checks and builds
//! after each pause in typing; what was typed is kept in the browser's
//! storage at the same moment.

mod tools;
mod worker;

use std::cell::Cell;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use responder::lang::Lang;
use responder::quiz::Quiz;
use responder::report::Report;
use responder::source::answer::to_blocks;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, HtmlInputElement, Url};
use yew::prelude::*;

use crate::protocol::{Draft, Finding, Format, Request, Response, Severity, SourceFile, Summary};
use crate::text::{UiLang, template};
use crate::workbench::NEW_ENTRY;
use tools::{Asked, Tab};
use worker::Link;

/// Where the drafts are kept between visits (the team's own tool: the
/// visitor widget keeps nothing before a visitor opens it).
const STORAGE_KEY: &str = "plauder-studio/v1";
/// The pause in typing after which the FAQ is checked, built and kept.
const PAUSE_MS: u32 = 300;

/// What is kept in the browser's storage: read as `Kept<Vec<Draft>>`,
/// written from the drafts in place (`Kept<&[Draft]>`, no copy).
#[derive(Serialize, Deserialize, Default)]
struct Kept<D> {
    drafts: D,
    /// Changes not downloaded as sources yet.
    unsaved: bool,
}

/// Mounts the studio.
pub fn start(module: JsValue, root: web_sys::Element) -> Result<(), JsValue> {
    yew::Renderer::<App>::with_root_and_props(root, Props { module }).render();
    Ok(())
}

#[derive(Properties, PartialEq)]
pub struct Props {
    module: JsValue,
}

/// A field of an entry's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Question,
    Phrasings,
    Answer,
    Lang,
    Tags,
    Link,
}

pub enum Msg {
    Worker(Response, Option<Vec<u8>>),
    Inspect(String, Vec<u8>),
    CloseBundle,
    Pick(Vec<File>),
    Read(Vec<SourceFile>),
    ReadFailed(String),
    Template,
    Select(usize),
    Add,
    Remove(usize),
    Edit(usize, Field, String),
    Pause,
    Keep,
    Filter(String),
    Lang(UiLang),
    Tab(Tab),
    Ask(String),
    Report(String),
    Download(Format),
    Preview,
}

pub struct App {
    link: Option<Link>,
    lang: UiLang,
    drafts: Vec<Draft>,
    selected: Option<usize>,
    filter: String,
    /// Problems of the files as opened (until others are opened).
    opened: Vec<Finding>,
    findings: Vec<Finding>,
    summary: Option<Summary>,
    quiz: Option<Quiz>,
    /// An update is with the worker; `again`: the drafts changed meanwhile.
    building: bool,
    again: bool,
    sent_at: f64,
    build_ms: Option<f64>,
    pause: Option<Timeout>,
    unsaved: Rc<Cell<bool>>,
    _before_unload: Option<Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>>,
    tab: Tab,
    asked: Option<Asked>,
    report: Option<Report>,
    preview: Option<String>,
    notice: Option<String>,
    picker: NodeRef,
    question: NodeRef,
    visitors: NodeRef,
    /// Requests about the entries as typed, held until their update is sent.
    held: Vec<Request>,
    /// The running build's stage, done and total.
    progress: Option<(String, usize, usize)>,
    /// A built bundle opened to look inside (read-only).
    inspected: Option<Inspected>,
    /// Chooses an entry (one callback for the whole session, so that the
    /// entry list redraws only when what it shows changes).
    select: Callback<usize>,
}

impl Component for App {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let on = ctx
            .link()
            .callback(|(response, bytes)| Msg::Worker(response, bytes));
        let (link, notice) = match Link::start(&ctx.props().module, on) {
            Ok(link) => (Some(link), None),
            Err(e) => (
                None,
                Some(format!("the studio's worker did not start: {e:?}")),
            ),
        };
        let kept: Kept<Vec<Draft>> = LocalStorage::get(STORAGE_KEY).unwrap_or_default();
        let unsaved = Rc::new(Cell::new(kept.unsaved));
        let mut app = App {
            link,
            lang: UiLang::of_browser(),
            selected: (!kept.drafts.is_empty()).then_some(0),
            drafts: kept.drafts,
            filter: String::new(),
            opened: Vec::new(),
            findings: Vec::new(),
            summary: None,
            quiz: None,
            building: false,
            again: false,
            sent_at: 0.0,
            build_ms: None,
            pause: None,
            _before_unload: warn_before_unload(unsaved.clone()),
            unsaved,
            tab: Tab::Ask,
            asked: None,
            report: None,
            preview: None,
            notice,
            picker: NodeRef::default(),
            question: NodeRef::default(),
            visitors: NodeRef::default(),
            held: Vec::new(),
            progress: None,
            inspected: None,
            select: ctx.link().callback(Msg::Select),
        };
        if !app.drafts.is_empty() {
            app.update();
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Worker(response, bytes) => self.receive(response, bytes),
            Msg::Pick(files) => {
                let link = ctx.link().clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match read_files(files).await {
                        Ok(Picked::Sources(files)) => link.send_message(Msg::Read(files)),
                        Ok(Picked::Bundle(name, bytes)) => {
                            link.send_message(Msg::Inspect(name, bytes))
                        }
                        Err(message) => link.send_message(Msg::ReadFailed(message)),
                    }
                });
                false
            }
            Msg::Inspect(name, bytes) => {
                self.send_file(Request::Inspect { name }, bytes);
                false
            }
            Msg::CloseBundle => {
                self.inspected = None;
                self.asked = None;
                self.report = None;
                true
            }
            Msg::ReadFailed(message) => {
                self.notice = Some(format!("{}: {message}", self.lang.text().read_failed));
                true
            }
            Msg::Read(files) => {
                if self.unsaved.get()
                    && !self.drafts.is_empty()
                    && !confirm(self.lang.text().replace_unsaved)
                {
                    return false;
                }
                self.notice = Some(format!(
                    "{}: {}",
                    self.lang.text().opened,
                    files
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                let lang = self.lang.faq_lang();
                self.send(Request::Open { files, lang });
                true
            }
            Msg::Template => {
                let (name, text) = template(self.lang);
                ctx.link().send_message(Msg::Read(vec![SourceFile {
                    name: name.into(),
                    text: text.into(),
                }]));
                false
            }
            Msg::Select(entry) => {
                match &mut self.inspected {
                    Some(bundle) => bundle.selected = entry,
                    None => self.selected = Some(entry),
                }
                true
            }
            Msg::Add => {
                let line = self
                    .drafts
                    .iter()
                    .filter(|d| d.file == NEW_ENTRY)
                    .map(|d| d.line)
                    .max()
                    .unwrap_or(0)
                    + 1;
                let lang = self
                    .selected
                    .and_then(|s| self.drafts.get(s))
                    .map_or(self.lang.faq_lang(), |d| d.lang);
                self.drafts.push(Draft {
                    id: String::new(),
                    question: String::new(),
                    phrasings: String::new(),
                    answer: String::new(),
                    lang,
                    tags: String::new(),
                    link: String::new(),
                    file: NEW_ENTRY.into(),
                    line,
                });
                self.selected = Some(self.drafts.len() - 1);
                self.filter.clear();
                self.changed(ctx);
                true
            }
            Msg::Remove(entry) => {
                if entry < self.drafts.len() {
                    self.drafts.remove(entry);
                    self.selected = match self.drafts.len() {
                        0 => None,
                        n => Some(entry.min(n - 1)),
                    };
                    self.changed(ctx);
                }
                true
            }
            Msg::Edit(entry, field, value) => {
                let Some(draft) = self.drafts.get_mut(entry) else {
                    return false;
                };
                match field {
                    Field::Id => draft.id = value,
                    Field::Question => draft.question = value,
                    Field::Phrasings => draft.phrasings = value,
                    Field::Answer => draft.answer = value,
                    Field::Lang => draft.lang = Lang::parse(&value).unwrap_or(draft.lang),
                    Field::Tags => draft.tags = value,
                    Field::Link => draft.link = value,
                }
                self.changed(ctx);
                true
            }
            Msg::Pause => {
                self.pause = None;
                self.update();
                // Kept in a task of its own: with a large FAQ, writing the
                // drafts for the worker and for the storage in one task
                // would hold the page for longer than a keystroke may wait.
                let link = ctx.link().clone();
                Timeout::new(0, move || link.send_message(Msg::Keep)).forget();
                true
            }
            Msg::Keep => {
                self.keep();
                false
            }
            Msg::Filter(filter) => {
                self.filter = filter;
                true
            }
            Msg::Lang(lang) => {
                self.lang = lang;
                true
            }
            Msg::Tab(tab) => {
                self.tab = tab;
                true
            }
            Msg::Ask(question) => {
                if !question.trim().is_empty() {
                    let bundle = self.inspected.is_some();
                    self.send_after_changes(Request::Ask { question, bundle });
                }
                false
            }
            Msg::Report(questions) => {
                let bundle = self.inspected.is_some();
                self.send_after_changes(Request::Report { questions, bundle });
                false
            }
            Msg::Download(format) => {
                self.send_after_changes(Request::Export {
                    format,
                    preview: false,
                });
                false
            }
            Msg::Preview => {
                self.send_after_changes(Request::Export {
                    format: Format::Bundle,
                    preview: true,
                });
                false
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let t = self.lang.text();
        let link = ctx.link();
        let on_drop = link.batch_callback(|e: DragEvent| {
            e.prevent_default();
            let files = e.data_transfer().and_then(|d| d.files()).map(files_of)?;
            Some(Msg::Pick(files))
        });
        let picker = self.picker.clone();
        let on_pick = link.batch_callback(|e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = input.files().map(files_of);
            input.set_value("");
            files.map(Msg::Pick)
        });
        html! {
            <div class="studio" lang={self.lang.code()} ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_drop}>
                <header class="bar">
                    <h1>{ t.title }</h1>
                    <button type="button" onclick={Callback::from(move |_| {
                        if let Some(input) = picker.cast::<HtmlInputElement>() { input.click(); }
                    })}>{ t.open }</button>
                    <input type="file" multiple=true accept=".md,.markdown,.csv,.json,.plauder" class="hidden-picker"
                        ref={self.picker.clone()} onchange={on_pick} tabindex="-1" aria-hidden="true" />
                    <button type="button" onclick={link.callback(|_| Msg::Template)}>{ t.template }</button>
                    <span class="status" role="status" aria-live="polite">{ self.status() }</span>
                    <span class="spacer"></span>
                    <span class="downloads" role="group" aria-label={t.download}>
                        <span class="label">{ t.download }</span>
                        <button type="button" class="primary" disabled={self.summary.is_none() || self.inspected.is_some()}
                            onclick={link.callback(|_| Msg::Download(Format::Bundle))}>{ t.download_bundle }</button>
                        <button type="button" disabled={self.drafts.is_empty()}
                            onclick={link.callback(|_| Msg::Download(Format::Markdown))}>{ t.download_markdown }</button>
                        <button type="button" disabled={self.drafts.is_empty()}
                            onclick={link.callback(|_| Msg::Download(Format::Csv))}>{ t.download_csv }</button>
                    </span>
                    <label class="lang">{ t.language }{" "}
                        <select onchange={link.callback(|e: Event| {
                            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                            Msg::Lang(if value == "de" { UiLang::De } else { UiLang::En })
                        })}>
                            <option value="en" selected={self.lang == UiLang::En}>{ "English" }</option>
                            <option value="de" selected={self.lang == UiLang::De}>{ "Deutsch" }</option>
                        </select>
                    </label>
                </header>
                if let Some(notice) = &self.notice {
                    <p class="notice" role="alert">{ notice }</p>
                }
                if let Some(bundle) = &self.inspected {
                    { self.bundle_banner(ctx, bundle) }
                }
                <main class="columns">
                    if let Some(bundle) = &self.inspected {
                        { self.bundle_list(bundle) }
                        { self.bundle_entry(bundle) }
                    } else {
                        { self.entry_list(ctx) }
                        { self.editor(ctx) }
                    }
                    { tools::view(self, ctx) }
                </main>
                <footer class="hint">{ t.drop_here }</footer>
            </div>
        }
    }
}

impl App {
    fn send(&mut self, request: Request) {
        self.send_with(request, None);
    }

    /// Sends a request with a file's bytes.
    fn send_file(&mut self, request: Request, bytes: Vec<u8>) {
        self.send_with(request, Some(bytes));
    }

    fn send_with(&mut self, request: Request, bytes: Option<Vec<u8>>) {
        match &self.link {
            Some(link) => link.send(request, bytes),
            None => {
                self.notice = Some("the studio's worker is not running: reload the page".into())
            }
        }
    }

    /// Sends a request about the entries as they are typed now: a pause
    /// still running ends at once, and the request follows its update.
    fn send_after_changes(&mut self, request: Request) {
        if self.pause.take().is_some() {
            self.keep();
            self.update();
        }
        match self.again {
            true => self.held.push(request),
            false => self.send(request),
        }
    }

    /// The drafts changed: check and keep them after the pause in typing.
    fn changed(&mut self, ctx: &Context<Self>) {
        self.unsaved.set(true);
        let link = ctx.link().clone();
        self.pause = Some(Timeout::new(PAUSE_MS, move || {
            link.send_message(Msg::Pause)
        }));
    }

    /// Keeps the drafts in the browser's storage.
    fn keep(&mut self) {
        let kept = Kept {
            drafts: self.drafts.as_slice(),
            unsaved: self.unsaved.get(),
        };
        if let Err(e) = LocalStorage::set(STORAGE_KEY, &kept) {
            self.notice = Some(format!(
                "could not keep the entries in this browser ({e}): download the sources to keep them"
            ));
        }
    }

    /// Sends the drafts to be checked and built, or notes to once the build running ends.
    fn update(&mut self) {
        if self.building {
            self.again = true;
            return;
        }
        self.building = true;
        self.sent_at = now();
        self.send(Request::Update {
            drafts: self.drafts.clone(),
        });
    }

    fn receive(&mut self, response: Response, bytes: Option<Vec<u8>>) -> bool {
        match response {
            Response::Inspected {
                name,
                built_by,
                phrasings,
                entries,
            } => {
                self.inspected = Some(Inspected {
                    name,
                    built_by,
                    phrasings,
                    entries,
                    selected: 0,
                });
                self.asked = None;
                self.report = None;
                if matches!(self.tab, Tab::Weak | Tab::Preview) {
                    self.tab = Tab::Ask;
                }
            }
            Response::Opened { drafts, findings } => {
                self.inspected = None;
                self.drafts = drafts;
                self.opened = findings;
                self.selected = (!self.drafts.is_empty()).then_some(0);
                self.asked = None;
                self.report = None;
                self.unsaved.set(false);
                self.keep();
                self.update();
            }
            Response::Checked {
                findings,
                summary,
                quiz,
            } => {
                self.building = false;
                self.progress = None;
                self.build_ms = Some(now() - self.sent_at);
                self.findings = findings;
                self.summary = summary;
                self.quiz = quiz;
                if std::mem::take(&mut self.again) {
                    self.update();
                }
                for request in std::mem::take(&mut self.held) {
                    self.send(request);
                }
            }
            Response::Asked {
                question,
                decision,
                ranked,
                thresholds,
            } => {
                self.asked = Some(Asked {
                    question,
                    decision,
                    ranked,
                    thresholds,
                });
            }
            Response::Reported { report } => self.report = Some(report),
            Response::Exported {
                name,
                mime,
                preview,
            } => match bytes.map(|b| object_url(&b, &mime)) {
                Some(Ok(url)) if preview => {
                    if let Some(old) = self.preview.replace(url) {
                        let _ = Url::revoke_object_url(&old);
                    }
                }
                Some(Ok(url)) => {
                    download(&url, &name);
                    if name != "faq.plauder" {
                        self.unsaved.set(false);
                        self.keep();
                    }
                }
                _ => self.notice = Some(format!("could not write {name}")),
            },
            Response::Progress { stage, done, total } => self.progress = Some((stage, done, total)),
            Response::Failed { message } => self.notice = Some(message),
        }
        true
    }

    fn status(&self) -> String {
        let t = self.lang.text();
        if self.drafts.is_empty() {
            return String::new();
        }
        if self.building {
            return match &self.progress {
                Some((stage, done, total)) if *total > 1 => {
                    format!(
                        "{} {stage} {:.0}%",
                        t.building,
                        100.0 * *done as f64 / *total as f64
                    )
                }
                Some((stage, ..)) => format!("{} {stage}", t.building),
                None => t.building.into(),
            };
        }
        let kept = match self.unsaved.get() {
            true => format!(" · {}", t.saved_locally),
            false => String::new(),
        };
        match (&self.summary, self.build_ms) {
            (Some(s), Some(ms)) => format!(
                "{}: {} {} · {} {} · {:.1} KB · {:.0} ms{kept}",
                t.built,
                s.entries,
                t.entries_count,
                s.phrasings,
                t.phrasings_count,
                s.bytes as f64 / 1024.0,
                ms
            ),
            _ => format!("{}{kept}", t.not_built),
        }
    }

    /// The question of entry `entry` of what is shown (the bundle's or the drafts').
    fn entry_question(&self, entry: usize) -> Option<&str> {
        match &self.inspected {
            Some(bundle) => bundle.entries.get(entry).map(|e| e.question.as_str()),
            None => self.drafts.get(entry).map(|d| d.question.as_str()),
        }
    }

    fn bundle_banner(&self, ctx: &Context<Self>, bundle: &Inspected) -> Html {
        let t = self.lang.text();
        html! {
            <p class="notice bundle" role="status">
                <strong>{ &bundle.name }</strong>{ format!(
                    " · Plauder {} · {} {} · {} {}. ",
                    bundle.built_by, bundle.entries.len(), t.entries_count, bundle.phrasings, t.phrasings_count
                ) }
                { t.bundle_read_only }{ " " }
                <button type="button" onclick={ctx.link().callback(|_| Msg::CloseBundle)}>{ t.bundle_close }</button>
            </p>
        }
    }

    fn bundle_list(&self, bundle: &Inspected) -> Html {
        let t = self.lang.text();
        let items: Vec<Item> = bundle
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| Item {
                index: i,
                key: e.id.clone(),
                question: e.question.clone(),
                problems: 0,
                warnings: 0,
            })
            .collect();
        html! {
            <nav class="entries" aria-label={t.entries}>
                <h2>{ t.entries }{ format!(" ({})", bundle.entries.len()) }</h2>
                <EntryItems items={items} selected={Some(bundle.selected)} select={self.select.clone()} lang={self.lang} />
            </nav>
        }
    }

    fn bundle_entry(&self, bundle: &Inspected) -> Html {
        let t = self.lang.text();
        let Some(entry) = bundle.entries.get(bundle.selected) else {
            return html! { <section class="editor empty" aria-label={t.question}></section> };
        };
        html! {
            <section class="editor" aria-label={t.question}>
                <h2>{ &entry.question }</h2>
                <figure class="preview">
                    <figcaption>{ t.preview }</figcaption>
                    <div class="bubble-answer">{ widget::ui::rich::blocks(&entry.answer) }</div>
                </figure>
                <dl class="facts">
                    <dt>{ t.id }</dt><dd>{ &entry.id }</dd>
                    <dt>{ t.entry_lang }</dt><dd>{ entry.lang.code() }</dd>
                    if !entry.tags.is_empty() { <dt>{ t.tags }</dt><dd>{ entry.tags.join(", ") }</dd> }
                    if let Some(link) = &entry.link { <dt>{ t.link }</dt><dd>{ link }</dd> }
                </dl>
            </section>
        }
    }

    fn entry_list(&self, ctx: &Context<Self>) -> Html {
        let t = self.lang.text();
        let link = ctx.link();
        let mut counts = vec![(0usize, 0usize); self.drafts.len()];
        for f in &self.findings {
            if let Some(c) = f.entry.and_then(|e| counts.get_mut(e)) {
                match f.severity {
                    Severity::Problem => c.0 += 1,
                    Severity::Warning => c.1 += 1,
                }
            }
        }
        let filter = self.filter.to_lowercase();
        let items: Vec<Item> = self
            .drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                filter.is_empty()
                    || d.question.to_lowercase().contains(&filter)
                    || d.phrasings.to_lowercase().contains(&filter)
            })
            .map(|(i, d)| Item {
                index: i,
                key: format!("{}:{}", d.file, d.line),
                question: d.question.clone(),
                problems: counts[i].0,
                warnings: counts[i].1,
            })
            .collect();
        let general: Vec<&Finding> = self
            .opened
            .iter()
            .chain(self.findings.iter().filter(|f| f.entry.is_none()))
            .collect();
        html! {
            <nav class="entries" aria-label={t.entries}>
                <h2>{ t.entries }{ format!(" ({})", self.drafts.len()) }</h2>
                <input type="search" aria-label={t.filter} placeholder={t.filter} value={self.filter.clone()}
                    oninput={link.callback(|e: InputEvent| Msg::Filter(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <EntryItems items={items} selected={self.selected} select={self.select.clone()} lang={self.lang} />
                <button type="button" class="add" onclick={link.callback(|_| Msg::Add)}>{ "+ " }{ t.add }</button>
                if !general.is_empty() {
                    <section class="general" aria-label={t.whole_faq}>
                        <h3>{ t.whole_faq }</h3>
                        { findings_list(self.lang, general.into_iter()) }
                    </section>
                }
            </nav>
        }
    }

    fn editor(&self, ctx: &Context<Self>) -> Html {
        let t = self.lang.text();
        let Some((i, draft)) = self
            .selected
            .and_then(|i| self.drafts.get(i).map(|d| (i, d)))
        else {
            return html! {
                <section class="editor empty" aria-label={t.question}>
                    <p>{ t.empty }</p>
                    <button type="button" class="primary" onclick={ctx.link().callback(|_| Msg::Template)}>{ t.template }</button>
                </section>
            };
        };
        let link = ctx.link();
        let input = |field: Field| {
            link.callback(move |e: InputEvent| {
                Msg::Edit(
                    i,
                    field,
                    e.target_unchecked_into::<HtmlInputElement>().value(),
                )
            })
        };
        let area = |field: Field| {
            link.callback(move |e: InputEvent| {
                Msg::Edit(
                    i,
                    field,
                    e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                        .value(),
                )
            })
        };
        let (blocks, _) = to_blocks(&draft.answer);
        let mine = self.findings.iter().filter(|f| f.entry == Some(i));
        let has_findings = self.findings.iter().any(|f| f.entry == Some(i));
        html! {
            <section class="editor" aria-label={t.question}>
                <div class="field">
                    <label for="f-question">{ t.question }</label>
                    <input id="f-question" type="text" value={draft.question.clone()} oninput={input(Field::Question)} />
                </div>
                <div class="field">
                    <label for="f-phrasings">{ t.phrasings }</label>
                    <textarea id="f-phrasings" rows="4" aria-describedby="f-phrasings-hint"
                        value={draft.phrasings.clone()} oninput={area(Field::Phrasings)} />
                    <p class="hint" id="f-phrasings-hint">{ t.phrasings_hint }</p>
                </div>
                <div class="answer">
                    <div class="field">
                        <label for="f-answer">{ t.answer }</label>
                        <textarea id="f-answer" rows="8" aria-describedby="f-answer-hint"
                            value={draft.answer.clone()} oninput={area(Field::Answer)} />
                        <p class="hint" id="f-answer-hint">{ t.answer_hint }</p>
                    </div>
                    <figure class="preview">
                        <figcaption>{ t.preview }</figcaption>
                        <div class="bubble-answer">{ widget::ui::rich::blocks(&blocks) }</div>
                    </figure>
                </div>
                <div class="row">
                    <div class="field">
                        <label for="f-id">{ t.id }</label>
                        <input id="f-id" type="text" value={draft.id.clone()} oninput={input(Field::Id)}
                            placeholder={responder::source::slug(&draft.question)} />
                    </div>
                    <div class="field">
                        <label for="f-tags">{ t.tags }</label>
                        <input id="f-tags" type="text" value={draft.tags.clone()} oninput={input(Field::Tags)} />
                    </div>
                    <div class="field">
                        <label for="f-lang">{ t.entry_lang }</label>
                        <select id="f-lang" onchange={link.callback(move |e: Event| {
                            Msg::Edit(i, Field::Lang, e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())
                        })}>
                            { for Lang::all().map(|l| html! {
                                <option value={l.code()} selected={l == draft.lang}>{ l.code() }</option>
                            }) }
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="f-link">{ t.link }</label>
                    <input id="f-link" type="url" value={draft.link.clone()} oninput={input(Field::Link)}
                        placeholder="https://example.com/returns" />
                </div>
                <section class="findings" aria-label={format!("{} / {}", t.problem, t.warning)}>
                    if has_findings {
                        { findings_list(self.lang, mine) }
                    } else {
                        <p class="ok">{ t.no_findings }</p>
                    }
                </section>
                <button type="button" class="remove" onclick={link.callback(move |_| Msg::Remove(i))}>{ t.remove }</button>
            </section>
        }
    }
}

/// A built bundle opened to look inside.
pub struct Inspected {
    name: String,
    built_by: String,
    phrasings: usize,
    entries: Vec<responder::Entry>,
    selected: usize,
}

/// What was picked: sources to edit, or a bundle to look inside.
enum Picked {
    Sources(Vec<SourceFile>),
    Bundle(String, Vec<u8>),
}

/// One entry as the list shows it.
#[derive(Clone, PartialEq)]
struct Item {
    index: usize,
    key: String,
    question: String,
    problems: usize,
    warnings: usize,
}

#[derive(Properties, PartialEq)]
struct ItemsProps {
    items: Vec<Item>,
    selected: Option<usize>,
    select: Callback<usize>,
    lang: UiLang,
}

/// The entry list: its own component, so that typing an answer does not
/// redraw a thousand entries.
#[function_component(EntryItems)]
fn entry_items(props: &ItemsProps) -> Html {
    let t = props.lang.text();
    html! {
        <ul>
            { for props.items.iter().map(|item| {
                let current = props.selected == Some(item.index);
                let (index, select) = (item.index, props.select.clone());
                html! {
                    <li key={item.key.clone()}>
                        <button type="button" class={classes!("entry", current.then_some("current"))}
                            aria-current={current.then_some("true")}
                            onclick={Callback::from(move |_| select.emit(index))}>
                            <span class="q">{ if item.question.trim().is_empty() { t.no_question } else { item.question.as_str() } }</span>
                            if item.problems > 0 { <span class="badge problem" title={t.problem}>{ item.problems }</span> }
                            if item.warnings > 0 { <span class="badge warning" title={t.warning}>{ item.warnings }</span> }
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

/// Findings as a list: severity, place, message, fix.
fn findings_list<'a>(lang: UiLang, findings: impl Iterator<Item = &'a Finding>) -> Html {
    let t = lang.text();
    html! {
        <ul class="finding-list">
            { for findings.map(|f| {
                let (class, label) = match f.severity {
                    Severity::Problem => ("problem", t.problem),
                    Severity::Warning => ("warning", t.warning),
                };
                html! {
                    <li class={classes!("finding", class)}>
                        <strong>{ label }{ ": " }</strong>{ &f.message }
                        <span class="place">{ format!(" ({})", f.place) }</span>
                        <br />
                        <span class="fix">{ t.fix }{ ": " }{ &f.fix }</span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// Asks the writer to confirm (a native dialog: keyboard and screen readers know it).
fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Milliseconds since the page opened.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn files_of(list: web_sys::FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads picked or dropped files: sources as text, or one built bundle's bytes.
async fn read_files(files: Vec<File>) -> Result<Picked, String> {
    let is_bundle = |f: &File| f.name().to_ascii_lowercase().ends_with(".plauder");
    if let Some(bundle) = files.iter().find(|f| is_bundle(f)) {
        let name = bundle.name();
        if files.len() > 1 {
            return Err(format!(
                "{name}: open a built bundle on its own (to look inside it), or the Markdown, CSV or JSON files it was built from (to edit them)"
            ));
        }
        let buffer = wasm_bindgen_futures::JsFuture::from(bundle.array_buffer())
            .await
            .map_err(|_| format!("{name}: cannot be read"))?;
        return Ok(Picked::Bundle(
            name,
            js_sys::Uint8Array::new(&buffer).to_vec(),
        ));
    }
    let mut read = Vec::new();
    for file in files {
        let name = file.name();
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| format!("{name}: cannot be read as text"))?;
        read.push(SourceFile { name, text });
    }
    Ok(Picked::Sources(read))
}

fn object_url(bytes: &[u8], mime: &str) -> Result<String, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    Url::create_object_url_with_blob(&blob)
}

/// Saves `url` as `name` through a link the browser follows.
fn download(url: &str, name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: HtmlAnchorElement = a.unchecked_into();
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
    let url = url.to_string();
    Timeout::new(60_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
}

/// Asks before the tab closes while changes are not downloaded.
fn warn_before_unload(
    unsaved: Rc<Cell<bool>>,
) -> Option<Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>> {
    let closure = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
        move |e: web_sys::BeforeUnloadEvent| {
            if unsaved.get() {
                e.prevent_default();
                e.set_return_value("unsaved");
            }
        },
    );
    web_sys::window()?
        .add_event_listener_with_callback("beforeunload", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(closure)
}
