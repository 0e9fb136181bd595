//! The figures of a survey: how many started and sent it, how they arrived, and
//! how many chose each answer, across every published version (answers are keyed
//! by question id, which stays the same from version to version).
//!
//! Figures take an optional filter, "only responses that gave this answer to that
//! question", and are counted from the survey's [`crate::results::tally::Tally`] in memory.

use crate::db::{Backend, Db};
use crate::results::counts::{CachedFigures, State};
pub use crate::results::counts::{CrossFigures, Figures, Filter};
use crate::results::export::AnswerRow;
use crate::results::tally::Tally;
use futures_util::TryStreamExt;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::Arc;

/// A survey's latest definition (the live version, else the draft), with what the
/// results page needs about its engagement. The equality monitoring questions are taken out of
/// the definition and kept apart: only the equality evidence page counts them.
pub struct ResultsSurvey {
    pub definition: app::survey::SurveyDefinition,
    /// The equality monitoring questions, in the survey's order.
    pub kept_apart: Vec<app::survey::Question>,
    pub engagement_id: i64,
    pub engagement_slug: String,
    pub engagement_title: String,
    pub threshold: i64,
}

pub async fn results_survey(db: &Db, survey_id: i64) -> anyhow::Result<Option<ResultsSurvey>> {
    let row: Option<(String, Option<String>, i64, String, String, i64)> = sqlx::query_as(
        "select s.draft, v.definition, e.id, e.slug, e.title, e.suppression_threshold from surveys s \
         join engagements e on e.id = s.engagement_id left join survey_versions v on v.id = s.live_version_id where s.id = $1",
    )
    .bind(survey_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((draft, live, engagement_id, engagement_slug, engagement_title, threshold)) = row else { return Ok(None) };
    let mut definition: app::survey::SurveyDefinition = serde_json::from_str(live.as_deref().unwrap_or(&draft))?;
    let mut kept_apart = Vec::new();
    for page in &mut definition.pages {
        let (apart, rest): (Vec<_>, Vec<_>) = page.questions.drain(..).partition(|q| crate::surveys::profile::equality_key(q).is_some());
        kept_apart.extend(apart);
        page.questions = rest;
    }
    definition.pages.retain(|p| !p.questions.is_empty());
    Ok(Some(ResultsSurvey { definition, kept_apart, engagement_id, engagement_slug, engagement_title, threshold }))
}

/// The ids of every equality monitoring question a survey's draft or any of its versions has
/// held: answers to them stay out of exports even after the section is taken out.
pub async fn equality_ids(db: &Db, survey_id: i64) -> anyhow::Result<Vec<String>> {
    let mut stored: Vec<String> =
        sqlx::query_scalar("select definition from survey_versions where survey_id = $1").bind(survey_id).fetch_all(&db.pool).await?;
    let draft: Option<String> =
        sqlx::query_scalar("select draft from surveys where id = $1").bind(survey_id).fetch_optional(&db.pool).await?;
    stored.extend(draft);
    let mut ids: Vec<String> = Vec::new();
    for text in stored {
        let def: app::survey::SurveyDefinition = serde_json::from_str(&text)?;
        for q in def.pages.iter().flat_map(|p| p.questions.iter()) {
            if crate::surveys::profile::equality_key(q).is_some() && !ids.contains(&q.id) {
                ids.push(q.id.clone());
            }
        }
    }
    Ok(ids)
}

/// The equality monitoring questions any published version of a survey asked, each once, as the
/// latest version to ask it words it: taken out of a later version, their answers still count.
pub async fn equality_questions_asked(db: &Db, survey_id: i64) -> anyhow::Result<Vec<app::survey::Question>> {
    let stored: Vec<String> = sqlx::query_scalar("select definition from survey_versions where survey_id = $1 order by id desc")
        .bind(survey_id)
        .fetch_all(&db.pool)
        .await?;
    let mut found: Vec<app::survey::Question> = Vec::new();
    for text in stored {
        let def: app::survey::SurveyDefinition = serde_json::from_str(&text)?;
        for q in def.pages.into_iter().flat_map(|p| p.questions) {
            if crate::surveys::profile::equality_key(&q).is_some() && !found.iter().any(|f| f.id == q.id) {
                found.push(q);
            }
        }
    }
    Ok(found)
}

/// How many sent responses to a survey were to a version that asked each of `questions`: a
/// question added in a later version was never asked of those who answered an earlier one.
pub async fn sent_asking(db: &Db, survey_id: i64, questions: &[String]) -> anyhow::Result<HashMap<String, i64>> {
    let versions: Vec<(i64, String)> =
        sqlx::query_as("select id, definition from survey_versions where survey_id = $1").bind(survey_id).fetch_all(&db.pool).await?;
    let sent: Vec<(i64, i64)> = sqlx::query_as(
        "select r.survey_version_id, count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
         where v.survey_id = $1 and r.submitted_at is not null group by r.survey_version_id",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?;
    let mut asked: HashMap<String, i64> = questions.iter().map(|q| (q.clone(), 0)).collect();
    for (version, text) in versions {
        let n = sent.iter().find(|(v, _)| *v == version).map(|(_, n)| *n).unwrap_or(0);
        if n == 0 {
            continue;
        }
        let def: app::survey::SurveyDefinition = serde_json::from_str(&text)?;
        for (question, total) in asked.iter_mut() {
            if def.question(question).is_some() {
                *total += n;
            }
        }
    }
    Ok(asked)
}

/// Responses an export reads at a time.
const EXPORT_BATCH: usize = 1000;

/// Every answer of a survey's sent responses, a response's answers together, as the exports
/// read them: streamed, never held whole.
///
/// They are read a batch of responses at a time, in order of id, so that the first rows come at
/// once however large the survey (read in one statement, PostgreSQL sorted a million-response
/// survey's 1.9 million answers before it gave the first, 2.5 s in). The next batch is read while
/// the last is written.
pub fn sent_answers(db: &Db, survey_id: i64) -> futures_util::stream::BoxStream<'static, sqlx::Result<AnswerRow>> {
    sent_answers_in_batches(db, survey_id, EXPORT_BATCH)
}

/// [`sent_answers`], `batch` responses at a time.
pub fn sent_answers_in_batches(db: &Db, survey_id: i64, batch: usize) -> futures_util::stream::BoxStream<'static, sqlx::Result<AnswerRow>> {
    use futures_util::{stream, StreamExt};
    let batch = batch.max(1);
    // Each batch's answers, then `None` once every batch is read: a reader that stops without
    // it (a panic) ends the stream in an error, so an export never looks whole when it is not.
    let (send, receive) = tokio::sync::mpsc::channel::<sqlx::Result<Option<Vec<AnswerRow>>>>(2);
    let db = db.clone();
    tokio::spawn(async move {
        let read = async {
            let versions: Vec<i64> =
                sqlx::query_scalar("select id from survey_versions where survey_id = $1").bind(survey_id).fetch_all(&db.pool).await?;
            let mut after = 0;
            // Until every batch is read, or nobody is reading any more (the download was stopped).
            while !send.is_closed() {
                let (rows, next) = answers_after(&db, &versions, after, batch).await?;
                if !rows.is_empty() {
                    let _ = send.send(Ok(Some(rows))).await;
                }
                match next {
                    Some(next) => after = next,
                    None => {
                        let _ = send.send(Ok(None)).await;
                        break;
                    }
                }
            }
            Ok::<_, sqlx::Error>(())
        };
        if let Err(e) = read.await {
            let _ = send.send(Err(e)).await;
        }
    });
    stream::unfold(Some(receive), |receive| async move {
        let mut receive = receive?;
        match receive.recv().await {
            Some(Ok(Some(rows))) => Some((rows.into_iter().map(Ok).collect::<Vec<_>>(), Some(receive))),
            Some(Ok(None)) => None,
            Some(Err(e)) => Some((vec![Err(e)], None)),
            None => Some((vec![Err(sqlx::Error::Protocol("the export's reader stopped part way".into()))], None)),
        }
    })
    .flat_map(stream::iter)
    .boxed()
}

/// An answer of a sent response, or (with no question) a sent response without answers.
#[derive(sqlx::FromRow)]
struct SentRow {
    response_id: i64,
    submitted_at: i64,
    channel: String,
    school: String,
    question_id: Option<String>,
    choice: Option<String>,
    text_value: Option<String>,
    number_value: Option<i64>,
    flagged: i64,
}

/// The answers of up to `batch` sent responses of the survey `versions` after the response
/// `after`, and the response to read on from, unless these were the last.
async fn answers_after(db: &Db, versions: &[i64], after: i64, batch: usize) -> sqlx::Result<(Vec<AnswerRow>, Option<i64>)> {
    if versions.is_empty() {
        return Ok((vec![], None));
    }
    // The responses are read in order of id from `after`, each one's version checked. The
    // versions are named rather than joined: PostgreSQL then knows how many of the responses are
    // the survey's. SQLite would read them all from the index by version and sort them, for every
    // batch, unless told not to use that index (the `+`); PostgreSQL, told so, no longer knows how
    // many are the survey's, and sorts them all. Responses without answers are read too (each as
    // one row without a question), so that a batch of them is not taken for the end.
    let version = if db.backend == Backend::Sqlite { "+survey_version_id" } else { "survey_version_id" };
    let listed = (0..versions.len()).map(|i| format!("${}", i + 3)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "select r.id as response_id, r.submitted_at, r.channel, coalesce(s.name, '') as school, \
         a.question_id, a.choice, a.text_value, a.number_value, r.safeguarding_flag as flagged \
         from (select id, submitted_at, channel, school_id, safeguarding_flag from responses \
               where id > $1 and submitted_at is not null and {version} in ({listed}) order by id limit $2) r \
         left join answers a on a.response_id = r.id left join schools s on s.id = r.school_id \
         order by r.id, a.question_id, a.choice"
    );
    let mut query = sqlx::query_as::<_, SentRow>(&sql).bind(after).bind(batch as i64);
    for v in versions {
        query = query.bind(*v);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let (mut responses, mut last) = (0, after);
    let mut answers = Vec::with_capacity(rows.len());
    for row in rows {
        if row.response_id != last {
            responses += 1;
            last = row.response_id;
        }
        if let Some(question_id) = row.question_id {
            answers.push(AnswerRow {
                response_id: row.response_id,
                submitted_at: row.submitted_at,
                channel: row.channel,
                school: row.school,
                question_id,
                choice: row.choice,
                text_value: row.text_value,
                number_value: row.number_value,
                flagged: row.flagged,
            });
        }
    }
    Ok((answers, (responses == batch).then_some(last)))
}

/// Most sets of figures kept at once; beyond it the cache starts again.
const CACHED_FIGURES: usize = 512;

/// A survey's figures and optional breakdown, counted once and reused until a response is
/// started, sent or withdrawn. Checking costs two indexed counts; counting is a pass over the
/// survey's [`crate::results::tally::Tally`] in memory, brought up to date first by reading what was sent since.
pub async fn cached_figures(
    db: &Db,
    survey_id: i64,
    filter: &Filter,
    by: Option<&str>,
) -> anyhow::Result<(Arc<Figures>, Option<Arc<CrossFigures>>)> {
    let state = state(db, survey_id).await?;
    let key = (survey_id, filter.question.clone(), filter.choice.clone(), by.unwrap_or_default().to_owned());
    if let Some(hit) = db.figures.lock().map_err(|_| anyhow::anyhow!("figures cache poisoned"))?.get(&key) {
        if hit.state == state {
            return Ok((hit.figures.clone(), hit.cross.clone()));
        }
    }
    let tally = up_to_date(db, survey_id).await?;
    let schools: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("select id, name from schools").fetch_all(&db.pool).await?.into_iter().collect();
    let figures = Arc::new(tally.figures(filter, state.2, &schools));
    let cross = by.map(|by| Arc::new(tally.crosstab(filter, by)));
    drop(tally);
    let mut cache = db.figures.lock().map_err(|_| anyhow::anyhow!("figures cache poisoned"))?;
    if cache.len() >= CACHED_FIGURES {
        cache.clear();
    }
    cache.insert(key, CachedFigures { state, figures: figures.clone(), cross: cross.clone() });
    Ok((figures, cross))
}

/// A survey's tally, brought up to date and held until the guard is dropped.
async fn up_to_date(db: &Db, survey_id: i64) -> anyhow::Result<tokio::sync::OwnedMutexGuard<Tally>> {
    let tally = db
        .tallies
        .lock()
        .map_err(|_| anyhow::anyhow!("tallies poisoned"))?
        .entry(survey_id)
        .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(Tally::new(survey_id))))
        .clone();
    let mut tally = tally.lock_owned().await;
    update(&mut tally, db).await?;
    Ok(tally)
}

/// Reads the state of a survey's responses: on SQLite, one indexed count for the sent and one for
/// all; on PostgreSQL, the counts a trigger keeps (`response_counts`), as counting there reads
/// every entry at a cost that grows with the survey.
pub async fn state(db: &Db, survey_id: i64) -> anyhow::Result<State> {
    let mut conn = db.pool.acquire().await?;
    state_in(&mut conn, survey_id).await
}

async fn state_in(conn: &mut AnyConnection, survey_id: i64) -> anyhow::Result<State> {
    if conn.backend_name() == "PostgreSQL" {
        let (sent, latest, started): (i64, i64, i64) = sqlx::query_as(
            "select coalesce(sum(c.sent), 0)::bigint, coalesce(max(c.latest), 0)::bigint, coalesce(sum(c.open), 0)::bigint \
             from response_counts c join survey_versions v on v.id = c.survey_version_id where v.survey_id = $1",
        )
        .bind(survey_id)
        .fetch_one(&mut *conn)
        .await?;
        return Ok((sent, latest, started));
    }
    let (sent, latest): (i64, i64) = sqlx::query_as(
        "select count(*), coalesce(max(r.id), 0) from responses r join survey_versions v on v.id = r.survey_version_id \
         where v.survey_id = $1 and r.submitted_at is not null",
    )
    .bind(survey_id)
    .fetch_one(&mut *conn)
    .await?;
    let started: i64 = sqlx::query_scalar(
        "select count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
             where v.survey_id = $1 and r.withdrawn_at is null and r.deleted_at is null",
    )
    .bind(survey_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((sent, latest, started))
}

/// Brings a tally up to date: reads what was sent since it was last read, or everything when
/// that does not account for every sent response. Both are read from one snapshot of the
/// database, so responses sent meanwhile are left for next time.
async fn update(tally: &mut Tally, db: &Db) -> anyhow::Result<()> {
    let mut tx = db.pool.begin().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("set transaction isolation level repeatable read").execute(&mut *tx).await?;
    }
    let survey_id = tally.survey_id();
    let state = state_in(&mut tx, survey_id).await?;
    if tally.is_at(state) {
        return Ok(());
    }
    if let Some(since) = tally.read_since() {
        read(tally, &mut tx, since).await?;
    }
    if !tally.accounts_for(state) {
        *tally = Tally::new(survey_id);
        read(tally, &mut tx, i64::MIN).await?;
    }
    tally.read_at(state);
    tx.rollback().await?;
    Ok(())
}

/// Adds to a tally the responses sent at or after `since` that it does not hold yet.
async fn read(tally: &mut Tally, conn: &mut AnyConnection, since: i64) -> anyhow::Result<()> {
    const SENT: &str = "from responses r join survey_versions v on v.id = r.survey_version_id \
        where v.survey_id = $1 and r.submitted_at is not null and r.submitted_at >= $2";
    let rows: Vec<(i64, String, Option<i64>, i64)> = sqlx::query_as(&format!("select r.id, r.channel, r.school_id, r.submitted_at {SENT}"))
        .bind(tally.survey_id())
        .bind(since)
        .fetch_all(&mut *conn)
        .await?;
    let Some(mut adding) = tally.start_adding(rows) else { return Ok(()) };
    let sql =
        format!("select a.response_id, a.question_id, a.choice, a.number_value from answers a where a.response_id in (select r.id {SENT})");
    let mut stream =
        sqlx::query_as::<_, (i64, String, Option<String>, Option<i64>)>(&sql).bind(tally.survey_id()).bind(since).fetch(&mut *conn);
    while let Some((response, question, choice, number)) = stream.try_next().await? {
        tally.answer(&mut adding, response, &question, choice.as_deref(), number);
    }
    drop(stream);
    tally.finish(adding);
    Ok(())
}

/// How many sent answers to each of a survey's questions chose no option, by question id: for a
/// free-text question, its written answers.
pub async fn unchosen_answers(db: &Db, survey_id: i64) -> anyhow::Result<HashMap<String, i64>> {
    Ok(up_to_date(db, survey_id).await?.unchosen())
}

/// Counts every live survey's figures ahead of the first visit: all responses, and broken down by
/// district where a survey asks it (as the outcomes page reads them). Figures that still hold
/// cost one check each.
pub async fn warm(db: &Db) -> anyhow::Result<()> {
    let live: Vec<i64> =
        sqlx::query_scalar("select id from surveys where live_version_id is not null order by id").fetch_all(&db.pool).await?;
    for id in live {
        let Some(survey) = results_survey(db, id).await? else { continue };
        let district = survey
            .definition
            .pages
            .iter()
            .flat_map(|p| p.questions.iter())
            .find(|q| q.tags.iter().any(|t| t == "profile:district"))
            .map(|q| q.id.clone());
        cached_figures(db, id, &Filter::default(), None).await?;
        if let Some(d) = district {
            cached_figures(db, id, &Filter::default(), Some(&d)).await?;
        }
    }
    Ok(())
}

/// Runs [`warm`] every half minute until `stop` turns true.
pub async fn warm_in_background(db: Db, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = warm(&db).await {
            tracing::warn!(error = %e, "figures: warming failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(30)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// The closed questions picked for an engagement's public results page: (survey id, question id).
pub async fn public_questions(db: &Db, engagement_id: i64) -> sqlx::Result<std::collections::HashSet<(i64, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "select p.survey_id, p.question_id from public_questions p join surveys s on s.id = p.survey_id where s.engagement_id = $1",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// Replaces the questions picked for an engagement's public results page with `picked`.
pub async fn set_public_questions(db: &Db, engagement_id: i64, picked: &[(i64, String)]) -> sqlx::Result<()> {
    let mut tx = db.writer.begin().await?;
    sqlx::query("delete from public_questions where survey_id in (select id from surveys where engagement_id = $1)")
        .bind(engagement_id)
        .execute(&mut *tx)
        .await?;
    for (survey, question) in picked {
        sqlx::query("insert into public_questions (survey_id, question_id) values ($1, $2)")
            .bind(survey)
            .bind(question)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// A report as issued: its number, date, who it was for and its body.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IssuedReport {
    pub number: i64,
    pub issued_at: i64,
    pub audience: String,
    pub body: String,
    /// 1 when its workbook was kept (reports issued before workbooks were have none).
    pub has_workbook: i64,
}

/// Keeps a report as issued, numbered next for its engagement; returns its number.
pub async fn issue_report(db: &Db, engagement_id: i64, user_id: i64, audience: &str, body: &str, workbook: &[u8]) -> sqlx::Result<i64> {
    let mut tx = db.writer.begin().await?;
    let number: i64 =
        sqlx::query_scalar("select cast(coalesce(max(number), 0) + 1 as bigint) from issued_reports where engagement_id = $1")
            .bind(engagement_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "insert into issued_reports (engagement_id, number, issued_at, issued_by, audience, body, workbook) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(engagement_id)
    .bind(number)
    .bind(crate::db::now())
    .bind(user_id)
    .bind(audience)
    .bind(body)
    .bind(workbook)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// The reports issued for an engagement, newest first, without their bodies.
pub async fn issued_reports(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<IssuedReport>> {
    sqlx::query_as(
        "select number, issued_at, audience, '' as body, cast(0 as bigint) as has_workbook from issued_reports \
         where engagement_id = $1 order by number desc",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn issued_report(db: &Db, engagement_id: i64, number: i64) -> sqlx::Result<Option<IssuedReport>> {
    sqlx::query_as(
        "select number, issued_at, audience, body, cast(case when workbook is null then 0 else 1 end as bigint) as has_workbook \
         from issued_reports where engagement_id = $1 and number = $2",
    )
    .bind(engagement_id)
    .bind(number)
    .fetch_optional(&db.pool)
    .await
}

/// An issued report's workbook, as it was made when the report was issued.
pub async fn issued_workbook(db: &Db, engagement_id: i64, number: i64) -> sqlx::Result<Option<Vec<u8>>> {
    let row: Option<(Option<Vec<u8>>,)> = sqlx::query_as("select workbook from issued_reports where engagement_id = $1 and number = $2")
        .bind(engagement_id)
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.and_then(|(w,)| w))
}
