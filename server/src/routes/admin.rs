//! The staff area. Every handler takes a [`Staff`], so nothing here is reachable
//! signed out.

use super::page;
use crate::auth::Staff;
use crate::db::{self, engagements, users};
use crate::domain::Role;
use crate::error::AppResult;
use crate::AppState;
use app::pages::admin::{AdminHomePage, EngagementRow, StaffSummary, UserRow, UsersPage};
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin", get(home)).route("/admin/users", get(list_users))
}

async fn home(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    let rows = engagements::list_all(&state.db)
        .await?
        .into_iter()
        .map(|e| EngagementRow {
            title: e.title,
            state: engagements::state_label(&e.state).into(),
            opens: e.opens_at.map(db::date_in_words),
            closes: e.closes_at.map(db::date_in_words),
        })
        .collect::<Vec<_>>();
    let role = staff.user.role();
    let me = StaffSummary {
        email: staff.user.email.clone(),
        display_name: staff.user.display_name.clone(),
        role: role.label().into(),
        is_admin: role == Role::Admin,
    };
    Ok(page("Staff area", Some(staff.badge()), false, move || view! { <AdminHomePage me=me engagements=rows/> }))
}

async fn list_users(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    staff.require(&[Role::Admin])?;
    let rows = users::list(&state.db)
        .await?
        .into_iter()
        .map(|u| UserRow {
            role: u.role().label().into(),
            email: u.email,
            display_name: u.display_name,
            created: db::date_in_words(u.created_at),
        })
        .collect::<Vec<_>>();
    Ok(page("Staff accounts", Some(staff.badge()), false, move || view! { <UsersPage users=rows/> }))
}
