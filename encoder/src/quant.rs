//! Weight matrices as stored: float32, int8 with one scale per row, or 4-bit
//! with a minimum and a scale per group of a row (asymmetric groups cost
//! almost nothing in accuracy; symmetric 4-bit costs a lot: see
//! docs/understanding.md). Rows are dequantised into a small buffer and used
//! for every token of a batch, so the cost of unpacking is paid once per row.

/// How a matrix's numbers are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quant {
    /// Plain float32 (reference, tests).
    F32,
    /// int8, one float scale per row.
    Q8,
    /// 4-bit, a float16 minimum and scale per group of this many numbers.
    Q4(u32),
    /// int8 codes on a uniform step of this many thousandths of the row's
    /// root mean square (stored as [`Quant::Q8`] is). Coarse steps leave
    /// most codes near zero: stored one per byte, they are entropy-coded
    /// by the server's gzip or brotli, which is where the bytes are saved.
    Step(u16),
}

/// A row-major matrix (`rows` outputs × `cols` inputs, as PyTorch's Linear).
pub struct Matrix {
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    pub(crate) data: Data,
}

pub(crate) enum Data {
    F32(Vec<f32>),
    /// `value × scales[row]`.
    Q8 {
        scales: Vec<f32>,
        values: Vec<i8>,
    },
    Q4 {
        group: usize,
        scales: Vec<f32>,
        mins: Vec<f32>,
        nibbles: Vec<u8>,
    },
}

impl Matrix {
    /// Quantises `values` (`rows × cols`, row-major).
    #[cfg(test)]
    pub fn quantise(values: &[f32], rows: usize, cols: usize, quant: Quant) -> Matrix {
        Matrix::quantise_weighted(values, rows, cols, quant, None)
    }

    /// Quantises `values`, weighing each column's error by `importance`
    /// (the mean square of that input over calibration text), so the
    /// columns that meet large activations are kept most exact.
    pub fn quantise_weighted(
        values: &[f32],
        rows: usize,
        cols: usize,
        quant: Quant,
        importance: Option<&[f32]>,
    ) -> Matrix {
        assert_eq!(values.len(), rows * cols, "matrix shape");
        let data = match quant {
            Quant::F32 => Data::F32(values.to_vec()),
            Quant::Q8 => {
                let mut scales = Vec::with_capacity(rows);
                let mut out = Vec::with_capacity(values.len());
                for row in values.chunks_exact(cols) {
                    let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
                    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
                    scales.push(scale);
                    out.extend(
                        row.iter()
                            .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8),
                    );
                }
                Data::Q8 {
                    scales,
                    values: out,
                }
            }
            Quant::Step(permille) => quantise_step(values, cols, f32::from(permille) / 1000.0),
            Quant::Q4(group) => quantise_q4(values, cols, group as usize, importance),
        };
        Matrix { rows, cols, data }
    }

    /// Row `r`, as float32, into `out` (`cols` long).
    pub(crate) fn row(&self, r: usize, out: &mut [f32]) {
        let cols = self.cols;
        match &self.data {
            Data::F32(values) => out.copy_from_slice(&values[r * cols..(r + 1) * cols]),
            Data::Q8 { scales, values, .. } => {
                let scale = scales[r];
                for (o, &v) in out.iter_mut().zip(&values[r * cols..(r + 1) * cols]) {
                    *o = f32::from(v) * scale;
                }
            }
            Data::Q4 {
                group,
                scales,
                mins,
                nibbles,
            } => {
                let groups = cols / group;
                let bytes = &nibbles[r * cols / 2..(r + 1) * cols / 2];
                for g in 0..groups {
                    let (scale, min) = (scales[r * groups + g], mins[r * groups + g]);
                    let chunk = &bytes[g * group / 2..(g + 1) * group / 2];
                    let (low, high) = out[g * group..(g + 1) * group].split_at_mut(group / 2);
                    for ((l, h), &b) in low.iter_mut().zip(high.iter_mut()).zip(chunk) {
                        *l = min + f32::from(b & 15) * scale;
                        *h = min + f32::from(b >> 4) * scale;
                    }
                }
            }
        }
    }

    /// `out[t] = self · x[t] + bias` for each of the `x.len() / cols` rows of `x`.
    pub(crate) fn linear(&self, bias: &[f32], x: &[f32], out: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU has the features the function is compiled for.
            unsafe { product_avx2(self, bias, x, out) };
            return;
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            if let Data::Q4 {
                group: integer::GROUP,
                scales,
                mins,
                nibbles,
            } = &self.data
            {
                integer::product(self.rows, self.cols, [scales, mins], nibbles, bias, x, out);
            } else {
                product(self, bias, x, out, block_simd128);
            }
        }
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        product(self, bias, x, out, block);
    }

    /// [`Matrix::linear`] in plain float32 lanes on every platform: what
    /// the tests hold the platforms' kernels to.
    #[cfg(test)]
    fn linear_float(&self, bias: &[f32], x: &[f32], out: &mut [f32]) {
        product(self, bias, x, out, block);
    }
}

/// 4-bit layers in the browser multiply in integers: each token's inputs
/// become int16 codes (a step of its largest value / 32767, so they are
/// exact to 1/65534 of it), a group's 4-bit codes meet them in
/// `i32x4.dot_i16x8_s` (eight products and four sums in one instruction,
/// where float32 lanes take two instructions for four), and each group's sum
/// is scaled once: `Σ (min + q·step)·x = step·Σ q·x + min·Σ x`. wasm has no
/// fused multiply-add outside relaxed SIMD (which Safari lacks), so this is
/// what makes the worker's encoder faster than float lanes.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod integer {
    use super::{TILE, dot};
    use core::arch::wasm32::*;

    /// The group width this kernel handles (what the shipped encoder uses).
    pub(super) const GROUP: usize = 32;

    /// `out[t] = m · x[t] + bias` for a 4-bit matrix in groups of [`GROUP`],
    /// given each group's step and minimum (row by row) and its nibbles.
    pub(super) fn product(
        rows: usize,
        cols: usize,
        [steps, mins]: [&[f32]; 2],
        nibbles: &[u8],
        bias: &[f32],
        x: &[f32],
        out: &mut [f32],
    ) {
        let groups = cols / GROUP;
        let tokens = x.len() / cols;
        assert!(
            cols.is_multiple_of(GROUP)
                && nibbles.len() == rows * cols / 2
                && steps.len() == rows * groups
                && mins.len() == rows * groups
                && out.len() >= tokens * rows,
            "4-bit matrix shape"
        );
        let mut codes = vec![0i16; tokens * cols];
        let mut scale = vec![0f32; tokens];
        let mut sums = vec![0f32; tokens * groups];
        for t in 0..tokens {
            let input = &x[t * cols..(t + 1) * cols];
            let largest = input.iter().fold(0f32, |m, v| m.max(v.abs()));
            let step = if largest.is_finite() && largest > 0.0 {
                largest / 32767.0
            } else {
                1.0
            };
            scale[t] = step;
            for (c, v) in codes[t * cols..(t + 1) * cols].iter_mut().zip(input) {
                // `as` saturates (and maps NaN to 0): a damaged file cannot
                // make this overflow.
                *c = (v / step).round() as i16;
            }
            for (g, sum) in sums[t * groups..(t + 1) * groups].iter_mut().enumerate() {
                *sum = input[g * GROUP..(g + 1) * GROUP].iter().sum();
            }
        }
        let mut tile = vec![0i16; TILE * cols];
        for first in (0..rows).step_by(TILE) {
            let n = TILE.min(rows - first);
            for i in 0..n {
                let row = first + i;
                unpack(
                    &nibbles[row * cols / 2..(row + 1) * cols / 2],
                    &mut tile[i * cols..(i + 1) * cols],
                );
            }
            let row = |r: usize| r.min(n - 1);
            for t in (0..tokens).step_by(2) {
                let next = (t + 1).min(tokens - 1);
                let pair = [
                    &codes[t * cols..(t + 1) * cols],
                    &codes[next * cols..(next + 1) * cols],
                ];
                for i in (0..n).step_by(4) {
                    let four = [0, 1, 2, 3].map(|k| row(i + k));
                    let sums4 = block(
                        four.map(|r| &tile[r * cols..(r + 1) * cols]),
                        four.map(|r| &steps[(first + r) * groups..(first + r + 1) * groups]),
                        pair,
                    );
                    for (k, sums4) in sums4.iter().enumerate().take((n - i).min(4)) {
                        let r = first + i + k;
                        let mins = &mins[r * groups..(r + 1) * groups];
                        for (j, token) in [t, next].into_iter().enumerate() {
                            out[token * rows + r] = sums4[j] * scale[token]
                                + dot(mins, &sums[token * groups..(token + 1) * groups])
                                + bias[r];
                        }
                    }
                }
            }
        }
    }

    /// One row's nibbles as int16 codes 0..=15. A group's byte `k` holds
    /// code `k` in its low nibble and code `k + GROUP / 2` in its high one.
    fn unpack(bytes: &[u8], out: &mut [i16]) {
        assert_eq!(bytes.len() * 2, out.len(), "4-bit row");
        for (b, o) in bytes
            .chunks_exact(GROUP / 2)
            .zip(out.chunks_exact_mut(GROUP))
        {
            // SAFETY: `b` holds 16 bytes and `o` 32 int16s (four vectors);
            // wasm loads and stores need no alignment.
            unsafe {
                let v = v128_load(b.as_ptr().cast::<v128>());
                let (low, high) = (v128_and(v, u8x16_splat(15)), u8x16_shr(v, 4));
                let o = o.as_mut_ptr().cast::<v128>();
                v128_store(o, u16x8_extend_low_u8x16(low));
                v128_store(o.add(1), u16x8_extend_high_u8x16(low));
                v128_store(o.add(2), u16x8_extend_low_u8x16(high));
                v128_store(o.add(3), u16x8_extend_high_u8x16(high));
            }
        }
    }

    /// Four rows' codes (with their groups' steps) times two tokens'
    /// codes: the eight sums `Σ step·q·code`.
    #[inline(always)]
    #[allow(
        clippy::needless_range_loop,
        reason = "a group indexes four rows' codes and steps at once"
    )]
    fn block(rows: [&[i16]; 4], steps: [&[f32]; 4], x: [&[i16]; 2]) -> [[f32; 2]; 4] {
        let groups = steps[0].len();
        let cols = groups * GROUP;
        assert!(
            x.iter().all(|x| x.len() >= cols)
                && rows.iter().all(|r| r.len() >= cols)
                && steps.iter().all(|s| s.len() >= groups),
            "block shape"
        );
        let mut acc = [[f32x4_splat(0.0); 2]; 4];
        for g in 0..groups {
            // SAFETY: g * GROUP + 8 * k + 8 <= cols for k < 4, and every
            // slice holds at least cols codes.
            let load = |s: &[i16], k: usize| unsafe {
                v128_load(s.as_ptr().add(g * GROUP + 8 * k).cast::<v128>())
            };
            let (a, b) = (
                [0, 1, 2, 3].map(|k| load(x[0], k)),
                [0, 1, 2, 3].map(|k| load(x[1], k)),
            );
            for r in 0..4 {
                let (mut sa, mut sb) = (i32x4_splat(0), i32x4_splat(0));
                for k in 0..4 {
                    let w = load(rows[r], k);
                    sa = i32x4_add(sa, i32x4_dot_i16x8(w, a[k]));
                    sb = i32x4_add(sb, i32x4_dot_i16x8(w, b[k]));
                }
                let step = f32x4_splat(steps[r][g]);
                acc[r][0] = f32x4_add(acc[r][0], f32x4_mul(f32x4_convert_i32x4(sa), step));
                acc[r][1] = f32x4_add(acc[r][1], f32x4_mul(f32x4_convert_i32x4(sb), step));
            }
        }
        acc.map(|r| r.map(super::lanes_sum))
    }
}

/// [`block`] in wasm SIMD registers (the browser's worker; built with
/// `+simd128`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn block_simd128(rows: [&[f32]; 4], x: [&[f32]; 2]) -> [[f32; 2]; 4] {
    use core::arch::wasm32::*;
    let cols = x[0].len();
    assert!(x[1].len() >= cols && rows.iter().all(|r| r.len() >= cols));
    let chunks = cols / 4;
    let mut acc = [[f32x4_splat(0.0); 2]; 4];
    for c in 0..chunks {
        // SAFETY: c * 4 + 4 <= cols, and every slice is at least cols long;
        // wasm loads need no alignment.
        let load = |s: &[f32]| unsafe { v128_load(s.as_ptr().add(c * 4).cast::<v128>()) };
        let (a, b) = (load(x[0]), load(x[1]));
        for r in 0..4 {
            let w = load(rows[r]);
            acc[r][0] = f32x4_add(acc[r][0], f32x4_mul(w, a));
            acc[r][1] = f32x4_add(acc[r][1], f32x4_mul(w, b));
        }
    }
    finish(rows, x, chunks * 4, acc.map(|r| r.map(lanes_sum)))
}

/// The sum of a vector's four float32 lanes.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn lanes_sum(v: core::arch::wasm32::v128) -> f32 {
    use core::arch::wasm32::f32x4_extract_lane;
    f32x4_extract_lane::<0>(v)
        + f32x4_extract_lane::<1>(v)
        + f32x4_extract_lane::<2>(v)
        + f32x4_extract_lane::<3>(v)
}

/// [`product`] with AVX2 and fused multiply-adds, for x86-64 CPUs that
/// have them (native builds: knowledge bases encode several times faster).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn product_avx2(m: &Matrix, bias: &[f32], x: &[f32], out: &mut [f32]) {
    // SAFETY: this function only runs where the CPU has AVX2 and FMA.
    product(m, bias, x, out, |rows, x| unsafe { block_avx2(rows, x) });
}

/// `out[t] = m · x[t] + bias`: rows are unpacked [`TILE`] at a time, then
/// multiplied four rows by two tokens at a time by `block`.
#[inline(always)]
fn product(
    m: &Matrix,
    bias: &[f32],
    x: &[f32],
    out: &mut [f32],
    block: impl Fn([&[f32]; 4], [&[f32]; 2]) -> [[f32; 2]; 4],
) {
    let (rows, cols) = (m.rows, m.cols);
    let tokens = x.len() / cols;
    let mut tile = vec![0f32; TILE * cols];
    for first in (0..rows).step_by(TILE) {
        let n = TILE.min(rows - first);
        for i in 0..n {
            m.row(first + i, &mut tile[i * cols..(i + 1) * cols]);
        }
        let row = |r: usize| &tile[r.min(n - 1) * cols..(r.min(n - 1) + 1) * cols];
        for t in (0..tokens).step_by(2) {
            let next = (t + 1).min(tokens - 1);
            let pair = [
                &x[t * cols..(t + 1) * cols],
                &x[next * cols..(next + 1) * cols],
            ];
            for i in (0..n).step_by(4) {
                let sums = block([row(i), row(i + 1), row(i + 2), row(i + 3)], pair);
                for r in i..(i + 4).min(n) {
                    out[t * rows + first + r] = sums[r - i][0] + bias[first + r];
                    out[next * rows + first + r] = sums[r - i][1] + bias[first + r];
                }
            }
        }
    }
}

/// Rows of a tile unpacked at once.
const TILE: usize = 16;

/// Four rows times two inputs (all of one length): the eight sums. Each
/// input chunk is loaded once for four rows and each row chunk once for two
/// inputs, in four lanes that compilers keep in SIMD registers (SSE, NEON,
/// wasm simd128).
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code, reason = "the tests' reference there")
)]
#[inline(always)]
fn block(rows: [&[f32]; 4], x: [&[f32]; 2]) -> [[f32; 2]; 4] {
    let cols = x[0].len();
    let (x0, _) = x[0].as_chunks::<4>();
    let (x1, _) = x[1][..cols].as_chunks::<4>();
    let chunks = x0.len();
    let (x1, w): (_, [&[[f32; 4]]; 4]) = (
        &x1[..chunks],
        rows.map(|r| &r[..cols].as_chunks::<4>().0[..chunks]),
    );
    let mut acc = [[[0f32; 4]; 2]; 4];
    for c in 0..chunks {
        let (a, b) = (x0[c], x1[c]);
        for r in 0..4 {
            let w = w[r][c];
            for l in 0..4 {
                acc[r][0][l] += w[l] * a[l];
                acc[r][1][l] += w[l] * b[l];
            }
        }
    }
    finish(
        rows,
        x,
        chunks * 4,
        acc.map(|r| r.map(|lanes| lanes.iter().sum())),
    )
}

/// Adds the products past the last whole chunk to the sums.
#[inline(always)]
fn finish(rows: [&[f32]; 4], x: [&[f32]; 2], from: usize, sums: [[f32; 2]; 4]) -> [[f32; 2]; 4] {
    let cols = x[0].len();
    std::array::from_fn(|r| {
        std::array::from_fn(|j| {
            sums[r][j] + (from..cols).map(|k| rows[r][k] * x[j][k]).sum::<f32>()
        })
    })
}

/// [`block`] in AVX2 registers with fused multiply-adds.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn block_avx2(rows: [&[f32]; 4], x: [&[f32]; 2]) -> [[f32; 2]; 4] {
    use std::arch::x86_64::*;
    let cols = x[0].len();
    assert!(x[1].len() >= cols && rows.iter().all(|r| r.len() >= cols));
    let chunks = cols / 8;
    let mut acc = [[_mm256_setzero_ps(); 2]; 4];
    for c in 0..chunks {
        // SAFETY: c * 8 + 8 <= cols, and every slice is at least cols long.
        unsafe {
            let a = _mm256_loadu_ps(x[0].as_ptr().add(c * 8));
            let b = _mm256_loadu_ps(x[1].as_ptr().add(c * 8));
            for r in 0..4 {
                let w = _mm256_loadu_ps(rows[r].as_ptr().add(c * 8));
                acc[r][0] = _mm256_fmadd_ps(w, a, acc[r][0]);
                acc[r][1] = _mm256_fmadd_ps(w, b, acc[r][1]);
            }
        }
    }
    let sum = |v: __m256| {
        let mut lanes = [0f32; 8];
        // SAFETY: lanes holds eight floats.
        unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), v) };
        lanes.iter().sum::<f32>()
    };
    finish(rows, x, chunks * 8, acc.map(|r| r.map(sum)))
}

/// Uniform steps: `step` times each row's root mean square (wider where a
/// row's largest value would not fit in int8).
fn quantise_step(values: &[f32], cols: usize, step: f32) -> Data {
    let mut scales = Vec::with_capacity(values.len() / cols);
    let mut codes = Vec::with_capacity(values.len());
    for row in values.chunks_exact(cols) {
        let rms = (row.iter().map(|v| v * v).sum::<f32>() / cols as f32).sqrt();
        let widest = row.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = (step * rms).max(widest / 127.0).max(1e-12);
        scales.push(scale);
        codes.extend(
            row.iter()
                .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8),
        );
    }
    Data::Q8 {
        scales,
        values: codes,
    }
}

/// Asymmetric 4-bit groups: each group gets the minimum and step (float16)
/// that minimise its squared error (see [`fit_group`]).
fn quantise_q4(values: &[f32], cols: usize, group: usize, importance: Option<&[f32]>) -> Data {
    assert!(
        group >= 2 && group.is_multiple_of(2) && cols.is_multiple_of(group),
        "4-bit group"
    );
    let groups = values.len() / group;
    let (mut scales, mut mins) = (Vec::with_capacity(groups), Vec::with_capacity(groups));
    let mut nibbles = Vec::with_capacity(values.len() / 2);
    let mut q = vec![0u8; group];
    let even = vec![1f32; cols];
    let importance = importance.unwrap_or(&even);
    for (i, chunk) in values.chunks_exact(group).enumerate() {
        let at = i * group % cols;
        let (min, scale) = fit_group(chunk, &importance[at..at + group], &mut q);
        scales.push(scale);
        mins.push(min);
        let (low, high) = q.split_at(group / 2);
        nibbles.extend(low.iter().zip(high).map(|(l, h)| l | (h << 4)));
    }
    Data::Q4 {
        group,
        scales,
        mins,
        nibbles,
    }
}

/// The float16 minimum and step of one group, and its values as 0..=15
/// (in `q`), with the least squared error: ranges clipped a little at either
/// end are tried, and each is refined by least squares on its assignment
/// (plain min–max rounding loses far more in the layers: docs/understanding.md).
fn fit_group(w: &[f32], importance: &[f32], q: &mut [u8]) -> (f32, f32) {
    const CLIPS: [f32; 5] = [0.0, 0.03, 0.06, 0.1, 0.15];
    let lo = w.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = w.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let range = (hi - lo).max(1e-8);
    let mut best = (f32::INFINITY, lo, range / 15.0);
    let mut trial = vec![0u8; w.len()];
    for a in CLIPS {
        for b in CLIPS {
            let mut min = lo + a * range;
            let mut scale = ((hi - b * range - min) / 15.0).max(1e-8);
            for _ in 0..3 {
                let (m, s) = (f16_round(min), f16_round(scale).max(6e-8));
                let error = assign(w, importance, m, s, &mut trial);
                if error < best.0 {
                    best = (error, m, s);
                    q.copy_from_slice(&trial);
                }
                (min, scale) = least_squares(w, importance, &trial).unwrap_or((m, s));
            }
        }
    }
    (best.1, best.2)
}

/// Rounds each value to its level; the weighted squared error.
fn assign(w: &[f32], importance: &[f32], min: f32, scale: f32, q: &mut [u8]) -> f32 {
    let mut error = 0.0;
    for ((v, q), k) in w.iter().zip(q.iter_mut()).zip(importance) {
        *q = ((v - min) / scale).round().clamp(0.0, 15.0) as u8;
        let d = min + f32::from(*q) * scale - v;
        error += k * d * d;
    }
    error
}

/// The minimum and step that best fit `w ≈ min + q × step` for fixed `q`,
/// each value weighed by its importance.
fn least_squares(w: &[f32], importance: &[f32], q: &[u8]) -> Option<(f32, f32)> {
    let (mut n, mut sq, mut sqq, mut sw, mut sqw) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for ((&v, &q), &k) in w.iter().zip(q).zip(importance) {
        let q = f32::from(q);
        n += k;
        sq += k * q;
        sqq += k * q * q;
        sw += k * v;
        sqw += k * q * v;
    }
    let det = n * sqq - sq * sq;
    if det <= f32::EPSILON * n * sqq {
        return None;
    }
    let scale = (n * sqw - sq * sw) / det;
    (scale > 0.0).then(|| ((sw - scale * sq) / n, scale))
}

/// Dot product in eight lanes, which compilers turn into SIMD (SSE, NEON,
/// wasm simd128).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// The nearest float16 to `v`, as float32.
pub(crate) fn f16_round(v: f32) -> f32 {
    f16_to_f32(f32_to_f16(v))
}

/// float32 → float16 bits, rounding to nearest (even); overflow saturates to
/// the largest finite float16.
pub(crate) fn f32_to_f16(v: f32) -> u16 {
    let bits = v.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let abs = v.abs();
    if abs.is_nan() {
        return sign | 0x7e00;
    }
    if abs >= 65520.0 {
        return sign | 0x7bff;
    }
    if abs < 6.103_515_6e-5 {
        // Subnormal float16: multiples of 2^-24.
        return sign | (abs * 16_777_216.0).round_ties_even() as u16;
    }
    let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
    let mantissa = bits & 0x7f_ffff;
    let mut half = ((exp as u32) << 10) | (mantissa >> 13);
    let rest = mantissa & 0x1fff;
    if rest > 0x1000 || (rest == 0x1000 && half & 1 == 1) {
        half += 1;
    }
    sign | half as u16
}

/// float16 bits → float32.
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mantissa = f32::from(h & 0x3ff);
    sign * match exp {
        0 => mantissa * 2f32.powi(-24),
        31 => f32::NAN,
        _ => (1.0 + mantissa / 1024.0) * 2f32.powi(exp - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Also run in wasm (`cargo xtask test`, with SIMD, where 4-bit layers
    // multiply in integers); natively they run as plain tests.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_platforms_kernel_computes_what_float_lanes_do() {
        // 21 rows (a tile and a part, four-row blocks and a part), three
        // groups of 32 inputs, five tokens (pairs and one alone), one input
        // far larger than the rest, as activations have.
        let (rows, cols, tokens) = (21, 96, 5);
        let w: Vec<f32> = (0..rows * cols)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 70.0 + (i / cols) as f32 * 0.01)
            .collect();
        let mut x: Vec<f32> = (0..tokens * cols)
            .map(|i| ((i * 13 % 29) as f32 - 14.0) / 10.0)
            .collect();
        x[cols + 7] = 40.0;
        let bias: Vec<f32> = (0..rows).map(|i| i as f32 / 10.0).collect();
        for quant in [Quant::F32, Quant::Q8, Quant::Q4(32), Quant::Q4(16)] {
            let m = Matrix::quantise(&w, rows, cols, quant);
            let (mut fast, mut float) = (vec![0f32; tokens * rows], vec![0f32; tokens * rows]);
            m.linear(&bias, &x, &mut fast);
            m.linear_float(&bias, &x, &mut float);
            for (i, (a, b)) in fast.iter().zip(&float).enumerate() {
                // Integer codes of the inputs may be off by half a step
                // (the token's largest input / 65534) each.
                let (t, r) = (i / rows, i % rows);
                let largest = x[t * cols..(t + 1) * cols]
                    .iter()
                    .fold(0f32, |m, v| m.max(v.abs()));
                let weights: f32 = w[r * cols..(r + 1) * cols].iter().map(|v| v.abs()).sum();
                let bound = 2.0 * largest / 65534.0 * weights + 1e-4 * (1.0 + b.abs());
                assert!((a - b).abs() <= bound, "{quant:?} [{i}]: {a} vs {b}");
            }
        }
    }

    #[test]
    fn float16_round_trips_and_rounds_to_nearest() {
        for v in [0.0f32, 1.0, -2.5, 0.1, 1e-6, 65504.0, -3.0e-5] {
            let back = f16_round(v);
            assert!((back - v).abs() <= v.abs() / 1024.0 + 6e-8, "{v} -> {back}");
        }
        assert_eq!(f16_round(1e9), 65504.0);
    }

    #[test]
    fn every_quantisation_computes_the_same_linear_map_closely() {
        let (rows, cols) = (20, 64);
        let w: Vec<f32> = (0..rows * cols)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 70.0)
            .collect();
        let x: Vec<f32> = (0..3 * cols)
            .map(|i| ((i * 13 % 29) as f32 - 14.0) / 10.0)
            .collect();
        let bias: Vec<f32> = (0..rows).map(|i| i as f32 / 10.0).collect();
        let mut exact = vec![0f32; 3 * rows];
        Matrix::quantise(&w, rows, cols, Quant::F32).linear(&bias, &x, &mut exact);
        let by_hand: f32 = (0..cols).map(|c| w[cols + c] * x[c]).sum::<f32>() + bias[1];
        assert!((exact[1] - by_hand).abs() < 1e-4);
        for quant in [Quant::Q8, Quant::Q4(32), Quant::Step(100)] {
            let mut out = vec![0f32; 3 * rows];
            Matrix::quantise(&w, rows, cols, quant).linear(&bias, &x, &mut out);
            for (a, b) in out.iter().zip(&exact) {
                assert!((a - b).abs() < 0.35, "{quant:?}: {a} vs {b}");
            }
        }
    }
}
