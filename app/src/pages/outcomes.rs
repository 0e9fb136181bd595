//! An engagement's outcomes: every question tagged with an outcome statement, rolled
//! up per outcome, by respondent group and by district — what a board reads
//! against its outcomes framework.

use leptos::prelude::*;

/// One question measuring an outcome.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutcomeRow {
    /// Who was asked, e.g. "Parents and carers".
    pub group: String,
    pub question: String,
    /// "72% of 54", "fewer than 5 answered" or "no answers".
    pub overall: String,
    /// The same for each district, in the order of the page's districts.
    pub districts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// The framework's group it is in (empty in results frozen before outcomes had groups).
    #[serde(default)]
    pub group: String,
    pub statement: String,
    pub rows: Vec<OutcomeRow>,
}

/// For each outcome statement, a table of the share of positive answers to each question that
/// measures it, for Kent and each district.
pub fn outcome_sections(districts: Vec<String>, outcomes: Vec<Outcome>) -> AnyView {
    if outcomes.is_empty() {
        view! { <p class="body">"No question in this engagement measures an outcome in the framework yet. Link one in the survey editor."</p> }.into_any()
    } else {
        let groups_before: Vec<String> = outcomes.iter().map(|o| o.group.clone()).collect();
        let level = if groups_before.iter().any(|g| !g.is_empty()) { 3 } else { 2 };
        outcomes
            .into_iter()
            .enumerate()
            .map(|(i, o)| {
                // A group's name heads its first outcome.
                let group = (!o.group.is_empty() && (i == 0 || groups_before[i - 1] != o.group)).then(|| {
                    view! { <h2 class="heading-l">{o.group.clone()}</h2> }
                });
                let heading_id = format!("outcome-{i}");
                let (section_label, region_label) = (heading_id.clone(), heading_id.clone());
                // One row for Kent and one for each district, one column for each question:
                // twelve districts read down the page, on a phone and on paper.
                let places: Vec<String> = std::iter::once("All of Kent".to_string()).chain(districts.iter().cloned()).collect();
                let questions: Vec<(String, String)> = o.rows.iter().map(|r| (r.group.clone(), r.question.clone())).collect();
                let by_place: Vec<(String, Vec<String>)> = places
                    .into_iter()
                    .enumerate()
                    .map(|(p, place)| {
                        let cells = o
                            .rows
                            .iter()
                            .map(|r| if p == 0 { r.overall.clone() } else { r.districts.get(p - 1).cloned().unwrap_or_default() })
                            .collect();
                        (place, cells)
                    })
                    .collect();
                view! {
                    {group}
                    <section class="result" aria-labelledby=section_label>
                        {if level == 3 {
                            view! { <h3 class="heading-m" id=heading_id>{o.statement.clone()}</h3> }.into_any()
                        } else {
                            view! { <h2 class="heading-l" id=heading_id>{o.statement.clone()}</h2> }.into_any()
                        }}
                        <div class="table-wrapper" role="region" aria-labelledby=region_label tabindex="0">
                            <table class="table table--crosstab">
                                <caption class="visually-hidden">{format!("Share of positive answers for: {}", o.statement)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Where"</th>
                                        {questions.into_iter().map(|(group, question)| view! {
                                            <th scope="col" class="table__numeric">{group}<br/><span class="body-s">{question}</span></th>
                                        }).collect_view()}
                                    </tr>
                                </thead>
                                <tbody>
                                    {by_place.into_iter().map(|(place, cells)| view! {
                                        <tr>
                                            <th scope="row">{place}</th>
                                            {cells.into_iter().map(|c| view! { <td class="table__numeric">{c}</td> }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    }
}

#[component]
pub fn OutcomesPage(
    engagement_slug: String,
    engagement_title: String,
    threshold: i64,
    districts: Vec<String>,
    outcomes: Vec<Outcome>,
    /// The areas of need to choose from, as (value, words).
    needs: Vec<(String, String)>,
    /// The chosen area of need's value, or empty for every answer.
    chosen_need: String,
) -> impl IntoView {
    let chosen_words = needs.iter().find(|(v, _)| *v == chosen_need).map(|(_, w)| w.clone());
    let body = if outcomes.is_empty() && chosen_words.is_some() {
        view! { <p class="body">"No question that measures an outcome is about this area of need."</p> }.into_any()
    } else {
        outcome_sections(districts, outcomes)
    };
    let form = view! {
        <form method="get" action=format!("/admin/engagements/{engagement_slug}/outcomes") class="filter-form">
            <div class="form-group">
                <label class="label" for="need">"Area of need"</label>
                <div class="hint" id="need-hint">
                    "Keeps the questions about one area of need, with the answers of those who chose it where a survey asks."
                </div>
                <select class="select" id="need" name="need" aria-describedby="need-hint">
                    <option value="" selected=chosen_need.is_empty()>"Every area of need"</option>
                    {needs.into_iter().map(|(value, words)| {
                        let selected = value == chosen_need;
                        view! { <option value=value selected=selected>{words}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Show outcomes"</button>
        </form>
    };
    let showing = chosen_words.map(|need| view! {
        <div class="inset-text">
            <p class="body">{format!("Showing {need}.")}</p>
            <p class="body">
                "Questions about another area of need are left out. Where a survey asks people their areas of need, the figures are those of the people who chose this one. "
                "Where it does not ask, only its questions about this area of need are shown, with everyone's answers."
            </p>
        </div>
    });
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">"Outcomes"</span>
        <h1 class="heading-xl">{engagement_title.clone()}</h1>
        <p class="body">
            "For each outcome statement, the share of people who answered at the positive end of each question that measures it: "
            "the top half of a rating scale, \u{201c}Yes\u{201d}, or \u{201c}I like it\u{201d}. "
            {format!("Except to administrators, a share is not shown where fewer than {threshold} answered, or fewer than {threshold} answered one way or the other, or where it would let a district's hidden share be worked out from Kent's, or a count the results pages hide.")}
        </p>
        <p class="body">"The outcomes and their groups are those of "<a href="/admin/outcomes">"the outcomes framework"</a>"."</p>
        {form}
        {showing}
        {body}
    }
}
