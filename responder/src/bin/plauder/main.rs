//! `plauder`: build, check, query and evaluate Plauder knowledge bases.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use responder::build::{BuildOptions, Built, Stage, build, write_atomically};
use responder::rich::to_plain;
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
    }
}

/// Loads and builds, with a progress bar on a terminal.
fn load_and_build(
    sources: &[PathBuf],
    lang: Lang,
    thresholds: Option<Thresholds>,
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
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let built = build(
        &kb,
        &BuildOptions {
            thresholds,
            progress: Some(&progress),
        },
    );
    bar.finish_and_clear();
    Ok((kb, built?))
}

fn build_command(args: BuildArgs) -> Result<ExitCode> {
    let (kb, built) = load_and_build(
        &args.sources,
        args.kb.lang,
        args.thresholds.get()?,
        args.quiet,
    )?;
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
        match &built.fit.note {
            Some(note) => say!("note: {note}"),
            None => {
                let fit = &built.fit;
                say!(
                    "fitted on {} in-scope questions ({} phrasings held out of index and model, {} single phrasings reworded (a word in three replaced)) and {} out-of-scope ones (phrasings asked with their entry left out)",
                    fit.in_scope_samples,
                    fit.in_scope_samples - fit.reworded_samples,
                    fit.reworded_samples,
                    fit.out_of_scope_samples,
                );
                say!(
                    "held-out accuracy {:.1}%; ranking: {:.0}% learned model, {:.0}% word matching (BM25)",
                    fit.held_out_accuracy,
                    100.0 * fit.learned_share,
                    100.0 * (1.0 - fit.learned_share)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_command(args: CheckArgs) -> Result<ExitCode> {
    let (kb, built) = load_and_build(&args.sources, args.kb.lang, None, false)?;
    let warnings = check::check(&kb, &built.responder)?;
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

fn ask_command(args: AskArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.bundle)
        .with_context(|| format!("cannot read {}", args.bundle.display()))?;
    let responder =
        Responder::from_bundle(&bytes).with_context(|| format!("{}", args.bundle.display()))?;
    let mut reply = responder.answer(&args.question)?;
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

fn eval_command(args: EvalArgs) -> Result<ExitCode> {
    let questions = eval::read_questions(&args.queries)?;
    if questions.is_empty() {
        bail!("{}: no questions", args.queries.display());
    }
    let (_, built) = load_and_build(&args.kb, args.lang.lang, args.thresholds.get()?, args.json)?;
    let responder = Responder::from_bundle(&built.bytes)?;
    let file = args.queries.display().to_string();
    let report = eval::evaluate(&responder, &questions, built.bytes.len(), &file)?;
    if args.json {
        say!("{}", serde_json::to_string(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let t = responder.thresholds();
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
