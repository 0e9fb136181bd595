//! The staff area. Every handler takes a [`Staff`], so nothing here is reachable
//! signed out.

use crate::web::page;
use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::accounts::queries as users;
use crate::db;
use crate::engagements::queries as engagements;
use crate::web::error::AppResult;
use crate::AppState;
use app::pages::admin::{AdminHomePage, EngagementRow, StaffSummary, UserRow, UsersPage};
use crate::web::error::AppError;
use crate::web::forms::Form;
use app::pages::admin::{EngagementDetail, EngagementPage, SurveyRow};
use app::pages::respond::{QuestionPage, QuestionPageView, QuestionView};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/users", get(list_users))
        .route("/admin/engagements/new", get(new_engagement))
        .route("/admin/engagements", post(create_engagement))
        .route("/admin/engagements/{slug}", get(engagement))
        .route("/admin/engagements/{slug}/edit", get(edit_engagement).post(update_engagement))
        .route("/admin/engagements/{slug}/state", get(confirm_state).post(change_state))
        .route("/admin/surveys/{id}/publish", get(confirm_publish).post(publish))
        .route("/admin/surveys/{id}/preview", get(preview_start))
        .route("/admin/surveys/{id}/preview/{page_id}", get(preview_page))
        .route("/admin/surveys/{id}/preview/{page_id}/continue", get(preview_continue))
        .route("/admin/surveys/{id}/preview-end", get(preview_end))
        .route("/admin/surveys/{id}/codes", get(access_codes).post(make_codes))
        .route("/admin/surveys/{id}/codes/letters", get(code_letters))
        .route("/admin/schools", get(schools).post(import_schools))
}

/// Roles that may see engagements in the staff area. School contacts see only their
/// own school's figures, which a later part of the staff area shows.
/// Roles that may open and close engagements and publish surveys.

async fn home(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    let rows = engagements::list_all(&state.db)
        .await?
        .into_iter()
        .map(|e| EngagementRow {
            slug: e.slug,
            title: e.title,
            state: engagements::state_label(&e.state).into(),
            opens: e.opens_at.map(db::date_in_words),
            closes: e.closes_at.map(db::date_in_words),
        })
        .collect::<Vec<_>>();
    let role = staff.user.role();
    let can_edit = role.can(Permission::EditEngagements);
    let me = StaffSummary {
        email: staff.user.email.clone(),
        display_name: staff.user.display_name.clone(),
        role: role.label().into(),
        is_admin: role.can(Permission::ManageUsers),
        can_edit,
        safeguarding: if role.can(Permission::Safeguard) {
            Some(crate::safeguarding::queries::flagged(&state.db, None).await?.iter().filter(|f| !f.closed()).count())
        } else {
            None
        },
    };
    Ok(page("Staff area", Some(staff.badge()), false, move || view! { <AdminHomePage me=me engagements=rows/> }))
}

async fn list_users(State(state): State<AppState>, staff: Staff) -> AppResult<Html<String>> {
    staff.require(Permission::ManageUsers)?;
    let rows = users::accounts(&state.db)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            role: u.role().label().into(),
            email: u.email,
            display_name: u.display_name,
            created: db::date_in_words(u.created_at),
            disabled: u.disabled_at.is_some(),
        })
        .collect::<Vec<_>>();
    Ok(page("Staff accounts", Some(staff.badge()), false, move || view! { <UsersPage users=rows/> }))
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    done: Option<String>,
}

fn state_action_label(to: &str) -> &'static str {
    match to {
        "open" => "Open for responses",
        "closed" => "Close",
        "published" => "Mark results as published",
        _ => "Change state",
    }
}

async fn engagement(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    staff.require(Permission::ViewEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = crate::results::figures::Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let surveys = crate::surveys::queries::list_for_engagement(&state.db, e.id)
        .await?
        .into_iter()
        .map(|s| SurveyRow {
            id: s.id,
            slug: s.slug,
            title: s.title,
            audience: audience_label(&s.audience).into(),
            live_version: s.live_version,
            draft_changed: s.draft_changed != 0,
            submitted: who.count(s.submitted),
            revision: crate::surveys::queries::revision_of(&s.draft),
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("state") => Some(format!("The engagement is now: {}", engagements::state_label(&e.state))),
        Some("saved") => Some("The engagement's details are saved.".into()),
        Some("published") => Some("The survey is published. New respondents get the new version; answers already given keep theirs.".into()),
        _ => None,
    };
    let detail = EngagementDetail {
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: e.summary,
        state: engagements::state_label(&e.state).into(),
        opens: e.opens_at.map(db::date_in_words),
        closes: e.closes_at.map(db::date_in_words),
        moves: engagements::next_states(&e.state).iter().map(|to| (to.to_string(), state_action_label(to).to_string())).collect(),
        surveys,
        can_edit: staff.can(Permission::EditEngagements),
        can_see_results: staff.can(Permission::SeeResults),
        can_export: staff.can(Permission::ExportResults),
        csrf_token: staff.csrf_token.clone(),
        notice,
    };
    let title = e.title;
    Ok(page(&title, Some(staff.badge()), false, move || view! { <EngagementPage detail=detail/> }))
}

fn audience_label(stored: &str) -> &'static str {
    match stored {
        "young_people" => "Children and young people",
        "parents_carers" => "Parents and carers",
        "schools" => "Schools and settings",
        _ => "Everyone",
    }
}

#[derive(Deserialize)]
struct StateInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    state: String,
}

/// A page that asks before a step that cannot be undone; titled by its question.
fn confirm_page(staff: &Staff, confirm: app::pages::admin::Confirm) -> Response {
    let title = confirm.heading.clone();
    page(&title, Some(staff.badge()), false, move || view! { <app::pages::admin::ConfirmPage confirm=confirm/> }).into_response()
}

#[derive(Deserialize)]
struct ConfirmStateQuery {
    #[serde(default)]
    to: String,
}

/// Before an engagement closes (every survey stops taking answers, and anyone part-way through
/// cannot send theirs) or its results are marked published (for good): what will happen.
async fn confirm_state(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>, Query(query): Query<ConfirmStateQuery>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let back = format!("/admin/engagements/{slug}");
    if !engagements::next_states(&e.state).contains(&query.to.as_str()) {
        return Ok(Redirect::to(&back).into_response());
    }
    let (heading, paragraphs, warning) = match query.to.as_str() {
        "closed" => {
            let unsent = engagements::unsent_responses(&state.db, e.id).await?;
            let unsent = match unsent {
                0 => "Nobody is part-way through a survey now.".to_string(),
                1 => "1 person has started a survey and not sent it yet: they will not be able to send their answers.".to_string(),
                n => format!("{n} people have started a survey and not sent it yet: they will not be able to send their answers."),
            };
            (
                format!("Close \u{201c}{}\u{201d}?", e.title),
                vec!["Its surveys will stop taking answers at once, and their pages will say they have closed.".to_string(), unsent],
                "Answers cannot be sent while it is closed. You can open it again, but people who found it closed may not come back.".to_string(),
            )
        }
        _ => (
            format!("Mark the results of \u{201c}{}\u{201d} as published?", e.title),
            vec!["Do this once the council has shared what it heard.".to_string()],
            "This cannot be undone: an engagement whose results are published cannot be opened again.".to_string(),
        ),
    };
    let confirm = app::pages::admin::Confirm {
        caption: e.title.clone(),
        heading,
        paragraphs,
        warning,
        action: format!("/admin/engagements/{slug}/state"),
        fields: vec![("csrf_token".into(), crate::web::csrf::token(&staff.session).await?), ("state".into(), query.to.clone())],
        button: format!("Yes, {}", state_action_label(&query.to).to_lowercase()),
        cancel: ("No, go back".into(), back),
    };
    Ok(confirm_page(&staff, confirm))
}

#[derive(Deserialize)]
struct ConfirmPublishQuery {
    #[serde(default)]
    revision: String,
}

/// Before a draft becomes the version respondents answer: a published version is kept
/// unchanged for good, and answers from now on are to it.
async fn confirm_publish(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(query): Query<ConfirmPublishQuery>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let draft = crate::surveys::queries::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let next = draft.live_version.unwrap_or(0) + 1;
    let back = format!("/admin/engagements/{}", draft.engagement_slug);
    let mut paragraphs = vec![format!("Everyone who starts \u{201c}{}\u{201d} from now on will answer version {next}.", draft.definition.title)];
    if next > 1 {
        paragraphs.push("Answers already sent stay with the version they answered, and people part-way through carry on with theirs.".into());
    }
    let revision = if query.revision.is_empty() { draft.revision() } else { query.revision };
    let heading = format!("Publish version {next} of \u{201c}{}\u{201d}?", draft.definition.title);
    let confirm = app::pages::admin::Confirm {
        caption: draft.engagement_title.clone(),
        heading,
        paragraphs,
        warning: format!("Version {next} cannot be changed once it is published: later changes make a new version."),
        action: format!("/admin/surveys/{id}/publish"),
        fields: vec![("csrf_token".into(), crate::web::csrf::token(&staff.session).await?), ("revision".into(), revision)],
        button: format!("Yes, publish version {next}"),
        cancel: ("No, go back".into(), back),
    };
    Ok(confirm_page(&staff, confirm))
}

async fn change_state(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<StateInput>,
) -> AppResult<Response> {
    crate::web::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if !engagements::change_state(&state.db, e.id, &input.state).await? {
        return Err(AppError::BadRequest("That change of state is not possible from the state the engagement is in now."));
    }
    tracing::info!(user_id = staff.user.id, engagement = %slug, to = %input.state, "engagement state changed");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}?done=state")).into_response())
}

/// A form that carries only its token (and, from the survey editor, the revision
/// of the draft the person was looking at).
#[derive(Deserialize)]
pub(crate) struct TokenInput {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub revision: String,
}

async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    crate::web::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(Permission::EditEngagements)?;
    let (_, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !input.revision.is_empty() {
        let current = crate::surveys::queries::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if current.revision() != input.revision {
            let content = app::pages::errors::ErrorContent {
                heading: "The draft changed before it was published".into(),
                paragraphs: vec!["Someone else changed this survey after you opened it, so it has not been published. Check the draft again, then publish it.".into()],
                link: Some(("Back to the survey".into(), format!("/admin/surveys/{id}"))),
            };
            return Ok(crate::web::error::error_page(StatusCode::CONFLICT, "Error: The draft changed before it was published", content));
        }
    }
    match crate::surveys::queries::publish(&state.db, id).await {
        Ok(_) => {
            tracing::info!(user_id = staff.user.id, survey_id = id, "survey published");
            Ok(Redirect::to(&format!("/admin/engagements/{engagement}?done=published")).into_response())
        }
        Err(crate::surveys::queries::PublishError::Problems(problems)) => {
            let content = app::pages::errors::ErrorContent {
                heading: "This survey cannot be published yet".into(),
                paragraphs: problems,
                link: Some(("Back to the engagement".into(), format!("/admin/engagements/{engagement}"))),
            };
            Ok(crate::web::error::error_page(StatusCode::UNPROCESSABLE_ENTITY, "Error: This survey cannot be published yet", content))
        }
        Err(crate::surveys::queries::PublishError::Missing) => Err(AppError::NotFound),
        Err(crate::surveys::queries::PublishError::Other(e)) => Err(AppError::Internal(e)),
    }
}

/// A draft's start page exactly as a respondent will see it; "Start now" goes on to
/// the preview of the first page.
async fn preview_start(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let draft = crate::surveys::queries::editable(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let d = &draft.definition;
    let first = d.pages.first().map(|p| format!("/admin/surveys/{id}/preview/{}", p.id));
    let Some(first) = first else { return Ok(Redirect::to(&format!("/admin/engagements/{}", draft.engagement_slug)).into_response()) };
    let view_model = crate::respond::routes::start_view(d, &draft.slug, &draft.engagement_title, &draft.engagement_contact, Some(first));
    let title = format!("Preview: {}", d.title);
    Ok(page(&title, Some(staff.badge()), false, move || {
        view! {
            <div class="notification" role="note"><p class="body">"Preview of the draft. This is exactly what a respondent will see; nothing you choose here is saved."</p></div>
            <app::pages::respond::SurveyStartPage view=view_model/>
        }
    })
    .into_response())
}

/// Where "Back" goes on a preview page: the page the previewer came from, else the one before.
#[derive(Deserialize)]
struct PreviewQuery {
    #[serde(default)]
    from: String,
}

/// A draft's question page exactly as a respondent will see it. Nothing is saved: Continue
/// reads the answers on the page, checks them as a respondent's would be, and follows the
/// page's routes.
async fn preview_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
    Query(query): Query<PreviewQuery>,
) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, _) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let index = draft.page_index(&page_id).ok_or(AppError::NotFound)?;
    Ok(preview_view(&staff, id, &draft, index, &query.from, Default::default(), Default::default(), StatusCode::OK))
}

/// Continue on a preview page: the answers come in the query string (a preview saves nothing,
/// so the form is a GET), and go on exactly where a respondent's would.
async fn preview_continue(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, page_id)): Path<(i64, String)>,
    Query(fields): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, _) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let index = draft.page_index(&page_id).ok_or(AppError::NotFound)?;
    let from = fields.iter().find(|(k, _)| k == "from").map(|(_, v)| v.clone()).unwrap_or_default();
    let (posted, _, _) = crate::respond::routes::group_fields(fields.into_iter().filter(|(k, _)| k != "from").collect());
    let mut answers = app::survey::Answers::new();
    let mut errors = std::collections::HashMap::new();
    for q in &draft.pages[index].questions {
        match q.read(posted.get(&q.id).unwrap_or(&Default::default())) {
            Ok(Some(answer)) => {
                answers.insert(q.id.clone(), answer);
            }
            Ok(None) => {}
            Err(message) => {
                errors.insert(q.id.clone(), message);
            }
        }
    }
    if !errors.is_empty() {
        return Ok(preview_view(&staff, id, &draft, index, &from, posted, errors, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let to = match draft.next_after(index, &answers) {
        app::survey::Next::Page(next) => format!("/admin/surveys/{id}/preview/{}?from={}", draft.pages[next].id, percent_encoding::utf8_percent_encode(&page_id, percent_encoding::NON_ALPHANUMERIC)),
        app::survey::Next::CheckAnswers => format!("/admin/surveys/{id}/preview-end"),
    };
    Ok(Redirect::to(&to).into_response())
}

/// The end of a preview: where a respondent would check their answers and send them.
async fn preview_end(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let paragraphs = vec![
        "A respondent would now see their answers to check, change any of them, and send them.".to_string(),
        "Nothing you chose in the preview was saved.".to_string(),
    ];
    let heading = format!("End of the preview of \u{201c}{}\u{201d}", draft.title);
    Ok(page("End of the preview", Some(staff.badge()), false, move || {
        view! {
            <app::pages::respond::MessagePage heading=heading paragraphs=paragraphs link=Some(("Back to the engagement".to_string(), format!("/admin/engagements/{engagement}")))/>
            <p class="body"><a href=format!("/admin/surveys/{id}/preview")>"Preview again from the start"</a></p>
        }
    })
    .into_response())
}

#[allow(clippy::too_many_arguments)]
fn preview_view(
    staff: &Staff,
    id: i64,
    draft: &app::survey::SurveyDefinition,
    index: usize,
    from: &str,
    mut posted: std::collections::HashMap<String, app::survey::Posted>,
    mut errors: std::collections::HashMap<String, String>,
    status: StatusCode,
) -> Response {
    let back = match draft.page_index(from) {
        Some(previous) if previous < index => format!("/admin/surveys/{id}/preview/{}", draft.pages[previous].id),
        _ => match index {
            0 => format!("/admin/surveys/{id}/preview"),
            i => format!("/admin/surveys/{id}/preview/{}", draft.pages[i - 1].id),
        },
    };
    let total = draft.pages.iter().map(|p| p.questions.len()).sum();
    let position = draft.pages[..index].iter().map(|p| p.questions.len()).sum::<usize>() + 1;
    let page_def = &draft.pages[index];
    let questions: Vec<QuestionView> = page_def
        .questions
        .iter()
        .map(|q| QuestionView { question: q.clone(), posted: posted.remove(&q.id).unwrap_or_default(), error: errors.remove(&q.id), help: false })
        .collect();
    let has_errors = questions.iter().any(|q| q.error.is_some());
    let view_model = QuestionPageView {
        slug: String::new(),
        page_id: page_def.id.clone(),
        survey_title: draft.title.clone(),
        position,
        total,
        back_href: back,
        form_token: String::new(),
        questions,
        changing: false,
        easy_read: crate::web::prefs::current().easy_read,
        preview_next: Some(format!("/admin/surveys/{id}/preview/{}/continue", page_def.id)),
    };
    let first = page_def.questions.first().map(|q| q.text.as_str()).unwrap_or("");
    let title = if has_errors { format!("Error: Preview: {first}") } else { format!("Preview: {first}") };
    (
        status,
        page(&title, Some(staff.badge()), true, move || {
            view! {
                <div class="notification" role="note"><p class="body">"Preview of the draft. This is exactly what a respondent will see; nothing you choose here is saved."</p></div>
                <QuestionPage view=view_model/>
            }
        }),
    )
        .into_response()
}

fn school_rows(list: Vec<(crate::schools::queries::SchoolRecord, Option<String>)>) -> Vec<app::pages::schools::SchoolRow> {
    list.into_iter()
        .map(|(s, code)| app::pages::schools::SchoolRow { name: s.name, district: s.district, phase: s.phase, address: s.address, code, sent: None })
        .collect()
}

async fn render_schools(
    state: &AppState,
    staff: &Staff,
    csv: String,
    problems: Vec<String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let rows = school_rows(crate::schools::queries::list(&state.db).await?.into_iter().map(|s| (s, None)).collect());
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if problems.is_empty() { "Schools and settings" } else { "Error: Schools and settings" };
    let (can_edit, token) = (staff.can(Permission::EditEngagements), staff.csrf_token.clone());
    Ok((
        status,
        page(title, Some(staff.badge()), false, move || {
            view! { <app::pages::schools::SchoolsPage schools=rows can_edit=can_edit csrf_token=token csv=csv problems=problems notice=notice/> }
        }),
    )
        .into_response())
}

async fn schools(State(state): State<AppState>, staff: Staff, Query(query): Query<NoticeQuery>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let notice = query.done.filter(|d| d.starts_with("added-")).map(|d| {
        let (added, skipped) = d.trim_start_matches("added-").split_once('-').unwrap_or(("0", "0"));
        let (added, skipped) = (added.parse().unwrap_or(0), skipped.parse().unwrap_or(0));
        let already = match skipped {
            0 => String::new(),
            1 => " 1 was already listed.".to_string(),
            n => format!(" {n} were already listed."),
        };
        format!("Added {}.{already}", app::pages::schools::schools_count(added))
    });
    render_schools(&state, &staff, String::new(), Vec::new(), notice).await
}

#[derive(Deserialize)]
struct ImportInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    csv: String,
}

async fn import_schools(State(state): State<AppState>, staff: Staff, Form(input): Form<ImportInput>) -> AppResult<Response> {
    crate::web::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(Permission::EditEngagements)?;
    let rows = match crate::schools::csv::parse(&input.csv) {
        Ok(rows) => rows,
        Err(problems) => return render_schools(&state, &staff, input.csv, problems, None).await,
    };
    let mut added = 0;
    for row in &rows {
        if crate::schools::queries::insert(&state.db, &row.name, &row.district, &row.phase, &row.address).await? {
            added += 1;
        }
    }
    tracing::info!(user_id = staff.user.id, added, "schools imported");
    Ok(Redirect::to(&format!("/admin/schools?done=added-{added}-{}", rows.len() - added)).into_response())
}

async fn access_codes(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_slug(&state.db, &engagement).await?.ok_or(AppError::NotFound)?;
    // Which schools have answered, so that those that have not can be reminded; small counts
    // are hidden below administrator, as on every other page.
    let who = crate::results::figures::Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let sent = crate::schools::queries::sent_by_school(&state.db, id).await?;
    let listed = crate::schools::queries::with_codes(&state.db, id).await?;
    let counts: Vec<String> = listed.iter().map(|(s, _)| who.count(sent.get(&s.id).copied().unwrap_or(0))).collect();
    let mut rows = school_rows(listed);
    for (row, count) in rows.iter_mut().zip(counts) {
        row.sent = Some(count);
    }
    let notice = (query.done.as_deref() == Some("codes")).then(|| "Access codes made.".to_string());
    let (can_edit, token, title) = (staff.can(Permission::EditEngagements), staff.csrf_token.clone(), draft.title);
    Ok(page("Access codes", Some(staff.badge()), false, move || {
        view! {
            <app::pages::schools::AccessCodesPage survey_id=id survey_title=title engagement_slug=engagement rows=rows
                can_edit=can_edit csrf_token=token notice=notice/>
        }
    }))
}

/// A letter for each school with a code for this survey, to print: the code, where to use it,
/// and a QR code that opens the code page with the code filled in.
async fn code_letters(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Html<String>> {
    staff.require(Permission::ViewEngagements)?;
    let (draft, engagement) = crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = engagements::find_by_slug(&state.db, &engagement).await?.ok_or(AppError::NotFound)?;
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let mut letters = Vec::new();
    for (school, code) in crate::schools::queries::with_codes(&state.db, id).await? {
        let Some(code) = code else { continue };
        let qr_svg = crate::web::qr::svg(&format!("{base}/code?code={code}")).map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
        letters.push(app::pages::schools::Letter { school: school.name, address: school.address, code, code_page: format!("{base}/code"), qr_svg });
    }
    let (title, intro, contact, closes) = (draft.title.clone(), draft.intro.clone(), e.contact.clone(), e.closes_at.map(db::date_in_words));
    Ok(page("Letters with access codes", Some(staff.badge()), false, move || {
        view! { <app::pages::schools::CodeLettersPage survey_id=id survey_title=title intro=intro closes=closes contact=contact letters=letters/> }
    }))
}

async fn make_codes(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Form(input): Form<TokenInput>) -> AppResult<Response> {
    crate::web::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(Permission::EditEngagements)?;
    crate::surveys::queries::draft(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let made = crate::schools::queries::generate_codes(&state.db, id, crate::web::codes::short_code).await?;
    tracing::info!(user_id = staff.user.id, survey_id = id, made, "access codes made");
    Ok(Redirect::to(&format!("/admin/surveys/{id}/codes?done=codes")).into_response())
}

use app::pages::engagement_form::{EngagementFormPage, EngagementFormValues};

#[derive(Deserialize)]
struct EngagementPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    values: EngagementFormValues,
}

fn engagement_form(
    staff: &Staff,
    heading: &str,
    action: String,
    back_href: String,
    values: EngagementFormValues,
    errors: Vec<app::components::FieldError>,
) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { heading.to_owned() } else { format!("Error: {heading}") };
    let (heading, token) = (heading.to_owned(), staff.csrf_token.clone());
    (
        status,
        page(&title, Some(staff.badge()), false, move || {
            view! { <EngagementFormPage heading=heading action=action back_href=back_href csrf_token=token values=values errors=errors/> }
        }),
    )
        .into_response()
}

async fn new_engagement(staff: Staff) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    Ok(engagement_form(&staff, "Create an engagement", "/admin/engagements".into(), "/admin".into(), Default::default(), vec![]))
}

async fn create_engagement(State(state): State<AppState>, staff: Staff, Form(input): Form<EngagementPost>) -> AppResult<Response> {
    crate::web::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(Permission::EditEngagements)?;
    match crate::engagements::form::parse(&input.values) {
        Err(errors) => Ok(engagement_form(&staff, "Create an engagement", "/admin/engagements".into(), "/admin".into(), input.values, errors)),
        Ok(checked) => {
            let slug = engagements::insert(&state.db, &checked).await?;
            tracing::info!(user_id = staff.user.id, engagement = %slug, "engagement created");
            Ok(Redirect::to(&format!("/admin/engagements/{slug}")).into_response())
        }
    }
}

async fn edit_engagement(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let values = crate::engagements::form::values_of(&e);
    Ok(engagement_form(&staff, "Change the engagement", format!("/admin/engagements/{slug}/edit"), format!("/admin/engagements/{slug}"), values, vec![]))
}

async fn update_engagement(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<EngagementPost>,
) -> AppResult<Response> {
    crate::web::csrf::verify(&staff.session, &input.csrf_token).await?;
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    match crate::engagements::form::parse(&input.values) {
        Err(errors) => Ok(engagement_form(
            &staff,
            "Change the engagement",
            format!("/admin/engagements/{slug}/edit"),
            format!("/admin/engagements/{slug}"),
            input.values,
            errors,
        )),
        Ok(checked) => {
            engagements::update(&state.db, e.id, &checked).await?;
            tracing::info!(user_id = staff.user.id, engagement = %slug, "engagement changed");
            Ok(Redirect::to(&format!("/admin/engagements/{slug}?done=saved")).into_response())
        }
    }
}
