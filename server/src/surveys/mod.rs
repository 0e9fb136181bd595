//! Surveys: the editor and its pure edits on a survey's definition, previewing and publishing a
//! draft, the standard profile questions and the picture symbols.

pub mod editor;
pub mod edits;
pub mod preview;
pub mod profile;
pub mod publish;
pub mod queries;
pub mod symbols;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(editor::router()).merge(preview::router()).merge(publish::router())
}
