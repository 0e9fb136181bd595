//! The one error type of the web layer. Each variant becomes an accessible HTML page
//! with the right status; internal causes are logged with their chain and never sent.

use app::pages::errors::{ErrorContent, ErrorPage};
use app::render::{document, Head};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request could not be read; the message says why in plain words.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// A form's token was missing, stale or forged.
    #[error("form token rejected")]
    CsrfRejected,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Too much of one costly kind of work at once (checking passwords): try again shortly.
    #[error("busy")]
    Busy,
    /// The request was stopped at its time limit (the form came too slowly, or the work took too long).
    #[error("took too long")]
    TookTooLong,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(anyhow::Error::new(e).context("database"))
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        Self::Internal(anyhow::Error::new(e).context("session"))
    }
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::CsrfRejected | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Busy | Self::TookTooLong => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn content(&self) -> (&'static str, ErrorContent) {
        let home = Some(("Go to the Chorus home page".to_string(), "/".to_string()));
        let page = |heading: &str, paragraphs: &[&str], link: Option<(String, String)>| ErrorContent {
            heading: heading.into(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            link,
        };
        match self {
            Self::NotFound => (
                "Page not found",
                page(
                    "Page not found",
                    &[
                        "If you typed the web address, check it is correct.",
                        "If you pasted the web address, check you copied the entire address.",
                    ],
                    home,
                ),
            ),
            Self::MethodNotAllowed => (
                "Page not found",
                page("This page cannot be used like that", &["Go back to the previous page and use its links and buttons."], home),
            ),
            Self::BadRequest(why) => (
                "There is a problem with what was sent",
                page("There is a problem with what was sent", &[why, "Go back, check what you entered and try again."], home),
            ),
            Self::PayloadTooLarge => (
                "What you sent is too large",
                page(
                    "What you sent is too large",
                    &["The form you sent was larger than Chorus accepts. Go back, shorten your answer and try again."],
                    home,
                ),
            ),
            Self::UnsupportedMediaType => (
                "There is a problem with what was sent",
                page(
                    "There is a problem with what was sent",
                    &["Chorus could not read the form because it was not sent as a web form. Go back and use the page's own button."],
                    home,
                ),
            ),
            Self::CsrfRejected => (
                "Your form has expired",
                page(
                    "Your form has expired",
                    &[
                        "For your security, forms stop working after a while or if they came from another website. Nothing was saved.",
                        "Go back, refresh the page and try again.",
                    ],
                    home,
                ),
            ),
            Self::Forbidden => (
                "You do not have access to this page",
                page(
                    "You do not have access to this page",
                    &["Your account's role does not include this page. If you need it, ask an administrator."],
                    Some(("Go to the staff area".into(), "/admin".into())),
                ),
            ),
            Self::Busy => (
                "Chorus is very busy",
                page("Chorus is very busy", &["Nothing was saved. Wait a minute, then go back and try again."], home),
            ),
            Self::TookTooLong => (
                "That took too long",
                page(
                    "That took too long",
                    &["Chorus stopped because it took too long, so it may not have been saved. Go back, check and try again."],
                    home,
                ),
            ),
            Self::Internal(_) => (
                "Sorry, there is a problem with the service",
                page(
                    "Sorry, there is a problem with the service",
                    &["Try again later. Anything you had already saved has been kept."],
                    home,
                ),
            ),
        }
    }
}

/// Renders an error page with `status`.
pub fn error_page(status: StatusCode, title: &str, content: ErrorContent) -> Response {
    let html = document(
        Head { title, staff: None, islands: false, prefs: crate::web::prefs::current() },
        move || view! { <ErrorPage content=content/> },
    );
    (status, Html(html)).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let (title, content) = self.content();
        let mut response = error_page(self.status_code(), title, content);
        if matches!(self, Self::Busy | Self::TookTooLong) {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("10"));
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
