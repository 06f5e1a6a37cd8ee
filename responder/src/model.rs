//! The learned part of the first tier: a linear model over hashed words,
//! word pairs and character n-grams, trained at build time on the knowledge
//! base's own phrasings (and, for entries with few, their answers; see
//! `train.rs`), shipped in the bundle and read here.
//!
//! BM25 asks "which phrasing shares the rarest words with the question?";
//! the model asks "which words tell *this* entry from the others?". It learns
//! that "freeze" and "lost" mean the card entry while "card" alone means
//! nothing, which ranking by word rarity cannot. The two are combined in
//! `responder.rs`.
//!
//! ```text
//! magic        4 bytes  "PLM1"
//! classes      u32 LE   number of entries the model scores
//! scale        f32 LE   weight = i8 × scale
//! features     u32 LE   count F, then F varints: gaps between sorted bucket ids
//!              F varints: how many weights each feature has
//!              per weight, feature by feature: varint gap between class ids
//!              per weight: i8
//! ```
//! Grouping like values together lets gzip (the web server's) find the runs.

use crate::analysis::fold;
use crate::bundle::Cursor;
use crate::error::{Error, Result};

/// The model's file name among a bundle's files.
pub(crate) const MODEL_FILE: &str = "plauder.model";

const MAGIC: &[u8; 4] = b"PLM1";

/// Features are hashed into 2^BUCKET_BITS buckets: few enough that the gaps
/// between used buckets fit a byte or two, many enough that two features
/// of one knowledge base rarely share one.
const BUCKET_BITS: u32 = 22;

/// Character n-grams of each word (padded with a space on both sides), from
/// and to these lengths: they carry stems, typos and compound parts.
/// CLINC150 val, 10-shot, with BM25: 2–5 gave accuracy@1 79.4 and a 277 KB
/// model, 3–5 79.6 and 235 KB, 3–4 79.5 and 194 KB.
const GRAM_MIN: usize = 3;
const GRAM_MAX: usize = 4;

/// What each kind of feature weighs before the vector is normalised (words
/// or pairs at 2 instead of 1: within ±0.3 on CLINC150 val, 10-shot).
const WORD_VALUE: f32 = 1.0;
const PAIR_VALUE: f32 = 1.0;
const GRAM_VALUE: f32 = 1.0;

/// A question's features: (bucket, value), buckets distinct and sorted,
/// values scaled to unit length.
pub(crate) type Features = Vec<(u32, f32)>;

/// The features of a text: its folded words, neighbouring word pairs and
/// the character n-grams of each word.
pub(crate) fn features(text: &str) -> Features {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut found: Vec<(u32, f32)> = Vec::with_capacity(words.len() * 16);
    for word in &words {
        found.push((bucket(b'w', word.as_bytes()), WORD_VALUE));
    }
    for pair in words.windows(2) {
        let joined = [pair[0].as_bytes(), b" ", pair[1].as_bytes()].concat();
        found.push((bucket(b'p', &joined), PAIR_VALUE));
    }
    let mut padded = Vec::new();
    for word in &words {
        padded.clear();
        padded.push(' ');
        padded.extend(word.chars());
        padded.push(' ');
        let mut gram = String::new();
        for n in GRAM_MIN..=GRAM_MAX {
            for window in padded.windows(n) {
                gram.clear();
                gram.extend(window);
                found.push((bucket(b'g', gram.as_bytes()), GRAM_VALUE));
            }
        }
    }
    found.sort_unstable_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    let norm = found.iter().map(|f| f.1 * f.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        found.iter_mut().for_each(|f| f.1 /= norm);
    }
    found
}

/// FNV-1a of a kind byte and the text, folded into a bucket.
fn bucket(kind: u8, text: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in std::iter::once(&kind).chain(text) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.wrapping_mul(0x9e37_79b1) >> (32 - BUCKET_BITS)
}

/// A trained model, ready to score questions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Model {
    /// How many classes (entries) it scores.
    pub classes: usize,
    /// Weight = stored byte × scale.
    pub scale: f32,
    /// Bucket ids, sorted.
    pub features: Vec<u32>,
    /// For feature `i`, its weights are `starts[i]..starts[i + 1]`.
    pub starts: Vec<u32>,
    /// Each weight's class.
    pub class: Vec<u32>,
    /// Each weight, quantised.
    pub weight: Vec<i8>,
}

impl Model {
    /// A model that knows nothing (for a knowledge base ranked by BM25 alone).
    #[cfg(feature = "build")]
    pub fn empty(classes: usize) -> Model {
        Model {
            classes,
            scale: 1.0,
            features: Vec::new(),
            starts: vec![0],
            class: Vec::new(),
            weight: Vec::new(),
        }
    }

    /// Whether the model knows no feature at all.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The logit of every class for a question's features, and the share
    /// of the features' weight (squared values: they sum to 1) that the
    /// model knows at all.
    pub fn logits(&self, features: &[(u32, f32)]) -> (Vec<f32>, f32) {
        let mut logits = vec![0.0f32; self.classes];
        let mut known = 0.0;
        for &(bucket, value) in features {
            let Ok(at) = self.features.binary_search(&bucket) else {
                continue;
            };
            known += value * value;
            let range = self.starts[at] as usize..self.starts[at + 1] as usize;
            let value = value * self.scale;
            for (&class, &weight) in self.class[range.clone()].iter().zip(&self.weight[range]) {
                logits[class as usize] += f32::from(weight) * value;
            }
        }
        (logits, known)
    }

    /// The probability of every class for a question's features (softmax of
    /// the logits), and the share of the question the model knows.
    pub fn probabilities(&self, features: &[(u32, f32)]) -> (Vec<f32>, f32) {
        let (mut p, known) = self.logits(features);
        softmax(&mut p);
        (p, known)
    }

    /// Serialises the model (see the module docs for the layout).
    #[cfg(feature = "build")]
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.features.len() * 3 + self.weight.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.features.len() as u32).to_le_bytes());
        let mut last = 0;
        for &f in &self.features {
            varint(&mut out, f - last);
            last = f;
        }
        for pair in self.starts.windows(2) {
            varint(&mut out, pair[1] - pair[0]);
        }
        for pair in self.starts.windows(2) {
            let mut last = 0;
            for &class in &self.class[pair[0] as usize..pair[1] as usize] {
                varint(&mut out, class - last);
                last = class;
            }
        }
        out.extend(self.weight.iter().map(|&w| w as u8));
        out
    }

    /// Reads a model written by [`Model::write`] for `classes` entries.
    pub fn read(bytes: &[u8], classes: usize) -> Result<Model> {
        let corrupt = |what: &str| Error::Corrupt(format!("the answer model {what}"));
        let mut reader = Cursor::new(bytes);
        if reader.take(4).ok() != Some(MAGIC.as_slice()) {
            return Err(corrupt("is not one (wrong magic)"));
        }
        let stated = reader.u32()? as usize;
        if stated != classes {
            return Err(corrupt(&format!(
                "scores {stated} entries, the bundle has {classes}"
            )));
        }
        let scale = f32::from_le_bytes(reader.array()?);
        if !scale.is_finite() || scale < 0.0 {
            return Err(corrupt("has an invalid scale"));
        }
        let count = reader.u32()? as usize;
        if count > bytes.len() {
            return Err(corrupt("claims more features than it has bytes"));
        }
        let mut features = Vec::with_capacity(count);
        let mut last = 0u32;
        for i in 0..count {
            let gap = reader.varint()?;
            last = last
                .checked_add(gap)
                .filter(|&f| f < 1 << BUCKET_BITS && (i == 0 || gap > 0))
                .ok_or_else(|| corrupt("has features out of order"))?;
            features.push(last);
        }
        let mut starts = Vec::with_capacity(count + 1);
        starts.push(0u32);
        for _ in 0..count {
            let n = reader.varint()?;
            let next = starts[starts.len() - 1]
                .checked_add(n)
                .filter(|&s| s as usize <= bytes.len())
                .ok_or_else(|| corrupt("claims more weights than it has bytes"))?;
            starts.push(next);
        }
        let total = starts[count] as usize;
        let mut class = Vec::with_capacity(total);
        for pair in starts.windows(2) {
            let mut last = 0u32;
            for i in pair[0]..pair[1] {
                let gap = reader.varint()?;
                last = last
                    .checked_add(gap)
                    .filter(|&c| (c as usize) < classes && (i == pair[0] || gap > 0))
                    .ok_or_else(|| corrupt("has a weight for an entry it does not have"))?;
                class.push(last);
            }
        }
        let weight = reader.take(total)?.iter().map(|&b| b as i8).collect();
        if !reader.is_done() {
            return Err(corrupt("has bytes after its end"));
        }
        Ok(Model {
            classes,
            scale,
            features,
            starts,
            class,
            weight,
        })
    }
}

/// Turns logits into probabilities, in place.
fn softmax(values: &mut [f32]) {
    let max = values.iter().copied().fold(f32::MIN, f32::max);
    let mut sum = 0.0;
    for v in values.iter_mut() {
        *v = libm::expf(*v - max);
        sum += *v;
    }
    if sum > 0.0 {
        values.iter_mut().for_each(|v| *v /= sum);
    }
}

#[cfg(feature = "build")]
fn varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        Model {
            classes: 3,
            scale: 0.5,
            features: vec![3, 70, 4000],
            starts: vec![0, 2, 2, 5],
            class: vec![0, 2, 0, 1, 2],
            weight: vec![10, -3, 127, -128, 0],
        }
    }

    #[test]
    fn round_trips() {
        let model = sample();
        assert_eq!(Model::read(&model.write(), 3).unwrap(), model);
    }

    #[test]
    fn every_truncation_and_wrong_class_count_is_an_error() {
        let bytes = sample().write();
        for len in 0..bytes.len() {
            assert!(Model::read(&bytes[..len], 3).is_err(), "cut at {len}");
        }
        assert!(Model::read(&bytes, 4).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Model::read(&longer, 3).is_err());
    }

    #[test]
    fn features_are_distinct_sorted_and_of_unit_length() {
        let f = features("Where is my parcel? where IS my parcel");
        assert!(f.windows(2).all(|w| w[0].0 < w[1].0));
        let norm: f32 = f.iter().map(|x| x.1 * x.1).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert_eq!(f, features("where is my parcel where is my parcel"));
        assert!(features("").is_empty());
        assert!(features("?!").is_empty());
    }

    #[test]
    fn scores_by_the_weights_of_the_features_found() {
        let model = sample();
        let (logits, known) = model.logits(&[(3, 0.6), (4000, 0.8), (9, 0.0)]);
        for (got, want) in logits.iter().zip([3.0 + 50.8, -51.2, -0.9]) {
            assert!((got - want).abs() < 1e-4, "{logits:?}");
        }
        assert!((known - 1.0).abs() < 1e-6);
        let (_, known) = model.logits(&[(3, 0.6), (9, 0.8)]);
        assert!((known - 0.36).abs() < 1e-6);
        let (p, _) = model.probabilities(&[(3, 1.0)]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}
