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
        <p class="body">"Each outcome's page has its key performance indicators (KPIs), each figure by district, by "<a href="/admin/area-boards">"area board"</a>" and by area of need, wave by wave."</p>
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
    /// Its KPIs, as (address, what is measured).
    pub kpis: Vec<(String, String)>,
    /// Where to add a KPI, for those who may once a question measures it.
    pub add_kpi: Option<String>,
}

#[component]
pub fn OutcomeFormPage(form: OutcomeForm, values: OutcomeValues, errors: Vec<FieldError>) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let OutcomeForm { heading, action, groups, questions, can_edit, remove_action, kpis, add_kpi } = form;
    let show_kpis = !kpis.is_empty() || add_kpi.is_some();
    let kpis = show_kpis.then(|| {
        view! {
            <h2 class="heading-m">"Key performance indicators"</h2>
            {kpis.is_empty().then(|| view! { <p class="body">"None yet."</p> })}
            <ul class="list list--bullet">
                {kpis.into_iter().map(|(href, name)| view! { <li><a href=href>{name}</a></li> }).collect_view()}
            </ul>
            {add_kpi.map(|href| view! { <p class="body"><a href=href>"Add a KPI"</a></p> })}
        }
    });
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
                {kpis}
                {measured}
                {remove}
            </div>
        </div>
    }
}

/// The KPI form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KpiValues {
    pub csrf_token: String,
    pub name: String,
    /// The questions ticked, each as `survey id:question id`.
    pub questions: Vec<String>,
    pub baseline: String,
    pub target: String,
    pub period: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiForm {
    pub heading: String,
    pub action: String,
    pub back_href: String,
    /// The questions that measure the outcome, as (`survey id:question id`, words).
    pub questions: Vec<(String, String)>,
    /// Where to remove it, when changing one.
    pub remove_action: Option<String>,
}

#[component]
pub fn KpiFormPage(form: KpiForm, values: KpiValues, errors: Vec<FieldError>) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let KpiForm { heading, action, back_href, questions, remove_action } = form;
    let csrf = values.csrf_token.clone();
    let remove = remove_action.map(|remove| {
        view! {
            <form method="post" action=remove>
                <input type="hidden" name="csrf_token" value=csrf/>
                <button type="submit" class="button button--warning">"Remove this KPI"</button>
            </form>
        }
    });
    view! {
        <a href=back_href class="back-link">"Back to the outcome"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <h1 class="heading-l">{heading}</h1>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=values.csrf_token.clone()/>
                    {text_field("name", "What is measured", Some("e.g. \u{201c}Families who say support came when their child needed it\u{201d}."), values.name, err("name"), None)}
                    {crate::fields::checkboxes("questions", "The questions it is measured by", Some("One in each survey it is measured in: each survey's engagement is one wave. A positive answer is the top half of a rating scale, \u{201c}Yes\u{201d} or \u{201c}I like it\u{201d}."), questions, &values.questions, err("questions"))}
                    {text_field("baseline", "Baseline, as a percentage (optional)", Some("Where the service started, e.g. 55."), values.baseline, err("baseline"), Some("3"))}
                    {text_field("target", "Target, as a percentage (optional)", None, values.target, err("target"), Some("3"))}
                    {text_field("period", "The period the target is for (optional)", Some("e.g. \u{201c}April 2027 to March 2028\u{201d}."), values.period, err("period"), None)}
                    <button type="submit" class="button">"Save KPI"</button>
                </form>
                {remove}
            </div>
        </div>
    }
}

/// A row of a KPI's table: a place and its figure in each wave, then against the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiRow {
    pub place: String,
    pub cells: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiTable {
    pub heading: String,
    pub rows: Vec<KpiRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiView {
    pub name: String,
    pub outcome: String,
    pub outcome_href: String,
    /// Baseline, target and period in words, as (key, value).
    pub summary: Vec<(String, String)>,
    /// Each wave: the engagement and the question it asked.
    pub waves: Vec<(String, String)>,
    pub tables: Vec<KpiTable>,
    pub threshold: i64,
    pub change_href: Option<String>,
}

#[component]
pub fn KpiPage(kpi: KpiView) -> impl IntoView {
    let KpiView { name, outcome, outcome_href, summary, waves, tables, threshold, change_href } = kpi;
    let columns: Vec<String> = waves.iter().map(|(w, _)| w.clone()).collect();
    view! {
        <a href=outcome_href.clone() class="back-link">"Back to the outcome"</a>
        <span class="caption-l">"Key performance indicator"</span>
        <h1 class="heading-xl">{name.clone()}</h1>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Outcome"</dt>
                <dd class="summary-list__value"><a href=outcome_href>{outcome}</a></dd>
            </div>
            {summary.into_iter().map(|(k, v)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{k}</dt>
                    <dd class="summary-list__value">{v}</dd>
                </div>
            }).collect_view()}
            {waves.into_iter().map(|(wave, question)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{wave}</dt>
                    <dd class="summary-list__value">{question}</dd>
                </div>
            }).collect_view()}
        </dl>
        {change_href.map(|href| view! { <p class="body"><a href=href>"Change this KPI"</a></p> })}
        <p class="body">
            "Each figure is the share of answers at the positive end of the question, in each wave. "
            {format!("Except to administrators, a share is not shown where fewer than {threshold} answered, or fewer than {threshold} answered one way or the other, or where it would let a hidden share be worked out from the others (a board from its districts, Kent from its boards, or everyone outside a group from Kent). Each wave is different people, so the waves side by side give nothing away.")}
        </p>
        {tables.into_iter().enumerate().map(|(i, t)| {
            let (heading, label) = (format!("kpi-table-{i}"), format!("kpi-table-{i}"));
            let caption = t.heading.clone();
            let columns = columns.clone();
            view! {
                <h2 class="heading-l" id=heading>{t.heading}</h2>
                <div class="table-wrapper" role="region" aria-labelledby=label tabindex="0">
                    <table class="table table--crosstab">
                        <caption class="visually-hidden">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Where"</th>
                                {columns.into_iter().map(|c| view! { <th scope="col" class="table__numeric">{c}</th> }).collect_view()}
                                <th scope="col" class="table__numeric">"Latest against the target"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {t.rows.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.place}</th>
                                    {r.cells.into_iter().map(|c| view! { <td class="table__numeric">{c}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }).collect_view()}
    }
}

/// The districts' area boards, for changing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardsView {
    pub csrf_token: String,
    /// Each district and its board.
    pub districts: Vec<(String, String)>,
    pub boards: Vec<String>,
    pub can_edit: bool,
    pub notice: Option<String>,
}

#[component]
pub fn BoardsPage(view_model: BoardsView) -> impl IntoView {
    let BoardsView { csrf_token, districts, boards, can_edit, notice } = view_model;
    let list = districts.clone();
    let body = if can_edit {
        view! {
            <form method="post" action="/admin/area-boards" novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                {districts.into_iter().enumerate().map(|(i, (district, board))| {
                    let id = format!("district-{i}");
                    let options = boards.clone();
                    view! {
                        <div class="form-group">
                            <label class="label" for=id.clone()>{district.clone()}</label>
                            <select class="select" id=id name=district>
                                {options.into_iter().map(|b| {
                                    let (selected, value) = (b == board, b.clone());
                                    view! { <option value=value selected=selected>{b}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="button">"Save area boards"</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <dl class="summary-list">
                {list.into_iter().map(|(district, board)| view! {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{district}</dt>
                        <dd class="summary-list__value">{board}</dd>
                    </div>
                }).collect_view()}
            </dl>
        }
        .into_any()
    };
    view! {
        <a href="/admin/outcomes" class="back-link">"Back to the outcomes framework"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <h1 class="heading-xl">"Area boards"</h1>
        <p class="body">"KPIs show each area board's figure as well as each district's. Each district belongs to one board."</p>
        {body}
    }
}
