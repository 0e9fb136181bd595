//! What the theme pages show: a set's themes with their counts by group and stance, quotes
//! chosen near each theme's centre, and the answers in a theme, page by page.

use crate::db::Db;
use crate::themes::analysis::{answers_count, groups_by_survey, Scope};
use crate::themes::queries;
use chorus_themes::stance::Stance;
use std::collections::HashMap;

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

/// What the theme table counts, computed in the database and kept with the set until it changes.
#[derive(serde::Serialize, serde::Deserialize)]
struct Summary {
    /// (theme, off-topic, survey, stance, answers)
    counts: Vec<(Option<i64>, i64, i64, String, i64)>,
    /// Quote candidates nearest each theme's centre from each survey: (theme, survey, text, similarity, response, question)
    candidates: Vec<(i64, i64, String, f64, i64, String)>,
    /// Sent answers in the scope when it was computed.
    answers: i64,
}

/// The set's summary, and the key it holds for: what the set's state was when it was counted.
async fn summary(db: &Db, engagement_id: i64, scope: &Scope, set: i64) -> anyhow::Result<(Summary, String)> {
    // Every change to a set is in its trail, and a withdrawn response takes its answers with it:
    // the latest change and the number of answers say whether the kept summary still holds.
    let (placed, change) = queries::set_state(db, set).await?;
    // Answers flagged to the safeguarding team are never quoted (since summaries were first kept: "2:").
    // Candidates name their question since "3:".
    let key = format!("3:{change}:{placed}");
    let stored = queries::kept_summary(db, set).await?;
    if let Some((Some(k), Some(json))) = stored {
        if k == key {
            if let Ok(s) = serde_json::from_str(&json) {
                return Ok((s, key));
            }
        }
    }
    let counts = queries::placed_counts(db, set).await?;
    let candidates = queries::quote_candidates(db, set).await?;
    let s = Summary { counts, candidates, answers: answers_count(db, engagement_id, scope).await? };
    let json = serde_json::to_string(&s)?;
    let kept = key.clone();
    db.write(move |conn| Box::pin(async move { Ok(queries::keep_summary(conn, set, &kept, &json).await?) })).await?;
    Ok((s, key))
}

/// What the theme table counts for one area of need: the set's counts and quote candidates
/// narrowed to the answers about it.
#[derive(serde::Serialize, serde::Deserialize)]
struct NeedSummary {
    counts: Vec<(Option<i64>, i64, i64, String, i64)>,
    candidates: Vec<(i64, i64, String, f64, i64, String)>,
}

/// The set's summary for the area of need `about` describes, from `set_key` (the set's state)
/// and `candidates` (the set's quote candidates). Counted in the database, then kept until the
/// set changes or the questions about the need do.
async fn need_summary(
    db: &Db,
    set: i64,
    set_key: &str,
    about: &About,
    mut candidates: Vec<(i64, i64, String, f64, i64, String)>,
) -> anyhow::Result<NeedSummary> {
    let key = format!("{set_key}:{}", serde_json::to_string(&(&about.asked, &about.tagged, &about.elsewhere))?);
    if let Some((k, json)) = queries::kept_need_summary(db, set, &about.need).await? {
        if k == key {
            if let Ok(s) = serde_json::from_str(&json) {
                return Ok(s);
            }
        }
    }
    let counts = queries::placed_counts_about(db, set, &about.asked)
        .await?
        .into_iter()
        .filter(|(_, _, survey, question, _, chose, _)| about.keeps(*survey, question, *chose == 1))
        .map(|(theme, off, survey, _, stance, _, n)| (theme, off, survey, stance, n))
        .collect();
    let responses: Vec<i64> = candidates.iter().map(|c| c.4).collect();
    let chose = queries::chose_need(db, &responses, &about.asked).await?;
    candidates.retain(|c| about.keeps(c.1, &c.5, chose.contains(&c.4)));
    let s = NeedSummary { counts, candidates };
    let json = serde_json::to_string(&s)?;
    let need = about.need.clone();
    db.write(move |conn| Box::pin(async move { Ok(queries::keep_need_summary(conn, set, &need, &key, &json).await?) })).await?;
    Ok(s)
}

/// The answers about one area of need: those to questions tagged with it, and those to questions
/// tagged with no area of need from people who chose it, where their survey asks.
#[derive(Clone, Debug, Default)]
pub struct About {
    /// The area of need, as its address names it.
    pub need: String,
    /// Each survey that asks for areas of need: (survey, its question, the need's value there).
    pub asked: Vec<(i64, String, String)>,
    /// (survey, question) tagged with the area of need.
    pub tagged: Vec<(i64, String)>,
    /// (survey, question) tagged with other areas of need only.
    pub elsewhere: Vec<(i64, String)>,
}

impl About {
    /// Whether an answer to `question` in `survey` is about the area of need, given whether its
    /// respondent chose it.
    pub fn keeps(&self, survey: i64, question: &str, chose: bool) -> bool {
        let is = |list: &[(i64, String)]| list.iter().any(|(s, q)| *s == survey && q == question);
        is(&self.tagged) || (!is(&self.elsewhere) && chose)
    }
}

/// Everything the theme table shows for a set, counted and sampled in the database.
pub async fn set_view(db: &Db, engagement_id: i64, scope: &Scope) -> anyhow::Result<Option<SetView>> {
    set_view_about(db, engagement_id, scope, None).await
}

/// The theme table for a set, counting only the answers about an area of need when there is one.
pub async fn set_view_about(db: &Db, engagement_id: i64, scope: &Scope, about: Option<&About>) -> anyhow::Result<Option<SetView>> {
    let Some((id, method, updated_at)) = queries::set_header(db, engagement_id, &scope.key()).await? else {
        return Ok(None);
    };
    let surveys = groups_by_survey(db, engagement_id).await?;
    let group_of = |survey: i64| surveys.iter().find(|(s, _)| *s == survey).map(|(_, g)| g.clone()).unwrap_or_default();
    let themes = queries::themes_of(db, id).await?;
    let (Summary { mut counts, mut candidates, answers: in_scope }, key) = summary(db, engagement_id, scope, id).await?;
    if let Some(about) = about {
        NeedSummary { counts, candidates } = need_summary(db, id, &key, about, candidates).await?;
    }
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
    for queries::ThemeRow { id: tid, label, description, kind, reviewed, notes } in themes {
        let mut by_group = HashMap::new();
        let mut by_stance = HashMap::new();
        let mut count = 0;
        for (_, _, survey, stance, n) in counts.iter().filter(|c| c.0 == Some(tid) && c.1 == 0) {
            count += n;
            *by_group.entry(group_of(*survey)).or_insert(0) += n;
            *by_stance.entry(stance.clone()).or_insert(0) += n;
        }
        let mine: Vec<&(i64, i64, String, f64, i64, String)> = candidates.iter().filter(|c| c.0 == tid).collect();
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
    let audit = queries::trail(db, id).await?;
    // Answers still to be placed are counted for every answer, not for one area of need.
    let unplaced = if about.is_some() { 0 } else { (in_scope - placed).max(0) };
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
    let total = queries::count_in(db, set, theme).await?;
    if limit == 0 {
        return Ok((vec![], total));
    }
    let rows = queries::answers_placed_in(db, set, theme, offset, limit).await?;
    let rows = rows
        .into_iter()
        .map(|a| AnswerRow {
            group: surveys.iter().find(|(s, _)| *s == a.survey_id).map(|(_, g)| g.clone()).unwrap_or_default(),
            response_id: a.response_id,
            question_id: a.question_id,
            text: a.text,
            stance: a.stance,
            off_topic: a.off_topic == 1,
            reviewed: a.reviewed == 1,
            source: a.source,
            flagged: a.flagged != 0,
        })
        .collect();
    Ok((rows, total))
}

/// Stance counts in a fixed order for display.
pub fn stance_order() -> [Stance; 4] {
    [Stance::Positive, Stance::Negative, Stance::Mixed, Stance::Neutral]
}
