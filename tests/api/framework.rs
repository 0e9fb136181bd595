//! The outcomes framework: outcomes kept as data in their groups, and questions linked to them
//! by choosing in the survey editor, not by typing.

use crate::helpers::{csrf_field, csrf_token_in, signed_in_as, survey_id, Backend, TestApp};
use chorus::domain::Role;

async fn scalar(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sql).bind(bind).fetch_one(&app.db.pool).await.unwrap()
}

/// The table of the outcome headed `statement` on an outcomes page.
fn table_of<'a>(html: &'a str, statement: &str) -> &'a str {
    let from = &html[html.find(&format!(">{statement}</h3>")).unwrap_or_else(|| panic!("no outcome {statement}: {html}"))..];
    &from[..from.find("</table>").unwrap()]
}

/// Whether the `<option>` with this value is the one chosen.
fn chosen(html: &str, value: &str) -> bool {
    let at = html.find(&format!("<option value=\"{value}\"")).unwrap_or_else(|| panic!("no option {value}"));
    html[at..at + html[at..].find('>').unwrap()].contains("selected")
}

/// Saves the parents' question "Has your child's school had support…" from its form, linked to
/// `outcome` (an id, or empty for none).
async fn link_used_stls(app: &TestApp, outcome: &str) -> reqwest::Response {
    let survey = survey_id(app, "parents-carers").await;
    let path = format!("/admin/surveys/{survey}/questions/used-stls");
    let form = app.get_html(&path).await;
    let (token, revision) = (csrf_token_in(&form), csrf_field(&form, "revision"));
    let fields = [
        ("csrf_token", token.as_str()),
        ("revision", revision.as_str()),
        ("kind", "yes_no"),
        ("text", "Has your child's school had support from the Specialist Teaching and Learning Service?"),
        ("required", "on"),
        ("outcome", outcome),
    ];
    app.post_form(&path, &fields).await
}

async fn outcomes_are_chosen_from_the_framework_and_changing_one_keeps_its_questions(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    assert!(app.get_html("/admin").await.contains("href=\"/admin/outcomes\""), "the staff area links to the framework");

    // The demo's framework, in its groups and order, with how many questions measure each.
    let page = app.get_html("/admin/outcomes").await;
    let order: Vec<usize> =
        [">Children and young people</h2>", ">I get the right help at the right time</dt>", ">Families</h2>", ">Schools and settings</h2>"]
            .iter()
            .map(|s| page.find(s).unwrap_or_else(|| panic!("no {s}: {page}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{page}");
    let right_help = &page[order[1]..];
    assert!(right_help[..right_help.find("</div>").unwrap()].contains("Measured by 5 questions"), "{page}");

    // Adding: each problem said beside its field, and what was typed kept.
    let token = csrf_token_in(&app.get_html("/admin/outcomes/new").await);
    let families = scalar(&app, "select id from outcome_groups where name = $1", "Families").await.to_string();
    let empty =
        app.post_form("/admin/outcomes/new", &[("csrf_token", &token), ("statement", " "), ("group", "new"), ("new_group", "")]).await;
    assert_eq!(empty.status(), 422);
    let html = empty.text().await.unwrap();
    assert!(html.contains("Enter the outcome statement") && html.contains("Enter the name of the new group"), "{html}");
    let twice =
        app.post_form("/admin/outcomes/new", &[("csrf_token", &token), ("statement", "families are PARTNERS"), ("group", &families)]).await;
    assert_eq!(twice.status(), 422, "the same words in other capitals are the same outcome");
    let html = twice.text().await.unwrap();
    assert!(html.contains("The framework already has an outcome with these words") && html.contains("families are PARTNERS"), "{html}");
    let added = app
        .post_form(
            "/admin/outcomes/new",
            &[("csrf_token", &token), ("statement", "  Families know   where to get help "), ("group", &families)],
        )
        .await;
    assert_eq!(added.headers()["location"], "/admin/outcomes?done=added");
    let page = app.get_html("/admin/outcomes?done=added").await;
    assert!(page.contains("The outcome is added.") && page.contains(">Families know where to get help</dt>"), "{page}");
    let new = scalar(&app, "select id from outcomes where statement = $1", "Families know where to get help").await.to_string();
    let old = scalar(&app, "select id from outcomes where statement = $1", "I get the right help at the right time").await.to_string();

    // The editor offers the framework, with the question's outcome chosen.
    let survey = survey_id(&app, "parents-carers").await;
    let form = app.get_html(&format!("/admin/surveys/{survey}/questions/used-stls")).await;
    assert!(chosen(&form, &old) && !chosen(&form, &new) && !chosen(&form, ""), "{form}");
    assert!(form.contains(">Families know where to get help (Families)</option>"), "{form}");

    // Only outcomes in the framework may be chosen.
    let wrong = link_used_stls(&app, "999999").await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("Choose an outcome from the framework, or none"));
    assert_eq!(link_used_stls(&app, &new).await.status(), 303);

    // The engagement's outcomes page shows the question under its new outcome at once (links are
    // not part of what respondents see, so need no publishing), and no longer under the old.
    let html = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;
    assert!(table_of(&html, "Families know where to get help").contains("Has your child"), "{html}");
    assert!(!table_of(&html, "I get the right help at the right time").contains("Has your child"), "{html}");

    // New words for the outcome: its questions stay with it.
    let token = csrf_token_in(&app.get_html(&format!("/admin/outcomes/{new}")).await);
    let changed = app
        .post_form(
            &format!("/admin/outcomes/{new}"),
            &[("csrf_token", &token), ("statement", "Families know where to find help"), ("group", &families)],
        )
        .await;
    assert_eq!(changed.headers()["location"], "/admin/outcomes?done=saved");
    let html = app.get_html("/admin/engagements/stls-phase-2/outcomes").await;
    assert!(table_of(&html, "Families know where to find help").contains("Has your child"), "{html}");

    // An outcome a question measures lists it, and cannot be removed.
    let outcome_page = app.get_html(&format!("/admin/outcomes/{new}")).await;
    assert!(outcome_page.contains(&format!("href=\"/admin/surveys/{survey}/questions/used-stls\"")), "{outcome_page}");
    assert!(!outcome_page.contains("Remove this outcome"), "{outcome_page}");
    let refused = app.post_form(&format!("/admin/outcomes/{new}/remove"), &[("csrf_token", &token)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("A question measures this outcome"));

    // Linked to none, it can go; and a group left empty goes with its last outcome.
    assert_eq!(link_used_stls(&app, "").await.status(), 303);
    let linked: i64 = sqlx::query_scalar("select count(*) from question_outcomes where survey_id = $1 and question_id = 'used-stls'")
        .bind(survey)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(linked, 0);
    assert!(app.get_html(&format!("/admin/outcomes/{new}")).await.contains("Remove this outcome"));
    let removed = app.post_form(&format!("/admin/outcomes/{new}/remove"), &[("csrf_token", &token)]).await;
    assert_eq!(removed.headers()["location"], "/admin/outcomes?done=removed");
    let alone = app
        .post_form(
            "/admin/outcomes/new",
            &[("csrf_token", &token), ("statement", "Children are healthy"), ("group", "new"), ("new_group", "Health")],
        )
        .await;
    assert_eq!(alone.status(), 303);
    assert!(app.get_html("/admin/outcomes").await.contains(">Health</h2>"));
    let health = scalar(&app, "select id from outcomes where statement = $1", "Children are healthy").await;
    app.post_form(&format!("/admin/outcomes/{health}/remove"), &[("csrf_token", &token)]).await;
    let page = app.get_html("/admin/outcomes").await;
    assert!(!page.contains("Families know where to find help") && !page.contains(">Health</h2>"), "{page}");
}

async fn a_viewer_reads_the_framework_without_forms(backend: Backend) {
    let app = signed_in_as(backend, Role::Viewer).await;
    let page = app.get_html("/admin/outcomes").await;
    assert!(page.contains(">People listen to me</dt>") && !page.contains("Add an outcome"), "{page}");
    let id = scalar(&app, "select id from outcomes where statement = $1", "People listen to me").await;
    let outcome = app.get_html(&format!("/admin/outcomes/{id}")).await;
    assert!(
        outcome.contains("People listen to me") && !outcome.contains("<textarea") && !outcome.contains("Remove this outcome"),
        "{outcome}"
    );
    assert!(outcome.contains("Do the adults who help you listen to what you want?"), "the question that measures it: {outcome}");
}

/// Sends a parent's answer to the question "The support came when my child needed it." in the
/// survey `slug`: from `district`, with `need`, supported by `provider` where it says, agreeing
/// (positive) or disagreeing.
async fn timely(app: &TestApp, slug: &str, n: usize, (district, need, provider): (&str, &str, Option<&str>), positive: bool) {
    use chorus::respond::queries::{self as responses, Channel};
    let version: i64 =
        sqlx::query_scalar("select live_version_id from surveys where slug = $1").bind(slug).fetch_one(&app.db.pool).await.unwrap();
    let id = responses::create(&app.db, version, Channel::Link, &format!("{slug}-{n}"), &format!("RES{slug}{n}")).await.unwrap();
    let mut answers = app::survey::Answers::new();
    answers.insert("district".into(), app::survey::Answer::Choice(district.into()));
    answers.insert("areas-of-need".into(), app::survey::Answer::Choices(vec![need.into()]));
    if let Some(provider) = provider {
        answers.insert("provider".into(), app::survey::Answer::Choices(vec![provider.into()]));
    }
    answers.insert("timely".into(), app::survey::Answer::Choice(if positive { "5" } else { "2" }.into()));
    assert!(responses::submit(&app.db, id, &answers, &format!("REC{slug}{n}")).await.unwrap());
}

/// The row of `place` in the KPI table headed `heading`, as its cells' words.
fn kpi_row(html: &str, heading: &str, place: &str) -> Vec<String> {
    let table = &html[html.find(&format!(">{heading}</h2>")).unwrap_or_else(|| panic!("no {heading}: {html}"))..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = &table[table.find(&format!("<th scope=\"row\">{place}</th>")).unwrap_or_else(|| panic!("no row {place}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"table__numeric\">").skip(1).map(|c| c[..c.find("</td>").unwrap()].to_string()).collect()
}

async fn a_kpi_compares_its_waves_with_its_target_by_board_district_and_area_of_need_hiding_what_would_give_a_count_away(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // Phase 1: Thanet and Dover, ten each, half agreeing; all with cognition and learning needs.
    for n in 0..20 {
        let district = if n < 10 { "thanet" } else { "dover" };
        timely(&app, "phase-1-families", n, (district, "cognition-and-learning", None), n % 2 == 0).await;
    }
    // Phase 2: Thanet 7 of 12 agree, Dover 6 of 12, Canterbury 2 of 3 (too few, and the only
    // three with physical and sensory needs). Thanet's were supported by their district team,
    // Dover's by the Sensory service, and Canterbury's by the Physical Disability service.
    let phase_2 = [("thanet", 12, 7), ("dover", 12, 6), ("canterbury", 3, 2)];
    let mut n = 0;
    for (district, answered, agreed) in phase_2 {
        for k in 0..answered {
            let (need, provider) = match district {
                "canterbury" => ("physical-and-sensory", "physical-disability-service"),
                "dover" => ("cognition-and-learning", "sensory-service"),
                _ => ("cognition-and-learning", "district-specialist-teaching-and-learning-team"),
            };
            timely(&app, "parents-carers", n, (district, need, Some(provider)), k < agreed).await;
            n += 1;
        }
    }

    // Made on the outcome's page, from the questions that measure it: one a survey.
    let outcome = scalar(&app, "select id from outcomes where statement = $1", "I get the right help at the right time").await;
    let outcome_page = app.get_html(&format!("/admin/outcomes/{outcome}")).await;
    assert!(outcome_page.contains("Families who say support came when their child needed it"), "the demo's KPI: {outcome_page}");
    let new = format!("/admin/outcomes/{outcome}/kpis/new");
    assert!(outcome_page.contains(&format!("href=\"{new}\"")), "{outcome_page}");
    let form = app.get_html(&new).await;
    let token = csrf_token_in(&form);
    let (first, second) = (survey_id(&app, "phase-1-families").await, survey_id(&app, "parents-carers").await);
    let (first_timely, second_timely, second_used) = (format!("{first}:timely"), format!("{second}:timely"), format!("{second}:used-stls"));
    assert!(form.contains(&format!("value=\"{second_used}\"")) && form.contains(&format!("value=\"{first_timely}\"")), "{form}");
    let post = |questions: Vec<&str>, target: &str| {
        let mut fields = vec![("csrf_token", token.as_str()), ("name", "Support on time"), ("baseline", "55"), ("target", target)];
        fields.extend(questions.into_iter().map(|q| ("questions", q)));
        let fields: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let app = &app;
        let new = new.clone();
        async move {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form(&new, &borrowed).await
        }
    };
    let twice = post(vec![&second_timely, &second_used], "70").await;
    assert_eq!(twice.status(), 422);
    let html = twice.text().await.unwrap();
    assert!(html.contains("Choose one question in each survey") && html.contains("value=\"Support on time\""), "{html}");
    let wrong = post(vec![&first_timely], "170").await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("The target must be a whole number from 0 to 100"));
    let made = post(vec![&first_timely, &second_timely], "70%").await;
    assert_eq!(made.status(), 303);
    let kpi = made.headers()["location"].to_str().unwrap().to_string();

    let html = app.get_html(&kpi).await;
    assert!(html.contains(">Support on time</h1>") && html.contains(">55%</dd>") && html.contains(">70%</dd>"), "{html}");
    // Phase 1, then Phase 2 (the order the engagements opened), then the latest against the target.
    assert_eq!(kpi_row(&html, "Kent and its area boards", "All of Kent"), ["50% of 20", "56% of 27", "14 points below"]);
    // East Kent holds Canterbury's three, hidden: the board goes with them.
    let protected = "not shown, so that a hidden share cannot be worked out";
    assert_eq!(kpi_row(&html, "Kent and its area boards", "East Kent"), ["50% of 20", protected, "not shown"]);
    assert_eq!(kpi_row(&html, "Kent and its area boards", "North Kent"), ["no answers", "no answers", "not shown"]);
    // The survey's results by district hide Thanet's five disagreeing beside Canterbury's one: so does the KPI.
    assert_eq!(kpi_row(&html, "Districts", "Thanet")[1], "not shown, so that a hidden share cannot be worked out");
    assert_eq!(kpi_row(&html, "Districts", "Canterbury"), ["no answers", "fewer than 5 answered", "not shown"]);
    // The survey's results by district hide Dover's counts with Canterbury's, and so does the KPI.
    assert_eq!(kpi_row(&html, "Districts", "Dover"), ["50% of 10", protected, "not shown"]);
    // Kent less those with cognition and learning needs would be Canterbury's three.
    assert_eq!(kpi_row(&html, "Areas of need", "Cognition and learning"), ["50% of 20", protected, "not shown"]);
    assert_eq!(kpi_row(&html, "Areas of need", "Physical and sensory"), ["no answers", "fewer than 5 answered", "not shown"]);
    // Nobody in Phase 1 said which parts of the service they used. The survey's results by part
    // of the service hide Canterbury's three, and with each of their small counts the smallest
    // beside it: one of the district teams' and one of the Sensory service's.
    let strands = |place| kpi_row(&html, "Parts of the service", place);
    assert_eq!(strands("Physical Disability service"), ["no answers", "fewer than 5 answered", "not shown"]);
    assert_eq!(strands("District Specialist Teaching and Learning team"), ["no answers", protected, "not shown"]);
    assert_eq!(strands("Sensory service"), ["no answers", protected, "not shown"]);

    // Moving Canterbury to South Kent: South Kent is Canterbury's three, so East Kent goes too,
    // and Kent less Thanet gives Dover and Canterbury together, never one alone.
    let boards = app.get_html("/admin/area-boards").await;
    let token = csrf_token_in(&boards);
    let moved = app.post_form("/admin/area-boards", &[("csrf_token", &token), ("Canterbury", "South Kent"), ("Dover", "East Kent")]).await;
    assert_eq!(moved.headers()["location"], "/admin/area-boards?done=saved");
    let html = app.get_html(&kpi).await;
    assert_eq!(kpi_row(&html, "Kent and its area boards", "South Kent")[1], "fewer than 5 answered");
    assert_eq!(kpi_row(&html, "Kent and its area boards", "East Kent")[1], protected);
    assert_eq!(kpi_row(&html, "Districts", "Dover")[1], protected);
    assert_eq!(kpi_row(&html, "Districts", "Thanet")[1], protected);

    // An administrator sees every share as it is.
    app.add_user("admin@kent.gov.uk", Role::Admin).await;
    let admin = app.another_browser(None);
    assert_eq!(admin.sign_in("admin@kent.gov.uk", crate::helpers::PASSWORD).await.status(), 303);
    let html = admin.get_html(&kpi).await;
    assert_eq!(kpi_row(&html, "Districts", "Dover"), ["50% of 10", "50% of 12", "20 points below"]);
    assert_eq!(kpi_row(&html, "Districts", "Canterbury")[1], "67% of 3");
    let strands = |place| kpi_row(&html, "Parts of the service", place);
    assert_eq!(strands("District Specialist Teaching and Learning team")[1], "58% of 12");
    assert_eq!(strands("Sensory service"), ["no answers", "50% of 12", "20 points below"]);
}

/// The cell of the column headed by a question starting `question`, in the row of `place`, in the
/// table of the outcome headed `statement`; `None` when no column is.
fn outcome_cell(html: &str, statement: &str, place: &str, question: &str) -> Option<String> {
    let table = table_of(html, statement);
    let head = &table[..table.find("</thead>").unwrap()];
    let column = head.split("<th scope=\"col\"").skip(2).position(|h| h.contains(&format!("<span class=\"body-s\">{question}")))?;
    let row = &table[table.find(&format!("<th scope=\"row\">{place}</th>")).unwrap_or_else(|| panic!("no row {place}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"table__numeric\">").skip(1).nth(column).map(|c| c[..c.find("</td>").unwrap()].to_string())
}

async fn the_outcomes_page_keeps_to_one_area_of_need(backend: Backend) {
    let app = signed_in_as(backend, Role::Commissioner).await;
    // Thanet's twelve have cognition and learning needs, seven agreeing; Dover's ten physical and
    // sensory needs, five agreeing.
    for n in 0..22 {
        let (district, need, positive) =
            if n < 12 { ("thanet", "cognition-and-learning", n < 7) } else { ("dover", "physical-and-sensory", n < 17) };
        timely(&app, "parents-carers", n, (district, need, None), positive).await;
    }
    // "Has your child's school had support…" is tagged as about physical and sensory needs.
    let survey = survey_id(&app, "parents-carers").await;
    let path = format!("/admin/surveys/{survey}/questions/used-stls");
    let form = app.get_html(&path).await;
    let outcome = scalar(&app, "select id from outcomes where statement = $1", "I get the right help at the right time").await.to_string();
    let (token, revision) = (csrf_token_in(&form), csrf_field(&form, "revision"));
    let fields = [
        ("csrf_token", token.as_str()),
        ("revision", revision.as_str()),
        ("kind", "yes_no"),
        ("text", "Has your child's school had support from the Specialist Teaching and Learning Service?"),
        ("required", "on"),
        ("outcome", outcome.as_str()),
        ("needs", "Physical and sensory"),
    ];
    assert_eq!(app.post_form(&path, &fields).await.status(), 303);
    let revision = csrf_field(&app.get_html(&format!("/admin/surveys/{survey}")).await, "revision");
    let published = app
        .post_form(&format!("/admin/surveys/{survey}/publish"), &[("csrf_token", token.as_str()), ("revision", revision.as_str())])
        .await;
    assert_eq!(published.status(), 303);

    let page = |need: &'static str| {
        let app = &app;
        async move { app.get_html(&format!("/admin/engagements/stls-phase-2/outcomes?need={need}")).await }
    };
    let (right_help, timely_q, used_q) = ("I get the right help at the right time", "The support came", "Has your child");
    let listen = ("People listen to me", "Do the adults who help you listen");

    let everyone = page("").await;
    assert_eq!(outcome_cell(&everyone, right_help, "All of Kent", timely_q).as_deref(), Some("55% of 22"));
    assert!(outcome_cell(&everyone, right_help, "All of Kent", used_q).is_some());
    assert!(outcome_cell(&everyone, listen.0, "All of Kent", listen.1).is_some(), "{everyone}");
    assert!(chosen(&everyone, ""), "every area of need, to begin with");

    let cognition = page("cognition-and-learning").await;
    assert!(chosen(&cognition, "cognition-and-learning") && cognition.contains("Showing Cognition and learning."));
    // Those who chose it: Thanet's twelve.
    assert_eq!(outcome_cell(&cognition, right_help, "All of Kent", timely_q).as_deref(), Some("58% of 12"));
    assert_eq!(outcome_cell(&cognition, right_help, "Thanet", timely_q).as_deref(), Some("58% of 12"));
    assert_eq!(outcome_cell(&cognition, right_help, "Dover", timely_q).as_deref(), Some("no answers"));
    // A question about another area of need is left out, and so is every question of a survey
    // that does not ask for areas of need and has none about this one.
    assert_eq!(outcome_cell(&cognition, right_help, "All of Kent", used_q), None);
    assert!(!cognition.contains(">People listen to me</h3>"), "{cognition}");

    let physical = page("physical-and-sensory").await;
    assert_eq!(outcome_cell(&physical, right_help, "All of Kent", timely_q).as_deref(), Some("50% of 10"));
    assert_eq!(outcome_cell(&physical, right_help, "Dover", timely_q).as_deref(), Some("50% of 10"));
    assert!(outcome_cell(&physical, right_help, "All of Kent", used_q).is_some(), "the question about it is kept");

    // The survey's results filtered to an area of need leave out the questions about others.
    let results = |need: &'static str| {
        let app = &app;
        async move { app.get_html(&format!("/admin/surveys/{survey}/results?filter=areas-of-need::{need}")).await }
    };
    let cognition = results("cognition-and-learning").await;
    assert!(cognition.contains("Questions about other areas of need than Cognition and learning are left out."), "{cognition}");
    assert!(!cognition.contains("id=\"q-used-stls\"") && cognition.contains("id=\"q-timely\""));
    let physical = results("physical-and-sensory").await;
    assert!(physical.contains("id=\"q-used-stls\""), "{physical}");
    assert!(!physical.contains("Questions about other areas of need"));

    // Nobody chose communication and interaction; then two did, too few to look at on their own.
    let none = page("communication-and-interaction").await;
    assert_eq!(outcome_cell(&none, right_help, "All of Kent", timely_q).as_deref(), Some("no answers"));
    for n in 22..24 {
        timely(&app, "parents-carers", n, ("ashford", "communication-and-interaction", None), true).await;
    }
    let few = page("communication-and-interaction").await;
    assert_eq!(outcome_cell(&few, right_help, "All of Kent", timely_q).as_deref(), Some("not shown, as too few chose this area of need"));
    assert_eq!(outcome_cell(&few, right_help, "Ashford", timely_q).as_deref(), Some("not shown"));
}

crate::on_both_backends!(
    the_outcomes_page_keeps_to_one_area_of_need,
    a_kpi_compares_its_waves_with_its_target_by_board_district_and_area_of_need_hiding_what_would_give_a_count_away,
    outcomes_are_chosen_from_the_framework_and_changing_one_keeps_its_questions,
    a_viewer_reads_the_framework_without_forms,
);
