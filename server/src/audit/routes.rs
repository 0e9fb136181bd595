//! The audit log's page and download, for administrators.

use super::queries;
use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::web::error::AppResult;
use crate::web::page;
use crate::AppState;
use app::pages::audit::{AuditPage, AuditRow};
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use axum::Router;
use chorus_themes::csv::line;
use leptos::prelude::*;
use serde::Deserialize;

/// Entries on one page.
const PER_PAGE: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/audit", get(log)).route("/admin/audit.csv", get(download))
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<String>,
}

fn who(e: &queries::Entry) -> String {
    if e.display_name.trim().is_empty() {
        e.email.clone()
    } else {
        format!("{} ({})", e.display_name, e.email)
    }
}

async fn log(State(state): State<AppState>, staff: Staff, Query(query): Query<PageQuery>) -> AppResult<Html<String>> {
    staff.require(Permission::ReadAuditLog)?;
    let total = queries::count(&state.db).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page_number = query.page.and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).clamp(1, pages);
    let rows = queries::page(&state.db, PER_PAGE, (page_number - 1) * PER_PAGE)
        .await?
        .into_iter()
        .map(|e| AuditRow { when: crate::db::time_in_words(e.at), who: who(&e), what: e.action.clone(), address: e.address })
        .collect();
    let (page_number, pages, total) = (page_number as usize, pages as usize, total as usize);
    Ok(page("Audit log", Some(staff.badge()), false, move || view! { <AuditPage rows=rows page=page_number pages=pages total=total/> }))
}

async fn download(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Permission::ReadAuditLog)?;
    // With the byte-order mark, as the other downloads, so that spreadsheets read it as UTF-8.
    let mut csv = format!("\u{feff}{}", line(["When (UTC)", "Name", "Email address", "What", "Address"]));
    for e in queries::page(&state.db, i64::MAX, 0).await? {
        let when = time::OffsetDateTime::from_unix_timestamp(e.at)
            .map(|t| {
                format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
            })
            .unwrap_or_default();
        csv.push_str(&line([when, e.display_name, e.email, e.action, e.address]));
    }
    Ok(crate::results::routes::download("text/csv; charset=utf-8", "chorus-audit-log.csv", csv.into()))
}
