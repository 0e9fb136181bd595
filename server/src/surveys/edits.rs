//! Changes to a survey's draft, checked at the edge: the question and settings forms
//! become a [`Question`] or [`Settings`] (or a message for each field), and each edit
//! of the page list either leaves every route sound or is refused with a reason.

use crate::surveys::profile::{slugify, standard, AREAS_OF_NEED};
use app::components::FieldError;
use app::pages::survey_editor::{QuestionFormValues, SurveySettingsValues};
use app::survey::*;

const MAX_QUESTION_CHARS: usize = 500;
const MAX_OPTIONS: usize = 40;
const MAX_OPTION_CHARS: usize = 150;

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The question form from the posted fields, with the form token and revision.
pub fn question_values_from(fields: Vec<(String, String)>) -> (QuestionFormValues, String, String) {
    let mut v = QuestionFormValues::default();
    let mut token = String::new();
    let mut revision = String::new();
    for (name, value) in fields {
        match name.as_str() {
            "csrf_token" => token = value,
            "revision" => revision = value,
            "kind" => v.kind = value,
            "text" => v.text = value,
            "hint" => v.hint = value,
            "easy_read" => v.easy_read = value,
            "options" => v.options = value,
            "scale_style" => v.scale_style = value,
            "scale_labels" => v.scale_labels = value,
            "min" => v.min = value,
            "max" => v.max = value,
            "symbol" => v.symbol = value,
            "alt" => v.alt = value,
            "required" => v.required = value == "on",
            "allow_dont_understand" => v.allow_dont_understand = value == "on",
            "allow_prefer_not_to_say" => v.allow_prefer_not_to_say = value == "on",
            "outcome" => v.outcome = value,
            "needs" => v.needs.push(value),
            "page" => v.page = value,
            _ => {}
        }
    }
    // With no pages yet the form has no choice of page: the question starts one.
    if v.page.is_empty() {
        v.page = "new".into();
    }
    (v, token, revision)
}

/// The form for a new question: required, one to a page.
pub fn new_question_values() -> QuestionFormValues {
    QuestionFormValues { required: true, page: "new".into(), scale_style: "words".into(), ..Default::default() }
}

/// The form filled in from a question, for changing it.
pub fn values_of(q: &Question) -> QuestionFormValues {
    let mut v = QuestionFormValues {
        text: q.text.clone(),
        hint: q.hint.clone().unwrap_or_default(),
        easy_read: q.easy_read.clone().unwrap_or_default(),
        scale_style: "words".into(),
        symbol: q.image.as_ref().map(|i| i.src.clone()).unwrap_or_default(),
        alt: q.image.as_ref().map(|i| i.alt.clone()).unwrap_or_default(),
        required: q.required,
        allow_dont_understand: q.allow_dont_understand,
        allow_prefer_not_to_say: q.allow_prefer_not_to_say,
        needs: q.tags.iter().filter_map(|t| t.strip_prefix("need:")).map(str::to_owned).collect(),
        ..Default::default()
    };
    v.kind = match &q.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            v.options = options.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join("\n");
            if matches!(q.kind, QuestionKind::SingleChoice { .. }) {
                "single_choice"
            } else {
                "multiple_choice"
            }
        }
        QuestionKind::Rating { style, labels } => {
            v.scale_style = if *style == ScaleStyle::Faces { "faces" } else { "words" }.into();
            v.scale_labels = labels.join("\n");
            "rating"
        }
        QuestionKind::LikeNotSureDislike => "like",
        QuestionKind::YesNoNotSure => "yes_no",
        QuestionKind::ShortText => "short_text",
        QuestionKind::LongText => "long_text",
        QuestionKind::Number { min, max } => {
            v.min = min.map(|n| n.to_string()).unwrap_or_default();
            v.max = max.map(|n| n.to_string()).unwrap_or_default();
            "number"
        }
    }
    .into();
    v
}

/// Option values for `labels`: an option that keeps its label keeps its value (so
/// routes and analysis still find it); a new one gets the slug of its label.
fn option_values(labels: &[String], existing: Option<&Question>) -> Vec<Choice> {
    let old: Vec<(String, String)> = existing.map(|q| q.kind.options()).unwrap_or_default();
    let kept: Vec<Option<String>> =
        labels.iter().map(|label| old.iter().find(|(_, l)| l.trim().eq_ignore_ascii_case(label)).map(|(v, _)| v.clone())).collect();
    // Kept values are reserved first, so that a new option never takes one.
    let mut taken: std::collections::BTreeSet<String> = kept.iter().flatten().cloned().collect();
    labels
        .iter()
        .zip(kept)
        .enumerate()
        .map(|(n, (label, kept))| {
            let value = kept.unwrap_or_else(|| {
                let slug: String = slugify(label).chars().take(40).collect::<String>().trim_end_matches('-').to_owned();
                let base = if slug.is_empty() { format!("option-{}", n + 1) } else { slug };
                let mut value = base.clone();
                let mut i = 2;
                while taken.contains(&value) {
                    value = format!("{base}-{i}");
                    i += 1;
                }
                taken.insert(value.clone());
                value
            });
            Choice { value, label: label.clone() }
        })
        .collect()
}

fn number(text: &str, what: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.replace(',', "").parse::<i64>() {
        Ok(n) if n.abs() <= 1_000_000_000 => Ok(Some(n)),
        _ => Err(format!("The {what} number must be a whole number, like 10")),
    }
}

/// Words that page ids cannot be: the editor's addresses and the route form use them.
const RESERVED_IDS: [&str; 2] = ["new", "end"];

/// An id for a new question, from its words, that no question or page has now or
/// had in a published version (`retired`), so answers never mix across questions.
fn new_id(text: &str, def: &SurveyDefinition, retired: &std::collections::BTreeSet<String>) -> String {
    let words: Vec<&str> = text.split_whitespace().take(5).collect();
    let mut base: String = slugify(&words.join(" ")).chars().take(40).collect::<String>().trim_end_matches('-').to_owned();
    if base.is_empty() {
        base = "question".into();
    }
    let taken = |id: &str| {
        RESERVED_IDS.contains(&id) || retired.contains(id) || def.pages.iter().any(|p| p.id == id || p.questions.iter().any(|q| q.id == id))
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Gives a new question another id if a published version used its id for a
/// question that has since been deleted.
pub fn avoid_retired_id(question: &mut Question, def: &SurveyDefinition, retired: &std::collections::BTreeSet<String>) {
    if retired.contains(&question.id) {
        question.id = new_id(&question.id, def, retired);
    }
}

/// Checks the question form. `existing` is the question being changed, if any.
pub fn parse_question(v: &QuestionFormValues, existing: Option<&Question>, def: &SurveyDefinition) -> Result<Question, Vec<FieldError>> {
    let mut errors = Vec::new();
    let text = v.text.trim().to_owned();
    if text.is_empty() {
        errors.push(FieldError::new("text", "Enter the question"));
    } else if too_long(&text, MAX_QUESTION_CHARS) {
        errors.push(FieldError::new("text", format!("The question must be {MAX_QUESTION_CHARS} characters or fewer")));
    }
    for (field, value, what) in [("hint", &v.hint, "hint"), ("easy-read", &v.easy_read, "Easy Read question")] {
        if too_long(value.trim(), MAX_QUESTION_CHARS) {
            errors.push(FieldError::new(field, format!("The {what} must be {MAX_QUESTION_CHARS} characters or fewer")));
        }
    }
    let kind = match v.kind.as_str() {
        "single_choice" | "multiple_choice" => {
            let labels = lines(&v.options);
            let mut seen = std::collections::BTreeSet::new();
            if labels.len() < 2 {
                errors.push(FieldError::new("options", "Enter at least two options, one on each line"));
            } else if labels.len() > MAX_OPTIONS {
                errors.push(FieldError::new("options", format!("A question can have at most {MAX_OPTIONS} options")));
            } else if let Some(long) = labels.iter().find(|l| too_long(l, MAX_OPTION_CHARS)) {
                errors.push(FieldError::new(
                    "options",
                    format!(
                        "Each option must be {MAX_OPTION_CHARS} characters or fewer: \u{201c}{}\u{2026}\u{201d} is longer",
                        long.chars().take(30).collect::<String>()
                    ),
                ));
            } else if let Some(twice) = labels.iter().find(|l| !seen.insert(l.to_lowercase())) {
                errors.push(FieldError::new("options", format!("Each option must be different: \u{201c}{twice}\u{201d} is there twice")));
            }
            let options = option_values(&labels, existing);
            if v.kind == "single_choice" {
                QuestionKind::SingleChoice { options }
            } else {
                QuestionKind::MultipleChoice { options }
            }
        }
        "rating" => {
            let labels = lines(&v.scale_labels);
            if !(2..=7).contains(&labels.len()) {
                errors.push(FieldError::new("scale-labels", "Enter 2 to 7 points for the scale, one on each line"));
            } else if labels.iter().any(|l| too_long(l, 60)) {
                errors.push(FieldError::new("scale-labels", "Each point of the scale must be 60 characters or fewer"));
            }
            let style = match v.scale_style.as_str() {
                "faces" => ScaleStyle::Faces,
                "words" => ScaleStyle::Words,
                _ => {
                    errors.push(FieldError::new("scale-style", "Choose words or faces for the scale"));
                    ScaleStyle::Words
                }
            };
            QuestionKind::Rating { style, labels }
        }
        "like" => QuestionKind::LikeNotSureDislike,
        "yes_no" => QuestionKind::YesNoNotSure,
        "short_text" => QuestionKind::ShortText,
        "long_text" => QuestionKind::LongText,
        "number" => {
            let min = number(&v.min, "lowest").map_err(|e| errors.push(FieldError::new("min", e))).ok().flatten();
            let max = number(&v.max, "highest").map_err(|e| errors.push(FieldError::new("max", e))).ok().flatten();
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    errors.push(FieldError::new("max", "The highest number must be more than the lowest"));
                }
            }
            QuestionKind::Number { min, max }
        }
        _ => {
            errors.push(FieldError::new("kind", "Choose the kind of question"));
            QuestionKind::ShortText
        }
    };
    let image = match v.symbol.as_str() {
        "" => None,
        src if crate::surveys::symbols::by_src(src).is_some() => {
            // Every symbol comes with a description; a commissioner may write their own.
            let alt = match v.alt.trim() {
                "" => crate::surveys::symbols::by_src(src).map(|s| s.alt).unwrap_or_default(),
                typed => typed,
            };
            if too_long(alt, 300) {
                errors.push(FieldError::new("alt", "What the picture shows must be 300 characters or fewer"));
            }
            Some(Image { src: src.to_owned(), alt: alt.to_owned() })
        }
        _ => {
            errors.push(FieldError::new("symbol", "Choose a picture from the list"));
            None
        }
    };
    if v.needs.iter().any(|n| !AREAS_OF_NEED.contains(&n.as_str())) {
        errors.push(FieldError::new("need-0", "Choose areas of need from the list"));
    }
    if existing.is_none() && v.page != "new" && def.page_index(&v.page).is_none() {
        errors.push(FieldError::new("page", "Choose where the question goes from the list"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Tags the form does not show (the standard questions' profile tags) are kept. Outcome
    // statements typed on questions before the outcomes framework are links to it now.
    let mut tags: Vec<String> = existing
        .map(|q| q.tags.iter().filter(|t| !t.starts_with("outcome:") && !t.starts_with("need:")).cloned().collect())
        .unwrap_or_default();
    tags.extend(AREAS_OF_NEED.iter().filter(|n| v.needs.iter().any(|c| c == *n)).map(|n| format!("need:{n}")));
    Ok(Question {
        id: existing.map(|q| q.id.clone()).unwrap_or_else(|| new_id(&text, def, &Default::default())),
        kind,
        text,
        hint: optional(&v.hint),
        easy_read: optional(&v.easy_read),
        image,
        required: v.required,
        allow_dont_understand: v.allow_dont_understand,
        allow_prefer_not_to_say: v.allow_prefer_not_to_say,
        tags,
    })
}

/// Applies `edit` to a copy of the draft, and keeps it only if no route went wrong.
fn guarded(def: &mut SurveyDefinition, refusal: &str, edit: impl FnOnce(&mut SurveyDefinition)) -> Result<(), String> {
    let before = def.route_problems().len();
    let mut changed = def.clone();
    edit(&mut changed);
    if changed.route_problems().len() > before {
        return Err(refusal.to_owned());
    }
    *def = changed;
    Ok(())
}

/// Adds a question on a page of its own at the end (`page` is `new`) or to a page.
pub fn add_question(def: &mut SurveyDefinition, question: Question, page: &str) -> Result<(), String> {
    match def.pages.iter_mut().find(|p| p.id == page) {
        Some(p) => p.questions.push(question),
        None if page == "new" => def.pages.push(Page { id: question.id.clone(), questions: vec![question], routes: vec![] }),
        None => return Err("That page is no longer in the survey".into()),
    }
    Ok(())
}

/// Puts a changed question in place of the one with its id.
pub fn replace_question(def: &mut SurveyDefinition, question: Question) -> Result<(), String> {
    guarded(def, "A route uses an answer this change removes. Remove the route first, or keep the option.", |d| {
        if let Some(slot) = d.pages.iter_mut().flat_map(|p| p.questions.iter_mut()).find(|q| q.id == question.id) {
            *slot = question;
        }
    })
}

/// Removes a question, its page when nothing else is on it, and routes that use it.
pub fn delete_question(def: &mut SurveyDefinition, id: &str) -> Result<(), String> {
    let Some(index) = def.pages.iter().position(|p| p.questions.iter().any(|q| q.id == id)) else {
        return Err("That question is no longer in the survey".into());
    };
    let page_id = def.pages[index].id.clone();
    let page_goes = def.pages[index].questions.len() == 1;
    if page_goes {
        if let Some(from) = def.pages.iter().position(|p| p.routes.iter().any(|r| r.goto == Goto::Page(page_id.clone()))) {
            return Err(format!("A route on page {} sends people to this question. Remove that route first.", from + 1));
        }
        def.pages.remove(index);
    } else {
        let page = &mut def.pages[index];
        page.questions.retain(|q| q.id != id);
        page.routes.retain(|r| r.question != id);
    }
    Ok(())
}

/// Swaps a page with the one before (`up`) or after it.
pub fn move_page(def: &mut SurveyDefinition, page_id: &str, up: bool) -> Result<(), String> {
    let index = def.page_index(page_id).ok_or("That page is no longer in the survey")?;
    let other = if up { index.checked_sub(1) } else { Some(index + 1).filter(|i| *i < def.pages.len()) };
    let Some(other) = other else { return Err(format!("Page {} cannot move {}", index + 1, if up { "up" } else { "down" })) };
    guarded(def, "Moving this page would make a route go backwards. Remove the route first.", |d| d.pages.swap(index, other))
}

/// The answers a route may start from on a page, as ("question::answer", words).
pub fn route_answers(page: &Page) -> Vec<(String, String)> {
    page.questions
        .iter()
        .filter(|q| !matches!(q.kind, QuestionKind::MultipleChoice { .. }))
        .flat_map(|q| {
            let many = page.questions.len() > 1;
            q.kind
                .options()
                .into_iter()
                .map(move |(value, label)| (format!("{}::{value}", q.id), if many { format!("{}: {label}", q.text) } else { label }))
        })
        .collect()
}

/// Where a route from page `index` may go: every later page, then the end.
pub fn route_targets(def: &SurveyDefinition, index: usize) -> Vec<(String, String)> {
    let mut targets: Vec<(String, String)> = def.pages[index + 1..]
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), format!("Page {}: {}", index + i + 2, p.questions.first().map(|q| q.text.as_str()).unwrap_or(""))))
        .collect();
    targets.push(("end".into(), "The end: check answers and send".into()));
    targets
}

/// Adds a route from a page; refuses one that goes backwards, to a missing page, or
/// from an answer the page does not offer.
pub fn add_route(def: &mut SurveyDefinition, page_id: &str, answer: &str, goto: &str) -> Result<(), Vec<FieldError>> {
    let index = def.page_index(page_id).ok_or_else(|| vec![FieldError::new("answer", "That page is no longer in the survey")])?;
    let mut errors = Vec::new();
    let chosen = answer.split_once("::").filter(|_| route_answers(&def.pages[index]).iter().any(|(v, _)| v == answer));
    if chosen.is_none() {
        errors.push(FieldError::new(
            "answer",
            if answer.is_empty() { "Choose the answer that starts the route" } else { "Choose an answer from the list" },
        ));
    }
    let target = match goto {
        "end" => Some(Goto::End),
        "" => {
            errors.push(FieldError::new("goto", "Choose where the route goes"));
            None
        }
        page => match def.page_index(page) {
            None => {
                errors.push(FieldError::new("goto", "That page does not exist. Choose a page from the list."));
                None
            }
            Some(t) if t <= index => {
                errors.push(FieldError::new(
                    "goto",
                    format!("Routes can only go forwards: page {} is not after page {}. Choose a later page.", t + 1, index + 1),
                ));
                None
            }
            Some(_) => Some(Goto::Page(page.to_owned())),
        },
    };
    let (Some((question, value)), Some(goto)) = (chosen, target) else { return Err(errors) };
    let page = &mut def.pages[index];
    if page.routes.iter().any(|r| r.question == question && r.answer == value) {
        return Err(vec![FieldError::new("answer", "That answer already has a route. Remove it first to send people somewhere else.")]);
    }
    page.routes.push(Route { question: question.to_owned(), answer: value.to_owned(), goto });
    Ok(())
}

/// Removes the route at `index` on a page.
pub fn remove_route(def: &mut SurveyDefinition, page_id: &str, index: usize) -> Result<(), String> {
    let page = def.page_index(page_id).map(|i| &mut def.pages[i]).ok_or("That page is no longer in the survey")?;
    if index >= page.routes.len() {
        return Err("That route is no longer there".into());
    }
    page.routes.remove(index);
    Ok(())
}

/// Adds a standard profile question on a page of its own at the end.
pub fn add_standard(def: &mut SurveyDefinition, key: &str) -> Result<String, String> {
    if key == EQUALITY_SECTION {
        return add_equality(def);
    }
    let s = standard(key).ok_or("There is no such standard question")?;
    if s.is_in(def.pages.iter().flat_map(|p| p.questions.iter())) {
        return Err(format!("The survey already asks the \u{201c}{}\u{201d} question", s.name));
    }
    let mut q = s.question(def.audience);
    let taken = |id: &str| def.pages.iter().any(|p| p.id == id || p.questions.iter().any(|q| q.id == id));
    if taken(&q.id) {
        q.id = new_id(&q.id, def, &Default::default());
    }
    let name = s.name.to_owned();
    add_question(def, q, "new")?;
    Ok(name)
}

/// The editor's key for the equality monitoring section among the standard questions.
pub const EQUALITY_SECTION: &str = "equality";

/// Adds the equality monitoring questions the survey does not ask yet, each on a page of its own
/// at the end.
pub fn add_equality(def: &mut SurveyDefinition) -> Result<String, String> {
    let asked: Vec<String> = def
        .pages
        .iter()
        .flat_map(|p| p.questions.iter())
        .filter_map(|q| crate::surveys::profile::equality_key(q).map(str::to_owned))
        .collect();
    let mut added = 0;
    for mut q in crate::surveys::profile::equality_questions(def.audience) {
        if crate::surveys::profile::equality_key(&q).is_some_and(|k| asked.iter().any(|a| a == k)) {
            continue;
        }
        let taken = |id: &str| def.pages.iter().any(|p| p.id == id || p.questions.iter().any(|q| q.id == id));
        if taken(&q.id) {
            q.id = new_id(&q.id, def, &Default::default());
        }
        add_question(def, q, "new")?;
        added += 1;
    }
    if added == 0 {
        return Err("The survey already asks every equality monitoring question".into());
    }
    Ok("Equality monitoring".into())
}

/// A route in words, e.g. "If the answer is “No”, go to page 4".
pub fn route_in_words(def: &SurveyDefinition, page: &Page, route: &Route) -> String {
    let answer = page
        .questions
        .iter()
        .find(|q| q.id == route.question)
        .and_then(|q| q.kind.options().into_iter().find(|(v, _)| *v == route.answer))
        .map(|(_, label)| label)
        .unwrap_or_else(|| route.answer.clone());
    let to = match &route.goto {
        Goto::End => "go to the end".to_string(),
        Goto::Page(id) => match def.page_index(id) {
            Some(i) => format!("go to page {}", i + 1),
            None => "go to a page that no longer exists".into(),
        },
    };
    format!("If the answer is \u{201c}{answer}\u{201d}, {to}")
}

/// The kind of a question in words, with whether it must be answered.
pub fn kind_summary(q: &Question) -> String {
    let kind = match &q.kind {
        QuestionKind::SingleChoice { options } => format!("Choose one of {}", options.len()),
        QuestionKind::MultipleChoice { options } => format!("Choose any of {}", options.len()),
        QuestionKind::Rating { style: ScaleStyle::Faces, labels } => format!("{}-point faces scale", labels.len()),
        QuestionKind::Rating { labels, .. } => format!("{}-point scale", labels.len()),
        QuestionKind::LikeNotSureDislike => "Like / not sure / don't like".into(),
        QuestionKind::YesNoNotSure => "Yes / no / not sure".into(),
        QuestionKind::ShortText => "Short text".into(),
        QuestionKind::LongText => "Long text".into(),
        QuestionKind::Number { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => format!("Number from {lo} to {hi}"),
            _ => "Number".into(),
        },
    };
    format!("{kind}, {}", if q.required { "required" } else { "optional" })
}

/// Checked survey settings.
#[derive(Debug, PartialEq, Eq)]
pub struct Settings {
    pub title: String,
    pub audience: Audience,
    /// Only when creating; `None` to make one from the title.
    pub slug: Option<String>,
    pub intro: String,
    pub easy_read_intro: Option<String>,
    pub minutes: u32,
    pub privacy: String,
    pub safeguarding_notice: bool,
}

fn audience_of(value: &str) -> Option<Audience> {
    match value {
        "young_people" => Some(Audience::YoungPeople),
        "parents_carers" => Some(Audience::ParentsCarers),
        "schools" => Some(Audience::Schools),
        "other" => Some(Audience::Other),
        _ => None,
    }
}

/// Whether `slug` is a usable web address: lower-case words joined by dashes.
pub fn is_good_slug(slug: &str) -> bool {
    (2..=60).contains(&slug.len()) && slugify(slug) == slug
}

/// Checks the settings form.
pub fn parse_settings(v: &SurveySettingsValues, creating: bool) -> Result<Settings, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = v.title.trim().to_owned();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter a title"));
    } else if too_long(&title, 150) {
        errors.push(FieldError::new("title", "The title must be 150 characters or fewer"));
    }
    let audience = audience_of(&v.audience);
    if audience.is_none() {
        errors.push(FieldError::new("audience", "Choose who the survey is for"));
    }
    let slug = optional(&v.slug).filter(|_| creating);
    if let Some(s) = &slug {
        if !is_good_slug(s) {
            errors.push(FieldError::new(
                "slug",
                "The web address can only have lower-case letters, numbers and single dashes, like young-people",
            ));
        }
    }
    let intro = v.intro.trim().to_owned();
    if intro.is_empty() {
        errors.push(FieldError::new("intro", "Say what the survey is for, in plain English"));
    } else if too_long(&intro, 2_000) {
        errors.push(FieldError::new("intro", "What it is for must be 2,000 characters or fewer"));
    }
    if too_long(v.easy_read_intro.trim(), 2_000) {
        errors.push(FieldError::new("easy-read-intro", "The Easy Read introduction must be 2,000 characters or fewer"));
    }
    let minutes = match v.minutes.trim().parse::<u32>() {
        Ok(m) if (1..=120).contains(&m) => m,
        _ => {
            errors.push(FieldError::new("minutes", "Enter about how many minutes it takes, as a whole number from 1 to 120"));
            0
        }
    };
    let privacy = v.privacy.trim().to_owned();
    if privacy.is_empty() {
        errors.push(FieldError::new("privacy", "Enter the privacy notice: people must know what happens to their answers"));
    } else if too_long(&privacy, 5_000) {
        errors.push(FieldError::new("privacy", "The privacy notice must be 5,000 characters or fewer"));
    }
    match (errors.is_empty(), audience) {
        (true, Some(audience)) => Ok(Settings {
            title,
            audience,
            slug,
            intro,
            easy_read_intro: optional(&v.easy_read_intro),
            minutes,
            privacy,
            safeguarding_notice: v.safeguarding_notice == "on",
        }),
        _ => Err(errors),
    }
}

/// The settings form filled in from a draft.
pub fn settings_values_of(def: &SurveyDefinition) -> SurveySettingsValues {
    SurveySettingsValues {
        title: def.title.clone(),
        audience: serde_json::to_value(def.audience).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        slug: String::new(),
        intro: def.intro.clone(),
        easy_read_intro: def.easy_read_intro.clone().unwrap_or_default(),
        minutes: def.minutes.to_string(),
        privacy: def.privacy.clone(),
        safeguarding_notice: if def.safeguarding_notice { "on".into() } else { String::new() },
    }
}

/// Puts checked settings into a draft, leaving its pages alone.
pub fn apply_settings(def: &mut SurveyDefinition, s: Settings) {
    def.title = s.title;
    def.audience = s.audience;
    def.intro = s.intro;
    def.easy_read_intro = s.easy_read_intro;
    def.minutes = s.minutes;
    def.privacy = s.privacy;
    def.safeguarding_notice = s.safeguarding_notice;
}

/// A new, empty survey with checked settings.
pub fn new_definition(s: Settings) -> SurveyDefinition {
    let mut def = SurveyDefinition {
        title: String::new(),
        audience: Audience::Other,
        intro: String::new(),
        easy_read_intro: None,
        minutes: 0,
        privacy: String::new(),
        safeguarding_notice: false,
        pages: vec![],
    };
    apply_settings(&mut def, s);
    def
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> SurveyDefinition {
        crate::demo::parents_carers()
    }

    fn form(kind: &str, text: &str) -> QuestionFormValues {
        QuestionFormValues { kind: kind.into(), text: text.into(), ..new_question_values() }
    }

    #[test]
    fn a_choice_question_gets_an_id_and_option_values_from_its_words() {
        let def = survey();
        let v = QuestionFormValues {
            options: "Yes, often\n\n Sometimes \nNever".into(),
            ..form("single_choice", "How often do you get help?")
        };
        let q = parse_question(&v, None, &def).unwrap();
        assert_eq!(q.id, "how-often-do-you-get");
        assert_eq!(
            q.kind.options(),
            vec![
                ("yes-often".to_string(), "Yes, often".to_string()),
                ("sometimes".into(), "Sometimes".into()),
                ("never".into(), "Never".into())
            ]
        );
        assert!(q.required);
    }

    #[test]
    fn each_missing_or_wrong_field_is_named() {
        let def = survey();
        let v = QuestionFormValues { min: "ten".into(), max: "5".into(), symbol: "/assets/symbols/help.svg".into(), ..form("number", " ") };
        let fields: Vec<String> = parse_question(&v, None, &def).unwrap_err().into_iter().map(|e| e.field).collect();
        // A symbol left without a description takes its own, so only the text and number are named.
        assert_eq!(fields, ["text", "min"]);
        let v = QuestionFormValues { options: "Yes\nyes".into(), ..form("multiple_choice", "Q") };
        assert_eq!(
            parse_question(&v, None, &def).unwrap_err()[0].message,
            "Each option must be different: \u{201c}yes\u{201d} is there twice"
        );
        assert_eq!(parse_question(&form("essay", "Q"), None, &def).unwrap_err()[0].field, "kind");
        let v = QuestionFormValues { scale_labels: "Good".into(), ..form("rating", "Q") };
        assert_eq!(parse_question(&v, None, &def).unwrap_err()[0].field, "scale-labels");
        let v = QuestionFormValues { symbol: "https://elsewhere.example/x.png".into(), alt: "x".into(), ..form("long_text", "Q") };
        assert_eq!(parse_question(&v, None, &def).unwrap_err()[0].field, "symbol");
    }

    #[test]
    fn changing_a_question_keeps_its_id_option_values_and_profile_tag() {
        let def = survey();
        let district = def.question("district").unwrap().clone();
        let mut v = values_of(&district);
        v.options = v.options.replace("Thanet", "Isle of Thanet").replace("Ashford\n", "");
        v.needs = vec!["Physical and sensory".into()];
        let q = parse_question(&v, Some(&district), &def).unwrap();
        assert_eq!(q.id, "district");
        let values: Vec<String> = q.kind.options().into_iter().map(|(v, _)| v).collect();
        assert_eq!(values[0], "canterbury");
        assert!(values.contains(&"isle-of-thanet".to_string()));
        assert_eq!(q.tags, ["profile:district", "need:Physical and sensory"]);
        assert_eq!(values_of(&q).needs, ["Physical and sensory"]);
    }

    #[test]
    fn every_question_survives_the_form_unchanged() {
        for def in [crate::demo::young_people(), crate::demo::parents_carers(), crate::demo::schools()] {
            for q in def.pages.iter().flat_map(|p| p.questions.iter()) {
                let mut v = values_of(q);
                v.page = "new".into();
                let again = parse_question(&v, Some(q), &def).unwrap();
                assert_eq!(&again, q);
            }
        }
    }

    #[test]
    fn a_new_option_never_takes_the_value_of_one_that_stays() {
        let def = survey();
        let mut q =
            parse_question(&QuestionFormValues { options: "🙂\n☹️".into(), ..form("single_choice", "How was it?") }, None, &def).unwrap();
        assert_eq!(q.kind.options().iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), ["option-1", "option-2"]);
        let mut v = values_of(&q);
        v.options = "🙂\n😐\n☹️".into();
        q = parse_question(&v, Some(&q), &def).unwrap();
        assert_eq!(
            q.kind.options(),
            vec![("option-1".to_string(), "🙂".to_string()), ("option-2-2".into(), "😐".into()), ("option-2".into(), "☹️".into())]
        );
    }

    #[test]
    fn ids_avoid_reserved_words_and_questions_of_earlier_versions() {
        let def = survey();
        assert_eq!(parse_question(&form("long_text", "End"), None, &def).unwrap().id, "end-2");
        assert_eq!(parse_question(&form("long_text", "New"), None, &def).unwrap().id, "new-2");
        let mut q = parse_question(&form("long_text", "Old question"), None, &def).unwrap();
        let retired = ["old-question".to_string()].into_iter().collect();
        avoid_retired_id(&mut q, &def, &retired);
        assert_eq!(q.id, "old-question-2");
    }

    #[test]
    fn new_questions_go_on_their_own_page_or_join_one() {
        let mut def = survey();
        let pages = def.pages.len();
        let q = parse_question(&form("long_text", "Anything else?"), None, &def).unwrap();
        add_question(&mut def, q, "new").unwrap();
        assert_eq!(def.pages.len(), pages + 1);
        assert_eq!(def.pages.last().unwrap().id, "anything-else");
        let q = parse_question(&form("short_text", "Anything else?"), None, &def).unwrap();
        assert_eq!(q.id, "anything-else-2");
        add_question(&mut def, q, "anything-else").unwrap();
        assert_eq!(def.pages.last().unwrap().questions.len(), 2);
        assert!(def.problems().is_empty());
    }

    #[test]
    fn routes_go_forwards_to_real_pages_only() {
        let mut def = survey();
        // Page 4 asks "used-stls"; page 2 is the district.
        let back = add_route(&mut def, "used-stls", "used-stls::yes", "district").unwrap_err();
        assert_eq!(back[0].message, "Routes can only go forwards: page 2 is not after page 4. Choose a later page.");
        let missing = add_route(&mut def, "used-stls", "used-stls::yes", "no-such-page").unwrap_err();
        assert_eq!(missing[0].message, "That page does not exist. Choose a page from the list.");
        let wrong = add_route(&mut def, "used-stls", "used-stls::maybe", "end").unwrap_err();
        assert_eq!(wrong[0].field, "answer");
        let twice = add_route(&mut def, "used-stls", "used-stls::no", "end").unwrap_err();
        assert_eq!(twice[0].message, "That answer already has a route. Remove it first to send people somewhere else.");
        add_route(&mut def, "used-stls", "used-stls::not_sure", "end").unwrap();
        assert_eq!(
            route_in_words(&def, &def.pages[3], &def.pages[3].routes[1]),
            "If the answer is \u{201c}Not sure\u{201d}, go to the end"
        );
        assert!(def.problems().is_empty());
        remove_route(&mut def, "used-stls", 1).unwrap();
        assert_eq!(def.pages[3].routes.len(), 1);
    }

    #[test]
    fn edits_that_would_break_a_route_are_refused() {
        let mut def = survey();
        // "used-stls" (page 4) routes "no" to "change" (page 8).
        let before = def.clone();
        assert!(move_page(&mut def, "change", true).is_ok());
        def = before.clone();
        assert_eq!(move_page(&mut def, "used-stls", false).ok(), Some(()));
        def = before.clone();
        for _ in 0..4 {
            let _ = move_page(&mut def, "change", true);
        }
        assert_eq!(
            move_page(&mut def, "change", true).unwrap_err(),
            "Moving this page would make a route go backwards. Remove the route first."
        );
        assert_eq!(
            delete_question(&mut before.clone(), "change").unwrap_err(),
            "A route on page 4 sends people to this question. Remove that route first."
        );
        let mut v = values_of(before.question("used-stls").unwrap());
        v.kind = "long_text".into();
        let changed = parse_question(&v, before.question("used-stls"), &before).unwrap();
        def = before.clone();
        assert!(replace_question(&mut def, changed).is_err());
        assert_eq!(def, before);
        assert_eq!(move_page(&mut def, "relationship", true).unwrap_err(), "Page 1 cannot move up");
    }

    #[test]
    fn deleting_a_question_takes_its_routes_and_empty_page_with_it() {
        let mut def = survey();
        delete_question(&mut def, "used-stls").unwrap();
        assert!(def.page_index("used-stls").is_none());
        assert!(def.problems().is_empty());
        assert!(delete_question(&mut def, "used-stls").is_err());
    }

    #[test]
    fn standard_questions_are_added_once() {
        let mut def = survey();
        assert_eq!(add_standard(&mut def, "district").unwrap_err(), "The survey already asks the \u{201c}District\u{201d} question");
        assert_eq!(add_standard(&mut def, "how_answered").unwrap(), "How did you answer?");
        assert_eq!(add_standard(&mut def, "age_band").unwrap(), "Age band");
        assert_eq!(def.pages.last().unwrap().questions[0].text, "How old is your child?");
        assert!(add_standard(&mut def, "age_band").is_err());
        assert!(add_standard(&mut def, "shoe_size").is_err());
        assert!(def.problems().is_empty());
    }

    #[test]
    fn settings_are_checked_and_applied() {
        let v = SurveySettingsValues {
            title: "Tell us".into(),
            audience: "young_people".into(),
            slug: "Young People!".into(),
            intro: "Why".into(),
            minutes: "five".into(),
            ..Default::default()
        };
        let fields: Vec<String> = parse_settings(&v, true).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["slug", "minutes", "privacy"]);
        let v = SurveySettingsValues {
            slug: "young-people-2".into(),
            minutes: "5".into(),
            privacy: "We keep it safe.".into(),
            safeguarding_notice: "on".into(),
            ..v
        };
        let s = parse_settings(&v, true).unwrap();
        assert_eq!(s.slug.as_deref(), Some("young-people-2"));
        let def = new_definition(s);
        assert!(def.safeguarding_notice);
        assert_eq!(def.audience, Audience::YoungPeople);
        assert_eq!(settings_values_of(&def).audience, "young_people");
        assert_eq!(parse_settings(&v, false).unwrap().slug, None);
    }
}
