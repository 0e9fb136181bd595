//! The audit log: staff reading or downloading personal data, and changes to accounts, are
//! recorded with who and when; nothing else is, nor anything refused; administrators alone read
//! and download the log.

use crate::helpers::{signed_in_as, survey_id, Backend, TestApp, PASSWORD};
use chorus::domain::Role;

async fn entries(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as("select u.email, a.action, a.address from audit_log a join users u on u.id = a.user_id order by a.id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn reading_personal_data_and_changing_accounts_is_recorded_for_administrators_to_read(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let parents = survey_id(&app, "parents-carers").await;
    let viewer_id = app.add_user("vic@kent.gov.uk", Role::Viewer).await;
    let vic = app.another_browser(None);
    assert_eq!(vic.sign_in("vic@kent.gov.uk", PASSWORD).await.status(), 303);

    // Pages with no personal data, refusals and people not signed in leave nothing.
    assert_eq!(app.get("/admin").await.status(), 200);
    assert_eq!(app.get(&format!("/admin/surveys/{parents}")).await.status(), 200);
    assert_eq!(vic.get("/admin/safeguarding").await.status(), 403);
    assert_eq!(app.another_browser(None).get(&format!("/admin/surveys/{parents}/results")).await.status(), 303);
    assert_eq!(entries(&app).await, vec![]);

    // Each use below is recorded once, with who did it and the address with its query.
    assert_eq!(vic.get(&format!("/admin/surveys/{parents}/results?area=cognition-and-learning")).await.status(), 200);
    assert_eq!(app.get(&format!("/admin/surveys/{parents}/export/responses.csv")).await.status(), 200);
    assert_eq!(app.get("/admin/safeguarding").await.status(), 200);
    assert_eq!(app.get("/admin/engagements/stls-phase-2/group").await.status(), 200);
    assert_eq!(app.get("/admin/engagements/stls-phase-2/updates.csv").await.status(), 200);
    let account = format!("/admin/users/{viewer_id}");
    let token = app.csrf_token(&account).await;
    let changed = app.post_form(&format!("{account}/role"), &[("csrf_token", &token), ("role", "analyst")]).await;
    assert_eq!(changed.status(), 303);
    // A change refused for what was sent is no change.
    assert_eq!(app.post_form(&format!("{account}/role"), &[("csrf_token", &token)]).await.status(), 422);
    let expect = |who: &str, what: &str, address: String| (who.to_string(), what.to_string(), address);
    let (admin, viewer) = ("staff@kent.gov.uk", "vic@kent.gov.uk");
    assert_eq!(
        entries(&app).await,
        vec![
            expect(viewer, "Read a survey's results", format!("/admin/surveys/{parents}/results?area=cognition-and-learning")),
            expect(admin, "Downloaded a survey's responses", format!("/admin/surveys/{parents}/export/responses.csv")),
            expect(admin, "Read the safeguarding queue", "/admin/safeguarding".into()),
            expect(admin, "Read the co-production group", "/admin/engagements/stls-phase-2/group".into()),
            expect(admin, "Downloaded email addresses", "/admin/engagements/stls-phase-2/updates.csv".into()),
            expect(admin, "Read a staff account", account.clone()),
            expect(admin, "Changed a staff account's role", format!("{account}/role")),
        ]
    );

    // The log, newest first, for administrators only; reading it is recorded too.
    let log = app.get_html("/admin/audit").await;
    assert!(log.contains("<h1 class=\"heading-xl\">Audit log</h1>"), "{log}");
    let newest = log.find("Changed a staff account&#x27;s role").or_else(|| log.find("Changed a staff account's role"));
    let oldest = log.find(&format!("/admin/surveys/{parents}/results?area=cognition-and-learning"));
    assert!(newest.is_some() && oldest.is_some() && newest < oldest, "newest first: {log}");
    assert!(log.contains("vic@kent.gov.uk") && log.contains("UTC"), "{log}");
    let csv = app.get("/admin/audit.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("chorus-audit-log.csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}When (UTC),Name,Email address,What,Address"), "{csv}");
    assert!(csv.contains("Read the audit log"), "reading the log is in it: {csv}");
    assert_eq!(csv.lines().count(), 1 + 8, "seven, then reading the log: {csv}");
    for role_page in ["/admin/audit", "/admin/audit.csv"] {
        assert_eq!(vic.get(role_page).await.status(), 403, "{role_page}");
    }
    assert!(app.get_html("/admin").await.contains("href=\"/admin/audit\""));
    assert!(!vic.get_html("/admin").await.contains("href=\"/admin/audit\""));
}

#[test]
fn every_staff_route_is_either_recorded_or_named_as_showing_no_personal_data() {
    use chorus::audit::{NOT_RECORDED, RECORDED};
    let routes = chorus_tests::routes::staff_routes();
    assert!(routes.len() > 60, "the source was read: {routes:?}");
    for route in &routes {
        let recorded = RECORDED.iter().any(|(_, r, _)| r == route);
        let not = NOT_RECORDED.contains(&route.as_str());
        assert!(recorded != not, "{route} must be in exactly one of RECORDED and NOT_RECORDED");
    }
    for (_, route, _) in RECORDED {
        assert!(routes.iter().any(|r| r == route), "{route} is recorded but is no route");
    }
    for route in NOT_RECORDED {
        assert!(routes.iter().any(|r| r == route), "{route} is listed but is no route");
    }
}

crate::on_both_backends!(reading_personal_data_and_changing_accounts_is_recorded_for_administrators_to_read);
