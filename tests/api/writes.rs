//! Writes through `Db::write`: on SQLite they share group commits; on both backends
//! each one is all or nothing and is committed before its caller hears back.

use crate::helpers::{spawn_app, Backend, TestApp};
use chorus::respond::queries::{self as responses, Channel};

async fn version_id(app: &TestApp) -> i64 {
    chorus::demo::seed(&app.db).await.unwrap();
    sqlx::query_scalar("select min(id) from survey_versions").fetch_one(&app.db.pool).await.unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

async fn concurrent_writes_all_commit_and_a_failing_one_undoes_only_itself(backend: Backend) {
    let app = spawn_app(backend).await;
    let version = version_id(&app).await;
    responses::create(&app.db, version, Channel::Link, "taken", "RESUME00").await.unwrap();

    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = app.db.clone();
        let hash = if i == 17 { "taken".to_string() } else { format!("hash-{i}") };
        tasks.push(tokio::spawn(async move { responses::create(&db, version, Channel::Link, &hash, &format!("RESUME{i:02}X")).await }));
    }
    let mut failed = 0;
    for task in tasks {
        if task.await.unwrap().is_err() {
            failed += 1;
        }
    }

    assert_eq!(failed, 1, "only the write with a duplicate secret fails");
    assert_eq!(count(&app, "select count(*) from responses").await, 40);
}

async fn a_burst_larger_than_the_writers_queue_waits_its_turn_and_all_commits(backend: Backend) {
    let app = spawn_app(backend).await;
    let version = version_id(&app).await;
    // More writes at once than the queue to the writer holds (4,096 on SQLite).
    let burst = 5000;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..burst {
        let db = app.db.clone();
        tasks.spawn(async move { responses::create(&db, version, Channel::Link, &format!("burst-{i}"), &format!("B{i:07}")).await });
    }
    let mut ok = 0;
    while let Some(done) = tasks.join_next().await {
        ok += done.unwrap().is_ok() as i64;
    }
    assert_eq!(ok, burst);
    assert_eq!(count(&app, "select count(*) from responses").await, burst);
}

async fn a_write_that_fails_part_way_leaves_nothing_behind(backend: Backend) {
    let app = spawn_app(backend).await;
    let version = version_id(&app).await;
    let id = responses::create(&app.db, version, Channel::Link, "mine", "RESUMEAB").await.unwrap();

    let failed = app
        .db
        .write(move |conn| {
            Box::pin(async move {
                sqlx::query("update responses set token_hash = 'CHANGED1' where id = $1").bind(id).execute(&mut *conn).await?;
                // Something goes wrong after the first statement.
                Err::<(), _>(sqlx::Error::RowNotFound.into())
            })
        })
        .await;
    let other = responses::create(&app.db, version, Channel::Link, "other", "RESUMECD").await;

    assert!(failed.is_err());
    assert!(other.is_ok(), "a failed write does not spoil the next");
    let kept: String = sqlx::query_scalar("select token_hash from responses where id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(kept, "mine");
}

async fn a_submission_stores_every_answer_in_one_go(backend: Backend) {
    let app = spawn_app(backend).await;
    let version = version_id(&app).await;
    let id = responses::create(&app.db, version, Channel::Link, "sub", "RESUMEEF").await.unwrap();
    let mut answers = app::survey::Answers::new();
    answers.insert("areas".into(), app::survey::Answer::Choices((0..150).map(|i| format!("c{i}")).collect()));
    answers.insert("age".into(), app::survey::Answer::Number(12));
    answers.insert("why".into(), app::survey::Answer::Text("Because".into()));

    assert!(responses::submit(&app.db, id, &answers, "RECEIPT1").await.unwrap());
    assert!(!responses::submit(&app.db, id, &answers, "RECEIPT2").await.unwrap(), "a second submit writes nothing");

    assert_eq!(count(&app, "select count(*) from answers").await, 152);
    assert_eq!(count(&app, "select count(*) from answers where number_value = 12").await, 1);
}

async fn a_write_that_panics_is_reported_and_writing_carries_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let version = version_id(&app).await;

    let panicked = app
        .db
        .write(|_conn| {
            Box::pin(async move {
                if true {
                    panic!("a bug in a write");
                }
                Ok(())
            })
        })
        .await;

    assert!(panicked.is_err());
    assert!(responses::create(&app.db, version, Channel::Link, "after", "RESUMEGH").await.is_ok(), "the writer carries on");
    assert!(app.db.is_healthy().await);
}

crate::on_both_backends!(
    concurrent_writes_all_commit_and_a_failing_one_undoes_only_itself,
    a_burst_larger_than_the_writers_queue_waits_its_turn_and_all_commits,
    a_write_that_fails_part_way_leaves_nothing_behind,
    a_submission_stores_every_answer_in_one_go,
    a_write_that_panics_is_reported_and_writing_carries_on,
);
