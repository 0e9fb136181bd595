//! The co-production group: people who choose to take part further in an engagement leave a name,
//! how to reach them and who they are, with consent, kept apart from every survey answer. Each
//! has a personal link (only its hash kept) to return to what they said and the council's replies.

pub mod queries;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    routes::router()
}
