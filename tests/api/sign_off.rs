//! Workshops recorded against sections, a final version that closes comments, its approvals,
//! the document in Easy Read and "how this was co-produced" with small numbers hidden; only
//! commissioners record them.

use crate::helpers::{csrf_token_in, new_client, signed_in_as, Backend, TestApp};
use chorus::domain::Role;

const PUBLIC: &str = "/e/stls-phase-2/documents/service-specification";

async fn public_text(app: &TestApp, path: &str) -> (u16, String) {
    let response = new_client().get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn document_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("select id from documents where slug = 'service-specification'").fetch_one(&app.db.pool).await.unwrap()
}

async fn workshops_then_a_signed_off_final_version_with_how_it_was_co_produced(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = document_id(&app).await;
    let doc = format!("/admin/documents/{id}");
    let form = app.get_html(&format!("{doc}/workshops/new")).await;
    let token = csrf_token_in(&form);
    let empty = app.post_form(&format!("{doc}/workshops/new"), &[("csrf_token", &token)]).await;
    assert_eq!(empty.status(), 422);
    let empty = empty.text().await.unwrap();
    for message in [
        "Say what the workshop was",
        "Enter the date it was held",
        "Enter how many took part",
        "Choose at least one section",
        "Say what was agreed",
    ] {
        assert!(empty.contains(message), "{message}");
    }
    let fields = [
        ("csrf_token", token.as_str()),
        ("title", "Parents and young people at Hope Academy"),
        ("held_day", "12"),
        ("held_month", "3"),
        ("held_year", "2027"),
        ("young_people", "3"),
        ("parents_carers", "8"),
        ("sections", "outreach"),
        ("sections", "district-teams"),
        ("agreed", "Visits happen in lessons, and parents hear what was suggested."),
    ];
    assert_eq!(app.post_form(&format!("{doc}/workshops/new"), &fields).await.status(), 303);
    let outreach = public_text(&app, &format!("{PUBLIC}/sections/outreach")).await.1;
    assert!(outreach.contains("Talked about at workshops") && outreach.contains("Visits happen in lessons"));
    assert!(outreach.contains("11 people: children and young people, fewer than 5; parents and carers, not shown"), "{outreach}");
    assert!(!public_text(&app, &format!("{PUBLIC}/sections/training-for-school-staff")).await.1.contains("Talked about at workshops"));

    // Approvals come after a final version.
    assert_eq!(app.get(&format!("{doc}/approvals/new")).await.status(), 400);
    let published =
        app.post_form(&format!("{doc}/open"), &[("csrf_token", &token), ("stage", "final"), ("note", "Agreed at the workshops.")]).await;
    assert_eq!(published.status(), 303, "a final version may repeat the last one word for word");
    let (_, final_page) = public_text(&app, PUBLIC).await;
    assert!(final_page.contains("The final version (version 3), published on"));
    assert!(final_page.contains("Comments on it are closed") && !final_page.contains("Have your say on this section"));
    assert!(final_page.contains("How this was co-produced"));
    assert!(final_page.contains("Parents and carers: "), "{final_page}");
    assert!(final_page.contains("Parents and young people at Hope Academy"));
    assert!(final_page.contains("Version 2: District teams: every school has a named specialist teacher"));
    assert!(final_page.contains("written comments. The council replied to "), "{final_page}");
    let section = public_text(&app, &format!("{PUBLIC}/sections/outreach")).await.1;
    assert!(section.contains("comments on it are closed") && !section.contains("name=\"link\""));
    let refused =
        new_client().post(app.url(&format!("{PUBLIC}/sections/outreach"))).form(&[("comment", "Too late?")]).send().await.unwrap();
    assert_eq!(refused.status(), 400);
    let after = app.post_form(&format!("{doc}/open"), &[("csrf_token", &token), ("stage", "comment"), ("note", "More.")]).await;
    assert_eq!(after.status(), 422, "nothing after the final version");

    let no_body = app.post_form(&format!("{doc}/approvals/new"), &[("csrf_token", &token), ("approved_day", "31")]).await;
    assert_eq!(no_body.status(), 422);
    let no_body = no_body.text().await.unwrap();
    assert!(no_body.contains("Say who approved it") && no_body.contains("must include a month and a year"));
    let approved = app
        .post_form(
            &format!("{doc}/approvals/new"),
            &[
                ("csrf_token", &token),
                ("body", "Schools' Forum"),
                ("approved_day", "31"),
                ("approved_month", "3"),
                ("approved_year", "2027"),
            ],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let (_, signed) = public_text(&app, PUBLIC).await;
    assert!(
        signed.contains("Approved by:") && signed.contains("Schools&#x27; Forum, 31 March 2027")
            || signed.contains("Schools' Forum, 31 March 2027")
    );
    assert!(app.get_html(&doc).await.contains("Sign-off of version 3, the final version"));

    let (status, easy) = public_text(&app, &format!("{PUBLIC}/easy-read")).await;
    assert_eq!(status, 200);
    assert!(easy.contains("This is the final plan. It is version 3.") && easy.contains("A teacher can come to your class."));
}

async fn small_numbers_are_hidden_in_how_it_was_co_produced(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let id = document_id(&app).await;
    // Only a handful said they were someone else.
    let link = |n: usize| format!("made-up-link-{n}-for-this-test-only-0000000000000");
    let version: i64 = sqlx::query_scalar("select v.id from document_versions v where v.document_id = $1 and v.number = 2")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    for n in 0..2 {
        sqlx::query("insert into document_feedback (version_id, section_key, reaction, audience, link_hash, sent_on) values ($1, 'outreach', 'support', 'other', $2, 0)")
            .bind(version)
            .bind(link(n))
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let token = csrf_token_in(&app.get_html(&format!("/admin/documents/{id}/open")).await);
    let fields = [("csrf_token", token.as_str()), ("stage", "final"), ("note", "Final.")];
    assert_eq!(app.post_form(&format!("/admin/documents/{id}/open"), &fields).await.status(), 303);
    let (_, page) = public_text(&app, PUBLIC).await;
    assert!(page.contains("Others: fewer than 5"), "{page}");
    assert!(!page.contains("Others: 2"), "administrators too: this page is public");
}

async fn only_commissioners_record_workshops_and_approvals(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let id = document_id(&app).await;
    assert_eq!(app.get(&format!("/admin/documents/{id}/workshops/new")).await.status(), 403);
    let token = csrf_token_in(&app.get_html(&format!("/admin/documents/{id}")).await);
    let refused = app.post_form(&format!("/admin/documents/{id}/workshops/new"), &[("csrf_token", &token), ("title", "Mine")]).await;
    assert_eq!(refused.status(), 403);
    let refused = app.post_form(&format!("/admin/documents/{id}/approvals/new"), &[("csrf_token", &token), ("body", "Me")]).await;
    assert_eq!(refused.status(), 403);
    let refused = app.post_form(&format!("/admin/documents/{id}/open"), &[("csrf_token", &token), ("stage", "final")]).await;
    assert_eq!(refused.status(), 403, "nor sign it off as final");
}

crate::on_both_backends!(
    workshops_then_a_signed_off_final_version_with_how_it_was_co_produced,
    small_numbers_are_hidden_in_how_it_was_co_produced,
    only_commissioners_record_workshops_and_approvals,
);
