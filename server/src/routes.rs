//! Every address Chorus answers, one module per area, each exposing `router()`.

mod accounts;
mod admin;
mod assets;
mod editor;
pub(crate) use assets::bundle;
mod health;
mod public;
mod respond;
mod results;
mod safeguarding;
mod themes;
mod settings;
mod sign_in;

use crate::error::AppError;
use crate::AppState;
use app::components::StaffBadge;
use app::render::{document, Head};
use axum::response::Html;
use axum::Router;
use leptos::prelude::IntoView;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(sign_in::router())
        .merge(respond::router())
        .merge(settings::router())
        .merge(admin::router())
        .merge(accounts::router())
        .merge(editor::router())
        .merge(results::router())
        .merge(safeguarding::router())
        .merge(themes::router())
        .merge(health::router())
        .merge(assets::router())
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}

/// A page inside the shared layout.
pub(crate) fn page<V: IntoView + 'static>(
    title: &str,
    staff: Option<StaffBadge>,
    islands: bool,
    body: impl FnOnce() -> V + Send + 'static,
) -> Html<String> {
    Html(document(Head { title, staff, islands, prefs: crate::prefs::current() }, body))
}
