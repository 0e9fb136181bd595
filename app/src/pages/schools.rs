//! The school directory and each survey's access codes, in the staff area.

use crate::components::{ErrorMessage, ErrorSummary, FieldError};
use leptos::prelude::*;

/// A school as the staff area lists it, with its access code where one is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolRow {
    pub name: String,
    pub district: String,
    pub phase: String,
    pub code: Option<String>,
}

fn school_table(caption: &'static str, rows: Vec<SchoolRow>, with_codes: bool) -> impl IntoView {
    view! {
        <div class="table-wrapper" role="region" aria-label=caption tabindex="0">
            <table class="table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"School or setting"</th>
                        <th scope="col">"District"</th>
                        <th scope="col">"Phase"</th>
                        {with_codes.then(|| view! { <th scope="col">"Access code"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name}</th>
                            <td>{r.district}</td>
                            <td>{r.phase}</td>
                            {with_codes.then(|| view! { <td class="code">{r.code.unwrap_or_else(|| "None yet".into())}</td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn SchoolsPage(
    schools: Vec<SchoolRow>,
    can_edit: bool,
    csrf_token: String,
    /// What was pasted, kept when it had problems.
    csv: String,
    problems: Vec<String>,
    notice: Option<String>,
) -> impl IntoView {
    let errors: Vec<FieldError> = problems.iter().map(|p| FieldError::new("csv", p.clone())).collect();
    let first_problem = problems.first().cloned();
    let invalid = first_problem.is_some();
    let count = schools.len();
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        <ErrorSummary errors=errors/>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <h1 class="heading-xl">"Schools and settings"</h1>
        <p class="body">{format!("{count} schools and settings are listed. Each can be given an access code for a survey, so that its feedback counts for it.")}</p>
        {(count > 0).then(|| school_table("Schools and settings", schools, false))}
        {can_edit.then(|| view! {
            <h2 class="heading-l">"Add schools"</h2>
            <form method="post" action="/admin/schools" novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                <div class=if invalid { "form-group form-group--error" } else { "form-group" }>
                    <label class="label" for="csv">"Schools as CSV"</label>
                    <div class="hint" id="csv-hint">
                        "One school a line: name, district, phase. For example: "<code>"Oakwood Primary School,Ashford,Primary"</code>
                        ". Put a name that contains a comma in double quotes. Schools already listed are left as they are."
                    </div>
                    <ErrorMessage field="csv".to_string() message=first_problem/>
                    <textarea class=if invalid { "textarea input--error" } else { "textarea" } id="csv" name="csv" rows="8"
                        aria-describedby=if invalid { "csv-hint csv-error" } else { "csv-hint" } spellcheck="false">{csv}</textarea>
                </div>
                <button type="submit" class="button">"Add schools"</button>
            </form>
        })}
    }
}

#[component]
pub fn AccessCodesPage(
    survey_id: i64,
    survey_title: String,
    engagement_slug: String,
    rows: Vec<SchoolRow>,
    can_edit: bool,
    csrf_token: String,
    notice: Option<String>,
) -> impl IntoView {
    let missing = rows.iter().filter(|r| r.code.is_none()).count();
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">"Back to the engagement"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <span class="caption-l">{survey_title}</span>
        <h1 class="heading-xl">"Access codes"</h1>
        <p class="body">"Give each school its own code. Anyone answering with it starts at "<strong>"/code"</strong>
            "; their answers count for that school and stay anonymous."</p>
        {(can_edit && missing > 0).then(|| view! {
            <form method="post" action=format!("/admin/surveys/{survey_id}/codes")>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                <button type="submit" class="button">{format!("Make codes for the {missing} schools without one")}</button>
            </form>
        })}
        {if rows.is_empty() {
            view! { <p class="body">"No schools are listed yet. "<a href="/admin/schools">"Add schools"</a></p> }.into_any()
        } else {
            school_table("Schools with their access codes", rows, true).into_any()
        }}
    }
}
