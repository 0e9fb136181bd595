//! Co-production documents: written in sections with Easy Read, published version by version,
//! each version kept exactly as it was while the draft moves on; only commissioners write.

use crate::helpers::{csrf_token_in, new_client, signed_in_as, Backend, TestApp};
use chorus::domain::Role;

const DOCUMENTS: &str = "/admin/engagements/stls-phase-2/documents";

async fn public_text(app: &TestApp, path: &str) -> (u16, String) {
    let response = new_client().get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Starts a document and returns its staff page's address.
async fn start(app: &TestApp, token: &str, title: &str) -> String {
    let started = app.post_form(DOCUMENTS, &[("csrf_token", token), ("title", title)]).await;
    assert_eq!(started.status(), 303);
    started.headers()["location"].to_str().unwrap().to_owned()
}

async fn add_section(app: &TestApp, token: &str, document: &str, heading: &str, text: &str, easy_read: &str) {
    let added = app
        .post_form(
            &format!("{document}/sections/new"),
            &[("csrf_token", token), ("heading", heading), ("text", text), ("easy_read", easy_read)],
        )
        .await;
    assert_eq!(added.status(), 303, "{heading}");
}

async fn a_commissioner_writes_sections_and_each_published_version_stays_as_it_was(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let token = csrf_token_in(&app.get_html(DOCUMENTS).await);

    let untitled = app.post_form(DOCUMENTS, &[("csrf_token", &token), ("title", " ")]).await;
    assert_eq!(untitled.status(), 422);
    assert!(untitled.text().await.unwrap().contains("<a href=\"#title\">Enter the document's title</a>"));
    let document = start(&app, &token, "STLS service specification").await;
    assert!(app.get_html(DOCUMENTS).await.contains("STLS service specification</a>: being written, 0 sections"));

    let empty = app.post_form(&format!("{document}/sections/new"), &[("csrf_token", &token), ("heading", ""), ("text", "")]).await;
    assert_eq!(empty.status(), 422);
    let empty = empty.text().await.unwrap();
    assert!(empty.contains("Enter the section's heading") && empty.contains("Enter what the section says"));
    add_section(
        &app,
        &token,
        &document,
        "Who the service is for",
        "Children and young people with SEND in mainstream schools.",
        "It is for children who need extra help.",
    )
    .await;
    add_section(&app, &token, &document, "District teams", "A team in each of the 12 districts.\n\nIt visits schools.", "").await;

    // Nothing is public before a version is published.
    assert_eq!(public_text(&app, "/e/stls-phase-2/documents/stls-service-specification").await.0, 404);
    let nothing = app.post_form(&format!("{document}/open"), &[("csrf_token", &token)]).await;
    assert_eq!(nothing.status(), 303, "the first version needs no note");
    let (status, first) = public_text(&app, "/e/stls-phase-2/documents/stls-service-specification").await;
    assert_eq!(status, 200);
    assert!(first.contains("Version 1, published on "));
    assert!(first.contains("<h2 id=\"section-who-the-service-is-for\" class=\"heading-l\">Who the service is for</h2>"), "{first}");
    assert!(first.contains("<p class=\"body\">A team in each of the 12 districts.</p><p class=\"body\">It visits schools.</p>"), "{first}");
    assert!(first.contains("It is for children who need extra help."));
    let page = public_text(&app, "/e/stls-phase-2").await.1;
    assert!(page.contains("<a href=\"/e/stls-phase-2/documents/stls-service-specification\">STLS service specification</a> (version 1)"));

    // The draft moves on; version 1 does not.
    let edit = format!("{document}/sections/district-teams/edit");
    assert!(app.get_html(&edit).await.contains("A team in each of the 12 districts."));
    let changed = app
        .post_form(
            &edit,
            &[
                ("csrf_token", &token),
                ("heading", "District teams"),
                ("text", "A team in each district, with a named teacher for every school."),
                ("easy_read", ""),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    let moved = app.post_form(&format!("{document}/sections/district-teams/move"), &[("csrf_token", &token), ("direction", "up")]).await;
    assert_eq!(moved.status(), 303);
    assert_eq!(public_text(&app, "/e/stls-phase-2/documents/stls-service-specification").await.1, first, "version 1 as published");

    let no_note = app.post_form(&format!("{document}/open"), &[("csrf_token", &token), ("note", " ")]).await;
    assert_eq!(no_note.status(), 422);
    assert!(no_note.text().await.unwrap().contains("Say what changed since the last version, and why"));
    let note = "District teams: a named teacher for every school, as schools asked.";
    assert_eq!(app.post_form(&format!("{document}/open"), &[("csrf_token", &token), ("note", note)]).await.status(), 303);
    let second = public_text(&app, "/e/stls-phase-2/documents/stls-service-specification").await.1;
    assert!(second.contains("Version 2, published on ") && second.contains(&format!("What changed: {note}")));
    assert!(second.find("District teams").unwrap() < second.find("Who the service is for").unwrap(), "in their new order");
    let district = &second[second.find("id=\"section-district-teams\"").unwrap()..];
    assert!(district.contains("<strong class=\"tag\">Changed in version 2</strong>"), "section by section, what changed");
    assert!(district.contains("What changed since version 1"), "{district}");
    assert!(district.contains(
        "<del class=\"diff-removed\"><span class=\"visually-hidden\">[taken out] </span>of the 12 districts. It visits schools."
    ));
    assert!(district.contains(
        "<ins class=\"diff-added\"><span class=\"visually-hidden\">[added] </span>district, with a named teacher for every school."
    ));
    let unchanged = &second[second.find("id=\"section-who-the-service-is-for\"").unwrap()..];
    assert!(!unchanged[..unchanged.find("</section>").unwrap()].contains("class=\"tag\""), "an unchanged section is not marked");
    let again = app.post_form(&format!("{document}/open"), &[("csrf_token", &token), ("note", note)]).await;
    assert_eq!(again.status(), 422, "nothing changed since version 2");
    let staff_page = app.get_html(&document).await;
    assert!(staff_page.contains("Version 2</strong>, published ") && staff_page.contains("Version 1</strong>, published "));

    // The first version is kept as it was.
    // A second document of the same title gets its own web address.
    let twin = start(&app, &token, "STLS service specification").await;
    assert_ne!(twin, document);
    let slugs: Vec<String> = sqlx::query_scalar("select slug from documents where slug like 'stls-service-%' order by id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(slugs, ["stls-service-specification", "stls-service-specification-2"]);

    let kept: String = sqlx::query_scalar(
        "select v.sections from document_versions v join documents d on d.id = v.document_id \
         where d.slug = 'stls-service-specification' and v.number = 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(kept.contains("A team in each of the 12 districts."));
}

async fn viewers_read_documents_and_cannot_write_them(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let page = app.get_html(DOCUMENTS).await;
    assert!(page.contains("Documents for co-production") && !page.contains("Start the document"));
    let token = csrf_token_in(&page);
    assert_eq!(app.post_form(DOCUMENTS, &[("csrf_token", &token), ("title", "Mine")]).await.status(), 403);
    assert_eq!(app.get("/admin/documents/1/sections/new").await.status(), 403);
    assert_eq!(new_client().get(app.url(DOCUMENTS)).send().await.unwrap().status(), 303, "signed out: to sign in");
}

async fn a_section_shows_what_people_said_that_it_answers(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id: i64 =
        sqlx::query_scalar("select id from documents where slug = 'service-specification'").fetch_one(&app.db.pool).await.unwrap();
    let (_, district) = public_text(&app, "/e/stls-phase-2/documents/service-specification/sections/district-teams").await;
    assert!(district.contains("What people said that this section answers"));
    assert!(district.contains("Families waited too long to hear back after asking for help."));
    assert!(district.contains("Every request for help now gets a reply within ten school days."), "as last published");
    assert!(district.contains("<img src=\"/assets/symbols/teacher.svg\" alt=\"A teacher\""), "a symbol beside the Easy Read");

    let edit = format!("/admin/documents/{id}/sections/training-for-school-staff/edit");
    let form = app.get_html(&edit).await;
    assert!(form.contains("Specialist Teaching and Learning Service: Phase 1: \u{201c}Some families asked for the service to work in the school holidays.\u{201d}"));
    let token = csrf_token_in(&form);
    let holidays: i64 =
        sqlx::query_scalar("select id from you_said_entries where said like 'Some families asked%'").fetch_one(&app.db.pool).await.unwrap();
    let fields = |answers: &str, symbol: &str| {
        vec![
            ("csrf_token".to_string(), token.clone()),
            ("heading".to_string(), "Training for school staff".to_string()),
            ("text".to_string(), "Training is free, and runs in term time.".to_string()),
            ("easy_read".to_string(), "Teachers learn how to help you.".to_string()),
            ("symbol".to_string(), symbol.to_string()),
            ("answers".to_string(), answers.to_string()),
        ]
    };
    let made_up: Vec<(String, String)> = fields("999999", "/etc/passwd");
    let made_up: Vec<(&str, &str)> = made_up.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let refused = app.post_form(&edit, &made_up).await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("Choose entries from the list") && refused.contains("Choose a symbol from the list"));
    let chosen = fields(&holidays.to_string(), "/assets/symbols/books.svg");
    let chosen: Vec<(&str, &str)> = chosen.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(app.post_form(&edit, &chosen).await.status(), 303);
    let published =
        app.post_form(&format!("/admin/documents/{id}/open"), &[("csrf_token", &token), ("note", "Training runs in term time.")]).await;
    assert_eq!(published.status(), 303);
    let (_, training) = public_text(&app, "/e/stls-phase-2/documents/service-specification/sections/training-for-school-staff").await;
    assert!(
        training.contains("Some families asked for the service to work in the school holidays.")
            && training.contains("The service will keep to school terms.")
    );
    assert!(training.contains("src=\"/assets/symbols/books.svg\" alt=\"A pile of books\""));
}

async fn a_changed_section_says_why_with_the_comments_behind_it_and_the_themes_and_outcomes_it_answers(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let id: i64 =
        sqlx::query_scalar("select id from documents where slug = 'service-specification'").fetch_one(&app.db.pool).await.unwrap();
    // The demo's version 2 changed the district teams because of two comments on version 1.
    let whole = public_text(&app, "/e/stls-phase-2/documents/service-specification").await.1;
    let district = &whole[whole.find("id=\"section-district-teams\"").unwrap()..];
    let district = &district[..district.find("</section>").unwrap()];
    assert!(district.contains("Why it changed") && district.contains("nobody knew who to contact"), "{district}");
    assert!(district.contains("We waited a whole term to hear anything after the LIFT meeting") && district.contains("(on version 1)"));
    assert!(!district.contains("I liked the teacher who came to my class."), "only the comments that led to the change");
    assert!(district.contains("Outcomes it works towards") && district.contains("<li>Schools are confident to meet needs</li>"));
    let unchanged = &whole[whole.find("id=\"section-outreach\"").unwrap()..];
    assert!(!unchanged[..unchanged.find("</section>").unwrap()].contains("Why it changed"));
    let (_, section) = public_text(&app, "/e/stls-phase-2/documents/service-specification/sections/district-teams").await;
    assert!(section.contains("<h2 class=\"heading-s\">Why it changed</h2>") && section.contains("nobody at school knew who to ring"));
    let draft: String = sqlx::query_scalar("select draft from documents where id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert!(!draft.contains("\"why\"") && !draft.contains("\"because\""), "the next version starts with nothing said about why");

    // Themes found in Phase 1's answers may be linked.
    let phase_1: i64 = sqlx::query_scalar("select id from engagements where slug = 'stls-phase-1'").fetch_one(&app.db.pool).await.unwrap();
    let set: i64 = sqlx::query_scalar(
        "insert into theme_sets (engagement_id, scope, method, created_at, updated_at) values ($1, 'all', 'words', 0, 0) returning id",
    )
    .bind(phase_1)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    for (label, kind) in [("Training for teaching assistants", "found"), ("No answer", "no_answer")] {
        sqlx::query("insert into themes (theme_set_id, label, kind, created_at) values ($1, $2, $3, 0)")
            .bind(set)
            .bind(label)
            .bind(kind)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let comment = |like: &str| {
        sqlx::query_scalar::<_, i64>("select id from document_feedback where comment like $1")
            .bind(like.to_string())
            .fetch_one(&app.db.pool)
    };
    let (assistants, elsewhere) = (comment("Our teaching assistants work%").await.unwrap(), comment("Ten school days%").await.unwrap());
    // The comments that may be said to have led to a change are those replied to as changing it.
    sqlx::query("update document_feedback set reply_kind = 'changed', reply = 'Training is open to every member of staff.' where id = $1")
        .bind(assistants)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let edit = format!("/admin/documents/{id}/sections/training-for-school-staff/edit");
    let form = app.get_html(&edit).await;
    assert!(form.contains("Training for teaching assistants (Specialist Teaching and Learning Service: Phase 1)"), "{form}");
    assert!(!form.contains(">No answer ("), "piles are not themes");
    assert!(form.contains("What changed since version 2") && form.contains("Version 2, a school: \u{201c}Our teaching assistants work"));
    assert!(!form.contains("Teaching assistants need this training"), "a comment not replied to as changing the section");
    let token = csrf_token_in(&form);
    let theme = format!("{phase_1}:Training for teaching assistants");
    let post = |theme: String, outcome: &'static str, because: i64, why: String| {
        let fields = [
            ("csrf_token".to_string(), token.clone()),
            ("heading".to_string(), "Training for school staff".to_string()),
            ("text".to_string(), "Training is free to every member of staff, teaching assistants too.".to_string()),
            ("themes".to_string(), theme),
            ("outcomes".to_string(), outcome.to_string()),
            ("because".to_string(), because.to_string()),
            ("why".to_string(), why),
        ];
        let edit = edit.clone();
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form(&edit, &fields).await
        }
    };
    let refused = post(format!("{phase_1}:Made up"), "Made up", elsewhere, "x".repeat(1_001)).await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    for message in
        ["A theme ticked is no longer there", "Choose outcomes from the list", "Choose comments from the list", "1,000 characters or fewer"]
    {
        assert!(refused.contains(message), "{message}");
    }
    assert!(refused.contains("Training is free to every member of staff"), "what was typed is kept");
    let why = "Schools said teaching assistants need the training too.".to_string();
    assert_eq!(post(theme.clone(), "Schools are confident to meet needs", assistants, why.clone()).await.status(), 303);
    let form = app.get_html(&edit).await;
    assert!(form.contains(&format!("value=\"{theme}\" checked")) && form.contains(&why), "the form shows what is chosen");
    let published = app.post_form(&format!("/admin/documents/{id}/open"), &[("csrf_token", &token), ("note", "Training.")]).await;
    assert_eq!(published.status(), 303);
    let (_, training) = public_text(&app, "/e/stls-phase-2/documents/service-specification/sections/training-for-school-staff").await;
    assert!(training.contains("Themes in what people said that it answers"));
    assert!(training.contains("<li>Training for teaching assistants (Specialist Teaching and Learning Service: Phase 1)</li>"));
    assert!(training.contains(&why) && training.contains("Our teaching assistants work one to one") && training.contains("(on version 2)"));
}

async fn each_version_downloads_as_a_tagged_pdf_with_its_words(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let response = new_client().get(app.url("/e/stls-phase-2/documents/service-specification/pdf")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"service-specification-version-2.pdf\"");
    let pdf = response.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7") && pdf.ends_with(b"%%EOF\n"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/StructTreeRoot") && raw.contains("/MarkInfo << /Marked true >>") && raw.contains("/Lang (en-GB)"));
    // The words, from each page's content.
    let mut text = String::new();
    let mut rest = &pdf[..];
    while let Some(at) = rest.windows(7).position(|w| w == b"stream\n") {
        rest = &rest[at + 7..];
        let end = rest.windows(10).position(|w| w == b"\nendstream").unwrap();
        let mut page = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&rest[..end]), &mut page).unwrap();
        text.push_str(&String::from_utf8_lossy(&page));
        rest = &rest[end + 10..];
    }
    for words in ["(District teams) Tj", "(Why it changed) Tj", "(Outcomes it works towards) Tj", "(In Easy Read) Tj", "(Page 1 of "] {
        assert!(text.contains(words), "{words}");
    }
    assert_eq!(new_client().get(app.url("/e/stls-phase-2/documents/no-such-document/pdf")).send().await.unwrap().status(), 404);
    let draft: i64 = sqlx::query_scalar("select count(*) from engagements where slug = 'stls-phase-2' and state <> 'draft'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(draft, 1, "the demo's engagement is public");
    sqlx::query("update engagements set state = 'draft' where slug = 'stls-phase-2'").execute(&app.db.pool).await.unwrap();
    let hidden = new_client().get(app.url("/e/stls-phase-2/documents/service-specification/pdf")).send().await.unwrap();
    assert_eq!(hidden.status(), 404, "nothing of a draft engagement is public");
}

crate::on_both_backends!(
    a_commissioner_writes_sections_and_each_published_version_stays_as_it_was,
    a_section_shows_what_people_said_that_it_answers,
    a_changed_section_says_why_with_the_comments_behind_it_and_the_themes_and_outcomes_it_answers,
    viewers_read_documents_and_cannot_write_them,
    each_version_downloads_as_a_tagged_pdf_with_its_words,
);
