//! The staff area.

use leptos::prelude::*;

/// The signed-in member of staff, as the staff area shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSummary {
    pub email: String,
    pub display_name: String,
    /// The role's name in words, e.g. "Administrator".
    pub role: String,
    pub is_admin: bool,
    /// May create and change engagements.
    pub can_edit: bool,
    /// May see the engagements (everyone but school contacts).
    pub can_view_engagements: bool,
    /// Sees the safeguarding queue: how many flagged answers are not yet dealt with.
    pub safeguarding: Option<usize>,
    /// A school contact's schools, with their codes and how many answered.
    pub my_schools: Option<Vec<MySchool>>,
}

/// A school a school contact speaks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MySchool {
    pub name: String,
    pub district: String,
    /// (survey, access code, how many sent their answers with it, in words)
    pub codes: Vec<(String, String, String)>,
}

fn my_schools(schools: Vec<MySchool>) -> impl IntoView {
    view! {
        <h2 class="heading-l">"Your schools"</h2>
        {if schools.is_empty() {
            view! { <p class="body">"Your account does not speak for a school yet. Ask an administrator to link it to yours."</p> }.into_any()
        } else {
            schools.into_iter().enumerate().map(|(i, s)| {
                let id = format!("school-{i}");
                let labelled_by = id.clone();
                let caption = format!("Access codes for {} and how many answered with each", s.name);
                let region = caption.clone();
                view! {
                    <section aria-labelledby=labelled_by>
                        <h3 class="heading-m" id=id>{format!("{}, {}", s.name, s.district)}</h3>
                        {if s.codes.is_empty() {
                            view! { <p class="body">"It has no access codes yet."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrapper" role="region" aria-label=region tabindex="0">
                                    <table class="table">
                                        <caption class="visually-hidden">{caption}</caption>
                                        <thead><tr><th scope="col">"Survey"</th><th scope="col">"Access code"</th><th scope="col" class="table__numeric">"Sent"</th></tr></thead>
                                        <tbody>
                                            {s.codes.into_iter().map(|(survey, code, sent)| view! {
                                                <tr><th scope="row">{survey}</th><td><span class="code">{code}</span></td><td class="table__numeric">{sent}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                }
            }).collect_view().into_any()
        }}
        <p class="body">"Staff and pupils start at /code with the school's code, so that their answers count for the school. Counts smaller than the engagement's smallest group read \u{201c}fewer than\u{201d}."</p>
    }
}

/// One engagement in the staff list, any state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementRow {
    pub slug: String,
    pub title: String,
    /// The state in words, e.g. "Open".
    pub state: String,
    pub opens: Option<String>,
    pub closes: Option<String>,
}

#[component]
pub fn AdminHomePage(me: StaffSummary, engagements: Vec<EngagementRow>) -> impl IntoView {
    let name = if me.display_name.is_empty() { me.email.clone() } else { me.display_name.clone() };
    let engagements_view = if engagements.is_empty() {
        view! { <p class="body">"There are no engagements yet."</p> }.into_any()
    } else {
        view! {
            <div class="table-wrapper" role="region" aria-labelledby="engagements-heading" tabindex="0">
                <table class="table">
                    <caption class="visually-hidden">"All engagements with their state and dates"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Engagement"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Opens"</th>
                            <th scope="col">"Closes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {engagements
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/admin/engagements/{}", e.slug)>{e.title}</a></th>
                                        <td><span class="tag">{e.state}</span></td>
                                        <td>{e.opens.unwrap_or_else(|| "Not set".into())}</td>
                                        <td>{e.closes.unwrap_or_else(|| "Not set".into())}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <span class="caption-l">"Staff area"</span>
        <h1 class="heading-xl">"Welcome, " {name}</h1>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Signed in as"</dt>
                <dd class="summary-list__value">{me.email}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Role"</dt>
                <dd class="summary-list__value">{me.role}</dd>
            </div>
        </dl>
        {me.my_schools.map(my_schools)}
        {me.safeguarding.map(|open| view! {
            <h2 class="heading-l">"Safeguarding"</h2>
            <p class="body"><a href="/admin/safeguarding">{match open {
                0 => "Safeguarding: nothing to deal with".to_string(),
                1 => "Safeguarding: 1 answer or comment to deal with".to_string(),
                n => format!("Safeguarding: {n} answers or comments to deal with"),
            }}</a></p>
        })}
        {me.can_view_engagements.then(|| view! {
            <h2 class="heading-l" id="engagements-heading">"Engagements"</h2>
            {me.can_edit.then(|| view! { <p class="body"><a href="/admin/engagements/new">"Create an engagement"</a></p> })}
            {engagements_view}
            <p class="body"><a href="/admin/outcomes">"The outcomes framework"</a>": the outcomes every engagement's questions measure"</p>
            <p class="body"><a href="/admin/population">"Children and young people with SEND"</a>": the numbers by district and area of need that response rates are measured against"</p>
            <p class="body"><a href="/admin/equality-population">"Equality population"</a>": the numbers by each equality characteristic that the equality evidence compares who took part with"</p>
        })}
        {me.is_admin.then(|| view! {
            <h2 class="heading-l">"Administration"</h2>
            <ul class="list">
                <li><a href="/admin/users">"Staff accounts and roles"</a></li>
                <li><a href="/admin/schools">"Schools and settings"</a></li>
                <li><a href="/admin/audit">"Audit log: who read personal data"</a></li>
            </ul>
        })}
    }
}

/// One staff account in the administrator's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub created: String,
    pub disabled: bool,
}

#[component]
pub fn UsersPage(users: Vec<UserRow>) -> impl IntoView {
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        <h1 class="heading-xl">"Staff accounts"</h1>
        <p class="body">
            "Everyone who can sign in to Chorus, and what their role lets them do. "
            "Choose an account to change its role, disable it, or make a link to set a new password."
        </p>
        <a href="/admin/users/new" class="button">"Add a staff account"</a>
        <div class="table-wrapper" role="region" aria-label="Staff accounts" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Staff accounts with their roles"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Email address"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Added"</th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|u| {
                            view! {
                                <tr>
                                    <th scope="row"><a href=format!("/admin/users/{}", u.id)>{u.email}</a></th>
                                    <td>{u.display_name}</td>
                                    <td>{u.role}</td>
                                    <td>{if u.disabled { "Disabled" } else { "Can sign in" }}</td>
                                    <td>{u.created}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One survey of an engagement, as the engagement page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub audience: String,
    pub live_version: Option<i64>,
    pub draft_changed: bool,
    /// Responses sent, in words ("fewer than 5" for small numbers below administrator).
    pub submitted: String,
    /// The revision of the draft shown, so that publishing refuses a draft changed since.
    pub revision: String,
}

/// An engagement in the staff area: its details, state and surveys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementDetail {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub state: String,
    pub opens: Option<String>,
    pub closes: Option<String>,
    /// When its answers are deleted, in words: "After 31 July 2027", "Deleted on …" or "Not set".
    pub retention: String,
    /// (state value, button text) for each state it may move to.
    pub moves: Vec<(String, String)>,
    /// Its public page, once it is no longer a draft.
    pub public_page: Option<String>,
    pub surveys: Vec<SurveyRow>,
    /// Whether the viewer may change things (commissioners and administrators).
    pub can_edit: bool,
    /// Whether the viewer may see figures (everyone but safeguarding leads and school contacts).
    pub can_see_results: bool,
    /// May download what people answered, a row per response.
    pub can_export: bool,
    pub csrf_token: String,
    /// A message after an action, e.g. "Version 2 is live".
    pub notice: Option<String>,
}

#[component]
pub fn EngagementPage(detail: EngagementDetail) -> impl IntoView {
    let EngagementDetail {
        slug,
        title,
        summary,
        state,
        opens,
        closes,
        retention,
        moves,
        public_page,
        surveys,
        can_edit,
        can_see_results,
        can_export,
        csrf_token,
        notice,
    } = detail;
    let token = csrf_token.clone();
    let state_forms = can_edit.then(|| {
        moves
            .into_iter()
            .map(|(to, label)| {
                // Closing stops every survey taking answers, and publishing results is for good:
                // both are confirmed on a page of their own first.
                if matches!(to.as_str(), "closed" | "published") {
                    return view! { <a href=format!("/admin/engagements/{slug}/state?to={to}") class="button button--secondary" role="button" draggable="false">{label}</a> }.into_any();
                }
                view! {
                    <form method="post" action=format!("/admin/engagements/{slug}/state") class="inline-form">
                        <input type="hidden" name="csrf_token" value=token.clone()/>
                        <input type="hidden" name="state" value=to/>
                        <button type="submit" class="button button--secondary">{label}</button>
                    </form>
                }
                .into_any()
            })
            .collect_view()
    });
    let rows = surveys
        .into_iter()
        .map(|s| {
            let version = match (s.live_version, s.draft_changed) {
                (None, _) => "Not published".to_string(),
                (Some(v), false) => format!("Version {v} is live"),
                (Some(v), true) => format!("Version {v} is live; the draft has changes"),
            };
            // A published version cannot be changed, so publishing is confirmed on its own page.
            let publish = (can_edit && s.draft_changed).then(|| {
                let title = s.title.clone();
                view! {
                    <a href=format!("/admin/surveys/{}/publish?revision={}", s.id, s.revision) class="button button--secondary" role="button" draggable="false">
                        "Publish"<span class="visually-hidden">{format!(" {title}")}</span>
                    </a>
                }
            });
            let title = s.title.clone();
            view! {
                <tr>
                    <th scope="row">{s.title}<br/><span class="body-s">{s.audience}</span></th>
                    <td>{version}</td>
                    <td>{s.submitted}</td>
                    <td>
                        <ul class="list list--actions">
                            {can_edit.then(|| view! { <li><a href=format!("/admin/surveys/{}", s.id)>"Edit questions"<span class="visually-hidden">{format!(" of {title}")}</span></a></li> })}
                            {can_see_results.then(|| view! { <li><a href=format!("/admin/surveys/{}/results", s.id)>"Results"<span class="visually-hidden">{format!(" of {title}")}</span></a></li> })}
                            <li><a href=format!("/admin/surveys/{}/preview", s.id)>"Preview"<span class="visually-hidden">{format!(" {title}")}</span></a></li>
                            {s.live_version.map(|_| view! {
                                <li><a href=format!("/s/{}", s.slug)>"Open link"<span class="visually-hidden">{format!(" to {title}")}</span></a></li>
                                <li>"QR code: "<a href=format!("/s/{}/qr.png", s.slug) download="">"PNG"<span class="visually-hidden">{format!(" for {title}")}</span></a>
                                    ", "<a href=format!("/s/{}/qr.svg", s.slug) download="">"SVG"<span class="visually-hidden">{format!(" for {title}")}</span></a></li>
                            })}
                            {can_edit.then(|| view! { <li><a href=format!("/admin/surveys/{}/codes", s.id)>"Access codes"<span class="visually-hidden">{format!(" for {title}")}</span></a></li> })}
                        </ul>
                        {publish}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <a href="/admin" class="back-link">"Back to the staff area"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <span class="caption-l">"Engagement"</span>
        <h1 class="heading-xl">{title}</h1>
        <p class="lead">{summary}</p>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"State"</dt><dd class="summary-list__value"><span class="tag">{state}</span></dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Opens"</dt><dd class="summary-list__value">{opens.unwrap_or_else(|| "Not set".into())}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Closes"</dt><dd class="summary-list__value">{closes.unwrap_or_else(|| "Not set".into())}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Answers deleted"</dt><dd class="summary-list__value">{retention}</dd></div>
        </dl>
        {can_edit.then(|| view! {
            <p class="body"><a href=format!("/admin/engagements/{slug}/edit")>"Change the engagement's details"</a></p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/retention")>"When the answers are deleted"</a>": the date, what will go and what is kept"</p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/schools")>"Schools: who has answered"</a>": by district, and the schools still to hear from with their access codes"</p>
        })}
        <p class="body"><a href=format!("/admin/engagements/{slug}/you-said")>"You said, we did"</a>": what people said and what the council will do about it"</p>
        <p class="body"><a href=format!("/admin/engagements/{slug}/documents")>"Documents for co-production"</a>": a service specification or other document, written in sections and published version by version"</p>
        {can_edit.then(|| view! {
            <p class="body"><a href=format!("/admin/engagements/{slug}/public-results")>"Results for everyone"</a>": what the public results page shows once results are published"</p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/updates")>"People waiting to hear"</a>": who asked to be emailed when results or \u{201c}You said, we did\u{201d} are published"</p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/group")>"Co-production group"</a>": who joined to take part further, and how to reach them"</p>
        })}
        {public_page.map(|href| view! { <p class="body"><a href=href>"See its public page"</a>", as everyone sees it"</p> })}
        <div class="button-group">{state_forms}</div>
        {can_see_results.then(|| view! {
            <p class="body"><a href=format!("/admin/engagements/{slug}/responses")>"Who has answered: every survey side by side"</a></p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/outcomes")>"Outcomes across all surveys, by group and district"</a></p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/equality")>"Equality evidence"</a>": who took part by age, sex, ethnic group and more, for the Equality Impact Assessment"</p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/reach")>"Response rates"</a>": responses from children, young people and families against the numbers with SEND, by district and area of need"</p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/themes")>"Themes in what people wrote"</a></p>
            <p class="body"><a href=format!("/admin/engagements/{slug}/report")>"Report for decision-makers"</a>": print it, or issue it to a board as a dated copy that never changes"</p>
        })}
        {can_export.then(|| view! {
            <p class="body"><a href=format!("/admin/engagements/{slug}/export.xlsx")>"Download responses and themes as a spreadsheet (XLSX)"</a></p>
        })}
        <h2 class="heading-l" id="surveys-heading">"Surveys"</h2>
        {can_edit.then(|| view! { <p class="body"><a href=format!("/admin/engagements/{slug}/surveys/new")>"Add a survey"</a></p> })}
        <div class="table-wrapper" role="region" aria-labelledby="surveys-heading" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Surveys in this engagement, their versions and responses"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Survey"</th>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Responses"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A step that cannot be undone, set out before it is taken: what it does, a warning, the
/// button that does it and a way back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub caption: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub warning: String,
    pub action: String,
    /// Hidden fields the form posts (the form token among them).
    pub fields: Vec<(String, String)>,
    pub button: String,
    pub cancel: (String, String),
}

#[component]
pub fn ConfirmPage(confirm: Confirm) -> impl IntoView {
    let Confirm { caption, heading, paragraphs, warning, action, fields, button, cancel } = confirm;
    view! {
        <a href=cancel.1.clone() class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <span class="caption-l">{caption}</span>
                <h1 class="heading-l">{heading}</h1>
                {paragraphs.into_iter().map(|p| view! { <p class="body">{p}</p> }).collect_view()}
                <div class="warning-text">
                    <span class="warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="warning-text__text"><span class="visually-hidden">"Warning: "</span>{warning}</strong>
                </div>
                <form method="post" action=action novalidate>
                    {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                    <div class="button-group">
                        <button type="submit" class="button">{button}</button>
                        <a href=cancel.1 class="link">{cancel.0}</a>
                    </div>
                </form>
            </div>
        </div>
    }
}
