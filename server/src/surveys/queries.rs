//! Queries on `surveys` and `survey_versions`.

use crate::db::Db;
use app::survey::SurveyDefinition;
use std::sync::Arc;

/// A survey's live version, with what a respondent's page needs to know about it.
#[derive(Clone, Debug)]
pub struct LiveSurvey {
    pub survey_id: i64,
    pub slug: String,
    pub version_id: i64,
    pub definition: Arc<SurveyDefinition>,
    /// The engagement's state: only `open` takes answers.
    pub engagement_state: String,
    pub engagement_title: String,
    /// Where the engagement's public page is: `/e/{engagement_slug}`.
    pub engagement_slug: String,
    /// Who to contact about the engagement (may be empty).
    pub contact: String,
    /// Its answers are deleted after this time (the end of the day chosen), when set.
    pub delete_answers_on: Option<i64>,
}

/// Where a survey stands for someone following its link.
pub enum Lookup {
    Live(Box<LiveSurvey>),
    /// It exists but takes no answers: not published yet, or the engagement is not open.
    NotOpen {
        title: String,
        engagement_state: String,
    },
    Missing,
}

pub async fn find_by_slug(db: &Db, slug: &str) -> anyhow::Result<Lookup> {
    Ok(find_with_response(db, slug, "").await?.0)
}

/// A survey by its address and, in the same query, the response whose cookie secret
/// hashes to `token_hash` (if any: pass "" for none). Every respondent page needs
/// both, so this is the one read on a respondent's request.
pub async fn find_with_response(
    db: &Db,
    slug: &str,
    token_hash: &str,
) -> anyhow::Result<(Lookup, Option<crate::respond::queries::ResponseRecord>)> {
    let row: Option<(
        i64,
        String,
        Option<i64>,
        String,
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
        String,
    )> = sqlx::query_as(
        "select s.id, s.title, s.live_version_id, e.state, e.title, e.contact, e.delete_answers_on, \
             r.id, r.survey_version_id, r.resume_code_hash, r.receipt_code_hash, r.draft, r.submitted_at, e.slug \
             from surveys s join engagements e on e.id = s.engagement_id \
             left join responses r on r.token_hash = $2 \
             where s.slug = $1",
    )
    .bind(slug)
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some((
        survey_id,
        title,
        version_id,
        engagement_state,
        engagement_title,
        contact,
        delete_answers_on,
        rid,
        rv,
        resume_code_hash,
        receipt_code_hash,
        draft,
        submitted_at,
        engagement_slug,
    )) = row
    else {
        return Ok((Lookup::Missing, None));
    };
    let response = match (rid, rv, resume_code_hash, draft) {
        (Some(id), Some(survey_version_id), Some(resume_code_hash), Some(draft)) => Some(crate::respond::queries::ResponseRecord {
            id,
            survey_version_id,
            resume_code_hash,
            receipt_code_hash,
            draft: serde_json::from_str(&draft)?,
            submitted_at,
        }),
        _ => None,
    };
    let engagement = Engagement { state: engagement_state, title: engagement_title, slug: engagement_slug, contact, delete_answers_on };
    Ok((live_lookup(db, slug, survey_id, title, version_id, engagement).await?, response))
}

/// What a survey's page needs of its engagement.
struct Engagement {
    state: String,
    title: String,
    slug: String,
    contact: String,
    delete_answers_on: Option<i64>,
}

async fn live_lookup(db: &Db, slug: &str, survey_id: i64, title: String, version_id: Option<i64>, e: Engagement) -> anyhow::Result<Lookup> {
    let version = match version_id {
        Some(id) if e.state == "open" => version(db, id).await?.map(|v| (id, v)),
        _ => None,
    };
    match version {
        Some((version_id, (_, definition))) => Ok(Lookup::Live(Box::new(LiveSurvey {
            survey_id,
            slug: slug.to_owned(),
            version_id,
            definition,
            engagement_state: e.state,
            engagement_title: e.title,
            engagement_slug: e.slug,
            contact: e.contact,
            delete_answers_on: e.delete_answers_on,
        }))),
        None => Ok(Lookup::NotOpen { title, engagement_state: e.state }),
    }
}

/// A version's survey id and definition, whatever state its survey is in now (a
/// response always answers the version it started on). Versions never change once
/// published, so each is read and parsed once and then kept in memory.
pub async fn version(db: &Db, version_id: i64) -> anyhow::Result<Option<(i64, Arc<SurveyDefinition>)>> {
    if let Some(found) = db.versions.read().expect("version cache lock").get(&version_id) {
        return Ok(Some(found.clone()));
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("select survey_id, definition from survey_versions where id = $1").bind(version_id).fetch_optional(&db.pool).await?;
    let Some((survey_id, definition)) = row else { return Ok(None) };
    let entry = (survey_id, Arc::new(serde_json::from_str::<SurveyDefinition>(&definition)?));
    db.versions.write().expect("version cache lock").insert(version_id, entry.clone());
    Ok(Some(entry))
}

/// The published surveys of an engagement, in the order they were added: each one's address
/// and live definition.
pub async fn published_in(db: &Db, engagement_id: i64) -> anyhow::Result<Vec<(String, Arc<SurveyDefinition>)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("select slug, live_version_id from surveys where engagement_id = $1 and live_version_id is not null order by id")
            .bind(engagement_id)
            .fetch_all(&db.pool)
            .await?;
    let mut surveys = Vec::with_capacity(rows.len());
    for (slug, version_id) in rows {
        if let Some((_, definition)) = version(db, version_id).await? {
            surveys.push((slug, definition));
        }
    }
    Ok(surveys)
}

/// Adds a survey with `definition` as its draft; returns its id.
pub async fn insert(db: &Db, engagement_id: i64, slug: &str, definition: &SurveyDefinition) -> anyhow::Result<i64> {
    let audience = serde_json::to_value(definition.audience)?.as_str().unwrap_or("other").to_owned();
    let now = crate::db::now();
    let id = sqlx::query_scalar(
        "insert into surveys (engagement_id, slug, audience, title, draft, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6) returning id",
    )
    .bind(engagement_id)
    .bind(slug)
    .bind(audience)
    .bind(&definition.title)
    .bind(serde_json::to_string(definition)?)
    .bind(now)
    .fetch_one(&db.writer)
    .await?;
    Ok(id)
}

/// Why a survey could not be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the survey cannot be published yet: {}", .0.join("; "))]
    Problems(Vec<String>),
    #[error("no such survey")]
    Missing,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Snapshots the draft as the next version and makes it live, in one transaction.
/// Responses to earlier versions keep pointing at the version they answered.
pub async fn publish(db: &Db, survey_id: i64) -> Result<i64, PublishError> {
    let mut tx = db.writer.begin().await.map_err(anyhow::Error::from)?;
    let draft: Option<(String,)> = sqlx::query_as("select draft from surveys where id = $1")
        .bind(survey_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?;
    let Some((draft,)) = draft else { return Err(PublishError::Missing) };
    let definition: SurveyDefinition = serde_json::from_str(&draft).map_err(anyhow::Error::from)?;
    let problems = definition.problems();
    if !problems.is_empty() {
        return Err(PublishError::Problems(problems));
    }
    let next: i64 = sqlx::query_scalar("select coalesce(max(version), 0) + 1 from survey_versions where survey_id = $1")
        .bind(survey_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?;
    let now = crate::db::now();
    let version_id: i64 = sqlx::query_scalar(
        "insert into survey_versions (survey_id, version, definition, published_at) values ($1, $2, $3, $4) returning id",
    )
    .bind(survey_id)
    .bind(next)
    .bind(&draft)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(anyhow::Error::from)?;
    sqlx::query("update surveys set live_version_id = $1, updated_at = $2 where id = $3")
        .bind(version_id)
        .bind(now)
        .bind(survey_id)
        .execute(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(version_id)
}

/// Replaces the draft; the live version is untouched until the next publish.
pub async fn save_draft(db: &Db, survey_id: i64, definition: &SurveyDefinition) -> anyhow::Result<()> {
    sqlx::query("update surveys set draft = $1, title = $2, updated_at = $3 where id = $4")
        .bind(serde_json::to_string(definition)?)
        .bind(&definition.title)
        .bind(crate::db::now())
        .bind(survey_id)
        .execute(&db.writer)
        .await?;
    Ok(())
}

/// A survey as the staff area lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SurveySummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub audience: String,
    /// The live version's number, if published.
    pub live_version: Option<i64>,
    /// Whether the draft differs from the live version (or was never published).
    pub draft_changed: i64,
    pub submitted: i64,
    /// The draft as stored, for its revision.
    pub draft: String,
}

/// The surveys of an engagement, with their versions and submitted responses: counted on
/// SQLite, and on PostgreSQL read from the counts its trigger keeps (counting there reads every
/// entry of the survey's responses: 200–300 ms at a million).
pub async fn list_for_engagement(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<SurveySummary>> {
    let submitted = match db.backend {
        crate::db::Backend::Postgres => {
            "select coalesce(sum(c.sent), 0) from response_counts c join survey_versions rv on rv.id = c.survey_version_id \
             where rv.survey_id = s.id"
        }
        crate::db::Backend::Sqlite => {
            "select count(*) from responses r join survey_versions rv on rv.id = r.survey_version_id \
             where rv.survey_id = s.id and r.submitted_at is not null"
        }
    };
    sqlx::query_as(&format!(
        "select s.id, s.slug, s.title, s.audience, v.version as live_version, \
         cast(case when v.definition is null or v.definition <> s.draft then 1 else 0 end as bigint) as draft_changed, \
         cast(({submitted}) as bigint) as submitted, s.draft \
         from surveys s left join survey_versions v on v.id = s.live_version_id \
         where s.engagement_id = $1 order by s.id"
    ))
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// A survey's draft, with the slug of its engagement.
pub async fn draft(db: &Db, survey_id: i64) -> anyhow::Result<Option<(SurveyDefinition, String)>> {
    let row: Option<(String, String)> =
        sqlx::query_as("select s.draft, e.slug from surveys s join engagements e on e.id = s.engagement_id where s.id = $1")
            .bind(survey_id)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|(draft, engagement)| Ok((serde_json::from_str(&draft)?, engagement))).transpose()
}

/// A survey's draft as the editor works on it.
#[derive(Clone, Debug)]
pub struct Editable {
    pub definition: SurveyDefinition,
    /// The draft exactly as stored: a save only lands if it is still this.
    pub stored: String,
    pub slug: String,
    pub engagement_slug: String,
    pub engagement_title: String,
    pub engagement_contact: String,
    /// The live version's number, if published.
    pub live_version: Option<i64>,
    /// Whether the draft differs from the live version (or was never published).
    pub changed: bool,
    /// Every question and page id any published version has used.
    pub retired: std::collections::BTreeSet<String>,
}

impl Editable {
    /// A short fingerprint of the draft: forms carry it, and a change is refused
    /// when the draft has moved on since the form was shown.
    pub fn revision(&self) -> String {
        revision_of(&self.stored)
    }
}

/// The revision of a draft as stored: a short fingerprint of its text.
pub fn revision_of(stored: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(stored.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

pub async fn editable(db: &Db, survey_id: i64) -> anyhow::Result<Option<Editable>> {
    let row: Option<(String, String, String, String, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "select s.draft, s.slug, e.slug, e.title, e.contact, v.version, v.definition from surveys s \
         join engagements e on e.id = s.engagement_id left join survey_versions v on v.id = s.live_version_id \
         where s.id = $1",
    )
    .bind(survey_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((stored, slug, engagement_slug, engagement_title, engagement_contact, live_version, live)) = row else { return Ok(None) };
    let versions: Vec<String> =
        sqlx::query_scalar("select definition from survey_versions where survey_id = $1").bind(survey_id).fetch_all(&db.pool).await?;
    let mut retired = std::collections::BTreeSet::new();
    for text in versions {
        let old: SurveyDefinition = serde_json::from_str(&text)?;
        for page in old.pages {
            retired.insert(page.id);
            retired.extend(page.questions.into_iter().map(|q| q.id));
        }
    }
    Ok(Some(Editable {
        retired,
        definition: serde_json::from_str(&stored)?,
        changed: live.as_deref() != Some(stored.as_str()),
        stored,
        slug,
        engagement_slug,
        engagement_title,
        engagement_contact,
        live_version,
    }))
}

/// Replaces the draft only if nobody has changed it since `stored` was read, so
/// that two people editing at once never silently undo each other. Returns whether
/// it was saved.
pub async fn save_draft_if_unchanged(db: &Db, survey_id: i64, stored: &str, definition: &SurveyDefinition) -> anyhow::Result<bool> {
    let audience = serde_json::to_value(definition.audience)?.as_str().unwrap_or("other").to_owned();
    let done = sqlx::query("update surveys set draft = $1, title = $2, audience = $3, updated_at = $4 where id = $5 and draft = $6")
        .bind(serde_json::to_string(definition)?)
        .bind(&definition.title)
        .bind(audience)
        .bind(crate::db::now())
        .bind(survey_id)
        .bind(stored)
        .execute(&db.writer)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a survey already has the web address `slug`.
/// The live version of the survey at `/s/{slug}`, if it has one.
pub async fn live_version_id(db: &Db, slug: &str) -> sqlx::Result<Option<i64>> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("select live_version_id from surveys where slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?
        .flatten())
}

pub async fn slug_taken(db: &Db, slug: &str) -> sqlx::Result<bool> {
    Ok(id_by_slug(db, slug).await?.is_some())
}

pub async fn id_by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select id from surveys where slug = $1").bind(slug).fetch_optional(&db.pool).await
}
