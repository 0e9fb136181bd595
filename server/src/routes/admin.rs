//! The staff area. Every handler takes a [`Staff`], so nothing here is reachable
//! signed out.

use super::page;
use crate::auth::Staff;
use crate::db::{self, engagements, users};
use crate::domain::Role;
use crate::error::AppResult;
use crate::AppState;
use app::pages::admin::{AdminHomePage, EngagementRow, StaffSummary, UserRow, UsersPage};
use crate::error::AppError;
use crate::forms::Form;
use app::pages::admin::{EngagementDetail, EngagementPage, SurveyRow};
use app::pages::respond::{QuestionPage, QuestionPageView, QuestionView};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/users", get(list_users))
        .route("/admin/engagements/new", get(new_engagement))
        .route("/admin/engagements", post(create_engagement))
        .route("/admin/engagements/{slug}", get(engagement))
        .route("/admin/engagements/{slug}/edit", get(edit_engagement).post(update_engagement))
        .route("/admin/engagements/{slug}/state", post(change_state))
        .route("/admin/surveys/{id}/publish", post(publish))
        .route("/admin/surveys/{id}/preview", get(preview_start))
        .route("/admin/surveys/{id}/preview/{page_id}", get(preview_page))
        .route("/admin/surveys/{id}/codes", get(access_codes).post(make_codes))
        .route("/admin/schools", get(schools).post(import_schools))
}

/// Roles that may see engagements in the staff area. School contacts see only their
/// own school's figures, which a later part of the staff area shows.
const CAN_VIEW: &[Role] = &[Role::Admin, Role::Commissioner, Role::Analyst, Role::SafeguardingLead, Role::Viewer];
/// Roles that may open and close engagements and publish surveys.
pub(crate) const CAN_EDIT: &[Role] = &[Role::Admin, Role::Commissioner];

async fn home(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    let rows = engagements::list_all(&state.db)
        .await?
        .into_iter()
        .map(|e| EngagementRow {
            slug: e.slug,
            title: e.title,
            state: engagements::state_label(&e.state).into(),
            opens: e.opens_at.map(db::date_in_words),
            closes: e.closes_at.map(db::date_in_words),
        })
        .collect::<Vec<_>>();
    let role = staff.user.role();
    let can_edit = CAN_EDIT.contains(&role);
    let me = StaffSummary {
        email: staff.user.email.clone(),
        display_name: staff.user.display_name.clone(),
        role: role.label().into(),
        is_admin: role == Role::Admin,
        can_edit,
        safeguarding: if super::safeguarding::CAN_SAFEGUARD.contains(&role) {
            Some(crate::db::safeguarding::flagged(&state.db, None).await?.iter().filter(|f| !f.closed()).count())
        } else {
            None
        },
    };
    Ok(page("Staff area", Some(staff.badge()), false, move || view! { <AdminHomePage me=me engagements=rows/> }))
}

async fn list_users(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    staff.require(&[Role::Admin])?;
    let rows = users::accounts(&state.db)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            role: u.role().label().into(),
            email: u.email,
            display_name: u.display_name,
            created: db::date_in_words(u.created_at),
            disabled: u.disabled_at.is_some(),
        })
        .collect::<Vec<_>>();
    Ok(page("Staff accounts", Some(staff.badge()), false, move || view! { <UsersPage users=rows/> }))
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    done: Option<String>,
}

fn state_action_label(to: &str) -> &'static str {
    match to {
        "open" => "Open for responses",
        "closed" => "Close",
        "published" => "Mark results as published",
        _ => "Change state",
    }
}

async fn engagement(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    staff.require(CAN_VIEW)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = crate::results::Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let surveys = crate::db::surveys::list_for_engagement(&state.db, e.id)
        .await?
        .into_iter()
        .map(|s| SurveyRow {
            id: s.id,
            slug: s.slug,
            title: s.title,
            audience: audience_label(&s.audience).into(),
            live_version: s.live_version,
            draft_changed: s.draft_changed != 0,
            submitted: who.count(s.submitted),
            revision: crate::db::surveys::revision_of(&s.draft),
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("state") => Some(format!("The engagement is now: {}", engagements::state_label(&e.state))),
        Some("saved") => Some("The engagement's details are saved.".into()),
        Some("published") => Some("The survey is published. New respondents get the new version; answers already given keep theirs.".into()),
        _ => None,
    };
    let detail = EngagementDetail {
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: e.summary,
        state: engagements::state_label(&e.state).into(),
        opens: e.opens_at.map(db::date_in_words),
        closes: e.closes_at.map(db::date_in_words),
        moves: engagements::next_states(&e.state).iter().map(|to| (to.to_string(), state_action_label(to).to_string())).collect(),
        surveys,
        can_edit: CAN_EDIT.contains(&staff.user.role()),
        can_see_results: super::results::CAN_SEE_RESULTS.contains(&staff.user.role()),
        can_export: super::results::CAN_EXPORT.contains(&staff.user.role()),
        csrf_token: staff.csrf_token.clone(),
        notice,
    };
    let title = e.title;
    Ok(page(&title, Some(staff.badge()), false, move || view! { <EngagementPage detail=detail/> }))
}

fn audience_label(stored: &str) -> &'static str {
    match stored {
        "young_people" => "Children and young people",
        "parents_carers" => "Parents and carers",
        "schools" => "Schools and settings",
        _ => "Everyone",
    }
}

#[derive(Deserialize)]
struct StateInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    state: String,
}

async fn change_state(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<StateInput>,
) -> AppResult<Response> {
    crate::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(CAN_EDIT)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if !engagements::change_state(&state.db, e.id, &input.state).await? {
        return Err(AppError::BadRequest("That change of state is not possible from the state the engagement is in now."));
    }
    tracing::info!(user_id = staff.user.id, engagement = %slug, to = %input.state, "engagement state changed");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}?done=state")).into_response())
}

/// A form that carries only its token (and, from the survey editor, the revision
/// of the draft the person was looking at).
#[derive(Deserialize)]
pub(super) struct TokenInput {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub revision: String,
}

async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    crate::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(CAN_EDIT)?;
    let (_, engagement) = crate::db::surveys::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !input.revision.is_empty() {
        let current = crate::db::surveys::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if current.revision() != input.revision {
            let content = app::pages::errors::ErrorContent {
                heading: "The draft changed before it was published".into(),
                paragraphs: vec!["Someone else changed this survey after you opened it, so it has not been published. Check the draft again, then publish it.".into()],
                link: Some(("Back to the survey".into(), format!("/admin/surveys/{id}"))),
            };
            return Ok(crate::error::error_page(StatusCode::CONFLICT, "Error: The draft changed before it was published", content));
        }
    }
    match crate::db::surveys::publish(&state.db, id).await {
        Ok(_) => {
            tracing::info!(user_id = staff.user.id, survey_id = id, "survey published");
            Ok(Redirect::to(&format!("/admin/engagements/{engagement}?done=published")).into_response())
        }
        Err(crate::db::surveys::PublishError::Problems(problems)) => {
            let content = app::pages::errors::ErrorContent {
                heading: "This survey cannot be published yet".into(),
                paragraphs: problems,
                link: Some(("Back to the engagement".into(), format!("/admin/engagements/{engagement}"))),
            };
            Ok(crate::error::error_page(StatusCode::UNPROCESSABLE_ENTITY, "Error: This survey cannot be published yet", content))
        }
        Err(crate::db::surveys::PublishError::Missing) => Err(AppError::NotFound),
        Err(crate::db::surveys::PublishError::Other(e)) => Err(AppError::Internal(e)),
    }
}

/// A draft's start page exactly as a respondent will see it; "Start now" goes on to
/// the preview of the first page.
async fn preview_start(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(CAN_VIEW)?;
    let draft = crate::db::surveys::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let d = &draft.definition;
    let first = d.pages.first().map(|p| format!("/admin/surveys/{id}/preview/{}", p.id));
    let Some(first) = first else { return Ok(Redirect::to(&format!("/admin/engagements/{}", draft.engagement_slug)).into_response()) };
    let view_model = super::respond::start_view(d, &draft.slug, &draft.engagement_title, &draft.engagement_contact, Some(first));
    let title = format!("Preview: {}", d.title);
    Ok(page(&title, Some(staff.badge()), false, move || {
        view! {
            <div class="notification" role="note"><p class="body">"Preview of the draft. This is exactly what a respondent will see; nothing you choose here is saved."</p></div>
            <app::pages::respond::SurveyStartPage view=view_model/>
        }
    })
    .into_response())
}

/// A draft's question page exactly as a respondent will see it. Continue only moves
/// to the next page; nothing is saved.
async fn preview_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
) -> AppResult<Html<String>> {
    staff.require(CAN_VIEW)?;
    let (draft, engagement) = crate::db::surveys::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let index = draft.page_index(&page_id).ok_or(AppError::NotFound)?;
    let next = match draft.pages.get(index + 1) {
        Some(next) => format!("/admin/surveys/{id}/preview/{}", next.id),
        None => format!("/admin/engagements/{engagement}"),
    };
    let back = match index {
        0 => format!("/admin/surveys/{id}/preview"),
        i => format!("/admin/surveys/{id}/preview/{}", draft.pages[i - 1].id),
    };
    let total = draft.pages.iter().map(|p| p.questions.len()).sum();
    let position = draft.pages[..index].iter().map(|p| p.questions.len()).sum::<usize>() + 1;
    let page_def = &draft.pages[index];
    let view_model = QuestionPageView {
        slug: String::new(),
        page_id: page_def.id.clone(),
        survey_title: draft.title.clone(),
        position,
        total,
        back_href: back,
        form_token: String::new(),
        questions: page_def.questions.iter().map(|q| QuestionView { question: q.clone(), posted: Default::default(), error: None }).collect(),
        changing: false,
        easy_read: crate::prefs::current().easy_read,
        preview_next: Some(next),
    };
    let title = format!("Preview: {}", page_def.questions.first().map(|q| q.text.as_str()).unwrap_or(""));
    Ok(page(&title, Some(staff.badge()), true, move || {
        view! {
            <div class="notification" role="note"><p class="body">"Preview of the draft. This is exactly what a respondent will see; nothing you choose here is saved."</p></div>
            <QuestionPage view=view_model/>
        }
    }))
}

fn school_rows(list: Vec<(crate::db::schools::SchoolRecord, Option<String>)>) -> Vec<app::pages::schools::SchoolRow> {
    list.into_iter()
        .map(|(s, code)| app::pages::schools::SchoolRow { name: s.name, district: s.district, phase: s.phase, code })
        .collect()
}

async fn render_schools(
    state: &AppState,
    staff: &Staff,
    csv: String,
    problems: Vec<String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let rows = school_rows(crate::db::schools::list(&state.db).await?.into_iter().map(|s| (s, None)).collect());
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if problems.is_empty() { "Schools and settings" } else { "Error: Schools and settings" };
    let (can_edit, token) = (CAN_EDIT.contains(&staff.user.role()), staff.csrf_token.clone());
    Ok((
        status,
        page(title, Some(staff.badge()), false, move || {
            view! { <app::pages::schools::SchoolsPage schools=rows can_edit=can_edit csrf_token=token csv=csv problems=problems notice=notice/> }
        }),
    )
        .into_response())
}

async fn schools(State(state): State<AppState>, staff: Staff, Query(query): Query<NoticeQuery>) -> AppResult<Response> {
    staff.require(CAN_VIEW)?;
    let notice = query.done.filter(|d| d.starts_with("added-")).map(|d| {
        let (added, skipped) = d.trim_start_matches("added-").split_once('-').unwrap_or(("0", "0"));
        format!("Added {added} schools. {skipped} were already listed.")
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
    crate::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(CAN_EDIT)?;
    let rows = match crate::schools_csv::parse(&input.csv) {
        Ok(rows) => rows,
        Err(problems) => return render_schools(&state, &staff, input.csv, problems, None).await,
    };
    let mut added = 0;
    for row in &rows {
        if crate::db::schools::insert(&state.db, &row.name, &row.district, &row.phase).await? {
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
    staff.require(CAN_VIEW)?;
    let (draft, engagement) = crate::db::surveys::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let rows = school_rows(crate::db::schools::with_codes(&state.db, id).await?);
    let notice = (query.done.as_deref() == Some("codes")).then(|| "Access codes made.".to_string());
    let (can_edit, token, title) = (CAN_EDIT.contains(&staff.user.role()), staff.csrf_token.clone(), draft.title);
    Ok(page("Access codes", Some(staff.badge()), false, move || {
        view! {
            <app::pages::schools::AccessCodesPage survey_id=id survey_title=title engagement_slug=engagement rows=rows
                can_edit=can_edit csrf_token=token notice=notice/>
        }
    }))
}

async fn make_codes(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Form(input): Form<TokenInput>) -> AppResult<Response> {
    crate::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(CAN_EDIT)?;
    crate::db::surveys::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let made = crate::db::schools::generate_codes(&state.db, id, crate::codes::short_code).await?;
    tracing::info!(user_id = staff.user.id, survey_id = id, made, "access codes made");
    Ok(Redirect::to(&format!("/admin/surveys/{id}/codes?done=codes")).into_response())
}

use app::pages::engagement_form::{EngagementFormPage, EngagementFormValues};

#[derive(Deserialize)]
struct EngagementPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    values: EngagementFormValues,
}

fn engagement_form(
    staff: &Staff,
    heading: &str,
    action: String,
    back_href: String,
    values: EngagementFormValues,
    errors: Vec<app::components::FieldError>,
) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { heading.to_owned() } else { format!("Error: {heading}") };
    let (heading, token) = (heading.to_owned(), staff.csrf_token.clone());
    (
        status,
        page(&title, Some(staff.badge()), false, move || {
            view! { <EngagementFormPage heading=heading action=action back_href=back_href csrf_token=token values=values errors=errors/> }
        }),
    )
        .into_response()
}

async fn new_engagement(staff: Staff) -> AppResult<Response> {
    staff.require(CAN_EDIT)?;
    Ok(engagement_form(&staff, "Create an engagement", "/admin/engagements".into(), "/admin".into(), Default::default(), vec![]))
}

async fn create_engagement(State(state): State<AppState>, staff: Staff, Form(input): Form<EngagementPost>) -> AppResult<Response> {
    crate::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(CAN_EDIT)?;
    match crate::engagement_form::parse(&input.values) {
        Err(errors) => Ok(engagement_form(&staff, "Create an engagement", "/admin/engagements".into(), "/admin".into(), input.values, errors)),
        Ok(checked) => {
            let slug = engagements::insert(&state.db, &checked).await?;
            tracing::info!(user_id = staff.user.id, engagement = %slug, "engagement created");
            Ok(Redirect::to(&format!("/admin/engagements/{slug}")).into_response())
        }
    }
}

async fn edit_engagement(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(CAN_EDIT)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let values = crate::engagement_form::values_of(&e);
    Ok(engagement_form(&staff, "Change the engagement", format!("/admin/engagements/{slug}/edit"), format!("/admin/engagements/{slug}"), values, vec![]))
}

async fn update_engagement(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<EngagementPost>,
) -> AppResult<Response> {
    crate::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(CAN_EDIT)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    match crate::engagement_form::parse(&input.values) {
        Err(errors) => Ok(engagement_form(
            &staff,
            "Change the engagement",
            format!("/admin/engagements/{slug}/edit"),
            format!("/admin/engagements/{slug}"),
            input.values,
            errors,
        )),
        Ok(checked) => {
            engagements::update(&state.db, e.id, &checked).await?;
            tracing::info!(user_id = staff.user.id, engagement = %slug, "engagement changed");
            Ok(Redirect::to(&format!("/admin/engagements/{slug}?done=saved")).into_response())
        }
    }
}
