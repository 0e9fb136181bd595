//! Queries on `audit_log`.

use crate::db::Db;

/// One entry, with who made it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Entry {
    pub at: i64,
    pub email: String,
    pub display_name: String,
    pub action: String,
    pub address: String,
}

pub async fn insert(db: &Db, user_id: i64, action: &'static str, address: &str) -> anyhow::Result<()> {
    let (now, address) = (crate::db::now(), address.to_owned());
    db.write_statement(move |conn| {
        Box::pin(async move {
            sqlx::query("insert into audit_log (at, user_id, action, address) values ($1, $2, $3, $4)")
                .bind(now)
                .bind(user_id)
                .bind(action)
                .bind(address)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    })
    .await
}

pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from audit_log").fetch_one(&db.pool).await
}

/// Entries newest first, `limit` of them after skipping `offset`.
pub async fn page(db: &Db, limit: i64, offset: i64) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as(
        "select a.at, u.email, u.display_name, a.action, a.address from audit_log a join users u on u.id = a.user_id \
         order by a.id desc limit $1 offset $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}
