//! Queries on `responses` and `answers`.

use super::Db;
use app::survey::{Answer, Answers, Draft};

/// A response as its respondent's pages need it.
#[derive(Clone, Debug)]
pub struct ResponseRecord {
    pub id: i64,
    pub survey_version_id: i64,
    pub resume_code: String,
    pub receipt_code: Option<String>,
    pub draft: Draft,
    pub submitted_at: Option<i64>,
}

type Row = (i64, i64, String, Option<String>, String, Option<i64>);

fn record(row: Row) -> anyhow::Result<ResponseRecord> {
    let (id, survey_version_id, resume_code, receipt_code, draft, submitted_at) = row;
    Ok(ResponseRecord { id, survey_version_id, resume_code, receipt_code, draft: serde_json::from_str(&draft)?, submitted_at })
}

const COLUMNS: &str = "id, survey_version_id, resume_code, receipt_code, draft, submitted_at";

/// Starts a response; returns its id.
/// How a respondent arrived: by the open link, or with a school's access code (their
/// answers then count for that school).
pub enum Channel {
    Link,
    SchoolCode(i64),
}

pub async fn create(db: &Db, version_id: i64, channel: Channel, token_hash: &str, resume_code: &str) -> anyhow::Result<i64> {
    let now = super::now();
    let (channel, school_id) = match channel {
        Channel::Link => ("link", None),
        Channel::SchoolCode(school) => ("school_code", Some(school)),
    };
    let id = sqlx::query_scalar(
        "insert into responses (survey_version_id, channel, school_id, token_hash, resume_code, draft, started_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
    )
    .bind(version_id)
    .bind(channel)
    .bind(school_id)
    .bind(token_hash)
    .bind(resume_code)
    .bind(serde_json::to_string(&Draft::default())?)
    .bind(now)
    .fetch_one(&db.writer)
    .await?;
    Ok(id)
}

pub async fn find_by_token_hash(db: &Db, token_hash: &str) -> anyhow::Result<Option<ResponseRecord>> {
    let row: Option<Row> = sqlx::query_as(&format!("select {COLUMNS} from responses where token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await?;
    row.map(record).transpose()
}

/// An unsubmitted response by its resume code, with the slug of its survey.
pub async fn find_draft_by_resume_code(db: &Db, code: &str) -> anyhow::Result<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "select r.id, s.slug from responses r \
         join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
         where r.resume_code = $1 and r.submitted_at is null",
    )
    .bind(code)
    .fetch_optional(&db.pool)
    .await?)
}

/// Gives a response a new cookie secret (when carrying on from a resume code), so an
/// old device's cookie stops working.
pub async fn replace_token(db: &Db, id: i64, token_hash: &str) -> anyhow::Result<()> {
    sqlx::query("update responses set token_hash = $1 where id = $2").bind(token_hash).bind(id).execute(&db.writer).await?;
    Ok(())
}

/// Saves the answers so far. Refuses (returns false) once the response is submitted.
pub async fn save_draft(db: &Db, id: i64, draft: &Draft, flagged: bool) -> anyhow::Result<bool> {
    // A flag, once raised, stays raised even if the answer is later edited.
    let sql = if flagged {
        "update responses set draft = $1, updated_at = $2, safeguarding_flag = 1 where id = $3 and submitted_at is null"
    } else {
        "update responses set draft = $1, updated_at = $2 where id = $3 and submitted_at is null"
    };
    let result = sqlx::query(sql)
    .bind(serde_json::to_string(draft)?)
    .bind(super::now())
    .bind(id)
    .execute(&db.writer)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Submits a response, once: marks it submitted with `receipt_code` and writes one
/// row per answer, all in one transaction committed before this returns. Returns
/// false if it was already submitted (a double click or a retry), writing nothing.
pub async fn submit(db: &Db, id: i64, answers: &Answers, receipt_code: &str) -> anyhow::Result<bool> {
    use sqlx::Executor;
    let mut conn = db.writer.acquire().await?;
    // The one write a respondent is told is safe: on SQLite it is flushed to disk
    // before the confirmation, even though drafts are not (see `Db::connect`).
    let sqlite = db.backend == super::Backend::Sqlite;
    if sqlite {
        conn.execute("pragma synchronous = full").await?;
    }
    let result = submit_in(&mut conn, id, answers, receipt_code).await;
    if sqlite {
        conn.execute("pragma synchronous = normal").await?;
    }
    result
}

async fn submit_in(conn: &mut sqlx::AnyConnection, id: i64, answers: &Answers, receipt_code: &str) -> anyhow::Result<bool> {
    use sqlx::Acquire;
    let mut tx = conn.begin().await?;
    let marked = sqlx::query("update responses set submitted_at = $1, updated_at = $1, receipt_code = $2 where id = $3 and submitted_at is null")
        .bind(super::now())
        .bind(receipt_code)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if marked.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    for (question, answer) in answers {
        let rows: Vec<(Option<String>, Option<String>, Option<i64>)> = match answer {
            Answer::Choice(v) => vec![(Some(v.clone()), None, None)],
            Answer::Choices(vs) => vs.iter().map(|v| (Some(v.clone()), None, None)).collect(),
            Answer::Text(t) => vec![(None, Some(t.clone()), None)],
            Answer::Number(n) => vec![(None, None, Some(*n))],
            Answer::DontUnderstand => vec![(Some(app::survey::DONT_UNDERSTAND.into()), None, None)],
            Answer::PreferNotToSay => vec![(Some(app::survey::PREFER_NOT_TO_SAY.into()), None, None)],
        };
        for (choice, text, number) in rows {
            sqlx::query("insert into answers (response_id, question_id, choice, text_value, number_value) values ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(question)
                .bind(choice)
                .bind(text)
                .bind(number)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Deletes a submitted response and its answers by receipt code; returns whether
/// there was one.
pub async fn withdraw(db: &Db, receipt_code: &str) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    let id: Option<i64> = sqlx::query_scalar("select id from responses where receipt_code = $1")
        .bind(receipt_code)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else { return Ok(false) };
    sqlx::query("delete from answers where response_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("delete from responses where id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}
