//! Documents put out for co-production: commissioners write them as ordered sections, each with
//! an Easy Read version, and publish them version by version; everyone reads the latest version,
//! section by section, in standard words and in Easy Read.

use crate::components::{error_for, ContactText, ErrorSummary, FieldError};
use crate::fields::{text_area, text_field};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One section of a document. Its key stays the same from version to version, so that what
/// changed can be followed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSection {
    pub key: String,
    pub heading: String,
    pub text: String,
    /// One short idea on each line.
    #[serde(default)]
    pub easy_read: Vec<String>,
    /// The "You said, we did" entries it answers, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<i64>,
    /// A symbol beside its Easy Read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<crate::survey::Image>,
    /// Themes found in what people said that it answers, named as they were when chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<SectionTheme>,
    /// The outcome statements it works towards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<String>,
    /// Why it changed since the version before, in the commissioners' words. Written with the
    /// next version, kept with it when it is published, and cleared from the draft then.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
    /// Comments on earlier versions of the section that led to the change, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<i64>,
}

/// A theme a section answers: where it was found and its name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionTheme {
    pub engagement_id: i64,
    /// The engagement's title when the theme was chosen.
    pub engagement: String,
    pub label: String,
}

impl SectionTheme {
    /// How the section form sends it.
    pub fn value(&self) -> String {
        format!("{}:{}", self.engagement_id, self.label)
    }
}

impl DocSection {
    /// Whether it reads the same as `other`: everything but why it changed.
    pub fn reads_as(&self, other: &DocSection) -> bool {
        let bare = |s: &DocSection| DocSection { why: String::new(), because: vec![], ..s.clone() };
        bare(self) == bare(other)
    }
}

/// Why a section changed, as everyone reads it: the commissioners' words and the comments,
/// de-identified, that led to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WhyChanged {
    pub why: String,
    /// (version commented on, the comment)
    pub comments: Vec<(i64, String)>,
}

/// What a section answers and works towards, and why it changed, under its text.
#[component]
pub fn SectionLinks(
    themes: Vec<SectionTheme>,
    outcomes: Vec<String>,
    why: Option<WhyChanged>,
    /// The heading level inside the section.
    #[prop(optional)]
    level: Option<u8>,
) -> impl IntoView {
    let heading = move |words: &'static str| match level.unwrap_or(3) {
        2 => view! { <h2 class="heading-s">{words}</h2> }.into_any(),
        _ => view! { <h3 class="heading-s">{words}</h3> }.into_any(),
    };
    let why = why.filter(|w| !w.why.is_empty() || !w.comments.is_empty()).map(|w| {
        view! {
            <div class="inset-text">
                {heading("Why it changed")}
                {(!w.why.is_empty()).then(|| view! { <p class="body">{w.why}</p> })}
                {(!w.comments.is_empty()).then(|| view! {
                    <p class="body">"Because of what people said:"</p>
                    <ul class="list list--bullet">
                        {w.comments.into_iter().map(|(version, comment)| view! {
                            <li>{format!("\u{201c}{comment}\u{201d} (on version {version})")}</li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    });
    let answers = (!themes.is_empty()).then(|| {
        view! {
            {heading("Themes in what people said that it answers")}
            <ul class="list list--bullet">
                {themes.into_iter().map(|t| view! { <li>{format!("{} ({})", t.label, t.engagement)}</li> }).collect_view()}
            </ul>
        }
    });
    let towards = (!outcomes.is_empty()).then(|| {
        view! {
            {heading("Outcomes it works towards")}
            <ul class="list list--bullet">{outcomes.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
        }
    });
    view! { {why}{answers}{towards} }
}

/// A section's Easy Read, with its symbol if it has one; nothing when it has no Easy Read.
#[component]
pub fn EasyReadBox(
    lines: Vec<String>,
    symbol: Option<crate::survey::Image>,
    /// The heading's level and words.
    #[prop(optional)]
    heading: Option<String>,
    #[prop(optional)] level: Option<u8>,
) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        let heading = heading.unwrap_or_else(|| "In Easy Read".into());
        let title = match level.unwrap_or(3) {
            2 => view! { <h2 class="heading-s">{heading}</h2> }.into_any(),
            _ => view! { <h3 class="heading-s">{heading}</h3> }.into_any(),
        };
        let picture = symbol.map(|s| view! { <img class="easy-read__symbol" src=s.src alt=s.alt width="64" height="64"/> });
        view! {
            <div class="easy-read">
                {title}
                <div class="easy-read__body">
                    {picture}
                    <div>{lines.into_iter().map(|l| view! { <p class="body easy-read__line">{l}</p> }).collect_view()}</div>
                </div>
            </div>
        }
    })
}

/// A document as the engagement's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub title: String,
    /// "Being written" or "Version 2 published".
    pub stage: String,
    pub sections: usize,
}

/// An engagement's documents, and the form to start one.
#[component]
pub fn DocumentsPage(
    slug: String,
    engagement_title: String,
    documents: Vec<DocumentRow>,
    can_edit: bool,
    csrf_token: String,
    title: String,
    error: Option<String>,
) -> impl IntoView {
    let list = if documents.is_empty() {
        view! { <p class="body">"No document has been started yet."</p> }.into_any()
    } else {
        view! {
            <ul class="list">
                {documents.into_iter().map(|d| view! {
                    <li><a href=format!("/admin/documents/{}", d.id)>{d.title}</a>{format!(": {}, {}", d.stage, sections_in_words(d.sections))}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let start = can_edit.then(|| {
        let errors: Vec<FieldError> = error.clone().map(|e| FieldError::new("title", e)).into_iter().collect();
        view! {
            <ErrorSummary errors=errors/>
            <h2 class="heading-m">"Start a document"</h2>
            <form method="post" action=format!("/admin/engagements/{slug}/documents") novalidate>
                <input type="hidden" name="csrf_token" value=csrf_token/>
                {text_field("title", "Its title", Some("For example, Specialist Teaching and Learning Service: service specification."), title, error, None)}
                <button type="submit" class="button">"Start the document"</button>
            </form>
        }
    });
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">{engagement_title.clone()}</span>
        <h1 class="heading-l">"Documents for co-production"</h1>
        <p class="body">"Write a document in sections, with each section in Easy Read too, then publish it for everyone to read on the engagement's page. Each version published is kept exactly as it was, and the next says what changed and why."</p>
        {list}
        {start}
    }
}

fn sections_in_words(n: usize) -> String {
    if n == 1 {
        "1 section".into()
    } else {
        format!("{n} sections")
    }
}

/// A version as the staff page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRow {
    pub number: i64,
    pub opened: String,
    pub note: String,
}

/// A document being written: its sections in order, and its versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentView {
    pub id: i64,
    pub engagement_slug: String,
    pub engagement_title: String,
    pub title: String,
    pub public_href: Option<String>,
    pub sections: Vec<DocSection>,
    /// The draft differs from the latest version (or none is published yet).
    pub changed: bool,
    pub versions: Vec<VersionRow>,
    pub can_edit: bool,
    pub notice: Option<String>,
    /// What people said about each section of the latest version, for those who may read it.
    pub feedback: Option<VersionFeedback>,
    /// Workshops recorded: (date, what it was).
    pub workshops: Vec<(String, String)>,
    /// The final version's number, once there is one.
    pub final_number: Option<i64>,
    /// Who approved the final version: (body, date, note).
    pub approvals: Vec<(String, String, String)>,
}

/// What people said about the sections of a version, section by section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionFeedback {
    pub number: i64,
    /// (section key, heading, what was said in words)
    pub sections: Vec<(String, String, String)>,
}

#[component]
pub fn DocumentPage(view: DocumentView, csrf_token: String) -> impl IntoView {
    let DocumentView {
        id,
        engagement_slug,
        engagement_title,
        title,
        public_href,
        sections,
        changed,
        versions,
        can_edit,
        notice,
        feedback,
        workshops,
        final_number,
        approvals,
    } = view;
    let published = !versions.is_empty();
    let count = sections.len();
    let next = versions.first().map_or(1, |v| v.number + 1);
    let rows = sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let move_form = |direction: &'static str, label: &'static str| {
                let token = csrf_token.clone();
                let heading = s.heading.clone();
                view! {
                    <form method="post" action=format!("/admin/documents/{id}/sections/{}/move", s.key) class="inline-form">
                        <input type="hidden" name="csrf_token" value=token/>
                        <input type="hidden" name="direction" value=direction/>
                        <button type="submit" class="button button--secondary">{label}<span class="visually-hidden">{format!(": {heading}")}</span></button>
                    </form>
                }
            };
            let easy = if s.easy_read.is_empty() { "No Easy Read yet." } else { "Has Easy Read." };
            view! {
                <li class="document-section">
                    <h3 class="heading-s">{format!("{}. {}", i + 1, s.heading)}</h3>
                    <p class="body-s">{easy}</p>
                    {can_edit.then(|| view! {
                        <p class="body"><a href=format!("/admin/documents/{id}/sections/{}/edit", s.key)>"Change"<span class="visually-hidden">{format!(" {}", s.heading)}</span></a></p>
                        <div class="button-group">
                            {(i > 0).then(|| move_form("up", "Move up"))}
                            {(i + 1 < count).then(|| move_form("down", "Move down"))}
                        </div>
                    })}
                </li>
            }
        })
        .collect_view();
    let open = (can_edit && changed && count > 0).then(|| {
        view! {
            <p class="body"><a href=format!("/admin/documents/{id}/open") class="button" role="button" draggable="false">{format!("Publish version {next}")}</a></p>
        }
    });
    let history = (!versions.is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"Versions published"</h2>
            <ul class="list">
                {versions.into_iter().map(|v| view! {
                    <li><strong>{format!("Version {}", v.number)}</strong>{format!(", published {}. {}", v.opened, v.note)}</li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}/documents") class="back-link">"Back to the documents"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <span class="caption-l">{engagement_title}</span>
        <h1 class="heading-l">{title}</h1>
        {public_href.map(|href| view! { <p class="body"><a href=href>"See the latest version"</a>", as everyone sees it"</p> })}
        <h2 class="heading-m">"Sections"</h2>
        {if count == 0 {
            view! { <p class="body">"No sections yet. Add the first."</p> }.into_any()
        } else {
            view! { <ol class="list document-sections">{rows}</ol> }.into_any()
        }}
        {can_edit.then(|| view! { <p class="body"><a href=format!("/admin/documents/{id}/sections/new")>"Add a section"</a></p> })}
        {(can_edit && !changed && next > 1).then(|| view! { <p class="body">"Nothing has changed since the last version was published."</p> })}
        {open}
        {feedback.map(|f| view! {
            <h2 class="heading-m">{format!("What people said about version {}", f.number)}</h2>
            <ul class="list">
                {f.sections.into_iter().map(|(key, heading, said)| view! {
                    <li><a href=format!("/admin/documents/{id}/versions/{}/sections/{key}/feedback", f.number)>{heading}</a>{format!(": {said}")}</li>
                }).collect_view()}
            </ul>
        })}
        {published.then(|| view! {
            <h2 class="heading-m">"Workshops"</h2>
            {if workshops.is_empty() {
                view! { <p class="body">"No workshop has been recorded yet."</p> }.into_any()
            } else {
                view! { <ul class="list">{workshops.into_iter().map(|(date, what)| view! { <li>{format!("{date}: {what}")}</li> }).collect_view()}</ul> }.into_any()
            }}
            {can_edit.then(|| view! { <p class="body"><a href=format!("/admin/documents/{id}/workshops/new")>"Record a workshop"</a></p> })}
        }.into_any())}
        {final_number.map(|n| view! {
            <h2 class="heading-m">{format!("Sign-off of version {n}, the final version")}</h2>
            {if approvals.is_empty() {
                view! { <p class="body">"No approval has been recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {approvals.into_iter().map(|(body, date, note)| view! {
                            <li><strong>{body}</strong>{format!(", {date}")}{(!note.is_empty()).then(|| format!(". {note}"))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {can_edit.then(|| view! { <p class="body"><a href=format!("/admin/documents/{id}/approvals/new")>"Record an approval"</a></p> })}
        }.into_any())}
        {history}
    }
}

/// What the section form shows: what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SectionFormValues {
    #[serde(default)]
    pub heading: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub easy_read: String,
    /// The "You said, we did" entries ticked.
    #[serde(skip)]
    pub answers: Vec<i64>,
    /// The symbol chosen, by where it loads from; empty for none.
    #[serde(default)]
    pub symbol: String,
    /// The themes ticked, as `SectionTheme::value` gives them.
    #[serde(skip)]
    pub themes: Vec<String>,
    /// The outcome statements ticked.
    #[serde(skip)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub why: String,
    /// The comments ticked as leading to the change.
    #[serde(skip)]
    pub because: Vec<i64>,
}

/// What a section may be linked to, for the section form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionChoices {
    /// "You said, we did" entries: (id, what people said, with where).
    pub answers: Vec<(i64, String)>,
    /// Themes: (value, name with where it was found).
    pub themes: Vec<(String, String)>,
    pub outcomes: Vec<String>,
    /// For a section already published: the latest version's number and the comments on the
    /// section in any version that may have led to a change, (id, the comment with who and when).
    pub since: Option<(i64, Vec<(i64, String)>)>,
}

#[component]
pub fn SectionFormPage(
    heading: String,
    document_title: String,
    action: String,
    back_href: String,
    csrf_token: String,
    values: SectionFormValues,
    choices: SectionChoices,
    /// Symbols that may go beside its Easy Read: (where it loads from, name).
    symbols: Vec<(String, String)>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let mut symbol_options = vec![(String::new(), "No symbol".to_string())];
    symbol_options.extend(symbols);
    let symbol = crate::pages::survey_editor::symbol_choice(
        symbol_options,
        values.symbol.clone(),
        error_for(&errors, "symbol").map(str::to_owned),
        "A symbol beside the Easy Read helps children and young people who rely on symbols.",
    )
    .into_any();
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let SectionChoices { answers: answer_choices, themes, outcomes, since } = choices;
    let ticked_answers: Vec<String> = values.answers.iter().map(i64::to_string).collect();
    let answers = (!answer_choices.is_empty()).then(|| {
        let options = answer_choices.into_iter().map(|(id, said)| (id.to_string(), said)).collect();
        crate::fields::checkboxes(
            "answers",
            "Which of \u{201c}You said, we did\u{201d} does it answer? (optional)",
            Some("Readers see what people said beside the section, so they can tell the document listened."),
            options,
            &ticked_answers,
            err("answers"),
        )
    });
    let themes = (!themes.is_empty()).then(|| {
        crate::fields::checkboxes(
            "themes",
            "Which themes in what people said does it answer? (optional)",
            Some("Themes found in the written answers to the surveys. Readers see their names under the section."),
            themes,
            &values.themes,
            err("themes"),
        )
    });
    let outcomes = (!outcomes.is_empty()).then(|| {
        let options = outcomes.into_iter().map(|o| (o.clone(), o)).collect();
        crate::fields::checkboxes(
            "outcomes",
            "Which outcomes does it work towards? (optional)",
            Some("The outcome statements the surveys' questions measure."),
            options,
            &values.outcomes,
            err("outcomes"),
        )
    });
    let ticked_because: Vec<String> = values.because.iter().map(i64::to_string).collect();
    let why = since.map(|(number, comments)| {
        let comments = (!comments.is_empty()).then(|| {
            let options = comments.into_iter().map(|(id, said)| (id.to_string(), said)).collect();
            crate::fields::checkboxes(
                "because",
                "Which comments led to the change? (optional)",
                Some("The comments you replied to with \u{201c}We changed the section\u{201d}, one by one or by theme. Readers see those ticked, with names and places taken out, under why it changed."),
                options,
                &ticked_because,
                err("because"),
            )
        });
        view! {
            <h2 class="heading-m">{format!("What changed since version {number}")}</h2>
            {text_area("why", "Why it changed (optional)", Some("In plain English, for readers of the next version. Shown only if the section changes. Up to 1,000 characters."), values.why.clone(), err("why"), 3)}
            {comments}
        }
    });
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <span class="caption-l">{document_title}</span>
                <h1 class="heading-l">{heading}</h1>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {text_field("heading", "Section heading", Some("For example, Who the service is for."), values.heading, err("heading"), None)}
                    {text_area("text", "What it says", Some("Plain English. Start a new paragraph with a blank line."), values.text, err("text"), 10)}
                    {text_area("easy-read", "The same in Easy Read (optional)", Some("One short idea on each line, 15 words or fewer, with no hard words."), values.easy_read, err("easy-read"), 5)}
                    {symbol}
                    {answers}
                    {themes}
                    {outcomes}
                    {why}
                    <button type="submit" class="button">"Save the section"</button>
                </form>
            </div>
        </div>
    }
}

/// A section as everyone reads it, with what changed in it since the version before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicSection {
    pub section: DocSection,
    /// "New in version 2" or "Changed in version 2"; none when it is as it was.
    pub change: Option<String>,
    /// What it said in the version before, when it changed: (version, heading, text).
    pub before: Option<(i64, String, String)>,
    /// Why it changed or was added, when it did.
    pub why: Option<WhyChanged>,
}

/// A version as everyone reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicDocument {
    pub engagement_slug: String,
    /// The document's own web address within the engagement.
    pub slug: String,
    pub engagement_title: String,
    pub title: String,
    pub summary: String,
    pub number: i64,
    pub opened: String,
    pub note: String,
    pub sections: Vec<PublicSection>,
    /// Headings of sections taken out since the version before.
    pub removed: Vec<String>,
    /// Who to tell what you think, as the engagement gives it.
    pub contact: String,
    /// The final version: no more comments.
    pub final_version: bool,
    /// Who approved it: (body, date, note).
    pub approvals: Vec<(String, String, String)>,
    /// "How this was co-produced", on the final version.
    pub coproduced: Option<crate::pages::sign_off::CoProduced>,
}

/// Where to have a say on a section of a published document.
pub fn section_href(engagement_slug: &str, document_slug: &str, key: &str) -> String {
    format!("/e/{engagement_slug}/documents/{document_slug}/sections/{key}")
}

#[component]
pub fn PublicDocumentPage(document: PublicDocument) -> impl IntoView {
    let d = document;
    let contents = (d.sections.len() > 1).then(|| {
        view! {
            <nav aria-labelledby="contents-heading">
                <h2 class="heading-s" id="contents-heading">"Contents"</h2>
                <ol class="list list--number">
                    {d.sections.iter().map(|s| view! {
                        <li><a href=format!("#section-{}", s.section.key)>{s.section.heading.clone()}</a>{s.change.clone().map(|c| format!(" ({})", c.to_lowercase()))}</li>
                    }).collect_view()}
                </ol>
            </nav>
        }
    });
    let (engagement_slug, document_slug, final_version) = (d.engagement_slug.clone(), d.slug.clone(), d.final_version);
    let sections = d
        .sections
        .into_iter()
        .map(|p| {
            let PublicSection { section: s, change, before, why } = p;
            let changed = before.map(|(version, old_heading, old_text)| {
                (version, (old_heading != s.heading).then_some(old_heading), word_changes(&old_text, &s.text))
            });
            let have_your_say = (!final_version).then(|| section_href(&engagement_slug, &document_slug, &s.key));
            let heading = s.heading.clone();
            let id = format!("section-{}", s.key);
            let labelled = id.clone();
            let easy_read = view! { <EasyReadBox lines=s.easy_read.clone() symbol=s.symbol.clone()/> };
            view! {
                <section aria-labelledby=labelled class="document-section">
                    <h2 class="heading-l" id=id>{s.heading}</h2>
                    {change.map(|c| view! { <p class="body"><strong class="tag">{c}</strong></p> })}
                    {s.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| view! { <p class="body">{p.to_string()}</p> }).collect_view()}
                    {easy_read}
                    <SectionLinks themes=s.themes.clone() outcomes=s.outcomes.clone() why=why/>
                    {changed.map(|(version, renamed, runs)| {
                        let renamed = renamed.map(|old_heading| view! { <p class="body">{format!("In version {version} it was called \u{201c}{old_heading}\u{201d}.")}</p> });
                        view! {
                            <details class="details">
                                <summary class="details__summary"><span class="details__summary-text">{format!("What changed since version {version}")}</span></summary>
                                <div class="details__text">
                                    {renamed}
                                    <p class="body-s">"Words added are underlined on green. Words taken out are crossed out on red."</p>
                                    <WordChanges runs=runs/>
                                </div>
                            </details>
                        }
                    })}
                    {have_your_say.map(|href| view! {
                        <p class="body no-print"><a href=href class="button button--secondary" role="button" draggable="false">"Have your say on this section"<span class="visually-hidden">{format!(": {heading}")}</span></a></p>
                    })}
                </section>
            }
        })
        .collect_view();
    view! {
        <a href=format!("/e/{}", d.engagement_slug) class="back-link no-print">{format!("Back to {}", d.engagement_title)}</a>
        <span class="caption-l">{d.engagement_title.clone()}</span>
        <h1 class="heading-xl">{d.title}</h1>
        {(!d.summary.is_empty()).then(|| view! { <p class="lead">{d.summary.clone()}</p> })}
        <div class="inset-text">
            <p class="body">{if d.final_version { format!("The final version (version {}), published on {}.", d.number, d.opened) } else { format!("Version {}, published on {}.", d.number, d.opened) }}</p>
            {(!d.note.is_empty()).then(|| view! { <p class="body">{format!("What changed: {}", d.note)}</p> })}
            {(!d.approvals.is_empty()).then(|| view! {
                <p class="body">"Approved by:"</p>
                <ul class="list list--bullet">
                    {d.approvals.into_iter().map(|(body, date, note)| view! { <li>{format!("{body}, {date}")}{(!note.is_empty()).then(|| format!(". {note}"))}</li> }).collect_view()}
                </ul>
            })}
            {if d.final_version {
                view! { <p class="body">"Comments on it are closed."</p> }.into_any()
            } else {
                view! { <p class="body">"Tell the council what you think of each section: how you feel about it, whether it is clear, and what you would change. You do not need an account or to give your name."</p> }.into_any()
            }}
            <ul class="list no-print">
                <li><a href=format!("/e/{}/documents/{}/easy-read", d.engagement_slug, d.slug)>"Read it in Easy Read"</a></li>
                <li><a href=format!("/e/{}/documents/{}/pdf", d.engagement_slug, d.slug) download="">{format!("Download version {} to print (PDF, A4)", d.number)}</a></li>
            </ul>
            {(!d.contact.is_empty()).then(|| view! {
                <p class="body">"To talk to someone about it, contact "<ContactText text=d.contact.clone()/>"."</p>
            })}
        </div>
        {contents}
        {sections}
        {(!d.removed.is_empty()).then(|| view! {
            <h2 class="heading-m">{format!("Taken out since version {}", d.number - 1)}</h2>
            <ul class="list list--bullet">{d.removed.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
        })}
        {d.coproduced.map(|c| view! { <crate::pages::sign_off::CoProducedSummary summary=c/> })}
    }
}

/// Asks before publishing the next version, with what changed and why.
#[component]
pub fn PublishVersionPage(
    id: i64,
    document_title: String,
    number: i64,
    sections: usize,
    note: String,
    /// "comment" or "final"
    stage: String,
    error: Option<String>,
    csrf_token: String,
) -> impl IntoView {
    let errors: Vec<FieldError> = error.clone().map(|e| FieldError::new("note", e)).into_iter().collect();
    let stages = vec![
        ("comment".to_string(), "For comment: everyone may have their say on each section".to_string()),
        ("final".to_string(), "The final version: comments close, and you record who approved it".to_string()),
    ];
    let stage = if stage.is_empty() { "comment".to_string() } else { stage };
    let (label, hint) = if number == 1 {
        ("A note for readers (optional)", "For example, what the document is for and what the council would like to hear about.")
    } else {
        ("What changed since the last version, and why", "For example, which sections changed because of what people said.")
    };
    view! {
        <a href=format!("/admin/documents/{id}") class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                <span class="caption-l">{document_title}</span>
                <h1 class="heading-l">{format!("Publish version {number}?")}</h1>
                <p class="body">{format!("Everyone will be able to read its {} on the engagement's page. Once published, version {number} is kept exactly as it is now; later changes make the next version.", sections_in_words(sections))}</p>
                <form method="post" action=format!("/admin/documents/{id}/open") novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {crate::fields::radios("stage", "Is it for comment, or final?", None, stages, stage, None)}
                    {text_area("note", label, Some(hint), note, error, 4)}
                    <button type="submit" class="button">{format!("Publish version {number}")}</button>
                </form>
            </div>
        </div>
    }
}

/// A run of words in a comparison of two versions of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Same(String),
    Added(String),
    Removed(String),
    /// A new paragraph starts.
    Break,
}

/// The longest texts compared word by word (words before times words after); longer ones show
/// as all taken out and all added.
const MOST_COMPARED: usize = 4_000_000;

/// The words of `after` against `before`: what stayed, what was added and what was taken out,
/// in reading order, with paragraph breaks where `after` has them.
pub fn word_changes(before: &str, after: &str) -> Vec<Run> {
    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for (i, paragraph) in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).enumerate() {
            if i > 0 {
                out.push("\n\n");
            }
            out.extend(paragraph.split_whitespace());
        }
        out
    }
    let (a, b) = (words(before), words(after));
    let mut ops: Vec<(u8, &str)> = Vec::new(); // 0 same, 1 added, 2 removed
    if a.len().saturating_mul(b.len()) > MOST_COMPARED {
        ops.extend(a.iter().map(|w| (2, *w)));
        ops.extend(b.iter().map(|w| (1, *w)));
    } else {
        // Longest common subsequence, from the end, so the walk below reads forwards.
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] =
                    if a[i] == b[j] { lcs[(i + 1) * width + j + 1] + 1 } else { lcs[(i + 1) * width + j].max(lcs[i * width + j + 1]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                ops.push((0, a[i]));
                i += 1;
                j += 1;
            } else if i < a.len() && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                // What was taken out reads before what replaced it.
                ops.push((2, a[i]));
                i += 1;
            } else {
                ops.push((1, b[j]));
                j += 1;
            }
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    for (kind, word) in ops {
        if word == "\n\n" {
            if kind != 2 {
                runs.push(Run::Break);
            }
            continue;
        }
        match (runs.last_mut(), kind) {
            (Some(Run::Same(t)), 0) | (Some(Run::Added(t)), 1) | (Some(Run::Removed(t)), 2) => {
                t.push(' ');
                t.push_str(word);
            }
            _ => runs.push(match kind {
                0 => Run::Same(word.to_owned()),
                1 => Run::Added(word.to_owned()),
                _ => Run::Removed(word.to_owned()),
            }),
        }
    }
    runs
}

/// A text with its changes marked; screen readers hear "added" and "taken out" before each.
#[component]
pub fn WordChanges(runs: Vec<Run>) -> impl IntoView {
    let mut paragraphs: Vec<Vec<Run>> = vec![Vec::new()];
    for run in runs {
        match run {
            Run::Break => paragraphs.push(Vec::new()),
            other => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push(other);
                }
            }
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            let last = p.len() - 1;
            view! {
                <p class="body">
                    {p.into_iter().enumerate().map(|(i, run)| {
                        let space = if i < last { " " } else { "" };
                        match run {
                            Run::Added(t) => view! { <ins class="diff-added"><span class="visually-hidden">"[added] "</span>{t}<span class="visually-hidden">" [end]"</span></ins>{space} }.into_any(),
                            Run::Removed(t) => view! { <del class="diff-removed"><span class="visually-hidden">"[taken out] "</span>{t}<span class="visually-hidden">" [end]"</span></del>{space} }.into_any(),
                            Run::Same(t) => view! { {t}{space} }.into_any(),
                            Run::Break => ().into_any(),
                        }
                    }).collect_view()}
                </p>
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::{word_changes, Run};

    fn same(t: &str) -> Run {
        Run::Same(t.into())
    }

    #[test]
    fn changes_are_marked_word_by_word_in_reading_order() {
        let runs = word_changes("A team in each of the 12 districts.", "A team in each district, with a named teacher.");
        assert_eq!(
            runs,
            [same("A team in each"), Run::Removed("of the 12 districts.".into()), Run::Added("district, with a named teacher.".into()),]
        );
        let runs = word_changes("One.\n\nTwo three.", "One.\n\nTwo and three.\n\nFour.");
        assert_eq!(
            runs,
            [same("One."), Run::Break, same("Two"), Run::Added("and".into()), same("three."), Run::Break, Run::Added("Four.".into())]
        );
        assert_eq!(word_changes("Same text.", "Same text."), [same("Same text.")]);
    }

    #[test]
    fn very_long_texts_show_as_taken_out_and_added() {
        let long = "word ".repeat(2_100);
        let runs = word_changes(&long, &format!("{long} more"));
        assert!(matches!(runs.as_slice(), [Run::Removed(_), Run::Added(_)]));
    }
}
