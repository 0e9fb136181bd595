//! Eight-bit weights and the matrix product that runs on them.
//!
//! Each row of a weight matrix is kept as signed bytes with one scale (its largest magnitude over
//! 127), a quarter of the memory of 32-bit floats. Each row of the input is scaled to 16-bit
//! integers just before the product (bytes would lose too much: the vectors drift from the
//! 32-bit model's), so the product is exact integer arithmetic followed by one multiply per
//! result: on processors with AVX-512 VNNI, 32 products of 16-bit pairs per instruction; with
//! AVX2, 16; elsewhere the same sums in plain code, so every machine gets the same vectors.

/// Outputs per packed block: one 512-bit register of 32-bit sums.
const LANES: usize = 16;
/// Inputs each 32-bit lane sums per step: a pair of 16-bit products.
const PAIR: usize = 2;
/// Input rows per pass of the kernel, and output blocks per pass.
const ROWS: usize = 8;
const BLOCKS: usize = 2;

/// A weight matrix `[out × inp]`, quantised and packed for [`matmul`].
pub struct QMatrix {
    out: usize,
    inp: usize,
    /// `[blocks][inp / 2][16][2]`: for each block of 16 outputs and each pair of inputs, the two
    /// weights of each output in turn, so 32 bytes feed 16 sums.
    packed: Vec<i8>,
    scale: Vec<f32>,
}

impl QMatrix {
    /// Quantises `w`, row-major `[out × inp]`.
    pub fn new(w: &[f32], out: usize, inp: usize) -> QMatrix {
        assert_eq!(w.len(), out * inp);
        let blocks = out.div_ceil(LANES * BLOCKS) * BLOCKS;
        let pairs = inp.div_ceil(PAIR);
        let mut packed = vec![0i8; blocks * pairs * LANES * PAIR];
        let mut scale = vec![0f32; out];
        for o in 0..out {
            let (q, s) = quantise(&w[o * inp..(o + 1) * inp]);
            scale[o] = s;
            let (block, lane) = (o / LANES, o % LANES);
            for (k, v) in q.into_iter().enumerate() {
                packed[((block * pairs + k / PAIR) * LANES + lane) * PAIR + k % PAIR] = v;
            }
        }
        QMatrix { out, inp, packed, scale }
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.packed.len() + self.scale.len() * 4
    }
}

/// A row as signed bytes and its scale: `row ≈ q × scale`.
pub fn quantise(row: &[f32]) -> (Vec<i8>, f32) {
    let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    (row.iter().map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8).collect(), scale)
}

/// The largest input magnitude for rows of `cols` values: 13 bits, fewer for rows so wide
/// that a 32-bit sum of products with bytes could overflow.
fn input_limit(cols: usize) -> i32 {
    (i32::MAX / (127 * cols.max(1) as i32)).min(8191)
}

/// Rows of input quantised for [`matmul`]; kept between products to reuse its memory.
#[derive(Default)]
pub struct QRows {
    rows: usize,
    /// Values per row: the input width rounded up to whole pairs.
    stride: usize,
    /// Rows padded to a multiple of [`ROWS`] with zeros (read, never used).
    data: Vec<i16>,
    scale: Vec<f32>,
}

impl QRows {
    /// Quantises `x`, `rows × cols`, row by row.
    pub fn fill(&mut self, x: &[f32], rows: usize, cols: usize) {
        let stride = cols.div_ceil(PAIR) * PAIR;
        let limit = input_limit(cols) as f32;
        self.rows = rows;
        self.stride = stride;
        self.data.clear();
        self.data.resize(rows.div_ceil(ROWS) * ROWS * stride, 0);
        self.scale.clear();
        for (r, row) in x.chunks(cols).take(rows).enumerate() {
            let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let scale = if max > 0.0 { max / limit } else { 1.0 };
            for (d, v) in self.data[r * stride..].iter_mut().zip(row) {
                *d = (v / scale).round().clamp(-limit, limit) as i16;
            }
            self.scale.push(scale);
        }
    }
}

/// `y = x Wᵀ + b` for `x` quantised by [`QRows::fill`] with `w.inp` columns; `y` is
/// `rows × w.out`, row-major.
pub fn matmul(x: &QRows, w: &QMatrix, b: &[f32], y: &mut [f32]) {
    assert_eq!(x.stride, w.inp.div_ceil(PAIR) * PAIR, "the input has another width than the weights");
    assert!(y.len() >= x.rows * w.out && b.len() == w.out);
    let pairs = w.inp.div_ceil(PAIR);
    let block = pairs * LANES * PAIR;
    let mut sums = [[0i32; LANES * BLOCKS]; ROWS];
    let kernel = kernel();
    for r0 in (0..x.rows).step_by(ROWS) {
        let xs = &x.data[r0 * x.stride..(r0 + ROWS) * x.stride];
        for b0 in (0..w.packed.len() / block).step_by(BLOCKS) {
            let ws = &w.packed[b0 * block..(b0 + BLOCKS) * block];
            kernel.sums(xs, x.stride, ws, pairs, &mut sums);
            for (i, row) in sums.iter().enumerate().take(x.rows - r0) {
                let r = r0 + i;
                for (j, &s) in row.iter().enumerate() {
                    let o = b0 * LANES + j;
                    if o < w.out {
                        y[r * w.out + o] = s as f32 * (x.scale[r] * w.scale[o]) + b[o];
                    }
                }
            }
        }
    }
}

/// The code that sums the products: all give the same sums to the bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// AVX-512 VNNI: 32 products of 16-bit pairs an instruction.
    Vnni,
    /// AVX2: 16 an instruction.
    Avx2,
    /// Plain code, as the compiler makes it for any processor of the architecture.
    Plain,
}

impl Kernel {
    /// Whether this processor runs it.
    pub fn runs_here(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernel::Vnni => {
                is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512bw") && is_x86_feature_detected!("avx512vnni")
            }
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => is_x86_feature_detected!("avx2"),
            Kernel::Plain => true,
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The integer sums of [`ROWS`] input rows (`xs`, `stride` values each) against [`BLOCKS`]
    /// blocks of packed weights (`ws`, `pairs` × 32 bytes each), by this kernel.
    fn sums(self, xs: &[i16], stride: usize, ws: &[i8], pairs: usize, sums: &mut [[i32; LANES * BLOCKS]; ROWS]) {
        assert!(self.runs_here(), "{} does not run on this processor", self.name());
        assert!(xs.len() >= ROWS * stride && stride >= pairs * PAIR && ws.len() >= BLOCKS * pairs * LANES * PAIR);
        match self {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: the processor has AVX-512 VNNI (asserted above); xs holds ROWS rows of
            // stride values and ws BLOCKS blocks of pairs × 32 bytes, which is all it reads.
            #[allow(unsafe_code)]
            Kernel::Vnni => unsafe { block_vnni(xs, stride, ws, pairs, sums) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above, with AVX2.
            #[allow(unsafe_code)]
            Kernel::Avx2 => unsafe { block_avx2(xs, stride, ws, pairs, sums) },
            _ => block_plain(xs, stride, ws, pairs, sums),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kernel::Vnni => "AVX-512 VNNI",
            Kernel::Avx2 => "AVX2",
            Kernel::Plain => "plain integer code",
        }
    }
}

/// The fastest kernel this processor runs (`CHORUS_PLAIN_KERNEL` set gives the plain one, to
/// compare).
pub fn kernel() -> Kernel {
    static HAS: std::sync::OnceLock<Kernel> = std::sync::OnceLock::new();
    *HAS.get_or_init(|| {
        if std::env::var_os("CHORUS_PLAIN_KERNEL").is_some() {
            return Kernel::Plain;
        }
        [Kernel::Vnni, Kernel::Avx2].into_iter().find(|k| k.runs_here()).unwrap_or(Kernel::Plain)
    })
}

/// The integer sums of [`ROWS`] input rows against [`BLOCKS`] blocks of 16 outputs, in plain code.
fn block_plain(xs: &[i16], stride: usize, ws: &[i8], pairs: usize, sums: &mut [[i32; LANES * BLOCKS]; ROWS]) {
    for (i, out) in sums.iter_mut().enumerate() {
        let x = &xs[i * stride..(i + 1) * stride];
        for (blk, part) in out.chunks_mut(LANES).enumerate() {
            let w = &ws[blk * pairs * LANES * PAIR..(blk + 1) * pairs * LANES * PAIR];
            let mut acc = [0i32; LANES];
            for (g, wg) in w.chunks_exact(LANES * PAIR).enumerate() {
                let (x0, x1) = (x[g * PAIR] as i32, x[g * PAIR + 1] as i32);
                for (a, wl) in acc.iter_mut().zip(wg.chunks_exact(PAIR)) {
                    *a += x0 * wl[0] as i32 + x1 * wl[1] as i32;
                }
            }
            part.copy_from_slice(&acc);
        }
    }
}

/// As [`block_plain`], with VNNI: each step widens 16 outputs' pair of weights to 16 bits,
/// broadcasts a row's pair of inputs, and adds the products into 16 sums at once.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[allow(unsafe_code)]
unsafe fn block_vnni(xs: &[i16], stride: usize, ws: &[i8], pairs: usize, sums: &mut [[i32; LANES * BLOCKS]; ROWS]) {
    use std::arch::x86_64::*;
    let mut acc = [_mm512_setzero_si512(); ROWS * BLOCKS];
    let w = ws.as_ptr();
    let x = xs.as_ptr();
    for g in 0..pairs {
        // SAFETY (for the reads below): g < pairs, so each 32-byte weight load lies in its block,
        // and each pair of inputs lies in row i (stride = 2 × pairs).
        let w0 = _mm512_cvtepi8_epi16(_mm256_loadu_si256(w.add(g * LANES * PAIR) as *const _));
        let w1 = _mm512_cvtepi8_epi16(_mm256_loadu_si256(w.add((pairs + g) * LANES * PAIR) as *const _));
        for i in 0..ROWS {
            let v = _mm512_set1_epi32(std::ptr::read_unaligned(x.add(i * stride + g * PAIR) as *const i32));
            acc[i * 2] = _mm512_dpwssd_epi32(acc[i * 2], v, w0);
            acc[i * 2 + 1] = _mm512_dpwssd_epi32(acc[i * 2 + 1], v, w1);
        }
    }
    for (i, row) in sums.iter_mut().enumerate() {
        _mm512_storeu_si512(row.as_mut_ptr() as *mut _, acc[i * 2]);
        _mm512_storeu_si512(row.as_mut_ptr().add(LANES) as *mut _, acc[i * 2 + 1]);
    }
}

/// As [`block_plain`], with AVX2: each step widens 8 outputs' pairs of weights to 16 bits,
/// broadcasts a row's pair of inputs, and adds the products into 8 sums at once, four rows and
/// one block at a time so that the sums stay in registers.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(unsafe_code)]
unsafe fn block_avx2(xs: &[i16], stride: usize, ws: &[i8], pairs: usize, sums: &mut [[i32; LANES * BLOCKS]; ROWS]) {
    use std::arch::x86_64::*;
    const STEP: usize = 4;
    let x = xs.as_ptr();
    for blk in 0..BLOCKS {
        let w = ws.as_ptr().add(blk * pairs * LANES * PAIR);
        for r0 in (0..ROWS).step_by(STEP) {
            let mut acc = [_mm256_setzero_si256(); STEP * 2];
            for g in 0..pairs {
                // SAFETY (for the reads below): g < pairs, so each 16-byte weight load lies in
                // block blk, and each pair of inputs lies in row r0 + i (stride = 2 × pairs).
                let w0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(w.add(g * LANES * PAIR) as *const _));
                let w1 = _mm256_cvtepi8_epi16(_mm_loadu_si128(w.add(g * LANES * PAIR + LANES) as *const _));
                for i in 0..STEP {
                    let v = _mm256_set1_epi32(std::ptr::read_unaligned(x.add((r0 + i) * stride + g * PAIR) as *const i32));
                    acc[i * 2] = _mm256_add_epi32(acc[i * 2], _mm256_madd_epi16(v, w0));
                    acc[i * 2 + 1] = _mm256_add_epi32(acc[i * 2 + 1], _mm256_madd_epi16(v, w1));
                }
            }
            for i in 0..STEP {
                let row = sums[r0 + i][blk * LANES..].as_mut_ptr();
                _mm256_storeu_si256(row as *mut _, acc[i * 2]);
                _mm256_storeu_si256(row.add(LANES / 2) as *mut _, acc[i * 2 + 1]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random(n: usize, seed: u64) -> Vec<f32> {
        let mut rng = crate::cluster::SplitMix::new(seed);
        (0..n).map(|_| (rng.next_u64() % 20001) as f32 / 10000.0 - 1.0).collect()
    }

    /// The product is close to the 32-bit one, and the fast and plain kernels give the same
    /// sums to the bit, on shapes that fill no block exactly.
    #[test]
    fn eight_bit_products_match_full_precision_and_each_other() {
        let (rows, inp, out) = (13, 70, 37);
        let x = random(rows * inp, 1);
        let w = random(out * inp, 2);
        let b = random(out, 3);
        let m = QMatrix::new(&w, out, inp);
        let mut q = QRows::default();
        q.fill(&x, rows, inp);
        let mut y = vec![0f32; rows * out];
        matmul(&q, &m, &b, &mut y);
        for r in 0..rows {
            for o in 0..out {
                let want: f32 = (0..inp).map(|k| x[r * inp + k] * w[o * inp + k]).sum::<f32>() + b[o];
                assert!((y[r * out + o] - want).abs() < 0.05, "{r},{o}: {} vs {want}", y[r * out + o]);
            }
        }
        let pairs = inp.div_ceil(PAIR);
        let ws = &m.packed[..BLOCKS * pairs * LANES * PAIR];
        let xs = &q.data[..ROWS * q.stride];
        let mut plain = [[0; LANES * BLOCKS]; ROWS];
        Kernel::Plain.sums(xs, q.stride, ws, pairs, &mut plain);
        assert!(plain.iter().flatten().any(|&s| s != 0));
        for kernel in [Kernel::Avx2, Kernel::Vnni] {
            if kernel.runs_here() {
                let mut fast = [[0; LANES * BLOCKS]; ROWS];
                kernel.sums(xs, q.stride, ws, pairs, &mut fast);
                assert_eq!(plain, fast, "{}", kernel.name());
            } else {
                eprintln!("this processor has no {}: that kernel was not checked", kernel.name());
            }
        }
    }
}
