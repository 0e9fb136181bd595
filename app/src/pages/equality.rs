//! The equality evidence page: who took part by each characteristic the equality monitoring
//! questions ask about, for an Equality Impact Assessment.

use leptos::prelude::*;

/// One characteristic's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqualitySection {
    pub name: String,
    /// Which surveys asked it, and how many sent those surveys, in words.
    pub asked: String,
    /// Each answer (then "I'd rather not say" and "Not answered"): (answer, people, share of all asked).
    pub rows: Vec<(String, String, String)>,
}

#[component]
pub fn EqualityPage(slug: String, title: String, threshold: i64, sections: Vec<EqualitySection>) -> impl IntoView {
    let empty = sections.is_empty();
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
        {(!empty).then(|| view! { <p class="body"><a href=format!("/admin/engagements/{slug}/equality.xlsx") download="">"Download these tables as a workbook (.xlsx)"</a></p> })}
        {empty.then(|| view! { <p class="body">"No survey in this engagement asks the equality monitoring questions. Add them in the survey editor, with the standard questions."</p> })}
        {sections.into_iter().enumerate().map(|(i, s)| {
            let (heading, label) = (format!("equality-{i}"), format!("equality-{i}"));
            let caption = format!("{}: who took part", s.name);
            view! {
                <h2 class="heading-l" id=heading>{s.name}</h2>
                <p class="body">{s.asked}</p>
                <div class="table-wrapper" role="region" aria-labelledby=label tabindex="0">
                    <table class="table">
                        <caption class="visually-hidden">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Answer"</th>
                                <th scope="col" class="table__numeric">"People"</th>
                                <th scope="col" class="table__numeric">"Of everyone asked"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {s.rows.into_iter().map(|(answer, people, share)| view! {
                                <tr>
                                    <th scope="row">{answer}</th>
                                    <td class="table__numeric">{people}</td>
                                    <td class="table__numeric">{share}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }).collect_view()}
    }
}
