//! Plauder's responder: everything that knows FAQs.
//!
//! It reads knowledge bases (Markdown, CSV, JSON), builds them into one
//! bundle file (a tantivy index plus a manifest, built natively), and answers
//! questions from a bundle, natively or in the browser, with one decision:
//! answer, clarify between a few entries, or hand off to a person.
//!
//! ```
//! # #[cfg(feature = "build")] {
//! use responder::{Decision, Lang, Responder};
//!
//! let faq = "## How long does delivery take?\n? When will my order arrive?\n? delivery time\n\n\
//!            Two to three working days.\n\n\
//!            ## Can I return an item?\n? How do I send something back?\n? returns\n\n\
//!            Yes, within 30 days.\n";
//! let kb = responder::source::parse_str("faq.md", faq, "md", Lang::English)?;
//! let bundle = responder::build::build(&kb, &Default::default())?.bytes;
//!
//! let responder = Responder::from_bundle(&bundle)?;
//! let reply = responder.answer("when does my order arrive")?;
//! assert_eq!(responder.entries()[reply.ranked[0].entry].id, "how-long-does-delivery-take");
//! assert!(matches!(responder.answer("I want to talk to a human")?.decision, Decision::Handoff { .. }));
//! # }
//! # Ok::<(), responder::Error>(())
//! ```
//!
//! Features: `search` (on by default) opens a bundle's tantivy index and
//! answers, natively and in the browser's answering worker; `build` (on by
//! default) adds sources, building, checking and evaluation. With none, the
//! crate reads a bundle's entries, knows the decision and the page/worker
//! [`protocol`]: all the page's panel needs, without a search engine.
#![deny(missing_docs)]

#[cfg(feature = "search")]
pub mod analysis;
mod bundle;
mod checksum;
pub mod decision;
mod error;
#[cfg(feature = "search")]
mod human;
#[cfg(feature = "search")]
mod index;
pub mod json;
pub mod lang;
pub mod limits;
#[cfg(feature = "search")]
mod model;
pub mod protocol;
#[cfg(feature = "search")]
pub mod report;
#[cfg(feature = "search")]
mod responder;
pub mod rich;
#[cfg(feature = "search")]
pub mod understanding;

#[cfg(feature = "build")]
pub mod build;
#[cfg(feature = "build")]
pub mod check;
#[cfg(feature = "build")]
pub mod eval;
#[cfg(feature = "build")]
mod fit;
#[cfg(feature = "build")]
mod head;
#[cfg(feature = "build")]
pub mod quiz;
#[cfg(feature = "build")]
pub mod source;
#[cfg(feature = "build")]
pub mod tier2;
#[cfg(feature = "build")]
mod train;

pub use bundle::{Entry, FORMAT_VERSION, bundle_entries, bundle_summary};
pub use decision::{Candidate, Decision, HandoffReason, Thresholds};
pub use error::{Error, Problem, Result};
#[cfg(feature = "build")]
pub use fit::FitReport;
pub use lang::Lang;
#[cfg(feature = "search")]
pub use responder::{Matched, Reply, Responder};
