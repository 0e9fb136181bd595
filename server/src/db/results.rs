//! The figures of a survey: how many started and sent it, how they arrived, and
//! how many chose each answer, across every published version (answers are keyed
//! by question id, which stays the same from version to version).
//!
//! Figures take an optional filter, "only responses that gave this answer to that
//! question", and are counted from the survey's [`super::tally::Tally`] in memory.

use super::Db;
use std::collections::HashMap;
use std::sync::Arc;

/// Only responses that chose `choice` for `question`; empty strings for everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub question: String,
    pub choice: String,
}

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

/// Figures (and a breakdown) with the state of the survey's responses they were counted from.
#[derive(Clone, Debug)]
pub struct CachedFigures {
    state: super::tally::State,
    figures: Arc<Figures>,
    cross: Option<Arc<CrossFigures>>,
}

/// Most sets of figures kept at once; beyond it the cache starts again.
const CACHED_FIGURES: usize = 512;

/// A survey's figures and optional breakdown, counted once and reused until a response is
/// started, sent or withdrawn. Checking costs two indexed counts; counting is a pass over the
/// survey's [`super::tally::Tally`] in memory, brought up to date first by reading what was sent since.
pub async fn cached_figures(db: &Db, survey_id: i64, filter: &Filter, by: Option<&str>) -> anyhow::Result<(Arc<Figures>, Option<Arc<CrossFigures>>)> {
    let state = super::tally::state(db, survey_id).await?;
    let key = (survey_id, filter.question.clone(), filter.choice.clone(), by.unwrap_or_default().to_owned());
    if let Some(hit) = db.figures.lock().map_err(|_| anyhow::anyhow!("figures cache poisoned"))?.get(&key) {
        if hit.state == state {
            return Ok((hit.figures.clone(), hit.cross.clone()));
        }
    }
    let tally = up_to_date(db, survey_id).await?;
    let schools: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>("select id, name from schools").fetch_all(&db.pool).await?.into_iter().collect();
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
async fn up_to_date(db: &Db, survey_id: i64) -> anyhow::Result<tokio::sync::OwnedMutexGuard<super::tally::Tally>> {
    let tally = db
        .tallies
        .lock()
        .map_err(|_| anyhow::anyhow!("tallies poisoned"))?
        .entry(survey_id)
        .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(super::tally::Tally::new(survey_id))))
        .clone();
    let mut tally = tally.lock_owned().await;
    tally.update(db).await?;
    Ok(tally)
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
