//! The standard profile questions any survey can add in one click, and the lists
//! they draw on. Each is tagged `profile:<key>`, which is how analysis finds the
//! respondent group, district, area of need and so on whatever a survey calls them.

use app::survey::{Audience, Choice, Question, QuestionKind};

/// Kent's twelve districts.
pub const DISTRICTS: [&str; 12] = [
    "Ashford",
    "Canterbury",
    "Dartford",
    "Dover",
    "Folkestone and Hythe",
    "Gravesham",
    "Maidstone",
    "Sevenoaks",
    "Swale",
    "Thanet",
    "Tonbridge and Malling",
    "Tunbridge Wells",
];

/// The four areas of need.
pub const AREAS_OF_NEED: [&str; 4] =
    ["Cognition and learning", "Communication and interaction", "Social, emotional and mental health", "Physical and sensory"];

/// The parts of the service: the district teams, and the two services that work across Kent.
pub const PROVIDERS: [&str; 3] = ["District Specialist Teaching and Learning team", "Sensory service", "Physical Disability service"];

/// School phases, as the schools directory and the phase question use them.
pub const PHASES: [&str; 6] = ["Early years", "Primary", "Secondary", "All-through", "Special", "Post-16"];

/// Lower-case words joined by dashes, for addresses, ids and option values.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Options whose values are the slugs of their labels.
pub fn choices(labels: &[&str]) -> Vec<Choice> {
    labels.iter().map(|l| Choice::new(&slugify(l), l)).collect()
}

/// A standard question: its tag key, its name in the editor, and how it is built.
pub struct Standard {
    pub key: &'static str,
    pub name: &'static str,
    build: fn(Audience) -> Question,
}

impl Standard {
    /// The question as it suits the survey's audience.
    pub fn question(&self, audience: Audience) -> Question {
        let mut q = (self.build)(audience);
        q.tags = vec![format!("profile:{}", self.key)];
        q
    }

    /// Whether `questions` already hold this standard question.
    pub fn is_in<'a>(&self, mut questions: impl Iterator<Item = &'a Question>) -> bool {
        let tag = format!("profile:{}", self.key);
        questions.any(|q| q.tags.contains(&tag))
    }
}

/// Every standard profile question, in the order the editor offers them.
pub const STANDARD: [Standard; 7] = [
    Standard { key: "respondent_group", name: "Respondent group", build: respondent_group },
    Standard { key: "district", name: "District", build: district },
    Standard { key: "area_of_need", name: "Areas of need", build: areas_of_need },
    Standard { key: "age_band", name: "Age band", build: age_band },
    Standard { key: "school_phase", name: "School phase", build: school_phase },
    Standard { key: "provider", name: "Parts of the service used", build: provider },
    Standard { key: "how_answered", name: "How did you answer?", build: how_answered },
];

/// The standard question with `key`, if there is one.
pub fn standard(key: &str) -> Option<&'static Standard> {
    STANDARD.iter().find(|s| s.key == key)
}

fn respondent_group(_: Audience) -> Question {
    Question {
        allow_prefer_not_to_say: true,
        ..Question::new(
            "respondent-group",
            "Which of these best describes you?",
            QuestionKind::SingleChoice {
                options: choices(&[
                    "A child or young person with SEND",
                    "A parent or carer of a child or young person with SEND",
                    "Someone who works in a school or setting",
                    "Someone who works in health or social care",
                    "Someone else",
                ]),
            },
        )
    }
}

fn district(audience: Audience) -> Question {
    let (text, hint) = match audience {
        Audience::Schools => ("Which district is your school or setting in?", None),
        _ => ("Which part of Kent do you live in?", Some("If you are not sure, choose the district of your school.".to_string())),
    };
    Question {
        hint,
        allow_prefer_not_to_say: true,
        ..Question::new("district", text, QuestionKind::SingleChoice { options: choices(&DISTRICTS) })
    }
}

fn areas_of_need(audience: Audience) -> Question {
    let (text, easy_read) = match audience {
        Audience::YoungPeople => {
            ("What do you need help with?", Some("What do you need help with? You can choose more than one.".to_string()))
        }
        Audience::ParentsCarers => ("What are your child's areas of need?", None),
        Audience::Schools => ("For which areas of need would you most like more support?", None),
        Audience::Other => ("Which areas of need are you answering about?", None),
    };
    Question {
        hint: Some("Select all that apply.".into()),
        easy_read,
        allow_prefer_not_to_say: true,
        ..Question::new("areas-of-need", text, QuestionKind::MultipleChoice { options: choices(&AREAS_OF_NEED) })
    }
}

fn age_band(audience: Audience) -> Question {
    let text = match audience {
        Audience::YoungPeople => "How old are you?",
        Audience::ParentsCarers => "How old is your child?",
        _ => "How old are the children and young people you are answering about?",
    };
    Question {
        allow_prefer_not_to_say: true,
        ..Question::new(
            "age-band",
            text,
            QuestionKind::SingleChoice {
                options: vec![
                    Choice::new("0-4", "4 or under"),
                    Choice::new("5-10", "5 to 10"),
                    Choice::new("11-15", "11 to 15"),
                    Choice::new("16-18", "16 to 18"),
                    Choice::new("19-25", "19 to 25"),
                ],
            },
        )
    }
}

fn school_phase(audience: Audience) -> Question {
    let text = match audience {
        Audience::YoungPeople => "What kind of school or college do you go to?",
        Audience::ParentsCarers => "What kind of school or setting does your child go to?",
        _ => "What phase is your school or setting?",
    };
    Question::new("school-phase", text, QuestionKind::SingleChoice { options: choices(&PHASES) })
}

fn provider(audience: Audience) -> Question {
    let (text, easy_read) = match audience {
        Audience::YoungPeople => (
            "Which of these teams have helped you?",
            Some("Which teams have helped you? You can choose more than one. You can leave this out if you are not sure.".to_string()),
        ),
        Audience::ParentsCarers => ("Which parts of the service have supported your child?", None),
        Audience::Schools => ("Which parts of the service have supported your school or setting?", None),
        Audience::Other => ("Which parts of the service are you answering about?", None),
    };
    Question {
        hint: Some(
            "Select all that apply. The Sensory service supports children who are deaf or have a vision impairment. Leave this out if you are not sure."
                .into(),
        ),
        easy_read,
        required: false,
        ..Question::new("provider", text, QuestionKind::MultipleChoice { options: choices(&PROVIDERS) })
    }
}

fn how_answered(_: Audience) -> Question {
    Question {
        easy_read: Some("Who filled in this survey?".into()),
        ..Question::new(
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
    }
}

/// Answers the questions a school's access code already answers: the school's phase and
/// district, where the survey asks them (tagged `profile:school_phase` and `profile:district`)
/// and offers the school's as an answer. A page whose questions are all answered so is done.
pub fn answer_from_school(def: &app::survey::SurveyDefinition, phase: &str, district: &str, draft: &mut app::survey::Draft) {
    for page in &def.pages {
        for q in &page.questions {
            let known = if q.tags.iter().any(|t| t == "profile:school_phase") {
                phase
            } else if q.tags.iter().any(|t| t == "profile:district") {
                district
            } else {
                continue;
            };
            if let Some((value, _)) = q.kind.options().into_iter().find(|(_, label)| label.eq_ignore_ascii_case(known.trim())) {
                draft.answers.insert(q.id.clone(), app::survey::Answer::Choice(value));
                draft.given.insert(q.id.clone());
            }
        }
        if !page.questions.is_empty() && page.questions.iter().all(|q| draft.given.contains(&q.id)) {
            draft.seen.insert(page.id.clone());
        }
    }
}

/// The equality monitoring section: the characteristics an Equality Impact Assessment asks about,
/// as (key, name). Each question is optional, offers "I'd rather not say", and is tagged
/// `equality:<key>`: the results, filters, exports and public pages leave its answers out, and
/// only the equality evidence page counts them.
pub const EQUALITY: [(&str, &str); 7] = [
    ("age", "Age"),
    ("sex", "Sex"),
    ("ethnic_group", "Ethnic group"),
    ("disability", "Disability"),
    ("send_support", "EHCP or SEN support"),
    ("home_language", "Main language at home"),
    ("young_carer", "Young carer"),
];

/// The tag of the equality question about `key`.
pub fn equality_tag(key: &str) -> String {
    format!("equality:{key}")
}

/// Which characteristic an equality question is about, if it is one.
pub fn equality_key(q: &Question) -> Option<&str> {
    q.tags.iter().find_map(|t| t.strip_prefix("equality:"))
}

/// Why the question is asked, under each equality question.
const EQUALITY_HINT: &str =
    "You do not have to answer. We ask so that we can check we are hearing from everyone and treating everyone fairly. \
     Your answer is kept apart from your other answers, and only ever counted in groups big enough that nobody can be picked out.";
const EQUALITY_EASY_READ: &str = "You do not have to answer this. We ask to check we listen to everyone fairly.";

/// The equality monitoring questions, worded for the survey's audience: young people and others
/// about themselves, parents and carers about their child. Each on its own page, in order.
pub fn equality_questions(audience: Audience) -> Vec<Question> {
    let child = audience == Audience::ParentsCarers;
    let pick = |own: &str, theirs: &str| if child { theirs.to_string() } else { own.to_string() };
    let single = |key: &str, text: String, easy: String, options: &[&str]| Question {
        hint: Some(EQUALITY_HINT.into()),
        easy_read: Some(format!("{easy} {EQUALITY_EASY_READ}")),
        required: false,
        allow_prefer_not_to_say: true,
        tags: vec![equality_tag(key)],
        ..Question::new(&format!("equality-{}", key.replace('_', "-")), &text, QuestionKind::SingleChoice { options: choices(options) })
    };
    vec![
        single(
            "age",
            pick("How old are you?", "How old is your child?"),
            pick("How old are you?", "How old is your child?"),
            &["Under 5", "5 to 10", "11 to 15", "16 to 19", "20 to 25"],
        ),
        single(
            "sex",
            pick("What is your sex?", "What is your child's sex?"),
            pick("Are you a boy or a girl?", "Is your child a boy or a girl?"),
            &["Female", "Male"],
        ),
        single(
            "ethnic_group",
            pick("What is your ethnic group?", "What is your child's ethnic group?"),
            pick("Which group of people are you from?", "Which group of people is your child from?"),
            &[
                "Asian or Asian British",
                "Black, Black British, Caribbean or African",
                "Mixed or multiple ethnic groups",
                "White",
                "Another ethnic group",
            ],
        ),
        single(
            "disability",
            pick(
                "Do you have a disability or a long-term health condition?",
                "Does your child have a disability or a long-term health condition?",
            ),
            pick(
                "Do you have a disability or an illness that lasts a long time?",
                "Does your child have a disability or an illness that lasts a long time?",
            ),
            &["Yes", "No"],
        ),
        single(
            "send_support",
            pick("Which support do you have at school or college?", "Which support does your child have at school or college?"),
            pick("Do you have a plan for extra help at school?", "Does your child have a plan for extra help at school?"),
            &["An education, health and care plan (EHCP)", "SEN support, without an EHCP", "Neither", "Not sure"],
        ),
        single(
            "home_language",
            pick("What is the main language you speak at home?", "What is the main language your child speaks at home?"),
            pick("What language do you speak at home?", "What language does your child speak at home?"),
            &["English", "English and another language", "Another language"],
        ),
        single(
            "young_carer",
            pick(
                "Do you look after someone in your family who is ill, disabled or has a problem with drugs or alcohol?",
                "Does your child look after someone in your family who is ill, disabled or has a problem with drugs or alcohol?",
            ),
            pick(
                "Do you look after someone at home who is ill or disabled?",
                "Does your child look after someone at home who is ill or disabled?",
            ),
            &["Yes", "No"],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schools_code_answers_its_phase_and_district_where_the_survey_offers_them() {
        let def = crate::demo::schools();
        let mut draft = app::survey::Draft::default();
        answer_from_school(&def, "Primary", "Folkestone and Hythe", &mut draft);
        assert_eq!(draft.answers.get("phase"), Some(&app::survey::Answer::Choice("primary".into())));
        assert_eq!(draft.answers.get("district"), Some(&app::survey::Answer::Choice("folkestone-and-hythe".into())));
        assert!(draft.seen.contains("phase") && draft.seen.contains("district"), "their pages are done");
        assert!(!draft.seen.contains("role"), "what the code cannot know is still asked");

        // A phase the question does not offer is asked, not guessed.
        let mut special = app::survey::Draft::default();
        answer_from_school(&def, "Special", "Dover", &mut special);
        assert!(!special.answers.contains_key("phase"));
        assert!(!special.seen.contains("phase"));
        assert!(!special.given.contains("phase") && special.given.contains("district"));
        assert_eq!(special.answers.get("district"), Some(&app::survey::Answer::Choice("dover".into())));
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slugify("Folkestone and Hythe"), "folkestone-and-hythe");
        assert_eq!(slugify("  What's next? "), "what-s-next");
    }

    #[test]
    fn every_standard_question_is_tagged_and_suits_each_audience() {
        for s in &STANDARD {
            for audience in [Audience::YoungPeople, Audience::ParentsCarers, Audience::Schools, Audience::Other] {
                let q = s.question(audience);
                assert_eq!(q.tags, vec![format!("profile:{}", s.key)]);
                assert!(q.kind.options().len() >= 3, "{} offers a real choice", s.key);
                assert!(s.is_in([q].iter()));
            }
        }
        assert_eq!(standard("district").unwrap().question(Audience::Schools).kind.options().len(), 12);
        assert!(standard("favourite-colour").is_none());
    }
}
