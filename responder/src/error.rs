//! The one error type of the responder.

use std::fmt;

/// What went wrong, for every fallible operation of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The knowledge-base source has problems; each names its place and its fix.
    #[error("{}", Problems(.0))]
    Invalid(Vec<Problem>),
    /// The bytes are not a Plauder bundle at all (wrong magic bytes).
    #[error(
        "not a Plauder bundle (it does not start with the Plauder magic bytes): build one with `plauder build`"
    )]
    NotABundle,
    /// The bundle was written in a format version this reader does not know.
    #[error(
        "bundle format version {found} is not supported by this reader (it reads version {supported}): rebuild the bundle with the same Plauder version as the widget"
    )]
    UnsupportedVersion {
        /// The version stamped in the bundle.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The bundle is shorter than its header says: an interrupted download or copy.
    #[error("bundle is truncated: {got} of {expected} bytes: copy or upload it again")]
    Truncated {
        /// Bytes the header announces.
        expected: u64,
        /// Bytes present.
        got: u64,
    },
    /// The bundle is larger than Plauder reads.
    #[error(
        "bundle is {bytes} bytes, more than the {limit} Plauder reads: split the FAQ into several bundles (one per site section)"
    )]
    TooLarge {
        /// The bundle's size.
        bytes: u64,
        /// [`crate::limits::BUNDLE_BYTES`].
        limit: u64,
    },
    /// The bundle's bytes do not add up: a checksum or structure mismatch.
    #[error("bundle is corrupt ({0}): rebuild it with `plauder build`")]
    Corrupt(String),
    /// The search index inside the bundle could not be built or opened.
    #[error("index error: {0}")]
    Index(String),
    /// Reading or writing a file failed. (The failure is part of the
    /// message, not a chained source, so that error chains print it once.)
    #[error("{path}: {error}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying failure, as the system described it (text, not
        /// `std::io::Error`: the browser's modules, which read no files,
        /// then link no formatting of every I/O error kind).
        error: String,
    },
    /// A caller passed a value outside its range.
    #[error("{0}")]
    InvalidArgument(String),
    /// The second-tier file (what the encoder knows of the knowledge base)
    /// cannot be used; says why and how to rebuild it.
    #[error("second-tier file {0}")]
    SecondTier(String),
    /// The sentence encoder cannot be used, or does not match the bundle.
    #[error("encoder: {0}")]
    Encoder(String),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(feature = "search")]
impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Self {
        Error::Index(err.to_string())
    }
}

/// One problem in a knowledge-base source: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or `<input>`).
    pub file: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Problem {
    /// A problem at `file:line`.
    pub fn new(
        file: &str,
        line: Option<usize>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_string(),
            line,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.file, line, self.message, self.fix),
            None => write!(f, "{}: {}: {}", self.file, self.message, self.fix),
        }
    }
}

struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [only] = self.0 {
            return write!(f, "{only}");
        }
        write!(f, "{} problems in the knowledge base:", self.0.len())?;
        for problem in self.0 {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}
