//! The studio's worker side: reads sources, checks and builds the edited
//! FAQ, answers test questions and writes files, all with the CLI's own
//! code (`responder`). Runs in a Web Worker, so that building a large FAQ
//! never blocks typing; natively in tests.

use std::collections::HashMap;

use responder::build::{BuildOptions, Built, Stage, Unfinished, build, build_apart, model_file};
use responder::check::check;
use responder::lang::Lang;
use responder::quiz::quiz;
use responder::report::report;
use responder::source::{self, KnowledgeBase, Origin, SourceEntry, parse_tags, read_str, slug};
use responder::{Error, Problem, Responder};

use crate::protocol::{
    Draft, Finding, Format, Ranked, Request, Response, Severity, SourceFile, Summary,
};

/// The file name new entries are reported under.
pub const NEW_ENTRY: &str = "new entry";

/// The worker's state: the last entries and, when they built, their build.
#[derive(Default)]
pub struct Workbench {
    drafts: Vec<Draft>,
    built: Option<Built>,
    /// The bytes of the last export, taken by the worker's script.
    exported: Option<Vec<u8>>,
    /// The bytes that came with the request being handled.
    given: Option<Vec<u8>>,
    /// A built bundle opened to look inside.
    inspected: Option<Responder>,
    /// An update built apart, waiting for its learned model ([`Workbench::finish`]).
    waiting: Option<Waiting>,
}

/// An update whose build waits for its learned model, trained elsewhere.
struct Waiting {
    unfinished: Unfinished,
    kb: KnowledgeBase,
    places: HashMap<(String, usize), usize>,
    started: f64,
}

/// From this many phrasings on, an update's learned model is worth
/// training in a second worker beside the fit ([`Workbench::trains_apart`]):
/// training 1,000 × 15 takes seconds, a small FAQ's a few milliseconds, less
/// than starting a worker.
pub const APART_PHRASINGS: usize = 2_000;

impl Workbench {
    /// Handles one request; `progress` gets the [`Response::Progress`] of a long one.
    pub fn handle(&mut self, request: Request, progress: &dyn Fn(Response)) -> Response {
        self.run(request, progress, false)
            .unwrap_or_else(|| self.finish(None))
    }

    /// Whether [`Workbench::begin`] builds this request apart: an update of
    /// at least [`APART_PHRASINGS`] phrasings, whose learned model the
    /// caller trains elsewhere meanwhile ([`Workbench::model_for`]).
    pub fn trains_apart(request: &Request) -> bool {
        let Request::Update { drafts } = request else {
            return false;
        };
        let phrasings: usize = drafts.iter().map(|d| to_source(d).phrasings.len()).sum();
        phrasings >= APART_PHRASINGS
    }

    /// The learned model of an update's FAQ, for [`Workbench::finish`]
    /// (trained in a second worker while the first fits).
    pub fn model_for(request: Request) -> Result<Vec<u8>, String> {
        let Request::Update { drafts } = request else {
            return Err("only an update has a model to train".into());
        };
        let kb = source::from_entries(drafts.iter().map(to_source).collect())
            .map_err(|e| format!("the FAQ has problems: {e}"))?;
        Ok(model_file(&kb))
    }

    /// As [`Workbench::handle`], except that an update that
    /// [trains apart](Workbench::trains_apart) and needs its learned model
    /// stops before it: `None`, and [`Workbench::finish`] completes it.
    pub fn begin(&mut self, request: Request, progress: &dyn Fn(Response)) -> Option<Response> {
        let apart = Self::trains_apart(&request);
        self.run(request, progress, apart)
    }

    fn run(
        &mut self,
        request: Request,
        progress: &dyn Fn(Response),
        apart: bool,
    ) -> Option<Response> {
        Some(match request {
            Request::Open { files, lang } => open(&files, lang),
            Request::Update { drafts } => return self.update(drafts, progress, apart),
            Request::Inspect { name } => self.inspect(name),
            Request::Ask { question, bundle } => self.ask(&question, bundle),
            Request::Report { questions, bundle } => self.report(&questions, bundle),
            Request::Export { format, preview } => self.export(format, preview),
        })
    }

    /// Completes the update [`Workbench::begin`] stopped, with its learned
    /// model (from [`Workbench::model_for`]; `None`: trained here).
    pub fn finish(&mut self, model: Option<Vec<u8>>) -> Response {
        let Some(waiting) = self.waiting.take() else {
            return Response::Failed {
                message: "no build is waiting for its model".into(),
            };
        };
        let built = waiting.unfinished.finish(model, &BuildOptions::default());
        self.checked(
            &waiting.kb,
            &waiting.places,
            built,
            waiting.started,
            &|_| {},
        )
    }

    /// The bytes of a file that come with the next request ([`Request::Inspect`]).
    pub fn give(&mut self, bytes: Vec<u8>) {
        self.given = Some(bytes);
    }

    /// The bytes of the last [`Response::Exported`], once.
    pub fn take_exported(&mut self) -> Option<Vec<u8>> {
        self.exported.take()
    }

    /// Checks and builds the drafts; `None` when the build waits for its
    /// learned model (`apart`, and the fit gave the model a share).
    fn update(
        &mut self,
        drafts: Vec<Draft>,
        progress: &dyn Fn(Response),
        apart: bool,
    ) -> Option<Response> {
        self.built = None;
        self.waiting = None;
        self.drafts = drafts;
        let places = places(&self.drafts);
        let kb = match source::from_entries(self.drafts.iter().map(to_source).collect()) {
            Ok(kb) => kb,
            Err(error) => {
                return Some(Response::Checked {
                    findings: problems(&error, &places),
                    summary: None,
                    quiz: None,
                });
            }
        };
        // A progress message every few per cent, not for each question.
        let last = std::cell::Cell::new((Stage::Indexing, usize::MAX));
        let on_build = |stage: Stage, done: usize, total: usize| {
            let step = (total / 20).max(1);
            if last.get() != (stage, done / step) {
                last.set((stage, done / step));
                let name = match stage {
                    Stage::Indexing => "indexing",
                    Stage::Fitting => "fitting",
                    Stage::Understanding => "understanding",
                };
                progressed(progress, name, done, total);
            }
        };
        let started = now_ms();
        let options = BuildOptions {
            progress: Some(&on_build),
            ..BuildOptions::default()
        };
        let built = match apart {
            false => build(&kb, &options),
            true => match build_apart(&kb, &options) {
                Ok(unfinished) if unfinished.wants_model() => {
                    progressed(progress, "learning", 0, 1);
                    self.waiting = Some(Waiting {
                        unfinished,
                        kb,
                        places,
                        started,
                    });
                    return None;
                }
                Ok(unfinished) => unfinished.finish(None, &options),
                Err(error) => Err(error),
            },
        };
        Some(self.checked(&kb, &places, built, started, progress))
    }

    /// The reply to an update once built (or not): its findings, summary
    /// and quiz; keeps the build.
    fn checked(
        &mut self,
        kb: &KnowledgeBase,
        places: &HashMap<(String, usize), usize>,
        built: responder::Result<Built>,
        started: f64,
        progress: &dyn Fn(Response),
    ) -> Response {
        let built = match built {
            Ok(built) => built,
            Err(error) => {
                return Response::Checked {
                    findings: problems(&error, places),
                    summary: None,
                    quiz: None,
                };
            }
        };
        let built_at = now_ms();
        progressed(progress, "checking", 0, 1);
        let mut findings = Vec::new();
        findings.extend(check(kb).into_iter().map(|w| Finding {
            severity: Severity::Warning,
            entry: places.get(&(w.origin.file.clone(), w.origin.line)).copied(),
            place: w.origin.to_string(),
            message: w.message,
            fix: w.fix,
        }));
        let checked_at = now_ms();
        progressed(progress, "quizzing", 0, 1);
        let quiz = Some(quiz(kb, &built));
        let summary = Summary {
            entries: kb.entries.len(),
            phrasings: kb.phrasing_count(),
            bytes: built.bytes.len(),
            fit: built.fit.describe().join("\n"),
            thresholds: built.responder.thresholds(),
            timings: [
                built_at - started,
                checked_at - built_at,
                now_ms() - checked_at,
            ],
        };
        self.built = Some(built);
        Response::Checked {
            findings,
            summary: Some(summary),
            quiz,
        }
    }

    /// The last good build.
    fn built(&self) -> Result<&Built, String> {
        self.built.as_ref().ok_or_else(|| {
            "the FAQ has problems and is not built: fix the problems shown first".into()
        })
    }

    /// The responder a question goes to: the inspected bundle's, or the last good build's.
    fn responder(&self, bundle: bool) -> Result<&Responder, String> {
        match bundle {
            true => self
                .inspected
                .as_ref()
                .ok_or_else(|| "no bundle is open: open a .plauder file first".into()),
            false => self.built().map(|b| &b.responder),
        }
    }

    fn inspect(&mut self, name: String) -> Response {
        let Some(bytes) = self.given.take() else {
            return Response::Failed {
                message: format!("{name}: the file's bytes did not arrive: open it again"),
            };
        };
        match Responder::from_bundle(&bytes) {
            Ok(responder) => {
                let response = Response::Inspected {
                    name,
                    built_by: responder.built_by().to_string(),
                    phrasings: responder.phrasing_count(),
                    entries: responder.entries().to_vec(),
                };
                self.inspected = Some(responder);
                response
            }
            Err(e) => Response::Failed {
                message: format!("{name}: {e}"),
            },
        }
    }

    fn ask(&self, question: &str, bundle: bool) -> Response {
        let responder = match self.responder(bundle) {
            Ok(responder) => responder,
            Err(message) => return Response::Failed { message },
        };
        let answered = responder.answer(question).and_then(|reply| {
            let ranked = reply
                .ranked
                .iter()
                .take(5)
                .map(|c| {
                    Ok(Ranked {
                        entry: c.entry,
                        confidence: c.confidence,
                        matched: responder.matched(question, c.entry)?,
                    })
                })
                .collect::<responder::Result<Vec<_>>>()?;
            Ok(Response::Asked {
                question: question.to_string(),
                decision: reply.decision,
                ranked,
                thresholds: responder.thresholds(),
            })
        });
        answered.unwrap_or_else(|e| failed(&e))
    }

    fn report(&self, questions: &str, bundle: bool) -> Response {
        let responder = match self.responder(bundle) {
            Ok(responder) => responder,
            Err(message) => return Response::Failed { message },
        };
        match report(questions.lines(), |q| responder.answer(q)) {
            Ok(report) => Response::Reported { report },
            Err(e) => failed(&e),
        }
    }

    fn export(&mut self, format: Format, preview: bool) -> Response {
        let (name, mime, bytes) = match format {
            Format::Bundle => match self.built() {
                Ok(built) => (
                    "faq.plauder",
                    "application/octet-stream",
                    built.bytes.clone(),
                ),
                Err(message) => return Response::Failed { message },
            },
            // The sources are written whatever their problems: nothing typed is lost.
            sources => {
                let kb = KnowledgeBase {
                    entries: self.drafts.iter().map(to_source).collect(),
                };
                let (name, mime, text) = match sources {
                    Format::Markdown => ("faq.md", "text/markdown", source::to_markdown(&kb)),
                    Format::Csv => ("faq.csv", "text/csv", source::to_csv(&kb)),
                    _ => ("faq.json", "application/json", source::to_json(&kb)),
                };
                (name, mime, text.into_bytes())
            }
        };
        self.exported = Some(bytes);
        Response::Exported {
            name: name.to_string(),
            mime: mime.to_string(),
            preview,
        }
    }
}

/// Reads source files into drafts, with the problems of what could not be read.
fn open(files: &[SourceFile], lang: Lang) -> Response {
    let mut drafts = Vec::new();
    let mut findings = Vec::new();
    for file in files {
        let found = read_str(&file.name, &file.text, None, lang);
        drafts.extend(found.entries.iter().map(draft));
        findings.extend(found.problems.iter().map(|p| finding(p, None)));
    }
    Response::Opened { drafts, findings }
}

/// The draft of a source's entry. Its id is left blank when the question
/// gives the same one, so that editing the question keeps them together.
pub fn draft(entry: &SourceEntry) -> Draft {
    let question = entry.phrasings.first().cloned().unwrap_or_default();
    Draft {
        id: match entry.id == slug(&question) {
            true => String::new(),
            false => entry.id.clone(),
        },
        question,
        phrasings: entry
            .phrasings
            .iter()
            .skip(1)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        answer: entry.answer.clone(),
        lang: entry.lang,
        tags: entry.tags.join(", "),
        link: entry.link.clone().unwrap_or_default(),
        file: entry.origin.file.clone(),
        line: entry.origin.line,
    }
}

/// A draft as the readers would have read it.
pub fn to_source(draft: &Draft) -> SourceEntry {
    let question = draft.question.trim();
    let mut phrasings = vec![question.to_string()];
    phrasings.extend(draft.phrasings.lines().map(str::to_string));
    let id = match draft.id.trim() {
        "" => slug(question),
        id => id.to_string(),
    };
    SourceEntry {
        id,
        phrasings,
        answer: draft.answer.clone(),
        lang: draft.lang,
        tags: parse_tags(&draft.tags),
        link: Some(draft.link.trim().to_string()).filter(|l| !l.is_empty()),
        origin: Origin {
            file: draft.file.clone(),
            line: draft.line,
        },
    }
}

/// Each draft's position by its place (file and line).
fn places(drafts: &[Draft]) -> HashMap<(String, usize), usize> {
    let mut places = HashMap::new();
    for (i, d) in drafts.iter().enumerate() {
        places.entry((d.file.clone(), d.line)).or_insert(i);
    }
    places
}

fn problems(error: &Error, places: &HashMap<(String, usize), usize>) -> Vec<Finding> {
    match error {
        Error::Invalid(problems) => problems
            .iter()
            .map(|p| {
                let entry = p
                    .line
                    .and_then(|l| places.get(&(p.file.clone(), l)).copied());
                finding(p, entry)
            })
            .collect(),
        other => vec![Finding {
            severity: Severity::Problem,
            entry: None,
            place: "<knowledge base>".into(),
            message: other.to_string(),
            fix: "change the entries, or report it if it persists".into(),
        }],
    }
}

fn finding(problem: &Problem, entry: Option<usize>) -> Finding {
    Finding {
        severity: Severity::Problem,
        entry,
        place: match problem.line {
            Some(line) => format!("{}:{line}", problem.file),
            None => problem.file.clone(),
        },
        message: problem.message.clone(),
        fix: problem.fix.clone(),
    }
}

/// Milliseconds on a clock that only moves forward within a session: the
/// page's (the worker's) `Date` in the browser, the system's natively.
/// Entries of several phrasings as CSV, as `xtask/src/synthetic.rs`
/// writes them: each phrasing a question start, two or three of its
/// entry's four words and two to four words from anywhere, words made
/// of a few syllables (so that word matching alone misses some, and the
/// fit gives the learned model a share). Tests use it, and the worker
/// practises on it ([`warm_up`]).
pub fn several_phrasings(entries: usize, phrasings: usize) -> String {
    let mut seed = 42u64;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let syllables = [
        "ka", "lo", "mer", "tin", "sa", "ver", "do", "pra", "li", "nu", "ge", "bro",
    ];
    let starts = [
        "how do i",
        "can i",
        "what is the",
        "where is my",
        "why is my",
    ];
    let vocabulary: Vec<String> = (0..400)
        .map(|_| {
            (0..2 + next(3))
                .map(|_| syllables[next(syllables.len())])
                .collect()
        })
        .collect();
    let mut csv = String::from("id,question,answer\n");
    for entry in 0..entries {
        let own: Vec<&str> = (0..4).map(|_| vocabulary[next(400)].as_str()).collect();
        for n in 0..phrasings {
            let mut words = vec![starts[next(starts.len())].to_string()];
            words.extend((0..2 + next(2)).map(|_| own[next(4)].to_string()));
            words.extend((0..2 + next(3)).map(|_| vocabulary[next(400)].clone()));
            let answer = if n == 0 {
                format!("Answer {entry}.")
            } else {
                String::new()
            };
            csv.push_str(&format!("e{entry},{},{answer}\n", words.join(" ")));
        }
    }
    csv
}

/// Builds a practice FAQ of 40 entries × 8 phrasings once, and trains its
/// model: one round of the worker's practice. A browser runs a wasm function
/// at full speed only once it has run a while (it compiles it better then),
/// and a long loop's first run stays on the quick first compilation; without
/// practice, the studio's first build of 1,000 × 15 took 12 s, the next 7.
/// The worker runs a few rounds, each a task of its own, and stops at the
/// first real request, so that a file opened at once does not wait for the
/// practice. `training`: only what the second worker does (the model).
pub fn warm_up(training: bool) {
    let Ok(kb) = source::parse_str(
        "practice.csv",
        &several_phrasings(40, 8),
        "csv",
        Lang::English,
    ) else {
        return;
    };
    if training {
        let _ = model_file(&kb);
        return;
    }
    if let Ok(built) = build(&kb, &BuildOptions::default()) {
        let _ = (check(&kb), quiz(&kb, &built));
    }
}

/// Sends a [`Response::Progress`].
fn progressed(progress: &dyn Fn(Response), stage: &str, done: usize, total: usize) {
    progress(Response::Progress {
        stage: stage.into(),
        done,
        total,
    });
}

fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn failed(error: &Error) -> Response {
    Response::Failed {
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Envelope, STUDIO_PROTOCOL};

    const FAQ: &str = "@lang en\n\n## How long does delivery take?\n? When will my order arrive?\n? How many days is shipping?\n\nTwo to three days.\n\n## Can I return an item?\n? How do I send something back?\n? What is your return policy?\n\nWithin 30 days.\n";

    fn opened(bench: &mut Workbench, name: &str, text: &str) -> (Vec<Draft>, Vec<Finding>) {
        let files = vec![SourceFile {
            name: name.into(),
            text: text.into(),
        }];
        match bench.handle(
            Request::Open {
                files,
                lang: Lang::English,
            },
            &|_| {},
        ) {
            Response::Opened { drafts, findings } => (drafts, findings),
            other => panic!("{other:?}"),
        }
    }

    fn checked(bench: &mut Workbench, drafts: Vec<Draft>) -> (Vec<Finding>, Option<Summary>) {
        let progress = std::cell::RefCell::new(Vec::new());
        let response = bench.handle(Request::Update { drafts }, &|p| {
            progress.borrow_mut().push(p)
        });
        match response {
            Response::Checked {
                findings, summary, ..
            } => {
                if summary.is_some() {
                    assert!(!progress.borrow().is_empty(), "a build reports progress");
                }
                (findings, summary)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn opened_entries_build_a_bundle_that_answers_as_the_cli_builds_it() {
        let mut bench = Workbench::default();
        let (drafts, findings) = opened(&mut bench, "faq.md", FAQ);
        assert!(findings.is_empty());
        assert_eq!(drafts.len(), 2);
        assert_eq!(
            drafts[0].phrasings,
            "When will my order arrive?\nHow many days is shipping?"
        );
        assert_eq!((drafts[0].file.as_str(), drafts[0].line), ("faq.md", 3));
        let (_, summary) = checked(&mut bench, drafts);
        assert!(summary.is_some());
        let Response::Exported { name, .. } = bench.handle(
            Request::Export {
                format: Format::Bundle,
                preview: false,
            },
            &|_| {},
        ) else {
            panic!("no export");
        };
        assert_eq!(name, "faq.plauder");
        let studio = Responder::from_bundle(&bench.take_exported().unwrap()).unwrap();
        let kb = source::parse_str("faq.md", FAQ, "md", Lang::English).unwrap();
        let cli = build(&kb, &BuildOptions::default()).unwrap().responder;
        for question in [
            "when does my parcel come",
            "can I send it back",
            "hello there",
        ] {
            assert_eq!(
                studio.answer(question).unwrap(),
                cli.answer(question).unwrap()
            );
        }
    }

    #[test]
    fn problems_name_the_entry_and_block_the_build_and_the_sources_still_export() {
        let mut bench = Workbench::default();
        let (mut drafts, _) = opened(&mut bench, "faq.md", FAQ);
        drafts[1].answer = "  \n".into();
        drafts.push(Draft {
            file: NEW_ENTRY.into(),
            line: 1,
            ..drafts[0].clone()
        });
        let (findings, summary) = checked(&mut bench, drafts);
        assert!(summary.is_none());
        let no_answer = findings
            .iter()
            .find(|f| f.message.contains("has no answer"))
            .unwrap();
        assert_eq!(
            (no_answer.entry, no_answer.place.as_str()),
            (Some(1), "faq.md:9")
        );
        let duplicate = findings
            .iter()
            .find(|f| f.message.contains("duplicate id"))
            .unwrap();
        assert_eq!(
            (duplicate.entry, duplicate.place.as_str()),
            (Some(2), "new entry:1")
        );
        assert!(matches!(
            bench.handle(
                Request::Ask {
                    question: "delivery".into(),
                    bundle: false,
                },
                &|_| {}
            ),
            Response::Failed { .. }
        ));
        bench.handle(
            Request::Export {
                format: Format::Markdown,
                preview: false,
            },
            &|_| {},
        );
        let markdown = String::from_utf8(bench.take_exported().unwrap()).unwrap();
        assert_eq!(
            markdown.matches("## How long does delivery take?").count(),
            2
        );
    }

    #[test]
    fn a_single_phrasing_warns_beside_its_entry_and_questions_are_explained() {
        let mut bench = Workbench::default();
        let (mut drafts, _) = opened(&mut bench, "faq.md", FAQ);
        drafts[1].phrasings.clear();
        let (findings, summary) = checked(&mut bench, drafts);
        assert!(summary.is_some());
        assert!(findings.iter().any(|f| f.entry == Some(1)
            && f.severity == Severity::Warning
            && f.message.contains("single phrasing")));
        let Response::Asked { ranked, .. } = bench.handle(
            Request::Ask {
                question: "how many days is delivery".into(),
                bundle: false,
            },
            &|_| {},
        ) else {
            panic!("not asked");
        };
        assert_eq!(ranked[0].entry, 0);
        assert!(
            ranked[0]
                .matched
                .words
                .iter()
                .any(|w| w.starts_with("deliver"))
        );
    }

    #[test]
    fn a_built_bundle_opens_to_look_inside_and_answers_as_built() {
        let kb = source::parse_str("faq.md", FAQ, "md", Lang::English).unwrap();
        let built = build(&kb, &BuildOptions::default()).unwrap();
        let mut bench = Workbench::default();
        bench.give(built.bytes.clone());
        let Response::Inspected {
            entries, phrasings, ..
        } = bench.handle(
            Request::Inspect {
                name: "faq.plauder".into(),
            },
            &|_| {},
        )
        else {
            panic!("not inspected");
        };
        assert_eq!((entries.len(), phrasings), (2, 6));
        let Response::Asked { decision, .. } = bench.handle(
            Request::Ask {
                question: "when will my order arrive".into(),
                bundle: true,
            },
            &|_| {},
        ) else {
            panic!("not asked");
        };
        assert_eq!(
            decision,
            built
                .responder
                .answer("when will my order arrive")
                .unwrap()
                .decision
        );
        // A damaged bundle is refused with the file's name and the reader's reason.
        let mut damaged = built.bytes;
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0xff;
        bench.give(damaged);
        let Response::Failed { message } = bench.handle(
            Request::Inspect {
                name: "old.plauder".into(),
            },
            &|_| {},
        ) else {
            panic!("a damaged bundle opened");
        };
        assert!(message.starts_with("old.plauder: "), "{message}");
    }

    #[test]
    fn large_faqs_train_their_model_apart() {
        let mut bench = Workbench::default();
        let (drafts, _) = opened(&mut bench, "big.csv", &several_phrasings(250, 8));
        assert!(Workbench::trains_apart(&Request::Update {
            drafts: drafts.clone()
        }));
        let small = Request::Update {
            drafts: drafts[..249].to_vec(),
        };
        assert!(
            !Workbench::trains_apart(&small),
            "1,992 phrasings build whole"
        );
    }

    #[test]
    fn a_faq_built_apart_with_its_model_from_elsewhere_is_built_as_whole() {
        let mut apart = Workbench::default();
        let (drafts, _) = opened(&mut apart, "faq.csv", &several_phrasings(20, 15));
        let update = Request::Update {
            drafts: drafts.clone(),
        };
        let stages = std::cell::RefCell::new(Vec::new());
        let waiting = apart.run(
            update.clone(),
            &|p| {
                if let Response::Progress { stage, .. } = p {
                    stages.borrow_mut().push(stage)
                }
            },
            true,
        );
        assert!(
            waiting.is_none(),
            "the fit gives the model a share: {waiting:?}"
        );
        assert_eq!(stages.borrow().last().map(String::as_str), Some("learning"));
        let finished = apart.finish(Some(Workbench::model_for(update).unwrap()));
        let Response::Checked {
            summary: Some(summary),
            ..
        } = finished
        else {
            panic!("{finished:?}");
        };
        let mut whole = Workbench::default();
        let phrasing = drafts[0].question.clone();
        let whole_summary = checked(&mut whole, drafts).1.unwrap();
        assert_eq!(
            (summary.fit, summary.thresholds),
            (whole_summary.fit, whole_summary.thresholds)
        );
        for question in [
            phrasing.as_str(),
            "how do i kalomer",
            "prali nuge",
            "weather",
        ] {
            assert_eq!(ask(&apart, question), ask(&whole, question), "{question}");
        }
        assert!(
            matches!(apart.finish(None), Response::Failed { .. }),
            "nothing waits any more"
        );
    }

    fn ask(bench: &Workbench, question: &str) -> String {
        format!("{:?}", bench.ask(question, false))
    }

    #[test]
    fn a_message_of_another_version_is_refused_with_what_to_do() {
        let json = Envelope::write(Request::Ask {
            question: "x".into(),
            bundle: false,
        })
        .replace(
            &format!("\"version\":{STUDIO_PROTOCOL}"),
            &format!("\"version\":{}", STUDIO_PROTOCOL + 1),
        );
        let error = Envelope::<Request>::read(&json).unwrap_err();
        assert!(error.contains("reload the page"), "{error}");
    }
}
