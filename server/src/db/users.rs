//! Queries on `users`: staff accounts.

use super::Db;
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

const COLUMNS: &str = "id, email, display_name, password_hash, role, created_at";

/// An account that may sign in, by email.
pub async fn find_active_by_email(db: &Db, email: &Email) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from users where email = $1 and disabled_at is null"))
        .bind(email.as_str())
        .fetch_optional(&db.pool)
        .await
}

/// An account that may sign in, by id.
pub async fn find_active_by_id(db: &Db, id: i64) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from users where id = $1 and disabled_at is null"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Every account, oldest first.
pub async fn list(db: &Db) -> sqlx::Result<Vec<UserRecord>> {
    sqlx::query_as(&format!("select {COLUMNS} from users order by created_at, id")).fetch_all(&db.pool).await
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
pub async fn insert(
    db: &Db,
    email: &Email,
    display_name: &str,
    password_hash: &str,
    role: Role,
) -> Result<i64, InsertUserError> {
    let result = sqlx::query_scalar(
        "insert into users (email, display_name, password_hash, role, created_at) \
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(email.as_str())
    .bind(display_name)
    .bind(password_hash)
    .bind(role.as_str())
    .bind(super::now())
    .fetch_one(&db.writer)
    .await;
    match result {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(InsertUserError::EmailTaken),
        Err(e) => Err(e.into()),
    }
}
