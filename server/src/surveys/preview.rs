//! A draft walked page by page exactly as a respondent will see it, saving nothing.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::web::error::{AppError, AppResult};
use crate::web::page;
use crate::AppState;
use app::pages::respond::{QuestionPage, QuestionPageView, QuestionView};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/surveys/{id}/preview", get(preview_start))
        .route("/admin/surveys/{id}/preview/{page_id}", get(preview_page))
        .route("/admin/surveys/{id}/preview/{page_id}/continue", get(preview_continue))
        .route("/admin/surveys/{id}/preview-end", get(preview_end))
}

/// A draft's start page exactly as a respondent will see it; "Start now" goes on to
/// the preview of the first page.
async fn preview_start(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let draft = crate::surveys::queries::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let d = &draft.definition;
    let first = d.pages.first().map(|p| format!("/admin/surveys/{id}/preview/{}", p.id));
    let Some(first) = first else { return Ok(Redirect::to(&format!("/admin/engagements/{}", draft.engagement_slug)).into_response()) };
    let view_model = crate::respond::routes::start_view(d, &draft.slug, &draft.engagement_title, &draft.engagement_contact, Some(first));
    let title = format!("Preview: {}", d.title);
    Ok(page(&title, Some(staff.badge()), false, move || {
        view! {
            <div class="notification" role="note"><p class="body">"Preview of the draft. This is exactly what a respondent will see; nothing you choose here is saved."</p></div>
            <app::pages::respond::SurveyStartPage view=view_model/>
        }
    })
    .into_response())
}
/// Where "Back" goes on a preview page: the page the previewer came from, else the one before.
#[derive(Deserialize)]
struct PreviewQuery {
    #[serde(default)]
    from: String,
}
/// A draft's question page exactly as a respondent will see it. Nothing is saved: Continue
/// reads the answers on the page, checks them as a respondent's would be, and follows the
/// page's routes.
async fn preview_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
    Query(query): Query<PreviewQuery>,
) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, _) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let index = draft.page_index(&page_id).ok_or(AppError::NotFound)?;
    Ok(preview_view(&staff, id, &draft, index, &query.from, Default::default(), Default::default(), StatusCode::OK))
}
/// Continue on a preview page: the answers come in the query string (a preview saves nothing,
/// so the form is a GET), and go on exactly where a respondent's would.
async fn preview_continue(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
    Query(fields): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, _) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let index = draft.page_index(&page_id).ok_or(AppError::NotFound)?;
    let from = fields.iter().find(|(k, _)| k == "from").map(|(_, v)| v.clone()).unwrap_or_default();
    let (posted, _, _) = crate::respond::routes::group_fields(fields.into_iter().filter(|(k, _)| k != "from").collect());
    let mut answers = app::survey::Answers::new();
    let mut errors = std::collections::HashMap::new();
    for q in &draft.pages[index].questions {
        match q.read(posted.get(&q.id).unwrap_or(&Default::default())) {
            Ok(Some(answer)) => {
                answers.insert(q.id.clone(), answer);
            }
            Ok(None) => {}
            Err(message) => {
                errors.insert(q.id.clone(), message);
            }
        }
    }
    if !errors.is_empty() {
        return Ok(preview_view(&staff, id, &draft, index, &from, posted, errors, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let to = match draft.next_after(index, &answers) {
        app::survey::Next::Page(next) => format!(
            "/admin/surveys/{id}/preview/{}?from={}",
            draft.pages[next].id,
            percent_encoding::utf8_percent_encode(&page_id, percent_encoding::NON_ALPHANUMERIC)
        ),
        app::survey::Next::CheckAnswers => format!("/admin/surveys/{id}/preview-end"),
    };
    Ok(Redirect::to(&to).into_response())
}
/// The end of a preview: where a respondent would check their answers and send them.
async fn preview_end(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let paragraphs = vec![
        "A respondent would now see their answers to check, change any of them, and send them.".to_string(),
        "Nothing you chose in the preview was saved.".to_string(),
    ];
    let heading = format!("End of the preview of \u{201c}{}\u{201d}", draft.title);
    Ok(page("End of the preview", Some(staff.badge()), false, move || {
        view! {
            <app::pages::respond::MessagePage heading=heading paragraphs=paragraphs link=Some(("Back to the engagement".to_string(), format!("/admin/engagements/{engagement}")))/>
            <p class="body"><a href=format!("/admin/surveys/{id}/preview")>"Preview again from the start"</a></p>
        }
    })
    .into_response())
}
#[allow(clippy::too_many_arguments)]
fn preview_view(
    staff: &Staff,
    id: i64,
    draft: &app::survey::SurveyDefinition,
    index: usize,
    from: &str,
    mut posted: std::collections::HashMap<String, app::survey::Posted>,
    mut errors: std::collections::HashMap<String, String>,
    status: StatusCode,
) -> Response {
    let back = match draft.page_index(from) {
        Some(previous) if previous < index => format!("/admin/surveys/{id}/preview/{}", draft.pages[previous].id),
        _ => match index {
            0 => format!("/admin/surveys/{id}/preview"),
            i => format!("/admin/surveys/{id}/preview/{}", draft.pages[i - 1].id),
        },
    };
    let total = draft.pages.iter().map(|p| p.questions.len()).sum();
    let position = draft.pages[..index].iter().map(|p| p.questions.len()).sum::<usize>() + 1;
    let page_def = &draft.pages[index];
    let questions: Vec<QuestionView> = page_def
        .questions
        .iter()
        .map(|q| QuestionView {
            question: q.clone(),
            posted: posted.remove(&q.id).unwrap_or_default(),
            error: errors.remove(&q.id),
            help: false,
        })
        .collect();
    let has_errors = questions.iter().any(|q| q.error.is_some());
    let view_model = QuestionPageView {
        slug: String::new(),
        page_id: page_def.id.clone(),
        survey_title: draft.title.clone(),
        position,
        total,
        back_href: back,
        form_token: String::new(),
        questions,
        changing: false,
        easy_read: crate::web::prefs::current().easy_read,
        preview_next: Some(format!("/admin/surveys/{id}/preview/{}/continue", page_def.id)),
    };
    let first = page_def.questions.first().map(|q| q.text.as_str()).unwrap_or("");
    let title = if has_errors { format!("Error: Preview: {first}") } else { format!("Preview: {first}") };
    (
        status,
        page(&title, Some(staff.badge()), true, move || {
            view! {
                <div class="notification" role="note"><p class="body">"Preview of the draft. This is exactly what a respondent will see; nothing you choose here is saved."</p></div>
                <QuestionPage view=view_model/>
            }
        }),
    )
        .into_response()
}
