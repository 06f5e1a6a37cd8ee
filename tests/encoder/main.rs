//! The encoder against an independent reference (tests/fixtures/encoder/
//! reference.json: numpy float32 forward pass and Hugging Face `tokenizers`,
//! made by xtask/reference/encoder_reference.py), and the file format's
//! refusals. The real model comes from `cargo xtask setup`
//! (`.tools/encoder/`); the tiny generated one needs nothing.

use std::path::{Path, PathBuf};

use encoder::{Encoder, Recipe};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn reference() -> Value {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/encoder/reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The shipped encoder file, which `cargo xtask test` makes before testing.
fn shipped() -> Encoder {
    let path = root().join(format!(
        ".tools/encoder/encoder-v{}.bin",
        encoder::FORMAT_VERSION
    ));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run `cargo xtask setup` first (it converts the encoder)",
            path.display()
        )
    });
    Encoder::from_bytes(&bytes).unwrap()
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect()
}

#[test]
fn tokens_equal_the_upstream_tokenizer_on_hard_text() {
    let encoder = shipped();
    for case in reference()["tokens"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let want: Vec<u32> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(encoder.tokens(text), want, "tokens of {text:?}");
    }
}

#[test]
fn shipped_embeddings_stay_within_cosine_0_99_of_float32() {
    let encoder = shipped();
    for case in reference()["embeddings"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let cos = encoder::cosine(&encoder.encode(text), &floats(&case["embedding"]));
        assert!(cos >= 0.99, "{text:?}: cosine {cos}");
    }
}

#[test]
fn float32_conversion_equals_the_reference() {
    let upstream = root().join(".tools/encoder/upstream");
    let model = encoder::convert::from_dir(&upstream, "test", Recipe::EXACT).unwrap();
    let encoder = Encoder::new(model).unwrap();
    for case in reference()["embeddings"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let cos = encoder::cosine(&encoder.encode(text), &floats(&case["embedding"]));
        assert!(cos >= 0.9999, "{text:?}: cosine {cos}");
    }
}
