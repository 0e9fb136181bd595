//! Pages for everyone: the home page, each engagement's public page, and the statements every
//! service needs.

use crate::db::date_in_words;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::web::error::{AppError, AppResult};
use crate::web::page;
use crate::AppState;
use app::pages::engagement::{EngagementCard, EngagementPage, PublicEngagement, SurveyGroup, SurveyLink};
use app::pages::home::HomePage;
use app::pages::info::{AccessibilityPage, PrivacyPage};
use app::survey::{Audience, SurveyDefinition};
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/e/{slug}", get(engagement))
        .route("/accessibility", get(accessibility))
        .route("/privacy", get(privacy))
}

fn card(e: EngagementRecord) -> EngagementCard {
    let when = match (e.state.as_str(), e.closes_at) {
        ("open", Some(c)) => Some(format!("Open until {}", date_in_words(c))),
        ("open", None) => None,
        (_, Some(c)) => Some(format!("Closed on {}", date_in_words(c))),
        (_, None) => Some("Closed".into()),
    };
    EngagementCard { title: e.title, summary: e.summary, href: format!("/e/{}", e.slug), when }
}

async fn home(State(state): State<AppState>) -> AppResult<Html<String>> {
    let open: Vec<EngagementCard> = engagements::list_open(&state.db).await?.into_iter().map(card).collect();
    let closed: Vec<EngagementCard> = engagements::list_closed(&state.db).await?.into_iter().map(card).collect();
    Ok(page("Have your say on SEND services", None, false, move || view! { <HomePage open=open closed=closed/> }))
}

/// Where an engagement stands, in a word or two and in a sentence with its dates.
fn stage(e: &EngagementRecord) -> (&'static str, String) {
    let opened = e.opens_at.map(|o| format!(" It opened on {}.", date_in_words(o))).unwrap_or_default();
    match e.state.as_str() {
        "open" => (
            "Open now",
            match e.closes_at {
                Some(c) => format!("Its surveys are taking answers until the end of {}.{opened}", date_in_words(c)),
                None => format!("Its surveys are taking answers. The closing date has not been set yet.{opened}"),
            },
        ),
        "published" => (
            "Results published",
            match e.closes_at {
                Some(c) => format!("Its surveys closed on {}. The council has published what people told it.", date_in_words(c)),
                None => "Its surveys have closed. The council has published what people told it.".into(),
            },
        ),
        _ => (
            "Closed",
            match e.closes_at {
                Some(c) => format!("Its surveys closed on {}. The council is looking at what people said.", date_in_words(c)),
                None => "Its surveys have closed. The council is looking at what people said.".into(),
            },
        ),
    }
}

/// The heading of a group of surveys, and where it comes on the page.
fn for_whom(audience: Audience) -> (u8, &'static str) {
    match audience {
        Audience::YoungPeople => (0, "For young people"),
        Audience::ParentsCarers => (1, "For parents and carers"),
        Audience::Schools => (2, "For schools and settings"),
        Audience::Other => (3, "For everyone"),
    }
}

fn groups(surveys: Vec<(String, Arc<SurveyDefinition>)>) -> Vec<SurveyGroup> {
    let mut sorted: Vec<_> = surveys.into_iter().map(|(slug, d)| (for_whom(d.audience), slug, d)).collect();
    sorted.sort_by_key(|((order, _), _, _)| *order);
    let mut groups: Vec<SurveyGroup> = Vec::new();
    for ((_, heading), slug, d) in sorted {
        let link = SurveyLink {
            title: d.title.clone(),
            href: format!("/s/{slug}"),
            minutes: d.minutes,
            easy_read: d.easy_read_intro.is_some(),
            school_code: d.audience == Audience::Schools,
        };
        match groups.last_mut() {
            Some(g) if g.heading == heading => g.surveys.push(link),
            _ => groups.push(SurveyGroup { heading: heading.into(), surveys: vec![link] }),
        }
    }
    groups
}

/// An engagement's public page. Drafts are not public: they are not found.
async fn engagement(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Html<String>> {
    let e = engagements::find_by_slug(&state.db, &slug).await?.filter(|e| e.state != "draft").ok_or(AppError::NotFound)?;
    let surveys = crate::surveys::queries::published_in(&state.db, e.id).await?;
    let (stage, stage_detail) = stage(&e);
    let public = PublicEngagement {
        easy_read: e.easy_read_summary.lines().map(str::to_owned).collect(),
        stage: stage.into(),
        stage_detail,
        open: e.state == "open",
        results_href: (e.state == "published").then(|| format!("/e/{}/results", e.slug)),
        groups: groups(surveys),
        contact: e.contact.clone(),
        you_said: crate::you_said::public::entries(&state.db, &e).await?,
        updates_href: format!("/e/{}/updates", e.slug),
        group_href: format!("/e/{}/group", e.slug),
        documents: crate::documents::queries::published_in(&state.db, e.id)
            .await?
            .into_iter()
            .map(|(slug, title, version)| (title, format!("/e/{}/documents/{slug}", e.slug), version))
            .collect(),
        summary: e.summary.clone(),
        title: e.title.clone(),
    };
    Ok(page(&e.title, None, false, move || view! { <EngagementPage engagement=public/> }))
}

async fn accessibility() -> Html<String> {
    page("Accessibility statement", None, false, || view! { <AccessibilityPage/> })
}

async fn privacy() -> Html<String> {
    page("Privacy", None, false, || view! { <PrivacyPage/> })
}
