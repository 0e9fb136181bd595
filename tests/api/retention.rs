//! An engagement's date for deleting its answers: set on its own page with a preview of what will
//! go, and kept by a job that deletes the answers once the date has passed and the engagement
//! has closed, keeping the published figures and the safeguarding record.

use crate::helpers::{csrf_token_in, seed_and_sign_in, spawn_app, spawn_app_on, Backend, TestApp};
use chorus::domain::Role;
use chorus::respond::queries::{self as responses, Channel};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

/// The responses to phase 1's survey.
const PHASE_ONE: &str = "from responses r join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
     where s.slug = 'phase-1-families'";

/// Answers to an engagement's surveys.
const ANSWERS_OF: &str = "select count(*) from answers a join responses r on r.id = a.response_id \
     join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
     join engagements e on e.id = s.engagement_id where e.slug = ";

async fn set_date(app: &TestApp, slug: &str, day: &str, month: &str, year: &str) -> reqwest::Response {
    let path = format!("/admin/engagements/{slug}/retention");
    let token = csrf_token_in(&app.get_html(&path).await);
    app.post_form(&path, &[("csrf_token", &token), ("delete_day", day), ("delete_month", month), ("delete_year", year)]).await
}

async fn the_date_is_checked_and_the_page_says_what_will_go(backend: Backend) {
    let app = spawn_app(backend).await;
    seed_and_sign_in(&app, Role::Commissioner).await;
    chorus::demo::add_first_phase_responses(&app.db, 12).await.unwrap();

    let sent = count(&app, &format!("select count(*) {PHASE_ONE} and r.submitted_at is not null")).await;
    let page = app.get_html("/admin/engagements/stls-phase-1/retention").await;
    assert!(page.contains("No date is set: the answers are kept until you set one."), "{page}");
    assert!(page.contains(&format!("{sent} sent responses, with every answer in them")), "{page}");
    assert!(page.contains("The published results page, as it is on the day the answers are deleted"), "{page}");

    let past = set_date(&app, "stls-phase-1", "1", "1", "2020").await;
    assert_eq!(past.status(), 422);
    let past = past.text().await.unwrap();
    assert!(past.contains("The date must be in the future") && past.contains("value=\"2020\""), "{past}");
    let half = set_date(&app, "stls-phase-1", "31", "", "2030").await;
    assert!(half.text().await.unwrap().contains("The date must include a month"));
    let unreal = set_date(&app, "stls-phase-1", "31", "2", "2030").await;
    assert!(unreal.text().await.unwrap().contains("The date must be a real date"));
    // The date must come after the engagement closes (here, the end of 30 June 2031).
    sqlx::query("update engagements set closes_at = 1940630399 where slug = 'stls-phase-2'").execute(&app.db.pool).await.unwrap();
    let early = set_date(&app, "stls-phase-2", "29", "6", "2031").await;
    assert!(early.text().await.unwrap().contains("The date must be after the engagement closes"));
    assert_eq!(set_date(&app, "stls-phase-2", "30", "6", "2031").await.status(), 303, "the closing day itself is after it closes");
    let start = app.get_html("/s/parents-carers").await;
    assert!(start.contains("All the answers to this survey will be deleted after 30 June 2031."), "respondents are told: {start}");

    let saved = set_date(&app, "stls-phase-1", "31", "7", "2030").await;
    assert_eq!(saved.headers()["location"], "/admin/engagements/stls-phase-1?done=retention");
    let engagement = app.get_html("/admin/engagements/stls-phase-1?done=retention").await;
    assert!(engagement.contains("The answers will be deleted after 31 July 2030."), "{engagement}");
    assert!(engagement.contains("Answers deleted</dt><dd class=\"summary-list__value\">After 31 July 2030"), "{engagement}");
    let page = app.get_html("/admin/engagements/stls-phase-1/retention").await;
    assert!(page.contains("The answers will be deleted after 31 July 2030") && page.contains("value=\"31\""), "{page}");
    assert_eq!(set_date(&app, "stls-phase-1", "", "", "").await.status(), 303, "an empty date clears it");
    assert_eq!(count(&app, "select count(*) from engagements where delete_answers_on is not null and slug = 'stls-phase-1'").await, 0);
}

async fn answers_past_their_date_are_deleted_keeping_published_figures_and_the_safeguarding_record(backend: Backend) {
    let app = spawn_app(backend).await;
    seed_and_sign_in(&app, Role::Admin).await;
    chorus::demo::add_first_phase_responses(&app.db, 30).await.unwrap();
    chorus::demo::add_responses(&app.db, 10).await.unwrap();
    // A flagged response to phase 1, sent.
    let version = count(&app, "select live_version_id from surveys where slug = 'phase-1-families'").await;
    let flagged = responses::create(&app.db, version, Channel::Link, "flagged-secret", "ACDE-FGHJ-KM").await.unwrap();
    let mut draft = app::survey::Draft::default();
    draft.answers.insert("worked-well".into(), app::survey::Answer::Text("I am not safe at home".into()));
    draft.answers.insert("timely".into(), app::survey::Answer::Choice("4".into()));
    responses::save_draft(&app.db, flagged, &draft, true).await.unwrap();
    assert!(responses::submit(&app.db, flagged, &draft.answers, "ACDE-FGHJ-KN").await.unwrap());
    let sent = count(&app, &format!("select count(*) {PHASE_ONE} and r.submitted_at is not null")).await;
    let flagged_drafts = count(&app, &format!("select count(*) {PHASE_ONE} and r.safeguarding_flag = 1")).await;
    let published_before = app.get_html("/e/stls-phase-1/results").await;
    let engagement_before = app.get_html("/e/stls-phase-1").await;
    // A theme summary quoting answers, as the themes page keeps one.
    sqlx::query(
        "insert into theme_sets (engagement_id, scope, method, created_at, updated_at, summary, summary_key) \
         select id, 'quoted', 'words', 1, 1, 'quoting I am not safe at home', 'k' from engagements where slug = 'stls-phase-1'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into theme_need_summaries (theme_set_id, need, summary_key, summary) \
         select id, 'cognition-and-learning', 'k', 'quoting I am not safe at home' from theme_sets where scope = 'quoted'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert!(published_before.contains("What people told us"), "{published_before}");
    let phase_two_answers = count(&app, &format!("{ANSWERS_OF}'stls-phase-2'")).await;
    assert!(phase_two_answers > 0 && count(&app, &format!("{ANSWERS_OF}'stls-phase-1'")).await > 0);

    // Both dates have passed; phase 2 is still open, so only phase 1's answers go.
    sqlx::query("update engagements set delete_answers_on = $1").bind(chorus::db::now() - 60).execute(&app.db.pool).await.unwrap();
    let restarted = spawn_app_on(&app.database_url, app.data_dir.clone()).await;
    let mut waited = 0;
    while count(&restarted, "select count(*) from engagements where answers_deleted_at is not null").await == 0 {
        assert!(waited < 100, "the answers were not deleted within ten seconds of starting");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }

    assert_eq!(count(&app, &format!("{ANSWERS_OF}'stls-phase-1'")).await, 0, "phase 1's answers are gone");
    assert_eq!(count(&app, &format!("{ANSWERS_OF}'stls-phase-2'")).await, phase_two_answers, "an open engagement's stay");
    assert_eq!(count(&app, "select count(*) from engagements where answers_deleted_at is not null and slug = 'stls-phase-2'").await, 0);
    assert_eq!(count(&app, &format!("select count(*) {PHASE_ONE} and r.submitted_at is not null")).await, 0, "none counts as sent");
    assert_eq!(count(&app, &format!("select count(*) {PHASE_ONE} and r.deleted_at is null")).await, 0);
    assert_eq!(count(&app, &format!("select count(*) {PHASE_ONE} and r.sent_before_deletion is not null")).await, sent);
    let empty = serde_json::to_string(&app::survey::Draft::default()).unwrap();
    assert_eq!(
        count(&app, &format!("select count(*) {PHASE_ONE} and r.draft <> '{empty}'")).await,
        flagged_drafts,
        "only flagged drafts are kept"
    );
    assert_eq!(count(&app, &format!("select count(*) {PHASE_ONE} and r.school_id is not null and r.safeguarding_flag = 0")).await, 0);

    // The published page is as it was, and "You said, we did" with its counts; the figures for
    // staff are empty, and no summary quotes an answer.
    assert_eq!(app.get_html("/e/stls-phase-1/results").await, published_before, "the published figures are kept");
    assert_eq!(app.get_html("/e/stls-phase-1").await, engagement_before, "You said, we did is as it was");
    let summaries = count(&app, "select count(*) from theme_sets where summary is not null or summary_key is not null").await;
    assert_eq!(summaries, 0, "summaries quoting answers go");
    assert_eq!(count(&app, "select count(*) from theme_need_summaries").await, 0, "and those for each area of need");
    let kept: String = sqlx::query_scalar("select draft from responses where id = $1").bind(flagged).fetch_one(&app.db.pool).await.unwrap();
    let kept: app::survey::Draft = serde_json::from_str(&kept).unwrap();
    assert!(
        kept.answers.values().all(|a| matches!(a, app::survey::Answer::Text(_))) && !kept.answers.is_empty(),
        "a flagged response keeps its written answers only: {kept:?}"
    );
    let easy = app.get("/e/stls-phase-1/results/easy-read").await;
    assert_eq!(easy.status(), 200);
    let survey = count(&app, "select id from surveys where slug = 'phase-1-families'").await;
    let results = app.get_html(&format!("/admin/surveys/{survey}/results")).await;
    assert!(!results.contains(&format!(">{sent}<")), "{results}");

    // The safeguarding lead still has the record, and says why its answers went.
    let item = app.get_html(&format!("/admin/safeguarding/{flagged}")).await;
    assert!(item.contains("I am not safe at home"), "{item}");
    assert!(item.contains("the engagement&#x27;s answers deleted") || item.contains("the engagement's answers deleted"), "{item}");
    let queue = app.get_html("/admin/safeguarding").await;
    assert!(!queue.contains(&format!("Response {flagged} (not sent)")), "{queue}");

    // Nothing opens the deleted answers, and the page says they went.
    assert_eq!(app.post_public("/withdraw", &[("code", "ACDE-FGHJ-KN")]).await.status(), 422);
    let page = app.get_html("/admin/engagements/stls-phase-1/retention").await;
    assert!(page.contains("The answers to this engagement were deleted on"), "{page}");
    assert!(!page.contains("Save the date"), "{page}");
    let engagement = app.get_html("/admin/engagements/stls-phase-1").await;
    assert!(engagement.contains("Answers deleted</dt><dd class=\"summary-list__value\">Deleted on"), "{engagement}");

    // Closed again, it cannot be reopened: new answers would outlive the date.
    sqlx::query("update engagements set state = 'closed' where slug = 'stls-phase-1'").execute(&app.db.pool).await.unwrap();
    let page = app.get_html("/admin/engagements/stls-phase-1").await;
    assert!(!page.contains("name=\"state\" value=\"open\""), "no button to reopen: {page}");
    let token = csrf_token_in(&page);
    app.post_form("/admin/engagements/stls-phase-1/state", &[("csrf_token", &token), ("state", "open")]).await;
    assert_eq!(count(&app, "select count(*) from engagements where slug = 'stls-phase-1' and state = 'closed'").await, 1);
}

crate::on_both_backends!(
    the_date_is_checked_and_the_page_says_what_will_go,
    answers_past_their_date_are_deleted_keeping_published_figures_and_the_safeguarding_record,
);
