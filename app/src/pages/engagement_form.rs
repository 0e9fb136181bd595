//! Creating and changing an engagement.

use crate::components::{error_for, ErrorMessage, ErrorSummary, FieldError};
use crate::fields::{date_input, group_class, text_area, text_field};
use leptos::prelude::*;
use serde::Deserialize;

/// The form's fields as typed (also what is posted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct EngagementFormValues {
    pub title: String,
    pub summary: String,
    pub easy_read_summary: String,
    pub opens_day: String,
    pub opens_month: String,
    pub opens_year: String,
    pub closes_day: String,
    pub closes_month: String,
    pub closes_year: String,
    pub privacy_notice: String,
    pub contact: String,
    /// Counts under this are shown as "fewer than N" below administrator.
    pub smallest_group: String,
}

const UNDECIDED: &str = "For example, 31 3 2027. Leave it empty if it is not decided yet.";

#[component]
pub fn EngagementFormPage(
    heading: String,
    action: String,
    back_href: String,
    csrf_token: String,
    values: EngagementFormValues,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let (title_error, summary_error, opens_error, closes_error, privacy_error, contact_error) =
        (err("title"), err("summary"), err("opens-day"), err("closes-day"), err("privacy-notice"), err("contact"));
    let smallest_error = err("smallest-group");
    let easy_read_error = err("easy-read-summary");
    let v = values;
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <h1 class="heading-l">{heading}</h1>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {text_field("title", "Title", None, v.title, title_error, None)}
                    {text_area("summary", "What it is for", Some("In plain English: people read this before they choose to take part."), v.summary, summary_error, 4)}
                    {text_area("easy-read-summary", "What it is for, in Easy Read (optional)", Some("One short idea on each line, 15 words or fewer, with no hard words. It is shown beside the plain-English text on the engagement's public page."), v.easy_read_summary, easy_read_error, 5)}
                    {date_input("opens", "Opening date", UNDECIDED, v.opens_day, v.opens_month, v.opens_year, opens_error)}
                    {date_input("closes", "Closing date", UNDECIDED, v.closes_day, v.closes_month, v.closes_year, closes_error)}
                    {text_area("privacy-notice", "Privacy notice", Some("Who holds the answers, why, and for how long."), v.privacy_notice, privacy_error, 5)}
                    {text_field("contact", "Contact", Some("A team, email address or phone number for questions and other formats."), v.contact, contact_error, None)}
                    <div class=group_class(&smallest_error)>
                        <label class="label" for="smallest-group">"Smallest group shown in figures"</label>
                        <div class="hint" id="smallest-group-hint">"Anyone below administrator, and every export, sees a smaller count as “fewer than” this number, so nobody in a small group can be picked out. 5 unless you choose otherwise."</div>
                        <ErrorMessage field="smallest-group".to_string() message=smallest_error.clone()/>
                        <input class=if smallest_error.is_some() { "input input--width-3 input--error" } else { "input input--width-3" } id="smallest-group" name="smallest_group" type="text" inputmode="numeric"
                            value=v.smallest_group aria-describedby=if smallest_error.is_some() { "smallest-group-hint smallest-group-error" } else { "smallest-group-hint" }/>
                    </div>
                    <button type="submit" class="button">"Save"</button>
                </form>
            </div>
        </div>
    }
}
