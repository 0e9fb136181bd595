//! Queries on `responses` and `answers`.

use crate::db::Db;
use app::survey::{Answer, Answers, Draft};
use std::collections::HashMap;

/// A response as its respondent's pages need it.
#[derive(Clone, Debug)]
pub struct ResponseRecord {
    pub id: i64,
    pub survey_version_id: i64,
    /// The hash of its resume code.
    pub resume_code_hash: String,
    /// The hash of its receipt code, once sent.
    pub receipt_code_hash: Option<String>,
    pub draft: Draft,
    pub submitted_at: Option<i64>,
}

/// How a respondent arrived: by the open link, or with a school's access code (their
/// answers then count for that school).
pub enum Channel {
    Link,
    SchoolCode(i64),
    /// Brought in from a file (paper forms or another tool) by `chorus import-responses`.
    Import,
}

impl Channel {
    /// The channel as stored: its name and the school it counts for.
    fn columns(&self) -> (&'static str, Option<i64>) {
        match self {
            Channel::Link => ("link", None),
            Channel::SchoolCode(school) => ("school_code", Some(*school)),
            Channel::Import => ("import", None),
        }
    }
}

/// A write anyone may make, held to a limit: the limit, and the client it came from.
pub type Counted = Option<(crate::web::limits::Limit, String)>;

/// What is stored of a resume or receipt code: its hash, so that reading the database gives no
/// code that takes a person's answers.
pub fn code_hash(code: &str) -> String {
    crate::web::codes::hash_secret(code)
}

/// Starts a response; returns its id. Only the hash of `resume_code` is kept.
pub async fn create(db: &Db, version_id: i64, channel: Channel, token_hash: &str, resume_code: &str) -> anyhow::Result<i64> {
    create_counted(db, None, version_id, channel, token_hash, resume_code).await?.map_err(|_| anyhow::anyhow!("not held to a limit"))
}

/// Starts a response, counting it against `counted`'s limit in the same write: its id, or how
/// long to wait when over the limit (and then nothing is written).
pub async fn create_counted(
    db: &Db,
    counted: Counted,
    version_id: i64,
    channel: Channel,
    token_hash: &str,
    resume_code: &str,
) -> anyhow::Result<Result<i64, std::time::Duration>> {
    let (now, now_ms) = (crate::db::now(), crate::db::now_ms());
    let (channel, school_id) = channel.columns();
    let (token_hash, resume_hash, draft) = (token_hash.to_owned(), code_hash(resume_code), serde_json::to_string(&Draft::default())?);
    // No savepoint of its own, counted or not: SQLite undoes a failed statement by itself, and a
    // count left standing by an insert that failed only errs on the side of the limit. Each
    // statement saved is writer time saved for every respondent.
    db.write_statement(move |conn| {
        Box::pin(async move {
            if let Some((limit, client)) = counted {
                if let Some(wait) = crate::web::limits::count_busy(conn, limit, &client, now_ms).await? {
                    return Ok(Err(wait));
                }
            }
            let id = sqlx::query_scalar(
                "insert into responses (survey_version_id, channel, school_id, token_hash, resume_code_hash, draft, started_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
            )
            .bind(version_id)
            .bind(channel)
            .bind(school_id)
            .bind(token_hash)
            .bind(resume_hash)
            .bind(draft)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
            Ok(Ok(id))
        })
    })
    .await
}

/// An unsubmitted response by its resume code, with the slug of its survey and the state of its
/// engagement (a code stops working once the engagement is no longer open).
pub async fn find_draft_by_resume_code(db: &Db, code: &str) -> anyhow::Result<Option<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "select r.id, s.slug, e.state from responses r \
         join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
         join engagements e on e.id = s.engagement_id \
         where r.resume_code_hash = $1 and r.submitted_at is null",
    )
    .bind(code_hash(code))
    .fetch_optional(&db.pool)
    .await?)
}

/// Gives an unsent response a new resume code (only its hash is kept), for a device that has
/// none to show: one whose response was started before codes were hashed.
pub async fn replace_resume_code(db: &Db, id: i64, resume_code: &str) -> anyhow::Result<()> {
    let hash = code_hash(resume_code);
    db.write_statement(move |conn| {
        Box::pin(async move {
            sqlx::query("update responses set resume_code_hash = $1 where id = $2 and submitted_at is null")
                .bind(hash)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    })
    .await
}

/// Hashes the resume and receipt codes a previous release stored in plain text; returns how
/// many responses it changed. A hash is 43 characters and a code never more than 12, so what
/// is shorter is a code.
pub async fn hash_plain_codes(db: &Db) -> anyhow::Result<usize> {
    let plain: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "select id, resume_code_hash, receipt_code_hash from responses \
         where withdrawn_at is null and deleted_at is null and (length(resume_code_hash) < 40 or length(receipt_code_hash) < 40)",
    )
    .fetch_all(&db.pool)
    .await?;
    let changed = plain.len();
    for chunk in plain.chunks(500) {
        let hashed: Vec<(i64, String, Option<String>)> = chunk
            .iter()
            .map(|(id, resume, receipt)| {
                let hash = |c: &str| if c.len() < 40 { code_hash(c) } else { c.to_owned() };
                (*id, hash(resume), receipt.as_deref().map(hash))
            })
            .collect();
        db.write(move |conn| {
            Box::pin(async move {
                for (id, resume, receipt) in hashed {
                    sqlx::query("update responses set resume_code_hash = $1, receipt_code_hash = $2 where id = $3")
                        .bind(resume)
                        .bind(receipt)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
        .await?;
    }
    Ok(changed)
}

/// Gives a response a new cookie secret (when carrying on from a resume code), so an
/// old device's cookie stops working.
pub async fn replace_token(db: &Db, id: i64, token_hash: &str) -> anyhow::Result<()> {
    let token_hash = token_hash.to_owned();
    db.write_statement(move |conn| {
        Box::pin(async move {
            sqlx::query("update responses set token_hash = $1 where id = $2").bind(token_hash).bind(id).execute(&mut *conn).await?;
            Ok(())
        })
    })
    .await
}

/// Saves the answers so far. Refuses (returns false) once the response is submitted.
pub async fn save_draft(db: &Db, id: i64, draft: &Draft, flagged: bool) -> anyhow::Result<bool> {
    save_draft_counted(db, None, id, draft, flagged).await?.map_err(|_| anyhow::anyhow!("not held to a limit"))
}

/// Saves the answers so far, counting the save against `counted`'s limit in the same write:
/// whether it was saved (not once the response is submitted), or how long to wait when over
/// the limit (and then nothing is written).
pub async fn save_draft_counted(
    db: &Db,
    counted: Counted,
    id: i64,
    draft: &Draft,
    flagged: bool,
) -> anyhow::Result<Result<bool, std::time::Duration>> {
    // A flag, once raised, stays raised even if the answer is later edited.
    let sql = if flagged {
        "update responses set draft = $1, updated_at = $2, safeguarding_flag = 1 where id = $3 and submitted_at is null"
    } else {
        "update responses set draft = $1, updated_at = $2 where id = $3 and submitted_at is null"
    };
    let (draft, now, now_ms) = (serde_json::to_string(draft)?, crate::db::now(), crate::db::now_ms());
    // As for starting: no savepoint of its own.
    db.write_statement(move |conn| {
        Box::pin(async move {
            if let Some((limit, client)) = counted {
                if let Some(wait) = crate::web::limits::count_busy(conn, limit, &client, now_ms).await? {
                    return Ok(Err(wait));
                }
            }
            let result = sqlx::query(sql).bind(draft).bind(now).bind(id).execute(&mut *conn).await?;
            Ok(Ok(result.rows_affected() == 1))
        })
    })
    .await
}

/// One stored row per answer (per choice for multiple choice): (question, choice, text, number).
type AnswerRow = (String, Option<String>, Option<String>, Option<i64>);

fn answer_rows(answers: &Answers) -> Vec<AnswerRow> {
    let mut rows = Vec::new();
    for (question, answer) in answers {
        let q = || question.clone();
        match answer {
            Answer::Choice(v) => rows.push((q(), Some(v.clone()), None, None)),
            Answer::Choices(vs) => rows.extend(vs.iter().map(|v| (q(), Some(v.clone()), None, None))),
            Answer::Text(t) => rows.push((q(), None, Some(t.clone()), None)),
            Answer::Number(n) => rows.push((q(), None, None, Some(*n))),
            Answer::DontUnderstand => rows.push((q(), Some(app::survey::DONT_UNDERSTAND.into()), None, None)),
            Answer::PreferNotToSay => rows.push((q(), Some(app::survey::PREFER_NOT_TO_SAY.into()), None, None)),
        }
    }
    rows
}

/// Answers inserted per statement: well inside both backends' limits on parameters.
const ANSWERS_PER_INSERT: usize = 100;

/// Submits a response, once: marks it submitted with `receipt_code` (its hash) and writes one
/// row per answer, all or nothing, committed (on disk) before this returns. Returns
/// false if it was already submitted (a double click or a retry), writing nothing.
pub async fn submit(db: &Db, id: i64, answers: &Answers, receipt_code: &str) -> anyhow::Result<bool> {
    let (rows, receipt_hash, now) = (answer_rows(answers), code_hash(receipt_code), crate::db::now());
    db.write(move |conn| {
        Box::pin(async move {
            let marked = sqlx::query(
                "update responses set submitted_at = $1, updated_at = $1, receipt_code_hash = $2 where id = $3 and submitted_at is null",
            )
            .bind(now)
            .bind(receipt_hash)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            if marked.rows_affected() == 0 {
                return Ok(false);
            }
            let rows: Vec<(i64, AnswerRow)> = rows.into_iter().map(|row| (id, row)).collect();
            insert_answers(conn, &rows, ANSWERS_PER_INSERT).await?;
            Ok(true)
        })
    })
    .await
}

/// Writes answer rows, each with its response's id, `per_insert` to a statement.
async fn insert_answers(conn: &mut sqlx::AnyConnection, rows: &[(i64, AnswerRow)], per_insert: usize) -> sqlx::Result<()> {
    for chunk in rows.chunks(per_insert) {
        let sql = format!(
            "insert into answers (response_id, question_id, choice, text_value, number_value) values {}",
            crate::db::parameter_rows(chunk.len(), 5, 1)
        );
        let mut insert = sqlx::query(&sql);
        for (id, (question, choice, text, number)) in chunk {
            insert = insert.bind(*id).bind(question.clone()).bind(choice.clone()).bind(text.clone()).bind(*number);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A response stored in one go as [`create`], [`save_draft`] and [`submit`] would leave it:
/// how the demo loads its made-up responses.
pub struct Whole {
    pub version_id: i64,
    pub channel: Channel,
    pub draft: Draft,
    pub flagged: bool,
    /// The answers sent, or nothing for a response started and left.
    pub sent: Option<Answers>,
}

/// Responses and answers inserted per statement when storing many at once (10 and 5 parameters
/// each), on PostgreSQL and on SQLite. SQLite's driver looks each parameter up by name, so its
/// time grows with the square of a statement's parameters: it takes fewer.
const WHOLE_PER_INSERT: [usize; 2] = [200, 20];
const ANSWERS_PER_BULK_INSERT: [usize; 2] = [1000, ANSWERS_PER_INSERT];

/// Stores many responses in one write, each with fresh codes of which only the hashes are kept
/// (nobody holds the codes), many rows to a statement rather than a commit per step. Each
/// response's id comes back beside its token's hash (unique), which ties its answers to it.
pub async fn insert_whole(db: &Db, responses: Vec<Whole>) -> anyhow::Result<()> {
    let now = crate::db::now();
    let sizes = usize::from(db.backend == crate::db::Backend::Sqlite);
    let (per_insert, answers_per_insert) = (WHOLE_PER_INSERT[sizes], ANSWERS_PER_BULK_INSERT[sizes]);
    let mut rows = Vec::with_capacity(responses.len());
    let mut sent = HashMap::new();
    for w in responses {
        let (channel, school) = w.channel.columns();
        let token = crate::web::codes::hash_secret(&crate::web::codes::secret_token());
        let resume = code_hash(&crate::web::codes::short_code());
        let receipt = w.sent.as_ref().map(|_| code_hash(&crate::web::codes::short_code()));
        if let Some(answers) = &w.sent {
            sent.insert(token.clone(), answer_rows(answers));
        }
        rows.push((w.version_id, channel, school, token, resume, serde_json::to_string(&w.draft)?, w.flagged as i64, receipt));
    }
    db.write(move |conn| {
        Box::pin(async move {
            let mut answers = Vec::new();
            for chunk in rows.chunks(per_insert) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| {
                        let p = |k: usize| format!("${}", 10 * i + k);
                        format!(
                            "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                            p(1),
                            p(2),
                            p(3),
                            p(4),
                            p(5),
                            p(6),
                            p(7),
                            p(8),
                            p(8),
                            p(9),
                            p(10)
                        )
                    })
                    .collect();
                let sql = format!(
                    "insert into responses (survey_version_id, channel, school_id, token_hash, resume_code_hash, draft, \
                     safeguarding_flag, started_at, updated_at, receipt_code_hash, submitted_at) values {} returning id, token_hash",
                    values.join(", ")
                );
                let mut insert = sqlx::query_as::<_, (i64, String)>(&sql);
                for (version, channel, school, token, resume, draft, flagged, receipt) in chunk {
                    insert = insert
                        .bind(*version)
                        .bind(*channel)
                        .bind(*school)
                        .bind(token.clone())
                        .bind(resume.clone())
                        .bind(draft.clone())
                        .bind(*flagged)
                        .bind(now)
                        .bind(receipt.clone())
                        .bind(receipt.as_ref().map(|_| now));
                }
                for (id, token) in insert.fetch_all(&mut *conn).await? {
                    answers.extend(sent.remove(&token).into_iter().flatten().map(|row| (id, row)));
                }
            }
            anyhow::ensure!(sent.is_empty(), "a response's answers were not tied to it");
            insert_answers(conn, &answers, answers_per_insert).await?;
            Ok(())
        })
    })
    .await
}

/// A sent response found by its receipt code: its survey's title, when it was sent, and its
/// engagement's slug and title.
#[derive(sqlx::FromRow)]
pub struct Receipt {
    pub survey_title: String,
    pub sent_at: i64,
    pub engagement_slug: String,
    pub engagement_title: String,
}

/// The survey a sent response answered and when it was sent, by its receipt code: what a
/// person is shown before they delete their answers for good.
pub async fn find_by_receipt(db: &Db, receipt_code: &str) -> anyhow::Result<Option<Receipt>> {
    Ok(sqlx::query_as(
        "select s.title as survey_title, r.submitted_at as sent_at, e.slug as engagement_slug, e.title as engagement_title \
         from responses r join survey_versions v on v.id = r.survey_version_id \
         join surveys s on s.id = v.survey_id join engagements e on e.id = s.engagement_id \
         where r.receipt_code_hash = $1 and r.submitted_at is not null",
    )
    .bind(code_hash(receipt_code))
    .fetch_optional(&db.pool)
    .await?)
}

/// Withdraws a sent response: its answers are deleted and leave every result, it no longer
/// counts as sent, and neither its receipt code nor its resume code works again. Its row stays,
/// marked withdrawn, so that its id is never given to another response (SQLite would reuse the
/// highest id if it went) and nothing recorded against it can pass to someone else's. A response
/// flagged as possibly disclosing harm keeps its written answers in its draft for the
/// safeguarding record, with what was done about it; any other keeps nothing of what was said.
pub async fn withdraw(db: &Db, receipt_code: &str) -> anyhow::Result<bool> {
    let receipt_hash = code_hash(receipt_code);
    let empty = serde_json::to_string(&Draft::default())?;
    db.write(move |conn| {
        Box::pin(async move {
            let found: Option<(i64, i64)> = sqlx::query_as("select id, safeguarding_flag from responses where receipt_code_hash = $1")
                .bind(receipt_hash)
                .fetch_optional(&mut *conn)
                .await?;
            let Some((id, flagged)) = found else { return Ok(false) };
            sqlx::query("delete from answers where response_id = $1").bind(id).execute(&mut *conn).await?;
            sqlx::query("delete from theme_answers where response_id = $1").bind(id).execute(&mut *conn).await?;
            sqlx::query("delete from answer_vectors where response_id = $1").bind(id).execute(&mut *conn).await?;
            if flagged == 0 {
                sqlx::query("update responses set draft = $1, school_id = null where id = $2")
                    .bind(&empty)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            // The cookie's hash and the resume code are unique: they become ones no secret or code
            // can match.
            let gone = format!("withdrawn {id}");
            sqlx::query(
                "update responses set submitted_at = null, receipt_code_hash = null, withdrawn_at = $1, token_hash = $2, resume_code_hash = $2 \
                 where id = $3",
            )
            .bind(crate::db::now())
            .bind(gone)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        })
    })
    .await
}
