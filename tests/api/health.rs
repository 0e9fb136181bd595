use crate::helpers::{spawn_app, Backend};

async fn health_check_answers_ok_when_the_database_answers(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

async fn health_check_answers_503_when_the_database_is_gone(backend: Backend) {
    let app = spawn_app(backend).await;
    app.db.close().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 503);
}

crate::on_both_backends!(health_check_answers_ok_when_the_database_answers, health_check_answers_503_when_the_database_is_gone,);
