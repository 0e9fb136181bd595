//! Limits on what anyone may write without signing in: starting a response and saving its
//! pages, comments on documents, asking for email updates, joining a co-production group; and on
//! codes that matched nothing. Each write is counted per kind, per client (its address, as [`Client`] reads it) and in
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

/// How many responses may be started in an hour, from one client and from everyone, unless
/// `CHORUS_RESPONSES_PER_HOUR` says otherwise. A whole school, or a network of schools, may share
/// one address, so the per-client figure is for a large school answering in one lesson; the
/// overall one is four times a county's first hour of answers.
pub const RESPONSES_PER_HOUR: (usize, usize) = (2_000, 20_000);

/// Pages saved for each response started, within the limits on saving.
const PAGES_PER_RESPONSE: usize = 10;

/// Starting a response, for the figures `CHORUS_RESPONSES_PER_HOUR` gives (per client, overall).
pub fn response_starts((per_client, overall): (usize, usize)) -> Limit {
    Limit { kind: "response_start", per_client, overall, window: HOUR }
}

/// Saving a page of answers: ten for each response that may be started.
pub fn page_saves((per_client, overall): (usize, usize)) -> Limit {
    Limit {
        kind: "page_save",
        per_client: per_client.saturating_mul(PAGES_PER_RESPONSE),
        overall: overall.saturating_mul(PAGES_PER_RESPONSE),
        window: HOUR,
    }
}

const HOUR: Duration = Duration::from_secs(60 * 60);

/// The slices a busy limit's window is counted in: the window slides a slice at a time.
const SLICES: i64 = 10;

/// The row that counts everyone's writes of a kind (no client's address is a star).
const EVERYONE: &str = "*";

/// Counts one write of a busy kind (starting a response, saving a page) from `client` at `now_ms`,
/// on `conn`: inside the write it limits, so on SQLite it shares that write's group commit and
/// costs no flush of its own. `Some(wait)` when the client, or everyone, is over the limit: then
/// nothing is counted, and the write must not be made.
///
/// Writes are added up in slices (a tenth of the window), two rows a slice however many come: the
/// count is added first and read after, so writes at the same moment all see each other.
pub async fn count_busy(conn: &mut sqlx::AnyConnection, limit: Limit, client: &str, now_ms: i64) -> sqlx::Result<Option<Duration>> {
    let window = limit.window.as_millis() as i64;
    let slice_ms = now_ms - now_ms.rem_euclid(window / SLICES);
    sqlx::query(
        "insert into public_counts (kind, client, slice_ms, n) values ($1, $2, $3, 1), ($1, $4, $3, 1) \
         on conflict (kind, client, slice_ms) do update set n = public_counts.n + 1",
    )
    .bind(limit.kind)
    .bind(client)
    .bind(slice_ms)
    .bind(EVERYONE)
    .execute(&mut *conn)
    .await?;
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "select client, slice_ms, n from public_counts where kind = $1 and client in ($2, $3) and slice_ms > $4 order by slice_ms",
    )
    .bind(limit.kind)
    .bind(client)
    .bind(EVERYONE)
    .bind(slice_ms - window)
    .fetch_all(&mut *conn)
    .await?;
    let mine: Vec<(i64, i64)> = rows.iter().filter(|(c, ..)| c != EVERYONE).map(|(_, at, n)| (*at, *n)).collect();
    let everyone: i64 = rows.iter().filter(|(c, ..)| c == EVERYONE).map(|(.., n)| n).sum();
    let Some(wait) = busy_wait(limit, &mine, everyone, now_ms) else { return Ok(None) };
    sqlx::query("update public_counts set n = n - 1 where kind = $1 and client in ($2, $3) and slice_ms = $4")
        .bind(limit.kind)
        .bind(client)
        .bind(EVERYONE)
        .bind(slice_ms)
        .execute(&mut *conn)
        .await?;
    Ok(Some(wait))
}

/// How long to wait, given the client's counts by slice (oldest first) and everyone's total in the
/// window, this write included; `None` when within both limits.
fn busy_wait(limit: Limit, mine: &[(i64, i64)], everyone: i64, now_ms: i64) -> Option<Duration> {
    let window = limit.window.as_millis() as i64;
    let total: i64 = mine.iter().map(|(_, n)| n).sum();
    let wait_ms = if total > limit.per_client as i64 {
        // Free again once enough of the oldest slices have left the window.
        let over = total - limit.per_client as i64;
        let mut leaving = 0;
        let freed_at = mine.iter().find(|(_, n)| {
            leaving += n;
            leaving >= over
        });
        freed_at.map_or(window, |(at, _)| at + window - now_ms)
    } else if everyone > limit.overall as i64 {
        window / SLICES
    } else {
        return None;
    };
    Some(Duration::from_millis(wait_ms.clamp(1_000, window) as u64))
}

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
    let before = now_ms - LONGEST.as_millis() as i64;
    let gone = sqlx::query("delete from public_writes where at_ms <= $1").bind(before).execute(&db.writer).await?;
    let slices = sqlx::query("delete from public_counts where slice_ms <= $1").bind(before).execute(&db.writer).await?;
    Ok(gone.rows_affected() + slices.rows_affected())
}

/// A page refused for a limit: status 429, with `Retry-After` saying when to try again.
pub fn refused(mut response: axum::response::Response, wait: Duration) -> axum::response::Response {
    *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
    response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(wait.as_secs().max(1)));
    response
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

    async fn count(db: &Db, limit: Limit, client: &'static str, now_ms: i64) -> Option<Duration> {
        db.write(move |conn| Box::pin(async move { Ok(count_busy(conn, limit, client, now_ms).await?) })).await.unwrap()
    }

    #[tokio::test]
    async fn busy_writes_are_counted_in_slices_per_client_and_in_all_and_a_refusal_counts_nothing() {
        let (db, dir) = database().await;
        // Slices of a minute, starting on one.
        let start = crate::db::now_ms() / 60_000 * 60_000;
        for i in 0..3 {
            assert_eq!(count(&db, TEST, "10.0.0.1", start + i * 1_000).await, None);
        }
        // The three are in the first slice, which leaves the window ten minutes after it began.
        assert_eq!(count(&db, TEST, "10.0.0.1", start + 120_000).await, Some(Duration::from_secs(480)));
        assert_eq!(count(&db, TEST, "10.0.0.2", start + 120_000).await, None, "another client goes on");
        assert_eq!(count(&db, UPDATES_SIGN_UP, "10.0.0.1", start + 120_000).await, None, "and another kind");
        assert_eq!(count(&db, TEST, "10.0.0.1", start + 600_000).await, None, "the first slice has left the window");
        // The first slice gone, two are left in the window; three more clients make five, and a
        // sixth is over the overall limit, for a slice.
        for client in ["10.0.0.3", "10.0.0.4", "10.0.0.5"] {
            assert_eq!(count(&db, TEST, client, start + 600_500).await, None);
        }
        assert_eq!(count(&db, TEST, "10.0.0.6", start + 600_500).await, Some(Duration::from_secs(60)));
        let counted: Vec<(String, i64)> =
            sqlx::query_as("select client, sum(n) from public_counts where kind = 'test' group by client order by client")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        let expect = |c: &str, n: i64| (c.to_string(), n);
        assert_eq!(
            counted,
            vec![
                expect("*", 8),
                expect("10.0.0.1", 4),
                expect("10.0.0.2", 1),
                expect("10.0.0.3", 1),
                expect("10.0.0.4", 1),
                expect("10.0.0.5", 1),
                expect("10.0.0.6", 0)
            ]
        );
        // Every slice is deleted once an hour old.
        assert!(forget_expired(&db, start + 3_600_000 + 600_000).await.unwrap() >= 12);
        let left: i64 = sqlx::query_scalar("select count(*) from public_counts").fetch_one(&db.pool).await.unwrap();
        assert_eq!(left, 0, "old slices are deleted");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_wait_for_a_client_over_its_limit_is_until_enough_of_its_oldest_slices_leave() {
        let at = |minute: i64| minute * 60_000;
        // Four over the limit of three (this one included): one must leave, the slice of minute 1.
        assert_eq!(busy_wait(TEST, &[(at(1), 1), (at(4), 3)], 4, at(5)), Some(Duration::from_secs(360)));
        // Two must leave: minute 1's one is not enough, minute 4's are.
        assert_eq!(busy_wait(TEST, &[(at(1), 1), (at(4), 4)], 5, at(5)), Some(Duration::from_secs(540)));
        assert_eq!(busy_wait(TEST, &[(at(4), 3)], 5, at(5)), None);
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
