//! One report for decision-makers: an engagement's purpose and method, who took part against who
//! was invited, results by audience, outcomes, themes with quotes, "You said, we did" so far and
//! the limits of the evidence. Issued, it is kept as a dated, numbered snapshot.

use crate::components::{ErrorSummary, FieldError};
use crate::fields::text_field;
use crate::pages::outcomes::{outcome_sections, Outcome};
use crate::pages::public_results::{group_sections, GroupResults};
use crate::pages::you_said::{PublicEntry, YouSaidWeDid};
use leptos::prelude::*;

/// Everything a report says, as it stands when it is made.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub engagement_title: String,
    pub summary: String,
    /// "From 1 November 2026 to 6 March 2027", or what is known.
    pub dates: String,
    /// (group, survey title, minutes) for each survey asked.
    pub surveys: Vec<(String, String, u32)>,
    /// (district, schools listed, schools that answered with their code).
    pub reach: Vec<(String, i64, i64)>,
    pub threshold: i64,
    pub groups: Vec<GroupResults>,
    pub districts: Vec<String>,
    pub outcomes: Vec<Outcome>,
    pub you_said: Vec<PublicEntry>,
    /// The day its figures were counted.
    pub counted_on: String,
}

/// How one survey was asked, in a sentence.
pub fn survey_method(group: &str, title: &str, minutes: u32) -> String {
    format!(
        "{group}: \u{201c}{title}\u{201d}, about {minutes} minutes, online with Easy Read and read-aloud, or by a school's access code."
    )
}

/// What the evidence can and cannot show, a sentence each.
pub fn evidence_limits(threshold: i64) -> [String; 4] {
    [
        "People chose to take part, so those who answered may not speak for everyone in their group or district.".into(),
        format!("To keep people from being picked out, every count smaller than {threshold} reads \u{201c}fewer than {threshold}\u{201d}, and some larger counts are hidden with it so that it cannot be worked out by subtraction."),
        "Quotes have names of people and places taken out, and no answer with the safeguarding team is quoted.".into(),
        "Themes were found in the written answers by Chorus and may have been reviewed by an analyst, as each theme table says; they summarise, and do not replace, reading the answers.".into(),
    ]
}

/// The report's body, the part an issued report keeps as it was.
pub fn report_body(r: Report) -> impl IntoView {
    let Report { engagement_title, summary, dates, surveys, reach, threshold, groups, districts, outcomes, you_said, counted_on } = r;
    let has_you_said = !you_said.is_empty();
    view! {
        <span class="caption-l">{engagement_title.clone()}</span>
        <h1 class="heading-xl">{format!("Report: {engagement_title}")}</h1>
        <p class="body">{format!("Figures as counted on {counted_on}.")}</p>
        <h2 class="heading-l">"Purpose and method"</h2>
        <p class="body">{summary}</p>
        <p class="body">{dates}</p>
        <ul class="list list--bullet">
            {surveys.into_iter().map(|(group, title, minutes)| view! {
                <li>{survey_method(&group, &title, minutes)}</li>
            }).collect_view()}
        </ul>
        <h2 class="heading-l">"Who was invited and who took part"</h2>
        <p class="body">"Schools and settings reached: those whose access code was used to send at least one answer, by district."</p>
        <div class="table-wrapper" role="region" aria-label="Schools reached by district" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Schools listed and schools that answered, by district"</caption>
                <thead><tr><th scope="col">"District"</th><th scope="col" class="table__numeric">"Schools listed"</th><th scope="col" class="table__numeric">"Answered"</th></tr></thead>
                <tbody>
                    {reach.into_iter().map(|(district, listed, answered)| view! {
                        <tr><th scope="row">{district}</th><td class="table__numeric">{listed}</td><td class="table__numeric">{answered}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {group_sections(groups)}
        <h2 class="heading-l">"Outcomes"</h2>
        {outcome_sections(districts, outcomes)}
        {if has_you_said {
            view! { <YouSaidWeDid entries=you_said/> }.into_any()
        } else {
            view! { <h2 class="heading-l">"You said, we did"</h2><p class="body">"Nothing has been published yet."</p> }.into_any()
        }}
        <h2 class="heading-l">"What the evidence can and cannot show"</h2>
        <ul class="list list--bullet">
            {evidence_limits(threshold).into_iter().map(|limit| view! { <li>{limit}</li> }).collect_view()}
        </ul>
    }
}

/// A report issued earlier, as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedRow {
    pub number: i64,
    pub issued: String,
    pub audience: String,
}

/// The live report, with the form to issue it and the reports issued before.
#[component]
pub fn ReportPage(
    slug: String,
    report: Report,
    issued: Vec<IssuedRow>,
    can_issue: bool,
    csrf_token: String,
    error: Option<String>,
) -> impl IntoView {
    let earlier = (!issued.is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"Issued reports"</h2>
            <ul class="list">
                {issued.into_iter().map(|r| view! {
                    <li><a href=format!("/admin/engagements/{slug}/reports/{}", r.number)>{format!("Report {}", r.number)}</a>{format!(", issued {} for {}", r.issued, r.audience)}</li>
                }).collect_view()}
            </ul>
        }
    });
    let issue = can_issue.then(|| {
        let errors: Vec<FieldError> = error.clone().map(|e| FieldError::new("audience", e)).into_iter().collect();
        view! {
            <ErrorSummary errors=errors/>
            <form method="post" action=format!("/admin/engagements/{slug}/report") novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                {text_field("audience", "Who it is for", Some("For example, Cabinet Committee, 14 January 2027. Issuing keeps this report, numbered and dated, exactly as it is now."), String::new(), error, None)}
                <button type="submit" class="button">"Issue this report"</button>
            </form>
        }
    });
    view! {
        <div class="no-print">
            <a href=format!("/admin/engagements/{slug}") class="back-link">"Back to the engagement"</a>
            <div class="notification" role="note"><p class="body">"This is the report as it stands now: its figures change as answers arrive. Print it or save it as PDF from the browser. To give it to a board or committee, issue it: an issued report never changes."</p></div>
            <p class="body"><a href=format!("/admin/engagements/{slug}/report.xlsx") class="link">"Download the report as it stands now as a spreadsheet (XLSX)"</a></p>
            {issue}
            {earlier}
        </div>
        {report_body(report)}
    }
}

/// An issued report: its number and date, then its body exactly as it was issued.
#[component]
pub fn IssuedReportPage(
    slug: String,
    number: i64,
    issued: String,
    audience: String,
    body: String,
    /// Reports issued before workbooks were kept have none.
    has_workbook: bool,
) -> impl IntoView {
    let workbook = has_workbook.then(|| {
        view! {
            <p class="body no-print"><a href=format!("/admin/engagements/{slug}/reports/{number}/report.xlsx") class="link">{format!("Download report {number} as a spreadsheet (XLSX)")}</a></p>
        }
    });
    view! {
        <a href=format!("/admin/engagements/{slug}/report") class="back-link no-print">"Back to the report"</a>
        <div class="inset-text"><p class="body">{format!("Report {number}, issued on {issued} for {audience}. It is kept exactly as it was issued.")}</p></div>
        {workbook}
        <div inner_html=body></div>
    }
}
