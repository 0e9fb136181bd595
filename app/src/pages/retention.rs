//! When an engagement's answers are deleted: the date, and before it is saved, what will go and
//! what is kept.

use crate::components::{error_for, ErrorSummary, FieldError};
use crate::fields::date_input;
use leptos::prelude::*;
use serde::Deserialize;

/// The date as typed (also what is posted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RetentionValues {
    pub csrf_token: String,
    pub delete_day: String,
    pub delete_month: String,
    pub delete_year: String,
}

/// What deleting an engagement's answers deletes and keeps, each line in words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionPreview {
    pub deleted: Vec<String>,
    pub kept: Vec<String>,
}

/// Where an engagement's answers stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retention {
    /// No date yet.
    NotSet,
    /// Deleted after this day, in words.
    On(String),
    /// Deleted on this day, in words.
    Deleted(String),
}

#[component]
pub fn RetentionPage(
    slug: String,
    title: String,
    retention: Retention,
    /// Shown while the answers are still there.
    preview: RetentionPreview,
    values: RetentionValues,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let date_error = error_for(&errors, "delete-day").map(str::to_owned);
    let back = format!("/admin/engagements/{slug}");
    let list = |lines: Vec<String>| view! { <ul class="list list--bullet">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> };
    let body = match retention {
        Retention::Deleted(on) => view! {
            <p class="body">{format!("The answers to this engagement were deleted on {on}, as its date for deleting them said.")}</p>
            <h2 class="heading-m">"What was kept"</h2>
            {list(preview.kept)}
        }
        .into_any(),
        current => {
            let now = match current {
                Retention::On(day) => format!("The answers will be deleted after {day}, once the engagement has closed."),
                _ => "No date is set: the answers are kept until you set one.".into(),
            };
            view! {
                <p class="body">{now}</p>
                <p class="body">"Chorus deletes the answers in the hour after the day you choose, if the engagement has closed by then; otherwise as soon as it closes. Use the date your privacy notice gives."</p>
                <h2 class="heading-m">"What will be deleted"</h2>
                {list(preview.deleted)}
                <h2 class="heading-m">"What is kept"</h2>
                {list(preview.kept)}
                <div class="warning-text">
                    <span class="warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="warning-text__text"><span class="visually-hidden">"Warning: "</span>"Deleted answers cannot be brought back."</strong>
                </div>
                <form method="post" action=format!("/admin/engagements/{slug}/retention") novalidate>
                    <input type="hidden" name="csrf_token" value=values.csrf_token/>
                    {date_input("delete", "Delete the answers after", "For example, 31 7 2027. Leave it empty to keep the answers until you set a date.", values.delete_day, values.delete_month, values.delete_year, date_error)}
                    <button type="submit" class="button">"Save the date"</button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <a href=back class="back-link">"Back to the engagement"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <span class="caption-l">{title}</span>
                <h1 class="heading-l">"When the answers are deleted"</h1>
                {body}
            </div>
        </div>
    }
}
