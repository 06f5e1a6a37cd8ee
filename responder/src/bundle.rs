//! The bundle file format: one file holding a whole knowledge base, written
//! natively by `plauder build` and read by the same code in the browser.
//!
//! ```text
//! magic     8 bytes   "PLAUDER\0"
//! version   u32 LE    FORMAT_VERSION
//! length    u64 LE    length of the whole file, checksum included
//! manifest  u32 LE length + JSON (entries, thresholds, phrasing → entry map)
//! files     u32 LE count, then per file: u16 LE name length, name (UTF-8),
//!           u64 LE data length, data  (the tantivy index)
//! checksum  u32 LE    CRC-32 of every byte before it
//! ```
//!
//! Reading checks, in order: magic, version, length, checksum, structure; each
//! failure is its own [`Error`] variant, never a panic.

use serde::{Deserialize, Serialize};

#[cfg(feature = "search")]
use crate::decision::Thresholds;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::limits;
use crate::rich::Block;

/// The version of the bundle format this crate writes and reads.
pub const FORMAT_VERSION: u32 = 2;

const MAGIC: &[u8; 8] = b"PLAUDER\0";
const HEADER_LEN: usize = 8 + 4 + 8;
const CHECKSUM_LEN: usize = 4;

/// An FAQ entry as the responder needs it at answer time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier.
    pub id: String,
    /// The question, as shown to visitors (the entry's first phrasing).
    pub question: String,
    /// The answer as safe rich text.
    pub answer: Vec<Block>,
    /// The entry's language.
    pub lang: Lang,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A page with more on the topic (already checked safe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Everything in a bundle besides the index files.
#[cfg(feature = "search")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The Plauder version that wrote the bundle.
    pub plauder_version: String,
    /// The languages of the entries (one word field each).
    pub langs: Vec<Lang>,
    /// The entries, in knowledge-base order.
    pub entries: Vec<Entry>,
    /// For each phrasing (the index's first documents), the position of its entry.
    pub phrasing_entry: Vec<u32>,
    /// The entries whose answer's opening is indexed as evidence, one
    /// document each, after the phrasings (entries with few phrasings).
    pub answer_entry: Vec<u32>,
    /// The decision thresholds fitted at build time.
    pub thresholds: Thresholds,
    /// The share of the model's confidence in an entry's (the rest is
    /// BM25's), fitted at build time.
    pub learned_share: f32,
    /// With a second tier (`<name>.tier2.plauder` beside the bundle): the
    /// file name of the encoder it was built with (`encoder-<checksum>.bin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder: Option<String>,
}

/// The files of an index, by name.
#[cfg(feature = "search")]
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// A bundle in memory.
#[cfg(feature = "search")]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bundle {
    pub manifest: Manifest,
    pub files: Files,
}

/// Serialises a bundle.
#[cfg(feature = "build")]
pub(crate) fn write(bundle: &Bundle) -> Vec<u8> {
    let manifest = crate::json::to_vec(&bundle.manifest);
    let mut out = Vec::with_capacity(
        manifest.len() + bundle.files.iter().map(|f| f.1.len() + 64).sum::<usize>() + 64,
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    out.extend_from_slice(&(manifest.len() as u32).to_le_bytes());
    out.extend_from_slice(&manifest);
    out.extend_from_slice(&(bundle.files.len() as u32).to_le_bytes());
    for (name, data) in &bundle.files {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(data);
    }
    let total = (out.len() + CHECKSUM_LEN) as u64;
    out[12..20].copy_from_slice(&total.to_le_bytes());
    let checksum = crate::checksum::crc32(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// Parses and checks a bundle.
#[cfg(feature = "search")]
pub(crate) fn read(bytes: &[u8]) -> Result<Bundle> {
    let Parts { manifest, files } = parts(bytes)?;
    let manifest: Manifest = crate::json::from_slice(manifest)
        .map_err(|e| Error::Corrupt(format!("unreadable manifest: {e}")))?;
    let files = files
        .into_iter()
        .map(|(name, data)| (name.to_string(), data.to_vec()))
        .collect();
    Ok(Bundle { manifest, files })
}

/// A bundle's parts where they lie in its bytes: the manifest's JSON and
/// the index files by name.
struct Parts<'a> {
    manifest: &'a [u8],
    // Walked (and so checked) by the page's panel too, which reads no file.
    #[cfg_attr(not(feature = "search"), allow(dead_code))]
    files: Vec<(&'a str, &'a [u8])>,
}

/// Finds a bundle's parts, checking the envelope and structure.
fn parts(bytes: &[u8]) -> Result<Parts<'_>> {
    let body = check_envelope(bytes)?;
    let mut cursor = Cursor::new(body);
    let manifest_len = cursor.u32()? as usize;
    let manifest = cursor.take(manifest_len)?;
    let count = cursor.u32()?;
    let mut files = Vec::new();
    for _ in 0..count {
        let name_len = cursor.u16()? as usize;
        let name = std::str::from_utf8(cursor.take(name_len)?)
            .map_err(|_| Error::Corrupt("file name is not UTF-8".into()))?;
        let data_len =
            usize::try_from(cursor.u64()?).map_err(|_| Error::Corrupt("file too large".into()))?;
        files.push((name, cursor.take(data_len)?));
    }
    if !cursor.is_done() {
        return Err(Error::Corrupt(
            "unexpected bytes after the last file".into(),
        ));
    }
    Ok(Parts { manifest, files })
}

/// The checksum that ends a bundle's bytes (0 if there are too few): it
/// names the build, so a second-tier file is only used with its bundle.
#[cfg(feature = "search")]
pub(crate) fn checksum(bytes: &[u8]) -> u32 {
    bytes
        .len()
        .checked_sub(CHECKSUM_LEN)
        .and_then(|at| bytes[at..].try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// The entries of a bundle, read and checked without opening its index:
/// what the page's panel shows while a worker answers.
pub fn bundle_entries(bytes: &[u8]) -> Result<Vec<Entry>> {
    Ok(bundle_summary(bytes)?.0)
}

/// The entries of a bundle and, if it has a second tier, the file name of
/// its encoder (what the browser's worker fetches once the panel is open).
///
/// Checks the whole file (envelope, checksum, structure) but reads only
/// this much of the manifest, and copies no index file: the page's panel
/// calls it on its main thread. The answering engine checks the rest when it
/// opens the bundle.
pub fn bundle_summary(bytes: &[u8]) -> Result<(Vec<Entry>, Option<String>)> {
    /// What the panel reads of a manifest; the rest (one number per
    /// phrasing among it) is skipped unread.
    #[derive(Deserialize)]
    struct Summary {
        langs: Vec<Lang>,
        entries: Vec<Entry>,
        #[serde(default)]
        encoder: Option<String>,
    }
    let summary: Summary = crate::json::from_slice(parts(bytes)?.manifest)
        .map_err(|e| Error::Corrupt(format!("unreadable manifest: {e}")))?;
    check_entries(&summary.entries, &summary.langs)?;
    Ok((summary.entries, summary.encoder))
}

/// Checks that there are no more entries than Plauder takes, and that each
/// entry's language has its field in the index.
fn check_entries(entries: &[Entry], langs: &[Lang]) -> Result<()> {
    if entries.len() > limits::ENTRIES {
        return Err(Error::Corrupt(format!(
            "{} entries, more than the {} Plauder takes",
            entries.len(),
            limits::ENTRIES
        )));
    }
    if entries.iter().any(|e| !langs.contains(&e.lang)) {
        return Err(Error::Corrupt(
            "an entry's language has no index field".into(),
        ));
    }
    Ok(())
}

/// The error for a bundle of `bytes` bytes, past [`limits::BUNDLE_BYTES`].
pub(crate) fn too_large(bytes: usize) -> Error {
    Error::TooLarge {
        bytes: bytes as u64,
        limit: limits::BUNDLE_BYTES as u64,
    }
}

/// Checks that the manifest's parts agree with each other and stay within
/// the limits.
#[cfg(feature = "search")]
pub(crate) fn check_manifest(manifest: &Manifest) -> Result<()> {
    let entries = manifest.entries.len();
    if entries > limits::ENTRIES || manifest.phrasing_entry.len() > limits::PHRASINGS {
        return Err(Error::Corrupt(format!(
            "{entries} entries and {} phrasings, more than the {} and {} Plauder takes",
            manifest.phrasing_entry.len(),
            limits::ENTRIES,
            limits::PHRASINGS
        )));
    }
    if manifest
        .phrasing_entry
        .iter()
        .chain(&manifest.answer_entry)
        .any(|&e| e as usize >= entries)
    {
        return Err(Error::Corrupt(
            "a phrasing points past the last entry".into(),
        ));
    }
    check_entries(&manifest.entries, &manifest.langs)?;
    if !(0.0..=1.0).contains(&manifest.learned_share) {
        return Err(Error::Corrupt(format!(
            "the model's share is {}, not between 0 and 1",
            manifest.learned_share
        )));
    }
    manifest.thresholds.validate().map_err(Error::Corrupt)
}

/// Checks magic, version, length and checksum; returns the bytes between
/// header and checksum.
fn check_envelope(bytes: &[u8]) -> Result<&[u8]> {
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes[..magic_len] != MAGIC[..magic_len] {
        return Err(Error::NotABundle);
    }
    if bytes.len() > limits::BUNDLE_BYTES {
        return Err(too_large(bytes.len()));
    }
    if bytes.len() < HEADER_LEN + CHECKSUM_LEN {
        return Err(Error::Truncated {
            expected: (HEADER_LEN + CHECKSUM_LEN) as u64,
            got: bytes.len() as u64,
        });
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let expected = u64::from_le_bytes(bytes[12..20].try_into().unwrap_or_default());
    let got = bytes.len() as u64;
    if got < expected {
        return Err(Error::Truncated { expected, got });
    }
    if got > expected {
        return Err(Error::Corrupt(format!(
            "{} bytes more than the header announces",
            got - expected
        )));
    }
    let (content, checksum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
    if crate::checksum::crc32(content).to_le_bytes() != checksum {
        return Err(Error::Corrupt("checksum mismatch".into()));
    }
    Ok(&content[HEADER_LEN..])
}

/// Reads little-endian values, failing with [`Error::Corrupt`] past the end.
/// Reads a bundle's (and the answer model's) bytes in order; running past
/// the end is an error, never a panic.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, at: 0 }
    }

    /// Whether every byte has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| Error::Corrupt("a section runs past the end".into()))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn u16(&mut self) -> Result<u16> {
        self.array().map(u16::from_le_bytes)
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        self.array().map(u32::from_le_bytes)
    }

    /// An unsigned LEB128 number of at most 32 bits.
    #[cfg(feature = "search")]
    pub(crate) fn varint(&mut self) -> Result<u32> {
        let bad = || Error::Corrupt("a number is malformed".into());
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            let bits = u32::from(byte & 0x7f);
            value |= bits
                .checked_shl(shift)
                .filter(|b| b >> shift == bits)
                .ok_or_else(bad)?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(bad())
    }

    fn u64(&mut self) -> Result<u64> {
        self.array().map(u64::from_le_bytes)
    }
}

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;
    use crate::rich::Inline;

    fn sample() -> Bundle {
        Bundle {
            manifest: Manifest {
                plauder_version: "test".into(),
                langs: vec![Lang::English, Lang::German],
                entries: vec![Entry {
                    id: "a".into(),
                    question: "Q?".into(),
                    answer: vec![Block::P(vec![Inline::Text("A.".into())])],
                    lang: Lang::German,
                    tags: vec!["t".into()],
                    link: None,
                }],
                phrasing_entry: vec![0, 0],
                answer_entry: vec![0],
                thresholds: Thresholds::default(),
                learned_share: 0.5,
                encoder: None,
            },
            files: vec![
                ("meta.json".into(), b"{}".to_vec()),
                ("x.idx".into(), vec![0, 1, 2, 255]),
            ],
        }
    }

    #[test]
    fn round_trips() {
        let bundle = sample();
        assert_eq!(read(&write(&bundle)).unwrap(), bundle);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = write(&sample());
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_err(), "truncated to {len}");
        }
    }

    #[test]
    fn every_flipped_byte_is_an_error() {
        let bytes = write(&sample());
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            assert!(read(&bad).is_err(), "byte {at}");
        }
    }

    #[test]
    fn bundles_past_the_size_limit_are_refused_before_anything_else() {
        let mut bytes = MAGIC.to_vec();
        bytes.resize(limits::BUNDLE_BYTES + 1, 0);
        assert!(matches!(read(&bytes), Err(Error::TooLarge { .. })));
        bytes.pop();
        let at_limit = read(&bytes);
        assert!(
            matches!(at_limit, Err(Error::UnsupportedVersion { .. })),
            "{at_limit:?}"
        );
    }

    #[test]
    fn tells_foreign_truncated_and_other_version_apart() {
        let bytes = write(&sample());
        assert!(matches!(read(b"<html>404</html>"), Err(Error::NotABundle)));
        assert!(matches!(
            read(&bytes[..bytes.len() - 1]),
            Err(Error::Truncated { .. })
        ));
        let mut other = bytes.clone();
        other[8] = 9;
        assert!(matches!(
            read(&other),
            Err(Error::UnsupportedVersion {
                found: 9,
                supported: FORMAT_VERSION
            })
        ));
    }
}
