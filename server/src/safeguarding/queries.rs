//! Responses and comments on documents flagged as possibly disclosing harm, and what was done
//! about each.

use crate::db::Db;
use app::survey::{Answer, Draft};

/// A flagged response as the safeguarding queue shows it.
#[derive(Clone, Debug)]
pub struct Flagged {
    pub response_id: i64,
    /// The version answered, for the questions' words.
    pub version_id: i64,
    pub survey_title: String,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    /// When the person who sent it withdrew it: kept for the safeguarding record only.
    pub withdrawn_at: Option<i64>,
    /// When its engagement's answers were deleted, and when it had been sent: kept for the
    /// safeguarding record only.
    pub deleted: Option<(i64, Option<i64>)>,
    /// Where it came from, when known: the school whose access code was used.
    pub school: Option<String>,
    /// Every written answer, by question id, in full.
    pub texts: Vec<(String, String)>,
    pub actions: Vec<ActionRecord>,
}

impl Flagged {
    /// Whether an action has closed the matter.
    pub fn closed(&self) -> bool {
        self.actions.iter().any(|a| a.closes)
    }
}

#[derive(Clone, Debug)]
pub struct ActionRecord {
    pub outcome: String,
    pub note: String,
    pub by: String,
    pub at: i64,
    pub closes: bool,
}

/// An action recorded on a response whose id, before withdrawn responses kept their rows, may
/// have passed to another response: kept apart as it was when the database was upgraded, with
/// the response number it was recorded against.
#[derive(Clone, Debug)]
pub struct LostAction {
    pub response_id: i64,
    pub action: ActionRecord,
    /// When it was moved apart.
    pub moved_at: i64,
}

/// Every action kept apart, newest first.
pub async fn lost_actions(db: &Db) -> anyhow::Result<Vec<LostAction>> {
    let rows: Vec<(i64, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "select a.response_id, a.outcome, a.note, u.email, a.created_at, a.closes, a.moved_at from safeguarding_lost_actions a \
         join users u on u.id = a.user_id order by a.created_at desc, a.id desc",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(response_id, outcome, note, by, at, closes, moved_at)| LostAction {
            response_id,
            action: ActionRecord { outcome, note, by, at, closes: closes != 0 },
            moved_at,
        })
        .collect())
}

/// How many actions are kept apart.
pub async fn lost_action_count(db: &Db) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("select count(*) from safeguarding_lost_actions").fetch_one(&db.pool).await?)
}

/// An action as read: (subject's id, outcome, note, by whom, when, closes).
type ActionRow = (i64, String, String, String, i64, i64);

/// The actions recorded on responses or on comments (`subject`: the column, `response_id` or
/// `feedback_id`), on all of them or on one, oldest first.
async fn actions_on(db: &Db, subject: &'static str, only: Option<i64>) -> sqlx::Result<Vec<ActionRow>> {
    sqlx::query_as(&format!(
        "select a.{subject}, a.outcome, a.note, u.email, a.created_at, a.closes from safeguarding_actions a \
         join users u on u.id = a.user_id where a.{subject} is not null and ($1 = 0 or a.{subject} = $1) order by a.created_at, a.id"
    ))
    .bind(only.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

/// The actions recorded on one response or comment.
fn actions_of(rows: &[ActionRow], id: i64) -> Vec<ActionRecord> {
    rows.iter()
        .filter(|a| a.0 == id)
        .map(|(_, outcome, note, by, at, closes)| ActionRecord {
            outcome: outcome.clone(),
            note: note.clone(),
            by: by.clone(),
            at: *at,
            closes: *closes != 0,
        })
        .collect()
}

type FlaggedRow = (i64, i64, String, i64, Option<i64>, Option<i64>, Option<String>, String, Option<i64>, Option<i64>);

fn written(draft: &str) -> anyhow::Result<Vec<(String, String)>> {
    let draft: Draft = serde_json::from_str(draft)?;
    Ok(draft
        .answers
        .into_iter()
        .filter_map(|(q, a)| match a {
            Answer::Text(t) => Some((q, t)),
            _ => None,
        })
        .collect())
}

/// Every flagged response (newest first), or just one.
pub async fn flagged(db: &Db, only: Option<i64>) -> anyhow::Result<Vec<Flagged>> {
    let rows: Vec<FlaggedRow> = sqlx::query_as(
        "select r.id, r.survey_version_id, s.title, r.started_at, r.submitted_at, r.withdrawn_at, sc.name, r.draft, \
         r.deleted_at, r.sent_before_deletion from responses r \
         join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
         left join schools sc on sc.id = r.school_id \
         where r.safeguarding_flag = 1 and ($1 = 0 or r.id = $1) order by r.started_at desc, r.id desc",
    )
    .bind(only.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let actions = actions_on(db, "response_id", only).await?;
    rows.into_iter()
        .map(|(response_id, version_id, survey_title, started_at, submitted_at, withdrawn_at, school, draft, deleted_at, sent)| {
            Ok(Flagged {
                response_id,
                version_id,
                survey_title,
                started_at,
                submitted_at,
                withdrawn_at,
                deleted: deleted_at.map(|at| (at, sent)),
                school,
                texts: written(&draft)?,
                actions: actions_of(&actions, response_id),
            })
        })
        .collect()
}

/// A comment on a document flagged as possibly disclosing harm.
#[derive(Clone, Debug)]
pub struct FlaggedComment {
    pub id: i64,
    pub document_title: String,
    /// The version's sections, as JSON, for the heading of the one commented on.
    pub sections: String,
    pub section_key: String,
    pub sent_on: i64,
    /// The school whose access code was given.
    pub school: Option<String>,
    pub comment: String,
    pub actions: Vec<ActionRecord>,
}

impl FlaggedComment {
    pub fn closed(&self) -> bool {
        self.actions.iter().any(|a| a.closes)
    }
}

type CommentRow = (i64, String, String, String, i64, Option<String>, String);

/// Every flagged comment (newest first), or just one.
pub async fn flagged_comments(db: &Db, only: Option<i64>) -> anyhow::Result<Vec<FlaggedComment>> {
    let rows: Vec<CommentRow> = sqlx::query_as(
        "select f.id, d.title, v.sections, f.section_key, f.sent_on, sc.name, f.comment from document_feedback f \
         join document_versions v on v.id = f.version_id join documents d on d.id = v.document_id \
         left join schools sc on sc.id = f.school_id where f.safeguarding_flag = 1 and ($1 = 0 or f.id = $1) order by f.id desc",
    )
    .bind(only.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let actions = actions_on(db, "feedback_id", only).await?;
    Ok(rows
        .into_iter()
        .map(|(id, document_title, sections, section_key, sent_on, school, comment)| FlaggedComment {
            id,
            document_title,
            sections,
            section_key,
            sent_on,
            school,
            comment,
            actions: actions_of(&actions, id),
        })
        .collect())
}

/// What an action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Response(i64),
    Comment(i64),
}

/// Every flagged response and comment as a row of the queue: what it is, its id, when it came,
/// whether it was sent (comments always are; a withdrawn response was) and whether an action
/// closed it. Light enough to count and page in the database; each listed one is then read in full.
const QUEUE: &str = "select cast('response' as text) as kind, r.id as id, r.started_at as at, \
     cast(case when r.submitted_at is not null or r.withdrawn_at is not null or r.deleted_at is not null then 1 else 0 end as bigint) as sent, \
     cast(case when exists (select 1 from safeguarding_actions a where a.response_id = r.id and a.closes = 1) then 1 else 0 end as bigint) as closed \
     from responses r where r.safeguarding_flag = 1 \
     union all \
     select cast('comment' as text), f.id, f.sent_on, cast(1 as bigint), \
     cast(case when exists (select 1 from safeguarding_actions a where a.feedback_id = f.id and a.closes = 1) then 1 else 0 end as bigint) \
     from document_feedback f where f.safeguarding_flag = 1";

/// How many flagged responses and comments are still to deal with, and how many are dealt with.
pub async fn queue_counts(db: &Db) -> anyhow::Result<(i64, i64)> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as(&format!("select closed, count(*) from ({QUEUE}) q group by closed")).fetch_all(&db.pool).await?;
    let count = |closed: i64| rows.iter().find(|r| r.0 == closed).map_or(0, |r| r.1);
    Ok((count(0), count(1)))
}

/// One page of the queue, still to deal with or dealt with: sent ones first (a draft may yet
/// change), then newest first.
pub async fn queue_page(db: &Db, closed: bool, offset: i64, limit: i64) -> anyhow::Result<Vec<Subject>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select kind, id from ({QUEUE}) q where closed = $1 order by sent desc, at desc, kind, id desc limit $2 offset $3"
    ))
    .bind(closed as i64)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(kind, id)| if kind == "comment" { Subject::Comment(id) } else { Subject::Response(id) }).collect())
}

/// Records an action on a flagged response or comment; false if there is no such one flagged.
pub async fn record(db: &Db, subject: Subject, user_id: i64, outcome: &str, note: &str, closes: bool) -> anyhow::Result<bool> {
    let (outcome, note, now) = (outcome.to_owned(), note.to_owned(), crate::db::now());
    let (exists, response_id, feedback_id) = match subject {
        Subject::Response(id) => ("select id from responses where id = $1 and safeguarding_flag = 1", Some(id), None),
        Subject::Comment(id) => ("select id from document_feedback where id = $1 and safeguarding_flag = 1", None, Some(id)),
    };
    let id = response_id.or(feedback_id).unwrap_or(0);
    db.write(move |conn| {
        Box::pin(async move {
            let flagged: Option<i64> = sqlx::query_scalar(exists).bind(id).fetch_optional(&mut *conn).await?;
            if flagged.is_none() {
                return Ok(false);
            }
            sqlx::query(
                "insert into safeguarding_actions (response_id, feedback_id, user_id, outcome, note, closes, created_at) \
                 values ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(response_id)
            .bind(feedback_id)
            .bind(user_id)
            .bind(outcome)
            .bind(note)
            .bind(i64::from(closes))
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        })
    })
    .await
}
