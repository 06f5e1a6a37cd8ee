//! The transformer's forward pass: BERT embeddings, post-LayerNorm layers,
//! mean pooling over every token, L2 norm (sentence-transformers' recipe for
//! the MiniLM family). Sentences of a batch are stacked token by token, so
//! each weight row is unpacked once for all of them; attention stays within
//! a sentence, so no padding or mask is needed.

use crate::format::{Layer, Model, Norm};
use crate::quant::dot;

/// Unit-length embeddings of token-id sequences (each within the model's
/// vocabulary and `max_tokens`).
pub(crate) fn encode(model: &Model, sentences: &[Vec<u32>]) -> Vec<Vec<f32>> {
    let h = model.config.hidden;
    let lengths: Vec<usize> = sentences.iter().map(Vec::len).collect();
    let mut x = embed(model, sentences);
    for layer in &model.layers {
        apply(layer, model, &lengths, &mut x, None);
    }
    let mut start = 0;
    lengths
        .iter()
        .map(|&n| {
            let mut pooled = vec![0f32; h];
            for token in x[start * h..(start + n) * h].chunks_exact(h) {
                pooled.iter_mut().zip(token).for_each(|(p, v)| *p += v);
            }
            start += n;
            let norm = pooled.iter().map(|v| v * v).sum::<f32>().sqrt();
            // Weights that overflow (a damaged or hostile file) give no
            // direction at all rather than NaN: the first tier decides alone.
            if !norm.is_finite() || norm < 1e-12 {
                return vec![0.0; h];
            }
            pooled.iter_mut().for_each(|v| *v /= norm);
            pooled
        })
        .collect()
}

fn embed(model: &Model, sentences: &[Vec<u32>]) -> Vec<f32> {
    let h = model.config.hidden;
    let total: usize = sentences.iter().map(Vec::len).sum();
    let mut x = vec![0f32; total * h];
    let mut position = vec![0f32; h];
    let mut tokens = x.chunks_exact_mut(h);
    for ids in sentences {
        for (p, &id) in ids.iter().enumerate() {
            let Some(token) = tokens.next() else { break };
            model.words.row(id as usize, token);
            model.positions.row(p, &mut position);
            token.iter_mut().zip(&position).for_each(|(t, p)| *t += p);
            layer_norm(token, &model.norm);
        }
    }
    x
}

/// The mean square of each input of a layer's four matrices over some text:
/// which columns meet large activations (for quantising, see `upstream`).
pub(crate) struct Moments {
    pub(crate) inputs: [Vec<f32>; 4],
}

/// Each layer's [`Moments`] over `sentences`.
pub(crate) fn input_moments(model: &Model, sentences: &[Vec<u32>]) -> Vec<Moments> {
    let lengths: Vec<usize> = sentences.iter().map(Vec::len).collect();
    let mut x = embed(model, sentences);
    let mut all = Vec::new();
    for layer in &model.layers {
        let mut moments = Moments {
            inputs: Default::default(),
        };
        apply(layer, model, &lengths, &mut x, Some(&mut moments));
        all.push(moments);
    }
    all
}

fn mean_square(x: &[f32], width: usize) -> Vec<f32> {
    let mut sums = vec![0f32; width];
    for row in x.chunks_exact(width) {
        sums.iter_mut().zip(row).for_each(|(s, v)| *s += v * v);
    }
    let n = (x.len() / width).max(1) as f32;
    sums.iter_mut().for_each(|s| *s /= n);
    sums
}

fn apply(
    layer: &Layer,
    model: &Model,
    lengths: &[usize],
    x: &mut [f32],
    moments: Option<&mut Moments>,
) {
    let (h, f) = (model.config.hidden, model.config.ffn);
    let tokens = x.len() / h;
    let mut qkv = vec![0f32; tokens * 3 * h];
    layer.qkv.matrix.linear(&layer.qkv.bias, x, &mut qkv);
    let mut context = vec![0f32; tokens * h];
    attention(&qkv, lengths, model.config.heads, h, &mut context);
    let mut delta = vec![0f32; tokens * h];
    layer
        .attention_out
        .matrix
        .linear(&layer.attention_out.bias, &context, &mut delta);
    let before = moments
        .is_some()
        .then(|| [mean_square(x, h), mean_square(&context, h)]);
    add_and_norm(x, &delta, &layer.norm1);
    let mut inner = vec![0f32; tokens * f];
    layer
        .ffn_in
        .matrix
        .linear(&layer.ffn_in.bias, x, &mut inner);
    inner.iter_mut().for_each(|v| *v = gelu(*v));
    if let (Some(moments), Some([qkv_in, out_in])) = (moments, before) {
        moments.inputs = [qkv_in, out_in, mean_square(x, h), mean_square(&inner, f)];
    }
    layer
        .ffn_out
        .matrix
        .linear(&layer.ffn_out.bias, &inner, &mut delta);
    add_and_norm(x, &delta, &layer.norm2);
}

/// Scaled dot-product attention of every head, within each sentence.
fn attention(qkv: &[f32], lengths: &[usize], heads: usize, h: usize, context: &mut [f32]) {
    let d = h / heads;
    let scale = 1.0 / (d as f32).sqrt();
    let row = |t: usize, part: usize, head: usize| {
        let at = t * 3 * h + part * h + head * d;
        &qkv[at..at + d]
    };
    let mut scores = Vec::new();
    let mut start = 0;
    for &n in lengths {
        for head in 0..heads {
            for i in start..start + n {
                let q = row(i, 0, head);
                scores.clear();
                scores.extend((start..start + n).map(|j| dot(q, row(j, 1, head)) * scale));
                softmax(&mut scores);
                let out = &mut context[i * h + head * d..i * h + (head + 1) * d];
                out.fill(0.0);
                for (j, &p) in (start..start + n).zip(&scores) {
                    out.iter_mut()
                        .zip(row(j, 2, head))
                        .for_each(|(o, v)| *o += p * v);
                }
            }
        }
        start += n;
    }
}

fn softmax(values: &mut [f32]) {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in values.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    values.iter_mut().for_each(|v| *v /= sum);
}

fn add_and_norm(x: &mut [f32], delta: &[f32], norm: &Norm) {
    let h = norm.weight.len();
    for (token, d) in x.chunks_exact_mut(h).zip(delta.chunks_exact(h)) {
        token.iter_mut().zip(d).for_each(|(t, d)| *t += d);
        layer_norm(token, norm);
    }
}

/// LayerNorm with BERT's epsilon (1e-12).
fn layer_norm(x: &mut [f32], norm: &Norm) {
    let n = x.len() as f32;
    let mean = x.iter().sum::<f32>() / n;
    let variance = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    let inv = 1.0 / (variance + 1e-12).sqrt();
    for ((v, w), b) in x.iter_mut().zip(&norm.weight).zip(&norm.bias) {
        *v = (*v - mean) * inv * w + b;
    }
}

/// GELU with the error function (BERT's "gelu", not the tanh form).
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function to within 1.5e-7 (Abramowitz and Stegun 7.1.26).
fn erf(x: f32) -> f32 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152 + t * 1.061_405_4))));
    let y = 1.0 - poly * (-x * x).exp();
    if x < 0.0 { -y } else { y }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [
            (0.0, 0.0),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
        ] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x})");
        }
    }

    #[test]
    fn softmax_sums_to_one() {
        let mut v = [1.0, 2.0, 3.0];
        softmax(&mut v);
        assert!((v.iter().sum::<f32>() - 1.0).abs() < 1e-6 && v[2] > v[1]);
    }
}
