//! Queries on `engagements`.

use crate::db::Db;

/// An engagement as listed on the home page and in the staff area.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EngagementRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The purpose in Easy Read: one short idea on each line ('' when not written yet).
    pub easy_read_summary: String,
    pub state: String,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub privacy_notice: String,
    pub contact: String,
    /// Counts under this are shown as "fewer than N" to everyone below administrator.
    pub suppression_threshold: i64,
    /// Its answers are deleted after this time (the end of the day chosen), once it has closed.
    pub delete_answers_on: Option<i64>,
    /// When its answers were deleted.
    pub answers_deleted_at: Option<i64>,
}

const COLUMNS: &str = "id, slug, title, summary, easy_read_summary, state, opens_at, closes_at, privacy_notice, contact, \
     suppression_threshold, delete_answers_on, answers_deleted_at";

/// Engagements open for views now, closing soonest first.
pub async fn list_open(db: &Db) -> sqlx::Result<Vec<EngagementRecord>> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from engagements where state = 'open' \
         order by case when closes_at is null then 1 else 0 end, closes_at, title"
    ))
    .fetch_all(&db.pool)
    .await
}

/// Engagements that have closed (results published or not), most recently closed first.
pub async fn list_closed(db: &Db) -> sqlx::Result<Vec<EngagementRecord>> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from engagements where state in ('closed', 'published') \
         order by case when closes_at is null then 1 else 0 end, closes_at desc, title"
    ))
    .fetch_all(&db.pool)
    .await
}

/// Every engagement, newest first.
pub async fn list_all(db: &Db) -> sqlx::Result<Vec<EngagementRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from engagements order by created_at desc, id desc")).fetch_all(&db.pool).await
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

pub async fn find_by_id(db: &Db, id: i64) -> sqlx::Result<Option<EngagementRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from engagements where id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub async fn find_by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<EngagementRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from engagements where slug = $1")).bind(slug).fetch_optional(&db.pool).await
}

/// The states an engagement may move to from `state`: draft → open → closed →
/// results published, and a closed engagement may reopen.
pub fn next_states(state: &str) -> &'static [&'static str] {
    match state {
        "draft" => &["open"],
        "open" => &["closed"],
        "closed" => &["open", "published"],
        _ => &[],
    }
}

/// Moves an engagement to `to` if that is allowed from the state it is in now;
/// returns whether it moved. The check and the change are one statement, so two
/// people pressing buttons at once cannot skip a state.
pub async fn change_state(db: &Db, id: i64, to: &str) -> sqlx::Result<bool> {
    let from: Vec<&str> = ["draft", "open", "closed", "published"].into_iter().filter(|s| next_states(s).contains(&to)).collect();
    if from.is_empty() {
        return Ok(false);
    }
    let params: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 3)).collect();
    // An engagement whose answers were deleted is not opened again: new answers would outlive
    // its date for deleting them.
    let sql = format!(
        "update engagements set state = $1 where id = $2 and state in ({}) and ($1 <> 'open' or answers_deleted_at is null)",
        params.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(to).bind(id);
    for state in from {
        query = query.bind(state);
    }
    Ok(query.execute(&db.writer).await?.rows_affected() == 1)
}

/// Responses started in any of an engagement's surveys and not sent.
pub async fn unsent_responses(db: &Db, engagement_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
         join surveys s on s.id = v.survey_id where s.engagement_id = $1 and r.submitted_at is null and r.withdrawn_at is null and r.deleted_at is null",
    )
    .bind(engagement_id)
    .fetch_one(&db.pool)
    .await
}

/// Adds a draft engagement with a slug made from its title (numbered if taken);
/// returns the slug.
pub async fn insert(db: &Db, input: &crate::domain::EngagementInput) -> sqlx::Result<String> {
    let base = crate::surveys::profile::slugify(&input.title);
    let base = if base.is_empty() { "engagement".to_owned() } else { base };
    for n in 1..100 {
        let slug = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        let result = sqlx::query(
            "insert into engagements (slug, title, summary, state, opens_at, closes_at, privacy_notice, contact, suppression_threshold, created_at, \
             easy_read_summary) values ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10) on conflict (slug) do nothing",
        )
        .bind(&slug)
        .bind(&input.title)
        .bind(&input.summary)
        .bind(input.opens_at)
        .bind(input.closes_at)
        .bind(&input.privacy_notice)
        .bind(&input.contact)
        .bind(input.suppression_threshold)
        .bind(crate::db::now())
        .bind(&input.easy_read_summary)
        .execute(&db.writer)
        .await?;
        if result.rows_affected() == 1 {
            return Ok(slug);
        }
    }
    Err(sqlx::Error::Protocol("no free address for this engagement title".into()))
}

/// Changes an engagement's details (its address stays the same).
pub async fn update(db: &Db, id: i64, input: &crate::domain::EngagementInput) -> sqlx::Result<()> {
    sqlx::query(
        "update engagements set title = $1, summary = $2, opens_at = $3, closes_at = $4, privacy_notice = $5, contact = $6, \
         suppression_threshold = $7, easy_read_summary = $8 where id = $9",
    )
    .bind(&input.title)
    .bind(&input.summary)
    .bind(input.opens_at)
    .bind(input.closes_at)
    .bind(&input.privacy_notice)
    .bind(&input.contact)
    .bind(input.suppression_threshold)
    .bind(&input.easy_read_summary)
    .bind(id)
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// Sets (or with `None` clears) the time after which an engagement's answers are deleted.
pub async fn set_delete_answers_on(db: &Db, id: i64, on: Option<i64>) -> sqlx::Result<()> {
    sqlx::query("update engagements set delete_answers_on = $1 where id = $2 and answers_deleted_at is null")
        .bind(on)
        .bind(id)
        .execute(&db.writer)
        .await?;
    Ok(())
}

/// The published results page as it was kept when the engagement's answers were deleted (JSON).
pub async fn kept_results(db: &Db, id: i64) -> sqlx::Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>("select published_results from engagements where id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::next_states;

    #[test]
    fn engagements_move_forward_and_closed_ones_may_reopen() {
        assert_eq!(next_states("draft"), ["open"]);
        assert_eq!(next_states("open"), ["closed"]);
        assert_eq!(next_states("closed"), ["open", "published"]);
        assert!(next_states("published").is_empty());
    }
}
