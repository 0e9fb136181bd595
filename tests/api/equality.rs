//! Equality monitoring: the optional section a survey may ask, kept apart from every other view
//! of the answers, and counted only on the equality evidence page, small numbers hidden.

use crate::helpers::{csrf_field, csrf_token_in, signed_in_as, survey_id, Backend, TestApp, PASSWORD};
use app::survey::{Answer, Answers, PREFER_NOT_TO_SAY};
use chorus::domain::Role;

const EVIDENCE: &str = "/admin/engagements/stls-phase-1/equality";

/// Sends a Phase 1 response from Thanet, agreeing, with this answer about the child's sex.
async fn send(app: &TestApp, n: usize, sex: Option<&str>) {
    use chorus::respond::queries::{self as responses, Channel};
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = 'phase-1-families'").fetch_one(&app.db.pool).await.unwrap();
    let id = responses::create(&app.db, version, Channel::Link, &format!("eq-{n}"), &format!("RESEQ{n}")).await.unwrap();
    let mut answers = Answers::new();
    answers.insert("district".into(), Answer::Choice("thanet".into()));
    answers.insert("timely".into(), Answer::Choice("5".into()));
    if let Some(sex) = sex {
        answers.insert("equality-sex".into(), Answer::Choice(sex.into()));
    }
    assert!(responses::submit(&app.db, id, &answers, &format!("RECEQ{n}")).await.unwrap());
}

/// The cells of the row `answer` in the table headed `heading`.
fn row(html: &str, heading: &str, answer: &str) -> Vec<String> {
    let table = &html[html.find(&format!(">{heading}</h2>")).unwrap_or_else(|| panic!("no {heading}: {html}"))..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = &table[table.find(&format!("<th scope=\"row\">{answer}</th>")).unwrap_or_else(|| panic!("no row {answer}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td").skip(1).map(|c| c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()].to_string()).collect()
}

async fn equality_answers_are_counted_only_on_their_own_page_with_small_numbers_hidden(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // Nine say female, four male, two would rather not say, one leaves it.
    let said = [("female", 9), ("male", 4), (PREFER_NOT_TO_SAY, 2)];
    let mut n = 0;
    for (sex, times) in said {
        for _ in 0..times {
            send(&app, n, Some(sex)).await;
            n += 1;
        }
    }
    send(&app, n, None).await;

    let html = app.get_html(EVIDENCE).await;
    assert!(
        html.contains("Asked in What works in the service today: parents and carers: 16 people sent a version that asked it."),
        "{html}"
    );
    // Four, two and one are below five: three hidden, so none can be worked out from the sixteen.
    // Nor is Female's share of the thirteen who told us: it would give Male's four away.
    assert_eq!(row(&html, "Sex", "Female"), ["9", "56%", "not shown", "34%", "not shown"]);
    assert_eq!(row(&html, "Sex", "Male"), ["fewer than 5", "not shown", "not shown", "66%", "not shown"]);
    assert_eq!(row(&html, "Sex", "I'd rather not say")[..2], ["fewer than 5", "not shown"]);
    assert_eq!(row(&html, "Sex", "Not answered")[..2], ["fewer than 5", "not shown"]);
    assert!(html.contains("Not compared with the population: some counts are hidden"), "{html}");
    // No one answered about age: everyone is "not answered".
    assert_eq!(row(&html, "Age", "Not answered"), ["16", "100%"]);
    assert_eq!(row(&html, "Age", "Under 5"), ["0", "0%"]);

    // Kept apart: not on the survey's results, not a filter, not in the export.
    let survey = survey_id(&app, "phase-1-families").await;
    let results = app.get_html(&format!("/admin/surveys/{survey}/results")).await;
    assert!(results.contains("The support came when my child needed it.") && !results.contains("child&#x27;s sex"), "{results}");
    let filtered = app.get_html(&format!("/admin/surveys/{survey}/results?filter=equality-sex::female")).await;
    assert!(!filtered.contains("to \u{201c}What is your child"), "no filter by an equality answer: {filtered}");
    let csv = app.get(&format!("/admin/surveys/{survey}/export/answers.csv")).await.text().await.unwrap();
    assert!(csv.contains("timely") && !csv.contains("equality-"), "{csv}");
    let wide = app.get(&format!("/admin/surveys/{survey}/export/responses.csv")).await.text().await.unwrap();
    assert!(!wide.contains("sex"), "{wide}");
    assert!(!app.get_html("/admin/engagements/stls-phase-1/public-results/preview").await.contains("sex"));

    // The workbook: a sheet a characteristic, counted as shared outside the council.
    let response = app.get(&format!("{EVIDENCE}.xlsx")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], chorus::results::xlsx::CONTENT_TYPE);
    let bytes = response.bytes().await.unwrap();
    let sheets: Vec<(String, String)> =
        chorus::results::xlsx::read_entries(&bytes).into_iter().filter(|(name, _)| name.starts_with("xl/worksheets/")).collect();
    assert_eq!(sheets.len(), 8, "about, then the seven characteristics");
    let sex = sheets.iter().map(|(_, xml)| xml).find(|xml| xml.contains(">Female<")).expect("the sex sheet");
    assert!(sex.contains(">9<") && sex.contains(">fewer than 5<") && !sex.contains(">4<"), "{sex}");

    // An administrator sees every count.
    app.add_user("admin@kent.gov.uk", Role::Admin).await;
    let admin = app.another_browser(None);
    assert_eq!(admin.sign_in("admin@kent.gov.uk", PASSWORD).await.status(), 303);
    let html = admin.get_html(EVIDENCE).await;
    assert_eq!(row(&html, "Sex", "Male"), ["4", "25%", "31%", "66%", "<strong class=\"tag\">35 points fewer: under-represented</strong>"]);
    // Taken out of the survey and published again, the old answers still stay out of the export.
    let (mut def, _) = chorus::surveys::queries::draft(&app.db, survey).await.unwrap().unwrap();
    for page in &mut def.pages {
        page.questions.retain(|q| chorus::surveys::profile::equality_key(q).is_none());
    }
    def.pages.retain(|p| !p.questions.is_empty());
    chorus::surveys::queries::save_draft(&app.db, survey, &def).await.unwrap();
    assert!(chorus::surveys::queries::publish(&app.db, survey).await.is_ok());
    let csv = app.get(&format!("/admin/surveys/{survey}/export/answers.csv")).await.text().await.unwrap();
    assert!(csv.contains("timely") && !csv.contains("equality-"), "{csv}");
    // Those who answer the new version were never asked: they are not counted as not answering.
    for n in 100..103 {
        send(&app, n, None).await;
    }
    let html = admin.get_html(EVIDENCE).await;
    assert!(html.contains(": 16 people sent a version that asked it."), "{html}");
    assert_eq!(row(&html, "Sex", "Not answered")[..2], ["1", "6%"]);
}

async fn the_editor_adds_the_equality_section_once_worded_for_the_audience(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = survey_id(&app, "young-people").await;
    let editor = app.get_html(&format!("/admin/surveys/{id}")).await;
    assert!(editor.contains("Equality monitoring: 7 optional questions"), "{editor}");
    let (token, revision) = (csrf_token_in(&editor), csrf_field(&editor, "revision"));
    let fields = [("csrf_token", token.as_str()), ("revision", revision.as_str()), ("key", "equality")];
    let added = app.post_form(&format!("/admin/surveys/{id}/standard"), &fields).await;
    assert_eq!(added.status(), 303);
    let (draft,): (String,) = sqlx::query_as("select draft from surveys where id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    let def: app::survey::SurveyDefinition = serde_json::from_str(&draft).unwrap();
    let asked: Vec<&app::survey::Question> =
        def.pages.iter().flat_map(|p| p.questions.iter()).filter(|q| chorus::surveys::profile::equality_key(q).is_some()).collect();
    assert_eq!(asked.len(), 7);
    assert!(asked.iter().all(|q| !q.required && q.allow_prefer_not_to_say && q.easy_read.is_some()), "optional, with a way out");
    assert!(asked.iter().any(|q| q.text == "How old are you?"), "young people are asked about themselves");
    let editor = app.get_html(&format!("/admin/surveys/{id}")).await;
    assert!(!editor.contains("Equality monitoring: 7 optional questions"), "offered once");
    let mut def = chorus::demo::parents_carers();
    chorus::surveys::edits::add_equality(&mut def).unwrap();
    assert!(def.pages.iter().flat_map(|p| p.questions.iter()).any(|q| q.text == "What is your child's sex?"), "parents about their child");
    assert!(chorus::surveys::edits::add_equality(&mut def).is_err(), "not twice");
}

async fn who_took_part_is_compared_with_the_population_the_council_uploads(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // Ten say female, thirty male, five would rather not say, five leave it.
    let said = [(Some("female"), 10), (Some("male"), 30), (Some(PREFER_NOT_TO_SAY), 5), (None, 5)];
    let mut n = 0;
    for (sex, times) in said {
        for _ in 0..times {
            send(&app, n, sex).await;
            n += 1;
        }
    }
    // The demo's population: 15,100 female and 29,900 male, a third and two thirds.
    let html = app.get_html(EVIDENCE).await;
    assert_eq!(
        row(&html, "Sex", "Female"),
        ["10", "20%", "25%", "34%", "<strong class=\"tag\">9 points fewer: under-represented</strong>"]
    );
    assert_eq!(row(&html, "Sex", "Male"), ["30", "60%", "75%", "66%", "9 points more"]);
    assert_eq!(row(&html, "Sex", "I'd rather not say"), ["5", "10%", "\u{2013}", "\u{2013}", "\u{2013}"]);
    assert!(html.contains("<li>Sex: Female</li>"), "the gaps listed at the top: {html}");
    // Age has no population uploaded: no comparison.
    assert_eq!(row(&html, "Age", "Not answered"), ["50", "100%"]);

    // The council uploads its own numbers, replacing the demo's: a mistake first.
    let form = app.get_html("/admin/equality-population").await;
    assert!(form.contains("15,100") && form.contains("Upload numbers"), "{form}");
    let token = csrf_token_in(&form);
    let wrong =
        app.post_form("/admin/equality-population", &[("csrf_token", &token), ("population", "Sex,Female,1000\nSex,Other,3")]).await;
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.unwrap();
    assert!(html.contains("Line 2: for Sex, the answer must be one of: Female, Male") && html.contains("Sex,Other,3"), "kept: {html}");
    let pasted = "Characteristic,Answer,People\nSex,Female,1000\nSex,Male,3000\nAge,Under 5,400";
    let uploaded = app.post_form("/admin/equality-population", &[("csrf_token", &token), ("population", pasted)]).await;
    assert_eq!(uploaded.headers()["location"], "/admin/equality-population?done=uploaded");
    let html = app.get_html(EVIDENCE).await;
    assert_eq!(row(&html, "Sex", "Female"), ["10", "20%", "25%", "25%", "the same"]);
    assert!(!html.contains(": under-represented"), "{html}");
    // Nobody has told us their age; ages other than under 5 are not given.
    assert!(html.contains("Not compared with the population: nobody has answered yet."));
    assert_eq!(row(&html, "Age", "Under 5"), ["0", "0%", "\u{2013}", "100%", "\u{2013}"]);
    assert_eq!(row(&html, "Age", "5 to 10"), ["0", "0%", "\u{2013}", "not given", "\u{2013}"]);
    let listed = app.get_html("/admin/equality-population?done=uploaded").await;
    assert!(listed.contains("The numbers are uploaded.") && !listed.contains("15,100") && listed.contains("3,000"), "{listed}");
}

crate::on_both_backends!(
    who_took_part_is_compared_with_the_population_the_council_uploads,
    equality_answers_are_counted_only_on_their_own_page_with_small_numbers_hidden,
    the_editor_adds_the_equality_section_once_worded_for_the_audience,
);
