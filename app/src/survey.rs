//! What a survey is: its pages, questions and routes, and how an answer to each kind
//! of question is read and checked. Shared by the server (which validates and stores)
//! and the pages (which render), so the two can never disagree.
//!
//! A published survey version is an immutable snapshot of a [`SurveyDefinition`],
//! stored as JSON; every response points at the version it answered.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Longest free-text answer accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;

/// The largest number any number answer may be, whatever the question allows (and the smallest,
/// negated): a billion, so that adding up every answer can never overflow.
pub const NUMBER_LIMIT: i64 = 1_000_000_000;

/// Who a survey is for. Decides the tone of the start page and the answer scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    YoungPeople,
    ParentsCarers,
    Schools,
    Other,
}

impl Audience {
    pub fn label(self) -> &'static str {
        match self {
            Audience::YoungPeople => "Children and young people",
            Audience::ParentsCarers => "Parents and carers",
            Audience::Schools => "Schools and settings",
            Audience::Other => "Everyone",
        }
    }

    /// The group in the middle of a sentence: "young people", "parents and carers".
    pub fn noun(self) -> &'static str {
        match self {
            Audience::YoungPeople => "young people",
            Audience::ParentsCarers => "parents and carers",
            Audience::Schools => "schools and settings",
            Audience::Other => "people",
        }
    }

    /// The audience as the database stores it ("young_people"); anything else is `Other`.
    pub fn from_stored(stored: &str) -> Audience {
        match stored {
            "young_people" => Audience::YoungPeople,
            "parents_carers" => Audience::ParentsCarers,
            "schools" => Audience::Schools,
            _ => Audience::Other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyDefinition {
    pub title: String,
    pub audience: Audience,
    /// What the survey is for, in plain English.
    pub intro: String,
    /// The same in Easy Read: short sentences, one idea each.
    #[serde(default)]
    pub easy_read_intro: Option<String>,
    /// About how long it takes.
    pub minutes: u32,
    /// The privacy notice, written for the audience.
    pub privacy: String,
    /// Whether to tell respondents (young people) that someone may contact their
    /// school if they write that they are not safe.
    #[serde(default)]
    pub safeguarding_notice: bool,
    pub pages: Vec<Page>,
}

/// One page of questions (one question per page by default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    pub questions: Vec<Question>,
    /// Checked in order after the page is answered; the first that matches decides
    /// where to go. With none matching, the next page follows.
    #[serde(default)]
    pub routes: Vec<Route>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// A question on this page.
    pub question: String,
    /// The option value that triggers the route.
    pub answer: String,
    pub goto: Goto,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goto {
    Page(String),
    End,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the survey: answers are keyed by it.
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// The question in Easy Read.
    #[serde(default)]
    pub easy_read: Option<String>,
    #[serde(default)]
    pub image: Option<Image>,
    #[serde(default)]
    pub required: bool,
    /// Offer "I don't understand the question".
    #[serde(default)]
    pub allow_dont_understand: bool,
    /// Offer "I'd rather not say".
    #[serde(default)]
    pub allow_prefer_not_to_say: bool,
    /// Outcome statements and areas of need, for analysis.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A picture or symbol beside a question. Alt text is required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice {
        options: Vec<Choice>,
    },
    MultipleChoice {
        options: Vec<Choice>,
    },
    /// A scale from 1 to `labels.len()`, in words or as faces with words under each.
    Rating {
        style: ScaleStyle,
        labels: Vec<String>,
    },
    LikeNotSureDislike,
    YesNoNotSure,
    ShortText,
    LongText,
    Number {
        min: Option<i64>,
        max: Option<i64>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleStyle {
    Words,
    Faces,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: &str, label: &str) -> Self {
        Self { value: value.into(), label: label.into() }
    }
}

/// Special answers any question may offer.
pub const DONT_UNDERSTAND: &str = "dont_understand";
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Choice(String),
    Choices(Vec<String>),
    Text(String),
    Number(i64),
    DontUnderstand,
    PreferNotToSay,
}

/// Answers so far, by question id.
pub type Answers = BTreeMap<String, Answer>;

/// A response in progress: the answers, and which pages have been submitted (an
/// optional question left blank leaves no answer, but its page is done).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub answers: Answers,
    #[serde(default)]
    pub seen: BTreeSet<String>,
    /// Questions answered for the person by what they started with (a school's access code
    /// knows the school's phase and district): pages of only these are passed over.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub given: BTreeSet<String>,
}

/// What was posted for one question, kept as typed so a page with an error can show
/// it again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Posted {
    pub values: Vec<String>,
}

impl Posted {
    pub fn first(&self) -> &str {
        self.values.first().map(String::as_str).unwrap_or("")
    }
}

impl QuestionKind {
    /// The fixed options of a choice-like question as (value, label).
    pub fn options(&self) -> Vec<(String, String)> {
        let pairs = |list: &[(&str, &str)]| list.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
        match self {
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                options.iter().map(|c| (c.value.clone(), c.label.clone())).collect()
            }
            QuestionKind::Rating { labels, .. } => labels.iter().enumerate().map(|(i, l)| ((i + 1).to_string(), l.clone())).collect(),
            QuestionKind::LikeNotSureDislike => pairs(&[("like", "I like it"), ("not_sure", "Not sure"), ("dislike", "I don't like it")]),
            QuestionKind::YesNoNotSure => pairs(&[("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]),
            _ => Vec::new(),
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self, QuestionKind::ShortText | QuestionKind::LongText)
    }
}

impl Question {
    /// A required question with nothing optional set.
    pub fn new(id: &str, text: &str, kind: QuestionKind) -> Self {
        Self {
            id: id.into(),
            kind,
            text: text.into(),
            hint: None,
            easy_read: None,
            image: None,
            required: true,
            allow_dont_understand: false,
            allow_prefer_not_to_say: false,
            tags: vec![],
        }
    }

    /// Reads what was posted for this question. `Ok(None)` is a skipped optional
    /// question; `Err` is a message for the person, naming what to do.
    pub fn read(&self, posted: &Posted) -> Result<Option<Answer>, String> {
        let values: Vec<&str> = posted.values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
        if self.allow_dont_understand && values.contains(&DONT_UNDERSTAND) {
            return Ok(Some(Answer::DontUnderstand));
        }
        if self.allow_prefer_not_to_say && values.contains(&PREFER_NOT_TO_SAY) {
            return Ok(Some(Answer::PreferNotToSay));
        }
        if values.is_empty() {
            return if self.required { Err(self.missing_message()) } else { Ok(None) };
        }
        let options = self.kind.options();
        let known = |v: &str| options.iter().any(|(value, _)| value == v);
        match &self.kind {
            QuestionKind::MultipleChoice { .. } => {
                if let Some(bad) = values.iter().find(|v| !known(v)) {
                    let _ = bad;
                    return Err("Select from the options shown".into());
                }
                let mut chosen: Vec<String> = Vec::new();
                for (value, _) in &options {
                    if values.contains(&value.as_str()) {
                        chosen.push(value.clone());
                    }
                }
                Ok(Some(Answer::Choices(chosen)))
            }
            QuestionKind::SingleChoice { .. }
            | QuestionKind::Rating { .. }
            | QuestionKind::LikeNotSureDislike
            | QuestionKind::YesNoNotSure => {
                if values.len() != 1 || !known(values[0]) {
                    return Err("Select one of the options shown".into());
                }
                Ok(Some(Answer::Choice(values[0].to_owned())))
            }
            QuestionKind::ShortText | QuestionKind::LongText => {
                let text = posted.first().trim();
                let limit = if self.kind == QuestionKind::ShortText { 500 } else { MAX_TEXT_CHARS };
                let length = text.chars().count();
                if length > limit {
                    return Err(format!(
                        "Your answer must be {} characters or fewer. It is {} characters now.",
                        group(limit),
                        group(length)
                    ));
                }
                Ok(Some(Answer::Text(text.to_owned())))
            }
            QuestionKind::Number { min, max } => {
                let raw = values[0].replace(',', "");
                let Ok(n) = raw.parse::<i64>() else {
                    return Err("Enter a whole number, like 12".into());
                };
                match (min, max) {
                    (Some(lo), Some(hi)) if n < *lo || n > *hi => Err(format!("Enter a number between {lo} and {hi}")),
                    (Some(lo), None) if n < *lo => Err(format!("Enter a number that is {lo} or more")),
                    (None, Some(hi)) if n > *hi => Err(format!("Enter a number that is {hi} or less")),
                    _ if !(-NUMBER_LIMIT..=NUMBER_LIMIT).contains(&n) => {
                        Err(format!("Enter a number between -{0} and {0}", group(NUMBER_LIMIT as usize)))
                    }
                    _ => Ok(Some(Answer::Number(n))),
                }
            }
        }
    }

    fn missing_message(&self) -> String {
        match self.kind {
            QuestionKind::MultipleChoice { .. } => "Select at least one option".into(),
            QuestionKind::ShortText | QuestionKind::LongText => "Write your answer".into(),
            QuestionKind::Number { .. } => "Enter a number".into(),
            _ => "Select one option".into(),
        }
    }

    /// The answer as words, for "Check your answers" and exports.
    pub fn describe(&self, answer: &Answer) -> String {
        let options = self.kind.options();
        let label = |v: &str| options.iter().find(|(value, _)| value == v).map(|(_, l)| l.clone()).unwrap_or_else(|| v.to_owned());
        match answer {
            Answer::Choice(v) => label(v),
            Answer::Choices(vs) => vs.iter().map(|v| label(v)).collect::<Vec<_>>().join(", "),
            Answer::Text(t) => t.clone(),
            Answer::Number(n) => n.to_string(),
            Answer::DontUnderstand => "I don't understand the question".into(),
            Answer::PreferNotToSay => "I'd rather not say".into(),
        }
    }

    /// The posted form of a stored answer, to fill the page in again.
    pub fn posted_from(answer: &Answer) -> Posted {
        let values = match answer {
            Answer::Choice(v) | Answer::Text(v) => vec![v.clone()],
            Answer::Choices(vs) => vs.clone(),
            Answer::Number(n) => vec![n.to_string()],
            Answer::DontUnderstand => vec![DONT_UNDERSTAND.into()],
            Answer::PreferNotToSay => vec![PREFER_NOT_TO_SAY.into()],
        };
        Posted { values }
    }
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a respondent goes after a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Page(usize),
    CheckAnswers,
}

impl SurveyDefinition {
    pub fn page_index(&self, id: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.pages.iter().flat_map(|p| p.questions.iter()).find(|q| q.id == id)
    }

    /// Whether every question on page `index` was answered for the person, so that the page
    /// is passed over going forwards and back.
    pub fn page_given(&self, index: usize, draft: &Draft) -> bool {
        let page = &self.pages[index];
        !page.questions.is_empty() && page.questions.iter().all(|q| draft.given.contains(&q.id))
    }

    /// Where to go after page `index`: as [`Self::next_after`], passing over pages answered
    /// for the person.
    pub fn next_to_ask(&self, index: usize, draft: &Draft) -> Next {
        let mut next = self.next_after(index, &draft.answers);
        while let Next::Page(n) = next {
            if !self.page_given(n, draft) {
                break;
            }
            next = self.next_after(n, &draft.answers);
        }
        next
    }

    /// Where to go after page `index`, given the answers.
    pub fn next_after(&self, index: usize, answers: &Answers) -> Next {
        let Some(page) = self.pages.get(index) else { return Next::CheckAnswers };
        for route in &page.routes {
            let matched = match answers.get(&route.question) {
                Some(Answer::Choice(v)) => *v == route.answer,
                Some(Answer::Choices(vs)) => vs.contains(&route.answer),
                _ => false,
            };
            if matched {
                return match &route.goto {
                    Goto::End => Next::CheckAnswers,
                    Goto::Page(id) => self.page_index(id).map(Next::Page).unwrap_or(Next::CheckAnswers),
                };
            }
        }
        if index + 1 < self.pages.len() {
            Next::Page(index + 1)
        } else {
            Next::CheckAnswers
        }
    }

    /// The pages a respondent with these answers passes through, in order. Pages
    /// that routing skips are not on it, so their answers are not asked for or kept.
    pub fn path(&self, draft: &Draft) -> Vec<usize> {
        let answers = &draft.answers;
        let mut path = Vec::new();
        let mut index = 0;
        while index < self.pages.len() && !path.contains(&index) {
            path.push(index);
            match self.next_after(index, answers) {
                Next::Page(next) => index = next,
                Next::CheckAnswers => break,
            }
        }
        path
    }

    /// Whether every page on the path up to `index` has been answered, so nobody can
    /// jump ahead by editing the address.
    pub fn can_visit(&self, index: usize, draft: &Draft) -> bool {
        let path = self.path(draft);
        let Some(position) = path.iter().position(|&p| p == index) else { return false };
        path[..position].iter().all(|&p| self.page_answered(p, draft))
    }

    /// A page counts as answered when each required question has an answer and the
    /// page has been submitted at least once (optional questions may be skipped).
    pub fn page_answered(&self, index: usize, draft: &Draft) -> bool {
        let page = &self.pages[index];
        draft.seen.contains(&page.id) && page.questions.iter().all(|q| !q.required || draft.answers.contains_key(&q.id))
    }

    /// Whether everything on the path is answered: the response may be submitted.
    pub fn is_complete(&self, draft: &Draft) -> bool {
        self.path(draft).into_iter().all(|p| self.page_answered(p, draft))
    }

    /// The first page on the path still to answer, if any.
    pub fn first_unanswered(&self, draft: &Draft) -> Option<usize> {
        self.path(draft).into_iter().find(|&p| !self.page_answered(p, draft))
    }

    /// Answers on the path only: drops those to questions that routing now skips.
    pub fn answers_on_path(&self, draft: &Draft) -> Answers {
        let answers = &draft.answers;
        let path = self.path(draft);
        let mut kept = Answers::new();
        for index in path {
            for q in &self.pages[index].questions {
                if let Some(a) = answers.get(&q.id) {
                    kept.insert(q.id.clone(), a.clone());
                }
            }
        }
        kept
    }

    /// Problems that would make the survey unusable, in words for the commissioner:
    /// routes that point backwards or to a missing page, duplicate ids, choice
    /// questions without options, pictures without alt text.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        if self.pages.is_empty() {
            problems.push("Add at least one question".to_string());
        }
        let mut page_ids = std::collections::BTreeSet::new();
        for (index, page) in self.pages.iter().enumerate() {
            if !page_ids.insert(page.id.as_str()) {
                problems.push(format!("Two pages share the id \u{201c}{}\u{201d}", page.id));
            }
            if page.questions.is_empty() {
                problems.push(format!("Page {} has no questions", index + 1));
            }
            for q in &page.questions {
                if !ids.insert(q.id.clone()) {
                    problems.push(format!("Two questions share the id \u{201c}{}\u{201d}", q.id));
                }
                if q.text.trim().is_empty() {
                    problems.push(format!("Question \u{201c}{}\u{201d} has no text", q.id));
                }
                if let Some(image) = &q.image {
                    if image.alt.trim().is_empty() {
                        problems.push(format!("The picture on \u{201c}{}\u{201d} needs alt text", q.text));
                    }
                }
                match &q.kind {
                    QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } if options.len() < 2 => {
                        problems.push(format!("\u{201c}{}\u{201d} needs at least two options", q.text));
                    }
                    QuestionKind::Rating { labels, .. } if !(2..=7).contains(&labels.len()) => {
                        problems.push(format!("\u{201c}{}\u{201d} needs a scale of 2 to 7 points", q.text));
                    }
                    _ => {}
                }
            }
        }
        problems.extend(self.route_problems());
        problems
    }

    /// What is wrong with the routes: a question not on the route's page, an answer
    /// the question does not offer, a page that does not exist or is not later.
    pub fn route_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (index, page) in self.pages.iter().enumerate() {
            for route in &page.routes {
                let on_page = page.questions.iter().find(|q| q.id == route.question);
                match on_page {
                    None => problems.push(format!("A route on page {} uses a question that is not on that page", index + 1)),
                    Some(q) if !q.kind.options().iter().any(|(v, _)| *v == route.answer) => {
                        problems.push(format!("A route on \u{201c}{}\u{201d} uses an answer the question does not offer", q.text))
                    }
                    Some(_) => {}
                }
                if let Goto::Page(target) = &route.goto {
                    match self.page_index(target) {
                        None => problems.push(format!("A route on page {} goes to a page that does not exist", index + 1)),
                        Some(t) if t <= index => {
                            problems.push(format!("A route on page {} goes back to page {}; routes can only go forwards", index + 1, t + 1))
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, kind: QuestionKind, required: bool) -> Question {
        Question { required, ..Question::new(id, &format!("Question {id}"), kind) }
    }

    fn posted(values: &[&str]) -> Posted {
        Posted { values: values.iter().map(|v| v.to_string()).collect() }
    }

    fn yes_no_survey() -> SurveyDefinition {
        let page = |id: &str, q: Question, routes: Vec<Route>| Page { id: id.into(), questions: vec![q], routes };
        SurveyDefinition {
            title: "T".into(),
            audience: Audience::ParentsCarers,
            intro: "I".into(),
            easy_read_intro: None,
            minutes: 5,
            privacy: "P".into(),
            safeguarding_notice: false,
            pages: vec![
                page(
                    "used",
                    question("used", QuestionKind::YesNoNotSure, true),
                    vec![Route { question: "used".into(), answer: "no".into(), goto: Goto::Page("why-not".into()) }],
                ),
                page(
                    "how-good",
                    question("how-good", QuestionKind::LongText, false),
                    vec![Route { question: "how-good".into(), answer: "x".into(), goto: Goto::End }],
                ),
                page("why-not", question("why-not", QuestionKind::LongText, false), vec![]),
            ],
        }
    }

    fn answered(pairs: &[(&str, Answer)], pages: &[&str]) -> Draft {
        Draft {
            answers: pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            seen: pages.iter().map(|p| p.to_string()).collect(),
            given: Default::default(),
        }
    }

    #[test]
    fn a_required_question_left_blank_says_what_to_do() {
        let q = question("q", QuestionKind::YesNoNotSure, true);
        assert_eq!(q.read(&posted(&[])), Err("Select one option".into()));
        assert_eq!(q.read(&posted(&["  "])), Err("Select one option".into()));
    }

    #[test]
    fn an_optional_question_may_be_skipped() {
        let q = question("q", QuestionKind::ShortText, false);
        assert_eq!(q.read(&posted(&[""])), Ok(None));
    }

    #[test]
    fn an_answer_not_among_the_options_is_refused() {
        let q = question("q", QuestionKind::LikeNotSureDislike, true);
        assert!(q.read(&posted(&["love"])).is_err());
        assert!(q.read(&posted(&["like", "dislike"])).is_err());
        assert_eq!(q.read(&posted(&["like"])), Ok(Some(Answer::Choice("like".into()))));
    }

    #[test]
    fn multiple_choices_keep_the_order_of_the_options() {
        let kind = QuestionKind::MultipleChoice { options: vec![Choice::new("a", "A"), Choice::new("b", "B"), Choice::new("c", "C")] };
        let q = question("q", kind, true);
        assert_eq!(q.read(&posted(&["c", "a"])), Ok(Some(Answer::Choices(vec!["a".into(), "c".into()]))));
        assert!(q.read(&posted(&["a", "z"])).is_err());
    }

    #[test]
    fn rating_values_are_the_scale_points() {
        let q =
            question("q", QuestionKind::Rating { style: ScaleStyle::Faces, labels: vec!["Bad".into(), "OK".into(), "Good".into()] }, true);
        assert_eq!(q.read(&posted(&["3"])), Ok(Some(Answer::Choice("3".into()))));
        assert!(q.read(&posted(&["4"])).is_err());
        assert_eq!(q.describe(&Answer::Choice("3".into())), "Good");
    }

    #[test]
    fn text_over_the_limit_is_refused_with_both_lengths() {
        let q = question("q", QuestionKind::LongText, true);
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(q.read(&posted(&[&long])), Err("Your answer must be 5,000 characters or fewer. It is 5,001 characters now.".into()));
        assert!(q.read(&posted(&[&"é".repeat(MAX_TEXT_CHARS)])).is_ok(), "counts characters, not bytes");
    }

    #[test]
    fn numbers_are_checked_against_their_range() {
        let q = question("q", QuestionKind::Number { min: Some(0), max: Some(25) }, true);
        assert_eq!(q.read(&posted(&["12"])), Ok(Some(Answer::Number(12))));
        assert_eq!(q.read(&posted(&["26"])), Err("Enter a number between 0 and 25".into()));
        assert_eq!(q.read(&posted(&["twelve"])), Err("Enter a whole number, like 12".into()));
        assert_eq!(q.read(&posted(&["2000000000"])), Err("Enter a number between 0 and 25".into()), "its own range first");
        // Without a range of its own, a number still stays where every answer can be added up.
        let open = question("q", QuestionKind::Number { min: None, max: None }, true);
        assert_eq!(open.read(&posted(&["1,000,000,000"])), Ok(Some(Answer::Number(NUMBER_LIMIT))));
        let too_big = Err("Enter a number between -1,000,000,000 and 1,000,000,000".to_string());
        for n in ["1000000001", "-1000000001", "9223372036854775807", "-9223372036854775808"] {
            assert_eq!(open.read(&posted(&[n])), too_big, "{n}");
        }
    }

    #[test]
    fn special_answers_are_accepted_only_where_offered() {
        let mut q = question("q", QuestionKind::YesNoNotSure, true);
        assert!(q.read(&posted(&[DONT_UNDERSTAND])).is_err());
        q.allow_dont_understand = true;
        assert_eq!(q.read(&posted(&[DONT_UNDERSTAND])), Ok(Some(Answer::DontUnderstand)));
    }

    #[test]
    fn routes_send_people_past_pages_that_do_not_apply() {
        let survey = yes_no_survey();
        let no = answered(&[("used", Answer::Choice("no".into()))], &["used"]);
        assert_eq!(survey.next_after(0, &no.answers), Next::Page(2));
        assert_eq!(survey.path(&no), vec![0, 2]);
        let yes = answered(&[("used", Answer::Choice("yes".into()))], &["used"]);
        assert_eq!(survey.path(&yes), vec![0, 1, 2]);
    }

    #[test]
    fn nobody_can_jump_ahead_of_unanswered_pages() {
        let survey = yes_no_survey();
        assert!(survey.can_visit(0, &Draft::default()));
        assert!(!survey.can_visit(1, &Draft::default()));
        let no = answered(&[("used", Answer::Choice("no".into()))], &["used"]);
        assert!(!survey.can_visit(1, &no), "skipped by routing");
        assert!(survey.can_visit(2, &no));
        assert!(!survey.is_complete(&no));
        let done = answered(&[("used", Answer::Choice("no".into()))], &["used", "why-not"]);
        assert!(survey.is_complete(&done));
    }

    #[test]
    fn answers_to_skipped_pages_are_dropped() {
        let survey = yes_no_survey();
        let answers = answered(&[("used", Answer::Choice("no".into())), ("how-good", Answer::Text("old".into()))], &["used", "how-good"]);
        assert!(!survey.answers_on_path(&answers).contains_key("how-good"));
    }

    #[test]
    fn routes_backwards_or_to_missing_pages_are_problems() {
        let mut survey = yes_no_survey();
        assert_eq!(
            survey.problems(),
            vec!["A route on \u{201c}Question how-good\u{201d} uses an answer the question does not offer".to_string()]
        );
        survey.pages[1].routes.clear();
        assert!(survey.problems().is_empty());
        survey.pages[2].routes.push(Route { question: "why-not".into(), answer: "x".into(), goto: Goto::Page("used".into()) });
        survey.pages[0].routes[0].goto = Goto::Page("nowhere".into());
        let problems = survey.problems();
        assert!(problems.iter().any(|p| p.contains("goes to a page that does not exist")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("routes can only go forwards")), "{problems:?}");
    }

    #[test]
    fn definitions_round_trip_through_json() {
        let survey = yes_no_survey();
        let json = serde_json::to_string(&survey).unwrap();
        assert_eq!(serde_json::from_str::<SurveyDefinition>(&json).unwrap(), survey);
    }
}
