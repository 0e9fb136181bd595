//! Themes in free-text answers: vectors made in the background, finding themes, the analyst's
//! changes, the views, and every query about them in one place.

pub mod analysis;
pub mod changes;
pub mod queries;
pub mod routes;
pub mod vectors;
pub mod views;

pub use analysis::{answer_counts, find_set, find_themes, place_new_answers, text_questions, Scope, ScopeAnswer};
pub use changes::{apply, Change};
pub use queries::{coded_answers, CodedAnswer};
pub use vectors::{catch_up, embedder, run_in_background};
pub use views::{set_view, stance_order, theme_answers, AnswerRow, SetView, ThemeSummary};

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(routes::router())
}

pub use routes::unhurried_router;
