//! The report for decision-makers: made from the same figures as everything else, every count
//! read as it is shared (the report travels), and issued as a numbered, dated copy of its body
//! that never changes, so that what a board read can be opened again.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::results::queries as results;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::page;
use crate::AppState;
use app::pages::report::{report_body, IssuedReportPage, IssuedRow, Report, ReportPage};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/engagements/{slug}/report", get(show).post(issue))
        .route("/admin/engagements/{slug}/reports/{number}", get(issued))
}

/// The report as it stands now.
async fn build(state: &AppState, e: &EngagementRecord) -> AppResult<Report> {
    let results = crate::results::public::results_of(state, e, false, true).await?;
    let mut surveys = Vec::new();
    for listed in crate::surveys::queries::published_in(&state.db, e.id).await? {
        let (_, def) = listed;
        surveys.push((def.audience.label().to_owned(), def.title.clone(), def.minutes));
    }
    let dates = match (e.opens_at, e.closes_at) {
        (Some(o), Some(c)) => format!("Open from {} to {}.", crate::db::date_in_words(o), crate::db::date_in_words(c)),
        (Some(o), None) => format!("Open from {}.", crate::db::date_in_words(o)),
        (None, Some(c)) => format!("Open until {}.", crate::db::date_in_words(c)),
        (None, None) => String::new(),
    };
    Ok(Report {
        engagement_title: e.title.clone(),
        summary: e.summary.clone(),
        dates,
        surveys,
        reach: crate::schools::queries::reach_by_district(&state.db, e.id).await?,
        threshold: e.suppression_threshold,
        groups: results.groups,
        districts: results.districts,
        outcomes: results.outcomes,
        you_said: crate::you_said::public::entries(&state.db, e).await?,
        counted_on: crate::db::date_in_words(crate::db::now()),
    })
}

async fn report_page(state: &AppState, staff: &Staff, e: &EngagementRecord, error: Option<String>) -> AppResult<Response> {
    let report = build(state, e).await?;
    let issued = results::issued_reports(&state.db, e.id)
        .await?
        .into_iter()
        .map(|r| IssuedRow { number: r.number, issued: crate::db::date_in_words(r.issued_at), audience: r.audience })
        .collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let title = format!("{}Report: {}", if error.is_some() { "Error: " } else { "" }, e.title);
    let (slug, token, can_issue) = (e.slug.clone(), staff.csrf_token.clone(), staff.can(Permission::EditEngagements));
    let html = page(&title, Some(staff.badge()), false, move || {
        view! { <ReportPage slug=slug report=report issued=issued can_issue=can_issue csrf_token=token error=error/> }
    });
    Ok((status, html).into_response())
}

async fn show(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    report_page(&state, &staff, &e, None).await
}

#[derive(Deserialize)]
struct IssueInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    audience: String,
}

/// Issues the report: its body as it is now is kept, numbered and dated.
async fn issue(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<IssueInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let audience = input.audience.trim();
    let problem = if audience.is_empty() {
        Some("Say who the report is for, for example the board or committee and the date it meets")
    } else if audience.chars().count() > 200 {
        Some("Who it is for must be 200 characters or fewer")
    } else {
        None
    };
    if let Some(problem) = problem {
        return report_page(&state, &staff, &e, Some(problem.into())).await;
    }
    let report = build(&state, &e).await?;
    let owner = Owner::new();
    let body = owner.with(|| report_body(report).to_html());
    owner.unset();
    let number = results::issue_report(&state.db, e.id, staff.user.id, audience, &body).await?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, number, "report issued");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}/reports/{number}")).into_response())
}

/// An issued report, exactly as it was issued.
async fn issued(State(state): State<AppState>, staff: Staff, Path((slug, number)): Path<(String, i64)>) -> AppResult<Html<String>> {
    staff.require(Permission::SeeResults)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let r = results::issued_report(&state.db, e.id, number).await?.ok_or(AppError::NotFound)?;
    let issued = crate::db::date_in_words(r.issued_at);
    Ok(page(&format!("Report {number}: {}", e.title), Some(staff.badge()), false, move || {
        view! { <IssuedReportPage slug=slug number=number issued=issued audience=r.audience body=r.body/> }
    }))
}
