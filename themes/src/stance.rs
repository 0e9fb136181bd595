//! Stance of one answer: positive, negative, mixed or neutral, from a small lexicon with
//! negation ("not helpful") and hedges ("could be better") handled.

use crate::buckets::words;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    Positive,
    Negative,
    Mixed,
    Neutral,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Positive => "positive",
            Stance::Negative => "negative",
            Stance::Mixed => "mixed",
            Stance::Neutral => "neutral",
        }
    }
    pub fn parse(s: &str) -> Option<Stance> {
        [Stance::Positive, Stance::Negative, Stance::Mixed, Stance::Neutral].into_iter().find(|x| x.as_str() == s)
    }
}

const POSITIVE: &[&str] = &[
    "good", "great", "excellent", "brilliant", "amazing", "fantastic", "wonderful", "lovely", "kind", "kindly",
    "helpful", "friendly", "caring", "polite", "professional", "supportive", "support", "supported", "happy",
    "pleased", "satisfied", "thank", "thanks", "grateful", "appreciate", "appreciated", "love", "loved", "like",
    "liked", "enjoy", "enjoyed", "best", "perfect", "outstanding", "superb", "nice", "pleasant", "easy",
    "clear", "quick", "quickly", "prompt", "efficient", "calm", "safe", "respectful", "understanding",
    "patient", "reassuring", "reassured", "compassionate", "attentive", "listened", "listen", "listens",
    "useful", "well", "better", "improved", "fab", "fabulous", "superb", "exceptional", "impressed", "comfortable",
    "welcoming", "welcomed", "informative", "knowledgeable", "brill", "ace", "awesome", "fun", "smooth",
    "recommend", "valued", "included", "confident", "sorted", "positive", "glad",
];

const NEGATIVE: &[&str] = &[
    "bad", "poor", "terrible", "awful", "horrible", "rude", "unhelpful", "slow", "late", "long", "wait",
    "waiting", "waited", "delay", "delayed", "delays", "never", "worst", "unhappy", "disappointed",
    "disappointing", "frustrated", "frustrating", "angry", "upset", "worried", "anxious", "stress",
    "stressful", "stressed", "difficult", "hard", "confusing", "confused", "lack", "lacking", "lacks",
    "ignored", "dismissive", "problem", "problems", "issue", "issues", "complaint", "complain", "fail",
    "failed", "failing", "struggle", "struggled", "struggling", "lost", "cancelled", "missed", "forgot",
    "forgotten", "wrong", "dirty", "cold", "unsafe", "scared", "lonely", "bullied", "bullying", "excluded",
    "shortage", "understaffed", "overstretched", "expensive", "rushed", "chaotic", "disorganised",
    "unacceptable", "nobody", "impossible", "fight", "battle", "hate", "hated", "sad", "useless",
    "inadequate", "insufficient", "worse", "unclear", "unprofessional", "annoyed", "annoying",
];

const NEGATORS: &[&str] = &[
    "not", "no", "never", "nobody", "none", "nothing", "hardly", "without", "isn't", "wasn't", "aren't",
    "weren't", "don't", "didn't", "doesn't", "can't", "cannot", "couldn't", "won't", "wouldn't", "lack",
];

/// Hedges that turn the next positive word into a wish for change: "could be better".
const WISHES: &[&str] = &["could", "should", "would", "more", "need", "needs", "wish", "hope"];

/// The stance of one answer.
pub fn stance(text: &str) -> Stance {
    let w = words(text);
    let (mut pos, mut neg) = (0, 0);
    for (i, word) in w.iter().enumerate() {
        let p = POSITIVE.contains(&word.as_str());
        let n = NEGATIVE.contains(&word.as_str());
        if !p && !n {
            continue;
        }
        // A negative word that is itself a negator ("never", "nobody") is not negated by another.
        let window = if n && NEGATORS.contains(&word.as_str()) { &w[i..i] } else { &w[i.saturating_sub(3)..i] };
        let negated = window.iter().any(|x| NEGATORS.contains(&x.as_str()));
        let wished = window.iter().any(|x| WISHES.contains(&x.as_str()));
        match (p, negated || (p && wished)) {
            (true, false) => pos += 1,
            (true, true) => neg += 1,
            (false, false) => neg += 1,
            (false, true) => pos += 1,
        }
    }
    match (pos, neg) {
        (0, 0) => Stance::Neutral,
        (_, 0) => Stance::Positive,
        (0, _) => Stance::Negative,
        (p, n) if p >= 2 * n + 1 => Stance::Positive,
        (p, n) if n >= 2 * p + 1 => Stance::Negative,
        _ => Stance::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stance_with_negation_and_hedges() {
        assert_eq!(stance("The staff were kind and really helpful"), Stance::Positive);
        assert_eq!(stance("We waited three months and nobody called back"), Stance::Negative);
        assert_eq!(stance("Not helpful at all"), Stance::Negative);
        assert_eq!(stance("Communication could be better"), Stance::Negative);
        assert_eq!(stance("Lovely teacher but the wait was awful"), Stance::Mixed);
        assert_eq!(stance("My son is in year 7"), Stance::Neutral);
        assert_eq!(stance("It was not bad"), Stance::Positive);
        assert_eq!(stance("We were never told what the teacher recommended"), Stance::Negative);
    }
}
