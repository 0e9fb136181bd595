//! Short plain-English labels and descriptions for themes, from the words that set each theme
//! apart from the others (class-based TF-IDF over words and two-word phrases).

use crate::buckets::words;
use std::collections::{BTreeMap, HashMap, HashSet};

const STOP: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "don't", "down", "during", "each", "even", "ever", "every", "few",
    "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
    "him", "his", "how", "i", "i'm", "i've", "if", "in", "into", "is", "it", "it's", "its", "just", "me",
    "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
    "other", "our", "ours", "out", "over", "own", "really", "same", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "can't",
    "didn't", "wasn't", "weren't", "isn't", "aren't", "won't", "couldn't", "wouldn't", "shouldn't", "doesn't",
    "haven't", "hadn't", "they're", "we're", "you're", "there's", "that's", "he's", "she's", "let", "much",
    "many", "lot", "lots", "thing", "things", "way", "make", "made", "go", "going", "went", "one", "two",
    "well", "quite", "always", "still", "yes", "ok", "okay", "etc", "also", "though", "although", "may",
    "might", "must", "shall", "within", "without", "since", "via", "per", "able", "nothing", "anything",
    "everything", "something", "think", "know", "feel", "felt", "said", "say", "see", "seen", "given",
];

/// Phrases (words and two-word phrases without stop words at either end) in one answer.
pub fn phrases(text: &str) -> Vec<String> {
    let w = words(text);
    let content = |x: &str| x.len() > 1 && !STOP.contains(&x) && !x.chars().all(|c| c.is_ascii_digit());
    let mut out = Vec::new();
    for (i, x) in w.iter().enumerate() {
        if content(x) {
            out.push(x.clone());
            if let Some(y) = w.get(i + 1) {
                if content(y) {
                    out.push(format!("{x} {y}"));
                }
            }
        }
    }
    out
}

/// The top distinctive phrases of each group, best first, at most `n` each.
pub fn keywords(groups: &[Vec<&str>], n: usize) -> Vec<Vec<String>> {
    let docs: Vec<Vec<HashSet<String>>> =
        groups.iter().map(|g| g.iter().map(|t| phrases(t).into_iter().collect()).collect()).collect();
    // Document frequency of each phrase in each group, and how many groups use it.
    let mut per_group: Vec<HashMap<&str, usize>> = Vec::new();
    let mut spread: HashMap<&str, usize> = HashMap::new();
    for g in &docs {
        let mut df: HashMap<&str, usize> = HashMap::new();
        for d in g {
            for p in d {
                *df.entry(p.as_str()).or_default() += 1;
            }
        }
        for p in df.keys() {
            *spread.entry(p).or_default() += 1;
        }
        per_group.push(df);
    }
    let total: usize = docs.iter().map(Vec::len).sum::<usize>().max(1);
    let mut overall: HashMap<&str, usize> = HashMap::new();
    for df in &per_group {
        for (p, c) in df {
            *overall.entry(p).or_default() += c;
        }
    }
    per_group
        .iter()
        .zip(&docs)
        .map(|(df, g)| {
            let size = g.len().max(1) as f64;
            let min = (size * 0.04).max(2.0).min(size);
            // BTreeMap keeps ties in a fixed order.
            let scored: BTreeMap<&str, f64> = df
                .iter()
                .filter(|(_, &c)| c as f64 >= min)
                .map(|(p, &c)| {
                    let share = c as f64 / size;
                    let lift = (share / (overall[p] as f64 / total as f64)).ln().max(0.0);
                    let bigram = if p.contains(' ') { 1.3 } else { 1.0 };
                    (*p, share * (1.0 + lift) * bigram)
                })
                .collect();
            let mut ranked: Vec<(&str, f64)> = scored.into_iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let mut chosen: Vec<String> = Vec::new();
            for (p, _) in ranked {
                // Skip a phrase that repeats words already chosen.
                if chosen.iter().any(|c| p.split(' ').any(|w| c.split(' ').any(|x| x == w))) {
                    continue;
                }
                chosen.push(p.to_string());
                if chosen.len() == n {
                    break;
                }
            }
            chosen
        })
        .collect()
}

/// A short label from a theme's keywords: "Waiting time, assessment".
pub fn label(keywords: &[String]) -> String {
    let mut l = match keywords {
        [] => "Other answers".to_string(),
        [a] => a.clone(),
        [a, b, ..] => format!("{a}, {b}"),
    };
    if let Some(first) = l.get(..1) {
        l = first.to_uppercase() + &l[1..];
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_words_that_set_a_group_apart() {
        let waits = vec!["Long waiting time for an assessment", "The waiting time was months", "Waiting time too long", "waiting time"];
        let staff = vec!["Kind staff at the school", "The staff were kind", "staff listened", "Kind and caring staff"];
        let k = keywords(&[waits, staff], 3);
        assert_eq!(k[0][0], "waiting time");
        assert!(k[1].contains(&"staff".to_string()) && k[1].contains(&"kind".to_string()), "{:?}", k[1]);
        assert_eq!(label(&k[0][..1]), "Waiting time");
        assert_eq!(label(&["staff".into(), "kind".into()]), "Staff, kind");
    }
}
