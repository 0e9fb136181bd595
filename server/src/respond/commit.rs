//! Group commit for SQLite: respondents' writes queue for one writer task, which runs
//! everything waiting in one transaction and flushes it to disk once. Each write
//! still succeeds or fails on its own (it runs inside a savepoint), and nobody hears
//! "saved" until the transaction holding their write is on disk.
//!
//! Every commit is flushed (`synchronous = full`), so a power cut loses nothing a
//! respondent was told is saved; under load, one flush serves many respondents.

use futures_util::FutureExt;
use sqlx::error::ErrorKind;
use sqlx::{Acquire, AnyConnection, AnyPool};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// A write's work, given the connection it runs on.
pub type WriteFuture<'c, R> = Pin<Box<dyn Future<Output = anyhow::Result<R>> + Send + 'c>>;

/// Hands a write its outcome once its transaction has committed (or failed to).
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;
/// A queued write: runs on the group's connection and returns how to deliver its
/// outcome, and whether it left the group's transaction in doubt.
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> Pin<Box<dyn Future<Output = (Deliver, bool)> + Send + 'c>> + Send>;

/// The most writes one transaction takes: enough to share a flush widely, few
/// enough that the first in the queue never waits long.
const MAX_BATCH: usize = 128;

/// The most writes that may wait for the writer. Past this, a new write waits for room
/// before it joins the queue, so a burst larger than the disk can take slows respondents
/// down instead of growing memory without limit.
const QUEUE: usize = 32 * MAX_BATCH;

/// The queue to the writer task.
#[derive(Clone)]
pub struct Committer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Committer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Committer")
    }
}

impl Committer {
    /// Starts the writer task on `writer` (a pool of one connection).
    pub fn start(writer: AnyPool) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(writer, queue));
        Self { jobs }
    }

    /// Runs `work` in the next group transaction; returns once that is committed.
    /// Work of one statement needs no savepoint of its own (`single`): SQLite undoes
    /// a failed statement by itself and keeps the transaction going.
    pub async fn write<R, F>(&self, single: bool, work: F) -> anyhow::Result<R>
    where
        R: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, R> + Send + 'static,
    {
        let (send, receive) = oneshot::channel::<anyhow::Result<R>>();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let run = async move {
                    if single {
                        work(conn).await
                    } else {
                        in_savepoint(conn, work).await
                    }
                };
                let (outcome, spoiled) = match std::panic::AssertUnwindSafe(run).catch_unwind().await {
                    Ok(outcome) => {
                        let spoiled = outcome.as_ref().err().is_some_and(spoils_transaction);
                        (outcome, spoiled)
                    }
                    Err(_) => (Err(anyhow::anyhow!("a database write panicked")), true),
                };
                let deliver = Box::new(move |committed: Result<(), String>| {
                    let result = match (outcome, committed) {
                        (Ok(value), Ok(())) => Ok(value),
                        (Err(e), _) => Err(e),
                        (Ok(_), Err(e)) => Err(anyhow::anyhow!("the database could not commit: {e}")),
                    };
                    let _ = send.send(result);
                }) as Deliver;
                (deliver, spoiled)
            })
        });
        self.jobs.send(job).await.map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
        receive.await.map_err(|_| anyhow::anyhow!("the database writer stopped before this write was saved"))?
    }
}

impl Committer {
    /// Whether the writer task is still taking writes.
    pub fn is_running(&self) -> bool {
        !self.jobs.is_closed()
    }
}

/// Whether a failed write may have undone or broken the group's transaction. A
/// refused constraint undoes only its own statement, and a write that gave up by
/// itself touched nothing outside its savepoint; anything else from the database
/// (disk full, I/O, a lost connection) may have rolled the whole transaction back.
fn spoils_transaction(e: &anyhow::Error) -> bool {
    match e.downcast_ref::<sqlx::Error>() {
        Some(sqlx::Error::Database(db)) => !matches!(
            db.kind(),
            ErrorKind::UniqueViolation | ErrorKind::ForeignKeyViolation | ErrorKind::NotNullViolation | ErrorKind::CheckViolation
        ),
        Some(_) => true,
        None => false,
    }
}

/// Runs one write inside a savepoint, so that its failure undoes only itself.
async fn in_savepoint<R>(
    conn: &mut AnyConnection,
    work: impl for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, R>,
) -> anyhow::Result<R> {
    let mut savepoint = conn.begin().await?;
    match work(&mut savepoint).await {
        Ok(value) => {
            savepoint.commit().await?;
            Ok(value)
        }
        Err(e) => match savepoint.rollback().await {
            Ok(()) => Err(e),
            // Not even the savepoint could be undone: the transaction is in doubt.
            Err(undo) => Err(anyhow::Error::from(undo).context(e.to_string())),
        },
    }
}

async fn run(writer: AnyPool, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut delivers = Vec::with_capacity(batch.len());
        let committed = async {
            let mut tx = writer.begin().await?;
            let mut spoiled = false;
            for job in batch.drain(..) {
                let (deliver, spoils) = job(&mut tx).await;
                delivers.push(deliver);
                spoiled |= spoils;
            }
            if spoiled {
                // Nobody may hear "saved" from a transaction that may be missing writes.
                let _ = tx.rollback().await;
                return Err(sqlx::Error::Protocol("a write in the group failed in a way that may have undone the others".into()));
            }
            tx.commit().await
        }
        .await
        .map_err(|e| e.to_string());
        if let Err(e) = &committed {
            tracing::error!(error = %e, writes = delivers.len(), "a group of writes could not be committed");
        }
        for deliver in delivers {
            deliver(committed.clone());
        }
        // Writes that never ran (the transaction could not begin) are dropped here,
        // and their callers hear that the writer stopped before saving them.
    }
}
