//! Finding themes in free-text answers, and placing answers that arrive later.
//!
//! Answers get a vector in the background soon after they are sent
//! ([`crate::themes::catch_up`]), never on the respondent's request. An analyst finds themes for
//! one question or for every free-text answer in an engagement ([`find_themes`]); answers sent
//! later are placed in the nearest existing theme without moving anything else. Analysts can
//! rename, describe, merge, split, delete and create themes, move answers, mark answers off-topic
//! or reviewed, and keep notes; every change is recorded with who made it and whether it came
//! from the engine or a person.

use crate::db::Db;
use crate::themes::queries::{self, NewTheme, Placed};
use crate::themes::vectors::{embedder, pack, unpack};
use anyhow::Context;
use chorus_themes::stance::Framing;
use chorus_themes::vector::Packed;
use chorus_themes::{analyse_framed, Kind, Placement};
use std::collections::HashMap;

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
    /// Its vector as kept ([`chorus_themes::vector::pack`]).
    pub vector: Option<Vec<u8>>,
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

/// The answers in a scope, oldest response first, with their vectors, and only those not yet
/// placed in theme set `unplaced_in` when it is given.
async fn answers_in(db: &Db, engagement_id: i64, scope: &Scope, unplaced_in: Option<i64>) -> anyhow::Result<Vec<ScopeAnswer>> {
    let mut out = Vec::new();
    each_answer(db, engagement_id, scope, unplaced_in, |a| out.push(a)).await?;
    out.sort_by(|a, b| (a.response_id, &a.question_id).cmp(&(b.response_id, &b.question_id)));
    Ok(out)
}

/// Gives `each` every answer [`answers_in`] would, question by question (in the order of
/// [`text_questions`]) and oldest response first within each, as it is read from the database:
/// nothing holds them all unless `each` does.
async fn each_answer(
    db: &Db,
    engagement_id: i64,
    scope: &Scope,
    unplaced_in: Option<i64>,
    mut each: impl FnMut(ScopeAnswer),
) -> anyhow::Result<()> {
    use futures_util::TryStreamExt;
    let questions = text_questions(db, engagement_id).await?;
    let method = embedder().method();
    for (survey_id, group, question_id, _) in &questions {
        if let Scope::Question { survey_id: s, question_id: q } = scope {
            if s != survey_id || q != question_id {
                continue;
            }
        }
        let mut rows = queries::question_answers(db, *survey_id, question_id, unplaced_in.unwrap_or(0));
        while let Some((response_id, text, flagged, m, v)) = rows.try_next().await? {
            each(ScopeAnswer {
                response_id,
                flagged: flagged != 0,
                question_id: question_id.clone(),
                text,
                group: group.clone(),
                survey_id: *survey_id,
                vector: v.filter(|_| m.as_deref() == Some(method)),
            });
        }
    }
    Ok(())
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
pub(crate) async fn groups_by_survey(db: &Db, engagement_id: i64) -> anyhow::Result<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = Vec::new();
    for (survey_id, group, _, _) in text_questions(db, engagement_id).await? {
        if !out.iter().any(|(s, _)| *s == survey_id) {
            out.push((survey_id, group));
        }
    }
    Ok(out)
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

/// Vectors finding themes made, kept this many to a write.
const VECTORS_PER_WRITE: usize = 100;

/// Finds themes for a scope. Themes an analyst has marked reviewed keep their answers, and so do
/// answers marked reviewed; everything else is found afresh. Returns the theme set's id.
pub async fn find_themes(db: &Db, engagement_id: i64, scope: &Scope, themes: Option<usize>, user: i64) -> anyhow::Result<i64> {
    let key = scope.key();
    let existing = queries::find_set(db, engagement_id, &key).await?;
    // Answers that stay where an analyst left them.
    let kept: std::collections::HashSet<(i64, String)> = match existing {
        Some(set) => queries::kept_answers(db, set).await?.into_iter().collect(),
        None => Default::default(),
    };
    // Only this scope's answers, taken apart as they are read, the vectors into one block as
    // they are kept: a byte a dimension (as 32-bit numbers, a million answers' vectors are 2 GB).
    // Any the background step has not reached yet get their vectors below, rather than waiting
    // for every engagement's backlog.
    let expected = answers_count(db, engagement_id, scope).await?.max(0) as usize;
    let mut rows: Vec<(i64, String, i64)> = Vec::with_capacity(expected);
    let mut texts: Vec<String> = Vec::with_capacity(expected);
    let mut vectors = Packed::with_capacity(0, expected);
    let mut missing: Vec<usize> = Vec::new();
    each_answer(db, engagement_id, scope, None, |a| {
        if !kept.contains(&(a.response_id, a.question_id.clone())) {
            if a.vector.is_none() {
                missing.push(rows.len());
            }
            rows.push((a.response_id, a.question_id, a.survey_id));
            texts.push(a.text);
            vectors.push_packed(a.vector.as_deref());
        }
    })
    .await?;
    let asked = framings(db, engagement_id).await?;
    let framing: Vec<Framing> = rows.iter().map(|(_, q, survey)| asked.get(&(*survey, q.clone())).copied().unwrap_or_default()).collect();
    let engine = embedder();
    let method = engine.method().to_owned();
    let (analysis, made) = tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        // Answers the background step has not reached yet get their vectors now, and keep them;
        // themes are found from every vector as it is kept, so that finding them again later
        // reads the same.
        let made = engine.vectors(&missing.iter().map(|&i| refs[i]).collect::<Vec<_>>());
        let packed: Vec<(usize, Vec<u8>)> = missing.into_iter().zip(made).map(|(i, v)| (i, pack(&v))).collect();
        for (i, b) in &packed {
            vectors.set_packed(*i, b);
        }
        (analyse_framed(&refs, &vectors, themes, &framing), packed)
    })
    .await
    .context("finding themes")?;
    let made: Vec<(i64, String, Vec<u8>)> = made.into_iter().map(|(i, v)| (rows[i].0, rows[i].1.clone(), v)).collect();
    let (now, scope_key) = (crate::db::now(), key.clone());
    let kept_count = kept.len();
    let vectors_method = method.clone();
    for chunk in made.chunks(VECTORS_PER_WRITE) {
        let chunk = chunk.to_vec();
        let method = vectors_method.clone();
        db.write(move |conn| Box::pin(async move { Ok(queries::store_vectors(conn, &method, chunk.clone()).await?) })).await?;
    }
    db.write(move |conn| {
        Box::pin(async move {
            let set = match existing {
                Some(set) => {
                    queries::clear_found(conn, set, &method, now).await?;
                    set
                }
                None => queries::insert_set(conn, engagement_id, &scope_key, &method, now).await?,
            };
            let mut ids = Vec::new();
            for t in &analysis.themes {
                let theme = NewTheme {
                    label: &t.label,
                    description: &t.description,
                    kind: kind_name(t.kind),
                    centroid: t.centroid.as_ref().map(|c| pack(c)),
                };
                ids.push(queries::insert_theme(conn, set, theme, now).await?);
            }
            let placed = rows
                .iter()
                .enumerate()
                .map(|(i, (r, q, survey))| Placed {
                    response_id: *r,
                    question_id: q.clone(),
                    survey_id: *survey,
                    theme: Some(ids[analysis.theme_of[i]]),
                    stance: analysis.stance[i].as_str(),
                    similarity: analysis.similarity[i] as f64,
                })
                .collect();
            queries::place(conn, set, placed).await?;
            let detail = format!(
                "Found {} themes in {} answers{}.",
                analysis.themes.len(),
                rows.len(),
                if kept_count > 0 { format!("; {kept_count} reviewed answers kept where they were") } else { String::new() }
            );
            queries::audit(conn, set, Some(user), "found themes", &detail).await?;
            Ok(set)
        })
    })
    .await
}

/// Places answers that arrived after a theme set was made: into the "nothing" buckets or general
/// praise, the nearest theme if it is close enough, or "Other". Nothing already placed moves.
pub async fn place_new_answers(db: &Db) -> anyhow::Result<usize> {
    let sets = queries::all_sets(db).await?;
    let mut placed = 0;
    for (set, engagement_id, scope, method) in sets {
        if method != embedder().method() {
            continue;
        }
        let Some(scope) = Scope::parse(&scope) else { continue };
        let new: Vec<ScopeAnswer> =
            answers_in(db, engagement_id, &scope, Some(set)).await?.into_iter().filter(|a| a.vector.is_some()).collect();
        if new.is_empty() {
            continue;
        }
        let themes = queries::centres(db, set).await?;
        // General praise takes only answers that are general praise, never the nearest.
        let centred: Vec<(i64, Vec<f32>)> =
            themes.iter().filter(|(_, kind, _)| kind != "praise").filter_map(|(id, _, c)| c.as_ref().map(|c| (*id, unpack(c)))).collect();
        let centroids: Vec<Vec<f32>> = centred.iter().map(|(_, c)| c.clone()).collect();
        let bucket = |k: &str| themes.iter().find(|t| t.1 == k).map(|t| t.0);
        let asked = framings(db, engagement_id).await?;
        let rows: Vec<Placed> = new
            .iter()
            .map(|a| {
                let v = a.vector.as_deref().map(unpack).unwrap_or_default();
                let v = v.as_slice();
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
                Placed {
                    response_id: a.response_id,
                    question_id: a.question_id.clone(),
                    survey_id: a.survey_id,
                    theme,
                    stance: chorus_themes::stance::stance_in(&a.text, framing).as_str(),
                    similarity: sim,
                }
            })
            .collect();
        placed += db
            .write(move |conn| {
                Box::pin(async move {
                    let n = queries::place(conn, set, rows).await?;
                    // Another step may have placed some of them first.
                    if n > 0 {
                        let words = if n == 1 { "1 new answer".to_string() } else { format!("{n} new answers") };
                        queries::audit(conn, set, None, "placed new answers", &format!("Placed {words} in the nearest themes.")).await?;
                    }
                    Ok(n as usize)
                })
            })
            .await?;
    }
    Ok(placed)
}

pub async fn find_set(db: &Db, engagement_id: i64, scope: &Scope) -> anyhow::Result<Option<i64>> {
    Ok(queries::find_set(db, engagement_id, &scope.key()).await?)
}
