//! Every address Chorus answers: each feature's router, and the pages for addresses that are not there.

use crate::web::error::AppError;
use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(crate::engagements::router())
        .merge(crate::accounts::router())
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
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
