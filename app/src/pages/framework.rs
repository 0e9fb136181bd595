//! The outcomes framework: the outcome statements the council measures its services against,
//! in its groups, and for each the questions that measure it. Questions are linked to an
//! outcome by choosing it in the survey editor.

use crate::components::{error_for, ErrorSummary, FieldError};
use crate::fields::{radios, text_area, text_field};
use leptos::prelude::*;
use serde::Deserialize;

/// One outcome in the framework's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkOutcome {
    pub id: i64,
    pub statement: String,
    /// How many questions measure it, across every survey.
    pub measured_by: i64,
}

/// A group of outcomes, in the framework's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkGroup {
    pub name: String,
    pub outcomes: Vec<FrameworkOutcome>,
}

fn questions_in_words(n: i64) -> String {
    match n {
        0 => "No question measures it yet".into(),
        1 => "Measured by 1 question".into(),
        n => format!("Measured by {n} questions"),
    }
}

#[component]
pub fn FrameworkPage(groups: Vec<FrameworkGroup>, can_edit: bool, notice: Option<String>) -> impl IntoView {
    let empty = groups.is_empty();
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <h1 class="heading-xl">"The outcomes framework"</h1>
        <p class="body">
            "The outcomes the council measures its services against, in its groups. A question in a survey measures an outcome when it is linked to it in the survey editor; "
            "each engagement's outcomes page then shows the share of positive answers for each outcome, for Kent and each district."
        </p>
        {can_edit.then(|| view! { <p class="body"><a href="/admin/outcomes/new" class="button">"Add an outcome"</a></p> })}
        {empty.then(|| view! { <p class="body">"There are no outcomes in the framework yet."</p> })}
        {groups.into_iter().enumerate().map(|(i, g)| {
            let (heading, label) = (format!("group-{i}"), format!("group-{i}"));
            view! {
                <section aria-labelledby=label>
                    <h2 class="heading-l" id=heading>{g.name}</h2>
                    <dl class="summary-list">
                        {g.outcomes.into_iter().map(|o| view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{o.statement.clone()}</dt>
                                <dd class="summary-list__value">{questions_in_words(o.measured_by)}</dd>
                                <dd class="summary-list__actions">
                                    <a href=format!("/admin/outcomes/{}", o.id)>
                                        {if can_edit { "Change" } else { "See" }}
                                        <span class="visually-hidden">{format!(" {}", o.statement)}</span>
                                    </a>
                                </dd>
                            </div>
                        }).collect_view()}
                    </dl>
                </section>
            }
        }).collect_view()}
    }
}

/// The outcome form as typed (also what is posted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct OutcomeValues {
    pub csrf_token: String,
    pub statement: String,
    /// A group's id, or `new` for the group named in `new_group`.
    pub group: String,
    pub new_group: String,
}

/// A question linked to an outcome, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasuringQuestion {
    /// The engagement and survey it is in.
    pub survey: String,
    pub question: String,
    /// Where to change it, for those who may.
    pub href: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeForm {
    pub heading: String,
    pub action: String,
    /// The groups to choose from, as (id, name).
    pub groups: Vec<(String, String)>,
    /// The questions that measure it (none for a new outcome).
    pub questions: Vec<MeasuringQuestion>,
    /// Whether it may be changed, or only read.
    pub can_edit: bool,
    /// Where to remove it, for an outcome no question measures.
    pub remove_action: Option<String>,
}

#[component]
pub fn OutcomeFormPage(form: OutcomeForm, values: OutcomeValues, errors: Vec<FieldError>) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let OutcomeForm { heading, action, groups, questions, can_edit, remove_action } = form;
    let mut options = groups;
    options.push(("new".into(), "A new group".into()));
    let measured = (!questions.is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"The questions that measure it"</h2>
            <ul class="list list--bullet">
                {questions.into_iter().map(|q| view! {
                    <li>
                        {match q.href {
                            Some(href) => view! { <a href=href>{q.question}</a> }.into_any(),
                            None => q.question.into_any(),
                        }}
                        <span class="hint">{format!(" ({})", q.survey)}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    let csrf = values.csrf_token.clone();
    let remove = remove_action.filter(|_| can_edit).map(|remove| {
        view! {
            <form method="post" action=remove>
                <input type="hidden" name="csrf_token" value=csrf/>
                <button type="submit" class="button button--warning">"Remove this outcome"</button>
            </form>
        }
    });
    let body = if can_edit {
        view! {
            <form method="post" action=action novalidate>
                <input type="hidden" name="csrf_token" value=values.csrf_token.clone()/>
                {text_area("statement", "Outcome statement", Some("In the words of the council's framework, e.g. \u{201c}I get the right help at the right time\u{201d}."), values.statement, err("statement"), 2)}
                {radios("group", "Group", Some("Outcomes are listed in their groups, as the framework groups them."), options, values.group, err("group"))}
                {text_field("new-group", "Name of the new group, if you chose a new group", None, values.new_group, err("new-group"), None)}
                <button type="submit" class="button">"Save outcome"</button>
            </form>
        }
        .into_any()
    } else {
        let group = options.iter().find(|(id, _)| *id == values.group).map(|(_, name)| name.clone()).unwrap_or_default();
        view! {
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Outcome statement"</dt>
                    <dd class="summary-list__value">{values.statement}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Group"</dt>
                    <dd class="summary-list__value">{group}</dd>
                </div>
            </dl>
        }
        .into_any()
    };
    view! {
        <a href="/admin/outcomes" class="back-link">"Back to the outcomes framework"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <h1 class="heading-l">{heading}</h1>
                {body}
                {measured}
                {remove}
            </div>
        </div>
    }
}
