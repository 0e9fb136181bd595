//! The report for decision-makers: made from the same figures as everything else, every count
//! read as it is shared (the report travels), and issued as a numbered, dated copy of its body
//! that never changes, so that what a board read can be opened again.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::results::queries as results;
use crate::results::xlsx::{Cell, Sheet};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::pages::report::{evidence_limits, report_body, survey_method, IssuedReportPage, IssuedRow, Report, ReportPage};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/engagements/{slug}/report", get(show).post(issue))
        .route("/admin/engagements/{slug}/report.xlsx", get(current_workbook))
        .route("/admin/engagements/{slug}/reports/{number}", get(issued))
        .route("/admin/engagements/{slug}/reports/{number}/report.xlsx", get(issued_workbook))
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
    let (slug, token, can_issue, problem) =
        (e.slug.clone(), staff.csrf_token.clone(), staff.can(Permission::EditEngagements), error.is_some());
    Ok(form_page(&format!("Report: {}", e.title), problem, Some(staff.badge()), move || {
        view! { <ReportPage slug=slug report=report issued=issued can_issue=can_issue csrf_token=token error=error/> }
    }))
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
    let next = results::issued_reports(&state.db, e.id).await?.first().map_or(1, |r| r.number + 1);
    let note = format!("Report {next}, issued on {} for {audience}. It is kept exactly as it was issued.", report.counted_on);
    let workbook = workbook(&report, &note)?;
    let owner = Owner::new();
    let body = owner.with(|| report_body(report).to_html());
    owner.unset();
    let number = results::issue_report(&state.db, e.id, staff.user.id, audience, &body, &workbook).await?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, number, "report issued");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}/reports/{number}")).into_response())
}

/// An issued report, exactly as it was issued.
async fn issued(State(state): State<AppState>, staff: Staff, Path((slug, number)): Path<(String, i64)>) -> AppResult<Html<String>> {
    staff.require(Permission::SeeResults)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let r = results::issued_report(&state.db, e.id, number).await?.ok_or(AppError::NotFound)?;
    let issued = crate::db::date_in_words(r.issued_at);
    let has_workbook = r.has_workbook == 1;
    Ok(page(&format!("Report {number}: {}", e.title), Some(staff.badge()), false, move || {
        view! { <IssuedReportPage slug=slug number=number issued=issued audience=r.audience body=r.body has_workbook=has_workbook/> }
    }))
}

/// The report as it stands now, as a workbook.
async fn current_workbook(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let report = build(&state, &e).await?;
    let note = format!("Not issued: the report as it stood on {}. Its figures change as answers arrive.", report.counted_on);
    let bytes = workbook(&report, &note)?;
    Ok(download_workbook(&format!("{slug}-report.xlsx"), bytes))
}

/// An issued report's workbook, exactly as it was made when the report was issued.
async fn issued_workbook(State(state): State<AppState>, staff: Staff, Path((slug, number)): Path<(String, i64)>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let bytes = results::issued_workbook(&state.db, e.id, number).await?.ok_or(AppError::NotFound)?;
    Ok(download_workbook(&format!("{slug}-report-{number}.xlsx"), bytes))
}

fn download_workbook(name: &str, bytes: Vec<u8>) -> Response {
    crate::results::routes::download(crate::results::xlsx::CONTENT_TYPE, name, axum::body::Body::from(bytes))
}

/// A count as the report reads it: a number when it is one, else its words ("fewer than 5").
fn count(words: &str) -> Cell {
    match words.trim().parse::<i64>() {
        Ok(n) => Cell::from(n),
        Err(_) => Cell::from(words),
    }
}

/// A share such as "24%" as the number 24; anything else as it reads.
fn percent(words: Option<&str>) -> Cell {
    match words.and_then(|w| w.trim().strip_suffix('%')).and_then(|n| n.trim().parse::<f64>().ok()) {
        Some(n) => Cell::Number(n),
        None => Cell::from(words.unwrap_or("")),
    }
}

fn text(s: &str) -> Cell {
    Cell::from(s)
}

/// The report as a workbook: a sheet for each of its parts, every figure as the report reads it
/// (hidden counts stay words), so that it can be sorted and charted without retyping.
fn workbook(r: &Report, note: &str) -> AppResult<Vec<u8>> {
    let mut about = vec![vec![text("Report"), text(&r.engagement_title)], vec![text("Status"), text(note)]];
    about.push(vec![text("Figures counted on"), text(&r.counted_on)]);
    about.push(vec![text("Purpose"), text(&r.summary)]);
    if !r.dates.is_empty() {
        about.push(vec![text("Dates"), text(&r.dates)]);
    }
    for (group, title, minutes) in &r.surveys {
        about.push(vec![text("Survey"), Cell::from(survey_method(group, title, *minutes))]);
    }
    about.push(vec![text("Counts hidden below"), Cell::from(r.threshold)]);
    for limit in evidence_limits(r.threshold) {
        about.push(vec![text("Limit of the evidence"), Cell::from(limit)]);
    }

    let mut reach = vec![vec![text("District"), text("Schools listed"), text("Answered")]];
    reach.extend(r.reach.iter().map(|(d, listed, answered)| vec![text(d), Cell::from(*listed), Cell::from(*answered)]));

    let mut took_part = vec![vec![text("Group"), text("Survey"), text("Sent their answers")]];
    let mut figures =
        vec![vec![text("Group"), text("Question"), text("Answered"), text("Answer"), text("Count"), text("Per cent"), text("Note")]];
    let mut themes = vec![vec![text("Group"), text("Question"), text("Theme"), text("Description"), text("Answers"), text("Stance")]];
    let mut quotes = vec![vec![text("Group"), text("Question"), text("Theme"), text("Quote")]];
    for g in &r.groups {
        took_part.push(vec![text(&g.group), text(&g.survey_title), count(&g.took_part)]);
        for q in g.places.iter().chain(&g.questions) {
            let mut note = q.summary.clone().unwrap_or_default();
            if q.many {
                note = [note.as_str(), "More than one answer could be chosen, so the shares add up to more than 100."]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            for row in &q.rows {
                figures.push(vec![
                    text(&g.group),
                    text(&q.text),
                    count(&q.answered),
                    text(&row.label),
                    count(&row.count),
                    percent(row.percent.as_deref()),
                    text(&note),
                ]);
            }
        }
        for w in &g.themes {
            for t in &w.themes {
                themes.push(vec![
                    text(&g.group),
                    text(&w.question),
                    text(&t.label),
                    text(&t.description),
                    count(&t.count),
                    text(&t.stance),
                ]);
                quotes.extend(t.quotes.iter().map(|q| vec![text(&g.group), text(&w.question), text(&t.label), text(q)]));
            }
            themes.push(vec![text(&g.group), text(&w.question), text("In no theme"), text(&w.about), count(&w.other), text("")]);
        }
    }

    let mut outcome_header = vec![text("Outcome"), text("Group"), text("Question"), text("Kent")];
    outcome_header.extend(r.districts.iter().map(|d| text(d)));
    let mut outcomes = vec![outcome_header];
    for o in &r.outcomes {
        for row in &o.rows {
            let mut cells = vec![text(&o.statement), text(&row.group), text(&row.question), text(&row.overall)];
            cells.extend(row.districts.iter().map(|d| text(d)));
            outcomes.push(cells);
        }
    }

    let mut you_said = vec![vec![
        text("You said"),
        text("We did"),
        text("Status"),
        text("Reason"),
        text("Who owns it"),
        text("Last changed"),
        text("Themes"),
    ]];
    for entry in &r.you_said {
        let linked = entry
            .themes
            .iter()
            .map(|t| {
                let groups: Vec<String> = t.groups.iter().map(|(g, n)| format!("{g}: {n}")).collect();
                format!("{} ({})", t.label, groups.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ");
        you_said.push(vec![
            text(&entry.said),
            Cell::from(format!("{}: {}", entry.did_label, entry.did)),
            text(&entry.status),
            text(entry.reason.as_deref().unwrap_or("")),
            text(entry.owner.as_deref().unwrap_or("")),
            text(&entry.updated),
            Cell::from(linked),
        ]);
    }

    let sheets = [
        ("About", about),
        ("Schools reached", reach),
        ("Took part", took_part),
        ("Figures", figures),
        ("Themes", themes),
        ("Quotes", quotes),
        ("Outcomes", outcomes),
        ("You said, we did", you_said),
    ]
    .into_iter()
    .map(|(name, rows)| Sheet { name: name.into(), rows })
    .collect::<Vec<_>>();
    Ok(crate::results::xlsx::workbook(&sheets).map_err(anyhow::Error::from)?)
}
