//! Results: counts and figures with small numbers hidden, cross-tabulations, outcomes, monitoring and the exports.

pub mod counts;
pub mod deidentify;
pub mod equality;
pub mod equality_population;
pub mod export;
pub mod figures;
pub mod public;
pub mod queries;
pub mod reach;
pub mod report;
pub mod routes;
pub mod tally;
pub mod xlsx;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(routes::router())
        .merge(public::router())
        .merge(report::router())
        .merge(equality::router())
        .merge(equality_population::router())
        .merge(reach::router())
}
