//! Co-production documents: a service specification (or any document put out to the people it
//! serves) written in sections with Easy Read beside each, and published version by version,
//! each version kept exactly as it was; and what people say about each section, with the
//! council's replies; and each version as a printable PDF.

pub mod feedback;
pub mod print;
pub mod queries;
pub mod routes;
pub mod sign_off;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    routes::router().merge(feedback::router()).merge(sign_off::router()).merge(print::router())
}
