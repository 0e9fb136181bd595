//! The demo's own queries: what it checks before loading, the engagements it makes with their
//! dates, and the made-up responses it spreads over four weeks.

use crate::db::Db;

pub async fn engagement_exists(db: &Db, slug: &str) -> sqlx::Result<bool> {
    let id: Option<i64> = sqlx::query_scalar("select id from engagements where slug = $1").bind(slug).fetch_optional(&db.pool).await?;
    Ok(id.is_some())
}

/// An engagement as the demo makes it, in a given state with its dates set.
pub async fn insert_engagement(
    db: &Db,
    (slug, title, state, contact): (&str, &str, &str, &str),
    summary: &str,
    easy_read: &str,
    (opens, closes): (i64, i64),
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into engagements (slug, title, summary, easy_read_summary, state, opens_at, closes_at, contact, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $6) returning id",
    )
    .bind(slug)
    .bind(title)
    .bind(summary)
    .bind(easy_read)
    .bind(state)
    .bind(opens)
    .bind(closes)
    .bind(contact)
    .fetch_one(&db.writer)
    .await
}

/// When an engagement closes, if it exists and has a date.
pub async fn closes_at(db: &Db, slug: &str) -> sqlx::Result<Option<i64>> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("select closes_at from engagements where slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?
        .flatten())
}

/// An engagement's surveys' live versions: (version id, survey slug).
pub async fn live_versions(db: &Db, engagement_slug: &str) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "select v.id, s.slug from surveys s join engagements e on e.id = s.engagement_id \
         join survey_versions v on v.id = s.live_version_id where e.slug = $1 order by s.id",
    )
    .bind(engagement_slug)
    .fetch_all(&db.pool)
    .await
}

pub async fn school_ids(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("select id from schools order by id").fetch_all(&db.pool).await
}

/// Moves the responses to an engagement started since `began` back by `earlier` seconds and
/// spreads them over four weeks, as real responses would be.
pub async fn spread_over_weeks(db: &Db, engagement_slug: &str, began: i64, earlier: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update responses set started_at = started_at - $2 - (id % 28) * 86400 - (id % 7) * 3600, \
         submitted_at = case when submitted_at is null then null else submitted_at - $2 - (id % 28) * 86400 end, \
         updated_at = updated_at - $2 - (id % 28) * 86400 where started_at >= $1 and survey_version_id in ( \
           select v.id from survey_versions v join surveys s on s.id = v.survey_id join engagements e on e.id = s.engagement_id \
           where e.slug = $3)",
    )
    .bind(began)
    .bind(earlier)
    .bind(engagement_slug)
    .execute(&db.writer)
    .await?;
    Ok(())
}
