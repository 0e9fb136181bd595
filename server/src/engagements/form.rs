//! The engagement form: parsed at the edge into a checked [`crate::domain::EngagementInput`], with
//! GOV.UK-style messages for each field.

use crate::domain::EngagementInput;
use app::components::FieldError;
use app::pages::engagement_form::EngagementFormValues;
use time::{Date, Month};

/// Reads a date from its day, month and year fields. `Ok(None)` when all are empty.
pub(crate) fn date(label: &str, day: &str, month: &str, year: &str) -> Result<Option<Date>, String> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    let missing: Vec<&str> =
        [("day", day), ("month", month), ("year", year)].into_iter().filter(|(_, v)| v.is_empty()).map(|(n, _)| n).collect();
    if !missing.is_empty() {
        return Err(format!("{label} must include a {}", missing.join(" and a ")));
    }
    let parsed = (day.parse::<u8>(), month.parse::<u8>(), year.parse::<i32>());
    let (Ok(d), Ok(m), Ok(y)) = parsed else { return Err(format!("{label} must be a real date")) };
    if !(2000..=2100).contains(&y) {
        return Err(format!("{label} must be a year between 2000 and 2100, like 2027"));
    }
    let month = Month::try_from(m).map_err(|_| format!("{label} must be a real date"))?;
    Date::from_calendar_date(y, month, d).map(Some).map_err(|_| format!("{label} must be a real date"))
}

pub(crate) fn midnight(date: Date) -> i64 {
    date.midnight().assume_utc().unix_timestamp()
}

/// Checks every field; returns the input or every problem, each tied to its field.
pub fn parse(values: &EngagementFormValues) -> Result<EngagementInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = values.title.trim().to_owned();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter a title"));
    } else if title.chars().count() > 150 {
        errors.push(FieldError::new("title", "The title must be 150 characters or fewer"));
    }
    let summary = values.summary.trim().to_owned();
    if summary.is_empty() {
        errors.push(FieldError::new("summary", "Say what the engagement is for, in plain English"));
    } else if summary.chars().count() > 2_000 {
        errors.push(FieldError::new("summary", "The purpose must be 2,000 characters or fewer"));
    }
    let easy_read_summary = easy_read_lines(&values.easy_read_summary).unwrap_or_else(|e| {
        errors.push(FieldError::new("easy-read-summary", e));
        String::new()
    });
    let opens = date("The opening date", &values.opens_day, &values.opens_month, &values.opens_year)
        .map_err(|e| errors.push(FieldError::new("opens-day", e)))
        .ok()
        .flatten();
    let closes = date("The closing date", &values.closes_day, &values.closes_month, &values.closes_year)
        .map_err(|e| errors.push(FieldError::new("closes-day", e)))
        .ok()
        .flatten();
    if let (Some(o), Some(c)) = (opens, closes) {
        if c <= o {
            errors.push(FieldError::new("closes-day", "The closing date must be after the opening date"));
        }
    }
    let privacy_notice = values.privacy_notice.trim().to_owned();
    if privacy_notice.chars().count() > 5_000 {
        errors.push(FieldError::new("privacy-notice", "The privacy notice must be 5,000 characters or fewer"));
    }
    let contact = values.contact.trim().to_owned();
    if contact.chars().count() > 200 {
        errors.push(FieldError::new("contact", "The contact must be 200 characters or fewer"));
    }
    let threshold = values.smallest_group.trim();
    let suppression_threshold = if threshold.is_empty() {
        5
    } else {
        match threshold.parse::<i64>() {
            Ok(n) if (3..=100).contains(&n) => n,
            _ => {
                errors.push(FieldError::new("smallest-group", "The smallest group shown must be a whole number from 3 to 100"));
                5
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(EngagementInput {
        title,
        summary,
        easy_read_summary,
        opens_at: opens.map(midnight),
        // Open until the end of the closing day.
        closes_at: closes.map(|c| midnight(c) + 86_399),
        privacy_notice,
        contact,
        suppression_threshold,
    })
}

/// Easy Read text as lines of one short idea each: trimmed, blank lines dropped, and no line
/// longer than Easy Read allows.
pub fn easy_read_lines(text: &str) -> Result<String, String> {
    const MOST_WORDS: usize = 15;
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.iter().map(|l| l.chars().count()).sum::<usize>() > 2_000 {
        return Err("The Easy Read text must be 2,000 characters or fewer".into());
    }
    if let Some((n, words)) = lines.iter().map(|l| l.split_whitespace().count()).enumerate().find(|(_, w)| *w > MOST_WORDS) {
        return Err(format!(
            "Line {} of the Easy Read text has {words} words: keep each line to {MOST_WORDS} words or fewer, one idea on each line",
            n + 1
        ));
    }
    Ok(lines.join("\n"))
}

/// The form filled in from a stored engagement, for editing.
pub fn values_of(e: &crate::engagements::queries::EngagementRecord) -> EngagementFormValues {
    let parts = |at: Option<i64>| match at.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok()) {
        Some(t) => (t.day().to_string(), u8::from(t.month()).to_string(), t.year().to_string()),
        None => Default::default(),
    };
    let (opens_day, opens_month, opens_year) = parts(e.opens_at);
    let (closes_day, closes_month, closes_year) = parts(e.closes_at);
    EngagementFormValues {
        title: e.title.clone(),
        summary: e.summary.clone(),
        easy_read_summary: e.easy_read_summary.clone(),
        opens_day,
        opens_month,
        opens_year,
        closes_day,
        closes_month,
        closes_year,
        privacy_notice: e.privacy_notice.clone(),
        contact: e.contact.clone(),
        smallest_group: e.suppression_threshold.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> EngagementFormValues {
        EngagementFormValues {
            title: "STLS Phase 3".into(),
            summary: "Help us plan the next stage.".into(),
            opens_day: "1".into(),
            opens_month: "2".into(),
            opens_year: "2027".into(),
            closes_day: "31".into(),
            closes_month: "3".into(),
            closes_year: "2027".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_accepted_and_closes_at_the_end_of_the_day() {
        let input = parse(&values()).unwrap();
        assert_eq!(crate::db::date_in_words(input.opens_at.unwrap()), "1 February 2027");
        assert_eq!(crate::db::date_in_words(input.closes_at.unwrap()), "31 March 2027");
        assert_eq!(input.closes_at.unwrap() % 86_400, 86_399);
    }

    #[test]
    fn impossible_and_partial_dates_are_explained() {
        let mut v = values();
        v.opens_day = "30".into();
        v.opens_month = "2".into();
        v.closes_year = String::new();
        let errors = parse(&v).unwrap_err();
        assert_eq!(errors[0], FieldError::new("opens-day", "The opening date must be a real date"));
        assert_eq!(errors[1], FieldError::new("closes-day", "The closing date must include a year"));
    }

    #[test]
    fn closing_before_opening_is_refused() {
        let mut v = values();
        v.closes_month = "1".into();
        assert_eq!(parse(&v).unwrap_err(), vec![FieldError::new("closes-day", "The closing date must be after the opening date")]);
    }

    #[test]
    fn title_and_purpose_are_required() {
        let v = EngagementFormValues::default();
        let errors = parse(&v).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["title", "summary"]);
    }

    #[test]
    fn easy_read_is_kept_as_one_short_idea_on_each_line() {
        let mut v = values();
        v.easy_read_summary = "  We want to hear from you.\r\n\r\nYour ideas will help us.  \n".into();
        assert_eq!(parse(&v).unwrap().easy_read_summary, "We want to hear from you.\nYour ideas will help us.");
        v.easy_read_summary = "Short line.\nThis line goes on and on with far too many words for anyone to read it easily at all.".into();
        assert_eq!(
            parse(&v).unwrap_err(),
            vec![FieldError::new(
                "easy-read-summary",
                "Line 2 of the Easy Read text has 19 words: keep each line to 15 words or fewer, one idea on each line"
            )]
        );
    }
}
