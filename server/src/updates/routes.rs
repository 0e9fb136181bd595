//! The pages for hearing about what an engagement publishes: leaving an address, stopping the
//! emails, and the staff page with the addresses to download.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::updates::mail::{letter, stop_url};
use crate::updates::queries;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::limits::{self, Client};
use crate::web::{form_page, page};
use crate::AppState;
use app::pages::respond::MessagePage;
use app::pages::updates::{NoticeRow, SignUpPage, SignedUpPage, StopPage, UpdatesPage, UpdatesView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chorus_themes::csv::line;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/e/{slug}/updates", get(sign_up_form).post(sign_up))
        .route("/e/{slug}/updates/signed-up", get(signed_up))
        .route("/updates/stop/{token}", get(stop_form).post(stop))
        .route("/admin/engagements/{slug}/updates", get(staff_page))
        .route("/admin/engagements/{slug}/updates.csv", get(download))
}

/// At most one email of each kind a day, however often things are published.
const QUIET: i64 = 86_400;

/// Tells those who asked that something of `kind` ("results" or "you_said") was published, and
/// wakes the sender.
pub async fn published(state: &AppState, engagement_id: i64, kind: &str) -> AppResult<()> {
    if queries::add_notice(&state.db, engagement_id, kind, crate::db::now(), QUIET).await? {
        if let Some(mail) = &state.mail {
            mail.wake.notify_one();
        }
    }
    Ok(())
}

/// An engagement the public can see.
async fn public_engagement(state: &AppState, slug: &str) -> AppResult<EngagementRecord> {
    engagements::find_by_slug(&state.db, slug).await?.filter(|e| e.state != "draft").ok_or(AppError::NotFound)
}

fn sign_up_page(e: &EngagementRecord, email: String, error: Option<String>) -> Response {
    let (slug, engagement_title, problem) = (e.slug.clone(), e.title.clone(), error.is_some());
    form_page(&format!("Hear when it is published: {}", e.title), problem, None, move || {
        view! { <SignUpPage slug=slug engagement_title=engagement_title email=email error=error/> }
    })
}

async fn sign_up_form(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let e = public_engagement(&state, &slug).await?;
    Ok(sign_up_page(&e, String::new(), None))
}

#[derive(Deserialize)]
struct SignUpInput {
    #[serde(default)]
    email: String,
}

/// An address as kept: trimmed and in lower case; or what is wrong with it.
fn read_email(typed: &str) -> Result<String, &'static str> {
    let email = typed.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter your email address");
    }
    if email.len() > 254 {
        return Err("Email address must be 254 characters or fewer");
    }
    match email.parse::<lettre::Address>() {
        Ok(a) if a.domain().contains('.') => Ok(email),
        _ => Err("Enter an email address in the correct format, like name@example.com"),
    }
}

/// Keeps the address, apart from every answer: nothing from the person's response or its
/// cookie is read here.
async fn sign_up(
    State(state): State<AppState>,
    Client(client): Client,
    Path(slug): Path<String>,
    Form(input): Form<SignUpInput>,
) -> AppResult<Response> {
    let e = public_engagement(&state, &slug).await?;
    let email = match read_email(&input.email) {
        Ok(email) => email,
        Err(problem) => return Ok(sign_up_page(&e, input.email, Some(problem.into()))),
    };
    // Each address left is sent an email: a script must not send thousands to addresses it types.
    if let Err(wait) = limits::allow(&state.db, limits::UPDATES_SIGN_UP, &client, crate::db::now_ms()).await? {
        tracing::warn!("updates sign-up refused: too many from one place");
        let problem = format!(
            "A lot of addresses have been left from where you are in the last hour. Try again in {}.",
            crate::accounts::throttle::minutes(wait)
        );
        return Ok(limits::refused(sign_up_page(&e, input.email, Some(problem)), wait));
    }
    if let Some(token) = queries::subscribe(&state.db, e.id, &email, crate::db::now()).await? {
        tracing::info!(engagement = %slug, "an address was left to hear about updates");
        if let Some(mail) = state.mail.clone() {
            let (slug, title) = (e.slug.clone(), e.title.clone());
            tokio::spawn(async move {
                if let Err(error) = mail.welcome(&email, &token, &slug, &title).await {
                    tracing::warn!(%error, "the first update email was not sent");
                }
            });
        }
    }
    Ok(Redirect::to(&format!("/e/{slug}/updates/signed-up")).into_response())
}

async fn signed_up(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Html<String>> {
    let e = public_engagement(&state, &slug).await?;
    let engagement_title = e.title;
    Ok(page("You will hear when it is published", None, false, move || {
        view! { <SignedUpPage slug=slug engagement_title=engagement_title/> }
    }))
}

/// A stop link that leads nowhere: used already, or mistyped.
fn stop_unknown() -> Response {
    let paragraphs = vec![
        "It may have been used already: then your email address has been deleted and you will get no more emails.".to_string(),
        "If emails still come, check that the whole link was opened, or reply to one of them to ask the council to stop.".to_string(),
    ];
    let html = page("This link to stop emails does not work", None, false, move || {
        view! { <MessagePage heading="This link to stop emails does not work".to_string() paragraphs=paragraphs link=None/> }
    });
    (StatusCode::NOT_FOUND, html).into_response()
}

async fn stop_form(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let Some((_, engagement_title)) = queries::find_by_token(&state.db, &token).await? else { return Ok(stop_unknown()) };
    let title = format!("Stop emails about {engagement_title}");
    Ok(page(&title, None, false, move || view! { <StopPage token=token engagement_title=engagement_title/> }).into_response())
}

/// Stops the emails and deletes the address: from the page's button, or from a mail program's
/// own one-click button (RFC 8058), which posts to the same link. The secret link is what
/// allows it, so no other token is asked for.
async fn stop(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let Some((slug, engagement_title)) = queries::find_by_token(&state.db, &token).await? else { return Ok(stop_unknown()) };
    queries::stop(&state.db, &token).await?;
    tracing::info!(engagement = %slug, "an address asked to stop updates and was deleted");
    let paragraphs = vec![format!("You will get no more emails about {engagement_title}. We have deleted your email address.")];
    let link = Some((format!("Back to {engagement_title}"), format!("/e/{slug}")));
    Ok(page("Your emails have stopped", None, false, move || {
        view! { <MessagePage heading="Your emails have stopped".to_string() paragraphs=paragraphs link=link/> }
    })
    .into_response())
}

fn notice_subject(kind: &str, e: &EngagementRecord, public_url: &str) -> String {
    letter(kind, &e.title, public_url, &e.slug, "").subject
}

async fn staff_page(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let public_url = &state.config.public_url;
    let sending = state.mail.is_some();
    let notices = queries::notices(&state.db, e.id)
        .await?
        .into_iter()
        .map(|n| NoticeRow {
            date: crate::db::date_in_words(n.created_at),
            subject: notice_subject(&n.kind, &e, public_url),
            progress: if sending {
                format!("{} of {}", n.sent, n.emails)
            } else {
                format!("Not by Chorus: no mail server is set ({} waiting)", n.emails)
            },
        })
        .collect();
    let their_link = "[their own link to stop, from the download]";
    let templates = ["results", "you_said"]
        .into_iter()
        .map(|kind| {
            let l = letter(kind, &e.title, public_url, &e.slug, their_link);
            (l.subject, l.body)
        })
        .collect();
    let view = UpdatesView {
        slug: e.slug.clone(),
        engagement_title: e.title.clone(),
        waiting: queries::count(&state.db, e.id).await?,
        sending,
        can_download: staff.can(Permission::DownloadAddresses),
        notices,
        templates,
    };
    Ok(page(&format!("People waiting to hear: {}", e.title), Some(staff.badge()), false, move || {
        view! { <UpdatesPage view=view/> }
    }))
}

/// The addresses, each with its own stop link, in the order of the alphabet. Nothing else is in
/// it: no answer, and no time finer than the day.
async fn download(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::DownloadAddresses)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    // With the byte-order mark, as the other downloads, so that spreadsheets read it as UTF-8.
    let mut csv = format!("\u{feff}{}", line(["Email address", "Link to stop", "Asked on"]));
    for s in queries::subscribers(&state.db, e.id).await? {
        csv.push_str(&line([s.email, stop_url(&state.config.public_url, &s.stop_token), crate::db::date_in_words(s.signed_up_on)]));
    }
    tracing::info!(user_id = staff.user.id, engagement = %slug, "update addresses downloaded");
    Ok(crate::results::routes::download("text/csv; charset=utf-8", &format!("{slug}-updates.csv"), csv.into()))
}

#[cfg(test)]
mod tests {
    use super::read_email;

    #[test]
    fn addresses_are_read_as_people_type_them() {
        assert_eq!(read_email("  Name@Example.ORG "), Ok("name@example.org".into()));
        assert_eq!(read_email(" "), Err("Enter your email address"));
        for wrong in ["name", "name@", "@example.org", "name@localhost", "two words@example.org", "a@b@example.org"] {
            assert!(read_email(wrong).is_err(), "{wrong}");
        }
        assert!(read_email(&format!("{}@example.org", "a".repeat(250))).is_err());
    }
}
