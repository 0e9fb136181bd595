//! Having a say on a document without an account: a section to a page, with faces for how you
//! feel, "I don't understand", a comment and, for a school, its access code; your own page (a
//! secret link, only its hash kept) where the council's reply appears; and the staff page where a
//! section's feedback is counted by group, read and replied to.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::documents::queries::{self, DocumentRecord, FeedbackRecord, NewFeedback, VersionRecord};
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::results::deidentify::{Reading, Redactor};
use crate::results::figures::Disclosure;
use crate::web::codes;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::limits::{self, Client};
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::documents::{DocSection, VersionFeedback};
use app::pages::feedback::{
    reaction_label, reply_label, FeedbackForm, FeedbackTable, OwnFeedback, OwnFeedbackPage, PublicReply, ReplyForm, SectionFeedbackPage,
    SectionFeedbackView, SectionPage, SectionView, StaffComment, AUDIENCES, REACTIONS, REPLIES,
};
use app::survey::Audience;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/e/{slug}/documents/{document}/sections/{key}", get(section).post(send))
        .route("/feedback/{token}", get(own))
        .route("/admin/documents/{id}/versions/{number}/sections/{key}/feedback", get(staff_section).post(reply))
}

/// Comments are kept to this many characters.
const COMMENT_LIMIT: usize = 2_000;

fn sections_of(json: &str) -> AppResult<Vec<DocSection>> {
    serde_json::from_str(json).map_err(|e| AppError::Internal(e.into()))
}

/// A public engagement's document and its latest version, with the one before it.
async fn published(
    state: &AppState,
    slug: &str,
    document: &str,
) -> AppResult<(EngagementRecord, DocumentRecord, VersionRecord, Option<VersionRecord>)> {
    let e = engagements::find_by_slug(&state.db, slug).await?.filter(|e| e.state != "draft").ok_or(AppError::NotFound)?;
    let d = queries::find_by_slug(&state.db, e.id, document).await?.ok_or(AppError::NotFound)?;
    let mut versions = queries::versions(&state.db, d.id).await?.into_iter();
    let latest = versions.next().ok_or(AppError::NotFound)?;
    Ok((e, d, latest, versions.next()))
}

/// The section page's contents, for the latest version.
async fn section_view(state: &AppState, slug: &str, document: &str, key: &str, headers: &HeaderMap) -> AppResult<SectionView> {
    let (e, d, v, before) = published(state, slug, document).await?;
    let member = crate::group::routes::member_here(state, headers, e.id).await?.map(|m| (m.id, m.name));
    let sections = sections_of(&v.sections)?;
    let at = sections.iter().position(|s| s.key == key).ok_or(AppError::NotFound)?;
    let change = match before.map(|b| sections_of(&b.sections)).transpose()? {
        None => None,
        Some(previous) => match previous.iter().find(|p| p.key == key) {
            None => Some(format!("New in version {}", v.number)),
            Some(p) if !p.reads_as(&sections[at]) => Some(format!("Changed in version {}", v.number)),
            Some(_) => None,
        },
    };
    let names = crate::schools::queries::names(&state.db).await?;
    let public = Reading::Guarded(std::sync::Arc::new(Redactor::new(names)));
    let replies = queries::replied_in_document(&state.db, d.id, key)
        .await?
        .into_iter()
        .map(|(number, f)| PublicReply {
            version: number,
            comment: public.text(&f.comment, false),
            kind: reply_label(f.reply_kind.as_deref().unwrap_or_default()).to_string(),
            reply: f.reply.clone(),
        })
        .collect();
    let why = match change {
        Some(_) => Some(crate::documents::routes::why_changed(state, d.id, &sections[at]).await?),
        None => None,
    };
    let neighbour = |i: usize| sections.get(i).map(|s| (s.key.clone(), s.heading.clone()));
    let answered = &sections[at].answers;
    let answers = if answered.is_empty() {
        vec![]
    } else {
        queries::you_said_published(&state.db)
            .await?
            .into_iter()
            .filter(|(id, _, _, _)| answered.contains(id))
            .map(|(_, _, said, did)| (said, did))
            .collect()
    };
    Ok(SectionView {
        engagement_slug: e.slug,
        engagement_title: e.title,
        document_slug: d.slug,
        document_title: d.title,
        number: v.number,
        position: at + 1,
        of: sections.len(),
        previous: at.checked_sub(1).and_then(neighbour),
        next: neighbour(at + 1),
        section: sections[at].clone(),
        change,
        easy_read_first: crate::web::prefs::current().easy_read,
        replies,
        open: v.final_version == 0,
        member,
        answers,
        why,
        workshops: crate::documents::sign_off::workshops_about(
            &queries::workshops(&state.db, d.id).await?,
            key,
            Disclosure::shared(e.suppression_threshold),
        ),
    })
}

/// The section page, never kept by the browser: its form holds a new secret each time.
fn section_page(status: StatusCode, view: SectionView, form: FeedbackForm, errors: Vec<FieldError>, wait: Option<String>) -> Response {
    let title = if errors.is_empty() && wait.is_none() { view.section.heading.clone() } else { format!("Error: {}", view.section.heading) };
    let html = page(&title, None, true, move || view! { <SectionPage view=view form=form errors=errors wait=wait/> });
    (status, [(header::CACHE_CONTROL, "no-store")], html).into_response()
}

async fn section(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((slug, document, key)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let view = section_view(&state, &slug, &document, &key, &headers).await?;
    let form = FeedbackForm { link: codes::secret_token(), ..FeedbackForm::default() };
    Ok(section_page(StatusCode::OK, view, form, vec![], None))
}

/// What was sent, checked: (reaction, unclear, comment, audience, school), or what to fix.
async fn read_form(
    state: &AppState,
    form: &FeedbackForm,
) -> AppResult<Result<(Option<&'static str>, bool, String, String, Option<i64>), Vec<FieldError>>> {
    let mut errors = Vec::new();
    let reaction = REACTIONS.iter().find(|(v, _, _)| *v == form.reaction).map(|(v, _, _)| *v);
    let unclear = form.unclear.is_some();
    let comment = form.comment.trim().replace("\r\n", "\n").replace('\0', "");
    if reaction.is_none() && !unclear && comment.is_empty() {
        errors.push(FieldError::new(
            "reaction",
            "Choose how you feel about this section, tick that you don't understand it, or write a comment",
        ));
    }
    if comment.chars().count() > COMMENT_LIMIT {
        errors.push(FieldError::new("comment", "Your comment must be 2,000 characters or fewer"));
    }
    let mut audience = AUDIENCES.iter().find(|(v, _)| *v == form.audience).map_or(String::new(), |(v, _)| v.to_string());
    let mut school = None;
    if !form.code.trim().is_empty() {
        match codes::normalise_code(&form.code) {
            None => errors
                .push(FieldError::new("code", "Enter the access code as it is on the letter: 10 letters and numbers, like HXT4-9KMA-QF")),
            Some(code) => match crate::schools::queries::find_code(&state.db, &code).await? {
                None => errors.push(FieldError::new("code", "No school has that access code: check it against the letter")),
                Some((_, school_id)) => {
                    school = Some(school_id);
                    audience = "schools".into();
                }
            },
        }
    }
    Ok(if errors.is_empty() { Ok((reaction, unclear, comment, audience, school)) } else { Err(errors) })
}

async fn send(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    Path((slug, document, key)): Path<(String, String, String)>,
    Form(mut form): Form<FeedbackForm>,
) -> AppResult<Response> {
    let view = section_view(&state, &slug, &document, &key, &headers).await?;
    if !view.open {
        return Err(AppError::BadRequest("This is the final version: comments on it are closed."));
    }
    // A form without its secret (an old page, or made by hand) gets a new one.
    if form.link.len() < 40 {
        form.link = codes::secret_token();
    }
    let (reaction, unclear, comment, audience, school_id) = match read_form(&state, &form).await? {
        Ok(read) => read,
        Err(errors) => return Ok(section_page(StatusCode::UNPROCESSABLE_ENTITY, view, form, errors, None)),
    };
    if let Err(wait) = limits::allow(&state.db, limits::DOCUMENT_FEEDBACK, &client, crate::db::now_ms()).await? {
        tracing::warn!("document feedback refused: too many from one place");
        let message = format!(
            "A lot of comments have come from where you are in the last hour, so this one was not sent. Try again in {}: what you wrote is still here.",
            crate::accounts::throttle::minutes(wait)
        );
        return Ok(limits::refused(section_page(StatusCode::TOO_MANY_REQUESTS, view, form, vec![], Some(message)), wait));
    }
    let (_, d, v, _) = published(&state, &slug, &document).await?;
    let flagged = crate::safeguarding::harm::may_disclose_harm(&comment);
    let kept = queries::add_feedback(
        &state.db,
        NewFeedback {
            version_id: v.id,
            section_key: &key,
            reaction,
            unclear,
            comment: &comment,
            audience: &audience,
            school_id,
            flagged,
            link_hash: &codes::hash_secret(&form.link),
            sent_on: crate::db::day_of(crate::db::now()),
            member_id: view.member.as_ref().map(|(id, _)| *id),
        },
    )
    .await?;
    if kept.is_some() {
        tracing::info!(document = d.id, version = v.number, section = %key, flagged, "document feedback kept");
    }
    Ok(Redirect::to(&format!("/feedback/{}?sent=1", form.link)).into_response())
}

#[derive(Deserialize, Default)]
struct SentQuery {
    sent: Option<String>,
}

/// A person's own page: what they said, and the council's reply once given.
async fn own(State(state): State<AppState>, Path(token): Path<String>, Query(query): Query<SentQuery>) -> AppResult<Html<String>> {
    let (f, place) = queries::feedback_by_link(&state.db, &codes::hash_secret(&token)).await?.ok_or(AppError::NotFound)?;
    let heading = sections_of(&place.sections)?.into_iter().find(|s| s.key == f.section_key).map_or_else(String::new, |s| s.heading);
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let own = OwnFeedback {
        section_href: format!("/e/{}/documents/{}/sections/{}", place.engagement_slug, place.document_slug, f.section_key),
        engagement_slug: place.engagement_slug,
        engagement_title: place.engagement_title,
        document_title: place.document_title,
        heading,
        number: place.number,
        sent_on: crate::db::date_in_words(f.sent_on),
        reaction: f.reaction.as_deref().and_then(|r| REACTIONS.iter().find(|(v, _, _)| *v == r)).map(|(_, words, _)| words.to_string()),
        unclear: f.unclear != 0,
        comment: f.comment,
        school: f.school,
        reply: f
            .reply_kind
            .as_deref()
            .map(|k| (reply_label(k).to_string(), f.reply.clone(), f.replied_at.map(crate::db::date_in_words).unwrap_or_default())),
        address: format!("{base}/feedback/{token}"),
        just_sent: query.sent.is_some(),
    };
    let title = if own.just_sent { "Thank you" } else { "What you said, and the reply" };
    Ok(page(title, None, false, move || view! { <OwnFeedbackPage own=own/> }))
}

/// A group's name as the table reads it.
fn group_name(audience: &str) -> String {
    match audience {
        "young_people" => crate::web::capitalised(Audience::YoungPeople.noun()),
        "parents_carers" => crate::web::capitalised(Audience::ParentsCarers.noun()),
        "schools" => crate::web::capitalised(Audience::Schools.noun()),
        "other" => "Someone else".into(),
        _ => "Did not say".into(),
    }
}

const GROUPS: [&str; 5] = ["young_people", "parents_carers", "schools", "other", ""];

/// The feedback on a section counted by group: support, not sure, against, no view given, in
/// all, and "did not understand"; every count under the threshold hidden for `who`, and
/// whatever would let it be worked out by subtraction.
fn feedback_table(feedback: &[FeedbackRecord], who: Disclosure) -> (FeedbackTable, i64) {
    let reactions = ["support", "not_sure", "against", ""];
    let mut grid = vec![vec![0i64; reactions.len()]; GROUPS.len()];
    let mut unclear = vec![0i64; GROUPS.len()];
    for f in feedback {
        let g = GROUPS.iter().position(|a| *a == f.audience).unwrap_or(GROUPS.len() - 1);
        let r = reactions.iter().position(|r| Some(*r) == f.reaction.as_deref()).unwrap_or(reactions.len() - 1);
        grid[g][r] += 1;
        unclear[g] += f.unclear;
    }
    let totals: Vec<i64> = grid.iter().map(|row| row.iter().sum()).collect();
    let everyone: i64 = totals.iter().sum();
    // Each row adds up to its group's total, each column to everyone's count for that reaction,
    // and the totals to everyone: one grid with the totals as its last column and row.
    let mut full: Vec<Vec<i64>> = grid.iter().zip(&totals).map(|(row, t)| row.iter().copied().chain([*t]).collect()).collect();
    let column_totals: Vec<i64> = (0..=reactions.len()).map(|c| full.iter().map(|row| row[c]).sum()).collect();
    full.push(column_totals);
    let shown = who.grid(&full);
    let unclear_total: i64 = unclear.iter().sum();
    let unclear_shown = who.parts(&unclear);
    let mut rows = Vec::new();
    for (g, audience) in GROUPS.iter().enumerate() {
        if totals[g] == 0 {
            continue;
        }
        let mut cells: Vec<String> = full[g].iter().zip(&shown[g]).map(|(&n, &s)| who.part(n, s)).collect();
        cells.push(who.part(unclear[g], unclear_shown[g]));
        rows.push((group_name(audience), cells));
    }
    let last = full.len() - 1;
    let mut cells: Vec<String> = full[last].iter().zip(&shown[last]).map(|(&n, &s)| who.part(n, s)).collect();
    cells.push(who.count(unclear_total));
    rows.push(("Everyone".to_string(), cells));
    let columns = ["Support", "Not sure", "Against", "No view given", "In all", "Did not understand"].map(String::from).to_vec();
    (FeedbackTable { columns, rows }, everyone)
}

/// What people said about each section of a version, in words, for the document's staff page:
/// "14 people; 3 comments, 1 replied to; 2 did not understand it".
pub async fn summary(state: &AppState, v: &VersionRecord, threshold: i64, role: crate::domain::Role) -> AppResult<VersionFeedback> {
    let who = Disclosure::for_role(threshold, role);
    let counts = queries::feedback_counts(&state.db, v.id).await?;
    let comments = queries::comment_counts(&state.db, v.id).await?;
    let sections = sections_of(&v.sections)?
        .into_iter()
        .map(|s| {
            let of_section = counts.iter().filter(|c| c.0 == s.key);
            let people: i64 = of_section.clone().map(|c| c.4).sum();
            let unclear: i64 = of_section.filter(|c| c.3 != 0).map(|c| c.4).sum();
            let (written, replied) = comments.iter().find(|c| c.0 == s.key).map_or((0, 0), |c| (c.1, c.2));
            let said = if people == 0 {
                "nothing yet".to_string()
            } else {
                let mut parts = vec![in_words(who, people, "person", "people")];
                if written > 0 {
                    parts.push(format!("{}, {} replied to", in_words(who, written, "comment", "comments"), who.count(replied)));
                }
                if unclear > 0 {
                    parts.push(format!("{} did not understand it", who.count(unclear)));
                }
                parts.join("; ")
            };
            (s.key, s.heading, said)
        })
        .collect();
    Ok(VersionFeedback { number: v.number, sections })
}

/// "1 person", "14 people", "fewer than 5 people".
fn in_words(who: Disclosure, n: i64, one: &str, many: &str) -> String {
    if n == 1 && who.shows(1) {
        format!("1 {one}")
    } else {
        format!("{} {many}", who.count(n))
    }
}

/// Fewer comments than this are read one by one, not themed.
const FEWEST_THEMED: usize = 6;

/// The comments on a section put into themes by the theme engine, largest first: (name, the
/// comments' ids). Comments with the safeguarding team are left out, so nothing of them shows in
/// a theme's name.
async fn comment_themes(feedback: &[FeedbackRecord]) -> anyhow::Result<Vec<(String, Vec<i64>)>> {
    let comments: Vec<(i64, String)> =
        feedback.iter().filter(|f| !f.comment.is_empty() && f.safeguarding_flag == 0).map(|f| (f.id, f.comment.clone())).collect();
    if comments.len() < FEWEST_THEMED {
        return Ok(vec![]);
    }
    let themes = tokio::task::spawn_blocking(move || {
        let texts: Vec<&str> = comments.iter().map(|(_, t)| t.as_str()).collect();
        let vectors = crate::themes::vectors::embedder().vectors(&texts);
        let analysis = chorus_themes::analyse(&texts, &vectors, None);
        let mut themes: Vec<(String, Vec<i64>)> = analysis
            .themes
            .iter()
            .filter(|t| !t.members.is_empty())
            .map(|t| (t.label.clone(), t.members.iter().map(|&i| comments[i].0).collect()))
            .collect();
        themes.sort_by_key(|(_, members)| std::cmp::Reverse(members.len()));
        themes
    })
    .await?;
    Ok(themes)
}

/// A document's version by number, with the document and its engagement.
async fn version_of(state: &AppState, id: i64, number: i64) -> AppResult<(DocumentRecord, EngagementRecord, VersionRecord)> {
    let d = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_id(&state.db, d.engagement_id).await?.ok_or(AppError::NotFound)?;
    let v = queries::versions(&state.db, d.id).await?.into_iter().find(|v| v.number == number).ok_or(AppError::NotFound)?;
    Ok((d, e, v))
}

async fn staff_view(
    state: &AppState,
    staff: &Staff,
    id: i64,
    number: i64,
    key: &str,
    notice: Option<String>,
) -> AppResult<SectionFeedbackView> {
    let (d, e, v) = version_of(state, id, number).await?;
    let section = sections_of(&v.sections)?.into_iter().find(|s| s.key == key).ok_or(AppError::NotFound)?;
    let feedback = queries::section_feedback(&state.db, v.id, key).await?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let (table, everyone) = feedback_table(&feedback, who);
    let themes = comment_themes(&feedback)
        .await?
        .into_iter()
        .map(|(name, ids)| {
            let n = ids.len() as i64;
            (name, in_words(who, n, "comment", "comments"), ids)
        })
        .collect();
    let reading = Reading::for_role(&state.db, staff.user.role()).await?;
    let comments = feedback
        .into_iter()
        .filter(|f| !f.comment.is_empty())
        .map(|f| StaffComment {
            id: f.id,
            comment: reading.text(&f.comment, f.safeguarding_flag != 0),
            reaction: reaction_label(f.reaction.as_deref().unwrap_or("")),
            audience: match f.audience.as_str() {
                "" => "someone who did not say who they are".into(),
                "other" => "someone else".into(),
                group => Audience::from_stored(group).noun().into(),
            },
            school: f.school.filter(|_| reading.is_full()),
            sent_on: crate::db::date_in_words(f.sent_on),
            reply: f
                .reply_kind
                .as_deref()
                .map(|k| (reply_label(k).to_string(), f.reply.clone(), f.replied_at.map(crate::db::date_in_words).unwrap_or_default())),
            flagged: f.safeguarding_flag != 0,
        })
        .collect();
    let people = match everyone {
        0 => "Nobody has said anything about this section yet.".to_string(),
        n => {
            let have = if n == 1 && who.shows(1) { "has" } else { "have" };
            format!("{} {have} said something about this section.", crate::web::capitalised(&in_words(who, n, "person", "people")))
        }
    };
    Ok(SectionFeedbackView {
        document_id: d.id,
        document_title: d.title,
        number: v.number,
        key: key.to_owned(),
        heading: section.heading,
        people,
        table,
        comments,
        can_reply: staff.can(Permission::EditEngagements),
        notice,
        themes,
    })
}

fn staff_page(staff: &Staff, view: SectionFeedbackView, editing: Option<(String, ReplyForm)>, errors: Vec<FieldError>) -> Response {
    let (title, token, problem) = (format!("What people said: {}", view.heading), staff.csrf_token.clone(), !errors.is_empty());
    form_page(&title, problem, Some(staff.badge()), move || {
        view! { <SectionFeedbackPage view=view csrf_token=token editing=editing errors=errors/> }
    })
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn staff_section(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, number, key)): Path<(i64, i64, String)>,
    Query(query): Query<DoneQuery>,
) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let notice = match query.done.as_deref() {
        Some("reply") => Some("The reply is saved. The person who wrote the comment sees it on their own page.".to_string()),
        Some("theme") => {
            Some("The reply is saved on every comment in the theme. Each person who wrote one sees it on their own page.".to_string())
        }
        _ => None,
    };
    let view = staff_view(&state, &staff, id, number, &key, notice).await?;
    tracing::info!(user_id = staff.user.id, document = id, version = number, section = %key, "document feedback read");
    Ok(staff_page(&staff, view, None, vec![]))
}

#[derive(Deserialize)]
struct ReplyInput {
    #[serde(default)]
    csrf_token: String,
    /// One comment's id…
    #[serde(default)]
    comment: i64,
    /// …or a theme's comments' ids, separated by commas.
    #[serde(default)]
    comments: String,
    #[serde(flatten)]
    form: ReplyForm,
}

async fn reply(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, number, key)): Path<(i64, i64, String)>,
    Form(input): Form<ReplyInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (_, _, v) = version_of(&state, id, number).await?;
    let on_section = queries::section_feedback(&state.db, v.id, &key).await?;
    // The comments replied to, and the key of the form's fields.
    let (targets, form_key): (Vec<&FeedbackRecord>, String) = if input.comments.is_empty() {
        let one = on_section.iter().find(|f| f.id == input.comment && !f.comment.is_empty()).ok_or(AppError::NotFound)?;
        (vec![one], one.id.to_string())
    } else {
        let ids: Vec<i64> = input
            .comments
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::BadRequest("That list of comments could not be read."))?;
        let themed: Vec<&FeedbackRecord> = on_section.iter().filter(|f| ids.contains(&f.id) && !f.comment.is_empty()).collect();
        if themed.len() != ids.len() {
            return Err(AppError::NotFound);
        }
        // The theme's place on the page, for its form's fields.
        let view = staff_view(&state, &staff, id, number, &key, None).await?;
        let place = view.themes.iter().position(|(_, _, members)| *members == ids).map_or(0, |i| i + 1);
        (themed, format!("theme-{place}"))
    };
    if targets.iter().any(|f| f.safeguarding_flag != 0) {
        return Err(AppError::BadRequest("That comment is with the safeguarding team."));
    }
    let text = input.form.reply.trim().to_owned();
    let mut errors = Vec::new();
    if !REPLIES.iter().any(|(v, _, _)| *v == input.form.kind) {
        errors.push(FieldError::new(format!("kind-{form_key}"), "Choose what the council did"));
    }
    if text.is_empty() {
        errors.push(FieldError::new(format!("reply-{form_key}"), "Write the reply"));
    } else if text.chars().count() > COMMENT_LIMIT {
        errors.push(FieldError::new(format!("reply-{form_key}"), "The reply must be 2,000 characters or fewer"));
    }
    if !errors.is_empty() {
        let view = staff_view(&state, &staff, id, number, &key, None).await?;
        return Ok(staff_page(&staff, view, Some((form_key, input.form)), errors));
    }
    let now = crate::db::now();
    for f in &targets {
        queries::reply(&state.db, f.id, v.id, &input.form.kind, &text, Some(staff.user.id), now).await?;
    }
    tracing::info!(user_id = staff.user.id, document = id, version = number, section = %key, comments = targets.len(), "comments replied to");
    let done = if input.comments.is_empty() { format!("reply#comment-{form_key}") } else { "theme".to_string() };
    Ok(Redirect::to(&format!("/admin/documents/{id}/versions/{number}/sections/{key}/feedback?done={done}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(audience: &str, reaction: Option<&str>, unclear: bool) -> FeedbackRecord {
        FeedbackRecord {
            id: 0,
            version_id: 1,
            section_key: "aims".into(),
            reaction: reaction.map(str::to_owned),
            unclear: i64::from(unclear),
            comment: String::new(),
            audience: audience.into(),
            school: None,
            safeguarding_flag: 0,
            sent_on: 0,
            reply_kind: None,
            reply: String::new(),
            replied_at: None,
        }
    }

    #[test]
    fn counts_by_group_hide_small_numbers_and_what_would_give_them_away() {
        let mut feedback = Vec::new();
        feedback.extend((0..12).map(|_| said("parents_carers", Some("support"), false)));
        feedback.extend((0..6).map(|_| said("parents_carers", Some("against"), true)));
        feedback.extend((0..2).map(|_| said("young_people", Some("against"), true)));
        let (table, everyone) = feedback_table(&feedback, Disclosure::shared(5));
        assert_eq!(everyone, 20);
        let row = |name: &str| table.rows.iter().find(|(g, _)| g == name).map(|(_, c)| c.clone()).unwrap();
        let young = row("Young people");
        assert_eq!(young[2], "fewer than 5", "two young people against");
        assert_eq!(young[4], "fewer than 5", "and so their total");
        let parents = row("Parents and carers");
        assert_eq!(parents[0], "12");
        // Against: parents' 6 and everyone's 8 would give the young people's 2 away.
        let everyone_row = row("Everyone");
        assert!(parents[2] == "not shown" || everyone_row[2] == "not shown", "{parents:?} {everyone_row:?}");
        assert_eq!(everyone_row[4], "20");
        assert_eq!(young[5], "fewer than 5");
        assert_eq!(parents[5], "not shown", "did not understand: 6 beside 2 would give the 2 away");
        let exact = feedback_table(&feedback, Disclosure { threshold: 5, exact: true }).0;
        assert_eq!(exact.rows[0].1, ["0", "0", "2", "0", "2", "2"], "administrators see exact counts");
        assert!(!table.rows.iter().any(|(g, _)| g == "Schools and settings"), "groups nobody spoke for are left out");
    }
}
