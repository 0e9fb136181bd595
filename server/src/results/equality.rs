//! The equality evidence page and its workbook: how many people gave each answer to each equality
//! monitoring question, across an engagement's surveys. Nothing else reads those answers.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries::EngagementRecord;
use crate::results::figures::{thousands, Disclosure};
use crate::results::queries::{self as results, Filter};
use crate::surveys::profile::{equality_key, EQUALITY};
use crate::web::error::{AppError, AppResult};
use crate::web::page;
use crate::AppState;
use app::pages::equality::{EqualityPage, EqualityRow, EqualitySection};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/engagements/{slug}/equality", get(evidence)).route("/admin/engagements/{slug}/equality.xlsx", get(workbook))
}

/// One characteristic across the engagement: each answer's count, in the question's order, then
/// "I'd rather not say" and "Not answered"; the surveys that asked it, and how many sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Characteristic {
    /// The characteristic's key, as in `equality:<key>`.
    pub key: String,
    pub name: String,
    pub surveys: Vec<String>,
    pub asked: i64,
    pub counts: Vec<(String, i64)>,
}

/// Every characteristic some survey of the engagement asks about, in the section's order.
pub async fn characteristics(state: &AppState, e: &EngagementRecord) -> AppResult<Vec<Characteristic>> {
    let mut found: Vec<(usize, Characteristic)> = Vec::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let asked_about = results::equality_questions_asked(&state.db, listed.id).await?;
        if asked_about.is_empty() {
            continue;
        }
        let (figures, _) = results::cached_figures(&state.db, listed.id, &Filter::default(), None).await?;
        let ids: Vec<String> = asked_about.iter().map(|q| q.id.clone()).collect();
        let asking = results::sent_asking(&state.db, listed.id, &ids).await?;
        for q in &asked_about {
            let Some(place) = equality_key(q).and_then(|k| EQUALITY.iter().position(|(key, _)| *key == k)) else { continue };
            let counted = figures.choices.get(&q.id);
            let count = |value: &str| counted.and_then(|c| c.get(value)).copied().unwrap_or(0);
            let at = match found.iter().position(|(p, _)| *p == place) {
                Some(at) => at,
                None => {
                    let (key, name) = EQUALITY[place];
                    found.push((place, Characteristic { key: key.into(), name: name.into(), ..Default::default() }));
                    found.len() - 1
                }
            };
            let c = &mut found[at].1;
            c.surveys.push(survey.definition.title.clone());
            // Only those sent a version that asked it were asked.
            let asked = asking.get(&q.id).copied().unwrap_or(figures.submitted);
            c.asked += asked;
            let mut answered = 0;
            let mut answers: Vec<(String, i64)> = q.kind.options().into_iter().map(|(value, label)| (label, count(&value))).collect();
            answers.push(("I'd rather not say".into(), count(app::survey::PREFER_NOT_TO_SAY)));
            for (label, n) in answers {
                answered += n;
                match c.counts.iter_mut().find(|(l, _)| *l == label) {
                    Some(entry) => entry.1 += n,
                    None => c.counts.push((label, n)),
                }
            }
            let not_answered = (asked - answered).max(0);
            match c.counts.iter_mut().find(|(l, _)| l == "Not answered") {
                Some(entry) => entry.1 += not_answered,
                None => c.counts.push(("Not answered".into(), not_answered)),
            }
        }
    }
    found.sort_by_key(|(p, _)| *p);
    // "I'd rather not say" and "Not answered" last, whichever survey added an answer later.
    let mut found: Vec<Characteristic> = found.into_iter().map(|(_, c)| c).collect();
    for c in &mut found {
        let last = |l: &str| match l {
            "I'd rather not say" => 1,
            "Not answered" => 2,
            _ => 0,
        };
        c.counts.sort_by_key(|(l, _)| last(l));
    }
    Ok(found)
}

/// Which counts are hidden from `who`: those below the threshold, and, where one would be hidden
/// alone (the total being shown, it could be worked out), the next smallest with it; and whether
/// the total must be hidden too, when there is no other count to hide beside the one.
pub fn hidden(who: Disclosure, counts: &[i64]) -> (Vec<bool>, bool) {
    let mut hidden: Vec<bool> = counts.iter().map(|&n| !who.shows(n)).collect();
    if hidden.iter().filter(|h| **h).count() == 1 {
        let next = (0..counts.len()).filter(|&i| !hidden[i] && counts[i] > 0).min_by_key(|&i| (counts[i], i));
        match next {
            Some(i) => hidden[i] = true,
            None => return (hidden, true),
        }
    }
    (hidden, false)
}

/// The answers people choose between: not "I'd rather not say" or "Not answered".
fn told(label: &str) -> bool {
    !matches!(label, "I'd rather not say" | "Not answered")
}

/// A share as a whole percentage.
fn percent(n: i64, of: i64) -> i64 {
    (n as f64 * 100.0 / of as f64).round() as i64
}

/// The gap between the share of those who told us and the population's, in points, in words; and
/// whether it is one to act on: fewer than four in five of the people the population would lead
/// us to expect.
pub fn gap(told: i64, population: i64) -> (String, bool) {
    let under = population > 0 && told * 5 < population * 4;
    let points = |d: i64| if d == 1 { "1 point".to_string() } else { format!("{d} points") };
    let words = match told - population {
        0 => "the same".to_string(),
        d if d > 0 => format!("{} more", points(d)),
        d => format!("{} fewer", points(-d)),
    };
    if under {
        (format!("{words}: under-represented"), true)
    } else {
        (words, false)
    }
}

/// A characteristic's rows in words, compared with the population where `population` holds its
/// numbers (answer, people); and why the comparison is not shown, if it is not.
fn rows(who: Disclosure, c: &Characteristic, population: &[(String, i64)]) -> (Vec<EqualityRow>, Option<String>) {
    let counts: Vec<i64> = c.counts.iter().map(|(_, n)| *n).collect();
    let (hide, total_hidden) = hidden(who, &counts);
    let told_us: i64 = c.counts.iter().filter(|(l, _)| told(l)).map(|(_, n)| n).sum();
    let of_population: i64 = population.iter().map(|(_, n)| n).sum();
    // Shares of those who told us come from the answers' counts alone: shown only when every one
    // of them is, so that they give away no count the table hides.
    let comparable = !total_hidden && told_us > 0 && c.counts.iter().zip(&hide).all(|((l, _), h)| !told(l) || !h);
    let note = if population.is_empty() || of_population == 0 {
        None
    } else if told_us == 0 {
        Some("Not compared with the population: nobody has answered yet.".to_string())
    } else if !comparable {
        Some(
            "Not compared with the population: some counts are hidden, and shares of those who told us would let them be worked out."
                .to_string(),
        )
    } else {
        None
    };
    let rows = c
        .counts
        .iter()
        .zip(hide)
        .map(|((label, n), hidden)| {
            let (people, share) = if hidden {
                let why = if who.shows(*n) { "not shown".to_string() } else { format!("fewer than {}", who.threshold) };
                (why, "not shown".to_string())
            } else {
                let share = if total_hidden {
                    "not shown".into()
                } else if c.asked > 0 {
                    format!("{}%", percent(*n, c.asked))
                } else {
                    "none asked".into()
                };
                (thousands(*n), share)
            };
            let mut row = EqualityRow { answer: label.clone(), people, share, compared: None, under: false };
            if !population.is_empty() && of_population > 0 {
                let dash = || ("\u{2013}".to_string(), "\u{2013}".to_string(), "\u{2013}".to_string());
                let expected = population.iter().find(|(a, _)| a == label).map(|(_, p)| percent(*p, of_population));
                row.compared = Some(match expected {
                    _ if !told(label) => dash(),
                    None => ("\u{2013}".into(), "not given".into(), "\u{2013}".into()),
                    Some(expected) if comparable => {
                        let took_part = percent(*n, told_us);
                        let (words, under) = gap(took_part, expected);
                        row.under = under;
                        (format!("{took_part}%"), format!("{expected}%"), words)
                    }
                    Some(expected) if told_us == 0 => ("\u{2013}".into(), format!("{expected}%"), "\u{2013}".into()),
                    Some(expected) => ("not shown".into(), format!("{expected}%"), "not shown".into()),
                });
            }
            row
        })
        .collect();
    (rows, note)
}

fn asked_in_words(who: Disclosure, c: &Characteristic) -> String {
    // One count hidden with no other beside it would be the total: then the total is hidden.
    let counts: Vec<i64> = c.counts.iter().map(|(_, n)| *n).collect();
    let people = if hidden(who, &counts).1 { format!("fewer than {}", who.threshold) } else { thousands(c.asked) };
    format!("Asked in {}: {people} people sent a version that asked it.", c.surveys.join(", "))
}

async fn evidence(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let population = crate::results::equality_population::uploaded(&state.db).await?;
    let sections: Vec<EqualitySection> = characteristics(&state, &e)
        .await?
        .iter()
        .map(|c| {
            let (rows, note) = rows(who, c, &population_of(&population, &c.key));
            EqualitySection { name: c.name.clone(), asked: asked_in_words(who, c), rows, note }
        })
        .collect();
    let (title, threshold) = (e.title.clone(), e.suppression_threshold);
    let can_upload = staff.can(Permission::EditEngagements);
    Ok(page(&format!("Equality evidence: {title}"), Some(staff.badge()), false, move || {
        view! { <EqualityPage slug=slug title=title threshold=threshold sections=sections can_upload=can_upload/> }
    })
    .into_response())
}

/// The same tables as a workbook, one sheet a characteristic, small counts hidden as they would
/// be for anyone outside the council.
async fn workbook(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    use crate::results::xlsx::{Cell, Sheet};
    staff.require(Permission::SeeResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::shared(e.suppression_threshold);
    let found = characteristics(&state, &e).await?;
    let population = crate::results::equality_population::uploaded(&state.db).await?;
    let mut sheets = vec![Sheet {
        name: "About".into(),
        rows: vec![
            vec![Cell::from("Equality evidence"), Cell::from(e.title.clone())],
            vec![Cell::from("Counted on"), Cell::from(crate::db::date_in_words(crate::db::now()))],
            vec![
                Cell::from("Small numbers"),
                Cell::from(format!(
                    "Counts below {} are not shown, nor the next smallest where one would be hidden alone. Percentages are of everyone asked; where the population is uploaded, those who took part are compared with it as shares of those who told us.",
                    e.suppression_threshold
                )),
            ],
        ],
    }];
    for c in &found {
        let (table, note) = rows(who, c, &population_of(&population, &c.key));
        let mut heading = vec![Cell::from("Answer"), Cell::from("People"), Cell::from("Of everyone asked")];
        if table.iter().any(|r| r.compared.is_some()) {
            heading.extend([Cell::from("Of those who told us"), Cell::from("Of the population"), Cell::from("Difference")]);
        }
        let mut rows = vec![heading];
        rows.extend(table.into_iter().map(|r| {
            let mut cells = vec![Cell::from(r.answer), Cell::from(r.people), Cell::from(r.share)];
            if let Some((took_part, expected, difference)) = r.compared {
                cells.extend([Cell::from(took_part), Cell::from(expected), Cell::from(difference)]);
            }
            cells
        }));
        rows.push(vec![]);
        rows.push(vec![Cell::from(asked_in_words(who, c))]);
        if let Some(note) = note {
            rows.push(vec![Cell::from(note)]);
        }
        sheets.push(Sheet { name: c.name.clone(), rows });
    }
    let bytes = crate::results::xlsx::workbook(&sheets).map_err(anyhow::Error::from)?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, "equality evidence downloaded");
    Ok(crate::results::routes::download(crate::results::xlsx::CONTENT_TYPE, &format!("{slug}-equality.xlsx"), bytes.into()))
}

/// The uploaded population of one characteristic: (answer, people).
fn population_of(uploaded: &[(String, String, i64)], key: &str) -> Vec<(String, i64)> {
    uploaded.iter().filter(|(k, _, _)| k == key).map(|(_, a, n)| (a.clone(), *n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_hidden_alone_takes_the_next_smallest_with_it() {
        let who = Disclosure { threshold: 5, exact: false };
        assert_eq!(hidden(who, &[20, 3, 9, 7, 0]), (vec![false, true, false, true, false], false));
        assert_eq!(hidden(who, &[20, 3, 2, 7]), (vec![false, true, true, false], false));
        assert_eq!(hidden(who, &[20, 9, 0]), (vec![false, false, false], false));
        assert_eq!(hidden(Disclosure { threshold: 5, exact: true }, &[20, 3]), (vec![false, false], false));
        // Three people, all one way: the total would give them away.
        assert_eq!(hidden(who, &[3, 0, 0]), (vec![true, false, false], true));
    }

    #[test]
    fn a_gap_is_under_representation_below_four_fifths_of_the_population() {
        assert_eq!(gap(40, 52), ("12 points fewer: under-represented".to_string(), true));
        assert_eq!(gap(42, 52), ("10 points fewer".to_string(), false));
        assert_eq!(gap(60, 48), ("12 points more".to_string(), false));
        assert_eq!(gap(0, 1), ("1 point fewer: under-represented".to_string(), true));
        assert_eq!(gap(5, 5), ("the same".to_string(), false));
    }

    #[test]
    fn shares_of_those_who_told_us_are_shown_only_when_every_answer_is() {
        let who = Disclosure { threshold: 5, exact: false };
        let c = |counts: &[(&str, i64)]| Characteristic {
            key: "sex".into(),
            name: "Sex".into(),
            surveys: vec![],
            asked: counts.iter().map(|(_, n)| n).sum(),
            counts: counts.iter().map(|(l, n)| (l.to_string(), *n)).collect(),
        };
        let population = vec![("Female".to_string(), 35), ("Male".to_string(), 65)];
        // Three would rather not say, hidden with the next smallest (Female's 20): no shares.
        let (hidden_some, note) =
            rows(who, &c(&[("Female", 20), ("Male", 30), ("I'd rather not say", 3), ("Not answered", 0)]), &population);
        assert!(note.is_some());
        assert_eq!(hidden_some[1].compared, Some(("not shown".into(), "65%".into(), "not shown".into())));
        // Every answer shown: 40% of the 50 who told us are female, against 35%.
        let (all_shown, note) = rows(who, &c(&[("Female", 20), ("Male", 30), ("I'd rather not say", 6), ("Not answered", 8)]), &population);
        assert_eq!(note, None);
        assert_eq!(all_shown[0].compared, Some(("40%".into(), "35%".into(), "5 points more".into())));
        assert_eq!(all_shown[1].compared, Some(("60%".into(), "65%".into(), "5 points fewer".into())));
        assert_eq!(all_shown[2].compared, Some(("\u{2013}".into(), "\u{2013}".into(), "\u{2013}".into())));
        // No population: no comparison.
        assert_eq!(rows_no_population(who), None);
    }

    fn rows_no_population(who: Disclosure) -> Option<(String, String, String)> {
        let c =
            Characteristic { key: "sex".into(), name: "Sex".into(), asked: 10, counts: vec![("Female".into(), 10)], ..Default::default() };
        rows(who, &c, &[]).0[0].compared.clone()
    }
}
