//! Training the answer model at build time (native only; see `model.rs`).
//!
//! Multinomial logistic regression, one class per entry, trained with
//! stochastic gradient descent over the phrasings. Weights are kept sparse:
//! a class's weight for a feature exists only once a gradient touched it,
//! and gradients smaller than [`MIN_GRADIENT`] are skipped. So training and
//! the model's size grow with the knowledge base's text and its confusable
//! entries, not with entries × features. Weights are then pruned and
//! quantised to one byte.

use std::collections::HashMap;

use crate::model::{Features, Model, softmax};

/// Passes over the examples (CLINC150 val, 10-shot, model alone: 6 gave
/// accuracy@1 78.4, 12 and 24 no better).
const EPOCHS: usize = 6;
/// The first step size (CLINC150 val, 10-shot, model alone: 0.3 → 72.0 at
/// 6 epochs, 1 → 76.7, 3 → 78.4, 10 → 77.9).
const LEARNING_RATE: f32 = 3.0;
/// The step size halves after this many passes over the examples
/// (rate = LEARNING_RATE / (1 + steps / (DECAY_PER_EXAMPLE × examples))).
const DECAY_PER_EXAMPLE: f32 = 3.0;
/// Class gradients below this are skipped: they would barely move a weight
/// but would make every class own every feature.
const MIN_GRADIENT: f32 = 0.01;
/// …and below this many times the uniform probability (1 / classes): in a
/// knowledge base of 20 entries every class starts at 5%, and without it
/// the demo FAQ's model was 136 KB instead of 26 KB (same answers).
const MIN_GRADIENT_UNIFORM: f32 = 1.5;
/// Weights smaller than this share of the largest are dropped from the
/// bundle. CLINC150 val, accuracy@1 and model size, full and 10-shot KB:
/// 0.01 → 92.67 (443 KB) and 79.33 (194 KB); 0.02 → 92.57 (312 KB) and
/// 79.60 (162 KB); 0.03 → 92.20 (230 KB) and 79.27 (152 KB). The demo FAQ's
/// model: 26, 21 and 20 KB.
const PRUNE_SHARE: f32 = 0.02;

/// One training example.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    /// Its features.
    pub features: Features,
    /// Its entry.
    pub class: u32,
    /// How much it counts (1 for a phrasing).
    pub weight: f32,
    /// The index document it was made of, if a phrasing.
    pub doc: Option<u32>,
}

/// Weights being trained: per feature, (class, weight) pairs sorted by class.
type Weights = HashMap<u32, Vec<(u32, f32)>>;

/// Trains a model of `classes` classes on `examples`.
pub(crate) fn train(examples: &[Example], classes: usize) -> Model {
    // Classes below this probability get no gradient; early on every class
    // sits at 1 / classes, so the floor rises for small knowledge bases.
    let min_gradient = MIN_GRADIENT.max(MIN_GRADIENT_UNIFORM / classes.max(1) as f32);
    let mut weights: Weights = HashMap::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Lcg(0x5eed_1234_abcd_0001);
    let mut logits = vec![0.0f32; classes];
    let decay = (DECAY_PER_EXAMPLE * examples.len() as f32).max(1.0);
    let mut step = 0usize;
    for _ in 0..EPOCHS {
        rng.shuffle(&mut order);
        for &i in &order {
            let example = &examples[i];
            let rate = LEARNING_RATE / (1.0 + step as f32 / decay);
            step += 1;
            predict(&weights, &example.features, &mut logits);
            softmax(&mut logits);
            update(&mut weights, example, &logits, rate, min_gradient);
            logits.iter_mut().for_each(|l| *l = 0.0);
        }
    }
    quantise(weights, classes)
}

/// Adds each feature's weights into `logits` (all zero on entry).
fn predict(weights: &Weights, features: &Features, logits: &mut [f32]) {
    for (bucket, value) in features {
        if let Some(row) = weights.get(bucket) {
            for &(class, w) in row {
                logits[class as usize] += w * value;
            }
        }
    }
}

/// One step of gradient descent on the cross-entropy of one example.
fn update(weights: &mut Weights, example: &Example, p: &[f32], rate: f32, min_gradient: f32) {
    let mut gradients: Vec<(u32, f32)> = p
        .iter()
        .enumerate()
        .filter(|&(class, &p)| class as u32 != example.class && p >= min_gradient)
        .map(|(class, &p)| (class as u32, p))
        .collect();
    gradients.push((example.class, p[example.class as usize] - 1.0));
    for (bucket, value) in &example.features {
        let row = weights.entry(*bucket).or_default();
        for &(class, gradient) in &gradients {
            let delta = -rate * example.weight * gradient * value;
            match row.binary_search_by_key(&class, |w| w.0) {
                Ok(at) => row[at].1 += delta,
                Err(at) => row.insert(at, (class, delta)),
            }
        }
    }
}

/// Drops the smallest weights and stores the rest as bytes.
fn quantise(weights: Weights, classes: usize) -> Model {
    let largest = weights
        .values()
        .flat_map(|row| row.iter().map(|w| w.1.abs()))
        .fold(0.0f32, f32::max);
    let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
    let floor = largest * PRUNE_SHARE;
    let mut rows: Vec<(u32, Vec<(u32, i8)>)> = weights
        .into_iter()
        .map(|(bucket, row)| {
            let mut kept: Vec<(u32, i8)> = row
                .into_iter()
                .filter(|w| w.1.abs() >= floor)
                .map(|(class, w)| (class, (w / scale).round().clamp(-127.0, 127.0) as i8))
                .filter(|w| w.1 != 0)
                .collect();
            kept.sort_unstable_by_key(|w| w.0);
            (bucket, kept)
        })
        .filter(|(_, row)| !row.is_empty())
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    let mut model = Model {
        classes,
        scale,
        features: Vec::with_capacity(rows.len()),
        starts: vec![0],
        class: Vec::new(),
        weight: Vec::new(),
    };
    for (bucket, row) in rows {
        model.features.push(bucket);
        for (class, w) in row {
            model.class.push(class);
            model.weight.push(w);
        }
        model.starts.push(model.class.len() as u32);
    }
    model
}

/// A small deterministic generator: the same sources always build the same bundle.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::features;

    fn example(text: &str, class: u32) -> Example {
        Example {
            features: features(text),
            class,
            weight: 1.0,
            doc: None,
        }
    }

    #[test]
    fn learns_which_words_tell_entries_apart() {
        let examples = [
            example("where is my parcel", 0),
            example("track my delivery", 0),
            example("when will my order arrive", 0),
            example("can i send it back", 1),
            example("how do i return my order", 1),
            example("refund for a return", 1),
        ];
        let model = train(&examples, 2);
        let (p, _) = model.probabilities(&features("parcel delivery"));
        assert!(p[0] > 0.8, "{p:?}");
        let (p, _) = model.probabilities(&features("return it"));
        assert!(p[1] > 0.8, "{p:?}");
        assert_eq!(train(&examples, 2), model, "training is deterministic");
    }
}
