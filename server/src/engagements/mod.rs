//! Engagements: the staff home, creating and running an engagement through its states, and the public home page.

pub mod form;
pub mod public;
pub mod queries;
pub mod retention;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(routes::router()).merge(retention::router())
}
