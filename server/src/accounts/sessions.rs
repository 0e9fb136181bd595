//! Queries on `sessions`: tower-sessions records, shared by every app server that
//! uses the same database.

use crate::db::Db;

/// Adds a record unless its id is taken; returns whether it was added.
pub async fn insert_new(db: &Db, id: &str, data: &str, expiry: i64) -> sqlx::Result<bool> {
    let result = sqlx::query("insert into sessions (id, data, expiry_date) values ($1, $2, $3) on conflict (id) do nothing")
        .bind(id)
        .bind(data)
        .bind(expiry)
        .execute(&db.writer)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn upsert(db: &Db, id: &str, data: &str, expiry: i64) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sessions (id, data, expiry_date) values ($1, $2, $3) \
         on conflict (id) do update set data = excluded.data, expiry_date = excluded.expiry_date",
    )
    .bind(id)
    .bind(data)
    .bind(expiry)
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// The data and expiry of a record that has not yet expired.
pub async fn find_live(db: &Db, id: &str, now: i64) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as("select data, expiry_date from sessions where id = $1 and expiry_date > $2")
        .bind(id)
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}

pub async fn delete(db: &Db, id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from sessions where id = $1").bind(id).execute(&db.writer).await?;
    Ok(())
}

/// Removes expired records; returns how many.
pub async fn delete_expired(db: &Db, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("delete from sessions where expiry_date <= $1").bind(now).execute(&db.writer).await?.rows_affected())
}
