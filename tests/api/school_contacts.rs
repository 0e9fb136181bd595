//! A school contact's account speaks for the schools an administrator links it to: they see
//! those schools' access codes and how many answered with each (small counts hidden), and
//! nothing of other schools.

use crate::helpers::{csrf_token_in, signed_in_as, spawn_app_on, Backend, PASSWORD};
use chorus::domain::Role;

async fn a_school_contact_sees_their_own_schools_and_nothing_else(backend: Backend) {
    let admin = signed_in_as(backend, Role::Admin).await;
    chorus::demo::add_responses(&admin.db, 120).await.unwrap();
    let contact_id = admin.add_user("senco@oakfield.sch.uk", Role::SchoolContact).await;
    // The school that heard most, and another.
    let (school, name, code): (i64, String, String) = sqlx::query_as(
        "select s.id, s.name, c.code from schools s join access_codes c on c.school_id = s.id \
         order by (select count(*) from responses r where r.school_id = s.id and r.submitted_at is not null) desc, s.id limit 1",
    )
    .fetch_one(&admin.db.pool)
    .await
    .unwrap();
    let (other_name, other_code): (String, String) =
        sqlx::query_as("select s.name, c.code from schools s join access_codes c on c.school_id = s.id where s.id <> $1 limit 1")
            .bind(school)
            .fetch_one(&admin.db.pool)
            .await
            .unwrap();
    let sent: i64 = sqlx::query_scalar("select count(*) from responses where school_id = $1 and submitted_at is not null")
        .bind(school)
        .fetch_one(&admin.db.pool)
        .await
        .unwrap();
    let account = format!("/admin/users/{contact_id}");
    assert!(admin.get_html(&account).await.contains("Schools they speak for"));

    let contact = spawn_app_on(&admin.database_url, admin.data_dir.clone()).await;
    assert_eq!(contact.sign_in("senco@oakfield.sch.uk", PASSWORD).await.status(), 303);
    assert!(contact.get_html("/admin").await.contains("Your account does not speak for a school yet"));

    let token = csrf_token_in(&admin.get_html(&account).await);
    let linked = admin.post_form(&format!("{account}/schools"), &[("csrf_token", &token), ("school_id", &school.to_string())]).await;
    assert_eq!(linked.headers()["location"], format!("{account}?done=schools"));

    let home = contact.get_html("/admin").await;
    assert!(home.contains(&format!("<h3 id=\"school-0\" class=\"heading-m\">{name}, ")));
    assert!(home.contains(&code), "their school's code");
    let shown = if (1..5).contains(&sent) { "fewer than 5".to_string() } else { sent.to_string() };
    assert!(sent > 0, "the school heard from someone");
    assert!(home.contains(&format!("<td class=\"table__numeric\">{shown}</td>")), "{sent} answered: {home}");
    assert!(!home.contains(&other_code) && !home.contains(&other_name), "nothing of other schools");
    assert!(!home.contains("/admin/engagements/"), "no way to pages they may not see");
    for path in ["/admin/schools", "/admin/surveys/3/codes", "/admin/surveys/3/results", "/admin/engagements/stls-phase-2"] {
        assert_eq!(contact.get(path).await.status(), 403, "{path}");
    }

    let removed = admin
        .post_form(&format!("{account}/schools"), &[("csrf_token", &token), ("school_id", &school.to_string()), ("remove", "yes")])
        .await;
    assert_eq!(removed.status(), 303);
    assert!(!contact.get_html("/admin").await.contains(&code));
}

async fn only_a_school_contact_speaks_for_a_school(backend: Backend) {
    let admin = signed_in_as(backend, Role::Admin).await;
    let analyst = admin.add_user("analyst@kent.gov.uk", Role::Analyst).await;
    let account = format!("/admin/users/{analyst}");
    assert!(!admin.get_html(&account).await.contains("Schools they speak for"));
    let token = csrf_token_in(&admin.get_html(&account).await);

    let refused = admin.post_form(&format!("{account}/schools"), &[("csrf_token", &token), ("school_id", "1")]).await;

    assert_eq!(refused.status(), 400);
    let links: i64 = sqlx::query_scalar("select count(*) from school_contacts").fetch_one(&admin.db.pool).await.unwrap();
    assert_eq!(links, 0);
}

crate::on_both_backends!(a_school_contact_sees_their_own_schools_and_nothing_else, only_a_school_contact_speaks_for_a_school,);
