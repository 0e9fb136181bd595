//! Hearing when an engagement publishes what it heard: leaving an email address, stopping the
//! emails, and the staff page that shows who is waiting and what was sent.

use crate::components::{ErrorSummary, FieldError};
use crate::fields::email_field;
use leptos::prelude::*;

/// Asks for an email address, on its own page.
#[component]
pub fn SignUpPage(slug: String, engagement_title: String, email: String, error: Option<String>) -> impl IntoView {
    let errors: Vec<FieldError> = error.clone().map(|e| FieldError::new("email", e)).into_iter().collect();
    view! {
        <a href=format!("/e/{slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                <span class="caption-l">{engagement_title.clone()}</span>
                <h1 class="heading-l">"Hear when the council publishes what it heard"</h1>
                <p class="body">"Leave your email address and we will email you when the council publishes the results, and when it says what it will do about them."</p>
                <h2 class="heading-m">"How we keep your email address"</h2>
                <ul class="list list--bullet">
                    <li>"We keep it apart from any answers you gave. Nobody can tell from it what you said, or whether you answered at all."</li>
                    <li>"We use it only for these emails."</li>
                    <li>"Every email has a link to stop them. Stopping deletes your address."</li>
                </ul>
                <form method="post" action=format!("/e/{slug}/updates") novalidate>
                    {email_field("email", "Email address", Some("For example, name@example.com"), email, error, "email")}
                    <button type="submit" class="button">"Email me when it is published"</button>
                </form>
            </div>
        </div>
    }
}

/// After leaving an address.
#[component]
pub fn SignedUpPage(slug: String, engagement_title: String) -> impl IntoView {
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <div class="panel"><h1 class="panel__title">"You will hear when it is published"</h1></div>
                <p class="body">{format!("We will email you when the council publishes the results of {engagement_title}, and when it says what it will do about them.")}</p>
                <p class="body">"If you do not want these emails any more, use the link at the end of any of them."</p>
                <p class="body"><a href=format!("/e/{slug}")>{format!("Back to {engagement_title}")}</a></p>
            </div>
        </div>
    }
}

/// Opened from the link in an email: one button stops them.
#[component]
pub fn StopPage(token: String, engagement_title: String) -> impl IntoView {
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <h1 class="heading-l">{format!("Stop emails about {engagement_title}")}</h1>
                <p class="body">"You will get no more emails about it, and we will delete your email address."</p>
                <form method="post" action=format!("/updates/stop/{token}") novalidate>
                    <button type="submit" class="button">"Stop the emails"</button>
                </form>
            </div>
        </div>
    }
}

/// A notice as the staff page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeRow {
    pub date: String,
    pub subject: String,
    /// e.g. "Sent to 41 of 42", or "Waiting: no mail server is set".
    pub progress: String,
}

/// Who is waiting to hear about an engagement, and what they have been sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdatesView {
    pub slug: String,
    pub engagement_title: String,
    pub waiting: i64,
    /// Chorus sends the emails itself (a mail server is set).
    pub sending: bool,
    /// May download the addresses.
    pub can_download: bool,
    pub notices: Vec<NoticeRow>,
    /// The emails' words, for those who send them themselves: (subject, body).
    pub templates: Vec<(String, String)>,
}

#[component]
pub fn UpdatesPage(view: UpdatesView) -> impl IntoView {
    let UpdatesView { slug, engagement_title, waiting, sending, can_download, notices, templates } = view;
    let people = if waiting == 1 { "1 person has".to_string() } else { format!("{waiting} people have") };
    let how = if sending {
        "Chorus emails them itself when the results are published and when \u{201c}You said, we did\u{201d} is published, at most once a day, each email with their own link to stop."
    } else {
        "No mail server is set, so Chorus cannot email them itself. When the results or \u{201c}You said, we did\u{201d} are published, download the addresses and send the email below from the council's own email, giving each person their own link to stop."
    };
    let notices = if notices.is_empty() {
        view! { <p class="body">"Nothing has been published for them to hear about yet."</p> }.into_any()
    } else {
        view! {
            <table class="table">
                <caption class="table__caption">"What they have been told about"</caption>
                <thead><tr><th scope="col">"Published"</th><th scope="col">"Email"</th><th scope="col">"Sent"</th></tr></thead>
                <tbody>
                    {notices.into_iter().map(|n| view! { <tr><td>{n.date}</td><td>{n.subject}</td><td>{n.progress}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let download = (can_download && waiting > 0).then(|| {
        view! {
            <p class="body"><a href=format!("/admin/engagements/{slug}/updates.csv")>"Download the addresses and their links to stop (CSV)"</a></p>
        }
    });
    let templates = (!sending).then(|| {
        view! {
            <h2 class="heading-m">"What to send"</h2>
            {templates.into_iter().map(|(subject, body)| view! {
                <div class="inset-text">
                    <p class="body"><strong>{subject}</strong></p>
                    {body.lines().filter(|l| !l.is_empty()).map(|p| view! { <p class="body">{p.to_string()}</p> }).collect_view()}
                </div>
            }).collect_view()}
        }
    });
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">{engagement_title.clone()}</span>
        <h1 class="heading-l">"People waiting to hear"</h1>
        <p class="body">{format!("{people} left an email address to hear when this engagement publishes what it heard. Their addresses are kept apart from every answer.")}</p>
        <p class="body">{how}</p>
        {download}
        {notices}
        {templates}
    }
}
