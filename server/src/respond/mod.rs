//! Answering a survey: the respondent's pages, drafts, sending, withdrawing, and importing answers given on paper.

pub mod commit;
pub mod import;
pub mod queries;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(routes::router())
}
