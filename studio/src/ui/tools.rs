//! The studio's tools, beside the entry: try a question and see why it
//! lands where it does; the FAQ's weak spots (its self-quiz); where real
//! visitors' questions land; the real widget with the edited FAQ.

use responder::decision::{Decision, HandoffReason, Thresholds};
use responder::report::{Asked as Count, Group};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{App, Msg};
use crate::protocol::Ranked;
use crate::text::Text;

/// The most items a list of the tools shows (the rest are counted): a
/// large FAQ's lists must not make every keystroke redraw thousands.
const SHOWN: usize = 40;

/// "and N more", when a list was cut.
fn more(t: &Text, total: usize) -> Html {
    match total > SHOWN {
        true => html! { <p class="more">{ format!("{} {}", t.and_more, total - SHOWN) }</p> },
        false => html! {},
    }
}

/// A tab of the tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Ask,
    Weak,
    Visitors,
    Preview,
}

/// A question tried, as the worker answered it.
pub struct Asked {
    pub question: String,
    pub decision: Decision,
    pub ranked: Vec<Ranked>,
    pub thresholds: Thresholds,
}

pub fn view(app: &App, ctx: &Context<App>) -> Html {
    let t = app.lang.text();
    let link = ctx.link();
    // A bundle opened to look inside answers questions; it has no sources to quiz or preview.
    let tabs: Vec<_> = [
        (Tab::Ask, t.tab_ask, "tab-ask"),
        (Tab::Weak, t.tab_weak, "tab-weak"),
        (Tab::Visitors, t.tab_visitors, "tab-visitors"),
        (Tab::Preview, t.tab_preview, "tab-preview"),
    ]
    .into_iter()
    .filter(|(tab, ..)| app.inspected.is_none() || matches!(tab, Tab::Ask | Tab::Visitors))
    .collect();
    let body = match app.tab {
        Tab::Ask => ask(app, ctx),
        Tab::Weak => weak(app, ctx),
        Tab::Visitors => visitors(app, ctx),
        Tab::Preview => preview(app, ctx),
    };
    let current = tabs
        .iter()
        .find(|t| t.0 == app.tab)
        .map_or("tab-ask", |t| t.2);
    html! {
        <section class="tools" aria-label={t.tab_ask}>
            <div role="tablist" class="tabs">
                { for tabs.iter().map(|&(tab, label, id)| html! {
                    <button type="button" role="tab" id={id} aria-selected={(tab == app.tab).to_string()}
                        aria-controls="tool-panel" onclick={link.callback(move |_| Msg::Tab(tab))}>{ label }</button>
                }) }
            </div>
            <div role="tabpanel" id="tool-panel" aria-labelledby={current}>{ body }</div>
        </section>
    }
}

/// An entry's question, as a button that opens it in the editor.
fn entry_button(app: &App, ctx: &Context<App>, entry: usize) -> Html {
    let t = app.lang.text();
    let question = app
        .entry_question(entry)
        .filter(|q| !q.trim().is_empty())
        .unwrap_or(t.no_question)
        .to_string();
    html! {
        <button type="button" class="link" onclick={ctx.link().callback(move |_| Msg::Select(entry))}>{ question }</button>
    }
}

fn ask(app: &App, ctx: &Context<App>) -> Html {
    let t = app.lang.text();
    let input = app.question.clone();
    let on_submit = ctx.link().callback(move |e: SubmitEvent| {
        e.prevent_default();
        Msg::Ask(
            input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default(),
        )
    });
    html! {
        <>
            <form class="ask" onsubmit={on_submit}>
                <label for="ask-question">{ t.ask_label }</label>
                <div class="inline">
                    <input id="ask-question" type="text" ref={app.question.clone()} autocomplete="off" />
                    <button type="submit" class="primary">{ t.ask }</button>
                </div>
            </form>
            if let Some(asked) = &app.asked {
                { asked_view(app, ctx, asked, t) }
            }
        </>
    }
}

fn asked_view(app: &App, ctx: &Context<App>, asked: &Asked, t: &Text) -> Html {
    let decision = match &asked.decision {
        Decision::Answer { entry } => {
            html! { <p class="decision answer">{ t.decides_answer }{ " " }{ entry_button(app, ctx, *entry) }</p> }
        }
        Decision::Clarify { entries } => html! {
            <p class="decision clarify">{ t.decides_clarify }{ " " }
                { for entries.iter().map(|&e| html! { <>{ entry_button(app, ctx, e) }{ " " }</> }) }
            </p>
        },
        Decision::Handoff {
            reason: HandoffReason::NoMatch,
        } => html! { <p class="decision handoff">{ t.decides_no_match }</p> },
        Decision::Handoff {
            reason: HandoffReason::AskedForHuman,
        } => html! { <p class="decision handoff">{ t.decides_person }</p> },
    };
    let th = &asked.thresholds;
    html! {
        <div class="asked" aria-live="polite">
            <p class="asked-question">{ format!("“{}”", asked.question) }</p>
            { decision }
            <p class="thresholds">{ format!("{}: answer ≥ {:.2}, lead ≥ {:.2}, offer ≥ {:.2}", t.thresholds, th.answer, th.margin, th.clarify) }</p>
            <ol class="ranked">
                { for asked.ranked.iter().map(|r| {
                    let m = &r.matched;
                    let mut why = Vec::new();
                    if !m.words.is_empty() { why.push(format!("{}: {}", t.matched_words, m.words.join(", "))); }
                    if !m.parts.is_empty() { why.push(format!("{}: {}", t.matched_parts, m.parts.join(", "))); }
                    if !m.in_answer.is_empty() { why.push(format!("{}: {}", t.matched_answer, m.in_answer.join(", "))); }
                    if m.grams.1 > 0 { why.push(format!("{}: {}/{}", t.matched_grams, m.grams.0, m.grams.1)); }
                    if why.is_empty() { why.push(t.nothing_matched.to_string()); }
                    let width = format!("width: {:.0}%", (r.confidence.clamp(0.0, 1.0) * 100.0));
                    html! {
                        <li>
                            { entry_button(app, ctx, r.entry) }
                            <span class="confidence">
                                <span class="meter" aria-hidden="true"><span style={width}></span></span>
                                { format!(" {} {:.2}", t.confidence, r.confidence) }
                            </span>
                            <span class="matched">{ why.join(" · ") }</span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}

fn weak(app: &App, ctx: &Context<App>) -> Html {
    let t = app.lang.text();
    let Some(quiz) = &app.quiz else {
        return html! { <p>{ t.not_built }</p> };
    };
    let fit = app
        .summary
        .as_ref()
        .map(|s| {
            let [build, check, quiz] = s.timings;
            format!(
                "{}\nworker: build {build:.0} ms, check {check:.0} ms, quiz {quiz:.0} ms",
                s.fit
            )
        })
        .unwrap_or_default();
    let all_good = quiz.taken.is_empty() && quiz.unfound.is_empty();
    let tested =
        (app.summary.as_ref()).map_or(0, |s| s.entries.saturating_sub(quiz.untested.len()));
    html! {
        <div class="weak">
            <p>{ t.quiz_intro }</p>
            <p class="score"><strong>{ format!("{} / {}", quiz.answered_right, quiz.asked) }</strong>{ " " }{ t.quiz_score }</p>
            if quiz.entries_quizzed < tested {
                <p class="sample">{ format!("{}: {} / {}.", t.quiz_sample, quiz.entries_quizzed, tested) }</p>
            }
            if all_good && quiz.asked > 0 { <p class="ok">{ t.all_good }</p> }
            if !quiz.taken.is_empty() {
                <ul class="taken">
                    { for quiz.taken.iter().take(SHOWN).map(|taken| html! {
                        <li>
                            { entry_button(app, ctx, taken.by) }{ " " }
                            { if taken.answered { t.taken } else { t.offered_beside } }{ " " }
                            { entry_button(app, ctx, taken.entry) }{ ": " }
                            <q>{ taken.questions.join("”, “") }</q>
                            <br /><span class="fix">{ t.fix }{ ": " }{ t.taken_fix }</span>
                        </li>
                    }) }
                </ul>
                { more(t, quiz.taken.len()) }
            }
            if !quiz.unfound.is_empty() {
                <ul class="unfound">
                    { for quiz.unfound.iter().take(SHOWN).map(|u| html! {
                        <li>
                            { t.unfound }{ ": " }{ entry_button(app, ctx, u.entry) }
                            <br /><span class="fix">{ t.fix }{ ": " }{ t.unfound_fix }</span>
                        </li>
                    }) }
                </ul>
                { more(t, quiz.unfound.len()) }
            }
            if !quiz.untested.is_empty() {
                <p class="untested">{ format!("{} {}. ", quiz.untested.len(), t.untested) }{ t.untested_fix }</p>
            }
            <pre class="fit">{ fit }</pre>
        </div>
    }
}

fn visitors(app: &App, ctx: &Context<App>) -> Html {
    let t = app.lang.text();
    let input = app.visitors.clone();
    let on_submit = ctx.link().callback(move |e: SubmitEvent| {
        e.prevent_default();
        Msg::Report(
            input
                .cast::<HtmlTextAreaElement>()
                .map(|i| i.value())
                .unwrap_or_default(),
        )
    });
    let group = |g: &Group| {
        html! {
            <li>
                { for g.entries.iter().map(|&e| html! { <>{ entry_button(app, ctx, e) }{ " " }</> }) }
                { format!("({})", g.count()) }
                { questions(t, &g.questions) }
            </li>
        }
    };
    html! {
        <>
            <form class="visitors" onsubmit={on_submit}>
                <label for="visitor-questions">{ t.visitors_label }</label>
                <textarea id="visitor-questions" rows="6" ref={app.visitors.clone()} aria-describedby="visitors-hint" />
                <p class="hint" id="visitors-hint">{ t.visitors_hint }</p>
                <button type="submit" class="primary">{ t.group }</button>
            </form>
            if let Some(report) = &app.report {
                <div class="report" aria-live="polite">
                    <p>{ format!("{} {}", report.total, t.questions) }</p>
                    if !report.unanswered.is_empty() {
                        <h3>{ t.unanswered }{ format!(" ({})", report.unanswered.iter().map(|a| a.count).sum::<usize>()) }</h3>
                        <p class="fix">{ t.unanswered_fix }</p>
                        { questions(t, &report.unanswered) }
                    }
                    if !report.answered.is_empty() {
                        <h3>{ t.answered_by }</h3>
                        <ul class="groups">{ for report.answered.iter().take(SHOWN).map(group) }</ul>
                        { more(t, report.answered.len()) }
                    }
                    if !report.clarified.is_empty() {
                        <h3>{ t.clarified }</h3>
                        <ul class="groups">{ for report.clarified.iter().take(SHOWN).map(group) }</ul>
                        { more(t, report.clarified.len()) }
                    }
                    if !report.asked_for_person.is_empty() {
                        <h3>{ t.asked_person }</h3>
                        { questions(t, &report.asked_for_person) }
                    }
                </div>
            }
        </>
    }
}

fn questions(t: &Text, asked: &[Count]) -> Html {
    html! {
        <>
            <ul class="questions">
                { for asked.iter().take(SHOWN).map(|a| html! {
                    <li>{ &a.question }if a.count > 1 { { format!(" ×{}", a.count) } }</li>
                }) }
            </ul>
            { more(t, asked.len()) }
        </>
    }
}

fn preview(app: &App, ctx: &Context<App>) -> Html {
    let t = app.lang.text();
    let src = app.preview.as_ref().map(|url| {
        let query = js_sys::encode_uri_component(url);
        format!("preview.html?faq={query}&lang={}", app.lang.code())
    });
    html! {
        <div class="preview-tab">
            <p>{ t.preview_intro }</p>
            <button type="button" class="primary" disabled={app.summary.is_none()}
                onclick={ctx.link().callback(|_| Msg::Preview)}>{ t.preview_button }</button>
            if let Some(src) = src {
                <iframe title={t.preview_title} src={src}></iframe>
            }
        </div>
    }
}
