//! The school directory and each survey's access codes, in the staff area.

use crate::components::{ErrorMessage, ErrorSummary, FieldError};
use leptos::prelude::*;

/// A school as the staff area lists it, with its access code where one is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolRow {
    pub name: String,
    pub district: String,
    pub phase: String,
    pub address: String,
    pub code: Option<String>,
    /// Responses sent with the school's code, in words (on the access codes page only).
    pub sent: Option<String>,
}

/// "1 school", "2 schools".
pub fn schools_count(n: usize) -> String {
    if n == 1 {
        "1 school".into()
    } else {
        format!("{n} schools")
    }
}

/// One school's letter: its code, where to use it, and a QR code that opens the code page
/// with the code filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub school: String,
    pub address: String,
    pub code: String,
    /// The address to type, e.g. "https://chorus.kent.gov.uk/code".
    pub code_page: String,
    /// The QR code as SVG markup, made by the server from a fixed address and code.
    pub qr_svg: String,
}

fn school_table(caption: String, rows: Vec<SchoolRow>, with_codes: bool) -> impl IntoView {
    let with_sent = with_codes && rows.iter().any(|r| r.sent.is_some());
    let label = caption.clone();
    view! {
        <div class="table-wrapper" role="region" aria-label=label tabindex="0">
            <table class="table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"School or setting"</th>
                        <th scope="col">"District"</th>
                        <th scope="col">"Phase"</th>
                        {with_codes.then(|| view! { <th scope="col">"Access code"</th> })}
                        {with_sent.then(|| view! { <th scope="col" class="table__numeric">"Responses sent"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name}{(!r.address.is_empty()).then(|| view! { <br/><span class="body-s school-address">{r.address.clone()}</span> })}</th>
                            <td>{r.district}</td>
                            <td>{r.phase}</td>
                            {with_codes.then(|| view! { <td class="code">{r.code.unwrap_or_else(|| "None yet".into())}</td> })}
                            {with_sent.then(|| view! { <td class="table__numeric">{r.sent.unwrap_or_default()}</td> })}
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
        <p class="body">{format!("{} and settings {} listed. Each can be given an access code for a survey, so that its feedback counts for it.", schools_count(count), if count == 1 { "is" } else { "are" })}</p>
        {(count > 0).then(|| school_table("Schools and settings".into(), schools, false))}
        {can_edit.then(|| view! {
            <h2 class="heading-l">"Add schools"</h2>
            <form method="post" action="/admin/schools" novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                <div class=if invalid { "form-group form-group--error" } else { "form-group" }>
                    <label class="label" for="csv">"Schools as CSV"</label>
                    <div class="hint" id="csv-hint">
                        "One school a line: name, district, phase, and the address if you have it. For example: "
                        <code>"Oakwood Primary School,Ashford,Primary,\"1 Oak Lane, Ashford TN23 1AA\""</code>
                        ". Put anything that contains a comma in double quotes. Schools already listed are left as they are."
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
                <button type="submit" class="button">{format!("Make codes for the {} without one", schools_count(missing))}</button>
            </form>
        })}
        {(rows.iter().any(|r| r.code.is_some())).then(|| view! {
            <p class="body"><a href=format!("/admin/surveys/{survey_id}/codes/letters")>"Letters to print: one page for each school, with its code and a QR code"</a></p>
        })}
        {if rows.is_empty() {
            view! { <p class="body">"No schools are listed yet. "<a href="/admin/schools">"Add schools"</a></p> }.into_any()
        } else {
            school_table("Schools with their access codes".into(), rows, true).into_any()
        }}
    }
}

/// A letter for each school with a code, one to a printed page.
#[component]
pub fn CodeLettersPage(
    survey_id: i64,
    survey_title: String,
    intro: String,
    closes: Option<String>,
    contact: String,
    letters: Vec<Letter>,
    /// Only for the schools still to hear from.
    waiting: bool,
) -> impl IntoView {
    let count = letters.len();
    let which = if waiting { "still to hear from" } else { "with a code" };
    view! {
        <div class="no-print">
            <a href=format!("/admin/surveys/{survey_id}/codes") class="back-link">"Back to the access codes"</a>
            <h1 class="heading-xl">"Letters with access codes"</h1>
            <p class="body">{format!("A letter for each of the {} {which}, one to a page when printed. Print this page, or save it as PDF from the browser.", schools_count(count))}</p>
        </div>
        {letters.into_iter().map(|l| {
            let label = format!("Letter to {}", l.school);
            view! {
                <article class="letter" aria-label=label>
                    <p class="body letter__to"><strong>{l.school.clone()}</strong>{(!l.address.is_empty()).then(|| view! { <br/>{l.address.clone()} })}</p>
                    <h2 class="heading-l">{survey_title.clone()}</h2>
                    <p class="body">{intro.clone()}</p>
                    <p class="body">"Your school's access code is:"</p>
                    <p class="code code--large">{l.code.clone()}</p>
                    <p class="body">"Go to "<strong>{l.code_page.clone()}</strong>" and enter the code, or scan the QR code with a phone or tablet."</p>
                    <div class="letter__qr" role="img" aria-label=format!("QR code that opens {} with the code {} filled in", l.code_page, l.code) inner_html=l.qr_svg></div>
                    <p class="body">"Answers given with this code count for your school. Nobody's own answers are named."</p>
                    {closes.clone().map(|c| view! { <p class="body">{format!("The survey is open until {c}.")}</p> })}
                    {(!contact.is_empty()).then(|| view! { <p class="body">{format!("Questions: {contact}.")}</p> })}
                </article>
            }
        }).collect_view()}
    }
}

/// A survey answered with schools' access codes: how many of the schools given a code have
/// answered, and those still to hear from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReachSurvey {
    pub id: i64,
    pub title: String,
    /// Schools given a code for it.
    pub with_codes: usize,
    /// Of those, the ones that have sent answers with it.
    pub answered: usize,
    /// The rest, with their codes, by district.
    pub waiting: Vec<SchoolRow>,
}

/// Schools in each district, and how many answered: (district, listed, answered).
pub type DistrictReach = (String, i64, i64);

/// Which schools have answered an engagement's surveys with their access code, and which are
/// still to hear from, to remind them. It says nothing of what anyone answered.
#[component]
pub fn ReachPage(
    engagement_slug: String,
    engagement_title: String,
    districts: Vec<DistrictReach>,
    surveys: Vec<ReachSurvey>,
) -> impl IntoView {
    let (listed, answered) = districts.iter().fold((0, 0), |(l, a), d| (l + d.1, a + d.2));
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">"Back to the engagement"</a>
        <span class="caption-l">{engagement_title}</span>
        <h1 class="heading-xl">"Schools: who has answered"</h1>
        <p class="body">"Which schools in the directory have sent answers with their access code, so that you can remind the others. It shows nothing of what anyone answered, nor how many answered from a school."</p>
        {if districts.is_empty() {
            view! { <p class="body">"No schools are listed yet. "<a href="/admin/schools">"Add schools"</a></p> }.into_any()
        } else {
            view! {
                <div class="table-wrapper" role="region" aria-label="Schools by district" tabindex="0">
                    <table class="table">
                        <caption class="table__caption">"Schools by district that answered any of the engagement\u{2019}s surveys"</caption>
                        <thead><tr>
                            <th scope="col">"District"</th>
                            <th scope="col" class="table__numeric">"Schools listed"</th>
                            <th scope="col" class="table__numeric">"Answered"</th>
                            <th scope="col" class="table__numeric">"Still to hear from"</th>
                        </tr></thead>
                        <tbody>
                            {districts.into_iter().map(|(district, l, a)| view! {
                                <tr><th scope="row">{district}</th><td class="table__numeric">{l}</td><td class="table__numeric">{a}</td><td class="table__numeric">{l - a}</td></tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">"Kent"</th><td class="table__numeric">{listed}</td><td class="table__numeric">{answered}</td><td class="table__numeric">{listed - answered}</td>
                        </tr></tfoot>
                    </table>
                </div>
            }.into_any()
        }}
        {if surveys.is_empty() {
            view! { <p class="body">"No survey of this engagement has access codes yet, so no answer can be said to come from a school. Make codes on a survey\u{2019}s access codes page."</p> }.into_any()
        } else {
            surveys.into_iter().map(|s| {
                let waiting = s.waiting.len();
                view! {
                    <h2 class="heading-l">{format!("{}: still to hear from", s.title)}</h2>
                    <p class="body">{format!("{} of the {} given a code {} answered.", s.answered, schools_count(s.with_codes), if s.answered == 1 { "has" } else { "have" })}</p>
                    {if waiting == 0 {
                        view! { <p class="body">"Every school given a code has answered."</p> }.into_any()
                    } else {
                        view! {
                            <p class="body"><a href=format!("/admin/surveys/{}/codes/letters?waiting=1", s.id)>{format!("Letters to print for the {} still to hear from", schools_count(waiting))}</a></p>
                            {school_table(format!("{}: schools still to hear from, with their access codes", s.title), s.waiting, true)}
                        }.into_any()
                    }}
                }
            }).collect_view().into_any()
        }}
    }
}
