//! The survey editor: making a survey, its questions, standard questions and routes,
//! publishing it, and changing a live survey without touching its responses.

use crate::helpers::{csrf_token_in, signed_in_as, survey_id, Backend, TestApp};
use chorus::domain::Role;

async fn draft(app: &TestApp, id: i64) -> app::survey::SurveyDefinition {
    chorus::surveys::queries::editable(&app.db, id).await.unwrap().unwrap().definition
}

/// Posts a change from the editor, carrying the draft's current revision as the
/// editor's forms do.
async fn edit_post(app: &TestApp, id: i64, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let revision = crate::helpers::csrf_field(&app.get_html(&format!("/admin/surveys/{id}")).await, "revision");
    let mut all = fields.to_vec();
    all.push(("revision", &revision));
    app.post_form(path, &all).await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn symbols_are_offered_by_name_and_picture_and_bring_their_own_description(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = survey_id(&app, "young-people").await;
    let token = csrf_token_in(&app.get_html(&format!("/admin/surveys/{id}")).await);

    let form = app.get_html(&format!("/admin/surveys/{id}/questions/new")).await;

    for symbol in chorus::surveys::symbols::SYMBOLS {
        assert!(
            form.contains(&format!("<img src=\"{}\" alt=\"\" width=\"48\" height=\"48\" class=\"symbol-choice__picture\">", symbol.src())),
            "{} is shown",
            symbol.file
        );
        assert!(form.contains(&format!("<span class=\"choice__text\">{}</span>", symbol.name)), "{} is named", symbol.file);
        assert_eq!(app.get(&symbol.src()).await.status(), 200, "{} is served", symbol.file);
    }
    let question = [
        ("csrf_token", token.as_str()),
        ("kind", "yes_no"),
        ("text", "Do you have somewhere quiet to go?"),
        ("page", "new"),
        ("symbol", "/assets/symbols/quiet.svg"),
        ("alt", ""),
    ];
    assert_eq!(edit_post(&app, id, &format!("/admin/surveys/{id}/questions/new"), &question).await.status(), 303);
    let added = draft(&app, id).await.pages.last().unwrap().questions[0].clone();
    assert_eq!(added.image.unwrap().alt, "A face with a finger on its lips, saying shh", "the symbol's own description");
}

async fn a_commissioner_builds_publishes_and_gets_answers_to_a_new_survey(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let engagement = app.get_html("/admin/engagements/stls-phase-2").await;
    assert!(engagement.contains("href=\"/admin/engagements/stls-phase-2/surveys/new\""));
    let token = csrf_token_in(&engagement);

    // Making the survey: a missing privacy notice is named and what was typed is kept.
    let form = app.get_html("/admin/engagements/stls-phase-2/surveys/new").await;
    assert!(form.contains("name=\"slug\""), "the address is chosen when the survey is made");
    let settings = [
        ("csrf_token", token.as_str()),
        ("title", "Health and care staff"),
        ("audience", "other"),
        ("intro", "Tell us how the service works with yours."),
        ("minutes", "6"),
    ];
    let refused = app.post_form("/admin/engagements/stls-phase-2/surveys/new", &settings).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("<a href=\"#privacy\">Enter the privacy notice: people must know what happens to their answers</a>"));
    assert!(html.contains("value=\"Health and care staff\""));
    let mut fields = settings.to_vec();
    fields.push(("privacy", "Answers are anonymous and kept until 2027."));
    let created = app.post_form("/admin/engagements/stls-phase-2/surveys/new", &fields).await;
    let id = survey_id(&app, "health-and-care-staff").await;
    assert_eq!(location(&created), format!("/admin/surveys/{id}?done=created"));
    let editor = app.get_html(&format!("/admin/surveys/{id}?done=created")).await;
    assert!(editor.contains("There are no questions yet"));
    assert!(editor.contains("Add at least one question"), "what stops publishing is said");

    // A choice question: without options it is refused and keeps the words typed.
    let base = format!("/admin/surveys/{id}");
    let question = [
        ("csrf_token", token.as_str()),
        ("kind", "single_choice"),
        ("text", "Which team are you in?"),
        ("required", "on"),
        ("page", "new"),
    ];
    let refused = edit_post(&app, id, &format!("{base}/questions/new"), &question).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("<a href=\"#options\">Enter at least two options, one on each line</a>"));
    assert!(html.contains("Which team are you in?"));
    let mut with_options = question.to_vec();
    with_options.push(("options", "Health visiting\nSpeech and language therapy\nSocial care"));
    assert_eq!(location(&edit_post(&app, id, &format!("{base}/questions/new"), &with_options).await), format!("{base}?done=added"));
    let follow_up = [
        ("csrf_token", token.as_str()),
        ("kind", "long_text"),
        ("text", "How could we work better with therapists?"),
        ("page", "new"),
        ("needs", "Communication and interaction"),
    ];
    edit_post(&app, id, &format!("{base}/questions/new"), &follow_up).await;
    let last = [
        ("csrf_token", token.as_str()),
        ("kind", "rating"),
        ("scale_style", "faces"),
        ("scale_labels", "Poor\nOK\nGood"),
        ("text", "How well do we work together?"),
        ("page", "new"),
    ];
    edit_post(&app, id, &format!("{base}/questions/new"), &last).await;

    // One click adds a standard question.
    let standard = edit_post(&app, id, &format!("{base}/standard"), &[("csrf_token", &token), ("key", "district")]).await;
    assert_eq!(location(&standard), format!("{base}?done=standard"));

    // A route: backwards is refused with a clear message; forwards is kept.
    let route_form = app.get_html(&format!("{base}/pages/how-well-do-we-work/routes")).await;
    assert!(route_form.contains("value=\"how-well-do-we-work::1\""));
    assert!(!route_form.contains("value=\"which-team-are-you-in\""), "only later pages are offered");
    let backwards = app
        .post_form(
            &format!("{base}/pages/how-well-do-we-work/routes"),
            &[("csrf_token", &token), ("answer", "how-well-do-we-work::1"), ("goto", "which-team-are-you-in")],
        )
        .await;
    assert_eq!(backwards.status(), 422);
    let html = backwards.text().await.unwrap();
    assert!(html.contains("Routes can only go forwards: page 1 is not after page 3. Choose a later page."), "{html}");
    let missing = app
        .post_form(
            &format!("{base}/pages/how-well-do-we-work/routes"),
            &[("csrf_token", &token), ("answer", "how-well-do-we-work::1"), ("goto", "page-99")],
        )
        .await;
    assert!(missing.text().await.unwrap().contains("That page does not exist. Choose a page from the list."));
    let route = [("csrf_token", token.as_str()), ("answer", "which-team-are-you-in::social-care"), ("goto", "how-well-do-we-work")];
    assert_eq!(
        location(&edit_post(&app, id, &format!("{base}/pages/which-team-are-you-in/routes"), &route).await),
        format!("{base}?done=route")
    );

    let editor = app.get_html(&format!("{base}?done=route")).await;
    assert!(editor.contains("If the answer is “Social care”, go to page 3"));
    assert!(editor.contains("3-point faces scale, optional"));
    assert!(!editor.contains("Before it can be published"));
    let def = draft(&app, id).await;
    assert_eq!(def.pages.len(), 4);
    assert_eq!(def.pages[1].questions[0].tags, ["need:Communication and interaction"]);
    assert_eq!(def.pages[3].questions[0].tags, ["profile:district"]);

    // Publish, open the engagement's survey, and answer it: social care skips page 2.
    assert_eq!(
        location(&edit_post(&app, id, &format!("{base}/publish"), &[("csrf_token", &token)]).await),
        "/admin/engagements/stls-phase-2?done=published"
    );
    let start = app.get_html("/s/health-and-care-staff").await;
    assert!(start.contains("Tell us how the service works with yours."));
    assert!(start.contains("There are 4 questions."));
    assert_eq!(location(&app.post_public("/s/health-and-care-staff/start", &[]).await), "/s/health-and-care-staff/q/which-team-are-you-in");
    let steps: &[(&str, &str, &str)] = &[
        ("which-team-are-you-in", "social-care", "/s/health-and-care-staff/q/how-well-do-we-work"),
        ("how-well-do-we-work", "3", "/s/health-and-care-staff/q/district"),
        ("district", "dover", "/s/health-and-care-staff/check"),
    ];
    for (page, answer, next) in steps {
        let path = format!("/s/health-and-care-staff/q/{page}");
        let token = crate::helpers::csrf_field(&app.get_html(&path).await, "form_token");
        let response = app.post_form(&path, &[("form_token", &token), (page, answer)]).await;
        assert_eq!(location(&response), *next, "{page}");
    }
}

async fn changing_a_live_survey_leaves_the_live_version_alone_until_published(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let id = survey_id(&app, "schools").await;
    let token = csrf_token_in(&app.get_html(&format!("/admin/surveys/{id}")).await);
    let form = app.get_html(&format!("/admin/surveys/{id}/questions/role")).await;
    assert!(form.contains("SENCO\nHeadteacher\nTeacher\nOther"), "the options are there to change");

    let changed = edit_post(
        &app,
        id,
        &format!("/admin/surveys/{id}/questions/role"),
        &[
            ("csrf_token", &token),
            ("kind", "single_choice"),
            ("text", "What is your job?"),
            ("options", "SENCO\nHeadteacher\nTeaching assistant\nOther"),
            ("required", "on"),
        ],
    )
    .await;

    assert_eq!(location(&changed), format!("/admin/surveys/{id}?done=saved"));
    let def = draft(&app, id).await;
    let role = def.question("role").unwrap();
    assert_eq!(role.kind.options()[2], ("teaching-assistant".to_string(), "Teaching assistant".to_string()));
    assert_eq!(role.tags, ["profile:role"], "tags the form does not show are kept");
    assert!(app.get_html(&format!("/admin/surveys/{id}")).await.contains("Version 1 is live; this draft has changes not yet published"));
    let live = chorus::surveys::queries::find_by_slug(&app.db, "schools").await.unwrap();
    let chorus::surveys::queries::Lookup::Live(live) = live else { panic!("the survey is still live") };
    assert_eq!(live.definition.question("role").unwrap().text, "What is your role?");

    edit_post(&app, id, &format!("/admin/surveys/{id}/publish"), &[("csrf_token", &token)]).await;
    let versions: i64 =
        sqlx::query_scalar("select count(*) from survey_versions where survey_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(versions, 2);
}

async fn edits_that_would_break_a_route_are_refused_with_the_reason(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = survey_id(&app, "parents-carers").await;
    let token = csrf_token_in(&app.get_html(&format!("/admin/surveys/{id}")).await);
    let before = draft(&app, id).await;

    let delete = edit_post(&app, id, &format!("/admin/surveys/{id}/questions/change/delete"), &[("csrf_token", &token)]).await;
    assert_eq!(delete.status(), 422);
    assert!(delete.text().await.unwrap().contains("A route on page 4 sends people to this question. Remove that route first."));
    for _ in 0..4 {
        assert_eq!(
            edit_post(&app, id, &format!("/admin/surveys/{id}/pages/change/move"), &[("csrf_token", &token), ("direction", "up")])
                .await
                .status(),
            303
        );
    }
    let backwards =
        edit_post(&app, id, &format!("/admin/surveys/{id}/pages/change/move"), &[("csrf_token", &token), ("direction", "up")]).await;
    assert_eq!(backwards.status(), 422);
    assert!(backwards.text().await.unwrap().contains("Moving this page would make a route go backwards."));
    assert_eq!(draft(&app, id).await.pages[4].id, "change");

    // Removing the route lets the question go.
    edit_post(&app, id, &format!("/admin/surveys/{id}/pages/used-stls/routes/0/delete"), &[("csrf_token", &token)]).await;
    let deleted = edit_post(&app, id, &format!("/admin/surveys/{id}/questions/change/delete"), &[("csrf_token", &token)]).await;
    assert_eq!(location(&deleted), format!("/admin/surveys/{id}?done=deleted"));
    assert_eq!(draft(&app, id).await.pages.len(), before.pages.len() - 1);
}

async fn a_change_made_meanwhile_by_someone_else_is_never_overwritten(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = survey_id(&app, "schools").await;
    let mine = chorus::surveys::queries::editable(&app.db, id).await.unwrap().unwrap();
    let mut theirs = mine.definition.clone();
    theirs.title = "Changed by a colleague".into();
    assert!(chorus::surveys::queries::save_draft_if_unchanged(&app.db, id, &mine.stored, &theirs).await.unwrap());

    let mut my_change = mine.definition.clone();
    my_change.minutes = 20;
    let saved = chorus::surveys::queries::save_draft_if_unchanged(&app.db, id, &mine.stored, &my_change).await.unwrap();

    assert!(!saved);
    assert_eq!(draft(&app, id).await.title, "Changed by a colleague");
}

async fn a_form_from_an_older_draft_is_refused_not_saved_over_newer_changes(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = survey_id(&app, "schools").await;
    let html = app.get_html(&format!("/admin/surveys/{id}")).await;
    let (token, stale) = (csrf_token_in(&html), crate::helpers::csrf_field(&html, "revision"));
    // A colleague adds a question after this page was shown.
    assert_eq!(
        edit_post(&app, id, &format!("/admin/surveys/{id}/standard"), &[("csrf_token", &token), ("key", "age_band")]).await.status(),
        303
    );

    let response =
        app.post_form(&format!("/admin/surveys/{id}/questions/role/delete"), &[("csrf_token", &token), ("revision", &stale)]).await;

    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Someone else changed this survey while you were working on it"));
    let def = draft(&app, id).await;
    assert!(def.question("role").is_some(), "nothing was deleted");
    assert!(def.question("age-band").is_some(), "the colleague's change stands");

    let publish = app.post_form(&format!("/admin/surveys/{id}/publish"), &[("csrf_token", &token), ("revision", &stale)]).await;
    assert_eq!(publish.status(), 409);
    assert!(publish.text().await.unwrap().contains("The draft changed before it was published"));
    let versions: i64 =
        sqlx::query_scalar("select count(*) from survey_versions where survey_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(versions, 1, "nothing was published");
}

async fn only_editors_reach_the_editor_and_forged_posts_change_nothing(backend: Backend) {
    let app = signed_in_as(backend, Role::Analyst).await;
    let id = survey_id(&app, "schools").await;
    assert_eq!(app.get(&format!("/admin/surveys/{id}")).await.status(), 403);
    assert!(!app.get_html("/admin/engagements/stls-phase-2").await.contains("Edit questions"));
    let token = csrf_token_in(&app.get_html("/admin/engagements/stls-phase-2").await);
    assert_eq!(
        app.post_form(&format!("/admin/surveys/{id}/standard"), &[("csrf_token", &token), ("key", "age_band"), ("revision", "x")])
            .await
            .status(),
        403
    );

    let admin = signed_in_as(backend, Role::Admin).await;
    let forged = edit_post(&admin, id, &format!("/admin/surveys/{id}/standard"), &[("csrf_token", "forged"), ("key", "age_band")]).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(admin.get(&format!("/admin/surveys/{id}/questions/no-such-question")).await.status(), 404);
    assert_eq!(admin.get("/admin/surveys/9999").await.status(), 404);
    assert!(!draft(&admin, id).await.pages.iter().any(|p| p.id == "age-band"));
}

crate::on_both_backends!(
    symbols_are_offered_by_name_and_picture_and_bring_their_own_description,
    a_commissioner_builds_publishes_and_gets_answers_to_a_new_survey,
    changing_a_live_survey_leaves_the_live_version_alone_until_published,
    edits_that_would_break_a_route_are_refused_with_the_reason,
    a_change_made_meanwhile_by_someone_else_is_never_overwritten,
    only_editors_reach_the_editor_and_forged_posts_change_nothing,
    a_form_from_an_older_draft_is_refused_not_saved_over_newer_changes,
);
