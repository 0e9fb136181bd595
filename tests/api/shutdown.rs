//! Shutting down (SIGTERM, or Ctrl-C) while respondents are sending answers and answers are
//! getting their vectors in the background: the server stops within seconds, and every
//! response a respondent was told is sent is stored.

use crate::helpers::{fresh_database, spawn_stoppable, Backend};
use chorus_tests::bench::{quick_survey, respond_once};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long shutting down may take: requests in flight finish, and background work stops after
/// the batch in hand.
const WITHIN: Duration = Duration::from_secs(8);

async fn stopping_loses_no_sent_response_and_does_not_wait_for_the_background_backlog(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("chorus-shutdown-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(backend, &dir).await;
    // Written answers waiting for their vectors: a backlog of minutes with the sentence model.
    let db = chorus::db::Db::connect(&url).await.unwrap();
    chorus::demo::seed(&db).await.unwrap();
    chorus::demo::add_responses(&db, 1500).await.unwrap();
    let engagement: i64 = sqlx::query_scalar("select id from engagements where slug = 'stls-phase-2'").fetch_one(&db.pool).await.unwrap();
    let quick = chorus::surveys::queries::insert(&db, engagement, "quick", &quick_survey()).await.unwrap();
    chorus::surveys::queries::publish(&db, quick).await.unwrap();
    db.close().await;

    let (app, stop, running) = spawn_stoppable(&url, dir).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let respondents: Vec<_> = (0..6)
        .map(|_| {
            let (base, sent) = (app.address.clone(), sent.clone());
            tokio::spawn(async move {
                // Each goes on until the server is gone; only a confirmation seen counts as sent.
                while respond_once(&base, "quick").await.is_ok() {
                    sent.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stopping = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(WITHIN, running)
        .await
        .unwrap_or_else(|_| panic!("the server was still shutting down after {WITHIN:?}"))
        .unwrap()
        .expect("the server shut down cleanly");
    let took = stopping.elapsed();
    for r in respondents {
        r.await.unwrap();
    }
    let sent = sent.load(Ordering::SeqCst);
    assert!(sent > 0, "respondents sent answers before the server stopped");

    let db = chorus::db::Db::connect(&url).await.unwrap();
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
         where v.survey_id = $1 and r.submitted_at is not null",
    )
    .bind(quick)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(stored as usize >= sent, "{sent} respondents saw their confirmation, {stored} responses are stored (shut down in {took:?})");
    db.close().await;
}

crate::on_both_backends!(stopping_loses_no_sent_response_and_does_not_wait_for_the_background_backlog);
