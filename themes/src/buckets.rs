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
    "", "na", "n a", "n.a", "nil", "did not answer", "didn't answer", "no answer", "not answered",
    "no comment", "no comments", "not applicable", "blank", "test", "x", "xx", "xxx", "prefer not to say",
    "rather not say", "i'd rather not say", "skip", "pass",
];

/// Words that may fill out a "nothing to add" answer without adding anything.
const FILLER: &[&str] = &[
    "nothing", "none", "no", "nope", "nowt", "not", "nil", "really", "at", "all", "that", "i", "we", "can",
    "can't", "cant", "cannot", "could", "think", "of", "anything", "else", "any", "sure", "don't", "dont",
    "know", "idk", "comment", "comments", "to", "add", "say", "it", "is", "isn't", "there", "there's",
    "theres", "was", "on", "this", "occasion", "time", "so", "far", "much", "more", "improve", "improved",
    "change", "changed", "better", "do", "done", "have", "been", "thanks", "thank", "you", "just", "the",
    "a", "else", "other", "otherwise", "right", "now", "from", "me", "my", "side", "particular", "in",
    "specific", "springs", "mind", "comes", "come", "would", "like", "want", "need", "needed",
    // "Absolutely nothing", "for me nothing", "nothing I can think of at this moment", "could not fault it",
    // "I wouldn't change anything".
    "absolutely", "for", "moment", "present", "currently", "honestly", "personally", "whatsoever", "what",
    "ever", "be", "being", "way", "very", "as", "should", "needs", "changes", "changing", "improving",
    "fault", "complaint", "complaints", "couldn't", "wouldn't", "could've", "suppose", "it's", "everything", "everything's", "service", "experience",
    "they", "them", "were", "are", "am",
];

/// Words of satisfaction that may fill out a "nothing to change" answer ("Nothing, everything was
/// perfect"), unless something negates them ("no, not happy").
const CONTENT: &[&str] =
    &["fine", "ok", "okay", "good", "great", "excellent", "perfect", "happy", "satisfied", "amazing", "brilliant"];

/// Words that negate a word of satisfaction up to two words after them.
const NEGATING: &[&str] = &["no", "not", "isn't", "wasn't", "aren't", "weren't", "don't", "didn't", "never", "hardly"];

/// Words that make a short filler answer mean "nothing".
const NOTHING: &[&str] = &[
    "nothing", "none", "no", "nope", "nowt", "nil", "can't", "cant", "cannot", "don't", "dont", "isn't", "not",
    "couldn't", "wouldn't",
];

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

/// Which bucket, if any, an answer belongs in.
pub fn bucket(text: &str) -> Option<Bucket> {
    let w = words(text);
    let joined = w.join(" ");
    if NO_ANSWER.contains(&joined.as_str()) || w.iter().all(|x| x.chars().all(|c| !c.is_alphabetic())) {
        return Some(Bucket::NoAnswer);
    }
    let satisfied = |i: usize| {
        CONTENT.contains(&w[i].as_str()) && !w[i.saturating_sub(2)..i].iter().any(|x| NEGATING.contains(&x.as_str()))
    };
    if w.len() <= 12
        && (0..w.len()).all(|i| FILLER.contains(&w[i].as_str()) || satisfied(i))
        && w.iter().any(|x| NOTHING.contains(&x.as_str()))
    {
        return Some(Bucket::NothingToAdd);
    }
    None
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
            "Nothing.", "nothing at all", "None", "No", "Can't think of anything.", "Nothing, thank you", "I don’t know",
            "Absolutely nothing.", "For me nothing", "Nothing I can think of at this moment in time", "Could not fault it.",
            "No complaints", "Nothing, everything was perfect", "Nothing. All very good.", "I wouldn't change anything",
            "No, everything is ok", "Couldn't be better",
        ] {
            assert_eq!(bucket(t), Some(Bucket::NothingToAdd), "{t:?}");
        }
        for t in [
            "Nothing, the staff were amazing", "No help with transport", "More time", "Thank you", "Not good at all",
            "No, not happy", "Couldn't get an appointment", "Everything was fine", "It was not ok",
        ] {
            assert_eq!(bucket(t), None, "{t:?}");
        }
    }
}
