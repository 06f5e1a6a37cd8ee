//! Plauder's fuzz targets.
//!
//! Each target takes arbitrary bytes, feeds them to one parser or file
//! reader, and panics when a property fails: not only "no panic", but what
//! is parsed round-trips, what is sanitised holds no markup, a question
//! always gets a sound decision. `cargo xtask fuzz` runs them under
//! libFuzzer (`src/bin/plauder-fuzz.rs`); `tests/fuzz` replays the seeds and
//! every input ever kept under `tests/fixtures/fuzz/<target>/`.
//!
//! The binary formats end in a CRC-32 (and the bundle states its length): a
//! mutation would only ever meet the checksum. Their targets *fix the
//! envelope up* first, so the decoders behind it meet the garbage.
#![deny(missing_docs)]

mod files;
mod sources;
mod visitor;

/// A fuzz target: its name (the folder of its inputs) and its check.
pub struct Target {
    /// The name, as `cargo xtask fuzz --target` takes it.
    pub name: &'static str,
    /// What it feeds and checks.
    pub about: &'static str,
    /// Runs one input; panics when a property fails.
    pub run: fn(&[u8]),
    /// Inputs to start from (valid files and texts of its kind).
    pub seeds: fn() -> Vec<Vec<u8>>,
}

/// Every target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "markdown",
        about: "Markdown knowledge-base sources: parsed entries written back and read again are equal",
        run: sources::markdown,
        seeds: sources::markdown_seeds,
    },
    Target {
        name: "csv",
        about: "CSV knowledge-base sources: parsed entries written back and read again are equal",
        run: sources::csv,
        seeds: sources::csv_seeds,
    },
    Target {
        name: "json",
        about: "JSON knowledge-base sources: parsed entries written back and read again are equal",
        run: sources::json,
        seeds: sources::json_seeds,
    },
    Target {
        name: "answer",
        about: "the answer sanitiser: no raw HTML, only safe links, a stable serialised form",
        run: sources::answer,
        seeds: sources::answer_seeds,
    },
    Target {
        name: "question",
        about: "a visitor's question (any Unicode, any length): always a sound decision",
        run: visitor::question,
        seeds: visitor::question_seeds,
    },
    Target {
        name: "settings",
        about: "the loader's settings JSON: messenger links that decode back to the message",
        run: visitor::settings,
        seeds: visitor::settings_seeds,
    },
    Target {
        name: "hours",
        about: "opening hours: the next opening is open and nothing before it is",
        run: visitor::hours,
        seeds: visitor::hours_seeds,
    },
    Target {
        name: "bundle",
        about: "the bundle reader behind its checksum: manifest, files and the index",
        run: files::bundle,
        seeds: files::bundle_seeds,
    },
    Target {
        name: "tier2",
        about: "the second-tier reader behind its checksum",
        run: files::tier2,
        seeds: files::tier2_seeds,
    },
    Target {
        name: "encoder",
        about: "the encoder file reader behind its checksum, then an encoding",
        run: files::encoder,
        seeds: files::encoder_seeds,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// The demo shop's FAQ (English), the knowledge base behind several targets.
pub const SHOP_FAQ: &str = include_str!("../../tests/fixtures/shop-en.md");
