//! Keeping people informed: an address left on its own page after the answers are sent, kept
//! apart from them, emailed by SMTP when results or "You said, we did" are published (here to a
//! mail server the test starts on loopback), or downloaded by administrators; stopped with one
//! click.

use crate::helpers::{new_client, seed_and_sign_in, spawn_app, spawn_app_with, Backend, TestApp, PASSWORD};
use crate::public_results::publish_results;
use chorus::domain::Role;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const SIGN_UP: &str = "/e/stls-phase-2/updates";

/// A mail server on loopback that takes every message it is given and keeps it.
struct MailServer {
    url: String,
    messages: Arc<Mutex<Vec<String>>>,
}

impl MailServer {
    async fn start() -> MailServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let messages = Arc::new(Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(converse(socket, kept.clone()));
            }
        });
        MailServer { url, messages }
    }

    /// Waits up to ten seconds for the `n`th message (from 1) and returns it, decoded.
    async fn message(&self, n: usize) -> String {
        for _ in 0..100 {
            if let Some(m) = self.messages.lock().unwrap().get(n - 1) {
                return unfold(m);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("message {n} never came; got {:?}", self.messages.lock().unwrap());
    }

    fn count(&self) -> usize {
        self.messages.lock().unwrap().len()
    }
}

/// One SMTP conversation (RFC 5321), as much of it as a client needs to hand over messages.
async fn converse(socket: tokio::net::TcpStream, kept: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 loopback ESMTP\r\n").await.unwrap();
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 loopback\r\n",
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await.unwrap();
                let mut message = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    message.push_str(l.strip_prefix('.').unwrap_or(&l));
                    message.push('\n');
                }
                kept.lock().unwrap().push(message);
                b"250 kept\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await.unwrap();
                return;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
}

/// A message as a person reads it: long headers unfolded, quoted-printable soft line breaks and
/// escapes undone.
fn unfold(message: &str) -> String {
    let joined = message.replace("\n ", " ").replace("=\n", "");
    let mut out = Vec::new();
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The stop link in a message.
fn stop_link(message: &str) -> String {
    let start = message.find("http://chorus.test/updates/stop/").expect("a stop link");
    message[start..].split(|c: char| c.is_whitespace() || c == '>').next().unwrap().to_owned()
}

/// Someone who is not signed in.
async fn post_public(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    new_client().post(app.url(path)).form(fields).send().await.unwrap()
}

async fn addresses(app: &TestApp) -> i64 {
    sqlx::query_scalar("select cast(count(*) as bigint) from update_subscriptions").fetch_one(&app.db.pool).await.unwrap()
}

async fn updates_are_emailed_to_those_who_asked_and_stop_with_one_click(backend: Backend) {
    let mail = MailServer::start().await;
    let app = spawn_app_with(backend, &[("CHORUS_SMTP_URL", &mail.url), ("CHORUS_PUBLIC_URL", "http://chorus.test")]).await;
    seed_and_sign_in(&app, Role::Commissioner).await;

    let form = new_client().get(app.url(SIGN_UP)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("How we keep your email address") && form.contains("type=\"email\""));
    let empty = post_public(&app, SIGN_UP, &[("email", " ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("<a href=\"#email\">Enter your email address</a>"));
    let wrong = post_public(&app, SIGN_UP, &[("email", "parent at example")]).await;
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains("Enter an email address in the correct format") && wrong.contains("value=\"parent at example\""));
    assert_eq!(addresses(&app).await, 0);

    let left = post_public(&app, SIGN_UP, &[("email", " Parent@Example.org ")]).await;
    assert_eq!(left.status(), 303);
    assert_eq!(left.headers()["location"], "/e/stls-phase-2/updates/signed-up");
    assert!(app.get_html("/e/stls-phase-2/updates/signed-up").await.contains("You will hear when it is published"));

    let welcome = mail.message(1).await;
    assert!(welcome.contains("To: parent@example.org"), "{welcome}");
    assert!(welcome.contains("Subject: You will hear about Specialist Teaching and Learning Service: Phase 2"));
    let stop = stop_link(&welcome);
    assert!(
        welcome.contains(&format!("List-Unsubscribe: <{stop}>")) && welcome.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    );

    // Asking again changes nothing and says nothing new.
    assert_eq!(post_public(&app, SIGN_UP, &[("email", "parent@example.org")]).await.status(), 303);
    assert_eq!(addresses(&app).await, 1);

    publish_results(&app).await;
    let results = mail.message(2).await;
    assert!(results.contains("Subject: Results published: Specialist Teaching and Learning Service: Phase 2"), "{results}");
    assert!(results.contains("http://chorus.test/e/stls-phase-2/results/easy-read"));
    assert_eq!(stop_link(&results), stop);
    let page = app.get_html("/admin/engagements/stls-phase-2/updates").await;
    assert!(page.contains("1 person has left an email address") && page.contains("<td>1 of 1</td>"), "{page}");

    // The link opens a page with one button; a mail program's own button posts straight to it.
    let path = stop.trim_start_matches("http://chorus.test");
    let asked = new_client().get(app.url(path)).send().await.unwrap().text().await.unwrap();
    assert!(asked.contains("Stop emails about Specialist Teaching") && asked.contains("Stop the emails</button>"));
    let stopped = new_client()
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.status(), 200);
    assert!(stopped.text().await.unwrap().contains("We have deleted your email address."));
    assert_eq!(addresses(&app).await, 0, "stopping deletes the address");
    assert_eq!(new_client().get(app.url(path)).send().await.unwrap().status(), 404);

    // Nothing more goes to it.
    let before = mail.count();
    chorus::updates::queries::add_notice(&app.db, 1, "you_said", chorus::db::now(), 0).await.unwrap();
    chorus::updates::mail::Mailer::new(&mail.url, "a@example.org", "http://chorus.test").unwrap().send_pending(&app.db).await.unwrap();
    assert_eq!(mail.count(), before);
}

async fn without_a_mail_server_administrators_download_the_addresses_and_nothing_pairs_one_with_an_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    seed_and_sign_in(&app, Role::Admin).await;
    chorus::demo::add_responses(&app.db, 30).await.unwrap();
    for email in ["zoe@example.org", "amir@example.org"] {
        assert_eq!(post_public(&app, SIGN_UP, &[("email", email)]).await.status(), 303);
    }

    // Kept apart: no column that could lead to a response, and the day only, never the time.
    let columns: Vec<(i64, i64, String, String, i64)> =
        sqlx::query_as("select * from update_subscriptions order by email").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(columns.len(), 2);
    assert!(columns.iter().all(|c| c.4 % 86_400 == 0), "only the day someone asked is kept");

    publish_results(&app).await;
    let page = app.get_html("/admin/engagements/stls-phase-2/updates").await;
    assert!(page.contains("2 people have left an email address"));
    assert!(page.contains("No mail server is set") && page.contains("Results published: Specialist Teaching"));
    assert!(page.contains("[their own link to stop, from the download]"), "the words to send");

    let csv = app.get("/admin/engagements/stls-phase-2/updates.csv").await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows[0], "Email address,Link to stop,Asked on");
    assert!(rows[1].starts_with("amir@example.org,http://127.0.0.1:") && rows[2].starts_with("zoe@example.org,"), "{csv}");
    assert_eq!(rows.len(), 3);

    // No export or results page carries an address.
    let mut everything = String::new();
    for path in ["/admin/surveys/2/export/responses.csv", "/admin/surveys/2/export/answers.csv", "/admin/engagements/stls-phase-2/report"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        everything.push_str(&response.text().await.unwrap());
    }
    let workbook = app.get("/admin/engagements/stls-phase-2/export.xlsx").await.bytes().await.unwrap();
    everything.extend(chorus::results::xlsx::read_entries(&workbook).into_iter().map(|(_, xml)| xml));
    assert!(everything.contains("Parents and carers") && !everything.contains("@example.org"));

    // Commissioners see who is waiting but do not download the addresses; viewers see neither.
    let commissioner = another_client(&app, Role::Commissioner).await;
    assert!(!commissioner.get_html("/admin/engagements/stls-phase-2/updates").await.contains("updates.csv"));
    assert_eq!(commissioner.get("/admin/engagements/stls-phase-2/updates.csv").await.status(), 403);
    let viewer = another_client(&app, Role::Viewer).await;
    assert_eq!(viewer.get("/admin/engagements/stls-phase-2/updates").await.status(), 403);
}

/// Another signed-in client on the same server, with this role.
async fn another_client(app: &TestApp, role: Role) -> TestApp {
    let email = format!("{role:?}@kent.gov.uk").to_lowercase();
    app.add_user(&email, role).await;
    let other = TestApp {
        address: app.address.clone(),
        client: new_client(),
        db: app.db.clone(),
        database_url: app.database_url.clone(),
        data_dir: app.data_dir.clone(),
    };
    assert_eq!(other.sign_in(&email, PASSWORD).await.status(), 303);
    other
}

async fn the_engagement_page_leads_to_the_sign_up(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let page = app.get_html("/e/stls-phase-2").await;
    assert!(page.contains("<a href=\"/e/stls-phase-2/updates\">Get an email when the council publishes"));
    assert_eq!(app.get("/e/no-such-engagement/updates").await.status(), 404);
    assert_eq!(post_public(&app, "/e/no-such-engagement/updates", &[("email", "a@example.org")]).await.status(), 404);
}

async fn a_flood_of_addresses_from_one_place_is_refused_and_the_address_typed_is_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    for i in 0..19 {
        let sent = post_public(&app, SIGN_UP, &[("email", &format!("parent{i}@example.org"))]).await;
        assert_eq!(sent.status(), 303, "{i}");
    }
    let refused = post_public(&app, SIGN_UP, &[("email", "one-too-many@example.org")]).await;
    assert_eq!(refused.status(), 303, "twenty in an hour from one place");
    let refused = post_public(&app, SIGN_UP, &[("email", "twenty-one@example.org")]).await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((60..=3600).contains(&retry), "Retry-After says when: {retry}");
    let page = refused.text().await.unwrap();
    assert!(page.contains("Try again in 60 minutes") || page.contains("Try again in 59 minutes"), "{page}");
    assert!(page.contains("value=\"twenty-one@example.org\""), "the address typed is kept");
    assert_eq!(addresses(&app).await, 20, "the refused address is not kept");
}

crate::on_both_backends!(
    updates_are_emailed_to_those_who_asked_and_stop_with_one_click,
    a_flood_of_addresses_from_one_place_is_refused_and_the_address_typed_is_kept,
    without_a_mail_server_administrators_download_the_addresses_and_nothing_pairs_one_with_an_answer,
    the_engagement_page_leads_to_the_sign_up,
);
