//! Themes in free-text answers, kept in the database.
//!
//! Answers get a vector in the background soon after they are sent ([`catch_up`]), never on the
//! respondent's request. An analyst finds themes for one question or for every free-text answer in
//! an engagement ([`find_themes`]); answers sent later are placed in the nearest existing theme
//! without moving anything else. Analysts can rename, describe, merge, split, delete and create
//! themes, move answers, mark answers off-topic or reviewed, and keep notes; every change is
//! recorded with who made it and whether it came from the engine or a person.

use crate::db::Db;
use anyhow::Context;
use chorus_themes::stance::{Framing, Stance};
use chorus_themes::{analyse_framed, cluster, Embedder, Kind, Placement};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Answers embedded per background step.
const BATCH: i64 = 64;

static EMBEDDER: OnceLock<Arc<Embedder>> = OnceLock::new();

/// The engine's embedder: the sentence model from `CHORUS_MODEL_DIR` (or `models/…`) when it is
/// there, else word vectors. Loaded on first use.
pub fn embedder() -> Arc<Embedder> {
    EMBEDDER
        .get_or_init(|| {
            let e = Embedder::load_default();
            if e.has_model() {
                tracing::info!("themes: using the sentence model");
            } else {
                tracing::warn!("themes: no sentence model found; themes come from words alone");
            }
            Arc::new(e)
        })
        .clone()
}

/// A vector as stored: signed bytes scaled to the largest component. Only its direction matters.
pub fn pack(v: &[f32]) -> Vec<u8> {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-12);
    v.iter().map(|x| ((x / max * 127.0).round() as i8) as u8).collect()
}

pub fn unpack(b: &[u8]) -> Vec<f32> {
    let mut v: Vec<f32> = b.iter().map(|&x| x as i8 as f32).collect();
    chorus_themes::vector::normalise(&mut v);
    v
}

/// Embeds every sent free-text answer that has no vector from the current method, in batches,
/// then places new answers in existing theme sets. Returns how many answers it embedded.
pub async fn catch_up(db: &Db) -> anyhow::Result<usize> {
    catch_up_until(db, None).await
}

/// As [`catch_up`], stopping after the batch in hand once `stop` turns true, so that shutting
/// down waits for one batch (a second or two) rather than the whole backlog.
async fn catch_up_until(db: &Db, stop: Option<&tokio::sync::watch::Receiver<bool>>) -> anyhow::Result<usize> {
    let embedder = embedder();
    let method = embedder.method();
    let mut done = 0;
    // Where the last batch ended: each batch starts there rather than scanning from the first
    // answer again past every answer already embedded. An answer sent meanwhile behind it is
    // found on the next catch-up.
    let mut after: (i64, String) = (i64::MIN, String::new());
    loop {
        if stop.is_some_and(|s| *s.borrow()) {
            break;
        }
        let pending: Vec<(i64, String, String)> = sqlx::query_as(
            "select a.response_id, a.question_id, a.text_value from answers a \
             join responses r on r.id = a.response_id \
             left join answer_vectors v on v.response_id = a.response_id and v.question_id = a.question_id \
             where (a.response_id > $3 or (a.response_id = $3 and a.question_id > $4)) \
             and a.text_value is not null and r.submitted_at is not null and (v.response_id is null or v.method <> $1) \
             order by a.response_id, a.question_id limit $2",
        )
        .bind(method)
        .bind(BATCH)
        .bind(after.0)
        .bind(&after.1)
        .fetch_all(&db.pool)
        .await?;
        let Some(last) = pending.last() else { break };
        after = (last.0, last.1.clone());
        let e = embedder.clone();
        let texts: Vec<String> = pending.iter().map(|p| p.2.clone()).collect();
        let vectors = tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            e.vectors(&refs)
        })
        .await
        .context("embedding answers")?;
        let rows: Vec<(i64, String, Vec<u8>)> = pending.into_iter().zip(vectors).map(|((r, q, _), v)| (r, q, pack(&v))).collect();
        done += rows.len();
        let method = method.to_owned();
        db.write(move |conn| {
            Box::pin(async move {
                for (r, q, v) in rows {
                    sqlx::query("delete from answer_vectors where response_id = $1 and question_id = $2")
                        .bind(r)
                        .bind(&q)
                        .execute(&mut *conn)
                        .await?;
                    // The response may have been withdrawn since it was read.
                    sqlx::query(
                        "insert into answer_vectors (response_id, question_id, method, vector) \
                         select $1, $2, $3, $4 where exists (select 1 from responses where id = $1)",
                    )
                    .bind(r)
                    .bind(&q)
                    .bind(&method)
                    .bind(v)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(())
            })
        })
        .await?;
    }
    place_new_answers(db).await?;
    Ok(done)
}

/// Runs [`catch_up`] every few seconds until `stop` turns true.
pub async fn run_in_background(db: Db, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = catch_up_until(&db, Some(&stop)).await {
            tracing::warn!(error = %e, "themes: background step failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(3)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// One answer in a scope.
#[derive(Clone, Debug)]
pub struct ScopeAnswer {
    pub response_id: i64,
    pub question_id: String,
    pub text: String,
    /// Who answered: the survey's audience.
    pub group: String,
    pub survey_id: i64,
    /// Whether the response is with the safeguarding team.
    pub flagged: bool,
    pub vector: Option<Vec<f32>>,
}

/// What a scope covers: one survey's question, or every free-text answer in the engagement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Question { survey_id: i64, question_id: String },
    All,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        if s == "all" {
            return Some(Scope::All);
        }
        let rest = s.strip_prefix("q-")?;
        let (survey, question) = rest.split_once('-')?;
        let survey_id = survey.parse().ok()?;
        let ok = !question.is_empty() && question.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| Scope::Question { survey_id, question_id: question.to_owned() })
    }

    pub fn key(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Question { survey_id, question_id } => format!("q-{survey_id}-{question_id}"),
        }
    }
}

/// The free-text questions of an engagement's surveys: (survey id, audience label, question id, text).
pub async fn text_questions(db: &Db, engagement_id: i64) -> anyhow::Result<Vec<(i64, String, String, String)>> {
    let mut out = Vec::new();
    for s in crate::surveys::queries::list_for_engagement(db, engagement_id).await? {
        let Some(survey) = crate::results::queries::results_survey(db, s.id).await? else { continue };
        for q in survey.definition.pages.iter().flat_map(|p| p.questions.iter()) {
            if q.kind.is_text() {
                out.push((s.id, survey.definition.audience.label().to_owned(), q.id.clone(), q.text.clone()));
            }
        }
    }
    Ok(out)
}

/// What each free-text question of an engagement asks for, by (survey id, question id): an
/// answer's stance is read against it.
async fn framings(db: &Db, engagement_id: i64) -> anyhow::Result<HashMap<(i64, String), Framing>> {
    Ok(text_questions(db, engagement_id)
        .await?
        .into_iter()
        .map(|(survey, _, q, text)| ((survey, q), Framing::of_question(&text)))
        .collect())
}

/// Every sent answer in a scope, oldest response first, with its stored vector if it has one
/// from the current method.
pub async fn scope_answers(db: &Db, engagement_id: i64, scope: &Scope) -> anyhow::Result<Vec<ScopeAnswer>> {
    answers_in(db, engagement_id, scope, true, None).await
}

/// The answers in a scope, with or without their vectors (pages need only the text), and only
/// those not yet placed in theme set `unplaced_in` when it is given.
async fn answers_in(
    db: &Db,
    engagement_id: i64,
    scope: &Scope,
    with_vectors: bool,
    unplaced_in: Option<i64>,
) -> anyhow::Result<Vec<ScopeAnswer>> {
    let questions = text_questions(db, engagement_id).await?;
    let method = embedder().method();
    let mut out = Vec::new();
    for (survey_id, group, question_id, _) in &questions {
        if let Scope::Question { survey_id: s, question_id: q } = scope {
            if s != survey_id || q != question_id {
                continue;
            }
        }
        let vector = if with_vectors { "v.vector" } else { "null" };
        let rows: Vec<(i64, String, i64, Option<String>, Option<Vec<u8>>)> = sqlx::query_as(&format!(
            "select a.response_id, a.text_value, r.safeguarding_flag, v.method, {vector} from answers a \
             join responses r on r.id = a.response_id join survey_versions sv on sv.id = r.survey_version_id \
             left join answer_vectors v on v.response_id = a.response_id and v.question_id = a.question_id \
             where sv.survey_id = $1 and a.question_id = $2 and a.text_value is not null and r.submitted_at is not null \
             and ($3 = 0 or not exists (select 1 from theme_answers ta where ta.theme_set_id = $3 \
                  and ta.response_id = a.response_id and ta.question_id = a.question_id)) \
             order by a.response_id"
        ))
        .bind(survey_id)
        .bind(question_id)
        .bind(unplaced_in.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
        out.extend(rows.into_iter().map(|(response_id, text, flagged, m, v)| ScopeAnswer {
            response_id,
            flagged: flagged != 0,
            question_id: question_id.clone(),
            text,
            group: group.clone(),
            survey_id: *survey_id,
            vector: v.filter(|_| m.as_deref() == Some(method)).map(|b| unpack(&b)),
        }));
    }
    out.sort_by(|a, b| (a.response_id, &a.question_id).cmp(&(b.response_id, &b.question_id)));
    Ok(out)
}

/// How many sent answers a scope holds.
pub async fn answers_count(db: &Db, engagement_id: i64, scope: &Scope) -> anyhow::Result<i64> {
    let counts = answer_counts(db, engagement_id).await?;
    Ok(counts
        .iter()
        .filter(|((s, q), _)| match scope {
            Scope::All => true,
            Scope::Question { survey_id, question_id } => s == survey_id && q == question_id,
        })
        .map(|(_, n)| n)
        .sum())
}

/// Sent written answers per (survey, question) of an engagement, counted from each survey's
/// tally in memory.
pub async fn answer_counts(db: &Db, engagement_id: i64) -> anyhow::Result<HashMap<(i64, String), i64>> {
    let mut counts = HashMap::new();
    let mut written: Option<(i64, HashMap<String, i64>)> = None;
    for (survey_id, _, question_id, _) in text_questions(db, engagement_id).await? {
        if written.as_ref().is_none_or(|(s, _)| *s != survey_id) {
            written = Some((survey_id, crate::results::queries::unchosen_answers(db, survey_id).await?));
        }
        let n = written.as_ref().and_then(|(_, w)| w.get(&question_id)).copied().unwrap_or(0);
        counts.insert((survey_id, question_id), n);
    }
    Ok(counts)
}

/// Each survey's group (its audience), by survey id.
async fn groups_by_survey(db: &Db, engagement_id: i64) -> anyhow::Result<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = Vec::new();
    for (survey_id, group, _, _) in text_questions(db, engagement_id).await? {
        if !out.iter().any(|(s, _)| *s == survey_id) {
            out.push((survey_id, group));
        }
    }
    Ok(out)
}

async fn audit(conn: &mut sqlx::AnyConnection, set: i64, user: Option<i64>, action: &str, detail: &str) -> sqlx::Result<()> {
    sqlx::query("insert into theme_audit (theme_set_id, at, user_id, source, action, detail) values ($1, $2, $3, $4, $5, $6)")
        .bind(set)
        .bind(crate::db::now())
        .bind(user)
        .bind(if user.is_some() { "analyst" } else { "auto" })
        .bind(action)
        .bind(detail)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Found => "found",
        Kind::NoAnswer => "no_answer",
        Kind::NothingToAdd => "nothing_to_add",
        Kind::NothingGood => "nothing_good",
        Kind::Praise => "praise",
    }
}

/// Finds themes for a scope. Themes an analyst has marked reviewed keep their answers, and so do
/// answers marked reviewed; everything else is found afresh. Returns the theme set's id.
pub async fn find_themes(db: &Db, engagement_id: i64, scope: &Scope, themes: Option<usize>, user: i64) -> anyhow::Result<i64> {
    catch_up(db).await?;
    let answers = scope_answers(db, engagement_id, scope).await?;
    let key = scope.key();
    let existing: Option<i64> = sqlx::query_scalar("select id from theme_sets where engagement_id = $1 and scope = $2")
        .bind(engagement_id)
        .bind(&key)
        .fetch_optional(&db.pool)
        .await?;
    // Answers that stay where an analyst left them.
    let kept: std::collections::HashSet<(i64, String)> = match existing {
        Some(set) => sqlx::query_as::<_, (i64, String)>(
            "select ta.response_id, ta.question_id from theme_answers ta left join themes t on t.id = ta.theme_id \
             where ta.theme_set_id = $1 and (ta.reviewed = 1 or t.reviewed = 1)",
        )
        .bind(set)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect(),
        None => Default::default(),
    };
    // Taken apart rather than copied: at 100,000 answers the vectors alone are 150 MB.
    let mut rows: Vec<(i64, String, i64)> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut vectors: Vec<Option<Vec<f32>>> = Vec::new();
    for a in answers {
        if !kept.contains(&(a.response_id, a.question_id.clone())) {
            rows.push((a.response_id, a.question_id, a.survey_id));
            texts.push(a.text);
            vectors.push(a.vector);
        }
    }
    let asked = framings(db, engagement_id).await?;
    let framing: Vec<Framing> = rows.iter().map(|(_, q, survey)| asked.get(&(*survey, q.clone())).copied().unwrap_or_default()).collect();
    let engine = embedder();
    let method = engine.method().to_owned();
    let analysis = tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        // Answers the background step has not reached yet get their vectors now.
        let missing: Vec<usize> = (0..refs.len()).filter(|&i| vectors[i].is_none()).collect();
        let made = engine.vectors(&missing.iter().map(|&i| refs[i]).collect::<Vec<_>>());
        for (i, v) in missing.into_iter().zip(made) {
            vectors[i] = Some(v);
        }
        let vectors: Vec<Vec<f32>> = vectors.into_iter().map(|v| v.unwrap_or_default()).collect();
        analyse_framed(&refs, &vectors, themes, &framing)
    })
    .await
    .context("finding themes")?;
    let (now, scope_key) = (crate::db::now(), key.clone());
    let kept_count = kept.len();
    db.write(move |conn| {
        Box::pin(async move {
            let set = match existing {
                Some(set) => {
                    sqlx::query("update theme_sets set method = $1, updated_at = $2 where id = $3")
                        .bind(&method)
                        .bind(now)
                        .bind(set)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(
                        "delete from theme_answers where theme_set_id = $1 and reviewed = 0 \
                         and (theme_id is null or theme_id in (select id from themes where theme_set_id = $1 and reviewed = 0))",
                    )
                    .bind(set)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query("delete from themes where theme_set_id = $1 and reviewed = 0 and id not in (select theme_id from theme_answers where theme_set_id = $1 and theme_id is not null)")
                        .bind(set)
                        .execute(&mut *conn)
                        .await?;
                    set
                }
                None => {
                    sqlx::query_scalar::<_, i64>(
                        "insert into theme_sets (engagement_id, scope, method, created_at, updated_at) values ($1, $2, $3, $4, $4) returning id",
                    )
                    .bind(engagement_id)
                    .bind(&scope_key)
                    .bind(&method)
                    .bind(now)
                    .fetch_one(&mut *conn)
                    .await?
                }
            };
            let mut ids = Vec::new();
            for t in &analysis.themes {
                let id: i64 = sqlx::query_scalar(
                    "insert into themes (theme_set_id, label, description, kind, centroid, created_at) values ($1, $2, $3, $4, $5, $6) returning id",
                )
                .bind(set)
                .bind(&t.label)
                .bind(&t.description)
                .bind(kind_name(t.kind))
                .bind(t.centroid.as_ref().map(|c| pack(c)))
                .bind(now)
                .fetch_one(&mut *conn)
                .await?;
                ids.push(id);
            }
            for (i, (r, q, survey)) in rows.iter().enumerate() {
                sqlx::query(
                    "insert into theme_answers (theme_set_id, response_id, question_id, theme_id, stance, similarity, source, survey_id) \
                     values ($1, $2, $3, $4, $5, $6, 'auto', $7)",
                )
                .bind(set)
                .bind(r)
                .bind(q)
                .bind(ids[analysis.theme_of[i]])
                .bind(analysis.stance[i].as_str())
                .bind(analysis.similarity[i] as f64)
                .bind(survey)
                .execute(&mut *conn)
                .await?;
            }
            let detail = format!(
                "Found {} themes in {} answers{}.",
                analysis.themes.len(),
                rows.len(),
                if kept_count > 0 { format!("; {kept_count} reviewed answers kept where they were") } else { String::new() }
            );
            audit(conn, set, Some(user), "found themes", &detail).await?;
            Ok(set)
        })
    })
    .await
}

/// Places answers that arrived after a theme set was made: into the "nothing" buckets or general
/// praise, the nearest theme if it is close enough, or "Other". Nothing already placed moves.
pub async fn place_new_answers(db: &Db) -> anyhow::Result<usize> {
    let sets: Vec<(i64, i64, String, String)> =
        sqlx::query_as("select id, engagement_id, scope, method from theme_sets order by id").fetch_all(&db.pool).await?;
    let mut placed = 0;
    for (set, engagement_id, scope, method) in sets {
        if method != embedder().method() {
            continue;
        }
        let Some(scope) = Scope::parse(&scope) else { continue };
        let new: Vec<ScopeAnswer> =
            answers_in(db, engagement_id, &scope, true, Some(set)).await?.into_iter().filter(|a| a.vector.is_some()).collect();
        if new.is_empty() {
            continue;
        }
        let themes: Vec<(i64, String, Option<Vec<u8>>)> =
            sqlx::query_as("select id, kind, centroid from themes where theme_set_id = $1 order by id")
                .bind(set)
                .fetch_all(&db.pool)
                .await?;
        // General praise takes only answers that are general praise, never the nearest.
        let centred: Vec<(i64, Vec<f32>)> =
            themes.iter().filter(|(_, kind, _)| kind != "praise").filter_map(|(id, _, c)| c.as_ref().map(|c| (*id, unpack(c)))).collect();
        let centroids: Vec<Vec<f32>> = centred.iter().map(|(_, c)| c.clone()).collect();
        let bucket = |k: &str| themes.iter().find(|t| t.1 == k).map(|t| t.0);
        let asked = framings(db, engagement_id).await?;
        let rows: Vec<(i64, String, Option<i64>, &'static str, f64, i64)> = new
            .iter()
            .map(|a| {
                let v = a.vector.as_deref().unwrap_or(&[]);
                let framing = asked.get(&(a.survey_id, a.question_id.clone())).copied().unwrap_or_default();
                let by_centre = |p: Placement| match p {
                    Placement::Theme(t, s) => (Some(centred[t].0), s as f64),
                    _ => (None, 0.0),
                };
                let (theme, sim) = match chorus_themes::assign(&a.text, v, &centroids, framing) {
                    Placement::Bucket(kind) => match bucket(kind_name(kind)) {
                        Some(id) => (Some(id), 1.0),
                        // A set found before any general praise came in: the nearest theme, as
                        // for any other answer.
                        None if kind == Kind::Praise => by_centre(chorus_themes::nearest_theme(v, &centroids)),
                        // A set found before "Nothing good" was kept apart holds such answers with the rest.
                        None if kind == Kind::NothingGood => (bucket("nothing_to_add"), 1.0),
                        None => (None, 0.0),
                    },
                    other => by_centre(other),
                };
                (a.response_id, a.question_id.clone(), theme, chorus_themes::stance::stance_in(&a.text, framing).as_str(), sim, a.survey_id)
            })
            .collect();
        placed += db
            .write(move |conn| {
                Box::pin(async move {
                let mut n = 0;
                for (r, q, theme, stance, sim, survey) in rows {
                    n += sqlx::query(
                        "insert into theme_answers (theme_set_id, response_id, question_id, theme_id, stance, similarity, source, survey_id) \
                         select $1, $2, $3, $4, $5, $6, 'auto', $7 where not exists \
                         (select 1 from theme_answers where theme_set_id = $1 and response_id = $2 and question_id = $3)",
                    )
                    .bind(set)
                    .bind(r)
                    .bind(q)
                    .bind(theme)
                    .bind(stance)
                    .bind(sim)
                    .bind(survey)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected();
                }
                // Another step may have placed some of them first.
                if n > 0 {
                    let words = if n == 1 { "1 new answer".to_string() } else { format!("{n} new answers") };
                    audit(conn, set, None, "placed new answers", &format!("Placed {words} in the nearest themes.")).await?;
                }
                Ok(n as usize)
            })
            })
            .await?;
    }
    Ok(placed)
}

/// A theme as the pages show it.
#[derive(Clone, Debug)]
pub struct ThemeSummary {
    pub id: i64,
    pub label: String,
    pub description: String,
    pub kind: String,
    pub reviewed: bool,
    pub notes: String,
    pub count: i64,
    pub by_group: HashMap<String, i64>,
    pub by_stance: HashMap<String, i64>,
    /// Up to five representative answers: (text, group).
    pub quotes: Vec<(String, String)>,
}

pub struct SetView {
    pub id: i64,
    pub scope: Scope,
    pub method: String,
    pub updated_at: i64,
    pub themes: Vec<ThemeSummary>,
    /// Answers in no theme ("Other"), and how many are marked off-topic.
    pub other: i64,
    pub off_topic: i64,
    pub groups: Vec<String>,
    /// Answers in the scope not yet placed (they arrive within seconds).
    pub unplaced: i64,
    pub audit: Vec<(i64, String, String, String, String)>,
}

pub async fn find_set(db: &Db, engagement_id: i64, scope: &Scope) -> anyhow::Result<Option<i64>> {
    Ok(sqlx::query_scalar("select id from theme_sets where engagement_id = $1 and scope = $2")
        .bind(engagement_id)
        .bind(scope.key())
        .fetch_optional(&db.pool)
        .await?)
}

/// What the theme table counts, computed in the database and kept with the set until it changes.
#[derive(serde::Serialize, serde::Deserialize)]
struct Summary {
    /// (theme, off-topic, survey, stance, answers)
    counts: Vec<(Option<i64>, i64, i64, String, i64)>,
    /// Quote candidates nearest each theme's centre from each survey: (theme, survey, text, similarity, response)
    candidates: Vec<(i64, i64, String, f64, i64)>,
    /// Sent answers in the scope when it was computed.
    answers: i64,
}

async fn summary(db: &Db, engagement_id: i64, scope: &Scope, set: i64) -> anyhow::Result<Summary> {
    // Every change to a set is in its trail, and a withdrawn response takes its answers with it:
    // the latest change and the number of answers say whether the kept summary still holds.
    let (placed, change): (i64, i64) = sqlx::query_as(
        "select (select count(*) from theme_answers where theme_set_id = $1), \
         (select coalesce(max(id), 0) from theme_audit where theme_set_id = $1)",
    )
    .bind(set)
    .fetch_one(&db.pool)
    .await?;
    // Answers flagged to the safeguarding team are never quoted (since summaries were first kept: "2:").
    let key = format!("2:{change}:{placed}");
    let stored: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("select summary_key, summary from theme_sets where id = $1").bind(set).fetch_optional(&db.pool).await?;
    if let Some((Some(k), Some(json))) = stored {
        if k == key {
            if let Ok(s) = serde_json::from_str(&json) {
                return Ok(s);
            }
        }
    }
    let counts: Vec<(Option<i64>, i64, i64, String, i64)> = sqlx::query_as(
        "select theme_id, off_topic, survey_id, stance, count(*) from theme_answers where theme_set_id = $1 \
         group by theme_id, off_topic, survey_id, stance",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await?;
    // Candidates for quotes: the answers nearest each theme's centre, from each group, leaving
    // out any response with the safeguarding team.
    let candidates: Vec<(i64, i64, String, f64, i64)> = sqlx::query_as(
        "select x.theme_id, x.survey_id, a.text_value, x.similarity, x.response_id from ( \
           select theme_id, survey_id, similarity, response_id, question_id, \
             row_number() over (partition by theme_id, survey_id order by similarity desc, response_id) as pos \
           from theme_answers ta where theme_set_id = $1 and theme_id is not null and off_topic = 0 \
           and not exists (select 1 from responses r where r.id = ta.response_id and r.safeguarding_flag = 1) \
         ) x join answers a on a.response_id = x.response_id and a.question_id = x.question_id \
         where x.pos <= 12 and a.text_value is not null order by x.theme_id, x.similarity desc, x.response_id",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await?;
    let s = Summary { counts, candidates, answers: answers_count(db, engagement_id, scope).await? };
    let json = serde_json::to_string(&s)?;
    db.write(move |conn| {
        Box::pin(async move {
            sqlx::query("update theme_sets set summary = $1, summary_key = $2 where id = $3")
                .bind(json)
                .bind(key)
                .bind(set)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    })
    .await?;
    Ok(s)
}

/// Everything the theme table shows for a set, counted and sampled in the database.
pub async fn set_view(db: &Db, engagement_id: i64, scope: &Scope) -> anyhow::Result<Option<SetView>> {
    let Some((id, method, updated_at)): Option<(i64, String, i64)> =
        sqlx::query_as("select id, method, updated_at from theme_sets where engagement_id = $1 and scope = $2")
            .bind(engagement_id)
            .bind(scope.key())
            .fetch_optional(&db.pool)
            .await?
    else {
        return Ok(None);
    };
    let surveys = groups_by_survey(db, engagement_id).await?;
    let group_of = |survey: i64| surveys.iter().find(|(s, _)| *s == survey).map(|(_, g)| g.clone()).unwrap_or_default();
    let themes: Vec<(i64, String, String, String, i64, String)> =
        sqlx::query_as("select id, label, description, kind, reviewed, notes from themes where theme_set_id = $1 order by id")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    let Summary { counts, candidates, answers: in_scope } = summary(db, engagement_id, scope, id).await?;
    let mut groups: Vec<String> = Vec::new();
    let (mut other, mut off_topic, mut placed) = (0, 0, 0);
    for (theme, off, survey, _, n) in &counts {
        placed += n;
        let g = group_of(*survey);
        if !groups.contains(&g) {
            groups.push(g);
        }
        if *off == 1 {
            off_topic += n;
        }
        if theme.is_none() || *off == 1 {
            other += n;
        }
    }
    groups.sort_by_key(|g| surveys.iter().position(|(_, s)| s == g));
    let mut out = Vec::new();
    for (tid, label, description, kind, reviewed, notes) in themes {
        let mut by_group = HashMap::new();
        let mut by_stance = HashMap::new();
        let mut count = 0;
        for (_, _, survey, stance, n) in counts.iter().filter(|c| c.0 == Some(tid) && c.1 == 0) {
            count += n;
            *by_group.entry(group_of(*survey)).or_insert(0) += n;
            *by_stance.entry(stance.clone()).or_insert(0) += n;
        }
        let mine: Vec<&(i64, i64, String, f64, i64)> = candidates.iter().filter(|c| c.0 == tid).collect();
        let texts: Vec<&str> = mine.iter().map(|c| c.2.as_str()).collect();
        let sims: Vec<f32> = mine.iter().map(|c| c.3 as f32).collect();
        // Up to five quotes from each group.
        let mut quotes = Vec::new();
        for (survey, group) in &surveys {
            let idx: Vec<usize> = (0..mine.len()).filter(|&i| mine[i].1 == *survey).collect();
            quotes.extend(chorus_themes::representative(&idx, &texts, &sims).into_iter().map(|i| (mine[i].2.clone(), group.clone())));
        }
        out.push(ThemeSummary { id: tid, label, description, kind, reviewed: reviewed == 1, notes, count, by_group, by_stance, quotes });
    }
    // Largest first; the "nothing" buckets last.
    out.sort_by_key(|t| (matches!(t.kind.as_str(), "no_answer" | "nothing_to_add" | "nothing_good"), -t.count, t.id));
    let audit: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "select a.at, coalesce(nullif(u.display_name, ''), u.email, ''), a.source, a.action, a.detail from theme_audit a \
         left join users u on u.id = a.user_id where a.theme_set_id = $1 order by a.at desc, a.id desc limit 200",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let unplaced = (in_scope - placed).max(0);
    Ok(Some(SetView { id, scope: scope.clone(), method, updated_at, themes: out, other, off_topic, groups, unplaced, audit }))
}

/// One answer as the theme page lists it.
#[derive(Clone, Debug)]
pub struct AnswerRow {
    pub response_id: i64,
    pub question_id: String,
    pub text: String,
    pub group: String,
    pub stance: String,
    pub off_topic: bool,
    pub reviewed: bool,
    pub source: String,
    /// Whether the response is with the safeguarding team.
    pub flagged: bool,
}

/// One page of the answers in a theme (or in "Other" when `theme` is none), best match first,
/// and how many there are in all.
pub async fn theme_answers(
    db: &Db,
    engagement_id: i64,
    set: i64,
    theme: Option<i64>,
    offset: i64,
    limit: i64,
) -> anyhow::Result<(Vec<AnswerRow>, i64)> {
    let surveys = groups_by_survey(db, engagement_id).await?;
    // Only sent answers are ever placed, and a withdrawn response takes its places with it.
    let which = match theme {
        Some(_) => "theme_set_id = $1 and theme_id = $2 and off_topic = 0",
        None => "theme_set_id = $1 and (theme_id is null or off_topic = 1) and $2 = 0",
    };
    let total: i64 = sqlx::query_scalar(&format!("select count(*) from theme_answers where {which}"))
        .bind(set)
        .bind(theme.unwrap_or(0))
        .fetch_one(&db.pool)
        .await?;
    if limit == 0 {
        return Ok((vec![], total));
    }
    let rows: Vec<(i64, String, String, i64, String, i64, i64, String, i64)> = sqlx::query_as(&format!(
        "select ta.response_id, ta.question_id, a.text_value, ta.survey_id, ta.stance, ta.off_topic, ta.reviewed, ta.source, \
         r.safeguarding_flag from \
         (select response_id, question_id, survey_id, stance, off_topic, reviewed, source, similarity from theme_answers where {which} \
          order by similarity desc, response_id, question_id limit $3 offset $4) ta \
         join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
         join responses r on r.id = ta.response_id \
         order by ta.similarity desc, ta.response_id, ta.question_id"
    ))
    .bind(set)
    .bind(theme.unwrap_or(0))
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(response_id, question_id, text, survey, stance, off, reviewed, source, flagged)| AnswerRow {
            response_id,
            question_id,
            text,
            group: surveys.iter().find(|(s, _)| *s == survey).map(|(_, g)| g.clone()).unwrap_or_default(),
            stance,
            off_topic: off == 1,
            reviewed: reviewed == 1,
            source,
            flagged: flagged != 0,
        })
        .collect();
    Ok((rows, total))
}

/// What an analyst can do to a theme set.
#[derive(Clone, Debug)]
pub enum Change {
    Edit {
        theme: i64,
        label: String,
        description: String,
        notes: String,
        reviewed: bool,
    },
    Merge {
        theme: i64,
        into: i64,
    },
    Delete {
        theme: i64,
    },
    Create {
        label: String,
        description: String,
    },
    Split {
        theme: i64,
    },
    /// Moves answers (response id, question id) to a theme, or to "Other" when `to` is none.
    Move {
        answers: Vec<(i64, String)>,
        to: Option<i64>,
    },
    /// Marks answers off-topic or not, reviewed or not; `None` leaves that mark as it is.
    Mark {
        answers: Vec<(i64, String)>,
        off_topic: Option<bool>,
        reviewed: Option<bool>,
    },
}

/// Runs `sql` once for each answer, binding the set, the response and the question as $1 to $3
/// and `values` after them, and names the answers it changed ("12/q3") for the trail.
async fn each_answer(
    conn: &mut sqlx::AnyConnection,
    sql: &str,
    set: i64,
    answers: &[(i64, String)],
    values: &[Option<i64>],
) -> sqlx::Result<Vec<String>> {
    let mut changed = Vec::new();
    for (r, q) in answers {
        let mut query = sqlx::query(sql).bind(set).bind(r).bind(q);
        for v in values {
            query = query.bind(*v);
        }
        if query.execute(&mut *conn).await?.rows_affected() > 0 {
            changed.push(format!("{r}/{q}"));
        }
    }
    Ok(changed)
}

async fn theme_label(conn: &mut sqlx::AnyConnection, set: i64, theme: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select label from themes where id = $1 and theme_set_id = $2")
        .bind(theme)
        .bind(set)
        .fetch_optional(&mut *conn)
        .await
}

/// Applies an analyst's change and records it. Returns false when what it names is not in the set.
pub async fn apply(db: &Db, set: i64, user: i64, change: Change) -> anyhow::Result<bool> {
    // A split needs the theme's vectors, read and clustered before the write.
    let split = match &change {
        Change::Split { theme } => Some(split_plan(db, set, *theme).await?),
        _ => None,
    };
    db.write(move |conn| {
        Box::pin(async move {
            let now = crate::db::now();
            match change {
                Change::Edit { theme, label, description, notes, reviewed } => {
                    let Some(old) = theme_label(conn, set, theme).await? else { return Ok(false) };
                    let before: (String, String, i64) =
                        sqlx::query_as("select description, notes, reviewed from themes where id = $1").bind(theme).fetch_one(&mut *conn).await?;
                    sqlx::query("update themes set label = $1, description = $2, notes = $3, reviewed = $4 where id = $5")
                        .bind(&label)
                        .bind(&description)
                        .bind(&notes)
                        .bind(i64::from(reviewed))
                        .bind(theme)
                        .execute(&mut *conn)
                        .await?;
                    let mut what = Vec::new();
                    if old != label {
                        what.push(format!("renamed \u{201c}{old}\u{201d} to \u{201c}{label}\u{201d}"));
                    }
                    if before.0 != description {
                        what.push(format!("described \u{201c}{label}\u{201d} as \u{201c}{description}\u{201d}"));
                    }
                    if before.1 != notes {
                        what.push(format!("noted on \u{201c}{label}\u{201d}: \u{201c}{notes}\u{201d}"));
                    }
                    if (before.2 == 1) != reviewed {
                        what.push(format!("marked \u{201c}{label}\u{201d} {}", if reviewed { "reviewed" } else { "not reviewed" }));
                    }
                    if !what.is_empty() {
                        let mut detail = what.join("; ");
                        detail[..1].make_ascii_uppercase();
                        audit(conn, set, Some(user), "edited theme", &format!("{detail}.")).await?;
                    }
                }
                Change::Merge { theme, into } => {
                    if theme == into {
                        return Ok(false);
                    }
                    let (Some(a), Some(b)) = (theme_label(conn, set, theme).await?, theme_label(conn, set, into).await?) else {
                        return Ok(false);
                    };
                    sqlx::query("update theme_answers set theme_id = $1, source = 'analyst' where theme_set_id = $2 and theme_id = $3")
                        .bind(into)
                        .bind(set)
                        .bind(theme)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("delete from themes where id = $1").bind(theme).execute(&mut *conn).await?;
                    audit(conn, set, Some(user), "merged themes", &format!("Merged \u{201c}{a}\u{201d} into \u{201c}{b}\u{201d}.")).await?;
                }
                Change::Delete { theme } => {
                    let Some(a) = theme_label(conn, set, theme).await? else { return Ok(false) };
                    sqlx::query("update theme_answers set theme_id = null, source = 'analyst' where theme_set_id = $1 and theme_id = $2")
                        .bind(set)
                        .bind(theme)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("delete from themes where id = $1").bind(theme).execute(&mut *conn).await?;
                    audit(conn, set, Some(user), "deleted theme", &format!("Deleted \u{201c}{a}\u{201d}; its answers are now in Other.")).await?;
                }
                Change::Create { label, description } => {
                    sqlx::query("insert into themes (theme_set_id, label, description, kind, created_at) values ($1, $2, $3, 'analyst', $4)")
                        .bind(set)
                        .bind(&label)
                        .bind(&description)
                        .bind(now)
                        .execute(&mut *conn)
                        .await?;
                    audit(conn, set, Some(user), "created theme", &format!("Created \u{201c}{label}\u{201d}.")).await?;
                }
                Change::Split { theme } => {
                    let Some(a) = theme_label(conn, set, theme).await? else { return Ok(false) };
                    let Some(Some(plan)) = split else { return Ok(false) };
                    let id: i64 = sqlx::query_scalar(
                        "insert into themes (theme_set_id, label, description, kind, centroid, created_at) values ($1, $2, $3, 'found', $4, $5) returning id",
                    )
                    .bind(set)
                    .bind(&plan.label)
                    .bind(&plan.description)
                    .bind(pack(&plan.centroid))
                    .bind(now)
                    .fetch_one(&mut *conn)
                    .await?;
                    sqlx::query("update themes set centroid = $1 where id = $2").bind(pack(&plan.kept_centroid)).bind(theme).execute(&mut *conn).await?;
                    let sql = "update theme_answers set theme_id = $4, source = 'analyst' where theme_set_id = $1 and response_id = $2 and question_id = $3";
                    each_answer(conn, sql, set, &plan.moved, &[Some(id)]).await?;
                    let detail = format!("Split \u{201c}{a}\u{201d}: {} answers moved to a new theme \u{201c}{}\u{201d}.", plan.moved.len(), plan.label);
                    audit(conn, set, Some(user), "split theme", &detail).await?;
                }
                Change::Move { answers, to } => {
                    let target = match to {
                        Some(t) => match theme_label(conn, set, t).await? {
                            Some(l) => l,
                            None => return Ok(false),
                        },
                        None => "Other".into(),
                    };
                    let moved = each_answer(
                        conn,
                        "update theme_answers set theme_id = $4, off_topic = 0, source = 'analyst' \
                         where theme_set_id = $1 and response_id = $2 and question_id = $3",
                        set,
                        &answers,
                        &[to],
                    )
                    .await?;
                    if moved.is_empty() {
                        return Ok(false);
                    }
                    audit(conn, set, Some(user), "moved answers", &format!("Moved {} to \u{201c}{target}\u{201d}: {}.", answers_in_words(moved.len()), moved.join(", "))).await?;
                }
                Change::Mark { answers, off_topic, reviewed } => {
                    let marked = each_answer(
                        conn,
                        "update theme_answers set off_topic = coalesce($4, off_topic), reviewed = coalesce($5, reviewed) \
                         where theme_set_id = $1 and response_id = $2 and question_id = $3",
                        set,
                        &answers,
                        &[off_topic.map(i64::from), reviewed.map(i64::from)],
                    )
                    .await?;
                    if marked.is_empty() {
                        return Ok(false);
                    }
                    let how: Vec<&str> = [
                        off_topic.map(|o| if o { "off-topic" } else { "on topic" }),
                        reviewed.map(|r| if r { "reviewed" } else { "not reviewed" }),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    let detail = format!("Marked {} {}: {}.", answers_in_words(marked.len()), how.join(" and "), marked.join(", "));
                    audit(conn, set, Some(user), "marked answers", &detail).await?;
                }
            }
            sqlx::query("update theme_sets set updated_at = $1 where id = $2").bind(now).bind(set).execute(&mut *conn).await?;
            Ok(true)
        })
    })
    .await
}

fn answers_in_words(n: usize) -> String {
    if n == 1 {
        "1 answer".into()
    } else {
        format!("{n} answers")
    }
}

struct SplitPlan {
    label: String,
    description: String,
    centroid: Vec<f32>,
    kept_centroid: Vec<f32>,
    moved: Vec<(i64, String)>,
}

/// Splits a theme's answers in two; the smaller half becomes the new theme. None when the theme
/// has too few answers to split.
async fn split_plan(db: &Db, set: i64, theme: i64) -> anyhow::Result<Option<SplitPlan>> {
    let rows: Vec<(i64, String, String, Vec<u8>)> = sqlx::query_as(
        "select ta.response_id, ta.question_id, a.text_value, v.vector from theme_answers ta \
         join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
         join answer_vectors v on v.response_id = ta.response_id and v.question_id = ta.question_id \
         where ta.theme_set_id = $1 and ta.theme_id = $2 and ta.off_topic = 0 order by ta.response_id, ta.question_id",
    )
    .bind(set)
    .bind(theme)
    .fetch_all(&db.pool)
    .await?;
    if rows.len() < 4 {
        return Ok(None);
    }
    let points: Vec<Vec<f32>> = rows.iter().map(|r| unpack(&r.3)).collect();
    let c = cluster::kmeans(&points, 2, 4, 17);
    if c.centroids.len() < 2 {
        return Ok(None);
    }
    let count = |k: usize| c.labels.iter().filter(|&&l| l == k).count();
    let small = if count(0) <= count(1) { 0 } else { 1 };
    let groups: Vec<Vec<&str>> =
        (0..2).map(|k| rows.iter().zip(&c.labels).filter(|(_, &l)| l == k).map(|(r, _)| r.2.as_str()).collect()).collect();
    let names = chorus_themes::label::names(&groups);
    // Named apart from the answers it leaves behind.
    let label = chorus_themes::label::distinct_labels(vec![names[1 - small].label.clone(), names[small].label.clone()]).remove(1);
    Ok(Some(SplitPlan {
        label,
        description: names[small].description.clone(),
        centroid: c.centroids[small].clone(),
        kept_centroid: c.centroids[1 - small].clone(),
        moved: rows.iter().zip(&c.labels).filter(|(_, &l)| l == small).map(|(r, _)| (r.0, r.1.clone())).collect(),
    }))
}

/// Stance counts in a fixed order for display.
pub fn stance_order() -> [Stance; 4] {
    [Stance::Positive, Stance::Negative, Stance::Mixed, Stance::Neutral]
}

/// One answer as a theme set codes it, read by [`coded_answers`].
#[derive(sqlx::FromRow)]
pub struct CodedAnswer {
    pub response_id: i64,
    pub survey_id: i64,
    pub question_id: String,
    pub text: String,
    pub flagged: i64,
    /// The theme's label; none for "Other".
    pub theme: Option<String>,
    pub stance: String,
    pub off_topic: i64,
    pub reviewed: i64,
    pub source: String,
}

/// Every sent answer a theme set has placed, with the label of its theme, in response order,
/// read from the database a row at a time (for exports of any size).
pub fn coded_answers(db: &Db, set: i64) -> futures_util::stream::BoxStream<'_, Result<CodedAnswer, sqlx::Error>> {
    sqlx::query_as::<_, CodedAnswer>(
        "select ta.response_id, ta.survey_id, ta.question_id, a.text_value as text, r.safeguarding_flag as flagged, \
         t.label as theme, ta.stance, ta.off_topic, ta.reviewed, ta.source from theme_answers ta \
         join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
         join responses r on r.id = ta.response_id \
         left join themes t on t.id = ta.theme_id \
         where ta.theme_set_id = $1 and a.text_value is not null and r.submitted_at is not null \
         order by ta.response_id, ta.question_id",
    )
    .bind(set)
    .fetch(&db.pool)
}
