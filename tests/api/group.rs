//! The co-production group: joining with consent, details kept apart from every survey answer,
//! a personal link (only its hash kept) that gathers what the member said and the replies,
//! leaving, and the list commissioners arrange workshops from.

use crate::helpers::{csrf_field, new_client, signed_in_as, Backend, TestApp};
use chorus::domain::Role;

const JOIN: &str = "/e/stls-phase-2/group";
const SECTION: &str = "/e/stls-phase-2/documents/service-specification/sections/outreach";

async fn post(app: &TestApp, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut request = new_client().post(app.url(path)).form(fields);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = new_client().get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

async fn joining_needs_consent_and_a_member_returns_to_what_they_said_at_their_own_link(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    assert!(get(&app, "/e/stls-phase-2", None)
        .await
        .text()
        .await
        .unwrap()
        .contains("<a href=\"/e/stls-phase-2/group\">Join the co-production group</a>"));
    let form = get(&app, JOIN, None).await;
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains("They are kept apart from any survey answers you gave"));

    let no_consent = post(&app, JOIN, None, &[("name", "Sam"), ("contact", "sam@example.org"), ("audience", "young_people")]).await;
    assert_eq!(no_consent.status(), 422);
    let no_consent = no_consent.text().await.unwrap();
    assert!(no_consent.contains("<a href=\"#consent\">Tick the box to agree"));
    assert!(no_consent.contains("value=\"Sam\"") && no_consent.contains("value=\"sam@example.org\""), "what was typed is kept");
    let members: i64 = sqlx::query_scalar("select count(*) from group_members").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(members, 0, "nothing is kept without consent");

    let joined =
        post(&app, JOIN, None, &[("name", "Sam"), ("contact", "sam@example.org"), ("audience", "young_people"), ("consent", "on")]).await;
    assert_eq!(joined.status(), 303);
    let own = joined.headers()["location"].to_str().unwrap().to_owned();
    let token = own.trim_start_matches("/group/").trim_end_matches("?joined=1").to_owned();
    let page = get(&app, &own, None).await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let cookie = page.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with(&format!("chorus_member={token}")) && cookie.contains("Path=/e/stls-phase-2") && cookie.contains("HttpOnly")
    );
    assert!(!cookie.contains("Max-Age"), "forgotten when the browser closes: {cookie}");
    let page = page.text().await.unwrap();
    assert!(page.contains("You have joined the group") && page.contains("sam@example.org"));
    assert!(page.contains("<a href=\"/e/stls-phase-2/documents/service-specification\">STLS service specification (draft)</a>"));

    // Kept apart from answers: the table has nowhere to put a response, and only the link's hash.
    let columns: Vec<String> = match backend {
        Backend::Sqlite => {
            sqlx::query_scalar("select name from pragma_table_info('group_members') order by cid").fetch_all(&app.db.pool).await.unwrap()
        }
        Backend::Postgres => sqlx::query_scalar(
            "select cast(column_name as text) from information_schema.columns where table_name = 'group_members' order by ordinal_position",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap(),
    };
    assert_eq!(columns, ["id", "engagement_id", "name", "contact", "audience", "consented_on", "link_hash"]);
    let (hash, day): (String, i64) =
        sqlx::query_as("select link_hash, consented_on from group_members").fetch_one(&app.db.pool).await.unwrap();
    assert_ne!(hash, token);
    assert_eq!(day % 86_400, 0, "only the day of consent");

    // From their page, what they say is theirs.
    let member = format!("chorus_member={token}");
    let section = get(&app, SECTION, Some(&member)).await.text().await.unwrap();
    assert!(section.contains("You are having your say as Sam, from the co-production group."));
    let link = csrf_field(&section, "link");
    let said = "Could the visit report come to us in Easy Read?";
    assert_eq!(post(&app, SECTION, Some(&member), &[("link", &link), ("reaction", "support"), ("comment", said)]).await.status(), 303);
    let anonymous = "A comment from someone else on the same tablet.";
    let other_link = csrf_field(&get(&app, SECTION, None).await.text().await.unwrap(), "link");
    assert_eq!(post(&app, SECTION, None, &[("link", &other_link), ("comment", anonymous)]).await.status(), 303);
    let page = get(&app, &format!("/group/{token}"), None).await.text().await.unwrap();
    assert!(page.contains("I support it. Could the visit report come to us in Easy Read?"), "{page}");
    assert!(!page.contains(anonymous), "only what they said from their page");
    assert!(page.contains("No reply yet."));

    // Commissioners see the members, to arrange workshops; viewers do not.
    let list = app.get_html("/admin/engagements/stls-phase-2/group").await;
    assert!(list.contains("1 person has joined") && list.contains("<td>Sam</td>") && list.contains("sam@example.org"));
    let viewer = signed_in_as(backend, Role::Viewer).await;
    assert_eq!(viewer.get("/admin/engagements/stls-phase-2/group").await.status(), 403);

    // Leaving deletes them; what they said stays, without their name.
    assert!(get(&app, &format!("/group/{token}/leave"), None).await.text().await.unwrap().contains("Leave the co-production group?"));
    let left = post(&app, &format!("/group/{token}/leave"), None, &[]).await;
    assert_eq!(left.status(), 200);
    assert!(left.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert!(left.text().await.unwrap().contains("You have left the group"));
    let members: i64 = sqlx::query_scalar("select count(*) from group_members").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(members, 0);
    let kept: Option<i64> =
        sqlx::query_scalar("select member_id from document_feedback where comment = $1").bind(said).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(kept, None, "the comment stays, no longer theirs");
    assert_eq!(get(&app, &format!("/group/{token}"), None).await.status(), 404);
    assert!(!get(&app, SECTION, Some(&member)).await.text().await.unwrap().contains("You are having your say as"));
}

async fn a_member_on_a_shared_tablet_can_have_their_say_without_their_name(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let joined =
        post(&app, JOIN, None, &[("name", "Ali"), ("contact", "07700 900982"), ("audience", "parents_carers"), ("consent", "on")]).await;
    let token = joined.headers()["location"].to_str().unwrap().trim_start_matches("/group/").trim_end_matches("?joined=1").to_owned();
    let forgot = post(&app, "/e/stls-phase-2/group/forget", Some(&format!("chorus_member={token}")), &[("back", SECTION)]).await;
    assert_eq!(forgot.status(), 303);
    assert_eq!(forgot.headers()["location"], SECTION);
    let cookie = forgot.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("chorus_member=;") && cookie.contains("Max-Age=0"), "{cookie}");
    let elsewhere = post(&app, "/e/stls-phase-2/group/forget", None, &[("back", "https://example.org/")]).await;
    assert_eq!(elsewhere.headers()["location"], "/e/stls-phase-2", "never sent off to another site");
}

async fn a_flood_of_joins_from_one_place_is_refused_and_what_was_typed_is_kept(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    for i in 0..20 {
        let contact = format!("member{i}@example.org");
        let joined =
            post(&app, JOIN, None, &[("name", "Sam"), ("contact", &contact), ("audience", "parents_carers"), ("consent", "on")]).await;
        assert_eq!(joined.status(), 303, "{i}");
    }
    let fields = [("name", "Twenty One"), ("contact", "twenty-one@example.org"), ("audience", "parents_carers"), ("consent", "on")];
    let refused = post(&app, JOIN, None, &fields).await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((60..=3600).contains(&retry), "Retry-After says when: {retry}");
    let page = refused.text().await.unwrap();
    assert!(page.contains("Try again in 60 minutes") || page.contains("Try again in 59 minutes"), "{page}");
    assert!(page.contains("value=\"Twenty One\"") && page.contains("value=\"twenty-one@example.org\""), "what was typed is kept");
    let members: i64 = sqlx::query_scalar("select count(*) from group_members").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(members, 20, "the refused one is not kept");
}

crate::on_both_backends!(
    a_flood_of_joins_from_one_place_is_refused_and_what_was_typed_is_kept,
    joining_needs_consent_and_a_member_returns_to_what_they_said_at_their_own_link,
    a_member_on_a_shared_tablet_can_have_their_say_without_their_name,
);
