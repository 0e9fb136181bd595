//! The analysis benchmark: how long staff wait for the analysis pages of a large engagement.
//!
//!     scripts/bench-analysis.sh [--responses N]     (builds, then runs this)
//!     analysis-bench --database postgres://…      (on a fresh database on that PostgreSQL server)
//!
//! It loads the demo engagement with N made-up responses (100,000 unless told) into a fresh
//! SQLite database, starts a release build of `chorus` on it, signs in as an administrator and
//! as an analyst, and times each analysis page over HTTP: its first view, a second view, and a
//! view after one more response is sent to each survey. The pages are the engagement, every
//! survey's results (everyone's, broken down by district, and filtered to each answer of its
//! first two closed questions), the outcomes (for everyone and for one area of need), who has
//! answered, the themes index, the outcomes framework, the demo's KPI (over both phases; Phase 1
//! gets a quarter as many responses) and Phase 1's equality evidence. Once the background step
//! has given every written answer its vector, it times the pages while responses keep arriving
//! for ten seconds, the analyst finding themes in every written answer, the set's page (for
//! everyone and for one area of need) and a theme's page, and the exports (the workbook, and a survey's two CSV
//! files). It prints each page's times and the server's peak memory.

use chorus_tests::bench::{browser_client, drop_database, field, fresh_database, quick_survey, respond_once, Server};
use std::time::{Duration, Instant};

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// A form value, percent-encoded.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

const PASSWORD: &str = "correct horse battery staple";

async fn signed_in(base: &str, email: &str) -> reqwest::Client {
    let client = browser_client();
    let form = client.get(format!("{base}/sign-in")).send().await.unwrap().text().await.unwrap();
    let token = field(&form, "csrf_token").expect("a sign-in form");
    let body = format!("csrf_token={}&email={}&password={}", encode(&token), encode(email), encode(PASSWORD));
    let r =
        client.post(format!("{base}/sign-in")).header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303, "signing in as {email}");
    client
}

/// Fetches `path` and returns how long the whole page took, once it has checked that the page
/// came whole: a success, a heading, and the end of the document.
async fn time(client: &reqwest::Client, base: &str, path: &str) -> Duration {
    let t = Instant::now();
    let r = client.get(format!("{base}{path}")).send().await.unwrap();
    let status = r.status();
    let html = r.text().await.unwrap();
    let elapsed = t.elapsed();
    assert!(status.is_success(), "{path}: {status}");
    assert!(html.contains("<h1") && html.trim_end().ends_with("</html>"), "{path}: the page did not come whole");
    elapsed
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut server_path = "target/release/chorus".to_owned();
    let mut responses = 100_000usize;
    let mut postgres: Option<String> = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--server" => server_path = it.next().expect("--server PATH"),
            "--responses" => responses = it.next().and_then(|s| s.parse().ok()).expect("--responses N"),
            "--database" => postgres = Some(it.next().expect("--database postgres://…")),
            other => panic!("unknown option {other}"),
        }
    }
    let dir = std::env::temp_dir().join(format!("chorus-analysis-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(postgres.as_deref(), &dir, "analysis").await;
    let backend = if postgres.is_some() { "PostgreSQL" } else { "SQLite" };

    let db = chorus::db::Db::connect(&url).await.expect("database");
    chorus::demo::seed(&db).await.expect("demo");
    let t = Instant::now();
    chorus::demo::add_responses(&db, responses).await.expect("responses");
    // Phase 1, a quarter as many: the KPI's first wave and the equality evidence.
    chorus::demo::add_first_phase_responses(&db, responses / 4).await.expect("Phase 1's responses");
    let seeding = t.elapsed();
    // PostgreSQL vacuums and analyses tables as they change unless told not to. A server set up
    // without it (as for test runs) is given what it would have done during the load, so that
    // its plans and tables are those of a server left as PostgreSQL comes.
    if postgres.is_some() {
        let autovacuum: String =
            sqlx::query_scalar("select setting from pg_settings where name = 'autovacuum'").fetch_one(&db.pool).await.unwrap();
        if autovacuum == "off" {
            let t = Instant::now();
            sqlx::raw_sql("vacuum analyze").execute(&db.pool).await.expect("vacuum");
            println!(
                "This PostgreSQL runs without autovacuum: vacuumed and analysed after the load, as it would have been, in {:.0} s.",
                t.elapsed().as_secs_f64()
            );
        }
    }
    let hash = chorus::accounts::passwords::hash(PASSWORD.into()).await.unwrap();
    for (email, role) in [("admin@bench.test", chorus::domain::Role::Admin), ("analyst@bench.test", chorus::domain::Role::Analyst)] {
        let email = chorus::domain::Email::parse(email).unwrap();
        chorus::accounts::queries::insert(&db, &email, "", &hash, role).await.unwrap();
    }
    // A one-page survey in the same engagement, for respondents to send over HTTP while the
    // analyst views the pages.
    let engagement: i64 = sqlx::query_scalar("select id from engagements order by id").fetch_one(&db.pool).await.unwrap();
    let quick = chorus::surveys::queries::insert(&db, engagement, "quick", &quick_survey()).await.unwrap();
    chorus::surveys::queries::publish(&db, quick).await.unwrap();
    let sent: i64 = sqlx::query_scalar("select count(*) from responses where submitted_at is not null").fetch_one(&db.pool).await.unwrap();
    let answers: i64 = sqlx::query_scalar("select count(*) from answers").fetch_one(&db.pool).await.unwrap();
    let slug: String = sqlx::query_scalar("select slug from engagements order by id").fetch_one(&db.pool).await.unwrap();
    let surveys: Vec<(i64, i64, String)> =
        sqlx::query_as("select id, live_version_id, slug from surveys where live_version_id is not null order by id")
            .fetch_all(&db.pool)
            .await
            .unwrap();

    // Everyone's results, by district, and filtered to each answer of the first two closed
    // questions of each survey.
    let mut pages = vec![format!("/admin/engagements/{slug}")];
    for (id, version, _) in &surveys {
        let (_, def) = chorus::surveys::queries::version(&db, *version).await.unwrap().unwrap();
        let questions: Vec<_> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
        pages.push(format!("/admin/surveys/{id}/results"));
        if let Some(d) = questions.iter().find(|q| q.tags.iter().any(|t| t == "profile:district")) {
            pages.push(format!("/admin/surveys/{id}/results?by={}", d.id));
        }
        for q in questions.iter().filter(|q| !q.kind.is_text() && !q.kind.options().is_empty()).take(2) {
            for (value, _) in q.kind.options() {
                pages.push(format!("/admin/surveys/{id}/results?filter={}%3A%3A{value}", q.id));
            }
        }
    }
    pages.push(format!("/admin/engagements/{slug}/outcomes"));
    pages.push(format!("/admin/engagements/{slug}/outcomes?need=cognition-and-learning"));
    pages.push(format!("/admin/engagements/{slug}/responses"));
    pages.push(format!("/admin/engagements/{slug}/themes"));
    // The outcomes framework, the demo's KPI across both phases, and Phase 1's equality evidence.
    let kpi: i64 = sqlx::query_scalar("select min(id) from kpis").fetch_one(&db.pool).await.unwrap();
    pages.push("/admin/outcomes".into());
    pages.push(format!("/admin/kpis/{kpi}"));
    pages.push("/admin/engagements/stls-phase-1/equality".into());

    let started = Instant::now();
    let no_model = dir.join("no-model");
    let server =
        Server::start(&server_path, &url, &dir, "warn,sqlx::query=error", &[("CHORUS_MODEL_DIR", no_model.as_os_str())], 400).await;
    let base = server.base.clone();
    let admin = signed_in(&base, "admin@bench.test").await;
    let analyst = signed_in(&base, "analyst@bench.test").await;
    // The server reads each live survey's responses in the background when it starts; a
    // survey's results page waits for its own.
    let mut first = Duration::ZERO;
    for (id, _, _) in &surveys {
        first = first.max(time(&admin, &base, &format!("/admin/surveys/{id}/results")).await);
    }
    let ready = started.elapsed();

    println!("Analysis pages benchmark: {server_path} (release build, {backend})");
    println!(
        "{responses} made-up responses ({sent} sent, {answers} answer rows) seeded in {:.0} s; server up and every survey's results\npage served in {:.1} s from its start (the slowest of them, waiting for its survey to be read, {}).\n",
        seeding.as_secs_f64(),
        ready.as_secs_f64(),
        ms(first)
    );
    println!("{:<72} {:>9} {:>8} {:>8} {:>11} {:>8} {:>8}", "page", "admin 1st", "again", "after +1", "analyst 1st", "again", "after +1");
    let mut rows = Vec::new();
    for path in &pages {
        rows.push([
            time(&admin, &base, path).await,
            time(&admin, &base, path).await,
            Duration::ZERO,
            time(&analyst, &base, path).await,
            time(&analyst, &base, path).await,
            Duration::ZERO,
        ]);
    }
    // One more response arrives at each survey (respondents send theirs): every page is
    // counted again.
    for (n, (_, version, _)) in surveys.iter().enumerate() {
        let token = chorus::web::codes::hash_secret(&format!("bench-{n}"));
        let id = chorus::respond::queries::create(&db, *version, chorus::respond::queries::Channel::Link, &token, &format!("BENCHR{n}"))
            .await
            .unwrap();
        chorus::respond::queries::submit(&db, id, &Default::default(), &format!("BENCHS{n}")).await.unwrap();
    }
    for (path, row) in pages.iter().zip(rows.iter_mut()) {
        row[2] = time(&admin, &base, path).await;
        row[5] = time(&analyst, &base, path).await;
    }
    let mut worst = Duration::ZERO;
    for (path, row) in pages.iter().zip(&rows) {
        worst = worst.max(*row.iter().max().unwrap());
        let cells: Vec<String> = row.iter().map(|d| ms(*d)).collect();
        println!("{:<72} {:>9} {:>8} {:>8} {:>11} {:>8} {:>8}", path, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
    }
    // Vectors are made in the background as answers arrive; finding themes waits for none once
    // they are all made, as on a server that has been taking answers all along.
    let written: i64 = sqlx::query_scalar(
        "select count(*) from answers a join responses r on r.id = a.response_id where a.text_value is not null and r.submitted_at is not null",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let mut embedded = 0;
    // Counting them reads every vector: every two seconds, so as not to slow what it measures.
    for _ in 0..450 {
        embedded = sqlx::query_scalar("select count(*) from answer_vectors").fetch_one(&db.pool).await.unwrap();
        if embedded >= written {
            break;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    println!(
        "\nVectors for {embedded} of {written} written answers made in the background by {:.0} s after the server started.",
        started.elapsed().as_secs_f64()
    );

    // Responses arriving all the while: four respondents at a time send theirs for ten seconds,
    // over HTTP as their browsers would (start, question page, answers, send, confirmation),
    // while the analyst goes through the pages (after the background step has caught up with
    // the answers loaded at the start, as on a server taking answers all along).
    let busy_for = Duration::from_secs(10);
    let until = Instant::now() + busy_for;
    let senders: Vec<_> = (0..4)
        .map(|_| {
            let base = base.clone();
            tokio::spawn(async move {
                let mut n = 0usize;
                while Instant::now() < until {
                    respond_once(&base, "quick").await.unwrap_or_else(|e| panic!("a respondent while pages were viewed: {e}"));
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut busy = Vec::new();
    while Instant::now() < until {
        let path = &pages[busy.len() % pages.len()];
        busy.push(time(&analyst, &base, path).await);
    }
    let mut arrived = 0;
    for s in senders {
        arrived += s.await.unwrap();
    }
    busy.sort();

    println!(
        "While {arrived} more responses were sent in {} s ({:.0} a second), the analyst viewed {} pages: median {}, 95th percentile {}, slowest {}.\n",
        busy_for.as_secs(),
        arrived as f64 / busy_for.as_secs_f64(),
        busy.len(),
        ms(busy[busy.len() / 2]),
        ms(busy[(busy.len() - 1) * 95 / 100]),
        ms(*busy.last().unwrap())
    );

    // Themes in every written answer, found by the analyst, then the set's page and a theme's.
    let index = analyst.get(format!("{base}/admin/engagements/{slug}/themes")).send().await.unwrap().text().await.unwrap();
    let token = field(&index, "csrf_token").expect("a form to find themes");
    let t = Instant::now();
    let r = analyst
        .post(format!("{base}/admin/engagements/{slug}/themes/all/find"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={}&themes=", encode(&token)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "finding themes");
    let finding = t.elapsed();
    let set_path = format!("/admin/engagements/{slug}/themes/all");
    let set_page = analyst.get(format!("{base}{set_path}")).send().await.unwrap().text().await.unwrap();
    let theme_path = set_page
        .match_indices(&format!("href=\"{set_path}/"))
        .map(|(at, m)| &set_page[at + 6..at + m.len() + set_page[at + m.len()..].find('"').unwrap()])
        .find(|p| p[set_path.len() + 1..].chars().all(|c| c.is_ascii_digit()))
        .expect("a theme on the set's page")
        .to_owned();
    println!(
        "Themes found in all {written} written answers by the analyst in {:.1} s (this server has no sentence model, so its\nvectors are hashed words; the model's vectors are made the same way, about 600 a second on two cores).\n",
        finding.as_secs_f64()
    );
    let need_path = format!("{set_path}?need=cognition-and-learning");
    for path in [&set_path, &need_path, &theme_path] {
        let row = [
            time(&admin, &base, path).await,
            time(&admin, &base, path).await,
            Duration::ZERO,
            time(&analyst, &base, path).await,
            time(&analyst, &base, path).await,
            Duration::ZERO,
        ];
        worst = worst.max(*row.iter().max().unwrap());
        let cells: Vec<String> = row.iter().map(|d| ms(*d)).collect();
        println!("{:<72} {:>9} {:>8} {:>8} {:>11} {:>8} {:>8}", path, cells[0], cells[1], "", cells[3], cells[4], "");
        rows.push(row);
    }

    // Exports, as the analyst downloads them: time to the first byte, to the last, and size.
    println!();
    let (survey, _, _) = &surveys[0];
    for path in [
        format!("/admin/engagements/{slug}/export.xlsx"),
        format!("/admin/surveys/{survey}/export/responses.csv"),
        format!("/admin/surveys/{survey}/export/answers.csv"),
    ] {
        let t = Instant::now();
        let mut r = analyst.get(format!("{base}{path}")).send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        let (mut first, mut bytes) = (None, 0usize);
        while let Some(chunk) = r.chunk().await.unwrap() {
            first.get_or_insert_with(|| t.elapsed());
            bytes += chunk.len();
        }
        println!(
            "{path}: first byte after {}, whole file ({:.1} MB) after {:.1} s",
            ms(first.unwrap_or_default()),
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }

    let mut all: Vec<Duration> = rows.iter().flatten().copied().filter(|d| !d.is_zero()).collect();
    all.sort();
    println!(
        "\n{} page views: median {}, 95th percentile {}, slowest {}; server peak memory {} MB",
        all.len(),
        ms(all[all.len() / 2]),
        ms(all[(all.len() - 1) * 95 / 100]),
        ms(worst),
        server.peak_rss_kib().map_or("?".into(), |k| format!("{:.0}", k as f64 / 1024.0))
    );
    drop(server);
    db.close().await;
    if let Some(base) = postgres.as_deref() {
        drop_database(base, "analysis").await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}
