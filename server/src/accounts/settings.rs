//! `/settings`: display settings for the visit. A plain form, so it works without
//! JavaScript. It carries no form token: the worst a forged post could do is change
//! how pages look, and requiring one would mean a session for every visitor.

use crate::accounts::auth::safe_next;
use crate::web::forms::Form;
use crate::web::page;
use crate::AppState;
use app::pages::settings::SettingsPage;
use app::render::Prefs;
use axum::extract::{Query, State};
use axum::http::header::{REFERER, SET_COOKIE};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/settings", get(show).post(save))
}

#[derive(Deserialize)]
struct ReturnQuery {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// Where to go back to: the page the visitor came from, if it is on this site.
fn return_path(explicit: Option<&str>, headers: &HeaderMap) -> String {
    let from_referer = headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()));
    let candidate = explicit.map(str::to_owned).or(from_referer).filter(|p| !p.starts_with("/settings"));
    match candidate.as_deref() {
        Some(path) if safe_next(Some(path)) == path => path.to_owned(),
        _ => "/".to_owned(),
    }
}

async fn show(Query(query): Query<ReturnQuery>, headers: HeaderMap) -> Html<String> {
    let prefs = crate::web::prefs::current();
    let back = return_path(query.return_to.as_deref(), &headers);
    page("Display settings", None, false, move || view! { <SettingsPage prefs=prefs return_to=back/> })
}

#[derive(Deserialize)]
struct SettingsInput {
    larger_text: Option<String>,
    high_contrast: Option<String>,
    more_spacing: Option<String>,
    easy_read: Option<String>,
    #[serde(rename = "return")]
    return_to: Option<String>,
}

async fn save(State(state): State<AppState>, headers: HeaderMap, Form(input): Form<SettingsInput>) -> Response {
    let prefs = Prefs {
        larger_text: input.larger_text.is_some(),
        high_contrast: input.high_contrast.is_some(),
        more_spacing: input.more_spacing.is_some(),
        easy_read: input.easy_read.is_some(),
    };
    // No Max-Age: the settings last for the visit, as on a shared school tablet they should.
    let cookie = crate::web::cookies::set(crate::web::prefs::COOKIE_NAME, &prefs.encode(), "/", None, state.config.secure_cookies());
    let back = return_path(input.return_to.as_deref(), &headers);
    ([(SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

#[cfg(test)]
mod tests {
    use super::return_path;
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn settings_return_only_to_pages_on_this_site() {
        let mut headers = HeaderMap::new();
        assert_eq!(return_path(Some("/s/schools/q/phase"), &headers), "/s/schools/q/phase");
        assert_eq!(return_path(Some("https://evil.example/"), &headers), "/");
        headers.insert("referer", HeaderValue::from_static("http://127.0.0.1:3000/s/young-people?x=1"));
        assert_eq!(return_path(None, &headers), "/s/young-people?x=1");
        headers.insert("referer", HeaderValue::from_static("http://127.0.0.1:3000/settings"));
        assert_eq!(return_path(None, &headers), "/");
    }
}
