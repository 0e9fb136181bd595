//! An engagement's published results: private until its results are marked as published, the
//! questions a commissioner picked, every count hidden as the staff "shared" view hides it, and
//! never a quote from an answer with the safeguarding team.

use crate::helpers::{csrf_token_in, new_client, signed_in_as, Backend, TestApp};
use chorus::domain::Role;

const PICK: &str = "/admin/engagements/stls-phase-2/public-results";

/// Closes the engagement and marks its results as published, as a commissioner does.
pub(crate) async fn publish_results(app: &TestApp) {
    let token = csrf_token_in(&app.get_html("/admin/engagements/stls-phase-2").await);
    for to in ["closed", "published"] {
        let response = app.post_form("/admin/engagements/stls-phase-2/state", &[("csrf_token", &token), ("state", to)]).await;
        assert_eq!(response.status(), 303, "{to}");
    }
}

/// Someone who is not signed in.
async fn public_get(app: &TestApp, path: &str) -> reqwest::Response {
    new_client().get(app.url(path)).send().await.unwrap()
}

/// The first question the pick page offers: its field value and its text.
fn first_offered(html: &str) -> (String, String) {
    let marker = "name=\"pick\" type=\"checkbox\" value=\"";
    let start = html.find(marker).expect("a question to pick") + marker.len();
    let value = html[start..start + html[start..].find('"').unwrap()].to_owned();
    let text_at = start + html[start..].find("<span class=\"choice__text\">").unwrap() + "<span class=\"choice__text\">".len();
    let text = html[text_at..text_at + html[text_at..].find("</span>").unwrap()].to_owned();
    (value, text)
}

/// A question's table of figures, from its region to the end of the table.
fn table_of(html: &str, question: &str) -> String {
    let start = html.find(&format!("aria-label=\"Table: {question}\"")).unwrap_or_else(|| panic!("a table for {question}: {html}"));
    html[start..start + html[start..].find("</table>").unwrap()].to_owned()
}

async fn nothing_is_public_until_the_results_are_published(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    chorus::demo::add_responses(&app.db, 30).await.unwrap();

    assert_eq!(public_get(&app, "/e/stls-phase-2/results").await.status(), 404);
    assert!(!public_get(&app, "/e/stls-phase-2").await.text().await.unwrap().contains("/e/stls-phase-2/results"));
    let preview = app.get_html(&format!("{PICK}/preview")).await;
    assert!(preview.contains("Nobody else can see this page until"));
    assert!(app.get_html(&format!("{PICK}/preview/easy-read")).await.contains("answered our questions."));
    assert_eq!(public_get(&app, "/e/stls-phase-2/results/easy-read").await.status(), 404);
    assert_eq!(public_get(&app, &format!("{PICK}/preview")).await.status(), 303, "staff only");

    publish_results(&app).await;

    let page = public_get(&app, "/e/stls-phase-2/results").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("What people told us"));
    assert!(!html.contains("Nobody else can see this page"));
    for group in ["Children and young people", "Parents and carers", "Schools and settings"] {
        assert!(html.contains(&format!(">{group}</h2>")), "{group}");
    }
    assert!(html.contains("aria-label=\"Table: Which part of Kent do you live in?\""), "where they are");
    let staff_outcomes = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;
    let first_statement = "<h3 id=\"outcome-0\" class=\"heading-m\">";
    let at = staff_outcomes.find(first_statement).expect("the demo measures outcomes");
    let statement = &staff_outcomes[at..at + staff_outcomes[at..].find("</h3>").unwrap()];
    assert!(html.contains(">Outcomes</h2>") && html.contains(statement), "the outcome shares, as a commissioner sees them");
    assert!(html.contains("href=\"/e/stls-phase-2/results/easy-read\""));
    let easy = public_get(&app, "/e/stls-phase-2/results/easy-read").await.text().await.unwrap();
    assert!(easy.contains("What people told us: Easy Read"));
    assert!(easy.contains("young people answered our questions."));
    assert!(easy.contains("alt=\"\""), "pictures beside the words are decorative");
    let engagement = public_get(&app, "/e/stls-phase-2").await.text().await.unwrap();
    assert!(engagement.contains("href=\"/e/stls-phase-2/results\""));
    assert!(engagement.contains(">Results published</strong>"));
}

async fn picked_figures_hide_exactly_what_the_staff_shared_view_hides(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    chorus::demo::add_responses(&app.db, 15).await.unwrap();
    let (value, question) = first_offered(&app.get_html(PICK).await);
    let token = csrf_token_in(&app.get_html(PICK).await);
    let saved = app.post_form(PICK, &[("csrf_token", &token), ("pick", &value)]).await;
    assert_eq!(saved.headers()["location"], format!("{PICK}?done=saved"));
    assert!(app.get_html(PICK).await.contains(&format!("value=\"{value}\" checked")), "the pick is kept");
    publish_results(&app).await;
    let survey = value.split(':').next().unwrap();

    let public = public_get(&app, "/e/stls-phase-2/results").await.text().await.unwrap();
    let shared = app.get_html(&format!("/admin/surveys/{survey}/results?counts=shared")).await;
    let exact = app.get_html(&format!("/admin/surveys/{survey}/results")).await;

    let shown = table_of(&public, &question);
    assert_eq!(shown, table_of(&shared, &question), "the same counts as the shared view, cell for cell");
    assert!(shown.contains("fewer than 5"), "five responses to a survey leave small counts: {shown}");
    assert_ne!(shown, table_of(&exact, &question), "an administrator's exact counts are not what the public sees");
    let bad = app.post_form(PICK, &[("csrf_token", &token), ("pick", "999:nope")]).await;
    assert_eq!(bad.status(), 400, "only the engagement's own questions");
}

async fn no_public_page_quotes_an_answer_with_the_safeguarding_team(backend: Backend) {
    use chorus::themes::analysis::{find_themes, text_questions, Scope};
    let app = signed_in_as(backend, Role::Admin).await;
    chorus::demo::add_responses(&app.db, 90).await.unwrap();
    let find_all = || async {
        for (survey_id, _, question_id, _) in text_questions(&app.db, 1).await.unwrap() {
            find_themes(&app.db, 1, &Scope::Question { survey_id, question_id }, None, 1).await.unwrap();
        }
    };
    find_all().await;
    publish_results(&app).await;
    let before = public_get(&app, "/e/stls-phase-2/results").await.text().await.unwrap();
    assert!(before.contains("<blockquote"), "themes are quoted");

    sqlx::query("update responses set safeguarding_flag = 1").execute(&app.db.writer).await.unwrap();
    find_all().await;

    let after = public_get(&app, "/e/stls-phase-2/results").await.text().await.unwrap();
    assert!(after.contains("What people said") || after.contains("Themes in the answers"), "the themes are still there");
    assert!(!after.contains("<blockquote"), "no answer with the safeguarding team is quoted");
}

crate::on_both_backends!(
    nothing_is_public_until_the_results_are_published,
    picked_figures_hide_exactly_what_the_staff_shared_view_hides,
    no_public_page_quotes_an_answer_with_the_safeguarding_team,
);
