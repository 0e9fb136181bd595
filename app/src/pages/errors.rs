//! Pages for when something goes wrong: plain words, what to do next.

use leptos::prelude::*;

/// What an error page says. The server picks one for each kind of problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorContent {
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// A way on: (link text, address).
    pub link: Option<(String, String)>,
}

#[component]
pub fn ErrorPage(content: ErrorContent) -> impl IntoView {
    view! {
        <h1 class="heading-l">{content.heading}</h1>
        {content.paragraphs.into_iter().map(|p| view! { <p class="body">{p}</p> }).collect_view()}
        {content.link.map(|(text, href)| view! { <p class="body"><a href=href>{text}</a></p> })}
    }
}
