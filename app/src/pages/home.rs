//! The first screen: what Chorus is, the engagements open now, and those that have closed.

use crate::pages::engagement::{EngagementCard, EngagementCards};
use leptos::prelude::*;

#[component]
pub fn HomePage(open: Vec<EngagementCard>, closed: Vec<EngagementCard>) -> impl IntoView {
    let open_list = if open.is_empty() {
        view! {
            <p class="body" id="no-engagements">
                "There are no engagements open at the moment. When the council asks for views, "
                "they will be listed here."
            </p>
        }
        .into_any()
    } else {
        view! { <EngagementCards cards=open/> }.into_any()
    };
    let closed_list = (!closed.is_empty()).then(|| {
        view! {
            <h2 class="heading-l">"Closed"</h2>
            <p class="body">"These engagements are no longer taking answers."</p>
            <EngagementCards cards=closed/>
        }
    });
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
        {open_list}
        {closed_list}
        <h2 class="heading-m">"If you have a code"</h2>
        <ul class="list">
            <li><a href="/resume">"Carry on with a code"</a>" you were given when you saved your answers"</li>
            <li><a href="/code">"Answer for your school with its access code"</a></li>
            <li><a href="/withdraw">"Take your answers back"</a>" with the receipt code you were given when you sent them"</li>
        </ul>
    }
}
