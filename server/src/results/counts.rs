//! What a survey's figures are made of: counts of responses and answers, optionally filtered
//! and broken down, as [`crate::results::tally::Tally`] counts them and the pages read them.

use std::collections::HashMap;
use std::sync::Arc;

/// What a survey's responses look like from outside: (sent, latest sent response's id, started).
pub type State = (i64, i64, i64);

/// Figures (and a breakdown) with the state of the survey's responses they were counted from.
#[derive(Clone, Debug)]
pub struct CachedFigures {
    pub state: State,
    pub figures: Arc<Figures>,
    pub cross: Option<Arc<CrossFigures>>,
}

/// Only responses that chose `choice` for `question`; empty strings for everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub question: String,
    pub choice: String,
}

#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// Responses started, sent or not (not filtered: unsent ones have no answers).
    pub started: i64,
    pub submitted: i64,
    /// Sent responses by how they arrived: `link` or `school_code`.
    pub by_channel: Vec<(String, i64)>,
    /// Sent responses by school (those that used a school's access code).
    pub by_school: Vec<(String, i64)>,
    /// Sent responses by day, as (days since 1970, count), oldest first.
    pub by_day: Vec<(i64, i64)>,
    /// How many sent responses chose each option, by question id then option value.
    pub choices: HashMap<String, HashMap<String, i64>>,
    /// How many sent responses answered each question at all.
    pub answered: HashMap<String, i64>,
    /// Number answers by question id: (count, sum, lowest, highest).
    pub numbers: HashMap<String, (i64, i64, i64, i64)>,
}

/// Answers broken down by the answers to another question (`by`), for sent
/// responses that match the filter.
#[derive(Clone, Debug, Default)]
pub struct CrossFigures {
    /// Responses choosing each option, by (question id, option, option of `by`).
    pub cells: HashMap<(String, String, String), i64>,
    /// Responses answering each question, by (question id, option of `by`).
    pub answered: HashMap<(String, String), i64>,
}
