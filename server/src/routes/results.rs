//! A survey's results in the staff area.

use super::page;
use crate::auth::Staff;
use crate::db::results::{self, Filter};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::results::{parse_filter, view, Disclosure};
use crate::AppState;
use app::pages::results::ResultsPage;
use axum::extract::{Path, Query, State};
use axum::body::Body;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

/// Roles that may see figures. Only administrators see counts under the threshold.
pub(crate) const CAN_SEE_RESULTS: &[Role] = &[Role::Admin, Role::Commissioner, Role::Analyst, Role::Viewer];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/surveys/{id}/results", get(survey_results))
        .route("/admin/surveys/{id}/export/{file}", get(export))
        .route("/admin/engagements/{slug}/outcomes", get(outcomes))
}

/// Every question tagged with an outcome statement across an engagement's surveys,
/// as the share of positive answers overall and in each district.
async fn outcomes(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    use crate::results::{positive_share, share_in_words};
    use app::pages::outcomes::{Outcome, OutcomeRow, OutcomesPage};
    staff.require(CAN_SEE_RESULTS)?;
    let e = crate::db::engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure { threshold: e.suppression_threshold, exact: staff.user.role() == Role::Admin };
    let mut found: Vec<Outcome> = Vec::new();
    for listed in crate::db::surveys::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let def = &survey.definition;
        let questions: Vec<_> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
        let tagged: Vec<_> = questions
            .iter()
            .filter(|q| q.tags.iter().any(|t| t.starts_with("outcome:")) && positive_share(&q.kind, |_| 0).is_some())
            .collect();
        if tagged.is_empty() {
            continue;
        }
        let everyone = Filter::default();
        let choices = results::choice_counts(&state.db, listed.id, &everyone).await?;
        let district = questions.iter().find(|q| q.tags.iter().any(|t| t == "profile:district"));
        let by_district = match district {
            Some(d) => Some((d, results::crosstab(&state.db, listed.id, &everyone, &d.id).await?)),
            None => None,
        };
        for q in tagged {
            let overall = positive_share(&q.kind, |v| choices.get(&q.id).and_then(|c| c.get(v)).copied().unwrap_or(0)).unwrap_or_default();
            let districts = crate::profile::DISTRICTS
                .iter()
                .map(|name| match &by_district {
                    Some((d, cross)) => match d.kind.options().into_iter().find(|(_, label)| label == name) {
                        Some((place, _)) => {
                            let share = positive_share(&q.kind, |v| cross.cells.get(&(q.id.clone(), v.to_owned(), place.clone())).copied().unwrap_or(0));
                            share_in_words(who, share.unwrap_or_default())
                        }
                        None => "not asked".into(),
                    },
                    None => "not asked".into(),
                })
                .collect();
            let row = OutcomeRow { group: def.audience.label().into(), question: q.text.clone(), overall: share_in_words(who, overall), districts };
            for statement in q.tags.iter().filter_map(|t| t.strip_prefix("outcome:")) {
                match found.iter_mut().find(|o| o.statement == statement) {
                    Some(o) => o.rows.push(row.clone()),
                    None => found.push(Outcome { statement: statement.to_owned(), rows: vec![row.clone()] }),
                }
            }
        }
    }
    let districts: Vec<String> = crate::profile::DISTRICTS.iter().map(|d| d.to_string()).collect();
    let (title, threshold) = (e.title.clone(), e.suppression_threshold);
    Ok(page(&format!("Outcomes: {title}"), Some(staff.badge()), false, move || {
        view! { <OutcomesPage engagement_slug=slug engagement_title=title threshold=threshold districts=districts outcomes=found/> }
    }))
}

/// A survey's sent responses as CSV, streamed as it is read. Only administrators'
/// exports name the school a response came from.
async fn export(State(state): State<AppState>, staff: Staff, Path((id, file)): Path<(i64, String)>) -> AppResult<Response> {
    use crate::export::{AnswerRow, Shape, Writer, QUERY};
    use futures_util::StreamExt;
    staff.require(CAN_SEE_RESULTS)?;
    let shape = match file.as_str() {
        "responses.csv" => Shape::Wide,
        "answers.csv" => Shape::Long,
        _ => return Err(AppError::NotFound),
    };
    let survey = results::results_survey(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut writer = Writer::new(&survey.definition, shape, staff.user.role() == Role::Admin);
    let name = format!("{}-{}", crate::profile::slugify(&survey.definition.title), file);
    tracing::info!(user_id = staff.user.id, survey_id = id, export = %file, "survey exported");
    let (send, receive) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(8);
    let pool = state.db.pool.clone();
    tokio::spawn(async move {
        // The byte-order mark tells spreadsheets the file is UTF-8.
        let mut buffer = format!("\u{feff}{}", writer.header());
        let mut rows = sqlx::query_as::<_, AnswerRow>(QUERY).bind(id).fetch(&pool);
        while let Some(row) = rows.next().await {
            match row {
                Ok(row) => buffer.push_str(&writer.push(row)),
                Err(e) => {
                    tracing::error!(error = %e, survey_id = id, "an export stopped part way");
                    let _ = send.send(Err(std::io::Error::other(e))).await;
                    return;
                }
            }
            if buffer.len() >= 32 * 1024 && send.send(Ok(std::mem::take(&mut buffer))).await.is_err() {
                return;
            }
        }
        buffer.push_str(&writer.finish());
        let _ = send.send(Ok(buffer)).await;
    });
    let body = futures_util::stream::unfold(receive, |mut receive| async move { receive.recv().await.map(|chunk| (chunk, receive)) });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

#[derive(Deserialize)]
struct ResultsQuery {
    #[serde(default)]
    filter: String,
    #[serde(default)]
    by: String,
}

async fn survey_results(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(query): Query<ResultsQuery>) -> AppResult<Html<String>> {
    staff.require(CAN_SEE_RESULTS)?;
    let survey = results::results_survey(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (filter, label) = match parse_filter(&query.filter, &survey.definition) {
        Some((filter, label)) => (filter, Some(label)),
        None => (Filter::default(), None),
    };
    let figures = results::survey_figures(&state.db, id, &filter).await?;
    let by = crate::results::breakdown_question(&query.by, &survey.definition).map(|q| q.id.clone());
    let cross = match &by {
        Some(by) => Some(results::crosstab(&state.db, id, &filter, by).await?),
        None => None,
    };
    let breakdown = by.as_deref().zip(cross.as_ref()).map(|(by, figures)| crate::results::Breakdown { by, figures });
    let who = Disclosure { threshold: survey.threshold, exact: staff.user.role() == Role::Admin };
    let chosen = if label.is_some() { query.filter.clone() } else { String::new() };
    let model = view(id, &survey.definition, &figures, who, (chosen, label), breakdown, (survey.engagement_slug.clone(), survey.engagement_title.clone()));
    let title = format!("Results: {}", survey.definition.title);
    Ok(page(&title, Some(staff.badge()), false, move || view! { <ResultsPage view=model/> }))
}
