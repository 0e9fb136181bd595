//! The equality evidence page: who took part by each characteristic the equality monitoring
//! questions ask about, for an Equality Impact Assessment.

use crate::components::{ErrorSummary, FieldError};
use crate::fields::text_area;
use leptos::prelude::*;

/// One answer's row: how many gave it, and, where the population is uploaded, the comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EqualityRow {
    pub answer: String,
    pub people: String,
    /// The share of everyone asked.
    pub share: String,
    /// (share of those who told us, share of the population, the difference in words).
    pub compared: Option<(String, String, String)>,
    /// Whether far fewer took part than the population would lead us to expect.
    pub under: bool,
}

/// One characteristic's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqualitySection {
    pub name: String,
    /// Which surveys asked it, and how many sent those surveys, in words.
    pub asked: String,
    /// Each answer, then "I'd rather not say" and "Not answered".
    pub rows: Vec<EqualityRow>,
    /// Why the comparison with the population is not shown, where it is not.
    pub note: Option<String>,
}

#[component]
pub fn EqualityPage(slug: String, title: String, threshold: i64, sections: Vec<EqualitySection>, can_upload: bool) -> impl IntoView {
    let empty = sections.is_empty();
    let gaps: Vec<String> =
        sections.iter().flat_map(|s| s.rows.iter().filter(|r| r.under).map(move |r| format!("{}: {}", s.name, r.answer))).collect();
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">{format!("Back to {title}")}</a>
        <span class="caption-l">"Equality evidence"</span>
        <h1 class="heading-xl">{title.clone()}</h1>
        <p class="body">
            "Who took part, by each characteristic the optional equality monitoring questions ask about, for the Equality Impact Assessment. "
            "These answers are kept apart: no results page, filter, export or public page shows them, and this page never shows them beside any other answer."
        </p>
        <p class="body">
            {format!("Except to administrators, a count below {threshold} is not shown; where one count of a characteristic would be hidden alone, the next smallest is hidden with it, so that none can be worked out from the total. Percentages are of everyone who was asked.")}
        </p>
        <p class="body">
            "Where the council has uploaded "<a href="/admin/equality-population">"the equality population"</a>
            ", each answer's share of those who told us is compared with its share of children and young people with SEND. "
            "An answer is under-represented where fewer than four in five of the people the population would lead us to expect took part."
            {can_upload.then_some(" You can upload the population's numbers on that page.")}
        </p>
        {(!gaps.is_empty()).then(|| view! {
            <div class="inset-text">
                <h2 class="heading-m">"Under-represented"</h2>
                <ul class="list list--bullet">
                    {gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}
                </ul>
            </div>
        })}
        {(!empty).then(|| view! { <p class="body"><a href=format!("/admin/engagements/{slug}/equality.xlsx") download="">"Download these tables as a workbook (.xlsx)"</a></p> })}
        {empty.then(|| view! { <p class="body">"No survey in this engagement asks the equality monitoring questions. Add them in the survey editor, with the standard questions."</p> })}
        {sections.into_iter().enumerate().map(|(i, s)| {
            let (heading, label) = (format!("equality-{i}"), format!("equality-{i}"));
            let caption = format!("{}: who took part", s.name);
            let compared = s.rows.iter().any(|r| r.compared.is_some());
            view! {
                <h2 class="heading-l" id=heading>{s.name}</h2>
                <p class="body">{s.asked}</p>
                {s.note.map(|n| view! { <p class="body">{n}</p> })}
                <div class="table-wrapper" role="region" aria-labelledby=label tabindex="0">
                    <table class="table">
                        <caption class="visually-hidden">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Answer"</th>
                                <th scope="col" class="table__numeric">"People"</th>
                                <th scope="col" class="table__numeric">"Of everyone asked"</th>
                                {compared.then(|| view! {
                                    <th scope="col" class="table__numeric">"Of those who told us"</th>
                                    <th scope="col" class="table__numeric">"Of the population"</th>
                                    <th scope="col">"Difference"</th>
                                })}
                            </tr>
                        </thead>
                        <tbody>
                            {s.rows.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.answer}</th>
                                    <td class="table__numeric">{r.people}</td>
                                    <td class="table__numeric">{r.share}</td>
                                    {r.compared.map(|(took_part, expected, difference)| view! {
                                        <td class="table__numeric">{took_part}</td>
                                        <td class="table__numeric">{expected}</td>
                                        <td>{if r.under { view! { <strong class="tag">{difference}</strong> }.into_any() } else { difference.into_any() }}</td>
                                    })}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }).collect_view()}
    }
}

/// The equality population as uploaded: each characteristic with its answers' numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqualityPopulationView {
    pub csrf_token: String,
    /// (characteristic, [(answer, people in words)]).
    pub characteristics: Vec<(String, Vec<(String, String)>)>,
    pub can_edit: bool,
    /// What was pasted, kept when it has problems.
    pub pasted: String,
    pub notice: Option<String>,
}

#[component]
pub fn EqualityPopulationPage(view_model: EqualityPopulationView, errors: Vec<FieldError>) -> impl IntoView {
    let EqualityPopulationView { csrf_token, characteristics, can_edit, pasted, notice } = view_model;
    let error = errors.first().map(|e| e.message.clone());
    let empty = characteristics.is_empty();
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <ErrorSummary errors=errors.clone()/>
        <h1 class="heading-xl">"Equality population"</h1>
        <p class="body">
            "How many children and young people with SEND give each answer to each equality monitoring question. "
            "Each engagement's equality evidence compares who took part with these numbers."
        </p>
        {empty.then(|| view! { <p class="body">"No numbers have been uploaded yet."</p> })}
        {characteristics.into_iter().enumerate().map(|(i, (name, answers))| {
            let id = format!("population-{i}");
            view! {
                <h2 class="heading-m" id=id.clone()>{name.clone()}</h2>
                <div class="table-wrapper" role="region" aria-labelledby=id tabindex="0">
                    <table class="table">
                        <caption class="visually-hidden">{format!("{name}: children and young people with SEND")}</caption>
                        <thead><tr><th scope="col">"Answer"</th><th scope="col" class="table__numeric">"People"</th></tr></thead>
                        <tbody>
                            {answers.into_iter().map(|(answer, people)| view! {
                                <tr><th scope="row">{answer}</th><td class="table__numeric">{people}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }).collect_view()}
        {can_edit.then(|| view! {
            <h2 class="heading-m">"Upload the numbers"</h2>
            <form method="post" action="/admin/equality-population" novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                {text_area("population", "The numbers, as CSV", Some("One line for each answer: the characteristic, the answer as the equality questions word it, and the number of people, separated by commas, e.g. \u{201c}Sex,Female,21400\u{201d}; put an answer with a comma in double quotes, e.g. \u{201c}Ethnic group,\"Black, Black British, Caribbean or African\",1200\u{201d}. The upload replaces every number."), pasted, error, 8)}
                <button type="submit" class="button">"Upload numbers"</button>
            </form>
        })}
    }
}
