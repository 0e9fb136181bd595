use crate::helpers::{spawn_app, spawn_app_on, Backend, PASSWORD};
use chorus::domain::Role;

async fn two_app_servers_on_one_database_share_sessions(backend: Backend) {
    let first = spawn_app(backend).await;
    first.add_user("ann@kent.gov.uk", Role::Admin).await;
    first.sign_in("ann@kent.gov.uk", PASSWORD).await;
    let cookie = first.client.get(first.url("/admin")).send().await.unwrap();
    assert_eq!(cookie.status(), 200);
    let second = spawn_app_on(&first.database_url, first.data_dir.clone()).await;

    // The same browser, now load-balanced to the other server.
    let response = first.client.get(second.url("/admin")).send().await.unwrap();

    // Cookies are per host name, and both servers are 127.0.0.1, so the browser
    // sends its session cookie to the second server too.
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("ann@kent.gov.uk"));
}

async fn a_session_survives_a_restart(backend: Backend) {
    let first = spawn_app(backend).await;
    first.add_user("ann@kent.gov.uk", Role::Admin).await;
    first.sign_in("ann@kent.gov.uk", PASSWORD).await;
    first.db.close().await;

    let restarted = spawn_app_on(&first.database_url, first.data_dir.clone()).await;
    let response = first.client.get(restarted.url("/admin")).send().await.unwrap();

    assert_eq!(response.status(), 200);
}

async fn expired_sessions_are_not_honoured(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    app.sign_in("ann@kent.gov.uk", PASSWORD).await;

    sqlx::query("update sessions set expiry_date = $1").bind(chorus::db::now() - 1).execute(&app.db.pool).await.unwrap();

    assert_eq!(app.get("/admin").await.status(), 303);
}

crate::on_both_backends!(two_app_servers_on_one_database_share_sessions, a_session_survives_a_restart, expired_sessions_are_not_honoured,);
