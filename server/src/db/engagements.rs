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
    let placeholders: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!("update engagements set state = $1 where id = $2 and state in ({})", placeholders.join(", "));
    let mut query = sqlx::query(&sql).bind(to).bind(id);
    for state in from {
        query = query.bind(state);
    }
    Ok(query.execute(&db.writer).await?.rows_affected() == 1)
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
