//! Safeguarding: answers that may disclose harm, the lead's queue and the actions recorded on each.

pub mod harm;
pub mod queries;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(routes::router())
}
