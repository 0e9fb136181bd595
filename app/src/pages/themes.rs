//! Themes in what people wrote: a table of themes by group with quotes, each theme's answers,
//! and the forms an analyst uses to review them.

use crate::components::{ErrorSummary, FieldError};
use leptos::prelude::*;

/// One place themes can be found: a question, or every written answer in the engagement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeRow {
    pub key: String,
    pub title: String,
    /// e.g. "1,204 answers"
    pub answers: String,
    /// e.g. "14 themes, last changed 28 November 2026", or none before themes are found.
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeRow {
    pub id: i64,
    pub label: String,
    pub description: String,
    pub reviewed: bool,
    pub notes: String,
    /// Answers in the theme, in words ("fewer than 5" when suppressed).
    pub total: String,
    /// Answers from each group, in the order of the page's groups.
    pub per_group: Vec<String>,
    /// e.g. "12 positive, 30 negative, 4 mixed, 2 neutral"
    pub stance: String,
    /// (group, quotes from that group)
    pub quotes: Vec<(String, Vec<String>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub action: String,
    pub detail: String,
}

/// The set page: themes by group, quotes, and the trail of changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeSetView {
    pub engagement_slug: String,
    pub engagement_title: String,
    pub scope_key: String,
    pub heading: String,
    /// How themes were found and when they last changed.
    pub about: String,
    pub groups: Vec<String>,
    pub themes: Vec<ThemeRow>,
    /// Answers in no theme, in words.
    pub other: String,
    /// Newer answers not yet placed, in words ("fewer than 5" for small numbers), if any.
    pub unplaced: Option<String>,
    pub audit: Vec<AuditRow>,
    pub can_edit: bool,
    pub suppression_note: Option<String>,
    /// The areas of need to choose from, as (value, words).
    pub needs: Vec<(String, String)>,
    /// The chosen area of need's value, or empty for every answer.
    pub need: String,
}

/// One answer on a theme's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerView {
    pub response_id: i64,
    pub question_id: String,
    pub text: String,
    pub group: String,
    pub stance: String,
    pub off_topic: bool,
    pub reviewed: bool,
    pub by_analyst: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemePageView {
    pub set: ThemeSetView,
    /// None for "Other".
    pub theme: Option<ThemeRow>,
    pub answers: Vec<AnswerView>,
    /// Every theme an answer can move to: (id, label).
    pub targets: Vec<(i64, String)>,
    pub page: usize,
    pub pages: usize,
    pub total_answers: usize,
}

fn meta_words(a: &AnswerView) -> String {
    format!(
        "{}; {}{}{}{}",
        a.group,
        a.stance,
        if a.off_topic { "; off-topic" } else { "" },
        if a.reviewed { "; reviewed" } else { "" },
        if a.by_analyst { "; placed by an analyst" } else { "; placed automatically" }
    )
}

fn base(slug: &str, scope: &str) -> String {
    format!("/admin/engagements/{slug}/themes/{scope}")
}

#[component]
pub fn ThemesIndexPage(
    engagement_slug: String,
    engagement_title: String,
    scopes: Vec<ScopeRow>,
    can_edit: bool,
    can_export: bool,
    csrf_token: String,
    method: String,
) -> impl IntoView {
    let slug = engagement_slug.clone();
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">{engagement_title.clone()}</span>
        <h1 class="heading-xl">"Themes in what people wrote"</h1>
        <p class="body">"Chorus groups written answers into themes on this server; no answer leaves it. The same answers give the same themes every time. Answers sent later join the nearest theme, so nothing you have reviewed moves."</p>
        <p class="body-s">{method}</p>
        {can_export.then(|| view! { <p class="body"><a href=format!("/admin/engagements/{engagement_slug}/export.xlsx")>"Download responses and themes as a spreadsheet (XLSX)"</a></p> })}
        <ul class="list theme-scopes">
            {scopes.into_iter().map(|s| {
                let link = base(&slug, &s.key);
                let title = s.title.clone();
                view! {
                    <li class="theme-scope">
                        <h2 class="heading-s">
                            {match &s.status {
                                Some(_) => view! { <a href=link.clone()>{s.title.clone()}</a> }.into_any(),
                                None => view! { <span>{s.title.clone()}</span> }.into_any(),
                            }}
                        </h2>
                        <p class="body-s">{format!("{}. {}", s.answers, s.status.clone().unwrap_or_else(|| "No themes found yet.".into()))}</p>
                        {can_edit.then(|| view! {
                            <form method="post" action=format!("{link}/find") class="inline-form">
                                <input type="hidden" name="csrf_token" value=csrf_token.clone()/>
                                <button type="submit" class="button button--secondary">
                                    {if s.status.is_some() { "Find themes again" } else { "Find themes" }}
                                    <span class="visually-hidden">{format!(" in {title}")}</span>
                                </button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn theme_table(set: &ThemeSetView) -> impl IntoView {
    let link = base(&set.engagement_slug, &set.scope_key);
    let groups = set.groups.clone();
    view! {
        <div class="table-wrapper" role="region" aria-label="Table: themes by group" tabindex="0">
            <table class="table table--crosstab">
                <caption class="table__caption">"Answers in each theme, from each group"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Theme"</th>
                        <th scope="col" class="table__numeric">"All answers"</th>
                        {groups.iter().map(|g| view! { <th scope="col" class="table__numeric">{g.clone()}</th> }).collect_view()}
                        <th scope="col">"Stance"</th>
                        <th scope="col">"Reviewed"</th>
                    </tr>
                </thead>
                <tbody>
                    {set.themes.iter().map(|t| view! {
                        <tr>
                            <th scope="row"><a href=format!("{link}/{}", t.id)>{t.label.clone()}</a></th>
                            <td class="table__numeric">{t.total.clone()}</td>
                            {t.per_group.iter().map(|c| view! { <td class="table__numeric">{c.clone()}</td> }).collect_view()}
                            <td>{t.stance.clone()}</td>
                            <td>{if t.reviewed { "Yes" } else { "No" }}</td>
                        </tr>
                    }).collect_view()}
                    <tr>
                        <th scope="row"><a href=format!("{link}/other")>"Other (in no theme, or off-topic)"</a></th>
                        <td class="table__numeric">{set.other.clone()}</td>
                        {groups.iter().map(|_| view! { <td class="table__numeric">"–"</td> }).collect_view()}
                        <td>"–"</td>
                        <td>"–"</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

fn header(set: &ThemeSetView, back: Option<(String, String)>) -> impl IntoView {
    let (href, words) =
        back.unwrap_or_else(|| (format!("/admin/engagements/{}/themes", set.engagement_slug), "Back to themes".to_string()));
    view! {
        <a href=href class="back-link">{words}</a>
        <span class="caption-l">{set.engagement_title.clone()}</span>
    }
}

#[component]
pub fn ThemeSetPage(set: ThemeSetView, csrf_token: String, errors: Vec<FieldError>, label: String, description: String) -> impl IntoView {
    let link = base(&set.engagement_slug, &set.scope_key);
    let label_error = crate::components::error_for(&errors, "label").map(str::to_owned);
    let themes_error = crate::components::error_for(&errors, "themes").map(str::to_owned);
    view! {
        {header(&set, None)}
        <ErrorSummary errors=errors.clone()/>
        <h1 class="heading-l">{set.heading.clone()}</h1>
        <p class="body">{set.about.clone()}</p>
        {set.unplaced.clone().map(|n| view! { <p class="body">{format!("{n} newer answers are being placed in themes; reload in a few seconds.")}</p> })}
        {set.suppression_note.clone().map(|n| view! { <p class="body-s">{n}</p> })}
        {need_form(&set)}
        {theme_table(&set)}
        <h2 class="heading-l">"What people said"</h2>
        {set.themes.iter().map(|t| view! {
            <section class="theme" aria-labelledby=format!("theme-{}", t.id)>
                <h3 class="heading-m" id=format!("theme-{}", t.id)>{t.label.clone()}</h3>
                <p class="body">{t.description.clone()}</p>
                {t.quotes.iter().map(|(group, quotes)| view! {
                    <h4 class="heading-s">{group.clone()}</h4>
                    <ul class="list quotes">
                        {quotes.iter().map(|q| view! { <li><blockquote class="quote">{format!("\u{201c}{q}\u{201d}")}</blockquote></li> }).collect_view()}
                    </ul>
                }).collect_view()}
                <p class="body-s no-print"><a href=format!("{link}/{}", t.id)>{if set.can_edit { format!("Every answer in \u{201c}{}\u{201d}", t.label) } else { format!("More about \u{201c}{}\u{201d}", t.label) }}</a></p>
            </section>
        }).collect_view()}
        {set.can_edit.then(|| view! {
            <div class="no-print">
                <h2 class="heading-l">"Create a theme"</h2>
                <p class="body">"Then move answers into it from other themes."</p>
                <form method="post" action=format!("{link}/change") novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token.clone()/>
                    <input type="hidden" name="action" value="create"/>
                    {crate::fields::text_field("label", "Name of the theme", None, label, label_error, None)}
                    {crate::fields::text_area("description", "Description (optional)", None, description, None, 2)}
                    <button type="submit" class="button button--secondary">"Create theme"</button>
                </form>
                <h2 class="heading-l">"Find themes again"</h2>
                <p class="body">"Themes and answers you have marked reviewed stay as they are; everything else is found afresh."</p>
                <form method="post" action=format!("{link}/find") novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token.clone()/>
                    {crate::fields::text_field("themes", "How many themes?", Some("Leave blank and Chorus chooses, up to 40."), String::new(), themes_error, Some("3"))}
                    <button type="submit" class="button button--secondary">"Find themes again"</button>
                </form>
            </div>
        })}
        <h2 class="heading-l">"Changes"</h2>
        {audit_table(set.audit.clone())}
    }
}

/// Choosing an area of need, and what the page shows once one is chosen.
fn need_form(set: &ThemeSetView) -> impl IntoView {
    let chosen = set.needs.iter().find(|(v, _)| *v == set.need).map(|(_, w)| w.clone());
    view! {
        <form method="get" action=base(&set.engagement_slug, &set.scope_key) class="filter-form no-print">
            <div class="form-group">
                <label class="label" for="need">"Area of need"</label>
                <div class="hint" id="need-hint">
                    "Counts the answers to questions about one area of need, and the answers of those who chose it where a survey asks."
                </div>
                <select class="select" id="need" name="need" aria-describedby="need-hint">
                    <option value="" selected=set.need.is_empty()>"Every area of need"</option>
                    {set.needs.iter().map(|(value, words)| {
                        let selected = *value == set.need;
                        view! { <option value=value.clone() selected=selected>{words.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Show themes"</button>
        </form>
        {chosen.map(|need| view! {
            <div class="inset-text">
                <p class="body">{format!("Showing answers about {need}.")}</p>
                <p class="body">
                    "These are answers to questions about this area of need, and answers to questions about no one area of need from people who chose it. "
                    "A theme's own page lists every answer in it. To review themes, show every area of need."
                </p>
            </div>
        })}
    }
}

fn audit_table(rows: Vec<AuditRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="body">"No changes yet."</p> }.into_any();
    }
    view! {
        <div class="table-wrapper" role="region" aria-label="Table: changes to these themes" tabindex="0">
            <table class="table">
                <caption class="table__caption">"Every change, newest first: by the engine (automatic) or by a person"</caption>
                <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr><td>{r.when}</td><td>{r.who}</td><td><strong>{r.action}</strong>{format!(": {}", r.detail)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ThemePage(view: ThemePageView, csrf_token: String, errors: Vec<FieldError>) -> impl IntoView {
    let set = view.set.clone();
    let link = base(&set.engagement_slug, &set.scope_key);
    let here = match &view.theme {
        Some(t) => format!("{link}/{}", t.id),
        None => format!("{link}/other"),
    };
    let label_error = crate::components::error_for(&errors, "label").map(str::to_owned);
    let title = view.theme.as_ref().map(|t| t.label.clone()).unwrap_or_else(|| "Other".into());
    let token = csrf_token.clone();
    let hidden = move |action: &'static str| {
        view! {
            <input type="hidden" name="csrf_token" value=token.clone()/>
            <input type="hidden" name="action" value=action/>
        }
    };
    let targets = view.targets.clone();
    let this_id = view.theme.as_ref().map(|t| t.id);
    let can_edit = set.can_edit;
    let theme_forms = view.theme.clone().filter(|_| can_edit).map(|t| {
        let merge_targets: Vec<(String, String)> =
            targets.iter().filter(|(id, _)| *id != t.id).map(|(id, l)| (id.to_string(), l.clone())).collect();
        view! {
            <div class="no-print">
                <h2 class="heading-m">"Review this theme"</h2>
                <form method="post" action=format!("{link}/change") novalidate>
                    {hidden("edit")}
                    <input type="hidden" name="theme" value=t.id.to_string()/>
                    {crate::fields::text_field("label", "Name", None, t.label.clone(), label_error, None)}
                    {crate::fields::text_area("description", "Description", None, t.description.clone(), None, 2)}
                    {crate::fields::text_area("notes", "Notes", Some("For you and other analysts."), t.notes.clone(), None, 3)}
                    {crate::fields::checkbox("reviewed", "Reviewed: keep this theme and its answers when themes are found again", t.reviewed)}
                    <button type="submit" class="button">"Save"</button>
                </form>
                {(!merge_targets.is_empty()).then(|| view! {
                    <h2 class="heading-m">"Merge into another theme"</h2>
                    <form method="post" action=format!("{link}/change") novalidate>
                        {hidden("merge")}
                        <input type="hidden" name="theme" value=t.id.to_string()/>
                        {crate::fields::select("into", "Move every answer to", None, merge_targets.clone(), String::new(), None)}
                        <button type="submit" class="button button--secondary">"Merge"</button>
                    </form>
                })}
                <h2 class="heading-m">"Split or delete"</h2>
                <form method="post" action=format!("{link}/change") class="inline-form">
                    {hidden("split")}
                    <input type="hidden" name="theme" value=t.id.to_string()/>
                    <button type="submit" class="button button--secondary">"Split in two"</button>
                </form>
                <form method="post" action=format!("{link}/change") class="inline-form">
                    {hidden("delete")}
                    <input type="hidden" name="theme" value=t.id.to_string()/>
                    <button type="submit" class="button button--warning">"Delete theme (its answers go to Other)"</button>
                </form>
            </div>
        }
    });
    let (page, pages) = (view.page, view.pages);
    let nav = (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages of answers">
                <p class="body">{format!("Page {page} of {pages}")}</p>
                <ul class="list list--inline">
                    {(page > 1).then(|| view! { <li><a href=format!("{here}?page={}", page - 1) rel="prev">"Previous page"</a></li> })}
                    {(page < pages).then(|| view! { <li><a href=format!("{here}?page={}", page + 1) rel="next">"Next page"</a></li> })}
                </ul>
            </nav>
        }
    });
    let move_options: Vec<(String, String)> = std::iter::once(("other".to_string(), "Other".to_string()))
        .chain(targets.iter().map(|(id, l)| (id.to_string(), l.clone())))
        .collect();
    view! {
        {header(&set, Some((link.clone(), format!("Back to {}", set.heading))))}
        <ErrorSummary errors=errors.clone()/>
        <h1 class="heading-l">{title}</h1>
        {view.theme.clone().map(|t| view! {
            <p class="body">{t.description.clone()}</p>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Answers"</dt><dd class="summary-list__value">{t.total.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Stance"</dt><dd class="summary-list__value">{t.stance.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Reviewed"</dt><dd class="summary-list__value">{if t.reviewed { "Yes" } else { "No" }}</dd></div>
                {(!t.notes.is_empty()).then(|| view! { <div class="summary-list__row"><dt class="summary-list__key">"Notes"</dt><dd class="summary-list__value">{t.notes.clone()}</dd></div> })}
            </dl>
        })}
        {view.theme.is_none().then(|| view! { <p class="body">"Answers in no theme, and answers marked off-topic."</p> })}
        {theme_forms}
        {can_edit.then(|| view! {
            <h2 class="heading-m">{format!("Answers ({})", view.total_answers)}</h2>
            {view.answers.is_empty().then(|| view! { <p class="body">"There are no answers here."</p> })}
        })}
        {if can_edit && !view.answers.is_empty() {
            let from = this_id.map(|t| t.to_string()).unwrap_or_else(|| "other".into());
            let answers_error = crate::components::error_for(&errors, "answers").map(str::to_owned);
            view! {
                <form method="post" action=format!("{link}/change") class="answers-form" novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token.clone()/>
                    <input type="hidden" name="from" value=from/>
                    <div class=crate::fields::group_class(&answers_error)>
                        <fieldset class="fieldset" aria-describedby=answers_error.as_ref().map(|_| "answers-error")>
                            <legend class="fieldset__legend">"Select answers to move or mark"</legend>
                            {answers_error.clone().map(|e| view! { <p class="error-message" id="answers-error"><span class="visually-hidden">"Error: "</span>{e}</p> })}
                            <ol class="list answers">
                                {view.answers.into_iter().enumerate().map(|(i, a)| {
                                    let key = format!("{}-{}", a.response_id, a.question_id);
                                    // The first box is where the error summary's link leads.
                                    let pick = if i == 0 { "answers".to_string() } else { format!("pick-{key}") };
                                    let meta_id = format!("meta-{key}");
                                    let meta = meta_words(&a);
                                    view! {
                                        <li class="answer">
                                            <div class="choice">
                                                <input class="choice__input" id=pick.clone() name="answer" type="checkbox" value=format!("{}:{}", a.response_id, a.question_id) aria-describedby=meta_id.clone()/>
                                                <label class="choice__label" for=pick><span class="choice__text">{format!("\u{201c}{}\u{201d}", a.text)}</span></label>
                                            </div>
                                            <p class="body-s answer__meta" id=meta_id>{meta}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </fieldset>
                    </div>
                    <div class="answers-form__actions">
                        {crate::fields::select("to", "Move the selected answers to", None, move_options.clone(), this_id.map(|t| t.to_string()).unwrap_or_else(|| "other".into()), None)}
                        <button type="submit" name="action" value="move" class="button">"Move selected answers"</button>
                    </div>
                    <div class="answers-form__actions">
                        <button type="submit" name="action" value="off_topic" class="button button--secondary">"Mark selected off-topic"</button>
                        <button type="submit" name="action" value="on_topic" class="button button--secondary">"Mark selected on topic"</button>
                        <button type="submit" name="action" value="reviewed" class="button button--secondary">"Mark selected reviewed"</button>
                        <button type="submit" name="action" value="not_reviewed" class="button button--secondary">"Mark selected not reviewed"</button>
                    </div>
                </form>
            }.into_any()
        } else if can_edit {
            ().into_any()
        } else {
            // Those who only read see quotes from groups large enough to show, never the list of
            // every answer, which would give away each small group's count and words.
            let quotes = view.theme.as_ref().map(|t| t.quotes.clone()).unwrap_or_default();
            view! {
                <h2 class="heading-m">"What people said"</h2>
                <p class="body">"Every answer is listed for those who review themes. Quotes here come only from groups large enough to show."</p>
                {quotes.is_empty().then(|| view! { <p class="body">"There are no quotes to show here."</p> })}
                {quotes.into_iter().map(|(group, qs)| view! {
                    <h3 class="heading-s">{group}</h3>
                    <ul class="list answers">
                        {qs.into_iter().map(|q| view! { <li class="answer"><blockquote class="quote">{format!("\u{201c}{q}\u{201d}")}</blockquote></li> }).collect_view()}
                    </ul>
                }).collect_view()}
            }.into_any()
        }}
        {nav}
    }
}
