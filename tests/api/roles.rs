//! Every staff route against every role, and against someone not signed in. The routes come from
//! the server's source and the methods each answers from the server itself: a route missing from
//! the table below, or a method the table leaves out, fails the test, so no new page can go
//! without being checked. What each role may do comes from `Role::can` (whose own table is tested
//! in the server's unit tests); here the server must agree with it on every route.

use crate::helpers::{csrf_field, spawn_app, survey_id, Backend, TestApp, PASSWORD};
use chorus::accounts::permissions::Permission;
use chorus::domain::Role;

/// What each staff route needs, by method: a permission, or `None` for anyone signed in.
const TABLE: &[(&str, &str, Option<Permission>)] = {
    use Permission::*;
    &[
        ("GET", "/admin", None),
        ("GET", "/admin/audit", Some(ReadAuditLog)),
        ("GET", "/admin/audit.csv", Some(ReadAuditLog)),
        ("GET", "/admin/documents/{id}", Some(ViewEngagements)),
        ("GET", "/admin/documents/{id}/approvals/new", Some(EditEngagements)),
        ("POST", "/admin/documents/{id}/approvals/new", Some(EditEngagements)),
        ("GET", "/admin/documents/{id}/open", Some(EditEngagements)),
        ("POST", "/admin/documents/{id}/open", Some(EditEngagements)),
        ("GET", "/admin/documents/{id}/sections/new", Some(EditEngagements)),
        ("POST", "/admin/documents/{id}/sections/new", Some(EditEngagements)),
        ("GET", "/admin/documents/{id}/sections/{key}/edit", Some(EditEngagements)),
        ("POST", "/admin/documents/{id}/sections/{key}/edit", Some(EditEngagements)),
        ("POST", "/admin/documents/{id}/sections/{key}/move", Some(EditEngagements)),
        ("GET", "/admin/documents/{id}/versions/{number}/sections/{key}/feedback", Some(SeeResults)),
        ("POST", "/admin/documents/{id}/versions/{number}/sections/{key}/feedback", Some(EditEngagements)),
        ("GET", "/admin/documents/{id}/workshops/new", Some(EditEngagements)),
        ("POST", "/admin/documents/{id}/workshops/new", Some(EditEngagements)),
        ("POST", "/admin/engagements", Some(EditEngagements)),
        ("GET", "/admin/engagements/new", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}", Some(ViewEngagements)),
        ("GET", "/admin/engagements/{slug}/documents", Some(ViewEngagements)),
        ("POST", "/admin/engagements/{slug}/documents", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/edit", Some(EditEngagements)),
        ("POST", "/admin/engagements/{slug}/edit", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/retention", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/schools", Some(EditEngagements)),
        ("POST", "/admin/engagements/{slug}/retention", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/export.xlsx", Some(ExportResults)),
        ("GET", "/admin/engagements/{slug}/group", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/outcomes", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/equality", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/reach", Some(SeeResults)),
        ("GET", "/admin/population", Some(ViewEngagements)),
        ("POST", "/admin/population", Some(EditEngagements)),
        ("GET", "/admin/equality-population", Some(ViewEngagements)),
        ("POST", "/admin/equality-population", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/equality.xlsx", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/public-results", Some(EditEngagements)),
        ("POST", "/admin/engagements/{slug}/public-results", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/public-results/preview", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/public-results/preview/easy-read", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/report", Some(SeeResults)),
        ("POST", "/admin/engagements/{slug}/report", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/report.xlsx", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/reports/{number}", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/reports/{number}/report.xlsx", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/responses", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/state", Some(EditEngagements)),
        ("POST", "/admin/engagements/{slug}/state", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/surveys/new", Some(EditEngagements)),
        ("POST", "/admin/engagements/{slug}/surveys/new", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/themes", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/themes/{scope}", Some(SeeResults)),
        ("POST", "/admin/engagements/{slug}/themes/{scope}/change", Some(ReviewThemes)),
        ("POST", "/admin/engagements/{slug}/themes/{scope}/find", Some(ReviewThemes)),
        ("GET", "/admin/engagements/{slug}/themes/{scope}/{theme}", Some(SeeResults)),
        ("GET", "/admin/engagements/{slug}/updates", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/updates.csv", Some(DownloadAddresses)),
        ("GET", "/admin/engagements/{slug}/you-said", Some(ViewEngagements)),
        ("POST", "/admin/engagements/{slug}/you-said", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/you-said/new", Some(EditEngagements)),
        ("GET", "/admin/engagements/{slug}/you-said/publish", Some(EditEngagements)),
        ("POST", "/admin/engagements/{slug}/you-said/publish", Some(EditEngagements)),
        ("GET", "/admin/area-boards", Some(ViewEngagements)),
        ("POST", "/admin/area-boards", Some(EditEngagements)),
        ("GET", "/admin/kpis/{id}", Some(SeeResults)),
        ("GET", "/admin/kpis/{id}/edit", Some(EditEngagements)),
        ("POST", "/admin/kpis/{id}/edit", Some(EditEngagements)),
        ("POST", "/admin/kpis/{id}/remove", Some(EditEngagements)),
        ("GET", "/admin/outcomes", Some(ViewEngagements)),
        ("GET", "/admin/outcomes/new", Some(EditEngagements)),
        ("POST", "/admin/outcomes/new", Some(EditEngagements)),
        ("GET", "/admin/outcomes/{id}", Some(ViewEngagements)),
        ("POST", "/admin/outcomes/{id}", Some(EditEngagements)),
        ("GET", "/admin/outcomes/{id}/kpis/new", Some(EditEngagements)),
        ("POST", "/admin/outcomes/{id}/kpis/new", Some(EditEngagements)),
        ("POST", "/admin/outcomes/{id}/remove", Some(EditEngagements)),
        ("GET", "/admin/safeguarding", Some(Safeguard)),
        ("GET", "/admin/safeguarding/kept-apart", Some(Safeguard)),
        ("GET", "/admin/safeguarding/comments/{id}", Some(Safeguard)),
        ("POST", "/admin/safeguarding/comments/{id}", Some(Safeguard)),
        ("GET", "/admin/safeguarding/{id}", Some(Safeguard)),
        ("POST", "/admin/safeguarding/{id}", Some(Safeguard)),
        ("GET", "/admin/schools", Some(ViewEngagements)),
        ("POST", "/admin/schools", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/codes", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/codes", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/codes/letters", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/export/{file}", Some(ExportResults)),
        ("POST", "/admin/surveys/{id}/pages/{page}/move", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/pages/{page}/routes", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/pages/{page}/routes", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/pages/{page}/routes/{index}/delete", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/preview", Some(ViewEngagements)),
        ("GET", "/admin/surveys/{id}/preview-end", Some(ViewEngagements)),
        ("GET", "/admin/surveys/{id}/preview/{page_id}", Some(ViewEngagements)),
        ("GET", "/admin/surveys/{id}/preview/{page_id}/continue", Some(ViewEngagements)),
        ("GET", "/admin/surveys/{id}/publish", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/publish", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/questions/new", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/questions/new", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/questions/{question}", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/questions/{question}", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/questions/{question}/delete", Some(EditEngagements)),
        ("GET", "/admin/surveys/{id}/results", Some(SeeResults)),
        ("GET", "/admin/surveys/{id}/settings", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/settings", Some(EditEngagements)),
        ("POST", "/admin/surveys/{id}/standard", Some(EditEngagements)),
        ("GET", "/admin/users", Some(ManageUsers)),
        ("GET", "/admin/users/new", Some(ManageUsers)),
        ("POST", "/admin/users/new", Some(ManageUsers)),
        ("GET", "/admin/users/{id}", Some(ManageUsers)),
        ("POST", "/admin/users/{id}/password-link", Some(ManageUsers)),
        ("POST", "/admin/users/{id}/role", Some(ManageUsers)),
        ("POST", "/admin/users/{id}/schools", Some(ManageUsers)),
        ("POST", "/admin/users/{id}/status", Some(ManageUsers)),
        ("GET", "/admin/you-said/{id}/edit", Some(EditEngagements)),
        ("POST", "/admin/you-said/{id}/edit", Some(EditEngagements)),
    ]
};

/// The values a route's placeholders take: things the demo has (or, where the permission is
/// checked before anything is looked up, an id that may not exist).
struct Ids {
    survey: i64,
    document: i64,
    user: i64,
}

fn concrete(route: &str, ids: &Ids) -> String {
    let id = if route.starts_with("/admin/surveys/") {
        ids.survey
    } else if route.starts_with("/admin/documents/") {
        ids.document
    } else if route.starts_with("/admin/users/") {
        ids.user
    } else {
        1
    };
    route
        .replace("{id}", &id.to_string())
        .replace("{slug}", "stls-phase-2")
        .replace("{number}", "1")
        .replace("{key}", "district-teams")
        .replace("{scope}", "all")
        .replace("{theme}", "1")
        .replace("{file}", "responses.csv")
        .replace("{page}", "used-stls")
        .replace("{page_id}", "relationship")
        .replace("{question}", "timely")
        .replace("{index}", "0")
}

/// Sends `method` to `path` as `browser`, with its own form token on a post (and a direction, for
/// the routes that move something). Returns the status, the location and the body.
async fn send(browser: &TestApp, token: &str, method: &str, path: &str) -> (u16, String, String) {
    let response = if method == "GET" {
        browser.get(path).await
    } else {
        browser.post_form(path, &[("csrf_token", token), ("direction", "up")]).await
    };
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (status, location, response.text().await.unwrap_or_default())
}

async fn every_staff_route_answers_every_role_as_its_permission_says(backend: Backend) {
    let app = spawn_app(backend).await;
    assert!(chorus::demo::seed(&app.db).await.unwrap());
    let routes = chorus_tests::routes::staff_routes();
    let listed: Vec<&str> = TABLE.iter().map(|(_, r, _)| *r).collect();
    for route in &routes {
        assert!(listed.contains(&route.as_str()), "{route} is a staff route missing from the table");
    }
    for route in &listed {
        assert!(routes.iter().any(|r| r == route), "{route} is in the table but is no route");
    }

    let mut browsers = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@kent.gov.uk", role.as_str().replace('_', "-"));
        app.add_user(&email, role).await;
        let browser = app.another_browser(None);
        assert_eq!(browser.sign_in(&email, PASSWORD).await.status(), 303, "{role:?} signs in");
        let token = csrf_field(&browser.get_html("/admin").await, "csrf_token");
        browsers.push((role, browser, token));
    }
    let ids = Ids {
        survey: survey_id(&app, "parents-carers").await,
        document: sqlx::query_scalar("select id from documents order by id").fetch_one(&app.db.pool).await.unwrap(),
        user: app.add_user("someone@kent.gov.uk", Role::Viewer).await,
    };
    let stranger = app.another_browser(None);

    // Every method of every route: the table's, and for the others the router's 405.
    let mut checked = 0;
    for route in &routes {
        let path = concrete(route, &ids);
        for method in ["GET", "POST"] {
            let needs = TABLE.iter().find(|(m, r, _)| *m == method && r == route).map(|(_, _, p)| *p);
            let Some(needs) = needs else {
                let (status, ..) = send(&browsers[0].1, &browsers[0].2, method, &path).await;
                assert_eq!(status, 405, "{method} {path} is not in the table, so the server must not answer it");
                continue;
            };
            let (status, location, _) = send(&stranger, "", method, &path).await;
            assert!(status == 303 && location.starts_with("/sign-in"), "{method} {path} not signed in: {status} {location}");
            for (role, browser, token) in &browsers {
                let (status, location, body) = send(browser, token, method, &path).await;
                let may = needs.is_none_or(|p| role.can(p));
                if may {
                    assert!(
                        status < 500 && ![403, 405].contains(&status) && !location.starts_with("/sign-in"),
                        "{role:?} may {method} {path}, but got {status} {location}"
                    );
                } else {
                    assert_eq!(status, 403, "{role:?} may not {method} {path}");
                    assert!(body.contains("You do not have access to this page"), "{role:?} {method} {path}: refused for its role");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked} checks");
}

crate::on_both_backends!(every_staff_route_answers_every_role_as_its_permission_says);
