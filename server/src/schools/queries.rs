//! Queries on `schools` and `access_codes`.

use crate::db::Db;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SchoolRecord {
    pub id: i64,
    pub name: String,
    pub district: String,
    pub phase: String,
    /// The postal address, or empty.
    pub address: String,
}

/// Adds a school unless one of that name is already in that district; returns
/// whether it was added.
pub async fn insert(db: &Db, name: &str, district: &str, phase: &str, address: &str) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "insert into schools (name, district, phase, address, created_at) values ($1, $2, $3, $4, $5) on conflict (name, district) do nothing",
    )
    .bind(name)
    .bind(district)
    .bind(phase)
    .bind(address)
    .bind(crate::db::now())
    .execute(&db.writer)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// One school by its id.
/// Every school's name, as the de-identifier looks for them in answers.
pub async fn names(db: &Db) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("select name from schools").fetch_all(&db.pool).await
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<SchoolRecord>> {
    sqlx::query_as("select id, name, district, phase, address from schools where id = $1").bind(id).fetch_optional(&db.pool).await
}

/// Every school, by district, then name.
pub async fn list(db: &Db) -> sqlx::Result<Vec<SchoolRecord>> {
    sqlx::query_as("select id, name, district, phase, address from schools order by district, name").fetch_all(&db.pool).await
}

/// Every school with its code for `survey_id`, if it has one; by district, then name.
pub async fn with_codes(db: &Db, survey_id: i64) -> sqlx::Result<Vec<(SchoolRecord, Option<String>)>> {
    let rows: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "select s.id, s.name, s.district, s.phase, s.address, c.code from schools s \
         left join access_codes c on c.school_id = s.id and c.survey_id = $1 order by s.district, s.name",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, district, phase, address, code)| (SchoolRecord { id, name, district, phase, address }, code))
        .collect())
}

/// Gives every school without one a code for `survey_id`; returns how many were made.
pub async fn generate_codes(db: &Db, survey_id: i64, new_code: impl Fn() -> String) -> sqlx::Result<u64> {
    let mut made = 0;
    for (school, code) in with_codes(db, survey_id).await? {
        if code.is_some() {
            continue;
        }
        let result = sqlx::query(
            "insert into access_codes (code, school_id, survey_id, created_at) values ($1, $2, $3, $4) \
             on conflict do nothing",
        )
        .bind(new_code())
        .bind(school.id)
        .bind(survey_id)
        .bind(crate::db::now())
        .execute(&db.writer)
        .await?;
        made += result.rows_affected();
    }
    Ok(made)
}

/// How many responses to `survey_id` were sent with each school's code, by school id.
pub async fn sent_by_school(db: &Db, survey_id: i64) -> sqlx::Result<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "select r.school_id, count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
         where v.survey_id = $1 and r.submitted_at is not null and r.school_id is not null group by r.school_id",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The survey slug and school id an access code belongs to.
pub async fn find_code(db: &Db, code: &str) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as("select v.slug, c.school_id from access_codes c join surveys v on v.id = c.survey_id where c.code = $1")
        .bind(code)
        .fetch_optional(&db.pool)
        .await
}

/// The schools a school contact speaks for, by name.
pub async fn of_contact(db: &Db, user_id: i64) -> sqlx::Result<Vec<SchoolRecord>> {
    sqlx::query_as(
        "select s.id, s.name, s.district, s.phase, s.address from schools s join school_contacts c on c.school_id = s.id \
         where c.user_id = $1 order by s.name, s.district",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// Lets a school contact speak for a school (nothing changes if they already do).
pub async fn link_contact(db: &Db, user_id: i64, school_id: i64) -> sqlx::Result<()> {
    sqlx::query("insert into school_contacts (user_id, school_id) values ($1, $2) on conflict do nothing")
        .bind(user_id)
        .bind(school_id)
        .execute(&db.writer)
        .await
        .map(drop)
}

pub async fn unlink_contact(db: &Db, user_id: i64, school_id: i64) -> sqlx::Result<()> {
    sqlx::query("delete from school_contacts where user_id = $1 and school_id = $2")
        .bind(user_id)
        .bind(school_id)
        .execute(&db.writer)
        .await
        .map(drop)
}

/// A school's access code for each survey that has one: the survey's title, the code, the
/// engagement's smallest group shown, and how many sent their answers with that code.
pub async fn codes_and_sent(db: &Db, school_id: i64) -> sqlx::Result<Vec<(String, String, i64, i64)>> {
    sqlx::query_as(
        "select s.title, c.code, e.suppression_threshold, cast((select count(*) from responses r \
           join survey_versions v on v.id = r.survey_version_id \
           where v.survey_id = c.survey_id and r.school_id = c.school_id and r.submitted_at is not null) as bigint) \
         from access_codes c join surveys s on s.id = c.survey_id join engagements e on e.id = s.engagement_id \
         where c.school_id = $1 and e.state <> 'draft' order by s.id",
    )
    .bind(school_id)
    .fetch_all(&db.pool)
    .await
}

/// Schools listed in each district, and how many of them answered an engagement's surveys with
/// their access code: (district, listed, answered), by district.
pub async fn reach_by_district(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "select s.district, cast(count(*) as bigint), cast(sum(case when exists ( \
           select 1 from responses r join survey_versions v on v.id = r.survey_version_id join surveys sv on sv.id = v.survey_id \
           where r.school_id = s.id and r.submitted_at is not null and sv.engagement_id = $1) then 1 else 0 end) as bigint) \
         from schools s group by s.district order by s.district",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}
