//! Starts the real app on a free port against a fresh database of either backend.

use chorus::config::Config;
use chorus::db::Db;
use chorus::domain::{Email, Role};
use std::collections::HashMap;
use std::path::PathBuf;

/// A session secret shared by every app a test starts, as app servers sharing one
/// database must share it.
const SECRET: &str = "test-secret-test-secret-test-secret-test-secret-test-secret-0123";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one `#[tokio::test]` per backend for each named test function, which
/// takes a [`Backend`].
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Backend::Postgres).await })*
        }
    };
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub database_url: String,
    pub data_dir: PathBuf,
}

pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chorus-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A new, empty database for one test.
pub async fn fresh_database(backend: Backend, data_dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", data_dir.join("chorus.db").display()),
        Backend::Postgres => {
            use sqlx::Connection;
            let base = std::env::var("CHORUS_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            let name = format!("chorus_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::postgres::PgConnection::connect(&format!("{base}/postgres"))
                .await
                .expect("PostgreSQL must run on 127.0.0.1:5432 (or set CHORUS_TEST_POSTGRES_URL)");
            sqlx::query(&format!("create database {name}")).execute(&mut admin).await.expect("create database");
            admin.close().await.ok();
            format!("{base}/{name}")
        }
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let data_dir = temp_dir();
    let url = fresh_database(backend, &data_dir).await;
    spawn_app_on(&url, data_dir).await
}

/// Starts an app server with these settings added to the usual ones.
pub async fn spawn_app_with(backend: Backend, settings: &[(&'static str, &str)]) -> TestApp {
    let data_dir = temp_dir();
    let url = fresh_database(backend, &data_dir).await;
    spawn_app_on_with(&url, data_dir, settings).await
}

/// Starts another app server on an existing database.
pub async fn spawn_app_on(database_url: &str, data_dir: PathBuf) -> TestApp {
    spawn_app_on_with(database_url, data_dir, &[]).await
}

async fn spawn_app_on_with(database_url: &str, data_dir: PathBuf, settings: &[(&'static str, &str)]) -> TestApp {
    let (app, _) = spawn_until(database_url, data_dir, settings, std::future::pending()).await;
    app
}

/// Starts an app server on an existing database that shuts down when `stop` is sent, as SIGTERM
/// shuts the real one down; the handle ends when it has finished shutting down.
pub async fn spawn_stoppable(
    database_url: &str,
    data_dir: PathBuf,
) -> (TestApp, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    spawn_stoppable_with(database_url, data_dir, &[]).await
}

/// As [`spawn_stoppable`], with settings given as environment variables would give them.
pub async fn spawn_stoppable_with(
    database_url: &str,
    data_dir: PathBuf,
    settings: &[(&'static str, &str)],
) -> (TestApp, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (app, running) = spawn_until(database_url, data_dir, settings, async move {
        let _ = stopped.await;
    })
    .await;
    (app, stop, running)
}

async fn spawn_until(
    database_url: &str,
    data_dir: PathBuf,
    settings: &[(&'static str, &str)],
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> (TestApp, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let mut env: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", database_url.to_owned()),
        ("CHORUS_DATA_DIR", data_dir.display().to_string()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".into()),
        ("LEPTOS_SITE_ROOT", data_dir.join("site").display().to_string()),
        ("CHORUS_SESSION_SECRET", SECRET.into()),
    ]);
    env.extend(settings.iter().map(|(k, v)| (*k, v.to_string())));
    let config = Config::from_lookup(|k| env.get(k).cloned()).expect("config");
    let app = chorus::Application::build(config).await.expect("app builds");
    let address = format!("http://{}", app.local_addr());
    let db = app.db().clone();
    let running = tokio::spawn(app.run_until(shutdown));
    (TestApp { address, client: new_client(), db, database_url: database_url.to_owned(), data_dir }, running)
}

/// A browser-like client: asks for gzip, deflate and br and reads whichever comes, as every
/// browser does, keeps cookies, and does not follow redirects (tests check them).
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    /// The same app seen from another browser (cookies of its own), as coming from the client
    /// `forwarded_for` says when the app trusts a proxy.
    pub fn another_browser(&self, forwarded_for: Option<&str>) -> TestApp {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(address) = forwarded_for {
            headers.insert("x-forwarded-for", address.parse().expect("an address"));
        }
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        TestApp {
            address: self.address.clone(),
            client,
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            data_dir: self.data_dir.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_urlencoded_encode(fields);
        self.post_raw(path, "application/x-www-form-urlencoded", body.into_bytes()).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> reqwest::Response {
        self.client.post(self.url(path)).header("content-type", content_type).body(body).send().await.expect("request")
    }

    /// Posts one of the forms that come before a response (start, carry on, a school's code,
    /// taking answers back) as a browser would: with the token its page gives this browser.
    pub async fn post_public(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = csrf_field(&self.get_html("/resume").await, "form_token");
        let mut fields = fields.to_vec();
        fields.push(("form_token", &token));
        self.post_form(path, &fields).await
    }

    /// The form token on the page at `path` (visiting it starts a session).
    pub async fn csrf_token(&self, path: &str) -> String {
        csrf_token_in(&self.get_html(path).await)
    }

    /// Adds an account with [`PASSWORD`].
    pub async fn add_user(&self, email: &str, role: Role) -> i64 {
        let hash = chorus::accounts::passwords::hash(PASSWORD.into()).await.expect("hash");
        chorus::accounts::queries::insert(&self.db, &Email::parse(email).unwrap(), "", &hash, role).await.expect("insert user")
    }

    /// Signs in through the form, as a person would.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        let token = self.csrf_token("/sign-in").await;
        self.post_form("/sign-in", &[("csrf_token", &token), ("email", email), ("password", password)]).await
    }

    pub async fn insert_engagement(&self, slug: &str, title: &str, state: &str) {
        sqlx::query("insert into engagements (slug, title, summary, state, closes_at, created_at) values ($1, $2, $3, $4, $5, $6)")
            .bind(slug)
            .bind(title)
            .bind(format!("What you think about {title}"))
            .bind(state)
            .bind(1_801_353_600_i64)
            .bind(chorus::db::now())
            .execute(&self.db.pool)
            .await
            .expect("insert engagement");
    }
}

pub fn csrf_token_in(html: &str) -> String {
    csrf_field(html, "csrf_token")
}

/// The value of the hidden field `name` on a page.
pub fn csrf_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("page has a {name} field: {html}")) + marker.len();
    let end = html[start..].find('"').expect("token ends") + start;
    html[start..end].to_owned()
}

fn serde_urlencoded_encode(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the session cookie set by a response, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("chorus_session="))
        .map(str::to_owned)
}

/// A fresh app with the demo loaded and a member of staff with `role` signed in.
pub async fn signed_in_as(backend: Backend, role: Role) -> TestApp {
    let app = spawn_app(backend).await;
    seed_and_sign_in(&app, role).await;
    app
}

/// Loads the demo into an app already started and signs in a member of staff with `role`.
pub async fn seed_and_sign_in(app: &TestApp, role: Role) {
    chorus::demo::seed(&app.db).await.unwrap();
    app.add_user("staff@kent.gov.uk", role).await;
    assert_eq!(app.sign_in("staff@kent.gov.uk", PASSWORD).await.status(), 303);
}

/// A survey's id by its web address.
pub async fn survey_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("select id from surveys where slug = $1").bind(slug).fetch_one(&app.db.pool).await.unwrap()
}
