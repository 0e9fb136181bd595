//! The pages for writing a document in sections and publishing it version by version, and the
//! public page a version is read on.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::documents::queries::{self, DocumentRecord};
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::documents::{
    DocSection, DocumentPage, DocumentRow, DocumentView, DocumentsPage, PublicDocument, PublicDocumentPage, PublicSection,
    PublishVersionPage, SectionChoices, SectionFormPage, SectionFormValues, SectionTheme, VersionRow, WhyChanged,
};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/engagements/{slug}/documents", get(list).post(start))
        .route("/admin/documents/{id}", get(show))
        .route("/admin/documents/{id}/sections/new", get(new_section).post(add_section))
        .route("/admin/documents/{id}/sections/{key}/edit", get(edit_section).post(save_section))
        .route("/admin/documents/{id}/sections/{key}/move", post(move_section))
        .route("/admin/documents/{id}/open", get(publish_form).post(publish))
        .route("/e/{slug}/documents/{document}", get(public_page))
}

fn sections_of(json: &str) -> AppResult<Vec<DocSection>> {
    serde_json::from_str(json).map_err(|e| AppError::Internal(e.into()))
}

fn json_of(sections: &[DocSection]) -> AppResult<String> {
    serde_json::to_string(sections).map_err(|e| AppError::Internal(e.into()))
}

async fn engagement(state: &AppState, slug: &str) -> AppResult<EngagementRecord> {
    engagements::find_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

/// A document and its engagement.
async fn document(state: &AppState, id: i64) -> AppResult<(DocumentRecord, EngagementRecord)> {
    let d = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_id(&state.db, d.engagement_id).await?.ok_or(AppError::NotFound)?;
    Ok((d, e))
}

async fn list_page(state: &AppState, staff: &Staff, e: &EngagementRecord, title: String, error: Option<String>) -> AppResult<Response> {
    let documents = queries::list(&state.db, e.id)
        .await?
        .into_iter()
        .map(|(d, latest)| DocumentRow {
            id: d.id,
            sections: sections_of(&d.draft).map(|s| s.len()).unwrap_or(0),
            stage: if latest == 0 { "being written".into() } else { format!("version {latest} published") },
            title: d.title,
        })
        .collect();
    let (slug, engagement_title, can_edit, token, problem) =
        (e.slug.clone(), e.title.clone(), staff.can(Permission::EditEngagements), staff.csrf_token.clone(), error.is_some());
    Ok(form_page(&format!("Documents: {}", e.title), problem, Some(staff.badge()), move || {
        view! { <DocumentsPage slug=slug engagement_title=engagement_title documents=documents can_edit=can_edit csrf_token=token title=title error=error/> }
    }))
}

async fn list(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let e = engagement(&state, &slug).await?;
    list_page(&state, &staff, &e, String::new(), None).await
}

#[derive(Deserialize)]
struct StartInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    title: String,
}

async fn start(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<StartInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagement(&state, &slug).await?;
    let title = input.title.trim();
    let problem = if title.is_empty() {
        Some("Enter the document's title")
    } else if title.chars().count() > 150 {
        Some("The title must be 150 characters or fewer")
    } else if crate::surveys::profile::slugify(title).is_empty() {
        Some("The title must have at least one letter or number")
    } else {
        None
    };
    if let Some(problem) = problem {
        return list_page(&state, &staff, &e, input.title, Some(problem.into())).await;
    }
    let id = queries::insert(&state.db, e.id, &crate::surveys::profile::slugify(title), title, crate::db::now()).await?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, document = id, "document started");
    Ok(Redirect::to(&format!("/admin/documents/{id}")).into_response())
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn show(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(query): Query<DoneQuery>) -> AppResult<Html<String>> {
    staff.require(Permission::ViewEngagements)?;
    let (d, e) = document(&state, id).await?;
    let sections = sections_of(&d.draft)?;
    let versions = queries::versions(&state.db, d.id).await?;
    let changed = match versions.first() {
        Some(v) => !reads_the_same(&sections_of(&v.sections)?, &sections),
        None => true,
    };
    let final_number = versions.first().filter(|v| v.final_version != 0).map(|v| v.number);
    let approvals = match versions.first().filter(|v| v.final_version != 0) {
        Some(v) => {
            queries::approvals(&state.db, v.id).await?.into_iter().map(|(b, day, n)| (b, crate::db::date_in_words(day), n)).collect()
        }
        None => vec![],
    };
    let workshops =
        queries::workshops(&state.db, d.id).await?.into_iter().map(|w| (crate::db::date_in_words(w.held_on), w.title)).collect();
    let feedback = match versions.first() {
        Some(v) if staff.can(Permission::SeeResults) => {
            Some(crate::documents::feedback::summary(&state, v, e.suppression_threshold, staff.user.role()).await?)
        }
        _ => None,
    };
    let notice = match query.done.as_deref() {
        Some("saved") => Some("The section is saved. Readers see it once the next version is published.".to_string()),
        Some("published") => versions.first().map(|v| format!("Version {} is published.", v.number)),
        Some("workshop") => Some("The workshop is recorded. Everyone sees it under the sections it discussed.".to_string()),
        Some("approval") => Some("The approval is recorded. Everyone sees it on the final version.".to_string()),
        _ => None,
    };
    let view = DocumentView {
        id: d.id,
        public_href: (!versions.is_empty() && e.state != "draft").then(|| format!("/e/{}/documents/{}", e.slug, d.slug)),
        engagement_slug: e.slug,
        engagement_title: e.title,
        title: d.title.clone(),
        sections,
        changed,
        versions: versions
            .into_iter()
            .map(|v| VersionRow { number: v.number, opened: crate::db::date_in_words(v.opened_at), note: v.note })
            .collect(),
        can_edit: staff.can(Permission::EditEngagements),
        notice,
        feedback,
        workshops,
        final_number,
        approvals,
    };
    let token = staff.csrf_token.clone();
    Ok(page(&d.title, Some(staff.badge()), false, move || view! { <DocumentPage view=view csrf_token=token/> }))
}

/// The "You said, we did" entries a section may answer: (id, what people said, with where).
async fn answer_choices(state: &AppState) -> AppResult<Vec<(i64, String)>> {
    Ok(queries::you_said_published(&state.db)
        .await?
        .into_iter()
        .map(|(id, engagement, said, _)| (id, format!("{engagement}: \u{201c}{said}\u{201d}")))
        .collect())
}

/// Who said a comment, in a few words.
fn said_by(audience: &str) -> &'static str {
    match app::survey::Audience::from_stored(audience) {
        app::survey::Audience::YoungPeople => "a young person",
        app::survey::Audience::ParentsCarers => "a parent or carer",
        app::survey::Audience::Schools => "a school",
        app::survey::Audience::Other => "someone",
    }
}

/// What a section may be linked to. `kept` is the section as it is now, whose links stay
/// choosable even if their theme has since been found again under another name; `key` is
/// the section's, once it has one.
/// The themes come back a second time as they are kept, in the same order as the form's.
async fn section_choices(
    state: &AppState,
    d: &DocumentRecord,
    key: Option<&str>,
    kept: Option<&DocSection>,
) -> AppResult<(SectionChoices, Vec<SectionTheme>)> {
    let mut found: Vec<SectionTheme> = queries::theme_names(&state.db)
        .await?
        .into_iter()
        .map(|(engagement_id, engagement, label)| SectionTheme { engagement_id, engagement, label })
        .collect();
    let mut themes: Vec<(String, String)> = found.iter().map(|t| (t.value(), format!("{} ({})", t.label, t.engagement))).collect();
    // The outcomes of the framework, in its order.
    let mut outcomes: Vec<String> = crate::outcomes::queries::framework(&state.db).await?.into_iter().map(|o| o.statement).collect();
    if let Some(kept) = kept {
        for t in &kept.themes {
            if !found.contains(t) {
                themes.push((t.value(), format!("{} ({}; no longer found under this name)", t.label, t.engagement)));
                found.push(t.clone());
            }
        }
        for o in &kept.outcomes {
            if !outcomes.contains(o) {
                outcomes.push(o.clone());
            }
        }
    }
    let latest = queries::latest_version(&state.db, d.id).await?;
    let since = match (latest, key) {
        (Some(v), Some(key)) if sections_of(&v.sections)?.iter().any(|s| s.key == key) => {
            // Those the council replied to as having changed the section, alone or in a theme,
            // and any already chosen.
            let chosen = kept.map(|k| k.because.as_slice()).unwrap_or_default();
            let comments = queries::section_comments(&state.db, d.id, key)
                .await?
                .into_iter()
                .filter(|(id, .., reply)| reply.as_deref() == Some("changed") || chosen.contains(id))
                .map(|(id, number, audience, comment, _)| {
                    (id, format!("Version {number}, {}: \u{201c}{comment}\u{201d}", said_by(&audience)))
                })
                .collect();
            Some((v.number, comments))
        }
        _ => None,
    };
    Ok((SectionChoices { answers: answer_choices(state).await?, themes, outcomes, since }, found))
}

/// The section form, for a new section or a change to one.
async fn section_form(
    state: &AppState,
    staff: &Staff,
    d: &DocumentRecord,
    key: Option<&str>,
    values: SectionFormValues,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let kept = match key {
        Some(key) => sections_of(&d.draft)?.into_iter().find(|s| s.key == key),
        None => None,
    };
    let (choices, _) = section_choices(state, d, key, kept.as_ref()).await?;
    let symbols: Vec<(String, String)> = crate::surveys::symbols::SYMBOLS.iter().map(|s| (s.src(), s.name.to_string())).collect();
    let (heading, action) = match key {
        Some(key) => ("Change a section", format!("/admin/documents/{}/sections/{key}/edit", d.id)),
        None => ("Add a section", format!("/admin/documents/{}/sections/new", d.id)),
    };
    let (document_title, back_href, token, problem) =
        (d.title.clone(), format!("/admin/documents/{}", d.id), staff.csrf_token.clone(), !errors.is_empty());
    Ok(form_page(heading, problem, Some(staff.badge()), move || {
        view! { <SectionFormPage heading=heading.to_string() document_title=document_title action=action back_href=back_href csrf_token=token values=values choices=choices symbols=symbols errors=errors/> }
    }))
}

/// The section form as posted: its token and fields, the ticked entries arriving as repeated fields.
struct SectionInput {
    csrf_token: String,
    values: SectionFormValues,
    /// Ticked entries or comments that are not whole numbers: a form made by hand.
    bad_numbers: bool,
}

impl SectionInput {
    fn read(pairs: Vec<(String, String)>) -> SectionInput {
        let mut input = SectionInput { csrf_token: String::new(), values: SectionFormValues::default(), bad_numbers: false };
        for (key, value) in pairs {
            match key.as_str() {
                "csrf_token" => input.csrf_token = value,
                "heading" => input.values.heading = value,
                "text" => input.values.text = value,
                "easy_read" => input.values.easy_read = value,
                "symbol" => input.values.symbol = value,
                "why" => input.values.why = value,
                "themes" => input.values.themes.push(value),
                "outcomes" => input.values.outcomes.push(value),
                "answers" | "because" => match value.parse() {
                    Ok(id) if key == "answers" => input.values.answers.push(id),
                    Ok(id) => input.values.because.push(id),
                    Err(_) => input.bad_numbers = true,
                },
                _ => {}
            }
        }
        input
    }
}

/// The longest note on why a section changed.
const WHY_LIMIT: usize = 1_000;

/// The section's links as posted, checked against what may be chosen: (answers, themes,
/// outcomes, why, because).
type Links = (Vec<i64>, Vec<SectionTheme>, Vec<String>, String, Vec<i64>);

fn read_links(input: &SectionInput, choices: &SectionChoices, found: &[SectionTheme]) -> Result<Links, Vec<FieldError>> {
    let v = &input.values;
    let mut errors = Vec::new();
    if input.bad_numbers || !v.answers.iter().all(|id| choices.answers.iter().any(|(c, _)| c == id)) {
        errors.push(FieldError::new("answers", "Choose entries from the list"));
    }
    let mut themes: Vec<SectionTheme> = Vec::new();
    for value in &v.themes {
        match found.iter().find(|t| t.value() == *value) {
            Some(t) if !themes.contains(t) => themes.push(t.clone()),
            Some(_) => {}
            None => {
                errors.push(FieldError::new(
                    "themes",
                    "A theme ticked is no longer there: the themes may have been found again. Tick them again",
                ));
                break;
            }
        }
    }
    if !v.outcomes.iter().all(|o| choices.outcomes.contains(o)) {
        errors.push(FieldError::new("outcomes", "Choose outcomes from the list"));
    }
    let comments: Vec<i64> = choices.since.as_ref().map(|(_, c)| c.iter().map(|(id, _)| *id).collect()).unwrap_or_default();
    if !v.because.iter().all(|id| comments.contains(id)) {
        errors.push(FieldError::new("because", "Choose comments from the list"));
    }
    let why = v.why.trim().replace("\r\n", "\n");
    if why.chars().count() > WHY_LIMIT {
        errors.push(FieldError::new("why", "Why it changed must be 1,000 characters or fewer"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut outcomes = v.outcomes.clone();
    outcomes.dedup();
    let mut because = v.because.clone();
    because.sort_unstable();
    because.dedup();
    let because = if choices.since.is_some() { because } else { vec![] };
    let why = if choices.since.is_some() { why } else { String::new() };
    Ok((v.answers.clone(), themes, outcomes, why, because))
}

/// Checks a section's fields; the heading, text and Easy Read lines as kept.
fn read_section(v: &SectionFormValues) -> Result<(String, String, Vec<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let heading = v.heading.trim().to_owned();
    if heading.is_empty() {
        errors.push(FieldError::new("heading", "Enter the section's heading"));
    } else if heading.chars().count() > 120 {
        errors.push(FieldError::new("heading", "The heading must be 120 characters or fewer"));
    }
    let text = v.text.trim().replace("\r\n", "\n");
    if text.is_empty() {
        errors.push(FieldError::new("text", "Enter what the section says"));
    } else if text.chars().count() > 10_000 {
        errors.push(FieldError::new("text", "What the section says must be 10,000 characters or fewer"));
    }
    let easy_read = match crate::engagements::form::easy_read_lines(&v.easy_read) {
        Ok(lines) => lines.lines().map(str::to_owned).collect(),
        Err(e) => {
            errors.push(FieldError::new("easy-read", e));
            Vec::new()
        }
    };
    if errors.is_empty() {
        Ok((heading, text, easy_read))
    } else {
        Err(errors)
    }
}

/// A key for a new section from its heading, unique in the document; it never changes after.
fn new_key(heading: &str, sections: &[DocSection]) -> String {
    let base: String = crate::surveys::profile::slugify(heading).chars().take(40).collect::<String>().trim_end_matches('-').to_owned();
    let base = if base.is_empty() { "section".to_owned() } else { base };
    let mut key = base.clone();
    let mut n = 2;
    while sections.iter().any(|s| s.key == key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// Saves the sections, or says that someone else changed the document first.
async fn save(state: &AppState, d: &DocumentRecord, sections: &[DocSection]) -> AppResult<bool> {
    Ok(queries::save_draft(&state.db, d.id, &d.draft, &json_of(sections)?, crate::db::now()).await?)
}

const CHANGED_MEANWHILE: &str = "Someone else changed the document while you were writing: check it and save again";

async fn new_section(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let (d, _) = document(&state, id).await?;
    section_form(&state, &staff, &d, None, SectionFormValues::default(), vec![]).await
}

/// The symbol chosen for a section's Easy Read, with its alt text.
fn read_symbol(src: &str) -> Result<Option<app::survey::Image>, FieldError> {
    if src.is_empty() {
        return Ok(None);
    }
    crate::surveys::symbols::by_src(src)
        .map(|s| Some(app::survey::Image { src: s.src(), alt: s.alt.to_string() }))
        .ok_or_else(|| FieldError::new("symbol", "Choose a symbol from the list"))
}

/// The section as posted, checked: a section with every field but its key. `key` and `kept`
/// are the section's own key and how it is now, when it is being changed.
async fn checked_section(
    state: &AppState,
    d: &DocumentRecord,
    input: &SectionInput,
    key: Option<&str>,
) -> AppResult<Result<DocSection, Vec<FieldError>>> {
    let kept = match key {
        Some(key) => sections_of(&d.draft)?.into_iter().find(|s| s.key == key),
        None => None,
    };
    let (choices, found) = section_choices(state, d, key, kept.as_ref()).await?;
    let section = read_section(&input.values);
    let links = read_links(input, &choices, &found);
    let symbol = read_symbol(&input.values.symbol);
    Ok(match (section, links, symbol) {
        (Ok((heading, text, easy_read)), Ok((answers, themes, outcomes, why, because)), Ok(symbol)) => {
            Ok(DocSection { key: String::new(), heading, text, easy_read, answers, symbol, themes, outcomes, why, because })
        }
        (section, links, symbol) => {
            Err(section.err().unwrap_or_default().into_iter().chain(links.err().unwrap_or_default()).chain(symbol.err()).collect())
        }
    })
}

async fn add_section(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = SectionInput::read(pairs);
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (d, _) = document(&state, id).await?;
    let mut section = match checked_section(&state, &d, &input, None).await? {
        Ok(s) => s,
        Err(errors) => return section_form(&state, &staff, &d, None, input.values, errors).await,
    };
    let mut sections = sections_of(&d.draft)?;
    if sections.len() >= 100 {
        let full = vec![FieldError::new("heading", "A document can have up to 100 sections")];
        return section_form(&state, &staff, &d, None, input.values, full).await;
    }
    section.key = new_key(&section.heading, &sections);
    sections.push(section);
    if !save(&state, &d, &sections).await? {
        return section_form(&state, &staff, &d, None, input.values, vec![FieldError::new("heading", CHANGED_MEANWHILE)]).await;
    }
    tracing::info!(user_id = staff.user.id, document = id, "document section added");
    Ok(Redirect::to(&format!("/admin/documents/{id}?done=saved")).into_response())
}

async fn edit_section(State(state): State<AppState>, staff: Staff, Path((id, key)): Path<(i64, String)>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let (d, _) = document(&state, id).await?;
    let s = sections_of(&d.draft)?.into_iter().find(|s| s.key == key).ok_or(AppError::NotFound)?;
    let values = SectionFormValues {
        heading: s.heading,
        text: s.text,
        easy_read: s.easy_read.join("\n"),
        answers: s.answers,
        symbol: s.symbol.map(|i| i.src).unwrap_or_default(),
        themes: s.themes.iter().map(SectionTheme::value).collect(),
        outcomes: s.outcomes,
        why: s.why,
        because: s.because,
    };
    section_form(&state, &staff, &d, Some(&key), values, vec![]).await
}

async fn save_section(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, key)): Path<(i64, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = SectionInput::read(pairs);
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (d, _) = document(&state, id).await?;
    let mut sections = sections_of(&d.draft)?;
    let at = sections.iter().position(|s| s.key == key).ok_or(AppError::NotFound)?;
    let section = match checked_section(&state, &d, &input, Some(&key)).await? {
        Ok(s) => s,
        Err(errors) => return section_form(&state, &staff, &d, Some(&key), input.values, errors).await,
    };
    sections[at] = DocSection { key: key.clone(), ..section };
    if !save(&state, &d, &sections).await? {
        return section_form(&state, &staff, &d, Some(&key), input.values, vec![FieldError::new("heading", CHANGED_MEANWHILE)]).await;
    }
    tracing::info!(user_id = staff.user.id, document = id, section = %key, "document section changed");
    Ok(Redirect::to(&format!("/admin/documents/{id}?done=saved")).into_response())
}

#[derive(Deserialize)]
struct MoveInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    direction: String,
}

async fn move_section(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, key)): Path<(i64, String)>,
    Form(input): Form<MoveInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (d, _) = document(&state, id).await?;
    let mut sections = sections_of(&d.draft)?;
    let at = sections.iter().position(|s| s.key == key).ok_or(AppError::NotFound)?;
    let to = match input.direction.as_str() {
        "up" if at > 0 => at - 1,
        "down" if at + 1 < sections.len() => at + 1,
        _ => return Err(AppError::BadRequest("That section cannot move that way.")),
    };
    sections.swap(at, to);
    // Moving twice at once would swap back: the second is refused rather than applied to a
    // document its sender did not see.
    if !save(&state, &d, &sections).await? {
        return Err(AppError::BadRequest("Someone else changed the document at the same moment: go back and try again."));
    }
    Ok(Redirect::to(&format!("/admin/documents/{id}")).into_response())
}

fn publish_page(staff: &Staff, d: &DocumentRecord, number: i64, sections: usize, input: PublishInput, error: Option<String>) -> Response {
    let (id, document_title, token, problem) = (d.id, d.title.clone(), staff.csrf_token.clone(), error.is_some());
    let PublishInput { note, stage, .. } = input;
    form_page(&format!("Publish version {number}?"), problem, Some(staff.badge()), move || {
        view! { <PublishVersionPage id=id document_title=document_title number=number sections=sections note=note stage=stage error=error csrf_token=token/> }
    })
}

async fn publish_form(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let (d, _) = document(&state, id).await?;
    let next = queries::latest_version(&state.db, d.id).await?.map_or(1, |v| v.number + 1);
    let sections = sections_of(&d.draft)?.len();
    Ok(publish_page(&staff, &d, next, sections, PublishInput::default(), None))
}

#[derive(Deserialize, Default)]
struct PublishInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    note: String,
    /// "comment" or "final"
    #[serde(default)]
    stage: String,
}

/// Publishes the draft as the next version, kept exactly as it is.
async fn publish(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Form(input): Form<PublishInput>) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (d, e) = document(&state, id).await?;
    let latest = queries::latest_version(&state.db, d.id).await?;
    let next = latest.as_ref().map_or(1, |v| v.number + 1);
    let draft = sections_of(&d.draft)?;
    let sections = draft.len();
    let note = input.note.trim().to_owned();
    let final_version = input.stage == "final";
    let problem = if sections == 0 {
        Some("Add at least one section before publishing".to_string())
    } else if latest.as_ref().is_some_and(|v| v.final_version != 0) {
        Some(format!("Version {} is the final version: nothing can be published after it", next - 1))
    } else if !final_version && latest.as_ref().map(|v| sections_of(&v.sections)).transpose()?.is_some_and(|v| reads_the_same(&v, &draft)) {
        Some(format!("Nothing has changed since version {} was published", next - 1))
    } else if next > 1 && note.is_empty() {
        Some("Say what changed since the last version, and why".to_string())
    } else if note.chars().count() > 2_000 {
        Some("The note must be 2,000 characters or fewer".to_string())
    } else {
        None
    };
    if problem.is_some() {
        return Ok(publish_page(&staff, &d, next, sections, input, problem));
    }
    // Why each section changed belongs to this version: the next starts with nothing said.
    let next_draft: Vec<DocSection> = draft.into_iter().map(|s| DocSection { why: String::new(), because: vec![], ..s }).collect();
    let next_draft = json_of(&next_draft)?;
    let published =
        queries::publish(&state.db, d.id, &d.draft, &next_draft, &note, final_version, Some(staff.user.id), crate::db::now()).await?;
    let Some(number) = published else {
        let again = Some("Someone else changed the document while you were publishing: check it and publish again".to_string());
        return Ok(publish_page(&staff, &d, next, sections, input, again));
    };
    tracing::info!(user_id = staff.user.id, engagement = %e.slug, document = id, version = number, "document version published");
    Ok(Redirect::to(&format!("/admin/documents/{id}?done=published")).into_response())
}

/// The latest version of a document, for everyone, once the engagement is public.
async fn public_page(State(state): State<AppState>, Path((slug, document)): Path<(String, String)>) -> AppResult<Html<String>> {
    let public = published_document(&state, &slug, &document).await?;
    let title = public.title.clone();
    Ok(page(&title, None, false, move || view! { <PublicDocumentPage document=public/> }))
}

/// The latest version of a document as everyone reads it, once the engagement is public.
pub(crate) async fn published_document(state: &AppState, slug: &str, document: &str) -> AppResult<PublicDocument> {
    let e = engagements::find_by_slug(&state.db, slug).await?.filter(|e| e.state != "draft").ok_or(AppError::NotFound)?;
    let d = queries::find_by_slug(&state.db, e.id, document).await?.ok_or(AppError::NotFound)?;
    let mut versions = queries::versions(&state.db, d.id).await?.into_iter();
    let v = versions.next().ok_or(AppError::NotFound)?;
    let previous = versions.next().map(|p| sections_of(&p.sections)).transpose()?;
    let (mut sections, removed) = changes(sections_of(&v.sections)?, previous.as_deref(), v.number);
    for p in sections.iter_mut().filter(|p| p.why.is_some()) {
        p.why = Some(why_changed(state, d.id, &p.section).await?);
    }
    let final_version = v.final_version != 0;
    let approvals = if final_version {
        queries::approvals(&state.db, v.id).await?.into_iter().map(|(b, day, n)| (b, crate::db::date_in_words(day), n)).collect()
    } else {
        vec![]
    };
    let coproduced =
        if final_version { Some(crate::documents::sign_off::coproduced(state, &d, e.suppression_threshold).await?) } else { None };
    let public = PublicDocument {
        engagement_slug: e.slug,
        slug: d.slug.clone(),
        engagement_title: e.title,
        title: d.title.clone(),
        summary: d.summary,
        number: v.number,
        opened: crate::db::date_in_words(v.opened_at),
        note: v.note,
        sections,
        removed,
        contact: e.contact,
        final_version,
        approvals,
        coproduced,
    };
    Ok(public)
}

/// Whether two versions' sections read the same: the same sections in the same order, each
/// reading as it did.
fn reads_the_same(a: &[DocSection], b: &[DocSection]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.reads_as(b))
}

/// Why a section changed, with the comments that led to it as everyone may read them: names
/// of people, schools and places taken out.
pub(crate) async fn why_changed(state: &AppState, document_id: i64, s: &DocSection) -> AppResult<WhyChanged> {
    let comments = if s.because.is_empty() {
        vec![]
    } else {
        let names = crate::schools::queries::names(&state.db).await?;
        let public = crate::results::deidentify::Reading::Guarded(std::sync::Arc::new(crate::results::deidentify::Redactor::new(names)));
        queries::section_comments(&state.db, document_id, &s.key)
            .await?
            .into_iter()
            .filter(|(id, ..)| s.because.contains(id))
            .map(|(_, number, _, comment, _)| (number, public.text(&comment, false)))
            .collect()
    };
    Ok(WhyChanged { why: s.why.clone(), comments })
}

/// The sections of version `number`, each marked with what changed since `previous` (the
/// version before, if any), and the headings of sections taken out since. A section that
/// changed or is new carries an empty `why`, to be filled in with `why_changed`, if its
/// commissioners said why.
fn changes(sections: Vec<DocSection>, previous: Option<&[DocSection]>, number: i64) -> (Vec<PublicSection>, Vec<String>) {
    let Some(previous) = previous else {
        return (sections.into_iter().map(|section| PublicSection { section, change: None, before: None, why: None }).collect(), vec![]);
    };
    let removed = previous.iter().filter(|p| !sections.iter().any(|s| s.key == p.key)).map(|p| p.heading.clone()).collect();
    let marked = sections
        .into_iter()
        .map(|section| {
            let why = (!section.why.is_empty() || !section.because.is_empty()).then(WhyChanged::default);
            match previous.iter().find(|p| p.key == section.key) {
                None => PublicSection { section, change: Some(format!("New in version {number}")), before: None, why },
                Some(p) if p.reads_as(&section) => PublicSection { section, change: None, before: None, why: None },
                Some(p) => PublicSection {
                    before: Some((number - 1, p.heading.clone(), p.text.clone())),
                    section,
                    change: Some(format!("Changed in version {number}")),
                    why,
                },
            }
        })
        .collect();
    (marked, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(key: &str, text: &str) -> DocSection {
        DocSection { key: key.into(), heading: key.to_uppercase(), text: text.into(), ..Default::default() }
    }

    #[test]
    fn each_section_says_whether_it_is_new_or_changed_and_what_it_said_before() {
        let before = [section("aims", "Help schools."), section("teams", "A team each."), section("old", "Gone.")];
        let now =
            vec![section("teams", "A team each, with a named teacher."), section("aims", "Help schools."), section("kpis", "Measured.")];
        let (marked, removed) = changes(now.clone(), Some(&before), 2);
        let marks: Vec<Option<&str>> = marked.iter().map(|s| s.change.as_deref()).collect();
        assert_eq!(marks, [Some("Changed in version 2"), None, Some("New in version 2")]);
        assert_eq!(marked[0].before, Some((1, "TEAMS".into(), "A team each.".into())));
        assert_eq!(removed, ["OLD"]);
        let (first, none) = changes(now, None, 1);
        assert!(first.iter().all(|s| s.change.is_none()) && none.is_empty(), "the first version marks nothing");
    }

    #[test]
    fn saying_why_alone_changes_nothing_and_a_changed_section_keeps_its_why_for_filling_in() {
        let before = [section("aims", "Help schools.")];
        let noted = DocSection { why: "Because.".into(), because: vec![3], ..section("aims", "Help schools.") };
        assert!(reads_the_same(&before, std::slice::from_ref(&noted)), "a note on why is not a change");
        assert!(!reads_the_same(&before, &[section("aims", "Help every school.")]));
        assert!(!reads_the_same(&before, &[]));
        let (marked, _) = changes(vec![noted.clone()], Some(&before), 2);
        assert_eq!((marked[0].change.as_deref(), marked[0].why.as_ref()), (None, None), "unchanged, so no why is shown");
        let changed = DocSection { text: "Help every school.".into(), ..noted };
        let (marked, _) = changes(vec![changed, section("new", "Added.")], Some(&before), 2);
        assert_eq!(marked[0].why, Some(WhyChanged::default()), "to be filled in with the comments");
        assert_eq!(marked[1].why, None, "nothing was said about why");
    }

    #[test]
    fn a_new_section_gets_a_key_from_its_heading_unique_in_the_document() {
        let taken = vec![DocSection { key: "who-it-is-for".into(), ..Default::default() }];
        assert_eq!(new_key("Who it is for", &taken), "who-it-is-for-2");
        assert_eq!(new_key("Outcomes & KPIs", &taken), "outcomes-kpis");
        assert_eq!(new_key("!!!", &taken), "section");
    }

    #[test]
    fn a_section_needs_a_heading_and_text_and_easy_read_lines_stay_short() {
        let ok = SectionFormValues {
            heading: " Aims ".into(),
            text: "One.\r\n\r\nTwo.".into(),
            easy_read: "We help.\n\nYou learn.".into(),
            ..Default::default()
        };
        assert_eq!(read_section(&ok), Ok(("Aims".into(), "One.\n\nTwo.".into(), vec!["We help.".into(), "You learn.".into()])));
        let errors = read_section(&SectionFormValues { easy_read: "word ".repeat(16), ..Default::default() }).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["heading", "text", "easy-read"]);
    }
}
