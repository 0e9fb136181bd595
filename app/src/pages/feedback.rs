//! Having a say on a document, a section at a time: how you feel about it (with faces and words),
//! whether you understood it, and a comment; your own page where the council's reply appears; and
//! the staff page where the feedback on a section is counted, read and replied to.

use crate::components::{error_for, ErrorMessage, ErrorSummary, FieldError};
use crate::fields::{checkbox, radios, text_area, text_field};
use crate::islands::ReadAloud;
use crate::pages::documents::DocSection;
use leptos::prelude::*;
use serde::Deserialize;

/// The reactions, as stored and as said: (value, words, the face's mood from 0 to 1).
pub const REACTIONS: [(&str, &str, &str); 3] =
    [("support", "I support it", "like"), ("not_sure", "I'm not sure", "not_sure"), ("against", "I'm against it", "dislike")];

/// A reaction in the words staff read: "Support".
pub fn reaction_label(value: &str) -> &'static str {
    match value {
        "support" => "Support",
        "not_sure" => "Not sure",
        "against" => "Against",
        _ => "No view given",
    }
}

/// Who people may say they are: (value, words on the form).
pub const AUDIENCES: [(&str, &str); 4] = [
    ("young_people", "A child or young person"),
    ("parents_carers", "A parent or carer"),
    ("schools", "Someone who works in a school or setting"),
    ("other", "Someone else"),
];

/// The council's replies: (value, words on the form, the start of the reply as shown).
pub const REPLIES: [(&str, &str, &str); 3] = [
    ("changed", "We changed the section", "Changed"),
    ("not_changed", "We did not change it, and say why", "Not changed"),
    ("noted", "We have noted it", "Noted"),
];

/// How a reply begins, from its kind: "Changed".
pub fn reply_label(kind: &str) -> &'static str {
    REPLIES.iter().find(|(v, _, _)| *v == kind).map_or("Reply", |(_, _, label)| label)
}

/// What the feedback form holds: what was typed, kept when something needs fixing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct FeedbackForm {
    /// The secret for the person's own page, made when the form was shown, so that sending the
    /// same form twice keeps one piece of feedback.
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub reaction: String,
    #[serde(default)]
    pub unclear: Option<String>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub code: String,
}

/// A comment with the council's reply, as everyone reads it on the section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicReply {
    /// The version commented on.
    pub version: i64,
    pub comment: String,
    /// "Changed", "Not changed" or "Noted".
    pub kind: String,
    pub reply: String,
}

/// A section of a version as everyone reads it, one section to a page, with the form to have
/// a say while the version is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionView {
    pub engagement_slug: String,
    pub engagement_title: String,
    pub document_slug: String,
    pub document_title: String,
    pub number: i64,
    /// 1-based place of the section, and how many there are.
    pub position: usize,
    pub of: usize,
    pub section: DocSection,
    /// "New in version 2" or "Changed in version 2".
    pub change: Option<String>,
    /// The sections before and after: (key, heading).
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
    /// Easy Read shown first (the visitor's setting).
    pub easy_read_first: bool,
    pub replies: Vec<PublicReply>,
    /// Whether feedback is taken: the latest version of an open engagement.
    pub open: bool,
    /// The co-production group member having their say from their own page: (id, name).
    pub member: Option<(i64, String)>,
    /// Workshops that discussed the section: (date, what it was, who took part, what was agreed).
    pub workshops: Vec<(String, String, String, String)>,
    /// What people said that the section answers, from "You said, we did": (you said, we did).
    pub answers: Vec<(String, String)>,
    /// Why it changed or was added in this version, when it did.
    pub why: Option<crate::pages::documents::WhyChanged>,
}

fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| view! { <p class="body">{p.to_string()}</p> }).collect_view()
}

#[component]
pub fn SectionPage(view: SectionView, form: FeedbackForm, errors: Vec<FieldError>, wait: Option<String>) -> impl IntoView {
    let v = view;
    let base = format!("/e/{}/documents/{}", v.engagement_slug, v.document_slug);
    let s = v.section;
    let spoken = if v.easy_read_first && !s.easy_read.is_empty() {
        format!("{}. {}", s.heading, s.easy_read.join(" "))
    } else {
        format!("{}. {}", s.heading, s.text.replace("\n\n", " "))
    };
    let easy_read = (!s.easy_read.is_empty())
        .then(|| view! { <crate::pages::documents::EasyReadBox lines=s.easy_read.clone() symbol=s.symbol.clone() level=2/> });
    let body = if v.easy_read_first && easy_read.is_some() {
        view! {
            {easy_read}
            <details class="details">
                <summary class="details__summary"><span class="details__summary-text">"Read the full section"</span></summary>
                <div class="details__text">{paragraphs(&s.text)}</div>
            </details>
        }
        .into_any()
    } else {
        view! { {paragraphs(&s.text)} {easy_read} }.into_any()
    };
    let replies = (!v.replies.is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"What people said, and the council's replies"</h2>
            <ul class="list replies">
                {v.replies.into_iter().map(|r| view! {
                    <li class="reply">
                        <p class="body-s">{format!("About version {}", r.version)}</p>
                        <blockquote class="quote"><p class="body">{r.comment}</p></blockquote>
                        <p class="body"><strong>{format!("The council: {}. ", r.kind)}</strong>{r.reply}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    let as_member = v.member.map(|(_, name)| {
        let back = format!("{base}/sections/{}", s.key);
        view! {
            <div class="inset-text">
                <p class="body">{format!("You are having your say as {name}, from the co-production group. What you say here shows on your own page, with the council's reply.")}</p>
                <form method="post" action=format!("/e/{}/group/forget", v.engagement_slug) novalidate>
                    <input type="hidden" name="back" value=back/>
                    <button type="submit" class="button button--secondary">"Have your say without your name"</button>
                </form>
            </div>
        }
        .into_any()
    });
    let have_your_say = if v.open {
        let action = format!("{base}/sections/{}", s.key);
        view! { {as_member} <FeedbackFormView action=action form=form errors=errors wait=wait/> }.into_any()
    } else {
        view! { <p class="body">"This is the final version: comments on it are closed."</p> }.into_any()
    };
    let workshops = (!v.workshops.is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"Talked about at workshops"</h2>
            <ul class="list replies">
                {v.workshops.into_iter().map(|(date, title, people, agreed)| view! {
                    <li class="reply">
                        <p class="body"><strong>{title}</strong>{format!(", {date}: {people}")}</p>
                        <p class="body">{format!("What was agreed: {agreed}")}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let pager = view! {
        <nav class="pagination" aria-label="Sections">
            <ul class="list pagination__list">
                {v.previous.map(|(key, heading)| view! {
                    <li class="pagination__item"><a href=format!("{base}/sections/{key}") rel="prev">"Previous section"<span class="visually-hidden">": "</span><span class="pagination__label">{heading}</span></a></li>
                })}
                {v.next.map(|(key, heading)| view! {
                    <li class="pagination__item"><a href=format!("{base}/sections/{key}") rel="next">"Next section"<span class="visually-hidden">": "</span><span class="pagination__label">{heading}</span></a></li>
                })}
            </ul>
        </nav>
    };
    view! {
        <a href=format!("{base}#section-{}", s.key) class="back-link">"Back to the whole document"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <span class="caption-l">{format!("{}: section {} of {}", v.document_title, v.position, v.of)}</span>
                <h1 class="heading-l">{s.heading.clone()}</h1>
                {v.change.map(|c| view! { <p class="body"><strong class="tag">{c}</strong></p> })}
                <ReadAloud text=spoken about="this section".to_string()/>
                {body}
                {(!v.answers.is_empty()).then(|| view! {
                    <div class="inset-text">
                        <h2 class="heading-s">"What people said that this section answers"</h2>
                        <ul class="list">
                            {v.answers.into_iter().map(|(said, did)| view! {
                                <li><strong>"You said: "</strong>{said}<br/><strong>"We did: "</strong>{did}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any())}
                <crate::pages::documents::SectionLinks themes=s.themes.clone() outcomes=s.outcomes.clone() why=v.why level=2/>
                {have_your_say}
                {replies}
                {workshops}
                {pager}
            </div>
        </div>
    }
}

/// The form: faces, "I don't understand", a comment, who you are and, for a school, its code.
#[component]
fn FeedbackFormView(action: String, form: FeedbackForm, errors: Vec<FieldError>, wait: Option<String>) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let reaction_error = err("reaction");
    let faces = REACTIONS
        .iter()
        .enumerate()
        .map(|(i, (value, words, mood))| {
            let id = if i == 0 { "reaction".to_string() } else { format!("reaction-{value}") };
            let checked = form.reaction == *value;
            view! {
                <div class="choice choice--face">
                    <input class="choice__input" id=id.clone() name="reaction" type="radio" value=*value checked=checked/>
                    <label class="choice__label" for=id>{crate::pages::respond::face_for(mood, 0, 0)}<span class="choice__text">{*words}</span></label>
                </div>
            }
        })
        .collect_view();
    let audiences = AUDIENCES.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
    let code_open = !form.code.is_empty();
    let reaction_group = view! {
        <div class=crate::fields::group_class(&reaction_error)>
            <fieldset class="fieldset" aria-describedby=crate::components::described_by("reaction", false, reaction_error.is_some())>
                <legend class="fieldset__legend label">"How do you feel about this section?"</legend>
                <ErrorMessage field="reaction".to_string() message=reaction_error.clone()/>
                <div class="choices choices--faces">{faces}</div>
            </fieldset>
        </div>
    }
    .into_any();
    let school = view! {
        <details class="details" open=code_open>
            <summary class="details__summary"><span class="details__summary-text">"Writing for a school?"</span></summary>
            <div class="details__text">
                {text_field("code", "Your school's access code (optional)", Some("It is on the letter the council sent to your school, for example HXT4-9KMA-QF."), form.code, err("code"), Some("10"))}
            </div>
        </details>
    }
    .into_any();
    let comment = text_area(
        "comment",
        "Your comment (optional)",
        Some("What would you keep, change or add? Up to 2,000 characters. If you write that someone is not safe, the council's safeguarding team will read it."),
        form.comment,
        err("comment"),
        5,
    )
    .into_any();
    let who = radios(
        "audience",
        "Who are you? (optional)",
        Some("So the council can see what each group thinks."),
        audiences,
        form.audience,
        err("audience"),
    )
    .into_any();
    let intro = view! {
        <h2 class="heading-m" id="have-your-say">"Have your say on this section"</h2>
        <ErrorSummary errors=errors.clone()/>
        {wait.map(|w| view! { <div class="notification" role="status"><p class="body">{w}</p></div> })}
        <p class="body">"Everything here is optional, and you do not need to give your name. Do not write anyone's name, or anything that could tell people who you are."</p>
    }
    .into_any();
    view! {
        {intro}
        <form method="post" action=action novalidate>
            <input type="hidden" name="link" value=form.link/>
            {reaction_group}
            {checkbox("unclear", "I don't understand this section", form.unclear.is_some())}
            {comment}
            {who}
            {school}
            <button type="submit" class="button">"Send"</button>
        </form>
    }
    .into_any()
}

/// What the person's own page shows: what they said and, once given, the council's reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnFeedback {
    pub engagement_slug: String,
    pub engagement_title: String,
    pub document_title: String,
    pub section_href: String,
    pub heading: String,
    pub number: i64,
    pub sent_on: String,
    /// "I support it", and so on.
    pub reaction: Option<String>,
    pub unclear: bool,
    pub comment: String,
    pub school: Option<String>,
    /// (how it begins, the reply, when)
    pub reply: Option<(String, String, String)>,
    /// This page's own address, to keep.
    pub address: String,
    /// Just sent.
    pub just_sent: bool,
}

#[component]
pub fn OwnFeedbackPage(own: OwnFeedback) -> impl IntoView {
    let o = own;
    let said = {
        let mut rows = Vec::new();
        if let Some(r) = o.reaction {
            rows.push(("How you feel", r));
        }
        if o.unclear {
            rows.push(("Understood it", "No, you said you don't understand this section".to_string()));
        }
        if let Some(s) = o.school {
            rows.push(("Writing for", s));
        }
        if !o.comment.is_empty() {
            rows.push(("Your comment", o.comment));
        }
        rows
    };
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                {o.just_sent.then(|| view! {
                    <div class="panel">
                        <h1 class="panel__title">"Thank you"</h1>
                        <div class="panel__body">"What you said has been sent to the council."</div>
                    </div>
                })}
                {(!o.just_sent).then(|| view! {
                    <span class="caption-l">{o.document_title.clone()}</span>
                    <h1 class="heading-l">"What you said, and the reply"</h1>
                })}
                <h2 class="heading-m">"Your page"</h2>
                <p class="body">"This page is yours. Come back to it to read the council's reply. Keep its address somewhere safe, or bookmark it. Anyone with the address can read it, so do not share it."</p>
                <p class="body code-box"><span class="visually-hidden">"The address: "</span><strong class="break-anywhere">{o.address}</strong></p>
                <p class="body">"On a shared computer or tablet, write the address down, then close this page."</p>
                <h2 class="heading-m">{format!("What you said about \u{201c}{}\u{201d}", o.heading)}</h2>
                <p class="body-s">{format!("In version {} of {}, on {}.", o.number, o.document_title, o.sent_on)}</p>
                <dl class="summary-list">
                    {said.into_iter().map(|(k, v)| view! {
                        <div class="summary-list__row"><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
                    }).collect_view()}
                </dl>
                <h2 class="heading-m">"The council's reply"</h2>
                {match o.reply {
                    Some((kind, text, when)) => view! {
                        <div class="inset-text"><p class="body"><strong>{format!("{kind}. ")}</strong>{text}</p><p class="body-s">{format!("Replied on {when}.")}</p></div>
                    }.into_any(),
                    None => view! { <p class="body">"No reply yet. The council reads every comment and replies to comments once it has thought about them."</p> }.into_any(),
                }}
                <p class="body"><a href=o.section_href>"Read the section again"</a></p>
                <p class="body"><a href=format!("/e/{}", o.engagement_slug)>{format!("Back to {}", o.engagement_title)}</a></p>
            </div>
        </div>
    }
}

/// The feedback on a section, counted by group (small counts hidden as on every results page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackTable {
    /// Column headings after the group's.
    pub columns: Vec<String>,
    /// A group, then a count in words for each column.
    pub rows: Vec<(String, Vec<String>)>,
}

/// A comment as staff read it, with the reply given or the form to give one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffComment {
    pub id: i64,
    /// As this reader may see it: identifying details hidden, or withheld when flagged.
    pub comment: String,
    pub reaction: &'static str,
    /// Who they said they are, in the middle of a sentence: "young people".
    pub audience: String,
    pub school: Option<String>,
    pub sent_on: String,
    /// (kind, reply, when) once replied.
    pub reply: Option<(String, String, String)>,
    /// With the safeguarding team: no reply is asked for here.
    pub flagged: bool,
}

/// What the staff page for one section of a version shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionFeedbackView {
    pub document_id: i64,
    pub document_title: String,
    pub number: i64,
    pub key: String,
    pub heading: String,
    pub people: String,
    pub table: FeedbackTable,
    pub comments: Vec<StaffComment>,
    pub can_reply: bool,
    pub notice: Option<String>,
    /// Themes in the comments: (name, how many in words, the comments' ids), largest first.
    pub themes: Vec<(String, String, Vec<i64>)>,
}

fn action_of(v: &SectionFeedbackView) -> String {
    format!("/admin/documents/{}/versions/{}/sections/{}/feedback", v.document_id, v.number, v.key)
}

/// The reply being written to one comment, when it needs fixing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reply: String,
}

#[component]
pub fn SectionFeedbackPage(
    view: SectionFeedbackView,
    csrf_token: String,
    /// The reply form being corrected: its target's key, and what was typed.
    editing: Option<(String, ReplyForm)>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let v = view;
    let action = action_of(&v);
    let themes = (!v.themes.is_empty()).then(|| {
        let (can_reply, token, action, editing, errors) = (v.can_reply, csrf_token.clone(), action.clone(), editing.clone(), errors.clone());
        view! {
            <h2 class="heading-m">"Themes in the comments"</h2>
            <p class="body">"Found by the same engine as the survey themes. A reply to a theme goes to every comment in it."</p>
            <ul class="list comments">
                {v.themes.into_iter().enumerate().map(|(i, (name, count, ids))| {
                    let target = ReplyTarget::Theme(i + 1, name.clone(), ids);
                    let mine = editing.as_ref().filter(|(k, _)| *k == target.key()).map(|(_, f)| f.clone());
                    let form_errors = if mine.is_some() { errors.clone() } else { Vec::new() };
                    view! {
                        <li class="comment">
                            <p class="body"><strong>{name}</strong>{format!(": {count}")}</p>
                            {can_reply.then(|| view! {
                                <ReplyFormView target=target action=action.clone() csrf_token=token.clone() form=mine.unwrap_or_default() errors=form_errors replied=false/>
                            })}
                        </li>
                    }
                    .into_any()
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let table = view! {
        <div class="table-wrapper" role="region" aria-labelledby="feedback-caption" tabindex="0">
            <table class="table">
                <caption class="table__caption" id="feedback-caption">"How people feel about the section, by who they said they are"</caption>
                <thead><tr>
                    <th scope="col" class="table__header">"Who"</th>
                    {v.table.columns.into_iter().map(|c| view! { <th scope="col" class="table__header table__numeric">{c}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {v.table.rows.into_iter().map(|(group, cells)| view! {
                        <tr><th scope="row" class="table__header">{group}</th>
                        {cells.into_iter().map(|c| view! { <td class="table__cell table__numeric">{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    };
    let comments = if v.comments.is_empty() {
        view! { <p class="body">"No comments on this section yet."</p> }.into_any()
    } else {
        let (can_reply, token) = (v.can_reply, csrf_token);
        view! {
            <ol class="list comments">
                {v.comments.into_iter().map(|c| {
                    let editing = editing.as_ref().filter(|(key, _)| *key == c.id.to_string()).map(|(_, f)| f.clone());
                    let form_errors = if editing.is_some() { errors.clone() } else { Vec::new() };
                    let about = format!("From {}. {}. Sent {}", c.audience, c.reaction, c.sent_on);
                    let reply_form = (can_reply && !c.flagged).then(|| view! {
                        <ReplyFormView target=ReplyTarget::Comment(c.id) action=action.clone() csrf_token=token.clone() form=editing.clone().unwrap_or_else(|| ReplyForm {
                            kind: c.reply.as_ref().and_then(|(k, _, _)| REPLIES.iter().find(|(_, _, l)| l == k)).map(|(v, _, _)| v.to_string()).unwrap_or_default(),
                            reply: c.reply.as_ref().map(|(_, r, _)| r.clone()).unwrap_or_default(),
                        }) errors=form_errors replied=c.reply.is_some()/>
                    });
                    view! {
                        <li class="comment" id=format!("comment-{}", c.id)>
                            <p class="body-s">{about}{c.school.map(|s| format!(", for {s}"))}</p>
                            <blockquote class="quote"><p class="body">{c.comment}</p></blockquote>
                            {c.reply.map(|(kind, text, when)| view! { <p class="body"><strong>{format!("Replied {when}: {kind}. ")}</strong>{text}</p> })}
                            {c.flagged.then(|| view! { <p class="body">"With the safeguarding team: it is not shown to the public, and has no reply here."</p> })}
                            {reply_form}
                        </li>
                    }
                    .into_any()
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <a href=format!("/admin/documents/{}", v.document_id) class="back-link">"Back to the document"</a>
        {v.notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <ErrorSummary errors=errors.clone()/>
        <span class="caption-l">{format!("{}, version {}", v.document_title, v.number)}</span>
        <h1 class="heading-l">{v.heading}</h1>
        <p class="body">{v.people}</p>
        {table}
        {themes}
        <h2 class="heading-m">"Comments"</h2>
        <p class="body">"Your reply is shown to the person who wrote the comment on their own page, and to everyone under the section, with names and schools taken out of the comment."</p>
        {comments}
    }
}

/// What a reply form answers: one comment, or every comment in a theme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyTarget {
    Comment(i64),
    /// The theme's place in the list, its name and its comments' ids.
    Theme(usize, String, Vec<i64>),
}

impl ReplyTarget {
    /// What its fields' ids are made from: "12", or "theme-2".
    pub fn key(&self) -> String {
        match self {
            ReplyTarget::Comment(id) => id.to_string(),
            ReplyTarget::Theme(i, _, _) => format!("theme-{i}"),
        }
    }
}

#[component]
fn ReplyFormView(
    target: ReplyTarget,
    action: String,
    csrf_token: String,
    form: ReplyForm,
    errors: Vec<FieldError>,
    replied: bool,
) -> impl IntoView {
    let key = target.key();
    let (kind_id, reply_id) = (format!("kind-{key}"), format!("reply-{key}"));
    let (summary, about, hidden) = match &target {
        ReplyTarget::Comment(id) => {
            (if replied { "Change the reply" } else { "Reply" }.to_string(), format!(" to comment {id}"), ("comment", id.to_string()))
        }
        ReplyTarget::Theme(_, name, ids) => (
            format!("Reply to all {} comments in this theme", ids.len()),
            format!(": {name}"),
            ("comments", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
        ),
    };
    let kind_error = error_for(&errors, &kind_id).map(str::to_owned);
    let reply_error = error_for(&errors, &reply_id).map(str::to_owned);
    let reply_class = if reply_error.is_some() { "textarea input--error" } else { "textarea" };
    view! {
        <details class="details" open=!errors.is_empty()>
            <summary class="details__summary"><span class="details__summary-text">{summary}<span class="visually-hidden">{about}</span></span></summary>
            <div class="details__text">
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    <input type="hidden" name=hidden.0 value=hidden.1/>
                    <div class=crate::fields::group_class(&kind_error)>
                        <fieldset class="fieldset" aria-describedby=crate::components::described_by(&kind_id, false, kind_error.is_some())>
                            <legend class="fieldset__legend label">"What did the council do?"</legend>
                            <ErrorMessage field=kind_id.clone() message=kind_error.clone()/>
                            <div class="choices">
                                {REPLIES.iter().enumerate().map(|(i, (value, words, _))| {
                                    let input_id = if i == 0 { kind_id.clone() } else { format!("{kind_id}-{value}") };
                                    view! {
                                        <div class="choice">
                                            <input class="choice__input" id=input_id.clone() name="kind" type="radio" value=*value checked=form.kind == *value/>
                                            <label class="choice__label" for=input_id><span class="choice__text">{*words}</span></label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <div class=crate::fields::group_class(&reply_error)>
                        <label class="label" for=reply_id.clone()>"The reply"</label>
                        <div class="hint" id=format!("{reply_id}-hint")>"In plain English: what changed, or why not."</div>
                        <ErrorMessage field=reply_id.clone() message=reply_error.clone()/>
                        <textarea class=reply_class id=reply_id.clone() name="reply" rows="3" aria-describedby=crate::components::described_by(&reply_id, true, reply_error.is_some())>{form.reply}</textarea>
                    </div>
                    <button type="submit" class="button">"Save the reply"</button>
                </form>
            </div>
        </details>
    }
    .into_any()
}
