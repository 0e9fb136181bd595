use crate::helpers::{spawn_app, spawn_app_with, Backend};
use base64::Engine as _;
use sha2::Digest as _;

async fn home_page_says_plainly_when_nothing_is_open(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(html.contains("Have your say on SEND services in Kent"));
    assert!(html.contains("There are no engagements open at the moment"));
}

async fn home_page_lists_open_engagements_then_closed_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    app.insert_engagement("stls-phase-2", "STLS Phase 2", "open").await;
    app.insert_engagement("draft-one", "A draft engagement", "draft").await;
    app.insert_engagement("closed-one", "A closed engagement", "closed").await;

    let html = app.get_html("/").await;

    assert!(html.contains("STLS Phase 2"));
    assert!(html.contains("Open until 31 January 2027"));
    assert!(!html.contains("A draft engagement"));
    let closed = html.find("<h2 class=\"heading-l\">Closed</h2>").expect("a heading for closed engagements");
    assert!(html[closed..].contains("A closed engagement"));
    assert!(html[closed..].contains("Closed on 31 January 2027"));
    assert!(!html.contains("There are no engagements open"));
}

async fn every_page_has_a_skip_link_main_landmark_and_accessibility_link(backend: Backend) {
    let app = spawn_app(backend).await;

    for path in ["/", "/sign-in", "/accessibility", "/privacy", "/no-such-page"] {
        let html = app.get_html(path).await;
        assert!(html.contains("<a href=\"#main-content\" class=\"skip-link\">"), "{path}");
        assert!(html.contains("<main id=\"main-content\""), "{path}");
        assert!(html.contains("href=\"/accessibility\""), "{path}");
    }
}

async fn unknown_pages_get_an_accessible_not_found_page(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/no-such-page").await;

    assert_eq!(response.status(), 404);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Page not found – Chorus</title>"));
    assert!(html.contains("<h1 class=\"heading-l\">Page not found</h1>"));
}

async fn a_failure_inside_the_server_gets_an_accessible_500_page(backend: Backend) {
    let app = spawn_app(backend).await;
    app.db.close().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 500);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1 class=\"heading-l\">Sorry, there is a problem with the service</h1>"));
    assert!(!html.to_lowercase().contains("pool"), "no internal detail reaches the page");
}

async fn a_wrong_method_gets_a_page_not_an_empty_error(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.client.delete(app.url("/sign-in")).send().await.unwrap();

    assert_eq!(response.status(), 405);
    assert!(response.text().await.unwrap().contains("This page cannot be used like that"));
}

async fn the_stylesheet_is_served_with_a_long_cache_life(backend: Backend) {
    let app = spawn_app(backend).await;
    let html = app.get_html("/").await;
    let start = html.find("/assets/chorus.").unwrap();
    let path = &html[start..start + html[start..].find('"').unwrap()];

    let response = app.get(path).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/css; charset=utf-8");
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("immutable"));
}

async fn the_site_icon_is_served_so_browsers_log_no_error(backend: Backend) {
    let app = spawn_app(backend).await;

    for path in ["/assets/favicon.svg", "/favicon.ico"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
    }
}

async fn public_pages_set_no_cookie(backend: Backend) {
    let app = spawn_app(backend).await;

    for path in ["/", "/accessibility", "/privacy"] {
        let response = app.get(path).await;
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
    }
}

async fn pages_are_compressed_for_slow_connections(backend: Backend) {
    let app = spawn_app(backend).await;

    // A client that leaves the body compressed, to see what goes over the wire.
    let raw = reqwest::Client::builder().no_gzip().no_deflate().no_brotli().build().unwrap();

    // What Chromium asks for: Chorus answers with the one of them it makes.
    let response = raw.get(app.url("/")).header("accept-encoding", "gzip, deflate, br, zstd").send().await.unwrap();

    assert_eq!(response.headers()["content-encoding"], "gzip");
    let body = response.bytes().await.unwrap();
    let mut html = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut html).expect("the whole page, gzipped");
    assert!(html.trim_end().ends_with("</html>"), "the page arrives whole");
}

/// A school tablet is shared: no page that may show answers, codes or personal data is kept by
/// the browser for the next person's Back button; pages everyone reads may be.
async fn pages_with_answers_codes_or_personal_data_are_never_kept(backend: Backend) {
    let app = crate::helpers::signed_in_as(backend, chorus::domain::Role::Admin).await;
    let started = app.post_public("/s/parents-carers/start", &[]).await;
    let question = started.headers()["location"].to_str().unwrap().to_owned();
    for path in [
        question.as_str(),
        "/s/parents-carers",
        "/resume",
        "/withdraw",
        "/code",
        "/admin",
        "/admin/safeguarding",
        "/e/stls-phase-2/updates",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    for path in ["/", "/e/stls-phase-2", "/privacy"] {
        let response = app.get(path).await;
        assert!(response.headers().get("cache-control").is_none(), "{path} may be kept");
    }
}

/// No script runs but the site's own bundle and the one inline script that starts it, each page
/// says so, and none may be framed by another site; over HTTPS, browsers are told to keep to it.
async fn only_the_sites_own_scripts_may_run_and_no_page_may_be_framed(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/sign-in").await;
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(response.headers().get("strict-transport-security").is_none(), "not over plain HTTP");
    let html = response.text().await.unwrap();
    assert!(!policy.contains("unsafe-inline") && !policy.contains(" 'unsafe-eval'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), "{policy}");
    let mut scripts = 0;
    for piece in html.split("<script").skip(1) {
        let script = &piece[piece.find('>').unwrap() + 1..piece.find("</script>").unwrap()];
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
        assert!(policy.contains(&format!("'sha256-{hash}'")), "the page's inline script is allowed by its hash: {policy}");
        scripts += 1;
    }
    assert!(scripts > 0, "the sign-in page starts its islands");
    for path in ["/", "/no-such-page", app::render::stylesheet_path()] {
        assert!(app.get(path).await.headers().contains_key("content-security-policy"), "{path}");
    }

    let https = spawn_app_with(backend, &[("CHORUS_PUBLIC_URL", "https://chorus.example.org")]).await;
    assert_eq!(https.get("/").await.headers()["strict-transport-security"], "max-age=31536000");
}

crate::on_both_backends!(
    only_the_sites_own_scripts_may_run_and_no_page_may_be_framed,
    pages_with_answers_codes_or_personal_data_are_never_kept,
    home_page_says_plainly_when_nothing_is_open,
    home_page_lists_open_engagements_then_closed_ones,
    every_page_has_a_skip_link_main_landmark_and_accessibility_link,
    unknown_pages_get_an_accessible_not_found_page,
    a_failure_inside_the_server_gets_an_accessible_500_page,
    a_wrong_method_gets_a_page_not_an_empty_error,
    the_stylesheet_is_served_with_a_long_cache_life,
    the_site_icon_is_served_so_browsers_log_no_error,
    public_pages_set_no_cookie,
    pages_are_compressed_for_slow_connections,
);
