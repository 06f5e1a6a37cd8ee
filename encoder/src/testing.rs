//! Tiny encoders of the real architecture with made-up weights, for tests
//! that need an encoder file but not the real model's understanding.

use crate::format::{Config, Model};
use crate::upstream::{Recipe, assemble};

/// A 2-layer, 32-wide encoder whose vocabulary is the special tokens, `words`
/// and their `##` continuations; weights from a seeded generator.
pub fn tiny(words: &[&str], seed: u64) -> Model {
    let mut vocab: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for w in words {
        vocab.push(w.to_string());
        vocab.push(format!("##{w}"));
    }
    for c in 'a'..='z' {
        vocab.push(c.to_string());
        vocab.push(format!("##{c}"));
    }
    vocab.sort();
    vocab.dedup();
    let config = Config {
        vocab: vocab.len(),
        hidden: 32,
        layers: 2,
        heads: 4,
        ffn: 64,
        max_tokens: 64,
    };
    let tensor = |name: &str, len: usize| {
        let mut state = seed
            ^ name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
        let is_norm_weight = name.ends_with("LayerNorm.weight");
        Ok((0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let uniform = (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
                if is_norm_weight {
                    1.0 + uniform * 0.1
                } else {
                    uniform * 0.4
                }
            })
            .collect())
    };
    assemble(
        "A tiny test encoder with random weights.",
        config,
        vocab,
        &tensor,
        Recipe::SHIPPED,
    )
    .expect("the generator gives every tensor")
}
