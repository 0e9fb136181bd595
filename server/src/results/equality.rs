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
use app::pages::equality::{EqualityPage, EqualitySection};
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
        if survey.kept_apart.is_empty() {
            continue;
        }
        let (figures, _) = results::cached_figures(&state.db, listed.id, &Filter::default(), None).await?;
        for q in &survey.kept_apart {
            let Some(place) = equality_key(q).and_then(|k| EQUALITY.iter().position(|(key, _)| *key == k)) else { continue };
            let counted = figures.choices.get(&q.id);
            let count = |value: &str| counted.and_then(|c| c.get(value)).copied().unwrap_or(0);
            let at = match found.iter().position(|(p, _)| *p == place) {
                Some(at) => at,
                None => {
                    found.push((place, Characteristic { name: EQUALITY[place].1.to_string(), ..Default::default() }));
                    found.len() - 1
                }
            };
            let c = &mut found[at].1;
            c.surveys.push(survey.definition.title.clone());
            c.asked += figures.submitted;
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
            let not_answered = figures.submitted - answered;
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

/// A characteristic's rows in words: (answer, people, share of everyone asked).
fn rows(who: Disclosure, c: &Characteristic) -> Vec<(String, String, String)> {
    let counts: Vec<i64> = c.counts.iter().map(|(_, n)| *n).collect();
    let (hide, total_hidden) = hidden(who, &counts);
    c.counts
        .iter()
        .zip(hide)
        .map(|((label, n), hidden)| {
            if hidden {
                let why = if who.shows(*n) { "not shown".to_string() } else { format!("fewer than {}", who.threshold) };
                (label.clone(), why, "not shown".into())
            } else {
                let share = if total_hidden {
                    "not shown".into()
                } else if c.asked > 0 {
                    format!("{:.0}%", *n as f64 * 100.0 / c.asked as f64)
                } else {
                    "none asked".into()
                };
                (label.clone(), thousands(*n), share)
            }
        })
        .collect()
}

fn asked_in_words(who: Disclosure, c: &Characteristic) -> String {
    // One count hidden with no other beside it would be the total: then the total is hidden.
    let counts: Vec<i64> = c.counts.iter().map(|(_, n)| *n).collect();
    let people = if hidden(who, &counts).1 { format!("fewer than {}", who.threshold) } else { thousands(c.asked) };
    format!("Asked in {}: {people} people sent those surveys.", c.surveys.join(", "))
}

async fn evidence(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let sections: Vec<EqualitySection> = characteristics(&state, &e)
        .await?
        .iter()
        .map(|c| EqualitySection { name: c.name.clone(), asked: asked_in_words(who, c), rows: rows(who, c) })
        .collect();
    let (title, threshold) = (e.title.clone(), e.suppression_threshold);
    Ok(page(&format!("Equality evidence: {title}"), Some(staff.badge()), false, move || {
        view! { <EqualityPage slug=slug title=title threshold=threshold sections=sections/> }
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
    let mut sheets = vec![Sheet {
        name: "About".into(),
        rows: vec![
            vec![Cell::from("Equality evidence"), Cell::from(e.title.clone())],
            vec![Cell::from("Counted on"), Cell::from(crate::db::date_in_words(crate::db::now()))],
            vec![
                Cell::from("Small numbers"),
                Cell::from(format!(
                    "Counts below {} are not shown, nor the next smallest where one would be hidden alone. Percentages are of everyone asked.",
                    e.suppression_threshold
                )),
            ],
        ],
    }];
    for c in &found {
        let mut rows = vec![vec![Cell::from("Answer"), Cell::from("People"), Cell::from("Of everyone asked")]];
        rows.extend(rows_for_sheet(who, c));
        rows.push(vec![]);
        rows.push(vec![Cell::from(asked_in_words(who, c))]);
        sheets.push(Sheet { name: c.name.clone(), rows });
    }
    let bytes = crate::results::xlsx::workbook(&sheets).map_err(anyhow::Error::from)?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, "equality evidence downloaded");
    Ok(crate::results::routes::download(crate::results::xlsx::CONTENT_TYPE, &format!("{slug}-equality.xlsx"), bytes.into()))
}

fn rows_for_sheet(who: Disclosure, c: &Characteristic) -> Vec<Vec<crate::results::xlsx::Cell>> {
    use crate::results::xlsx::Cell;
    rows(who, c).into_iter().map(|(answer, people, share)| vec![Cell::from(answer), Cell::from(people), Cell::from(share)]).collect()
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
}
