//! The tantivy index inside a bundle: its schema, how it is built (natively)
//! and how it is opened from the bundle's files (natively and in the browser).
//!
//! One document per phrasing, in knowledge-base order, in one segment: the
//! document id is the phrasing's position, which the manifest maps to its entry.

use std::path::Path;

use tantivy::directory::footer::Footer;
use tantivy::directory::{FileSlice, RamDirectory};
use tantivy::schema::{Field, Schema};
use tantivy::{Directory, Index, SegmentReader};

use crate::analysis;
use crate::bundle::Files;
use crate::error::{Error, Result};
use crate::lang::Lang;

/// The fields of a bundle's index.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    /// The fields of each language present.
    pub langs: Vec<LangFields>,
    /// The gram field, shared by all languages.
    pub grams: Field,
}

/// The fields of one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LangFields {
    pub lang: Lang,
    /// Whole words.
    pub words: Field,
    /// Compound parts, for languages that make compounds.
    pub parts: Option<Field>,
}

#[cfg(feature = "build")]
impl Fields {
    /// The fields of `lang`.
    pub fn of(&self, lang: Lang) -> Option<LangFields> {
        self.langs.iter().find(|f| f.lang == lang).copied()
    }
}

pub(crate) fn words_field_name(lang: Lang) -> String {
    format!("words_{}", lang.code())
}

pub(crate) fn parts_field_name(lang: Lang) -> String {
    format!("parts_{}", lang.code())
}

/// Looks the fields up in an opened index's schema.
fn fields(schema: &Schema, langs: &[Lang]) -> Result<Fields> {
    let field = |name: &str| {
        schema
            .get_field(name)
            .map_err(|_| Error::Corrupt(format!("index has no field '{name}'")))
    };
    let langs = langs
        .iter()
        .map(|&lang| {
            let words = field(&words_field_name(lang))?;
            let parts = match lang.compounds() {
                true => Some(field(&parts_field_name(lang))?),
                false => None,
            };
            Ok(LangFields { lang, words, parts })
        })
        .collect::<Result<_>>()?;
    Ok(Fields {
        langs,
        grams: field("grams")?,
    })
}

/// An opened index, ready for queries: its one segment, read directly.
///
/// Not through an `IndexReader` and `Searcher`: their multi-threaded
/// executor, query trait objects and collectors pull rayon, crossbeam and a
/// regex engine into the browser's module, and a single small segment needs
/// none of them (`responder.rs` scores postings itself, with tantivy's BM25).
pub(crate) struct Opened {
    pub segment: SegmentReader,
    pub fields: Fields,
}

/// Opens an index from its files, registering the analyzers of `langs`.
/// tantivy's decoders trust their files (a crafted one can make them panic,
/// which in the browser ends the worker), so only files that pass tantivy's
/// own footer checksum reach them. The bundle's checksum already caught
/// accidents; this refuses a file crafted past it. (`Index::validate_checksum`
/// checks only the files a `.managed.json` lists, which a bundle has not.)
fn check_footer(name: &str, file: FileSlice) -> Result<()> {
    if name == "meta.json" {
        return Ok(());
    }
    let body = Footer::extract_footer(file)
        .ok()
        .and_then(|(footer, body)| Some((footer.crc, body.read_bytes().ok()?)));
    match body {
        Some((crc, body)) if crate::checksum::crc32(body.as_slice()) == crc => Ok(()),
        _ => Err(Error::Corrupt(format!(
            "index file {name} fails its checksum"
        ))),
    }
}

pub(crate) fn open(files: Files, langs: &[Lang]) -> Result<Opened> {
    let directory = RamDirectory::create();
    for (name, bytes) in files {
        let path = Path::new(&name);
        directory
            .atomic_write(path, &bytes)
            .map_err(|e| Error::Index(format!("cannot load index file {name}: {e}")))?;
        // Read back from the directory: checked without another copy.
        let file = directory
            .open_read(path)
            .map_err(|e| Error::Index(format!("cannot load index file {name}: {e}")))?;
        check_footer(&name, file)?;
    }
    let index =
        Index::open(directory).map_err(|e| Error::Corrupt(format!("index does not open: {e}")))?;
    analysis::register(index.tokenizers(), langs);
    let fields = fields(&index.schema(), langs)?;
    let segments = index.searchable_segments()?;
    let [segment] = segments.as_slice() else {
        return Err(Error::Corrupt(format!(
            "index has {} segments, not one",
            segments.len()
        )));
    };
    let segment = SegmentReader::open(segment)?;
    Ok(Opened { segment, fields })
}

/// Building an index: native only, bundles are built by the CLI.
#[cfg(feature = "build")]
mod writer {
    use tantivy::directory::RamDirectory;
    use tantivy::index::IndexSettings;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::tokenizer::TokenizerManager;
    use tantivy::{Directory, Index, TantivyDocument};

    use super::{Fields, LangFields, parts_field_name, words_field_name};
    use crate::analysis::{self, GRAMS};
    use crate::bundle::Files;
    use crate::error::{Error, Result};
    use crate::lang::Lang;

    fn text_options(tokenizer: &str) -> TextOptions {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    }

    /// The schema for a knowledge base in `langs`.
    fn schema(langs: &[Lang]) -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let langs = langs
            .iter()
            .map(|&lang| {
                let options = text_options(&analysis::words_tokenizer_name(lang));
                let words = builder.add_text_field(&words_field_name(lang), options);
                let parts = lang.compounds().then(|| {
                    let options = text_options(&analysis::parts_tokenizer_name(lang));
                    builder.add_text_field(&parts_field_name(lang), options)
                });
                LangFields { lang, words, parts }
            })
            .collect();
        let grams = builder.add_text_field("grams", text_options(GRAMS));
        (builder.build(), Fields { langs, grams })
    }

    /// Builds the index of `phrasings` (each with its entry's language), in order.
    pub(crate) fn build<'a>(
        langs: &[Lang],
        phrasings: impl Iterator<Item = (Lang, &'a str)>,
    ) -> Result<Files> {
        let (schema, fields) = schema(langs);
        let tokenizers = TokenizerManager::new();
        analysis::register(&tokenizers, langs);
        let settings = IndexSettings {
            docstore_compress_dedicated_thread: false,
            ..Default::default()
        };
        let directory = RamDirectory::create();
        let mut writer = Index::builder()
            .schema(schema)
            .settings(settings)
            .tokenizers(tokenizers)
            .single_segment_index_writer(directory.clone(), 64 << 20)?;
        for (lang, text) in phrasings {
            let mut doc = TantivyDocument::new();
            let of = fields
                .of(lang)
                .ok_or_else(|| Error::Index(format!("no field for language {lang}")))?;
            doc.add_text(of.words, text);
            if let Some(parts) = of.parts {
                doc.add_text(parts, text);
            }
            doc.add_text(fields.grams, text);
            writer.add_document(doc)?;
        }
        let index = writer.finalize()?;
        let metas = index.load_metas()?;
        let [segment] = metas.segments.as_slice() else {
            return Err(Error::Index(format!(
                "the writer made {} segments, not one",
                metas.segments.len()
            )));
        };
        let random = segment.id().uuid_string();
        let mut names: Vec<_> = metas.list_segment_files().into_iter().collect();
        names.push("meta.json".into());
        let mut files = Vec::new();
        for path in names {
            if directory.exists(&path).unwrap_or(false) {
                let bytes = directory
                    .atomic_read(&path)
                    .map_err(|e| Error::Index(e.to_string()))?;
                files.push((path.to_string_lossy().into_owned(), bytes));
            }
        }
        fix_segment_id(&mut files, &random)?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }

    /// The id every bundle's segment gets in place of tantivy's random one.
    /// A bundle holds one segment alone, so no two ids meet; a fixed one makes
    /// the same sources build to the same bytes (the CLI, the studio, two
    /// machines), which Git, caches and "is this the bundle I built" need.
    const SEGMENT_ID: &str = "00000000000000000000000000000000";

    /// Renames the segment from `random` (32 hex digits) to [`SEGMENT_ID`]:
    /// in the file names (`<id>.idx`, ...) and in meta.json, which spells it
    /// hyphenated. The segment files' bytes never hold their id, and their
    /// footers' checksums cover only those bytes.
    fn fix_segment_id(files: &mut [(String, Vec<u8>)], random: &str) -> Result<()> {
        let hyphenated = |id: &str| {
            format!(
                "{}-{}-{}-{}-{}",
                &id[..8],
                &id[8..12],
                &id[12..16],
                &id[16..20],
                &id[20..]
            )
        };
        if random.len() != SEGMENT_ID.len() || !random.is_ascii() {
            return Err(Error::Index(format!("unexpected segment id {random}")));
        }
        for (name, bytes) in files.iter_mut() {
            if name == "meta.json" {
                let meta = std::str::from_utf8(bytes)
                    .map_err(|e| Error::Index(format!("meta.json is not UTF-8: {e}")))?;
                let (from, to) = (hyphenated(random), hyphenated(SEGMENT_ID));
                if !meta.contains(&from) {
                    return Err(Error::Index(format!(
                        "meta.json does not name segment {from}"
                    )));
                }
                *bytes = meta.replace(&from, &to).into_bytes();
            } else if let Some(rest) = name.strip_prefix(random) {
                *name = format!("{SEGMENT_ID}{rest}");
            }
        }
        Ok(())
    }
}

#[cfg(feature = "build")]
pub(crate) use writer::build;
