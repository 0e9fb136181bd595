//! Limits on what anyone may write without signing in: comments on documents, asking for email
//! updates, joining a co-production group; and on codes that matched nothing. Each write is counted per kind, per client (its address, as [`Client`] reads it) and in
//! all, in the database, so every app server sharing it counts together and a restart forgets
//! none. A write over a limit is refused with how long to wait; the page that refuses it keeps what
//! the person typed.
//!
//! Per-client limits are set for a school, where a whole class shares one address: generous
//! enough for thirty children at once, too tight for a script to bury real comments under
//! thousands of made-up ones. The overall limit stops a spread-out flood.

use crate::db::Db;
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

/// How many writes of one kind are let through in a window.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub kind: &'static str,
    pub per_client: usize,
    pub overall: usize,
    pub window: Duration,
}

/// Reactions and comments on a document's sections.
pub const DOCUMENT_FEEDBACK: Limit =
    Limit { kind: "document_feedback", per_client: 120, overall: 2_000, window: Duration::from_secs(60 * 60) };

/// Asking for email updates: each sends an email to the address typed.
pub const UPDATES_SIGN_UP: Limit = Limit { kind: "updates_sign_up", per_client: 20, overall: 500, window: Duration::from_secs(60 * 60) };

/// Joining an engagement's co-production group.
pub const GROUP_JOIN: Limit = Limit { kind: "group_join", per_client: 20, overall: 500, window: Duration::from_secs(60 * 60) };

/// Codes that matched nothing, typed at `/resume`, `/withdraw` and `/code`, together: a class
/// sharing one address mistypes a few; a script guessing codes makes thousands. Only wrong codes
/// count, so a whole school starting with its right code is never held up.
pub const WRONG_CODES: Limit = Limit { kind: "wrong_code", per_client: 60, overall: 2_000, window: Duration::from_secs(15 * 60) };

/// The longest window of any limit: rows older than this are deleted.
const LONGEST: Duration = Duration::from_secs(60 * 60);

/// The client a request came from, as far as it can be trusted (see
/// [`crate::accounts::throttle::client_address`]).
#[derive(Clone, Debug)]
pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let forwarded: Vec<&str> = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        Ok(Client(crate::accounts::throttle::client_address(peer, &forwarded, state.config.trusted_proxies)))
    }
}

/// Counts a write of `limit`'s kind from `client` at `now_ms`. `Ok(Err(wait))` when the client, or
/// everyone together, has already made as many as the limit allows in its window: the write is
/// not counted, and may be tried again after `wait`.
///
/// The write is counted first and the counts read after, so writes at the same moment, on this
/// server or another, all see each other.
pub async fn allow(db: &Db, limit: Limit, client: &str, now_ms: i64) -> anyhow::Result<Result<(), Duration>> {
    forget_expired(db, now_ms).await?;
    let id: i64 = sqlx::query_scalar("insert into public_writes (kind, client, at_ms) values ($1, $2, $3) returning id")
        .bind(limit.kind)
        .bind(client)
        .bind(now_ms)
        .fetch_one(&db.writer)
        .await?;
    let Some(wait) = wait_now(db, limit, client, now_ms, id).await? else { return Ok(Ok(())) };
    sqlx::query("delete from public_writes where id = $1").bind(id).execute(&db.writer).await?;
    Ok(Err(wait))
}

/// How long to wait, given the times of the client's latest writes in the window (newest first,
/// at most `per_client`) and how many everyone made in it; `None` when under both limits.
fn wait(limit: Limit, mine: &[i64], everyone: i64, now_ms: i64) -> Option<Duration> {
    let window = limit.window.as_millis() as i64;
    let wait_ms = if mine.len() >= limit.per_client {
        // Free again once the oldest of the last `per_client` is a window old.
        mine[limit.per_client - 1] + window - now_ms
    } else if everyone >= limit.overall as i64 {
        // Everyone together: a tenth of the window, as the oldest leave it.
        window / 10
    } else {
        return None;
    };
    Some(Duration::from_millis(wait_ms.clamp(1_000, window) as u64))
}

/// How long `client` must wait before `limit`'s kind is let through again, counting nothing:
/// `None` when it may go ahead now. For checking before a step whose failures alone are then
/// counted with [`allow`].
pub async fn held(db: &Db, limit: Limit, client: &str, now_ms: i64) -> anyhow::Result<Option<Duration>> {
    // Ids start at 1: nothing is left out.
    wait_now(db, limit, client, now_ms, 0).await
}

/// How long `client` must wait, counting the writes of `limit`'s kind in its window but the one
/// numbered `leaving_out`.
async fn wait_now(db: &Db, limit: Limit, client: &str, now_ms: i64, leaving_out: i64) -> anyhow::Result<Option<Duration>> {
    let since = now_ms - limit.window.as_millis() as i64;
    let mine: Vec<i64> = sqlx::query_scalar(
        "select at_ms from public_writes where kind = $1 and client = $2 and at_ms > $3 and id <> $4 order by at_ms desc limit $5",
    )
    .bind(limit.kind)
    .bind(client)
    .bind(since)
    .bind(leaving_out)
    .bind(limit.per_client as i64)
    .fetch_all(&db.writer)
    .await?;
    let everyone: i64 = sqlx::query_scalar("select count(*) from public_writes where kind = $1 and at_ms > $2 and id <> $3")
        .bind(limit.kind)
        .bind(since)
        .bind(leaving_out)
        .fetch_one(&db.writer)
        .await?;
    Ok(wait(limit, &mine, everyone, now_ms))
}

/// Deletes the counts older than the longest window, so no client's address is kept longer than
/// it is needed: on every write, and every few minutes. Returns how many went.
pub async fn forget_expired(db: &Db, now_ms: i64) -> anyhow::Result<u64> {
    let gone =
        sqlx::query("delete from public_writes where at_ms <= $1").bind(now_ms - LONGEST.as_millis() as i64).execute(&db.writer).await?;
    Ok(gone.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn database() -> (Db, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("chorus-limits-{}-{}", std::process::id(), rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("chorus.db").display())).await.unwrap();
        (db, dir)
    }

    const TEST: Limit = Limit { kind: "test", per_client: 3, overall: 5, window: Duration::from_secs(600) };

    #[tokio::test]
    async fn a_client_is_held_to_its_limit_until_its_oldest_write_is_a_window_old_and_everyone_to_the_overall_one() {
        let (db, dir) = database().await;
        let start = crate::db::now_ms();
        for i in 0..3 {
            assert!(allow(&db, TEST, "10.0.0.1", start + i * 1_000).await.unwrap().is_ok());
        }
        let wait = allow(&db, TEST, "10.0.0.1", start + 60_000).await.unwrap().unwrap_err();
        assert_eq!(wait, Duration::from_secs(540));
        assert!(allow(&db, TEST, "10.0.0.2", start + 60_000).await.unwrap().is_ok(), "another client is not held back");
        assert!(allow(&db, UPDATES_SIGN_UP, "10.0.0.1", start + 60_000).await.unwrap().is_ok(), "nor is another kind of write");
        assert!(allow(&db, TEST, "10.0.0.1", start + 600_000).await.unwrap().is_ok(), "the first write has left the window");
        // Four in the window now, and a fifth from a new client reaches the overall limit, so
        // a sixth client is refused however little it has written.
        assert!(allow(&db, TEST, "10.0.0.3", start + 600_500).await.unwrap().is_ok());
        let busy = allow(&db, TEST, "10.0.0.4", start + 600_500).await.unwrap().unwrap_err();
        assert_eq!(busy, Duration::from_secs(60));
        let refused: i64 =
            sqlx::query_scalar("select count(*) from public_writes where client = '10.0.0.4'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(refused, 0, "a refused write is not counted");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn writes_at_the_same_moment_get_no_more_through_than_the_limit() {
        let (db, dir) = database().await;
        let now = crate::db::now_ms();
        let tries = (0..12).map(|_| allow(&db, TEST, "10.0.0.1", now));
        let through = futures_util::future::join_all(tries).await.into_iter().filter(|r| matches!(r, Ok(Ok(())))).count();
        assert!(through <= 3, "{through} got through");
        let _ = std::fs::remove_dir_all(dir);
    }
}
