//! Queries on `you_said_entries`, their themes and their published versions.

use crate::db::Db;
use std::collections::HashMap;

/// Where an entry stands: what the council plans, is doing, has done, or will not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Planned,
    InProgress,
    Done,
    NotDoing,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Planned, Status::InProgress, Status::Done, Status::NotDoing];

    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::NotDoing => "not_doing",
        }
    }

    pub fn parse(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// What the council's words are, read with the status: "What we will do: …", "What we did: …".
    pub fn did_label(self) -> &'static str {
        match self {
            Status::Planned => "What we will do",
            Status::InProgress => "What we are doing",
            Status::Done => "What we did",
            Status::NotDoing => "Our answer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::NotDoing => "Not doing",
        }
    }
}

/// What a person writes for an entry, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryInput {
    pub said: String,
    pub did: String,
    pub status: Status,
    pub reason: String,
    pub owner: String,
    pub easy_read: String,
    pub themes: Vec<i64>,
}

/// The words of an entry, as stored now or as once published.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Words {
    pub said: String,
    pub did: String,
    pub status: String,
    pub reason: String,
    pub owner: String,
    pub easy_read: String,
}

/// An entry as staff see it: its words now, and those last published.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub engagement_id: i64,
    pub words: Words,
    pub updated_at: i64,
    pub published: Option<Words>,
    pub themes: Vec<i64>,
}

impl Entry {
    /// Whether the public sees something other than what is written now.
    pub fn unpublished_changes(&self) -> bool {
        self.published.as_ref() != Some(&self.words)
    }
}

/// One publication of an entry.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Version {
    pub entry_id: i64,
    #[sqlx(flatten)]
    pub words: Words,
    pub published_at: i64,
}

const WORDS: &str = "said, did, status, reason, owner, easy_read";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    engagement_id: i64,
    updated_at: i64,
    #[sqlx(flatten)]
    words: Words,
}

/// Every entry of an engagement, oldest first, with what was last published of each.
pub async fn list(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<Entry>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select id, engagement_id, updated_at, {WORDS} from you_said_entries where engagement_id = $1 order by id"
    ))
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await?;
    let mut latest: HashMap<i64, Words> = HashMap::new();
    for v in versions(db, engagement_id).await? {
        latest.insert(v.entry_id, v.words);
    }
    let mut themes = themes_of(db, engagement_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            id: r.id,
            engagement_id: r.engagement_id,
            words: r.words,
            updated_at: r.updated_at,
            published: latest.remove(&r.id),
            themes: themes.remove(&r.id).unwrap_or_default(),
        })
        .collect())
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<Entry>> {
    let engagement: Option<i64> =
        sqlx::query_scalar("select engagement_id from you_said_entries where id = $1").bind(id).fetch_optional(&db.pool).await?;
    let Some(engagement) = engagement else { return Ok(None) };
    Ok(list(db, engagement).await?.into_iter().find(|e| e.id == id))
}

/// Every publication of the engagement's entries, oldest first.
pub async fn versions(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<Version>> {
    sqlx::query_as(
        "select v.entry_id, v.said, v.did, v.status, v.reason, v.owner, v.easy_read, v.published_at \
         from you_said_versions v join you_said_entries e on e.id = v.entry_id \
         where e.engagement_id = $1 order by v.id",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// The themes each entry of an engagement answers.
async fn themes_of(db: &Db, engagement_id: i64) -> sqlx::Result<HashMap<i64, Vec<i64>>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "select t.entry_id, t.theme_id from you_said_themes t join you_said_entries e on e.id = t.entry_id \
         where e.engagement_id = $1 order by t.theme_id",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (entry, theme) in rows {
        out.entry(entry).or_default().push(theme);
    }
    Ok(out)
}

/// A theme an entry may answer: its id, what it covers and its name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ThemeChoice {
    pub id: i64,
    pub scope: String,
    pub label: String,
}

/// The themes found in an engagement's answers (not the "no answer" and "nothing to add" piles).
pub async fn theme_choices(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<ThemeChoice>> {
    sqlx::query_as(
        "select t.id, s.scope, t.label from themes t join theme_sets s on s.id = t.theme_set_id \
         where s.engagement_id = $1 and t.kind in ('found', 'analyst') order by s.scope, t.label, t.id",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// How many responses each theme holds, by the audience of the survey they answered:
/// (theme id, audience, responses); once the engagement's answers are deleted, as they were then.
pub async fn theme_counts(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query_as(
        "select a.theme_id, s.audience, cast(count(distinct a.response_id) as bigint) \
         from theme_answers a join theme_sets ts on ts.id = a.theme_set_id \
         join responses r on r.id = a.response_id join survey_versions v on v.id = r.survey_version_id \
         join surveys s on s.id = v.survey_id \
         where ts.engagement_id = $1 and r.submitted_at is not null and a.theme_id in (select theme_id from you_said_themes) \
         group by a.theme_id, s.audience \
         union all select theme_id, audience, responses from kept_theme_counts \
         where engagement_id = $1 and theme_id in (select theme_id from you_said_themes)",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// Adds a draft entry; returns its id.
pub async fn insert(db: &Db, engagement_id: i64, input: &EntryInput) -> sqlx::Result<i64> {
    let mut tx = db.writer.begin().await?;
    let now = crate::db::now();
    let id: i64 = sqlx::query_scalar(&format!(
        "insert into you_said_entries (engagement_id, {WORDS}, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning id"
    ))
    .bind(engagement_id)
    .bind(&input.said)
    .bind(&input.did)
    .bind(input.status.key())
    .bind(&input.reason)
    .bind(&input.owner)
    .bind(&input.easy_read)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    set_themes(&mut tx, id, &input.themes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an entry's words and themes. The public keeps seeing the last published words until
/// the changes are published.
pub async fn update(db: &Db, id: i64, input: &EntryInput) -> sqlx::Result<()> {
    let mut tx = db.writer.begin().await?;
    sqlx::query(
        "update you_said_entries set said = $1, did = $2, status = $3, reason = $4, owner = $5, easy_read = $6, updated_at = $7 \
         where id = $8",
    )
    .bind(&input.said)
    .bind(&input.did)
    .bind(input.status.key())
    .bind(&input.reason)
    .bind(&input.owner)
    .bind(&input.easy_read)
    .bind(crate::db::now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from you_said_themes where entry_id = $1").bind(id).execute(&mut *tx).await?;
    set_themes(&mut tx, id, &input.themes).await?;
    tx.commit().await
}

async fn set_themes(tx: &mut sqlx::Transaction<'_, sqlx::Any>, entry: i64, themes: &[i64]) -> sqlx::Result<()> {
    for theme in themes {
        sqlx::query("insert into you_said_themes (entry_id, theme_id) values ($1, $2)").bind(entry).bind(theme).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Publishes, together and dated `at`, every entry of the engagement whose words differ from what
/// was last published (or that was never published); returns how many.
pub async fn publish_changes(db: &Db, engagement_id: i64, user_id: Option<i64>, at: i64) -> sqlx::Result<usize> {
    let changed: Vec<i64> = list(db, engagement_id).await?.into_iter().filter(Entry::unpublished_changes).map(|e| e.id).collect();
    let mut tx = db.writer.begin().await?;
    for id in &changed {
        sqlx::query(&format!(
            "insert into you_said_versions (entry_id, {WORDS}, published_at, published_by) \
             select id, {WORDS}, $1, $2 from you_said_entries where id = $3"
        ))
        .bind(at)
        .bind(user_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(changed.len())
}
