//! The outcomes framework in the database: groups, outcomes and the questions linked to them.

use crate::db::{self, Db};
use app::survey::SurveyDefinition;
use sqlx::AnyConnection;

/// An outcome with its group and how many questions measure it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OutcomeRecord {
    pub id: i64,
    pub statement: String,
    pub group_id: i64,
    pub group_name: String,
    pub measured_by: i64,
}

/// Every outcome, in the framework's order: groups in theirs, outcomes in theirs.
pub async fn framework(db: &Db) -> sqlx::Result<Vec<OutcomeRecord>> {
    sqlx::query_as(
        "select o.id, o.statement, g.id as group_id, g.name as group_name, \
         cast((select count(*) from question_outcomes q where q.outcome_id = o.id) as bigint) as measured_by \
         from outcomes o join outcome_groups g on g.id = o.group_id order by g.position, g.id, o.position, o.id",
    )
    .fetch_all(&db.pool)
    .await
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<OutcomeRecord>> {
    sqlx::query_as(
        "select o.id, o.statement, g.id as group_id, g.name as group_name, \
         cast((select count(*) from question_outcomes q where q.outcome_id = o.id) as bigint) as measured_by \
         from outcomes o join outcome_groups g on g.id = o.group_id where o.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The groups, in order, as (id, name).
pub async fn groups(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("select id, name from outcome_groups order by position, id").fetch_all(&db.pool).await
}

/// The outcome already called `statement`, whatever its capitals, other than `except`.
pub async fn same_statement(db: &Db, statement: &str, except: Option<i64>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select id from outcomes where lower(statement) = lower($1) and id <> $2")
        .bind(statement)
        .bind(except.unwrap_or(0))
        .fetch_optional(&db.pool)
        .await
}

/// Where an outcome goes: a group there already, or a new one by this name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupChoice {
    Existing(i64),
    New(String),
}

/// The id of the group chosen, made at the end of the list if it is new (or found, if a group
/// of that name is there already).
async fn group_id(conn: &mut AnyConnection, group: GroupChoice) -> sqlx::Result<i64> {
    match group {
        GroupChoice::Existing(id) => Ok(id),
        GroupChoice::New(name) => {
            let found: Option<i64> = sqlx::query_scalar("select id from outcome_groups where lower(name) = lower($1)")
                .bind(&name)
                .fetch_optional(&mut *conn)
                .await?;
            if let Some(id) = found {
                return Ok(id);
            }
            sqlx::query_scalar(
                "insert into outcome_groups (name, position) values ($1, (select coalesce(max(position), 0) + 1 from outcome_groups)) returning id",
            )
            .bind(name)
            .fetch_one(&mut *conn)
            .await
        }
    }
}

/// Deletes groups left with no outcome.
async fn drop_empty_groups(conn: &mut AnyConnection) -> sqlx::Result<()> {
    sqlx::query("delete from outcome_groups where id not in (select group_id from outcomes)").execute(&mut *conn).await?;
    Ok(())
}

/// Adds an outcome at the end of its group; returns its id.
pub async fn add(db: &Db, group: GroupChoice, statement: &str) -> anyhow::Result<i64> {
    let statement = statement.to_owned();
    db.write(move |conn| Box::pin(async move { Ok(add_in(conn, group, &statement).await?) })).await
}

async fn add_in(conn: &mut AnyConnection, group: GroupChoice, statement: &str) -> sqlx::Result<i64> {
    let group = group_id(conn, group).await?;
    sqlx::query_scalar(
        "insert into outcomes (group_id, statement, position, created_at) \
         values ($1, $2, (select coalesce(max(position), 0) + 1 from outcomes where group_id = $1), $3) returning id",
    )
    .bind(group)
    .bind(statement)
    .bind(db::now())
    .fetch_one(&mut *conn)
    .await
}

/// Changes an outcome's words or group (moving it to the end of a group it was not in).
pub async fn change(db: &Db, id: i64, group: GroupChoice, statement: &str) -> anyhow::Result<()> {
    let statement = statement.to_owned();
    db.write(move |conn| {
        Box::pin(async move {
            let group = group_id(conn, group).await?;
            sqlx::query(
                "update outcomes set statement = $1, \
                 position = case when group_id = $2 then position else (select coalesce(max(position), 0) + 1 from outcomes where group_id = $2) end, \
                 group_id = $2 where id = $3",
            )
            .bind(statement)
            .bind(group)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            drop_empty_groups(conn).await?;
            Ok(())
        })
    })
    .await
}

/// Removes an outcome no question measures; false if one does (or it is gone).
pub async fn remove(db: &Db, id: i64) -> anyhow::Result<bool> {
    db.write(move |conn| {
        Box::pin(async move {
            let removed = sqlx::query("delete from outcomes where id = $1 and id not in (select outcome_id from question_outcomes)")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            drop_empty_groups(conn).await?;
            Ok(removed.rows_affected() == 1)
        })
    })
    .await
}

/// The questions linked to an outcome, as (survey id, question id), in the order of surveys made.
pub async fn measuring(db: &Db, outcome_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("select survey_id, question_id from question_outcomes where outcome_id = $1 order by survey_id, question_id")
        .bind(outcome_id)
        .fetch_all(&db.pool)
        .await
}

/// The outcome a question is linked to, if any.
pub async fn linked(db: &Db, survey_id: i64, question_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select outcome_id from question_outcomes where survey_id = $1 and question_id = $2 order by outcome_id")
        .bind(survey_id)
        .bind(question_id)
        .fetch_optional(&db.pool)
        .await
}

/// Links a question to `outcome`, or to none, in place of what it was linked to.
pub async fn link(db: &Db, survey_id: i64, question_id: &str, outcome: Option<i64>) -> anyhow::Result<()> {
    let question_id = question_id.to_owned();
    db.write(move |conn| {
        Box::pin(async move {
            sqlx::query("delete from question_outcomes where survey_id = $1 and question_id = $2")
                .bind(survey_id)
                .bind(&question_id)
                .execute(&mut *conn)
                .await?;
            if let Some(outcome) = outcome {
                sqlx::query("insert into question_outcomes (survey_id, question_id, outcome_id) values ($1, $2, $3)")
                    .bind(survey_id)
                    .bind(&question_id)
                    .bind(outcome)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        })
    })
    .await
}

/// A link from a question of one of an engagement's surveys to an outcome.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Link {
    pub survey_id: i64,
    pub question_id: String,
    pub outcome_id: i64,
    pub statement: String,
    pub group_name: String,
}

/// Every link from the questions of an engagement's surveys, in the framework's order.
pub async fn links_in_engagement(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<Link>> {
    sqlx::query_as(
        "select q.survey_id, q.question_id, o.id as outcome_id, o.statement, g.name as group_name \
         from question_outcomes q join outcomes o on o.id = q.outcome_id join outcome_groups g on g.id = o.group_id \
         join surveys s on s.id = q.survey_id where s.engagement_id = $1 \
         order by g.position, g.id, o.position, o.id, q.survey_id, q.question_id",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// The group that outcome statements typed on questions join when they are not in the
/// framework yet.
pub const FROM_QUESTIONS: &str = "Outcomes from survey questions";

/// Links each question of `definitions` (a survey's draft and versions) that names an outcome
/// statement in an `outcome:` tag to that outcome, adding it to the framework (in `group`)
/// when no outcome has those words, whatever their capitals. Returns how many links were made.
pub async fn adopt_tags(conn: &mut AnyConnection, survey_id: i64, definitions: &[SurveyDefinition], group: &str) -> sqlx::Result<usize> {
    let mut made = 0;
    for def in definitions {
        for q in def.pages.iter().flat_map(|p| p.questions.iter()) {
            for statement in q.tags.iter().filter_map(|t| t.strip_prefix("outcome:")).map(str::trim).filter(|s| !s.is_empty()) {
                let found: Option<i64> = sqlx::query_scalar("select id from outcomes where lower(statement) = lower($1) order by id")
                    .bind(statement)
                    .fetch_optional(&mut *conn)
                    .await?;
                let outcome = match found {
                    Some(id) => id,
                    None => add_in(conn, GroupChoice::New(group.to_owned()), statement).await?,
                };
                let there: Option<i64> = sqlx::query_scalar(
                    "select outcome_id from question_outcomes where survey_id = $1 and question_id = $2 and outcome_id = $3",
                )
                .bind(survey_id)
                .bind(&q.id)
                .bind(outcome)
                .fetch_optional(&mut *conn)
                .await?;
                if there.is_none() {
                    sqlx::query("insert into question_outcomes (survey_id, question_id, outcome_id) values ($1, $2, $3)")
                        .bind(survey_id)
                        .bind(&q.id)
                        .bind(outcome)
                        .execute(&mut *conn)
                        .await?;
                    made += 1;
                }
            }
        }
    }
    Ok(made)
}

/// Once, after an upgrade from a release that kept outcomes as words typed on each question:
/// every such statement becomes an outcome in the framework and every question that named it a
/// link to it, from each survey's draft and every version published. Returns the links made.
pub async fn adopt_old_tags(db: &Db) -> anyhow::Result<usize> {
    db.write(move |conn| {
        Box::pin(async move {
            // Taken first, so that of two servers starting at once only one does the work.
            let pending = sqlx::query("delete from pending_upgrades where name = 'outcome tags'").execute(&mut *conn).await?;
            if pending.rows_affected() == 0 {
                return Ok(0);
            }
            let surveys: Vec<(i64, String)> = sqlx::query_as("select id, draft from surveys order by id").fetch_all(&mut *conn).await?;
            let mut made = 0;
            for (survey_id, draft) in surveys {
                let versions: Vec<String> =
                    sqlx::query_scalar("select definition from survey_versions where survey_id = $1 order by version")
                        .bind(survey_id)
                        .fetch_all(&mut *conn)
                        .await?;
                let mut definitions = Vec::new();
                for stored in versions.iter().chain(std::iter::once(&draft)) {
                    definitions.push(serde_json::from_str::<SurveyDefinition>(stored)?);
                }
                made += adopt_tags(conn, survey_id, &definitions, FROM_QUESTIONS).await?;
            }
            Ok(made)
        })
    })
    .await
}

/// A key performance indicator under an outcome.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct KpiRecord {
    pub id: i64,
    pub outcome_id: i64,
    pub name: String,
    pub baseline: Option<i64>,
    pub target: Option<i64>,
    pub period: String,
}

const KPI_COLUMNS: &str = "id, outcome_id, name, baseline, target, period";

pub async fn kpis_of(db: &Db, outcome_id: i64) -> sqlx::Result<Vec<KpiRecord>> {
    sqlx::query_as(&format!("select {KPI_COLUMNS} from kpis where outcome_id = $1 order by position, id"))
        .bind(outcome_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn find_kpi(db: &Db, id: i64) -> sqlx::Result<Option<KpiRecord>> {
    sqlx::query_as(&format!("select {KPI_COLUMNS} from kpis where id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// A KPI's questions, as (survey id, question id), one a survey, in the order surveys were made.
pub async fn kpi_questions(db: &Db, kpi_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("select survey_id, question_id from kpi_questions where kpi_id = $1 order by survey_id")
        .bind(kpi_id)
        .fetch_all(&db.pool)
        .await
}

/// What a KPI is, as its form saves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiFields {
    pub name: String,
    pub baseline: Option<i64>,
    pub target: Option<i64>,
    pub period: String,
    /// (survey id, question id), one a survey.
    pub questions: Vec<(i64, String)>,
}

/// Adds a KPI at the end of its outcome's (`id` none) or changes one; returns its id.
pub async fn save_kpi(db: &Db, id: Option<i64>, outcome_id: i64, fields: KpiFields) -> anyhow::Result<i64> {
    db.write(move |conn| {
        Box::pin(async move {
            let id = match id {
                Some(id) => {
                    sqlx::query("update kpis set name = $1, baseline = $2, target = $3, period = $4 where id = $5")
                        .bind(&fields.name)
                        .bind(fields.baseline)
                        .bind(fields.target)
                        .bind(&fields.period)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("delete from kpi_questions where kpi_id = $1").bind(id).execute(&mut *conn).await?;
                    id
                }
                None => {
                    sqlx::query_scalar(
                        "insert into kpis (outcome_id, name, baseline, target, period, position, created_at) \
                         values ($1, $2, $3, $4, $5, (select coalesce(max(position), 0) + 1 from kpis where outcome_id = $1), $6) returning id",
                    )
                    .bind(outcome_id)
                    .bind(&fields.name)
                    .bind(fields.baseline)
                    .bind(fields.target)
                    .bind(&fields.period)
                    .bind(db::now())
                    .fetch_one(&mut *conn)
                    .await?
                }
            };
            for (survey_id, question_id) in &fields.questions {
                sqlx::query("insert into kpi_questions (kpi_id, survey_id, question_id) values ($1, $2, $3)")
                    .bind(id)
                    .bind(survey_id)
                    .bind(question_id)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(id)
        })
    })
    .await
}

pub async fn remove_kpi(db: &Db, id: i64) -> anyhow::Result<()> {
    db.write(move |conn| {
        Box::pin(async move {
            sqlx::query("delete from kpi_questions where kpi_id = $1").bind(id).execute(&mut *conn).await?;
            sqlx::query("delete from kpis where id = $1").bind(id).execute(&mut *conn).await?;
            Ok(())
        })
    })
    .await
}

/// The area boards' names, in the order they are shown.
pub const BOARDS: [&str; 4] = ["North Kent", "West Kent", "East Kent", "South Kent"];

/// Each district's area board, as (district, board).
pub async fn area_boards(db: &Db) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("select district, board from area_boards").fetch_all(&db.pool).await
}

/// Puts each district in its board.
pub async fn set_area_boards(db: &Db, boards: Vec<(String, String)>) -> anyhow::Result<()> {
    db.write(move |conn| {
        Box::pin(async move {
            for (district, board) in boards {
                sqlx::query("delete from area_boards where district = $1").bind(&district).execute(&mut *conn).await?;
                sqlx::query("insert into area_boards (district, board) values ($1, $2)")
                    .bind(&district)
                    .bind(&board)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        })
    })
    .await
}

/// The engagement a survey belongs to, as (title, threshold for small numbers, when it opened).
pub async fn engagement_of_survey(db: &Db, survey_id: i64) -> sqlx::Result<Option<(String, i64, Option<i64>)>> {
    sqlx::query_as(
        "select e.title, e.suppression_threshold, e.opens_at from surveys s join engagements e on e.id = s.engagement_id where s.id = $1",
    )
    .bind(survey_id)
    .fetch_optional(&db.pool)
    .await
}
