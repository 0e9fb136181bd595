//! Keeping people informed: an email address left, apart from every answer, to hear when an
//! engagement's results or "You said, we did" are published; sent by SMTP, or downloaded by
//! administrators to send themselves; stopped with one click.

pub mod mail;
pub mod queries;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    routes::router()
}
