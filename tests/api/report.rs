//! The report for decision-makers: everything in one page, and issued as a numbered, dated copy
//! that opens again unchanged whatever happens afterwards.

use crate::helpers::{csrf_token_in, signed_in_as, Backend};
use chorus::domain::Role;

const REPORT: &str = "/admin/engagements/stls-phase-2/report";

/// The sheets of a workbook: (sheet file, its XML).
async fn sheets(app: &crate::helpers::TestApp, path: &str) -> Vec<(String, String)> {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], chorus::results::xlsx::CONTENT_TYPE);
    let bytes = response.bytes().await.unwrap();
    chorus::results::xlsx::read_entries(&bytes).into_iter().filter(|(name, _)| name.starts_with("xl/worksheets/")).collect()
}

/// The part of an issued report's page that is the report itself.
fn body(page: &str) -> &str {
    let start = page.find("It is kept exactly as it was issued.").expect("an issued report");
    &page[start..page.find("</main>").unwrap()]
}

async fn an_issued_report_opens_again_unchanged_after_more_answers_and_theme_edits(backend: Backend) {
    use chorus::themes::analysis::{find_themes, Scope};
    let app = signed_in_as(backend, Role::Commissioner).await;
    chorus::demo::add_responses(&app.db, 60).await.unwrap();
    find_themes(&app.db, 1, &Scope::All, None, 1).await.unwrap();

    let live = app.get_html(REPORT).await;
    for section in
        ["Purpose and method", "Who was invited and who took part", "Outcomes", "You said, we did", "What the evidence can and cannot show"]
    {
        assert!(live.contains(&format!(">{section}</h2>")), "{section}");
    }
    assert!(live.contains("aria-label=\"Schools reached by district\""));
    assert!(live.contains("fewer than 5"), "counts are read as they are shared");
    let token = csrf_token_in(&live);
    let missing = app.post_form(REPORT, &[("csrf_token", &token), ("audience", " ")]).await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.unwrap().contains("<a href=\"#audience\">Say who the report is for"));

    let issued = app.post_form(REPORT, &[("csrf_token", &token), ("audience", "Cabinet Committee, 14 January 2027")]).await;
    assert_eq!(issued.headers()["location"], "/admin/engagements/stls-phase-2/reports/1");
    let first = app.get_html("/admin/engagements/stls-phase-2/reports/1").await;
    assert!(first.contains("Report 1, issued on "));
    assert!(first.contains("for Cabinet Committee, 14 January 2027"));
    assert!(body(&first).contains("Who was invited and who took part"));

    let workbook = "/admin/engagements/stls-phase-2/reports/1/report.xlsx";
    assert!(first.contains(&format!("href=\"{workbook}\"")));
    let sent = sheets(&app, workbook).await;
    assert_eq!(sent.len(), 8, "about, schools reached, took part, figures, themes, quotes, outcomes, you said");
    let all: String = sent.iter().map(|(_, xml)| xml.as_str()).collect();
    assert!(all.contains("Report 1, issued on ") && all.contains("for Cabinet Committee, 14 January 2027"));
    assert!(all.contains("fewer than 5"), "counts are read as they are shared in the workbook too");
    assert!(all.contains("People chose to take part"), "with the limits of the evidence");

    chorus::demo::add_responses(&app.db, 45).await.unwrap();
    find_themes(&app.db, 1, &Scope::All, Some(3), 1).await.unwrap();

    let again = app.get_html("/admin/engagements/stls-phase-2/reports/1").await;
    assert_eq!(body(&again), body(&first), "what the board read is what it reads again");
    assert_eq!(sheets(&app, workbook).await, sent, "and the workbook it was sent is the same too");
    let now: String = sheets(&app, "/admin/engagements/stls-phase-2/report.xlsx").await.into_iter().map(|(_, xml)| xml).collect();
    assert!(now.contains("Not issued: the report as it stood on ") && now != all, "the live workbook has moved on");
    assert!(!app.get_html(REPORT).await.contains(body(&first)), "the live report has moved on");
    assert!(app.get_html(REPORT).await.contains("/admin/engagements/stls-phase-2/reports/1\">Report 1</a>"));
    app.post_form(REPORT, &[("csrf_token", &token), ("audience", "Schools forum")]).await;
    assert!(app.get_html("/admin/engagements/stls-phase-2/reports/2").await.contains("for Schools forum"), "numbered in turn");
}

async fn viewers_read_the_report_and_cannot_issue_it(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;

    let live = app.get_html(REPORT).await;

    assert!(live.contains("Who was invited and who took part") && !live.contains("Issue this report"));
    let token = csrf_token_in(&live);
    assert_eq!(app.post_form(REPORT, &[("csrf_token", &token), ("audience", "Board")]).await.status(), 403);
    assert_eq!(app.get("/admin/engagements/stls-phase-2/reports/1").await.status(), 404);
    assert_eq!(app.get("/admin/engagements/stls-phase-2/reports/1/report.xlsx").await.status(), 404);
    assert!(live.contains("href=\"/admin/engagements/stls-phase-2/report.xlsx\""));
    assert_eq!(sheets(&app, "/admin/engagements/stls-phase-2/report.xlsx").await.len(), 8, "viewers download it");
}

crate::on_both_backends!(
    an_issued_report_opens_again_unchanged_after_more_answers_and_theme_edits,
    viewers_read_the_report_and_cannot_issue_it,
);
