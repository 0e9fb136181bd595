//! What everyone sees without signing in: the home page's engagements and each engagement's
//! public page, and the Easy Read a commissioner writes for it.

use crate::helpers::{csrf_token_in, signed_in_as, spawn_app, Backend};
use chorus::domain::Role;

/// Where `needle` starts in `html`, failing the test if it is not there.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("the page has {needle:?}: {html}"))
}

async fn every_engagement_on_the_home_page_leads_to_its_page(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    app.insert_engagement("draft-one", "A draft engagement", "draft").await;

    let html = app.get_html("/").await;

    let open = at(&html, "<h2 class=\"heading-l\">Open now</h2>");
    let closed = at(&html, "<h2 class=\"heading-l\">Closed</h2>");
    let phase_2 = at(&html, "<a href=\"/e/stls-phase-2\">Specialist Teaching and Learning Service: Phase 2</a>");
    let phase_1 = at(&html, "<a href=\"/e/stls-phase-1\">Specialist Teaching and Learning Service: Phase 1</a>");
    assert!(open < phase_2 && phase_2 < closed && closed < phase_1, "open first, then closed");
    assert!(html[phase_1..].contains("Closed on "));
    assert!(!html.contains("A draft engagement"));
    assert!(!html.contains("/e/draft-one"));
}

async fn an_open_engagements_page_lists_its_surveys_by_who_they_are_for(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let phase_2: i64 = sqlx::query_scalar("select id from engagements where slug = 'stls-phase-2'").fetch_one(&app.db.pool).await.unwrap();
    let unpublished = app::survey::SurveyDefinition { title: "Not ready yet".into(), ..chorus::demo::parents_carers() };
    chorus::surveys::queries::insert(&app.db, phase_2, "not-ready", &unpublished).await.unwrap();

    let html = app.get_html("/e/stls-phase-2").await;

    assert!(html.contains("<h1 class=\"heading-xl\">Specialist Teaching and Learning Service: Phase 2</h1>"));
    assert!(html.contains("Help us redesign the service"), "the purpose in plain English");
    let easy_read = at(&html, "In Easy Read");
    assert!(html[easy_read..].contains("<p class=\"body easy-read__line\">A team of teachers helps their schools to help them.</p>"));
    assert!(html.contains(">Open now</strong>"));
    assert!(html.contains("Its surveys are taking answers until the end of "));
    let young = at(&html, "For young people</h3>");
    let parents = at(&html, "For parents and carers</h3>");
    let schools = at(&html, "For schools and settings</h3>");
    assert!(young < parents && parents < schools);
    for (slug, after) in [("young-people", young), ("parents-carers", parents), ("schools", schools)] {
        assert!(at(&html, &format!("<a href=\"/s/{slug}\">")) > after, "{slug} is under its heading");
        assert_eq!(app.get(&format!("/s/{slug}")).await.status(), 200, "{slug} starts");
    }
    assert!(html[schools..].contains("href=\"/code\""), "schools start with their access code");
    assert!(!html.contains("Not ready yet"), "an unpublished survey is not listed");
    assert!(html.contains("href=\"mailto:stls.engagement@example.org\""), "who to ask for another format");
}

async fn a_finished_engagements_page_says_so_and_starts_no_survey(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();

    let html = app.get_html("/e/stls-phase-1").await;

    assert!(html.contains(">Results published</strong>"));
    assert!(html.contains("Its surveys closed on "));
    assert!(html.contains("href=\"/e/stls-phase-1/results\""), "the way to its results");
    assert!(html.contains("What works in the service today: parents and carers"));
    assert!(!html.contains("href=\"/s/"), "no survey to start");
    let said = at(&html, "You said, we did</h2>");
    for shown in [
        "Every request for help now gets a reply within ten school days.",
        "(Planned): Every request for help will get a reply within ten school days.",
        ">In progress</strong>",
        "Why not: </strong>The specialist teachers work with schools",
        "<p class=\"body easy-read__line\">Now we reply within two weeks.</p>",
    ] {
        assert!(html[said..].contains(shown), "{shown}");
    }
    assert!(app.get_html("/s/phase-1-families").await.contains("This survey has closed"));
}

async fn a_draft_or_unknown_engagement_has_no_public_page(backend: Backend) {
    let app = spawn_app(backend).await;
    app.insert_engagement("draft-one", "A draft engagement", "draft").await;

    assert_eq!(app.get("/e/draft-one").await.status(), 404);
    assert_eq!(app.get("/e/no-such-engagement").await.status(), 404);
}

async fn easy_read_written_by_a_commissioner_shows_on_the_public_page(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let token = csrf_token_in(&app.get_html("/admin/engagements/stls-phase-2/edit").await);
    let long = "This line has far too many words in it for anyone who needs Easy Read to follow it.";
    let fields = |easy_read: &'static str| {
        [
            ("csrf_token", token.clone()),
            ("title", "STLS Phase 2".into()),
            ("summary", "Help us plan.".into()),
            ("easy_read_summary", easy_read.into()),
        ]
    };

    let too_long = app.post_form("/admin/engagements/stls-phase-2/edit", &pairs(&fields(long))).await;
    assert_eq!(too_long.status(), 422);
    let html = too_long.text().await.unwrap();
    assert!(html.contains("<a href=\"#easy-read-summary\">Line 1 of the Easy Read text has 18 words"));
    assert!(html.contains(long), "what was typed is kept");

    let saved =
        app.post_form("/admin/engagements/stls-phase-2/edit", &pairs(&fields("We want to hear from you.\n\nIt will help us."))).await;
    assert_eq!(saved.status(), 303);
    let public = app.get_html("/e/stls-phase-2").await;
    assert!(public
        .contains("<p class=\"body easy-read__line\">We want to hear from you.</p><p class=\"body easy-read__line\">It will help us.</p>"));
    assert!(app.get_html("/admin/engagements/stls-phase-2").await.contains("href=\"/e/stls-phase-2\""), "staff see the way to it");
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

crate::on_both_backends!(
    every_engagement_on_the_home_page_leads_to_its_page,
    an_open_engagements_page_lists_its_surveys_by_who_they_are_for,
    a_finished_engagements_page_says_so_and_starts_no_survey,
    a_draft_or_unknown_engagement_has_no_public_page,
    easy_read_written_by_a_commissioner_shows_on_the_public_page,
);
