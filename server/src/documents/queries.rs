//! Every query about co-production documents: the document with its draft sections, and the
//! versions published, each kept exactly as it was.

use crate::db::Db;

/// A document as stored; `draft` is its sections as JSON.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DocumentRecord {
    pub id: i64,
    pub engagement_id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub draft: String,
}

const COLUMNS: &str = "id, engagement_id, slug, title, summary, draft";

/// Starts a document with no sections; its web address comes from its title, numbered if taken.
/// Returns its id.
pub async fn insert(db: &Db, engagement_id: i64, slug: &str, title: &str, now: i64) -> sqlx::Result<i64> {
    for n in 1..=1_000 {
        let candidate = if n == 1 { slug.to_owned() } else { format!("{slug}-{n}") };
        let inserted: Option<i64> = sqlx::query_scalar(
            "insert into documents (engagement_id, slug, title, summary, draft, created_at, updated_at) \
             values ($1, $2, $3, '', '[]', $4, $4) on conflict (engagement_id, slug) do nothing returning id",
        )
        .bind(engagement_id)
        .bind(&candidate)
        .bind(title)
        .bind(now)
        .fetch_optional(&db.writer)
        .await?;
        if let Some(id) = inserted {
            return Ok(id);
        }
    }
    Err(sqlx::Error::Protocol(format!("every web address for a document called {title:?} is taken")))
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<DocumentRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from documents where id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub async fn find_by_slug(db: &Db, engagement_id: i64, slug: &str) -> sqlx::Result<Option<DocumentRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from documents where engagement_id = $1 and slug = $2"))
        .bind(engagement_id)
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

/// An engagement's documents, oldest first, each with its latest version's number (0 for none).
pub async fn list(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<(DocumentRecord, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        document: DocumentRecord,
        latest: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select d.id, d.engagement_id, d.slug, d.title, d.summary, d.draft, \
         cast(coalesce((select max(v.number) from document_versions v where v.document_id = d.id), 0) as bigint) as latest \
         from documents d where d.engagement_id = $1 order by d.id",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.document, r.latest)).collect())
}

/// Saves the draft sections, only if nobody else saved since `was` was read; whether it saved.
pub async fn save_draft(db: &Db, id: i64, was: &str, draft: &str, now: i64) -> sqlx::Result<bool> {
    let saved = sqlx::query("update documents set draft = $1, updated_at = $2 where id = $3 and draft = $4")
        .bind(draft)
        .bind(now)
        .bind(id)
        .bind(was)
        .execute(&db.writer)
        .await?;
    Ok(saved.rows_affected() == 1)
}

/// A published version; `sections` as JSON.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VersionRecord {
    pub number: i64,
    pub note: String,
    pub sections: String,
    pub opened_at: i64,
}

/// A document's versions, newest first.
pub async fn versions(db: &Db, document_id: i64) -> sqlx::Result<Vec<VersionRecord>> {
    sqlx::query_as("select number, note, sections, opened_at from document_versions where document_id = $1 order by number desc")
        .bind(document_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn latest_version(db: &Db, document_id: i64) -> sqlx::Result<Option<VersionRecord>> {
    sqlx::query_as("select number, note, sections, opened_at from document_versions where document_id = $1 order by number desc limit 1")
        .bind(document_id)
        .fetch_optional(&db.pool)
        .await
}

/// Publishes the draft as the next version, kept as it is now; returns its number, or `None`
/// when the draft changed since `sections` was read (nothing is published then).
pub async fn publish(db: &Db, document_id: i64, sections: &str, note: &str, user_id: Option<i64>, now: i64) -> sqlx::Result<Option<i64>> {
    let mut tx = db.writer.begin().await?;
    let current: Option<String> =
        sqlx::query_scalar("select draft from documents where id = $1").bind(document_id).fetch_optional(&mut *tx).await?;
    if current.as_deref() != Some(sections) {
        return Ok(None);
    }
    let number: i64 =
        sqlx::query_scalar("select cast(coalesce(max(number), 0) + 1 as bigint) from document_versions where document_id = $1")
            .bind(document_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "insert into document_versions (document_id, number, note, sections, opened_at, opened_by) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(document_id)
    .bind(number)
    .bind(note)
    .bind(sections)
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(number))
}

/// An engagement's published documents for its public page: (slug, title, latest version).
pub async fn published_in(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as(
        "select d.slug, d.title, cast(max(v.number) as bigint) from documents d join document_versions v on v.document_id = d.id \
         where d.engagement_id = $1 group by d.id, d.slug, d.title order by d.id",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}
