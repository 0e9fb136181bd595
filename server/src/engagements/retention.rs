//! Retention: an engagement may say when its answers are deleted. After that day, once the
//! engagement has closed, a background job deletes every response's answers (sent or not), the
//! links from answers to themes and the answers' vectors. It keeps: the figures on the
//! published results page as they were that day, the written answers of responses flagged for
//! safeguarding with what was done about them, "You said, we did", documents and reports
//! already issued. Each response keeps its row, emptied, so that its id is never another's.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db::{self, Db};
use crate::engagements::form::{date, midnight};
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::results::figures::thousands;
use crate::web::error::{AppError, AppResult};
use crate::web::form_page;
use crate::web::forms::Form;
use crate::AppState;
use app::components::FieldError;
use app::pages::retention::{Retention, RetentionPage, RetentionPreview, RetentionValues};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/engagements/{slug}/retention", get(show).post(save))
}

/// The responses to an engagement's surveys (`$1`: the engagement).
const RESPONSES_OF: &str = "select r.id from responses r join survey_versions v on v.id = r.survey_version_id \
     join surveys s on s.id = v.survey_id where s.engagement_id = $1";

/// What an engagement holds that deleting its answers touches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holding {
    /// Responses sent and not withdrawn.
    pub sent: i64,
    /// Responses started and never sent.
    pub unsent: i64,
    /// Stored answers (a row per answer, per choice for multiple choice).
    pub answers: i64,
    /// Responses flagged for safeguarding, whose written answers are kept.
    pub flagged: i64,
}

pub async fn holding(db: &Db, engagement_id: i64) -> anyhow::Result<Holding> {
    let (sent, unsent, flagged): (i64, i64, i64) = sqlx::query_as(
        "select coalesce(sum(case when r.submitted_at is not null then 1 else 0 end), 0), \
         coalesce(sum(case when r.submitted_at is null and r.withdrawn_at is null and r.deleted_at is null then 1 else 0 end), 0), \
         coalesce(sum(case when r.safeguarding_flag = 1 then 1 else 0 end), 0) \
         from responses r join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
         where s.engagement_id = $1",
    )
    .bind(engagement_id)
    .fetch_one(&db.pool)
    .await?;
    let answers: i64 = sqlx::query_scalar(&format!("select count(*) from answers where response_id in ({RESPONSES_OF})"))
        .bind(engagement_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(Holding { sent, unsent, answers, flagged })
}

/// Only the written answers of a flagged response's draft: what the safeguarding record keeps.
fn written_only(draft: &str) -> anyhow::Result<String> {
    let mut draft: app::survey::Draft = serde_json::from_str(draft)?;
    draft.answers.retain(|_, a| matches!(a, app::survey::Answer::Text(_)));
    Ok(serde_json::to_string(&app::survey::Draft { answers: draft.answers, ..Default::default() })?)
}

/// Deletes an engagement's answers, if it is still in `state` (closed or published) with its
/// date passed, keeping `published` (the public results page as it is, as JSON) when its results
/// are published; returns false when nothing was deleted (already deleted, or it has moved on).
pub async fn delete_answers(db: &Db, engagement_id: i64, state: &str, published: Option<String>) -> anyhow::Result<bool> {
    let (now, empty, state) = (db::now(), serde_json::to_string(&app::survey::Draft::default())?, state.to_owned());
    db.write(move |conn| {
        Box::pin(async move {
            // Checked again in the write: the engagement may have been reopened, or its date
            // moved, since it was found due.
            let marked = sqlx::query(
                "update engagements set answers_deleted_at = $1, published_results = $2 where id = $3 and answers_deleted_at is null \
                 and state = $4 and state in ('closed', 'published') and delete_answers_on <= $1",
            )
            .bind(now)
            .bind(published)
            .bind(engagement_id)
            .bind(state)
            .execute(&mut *conn)
            .await?;
            if marked.rows_affected() == 0 {
                return Ok(false);
            }
            // What "You said, we did" shows beside each theme, counted before the links go.
            sqlx::query(
                "insert into kept_theme_counts (engagement_id, theme_id, audience, responses) \
                 select ts.engagement_id, a.theme_id, s.audience, cast(count(distinct a.response_id) as bigint) \
                 from theme_answers a join theme_sets ts on ts.id = a.theme_set_id \
                 join responses r on r.id = a.response_id join survey_versions v on v.id = r.survey_version_id \
                 join surveys s on s.id = v.survey_id \
                 where ts.engagement_id = $1 and r.submitted_at is not null and a.theme_id is not null \
                 group by ts.engagement_id, a.theme_id, s.audience",
            )
            .bind(engagement_id)
            .execute(&mut *conn)
            .await?;
            // Theme pages keep summaries with answers quoted, for everyone and for each area of
            // need: they are made again, from nothing.
            sqlx::query("update theme_sets set summary = null, summary_key = null where engagement_id = $1")
                .bind(engagement_id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("delete from theme_need_summaries where theme_set_id in (select id from theme_sets where engagement_id = $1)")
                .bind(engagement_id)
                .execute(&mut *conn)
                .await?;
            for table in ["answers", "theme_answers", "answer_vectors"] {
                sqlx::query(&format!("delete from {table} where response_id in ({RESPONSES_OF})"))
                    .bind(engagement_id)
                    .execute(&mut *conn)
                    .await?;
            }
            // A flagged response keeps its written answers and its school for the safeguarding
            // record, and nothing else it was asked; every other keeps nothing that was said or
            // where from.
            let flagged: Vec<(i64, String)> = sqlx::query_as(&format!(
                "select id, draft from responses where safeguarding_flag = 1 and deleted_at is null and id in ({RESPONSES_OF})"
            ))
            .bind(engagement_id)
            .fetch_all(&mut *conn)
            .await?;
            for (id, draft) in flagged {
                sqlx::query("update responses set draft = $1 where id = $2")
                    .bind(written_only(&draft)?)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query(&format!(
                "update responses set draft = $1, school_id = null where safeguarding_flag = 0 and id in ({})",
                RESPONSES_OF.replace("$1", "$2")
            ))
            .bind(&empty)
            .bind(engagement_id)
            .execute(&mut *conn)
            .await?;
            // No longer sent, and no secret or code matches it (both are unique, hence the id).
            sqlx::query(&format!(
                "update responses set sent_before_deletion = submitted_at, submitted_at = null, receipt_code_hash = null, \
                 token_hash = 'deleted ' || cast(id as text), resume_code_hash = 'deleted ' || cast(id as text), deleted_at = $1 \
                 where withdrawn_at is null and deleted_at is null and id in ({})",
                RESPONSES_OF.replace("$1", "$2")
            ))
            .bind(now)
            .bind(engagement_id)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        })
    })
    .await
}

/// Deletes the answers of every engagement whose date has passed and which has closed; returns
/// the slugs of those deleted.
pub async fn delete_due(state: &AppState) -> anyhow::Result<Vec<String>> {
    let due: Vec<String> = sqlx::query_scalar(
        "select slug from engagements where delete_answers_on is not null and delete_answers_on <= $1 \
         and answers_deleted_at is null and state in ('closed', 'published') order by id",
    )
    .bind(db::now())
    .fetch_all(&state.db.pool)
    .await?;
    let mut deleted = Vec::new();
    for slug in due {
        // One engagement that fails is tried again next time; the others go ahead.
        match delete_one(state, &slug).await {
            Ok(true) => {
                tracing::info!(engagement = %slug, "deleted the answers of an engagement past its date for deleting them");
                deleted.push(slug);
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(engagement = %slug, error = %e, "retention: deleting an engagement's answers failed"),
        }
    }
    Ok(deleted)
}

async fn delete_one(state: &AppState, slug: &str) -> anyhow::Result<bool> {
    let Some(e) = engagements::find_by_slug(&state.db, slug).await? else { return Ok(false) };
    // Figures already published stay as the public read them.
    let published = if e.state == "published" {
        let results = crate::results::public::results_of(state, &e, false, false).await.map_err(anyhow::Error::from)?;
        Some(serde_json::to_string(&results)?)
    } else {
        None
    };
    delete_answers(&state.db, e.id, &e.state, published).await
}

/// Runs [`delete_due`] at start and then every `every` until `stop` turns true.
pub async fn run_in_background(state: AppState, every: std::time::Duration, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = delete_due(&state).await {
            tracing::warn!(error = %e, "retention: deleting answers failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// What deleting deletes and keeps, in words.
fn preview_of(e: &EngagementRecord, h: Holding) -> RetentionPreview {
    let deleted = vec![
        format!(
            "{}, with every answer in them ({})",
            plural(h.sent, "sent response", "sent responses"),
            plural(h.answers, "stored answer", "stored answers")
        ),
        format!("{} started and never sent", plural(h.unsent, "response", "responses")),
        "Which school each response came from (but for flagged ones, below), and which themes each written answer is in".into(),
    ];
    let mut kept = vec![
        match h.flagged {
            0 => "The written answers and school of any response flagged for safeguarding, with what was done about it, for the safeguarding record (none is flagged now)".into(),
            n => format!(
                "The written answers and school of {} flagged for safeguarding, with what was done about each, for the safeguarding record",
                plural(n, "response", "responses")
            ),
        },
        "\u{201c}You said, we did\u{201d}, with how many responses each of its themes held that day; the documents written with the co-production group; reports already issued".into(),
    ];
    kept.push(match (e.state.as_str(), e.answers_deleted_at) {
        ("published", Some(_)) => "The published results page, as it was on the day the answers were deleted".into(),
        ("published", None) => "The published results page, as it is on the day the answers are deleted".into(),
        _ => "Results not published before the answers are deleted will have no figures".into(),
    });
    RetentionPreview { deleted, kept }
}

fn values_of(e: &EngagementRecord, csrf_token: String) -> RetentionValues {
    // Stored as the end of the day chosen: the day is the one before.
    let day = e.delete_answers_on.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t - 1).ok());
    RetentionValues {
        csrf_token,
        delete_day: day.map(|d| d.day().to_string()).unwrap_or_default(),
        delete_month: day.map(|d| u8::from(d.month()).to_string()).unwrap_or_default(),
        delete_year: day.map(|d| d.year().to_string()).unwrap_or_default(),
    }
}

fn retention_of(e: &EngagementRecord) -> Retention {
    match (e.answers_deleted_at, e.delete_answers_on) {
        (Some(at), _) => Retention::Deleted(db::date_in_words(at)),
        (None, Some(on)) => Retention::On(db::date_in_words(on - 1)),
        (None, None) => Retention::NotSet,
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    e: EngagementRecord,
    values: RetentionValues,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let preview = preview_of(&e, holding(&state.db, e.id).await?);
    let (slug, title, retention, problem) = (e.slug.clone(), e.title.clone(), retention_of(&e), !errors.is_empty());
    Ok(form_page(&format!("When the answers are deleted: {title}"), problem, Some(staff.badge()), move || {
        view! { <RetentionPage slug=slug title=title retention=retention preview=preview values=values errors=errors/> }
    }))
}

async fn show(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let values = values_of(&e, staff.csrf_token.clone());
    render(&state, &staff, e, values, vec![]).await
}

async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(input): Form<RetentionValues>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if e.answers_deleted_at.is_some() {
        return Ok(Redirect::to(&format!("/admin/engagements/{slug}/retention")).into_response());
    }
    let values = RetentionValues { csrf_token: staff.csrf_token.clone(), ..input };
    let chosen = date("The date", &values.delete_day, &values.delete_month, &values.delete_year);
    // The end of the day chosen.
    let on = match chosen {
        Ok(day) => day.map(|d| midnight(d) + 86_400),
        Err(message) => return render(&state, &staff, e, values, vec![FieldError::new("delete-day", message)]).await,
    };
    let problem = match on {
        Some(on) if on <= db::now() => Some("The date must be in the future"),
        Some(on) if e.closes_at.is_some_and(|closes| on <= closes) => Some("The date must be after the engagement closes"),
        _ => None,
    };
    if let Some(message) = problem {
        return render(&state, &staff, e, values, vec![FieldError::new("delete-day", message)]).await;
    }
    engagements::set_delete_answers_on(&state.db, e.id, on).await?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, on = ?on, "date for deleting answers set");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}?done=retention")).into_response())
}
