//! Several app servers on one PostgreSQL behind a real reverse proxy (nginx), on loopback.
//!
//!     cluster --server target/debug/chorus [--database postgres://…] [--servers 2] [--port 8080]
//!     cluster --server target/debug/chorus --test [--database postgres://…] [--servers 2]
//!
//! It makes a fresh database on the PostgreSQL server (`chorus_cluster_<pid>`), loads the demo
//! with made-up responses and an administrator, starts the app servers on it (each with its own
//! data folder, as on its own machine, sharing only the session secret) and nginx in front of
//! them, sending each request to the next server in turn. Without `--test` it serves until
//! stopped (Ctrl-C). With `--test` it walks, through the proxy, what must hold when one person's
//! requests land on different servers, and exits non-zero saying what did not:
//! - staff sessions and their forms' tokens;
//! - sign-in limits, counted across the servers;
//! - a respondent's journey, page by page, with a double submit storing one response;
//! - the results' in-memory counts: a response sent, or withdrawn, through one server shows on
//!   every server's next page;
//! - background work: every written answer's vector made once, by one server or the other;
//! - theme review, and a download through the proxy.

use chorus_tests::bench::{browser_client, drop_database, field, fresh_database, seed_with_quick_survey, shared_secret, Proxy, Server};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ADMIN: &str = "admin@cluster.test";
const PASSWORD: &str = "correct horse battery staple";
/// Made-up responses loaded before the servers start: their written answers are the servers'
/// first background work.
const RESPONSES: usize = 400;

struct Args {
    server: String,
    database: String,
    servers: usize,
    port: u16,
    test: bool,
}

fn args() -> Args {
    let mut args = Args {
        server: "target/debug/chorus".into(),
        database: std::env::var("CHORUS_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
        servers: 2,
        port: 0,
        test: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => args.server = value(),
            "--database" => args.database = value(),
            "--servers" => args.servers = value().parse().expect("--servers N"),
            "--port" => args.port = value().parse().expect("--port P"),
            "--test" => args.test = true,
            other => panic!("unknown option {other}"),
        }
    }
    assert!(args.servers >= 1, "--servers must be at least 1");
    args
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The database, the servers and the proxy.
struct Cluster {
    url: String,
    servers: Vec<Server>,
    logs: Vec<PathBuf>,
    proxy: Proxy,
    db: chorus::db::Db,
}

async fn start(args: &Args, dir: &Path) -> Cluster {
    let url = fresh_database(Some(&args.database), dir, "cluster").await;
    let db = chorus::db::Db::connect(&url).await.expect("database");
    seed_with_quick_survey(&db).await;
    chorus::demo::add_responses(&db, RESPONSES).await.expect("responses");
    let hash = chorus::accounts::passwords::hash(PASSWORD.into()).await.unwrap();
    let email = chorus::domain::Email::parse(ADMIN).unwrap();
    chorus::accounts::queries::insert(&db, &email, "Cluster", &hash, chorus::domain::Role::Admin).await.unwrap();
    // Shared by every server, as it must be: each signs the forms the others check.
    let secret = shared_secret();
    let mut servers = Vec::new();
    let mut logs = Vec::new();
    for n in 0..args.servers {
        let own = dir.join(format!("server-{n}"));
        std::fs::create_dir_all(&own).unwrap();
        let log = own.join("server.log");
        // Without the sentence model, vectors come from words: quick, so both servers race for them.
        let no_model = own.join("no-model");
        let env: [(&str, &std::ffi::OsStr); 4] = [
            ("CHORUS_SESSION_SECRET", secret.as_ref()),
            ("CHORUS_TRUSTED_PROXIES", "1".as_ref()),
            ("CHORUS_LOG_FORMAT", "json".as_ref()),
            ("CHORUS_MODEL_DIR", no_model.as_os_str()),
        ];
        let server = Server::launch(&args.server, &url, &own, "warn,chorus::themes::vectors=info", &env, 400, Some(&log)).await;
        let up = reqwest::get(format!("{}/healthz", server.base)).await.is_ok_and(|r| r.status().is_success());
        assert!(up, "app server {n} did not start: {}", std::fs::read_to_string(&log).unwrap_or_default());
        servers.push(server);
        logs.push(log);
    }
    let proxy = Proxy::start(&servers, args.port, dir);
    proxy.ready().await;
    Cluster { url, servers, logs, proxy, db }
}

/// What went wrong, if anything.
type Check = Result<(), String>;

fn ensure(ok: bool, what: impl Into<String>) -> Check {
    if ok {
        Ok(())
    } else {
        Err(what.into())
    }
}

async fn post(client: &reqwest::Client, url: &str, body: String) -> reqwest::Response {
    client.post(url).header("content-type", "application/x-www-form-urlencoded").body(body).send().await.expect("a response")
}

/// Which server answered, as the proxy says.
fn served_by(r: &reqwest::Response) -> String {
    r.headers().get("x-chorus-server").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

async fn get(client: &reqwest::Client, url: &str, servers: &mut Vec<String>) -> (u16, String) {
    let r = client.get(url).send().await.expect("a response");
    servers.push(served_by(&r));
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

/// Checks that more than one server answered `seen`.
fn on_several(seen: &[String], what: &str) -> Check {
    let mut distinct: Vec<&String> = seen.iter().filter(|s| !s.is_empty()).collect();
    distinct.sort();
    distinct.dedup();
    ensure(distinct.len() > 1, format!("{what}: every request went to one server ({distinct:?})"))
}

/// Signs in through the proxy: the form from one server, the post to the next.
async fn signed_in(base: &str) -> Result<reqwest::Client, String> {
    let client = browser_client();
    let mut seen = Vec::new();
    let (_, form) = get(&client, &format!("{base}/sign-in"), &mut seen).await;
    let token = field(&form, "csrf_token").ok_or("no sign-in form")?;
    let r = post(
        &client,
        &format!("{base}/sign-in"),
        format!("csrf_token={}&email={}&password={}", encode(&token), encode(ADMIN), encode(PASSWORD)),
    )
    .await;
    seen.push(served_by(&r));
    ensure(r.status().as_u16() == 303, format!("signing in: {}", r.status()))?;
    on_several(&seen, "signing in")?;
    Ok(client)
}

async fn staff_sessions(c: &Cluster) -> Check {
    let client = signed_in(&c.proxy.base).await?;
    let mut seen = Vec::new();
    for _ in 0..4 {
        let (status, html) = get(&client, &format!("{}/admin", c.proxy.base), &mut seen).await;
        ensure(status == 200 && html.contains("Sign out"), format!("the staff area through the proxy: {status}"))?;
    }
    on_several(&seen, "the staff area")
}

async fn sign_in_limits(c: &Cluster) -> Check {
    // Wrong passwords for one address, each to the next server: the limit counts them all.
    let client = browser_client();
    let mut seen = Vec::new();
    let mut statuses = Vec::new();
    for _ in 0..=chorus::accounts::throttle::FAILURES {
        let (_, form) = get(&client, &format!("{}/sign-in", c.proxy.base), &mut seen).await;
        let token = field(&form, "csrf_token").ok_or("no sign-in form")?;
        let r = post(
            &client,
            &format!("{}/sign-in", c.proxy.base),
            format!("csrf_token={}&email=nobody%40cluster.test&password=wrong+guess", encode(&token)),
        )
        .await;
        seen.push(served_by(&r));
        statuses.push(r.status().as_u16());
    }
    on_several(&seen, "sign-in attempts")?;
    let last = statuses.pop().unwrap_or_default();
    ensure(
        statuses.iter().all(|s| *s != 429) && last == 429,
        format!("the sign-in limit across servers: {statuses:?}, then {last} (429 expected)"),
    )
}

/// The number of sent responses an administrator's results page shows on one server.
async fn sent_on(client: &reqwest::Client, server: &str, survey: i64) -> Result<i64, String> {
    let html =
        client.get(format!("{server}/admin/surveys/{survey}/results")).send().await.map_err(|e| e.to_string())?.text().await.unwrap();
    let marker = ">Sent</dt><dd class=\"summary-list__value\">";
    let at = html.find(marker).ok_or_else(|| format!("no count of sent responses on {server}"))? + marker.len();
    html[at..at + html[at..].find('<').unwrap_or(0)].replace(',', "").parse().map_err(|_| "an unreadable count".to_string())
}

/// How many sent responses to `survey` the database holds.
async fn stored_sent(c: &Cluster, survey: i64) -> Result<i64, String> {
    sqlx::query_scalar(
        "select count(*) from responses r join survey_versions v on v.id = r.survey_version_id where v.survey_id = $1 \
         and r.submitted_at is not null",
    )
    .bind(survey)
    .fetch_one(&c.db.pool)
    .await
    .map_err(|e| e.to_string())
}

/// Every server's count of sent responses to `survey`.
async fn counts(c: &Cluster, staff: &reqwest::Client, survey: i64) -> Result<Vec<i64>, String> {
    let mut found = Vec::new();
    for s in &c.servers {
        found.push(sent_on(staff, &s.base, survey).await?);
    }
    Ok(found)
}

async fn a_respondent_and_the_counts(c: &Cluster) -> Check {
    let base = &c.proxy.base;
    let staff = signed_in(base).await?;
    let survey = chorus::surveys::queries::id_by_slug(&c.db, "quick").await.map_err(|e| e.to_string())?.ok_or("no quick survey")?;
    // Each server has read the survey's responses into memory.
    let before = counts(c, &staff, survey).await?;
    ensure(before.iter().all(|n| *n == before[0]), format!("the servers disagree before: {before:?}"))?;

    let client = browser_client();
    let mut seen = Vec::new();
    let (_, start) = get(&client, &format!("{base}/s/quick"), &mut seen).await;
    let token = field(&start, "form_token").ok_or("no start form")?;
    let r = post(&client, &format!("{base}/s/quick/start"), format!("form_token={token}")).await;
    seen.push(served_by(&r));
    ensure(r.status().as_u16() == 303, format!("start: {}", r.status()))?;
    let (status, page) = get(&client, &format!("{base}/s/quick/q/feedback"), &mut seen).await;
    ensure(status == 200, format!("the question page: {status}"))?;
    let token = field(&page, "form_token").ok_or("no question form")?;
    let answers = format!("form_token={token}&helpful=4&on-time=yes&areas=cl&comments=The+visits+helped+across+servers&action=continue");
    let r = post(&client, &format!("{base}/s/quick/q/feedback"), answers).await;
    seen.push(served_by(&r));
    ensure(r.status().as_u16() == 303, format!("answering: {}", r.status()))?;
    let (status, check) = get(&client, &format!("{base}/s/quick/check"), &mut seen).await;
    ensure(status == 200 && check.contains("The visits helped across servers"), "check your answers keeps what was typed")?;
    // Sent twice, as a double click sends it, once to each server.
    for _ in 0..2 {
        let r = post(&client, &format!("{base}/s/quick/submit"), format!("form_token={token}")).await;
        seen.push(served_by(&r));
        ensure(r.status().as_u16() == 303, format!("submit: {}", r.status()))?;
    }
    let (_, done) = get(&client, &format!("{base}/s/quick/done"), &mut seen).await;
    on_several(&seen, "the respondent's requests")?;
    let marker = "class=\"code\">";
    let at = done.find(marker).ok_or("no receipt code")? + marker.len();
    let code = done[at..at + done[at..].find('<').unwrap_or(0)].to_owned();
    let stored = stored_sent(c, survey).await?;
    ensure(stored == before[0] + 1, format!("sent twice, stored {} (one expected)", stored - before[0]))?;
    let after = counts(c, &staff, survey).await?;
    ensure(after.iter().all(|n| *n == before[0] + 1), format!("each server's next page counts the response: {after:?}"))?;

    // Withdrawn through the proxy: gone from every server's next page.
    let (_, form) = get(&client, &format!("{base}/withdraw"), &mut seen).await;
    let token = field(&form, "form_token").ok_or("no withdraw form")?;
    let asked = post(&client, &format!("{base}/withdraw"), format!("form_token={token}&code={}", encode(&code))).await;
    let page = asked.text().await.unwrap_or_default();
    let token = field(&page, "form_token").unwrap_or(token);
    let r = post(&client, &format!("{base}/withdraw"), format!("form_token={token}&code={}&confirm=yes", encode(&code))).await;
    ensure(r.status().as_u16() == 200, format!("withdrawing: {}", r.status()))?;
    let after = counts(c, &staff, survey).await?;
    ensure(after.iter().all(|n| *n == before[0]), format!("each server's next page leaves the withdrawn response out: {after:?}"))
}

/// Waits until every sent written answer has its vector, then checks from the servers' logs that
/// each was made once.
async fn vectors_made_once(c: &Cluster) -> Check {
    let written: i64 = sqlx::query_scalar(
        "select count(*) from answers a join responses r on r.id = a.response_id where a.text_value is not null and r.submitted_at is not null",
    )
    .fetch_one(&c.db.pool)
    .await
    .map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        let made: i64 = sqlx::query_scalar("select count(*) from answer_vectors").fetch_one(&c.db.pool).await.map_err(|e| e.to_string())?;
        if made >= written {
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            return Err(format!("after three minutes, {made} of {written} written answers have vectors"));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // A moment for the last batch's log line.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut by_server = Vec::new();
    for log in &c.logs {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let made: i64 = text
            .lines()
            .filter(|l| l.contains("answers' vectors made"))
            .filter_map(|l| {
                let at = l.find("\"made\":")? + "\"made\":".len();
                l[at..].split(|c: char| !c.is_ascii_digit()).next()?.parse::<i64>().ok()
            })
            .sum();
        by_server.push(made);
    }
    let claims: i64 = sqlx::query_scalar("select count(*) from vector_claims").fetch_one(&c.db.pool).await.map_err(|e| e.to_string())?;
    println!("  vectors made by each server: {by_server:?} ({written} written answers)");
    ensure(by_server.iter().sum::<i64>() == written, format!("vectors made {by_server:?}, for {written} written answers: some twice"))?;
    ensure(claims == 0, format!("{claims} claims left after the work was done"))
}

async fn themes_and_downloads(c: &Cluster) -> Check {
    let base = &c.proxy.base;
    let staff = signed_in(base).await?;
    let mut seen = Vec::new();
    let slug = "stls-phase-2";
    let (_, index) = get(&staff, &format!("{base}/admin/engagements/{slug}/themes"), &mut seen).await;
    let token = field(&index, "csrf_token").ok_or("no form to find themes")?;
    let r =
        post(&staff, &format!("{base}/admin/engagements/{slug}/themes/all/find"), format!("csrf_token={}&themes=4", encode(&token))).await;
    seen.push(served_by(&r));
    ensure(r.status().as_u16() == 303, format!("finding themes: {}", r.status()))?;
    let theme: i64 =
        sqlx::query_scalar("select min(id) from themes where kind = 'found'").fetch_one(&c.db.pool).await.map_err(|e| e.to_string())?;
    let path = format!("{base}/admin/engagements/{slug}/themes/all/{theme}");
    let (status, page) = get(&staff, &path, &mut seen).await;
    ensure(status == 200, format!("a theme's page: {status}"))?;
    let token = field(&page, "csrf_token").ok_or("no review form")?;
    let r = post(
        &staff,
        &format!("{base}/admin/engagements/{slug}/themes/all/change"),
        format!("csrf_token={}&action=edit&theme={theme}&label=Renamed+across+servers&description=&notes=", encode(&token)),
    )
    .await;
    seen.push(served_by(&r));
    ensure(r.status().is_redirection(), format!("renaming a theme: {}", r.status()))?;
    for s in &c.servers {
        let html = staff
            .get(format!("{}/admin/engagements/{slug}/themes/all", s.base))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .unwrap();
        ensure(html.contains("Renamed across servers"), format!("the renamed theme on {}", s.base))?;
    }
    // A download through the proxy, compressed on the way as a browser asks: every response in it.
    let survey = chorus::surveys::queries::id_by_slug(&c.db, "parents-carers").await.map_err(|e| e.to_string())?.ok_or("no survey")?;
    let r = staff.get(format!("{base}/admin/surveys/{survey}/export/responses.csv")).send().await.map_err(|e| e.to_string())?;
    seen.push(served_by(&r));
    ensure(r.status().is_success(), format!("the export: {}", r.status()))?;
    let csv = r.text().await.map_err(|e| format!("the export did not come whole: {e}"))?;
    let sent = stored_sent(c, survey).await?;
    let rows =
        csv.lines().skip(1).filter(|l| l.split(',').next().is_some_and(|f| f.chars().all(|c| c.is_ascii_digit()) && !f.is_empty())).count();
    ensure(rows as i64 == sent, format!("the export has {rows} rows for {sent} sent responses"))?;
    on_several(&seen, "theme review and downloads")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args();
    let dir = std::env::temp_dir().join(format!("chorus-cluster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cluster = start(&args, &dir).await;
    println!(
        "{} app servers ({}) on {} behind nginx at {}",
        cluster.servers.len(),
        cluster.servers.iter().map(|s| s.base.as_str()).collect::<Vec<_>>().join(", "),
        cluster.url,
        cluster.proxy.base
    );
    if !args.test {
        println!("Sign in as {ADMIN} with the password \"{PASSWORD}\". Ctrl-C stops everything.");
        let _ = tokio::signal::ctrl_c().await;
        drop(cluster);
        drop_database(&args.database, "cluster").await;
        return;
    }
    let mut failed = Vec::new();
    let checks: Vec<(&str, Check)> = vec![
        ("staff sessions and forms across servers", staff_sessions(&cluster).await),
        ("sign-in limits counted across servers", sign_in_limits(&cluster).await),
        // Before the respondent's journey, whose answer is withdrawn once sent: a vector made for
        // it in between would be counted in the servers' logs and not among the written answers.
        ("each written answer's vector made once", vectors_made_once(&cluster).await),
        ("a respondent's journey and the results' counts across servers", a_respondent_and_the_counts(&cluster).await),
        ("theme review and downloads across servers", themes_and_downloads(&cluster).await),
    ];
    for (name, result) in checks {
        match result {
            Ok(()) => println!("ok: {name}"),
            Err(why) => {
                println!("FAILED: {name}: {why}");
                failed.push(name);
            }
        }
    }
    let logs = cluster.logs.clone();
    cluster.db.close().await;
    drop(cluster);
    drop_database(&args.database, "cluster").await;
    if !failed.is_empty() {
        for log in logs {
            println!("--- {} ---", log.display());
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            for line in text.lines().filter(|l| !l.contains("answers' vectors made")).rev().take(20) {
                println!("{line}");
            }
        }
        std::process::exit(1);
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("cross-server tests passed");
}
