//! `plauder`: build, check, query and evaluate Plauder knowledge bases.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use encoder::Encoder;
use indicatif::{ProgressBar, ProgressStyle};
use responder::build::{BuildOptions, Built, Stage, build, write_atomically};
use responder::rich::to_plain;
use responder::tier2::{encode_all, second_tier_path};
use responder::understanding::SecondTier;
use responder::{Decision, Lang, Responder, Thresholds, check, eval, source};

/// Build, check, query and evaluate Plauder FAQ bundles.
///
/// A knowledge base is one or more Markdown (.md), CSV (.csv) or JSON (.json)
/// files, or folders of them; docs/knowledge-base.md in the Plauder repository describes the formats.
#[derive(Parser)]
#[command(name = "plauder", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a knowledge base into one bundle file for the widget.
    Build(BuildArgs),
    /// Lint a knowledge base: near-duplicate questions, single phrasings, long answers, bad links.
    Check(CheckArgs),
    /// Ask a bundle a question: the decision, the top entries and their scores.
    Ask(AskArgs),
    /// Measure answer quality on labelled questions (CSV: query,expected_id).
    Eval(EvalArgs),
    /// Write a knowledge base in another format (Markdown, CSV or JSON): it reads back as the
    /// same entries.
    Convert(ConvertArgs),
    /// Group real visitors' questions (one per line) by the entry that answers them, the
    /// entries the FAQ cannot choose between, and what it cannot answer: what to add.
    Report(ReportArgs),
}

#[derive(Args)]
struct KbArgs {
    /// Language of entries that do not name theirs (ISO code: en, de, fr, …).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(Args)]
struct ThresholdArgs {
    /// Answer when an entry's confidence reaches this (overrides the fitted value).
    #[arg(long, requires_all = ["clarify_threshold", "margin"])]
    answer_threshold: Option<f32>,
    /// Offer candidates from this confidence on (overrides the fitted value).
    #[arg(long, requires_all = ["answer_threshold", "margin"])]
    clarify_threshold: Option<f32>,
    /// Answer only when the best entry leads the second by this fraction (0–1).
    #[arg(long, requires_all = ["answer_threshold", "clarify_threshold"])]
    margin: Option<f32>,
}

impl ThresholdArgs {
    fn get(&self) -> Result<Option<Thresholds>> {
        let (Some(answer), Some(clarify), Some(margin)) =
            (self.answer_threshold, self.clarify_threshold, self.margin)
        else {
            return Ok(None);
        };
        let thresholds = Thresholds {
            answer,
            clarify,
            margin,
        };
        thresholds.validate().map_err(anyhow::Error::msg)?;
        Ok(Some(thresholds))
    }
}

#[derive(Args)]
struct EncoderArgs {
    /// The sentence encoder for the second tier (the file `cargo xtask
    /// setup` makes in .tools/encoder/, or a published encoder-CHECKSUM.bin).
    #[arg(long, env = "PLAUDER_ENCODER", value_name = "FILE")]
    encoder: Option<PathBuf>,
}

impl EncoderArgs {
    fn load(&self) -> Result<Option<Encoder>> {
        let Some(path) = &self.encoder else {
            return Ok(None);
        };
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Ok(Some(
            Encoder::from_bytes(&bytes).with_context(|| path.display().to_string())?,
        ))
    }
}

/// Which tiers answer.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Tier {
    /// The first tier alone: the index and the model learned from the FAQ's words.
    First,
    /// Both: the first tier blended with the sentence encoder (needs --encoder).
    Both,
}

#[derive(Args)]
struct BuildArgs {
    /// Knowledge-base files or folders.
    #[arg(required = true)]
    sources: Vec<PathBuf>,
    /// The bundle to write (replaced only once the build has succeeded).
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    kb: KbArgs,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// Also build the second tier with this encoder, written beside the
    /// bundle: NAME.tier2.plauder for NAME.plauder.
    #[command(flatten)]
    encoder: EncoderArgs,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Knowledge-base files or folders.
    #[arg(required = true)]
    sources: Vec<PathBuf>,
    #[command(flatten)]
    kb: KbArgs,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct AskArgs {
    /// A bundle written by `plauder build`.
    bundle: PathBuf,
    /// The question.
    question: String,
    /// How many ranked entries to show.
    #[arg(short = 'n', long, default_value_t = 3)]
    top: usize,
    /// Print the reply as JSON.
    #[arg(long)]
    json: bool,
    /// Show each tier's score beside the blend.
    #[arg(long)]
    explain: bool,
    /// Answer with both tiers: the bundle's second tier, NAME.tier2.plauder
    /// beside NAME.plauder, and this encoder.
    #[command(flatten)]
    encoder: EncoderArgs,
}

#[derive(Args)]
struct ConvertArgs {
    /// Knowledge-base files or folders.
    #[arg(required = true)]
    sources: Vec<PathBuf>,
    /// The file to write; its extension (.md, .csv, .json) names the format.
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    kb: KbArgs,
}

#[derive(Args)]
struct ReportArgs {
    /// A bundle written by `plauder build`.
    bundle: PathBuf,
    /// Visitors' questions, one per line (for example from the widget's `plauder:handoff`
    /// and `plauder:question` events); `-` reads them from standard input.
    questions: PathBuf,
    /// How many questions to show per group.
    #[arg(short = 'n', long, default_value_t = 5)]
    top: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Answer with both tiers: the bundle's second tier, NAME.tier2.plauder
    /// beside NAME.plauder, and this encoder.
    #[command(flatten)]
    encoder: EncoderArgs,
}

#[derive(Args)]
struct EvalArgs {
    /// Knowledge-base files or folders.
    #[arg(long, required = true, num_args = 1..)]
    kb: Vec<PathBuf>,
    /// Labelled questions: CSV with header query,expected_id (empty id: out of scope).
    #[arg(long)]
    queries: PathBuf,
    #[command(flatten)]
    lang: KbArgs,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    encoder: EncoderArgs,
    /// Which tiers answer (both needs an encoder; without one, the first).
    #[arg(long, value_enum, default_value = "both")]
    tier: Tier,
}

/// `println!` that ends quietly when the reader went away (`plauder ask … | head -1`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        if let Err(err) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if err.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::parse(code).ok_or_else(|| {
        format!(
            "unknown language '{code}': use one of {}",
            Lang::supported_codes()
        )
    })
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build_command(args),
        Command::Check(args) => check_command(args),
        Command::Ask(args) => ask_command(args),
        Command::Eval(args) => eval_command(args),
        Command::Report(args) => report_command(args),
        Command::Convert(args) => convert_command(args),
    }
}

/// Loads and builds, with a progress bar on a terminal.
fn load_and_build(
    sources: &[PathBuf],
    lang: Lang,
    thresholds: Option<Thresholds>,
    encoder: Option<&Encoder>,
    quiet: bool,
) -> Result<(source::KnowledgeBase, Built)> {
    let kb = source::load(sources, lang)?;
    let bar = match quiet {
        true => ProgressBar::hidden(),
        false => ProgressBar::new(0),
    };
    bar.set_style(
        ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |stage: Stage, done: usize, total: usize| {
        bar.set_message(match stage {
            Stage::Indexing => "indexing",
            Stage::Fitting => "fitting",
            Stage::Understanding => "encoding",
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let built = build(
        &kb,
        &BuildOptions {
            thresholds,
            progress: Some(&progress),
            encoder,
        },
    );
    bar.finish_and_clear();
    Ok((kb, built?))
}

fn build_command(args: BuildArgs) -> Result<ExitCode> {
    let encoder = args.encoder.load()?;
    let (kb, built) = load_and_build(
        &args.sources,
        args.kb.lang,
        args.thresholds.get()?,
        encoder.as_ref(),
        args.quiet,
    )?;
    let second = second_tier_path(&args.output);
    match &built.second_tier {
        Some(tier) => write_atomically(&second, tier)?,
        // A second tier of an earlier build would not match this bundle.
        None if second.exists() => std::fs::remove_file(&second)
            .with_context(|| format!("cannot remove the stale {}", second.display()))?,
        None => {}
    }
    write_atomically(&args.output, &built.bytes)?;
    if !args.quiet {
        let t = built.responder.thresholds();
        say!(
            "wrote {}: {} entries, {} phrasings, {} bytes",
            args.output.display(),
            kb.entries.len(),
            kb.phrasing_count(),
            built.bytes.len()
        );
        say!(
            "thresholds: answer {:.3}, margin {:.2}, clarify {:.3}",
            t.answer,
            t.margin,
            t.clarify
        );
        for line in built.fit.describe() {
            say!("{line}");
        }
        if let Some(note) = &built.second_note {
            say!("note: {note}");
        }
        if let (Some(bytes), Some(tier)) = (&built.second_tier, built.responder.second_tier()) {
            let t = tier.thresholds();
            say!(
                "wrote {}: second tier ({}), {} bytes; blend {:.0}% encoder, {:.0}% first tier; thresholds answer {:.3}, margin {:.2}, clarify {:.3}",
                second.display(),
                tier.describe(),
                bytes.len(),
                100.0 * tier.share(),
                100.0 * (1.0 - tier.share()),
                t.answer,
                t.margin,
                t.clarify
            );
            if let Some(fit) = &built.second_fit {
                say!(
                    "second tier held-out accuracy {:.1}% (same self-quiz)",
                    fit.held_out_accuracy
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_command(args: CheckArgs) -> Result<ExitCode> {
    let kb = source::load(&args.sources, args.kb.lang)?;
    let warnings = check::check(&kb);
    for warning in &warnings {
        say!("warning: {warning}");
    }
    say!(
        "{} entries, {} phrasings, {} warnings",
        kb.entries.len(),
        kb.phrasing_count(),
        warnings.len()
    );
    Ok(if args.strict && !warnings.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A bundle's responder and, with an encoder given and a second tier beside
/// the bundle, the encoder, the second tier attached.
fn open_bundle(
    bundle: &std::path::Path,
    encoder: &EncoderArgs,
    quiet: bool,
) -> Result<(Responder, Option<Encoder>)> {
    let bytes =
        std::fs::read(bundle).with_context(|| format!("cannot read {}", bundle.display()))?;
    let mut responder =
        Responder::from_bundle(&bytes).with_context(|| format!("{}", bundle.display()))?;
    let second = second_tier_path(bundle);
    let encoder = match second.exists() {
        true => encoder.load()?,
        false => None,
    };
    match &encoder {
        Some(encoder) => {
            let tier = std::fs::read(&second)
                .map_err(anyhow::Error::from)
                .and_then(|b| Ok(SecondTier::read(&b)?))
                .with_context(|| second.display().to_string())?;
            responder
                .set_second_tier(tier, encoder.checksum())
                .with_context(|| second.display().to_string())?;
        }
        None if second.exists() && !quiet => eprintln!(
            "note: {} not used: pass --encoder to answer with both tiers",
            second.display()
        ),
        None => {}
    }
    Ok((responder, encoder))
}

/// The reply of one tier, or of both with an encoder.
fn reply(
    responder: &Responder,
    encoder: Option<&Encoder>,
    question: &str,
) -> responder::Result<responder::Reply> {
    match encoder {
        Some(encoder) => responder.answer_understood(question, &encoder.encode(question)),
        None => responder.answer(question),
    }
}

fn convert_command(args: ConvertArgs) -> Result<ExitCode> {
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let write = match extension.as_deref() {
        Some("md" | "markdown") => source::to_markdown,
        Some("csv") => source::to_csv,
        Some("json") => source::to_json,
        _ => anyhow::bail!(
            "{}: name the output .md, .csv or .json: its extension is the format",
            args.output.display()
        ),
    };
    let kb = source::load(&args.sources, args.kb.lang)?;
    write_atomically(&args.output, write(&kb).as_bytes())
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    say!(
        "{} entries, {} phrasings written to {}",
        kb.entries.len(),
        kb.phrasing_count(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn report_command(args: ReportArgs) -> Result<ExitCode> {
    let (responder, encoder) = open_bundle(&args.bundle, &args.encoder, args.json)?;
    let text = match args.questions.as_os_str() == "-" {
        true => std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?,
        false => std::fs::read_to_string(&args.questions)
            .with_context(|| format!("cannot read {}", args.questions.display()))?,
    };
    let report =
        responder::report::report(text.lines(), |q| reply(&responder, encoder.as_ref(), q))?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let entries = responder.entries();
    let share = |n: usize| 100.0 * n as f64 / report.total.max(1) as f64;
    let count = |groups: &[responder::report::Group]| groups.iter().map(|g| g.count()).sum();
    let sum = |list: &[responder::report::Asked]| list.iter().map(|a| a.count).sum();
    let (answered, clarified) = (count(&report.answered), count(&report.clarified));
    let (person, unanswered) = (sum(&report.asked_for_person), sum(&report.unanswered));
    say!(
        "{} questions: {answered} answered ({:.0}%), {clarified} clarified ({:.0}%), {person} asked for a person, {unanswered} unanswered ({:.0}%)",
        report.total,
        share(answered),
        share(clarified),
        share(unanswered)
    );
    let shown = |list: &[responder::report::Asked]| {
        let mut line: Vec<String> = list
            .iter()
            .take(args.top)
            .map(|a| match a.count {
                1 => a.question.clone(),
                n => format!("{} ({n}×)", a.question),
            })
            .collect();
        if list.len() > args.top {
            line.push(format!("… {} more", list.len() - args.top));
        }
        line.join(" · ")
    };
    let names = |group: &responder::report::Group| {
        group
            .entries
            .iter()
            .map(|&e| entries[e].id.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    if !report.unanswered.is_empty() {
        say!("\nunanswered: add an entry, or a phrasing to the entry meant");
        say!("  {}", shown(&report.unanswered));
    }
    if !report.clarified.is_empty() {
        say!("\nclarified: the FAQ could not choose; add phrasings that tell these entries apart");
        for group in &report.clarified {
            say!(
                "  {} ({}): {}",
                names(group),
                group.count(),
                shown(&group.questions)
            );
        }
    }
    if !report.answered.is_empty() {
        say!("\nanswered, by entry");
        for group in &report.answered {
            say!(
                "  {} ({}): {}",
                names(group),
                group.count(),
                shown(&group.questions)
            );
        }
    }
    if !report.asked_for_person.is_empty() {
        say!("\nasked for a person: {}", shown(&report.asked_for_person));
    }
    Ok(ExitCode::SUCCESS)
}

fn ask_command(args: AskArgs) -> Result<ExitCode> {
    let (responder, encoder) = open_bundle(&args.bundle, &args.encoder, args.json)?;
    let embedding = encoder.as_ref().map(|e| e.encode(&args.question));
    let mut reply = match &embedding {
        Some(e) => responder.answer_understood(&args.question, e)?,
        None => responder.answer(&args.question)?,
    };
    reply.ranked.truncate(args.top);
    if args.json {
        say!("{}", serde_json::to_string_pretty(&reply)?);
        return Ok(ExitCode::SUCCESS);
    }
    let entries = responder.entries();
    match &reply.decision {
        Decision::Answer { entry } => {
            say!(
                "answer: {} ({})\n",
                entries[*entry].question,
                entries[*entry].id
            );
            say!("{}\n", to_plain(&entries[*entry].answer));
        }
        Decision::Clarify {
            entries: candidates,
        } => {
            say!("clarify: did you mean");
            for &c in candidates {
                say!("  - {} ({})", entries[c].question, entries[c].id);
            }
            say!();
        }
        Decision::Handoff { reason } => say!("handoff: {reason:?}\n"),
    }
    if args.explain {
        explain(
            &responder,
            &args.question,
            embedding.as_deref(),
            &reply.ranked,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for candidate in &reply.ranked {
        let entry = &entries[candidate.entry];
        say!(
            "{:>6.3} {:>7.2}  {}  ({})",
            candidate.confidence,
            candidate.score,
            entry.question,
            entry.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The ranked entries with each tier's score beside the blend.
fn explain(
    responder: &Responder,
    question: &str,
    embedding: Option<&[f32]>,
    ranked: &[responder::Candidate],
) -> Result<()> {
    let tiers = responder.tier_scores(question, embedding)?;
    say!(" blend  first  second  entry");
    for candidate in ranked {
        let (first, second) = tiers[candidate.entry];
        let second = second.map_or("     -".to_string(), |s| format!("{s:>6.3}"));
        let entry = &responder.entries()[candidate.entry];
        say!(
            "{:>6.3} {:>6.3} {second}  {}  ({})",
            candidate.confidence,
            first,
            entry.question,
            entry.id
        );
        let matched = responder.matched(question, candidate.entry)?;
        let mut why = Vec::new();
        for (label, terms) in [
            ("words", &matched.words),
            ("parts", &matched.parts),
            ("in the answer", &matched.in_answer),
        ] {
            if !terms.is_empty() {
                why.push(format!("{label}: {}", terms.join(", ")));
            }
        }
        why.push(format!("trigrams {}/{}", matched.grams.0, matched.grams.1));
        say!("{:>22}{}", "", why.join(" · "));
    }
    Ok(())
}

fn eval_command(args: EvalArgs) -> Result<ExitCode> {
    let questions = eval::read_questions(&args.queries)?;
    if questions.is_empty() {
        bail!("{}: no questions", args.queries.display());
    }
    let encoder = match args.tier {
        Tier::Both => args.encoder.load()?,
        Tier::First => None,
    };
    if args.tier == Tier::Both && encoder.is_none() {
        eprintln!("note: no encoder (--encoder or PLAUDER_ENCODER): the first tier answers alone");
    }
    let (_, built) = load_and_build(
        &args.kb,
        args.lang.lang,
        args.thresholds.get()?,
        encoder.as_ref(),
        args.json,
    )?;
    let responder = built.responder;
    let file = args.queries.display().to_string();
    if let Some(note) = &built.second_note {
        eprintln!("note: {note}");
    }
    let encoder = encoder.filter(|_| responder.second_tier().is_some());
    let embeddings = encoder.as_ref().map(|encoder| {
        let texts: Vec<&str> = questions.iter().map(|q| q.text.as_str()).collect();
        encode_all(encoder, &texts)
    });
    let report = eval::evaluate(
        &responder,
        &questions,
        built.bytes.len(),
        &file,
        embeddings.as_deref(),
    )?;
    if args.json {
        say!("{}", serde_json::to_string(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let t = responder
        .second_tier()
        .map_or(responder.thresholds(), SecondTier::thresholds);
    say!(
        "questions           {} in scope, {} out of scope",
        report.n_in_scope,
        report.n_out_of_scope
    );
    say!("accuracy@1          {:.2}%", report.accuracy_at_1);
    say!("MRR                 {:.4}", report.mrr);
    say!(
        "in-scope accuracy   {:.2}%  (answered with the right entry)",
        report.in_scope_accuracy
    );
    match report.oos_recall {
        Some(recall) => say!("out-of-scope recall {recall:.2}%  (not answered)"),
        None => say!("out-of-scope recall n/a (no out-of-scope questions)"),
    }
    say!("answer precision    {:.2}%", report.answer_precision);
    say!(
        "clarify rate        {:.2}%  (right entry offered for {:.2}% of in-scope)",
        report.clarify_rate,
        report.clarify_hit_rate
    );
    if let Some(rate) = report.oos_clarify_rate {
        say!(
            "                    {rate:.2}% of out-of-scope offered candidates instead of a person"
        );
    }
    say!("questions/second    {:.0}", report.queries_per_second);
    say!("bundle              {} bytes", report.bundle_bytes);
    say!(
        "thresholds          answer {:.3}, margin {:.2}, clarify {:.3}",
        t.answer,
        t.margin,
        t.clarify
    );
    Ok(ExitCode::SUCCESS)
}
