//! Having a say on a document without an account: reacting to a section with a face, saying it
//! is unclear, commenting, for a school by its access code; reading the reply at your own link;
//! commissioners counting by group (small numbers hidden) and replying; safeguarding of comments;
//! and who may do what.

use crate::helpers::{csrf_field, csrf_token_in, new_client, signed_in_as, Backend, TestApp};
use chorus::domain::Role;

const SECTION: &str = "/e/stls-phase-2/documents/service-specification/sections/district-teams";

async fn public_get(app: &TestApp, path: &str) -> reqwest::Response {
    new_client().get(app.url(path)).send().await.unwrap()
}

async fn public_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    new_client().post(app.url(path)).form(fields).send().await.unwrap()
}

/// The demo document's id.
async fn document_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("select id from documents where slug = 'service-specification'").fetch_one(&app.db.pool).await.unwrap()
}

/// A fresh form's secret for the section page.
async fn form_link(app: &TestApp, path: &str) -> String {
    let page = public_get(app, path).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store", "the form holds a secret: never kept");
    csrf_field(&page.text().await.unwrap(), "link")
}

async fn anyone_has_a_say_without_an_account_and_reads_the_reply_at_their_own_link(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let document = document_id(&app).await;
    let page = public_get(&app, SECTION).await.text().await.unwrap();
    assert!(page.contains("STLS service specification (draft): section 2 of 6"), "one section to a page");
    assert!(page.contains("Every school has its own specialist teacher."), "with its Easy Read");
    assert!(page.contains("How do you feel about this section?") && page.contains("I'm against it") && page.contains("class=\"face\""));
    assert!(page.contains("I don&#x27;t understand this section") || page.contains("I don't understand this section"));
    assert!(page.contains("Previous section") && page.contains("Next section"));
    // Replies are there for everyone, to this version and the one before.
    assert!(page.contains("About version 1</p>") && page.contains("We waited a whole term to hear anything"));
    assert!(page.contains("Every school now has a named specialist teacher, and every request for help gets a reply"));
    assert!(!page.contains("Will parents be told"), "comments without a reply are not shown");
    let link = form_link(&app, SECTION).await;

    let empty = public_post(&app, SECTION, &[("link", &link)]).await;
    assert_eq!(empty.status(), 422);
    let empty = empty.text().await.unwrap();
    assert!(empty.contains("<title>Error: District teams"));
    assert!(empty.contains("<a href=\"#reaction\">Choose how you feel about this section"));
    let comment = "Ten school days is good. Mrs Smith at Oakwood Primary School told us it used to take a term.";
    let bad_code = public_post(&app, SECTION, &[("link", &link), ("reaction", "support"), ("comment", comment), ("code", "NOPE")]).await;
    assert_eq!(bad_code.status(), 422);
    let bad_code = bad_code.text().await.unwrap();
    assert!(bad_code.contains("Enter the access code as it is on the letter"));
    assert!(bad_code.contains(comment) && bad_code.contains(&link), "what was typed is kept");

    let fields =
        [("link", link.as_str()), ("reaction", "support"), ("unclear", "on"), ("comment", comment), ("audience", "parents_carers")];
    let sent = public_post(&app, SECTION, &fields).await;
    assert_eq!(sent.status(), 303);
    let own = sent.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(own, format!("/feedback/{link}?sent=1"));
    let twice = public_post(&app, SECTION, &fields).await;
    assert_eq!(twice.headers()["location"], own.as_str(), "sending the same form again leads to the same page");
    let kept: Vec<(String, i64, String, i64, String)> =
        sqlx::query_as("select reaction, unclear, audience, sent_on, link_hash from document_feedback where comment = $1")
            .bind(comment)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(kept.len(), 1, "one piece of feedback for one form sent twice");
    let (reaction, unclear, audience, sent_on, hash) = &kept[0];
    assert_eq!((reaction.as_str(), *unclear, audience.as_str()), ("support", 1, "parents_carers"));
    assert_eq!(sent_on % 86_400, 0, "only the day is kept");
    assert!(!hash.contains(&link) && hash.len() >= 40, "only a hash of the link is kept");

    let mine = public_get(&app, &own).await;
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.headers()["cache-control"], "no-store");
    let mine = mine.text().await.unwrap();
    assert!(mine.contains("Thank you") && mine.contains(comment) && mine.contains("I support it"));
    assert!(mine.contains("No reply yet"));
    assert!(mine.contains(&format!("/feedback/{link}</strong>")), "the page gives its own address to keep");
    assert_eq!(public_get(&app, "/feedback/not-a-real-link").await.status(), 404);

    // The commissioner reads it with the name and school taken out, and replies.
    let staff_path = format!("/admin/documents/{document}/versions/2/sections/district-teams/feedback");
    let staff = app.get_html(&staff_path).await;
    assert!(staff.contains("Mrs [name] at [school] told us it used to take a term."), "{staff}");
    let id: i64 =
        sqlx::query_scalar("select id from document_feedback where comment = $1").bind(comment).fetch_one(&app.db.pool).await.unwrap();
    let token = csrf_token_in(&staff);
    let id_text = id.to_string();
    let unfinished = app.post_form(&staff_path, &[("csrf_token", &token), ("comment", &id_text), ("reply", " ")]).await;
    assert_eq!(unfinished.status(), 422);
    let unfinished = unfinished.text().await.unwrap();
    assert!(unfinished.contains(&format!("<a href=\"#kind-{id}\">Choose what the council did</a>")));
    assert!(unfinished.contains(&format!("<a href=\"#reply-{id}\">Write the reply</a>")));
    let reply = "Parents will be told the day their school asks for help.";
    let replied = app.post_form(&staff_path, &[("csrf_token", &token), ("comment", &id_text), ("kind", "changed"), ("reply", reply)]).await;
    assert_eq!(replied.status(), 303);

    let mine = public_get(&app, &format!("/feedback/{link}")).await.text().await.unwrap();
    assert!(mine.contains("Changed. </strong>") && mine.contains(reply) && !mine.contains("No reply yet"));
    let section = public_get(&app, SECTION).await.text().await.unwrap();
    assert!(section.contains("Mrs [name] at [school] told us it used to take a term."), "the public reads it de-identified");
    assert!(!section.contains("Oakwood Primary School told us"));
    assert!(section.contains(reply));
    let document_page = app.get_html(&format!("/admin/documents/{document}")).await;
    assert!(document_page.contains("What people said about version 2"));
}

async fn a_school_speaks_by_its_access_code(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let (code, school): (String, String) =
        sqlx::query_as("select c.code, s.name from access_codes c join schools s on s.id = c.school_id order by s.name limit 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let link = form_link(&app, SECTION).await;
    let typed = code.to_lowercase().replace('-', " ");
    let sent = public_post(
        &app,
        SECTION,
        &[("link", &link), ("reaction", "not_sure"), ("comment", "Our SENCO needs a phone number."), ("code", &typed)],
    )
    .await;
    assert_eq!(sent.status(), 303);
    let (audience, named): (String, String) = sqlx::query_as(
        "select f.audience, s.name from document_feedback f join schools s on s.id = f.school_id where f.comment = 'Our SENCO needs a phone number.'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((audience.as_str(), named.as_str()), ("schools", school.as_str()));
    let mine = public_get(&app, &format!("/feedback/{link}")).await.text().await.unwrap();
    assert!(mine.contains(&school), "the school sees who it spoke for");
}

async fn counts_by_group_hide_small_numbers_from_all_but_administrators(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let document = document_id(&app).await;
    let path = format!("/admin/documents/{document}/versions/2/sections/outcomes-and-how-we-will-know/feedback");
    let page = app.get_html(&path).await;
    // The demo's young people: 2 support, 7 not sure (one with a comment), 1 against; 10 did not understand.
    let young = &page[page.find("<th scope=\"row\" class=\"table__header\">Young people</th>").unwrap()..];
    let young = &young[..young.find("</tr>").unwrap()];
    assert!(young.contains(">fewer than 5</td>"), "{young}");
    assert!(!young.contains(">2</td>") && !young.contains(">1</td>"), "{young}");
    assert!(page.contains("What is a key performance indicator?"));
    let admin = signed_in_as(backend, Role::Admin).await;
    let exact = admin.get_html(&path).await;
    let young = &exact[exact.find(">Young people</th>").unwrap()..];
    assert!(young[..young.find("</tr>").unwrap()].contains(">2</td>"));
    let document_page = app.get_html(&format!("/admin/documents/{document}")).await;
    assert!(document_page.contains("did not understand it"), "unclear sections show up");
}

async fn a_comment_that_may_disclose_harm_goes_to_the_safeguarding_team_only(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let document = document_id(&app).await;
    let link = form_link(&app, SECTION).await;
    let said = "someone is hurting me at home and I am scared";
    assert_eq!(public_post(&app, SECTION, &[("link", &link), ("comment", said)]).await.status(), 303);
    let (id, flagged): (i64, i64) = sqlx::query_as("select id, safeguarding_flag from document_feedback where comment = $1")
        .bind(said)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(flagged, 1);
    let staff = app.get_html(&format!("/admin/documents/{document}/versions/2/sections/district-teams/feedback")).await;
    assert!(!staff.contains(said) && staff.contains("[Withheld: passed to the safeguarding team]"));
    assert!(!staff.contains(&format!("Reply<span class=\"visually-hidden\"> to comment {id}")), "no reply is asked for");
    assert_eq!(app.get(&format!("/admin/safeguarding/comments/{id}")).await.status(), 403, "commissioners do not read it");

    let lead = signed_in_as(backend, Role::SafeguardingLead).await;
    // The lead's app has its own database: send the comment there too.
    let link = form_link(&lead, SECTION).await;
    assert_eq!(public_post(&lead, SECTION, &[("link", &link), ("comment", said)]).await.status(), 303);
    let id: i64 =
        sqlx::query_scalar("select id from document_feedback where comment = $1").bind(said).fetch_one(&lead.db.pool).await.unwrap();
    let queue = lead.get_html("/admin/safeguarding").await;
    assert!(
        queue.contains(&format!(
            "<a href=\"/admin/safeguarding/comments/{id}\">Comment {id}: A comment on STLS service specification (draft)</a>"
        )),
        "{queue}"
    );
    let item_path = format!("/admin/safeguarding/comments/{id}");
    let item = lead.get_html(&item_path).await;
    assert!(item.contains(said) && item.contains("About the section \u{201c}District teams\u{201d}"));
    let token = csrf_token_in(&item);
    let recorded = lead.post_form(&item_path, &[("csrf_token", &token), ("outcome", "reviewed_no_concern"), ("note", "")]).await;
    assert_eq!(recorded.status(), 303);
    let actions: Vec<(Option<i64>, Option<i64>)> =
        sqlx::query_as("select response_id, feedback_id from safeguarding_actions").fetch_all(&lead.db.pool).await.unwrap();
    assert_eq!(actions, [(None, Some(id))], "the action is about the comment, and no response");
    let queue = lead.get_html("/admin/safeguarding").await;
    assert!(queue.contains("To deal with (0)") || !queue[..queue.find("Dealt with").unwrap()].contains(&format!("Comment {id}")));
    // Never on the public page, whatever happens to it.
    assert!(!public_get(&lead, SECTION).await.text().await.unwrap().contains(said));
}

async fn viewers_read_feedback_and_only_commissioners_reply(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let document = document_id(&app).await;
    let path = format!("/admin/documents/{document}/versions/2/sections/district-teams/feedback");
    let page = app.get_html(&path).await;
    assert!(page.contains("Will parents be told") && !page.contains("Save the reply"));
    let id: i64 = sqlx::query_scalar("select id from document_feedback where comment like 'Ten school days is much better%'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let token = csrf_token_in(&page);
    let refused =
        app.post_form(&path, &[("csrf_token", &token), ("comment", &id.to_string()), ("kind", "noted"), ("reply", "Thanks")]).await;
    assert_eq!(refused.status(), 403);
    let lead = signed_in_as(backend, Role::SafeguardingLead).await;
    assert_eq!(lead.get(&path).await.status(), 403, "safeguarding leads do not read results");
    assert_eq!(new_client().get(app.url(&path)).send().await.unwrap().status(), 303, "signed out: to sign in");
}

async fn too_many_comments_from_one_place_are_refused_and_what_was_typed_is_kept(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // The limit is counted in the database: fill this client's hour as a flood would have.
    let now = chrono_ms();
    for i in 0..120 {
        sqlx::query("insert into public_writes (kind, client, at_ms) values ('document_feedback', '127.0.0.1', $1)")
            .bind(now - i * 1_000)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let link = form_link(&app, SECTION).await;
    let refused = public_post(&app, SECTION, &[("link", &link), ("reaction", "support"), ("comment", "Keep the named teacher.")]).await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((60..=3600).contains(&retry), "Retry-After says when: {retry}");
    let refused = refused.text().await.unwrap();
    // Free again when the oldest of the hour's 120 is an hour old: in a little under 59 minutes.
    assert!(refused.contains("Try again in 59 minutes") || refused.contains("Try again in 58 minutes"), "{refused}");
    assert!(refused.contains("Keep the named teacher."), "what was typed is kept");
    let kept: i64 = sqlx::query_scalar("select count(*) from document_feedback where comment = 'Keep the named teacher.'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0);
}

async fn comments_are_themed_and_a_reply_to_a_theme_goes_to_every_comment_in_it(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let document = document_id(&app).await;
    let training = "/e/stls-phase-2/documents/service-specification/sections/training-for-school-staff";
    let link = form_link(&app, training).await;
    let said = "Someone is hurting me at home and I am scared to go to school on training days";
    assert_eq!(public_post(&app, training, &[("link", &link), ("comment", said)]).await.status(), 303);
    let (flagged, flag): (i64, i64) = sqlx::query_as("select id, safeguarding_flag from document_feedback where comment = $1")
        .bind(said)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(flag, 1);

    let path = format!("/admin/documents/{document}/versions/2/sections/training-for-school-staff/feedback");
    let page = app.get_html(&path).await;
    assert!(page.contains("Themes in the comments") && page.contains("Reply to all "), "{page}");
    let ids = csrf_field(&page, "comments");
    let members: Vec<i64> = ids.split(',').map(|s| s.parse().unwrap()).collect();
    assert!(members.len() >= 2 && !members.contains(&flagged), "a flagged comment is in no theme: {ids}");
    let token = csrf_token_in(&page);
    let unfinished = app.post_form(&path, &[("csrf_token", &token), ("comments", &ids), ("reply", "Yes")]).await;
    assert_eq!(unfinished.status(), 422);
    assert!(unfinished.text().await.unwrap().contains("<a href=\"#kind-theme-1\">Choose what the council did</a>"));
    let reply = "Training will be open to every member of staff.";
    let replied = app.post_form(&path, &[("csrf_token", &token), ("comments", &ids), ("kind", "changed"), ("reply", reply)]).await;
    assert_eq!(replied.status(), 303);
    assert!(replied.headers()["location"].to_str().unwrap().ends_with("?done=theme"));
    for id in &members {
        let (kind, text): (Option<String>, String) =
            sqlx::query_as("select reply_kind, reply from document_feedback where id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!((kind.as_deref(), text.as_str()), (Some("changed"), reply));
    }
    let with_flagged = format!("{ids},{flagged}");
    let refused =
        app.post_form(&path, &[("csrf_token", &token), ("comments", &with_flagged), ("kind", "noted"), ("reply", "Noted.")]).await;
    assert_eq!(refused.status(), 400, "never a reply to what the safeguarding team holds");
}

fn chrono_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

crate::on_both_backends!(
    anyone_has_a_say_without_an_account_and_reads_the_reply_at_their_own_link,
    a_school_speaks_by_its_access_code,
    counts_by_group_hide_small_numbers_from_all_but_administrators,
    a_comment_that_may_disclose_harm_goes_to_the_safeguarding_team_only,
    viewers_read_feedback_and_only_commissioners_reply,
    too_many_comments_from_one_place_are_refused_and_what_was_typed_is_kept,
    comments_are_themed_and_a_reply_to_a_theme_goes_to_every_comment_in_it,
);
