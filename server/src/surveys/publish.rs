//! Publishing a survey's draft as the next version respondents answer, after asking first.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::web::confirm_page;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{Form, TokenInput};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/surveys/{id}/publish", get(confirm_publish).post(publish))
}

#[derive(Deserialize)]
struct ConfirmPublishQuery {
    #[serde(default)]
    revision: String,
}
/// Before a draft becomes the version respondents answer: a published version is kept
/// unchanged for good, and answers from now on are to it.
async fn confirm_publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<ConfirmPublishQuery>,
) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let draft = crate::surveys::queries::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let next = draft.live_version.unwrap_or(0) + 1;
    let back = format!("/admin/engagements/{}", draft.engagement_slug);
    let mut paragraphs =
        vec![format!("Everyone who starts \u{201c}{}\u{201d} from now on will answer version {next}.", draft.definition.title)];
    if next > 1 {
        paragraphs
            .push("Answers already sent stay with the version they answered, and people part-way through carry on with theirs.".into());
    }
    let revision = if query.revision.is_empty() { draft.revision() } else { query.revision };
    let heading = format!("Publish version {next} of \u{201c}{}\u{201d}?", draft.definition.title);
    let confirm = app::pages::admin::Confirm {
        caption: draft.engagement_title.clone(),
        heading,
        paragraphs,
        warning: format!("Version {next} cannot be changed once it is published: later changes make a new version."),
        action: format!("/admin/surveys/{id}/publish"),
        fields: vec![("csrf_token".into(), crate::web::csrf::token(&staff.session).await?), ("revision".into(), revision)],
        button: format!("Yes, publish version {next}"),
        cancel: ("No, go back".into(), back),
    };
    Ok(confirm_page(&staff, confirm))
}
async fn publish(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Form(input): Form<TokenInput>) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (_, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !input.revision.is_empty() {
        let current = crate::surveys::queries::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if current.revision() != input.revision {
            let content = app::pages::errors::ErrorContent {
                heading: "The draft changed before it was published".into(),
                paragraphs: vec!["Someone else changed this survey after you opened it, so it has not been published. Check the draft again, then publish it.".into()],
                link: Some(("Back to the survey".into(), format!("/admin/surveys/{id}"))),
            };
            return Ok(crate::web::error::error_page(StatusCode::CONFLICT, "Error: The draft changed before it was published", content));
        }
    }
    match crate::surveys::queries::publish(&state.db, id).await {
        Ok(_) => {
            tracing::info!(user_id = staff.user.id, survey_id = id, "survey published");
            Ok(Redirect::to(&format!("/admin/engagements/{engagement}?done=published")).into_response())
        }
        Err(crate::surveys::queries::PublishError::Problems(problems)) => {
            let content = app::pages::errors::ErrorContent {
                heading: "This survey cannot be published yet".into(),
                paragraphs: problems,
                link: Some(("Back to the engagement".into(), format!("/admin/engagements/{engagement}"))),
            };
            Ok(crate::web::error::error_page(StatusCode::UNPROCESSABLE_ENTITY, "Error: This survey cannot be published yet", content))
        }
        Err(crate::surveys::queries::PublishError::Missing) => Err(AppError::NotFound),
        Err(crate::surveys::queries::PublishError::Other(e)) => Err(AppError::Internal(e)),
    }
}
