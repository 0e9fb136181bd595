//! The outcomes framework: outcomes kept as data in their groups, and questions linked to them
//! by choosing in the survey editor, not by typing.

use crate::helpers::{csrf_field, csrf_token_in, signed_in_as, survey_id, Backend, TestApp};
use chorus::domain::Role;

async fn scalar(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sql).bind(bind).fetch_one(&app.db.pool).await.unwrap()
}

/// The table of the outcome headed `statement` on an outcomes page.
fn table_of<'a>(html: &'a str, statement: &str) -> &'a str {
    let from = &html[html.find(&format!(">{statement}</h3>")).unwrap_or_else(|| panic!("no outcome {statement}: {html}"))..];
    &from[..from.find("</table>").unwrap()]
}

/// Whether the `<option>` with this value is the one chosen.
fn chosen(html: &str, value: &str) -> bool {
    let at = html.find(&format!("<option value=\"{value}\"")).unwrap_or_else(|| panic!("no option {value}"));
    html[at..at + html[at..].find('>').unwrap()].contains("selected")
}

/// Saves the parents' question "Has your child's school had support…" from its form, linked to
/// `outcome` (an id, or empty for none).
async fn link_used_stls(app: &TestApp, outcome: &str) -> reqwest::Response {
    let survey = survey_id(app, "parents-carers").await;
    let path = format!("/admin/surveys/{survey}/questions/used-stls");
    let form = app.get_html(&path).await;
    let (token, revision) = (csrf_token_in(&form), csrf_field(&form, "revision"));
    let fields = [
        ("csrf_token", token.as_str()),
        ("revision", revision.as_str()),
        ("kind", "yes_no"),
        ("text", "Has your child's school had support from the Specialist Teaching and Learning Service?"),
        ("required", "on"),
        ("outcome", outcome),
    ];
    app.post_form(&path, &fields).await
}

async fn outcomes_are_chosen_from_the_framework_and_changing_one_keeps_its_questions(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    assert!(app.get_html("/admin").await.contains("href=\"/admin/outcomes\""), "the staff area links to the framework");

    // The demo's framework, in its groups and order, with how many questions measure each.
    let page = app.get_html("/admin/outcomes").await;
    let order: Vec<usize> =
        [">Children and young people</h2>", ">I get the right help at the right time</dt>", ">Families</h2>", ">Schools and settings</h2>"]
            .iter()
            .map(|s| page.find(s).unwrap_or_else(|| panic!("no {s}: {page}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{page}");
    let right_help = &page[order[1]..];
    assert!(right_help[..right_help.find("</div>").unwrap()].contains("Measured by 5 questions"), "{page}");

    // Adding: each problem said beside its field, and what was typed kept.
    let token = csrf_token_in(&app.get_html("/admin/outcomes/new").await);
    let families = scalar(&app, "select id from outcome_groups where name = $1", "Families").await.to_string();
    let empty =
        app.post_form("/admin/outcomes/new", &[("csrf_token", &token), ("statement", " "), ("group", "new"), ("new_group", "")]).await;
    assert_eq!(empty.status(), 422);
    let html = empty.text().await.unwrap();
    assert!(html.contains("Enter the outcome statement") && html.contains("Enter the name of the new group"), "{html}");
    let twice =
        app.post_form("/admin/outcomes/new", &[("csrf_token", &token), ("statement", "families are PARTNERS"), ("group", &families)]).await;
    assert_eq!(twice.status(), 422, "the same words in other capitals are the same outcome");
    let html = twice.text().await.unwrap();
    assert!(html.contains("The framework already has an outcome with these words") && html.contains("families are PARTNERS"), "{html}");
    let added = app
        .post_form(
            "/admin/outcomes/new",
            &[("csrf_token", &token), ("statement", "  Families know   where to get help "), ("group", &families)],
        )
        .await;
    assert_eq!(added.headers()["location"], "/admin/outcomes?done=added");
    let page = app.get_html("/admin/outcomes?done=added").await;
    assert!(page.contains("The outcome is added.") && page.contains(">Families know where to get help</dt>"), "{page}");
    let new = scalar(&app, "select id from outcomes where statement = $1", "Families know where to get help").await.to_string();
    let old = scalar(&app, "select id from outcomes where statement = $1", "I get the right help at the right time").await.to_string();

    // The editor offers the framework, with the question's outcome chosen.
    let survey = survey_id(&app, "parents-carers").await;
    let form = app.get_html(&format!("/admin/surveys/{survey}/questions/used-stls")).await;
    assert!(chosen(&form, &old) && !chosen(&form, &new) && !chosen(&form, ""), "{form}");
    assert!(form.contains(">Families know where to get help (Families)</option>"), "{form}");

    // Only outcomes in the framework may be chosen.
    let wrong = link_used_stls(&app, "999999").await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("Choose an outcome from the framework, or none"));
    assert_eq!(link_used_stls(&app, &new).await.status(), 303);

    // The engagement's outcomes page shows the question under its new outcome at once (links are
    // not part of what respondents see, so need no publishing), and no longer under the old.
    let html = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;
    assert!(table_of(&html, "Families know where to get help").contains("Has your child"), "{html}");
    assert!(!table_of(&html, "I get the right help at the right time").contains("Has your child"), "{html}");

    // New words for the outcome: its questions stay with it.
    let token = csrf_token_in(&app.get_html(&format!("/admin/outcomes/{new}")).await);
    let changed = app
        .post_form(
            &format!("/admin/outcomes/{new}"),
            &[("csrf_token", &token), ("statement", "Families know where to find help"), ("group", &families)],
        )
        .await;
    assert_eq!(changed.headers()["location"], "/admin/outcomes?done=saved");
    let html = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;
    assert!(table_of(&html, "Families know where to find help").contains("Has your child"), "{html}");

    // An outcome a question measures lists it, and cannot be removed.
    let outcome_page = app.get_html(&format!("/admin/outcomes/{new}")).await;
    assert!(outcome_page.contains(&format!("href=\"/admin/surveys/{survey}/questions/used-stls\"")), "{outcome_page}");
    assert!(!outcome_page.contains("Remove this outcome"), "{outcome_page}");
    let refused = app.post_form(&format!("/admin/outcomes/{new}/remove"), &[("csrf_token", &token)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("A question measures this outcome"));

    // Linked to none, it can go; and a group left empty goes with its last outcome.
    assert_eq!(link_used_stls(&app, "").await.status(), 303);
    let linked: i64 = sqlx::query_scalar("select count(*) from question_outcomes where survey_id = $1 and question_id = 'used-stls'")
        .bind(survey)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(linked, 0);
    assert!(app.get_html(&format!("/admin/outcomes/{new}")).await.contains("Remove this outcome"));
    let removed = app.post_form(&format!("/admin/outcomes/{new}/remove"), &[("csrf_token", &token)]).await;
    assert_eq!(removed.headers()["location"], "/admin/outcomes?done=removed");
    let alone = app
        .post_form(
            "/admin/outcomes/new",
            &[("csrf_token", &token), ("statement", "Children are healthy"), ("group", "new"), ("new_group", "Health")],
        )
        .await;
    assert_eq!(alone.status(), 303);
    assert!(app.get_html("/admin/outcomes").await.contains(">Health</h2>"));
    let health = scalar(&app, "select id from outcomes where statement = $1", "Children are healthy").await;
    app.post_form(&format!("/admin/outcomes/{health}/remove"), &[("csrf_token", &token)]).await;
    let page = app.get_html("/admin/outcomes").await;
    assert!(!page.contains("Families know where to find help") && !page.contains(">Health</h2>"), "{page}");
}

async fn a_viewer_reads_the_framework_without_forms(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let page = app.get_html("/admin/outcomes").await;
    assert!(page.contains(">People listen to me</dt>") && !page.contains("Add an outcome"), "{page}");
    let id = scalar(&app, "select id from outcomes where statement = $1", "People listen to me").await;
    let outcome = app.get_html(&format!("/admin/outcomes/{id}")).await;
    assert!(
        outcome.contains("People listen to me") && !outcome.contains("<textarea") && !outcome.contains("Remove this outcome"),
        "{outcome}"
    );
    assert!(outcome.contains("Do the adults who help you listen to what you want?"), "the question that measures it: {outcome}");
}

crate::on_both_backends!(
    outcomes_are_chosen_from_the_framework_and_changing_one_keeps_its_questions,
    a_viewer_reads_the_framework_without_forms,
);
