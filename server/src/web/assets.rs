//! The stylesheet (compiled into the binary) and the browser bundle (from the site
//! folder).

use crate::AppState;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(app::render::stylesheet_path(), get(stylesheet))
        .route("/assets/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .route("/assets/symbols/{name}", get(symbol))
}

/// The bundle's names do not change between builds, so browsers must check with
/// us before reusing a copy (cheap: the files carry validators).
pub(crate) fn bundle(site_root: &std::path::Path) -> Router<AppState> {
    Router::new().nest_service(
        "/pkg",
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-cache")))
            .service(ServeDir::new(site_root.join("pkg"))),
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            // The address changes whenever the content does.
            (CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        app::render::STYLESHEET,
    )
}

async fn favicon() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml")), (CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"))],
        app::render::FAVICON,
    )
}

async fn symbol(axum::extract::Path(name): axum::extract::Path<String>) -> Result<impl IntoResponse, crate::web::error::AppError> {
    let symbol = crate::surveys::symbols::by_file(&name).ok_or(crate::web::error::AppError::NotFound)?;
    Ok((
        [(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml")), (CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"))],
        symbol.svg,
    ))
}
