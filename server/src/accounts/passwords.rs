//! Password hashing with argon2id, always off the async executor: a hash takes tens
//! of milliseconds of CPU, which would stall every other request on that thread. Only
//! [`AT_ONCE`] run at a time, each holding 19 MiB: a flood of sign-in attempts waits its turn,
//! and what cannot get one within [`LONGEST_WAIT`] is refused as busy rather than piling up.

use crate::web::error::AppError;
use anyhow::Context;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How many password hashes run at once.
pub const AT_ONCE: usize = 4;
/// How long a password waits for a turn before the request is refused as busy.
pub const LONGEST_WAIT: Duration = Duration::from_secs(5);

static TURNS: Semaphore = Semaphore::const_new(AT_ONCE);

/// A turn to hash, or [`AppError::Busy`] when none came in time.
async fn turn() -> Result<SemaphorePermit<'static>, AppError> {
    match tokio::time::timeout(LONGEST_WAIT, TURNS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            tracing::warn!("a password waited too long for its turn to be hashed");
            Err(AppError::Busy)
        }
    }
}

/// Hashes a new password into a PHC string.
pub async fn hash(password: String) -> Result<String, AppError> {
    let turn = turn().await?;
    // The turn is held by the hashing itself, so a request given up halfway frees it only when
    // the hash is done.
    Ok(tokio::task::spawn_blocking(move || {
        let _turn = turn;
        hash_blocking(&password)
    })
    .await
    .context("password hashing task")??)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Checks `password` against `stored`. When there is no account (`stored` is `None`)
/// it checks against a fixed dummy hash instead, so a wrong email takes as long to
/// refuse as a wrong password and response times do not reveal who has an account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let turn = turn().await?;
    let checked = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("reading a stored hash: {e}"))?;
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        anyhow::Ok(known && matches)
    })
    .await
    .context("password verification task")??;
    Ok(checked)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("a password no account has").expect("argon2 hashes a constant"))
}

/// Computes the dummy hash ahead of the first sign-in.
pub fn warm_up() {
    let _ = dummy_hash();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(stored.clone())).await.unwrap());
        assert!(!verify("wrong horse battery".into(), Some(stored)).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_flood_of_checks_runs_a_few_at_a_time_and_none_is_refused_while_turns_come() {
        warm_up();
        let stored = hash("correct horse battery".into()).await.unwrap();
        let checks: Vec<_> = (0..3 * AT_ONCE).map(|_| tokio::spawn(verify("wrong".into(), Some(stored.clone())))).collect();
        // While they run, no more than AT_ONCE hold a turn.
        let mut most_running = 0;
        while checks.iter().any(|c| !c.is_finished()) {
            most_running = most_running.max(AT_ONCE - TURNS.available_permits());
            tokio::task::yield_now().await;
        }
        for check in checks {
            assert!(!check.await.unwrap().unwrap());
        }
        assert!(most_running <= AT_ONCE && most_running > 0, "{most_running}");
    }

    #[tokio::test]
    async fn no_password_matches_a_missing_account() {
        assert!(!verify("a password no account has".into(), None).await.unwrap());
    }
}
