use crate::helpers::{session_cookie, spawn_app, Backend, TestApp, PASSWORD};
use chorus::domain::Role;

async fn the_staff_area_sends_signed_out_visitors_to_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/admin/users").await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/sign-in?next=%2Fadmin%2Fusers");
}

async fn signing_in_with_the_right_password_opens_the_staff_area(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;

    let response = app.sign_in("Ann@Kent.gov.uk ", PASSWORD).await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin");
    let html = app.get_html("/admin").await;
    assert!(html.contains("Signed in as"));
    assert!(html.contains("ann@kent.gov.uk"));
    assert!(html.contains("Administrator"));
    assert!(html.contains("action=\"/sign-out\""));
}

async fn signing_in_returns_to_the_page_asked_for(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    let html = app.get_html("/sign-in?next=%2Fadmin%2Fusers").await;
    assert!(html.contains("name=\"next\" value=\"/admin/users\""));
    let token = crate::helpers::csrf_token_in(&html);

    let response = app
        .post_form("/sign-in", &[("csrf_token", &token), ("email", "ann@kent.gov.uk"), ("password", PASSWORD), ("next", "/admin/users")])
        .await;

    assert_eq!(response.headers()["location"], "/admin/users");
}

async fn signing_in_never_sends_people_to_another_website(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    let token = app.csrf_token("/sign-in").await;

    let response = app
        .post_form("/sign-in", &[("csrf_token", &token), ("email", "ann@kent.gov.uk"), ("password", PASSWORD), ("next", "//evil.example/")])
        .await;

    assert_eq!(response.headers()["location"], "/admin");
}

async fn the_session_id_changes_on_sign_in_and_the_cookie_is_locked_down(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    let shown = app.get("/sign-in").await;
    assert!(session_cookie(&shown).is_none(), "showing the sign-in page starts no session");
    let form_cookie = shown.headers()["set-cookie"].to_str().unwrap().to_owned();
    for part in ["chorus_sign_in=", "HttpOnly", "SameSite=Lax", "Path=/sign-in", "Max-Age=7200"] {
        assert!(form_cookie.contains(part), "{part} in {form_cookie}");
    }
    let token = crate::helpers::csrf_token_in(&shown.text().await.unwrap());
    let sessions = || sqlx::query_scalar::<_, i64>("select count(*) from sessions").fetch_one(&app.db.pool);
    assert_eq!(sessions().await.unwrap(), 0, "nor stores one");

    let response = app.post_form("/sign-in", &[("csrf_token", &token), ("email", "ann@kent.gov.uk"), ("password", PASSWORD)]).await;
    let first = session_cookie(&response).expect("sign-in sets a cookie");
    assert!(first.contains("HttpOnly"));
    assert!(first.contains("SameSite=Lax"));
    assert!(!first.contains("Secure"), "plain http in tests");
    let again = app.post_form("/sign-in", &[("csrf_token", &token), ("email", "ann@kent.gov.uk"), ("password", PASSWORD)]).await;
    let second = session_cookie(&again).expect("signing in again sets a new cookie");
    assert_ne!(second.split(';').next().unwrap(), first.split(';').next().unwrap(), "a new id on every sign-in");

    // A token from one browser's sign-in page does not work in another's.
    let other = crate::helpers::new_client();
    other.get(app.url("/sign-in")).send().await.unwrap();
    let forged = other
        .post(app.url("/sign-in"))
        .form(&[("csrf_token", token.as_str()), ("email", "ann@kent.gov.uk"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(forged.text().await.unwrap().contains("value=\"ann@kent.gov.uk\""), "the address typed is kept");
}

async fn a_wrong_password_shows_a_clear_error_and_keeps_the_email(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;

    let response = app.sign_in("ann@kent.gov.uk", "not the password").await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Error: Sign in – Chorus</title>"));
    assert!(html.contains("There is a problem"));
    assert!(html.contains("<a href=\"#email\">The email address or password is not right."));
    assert!(html.contains("value=\"ann@kent.gov.uk\""));
    assert!(html.contains("aria-describedby=\"email-error\""));
    assert_eq!(app.get("/admin").await.status(), 303);
}

async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;

    let wrong_password = app.sign_in("ann@kent.gov.uk", "not the password").await;
    let unknown_email = app.sign_in("bob@kent.gov.uk", "not the password").await;

    assert_eq!(wrong_password.status(), unknown_email.status());
    let strip = |html: String, email: &str| {
        let token = crate::helpers::csrf_token_in(&html);
        html.replace(&token, "TOKEN").replace(email, "EMAIL")
    };
    assert_eq!(
        strip(wrong_password.text().await.unwrap(), "ann@kent.gov.uk"),
        strip(unknown_email.text().await.unwrap(), "bob@kent.gov.uk")
    );
}

async fn repeated_wrong_passwords_pause_signing_in_with_that_address(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    app.add_user("bob@kent.gov.uk", Role::Admin).await;

    for _ in 0..chorus::accounts::throttle::FAILURES {
        assert_eq!(app.sign_in("ann@kent.gov.uk", "a guess").await.status(), 422);
    }
    // Now even the right password is not checked, and the address is kept in the form.
    let paused = app.sign_in("ANN@kent.gov.uk", PASSWORD).await;
    assert_eq!(paused.status(), 429);
    let wait: u64 = paused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=chorus::accounts::throttle::WINDOW.as_secs()).contains(&wait), "{wait}");
    let html = paused.text().await.unwrap();
    assert!(html.contains("<title>Error: Sign in – Chorus</title>"));
    assert!(
        html.contains(
            "<a href=\"#email\">There have been too many attempts to sign in with this email address. Wait 15 minutes and try again"
        ),
        "{html}"
    );
    assert!(html.contains("value=\"ANN@kent.gov.uk\""));
    assert_eq!(app.get("/admin").await.status(), 303, "not signed in");

    // An address with no account is paused the same way, so pausing tells nothing.
    for _ in 0..chorus::accounts::throttle::FAILURES {
        app.sign_in("nobody@kent.gov.uk", "a guess").await;
    }
    assert_eq!(app.sign_in("nobody@kent.gov.uk", "a guess").await.status(), 429);

    // Other people sign in as usual, and a right password clears earlier mistakes.
    for _ in 0..chorus::accounts::throttle::FAILURES - 1 {
        app.sign_in("bob@kent.gov.uk", "a guess").await;
    }
    assert_eq!(app.sign_in("bob@kent.gov.uk", PASSWORD).await.status(), 303);
    let mut app = app;
    app.client = crate::helpers::new_client();
    for _ in 0..chorus::accounts::throttle::FAILURES {
        assert_eq!(app.sign_in("bob@kent.gov.uk", "a guess").await.status(), 422, "bob's count started again");
    }
}

async fn app_servers_sharing_a_database_count_attempts_together_and_a_restart_forgets_none(backend: Backend) {
    let first = spawn_app(backend).await;
    first.add_user("ann@kent.gov.uk", Role::Admin).await;
    let second = crate::helpers::spawn_app_on(&first.database_url, first.data_dir.clone()).await;

    for i in 0..chorus::accounts::throttle::FAILURES {
        let server = if i % 2 == 0 { &first } else { &second };
        assert_eq!(server.sign_in("ann@kent.gov.uk", "a guess").await.status(), 422);
    }
    assert_eq!(second.sign_in("ann@kent.gov.uk", PASSWORD).await.status(), 429, "the other server knows of the first's");
    assert_eq!(first.sign_in("ann@kent.gov.uk", PASSWORD).await.status(), 429);
    let restarted = crate::helpers::spawn_app_on(&first.database_url, first.data_dir.clone()).await;
    assert_eq!(restarted.sign_in("ann@kent.gov.uk", PASSWORD).await.status(), 429, "a restart forgets none");
}

/// A sign-in as ann from the client that `forwarded_for` names, through `client`.
async fn sign_in_through(app: &TestApp, client: &reqwest::Client, forwarded_for: &str, password: &str) -> u16 {
    let html = client.get(app.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let token = crate::helpers::csrf_token_in(&html);
    let response = client
        .post(app.url("/sign-in"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[("csrf_token", token.as_str()), ("email", "ann@kent.gov.uk"), ("password", password)])
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

/// A sign-in as ann from the client that `forwarded_for` says, through a fresh browser.
async fn sign_in_forwarded_for(app: &TestApp, forwarded_for: &str, password: &str) -> u16 {
    sign_in_through(app, &crate::helpers::new_client(), forwarded_for, password).await
}

async fn behind_a_trusted_proxy_attempts_count_per_forwarded_client(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, &[("CHORUS_TRUSTED_PROXIES", "1")]).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;

    for _ in 0..chorus::accounts::throttle::FAILURES {
        assert_eq!(sign_in_forwarded_for(&app, "203.0.113.9", "a guess").await, 422);
    }
    assert_eq!(sign_in_forwarded_for(&app, "203.0.113.9", PASSWORD).await, 429);
    // An address the client writes in front of the proxy's own changes nothing.
    assert_eq!(sign_in_forwarded_for(&app, "198.51.100.7, 203.0.113.9", PASSWORD).await, 429);
    // Someone else behind the same proxy is not locked out.
    assert_eq!(sign_in_forwarded_for(&app, "198.51.100.7", PASSWORD).await, 303);
}

async fn without_a_trusted_proxy_forwarded_for_is_ignored(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;

    for i in 0..chorus::accounts::throttle::FAILURES {
        assert_eq!(sign_in_forwarded_for(&app, &format!("203.0.113.{i}"), "a guess").await, 422);
    }
    assert_eq!(sign_in_forwarded_for(&app, "198.51.100.7", PASSWORD).await, 429, "a made-up address does not start a new count");
}

async fn empty_fields_are_each_named_in_the_error_summary(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.sign_in("", "").await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("<a href=\"#email\">Enter your email address</a>"));
    assert!(html.contains("<a href=\"#password\">Enter your password</a>"));
}

async fn a_malformed_email_is_explained(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.sign_in("ann.kent.gov.uk", "whatever").await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Enter an email address in the correct format, like name@example.com"));
    assert!(html.contains("value=\"ann.kent.gov.uk\""));
}

async fn a_disabled_account_cannot_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.add_user("ann@kent.gov.uk", Role::Admin).await;
    sqlx::query("update users set disabled_at = $1 where id = $2").bind(1_i64).bind(id).execute(&app.db.pool).await.unwrap();

    let response = app.sign_in("ann@kent.gov.uk", PASSWORD).await;

    assert_eq!(response.status(), 422);
}

async fn signing_out_ends_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    app.sign_in("ann@kent.gov.uk", PASSWORD).await;
    let token = app.csrf_token("/admin").await;

    let response = app.post_form("/sign-out", &[("csrf_token", &token)]).await;

    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("You have signed out"));
    assert_eq!(app.get("/admin").await.status(), 303);
}

async fn visiting_sign_out_by_link_asks_first(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    assert!(app.get_html("/sign-out").await.contains("You have signed out"), "nobody signed in");
    app.sign_in("ann@kent.gov.uk", PASSWORD).await;

    let html = app.get_html("/sign-out").await;

    assert!(html.contains("<h1 class=\"heading-l\">Sign out</h1>"));
    assert_eq!(app.get("/admin").await.status(), 200, "still signed in until the button is pressed");
}

async fn only_administrators_see_staff_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Analyst).await;
    app.sign_in("ann@kent.gov.uk", PASSWORD).await;

    let response = app.get("/admin/users").await;

    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("You do not have access to this page"));
    let html = app.get_html("/admin").await;
    assert!(html.contains("Analyst"));
    assert!(!html.contains("/admin/users"));
}

async fn administrators_see_every_account_with_its_role(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    app.add_user("sam@kent.gov.uk", Role::SchoolContact).await;
    app.sign_in("ann@kent.gov.uk", PASSWORD).await;

    let html = app.get_html("/admin/users").await;

    assert!(html.contains("sam@kent.gov.uk"));
    assert!(html.contains("School contact"));
    assert!(!html.contains("argon2"), "hashes never reach a page");
}

async fn guessing_from_many_places_pauses_an_address_but_never_on_a_device_it_signed_in_on(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, &[("CHORUS_TRUSTED_PROXIES", "1")]).await;
    app.add_user("ann@kent.gov.uk", Role::Admin).await;
    let own = crate::helpers::new_client();
    assert_eq!(sign_in_through(&app, &own, "203.0.113.1", PASSWORD).await, 303, "Ann signs in on her laptop");
    // Her session ends; the laptop keeps only its mark of having been signed in on.
    sqlx::query("delete from sessions").execute(&app.db.pool).await.unwrap();

    let per_client = chorus::accounts::throttle::FAILURES;
    for n in 0..chorus::accounts::throttle::ACCOUNT_FAILURES / per_client {
        let stranger = crate::helpers::new_client();
        for _ in 0..per_client {
            assert_eq!(sign_in_through(&app, &stranger, &format!("198.51.100.{n}"), "a guess").await, 422);
        }
    }
    let elsewhere = crate::helpers::new_client();
    assert_eq!(sign_in_through(&app, &elsewhere, "192.0.2.200", PASSWORD).await, 429, "the address is paused everywhere new");
    assert_eq!(sign_in_through(&app, &own, "203.0.113.1", PASSWORD).await, 303, "but not on her own laptop");
}

crate::on_both_backends!(
    guessing_from_many_places_pauses_an_address_but_never_on_a_device_it_signed_in_on,
    the_staff_area_sends_signed_out_visitors_to_sign_in,
    signing_in_with_the_right_password_opens_the_staff_area,
    signing_in_returns_to_the_page_asked_for,
    signing_in_never_sends_people_to_another_website,
    the_session_id_changes_on_sign_in_and_the_cookie_is_locked_down,
    a_wrong_password_shows_a_clear_error_and_keeps_the_email,
    an_unknown_email_gets_the_same_answer_as_a_wrong_password,
    repeated_wrong_passwords_pause_signing_in_with_that_address,
    app_servers_sharing_a_database_count_attempts_together_and_a_restart_forgets_none,
    behind_a_trusted_proxy_attempts_count_per_forwarded_client,
    without_a_trusted_proxy_forwarded_for_is_ignored,
    empty_fields_are_each_named_in_the_error_summary,
    a_malformed_email_is_explained,
    a_disabled_account_cannot_sign_in,
    signing_out_ends_the_session,
    visiting_sign_out_by_link_asks_first,
    only_administrators_see_staff_accounts,
    administrators_see_every_account_with_its_role,
);
