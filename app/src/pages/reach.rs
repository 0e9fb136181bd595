//! Reach: the numbers of children and young people with SEND the council uploads, and each
//! engagement's responses against them.

use crate::components::{ErrorSummary, FieldError};
use crate::fields::text_area;
use leptos::prelude::*;

/// The population as uploaded: for each district, the children with SEND with each area of
/// need, in the order of the page's needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopulationView {
    pub csrf_token: String,
    pub needs: Vec<String>,
    pub districts: Vec<(String, Vec<String>)>,
    pub can_edit: bool,
    /// What was pasted, kept when it has problems.
    pub pasted: String,
    pub notice: Option<String>,
}

#[component]
pub fn PopulationPage(view_model: PopulationView, errors: Vec<FieldError>) -> impl IntoView {
    let PopulationView { csrf_token, needs, districts, can_edit, pasted, notice } = view_model;
    let error = errors.first().map(|e| e.message.clone());
    let empty = districts.is_empty();
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <ErrorSummary errors=errors.clone()/>
        <h1 class="heading-xl">"Children and young people with SEND"</h1>
        <p class="body">"How many live in each district with each area of need. Each engagement's response rates are measured against these numbers."</p>
        {empty.then(|| view! { <p class="body">"No numbers have been uploaded yet."</p> })}
        {(!empty).then(|| view! {
            <div class="table-wrapper" role="region" aria-labelledby="population-caption" tabindex="0">
                <table class="table table--crosstab">
                    <caption class="table__caption" id="population-caption">"Children and young people with SEND, by district and area of need"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"District"</th>
                            {needs.iter().map(|n| view! { <th scope="col" class="table__numeric">{n.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {districts.into_iter().map(|(district, counts)| view! {
                            <tr>
                                <th scope="row">{district}</th>
                                {counts.into_iter().map(|c| view! { <td class="table__numeric">{c}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {can_edit.then(|| view! {
            <h2 class="heading-m">"Upload the numbers"</h2>
            <form method="post" action="/admin/population" novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                {text_area("population", "The numbers, as CSV", Some("One line for each district and area of need: the district, the area of need and the number of children, separated by commas, e.g. \u{201c}Ashford,Cognition and learning,412\u{201d}; put an area of need with a comma in double quotes, e.g. \u{201c}Ashford,\"Social, emotional and mental health\",230\u{201d}. The upload replaces every number."), pasted, error, 8)}
                <button type="submit" class="button">"Upload numbers"</button>
            </form>
        })}
    }
}

/// A place's responses against its children with SEND.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateRow {
    pub place: String,
    pub responses: String,
    pub children: String,
    pub rate: String,
}

#[component]
pub fn ReachRatesPage(
    slug: String,
    title: String,
    threshold: i64,
    asked: String,
    districts: Vec<RateRow>,
    needs: Vec<RateRow>,
) -> impl IntoView {
    let table = |id: &'static str, heading: &'static str, first: &'static str, rows: Vec<RateRow>| {
        view! {
            <h2 class="heading-l" id=id>{heading}</h2>
            <div class="table-wrapper" role="region" aria-labelledby=id tabindex="0">
                <table class="table">
                    <caption class="visually-hidden">{heading}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{first}</th>
                            <th scope="col" class="table__numeric">"Responses"</th>
                            <th scope="col" class="table__numeric">"Children with SEND"</th>
                            <th scope="col" class="table__numeric">"Responses per 100 children"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row">{r.place}</th>
                                <td class="table__numeric">{r.responses}</td>
                                <td class="table__numeric">{r.children}</td>
                                <td class="table__numeric">{r.rate}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">{format!("Back to {title}")}</a>
        <span class="caption-l">"Response rates"</span>
        <h1 class="heading-xl">{title.clone()}</h1>
        <p class="body">{asked}</p>
        <p class="body">
            "Measured against "<a href="/admin/population">"the numbers of children and young people with SEND"</a>" the council has uploaded. "
            {format!("Except to administrators, a count below {threshold} is not shown, nor any count made from one a survey's results page hides, nor an area of need when too few people are outside it.")}
        </p>
        {table("districts-heading", "By district", "District", districts)}
        {table("needs-heading", "By area of need", "Area of need", needs)}
    }
}
