//! Stance of one answer: positive, negative, mixed or neutral, from a small lexicon with
//! negation ("not helpful"), hedges ("could be better") and requests for change ("quicker
//! replies", "more visits") handled, read against what the question asked ([`Framing`]).

use crate::buckets::{bucket, likes_nothing, praise_phrase, set_phrases, words, Bucket};

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
    "good",
    "great",
    "excellent",
    "brilliant",
    "amazing",
    "fantastic",
    "wonderful",
    "lovely",
    "kind",
    "kindly",
    "helpful",
    "friendly",
    "caring",
    "polite",
    "professional",
    "supportive",
    "supported",
    "happy",
    "pleased",
    "satisfied",
    "satisfactory",
    "satisfaction",
    "alright",
    "thank",
    "thanks",
    "grateful",
    "appreciate",
    "appreciated",
    "love",
    "loved",
    "like",
    "liked",
    "enjoy",
    "enjoyed",
    "best",
    "perfect",
    "outstanding",
    "superb",
    "nice",
    "pleasant",
    "easy",
    "clear",
    "quick",
    "quickly",
    "prompt",
    "efficient",
    "calm",
    "safe",
    "respectful",
    "understanding",
    "patient",
    "reassuring",
    "reassured",
    "compassionate",
    "attentive",
    "listened",
    "listen",
    "listens",
    "useful",
    "well",
    "better",
    "improved",
    "fab",
    "fabulous",
    "superb",
    "exceptional",
    "impressed",
    "comfortable",
    "welcoming",
    "welcomed",
    "informative",
    "knowledgeable",
    "brill",
    "ace",
    "awesome",
    "fun",
    "smooth",
    "recommend",
    "valued",
    "included",
    "confident",
    "sorted",
    "positive",
    "glad",
    "helped",
    "kindness",
    "reassurance",
    "efficiently",
    "professionally",
    "promptly",
    "swift",
    "swiftly",
    "speedy",
    "fast",
    "clean",
    "informed",
    "respect",
    "respected",
    "dignity",
    "gentle",
    "warm",
    "cheerful",
    "amazingly",
    "thorough",
    "compassion",
    "empathy",
    "empathetic",
    "fantastically",
    "wonderfully",
    "excellently",
    "thankful",
    "marvellous",
    "faultless",
    "reliable",
    "approachable",
    "considerate",
    "courteous",
    "efficiency",
    "relieved",
    "relaxed",
    "cared",
];

const NEGATIVE: &[&str] = &[
    "bad",
    "poor",
    "terrible",
    "awful",
    "horrible",
    "rude",
    "unhelpful",
    "slow",
    "late",
    "long",
    "wait",
    "waiting",
    "waited",
    "delay",
    "delayed",
    "delays",
    "never",
    "worst",
    "unhappy",
    "disappointed",
    "disappointing",
    "frustrated",
    "frustrating",
    "angry",
    "upset",
    "worried",
    "anxious",
    "stress",
    "stressful",
    "stressed",
    "difficult",
    "hard",
    "confusing",
    "confused",
    "lack",
    "lacking",
    "lacks",
    "ignored",
    "dismissive",
    "problem",
    "problems",
    "issue",
    "issues",
    "complaint",
    "complaints",
    "complain",
    "worry",
    "worries",
    "concerns",
    "fail",
    "failed",
    "failing",
    "struggle",
    "struggled",
    "struggling",
    "lost",
    "cancelled",
    "missed",
    "forgot",
    "forgotten",
    "wrong",
    "dirty",
    "cold",
    "unsafe",
    "scared",
    "lonely",
    "bullied",
    "bullying",
    "excluded",
    "shortage",
    "understaffed",
    "overstretched",
    "expensive",
    "rushed",
    "chaotic",
    "disorganised",
    "unacceptable",
    "nobody",
    "impossible",
    "fight",
    "battle",
    "hate",
    "hated",
    "sad",
    "useless",
    "inadequate",
    "insufficient",
    "worse",
    "unclear",
    "unprofessional",
    "annoyed",
    "annoying",
    "stopped",
    "refused",
    "denied",
    "embarrassing",
    "embarrassed",
    "bored",
    "boring",
    "pain",
    "painful",
    "unaware",
    "ignore",
    "ignoring",
    "neglected",
    "uncomfortable",
    "unfriendly",
    "noisy",
    "crowded",
    "cramped",
    "inconsistent",
    "unreliable",
    "unanswered",
    "waste",
    "wasted",
    "shame",
    "sadly",
    "unfortunately",
    "fault",
    "mistake",
    "mistakes",
    "error",
    "errors",
    "lied",
    "incompetent",
    "uncaring",
    "unsure",
    "helpless",
    "distressed",
    "distressing",
    "scary",
    "rudely",
    "appalling",
    "disgusting",
    "dreadful",
    "shocking",
    "pointless",
    "hopeless",
];

const NEGATORS: &[&str] = &[
    "not", "no", "never", "nobody", "none", "nothing", "hardly", "without", "isn't", "wasn't", "aren't", "weren't", "don't", "didn't",
    "doesn't", "can't", "cannot", "couldn't", "won't", "wouldn't", "lack", // As often written without the apostrophe.
    "isnt", "wasnt", "dont", "didnt", "doesnt", "cant", "couldnt", "wont", "wouldnt",
];

/// Words of what can or could be.
const MODALS: &[&str] = &["can", "could", "would", "can't", "cannot", "couldn't", "wouldn't", "could've", "cant", "couldnt", "wouldnt"];

/// Hedges that turn the next positive word into a wish for change: "could be better".
const WISHES: &[&str] = &["could", "should", "would", "need", "needs", "wish", "hope"];

/// Words that ask for something to change wherever they stand, unless they describe or compare:
/// "quicker replies", "an earlier appointment", "improve the letters", "parents should be invited".
const CHANGE: &[&str] = &[
    "quicker",
    "sooner",
    "faster",
    "earlier",
    "shorter",
    "improve",
    "improvement",
    "improvements",
    "increase",
    "reduce",
    "should",
    "must",
];

/// Words that ask for change when they open a clause: "More visits.", "Better communication".
const REQUEST: &[&str] = &["more", "less", "fewer", "better", "clearer", "easier"];

/// Words that may come before a request opening a clause: "I think more visits".
const SOFTENERS: &[&str] = &[
    "and",
    "but",
    "maybe",
    "possibly",
    "perhaps",
    "just",
    "please",
    "also",
    "i",
    "think",
    "honestly",
    "personally",
    "really",
    "definitely",
    "probably",
    "overall",
];

/// Words after which a comparative describes rather than asks: "he is more confident", "it got
/// better", "much quicker".
const LINKING: &[&str] = &[
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "got",
    "get",
    "gets",
    "getting",
    "became",
    "become",
    "becoming",
    "feel",
    "feels",
    "felt",
    "seem",
    "seems",
    "seemed",
    "much",
    "far",
    "lot",
    "even",
    "it's",
    "that's",
    "he's",
    "she's",
    "i'm",
    "we're",
    "they're",
    "no",
    "any",
    "something",
    "anything",
    "nothing",
];

/// What a question asks for, which is what a plain answer means: "The reading group" answers
/// "What worked well?" with praise, and "Nothing" answers "What should change?" with content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Framing {
    /// Neither praise nor change, or the question is not known.
    #[default]
    Open,
    /// What was good, what worked well, what people liked.
    Praise,
    /// What could be better, what should change or improve.
    Change,
}

impl Framing {
    /// Reads a question's wording: asking for change first, since "What would make it better?"
    /// asks for change although it says "better".
    pub fn of_question(question: &str) -> Framing {
        let w = words(question);
        let has = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
        if has(&["improve", "improved", "better", "change", "changed", "differently", "worse", "problem", "problems", "wrong", "missing"]) {
            Framing::Change
        } else if has(&["good", "well", "like", "liked", "best", "enjoy", "enjoyed", "helpful", "helped", "positive"]) {
            Framing::Praise
        } else {
            Framing::Open
        }
    }
}

/// The stance of one answer, whatever it answered.
pub fn stance(text: &str) -> Stance {
    stance_in(text, Framing::Open)
}

/// The stance of one answer to a question framed as `framing`. A plain answer to a question
/// asking for praise is praise; an answer that there is nothing to praise is not. An answer
/// that nothing needs to change, to a question asking what should, is content.
pub fn stance_in(text: &str, framing: Framing) -> Stance {
    match (framing, placing_stance(text, framing)) {
        // A plain answer to what should change names something that falls short ("Parents
        // invited to the meetings"), as a plain answer to what was good is praise.
        (Framing::Change, Stance::Neutral) if bucket(&as_answered(text, framing)).is_none() => Stance::Negative,
        (_, read) => read,
    }
}

/// The stance that places answers among themes: [`stance_in`] but for plain answers to what
/// should change, which stay neutral here. Themes are found with praise and complaint pulled
/// apart; read as complaint, every such answer would be pulled away from the praise of the very
/// thing it asks for more of, and themes measured against human coding fell when it was tried.
pub fn placing_stance(text: &str, framing: Framing) -> Stance {
    let text = &as_answered(text, framing);
    let read = lexical(text);
    match (framing, bucket(text)) {
        (_, Some(Bucket::NoAnswer)) => Stance::Neutral,
        // "Nothing could be improved" reads as negative word by word.
        (Framing::Change, Some(Bucket::NothingToAdd)) => Stance::Positive,
        (Framing::Praise, Some(Bucket::NothingToAdd)) if read != Stance::Positive => Stance::Negative,
        // "Nothing was done", "No help at all": nothing to praise.
        (Framing::Praise, None) if read == Stance::Neutral && opens_with_nothing(text) => Stance::Negative,
        (Framing::Praise, None) if read == Stance::Neutral => Stance::Positive,
        // "Everything!" to what should change is the opposite of "Nothing".
        (Framing::Change, None) if crate::buckets::everything(text) => Stance::Negative,
        _ => read,
    }
}

/// An answer as it answers its question: an opening "Nothing" answers the question on its own,
/// as if a comma stood after it, when a new sentence follows ("Nothing they were brilliant",
/// "Nothing every visit was spot on") or, to a question asking what should change, praise of the
/// whole ("Nothing fantastic service", "Nothing all good"). To a question asking what was good
/// ("Nothing great", "Nothing they did helped"), and otherwise, the answer is read as written.
pub fn as_answered(text: &str, framing: Framing) -> std::borrow::Cow<'_, str> {
    const SUBJECTS: &[&str] =
        &["i", "i'm", "i've", "we", "you", "you've", "they", "it", "it's", "she", "he", "everything", "everyone", "all"];
    if framing != Framing::Praise {
        let trimmed = text.trim_start();
        let first = trimmed.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}').next().unwrap_or("");
        let rest = &trimmed[first.len()..];
        // Only where no mark already ends the "Nothing".
        let joined = rest.trim_start().chars().next().is_some_and(char::is_alphanumeric);
        let opens_sentence = words(rest).first().is_some_and(|w| SUBJECTS.contains(&w.as_str()));
        let praise = framing == Framing::Change && crate::buckets::general_praise(rest);
        if first.eq_ignore_ascii_case("nothing") && joined && (opens_sentence || praise) {
            return format!("{first},{rest}").into();
        }
    }
    text.into()
}

fn opens_with_nothing(text: &str) -> bool {
    words(text).first().is_some_and(|w| ["nothing", "no", "none", "not", "nobody", "never"].contains(&w.as_str()))
}

/// The stance from the answer's own words, read clause by clause so that "No. The staff were
/// great" is not read as "not great".
fn lexical(text: &str) -> Stance {
    // Thanks count only where nothing else in the answer complains or asks for change: a
    // closing "Thank you" does not make a complaint praise.
    const COURTESY: &[&str] = &["thank", "thanks", "thankyou", "cheers"];
    let (mut pos, mut neg, mut asks, mut courtesy) = (0, 0, 0, 0);
    for clause in crate::buckets::clauses(text) {
        let w = set_phrases(words(clause));
        let opening = w.iter().take(3).take_while(|x| SOFTENERS.contains(&x.as_str())).count();
        let mut asked = None;
        for (i, word) in w.iter().enumerate() {
            let window = &w[i.saturating_sub(3)..i];
            // "I like nothing about it": what is liked is nothing.
            let negated = window.iter().any(|x| NEGATORS.contains(&x.as_str())) || likes_nothing(&w, i);
            // A request, unless it describes ("it got better") or compares ("quicker than").
            let describes = i > 0 && LINKING.contains(&w[i - 1].as_str());
            let compares = w.get(i + 1).is_some_and(|x| x == "than");
            // "I can't think of anything that could be improved", "No one could do better": what
            // nobody could better is praise, not a request.
            if unbettered(&w, i) {
                pos += 1;
                continue;
            }
            let request = CHANGE.contains(&word.as_str()) || (i == opening && REQUEST.contains(&word.as_str()));
            if request && !negated && !describes && !compares {
                asks += 1;
                asked = Some(i);
                continue;
            }
            if COURTESY.contains(&word.as_str()) && !negated {
                courtesy += 1;
                continue;
            }
            // "We were left out of the meetings", "they let us down".
            let next = w.get(i + 1).map(String::as_str);
            let shut_out = (word == "left" && next == Some("out")) || (word == "let" && next == Some("down"));
            let p = POSITIVE.contains(&word.as_str()) || praise_phrase(word);
            let n = NEGATIVE.contains(&word.as_str()) || shut_out;
            // "More helpful staff": the word asked for is part of the request.
            if (!p && !n) || (p && asked.is_some() && asked == i.checked_sub(1)) {
                continue;
            }
            // "Could not have done better", "couldn't be worse": what cannot be bettered (or
            // worsened) is the best (or worst) it could be, when the word before says how far
            // ("be", "done", "any"): "he can't get better" is not praise.
            let far = i > 0 && ["be", "been", "done", "any", "no"].contains(&w[i - 1].as_str());
            if (word == "better" || word == "worse") && far {
                let wide = &w[i.saturating_sub(6)..i];
                if wide.iter().any(|x| MODALS.contains(&x.as_str())) && wide.iter().any(|x| NEGATORS.contains(&x.as_str())) {
                    if p {
                        pos += 1;
                    } else {
                        neg += 1;
                    }
                    continue;
                }
            }
            // A negative word that is itself a negator ("never", "nobody") is not negated by another.
            let negated = negated && !(n && NEGATORS.contains(&word.as_str()));
            let wished = window.iter().any(|x| WISHES.contains(&x.as_str()));
            match (p, negated || (p && wished)) {
                (true, false) => pos += 1,
                (true, true) => neg += 1,
                (false, false) => neg += 1,
                (false, true) => pos += 1,
            }
        }
    }
    if neg == 0 && asks == 0 {
        pos += courtesy;
    }
    let by_words = match (pos, neg) {
        (0, 0) => Stance::Neutral,
        (_, 0) => Stance::Positive,
        (0, _) => Stance::Negative,
        (p, n) if p > 2 * n => Stance::Positive,
        (p, n) if n > 2 * p => Stance::Negative,
        _ => Stance::Mixed,
    };
    // A request for change says something falls short: with praise beside it, the answer is mixed.
    match (by_words, asks) {
        (read, 0) => read,
        (Stance::Positive | Stance::Mixed, _) => Stance::Mixed,
        _ => Stance::Negative,
    }
}

/// Whether the word at `i` speaks of bettering something ("better", "improve") that, by the
/// words before it in its clause, nothing or nobody could better: a word of denial, one of what
/// could be, and "anything", "nothing", "any", "no one" or the like ("I can't think of anything
/// that could be done better", "I don't think anything could be improved", "No one could do
/// better"). The word of what could be stands close before, bettering itself: without that
/// ("Nobody could tell me how to improve his reading") or without the indefinite ("They couldn't
/// improve his reading") it is not praise.
fn unbettered(w: &[String], i: usize) -> bool {
    const BETTERING: &[&str] = &["better", "bettered", "improve", "improved", "improvement", "improvements", "improving"];
    const INDEFINITE: &[&str] = &["anything", "nothing", "any", "anyone", "anybody", "nobody", "noone", "much", "way"];
    const OTHER_DOING: &[&str] = &["how", "help", "helped", "tell", "told", "show", "teach"];
    if !BETTERING.contains(&w[i].as_str()) {
        return false;
    }
    let wide = &w[..i];
    let has = |list: &[&str]| wide.iter().any(|x| list.contains(&x.as_str()));
    let no_one = wide.windows(2).any(|p| p[0] == "no" && p[1] == "one");
    let close = (i.saturating_sub(5)..i)
        .rev()
        .find(|&j| MODALS.contains(&w[j].as_str()))
        .is_some_and(|j| w[j + 1..i].iter().all(|x| !OTHER_DOING.contains(&x.as_str())));
    close && (has(NEGATORS) || no_one) && (has(INDEFINITE) || no_one)
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
        assert_eq!(stance("Support stopped when she moved to secondary school"), Stance::Negative);
        assert_eq!(stance("Support should carry on when children change school"), Stance::Negative, "a request, not praise of support");
        assert_eq!(stance("No. The staff were great"), Stance::Positive, "a negation ends with its clause");
        assert_eq!(stance("The advisory teacher could not have done any better"), Stance::Positive);
        assert_eq!(stance("Couldn't be better"), Stance::Positive);
        assert_eq!(stance("Things couldn't be any worse"), Stance::Negative);
        assert_eq!(stance("It was no better than before"), Stance::Negative);
        assert_eq!(stance("I like nothing about it"), Stance::Negative);
    }

    #[test]
    fn a_request_for_change_says_something_falls_short() {
        assert_eq!(stance("More visits and follow-up, not just one report."), Stance::Negative);
        assert_eq!(stance("Better communication between everyone involved"), Stance::Negative);
        assert_eq!(stance("Maybe quicker replies to emails"), Stance::Negative);
        assert_eq!(stance("Could have arrived sooner"), Stance::Negative);
        assert_eq!(stance("Lovely staff. More of them please"), Stance::Mixed);
        assert_eq!(stance("No improvement needed"), Stance::Neutral, "a negated request asks for nothing");
        assert_eq!(stance("It got better after the first visit"), Stance::Positive, "better, not asked for");
        assert_eq!(stance("He is more confident in class now"), Stance::Positive);
        assert_eq!(stance("Arrived quicker than expected, lovely crew"), Stance::Positive, "quicker than: a comparison");
        assert_eq!(stance("I think better communication between everyone"), Stance::Negative);
        assert_eq!(stance("More helpful staff on the phone"), Stance::Negative, "the praise asked for is not given");
        assert_eq!(stance("Parents should be invited to the meetings"), Stance::Negative);
    }

    #[test]
    fn a_plain_answer_reads_as_what_the_question_asked_for() {
        assert_eq!(Framing::of_question("What has worked well?"), Framing::Praise);
        assert_eq!(Framing::of_question("What one thing should change?"), Framing::Change);
        assert_eq!(Framing::of_question("What would make school better for you?"), Framing::Change);
        assert_eq!(Framing::of_question("Why did you give that score?"), Framing::Open);
        assert_eq!(stance_in("The reading group", Framing::Praise), Stance::Positive);
        assert_eq!(stance_in("Nothing", Framing::Praise), Stance::Negative);
        assert_eq!(stance_in("Nothing", Framing::Change), Stance::Positive);
        assert_eq!(stance_in("Nothing could be improved", Framing::Change), Stance::Positive);
        assert_eq!(stance_in("Nothing", Framing::Open), Stance::Neutral);
        assert_eq!(stance_in("n/a", Framing::Praise), Stance::Neutral);
        assert_eq!(stance_in("The waiting list was far too long", Framing::Praise), Stance::Negative, "words say more than framing");
        assert_eq!(stance_in("The reading group", Framing::Change), Stance::Negative, "what should change falls short");
        assert_eq!(stance_in("Parents should be invited to the meetings", Framing::Change), Stance::Negative);
        assert_eq!(stance_in("Everything!", Framing::Change), Stance::Negative);
        assert_eq!(stance_in("Everything!", Framing::Praise), Stance::Positive);
        assert_eq!(stance_in("Nothing was done", Framing::Praise), Stance::Negative);
        assert_eq!(stance_in("No complaints", Framing::Praise), Stance::Positive);
        assert_eq!(stance("He can't get better without support"), Stance::Negative);
        assert_eq!(stance("I don't think it could get any better"), Stance::Positive);
    }

    #[test]
    fn a_closing_thank_you_does_not_outweigh_a_complaint_or_a_request() {
        assert_eq!(stance("We were left out of the meetings about our own child"), Stance::Negative);
        assert_eq!(stance("We were left out of the meetings about our own child. Thank you"), Stance::Negative);
        assert_eq!(stance("More visits please. Thank you"), Stance::Negative);
        assert_eq!(stance("Thank you so much"), Stance::Positive);
        assert_eq!(stance("Thanks, the staff were lovely"), Stance::Positive);
    }

    #[test]
    fn what_nobody_could_better_is_praise() {
        for t in [
            "I cannot think of anything she could have improved.",
            "I cannot think of anything that would better the support my son had.",
            "No one could have done better for her.",
            "There isn't anything the team could have done better.",
            "I dont think anything about it could be improved",
        ] {
            assert_eq!(stance(t), Stance::Positive, "{t:?}");
        }
        assert_ne!(stance("They couldn't improve his reading"), Stance::Positive);
        assert_ne!(stance("Nobody could tell me how to improve his reading"), Stance::Positive);
        assert_ne!(stance("Nobody could help him improve"), Stance::Positive);
        assert_eq!(stance("The letters could be improved"), Stance::Negative);
        assert_eq!(stance("Is there any way the letters could be improved"), Stance::Negative);
    }

    #[test]
    fn an_opening_nothing_answers_a_question_about_change_on_its_own() {
        for t in ["Nothing fantastic service", "Nothing all good", "Nothing they were brilliant", "Nothing every visit was spot on"] {
            assert_eq!(stance_in(t, Framing::Change), Stance::Positive, "{t:?}");
        }
        assert_eq!(stance_in("Nothing great", Framing::Praise), Stance::Negative, "nothing great to a question about what was good");
        assert_eq!(stance_in("Nothing helped", Framing::Change), Stance::Negative);
        assert_eq!(stance_in("Nothing was done about it", Framing::Change), Stance::Negative);
        assert_eq!(as_answered("Nothing fantastic service", Framing::Change), "Nothing, fantastic service");
        assert_eq!(as_answered("Nothing, fantastic service", Framing::Change), "Nothing, fantastic service");
        assert_eq!(as_answered("Nothing fantastic service", Framing::Open), "Nothing fantastic service");
        assert_eq!(stance_in("Nothing she was lovely with him", Framing::Open), Stance::Positive, "a new sentence");
        assert_eq!(as_answered("Nothing she did was good", Framing::Praise), "Nothing she did was good");
        assert_eq!(stance("First class, spot on"), Stance::Positive, "phrases of praise");
        assert_eq!(stance("Complete satisfaction"), Stance::Positive);
    }
}
