//! Themes for any CSV of answers, for `chorus themes`: answers from paper forms or another tool.

use crate::csv::{row, Ending, Table};
use crate::stance::Framing;
use crate::{analyse_framed, Embedder, Kind};

pub struct Report {
    /// `id,theme_id,theme_label,stance`, one row per answer, in input order.
    pub assignments: String,
    /// A plain-text table of the themes (found themes largest first, then general praise and the buckets), with quotes.
    pub summary: String,
}

/// Themes the `text_column` of a CSV, naming rows by `id_column`.
/// Each answer's stance is read against `framing`, what the question they answered asked for.
pub fn run(
    csv: &str,
    text_column: &str,
    id_column: &str,
    themes: Option<usize>,
    framing: Framing,
    embedder: &Embedder,
) -> Result<Report, String> {
    let table = Table::parse(csv)?;
    let tc = table.column(text_column)?;
    let ic = table.column(id_column)?;
    let texts: Vec<&str> = table.rows.iter().map(|r| table.cell(r, tc)).collect();
    let ids: Vec<&str> = table.rows.iter().map(|r| table.cell(r, ic)).collect();
    let vectors = embedder.vectors(&texts);
    let a = analyse_framed(&texts, &vectors, themes, &vec![framing; texts.len()]);
    let theme_id = |t: usize| match a.themes[t].kind {
        Kind::NoAnswer => "no-answer".to_string(),
        Kind::NothingToAdd => "nothing-to-add".to_string(),
        Kind::NothingGood => "nothing-good".to_string(),
        Kind::Praise => "general-praise".to_string(),
        Kind::Found => format!("T{:02}", t + 1),
    };
    let mut assignments = row(["id", "theme_id", "theme_label", "stance"], Ending::Lf);
    for (i, id) in ids.iter().enumerate() {
        let t = a.theme_of[i];
        assignments.push_str(&row([id as &str, &theme_id(t), &a.themes[t].label, a.stance[i].as_str()], Ending::Lf));
    }
    let mut summary = format!(
        "{} answers, {} themes ({})\n\n",
        texts.len(),
        a.themes.len(),
        if embedder.has_model() { "sentence model" } else { "word vectors: no sentence model found" }
    );
    for (t, theme) in a.themes.iter().enumerate() {
        summary.push_str(&format!("{:>14}  {:>6}  {}\n", theme_id(t), theme.members.len(), theme.label));
        summary.push_str(&format!("{:>24}{}\n", "", theme.description));
        for &q in &theme.quotes {
            let quote: String = texts[q].chars().take(100).collect();
            summary.push_str(&format!("{:>24}\u{201c}{}\u{201d}\n", "", quote.trim()));
        }
    }
    Ok(Report { assignments, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_one_row_per_answer() {
        let mut csv = String::from("ref,answer\n");
        for i in 0..10 {
            csv.push_str(&format!("a{i},\"Waiting times were too long, {i} weeks\"\n"));
            csv.push_str(&format!("b{i},The teacher was kind and helpful\n"));
        }
        csv.push_str("c1,n/a\n");
        let r = run(&csv, "answer", "ref", Some(2), Framing::Open, &Embedder::words_only()).unwrap();
        let lines: Vec<&str> = r.assignments.lines().collect();
        assert_eq!(lines[0], "id,theme_id,theme_label,stance");
        assert_eq!(lines.len(), 22);
        assert!(lines[21].starts_with("c1,no-answer,No answer,"));
        assert!(lines[1].starts_with("a0,T0"));
        assert!(lines[1].ends_with(",negative"));
        assert!(r.summary.contains("21 answers"));
        assert!(run(&csv, "text", "ref", None, Framing::Open, &Embedder::words_only()).is_err());
        let praised = run(
            "id,text\n1,The reading group\n2,Nothing\n",
            "text",
            "id",
            Some(1),
            Framing::of_question("What worked well?"),
            &Embedder::words_only(),
        )
        .unwrap();
        assert!(praised.assignments.contains("\n1,T01,") && praised.assignments.contains(",positive\n2,"), "{}", praised.assignments);
        assert!(praised.assignments.ends_with(",negative\n"), "{}", praised.assignments);
    }
}
