//! "You said, we did": written by commissioners, private until published together, kept dated
//! version by version, and shown on the engagement's public page with small numbers hidden.

use crate::helpers::{csrf_token_in, signed_in_as, Backend, TestApp};
use chorus::domain::Role;

const LIST: &str = "/admin/engagements/stls-phase-2/you-said";

/// A theme an analyst made, holding `young` young people's and `parents` parents' sent responses.
async fn theme_with(app: &TestApp, young: i64, parents: i64) -> i64 {
    chorus::demo::add_responses(&app.db, 60).await.unwrap();
    let set: i64 = sqlx::query_scalar(
        "insert into theme_sets (engagement_id, scope, method, created_at, updated_at) values (1, 'all', 'words', 0, 0) returning id",
    )
    .fetch_one(&app.db.writer)
    .await
    .unwrap();
    let theme: i64 = sqlx::query_scalar(
        "insert into themes (theme_set_id, label, kind, created_at) values ($1, 'Waiting too long for a visit', 'analyst', 0) returning id",
    )
    .bind(set)
    .fetch_one(&app.db.writer)
    .await
    .unwrap();
    for (audience, n) in [("young_people", young), ("parents_carers", parents)] {
        sqlx::query(
            "insert into theme_answers (theme_set_id, response_id, question_id, theme_id, stance, source) \
             select $1, r.id, 'written', $2, 'negative', 'analyst' from responses r \
             join survey_versions v on v.id = r.survey_version_id join surveys s on s.id = v.survey_id \
             where s.audience = $3 and r.submitted_at is not null order by r.id limit $4",
        )
        .bind(set)
        .bind(theme)
        .bind(audience)
        .bind(n)
        .execute(&app.db.writer)
        .await
        .unwrap();
    }
    theme
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = csrf_token_in(&app.get_html(LIST).await);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    app.post_form(path, &all).await
}

async fn a_commissioner_writes_publishes_and_updates_an_entry(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    let theme = theme_with(&app, 6, 7).await.to_string();
    assert!(app.get_html(LIST).await.contains("There are no entries yet"));
    assert!(app.get_html(&format!("{LIST}/new")).await.contains("Waiting too long for a visit"), "the form offers the themes");

    let empty = post(&app, LIST, &[]).await;
    assert_eq!(empty.status(), 422);
    let html = empty.text().await.unwrap();
    for message in ["Say what people said", "Say what the council will do, is doing or did", "Choose where it stands"] {
        assert!(html.contains(message), "{message}");
    }
    let said = "Families wait too long for a first visit.";
    let no_reason = post(&app, LIST, &[("said", said), ("did", "Nothing."), ("status", "not_doing")]).await;
    assert_eq!(no_reason.status(), 422);
    let html = no_reason.text().await.unwrap();
    assert!(html.contains("<a href=\"#reason\">Say why the council is not doing it"));
    assert!(html.contains(said), "what was typed is kept");

    let fields = [("said", said), ("did", "A first visit within four weeks of a request."), ("status", "planned"), ("themes", &theme)];
    let saved = post(&app, LIST, &fields).await;
    assert_eq!(saved.headers()["location"], format!("{LIST}?done=saved"));
    let list = app.get_html(LIST).await;
    assert!(list.contains("Not published yet.") && list.contains("Publish 1 change"));
    assert!(!app.get_html("/e/stls-phase-2").await.contains(said), "a draft is not public");

    assert!(app.get_html(&format!("{LIST}/publish")).await.contains(said), "the confirmation names what changes");
    assert_eq!(post(&app, &format!("{LIST}/publish"), &[]).await.headers()["location"], format!("{LIST}?done=published"));
    let public = app.get_html("/e/stls-phase-2").await;
    assert!(public.contains(said));
    assert!(public.contains("A first visit within four weeks of a request."));
    assert!(public.contains(">Planned</strong>"));
    assert!(public.contains("<strong>What we will do: </strong>A first visit within four weeks of a request."));
    assert!(public.contains("“Waiting too long for a visit” — Young people: 6; Parents and carers: 7."));

    let id: i64 = sqlx::query_scalar("select id from you_said_entries where said = $1").bind(said).fetch_one(&app.db.pool).await.unwrap();
    let edit = format!("/admin/you-said/{id}/edit");
    assert!(app.get_html(&edit).await.contains("A first visit within four weeks of a request."), "the form shows the words now");
    let changed = [("said", said), ("did", "First visits now happen within four weeks."), ("status", "done"), ("themes", &theme)];
    assert_eq!(post(&app, &edit, &changed).await.status(), 303);
    assert!(app.get_html(LIST).await.contains("Published; changed since"));
    assert!(!app.get_html("/e/stls-phase-2").await.contains("First visits now happen"), "the public sees what was published");
    post(&app, &format!("{LIST}/publish"), &[]).await;
    let public = app.get_html("/e/stls-phase-2").await;
    let now = public.find("First visits now happen within four weeks.").expect("the new words");
    let earlier = public.find("Earlier updates").expect("the history");
    assert!(now < earlier && public[earlier..].contains("(Planned): A first visit within four weeks of a request."));
    let versions: i64 =
        sqlx::query_scalar("select count(*) from you_said_versions where entry_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(versions, 2, "each publication is kept");
}

async fn small_theme_counts_are_hidden_on_the_public_page_whoever_publishes(backend: Backend) {
    let app = signed_in_as(backend, Role::Admin).await;
    let theme = theme_with(&app, 3, 6).await.to_string();
    let fields = [("said", "Waits are long."), ("did", "We will shorten them."), ("status", "in_progress"), ("themes", theme.as_str())];
    assert_eq!(post(&app, LIST, &fields).await.status(), 303);
    post(&app, &format!("{LIST}/publish"), &[]).await;

    let public = app.get_html("/e/stls-phase-2").await;

    assert!(public.contains("Young people: fewer than 5; Parents and carers: 6."), "{public}");
    assert!(!public.contains("Young people: 3"));
}

async fn viewers_read_entries_but_cannot_write_or_publish(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;

    let list = app.get_html(LIST).await;

    assert!(list.contains("You said, we did") && !list.contains("Add an entry"));
    assert_eq!(app.get(&format!("{LIST}/new")).await.status(), 403);
    assert_eq!(post(&app, LIST, &[("said", "x"), ("did", "y"), ("status", "done")]).await.status(), 403);
    assert_eq!(post(&app, &format!("{LIST}/publish"), &[]).await.status(), 403);
    let entries: i64 =
        sqlx::query_scalar("select count(*) from you_said_entries where engagement_id = 1").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(entries, 0);
}

crate::on_both_backends!(
    a_commissioner_writes_publishes_and_updates_an_entry,
    small_theme_counts_are_hidden_on_the_public_page_whoever_publishes,
    viewers_read_entries_but_cannot_write_or_publish,
);
