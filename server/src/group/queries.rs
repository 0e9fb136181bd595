//! Every query about the co-production group's members.

use crate::db::Db;

/// A member as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MemberRecord {
    pub id: i64,
    pub engagement_id: i64,
    pub name: String,
    pub contact: String,
    pub audience: String,
    pub consented_on: i64,
}

const COLUMNS: &str = "id, engagement_id, name, contact, audience, consented_on";

/// A new member; their id.
pub async fn insert(
    db: &Db,
    engagement_id: i64,
    name: &str,
    contact: &str,
    audience: &str,
    consented_on: i64,
    link_hash: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into group_members (engagement_id, name, contact, audience, consented_on, link_hash) values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(engagement_id)
    .bind(name)
    .bind(contact)
    .bind(audience)
    .bind(consented_on)
    .bind(link_hash)
    .fetch_one(&db.writer)
    .await
}

pub async fn by_link(db: &Db, link_hash: &str) -> sqlx::Result<Option<MemberRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from group_members where link_hash = $1")).bind(link_hash).fetch_optional(&db.pool).await
}

/// An engagement's members, newest first, each with how many comments they made as a member.
pub async fn list(db: &Db, engagement_id: i64) -> sqlx::Result<Vec<(MemberRecord, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        member: MemberRecord,
        comments: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select m.id, m.engagement_id, m.name, m.contact, m.audience, m.consented_on, \
         cast((select count(*) from document_feedback f where f.member_id = m.id) as bigint) as comments \
         from group_members m where m.engagement_id = $1 order by m.id desc",
    )
    .bind(engagement_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.member, r.comments)).collect())
}

/// Deletes a member; what they said stays, no longer theirs.
pub async fn leave(db: &Db, id: i64) -> sqlx::Result<()> {
    let mut tx = db.writer.begin().await?;
    sqlx::query("update document_feedback set member_id = null where member_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("delete from group_members where id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await
}
