//! A first screen for free-text answers that may disclose harm. It errs towards
//! flagging: a person reviews every flag, and a missed disclosure costs far more
//! than a second look at a harmless answer.

/// Phrases that suggest a child or young person may be at risk. Matched on
/// lower-cased text with runs of non-letters collapsed to one space.
const PHRASES: &[&str] = &[
    "not safe",
    "don't feel safe",
    "dont feel safe",
    "do not feel safe",
    "unsafe",
    "scared to go home",
    "scared of my",
    "afraid of my",
    "hurts me",
    "hurt me",
    "hit me",
    "hits me",
    "hitting me",
    "beat me",
    "beats me",
    "kicks me",
    "kicked me",
    "touches me",
    "touched me",
    "abuse",
    "abused",
    "kill myself",
    "want to die",
    "wanna die",
    "end my life",
    "suicide",
    "suicidal",
    "self harm",
    "self-harm",
    "cut myself",
    "cutting myself",
    "hurt myself",
    "hurting myself",
    "nobody feeds me",
    "no food at home",
    "locked in",
    "someone is hurting",
    "being hurt",
    "bruises",
    "threatens me",
    "threatened me",
];

/// Whether `text` may disclose harm.
pub fn may_disclose_harm(text: &str) -> bool {
    let mut normalised = String::with_capacity(text.len() + 2);
    normalised.push(' ');
    let mut last_space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_alphanumeric() || c == '\'' || c == '-' {
            normalised.push(c);
            last_space = false;
        } else if !last_space {
            normalised.push(' ');
            last_space = true;
        }
    }
    normalised.push(' ');
    PHRASES.iter().any(|p| normalised.contains(&format!(" {p} ")) || normalised.contains(&format!(" {p}")))
}

#[cfg(test)]
mod tests {
    use super::may_disclose_harm;

    #[test]
    fn plain_disclosures_are_flagged() {
        assert!(may_disclose_harm("I am NOT safe at home."));
        assert!(may_disclose_harm("my step dad hits me when mum is out"));
        assert!(may_disclose_harm("Sometimes I want to die"));
        assert!(may_disclose_harm("I don\u{2019}t feel safe"));
    }

    #[test]
    fn ordinary_feedback_is_not_flagged() {
        assert!(!may_disclose_harm("The specialist teacher was really helpful and kind"));
        assert!(!may_disclose_harm("We waited too long for an assessment"));
        assert!(!may_disclose_harm("The hit list of priorities was clear"));
    }
}
