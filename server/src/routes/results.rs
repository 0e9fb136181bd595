//! A survey's results in the staff area.

use super::page;
use crate::auth::Staff;
use crate::db::results::{self, Filter};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::results::{parse_filter, view, Disclosure};
use crate::AppState;
use app::pages::results::ResultsPage;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

/// Roles that may see figures. Only administrators see counts under the threshold.
const CAN_SEE_RESULTS: &[Role] = &[Role::Admin, Role::Commissioner, Role::Analyst, Role::Viewer];

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/surveys/{id}/results", get(survey_results))
}

#[derive(Deserialize)]
struct ResultsQuery {
    #[serde(default)]
    filter: String,
}

async fn survey_results(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(query): Query<ResultsQuery>) -> AppResult<Html<String>> {
    staff.require(CAN_SEE_RESULTS)?;
    let survey = results::results_survey(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (filter, label) = match parse_filter(&query.filter, &survey.definition) {
        Some((filter, label)) => (filter, Some(label)),
        None => (Filter::default(), None),
    };
    let figures = results::survey_figures(&state.db, id, &filter).await?;
    let who = Disclosure { threshold: survey.threshold, exact: staff.user.role() == Role::Admin };
    let chosen = if label.is_some() { query.filter.clone() } else { String::new() };
    let model = view(id, &survey.definition, &figures, who, (chosen, label), (survey.engagement_slug.clone(), survey.engagement_title.clone()));
    let title = format!("Results: {}", survey.definition.title);
    Ok(page(&title, Some(staff.badge()), false, move || view! { <ResultsPage view=model/> }))
}
