//! Sessions kept in the application's own database, on either backend, so that two
//! app servers behind a load balancer share them and a restart signs no one out.
//! Written here because tower-sessions' sqlx store works on one backend, not through the `Any`
//! driver both of ours go through.

use crate::db::{self, Db};
use async_trait::async_trait;
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Deletes expired sessions, and sign-in attempts and public writes past their window, every `period` until
    /// `shutdown` fires.
    pub async fn delete_expired_until(self, period: Duration, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        let mut ticker = tokio::time::interval(period);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    match crate::accounts::queries::delete_expired_sessions(&self.db, db::now()).await {
                        Ok(0) => {}
                        Ok(n) => tracing::debug!(deleted = n, "deleted expired sessions"),
                        Err(e) => tracing::warn!(error = %e, "could not delete expired sessions"),
                    }
                    if let Err(e) = crate::accounts::throttle::forget_expired(&self.db, db::now_ms()).await {
                        tracing::warn!(error = %e, "could not delete old sign-in attempts");
                    }
                    if let Err(e) = crate::web::limits::forget_expired(&self.db, db::now_ms()).await {
                        tracing::warn!(error = %e, "could not delete old counts of public writes");
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
    }
}

fn backend(e: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = encode(record)?;
        // Ids are 128 random bits, so a clash is all but impossible; still, never
        // hand one person another's session.
        while !crate::accounts::queries::insert_session(&self.db, &record.id.to_string(), &data, record.expiry_date.unix_timestamp())
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        crate::accounts::queries::upsert_session(&self.db, &record.id.to_string(), &encode(record)?, record.expiry_date.unix_timestamp())
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some((data, expiry)) =
            crate::accounts::queries::find_live_session(&self.db, &id.to_string(), db::now()).await.map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expiry).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        crate::accounts::queries::delete_session(&self.db, &id.to_string()).await.map_err(backend)
    }
}
