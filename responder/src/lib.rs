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
//! The `build` feature (on by default) adds sources, building, checking and
//! evaluation; without it, the crate only reads bundles and answers, which is
//! what the browser build uses.
#![deny(missing_docs)]

pub mod analysis;
mod bundle;
pub mod decision;
mod error;
mod human;
mod index;
pub mod lang;
mod responder;
pub mod rich;

#[cfg(feature = "build")]
pub mod build;
#[cfg(feature = "build")]
pub mod check;
#[cfg(feature = "build")]
pub mod eval;
#[cfg(feature = "build")]
mod fit;
#[cfg(feature = "build")]
pub mod source;

pub use bundle::{Entry, FORMAT_VERSION};
pub use decision::{Candidate, Decision, HandoffReason, Thresholds};
pub use error::{Error, Problem, Result};
#[cfg(feature = "build")]
pub use fit::FitReport;
pub use lang::Lang;
pub use responder::{Reply, Responder, bundle_entries};
