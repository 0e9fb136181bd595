//! Survey results: figures across versions, filters, small-number suppression and
//! who may see them.

use crate::helpers::{spawn_app, survey_id, Backend, TestApp, PASSWORD};
use chorus::domain::Role;
use chorus::respond::queries::{self as responses, Channel};

async fn live_version(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("select live_version_id from surveys where slug = $1").bind(slug).fetch_one(&app.db.pool).await.unwrap()
}

/// Sends one parents' response with these answers.
async fn parent(app: &TestApp, version: i64, n: usize, district: &str, used: &str) {
    let id = responses::create(&app.db, version, Channel::Link, &format!("hash-{n}"), &format!("RES{n:05}")).await.unwrap();
    let mut answers = app::survey::Answers::new();
    answers.insert("relationship".into(), app::survey::Answer::Choice("parent".into()));
    answers.insert("district".into(), app::survey::Answer::Choice(district.into()));
    answers.insert("used-stls".into(), app::survey::Answer::Choice(used.into()));
    answers.insert("timely".into(), app::survey::Answer::Choice("4".into()));
    answers.insert("change".into(), app::survey::Answer::Text("More visits".into()));
    assert!(responses::submit(&app.db, id, &answers, &format!("REC{n:05}")).await.unwrap());
}

/// The demo, twelve parents' responses (nine in Thanet, three in Dover; ten used
/// the service, two did not) and a staff member with `role`, signed in.
async fn with_responses(backend: Backend, role: Role) -> TestApp {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let version = live_version(&app, "parents-carers").await;
    for n in 0..12 {
        parent(&app, version, n, if n < 9 { "thanet" } else { "dover" }, if n < 10 { "yes" } else { "no" }).await;
    }
    app.add_user("staff@kent.gov.uk", role).await;
    assert_eq!(app.sign_in("staff@kent.gov.uk", PASSWORD).await.status(), 303);
    app
}

async fn an_analyst_sees_counts_percentages_and_small_groups_hidden(backend: Backend) {
    let app = with_responses(backend, Role::Analyst).await;
    let id = survey_id(&app, "parents-carers").await;

    let html = app.get_html(&format!("/admin/surveys/{id}/results")).await;

    // Twelve answered: Thanet's nine would give away Dover's three, so it is hidden with them.
    assert!(
        html.contains(
            "<th scope=\"row\">Thanet</th><td class=\"table__numeric\">not shown</td><td class=\"table__numeric\">not shown</td>"
        ),
        "{html}"
    );
    assert!(html
        .contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">fewer than 5</td><td class=\"table__numeric\">not shown</td>"));
    assert!(html.contains("<th scope=\"row\">Ashford</th><td class=\"table__numeric\">0</td><td class=\"table__numeric\">0%</td>"));
    assert!(!html.contains(">9</td>"), "{html}");
    assert!(html.contains("<th scope=\"row\">No</th><td class=\"table__numeric\">fewer than 5</td>"));
    assert!(html.contains("Mean 4.0 on a scale from 1 (Strongly disagree) to 5 (Strongly agree)"));
    assert!(html.contains("role=\"img\""), "a chart beside each table");
    assert!(!html.contains(">3</td>"), "no count under 5 is shown");
}

async fn an_administrator_sees_exact_counts(backend: Backend) {
    let app = with_responses(backend, Role::Admin).await;
    let id = survey_id(&app, "parents-carers").await;

    let html = app.get_html(&format!("/admin/surveys/{id}/results")).await;

    assert!(html.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">3</td><td class=\"table__numeric\">25%</td>"));
    assert!(html.contains("You see exact counts because you are an administrator."));
    assert!(html.contains("show this page as everyone else sees it"));

    // The version to print and share hides small counts, and keeps doing so through the filters.
    let shared = app.get_html(&format!("/admin/surveys/{id}/results?counts=shared")).await;
    assert!(shared.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">fewer than 5</td>"), "{shared}");
    assert!(shared.contains("This is the version to print and share"));
    assert!(shared.contains("name=\"counts\" value=\"shared\""));
    assert!(shared.contains("Show exact counts again"));
}

async fn the_engagement_shows_who_has_answered_every_survey(backend: Backend) {
    let app = with_responses(backend, Role::Analyst).await;
    // The engagement page's sent counts (small ones are hidden: see the themes tests).
    let engagement = app.get_html("/admin/engagements/stls-phase-2").await;
    assert!(engagement.contains("<td>12</td>"), "{engagement}");
    let html = app.get_html("/admin/engagements/stls-phase-2/responses").await;
    assert!(html.contains("<caption class=\"table__caption\">Responses to each survey</caption>"));
    assert!(html.contains(">Children and young people</th><th scope=\"col\" class=\"table__numeric\">Parents and carers</th>"));
    // Twelve parents sent; nobody else has answered.
    assert!(html.contains("<th scope=\"row\">Sent</th><td class=\"table__numeric\">0</td><td class=\"table__numeric\">12</td><td class=\"table__numeric\">0</td><td class=\"table__numeric\">12</td>"), "{html}");
    assert!(html.contains("<caption class=\"table__caption\">By district</caption>"));
    // Parents' nine in Thanet would give away the three in Dover (twelve sent), so both are hidden.
    // Young people are not asked where they live.
    assert!(html.contains("<th scope=\"row\">Thanet</th><td class=\"table__numeric\">not asked</td><td class=\"table__numeric\">not shown</td><td class=\"table__numeric\">0</td><td class=\"table__numeric\">not shown</td>"), "{html}");
    assert!(html
        .contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">not asked</td><td class=\"table__numeric\">fewer than 5</td>"));
    assert!(html.contains("<caption class=\"table__caption\">By how did you answer?</caption>"));
    // Only young people are asked how they answered: the other surveys read "not asked", not 0.
    assert!(html.contains("<td class=\"table__numeric\">0</td><td class=\"table__numeric\">not asked</td><td class=\"table__numeric\">not asked</td><td class=\"table__numeric\">0</td>"), "{html}");
    assert!(html.contains("<caption class=\"table__caption\">Responses sent each day</caption>"));
    let other = crate::helpers::spawn_app(backend).await;
    chorus::demo::seed(&other.db).await.unwrap();
    other.add_user("s@kent.gov.uk", Role::SchoolContact).await;
    other.sign_in("s@kent.gov.uk", PASSWORD).await;
    assert_eq!(other.get("/admin/engagements/stls-phase-2/responses").await.status(), 403);
}

async fn figures_kept_for_speed_follow_every_new_and_withdrawn_response(backend: Backend) {
    let app = with_responses(backend, Role::Admin).await;
    let id = survey_id(&app, "parents-carers").await;
    let page = format!("/admin/surveys/{id}/results?by=district");
    assert!(app.get_html(&page).await.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">3</td>"));
    assert!(app.get_html(&page).await.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">3</td>"), "the same when kept");
    let version = live_version(&app, "parents-carers").await;
    parent(&app, version, 50, "dover", "yes").await;
    assert!(
        app.get_html(&page).await.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">4</td>"),
        "a new response counts at once"
    );
    assert!(responses::withdraw(&app.db, "REC00050").await.unwrap());
    assert!(
        app.get_html(&page).await.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">3</td>"),
        "a withdrawn one stops counting"
    );

    // Only what was sent since is read again: a response begun before the latest but sent after
    // it, one sent with an earlier date (as an import brings paper forms), and a withdrawal with
    // a new response in the same interval all count as they should.
    let dover = |n: usize| format!("<th scope=\"row\">Dover</th><td class=\"table__numeric\">{n}</td>");
    let early = responses::create(&app.db, version, Channel::Link, "hash-early", "RESEARLY").await.unwrap();
    parent(&app, version, 51, "dover", "yes").await;
    assert!(app.get_html(&page).await.contains(&dover(4)));
    let mut answers = app::survey::Answers::new();
    answers.insert("district".into(), app::survey::Answer::Choice("dover".into()));
    assert!(responses::submit(&app.db, early, &answers, "RECEARLY").await.unwrap());
    assert!(app.get_html(&page).await.contains(&dover(5)), "sent after a later-begun one");
    parent(&app, version, 52, "dover", "yes").await;
    sqlx::query("update responses set submitted_at = submitted_at - 40 * 86400 where receipt_code_hash = $1")
        .bind(responses::code_hash("REC00052"))
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert!(app.get_html(&page).await.contains(&dover(6)), "sent with an earlier date");
    assert!(responses::withdraw(&app.db, "REC00051").await.unwrap());
    parent(&app, version, 53, "dover", "yes").await;
    assert!(app.get_html(&page).await.contains(&dover(6)), "one withdrawn and one sent");
    let filtered = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::dover")).await;
    assert!(filtered.contains("Showing only people who answered “Dover”"), "{filtered}");
    assert!(filtered.contains(&dover(6)));
}

async fn figures_stay_right_while_responses_arrive(backend: Backend) {
    let app = with_responses(backend, Role::Admin).await;
    let id = survey_id(&app, "parents-carers").await;
    let page = format!("/admin/surveys/{id}/results?by=district");
    let version = live_version(&app, "parents-carers").await;
    // Forty more in Dover, sent two at a time while the page is viewed over and over.
    let db = app.db.clone();
    let sending = tokio::spawn(async move {
        for n in 0..20 {
            let send = |n: usize| {
                let db = db.clone();
                async move {
                    let id = responses::create(&db, version, Channel::Link, &format!("busy-{n}"), &format!("BUSY{n:04}")).await.unwrap();
                    let mut answers = app::survey::Answers::new();
                    answers.insert("district".into(), app::survey::Answer::Choice("dover".into()));
                    assert!(responses::submit(&db, id, &answers, &format!("BUSYREC{n:04}")).await.unwrap());
                }
            };
            tokio::join!(send(2 * n), send(2 * n + 1));
        }
    });
    while !sending.is_finished() {
        assert!(app.get_html(&page).await.contains("<th scope=\"row\">Dover</th>"));
    }
    sending.await.unwrap();
    let html = app.get_html(&page).await;
    assert!(html.contains("<th scope=\"row\">Dover</th><td class=\"table__numeric\">43</td>"), "{html}");
}

async fn a_filter_shows_one_group_and_its_figures_stay_suppressed(backend: Backend) {
    let app = with_responses(backend, Role::Commissioner).await;
    let id = survey_id(&app, "parents-carers").await;

    // Three in Dover: too few to look at on their own, and Thanet's nine would give them away.
    for district in ["dover", "thanet"] {
        let html = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::{district}")).await;
        assert!(
            html.contains("are not shown on their own: there are too few of them, or their figures would give away a smaller group"),
            "{district}: {html}"
        );
        assert!(!html.contains("Showing only"), "{district}");
    }

    // With five more in Dover, each district may be looked at on its own.
    let version = live_version(&app, "parents-carers").await;
    for n in 20..25 {
        parent(&app, version, n, "dover", "yes").await;
    }
    let html = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::thanet")).await;
    assert!(html.contains("Showing only people who answered “Thanet” to “Which part of Kent do you live in?”"));
    assert!(html.contains("<th scope=\"row\">Thanet</th><td class=\"table__numeric\">9</td><td class=\"table__numeric\">100%</td>"));
    let dover = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::dover")).await;
    assert!(dover.contains("Showing only people who answered “Dover”"));
    assert!(
        dover.contains("<th scope=\"row\">No</th><td class=\"table__numeric\">fewer than 5</td>"),
        "small counts stay hidden within the group"
    );
    let nonsense = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::atlantis")).await;
    assert!(!nonsense.contains("Showing only"), "an unknown answer filters nothing");
}

async fn a_printed_report_says_what_it_shows_and_leaves_the_days_to_an_appendix(backend: Backend) {
    let app = with_responses(backend, Role::Commissioner).await;
    let id = survey_id(&app, "parents-carers").await;
    // Enough in Dover that Thanet may be looked at on its own.
    let version = live_version(&app, "parents-carers").await;
    for n in 20..25 {
        parent(&app, version, n, "dover", "yes").await;
    }

    let html = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::thanet&by=district")).await;

    // At the top: the survey, who is counted, the breakdown, how counts are hidden and when.
    let details = &html[html.find("id=\"report-details\"").expect("report details")..];
    let details = &details[..details.find("</dl>").unwrap()];
    assert!(details.contains("Only people who answered “Thanet” to “Which part of Kent do you live in?”"), "{details}");
    assert!(details.contains("Broken down by</dt><dd class=\"summary-list__value\">Which part of Kent do you live in?"), "{details}");
    assert!(details.contains("Counts under 5 hidden"));
    let today = chorus::db::date_in_words(chorus::db::now());
    assert!(details.contains(&format!("Figures as of</dt><dd class=\"summary-list__value\">{today}")), "{details}");
    assert!(html.find("id=\"report-details\"") < html.find("<h2 class=\"heading-l\">Responses</h2>"));
    // The day-by-day table comes last, after every answer.
    let appendix = html.find("Appendix: responses sent each day").expect("an appendix");
    assert!(html.rfind("class=\"result\"").unwrap() < appendix);
    assert_eq!(html.matches("<caption class=\"table__caption\">Responses sent each day</caption>").count(), 1);
}

/// Publishes a second version of the parents' survey: (the survey, its new version).
async fn second_version(app: &TestApp) -> (i64, i64) {
    let id = survey_id(app, "parents-carers").await;
    let mut changed = chorus::demo::parents_carers();
    changed.title = "Parents and carers, second version".into();
    chorus::surveys::queries::save_draft(&app.db, id, &changed).await.unwrap();
    chorus::surveys::queries::publish(&app.db, id).await.unwrap();
    (id, live_version(app, "parents-carers").await)
}

async fn answers_to_every_version_count_together(backend: Backend) {
    let app = with_responses(backend, Role::Analyst).await;
    let (id, version) = second_version(&app).await;
    for n in 100..103 {
        parent(&app, version, n, "thanet", "yes").await;
    }

    let html = app.get_html(&format!("/admin/surveys/{id}/results")).await;

    assert!(html.contains("15 answered."), "twelve, then three more");
    assert!(html.contains("Parents and carers, second version"));
}

async fn only_staff_with_a_reporting_role_see_results(backend: Backend) {
    for role in [Role::SchoolContact, Role::SafeguardingLead] {
        let app = with_responses(backend, role).await;
        let id = survey_id(&app, "parents-carers").await;
        assert_eq!(app.get(&format!("/admin/surveys/{id}/results")).await.status(), 403, "{role:?}");
    }
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/admin/surveys/1/results").await.status(), 303, "signed out goes to sign in");
}

async fn the_threshold_is_set_per_engagement(backend: Backend) {
    let app = with_responses(backend, Role::Analyst).await;
    sqlx::query("update engagements set suppression_threshold = 10").execute(&app.db.writer).await.unwrap();
    let id = survey_id(&app, "parents-carers").await;

    let html = app.get_html(&format!("/admin/surveys/{id}/results")).await;

    assert!(html.contains("<th scope=\"row\">Thanet</th><td class=\"table__numeric\">fewer than 10</td>"));
}

async fn made_up_demo_responses_fill_the_figures(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();

    chorus::demo::add_responses(&app.db, 90).await.unwrap();

    let started: i64 = sqlx::query_scalar("select count(*) from responses").fetch_one(&app.db.pool).await.unwrap();
    let sent: i64 =
        sqlx::query_scalar("select count(*) from responses where submitted_at is not null").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(started, 90);
    assert!(sent > 60 && sent < 90, "most are sent, some left unfinished: {sent}");
    let schools: i64 =
        sqlx::query_scalar("select count(*) from responses where school_id is not null").fetch_one(&app.db.pool).await.unwrap();
    assert!(schools > 0, "some schools used their access codes");
    let (opens, closes): (i64, i64) =
        sqlx::query_as("select opens_at, closes_at from engagements where slug = 'stls-phase-2'").fetch_one(&app.db.pool).await.unwrap();
    let (first, last): (i64, i64) = sqlx::query_as("select min(started_at), max(coalesce(submitted_at, started_at)) from responses")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(first >= opens, "every made-up response starts after the engagement opened ({first} < {opens})");
    assert!(last <= closes, "and is sent before it closes");
}

async fn exports_stream_every_answer_and_name_schools_only_for_administrators(backend: Backend) {
    let app = with_responses(backend, Role::Analyst).await;
    let id = survey_id(&app, "parents-carers").await;

    let wide = app.get(&format!("/admin/surveys/{id}/export/responses.csv")).await;
    assert_eq!(wide.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(wide.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"specialist-teaching-support-parents-and-carers-responses.csv\""));
    let wide = wide.text().await.unwrap();
    let lines: Vec<&str> = wide.lines().collect();
    assert_eq!(lines.len(), 13, "a header and one row for each of the 12 responses");
    assert!(lines[0].starts_with("\u{feff}response,sent_on,arrived_by,How are you connected"));
    assert!(!lines[0].contains("school,"), "analysts' exports do not name schools");
    assert!(lines[1].contains(",Parent,Thanet,"));

    let long = app.get_html(&format!("/admin/surveys/{id}/export/answers.csv")).await;
    assert_eq!(long.lines().count(), 1 + 12 * 5, "one row for each of the five answers of each response");
    assert!(long.contains(",district,Which part of Kent do you live in?,dover,Dover"));

    let admin = spawn_app(backend).await;
    chorus::demo::seed(&admin.db).await.unwrap();
    admin.add_user("admin@kent.gov.uk", Role::Admin).await;
    admin.sign_in("admin@kent.gov.uk", PASSWORD).await;
    let id = survey_id(&admin, "parents-carers").await;
    assert!(admin.get_html(&format!("/admin/surveys/{id}/export/answers.csv")).await.contains("arrived_by,school,"));
    assert_eq!(admin.get(&format!("/admin/surveys/{id}/export/secrets.csv")).await.status(), 404);
}

async fn answers_break_down_by_another_question_with_small_cells_hidden(backend: Backend) {
    let app = with_responses(backend, Role::Analyst).await;
    let id = survey_id(&app, "parents-carers").await;

    let html = app.get_html(&format!("/admin/surveys/{id}/results?by=district")).await;

    assert!(html.contains("By “Which part of Kent do you live in?”: count and percentage of each group"));
    assert!(html.contains("<option value=\"district\" selected>"), "the breakdown chosen stays chosen");
    // A row for each district, a column for each answer.
    let after = html
        .find("Table: Has your child&#x27;s school had support")
        .or_else(|| html.find("Table: Has your child's school had support"))
        .expect("a cross table");
    let used = &html[after..];
    let table = "Table: Has your child";
    assert_eq!(cell(used, table, "Dover", "Yes"), "fewer than 5", "Dover's three are hidden");
    // Ten said yes in all: Thanet's nine would give away Dover's one, so they are hidden too.
    assert_eq!(cell(used, table, "Thanet", "Yes"), "not shown", "Thanet's nine all said yes");
    assert!(!used[..used.find("</table>").unwrap()].contains(">9"), "nor can Thanet's count be read from its total");
    assert_eq!(cell(used, table, "Ashford", "Yes"), "0", "nobody from Ashford");
    assert_eq!(used[..used.find("</table>").unwrap()].matches("<th scope=\"row\">").count(), 12, "every district is a row of its own");
    let ignored = app.get_html(&format!("/admin/surveys/{id}/results?by=change")).await;
    assert!(!ignored.contains("count and percentage of each group"), "written answers are no breakdown");
}

async fn outcomes_roll_up_tagged_questions_by_group_and_district(backend: Backend) {
    let app = with_responses(backend, Role::Commissioner).await;
    assert!(app.get_html("/admin/engagements/stls-phase-2").await.contains("href=\"/admin/engagements/stls-phase-2/outcomes\""));

    let html = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;

    // The framework's groups head their outcomes, in the framework's order.
    let group = html.find("<h2 class=\"heading-l\">Children and young people</h2>").expect("the outcome's group");
    let first = html.find("id=\"outcome-0\" class=\"heading-m\">I get the right help at the right time</h3>").expect("the first outcome");
    let families = html.find("<h2 class=\"heading-l\">Families</h2>").expect("the second group");
    assert!(group < first && first < families, "{html}");
    // A row for Kent and for each district, a column for each question.
    let outcome = "I get the right help at the right time</h3>";
    let share = |place: &str| cell(&html, outcome, place, "Has your child");
    assert_eq!(
        share("All of Kent"),
        "not shown, as fewer than 5 answered one way (12 answered)",
        "all of Kent: ten of twelve said yes, so two said no"
    );
    assert_eq!(share("Dover"), "fewer than 5 answered", "Dover's three are hidden");
    // Kent less Thanet would give Dover away, so the results by district hide Thanet's nine,
    // and its share with them.
    assert_eq!(share("Thanet"), "not shown, as the results by district hide some of its counts", "Thanet");
    assert_eq!(share("Ashford"), "no answers", "Ashford");
    assert!(html.contains("Schools are confident to meet needs"), "every statement of the engagement");
}

/// The words of a piece of HTML, without its tags.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'").replace("&amp;", "&")
}

/// The cell in the row headed `row` and the column whose heading contains `column`, in the first
/// table after `after`.
fn cell(html: &str, after: &str, row: &str, column: &str) -> String {
    let table = &html[html.find(after).unwrap_or_else(|| panic!("no {after}"))..];
    let table = &table[table.find("<table").unwrap()..table.find("</table>").unwrap()];
    let head = &table[..table.find("</thead>").unwrap()];
    let headings: Vec<String> =
        head.split("<th scope=\"col\"").skip(1).map(|h| words(&h[h.find('>').unwrap() + 1..h.find("</th>").unwrap()])).collect();
    let index = headings.iter().position(|h| h.contains(column)).unwrap_or_else(|| panic!("no column {column} in {headings:?}"));
    let start = table.find(&format!("<th scope=\"row\">{row}</th>")).unwrap_or_else(|| panic!("no row {row}"));
    let cells: Vec<String> = table[start..table[start..].find("</tr>").unwrap() + start]
        .split("<td class=\"table__numeric\">")
        .skip(1)
        .map(|c| words(&c[..c.find("</td>").unwrap()]))
        .collect();
    // The first heading is over the rows' own headings.
    cells[index - 1].clone()
}

/// The demo and parents in three districts, asked whether their child's school had support:
/// Ashford 7 yes and 5 no, Dover 3 and 7, Thanet 6 and 6; a commissioner signed in.
async fn three_districts(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    let version = live_version(&app, "parents-carers").await;
    let mut n = 0;
    for (district, yes, no) in [("ashford", 7, 5), ("dover", 3, 7), ("thanet", 6, 6)] {
        for i in 0..yes + no {
            parent(&app, version, n, district, if i < yes { "yes" } else { "no" }).await;
            n += 1;
        }
    }
    app.add_user("staff@kent.gov.uk", Role::Commissioner).await;
    app.sign_in("staff@kent.gov.uk", PASSWORD).await;
    app
}

async fn a_groups_page_hides_what_everyones_table_by_that_group_hides(backend: Backend) {
    let app = three_districts(backend).await;
    let id = survey_id(&app, "parents-carers").await;
    let after = "Table: Has your child";
    let first_two = |html: &str| {
        let yes = cell(html, after, "Yes", "Count");
        let no = cell(html, after, "No", "Count");
        (yes, no)
    };

    // Thanet's six and six, with Ashford's page and everyone's 16, would give Dover's three away.
    let thanet = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::thanet")).await;
    assert!(thanet.contains("Showing only people who answered"), "the filter applies");
    assert_eq!(first_two(&thanet), ("not shown".into(), "not shown".into()));
    let dover = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::dover")).await;
    assert_eq!(first_two(&dover), ("fewer than 5".into(), "not shown".into()));
    let ashford = app.get_html(&format!("/admin/surveys/{id}/results?filter=district::ashford")).await;
    assert_eq!(first_two(&ashford), ("7".into(), "5".into()), "a column the table shows in full");
    assert!(!thanet.contains(">6<") && !dover.contains(">3<"));
}

async fn an_outcome_share_never_gives_away_a_count_the_results_hide(backend: Backend) {
    let app = three_districts(backend).await;
    let id = survey_id(&app, "parents-carers").await;

    // The results by district hide Dover's three, and Thanet's six beside them in the row, then
    // Thanet's other six beside those in its column.
    let html = app.get_html(&format!("/admin/surveys/{id}/results?by=district")).await;
    let after = "Table: Has your child";
    let yes: Vec<String> = ["Ashford", "Dover", "Thanet"].iter().map(|d| cell(&html, after, d, "Yes")).collect();
    assert_eq!(yes, ["7 (58%)", "fewer than 5", "not shown"], "{yes:?}");
    let no: Vec<String> = ["Ashford", "Dover", "Thanet"].iter().map(|d| cell(&html, after, d, "No")).collect();
    assert_eq!(no, ["5 (42%)", "not shown", "not shown"], "{no:?}");

    // Thanet's half of twelve, with the 16 yeses across Kent, would give Dover's three away.
    let html = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;
    let outcome = "I get the right help at the right time</h3>";
    let share = |place: &str| cell(&html, outcome, place, "Has your child");
    assert_eq!(share("All of Kent"), "47% of 34", "all of Kent");
    assert_eq!(share("Ashford"), "58% of 12", "Ashford: every count shown on the results page");
    assert_eq!(share("Dover"), "not shown, as fewer than 5 answered one way (10 answered)", "Dover");
    assert_eq!(share("Thanet"), "not shown, as the results by district hide some of its counts", "Thanet");
    let used = &html[html.find(outcome).unwrap()..];
    assert!(!used[..used.find("</table>").unwrap()].contains("50%"), "{used}");
}

/// What a survey's pages check before reusing its figures (sent, latest sent, open) matches the
/// responses themselves after every kind of write: many loaded at once, sent one by one, the
/// newest and an older one withdrawn, one deleted by the retention rules, one left unsent. On
/// PostgreSQL the state is read from counts a trigger keeps, so this is what keeps them honest.
async fn the_state_of_a_surveys_responses_follows_every_write(backend: Backend) {
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    chorus::demo::add_responses(&app.db, 300).await.unwrap();
    let survey = survey_id(&app, "parents-carers").await;
    let counted = || async {
        let (sent, latest): (i64, i64) = sqlx::query_as(
            "select count(*), coalesce(max(r.id), 0) from responses r join survey_versions v on v.id = r.survey_version_id \
             where v.survey_id = $1 and r.submitted_at is not null",
        )
        .bind(survey)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let open: i64 = sqlx::query_scalar(
            "select count(*) from responses r join survey_versions v on v.id = r.survey_version_id \
             where v.survey_id = $1 and r.withdrawn_at is null and r.deleted_at is null",
        )
        .bind(survey)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        (sent, latest, open)
    };
    // The state, and the count of sent responses the engagement's list of surveys shows.
    let engagement: i64 =
        sqlx::query_scalar("select engagement_id from surveys where id = $1").bind(survey).fetch_one(&app.db.pool).await.unwrap();
    let state = || async {
        let listed = chorus::surveys::queries::list_for_engagement(&app.db, engagement).await.unwrap();
        let state = chorus::results::queries::state(&app.db, survey).await.unwrap();
        assert_eq!(listed.iter().find(|s| s.id == survey).unwrap().submitted, state.0, "the list of surveys counts the sent");
        state
    };
    assert_eq!(state().await, counted().await, "after the demo's responses");
    assert!(state().await.0 > 50);
    let version = live_version(&app, "parents-carers").await;
    for n in 0..6 {
        parent(&app, version, n, "thanet", "yes").await;
    }
    responses::create(&app.db, version, Channel::Link, "hash-unsent", "RESUNSENT").await.unwrap();
    let before = state().await;
    assert_eq!(before, counted().await, "after six sent and one started");
    assert!(responses::withdraw(&app.db, "REC00005").await.unwrap());
    assert_eq!(state().await, counted().await, "after the newest is withdrawn");
    assert!(state().await.1 < before.1, "the latest sent is the one before");
    assert!(responses::withdraw(&app.db, "REC00001").await.unwrap());
    sqlx::query(
        "update responses set sent_before_deletion = submitted_at, submitted_at = null, deleted_at = 1 \
         where id = (select min(id) from responses where submitted_at is not null)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(state().await, counted().await, "after an older one is withdrawn and one deleted");
}

/// Exports read a survey's answers a batch of responses at a time: every answer of every sent
/// response, in order, once, whatever the batch, across versions, among other surveys' and past
/// responses sent without answers.
async fn exports_read_every_sent_answer_once_whatever_the_batch(backend: Backend) {
    use futures_util::TryStreamExt;
    let app = spawn_app(backend).await;
    chorus::demo::seed(&app.db).await.unwrap();
    chorus::demo::add_responses(&app.db, 60).await.unwrap();
    let (_, version) = second_version(&app).await;
    for n in 0..5 {
        parent(&app, version, n, "thanet", "yes").await;
    }
    responses::create(&app.db, version, Channel::Link, "hash-unsent", "RESUNSENT").await.unwrap();
    // Three sent in a row with no answers at all (every question may be left).
    for n in 10..13 {
        let id = responses::create(&app.db, version, Channel::Link, &format!("hash-{n}"), &format!("RES{n:05}")).await.unwrap();
        assert!(responses::submit(&app.db, id, &app::survey::Answers::new(), &format!("REC{n:05}")).await.unwrap());
    }
    chorus::demo::add_responses(&app.db, 30).await.unwrap();
    assert!(responses::withdraw(&app.db, "REC00002").await.unwrap());

    type Row = (i64, String, Option<String>, Option<String>, Option<i64>);
    let key = |r: chorus::results::export::AnswerRow| (r.response_id, r.question_id, r.choice, r.text_value, r.number_value);
    for slug in ["young-people", "parents-carers", "schools"] {
        let survey = survey_id(&app, slug).await;
        let expected: Vec<Row> = sqlx::query_as(
            "select r.id, a.question_id, a.choice, a.text_value, a.number_value from responses r \
             join survey_versions v on v.id = r.survey_version_id join answers a on a.response_id = r.id \
             where v.survey_id = $1 and r.submitted_at is not null order by r.id, a.question_id, a.choice",
        )
        .bind(survey)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert!(expected.len() > 40, "{slug}: {}", expected.len());
        for batch in [1, 2, 7, 1000] {
            let read: Vec<Row> =
                chorus::results::queries::sent_answers_in_batches(&app.db, survey, batch).map_ok(key).try_collect().await.unwrap();
            assert_eq!(read, expected, "{slug}, {batch} at a time");
        }
    }
}

crate::on_both_backends!(
    exports_read_every_sent_answer_once_whatever_the_batch,
    the_engagement_shows_who_has_answered_every_survey,
    the_state_of_a_surveys_responses_follows_every_write,
    figures_kept_for_speed_follow_every_new_and_withdrawn_response,
    figures_stay_right_while_responses_arrive,
    outcomes_roll_up_tagged_questions_by_group_and_district,
    an_outcome_share_never_gives_away_a_count_the_results_hide,
    a_groups_page_hides_what_everyones_table_by_that_group_hides,
    answers_break_down_by_another_question_with_small_cells_hidden,
    exports_stream_every_answer_and_name_schools_only_for_administrators,
    an_analyst_sees_counts_percentages_and_small_groups_hidden,
    an_administrator_sees_exact_counts,
    a_filter_shows_one_group_and_its_figures_stay_suppressed,
    a_printed_report_says_what_it_shows_and_leaves_the_days_to_an_appendix,
    answers_to_every_version_count_together,
    only_staff_with_a_reporting_role_see_results,
    the_threshold_is_set_per_engagement,
    made_up_demo_responses_fill_the_figures,
);
