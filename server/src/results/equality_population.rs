//! The equality population: how many children and young people with SEND give each answer to
//! each equality monitoring question, as the council uploads them, for the equality evidence page
//! to compare who took part with.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db::Db;
use crate::results::figures::thousands;
use crate::schools::csv::canonical;
use crate::surveys::profile::{equality_key, equality_questions, EQUALITY};
use crate::web::error::AppResult;
use crate::web::form_page;
use crate::web::forms::Form;
use crate::AppState;
use app::components::FieldError;
use app::pages::equality::{EqualityPopulationPage, EqualityPopulationView};
use app::survey::Audience;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/equality-population", get(page).post(upload))
}

/// The standard answers to the equality question about `key`, as the section words them.
pub fn standard_answers(key: &str) -> Vec<String> {
    equality_questions(Audience::Other)
        .into_iter()
        .find(|q| equality_key(q) == Some(key))
        .map(|q| q.kind.options().into_iter().map(|(_, label)| label).collect())
        .unwrap_or_default()
}

/// Each (characteristic's key, answer, people) uploaded.
pub async fn uploaded(db: &Db) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as("select characteristic, answer, people from equality_population").fetch_all(&db.pool).await
}

pub async fn replace(db: &Db, rows: Vec<(String, String, i64)>) -> anyhow::Result<()> {
    db.write(move |conn| {
        Box::pin(async move {
            sqlx::query("delete from equality_population").execute(&mut *conn).await?;
            for (characteristic, answer, people) in rows {
                sqlx::query("insert into equality_population (characteristic, answer, people) values ($1, $2, $3)")
                    .bind(characteristic)
                    .bind(answer)
                    .bind(people)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        })
    })
    .await
}

/// Every (characteristic's key, answer, people) of a pasted CSV, or every problem with its line:
/// the numbers are replaced whole or not at all.
pub fn parse(text: &str) -> Result<Vec<(String, String, i64)>, Vec<String>> {
    let records = chorus_themes::csv::records(text).map_err(|p| vec![format!("The CSV cannot be read: {p}")])?;
    let names: Vec<&str> = EQUALITY.iter().map(|(_, name)| *name).collect();
    let (mut rows, mut problems): (Vec<(String, String, i64)>, Vec<String>) = (Vec::new(), Vec::new());
    for record in records {
        let n = record.line;
        let f: Vec<&str> = record.fields.iter().map(|f| f.trim()).collect();
        if f.iter().all(|f| f.is_empty()) || (n == 1 && f.first().is_some_and(|h| h.eq_ignore_ascii_case("characteristic"))) {
            continue;
        }
        if f.len() != 3 {
            problems.push(format!("Line {n}: give a characteristic, an answer and a number, separated by commas"));
            continue;
        }
        let Some(name) = canonical(f[0], &names) else {
            problems.push(format!("Line {n}: the characteristic must be one of: {}", names.join(", ")));
            continue;
        };
        let key = EQUALITY.iter().find(|(_, x)| *x == name).map(|(k, _)| *k).unwrap_or_default();
        let answers = standard_answers(key);
        let listed: Vec<&str> = answers.iter().map(String::as_str).collect();
        let Some(answer) = canonical(f[1], &listed) else {
            problems.push(format!("Line {n}: for {name}, the answer must be one of: {}", listed.join(", ")));
            continue;
        };
        let Some(people) = f[2].replace(',', "").parse::<i64>().ok().filter(|c| (0..=100_000_000).contains(c)) else {
            problems.push(format!("Line {n}: the number of people must be a whole number, like 412"));
            continue;
        };
        if rows.iter().any(|(k, a, _)| k == key && a == answer) {
            problems.push(format!("Line {n}: {name} and {answer} are given twice"));
            continue;
        }
        rows.push((key.to_owned(), answer.to_owned(), people));
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push("Paste at least one line: a characteristic, an answer and a number".into());
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
    let rows = uploaded(&state.db).await?;
    // Each characteristic with numbers: its answers in the section's order, with their numbers.
    let characteristics = EQUALITY
        .iter()
        .filter(|(key, _)| rows.iter().any(|(k, _, _)| k == key))
        .map(|(key, name)| {
            let answers = standard_answers(key)
                .into_iter()
                .map(|answer| {
                    let people = rows.iter().find(|(k, a, _)| k == key && *a == answer).map(|(_, _, p)| thousands(*p));
                    (answer, people.unwrap_or_else(|| "not given".into()))
                })
                .collect();
            (name.to_string(), answers)
        })
        .collect();
    let view_model = EqualityPopulationView {
        csrf_token: staff.csrf_token.clone(),
        characteristics,
        can_edit: staff.user.role().can(Permission::EditEngagements),
        pasted,
        notice,
    };
    let problem = !errors.is_empty();
    Ok(form_page("Equality population", problem, Some(staff.badge()), move || {
        view! { <EqualityPopulationPage view_model=view_model errors=errors/> }
    }))
}

async fn page(State(state): State<AppState>, staff: Staff, Query(q): Query<Done>) -> AppResult<Response> {
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
            replace(&state.db, rows).await?;
            tracing::info!(user_id = staff.user.id, rows = n, "equality population uploaded");
            Ok(Redirect::to("/admin/equality-population?done=uploaded").into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_population_names_characteristics_and_answers_as_the_section_does() {
        let rows = parse("Characteristic,Answer,People\nsex,female,\"21,400\"\nSex,Male,40100\nEthnic group,White,50000\n").unwrap();
        assert_eq!(rows[0], ("sex".to_string(), "Female".to_string(), 21_400));
        assert_eq!(rows[2], ("ethnic_group".to_string(), "White".to_string(), 50_000));
        let problems = parse("Sex,Female,10\nSex,female,12\nShoe size,Large,4\nSex,Other,3\nAge,Under 5,lots\nAge\n").unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].starts_with("Line 2: Sex and Female are given twice"));
        assert!(problems[1].starts_with("Line 3: the characteristic must be one of: Age, Sex"));
        assert!(problems[2].starts_with("Line 4: for Sex, the answer must be one of: Female, Male"));
        assert!(parse("").is_err());
    }
}
