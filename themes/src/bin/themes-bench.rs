//! Scores the theme engine against human coding.
//!
//! ```text
//! themes-bench --input coded.csv --text-column "FFT answer" --one-hot-from "Not assigned"
//! themes-bench --input coded.csv --text-column text --label-column category
//!     [--question-column NAME] [--sentiment-column NAME] [--only COLUMN=VALUE]
//! ```
//!
//! Rows with exactly one human category (and some text) are kept. The engine runs as the
//! product runs it (automatic number of themes, each answer read against the wording of the
//! question it answered when there is a column of questions), again with the number of human categories,
//! and without the sentence model; a TF-IDF + k-means baseline runs in the same process. Each is
//! scored by NMI, ARI and macro-F1 after mapping each theme to its commonest human category.
//! With a column of coded sentiment, each answer's stance is scored against it too, from the
//! answer alone and, with a column of questions, against what its question asked for.
//! `--only` keeps the rows whose COLUMN is VALUE, to score on one part of a set (one trust's
//! feedback, say) apart from the part its rules were developed on.

use chorus_themes::{analyse_framed, analyse_seeded, cluster::SplitMix, csv::Table, metrics, stance::Framing, Embedder};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

/// Each theme's name, size and description, and how many found themes are named by a list of
/// words ("Call, phone") rather than a phrase.
fn print_names(a: &chorus_themes::Analysis) {
    println!("\nThemes as the product names them:\n");
    let mut found = 0;
    let mut lists = 0;
    for t in &a.themes {
        println!("- {} ({}): {}", t.label, t.members.len(), t.description);
        if t.kind == chorus_themes::Kind::Found {
            found += 1;
            lists += chorus_themes::label::is_word_list(&t.label) as usize;
        }
    }
    println!("\n{lists} of {found} found themes are named by a list of words.");
}

fn main() {
    if let Err(e) = run() {
        eprintln!("themes-bench: {e}");
        std::process::exit(2);
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let input = arg(&args, "--input").ok_or("--input is required")?;
    let text_col = arg(&args, "--text-column").ok_or("--text-column is required")?;
    let text = std::fs::read_to_string(&input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let mut table = Table::parse(&text)?;
    if let Some(only) = arg(&args, "--only") {
        let (column, value) = only.split_once('=').ok_or("--only takes COLUMN=VALUE")?;
        let c = table.column(column)?;
        table.rows.retain(|row| row.get(c).is_some_and(|v| v == value));
        println!("Only rows whose \u{201c}{column}\u{201d} is \u{201c}{value}\u{201d}: {} of them.\n", table.rows.len());
    }
    let tc = table.column(&text_col)?;
    let question = arg(&args, "--question-column").map(|q| table.column(&q)).transpose()?;
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    let mut framing = Vec::new();
    if let Some(first) = arg(&args, "--one-hot-from") {
        let from = table.column(&first)?;
        for row in &table.rows {
            let on: Vec<usize> = (from..table.header.len()).filter(|&c| ticked(table.cell(row, c))).collect();
            if on.len() == 1 && !table.cell(row, tc).trim().is_empty() {
                texts.push(table.cell(row, tc).to_string());
                labels.push(table.header[on[0]].clone());
                framing.push(question.map_or(Framing::Open, |q| Framing::of_question(table.cell(row, q))));
            }
        }
    } else {
        let lc = table.column(&arg(&args, "--label-column").ok_or("--one-hot-from or --label-column is required")?)?;
        for row in &table.rows {
            let l = table.cell(row, lc).trim();
            if !l.is_empty() && !table.cell(row, tc).trim().is_empty() {
                texts.push(table.cell(row, tc).to_string());
                labels.push(l.to_string());
                framing.push(question.map_or(Framing::Open, |q| Framing::of_question(table.cell(row, q))));
            }
        }
    }
    if texts.is_empty() {
        return Err("no row has both some text and exactly one human category".into());
    }
    let names: BTreeMap<&str, usize> = labels.iter().map(|l| (l.as_str(), 0)).collect();
    let index: HashMap<&str, usize> = names.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let truth: Vec<usize> = labels.iter().map(|l| index[l.as_str()]).collect();
    let k = index.len();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut named = Vec::new();
    println!("{} answers with one human category; {} categories\n", refs.len(), k);
    println!("| method | themes | NMI | ARI | macro-F1 | seconds |");
    println!("|---|---|---|---|---|---|");
    let row = |name: &str, found: &[usize], secs: f64| {
        let themes = found.iter().collect::<std::collections::HashSet<_>>().len();
        println!(
            "| {name} | {themes} | {:.3} | {:.3} | {:.3} | {secs:.1} |",
            metrics::nmi(&truth, found),
            metrics::ari(&truth, found),
            metrics::macro_f1(&truth, found)
        );
    };

    let t = Instant::now();
    let found = tfidf_kmeans(&refs, k);
    row(&format!("baseline: TF-IDF + k-means (k = {k})"), &found, t.elapsed().as_secs_f64());

    let words = Embedder::words_only();
    let t = Instant::now();
    let v = words.vectors(&refs);
    let a = analyse_framed(&refs, &v, None, &framing);
    row("engine without the model (hashed words), auto", &a.theme_of, t.elapsed().as_secs_f64());

    let model = Embedder::load_default();
    if model.has_model() {
        let t = Instant::now();
        let v = model.vectors(&refs);
        let embed = t.elapsed().as_secs_f64();
        println!("| (sentence vectors for {} answers) | | | | | {embed:.1} |", refs.len());
        let t = Instant::now();
        let a = analyse_framed(&refs, &v, None, &framing);
        row("**engine, auto (as the product runs it)**", &a.theme_of, t.elapsed().as_secs_f64());
        named.push(a);
        // The same from the vectors as the server keeps them, a byte a dimension: finding themes
        // reads them so, and must find the same themes.
        let mut kept = chorus_themes::vector::Packed::with_capacity(v.first().map_or(0, Vec::len), v.len());
        for x in &v {
            kept.push(x);
        }
        let t = Instant::now();
        let a = analyse_framed(&refs, &kept, None, &framing);
        row("engine, auto, vectors as kept (a byte a dimension)", &a.theme_of, t.elapsed().as_secs_f64());
        // The same with the model's weights at full precision: the eight-bit weights the product
        // holds must find the same themes.
        let full = Embedder::load_full_precision(&chorus_themes::encoder::Encoder::default_dir());
        let t = Instant::now();
        let full_vectors = full.vectors(&refs);
        let full_embed = t.elapsed().as_secs_f64();
        println!("| (sentence vectors, 32-bit weights) | | | | | {full_embed:.1} |");
        let t = Instant::now();
        let a = analyse_framed(&refs, &full_vectors, None, &framing);
        row("engine, auto, 32-bit weights", &a.theme_of, t.elapsed().as_secs_f64());
        precision_check(&model, &full, &v, &full_vectors, embed, full_embed);
        let t = Instant::now();
        let a = analyse_framed(&refs, &v, Some(k), &framing);
        row(&format!("engine, k = {k}"), &a.theme_of, t.elapsed().as_secs_f64());
        // The same run seeded otherwise: how much of the score is the luck of one seed.
        let t = Instant::now();
        let scores: Vec<(f64, f64)> = (1..=8u64)
            .map(|seed| {
                let a = analyse_seeded(&refs, &v, None, &framing, seed);
                (metrics::nmi(&truth, &a.theme_of), metrics::ari(&truth, &a.theme_of))
            })
            .collect();
        let spread = |f: fn(&(f64, f64)) -> f64| {
            let xs: Vec<f64> = scores.iter().map(f).collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt();
            let (lo, hi) = xs.iter().fold((f64::MAX, f64::MIN), |(l, h), x| (l.min(*x), h.max(*x)));
            format!("{mean:.3} ± {sd:.3} ({lo:.3}–{hi:.3})")
        };
        println!(
            "| engine, auto, 8 other seeds: mean ± sd (range) | | {} | {} | | {:.1} |",
            spread(|s| s.0),
            spread(|s| s.1),
            t.elapsed().as_secs_f64()
        );
    } else {
        println!("\n(no sentence model at {}: run scripts/fetch-model.sh)", chorus_themes::encoder::Encoder::default_dir().display());
    }
    // The names a commissioner reads first: read them, not only the scores.
    for a in &named {
        print_names(a);
    }
    if let Some(column) = arg(&args, "--sentiment-column") {
        stance_agreement(&table, tc, table.column(&column)?, question);
    }
    println!("\npeak memory: {}", peak_memory());
    Ok(())
}

/// How close the eight-bit model's vectors are to the 32-bit model's, and what each costs.
fn precision_check(eight: &Embedder, full: &Embedder, v8: &[Vec<f32>], v32: &[Vec<f32>], t8: f64, t32: f64) {
    let mut cos: Vec<f32> = v8.iter().zip(v32).map(|(a, b)| chorus_themes::vector::dot(a, b)).collect();
    cos.sort_by(f32::total_cmp);
    let n = cos.len().max(1);
    let mean = cos.iter().sum::<f32>() / n as f32;
    println!("\nEight-bit weights against 32-bit, over {} answers:", cos.len());
    println!(
        "- cosine of each answer's two vectors: mean {mean:.4}, lowest {:.4}, 1st percentile {:.4}; {} below 0.99",
        cos.first().copied().unwrap_or(1.0),
        cos[n / 100],
        cos.iter().filter(|&&c| c < 0.99).count()
    );
    let mb = |b: usize| b as f64 / 1_048_576.0;
    println!(
        "- weights {:.1} MB against {:.1} MB; vectors {:.0} a second against {:.0} (both on {} threads, {})",
        mb(eight.weight_bytes()),
        mb(full.weight_bytes()),
        v8.len() as f64 / t8,
        v32.len() as f64 / t32,
        eight.threads(),
        chorus_themes::quant::kernel().name()
    );
}

/// Whether a one-hot cell marks its category: "1", "1.0", "true", "yes" or "x".
fn ticked(cell: &str) -> bool {
    let c = cell.trim().to_ascii_lowercase();
    ["1", "1.0", "true", "yes", "y", "x"].contains(&c.as_str())
}

/// The coder's sentiment as positive, negative or neither: words, or a score from 1 (very
/// positive) to 5 (very negative) with 3 for mixed.
fn coded_sentiment(cell: &str) -> Option<usize> {
    let cell = cell.trim().to_lowercase();
    match cell.parse::<f64>() {
        Ok(x) if x < 2.5 => Some(0),
        Ok(x) if x > 3.5 => Some(1),
        Ok(_) => Some(2),
        Err(_) if cell.starts_with("pos") => Some(0),
        Err(_) if cell.starts_with("neg") => Some(1),
        Err(_) if cell.starts_with("neu") || cell.starts_with("mix") => Some(2),
        Err(_) => None,
    }
}

/// How often the stance of each answer (every row with text and a coded sentiment) agrees with
/// the coder's: read from the words alone, then against what the question asked for.
fn stance_agreement(table: &Table, text: usize, sentiment: usize, question: Option<usize>) {
    use chorus_themes::stance::{stance_in, Framing, Stance};
    let rows: Vec<(&str, usize, &str)> = table
        .rows
        .iter()
        .filter_map(|r| {
            let t = table.cell(r, text).trim();
            let s = coded_sentiment(table.cell(r, sentiment))?;
            (!t.is_empty()).then(|| (t, s, question.map_or("", |q| table.cell(r, q))))
        })
        .collect();
    println!("\nStance against the coders' sentiment ({} answers; positive, negative, or neither):\n", rows.len());
    println!("| stance read | agreement | macro-F1 |");
    println!("|---|---|---|");
    let class = |s: Stance| match s {
        Stance::Positive => 0,
        Stance::Negative => 1,
        Stance::Mixed | Stance::Neutral => 2,
    };
    let mut ways: Vec<(&str, bool)> = vec![("from the answer's words", false)];
    if question.is_some() {
        ways.push(("and what its question asked for", true));
    }
    for (name, framed) in ways {
        let mut confusion = [[0usize; 3]; 3];
        for (t, coded, q) in &rows {
            let framing = if framed { Framing::of_question(q) } else { Framing::Open };
            confusion[*coded][class(stance_in(t, framing))] += 1;
        }
        let agree: usize = (0..3).map(|i| confusion[i][i]).sum();
        let f1: f64 = (0..3)
            .map(|c| {
                let tp = confusion[c][c] as f64;
                let predicted: usize = (0..3).map(|r| confusion[r][c]).sum();
                let actual: usize = confusion[c].iter().sum();
                if tp == 0.0 {
                    0.0
                } else {
                    2.0 * tp / (predicted + actual) as f64
                }
            })
            .sum::<f64>()
            / 3.0;
        println!("| {name} | {:.3} | {f1:.3} |", agree as f64 / rows.len().max(1) as f64);
    }
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l[6..].trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

/// The usual baseline: words (seen in at least two answers, English stop words left out),
/// sublinear TF-IDF, unit length, k-means with k-means++ seeding.
fn tfidf_kmeans(texts: &[&str], k: usize) -> Vec<usize> {
    let docs: Vec<Vec<String>> =
        texts.iter().map(|t| chorus_themes::label::phrases(t).into_iter().filter(|p| !p.contains(' ')).collect()).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in &docs {
        let mut seen: Vec<&str> = d.iter().map(String::as_str).collect();
        seen.sort();
        seen.dedup();
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut vocab: Vec<&str> = df.iter().filter(|(_, &c)| c >= 2).map(|(w, _)| *w).collect();
    vocab.sort();
    let id: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let n = docs.len() as f64;
    let points: Vec<Vec<(usize, f32)>> = docs
        .iter()
        .map(|d| {
            let mut tf: BTreeMap<usize, f32> = BTreeMap::new();
            for w in d {
                if let Some(&i) = id.get(w.as_str()) {
                    *tf.entry(i).or_default() += 1.0;
                }
            }
            let mut v: Vec<(usize, f32)> =
                tf.into_iter().map(|(i, c)| (i, (1.0 + c.ln()) * ((1.0 + n) / (1.0 + df[vocab[i]] as f64)).ln() as f32 + 1.0)).collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            for (_, x) in v.iter_mut() {
                *x /= norm.max(1e-12);
            }
            v
        })
        .collect();
    let dim = vocab.len();
    let dot = |p: &[(usize, f32)], c: &[f32]| p.iter().map(|(i, x)| x * c[*i]).sum::<f32>();
    let dense = |p: &[(usize, f32)]| {
        let mut c = vec![0f32; dim];
        for (i, x) in p {
            c[*i] = *x;
        }
        c
    };
    let mut rng = SplitMix::new(7);
    let mut centroids = vec![dense(&points[(rng.next_u64() % points.len() as u64) as usize])];
    let mut dist: Vec<f64> = points.iter().map(|p| (2.0 - 2.0 * dot(p, &centroids[0]) as f64).max(0.0)).collect();
    while centroids.len() < k {
        let total: f64 = dist.iter().sum();
        let mut target = rng.next_f64() * total;
        let mut pick = points.len() - 1;
        for (i, d) in dist.iter().enumerate() {
            if target < *d {
                pick = i;
                break;
            }
            target -= d;
        }
        let c = dense(&points[pick]);
        for (d, p) in dist.iter_mut().zip(&points) {
            *d = d.min((2.0 - 2.0 * dot(p, &c) as f64).max(0.0));
        }
        centroids.push(c);
    }
    let mut labels = vec![0usize; points.len()];
    for _ in 0..100 {
        let mut changed = false;
        for (i, p) in points.iter().enumerate() {
            // Euclidean k-means: nearest mean by |c|² - 2 p·c.
            let best = (0..centroids.len())
                .map(|j| (j, centroids[j].iter().map(|x| x * x).sum::<f32>() - 2.0 * dot(p, &centroids[j])))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(j, _)| j)
                .unwrap_or(0);
            if labels[i] != best {
                labels[i] = best;
                changed = true;
            }
        }
        let mut sums = vec![vec![0f32; dim]; centroids.len()];
        let mut counts = vec![0f32; centroids.len()];
        for (p, &l) in points.iter().zip(&labels) {
            counts[l] += 1.0;
            for (i, x) in p {
                sums[l][*i] += x;
            }
        }
        for (j, s) in sums.into_iter().enumerate() {
            if counts[j] > 0.0 {
                centroids[j] = s.into_iter().map(|x| x / counts[j]).collect();
            }
        }
        if !changed {
            break;
        }
    }
    labels
}
