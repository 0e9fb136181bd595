//! A survey's sent responses held in memory for counting: for each, how it arrived, its school,
//! its day and its answers as small numbers. Any filter and breakdown is then one pass over
//! memory (milliseconds at 100,000 responses) instead of a pass over every answer in the
//! database (seconds). It is read once, then brought up to date by reading only the responses
//! sent since; when the count or the latest response no longer agree with the database (a
//! response withdrawn, or one brought in with an earlier date), it is read again whole.

//!
//! This module only counts; [`crate::results::queries`] reads the database into it.

use crate::results::counts::{CrossFigures, Figures, Filter, State};
use std::collections::{HashMap, HashSet};

/// How far back, in seconds, an update reads again: a response committed a little after one
/// sent later than it is still found.
const OVERLAP: i64 = 300;

/// No choice: a written or number answer.
const NONE: u32 = u32::MAX;

/// Strings (question ids, choices, channels) as small numbers.
#[derive(Debug, Default)]
struct Strings {
    list: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(s.to_owned());
        self.ids.insert(s.to_owned(), id);
        id
    }
}

#[derive(Debug)]
struct Sent {
    channel: u32,
    school: Option<i64>,
    day: i64,
    /// Where its answers and numbers start in [`Tally::answers`] and [`Tally::numbers`]; they
    /// end where the next response's start.
    answers: u32,
    numbers: u32,
}

/// Responses being added to a tally, with their answers by the response's place among them.
#[derive(Debug, Default)]
pub struct Adding {
    new: HashMap<i64, usize>,
    added: Vec<(i64, u32, Option<i64>, i64)>,
    answers: Vec<(u32, u32, u32)>,
    numbers: Vec<(u32, u32, i64)>,
}

/// One survey's sent responses, in memory.
#[derive(Debug, Default)]
pub struct Tally {
    survey_id: i64,
    /// The state of the database it was last brought up to; `None` until read.
    state: Option<State>,
    /// The latest time a response in it was sent.
    latest_sent: i64,
    known: HashSet<i64, std::hash::BuildHasherDefault<Fast>>,
    latest_id: i64,
    sent: Vec<Sent>,
    /// (question, choice or [`NONE`]) for every answer row, a response's together.
    answers: Vec<(u32, u32)>,
    /// (question, number) for every number answer.
    numbers: Vec<(u32, i64)>,
    strings: Strings,
}

impl Tally {
    pub fn new(survey_id: i64) -> Tally {
        Tally { survey_id, ..Tally::default() }
    }

    pub fn survey_id(&self) -> i64 {
        self.survey_id
    }

    /// Whether it was last brought up to exactly this state.
    pub fn is_at(&self, state: State) -> bool {
        self.state == Some(state)
    }

    /// Where an update reads from: a little before the latest response it holds, or from the
    /// start when it has never been read.
    pub fn read_since(&self) -> Option<i64> {
        self.state.map(|_| self.latest_sent - OVERLAP)
    }

    /// Whether it holds every response sent in `state`; if not, it must be read again whole.
    pub fn accounts_for(&self, state: State) -> bool {
        self.sent.len() as i64 == state.0 && self.latest_id == state.1
    }

    /// Marks it as up to date with `state`.
    pub fn read_at(&mut self, state: State) {
        self.state = Some(state);
    }

    /// Starts adding the responses among `rows` (id, channel, school, sent at) that it does not
    /// hold yet; `None` when there are none. Their answers follow with [`Tally::answer`], then
    /// [`Tally::finish`].
    pub fn start_adding(&mut self, rows: Vec<(i64, String, Option<i64>, i64)>) -> Option<Adding> {
        let mut adding = Adding::default();
        for (id, channel, school, at) in rows {
            if self.known.contains(&id) || adding.new.contains_key(&id) {
                continue;
            }
            adding.new.insert(id, adding.added.len());
            adding.added.push((id, self.strings.id(&channel), school, at));
        }
        (!adding.added.is_empty()).then_some(adding)
    }

    /// One answer row; those of responses not being added are passed over.
    pub fn answer(&mut self, adding: &mut Adding, response: i64, question: &str, choice: Option<&str>, number: Option<i64>) {
        let Some(&at) = adding.new.get(&response) else { return };
        let q = self.strings.id(question);
        let c = choice.map_or(NONE, |c| self.strings.id(c));
        adding.answers.push((at as u32, q, c));
        if let Some(n) = number {
            adding.numbers.push((at as u32, q, n));
        }
    }

    /// Adds the responses with their answers.
    pub fn finish(&mut self, adding: Adding) {
        let Adding { added, mut answers, mut numbers, .. } = adding;
        answers.sort_unstable_by_key(|a| a.0);
        numbers.sort_unstable_by_key(|n| n.0);
        let (mut a, mut n) = (answers.iter().peekable(), numbers.iter().peekable());
        for (at, (id, channel, school, sent_at)) in added.into_iter().enumerate() {
            self.sent.push(Sent {
                channel,
                school,
                day: sent_at.div_euclid(86_400),
                answers: self.answers.len() as u32,
                numbers: self.numbers.len() as u32,
            });
            while let Some(&(_, q, c)) = a.next_if(|x| x.0 as usize == at) {
                self.answers.push((q, c));
            }
            while let Some(&(_, q, v)) = n.next_if(|x| x.0 as usize == at) {
                self.numbers.push((q, v));
            }
            self.known.insert(id);
            self.latest_id = self.latest_id.max(id);
            self.latest_sent = self.latest_sent.max(sent_at);
        }
    }

    fn answers_of(&self, i: usize) -> &[(u32, u32)] {
        let end = self.sent.get(i + 1).map_or(self.answers.len(), |s| s.answers as usize);
        &self.answers[self.sent[i].answers as usize..end]
    }

    fn numbers_of(&self, i: usize) -> &[(u32, i64)] {
        let end = self.sent.get(i + 1).map_or(self.numbers.len(), |s| s.numbers as usize);
        &self.numbers[self.sent[i].numbers as usize..end]
    }

    /// The responses that match `filter`, by their place.
    fn matching<'a>(&'a self, filter: &Filter) -> Box<dyn Iterator<Item = usize> + 'a> {
        if filter.question.is_empty() {
            return Box::new(0..self.sent.len());
        }
        let (Some(&q), Some(&c)) = (self.strings.ids.get(&filter.question), self.strings.ids.get(&filter.choice)) else {
            return Box::new(std::iter::empty());
        };
        Box::new((0..self.sent.len()).filter(move |&i| self.answers_of(i).contains(&(q, c))))
    }

    /// The figures of the sent responses that match `filter`; `started` counts every response
    /// begun, and `schools` names schools by id.
    pub fn figures(&self, filter: &Filter, started: i64, schools: &HashMap<i64, String>) -> Figures {
        let words = &self.strings.list;
        let mut submitted = 0;
        let mut channels = vec![0i64; words.len()];
        let mut by_school: FastMap<i64, i64> = FastMap::default();
        let mut days: FastMap<i64, i64> = FastMap::default();
        let mut choices: FastMap<u64, i64> = FastMap::default();
        let mut answered = vec![0i64; words.len()];
        let mut numbers: FastMap<u32, (i64, i64, i64, i64)> = FastMap::default();
        // The response that last counted each question, so that one choosing several options
        // of a question answered it once.
        let mut last = vec![usize::MAX; words.len()];
        for i in self.matching(filter) {
            let r = &self.sent[i];
            submitted += 1;
            channels[r.channel as usize] += 1;
            if let Some(school) = r.school {
                *by_school.entry(school).or_default() += 1;
            }
            *days.entry(r.day).or_default() += 1;
            for &(q, c) in self.answers_of(i) {
                if c != NONE {
                    *choices.entry(pair(q, c)).or_default() += 1;
                }
                if last[q as usize] != i {
                    last[q as usize] = i;
                    answered[q as usize] += 1;
                }
            }
            for &(q, v) in self.numbers_of(i) {
                let e = numbers.entry(q).or_insert((0, 0, v, v));
                // Saturating: numbers stored before answers were bounded cannot wrap the sum.
                *e = (e.0 + 1, e.1.saturating_add(v), e.2.min(v), e.3.max(v));
            }
        }
        let mut figures = Figures { started, submitted, ..Figures::default() };
        figures.by_channel = sorted(channels.iter().enumerate().filter(|&(_, &n)| n > 0).map(|(c, &n)| (words[c].clone(), n)));
        // Schools are named now, so that a renamed school reads as it is; two of one name count together.
        let mut named: HashMap<&str, i64> = HashMap::new();
        for (school, n) in by_school {
            if let Some(name) = schools.get(&school) {
                *named.entry(name).or_default() += n;
            }
        }
        figures.by_school = sorted(named.into_iter().map(|(s, n)| (s.to_owned(), n)));
        figures.by_day = sorted(days.into_iter());
        for (key, n) in choices {
            let (q, c) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
            figures.choices.entry(words[q].clone()).or_default().insert(words[c].clone(), n);
        }
        figures.answered = answered.iter().enumerate().filter(|&(_, &n)| n > 0).map(|(q, &n)| (words[q].clone(), n)).collect();
        figures.numbers = numbers.into_iter().map(|(q, v)| (words[q as usize].clone(), v)).collect();
        figures
    }

    /// How many answers to each question chose no option (written and number answers), by
    /// question id.
    pub fn unchosen(&self) -> HashMap<String, i64> {
        let mut counts = vec![0i64; self.strings.list.len()];
        for &(q, c) in &self.answers {
            if c == NONE {
                counts[q as usize] += 1;
            }
        }
        counts.iter().enumerate().filter(|&(_, &n)| n > 0).map(|(q, &n)| (self.strings.list[q].clone(), n)).collect()
    }

    /// The answers of the sent responses that match `filter`, broken down by their answer to
    /// the question `by`.
    pub fn crosstab(&self, filter: &Filter, by: &str) -> CrossFigures {
        let words = &self.strings.list;
        let Some(&by) = self.strings.ids.get(by) else { return CrossFigures::default() };
        // Keyed by (question, choice) as one number, then the choice to `by`.
        let mut cells: FastMap<(u64, u32), i64> = FastMap::default();
        let mut answered: FastMap<u64, i64> = FastMap::default();
        let mut columns = Vec::new();
        let mut asked: HashSet<u64, std::hash::BuildHasherDefault<Fast>> = HashSet::default();
        for i in self.matching(filter) {
            let answers = self.answers_of(i);
            columns.clear();
            columns.extend(answers.iter().filter(|&&(q, c)| q == by && c != NONE).map(|&(_, c)| c));
            if columns.is_empty() {
                continue;
            }
            asked.clear();
            for &(q, c) in answers {
                if c != NONE {
                    for &b in &columns {
                        *cells.entry((pair(q, c), b)).or_default() += 1;
                    }
                }
                for &b in &columns {
                    if asked.insert(pair(q, b)) {
                        *answered.entry(pair(q, b)).or_default() += 1;
                    }
                }
            }
        }
        let name = |x: u64| words[x as usize].clone();
        CrossFigures {
            cells: cells.into_iter().map(|((qc, b), n)| ((name(qc >> 32), name(qc & 0xffff_ffff), name(b as u64)), n)).collect(),
            answered: answered.into_iter().map(|(qb, n)| ((name(qb >> 32), name(qb & 0xffff_ffff)), n)).collect(),
        }
    }
}

/// A fast hash for the small integer keys counted here (the multiply-and-rotate hash of
/// `rustc-hash`); the standard hasher's protection against chosen keys is not needed for
/// numbers this module makes itself.
#[derive(Default, Clone, Copy)]
struct Fast(u64);

impl std::hash::Hasher for Fast {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fast>>;

/// Two interned strings as one key.
fn pair(a: u32, b: u32) -> u64 {
    (a as u64) << 32 | b as u64
}

fn sorted<K: Ord, V>(pairs: impl Iterator<Item = (K, V)>) -> Vec<(K, V)> {
    let mut v: Vec<(K, V)> = pairs.collect();
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tally of responses given as (channel, school, day, answers as (question, choice)).
    fn tally(responses: &[(&str, Option<i64>, i64, &[(&str, Option<&str>)])]) -> Tally {
        let mut t = Tally::default();
        for (channel, school, day, answers) in responses {
            let channel = t.strings.id(channel);
            t.sent.push(Sent { channel, school: *school, day: *day, answers: t.answers.len() as u32, numbers: t.numbers.len() as u32 });
            for (q, c) in answers.iter() {
                let (q, c) = (t.strings.id(q), c.map_or(NONE, |c| t.strings.id(c)));
                t.answers.push((q, c));
            }
        }
        t
    }

    fn filter(q: &str, c: &str) -> Filter {
        Filter { question: q.into(), choice: c.into() }
    }

    #[test]
    fn counts_what_each_response_chose_once_per_question() {
        let t = tally(&[
            ("link", None, 1, &[("district", Some("dover")), ("help", Some("reading")), ("help", Some("maths")), ("why", None)]),
            ("school_code", Some(7), 1, &[("district", Some("thanet")), ("help", Some("reading"))]),
            ("link", None, 2, &[("district", Some("dover")), ("why", None)]),
        ]);
        let schools = HashMap::from([(7, "Oak Primary".to_string())]);
        let f = t.figures(&Filter::default(), 5, &schools);
        assert_eq!((f.started, f.submitted), (5, 3));
        assert_eq!(f.by_channel, vec![("link".into(), 2), ("school_code".into(), 1)]);
        assert_eq!(f.by_school, vec![("Oak Primary".into(), 1)]);
        assert_eq!(f.by_day, vec![(1, 2), (2, 1)]);
        assert_eq!(f.choices["help"]["reading"], 2);
        assert_eq!(f.choices["district"]["dover"], 2);
        assert_eq!((f.answered["help"], f.answered["why"], f.answered["district"]), (2, 2, 3));

        let dover = t.figures(&filter("district", "dover"), 5, &schools);
        assert_eq!(dover.submitted, 2);
        assert_eq!(dover.choices["help"].get("maths"), Some(&1));
        assert!(dover.by_school.is_empty());
        let nobody = t.figures(&filter("district", "ashford"), 5, &schools);
        assert_eq!((nobody.submitted, nobody.answered.len()), (0, 0));
    }

    #[test]
    fn breaks_answers_down_by_another_question() {
        let t = tally(&[
            ("link", None, 1, &[("district", Some("dover")), ("help", Some("reading")), ("help", Some("maths")), ("why", None)]),
            ("link", None, 1, &[("district", Some("thanet")), ("help", Some("reading"))]),
            ("link", None, 1, &[("help", Some("reading"))]),
        ]);
        let x = t.crosstab(&Filter::default(), "district");
        let cell = |q: &str, c: &str, b: &str| x.cells.get(&(q.into(), c.into(), b.into())).copied();
        assert_eq!(cell("help", "reading", "dover"), Some(1));
        assert_eq!(cell("help", "maths", "dover"), Some(1));
        assert_eq!(cell("help", "reading", "thanet"), Some(1));
        assert_eq!(cell("district", "dover", "dover"), Some(1));
        assert_eq!(x.answered[&("help".into(), "dover".into())], 1, "two choices, one response");
        assert_eq!(x.answered[&("why".into(), "dover".into())], 1);
        assert!(!x.answered.contains_key(&("why".into(), "thanet".into())));
        let within = t.crosstab(&filter("help", "maths"), "district");
        assert_eq!(within.answered.get(&("help".into(), "thanet".into())), None);
        assert!(t.crosstab(&Filter::default(), "no-such-question").cells.is_empty());
        assert_eq!(t.unchosen(), HashMap::from([("why".to_string(), 1)]));
    }
}
