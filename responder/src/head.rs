//! Training the second tier's head at build time (native only): multinomial
//! logistic regression from the phrasings' embeddings to their entries,
//! by stochastic gradient descent, then stored as int8 rows
//! ([`crate::understanding::Head`]).

use crate::understanding::{Head, softmax};
use encoder::dot;

/// Passes over the examples. Accuracy@1 of both tiers on BANKING77 10-shot
/// (asked 1,500 of the full KB's other phrasings) and CLINC150 val 10-shot:
/// 6 → 85.5 and 85.8; 12 → 87.2 and 90.1; 24 → 87.3 and 91.2; 48 → 88.0 and
/// 90.4 (out-of-scope recall down from 93 to 89). CLINC150 full builds in
/// 77 s at 24.
const EPOCHS: usize = 24;
/// The first step size; it decays as in `train.rs` (at 24 passes: 0.3 learns
/// too little to earn a share, 3 → 87.5 and 90.4).
const LEARNING_RATE: f32 = 1.0;
/// The step size halves after this many passes over the examples.
const DECAY_PER_EXAMPLE: f32 = 4.0;
/// Classes whose gradient is smaller than this are not updated for an example.
const MIN_GRADIENT: f32 = 1e-4;

/// One training example: an embedding and its entry.
#[derive(Clone, Copy)]
pub(crate) struct Sample<'a> {
    pub embedding: &'a [f32],
    pub class: u32,
    /// How much it counts (1 for a phrasing, less for an answer).
    pub weight: f32,
}

/// A head of `classes` entries trained on `samples` (unit vectors of `dims`).
pub(crate) fn train(samples: &[Sample], classes: usize, dims: usize) -> Head {
    let mut weights = vec![0f32; classes * dims];
    let mut bias = vec![0f32; classes];
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut logits = vec![0f32; classes];
    let mut step = 0usize;
    for _ in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        for &n in &order {
            let sample = &samples[n];
            let rate =
                LEARNING_RATE / (1.0 + step as f32 / (DECAY_PER_EXAMPLE * samples.len() as f32));
            step += 1;
            for (c, logit) in logits.iter_mut().enumerate() {
                *logit = dot(&weights[c * dims..(c + 1) * dims], sample.embedding) + bias[c];
            }
            softmax(&mut logits);
            for (c, &p) in logits.iter().enumerate() {
                let gradient = p - f32::from(c as u32 == sample.class);
                if gradient.abs() < MIN_GRADIENT {
                    continue;
                }
                let delta = rate * sample.weight * gradient;
                for (w, x) in weights[c * dims..(c + 1) * dims]
                    .iter_mut()
                    .zip(sample.embedding)
                {
                    *w -= delta * x;
                }
                bias[c] -= delta;
            }
        }
    }
    Head::new(&weights, bias, dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_to_tell_directions_apart() {
        let vectors = [
            [1.0, 0.1, 0.0, 0.0],
            [0.9, 0.0, 0.1, 0.0],
            [0.0, 1.0, 0.1, 0.0],
            [0.1, 0.9, 0.0, 0.0],
        ];
        let samples: Vec<Sample> = vectors
            .iter()
            .enumerate()
            .map(|(i, v)| Sample {
                embedding: v,
                class: (i / 2) as u32,
                weight: 1.0,
            })
            .collect();
        let head = train(&samples, 2, 4);
        assert!(head.probabilities(&[1.0, 0.0, 0.0, 0.0])[0] > 0.8);
        assert!(head.probabilities(&[0.0, 1.0, 0.0, 0.0])[1] > 0.8);
    }
}
