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

use crate::model::{Features, Model};

/// Passes over the examples (CLINC150 val, 10-shot, model alone: 6 gave
/// accuracy@1 78.4, 12 and 24 no better)…
const EPOCHS: usize = 6;
/// …but no more steps than this, nor fewer than [`MIN_EPOCHS`] passes: a
/// large knowledge base learns enough in fewer passes. CLINC150 full
/// (15,000 phrasings), val, with BM25: 6 passes accuracy@1 92.57, answered
/// right 82.1; 4 passes 92.50, 81.6 (3: 91.77, out-of-scope recall −2). A
/// synthetic 1,000 × 15 built in 7.0 s instead of 10.0 (one core).
const MAX_STEPS: usize = 60_000;
const MIN_EPOCHS: usize = 4;

/// How many passes over its examples training makes for a knowledge base
/// of `examples` examples (the fit's models, trained on part of them, make
/// as many as the bundle's).
pub(crate) fn epochs(examples: usize) -> usize {
    (MAX_STEPS / examples.max(1)).clamp(MIN_EPOCHS, EPOCHS)
}
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

/// Weights being trained: per feature (numbered densely, see [`Dense`]),
/// (class, weight) pairs sorted by class.
type Weights = Vec<Vec<(u32, f32)>>;

/// The examples' features renumbered 0, 1, 2, … in order of first use, so
/// that a feature's weights are found by position, not by hashing its bucket.
struct Dense {
    /// Per example, its (feature number, value) pairs.
    features: Vec<Vec<(u32, f32)>>,
    /// Each feature number's bucket.
    buckets: Vec<u32>,
}

impl Dense {
    fn new(examples: &[Example]) -> Dense {
        let mut numbers: HashMap<u32, u32> = HashMap::new();
        let mut buckets = Vec::new();
        let features = examples
            .iter()
            .map(|example| {
                example
                    .features
                    .iter()
                    .map(|&(bucket, value)| {
                        let number = *numbers.entry(bucket).or_insert_with(|| {
                            buckets.push(bucket);
                            buckets.len() as u32 - 1
                        });
                        (number, value)
                    })
                    .collect()
            })
            .collect();
        Dense { features, buckets }
    }
}

/// Trains a model of `classes` classes on `examples` in `epochs` passes.
pub(crate) fn train(examples: &[Example], classes: usize, epochs: usize) -> Model {
    // Classes below this probability get no gradient; early on every class
    // sits at 1 / classes, so the floor rises for small knowledge bases.
    let min_gradient = MIN_GRADIENT.max(MIN_GRADIENT_UNIFORM / classes.max(1) as f32);
    let dense = Dense::new(examples);
    let mut weights: Weights = vec![Vec::new(); dense.buckets.len()];
    let mut gradients = Vec::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Lcg(0x5eed_1234_abcd_0001);
    let mut scratch = Scratch::new(classes);
    let decay = (DECAY_PER_EXAMPLE * examples.len() as f32).max(1.0);
    let mut steps = 0usize;
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let example = &examples[i];
            let features = &dense.features[i];
            let rate = LEARNING_RATE / (1.0 + steps as f32 / decay);
            steps += 1;
            step(
                &mut scratch,
                &mut weights,
                features,
                example,
                min_gradient,
                &mut gradients,
                rate,
            );
        }
    }
    quantise(weights, &dense.buckets, classes)
}

/// One step of training on one example. A function of its own, called for
/// each example: a browser compiles a wasm function better once it has run
/// a while, and so it does from the first training on (the studio's first
/// build took twice as long as the next while all was one function).
#[inline(never)]
fn step(
    scratch: &mut Scratch,
    weights: &mut Weights,
    features: &[(u32, f32)],
    example: &Example,
    min_gradient: f32,
    gradients: &mut Vec<(u32, f32)>,
    rate: f32,
) {
    scratch.predict(weights, features);
    scratch.gradients(example.class, min_gradient, gradients);
    update(weights, features, example.weight, gradients, rate);
    scratch.clear();
}

/// Knowledge bases of up to this many entries keep every class's logit in
/// each step ([`Scratch::dense`]); larger ones only those of the classes an
/// example's features have weights for. A feature keeps weights for up to
/// [`ROW_TRIM`] classes and an example has about a hundred features, so in
/// a knowledge base of 1,000 entries an example touches nearly every class
/// anyway (the synthetic 1,000 × 15: 700–960 a step), and keeping count of
/// which cost more than the rest of the step; in one of 10,000 it touches
/// few of them. Built natively, both ways: the synthetic 1,000 × 15 in
/// 2.8 s dense and 3.3 s not; random knowledge bases of 2,000 × 8 in 1.6 s
/// either way, 4,000 × 8 in 5.1 s dense and 4.2 s not, 10,000 × 5 in 14.3
/// s dense and 6.9 s not.
const DENSE_CLASSES: usize = 2_000;

/// One example's logits.
struct Scratch {
    /// Per class, its logit; then, in [`Scratch::gradients`], its
    /// unnormalised probability. Zero between steps.
    logits: Vec<f32>,
    /// Whether all classes are counted, or only the touched ones.
    dense: bool,
    /// If not dense: whether a class was touched…
    seen: Vec<bool>,
    /// …and the touched classes in order of first touch, the first
    /// `touched` of them (one slot more than there are classes: see
    /// `predict`).
    order: Vec<u32>,
    touched: usize,
}

impl Scratch {
    fn new(classes: usize) -> Scratch {
        Scratch::with(classes, classes <= DENSE_CLASSES)
    }

    fn with(classes: usize, dense: bool) -> Scratch {
        let sparse = if dense { 0 } else { classes + 1 };
        Scratch {
            logits: vec![0.0; classes],
            dense,
            seen: vec![false; sparse],
            order: vec![0; sparse],
            touched: 0,
        }
    }

    /// Adds each feature's weights into the logits.
    fn predict(&mut self, weights: &Weights, features: &[(u32, f32)]) {
        // Borrowed apart, so that the loops keep them in registers.
        let Scratch {
            logits,
            dense,
            seen,
            order,
            touched,
        } = self;
        if *dense {
            for &(feature, value) in features {
                for &(class, w) in &weights[feature as usize] {
                    logits[class as usize] += w * value;
                }
            }
            return;
        }
        let mut n = *touched;
        for &(feature, value) in features {
            for &(class, w) in &weights[feature as usize] {
                let at = class as usize;
                // Without a branch: the class goes to the next slot either
                // way and is kept there only if it is new.
                order[n] = class;
                n += usize::from(!seen[at]);
                seen[at] = true;
                logits[at] += w * value;
            }
        }
        *touched = n;
    }

    /// The gradient of the cross-entropy for each class that gets one
    /// (softmax probability p): p − 1 for the example's class, p for the
    /// others at least `min_gradient` likely, into `gradients`, in class
    /// order. The untouched classes share one logit, 0.
    fn gradients(&mut self, class: u32, min_gradient: f32, gradients: &mut Vec<(u32, f32)>) {
        let classes = self.logits.len();
        let logits = &mut self.logits[..];
        gradients.clear();
        if self.dense {
            let max = logits.iter().copied().fold(f32::MIN, f32::max);
            // Each class's exp, once, in place of its logit.
            let mut sum = 0.0f32;
            for v in logits.iter_mut() {
                *v = libm::expf(*v - max);
                sum += *v;
            }
            for (c, &e) in logits.iter().enumerate() {
                let p = e / sum;
                if c == class as usize {
                    gradients.push((class, p - 1.0));
                } else if p >= min_gradient {
                    gradients.push((c as u32, p));
                }
            }
            return;
        }
        let touched = &self.order[..self.touched];
        let seen = &self.seen;
        let untouched = classes - touched.len();
        let mut max = touched
            .iter()
            .map(|&c| logits[c as usize])
            .fold(f32::MIN, f32::max);
        if untouched > 0 {
            max = max.max(0.0);
        }
        let mut sum = 0.0f32;
        for &c in touched {
            let e = libm::expf(logits[c as usize] - max);
            logits[c as usize] = e;
            sum += e;
        }
        let rest = libm::expf(-max);
        sum += untouched as f32 * rest;
        let rest = rest / sum;
        if rest >= min_gradient {
            let others = (0..classes as u32).filter(|&c| c != class && !seen[c as usize]);
            gradients.extend(others.map(|c| (c, rest)));
        }
        gradients.extend(
            touched
                .iter()
                .filter(|&&c| c != class)
                .map(|&c| (c, logits[c as usize] / sum))
                .filter(|g| g.1 >= min_gradient),
        );
        let p = match seen[class as usize] {
            true => logits[class as usize] / sum,
            false => rest,
        };
        gradients.push((class, p - 1.0));
        gradients.sort_unstable_by_key(|g| g.0);
    }

    fn clear(&mut self) {
        if self.dense {
            self.logits.fill(0.0);
            return;
        }
        for &class in &self.order[..self.touched] {
            self.logits[class as usize] = 0.0;
            self.seen[class as usize] = false;
        }
        self.touched = 0;
    }
}

/// One step of gradient descent on the cross-entropy of one example.
fn update(
    weights: &mut Weights,
    features: &[(u32, f32)],
    weight: f32,
    gradients: &[(u32, f32)],
    rate: f32,
) {
    for &(feature, value) in features {
        let row = &mut weights[feature as usize];
        // The gradients come in class order, so each is looked for from
        // the last one's place on, by a scan: a row holds at most
        // ROW_TRIM weights and there are a few gradients (4 a step in the
        // synthetic 1,000 × 15), and a scan cost less than a binary search
        // for each (that build: 2.8 s instead of 2.9 s, and 3.3 s when each
        // gradient searched the whole row).
        let mut from = 0;
        for &(class, gradient) in gradients {
            let delta = -rate * weight * gradient * value;
            let at = from + row[from..].iter().take_while(|w| w.0 < class).count();
            match row.get_mut(at) {
                Some(w) if w.0 == class => w.1 += delta,
                _ => row.insert(at, (class, delta)),
            }
            from = at + 1;
        }
        if row.len() > ROW_TRIM {
            trim(row);
        }
    }
}

/// Keeps a row's [`ROW_KEPT`] largest weights (ties: the lower classes),
/// in class order.
fn trim(row: &mut Vec<(u32, f32)>) {
    let mut sizes: Vec<f32> = row.iter().map(|w| w.1.abs()).collect();
    let (_, &mut least, _) = sizes.select_nth_unstable_by(ROW_KEPT - 1, |a, b| b.total_cmp(a));
    let mut ties = ROW_KEPT - row.iter().filter(|w| w.1.abs() > least).count();
    row.retain(|w| {
        let size = w.1.abs();
        let tie = size == least && ties > 0;
        ties -= usize::from(tie);
        size > least || tie
    });
}

/// A feature keeps weights for at most this many classes (the largest),
/// trimmed whenever it holds more than [`ROW_TRIM`]. Common features ("how",
/// " th") would otherwise gain a weight for every entry, and each example
/// would cost as many steps as the knowledge base has entries. Knowledge
/// bases of up to [`ROW_TRIM`] entries are untouched (CLINC150's 150,
/// BANKING77's 77); a synthetic one of 1,000 entries × 15 phrasings built
/// in 43 s instead of 74 (64 kept: 26 s, but CLINC150 val 10-shot −0.4).
const ROW_KEPT: usize = 128;
/// A row is trimmed back to [`ROW_KEPT`] once it holds more than this. It
/// was twice as many: the synthetic 1,000 × 15 then read 17,100 weights per
/// training step, now 12,500, its fit's held-out accuracy 78.8 → 79.7%, and
/// it builds in 10.4 s on one core instead of 12.0 (the trim selects
/// instead of sorting twice, or trimming this often would cost what it saves).
const ROW_TRIM: usize = ROW_KEPT + ROW_KEPT / 4;

/// Drops the smallest weights and stores the rest as bytes.
fn quantise(weights: Weights, buckets: &[u32], classes: usize) -> Model {
    let largest = weights
        .iter()
        .flat_map(|row| row.iter().map(|w| w.1.abs()))
        .fold(0.0f32, f32::max);
    let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
    let floor = largest * PRUNE_SHARE;
    let mut rows: Vec<(u32, Vec<(u32, i8)>)> = weights
        .into_iter()
        .zip(buckets)
        .map(|(row, &bucket)| {
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
    fn a_trimmed_row_keeps_its_largest_weights_in_class_order() {
        let mut row: Vec<(u32, f32)> = (0..ROW_TRIM as u32 + 1)
            .map(|class| (class, if class % 3 == 0 { -2.0 } else { 0.5 }))
            .collect();
        // Classes 0, 3, 6, … weigh most; the rest tie, and the lower classes stay.
        let large: Vec<u32> = (0..ROW_TRIM as u32 + 1).step_by(3).collect();
        let small = ROW_KEPT - large.len();
        let mut expected: Vec<u32> = large.clone();
        expected.extend((0..ROW_TRIM as u32 + 1).filter(|c| c % 3 != 0).take(small));
        expected.sort_unstable();
        trim(&mut row);
        assert_eq!(row.iter().map(|w| w.0).collect::<Vec<_>>(), expected);
        assert!(row.iter().filter(|w| w.1 == -2.0).count() == large.len());
    }

    #[test]
    fn counting_every_class_or_the_touched_ones_gives_the_same_gradients() {
        // 40 classes, features with weights for some of them: class 3 is
        // never touched, class 7 is the example's.
        let classes = 40;
        let mut rng = Lcg(7);
        let weights: Weights = (0..12)
            .map(|_| {
                let mut row = Vec::new();
                for c in 0..classes as u32 {
                    let (keep, w) = (rng.next().is_multiple_of(3), rng.next() % 200);
                    if c != 3 && keep {
                        row.push((c, w as f32 / 50.0 - 2.0));
                    }
                }
                row
            })
            .collect();
        let features: Vec<(u32, f32)> = (0..12).map(|f| (f, 0.5)).collect();
        for min_gradient in [0.0, 0.01] {
            let run = |dense: bool| {
                let mut scratch = Scratch::with(classes, dense);
                let mut gradients = Vec::new();
                scratch.predict(&weights, &features);
                scratch.gradients(7, min_gradient, &mut gradients);
                scratch.clear();
                assert!(scratch.logits.iter().all(|&v| v == 0.0), "cleared");
                gradients
            };
            let (dense, sparse) = (run(true), run(false));
            let classes_of = |g: &[(u32, f32)]| g.iter().map(|g| g.0).collect::<Vec<_>>();
            assert_eq!(classes_of(&dense), classes_of(&sparse));
            assert!(dense.windows(2).all(|w| w[0].0 < w[1].0), "class order");
            for (d, s) in dense.iter().zip(&sparse) {
                assert!((d.1 - s.1).abs() < 1e-6, "{d:?} {s:?}");
            }
            let total: f32 = dense.iter().map(|g| g.1).sum();
            if min_gradient == 0.0 {
                assert_eq!(dense.len(), classes);
                assert!(total.abs() < 1e-5, "probabilities sum to one: {total}");
            }
        }
    }

    #[test]
    fn an_update_adds_to_a_row_and_inserts_in_class_order() {
        let mut weights: Weights = vec![vec![(2, 1.0), (5, 1.0), (9, 1.0)]];
        let gradients = [(1, 0.5), (5, 0.25), (7, -1.0), (12, 0.5)];
        update(&mut weights, &[(0, 2.0)], 1.0, &gradients, 1.0);
        assert_eq!(
            weights[0],
            [
                (1, -1.0),
                (2, 1.0),
                (5, 0.5),
                (7, 2.0),
                (9, 1.0),
                (12, -1.0)
            ]
        );
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
        let model = train(&examples, 2, EPOCHS);
        let (p, _) = model.probabilities(&features("parcel delivery"));
        assert!(p[0] > 0.8, "{p:?}");
        let (p, _) = model.probabilities(&features("return it"));
        assert!(p[1] > 0.8, "{p:?}");
        assert_eq!(
            train(&examples, 2, EPOCHS),
            model,
            "training is deterministic"
        );
        assert_eq!(
            (epochs(1500), epochs(10_000), epochs(15_000), epochs(90_000)),
            (6, 6, 4, 4)
        );
    }
}
