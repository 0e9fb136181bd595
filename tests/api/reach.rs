//! Reach: the numbers of children with SEND the council uploads, and response rates against them.

use crate::helpers::{csrf_token_in, signed_in_as, Backend, TestApp, PASSWORD};
use app::survey::{Answer, Answers};
use chorus::domain::Role;

/// Sends a parents' response from `district` about a child with `need`.
async fn send(app: &TestApp, n: usize, district: &str, need: &str) {
    use chorus::respond::queries::{self as responses, Channel};
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = 'parents-carers'").fetch_one(&app.db.pool).await.unwrap();
    let id = responses::create(&app.db, version, Channel::Link, &format!("reach-{n}"), &format!("RESRE{n}")).await.unwrap();
    let mut answers = Answers::new();
    answers.insert("district".into(), Answer::Choice(district.into()));
    answers.insert("areas-of-need".into(), Answer::Choices(vec![need.into()]));
    assert!(responses::submit(&app.db, id, &answers, &format!("RECRE{n}")).await.unwrap());
}

fn row(html: &str, heading: &str, place: &str) -> Vec<String> {
    let table = &html[html.find(&format!(">{heading}</h2>")).unwrap_or_else(|| panic!("no {heading}: {html}"))..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = &table[table.find(&format!("<th scope=\"row\">{place}</th>")).unwrap_or_else(|| panic!("no row {place}: {table}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"table__numeric\">").skip(1).map(|c| c[..c.find("</td>").unwrap()].to_string()).collect()
}

async fn response_rates_are_read_against_the_numbers_uploaded_hiding_small_counts(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // The council's numbers, pasted: a mistake is said line by line and what was pasted kept.
    let token = csrf_token_in(&app.get_html("/admin/population").await);
    let wrong = app
        .post_form(
            "/admin/population",
            &[("csrf_token", &token), ("population", "Thanet,Cognition and learning,400\nAtlantis,Cognition and learning,3")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.unwrap();
    assert!(
        html.contains("Line 2: \u{201c}Atlantis\u{201d} is not one of Kent") && html.contains("Thanet,Cognition and learning,400"),
        "{html}"
    );
    let csv = "district,area of need,children\nThanet,Cognition and learning,400\nThanet,Physical and sensory,100\nDover,Cognition and learning,300\nCanterbury,Physical and sensory,50";
    let uploaded = app.post_form("/admin/population", &[("csrf_token", &token), ("population", csv)]).await;
    assert_eq!(uploaded.headers()["location"], "/admin/population?done=uploaded");
    let page = app.get_html("/admin/population?done=uploaded").await;
    assert!(page.contains("The numbers are uploaded.") && page.contains("<td class=\"table__numeric\">400</td>"), "{page}");

    // Thanet 20 responses, Dover 15, Canterbury 3; cognition and learning but for Canterbury's.
    let mut n = 0;
    for (district, count) in [("thanet", 20), ("dover", 15), ("canterbury", 3)] {
        for _ in 0..count {
            let need = if district == "canterbury" { "physical-and-sensory" } else { "cognition-and-learning" };
            send(&app, n, district, need).await;
            n += 1;
        }
    }
    let html = app.get_html("/admin/engagements/stls-phase-2/reach").await;
    assert_eq!(row(&html, "By district", "Thanet"), ["20", "500", "4.0"]);
    // Canterbury's three are too few; the survey's results hide Dover's with them, and so does this page.
    assert_eq!(row(&html, "By district", "Canterbury"), ["fewer than 5", "50", "not shown"]);
    assert_eq!(row(&html, "By district", "Dover"), ["not shown", "300", "not shown"]);
    assert_eq!(row(&html, "By district", "Ashford"), ["0", "not uploaded", "no number uploaded"]);
    // Everyone but Canterbury's three has cognition and learning needs: showing it would give the three away.
    assert_eq!(row(&html, "By area of need", "Cognition and learning"), ["not shown", "700", "not shown"]);
    assert_eq!(row(&html, "By area of need", "Physical and sensory"), ["fewer than 5", "150", "not shown"]);

    // An administrator sees every count.
    app.add_user("admin@kent.gov.uk", Role::Admin).await;
    let admin = app.another_browser(None);
    assert_eq!(admin.sign_in("admin@kent.gov.uk", PASSWORD).await.status(), 303);
    let html = admin.get_html("/admin/engagements/stls-phase-2/reach").await;
    assert_eq!(row(&html, "By district", "Dover"), ["15", "300", "5.0"]);
    assert_eq!(row(&html, "By area of need", "Cognition and learning"), ["35", "700", "5.0"]);
}

async fn the_demo_has_numbers_for_every_district(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let page = app.get_html("/admin/population").await;
    assert!(!page.contains("not given") && !page.contains("Upload numbers"), "{page}");
    assert_eq!(page.matches("<th scope=\"row\">").count(), 12, "{page}");
}

crate::on_both_backends!(response_rates_are_read_against_the_numbers_uploaded_hiding_small_counts, the_demo_has_numbers_for_every_district,);
