//! Staff accounts: administrators add them and change them; a one-time link lets the
//! holder choose a password.

use crate::helpers::{csrf_token_in, new_client, signed_in_as, Backend, TestApp, PASSWORD};
use chorus::domain::Role;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The link shown on an account page, as a path on the site.
fn link_in(html: &str) -> String {
    let start = html.find("/set-password/").unwrap_or_else(|| panic!("a link on the page: {html}"));
    let end = start + html[start..].find('<').unwrap();
    html[start..end].to_owned()
}

/// The same app, seen from another browser.
fn other_browser(app: &TestApp) -> TestApp {
    TestApp {
        address: app.address.clone(),
        client: new_client(),
        db: app.db.clone(),
        database_url: app.database_url.clone(),
        data_dir: app.data_dir.clone(),
    }
}

async fn add(app: &TestApp, name: &str, email: &str, role: &str) -> reqwest::Response {
    let token = app.csrf_token("/admin").await;
    app.post_form("/admin/users/new", &[("csrf_token", &token), ("display_name", name), ("email", email), ("role", role)]).await
}

async fn an_administrator_adds_an_analyst_who_sets_a_password_and_signs_in(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let list = app.get_html("/admin/users").await;
    assert!(list.contains("href=\"/admin/users/new\""));

    let added = add(&app, "Ann Analyst", "Ann@Kent.gov.uk", "analyst").await;
    assert_eq!(added.status(), 303);
    let page = location(&added);
    assert!(page.ends_with("?done=added"), "{page}");
    let html = app.get_html(&page).await;
    assert!(html.contains("The account is added."));
    assert!(html.contains("Ann Analyst") && html.contains("ann@kent.gov.uk") && html.contains("Analyst"));
    let link = link_in(&html);
    assert!(!app.get_html(&page).await.contains("/set-password/"), "the link is shown once");
    assert!(app.get_html("/admin/users").await.contains("ann@kent.gov.uk"));

    // The new member of staff cannot sign in until they have chosen a password.
    let ann = other_browser(&app);
    assert_eq!(ann.sign_in("ann@kent.gov.uk", PASSWORD).await.status(), 422);
    let form = ann.get_html(&link).await;
    assert!(form.contains("Choose a password") && form.contains("ann@kent.gov.uk"));
    let token = csrf_token_in(&form);
    let short = ann.post_form(&link, &[("csrf_token", &token), ("password", "short"), ("confirm", "short")]).await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("<a href=\"#password\">The password must be at least 12 characters long</a>"));
    let token = ann.csrf_token(&link).await;
    let mismatch =
        ann.post_form(&link, &[("csrf_token", &token), ("password", "a long enough phrase"), ("confirm", "a long enough phrasf")]).await;
    assert_eq!(mismatch.status(), 422);
    assert!(mismatch.text().await.unwrap().contains("<a href=\"#confirm\">The passwords do not match"));
    let token = ann.csrf_token(&link).await;
    let set =
        ann.post_form(&link, &[("csrf_token", &token), ("password", "ann's own long phrase"), ("confirm", "ann's own long phrase")]).await;
    assert_eq!(set.status(), 200);
    assert!(set.text().await.unwrap().contains("Your password is set"));

    assert_eq!(ann.get(&link).await.status(), 410, "the link works once");
    assert_eq!(ann.sign_in("ann@kent.gov.uk", "ann's own long phrase").await.status(), 303);
    assert_eq!(ann.get("/admin/engagements/stls-phase-2/themes").await.status(), 200, "analysts review themes");
    assert_eq!(ann.get("/admin/users").await.status(), 403, "only administrators manage accounts");
    let hash: String = sqlx::query_scalar("select token_hash from password_links").fetch_one(&app.db.pool).await.unwrap();
    assert!(!link.contains(&hash), "only a hash of the secret is kept");

    // Ann forgets her password: a new link, once used, also ends sessions signed in before it.
    let id = page.trim_start_matches("/admin/users/").split('?').next().unwrap().to_owned();
    let token = app.csrf_token("/admin").await;
    assert_eq!(app.post_form(&format!("/admin/users/{id}/password-link"), &[("csrf_token", &token)]).await.status(), 303);
    let link = link_in(&app.get_html(&format!("/admin/users/{id}?done=link")).await);
    let elsewhere = other_browser(&app);
    let token = elsewhere.csrf_token(&link).await;
    let set = elsewhere
        .post_form(&link, &[("csrf_token", &token), ("password", "ann's newer long phrase"), ("confirm", "ann's newer long phrase")])
        .await;
    assert_eq!(set.status(), 200);
    assert_eq!(ann.get("/admin").await.status(), 303, "the session from before the new password has ended");
    assert_eq!(elsewhere.sign_in("ann@kent.gov.uk", "ann's own long phrase").await.status(), 422, "the old password is gone");
    assert_eq!(elsewhere.sign_in("ann@kent.gov.uk", "ann's newer long phrase").await.status(), 303);
    assert_eq!(elsewhere.get("/admin").await.status(), 200);
    assert_eq!(app.get("/admin").await.status(), 200, "other people's sessions carry on");
}

async fn a_new_account_is_checked_and_keeps_what_was_typed(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let empty = add(&app, "", "", "").await;
    assert_eq!(empty.status(), 422);
    let html = empty.text().await.unwrap();
    assert!(html.contains("<title>Error: Add a staff account – Chorus</title>"));
    for (field, message) in [("display-name", "Enter their name"), ("email", "Enter"), ("role", "Choose a role")] {
        assert!(html.contains(&format!("<a href=\"#{field}\">{message}")), "{field}: {html}");
    }
    let taken = add(&app, "Someone", "STAFF@kent.gov.uk", "viewer").await;
    assert_eq!(taken.status(), 422);
    let html = taken.text().await.unwrap();
    assert!(html.contains("There is already an account with this email address"));
    assert!(html.contains("value=\"Someone\"") && html.contains("value=\"STAFF@kent.gov.uk\""), "what was typed is kept");
    assert_eq!(add(&app, "Someone", "someone@kent.gov.uk", "owner").await.status(), 422, "no such role");
}

async fn roles_change_and_disabled_accounts_are_shut_out_at_once(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let id = app.add_user("vic@kent.gov.uk", Role::Viewer).await;
    let vic = other_browser(&app);
    assert_eq!(vic.sign_in("vic@kent.gov.uk", PASSWORD).await.status(), 303);
    assert_eq!(vic.get("/admin/engagements/new").await.status(), 403);

    let page = format!("/admin/users/{id}");
    let token = app.csrf_token(&page).await;
    let no_role = app.post_form(&format!("{page}/role"), &[("csrf_token", &token)]).await;
    assert_eq!(no_role.status(), 422);
    assert!(no_role.text().await.unwrap().contains("<a href=\"#role\">Choose a role</a>"));
    let changed = app.post_form(&format!("{page}/role"), &[("csrf_token", &token), ("role", "commissioner")]).await;
    assert_eq!(location(&changed), format!("{page}?done=role"));
    assert_eq!(vic.get("/admin/engagements/new").await.status(), 200, "the new role applies on the next page");

    let disabled = app.post_form(&format!("{page}/status"), &[("csrf_token", &token), ("disabled", "yes")]).await;
    assert_eq!(location(&disabled), format!("{page}?done=disabled"));
    assert!(app.get_html("/admin/users").await.contains("Disabled"));
    assert_eq!(vic.get("/admin").await.status(), 303, "their session stops working");
    assert_eq!(other_browser(&app).sign_in("vic@kent.gov.uk", PASSWORD).await.status(), 422);

    // A link made for a disabled account does not work until it is enabled again.
    assert_eq!(app.post_form(&format!("{page}/password-link"), &[("csrf_token", &token)]).await.status(), 303);
    let link = link_in(&app.get_html(&format!("{page}?done=link")).await);
    assert_eq!(vic.get(&link).await.status(), 410);
    app.post_form(&format!("{page}/status"), &[("csrf_token", &token), ("disabled", "no")]).await;
    assert_eq!(vic.get("/admin").await.status(), 303, "enabling the account again does not bring old sessions back");
    assert_eq!(vic.get(&link).await.status(), 200);
    assert_eq!(vic.get(&link).await.headers()["cache-control"], "no-store", "the browser keeps no copy of the link's page");
    assert_eq!(
        other_browser(&app).sign_in("vic@kent.gov.uk", PASSWORD).await.status(),
        303,
        "the old password works until the link is used"
    );
}

async fn administrators_cannot_shut_themselves_out_and_others_cannot_manage_accounts(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let me: i64 = sqlx::query_scalar("select id from users where email = 'staff@kent.gov.uk'").fetch_one(&app.db.pool).await.unwrap();
    let page = format!("/admin/users/{me}");
    let html = app.get_html(&page).await;
    assert!(html.contains("This is your own account"));
    assert!(!html.contains(&format!("{page}/status")), "no way to disable yourself");
    let token = csrf_token_in(&html);
    assert_eq!(app.post_form(&format!("{page}/status"), &[("csrf_token", &token), ("disabled", "yes")]).await.status(), 400);
    assert_eq!(app.post_form(&format!("{page}/role"), &[("csrf_token", &token), ("role", "viewer")]).await.status(), 400);
    assert_eq!(app.get("/admin").await.status(), 200, "still signed in as an administrator");
    assert_eq!(
        app.post_form(
            "/admin/users/new",
            &[("csrf_token", "forged"), ("display_name", "X"), ("email", "x@kent.gov.uk"), ("role", "admin")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(app.get("/admin/users/999999").await.status(), 404);
    assert_eq!(app.get("/set-password/not-a-real-secret").await.status(), 410);

    for role in [Role::Commissioner, Role::Analyst, Role::SafeguardingLead, Role::Viewer] {
        let app = signed_in_as(crate::helpers::Backend::Sqlite, role).await;
        let token = app.csrf_token("/admin").await;
        assert_eq!(app.get("/admin/users/new").await.status(), 403, "{role:?}");
        assert_eq!(app.get(&format!("/admin/users/{me}")).await.status(), 403, "{role:?}");
        assert_eq!(add(&app, "X", "x@kent.gov.uk", "admin").await.status(), 403, "{role:?}");
        assert_eq!(app.post_form("/admin/users/1/status", &[("csrf_token", &token), ("disabled", "yes")]).await.status(), 403, "{role:?}");
    }
    let anonymous = other_browser(&app);
    assert_eq!(anonymous.get("/admin/users/new").await.status(), 303, "signed-out visitors are sent to sign in");
}

crate::on_both_backends!(
    an_administrator_adds_an_analyst_who_sets_a_password_and_signs_in,
    a_new_account_is_checked_and_keeps_what_was_typed,
    roles_change_and_disabled_accounts_are_shut_out_at_once,
    administrators_cannot_shut_themselves_out_and_others_cannot_manage_accounts,
);
