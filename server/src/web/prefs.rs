//! Display settings for the visit (larger text, high contrast, more spacing, Easy
//! Read), kept in a cookie so they work without JavaScript and without an account.
//!
//! A middleware reads the cookie once per request into a task-local, where the page
//! renderer finds it, so no handler has to pass it along.

use app::render::Prefs;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub const COOKIE_NAME: &str = "chorus_prefs";

tokio::task_local! {
    static PREFS: Prefs;
}

/// The settings of the request being handled (defaults outside a request).
pub fn current() -> Prefs {
    PREFS.try_with(|p| *p).unwrap_or_default()
}

pub async fn layer(request: Request, next: Next) -> Response {
    let prefs = crate::web::cookies::read(request.headers(), COOKIE_NAME).map(Prefs::decode).unwrap_or_default();
    PREFS.scope(prefs, next.run(request)).await
}
