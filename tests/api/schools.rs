//! School directory, access codes, and answers attributed to a school.

use crate::helpers::{csrf_field, csrf_token_in, spawn_app, Backend, TestApp, PASSWORD};
use chorus::domain::Role;

async fn signed_in_as(backend: Backend, role: Role) -> TestApp {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    app.add_user("staff@kent.gov.uk", role).await;
    app.sign_in("staff@kent.gov.uk", PASSWORD).await;
    app
}

async fn a_commissioner_imports_schools_from_csv(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let token = csrf_token_in(&app.get_html("/admin/schools").await);

    let response = app
        .post_form(
            "/admin/schools",
            &[("csrf_token", &token), ("csv", "name,district,phase\n\"St Mary's, Dover\",dover,primary,\"Church Street, Dover CT16 1AA\"\nCanterbury Academy,Canterbury,Secondary")],
        )
        .await;

    assert_eq!(response.headers()["location"], "/admin/schools?done=added-1-1");
    let html = app.get_html("/admin/schools?done=added-1-1").await;
    assert!(html.contains("Added 1 school. 1 was already listed."), "{html}");
    assert!(html.contains("St Mary&#39;s, Dover") || html.contains("St Mary's, Dover"));
    assert!(html.contains("Church Street, Dover CT16 1AA"), "the address is kept and shown");
    assert!(html.contains("7 schools and settings are listed"));
}

async fn the_codes_page_says_who_has_answered_and_prints_a_letter_for_each_school(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let id = crate::helpers::survey_id(&app, "schools").await;
    let code: String =
        sqlx::query_scalar("select c.code from access_codes c join schools s on s.id = c.school_id where s.name = 'Canterbury Academy'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    // One response sent with Canterbury Academy's code.
    let school = crate::helpers::spawn_app_on(&app.database_url, app.data_dir.clone()).await;
    school.post_public("/s/schools/start", &[("code", &code)]).await;
    for (page, field, value) in [
        ("phase", "phase", "secondary"),
        ("role", "role", "senco"),
        ("used-service", "used-service", "no"),
        ("areas-of-need", "areas-of-need", "cognition-and-learning"),
        ("suggestions", "suggestions", ""),
    ] {
        let path = format!("/s/schools/q/{page}");
        let html = school.get_html(&path).await;
        if !html.contains("form_token") {
            continue;
        }
        school.post_form(&path, &[("form_token", &csrf_field(&html, "form_token")), (field, value)]).await;
    }
    let check = school.get_html("/s/schools/check").await;
    school.post_form("/s/schools/submit", &[("form_token", &csrf_field(&check, "form_token"))]).await;
    let sent: i64 =
        sqlx::query_scalar("select count(*) from responses where submitted_at is not null").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(sent, 1, "the school's response was sent");

    let html = app.get_html(&format!("/admin/surveys/{id}/codes")).await;

    let row = &html[html.find("Canterbury Academy").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("2 Academy Road, Canterbury CT2 0XX"), "{row}");
    assert!(row.contains("<td class=\"table__numeric\">1</td>"), "an administrator sees the exact count: {row}");
    assert!(html.contains(&format!("href=\"/admin/surveys/{id}/codes/letters\"")));
    let letters = app.get_html(&format!("/admin/surveys/{id}/codes/letters")).await;
    assert_eq!(letters.matches("class=\"letter\"").count(), 6, "a letter for each school");
    assert!(letters.contains(&format!("<p class=\"code code--large\">{code}</p>")));
    assert!(letters.contains("<svg"), "with its QR code");
    assert!(letters.contains("/code</strong>"));
    // The QR code's address fills the code in.
    let filled = app.get_html(&format!("/code?code={code}")).await;
    assert!(filled.contains(&format!("value=\"{code}\"")), "{filled}");

    // The engagement's schools page: who answered by district, and who is still to hear from,
    // with their codes and letters for them alone.
    let reach = app.get_html("/admin/engagements/stls-phase-2/schools").await;
    let district = &reach[reach.find("<th scope=\"row\">Canterbury</th>").expect("Canterbury's row")..];
    let cells: Vec<&str> = district[..district.find("</tr>").unwrap()].split("<td class=\"table__numeric\">").skip(1).collect();
    let number = |cell: &str| cell[..cell.find('<').unwrap()].parse::<i64>().unwrap();
    assert_eq!(number(cells[1]), 1, "one school in Canterbury answered: {reach}");
    assert_eq!(number(cells[0]) - 1, number(cells[2]), "the rest are still to hear from");
    assert!(reach.contains("1 of the 6 schools given a code has answered."), "{reach}");
    let waiting = &reach[reach.find(": still to hear from</h2>").unwrap()..];
    assert!(!waiting.contains("Canterbury Academy") && !waiting.contains(&code), "{waiting}");
    assert_eq!(waiting.matches("<td class=\"code\">").count(), 5, "the five others, with their codes: {waiting}");
    let chase = app.get_html(&format!("/admin/surveys/{id}/codes/letters?waiting=1")).await;
    assert_eq!(chase.matches("class=\"letter\"").count(), 5, "a letter for each school still to hear from");
    assert!(!chase.contains(&code) && chase.contains("5 schools still to hear from"), "{chase}");
}

async fn a_bad_csv_is_refused_whole_and_kept(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let token = csrf_token_in(&app.get_html("/admin/schools").await);
    let before: i64 = sqlx::query_scalar("select count(*) from schools").fetch_one(&app.db.pool).await.unwrap();

    let response =
        app.post_form("/admin/schools", &[("csrf_token", &token), ("csv", "Good School,Dover,Primary\nBad School,Atlantis,Primary")]).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Line 2:"));
    assert!(html.contains("Bad School,Atlantis,Primary"), "what was pasted is kept");
    let after: i64 = sqlx::query_scalar("select count(*) from schools").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(before, after);
}

async fn viewers_cannot_import_or_make_codes(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let html = app.get_html("/admin/schools").await;
    assert!(!html.contains("Add schools</button>"));
    let token = csrf_token_in(&app.get_html("/admin").await);

    assert_eq!(app.post_form("/admin/schools", &[("csrf_token", &token), ("csv", "A,Dover,Primary")]).await.status(), 403);
    assert_eq!(app.post_form("/admin/surveys/3/codes", &[("csrf_token", &token)]).await.status(), 403);
}

/// A code lets anyone answer as its school: only those who make codes see them.
async fn only_those_who_make_codes_see_them(backend: Backend) {
    for role in [Role::Viewer, Role::Analyst, Role::SafeguardingLead] {
        let app = signed_in_as(backend, role).await;
        let id = crate::helpers::survey_id(&app, "schools").await;
        for path in [format!("/admin/surveys/{id}/codes"), format!("/admin/surveys/{id}/codes/letters")] {
            assert_eq!(app.get(&path).await.status(), 403, "{role:?} {path}");
        }
        let engagement = app.get_html("/admin/engagements/stls-phase-2").await;
        assert!(!engagement.contains("/codes\""), "{role:?} is not offered the codes");
    }
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id = crate::helpers::survey_id(&app, "schools").await;
    assert!(app.get_html("/admin/engagements/stls-phase-2").await.contains(&format!("href=\"/admin/surveys/{id}/codes\"")));
    assert_eq!(app.get(&format!("/admin/surveys/{id}/codes")).await.status(), 200);
}

async fn codes_are_made_once_per_school_and_survey(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id: i64 = sqlx::query_scalar("select id from surveys where slug = 'parents-carers'").fetch_one(&app.db.pool).await.unwrap();
    let html = app.get_html(&format!("/admin/surveys/{id}/codes")).await;
    assert!(html.contains("Make codes for the 6 schools without one"));

    let token = csrf_token_in(&html);
    app.post_form(&format!("/admin/surveys/{id}/codes"), &[("csrf_token", &token)]).await;
    app.post_form(&format!("/admin/surveys/{id}/codes"), &[("csrf_token", &token)]).await;

    let codes: i64 =
        sqlx::query_scalar("select count(*) from access_codes where survey_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(codes, 6);
    assert!(!app.get_html(&format!("/admin/surveys/{id}/codes")).await.contains("without one"));
}

async fn answers_given_with_a_school_code_count_for_that_school(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let (code, school): (String, i64) = sqlx::query_as(
        "select c.code, c.school_id from access_codes c join schools s on s.id = c.school_id where s.name = 'Oakfield Special School'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();

    // The code leads to the survey's start page, which names the school it belongs to.
    let start = app.post_public("/code", &[("code", &code.to_lowercase())]).await;
    assert_eq!(start.status(), 200);
    let start = start.text().await.unwrap();
    assert!(start.contains("You are answering for Oakfield Special School, Maidstone."), "{start}");
    assert!(start.contains("Not your school? <a href=\"/code\">"), "{start}");
    assert!(start.contains("It takes about 10 minutes."), "the start page says what the survey is");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("select count(*) from responses").fetch_one(&app.db.pool).await.unwrap(),
        0,
        "nothing starts until Start now"
    );

    let response = app.post_public("/s/schools/start", &[("code", &crate::helpers::csrf_field(&start, "code"))]).await;

    // A special school's phase is not one the question offers, so it is asked; its district is not.
    assert_eq!(response.headers()["location"], "/s/schools/q/phase");
    let html = app.get_html("/s/schools/q/phase").await;
    let token = csrf_field(&html, "form_token");
    app.post_form("/s/schools/q/phase", &[("form_token", &token), ("phase", "special")]).await;
    let (channel, school_id): (String, Option<i64>) =
        sqlx::query_as("select channel, school_id from responses").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(channel, "school_code");
    assert_eq!(school_id, Some(school));
}

async fn a_schools_code_answers_its_phase_and_district_so_they_are_not_asked(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let code: String = sqlx::query_scalar(
        "select c.code from access_codes c join schools s on s.id = c.school_id where s.name = 'Ashford Oaks Primary School'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();

    let response = app.post_public("/s/schools/start", &[("code", &code)]).await;

    assert_eq!(response.headers()["location"], "/s/schools/q/role", "phase is known, so the first question is the role");
    let html = app.get_html("/s/schools/q/role").await;
    let token = csrf_field(&html, "form_token");
    let next = app.post_form("/s/schools/q/role", &[("form_token", &token), ("role", "senco")]).await;
    assert_eq!(next.headers()["location"], "/s/schools/q/used-service", "and where the school is, is not asked either");
    // A school that has not used the service is not asked how it helped.
    let used = app.get_html("/s/schools/q/used-service").await;
    let token = csrf_field(&used, "form_token");
    let next = app.post_form("/s/schools/q/used-service", &[("form_token", &token), ("used-service", "no")]).await;
    assert_eq!(next.headers()["location"], "/s/schools/q/areas-of-need");
    let draft: String = sqlx::query_scalar("select draft from responses").fetch_one(&app.db.pool).await.unwrap();
    let draft: app::survey::Draft = serde_json::from_str(&draft).unwrap();
    assert_eq!(draft.answers.get("district"), Some(&app::survey::Answer::Choice("ashford".into())));
    assert_eq!(draft.answers.get("phase"), Some(&app::survey::Answer::Choice("primary".into())));
    // Back from the role goes to the start page, not to a question the code answered.
    assert!(html.contains("<a href=\"/s/schools\" class=\"back-link\">"), "{html}");
    // A code for another survey, or none that exists, starts nothing.
    let wrong = app.post_public("/s/parents-carers/start", &[("code", &code)]).await;
    assert_eq!(wrong.headers()["location"], "/code");
}

async fn a_wrong_school_code_is_explained(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();

    let response = app.post_public("/code", &[("code", "AAAA-AAAA-AA")]).await;

    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("We could not find that access code"));
}

async fn every_published_survey_has_a_qr_code_in_png_and_svg(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();

    let png = app.get("/s/schools/qr.png").await;
    assert_eq!(png.headers()["content-type"], "image/png");
    assert!(png.bytes().await.unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    let svg = app.get("/s/schools/qr.svg").await;
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().contains("<svg"));
    assert_eq!(app.get("/s/nothing-here/qr.png").await.status(), 404);
}

crate::on_both_backends!(
    only_those_who_make_codes_see_them,
    every_published_survey_has_a_qr_code_in_png_and_svg,
    a_commissioner_imports_schools_from_csv,
    a_bad_csv_is_refused_whole_and_kept,
    viewers_cannot_import_or_make_codes,
    codes_are_made_once_per_school_and_survey,
    answers_given_with_a_school_code_count_for_that_school,
    a_wrong_school_code_is_explained,
    a_schools_code_answers_its_phase_and_district_so_they_are_not_asked,
    the_codes_page_says_who_has_answered_and_prints_a_letter_for_each_school,
);
