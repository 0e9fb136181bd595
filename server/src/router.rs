//! Every address Chorus answers: each feature's router, the time limit on requests, and the pages
//! for addresses that are not there.

use crate::web::error::AppError;
use crate::AppState;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Every route, each answering within `time_limit` (reading its form included) or with a 503
/// page, except the few that are slow by their nature.
pub fn router(time_limit: Duration) -> Router<AppState> {
    Router::new()
        .merge(crate::engagements::router())
        .merge(crate::accounts::router())
        .merge(crate::audit::router())
        .merge(crate::respond::router())
        .merge(crate::surveys::router())
        .merge(crate::schools::router())
        .merge(crate::results::router())
        .merge(crate::safeguarding::router())
        .merge(crate::themes::router())
        .merge(crate::web::router())
        .merge(crate::you_said::router())
        .merge(crate::updates::router())
        .merge(crate::documents::router())
        .merge(crate::group::router())
        .merge(crate::outcomes::router())
        .layer(axum::middleware::from_fn(move |request: Request, next: Next| within(time_limit, request, next)))
        // These have no time limit once their form is read, which must still come in time.
        .merge(crate::themes::unhurried_router().layer(tower_http::timeout::RequestBodyTimeoutLayer::new(time_limit)))
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}

/// Requests this server has begun to answer since it started.
static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// How many requests this server has begun to answer: background work reads it to give way to
/// people while they are using the site.
pub fn requests_begun() -> u64 {
    REQUESTS.load(Ordering::Relaxed)
}

/// The answer to `request`, or a 503 page once `time_limit` has passed. Work not finished is
/// dropped: a transaction not yet committed is rolled back.
async fn within(time_limit: Duration, request: Request, next: Next) -> Response {
    REQUESTS.fetch_add(1, Ordering::Relaxed);
    match tokio::time::timeout(time_limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(?time_limit, "a request took too long and was stopped");
            AppError::TookTooLong.into_response()
        }
    }
}
