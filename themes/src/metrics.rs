//! Agreement between found themes and human coding: normalised mutual information, adjusted
//! Rand index and macro-F1 after mapping each found theme to its commonest human category.

use std::collections::HashMap;

fn contingency(truth: &[usize], found: &[usize]) -> (HashMap<(usize, usize), f64>, HashMap<usize, f64>, HashMap<usize, f64>) {
    let mut joint = HashMap::new();
    let mut a = HashMap::new();
    let mut b = HashMap::new();
    for (&t, &f) in truth.iter().zip(found) {
        *joint.entry((t, f)).or_insert(0.0) += 1.0;
        *a.entry(t).or_insert(0.0) += 1.0;
        *b.entry(f).or_insert(0.0) += 1.0;
    }
    (joint, a, b)
}

fn entropy(counts: &HashMap<usize, f64>, n: f64) -> f64 {
    counts.values().filter(|&&c| c > 0.0).map(|&c| -(c / n) * (c / n).ln()).sum()
}

/// NMI with the arithmetic-mean normalisation (as scikit-learn computes it by default).
pub fn nmi(truth: &[usize], found: &[usize]) -> f64 {
    let n = truth.len() as f64;
    let (joint, a, b) = contingency(truth, found);
    let mi: f64 = joint.iter().map(|(&(t, f), &c)| (c / n) * ((c * n) / (a[&t] * b[&f])).ln()).sum();
    let (ha, hb) = (entropy(&a, n), entropy(&b, n));
    if ha + hb == 0.0 {
        1.0
    } else {
        (2.0 * mi / (ha + hb)).max(0.0)
    }
}

/// Adjusted Rand index.
pub fn ari(truth: &[usize], found: &[usize]) -> f64 {
    let pairs = |x: f64| x * (x - 1.0) / 2.0;
    let n = truth.len() as f64;
    let (joint, a, b) = contingency(truth, found);
    let index: f64 = joint.values().map(|&c| pairs(c)).sum();
    let sa: f64 = a.values().map(|&c| pairs(c)).sum();
    let sb: f64 = b.values().map(|&c| pairs(c)).sum();
    let expected = sa * sb / pairs(n);
    let max = (sa + sb) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}

/// Macro-F1 over the human categories after each found theme is mapped to the human
/// category most of its answers carry.
pub fn macro_f1(truth: &[usize], found: &[usize]) -> f64 {
    let (joint, a, _) = contingency(truth, found);
    let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
    let mut keys: Vec<_> = joint.iter().collect();
    keys.sort_by_key(|(k, _)| **k);
    for (&(t, f), &c) in keys {
        let e = best.entry(f).or_insert((0.0, t));
        if c > e.0 {
            *e = (c, t);
        }
    }
    let predicted: Vec<usize> = found.iter().map(|f| best[f].1).collect();
    let mut f1s = Vec::new();
    let mut cats: Vec<usize> = a.keys().copied().collect();
    cats.sort();
    for cat in cats {
        let tp = truth.iter().zip(&predicted).filter(|(t, p)| **t == cat && **p == cat).count() as f64;
        let fp = truth.iter().zip(&predicted).filter(|(t, p)| **t != cat && **p == cat).count() as f64;
        let fne = truth.iter().zip(&predicted).filter(|(t, p)| **t == cat && **p != cat).count() as f64;
        f1s.push(if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fne) });
    }
    f1s.iter().sum::<f64>() / f1s.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_match_known_values() {
        let t = [0, 0, 0, 1, 1, 1];
        assert!((nmi(&t, &[1, 1, 1, 0, 0, 0]) - 1.0).abs() < 1e-12);
        assert!((ari(&t, &[5, 5, 5, 2, 2, 2]) - 1.0).abs() < 1e-12);
        // Values from scikit-learn for the same labels.
        let f = [0, 0, 1, 1, 2, 2];
        assert!((nmi(&t, &f) - 0.5158037429793889).abs() < 1e-9, "{}", nmi(&t, &f));
        assert!((ari(&t, &f) - 0.24242424242424243).abs() < 1e-9, "{}", ari(&t, &f));
        // The tied theme goes to the lower category: predicted [0,0,0,0,1,1].
        assert!((macro_f1(&t, &f) - (6.0 / 7.0 + 0.8) / 2.0).abs() < 1e-9, "{}", macro_f1(&t, &f));
    }
}
