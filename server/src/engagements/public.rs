//! Pages for everyone: the home page and the statements every service needs.

use crate::db;
use crate::engagements::queries as engagements;
use crate::web::error::AppResult;
use crate::web::page;
use crate::AppState;
use app::pages::home::{HomePage, OpenEngagement};
use app::pages::info::{AccessibilityPage, PrivacyPage};
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home)).route("/accessibility", get(accessibility)).route("/privacy", get(privacy))
}

async fn home(State(state): State<AppState>) -> AppResult<Html<String>> {
    let engagements: Vec<OpenEngagement> = engagements::list_open(&state.db)
        .await?
        .into_iter()
        .map(|e| OpenEngagement { title: e.title, summary: e.summary, closes: e.closes_at.map(db::date_in_words) })
        .collect();
    Ok(page("Have your say on SEND services", None, false, move || view! { <HomePage engagements=engagements/> }))
}

async fn accessibility() -> Html<String> {
    page("Accessibility statement", None, false, || view! { <AccessibilityPage/> })
}

async fn privacy() -> Html<String> {
    page("Privacy", None, false, || view! { <PrivacyPage/> })
}
