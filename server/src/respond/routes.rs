//! The respondent's journey, without an account and without JavaScript.
//!
//! A response is tied to the browser by a secret in a cookie scoped to the survey's
//! address (the database keeps only its hash); a short resume code carries it to
//! another device. Every page of answers is saved as it is sent, so nothing typed
//! and accepted is lost, and submitting is a single guarded update: a double click
//! or a retry stores one response.

use crate::respond::queries::{self as responses, ResponseRecord};
use crate::safeguarding::harm::may_disclose_harm;
use crate::surveys::queries::{self as surveys, Lookup};
use crate::web::codes;
use crate::web::csrf;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::limits::{self, Client};
use crate::web::page;
use crate::AppState;
use app::components::FieldError;
use app::pages::respond::*;
use app::survey::{Answer, Next, Posted, SurveyDefinition};
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;

const COOKIE_NAME: &str = "chorus_response";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{slug}", get(start_page))
        .route("/s/{slug}/start", post(start))
        .route("/s/{slug}/q/{page_id}", get(question_page).post(answer))
        .route("/s/{slug}/check", get(check_answers))
        .route("/s/{slug}/submit", post(submit))
        .route("/s/{slug}/done", get(done))
        .route("/s/{slug}/saved", get(saved))
        .route("/resume", get(resume_form).post(resume))
        .route("/withdraw", get(withdraw_form).post(withdraw))
        .route("/code", get(school_code_form).post(school_code))
        .route("/s/{slug}/qr.svg", get(qr_svg))
        .route("/s/{slug}/qr.png", get(qr_png))
}

/// A respondent part-way through (or finished with) a survey.
struct Journey {
    slug: String,
    title: String,
    definition: std::sync::Arc<SurveyDefinition>,
    response: ResponseRecord,
    token: String,
    /// The resume code this device was given, which only the device holds (the database has
    /// its hash); none on a device whose response began before codes were hashed.
    resume_code: Option<String>,
}

/// What a request for one survey found.
enum Found {
    Journey(Box<Journey>),
    /// The survey is open but this browser has not started it.
    NotStarted,
}

/// The survey's live version; closed, draft and unknown surveys become their own pages.
async fn live_survey(state: &AppState, slug: &str) -> Result<Box<surveys::LiveSurvey>, Response> {
    match surveys::find_by_slug(&state.db, slug).await.map_err(internal)? {
        Lookup::Live(live) => Ok(live),
        Lookup::NotOpen { title, engagement_state } => Err(not_open(&title, &engagement_state)),
        Lookup::Missing => Err(AppError::NotFound.into_response()),
    }
}

/// Looks up the survey and this browser's response to it, in one query. Closed,
/// draft and unknown surveys become their own pages.
async fn find(state: &AppState, slug: &str, headers: &HeaderMap) -> Result<(Box<surveys::LiveSurvey>, Found), Response> {
    let (token, resume_code) = match crate::web::cookies::read(headers, COOKIE_NAME).map(|v| v.split_once('.').unwrap_or((v, ""))) {
        Some((token, code)) => (Some(token.to_owned()), codes::normalise_code(code)),
        None => (None, None),
    };
    let hash = token.as_deref().map(codes::hash_secret).unwrap_or_default();
    let (lookup, response) = surveys::find_with_response(&state.db, slug, &hash).await.map_err(internal)?;
    let live = match lookup {
        Lookup::Live(live) => live,
        Lookup::NotOpen { title, engagement_state } => return Err(not_open(&title, &engagement_state)),
        Lookup::Missing => return Err(AppError::NotFound.into_response()),
    };
    let (Some(token), Some(response)) = (token, response) else { return Ok((live, Found::NotStarted)) };
    let Some((survey_id, definition)) = surveys::version(&state.db, response.survey_version_id).await.map_err(internal)? else {
        return Ok((live, Found::NotStarted));
    };
    if survey_id != live.survey_id {
        return Ok((live, Found::NotStarted));
    }
    // The code the cookie holds, if it is the one stored (another device may have been given a
    // new one since).
    let resume_code = resume_code.filter(|code| responses::code_hash(code) == response.resume_code_hash);
    let journey = Journey { slug: slug.to_owned(), title: definition.title.clone(), definition, response, token, resume_code };
    Ok((live, Found::Journey(Box::new(journey))))
}

/// Like [`find`], but sends anyone without a response back to the start page and
/// anyone who has submitted to their confirmation.
async fn find_in_progress(state: &AppState, slug: &str, headers: &HeaderMap) -> Result<Journey, Response> {
    match find(state, slug, headers).await?.1 {
        Found::NotStarted => Err(Redirect::to(&format!("/s/{slug}")).into_response()),
        Found::Journey(j) if j.response.submitted_at.is_some() => Err(Redirect::to(&format!("/s/{slug}/done")).into_response()),
        Found::Journey(j) => Ok(*j),
    }
}

fn internal(e: anyhow::Error) -> Response {
    AppError::Internal(e).into_response()
}

fn not_open(title: &str, engagement_state: &str) -> Response {
    let reason = match engagement_state {
        "closed" | "published" => "This survey has closed, so it is no longer taking answers. Thank you for your interest.",
        _ => "This survey is not open yet. Check the date on the letter or message that sent you here.",
    };
    let (heading, paragraphs) = (title.to_owned(), vec![reason.to_owned()]);
    let html = page(&format!("{title}: not open"), None, false, move || {
        view! { <MessagePage heading=heading paragraphs=paragraphs link=Some(("See what is open now".to_string(), "/".to_string()))/> }
    });
    (StatusCode::OK, html).into_response()
}

/// The cookie of a response being answered: its secret and its resume code, for thirty days
/// (long enough to come back to a half-finished survey on the same device).
fn set_cookie(state: &AppState, slug: &str, token: &str, resume_code: &str) -> HeaderValue {
    cookie_for(state, slug, &format!("{token}.{resume_code}"), tower_sessions::cookie::time::Duration::days(30))
}

/// What the receipt code of a response sent from the device holding `token` is.
fn receipt_code(token: &str) -> String {
    codes::code_of(token, "receipt")
}

fn cookie_for(state: &AppState, slug: &str, token: &str, lasts: tower_sessions::cookie::time::Duration) -> HeaderValue {
    crate::web::cookies::set(COOKIE_NAME, token, &format!("/s/{slug}"), Some(lasts), state.config.secure_cookies())
}

/// How long after sending, in seconds, the receipt code is shown, and the device remembers the
/// response at all: school tablets and family phones are shared, and a receipt code is enough to
/// take the answers back.
const RECEIPT_SHOWN: i64 = 15 * 60;

/// The form token of a response's pages (see [`csrf::response_token`]).
fn form_token(state: &AppState, token: &str) -> String {
    csrf::response_token(state.config.session_secret.expose(), token)
}

fn form_token_ok(state: &AppState, token: &str, submitted: &str) -> bool {
    csrf::response_token_ok(state.config.session_secret.expose(), token, submitted)
}

fn question_total(definition: &SurveyDefinition) -> usize {
    definition.pages.iter().map(|p| p.questions.len()).sum()
}

/// The start page of a survey definition (live, or a draft in preview).
pub(crate) fn start_view(
    d: &SurveyDefinition,
    slug: &str,
    engagement_title: &str,
    contact: &str,
    preview_first: Option<String>,
) -> StartView {
    StartView {
        slug: slug.to_owned(),
        title: d.title.clone(),
        engagement_title: engagement_title.to_owned(),
        contact: contact.to_owned(),
        audience: d.audience,
        intro: d.intro.clone(),
        easy_read_intro: d.easy_read_intro.clone(),
        minutes: d.minutes,
        privacy: d.privacy.clone(),
        safeguarding_notice: d.safeguarding_notice,
        question_count: question_total(d),
        preview_first,
        school: None,
        form_token: String::new(),
        wait: None,
        deleted_after: None,
    }
}

/// The start page of a live survey: with the day its answers are deleted after, when set.
fn live_start_view(live: &surveys::LiveSurvey) -> StartView {
    let mut view = start_view(&live.definition, &live.slug, &live.engagement_title, &live.contact, None);
    view.deleted_after = live.delete_answers_on.map(|on| crate::db::date_in_words(on - 1));
    view
}

async fn start_page(State(state): State<AppState>, Path(slug): Path<String>, form: PublicForm) -> Result<Response, Response> {
    let live = live_survey(&state, &slug).await?;
    let mut view = live_start_view(&live);
    view.form_token = form.token.clone();
    let title = live.definition.title.clone();
    Ok(form.page(page(&title, None, false, move || view! { <SurveyStartPage view=view/> }).into_response()))
}

/// Starts a response (or carries on with this browser's unfinished one), for the school whose
/// code was posted if there is one.
async fn start(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Client(client): Client,
    form: PublicForm,
    body: axum::body::Bytes,
) -> Result<Response, Response> {
    // The form's token; and the access code from a school's start page.
    let input: CodeInput = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    if !form.accepts(&state, &input.form_token) {
        // Another website cannot start a response in this browser, so swapping its cookie.
        return Err(form.page(AppError::CsrfRejected.into_response()));
    }
    let (live, found) = find(&state, &slug, &headers).await?;
    if let Found::Journey(j) = found {
        if j.response.submitted_at.is_none() {
            return Ok(Redirect::to(&next_href(&j)).into_response());
        }
    }
    if !input.code.trim().is_empty() {
        // The code was checked when its start page was shown; it is checked again here, as a
        // page can be kept open while codes change.
        let Some(code) = codes::normalise_code(&input.code) else { return Ok(Redirect::to("/code").into_response()) };
        return match crate::schools::queries::find_code(&state.db, &code).await.map_err(|e| internal(e.into()))? {
            Some((code_slug, school_id)) if code_slug == slug => {
                let school = crate::schools::queries::find(&state.db, school_id).await.map_err(|e| internal(e.into()))?;
                begin_response(&state, &client, &form, &live, responses::Channel::SchoolCode(school_id), school.as_ref(), &input.code).await
            }
            _ => Ok(Redirect::to("/code").into_response()),
        };
    }
    begin_response(&state, &client, &form, &live, responses::Channel::Link, None, "").await
}

/// Creates a response and hands this browser its cookie, then goes to the first page; or, when
/// too many have been started from where the person is, the start page again saying how long to
/// wait (with the school's code they typed).
async fn begin_response(
    state: &AppState,
    client: &str,
    form: &PublicForm,
    live: &surveys::LiveSurvey,
    channel: responses::Channel,
    school: Option<&crate::schools::queries::SchoolRecord>,
    typed_code: &str,
) -> Result<Response, Response> {
    let token = codes::secret_token();
    let resume_code = codes::short_code();
    let counted = Some((limits::response_starts(state.config.responses_per_hour), client.to_owned()));
    let created = responses::create_counted(&state.db, counted, live.version_id, channel, &codes::hash_secret(&token), &resume_code)
        .await
        .map_err(internal)?;
    let id = match created {
        Ok(id) => id,
        Err(wait) => {
            tracing::warn!("a response not started: too many from one place");
            let mut view = live_start_view(live);
            view.school = school.map(|s| SchoolStart { name: s.name.clone(), district: s.district.clone(), code: typed_code.to_owned() });
            view.form_token = form.token.clone();
            view.wait = Some(format!(
                "A lot of people have started answering from where you are in the last hour. Try again in {}.",
                crate::accounts::throttle::minutes(wait)
            ));
            let title = format!("Error: {}", live.definition.title);
            let refused = limits::refused(page(&title, None, false, move || view! { <SurveyStartPage view=view/> }).into_response(), wait);
            return Ok(form.page(refused));
        }
    };
    let slug = &live.slug;
    let mut draft = app::survey::Draft::default();
    if let Some(school) = school {
        // What the code already says (the school's phase and district) is not asked again.
        crate::surveys::profile::answer_from_school(&live.definition, &school.phase, &school.district, &mut draft);
        if !draft.answers.is_empty() {
            responses::save_draft(&state.db, id, &draft, false).await.map_err(internal)?;
        }
    }
    let first = live
        .definition
        .first_unanswered(&draft)
        .map(|i| format!("/s/{slug}/q/{}", live.definition.pages[i].id))
        .unwrap_or_else(|| format!("/s/{slug}/check"));
    Ok(([(SET_COOKIE, set_cookie(state, slug, &token, &resume_code))], Redirect::to(&first)).into_response())
}

/// Where this respondent should be now: the first unanswered page, or the check page.
fn next_href(j: &Journey) -> String {
    match j.definition.first_unanswered(&j.response.draft) {
        Some(index) => format!("/s/{}/q/{}", j.slug, j.definition.pages[index].id),
        None => format!("/s/{}/check", j.slug),
    }
}

#[derive(Deserialize, Default)]
struct ChangeQuery {
    change: Option<String>,
}

async fn question_page(
    State(state): State<AppState>,
    Path((slug, page_id)): Path<(String, String)>,
    Query(query): Query<ChangeQuery>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let j = find_in_progress(&state, &slug, &headers).await?;
    let Some(index) = j.definition.page_index(&page_id) else { return Err(AppError::NotFound.into_response()) };
    if !j.definition.can_visit(index, &j.response.draft) {
        return Ok(Redirect::to(&next_href(&j)).into_response());
    }
    let posted: HashMap<String, Posted> = j.definition.pages[index]
        .questions
        .iter()
        .filter_map(|q| j.response.draft.answers.get(&q.id).map(|a| (q.id.clone(), app::survey::Question::posted_from(a))))
        .collect();
    Ok(render_question_page(&state, &j, index, posted, HashMap::new(), &[], query.change.is_some(), StatusCode::OK))
}

/// A question page; `help` names the questions answered "I don't understand the question",
/// which are shown again with a way to understand them.
#[allow(clippy::too_many_arguments)]
fn render_question_page(
    state: &AppState,
    j: &Journey,
    index: usize,
    mut posted: HashMap<String, Posted>,
    mut errors: HashMap<String, String>,
    help: &[String],
    changing: bool,
    status: StatusCode,
) -> Response {
    let definition = &j.definition;
    let page_def = &definition.pages[index];
    let path = definition.path(&j.response.draft);
    // Back goes to the page before on the person's path, passing over pages answered for them.
    let before = path
        .iter()
        .position(|&p| p == index)
        .and_then(|position| path[..position].iter().rev().find(|&&p| !definition.page_given(p, &j.response.draft)));
    let back_href = match before {
        _ if changing => format!("/s/{}/check", j.slug),
        Some(&previous) => format!("/s/{}/q/{}", j.slug, definition.pages[previous].id),
        None => format!("/s/{}", j.slug),
    };
    let position = definition.pages[..index].iter().map(|p| p.questions.len()).sum::<usize>() + 1;
    let questions: Vec<QuestionView> = page_def
        .questions
        .iter()
        .map(|q| QuestionView {
            question: q.clone(),
            posted: posted.remove(&q.id).unwrap_or_default(),
            error: errors.remove(&q.id),
            help: help.contains(&q.id),
        })
        .collect();
    let has_errors = questions.iter().any(|q| q.error.is_some());
    let view = QuestionPageView {
        slug: j.slug.clone(),
        page_id: page_def.id.clone(),
        survey_title: j.title.clone(),
        position,
        total: question_total(definition),
        back_href,
        form_token: form_token(state, &j.token),
        questions,
        changing,
        easy_read: crate::web::prefs::current().easy_read,
        preview_next: None,
    };
    let first_text = page_def.questions.first().map(|q| q.text.clone()).unwrap_or_default();
    let title = if has_errors { format!("Error: {first_text}") } else { first_text };
    // The page holds the read-aloud island, so it loads the browser bundle.
    (status, page(&title, None, true, move || view! { <QuestionPage view=view/> })).into_response()
}

/// The posted fields of a question page, grouped by name.
pub(crate) fn group_fields(fields: Vec<(String, String)>) -> (HashMap<String, Posted>, String, String) {
    let mut posted: HashMap<String, Posted> = HashMap::new();
    let (mut token, mut action) = (String::new(), String::new());
    for (name, value) in fields {
        match name.as_str() {
            "form_token" => token = value,
            "action" => action = value,
            _ => posted.entry(name).or_default().values.push(value),
        }
    }
    (posted, token, action)
}

async fn answer(
    State(state): State<AppState>,
    Path((slug, page_id)): Path<(String, String)>,
    Query(query): Query<ChangeQuery>,
    headers: HeaderMap,
    Client(client): Client,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let mut j = find_in_progress(&state, &slug, &headers).await?;
    let Some(index) = j.definition.page_index(&page_id) else { return Err(AppError::NotFound.into_response()) };
    if !j.definition.can_visit(index, &j.response.draft) {
        return Ok(Redirect::to(&next_href(&j)).into_response());
    }
    let changing = query.change.is_some();
    let (posted, token, action) = group_fields(fields);
    let questions = j.definition.pages[index].questions.clone();

    if !form_token_ok(&state, &j.token, &token) {
        let first = questions.first().map(|q| q.id.clone()).unwrap_or_default();
        let errors = HashMap::from([(
            first,
            "This page had expired, so your answer was not saved yet. Check it and press Continue again.".to_string(),
        )]);
        return Ok(render_question_page(&state, &j, index, posted, errors, &[], changing, StatusCode::FORBIDDEN));
    }

    let mut errors = HashMap::new();
    let mut read = Vec::new();
    for q in &questions {
        match q.read(posted.get(&q.id).unwrap_or(&Posted::default())) {
            Ok(answer) => read.push((q.id.clone(), answer)),
            Err(message) => {
                errors.insert(q.id.clone(), message);
            }
        }
    }
    if !errors.is_empty() {
        return Ok(render_question_page(&state, &j, index, posted, errors, &[], changing, StatusCode::UNPROCESSABLE_ENTITY));
    }

    // "I don't understand the question" is not passed over in silence: the first time, the
    // page comes back with the question put another way and a way to ask for help. The answer
    // is saved either way, and Continue again goes on.
    let helped: Vec<String> = posted.get("help_seen").map(|p| p.values.clone()).unwrap_or_default();
    let help: Vec<String> = read
        .iter()
        .filter(|(id, answer)| matches!(answer, Some(Answer::DontUnderstand)) && !helped.contains(id))
        .map(|(id, _)| id.clone())
        .collect();
    let mut flagged = false;
    for (id, answer) in read {
        match answer {
            Some(answer) => {
                if let Answer::Text(text) = &answer {
                    flagged |= may_disclose_harm(text);
                }
                j.response.draft.answers.insert(id, answer);
            }
            None => {
                j.response.draft.answers.remove(&id);
            }
        }
    }
    j.response.draft.seen.insert(page_id.clone());
    let counted = Some((limits::page_saves(state.config.responses_per_hour), client));
    match responses::save_draft_counted(&state.db, counted, j.response.id, &j.response.draft, flagged).await.map_err(internal)? {
        Ok(true) => {}
        Ok(false) => return Ok(Redirect::to(&format!("/s/{slug}/done")).into_response()),
        Err(wait) => {
            tracing::warn!("a page not saved: too many from one place");
            let first = questions.first().map(|q| q.id.clone()).unwrap_or_default();
            let message = format!(
                "A lot of answers have been sent from where you are in the last hour, so this page is not saved yet. \
                 Try again in {}: your answers are still here.",
                crate::accounts::throttle::minutes(wait)
            );
            let refused = render_question_page(
                &state,
                &j,
                index,
                posted,
                HashMap::from([(first, message)]),
                &[],
                changing,
                StatusCode::TOO_MANY_REQUESTS,
            );
            return Ok(limits::refused(refused, wait));
        }
    }

    if !help.is_empty() && action != "save" {
        return Ok(render_question_page(&state, &j, index, posted, HashMap::new(), &help, changing, StatusCode::OK));
    }
    let to = if action == "save" {
        format!("/s/{slug}/saved")
    } else if changing && j.definition.is_complete(&j.response.draft) {
        format!("/s/{slug}/check")
    } else {
        match j.definition.next_to_ask(index, &j.response.draft) {
            Next::Page(next) => format!("/s/{slug}/q/{}", j.definition.pages[next].id),
            Next::CheckAnswers => format!("/s/{slug}/check"),
        }
    };
    Ok(Redirect::to(&to).into_response())
}

async fn check_answers(State(state): State<AppState>, Path(slug): Path<String>, headers: HeaderMap) -> Result<Response, Response> {
    let j = find_in_progress(&state, &slug, &headers).await?;
    Ok(render_check(&state, &j, None))
}

fn render_check(state: &AppState, j: &Journey, error: Option<&str>) -> Response {
    if !j.definition.is_complete(&j.response.draft) {
        return Redirect::to(&next_href(j)).into_response();
    }
    let path = j.definition.path(&j.response.draft);
    let rows: Vec<CheckRow> = path
        .iter()
        .flat_map(|&index| {
            let page_def = &j.definition.pages[index];
            page_def.questions.iter().map(move |q| (page_def.id.clone(), q))
        })
        .map(|(page_id, q)| CheckRow {
            question: q.text.clone(),
            answer: j.response.draft.answers.get(&q.id).map(|a| q.describe(a)).unwrap_or_default(),
            change_href: format!("/s/{}/q/{page_id}?change=1", j.slug),
        })
        .collect();
    let back_href = path.last().map(|&i| format!("/s/{}/q/{}", j.slug, j.definition.pages[i].id)).unwrap_or_default();
    let (slug, title, token) = (j.slug.clone(), j.title.clone(), form_token(state, &j.token));
    let status = if error.is_some() { StatusCode::FORBIDDEN } else { StatusCode::OK };
    let errors: Vec<FieldError> = error.iter().map(|m| FieldError::new("main-content", *m)).collect();
    let page_title = if errors.is_empty() { "Check your answers" } else { "Error: Check your answers" };
    (
        status,
        page(page_title, None, false, move || {
            view! {
                <app::components::ErrorSummary errors=errors/>
                <CheckAnswersPage slug=slug survey_title=title back_href=back_href rows=rows form_token=token/>
            }
        }),
    )
        .into_response()
}

#[derive(Deserialize)]
struct TokenOnly {
    #[serde(default)]
    form_token: String,
}

async fn submit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(input): Form<TokenOnly>,
) -> Result<Response, Response> {
    let j = match find(&state, &slug, &headers).await?.1 {
        Found::NotStarted => return Ok(Redirect::to(&format!("/s/{slug}")).into_response()),
        Found::Journey(j) => *j,
    };
    if j.response.submitted_at.is_some() {
        // A second click or a retry after a timeout: the first submit already stored it.
        return Ok(Redirect::to(&format!("/s/{slug}/done")).into_response());
    }
    if !form_token_ok(&state, &j.token, &input.form_token) {
        return Ok(render_check(
            &state,
            &j,
            Some("This page had expired, so your answers were not sent yet. Check them and press Send my answers again."),
        ));
    }
    if !j.definition.is_complete(&j.response.draft) {
        return Ok(Redirect::to(&next_href(&j)).into_response());
    }
    let answers = j.definition.answers_on_path(&j.response.draft);
    responses::submit(&state.db, j.response.id, &answers, &receipt_code(&j.token)).await.map_err(internal)?;
    // From now on the device needs the cookie only to show the receipt, for a short time.
    let lasts = tower_sessions::cookie::time::Duration::seconds(RECEIPT_SHOWN);
    Ok(([(SET_COOKIE, cookie_for(&state, &slug, &j.token, lasts))], Redirect::to(&format!("/s/{slug}/done"))).into_response())
}

async fn done(State(state): State<AppState>, Path(slug): Path<String>, headers: HeaderMap) -> Result<Response, Response> {
    let (live, found) = find(&state, &slug, &headers).await?;
    let j = match found {
        Found::NotStarted => return Ok(Redirect::to(&format!("/s/{slug}")).into_response()),
        Found::Journey(j) => *j,
    };
    let Some(sent_at) = j.response.submitted_at else {
        return Ok(Redirect::to(&next_href(&j)).into_response());
    };
    // Shown just after sending, never to whoever picks up the device later; and only the code
    // that was stored (a response sent before codes came from the device's secret has another).
    let code = receipt_code(&j.token);
    let stored = j.response.receipt_code_hash.as_deref() == Some(responses::code_hash(&code).as_str());
    let receipt_code = (stored && crate::db::now() - sent_at < RECEIPT_SHOWN).then_some(code);
    let title = j.title.clone();
    let engagement = (live.engagement_title.clone(), format!("/e/{}", live.engagement_slug));
    Ok(page("Your answers have been sent", None, false, move || {
        view! { <ConfirmationPage survey_title=title receipt_code=receipt_code engagement=engagement/> }
    })
    .into_response())
}

async fn saved(State(state): State<AppState>, Path(slug): Path<String>, headers: HeaderMap) -> Result<Response, Response> {
    let j = find_in_progress(&state, &slug, &headers).await?;
    let href = next_href(&j);
    // Only the device holds its code. One whose response began before codes were hashed gets a
    // new code, the old one's hash replaced.
    let (code, cookie) = match j.resume_code.clone() {
        Some(code) => (code, None),
        None => {
            let code = codes::short_code();
            responses::replace_resume_code(&state.db, j.response.id, &code).await.map_err(internal)?;
            let cookie = set_cookie(&state, &slug, &j.token, &code);
            (code, Some(cookie))
        }
    };
    let shown = page("Your answers are saved", None, false, move || view! { <SavedPage slug=slug resume_code=code continue_href=href/> });
    Ok(match cookie {
        Some(cookie) => ([(SET_COOKIE, cookie)], shown).into_response(),
        None => shown.into_response(),
    })
}

/// One code, from a form or a query string.
#[derive(Deserialize, Default)]
struct CodeInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    form_token: String,
}

fn code_form(kind: CodeForm, code: String, error: Option<String>, status: StatusCode, form: &PublicForm) -> Response {
    let (title, intro, action, label, button) = match kind {
        CodeForm::Resume => {
            ("Carry on with your answers", "Enter the code you were given when you saved your answers.", "/resume", "Your code", "Carry on")
        }
        CodeForm::SchoolCode => (
            "Start with your school's access code",
            "Your school or setting was given a code so that its feedback counts for it. Your own answers stay anonymous.",
            "/code",
            "Access code",
            "Start",
        ),
        CodeForm::Withdraw => (
            "Take your answers back",
            "Enter the receipt code you were given when you sent your answers. We will delete your answers. This cannot be undone.",
            "/withdraw",
            "Your receipt code",
            "Delete my answers",
        ),
    };
    let page_title = if error.is_some() { format!("Error: {title}") } else { title.to_owned() };
    let form_token = form.token.clone();
    form.page(
        (
            status,
            page(&page_title, None, false, move || {
                view! {
                    <CodeFormPage title=title.to_string() intro=intro.to_string() action=action.to_string() label=label.to_string()
                        button=button.to_string() code=code error=error form_token=form_token/>
                }
            }),
        )
            .into_response(),
    )
}

/// The code form again, with what was typed, where too many codes that matched nothing came from
/// one place (or from everyone): how long to wait, as a 429.
fn too_many_codes(kind: CodeForm, typed: String, wait: std::time::Duration, form: &PublicForm) -> Response {
    let message = format!(
        "Too many codes that did not match were tried from where you are. Try again in {}.",
        crate::accounts::throttle::minutes(wait)
    );
    limits::refused(code_form(kind, typed, Some(message), StatusCode::TOO_MANY_REQUESTS, form), wait)
}

/// Before a code is looked up: the refusal to give if wrong codes from this client, or from
/// everyone, are over [`limits::WRONG_CODES`].
async fn held_for_wrong_codes(
    state: &AppState,
    client: &str,
    kind: CodeForm,
    typed: &str,
    form: &PublicForm,
) -> anyhow::Result<Option<Response>> {
    let wait = limits::held(&state.db, limits::WRONG_CODES, client, crate::db::now_ms()).await?;
    Ok(wait.map(|wait| too_many_codes(kind, typed.to_owned(), wait, form)))
}

/// Counts a code that matched nothing; the refusal to give instead of "not found" when that one
/// was over the limit.
async fn count_wrong_code(
    state: &AppState,
    client: &str,
    kind: CodeForm,
    typed: &str,
    form: &PublicForm,
) -> anyhow::Result<Option<Response>> {
    let counted = limits::allow(&state.db, limits::WRONG_CODES, client, crate::db::now_ms()).await?;
    if counted.is_err() {
        tracing::warn!("a code refused: too many that did not match from one place");
    }
    Ok(counted.err().map(|wait| too_many_codes(kind, typed.to_owned(), wait, form)))
}

/// The token for the forms that come before a response (start, carry on, a school's code,
/// taking answers back), from this browser's `chorus_form` cookie, with the cookie to set if it
/// has none; and whether the request's own token matched it.
struct PublicForm {
    token: String,
    cookie: Option<HeaderValue>,
    headers: HeaderMap,
}

impl axum::extract::FromRequestParts<AppState> for PublicForm {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (token, cookie) = csrf::PUBLIC.token(state.config.session_secret.expose(), &parts.headers, state.config.secure_cookies());
        Ok(PublicForm { token, cookie, headers: parts.headers.clone() })
    }
}

impl PublicForm {
    /// Whether `submitted` is this browser's token.
    fn accepts(&self, state: &AppState, submitted: &str) -> bool {
        csrf::PUBLIC.accepts(state.config.session_secret.expose(), &self.headers, submitted)
    }

    /// The code form again, refused with what was typed kept, when `submitted` is not this
    /// browser's token.
    fn refuse_forged(&self, state: &AppState, kind: CodeForm, submitted: &str, typed: &str) -> Option<Response> {
        let forged = "This form had expired or came from another website. Nothing was done: enter the code again.";
        (!self.accepts(state, submitted)).then(|| code_form(kind, typed.to_owned(), Some(forged.into()), StatusCode::FORBIDDEN, self))
    }

    /// A page with one of these forms, setting the cookie its token needs if the browser has none.
    fn page(&self, response: Response) -> Response {
        csrf::with_cookie(response, self.cookie.clone())
    }
}

#[derive(Clone, Copy)]
enum CodeForm {
    Resume,
    Withdraw,
    SchoolCode,
}

async fn resume_form(form: PublicForm) -> Response {
    code_form(CodeForm::Resume, String::new(), None, StatusCode::OK, &form)
}

/// Carries on from a resume code: this browser gets a new secret for the response,
/// so the code works on any device.
async fn resume(
    State(state): State<AppState>,
    Client(client): Client,
    form: PublicForm,
    Form(input): Form<CodeInput>,
) -> AppResult<Response> {
    if let Some(refused) = form.refuse_forged(&state, CodeForm::Resume, &input.form_token, &input.code) {
        return Ok(refused);
    }
    let Some(code) = codes::normalise_code(&input.code) else {
        let message = if input.code.trim().is_empty() { "Enter your code" } else { "Enter the code as it was given, like HXT4-9KMA-QF" };
        return Ok(code_form(CodeForm::Resume, input.code, Some(message.into()), StatusCode::UNPROCESSABLE_ENTITY, &form));
    };
    if let Some(refused) = held_for_wrong_codes(&state, &client, CodeForm::Resume, &input.code, &form).await? {
        return Ok(refused);
    }
    let Some((response_id, slug, engagement_state)) = responses::find_draft_by_resume_code(&state.db, &code).await? else {
        if let Some(refused) = count_wrong_code(&state, &client, CodeForm::Resume, &input.code, &form).await? {
            return Ok(refused);
        }
        return Ok(code_form(
            CodeForm::Resume,
            input.code,
            Some(
                "We could not find answers with that code. Check it and try again. Answers that were already sent cannot be changed."
                    .into(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            &form,
        ));
    };
    // A code expires with its engagement: once the survey has closed, nothing it held can be
    // changed or sent, so the code opens nothing.
    if engagement_state != "open" {
        let closed = "The survey these answers were for has closed, so they can no longer be changed or sent.";
        return Ok(code_form(CodeForm::Resume, input.code, Some(closed.into()), StatusCode::UNPROCESSABLE_ENTITY, &form));
    }
    let token = codes::secret_token();
    responses::replace_token(&state.db, response_id, &codes::hash_secret(&token)).await?;
    Ok(([(SET_COOKIE, set_cookie(&state, &slug, &token, &code))], Redirect::to(&format!("/s/{slug}/check"))).into_response())
}

async fn withdraw_form(form: PublicForm) -> Response {
    code_form(CodeForm::Withdraw, String::new(), None, StatusCode::OK, &form)
}

/// The receipt code, and whether the person has seen what it would delete and confirmed.
#[derive(Deserialize)]
struct WithdrawInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    form_token: String,
}

/// Deleting answers cannot be undone, so the code first shows which survey and when they were
/// sent, and only a second, confirming post deletes them.
async fn withdraw(
    State(state): State<AppState>,
    Client(client): Client,
    form: PublicForm,
    Form(input): Form<WithdrawInput>,
) -> AppResult<Response> {
    if let Some(refused) = form.refuse_forged(&state, CodeForm::Withdraw, &input.form_token, &input.code) {
        return Ok(refused);
    }
    let Some(code) = codes::normalise_code(&input.code) else {
        let message = if input.code.trim().is_empty() {
            "Enter your receipt code"
        } else {
            "Enter the receipt code as it was given, like HXT4-9KMA-QF"
        };
        return Ok(code_form(CodeForm::Withdraw, input.code, Some(message.into()), StatusCode::UNPROCESSABLE_ENTITY, &form));
    };
    let not_found = |typed: String| {
        code_form(
            CodeForm::Withdraw,
            typed,
            Some("We could not find answers with that receipt code. Check it and try again.".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            &form,
        )
    };
    if let Some(refused) = held_for_wrong_codes(&state, &client, CodeForm::Withdraw, &input.code, &form).await? {
        return Ok(refused);
    }
    let Some(receipt) = responses::find_by_receipt(&state.db, &code).await? else {
        if let Some(refused) = count_wrong_code(&state, &client, CodeForm::Withdraw, &input.code, &form).await? {
            return Ok(refused);
        }
        return Ok(not_found(input.code));
    };
    let engagement = (receipt.engagement_title, format!("/e/{}", receipt.engagement_slug));
    let survey_title = receipt.survey_title;
    if input.confirm != "yes" {
        let sent_on = crate::db::date_in_words(receipt.sent_at);
        let form_token = form.token.clone();
        return Ok(form.page(
            page("Are you sure you want to delete your answers?", None, false, move || {
                view! { <WithdrawConfirmPage survey_title=survey_title sent_on=sent_on code=code engagement=engagement form_token=form_token/> }
            })
            .into_response(),
        ));
    }
    if !responses::withdraw(&state.db, &code).await? {
        return Ok(not_found(input.code));
    }
    tracing::info!("a response was withdrawn");
    let paragraphs = vec![format!("We have deleted your answers to \u{201c}{survey_title}\u{201d}. They will not be used.")];
    let link = Some((format!("What happened to what people said about {}", engagement.0), engagement.1));
    Ok(page("Your answers have been deleted", None, false, move || {
        view! { <MessagePage heading="Your answers have been deleted".to_string() paragraphs=paragraphs link=link/> }
    })
    .into_response())
}

/// The code page; a school's letter's QR code opens it with the code filled in.
async fn school_code_form(form: PublicForm, Query(query): Query<CodeInput>) -> Response {
    code_form(CodeForm::SchoolCode, query.code.chars().take(40).collect(), None, StatusCode::OK, &form)
}

/// Starts a response attributed to the school whose access code was given.
/// A school's access code leads to its survey's start page, naming the school, so that a
/// mistyped code that belongs to another school is noticed before anyone answers.
async fn school_code(
    State(state): State<AppState>,
    Client(client): Client,
    form: PublicForm,
    Form(input): Form<CodeInput>,
) -> Result<Response, Response> {
    if let Some(refused) = form.refuse_forged(&state, CodeForm::SchoolCode, &input.form_token, &input.code) {
        return Ok(refused);
    }
    let refuse =
        |message: &str| code_form(CodeForm::SchoolCode, input.code.clone(), Some(message.into()), StatusCode::UNPROCESSABLE_ENTITY, &form);
    let Some(code) = codes::normalise_code(&input.code) else {
        return Ok(refuse(if input.code.trim().is_empty() {
            "Enter your school's access code"
        } else {
            "Enter the code as it was given, like HXT4-9KMA-QF"
        }));
    };
    if let Some(refused) = held_for_wrong_codes(&state, &client, CodeForm::SchoolCode, &input.code, &form).await.map_err(internal)? {
        return Ok(refused);
    }
    let Some((slug, school_id)) = crate::schools::queries::find_code(&state.db, &code).await.map_err(|e| internal(e.into()))? else {
        if let Some(refused) = count_wrong_code(&state, &client, CodeForm::SchoolCode, &input.code, &form).await.map_err(internal)? {
            return Ok(refused);
        }
        return Ok(refuse("We could not find that access code. Check it with the person who gave it to you."));
    };
    let live = live_survey(&state, &slug).await?;
    let Some(school) = crate::schools::queries::find(&state.db, school_id).await.map_err(|e| internal(e.into()))? else {
        return Ok(refuse("We could not find that access code. Check it with the person who gave it to you."));
    };
    let mut view = live_start_view(&live);
    view.school = Some(SchoolStart { name: school.name, district: school.district, code });
    view.form_token = form.token.clone();
    let title = live.definition.title.clone();
    Ok(form.page(page(&title, None, false, move || view! { <SurveyStartPage view=view/> }).into_response()))
}

/// The survey's open link as a full address, for QR codes.
async fn open_link(state: &AppState, slug: &str) -> Result<String, Response> {
    match surveys::find_by_slug(&state.db, slug).await.map_err(internal)? {
        Lookup::Missing => Err(AppError::NotFound.into_response()),
        _ => Ok(format!("{}/s/{slug}", state.config.public_url.trim_end_matches('/'))),
    }
}

async fn qr_svg(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, Response> {
    let link = open_link(&state, &slug).await?;
    let svg = crate::web::qr::svg(&link).map_err(|e| internal(anyhow::anyhow!("QR code: {e}")))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

async fn qr_png(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, Response> {
    let link = open_link(&state, &slug).await?;
    let png = crate::web::qr::png(&link).map_err(|e| internal(anyhow::anyhow!("QR code: {e}")))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/png")], png).into_response())
}
