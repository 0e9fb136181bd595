//! "You said, we did": what people said and what the council will do about it, written by staff,
//! published together, and shown with its history on the engagement's public page.

pub mod form;
pub mod public;
pub mod queries;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    routes::router()
}
