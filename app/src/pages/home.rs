//! The first screen: what Chorus is, and the engagements open now.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An engagement open for views, as listed on the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenEngagement {
    pub title: String,
    pub summary: String,
    /// Closing date in words, e.g. "31 January 2027", if it has one.
    pub closes: Option<String>,
}

#[component]
pub fn HomePage(engagements: Vec<OpenEngagement>) -> impl IntoView {
    let list = if engagements.is_empty() {
        view! {
            <p class="body" id="no-engagements">
                "There are no engagements open at the moment. When the council asks for views, "
                "they will be listed here."
            </p>
        }
        .into_any()
    } else {
        view! {
            <ul class="card-list">
                {engagements
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li class="card">
                                <h3 class="heading-s card__title">{e.title}</h3>
                                <p class="body">{e.summary}</p>
                                {e.closes.map(|c| view! { <p class="body-s">{format!("Open until {c}")}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h1 class="heading-xl">"Have your say on SEND services in Kent"</h1>
        <p class="lead">
            "Chorus is where children and young people with special educational needs and disabilities "
            "(SEND), their parents and carers, and their schools tell the council what works, what does "
            "not, and what should change."
        </p>
        <p class="body">
            "You do not need an account. Your answers are anonymous unless a question says otherwise, "
            "and you can save your answers and come back later."
        </p>
        <h2 class="heading-l">"Open now"</h2>
        {list}
        <h2 class="heading-m">"If you have a code"</h2>
        <ul class="list">
            <li><a href="/resume">"Carry on with a code"</a>" you were given when you saved your answers"</li>
            <li><a href="/code">"Answer for your school with its access code"</a></li>
            <li><a href="/withdraw">"Take your answers back"</a>" with the receipt code you were given when you sent them"</li>
        </ul>
    }
}
