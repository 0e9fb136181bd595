//! The schools list and its CSV import, and each survey's access codes and the letters that carry them.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db;
use crate::engagements::queries as engagements;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{Form, NoticeQuery, TokenInput};
use crate::web::page;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/surveys/{id}/codes", get(access_codes).post(make_codes))
        .route("/admin/surveys/{id}/codes/letters", get(code_letters))
        .route("/admin/engagements/{slug}/schools", get(reach))
        .route("/admin/schools", get(schools).post(import_schools))
}

fn school_rows(list: Vec<(crate::schools::queries::SchoolRecord, Option<String>)>) -> Vec<app::pages::schools::SchoolRow> {
    list.into_iter()
        .map(|(s, code)| app::pages::schools::SchoolRow {
            name: s.name,
            district: s.district,
            phase: s.phase,
            address: s.address,
            code,
            sent: None,
        })
        .collect()
}
async fn render_schools(
    state: &AppState,
    staff: &Staff,
    csv: String,
    problems: Vec<String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let rows = school_rows(crate::schools::queries::list(&state.db).await?.into_iter().map(|s| (s, None)).collect());
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if problems.is_empty() { "Schools and settings" } else { "Error: Schools and settings" };
    let (can_edit, token) = (staff.can(Permission::EditEngagements), staff.csrf_token.clone());
    Ok((
        status,
        page(title, Some(staff.badge()), false, move || {
            view! { <app::pages::schools::SchoolsPage schools=rows can_edit=can_edit csrf_token=token csv=csv problems=problems notice=notice/> }
        }),
    )
        .into_response())
}
async fn schools(State(state): State<AppState>, staff: Staff, Query(query): Query<NoticeQuery>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let notice = query.done.filter(|d| d.starts_with("added-")).map(|d| {
        let (added, skipped) = d.trim_start_matches("added-").split_once('-').unwrap_or(("0", "0"));
        let (added, skipped) = (added.parse().unwrap_or(0), skipped.parse().unwrap_or(0));
        let already = match skipped {
            0 => String::new(),
            1 => " 1 was already listed.".to_string(),
            n => format!(" {n} were already listed."),
        };
        format!("Added {}.{already}", app::pages::schools::schools_count(added))
    });
    render_schools(&state, &staff, String::new(), Vec::new(), notice).await
}
#[derive(Deserialize)]
struct ImportInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    csv: String,
}
async fn import_schools(State(state): State<AppState>, staff: Staff, Form(input): Form<ImportInput>) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let rows = match crate::schools::csv::parse(&input.csv) {
        Ok(rows) => rows,
        Err(problems) => return render_schools(&state, &staff, input.csv, problems, None).await,
    };
    let mut added = 0;
    for row in &rows {
        if crate::schools::queries::insert(&state.db, &row.name, &row.district, &row.phase, &row.address).await? {
            added += 1;
        }
    }
    tracing::info!(user_id = staff.user.id, added, "schools imported");
    Ok(Redirect::to(&format!("/admin/schools?done=added-{added}-{}", rows.len() - added)).into_response())
}
async fn access_codes(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    // A code lets anyone answer as its school: only those who make codes see them.
    staff.require(Permission::EditEngagements)?;
    let (draft, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_slug(&state.db, &engagement).await?.ok_or(AppError::NotFound)?;
    // Which schools have answered, so that those that have not can be reminded; small counts
    // are hidden below administrator, as on every other page.
    let who = crate::results::figures::Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let sent = crate::schools::queries::sent_by_school(&state.db, id).await?;
    let listed = crate::schools::queries::with_codes(&state.db, id).await?;
    let counts: Vec<String> = listed.iter().map(|(s, _)| who.count(sent.get(&s.id).copied().unwrap_or(0))).collect();
    let mut rows = school_rows(listed);
    for (row, count) in rows.iter_mut().zip(counts) {
        row.sent = Some(count);
    }
    let notice = (query.done.as_deref() == Some("codes")).then(|| "Access codes made.".to_string());
    let (can_edit, token, title) = (staff.can(Permission::EditEngagements), staff.csrf_token.clone(), draft.title);
    Ok(page("Access codes", Some(staff.badge()), false, move || {
        view! {
            <app::pages::schools::AccessCodesPage survey_id=id survey_title=title engagement_slug=engagement rows=rows
                can_edit=can_edit csrf_token=token notice=notice/>
        }
    }))
}
/// Which schools have answered an engagement's surveys with their access codes, by district, and
/// for each survey with codes the schools still to hear from with their codes, to remind them.
async fn reach(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    // It lists access codes: only those who make codes see it.
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let districts = crate::schools::queries::reach_by_district(&state.db, e.id).await?;
    let mut surveys = Vec::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let schools = crate::schools::queries::with_codes(&state.db, listed.id).await?;
        let with_codes = schools.iter().filter(|(_, code)| code.is_some()).count();
        if with_codes == 0 {
            continue;
        }
        let sent = crate::schools::queries::sent_by_school(&state.db, listed.id).await?;
        let (answered, waiting): (Vec<_>, Vec<_>) =
            schools.into_iter().filter(|(_, code)| code.is_some()).partition(|(school, _)| sent.contains_key(&school.id));
        surveys.push(app::pages::schools::ReachSurvey {
            id: listed.id,
            title: listed.title,
            with_codes,
            answered: answered.len(),
            waiting: school_rows(waiting),
        });
    }
    let title = e.title.clone();
    Ok(page(&format!("Schools: who has answered: {title}"), Some(staff.badge()), false, move || {
        view! { <app::pages::schools::ReachPage engagement_slug=slug engagement_title=title districts=districts surveys=surveys/> }
    }))
}

#[derive(Deserialize)]
struct LettersQuery {
    /// Set: letters only for the schools that have not answered yet.
    #[serde(default)]
    waiting: Option<String>,
}

/// A letter for each school with a code for this survey (or each still to hear from), to print:
/// the code, where to use it, and a QR code that opens the code page with the code filled in.
async fn code_letters(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<LettersQuery>,
) -> AppResult<Html<String>> {
    // A code lets anyone answer as its school: only those who make codes see them.
    staff.require(Permission::EditEngagements)?;
    let (draft, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_slug(&state.db, &engagement).await?.ok_or(AppError::NotFound)?;
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let waiting = query.waiting.as_deref() == Some("1");
    let answered = if waiting { crate::schools::queries::sent_by_school(&state.db, id).await? } else { Default::default() };
    let mut letters = Vec::new();
    for (school, code) in crate::schools::queries::with_codes(&state.db, id).await? {
        let Some(code) = code else { continue };
        if answered.contains_key(&school.id) {
            continue;
        }
        let qr_svg =
            crate::web::qr::svg(&format!("{base}/code?code={code}")).map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
        letters.push(app::pages::schools::Letter {
            school: school.name,
            address: school.address,
            code,
            code_page: format!("{base}/code"),
            qr_svg,
        });
    }
    let (title, intro, contact, closes) = (draft.title.clone(), draft.intro.clone(), e.contact.clone(), e.closes_at.map(db::date_in_words));
    Ok(page("Letters with access codes", Some(staff.badge()), false, move || {
        view! { <app::pages::schools::CodeLettersPage survey_id=id survey_title=title intro=intro closes=closes contact=contact letters=letters waiting=waiting/> }
    }))
}
async fn make_codes(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let made = crate::schools::queries::generate_codes(&state.db, id, crate::web::codes::short_code).await?;
    tracing::info!(user_id = staff.user.id, survey_id = id, made, "access codes made");
    Ok(Redirect::to(&format!("/admin/surveys/{id}/codes?done=codes")).into_response())
}
