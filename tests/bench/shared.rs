//! What the benchmarks share: a release build of `chorus` started on a free port against a
//! database, stopped when dropped, and small readers of what it serves.

use app::survey::*;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A fresh database: a SQLite file in `dir`, or a new database (`chorus_<what>_<pid>`) on the
/// PostgreSQL server `base`.
pub async fn fresh_database(base: Option<&str>, dir: &Path, what: &str) -> String {
    match base {
        None => format!("sqlite://{}", dir.join("chorus.db").display()),
        Some(base) => {
            use sqlx::Connection;
            let base = base.trim_end_matches('/');
            let name = format!("chorus_{what}_{}", std::process::id());
            let mut admin = sqlx::postgres::PgConnection::connect(&format!("{base}/postgres")).await.expect("PostgreSQL");
            sqlx::query(&format!("drop database if exists {name}")).execute(&mut admin).await.expect("dropping an old database");
            sqlx::query(&format!("create database {name}")).execute(&mut admin).await.expect("creating a database");
            format!("{base}/{name}")
        }
    }
}

/// Drops the database [`fresh_database`] made on the PostgreSQL server `base`.
pub async fn drop_database(base: &str, what: &str) {
    use sqlx::Connection;
    let base = base.trim_end_matches('/');
    if let Ok(mut admin) = sqlx::postgres::PgConnection::connect(&format!("{base}/postgres")).await {
        let _ = sqlx::query(&format!("drop database if exists chorus_{what}_{}", std::process::id())).execute(&mut admin).await;
    }
}

/// A running server, stopped (and waited for) when dropped.
pub struct Server {
    child: Child,
    pub pid: u32,
    /// Its address, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts the server at `path` on a free port against `url`, with its data in `dir`, its
    /// log set by `log` and `env` besides, then waits (50 ms at a time, up to `tries` times)
    /// until it answers `/healthz`.
    pub async fn start(path: &str, url: &str, dir: &Path, log: &str, env: &[(&str, &std::ffi::OsStr)], tries: usize) -> Server {
        Server::launch(path, url, dir, log, env, tries, None).await
    }

    /// As [`Server::start`], its log written to `log_file` rather than to this program's.
    pub async fn launch(
        path: &str,
        url: &str,
        dir: &Path,
        log: &str,
        env: &[(&str, &std::ffi::OsStr)],
        tries: usize,
        log_file: Option<&Path>,
    ) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let stderr = match log_file {
            Some(file) => Stdio::from(std::fs::File::create(file).expect("a log file")),
            None => Stdio::inherit(),
        };
        let child = Command::new(path)
            .env("DATABASE_URL", url)
            .env("CHORUS_DATA_DIR", dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", log)
            // Every benchmark respondent comes from this one address, as no real launch's do.
            .env("CHORUS_RESPONSES_PER_HOUR", "1000000000,1000000000")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {path}: {e}"));
        let server = Server { pid: child.id(), child, base };
        let probe = reqwest::Client::new();
        for _ in 0..tries {
            if probe.get(format!("{}/healthz", server.base)).send().await.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    /// The server's resident memory now, in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
    }

    /// The server's peak resident memory so far, in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Server {
    /// Kills the server at once (SIGKILL), as a crash or a power cut of the process would: no
    /// request in flight finishes and nothing is flushed that was not already.
    pub fn kill_now(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Unless it has already gone (killed, say), it is asked to stop as a service manager would.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        }
        let _ = self.child.wait();
    }
}

/// nginx in front of the servers, stopped when dropped.
pub struct Proxy {
    child: Child,
    /// Its address, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Proxy {
    /// Starts nginx on `port` (a free one for 0), sending each request to the next of `servers`
    /// in turn and saying which answered in `X-Chorus-Server`.
    pub fn start(servers: &[Server], port: u16, dir: &Path) -> Proxy {
        let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].into_iter().find(|p| Path::new(p).exists()).unwrap_or("nginx");
        let port = if port == 0 { std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port() } else { port };
        let upstreams: String = servers.iter().map(|s| format!("        server {};\n", s.base.trim_start_matches("http://"))).collect();
        let d = dir.display();
        let conf = format!(
            "worker_processes 1;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/nginx-error.log warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n\
                 access_log off;\n\
                 client_body_temp_path {d}/nginx-body;\n\
                 proxy_temp_path {d}/nginx-proxy;\n\
                 fastcgi_temp_path {d}/nginx-fastcgi;\n\
                 uwsgi_temp_path {d}/nginx-uwsgi;\n\
                 scgi_temp_path {d}/nginx-scgi;\n\
                 upstream chorus {{\n{upstreams}        keepalive 32;\n    }}\n\
                 server {{\n\
                     listen 127.0.0.1:{port};\n\
                     client_max_body_size 20m;\n\
                     location / {{\n\
                         proxy_pass http://chorus;\n\
                         proxy_http_version 1.1;\n\
                         proxy_set_header Connection \"\";\n\
                         proxy_set_header Host $http_host;\n\
                         proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
                         proxy_set_header X-Forwarded-Proto $scheme;\n\
                         proxy_buffering off;\n\
                         proxy_read_timeout 600s;\n\
                         add_header X-Chorus-Server $upstream_addr always;\n\
                     }}\n\
                 }}\n\
             }}\n"
        );
        let file = dir.join("nginx.conf");
        std::fs::write(&file, conf).expect("nginx.conf");
        let child = Command::new(nginx)
            .args(["-p", &dir.display().to_string(), "-c", &file.display().to_string(), "-g", "daemon off; user root;"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting nginx ({nginx}): {e}; install it with apt-get install nginx"));
        Proxy { child, base: format!("http://127.0.0.1:{port}") }
    }
}

impl Proxy {
    /// Waits (up to ten seconds) until the proxy passes `/healthz` on to a server that answers.
    pub async fn ready(&self) {
        let probe = reqwest::Client::new();
        for _ in 0..200 {
            if probe.get(format!("{}/healthz", self.base)).send().await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-QUIT", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// A session secret for several servers to share: each signs forms the others check.
pub fn shared_secret() -> String {
    format!("{}{}", chorus::web::codes::secret_token(), chorus::web::codes::secret_token())
}

/// The value of the form field `name` on a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}

/// A client that sends what a browser sends: it keeps cookies, asks for gzip, deflate and br and
/// reads whichever comes, keeps connections alive, and does not follow redirects (the benchmarks
/// check them).
pub fn browser_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).gzip(true).redirect(reqwest::redirect::Policy::none()).build().expect("a client")
}

/// Loads the demo into `db` and publishes [`quick_survey`] at `/s/quick` in its open engagement,
/// as the respondent benchmark and the crash test answer it; returns the survey's id.
pub async fn seed_with_quick_survey(db: &chorus::db::Db) -> i64 {
    chorus::demo::seed(db).await.expect("demo");
    let engagement: i64 = sqlx::query_scalar("select id from engagements where state = 'open' order by id")
        .fetch_one(&db.pool)
        .await
        .expect("an open engagement");
    let survey = chorus::surveys::queries::insert(db, engagement, "quick", &quick_survey()).await.expect("the quick survey");
    chorus::surveys::queries::publish(db, survey).await.expect("the quick survey published");
    survey
}

/// A one-page survey of four questions, as a short "quick feedback" survey would be.
pub fn quick_survey() -> SurveyDefinition {
    let q = |id: &str, text: &str, kind: QuestionKind, required: bool| Question {
        required,
        allow_prefer_not_to_say: true,
        ..Question::new(id, text, kind)
    };
    SurveyDefinition {
        title: "Quick feedback".into(),
        audience: Audience::ParentsCarers,
        intro: "Four questions about the support your child gets.".into(),
        easy_read_intro: None,
        minutes: 2,
        privacy: "Anonymous.".into(),
        safeguarding_notice: false,
        pages: vec![Page {
            id: "feedback".into(),
            routes: vec![],
            questions: vec![
                q(
                    "helpful",
                    "How helpful was the support?",
                    QuestionKind::Rating {
                        style: ScaleStyle::Faces,
                        labels: ["Not at all", "A little", "Some", "A lot", "Very"].map(String::from).to_vec(),
                    },
                    true,
                ),
                q("on-time", "Did it come when it was needed?", QuestionKind::YesNoNotSure, true),
                q(
                    "areas",
                    "Which areas of need?",
                    QuestionKind::MultipleChoice {
                        options: vec![
                            Choice::new("cl", "Cognition and learning"),
                            Choice::new("ci", "Communication and interaction"),
                            Choice::new("semh", "Social, emotional and mental health"),
                            Choice::new("ps", "Physical and sensory"),
                        ],
                    },
                    false,
                ),
                q("comments", "Anything else?", QuestionKind::LongText, false),
            ],
        }],
    }
}

/// One respondent of [`quick_survey`] published at `slug`, start page to confirmation, as a
/// browser sends it. Returns the latency of each request; an error names the step that went wrong, a wrong
/// status or a page without what it must show.
pub async fn respond_once(base: &str, slug: &str) -> Result<Vec<Duration>, String> {
    let client = browser_client();
    let mut latencies = Vec::with_capacity(6);
    let mut timed = |started: Instant| latencies.push(started.elapsed());
    let expect = |r: &reqwest::Response, status: u16, step: &str| {
        if r.status().as_u16() == status {
            Ok(())
        } else {
            Err(format!("{step}: status {}", r.status()))
        }
    };

    let t = Instant::now();
    let r = client.get(format!("{base}/s/{slug}")).send().await.map_err(|e| e.to_string())?;
    expect(&r, 200, "start page")?;
    let html = r.text().await.map_err(|e| e.to_string())?;
    timed(t);
    let start_token = field(&html, "form_token").ok_or("start page: no form token (is the survey open?)")?;

    let t = Instant::now();
    let r = client
        .post(format!("{base}/s/{slug}/start"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("form_token={start_token}"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    timed(t);
    expect(&r, 303, "start")?;

    let t = Instant::now();
    let r = client.get(format!("{base}/s/{slug}/q/feedback")).send().await.map_err(|e| e.to_string())?;
    expect(&r, 200, "question page")?;
    let html = r.text().await.map_err(|e| e.to_string())?;
    timed(t);
    let token = field(&html, "form_token").ok_or("no form token")?;

    let body = format!("form_token={token}&helpful=4&on-time=yes&areas=cl&areas=ps&comments=More+visits+please&action=continue");
    let t = Instant::now();
    let r = client
        .post(format!("{base}/s/{slug}/q/feedback"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    timed(t);
    expect(&r, 303, "answers")?;

    let t = Instant::now();
    let r = client
        .post(format!("{base}/s/{slug}/submit"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("form_token={token}"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    timed(t);
    expect(&r, 303, "submit")?;

    let t = Instant::now();
    let r = client.get(format!("{base}/s/{slug}/done")).send().await.map_err(|e| e.to_string())?;
    expect(&r, 200, "confirmation")?;
    let html = r.text().await.map_err(|e| e.to_string())?;
    timed(t);
    if !html.contains("class=\"code\"") || !html.ends_with("</html>") {
        return Err("confirmation: no receipt code on the page".into());
    }
    Ok(latencies)
}
