//! Response monitoring for a whole engagement: who has answered each survey, when, and from where.

use leptos::prelude::*;

/// A table of counts: one row per value, one column per survey (and a total).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    pub caption: String,
    pub row_header: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

fn grid(g: Grid) -> AnyView {
    if g.rows.is_empty() {
        return view! {
            <h2 class="heading-s">{g.caption}</h2>
            <p class="body">"None yet."</p>
        }
        .into_any();
    }
    let label = format!("Table: {}", g.caption);
    view! {
        <div class="table-wrapper" role="region" aria-label=label tabindex="0">
            <table class="table table--crosstab">
                <caption class="table__caption">{g.caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{g.row_header}</th>
                        {g.columns.into_iter().map(|c| view! { <th scope="col" class="table__numeric">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {g.rows.into_iter().map(|(k, cells)| view! {
                        <tr>
                            <th scope="row">{k}</th>
                            {cells.into_iter().map(|c| view! { <td class="table__numeric">{c}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn MonitoringPage(engagement_slug: String, engagement_title: String, note: String, grids: Vec<Grid>) -> impl IntoView {
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">{engagement_title.clone()}</span>
        <h1 class="heading-xl">"Who has answered"</h1>
        <p class="body">"Every survey in this engagement side by side: responses started and sent, how people arrived, when, and who they are. Each survey's results page has its answers."</p>
        <p class="body-s">{note}</p>
        {grids.into_iter().map(grid).collect_view()}
    }
}
