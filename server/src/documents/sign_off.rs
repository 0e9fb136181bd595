//! Face-to-face co-production and sign-off: workshops recorded against a document's sections,
//! approvals of its final version, the document in Easy Read, and "how this was co-produced",
//! every count in it under the engagement's threshold hidden.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::documents::queries::{self, DocumentRecord, NewWorkshop, WorkshopRecord};
use crate::engagements::form::{date, midnight};
use crate::engagements::queries as engagements;
use crate::results::figures::Disclosure;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::documents::DocSection;
use app::pages::sign_off::{
    ApprovalForm, ApprovalFormPage, CoProduced, EasyReadDocument, EasyReadDocumentPage, WorkshopForm, WorkshopFormPage,
};
use app::survey::Audience;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/documents/{id}/workshops/new", get(workshop_form).post(add_workshop))
        .route("/admin/documents/{id}/approvals/new", get(approval_form).post(add_approval))
        .route("/e/{slug}/documents/{document}/easy-read", get(easy_read))
}

fn sections_of(json: &str) -> AppResult<Vec<DocSection>> {
    serde_json::from_str(json).map_err(|e| AppError::Internal(e.into()))
}

/// Who took part in a workshop, in words: "12 people: children and young people, fewer than 5;
/// parents and carers, 8".
pub fn people_in_words(groups: [i64; 4], who: Disclosure) -> String {
    let total: i64 = groups.iter().sum();
    let names = ["children and young people", "parents and carers", "school staff", "others"];
    let parts: Vec<String> = names
        .iter()
        .zip(groups)
        .zip(who.parts_in_words(&groups))
        .filter(|((_, n), _)| *n > 0)
        .map(|((name, _), words)| format!("{name}, {words}"))
        .collect();
    let people = if total == 1 && who.shows(1) { "1 person".to_string() } else { format!("{} people", who.count(total)) };
    let present: Vec<usize> = (0..4).filter(|&i| groups[i] > 0).collect();
    if let [only] = present[..] {
        return format!("{} {}", who.count(total), names[only]);
    }
    if parts.is_empty() {
        people
    } else {
        format!("{people}: {}", parts.join("; "))
    }
}

/// The workshops that discussed a section, as everyone reads them.
pub fn workshops_about(workshops: &[WorkshopRecord], key: &str, who: Disclosure) -> Vec<(String, String, String, String)> {
    workshops
        .iter()
        .filter(|w| w.section_keys().iter().any(|k| k == key))
        .map(|w| (crate::db::date_in_words(w.held_on), w.title.clone(), people_in_words(w.groups(), who), w.agreed.clone()))
        .collect()
}

/// "How this was co-produced": who had their say by group, the comments and what came of them,
/// the workshops, and what changed in each version.
pub async fn coproduced(state: &AppState, d: &DocumentRecord, threshold: i64) -> AppResult<CoProduced> {
    let who = Disclosure::shared(threshold);
    let (by_group, comments, replies) = queries::said_about(&state.db, d.id).await?;
    let order = ["young_people", "parents_carers", "schools", "other", ""];
    let counts: Vec<i64> = order.iter().map(|a| by_group.iter().find(|(g, _)| g == a).map_or(0, |(_, n)| *n)).collect();
    let total: i64 = counts.iter().sum();
    let shown = who.parts_in_words(&counts);
    let group_rows = order
        .iter()
        .zip(&counts)
        .zip(shown)
        .filter(|((_, n), _)| **n > 0)
        .map(|((audience, _), words)| {
            let name = match *audience {
                "" => "People who did not say who they are".to_string(),
                "other" => "Others".to_string(),
                a => crate::web::capitalised(Audience::from_stored(a).noun()),
            };
            (name, words)
        })
        .collect();
    let replied: i64 = replies.iter().map(|(_, n)| n).sum();
    let changed = replies.iter().find(|(k, _)| k == "changed").map_or(0, |(_, n)| *n);
    let workshops = queries::workshops(&state.db, d.id)
        .await?
        .iter()
        .map(|w| (crate::db::date_in_words(w.held_on), w.title.clone(), people_in_words(w.groups(), who)))
        .collect();
    let mut versions: Vec<(i64, String)> = queries::versions(&state.db, d.id)
        .await?
        .into_iter()
        .map(|v| (v.number, if v.note.is_empty() { "published for comment.".to_string() } else { v.note }))
        .collect();
    versions.reverse();
    let said = match total {
        0 => "Nobody had their say on it in Chorus.".to_string(),
        1 if who.shows(1) => "1 reaction or comment on its sections, from:".to_string(),
        n => format!("{} reactions and comments on its sections, from:", crate::web::capitalised(&who.count(n))),
    };
    let comments = if comments == 0 {
        "No written comments were sent.".to_string()
    } else {
        format!(
            "{} written comments. The council replied to {} of them, and changed the document because of {}.",
            crate::web::capitalised(&who.count(comments)),
            who.count(replied),
            who.count(changed),
        )
    };
    Ok(CoProduced { said, by_group: group_rows, comments, workshops, versions })
}

async fn document(state: &AppState, id: i64) -> AppResult<DocumentRecord> {
    queries::find(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The latest version's sections, as (key, heading).
async fn latest_sections(state: &AppState, d: &DocumentRecord) -> AppResult<Vec<(String, String)>> {
    let v = queries::latest_version(&state.db, d.id).await?.ok_or(AppError::NotFound)?;
    Ok(sections_of(&v.sections)?.into_iter().map(|s| (s.key, s.heading)).collect())
}

async fn workshop_page(
    state: &AppState,
    staff: &Staff,
    d: &DocumentRecord,
    form: WorkshopForm,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let sections = latest_sections(state, d).await?;
    let (id, title, token, problem) = (d.id, d.title.clone(), staff.csrf_token.clone(), !errors.is_empty());
    Ok(form_page("Record a workshop", problem, Some(staff.badge()), move || {
        view! { <WorkshopFormPage id=id document_title=title sections=sections form=form errors=errors csrf_token=token/> }
    }))
}

async fn workshop_form(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let d = document(&state, id).await?;
    workshop_page(&state, &staff, &d, WorkshopForm::default(), vec![]).await
}

/// The workshop form, read by hand: the ticked sections arrive as repeated fields.
fn read_workshop_form(pairs: Vec<(String, String)>) -> (String, WorkshopForm) {
    let mut token = String::new();
    let mut f = WorkshopForm::default();
    for (key, value) in pairs {
        match key.as_str() {
            "csrf_token" => token = value,
            "title" => f.title = value,
            "held_day" => f.held_day = value,
            "held_month" => f.held_month = value,
            "held_year" => f.held_year = value,
            "young_people" => f.young_people = value,
            "parents_carers" => f.parents_carers = value,
            "schools" => f.schools = value,
            "others" => f.others = value,
            "sections" => f.sections.push(value),
            "agreed" => f.agreed = value,
            _ => {}
        }
    }
    (token, f)
}

/// A date that must be given, as midnight of its day; or, into `errors` against `field`, what is
/// wrong with it (`label` names it in a sentence, `missing` is said when it is left empty).
fn needed_date((field, label, missing): (&str, &str, &str), [day, month, year]: [&str; 3], errors: &mut Vec<FieldError>) -> i64 {
    match date(label, day, month, year) {
        Ok(Some(d)) => midnight(d),
        Ok(None) => {
            errors.push(FieldError::new(field, missing));
            0
        }
        Err(e) => {
            errors.push(FieldError::new(field, e));
            0
        }
    }
}

/// Checks a workshop: (day held, what it was, the four counts, what was agreed), or what to fix.
fn check_workshop(f: &WorkshopForm, keys: &[String]) -> Result<(i64, String, [i64; 4], String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = f.title.trim().to_owned();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Say what the workshop was"));
    } else if title.chars().count() > 150 {
        errors.push(FieldError::new("title", "What the workshop was must be 150 characters or fewer"));
    }
    let held = needed_date(
        ("held-day", "The date it was held", "Enter the date it was held"),
        [&f.held_day, &f.held_month, &f.held_year],
        &mut errors,
    );
    let mut groups = [0i64; 4];
    let mut counts_ok = true;
    for (i, field) in ["young_people", "parents_carers", "schools", "others"].iter().enumerate() {
        let typed = f.count(field).trim();
        match typed.parse::<i64>() {
            Ok(n) if (0..=10_000).contains(&n) => groups[i] = n,
            _ if typed.is_empty() => {}
            _ => counts_ok = false,
        }
    }
    if !counts_ok {
        errors.push(FieldError::new("young-people", "Each number must be a whole number, like 6, or 0"));
    } else if groups.iter().sum::<i64>() == 0 {
        errors.push(FieldError::new("young-people", "Enter how many took part from at least one group"));
    }
    if f.sections.is_empty() {
        errors.push(FieldError::new("sections", "Choose at least one section it discussed"));
    } else if f.sections.iter().any(|s| !keys.contains(s)) {
        errors.push(FieldError::new("sections", "Choose sections of the document"));
    }
    let agreed = f.agreed.trim().to_owned();
    if agreed.is_empty() {
        errors.push(FieldError::new("agreed", "Say what was agreed"));
    } else if agreed.chars().count() > 4_000 {
        errors.push(FieldError::new("agreed", "What was agreed must be 4,000 characters or fewer"));
    }
    if errors.is_empty() {
        Ok((held, title, groups, agreed))
    } else {
        Err(errors)
    }
}

async fn add_workshop(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (token, form) = read_workshop_form(pairs);
    staff.require_post(Permission::EditEngagements, &token).await?;
    let d = document(&state, id).await?;
    let keys: Vec<String> = latest_sections(&state, &d).await?.into_iter().map(|(k, _)| k).collect();
    let (held_on, title, groups, agreed) = match check_workshop(&form, &keys) {
        Ok(w) => w,
        Err(errors) => return workshop_page(&state, &staff, &d, form, errors).await,
    };
    let workshop = NewWorkshop { document_id: d.id, held_on, title: &title, groups, sections: &form.sections, agreed: &agreed };
    queries::add_workshop(&state.db, workshop, Some(staff.user.id), crate::db::now()).await?;
    tracing::info!(user_id = staff.user.id, document = id, "workshop recorded");
    Ok(Redirect::to(&format!("/admin/documents/{id}?done=workshop")).into_response())
}

async fn approval_page(staff: &Staff, d: &DocumentRecord, number: i64, form: ApprovalForm, errors: Vec<FieldError>) -> Response {
    let (id, title, token, problem) = (d.id, d.title.clone(), staff.csrf_token.clone(), !errors.is_empty());
    form_page("Record an approval", problem, Some(staff.badge()), move || {
        view! { <ApprovalFormPage id=id document_title=title number=number form=form errors=errors csrf_token=token/> }
    })
}

/// The final version, which only approvals may be recorded on.
async fn final_version(state: &AppState, d: &DocumentRecord) -> AppResult<queries::VersionRecord> {
    queries::latest_version(&state.db, d.id)
        .await?
        .filter(|v| v.final_version != 0)
        .ok_or(AppError::BadRequest("Approvals are recorded on a final version: publish one first."))
}

async fn approval_form(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let d = document(&state, id).await?;
    let v = final_version(&state, &d).await?;
    Ok(approval_page(&staff, &d, v.number, ApprovalForm::default(), vec![]).await)
}

#[derive(Deserialize)]
struct ApprovalInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    form: ApprovalForm,
}

async fn add_approval(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<ApprovalInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let d = document(&state, id).await?;
    let v = final_version(&state, &d).await?;
    let f = &input.form;
    let mut errors = Vec::new();
    let body = f.body.trim().to_owned();
    if body.is_empty() {
        errors.push(FieldError::new("body", "Say who approved it"));
    } else if body.chars().count() > 150 {
        errors.push(FieldError::new("body", "Who approved it must be 150 characters or fewer"));
    }
    let day = needed_date(
        ("approved-day", "The date of the approval", "Enter the date it was approved"),
        [&f.approved_day, &f.approved_month, &f.approved_year],
        &mut errors,
    );
    let note = f.note.trim().to_owned();
    if note.chars().count() > 2_000 {
        errors.push(FieldError::new("note", "The note must be 2,000 characters or fewer"));
    }
    if !errors.is_empty() {
        return Ok(approval_page(&staff, &d, v.number, input.form, errors).await);
    }
    queries::add_approval(&state.db, v.id, &body, day, &note, Some(staff.user.id), crate::db::now()).await?;
    tracing::info!(user_id = staff.user.id, document = id, version = v.number, "approval recorded");
    Ok(Redirect::to(&format!("/admin/documents/{id}?done=approval")).into_response())
}

/// The latest version in Easy Read, section by section.
async fn easy_read(State(state): State<AppState>, Path((slug, document)): Path<(String, String)>) -> AppResult<Html<String>> {
    let e = engagements::find_by_slug(&state.db, &slug).await?.filter(|e| e.state != "draft").ok_or(AppError::NotFound)?;
    let d = queries::find_by_slug(&state.db, e.id, &document).await?.ok_or(AppError::NotFound)?;
    let v = queries::latest_version(&state.db, d.id).await?.ok_or(AppError::NotFound)?;
    let sections = sections_of(&v.sections)?;
    let left_out = sections.iter().filter(|s| s.easy_read.is_empty()).count();
    let view = EasyReadDocument {
        engagement_slug: e.slug,
        slug: d.slug,
        title: d.title.clone(),
        number: v.number,
        final_version: v.final_version != 0,
        sections: sections.into_iter().filter(|s| !s.easy_read.is_empty()).map(|s| (s.heading, s.easy_read, s.symbol)).collect(),
        left_out,
    };
    Ok(page(&format!("Easy Read: {}", d.title), None, false, move || view! { <EasyReadDocumentPage document=view/> }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_took_part_hides_small_groups_and_what_would_give_them_away() {
        let shared = Disclosure::shared(5);
        assert_eq!(
            people_in_words([3, 8, 0, 0], shared),
            "11 people: children and young people, fewer than 5; parents and carers, not shown"
        );
        assert_eq!(people_in_words([6, 8, 0, 0], shared), "14 people: children and young people, 6; parents and carers, 8");
        assert_eq!(people_in_words([0, 0, 14, 0], shared), "14 school staff");
        assert_eq!(people_in_words([0, 3, 0, 0], shared), "fewer than 5 parents and carers");
    }

    #[test]
    fn a_workshop_needs_a_date_people_sections_and_what_was_agreed() {
        let keys = vec!["aims".to_string()];
        let errors = check_workshop(&WorkshopForm::default(), &keys).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "held-day", "young-people", "sections", "agreed"]);
        let ok = WorkshopForm {
            title: "Parents' evening".into(),
            held_day: "12".into(),
            held_month: "3".into(),
            held_year: "2027".into(),
            parents_carers: "9".into(),
            sections: keys.clone(),
            agreed: "Keep the named teacher.".into(),
            ..WorkshopForm::default()
        };
        let (held, _, groups, _) = check_workshop(&ok, &keys).unwrap();
        assert_eq!(crate::db::date_in_words(held), "12 March 2027");
        assert_eq!(groups, [0, 9, 0, 0]);
        let wrong = WorkshopForm { sections: vec!["elsewhere".into()], young_people: "many".into(), ..ok };
        let fields: Vec<String> = check_workshop(&wrong, &keys).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["young-people", "sections"]);
    }
}
