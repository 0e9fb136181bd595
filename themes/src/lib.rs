//! Chorus's theme engine: finds themes in free-text answers on the server itself, the same
//! way every run.
//!
//! 1. Answers that say nothing ("n/a", "nothing", "can't think of anything") go into two
//!    buckets of their own first.
//! 2. Every other answer becomes a unit vector: a sentence embedding from a small local model
//!    (all-MiniLM-L6-v2, read from disk) when it is there, else hashed words and phrases.
//! 3. Spherical k-means, seeded from a fixed number, groups the vectors; with no number of themes
//!    given it uses about √(n/2), at most 40.
//! 4. Each theme gets a label and a description from the words that set it apart, three to five
//!    representative quotes (nearest its centre, no repeats), and each answer a stance.
//!
//! New answers are placed in the nearest existing theme ([`assign`]) so that later answers never
//! reshuffle themes someone has already reviewed.

pub mod buckets;
pub mod cluster;
pub mod csv;
pub mod encoder;
pub mod label;
pub mod metrics;
pub mod offline;
pub mod stance;
pub mod tokenizer;
pub mod vector;

use buckets::Bucket;
use encoder::Encoder;
use stance::{Framing, Stance};
use std::collections::HashSet;

/// Most themes found automatically.
pub const MAX_AUTO_THEMES: usize = 40;
/// Points used to fit the centres; the rest are then placed in the nearest.
const FIT_SAMPLE: usize = 8000;
const SEED: u64 = 0x00C0_FFEE;
/// An answer less like every theme than this goes to "Other" when placed later.
pub const MIN_SIMILARITY: f32 = 0.25;
/// Width of hashed word vectors, used when there is no model.
const HASH_DIMS: usize = 512;

/// Turns answers into vectors, with the sentence model when it is available.
pub struct Embedder {
    encoder: Option<Encoder>,
    threads: usize,
}

impl Embedder {
    /// Loads the model from [`Encoder::default_dir`]; without it, falls back to word vectors.
    pub fn load_default() -> Embedder {
        Embedder::load(&Encoder::default_dir())
    }

    pub fn load(dir: &std::path::Path) -> Embedder {
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Embedder { encoder: Encoder::load(dir).ok(), threads }
    }

    /// Word vectors only, whether or not a model is on disk.
    pub fn words_only() -> Embedder {
        Embedder { encoder: None, threads: 1 }
    }

    pub fn with_threads(mut self, threads: usize) -> Embedder {
        self.threads = threads.max(1);
        self
    }

    /// A short name for how vectors are made; vectors of different methods do not mix.
    pub fn method(&self) -> &'static str {
        if self.encoder.is_some() { "minilm-sif" } else { "hashed-words" }
    }

    pub fn has_model(&self) -> bool {
        self.encoder.is_some()
    }

    pub fn vectors(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        match &self.encoder {
            Some(e) => e.embed(texts, self.threads),
            None => texts.iter().map(|t| hashed_words(t)).collect(),
        }
    }
}

/// Words and two-word phrases hashed into a fixed-width unit vector, each with a random sign.
pub fn hashed_words(text: &str) -> Vec<f32> {
    let mut v = vec![0f32; HASH_DIMS];
    for p in label::phrases(text) {
        let h = fnv1a(p.as_bytes());
        let weight = if p.contains(' ') { 0.7 } else { 1.0 };
        v[(h % HASH_DIMS as u64) as usize] += if h >> 63 == 1 { weight } else { -weight };
    }
    vector::normalise(&mut v);
    v
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// What kind of theme this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    NoAnswer,
    NothingToAdd,
    Found,
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub kind: Kind,
    pub label: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// Indexes of the answers in this theme.
    pub members: Vec<usize>,
    /// Indexes of three to five representative answers (fewer if the theme is smaller).
    pub quotes: Vec<usize>,
    /// Unit-length centre, for placing later answers (none for the buckets).
    pub centroid: Option<Vec<f32>>,
}

#[derive(Clone, Debug)]
pub struct Analysis {
    pub themes: Vec<Theme>,
    /// For each answer, the index of its theme in `themes`.
    pub theme_of: Vec<usize>,
    pub stance: Vec<Stance>,
    /// For each answer, its cosine similarity to its theme's centre (1 for the buckets).
    pub similarity: Vec<f32>,
}

/// The number of themes to find among `n` answers when none is asked for.
pub fn auto_themes(n: usize) -> usize {
    (((n as f64) / 2.0).sqrt().round() as usize).clamp(1, MAX_AUTO_THEMES)
}

/// Finds themes in `texts`, whose vectors (from one [`Embedder`]) are `vectors`, with no
/// question known.
pub fn analyse(texts: &[&str], vectors: &[Vec<f32>], themes: Option<usize>) -> Analysis {
    analyse_framed(texts, vectors, themes, &[])
}

/// Finds themes in `texts`, whose vectors (from one [`Embedder`]) are `vectors`; each answer's
/// stance is read against what its question asked for (`framing[i]`, or [`Framing::Open`]).
pub fn analyse_framed(texts: &[&str], vectors: &[Vec<f32>], themes: Option<usize>, framing: &[Framing]) -> Analysis {
    assert_eq!(texts.len(), vectors.len(), "one vector per answer");
    let n = texts.len();
    let stance: Vec<Stance> =
        texts.iter().enumerate().map(|(i, t)| stance::stance_in(t, framing.get(i).copied().unwrap_or_default())).collect();
    let mut theme_of = vec![usize::MAX; n];
    let mut similarity = vec![1f32; n];
    let mut out: Vec<Theme> = Vec::new();

    let mut rest = Vec::new();
    let (mut none, mut nothing) = (Vec::new(), Vec::new());
    for (i, t) in texts.iter().enumerate() {
        match buckets::bucket(t) {
            Some(Bucket::NoAnswer) => none.push(i),
            Some(Bucket::NothingToAdd) => nothing.push(i),
            None => rest.push(i),
        }
    }

    if !rest.is_empty() {
        let k = themes.unwrap_or_else(|| auto_themes(rest.len())).clamp(1, rest.len());
        let points: Vec<&[f32]> = rest.iter().map(|&i| vectors[i].as_slice()).collect();
        let fit: Vec<&[f32]> = if points.len() > FIT_SAMPLE {
            let step = points.len() as f64 / FIT_SAMPLE as f64;
            (0..FIT_SAMPLE).map(|j| points[(j as f64 * step) as usize]).collect()
        } else {
            points.clone()
        };
        let restarts = if fit.len() > 3000 { 2 } else { 4 };
        let c = cluster::kmeans(&fit, k, restarts, SEED);
        let mut members = vec![Vec::new(); c.centroids.len()];
        for (j, p) in points.iter().enumerate() {
            let (t, s) = cluster::nearest(p, &c.centroids);
            members[t].push(rest[j]);
            similarity[rest[j]] = s;
        }
        let mut found: Vec<(Vec<usize>, Vec<f32>)> =
            members.into_iter().zip(c.centroids).filter(|(m, _)| !m.is_empty()).collect();
        found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].cmp(&b.0[0])));
        let groups: Vec<Vec<&str>> = found.iter().map(|(m, _)| m.iter().map(|&i| texts[i]).collect()).collect();
        let keywords = label::keywords(&groups, 3);
        let labels = label::distinct(&keywords);
        for (((m, centroid), kw), name) in found.into_iter().zip(keywords).zip(labels) {
            let quotes = representative(&m, texts, &similarity);
            out.push(Theme {
                kind: Kind::Found,
                label: name,
                description: describe(&kw, &m, &stance),
                keywords: kw,
                members: m,
                quotes,
                centroid: Some(centroid),
            });
        }
    }
    for (kind, m, label, description) in [
        (Kind::NothingToAdd, nothing, "Nothing to add", "Answers saying there is nothing to add or change."),
        (Kind::NoAnswer, none, "No answer", "Blank answers and stand-ins such as \u{201c}n/a\u{201d}."),
    ] {
        if !m.is_empty() {
            let quotes = representative(&m, texts, &similarity);
            out.push(Theme {
                kind,
                label: label.into(),
                description: description.into(),
                keywords: vec![],
                members: m,
                quotes,
                centroid: None,
            });
        }
    }
    for (t, theme) in out.iter().enumerate() {
        for &i in &theme.members {
            theme_of[i] = t;
        }
    }
    Analysis { themes: out, theme_of, stance, similarity }
}

/// Places one later answer: the bucket it belongs in, else the nearest centre if it is close
/// enough, else none (for "Other").
pub fn assign(text: &str, vector: &[f32], centroids: &[Vec<f32>]) -> Placement {
    match buckets::bucket(text) {
        Some(Bucket::NoAnswer) => Placement::Bucket(Kind::NoAnswer),
        Some(Bucket::NothingToAdd) => Placement::Bucket(Kind::NothingToAdd),
        None if centroids.is_empty() => Placement::Other,
        None => {
            let (t, s) = cluster::nearest(vector, centroids);
            if s >= MIN_SIMILARITY { Placement::Theme(t, s) } else { Placement::Other }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    Bucket(Kind),
    Theme(usize, f32),
    Other,
}

fn describe(keywords: &[String], members: &[usize], stance: &[Stance]) -> String {
    let about = match keywords {
        [] => "Answers that share no common words".to_string(),
        [a] => format!("Answers about {a}"),
        [init @ .., last] => format!("Answers about {} and {last}", init.join(", ")),
    };
    let count = |s: Stance| members.iter().filter(|&&i| stance[i] == s).count();
    let (pos, neg) = (count(Stance::Positive), count(Stance::Negative));
    let lean = if pos * 2 > members.len() {
        "mostly positive"
    } else if neg * 2 > members.len() {
        "mostly negative"
    } else if pos + neg == 0 {
        "mostly neutral"
    } else {
        "mixed"
    };
    format!("{about}; {lean}.")
}

/// Up to five answers nearest the theme's centre, without repeats, preferring answers of a
/// readable length.
pub fn representative(members: &[usize], texts: &[&str], similarity: &[f32]) -> Vec<usize> {
    let mut ranked: Vec<usize> = members.to_vec();
    let words = |i: usize| texts[i].split_whitespace().count();
    let readable = |i: usize| (3..=60).contains(&words(i));
    ranked.sort_by(|&a, &b| {
        readable(b).cmp(&readable(a)).then(similarity[b].total_cmp(&similarity[a])).then(a.cmp(&b))
    });
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for i in ranked {
        if seen.insert(texts[i].trim().to_lowercase()) {
            out.push(i);
            if out.len() == 5 {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_word_themes_without_a_model_and_buckets_empty_answers() {
        let mut texts = Vec::new();
        for i in 0..12 {
            texts.push(format!("The waiting list for assessment was far too long, {i} months"));
            texts.push(format!("Our specialist teacher was kind and helpful visit {i}"));
        }
        texts.extend(["n/a".to_string(), "Nothing".to_string(), "nothing at all".to_string()]);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let e = Embedder::words_only();
        let v = e.vectors(&refs);
        let a = analyse(&refs, &v, Some(2));
        let b = analyse(&refs, &v, Some(2));
        assert_eq!(a.theme_of, b.theme_of, "the same answers give the same themes");
        assert_eq!(a.themes.len(), 4);
        let waits = a.theme_of[0];
        let staff = a.theme_of[1];
        assert_ne!(waits, staff);
        for i in 0..12 {
            assert_eq!(a.theme_of[2 * i], waits);
            assert_eq!(a.theme_of[2 * i + 1], staff);
        }
        assert!(a.themes[waits].label.to_lowercase().contains("waiting") || a.themes[waits].label.to_lowercase().contains("assessment"), "{}", a.themes[waits].label);
        assert!((3..=5).contains(&a.themes[waits].quotes.len()));
        assert_eq!(a.themes[a.theme_of[24]].kind, Kind::NoAnswer);
        assert_eq!(a.themes[a.theme_of[25]].kind, Kind::NothingToAdd);
        assert_eq!(a.stance[1], Stance::Positive);
        assert_eq!(a.stance[0], Stance::Negative);

        let c: Vec<Vec<f32>> = a.themes.iter().filter_map(|t| t.centroid.clone()).collect();
        let later = "Waiting list for an assessment too long";
        match assign(later, &hashed_words(later), &c) {
            Placement::Theme(t, _) => assert_eq!(t, waits),
            other => panic!("placed as {other:?}"),
        }
        assert_eq!(assign("N/A", &hashed_words("N/A"), &c), Placement::Bucket(Kind::NoAnswer));
    }
}
