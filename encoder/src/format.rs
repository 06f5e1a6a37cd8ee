//! Plauder's encoder file: the one place that writes and reads it.
//!
//! ```text
//! "PLAUDER ENCODER\n"  magic, then the notice (model, licence) as text, so
//!                      `head -c 400 encoder-….bin` shows what the file is
//! u32 notice length, notice bytes, u32 FORMAT_VERSION
//! u32 × 6              vocab, hidden, layers, heads, ffn, max_tokens
//! u32 length, bytes    the vocabulary, one token per line, in id order
//! matrix               word embeddings (vocab × hidden)
//! matrix               position embeddings + token type 0 (max_tokens × hidden)
//! norm                 embedding LayerNorm
//! per layer: matrix + bias (q, k, v stacked), matrix + bias (attention out),
//!            norm, matrix + bias (FFN in), matrix + bias (FFN out), norm
//! u32                  CRC-32 of everything before it
//! ```
//! All numbers little-endian. A matrix is `u8 kind, u32 rows, u32 cols`, then
//! float32 values (kind 0); or float32 row scales and int8 values (1); or
//! `u32 group`, float16 scales, float16 minimums and 4-bit values (2: byte
//! `j` of a group holds value `j` in its low nibble and value `j + group/2`
//! in its high one, so unpacking vectorises).
//! A vector (bias, norm weight, norm bias) is `u32 length` and float32 values.

use crate::quant::{Data, Matrix, f16_to_f32, f32_to_f16};
use crate::{Error, Result};

/// The encoder file format this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;

const MAGIC: &[u8; 16] = b"PLAUDER ENCODER\n";

/// The largest encoder file read (a 4-bit MiniLM is about 13 MB, the
/// float32 reference 87 MB).
pub const MAX_FILE_BYTES: usize = 96 << 20;

/// Bounds on an encoder's shape, so a hostile file cannot ask for huge memory.
const MAX_VOCAB: usize = 250_000;
const MAX_HIDDEN: usize = 1024;
const MAX_LAYERS: usize = 24;
const MAX_FFN: usize = 4096;
const MAX_TOKENS: usize = 512;

/// An encoder's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Vocabulary size.
    pub vocab: usize,
    /// Width of every token vector (the embedding's dimensions).
    pub hidden: usize,
    /// Transformer layers.
    pub layers: usize,
    /// Attention heads per layer.
    pub heads: usize,
    /// Width of the feed-forward layer.
    pub ffn: usize,
    /// Longest input, in tokens, `[CLS]` and `[SEP]` included.
    pub max_tokens: usize,
}

/// LayerNorm's scale and shift.
pub struct Norm {
    pub(crate) weight: Vec<f32>,
    pub(crate) bias: Vec<f32>,
}

/// A linear map with its bias.
pub struct Dense {
    pub(crate) matrix: Matrix,
    pub(crate) bias: Vec<f32>,
}

/// One transformer layer (BERT's post-LayerNorm block).
pub struct Layer {
    pub(crate) qkv: Dense,
    pub(crate) attention_out: Dense,
    pub(crate) norm1: Norm,
    pub(crate) ffn_in: Dense,
    pub(crate) ffn_out: Dense,
    pub(crate) norm2: Norm,
}

/// Everything an encoder file holds.
pub struct Model {
    pub(crate) notice: String,
    pub(crate) config: Config,
    pub(crate) vocab: Vec<String>,
    pub(crate) words: Matrix,
    pub(crate) positions: Matrix,
    pub(crate) norm: Norm,
    pub(crate) layers: Vec<Layer>,
}

impl Model {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_bytes(&mut out, self.notice.as_bytes());
        put_u32(&mut out, FORMAT_VERSION);
        let c = self.config;
        for n in [c.vocab, c.hidden, c.layers, c.heads, c.ffn, c.max_tokens] {
            put_u32(&mut out, n as u32);
        }
        put_bytes(&mut out, self.vocab.join("\n").as_bytes());
        put_matrix(&mut out, &self.words);
        put_matrix(&mut out, &self.positions);
        put_norm(&mut out, &self.norm);
        for layer in &self.layers {
            put_dense(&mut out, &layer.qkv);
            put_dense(&mut out, &layer.attention_out);
            put_norm(&mut out, &layer.norm1);
            put_dense(&mut out, &layer.ffn_in);
            put_dense(&mut out, &layer.ffn_out);
            put_norm(&mut out, &layer.norm2);
        }
        let crc = crc32fast::hash(&out);
        put_u32(&mut out, crc);
        out
    }

    /// Reads an encoder file, checking its checksum, version and every size.
    pub fn read(bytes: &[u8]) -> Result<Model> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(format_error(format!(
                "the file is {} MB, over the {} MB an encoder may have",
                bytes.len() >> 20,
                MAX_FILE_BYTES >> 20
            )));
        }
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(format_error("it is not a Plauder encoder file".into()));
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(body) != u32::from_le_bytes(crc.try_into().unwrap_or_default()) {
            return Err(format_error(
                "its checksum does not match: the file is truncated or corrupt; download or build it again"
                    .into(),
            ));
        }
        let mut r = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let notice = std::str::from_utf8(r.bytes_field(4096)?)
            .map_err(|_| format_error("its notice is not UTF-8".into()))?
            .to_string();
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(format_error(format!(
                "it has format version {version}, this Plauder reads version {FORMAT_VERSION}: \
                 rebuild it with `cargo xtask setup` from the same Plauder"
            )));
        }
        let config = r.config()?;
        let vocab = r.vocab(config.vocab)?;
        let (h, f) = (config.hidden, config.ffn);
        let words = r.matrix(config.vocab, h)?;
        let positions = r.matrix(config.max_tokens, h)?;
        let norm = r.norm(h)?;
        let mut layers = Vec::with_capacity(config.layers);
        for _ in 0..config.layers {
            layers.push(Layer {
                qkv: r.dense(3 * h, h)?,
                attention_out: r.dense(h, h)?,
                norm1: r.norm(h)?,
                ffn_in: r.dense(f, h)?,
                ffn_out: r.dense(h, f)?,
                norm2: r.norm(h)?,
            });
        }
        if r.at != body.len() {
            return Err(format_error(format!(
                "{} unexpected bytes at the end",
                body.len() - r.at
            )));
        }
        Ok(Model {
            notice,
            config,
            vocab,
            words,
            positions,
            norm,
            layers,
        })
    }
}

/// Weights, scales and minimums are numbers: no NaN, no infinity.
fn finite(values: &[f32]) -> Result<()> {
    match values.iter().all(|v| v.is_finite()) {
        true => Ok(()),
        false => Err(format_error("it has a weight that is not a number".into())),
    }
}

fn format_error(problem: String) -> Error {
    Error::Format(problem)
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

fn put_floats(out: &mut Vec<u8>, values: &[f32]) {
    out.extend(values.iter().flat_map(|v| v.to_le_bytes()));
}

fn put_vector(out: &mut Vec<u8>, values: &[f32]) {
    put_u32(out, values.len() as u32);
    put_floats(out, values);
}

fn put_norm(out: &mut Vec<u8>, norm: &Norm) {
    put_vector(out, &norm.weight);
    put_vector(out, &norm.bias);
}

fn put_dense(out: &mut Vec<u8>, dense: &Dense) {
    put_matrix(out, &dense.matrix);
    put_vector(out, &dense.bias);
}

fn put_matrix(out: &mut Vec<u8>, m: &Matrix) {
    out.push(match &m.data {
        Data::F32(_) => 0,
        Data::Q8 { .. } => 1,
        Data::Q4 { .. } => 2,
    });
    put_u32(out, m.rows as u32);
    put_u32(out, m.cols as u32);
    match &m.data {
        Data::F32(values) => put_floats(out, values),
        Data::Q8 { scales, values } => {
            put_floats(out, scales);
            out.extend(values.iter().map(|&v| v as u8));
        }
        Data::Q4 {
            group,
            scales,
            mins,
            nibbles,
        } => {
            put_u32(out, *group as u32);
            for v in scales.iter().chain(mins) {
                out.extend_from_slice(&f32_to_f16(*v).to_le_bytes());
            }
            out.extend_from_slice(nibbles);
        }
    }
}

/// A bounds-checked reader: every length is checked against what is left
/// before anything is allocated.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| format_error(format!("it ends early, at byte {}", self.at)))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self, what: &str, max: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n == 0 || n > max {
            return Err(format_error(format!(
                "its {what} is {n}, outside 1..={max}"
            )));
        }
        Ok(n)
    }

    fn bytes_field(&mut self, max: usize) -> Result<&'a [u8]> {
        let n = self.u32()? as usize;
        if n > max {
            return Err(format_error(format!(
                "a field of {n} bytes at byte {}",
                self.at
            )));
        }
        self.take(n)
    }

    fn config(&mut self) -> Result<Config> {
        let config = Config {
            vocab: self.size("vocabulary", MAX_VOCAB)?,
            hidden: self.size("width", MAX_HIDDEN)?,
            layers: self.size("layer count", MAX_LAYERS)?,
            heads: self.size("head count", MAX_HIDDEN)?,
            ffn: self.size("feed-forward width", MAX_FFN)?,
            max_tokens: self.size("longest input", MAX_TOKENS)?,
        };
        if !config.hidden.is_multiple_of(config.heads) || config.max_tokens < 2 {
            return Err(format_error(format!(
                "its shape {config:?} is not a BERT encoder"
            )));
        }
        Ok(config)
    }

    fn vocab(&mut self, size: usize) -> Result<Vec<String>> {
        let text = std::str::from_utf8(self.bytes_field(size * 101)?)
            .map_err(|_| format_error("its vocabulary is not UTF-8".into()))?;
        let vocab: Vec<String> = text.split('\n').map(str::to_string).collect();
        if vocab.len() != size {
            return Err(format_error(format!(
                "its vocabulary has {} tokens, its header says {size}",
                vocab.len()
            )));
        }
        Ok(vocab)
    }

    fn floats(&mut self, n: usize) -> Result<Vec<f32>> {
        let bytes = self.take(
            n.checked_mul(4)
                .ok_or_else(|| format_error("overflow".into()))?,
        )?;
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        finite(&values)?;
        Ok(values)
    }

    fn vector(&mut self, len: usize) -> Result<Vec<f32>> {
        let n = self.u32()? as usize;
        if n != len {
            return Err(format_error(format!(
                "a vector of {n} numbers where {len} belong"
            )));
        }
        self.floats(n)
    }

    fn norm(&mut self, len: usize) -> Result<Norm> {
        Ok(Norm {
            weight: self.vector(len)?,
            bias: self.vector(len)?,
        })
    }

    fn dense(&mut self, rows: usize, cols: usize) -> Result<Dense> {
        Ok(Dense {
            matrix: self.matrix(rows, cols)?,
            bias: self.vector(rows)?,
        })
    }

    fn matrix(&mut self, rows: usize, cols: usize) -> Result<Matrix> {
        let kind = self.take(1)?[0];
        let (r, c) = (self.u32()? as usize, self.u32()? as usize);
        if (r, c) != (rows, cols) {
            return Err(format_error(format!(
                "a {r}×{c} matrix where {rows}×{cols} belongs"
            )));
        }
        let n = rows * cols;
        let data = match kind {
            0 => Data::F32(self.floats(n)?),
            1 => Data::Q8 {
                scales: self.floats(rows)?,
                values: self.take(n)?.iter().map(|&b| b as i8).collect(),
            },
            2 => {
                let group = self.u32()? as usize;
                if group < 2 || !group.is_multiple_of(2) || !cols.is_multiple_of(group) {
                    return Err(format_error(format!(
                        "a 4-bit group of {group} for {cols} columns"
                    )));
                }
                let groups = n / group;
                let halves = self.take(groups * 4)?;
                let half =
                    |i: usize| f16_to_f32(u16::from_le_bytes([halves[2 * i], halves[2 * i + 1]]));
                let scales: Vec<f32> = (0..groups).map(half).collect();
                let mins: Vec<f32> = (groups..2 * groups).map(half).collect();
                finite(&scales)?;
                finite(&mins)?;
                Data::Q4 {
                    group,
                    scales,
                    mins,
                    nibbles: self.take(n / 2)?.to_vec(),
                }
            }
            other => return Err(format_error(format!("a matrix of unknown kind {other}"))),
        };
        Ok(Matrix { rows, cols, data })
    }
}
