use crate::helpers::{spawn_app, Backend};

async fn display_settings_are_remembered_for_the_visit(backend: Backend) {
    let app = spawn_app(backend).await;
    assert!(app.get_html("/settings").await.contains("Display settings"));

    let response = app.post_form("/settings", &[("larger_text", "on"), ("high_contrast", "on"), ("return", "/accessibility")]).await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/accessibility");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("chorus_prefs=lc;"), "{cookie}");
    assert!(!cookie.contains("Max-Age"), "lasts for the visit only");
    let html = app.get_html("/accessibility").await;
    assert!(html.contains("<html lang=\"en-GB\" class=\"prefs-larger-text prefs-high-contrast\">"));
    assert!(app.get_html("/settings").await.contains("id=\"larger_text\" name=\"larger_text\" type=\"checkbox\" value=\"on\" checked"));
}

async fn settings_never_send_people_to_another_website(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.post_form("/settings", &[("return", "//evil.example/")]).await;

    assert_eq!(response.headers()["location"], "/");
}

async fn easy_read_puts_the_easy_read_wording_first(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    app.post_public("/s/young-people/start", &[]).await;
    let plain = app.get_html("/s/young-people/q/had-help").await;
    assert!(plain.contains("<h1 class=\"heading-l\">Have you had help from a specialist teacher who visits your school?</h1>"));

    app.post_form("/settings", &[("easy_read", "on")]).await;
    let easy = app.get_html("/s/young-people/q/had-help").await;

    assert!(easy.contains("<h1 class=\"heading-l\">Do you get help at school from a special teacher who visits?</h1>"));
    assert!(easy.contains("The question in full: Have you had help"));
}

crate::on_both_backends!(
    display_settings_are_remembered_for_the_visit,
    settings_never_send_people_to_another_website,
    easy_read_puts_the_easy_read_wording_first,
);
