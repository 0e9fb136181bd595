//! Every query about themes: answers' vectors, theme sets, themes, where each answer is placed,
//! the kept summaries and the trail of changes. Reads take the pool; writes take the connection
//! of the write they are part of.

use crate::db::Db;
use sqlx::AnyConnection;

// ---- Vectors
//
// The background step's statements are planned afresh each time (`persistent(false)`): a plan
// PostgreSQL keeps for a prepared statement is made for the tables as they were when it was
// kept, and one kept while there were few vectors went on reading every vector (75–300 ms a
// batch at 600,000 vectors where planning afresh takes under a millisecond).

/// Up to `limit` sent written answers after `after` (response, question) with no vector from
/// `method`: (response, question, text). Each table is bounded at `after`'s response as well as
/// joined, so that PostgreSQL starts every index scan there rather than at the first row: with
/// the pair compared with `or`, its generic plan read the answers from the first (311 ms a batch
/// near the end of 950,000 answers); with the others only joined, it read every response or
/// every vector before `after` (80–200 ms a batch at 190,000 of 1,070,000 responses). Bounded,
/// a batch takes under a millisecond there.
pub async fn answers_without_vectors(
    db: &Db,
    method: &str,
    limit: i64,
    after: &(i64, String),
    now: i64,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "select a.response_id, a.question_id, a.text_value from answers a \
         join responses r on r.id = a.response_id \
         where r.id >= $3 and a.response_id >= $3 and (a.response_id > $3 or a.question_id > $4) \
         and a.text_value is not null and r.submitted_at is not null \
         and not exists (select 1 from answer_vectors v where v.response_id >= $3 \
           and v.response_id = a.response_id and v.question_id = a.question_id and v.method = $1) \
         and not exists (select 1 from vector_claims c where c.response_id >= $3 \
           and c.response_id = a.response_id and c.question_id = a.question_id and c.expires_at > $5) \
         order by a.response_id, a.question_id limit $2",
    )
    .persistent(false)
    .bind(method)
    .bind(limit)
    .bind(after.0)
    .bind(&after.1)
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// The first response (by id) sent at or after `since`, if any: where the background step's next
/// round starts. Read a survey version at a time from the index on (version, sent), so that only
/// responses sent lately are read.
pub async fn first_sent_since(db: &Db, since: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select min(r.id) from survey_versions v join responses r on r.survey_version_id = v.id and r.submitted_at >= $1")
        .persistent(false)
        .bind(since)
        .fetch_one(&db.pool)
        .await
}

/// Claims answers for `holder` to make their vectors until `until`: an answer is claimed when no
/// one holds it, or its claim ran out (its server stopped). Several app servers on one database
/// read the same answers to do; each answer is claimed by one, which alone makes its vector.
/// Returns the answers claimed, leaving out any whose vector from `method` another server kept
/// after this one read them. One statement for the lot: the answers come in (response,
/// question) order from [`answers_without_vectors`], so two servers claiming at once lock the
/// rows they share in the same order.
pub async fn claim_vectors(
    conn: &mut AnyConnection,
    holder: &str,
    method: &str,
    now: i64,
    until: i64,
    answers: Vec<(i64, String)>,
) -> sqlx::Result<Vec<(i64, String)>> {
    if answers.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "insert into vector_claims (response_id, question_id, holder, expires_at) values {} \
         on conflict (response_id, question_id) do update set holder = excluded.holder, expires_at = excluded.expires_at \
         where vector_claims.expires_at <= $1 returning response_id, question_id",
        crate::db::parameter_rows(answers.len(), 4, 2)
    );
    let mut claim = sqlx::query_as(&sql).persistent(false).bind(now);
    for (response, question) in answers {
        claim = claim.bind(response).bind(question).bind(holder).bind(until);
    }
    let mut claimed: Vec<(i64, String)> = claim.fetch_all(&mut *conn).await?;
    if claimed.is_empty() {
        return Ok(claimed);
    }
    // Another server may have kept some of these vectors and let go of their claims between
    // this one reading them and claiming them. This statement, later than the claim, sees what
    // it kept (on PostgreSQL, a claim that waited on the other's release sees its vectors now).
    let sql = format!(
        "select response_id, question_id from answer_vectors where method = $1 and (response_id, question_id) in (values {})",
        crate::db::parameter_rows(claimed.len(), 2, 2)
    );
    let mut made = sqlx::query_as(&sql).persistent(false).bind(method);
    for (response, question) in &claimed {
        made = made.bind(*response).bind(question);
    }
    let made: Vec<(i64, String)> = made.fetch_all(&mut *conn).await?;
    release_vectors(conn, holder, &made).await?;
    claimed.retain(|c| !made.contains(c));
    claimed.sort();
    Ok(claimed)
}

/// Lets go of `holder`'s claims on these answers, their vectors kept.
pub async fn release_vectors(conn: &mut AnyConnection, holder: &str, answers: &[(i64, String)]) -> sqlx::Result<()> {
    if answers.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "delete from vector_claims where holder = $1 and (response_id, question_id) in (values {})",
        crate::db::parameter_rows(answers.len(), 2, 2)
    );
    let mut release = sqlx::query(&sql).persistent(false).bind(holder);
    for (response, question) in answers {
        release = release.bind(*response).bind(question);
    }
    release.execute(&mut *conn).await?;
    Ok(())
}

/// Keeps answers' vectors (response, question, packed vector), replacing older ones; an answer
/// whose response was withdrawn meanwhile is left out. One statement for the lot, which
/// replaces: two writers storing the same answer's vector at once (the background step and
/// finding themes; on PostgreSQL they run side by side) both succeed.
pub async fn store_vectors(conn: &mut AnyConnection, method: &str, rows: Vec<(i64, String, Vec<u8>)>) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "with made (response_id, question_id, vector) as (values {}) \
         insert into answer_vectors (response_id, question_id, method, vector) \
         select m.response_id, m.question_id, $1, m.vector from made m \
         where exists (select 1 from responses where id = m.response_id and submitted_at is not null) \
         on conflict (response_id, question_id) do update set method = excluded.method, vector = excluded.vector",
        crate::db::parameter_rows(rows.len(), 3, 2)
    );
    let mut store = sqlx::query(&sql).persistent(false).bind(method);
    for (r, q, v) in rows {
        store = store.bind(r).bind(q).bind(v);
    }
    store.execute(&mut *conn).await?;
    Ok(())
}

/// A question's sent written answers, oldest response first and read a row at a time:
/// (response, text, safeguarding flag, vector's method, packed vector), only those not placed in
/// set `unplaced_in` when it is not 0.
#[allow(clippy::type_complexity)]
pub fn question_answers<'a>(
    db: &'a Db,
    survey_id: i64,
    question_id: &str,
    unplaced_in: i64,
) -> futures_util::stream::BoxStream<'a, sqlx::Result<(i64, String, i64, Option<String>, Option<Vec<u8>>)>> {
    sqlx::query_as(
        "select a.response_id, a.text_value, r.safeguarding_flag, v.method, v.vector from answers a \
         join responses r on r.id = a.response_id join survey_versions sv on sv.id = r.survey_version_id \
         left join answer_vectors v on v.response_id = a.response_id and v.question_id = a.question_id \
         where sv.survey_id = $1 and a.question_id = $2 and a.text_value is not null and r.submitted_at is not null \
         and ($3 = 0 or not exists (select 1 from theme_answers ta where ta.theme_set_id = $3 \
              and ta.response_id = a.response_id and ta.question_id = a.question_id)) \
         order by a.response_id",
    )
    .bind(survey_id)
    .bind(question_id.to_owned())
    .bind(unplaced_in)
    .fetch(&db.pool)
}

// ---- Theme sets

/// The set of an engagement's scope (its key), if themes were found for it.
pub async fn find_set(db: &Db, engagement_id: i64, scope_key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select id from theme_sets where engagement_id = $1 and scope = $2")
        .bind(engagement_id)
        .bind(scope_key)
        .fetch_optional(&db.pool)
        .await
}

/// A set's id, method and when it last changed.
pub async fn set_header(db: &Db, engagement_id: i64, scope_key: &str) -> sqlx::Result<Option<(i64, String, i64)>> {
    sqlx::query_as("select id, method, updated_at from theme_sets where engagement_id = $1 and scope = $2")
        .bind(engagement_id)
        .bind(scope_key)
        .fetch_optional(&db.pool)
        .await
}

/// Every set: (id, engagement, scope key, method).
pub async fn all_sets(db: &Db) -> sqlx::Result<Vec<(i64, i64, String, String)>> {
    sqlx::query_as("select id, engagement_id, scope, method from theme_sets order by id").fetch_all(&db.pool).await
}

/// The scope keys an engagement has sets for, oldest first.
pub async fn set_scopes(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("select scope from theme_sets where engagement_id = $1 order by id").bind(engagement_id).fetch_all(&db.pool).await
}

/// An engagement's sets as its themes page lists them: (scope key, last changed, themes).
pub async fn set_summaries(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "select ts.scope, ts.updated_at, (select count(*) from themes t where t.theme_set_id = ts.id) from theme_sets ts where ts.engagement_id = $1",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await
}

/// Answers that stay where an analyst left them when themes are found again: those marked
/// reviewed, and those in a reviewed theme.
pub async fn kept_answers(db: &Db, set: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "select ta.response_id, ta.question_id from theme_answers ta left join themes t on t.id = ta.theme_id \
         where ta.theme_set_id = $1 and (ta.reviewed = 1 or t.reviewed = 1)",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await
}

/// Clears what an engine found in a set, keeping what an analyst reviewed, before finding again.
pub async fn clear_found(conn: &mut AnyConnection, set: i64, method: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("update theme_sets set method = $1, updated_at = $2 where id = $3")
        .bind(method)
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
    sqlx::query(
        "delete from themes where theme_set_id = $1 and reviewed = 0 \
         and id not in (select theme_id from theme_answers where theme_set_id = $1 and theme_id is not null)",
    )
    .bind(set)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn insert_set(conn: &mut AnyConnection, engagement_id: i64, scope_key: &str, method: &str, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into theme_sets (engagement_id, scope, method, created_at, updated_at) values ($1, $2, $3, $4, $4) returning id",
    )
    .bind(engagement_id)
    .bind(scope_key)
    .bind(method)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

pub async fn touch_set(conn: &mut AnyConnection, set: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("update theme_sets set updated_at = $1 where id = $2").bind(now).bind(set).execute(&mut *conn).await?;
    Ok(())
}

// ---- Themes

/// A theme as the engine or an analyst makes it.
pub struct NewTheme<'a> {
    pub label: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    pub centroid: Option<Vec<u8>>,
}

pub async fn insert_theme(conn: &mut AnyConnection, set: i64, theme: NewTheme<'_>, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into themes (theme_set_id, label, description, kind, centroid, created_at) values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(set)
    .bind(theme.label)
    .bind(theme.description)
    .bind(theme.kind)
    .bind(theme.centroid)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

/// A set's themes with their kind and packed centre: (id, kind, centroid).
pub async fn centres(db: &Db, set: i64) -> sqlx::Result<Vec<(i64, String, Option<Vec<u8>>)>> {
    sqlx::query_as("select id, kind, centroid from themes where theme_set_id = $1 order by id").bind(set).fetch_all(&db.pool).await
}

/// A theme as its set's table lists it.
#[derive(sqlx::FromRow)]
pub struct ThemeRow {
    pub id: i64,
    pub label: String,
    pub description: String,
    pub kind: String,
    pub reviewed: i64,
    pub notes: String,
}

pub async fn themes_of(db: &Db, set: i64) -> sqlx::Result<Vec<ThemeRow>> {
    sqlx::query_as("select id, label, description, kind, reviewed, notes from themes where theme_set_id = $1 order by id")
        .bind(set)
        .fetch_all(&db.pool)
        .await
}

/// A theme's label and description as stored, if it is in the set.
pub async fn theme_text(db: &Db, set: i64, theme: i64) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("select label, description from themes where id = $1 and theme_set_id = $2")
        .bind(theme)
        .bind(set)
        .fetch_optional(&db.pool)
        .await
}

/// A theme's label, if it is in the set.
pub async fn theme_label(conn: &mut AnyConnection, set: i64, theme: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select label from themes where id = $1 and theme_set_id = $2")
        .bind(theme)
        .bind(set)
        .fetch_optional(&mut *conn)
        .await
}

/// A theme's description, notes and whether it is reviewed.
pub async fn theme_marks(conn: &mut AnyConnection, theme: i64) -> sqlx::Result<(String, String, i64)> {
    sqlx::query_as("select description, notes, reviewed from themes where id = $1").bind(theme).fetch_one(&mut *conn).await
}

pub async fn update_theme(
    conn: &mut AnyConnection,
    theme: i64,
    label: &str,
    description: &str,
    notes: &str,
    reviewed: bool,
) -> sqlx::Result<()> {
    sqlx::query("update themes set label = $1, description = $2, notes = $3, reviewed = $4 where id = $5")
        .bind(label)
        .bind(description)
        .bind(notes)
        .bind(i64::from(reviewed))
        .bind(theme)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_centroid(conn: &mut AnyConnection, theme: i64, centroid: Vec<u8>) -> sqlx::Result<()> {
    sqlx::query("update themes set centroid = $1 where id = $2").bind(centroid).bind(theme).execute(&mut *conn).await?;
    Ok(())
}

/// Moves a theme's answers to another theme (or to "Other" when `to` is none) and deletes it.
pub async fn fold_theme(conn: &mut AnyConnection, set: i64, theme: i64, to: Option<i64>) -> sqlx::Result<()> {
    sqlx::query("update theme_answers set theme_id = $1, source = 'analyst' where theme_set_id = $2 and theme_id = $3")
        .bind(to)
        .bind(set)
        .bind(theme)
        .execute(&mut *conn)
        .await?;
    sqlx::query("delete from themes where id = $1").bind(theme).execute(&mut *conn).await?;
    Ok(())
}

// ---- Where answers are placed

/// One answer's place in a set.
pub struct Placed {
    pub response_id: i64,
    pub question_id: String,
    pub survey_id: i64,
    pub theme: Option<i64>,
    pub stance: &'static str,
    pub similarity: f64,
}

/// Answers placed per statement, on PostgreSQL and on SQLite (whose driver looks each of a
/// statement's parameters up by name, at a cost that grows with the square of their number).
const PLACED_PER_INSERT: [usize; 2] = [200, 30];

/// Places answers in a set; an answer already placed (by another step, on this server or
/// another at the same moment) stays where it is, and one whose response was withdrawn while the
/// themes were being found is left out. Returns how many were placed. Many answers to a
/// statement: finding themes in a million answers places them all.
pub async fn place(conn: &mut AnyConnection, set: i64, answers: Vec<Placed>) -> sqlx::Result<u64> {
    let per_insert = PLACED_PER_INSERT[usize::from(conn.backend_name() != "PostgreSQL")];
    let mut n = 0;
    for chunk in answers.chunks(per_insert) {
        let sql = format!(
            "with placed (response_id, question_id, theme_id, stance, similarity, survey_id) as (values {}) \
             insert into theme_answers (theme_set_id, response_id, question_id, theme_id, stance, similarity, source, survey_id) \
             select $1, p.response_id, p.question_id, p.theme_id, p.stance, p.similarity, 'auto', p.survey_id from placed p \
             where exists (select 1 from responses r where r.id = p.response_id and r.submitted_at is not null) \
             on conflict (theme_set_id, response_id, question_id) do nothing",
            crate::db::parameter_rows(chunk.len(), 6, 2)
        );
        let mut insert = sqlx::query(&sql).persistent(false).bind(set);
        for a in chunk {
            insert =
                insert.bind(a.response_id).bind(a.question_id.clone()).bind(a.theme).bind(a.stance).bind(a.similarity).bind(a.survey_id);
        }
        n += insert.execute(&mut *conn).await?.rows_affected();
    }
    Ok(n)
}

/// Runs `sql` (an update of `theme_answers`) once for each answer, binding the set, the response
/// and the question as $1 to $3 and `values` after them, and names the answers it changed
/// ("12/q3") for the trail.
async fn each_answer(
    conn: &mut AnyConnection,
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

/// Moves answers to a theme, or to "Other" when `to` is none; `on_topic` also clears their
/// off-topic mark. Returns the answers moved, named for the trail.
pub async fn move_answers(
    conn: &mut AnyConnection,
    set: i64,
    answers: &[(i64, String)],
    to: Option<i64>,
    on_topic: bool,
) -> sqlx::Result<Vec<String>> {
    let sql = if on_topic {
        "update theme_answers set theme_id = $4, off_topic = 0, source = 'analyst' where theme_set_id = $1 and response_id = $2 and question_id = $3"
    } else {
        "update theme_answers set theme_id = $4, source = 'analyst' where theme_set_id = $1 and response_id = $2 and question_id = $3"
    };
    each_answer(conn, sql, set, answers, &[to]).await
}

/// Marks answers off-topic or not, reviewed or not (`None` leaves a mark as it is).
pub async fn mark_answers(
    conn: &mut AnyConnection,
    set: i64,
    answers: &[(i64, String)],
    off_topic: Option<bool>,
    reviewed: Option<bool>,
) -> sqlx::Result<Vec<String>> {
    each_answer(
        conn,
        "update theme_answers set off_topic = coalesce($4, off_topic), reviewed = coalesce($5, reviewed) \
         where theme_set_id = $1 and response_id = $2 and question_id = $3",
        set,
        answers,
        &[off_topic.map(i64::from), reviewed.map(i64::from)],
    )
    .await
}

/// A theme's answers that have vectors, for splitting it: (response, question, text, packed vector).
pub async fn theme_vectors(db: &Db, set: i64, theme: i64) -> sqlx::Result<Vec<(i64, String, String, Vec<u8>)>> {
    sqlx::query_as(
        "select ta.response_id, ta.question_id, a.text_value, v.vector from theme_answers ta \
         join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
         join answer_vectors v on v.response_id = ta.response_id and v.question_id = ta.question_id \
         where ta.theme_set_id = $1 and ta.theme_id = $2 and ta.off_topic = 0 order by ta.response_id, ta.question_id",
    )
    .bind(set)
    .bind(theme)
    .fetch_all(&db.pool)
    .await
}

// ---- What the pages count and show

/// How many answers a set has placed, and its latest change: together they say whether a kept
/// summary still holds.
pub async fn set_state(db: &Db, set: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "select (select count(*) from theme_answers where theme_set_id = $1), \
         (select coalesce(max(id), 0) from theme_audit where theme_set_id = $1)",
    )
    .bind(set)
    .fetch_one(&db.pool)
    .await
}

/// A set's kept summary and the key it was kept under.
pub async fn kept_summary(db: &Db, set: i64) -> sqlx::Result<Option<(Option<String>, Option<String>)>> {
    sqlx::query_as("select summary_key, summary from theme_sets where id = $1").bind(set).fetch_optional(&db.pool).await
}

pub async fn keep_summary(conn: &mut AnyConnection, set: i64, key: &str, json: &str) -> sqlx::Result<()> {
    sqlx::query("update theme_sets set summary = $1, summary_key = $2 where id = $3")
        .bind(json)
        .bind(key)
        .bind(set)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A set's kept summary for an area of need and the key it was kept under.
pub async fn kept_need_summary(db: &Db, set: i64, need: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("select summary_key, summary from theme_need_summaries where theme_set_id = $1 and need = $2")
        .bind(set)
        .bind(need)
        .fetch_optional(&db.pool)
        .await
}

pub async fn keep_need_summary(conn: &mut AnyConnection, set: i64, need: &str, key: &str, json: &str) -> sqlx::Result<()> {
    sqlx::query(
        "insert into theme_need_summaries (theme_set_id, need, summary_key, summary) values ($1, $2, $3, $4) \
         on conflict (theme_set_id, need) do update set summary_key = excluded.summary_key, summary = excluded.summary",
    )
    .bind(set)
    .bind(need)
    .bind(key)
    .bind(json)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A set's answers counted by (theme, off-topic, survey, stance).
pub async fn placed_counts(db: &Db, set: i64) -> sqlx::Result<Vec<(Option<i64>, i64, i64, String, i64)>> {
    sqlx::query_as(
        "select theme_id, off_topic, survey_id, stance, count(*) from theme_answers where theme_set_id = $1 \
         group by theme_id, off_topic, survey_id, stance",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await
}

/// Whether the respondent of a placed answer (`ta`) chose an area of need, `asked` giving each
/// survey, its areas-of-need question and the need's value there (bound from `$first`). Each
/// survey's list of those who chose it is read once, not once an answer: a response's answers
/// are all to its own survey's questions.
fn chose_clause(asked: &[(i64, String, String)], first: usize) -> String {
    if asked.is_empty() {
        return "0 = 1".into();
    }
    asked
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let n = first + 3 * i;
            format!(
                "(ta.survey_id = ${n} and ta.response_id in (select response_id from answers where question_id = ${} and choice = ${}))",
                n + 1,
                n + 2
            )
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A set's placed answers counted as [`placed_counts`] does, by question too and by whether the
/// respondent chose the area of need `asked` describes:
/// (theme, off-topic, survey, question, stance, chose, answers).
#[allow(clippy::type_complexity)]
pub async fn placed_counts_about(
    db: &Db,
    set: i64,
    asked: &[(i64, String, String)],
) -> sqlx::Result<Vec<(Option<i64>, i64, i64, String, String, i64, i64)>> {
    let sql = format!(
        "select theme_id, off_topic, survey_id, question_id, stance, cast(case when {} then 1 else 0 end as bigint), count(*) \
         from theme_answers ta where theme_set_id = $1 group by 1, 2, 3, 4, 5, 6",
        chose_clause(asked, 2)
    );
    let mut query = sqlx::query_as(&sql).bind(set);
    for (survey, question, choice) in asked {
        query = query.bind(*survey).bind(question.clone()).bind(choice.clone());
    }
    query.fetch_all(&db.pool).await
}

/// Which of `responses` chose the area of need `asked` describes.
pub async fn chose_need(db: &Db, responses: &[i64], asked: &[(i64, String, String)]) -> sqlx::Result<std::collections::HashSet<i64>> {
    let mut chose = std::collections::HashSet::new();
    if asked.is_empty() || responses.is_empty() {
        return Ok(chose);
    }
    let pairs = (0..asked.len())
        .map(|i| format!("(v.survey_id = ${} and a.question_id = ${} and a.choice = ${})", 1 + 3 * i, 2 + 3 * i, 3 + 3 * i));
    let pairs = pairs.collect::<Vec<_>>().join(" or ");
    for chunk in responses.chunks(500) {
        let listed = (0..chunk.len()).map(|i| format!("${}", 1 + 3 * asked.len() + i)).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "select distinct a.response_id from answers a join responses r on r.id = a.response_id \
             join survey_versions v on v.id = r.survey_version_id where ({pairs}) and a.response_id in ({listed})"
        );
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for (survey, question, choice) in asked {
            query = query.bind(*survey).bind(question.clone()).bind(choice.clone());
        }
        for id in chunk {
            query = query.bind(*id);
        }
        chose.extend(query.fetch_all(&db.pool).await?);
    }
    Ok(chose)
}

/// Candidates for quotes: the answers nearest each theme's centre, twelve from each survey,
/// never one whose response is with the safeguarding team: (theme, survey, text, similarity,
/// response, question).
pub async fn quote_candidates(db: &Db, set: i64) -> sqlx::Result<Vec<(i64, i64, String, f64, i64, String)>> {
    sqlx::query_as(
        "select x.theme_id, x.survey_id, a.text_value, x.similarity, x.response_id, x.question_id from ( \
           select theme_id, survey_id, similarity, response_id, question_id, \
             row_number() over (partition by theme_id, survey_id order by similarity desc, response_id) as pos \
           from theme_answers ta where theme_set_id = $1 and theme_id is not null and off_topic = 0 \
           and not exists (select 1 from responses r where r.id = ta.response_id and r.safeguarding_flag = 1) \
         ) x join answers a on a.response_id = x.response_id and a.question_id = x.question_id \
         where x.pos <= 12 and a.text_value is not null order by x.theme_id, x.similarity desc, x.response_id",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await
}

/// Which answers of a set a page lists: a theme's, or "Other" (in no theme, or off-topic).
fn placed_in(theme: Option<i64>) -> &'static str {
    match theme {
        Some(_) => "theme_set_id = $1 and theme_id = $2 and off_topic = 0",
        None => "theme_set_id = $1 and (theme_id is null or off_topic = 1) and $2 = 0",
    }
}

/// How many answers are in a theme (or in "Other").
pub async fn count_in(db: &Db, set: i64, theme: Option<i64>) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) from theme_answers where {}", placed_in(theme)))
        .bind(set)
        .bind(theme.unwrap_or(0))
        .fetch_one(&db.pool)
        .await
}

/// An answer in a theme as its page lists it.
#[derive(sqlx::FromRow)]
pub struct PlacedAnswer {
    pub response_id: i64,
    pub question_id: String,
    pub text: String,
    pub survey_id: i64,
    pub stance: String,
    pub off_topic: i64,
    pub reviewed: i64,
    pub source: String,
    pub flagged: i64,
}

/// One page of a theme's answers (or "Other"'s), best match first.
pub async fn answers_placed_in(db: &Db, set: i64, theme: Option<i64>, offset: i64, limit: i64) -> sqlx::Result<Vec<PlacedAnswer>> {
    sqlx::query_as(&format!(
        "select ta.response_id, ta.question_id, a.text_value as text, ta.survey_id, ta.stance, ta.off_topic, ta.reviewed, ta.source, \
         r.safeguarding_flag as flagged from \
         (select response_id, question_id, survey_id, stance, off_topic, reviewed, source, similarity from theme_answers where {} \
          order by similarity desc, response_id, question_id limit $3 offset $4) ta \
         join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
         join responses r on r.id = ta.response_id \
         order by ta.similarity desc, ta.response_id, ta.question_id",
        placed_in(theme)
    ))
    .bind(set)
    .bind(theme.unwrap_or(0))
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
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

// ---- The trail

/// Records a change to a set: by an analyst when `user` is given, else by the engine.
pub async fn audit(conn: &mut AnyConnection, set: i64, user: Option<i64>, action: &str, detail: &str) -> sqlx::Result<()> {
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

/// A set's latest 200 changes: (when, who, engine or analyst, action, detail).
pub async fn trail(db: &Db, set: i64) -> sqlx::Result<Vec<(i64, String, String, String, String)>> {
    sqlx::query_as(
        "select a.at, coalesce(nullif(u.display_name, ''), u.email, ''), a.source, a.action, a.detail from theme_audit a \
         left join users u on u.id = a.user_id where a.theme_set_id = $1 order by a.at desc, a.id desc limit 200",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await
}
