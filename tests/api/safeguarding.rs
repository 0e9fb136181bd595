//! The safeguarding queue: flagged answers in full for safeguarding leads only, and
//! a kept record of what they did.

use crate::helpers::{csrf_token_in, spawn_app, Backend, TestApp, PASSWORD};
use chorus::domain::Role;
use chorus::respond::queries::{self as responses, Channel};

/// The demo with one flagged young person's response (through a school's code)
/// and one harmless one, and a staff member with `role`, signed in.
async fn with_flag(backend: Backend, role: Role) -> (TestApp, i64) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = 'young-people'").fetch_one(&app.db.pool).await.unwrap();
    let school: i64 = sqlx::query_scalar("select min(id) from schools").fetch_one(&app.db.pool).await.unwrap();
    let mut draft = app::survey::Draft::default();
    draft.answers.insert("make-better".into(), app::survey::Answer::Text("Someone at home hurts me when I get things wrong".into()));
    let flagged = responses::create(&app.db, version, Channel::SchoolCode(school), "flag", "RESFLAG1").await.unwrap();
    responses::save_draft(&app.db, flagged, &draft, true).await.unwrap();
    let calm = responses::create(&app.db, version, Channel::Link, "calm", "RESCALM1").await.unwrap();
    draft.answers.insert("make-better".into(), app::survey::Answer::Text("More art lessons".into()));
    responses::save_draft(&app.db, calm, &draft, false).await.unwrap();
    app.add_user("staff@kent.gov.uk", role).await;
    assert_eq!(app.sign_in("staff@kent.gov.uk", PASSWORD).await.status(), 303);
    (app, flagged)
}

async fn a_safeguarding_lead_reads_the_answer_in_full_and_records_what_they_did(backend: Backend) {
    let (app, id) = with_flag(backend, Role::SafeguardingLead).await;
    assert!(app.get_html("/admin").await.contains("Safeguarding: 1 answer or comment to deal with"));
    let queue = app.get_html("/admin/safeguarding").await;
    assert!(queue.contains(&format!("href=\"/admin/safeguarding/{id}\"")));
    assert!(!queue.contains("More art lessons"), "only flagged responses are queued");

    let page = app.get_html(&format!("/admin/safeguarding/{id}")).await;
    assert!(page.contains("Someone at home hurts me when I get things wrong"));
    assert!(page.contains("What would make school better for you?"));
    assert!(page.contains("Ashford Oaks Primary School (its access code)"), "the school it came from");
    let token = csrf_token_in(&page);

    let missing = app.post_form(&format!("/admin/safeguarding/{id}"), &[("csrf_token", &token), ("outcome", "note")]).await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.unwrap().contains("<a href=\"#note\">Write the note</a>"));
    app.post_form(
        &format!("/admin/safeguarding/{id}"),
        &[("csrf_token", &token), ("outcome", "note"), ("note", "Called the school; DSL is aware")],
    )
    .await;
    assert!(app.get_html("/admin").await.contains("1 answer or comment to deal with"), "a note keeps it open");
    let done = app.post_form(&format!("/admin/safeguarding/{id}"), &[("csrf_token", &token), ("outcome", "passed_to_school")]).await;
    assert_eq!(done.status(), 303);

    let page = app.get_html(&format!("/admin/safeguarding/{id}")).await;
    assert!(page.contains("Called the school; DSL is aware"));
    assert!(page.contains("<strong>Passed to the school's designated safeguarding lead</strong> — staff@kent.gov.uk, "));
    assert!(page.contains("<dd class=\"summary-list__value\">Dealt with</dd>"));
    assert!(app.get_html("/admin").await.contains("nothing to deal with"));
}

/// Withdrawing answers deletes them from every result, but a possible disclosure stays with the
/// safeguarding team, with what was done about it, marked withdrawn; and the next response never
/// inherits what was recorded on it.
async fn a_withdrawn_flagged_response_stays_in_the_safeguarding_record_and_nowhere_else(backend: Backend) {
    let (app, id) = with_flag(backend, Role::SafeguardingLead).await;
    let answers: app::survey::Answers =
        [("make-better".to_string(), app::survey::Answer::Text("Someone at home hurts me when I get things wrong".into()))].into();
    assert!(responses::submit(&app.db, id, &answers, "RECFLAG1").await.unwrap());
    let page = app.get_html(&format!("/admin/safeguarding/{id}")).await;
    let token = csrf_token_in(&page);
    app.post_form(&format!("/admin/safeguarding/{id}"), &[("csrf_token", &token), ("outcome", "note"), ("note", "Rang the school")]).await;
    let survey: i64 = sqlx::query_scalar("select id from surveys where slug = 'young-people'").fetch_one(&app.db.pool).await.unwrap();

    assert!(responses::withdraw(&app.db, "RECFLAG1").await.unwrap());

    let page = app.get_html(&format!("/admin/safeguarding/{id}")).await;
    assert!(page.contains("Someone at home hurts me when I get things wrong"), "the text stays for the safeguarding team");
    assert!(page.contains("Rang the school"), "and what was done about it");
    assert!(page.contains("sent, then withdrawn"), "the lead sees that it was withdrawn: {page}");
    let answers: i64 =
        sqlx::query_scalar("select count(*) from answers where response_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(answers, 0, "its answers leave every result");
    let counted: i64 = sqlx::query_scalar(
        "select count(*) from responses r join survey_versions v on v.id = r.survey_version_id where v.survey_id = $1 and r.submitted_at is not null",
    )
    .bind(survey)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(counted, 0, "it no longer counts as sent");
    assert!(responses::find_by_receipt(&app.db, "RECFLAG1").await.unwrap().is_none(), "the receipt code works once");
    assert!(responses::find_draft_by_resume_code(&app.db, "RESFLAG1").await.unwrap().is_none(), "the resume code no longer works");

    // A new response never takes its id, so never its record.
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = 'young-people'").fetch_one(&app.db.pool).await.unwrap();
    let next = responses::create(&app.db, version, Channel::Link, "next", "RESNEXT1").await.unwrap();
    assert_ne!(next, id);
    let mut draft = app::survey::Draft::default();
    draft.answers.insert("make-better".into(), app::survey::Answer::Text("My brother hits me".into()));
    responses::save_draft(&app.db, next, &draft, true).await.unwrap();
    let fresh = app.get_html(&format!("/admin/safeguarding/{next}")).await;
    assert!(!fresh.contains("Rang the school") && !fresh.contains("Dealt with"), "a fresh disclosure starts with nothing done");

    // An unflagged response withdrawn keeps its row and so its id, with nothing that was said,
    // and is in no safeguarding list.
    let calm: i64 = sqlx::query_scalar("select id from responses where resume_code_hash = $1")
        .bind(responses::code_hash("RESCALM1"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(responses::submit(&app.db, calm, &Default::default(), "RECCALM1").await.unwrap());
    assert!(responses::withdraw(&app.db, "RECCALM1").await.unwrap());
    let left: Vec<(String, i64)> = sqlx::query_as(
        "select draft, safeguarding_flag from responses where id = $1 and withdrawn_at is not null and submitted_at is null",
    )
    .bind(calm)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(left, [(serde_json::to_string(&app::survey::Draft::default()).unwrap(), 0)]);
    assert!(!app.get_html("/admin/safeguarding").await.contains(&format!("/admin/safeguarding/{calm}\"")));
}

async fn nobody_else_sees_flagged_answers(backend: Backend) {
    for role in [Role::Commissioner, Role::Analyst, Role::Viewer, Role::SchoolContact] {
        let (app, id) = with_flag(backend, role).await;
        assert_eq!(app.get("/admin/safeguarding").await.status(), 403, "{role:?}");
        assert_eq!(app.get(&format!("/admin/safeguarding/{id}")).await.status(), 403, "{role:?}");
        let home = app.get_html("/admin").await;
        assert!(!home.contains("Safeguarding:"), "{role:?}");
    }
}

async fn unflagged_or_unknown_responses_are_not_in_the_queue(backend: Backend) {
    let (app, _) = with_flag(backend, Role::Admin).await;
    let calm: i64 = sqlx::query_scalar("select id from responses where safeguarding_flag = 0").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(app.get(&format!("/admin/safeguarding/{calm}")).await.status(), 404);
    assert_eq!(app.get("/admin/safeguarding/99999").await.status(), 404);
}

async fn a_long_queue_comes_in_pages(backend: Backend) {
    let (app, first_id) = with_flag(backend, Role::SafeguardingLead).await;
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = 'young-people'").fetch_one(&app.db.pool).await.unwrap();
    let mut draft = app::survey::Draft::default();
    draft.answers.insert("make-better".into(), app::survey::Answer::Text("I do not feel safe at home".into()));
    for n in 0..60 {
        let id = responses::create(&app.db, version, Channel::Link, &format!("many-{n}"), &format!("RESMANY{n:02}")).await.unwrap();
        responses::save_draft(&app.db, id, &draft, true).await.unwrap();
    }

    // The first flagged, and so the oldest, is sent: sent ones come first, as drafts may yet change.
    let answers: app::survey::Answers = [("make-better".to_string(), app::survey::Answer::Text("I do not feel safe".into()))].into();
    assert!(responses::submit(&app.db, first_id, &answers, "RECFIRST").await.unwrap());

    let first = app.get_html("/admin/safeguarding").await;
    assert!(first.contains("To deal with (61)"));
    assert!(first.contains("Page 1 of 2"));
    assert_eq!(first.matches("href=\"/admin/safeguarding/").count(), 50);
    let listed = |html: &str| -> Vec<String> {
        html.split("href=\"/admin/safeguarding/").skip(1).map(|s| s[..s.find('"').unwrap()].to_string()).collect()
    };
    assert_eq!(listed(&first)[0], first_id.to_string(), "the sent one first");
    assert!(!first.contains(&format!("Response {first_id} (not sent)")), "the sent one is not marked");
    assert!(first.contains("(not sent)"), "drafts are marked");
    let second = app.get_html("/admin/safeguarding?page=2").await;
    assert_eq!(second.matches("href=\"/admin/safeguarding/").count(), 11);
    assert!(second.contains("rel=\"prev\""));
    let mut all = listed(&first);
    all.extend(listed(&second));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 61, "every one on one page or the other, none twice");
}

crate::on_both_backends!(
    a_withdrawn_flagged_response_stays_in_the_safeguarding_record_and_nowhere_else,
    a_long_queue_comes_in_pages,
    a_safeguarding_lead_reads_the_answer_in_full_and_records_what_they_did,
    nobody_else_sees_flagged_answers,
    unflagged_or_unknown_responses_are_not_in_the_queue,
);
