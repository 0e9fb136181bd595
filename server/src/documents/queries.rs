//! Every query about co-production documents: the document with its draft sections, the
//! versions published, each kept exactly as it was, and what people said about each section.

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
    pub id: i64,
    pub number: i64,
    /// 1 for the final version, which takes no comments.
    pub final_version: i64,
    pub note: String,
    pub sections: String,
    pub opened_at: i64,
}

/// A document's versions, newest first.
pub async fn versions(db: &Db, document_id: i64) -> sqlx::Result<Vec<VersionRecord>> {
    sqlx::query_as("select id, number, final as final_version, note, sections, opened_at from document_versions where document_id = $1 order by number desc")
        .bind(document_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn latest_version(db: &Db, document_id: i64) -> sqlx::Result<Option<VersionRecord>> {
    sqlx::query_as(
        "select id, number, final as final_version, note, sections, opened_at from document_versions where document_id = $1 order by number desc limit 1",
    )
    .bind(document_id)
    .fetch_optional(&db.pool)
    .await
}

/// Publishes the draft as the next version, kept as it is now, and leaves `next_draft` (the
/// same sections with nothing yet said about why they change) to write the version after;
/// returns its number, or `None` when the draft changed since `sections` was read (nothing is
/// published then).
#[allow(clippy::too_many_arguments)]
pub async fn publish(
    db: &Db,
    document_id: i64,
    sections: &str,
    next_draft: &str,
    note: &str,
    final_version: bool,
    user_id: Option<i64>,
    now: i64,
) -> sqlx::Result<Option<i64>> {
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
        "insert into document_versions (document_id, number, note, sections, opened_at, opened_by, final) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(document_id)
    .bind(number)
    .bind(note)
    .bind(sections)
    .bind(now)
    .bind(user_id)
    .bind(i64::from(final_version))
    .execute(&mut *tx)
    .await?;
    sqlx::query("update documents set draft = $1, updated_at = $2 where id = $3")
        .bind(next_draft)
        .bind(now)
        .bind(document_id)
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

// ---- What people said about sections

/// Feedback on one section, as it is kept.
pub struct NewFeedback<'a> {
    pub version_id: i64,
    pub section_key: &'a str,
    pub reaction: Option<&'a str>,
    pub unclear: bool,
    pub comment: &'a str,
    pub audience: &'a str,
    pub school_id: Option<i64>,
    pub flagged: bool,
    pub link_hash: &'a str,
    pub sent_on: i64,
    /// The co-production group member who sent it from their personal link.
    pub member_id: Option<i64>,
}

/// Keeps feedback; its id, or `None` when feedback with the same link was already kept (the
/// same form sent twice), which is left as it was.
pub async fn add_feedback(db: &Db, f: NewFeedback<'_>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "insert into document_feedback (version_id, section_key, reaction, unclear, comment, audience, school_id, safeguarding_flag, link_hash, sent_on, member_id) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (link_hash) do nothing returning id",
    )
    .bind(f.version_id)
    .bind(f.section_key)
    .bind(f.reaction)
    .bind(i64::from(f.unclear))
    .bind(f.comment)
    .bind(f.audience)
    .bind(f.school_id)
    .bind(i64::from(f.flagged))
    .bind(f.link_hash)
    .bind(f.sent_on)
    .bind(f.member_id)
    .fetch_optional(&db.writer)
    .await
}

/// Feedback as staff and its sender read it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedbackRecord {
    pub id: i64,
    pub version_id: i64,
    pub section_key: String,
    pub reaction: Option<String>,
    pub unclear: i64,
    pub comment: String,
    pub audience: String,
    /// The school whose access code was given.
    pub school: Option<String>,
    pub safeguarding_flag: i64,
    pub sent_on: i64,
    pub reply_kind: Option<String>,
    pub reply: String,
    pub replied_at: Option<i64>,
}

const FEEDBACK_COLUMNS: &str = "f.id, f.version_id, f.section_key, f.reaction, f.unclear, f.comment, f.audience, sc.name as school, \
     f.safeguarding_flag, f.sent_on, f.reply_kind, f.reply, f.replied_at";

/// Where a piece of feedback was given: the engagement, the document and the version.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedbackPlace {
    pub engagement_slug: String,
    pub engagement_title: String,
    pub document_id: i64,
    pub document_slug: String,
    pub document_title: String,
    pub number: i64,
    pub sections: String,
}

#[derive(sqlx::FromRow)]
struct PlacedFeedback {
    #[sqlx(flatten)]
    feedback: FeedbackRecord,
    #[sqlx(flatten)]
    place: FeedbackPlace,
}

/// Feedback with where it was given, chosen by `filter` (on `f`, with `$1`).
async fn placed<T>(db: &Db, filter: &str, value: T) -> sqlx::Result<Vec<(FeedbackRecord, FeedbackPlace)>>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send,
{
    let rows: Vec<PlacedFeedback> = sqlx::query_as(&format!(
        "select {FEEDBACK_COLUMNS}, e.slug as engagement_slug, e.title as engagement_title, d.id as document_id, d.slug as document_slug, \
         d.title as document_title, v.number, v.sections from document_feedback f left join schools sc on sc.id = f.school_id \
         join document_versions v on v.id = f.version_id join documents d on d.id = v.document_id join engagements e on e.id = d.engagement_id \
         where {filter} order by f.id"
    ))
    .bind(value)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.feedback, r.place)).collect())
}

/// The feedback a personal link leads to, and where it was given.
pub async fn feedback_by_link(db: &Db, link_hash: &str) -> sqlx::Result<Option<(FeedbackRecord, FeedbackPlace)>> {
    Ok(placed(db, "f.link_hash = $1", link_hash.to_owned()).await?.into_iter().next())
}

/// What a member of the co-production group said, oldest first, and where.
pub async fn feedback_of_member(db: &Db, member_id: i64) -> sqlx::Result<Vec<(FeedbackRecord, FeedbackPlace)>> {
    placed(db, "f.member_id = $1", member_id).await
}

/// The feedback on a section of a version, oldest first.
pub async fn section_feedback(db: &Db, version_id: i64, section_key: &str) -> sqlx::Result<Vec<FeedbackRecord>> {
    sqlx::query_as(&format!(
        "select {FEEDBACK_COLUMNS} from document_feedback f left join schools sc on sc.id = f.school_id \
         where f.version_id = $1 and f.section_key = $2 order by f.id"
    ))
    .bind(version_id)
    .bind(section_key)
    .fetch_all(&db.pool)
    .await
}

/// The comments on a section in every version of a document that have the council's reply, with
/// the version's number, oldest first.
pub async fn replied_in_document(db: &Db, document_id: i64, section_key: &str) -> sqlx::Result<Vec<(i64, FeedbackRecord)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        number: i64,
        #[sqlx(flatten)]
        feedback: FeedbackRecord,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select v.number, {FEEDBACK_COLUMNS} from document_feedback f join document_versions v on v.id = f.version_id \
         left join schools sc on sc.id = f.school_id where v.document_id = $1 and f.section_key = $2 and f.reply_kind is not null \
         and f.comment <> '' and f.safeguarding_flag = 0 order by v.number, f.id"
    ))
    .bind(document_id)
    .bind(section_key)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.number, r.feedback)).collect())
}

/// How many said what about each section of a version, by who they said they are:
/// (section, audience, reaction, said they did not understand, how many).
pub async fn feedback_counts(db: &Db, version_id: i64) -> sqlx::Result<Vec<(String, String, Option<String>, i64, i64)>> {
    sqlx::query_as(
        "select section_key, audience, reaction, unclear, count(*) from document_feedback where version_id = $1 \
         group by section_key, audience, reaction, unclear",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await
}

/// How many comments each section of a version has, and how many are replied to.
pub async fn comment_counts(db: &Db, version_id: i64) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "select section_key, count(*), cast(sum(case when reply_kind is null then 0 else 1 end) as bigint) from document_feedback \
         where version_id = $1 and comment <> '' group by section_key",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await
}

/// Records the council's reply to a comment on a version of a document (replacing an earlier
/// one); false if there is no such comment there.
pub async fn reply(
    db: &Db,
    feedback_id: i64,
    version_id: i64,
    kind: &str,
    text: &str,
    user_id: Option<i64>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "update document_feedback set reply_kind = $1, reply = $2, replied_at = $3, replied_by = $4 \
         where id = $5 and version_id = $6 and comment <> ''",
    )
    .bind(kind)
    .bind(text)
    .bind(now)
    .bind(user_id)
    .bind(feedback_id)
    .bind(version_id)
    .execute(&db.writer)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- Workshops and sign-off

/// A workshop about a document, as recorded.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WorkshopRecord {
    pub id: i64,
    pub held_on: i64,
    pub title: String,
    pub young_people: i64,
    pub parents_carers: i64,
    pub schools: i64,
    pub others: i64,
    /// Section keys, as JSON.
    pub sections: String,
    pub agreed: String,
}

impl WorkshopRecord {
    /// How many took part from each group: young people, parents and carers, schools, others.
    pub fn groups(&self) -> [i64; 4] {
        [self.young_people, self.parents_carers, self.schools, self.others]
    }

    pub fn section_keys(&self) -> Vec<String> {
        serde_json::from_str(&self.sections).unwrap_or_default()
    }
}

/// A workshop to record.
pub struct NewWorkshop<'a> {
    pub document_id: i64,
    pub held_on: i64,
    pub title: &'a str,
    pub groups: [i64; 4],
    pub sections: &'a [String],
    pub agreed: &'a str,
}

pub async fn add_workshop(db: &Db, w: NewWorkshop<'_>, user_id: Option<i64>, now: i64) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "insert into workshops (document_id, held_on, title, young_people, parents_carers, schools, others, sections, agreed, recorded_by, recorded_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id",
    )
    .bind(w.document_id)
    .bind(w.held_on)
    .bind(w.title)
    .bind(w.groups[0])
    .bind(w.groups[1])
    .bind(w.groups[2])
    .bind(w.groups[3])
    .bind(serde_json::to_string(w.sections)?)
    .bind(w.agreed)
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.writer)
    .await?)
}

/// A document's workshops, in the order they were held.
pub async fn workshops(db: &Db, document_id: i64) -> sqlx::Result<Vec<WorkshopRecord>> {
    sqlx::query_as(
        "select id, held_on, title, young_people, parents_carers, schools, others, sections, agreed from workshops \
         where document_id = $1 order by held_on, id",
    )
    .bind(document_id)
    .fetch_all(&db.pool)
    .await
}

/// An approval of a final version: (body, day, note).
pub async fn add_approval(
    db: &Db,
    version_id: i64,
    body: &str,
    approved_on: i64,
    note: &str,
    user_id: Option<i64>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into document_approvals (version_id, body, approved_on, note, recorded_by, recorded_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(version_id)
    .bind(body)
    .bind(approved_on)
    .bind(note)
    .bind(user_id)
    .bind(now)
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// A final version's approvals, in date order: (body, day, note).
pub async fn approvals(db: &Db, version_id: i64) -> sqlx::Result<Vec<(String, i64, String)>> {
    sqlx::query_as("select body, approved_on, note from document_approvals where version_id = $1 order by approved_on, id")
        .bind(version_id)
        .fetch_all(&db.pool)
        .await
}

/// What people said about every version of a document: how many gave a say by group (the
/// audience as stored), how many comments, and the replies by kind.
pub async fn said_about(db: &Db, document_id: i64) -> sqlx::Result<(Vec<(String, i64)>, i64, Vec<(String, i64)>)> {
    let by_group: Vec<(String, i64)> = sqlx::query_as(
        "select f.audience, count(*) from document_feedback f join document_versions v on v.id = f.version_id \
         where v.document_id = $1 group by f.audience",
    )
    .bind(document_id)
    .fetch_all(&db.pool)
    .await?;
    let comments: i64 = sqlx::query_scalar(
        "select count(*) from document_feedback f join document_versions v on v.id = f.version_id where v.document_id = $1 and f.comment <> ''",
    )
    .bind(document_id)
    .fetch_one(&db.pool)
    .await?;
    let replies: Vec<(String, i64)> = sqlx::query_as(
        "select f.reply_kind, count(*) from document_feedback f join document_versions v on v.id = f.version_id \
         where v.document_id = $1 and f.reply_kind is not null group by f.reply_kind",
    )
    .bind(document_id)
    .fetch_all(&db.pool)
    .await?;
    Ok((by_group, comments, replies))
}

/// Every "You said, we did" entry ever published, with its words as last published:
/// (entry id, engagement title, you said, we did), by engagement and then in order.
pub async fn you_said_published(db: &Db) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as(
        "select e.id, g.title, v.said, v.did from you_said_entries e join engagements g on g.id = e.engagement_id \
         join you_said_versions v on v.entry_id = e.id \
         where v.id = (select max(l.id) from you_said_versions l where l.entry_id = e.id) order by g.id, e.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// The themes found in every engagement's written answers (not the "no answer" and "nothing to
/// add" piles), each name once per engagement: (engagement id, engagement title, name).
pub async fn theme_names(db: &Db) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "select distinct e.id, e.title, t.label from themes t join theme_sets s on s.id = t.theme_set_id \
         join engagements e on e.id = s.engagement_id where t.kind in ('found', 'analyst') order by e.id, t.label",
    )
    .fetch_all(&db.pool)
    .await
}

/// A comment on a section that everyone may read: (id, version number, who they said they are,
/// the comment, the kind of the council's reply).
pub type SectionComment = (i64, i64, String, String, Option<String>);

/// The comments on a section in every version of a document that everyone may read (none with
/// the safeguarding team), oldest first.
pub async fn section_comments(db: &Db, document_id: i64, section_key: &str) -> sqlx::Result<Vec<SectionComment>> {
    sqlx::query_as(
        "select f.id, v.number, f.audience, f.comment, f.reply_kind from document_feedback f join document_versions v on v.id = f.version_id \
         where v.document_id = $1 and f.section_key = $2 and f.comment <> '' and f.safeguarding_flag = 0 order by v.number, f.id",
    )
    .bind(document_id)
    .bind(section_key)
    .fetch_all(&db.pool)
    .await
}
