//! The safeguarding queue: written answers and comments on documents that may disclose harm,
//! for safeguarding leads to read in full and record what they did.

use crate::components::{error_for, ErrorSummary, FieldError};
use crate::fields::{radios, text_area};
use leptos::prelude::*;

/// A flagged response or comment as a safeguarding lead sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggedView {
    /// Its page.
    pub href: String,
    /// "Response 12" or "Comment 3".
    pub label: String,
    /// The survey answered, or the document commented on.
    pub survey: String,
    /// e.g. "Started 3 December 2026; sent the same day" or "Started …; not sent".
    pub when: String,
    /// "The open link" or the school whose access code was used.
    pub from: String,
    /// (question, answer) for each written answer, in full.
    pub texts: Vec<(String, String)>,
    /// (when, who, what, note) for each action, oldest first.
    pub actions: Vec<(String, String, String, String)>,
    pub closed: bool,
}

/// What may be recorded, as (value, words).
pub fn outcome_options() -> Vec<(String, String)> {
    [
        ("passed_to_school", "Passed to the school's designated safeguarding lead (closes it)"),
        ("referred", "Referred to children's social care (closes it)"),
        ("reviewed_no_concern", "Read: no safeguarding concern (closes it)"),
        ("note", "A note only: it stays open"),
    ]
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .to_vec()
}

fn list(items: Vec<FlaggedView>) -> impl IntoView {
    view! {
        <ul class="list">
            {items.into_iter().map(|f| view! {
                <li><a href=f.href>{format!("{}: {}", f.label, f.survey)}</a>
                    <br/><span class="body-s">{format!("{}. From {}.", f.when, f.from)}</span></li>
            }).collect_view()}
        </ul>
    }
}

/// Which page of a long queue is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// Counting from 1.
    pub page: usize,
    pub pages: usize,
    pub open_total: usize,
    pub closed_total: usize,
    /// Actions kept apart when the database was upgraded (see [`KeptApartPage`]).
    pub kept_apart: usize,
}

/// An action kept apart from the response it was recorded on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostActionView {
    /// "Response 12": the number it was recorded against.
    pub response: String,
    pub when: String,
    pub by: String,
    pub what: String,
    pub note: String,
}

/// Actions recorded before withdrawn responses kept their rows, on a response whose number may
/// since have passed to another: they are kept, as they were, apart from every response.
#[component]
pub fn KeptApartPage(actions: Vec<LostActionView>, moved_on: Option<String>) -> impl IntoView {
    let count = actions.len();
    view! {
        <a href="/admin/safeguarding" class="back-link">"Back to safeguarding"</a>
        <h1 class="heading-xl">"Actions kept apart"</h1>
        <p class="body">"Before Chorus kept a withdrawn response's number for good, a new response could be given the number of one that had been withdrawn. An action recorded on the first could then have shown against the second."</p>
        <p class="body">{match moved_on {
            Some(on) => format!("When Chorus was upgraded on {on}, each action on a response that was no longer there, or on one started after the action was recorded, was moved here. They are kept as they were, and belong to no response now: the response number is the one the action was recorded against. Check that each was dealt with."),
            None => "When Chorus is upgraded from an earlier release, any action on a response that is no longer there, or on one started after the action was recorded, is moved here and kept as it was.".to_string(),
        }}</p>
        {if actions.is_empty() {
            view! { <p class="body">"No actions have been kept apart."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrapper" role="region" aria-label="Actions kept apart" tabindex="0">
                <table class="table">
                    <caption class="table__caption">{format!("{count} {} kept apart, newest first", if count == 1 { "action" } else { "actions" })}</caption>
                    <thead><tr>
                        <th scope="col">"Recorded on"</th>
                        <th scope="col">"Response"</th>
                        <th scope="col">"What was done"</th>
                        <th scope="col">"By"</th>
                        <th scope="col">"Note"</th>
                    </tr></thead>
                    <tbody>
                        {actions.into_iter().map(|a| view! {
                            <tr><td>{a.when}</td><td>{a.response}</td><td>{a.what}</td><td>{a.by}</td><td>{a.note}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
pub fn SafeguardingQueuePage(open: Vec<FlaggedView>, closed: Vec<FlaggedView>, paging: Paging) -> impl IntoView {
    let Paging { page, pages, open_total, closed_total, kept_apart } = paging;
    let nav = (pages > 1).then(|| view! {
        <nav class="pagination" aria-label="Pages of answers to deal with">
            <p class="body">{format!("Page {page} of {pages}")}</p>
            <ul class="list list--inline">
                {(page > 1).then(|| view! { <li><a href=format!("/admin/safeguarding?page={}", page - 1) rel="prev">"Previous page"</a></li> })}
                {(page < pages).then(|| view! { <li><a href=format!("/admin/safeguarding?page={}", page + 1) rel="next">"Next page"</a></li> })}
            </ul>
        </nav>
    });
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        <h1 class="heading-xl">"Safeguarding"</h1>
        <p class="body">"Written answers, and comments on documents, that may disclose harm. Read each one in full and record what you did. Only safeguarding leads and administrators see this page."</p>
        <h2 class="heading-l">{format!("To deal with ({open_total})")}</h2>
        {if open.is_empty() { view! { <p class="body">"There is nothing to deal with."</p> }.into_any() } else { list(open).into_any() }}
        {nav}
        <h2 class="heading-l">{if closed_total > closed.len() { format!("Dealt with ({closed_total}; the latest {} here)", closed.len()) } else { format!("Dealt with ({closed_total})") }}</h2>
        {if closed.is_empty() { view! { <p class="body">"Nothing has been dealt with yet."</p> }.into_any() } else { list(closed).into_any() }}
        {(kept_apart > 0).then(|| view! {
            <h2 class="heading-l">"Kept apart"</h2>
            <p class="body"><a href="/admin/safeguarding/kept-apart">{format!("{kept_apart} {} recorded on responses that could not be told apart from later ones", if kept_apart == 1 { "action" } else { "actions" })}</a>
                ", kept as they were when Chorus was upgraded."</p>
        })}
    }
}

#[component]
pub fn SafeguardingItemPage(
    item: FlaggedView,
    csrf_token: String,
    outcome: String,
    note: String,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let outcome_error = error_for(&errors, "outcome").map(str::to_owned);
    let note_error = error_for(&errors, "note").map(str::to_owned);
    let action = item.href.clone();
    view! {
        <a href="/admin/safeguarding" class="back-link">"Back to safeguarding"</a>
        <ErrorSummary errors=errors.clone()/>
        <span class="caption-l">{item.survey.clone()}</span>
        <h1 class="heading-l">{item.label.clone()}</h1>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"When"</dt><dd class="summary-list__value">{item.when.clone()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"From"</dt><dd class="summary-list__value">{item.from.clone()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"State"</dt><dd class="summary-list__value">{if item.closed { "Dealt with" } else { "To deal with" }}</dd></div>
        </dl>
        <h2 class="heading-m">"What they wrote"</h2>
        {item.texts.into_iter().map(|(q, a)| view! {
            <h3 class="heading-s">{q}</h3>
            <div class="inset-text"><p class="body">{a}</p></div>
        }).collect_view()}
        <h2 class="heading-m">"What has been done"</h2>
        {if item.actions.is_empty() {
            view! { <p class="body">"Nothing yet."</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {item.actions.into_iter().map(|(when, who, what, note)| view! {
                        <li><strong>{what}</strong>{format!(" — {who}, {when}.")}{(!note.is_empty()).then(|| view! { <br/>{note} })}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2 class="heading-m">"Record what you did"</h2>
        <form method="post" action=action novalidate>
            <input type="hidden" name="csrf_token" value=csrf_token/>
            {radios("outcome", "What did you do?", None, outcome_options(), outcome, outcome_error)}
            {text_area("note", "Note", Some("Who you spoke to and what was agreed. Needed for a note only."), note, note_error, 4)}
            <button type="submit" class="button">"Record it"</button>
        </form>
    }
}
