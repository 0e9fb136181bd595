//! A database made by the previous release (every migration but the newest) and holding what
//! people had put in it is upgraded when the app starts, and every page still reads it.

use crate::helpers::{fresh_database, spawn_app_on, Backend, PASSWORD};
use std::borrow::Cow;

/// The newest migration the previous release had.
const PREVIOUS: i64 = 14;

/// Builds the previous release's schema: every migration of this backend up to [`PREVIOUS`].
async fn previous_release(backend: Backend, url: &str) -> sqlx::AnyPool {
    schema_up_to(backend, url, PREVIOUS).await
}

/// Every migration of this backend up to `last`.
async fn schema_up_to(backend: Backend, url: &str, last: i64) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(folder);
    let mut migrator = sqlx::migrate::Migrator::new(dir).await.expect("the migrations");
    assert!(migrator.migrations.iter().any(|m| m.version == last), "{last} names a migration");
    assert!(migrator.migrations.iter().any(|m| m.version > last), "there is something to upgrade to");
    migrator.migrations = Cow::Owned(migrator.migrations.iter().filter(|m| m.version <= last).cloned().collect());
    let url = match backend {
        Backend::Sqlite => format!("{url}?mode=rwc"),
        Backend::Postgres => url.to_owned(),
    };
    let pool = sqlx::AnyPool::connect(&url).await.expect("the old database");
    migrator.run(&pool).await.expect("the previous release's migrations");
    pool
}

/// What the previous release's people had put in: an open engagement, a published survey with
/// sent responses (one flagged for safeguarding, one from a school's access code), and a school.
async fn fill(pool: &sqlx::AnyPool) -> i64 {
    let definition = serde_json::to_string(&chorus::demo::parents_carers()).unwrap();
    let run = |sql: &'static str| sqlx::query(sql);
    run("insert into engagements (slug, title, summary, state, created_at, privacy_notice, contact, suppression_threshold) \
         values ('old-engagement', 'An engagement from before', 'Made by the previous release.', 'open', 1700000000, 'Privacy.', '', 1)")
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into surveys (engagement_id, slug, audience, title, draft, created_at, updated_at) \
         values (1, 'old-survey', 'parents_carers', 'Specialist teaching support: parents and carers', $1, 1700000000, 1700000000)",
    )
    .bind(&definition)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("insert into survey_versions (survey_id, version, definition, published_at) values (1, 1, $1, 1700000000)")
        .bind(&definition)
        .execute(pool)
        .await
        .unwrap();
    run("update surveys set live_version_id = 1").execute(pool).await.unwrap();
    run("insert into schools (name, district, phase, created_at) values ('Old Oak Primary School', 'Dover', 'Primary', 1700000000)")
        .execute(pool)
        .await
        .unwrap();
    run("insert into access_codes (code, school_id, survey_id, created_at) values ('OLDC-0DE1', 1, 1, 1700000000)")
        .execute(pool)
        .await
        .unwrap();
    for (n, (flag, school)) in [(0, None), (0, Some(1)), (1, None)].into_iter().enumerate() {
        let written = if flag == 1 { "I am not safe at home" } else { "More visits from the specialist teacher" };
        let draft = app::survey::Draft {
            answers: app::survey::Answers::from([
                ("timely".to_string(), app::survey::Answer::Choice("4".into())),
                ("change".to_string(), app::survey::Answer::Text(written.into())),
            ]),
            ..Default::default()
        };
        sqlx::query(
            "insert into responses (survey_version_id, channel, token_hash, resume_code, receipt_code, draft, started_at, updated_at, \
             submitted_at, safeguarding_flag, school_id) values (1, $1, $2, $3, $4, $5, 1700000000, 1700000000, 1700000100, $6, $7)",
        )
        .bind(if school.is_some() { "school_code" } else { "link" })
        .bind(format!("token-{n}"))
        .bind(format!("RESUME-{n}"))
        .bind(format!("RECEIPT-{n}"))
        .bind(serde_json::to_string(&draft).unwrap())
        .bind(flag)
        .bind(school)
        .execute(pool)
        .await
        .unwrap();
        let id = n as i64 + 1;
        sqlx::query("insert into answers (response_id, question_id, choice) values ($1, 'timely', '4')")
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("insert into answers (response_id, question_id, text_value) values ($1, 'change', $2)")
            .bind(id)
            .bind(written)
            .execute(pool)
            .await
            .unwrap();
    }
    1
}

async fn a_database_from_the_previous_release_is_upgraded_and_every_page_reads_it(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("chorus-upgrade-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(backend, &dir).await;
    let old = previous_release(backend, &url).await;
    let survey = fill(&old).await;
    old.close().await;

    let app = spawn_app_on(&url, dir).await;
    let version: i64 = sqlx::query_scalar("select max(version) from _sqlx_migrations").fetch_one(&app.db.pool).await.unwrap();
    let newest = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite"))
        .unwrap()
        .filter_map(|f| f.ok()?.file_name().to_str()?.split('_').next()?.parse::<i64>().ok())
        .max()
        .unwrap();
    assert_eq!(version, newest, "start-up ran every migration since");
    let plain: i64 =
        sqlx::query_scalar("select count(*) from responses where resume_code_hash like 'RESUME-%' or receipt_code_hash like 'RECEIPT-%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(plain, 0, "codes kept in plain text are hashed");
    for n in 0..3 {
        let receipt = chorus::respond::queries::find_by_receipt(&app.db, &format!("RECEIPT-{n}")).await.unwrap();
        assert!(receipt.is_some(), "receipt code {n} still finds its answers");
    }
    let address: String = sqlx::query_scalar("select address from schools").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(address, "", "schools from before have no address yet");

    app.add_user("admin@example.org", chorus::domain::Role::Admin).await;
    assert_eq!(app.sign_in("admin@example.org", PASSWORD).await.status().as_u16(), 303);
    let pages = [
        ("/admin".to_string(), "An engagement from before"),
        ("/admin/engagements/old-engagement".into(), "Specialist teaching support: parents and carers"),
        (format!("/admin/surveys/{survey}/results"), "Specialist teaching support: parents and carers"),
        ("/admin/engagements/old-engagement/responses".into(), "Old Oak Primary School"),
        ("/admin/engagements/old-engagement/outcomes".into(), "An engagement from before"),
        ("/admin/engagements/old-engagement/themes".into(), "An engagement from before"),
        ("/admin/schools".into(), "Old Oak Primary School"),
        (format!("/admin/surveys/{survey}/codes"), "OLDC-0DE1"),
        (format!("/admin/surveys/{survey}/codes/letters"), "OLDC-0DE1"),
        (format!("/admin/surveys/{survey}"), "Specialist teaching support: parents and carers"),
        ("/admin/safeguarding".into(), "Specialist teaching support: parents and carers"),
        ("/s/old-survey".into(), "Specialist teaching support: parents and carers"),
        ("/e/old-engagement".into(), "Specialist teaching support: parents and carers"),
        ("/admin/engagements/old-engagement/you-said".into(), "There are no entries yet"),
        ("/admin/engagements/old-engagement/report".into(), "Who was invited and who took part"),
        ("/admin/engagements/old-engagement/public-results/preview".into(), "What people told us"),
        ("/".into(), "An engagement from before"),
    ];
    for (path, shows) in pages {
        let response = app.get(&path).await;
        let status = response.status().as_u16();
        let html = response.text().await.unwrap();
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(shows), "{path} shows {shows:?}");
    }
    let csv = app.get(&format!("/admin/surveys/{survey}/export/answers.csv")).await.text().await.unwrap();
    assert!(csv.contains("More visits from the specialist teacher"), "the export reads the old answers");
}

/// Before withdrawn responses kept their rows, SQLite could give a withdrawn response's id to the
/// next one started, and actions recorded on the first then showed against the second. Upgrading
/// moves every action whose response is gone, or started after the action, to a table of its own;
/// the rest are tied to their response by a key the database enforces.
async fn actions_on_responses_that_went_are_kept_apart_and_the_rest_are_keyed(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("chorus-upgrade-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(backend, &dir).await;
    let old = schema_up_to(backend, &url, 27).await;
    fill(&old).await;
    sqlx::query("insert into users (email, password_hash, role, created_at) values ('lead@example.org', 'x', 'safeguarding_lead', 1)")
        .execute(&old)
        .await
        .unwrap();
    // Response 3 (flagged) started at 1700000000: one action on it, one recorded before it started
    // (on an earlier response with its id), and one on a response no longer there.
    for (response, at, note) in [(3, 1_700_000_200, "kept"), (3, 1_600_000_000, "earlier"), (99, 1_700_000_300, "gone")] {
        sqlx::query(
            "insert into safeguarding_actions (response_id, user_id, outcome, note, closes, created_at) values ($1, 1, 'other', $2, 0, $3)",
        )
        .bind(response)
        .bind(note)
        .bind(at)
        .execute(&old)
        .await
        .unwrap();
    }
    old.close().await;

    let app = spawn_app_on(&url, dir).await;
    let kept: Vec<(i64, String)> =
        sqlx::query_as("select response_id, note from safeguarding_actions order by id").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(kept, [(3, "kept".to_string())]);
    let apart: Vec<(i64, String, i64)> = sqlx::query_as("select response_id, note, created_at from safeguarding_lost_actions order by id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(apart, [(3, "earlier".to_string(), 1_600_000_000), (99, "gone".to_string(), 1_700_000_300)]);
    // The safeguarding lead sees them on a page of their own, linked from the queue.
    sqlx::query("update users set email = 'lead-before@example.org'").execute(&app.db.pool).await.unwrap();
    app.add_user("lead@example.org", chorus::domain::Role::SafeguardingLead).await;
    assert_eq!(app.sign_in("lead@example.org", PASSWORD).await.status().as_u16(), 303);
    let queue = app.get_html("/admin/safeguarding").await;
    assert!(queue.contains("href=\"/admin/safeguarding/kept-apart\">2 actions recorded on responses"), "{queue}");
    let page = app.get_html("/admin/safeguarding/kept-apart").await;
    let rows: Vec<&str> = page.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "{page}");
    assert!(rows[0].contains("<td>Response 99</td>") && rows[0].contains("gone") && rows[0].contains("lead-before@example.org"), "{page}");
    assert!(rows[1].contains("<td>Response 3</td>") && rows[1].contains("earlier"), "{page}");
    let item = app.get_html("/admin/safeguarding/3").await;
    assert!(item.contains("kept") && !item.contains("earlier"), "only the action on it shows on the response: {item}");
    let unkeyed = sqlx::query("insert into safeguarding_actions (response_id, user_id, outcome, created_at) values (12345, 1, 'other', 1)")
        .execute(&app.db.pool)
        .await;
    assert!(unkeyed.is_err(), "an action on no response is refused");
}

/// Before the outcomes framework, an outcome was words typed on each question as an `outcome:`
/// tag. Upgrading turns each statement into an outcome in the framework, once whatever its
/// capitals, and each question that named one into a link to it, from the published version and
/// the draft alike; and it happens once, so a link taken away later stays away.
async fn outcome_statements_typed_on_questions_become_links_to_the_framework(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("chorus-upgrade-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(backend, &dir).await;
    let old = previous_release(backend, &url).await;
    let survey = fill(&old).await;
    let tagged = |tags: &[(&str, &str)]| {
        let mut def = chorus::demo::parents_carers();
        for q in def.pages.iter_mut().flat_map(|p| p.questions.iter_mut()) {
            q.tags.extend(tags.iter().filter(|(id, _)| *id == q.id).map(|(_, statement)| format!("outcome:{statement}")));
        }
        serde_json::to_string(&def).unwrap()
    };
    let published = tagged(&[("timely", "I get the right help at the right time"), ("involved", "Families are partners")]);
    // The draft since: one statement typed again in other capitals, one question newly tagged.
    let draft = tagged(&[
        ("timely", "I get the right help at the right time"),
        ("involved", "families are partners"),
        ("used-stls", "Schools listen"),
    ]);
    sqlx::query("update survey_versions set definition = $1").bind(&published).execute(&old).await.unwrap();
    sqlx::query("update surveys set draft = $1").bind(&draft).execute(&old).await.unwrap();
    old.close().await;

    let app = spawn_app_on(&url, dir).await;
    let framework: Vec<(String, String)> = sqlx::query_as(
        "select g.name, o.statement from outcomes o join outcome_groups g on g.id = o.group_id order by g.position, o.position",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let group = chorus::outcomes::queries::FROM_QUESTIONS.to_string();
    assert_eq!(
        framework,
        [
            (group.clone(), "I get the right help at the right time".to_string()),
            (group.clone(), "Families are partners".to_string()),
            (group.clone(), "Schools listen".to_string()),
        ]
    );
    let links = || async {
        sqlx::query_as::<_, (i64, String, String)>(
            "select q.survey_id, q.question_id, o.statement from question_outcomes q join outcomes o on o.id = q.outcome_id              order by q.question_id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    };
    assert_eq!(
        links().await,
        [
            (survey, "involved".to_string(), "Families are partners".to_string()),
            (survey, "timely".to_string(), "I get the right help at the right time".to_string()),
            (survey, "used-stls".to_string(), "Schools listen".to_string()),
        ]
    );

    // The engagement's outcomes page reads the links; the editor shows each question's outcome.
    app.add_user("admin@example.org", chorus::domain::Role::Admin).await;
    assert_eq!(app.sign_in("admin@example.org", PASSWORD).await.status().as_u16(), 303);
    let html = app.get_html("/admin/engagements/old-engagement/outcomes").await;
    assert!(html.contains(&format!(">{group}</h2>")) && html.contains(">I get the right help at the right time</h3>"), "{html}");
    let form = app.get_html(&format!("/admin/surveys/{survey}/questions/involved")).await;
    let partners: i64 =
        sqlx::query_scalar("select id from outcomes where statement = 'Families are partners'").fetch_one(&app.db.pool).await.unwrap();
    let option = &form[form.find(&format!("<option value=\"{partners}\"")).expect("the outcome offered")..];
    assert!(option[..option.find('>').unwrap()].contains("selected"), "{form}");

    // Once only: a link taken away is not made again.
    sqlx::query("delete from question_outcomes where question_id = 'used-stls'").execute(&app.db.pool).await.unwrap();
    assert_eq!(chorus::outcomes::queries::adopt_old_tags(&app.db).await.unwrap(), 0);
    assert_eq!(links().await.len(), 2);
}

crate::on_both_backends!(
    outcome_statements_typed_on_questions_become_links_to_the_framework,
    a_database_from_the_previous_release_is_upgraded_and_every_page_reads_it,
    actions_on_responses_that_went_are_kept_apart_and_the_rest_are_keyed,
);
