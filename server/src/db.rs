//! The one data layer over both backends.
//!
//! SQLite is the zero-set-up default; PostgreSQL lets several app servers share one
//! database. Queries go through sqlx's `Any` driver with `$1` parameters, which both
//! backends accept, so each query is written once. Only the migrations differ, since
//! the two disagree on auto-increment columns.

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Which database engine a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("unsupported database URL; use sqlite:// or postgres://")
        }
    }
}

/// The connection pools, built once at start-up and shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    /// For reads (and for writes on PostgreSQL).
    pub pool: AnyPool,
    /// For writes. On SQLite this is a single connection: SQLite allows one writer
    /// at a time, and writers on several connections wait on each other's locks
    /// with sleeps that cost far more than queueing for one connection. On
    /// PostgreSQL it is the same pool as `pool`.
    pub writer: AnyPool,
    pub backend: Backend,
    /// Published survey versions by id, parsed; they never change once published.
    pub versions: VersionCache,
    /// Figures already counted, reused until a response is started, sent or withdrawn.
    pub figures: FiguresCache,
    /// Each survey's sent responses in memory, for counting; see [`crate::results::tally::Tally`].
    pub tallies: Tallies,
    /// On SQLite, the queue that commits respondents' writes in groups.
    committer: Option<crate::respond::commit::Committer>,
}

pub type VersionCache = Arc<RwLock<HashMap<i64, (i64, Arc<app::survey::SurveyDefinition>)>>>;

/// Each survey's tally, locked while it is brought up to date and counted.
pub type Tallies = Arc<std::sync::Mutex<HashMap<i64, Arc<tokio::sync::Mutex<crate::results::tally::Tally>>>>>;

/// Figures already counted, by (survey, filter, breakdown), with the state of the survey's
/// responses they were counted from; see `results::queries::cached_figures`.
pub type FiguresCache = Arc<std::sync::Mutex<HashMap<(i64, String, String, String), crate::results::counts::CachedFigures>>>;

impl Db {
    /// Connects (creating a SQLite file and its folder if needed) and brings the
    /// schema up to date.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .context("reading DATABASE_URL")?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await
            .context("connecting to the database")?;
        let writer = match backend {
            Backend::Sqlite => {
                // WAL lets readers carry on while the writer commits; the setting is kept
                // in the file. Every commit is flushed to disk (synchronous FULL), so
                // nothing anyone was told is saved can be lost, even to a power cut;
                // respondents' writes share flushes through group commit (`Db::write`).
                pool.execute("pragma journal_mode = wal").await.context("enabling WAL")?;
                AnyPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("pragma synchronous = full").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await
                    .context("connecting to the database")?
            }
            Backend::Postgres => pool.clone(),
        };
        let committer = (backend == Backend::Sqlite).then(|| crate::respond::commit::Committer::start(writer.clone()));
        let db = Self {
            pool,
            writer,
            backend,
            versions: VersionCache::default(),
            figures: FiguresCache::default(),
            tallies: Tallies::default(),
            committer,
        };
        db.migrate().await?;
        let hashed = crate::respond::queries::hash_plain_codes(&db).await.context("hashing the codes of an earlier release")?;
        if hashed > 0 {
            tracing::info!(responses = hashed, "hashed the resume and receipt codes an earlier release kept in plain text");
        }
        let linked = crate::outcomes::queries::adopt_old_tags(&db).await.context("linking questions to the outcomes framework")?;
        if linked > 0 {
            tracing::info!(links = linked, "turned the outcome statements typed on questions into links to the outcomes framework");
        }
        if backend == Backend::Sqlite {
            // Up-to-date statistics let SQLite pick the right index for the figures;
            // cheap when little has changed since the last run.
            db.writer.execute("pragma optimize = 0x10002").await.context("optimising the database")?;
        }
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.writer).await,
            Backend::Postgres => sqlx::migrate!("../migrations/postgres").run(&self.writer).await,
        }
        .context("running database migrations")
    }

    /// Runs `work` as one atomic write and returns once it is committed. On SQLite
    /// it joins the next group commit; on PostgreSQL it is its own transaction.
    pub async fn write<R, F>(&self, work: F) -> anyhow::Result<R>
    where
        R: Send + 'static,
        F: for<'c> FnOnce(&'c mut sqlx::AnyConnection) -> crate::respond::commit::WriteFuture<'c, R> + Send + 'static,
    {
        self.write_with(false, work).await
    }

    /// [`Db::write`] for work that needs no savepoint inside the group transaction: one
    /// statement (atomic by itself), or a few where one failing leaves the others harmless
    /// (a limit's count before the write it limits).
    pub async fn write_statement<R, F>(&self, work: F) -> anyhow::Result<R>
    where
        R: Send + 'static,
        F: for<'c> FnOnce(&'c mut sqlx::AnyConnection) -> crate::respond::commit::WriteFuture<'c, R> + Send + 'static,
    {
        self.write_with(true, work).await
    }

    async fn write_with<R, F>(&self, single: bool, work: F) -> anyhow::Result<R>
    where
        R: Send + 'static,
        F: for<'c> FnOnce(&'c mut sqlx::AnyConnection) -> crate::respond::commit::WriteFuture<'c, R> + Send + 'static,
    {
        match &self.committer {
            Some(committer) => committer.write(single, work).await,
            None => {
                use futures_util::FutureExt;
                let mut tx = self.writer.begin().await?;
                // A panicking write is an error like any other; its transaction rolls back.
                let value = std::panic::AssertUnwindSafe(work(&mut tx))
                    .catch_unwind()
                    .await
                    .map_err(|_| anyhow::anyhow!("a database write panicked"))??;
                tx.commit().await?;
                Ok(value)
            }
        }
    }

    /// Closes both pools.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// Whether the database answers a trivial query within two seconds (and, on
    /// SQLite, the writer is taking writes).
    pub async fn is_healthy(&self) -> bool {
        if self.committer.as_ref().is_some_and(|c| !c.is_running()) {
            return false;
        }
        let query = sqlx::query_scalar::<_, i64>("select cast(1 as bigint)").fetch_one(&self.pool);
        matches!(tokio::time::timeout(Duration::from_secs(2), query).await, Ok(Ok(1)))
    }
}

/// Makes sure the folder of a SQLite file exists and that the file is created on
/// first run.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// The `values` of a statement that writes or matches many rows at once: `rows` groups of
/// `per_row` numbered parameters, numbered on from `first`: `($2, $3), ($4, $5)`.
pub fn parameter_rows(rows: usize, per_row: usize, first: usize) -> String {
    let row = |i: usize| {
        let cells: Vec<String> = (0..per_row).map(|k| format!("${}", first + i * per_row + k)).collect();
        format!("({})", cells.join(", "))
    };
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// Seconds since 1970, the form every timestamp takes in the database (both backends
/// store it as a 64-bit integer, which sqlx's `Any` driver reads the same way).
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Milliseconds since 1970, where order within a second matters (sign-in against the moment an
/// account's sessions stopped counting).
pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Midnight (UTC) of the day `at` (seconds since 1970) falls on: all that is kept of when a
/// member of the public did something, where the time of day could help tell who they are.
pub fn day_of(at: i64) -> i64 {
    at - at.rem_euclid(86_400)
}

/// A date in words, e.g. "28 November 2026".
pub fn date_in_words(unix_seconds: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_seconds) {
        Ok(t) => format!("{} {} {}", t.day(), t.month(), t.year()),
        Err(_) => "an unknown date".into(),
    }
}

/// A moment in words, to the minute, in UTC: "28 November 2026, 09:05 UTC".
pub fn time_in_words(unix_seconds: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_seconds) {
        Ok(t) => format!("{}, {:02}:{:02} UTC", date_in_words(unix_seconds), t.hour(), t.minute()),
        Err(_) => "an unknown time".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_rows_number_on_from_the_first() {
        assert_eq!(parameter_rows(2, 2, 2), "($2, $3), ($4, $5)");
        assert_eq!(parameter_rows(1, 3, 1), "($1, $2, $3)");
        assert_eq!(parameter_rows(0, 3, 1), "");
    }

    #[test]
    fn sqlite_urls_are_opened_in_create_mode() {
        assert_eq!(prepare_sqlite_url("sqlite::memory:").unwrap(), "sqlite://:memory:?mode=rwc");
        let dir = std::env::temp_dir().join(format!("chorus-db-{}", rand::random::<u64>()));
        let url = format!("sqlite://{}/x.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir());
        assert_eq!(prepare_sqlite_url(&format!("{url}?mode=ro")).unwrap(), format!("{url}?mode=ro"));
    }

    #[test]
    fn backends_are_told_apart_by_scheme() {
        assert_eq!(Backend::of_url("sqlite://a.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert!(Backend::of_url("mysql://h/db").is_err());
    }

    #[test]
    fn dates_read_as_words() {
        assert_eq!(date_in_words(1_795_824_000), "28 November 2026");
        assert_eq!(time_in_words(1_795_824_000 + 9 * 3600 + 5 * 60 + 59), "28 November 2026, 09:05 UTC");
    }
}
