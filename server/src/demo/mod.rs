//! `chorus seed-demo`: an "STLS Phase 2" engagement with three published surveys, so
//! a newcomer sees a real example at once. Running it twice changes nothing.
//! `--responses N` adds N made-up responses, so that the figures have something to show.

pub mod queries;

use crate::db::{self, Db};
use crate::surveys::profile::{choices, AREAS_OF_NEED, DISTRICTS};
use crate::surveys::queries as surveys;
use app::survey::*;

/// Made-up schools for the demo, one of each phase across several districts, with made-up
/// addresses.
const DEMO_SCHOOLS: [(&str, &str, &str, &str); 6] = [
    ("Ashford Oaks Primary School", "Ashford", "Primary", "1 Oak Lane, Ashford TN23 0XX"),
    ("Canterbury Academy", "Canterbury", "Secondary", "2 Academy Road, Canterbury CT2 0XX"),
    ("Little Acorns Nursery", "Dover", "Early years", "3 Acorn Street, Dover CT16 0XX"),
    ("Oakfield Special School", "Maidstone", "Special", "4 Field Way, Maidstone ME14 0XX"),
    ("Thanet Skills College", "Thanet", "Post-16", "5 College Road, Margate CT9 0XX"),
    ("Swale Valley All-through School", "Swale", "All-through", "6 Valley Road, Sittingbourne ME10 0XX"),
];

fn q(id: &str, text: &str, kind: QuestionKind) -> Question {
    Question::new(id, text, kind)
}

/// A symbol from Chorus's set, with its own description as alt text.
fn symbol(file: &str) -> Image {
    let s = crate::surveys::symbols::by_file(file).unwrap_or_else(|| panic!("no symbol {file}"));
    Image { src: s.src(), alt: s.alt.into() }
}

fn one_per_page(questions: Vec<Question>) -> Vec<Page> {
    questions.into_iter().map(|q| Page { id: q.id.clone(), questions: vec![q], routes: vec![] }).collect()
}

fn district_question() -> Question {
    Question {
        hint: Some("If you are not sure, choose the district of your school.".into()),
        allow_prefer_not_to_say: true,
        tags: vec!["profile:district".into()],
        ..q("district", "Which part of Kent do you live in?", QuestionKind::SingleChoice { options: choices(&DISTRICTS) })
    }
}

fn areas_question(text: &str) -> Question {
    Question {
        hint: Some("Select all that apply.".into()),
        allow_prefer_not_to_say: true,
        tags: vec!["profile:area_of_need".into()],
        ..q("areas-of-need", text, QuestionKind::MultipleChoice { options: choices(&AREAS_OF_NEED) })
    }
}

/// The survey for children and young people: Easy Read, faces, symbols.
pub fn young_people() -> SurveyDefinition {
    let faces = |labels: &[&str]| QuestionKind::Rating { style: ScaleStyle::Faces, labels: labels.iter().map(|l| l.to_string()).collect() };
    let mut pages = one_per_page(vec![
        Question {
            easy_read: Some("Do you get help at school from a special teacher who visits?".into()),
            allow_dont_understand: true,
            image: Some(symbol("teacher.svg")),
            ..q("had-help", "Have you had help from a specialist teacher who visits your school?", QuestionKind::YesNoNotSure)
        },
        Question {
            easy_read: Some("Did the help make school better for you?".into()),
            image: Some(symbol("help.svg")),
            allow_dont_understand: true,
            ..q(
                "help-rating",
                "How much did the help make school better for you?",
                faces(&["Not at all", "A little", "Some", "A lot", "Very much"]),
            )
        },
        Question {
            easy_read: Some("Do you like how your school helps you learn?".into()),
            allow_dont_understand: true,
            image: Some(symbol("books.svg")),
            ..q("school-support", "Do you like the way your school helps you to learn?", QuestionKind::LikeNotSureDislike)
        },
        Question {
            easy_read: Some("Do grown-ups listen to what you want?".into()),
            allow_dont_understand: true,
            image: Some(symbol("listening.svg")),
            ..q("listened-to", "Do the adults who help you listen to what you want?", faces(&["Never", "Sometimes", "Always"]))
        },
        Question {
            easy_read: Some("What would make school better? You can write, or ask someone to write for you.".into()),
            required: false,
            allow_prefer_not_to_say: true,
            image: Some(symbol("change.svg")),
            ..q("make-better", "What would make school better for you?", QuestionKind::LongText)
        },
        Question {
            tags: vec!["profile:age_band".into()],
            allow_prefer_not_to_say: true,
            ..q("age", "How old are you?", QuestionKind::Number { min: Some(4), max: Some(25) })
        },
        Question {
            easy_read: Some("Who filled in this survey?".into()),
            tags: vec!["profile:how_answered".into()],
            image: Some(symbol("working-together.svg")),
            ..q(
                "how-answered",
                "How did you answer these questions?",
                QuestionKind::SingleChoice {
                    options: vec![
                        Choice::new("on_my_own", "On my own"),
                        Choice::new("with_help", "With help"),
                        Choice::new("for_me", "Someone answered for me"),
                    ],
                },
            )
        },
    ]);
    // Nobody who has not had the visiting teacher's help is asked to rate it.
    pages[0].routes.push(Route { question: "had-help".into(), answer: "no".into(), goto: Goto::Page("school-support".into()) });
    SurveyDefinition {
        title: "Tell us about the help you get at school".into(),
        audience: Audience::YoungPeople,
        intro: "We want to know what you think about the help you get at school, so we can make it better.".into(),
        easy_read_intro: Some(
            "We want to make help at school better.\nWe want to know what you think.\nThere are no right or wrong answers.\nYou can ask someone to help you."
                .into(),
        ),
        minutes: 5,
        privacy: "We do not ask for your name.\nOnly the council team working on this will read your answers.\nWe will keep your answers until the end of 2027, then delete them."
            .into(),
        safeguarding_notice: true,
        pages,
    }
}

/// The survey for parents and carers.
pub fn parents_carers() -> SurveyDefinition {
    let agree = QuestionKind::Rating {
        style: ScaleStyle::Words,
        labels: ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"].map(String::from).to_vec(),
    };
    let mut pages = one_per_page(vec![
        Question {
            tags: vec!["profile:respondent_group".into()],
            ..q(
                "relationship",
                "How are you connected to a child or young person with SEND?",
                QuestionKind::SingleChoice { options: choices(&["Parent", "Carer or guardian", "Foster carer", "Other family member"]) },
            )
        },
        district_question(),
        areas_question("What are your child's areas of need?"),
        q(
            "used-stls",
            "Has your child's school had support from the Specialist Teaching and Learning Service?",
            QuestionKind::YesNoNotSure,
        ),
        q("timely", "The support came when my child needed it.", agree.clone()),
        q("involved", "I was kept informed and involved in decisions about the support.", agree),
        crate::surveys::profile::standard("provider").expect("a standard question").question(Audience::ParentsCarers),
        Question { required: false, ..q("worked-well", "What has worked well?", QuestionKind::LongText) },
        Question { required: false, ..q("change", "What one thing should change?", QuestionKind::LongText) },
    ]);
    pages[3].routes.push(Route { question: "used-stls".into(), answer: "no".into(), goto: Goto::Page("change".into()) });
    SurveyDefinition {
        title: "Specialist teaching support: parents and carers".into(),
        audience: Audience::ParentsCarers,
        intro: "Kent County Council is redesigning the Specialist Teaching and Learning Service, which helps schools support children with SEND. Tell us what works and what should change.".into(),
        easy_read_intro: None,
        minutes: 8,
        privacy: "The survey is anonymous. Kent County Council will use your answers only to redesign the service, and reports will never show groups of fewer than 5 people.\nAnswers are kept until 31 December 2027 and then deleted.".into(),
        safeguarding_notice: false,
        pages,
    }
}

/// The survey for schools and settings.
pub fn schools() -> SurveyDefinition {
    let mut pages = one_per_page(vec![
        Question {
            tags: vec!["profile:school_phase".into()],
            ..q(
                "phase",
                "What phase is your school or setting?",
                QuestionKind::SingleChoice { options: choices(&["Early years", "Primary", "Secondary", "All-through", "Post-16"]) },
            )
        },
        Question {
            tags: vec!["profile:role".into()],
            ..q(
                "role",
                "What is your role?",
                QuestionKind::SingleChoice { options: choices(&["SENCO", "Headteacher", "Teacher", "Other"]) },
            )
        },
        // Staff answer for their school: where it is, not where they live.
        crate::surveys::profile::standard("district").expect("a standard question").question(Audience::Schools),
        Question {
            required: true,
            ..q("used-service", "Has your school or setting used the service in the last 12 months?", QuestionKind::YesNoNotSure)
        },
        Question {
            hint: Some("Count referrals made in the last 12 months.".into()),
            ..q(
                "referrals",
                "How many pupils did you refer to the service in the last year?",
                QuestionKind::Number { min: Some(0), max: Some(500) },
            )
        },
        q(
            "confidence",
            "How much has the service improved your staff's confidence to meet needs?",
            QuestionKind::Rating {
                style: ScaleStyle::Words,
                labels: ["Not at all", "A little", "Somewhat", "A lot", "Completely"].map(String::from).to_vec(),
            },
        ),
        areas_question("For which areas of need would you most like more support?"),
        Question { required: false, ..q("suggestions", "How could the service work better with your school?", QuestionKind::LongText) },
    ]);
    // A school that has not used the service is not asked about referrals or what it changed.
    let used = pages.iter().position(|p| p.id == "used-service").expect("the used-service page");
    pages[used].routes.push(Route { question: "used-service".into(), answer: "no".into(), goto: Goto::Page("areas-of-need".into()) });
    SurveyDefinition {
        title: "Specialist teaching support: schools and settings".into(),
        audience: Audience::Schools,
        intro: "Tell us how the Specialist Teaching and Learning Service works for your school or setting and what the new service should offer.".into(),
        easy_read_intro: None,
        minutes: 10,
        privacy: "Answers are attributed to your school when you use your school's access code, and never to a named person. Reports never show groups of fewer than 5 schools.".into(),
        safeguarding_notice: false,
        pages,
    }
}

/// How many days before the demo is loaded its engagement opened: longer than the four weeks
/// its made-up responses are spread over.
const OPEN_FOR_DAYS: i64 = 35;

/// The demo's outcomes framework: its groups, each with its outcome statements in order.
pub const FRAMEWORK: &[(&str, &[&str])] = &[
    ("Children and young people", &["I get the right help at the right time", "I enjoy learning and make progress", "People listen to me"]),
    ("Families", &["Families are partners"]),
    ("Schools and settings", &["Schools are confident to meet needs"]),
];

/// Which demo questions measure which outcome, as (survey slug, question id, outcome statement).
pub const MEASURES: &[(&str, &str, &str)] = &[
    ("young-people", "had-help", "I get the right help at the right time"),
    ("young-people", "help-rating", "I get the right help at the right time"),
    ("young-people", "school-support", "I enjoy learning and make progress"),
    ("young-people", "listened-to", "People listen to me"),
    ("parents-carers", "used-stls", "I get the right help at the right time"),
    ("parents-carers", "timely", "I get the right help at the right time"),
    ("parents-carers", "involved", "Families are partners"),
    ("schools", "confidence", "Schools are confident to meet needs"),
    ("phase-1-families", "timely", "I get the right help at the right time"),
    ("phase-1-families", "involved", "Families are partners"),
];

/// Adds the demo's outcomes framework and links its surveys' questions to it.
async fn outcomes_framework(db: &Db) -> anyhow::Result<()> {
    use crate::outcomes::queries::{self as outcomes, GroupChoice};
    for (group, statements) in FRAMEWORK {
        for statement in *statements {
            outcomes::add(db, GroupChoice::New(group.to_string()), statement).await?;
        }
    }
    let framework = outcomes::framework(db).await?;
    for (slug, question, statement) in MEASURES {
        let survey = surveys::id_by_slug(db, slug).await?.ok_or_else(|| anyhow::anyhow!("no demo survey {slug}"))?;
        let outcome = framework.iter().find(|o| o.statement == *statement).map(|o| o.id);
        outcomes::link(db, survey, question, outcome).await?;
    }
    // A KPI measured in both phases: the same question to families, Phase 1 then Phase 2.
    let right_help = framework.iter().find(|o| o.statement == "I get the right help at the right time").map(|o| o.id);
    let first = surveys::id_by_slug(db, "phase-1-families").await?;
    let second = surveys::id_by_slug(db, "parents-carers").await?;
    if let (Some(outcome), Some(first), Some(second)) = (right_help, first, second) {
        let fields = outcomes::KpiFields {
            name: "Families who say support came when their child needed it".into(),
            baseline: Some(55),
            target: Some(70),
            period: "April 2027 to March 2028".into(),
            questions: vec![(first, "timely".into()), (second, "timely".into())],
        };
        outcomes::save_kpi(db, None, outcome, fields).await?;
    }
    Ok(())
}

/// Made-up numbers of children and young people with SEND giving each answer to the equality
/// questions, by characteristic: what the equality evidence compares who took part with.
const EQUALITY_POPULATION: &[(&str, &[(&str, i64)])] = &[
    ("Sex", &[("Female", 15_100), ("Male", 29_900)]),
    (
        "Ethnic group",
        &[
            ("Asian or Asian British", 1_800),
            ("Black, Black British, Caribbean or African", 1_300),
            ("Mixed or multiple ethnic groups", 2_500),
            ("White", 38_600),
            ("Another ethnic group", 800),
        ],
    ),
    ("EHCP or SEN support", &[("An education, health and care plan (EHCP)", 18_000), ("SEN support, without an EHCP", 27_000)]),
    ("Main language at home", &[("English", 41_000), ("English and another language", 2_800), ("Another language", 1_200)]),
];

/// The demo population's numbers for the characteristic `key`.
fn population_weights(key: &str) -> Option<&'static [(&'static str, i64)]> {
    let name = crate::surveys::profile::EQUALITY.iter().find(|(k, _)| *k == key)?.1;
    EQUALITY_POPULATION.iter().find(|(n, _)| *n == name).map(|(_, w)| *w)
}

/// Made-up numbers of children and young people with SEND in each district with each area of
/// need, for the response rates.
async fn population(db: &Db) -> anyhow::Result<()> {
    let mut csv = String::new();
    for (i, district) in DISTRICTS.iter().enumerate() {
        for (j, need) in AREAS_OF_NEED.iter().enumerate() {
            let children = 600 + ((i * 37 + j * 53) % 11) * 45 - j * 90;
            csv.push_str(&format!("{district},\"{need}\",{children}\n"));
        }
    }
    let rows = crate::results::reach::parse(&csv).map_err(|p| anyhow::anyhow!("the demo's numbers: {p:?}"))?;
    crate::results::reach::replace_population(db, rows).await?;
    let mut csv = String::new();
    for (name, answers) in EQUALITY_POPULATION {
        for (answer, people) in answers.iter() {
            csv.push_str(&format!("{name},\"{answer}\",{people}\n"));
        }
    }
    let rows = crate::results::equality_population::parse(&csv).map_err(|p| anyhow::anyhow!("the demo's equality numbers: {p:?}"))?;
    crate::results::equality_population::replace(db, rows).await
}

/// Loads the demo engagement and surveys unless they are already there.
pub async fn seed(db: &Db) -> anyhow::Result<bool> {
    if queries::engagement_exists(db, "stls-phase-2").await? {
        return Ok(false);
    }
    let now = db::now();
    // Opened five weeks ago, so that the made-up responses (spread over the last four weeks)
    // all fall inside its open period.
    let opened = now - OPEN_FOR_DAYS * 86_400;
    let contact = "the STLS engagement team at stls.engagement@example.org or 03000 000000";
    let engagement_id = queries::insert_engagement(
        db,
        ("stls-phase-2", "Specialist Teaching and Learning Service: Phase 2", "open", contact),
        "Help us redesign the service that supports schools to teach children and young people with special educational needs and disabilities.",
        "Some children need extra help to learn at school.\nA team of teachers helps their schools to help them.\nWe want to make that help better.\nTell us what you think.",
        (opened, now + 90 * 86_400),
    )
    .await?;
    for (slug, definition) in [("young-people", young_people()), ("parents-carers", parents_carers()), ("schools", schools())] {
        let id = surveys::insert(db, engagement_id, slug, &definition).await?;
        surveys::publish(db, id).await?;
        if slug == "schools" {
            for (name, district, phase, address) in DEMO_SCHOOLS {
                crate::schools::queries::insert(db, name, district, phase, address).await?;
            }
            crate::schools::queries::generate_codes(db, id, crate::web::codes::short_code).await?;
        }
    }
    // The first phase, which closed before the second opened: its survey asked families what
    // works in the service today.
    let first = queries::insert_engagement(
        db,
        ("stls-phase-1", "Specialist Teaching and Learning Service: Phase 1", "published", contact),
        "Tell us what works well in the service today, and what does not, before we plan any changes.",
        "We asked families what works in the service now.\nThis part has finished.",
        (opened - 120 * 86_400, opened - 40 * 86_400),
    )
    .await?;
    let id = surveys::insert(db, first, "phase-1-families", &first_phase_survey()).await?;
    surveys::publish(db, id).await?;
    // Its results page shows two of the questions' figures as well as who took part.
    let picked = [(id, "timely".to_string()), (id, "involved".to_string())];
    crate::results::queries::set_public_questions(db, first, &picked).await?;
    what_phase_1_changed(db, first, opened).await?;
    outcomes_framework(db).await?;
    population(db).await?;
    draft_specification(db, engagement_id).await?;
    Ok(true)
}

/// A section of the demo specification: (heading, text, Easy Read lines).
type DemoSection = (&'static str, &'static str, &'static [&'static str]);

const SPECIFICATION: [DemoSection; 6] = [
    (
        "Who the service is for",
        "Children and young people from birth to 25 with special educational needs and disabilities who learn in mainstream early years settings, schools and colleges in Kent, and the staff who teach them.\n\nA child does not need an education, health and care plan to be helped.",
        &["It is for children and young people with SEND.", "They go to ordinary schools and nurseries in Kent.", "You do not need a plan to get help."],
    ),
    (
        "District teams",
        "A specialist teaching and learning team in each of Kent's 12 districts works with the schools there. Schools ask for help through their Local Inclusion Forum Team (LIFT) meeting, where teachers agree together how best to help a child.",
        &["There is a team of teachers in every part of Kent.", "Schools meet them to plan help for a child."],
    ),
    (
        "Sensory and physical disability services",
        "Countywide specialist teachers support children who are deaf or have a hearing impairment, who are blind or have a vision impairment, who have multi-sensory impairment, and who have a physical disability, wherever they go to school in Kent.",
        &["Some teachers help children who cannot hear or see well.", "Some help children with a physical disability."],
    ),
    (
        "Training for school staff",
        "Every school can book training for its staff in teaching children with SEND, from whole-school sessions to coaching for one teacher. Training is free to Kent maintained schools and academies.",
        &["Teachers can learn how to help you more.", "The training is free for schools."],
    ),
    (
        "Outreach",
        "Specialist teachers visit children in their own classrooms to assess what helps them learn, show staff what to do and check later that it is working.",
        &["A teacher can come to your class.", "They see what helps you learn.", "They come back to check it works."],
    ),
    (
        "Outcomes and how we will know",
        "The service is measured against the Children and Young People's Outcomes Framework, with key performance indicators agreed with families and schools: how quickly schools get help, whether children make progress, and whether families feel listened to.",
        &["We will check the help is working.", "We will ask families and schools what they think."],
    ),
];

/// A draft service specification for the second phase, published twice: the second version
/// changed the district teams because of what schools and families said.
async fn draft_specification(db: &Db, engagement: i64) -> anyhow::Result<()> {
    use app::pages::documents::DocSection;
    let id =
        crate::documents::queries::insert(db, engagement, "service-specification", "STLS service specification (draft)", db::now()).await?;
    let mut sections: Vec<DocSection> = SPECIFICATION
        .iter()
        .map(|(heading, text, easy_read)| DocSection {
            key: crate::surveys::profile::slugify(heading),
            heading: heading.to_string(),
            text: text.to_string(),
            easy_read: easy_read.iter().map(|l| l.to_string()).collect(),
            ..Default::default()
        })
        .collect();
    // Symbols beside the Easy Read, for readers who rely on them.
    for (section, file) in sections.iter_mut().zip(["school.svg", "teacher.svg", "listening.svg", "books.svg", "help.svg", "thumbs-up.svg"])
    {
        section.symbol = crate::surveys::symbols::by_file(file).map(|s| app::survey::Image { src: s.src(), alt: s.alt.to_string() });
    }
    // The district teams answer the waits families told Phase 1 about; outreach, the visit reports.
    let heard = crate::documents::queries::you_said_published(db).await?;
    let entry = |start: &str| heard.iter().filter(|(_, _, said, _)| said.starts_with(start)).map(|(id, ..)| *id).collect::<Vec<_>>();
    sections[1].answers = entry("Families waited too long");
    sections[4].answers = entry("Parents wanted to know what the specialist teacher");
    // The outcome statements each section works towards, as the surveys' questions measure them.
    for (section, outcomes) in sections.iter_mut().zip([
        &["I get the right help at the right time"][..],
        &["I get the right help at the right time", "Schools are confident to meet needs"],
        &["I enjoy learning and make progress"],
        &["Schools are confident to meet needs"],
        &["I enjoy learning and make progress", "Families are partners"],
        &["People listen to me", "Families are partners"],
    ]) {
        section.outcomes = outcomes.iter().map(|o| o.to_string()).collect();
    }
    let publish = |was: String, sections: Vec<DocSection>, note: &'static str| async move {
        let draft = serde_json::to_string(&sections)?;
        let next: Vec<DocSection> = sections.into_iter().map(|s| DocSection { why: String::new(), because: vec![], ..s }).collect();
        let next = serde_json::to_string(&next)?;
        crate::documents::queries::save_draft(db, id, &was, &draft, db::now()).await?;
        crate::documents::queries::publish(db, id, &draft, &next, note, false, None, db::now()).await?;
        anyhow::Ok(next)
    };
    let was = publish("[]".into(), sections.clone(), "The first draft, for families, young people and schools to read.").await?;
    let led_to_change = comments_on_specification(db, id, 1).await?;
    sections[1]
        .text
        .push_str(" Every school has a named specialist teacher, and every request for help gets a reply within ten school days.");
    sections[1].easy_read.push("Every school has its own specialist teacher.".into());
    sections[1].why = "Parents and schools told us nobody knew who to contact, and that they waited a whole term to hear back.".into();
    sections[1].because = led_to_change;
    publish(
        was,
        sections,
        "District teams: every school has a named specialist teacher and a reply within ten school days, because schools and parents said help was hard to reach and slow to come.",
    )
    .await?;
    comments_on_specification(db, id, 2).await?;
    Ok(())
}

/// Made-up feedback on a demo section: (section key, who, reaction, did not understand, comment,
/// the council's reply as (kind, words)).
type DemoFeedback = (&'static str, &'static str, &'static str, bool, &'static str, Option<(&'static str, &'static str)>);

/// What people said about the first version, which the second answered.
const ON_VERSION_1: &[DemoFeedback] = &[
    ("district-teams", "parents_carers", "against", false, "We waited a whole term to hear anything after the LIFT meeting, and nobody at school knew who to ring.", Some(("changed", "Every school now has a named specialist teacher, and every request for help gets a reply within ten school days. See version 2."))),
    ("district-teams", "schools", "not_sure", false, "LIFT works when the specialist teacher can come. We never know who our teacher is from one term to the next.", Some(("changed", "Each school now has a named specialist teacher, who stays the same wherever possible."))),
    ("district-teams", "young_people", "support", false, "I liked the teacher who came to my class.", Some(("noted", "Thank you. Visits to classes stay part of the service."))),
    ("training-for-school-staff", "schools", "not_sure", false, "Teaching assistants need the training as much as teachers do.", Some(("not_changed", "The training is already open to every member of staff, teaching assistants too. We will say so more clearly when we tell schools about it."))),
];

/// What people have said about the second version so far, some of it not yet answered.
const ON_VERSION_2: &[DemoFeedback] = &[
    ("district-teams", "young_people", "support", false, "Having the same teacher every time is good.", None),
    (
        "district-teams",
        "parents_carers",
        "support",
        false,
        "Ten school days is much better. Will parents be told when the school asks for help?",
        None,
    ),
    (
        "outreach",
        "parents_carers",
        "support",
        false,
        "Please make sure the visit happens when my son is in class, not at lunchtime.",
        Some(("noted", "We have added this to the guidance for specialist teachers: visits are in lessons.")),
    ),
    ("outcomes-and-how-we-will-know", "young_people", "not_sure", true, "What is a key performance indicator?", None),
    ("training-for-school-staff", "schools", "support", false, "Teaching assistants need this training as much as teachers.", None),
    (
        "training-for-school-staff",
        "schools",
        "support",
        false,
        "Please open the training to our teaching assistants and lunchtime staff.",
        None,
    ),
    (
        "training-for-school-staff",
        "schools",
        "not_sure",
        false,
        "Our teaching assistants work one to one with the children and never get trained.",
        None,
    ),
    ("training-for-school-staff", "schools", "support", false, "Online sessions after school would mean more staff could come.", None),
    (
        "training-for-school-staff",
        "schools",
        "not_sure",
        false,
        "Short online sessions we can watch after school would help a small school.",
        None,
    ),
    ("training-for-school-staff", "parents_carers", "support", false, "Could parents come to some of the training too?", None),
    (
        "training-for-school-staff",
        "parents_carers",
        "support",
        false,
        "Parents would like to learn the same strategies to use at home.",
        None,
    ),
    ("training-for-school-staff", "schools", "against", false, "Supply cover costs too much for us to release staff for training.", None),
];

/// Reactions without comments, so each section has figures: (section, who, how many support,
/// are not sure, are against, did not understand).
const REACTIONS_ON_VERSION_2: &[(&str, &str, usize, usize, usize, usize)] = &[
    ("who-the-service-is-for", "parents_carers", 14, 3, 1, 0),
    ("who-the-service-is-for", "young_people", 6, 2, 0, 1),
    ("district-teams", "parents_carers", 21, 4, 2, 0),
    ("district-teams", "schools", 12, 5, 1, 0),
    ("district-teams", "young_people", 7, 1, 0, 0),
    ("sensory-and-physical-disability-services", "parents_carers", 9, 1, 0, 0),
    ("training-for-school-staff", "schools", 15, 6, 2, 0),
    ("outreach", "schools", 8, 3, 0, 0),
    ("outcomes-and-how-we-will-know", "young_people", 2, 6, 1, 9),
    ("outcomes-and-how-we-will-know", "parents_carers", 6, 8, 2, 3),
];

/// Made-up feedback and replies on version `number` of the demo specification, and on version 2
/// a workshop; the comments whose reply says the section changed, by id.
async fn comments_on_specification(db: &Db, document: i64, number: i64) -> anyhow::Result<Vec<i64>> {
    use crate::documents::queries::{add_feedback, reply, versions, NewFeedback};
    let versions = versions(db, document).await?;
    let version = |n: i64| versions.iter().find(|v| v.number == n).map(|v| v.id).ok_or_else(|| anyhow::anyhow!("version {n} is missing"));
    let today = db::day_of(db::now());
    let add = |version_id: i64,
               key: &'static str,
               audience: &'static str,
               reaction: Option<&'static str>,
               unclear: bool,
               comment: &'static str| {
        let hash = crate::web::codes::hash_secret(&crate::web::codes::secret_token());
        async move {
            let f = NewFeedback {
                version_id,
                section_key: key,
                reaction,
                unclear,
                comment,
                audience,
                school_id: None,
                flagged: false,
                link_hash: &hash,
                sent_on: today,
                member_id: None,
            };
            add_feedback(db, f).await
        }
    };
    let version_id = version(number)?;
    let mut changed = Vec::new();
    for (key, audience, reaction, unclear, comment, answer) in if number == 1 { ON_VERSION_1 } else { ON_VERSION_2 } {
        let id = add(version_id, key, audience, Some(*reaction), *unclear, comment).await?;
        if let (Some(id), Some((kind, words))) = (id, answer) {
            reply(db, id, version_id, kind, words, None, db::now()).await?;
            if *kind == "changed" {
                changed.push(id);
            }
        }
    }
    if number == 1 {
        return Ok(changed);
    }
    let sections = ["district-teams".to_string(), "outreach".to_string()];
    let workshop = crate::documents::queries::NewWorkshop {
        document_id: document,
        held_on: today - 7 * 86_400,
        title: "Parents' and young people's workshop in Canterbury",
        groups: [6, 11, 2, 0],
        sections: &sections,
        agreed: "Every school should know its specialist teacher by name, and visits should happen in lessons, not at break.",
    };
    crate::documents::queries::add_workshop(db, workshop, None, db::now()).await?;
    for (key, audience, support, not_sure, against, unclear) in REACTIONS_ON_VERSION_2 {
        let reactions = [("support", *support), ("not_sure", *not_sure), ("against", *against)];
        for (i, reaction) in reactions.iter().flat_map(|(r, n)| std::iter::repeat_n(*r, *n)).enumerate() {
            add(version_id, key, audience, Some(reaction), i < *unclear, "").await?;
        }
    }
    Ok(changed)
}

/// What the council published after the first phase: one entry planned, then done; one in
/// progress; and one it will not do, with its reason.
async fn what_phase_1_changed(db: &Db, engagement: i64, phase_2_opened: i64) -> anyhow::Result<()> {
    use crate::you_said::queries::{insert, publish_changes, update, EntryInput, Status};
    let entry = |said: &str, did: &str, status: Status, reason: &str, easy_read: &str| EntryInput {
        said: said.into(),
        did: did.into(),
        status,
        reason: reason.into(),
        owner: "STLS commissioning team".into(),
        easy_read: easy_read.into(),
        themes: vec![],
    };
    let waits = entry(
        "Families waited too long to hear back after asking for help.",
        "Every request for help will get a reply within ten school days.",
        Status::Planned,
        "",
        "You told us you waited too long.\nWe will reply within two weeks.",
    );
    let first = insert(db, engagement, &waits).await?;
    insert(
        db,
        engagement,
        &entry(
            "Parents wanted to know what the specialist teacher recommended.",
            "Sending parents a copy of every visit report, written in plain English.",
            Status::InProgress,
            "",
            "You wanted to see the teacher's report.\nWe are sending reports to parents.",
        ),
    )
    .await?;
    insert(
        db,
        engagement,
        &entry(
            "Some families asked for the service to work in the school holidays.",
            "The service will keep to school terms.",
            Status::NotDoing,
            "The specialist teachers work with schools, which are closed in the holidays. The helpline stays open all year.",
            "",
        ),
    )
    .await?;
    publish_changes(db, engagement, None, phase_2_opened - 30 * 86_400).await?;
    let done = EntryInput {
        did: "Every request for help now gets a reply within ten school days.".into(),
        status: Status::Done,
        easy_read: "You told us you waited too long.\nNow we reply within two weeks.".into(),
        ..waits
    };
    update(db, first, &done).await?;
    publish_changes(db, engagement, None, phase_2_opened - 5 * 86_400).await?;
    Ok(())
}

/// The first phase's survey: the parents' and carers' questions, then the equality monitoring
/// section.
fn first_phase_survey() -> SurveyDefinition {
    let mut def = SurveyDefinition { title: "What works in the service today: parents and carers".into(), ..parents_carers() };
    crate::surveys::edits::add_equality(&mut def).expect("the equality questions fit after the rest");
    def
}

/// What people might write to each demo question: for each theme, several ways of saying it.
fn written_themes(question: &str) -> &'static [&'static [&'static str]] {
    match question {
        "make-better" => &[
            &[
                "More time with the teacher who visits",
                "I want the special teacher to come more often",
                "Seeing my support teacher every week",
                "More help from the teacher who comes in",
            ],
            &[
                "A quiet place to go when it gets too loud",
                "Somewhere calm when the classroom is noisy",
                "A quiet room at break times",
                "Less noise in the corridors",
            ],
            &[
                "If teachers explained things again without me asking",
                "Teachers checking I understand the work",
                "Instructions written down so I can remember them",
                "Explaining things in smaller steps",
            ],
            &[
                "Help with reading in every lesson",
                "Someone to help me read the worksheets",
                "Books that are easier to read",
                "Reading help in science and history too",
            ],
            &["Less waiting for help", "Not having to wait ages for someone to help me", "Getting help straight away when I am stuck"],
            &["Being able to use my laptop", "Using a tablet to type instead of writing", "My laptop in every lesson"],
            &["Friends to play with at lunch", "A lunch club so I am not on my own", "Help making friends at break"],
        ],
        "worked-well" => &[
            &[
                "The specialist teacher gave the class teacher practical ideas that worked straight away",
                "Practical strategies the teacher could use the next day",
                "Really useful practical ideas for the classroom",
                "The ideas for the classroom were simple and they worked",
            ],
            &[
                "Clear advice written in the plan that everyone followed",
                "The written report was clear and the school followed it",
                "A clear plan with targets we could all understand",
            ],
            &[
                "They listened to us as parents and to our son",
                "For the first time someone really listened to us",
                "They listened to our daughter and took her views seriously",
                "We felt heard as a family",
            ],
            &[
                "The visits helped his confidence a lot",
                "Her confidence has grown since the visits",
                "He is much more confident in class now",
            ],
            &[
                "Training for the teaching assistants made a real difference",
                "The training for support staff was excellent",
                "The teaching assistant now knows how to help him",
            ],
            &[
                "Quick response once the referral was accepted",
                "Once we were accepted the visit came quickly",
                "They came out quickly after the referral",
            ],
            &["Everything, thank you", "Excellent service, thank you so much", "Really good", "Brilliant"],
        ],
        "change" => &[
            &[
                "The wait for a visit was far too long",
                "We waited months for the first visit",
                "Far too long on the waiting list",
                "The waiting time for an assessment was over a year",
                "Long waits with no updates",
            ],
            &[
                "We were never told what the specialist teacher recommended",
                "Nobody shared the report with us",
                "We had to chase the school to see the recommendations",
                "Parents should get a copy of the advice",
            ],
            &[
                "More visits and follow-up, not just one report",
                "One visit is not enough, there needs to be follow-up",
                "Check back a term later to see if the strategies are working",
                "Regular reviews rather than a single visit",
            ],
            &[
                "Parents should be invited to the meetings",
                "Include parents in the planning meetings",
                "We were left out of the meetings about our own child",
            ],
            &[
                "Communication between the school and the service",
                "The school and the service do not talk to each other",
                "Better communication between everyone involved",
            ],
            &[
                "Support stopped when she moved to secondary school",
                "Everything stopped at the move to secondary",
                "Support should carry on when children change school",
            ],
        ],
        "suggestions" => &[
            &[
                "Faster response times to referrals",
                "Referrals take too long to be picked up",
                "Quicker acceptance of referrals",
                "Shorter waits between referral and first visit",
            ],
            &[
                "More training for whole staff teams, not just the SENCO",
                "Whole-school training on autism and ADHD",
                "Training for teaching assistants and lunchtime staff",
                "Twilight training sessions for all staff",
            ],
            &[
                "Regular drop-in sessions for advice",
                "A phone line or drop-in for quick advice",
                "Termly surgeries where we can ask questions",
            ],
            &[
                "Clearer criteria for what the service will take on",
                "We are not sure what counts as a suitable referral",
                "Clear guidance on the referral criteria",
            ],
            &[
                "Follow-up visits to check that strategies are working",
                "Review visits after the first report",
                "Come back to see whether the advice worked",
            ],
            &[
                "More support for social, emotional and mental health needs",
                "Help with pupils whose anxiety stops them attending",
                "SEMH support is the biggest gap for us",
            ],
        ],
        _ => &[&["No comment"]],
    }
}

/// A written answer to `question`: a theme, one way of saying it, sometimes with a word before
/// or after, and now and then an answer that says nothing. One young person in about twenty-five
/// writes something a safeguarding lead must read.
fn written_answer(question: &str, rng: &mut impl rand::Rng) -> String {
    const SAID_NOTHING: &[&str] = &["nothing", "n/a", "Nothing really", "No", "Can't think of anything"];
    const BEFORE: &[&str] = &["", "", "", "I think ", "Honestly, ", "For us, ", "Mainly: "];
    const AFTER: &[&str] = &["", "", "", ".", " Thank you.", " It would make a big difference.", " That is the main thing."];
    if question == "make-better" && rng.gen_ratio(1, 25) {
        return "I don't feel safe on the bus home because older kids hit me".into();
    }
    if rng.gen_ratio(1, 12) {
        return SAID_NOTHING[rng.gen_range(0..SAID_NOTHING.len())].into();
    }
    let themes = written_themes(question);
    let ways = themes[rng.gen_range(0..themes.len())];
    let said = ways[rng.gen_range(0..ways.len())];
    let before = BEFORE[rng.gen_range(0..BEFORE.len())];
    let after = AFTER[rng.gen_range(0..AFTER.len())];
    let keeps_capital = said.starts_with("I ") || said.starts_with("I'");
    let said = if before.is_empty() || keeps_capital {
        format!("{before}{said}")
    } else {
        format!("{before}{}{}", said[..1].to_lowercase(), &said[1..])
    };
    format!("{said}{after}")
}

/// A plausible answer to `q`, or none for an optional question left blank.
fn made_up_answer(q: &Question, rng: &mut impl rand::Rng) -> Option<Answer> {
    if !q.required && rng.gen_ratio(1, 6) {
        return None;
    }
    if q.allow_prefer_not_to_say && rng.gen_ratio(1, 40) {
        return Some(Answer::PreferNotToSay);
    }
    if q.allow_dont_understand && rng.gen_ratio(1, 30) {
        return Some(Answer::DontUnderstand);
    }
    let options = q.kind.options();
    // Equality answers follow the demo's population, but families who speak another language at
    // home answer less often, as they often do: the evidence page shows the gap.
    if let Some(weights) = crate::surveys::profile::equality_key(q).and_then(population_weights) {
        let weight = |label: &str| {
            let people = weights.iter().find(|(l, _)| *l == label).map(|(_, n)| *n).unwrap_or(0);
            if label.contains("another language") || label == "Another language" {
                people / 3
            } else {
                people
            }
        };
        let total: i64 = options.iter().map(|(_, l)| weight(l)).sum();
        if total > 0 {
            let mut roll = rng.gen_range(0..total);
            for (value, label) in &options {
                roll -= weight(label);
                if roll < 0 {
                    return Some(Answer::Choice(value.clone()));
                }
            }
        }
    }
    // Leaning towards the later (more positive) options, as real feedback often does.
    let pick = |rng: &mut dyn rand::RngCore| {
        let n = options.len();
        let a = rand::Rng::gen_range(rng, 0..n);
        let b = rand::Rng::gen_range(rng, 0..n);
        options[a.max(b)].0.clone()
    };
    Some(match &q.kind {
        QuestionKind::MultipleChoice { .. } => {
            let mut chosen: Vec<String> = options.iter().filter(|_| rng.gen_ratio(1, 3)).map(|(v, _)| v.clone()).collect();
            if chosen.is_empty() {
                chosen.push(options[rng.gen_range(0..options.len())].0.clone());
            }
            Answer::Choices(chosen)
        }
        QuestionKind::SingleChoice { .. } if q.tags.iter().any(|t| t.starts_with("profile:")) => {
            Answer::Choice(options[rng.gen_range(0..options.len())].0.clone())
        }
        QuestionKind::YesNoNotSure => {
            let roll = rng.gen_range(0..100);
            Answer::Choice(
                if roll < 60 {
                    "yes"
                } else if roll < 85 {
                    "no"
                } else {
                    "not_sure"
                }
                .into(),
            )
        }
        QuestionKind::SingleChoice { .. } | QuestionKind::Rating { .. } | QuestionKind::LikeNotSureDislike => Answer::Choice(pick(rng)),
        QuestionKind::ShortText | QuestionKind::LongText => Answer::Text(written_answer(&q.id, rng)),
        QuestionKind::Number { min, max } => {
            let (lo, hi) = (min.unwrap_or(0), max.unwrap_or(100).min(min.unwrap_or(0) + 40));
            Answer::Number(rng.gen_range(lo..=hi))
        }
    })
}

/// One made-up respondent's answers, following the survey's routes.
fn made_up_draft(def: &SurveyDefinition, rng: &mut impl rand::Rng) -> Draft {
    let mut draft = Draft::default();
    let mut index = 0;
    loop {
        let page = &def.pages[index];
        for q in &page.questions {
            if let Some(answer) = made_up_answer(q, rng) {
                draft.answers.insert(q.id.clone(), answer);
            }
        }
        draft.seen.insert(page.id.clone());
        match def.next_after(index, &draft.answers) {
            Next::Page(next) => index = next,
            Next::CheckAnswers => return draft,
        }
    }
}

/// Adds `count` made-up responses to the demo surveys (about one in seven started
/// and left unfinished), spread over the last four weeks, the same every time.
pub async fn add_responses(db: &Db, count: usize) -> anyhow::Result<usize> {
    add_to(db, "stls-phase-2", count, 0).await
}

/// Adds `count` made-up responses to the first phase's survey, dated inside the weeks it was open.
pub async fn add_first_phase_responses(db: &Db, count: usize) -> anyhow::Result<usize> {
    let closes = queries::closes_at(db, "stls-phase-1").await?;
    let closes = closes.ok_or_else(|| anyhow::anyhow!("load the demo first: chorus seed-demo"))?;
    add_to(db, "stls-phase-1", count, db::now() - closes + 86_400).await
}

/// Made-up responses written at once.
const PER_WRITE: usize = 1000;

/// Adds `count` made-up responses to the surveys of the engagement `slug`, spread over the four
/// weeks that end `earlier` seconds ago.
async fn add_to(db: &Db, slug: &str, count: usize, earlier: i64) -> anyhow::Result<usize> {
    use rand::{Rng, SeedableRng};
    let surveys = queries::live_versions(db, slug).await?;
    anyhow::ensure!(!surveys.is_empty(), "load the demo first: chorus seed-demo");
    let schools = queries::school_ids(db).await?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(2027 + count as u64);
    let began = db::now();
    let mut definitions = std::collections::HashMap::new();
    for (version_id, _) in &surveys {
        let (_, def) = surveys::version(db, *version_id).await?.ok_or_else(|| anyhow::anyhow!("a demo survey version is missing"))?;
        definitions.insert(*version_id, def);
    }
    // Made up a thousand at a time, each thousand written in one go while the next is made.
    let mut writing: Option<tokio::task::JoinHandle<anyhow::Result<()>>> = None;
    for start in (0..count).step_by(PER_WRITE) {
        let mut batch = Vec::with_capacity(PER_WRITE);
        for n in start..count.min(start + PER_WRITE) {
            let (version_id, slug) = &surveys[n % surveys.len()];
            let def = &definitions[version_id];
            let channel = if slug == "schools" && !schools.is_empty() && rng.gen_ratio(2, 3) {
                crate::respond::queries::Channel::SchoolCode(schools[rng.gen_range(0..schools.len())])
            } else {
                crate::respond::queries::Channel::Link
            };
            let draft = made_up_draft(def, &mut rng);
            let flagged = draft.answers.values().any(|a| matches!(a, Answer::Text(t) if crate::safeguarding::harm::may_disclose_harm(t)));
            let sent = (!rng.gen_ratio(1, 7)).then(|| def.answers_on_path(&draft));
            batch.push(crate::respond::queries::Whole { version_id: *version_id, channel, draft, flagged, sent });
        }
        if let Some(previous) = writing.take() {
            previous.await??;
        }
        let db = db.clone();
        writing = Some(tokio::spawn(async move { crate::respond::queries::insert_whole(&db, batch).await }));
    }
    if let Some(last) = writing {
        last.await??;
    }
    // Spread them over four weeks, as an engagement's responses would be.
    queries::spread_over_weeks(db, slug, began, earlier).await?;
    // A load this size at once leaves PostgreSQL's statistics and visibility map behind until
    // autovacuum next comes round (a minute or more): counts then read every row's heap page
    // rather than the index alone, and the few rows of counts its trigger keeps (migration 0041)
    // behind the hundreds of thousands of row versions the load left. Brought up to date now, as
    // it would be on a server in use.
    if db.backend == db::Backend::Postgres {
        for table in ["responses", "answers", "response_counts"] {
            sqlx::query(&format!("vacuum analyze {table}")).execute(&db.pool).await?;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_survey_is_publishable() {
        for survey in [young_people(), parents_carers(), schools(), first_phase_survey()] {
            assert_eq!(survey.problems(), Vec::<String>::new(), "{}", survey.title);
        }
    }
}
