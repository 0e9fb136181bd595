//! `chorus import-responses`: answers from paper forms or another tool, as a CSV, brought into a
//! survey's live version as sent responses.
//!
//! Each column is one question, named by its id or its exact wording; an `--id-column` (the row's
//! reference on paper) is allowed and ignored. Choices may be given by value or by label, several
//! separated by `;`. A file with any problem is refused whole, with every problem listed by row,
//! so nothing is half imported.

use crate::db::Db;
use app::survey::{Answer, Answers, QuestionKind, SurveyDefinition};
use chorus_themes::csv::Table;

/// Reads the rows of `csv` as answers to `def`, or every problem found.
pub fn read(def: &SurveyDefinition, csv: &str, id_column: Option<&str>) -> Result<Vec<Answers>, Vec<String>> {
    let table = Table::parse(csv).map_err(|e| vec![e])?;
    let questions: Vec<&app::survey::Question> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for (i, name) in table.header.iter().enumerate() {
        if Some(name.as_str()) == id_column {
            continue;
        }
        match questions.iter().find(|q| q.id == *name || q.text.trim().eq_ignore_ascii_case(name)) {
            Some(q) => columns.push((i, *q)),
            None => problems.push(format!("Column \u{201c}{name}\u{201d} is not a question in \u{201c}{}\u{201d}", def.title)),
        }
    }
    if let Some(id) = id_column {
        if !table.header.iter().any(|h| h == id) {
            problems.push(format!("There is no column \u{201c}{id}\u{201d}"));
        }
    }
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let line = r + 2;
        let mut answers = Answers::new();
        for (i, q) in &columns {
            let cell = table.cell(row, *i).trim();
            if cell.is_empty() {
                continue;
            }
            match parse_answer(&q.kind, cell) {
                Ok(a) => {
                    answers.insert(q.id.clone(), a);
                }
                Err(e) => problems.push(format!("Row {line}, \u{201c}{}\u{201d}: {e}", q.text)),
            }
        }
        if answers.is_empty() {
            problems.push(format!("Row {line} has no answers"));
        }
        out.push(answers);
    }
    if out.is_empty() && problems.is_empty() {
        problems.push("The file has no rows of answers".into());
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn option(options: &[(String, String)], cell: &str) -> Result<String, String> {
    options.iter().find(|(v, l)| v.eq_ignore_ascii_case(cell) || l.trim().eq_ignore_ascii_case(cell)).map(|(v, _)| v.clone()).ok_or_else(
        || {
            let labels: Vec<&str> = options.iter().map(|(_, l)| l.as_str()).collect();
            format!("\u{201c}{cell}\u{201d} is not one of: {}", labels.join(", "))
        },
    )
}

fn parse_answer(kind: &QuestionKind, cell: &str) -> Result<Answer, String> {
    match kind {
        // As on the web: no null character (which PostgreSQL cannot store), numbers within a
        // billion either way.
        _ if cell.contains('\0') => Err("the cell holds a null character".into()),
        QuestionKind::ShortText | QuestionKind::LongText => Ok(Answer::Text(cell.to_owned())),
        QuestionKind::Number { min, max } => {
            let n: i64 = cell.replace(',', "").parse().map_err(|_| format!("\u{201c}{cell}\u{201d} is not a whole number"))?;
            let limit = app::survey::NUMBER_LIMIT;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) || !(-limit..=limit).contains(&n) {
                return Err(format!("{n} is outside the range allowed"));
            }
            Ok(Answer::Number(n))
        }
        QuestionKind::MultipleChoice { .. } => {
            let options = kind.options();
            let chosen: Result<Vec<String>, String> =
                cell.split(';').map(str::trim).filter(|c| !c.is_empty()).map(|c| option(&options, c)).collect();
            Ok(Answer::Choices(chosen?))
        }
        _ => Ok(Answer::Choice(option(&kind.options(), cell)?)),
    }
}

/// Imports the rows as sent responses to the survey's live version; returns how many.
pub async fn import(db: &Db, slug: &str, csv: &str, id_column: Option<&str>) -> anyhow::Result<usize> {
    let version = crate::surveys::queries::live_version_id(db, slug).await?;
    let version = version.ok_or_else(|| anyhow::anyhow!("there is no published survey at /s/{slug}"))?;
    let (_, def) =
        crate::surveys::queries::version(db, version).await?.ok_or_else(|| anyhow::anyhow!("the survey's live version is missing"))?;
    let rows = read(&def, csv, id_column).map_err(|problems| anyhow::anyhow!("nothing was imported:\n  {}", problems.join("\n  ")))?;
    for answers in &rows {
        let flagged = answers.values().any(|a| matches!(a, Answer::Text(t) if crate::safeguarding::harm::may_disclose_harm(t)));
        let token = crate::web::codes::secret_token();
        let id = crate::respond::queries::create(
            db,
            version,
            crate::respond::queries::Channel::Import,
            &crate::web::codes::hash_secret(&token),
            &crate::web::codes::short_code(),
        )
        .await?;
        if flagged {
            let draft = app::survey::Draft { answers: answers.clone(), ..Default::default() };
            crate::respond::queries::save_draft(db, id, &draft, true).await?;
        }
        crate::respond::queries::submit(db, id, answers, &crate::web::codes::short_code()).await?;
    }
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_labels_and_reports_every_problem() {
        let def = crate::demo::parents_carers();
        let csv = "ref,relationship,Which part of Kent do you live in?,change\n\
                   p1,parent,Thanet,The wait was too long\n\
                   p2,Foster carer,dover,\n";
        let rows = read(&def, csv, Some("ref")).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["district"], Answer::Choice("thanet".into()));
        assert_eq!(rows[0]["change"], Answer::Text("The wait was too long".into()));
        assert!(!rows[1].contains_key("change"));

        let bad = "colour,district\nblue,Atlantis\n";
        let problems = read(&def, bad, None).unwrap_err();
        assert!(problems[0].contains("Column \u{201c}colour\u{201d} is not a question"), "{problems:?}");
        assert!(
            problems.iter().any(|p| p.starts_with("Row 2,") && p.contains("\u{201c}Atlantis\u{201d} is not one of: Ashford,")),
            "{problems:?}"
        );
        assert!(read(&def, "district\n", None).unwrap_err()[0].contains("no rows"));
    }
}
