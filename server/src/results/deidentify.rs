//! Written answers as staff below administrator see them. People write names, schools, phone
//! numbers and addresses into free text even on an anonymous survey; wherever such an answer is
//! shown or exported to someone who may not see who said it, those details become a word in
//! brackets ("Mrs [name] at [school]"), and an answer flagged to the safeguarding team is withheld
//! altogether. It errs towards hiding: a quote that loses a word still reads, a name that slips
//! through cannot be taken back.

/// What a reader below administrator sees instead of an answer flagged to the safeguarding team.
pub const WITHHELD: &str = "[Withheld: passed to the safeguarding team]";

/// Words that end a school's name when capitalised after it ("Oakwood Primary").
const SCHOOL_TYPES: &[&str] = &[
    "school",
    "academy",
    "college",
    "primary",
    "secondary",
    "infant",
    "infants",
    "junior",
    "juniors",
    "grammar",
    "nursery",
    "pre-school",
    "preschool",
];

/// Words that describe a school rather than name it.
const SCHOOL_WORDS: &[&str] = &[
    "school",
    "academy",
    "college",
    "primary",
    "infant",
    "infants",
    "junior",
    "juniors",
    "grammar",
    "nursery",
    "pre-school",
    "preschool",
    "high",
    "secondary",
    "church",
    "ce",
    "cofe",
    "rc",
    "catholic",
    "community",
    "free",
    "trust",
    "federation",
];

/// Capitalised words that start sentences or describe a school without naming it.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "my",
    "our",
    "his",
    "her",
    "their",
    "your",
    "its",
    "this",
    "that",
    "these",
    "those",
    "local",
    "every",
    "each",
    "any",
    "at",
    "in",
    "to",
    "from",
    "of",
    "for",
    "and",
    "or",
    "but",
    "mainstream",
    "special",
    "specialist",
    "new",
    "old",
    "current",
    "previous",
    "next",
    "same",
    "other",
    "another",
    "state",
    "private",
    "independent",
    "village",
    "big",
    "small",
    "good",
    "great",
    "i",
    "we",
    "he",
    "she",
    "they",
    "it",
    "when",
    "if",
    "after",
    "before",
    "so",
    "because",
    "then",
    "all",
    "some",
    "most",
    "no",
    "not",
    "one",
    "both",
    "first",
    "last",
    "kent",
    "county",
    "council",
    "send",
    "stls",
    "sen",
    "ehcp",
    "senco",
    "nhs",
    "camhs",
    "year",
    "reception",
    "upper",
    "lower",
    "middle",
    "sixth",
    "form",
    "is",
    "was",
    "be",
    "went",
    "goes",
    "go",
    "going",
    "attend",
    "attends",
    "attended",
    "moved",
    "moving",
    "left",
    "started",
    "starting",
];

/// Words after which a capitalised word is a person's name ("my son Jack", "called Amy").
const NAME_CUES: &[&str] = &[
    "called",
    "named",
    "son",
    "daughter",
    "child",
    "boy",
    "girl",
    "brother",
    "sister",
    "grandson",
    "granddaughter",
    "stepson",
    "stepdaughter",
    "twin",
    "twins",
    "teacher",
    "senco",
    "ta",
    "friend",
    "husband",
    "wife",
    "partner",
    "nephew",
    "niece",
    "cousin",
    "carer",
    "worker",
    "pupil",
    "student",
];

/// Titles that come before a name.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof", "professor", "master"];

/// Common given names in England, for answers that name someone with no cue before it. Names
/// that are also everyday words at the start of a sentence ("Will", "May") are left out.
const GIVEN_NAMES: &[&str] = &[
    "aaliyah",
    "aaron",
    "abbie",
    "abdul",
    "abigail",
    "adam",
    "aiden",
    "aisha",
    "alex",
    "alexander",
    "alfie",
    "alice",
    "amelia",
    "amy",
    "andrew",
    "anna",
    "archie",
    "arthur",
    "ava",
    "ayesha",
    "barry",
    "ben",
    "benjamin",
    "bethany",
    "billy",
    "bobby",
    "brandon",
    "callum",
    "caroline",
    "charlie",
    "charlotte",
    "chloe",
    "chris",
    "christopher",
    "claire",
    "connor",
    "daisy",
    "daniel",
    "darren",
    "david",
    "dean",
    "debbie",
    "deborah",
    "dylan",
    "edward",
    "eleanor",
    "elijah",
    "eliza",
    "ella",
    "ellie",
    "emily",
    "emma",
    "ethan",
    "evie",
    "fatima",
    "finley",
    "freddie",
    "freya",
    "gemma",
    "george",
    "georgia",
    "hannah",
    "harper",
    "harrison",
    "harry",
    "harvey",
    "hayley",
    "heather",
    "helen",
    "henry",
    "hollie",
    "imogen",
    "isaac",
    "isabella",
    "isabelle",
    "isla",
    "ivy",
    "jack",
    "jacob",
    "jade",
    "jake",
    "james",
    "jamie",
    "jane",
    "jasmine",
    "jason",
    "jayden",
    "jennifer",
    "jessica",
    "joe",
    "joel",
    "john",
    "jonathan",
    "joseph",
    "joshua",
    "julie",
    "karen",
    "kate",
    "katie",
    "kayla",
    "kelly",
    "kieran",
    "kyle",
    "laura",
    "lauren",
    "layla",
    "leah",
    "leo",
    "lewis",
    "liam",
    "lily",
    "lisa",
    "logan",
    "louis",
    "louise",
    "lucas",
    "lucy",
    "luke",
    "mason",
    "matilda",
    "matthew",
    "max",
    "megan",
    "mia",
    "michael",
    "millie",
    "mohammed",
    "mohammad",
    "muhammad",
    "molly",
    "nathan",
    "nicola",
    "noah",
    "oliver",
    "olivia",
    "oscar",
    "owen",
    "paul",
    "peter",
    "phoebe",
    "poppy",
    "rachel",
    "rebecca",
    "reuben",
    "riley",
    "robert",
    "rory",
    "ryan",
    "sam",
    "samuel",
    "sarah",
    "scarlett",
    "sebastian",
    "sienna",
    "sofia",
    "sophia",
    "sophie",
    "stephen",
    "steven",
    "susan",
    "teddy",
    "theo",
    "thomas",
    "toby",
    "tom",
    "tommy",
    "tyler",
    "william",
    "zara",
    "zachary",
    "zoe",
];

/// A piece of text: a run of whitespace, or a word with the punctuation around it.
struct Chunk<'a> {
    /// The chunk as written.
    raw: &'a str,
    /// Leading punctuation, the word, and what follows it (punctuation or a possessive "'s").
    lead: &'a str,
    core: &'a str,
    tail: &'a str,
    space: bool,
}

fn chunks(text: &str) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(chunk(&text[start..i], in_space == Some(true)));
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(chunk(&text[start..], in_space == Some(true)));
    }
    out
}

fn chunk(raw: &str, space: bool) -> Chunk<'_> {
    if space {
        return Chunk { raw, lead: "", core: "", tail: "", space };
    }
    let keep = |c: char| c.is_alphanumeric() || c == '@' || c == '+';
    let first = raw.char_indices().find(|(_, c)| keep(*c)).map(|(i, _)| i).unwrap_or(raw.len());
    let mut end =
        raw.char_indices().filter(|(_, c)| c.is_alphanumeric()).map(|(i, c)| i + c.len_utf8()).next_back().unwrap_or(first).max(first);
    // A possessive stays outside the word: "Jack's" is "[name]'s".
    let core = &raw[first..end];
    for suffix in ["'s", "\u{2019}s", "'S"] {
        if core.len() > suffix.len() + 1 && core.ends_with(suffix) {
            end -= suffix.len();
            break;
        }
    }
    Chunk { raw, lead: &raw[..first], core: &raw[first..end], tail: &raw[end..], space }
}

fn capitalised(word: &str) -> bool {
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

fn lower(word: &str) -> String {
    word.to_lowercase().replace('\u{2019}', "'")
}

fn is_email(word: &str) -> bool {
    match word.split_once('@') {
        Some((user, domain)) => !user.is_empty() && domain.contains('.') && !domain.starts_with('.'),
        None => false,
    }
}

/// Digits in a chunk that could be part of a phone number, or None if it holds anything else.
fn phone_digits(raw: &str) -> Option<usize> {
    let trimmed = raw.trim_end_matches(['.', ',', ';', ':', '!', '?']);
    let all_phone = !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit() || "+()-".contains(c));
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    (all_phone && digits > 0).then_some(digits)
}

fn outward_code(w: &str) -> bool {
    let b = w.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    (1..=2).contains(&letters)
        && (1..=3).contains(&(b.len() - letters))
        && b[letters].is_ascii_digit()
        && b[letters..].iter().all(|c| c.is_ascii_alphanumeric())
        && b.len() <= 4
}

fn inward_code(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() != 3 || !b[0].is_ascii_digit() || !b[1].is_ascii_alphabetic() || !b[2].is_ascii_alphabetic() {
        return false;
    }
    // "2nd", "4th" are not postcodes.
    !["st", "nd", "rd", "th"].iter().any(|o| w[1..].eq_ignore_ascii_case(o))
}

/// Finds and hides what identifies a person or a school.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Known schools' names, and the distinctive part of each ("St Mary's" of "St Mary's CE
    /// Primary School"), as lower-cased words, longest first.
    schools: Vec<Vec<String>>,
    /// Where in `schools` the names starting with each word are.
    by_first: std::collections::HashMap<String, Vec<usize>>,
}

impl Redactor {
    /// A redactor that also knows these schools by name.
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(school_names: I) -> Self {
        let mut schools: Vec<Vec<String>> = Vec::new();
        for name in school_names {
            let words: Vec<String> =
                name.as_ref().split_whitespace().map(|w| lower(chunk(w, false).core)).filter(|w| !w.is_empty()).collect();
            if words.is_empty() {
                continue;
            }
            let distinctive: Vec<String> =
                words.iter().skip_while(|w| *w == "the").take_while(|w| !SCHOOL_WORDS.contains(&w.as_str())).cloned().collect();
            let everyday = distinctive.len() == 1 && (NOT_NAMES.contains(&distinctive[0].as_str()) || distinctive[0].len() < 4);
            if !distinctive.is_empty() && distinctive.len() < words.len() && !everyday {
                schools.push(distinctive);
            }
            schools.push(words);
        }
        // Longest first, so a full name wins over its distinctive part.
        schools.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        schools.dedup();
        let mut by_first: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, s) in schools.iter().enumerate() {
            by_first.entry(s[0].clone()).or_default().push(i);
        }
        Self { schools, by_first }
    }

    /// The text with names, schools, email addresses, phone numbers and postcodes replaced.
    pub fn redact(&self, text: &str) -> String {
        let chunks = chunks(text);
        // The words (not whitespace) by position in `chunks`.
        let words: Vec<usize> = (0..chunks.len()).filter(|&i| !chunks[i].space).collect();
        let mut replace: Vec<Option<&'static str>> = vec![None; words.len()];
        // A run of words covered by one replacement: every word but the first vanishes.
        let mut swallowed = vec![false; words.len()];
        let core = |w: usize| chunks[words[w]].core;
        let lowered: Vec<String> = words.iter().map(|&i| lower(chunks[i].core)).collect();
        let low = |w: usize| lowered[w].as_str();
        // Punctuation after a word (other than a possessive) ends a name there.
        let ends = |w: usize| {
            let tail = chunks[words[w]].tail;
            !tail.is_empty() && !tail.starts_with(['\'', '\u{2019}'])
        };
        let mut mark = |replace: &mut Vec<Option<&'static str>>, from: usize, to: usize, with: &'static str| {
            replace[from] = Some(with);
            for s in swallowed.iter_mut().take(to + 1).skip(from + 1) {
                *s = true;
            }
        };
        let n = words.len();
        let mut w = 0;
        while w < n {
            let c = core(w);
            let raw = chunks[words[w]].raw;
            // Something already in brackets ("[Name removed]") is left alone.
            if chunks[words[w]].lead.contains('[') {
                w += 1;
                continue;
            }
            let lc = low(w);
            // Email addresses and handles.
            if is_email(c) {
                mark(&mut replace, w, w, "[email]");
                w += 1;
                continue;
            }
            if c.starts_with('@') && c.len() > 1 {
                mark(&mut replace, w, w, "[name]");
                w += 1;
                continue;
            }
            // Phone numbers: runs of digit groups with nine or more digits in all.
            let opening = raw.trim_start_matches(['(', '[']);
            if let Some(d) = phone_digits(opening).filter(|_| opening.starts_with(['0', '+'])) {
                let mut digits = d;
                let mut end = w;
                while end + 1 < n {
                    match phone_digits(chunks[words[end + 1]].raw) {
                        Some(more) => {
                            digits += more;
                            end += 1;
                        }
                        None => break,
                    }
                }
                if digits >= 9 {
                    mark(&mut replace, w, end, "[phone number]");
                    w = end + 1;
                    continue;
                }
            }
            // Postcodes, written as one word or two.
            if outward_code(c) && w + 1 < n && inward_code(core(w + 1)) && c.chars().any(|ch| ch.is_ascii_alphabetic()) {
                mark(&mut replace, w, w + 1, "[postcode]");
                w += 2;
                continue;
            }
            if c.is_ascii() && c.len() >= 5 && c.len() <= 7 && inward_code(&c[c.len() - 3..]) && outward_code(&c[..c.len() - 3]) {
                mark(&mut replace, w, w, "[postcode]");
                w += 1;
                continue;
            }
            // Schools this engagement knows by name.
            let known = self.by_first.get(lc).and_then(|at| {
                at.iter().map(|&i| &self.schools[i]).find(|s| {
                    s.len() <= n - w && s.iter().enumerate().all(|(k, word)| low(w + k) == word && (k + 1 == s.len() || !ends(w + k)))
                })
            });
            if let Some(len) = known.map(Vec::len) {
                // One word alone ("Hope", "Maidstone") is a school only where it reads as one:
                // before "School" or "Primary", or after "attends".
                let schoolish = (w + len < n && !ends(w + len - 1) && SCHOOL_WORDS.contains(&low(w + len)))
                    || (w > 0 && ["attends", "attend", "attended", "attending"].contains(&low(w - 1)));
                if (capitalised(c) || c.chars().all(|ch| !ch.is_lowercase()) || len > 1) && (len > 1 || schoolish) {
                    // Any "Primary School" after the name goes too.
                    let mut end = w + len - 1;
                    while end + 1 < n && !ends(end) && SCHOOL_WORDS.contains(&low(end + 1)) && capitalised(core(end + 1)) {
                        end += 1;
                    }
                    mark(&mut replace, w, end, "[school]");
                    w = end + 1;
                    continue;
                }
            }
            // Any other school named the usual way: capitalised words ending "Primary", "Academy"…
            if capitalised(c) && !ends(w) && !NOT_NAMES.contains(&lc) && !SCHOOL_WORDS.contains(&lc) {
                let mut end = w;
                let mut named = false;
                let mut k = w + 1;
                while k < n {
                    let next = core(k);
                    let ln = low(k);
                    if capitalised(next) && SCHOOL_TYPES.contains(&ln) {
                        named = true;
                        end = k;
                    } else if (capitalised(next) && !NOT_NAMES.contains(&ln) && !named)
                        || (["of", "the", "and", "&", "st", "e"].contains(&ln) && !named)
                        || next == "C"
                        || next == "E"
                    {
                        // Part of a longer name: "Park Way", "St Mary of the Angels", "C of E".
                    } else {
                        break;
                    }
                    // Punctuation after a word ends the name.
                    if ends(k) {
                        break;
                    }
                    k += 1;
                }
                if named {
                    mark(&mut replace, w, end, "[school]");
                    w = end + 1;
                    continue;
                }
            }
            // "Mrs Smith", "Dr. Patel", "MR J SMITH", "mrs smith" (but not "I miss Jack").
            let upper_start = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
            let titled = TITLES.contains(&lc) && (upper_start(c) || ["mr", "mrs"].contains(&lc));
            if titled && w + 1 < n && !chunks[words[w + 1]].lead.contains('[') {
                let next = core(w + 1);
                let name_like = |word: &str, l: &str| {
                    word.chars().next().is_some_and(char::is_alphabetic)
                        && !NOT_NAMES.contains(&l)
                        && (upper_start(word) || !upper_start(c))
                };
                if name_like(next, low(w + 1)) {
                    let mut end = w + 1;
                    // An initial, then the surname: "Mr J Smith".
                    let initial = next.chars().count() == 1;
                    if end + 1 < n && (initial || !ends(end)) && (!ends(end) || chunks[words[end]].tail == ".") {
                        let after = core(end + 1);
                        if upper_start(after)
                            && !NOT_NAMES.contains(&low(end + 1))
                            && (initial || capitalised(after) || after.chars().all(|ch| !ch.is_lowercase()))
                        {
                            end += 1;
                        }
                    }
                    mark(&mut replace, w + 1, end, "[name]");
                    w = end + 1;
                    continue;
                }
            }
            // "my son Jack", "called amy".
            let cue = NAME_CUES.contains(&lc) || (lc == "is" && w > 0 && low(w - 1) == "name");
            // After a title the title decides ("her teacher Mrs. Smith").
            let before_title = w + 1 < n && TITLES.contains(&low(w + 1));
            if cue && !before_title && chunks[words[w]].tail.is_empty() && w + 1 < n && !chunks[words[w + 1]].lead.contains('[') {
                let next = core(w + 1);
                let ln = low(w + 1);
                // A capitalised cue is often a term, not a relation: "Pupil Premium", "Child Protection".
                let plain = capitalised(next) && !NOT_NAMES.contains(&ln) && !capitalised(c);
                if plain || GIVEN_NAMES.contains(&ln) {
                    let mut end = w + 1;
                    if end + 1 < n && capitalised(core(end + 1)) && chunks[words[end]].tail.is_empty() && !NOT_NAMES.contains(&low(end + 1))
                    {
                        end += 1;
                    }
                    mark(&mut replace, w + 1, end, "[name]");
                    w = end + 1;
                    continue;
                }
            }
            // A common given name, capitalised, with the surname that may follow it.
            if capitalised(c) && GIVEN_NAMES.contains(&lc) {
                let mut end = w;
                if w + 1 < n && capitalised(core(w + 1)) && chunks[words[w]].tail.is_empty() && !NOT_NAMES.contains(&low(w + 1)) {
                    end += 1;
                }
                mark(&mut replace, w, end, "[name]");
                w = end + 1;
                continue;
            }
            w += 1;
        }

        let mut out = String::with_capacity(text.len());
        let mut word = 0;
        // Inside a replaced run of words, the whitespace between them goes too.
        let mut in_run = false;
        let mut run = "";
        for ch in &chunks {
            if ch.space {
                if !in_run {
                    out.push_str(ch.raw);
                }
                continue;
            }
            let last_of_run = word + 1 >= n || !swallowed[word + 1];
            if swallowed[word] || replace[word].is_some() {
                if let Some(with) = replace[word].filter(|_| !swallowed[word]) {
                    // "(01622) 694000" loses its brackets with its digits.
                    if with != "[phone number]" {
                        out.push_str(ch.lead);
                    }
                    out.push_str(with);
                    run = with;
                }
                in_run = !last_of_run;
                if last_of_run {
                    // A school's possessive belongs to its name ("St Mary's").
                    let possessive = run == "[school]" && (ch.tail.starts_with("'s") || ch.tail.starts_with("\u{2019}s"));
                    out.push_str(if possessive { &ch.tail[ch.tail.find('s').map_or(0, |i| i + 1)..] } else { ch.tail });
                }
            } else {
                out.push_str(ch.raw);
            }
            word += 1;
        }
        out
    }
}

/// How much of what people wrote a reader may see.
#[derive(Clone, Debug)]
pub enum Reading {
    /// Everything, as written (administrators).
    Full,
    /// Identifying details hidden and flagged answers withheld.
    Guarded(std::sync::Arc<Redactor>),
}

impl Reading {
    /// The reading for a member of staff: administrators see everything; anyone else reads
    /// answers with every school the service knows of hidden.
    pub async fn for_role(db: &crate::db::Db, role: crate::domain::Role) -> anyhow::Result<Reading> {
        if role.can(crate::accounts::permissions::Permission::ReadUnredacted) {
            return Ok(Reading::Full);
        }
        let names = crate::schools::queries::names(db).await?;
        Ok(Reading::Guarded(std::sync::Arc::new(Redactor::new(names))))
    }

    pub fn is_full(&self) -> bool {
        matches!(self, Reading::Full)
    }

    /// An answer as this reader may see it; `flagged` if its response is with the safeguarding team.
    pub fn text(&self, text: &str, flagged: bool) -> String {
        match self {
            Reading::Full => text.to_owned(),
            Reading::Guarded(_) if flagged => WITHHELD.to_owned(),
            Reading::Guarded(r) => r.redact(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> String {
        Redactor::new([
            "Oakwood Primary School",
            "St Mary's CE Primary School",
            "The Malling School",
            "Hope Academy",
            "Maidstone Grammar School",
        ])
        .redact(text)
    }

    #[test]
    fn people_are_hidden_behind_their_titles_and_cues() {
        assert_eq!(r("Mrs Smith at school was brilliant."), "Mrs [name] at school was brilliant.");
        assert_eq!(r("Dr. Patel said to wait"), "Dr. [name] said to wait");
        assert_eq!(r("my son Jack's anxiety got worse"), "my son [name]'s anxiety got worse");
        assert_eq!(r("my daughter (called amy) loves it"), "my daughter (called [name]) loves it");
        assert_eq!(r("Oliver Brown needs more help"), "[name] needs more help");
        assert_eq!(r("my name is Kwame Mensah and I am in year 8"), "my name is [name] and I am in year 8");
        assert_eq!(r("her teacher Mrs. Smith listened"), "her teacher Mrs. [name] listened");
        assert_eq!(r("MRS SMITH WAS KIND"), "MRS [name] WAS KIND");
        assert_eq!(r("mrs smith was kind"), "mrs [name] was kind");
        assert_eq!(r("Mr J. Smith and Mr K Jones came"), "Mr [name] and Mr [name] came");
        // A missed friend, and terms that start with a cue word, are not names.
        assert_eq!(r("I miss Jack"), "I miss [name]");
        assert_eq!(r("I miss my old class"), "I miss my old class");
        assert_eq!(r("Pupil Premium and Child Protection meetings"), "Pupil Premium and Child Protection meetings");
    }

    #[test]
    fn schools_known_and_unknown_are_hidden() {
        assert_eq!(r("We moved from Oakwood Primary School last year"), "We moved from [school] last year");
        assert_eq!(r("oakwood primary school were great"), "[school] were great");
        assert_eq!(r("St Mary's were slow to refer"), "[school] were slow to refer");
        assert_eq!(r("Hextable Park Academy, then home"), "[school], then home");
        assert_eq!(r("at Holy Trinity C of E Primary the SENCO left"), "at [school] the SENCO left");
        // Describing a school is not naming one.
        assert_eq!(
            r("The Primary School was fine. My Secondary School was not"),
            "The Primary School was fine. My Secondary School was not"
        );
        assert_eq!(r("a mainstream school with a Specialist Teacher"), "a mainstream school with a Specialist Teacher");
        assert_eq!(r("I love Maths. School is boring"), "I love Maths. School is boring");
        // A school known by one word is hidden where it reads as a school, not as a town or a word.
        assert_eq!(r("he goes to Maidstone Grammar now"), "he goes to [school] now");
        assert_eq!(r("she attends Hope, which is kind"), "she attends [school], which is kind");
        assert_eq!(r("Hope this helps. We live in Maidstone"), "Hope this helps. We live in Maidstone");
    }

    #[test]
    fn contact_details_are_hidden() {
        assert_eq!(r("email me at jo.bloggs@example.org, or ring 07700 900 123."), "email me at [email], or ring [phone number].");
        assert_eq!(r("call (01622) 694000 any time"), "call [phone number] any time");
        assert_eq!(r("we live near ME15 6AB and in tn1 1aa"), "we live near [postcode] and in [postcode]");
        assert_eq!(r("follow @someone (or @someone_else)"), "follow [name] (or [name])");
        // Dates and times are not phone numbers; what is already hidden stays as it is.
        assert_eq!(r("on 04/10/21 1345 at the centre"), "on 04/10/21 1345 at the centre");
        assert_eq!(r("My name is [Name redacted]."), "My name is [Name redacted].");
    }

    #[test]
    fn ordinary_answers_are_left_as_written() {
        for text in [
            "Waiting 18 months for an assessment in 2023 was too long.",
            "The STLS advisory teacher visited twice and it helped.",
            "Nothing to add",
            "I want more help in Maths and English, and a quiet room.",
            "Kent should listen to parents.",
            "",
            "  spaced   out  ",
        ] {
            assert_eq!(r(text), text);
        }
    }

    #[test]
    fn readings_withhold_flagged_answers_below_admin() {
        let guarded = Reading::Guarded(std::sync::Arc::new(Redactor::new(["Oakwood Primary School"])));
        assert_eq!(guarded.text("someone hurts me", true), WITHHELD);
        assert_eq!(guarded.text("Oakwood Primary were kind", false), "[school] were kind");
        assert_eq!(Reading::Full.text("Oakwood Primary were kind", true), "Oakwood Primary were kind");
    }
}
