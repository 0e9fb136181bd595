//! `GET /healthz`: 200 only when the database answers, for load balancers and
//! monitoring.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.is_healthy().await {
        (StatusCode::OK, "ok")
    } else {
        tracing::warn!("health check failed: the database did not answer");
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
