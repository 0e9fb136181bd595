//! An engagement's public page: what it is for, in plain English and Easy Read, where it stands,
//! and its surveys by who they are for.

use crate::components::ContactText;
use crate::pages::you_said::{PublicEntry, YouSaidWeDid};
use leptos::prelude::*;

/// An engagement as the home page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementCard {
    pub title: String,
    pub summary: String,
    /// Its public page.
    pub href: String,
    /// When it closes or closed, in words ("Open until 31 January 2027").
    pub when: Option<String>,
}

/// One survey on an engagement's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyLink {
    pub title: String,
    pub href: String,
    pub minutes: u32,
    /// Whether its pages have Easy Read beside the questions.
    pub easy_read: bool,
    /// Whether schools answer it with their access code.
    pub school_code: bool,
}

/// The surveys for one group of people, under its heading ("For young people").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyGroup {
    pub heading: String,
    pub surveys: Vec<SurveyLink>,
}

/// Everything an engagement's public page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicEngagement {
    pub title: String,
    pub summary: String,
    /// One short idea on each line; empty when none has been written.
    pub easy_read: Vec<String>,
    /// Where it stands, in a word or two ("Open now", "Closed").
    pub stage: String,
    /// The same in a sentence, with its dates.
    pub stage_detail: String,
    /// Whether its surveys take answers now.
    pub open: bool,
    /// Its published results, once there are some.
    pub results_href: Option<String>,
    pub groups: Vec<SurveyGroup>,
    pub contact: String,
    /// Its published "You said, we did" entries.
    pub you_said: Vec<PublicEntry>,
    /// Where to leave an email address to hear when more is published.
    pub updates_href: String,
    /// Where to join the co-production group.
    pub group_href: String,
    /// Its published documents: (title, address, latest version).
    pub documents: Vec<(String, String, i64)>,
}

#[component]
pub fn EngagementPage(engagement: PublicEngagement) -> impl IntoView {
    let e = engagement;
    let open = e.open;
    let groups = e
        .groups
        .into_iter()
        .map(|g| {
            view! {
                <h3 class="heading-m">{g.heading}</h3>
                <ul class="card-list">
                    {g.surveys.into_iter().map(|s| survey_card(s, open)).collect_view()}
                </ul>
            }
        })
        .collect_view();
    let easy_read = (!e.easy_read.is_empty()).then(|| {
        view! {
            <section class="easy-read" aria-labelledby="easy-read-heading">
                <h2 class="heading-m" id="easy-read-heading">"In Easy Read"</h2>
                {e.easy_read.into_iter().map(|l| view! { <p class="body easy-read__line">{l}</p> }).collect_view()}
            </section>
        }
    });
    view! {
        <a href="/" class="back-link">"All engagements"</a>
        <span class="caption-l">"Engagement"</span>
        <h1 class="heading-xl">{e.title}</h1>
        <p class="lead">{e.summary}</p>
        {easy_read}
        <h2 class="heading-l">"Where it stands"</h2>
        <p class="body"><strong class="tag" id="stage">{e.stage}</strong></p>
        <p class="body">{e.stage_detail}</p>
        {e.results_href.map(|href| view! { <p class="body"><a href=href class="button" role="button" draggable="false">"Read what people told us"</a></p> })}
        <p class="body"><a href=e.updates_href>"Get an email when the council publishes what it heard and what it will do"</a></p>
        {(!e.you_said.is_empty()).then(|| view! { <YouSaidWeDid entries=e.you_said/> })}
        {(!e.documents.is_empty()).then(|| view! {
            <h2 class="heading-l">"Documents to read"</h2>
            <ul class="list">
                {e.documents.into_iter().map(|(title, href, version)| view! {
                    <li><a href=href>{title}</a>{format!(" (version {version})")}</li>
                }).collect_view()}
            </ul>
        })}
        <p class="body"><a href=e.group_href>"Join the co-production group"</a>": help the council write the new service, at workshops and by reading each new version"</p>
        <h2 class="heading-l">{if open { "Have your say" } else { "Its surveys" }}</h2>
        {if open {
            view! { <p class="body">"Choose the survey that is for you. You do not need an account, and you can stop and carry on later."</p> }.into_any()
        } else {
            view! { <p class="body">"These surveys have closed, so they are no longer taking answers."</p> }.into_any()
        }}
        {groups}
        <h2 class="heading-m">"If you have a code"</h2>
        <ul class="list">
            <li><a href="/resume">"Carry on with a code"</a>" you were given when you saved your answers"</li>
            <li><a href="/withdraw">"Take your answers back"</a>" with the receipt code you were given when you sent them"</li>
        </ul>
        {(!e.contact.is_empty()).then(|| view! {
            <h2 class="heading-m">"Questions, or another format"</h2>
            <p class="body">"For questions about this engagement, or to take part on paper, in large print, Easy Read or British Sign Language, contact "<ContactText text=e.contact.clone()/>"."</p>
        })}
    }
}

fn survey_card(s: SurveyLink, open: bool) -> impl IntoView {
    let about = format!("About {} minutes.{}", s.minutes, if s.easy_read { " It has Easy Read beside the questions." } else { "" });
    let title = if open { view! { <a href=s.href>{s.title}</a> }.into_any() } else { s.title.into_any() };
    view! {
        <li class="card">
            <h4 class="heading-s card__title">{title}</h4>
            <p class="body">{about}</p>
            {(open && s.school_code).then(|| view! {
                <p class="body"><a href="/code">"Start with your school's access code"</a>" so that your answers count for your school"</p>
            })}
        </li>
    }
}

/// The home page's list of engagements, each linking to its page.
#[component]
pub fn EngagementCards(cards: Vec<EngagementCard>) -> impl IntoView {
    view! {
        <ul class="card-list">
            {cards
                .into_iter()
                .map(|e| {
                    view! {
                        <li class="card">
                            <h3 class="heading-s card__title"><a href=e.href>{e.title}</a></h3>
                            <p class="body">{e.summary}</p>
                            {e.when.map(|w| view! { <p class="body-s">{w}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
