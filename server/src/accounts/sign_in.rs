//! Signing in and out. Forms work without JavaScript: a problem re-renders the form
//! with an error summary and keeps the email typed.

use crate::accounts::auth::{safe_next, SIGNED_IN_AT, USER_ID};
use crate::accounts::passwords;
use crate::accounts::queries as users;
use crate::domain::Email;
use crate::web::csrf;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::page;
use crate::AppState;
use app::components::FieldError;
use app::pages::sign_in::{SignInForm, SignInPage, SignOutPage, SignedOutPage};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Extension;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new().route("/sign-in", get(show_sign_in).post(sign_in)).route("/sign-out", get(show_sign_out).post(sign_out))
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// The sign-in page. It needs no session: its form's token comes from a cookie of its own, so
/// showing it to anyone (or to a script asking for it a million times) stores nothing.
async fn show_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Query(query): Query<NextQuery>,
) -> AppResult<Response> {
    if session.get::<i64>(USER_ID).await?.is_some() {
        return Ok(Redirect::to(safe_next(query.next.as_deref())).into_response());
    }
    let (csrf_token, cookie) = csrf::SIGN_IN.token(state.config.session_secret.expose(), &headers, state.config.secure_cookies());
    let form = SignInForm { next: query.next.filter(|n| safe_next(Some(n)) == n), csrf_token, ..SignInForm::default() };
    Ok(csrf::with_cookie(render(StatusCode::OK, form).into_response(), cookie))
}

fn render(status: StatusCode, form: SignInForm) -> (StatusCode, Html<String>) {
    let title = if form.errors.is_empty() { "Sign in" } else { "Error: Sign in" };
    (status, page(title, None, true, move || view! { <SignInPage form=form/> }))
}

/// The posted form. Every field defaults to empty, so a missing one is reported
/// like an empty one rather than refused outright.
#[derive(Deserialize)]
struct SignInInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn sign_in(
    State(state): State<AppState>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    session: Session,
    Form(input): Form<SignInInput>,
) -> AppResult<Response> {
    let mut form =
        SignInForm { email: input.email.clone(), next: input.next.clone().filter(|n| safe_next(Some(n)) == n), ..SignInForm::default() };

    let server_secret = state.config.session_secret.expose();
    if !csrf::SIGN_IN.accepts(server_secret, &headers, &input.csrf_token) {
        let (token, cookie) = csrf::SIGN_IN.fresh(server_secret, state.config.secure_cookies());
        form.csrf_token = token;
        form.errors.push(FieldError::new("email", "Your sign-in form had expired or came from another website. Enter your details again."));
        return Ok(csrf::with_cookie(render(StatusCode::FORBIDDEN, form).into_response(), Some(cookie)));
    }
    form.csrf_token = input.csrf_token.clone();

    let email = Email::parse(&input.email).map_err(|e| form.errors.push(FieldError::new("email", e.to_string()))).ok();
    if input.password.is_empty() {
        form.errors.push(FieldError::new("password", "Enter your password"));
    }
    let Some(email) = email.filter(|_| form.errors.is_empty()) else {
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, form).into_response());
    };

    // Too many attempts with this address from this client lately: no password is checked
    // until the wait is over, right or wrong. The attempt counts from the moment it starts.
    let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let peer = connection.map(|Extension(ConnectInfo(addr))| addr.ip());
    let client = crate::accounts::throttle::client_address(peer, &forwarded, state.config.trusted_proxies);
    let known = crate::accounts::throttle::known_device(server_secret, &headers, email.as_str());
    let attempt = crate::accounts::throttle::attempt(&state.db, email.as_str(), &client, crate::db::now_ms(), known).await?;
    if let Err(wait) = attempt {
        tracing::warn!("sign-in refused: too many attempts for one address");
        form.errors.push(FieldError::new(
            "email",
            format!(
                "There have been too many attempts to sign in with this email address. Wait {} and try again, or ask an administrator for help.",
                crate::accounts::throttle::minutes(wait)
            ),
        ));
        let mut response = render(StatusCode::TOO_MANY_REQUESTS, form).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return Ok(response);
    }

    let user = users::find_active_by_email(&state.db, &email).await?;
    let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
    let verified = match passwords::verify(input.password, stored_hash).await {
        // So many passwords are being checked that this one did not get a turn: say so, and
        // keep the address typed.
        Err(AppError::Busy) => {
            if let Ok(id) = attempt {
                crate::accounts::throttle::not_made(&state.db, id).await?;
            }
            form.errors.push(FieldError::new("email", "Chorus is very busy. Nothing was checked: wait a minute and try again."));
            let mut response = render(StatusCode::SERVICE_UNAVAILABLE, form).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
            return Ok(response);
        }
        checked => checked?,
    };
    let Some(user) = user.filter(|_| verified) else {
        tracing::info!("sign-in refused");
        form.errors.push(FieldError::new("email", "The email address or password is not right. Check them and try again."));
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, form).into_response());
    };
    crate::accounts::throttle::succeeded(&state.db, email.as_str(), &client).await?;

    // A new session id on sign-in, so an id planted before it is worthless after.
    session.cycle_id().await?;
    session.insert(USER_ID, user.id).await?;
    session.insert(SIGNED_IN_AT, crate::db::now_ms()).await?;
    csrf::rotate(&session).await?;
    tracing::info!(user_id = user.id, "signed in");
    // This device is now known for this address: floods of attempts from elsewhere do not keep
    // its owner out here.
    let device = crate::web::cookies::set(
        crate::accounts::throttle::DEVICE_COOKIE,
        &crate::accounts::throttle::device_token(server_secret, email.as_str()),
        "/sign-in",
        Some(tower_sessions::cookie::time::Duration::days(crate::accounts::throttle::DEVICE_DAYS)),
        state.config.secure_cookies(),
    );
    Ok(csrf::with_cookie(Redirect::to(safe_next(input.next.as_deref())).into_response(), Some(device)))
}

async fn show_sign_out(session: Session) -> AppResult<Html<String>> {
    if session.get::<i64>(USER_ID).await?.is_none() {
        return Ok(page("You have signed out", None, false, || view! { <SignedOutPage/> }));
    }
    let token = csrf::token(&session).await?;
    Ok(page("Sign out", None, false, move || view! { <SignOutPage csrf_token=token/> }))
}

#[derive(Deserialize)]
struct SignOutInput {
    #[serde(default)]
    csrf_token: String,
}

async fn sign_out(session: Session, Form(input): Form<SignOutInput>) -> AppResult<Html<String>> {
    csrf::verify(&session, &input.csrf_token).await?;
    if let Some(user_id) = session.get::<i64>(USER_ID).await? {
        tracing::info!(user_id, "signed out");
    }
    session.flush().await?;
    Ok(page("You have signed out", None, false, || view! { <SignedOutPage/> }))
}
