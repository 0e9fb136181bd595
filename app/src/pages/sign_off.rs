//! Face-to-face co-production and sign-off: recording a workshop about a document, recording who
//! approved its final version, the final document in Easy Read, and "how this was co-produced".

use crate::components::{error_for, ErrorMessage, ErrorSummary, FieldError};
use crate::fields::{date_input, group_class, text_area, text_field};
use leptos::prelude::*;
use serde::Deserialize;

/// The groups a workshop counts, as (form field, words).
pub const WORKSHOP_GROUPS: [(&str, &str); 4] = [
    ("young_people", "Children and young people"),
    ("parents_carers", "Parents and carers"),
    ("schools", "School staff"),
    ("others", "Others"),
];

/// What the workshop form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct WorkshopForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub held_day: String,
    #[serde(default)]
    pub held_month: String,
    #[serde(default)]
    pub held_year: String,
    #[serde(default)]
    pub young_people: String,
    #[serde(default)]
    pub parents_carers: String,
    #[serde(default)]
    pub schools: String,
    #[serde(default)]
    pub others: String,
    /// Section keys ticked.
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub agreed: String,
}

impl WorkshopForm {
    pub fn count(&self, field: &str) -> &str {
        match field {
            "young_people" => &self.young_people,
            "parents_carers" => &self.parents_carers,
            "schools" => &self.schools,
            _ => &self.others,
        }
    }
}

#[component]
pub fn WorkshopFormPage(
    id: i64,
    document_title: String,
    /// The latest version's sections: (key, heading).
    sections: Vec<(String, String)>,
    form: WorkshopForm,
    errors: Vec<FieldError>,
    csrf_token: String,
) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let counts_error = err("young-people");
    let sections_error = err("sections");
    let counts = view! {
        <div class=group_class(&counts_error)>
            <fieldset class="fieldset" aria-describedby=crate::components::described_by("young-people", true, counts_error.is_some())>
                <legend class="fieldset__legend label">"How many took part from each group?"</legend>
                <div class="hint" id="young-people-hint">"Not counting council staff. Write 0 for a group that was not there."</div>
                <ErrorMessage field="young-people".to_string() message=counts_error.clone()/>
                {WORKSHOP_GROUPS.iter().map(|(field, words)| {
                    let input_id = field.replace('_', "-");
                    view! {
                        <div class="form-group">
                            <label class="label" for=input_id.clone()>{*words}</label>
                            <input class="input input--width-4" id=input_id name=*field type="text" inputmode="numeric" value=form.count(field).to_string()/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </div>
    }
    .into_any();
    let ticked = form.sections.clone();
    let section_boxes = view! {
        <div class=group_class(&sections_error)>
            <fieldset class="fieldset" aria-describedby=crate::components::described_by("sections", false, sections_error.is_some())>
                <legend class="fieldset__legend label">"Which sections did it discuss?"</legend>
                <ErrorMessage field="sections".to_string() message=sections_error.clone()/>
                <div class="choices">
                    {sections.into_iter().enumerate().map(|(i, (key, heading))| {
                        let input_id = if i == 0 { "sections".to_string() } else { format!("sections-{key}") };
                        let checked = ticked.contains(&key);
                        view! {
                            <div class="choice">
                                <input class="choice__input" id=input_id.clone() name="sections" type="checkbox" value=key checked=checked/>
                                <label class="choice__label" for=input_id><span class="choice__text">{heading}</span></label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
    .into_any();
    view! {
        <a href=format!("/admin/documents/{id}") class="back-link">"Back to the document"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <span class="caption-l">{document_title}</span>
                <h1 class="heading-l">"Record a workshop"</h1>
                <form method="post" action=format!("/admin/documents/{id}/workshops/new") novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {text_field("title", "What was it?", Some("For example, Young people's workshop at Hope Academy."), form.title.clone(), err("title"), None)}
                    {date_input("held", "When was it held?", "For example, 12 3 2027.", form.held_day.clone(), form.held_month.clone(), form.held_year.clone(), err("held-day"))}
                    {counts}
                    {section_boxes}
                    {text_area("agreed", "What was agreed", Some("In plain English: it is shown to everyone under the sections it discussed."), form.agreed.clone(), err("agreed"), 5)}
                    <button type="submit" class="button">"Save the workshop"</button>
                </form>
            </div>
        </div>
    }
}

/// What the approval form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApprovalForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub approved_day: String,
    #[serde(default)]
    pub approved_month: String,
    #[serde(default)]
    pub approved_year: String,
    #[serde(default)]
    pub note: String,
}

#[component]
pub fn ApprovalFormPage(
    id: i64,
    document_title: String,
    number: i64,
    form: ApprovalForm,
    errors: Vec<FieldError>,
    csrf_token: String,
) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    view! {
        <a href=format!("/admin/documents/{id}") class="back-link">"Back to the document"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <span class="caption-l">{format!("{document_title}, final version {number}")}</span>
                <h1 class="heading-l">"Record an approval"</h1>
                <p class="body">"Everyone reading the final version sees who approved it and when."</p>
                <form method="post" action=format!("/admin/documents/{id}/approvals/new") novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {text_field("body", "Who approved it?", Some("For example, SEN management team, an area board, or the Schools' Forum."), form.body.clone(), err("body"), None)}
                    {date_input("approved", "When?", "For example, 31 3 2027.", form.approved_day.clone(), form.approved_month.clone(), form.approved_year.clone(), err("approved-day"))}
                    {text_area("note", "A note (optional)", Some("For example, any conditions of the approval."), form.note.clone(), err("note"), 3)}
                    <button type="submit" class="button">"Save the approval"</button>
                </form>
            </div>
        </div>
    }
}

/// "How this was co-produced", every count under the threshold hidden.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoProduced {
    /// "1,204 reactions and comments"
    pub said: String,
    /// (group, count in words)
    pub by_group: Vec<(String, String)>,
    /// "56 comments; the council replied to 40, and changed the document because of 12."
    pub comments: String,
    /// (date, what it was, who took part in words)
    pub workshops: Vec<(String, String, String)>,
    /// (version, what changed and why)
    pub versions: Vec<(i64, String)>,
}

#[component]
pub fn CoProducedSummary(summary: CoProduced) -> impl IntoView {
    let c = summary;
    view! {
        <section aria-labelledby="coproduced-heading" class="coproduced">
            <h2 class="heading-l" id="coproduced-heading">"How this was co-produced"</h2>
            <p class="body">{c.said}</p>
            {(!c.by_group.is_empty()).then(|| view! {
                <ul class="list list--bullet">
                    {c.by_group.into_iter().map(|(group, n)| view! { <li>{format!("{group}: {n}")}</li> }).collect_view()}
                </ul>
            })}
            <p class="body">{c.comments}</p>
            {(!c.workshops.is_empty()).then(|| view! {
                <h3 class="heading-m">"Workshops"</h3>
                <ul class="list list--bullet">
                    {c.workshops.into_iter().map(|(date, title, people)| view! { <li><strong>{title}</strong>{format!(", {date}: {people}")}</li> }).collect_view()}
                </ul>
            })}
            <h3 class="heading-m">"What changed in each version"</h3>
            <ol class="list list--number">
                {c.versions.into_iter().map(|(n, note)| view! { <li>{format!("Version {n}: {note}")}</li> }).collect_view()}
            </ol>
        </section>
    }
}

/// The whole of a document in Easy Read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EasyReadDocument {
    pub engagement_slug: String,
    pub slug: String,
    pub title: String,
    pub number: i64,
    pub final_version: bool,
    /// (heading, Easy Read lines, symbol); sections without Easy Read are left out.
    pub sections: Vec<(String, Vec<String>, Option<crate::survey::Image>)>,
    pub left_out: usize,
}

#[component]
pub fn EasyReadDocumentPage(document: EasyReadDocument) -> impl IntoView {
    let d = document;
    view! {
        <a href=format!("/e/{}/documents/{}", d.engagement_slug, d.slug) class="back-link no-print">"Back to the full document"</a>
        <span class="caption-l">"Easy Read"</span>
        <h1 class="heading-xl">{d.title}</h1>
        <p class="lead">{if d.final_version { format!("This is the final plan. It is version {}.", d.number) } else { format!("This is version {} of the plan. It may still change.", d.number) }}</p>
        {d.sections.into_iter().map(|(heading, lines, symbol)| view! {
            <crate::pages::documents::EasyReadBox lines=lines symbol=symbol heading=heading level=2/>
        }).collect_view()}
        {(d.left_out > 0).then(|| view! {
            <p class="body">{if d.left_out == 1 { "1 part is not in Easy Read yet. It is in the full document.".to_string() } else { format!("{} parts are not in Easy Read yet. They are in the full document.", d.left_out) }}</p>
        })}
    }
}
