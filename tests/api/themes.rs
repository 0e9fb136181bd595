//! Themes in free text: found on the server, shown by group with quotes, reviewed by analysts
//! with every change kept, and later answers placed without moving reviewed work.

use crate::helpers::{csrf_token_in, spawn_app, Backend, TestApp, PASSWORD};
use chorus::domain::Role;
use chorus::respond::queries::{self as responses, Channel};

const WAITS: &[&str] = &[
    "The waiting list for an assessment was far too long",
    "We waited months on the waiting list for an assessment",
    "Waiting list for assessment is too long",
    "Far too long on the waiting list before any assessment",
    "The assessment waiting list took nearly a year",
    "Shorter waiting list for the assessment please",
    "Long waiting list for assessment, no updates",
    "Months on a waiting list for an assessment",
];
const KIND: &[&str] = &[
    "The specialist teacher was kind and gave practical ideas",
    "Our specialist teacher was kind, practical and listened",
    "A kind specialist teacher with practical strategies",
    "The specialist teacher gave kind practical advice to staff",
    "Kind specialist teacher, practical ideas that worked",
    "Specialist teacher visits were kind and practical",
];

async fn live_version(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("select live_version_id from surveys where slug = $1").bind(slug).fetch_one(&app.db.pool).await.unwrap()
}

/// Sends one response to `slug` with `text` as the answer to `question`.
async fn send(app: &TestApp, slug: &str, question: &str, text: &str, n: usize) -> i64 {
    let version = live_version(app, slug).await;
    let id = responses::create(&app.db, version, Channel::Link, &format!("hash-{slug}-{n}"), &format!("RES{n:05}")).await.unwrap();
    let mut answers = app::survey::Answers::new();
    answers.insert(question.into(), app::survey::Answer::Text(text.into()));
    assert!(responses::submit(&app.db, id, &answers, &format!("REC{n:05}")).await.unwrap());
    id
}

/// The demo with parents' and young people's written answers, and staff with `role` signed in.
async fn with_answers(backend: Backend, role: Role) -> TestApp {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let mut n = 0;
    for t in WAITS {
        send(&app, "parents-carers", "change", t, n).await;
        n += 1;
    }
    for t in KIND {
        send(&app, "parents-carers", "change", t, n).await;
        n += 1;
    }
    for t in ["Less waiting list time for an assessment", "nothing", "n/a"] {
        send(&app, "young-people", "make-better", t, n).await;
        n += 1;
    }
    app.add_user("staff@kent.gov.uk", role).await;
    assert_eq!(app.sign_in("staff@kent.gov.uk", PASSWORD).await.status(), 303);
    app
}

const INDEX: &str = "/admin/engagements/stls-phase-2/themes";
const ALL: &str = "/admin/engagements/stls-phase-2/themes/all";

async fn find(app: &TestApp, set: &str, themes: &str) -> reqwest::Response {
    let token = app.csrf_token(INDEX).await;
    app.post_form(&format!("{set}/find"), &[("csrf_token", &token), ("themes", themes)]).await
}

/// Theme ids by label.
async fn themes(app: &TestApp) -> Vec<(i64, String, String)> {
    sqlx::query_as("select id, label, kind from themes order by id").fetch_all(&app.db.pool).await.unwrap()
}

async fn theme_of(app: &TestApp, response_id: i64) -> Option<i64> {
    sqlx::query_scalar("select theme_id from theme_answers where response_id = $1").bind(response_id).fetch_one(&app.db.pool).await.unwrap()
}

/// Two writers storing the same answer's vector at once (the background step and finding themes,
/// which on PostgreSQL run side by side) both succeed, and the answer has one vector.
async fn two_writers_may_store_the_same_vector_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let id = send(&app, "parents-carers", "change", "More visits from the specialist teacher", 1).await;
    let store = |pause: u64| {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.write(move |conn| {
                Box::pin(async move {
                    chorus::themes::queries::store_vectors(conn, "words", vec![(id, "change".into(), vec![1, 2, 3])]).await?;
                    // Holds its transaction open while the other writes the same row.
                    tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                    Ok(())
                })
            })
            .await
        })
    };
    let first = store(400);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let second = store(0);
    assert!(first.await.unwrap().is_ok(), "the first writer stores it");
    assert!(second.await.unwrap().is_ok(), "the second writer, waiting on the first, stores it too");
    let vectors: i64 =
        sqlx::query_scalar("select count(*) from answer_vectors where response_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(vectors, 1);
}

async fn an_analyst_finds_themes_and_sees_them_by_group_with_quotes(backend: Backend) {
    let app = with_answers(backend, Role::Analyst).await;
    let index = app.get_html(INDEX).await;
    assert!(index.contains("Every written answer, from every survey"));
    assert!(index.contains("17 answers. No themes found yet."));
    // The counts, kept between pages, follow a new answer and a withdrawn one.
    let late = send(&app, "young-people", "make-better", "More help at break times", 99).await;
    assert!(app.get_html(INDEX).await.contains("18 answers. No themes found yet."));
    assert!(late > 0);
    assert!(chorus::respond::queries::withdraw(&app.db, "REC00099").await.unwrap());
    assert!(app.get_html(INDEX).await.contains("17 answers. No themes found yet."));
    assert!(index.contains("Parents and carers: “What one thing should change?”"));
    assert_eq!(app.get(ALL).await.status(), 404, "no themes before they are found");

    let found = find(&app, ALL, "2").await;
    assert_eq!(found.status(), 303);
    assert_eq!(found.headers()["location"], ALL);

    let all = themes(&app).await;
    let kinds: Vec<&str> = all.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(kinds, ["found", "found", "nothing_to_add", "no_answer"]);
    let waits = sqlx::query_scalar::<_, i64>(
        "select ta.theme_id from theme_answers ta join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
         where a.text_value = $1",
    )
    .bind(WAITS[0])
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let label = &all.iter().find(|t| t.0 == waits).unwrap().1;
    assert!(label.to_lowercase().contains("waiting") || label.to_lowercase().contains("assessment"), "{label}");
    for t in WAITS.iter().chain(["Less waiting list time for an assessment"].iter()) {
        let theme: i64 = sqlx::query_scalar(
            "select ta.theme_id from theme_answers ta join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id where a.text_value = $1",
        )
        .bind(t)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(theme, waits, "{t}");
    }

    let page = app.get_html(ALL).await;
    assert!(page.contains("<caption class=\"table__caption\">Answers in each theme, from each group</caption>"));
    assert!(page.contains(">Parents and carers</th>") && page.contains(">Children and young people</th>"));
    // Nine answers about waiting: eight parents and fewer than five young people (one). The
    // parents' eight would give the one away, so it is hidden with it.
    let row = page.split(&format!("/themes/all/{waits}\">")).nth(1).unwrap();
    let cells: Vec<&str> = row.split("<td class=\"table__numeric\">").skip(1).take(4).map(|c| c.split('<').next().unwrap()).collect();
    assert_eq!(&cells[..3], ["9", "fewer than 5", "not shown"], "{cells:?}");
    assert!(page.contains("Counts under 5 read “fewer than 5”"));
    assert!(
        page.contains("<blockquote class=\"quote\">“The waiting list for an assessment was far too long”</blockquote>")
            || page.contains("<blockquote class=\"quote\">“Waiting list for assessment is too long”</blockquote>")
    );
    assert!(!page.contains("“Less waiting list time for an assessment”"), "no quotes from a group under the threshold");
    assert!(page.contains("<strong>found themes</strong>: Found 4 themes in 17 answers."));
    assert!(page.contains("<td>staff@kent.gov.uk</td>") || page.contains("<td>Staff"), "who found them");

    let theme_page = app.get_html(&format!("{ALL}/{waits}")).await;
    assert!(theme_page.contains("Answers (9)"));
    assert!(theme_page.contains("“Months on a waiting list for an assessment”"));
    assert!(app.get_html(INDEX).await.contains("4 themes, last changed"));
}

async fn every_review_change_is_kept_in_the_trail(backend: Backend) {
    let app = with_answers(backend, Role::Analyst).await;
    find(&app, ALL, "2").await;
    let all = themes(&app).await;
    let (a, b) = (all[0].0, all[1].0);
    let page = app.get_html(&format!("{ALL}/{a}")).await;
    let token = csrf_token_in(&page);
    let change = format!("{ALL}/change");
    let post = |fields: Vec<(&'static str, String)>| {
        let token = token.clone();
        let app = &app;
        let change = change.clone();
        async move {
            let mut f: Vec<(&str, String)> = vec![("csrf_token", token)];
            f.extend(fields);
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&change, &refs).await
        }
    };

    let r = post(vec![
        ("action", "edit".into()),
        ("theme", a.to_string()),
        ("label", "Waiting for assessment".into()),
        ("description", "Waits".into()),
        ("notes", "Check with the team".into()),
        ("reviewed", "on".into()),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let (label, reviewed, notes): (String, i64, String) =
        sqlx::query_as("select label, reviewed, notes from themes where id = $1").bind(a).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((label.as_str(), reviewed, notes.as_str()), ("Waiting for assessment", 1, "Check with the team"));

    let empty = post(vec![("action", "edit".into()), ("theme", a.to_string()), ("label", " ".into())]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("<a href=\"#label\">Enter a name for the theme</a>"));

    assert_eq!(post(vec![("action", "create".into()), ("label", "Communication".into())]).await.status(), 303);
    let created: i64 = sqlx::query_scalar("select id from themes where label = 'Communication'").fetch_one(&app.db.pool).await.unwrap();

    let moved: i64 = sqlx::query_scalar("select response_id from theme_answers where theme_id = $1 order by response_id")
        .bind(b)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let answer = format!("{moved}:change");
    let r = post(vec![("action", "move".into()), ("answer", answer.clone()), ("to", created.to_string()), ("from", b.to_string())]).await;
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("{ALL}/{b}"));
    assert_eq!(theme_of(&app, moved).await, Some(created));
    let none = post(vec![("action", "move".into()), ("to", created.to_string()), ("from", b.to_string())]).await;
    assert_eq!(none.status(), 422);
    assert!(none.text().await.unwrap().contains("<a href=\"#answers\">Select one or more answers</a>"));
    post(vec![("action", "off_topic".into()), ("answer", answer.clone()), ("from", created.to_string())]).await;
    post(vec![("action", "reviewed".into()), ("answer", answer.clone()), ("from", created.to_string())]).await;
    let (off, rev, source): (i64, i64, String) =
        sqlx::query_as("select off_topic, reviewed, source from theme_answers where response_id = $1")
            .bind(moved)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((off, rev, source.as_str()), (1, 1, "analyst"));
    assert!(app.get_html(&format!("{ALL}/other")).await.contains("off-topic; reviewed; placed by an analyst"));

    let r = post(vec![("action", "split".into()), ("theme", b.to_string())]).await;
    assert_eq!(r.status(), 303);
    let after_split = themes(&app).await.len();
    assert_eq!(after_split, all.len() + 2, "a created theme and a split-off one");
    let split_off: i64 = sqlx::query_scalar("select max(id) from themes").fetch_one(&app.db.pool).await.unwrap();
    assert!(
        sqlx::query_scalar::<_, i64>("select count(*) from theme_answers where theme_id = $1")
            .bind(split_off)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            > 0
    );

    assert_eq!(post(vec![("action", "merge".into()), ("theme", split_off.to_string()), ("into", b.to_string())]).await.status(), 303);
    assert_eq!(post(vec![("action", "delete".into()), ("theme", created.to_string())]).await.status(), 303);
    assert_eq!(themes(&app).await.len(), all.len());
    assert_eq!(post(vec![("action", "delete".into()), ("theme", "999999".into())]).await.status(), 400);

    let page = app.get_html(ALL).await;
    for line in [
        "<strong>edited theme</strong>: Renamed “",
        "to “Waiting for assessment”; described “Waiting for assessment” as “Waits”; noted on “Waiting for assessment”: “Check with the team”; marked “Waiting for assessment” reviewed.",
        "<strong>created theme</strong>: Created “Communication”.",
        // Below administrator, a small number of answers reads in words, without which they were.
        "<strong>moved answers</strong>: Moved fewer than 5 answers to “Communication”.",
        "<strong>marked answers</strong>: Marked fewer than 5 answers off-topic.",
        "<strong>marked answers</strong>: Marked fewer than 5 answers reviewed.",
        "<strong>split theme</strong>: Split “",
        "<strong>merged themes</strong>: Merged “",
        "<strong>deleted theme</strong>: Deleted “Communication”; its answers are now in Other.",
        "<strong>found themes</strong>",
    ] {
        assert!(page.contains(line), "the trail has {line}");
    }
    let people: i64 = sqlx::query_scalar("select count(*) from theme_audit where source = 'analyst' and user_id is not null")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(people, 9, "found, edited, created, moved, marked twice, split, merged, deleted");
}

/// A name the engine made from what people wrote reads like a quote; saving the form that
/// showed it that way keeps the name as stored.
async fn theme_names_read_like_quotes_and_saving_them_unchanged_keeps_them(backend: Backend) {
    let app = with_answers(backend, Role::Analyst).await;
    find(&app, ALL, "2").await;
    let theme: i64 = sqlx::query_scalar("select id from themes where kind = 'found' order by id").fetch_one(&app.db.pool).await.unwrap();
    sqlx::query(
        "update themes set label = 'Oakwood Primary School transport', description = 'Buses to Oakwood Primary School' where id = $1",
    )
    .bind(theme)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let page = app.get_html(&format!("{ALL}/{theme}")).await;
    assert!(page.contains("value=\"[school] transport\"") && !page.contains("Oakwood"), "{page}");

    let token = csrf_token_in(&page);
    let edit = |label: &'static str| {
        let token = token.clone();
        let app = &app;
        async move {
            let fields = [
                ("csrf_token", token.as_str()),
                ("action", "edit"),
                ("theme", &theme.to_string()),
                ("label", label),
                ("description", "Buses to [school]"),
                ("reviewed", "on"),
            ];
            app.post_form(&format!("{ALL}/change"), &fields).await.status()
        }
    };
    assert_eq!(edit("[school] transport").await, 303);
    let stored: (String, String, i64) =
        sqlx::query_as("select label, description, reviewed from themes where id = $1").bind(theme).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, ("Oakwood Primary School transport".into(), "Buses to Oakwood Primary School".into(), 1));
    assert_eq!(edit("School transport").await, 303);
    let label: String = sqlx::query_scalar("select label from themes where id = $1").bind(theme).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(label, "School transport", "a name typed afresh replaces it");
}

async fn later_answers_join_themes_without_moving_reviewed_work(backend: Backend) {
    let app = with_answers(backend, Role::Commissioner).await;
    find(&app, ALL, "2").await;
    let before: Vec<(i64, Option<i64>)> =
        sqlx::query_as("select response_id, theme_id from theme_answers order by response_id").fetch_all(&app.db.pool).await.unwrap();
    let first = before[0];
    let late = send(&app, "parents-carers", "change", "The waiting list for assessment was long", 100).await;
    let blank = send(&app, "parents-carers", "change", "N/A", 101).await;
    chorus::themes::catch_up(&app.db).await.unwrap();
    assert_eq!(theme_of(&app, late).await, first.1, "joins the waiting theme");
    let no_answer: i64 = sqlx::query_scalar("select id from themes where kind = 'no_answer'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(theme_of(&app, blank).await, Some(no_answer));
    let after: Vec<(i64, Option<i64>)> =
        sqlx::query_as("select response_id, theme_id from theme_answers where response_id < $1 order by response_id")
            .bind(late)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(before, after, "nothing already placed moved");
    // The background step may place one of them first.
    let trail = app.get_html(ALL).await;
    // (A commissioner reads a small number of answers in words.)
    let placed = trail.matches("<strong>placed new answers</strong>: Placed fewer than 5 new answers in the nearest themes.</td>").count();
    assert!(placed == 1 || placed == 2, "{trail}");

    // A reviewed theme keeps its id and its answers when themes are found again.
    let waits = first.1.unwrap();
    let token = app.csrf_token(ALL).await;
    app.post_form(
        &format!("{ALL}/change"),
        &[("csrf_token", &token), ("action", "edit"), ("theme", &waits.to_string()), ("label", "Waits"), ("reviewed", "on")],
    )
    .await;
    let members: Vec<i64> = sqlx::query_scalar("select response_id from theme_answers where theme_id = $1 order by response_id")
        .bind(waits)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(find(&app, ALL, "").await.status(), 303);
    let again: Vec<i64> = sqlx::query_scalar("select response_id from theme_answers where theme_id = $1 order by response_id")
        .bind(waits)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(members, again);
    assert!(app.get_html(ALL).await.contains("reviewed answers kept where they were"));
}

async fn stance_is_read_against_what_each_question_asked(backend: Backend) {
    let app = with_answers(backend, Role::Analyst).await;
    let plain = send(&app, "parents-carers", "worked-well", "The reading group", 200).await;
    let nothing_good = send(&app, "parents-carers", "worked-well", "Nothing really", 202).await;
    let praise = send(&app, "parents-carers", "worked-well", "Excellent, thank you", 203).await;
    find(&app, ALL, "").await;
    let stance = |id: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, String>("select stance from theme_answers where response_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap()
        }
    };
    let kind = |id: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "select t.kind from theme_answers ta join themes t on t.id = ta.theme_id where ta.response_id = $1",
            )
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(stance(plain).await, "positive", "a plain answer to \u{201c}What has worked well?\u{201d}");
    // The young person's "nothing" to "What would make school better for you?" is content.
    let nothing: i64 =
        sqlx::query_scalar("select response_id from answers where text_value = 'nothing'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stance(nothing).await, "positive");
    assert_eq!(kind(nothing).await, "nothing_to_add");
    // "Nothing" to what has worked well is not, and is kept apart from it.
    assert_eq!((stance(nothing_good).await.as_str(), kind(nothing_good).await.as_str()), ("negative", "nothing_good"));
    assert_eq!(kind(praise).await, "praise");
    let page = app.get_html(ALL).await;
    assert!(page.contains("Nothing good") && page.contains("General praise") && page.contains("Nothing to add"), "{page}");
    // So are answers placed later.
    let late = send(&app, "parents-carers", "worked-well", "Nothing", 201).await;
    let late_praise = send(&app, "parents-carers", "worked-well", "Brilliant, thanks", 204).await;
    chorus::themes::catch_up(&app.db).await.unwrap();
    assert_eq!(stance(late).await, "negative");
    assert_eq!(kind(late).await, "nothing_good");
    assert_eq!(kind(late_praise).await, "praise");
}

async fn the_same_answers_give_the_same_themes(backend: Backend) {
    let app = with_answers(backend, Role::Admin).await;
    find(&app, ALL, "").await;
    let one: Vec<(String, i64)> = sqlx::query_as(
        "select t.label, count(*) from theme_answers ta join themes t on t.id = ta.theme_id group by t.label order by t.label",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    find(&app, ALL, "").await;
    let two: Vec<(String, i64)> = sqlx::query_as(
        "select t.label, count(*) from theme_answers ta join themes t on t.id = ta.theme_id group by t.label order by t.label",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(one, two);
    // Administrators see exact counts.
    let page = app.get_html(ALL).await;
    assert!(!page.contains("fewer than 5"));
    // One question on its own.
    let survey: i64 = sqlx::query_scalar("select id from surveys where slug = 'young-people'").fetch_one(&app.db.pool).await.unwrap();
    let question = format!("/admin/engagements/stls-phase-2/themes/q-{survey}-make-better");
    assert_eq!(find(&app, &question, "").await.status(), 303);
    let page = app.get_html(&question).await;
    assert!(page.contains("Children and young people: “What would make school better for you?”"));
    assert!(!page.contains(">Parents and carers</th>"));
}

async fn only_staff_who_may_see_results_read_themes_and_only_reviewers_change_them(backend: Backend) {
    let app = with_answers(backend, Role::Viewer).await;
    chorus::themes::analysis::find_themes(&app.db, 1, &chorus::themes::analysis::Scope::All, Some(2), 1).await.unwrap();
    let page = app.get_html(ALL).await;
    assert!(page.contains("fewer than 5"));
    assert!(!page.contains("Find themes again"), "viewers only read");
    let index = app.get_html(INDEX).await;
    assert!(index.contains("fewer than 5 answers"), "three young people answered");
    assert!(
        index.contains("Number of answers not shown") && !index.contains("14 answers"),
        "the parents' fourteen would give the three away: {index}"
    );
    assert!(
        app.get_html("/admin/engagements/stls-phase-2").await.contains("<td>fewer than 5</td>"),
        "nor is their survey's count sent shown"
    );
    // A viewer reads a theme's quotes, never the list of every answer with its group, which
    // would give away the one young person's words and count.
    let theme: Option<i64> = sqlx::query_scalar(
        "select ta.theme_id from theme_answers ta join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id where a.text_value = $1",
    )
    .bind("Less waiting list time for an assessment")
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let theme_page = app.get_html(&format!("{ALL}/{}", theme.map(|t| t.to_string()).unwrap_or_else(|| "other".into()))).await;
    assert!(theme_page.contains("What people said") && !theme_page.contains("Answers ("), "{theme_page}");
    assert!(!theme_page.contains("Less waiting list time"));
    for export in
        ["/admin/surveys/1/export/responses.csv", "/admin/surveys/1/export/answers.csv", "/admin/engagements/stls-phase-2/export.xlsx"]
    {
        assert_eq!(app.get(export).await.status(), 403, "{export}");
    }
    assert!(!page.contains("name=\"action\""));
    let token = csrf_token_in(&app.get_html(INDEX).await);
    assert_eq!(app.post_form(&format!("{ALL}/find"), &[("csrf_token", &token)]).await.status(), 403);
    assert_eq!(
        app.post_form(&format!("{ALL}/change"), &[("csrf_token", &token), ("action", "create"), ("label", "X")]).await.status(),
        403
    );

    for role in [Role::SafeguardingLead, Role::SchoolContact] {
        let other = spawn_app(backend).await;
        chorus::demo::seed(&other.db).await.unwrap();
        other.add_user("s@kent.gov.uk", role).await;
        other.sign_in("s@kent.gov.uk", PASSWORD).await;
        assert_eq!(other.get(INDEX).await.status(), 403, "{role:?}");
    }
    let anonymous = spawn_app(backend).await;
    chorus::demo::seed(&anonymous.db).await.unwrap();
    assert_eq!(anonymous.get(INDEX).await.status(), 303, "signed-out visitors are sent to sign in");
}

async fn bad_requests_get_clear_answers(backend: Backend) {
    let app = with_answers(backend, Role::Analyst).await;
    find(&app, ALL, "").await;
    let wrong = find(&app, ALL, "lots").await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong
        .text()
        .await
        .unwrap()
        .contains("<a href=\"#themes\">Enter a whole number of themes from 1 to 100, or leave it blank</a>"));
    let token = app.csrf_token(INDEX).await;
    assert_eq!(app.get("/admin/engagements/stls-phase-2/themes/q-999-nope").await.status(), 404);
    assert_eq!(app.get("/admin/engagements/stls-phase-2/themes/nonsense").await.status(), 404);
    assert_eq!(app.get(&format!("{ALL}/999999")).await.status(), 404);
    assert_eq!(app.post_form("/admin/engagements/stls-phase-2/themes/q-999-nope/find", &[("csrf_token", &token)]).await.status(), 404);
    let forged = app.post_form(&format!("{ALL}/find"), &[("csrf_token", "forged")]).await;
    assert_eq!(forged.status(), 403);
    let no_label = app.post_form(&format!("{ALL}/change"), &[("csrf_token", &token), ("action", "create"), ("label", "")]).await;
    assert_eq!(no_label.status(), 422);
    assert!(no_label.text().await.unwrap().contains("<a href=\"#label\">Enter a name for the theme</a>"));
}

async fn the_workbook_has_responses_themes_and_coded_answers(backend: Backend) {
    for (role, exact) in [(Role::Analyst, false), (Role::Admin, true)] {
        let app = with_answers(backend, role).await;
        find(&app, ALL, "2").await;
        let response = app.get("/admin/engagements/stls-phase-2/export.xlsx").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("stls-phase-2.xlsx"));
        let bytes = response.bytes().await.unwrap();
        let entries = chorus::results::xlsx::read_entries(&bytes);
        let workbook = &entries.iter().find(|(n, _)| n == "xl/workbook.xml").unwrap().1;
        for sheet in ["Children and young people", "Parents and carers", "Schools and settings", "Themes", "Coded answers"] {
            assert!(workbook.contains(sheet), "{role:?}: a sheet named like {sheet}: {workbook}");
        }
        let sheets: Vec<&String> = entries.iter().filter(|(n, _)| n.starts_with("xl/worksheets/")).map(|(_, x)| x).collect();
        let themes = sheets[sheets.len() - 2];
        let coded = sheets[sheets.len() - 1];
        assert!(themes.contains(">Parents and carers<") && themes.contains(">Children and young people<"));
        assert!(themes.contains(">fewer than 5<"), "{role:?}: small counts are hidden in a file, whoever downloads it");
        assert!(coded.contains(WAITS[0]));
        assert!(coded.contains(">What one thing should change?<"));
        let placed: i64 = sqlx::query_scalar("select count(*) from theme_answers").fetch_one(&app.db.pool).await.unwrap();
        assert!(placed > 0);
        assert_eq!(coded.matches("<row ").count() as i64, placed + 1, "{role:?}: a row per coded answer, after the header");
        assert!(coded.contains(">Parents and carers<"), "{role:?}: each answer with its group");
        let schools = sheets.iter().any(|s| s.contains(">school<"));
        assert_eq!(schools, exact, "{role:?}: only administrators' sheets name schools");
    }
    // Viewers read counts with small ones hidden; a row per answer would undo that.
    for role in [Role::SafeguardingLead, Role::Viewer] {
        let app = with_answers(backend, role).await;
        assert_eq!(app.get("/admin/engagements/stls-phase-2/export.xlsx").await.status(), 403, "{role:?}");
        assert!(!app.get_html("/admin/engagements/stls-phase-2").await.contains("export.xlsx"), "{role:?}: no link to it");
    }
}

/// Below administrator, written answers come without the names, schools and contact details in
/// them, wherever they are shown or exported; an answer with the safeguarding team is never
/// quoted, and only administrators read it anywhere but the safeguarding queue.
async fn answers_are_read_without_names_and_flagged_ones_are_withheld(backend: Backend) {
    const NAMED: &str = "Mrs Jones at Canterbury Academy said the waiting list for an assessment was far too long";
    const HARM: &str = "The waiting list for an assessment was far too long and someone at home hurts me";
    for role in [Role::Analyst, Role::Admin] {
        let app = with_answers(backend, role).await;
        send(&app, "parents-carers", "change", NAMED, 100).await;
        let version = live_version(&app, "parents-carers").await;
        let flagged = responses::create(&app.db, version, Channel::Link, "hash-harm", "RESHARM1").await.unwrap();
        let mut draft = app::survey::Draft::default();
        draft.answers.insert("change".into(), app::survey::Answer::Text(HARM.into()));
        assert!(responses::save_draft(&app.db, flagged, &draft, true).await.unwrap());
        assert!(responses::submit(&app.db, flagged, &draft.answers, "RECHARM1").await.unwrap());
        let survey: i64 = sqlx::query_scalar("select id from surveys where slug = 'parents-carers'").fetch_one(&app.db.pool).await.unwrap();
        let set = format!("/admin/engagements/stls-phase-2/themes/q-{survey}-change");
        assert_eq!(find(&app, &set, "2").await.status(), 303);
        let admin = role == Role::Admin;

        // The printed report: every theme with its quotes, never the flagged answer.
        let report = app.get_html(&format!("/admin/surveys/{survey}/results")).await;
        assert!(report.contains("Themes in the written answers"), "{role:?}");
        assert!(report.contains("What people said:"), "{role:?}: quotes");
        assert!(report.contains(&format!("href=\"{set}\"")), "{role:?}: a way to review them");
        assert!(!report.contains("hurts me"), "{role:?}: a disclosure is never quoted");
        if !admin {
            assert!(!report.contains("Jones") && !report.contains("Canterbury Academy"), "{role:?}");
        }

        // The theme's own page lists every answer, as the reader may read it.
        let theme: Option<i64> = sqlx::query_scalar("select theme_id from theme_answers where response_id = $1")
            .bind(flagged)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let page = app.get_html(&format!("{set}/{}", theme.map_or("other".to_string(), |t| t.to_string()))).await;
        assert_eq!(page.contains(HARM), admin, "{role:?}");
        assert_eq!(page.contains("[Withheld: passed to the safeguarding team]"), !admin, "{role:?}");
        assert_eq!(page.contains(NAMED), admin, "{role:?}");
        assert_eq!(page.contains("Mrs [name] at [school] said the waiting list"), !admin, "{role:?}");

        // And so do the exports.
        let csv = app.get(&format!("/admin/surveys/{survey}/export/answers.csv")).await.text().await.unwrap();
        assert_eq!(csv.contains(HARM), admin, "{role:?}");
        assert_eq!(csv.contains(NAMED), admin, "{role:?}");
        assert_eq!(csv.contains("Mrs [name] at [school] said"), !admin, "{role:?}");
        let xlsx = app.get("/admin/engagements/stls-phase-2/export.xlsx").await.bytes().await.unwrap();
        let sheets: String = chorus::results::xlsx::read_entries(&xlsx).into_iter().map(|(_, body)| body).collect();
        assert_eq!(sheets.contains("hurts me"), admin, "{role:?}");
        assert_eq!(sheets.contains("Jones"), admin, "{role:?}");
    }
}

/// Sends a parent's answer to "What one thing should change?", saying their child's area of need.
async fn send_with_need(app: &TestApp, text: &str, need: &str, n: usize) {
    let version = live_version(app, "parents-carers").await;
    let id = responses::create(&app.db, version, Channel::Link, &format!("hash-need-{n}"), &format!("RES{n:05}")).await.unwrap();
    let mut answers = app::survey::Answers::new();
    answers.insert("areas-of-need".into(), app::survey::Answer::Choices(vec![need.into()]));
    answers.insert("change".into(), app::survey::Answer::Text(text.into()));
    assert!(responses::submit(&app.db, id, &answers, &format!("REC{n:05}")).await.unwrap());
}

/// A theme's row in the set page's table: its cells' words.
fn theme_row(page: &str, theme: i64) -> Vec<String> {
    let row = page.split(&format!("/themes/all/{theme}\">")).nth(1).unwrap_or_else(|| panic!("no theme {theme}: {page}"));
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"table__numeric\">").skip(1).map(|c| c.split('<').next().unwrap().to_string()).collect()
}

async fn themes_count_the_answers_about_one_area_of_need(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    // Parents of children with cognition and learning needs wrote about waiting; those of
    // children with physical and sensory needs, about kind teachers. The young people's survey
    // does not ask for areas of need.
    let mut n = 0;
    for t in WAITS {
        send_with_need(&app, t, "cognition-and-learning", n).await;
        n += 1;
    }
    for t in KIND {
        send_with_need(&app, t, "physical-and-sensory", n).await;
        n += 1;
    }
    for t in ["Less waiting list time for an assessment", "More waiting list updates for an assessment"] {
        send(&app, "young-people", "make-better", t, n).await;
        n += 1;
    }
    app.add_user("staff@kent.gov.uk", Role::Analyst).await;
    assert_eq!(app.sign_in("staff@kent.gov.uk", PASSWORD).await.status(), 303);
    assert_eq!(find(&app, ALL, "2").await.status(), 303);
    let theme_with = |text: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "select ta.theme_id from theme_answers ta join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id \
                 where a.text_value = $1",
            )
            .bind(text)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (waits, kind) = (theme_with(WAITS[0]).await, theme_with(KIND[0]).await);
    assert_ne!(waits, kind);

    // Everyone: the waits theme holds the parents' eight and the young people's two.
    let page = app.get_html(ALL).await;
    assert_eq!(theme_row(&page, waits)[..3], ["10", "fewer than 5", "not shown"]);
    assert!(page.contains("<option value=\"cognition-and-learning\">Cognition and learning</option>"), "{page}");
    assert!(page.contains("Find themes again"), "an analyst reviews themes with every answer in view");

    let page = app.get_html(&format!("{ALL}?need=cognition-and-learning")).await;
    assert!(page.contains("Showing answers about Cognition and learning."), "{page}");
    assert!(page.contains("<option value=\"cognition-and-learning\" selected"), "the choice stays chosen");
    assert_eq!(theme_row(&page, waits)[..2], ["8", "8"], "the parents who chose it, not the young people");
    assert_eq!(theme_row(&page, kind)[..2], ["0", "0"]);
    assert!(KIND.iter().all(|k| !page.contains(&format!("“{k}”"))), "no quote from those who did not choose it");
    assert!(WAITS.iter().any(|w| page.contains(&format!("“{w}”"))), "quotes from those who did");
    assert!(!page.contains("Find themes again"), "review waits for every answer");

    let page = app.get_html(&format!("{ALL}?need=physical-and-sensory")).await;
    assert_eq!(theme_row(&page, kind)[..2], ["6", "6"]);
    assert_eq!(theme_row(&page, waits)[0], "0");
    assert!(KIND.iter().any(|k| page.contains(&format!("“{k}”"))) && !WAITS.iter().any(|w| page.contains(&format!("“{w}”"))));

    // An area of need Chorus does not know shows every answer.
    let page = app.get_html(&format!("{ALL}?need=nonsense")).await;
    assert_eq!(theme_row(&page, waits)[0], "10");

    // Each area of need's counts are kept with the set, and a later view reads them: kept
    // counts altered under the same key show...
    let kept =
        || async { sqlx::query_scalar::<_, i64>("select count(*) from theme_need_summaries").fetch_one(&app.db.pool).await.unwrap() };
    assert_eq!(kept().await, 2);
    let json: String = sqlx::query_scalar("select summary from theme_need_summaries where need = 'cognition-and-learning'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mut altered: serde_json::Value = serde_json::from_str(&json).unwrap();
    for row in altered["counts"].as_array_mut().unwrap() {
        if row[0] == serde_json::json!(waits) {
            row[4] = serde_json::json!(row[4].as_i64().unwrap() * 2);
        }
    }
    sqlx::query("update theme_need_summaries set summary = $1 where need = 'cognition-and-learning'")
        .bind(altered.to_string())
        .execute(&app.db.pool)
        .await
        .unwrap();
    let again = app.get_html(&format!("{ALL}?need=cognition-and-learning")).await;
    assert_eq!(theme_row(&again, waits)[..2], ["16", "16"], "read from what was kept");
    assert_eq!(kept().await, 2);
    // ...until an answer joins the set: one more parent who chose it wrote about waiting.
    send_with_need(&app, "The wait for an assessment was too long", "cognition-and-learning", n).await;
    chorus::themes::catch_up(&app.db).await.unwrap();
    assert_eq!(theme_with("The wait for an assessment was too long").await, waits);
    let page = app.get_html(&format!("{ALL}?need=cognition-and-learning")).await;
    assert_eq!(theme_row(&page, waits)[..2], ["9", "9"]);
    assert_eq!(theme_row(&app.get_html(&format!("{ALL}?need=physical-and-sensory")).await, waits)[0], "0");
    // ...or a reviewer changes it: a theme deleted takes its answers to "Other".
    let token = csrf_token_in(&app.get_html(&format!("{ALL}/{waits}")).await);
    let change = format!("{ALL}/change");
    let r = app.post_form(&change, &[("csrf_token", token.as_str()), ("action", "delete"), ("theme", &waits.to_string())]).await;
    assert_eq!(r.status(), 303);
    let page = app.get_html(&format!("{ALL}?need=cognition-and-learning")).await;
    assert!(!page.contains(&format!("/themes/all/{waits}\">")), "{page}");
    assert_eq!(theme_row(&page, kind)[..2], ["0", "0"]);
    let other = page.split("Other (in no theme, or off-topic)</a></th><td class=\"table__numeric\">").nth(1).expect("the Other row");
    assert_eq!(&other[..other.find('<').unwrap()], "9");
}

/// Several servers on one database claim answers before making their vectors: each answer is
/// claimed by one, until its claim runs out (its server stopped), and a claimed answer is not
/// offered to the others meanwhile.
async fn each_answer_is_claimed_by_one_server_until_its_claim_runs_out(backend: Backend) {
    use chorus::themes::queries::{answers_without_vectors, claim_vectors, release_vectors};
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    // Three responses, not yet sent, so this server's own background step leaves them alone.
    let version = live_version(&app, "parents-carers").await;
    let mut wanted = Vec::new();
    for n in 0..3 {
        let id = responses::create(&app.db, version, Channel::Link, &format!("hash-claim-{n}"), &format!("RESC{n}")).await.unwrap();
        wanted.push((id, "change".to_string()));
    }
    let now = chorus::db::now();
    let claim = |holder: &'static str, at: i64, answers: Vec<(i64, String)>| {
        let db = app.db.clone();
        async move {
            db.write(move |conn| Box::pin(async move { Ok(claim_vectors(conn, holder, "words", at, at + 300, answers).await?) }))
                .await
                .unwrap()
        }
    };
    assert_eq!(claim("server-a", now, wanted.clone()).await, wanted, "the first server claims them all");
    assert!(claim("server-b", now, wanted.clone()).await.is_empty(), "the second claims none of them");
    // Sent now: while server A holds them, no server is offered them.
    for (n, (id, _)) in wanted.iter().enumerate() {
        let mut answers = app::survey::Answers::new();
        answers.insert("change".into(), app::survey::Answer::Text(format!("Claimed answer {n}")));
        assert!(responses::submit(&app.db, *id, &answers, &format!("RECC{n}")).await.unwrap());
    }
    let offered = answers_without_vectors(&app.db, "words", 1000, &(i64::MIN, String::new()), now).await.unwrap();
    assert!(offered.iter().all(|(r, _, _)| !wanted.iter().any(|(w, _)| w == r)), "claimed answers are not offered meanwhile");
    // Server A stops without making them: once its claims run out, B takes them.
    assert_eq!(claim("server-b", now + 301, wanted.clone()).await, wanted);
    let db = app.db.clone();
    let kept = wanted.clone();
    db.write(move |conn| Box::pin(async move { Ok(release_vectors(conn, "server-b", &kept).await?) })).await.unwrap();
    let left: i64 =
        sqlx::query_scalar("select count(*) from vector_claims where holder = 'server-b'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(left, 0, "let go once their vectors are kept");
    // A server that read the answers before another kept the first one's vector and let go of
    // it claims only the rest, and holds no claim on the first.
    let first = wanted[0].clone();
    db.write(move |conn| {
        Box::pin(async move { Ok(chorus::themes::queries::store_vectors(conn, "words", vec![(first.0, first.1, vec![1])]).await?) })
    })
    .await
    .unwrap();
    assert_eq!(claim("server-c", now, wanted.clone()).await, wanted[1..]);
    let held: i64 = sqlx::query_scalar("select count(*) from vector_claims where holder = 'server-c' and response_id = $1")
        .bind(wanted[0].0)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(held, 0);
}

/// Finding themes in one question gives its answers that have no vector yet theirs and keeps
/// them, whoever holds their claims; answers to other questions are left to the background step.
async fn finding_themes_makes_and_keeps_the_vectors_its_answers_lack(backend: Backend) {
    use chorus::themes::analysis::{find_themes, Scope};
    use chorus::themes::queries::claim_vectors;
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    // Created unsent and claimed by a server that never makes their vectors before they are
    // sent, so this server's background step leaves every one of them alone.
    let written: Vec<(&str, &str, &str)> = WAITS[..6]
        .iter()
        .map(|t| ("parents-carers", "change", *t))
        .chain(["More help at break times", "A quiet room", "Nothing"].map(|t| ("young-people", "make-better", t)))
        .collect();
    let mut ids = Vec::new();
    for (n, (slug, question, _)) in written.iter().enumerate() {
        let version = live_version(&app, slug).await;
        let id = responses::create(&app.db, version, Channel::Link, &format!("hash-made-{n}"), &format!("RESM{n}")).await.unwrap();
        ids.push((id, question.to_string()));
    }
    let (now, wanted) = (chorus::db::now(), ids.clone());
    let claimed = app
        .db
        .write(move |conn| Box::pin(async move { Ok(claim_vectors(conn, "elsewhere", "words", now, now + 300, wanted).await?) }))
        .await
        .unwrap();
    assert_eq!(claimed.len(), written.len());
    for (n, ((id, question), (_, _, text))) in ids.iter().zip(&written).enumerate() {
        let mut answers = app::survey::Answers::new();
        answers.insert(question.clone(), app::survey::Answer::Text(text.to_string()));
        assert!(responses::submit(&app.db, *id, &answers, &format!("RECM{n}")).await.unwrap());
    }
    let parents: i64 = sqlx::query_scalar("select id from surveys where slug = 'parents-carers'").fetch_one(&app.db.pool).await.unwrap();
    let analyst = app.add_user("analyst@kent.gov.uk", Role::Analyst).await;
    find_themes(&app.db, 1, &Scope::Question { survey_id: parents, question_id: "change".into() }, Some(2), analyst).await.unwrap();
    let mut with_vectors = Vec::new();
    for (id, question) in &ids {
        let n: i64 = sqlx::query_scalar("select count(*) from answer_vectors where response_id = $1 and question_id = $2")
            .bind(id)
            .bind(question)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        with_vectors.push(n);
    }
    assert_eq!(with_vectors, [1, 1, 1, 1, 1, 1, 0, 0, 0], "the parents' six kept; the young people's three left");
}

/// The background step's rounds start from where the last ended, yet a response started before
/// the answers it has embedded and sent after them still gets its vector, in seconds.
async fn an_answer_sent_after_later_started_ones_gets_its_vector(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let version = live_version(&app, "parents-carers").await;
    let early = responses::create(&app.db, version, Channel::Link, "hash-early", "RESEARLY").await.unwrap();
    let vector_of = |id: i64| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("select count(*) from answer_vectors where response_id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let wait_for = |id: i64| async move {
        for _ in 0..100 {
            if vector_of(id).await == 1 {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        false
    };
    let later = send(&app, "parents-carers", "change", "More visits from the specialist teacher", 1).await;
    assert!(later > early);
    assert!(wait_for(later).await, "the later-started answer gets its vector");
    let mut answers = app::survey::Answers::new();
    answers.insert("change".into(), app::survey::Answer::Text("Shorter waits for an assessment".into()));
    assert!(responses::submit(&app.db, early, &answers, "RECEARLY").await.unwrap());
    assert!(wait_for(early).await, "the earlier-started answer sent after it gets its vector too");
}

crate::on_both_backends!(
    an_answer_sent_after_later_started_ones_gets_its_vector,
    finding_themes_makes_and_keeps_the_vectors_its_answers_lack,
    each_answer_is_claimed_by_one_server_until_its_claim_runs_out,
    themes_count_the_answers_about_one_area_of_need,
    two_writers_may_store_the_same_vector_at_once,
    answers_are_read_without_names_and_flagged_ones_are_withheld,
    the_workbook_has_responses_themes_and_coded_answers,
    an_analyst_finds_themes_and_sees_them_by_group_with_quotes,
    every_review_change_is_kept_in_the_trail,
    later_answers_join_themes_without_moving_reviewed_work,
    stance_is_read_against_what_each_question_asked,
    theme_names_read_like_quotes_and_saving_them_unchanged_keeps_them,
    the_same_answers_give_the_same_themes,
    only_staff_who_may_see_results_read_themes_and_only_reviewers_change_them,
    bad_requests_get_clear_answers,
);
