//! The survey editor: commissioners and administrators make surveys, then build each
//! draft question by question. Every change is checked by [`crate::surveys::edits`]
//! and saved only if nobody else changed the draft meanwhile.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::engagements::queries as engagements;
use crate::surveys::edits as editor;
use crate::surveys::profile::{slugify, AREAS_OF_NEED, STANDARD};
use crate::surveys::queries as surveys;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::forms::TokenInput;
use crate::web::page;
use crate::AppState;
use app::components::FieldError;
use app::pages::survey_editor::*;
use app::survey::SurveyDefinition;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/engagements/{slug}/surveys/new", get(new_survey).post(create_survey))
        .route("/admin/surveys/{id}", get(editor_page))
        .route("/admin/surveys/{id}/settings", get(settings).post(save_settings))
        .route("/admin/surveys/{id}/questions/new", get(new_question).post(create_question))
        .route("/admin/surveys/{id}/questions/{question}", get(change_question).post(update_question))
        .route("/admin/surveys/{id}/questions/{question}/delete", post(delete_question))
        .route("/admin/surveys/{id}/pages/{page}/move", post(move_page))
        .route("/admin/surveys/{id}/pages/{page}/routes", get(new_route).post(create_route))
        .route("/admin/surveys/{id}/pages/{page}/routes/{index}/delete", post(delete_route))
        .route("/admin/surveys/{id}/standard", post(add_standard))
}

const CONFLICT: &str = "Someone else changed this survey while you were working on it, so your change is not saved. Check the survey below and make your change again.";

fn with_status(status: StatusCode, html: axum::response::Html<String>) -> Response {
    (status, html).into_response()
}

fn form_status(errors: &[FieldError]) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn form_title(heading: &str, errors: &[FieldError]) -> String {
    if errors.is_empty() {
        heading.to_owned()
    } else {
        format!("Error: {heading}")
    }
}

async fn load(state: &AppState, id: i64) -> AppResult<surveys::Editable> {
    surveys::editable(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Saves a changed draft unless someone else saved first; then shows the editor.
#[allow(clippy::too_many_arguments)]
async fn save(
    state: &AppState,
    staff: &Staff,
    id: i64,
    revision: &str,
    loaded: &surveys::Editable,
    def: &SurveyDefinition,
    done: &str,
    link: Option<(String, Option<i64>)>,
) -> AppResult<Response> {
    // The form was shown from an older draft, or the draft changed while this was saved.
    if revision != loaded.revision() || !surveys::save_draft_if_unchanged(&state.db, id, &loaded.stored, def).await? {
        return render_editor(state, staff, id, None, Some(CONFLICT.into()), StatusCode::CONFLICT).await;
    }
    // A question saved from its form is linked to the outcome chosen there.
    if let Some((question, outcome)) = link {
        crate::outcomes::queries::link(&state.db, id, &question, outcome).await?;
    }
    tracing::info!(user_id = staff.user.id, survey_id = id, change = done, "survey draft changed");
    Ok(Redirect::to(&format!("/admin/surveys/{id}?done={done}")).into_response())
}

fn notice(done: Option<&str>) -> Option<String> {
    let text = match done? {
        "created" => "The survey is made. Now add its questions.",
        "settings" => "The survey's details are saved.",
        "added" => "The question is added.",
        "saved" => "The question is saved.",
        "deleted" => "The question is deleted.",
        "moved" => "The page is moved.",
        "route" => "The route is added.",
        "unroute" => "The route is removed.",
        "standard" => "The standard question is added at the end.",
        _ => return None,
    };
    Some(text.into())
}

async fn render_editor(
    state: &AppState,
    staff: &Staff,
    id: i64,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let loaded = load(state, id).await?;
    let def = &loaded.definition;
    let count = def.pages.len();
    let pages = def
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| PageRow {
            id: p.id.clone(),
            number: i + 1,
            questions: p
                .questions
                .iter()
                .map(|q| QuestionRow { id: q.id.clone(), text: q.text.clone(), summary: editor::kind_summary(q) })
                .collect(),
            routes: p.routes.iter().map(|r| editor::route_in_words(def, p, r)).collect(),
            can_route: !editor::route_answers(p).is_empty(),
            first: i == 0,
            last: i + 1 == count,
        })
        .collect();
    let all_questions = || def.pages.iter().flat_map(|p| p.questions.iter());
    let version = match (loaded.live_version, loaded.changed) {
        (None, _) => "Not published yet".to_string(),
        (Some(v), false) => format!("Version {v} is live; this draft is the same"),
        (Some(v), true) => format!("Version {v} is live; this draft has changes not yet published"),
    };
    let detail = EditorDetail {
        id,
        engagement_slug: loaded.engagement_slug.clone(),
        engagement_title: loaded.engagement_title.clone(),
        title: def.title.clone(),
        audience: def.audience.label().into(),
        slug: loaded.slug.clone(),
        minutes: def.minutes,
        version,
        can_publish: loaded.changed,
        pages,
        problems: def.problems(),
        standard: STANDARD
            .iter()
            .filter(|s| !s.is_in(all_questions()))
            .map(|s| (s.key.to_string(), s.name.to_string()))
            .chain((!all_questions().any(|q| crate::surveys::profile::equality_key(q).is_some())).then(|| {
                (editor::EQUALITY_SECTION.to_string(), "Equality monitoring: 7 optional questions, kept apart from the results".to_string())
            }))
            .collect(),
        csrf_token: staff.csrf_token.clone(),
        revision: loaded.revision(),
        notice,
        error,
    };
    let title = if detail.error.is_some() { format!("Error: Edit {}", def.title) } else { format!("Edit {}", def.title) };
    Ok(with_status(status, page(&title, Some(staff.badge()), false, move || view! { <SurveyEditorPage detail=detail/> })))
}

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn editor_page(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    render_editor(&state, &staff, id, notice(q.done.as_deref()), None, StatusCode::OK).await
}

/// Runs a page-list edit posted from the editor: saved, or refused with the reason.
async fn edit(
    state: &AppState,
    staff: &Staff,
    id: i64,
    (token, revision): (&str, &str),
    done: &str,
    change: impl FnOnce(&mut SurveyDefinition) -> Result<(), String>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, token).await?;
    let loaded = load(state, id).await?;
    let mut def = loaded.definition.clone();
    match change(&mut def) {
        Ok(()) => save(state, staff, id, revision, &loaded, &def, done, None).await,
        Err(reason) => render_editor(state, staff, id, None, Some(reason), StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

#[derive(Deserialize)]
struct MoveInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    direction: String,
}

#[derive(Deserialize)]
struct StandardInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    key: String,
}

async fn delete_question(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, question)): Path<(i64, String)>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    edit(&state, &staff, id, (&input.csrf_token, &input.revision), "deleted", |d| editor::delete_question(d, &question)).await
}

async fn move_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
    Form(input): Form<MoveInput>,
) -> AppResult<Response> {
    let up = match input.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::BadRequest("A page can only move up or down.")),
    };
    edit(&state, &staff, id, (&input.csrf_token, &input.revision), "moved", |d| editor::move_page(d, &page_id, up)).await
}

async fn delete_route(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id, index)): Path<(i64, String, usize)>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    edit(&state, &staff, id, (&input.csrf_token, &input.revision), "unroute", |d| editor::remove_route(d, &page_id, index)).await
}

async fn add_standard(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<StandardInput>,
) -> AppResult<Response> {
    edit(&state, &staff, id, (&input.csrf_token, &input.revision), "standard", |d| editor::add_standard(d, &input.key).map(|_| ())).await
}

// Settings, and making a survey.

#[allow(clippy::too_many_arguments)]
fn settings_form(
    staff: &Staff,
    heading: &str,
    action: String,
    back_href: String,
    values: SurveySettingsValues,
    errors: Vec<FieldError>,
    creating: bool,
    revision: String,
) -> Response {
    let status = form_status(&errors);
    let title = form_title(heading, &errors);
    let (heading, token) = (heading.to_owned(), staff.csrf_token.clone());
    with_status(
        status,
        page(&title, Some(staff.badge()), false, move || {
            view! { <SurveySettingsPage heading=heading action=action back_href=back_href csrf_token=token values=values errors=errors creating=creating revision=revision/> }
        }),
    )
}

#[derive(Deserialize)]
struct SettingsPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    revision: String,
    #[serde(flatten)]
    values: SurveySettingsValues,
}

async fn new_survey(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    // The engagement's privacy notice is a starting point to rewrite for the audience.
    let values = SurveySettingsValues { minutes: "5".into(), privacy: e.privacy_notice, ..Default::default() };
    let action = format!("/admin/engagements/{slug}/surveys/new");
    Ok(settings_form(&staff, "Add a survey", action, format!("/admin/engagements/{slug}"), values, vec![], true, String::new()))
}

async fn create_survey(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<SettingsPost>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let action = format!("/admin/engagements/{slug}/surveys/new");
    let back = format!("/admin/engagements/{slug}");
    let mut checked = match editor::parse_settings(&input.values, true) {
        Ok(checked) => checked,
        Err(errors) => return Ok(settings_form(&staff, "Add a survey", action, back, input.values, errors, true, String::new())),
    };
    let address = match checked.slug.take() {
        Some(chosen) if surveys::slug_taken(&state.db, &chosen).await? => {
            let errors = vec![FieldError::new("slug", format!("Another survey already has the address /s/{chosen}. Choose another."))];
            return Ok(settings_form(&staff, "Add a survey", action, back, input.values, errors, true, String::new()));
        }
        Some(chosen) => chosen,
        None => {
            let base: String = slugify(&checked.title).chars().take(50).collect::<String>().trim_end_matches('-').to_owned();
            let base = if base.len() < 2 { "survey".to_string() } else { base };
            let mut candidate = base.clone();
            let mut n = 2;
            while surveys::slug_taken(&state.db, &candidate).await? {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        }
    };
    let id = match surveys::insert(&state.db, e.id, &address, &editor::new_definition(checked)).await {
        Ok(id) => id,
        // Someone else took the address a moment ago.
        Err(err) if err.downcast_ref::<sqlx::Error>().and_then(|e| e.as_database_error()).is_some_and(|d| d.is_unique_violation()) => {
            let errors = vec![FieldError::new("slug", format!("Another survey already has the address /s/{address}. Choose another."))];
            return Ok(settings_form(&staff, "Add a survey", action, back, input.values, errors, true, String::new()));
        }
        Err(err) => return Err(err.into()),
    };
    tracing::info!(user_id = staff.user.id, survey_id = id, engagement = %slug, "survey created");
    Ok(Redirect::to(&format!("/admin/surveys/{id}?done=created")).into_response())
}

async fn settings(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let loaded = load(&state, id).await?;
    let values = editor::settings_values_of(&loaded.definition);
    Ok(settings_form(
        &staff,
        "Change the survey's details",
        format!("/admin/surveys/{id}/settings"),
        format!("/admin/surveys/{id}"),
        values,
        vec![],
        false,
        loaded.revision(),
    ))
}

async fn save_settings(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<SettingsPost>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let loaded = load(&state, id).await?;
    match editor::parse_settings(&input.values, false) {
        Err(errors) => Ok(settings_form(
            &staff,
            "Change the survey's details",
            format!("/admin/surveys/{id}/settings"),
            format!("/admin/surveys/{id}"),
            input.values,
            errors,
            false,
            input.revision,
        )),
        Ok(checked) => {
            let mut def = loaded.definition.clone();
            editor::apply_settings(&mut def, checked);
            save(&state, &staff, id, &input.revision, &loaded, &def, "settings", None).await
        }
    }
}

// Questions.

#[allow(clippy::too_many_arguments)]
async fn question_form(
    state: &AppState,
    staff: &Staff,
    id: i64,
    def: &SurveyDefinition,
    revision: String,
    heading: &str,
    action: String,
    adding: bool,
    values: QuestionFormValues,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let pages = if adding {
        def.pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), format!("With page {}: {}", i + 1, p.questions.first().map(|q| q.text.as_str()).unwrap_or(""))))
            .collect()
    } else {
        vec![]
    };
    let context = QuestionFormContext {
        heading: heading.to_owned(),
        action,
        back_href: format!("/admin/surveys/{id}"),
        csrf_token: staff.csrf_token.clone(),
        revision,
        pages,
        symbols: crate::surveys::symbols::SYMBOLS.iter().map(|s| (s.src(), s.name.to_string())).collect(),
        areas_of_need: AREAS_OF_NEED.iter().map(|n| n.to_string()).collect(),
        outcomes: crate::outcomes::queries::framework(&state.db)
            .await?
            .into_iter()
            .map(|o| (o.id.to_string(), format!("{} ({})", o.statement, o.group_name)))
            .collect(),
    };
    let status = form_status(&errors);
    let title = form_title(heading, &errors);
    Ok(with_status(
        status,
        page(&title, Some(staff.badge()), false, move || view! { <QuestionFormPage context=context values=values errors=errors/> }),
    ))
}

/// The framework outcome chosen on the question form (none for none), or why it cannot be.
async fn chosen_outcome(state: &AppState, chosen: &str) -> AppResult<Result<Option<i64>, FieldError>> {
    if chosen.is_empty() {
        return Ok(Ok(None));
    }
    let found = match chosen.parse::<i64>() {
        Ok(id) => crate::outcomes::queries::find(&state.db, id).await?,
        Err(_) => None,
    };
    Ok(found.map(|o| Some(o.id)).ok_or_else(|| FieldError::new("outcome", "Choose an outcome from the framework, or none")))
}

async fn new_question(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let loaded = load(&state, id).await?;
    let action = format!("/admin/surveys/{id}/questions/new");
    question_form(
        &state,
        &staff,
        id,
        &loaded.definition,
        loaded.revision(),
        "Add a question",
        action,
        true,
        editor::new_question_values(),
        vec![],
    )
    .await
}

async fn create_question(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (values, token, revision) = editor::question_values_from(fields);
    staff.require_post(Permission::EditEngagements, &token).await?;
    let loaded = load(&state, id).await?;
    let mut def = loaded.definition.clone();
    let action = format!("/admin/surveys/{id}/questions/new");
    let outcome = chosen_outcome(&state, &values.outcome).await?;
    match (editor::parse_question(&values, None, &def), outcome) {
        (Err(mut errors), outcome) => {
            errors.extend(outcome.err());
            question_form(&state, &staff, id, &def, revision, "Add a question", action, true, values, errors).await
        }
        (Ok(_), Err(error)) => question_form(&state, &staff, id, &def, revision, "Add a question", action, true, values, vec![error]).await,
        (Ok(mut question), Ok(outcome)) => {
            editor::avoid_retired_id(&mut question, &def, &loaded.retired);
            let link = (question.id.clone(), outcome);
            match editor::add_question(&mut def, question, &values.page) {
                Ok(()) => save(&state, &staff, id, &revision, &loaded, &def, "added", Some(link)).await,
                Err(reason) => {
                    let errors = vec![FieldError::new("page", reason)];
                    question_form(&state, &staff, id, &def, revision, "Add a question", action, true, values, errors).await
                }
            }
        }
    }
}

async fn change_question(State(state): State<AppState>, staff: Staff, Path((id, question)): Path<(i64, String)>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let loaded = load(&state, id).await?;
    let q = loaded.definition.question(&question).ok_or(AppError::NotFound)?;
    let action = format!("/admin/surveys/{id}/questions/{question}");
    let mut values = editor::values_of(q);
    values.outcome = crate::outcomes::queries::linked(&state.db, id, &question).await?.map(|o| o.to_string()).unwrap_or_default();
    question_form(&state, &staff, id, &loaded.definition, loaded.revision(), "Change the question", action, false, values, vec![]).await
}

async fn update_question(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, question)): Path<(i64, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (values, token, revision) = editor::question_values_from(fields);
    staff.require_post(Permission::EditEngagements, &token).await?;
    let loaded = load(&state, id).await?;
    let mut def = loaded.definition.clone();
    let existing = def.question(&question).ok_or(AppError::NotFound)?.clone();
    let action = format!("/admin/surveys/{id}/questions/{question}");
    let heading = "Change the question";
    let outcome = chosen_outcome(&state, &values.outcome).await?;
    match (editor::parse_question(&values, Some(&existing), &def), outcome) {
        (Err(mut errors), outcome) => {
            errors.extend(outcome.err());
            question_form(&state, &staff, id, &def, revision, heading, action, false, values, errors).await
        }
        (Ok(_), Err(error)) => question_form(&state, &staff, id, &def, revision, heading, action, false, values, vec![error]).await,
        (Ok(changed), Ok(outcome)) => match editor::replace_question(&mut def, changed) {
            Ok(()) => save(&state, &staff, id, &revision, &loaded, &def, "saved", Some((question, outcome))).await,
            Err(reason) => {
                let errors = vec![FieldError::new("kind", reason)];
                question_form(&state, &staff, id, &def, revision, heading, action, false, values, errors).await
            }
        },
    }
}

// Routes.

#[derive(Deserialize)]
struct RoutePost {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    goto: String,
}

#[allow(clippy::too_many_arguments)]
fn route_form(
    staff: &Staff,
    id: i64,
    def: &SurveyDefinition,
    revision: String,
    index: usize,
    answer: String,
    goto: String,
    errors: Vec<FieldError>,
) -> Response {
    let page_def = &def.pages[index];
    let view_model = RouteFormView {
        action: format!("/admin/surveys/{id}/pages/{}/routes", page_def.id),
        back_href: format!("/admin/surveys/{id}"),
        csrf_token: staff.csrf_token.clone(),
        revision,
        page_number: index + 1,
        answers: editor::route_answers(page_def),
        targets: editor::route_targets(def, index),
        answer,
        goto,
        errors,
    };
    let status = form_status(&view_model.errors);
    let title = form_title(&format!("Add a route from page {}", index + 1), &view_model.errors);
    with_status(status, page(&title, Some(staff.badge()), false, move || view! { <RouteFormPage view=view_model/> }))
}

async fn new_route(State(state): State<AppState>, staff: Staff, Path((id, page_id)): Path<(i64, String)>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let loaded = load(&state, id).await?;
    let index = loaded.definition.page_index(&page_id).ok_or(AppError::NotFound)?;
    // A page with no answer to route from has no route form.
    if editor::route_answers(&loaded.definition.pages[index]).is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(route_form(&staff, id, &loaded.definition, loaded.revision(), index, String::new(), "end".into(), vec![]))
}

async fn create_route(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
    Form(input): Form<RoutePost>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let loaded = load(&state, id).await?;
    let mut def = loaded.definition.clone();
    let index = def.page_index(&page_id).ok_or(AppError::NotFound)?;
    if editor::route_answers(&def.pages[index]).is_empty() {
        return Err(AppError::NotFound);
    }
    match editor::add_route(&mut def, &page_id, &input.answer, &input.goto) {
        Ok(()) => save(&state, &staff, id, &input.revision, &loaded, &def, "route", None).await,
        Err(errors) => Ok(route_form(&staff, id, &loaded.definition, input.revision, index, input.answer, input.goto, errors)),
    }
}
