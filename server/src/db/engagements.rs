//! Queries on `engagements`.

use super::Db;

/// An engagement as listed on the home page and in the staff area.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EngagementRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub state: String,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
}

const COLUMNS: &str = "id, slug, title, summary, state, opens_at, closes_at";

/// Engagements open for views now, closing soonest first.
pub async fn list_open(db: &Db) -> sqlx::Result<Vec<EngagementRecord>> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from engagements where state = 'open' \
         order by case when closes_at is null then 1 else 0 end, closes_at, title"
    ))
    .fetch_all(&db.pool)
    .await
}

/// Every engagement, newest first.
pub async fn list_all(db: &Db) -> sqlx::Result<Vec<EngagementRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from engagements order by created_at desc, id desc"))
        .fetch_all(&db.pool)
        .await
}

/// The state of an engagement in words.
pub fn state_label(state: &str) -> &'static str {
    match state {
        "draft" => "Draft",
        "open" => "Open",
        "closed" => "Closed",
        "published" => "Results published",
        _ => "Unknown",
    }
}
