//! CSV exports of a survey's sent responses: one row per response, or one row per
//! answer. Rows stream from the database as they are read, so an export of any
//! size starts at once and never sits whole in memory. Below administrator, written answers
//! come without the details that identify people and schools, and answers flagged to the
//! safeguarding team are withheld.

use crate::results::deidentify::Reading;
use app::survey::{SurveyDefinition, DONT_UNDERSTAND, PREFER_NOT_TO_SAY};
use chorus_themes::csv::line;
use std::collections::HashMap;

/// Which shape of export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One row per response, one column per question.
    Wide,
    /// One row per answer (per choice for multiple choice).
    Long,
}

/// One stored answer row, as read in response order.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AnswerRow {
    pub response_id: i64,
    pub submitted_at: i64,
    pub channel: String,
    pub school: String,
    pub question_id: String,
    pub choice: Option<String>,
    pub text_value: Option<String>,
    pub number_value: Option<i64>,
    /// 1 when the response is with the safeguarding team.
    pub flagged: i64,
}

fn day(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_default()
}

/// Writes rows of one export as CSV text, given the answer rows in response order.
pub struct Writer {
    shape: Shape,
    reading: Reading,
    /// Question ids in the survey's order, and their text.
    questions: Vec<(String, String)>,
    /// Option labels by (question id, value).
    labels: HashMap<(String, String), String>,
    /// The response being gathered (wide only): its first row, and its answers by question.
    current: Option<(AnswerRow, HashMap<String, Vec<String>>)>,
    /// Questions whose answers are left out (the equality monitoring questions).
    kept_apart: std::collections::HashSet<String>,
}

impl Writer {
    /// Only a reading in full names the school a response came from.
    pub fn new(def: &SurveyDefinition, shape: Shape, reading: Reading) -> Self {
        let mut labels = HashMap::new();
        let mut questions = Vec::new();
        for q in def.pages.iter().flat_map(|p| p.questions.iter()) {
            questions.push((q.id.clone(), q.text.clone()));
            for (value, label) in q.kind.options() {
                labels.insert((q.id.clone(), value), label);
            }
        }
        Self { shape, reading, questions, labels, current: None, kept_apart: Default::default() }
    }

    /// Leaves out the answers to these questions.
    pub fn keeping_apart(mut self, questions: impl IntoIterator<Item = String>) -> Self {
        self.kept_apart.extend(questions);
        self
    }

    /// The header line.
    pub fn header(&self) -> String {
        line(self.header_cells())
    }

    /// Takes the next answer row; returns any finished CSV text.
    pub fn push(&mut self, row: AnswerRow) -> String {
        self.push_cells(row).map(line).unwrap_or_default()
    }

    /// Ends the export; returns any last CSV text.
    pub fn finish(&mut self) -> String {
        self.finish_cells().map(line).unwrap_or_default()
    }

    /// The header's cells.
    pub fn header_cells(&self) -> Vec<String> {
        let mut cols = vec!["response".to_string(), "sent_on".into(), "arrived_by".into()];
        if self.reading.is_full() {
            cols.push("school".into());
        }
        match self.shape {
            Shape::Wide => cols.extend(self.questions.iter().map(|(_, text)| text.clone())),
            Shape::Long => cols.extend(["question_id", "question", "answer", "answer_label"].map(String::from)),
        }
        cols
    }

    fn answer_of(&self, row: &AnswerRow) -> (String, String) {
        match (&row.choice, &row.text_value, row.number_value) {
            (Some(c), _, _) if c == DONT_UNDERSTAND => (c.clone(), "I don't understand the question".into()),
            (Some(c), _, _) if c == PREFER_NOT_TO_SAY => (c.clone(), "I'd rather not say".into()),
            (Some(c), _, _) => (c.clone(), self.labels.get(&(row.question_id.clone(), c.clone())).cloned().unwrap_or_else(|| c.clone())),
            (None, Some(t), _) => {
                let t = self.reading.text(t, row.flagged != 0);
                (t.clone(), t)
            }
            (None, None, Some(n)) => (n.to_string(), n.to_string()),
            _ => (String::new(), String::new()),
        }
    }

    fn lead(&self, row: &AnswerRow) -> Vec<String> {
        let mut cols = vec![row.response_id.to_string(), day(row.submitted_at), row.channel.clone()];
        if self.reading.is_full() {
            cols.push(row.school.clone());
        }
        cols
    }

    /// Takes the next answer row; returns the cells of any finished row.
    pub fn push_cells(&mut self, row: AnswerRow) -> Option<Vec<String>> {
        match self.shape {
            Shape::Long if self.kept_apart.contains(&row.question_id) => None,
            Shape::Long => {
                let (value, label) = self.answer_of(&row);
                let text = self.questions.iter().find(|(id, _)| *id == row.question_id).map(|(_, t)| t.clone()).unwrap_or_default();
                let mut cols = self.lead(&row);
                cols.extend([row.question_id.clone(), text, value, label]);
                Some(cols)
            }
            Shape::Wide => {
                let done = match &self.current {
                    Some((first, _)) if first.response_id != row.response_id => self.finish_cells(),
                    _ => None,
                };
                let (_, label) = self.answer_of(&row);
                let entry = self.current.get_or_insert_with(|| (row.clone(), HashMap::new()));
                entry.1.entry(row.question_id.clone()).or_default().push(label);
                done
            }
        }
    }

    /// Ends the export; returns the cells of any last row.
    pub fn finish_cells(&mut self) -> Option<Vec<String>> {
        let (first, answers) = self.current.take()?;
        let mut cols = self.lead(&first);
        cols.extend(self.questions.iter().map(|(id, _)| answers.get(id).map(|a| a.join("; ")).unwrap_or_default()));
        Some(cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(response_id: i64, question: &str, choice: Option<&str>, text: Option<&str>) -> AnswerRow {
        AnswerRow {
            response_id,
            submitted_at: 1_795_824_000,
            channel: "link".into(),
            school: "Canterbury Academy".into(),
            question_id: question.into(),
            choice: choice.map(String::from),
            text_value: text.map(String::from),
            number_value: None,
            flagged: 0,
        }
    }

    fn guarded() -> Reading {
        Reading::Guarded(std::sync::Arc::new(crate::results::deidentify::Redactor::new(["Canterbury Academy"])))
    }

    #[test]
    fn wide_rows_gather_each_response_with_labels() {
        let def = crate::demo::parents_carers();
        let mut w = Writer::new(&def, Shape::Wide, guarded());
        let header = w.header();
        assert!(header.starts_with("response,sent_on,arrived_by,How are you connected"));
        let mut out = String::new();
        out += &w.push(row(1, "areas-of-need", Some("physical-and-sensory"), None));
        out += &w.push(row(1, "areas-of-need", Some("cognition-and-learning"), None));
        out += &w.push(row(1, "district", Some("thanet"), None));
        out += &w.push(row(2, "change", None, Some("More visits, please")));
        out += &w.finish();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "1,2026-11-28,link,,Thanet,Physical and sensory; Cognition and learning,,,,,,");
        assert!(lines[1].ends_with(",\"More visits, please\""));
    }

    #[test]
    fn long_rows_have_one_answer_each_and_schools_only_when_allowed() {
        let def = crate::demo::schools();
        let mut w = Writer::new(&def, Shape::Long, Reading::Full);
        assert_eq!(w.header(), "response,sent_on,arrived_by,school,question_id,question,answer,answer_label\r\n");
        assert_eq!(
            w.push(row(7, "phase", Some("primary"), None)),
            "7,2026-11-28,link,Canterbury Academy,phase,What phase is your school or setting?,primary,Primary\r\n"
        );
        assert!(!Writer::new(&def, Shape::Long, guarded()).header().contains("school,"));
    }

    #[test]
    fn written_answers_lose_identifying_details_and_flags_below_admin() {
        let def = crate::demo::parents_carers();
        let said = "Mrs Jones at Canterbury Academy helped";
        let mut flagged = row(3, "change", None, Some("someone hurts me"));
        flagged.flagged = 1;
        let mut w = Writer::new(&def, Shape::Long, guarded());
        assert!(w.push(row(2, "change", None, Some(said))).contains(",Mrs [name] at [school] helped,Mrs [name] at [school] helped\r\n"));
        let withheld = w.push(flagged.clone());
        assert!(withheld.contains(crate::results::deidentify::WITHHELD) && !withheld.contains("hurts"));
        let mut full = Writer::new(&def, Shape::Long, Reading::Full);
        assert!(full.push(row(2, "change", None, Some(said))).contains(said));
        assert!(full.push(flagged).contains("someone hurts me"));
    }
}
