//! Answers' sentence vectors, made in the background soon after the answers are sent
//! ([`catch_up`]), never on the respondent's request, and the model that makes them.

use crate::db::Db;
use crate::themes::queries;
use anyhow::Context;
use chorus_themes::Embedder;
use std::sync::{Arc, OnceLock};

/// Answers embedded per background step.
const BATCH: i64 = 64;

static EMBEDDER: OnceLock<Arc<Embedder>> = OnceLock::new();

/// The engine's embedder: the sentence model from `CHORUS_MODEL_DIR` (or `models/…`) when it is
/// there, else word vectors. Loaded on first use.
pub fn embedder() -> Arc<Embedder> {
    EMBEDDER
        .get_or_init(|| {
            let e = Embedder::load_default();
            if e.has_model() {
                tracing::info!("themes: using the sentence model");
            } else {
                tracing::warn!("themes: no sentence model found; themes come from words alone");
            }
            Arc::new(e)
        })
        .clone()
}

pub use chorus_themes::vector::{pack, unpack};

/// Embeds every sent free-text answer that has no vector from the current method, in batches,
/// then places new answers in existing theme sets. Returns how many answers it embedded.
pub async fn catch_up(db: &Db) -> anyhow::Result<usize> {
    Ok(catch_up_until(db, None, (i64::MIN, String::new())).await?.0)
}

/// How long a server may take over the vectors it has claimed before another may claim them.
const CLAIM_FOR: i64 = 300;

/// Who this server is, in the claims it makes: several may share a database.
fn holder() -> &'static str {
    static HOLDER: OnceLock<String> = OnceLock::new();
    HOLDER.get_or_init(|| format!("{}-{}", std::process::id(), &crate::web::codes::secret_token()[..12]))
}

/// While people are using the site, the background step works at most this share of the time:
/// after a batch during which requests came in, it rests for the rest.
const SHARE_WHILE_BUSY: f64 = 0.1;

/// As [`catch_up`] from the answers after `after` (response, question), stopping after the batch
/// in hand once `stop` turns true, so that shutting down waits for one batch (a second or two)
/// rather than the whole backlog. In the background (`stop` given) it gives way to requests: see
/// [`SHARE_WHILE_BUSY`]. Returns how many answers it embedded and where it ended.
async fn catch_up_until(
    db: &Db,
    stop: Option<&tokio::sync::watch::Receiver<bool>>,
    mut after: (i64, String),
) -> anyhow::Result<(usize, (i64, String))> {
    let embedder = embedder();
    let method = embedder.method();
    let mut done = 0;
    let from_the_first = after.0 == i64::MIN;
    // Each batch starts where the last ended rather than scanning from the first answer again
    // past every answer already embedded. An answer sent meanwhile behind it is found on the
    // next round.
    loop {
        if stop.is_some_and(|s| *s.borrow()) {
            break;
        }
        let (began, requests) = (std::time::Instant::now(), crate::router::requests_begun());
        let now = crate::db::now();
        let pending = queries::answers_without_vectors(db, method, BATCH, &after, now).await?;
        let Some(last) = pending.last() else { break };
        after = (last.0, last.1.clone());
        // Another server reading the same answers claims some first: this one makes the rest.
        let wanted: Vec<(i64, String)> = pending.iter().map(|(r, q, _)| (*r, q.clone())).collect();
        let claimed = db
            .write(move |conn| {
                Box::pin(async move { Ok(queries::claim_vectors(conn, holder(), method, now, now + CLAIM_FOR, wanted).await?) })
            })
            .await?;
        let pending: Vec<(i64, String, String)> =
            pending.into_iter().filter(|(r, q, _)| claimed.iter().any(|(cr, cq)| cr == r && cq == q)).collect();
        if pending.is_empty() {
            continue;
        }
        let e = embedder.clone();
        let texts: Vec<String> = pending.iter().map(|p| p.2.clone()).collect();
        let vectors = in_background(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            e.vectors(&refs)
        })
        .await
        .context("embedding answers")?;
        let rows: Vec<(i64, String, Vec<u8>)> = pending.into_iter().zip(vectors).map(|((r, q, _), v)| (r, q, pack(&v))).collect();
        done += rows.len();
        tracing::info!(made = rows.len(), "themes: answers' vectors made");
        let method = method.to_owned();
        db.write(move |conn| {
            Box::pin(async move {
                queries::store_vectors(conn, &method, rows.clone()).await?;
                let kept: Vec<(i64, String)> = rows.into_iter().map(|(r, q, _)| (r, q)).collect();
                Ok(queries::release_vectors(conn, holder(), &kept).await?)
            })
        })
        .await?;
        if let Some(stop) = stop {
            if crate::router::requests_begun() != requests {
                let rest = began.elapsed().mul_f64(1.0 / SHARE_WHILE_BUSY - 1.0).min(std::time::Duration::from_secs(10));
                let mut stop = stop.clone();
                tokio::select! {
                    _ = tokio::time::sleep(rest) => {}
                    _ = stop.changed() => break,
                }
            }
        }
    }
    // Answers become placeable when they get vectors: after a round that made none, placing
    // would read every answer of every set for nothing (seconds at a million). A round from the
    // first answer places whatever is left, such as an answer embedded while its set was found.
    if done > 0 || from_the_first {
        crate::themes::analysis::place_new_answers(db).await?;
    }
    Ok((done, after))
}

/// A job for the background thread.
type Job = Box<dyn FnOnce() + Send>;

/// Runs `job` on the thread that makes answers' vectors, which runs at the scheduler's idle
/// priority: it gets only processor time no request is waiting for, so people answering keep
/// the whole machine however many answers wait for vectors. The threads it starts inherit the
/// priority.
async fn in_background<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    static JOBS: OnceLock<std::sync::mpsc::Sender<Job>> = OnceLock::new();
    let jobs = JOBS.get_or_init(|| {
        let (send, receive) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("chorus-vectors".into())
            .spawn(move || {
                if let Err(e) = lower_priority() {
                    tracing::warn!(error = %e, "themes: vectors are made at normal priority");
                }
                while let Ok(job) = receive.recv() {
                    job();
                }
            })
            .expect("the thread that makes vectors starts");
        send
    });
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(job());
    });
    jobs.send(job).map_err(|_| anyhow::anyhow!("the thread that makes vectors has stopped"))?;
    Ok(result.await?)
}

/// Puts the calling thread (and the threads it starts later) in Linux's idle scheduling class.
#[cfg(target_os = "linux")]
fn lower_priority() -> std::io::Result<()> {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: pid 0 is the calling thread; param is a valid sched_param that outlives the call.
    #[allow(unsafe_code)]
    let set = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) };
    if set == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() -> std::io::Result<()> {
    Err(std::io::Error::other("no idle scheduling class on this system"))
}

/// How often the background step reads every answer again rather than only those sent lately:
/// for answers whose claims ran out on a server that stopped, and responses brought in with an
/// earlier date. At a million responses that reading takes a second or more of the database's
/// time, where a round from where the last ended takes a millisecond.
const EVERY_ANSWER_EVERY: std::time::Duration = std::time::Duration::from_secs(CLAIM_FOR as u64);

/// How far before a round began the next looks for responses sent: a response is stamped when
/// it is sent and found once its write commits, a moment later.
const SENT_OVERLAP: i64 = 60;

/// Runs [`catch_up`] every few seconds until `stop` turns true. Each round starts at the earliest
/// of where the last one ended and the first response sent since it began, and every
/// [`EVERY_ANSWER_EVERY`] from the first answer.
pub async fn run_in_background(db: Db, mut stop: tokio::sync::watch::Receiver<bool>) {
    // Where the last round ended, when it began, and when a round last read every answer.
    let mut last: Option<(i64, i64, std::time::Instant)> = None;
    loop {
        let began = crate::db::now();
        let start = match last {
            Some((ended, since, every)) if every.elapsed() < EVERY_ANSWER_EVERY => {
                match queries::first_sent_since(&db, since - SENT_OVERLAP).await {
                    Ok(sent) => Some((sent.map_or(ended, |s| s.min(ended)), every)),
                    Err(e) => {
                        tracing::warn!(error = %e, "themes: background step failed");
                        None
                    }
                }
            }
            _ => None,
        };
        let from = start.map_or(i64::MIN, |s| s.0);
        match catch_up_until(&db, Some(&stop), (from, String::new())).await {
            Ok((_, (ended, _))) => last = Some((ended.max(from), began, start.map_or_else(std::time::Instant::now, |s| s.1))),
            Err(e) => {
                last = None;
                tracing::warn!(error = %e, "themes: background step failed");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(3)) => {}
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Background work runs in the idle scheduling class, and so do the threads it starts.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn background_work_runs_at_idle_priority() {
        // SAFETY: sched_getscheduler(0) only reads the calling thread's policy.
        #[allow(unsafe_code)]
        let policy = || unsafe { libc::sched_getscheduler(0) };
        let (own, started) = in_background(move || (policy(), std::thread::spawn(policy).join().unwrap())).await.unwrap();
        assert_eq!((own, started), (libc::SCHED_IDLE, libc::SCHED_IDLE));
        assert_ne!(policy(), libc::SCHED_IDLE, "the caller's own thread keeps its priority");
    }
}
