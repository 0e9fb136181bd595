//! Hostile input, generated: ten thousand form posts and query strings (on each backend) built
//! from strings that have broken web apps before (markup, quotes, null characters, numbers too
//! large, invalid UTF-8, right-to-left marks, header injection, very long and empty values) sent
//! to every route the server's source registers, public and staff, as someone signed in as an
//! administrator (with the real form token, mostly), as a respondent part way through a survey,
//! and as a stranger. Nothing may answer 5xx (a panic would be a 500), and afterwards no page may
//! carry the markup sent as markup rather than as text.
//!
//! The generator is seeded, and a failure prints the seed with the request, so it can be replayed.

use crate::helpers::{csrf_field, seed_and_sign_in, spawn_app, Backend, TestApp};
use chorus::domain::Role;

/// Requests per backend.
const REQUESTS: usize = 10_000;

/// A small, seeded generator (xorshift64*): the same seed gives the same requests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, in_ten: usize) -> bool {
        self.below(10) < in_ten
    }
}

/// Pieces of hostile values, as bytes (some are not UTF-8).
const NASTY: &[&[u8]] = &[
    b"",
    b" ",
    b"\0",
    b"<script>chorusxss()</script>",
    b"\"><img src=x onerror=chorusxss()>",
    b"'><svg onload=chorusxss()>",
    b"javascript:chorusxss()",
    b"' or 1=1 --",
    b"'; drop table responses; --",
    b"../../../../etc/passwd",
    b"99999999999999999999999999",
    b"-9223372036854775808",
    b"1e308",
    b"NaN",
    b"-0",
    b"0x7fffffff",
    b"\xff\xfe\xfd",
    b"\xc0\xaf",
    b"\xe2\x80\xae",
    b"\xf0\x9f\x98\x80",
    b"\xef\xb7\xbd",
    b"\r\nSet-Cookie: chorus=1",
    b"%00",
    b"%",
    b"&",
    b"=",
    b"+",
    b"{\"a\":[1,2,{}]}",
    b"null",
    b"true",
    b"up",
    b"yes",
    b"parent",
    b"1",
    b"0",
    b"ABCD-EFGH-JK",
    b"staff@kent.gov.uk",
];

/// A hostile value for an address (a path segment or a query): a few pieces, at most a few
/// thousand bytes, as servers refuse much longer addresses before Chorus sees them.
fn short_value(rng: &mut Rng) -> Vec<u8> {
    let mut v = value(rng);
    v.truncate(2_000);
    v
}

/// A hostile value: a few pieces, sometimes repeated into something very long.
fn value(rng: &mut Rng) -> Vec<u8> {
    let mut v = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let piece: &[u8] = NASTY[rng.below(NASTY.len())];
        v.extend_from_slice(piece);
    }
    match rng.below(20) {
        0 => v.repeat(1 + 6_000 / (v.len() + 1)),
        1 => v.repeat(1 + 300_000 / (v.len() + 1)),
        _ => v,
    }
}

/// Percent-encodes anything but letters and digits, as a form is sent.
fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Fills a route's placeholders with what the demo has, or now and then with something hostile.
fn concrete(route: &str, rng: &mut Rng, survey: i64) -> String {
    let mut path = String::new();
    for segment in route.split('/').skip(1) {
        path.push('/');
        if !segment.starts_with('{') {
            path.push_str(segment);
            continue;
        }
        if rng.chance(2) {
            path.push_str(&encode(&short_value(rng)));
            continue;
        }
        let known = match segment {
            "{slug}" if route.starts_with("/s/") => "parents-carers".to_string(),
            "{slug}" => "stls-phase-2".into(),
            "{id}" if route.starts_with("/admin/surveys/") => survey.to_string(),
            "{page_id}" | "{page}" => "relationship".into(),
            "{question}" => "relationship".into(),
            "{file}" => "answers.csv".into(),
            "{scope}" => "all".into(),
            "{key}" => "district-teams".into(),
            _ => "1".into(),
        };
        path.push_str(&known);
    }
    path
}

/// The names of the form fields on a page.
fn field_names(html: &str) -> Vec<String> {
    let mut names: Vec<String> =
        html.split("name=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned).filter(|n| n.len() < 40).collect();
    names.sort();
    names.dedup();
    names
}

/// Markup sent that a page carries as markup: something a browser would run.
fn runs_markup(html: &str) -> bool {
    ["<script>chorusxss", "<img src=x onerror", "<svg onload"].iter().any(|m| html.contains(m))
}

struct Visitor {
    browser: TestApp,
    /// The form token field and its value, fetched again now and then.
    token: (&'static str, String),
    name: &'static str,
}

async fn refresh(v: &mut Visitor) {
    let (field, page) = match v.name {
        "administrator" => ("csrf_token", "/admin".to_string()),
        "respondent" => ("form_token", "/s/parents-carers/q/relationship".to_string()),
        _ => ("form_token", "/resume".to_string()),
    };
    let html = v.browser.get_html(&page).await;
    v.token = (field, if html.contains(&format!("name=\"{field}\"")) { csrf_field(&html, field) } else { String::new() });
}

async fn no_hostile_request_gets_a_server_error_nor_leaves_markup_that_runs(backend: Backend) {
    let seed: u64 = std::env::var("CHORUS_HOSTILE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_C401);
    let mut rng = Rng(seed);
    let app = spawn_app(backend).await;
    seed_and_sign_in(&app, Role::Admin).await;
    let survey = crate::helpers::survey_id(&app, "parents-carers").await;
    let respondent = app.another_browser(None);
    assert_eq!(respondent.post_public("/s/parents-carers/start", &[]).await.status(), 303);
    let mut visitors = vec![
        Visitor { browser: app.another_browser(None), token: ("", String::new()), name: "administrator" },
        Visitor { browser: respondent, token: ("", String::new()), name: "respondent" },
        Visitor { browser: app.another_browser(None), token: ("", String::new()), name: "stranger" },
    ];
    // The administrator's own browser, signed in.
    visitors[0].browser.client = app.client.clone();
    for v in &mut visitors {
        refresh(v).await;
    }

    // Every route, and the fields its page has (read as the administrator, and as a respondent).
    let routes: Vec<String> = chorus_tests::routes::all_routes()
        .into_iter()
        .filter(|r| r != "/sign-out" && !r.ends_with("/status") && !r.starts_with("/export"))
        .collect();
    let mut fields = Vec::new();
    // Which methods each route answers, asked of the server (a post without a token changes nothing).
    let mut methods = Vec::new();
    for route in &routes {
        let path = concrete(route, &mut Rng(1), survey);
        let admin = &visitors[0].browser;
        let gets = admin.get(&path).await.status() != 405;
        let posts = admin.post_form(&path, &[]).await.status() != 405;
        methods.push((gets, posts));
        let mut names = field_names(&visitors[0].browser.get_html(&path).await);
        names.extend(field_names(&visitors[1].browser.get_html(&path).await));
        names.extend(["code", "email", "password", "text", "answer", "role", "direction", "to", "page"].map(String::from));
        names.sort();
        names.dedup();
        fields.push(names);
    }

    let mut sent = 0;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    while sent < REQUESTS {
        let at = rng.below(routes.len());
        let (route, names, (gets, posts)) = (&routes[at], &fields[at], methods[at]);
        // Mostly as whoever the page is for: staff pages as the administrator, the rest as a
        // respondent or a stranger; now and then as anyone.
        let who = match (route.starts_with("/admin"), rng.below(10)) {
            (_, 0) => rng.below(visitors.len()),
            (true, _) => 0,
            (false, n) => 1 + n % 2,
        };
        let path = concrete(route, &mut rng, survey);
        let mut query = String::new();
        if rng.chance(3) {
            for _ in 0..1 + rng.below(3) {
                let name = rng.pick(names).clone();
                query.push_str(&format!(
                    "{}{}={}",
                    if query.is_empty() { "?" } else { "&" },
                    encode(name.as_bytes()),
                    encode(&short_value(&mut rng))
                ));
            }
        }
        // Mostly a method the route answers; now and then the other.
        let post = match (gets, posts, rng.chance(1)) {
            (_, _, true) => !rng.chance(5),
            (true, true, false) => rng.chance(6),
            (gets, _, false) => !gets,
        };
        let url = format!("{}{path}{query}", app.address);
        let v = &visitors[who];
        let mut body = Vec::new();
        if post {
            if rng.chance(7) && !v.token.0.is_empty() {
                body.extend_from_slice(format!("{}={}", v.token.0, v.token.1).as_bytes());
            }
            for _ in 0..rng.below(6) {
                let name = if rng.chance(8) { rng.pick(names).as_bytes().to_vec() } else { value(&mut rng) };
                if !body.is_empty() {
                    body.push(b'&');
                }
                body.extend_from_slice(format!("{}={}", encode(&name), encode(&value(&mut rng))).as_bytes());
            }
            if rng.chance(1) {
                // Raw bytes, not encoded at all.
                body.extend_from_slice(&value(&mut rng));
            }
        }
        let content_type = *rng.pick(&[
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8",
            "multipart/form-data; boundary=x",
            "application/json",
            "text/plain",
        ]);
        let request = || {
            if post {
                v.browser.client.post(&url).header("content-type", content_type).body(body.clone())
            } else {
                v.browser.client.get(&url)
            }
        };
        let shown: String = url.chars().take(300).collect();
        // Once, again, as browsers do when a kept-alive connection turns out to have been closed
        // (after a 413 to an earlier request on it, say).
        let sent_once = match request().send().await {
            Err(e) if e.is_request() && body.len() <= chorus::web::forms::MAX_FORM_BYTES => request().send().await,
            other => other,
        };
        let response = match sent_once {
            Ok(response) => response,
            // Past the size a form may have, the server answers 413 and closes the connection
            // without reading the rest, which the client may see as the connection going.
            Err(_) if body.len() > chorus::web::forms::MAX_FORM_BYTES => {
                sent += 1;
                continue;
            }
            Err(e) => panic!("seed {seed}, request {sent}: {shown}: {e:?}"),
        };
        let status = response.status().as_u16();
        *statuses.entry(status).or_default() += 1;
        assert!(
            status < 500,
            "seed {seed}, request {sent}: {} {shown} as {} gave {status}; body {:?}",
            if post { "POST" } else { "GET" },
            v.name,
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
        sent += 1;
        if sent % 500 == 0 {
            for v in &mut visitors {
                refresh(v).await;
            }
        }
    }

    // The requests reached the pages' own checks, not only the doors before them.
    println!("statuses for seed {seed}: {statuses:?}");
    let count = |range: std::ops::RangeInclusive<u16>| statuses.range(range).map(|(_, n)| n).sum::<usize>();
    assert!(count(200..=399) > 1_000, "{statuses:?}");
    assert!(count(422..=422) > 100, "forms were read and refused for what they held: {statuses:?}");

    // Whatever was stored is shown as text: no page carries the markup sent as markup.
    for route in &routes {
        let path = concrete(route, &mut Rng(1), survey);
        for v in &visitors {
            let html = v.browser.get_html(&path).await;
            assert!(!runs_markup(&html), "seed {seed}: {path} as {} carries markup that was sent", v.name);
        }
    }
    let staff_pages = ["/admin/users", "/admin/schools", "/admin/engagements/stls-phase-2", "/admin/audit", "/"];
    for path in staff_pages {
        let html = visitors[0].browser.get_html(path).await;
        assert!(!runs_markup(&html), "seed {seed}: {path} carries markup that was sent");
    }
}

/// Found by the test above: a null character in an address reached PostgreSQL (which cannot hold
/// one in text) and gave a 500. Both backends now refuse it before any page reads it.
async fn a_null_character_in_an_address_is_refused_alike(backend: Backend) {
    let app = spawn_app(backend).await;
    seed_and_sign_in(&app, Role::Admin).await;
    for path in [
        "/e/stls%00phase-2",
        "/admin/engagements/stls-phase-2%00/themes/all",
        "/admin/surveys/1/results?filter=district::%00",
        "/s/young%00",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert!(response.text().await.unwrap().contains("A web address cannot hold a null character."), "{path}");
    }
}

crate::on_both_backends!(
    no_hostile_request_gets_a_server_error_nor_leaves_markup_that_runs,
    a_null_character_in_an_address_is_refused_alike
);
