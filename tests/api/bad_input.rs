//! Bad requests get a 4xx page that says what went wrong, never a 500.

use crate::helpers::{spawn_app, Backend, PASSWORD};
use chorus::domain::Role;

async fn a_forged_form_token_is_refused_with_a_clear_message(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    app.get("/sign-in").await;

    let response = app.post_form("/sign-in", &[("csrf_token", "forged"), ("email", "ann@kent.gov.uk"), ("password", PASSWORD)]).await;

    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(html.contains("Your sign-in form had expired or came from another website"));
    assert!(html.contains("value=\"ann@kent.gov.uk\""), "keeps what was typed");
    assert_eq!(app.get("/admin").await.status(), 303, "not signed in");
}

async fn a_post_without_a_session_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;

    let response = app.post_form("/sign-in", &[("email", "ann@kent.gov.uk"), ("password", PASSWORD)]).await;

    assert_eq!(response.status(), 403);
}

async fn signing_out_with_a_forged_token_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    app.sign_in("ann@kent.gov.uk", PASSWORD).await;

    let response = app.post_form("/sign-out", &[("csrf_token", "forged")]).await;

    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("Your form has expired"));
    assert_eq!(app.get("/admin").await.status(), 200, "still signed in");
}

async fn an_oversized_form_is_refused_with_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.csrf_token("/sign-in").await;
    let huge = "x".repeat(300 * 1024);

    let response = app.post_form("/sign-in", &[("csrf_token", &token), ("email", &huge), ("password", "p")]).await;

    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("What you sent is too large"));
}

async fn long_answers_in_any_script_fit_and_a_null_character_is_refused_on_both_databases(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.csrf_token("/sign-in").await;
    // Four answers of 5,000 characters that take four bytes each fit in one form.
    let long = "\u{1F600}".repeat(5_000);
    let fields = [("csrf_token", token.as_str()), ("email", &long), ("password", &long), ("a", &long), ("b", &long)];
    let response = app.post_form("/sign-in", &fields).await;
    assert_eq!(response.status(), 422, "read, and the address refused as an address");
    let nul = app.post_form("/sign-in", &[("csrf_token", &token), ("email", "ann\0@kent.gov.uk"), ("password", "p")]).await;
    assert_eq!(nul.status(), 400);
    assert!(nul.text().await.unwrap().contains("could not be read"));
}

async fn invalid_utf8_is_refused_with_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.csrf_token("/sign-in").await;
    let mut body = format!("csrf_token={token}&email=").into_bytes();
    body.extend_from_slice(b"%FF%FEann&password=\xff\xfe");

    let response = app.post_raw("/sign-in", "application/x-www-form-urlencoded", body).await;

    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("could not be read"));
}

async fn a_body_that_is_not_a_form_is_refused_with_415(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.post_raw("/sign-in", "application/json", br#"{"email":"a"}"#.to_vec()).await;

    assert_eq!(response.status(), 415);
    assert!(response.text().await.unwrap().contains("not sent as a web form"));
}

async fn missing_fields_get_the_form_again_not_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.csrf_token("/sign-in").await;

    let response = app.post_form("/sign-in", &[("csrf_token", &token)]).await;

    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Enter your email address"));
}

async fn a_malformed_urlencoded_body_is_refused_with_400(backend: Backend) {
    let app = spawn_app(backend).await;
    app.get("/sign-in").await;

    let response = app.post_raw("/sign-in", "application/x-www-form-urlencoded", b"next=a&next=b".to_vec()).await;

    assert_eq!(response.status(), 400);
}

crate::on_both_backends!(
    a_forged_form_token_is_refused_with_a_clear_message,
    a_post_without_a_session_is_refused,
    signing_out_with_a_forged_token_is_refused,
    an_oversized_form_is_refused_with_413,
    long_answers_in_any_script_fit_and_a_null_character_is_refused_on_both_databases,
    invalid_utf8_is_refused_with_400,
    a_body_that_is_not_a_form_is_refused_with_415,
    missing_fields_get_the_form_again_not_a_500,
    a_malformed_urlencoded_body_is_refused_with_400,
);
