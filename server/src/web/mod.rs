//! What every feature's pages share: errors, forms, security headers, CSRF tokens, limits on public writes, cookies, display preferences, codes, QR images, printable PDF files, assets and health checks.

pub mod assets;
pub mod codes;
pub mod cookies;
pub mod csrf;
pub mod error;
pub mod forms;
pub mod headers;
pub mod health;
pub mod limits;
pub mod pdf;
pub mod prefs;
pub mod qr;
pub mod serve;

use crate::AppState;
use app::components::StaffBadge;
use app::render::{document, Head};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use leptos::prelude::*;

pub(crate) use assets::bundle;

pub fn router() -> Router<AppState> {
    Router::new().merge(assets::router()).merge(health::router())
}

/// Text with its first letter a capital: "young people" as a heading.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Compression of every response. Gzip is the one encoding Chorus makes, and it says so outright:
/// when another crate in the same build switches on tower-http's decoders, the layer would
/// otherwise agree to br or zstd (which every browser asks for) and then send the body as it is.
pub fn compression() -> tower_http::compression::CompressionLayer {
    tower_http::compression::CompressionLayer::new().no_br().no_deflate().no_zstd()
}

/// A page inside the shared layout.
pub(crate) fn page<V: IntoView + 'static>(
    title: &str,
    staff: Option<StaffBadge>,
    islands: bool,
    body: impl FnOnce() -> V + Send + 'static,
) -> Html<String> {
    Html(document(Head { title, staff, islands, prefs: crate::web::prefs::current() }, body))
}

/// A page with a form: with a problem in what was sent, its title starts "Error: " (so that a
/// screen reader hears it first) and its status is 422, the GOV.UK pattern; else 200.
pub(crate) fn form_page<V: IntoView + 'static>(
    title: &str,
    problem: bool,
    staff: Option<StaffBadge>,
    body: impl FnOnce() -> V + Send + 'static,
) -> Response {
    if problem {
        (axum::http::StatusCode::UNPROCESSABLE_ENTITY, page(&format!("Error: {title}"), staff, false, body)).into_response()
    } else {
        page(title, staff, false, body).into_response()
    }
}

/// A page that asks before a step that cannot be undone; titled by its question.
pub(crate) fn confirm_page(staff: &crate::accounts::auth::Staff, confirm: app::pages::admin::Confirm) -> Response {
    let title = confirm.heading.clone();
    page(&title, Some(staff.badge()), false, move || view! { <app::pages::admin::ConfirmPage confirm=confirm/> }).into_response()
}

/// Whether the browser may keep a page: only pages everyone may read (the home page, an
/// engagement's page, its published results and documents, the information pages) and the
/// bundle and pictures, which set their own caching. Every other page may show answers, codes or
/// personal data, and a school tablet is shared: Back must not bring it up for the next child.
fn may_be_kept(path: &str) -> bool {
    matches!(path, "/" | "/accessibility" | "/privacy" | "/favicon.ico" | "/healthz")
        || path.starts_with("/assets/")
        || path.starts_with("/pkg/")
        || (path.starts_with("/e/") && !["/updates", "/sections/", "/group"].iter().any(|p| path.contains(p)))
}

/// Marks every page that may show answers, codes or personal data `Cache-Control: no-store`,
/// unless it says otherwise itself.
pub async fn no_store(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let kept = may_be_kept(request.uri().path());
    let mut response = next.run(request).await;
    if !kept {
        response.headers_mut().entry(axum::http::header::CACHE_CONTROL).or_insert(axum::http::HeaderValue::from_static("no-store"));
    }
    response
}

/// Refuses an address holding a null character (`%00`) in its path or its query, before any
/// page reads it: PostgreSQL cannot hold one in text, and SQLite would, so both refuse it alike
/// (as forms with one are refused), and nothing is looked up with it.
pub async fn refuse_null(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let uri = request.uri().to_string();
    if uri.contains("%00") || uri.contains('\0') {
        return error::AppError::BadRequest("A web address cannot hold a null character.").into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod cache_tests {
    #[test]
    fn only_pages_everyone_reads_may_be_kept() {
        for kept in ["/", "/e/stls-phase-2", "/e/stls-phase-1/results/easy-read", "/e/x/documents/spec", "/assets/chorus.css", "/privacy"] {
            assert!(super::may_be_kept(kept), "{kept}");
        }
        for not in [
            "/s/young-people/done",
            "/resume",
            "/withdraw",
            "/code",
            "/admin/safeguarding",
            "/e/x/updates",
            "/e/x/documents/spec/sections/aims",
            "/feedback/t",
            "/e/x/group",
            "/group/t",
            "/updates/stop/t",
            "/sign-in",
            "/settings",
        ] {
            assert!(!super::may_be_kept(not), "{not}");
        }
    }
}
