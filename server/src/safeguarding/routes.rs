//! The safeguarding queue: only safeguarding leads and administrators see flagged
//! answers, and every action they record is kept.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db;
use crate::safeguarding::queries::{self as safeguarding, Subject};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::safeguarding::{
    outcome_options, FlaggedView, KeptApartPage, LostActionView, Paging, SafeguardingItemPage, SafeguardingQueuePage,
};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/safeguarding", get(queue))
        .route("/admin/safeguarding/kept-apart", get(kept_apart))
        .route("/admin/safeguarding/{id}", get(item).post(record))
        .route("/admin/safeguarding/comments/{id}", get(comment_item).post(record_on_comment))
}

async fn view_of(state: &AppState, f: safeguarding::Flagged) -> anyhow::Result<FlaggedView> {
    let def = crate::surveys::queries::version(&state.db, f.version_id).await?.map(|(_, d)| d);
    let question = |id: &str| def.as_ref().and_then(|d| d.question(id)).map(|q| q.text.clone()).unwrap_or_else(|| id.to_owned());
    let kept = "kept here for the safeguarding record, and in no result";
    let when = match (f.submitted_at, f.withdrawn_at, f.deleted) {
        (_, _, Some((deleted, sent))) => format!(
            "Started {}; {}; the engagement's answers deleted {} when its date for deleting them passed: {kept}",
            db::date_in_words(f.started_at),
            sent.map_or_else(|| "not sent".to_string(), |s| format!("sent {}", db::date_in_words(s))),
            db::date_in_words(deleted)
        ),
        (_, Some(withdrawn), None) => format!(
            "Started {}; sent, then withdrawn {} by the person who wrote it: kept here for the safeguarding record, and in no result",
            db::date_in_words(f.started_at),
            db::date_in_words(withdrawn)
        ),
        (Some(sent), None, None) => format!("Started {}; sent {}", db::date_in_words(f.started_at), db::date_in_words(sent)),
        (None, None, None) => format!("Started {}; not sent", db::date_in_words(f.started_at)),
    };
    let closed = f.closed();
    Ok(FlaggedView {
        href: format!("/admin/safeguarding/{}", f.response_id),
        label: if f.submitted_at.is_none() && f.withdrawn_at.is_none() && f.deleted.is_none() {
            format!("Response {} (not sent)", f.response_id)
        } else {
            format!("Response {}", f.response_id)
        },
        survey: f.survey_title,
        when,
        from: f.school.map(|s| format!("{s} (its access code)")).unwrap_or_else(|| "the open link; no school is known".into()),
        texts: f.texts.iter().map(|(q, a)| (question(q), a.clone())).collect(),
        actions: actions_in_words(f.actions),
        closed,
    })
}

fn actions_in_words(actions: Vec<safeguarding::ActionRecord>) -> Vec<(String, String, String, String)> {
    actions.into_iter().map(action_in_words).collect()
}

/// (when, who, what, note) of one action.
fn action_in_words(a: safeguarding::ActionRecord) -> (String, String, String, String) {
    let what = outcome_options()
        .into_iter()
        .find(|(v, _)| *v == a.outcome)
        .map(|(_, l)| l.split(" (").next().unwrap_or(&l).to_string())
        .unwrap_or(a.outcome);
    (db::date_in_words(a.at), a.by, what, a.note)
}

/// A flagged comment on a document, as the queue shows it.
fn comment_view(c: safeguarding::FlaggedComment) -> FlaggedView {
    let heading = serde_json::from_str::<Vec<app::pages::documents::DocSection>>(&c.sections)
        .ok()
        .and_then(|sections| sections.into_iter().find(|s| s.key == c.section_key))
        .map_or_else(|| c.section_key.clone(), |s| s.heading);
    let closed = c.closed();
    FlaggedView {
        href: format!("/admin/safeguarding/comments/{}", c.id),
        label: format!("Comment {}", c.id),
        survey: format!("A comment on {}", c.document_title),
        when: format!("Sent {}", db::date_in_words(c.sent_on)),
        from: c.school.map(|s| format!("{s} (its access code)")).unwrap_or_else(|| "the document's page; no school is known".into()),
        texts: vec![(format!("About the section \u{201c}{heading}\u{201d}"), c.comment)],
        actions: actions_in_words(c.actions),
        closed,
    }
}

enum Item {
    Response(safeguarding::Flagged),
    Comment(safeguarding::FlaggedComment),
}

impl Item {
    async fn view(self, state: &AppState) -> anyhow::Result<FlaggedView> {
        match self {
            Item::Response(f) => view_of(state, f).await,
            Item::Comment(c) => Ok(comment_view(c)),
        }
    }
}

/// Items listed on one page of the queue.
const PER_PAGE: usize = 50;

#[derive(Deserialize)]
struct QueueQuery {
    page: Option<usize>,
}

async fn queue(State(state): State<AppState>, staff: Staff, Query(query): Query<QueueQuery>) -> AppResult<Html<String>> {
    staff.require(Permission::Safeguard)?;
    // Counted and paged in the database: only the items shown are read in full.
    let (open_total, closed_total) = safeguarding::queue_counts(&state.db).await?;
    let pages = (open_total as usize).div_ceil(PER_PAGE).max(1);
    let page_number = query.page.unwrap_or(1).clamp(1, pages);
    let kept_apart = safeguarding::lost_action_count(&state.db).await? as usize;
    let paging = Paging { page: page_number, pages, open_total: open_total as usize, closed_total: closed_total as usize, kept_apart };
    let offset = ((page_number - 1) * PER_PAGE) as i64;
    let open_views = views_of(&state, safeguarding::queue_page(&state.db, false, offset, PER_PAGE as i64).await?).await?;
    let closed_views = views_of(&state, safeguarding::queue_page(&state.db, true, 0, PER_PAGE as i64).await?).await?;
    Ok(page("Safeguarding", Some(staff.badge()), false, move || {
        view! { <SafeguardingQueuePage open=open_views closed=closed_views paging=paging/> }
    }))
}

/// The actions kept apart when the database was upgraded, because the response each was
/// recorded on could no longer be told apart from a later one with its number.
async fn kept_apart(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    staff.require(Permission::Safeguard)?;
    let lost = safeguarding::lost_actions(&state.db).await?;
    let moved_on = lost.iter().map(|l| l.moved_at).max().map(db::date_in_words);
    let views: Vec<LostActionView> = lost
        .into_iter()
        .map(|l| {
            let (when, by, what, note) = action_in_words(l.action);
            LostActionView { response: format!("Response {}", l.response_id), when, by, what, note }
        })
        .collect();
    Ok(page("Actions kept apart: safeguarding", Some(staff.badge()), false, move || {
        view! { <KeptApartPage actions=views moved_on=moved_on/> }
    }))
}

/// Each listed response or comment, read in full.
async fn views_of(state: &AppState, listed: Vec<safeguarding::Subject>) -> anyhow::Result<Vec<FlaggedView>> {
    let mut views = Vec::with_capacity(listed.len());
    for subject in listed {
        let item = match subject {
            safeguarding::Subject::Response(id) => safeguarding::flagged(&state.db, Some(id)).await?.into_iter().next().map(Item::Response),
            safeguarding::Subject::Comment(id) => {
                safeguarding::flagged_comments(&state.db, Some(id)).await?.into_iter().next().map(Item::Comment)
            }
        };
        if let Some(item) = item {
            views.push(item.view(state).await?);
        }
    }
    Ok(views)
}

fn item_page(staff: &Staff, item: FlaggedView, outcome: String, note: String, errors: Vec<FieldError>) -> Response {
    let (title, token, problem) = (format!("{}: safeguarding", item.label), staff.csrf_token.clone(), !errors.is_empty());
    form_page(&title, problem, Some(staff.badge()), move || {
        view! { <SafeguardingItemPage item=item csrf_token=token outcome=outcome note=note errors=errors/> }
    })
}

async fn load(state: &AppState, subject: Subject) -> AppResult<FlaggedView> {
    match subject {
        Subject::Response(id) => {
            let found = safeguarding::flagged(&state.db, Some(id)).await?.into_iter().next().ok_or(AppError::NotFound)?;
            Ok(view_of(state, found).await?)
        }
        Subject::Comment(id) => {
            let found = safeguarding::flagged_comments(&state.db, Some(id)).await?.into_iter().next().ok_or(AppError::NotFound)?;
            Ok(comment_view(found))
        }
    }
}

async fn show(state: &AppState, staff: &Staff, subject: Subject) -> AppResult<Response> {
    staff.require(Permission::Safeguard)?;
    let item = load(state, subject).await?;
    tracing::info!(user_id = staff.user.id, subject = ?subject, "safeguarding item read");
    Ok(item_page(staff, item, String::new(), String::new(), vec![]))
}

async fn item(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    show(&state, &staff, Subject::Response(id)).await
}

async fn comment_item(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    show(&state, &staff, Subject::Comment(id)).await
}

#[derive(Deserialize)]
struct ActionPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

async fn record(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Form(input): Form<ActionPost>) -> AppResult<Response> {
    record_action(&state, &staff, Subject::Response(id), input).await
}

async fn record_on_comment(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<ActionPost>,
) -> AppResult<Response> {
    record_action(&state, &staff, Subject::Comment(id), input).await
}

async fn record_action(state: &AppState, staff: &Staff, subject: Subject, input: ActionPost) -> AppResult<Response> {
    staff.require_post(Permission::Safeguard, &input.csrf_token).await?;
    let item = load(state, subject).await?;
    let note = input.note.trim().to_owned();
    let mut errors = Vec::new();
    if !outcome_options().iter().any(|(v, _)| *v == input.outcome) {
        errors.push(FieldError::new("outcome", "Choose what you did"));
    }
    if input.outcome == "note" && note.is_empty() {
        errors.push(FieldError::new("note", "Write the note"));
    } else if note.chars().count() > 2_000 {
        errors.push(FieldError::new("note", "The note must be 2,000 characters or fewer"));
    }
    if !errors.is_empty() {
        return Ok(item_page(staff, item, input.outcome, input.note, errors));
    }
    safeguarding::record(&state.db, subject, staff.user.id, &input.outcome, &note, input.outcome != "note").await?;
    tracing::info!(user_id = staff.user.id, subject = ?subject, outcome = %input.outcome, "safeguarding action recorded");
    Ok(Redirect::to(&item.href).into_response())
}
