//! "You said, we did": staff write what people said and what the council will do about it, then
//! publish the changes together; the public sees each entry with its history.

use crate::components::{error_for, ErrorMessage, ErrorSummary, FieldError};
use crate::fields::{group_class, radios, text_area, text_field};
use leptos::prelude::*;

/// One entry in the staff list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRow {
    pub id: i64,
    pub said: String,
    pub did: String,
    pub status: String,
    /// "Not published yet", "Published", or "Published; changed since".
    pub public_state: String,
}

/// The staff list of an engagement's entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryList {
    pub slug: String,
    pub engagement_title: String,
    pub entries: Vec<EntryRow>,
    /// How many entries have changes the public does not see yet.
    pub unpublished: usize,
    pub can_edit: bool,
    pub notice: Option<String>,
}

#[component]
pub fn EntryListPage(list: EntryList) -> impl IntoView {
    let EntryList { slug, engagement_title, entries, unpublished, can_edit, notice } = list;
    let empty = entries.is_empty();
    let rows = entries
        .into_iter()
        .map(|e| {
            let said = e.said.clone();
            view! {
                <li class="card">
                    <p class="body"><strong>"You said: "</strong>{e.said}</p>
                    <p class="body"><strong>"We did: "</strong>{e.did}</p>
                    <p class="body"><span class="tag">{e.status}</span>" "{e.public_state}</p>
                    {can_edit.then(|| view! {
                        <p class="body"><a href=format!("/admin/you-said/{}/edit", e.id)>"Change"<span class="visually-hidden">{format!(" the entry: {said}")}</span></a></p>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">"Back to the engagement"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <span class="caption-l">{engagement_title}</span>
        <h1 class="heading-xl">"You said, we did"</h1>
        <p class="body">
            "What people said, and what the council will do or did about it. Entries are drafts until they are published: "
            "publishing puts every changed entry on the engagement's public page at once, and keeps a dated copy of each, "
            "so people can see what moved."
        </p>
        {can_edit.then(|| view! {
            <div class="button-group">
                <a href=format!("/admin/engagements/{slug}/you-said/new") class="button" role="button" draggable="false">"Add an entry"</a>
                {(unpublished > 0).then(|| view! {
                    <a href=format!("/admin/engagements/{slug}/you-said/publish") class="button button--secondary" role="button" draggable="false">
                        {if unpublished == 1 { "Publish 1 change".to_string() } else { format!("Publish {unpublished} changes") }}
                    </a>
                })}
            </div>
        })}
        {if empty { view! { <p class="body">"There are no entries yet."</p> }.into_any() } else { view! { <ul class="card-list">{rows}</ul> }.into_any() }}
    }
}

/// The entry form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryFormValues {
    pub said: String,
    pub did: String,
    pub status: String,
    pub reason: String,
    pub owner: String,
    pub easy_read: String,
    /// The ids of the themes ticked.
    pub themes: Vec<String>,
}

/// A theme the entry may answer, under what it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeOption {
    pub id: String,
    pub scope: String,
    pub label: String,
}

#[component]
pub fn EntryFormPage(
    heading: String,
    caption: String,
    action: String,
    back_href: String,
    csrf_token: String,
    values: EntryFormValues,
    themes: Vec<ThemeOption>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let v = values;
    let statuses = [("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done"), ("not_doing", "Not doing")]
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .to_vec();
    let ticked = v.themes.clone();
    let theme_error = err("themes");
    let theme_list = (!themes.is_empty()).then(|| {
        let mut scope = String::new();
        let items = themes
            .into_iter()
            .map(|t| {
                let heading = (t.scope != scope).then(|| {
                    scope = t.scope.clone();
                    view! { <p class="body"><strong>{t.scope.clone()}</strong></p> }
                });
                let id = format!("theme-{}", t.id);
                let checked = ticked.contains(&t.id);
                view! {
                    {heading}
                    <div class="choice">
                        <input class="choice__input" id=id.clone() name="themes" type="checkbox" value=t.id checked=checked/>
                        <label class="choice__label" for=id><span class="choice__text">{t.label}</span></label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class=group_class(&theme_error)>
                <fieldset class="fieldset" aria-describedby="themes-hint">
                    <legend class="fieldset__legend label">"Themes it answers (optional)"</legend>
                    <div class="hint" id="themes-hint">"The public page shows how many people in each group wrote about each theme ticked, with small numbers hidden."</div>
                    <ErrorMessage field="themes".to_string() message=theme_error.clone()/>
                    <div class="choices">{items}</div>
                </fieldset>
            </div>
        }
    });
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <span class="caption-l">{caption}</span>
                <h1 class="heading-l">{heading}</h1>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {text_area("said", "You said", Some("What people told the council, in a sentence or two of plain English."), v.said, err("said"), 3)}
                    {text_area("did", "We did", Some("What the council will do, is doing or did about it."), v.did, err("did"), 4)}
                    {radios("status", "Where it stands", None, statuses, v.status, err("status"))}
                    {text_area("reason", "Why not (only when not doing it)", Some("People asked for this, so say plainly why the council will not do it."), v.reason, err("reason"), 3)}
                    {text_field("owner", "Who is answerable for it (optional)", Some("A team or role, for example the STLS commissioning team."), v.owner, err("owner"), None)}
                    {text_area("easy-read", "The same in Easy Read (optional)", Some("One short idea on each line, 15 words or fewer, with no hard words."), v.easy_read, err("easy-read"), 4)}
                    {theme_list}
                    <button type="submit" class="button">"Save as a draft"</button>
                </form>
            </div>
        </div>
    }
}

/// A theme an entry answers, with how many in each group wrote about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeCounts {
    pub label: String,
    /// (group, count in words), e.g. ("Parents and carers", "fewer than 5").
    pub groups: Vec<(String, String)>,
}

/// An earlier publication of an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlierUpdate {
    pub date: String,
    pub status: String,
    pub did: String,
}

/// A published entry as everyone sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicEntry {
    pub said: String,
    /// "What we will do", "What we are doing", "What we did" or "Our answer", as the status reads.
    pub did_label: String,
    pub did: String,
    pub status: String,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub easy_read: Vec<String>,
    /// When it was last published, in words.
    pub updated: String,
    pub themes: Vec<ThemeCounts>,
    /// Earlier publications, newest first.
    pub earlier: Vec<EarlierUpdate>,
}

/// The "You said, we did" section of an engagement's public page.
#[component]
pub fn YouSaidWeDid(entries: Vec<PublicEntry>) -> impl IntoView {
    let items = entries
        .into_iter()
        .map(|e| {
            let themes = (!e.themes.is_empty()).then(|| {
                view! {
                    <p class="body-s">"How many wrote about this: "
                        {e.themes.into_iter().map(|t| {
                            let groups = t.groups.into_iter().map(|(g, n)| format!("{g}: {n}")).collect::<Vec<_>>().join("; ");
                            format!("“{}” — {groups}. ", t.label)
                        }).collect_view()}
                    </p>
                }
            });
            let earlier = (!e.earlier.is_empty()).then(|| {
                view! {
                    <details class="details">
                        <summary class="details__summary"><span class="details__summary-text">"Earlier updates"</span></summary>
                        <div class="details__text">
                            <ul class="list">
                                {e.earlier.into_iter().map(|u| view! {
                                    <li><strong>{u.date}</strong>{format!(" ({}): {}", u.status, u.did)}</li>
                                }).collect_view()}
                            </ul>
                        </div>
                    </details>
                }
            });
            view! {
                <li class="card">
                    <p class="body"><strong>"You said: "</strong>{e.said}</p>
                    <p class="body"><strong>{format!("{}: ", e.did_label)}</strong>{e.did}</p>
                    {e.reason.map(|r| view! { <p class="body"><strong>"Why not: "</strong>{r}</p> })}
                    {(!e.easy_read.is_empty()).then(|| view! {
                        <div class="easy-read" role="note" aria-label="Easy Read">
                            {e.easy_read.into_iter().map(|l| view! { <p class="body easy-read__line">{l}</p> }).collect_view()}
                        </div>
                    })}
                    <p class="body"><strong class="tag">{e.status}</strong>{format!(" Updated {}.", e.updated)}
                        {e.owner.map(|o| format!(" Answerable: {o}."))}</p>
                    {themes}
                    {earlier}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 class="heading-l" id="you-said-we-did">"You said, we did"</h2>
        <p class="body">"What people told the council, and what it will do or did about it."</p>
        <ul class="card-list">{items}</ul>
    }
}
