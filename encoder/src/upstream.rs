//! From upstream tensors (BERT's names, float32) to Plauder's model: q, k and
//! v stacked into one matrix, token type 0 folded into the positions (the
//! encoder only ever sees one segment), positions cut to the longest input,
//! every matrix quantised by the recipe.
//!
//! The layers' 4-bit groups are fitted activation-aware: the float32 model
//! first reads some calibration text, and each column's rounding error is
//! weighed by the mean square of the input it meets. Plain 4-bit rounding of
//! the layers moved embeddings to cosine 0.94–0.98 of float32; weighed, they
//! stay above 0.99 (docs/understanding.md).

use crate::format::{Config, Dense, Layer, Model, Norm};
use crate::forward::{Moments, input_moments};
use crate::quant::{Data, Matrix, Quant};
use crate::tokenizer::Tokenizer;
use crate::{Error, Result};

/// How each part of a model is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipe {
    /// The word embeddings (half the parameters of a MiniLM).
    pub words: Quant,
    /// The layers' matrices.
    pub layers: Quant,
}

impl Recipe {
    /// What Plauder ships: the layers in activation-aware 4-bit groups of
    /// 32, the word embeddings in int8 steps of 0.55 of each row's RMS
    /// (entropy-coded by gzip). 11.7 MB gzipped; on three dev sets within
    /// 0.5 points of float32 (docs/understanding.md).
    pub const SHIPPED: Recipe = Recipe {
        words: Quant::Step(550),
        layers: Quant::Q4(32),
    };
    /// Float32 everywhere: the reference the shipped recipe is measured against.
    pub const EXACT: Recipe = Recipe {
        words: Quant::F32,
        layers: Quant::F32,
    };

    /// A short name of the recipe, for file names: `s550-q32`.
    pub fn tag(self) -> String {
        let part = |q: Quant| match q {
            Quant::F32 => "f32".to_string(),
            Quant::Q8 => "q8".to_string(),
            Quant::Q4(group) => format!("q{group}"),
            Quant::Step(permille) => format!("s{permille}"),
        };
        format!("{}-{}", part(self.words), part(self.layers))
    }

    /// The name of the shipped encoder file as `cargo xtask setup` makes it.
    pub fn shipped_file_name() -> String {
        format!(
            "encoder-v{}-{}.bin",
            crate::FORMAT_VERSION,
            Recipe::SHIPPED.tag()
        )
    }

    /// Position embeddings: int8 (a few hundred rows), float32 when exact.
    fn positions(self) -> Quant {
        if self.layers == Quant::F32 {
            Quant::F32
        } else {
            Quant::Q8
        }
    }
}

/// Calibration text for the activation-aware fit: questions and answers of
/// the kind an FAQ holds, none from any evaluation set.
const CALIBRATION: &[&str] = &[
    "How long does shipping take to Canada?",
    "Can I pay with PayPal or a credit card?",
    "My package arrived damaged, what should I do?",
    "Where can I find my invoice for last month's order?",
    "Do you offer discounts for students or seniors?",
    "I forgot my password and can't log in",
    "Is there a warranty on refurbished laptops?",
    "what are your opening hours on public holidays",
    "How do I cancel my subscription before it renews?",
    "Are your products vegan and free of palm oil?",
    "The app keeps crashing when I upload a photo.",
    "Can I change the delivery address after ordering?",
    "Why was I charged twice for the same booking?",
    "Do I need an appointment or can I just walk in?",
    "Returns are free within 30 days; print the label from your account.",
    "We ship worldwide. Orders placed before 2 pm leave the warehouse the same day.",
    "Please bring your ID and the confirmation e-mail to the front desk.",
    "Is parking available near the clinic?",
    "how do i transfer money to another bank account",
    "What is the difference between the basic and the premium plan?",
    "Can children under 12 travel alone?",
    "My card was declined at the checkout, why?",
    "Who do I contact about a data protection request (GDPR)?",
    "Is the vaccine safe during pregnancy?",
    "How can I track my order #48213?",
    "set an alarm for 7 am tomorrow",
    "Do you deliver on Sundays? 🙂",
    "Wie lange dauert die Lieferung?",
    "I'd like to speak to a real person please",
    "Prices include VAT; customs fees outside the EU are paid on delivery.",
];

/// Builds a model from tensors named as in BERT's checkpoints; `tensor(name,
/// len)` returns that tensor's `len` numbers, or an error naming it.
pub fn assemble(
    notice: &str,
    config: Config,
    vocab: Vec<String>,
    tensor: &dyn Fn(&str, usize) -> Result<Vec<f32>>,
    recipe: Recipe,
) -> Result<Model> {
    let exact = exact_model(notice, config, vocab, tensor)?;
    if recipe == Recipe::EXACT {
        return Ok(exact);
    }
    let tokenizer = Tokenizer::new(&exact.vocab)
        .ok_or_else(|| Error::Upstream("the vocabulary lacks [UNK], [CLS] or [SEP]".into()))?;
    let ids: Vec<Vec<u32>> = CALIBRATION
        .iter()
        .map(|t| tokenizer.encode(t, config.max_tokens))
        .collect();
    let moments = input_moments(&exact, &ids);
    Ok(quantised(exact, &moments, recipe))
}

/// The model in float32.
fn exact_model(
    notice: &str,
    config: Config,
    vocab: Vec<String>,
    tensor: &dyn Fn(&str, usize) -> Result<Vec<f32>>,
) -> Result<Model> {
    let (h, f) = (config.hidden, config.ffn);
    let matrix = |values: Vec<f32>, rows: usize, cols: usize| Matrix {
        rows,
        cols,
        data: Data::F32(values),
    };
    let words = tensor("embeddings.word_embeddings.weight", config.vocab * h)?;
    let mut positions = tensor(
        "embeddings.position_embeddings.weight",
        config.max_tokens * h,
    )?;
    let segment = tensor("embeddings.token_type_embeddings.weight", h)?;
    for row in positions.chunks_exact_mut(h) {
        row.iter_mut().zip(&segment).for_each(|(p, s)| *p += s);
    }
    let norm = |prefix: &str| -> Result<Norm> {
        Ok(Norm {
            weight: tensor(&format!("{prefix}LayerNorm.weight"), h)?,
            bias: tensor(&format!("{prefix}LayerNorm.bias"), h)?,
        })
    };
    let dense = |name: &str, rows: usize, cols: usize| -> Result<Dense> {
        Ok(Dense {
            matrix: matrix(tensor(&format!("{name}.weight"), rows * cols)?, rows, cols),
            bias: tensor(&format!("{name}.bias"), rows)?,
        })
    };
    let mut layers = Vec::with_capacity(config.layers);
    for i in 0..config.layers {
        let p = format!("encoder.layer.{i}.");
        let (mut qkv, mut qkv_bias) = (Vec::with_capacity(3 * h * h), Vec::with_capacity(3 * h));
        for part in ["query", "key", "value"] {
            qkv.extend(tensor(&format!("{p}attention.self.{part}.weight"), h * h)?);
            qkv_bias.extend(tensor(&format!("{p}attention.self.{part}.bias"), h)?);
        }
        layers.push(Layer {
            qkv: Dense {
                matrix: matrix(qkv, 3 * h, h),
                bias: qkv_bias,
            },
            attention_out: dense(&format!("{p}attention.output.dense"), h, h)?,
            norm1: norm(&format!("{p}attention.output."))?,
            ffn_in: dense(&format!("{p}intermediate.dense"), f, h)?,
            ffn_out: dense(&format!("{p}output.dense"), h, f)?,
            norm2: norm(&format!("{p}output."))?,
        });
    }
    Ok(Model {
        notice: notice.to_string(),
        config,
        vocab,
        words: matrix(words, config.vocab, h),
        positions: matrix(positions, config.max_tokens, h),
        norm: norm("embeddings.")?,
        layers,
    })
}

/// `model` (float32) stored by `recipe`, the layers weighed by `moments`.
fn quantised(mut model: Model, moments: &[Moments], recipe: Recipe) -> Model {
    let requantise = |m: &mut Matrix, quant: Quant, importance: Option<&[f32]>| {
        if let Data::F32(values) = &m.data {
            *m = Matrix::quantise_weighted(values, m.rows, m.cols, quant, importance);
        }
    };
    requantise(&mut model.words, recipe.words, None);
    requantise(&mut model.positions, recipe.positions(), None);
    for (layer, moments) in model.layers.iter_mut().zip(moments) {
        let [qkv, out, ffn_in, ffn_out] = &moments.inputs;
        requantise(&mut layer.qkv.matrix, recipe.layers, Some(qkv));
        requantise(&mut layer.attention_out.matrix, recipe.layers, Some(out));
        requantise(&mut layer.ffn_in.matrix, recipe.layers, Some(ffn_in));
        requantise(&mut layer.ffn_out.matrix, recipe.layers, Some(ffn_out));
    }
    model
}
