//! Reach: the numbers of children and young people with SEND by district and area of need, as
//! the council uploads them, and each engagement's responses from children, young people and
//! families against them.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db::Db;
use crate::results::figures::{thousands, Disclosure};
use crate::results::queries::{self as results, Filter};
use crate::schools::csv::canonical;
use crate::surveys::profile::{AREAS_OF_NEED, DISTRICTS};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::reach::{PopulationPage, PopulationView, RateRow, ReachRatesPage};
use app::survey::Audience;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/population", get(population).post(upload)).route("/admin/engagements/{slug}/reach", get(rates))
}

/// Each (district, area of need, children) uploaded.
pub async fn send_population(db: &Db) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as("select district, need, children from send_population").fetch_all(&db.pool).await
}

pub async fn replace_population(db: &Db, rows: Vec<(String, String, i64)>) -> anyhow::Result<()> {
    db.write(move |conn| {
        Box::pin(async move {
            sqlx::query("delete from send_population").execute(&mut *conn).await?;
            for (district, need, children) in rows {
                sqlx::query("insert into send_population (district, need, children) values ($1, $2, $3)")
                    .bind(district)
                    .bind(need)
                    .bind(children)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        })
    })
    .await
}

/// Every (district, area of need, children) of a pasted CSV, or every problem with its line: the
/// numbers are replaced whole or not at all.
pub fn parse(text: &str) -> Result<Vec<(String, String, i64)>, Vec<String>> {
    let records = chorus_themes::csv::records(text).map_err(|p| vec![format!("The CSV cannot be read: {p}")])?;
    let (mut rows, mut problems): (Vec<(String, String, i64)>, Vec<String>) = (Vec::new(), Vec::new());
    for record in records {
        let n = record.line;
        let f: Vec<&str> = record.fields.iter().map(|f| f.trim()).collect();
        if f.iter().all(|f| f.is_empty()) || (n == 1 && f.first().is_some_and(|h| h.eq_ignore_ascii_case("district"))) {
            continue;
        }
        if f.len() != 3 {
            problems.push(format!("Line {n}: give a district, an area of need and a number, separated by commas"));
            continue;
        }
        let Some(district) = canonical(f[0], &DISTRICTS) else {
            problems.push(format!("Line {n}: \u{201c}{}\u{201d} is not one of Kent's 12 districts", f[0]));
            continue;
        };
        let Some(need) = canonical(f[1], &AREAS_OF_NEED) else {
            problems.push(format!("Line {n}: the area of need must be one of: {}", AREAS_OF_NEED.join(", ")));
            continue;
        };
        let Some(children) = f[2].replace(',', "").parse::<i64>().ok().filter(|c| (0..=10_000_000).contains(c)) else {
            problems.push(format!("Line {n}: the number of children must be a whole number, like 412"));
            continue;
        };
        if rows.iter().any(|(d, e, _)| d == district && e == need) {
            problems.push(format!("Line {n}: {district} and {need} are given twice"));
            continue;
        }
        rows.push((district.to_owned(), need.to_owned(), children));
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push("Paste at least one line: a district, an area of need and a number".into());
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

#[derive(Deserialize)]
struct Done {
    done: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Upload {
    csrf_token: String,
    population: String,
}

async fn render(state: &AppState, staff: &Staff, pasted: String, errors: Vec<FieldError>, notice: Option<String>) -> AppResult<Response> {
    let uploaded = send_population(&state.db).await?;
    let districts = if uploaded.is_empty() {
        vec![]
    } else {
        DISTRICTS
            .iter()
            .map(|d| {
                let counts = AREAS_OF_NEED
                    .iter()
                    .map(|n| {
                        uploaded
                            .iter()
                            .find(|(x, y, _)| x == d && y == n)
                            .map(|(_, _, c)| thousands(*c))
                            .unwrap_or_else(|| "not given".into())
                    })
                    .collect();
                (d.to_string(), counts)
            })
            .collect()
    };
    let view_model = PopulationView {
        csrf_token: staff.csrf_token.clone(),
        needs: AREAS_OF_NEED.iter().map(|n| n.to_string()).collect(),
        districts,
        can_edit: staff.user.role().can(Permission::EditEngagements),
        pasted,
        notice,
    };
    let problem = !errors.is_empty();
    Ok(form_page("Children and young people with SEND", problem, Some(staff.badge()), move || {
        view! { <PopulationPage view_model=view_model errors=errors/> }
    }))
}

async fn population(State(state): State<AppState>, staff: Staff, Query(q): Query<Done>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let notice = (q.done.as_deref() == Some("uploaded")).then(|| "The numbers are uploaded.".to_string());
    render(&state, &staff, String::new(), vec![], notice).await
}

async fn upload(State(state): State<AppState>, staff: Staff, Form(input): Form<Upload>) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    match parse(&input.population) {
        Err(problems) => {
            let errors = problems.into_iter().map(|p| FieldError::new("population", p)).collect();
            render(&state, &staff, input.population, errors, None).await
        }
        Ok(rows) => {
            let n = rows.len();
            replace_population(&state.db, rows).await?;
            tracing::info!(user_id = staff.user.id, rows = n, "numbers of children with SEND uploaded");
            Ok(Redirect::to("/admin/population?done=uploaded").into_response())
        }
    }
}

/// A rate in words: responses per 100 children, to one decimal place.
fn rate(responses: i64, children: i64) -> String {
    if children <= 0 {
        "no children given".into()
    } else {
        format!("{:.1}", responses as f64 * 100.0 / children as f64)
    }
}

async fn rates(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    // Responses from children, young people and families: each is about one child. A place's
    // count is the sum of its counts in each survey, and is shown only where every one of them is
    // shown on its survey's results page (so the sum gives none of those hidden away).
    let (mut by_district, mut by_need) = (vec![0i64; DISTRICTS.len()], vec![0i64; AREAS_OF_NEED.len()]);
    let (mut district_open, mut need_open) = (vec![true; DISTRICTS.len()], vec![true; AREAS_OF_NEED.len()]);
    let (mut sent, mut surveys) = (0i64, Vec::new());
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let def = &survey.definition;
        if !matches!(def.audience, Audience::YoungPeople | Audience::ParentsCarers) {
            continue;
        }
        let (figures, _) = results::cached_figures(&state.db, listed.id, &Filter::default(), None).await?;
        sent += figures.submitted;
        surveys.push(def.title.clone());
        let questions: Vec<_> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
        for (tag, labels, counts, open) in [
            ("profile:district", &DISTRICTS[..], &mut by_district, &mut district_open),
            ("profile:area_of_need", &AREAS_OF_NEED[..], &mut by_need, &mut need_open),
        ] {
            let Some(q) = questions.iter().find(|q| q.tags.iter().any(|t| t == tag)) else { continue };
            let options = crate::results::figures::answer_options(q);
            let (each, visible) = crate::results::figures::answer_counts(who, q, &options, &figures);
            for (i, label) in labels.iter().enumerate() {
                if let Some(k) = options.iter().position(|(_, l)| l == label) {
                    counts[i] += each[k];
                    open[i] &= visible[k];
                }
            }
        }
    }
    let uploaded = send_population(&state.db).await?;
    let children = |district: Option<&str>, need: Option<&str>| -> Option<i64> {
        let rows: Vec<i64> = uploaded
            .iter()
            .filter(|(d, n, _)| district.is_none_or(|x| x == d) && need.is_none_or(|x| x == n))
            .map(|(_, _, c)| *c)
            .collect();
        (!rows.is_empty()).then(|| rows.iter().sum())
    };
    let row = |place: String, n: i64, hide: bool, children: Option<i64>| RateRow {
        place,
        responses: if hide {
            if who.shows(n) {
                "not shown".into()
            } else {
                format!("fewer than {}", who.threshold)
            }
        } else {
            thousands(n)
        },
        children: children.map(thousands).unwrap_or_else(|| "not uploaded".into()),
        rate: match (hide, children) {
            (true, _) => "not shown".into(),
            (false, None) => "no number uploaded".into(),
            (false, Some(c)) => rate(n, c),
        },
    };
    let districts: Vec<RateRow> = DISTRICTS
        .iter()
        .enumerate()
        .map(|(i, d)| row(d.to_string(), by_district[i], !district_open[i] || !who.shows(by_district[i]), children(Some(d), None)))
        .collect();
    // Areas of need overlap: one is hidden too when too few of those asked are outside it.
    let needs = AREAS_OF_NEED
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let outside = sent - by_need[i];
            let hide = !need_open[i] || !who.shows(by_need[i]) || (!who.exact && outside > 0 && !who.shows(outside));
            row(n.to_string(), by_need[i], hide, children(None, Some(n)))
        })
        .collect();
    let asked = if surveys.is_empty() {
        "No survey in this engagement is for children, young people or families.".to_string()
    } else {
        format!("Responses sent to {}, by the district and areas of need people gave.", surveys.join(" and "))
    };
    let (title, threshold) = (e.title.clone(), e.suppression_threshold);
    Ok(page(&format!("Response rates: {title}"), Some(staff.badge()), false, move || {
        view! { <ReachRatesPage slug=slug title=title threshold=threshold asked=asked districts=districts needs=needs/> }
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_are_read_whole_or_not_at_all() {
        let rows =
            parse("district,area of need,children\nashford,Cognition and learning,412\nDover,physical and sensory,\"1,020\"\n").unwrap();
        assert_eq!(rows, [("Ashford".into(), "Cognition and learning".into(), 412), ("Dover".into(), "Physical and sensory".into(), 1020)]);
        let problems = parse("Atlantis,Cognition and learning,3\nDover,Juggling,4\nDover,Physical and sensory,many\nDover,Physical and sensory,5\nDover,Physical and sensory,6").unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[3].contains("given twice"));
        assert!(parse("\n").is_err());
    }

    #[test]
    fn rates_are_per_hundred_children() {
        assert_eq!(rate(26, 400), "6.5");
        assert_eq!(rate(1, 3), "33.3");
        assert_eq!(rate(3, 0), "no children given");
    }
}
