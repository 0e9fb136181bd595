//! The crash test (run at a small size by the test command, larger by `scripts/crash.sh`): many
//! respondents send answers at once while the server is killed with SIGKILL; the server is
//! started again on the same database, and every response a respondent saw confirmed must be
//! there, none twice, none half-written; then respondents carry on.
//!
//!     crash-test --server target/debug/chorus [--database postgres://…] [--concurrency 32]
//!                [--rounds 2] [--seconds 2]
//!
//! Exits non-zero, saying why, if anything acknowledged is missing or anything is stored twice.

use chorus_tests::bench::{fresh_database, respond_once, seed_with_quick_survey, Server};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

struct Args {
    server: String,
    database: Option<String>,
    concurrency: usize,
    rounds: usize,
    seconds: f64,
}

fn args() -> Args {
    let mut args = Args { server: "target/debug/chorus".into(), database: None, concurrency: 32, rounds: 2, seconds: 2.0 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => args.server = value(),
            "--database" => args.database = Some(value()),
            "--concurrency" => args.concurrency = value().parse().expect("--concurrency N"),
            "--rounds" => args.rounds = value().parse().expect("--rounds N"),
            "--seconds" => args.seconds = value().parse().expect("--seconds N"),
            other => panic!("unknown option {other}"),
        }
    }
    args
}

/// Respondents answering until `stop`; counts every confirmation seen.
fn respondents(base: &str, concurrency: usize, stop: Arc<AtomicBool>, confirmed: Arc<AtomicU64>) -> Vec<tokio::task::JoinHandle<()>> {
    (0..concurrency)
        .map(|_| {
            let (base, stop, confirmed) = (base.to_owned(), stop.clone(), confirmed.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    if respond_once(&base, "quick").await.is_ok() {
                        confirmed.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args();
    let dir = std::env::temp_dir().join(format!("chorus-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(args.database.as_deref(), &dir, "crash").await;
    let backend = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };

    let db = chorus::db::Db::connect(&url).await.expect("database");
    let survey = seed_with_quick_survey(&db).await;
    db.close().await;

    let confirmed = Arc::new(AtomicU64::new(0));
    let mut problems = Vec::new();
    println!("crash test on {backend}: {} respondents at once, {} kills", args.concurrency, args.rounds);
    for round in 1..=args.rounds {
        let mut server = Server::start(&args.server, &url, &dir, "error", &[], 200).await;
        let stop = Arc::new(AtomicBool::new(false));
        let before = confirmed.load(Ordering::SeqCst);
        let tasks = respondents(&server.base, args.concurrency, stop.clone(), confirmed.clone());
        tokio::time::sleep(Duration::from_secs_f64(args.seconds)).await;
        server.kill_now();
        stop.store(true, Ordering::SeqCst);
        for t in tasks {
            let _ = t.await;
        }
        println!("  round {round}: {} confirmed before SIGKILL", confirmed.load(Ordering::SeqCst) - before);
        if confirmed.load(Ordering::SeqCst) == before {
            problems.push(format!("round {round}: no respondent was confirmed before the kill (is the server starting?)"));
        }
    }

    // Started again on the same database: everything confirmed is there, once and whole.
    let server = Server::start(&args.server, &url, &dir, "error", &[], 200).await;
    let db = chorus::db::Db::connect(&url).await.expect("database after the crashes");
    let count = |sql: String| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(&sql).bind(survey).fetch_one(&db.pool).await.unwrap() }
    };
    let of_survey = "r.survey_version_id in (select id from survey_versions where survey_id = $1)";
    let sent = count(format!("select count(*) from responses r where {of_survey} and r.submitted_at is not null")).await;
    // Each sent response of the flow has five answers (a rating, yes or no, two areas and a
    // comment): fewer is half a response, more is one stored twice.
    let not_whole = count(format!(
        "select count(*) from (select r.id from responses r left join answers a on a.response_id = r.id \
         where {of_survey} and r.submitted_at is not null group by r.id having count(a.response_id) <> 5) odd"
    ))
    .await;
    let unsent_with_answers = count(format!(
        "select count(*) from responses r join answers a on a.response_id = r.id where {of_survey} and r.submitted_at is null"
    ))
    .await;
    let acknowledged = confirmed.load(Ordering::SeqCst) as i64;
    println!("  after restarting: {sent} sent responses stored for {acknowledged} confirmed");
    if sent < acknowledged {
        problems.push(format!("{} confirmed responses are missing", acknowledged - sent));
    }
    // A response may be stored and its confirmation lost with the connection: at most one a respondent.
    if sent > acknowledged + (args.concurrency * args.rounds) as i64 {
        problems.push(format!("{sent} stored for {acknowledged} confirmed: more than those in flight"));
    }
    if not_whole > 0 {
        problems.push(format!("{not_whole} sent responses do not have exactly their five answers"));
    }
    if unsent_with_answers > 0 {
        problems.push(format!("{unsent_with_answers} answers belong to responses not sent"));
    }

    // And the restarted server takes answers again.
    let stop = Arc::new(AtomicBool::new(false));
    let again = Arc::new(AtomicU64::new(0));
    let tasks = respondents(&server.base, 4, stop.clone(), again.clone());
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        let _ = t.await;
    }
    println!("  after restarting: {} more confirmed in a second", again.load(Ordering::SeqCst));
    if again.load(Ordering::SeqCst) == 0 {
        problems.push("the restarted server confirmed no response".into());
    }
    drop(server);
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    if problems.is_empty() {
        println!("crash test on {backend}: nothing confirmed was lost, nothing stored twice");
    } else {
        for p in &problems {
            eprintln!("crash test on {backend}: {p}");
        }
        std::process::exit(1);
    }
}
