//! Chorus's theme engine: finds themes in free-text answers on the server itself, the same
//! way every run.
//!
//! 1. Each answer gets a stance, read against what its question asked for.
//! 2. Answers that say nothing ("n/a", "nothing", "can't think of anything") go into buckets of
//!    their own first: "Nothing" to "What should change?" is content, to "What was good?" it is
//!    not. Answers that only praise the whole ("Excellent, thank you") make one theme.
//! 3. Every other answer becomes a unit vector: a sentence embedding from a small local model
//!    (all-MiniLM-L6-v2, read from disk) when it is there, else hashed words and phrases.
//! 4. Spherical k-means, seeded from a fixed number, groups the vectors, with the direction from
//!    complaint to praise among these answers counted twice so that themes keep the two apart;
//!    with no number of themes given it uses about √(n/2), at most 40.
//! 5. Each theme gets a label and a description from the words that set it apart, three to five
//!    representative quotes (nearest its centre, no repeats).
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
pub mod quant;
pub mod stance;
pub mod tokenizer;
pub mod vector;

use buckets::Bucket;
use encoder::Encoder;
use stance::{Framing, Stance};
use std::collections::HashSet;
use vector::Points;

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
        Embedder { encoder: Encoder::load(dir).ok(), threads: all_cores() }
    }

    /// As [`Embedder::load`] with the model's weights at full precision (32-bit), which take four
    /// times the memory: to check the eight-bit weights against.
    pub fn load_full_precision(dir: &std::path::Path) -> Embedder {
        Embedder { encoder: Encoder::load_with(dir, encoder::Precision::Full).ok(), threads: all_cores() }
    }

    /// Bytes the model's weights take (none without a model).
    pub fn weight_bytes(&self) -> usize {
        self.encoder.as_ref().map_or(0, Encoder::weight_bytes)
    }

    pub fn threads(&self) -> usize {
        self.threads
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
        if self.encoder.is_some() {
            "minilm-sif"
        } else {
            "hashed-words"
        }
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

/// Threads for making vectors: one for each core.
fn all_cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
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
    /// "Nothing" in answer to a question asking what was good.
    NothingGood,
    /// Praise of the whole that names nothing in particular.
    Praise,
    Found,
}

/// Where an answer goes before any clustering, if it is set aside: the buckets of answers that
/// say nothing ("Nothing" means content when asked what should change, and the opposite when
/// asked what was good), and general praise. `stance` is the answer's stance under `framing`.
pub fn set_aside(text: &str, framing: Framing, stance: Stance) -> Option<Kind> {
    let text = &stance::as_answered(text, framing);
    match buckets::bucket(text) {
        Some(Bucket::NoAnswer) => Some(Kind::NoAnswer),
        Some(Bucket::NothingToAdd) if framing == Framing::Praise && stance == Stance::Negative => Some(Kind::NothingGood),
        Some(Bucket::NothingToAdd) => Some(Kind::NothingToAdd),
        None if framing == Framing::Praise && buckets::nothing_liked(text) => Some(Kind::NothingGood),
        // Praise words alone, unless negated ("not good"); "fine" is praise here though not in the stance lexicon.
        None if !matches!(stance, Stance::Negative | Stance::Mixed) && buckets::general_praise(text) => Some(Kind::Praise),
        None if framing == Framing::Praise && buckets::everything(text) => Some(Kind::Praise),
        None => None,
    }
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
    /// Unit-length centre (none for the buckets); later answers are placed by the centres of found themes.
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

/// The name of a group of answers that share no phrase, such as the found theme that gathers the
/// answers of small themes whose answers share nothing.
pub const OTHER: &str = "Other answers";

/// How near two themes' centres are (cosine) before two themes led by the same phrase, though
/// named apart, are one.
const SAME_THEME: f32 = 0.8;

/// How near two themes' centres are before two themes whose names say the same ("Left out of the
/// meetings" twice; "Move to secondary" and "Moved to secondary school") are one.
const SAME_NAMED: f32 = 0.45;

/// The first two themes, by index, that are one: named alike (the same name, or see
/// [`label::say_the_same`]) with centres at least [`SAME_NAMED`] alike, or led by the same phrase
/// with centres at least [`SAME_THEME`] alike.
fn same_theme(namings: &[label::Naming], centres: &[&[f32]]) -> Option<(usize, usize)> {
    (0..namings.len()).flat_map(|i| (i + 1..namings.len()).map(move |j| (i, j))).find(|&(i, j)| {
        let (a, b) = (&namings[i], &namings[j]);
        let near = vector::dot(centres[i], centres[j]);
        let named_alike = a.label.eq_ignore_ascii_case(&b.label)
            || (!label::is_word_list(&a.label) && !label::is_word_list(&b.label) && label::say_the_same(&a.label, &b.label));
        (a.phrase.eq_ignore_ascii_case(&b.phrase) && near >= SAME_THEME) || (named_alike && near >= SAME_NAMED)
    })
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

/// Finds themes in `texts`, whose vectors (from one [`Embedder`], as made or as kept: see
/// [`Points`]) are `vectors`; each answer's stance is read against what its question asked for
/// (`framing[i]`, or [`Framing::Open`]).
pub fn analyse_framed<P: Points + ?Sized>(texts: &[&str], vectors: &P, themes: Option<usize>, framing: &[Framing]) -> Analysis {
    analyse_seeded(texts, vectors, themes, framing, SEED)
}

/// [`analyse_framed`] with the clustering seeded from `seed` rather than the engine's own fixed
/// number: for measuring how much a result owes to the seed.
pub fn analyse_seeded<P: Points + ?Sized>(texts: &[&str], vectors: &P, themes: Option<usize>, framing: &[Framing], seed: u64) -> Analysis {
    assert_eq!(texts.len(), vectors.count(), "one vector per answer");
    let n = texts.len();
    // Answers are placed by one reading of their stance and shown with another: see
    // [`stance::placing_stance`].
    let stance: Vec<Stance> =
        texts.iter().enumerate().map(|(i, t)| stance::placing_stance(t, framing.get(i).copied().unwrap_or_default())).collect();
    let shown: Vec<Stance> =
        texts.iter().enumerate().map(|(i, t)| stance::stance_in(t, framing.get(i).copied().unwrap_or_default())).collect();
    let mut theme_of = vec![usize::MAX; n];
    let mut similarity = vec![1f32; n];
    let mut out: Vec<Theme> = Vec::new();

    let mut rest = Vec::new();
    let (mut none, mut nothing, mut nothing_good, mut praise) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, t) in texts.iter().enumerate() {
        match set_aside(t, framing.get(i).copied().unwrap_or_default(), stance[i]) {
            Some(Kind::NoAnswer) => none.push(i),
            Some(Kind::NothingToAdd) => nothing.push(i),
            Some(Kind::NothingGood) => nothing_good.push(i),
            Some(Kind::Praise) => praise.push(i),
            Some(Kind::Found) | None => rest.push(i),
        }
    }
    if !rest.is_empty() {
        let k = themes.unwrap_or_else(|| auto_themes(rest.len())).clamp(1, rest.len());
        let axis = stance_axis(&rest, vectors, &stance);
        let stretched = |p: &[f32]| match &axis {
            Some(a) => stretch(p, a),
            None => p.to_vec(),
        };
        let fit: Vec<Vec<f32>> = if rest.len() > FIT_SAMPLE {
            let step = rest.len() as f64 / FIT_SAMPLE as f64;
            (0..FIT_SAMPLE).map(|j| stretched(&vectors.get(rest[(j as f64 * step) as usize]))).collect()
        } else {
            rest.iter().map(|&i| stretched(&vectors.get(i))).collect()
        };
        let restarts = if fit.len() > 3000 { 2 } else { 4 };
        let c = cluster::kmeans(&fit, k, restarts, seed);
        // Each answer joins the nearest centre in the stretched space, where the nearest only
        // needs p·c + (p·a)(a·c), without stretching every answer.
        let along: Vec<f32> = c.centroids.iter().map(|c| axis.as_ref().map_or(0.0, |a| vector::dot(a, c))).collect();
        let mut members = vec![Vec::new(); c.centroids.len()];
        let mut p = Vec::new();
        for &i in &rest {
            vectors.copy_to(i, &mut p);
            let a = axis.as_ref().map_or(0.0, |a| vector::dot(&p, a));
            let mut best = (0, f32::NEG_INFINITY);
            for (t, centre) in c.centroids.iter().enumerate() {
                let s = vector::dot(&p, centre) + a * along[t];
                if s > best.1 {
                    best = (t, s);
                }
            }
            members[best.0].push(i);
        }
        // Centres are kept, and answers measured against them, in the model's own space, where
        // later answers are placed.
        let mut found: Vec<(Vec<usize>, Vec<f32>)> = members
            .into_iter()
            .filter(|m| !m.is_empty())
            .map(|m| {
                let centroid = centre(vectors, m.iter().copied());
                for &i in &m {
                    similarity[i] = vectors.dot(i, &centroid);
                }
                (m, centroid)
            })
            .collect();
        found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].cmp(&b.0[0])));
        let groups: Vec<Vec<&str>> = found.iter().map(|(m, _)| m.iter().map(|&i| texts[i]).collect()).collect();
        let keywords = label::keywords(&groups, 3);
        // A theme whose leading words, those of its name, are only words of praise ("Good,
        // excellent", "Service, good") is general praise in other words, unless most of it reads
        // as complaint or mixed.
        let (praising, found): (Vec<_>, Vec<_>) = found.into_iter().zip(keywords).partition(|((m, _), kw)| {
            kw.len() >= 2
                && buckets::praise_only(&kw[..2])
                && (members_reading(m, &stance, Stance::Negative) + members_reading(m, &stance, Stance::Mixed)) * 2 < m.len()
        });
        // An answer in such a theme that reads as complaint or mixed ("Very disappointed with
        // the service") is not general praise: it joins the nearest theme kept.
        let mut found = found;
        let kept: Vec<Vec<f32>> = found.iter().map(|((_, c), _)| c.clone()).collect();
        for ((m, _), _) in praising {
            for i in m {
                if matches!(stance[i], Stance::Negative | Stance::Mixed) && !kept.is_empty() {
                    let (t, s) = cluster::nearest(&vectors.get(i), &kept);
                    similarity[i] = s;
                    found[t].0 .0.push(i);
                } else {
                    praise.push(i);
                }
            }
        }
        for ((m, _), _) in found.iter_mut() {
            m.sort_unstable();
        }
        praise.sort_unstable();
        // Named, and described in a sentence, from the phrases their answers share.
        let groups: Vec<Vec<&str>> = found.iter().map(|((m, _), _)| m.iter().map(|&i| texts[i]).collect()).collect();
        let mut namings = label::names(&groups);
        // Two themes whose centres are near and whose names say the same ("Left out of the
        // meetings" twice, "Move to secondary" and "Moved to secondary school") are one: the
        // smaller joins the larger, and all are named again.
        loop {
            let centres: Vec<&[f32]> = found.iter().map(|((_, c), _)| c.as_slice()).collect();
            let Some((i, j)) = same_theme(&namings, &centres) else { break };
            let ((members, _), _) = found.remove(j);
            found[i].0 .0.extend(members);
            found[i].0 .0.sort_unstable();
            let centroid = centre(vectors, found[i].0 .0.iter().copied());
            for &k in &found[i].0 .0 {
                similarity[k] = vectors.dot(k, &centroid);
            }
            found[i].0 .1 = centroid;
            let groups: Vec<Vec<&str>> = found.iter().map(|((m, _), _)| m.iter().map(|&k| texts[k]).collect()).collect();
            namings = label::names(&groups);
        }
        // A small theme whose answers share no phrase, only scattered words ("Change, start" for
        // eleven answers of a thousand), is no theme: such answers are shown together, last, as
        // other answers.
        let in_themes: usize = found.iter().map(|((m, _), _)| m.len()).sum();
        let scattered: Vec<bool> =
            namings.iter().zip(&found).map(|(n, ((m, _), _))| label::is_word_list(&n.label) && m.len() * 50 < in_themes).collect();
        if scattered.contains(&true) {
            let mut other = Vec::new();
            let mut kept = (Vec::new(), Vec::new());
            for ((theme, naming), scattered) in found.into_iter().zip(namings).zip(scattered) {
                if scattered {
                    other.extend(theme.0 .0);
                } else {
                    kept.0.push(theme);
                    kept.1.push(naming);
                }
            }
            (found, namings) = kept;
            other.sort_unstable();
            let centroid = centre(vectors, other.iter().copied());
            for &k in &other {
                similarity[k] = vectors.dot(k, &centroid);
            }
            found.push(((other, centroid), Vec::new()));
            namings.push(label::Naming {
                label: OTHER.into(),
                phrase: String::new(),
                description: "Answers that share no phrase with one another, nor with any theme.".into(),
            });
        }
        let labels = label::distinct_labels(namings.iter().map(|n| n.label.clone()).collect());
        for ((((m, centroid), kw), name), naming) in found.into_iter().zip(labels).zip(namings) {
            let quotes = representative(&m, texts, &similarity);
            out.push(Theme {
                kind: Kind::Found,
                label: name,
                description: describe(&naming.description, &m, &shown),
                keywords: kw,
                members: m,
                quotes,
                centroid: Some(centroid),
            });
        }
    }
    if !praise.is_empty() {
        let centroid = centre(vectors, praise.iter().copied());
        for &i in &praise {
            similarity[i] = vectors.dot(i, &centroid);
        }
        out.push(Theme {
            kind: Kind::Praise,
            label: "General praise".into(),
            description: "Answers that praise the whole without naming anything in particular.".into(),
            keywords: vec![],
            quotes: representative(&praise, texts, &similarity),
            members: praise,
            centroid: Some(centroid),
        });
    }

    for (kind, m, label, description) in [
        (Kind::NothingToAdd, nothing, "Nothing to add", "Answers saying there is nothing to add or change."),
        (Kind::NothingGood, nothing_good, "Nothing good", "Answers to a question about what was good saying nothing was."),
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
    Analysis { themes: out, theme_of, stance: shown, similarity }
}

/// Places one later answer to a question framed as `framing`: where it is set aside (see
/// [`set_aside`]), else the nearest centre if it is close enough, else none (for "Other").
pub fn assign(text: &str, vector: &[f32], centroids: &[Vec<f32>], framing: Framing) -> Placement {
    match set_aside(text, framing, stance::placing_stance(text, framing)) {
        Some(kind) => Placement::Bucket(kind),
        None => nearest_theme(vector, centroids),
    }
}

/// The nearest centre if it is close enough, else none (for "Other").
pub fn nearest_theme(vector: &[f32], centroids: &[Vec<f32>]) -> Placement {
    if centroids.is_empty() {
        return Placement::Other;
    }
    let (t, s) = cluster::nearest(vector, centroids);
    if s >= MIN_SIMILARITY {
        Placement::Theme(t, s)
    } else {
        Placement::Other
    }
}

fn members_reading(members: &[usize], stance: &[Stance], s: Stance) -> usize {
    members.iter().filter(|&&i| stance[i] == s).count()
}

/// The direction from complaint to praise among these answers (the mean of those read as
/// positive less the mean of those read as negative), when each side has enough answers for it to
/// be more than noise.
fn stance_axis<P: Points + ?Sized>(members: &[usize], vectors: &P, stance: &[Stance]) -> Option<Vec<f32>> {
    const FEWEST: usize = 10;
    let side = |s: Stance| members.iter().copied().filter(|&i| stance[i] == s && vectors.has(i)).collect::<Vec<_>>();
    let (pos, neg) = (side(Stance::Positive), side(Stance::Negative));
    if pos.len() < FEWEST || neg.len() < FEWEST {
        return None;
    }
    let mean = |vs: &[usize]| {
        let mut m = Vec::new();
        let mut v = Vec::new();
        for &i in vs {
            vectors.copy_to(i, &mut v);
            m.resize(v.len(), 0f32);
            for (x, y) in m.iter_mut().zip(&v) {
                *x += y / vs.len() as f32;
            }
        }
        m
    };
    let mut axis: Vec<f32> = mean(&pos).iter().zip(mean(&neg)).map(|(p, n)| p - n).collect();
    vector::normalise(&mut axis);
    Some(axis)
}

/// A vector with its part along `axis` counted twice, scaled to unit length: themes are then
/// found with praise and complaint further apart, so that a theme does not mix the two.
fn stretch(v: &[f32], axis: &[f32]) -> Vec<f32> {
    let a = vector::dot(v, axis);
    let mut out: Vec<f32> = v.iter().zip(axis).map(|(x, d)| x + a * d).collect();
    vector::normalise(&mut out);
    out
}

/// The unit-length mean of some answers' unit vectors.
fn centre<P: Points + ?Sized>(vectors: &P, members: impl Iterator<Item = usize>) -> Vec<f32> {
    let mut sum: Vec<f32> = Vec::new();
    for i in members {
        vectors.add_to(i, &mut sum);
    }
    vector::normalise(&mut sum);
    sum
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    Bucket(Kind),
    Theme(usize, f32),
    Other,
}

/// The sentence from the answers' phrases, then how they lean.
fn describe(about: &str, members: &[usize], stance: &[Stance]) -> String {
    let (pos, neg) = (members_reading(members, stance, Stance::Positive), members_reading(members, stance, Stance::Negative));
    let lean = if pos * 2 > members.len() {
        "Mostly positive"
    } else if neg * 2 > members.len() {
        "Mostly negative"
    } else if pos + neg == 0 {
        "Mostly neutral"
    } else {
        "Mixed"
    };
    format!("{about} {lean}.")
}

/// Up to five answers nearest the theme's centre, without repeats, preferring answers of a
/// readable length.
pub fn representative(members: &[usize], texts: &[&str], similarity: &[f32]) -> Vec<usize> {
    let mut ranked: Vec<usize> = members.to_vec();
    let words = |i: usize| texts[i].split_whitespace().count();
    let readable = |i: usize| (3..=60).contains(&words(i));
    ranked.sort_by(|&a, &b| readable(b).cmp(&readable(a)).then(similarity[b].total_cmp(&similarity[a])).then(a.cmp(&b)));
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
        assert!(
            a.themes[waits].label.to_lowercase().contains("waiting") || a.themes[waits].label.to_lowercase().contains("assessment"),
            "{}",
            a.themes[waits].label
        );
        assert!((3..=5).contains(&a.themes[waits].quotes.len()));
        assert_eq!(a.themes[a.theme_of[24]].kind, Kind::NoAnswer);
        assert_eq!(a.themes[a.theme_of[25]].kind, Kind::NothingToAdd);
        assert_eq!(a.stance[1], Stance::Positive);
        assert_eq!(a.stance[0], Stance::Negative);

        let c: Vec<Vec<f32>> = a.themes.iter().filter_map(|t| t.centroid.clone()).collect();
        let later = "Waiting list for an assessment too long";
        match assign(later, &hashed_words(later), &c, Framing::Open) {
            Placement::Theme(t, _) => assert_eq!(t, waits),
            other => panic!("placed as {other:?}"),
        }
        assert_eq!(assign("N/A", &hashed_words("N/A"), &c, Framing::Open), Placement::Bucket(Kind::NoAnswer));
    }

    #[test]
    fn two_themes_named_alike_with_near_centres_are_one() {
        let unit = |x: f32| {
            let mut v = vec![x, (1.0 - x * x).sqrt(), 0.0];
            vector::normalise(&mut v);
            v
        };
        let named = |labels: &[&str]| -> Vec<label::Naming> {
            labels.iter().map(|l| label::Naming { label: l.to_string(), phrase: l.to_lowercase(), description: String::new() }).collect()
        };
        let (a, near, halfway, far, other) = (unit(1.0), unit(0.9), unit(0.5), unit(0.3), vec![0.0, 0.0, 1.0]);
        let labels = named(&["Left out of the meetings", "Include parents", "left out of the meetings"]);
        assert_eq!(same_theme(&labels, &[&a, &other, &near]), Some((0, 2)));
        assert_eq!(same_theme(&labels, &[&a, &other, &far]), None, "the same words about something else");
        assert_eq!(same_theme(&named(&["Waiting time", "Call handler"]), &[&a, &near]), None, "near, but named apart");
        let secondary = named(&["Move to secondary", "Moved to secondary school"]);
        assert_eq!(same_theme(&secondary, &[&a, &halfway]), Some((0, 1)), "the same said in other words");
        assert_eq!(same_theme(&named(&["Waiting time", "On time"]), &[&a, &near]), None, "one word in common is not the same");
        assert_eq!(same_theme(&named(&["Friendly staff", "More staff"]), &[&a, &near]), None);
        let mut led = named(&["Help and support", "Mental health"]);
        led[0].phrase = "mental health".into();
        assert_eq!(same_theme(&led, &[&a, &near]), Some((0, 1)), "led by the phrase that names the other");
        assert_eq!(same_theme(&led, &[&a, &halfway]), None);
    }

    #[test]
    fn answers_in_small_themes_that_share_no_phrase_are_other_answers() {
        let mut texts: Vec<String> = Vec::new();
        for i in 0..200 {
            texts.push(format!("The waiting list for an assessment was too long, {i} months"));
            texts.push(format!("Training for teaching assistants helped, session {i}"));
        }
        texts.extend(["Routine matters.", "Routine, please", "Football", "Craft and football", "Gardening"].map(String::from));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        // Three clear groups: the scattered answers lie together, apart from the rest.
        let v: Vec<Vec<f32>> = (0..refs.len())
            .map(|i| {
                let mut v = vec![0.0; 4];
                v[if i >= 400 { 2 } else { i % 2 }] = 1.0;
                v[3] = (i % 5) as f32 * 0.01;
                vector::normalise(&mut v);
                v
            })
            .collect();
        let a = analyse(&refs, &v, Some(3));
        let labels: Vec<&str> = a.themes.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.iter().all(|l| !label::is_word_list(l)), "{labels:?}");
        let other = a.themes.iter().position(|t| t.label == OTHER).unwrap_or_else(|| panic!("{labels:?}"));
        assert_eq!(a.themes[other].kind, Kind::Found);
        assert_eq!(a.themes[other].members, (400..405).collect::<Vec<_>>(), "{labels:?}");
        assert!(a.themes[other].description.starts_with("Answers that share no phrase"), "{}", a.themes[other].description);
    }

    #[test]
    fn nothing_means_what_the_question_asked_and_general_praise_is_one_theme() {
        let mut texts: Vec<String> = (0..12).map(|i| format!("The waiting list for assessment was far too long, {i} months")).collect();
        texts.extend(["Nothing", "Nothing", "Excellent, thank you", "Very good service", "Brilliant!", "Not good"].map(String::from));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut framing = vec![Framing::Change; 13];
        framing.extend([Framing::Praise, Framing::Open, Framing::Open, Framing::Open, Framing::Open]);
        let v = Embedder::words_only().vectors(&refs);
        let a = analyse_framed(&refs, &v, Some(1), &framing);
        let kind = |i: usize| a.themes[a.theme_of[i]].kind;
        assert_eq!(kind(12), Kind::NothingToAdd, "nothing to change is content");
        assert_eq!(kind(13), Kind::NothingGood, "nothing good is not");
        assert_eq!(a.stance[13], Stance::Negative);
        assert_eq!((kind(14), kind(15), kind(16)), (Kind::Praise, Kind::Praise, Kind::Praise));
        assert_eq!(a.theme_of[14], a.theme_of[16]);
        assert_eq!(a.themes[a.theme_of[14]].label, "General praise");
        assert_eq!(kind(17), Kind::Found, "negated praise is not praise");

        let c: Vec<Vec<f32>> = a.themes.iter().filter_map(|t| t.centroid.clone()).collect();
        let place = |t: &str, f: Framing| assign(t, &hashed_words(t), &c, f);
        assert_eq!(place("Superb service, thanks", Framing::Open), Placement::Bucket(Kind::Praise));
        assert_eq!(place("Nothing really", Framing::Praise), Placement::Bucket(Kind::NothingGood));
        assert_eq!(place("Nothing really", Framing::Change), Placement::Bucket(Kind::NothingToAdd));
        assert_eq!(place("I like nothing about it", Framing::Praise), Placement::Bucket(Kind::NothingGood));
        assert!(!matches!(place("I like nothing about it", Framing::Change), Placement::Bucket(_)), "a complaint, not nothing to add");
        assert_eq!(place("Nothing fantastic service", Framing::Change), Placement::Bucket(Kind::NothingToAdd));
        assert_ne!(place("Nothing fantastic service", Framing::Praise), Placement::Bucket(Kind::NothingToAdd));
        assert_eq!(place("Because it was all really good", Framing::Open), Placement::Bucket(Kind::Praise));
        assert_eq!(place("Everything!", Framing::Praise), Placement::Bucket(Kind::Praise));
        assert_ne!(place("Everything!", Framing::Change), Placement::Bucket(Kind::Praise));
    }

    #[test]
    fn general_praise_takes_no_complaint_from_a_theme_of_praise_words() {
        let mut texts: Vec<String> = Vec::new();
        for noun in ["crew", "driver", "nurse", "call", "visit", "doctor", "ward", "room", "trip", "clinic"] {
            texts.push(format!("Good and excellent {noun}"));
            texts.push(format!("The waiting list for assessment was far too long, {noun} months"));
        }
        texts.push("Not good, not excellent, a terrible nurse".into());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let v = Embedder::words_only().vectors(&refs);
        let a = analyse(&refs, &v, Some(2));
        assert_eq!(a.themes[a.theme_of[0]].kind, Kind::Praise, "a theme named by praise alone is general praise");
        assert_eq!(a.stance[20], Stance::Negative);
        assert_eq!(a.themes[a.theme_of[20]].kind, Kind::Found, "but not the complaint in it");
        assert!(a.themes[a.theme_of[20]].members.contains(&20));
    }

    #[test]
    fn themes_from_kept_vectors_are_those_from_the_vectors_they_keep() {
        let mut texts = Vec::new();
        for i in 0..40 {
            texts.push(format!("The waiting list for assessment was far too long, {i} months"));
            texts.push(format!("Our specialist teacher was kind and helpful visit {i}"));
            texts.push(format!("Transport to school {i} was late and the taxi never came"));
        }
        texts.extend(["n/a".to_string(), "Excellent service thank you".to_string()]);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let made = Embedder::words_only().vectors(&refs);
        let mut kept = vector::Packed::default();
        for v in &made {
            kept.push(v);
        }
        let unpacked: Vec<Vec<f32>> = made.iter().map(|v| vector::unpack(&vector::pack(v))).collect();
        let (a, b) = (analyse(&refs, &unpacked, None), analyse_framed(&refs, &kept, None, &[]));
        assert_eq!(a.theme_of, b.theme_of);
        assert_eq!(a.themes.iter().map(|t| &t.label).collect::<Vec<_>>(), b.themes.iter().map(|t| &t.label).collect::<Vec<_>>());
        assert!(a.themes.len() >= 4, "{} themes", a.themes.len());
        for (x, y) in a.similarity.iter().zip(&b.similarity) {
            assert!((x - y).abs() < 1e-4, "{x} against {y}");
        }
    }

    #[test]
    fn themes_keep_praise_and_complaint_apart() {
        // Two subjects, each praised and criticised; the subjects lie a little further apart than
        // praise and complaint, so plain k-means would split by subject.
        let mut texts = Vec::new();
        let mut vectors = Vec::new();
        for i in 0..48 {
            let (subject, praise) = (if i % 2 == 0 { 1.0 } else { -1.0 }, i % 4 < 2);
            texts.push(if praise { "Kind and helpful" } else { "Rude and unhelpful" });
            let mut v = vec![0.8 * subject, if praise { 0.7 } else { -0.7 }, 0.05 * (i as f32 / 48.0), 0.3];
            vector::normalise(&mut v);
            vectors.push(v);
        }
        let a = analyse(&texts, &vectors, Some(2));
        for i in 0..48 {
            assert_eq!(a.theme_of[i] == a.theme_of[0], i % 4 < 2, "answer {i}");
        }
        let plain = cluster::kmeans(&vectors, 2, 4, SEED);
        assert_eq!(plain.labels[0], plain.labels[2], "without the stretch the split is by subject");
    }
}
