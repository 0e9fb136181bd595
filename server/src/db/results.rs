//! The figures of a survey: how many started and sent it, how they arrived, and
//! how many chose each answer, across every published version (answers are keyed
//! by question id, which stays the same from version to version).
//!
//! Every query takes the same optional filter, "only responses that gave this
//! answer to that question", written so that one SQL text serves both backends.

use super::Db;
use std::collections::HashMap;

/// Only responses that chose `choice` for `question`; empty strings for everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub question: String,
    pub choice: String,
}

/// The part of every query that picks a survey's sent responses, filtered.
const SENT: &str = "from responses r join survey_versions v on v.id = r.survey_version_id \
    where v.survey_id = $1 and r.submitted_at is not null \
    and ($2 = '' or exists (select 1 from answers f where f.response_id = r.id and f.question_id = $2 and f.choice = $3))";

#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// Responses started, sent or not (not filtered: unsent ones have no answers).
    pub started: i64,
    pub submitted: i64,
    /// Sent responses by how they arrived: `link` or `school_code`.
    pub by_channel: Vec<(String, i64)>,
    /// Sent responses by school (those that used a school's access code).
    pub by_school: Vec<(String, i64)>,
    /// Sent responses by day, as (days since 1970, count), oldest first.
    pub by_day: Vec<(i64, i64)>,
    /// How many sent responses chose each option, by question id then option value.
    pub choices: HashMap<String, HashMap<String, i64>>,
    /// How many sent responses answered each question at all.
    pub answered: HashMap<String, i64>,
    /// Number answers by question id: (count, sum, lowest, highest).
    pub numbers: HashMap<String, (i64, i64, i64, i64)>,
}

pub async fn survey_figures(db: &Db, survey_id: i64, filter: &Filter) -> anyhow::Result<Figures> {
    let mut figures = Figures::default();
    let (started, submitted): (i64, i64) = sqlx::query_as(
        "select count(*), cast(coalesce(sum(case when r.submitted_at is null then 0 else 1 end), 0) as bigint) \
         from responses r join survey_versions v on v.id = r.survey_version_id where v.survey_id = $1",
    )
    .bind(survey_id)
    .fetch_one(&db.pool)
    .await?;
    figures.started = started;
    figures.submitted = submitted;
    if !filter.question.is_empty() {
        figures.submitted = sqlx::query_scalar(&format!("select count(*) {SENT}"))
            .bind(survey_id)
            .bind(&filter.question)
            .bind(&filter.choice)
            .fetch_one(&db.pool)
            .await?;
    }
    let bind3 = |sql: String| (sql, survey_id, filter.question.clone(), filter.choice.clone());
    let (sql, a, b, c) = bind3(format!("select r.channel, count(*) {SENT} group by r.channel order by r.channel"));
    figures.by_channel = sqlx::query_as(&sql).bind(a).bind(b).bind(c).fetch_all(&db.pool).await?;
    let (sql, a, b, c) = bind3(format!(
        "select s.name, count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
         join schools s on s.id = r.school_id \
         where v.survey_id = $1 and r.submitted_at is not null \
         and ($2 = '' or exists (select 1 from answers f where f.response_id = r.id and f.question_id = $2 and f.choice = $3)) \
         group by s.name order by s.name"
    ));
    figures.by_school = sqlx::query_as(&sql).bind(a).bind(b).bind(c).fetch_all(&db.pool).await?;
    let (sql, a, b, c) = bind3(format!("select r.submitted_at / 86400 as day, count(*) {SENT} group by r.submitted_at / 86400 order by day"));
    figures.by_day = sqlx::query_as(&sql).bind(a).bind(b).bind(c).fetch_all(&db.pool).await?;

    figures.choices = choice_counts(db, survey_id, filter).await?;
    let per_question = format!(
        "select a.question_id, count(distinct a.response_id) from answers a where a.response_id in (select r.id {SENT}) group by a.question_id"
    );
    let rows: Vec<(String, i64)> =
        sqlx::query_as(&per_question).bind(survey_id).bind(&filter.question).bind(&filter.choice).fetch_all(&db.pool).await?;
    figures.answered = rows.into_iter().collect();
    let numbers = format!(
        "select a.question_id, count(*), cast(sum(a.number_value) as bigint), min(a.number_value), max(a.number_value) \
         from answers a where a.number_value is not null and a.response_id in (select r.id {SENT}) group by a.question_id"
    );
    let rows: Vec<(String, i64, i64, i64, i64)> =
        sqlx::query_as(&numbers).bind(survey_id).bind(&filter.question).bind(&filter.choice).fetch_all(&db.pool).await?;
    figures.numbers = rows.into_iter().map(|(q, n, sum, lo, hi)| (q, (n, sum, lo, hi))).collect();
    Ok(figures)
}

/// How many sent responses chose each option, by question id then option value.
pub async fn choice_counts(db: &Db, survey_id: i64, filter: &Filter) -> anyhow::Result<HashMap<String, HashMap<String, i64>>> {
    let per_answer = format!(
        "select a.question_id, a.choice, count(*) from answers a where a.choice is not null and a.response_id in (select r.id {SENT}) \
         group by a.question_id, a.choice"
    );
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as(&per_answer).bind(survey_id).bind(&filter.question).bind(&filter.choice).fetch_all(&db.pool).await?;
    let mut choices: HashMap<String, HashMap<String, i64>> = HashMap::new();
    for (question, choice, n) in rows {
        choices.entry(question).or_default().insert(choice, n);
    }
    Ok(choices)
}

/// A survey's latest definition (the live version, else the draft), with what the
/// results page needs about its engagement.
pub struct ResultsSurvey {
    pub definition: app::survey::SurveyDefinition,
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
    let definition = serde_json::from_str(live.as_deref().unwrap_or(&draft))?;
    Ok(Some(ResultsSurvey { definition, engagement_id, engagement_slug, engagement_title, threshold }))
}

/// Answers broken down by the answers to another question (`by`), for sent
/// responses that match the filter.
#[derive(Clone, Debug, Default)]
pub struct CrossFigures {
    /// Responses choosing each option, by (question id, option, option of `by`).
    pub cells: HashMap<(String, String, String), i64>,
    /// Responses answering each question, by (question id, option of `by`).
    pub answered: HashMap<(String, String), i64>,
}

pub async fn crosstab(db: &Db, survey_id: i64, filter: &Filter, by: &str) -> anyhow::Result<CrossFigures> {
    let cells = format!(
        "select a.question_id, a.choice, b.choice, count(*) from answers a \
         join answers b on b.response_id = a.response_id and b.question_id = $4 \
         where a.choice is not null and b.choice is not null and a.response_id in (select r.id {SENT}) \
         group by a.question_id, a.choice, b.choice"
    );
    let rows: Vec<(String, String, String, i64)> =
        sqlx::query_as(&cells).bind(survey_id).bind(&filter.question).bind(&filter.choice).bind(by).fetch_all(&db.pool).await?;
    let answered = format!(
        "select a.question_id, b.choice, count(distinct a.response_id) from answers a \
         join answers b on b.response_id = a.response_id and b.question_id = $4 \
         where b.choice is not null and a.response_id in (select r.id {SENT}) \
         group by a.question_id, b.choice"
    );
    let totals: Vec<(String, String, i64)> =
        sqlx::query_as(&answered).bind(survey_id).bind(&filter.question).bind(&filter.choice).bind(by).fetch_all(&db.pool).await?;
    Ok(CrossFigures {
        cells: rows.into_iter().map(|(q, c, b, n)| ((q, c, b), n)).collect(),
        answered: totals.into_iter().map(|(q, b, n)| ((q, b), n)).collect(),
    })
}

/// Figures (and a breakdown) with the state of the survey's sent responses they were counted from.
#[derive(Clone, Debug)]
pub struct CachedFigures {
    /// (sent, latest sent response's id, started)
    state: (i64, i64, i64),
    figures: std::sync::Arc<Figures>,
    cross: Option<std::sync::Arc<CrossFigures>>,
}

/// Most sets of figures kept at once; beyond it the cache starts again.
const CACHED_FIGURES: usize = 512;

/// A survey's figures and optional breakdown, counted once and reused until a response is sent
/// to the survey or withdrawn from it. Checking costs one indexed count; counting costs a pass
/// over every answer, which at 30,000 responses a survey is most of a second.
pub async fn cached_figures(
    db: &Db,
    survey_id: i64,
    filter: &Filter,
    by: Option<&str>,
) -> anyhow::Result<(std::sync::Arc<Figures>, Option<std::sync::Arc<CrossFigures>>)> {
    let state: (i64, i64) = sqlx::query_as(
        "select count(*), coalesce(max(r.id), 0) from responses r join survey_versions v on v.id = r.survey_version_id \
         where v.survey_id = $1 and r.submitted_at is not null",
    )
    .bind(survey_id)
    .fetch_one(&db.pool)
    .await?;
    // Started-but-unsent responses count in the figures too, so they are part of the state.
    let started: i64 = sqlx::query_scalar("select count(*) from responses r join survey_versions v on v.id = r.survey_version_id where v.survey_id = $1")
        .bind(survey_id)
        .fetch_one(&db.pool)
        .await?;
    let state = (state.0, state.1, started);
    let key = (survey_id, filter.question.clone(), filter.choice.clone(), by.unwrap_or_default().to_owned());
    if let Some(hit) = db.figures.lock().map_err(|_| anyhow::anyhow!("figures cache poisoned"))?.get(&key) {
        if hit.state == state {
            return Ok((hit.figures.clone(), hit.cross.clone()));
        }
    }
    let figures = std::sync::Arc::new(survey_figures(db, survey_id, filter).await?);
    let cross = match by {
        Some(by) => Some(std::sync::Arc::new(crosstab(db, survey_id, filter, by).await?)),
        None => None,
    };
    let mut cache = db.figures.lock().map_err(|_| anyhow::anyhow!("figures cache poisoned"))?;
    if cache.len() >= CACHED_FIGURES {
        cache.clear();
    }
    cache.insert(key, CachedFigures { state, figures: figures.clone(), cross: cross.clone() });
    Ok((figures, cross))
}

/// Counts every live survey's figures ahead of the first visit: all responses, and broken down by
/// district where a survey asks it (as the outcomes page reads them). Figures that still hold
/// cost one check each.
pub async fn warm(db: &Db) -> anyhow::Result<()> {
    let live: Vec<i64> = sqlx::query_scalar("select id from surveys where live_version_id is not null order by id").fetch_all(&db.pool).await?;
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
