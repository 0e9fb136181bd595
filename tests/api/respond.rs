//! The respondent's journey through the seeded demo surveys.

use crate::helpers::{csrf_field, spawn_app, Backend, TestApp};
use chorus::respond::queries::{self as responses, Channel};

async fn seeded(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    assert!(chorus::demo::seed(&app.db).await.unwrap());
    app
}

/// Posts one page's answers with the page's own form token; returns the response.
async fn answer(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let html = app.get_html(path).await;
    let token = csrf_field(&html, "form_token");
    let mut all = vec![("form_token", token.as_str())];
    all.extend_from_slice(fields);
    app.post_form(path, &all).await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

/// Answers the parents' survey through to "Check your answers".
async fn complete_parents_survey(app: &TestApp) {
    let start = app.post_public("/s/parents-carers/start", &[]).await;
    assert_eq!(location(&start), "/s/parents-carers/q/relationship");
    let steps: &[(&str, &[(&str, &str)], &str)] = &[
        ("relationship", &[("relationship", "parent")], "/s/parents-carers/q/district"),
        ("district", &[("district", "thanet")], "/s/parents-carers/q/areas-of-need"),
        (
            "areas-of-need",
            &[("areas-of-need", "physical-and-sensory"), ("areas-of-need", "cognition-and-learning")],
            "/s/parents-carers/q/used-stls",
        ),
        ("used-stls", &[("used-stls", "yes")], "/s/parents-carers/q/timely"),
        ("timely", &[("timely", "4")], "/s/parents-carers/q/involved"),
        ("involved", &[("involved", "2")], "/s/parents-carers/q/provider"),
        ("provider", &[("provider", "sensory-service")], "/s/parents-carers/q/worked-well"),
        ("worked-well", &[("worked-well", "The visits were helpful")], "/s/parents-carers/q/change"),
        ("change", &[("change", "")], "/s/parents-carers/check"),
    ];
    for (page, fields, next) in steps {
        let response = answer(app, &format!("/s/parents-carers/q/{page}"), fields).await;
        assert_eq!(response.status(), 303, "{page}: {}", response.text().await.unwrap());
        assert_eq!(location(&response), *next, "{page}");
    }
}

async fn a_parent_answers_checks_and_submits(backend: Backend) {
    let app = seeded(backend).await;
    let start_page = app.get_html("/s/parents-carers").await;
    assert!(start_page.contains("Start now"));
    assert!(start_page.contains("There are 9 questions."));
    assert!(start_page.contains("the STLS engagement team at <a href=\"mailto:stls.engagement@example.org\">stls.engagement@example.org</a> or <a href=\"tel:03000000000\">03000 000000</a>"), "{start_page}");

    complete_parents_survey(&app).await;
    let check = app.get_html("/s/parents-carers/check").await;
    assert!(check.contains("Check your answers"));
    assert!(check.contains("Cognition and learning, Physical and sensory"), "choices keep the order of the options");
    assert!(check.contains("Agree"));
    assert!(check.contains("Not answered"));
    let token = csrf_field(&check, "form_token");
    let submitted = app.post_form("/s/parents-carers/submit", &[("form_token", &token)]).await;

    assert_eq!(location(&submitted), "/s/parents-carers/done");
    let done = app.get_html("/s/parents-carers/done").await;
    assert!(done.contains("your answers have been sent"));
    assert!(
        done.contains("<a href=\"/e/stls-phase-2\">Specialist Teaching and Learning Service: Phase 2</a>"),
        "the way to what the council says it heard and will do"
    );
    assert_eq!(count(&app, "select count(*) from responses where submitted_at is not null").await, 1);
    assert_eq!(count(&app, "select count(*) from answers where question_id = 'areas-of-need'").await, 2);
    assert_eq!(count(&app, "select count(*) from answers where question_id = 'change'").await, 0);
}

async fn submitting_twice_stores_one_response(backend: Backend) {
    let app = seeded(backend).await;
    complete_parents_survey(&app).await;
    let token = csrf_field(&app.get_html("/s/parents-carers/check").await, "form_token");

    let fields = [("form_token", token.as_str())];
    let (first, second) =
        tokio::join!(app.post_form("/s/parents-carers/submit", &fields), app.post_form("/s/parents-carers/submit", &fields),);
    let third = app.post_form("/s/parents-carers/submit", &fields).await;

    for response in [first, second, third] {
        assert_eq!(location(&response), "/s/parents-carers/done");
    }
    assert_eq!(count(&app, "select count(*) from responses where submitted_at is not null").await, 1);
    assert_eq!(count(&app, "select count(*) from answers where question_id = 'relationship'").await, 1);
}

async fn routing_skips_questions_that_do_not_apply(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/parents-carers/start", &[]).await;
    answer(&app, "/s/parents-carers/q/relationship", &[("relationship", "parent")]).await;
    answer(&app, "/s/parents-carers/q/district", &[("district", "dover")]).await;
    answer(&app, "/s/parents-carers/q/areas-of-need", &[("areas-of-need", "physical-and-sensory")]).await;

    let response = answer(&app, "/s/parents-carers/q/used-stls", &[("used-stls", "no")]).await;

    assert_eq!(location(&response), "/s/parents-carers/q/change");
    let skipped = app.get("/s/parents-carers/q/timely").await;
    assert_eq!(location(&skipped), "/s/parents-carers/q/change", "a skipped page cannot be visited");
}

async fn nobody_can_jump_ahead_by_editing_the_address(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/schools/start", &[]).await;

    let response = app.get("/s/schools/q/suggestions").await;

    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/s/schools/q/phase");
    assert_eq!(location(&app.get("/s/schools/check").await), "/s/schools/q/phase");
}

async fn a_missing_answer_gets_the_page_again_with_a_linked_error(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/schools/start", &[]).await;

    let response = answer(&app, "/s/schools/q/phase", &[]).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Error: What phase is your school or setting? – Chorus</title>"));
    assert!(html.contains("<a href=\"#phase-1\">Select one option</a>"));
}

async fn bad_answers_are_refused_and_what_was_typed_is_kept(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/schools/start", &[]).await;
    answer(&app, "/s/schools/q/phase", &[("phase", "primary")]).await;

    let tampered = answer(&app, "/s/schools/q/role", &[("role", "superintendent")]).await;
    assert_eq!(tampered.status(), 422);
    assert!(tampered.text().await.unwrap().contains("Select one of the options shown"));

    answer(&app, "/s/schools/q/role", &[("role", "senco")]).await;
    answer(&app, "/s/schools/q/district", &[("district", "swale")]).await;
    answer(&app, "/s/schools/q/used-service", &[("used-service", "yes")]).await;
    let out_of_range = answer(&app, "/s/schools/q/referrals", &[("referrals", "9000")]).await;
    assert_eq!(out_of_range.status(), 422);
    let html = out_of_range.text().await.unwrap();
    assert!(html.contains("Enter a number between 0 and 500"));
    assert!(html.contains("value=\"9000\""));

    answer(&app, "/s/schools/q/referrals", &[("referrals", "12")]).await;
    answer(&app, "/s/schools/q/confidence", &[("confidence", "4")]).await;
    answer(&app, "/s/schools/q/areas-of-need", &[("areas-of-need", "physical-and-sensory")]).await;
    let long = "word ".repeat(1_001);
    let too_long = answer(&app, "/s/schools/q/suggestions", &[("suggestions", &long)]).await;
    assert_eq!(too_long.status(), 422);
    let html = too_long.text().await.unwrap();
    assert!(html.contains("Your answer must be 5,000 characters or fewer"));
    assert!(html.contains(long.trim()), "the text typed is kept");
}

async fn a_stale_or_forged_form_token_keeps_what_was_typed(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/schools/start", &[]).await;

    let response = app.post_form("/s/schools/q/phase", &[("form_token", "forged"), ("phase", "secondary")]).await;

    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(html.contains("This page had expired"));
    assert!(html.contains("value=\"secondary\" checked"));
    assert_eq!(count(&app, "select count(*) from responses where draft like '%secondary%'").await, 0);
}

async fn answers_are_saved_and_carried_on_with_a_resume_code_on_another_device(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/schools/start", &[]).await;
    answer(&app, "/s/schools/q/phase", &[("phase", "primary")]).await;
    let saved = answer(&app, "/s/schools/q/role", &[("role", "headteacher"), ("action", "save")]).await;
    assert_eq!(location(&saved), "/s/schools/saved");
    let html = app.get_html("/s/schools/saved").await;
    let start = html.find("code code--large\">").unwrap() + "code code--large\">".len();
    let code = html[start..start + 12].to_owned();

    // Another device: a new client with no cookies, after a restart of the server.
    let restarted = crate::helpers::spawn_app_on(&app.database_url, app.data_dir.clone()).await;
    let resumed = restarted.post_public("/resume", &[("code", &code.to_lowercase().replace('-', " "))]).await;

    assert_eq!(location(&resumed), "/s/schools/check");
    let next = restarted.get("/s/schools/check").await;
    assert_eq!(location(&next), "/s/schools/q/district");
    let role_page = restarted.get_html("/s/schools/q/role").await;
    assert!(role_page.contains("value=\"headteacher\" checked"));

    // The code expires with its engagement.
    sqlx::query("update engagements set state = 'closed'").execute(&app.db.pool).await.unwrap();
    let closed = crate::helpers::spawn_app_on(&app.database_url, app.data_dir.clone()).await;
    let refused = closed.post_public("/resume", &[("code", &code)]).await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("has closed, so they can no longer be changed or sent") && refused.contains(&code), "{refused}");
}

/// The database holds only the hashes of resume and receipt codes: the device that was given a
/// code shows it again from its own cookie, a device from before codes were hashed is given a
/// new one, and a receipt code is shown again only to the device that sent the answers.
async fn codes_are_kept_only_as_hashes_and_shown_from_the_device(backend: Backend) {
    let app = seeded(backend).await;
    let code_on = |html: &str, class: &str| {
        let start = html.find(class).unwrap_or_else(|| panic!("{class} in {html}")) + class.len();
        html[start..start + 12].to_owned()
    };
    app.post_public("/s/schools/start", &[]).await;
    answer(&app, "/s/schools/q/phase", &[("phase", "primary")]).await;
    let code = code_on(&app.get_html("/s/schools/saved").await, "code code--large\">");
    let stored: String = sqlx::query_scalar("select resume_code_hash from responses").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, responses::code_hash(&code));
    assert!(!stored.contains(&code[..4]), "no part of the code is stored");
    assert_eq!(code_on(&app.get_html("/s/schools/saved").await, "code code--large\">"), code, "the device shows it again");

    // Carried on elsewhere, the code is the same one there.
    let elsewhere = app.another_browser(None);
    assert_eq!(location(&elsewhere.post_public("/resume", &[("code", &code)]).await), "/s/schools/check");
    assert_eq!(code_on(&elsewhere.get_html("/s/schools/saved").await, "code code--large\">"), code);

    // A response begun before codes were hashed: its device's cookie holds only the secret.
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = 'schools'").fetch_one(&app.db.pool).await.unwrap();
    let secret = "a-secret-from-an-earlier-release";
    responses::create(&app.db, version, Channel::Link, &chorus::web::codes::hash_secret(secret), "ACDE-FGHJ-KM").await.unwrap();
    let old_device = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let saved = old_device.get(app.url("/s/schools/saved")).header("cookie", format!("chorus_response={secret}")).send().await.unwrap();
    let cookie = saved.headers()["set-cookie"].to_str().unwrap().to_owned();
    let new_code = code_on(&saved.text().await.unwrap(), "code code--large\">");
    assert!(cookie.starts_with(&format!("chorus_response={secret}.{new_code};")), "{cookie}");
    assert_eq!(
        app.another_browser(None).post_public("/resume", &[("code", "ACDE-FGHJ-KM")]).await.status(),
        422,
        "the old code is replaced"
    );
    assert_eq!(location(&app.another_browser(None).post_public("/resume", &[("code", &new_code)]).await), "/s/schools/check");

    // A receipt: stored as a hash, shown again to the device that sent (a retry after a lost
    // answer), to no other.
    complete_parents_survey(&app).await;
    let token = csrf_field(&app.get_html("/s/parents-carers/check").await, "form_token");
    app.post_form("/s/parents-carers/submit", &[("form_token", &token)]).await;
    let receipt = code_on(&app.get_html("/s/parents-carers/done").await, "<strong class=\"code\">");
    assert_eq!(code_on(&app.get_html("/s/parents-carers/done").await, "<strong class=\"code\">"), receipt);
    let kept = count(&app, &format!("select count(*) from responses where receipt_code_hash = '{}'", responses::code_hash(&receipt))).await;
    assert_eq!(kept, 1);
    assert_eq!(count(&app, &format!("select count(*) from responses where receipt_code_hash like '%{}%'", &receipt[..4])).await, 0);
    assert_eq!(location(&app.another_browser(None).get("/s/parents-carers/done").await), "/s/parents-carers");
    assert_eq!(app.post_public("/withdraw", &[("code", &receipt)]).await.status(), 200, "the receipt code finds the answers");
}

async fn a_wrong_resume_code_is_explained(backend: Backend) {
    let app = seeded(backend).await;

    let empty = app.post_public("/resume", &[("code", "")]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("Enter your code"));
    let unknown = app.post_public("/resume", &[("code", "AAAA-AAAA-AA")]).await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown.text().await.unwrap().contains("We could not find answers with that code"));
}

/// Guessing codes is held up: after 60 codes that matched nothing from one place within 15
/// minutes, `/resume`, `/withdraw` and `/code` refuse for a while, keeping what was typed; right
/// codes and mistyped ones that are not codes at all never count.
async fn codes_that_match_nothing_are_limited_per_client(backend: Backend) {
    let app = seeded(backend).await;
    let school_code: String =
        sqlx::query_scalar("select code from access_codes limit 1").fetch_optional(&app.db.pool).await.unwrap().unwrap_or_default();
    for n in 0..60 {
        let path = ["/resume", "/withdraw", "/code"][n % 3];
        assert_eq!(app.post_public(path, &[("code", "AAAA-CCCC-DD")]).await.status(), 422, "wrong code {n} at {path}");
        assert_eq!(app.post_public(path, &[("code", "not a code")]).await.status(), 422, "not counted");
        if !school_code.is_empty() && n == 30 {
            assert_eq!(app.post_public("/code", &[("code", &school_code)]).await.status(), 200, "a right code goes through");
        }
    }

    let refused = app.post_public("/resume", &[("code", "DDDD-EEEE-FF")]).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 800);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Try again in 15 minutes."), "{html}");
    assert!(html.contains("value=\"DDDD-EEEE-FF\""), "what was typed is kept");
    assert!(html.contains("<title>Error: "), "{html}");
    for path in ["/withdraw", "/code"] {
        assert_eq!(app.post_public(path, &[("code", "DDDD-EEEE-FF")]).await.status(), 429, "{path}");
    }
}

async fn seeded_with(backend: Backend, settings: &[(&'static str, &str)]) -> TestApp {
    let app = crate::helpers::spawn_app_with(backend, settings).await;
    assert!(chorus::demo::seed(&app.db).await.unwrap());
    app
}

/// Starting responses is limited per client and in all (each start from a browser of its own,
/// as a script would): over the limit, the start page comes back as a 429 saying how long to
/// wait, with a school's code kept, and nothing is stored.
async fn starting_responses_is_limited_per_client_and_in_all(backend: Backend) {
    let app = seeded_with(backend, &[("CHORUS_RESPONSES_PER_HOUR", "2,3"), ("CHORUS_TRUSTED_PROXIES", "1")]).await;
    let started = || count(&app, "select count(*) from responses");
    for _ in 0..2 {
        let start = app.another_browser(Some("10.1.0.1")).post_public("/s/parents-carers/start", &[]).await;
        assert_eq!(location(&start), "/s/parents-carers/q/relationship");
    }
    // A third from the same place, with a school's code: held, the code kept for later.
    let (code, slug): (String, String) =
        sqlx::query_as("select c.code, s.slug from access_codes c join surveys s on s.id = c.survey_id where s.slug = 'schools' limit 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let refused = app.another_browser(Some("10.1.0.1")).post_public(&format!("/s/{slug}/start"), &[("code", &code)]).await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((3_000..=3_600).contains(&wait), "until the first start's slice leaves the hour: {wait}");
    let html = refused.text().await.unwrap();
    assert!(html.contains("<title>Error: "), "{html}");
    assert!(html.contains("A lot of people have started answering from where you are in the last hour. Try again in"), "{html}");
    assert!(html.contains(&format!("name=\"code\" value=\"{code}\"")), "the school's code is kept: {html}");
    assert!(html.contains("You are answering for"), "{html}");
    assert_eq!(started().await, 2, "nothing stored");

    // Another place goes on, until everyone together reaches the overall limit.
    let other = app.another_browser(Some("10.2.0.1")).post_public("/s/parents-carers/start", &[]).await;
    assert_eq!(other.status(), 303);
    let everyone = app.another_browser(Some("10.3.0.1")).post_public("/s/parents-carers/start", &[]).await;
    assert_eq!(everyone.status(), 429);
    assert_eq!(everyone.headers()["retry-after"], "360", "a slice of the hour");
    assert_eq!(started().await, 3);
}

/// Saving pages is limited too (ten saves for each response that may be started): over the
/// limit, the page comes back as a 429 with what was chosen kept, and the saved draft is unchanged.
async fn saving_pages_is_limited_and_what_was_chosen_is_kept(backend: Backend) {
    let app = seeded_with(backend, &[("CHORUS_RESPONSES_PER_HOUR", "1,100")]).await;
    assert_eq!(app.post_public("/s/parents-carers/start", &[]).await.status(), 303);
    let page = "/s/parents-carers/q/relationship";
    // The start counts as no save; ten saves go through.
    for _ in 0..10 {
        assert_eq!(answer(&app, page, &[("relationship", "parent")]).await.status(), 303);
    }
    let refused = answer(&app, page, &[("relationship", "foster-carer")]).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 3_000);
    let html = refused.text().await.unwrap();
    assert!(html.contains("this page is not saved yet. Try again in"), "{html}");
    assert!(html.contains("<title>Error: "), "{html}");
    assert!(html.contains("value=\"foster-carer\" checked"), "what was chosen is kept: {html}");
    let draft: String = sqlx::query_scalar("select draft from responses").fetch_one(&app.db.pool).await.unwrap();
    assert!(draft.contains("parent") && !draft.contains("foster-carer"), "{draft}");
}

/// A receipt code is enough to take answers back, and school tablets are shared: it is shown
/// just after sending, and the device forgets the response soon after.
async fn the_receipt_is_shown_just_after_sending_and_not_to_whoever_comes_next(backend: Backend) {
    let app = seeded(backend).await;
    complete_parents_survey(&app).await;
    let token = csrf_field(&app.get_html("/s/parents-carers/check").await, "form_token");
    let sent = app.post_form("/s/parents-carers/submit", &[("form_token", &token)]).await;
    assert_eq!(sent.status(), 303);
    let cookie = sent.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("chorus_response=") && cookie.contains("Max-Age=900"), "{cookie}");
    let done = app.get_html("/s/parents-carers/done").await;
    assert!(done.contains("Your receipt code is"));

    sqlx::query("update responses set submitted_at = submitted_at - 3600").execute(&app.db.pool).await.unwrap();
    let later = app.get_html("/s/parents-carers/done").await;
    assert!(!later.contains("Your receipt code is") && !later.contains("<strong class=\"code\">"), "{later}");
    assert!(later.contains("It is not shown again"), "{later}");
}

async fn a_response_can_be_withdrawn_with_its_receipt_code(backend: Backend) {
    let app = seeded(backend).await;
    complete_parents_survey(&app).await;
    let token = csrf_field(&app.get_html("/s/parents-carers/check").await, "form_token");
    app.post_form("/s/parents-carers/submit", &[("form_token", &token)]).await;
    let done = app.get_html("/s/parents-carers/done").await;
    let start = done.find("<strong class=\"code\">").unwrap() + "<strong class=\"code\">".len();
    let receipt = done[start..start + 12].to_owned();

    // First, what would be deleted, and nothing is deleted yet.
    let asked = app.post_public("/withdraw", &[("code", &receipt)]).await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("Are you sure you want to delete your answers?"));
    assert!(asked.contains("<dd class=\"summary-list__value\">Specialist teaching support: parents and carers</dd>"), "{asked}");
    let today = chorus::db::date_in_words(chorus::db::now());
    assert!(asked.contains(&format!("Sent on</dt><dd class=\"summary-list__value\">{today}</dd>")), "{asked}");
    assert!(asked.contains("This cannot be undone"));
    let what_happened = "<a href=\"/e/stls-phase-2\">what happened to what people said about Specialist Teaching";
    assert!(asked.contains(what_happened), "the receipt code leads to what happened: {asked}");
    assert!(done.contains("href=\"/e/stls-phase-2\""), "and so does the confirmation page");
    assert!(done.contains("<a href=\"/e/stls-phase-2/updates\">Get an email when it is published</a>"), "which offers the emails");
    assert_eq!(count(&app, "select count(*) from responses").await, 1);

    let response = app.post_public("/withdraw", &[("code", &receipt), ("confirm", "yes")]).await;

    assert_eq!(response.status(), 200);
    let deleted = response.text().await.unwrap();
    assert!(deleted.contains("Your answers have been deleted"));
    assert!(deleted.contains("href=\"/e/stls-phase-2\">What happened to what people said about Specialist Teaching"), "{deleted}");
    assert_eq!(count(&app, "select count(*) from answers").await, 0);
    assert_eq!(count(&app, "select count(*) from responses where submitted_at is not null").await, 0);
    assert_eq!(app.post_public("/withdraw", &[("code", &receipt)]).await.status(), 422);
    // Its row stays, holding nothing that was said, so that its id is never another response's.
    let (withdrawn, draft, school): (i64, String, Option<i64>) =
        sqlx::query_as("select id, draft, school_id from responses where withdrawn_at is not null").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(draft, serde_json::to_string(&app::survey::Draft::default()).unwrap());
    assert_eq!(school, None);
    complete_parents_survey(&app).await;
    let next: i64 = sqlx::query_scalar("select max(id) from responses").fetch_one(&app.db.pool).await.unwrap();
    assert!(next > withdrawn, "the next response gets a new id, not {withdrawn} again");
}

async fn i_dont_understand_the_question_offers_help_before_moving_on(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/young-people/start", &[]).await;

    let first = answer(&app, "/s/young-people/q/had-help", &[("had-help", app::survey::DONT_UNDERSTAND)]).await;

    // The same page again, with the question in other words and who to ask; the answer is kept.
    assert_eq!(first.status(), 200);
    let html = first.text().await.unwrap();
    assert!(html.contains("That's OK. Here is some help."), "{html}");
    assert!(
        html.contains("The question in other words: <strong>Do you get help at school from a special teacher who visits?</strong>"),
        "{html}"
    );
    assert!(html.contains("ask someone you trust"));
    assert!(html.contains(&format!("value=\"{}\" checked", app::survey::DONT_UNDERSTAND)), "what was chosen stays chosen");
    let token = csrf_field(&html, "form_token");
    // Continue again with the same answer goes on.
    let second = app
        .post_form(
            "/s/young-people/q/had-help",
            &[("form_token", &token), ("had-help", app::survey::DONT_UNDERSTAND), ("help_seen", "had-help")],
        )
        .await;
    assert_eq!(location(&second), "/s/young-people/q/help-rating");
}

async fn a_possible_disclosure_of_harm_is_flagged(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/young-people/start", &[]).await;
    answer(&app, "/s/young-people/q/had-help", &[("had-help", "no")]).await;
    answer(&app, "/s/young-people/q/school-support", &[("school-support", "like")]).await;
    answer(&app, "/s/young-people/q/listened-to", &[("listened-to", "2")]).await;

    answer(&app, "/s/young-people/q/make-better", &[("make-better", "I am not safe at home")]).await;

    assert_eq!(count(&app, "select count(*) from responses where safeguarding_flag = 1").await, 1);
}

async fn a_young_person_may_say_they_do_not_understand(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/young-people/start", &[]).await;

    let response = answer(&app, "/s/young-people/q/had-help", &[("had-help", "dont_understand")]).await;

    // The answer is kept (the page then offers help: see the next test).
    assert_eq!(response.status(), 200);
    let draft: String = sqlx::query_scalar("select draft from responses").fetch_one(&app.db.pool).await.unwrap();
    assert!(draft.contains("had-help") && draft.contains("dont_understand"), "{draft}");
}

async fn closed_draft_and_unknown_surveys_get_clear_pages(backend: Backend) {
    let app = seeded(backend).await;
    assert_eq!(app.get("/s/nonexistent").await.status(), 404);
    sqlx::query("update engagements set state = 'closed'").execute(&app.db.pool).await.unwrap();

    let response = app.get("/s/schools").await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("This survey has closed"));
    let start = app.post_public("/s/schools/start", &[]).await;
    assert!(start.text().await.unwrap().contains("This survey has closed"));
    assert_eq!(count(&app, "select count(*) from responses").await, 0);
}

async fn republishing_keeps_responses_on_the_version_they_answered(backend: Backend) {
    let app = seeded(backend).await;
    app.post_public("/s/schools/start", &[]).await;
    answer(&app, "/s/schools/q/phase", &[("phase", "primary")]).await;
    let survey_id: i64 = sqlx::query_scalar("select id from surveys where slug = 'schools'").fetch_one(&app.db.pool).await.unwrap();
    let mut changed = chorus::demo::schools();
    changed.pages.remove(1);
    chorus::surveys::queries::save_draft(&app.db, survey_id, &changed).await.unwrap();

    let draft_only = app.get_html("/s/schools/q/role").await;
    assert!(draft_only.contains("What is your role?"), "editing the draft leaves the live version alone");
    chorus::surveys::queries::publish(&app.db, survey_id).await.unwrap();

    assert_eq!(
        count(&app, "select count(*) from survey_versions where survey_id = (select id from surveys where slug = 'schools')").await,
        2
    );
    let still = app.get_html("/s/schools/q/role").await;
    assert!(still.contains("What is your role?"), "a response in progress keeps its version");
}

async fn publishing_refuses_a_route_that_points_backwards(backend: Backend) {
    let app = seeded(backend).await;
    let survey_id: i64 = sqlx::query_scalar("select id from surveys where slug = 'schools'").fetch_one(&app.db.pool).await.unwrap();
    let mut broken = chorus::demo::schools();
    broken.pages[1].routes.push(app::survey::Route {
        question: "role".into(),
        answer: "other".into(),
        goto: app::survey::Goto::Page("phase".into()),
    });
    chorus::surveys::queries::save_draft(&app.db, survey_id, &broken).await.unwrap();

    let result = chorus::surveys::queries::publish(&app.db, survey_id).await;

    let message = result.unwrap_err().to_string();
    assert!(message.contains("routes can only go forwards"), "{message}");
    assert_eq!(
        count(&app, "select count(*) from survey_versions where survey_id = (select id from surveys where slug = 'schools')").await,
        1
    );
}

/// Another website cannot start a response in this browser, nor carry one on, take one back or
/// start as a school: the forms before a response carry a token tied to this browser's own cookie.
async fn forms_before_a_response_are_refused_from_other_websites(backend: Backend) {
    let app = seeded(backend).await;
    let start = app.get("/s/parents-carers").await;
    let cookie = start.headers()["set-cookie"].to_str().unwrap().to_owned();
    for part in ["chorus_form=", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let token = crate::helpers::csrf_field(&start.text().await.unwrap(), "form_token");
    let started = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/s/parents-carers/start", &fields).await.status().as_u16()
        }
    };
    assert_eq!(started(vec![]).await, 403, "no token");
    assert_eq!(started(vec![("form_token", "made-up".into())]).await, 403);
    assert_eq!(count(&app, "select count(*) from responses").await, 0, "nothing started");
    // Another browser's token is no good in this one.
    let other = crate::helpers::new_client();
    let elsewhere = other.get(app.url("/resume")).send().await.unwrap().text().await.unwrap();
    let theirs = crate::helpers::csrf_field(&elsewhere, "form_token");
    assert_ne!(theirs, token);
    assert_eq!(started(vec![("form_token", theirs.clone())]).await, 403);
    for path in ["/resume", "/withdraw", "/code"] {
        let refused = app.post_form(path, &[("code", "HXT4-9KMA-QF"), ("form_token", &theirs)]).await;
        assert_eq!(refused.status(), 403, "{path}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("came from another website") && html.contains("value=\"HXT4-9KMA-QF\""), "{path}: {html}");
    }
    assert_eq!(started(vec![("form_token", token)]).await, 303, "this browser's own token starts");
    assert_eq!(count(&app, "select count(*) from responses").await, 1);
}

crate::on_both_backends!(
    starting_responses_is_limited_per_client_and_in_all,
    saving_pages_is_limited_and_what_was_chosen_is_kept,
    forms_before_a_response_are_refused_from_other_websites,
    the_receipt_is_shown_just_after_sending_and_not_to_whoever_comes_next,
    codes_that_match_nothing_are_limited_per_client,
    a_parent_answers_checks_and_submits,
    submitting_twice_stores_one_response,
    routing_skips_questions_that_do_not_apply,
    nobody_can_jump_ahead_by_editing_the_address,
    a_missing_answer_gets_the_page_again_with_a_linked_error,
    bad_answers_are_refused_and_what_was_typed_is_kept,
    a_stale_or_forged_form_token_keeps_what_was_typed,
    answers_are_saved_and_carried_on_with_a_resume_code_on_another_device,
    a_wrong_resume_code_is_explained,
    codes_are_kept_only_as_hashes_and_shown_from_the_device,
    a_response_can_be_withdrawn_with_its_receipt_code,
    i_dont_understand_the_question_offers_help_before_moving_on,
    a_possible_disclosure_of_harm_is_flagged,
    a_young_person_may_say_they_do_not_understand,
    closed_draft_and_unknown_surveys_get_clear_pages,
    republishing_keeps_responses_on_the_version_they_answered,
    publishing_refuses_a_route_that_points_backwards,
);
