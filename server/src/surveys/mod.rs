//! Surveys: the editor, its pure edits on a survey's definition, the standard profile questions and the picture symbols.

pub mod editor;
pub mod edits;
pub mod profile;
pub mod queries;
pub mod symbols;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(editor::router())
}
