//! The staff area. Every handler takes a [`Staff`], so nothing here is reachable
//! signed out.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db;
use crate::engagements::queries as engagements;
use crate::web::confirm_page;
use crate::web::error::AppError;
use crate::web::error::AppResult;
use crate::web::forms::{Form, NoticeQuery};
use crate::web::{form_page, page};
use crate::AppState;
use app::pages::admin::{AdminHomePage, EngagementRow, StaffSummary};
use app::pages::admin::{EngagementDetail, EngagementPage, SurveyRow};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/engagements/new", get(new_engagement))
        .route("/admin/engagements", post(create_engagement))
        .route("/admin/engagements/{slug}", get(engagement))
        .route("/admin/engagements/{slug}/edit", get(edit_engagement).post(update_engagement))
        .route("/admin/engagements/{slug}/state", get(confirm_state).post(change_state))
}

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
    let can_edit = role.can(Permission::EditEngagements);
    let me = StaffSummary {
        email: staff.user.email.clone(),
        display_name: staff.user.display_name.clone(),
        role: role.label().into(),
        is_admin: role.can(Permission::ManageUsers),
        can_edit,
        can_view_engagements: role.can(Permission::ViewEngagements),
        my_schools: if role.can(Permission::SeeOwnSchools) { Some(my_schools(&state, staff.user.id).await?) } else { None },
        safeguarding: if role.can(Permission::Safeguard) {
            Some(crate::safeguarding::queries::queue_counts(&state.db).await?.0 as usize)
        } else {
            None
        },
    };
    Ok(page("Staff area", Some(staff.badge()), false, move || view! { <AdminHomePage me=me engagements=rows/> }))
}

/// A school contact's schools, each with its access codes and how many answered with each, small
/// counts hidden as everyone below administrator sees them.
async fn my_schools(state: &AppState, user_id: i64) -> AppResult<Vec<app::pages::admin::MySchool>> {
    let mut out = Vec::new();
    for school in crate::schools::queries::of_contact(&state.db, user_id).await? {
        let codes = crate::schools::queries::codes_and_sent(&state.db, school.id)
            .await?
            .into_iter()
            .map(|(survey, code, threshold, sent)| (survey, code, crate::results::figures::Disclosure::shared(threshold).count(sent)))
            .collect();
        out.push(app::pages::admin::MySchool { name: school.name, district: school.district, codes });
    }
    Ok(out)
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
    staff.require(Permission::ViewEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = crate::results::figures::Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let surveys = crate::surveys::queries::list_for_engagement(&state.db, e.id)
        .await?
        .into_iter()
        .map(|s| SurveyRow {
            id: s.id,
            slug: s.slug,
            title: s.title,
            audience: app::survey::Audience::from_stored(&s.audience).label().into(),
            live_version: s.live_version,
            draft_changed: s.draft_changed != 0,
            submitted: who.count(s.submitted),
            revision: crate::surveys::queries::revision_of(&s.draft),
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("state") => Some(format!("The engagement is now: {}", engagements::state_label(&e.state))),
        Some("saved") => Some("The engagement's details are saved.".into()),
        Some("retention") => Some(match e.delete_answers_on {
            Some(on) => format!("The answers will be deleted after {}.", db::date_in_words(on - 1)),
            None => "No date is set for deleting the answers.".into(),
        }),
        Some("published") => {
            Some("The survey is published. New respondents get the new version; answers already given keep theirs.".into())
        }
        _ => None,
    };
    let detail = EngagementDetail {
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: e.summary,
        state: engagements::state_label(&e.state).into(),
        opens: e.opens_at.map(db::date_in_words),
        closes: e.closes_at.map(db::date_in_words),
        retention: match (e.answers_deleted_at, e.delete_answers_on) {
            (Some(at), _) => format!("Deleted on {}", db::date_in_words(at)),
            (None, Some(on)) => format!("After {}", db::date_in_words(on - 1)),
            (None, None) => "Not set".into(),
        },
        // Answers deleted at the engagement's date are not taken again.
        moves: engagements::next_states(&e.state)
            .iter()
            .filter(|to| !(**to == "open" && e.answers_deleted_at.is_some()))
            .map(|to| (to.to_string(), state_action_label(to).to_string()))
            .collect(),
        public_page: (e.state != "draft").then(|| format!("/e/{}", e.slug)),
        surveys,
        can_edit: staff.can(Permission::EditEngagements),
        can_see_results: staff.can(Permission::SeeResults),
        can_export: staff.can(Permission::ExportResults),
        csrf_token: staff.csrf_token.clone(),
        notice,
    };
    let title = e.title;
    Ok(page(&title, Some(staff.badge()), false, move || view! { <EngagementPage detail=detail/> }))
}

#[derive(Deserialize)]
struct StateInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    state: String,
}

#[derive(Deserialize)]
struct ConfirmStateQuery {
    #[serde(default)]
    to: String,
}

/// Before an engagement closes (every survey stops taking answers, and anyone part-way through
/// cannot send theirs) or its results are marked published (for good): what will happen.
async fn confirm_state(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(query): Query<ConfirmStateQuery>,
) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let back = format!("/admin/engagements/{slug}");
    if !engagements::next_states(&e.state).contains(&query.to.as_str()) {
        return Ok(Redirect::to(&back).into_response());
    }
    let (heading, paragraphs, warning) = match query.to.as_str() {
        "closed" => {
            let unsent = engagements::unsent_responses(&state.db, e.id).await?;
            let unsent = match unsent {
                0 => "Nobody is part-way through a survey now.".to_string(),
                1 => "1 person has started a survey and not sent it yet: they will not be able to send their answers.".to_string(),
                n => format!("{n} people have started a survey and not sent it yet: they will not be able to send their answers."),
            };
            (
                format!("Close \u{201c}{}\u{201d}?", e.title),
                vec!["Its surveys will stop taking answers at once, and their pages will say they have closed.".to_string(), unsent],
                "Answers cannot be sent while it is closed. You can open it again, but people who found it closed may not come back."
                    .to_string(),
            )
        }
        _ => (
            format!("Mark the results of \u{201c}{}\u{201d} as published?", e.title),
            vec![format!(
                "Its results page, /e/{slug}/results, becomes public at once: who took part, the figures of the questions chosen on \u{201c}Results for everyone\u{201d}, and the themes in what each group wrote, with small counts hidden."
            )],
            "This cannot be undone: an engagement whose results are published cannot be opened again.".to_string(),
        ),
    };
    let confirm = app::pages::admin::Confirm {
        caption: e.title.clone(),
        heading,
        paragraphs,
        warning,
        action: format!("/admin/engagements/{slug}/state"),
        fields: vec![("csrf_token".into(), crate::web::csrf::token(&staff.session).await?), ("state".into(), query.to.clone())],
        button: format!("Yes, {}", state_action_label(&query.to).to_lowercase()),
        cancel: ("No, go back".into(), back),
    };
    Ok(confirm_page(&staff, confirm))
}

async fn change_state(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<StateInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if !engagements::change_state(&state.db, e.id, &input.state).await? {
        return Err(AppError::BadRequest("That change of state is not possible from the state the engagement is in now."));
    }
    tracing::info!(user_id = staff.user.id, engagement = %slug, to = %input.state, "engagement state changed");
    if input.state == "published" {
        crate::updates::routes::published(&state, e.id, "results").await?;
    }
    Ok(Redirect::to(&format!("/admin/engagements/{slug}?done=state")).into_response())
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
    let (title, token, problem) = (heading.to_owned(), staff.csrf_token.clone(), !errors.is_empty());
    form_page(heading, problem, Some(staff.badge()), move || {
        view! { <EngagementFormPage heading=title action=action back_href=back_href csrf_token=token values=values errors=errors/> }
    })
}

async fn new_engagement(staff: Staff) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    Ok(engagement_form(&staff, "Create an engagement", "/admin/engagements".into(), "/admin".into(), Default::default(), vec![]))
}

async fn create_engagement(State(state): State<AppState>, staff: Staff, Form(input): Form<EngagementPost>) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    match crate::engagements::form::parse(&input.values) {
        Err(errors) => {
            Ok(engagement_form(&staff, "Create an engagement", "/admin/engagements".into(), "/admin".into(), input.values, errors))
        }
        Ok(checked) => {
            let slug = engagements::insert(&state.db, &checked).await?;
            tracing::info!(user_id = staff.user.id, engagement = %slug, "engagement created");
            Ok(Redirect::to(&format!("/admin/engagements/{slug}")).into_response())
        }
    }
}

async fn edit_engagement(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let values = crate::engagements::form::values_of(&e);
    Ok(engagement_form(
        &staff,
        "Change the engagement",
        format!("/admin/engagements/{slug}/edit"),
        format!("/admin/engagements/{slug}"),
        values,
        vec![],
    ))
}

async fn update_engagement(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<EngagementPost>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    match crate::engagements::form::parse(&input.values) {
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
