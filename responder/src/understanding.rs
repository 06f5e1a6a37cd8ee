//! The second tier: what a sentence encoder knows about a knowledge base.
//!
//! `plauder build --encoder` encodes every phrasing (and, for entries with
//! few phrasings, the opening of the answer) and writes this file beside
//! the bundle (`faq.plauder` → `faq.tier2.plauder`). The first tier never
//! reads it: the browser fetches it with the encoder, after the panel has
//! opened. A question's embedding is scored against every entry, either by
//! a linear head trained on the phrasings' embeddings (knowledge bases with
//! several phrasings per entry) or by its nearest phrasing (one phrasing per
//! entry: there is nothing to train a head on). The score is blended with
//! the first tier's confidence by a share fitted on the knowledge base's
//! self-quiz, and decided with thresholds fitted on the blend.
//!
//! Layout (little-endian): `"PLAUDER2"`, u32 version, u32 bundle checksum,
//! u32 encoder checksum, u32 entries, u32 dimensions, f32 share, f32 × 3
//! thresholds (answer, margin, clarify), u32 vector count and per vector
//! (u32 entry, u32 phrasing or `u32::MAX` for an answer, f32 scale, i8 ×
//! dimensions), u8 head present and the head (per entry f32 scale, f32
//! bias, i8 × dimensions), then the CRC-32 of everything before it.

use crate::bundle::Cursor;
use crate::decision::Thresholds;
use crate::error::{Error, Result};
use crate::responder::Exclude;

/// The second-tier file's format version.
pub const SECOND_TIER_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"PLAUDER2";
/// An answer's vector counts this much beside its entry's best phrasing
/// (cos(question) + 0.5 × cos(answer): covidqa-en 66.0 → 68.0 in
/// `../shared/notes/understanding.md`).
const ANSWER_WEIGHT: f32 = 0.5;
/// Similarities become probabilities by a softmax at this temperature, so
/// that one number says both how close the best entry is and how far ahead
/// of the others (raw cosines of sibling entries sit within a few
/// hundredths). A CLINC150 val knowledge base of one phrasing per intent,
/// both tiers: 0.03 answered 55.7% at precision 70.0, 0.05 40.2% at 80.7,
/// 0.08 15.5% at 90.7; raw cosines 19.0% at 87.4.
const TEMPERATURE: f32 = 0.05;
/// Marks an answer's vector (not a phrasing's).
const ANSWER: u32 = u32::MAX;
/// Longest embedding read.
const MAX_DIMENSIONS: usize = 4096;

/// A knowledge base as the encoder sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondTier {
    /// The checksum of the bundle this file belongs to.
    pub(crate) bundle: u32,
    /// The checksum of the encoder file the vectors come from.
    pub(crate) encoder: u32,
    pub(crate) entries: usize,
    pub(crate) dims: usize,
    /// The encoder's share of the blended confidence (the rest is the first tier's).
    pub(crate) share: f32,
    pub(crate) thresholds: Thresholds,
    pub(crate) vectors: Vectors,
    pub(crate) head: Option<Head>,
}

/// Unit vectors as int8, one scale each, with the entry (and phrasing) of each.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Vectors {
    pub entry: Vec<u32>,
    pub doc: Vec<u32>,
    pub scale: Vec<f32>,
    pub values: Vec<i8>,
}

/// A linear map from embeddings to one logit per entry, int8 rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Head {
    pub scale: Vec<f32>,
    pub bias: Vec<f32>,
    pub values: Vec<i8>,
}

/// int8 codes of `v` and their scale.
#[cfg(feature = "build")]
fn quantise(v: &[f32]) -> (f32, impl Iterator<Item = i8> + '_) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    (
        scale,
        v.iter()
            .map(move |x| (x / scale).round().clamp(-127.0, 127.0) as i8),
    )
}

fn dot_i8(row: &[i8], v: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    for (r, x) in row.chunks_exact(8).zip(v.chunks_exact(8)) {
        for i in 0..8 {
            lanes[i] += f32::from(r[i]) * x[i];
        }
    }
    let whole = row.len() / 8 * 8;
    let tail: f32 = row[whole..]
        .iter()
        .zip(&v[whole..])
        .map(|(r, x)| f32::from(*r) * x)
        .sum();
    lanes.iter().sum::<f32>() + tail
}

impl Vectors {
    /// Adds the vector of a phrasing (`Some(doc)`) or of an answer (`None`).
    #[cfg(feature = "build")]
    pub fn push(&mut self, entry: u32, doc: Option<u32>, v: &[f32]) {
        let (scale, codes) = quantise(v);
        self.entry.push(entry);
        self.doc.push(doc.unwrap_or(ANSWER));
        self.scale.push(scale);
        self.values.extend(codes);
    }

    fn len(&self) -> usize {
        self.entry.len()
    }
}

impl Head {
    /// A head from float32 weights (`entries × dims`) and biases.
    #[cfg(feature = "build")]
    pub fn new(weights: &[f32], bias: Vec<f32>, dims: usize) -> Head {
        let mut head = Head {
            scale: Vec::new(),
            bias,
            values: Vec::new(),
        };
        for row in weights.chunks_exact(dims) {
            let (scale, codes) = quantise(row);
            head.scale.push(scale);
            head.values.extend(codes);
        }
        head
    }

    /// Each entry's probability for an embedding.
    pub fn probabilities(&self, e: &[f32]) -> Vec<f32> {
        let dims = e.len();
        let mut logits: Vec<f32> = self
            .values
            .chunks_exact(dims)
            .zip(self.scale.iter().zip(&self.bias))
            .map(|(row, (scale, bias))| dot_i8(row, e) * scale + bias)
            .collect();
        softmax(&mut logits);
        logits
    }
}

impl SecondTier {
    /// Each entry's score for a question's embedding, leaving `exclude` out:
    /// the head's probability (or `head`'s, a head trained without the
    /// question), else the best phrasing's cosine with the answer's added.
    pub(crate) fn scores(&self, e: &[f32], exclude: Exclude, head: Option<&Head>) -> Vec<f32> {
        if let Some(head) = head.or(self.head.as_ref()) {
            let mut p = head.probabilities(e);
            if let Exclude::Entry(entry) = exclude {
                p[entry as usize] = 0.0;
            }
            return p;
        }
        let mut best = vec![f32::NEG_INFINITY; self.entries];
        let mut answer = vec![None; self.entries];
        let v = &self.vectors;
        for i in 0..v.len() {
            let (entry, doc) = (v.entry[i] as usize, v.doc[i]);
            if exclude.leaves_out(doc, entry) {
                continue;
            }
            let cos = dot_i8(&v.values[i * self.dims..(i + 1) * self.dims], e) * v.scale[i];
            match doc {
                ANSWER => answer[entry] = Some(cos),
                _ => best[entry] = best[entry].max(cos),
            }
        }
        let similarity: Vec<f32> = best
            .iter()
            .zip(answer)
            .map(|(&q, a)| match (q.is_finite(), a) {
                (true, Some(a)) => (q + ANSWER_WEIGHT * a) / (1.0 + ANSWER_WEIGHT),
                (true, None) => q,
                (false, Some(a)) => ANSWER_WEIGHT * a / (1.0 + ANSWER_WEIGHT),
                (false, None) => -1.0,
            })
            .collect();
        let mut p: Vec<f32> = similarity.iter().map(|s| s / TEMPERATURE).collect();
        softmax(&mut p);
        p
    }

    /// The thresholds fitted on the blend of both tiers.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// The encoder's share of the blended confidence.
    pub fn share(&self) -> f32 {
        self.share
    }

    /// How entries are scored, in words.
    pub fn describe(&self) -> String {
        match &self.head {
            Some(_) => format!("a head over {} entries", self.entries),
            None => format!(
                "nearest of {} phrasing and answer vectors",
                self.vectors.entry.len()
            ),
        }
    }

    /// The checksum of the encoder file this knowledge was built with.
    pub fn encoder_checksum(&self) -> u32 {
        self.encoder
    }

    /// The file's bytes.
    #[cfg(feature = "build")]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let u32s = |out: &mut Vec<u8>, values: &[u32]| {
            values
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()))
        };
        u32s(&mut out, &[SECOND_TIER_VERSION, self.bundle, self.encoder]);
        u32s(&mut out, &[self.entries as u32, self.dims as u32]);
        let t = self.thresholds;
        for f in [self.share, t.answer, t.margin, t.clarify] {
            out.extend_from_slice(&f.to_le_bytes());
        }
        let v = &self.vectors;
        u32s(&mut out, &[v.len() as u32]);
        for i in 0..v.len() {
            u32s(&mut out, &[v.entry[i], v.doc[i]]);
            out.extend_from_slice(&v.scale[i].to_le_bytes());
            out.extend(
                v.values[i * self.dims..(i + 1) * self.dims]
                    .iter()
                    .map(|&b| b as u8),
            );
        }
        out.push(self.head.is_some() as u8);
        if let Some(head) = &self.head {
            for (i, row) in head.values.chunks_exact(self.dims).enumerate() {
                out.extend_from_slice(&head.scale[i].to_le_bytes());
                out.extend_from_slice(&head.bias[i].to_le_bytes());
                out.extend(row.iter().map(|&b| b as u8));
            }
        }
        let crc = crate::checksum::crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Reads a second-tier file, checking its checksum, version and sizes.
    pub fn read(bytes: &[u8]) -> Result<SecondTier> {
        if bytes.len() > crate::limits::BUNDLE_BYTES {
            return Err(bad("is larger than a bundle may be"));
        }
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("is not a Plauder second-tier file"));
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        if crate::checksum::crc32(body).to_le_bytes() != crc {
            return Err(bad("is truncated or corrupt (checksum mismatch)"));
        }
        let mut c = Cursor::new(&body[MAGIC.len()..]);
        let version = c.u32()?;
        if version != SECOND_TIER_VERSION {
            return Err(Error::SecondTier(format!(
                "has format version {version}, this Plauder reads {SECOND_TIER_VERSION}: rebuild it with `plauder build --encoder`"
            )));
        }
        let (bundle, encoder) = (c.u32()?, c.u32()?);
        let (entries, dims) = (c.u32()? as usize, c.u32()? as usize);
        if entries == 0 || entries > crate::limits::ENTRIES || dims == 0 || dims > MAX_DIMENSIONS {
            return Err(bad("has impossible sizes"));
        }
        let f32 = |c: &mut Cursor| c.array().map(f32::from_le_bytes);
        let share = f32(&mut c)?;
        let thresholds = Thresholds {
            answer: f32(&mut c)?,
            margin: f32(&mut c)?,
            clarify: f32(&mut c)?,
        };
        thresholds
            .validate()
            .map_err(|e| Error::SecondTier(format!("has invalid thresholds: {e}")))?;
        if !(0.0..=1.0).contains(&share) {
            return Err(bad("has a share outside 0..1"));
        }
        let count = c.u32()? as usize;
        if count > crate::limits::PHRASINGS + entries {
            return Err(bad(
                "has more vectors than a knowledge base may have phrasings",
            ));
        }
        let mut vectors = Vectors::default();
        for _ in 0..count {
            let (entry, doc) = (c.u32()?, c.u32()?);
            if entry as usize >= entries {
                return Err(bad("has a vector of an entry past the last"));
            }
            vectors.entry.push(entry);
            vectors.doc.push(doc);
            vectors.scale.push(finite(f32(&mut c)?)?);
            vectors
                .values
                .extend(c.take(dims)?.iter().map(|&b| b as i8));
        }
        let head = match c.take(1)?[0] {
            0 => None,
            1 => {
                let mut head = Head {
                    scale: Vec::new(),
                    bias: Vec::new(),
                    values: Vec::new(),
                };
                for _ in 0..entries {
                    head.scale.push(finite(f32(&mut c)?)?);
                    head.bias.push(finite(f32(&mut c)?)?);
                    head.values.extend(c.take(dims)?.iter().map(|&b| b as i8));
                }
                Some(head)
            }
            _ => return Err(bad("has an unknown kind of head")),
        };
        if !c.is_done() {
            return Err(bad("has unexpected bytes at the end"));
        }
        Ok(SecondTier {
            bundle,
            encoder,
            entries,
            dims,
            share,
            thresholds,
            vectors,
            head,
        })
    }
}

/// The largest scale or bias read: far beyond what a build writes (a
/// vector's scale is at most 1/127, a head's weights and biases are tens),
/// small enough that no score overflows.
const MAX_SCALE: f32 = 1.0e4;

/// A scale or bias that is a number of sane size.
fn finite(value: f32) -> Result<f32> {
    match value.is_finite() && value.abs() <= MAX_SCALE {
        true => Ok(value),
        false => Err(bad("has a scale or bias out of range")),
    }
}

/// Turns scores into probabilities, in place.
pub(crate) fn softmax(values: &mut [f32]) {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in values.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    values.iter_mut().for_each(|v| *v /= sum);
}

fn bad(problem: &str) -> Error {
    Error::SecondTier(format!(
        "{problem}: rebuild it with `plauder build --encoder`"
    ))
}

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;

    fn sample(head: bool) -> SecondTier {
        let mut vectors = Vectors::default();
        vectors.push(0, Some(0), &[1.0, 0.0, 0.0, 0.0]);
        vectors.push(1, Some(1), &[0.0, 1.0, 0.0, 0.0]);
        vectors.push(1, None, &[0.0, 0.6, 0.8, 0.0]);
        SecondTier {
            bundle: 7,
            encoder: 9,
            entries: 2,
            dims: 4,
            share: 0.8,
            thresholds: Thresholds::default(),
            vectors,
            head: head
                .then(|| Head::new(&[1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0], vec![0.0, 0.1], 4)),
        }
    }

    #[test]
    fn round_trips_and_refuses_every_damage() {
        for head in [false, true] {
            let bytes = sample(head).to_bytes();
            assert_eq!(SecondTier::read(&bytes).unwrap(), sample(head));
            for cut in 0..bytes.len() {
                assert!(SecondTier::read(&bytes[..cut]).is_err());
            }
            let mut flipped = bytes.clone();
            flipped[20] ^= 1;
            assert!(SecondTier::read(&flipped).is_err());
        }
    }

    #[test]
    fn nearest_phrasing_scores_with_answers_and_exclusions() {
        let tier = sample(false);
        let q = [0.0, 1.0, 0.0, 0.0];
        let s = tier.scores(&q, Exclude::Nothing, None);
        assert!(s[1] > 0.99 && (s[0] + s[1] - 1.0).abs() < 1e-5);
        // Without its phrasing, entry 1 keeps its answer: 0.2 against 0.
        let without = tier.scores(&q, Exclude::Phrasing(1), None);
        let expected = 1.0 / (1.0 + (-0.2f32 / TEMPERATURE).exp());
        assert!((without[1] - expected).abs() < 0.02, "{without:?}");
        assert!(tier.scores(&q, Exclude::Entry(1), None)[1] < 0.01);
        let p = sample(true).scores(&q, Exclude::Nothing, None);
        assert!(p[1] > p[0] && (p[0] + p[1] - 1.0).abs() < 1e-5);
    }
}
