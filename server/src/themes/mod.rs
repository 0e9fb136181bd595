//! Themes in free-text answers: vectors made in the background, theme sets, the analyst's review and the views.

pub mod analysis;
pub mod routes;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(routes::router())
}
