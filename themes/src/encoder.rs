//! Sentence embeddings from a BERT-family encoder (all-MiniLM-L6-v2 and its kin) read from
//! `model.safetensors` and `vocab.txt`, run on the CPU in plain Rust.
//! Written here because the crates that run such models (candle, ort, tch) bring a framework or a
//! native library many times the size of this file for six layers of matrix products.
//!
//! Tokens of several answers are stacked into one matrix so that every dense layer is a single
//! matrix product with no padding; attention runs per answer. The sentence vector is the mean of
//! the last layer's token vectors, scaled to unit length.
//!
//! The weights are held as bytes ([`Precision::Eight`], 22 MB in place of 87 MB) unless full
//! precision is asked for, which the theme benchmark does to check the two against each other.

use crate::quant::{QMatrix, QRows};
use crate::tokenizer::WordPiece;
use std::path::{Path, PathBuf};

/// Longest input, in word pieces; longer answers are cut (almost no survey answer is this long).
const MAX_TOKENS: usize = 128;
/// Tokens per stacked batch.
const BATCH_TOKENS: usize = 512;

/// How the model's weights are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// 32-bit floats, as stored in the file.
    Full,
    /// Signed bytes with a scale per row, and eight-bit matrix products.
    Eight,
}

enum Weights {
    Full(Vec<f32>), // [out × in], row-major
    Eight(QMatrix),
}

struct Linear {
    w: Weights,
    b: Vec<f32>,
    inp: usize,
    out: usize,
}

struct Norm {
    g: Vec<f32>,
    b: Vec<f32>,
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    attn_out: Linear,
    attn_norm: Norm,
    up: Linear,
    down: Linear,
    out_norm: Norm,
}

/// The word-piece vectors: one row per piece in the vocabulary.
enum Table {
    Full(Vec<f32>),
    Eight { q: Vec<i8>, scale: Vec<f32> },
}

impl Table {
    fn add_row(&self, id: usize, h: usize, dst: &mut [f32]) {
        match self {
            Table::Full(w) => dst.iter_mut().zip(&w[id * h..(id + 1) * h]).for_each(|(d, v)| *d += v),
            Table::Eight { q, scale } => dst.iter_mut().zip(&q[id * h..(id + 1) * h]).for_each(|(d, &v)| *d += v as f32 * scale[id]),
        }
    }
}

pub struct Encoder {
    tokenizer: WordPiece,
    word: Table,
    position: Vec<f32>,
    token_type: Vec<f32>,
    emb_norm: Norm,
    layers: Vec<Layer>,
    hidden: usize,
    heads: usize,
    max_positions: usize,
    eps: f32,
}

impl Encoder {
    /// Where the model is looked for: `CHORUS_MODEL_DIR`, else `models/all-MiniLM-L6-v2` under the
    /// working directory (where the README's commands put it).
    pub fn default_dir() -> PathBuf {
        std::env::var_os("CHORUS_MODEL_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("models/all-MiniLM-L6-v2"))
    }

    /// Loads the model from a directory holding `model.safetensors` and `vocab.txt`, with
    /// eight-bit weights.
    pub fn load(dir: &Path) -> Result<Encoder, String> {
        Encoder::load_with(dir, Precision::Eight)
    }

    /// Loads the model with its weights held as `precision` says. The file is read a tensor
    /// (or, for the vocabulary's vectors, a slice of rows) at a time, so loading never holds the
    /// whole file in memory.
    pub fn load_with(dir: &Path, precision: Precision) -> Result<Encoder, String> {
        let vocab =
            std::fs::read_to_string(dir.join("vocab.txt")).map_err(|e| format!("cannot read {}: {e}", dir.join("vocab.txt").display()))?;
        let tokenizer = WordPiece::from_vocab(&vocab)?;
        let st = SafeTensors::open(&dir.join("model.safetensors"))?;
        let prefix = if st.has("embeddings.word_embeddings.weight") { "" } else { "bert." };
        let t = |name: &str| st.tensor(&format!("{prefix}{name}"));
        let word_name = format!("{prefix}embeddings.word_embeddings.weight");
        let wshape = st.shape(&word_name)?;
        let hidden = *wshape.get(1).ok_or("the word vectors have an unexpected shape")?;
        let word = match precision {
            Precision::Full => Table::Full(st.tensor(&word_name)?.0),
            Precision::Eight => {
                let (mut q, mut scale) = (Vec::with_capacity(wshape[0] * hidden), Vec::with_capacity(wshape[0]));
                st.rows(&word_name, hidden, 2048, |row| {
                    let (bytes, s) = crate::quant::quantise(row);
                    q.extend(bytes);
                    scale.push(s);
                })?;
                Table::Eight { q, scale }
            }
        };
        let (position, pshape) = t("embeddings.position_embeddings.weight")?;
        let (token_type, _) = t("embeddings.token_type_embeddings.weight")?;
        let norm =
            |name: &str| -> Result<Norm, String> { Ok(Norm { g: t(&format!("{name}.weight"))?.0, b: t(&format!("{name}.bias"))?.0 }) };
        let linear = |name: &str| -> Result<Linear, String> {
            let (w, shape) = t(&format!("{name}.weight"))?;
            let (b, _) = t(&format!("{name}.bias"))?;
            if shape.len() != 2 || b.len() != shape[0] {
                return Err(format!("{name} has an unexpected shape"));
            }
            let (out, inp) = (shape[0], shape[1]);
            let w = match precision {
                Precision::Full => Weights::Full(w),
                Precision::Eight => Weights::Eight(QMatrix::new(&w, out, inp)),
            };
            Ok(Linear { w, b, out, inp })
        };
        let mut layers = Vec::new();
        while st.has(&format!("{prefix}encoder.layer.{}.attention.self.query.weight", layers.len())) {
            let p = format!("encoder.layer.{}", layers.len());
            layers.push(Layer {
                q: linear(&format!("{p}.attention.self.query"))?,
                k: linear(&format!("{p}.attention.self.key"))?,
                v: linear(&format!("{p}.attention.self.value"))?,
                attn_out: linear(&format!("{p}.attention.output.dense"))?,
                attn_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                up: linear(&format!("{p}.intermediate.dense"))?,
                down: linear(&format!("{p}.output.dense"))?,
                out_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        let config: serde_json::Value =
            std::fs::read(dir.join("config.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        let heads = config["num_attention_heads"].as_u64().map(|n| n as usize).unwrap_or(hidden / 32);
        if layers.is_empty() || heads == 0 || hidden % heads != 0 {
            return Err("the model has no encoder layers this engine can run".into());
        }
        Ok(Encoder {
            tokenizer,
            word,
            position,
            token_type,
            emb_norm: norm("embeddings.LayerNorm")?,
            layers,
            hidden,
            heads,
            max_positions: pshape[0],
            eps: 1e-12,
        })
    }

    /// Bytes the weights take.
    pub fn weight_bytes(&self) -> usize {
        let linear = |l: &Linear| {
            l.b.len() * 4
                + match &l.w {
                    Weights::Full(w) => w.len() * 4,
                    Weights::Eight(m) => m.bytes(),
                }
        };
        let norm = |n: &Norm| (n.g.len() + n.b.len()) * 4;
        let word = match &self.word {
            Table::Full(w) => w.len() * 4,
            Table::Eight { q, scale } => q.len() + scale.len() * 4,
        };
        word + (self.position.len() + self.token_type.len()) * 4
            + norm(&self.emb_norm)
            + self
                .layers
                .iter()
                .map(|l| {
                    [&l.q, &l.k, &l.v, &l.attn_out, &l.up, &l.down].into_iter().map(linear).sum::<usize>()
                        + norm(&l.attn_norm)
                        + norm(&l.out_norm)
                })
                .sum::<usize>()
    }

    pub fn dimensions(&self) -> usize {
        self.hidden
    }

    /// Unit-length sentence vectors, one per text, computed on `threads` threads.
    pub fn embed(&self, texts: &[&str], threads: usize) -> Vec<Vec<f32>> {
        let threads = threads.max(1).min(texts.len().max(1));
        let chunk = texts.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = texts.chunks(chunk).map(|part| s.spawn(move || self.embed_serial(part))).collect();
            handles.into_iter().flat_map(|h| h.join().expect("an encoder thread panicked")).collect()
        })
    }

    fn embed_serial(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let max = MAX_TOKENS.min(self.max_positions);
        let encoded: Vec<Vec<u32>> = texts.iter().map(|t| self.tokenizer.encode(t, max)).collect();
        let mut out = Vec::with_capacity(texts.len());
        let mut start = 0;
        while start < encoded.len() {
            let mut end = start;
            let mut tokens = 0;
            while end < encoded.len() && (end == start || tokens + encoded[end].len() <= BATCH_TOKENS) {
                tokens += encoded[end].len();
                end += 1;
            }
            out.extend(self.forward(&encoded[start..end]));
            start = end;
        }
        out
    }

    /// The last layer's token vectors for one text, with its token ids.
    pub fn token_vectors(&self, text: &str) -> (Vec<u32>, Vec<f32>) {
        let ids = self.tokenizer.encode(text, MAX_TOKENS.min(self.max_positions));
        let x = self.hidden_states(std::slice::from_ref(&ids));
        (ids, x)
    }

    fn forward(&self, seqs: &[Vec<u32>]) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let x = self.hidden_states(seqs);
        let mut out = Vec::with_capacity(seqs.len());
        let mut off = 0;
        for seq in seqs {
            let mut mean = vec![0f32; h];
            for (r, &id) in (off..off + seq.len()).zip(seq) {
                let w = token_weight(id);
                for (m, xi) in mean.iter_mut().zip(&x[r * h..(r + 1) * h]) {
                    *m += w * xi;
                }
            }
            crate::vector::normalise(&mut mean);
            out.push(mean);
            off += seq.len();
        }
        out
    }

    fn hidden_states(&self, seqs: &[Vec<u32>]) -> Vec<f32> {
        let h = self.hidden;
        let total: usize = seqs.iter().map(Vec::len).sum();
        let mut x = vec![0f32; total * h];
        let mut row = 0;
        for seq in seqs {
            for (pos, &id) in seq.iter().enumerate() {
                let dst = &mut x[row * h..(row + 1) * h];
                let p = &self.position[pos * h..(pos + 1) * h];
                for i in 0..h {
                    dst[i] = p[i] + self.token_type[i];
                }
                self.word.add_row(id as usize, h, dst);
                row += 1;
            }
        }
        layer_norm(&mut x, &self.emb_norm, h, self.eps);

        let head = h / self.heads;
        let scale = 1.0 / (head as f32).sqrt();
        let mut q = vec![0f32; total * h];
        let mut k = vec![0f32; total * h];
        let mut v = vec![0f32; total * h];
        let mut ctx = vec![0f32; total * h];
        let mut attn = vec![0f32; total * h];
        let mut scores = Vec::new();
        let mut qx = QRows::default();
        for layer in &self.layers {
            self.quantise(&x, total, h, &mut qx);
            linear(&x, &qx, total, &layer.q, &mut q);
            linear(&x, &qx, total, &layer.k, &mut k);
            linear(&x, &qx, total, &layer.v, &mut v);
            let mut off = 0;
            for seq in seqs {
                let l = seq.len();
                scores.resize(l * l, 0.0);
                for hd in 0..self.heads {
                    let col = off * h + hd * head;
                    // scores = Q_h K_hᵀ
                    // SAFETY: the strides and sizes stay inside q, k and scores: head hd's columns of
                    // rows off..off + l of q and k (total × h each), and scores is l × l.
                    #[allow(unsafe_code)]
                    unsafe {
                        matrixmultiply::sgemm(
                            l,
                            head,
                            l,
                            scale,
                            q.as_ptr().add(col),
                            h as isize,
                            1,
                            k.as_ptr().add(col),
                            1,
                            h as isize,
                            0.0,
                            scores.as_mut_ptr(),
                            l as isize,
                            1,
                        );
                    }
                    for r in scores.chunks_mut(l) {
                        softmax(r);
                    }
                    // ctx_h = softmax(scores) V_h
                    // SAFETY: as above: scores is l × l, and v and ctx are read and written only in
                    // head hd's columns of rows off..off + l.
                    #[allow(unsafe_code)]
                    unsafe {
                        matrixmultiply::sgemm(
                            l,
                            l,
                            head,
                            1.0,
                            scores.as_ptr(),
                            l as isize,
                            1,
                            v.as_ptr().add(col),
                            h as isize,
                            1,
                            0.0,
                            ctx.as_mut_ptr().add(col),
                            h as isize,
                            1,
                        );
                    }
                }
                off += l;
            }
            self.quantise(&ctx, total, h, &mut qx);
            linear(&ctx, &qx, total, &layer.attn_out, &mut attn);
            for (a, xi) in attn.iter_mut().zip(&x) {
                *a += xi;
            }
            layer_norm(&mut attn, &layer.attn_norm, h, self.eps);
            let mut up = vec![0f32; total * layer.up.out];
            self.quantise(&attn, total, h, &mut qx);
            linear(&attn, &qx, total, &layer.up, &mut up);
            for u in up.iter_mut() {
                *u = gelu(*u);
            }
            self.quantise(&up, total, layer.up.out, &mut qx);
            linear(&up, &qx, total, &layer.down, &mut x);
            for (xi, a) in x.iter_mut().zip(&attn) {
                *xi += a;
            }
            layer_norm(&mut x, &layer.out_norm, h, self.eps);
        }
        x
    }

    /// Makes `q` the eight-bit form of `x` (`rows × cols`) when the weights are eight-bit.
    fn quantise(&self, x: &[f32], rows: usize, cols: usize, q: &mut QRows) {
        if matches!(self.word, Table::Eight { .. }) {
            q.fill(x, rows, cols);
        }
    }
}

/// How much a token counts in the sentence vector: common tokens count less, rare ones more,
/// as `a / (a + p)` where `p` is the token's expected frequency (smooth inverse frequency).
/// The frequency is a fixed Zipf prior from the token's rank in the vocabulary, whose whole
/// words are listed most common first; single characters, punctuation and markers are treated
/// as common. A fixed prior keeps each answer's vector independent of the others, so vectors
/// can be stored once and reused.
fn token_weight(id: u32) -> f32 {
    const A: f32 = 1e-3;
    const FIRST_WORD: u32 = 1996;
    let p = if id < FIRST_WORD { 0.02 } else { 1.0 / ((id - FIRST_WORD + 1) as f32 * 10.8) };
    A / (A + p)
}

/// `y = x Wᵀ + b`, from `qx` (the eight-bit form of `x`) when the weights are eight-bit.
fn linear(x: &[f32], qx: &QRows, rows: usize, l: &Linear, y: &mut [f32]) {
    let w = match &l.w {
        Weights::Eight(m) => return crate::quant::matmul(qx, m, &l.b, y),
        Weights::Full(w) => w,
    };
    for r in 0..rows {
        y[r * l.out..(r + 1) * l.out].copy_from_slice(&l.b);
    }
    // y = x Wᵀ + b, with W stored [out × in]
    // SAFETY: x is rows × in, W is out × in and y is rows × out, as the sizes passed say.
    #[allow(unsafe_code)]
    unsafe {
        matrixmultiply::sgemm(
            rows,
            l.inp,
            l.out,
            1.0,
            x.as_ptr(),
            l.inp as isize,
            1,
            w.as_ptr(),
            1,
            l.inp as isize,
            1.0,
            y.as_mut_ptr(),
            l.out as isize,
            1,
        );
    }
}

fn layer_norm(x: &mut [f32], n: &Norm, h: usize, eps: f32) {
    for row in x.chunks_mut(h) {
        let mean = row.iter().sum::<f32>() / h as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(&n.g).zip(&n.b) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

fn softmax(r: &mut [f32]) {
    let max = r.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in r.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in r.iter_mut() {
        *v /= sum;
    }
}

/// GELU as BERT defines it, with erf.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// erf to about 1e-7, from the Chebyshev fit of erfc in Numerical Recipes (fractional error
/// below 1.2e-7 everywhere): one exponential per value, as GELU runs on every hidden unit.
fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.5 * a);
    let y = t
        * (-a * a - 1.265_512_2
            + t * (1.000_023_7
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07 + t * (-1.135_204 + t * (1.488_515_9 + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    let r = 1.0 - y;
    if x < 0.0 {
        -r
    } else {
        r
    }
}

/// A safetensors file, read a piece at a time.
struct SafeTensors {
    file: std::fs::File,
    header: serde_json::Map<String, serde_json::Value>,
    /// Where the tensors' bytes begin.
    base: u64,
}

impl SafeTensors {
    fn open(path: &Path) -> Result<Self, String> {
        use std::io::Read;
        let bad = || format!("{} is not a safetensors file", path.display());
        let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut len = [0u8; 8];
        file.read_exact(&mut len).map_err(|_| bad())?;
        let len = u64::from_le_bytes(len);
        if len > 100_000_000 {
            return Err(bad());
        }
        let mut head = vec![0u8; len as usize];
        file.read_exact(&mut head).map_err(|_| bad())?;
        let header: serde_json::Value = serde_json::from_slice(&head).map_err(|_| bad())?;
        let header = header.as_object().cloned().ok_or_else(bad)?;
        Ok(SafeTensors { file, header, base: 8 + len })
    }

    fn has(&self, name: &str) -> bool {
        self.header.contains_key(name)
    }

    fn shape(&self, name: &str) -> Result<Vec<usize>, String> {
        Ok(self.meta(name)?.0)
    }

    /// A tensor's shape and where its bytes lie in the file.
    fn meta(&self, name: &str) -> Result<(Vec<usize>, u64, usize), String> {
        let meta = self.header.get(name).ok_or_else(|| format!("the model has no tensor {name}"))?;
        if meta["dtype"] != "F32" {
            return Err(format!("{name} is not stored as 32-bit floats"));
        }
        let shape: Vec<usize> =
            meta["shape"].as_array().map(|a| a.iter().filter_map(|v| v.as_u64().map(|n| n as usize)).collect()).unwrap_or_default();
        let offs = meta["data_offsets"].as_array().ok_or_else(|| format!("{name} has no offsets"))?;
        let (a, b) = match (offs.first().and_then(|v| v.as_u64()), offs.get(1).and_then(|v| v.as_u64())) {
            (Some(a), Some(b)) if b >= a => (a, b),
            _ => return Err(format!("{name} has bad offsets")),
        };
        if (b - a) as usize != shape.iter().product::<usize>() * 4 {
            return Err(format!("{name} has the wrong size"));
        }
        Ok((shape, self.base + a, (b - a) as usize))
    }

    fn read(&self, at: u64, len: usize, name: &str) -> Result<Vec<f32>, String> {
        use std::os::unix::fs::FileExt;
        let mut raw = vec![0u8; len];
        self.file.read_exact_at(&mut raw, at).map_err(|_| format!("{name} lies outside the file"))?;
        Ok(raw.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    fn tensor(&self, name: &str) -> Result<(Vec<f32>, Vec<usize>), String> {
        let (shape, at, len) = self.meta(name)?;
        Ok((self.read(at, len, name)?, shape))
    }

    /// Calls `each` with every row (`width` values) of a tensor in turn, reading `per_read` rows
    /// at a time.
    fn rows(&self, name: &str, width: usize, per_read: usize, mut each: impl FnMut(&[f32])) -> Result<(), String> {
        let (shape, at, len) = self.meta(name)?;
        if shape.len() != 2 || shape[1] != width {
            return Err(format!("{name} has an unexpected shape"));
        }
        let step = per_read * width * 4;
        for start in (0..len).step_by(step) {
            let part = self.read(at + start as u64, step.min(len - start), name)?;
            part.chunks_exact(width).for_each(&mut each);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model fetched by the scripts, if it is there. With `CHORUS_REQUIRE_MODEL` set (as the
    /// test script sets it after fetching), a missing model fails the test instead of skipping it.
    fn model(precision: Precision) -> Option<Encoder> {
        let dir = std::env::var_os("CHORUS_MODEL_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/all-MiniLM-L6-v2"));
        match Encoder::load_with(&dir, precision) {
            Ok(e) => Some(e),
            Err(e) if std::env::var_os("CHORUS_REQUIRE_MODEL").is_some() => panic!("the model is required: {e}"),
            Err(e) => {
                eprintln!("skipped: {e}");
                None
            }
        }
    }

    #[test]
    fn matches_the_reference_sentence_vectors() {
        let Some(enc) = model(Precision::Full) else { return };
        // Mean pooling, as the reference implementation (sentence-transformers) pools; its
        // vector for this sentence begins with these values.
        let (ids, x) = enc.token_vectors("This is an example sentence");
        assert_eq!(ids, [101, 2023, 2003, 2019, 2742, 6251, 102]);
        let mut mean = vec![0f32; 384];
        for row in x.chunks(384) {
            for (m, v) in mean.iter_mut().zip(row) {
                *m += v;
            }
        }
        crate::vector::normalise(&mut mean);
        let want = [0.067657, 0.063496, 0.048713, 0.079305, 0.037448, 0.002653];
        for (got, want) in mean.iter().zip(want) {
            assert!((got - want).abs() < 2e-4, "{got} vs {want}");
        }
        // Meaning, not spelling: kind staff are nearer caring nurses than parking charges.
        let v = enc.embed(&["The staff were kind and friendly", "The nurses were lovely and caring", "Parking is too expensive"], 2);
        let sim = |a: usize, b: usize| crate::vector::dot(&v[a], &v[b]);
        assert!(sim(0, 1) > sim(0, 2) + 0.2, "{} {}", sim(0, 1), sim(0, 2));
        // Batched and one at a time agree.
        let one = enc.embed(&["Parking is too expensive"], 1);
        assert!(crate::vector::dot(&one[0], &v[2]) > 0.9999);
    }

    /// The eight-bit model gives nearly the 32-bit model's vectors, in a quarter of the memory,
    /// and batched and single answers still agree.
    #[test]
    fn eight_bit_weights_keep_the_vectors() {
        let (Some(full), Some(eight)) = (model(Precision::Full), model(Precision::Eight)) else { return };
        assert!(eight.weight_bytes() * 3 < full.weight_bytes(), "{} vs {}", eight.weight_bytes(), full.weight_bytes());
        let texts = [
            "This is an example sentence",
            "The staff were kind and friendly",
            "My son waited eight months for an assessment and nobody told us why",
            "Parking is too expensive",
            "ok",
        ];
        let (a, b) = (full.embed(&texts, 2), eight.embed(&texts, 2));
        for (t, (x, y)) in texts.iter().zip(a.iter().zip(&b)) {
            let cos = crate::vector::dot(x, y);
            assert!(cos > 0.99, "{t}: {cos}");
        }
        let one = eight.embed(&[texts[2]], 1);
        assert!(crate::vector::dot(&one[0], &b[2]) > 0.9999);
    }

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [(0.0, 0.0), (0.5, 0.5204999), (1.0, 0.8427008), (-1.5, -0.9661051), (2.5, 0.999_593), (4.0, 1.0)] {
            assert!((erf(x) - want).abs() < 2e-6, "erf({x}) = {} not {want}", erf(x));
        }
    }
}
