//! Short plain-English labels and descriptions for themes, from the phrases that set each theme
//! apart from the others (class-based TF-IDF over phrases of up to four words, as people wrote
//! them: "follow-up visits", "meetings with parents", "SEMH support").

use crate::buckets::words;
use std::collections::{BTreeMap, HashMap, HashSet};

const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "really",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "can't",
    "didn't",
    "wasn't",
    "weren't",
    "isn't",
    "aren't",
    "won't",
    "couldn't",
    "wouldn't",
    "shouldn't",
    "doesn't",
    "haven't",
    "hadn't",
    "they're",
    "we're",
    "you're",
    "there's",
    "that's",
    "he's",
    "she's",
    "let",
    "much",
    "many",
    "lot",
    "lots",
    "thing",
    "things",
    "way",
    "make",
    "made",
    "go",
    "going",
    "went",
    "one",
    "two",
    "well",
    "quite",
    "always",
    "still",
    "yes",
    "ok",
    "okay",
    "etc",
    "also",
    "though",
    "although",
    "may",
    "might",
    "must",
    "shall",
    "within",
    "without",
    "since",
    "via",
    "per",
    "able",
    "nothing",
    "anything",
    "everything",
    "something",
    "think",
    "know",
    "feel",
    "felt",
    "said",
    "say",
    "see",
    "seen",
    "given",
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

/// Words that may sit inside a phrase but never start or end one, besides [`STOP`].
const LOOSE: &[&str] = &[
    "whose",
    "rather",
    "instead",
    "whether",
    "yet",
    "ago",
    "often",
    "sometimes",
    "usually",
    "maybe",
    "perhaps",
    "however",
    "unless",
    "already",
    "else",
    "anyone",
    "someone",
    "anybody",
    "somebody",
    "put",
    "take",
    "took",
    "come",
    "came",
    "keep",
    "kept",
    "done",
    "bit",
    "like",
    "actually",
    "especially",
    "definitely",
    "probably",
    "sure",
    "need",
    "needs",
    "needed",
    "want",
    "wanted",
    "use",
    "used",
];

/// Longest phrase, in words.
const MAX_PHRASE: usize = 5;

/// One word of an answer: its lower-case form and where it sits in the text.
struct Token {
    word: String,
    start: usize,
    end: usize,
}

/// The words of an answer as [`words`] reads them, with their places in the text.
fn tokens(text: &str) -> Vec<Token> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`');
    let is_quote = |c: char| matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`');
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                start = None;
                // Apostrophes at either end are not part of the word.
                let raw = &text[s..i];
                let trimmed = raw.trim_matches(is_quote);
                if trimmed.is_empty() {
                    continue;
                }
                let lead = raw.len() - raw.trim_start_matches(is_quote).len();
                let word: String = trimmed.chars().map(|c| if is_quote(c) { '\'' } else { c }).flat_map(char::to_lowercase).collect();
                out.push(Token { word, start: s + lead, end: s + lead + trimmed.len() });
            }
            _ => {}
        }
    }
    out
}

/// A phrase of one answer that could name a theme.
#[derive(Debug, PartialEq)]
struct Candidate {
    /// Its words, lower case.
    key: String,
    /// As it is written; acronyms keep their capitals ("SEMH support"), other words are lower case.
    written: String,
    /// Whether it stands whole here: no content word runs on from either end ("quiet room at
    /// break." is whole; "explaining things in smaller" of "… smaller steps" is not).
    whole: bool,
}

/// Courtesies that open or close an answer ("thank you", "please"): a theme's name never
/// starts or ends with one ("Children change school thank").
const COURTESY: &[&str] = &[
    "thank",
    "thanks",
    "thankyou",
    "please",
    "cheers",
    "regards",
    "sorry",
    "mainly",
    "main",
    "honestly",
    "basically",
    "personally",
    "obviously",
    "generally",
];

/// How phrases are read: for the keywords that decide what a theme is about (as they always
/// were), or for the name and description a person reads.
#[derive(Clone, Copy)]
struct Reading {
    /// Count a word's forms as one ("ambulance" and "ambulances").
    forms: bool,
    /// Never start or end a phrase with a courtesy.
    courtesy: bool,
    /// Name a phrase in full where at least one in this many of those who use it say more.
    fuller: usize,
}

const AS_KEYWORDS: Reading = Reading { forms: false, courtesy: false, fuller: 2 };
const AS_NAMES: Reading = Reading { forms: true, courtesy: true, fuller: 3 };

/// One form of a word for counting: a plural as its singular ("ambulances" as "ambulance",
/// "replies" as "reply", "classes" as "class"), so that two forms of one word count once.
pub fn singular(word: &str) -> String {
    let n = word.chars().count();
    let keep = n <= 3 || !word.is_ascii() || ["ss", "us", "is", "ous", "'s"].iter().any(|e| word.ends_with(e));
    if keep {
        word.to_string()
    } else if word.ends_with("ies") && n > 4 {
        format!("{}y", &word[..word.len() - 3])
    } else if ["sses", "ches", "shes", "xes"].iter().any(|e| word.ends_with(e)) {
        word[..word.len() - 2].to_string()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_string()
    } else {
        word.to_string()
    }
}

/// Whether two words are forms of one ("staff" and "staffing", "care" and "caring", "listened"
/// and "listening", "call" and "calls"): the same once a plural or an ending is taken off.
pub fn same_word(a: &str, b: &str) -> bool {
    let (a, b) = (singular(a), singular(b));
    if a == b {
        return true;
    }
    if a.chars().count() < 4 || b.chars().count() < 4 || !a.is_ascii() || !b.is_ascii() {
        return false;
    }
    fn base(w: &str) -> &str {
        let w = ["ing", "ed", "er", "ers", "ly"].iter().find_map(|e| w.strip_suffix(e).filter(|b| b.len() >= 3)).unwrap_or(w);
        w.strip_suffix('e').filter(|b| b.len() >= 3).unwrap_or(w)
    }
    base(&a) == base(&b)
}
/// Phrases of one answer that could name a theme: one to five words, starting and ending with a
/// content word, not running across punctuation.
#[cfg(test)]
fn candidates(text: &str) -> Vec<Candidate> {
    candidates_read(text, AS_KEYWORDS)
}

fn candidates_read(text: &str, reading: Reading) -> Vec<Candidate> {
    let t = tokens(text);
    let shouting = text.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    let content = |x: &str| {
        x.len() > 1
            && !STOP.contains(&x)
            && !LOOSE.contains(&x)
            && !(reading.courtesy && COURTESY.contains(&x))
            && !x.chars().all(|c| c.is_ascii_digit())
    };
    let joined = |a: &Token, b: &Token| {
        text[a.end..b.start].chars().all(|c| c.is_whitespace() || matches!(c, '-' | '/' | '\'' | '\u{2019}' | '\u{2018}' | '`'))
    };
    let surface = |i: usize, j: usize| -> String {
        let mut out = String::new();
        for k in i..=j {
            if k > i {
                out.push(if text[t[k - 1].end..t[k].start].contains('-') { '-' } else { ' ' });
            }
            let w = &text[t[k].start..t[k].end];
            let acronym = !shouting && w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_alphabetic);
            if acronym {
                out.push_str(w)
            } else {
                out.push_str(&t[k].word)
            }
        }
        out
    };
    let mut out = Vec::new();
    for i in 0..t.len() {
        if !content(&t[i].word) {
            continue;
        }
        for j in i..(i + MAX_PHRASE).min(t.len()) {
            if j > i && !joined(&t[j - 1], &t[j]) {
                break;
            }
            // A hyphenated word is one word, whatever its parts: "follow-up", "drop-in".
            let hyphen = |a: &Token, b: &Token| text[a.end..b.start].contains('-');
            if content(&t[j].word) || (j > i && hyphen(&t[j - 1], &t[j])) {
                let key =
                    t[i..=j].iter().map(|x| if reading.forms { singular(&x.word) } else { x.word.clone() }).collect::<Vec<_>>().join(" ");
                let runs = |a: &Token, b: &Token, other: &Token| joined(a, b) && (content(&other.word) || hyphen(a, b));
                let whole = !(i > 0 && runs(&t[i - 1], &t[i], &t[i - 1])) && !(j + 1 < t.len() && runs(&t[j], &t[j + 1], &t[j + 1]));
                out.push(Candidate { key, written: surface(i, j), whole });
            }
        }
    }
    out
}

/// The top distinctive phrases of each group, best first, at most `n` each, as people wrote them.
pub fn keywords(groups: &[Vec<&str>], n: usize) -> Vec<Vec<String>> {
    ranked(groups, n, AS_KEYWORDS).into_iter().map(|r| r.chosen.into_iter().map(|p| p.written).collect()).collect()
}

/// A phrase as one group uses it.
#[derive(Clone, Debug)]
struct Used {
    key: String,
    written: String,
    /// How many of the group's answers use it.
    answers: usize,
    /// How much more often the group uses it than all the answers do (its share over theirs).
    lift: f64,
}

/// One group's phrases: the distinct ones chosen, best first, and every phrase used enough, best
/// first.
struct Ranked {
    chosen: Vec<Used>,
    all: Vec<Used>,
    size: usize,
}

fn ranked(groups: &[Vec<&str>], n: usize, reading: Reading) -> Vec<Ranked> {
    // For each group, how many answers use each phrase, and how each phrase is written.
    let mut per_group: Vec<HashMap<String, usize>> = Vec::new();
    let mut written: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    // How often each phrase stands whole, and how often it appears at all.
    let mut whole: HashMap<String, (usize, usize)> = HashMap::new();
    for g in groups {
        let mut df: HashMap<String, usize> = HashMap::new();
        for t in g {
            let mut seen = HashSet::new();
            for c in candidates_read(t, reading) {
                *written.entry(c.key.clone()).or_default().entry(c.written).or_default() += 1;
                let w = whole.entry(c.key.clone()).or_default();
                w.0 += c.whole as usize;
                w.1 += 1;
                if seen.insert(c.key.clone()) {
                    *df.entry(c.key).or_default() += 1;
                }
            }
        }
        per_group.push(df);
    }
    let stands_whole = |key: &str| whole.get(key).is_some_and(|&(w, all)| w * 2 >= all);
    let total: usize = groups.iter().map(Vec::len).sum::<usize>().max(1);
    let mut overall: HashMap<&str, usize> = HashMap::new();
    for df in &per_group {
        for (p, c) in df {
            *overall.entry(p.as_str()).or_default() += c;
        }
    }
    let spelled = |key: &str| -> String {
        // The commonest way of writing it, except that acronyms keep their capitals if a fair
        // share of people wrote them so ("SEMH support" over "semh support"); ties go to the
        // first in order.
        let forms = &written[key];
        let most = forms.values().copied().max().unwrap_or(0);
        let capitals = |s: &str| s.chars().any(char::is_uppercase);
        forms
            .iter()
            .max_by(|a, b| {
                let rank = |(s, &c): (&String, &usize)| (capitals(s) && c * 3 >= most, c);
                rank(*a).cmp(&rank(*b)).then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| key.to_string())
    };
    per_group
        .iter()
        .zip(groups)
        .map(|(df, g)| {
            let size = g.len().max(1) as f64;
            let min = (size * 0.04).max(2.0).min(size);
            // BTreeMap keeps ties in a fixed order.
            let scored: BTreeMap<&str, f64> = df
                .iter()
                // A phrase of several words counts only where it mostly stands whole.
                .filter(|(p, &c)| c as f64 >= min && (!p.contains(' ') || stands_whole(p) || (reading.forms && p.split(' ').count() == 2)))
                // A name is never a phrase the other themes use as much ("It would make a big
                // difference" closes answers of every kind).
                .filter(|(p, &c)| {
                    !reading.forms || !p.contains(' ') || (c as f64 / size) >= 1.5 * (overall[p.as_str()] as f64 / total as f64)
                })
                .map(|(p, &c)| {
                    let share = c as f64 / size;
                    let lift = (share / (overall[p.as_str()] as f64 / total as f64)).ln().max(0.0);
                    let content = p.split(' ').filter(|w| !STOP.contains(w) && !LOOSE.contains(w)).count();
                    let longer = 1.3f64.powi(content as i32 - 1);
                    (p.as_str(), share * (1.0 + lift) * longer)
                })
                .collect();
            let mut ranked: Vec<(&str, f64)> = scored.into_iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let lift = |p: &str| (df[p] as f64 / size) / (overall[p] as f64 / total as f64);
            let used = |p: &str| Used { key: p.to_string(), written: spelled(p), answers: df[p], lift: lift(p) };
            let all: Vec<Used> = ranked.iter().map(|(p, _)| used(p)).collect();
            let mut chosen: Vec<&str> = Vec::new();
            for (p, _) in ranked {
                // A phrase is named in full where most who use it say more: "visits" as
                // "follow-up visits" when that is how at least half of them put it, and the
                // longer phrase mostly stands whole.
                let within = |q: &str| q.len() > p.len() && format!(" {q} ").contains(&format!(" {p} "));
                let p = df
                    .iter()
                    .filter(|(q, &c)| within(q) && c as f64 >= min && c * reading.fuller >= df[p] && stands_whole(q))
                    .max_by(|a, b| a.1.cmp(b.1).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0)))
                    .map_or(p, |(q, _)| q.as_str());
                // Skip a phrase that repeats a content word already chosen (in any of its forms,
                // for names).
                let content = |x: &str| !STOP.contains(&x) && !LOOSE.contains(&x);
                let same = |a: &str, b: &str| if reading.forms { same_word(a, b) } else { a == b };
                if chosen.iter().any(|c| p.split(' ').filter(|w| content(w)).any(|w| c.split(' ').any(|x| same(x, w)))) {
                    continue;
                }
                chosen.push(p);
                if chosen.len() == n {
                    break;
                }
            }
            let chosen = chosen.into_iter().map(used).collect();
            Ranked { chosen, all, size: g.len() }
        })
        .collect()
}

/// A theme's name and the sentence that describes it, from the phrases its answers share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Naming {
    pub label: String,
    /// The phrase that best names its answers, even where another theme's name took it.
    pub phrase: String,
    /// "Most of these answers mention “waiting time”, and some “assessment” or “updates”."
    pub description: String,
}

/// A name and a one-sentence description for each group of answers, from the phrases its
/// answers share, as they wrote them: a phrase of several words where one is used ("Mental
/// health support", "Getting through on the phone"), a word's forms counted once, and never a
/// closing courtesy. Only where no phrase is shared does a name list two words ("Waiting,
/// assessment"): see [`is_word_list`].
pub fn names(groups: &[Vec<&str>]) -> Vec<Naming> {
    let ranked = ranked(groups, 4, AS_NAMES);
    let choices: Vec<Choices> = ranked.iter().zip(groups).map(|(r, texts)| name_choices(r, texts)).collect();
    // A theme named by a phrase of its own never takes the name another theme leads with, nor
    // one an earlier theme took.
    let mut taken: HashSet<String> = choices.iter().filter(|c| c.leads).map(|c| c.names[0].to_lowercase()).collect();
    choices
        .into_iter()
        .zip(&ranked)
        .map(|(c, r)| {
            let label = if c.leads {
                c.names[0].clone()
            } else {
                let last = c.names.len() - 1;
                let free = c.names.iter().position(|n| !taken.contains(&n.to_lowercase())).unwrap_or(last);
                taken.insert(c.names[free].to_lowercase());
                c.names[free].clone()
            };
            Naming { label: capitalise(&label), phrase: c.names[0].clone(), description: describe_in_words(r) }
        })
        .collect()
}

/// The words of `text` from token `i` to token `j` as written: lower case but for acronyms, a
/// hyphen kept where there was one.
fn written_span(text: &str, t: &[Token], i: usize, j: usize) -> String {
    let mut out = String::new();
    for k in i..=j {
        if k > i {
            out.push(if text[t[k - 1].end..t[k].start].contains('-') { '-' } else { ' ' });
        }
        let w = &text[t[k].start..t[k].end];
        let acronym = w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_alphabetic);
        out.push_str(if acronym { w } else { &t[k].word });
    }
    out
}

/// Phrases counted by key: how many answers use each, and how often each way of writing it.
type Counted = BTreeMap<String, (usize, BTreeMap<String, usize>)>;

/// The phrase the most answers use, if at least `fewest` do (the shorter on a tie), in its
/// commonest written form.
fn commonest(counts: Counted, fewest: usize) -> Option<String> {
    counts
        .into_iter()
        .filter(|(_, (n, _))| *n >= fewest)
        .max_by(|x, y| x.1 .0.cmp(&y.1 .0).then(y.0.len().cmp(&x.0.len())))
        .and_then(|(_, (_, forms))| forms.into_iter().max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0))).map(|(w, _)| w))
}

/// The commonest phrase of two or three words that holds `word` (in any of its forms), if at
/// least `fewest` answers use it.
fn phrase_with(texts: &[&str], word: &str, fewest: usize) -> Option<String> {
    let mut counts = Counted::new();
    for text in texts {
        let mut seen = HashSet::new();
        for c in candidates_read(text, AS_NAMES) {
            let n = c.key.split(' ').count();
            if !(2..=3).contains(&n) || !c.key.split(' ').any(|w| same_word(w, word)) {
                continue;
            }
            let entry = counts.entry(c.key.clone()).or_default();
            if seen.insert(c.key) {
                entry.0 += 1;
            }
            *entry.1.entry(c.written).or_default() += 1;
        }
    }
    commonest(counts, fewest)
}

/// The commonest way the answers put two leading words together, at most three words apart and
/// in one clause ("friendly and helpful", "friendly staff", "help and advice"), if enough answers
/// put them so.
fn joining_phrase(texts: &[&str], a: &str, b: &str, fewest: usize) -> Option<String> {
    let mut counts = Counted::new();
    for text in texts {
        let t = tokens(text);
        let mut seen = HashSet::new();
        for i in 0..t.len() {
            if !(same_word(&t[i].word, a) || same_word(&t[i].word, b)) {
                continue;
            }
            for j in i + 1..(i + 5).min(t.len()) {
                // Not across punctuation.
                if !text[t[j - 1].end..t[j].start].chars().all(|c| c.is_whitespace() || c == '-') {
                    break;
                }
                let pair = (same_word(&t[i].word, a) && same_word(&t[j].word, b)) || (same_word(&t[i].word, b) && same_word(&t[j].word, a));
                if !pair {
                    continue;
                }
                let key = t[i..=j].iter().map(|x| singular(&x.word)).collect::<Vec<_>>().join(" ");
                let entry = counts.entry(key.clone()).or_default();
                if seen.insert(key) {
                    entry.0 += 1;
                }
                *entry.1.entry(written_span(text, &t, i, j)).or_default() += 1;
                break;
            }
        }
    }
    commonest(counts, fewest)
}

/// Whether two names say the same: every word of one that says something, two at least, is in
/// one of its forms in the other ("Move to secondary" and "Moved to secondary school"; not
/// "Friendly staff" and "More staff", nor "On time" and "Waiting time").
pub fn say_the_same(a: &str, b: &str) -> bool {
    let content = |s: &str| -> Vec<String> {
        tokens(s)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| !STOP.contains(&w.as_str()) && !LOOSE.contains(&w.as_str()) && !COURTESY.contains(&w.as_str()))
            .collect()
    };
    let (a, b) = (content(a), content(b));
    let within = |x: &[String], y: &[String]| x.len() >= 2 && x.iter().all(|w| y.iter().any(|v| same_word(w, v)));
    within(&a, &b) || within(&b, &a)
}

/// Two words that the answers list side by side ("friendly, polite", "polite and friendly",
/// "kind & caring"), if at least `fewest` answers do, as "friendly and polite" in the commonest
/// order.
fn listed_together(texts: &[&str], a: &str, b: &str, fewest: usize) -> Option<String> {
    let mut counts = Counted::new();
    for text in texts {
        let t = tokens(text);
        let mut seen = HashSet::new();
        for i in 0..t.len() {
            for j in i + 1..(i + 3).min(t.len()) {
                let gap = |k: usize| &text[t[k].end..t[k + 1].start];
                let listed = (i..j).all(|k| gap(k).chars().all(|c| c.is_whitespace() || matches!(c, ',' | '&' | '/')))
                    && t[i + 1..j].iter().all(|w| matches!(w.word.as_str(), "and" | "or"))
                    && (j > i + 1 || gap(i).contains([',', '&', '/']));
                if !listed {
                    continue;
                }
                let pair = (same_word(&t[i].word, a) && same_word(&t[j].word, b)) || (same_word(&t[i].word, b) && same_word(&t[j].word, a));
                if pair {
                    let key = format!("{} and {}", singular(&t[i].word), singular(&t[j].word));
                    let entry = counts.entry(key.clone()).or_default();
                    if seen.insert(key) {
                        entry.0 += 1;
                    }
                    let written = format!("{} and {}", written_span(text, &t, i, i), written_span(text, &t, j, j));
                    *entry.1.entry(written).or_default() += 1;
                }
            }
        }
    }
    commonest(counts, fewest)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// What a theme may be called, best first.
struct Choices {
    /// The first is the phrase that leads the theme's answers, kept even where another theme has
    /// it too (two themes of one name and close centres become one).
    leads: bool,
    names: Vec<String>,
}

/// The names a theme may have: the leading phrase if it is several words; else the phrase of
/// several words, among those used enough, that holds the leading word, or failing that any of
/// the next few used by at least a third as many. Only where there is none do the rest follow,
/// each a phrase the answers share: the two leading words as they put them together, another
/// shared phrase, a short phrase or clause with a leading word, two leading words they list side
/// by side, any short clause many share; last, the leading word alone where most use it, else the
/// two leading words.
fn name_choices(r: &Ranked, texts: &[&str]) -> Choices {
    let lead = |name: String| Choices { leads: true, names: vec![name] };
    let Some(top) = r.chosen.first() else { return lead(crate::OTHER.to_string()) };
    if top.key.contains(' ') {
        return lead(top.written.clone());
    }
    let holds_top = |p: &&Used| p.key.contains(' ') && p.key.split(' ').any(|w| same_word(w, &top.key)) && p.answers * 4 >= top.answers;
    if let Some(p) = r.all.iter().find(holds_top) {
        return lead(p.written.clone());
    }
    if let Some(p) = r.all.iter().take(6).find(|p| p.key.contains(' ') && p.answers * 3 >= top.answers) {
        return lead(p.written.clone());
    }
    let mut names = Vec::new();
    let fewest = ((r.size as f64 * 0.02).ceil() as usize).max(2);
    // The other leading words, each alone.
    let others: Vec<&Used> =
        r.chosen.iter().skip(1).chain(r.all.iter().take(8)).filter(|u| !u.key.contains(' ') && !same_word(&u.key, &top.key)).collect();
    // The two leading words as the answers put them together.
    names.extend(others.iter().filter_map(|other| joining_phrase(texts, &top.key, &other.key, fewest)).take(2));
    // A phrase the answers share, if not one with the leading word.
    names
        .extend(r.all.iter().take(10).find(|p| p.key.contains(' ') && p.answers >= fewest.max(top.answers / 6)).map(|p| p.written.clone()));
    // The commonest short phrase, among fewer answers, that holds the leading word.
    names.extend(phrase_with(texts, &top.key, fewest));
    // A short clause the answers share ("On time", "It's true"), with one of the leading words.
    let leading: Vec<&str> = r.chosen.iter().chain(r.all.iter().take(6)).map(|u| u.key.as_str()).filter(|k| !k.contains(' ')).collect();
    names.extend(shared_clause(texts, &leading, fewest));
    // A phrase with the next leading words.
    names.extend(r.chosen.iter().skip(1).take(2).filter(|u| !u.key.contains(' ')).filter_map(|u| phrase_with(texts, &u.key, fewest)));
    // The leading word and another, side by side in the answers' lists ("Comfortable,
    // reassuring, kind" as "Comfortable and reassuring").
    names.extend(others.iter().filter_map(|other| listed_together(texts, &top.key, &other.key, fewest)).take(1));
    // A short clause many answers share, whatever its words ("Not a lot").
    names.extend(shared_clause(texts, &[], fewest.max(3)));
    // The leading word alone where most of the answers use it ("OT"); else the two leading words.
    let alone = top.answers * 2 >= r.size;
    names.push(match r.chosen.get(1) {
        Some(second) if !alone && second.written.split([' ', '-']).count() <= 4 => format!("{}, {}", top.written, second.written),
        _ => top.written.clone(),
    });
    Choices { leads: false, names }
}

/// Words that open a clause without saying anything of it: "Because it's true", "I think on
/// time", "Honestly, …".
const OPENERS: &[&str] = &["because", "and", "but", "so", "just", "well", "oh", "i", "think", "personally", "honestly", "mainly"];

/// The commonest short clause that at least `fewest` answers hold, as written, its opening filler
/// and closing courtesy left off: two to five words, one of them one of `leading` in any of its
/// forms (any words at all where `leading` is empty).
fn shared_clause(texts: &[&str], leading: &[&str], fewest: usize) -> Option<String> {
    let mut counts = Counted::new();
    for text in texts {
        let mut seen = HashSet::new();
        for clause in crate::buckets::clauses(text) {
            let t = tokens(clause);
            let mut i = 0;
            while i < t.len() && (OPENERS.contains(&t[i].word.as_str()) || COURTESY.contains(&t[i].word.as_str())) {
                i += 1;
            }
            let mut j = t.len();
            while j > i && (COURTESY.contains(&t[j - 1].word.as_str()) || t[j - 1].word == "you") {
                j -= 1;
            }
            let any = leading.is_empty();
            if !(2..=5).contains(&(j - i)) || (!any && STOP.contains(&t[j - 1].word.as_str())) {
                continue;
            }
            if !any && !t[i..j].iter().any(|x| leading.iter().any(|l| same_word(&x.word, l))) {
                continue;
            }
            let key = t[i..j].iter().map(|x| singular(&x.word)).collect::<Vec<_>>().join(" ");
            let entry = counts.entry(key.clone()).or_default();
            if seen.insert(key) {
                entry.0 += 1;
            }
            *entry.1.entry(written_span(clause, &t, i, j - 1)).or_default() += 1;
        }
    }
    commonest(counts, fewest)
}

/// One sentence from the answers' own phrases: how many mention the leading one, and what else
/// some of them mention.
fn describe_in_words(r: &Ranked) -> String {
    let Some(top) = r.chosen.first() else { return "Answers that share no common words.".to_string() };
    let share = |u: &Used| u.answers as f64 / r.size.max(1) as f64;
    let how_many = match share(top) {
        s if s >= 0.5 => "Most of these answers mention",
        s if s >= 0.2 => "Many of these answers mention",
        _ => "Some of these answers mention",
    };
    let quoted = |u: &Used| format!("\u{201c}{}\u{201d}", u.written);
    // Beside it, only phrases this theme uses clearly more than the rest do ("It would make a
    // big difference" closes answers of every kind).
    let others: Vec<String> = r.chosen.iter().skip(1).filter(|u| share(u) >= 0.05 && u.lift >= 1.5).take(2).map(quoted).collect();
    let more = match others.as_slice() {
        [] => String::new(),
        [a] => format!(", and some {a}"),
        [a, b, ..] => format!(", and some {a} or {b}"),
    };
    format!("{how_many} {}{more}.", quoted(top))
}

/// A short label from a theme's keywords: its leading phrase when that is more than one word
/// ("Follow-up visits"), else the first two ("Waiting, assessment") if the second is short.
pub fn label(keywords: &[String]) -> String {
    let mut l = match keywords {
        [] => "Other answers".to_string(),
        [a] => a.clone(),
        [a, ..] if a.contains([' ', '-']) => a.clone(),
        [a, b, ..] if b.split([' ', '-']).count() <= 4 => format!("{a}, {b}"),
        [a, ..] => a.clone(),
    };
    if let Some(first) = l.get(..1) {
        l = first.to_uppercase() + &l[1..];
    }
    l
}

/// Whether a label is a list of words ("Call, phone") rather than a phrase people wrote: phrases
/// never run across a comma, so only the fallback of [`label`] holds one.
pub fn is_word_list(label: &str) -> bool {
    label.contains(", ")
}

/// A label for each theme, from its keywords, no two alike: a theme whose label is taken (largest
/// themes first) is numbered ("Clear plan with targets (2)"), which also tells the analyst that
/// the two may be worth merging. (Its next phrase would often be filler: "Mainly".)
pub fn distinct(keywords: &[Vec<String>]) -> Vec<String> {
    distinct_labels(keywords.iter().map(|kw| label(kw)).collect())
}

/// Labels made distinct as [`distinct`] does, in order (largest themes first).
pub fn distinct_labels(labels: Vec<String>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    labels
        .into_iter()
        .map(|first| {
            let chosen = std::iter::once(first.clone())
                .chain((2..).map(|n| format!("{first} ({n})")))
                .find(|l| !taken.contains(&l.to_lowercase()))
                .unwrap_or(first);
            taken.insert(chosen.to_lowercase());
            chosen
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_forms_of_a_word_count_once() {
        assert_eq!(singular("ambulances"), "ambulance");
        assert_eq!(singular("replies"), "reply");
        assert_eq!(singular("classes"), "class");
        assert_eq!(singular("bus"), "bus");
        assert_eq!(singular("staff"), "staff");
        assert!(same_word("staff", "staffing") && same_word("care", "caring") && same_word("call", "calls"));
        assert!(same_word("listened", "listening") && same_word("listen", "listened"));
        assert!(!same_word("car", "caring") && !same_word("help", "helpful") && !same_word("nurse", "nursery"));
    }

    #[test]
    fn a_name_is_a_phrase_people_wrote_never_a_word_list_where_a_phrase_is_shared() {
        let ambulance = vec![
            "The ambulance took ages to come",
            "Ambulances were slow",
            "Waited hours for an ambulance, the ambulance response time is too slow",
            "Ambulance response times are poor",
            "Slow ambulance response",
            "ambulance crew were great",
        ];
        let mental = vec![
            "More mental health support for young people",
            "Mental health support is hard to get",
            "My mental health was ignored",
            "Help with mental health",
        ];
        let thanks = vec![
            "Children change school, thank you",
            "When children change school the support stops. Thank you",
            "Support when children change school please",
            "Children change school and lose help",
        ];
        let n = names(&[ambulance, mental, thanks]);
        assert_eq!(n[0].label, "Ambulance response time", "\"time\" and \"times\" count as one: {n:?}");
        assert_eq!(n[1].label, "Mental health support", "{n:?}");
        assert_eq!(n[2].label, "Children change school", "a courtesy never ends a name: {n:?}");
        assert!(n.iter().all(|x| !is_word_list(&x.label)));
        assert!(n[1].description.starts_with("Most of these answers mention \u{201c}mental health"), "{}", n[1].description);
        assert!(n[1].description.ends_with('.'));
    }

    #[test]
    fn where_no_phrase_leads_a_theme_is_named_by_a_clause_or_a_list_its_answers_share() {
        let on_time = vec![
            "On time.",
            "Always on time, thank you",
            "On time, thank you. Pleasant.",
            "Came on time both ways",
            "Every time I used them they were on time",
            "Picked up at the proper time",
            "They were on time",
        ];
        let listed = vec![
            "Comfortable, reassuring and kind",
            "Very reassuring and comfortable",
            "I felt comfortable",
            "Reassuring staff made me comfortable",
            "The crew were reassuring",
            "calm and comfortable, reassuring",
        ];
        let n = names(&[on_time, listed]);
        assert_eq!(n[0].label, "On time", "{n:?}");
        assert_eq!(n[1].label, "Comfortable and reassuring", "as the answers list them: {n:?}");
        assert!(say_the_same("Move to secondary", "Moved to secondary school"));
        assert!(say_the_same("Left out of the meetings", "left out of the meetings"));
        assert!(!say_the_same("On time", "Waiting time") && !say_the_same("Friendly staff", "More staff"));
    }

    #[test]
    fn a_theme_named_from_fewer_answers_never_takes_the_name_another_theme_leads_with() {
        let handlers = vec!["The call handler was rude", "Call handler was kind", "call handler listened", "A good call handler"];
        let doctors = vec![
            "The doctor never rang back",
            "Waited for the doctor to call",
            "The call handler said a doctor would ring",
            "Doctor did not call",
            "No call from the doctor",
            "The call handler was slow and the doctor late",
        ];
        let n = names(&[doctors, handlers]);
        assert_eq!(n[1].label, "Call handler", "{n:?}");
        assert_ne!(n[0].label.to_lowercase(), "call handler", "{n:?}");
    }

    #[test]
    fn no_two_themes_share_a_label() {
        let kw = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let labels = distinct(&[
            kw(&["school and the service", "talk"]),
            kw(&["school and the service", "joint meetings"]),
            kw(&["visit is not enough"]),
            kw(&["visit is not enough"]),
            kw(&[]),
        ]);
        assert_eq!(
            labels,
            ["School and the service", "School and the service (2)", "Visit is not enough", "Visit is not enough (2)", "Other answers"]
        );
    }

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

    #[test]
    fn phrases_are_read_as_written_and_never_across_punctuation() {
        let c = candidates("Follow-up visits, please. Help with SEMH support: whose turn?");
        let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
        let find = |k: &str| c.iter().find(|c| c.key == k).unwrap_or_else(|| panic!("{k} in {keys:?}"));
        assert_eq!(find("follow up visits").written, "follow-up visits");
        assert!(find("follow up visits").whole && find("help with semh support").whole);
        assert!(!find("help with semh").whole && !find("semh").whole, "a phrase cut short does not stand whole");
        assert_eq!(find("semh support").written, "SEMH support");
        assert!(keys.contains(&"help with semh support"), "{keys:?}");
        assert!(!keys.iter().any(|k| k.contains("visits please") || k.contains("please help") || k.contains("support whose")), "{keys:?}");
        assert!(!keys.iter().any(|k| k.starts_with("whose") || k.ends_with(" with")), "{keys:?}");
        let shouted = candidates("SHORTER WAITS PLEASE");
        assert!(shouted.iter().any(|c| c.key == "shorter waits" && c.written == "shorter waits"), "{shouted:?}");
        assert!(candidates("Parents\u{2019} meetings").iter().any(|c| c.key == "parents meetings" && c.written == "parents meetings"));
    }

    #[test]
    fn a_theme_is_named_by_the_phrase_its_answers_share() {
        let visits = vec![
            "More follow-up visits, not just one report",
            "Follow-up visits to check the strategies work",
            "There needs to be follow-up visits",
            "Review visits after the first report",
        ];
        let meetings = vec![
            "Parents should be invited to the meetings",
            "Include parents in the planning meetings",
            "We were left out of the meetings about our own child",
            "Invite parents to meetings",
        ];
        let steps = vec![
            "Explaining things in smaller steps",
            "Explaining things in smaller steps helps me",
            "Explaining things in smaller bits",
            "More time and explaining things in smaller steps",
        ];
        let after = vec![
            "More visits and follow-up, not just one report.",
            "More visits and follow-up",
            "Visits and follow-up for us",
            "I think more visits and follow-up",
        ];
        let k = keywords(&[visits, meetings, steps, after], 3);
        assert_eq!(label(&k[0]), "Follow-up visits", "{k:?}");
        assert_eq!(label(&k[3]), "Visits and follow-up", "a hyphenated word is never cut: {k:?}");
        assert_eq!(label(&k[2]), "Explaining things in smaller steps", "{k:?}");
        assert!(k[1].iter().any(|p| p.contains("meetings")), "{k:?}");
    }
}
