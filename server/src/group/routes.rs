//! Joining the co-production group, a member's own page, leaving, and the staff list.
//!
//! Opening a member's page sets a cookie (for the engagement's pages, until the browser closes)
//! holding their link, so that what they say about a document from there is kept with their
//! name; "Have your say without your name" takes it away.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::group::queries::{self, MemberRecord};
use crate::web::codes;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::limits::{self, Client};
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::documents::{section_href, DocSection};
use app::pages::feedback::{reply_label, AUDIENCES, REACTIONS};
use app::pages::group::{GroupListPage, JoinForm, JoinPage, LeavePage, LeftPage, MemberComment, MemberPage, MemberRow, MemberView};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub const COOKIE_NAME: &str = "chorus_member";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/e/{slug}/group", get(join_form).post(join))
        .route("/e/{slug}/group/forget", post(forget))
        .route("/group/{token}", get(own))
        .route("/group/{token}/leave", get(leave_form).post(leave))
        .route("/admin/engagements/{slug}/group", get(staff_list))
}

async fn public_engagement(state: &AppState, slug: &str) -> AppResult<EngagementRecord> {
    engagements::find_by_slug(&state.db, slug).await?.filter(|e| e.state != "draft").ok_or(AppError::NotFound)
}

/// The member whose cookie this browser holds for the engagement, if any.
pub async fn member_here(state: &AppState, headers: &HeaderMap, engagement_id: i64) -> AppResult<Option<MemberRecord>> {
    let Some(token) = crate::web::cookies::read(headers, COOKIE_NAME) else { return Ok(None) };
    Ok(queries::by_link(&state.db, &codes::hash_secret(token)).await?.filter(|m| m.engagement_id == engagement_id))
}

fn join_page(status: StatusCode, e: &EngagementRecord, form: JoinForm, errors: Vec<FieldError>, wait: Option<String>) -> Response {
    let (slug, engagement_title) = (e.slug.clone(), e.title.clone());
    let title = if errors.is_empty() && wait.is_none() {
        "Join the co-production group".to_string()
    } else {
        "Error: Join the co-production group".into()
    };
    (
        status,
        page(
            &title,
            None,
            false,
            move || view! { <JoinPage slug=slug engagement_title=engagement_title form=form errors=errors wait=wait/> },
        ),
    )
        .into_response()
}

async fn join_form(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let e = public_engagement(&state, &slug).await?;
    Ok(join_page(StatusCode::OK, &e, JoinForm::default(), vec![], None))
}

/// An email address or a phone number, as typed; or what is wrong.
fn read_contact(typed: &str) -> Result<String, &'static str> {
    let contact = typed.trim();
    if contact.is_empty() {
        return Err("Enter an email address or a phone number");
    }
    if contact.contains('@') {
        return match contact.parse::<lettre::Address>() {
            Ok(a) if a.domain().contains('.') && contact.len() <= 254 => Ok(contact.to_owned()),
            _ => Err("Enter an email address in the correct format, like name@example.com"),
        };
    }
    let digits = contact.chars().filter(char::is_ascii_digit).count();
    let phone_like = contact.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if phone_like && (10..=15).contains(&digits) {
        Ok(contact.to_owned())
    } else {
        Err("Enter a phone number, like 07700 900 982, or an email address")
    }
}

/// Checks the form: (name, contact, audience), or what to fix.
fn read_join(form: &JoinForm) -> Result<(String, String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = form.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter what we should call you"));
    } else if name.chars().count() > 60 {
        errors.push(FieldError::new("name", "The name must be 60 characters or fewer"));
    }
    let contact = read_contact(&form.contact).map_err(|e| errors.push(FieldError::new("contact", e))).unwrap_or_default();
    let audience = AUDIENCES.iter().find(|(v, _)| *v == form.audience).map(|(v, _)| v.to_string());
    if audience.is_none() {
        errors.push(FieldError::new("audience", "Choose who you are"));
    }
    if form.consent.is_none() {
        errors.push(FieldError::new("consent", "Tick the box to agree to the council keeping your details, or you cannot join"));
    }
    if errors.is_empty() {
        Ok((name, contact, audience.unwrap_or_default()))
    } else {
        Err(errors)
    }
}

/// Keeps the member, apart from every answer: nothing of the person's response or its cookie is
/// read here.
async fn join(
    State(state): State<AppState>,
    Client(client): Client,
    Path(slug): Path<String>,
    Form(form): Form<JoinForm>,
) -> AppResult<Response> {
    let e = public_engagement(&state, &slug).await?;
    let (name, contact, audience) = match read_join(&form) {
        Ok(read) => read,
        Err(errors) => return Ok(join_page(StatusCode::UNPROCESSABLE_ENTITY, &e, form, errors, None)),
    };
    if let Err(wait) = limits::allow(&state.db, limits::GROUP_JOIN, &client, crate::db::now_ms()).await? {
        tracing::warn!("joining the group refused: too many from one place");
        let message = format!(
            "A lot of people have joined from where you are in the last hour. Try again in {}.",
            crate::accounts::throttle::minutes(wait)
        );
        return Ok(limits::refused(join_page(StatusCode::TOO_MANY_REQUESTS, &e, form, vec![], Some(message)), wait));
    }
    let token = codes::secret_token();
    queries::insert(&state.db, e.id, &name, &contact, &audience, crate::db::day_of(crate::db::now()), &codes::hash_secret(&token)).await?;
    tracing::info!(engagement = %slug, "someone joined the co-production group");
    Ok(Redirect::to(&format!("/group/{token}?joined=1")).into_response())
}

#[derive(Deserialize, Default)]
struct JoinedQuery {
    joined: Option<String>,
}

async fn member(state: &AppState, token: &str) -> AppResult<(MemberRecord, EngagementRecord)> {
    let m = queries::by_link(&state.db, &codes::hash_secret(token)).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_id(&state.db, m.engagement_id).await?.ok_or(AppError::NotFound)?;
    Ok((m, e))
}

fn audience_words(stored: &str) -> String {
    AUDIENCES.iter().find(|(v, _)| *v == stored).map_or_else(|| "Not said".into(), |(_, words)| words.to_string())
}

/// A member's own page; opening it makes what they say on the engagement's documents theirs.
async fn own(State(state): State<AppState>, Path(token): Path<String>, Query(query): Query<JoinedQuery>) -> AppResult<Response> {
    let (m, e) = member(&state, &token).await?;
    let documents = crate::documents::queries::published_in(&state.db, e.id)
        .await?
        .into_iter()
        .map(|(slug, title, _)| (title, format!("/e/{}/documents/{slug}", e.slug)))
        .collect();
    let comments = crate::documents::queries::feedback_of_member(&state.db, m.id)
        .await?
        .into_iter()
        .map(|(f, place)| {
            let heading = serde_json::from_str::<Vec<DocSection>>(&place.sections)
                .ok()
                .and_then(|s| s.into_iter().find(|s| s.key == f.section_key))
                .map_or_else(|| f.section_key.clone(), |s| s.heading);
            let mut said = Vec::new();
            if let Some((_, words, _)) = f.reaction.as_deref().and_then(|r| REACTIONS.iter().find(|(v, _, _)| *v == r)) {
                said.push(format!("{words}."));
            }
            if f.unclear != 0 {
                said.push("I don't understand this section.".into());
            }
            if !f.comment.is_empty() {
                said.push(f.comment.clone());
            }
            MemberComment {
                document_title: place.document_title,
                section_href: section_href(&place.engagement_slug, &place.document_slug, &f.section_key),
                heading,
                sent_on: crate::db::date_in_words(f.sent_on),
                said: said.join(" "),
                reply: f.reply_kind.as_deref().map(|k| (reply_label(k).to_string(), f.reply.clone())),
            }
        })
        .collect();
    let view = MemberView {
        address: format!("{}/group/{token}", state.config.public_url.trim_end_matches('/')),
        token: token.clone(),
        engagement_slug: e.slug.clone(),
        engagement_title: e.title,
        name: m.name,
        contact: m.contact,
        audience: audience_words(&m.audience),
        joined: query.joined.is_some(),
        documents,
        comments,
    };
    let title = if view.joined { "You have joined the group".to_string() } else { format!("Hello, {}", view.name) };
    let cookie = crate::web::cookies::set(COOKIE_NAME, &token, &format!("/e/{}", e.slug), None, state.config.secure_cookies());
    Ok(([(header::SET_COOKIE, cookie)], page(&title, None, false, move || view! { <MemberPage member=view/> })).into_response())
}

async fn leave_form(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Html<String>> {
    let (_, e) = member(&state, &token).await?;
    let title = e.title;
    Ok(page("Leave the co-production group?", None, false, move || view! { <LeavePage token=token engagement_title=title/> }))
}

/// Deletes the member and their cookie; what they said stays, without their name.
async fn leave(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let (m, e) = member(&state, &token).await?;
    queries::leave(&state.db, m.id).await?;
    tracing::info!(engagement = %e.slug, "someone left the co-production group");
    let gone = crate::web::cookies::set(
        COOKIE_NAME,
        "",
        &format!("/e/{}", e.slug),
        Some(tower_sessions::cookie::time::Duration::ZERO),
        state.config.secure_cookies(),
    );
    let (slug, title) = (e.slug, e.title);
    Ok((
        [(header::SET_COOKIE, gone)],
        page("You have left the group", None, false, move || view! { <LeftPage slug=slug engagement_title=title/> }),
    )
        .into_response())
}

#[derive(Deserialize)]
struct ForgetInput {
    #[serde(default)]
    back: String,
}

/// "Have your say without your name": the browser forgets the member's link.
async fn forget(State(state): State<AppState>, Path(slug): Path<String>, Form(input): Form<ForgetInput>) -> AppResult<Response> {
    let e = public_engagement(&state, &slug).await?;
    let gone = crate::web::cookies::set(
        COOKIE_NAME,
        "",
        &format!("/e/{}", e.slug),
        Some(tower_sessions::cookie::time::Duration::ZERO),
        state.config.secure_cookies(),
    );
    let within = format!("/e/{}/", e.slug);
    let back = if input.back.starts_with(&within) && !input.back.contains("//") { input.back } else { format!("/e/{}", e.slug) };
    Ok(([(header::SET_COOKIE, gone)], Redirect::to(&back)).into_response())
}

async fn staff_list(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let members = queries::list(&state.db, e.id)
        .await?
        .into_iter()
        .map(|(m, comments)| MemberRow {
            name: m.name,
            audience: audience_words(&m.audience),
            contact: m.contact,
            joined: crate::db::date_in_words(m.consented_on),
            comments,
        })
        .collect();
    tracing::info!(user_id = staff.user.id, engagement = %slug, "co-production group's contact details read");
    let (slug, title) = (e.slug, e.title);
    Ok(form_page("Co-production group", false, Some(staff.badge()), move || {
        view! { <GroupListPage slug=slug engagement_title=title members=members/> }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_is_reached_by_email_or_phone() {
        assert_eq!(read_contact(" sam@example.org "), Ok("sam@example.org".into()));
        assert_eq!(read_contact("07700 900 982"), Ok("07700 900 982".into()));
        assert_eq!(read_contact("+44 (0)7700-900982"), Ok("+44 (0)7700-900982".into()));
        assert!(read_contact("").is_err());
        assert!(read_contact("sam@localhost").is_err());
        assert!(read_contact("call me").is_err());
        assert!(read_contact("123").is_err());
    }

    #[test]
    fn joining_needs_a_name_a_way_to_reach_you_who_you_are_and_consent() {
        let errors = read_join(&JoinForm::default()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "contact", "audience", "consent"]);
        let ok = JoinForm {
            name: " Sam ".into(),
            contact: "sam@example.org".into(),
            audience: "young_people".into(),
            consent: Some("on".into()),
        };
        assert_eq!(read_join(&ok), Ok(("Sam".into(), "sam@example.org".into(), "young_people".into())));
    }
}
