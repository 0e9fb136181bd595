//! The outcomes framework: outcome statements in groups, and the questions that measure them.

pub mod kpis;
pub mod protect;
pub mod queries;
pub mod routes;

/// The framework's pages, its KPIs' and the area boards'.
pub fn router() -> axum::Router<crate::AppState> {
    routes::router().merge(kpis::router())
}
