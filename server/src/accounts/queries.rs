//! Every query of staff accounts: `users`, their sessions (tower-sessions records, shared by
//! every app server that uses the same database), and sign-in attempts for the throttle.

use crate::db::Db;
use crate::domain::{Email, Role};

/// A staff account as stored. `Debug` leaves out the password hash.
#[derive(Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub created_at: i64,
    /// Sessions of this account that signed in before this time (milliseconds since 1970) no
    /// longer count; set when it is disabled and when its password is set through a link.
    pub sessions_valid_from: Option<i64>,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("password_hash", &"[redacted]")
            .finish()
    }
}

impl UserRecord {
    /// The account's role; an unknown stored value grants nothing beyond viewing.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }
}

const COLUMNS: &str = "id, email, display_name, password_hash, role, created_at, sessions_valid_from";

/// An account that may sign in, by email.
pub async fn find_active_by_email(db: &Db, email: &Email) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from users where email = $1 and disabled_at is null"))
        .bind(email.as_str())
        .fetch_optional(&db.pool)
        .await
}

/// An account that may sign in, by id.
pub async fn find_active_by_id(db: &Db, id: i64) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from users where id = $1 and disabled_at is null")).bind(id).fetch_optional(&db.pool).await
}

/// Why an account could not be added.
#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("an account with that email address already exists")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Adds an account and returns its id.
pub async fn insert(db: &Db, email: &Email, display_name: &str, password_hash: &str, role: Role) -> Result<i64, InsertUserError> {
    let result = sqlx::query_scalar(
        "insert into users (email, display_name, password_hash, role, created_at) \
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(email.as_str())
    .bind(display_name)
    .bind(password_hash)
    .bind(role.as_str())
    .bind(crate::db::now())
    .fetch_one(&db.writer)
    .await;
    match result {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(InsertUserError::EmailTaken),
        Err(e) => Err(e.into()),
    }
}

/// A staff account as the accounts pages show it (no password hash).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

impl Account {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }
}

const ACCOUNT: &str = "id, email, display_name, role, created_at, disabled_at";

/// Every account, disabled ones included, oldest first.
pub async fn accounts(db: &Db) -> sqlx::Result<Vec<Account>> {
    sqlx::query_as(&format!("select {ACCOUNT} from users order by created_at, id")).fetch_all(&db.pool).await
}

/// One account, disabled or not.
pub async fn account(db: &Db, id: i64) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(&format!("select {ACCOUNT} from users where id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// Gives an account another role; it applies from the account's next request. `actor`, who makes
/// the change, must still be an enabled administrator when it is made: two administrators
/// demoting each other at the same moment cannot leave none.
pub async fn set_role(db: &Db, actor: i64, id: i64, role: Role) -> anyhow::Result<bool> {
    as_administrator(db, actor, move |tx| {
        Box::pin(async move {
            sqlx::query("update users set role = $1 where id = $2").bind(role.as_str()).bind(id).execute(&mut **tx).await?;
            Ok(())
        })
    })
    .await
}

/// Disables an account (it can no longer sign in, and its sessions end for good) or enables
/// it again; `actor` as for [`set_role`].
pub async fn set_disabled(db: &Db, actor: i64, id: i64, disabled: bool) -> anyhow::Result<bool> {
    as_administrator(db, actor, move |tx| {
        Box::pin(async move {
            if disabled {
                sqlx::query("update users set disabled_at = $1, sessions_valid_from = $2 where id = $3")
                    .bind(crate::db::now())
                    .bind(crate::db::now_ms())
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            } else {
                sqlx::query("update users set disabled_at = null where id = $1").bind(id).execute(&mut **tx).await?;
            }
            Ok(())
        })
    })
    .await
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Runs `change` in a transaction that first locks `actor`'s own row, and only while `actor` is
/// an enabled administrator; false (and nothing changed) when they no longer are.
async fn as_administrator<F>(db: &Db, actor: i64, change: F) -> anyhow::Result<bool>
where
    F: for<'t> FnOnce(&'t mut Tx) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + 't>>,
{
    let mut tx = db.writer.begin().await?;
    let still = sqlx::query("update users set role = role where id = $1 and role = 'admin' and disabled_at is null")
        .bind(actor)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if still != 1 {
        return Ok(false);
    }
    change(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// How long a link to set a password works.
pub const PASSWORD_LINK_DAYS: i64 = 7;

/// Makes a one-time link secret for `user_id` to set a password, valid for
/// [`PASSWORD_LINK_DAYS`]. Only its hash is stored; the secret goes in the link.
pub async fn make_password_link(db: &Db, user_id: i64, created_by: i64) -> sqlx::Result<String> {
    let secret = crate::web::codes::secret_token();
    let now = crate::db::now();
    sqlx::query("insert into password_links (token_hash, user_id, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5)")
        .bind(crate::web::codes::hash_secret(&secret))
        .bind(user_id)
        .bind(created_by)
        .bind(now)
        .bind(now + PASSWORD_LINK_DAYS * 86_400)
        .execute(&db.writer)
        .await?;
    Ok(secret)
}

/// The account a password link is for, while the link is unused, unexpired and the
/// account enabled.
pub async fn password_link(db: &Db, secret: &str) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(&format!(
        "select {} from users u join password_links l on l.user_id = u.id \
         where l.token_hash = $1 and l.used_at is null and l.expires_at > $2 and u.disabled_at is null",
        ACCOUNT.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(crate::web::codes::hash_secret(secret))
    .bind(crate::db::now())
    .fetch_optional(&db.pool)
    .await
}

/// Sets the password through a link, once: the link and any other open links for the
/// account are used up. False when the link no longer works.
pub async fn use_password_link(db: &Db, secret: &str, password_hash: &str) -> anyhow::Result<bool> {
    let now = crate::db::now();
    let mut tx = db.writer.begin().await?;
    let user_id: Option<i64> = sqlx::query_scalar(
        "update password_links set used_at = $1 where token_hash = $2 and used_at is null and expires_at > $1 \
         and user_id in (select id from users where disabled_at is null) returning user_id",
    )
    .bind(now)
    .bind(crate::web::codes::hash_secret(secret))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(user_id) = user_id else { return Ok(false) };
    sqlx::query("update users set password_hash = $1, sessions_valid_from = $2 where id = $3")
        .bind(password_hash)
        .bind(crate::db::now_ms())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update password_links set used_at = $1 where user_id = $2 and used_at is null")
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

// ---- Sessions

/// Adds a record unless its id is taken; returns whether it was added.
pub async fn insert_session(db: &Db, id: &str, data: &str, expiry: i64) -> sqlx::Result<bool> {
    let result = sqlx::query("insert into sessions (id, data, expiry_date) values ($1, $2, $3) on conflict (id) do nothing")
        .bind(id)
        .bind(data)
        .bind(expiry)
        .execute(&db.writer)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn upsert_session(db: &Db, id: &str, data: &str, expiry: i64) -> sqlx::Result<()> {
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
pub async fn find_live_session(db: &Db, id: &str, now: i64) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as("select data, expiry_date from sessions where id = $1 and expiry_date > $2")
        .bind(id)
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}

pub async fn delete_session(db: &Db, id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from sessions where id = $1").bind(id).execute(&db.writer).await?;
    Ok(())
}

/// Removes expired records; returns how many.
pub async fn delete_expired_sessions(db: &Db, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("delete from sessions where expiry_date <= $1").bind(now).execute(&db.writer).await?.rows_affected())
}

// ---- Sign-in attempts

/// Counts an attempt; returns its id.
pub async fn record_attempt(db: &Db, email: &str, client: &str, at_ms: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("insert into sign_in_attempts (email, client, at_ms) values ($1, $2, $3) returning id")
        .bind(email)
        .bind(client)
        .bind(at_ms)
        .fetch_one(&db.writer)
        .await
}

/// The attempts with an address from a client since `since_ms`, newest first: (id, at).
pub async fn attempts_since(db: &Db, email: &str, client: &str, since_ms: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as("select id, at_ms from sign_in_attempts where email = $1 and client = $2 and at_ms > $3 order by at_ms desc, id desc")
        .bind(email)
        .bind(client)
        .bind(since_ms)
        .fetch_all(&db.writer)
        .await
}

/// The times of the attempts since `since_ms` from a client with any address, or (`by_client`
/// false) with an address from any client, leaving out attempt `leaving_out`; newest first, at
/// most `limit`.
pub async fn attempt_times(db: &Db, by_client: bool, key: &str, since_ms: i64, leaving_out: i64, limit: usize) -> sqlx::Result<Vec<i64>> {
    let column = if by_client { "client" } else { "email" };
    sqlx::query_scalar(&format!(
        "select at_ms from sign_in_attempts where {column} = $1 and at_ms > $2 and id <> $3 order by at_ms desc limit $4"
    ))
    .bind(key)
    .bind(since_ms)
    .bind(leaving_out)
    .bind(limit as i64)
    .fetch_all(&db.writer)
    .await
}

pub async fn delete_attempt(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("delete from sign_in_attempts where id = $1").bind(id).execute(&db.writer).await?;
    Ok(())
}

/// Deletes attempts made at or before `until_ms`; returns how many.
pub async fn delete_attempts_until(db: &Db, until_ms: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("delete from sign_in_attempts where at_ms <= $1").bind(until_ms).execute(&db.writer).await?.rows_affected())
}

/// Deletes the attempts with an address, from one client or from every client.
pub async fn delete_attempts(db: &Db, email: &str, client: Option<&str>) -> sqlx::Result<()> {
    match client {
        Some(client) => {
            sqlx::query("delete from sign_in_attempts where email = $1 and client = $2")
                .bind(email)
                .bind(client)
                .execute(&db.writer)
                .await?
        }
        None => sqlx::query("delete from sign_in_attempts where email = $1").bind(email).execute(&db.writer).await?,
    };
    Ok(())
}
