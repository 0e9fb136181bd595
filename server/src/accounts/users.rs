//! Staff accounts, for administrators: add one, change its role, disable or enable it, and
//! make a one-time link for its holder to set a password (for a new account, or a forgotten
//! password). The link is the only way a password is chosen here, so no administrator ever
//! knows anyone else's. `/set-password/{secret}` is where the link leads, signed out.

use crate::accounts::auth::Staff;
use crate::accounts::passwords;
use crate::accounts::permissions::Permission;
use crate::accounts::queries::{self as users, InsertUserError};
use crate::db;
use crate::domain::{Email, NewPassword, Role};
use crate::web::csrf;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::accounts::{AccountPage, AccountView, NewAccountPage, NewAccountValues, PasswordSetPage, SetPasswordForm, SetPasswordPage};
use app::pages::admin::{UserRow, UsersPage};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list_users))
        .route("/admin/users/new", get(new_account).post(add_account))
        .route("/admin/users/{id}", get(account))
        .route("/admin/users/{id}/role", post(change_role))
        .route("/admin/users/{id}/status", post(change_status))
        .route("/admin/users/{id}/password-link", post(password_link))
        .route("/admin/users/{id}/schools", post(change_schools))
        .route("/set-password/{secret}", get(show_set_password).post(set_password))
}

/// Where a new link waits, in the administrator's session, to be shown once.
const NEW_LINK: &str = "new_password_link";

async fn new_account(staff: Staff) -> AppResult<Html<String>> {
    staff.require(Permission::ManageUsers)?;
    let token = staff.csrf_token.clone();
    let values = NewAccountValues { role: Role::Viewer.as_str().into(), ..NewAccountValues::default() };
    Ok(page(
        "Add a staff account",
        Some(staff.badge()),
        false,
        move || view! { <NewAccountPage values=values csrf_token=token errors=vec![]/> },
    ))
}

#[derive(Deserialize)]
struct NewAccountInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    values: NewAccountValues,
}

async fn add_account(State(state): State<AppState>, staff: Staff, Form(input): Form<NewAccountInput>) -> AppResult<Response> {
    staff.require_post(Permission::ManageUsers, &input.csrf_token).await?;
    let mut values = input.values;
    values.display_name = values.display_name.trim().to_string();
    let mut errors = Vec::new();
    if values.display_name.is_empty() {
        errors.push(FieldError::new("display-name", "Enter their name"));
    } else if values.display_name.chars().count() > 100 {
        errors.push(FieldError::new("display-name", "The name must be 100 characters or fewer"));
    }
    let email = Email::parse(&values.email).map_err(|e| errors.push(FieldError::new("email", e.to_string()))).ok();
    let role = Role::parse(&values.role);
    if role.is_none() {
        errors.push(FieldError::new("role", "Choose a role"));
    }
    if let (Some(email), Some(role), true) = (&email, role, errors.is_empty()) {
        // Nobody knows this password: the account is reached through the link alone.
        let unusable = passwords::hash(crate::web::codes::secret_token()).await?;
        match users::insert(&state.db, email, &values.display_name, &unusable, role).await {
            Ok(id) => {
                let secret = users::make_password_link(&state.db, id, staff.user.id).await?;
                staff.session.insert(NEW_LINK, (id, secret)).await?;
                tracing::info!(user_id = staff.user.id, account = id, role = role.as_str(), "staff account added");
                return Ok(Redirect::to(&format!("/admin/users/{id}?done=added")).into_response());
            }
            Err(InsertUserError::EmailTaken) => {
                errors.push(FieldError::new("email", "There is already an account with this email address"))
            }
            Err(InsertUserError::Database(e)) => return Err(AppError::Internal(e.into())),
        }
    }
    let token = staff.csrf_token.clone();
    let html = page(
        "Error: Add a staff account",
        Some(staff.badge()),
        false,
        move || view! { <NewAccountPage values=values csrf_token=token errors=errors/> },
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn account(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(query): Query<DoneQuery>) -> AppResult<Response> {
    staff.require(Permission::ManageUsers)?;
    let notice = match query.done.as_deref() {
        Some("added") => Some("The account is added. It can be used once its holder has set a password."),
        Some("role") => Some("The role is saved. It applies from their next page."),
        Some("disabled") => Some("The account is disabled. They are signed out and cannot sign in."),
        Some("enabled") => Some("The account is enabled. They can sign in again."),
        Some("link") => Some("There is a new link to set a password, below."),
        Some("schools") => Some("The schools they speak for are saved."),
        _ => None,
    };
    Ok(not_kept(render_account(&state, &staff, id, notice.map(str::to_owned), vec![]).await?))
}

async fn render_account(state: &AppState, staff: &Staff, id: i64, notice: Option<String>, errors: Vec<FieldError>) -> AppResult<Response> {
    let a = users::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // A link just made is shown once, on this account's page only.
    let password_link = match staff.session.get::<(i64, String)>(NEW_LINK).await? {
        Some((for_id, secret)) if for_id == id => {
            staff.session.remove::<(i64, String)>(NEW_LINK).await?;
            Some(format!("{}/set-password/{secret}", state.config.public_url.trim_end_matches('/')))
        }
        _ => None,
    };
    let schools = if a.role().can(Permission::SeeOwnSchools) {
        let linked = crate::schools::queries::of_contact(&state.db, a.id).await?;
        let label = |s: &crate::schools::queries::SchoolRecord| (s.id, format!("{}, {}", s.name, s.district));
        let others =
            crate::schools::queries::list(&state.db).await?.iter().filter(|s| !linked.iter().any(|l| l.id == s.id)).map(label).collect();
        Some((linked.iter().map(label).collect(), others))
    } else {
        None
    };
    let view = AccountView {
        id: a.id,
        role_label: a.role().label().into(),
        role: a.role.clone(),
        display_name: a.display_name,
        email: a.email,
        added: crate::db::date_in_words(a.created_at),
        disabled: a.disabled_at.is_some(),
        is_me: a.id == staff.user.id,
        password_link,
        notice,
        schools,
    };
    let title = if view.display_name.is_empty() { view.email.clone() } else { view.display_name.clone() };
    let (token, problem) = (staff.csrf_token.clone(), !errors.is_empty());
    Ok(form_page(&title, problem, Some(staff.badge()), move || view! { <AccountPage account=view csrf_token=token errors=errors/> }))
}

#[derive(Deserialize)]
struct RoleInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    role: String,
}

/// The account an administrator may change: any but their own, so that nobody locks
/// themselves out and there is always an administrator left.
async fn changeable(state: &AppState, staff: &Staff, id: i64) -> AppResult<users::Account> {
    let a = users::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if a.id == staff.user.id {
        return Err(AppError::BadRequest("You cannot change your own role or disable your own account. Ask another administrator."));
    }
    Ok(a)
}

async fn change_role(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<RoleInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::ManageUsers, &input.csrf_token).await?;
    let a = changeable(&state, &staff, id).await?;
    let Some(role) = Role::parse(&input.role) else {
        return render_account(&state, &staff, id, None, vec![FieldError::new("role", "Choose a role")]).await;
    };
    if !users::set_role(&state.db, staff.user.id, a.id, role).await? {
        return Err(AppError::Forbidden);
    }
    tracing::info!(user_id = staff.user.id, account = a.id, from = %a.role, to = role.as_str(), "staff role changed");
    Ok(Redirect::to(&format!("/admin/users/{id}?done=role")).into_response())
}

#[derive(Deserialize)]
struct SchoolInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    school_id: String,
    #[serde(default)]
    remove: String,
}

/// The school contact and school a post names, both checked.
async fn contact_and_school(state: &AppState, staff: &Staff, id: i64, input: &SchoolInput) -> AppResult<(i64, i64)> {
    staff.require_post(Permission::ManageUsers, &input.csrf_token).await?;
    let a = users::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !a.role().can(Permission::SeeOwnSchools) {
        return Err(AppError::BadRequest("Only a school contact's account speaks for schools. Change its role first."));
    }
    let school = input.school_id.parse::<i64>().ok().ok_or(AppError::BadRequest("Choose a school from the list."))?;
    crate::schools::queries::find(&state.db, school).await?.ok_or(AppError::BadRequest("That school is no longer in the list."))?;
    Ok((a.id, school))
}

/// Adds a school to those a school contact speaks for, or (`remove=yes`) takes one away.
async fn change_schools(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<SchoolInput>,
) -> AppResult<Response> {
    let (user, school) = contact_and_school(&state, &staff, id, &input).await?;
    if input.remove == "yes" {
        crate::schools::queries::unlink_contact(&state.db, user, school).await?;
    } else {
        crate::schools::queries::link_contact(&state.db, user, school).await?;
    }
    tracing::info!(user_id = staff.user.id, account = user, school, removed = input.remove == "yes", "school contact's schools changed");
    Ok(Redirect::to(&format!("/admin/users/{id}?done=schools")).into_response())
}

#[derive(Deserialize)]
struct StatusInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    disabled: String,
}

async fn change_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<StatusInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::ManageUsers, &input.csrf_token).await?;
    let a = changeable(&state, &staff, id).await?;
    let disabled = match input.disabled.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest("Choose whether the account is disabled.")),
    };
    if !users::set_disabled(&state.db, staff.user.id, a.id, disabled).await? {
        return Err(AppError::Forbidden);
    }
    tracing::info!(user_id = staff.user.id, account = a.id, disabled, "staff account status changed");
    Ok(Redirect::to(&format!("/admin/users/{id}?done={}", if disabled { "disabled" } else { "enabled" })).into_response())
}

#[derive(Deserialize)]
struct TokenOnly {
    #[serde(default)]
    csrf_token: String,
}

async fn password_link(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<TokenOnly>,
) -> AppResult<Response> {
    staff.require_post(Permission::ManageUsers, &input.csrf_token).await?;
    let a = users::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let secret = users::make_password_link(&state.db, a.id, staff.user.id).await?;
    staff.session.insert(NEW_LINK, (a.id, secret)).await?;
    tracing::info!(user_id = staff.user.id, account = a.id, "link to set a password made");
    Ok(Redirect::to(&format!("/admin/users/{id}?done=link")).into_response())
}

/// Pages that show or use a link to set a password are never kept by the browser, so that
/// Back on a shared computer cannot bring one up again.
fn not_kept(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn link_gone() -> Response {
    let content = app::pages::errors::ErrorContent {
        heading: "This link no longer works".into(),
        paragraphs: vec![
            "A link to set a password works once, for 7 days. This one has been used, has expired, or is for an account that is disabled."
                .into(),
            "Ask an administrator for a new link.".into(),
        ],
        link: Some(("Go to sign in".into(), "/sign-in".into())),
    };
    not_kept(crate::web::error::error_page(StatusCode::GONE, "This link no longer works", content))
}

async fn show_set_password(State(state): State<AppState>, session: Session, Path(secret): Path<String>) -> AppResult<Response> {
    let Some(a) = users::password_link(&state.db, &secret).await? else { return Ok(link_gone()) };
    let form = SetPasswordForm {
        email: a.email,
        action: format!("/set-password/{secret}"),
        csrf_token: csrf::token(&session).await?,
        errors: vec![],
    };
    Ok(not_kept(page("Choose a password", None, true, move || view! { <SetPasswordPage form=form/> }).into_response()))
}

#[derive(Deserialize)]
struct SetPasswordInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn set_password(
    State(state): State<AppState>,
    session: Session,
    Path(secret): Path<String>,
    Form(input): Form<SetPasswordInput>,
) -> AppResult<Response> {
    let Some(a) = users::password_link(&state.db, &secret).await? else { return Ok(link_gone()) };
    let mut form =
        SetPasswordForm { email: a.email.clone(), action: format!("/set-password/{secret}"), csrf_token: String::new(), errors: vec![] };
    let fresh = match csrf::verify(&session, &input.csrf_token).await {
        Ok(()) => true,
        Err(AppError::CsrfRejected) => false,
        Err(other) => return Err(other),
    };
    if !fresh {
        form.errors.push(FieldError::new("password", "The form had expired or came from another website. Enter your new password again."));
    } else if input.password.is_empty() {
        form.errors.push(FieldError::new("password", "Enter a new password"));
    } else {
        match NewPassword::parse(input.password.clone()) {
            Err(e) => form.errors.push(FieldError::new("password", e)),
            Ok(_) if input.confirm.is_empty() => form.errors.push(FieldError::new("confirm", "Enter the new password again")),
            Ok(_) if input.confirm != input.password => {
                form.errors.push(FieldError::new("confirm", "The passwords do not match. Enter the same password twice"))
            }
            Ok(password) => {
                let hash = passwords::hash(password.expose().to_owned()).await?;
                if !users::use_password_link(&state.db, &secret, &hash).await? {
                    return Ok(link_gone());
                }
                // Whoever set it may sign in straight away, however many wrong guesses came before.
                crate::accounts::throttle::forget(&state.db, &a.email).await?;
                tracing::info!(account = a.id, "password set through a link");
                return Ok(not_kept(page("Your password is set", None, false, || view! { <PasswordSetPage/> }).into_response()));
            }
        }
    }
    form.csrf_token = csrf::token(&session).await?;
    Ok(not_kept(
        (StatusCode::UNPROCESSABLE_ENTITY, page("Error: Choose a password", None, true, move || view! { <SetPasswordPage form=form/> }))
            .into_response(),
    ))
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
