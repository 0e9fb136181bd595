//! The staff side of engagements and surveys: state, publishing and preview.

use crate::helpers::{csrf_token_in, signed_in_as, survey_id, Backend, TestApp};
use chorus::domain::Role;

async fn engagement_state(app: &TestApp) -> String {
    sqlx::query_scalar("select state from engagements where slug = 'stls-phase-2'").fetch_one(&app.db.pool).await.unwrap()
}

async fn the_engagement_page_lists_surveys_with_versions_and_responses(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;

    let html = app.get_html("/admin/engagements/stls-phase-2").await;

    assert!(html.contains("Specialist Teaching and Learning Service: Phase 2"));
    assert!(html.contains("Tell us about the help you get at school"));
    assert_eq!(html.matches("Version 1 is live").count(), 3);
    assert!(html.contains("href=\"/s/young-people\""));
    assert!(html.contains("Close"), "an open engagement can be closed");
    assert!(app.get_html("/admin").await.contains("href=\"/admin/engagements/stls-phase-2\""));
}

async fn a_commissioner_closes_and_reopens_an_engagement(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let token = csrf_token_in(&app.get_html("/admin/engagements/stls-phase-2").await);

    let closed = app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", &token), ("state", "closed")]).await;

    assert_eq!(closed.headers()["location"], "/admin/engagements/stls-phase-2?done=state");
    assert_eq!(engagement_state(&app).await, "closed");
    assert!(app.get_html("/s/schools").await.contains("This survey has closed"));
    app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", &token), ("state", "open")]).await;
    assert_eq!(engagement_state(&app).await, "open");
}

async fn closing_and_publishing_are_confirmed_first_and_say_what_they_do(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // Someone part-way through a survey.
    let respondent = crate::helpers::spawn_app_on(&app.database_url, app.data_dir.clone()).await;
    respondent.post_public("/s/schools/start", &[]).await;
    let page = app.get_html("/admin/engagements/stls-phase-2").await;
    assert!(page.contains("href=\"/admin/engagements/stls-phase-2/state?to=closed\""), "Close goes to a page that asks first");

    let asked = app.get_html("/admin/engagements/stls-phase-2/state?to=closed").await;

    assert!(asked.contains("Close “Specialist Teaching and Learning Service: Phase 2”?"), "{asked}");
    assert!(asked.contains("1 person has started a survey and not sent it yet"), "{asked}");
    assert!(asked.contains("Yes, close"));
    assert_eq!(engagement_state(&app).await, "open", "asking changes nothing");
    let token = csrf_token_in(&asked);
    app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", &token), ("state", "closed")]).await;
    assert_eq!(engagement_state(&app).await, "closed");

    let final_step = app.get_html("/admin/engagements/stls-phase-2/state?to=published").await;
    assert!(final_step.contains("This cannot be undone"), "{final_step}");
    // A move the engagement cannot make goes back to it.
    let impossible = app.get("/admin/engagements/stls-phase-2/state?to=draft").await;
    assert_eq!(impossible.headers()["location"], "/admin/engagements/stls-phase-2");

    // Publishing a changed draft: which version, and that it is kept unchanged.
    let id = crate::helpers::survey_id(&app, "schools").await;
    let mut changed = chorus::demo::schools();
    changed.intro = "A new introduction.".into();
    chorus::surveys::queries::save_draft(&app.db, id, &changed).await.unwrap();
    let page = app.get_html("/admin/engagements/stls-phase-2").await;
    assert!(page.contains(&format!("href=\"/admin/surveys/{id}/publish?revision=")), "Publish goes to a page that asks first");
    let asked = app.get_html(&format!("/admin/surveys/{id}/publish")).await;
    assert!(asked.contains("Publish version 2 of “Specialist teaching support: schools and settings”?"), "{asked}");
    assert!(asked.contains("Answers already sent stay with the version they answered"));
    assert!(asked.contains("Version 2 cannot be changed once it is published"));
    let fields = [("csrf_token", csrf_token_in(&asked)), ("revision", crate::helpers::csrf_field(&asked, "revision"))];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let published = app.post_form(&format!("/admin/surveys/{id}/publish"), &fields).await;
    assert_eq!(published.status(), 303);
    let live: i64 =
        sqlx::query_scalar("select v.version from surveys s join survey_versions v on v.id = s.live_version_id where s.id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(live, 2);
}

async fn an_impossible_change_of_state_is_refused(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let token = csrf_token_in(&app.get_html("/admin/engagements/stls-phase-2").await);

    let response = app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", &token), ("state", "draft")]).await;

    assert_eq!(response.status(), 400);
    assert_eq!(engagement_state(&app).await, "open");
}

async fn analysts_and_viewers_see_but_cannot_change(backend: Backend) {
    for role in [Role::Analyst, Role::Viewer] {
        let app = signed_in_as(backend, role).await;
        let html = app.get_html("/admin/engagements/stls-phase-2").await;
        assert!(!html.contains("/state\""), "{role:?} sees no state buttons");
        assert!(!html.contains("/publish\""), "{role:?} sees no publish buttons");
        let token = csrf_token_in(&html);

        let response = app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", &token), ("state", "closed")]).await;

        assert_eq!(response.status(), 403, "{role:?}");
        assert_eq!(engagement_state(&app).await, "open");
    }
}

async fn school_contacts_cannot_see_engagements(backend: Backend) {
    let app = signed_in_as(backend, Role::SchoolContact).await;

    assert_eq!(app.get("/admin/engagements/stls-phase-2").await.status(), 403);
}

async fn a_forged_token_changes_nothing(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;

    let response = app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", "forged"), ("state", "closed")]).await;

    assert_eq!(response.status(), 403);
    assert_eq!(engagement_state(&app).await, "open");
}

async fn publishing_a_changed_draft_makes_the_next_version_live(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = survey_id(&app, "schools").await;
    let mut changed = chorus::demo::schools();
    changed.pages[0].questions[0].text = "Which phase is your school?".into();
    chorus::surveys::queries::save_draft(&app.db, id, &changed).await.unwrap();
    let html = app.get_html("/admin/engagements/stls-phase-2").await;
    assert!(html.contains("Version 1 is live; the draft has changes"));
    let preview = app.get_html(&format!("/admin/surveys/{id}/preview/phase")).await;
    assert!(preview.contains("Which phase is your school?"), "preview shows the draft");
    assert!(preview.contains("method=\"get\""), "preview saves nothing");
    assert!(app.get("/s/schools").await.status().is_success());

    let asked = app.get_html(&format!("/admin/surveys/{id}/publish")).await;
    let (token, revision) = (csrf_token_in(&asked), crate::helpers::csrf_field(&asked, "revision"));
    // A colleague changes the draft after this page was shown: publishing from it is refused.
    changed.pages[0].questions[0].text = "Which phase is your school or setting?".into();
    chorus::surveys::queries::save_draft(&app.db, id, &changed).await.unwrap();
    let stale = app.post_form(&format!("/admin/surveys/{id}/publish"), &[("csrf_token", &token), ("revision", &revision)]).await;
    assert_eq!(stale.status(), 409);
    assert!(stale.text().await.unwrap().contains("The draft changed before it was published"));
    assert!(app.get_html("/admin/engagements/stls-phase-2").await.contains("Version 1 is live; the draft has changes"));

    let revision = crate::helpers::csrf_field(&app.get_html(&format!("/admin/surveys/{id}/publish")).await, "revision");
    let response = app.post_form(&format!("/admin/surveys/{id}/publish"), &[("csrf_token", &token), ("revision", &revision)]).await;

    assert_eq!(response.headers()["location"], "/admin/engagements/stls-phase-2?done=published");
    let html = app.get_html("/admin/engagements/stls-phase-2?done=published").await;
    assert!(html.contains("Version 2 is live"));
    assert!(html.contains("The survey is published."));
}

async fn publishing_a_broken_draft_says_what_to_fix(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let id = survey_id(&app, "schools").await;
    let mut broken = chorus::demo::schools();
    broken.pages[2].routes.push(app::survey::Route {
        question: "district".into(),
        answer: "dover".into(),
        goto: app::survey::Goto::Page("nowhere".into()),
    });
    chorus::surveys::queries::save_draft(&app.db, id, &broken).await.unwrap();
    let token = csrf_token_in(&app.get_html("/admin/engagements/stls-phase-2").await);

    let response = app.post_form(&format!("/admin/surveys/{id}/publish"), &[("csrf_token", &token)]).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("This survey cannot be published yet"));
    assert!(html.contains("goes to a page that does not exist"));
}

async fn preview_walks_the_draft_page_by_page(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let id = survey_id(&app, "young-people").await;

    let start = app.get_html(&format!("/admin/surveys/{id}/preview")).await;
    assert!(start.contains("Preview of the draft"));
    assert!(start.contains("Tell us about the help you get at school"), "the draft's start page");
    assert!(start.contains(&format!("href=\"/admin/surveys/{id}/preview/had-help\"")), "Start now goes to the first page's preview");
    assert!(!start.contains("/s/young-people/start"), "nothing is started from a preview");
    let first = app.get_html(&format!("/admin/surveys/{id}/preview/had-help")).await;

    assert!(first.contains("Preview of the draft"));
    assert!(first.contains(&format!("action=\"/admin/surveys/{id}/preview/had-help/continue\"")));
    assert!(first.contains("method=\"get\""), "a preview saves nothing");
    // A page's answers are checked as a respondent's are.
    let blank = app.get(&format!("/admin/surveys/{id}/preview/had-help/continue")).await;
    assert_eq!(blank.status(), 422);
    assert!(blank.text().await.unwrap().contains("error-summary"));
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from responses").fetch_one(&app.db.pool).await.unwrap(), 0);
}

/// An answer to every question on a page, as form fields: `choose` for the questions it names,
/// else each question's first option, a few words or a number.
fn page_answers(page: &app::survey::Page, choose: &[(&str, &str)]) -> Vec<(String, String)> {
    use app::survey::QuestionKind;
    page.questions
        .iter()
        .map(|q| {
            let value = match choose.iter().find(|(id, _)| *id == q.id) {
                Some((_, v)) => v.to_string(),
                None => match &q.kind {
                    QuestionKind::Number { min, .. } => min.unwrap_or(0).max(5).to_string(),
                    QuestionKind::ShortText | QuestionKind::LongText => "Fine".into(),
                    kind => kind.options()[0].0.clone(),
                },
            };
            (q.id.clone(), value)
        })
        .collect()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn preview_follows_routes_exactly_as_respondents_do(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let id = survey_id(&app, "young-people").await;
    let survey = chorus::demo::young_people();
    let index = |page: &str| survey.page_index(page).unwrap_or_else(|| panic!("no page {page}"));

    for had_help in ["yes", "no", "not_sure"] {
        let choose = [("had-help", had_help)];
        // A respondent: every page posted, each redirect followed, until checking answers.
        let respondent = crate::helpers::spawn_app_on(&app.database_url, app.data_dir.clone()).await;
        let mut live = Vec::new();
        let mut at = location(&respondent.post_public("/s/young-people/start", &[]).await);
        while let Some(page) = at.strip_prefix("/s/young-people/q/").map(str::to_owned) {
            live.push(page.clone());
            let html = respondent.get_html(&at).await;
            let mut fields = vec![("form_token".to_string(), crate::helpers::csrf_field(&html, "form_token"))];
            fields.extend(page_answers(&survey.pages[index(&page)], &choose));
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            at = location(&respondent.post_form(&at, &fields).await);
        }
        assert_eq!(at, "/s/young-people/check");

        // The same answers in the preview.
        let mut previewed = Vec::new();
        let mut page = survey.pages[0].id.clone();
        loop {
            previewed.push(page.clone());
            let query = serde_urlencoded_pairs(&page_answers(&survey.pages[index(&page)], &choose));
            let next = app.get(&format!("/admin/surveys/{id}/preview/{page}/continue?{query}")).await;
            assert_eq!(next.status(), 303, "{page}");
            let to = location(&next);
            if to == format!("/admin/surveys/{id}/preview-end") {
                break;
            }
            let rest = to.strip_prefix(&format!("/admin/surveys/{id}/preview/")).unwrap_or_else(|| panic!("{to}"));
            page = rest.split('?').next().unwrap().to_owned();
            assert!(app.get_html(&to).await.contains("Preview of the draft"));
        }

        assert_eq!(previewed, live, "had help: {had_help}");
        assert_eq!(live.contains(&"help-rating".to_string()), had_help != "no", "had help: {had_help}");
    }
    assert!(app.get_html(&format!("/admin/surveys/{id}/preview-end")).await.contains("End of the preview"));
}

fn serde_urlencoded_pairs(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect::<Vec<_>>().join("&")
}

async fn a_commissioner_creates_and_changes_an_engagement(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let form = app.get_html("/admin/engagements/new").await;
    let token = csrf_token_in(&form);

    let invalid = app
        .post_form(
            "/admin/engagements",
            &[("csrf_token", &token), ("title", "STLS Phase 3"), ("closes_day", "31"), ("closes_month", "2"), ("closes_year", "2027")],
        )
        .await;
    assert_eq!(invalid.status(), 422);
    let html = invalid.text().await.unwrap();
    assert!(html.contains("<a href=\"#summary\">Say what the engagement is for, in plain English</a>"));
    assert!(html.contains("<a href=\"#closes-day\">The closing date must be a real date</a>"));
    assert!(html.contains("value=\"STLS Phase 3\""), "what was typed is kept");

    let created = app
        .post_form(
            "/admin/engagements",
            &[
                ("csrf_token", &token),
                ("title", "STLS Phase 3"),
                ("summary", "Plan the next stage together."),
                ("closes_day", "31"),
                ("closes_month", "3"),
                ("closes_year", "2027"),
                ("contact", "stls@kent.gov.uk"),
            ],
        )
        .await;
    assert_eq!(created.headers()["location"], "/admin/engagements/stls-phase-3");
    let page = app.get_html("/admin/engagements/stls-phase-3").await;
    assert!(page.contains("Plan the next stage together."));
    assert!(page.contains("31 March 2027"));
    assert!(page.contains("Draft"));

    let edit = app.get_html("/admin/engagements/stls-phase-3/edit").await;
    assert!(edit.contains("value=\"stls@kent.gov.uk\""));
    let changed = app
        .post_form(
            "/admin/engagements/stls-phase-3/edit",
            &[("csrf_token", &token), ("title", "STLS Phase 3 (renamed)"), ("summary", "New purpose.")],
        )
        .await;
    assert_eq!(changed.headers()["location"], "/admin/engagements/stls-phase-3?done=saved");
    let page = app.get_html("/admin/engagements/stls-phase-3?done=saved").await;
    assert!(page.contains("STLS Phase 3 (renamed)"));
    assert!(page.contains("Not set"), "the closing date was cleared");
}

async fn a_second_engagement_with_the_same_title_gets_its_own_address(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let token = csrf_token_in(&app.get_html("/admin/engagements/new").await);
    let fields = [("csrf_token", token.as_str()), ("title", "Listening week"), ("summary", "Tell us.")];

    let first = app.post_form("/admin/engagements", &fields).await;
    let second = app.post_form("/admin/engagements", &fields).await;

    assert_eq!(first.headers()["location"], "/admin/engagements/listening-week");
    assert_eq!(second.headers()["location"], "/admin/engagements/listening-week-2");
}

async fn analysts_cannot_create_engagements(backend: Backend) {
    let app = signed_in_as(backend, Role::Analyst).await;
    assert_eq!(app.get("/admin/engagements/new").await.status(), 403);
    assert!(!app.get_html("/admin").await.contains("Create an engagement"));
}

crate::on_both_backends!(
    a_commissioner_creates_and_changes_an_engagement,
    a_second_engagement_with_the_same_title_gets_its_own_address,
    analysts_cannot_create_engagements,
    the_engagement_page_lists_surveys_with_versions_and_responses,
    a_commissioner_closes_and_reopens_an_engagement,
    closing_and_publishing_are_confirmed_first_and_say_what_they_do,
    an_impossible_change_of_state_is_refused,
    analysts_and_viewers_see_but_cannot_change,
    school_contacts_cannot_see_engagements,
    a_forged_token_changes_nothing,
    publishing_a_changed_draft_makes_the_next_version_live,
    publishing_a_broken_draft_says_what_to_fix,
    preview_walks_the_draft_page_by_page,
    preview_follows_routes_exactly_as_respondents_do,
);
