//! Answers that say nothing are set aside before any clustering: they are a large share of
//! real feedback and would otherwise scatter across many near-identical themes.

/// The two buckets an answer can fall into before clustering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// Blank, or a stand-in for blank: "n/a", "did not answer", "no comment".
    NoAnswer,
    /// An answer that there is nothing to add or change: "nothing", "none", "can't think of anything".
    NothingToAdd,
}

const NO_ANSWER: &[&str] = &[
    "",
    "na",
    "n a",
    "n.a",
    "nil",
    "did not answer",
    "didn't answer",
    "no answer",
    "not answered",
    "no comment",
    "no comments",
    "not applicable",
    "blank",
    "test",
    "x",
    "xx",
    "xxx",
    "prefer not to say",
    "rather not say",
    "i'd rather not say",
    "skip",
    "pass",
];

/// Words that may fill out a "nothing to add" answer without adding anything.
const FILLER: &[&str] = &[
    "nothing",
    "none",
    "no",
    "nope",
    "nowt",
    "not",
    "nil",
    "really",
    "at",
    "all",
    "that",
    "i",
    "we",
    "can",
    "can't",
    "cant",
    "cannot",
    "could",
    "think",
    "of",
    "anything",
    "else",
    "any",
    "sure",
    "don't",
    "dont",
    "know",
    "idk",
    "comment",
    "comments",
    "to",
    "add",
    "say",
    "it",
    "is",
    "isn't",
    "there",
    "there's",
    "theres",
    "was",
    "on",
    "this",
    "occasion",
    "time",
    "so",
    "far",
    "much",
    "more",
    "improve",
    "improved",
    "change",
    "changed",
    "better",
    "do",
    "done",
    "have",
    "been",
    "thanks",
    "thank",
    "you",
    "just",
    "the",
    "a",
    "else",
    "other",
    "otherwise",
    "right",
    "now",
    "from",
    "me",
    "my",
    "side",
    "particular",
    "in",
    "specific",
    "springs",
    "mind",
    "comes",
    "come",
    "would",
    "like",
    "want",
    "need",
    "needed",
    // "Absolutely nothing", "for me nothing", "nothing I can think of at this moment", "could not fault it",
    // "I wouldn't change anything".
    "absolutely",
    "for",
    "moment",
    "present",
    "currently",
    "honestly",
    "personally",
    "whatsoever",
    "what",
    "ever",
    "be",
    "being",
    "way",
    "very",
    "as",
    "should",
    "needs",
    "changes",
    "changing",
    "improving",
    "couldn't",
    "wouldn't",
    "could've",
    "suppose",
    "it's",
    "everything",
    "everything's",
    "service",
    "experience",
    "they",
    "them",
    "were",
    "are",
    "am",
    // "No improvement needed", "Could not get any better", "You can't improve on perfection",
    // "There isn't anything I can think of that could be done better".
    "improvement",
    "improvements",
    "necessary",
    "get",
    "got",
    "perfection",
    "bettered",
    "obvious",
    "case",
    "extra",
    "honest",
    "suggestion",
    "suggestions",
    "above",
    "off",
    "hand",
    "feel",
    "believe",
    "does",
    "make",
    "thing",
    "things",
    "wasn't",
    "your",
    "than",
    // "Nothing, we were happy with the service", "None. Quite satisfied", "Nothing! Cannot ask for more".
    "with",
    "quite",
    "and",
    "mean",
    "ask",
    "about",
    "keep",
    "doing",
    "most",
    "areas",
    "anyway",
    "fully",
    "completely",
    "totally",
    "how",
    "general",
    // "Just keep doing what you're doing", "Carry on as you are", "Keep it the same".
    "you're",
    "going",
    "same",
    "carry",
    "continue",
    // "Not for me, I'm happy with the service", "Can't see what could be done better".
    "i'm",
    "i've",
    "its",
    "see",
];

/// Whether words ask only that things go on as they are: "keep doing", "carry on", "continue".
fn carry_on(w: &[String]) -> bool {
    w.iter().any(|x| x == "continue")
        || w.windows(2).any(|p| matches!((p[0].as_str(), p[1].as_str()), ("keep", "doing" | "going" | "it" | "the") | ("carry", "on")))
}

/// Words of trouble that add nothing when denied: "no problems", "nothing wrong", "could not fault it".
const DENIED: &[&str] = &[
    "problem",
    "problems",
    "issue",
    "issues",
    "wrong",
    "fault",
    "faults",
    "complaint",
    "complaints",
    "worry",
    "worries",
    "trouble",
    "concerns",
];

/// Words that negate a word of satisfaction up to two words after them.
const NEGATING: &[&str] = &["no", "not", "isn't", "wasn't", "aren't", "weren't", "don't", "didn't", "never", "hardly"];

/// Words of something happening, which after a linking verb report what did or did not happen.
const OUTCOME: &[&str] = &["done", "better"];
/// Words that report a change whatever stands before them.
const CHANGED: &[&str] = &["changed", "improved", "happened", "helped"];
/// Words after which an outcome word reports what did or did not happen: "was done", "got better".
const LINK: &[&str] = &["was", "were", "has", "have", "had", "been", "got", "gets", "get", "is", "are", "it's", "not"];
/// Words of what could or need be ("Couldn't have done better"; "can't" is left out: "I can't say
/// anything has changed").
const MAY: &[&str] =
    &["could", "couldn't", "can", "could've", "would", "wouldn't", "should", "need", "needs", "needed", "necessary", "required"];

/// Words that make a short filler answer mean "nothing".
const NOTHING: &[&str] =
    &["nothing", "none", "no", "nope", "nowt", "nil", "can't", "cant", "cannot", "don't", "dont", "isn't", "not", "couldn't", "wouldn't"];

/// Words of liking that take what was liked after them: "I liked nothing about it".
const LIKING: &[&str] = &["like", "liked", "love", "loved", "enjoy", "enjoyed", "enjoyable"];
/// Words that say there was none of something.
const NONE: &[&str] = &["nothing", "none", "nowt"];

/// Whether a word of liking at `i` has "nothing" for its object ("I like nothing about it").
pub fn likes_nothing(w: &[String], i: usize) -> bool {
    LIKING.contains(&w[i].as_str()) && w.get(i + 1).is_some_and(|x| NONE.contains(&x.as_str()))
}

/// Whether an answer says no more than that nothing was liked ("I liked nothing", "Enjoyed
/// nothing about it"): nothing good, not nothing to add.
pub fn nothing_liked(text: &str) -> bool {
    let w = words(text);
    w.len() <= 12
        && (0..w.len()).any(|i| likes_nothing(&w, i))
        && w.iter().all(|x| FILLER.contains(&x.as_str()) || LIKING.contains(&x.as_str()))
}

/// Lower-case words of an answer, with apostrophes kept and everything else that is not a
/// letter or digit turned into a space.
pub fn words(text: &str) -> Vec<String> {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            c if c.is_alphanumeric() || c == '\'' => c,
            _ => ' ',
        })
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.split_whitespace().map(|w| w.trim_matches('\'').to_string()).filter(|w| !w.is_empty()).collect()
}

/// The clauses of an answer: its pieces between marks that end one (full stops, commas and the
/// like, dashes, and a hyphen with a space beside it, but not "follow-up"). A word in one clause
/// does not bear on a word in another: "Nothing! Superb!" is not "nothing superb".
pub fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        let ends = matches!(c, '.' | '!' | '?' | ';' | ',' | '\n' | '\u{2013}' | '\u{2014}')
            || (c == '-' && (prev.is_whitespace() || next.is_whitespace()));
        if ends {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
        prev = c;
    }
    out.push(&text[start..]);
    out
}

/// The words of an answer (as [`words`], with phrases of praise such as "first class" joined)
/// with, for each, the number of the clause it stands in.
fn words_in_clauses(text: &str) -> (Vec<String>, Vec<usize>) {
    let (mut all, mut clause) = (Vec::new(), Vec::new());
    for (c, piece) in clauses(text).into_iter().enumerate() {
        for w in set_phrases(words(piece)) {
            all.push(w);
            clause.push(c);
        }
    }
    (all, clause)
}

/// Which bucket, if any, an answer belongs in.
pub fn bucket(text: &str) -> Option<Bucket> {
    let (w, clause) = words_in_clauses(text);
    let joined = w.join(" ");
    if NO_ANSWER.contains(&joined.as_str()) || w.iter().all(|x| x.chars().all(|c| !c.is_alphabetic())) {
        return Some(Bucket::NoAnswer);
    }
    // Up to two words before the word at `i`, in its own clause: "Nothing! Superb!" is not "nothing superb".
    let before = |i: usize, list: &[&str]| (i.saturating_sub(2)..i).any(|j| clause[j] == clause[i] && list.contains(&w[j].as_str()));
    // Words of satisfaction may fill out a "nothing to change" answer ("Nothing, everything was
    // perfect") unless something negates them ("no, not happy").
    let satisfied = |i: usize| PRAISE.contains(&w[i].as_str()) && !before(i, NEGATING) && !before(i, &["nothing"]);
    let denied = |i: usize| DENIED.contains(&w[i].as_str()) && (before(i, NEGATING) || before(i, NOTHING));
    // "Nothing was done", "Nothing has improved", "No improvement at all" say nothing happened, unless
    // they speak of what could or need be ("Nothing could have been done better", "No improvement needed").
    let may = w.iter().any(|x| MAY.contains(&x.as_str()));
    let happened = (0..w.len()).any(|i| {
        (OUTCOME.contains(&w[i].as_str()) && before(i, LINK)) || CHANGED.contains(&w[i].as_str()) || w[i].starts_with("improvement")
    });
    if w.len() <= 12
        && !(happened && !may)
        && !(0..w.len()).any(|i| likes_nothing(&w, i))
        && (0..w.len()).all(|i| FILLER.contains(&w[i].as_str()) || satisfied(i) || denied(i))
        && (w.iter().any(|x| NOTHING.contains(&x.as_str())) || carry_on(&w))
    {
        return Some(Bucket::NothingToAdd);
    }
    None
}

/// Words that judge the whole and name nothing in particular.
const PRAISE: &[&str] = &[
    "good",
    "great",
    "excellent",
    "brilliant",
    "amazing",
    "perfect",
    "fantastic",
    "superb",
    "wonderful",
    "outstanding",
    "fine",
    "ok",
    "okay",
    "o k",
    "alright",
    "happy",
    "satisfied",
    "satisfactory",
    "satisfaction",
    "pleased",
    "lovely",
    "nice",
    "best",
    "exceptional",
    "fab",
    "fabulous",
    "marvellous",
    "faultless",
    "impressed",
    "grateful",
    "thanks",
    "thank",
    "thankyou",
    "terrific",
    "pleasant",
    "smooth",
    "like",
    "liked",
    "love",
    "loved",
    "enjoy",
    "enjoyed",
    "10",
    "100",
    "first class",
    "1st class",
    "top class",
    "top notch",
    "top quality",
    "spot on",
    "well done",
    "champion",
];

/// Words that may fill out general praise without naming anything: "It was all very good, thank
/// you", "Excellent service from start to finish", "Keep up the good work".
const PRAISE_FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "it's",
    "its",
    "was",
    "is",
    "were",
    "are",
    "be",
    "been",
    "very",
    "really",
    "so",
    "all",
    "everything",
    "everything's",
    "overall",
    "i",
    "i'm",
    "we",
    "my",
    "our",
    "me",
    "us",
    "you",
    "your",
    "service",
    "services",
    "experience",
    "just",
    "always",
    "quite",
    "extremely",
    "absolutely",
    "totally",
    "truly",
    "and",
    "with",
    "of",
    "for",
    "to",
    "in",
    "from",
    "this",
    "that",
    "at",
    "much",
    "lot",
    "lots",
    "keep",
    "up",
    "work",
    "whole",
    "thing",
    "things",
    "as",
    "ever",
    "on",
    "out",
    "job",
    "received",
    "every",
    "way",
    "complete",
    "total",
    "seems",
    "seemed",
    // "Because it was very good", to a question asking why.
    "because",
];

/// Whether an answer does no more than praise the whole ("Excellent.", "Very good service, thank
/// you", "First class"), naming nothing in particular. No word of negation is among the words
/// allowed, so "Not good" is not praise; the caller also asks that the answer not read as negative.
pub fn general_praise(text: &str) -> bool {
    let w = set_phrases(words(text));
    !w.is_empty()
        && w.len() <= 15
        && w.iter().any(|x| PRAISE.contains(&x.as_str()))
        && w.iter().all(|x| PRAISE.contains(&x.as_str()) || PRAISE_FILLER.contains(&x.as_str()))
}

/// Whether a word joined by [`set_phrases`] is a phrase of praise ("first class", "spot on").
pub fn praise_phrase(w: &str) -> bool {
    w.contains(' ') && PRAISE.contains(&w)
}

/// Words with two-word phrases of praise ("first class", "spot on") joined into one, so that
/// "first" or "class" alone is not praise.
pub fn set_phrases(w: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(w.len());
    for x in w {
        if let Some(last) = out.last_mut() {
            let joined = format!("{last} {x}");
            if PRAISE.contains(&joined.as_str()) {
                *last = joined;
                continue;
            }
        }
        out.push(x);
    }
    out
}

/// Whether an answer says no more than "everything" ("Everything!", "All of it"): praise of the
/// whole when the question asked what was good.
pub fn everything(text: &str) -> bool {
    const ALL: &[&str] = &[
        "everything",
        "all",
        "of",
        "it",
        "absolutely",
        "really",
        "just",
        "the",
        "whole",
        "lot",
        "thing",
        "basically",
        "pretty",
        "much",
        "honestly",
    ];
    let w = words(text);
    w.iter().any(|x| x == "everything" || x == "all") && w.iter().all(|x| ALL.contains(&x.as_str()))
}

/// Whether some words or phrases (a theme's leading keywords) hold praise and nothing but the
/// words that fill praise out.
pub fn praise_only<S: AsRef<str>>(phrases: &[S]) -> bool {
    general_praise(&phrases.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_aside_answers_that_say_nothing() {
        for t in ["", "  ", "N/A", "n/a.", "Did not answer", "-", "...", "No comment"] {
            assert_eq!(bucket(t), Some(Bucket::NoAnswer), "{t:?}");
        }
        for t in [
            "Nothing.",
            "nothing at all",
            "None",
            "No",
            "Can't think of anything.",
            "Nothing, thank you",
            "I don’t know",
            "Absolutely nothing.",
            "For me nothing",
            "Nothing I can think of right now, to be honest",
            "Could not fault it.",
            "No complaints",
            "Nothing, everything was perfect",
            "Nothing. It was very good, all of it.",
            "I wouldn't change anything",
            "No, everything is ok",
            "Couldn't be better",
            // A mark ends a clause: "Nothing! Superb!" is not "nothing superb".
            "Nothing! Superb!",
            "Nothing. A really good service.",
            "No change. Fantastic service from all of you.",
            "Nothing at all. First class, all of it.",
            "They really couldn't have done it any better.",
            "Not really, its all been good.",
            "Just keep doing what you're doing",
            "Keep the same.",
        ] {
            assert_eq!(bucket(t), Some(Bucket::NothingToAdd), "{t:?}");
        }
        for t in [
            "Nothing, the staff were amazing",
            "No help with transport",
            "More time",
            "Thank you",
            "Not good at all",
            "No, not happy",
            "Couldn't get an appointment",
            "Everything was fine",
            "It was not ok",
            "Not great",
            "Nothing was done",
            "Nothing has changed",
            "Nothing got better",
            "Things have not changed",
            "No improvement at all",
            "There is nothing good about it",
            "No, never had anything",
            "They did nothing",
            "We received nothing",
            "No changes made",
            "Can't get anyone",
            "I can't say anything has changed",
            "It did not get any better",
            "Nothing changed",
            "Nothing improved",
            "I like nothing about it",
            "Enjoyed nothing",
            "Nothing excellent about it",
            "Nothing great",
            "No. Problems with the bus",
            "Keep the same teacher",
            "Carry on the visits",
            "Keep waiting",
        ] {
            assert_eq!(bucket(t), None, "{t:?}");
        }
    }

    #[test]
    fn clauses_end_at_marks_and_dashes_but_not_inside_words() {
        assert_eq!(clauses("No - excellent service, thanks"), ["No ", " excellent service", " thanks"]);
        assert_eq!(clauses("Follow-up visits\u{2014}more of them"), ["Follow-up visits", "more of them"]);
        assert_eq!(clauses("Nothing"), ["Nothing"]);
        assert_eq!(bucket("No - excellent service."), Some(Bucket::NothingToAdd));
    }

    #[test]
    fn liking_nothing_is_not_nothing_to_add() {
        for t in ["I like nothing about it", "Liked nothing", "I enjoyed nothing at all"] {
            assert!(nothing_liked(t), "{t:?}");
        }
        for t in ["Nothing", "I liked it", "I liked nothing about the new building", "Nothing I would like to change"] {
            assert!(!nothing_liked(t), "{t:?}");
        }
        assert_eq!(bucket("Nothing I would like to change"), Some(Bucket::NothingToAdd));
    }

    #[test]
    fn everything_is_everything() {
        for t in ["Everything!", "All of it.", "absolutely everything"] {
            assert!(everything(t), "{t:?}");
        }
        for t in ["Everything was late", "All the staff", "Nothing"] {
            assert!(!everything(t), "{t:?}");
        }
    }

    #[test]
    fn general_praise_names_nothing_in_particular() {
        for t in [
            "Excellent.",
            "Very good service, thank you",
            "It was all great",
            "Keep up the good work!",
            "10/10",
            "I like it",
            "First class!",
            "Spot on, well done",
            "Because it was all really good.",
            "Complete satisfaction with it all",
            "Everything seems fine to me!",
            "All O.K.",
            "Everything is alright with us",
        ] {
            assert!(general_praise(t), "{t:?}");
        }
        for t in [
            "The staff were lovely",
            "Good communication",
            "Quick and efficient",
            "Nothing",
            "Great, but the wait was long",
            "Not ok",
            "Not good",
            "In class",
            "Quality of work",
            "Done",
            "It was fine at first",
            "Good at the start",
            "Because the wait was long",
        ] {
            assert!(!general_praise(t), "{t:?}");
        }
    }
}
