//! Sentence embeddings from a BERT-family encoder (all-MiniLM-L6-v2 and its kin) read from
//! `model.safetensors` and `vocab.txt`, run on the CPU in plain Rust.
//! Written here because the crates that run such models (candle, ort, tch) bring a framework or a
//! native library many times the size of this file for six layers of matrix products.
//!
//! Tokens of several answers are stacked into one matrix so that every dense layer is a single
//! matrix product with no padding; attention runs per answer. The sentence vector is the mean of
//! the last layer's token vectors, scaled to unit length.

use crate::tokenizer::WordPiece;
use std::path::{Path, PathBuf};

/// Longest input, in word pieces; longer answers are cut (almost no survey answer is this long).
const MAX_TOKENS: usize = 128;
/// Tokens per stacked batch.
const BATCH_TOKENS: usize = 512;

struct Linear {
    w: Vec<f32>, // [out × in], row-major
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

pub struct Encoder {
    tokenizer: WordPiece,
    word: Vec<f32>,
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

    /// Loads the model from a directory holding `model.safetensors` and `vocab.txt`.
    pub fn load(dir: &Path) -> Result<Encoder, String> {
        let vocab =
            std::fs::read_to_string(dir.join("vocab.txt")).map_err(|e| format!("cannot read {}: {e}", dir.join("vocab.txt").display()))?;
        let tokenizer = WordPiece::from_vocab(&vocab)?;
        let bytes = std::fs::read(dir.join("model.safetensors"))
            .map_err(|e| format!("cannot read {}: {e}", dir.join("model.safetensors").display()))?;
        let st = SafeTensors::parse(&bytes)?;
        let prefix = if st.has("embeddings.word_embeddings.weight") { "" } else { "bert." };
        let t = |name: &str| st.tensor(&format!("{prefix}{name}"));
        let (word, wshape) = t("embeddings.word_embeddings.weight")?;
        let hidden = wshape[1];
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
            Ok(Linear { w, b, out: shape[0], inp: shape[1] })
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
                let w = &self.word[id as usize * h..(id as usize + 1) * h];
                let p = &self.position[pos * h..(pos + 1) * h];
                for i in 0..h {
                    dst[i] = w[i] + p[i] + self.token_type[i];
                }
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
        for layer in &self.layers {
            linear(&x, total, &layer.q, &mut q);
            linear(&x, total, &layer.k, &mut k);
            linear(&x, total, &layer.v, &mut v);
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
            linear(&ctx, total, &layer.attn_out, &mut attn);
            for (a, xi) in attn.iter_mut().zip(&x) {
                *a += xi;
            }
            layer_norm(&mut attn, &layer.attn_norm, h, self.eps);
            let mut up = vec![0f32; total * layer.up.out];
            linear(&attn, total, &layer.up, &mut up);
            for u in up.iter_mut() {
                *u = gelu(*u);
            }
            linear(&up, total, &layer.down, &mut x);
            for (xi, a) in x.iter_mut().zip(&attn) {
                *xi += a;
            }
            layer_norm(&mut x, &layer.out_norm, h, self.eps);
        }
        x
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

fn linear(x: &[f32], rows: usize, l: &Linear, y: &mut [f32]) {
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
            l.w.as_ptr(),
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

/// erf to about 1e-7 (Abramowitz and Stegun 7.1.26 is too coarse near zero, so this uses
/// the series for small arguments).
fn erf(x: f32) -> f32 {
    let x = x as f64;
    let a = x.abs();
    let r = if a < 2.0 {
        // Maclaurin series; converges quickly below 2.
        let mut term = a;
        let mut sum = a;
        let x2 = a * a;
        let mut n = 0.0;
        loop {
            n += 1.0;
            term *= -x2 / n;
            let t = term / (2.0 * n + 1.0);
            sum += t;
            if t.abs() < 1e-10 {
                break;
            }
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    } else {
        // Continued-fraction tail through erfc.
        let t = 1.0 / (1.0 + 0.5 * a);
        let y = t
            * (-a * a - 1.26551223
                + t * (1.00002368
                    + t * (0.37409196
                        + t * (0.09678418
                            + t * (-0.18628806
                                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
                .exp();
        1.0 - y
    };
    (if x < 0.0 { -r } else { r }) as f32
}

struct SafeTensors<'a> {
    header: serde_json::Map<String, serde_json::Value>,
    data: &'a [u8],
}

impl<'a> SafeTensors<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        let bad = || "model.safetensors is not a safetensors file".to_string();
        let len = u64::from_le_bytes(bytes.get(..8).ok_or_else(bad)?.try_into().map_err(|_| bad())?) as usize;
        let head = bytes.get(8..8 + len).ok_or_else(bad)?;
        let header: serde_json::Value = serde_json::from_slice(head).map_err(|_| bad())?;
        let header = header.as_object().cloned().ok_or_else(bad)?;
        Ok(SafeTensors { header, data: &bytes[8 + len..] })
    }

    fn has(&self, name: &str) -> bool {
        self.header.contains_key(name)
    }

    fn tensor(&self, name: &str) -> Result<(Vec<f32>, Vec<usize>), String> {
        let meta = self.header.get(name).ok_or_else(|| format!("the model has no tensor {name}"))?;
        if meta["dtype"] != "F32" {
            return Err(format!("{name} is not stored as 32-bit floats"));
        }
        let shape: Vec<usize> =
            meta["shape"].as_array().map(|a| a.iter().filter_map(|v| v.as_u64().map(|n| n as usize)).collect()).unwrap_or_default();
        let offs = meta["data_offsets"].as_array().ok_or_else(|| format!("{name} has no offsets"))?;
        let (a, b) = match (offs.first().and_then(|v| v.as_u64()), offs.get(1).and_then(|v| v.as_u64())) {
            (Some(a), Some(b)) => (a as usize, b as usize),
            _ => return Err(format!("{name} has bad offsets")),
        };
        let raw = self.data.get(a..b).ok_or_else(|| format!("{name} lies outside the file"))?;
        if raw.len() != shape.iter().product::<usize>() * 4 {
            return Err(format!("{name} has the wrong size"));
        }
        Ok((raw.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(), shape))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model fetched by the scripts, if it is there. With `CHORUS_REQUIRE_MODEL` set (as the
    /// test script sets it after fetching), a missing model fails the test instead of skipping it.
    fn model() -> Option<Encoder> {
        let dir = std::env::var_os("CHORUS_MODEL_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/all-MiniLM-L6-v2"));
        match Encoder::load(&dir) {
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
        let Some(enc) = model() else { return };
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

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [(0.0, 0.0), (0.5, 0.5204999), (1.0, 0.8427008), (-1.5, -0.9661051), (2.5, 0.999_593), (4.0, 1.0)] {
            assert!((erf(x) - want).abs() < 2e-6, "erf({x}) = {} not {want}", erf(x));
        }
    }
}
