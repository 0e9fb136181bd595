//! The staff pages: the list of an engagement's entries, adding and changing one, and publishing
//! every change together.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{Form, NoticeQuery, TokenInput};
use crate::web::{self, confirm_page, page};
use crate::you_said::{form, queries};
use crate::AppState;
use app::components::FieldError;
use app::pages::you_said::{EntryFormPage, EntryFormValues, EntryList, EntryListPage, EntryRow, ThemeOption};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/engagements/{slug}/you-said", get(list).post(create))
        .route("/admin/engagements/{slug}/you-said/new", get(new_entry))
        .route("/admin/engagements/{slug}/you-said/publish", get(confirm_publish).post(publish))
        .route("/admin/you-said/{id}/edit", get(edit).post(update))
}

async fn engagement(state: &AppState, slug: &str) -> AppResult<EngagementRecord> {
    engagements::find_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    staff.require(Permission::ViewEngagements)?;
    let e = engagement(&state, &slug).await?;
    let entries = queries::list(&state.db, e.id).await?;
    let unpublished = entries.iter().filter(|x| x.unpublished_changes()).count();
    let rows = entries
        .into_iter()
        .map(|x| EntryRow {
            id: x.id,
            public_state: match (&x.published, x.unpublished_changes()) {
                (None, _) => "Not published yet.".into(),
                (Some(_), false) => "Published.".into(),
                (Some(_), true) => "Published; changed since, and the public sees the earlier words until the change is published.".into(),
            },
            status: queries::Status::parse(&x.words.status).map_or("", queries::Status::label).into(),
            said: x.words.said,
            did: x.words.did,
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("saved") => Some("The entry is saved as a draft. Publish it when it is ready.".into()),
        Some("published") => Some("The changes are published on the engagement's public page.".into()),
        _ => None,
    };
    let list =
        EntryList { slug, engagement_title: e.title, entries: rows, unpublished, can_edit: staff.can(Permission::EditEngagements), notice };
    Ok(page("You said, we did", Some(staff.badge()), false, move || view! { <EntryListPage list=list/> }))
}

/// The themes an entry of `e` may answer, as the form offers them, and their ids.
async fn theme_options(state: &AppState, e: &EngagementRecord) -> AppResult<(Vec<ThemeOption>, Vec<i64>)> {
    let questions = crate::themes::analysis::text_questions(&state.db, e.id).await?;
    let scope_label = |scope: &str| {
        questions
            .iter()
            .find(|(survey, _, question, _)| format!("q-{survey}-{question}") == scope)
            .map(|(_, audience, _, text)| format!("{audience}: {text}"))
            .unwrap_or_else(|| "Every written answer".into())
    };
    let choices = queries::theme_choices(&state.db, e.id).await?;
    let ids = choices.iter().map(|c| c.id).collect();
    let options = choices.into_iter().map(|c| ThemeOption { id: c.id.to_string(), scope: scope_label(&c.scope), label: c.label }).collect();
    Ok((options, ids))
}

struct FormPage {
    heading: &'static str,
    action: String,
    back_href: String,
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    e: &EngagementRecord,
    at: FormPage,
    values: EntryFormValues,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let (themes, _) = theme_options(state, e).await?;
    let (caption, token, heading, problem) = (e.title.clone(), staff.csrf_token.clone(), at.heading.to_owned(), !errors.is_empty());
    Ok(web::form_page(at.heading, problem, Some(staff.badge()), move || {
        view! {
            <EntryFormPage heading=heading caption=caption action=at.action back_href=at.back_href csrf_token=token values=values themes=themes errors=errors/>
        }
    }))
}

fn new_form(slug: &str) -> FormPage {
    FormPage {
        heading: "Add a “You said, we did” entry",
        action: format!("/admin/engagements/{slug}/you-said"),
        back_href: format!("/admin/engagements/{slug}/you-said"),
    }
}

async fn new_entry(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagement(&state, &slug).await?;
    form_page(&state, &staff, &e, new_form(&slug), EntryFormValues::default(), vec![]).await
}

async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (values, token) = form::values_from(pairs);
    staff.require_post(Permission::EditEngagements, &token).await?;
    let e = engagement(&state, &slug).await?;
    let (_, themes) = theme_options(&state, &e).await?;
    match form::parse(&values, &themes) {
        Err(errors) => form_page(&state, &staff, &e, new_form(&slug), values, errors).await,
        Ok(input) => {
            let id = queries::insert(&state.db, e.id, &input).await?;
            tracing::info!(user_id = staff.user.id, entry = id, engagement = %slug, "you said, we did entry added");
            Ok(Redirect::to(&format!("/admin/engagements/{slug}/you-said?done=saved")).into_response())
        }
    }
}

async fn entry_and_engagement(state: &AppState, id: i64) -> AppResult<(queries::Entry, EngagementRecord)> {
    let entry = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_id(&state.db, entry.engagement_id).await?.ok_or(AppError::NotFound)?;
    Ok((entry, e))
}

fn edit_form(id: i64, slug: &str) -> FormPage {
    FormPage {
        heading: "Change the entry",
        action: format!("/admin/you-said/{id}/edit"),
        back_href: format!("/admin/engagements/{slug}/you-said"),
    }
}

async fn edit(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let (entry, e) = entry_and_engagement(&state, id).await?;
    form_page(&state, &staff, &e, edit_form(id, &e.slug), form::values_of(&entry), vec![]).await
}

async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (values, token) = form::values_from(pairs);
    staff.require_post(Permission::EditEngagements, &token).await?;
    let (_, e) = entry_and_engagement(&state, id).await?;
    let (_, themes) = theme_options(&state, &e).await?;
    match form::parse(&values, &themes) {
        Err(errors) => form_page(&state, &staff, &e, edit_form(id, &e.slug), values, errors).await,
        Ok(input) => {
            queries::update(&state.db, id, &input).await?;
            tracing::info!(user_id = staff.user.id, entry = id, "you said, we did entry changed");
            Ok(Redirect::to(&format!("/admin/engagements/{}/you-said?done=saved", e.slug)).into_response())
        }
    }
}

/// Before publishing: what the public will see change.
async fn confirm_publish(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagement(&state, &slug).await?;
    let back = format!("/admin/engagements/{slug}/you-said");
    let changed: Vec<String> = queries::list(&state.db, e.id)
        .await?
        .into_iter()
        .filter(|x| x.unpublished_changes())
        .map(|x| format!("You said: {}", x.words.said))
        .collect();
    if changed.is_empty() {
        return Ok(Redirect::to(&back).into_response());
    }
    let where_seen = if e.state == "draft" {
        "The engagement is still a draft, so nobody sees its public page until it opens.".to_string()
    } else {
        format!("They will show at once on the engagement's public page, /e/{slug}.")
    };
    let mut paragraphs = vec![format!(
        "{} will be published together. {where_seen}",
        if changed.len() == 1 { "This entry".to_string() } else { format!("These {} entries", changed.len()) }
    )];
    paragraphs.extend(changed);
    let confirm = app::pages::admin::Confirm {
        caption: e.title.clone(),
        heading: "Publish these changes?".into(),
        paragraphs,
        warning: "A dated copy of each is kept and shown as an earlier update once it changes again: a published entry can be changed, not taken back.".into(),
        action: format!("/admin/engagements/{slug}/you-said/publish"),
        fields: vec![("csrf_token".into(), staff.csrf_token.clone())],
        button: "Yes, publish them".into(),
        cancel: ("No, go back".into(), back),
    };
    Ok(confirm_page(&staff, confirm))
}

async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagement(&state, &slug).await?;
    let n = queries::publish_changes(&state.db, e.id, Some(staff.user.id), crate::db::now()).await?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, entries = n, "you said, we did published");
    if n > 0 {
        crate::updates::routes::published(&state, e.id, "you_said").await?;
    }
    Ok(Redirect::to(&format!("/admin/engagements/{slug}/you-said?done=published")).into_response())
}
