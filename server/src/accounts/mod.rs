//! Staff accounts: signing in and out, users and roles, passwords, sessions and the sign-in throttle.

pub mod auth;
pub mod passwords;
pub mod permissions;
pub mod queries;
pub mod session_store;
pub mod settings;
pub mod sign_in;
pub mod throttle;
pub mod users;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(sign_in::router()).merge(users::router()).merge(settings::router())
}
