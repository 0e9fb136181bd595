//! The respondent benchmark: drives the whole respondent flow over HTTP against a
//! release build of `chorus` on SQLite, and prints what it measured.
//!
//!     scripts/bench.sh            (builds, then runs this)
//!
//! One submission is what a respondent's browser does for a one-page survey: start
//! (a response and its cookie are created), get the question page, post the
//! answers (saved as a draft), send them from "Check your answers", and see the
//! confirmation. It runs at concurrency 1, 8 and 32 and then checks that the
//! database holds exactly as many submitted responses as succeeded. With the sentence model on
//! disk (as the README's set-up leaves it) it runs them again without it, to compare. With `--postgres`, it runs the
//! levels again on PostgreSQL, then on two app servers sharing a PostgreSQL database behind nginx
//! (`--servers N` for another number, 1 for none).

use chorus_tests::bench::{
    browser_client, drop_database, field, fresh_database, respond_once, seed_with_quick_survey, shared_secret, Proxy, Server,
};
use std::time::{Duration, Instant};

struct Args {
    server: String,
    seconds: u64,
    levels: Vec<usize>,
    /// Minutes of the soak run instead of the levels: `--soak 10`.
    soak: Option<u64>,
    /// A PostgreSQL server to run the levels on as well, after SQLite: `--postgres postgres://…`.
    postgres: Option<String>,
    /// How many app servers to run the levels on after that, on PostgreSQL behind nginx
    /// (`--servers 2`, the default; 1 for none).
    servers: usize,
}

fn args() -> Args {
    let mut args =
        Args { server: "target/release/chorus".into(), seconds: 5, levels: vec![1, 8, 32], soak: None, postgres: None, servers: 2 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--server" => args.server = it.next().expect("--server PATH"),
            "--seconds" => args.seconds = it.next().and_then(|s| s.parse().ok()).expect("--seconds N"),
            "--soak" => args.soak = Some(it.next().and_then(|s| s.parse().ok()).expect("--soak MINUTES")),
            "--postgres" => args.postgres = Some(it.next().expect("--postgres URL")),
            "--servers" => args.servers = it.next().and_then(|s| s.parse().ok()).expect("--servers N"),
            "--concurrency" => {
                args.levels = it.next().expect("--concurrency 1,8,32").split(',').map(|s| s.parse().expect("a number")).collect()
            }
            other => panic!("unknown option {other}"),
        }
    }
    args
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Bytes on the wire (gzip) for `path` and the stylesheet it links.
async fn page_weight(base: &str, client: &reqwest::Client, path: &str) -> (usize, usize, bool) {
    let r = client.get(format!("{base}{path}")).header("accept-encoding", "gzip").send().await.unwrap();
    let html_gz = r.bytes().await.unwrap();
    let plain = client.get(format!("{base}{path}")).send().await.unwrap().text().await.unwrap();
    let css_path = plain.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("/").to_owned();
    let css_gz = client.get(format!("{base}{css_path}")).header("accept-encoding", "gzip").send().await.unwrap().bytes().await.unwrap();
    (html_gz.len(), css_gz.len(), plain.contains("<script"))
}

/// Local addresses a page loads besides its stylesheet: its bundle, pictures and icon.
fn assets_of(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["/pkg/", "/assets/"] {
        for (at, _) in html.match_indices(prefix) {
            let rest = &html[at..];
            let end = rest.find(['"', '\'', ')', ' ']).unwrap_or(rest.len());
            let path = rest[..end].to_owned();
            // The stylesheet is counted with the page.
            if !path.ends_with(".css") && !found.contains(&path) {
                found.push(path);
            }
        }
    }
    found
}

/// Everything a first visit to a question page loads, gzip: the page, its
/// stylesheet, and its bundle (JavaScript and WASM), pictures and icon.
async fn question_page_weight(base: &str) -> (usize, usize, Vec<(String, usize)>) {
    let client = browser_client();
    let form = |body: String| {
        client.post(format!("{base}/s/young-people/q/had-help")).header("content-type", "application/x-www-form-urlencoded").body(body)
    };
    let start = client.get(format!("{base}/s/young-people")).send().await.unwrap().text().await.unwrap();
    let start_token = field(&start, "form_token").expect("a start form token");
    client
        .post(format!("{base}/s/young-people/start"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("form_token={start_token}"))
        .send()
        .await
        .unwrap();
    let first = client.get(format!("{base}/s/young-people/q/had-help")).send().await.unwrap().text().await.unwrap();
    let token = field(&first, "form_token").expect("a form token");
    form(format!("form_token={token}&had-help=yes&action=continue")).send().await.unwrap();
    let path = "/s/young-people/q/help-rating";
    let (html, css, _) = page_weight(base, &client, path).await;
    let plain = client.get(format!("{base}{path}")).send().await.unwrap().text().await.unwrap();
    let mut loads = Vec::new();
    for asset in assets_of(&plain) {
        let r = client.get(format!("{base}{asset}")).header("accept-encoding", "gzip").send().await.unwrap();
        let ok = r.status().is_success();
        let bytes = r.bytes().await.unwrap().len();
        loads.push((if ok { asset } else { format!("{asset} (missing: build the bundle first)") }, bytes));
    }
    (html, css, loads)
}

/// The soak run: `concurrency` respondents for `minutes`, with the server's memory and the rate
/// each half minute, and memory against the responses stored; fails (exits 1) on any error.
/// Returns how many were sent and the server's memory at the end (MB).
async fn soak(server: &Server, minutes: u64, concurrency: usize) -> (u64, f64) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    println!("Soak: {concurrency} respondents at once for {minutes} minutes against {}", server.base);
    println!("{:>8} {:>12} {:>14} {:>8} {:>12}", "minute", "submitted", "submissions/s", "errors", "memory (MB)");
    let (ok, errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let deadline = Instant::now() + Duration::from_secs(minutes * 60);
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (base, ok, errors) = (server.base.clone(), ok.clone(), errors.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    match respond_once(&base, "quick").await {
                        Ok(_) => ok.fetch_add(1, Ordering::Relaxed),
                        Err(e) => {
                            if errors.fetch_add(1, Ordering::Relaxed) < 3 {
                                eprintln!("error: {e}");
                            }
                            0
                        }
                    };
                }
            })
        })
        .collect();
    let (started, mut last) = (Instant::now(), 0);
    let mut memory = Vec::new();
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_secs(30).min(deadline.saturating_duration_since(Instant::now()))).await;
        let now = ok.load(Ordering::Relaxed);
        let rss = server.rss_kib().unwrap_or(0) as f64 / 1024.0;
        memory.push((rss, now));
        println!(
            "{:>8.1} {:>12} {:>14.0} {:>8} {:>12.1}",
            started.elapsed().as_secs_f64() / 60.0,
            now,
            (now - last) as f64 / 30.0,
            errors.load(Ordering::Relaxed),
            rss
        );
        last = now;
    }
    for t in tasks {
        let _ = t.await;
    }
    let (sent, failed) = (ok.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    // Memory is reported against what was stored meanwhile, from the end of the first minute: the
    // server keeps counts for every response in memory, so some growth with the data is expected.
    let (first, first_sent) = memory.get(1).or(memory.first()).copied().unwrap_or((0.0, 0));
    let (last, last_sent) = memory.last().copied().unwrap_or((0.0, 0));
    println!(
        "soak: {sent} sent, {:.0} a second, {failed} errors; memory {first:.1} MB after a minute, {last:.1} MB at the end \
         ({:.2} KB more for each of the {} responses stored meanwhile)",
        sent as f64 / started.elapsed().as_secs_f64(),
        (last - first) * 1024.0 / (last_sent.saturating_sub(first_sent)).max(1) as f64,
        last_sent.saturating_sub(first_sent)
    );
    if failed > 0 {
        std::process::exit(1);
    }
    (sent, last)
}

/// What a server started afresh on the soak's data holds once it has counted the figures (it
/// counts them at start): about what the soaked one held if its growth was the data it keeps
/// counts of, far less if the soaked server was leaking.
async fn afresh(args: &Args, url: &str, dir: &std::path::Path, soaked: f64) {
    let server = Server::start(&args.server, url, dir, "warn", &[], 100).await;
    tokio::time::sleep(Duration::from_secs(45)).await;
    let fresh = server.rss_kib().unwrap_or(0) as f64 / 1024.0;
    println!(
        "afresh: a server started on the same data holds {fresh:.1} MB once it has counted the figures; the soaked one held {soaked:.1} MB \
         ({:.1} MB more)",
        soaked - fresh
    );
}

/// Untimed submissions before the levels.
const WARM_UP: usize = 20;

/// Runs the levels against `server` on `db`, printing a row for each and what was stored;
/// returns whether the database holds exactly the submissions that succeeded, and each level's
/// submissions a second.
async fn levels(args: &Args, base: &str, servers: &[&Server], db: &chorus::db::Db, backend: &str) -> (bool, Vec<f64>) {
    println!("\n{backend}:");
    println!(
        "{:>11} {:>10} {:>14} {:>12} {:>12} {:>14} {:>14} {:>7}",
        "concurrency", "submitted", "submissions/s", "requests/s", "request p50", "request p95", "submission p95", "errors"
    );
    // A few untimed submissions first, so that no level pays for the server's first moments.
    for _ in 0..WARM_UP {
        respond_once(base, "quick").await.expect("a warm-up submission");
    }
    let mut total_ok = 0u64;
    let mut rates = Vec::new();
    for &concurrency in &args.levels {
        let deadline = Instant::now() + Duration::from_secs(args.seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..concurrency {
            let base = base.to_owned();
            tasks.push(tokio::spawn(async move {
                let (mut ok, mut errors, mut requests, mut flows) = (0u64, 0u64, Vec::new(), Vec::new());
                // Bounded by time and by count, so the run always ends.
                for _ in 0..1_000_000 {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let t = Instant::now();
                    match respond_once(&base, "quick").await {
                        Ok(latencies) => {
                            ok += 1;
                            flows.push(t.elapsed());
                            requests.extend(latencies);
                        }
                        Err(e) => {
                            errors += 1;
                            if errors <= 3 {
                                eprintln!("error: {e}");
                            }
                        }
                    }
                }
                (ok, errors, requests, flows)
            }));
        }
        let (mut ok, mut errors, mut requests, mut flows) = (0, 0, Vec::new(), Vec::new());
        for task in tasks {
            let (o, e, r, f) = task.await.unwrap();
            ok += o;
            errors += e;
            requests.extend(r);
            flows.extend(f);
        }
        let elapsed = started.elapsed().as_secs_f64();
        requests.sort();
        flows.sort();
        total_ok += ok;
        rates.push(ok as f64 / elapsed);
        println!(
            "{:>11} {:>10} {:>14.0} {:>12.0} {:>12} {:>12} {:>14} {:>7}",
            concurrency,
            ok,
            ok as f64 / elapsed,
            requests.len() as f64 / elapsed,
            ms(percentile(&requests, 0.50)),
            ms(percentile(&requests, 0.95)),
            ms(percentile(&flows, 0.95)),
            errors
        );
    }

    let stored: i64 =
        sqlx::query_scalar("select count(*) from responses where submitted_at is not null").fetch_one(&db.pool).await.unwrap();
    let stored = stored - WARM_UP as i64;
    println!();
    println!(
        "stored submitted responses: {stored} (and {WARM_UP} to warm up); successful submissions: {total_ok}; {}",
        if stored as u64 == total_ok { "they match" } else { "MISMATCH" }
    );
    for server in servers {
        match server.peak_rss_kib() {
            Some(kib) => println!("server peak memory (VmHWM): {:.1} MB", kib as f64 / 1024.0),
            None => println!("server peak memory: not available"),
        }
    }
    (stored as u64 == total_ok, rates)
}

/// Where the server looks for the sentence model, as it does (it runs in this directory).
fn model_dir() -> std::path::PathBuf {
    std::env::var_os("CHORUS_MODEL_DIR").map(Into::into).unwrap_or_else(|| "models/all-MiniLM-L6-v2".into())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args();
    let dir = std::env::temp_dir().join(format!("chorus-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("chorus.db").display());

    // Arrange: a fresh database with an open engagement and the benchmark survey.
    let db = chorus::db::Db::connect(&url).await.expect("database");
    seed_with_quick_survey(&db).await;

    let server = Server::start(&args.server, &url, &dir, "warn", &[], 100).await;
    let base = server.base.clone();
    let probe = reqwest::Client::new();

    if let Some(minutes) = args.soak {
        let concurrency = args.levels.last().copied().filter(|&c| c > 32).unwrap_or(64);
        let (ok, soaked) = soak(&server, minutes, concurrency).await;
        let stored: i64 =
            sqlx::query_scalar("select count(*) from responses where submitted_at is not null").fetch_one(&db.pool).await.unwrap();
        println!("stored submitted responses: {stored}; successful submissions: {ok}");
        drop(server);
        afresh(&args, &url, &dir, soaked).await;
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        std::process::exit(if stored as u64 == ok { 0 } else { 1 });
    }

    println!("Respondent flow benchmark: {} ({} s per level, release build)", args.server, args.seconds);
    println!("One submission = start page, start, question page, post answers, send, confirmation (6 requests).");
    let model = model_dir().join("model.safetensors").exists();
    let label =
        if model { "SQLite, with the sentence model making answers' vectors in the background" } else { "SQLite (no sentence model)" };
    let (mut matched, with_model) = levels(&args, &base, &[&server], &db, label).await;
    if model {
        let made: i64 = sqlx::query_scalar("select count(*) from answer_vectors").fetch_one(&db.pool).await.unwrap();
        println!("answers' vectors made during the levels: {made}");
    }
    let (html, css, scripts) = page_weight(&base, &probe, "/s/young-people").await;
    println!(
        "respondent start page, first visit: HTML {html} B + CSS {css} B = {} B gzip; scripts: {}",
        html + css,
        if scripts { "yes" } else { "none" }
    );
    let (html, css, scripts) = page_weight(&base, &probe, "/s/quick").await;
    println!(
        "one-page survey start page: HTML {html} B + CSS {css} B = {} B gzip; scripts: {}",
        html + css,
        if scripts { "yes" } else { "none" }
    );
    let (html, css, loads) = question_page_weight(&base).await;
    let everything = html + css + loads.iter().map(|(_, b)| b).sum::<usize>();
    println!(
        "faces question page with a symbol and read-aloud, first visit: HTML {html} B + CSS {css} B = {} B gzip without JavaScript",
        html + css
    );
    for (asset, bytes) in &loads {
        println!("    + {asset}: {bytes} B gzip");
    }
    println!("    = {everything} B gzip ({:.1} KB) for everything it loads", everything as f64 / 1024.0);
    drop(server);
    db.close().await;
    // Again without the model, to show what making vectors in the background costs respondents.
    if model {
        let own = dir.join("no-model");
        std::fs::create_dir_all(&own).unwrap();
        let url = format!("sqlite://{}", own.join("chorus.db").display());
        let db = chorus::db::Db::connect(&url).await.expect("database");
        seed_with_quick_survey(&db).await;
        let env: [(&str, &std::ffi::OsStr); 1] = [("CHORUS_MODEL_DIR", own.as_os_str())];
        let server = Server::start(&args.server, &url, &own, "warn", &env, 100).await;
        let (ok, without) = levels(&args, &server.base, &[&server], &db, "SQLite, without the sentence model").await;
        matched &= ok;
        println!();
        for ((c, w), wo) in args.levels.iter().zip(&with_model).zip(&without) {
            println!("concurrency {c}: with the model, {:.0}% of the submissions a second without it", w / wo * 100.0);
        }
        drop(server);
        db.close().await;
    }
    // The same levels on PostgreSQL, on a database of their own.
    if let Some(base) = args.postgres.as_deref() {
        let url = fresh_database(Some(base), &dir, "bench").await;
        let db = chorus::db::Db::connect(&url).await.expect("the PostgreSQL database");
        seed_with_quick_survey(&db).await;
        let server = Server::start(&args.server, &url, &dir, "warn", &[], 100).await;
        matched &= levels(&args, &server.base, &[&server], &db, "PostgreSQL").await.0;
        drop(server);
        db.close().await;
        drop_database(base, "bench").await;
        // Two app servers on a PostgreSQL database of their own, behind nginx sending each
        // request to the next server: everything on the same two cores as the client.
        if args.servers > 1 {
            let url = fresh_database(Some(base), &dir, "cluster_bench").await;
            let db = chorus::db::Db::connect(&url).await.expect("the PostgreSQL database");
            seed_with_quick_survey(&db).await;
            let secret = shared_secret();
            let mut servers = Vec::new();
            for n in 0..args.servers {
                let own = dir.join(format!("server-{n}"));
                std::fs::create_dir_all(&own).unwrap();
                let env: [(&str, &std::ffi::OsStr); 2] =
                    [("CHORUS_SESSION_SECRET", secret.as_ref()), ("CHORUS_TRUSTED_PROXIES", "1".as_ref())];
                servers.push(Server::start(&args.server, &url, &own, "warn", &env, 100).await);
            }
            let proxy = Proxy::start(&servers, 0, &dir);
            proxy.ready().await;
            let label = format!("{} app servers on PostgreSQL behind nginx", args.servers);
            matched &= levels(&args, &proxy.base, &servers.iter().collect::<Vec<_>>(), &db, &label).await.0;
            drop(proxy);
            drop(servers);
            db.close().await;
            drop_database(base, "cluster_bench").await;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if !matched {
        std::process::exit(1);
    }
}
