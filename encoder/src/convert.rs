//! Reads an upstream sentence-transformers checkpoint of the MiniLM/BERT
//! family, as unpacked from its package: `config.json`,
//! `sentence_bert_config.json`, `tokenizer.json`, `model.safetensors`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::format::{Config, Model};
use crate::upstream::{Recipe, assemble};
use crate::{Error, Result};

/// The model in `dir`, stored by `recipe`, with `notice` (what it is, its
/// licence) written into the file's header.
pub fn from_dir(dir: &Path, notice: &str, recipe: Recipe) -> Result<Model> {
    let config = json(dir, "config.json")?;
    let tokenizer = json(dir, "tokenizer.json")?;
    let max_tokens = json(dir, "sentence_bert_config.json")
        .ok()
        .and_then(|c| c["max_seq_length"].as_u64())
        .unwrap_or(256) as usize;
    let size = |key: &str| {
        config[key]
            .as_u64()
            .map(|n| n as usize)
            .ok_or_else(|| upstream(format!("config.json has no number `{key}`")))
    };
    let config = Config {
        vocab: size("vocab_size")?,
        hidden: size("hidden_size")?,
        layers: size("num_hidden_layers")?,
        heads: size("num_attention_heads")?,
        ffn: size("intermediate_size")?,
        max_tokens: max_tokens.min(size("max_position_embeddings")?),
    };
    let vocab = vocabulary(&tokenizer, config.vocab)?;
    let path = dir.join("model.safetensors");
    let bytes = std::fs::read(&path).map_err(|e| upstream(format!("{}: {e}", path.display())))?;
    let tensors = safetensors(&bytes)?;
    let tensor = |name: &str, len: usize| -> Result<Vec<f32>> {
        let data = tensors
            .get(name)
            .ok_or_else(|| upstream(format!("model.safetensors has no `{name}`")))?;
        if data.len() < len * 4 {
            return Err(upstream(format!(
                "`{name}` has {} numbers, {len} needed",
                data.len() / 4
            )));
        }
        Ok(data[..len * 4]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    };
    assemble(notice, config, vocab, &tensor, recipe)
}

fn upstream(problem: String) -> Error {
    Error::Upstream(problem)
}

fn json(dir: &Path, name: &str) -> Result<Value> {
    let path = dir.join(name);
    let text =
        std::fs::read_to_string(&path).map_err(|e| upstream(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| upstream(format!("{}: {e}", path.display())))
}

/// The WordPiece vocabulary in id order.
fn vocabulary(tokenizer: &Value, size: usize) -> Result<Vec<String>> {
    let model = &tokenizer["model"];
    if model["type"] != "WordPiece" || model["continuing_subword_prefix"] != "##" {
        return Err(upstream(
            "tokenizer.json is not a `##` WordPiece tokenizer".into(),
        ));
    }
    let normalizer = &tokenizer["normalizer"];
    if normalizer["type"] != "BertNormalizer" || normalizer["lowercase"] != true {
        return Err(upstream(
            "tokenizer.json does not lower-case with BertNormalizer".into(),
        ));
    }
    let map = model["vocab"]
        .as_object()
        .ok_or_else(|| upstream("tokenizer.json has no vocab".into()))?;
    let mut vocab = vec![None; size];
    for (token, id) in map {
        let slot = id.as_u64().and_then(|id| vocab.get_mut(id as usize));
        let slot = slot.ok_or_else(|| {
            upstream(format!(
                "token {token:?} has id {id}, outside the vocabulary"
            ))
        })?;
        if token.contains('\n') {
            return Err(upstream(format!("token {token:?} contains a line break")));
        }
        *slot = Some(token.clone());
    }
    vocab
        .into_iter()
        .enumerate()
        .map(|(id, t)| t.ok_or_else(|| upstream(format!("no token has id {id}"))))
        .collect()
}

/// The float32 tensors of a safetensors file, by name.
fn safetensors(bytes: &[u8]) -> Result<HashMap<String, &[u8]>> {
    let short = || upstream("model.safetensors is truncated".into());
    let len = u64::from_le_bytes(
        bytes
            .get(..8)
            .ok_or_else(short)?
            .try_into()
            .map_err(|_| short())?,
    ) as usize;
    let header = bytes.get(8..8 + len).ok_or_else(short)?;
    let data = &bytes[8 + len..];
    let header: Value =
        serde_json::from_slice(header).map_err(|e| upstream(format!("model.safetensors: {e}")))?;
    let mut tensors = HashMap::new();
    for (name, meta) in header.as_object().into_iter().flatten() {
        if meta["dtype"] != "F32" {
            continue;
        }
        let offsets = meta["data_offsets"].as_array().ok_or_else(short)?;
        let (begin, end) = match offsets.as_slice() {
            [b, e] => (
                b.as_u64().unwrap_or(0) as usize,
                e.as_u64().unwrap_or(0) as usize,
            ),
            _ => return Err(short()),
        };
        tensors.insert(name.clone(), data.get(begin..end).ok_or_else(short)?);
    }
    Ok(tensors)
}
