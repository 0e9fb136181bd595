//! The outcomes framework's pages: the list, and adding, changing and removing an outcome.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::outcomes::queries::{self, GroupChoice, OutcomeRecord};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::framework::{
    FrameworkGroup, FrameworkOutcome, FrameworkPage, MeasuringQuestion, OutcomeForm, OutcomeFormPage, OutcomeValues,
};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/outcomes", get(framework))
        .route("/admin/outcomes/new", get(new_outcome).post(create_outcome))
        .route("/admin/outcomes/{id}", get(outcome).post(update_outcome))
        .route("/admin/outcomes/{id}/remove", post(remove_outcome))
}

const MAX_STATEMENT_CHARS: usize = 200;

/// Words as typed, with runs of spaces and line breaks made one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form filled in from an outcome as it is.
fn values_of(staff: &Staff, o: &OutcomeRecord) -> OutcomeValues {
    OutcomeValues {
        csrf_token: staff.csrf_token.clone(),
        statement: o.statement.clone(),
        group: o.group_id.to_string(),
        new_group: String::new(),
    }
}
const MAX_GROUP_CHARS: usize = 100;

#[derive(Deserialize)]
struct Done {
    done: Option<String>,
}

/// Outcomes in their groups, in the framework's order.
pub fn grouped(records: Vec<OutcomeRecord>) -> Vec<FrameworkGroup> {
    let mut groups: Vec<(i64, FrameworkGroup)> = Vec::new();
    for r in records {
        let outcome = FrameworkOutcome { id: r.id, statement: r.statement, measured_by: r.measured_by };
        match groups.last_mut() {
            Some((id, g)) if *id == r.group_id => g.outcomes.push(outcome),
            _ => groups.push((r.group_id, FrameworkGroup { name: r.group_name, outcomes: vec![outcome] })),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

async fn framework(State(state): State<AppState>, staff: Staff, Query(q): Query<Done>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let groups = grouped(queries::framework(&state.db).await?);
    let can_edit = staff.user.role().can(Permission::EditEngagements);
    let notice = match q.done.as_deref() {
        Some("added") => Some("The outcome is added."),
        Some("saved") => Some("The outcome is saved."),
        Some("removed") => Some("The outcome is removed."),
        _ => None,
    }
    .map(str::to_owned);
    Ok(page(
        "The outcomes framework",
        Some(staff.badge()),
        false,
        move || view! { <FrameworkPage groups=groups can_edit=can_edit notice=notice/> },
    )
    .into_response())
}

/// The outcome form, with the questions linked to `outcome` when changing one.
async fn render(
    state: &AppState,
    staff: &Staff,
    outcome: Option<&OutcomeRecord>,
    values: OutcomeValues,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let groups: Vec<(String, String)> = queries::groups(&state.db).await?.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let can_edit = staff.user.role().can(Permission::EditEngagements);
    let mut questions = Vec::new();
    if let Some(o) = outcome {
        for (survey_id, question_id) in queries::measuring(&state.db, o.id).await? {
            let Some(editable) = crate::surveys::queries::editable(&state.db, survey_id).await? else { continue };
            // A question taken out of the draft may still be in the live version.
            let text = editable
                .definition
                .question(&question_id)
                .map(|q| q.text.clone())
                .unwrap_or_else(|| "A question since taken out of the survey's draft".into());
            let in_draft = editable.definition.question(&question_id).is_some();
            questions.push(MeasuringQuestion {
                survey: format!("{}: {}", editable.engagement_title, editable.definition.title),
                question: text,
                href: (can_edit && in_draft).then(|| format!("/admin/surveys/{survey_id}/questions/{question_id}")),
            });
        }
    }
    let form = OutcomeForm {
        heading: match outcome {
            None => "Add an outcome".into(),
            Some(_) if can_edit => "Change the outcome".into(),
            Some(o) => o.statement.clone(),
        },
        action: outcome.map(|o| format!("/admin/outcomes/{}", o.id)).unwrap_or_else(|| "/admin/outcomes/new".into()),
        groups,
        remove_action: outcome.filter(|o| o.measured_by == 0).map(|o| format!("/admin/outcomes/{}/remove", o.id)),
        kpis: match outcome {
            Some(o) => queries::kpis_of(&state.db, o.id).await?.into_iter().map(|k| (format!("/admin/kpis/{}", k.id), k.name)).collect(),
            None => vec![],
        },
        add_kpi: outcome.filter(|o| can_edit && o.measured_by > 0).map(|o| format!("/admin/outcomes/{}/kpis/new", o.id)),
        questions,
        can_edit,
    };
    let title = form.heading.clone();
    let problem = !errors.is_empty();
    Ok(form_page(&title, problem, Some(staff.badge()), move || view! { <OutcomeFormPage form=form values=values errors=errors/> }))
}

async fn new_outcome(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let first = queries::groups(&state.db).await?.first().map(|(id, _)| id.to_string()).unwrap_or_else(|| "new".into());
    let values = OutcomeValues { csrf_token: staff.csrf_token.clone(), group: first, ..Default::default() };
    render(&state, &staff, None, values, vec![]).await
}

/// The statement and group from the form, or a message for each field in error.
async fn checked(
    state: &AppState,
    values: &OutcomeValues,
    except: Option<i64>,
) -> AppResult<Result<(String, GroupChoice), Vec<FieldError>>> {
    let mut errors = Vec::new();
    let statement = one_line(&values.statement);
    if statement.is_empty() {
        errors.push(FieldError::new("statement", "Enter the outcome statement"));
    } else if statement.chars().count() > MAX_STATEMENT_CHARS {
        errors.push(FieldError::new("statement", format!("The outcome statement must be {MAX_STATEMENT_CHARS} characters or fewer")));
    } else if queries::same_statement(&state.db, &statement, except).await?.is_some() {
        errors.push(FieldError::new("statement", "The framework already has an outcome with these words"));
    }
    let groups = queries::groups(&state.db).await?;
    let new_group = one_line(&values.new_group);
    let group = match values.group.as_str() {
        "new" if new_group.is_empty() => {
            errors.push(FieldError::new("new-group", "Enter the name of the new group"));
            None
        }
        "new" if new_group.chars().count() > MAX_GROUP_CHARS => {
            errors.push(FieldError::new("new-group", format!("The group's name must be {MAX_GROUP_CHARS} characters or fewer")));
            None
        }
        "new" => Some(GroupChoice::New(new_group)),
        chosen => match groups.iter().find(|(id, _)| id.to_string() == chosen) {
            Some((id, _)) => Some(GroupChoice::Existing(*id)),
            None => {
                errors.push(FieldError::new("group", "Choose the outcome's group"));
                None
            }
        },
    };
    Ok(match (errors.is_empty(), group) {
        (true, Some(group)) => Ok((statement, group)),
        _ => Err(errors),
    })
}

async fn create_outcome(State(state): State<AppState>, staff: Staff, Form(input): Form<OutcomeValues>) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let values = OutcomeValues { csrf_token: staff.csrf_token.clone(), ..input };
    match checked(&state, &values, None).await? {
        Err(errors) => render(&state, &staff, None, values, errors).await,
        Ok((statement, group)) => {
            let id = queries::add(&state.db, group, &statement).await?;
            tracing::info!(user_id = staff.user.id, outcome_id = id, "outcome added to the framework");
            Ok(Redirect::to("/admin/outcomes?done=added").into_response())
        }
    }
}

async fn outcome(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let o = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let values = values_of(&staff, &o);
    render(&state, &staff, Some(&o), values, vec![]).await
}

async fn update_outcome(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<OutcomeValues>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let o = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let values = OutcomeValues { csrf_token: staff.csrf_token.clone(), ..input };
    match checked(&state, &values, Some(id)).await? {
        Err(errors) => render(&state, &staff, Some(&o), values, errors).await,
        Ok((statement, group)) => {
            queries::change(&state.db, id, group, &statement).await?;
            tracing::info!(user_id = staff.user.id, outcome_id = id, "outcome changed");
            Ok(Redirect::to("/admin/outcomes?done=saved").into_response())
        }
    }
}

#[derive(Deserialize)]
struct TokenInput {
    #[serde(default)]
    csrf_token: String,
}

async fn remove_outcome(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !queries::remove(&state.db, id).await? {
        // A question was linked to it since the page was shown.
        let o = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let values = values_of(&staff, &o);
        let message = "A question measures this outcome: link the question to another outcome, or to none, before removing it";
        return render(&state, &staff, Some(&o), values, vec![FieldError::new("statement", message)]).await;
    }
    tracing::info!(user_id = staff.user.id, outcome_id = id, "outcome removed from the framework");
    Ok(Redirect::to("/admin/outcomes?done=removed").into_response())
}
