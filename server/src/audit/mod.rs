//! The audit log: every time a member of staff reads or downloads personal data (answers, the
//! answers behind themes, safeguarding items, the co-production group, email addresses, access
//! codes) or changes an account, who did it, when and at which address is written to the
//! database before the page is sent. Administrators read and download it at `/admin/audit`.
//!
//! What is recorded is one list, [`RECORDED`], matched against each request's route. Every other
//! staff route is named in [`NOT_RECORDED`], and a test (`tests/api/audit.rs`) finds every staff
//! route in the source and fails on one in neither list, so a new page cannot be left out without
//! a decision.

pub mod queries;
mod routes;

use crate::accounts::auth::USER_ID;
use crate::web::error::AppError;
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    routes::router()
}

/// The routes whose use is recorded: method, route as the router writes it, and what using it
/// means, in words.
pub const RECORDED: &[(Method, &str, &str)] = &[
    (Method::GET, "/admin/surveys/{id}/results", "Read a survey's results"),
    (Method::GET, "/admin/surveys/{id}/export/{file}", "Downloaded a survey's responses"),
    (Method::GET, "/admin/surveys/{id}/codes", "Read a survey's access codes"),
    (Method::GET, "/admin/surveys/{id}/codes/letters", "Read a survey's access code letters"),
    (Method::GET, "/admin/engagements/{slug}/schools", "Read which schools have answered, with access codes"),
    (Method::GET, "/admin/engagements/{slug}/outcomes", "Read an engagement's outcomes"),
    (Method::GET, "/admin/kpis/{id}", "Read a KPI's figures"),
    (Method::GET, "/admin/engagements/{slug}/equality", "Read the equality evidence"),
    (Method::GET, "/admin/engagements/{slug}/reach", "Read response rates"),
    (Method::GET, "/admin/engagements/{slug}/equality.xlsx", "Downloaded the equality evidence"),
    (Method::GET, "/admin/engagements/{slug}/responses", "Read who has answered"),
    (Method::GET, "/admin/engagements/{slug}/export.xlsx", "Downloaded an engagement's workbook"),
    (Method::GET, "/admin/engagements/{slug}/report", "Read a report"),
    (Method::GET, "/admin/engagements/{slug}/report.xlsx", "Downloaded a report's workbook"),
    (Method::GET, "/admin/engagements/{slug}/reports/{number}", "Read an issued report"),
    (Method::GET, "/admin/engagements/{slug}/reports/{number}/report.xlsx", "Downloaded an issued report's workbook"),
    (Method::GET, "/admin/engagements/{slug}/themes/{scope}", "Read themes"),
    (Method::GET, "/admin/engagements/{slug}/themes/{scope}/{theme}", "Read the answers in a theme"),
    (Method::GET, "/admin/engagements/{slug}/group", "Read the co-production group"),
    (Method::GET, "/admin/engagements/{slug}/updates.csv", "Downloaded email addresses"),
    (Method::GET, "/admin/documents/{id}/versions/{number}/sections/{key}/feedback", "Read comments on a section"),
    (Method::GET, "/admin/safeguarding", "Read the safeguarding queue"),
    (Method::GET, "/admin/safeguarding/{id}", "Read a flagged answer"),
    (Method::GET, "/admin/safeguarding/kept-apart", "Read the safeguarding actions kept apart"),
    (Method::POST, "/admin/safeguarding/{id}", "Recorded what was done about a flagged answer"),
    (Method::GET, "/admin/safeguarding/comments/{id}", "Read a flagged comment"),
    (Method::POST, "/admin/safeguarding/comments/{id}", "Recorded what was done about a flagged comment"),
    (Method::GET, "/admin/users", "Read the staff accounts"),
    (Method::GET, "/admin/users/{id}", "Read a staff account"),
    (Method::POST, "/admin/users/new", "Added a staff account"),
    (Method::POST, "/admin/users/{id}/role", "Changed a staff account's role"),
    (Method::POST, "/admin/users/{id}/status", "Disabled or enabled a staff account"),
    (Method::POST, "/admin/users/{id}/password-link", "Made a link to set a staff account's password"),
    (Method::POST, "/admin/users/{id}/schools", "Changed a staff account's schools"),
    (Method::GET, "/admin/audit", "Read the audit log"),
    (Method::GET, "/admin/audit.csv", "Downloaded the audit log"),
];

/// Staff routes that show no personal data (figures with small numbers hidden, survey and document
/// editors, settings, pages published or to be published), so their use is not recorded.
pub const NOT_RECORDED: &[&str] = &[
    "/admin",
    "/admin/documents/{id}",
    "/admin/documents/{id}/approvals/new",
    "/admin/documents/{id}/open",
    "/admin/documents/{id}/sections/new",
    "/admin/documents/{id}/sections/{key}/edit",
    "/admin/documents/{id}/sections/{key}/move",
    "/admin/documents/{id}/workshops/new",
    "/admin/engagements",
    "/admin/engagements/new",
    "/admin/engagements/{slug}",
    "/admin/engagements/{slug}/documents",
    "/admin/engagements/{slug}/edit",
    "/admin/engagements/{slug}/public-results",
    "/admin/engagements/{slug}/public-results/preview",
    "/admin/engagements/{slug}/public-results/preview/easy-read",
    "/admin/engagements/{slug}/retention",
    "/admin/engagements/{slug}/state",
    "/admin/engagements/{slug}/surveys/new",
    "/admin/engagements/{slug}/themes",
    "/admin/engagements/{slug}/themes/{scope}/change",
    "/admin/engagements/{slug}/themes/{scope}/find",
    "/admin/engagements/{slug}/updates",
    "/admin/engagements/{slug}/you-said",
    "/admin/engagements/{slug}/you-said/new",
    "/admin/engagements/{slug}/you-said/publish",
    "/admin/area-boards",
    "/admin/kpis/{id}/edit",
    "/admin/kpis/{id}/remove",
    "/admin/outcomes",
    "/admin/population",
    "/admin/equality-population",
    "/admin/outcomes/new",
    "/admin/outcomes/{id}",
    "/admin/outcomes/{id}/kpis/new",
    "/admin/outcomes/{id}/remove",
    "/admin/schools",
    "/admin/surveys/{id}",
    "/admin/surveys/{id}/pages/{page}/move",
    "/admin/surveys/{id}/pages/{page}/routes",
    "/admin/surveys/{id}/pages/{page}/routes/{index}/delete",
    "/admin/surveys/{id}/preview",
    "/admin/surveys/{id}/preview-end",
    "/admin/surveys/{id}/preview/{page_id}",
    "/admin/surveys/{id}/preview/{page_id}/continue",
    "/admin/surveys/{id}/publish",
    "/admin/surveys/{id}/questions/new",
    "/admin/surveys/{id}/questions/{question}",
    "/admin/surveys/{id}/questions/{question}/delete",
    "/admin/surveys/{id}/settings",
    "/admin/surveys/{id}/standard",
    "/admin/you-said/{id}/edit",
];

/// What using `route` with `method` means, if it is recorded.
pub fn action(method: &Method, route: &str) -> Option<&'static str> {
    RECORDED.iter().find(|(m, r, _)| m == method && *r == route).map(|(_, _, what)| *what)
}

/// Records a recorded route's use by a signed-in member of staff once it has succeeded (a page,
/// a download or a redirect after a change), before the answer is sent: if the record cannot be
/// written, the answer is not sent either.
pub async fn record_use(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(what) = request.extensions().get::<MatchedPath>().and_then(|route| action(request.method(), route.as_str())) else {
        return next.run(request).await;
    };
    let session = request.extensions().get::<Session>().cloned();
    let address = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let response = next.run(request).await;
    if !(response.status().is_success() || response.status().is_redirection()) {
        return response;
    }
    // Read after the handler: a sign-in redirect leaves no one signed in, and is not recorded.
    let user = match session {
        Some(session) => session.get::<i64>(USER_ID).await.ok().flatten(),
        None => None,
    };
    let Some(user) = user else { return response };
    match queries::insert(&state.db, user, what, &address).await {
        Ok(()) => response,
        Err(e) => AppError::Internal(e.context("recording a use of personal data")).into_response(),
    }
}
