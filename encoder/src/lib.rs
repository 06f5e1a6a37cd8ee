//! Plauder's second tier: a sentence encoder that understands paraphrases.
//!
//! It runs the MiniLM-L6 family (BERT-style transformers, mean pooling, unit
//! length) from Plauder's own compact file: the layers in 4-bit groups, the
//! word embeddings in int8 steps, a vocabulary, a licence notice, a checksum. The same code encodes a
//! knowledge base natively at build time and a visitor's question in the
//! browser's answering worker. With the `convert` feature it also reads the
//! upstream checkpoint (`model.safetensors`, `tokenizer.json`) and writes the
//! file: `cargo xtask setup` does that once.
//!
//! ```
//! let bytes = encoder::testing::tiny(&["how", "long", "delivery"], 7).to_bytes();
//! let encoder = encoder::Encoder::from_bytes(&bytes)?;
//! let v = encoder.encode("How long is delivery?");
//! assert_eq!(v.len(), encoder.dimensions());
//! assert!((v.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
//! # Ok::<(), encoder::Error>(())
//! ```
#![deny(missing_docs)]

#[cfg(feature = "convert")]
pub mod convert;
mod format;
mod forward;
mod quant;
pub mod testing;
mod tokenizer;
mod upstream;

pub use format::{Config, FORMAT_VERSION, MAX_FILE_BYTES, Model};
pub use quant::Quant;
pub use upstream::{Recipe, assemble};

/// What can go wrong reading an encoder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not a usable encoder file; says why and what fixes it.
    #[error("the encoder file cannot be used: {0}")]
    Format(String),
    /// The upstream checkpoint could not be converted.
    #[error("the upstream model cannot be converted: {0}")]
    Upstream(String),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Sentences encoded together: enough to amortise unpacking each weight row,
/// few enough to keep the activations small.
const BATCH: usize = 32;

/// A loaded encoder: the model and its tokenizer.
pub struct Encoder {
    model: Model,
    tokenizer: tokenizer::Tokenizer,
    checksum: u32,
}

impl Encoder {
    /// Reads an encoder file (checksum, format version and shape checked).
    pub fn from_bytes(bytes: &[u8]) -> Result<Encoder> {
        Encoder::with_checksum(Model::read(bytes)?, checksum(bytes).unwrap_or_default())
    }

    /// An encoder from a model in memory (its checksum is that of its bytes).
    pub fn new(model: Model) -> Result<Encoder> {
        let checksum = checksum(&model.to_bytes()).unwrap_or_default();
        Encoder::with_checksum(model, checksum)
    }

    fn with_checksum(model: Model, checksum: u32) -> Result<Encoder> {
        let tokenizer = tokenizer::Tokenizer::new(&model.vocab)
            .ok_or_else(|| Error::Format("its vocabulary lacks [UNK], [CLS] or [SEP]".into()))?;
        Ok(Encoder {
            model,
            tokenizer,
            checksum,
        })
    }

    /// The checksum ending the encoder's file: second tiers built with this
    /// encoder record it.
    pub fn checksum(&self) -> u32 {
        self.checksum
    }

    /// The file name the encoder is published under: `encoder-<checksum>.bin`.
    pub fn file_name(&self) -> String {
        file_name(self.checksum)
    }

    /// The embedding's dimensions.
    pub fn dimensions(&self) -> usize {
        self.model.config.hidden
    }

    /// What the model is and its licence, as written in the file.
    pub fn notice(&self) -> &str {
        &self.model.notice
    }

    /// The token ids the model sees for `text` (`[CLS]` … `[SEP]`, cut to
    /// the longest input).
    pub fn tokens(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text, self.model.config.max_tokens)
    }

    /// The unit-length embedding of `text`.
    pub fn encode(&self, text: &str) -> Vec<f32> {
        self.encode_batch(&[text]).pop().unwrap_or_default()
    }

    /// The embeddings of several texts, in order (faster than one by one).
    pub fn encode_batch(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts
            .chunks(BATCH)
            .flat_map(|chunk| {
                let ids: Vec<Vec<u32>> = chunk.iter().map(|t| self.tokens(t)).collect();
                forward::encode(&self.model, &ids)
            })
            .collect()
    }
}

/// The checksum that ends an encoder file: it names the file
/// (`encoder-<checksum>.bin`) and the bundle records it, so a worker never
/// pairs a bundle with another encoder.
pub fn checksum(bytes: &[u8]) -> Option<u32> {
    let tail = bytes.len().checked_sub(4).map(|at| &bytes[at..])?;
    Some(u32::from_le_bytes(tail.try_into().ok()?))
}

/// The dot product of two vectors (of one length), in SIMD lanes.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    quant::dot(a, b)
}

/// The name an encoder file is published under: `encoder-<checksum>.bin`.
pub fn file_name(checksum: u32) -> String {
    format!("encoder-{checksum:08x}.bin")
}

/// The cosine of two unit-length vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b)
}
