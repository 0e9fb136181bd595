//! Reading a school directory pasted or uploaded as CSV: `name,district,phase`, and the
//! school's address if known (which may run over several lines, quoted), one school a row, with an
//! optional header row.

use crate::surveys::profile::{DISTRICTS, PHASES};

#[derive(Debug, PartialEq, Eq)]
pub struct SchoolRow {
    pub name: String,
    pub district: String,
    pub phase: String,
    /// The postal address, or empty.
    pub address: String,
}

/// The word of `allowed` that `value` is, whatever its capitals and surrounding spaces.
pub(crate) fn canonical<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed.iter().copied().find(|a| a.eq_ignore_ascii_case(value.trim()))
}

/// Every row, or every problem (with its line number) if there are any: a directory
/// is imported whole or not at all.
pub fn parse(text: &str) -> Result<Vec<SchoolRow>, Vec<String>> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let records = match chorus_themes::csv::records(text) {
        Ok(records) => records,
        Err(problem) => return Err(vec![format!("The CSV cannot be read: {problem}")]),
    };
    for record in records {
        let number = record.line;
        let f: Vec<String> = record.fields.iter().map(|f| f.trim().to_owned()).collect();
        if f.iter().all(String::is_empty) {
            continue;
        }
        if number == 1 && f.first().is_some_and(|h| h.eq_ignore_ascii_case("name")) {
            continue;
        }
        if f.len() != 3 && f.len() != 4 {
            problems
                .push(format!("Line {number}: give a name, a district and a phase, and the address if you have it, separated by commas"));
            continue;
        }
        if f[0].is_empty() || f[0].chars().count() > 200 {
            problems.push(format!("Line {number}: the school's name must be 1 to 200 characters"));
            continue;
        }
        let Some(district) = canonical(&f[1], &DISTRICTS) else {
            problems.push(format!("Line {number}: \u{201c}{}\u{201d} is not one of Kent's 12 districts", f[1]));
            continue;
        };
        let Some(phase) = canonical(&f[2], &PHASES) else {
            problems.push(format!("Line {number}: the phase must be one of: {}", PHASES.join(", ")));
            continue;
        };
        let address = f.get(3).cloned().unwrap_or_default();
        if address.chars().count() > 300 {
            problems.push(format!("Line {number}: the address must be 300 characters or fewer"));
            continue;
        }
        rows.push(SchoolRow { name: f[0].clone(), district: district.into(), phase: phase.into(), address });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push("Enter at least one school".into());
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_with_or_without_a_header_and_quotes() {
        let rows = parse("name,district,phase\n\"St John's, Dover\",dover,primary\nOakwood School,Maidstone,Special\n").unwrap();
        assert_eq!(
            rows[0],
            SchoolRow { name: "St John's, Dover".into(), district: "Dover".into(), phase: "Primary".into(), address: String::new() }
        );
        assert_eq!(rows[1].phase, "Special");
        let with_address = parse("Herne Bay Junior School,Canterbury,Primary,\"Kings Road, Herne Bay CT6 5DA\"").unwrap();
        assert_eq!(with_address[0].address, "Kings Road, Herne Bay CT6 5DA");
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let problems = parse("A School,Atlantis,Primary\nB School,Dover\nC School,Thanet,University").unwrap_err();
        assert_eq!(problems.len(), 3);
        assert!(problems[0].starts_with("Line 1: \u{201c}Atlantis\u{201d} is not one of Kent's 12 districts"));
        assert!(problems[1].starts_with("Line 2:"));
        assert!(problems[2].starts_with("Line 3: the phase must be one of"));
    }

    #[test]
    fn an_address_over_several_lines_is_one_school() {
        let rows = parse("Herne Bay Junior School,Canterbury,Primary,\"Kings Road\nHerne Bay\nCT6 5DA\"\nB School,Atlantis,Primary\n");
        let problems = rows.unwrap_err();
        assert_eq!(problems, ["Line 4: \u{201c}Atlantis\u{201d} is not one of Kent's 12 districts"], "the second school starts on line 4");
        let rows = parse("Herne Bay Junior School,Canterbury,Primary,\"Kings Road\nHerne Bay CT6 5DA\"\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].address, "Kings Road\nHerne Bay CT6 5DA");
        assert_eq!(parse("A,Dover,Primary,\"open").unwrap_err().len(), 1);
    }

    #[test]
    fn an_empty_import_says_what_to_do() {
        assert_eq!(parse(" \n"), Err(vec!["Enter at least one school".to_string()]));
    }
}
