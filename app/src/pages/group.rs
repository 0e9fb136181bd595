//! The co-production group: joining it with consent, a member's own page (a personal link) with
//! what they said and the replies, leaving it, and the list commissioners use to arrange workshops.

use crate::components::{error_for, ErrorSummary, FieldError};
use crate::fields::{checkbox, radios, text_field};
use crate::pages::feedback::AUDIENCES;
use leptos::prelude::*;
use serde::Deserialize;

/// What the joining form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub consent: Option<String>,
}

#[component]
pub fn JoinPage(slug: String, engagement_title: String, form: JoinForm, errors: Vec<FieldError>, wait: Option<String>) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let audiences = AUDIENCES.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
    let about = view! {
        <p class="body">"The council wants to write the new service with the people who use it. Members of the co-production group are invited to workshops and asked what they think of each new version of the documents."</p>
        <h2 class="heading-m">"What we keep, and who sees it"</h2>
        <ul class="list list--bullet">
            <li>"The name you want to be called, how to contact you, and who you are."</li>
            <li>"Only the council's engagement team sees them, to invite you to take part."</li>
            <li>"They are kept apart from any survey answers you gave. Nobody can tell from them what you said in a survey, or whether you answered one."</li>
            <li>"You get your own page. You can leave the group there at any time, and your details are deleted."</li>
        </ul>
    }
    .into_any();
    let fields = view! {
        {text_field("name", "What should we call you?", Some("A first name or a nickname is fine."), form.name, err("name"), None)}
        {text_field("contact", "How should we contact you?", Some("An email address or a phone number. For a child or young person, it can be a parent's or carer's."), form.contact, err("contact"), None)}
        {radios("audience", "Who are you?", None, audiences, form.audience, err("audience"))}
    }
    .into_any();
    let consent_error = err("consent");
    view! {
        <a href=format!("/e/{slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                {wait.map(|w| view! { <div class="notification" role="status"><p class="body">{w}</p></div> })}
                <span class="caption-l">{engagement_title.clone()}</span>
                <h1 class="heading-l">"Join the co-production group"</h1>
                {about}
                <form method="post" action=format!("/e/{slug}/group") novalidate>
                    {fields}
                    <div class=crate::fields::group_class(&consent_error)>
                        <crate::components::ErrorMessage field="consent".to_string() message=consent_error.clone()/>
                        {checkbox("consent", "I agree to the council keeping these details to invite me to take part", form.consent.is_some())}
                    </div>
                    <button type="submit" class="button">"Join the group"</button>
                </form>
            </div>
        </div>
    }
}

/// Something a member said, with the reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberComment {
    pub document_title: String,
    pub heading: String,
    pub section_href: String,
    pub sent_on: String,
    pub said: String,
    /// (how it begins, the reply)
    pub reply: Option<(String, String)>,
}

/// A member's own page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    pub token: String,
    pub engagement_slug: String,
    pub engagement_title: String,
    pub name: String,
    pub contact: String,
    pub audience: String,
    pub address: String,
    pub joined: bool,
    /// (title, where to read it)
    pub documents: Vec<(String, String)>,
    pub comments: Vec<MemberComment>,
}

#[component]
pub fn MemberPage(member: MemberView) -> impl IntoView {
    let m = member;
    let documents = if m.documents.is_empty() {
        view! { <p class="body">"There is nothing to read yet. We will contact you when there is."</p> }.into_any()
    } else {
        view! {
            <ul class="list">
                {m.documents.into_iter().map(|(title, href)| view! { <li><a href=href>{title}</a></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let comments = if m.comments.is_empty() {
        view! { <p class="body">"Nothing yet. Open a document above and choose a section to have your say."</p> }.into_any()
    } else {
        view! {
            <ul class="list replies">
                {m.comments.into_iter().map(|c| view! {
                    <li class="reply">
                        <p class="body-s">{format!("{}, on {}", c.document_title, c.sent_on)}</p>
                        <h3 class="heading-s"><a href=c.section_href>{c.heading}</a></h3>
                        <p class="body">{c.said}</p>
                        {match c.reply {
                            Some((kind, text)) => view! { <p class="body"><strong>{format!("The council: {kind}. ")}</strong>{text}</p> }.into_any(),
                            None => view! { <p class="body">"No reply yet."</p> }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                {m.joined.then(|| view! { <div class="panel"><h1 class="panel__title">"You have joined the group"</h1></div> })}
                {(!m.joined).then(|| view! {
                    <span class="caption-l">{m.engagement_title.clone()}</span>
                    <h1 class="heading-l">{format!("Hello, {}", m.name)}</h1>
                })}
                <h2 class="heading-m">"Your page"</h2>
                <p class="body">"This page is yours. Keep its address somewhere safe, or bookmark it, and come back to it to see the council's replies. Anyone with the address can see it, so do not share it."</p>
                <p class="body code-box"><span class="visually-hidden">"The address: "</span><strong class="break-anywhere">{m.address}</strong></p>
                <h2 class="heading-m">"Have your say"</h2>
                <p class="body">"When you open a document from this page, what you say about it is kept with your name, and shows here with the council's reply."</p>
                {documents}
                <h2 class="heading-m">"What you have said"</h2>
                {comments}
                <h2 class="heading-m">"Your details"</h2>
                <dl class="summary-list">
                    <div class="summary-list__row"><dt class="summary-list__key">"Name"</dt><dd class="summary-list__value">{m.name}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">"Contact"</dt><dd class="summary-list__value break-anywhere">{m.contact}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">"Who you are"</dt><dd class="summary-list__value">{m.audience}</dd></div>
                </dl>
                <p class="body"><a href=format!("/group/{}/leave", m.token)>"Leave the group"</a></p>
                <p class="body"><a href=format!("/e/{}", m.engagement_slug)>{format!("Back to {}", m.engagement_title)}</a></p>
            </div>
        </div>
    }
}

/// Asks before leaving, which cannot be undone.
#[component]
pub fn LeavePage(token: String, engagement_title: String) -> impl IntoView {
    view! {
        <a href=format!("/group/{token}") class="back-link">"Back to your page"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <span class="caption-l">{engagement_title}</span>
                <h1 class="heading-l">"Leave the co-production group?"</h1>
                <p class="body">"We will delete your name and contact details, and this page will stop working. What you said about the documents stays, without your name."</p>
                <form method="post" action=format!("/group/{token}/leave") novalidate>
                    <button type="submit" class="button button--warning">"Leave the group"</button>
                </form>
            </div>
        </div>
    }
}

/// After leaving.
#[component]
pub fn LeftPage(slug: String, engagement_title: String) -> impl IntoView {
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <h1 class="heading-l">"You have left the group"</h1>
                <p class="body">"Your name and contact details are deleted. Thank you for taking part."</p>
                <p class="body"><a href=format!("/e/{slug}")>{format!("Back to {engagement_title}")}</a></p>
            </div>
        </div>
    }
}

/// A member as commissioners see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub name: String,
    pub audience: String,
    pub contact: String,
    pub joined: String,
    pub comments: i64,
}

#[component]
pub fn GroupListPage(slug: String, engagement_title: String, members: Vec<MemberRow>) -> impl IntoView {
    let count = members.len();
    let table = (count > 0).then(|| {
        view! {
            <div class="table-wrapper" role="region" aria-labelledby="members-caption" tabindex="0">
                <table class="table">
                    <caption class="table__caption" id="members-caption">"Members, newest first"</caption>
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Who"</th><th scope="col">"Contact"</th><th scope="col">"Joined"</th><th scope="col" class="table__numeric">"Comments"</th>
                    </tr></thead>
                    <tbody>
                        {members.into_iter().map(|m| view! {
                            <tr><td>{m.name}</td><td>{m.audience}</td><td class="break-anywhere">{m.contact}</td><td>{m.joined}</td><td class="table__numeric">{m.comments}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">{engagement_title.clone()}</span>
        <h1 class="heading-l">"Co-production group"</h1>
        <p class="body">{match count { 0 => "Nobody has joined yet.".to_string(), 1 => "1 person has joined, and agreed to be contacted to take part.".to_string(), n => format!("{n} people have joined, and agreed to be contacted to take part.") }}</p>
        <p class="body">"Use these details only to invite members to take part. They are not linked to anyone's survey answers. A member who leaves is deleted from this list."</p>
        {table}
    }
}
