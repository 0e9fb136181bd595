//! Themes in what people wrote, in the staff area: anyone who may see results may read them;
//! administrators, commissioners and analysts may find and review them.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::db;
use crate::engagements::queries::EngagementRecord;
use crate::results::deidentify::Reading;
use crate::results::figures::Disclosure;
use crate::themes::{self, Change, Scope};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::themes::{AnswerView, AuditRow, ScopeRow, ThemePage, ThemePageView, ThemeRow, ThemeSetPage, ThemeSetView, ThemesIndexPage};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;

/// Answers listed on one page of a theme.
const PER_PAGE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/engagements/{slug}/themes", get(index))
        .route("/admin/engagements/{slug}/themes/{scope}", get(set_page))
        .route("/admin/engagements/{slug}/themes/{scope}/change", post(change))
        .route("/admin/engagements/{slug}/themes/{scope}/{theme}", get(theme_page))
}

/// Finding themes first makes the vectors the background step has not reached yet, which for a
/// large new batch of answers takes minutes: these routes have no time limit once their form is read.
pub fn unhurried_router() -> Router<AppState> {
    Router::new().route("/admin/engagements/{slug}/themes/{scope}/find", post(find))
}

pub(crate) fn method_words(method: &str) -> &'static str {
    if method == "minilm-sif" {
        "Themes come from a small sentence model (all-MiniLM-L6-v2) that runs on this server."
    } else {
        "Themes come from the words people used: the sentence model is not installed on this server, so themes are rougher."
    }
}

async fn engagement(state: &AppState, slug: &str) -> AppResult<EngagementRecord> {
    crate::engagements::queries::find_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

/// A scope's title, or none if the scope names no free-text question of the engagement.
async fn scope_title(state: &AppState, e: &EngagementRecord, scope: &Scope) -> anyhow::Result<Option<String>> {
    let questions = themes::text_questions(&state.db, e.id).await?;
    Ok(match scope {
        Scope::All => Some("Every written answer".into()),
        Scope::Question { survey_id, question_id } => questions
            .iter()
            .find(|(s, _, q, _)| s == survey_id && q == question_id)
            .map(|(_, group, _, text)| format!("{group}: \u{201c}{text}\u{201d}")),
    })
}

async fn index(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    staff.require(Permission::SeeResults)?;
    let e = engagement(&state, &slug).await?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let questions = themes::text_questions(&state.db, e.id).await?;
    let count = themes::answer_counts(&state.db, e.id).await?;
    let sets = crate::themes::queries::set_summaries(&state.db, e.id).await?;
    let status =
        |key: &str| sets.iter().find(|s| s.0 == key).map(|(_, at, n)| format!("{n} themes, last changed {}", db::date_in_words(*at)));
    let per_question: Vec<i64> = questions.iter().map(|(s, _, q, _)| count.get(&(*s, q.clone())).copied().unwrap_or(0)).collect();
    let total: i64 = per_question.iter().sum();
    // The questions add up to the engagement's total.
    let mut per_question_words = who.parts_in_words(&per_question).into_iter();
    let mut scopes = vec![ScopeRow {
        key: "all".into(),
        title: "Every written answer, from every survey".into(),
        answers: format!("{} answers", who.count(total)),
        status: status("all"),
    }];
    for (s, group, q, text) in &questions {
        let key = Scope::Question { survey_id: *s, question_id: q.clone() }.key();
        scopes.push(ScopeRow {
            title: format!("{group}: \u{201c}{text}\u{201d}"),
            answers: match per_question_words.next().unwrap_or_default().as_str() {
                "not shown" => "Number of answers not shown".into(),
                words => format!("{words} answers"),
            },
            status: status(&key),
            key,
        });
    }
    let can_edit = staff.can(Permission::ReviewThemes);
    let can_export = staff.can(Permission::ExportResults);
    let (title, token, method) = (e.title.clone(), staff.csrf_token.clone(), method_words(themes::embedder().method()).to_owned());
    Ok(page("Themes", Some(staff.badge()), false, move || {
        view! { <ThemesIndexPage engagement_slug=slug engagement_title=title scopes=scopes can_edit=can_edit can_export=can_export csrf_token=token method=method/> }
    }))
}

/// A theme's answers by stance in words: "12 positive, fewer than 5 negative…". The stances add
/// up to the theme's count, so a larger one is hidden with a lone small one.
pub(crate) fn stance_words(who: Disclosure, by_stance: &HashMap<String, i64>) -> String {
    let order = themes::stance_order();
    let counts: Vec<i64> = order.iter().map(|s| by_stance.get(s.as_str()).copied().unwrap_or(0)).collect();
    order.iter().zip(who.parts_in_words(&counts)).map(|(s, n)| format!("{n} {}", s.as_str())).collect::<Vec<_>>().join(", ")
}

/// The set page's data, with counts suppressed for the viewer.
/// The answers about the area of need `need` (a value of the standard question's), in the
/// engagement's surveys as their results read them.
async fn about_need(state: &AppState, e: &EngagementRecord, need: &str) -> AppResult<Option<themes::views::About>> {
    use crate::surveys::profile::{slugify, AREAS_OF_NEED};
    let Some(need) = AREAS_OF_NEED.iter().find(|n| slugify(n) == need) else { return Ok(None) };
    let mut about = themes::views::About { need: slugify(need), ..Default::default() };
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = crate::results::queries::results_survey(&state.db, listed.id).await? else { continue };
        for q in survey.definition.pages.iter().flat_map(|p| p.questions.iter()) {
            if q.tags.iter().any(|t| t == "profile:area_of_need") {
                if let Some((value, _)) = q.kind.options().into_iter().find(|(_, label)| label == need) {
                    about.asked.push((listed.id, q.id.clone(), value));
                }
            }
            let needs: Vec<&str> = q.tags.iter().filter_map(|t| t.strip_prefix("need:")).collect();
            if needs.contains(need) {
                about.tagged.push((listed.id, q.id.clone()));
            } else if !needs.is_empty() {
                about.elsewhere.push((listed.id, q.id.clone()));
            }
        }
    }
    Ok(Some(about))
}

async fn set_view(
    state: &AppState,
    staff: &Staff,
    e: &EngagementRecord,
    scope: &Scope,
    need: Option<themes::views::About>,
) -> AppResult<(ThemeSetView, themes::SetView)> {
    let heading = scope_title(state, e, scope).await?.ok_or(AppError::NotFound)?;
    let set = themes::views::set_view_about(&state.db, e.id, scope, need.as_ref()).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let reading = Reading::for_role(&state.db, staff.user.role()).await?;
    let (totals, other_words) = theme_totals(who, &set);
    let rows = set
        .themes
        .iter()
        .zip(totals)
        .map(|(t, total)| {
            let stance = stance_words(who, &t.by_stance);
            // Quotes from a group are shown only when the group's count may be shown.
            let quotes = set
                .groups
                .iter()
                .filter_map(|g| {
                    let n = t.by_group.get(g).copied().unwrap_or(0);
                    let q: Vec<String> = t.quotes.iter().filter(|(_, qg)| qg == g).map(|(q, _)| reading.text(q, false)).collect();
                    (n > 0 && who.shows(n) && !q.is_empty()).then(|| (g.clone(), q))
                })
                .collect();
            ThemeRow {
                id: t.id,
                // Automatic names come from what people wrote, so they are read like quotes.
                label: reading.text(&t.label, false),
                description: reading.text(&t.description, false),
                reviewed: t.reviewed,
                notes: t.notes.clone(),
                total,
                // The groups add up to the theme's count, so a larger one is hidden with a lone small one.
                per_group: who.parts_in_words(&set.groups.iter().map(|g| t.by_group.get(g).copied().unwrap_or(0)).collect::<Vec<_>>()),
                stance,
                quotes,
            }
        })
        .collect();
    let view = ThemeSetView {
        engagement_slug: e.slug.clone(),
        engagement_title: e.title.clone(),
        scope_key: scope.key(),
        heading,
        about: format!("{} Last changed {}.", method_words(&set.method), db::date_in_words(set.updated_at)),
        groups: set.groups.clone(),
        themes: rows,
        other: other_words,
        unplaced: (set.unplaced > 0).then(|| who.count(set.unplaced)),
        audit: set
            .audit
            .iter()
            .map(|(at, by, source, action, detail)| AuditRow {
                when: db::date_in_words(*at),
                who: if source == "auto" { "Automatic".into() } else { by.clone() },
                action: action.clone(),
                detail: audit_words(who, &reading, detail),
            })
            .collect(),
        // Review changes every answer's place, so it is done with every answer in view.
        can_edit: staff.can(Permission::ReviewThemes) && need.is_none(),
        needs: crate::surveys::profile::AREAS_OF_NEED.iter().map(|n| (crate::surveys::profile::slugify(n), n.to_string())).collect(),
        need: need.as_ref().map(|about| about.need.clone()).unwrap_or_default(),
        suppression_note: (!who.exact).then(|| {
            format!(
                "Counts under {} read \u{201c}fewer than {}\u{201d} (and one that would let them be worked out, \u{201c}not shown\u{201d}), and quotes from a group that small are left out. In quotes and answers, \
                 names, schools and contact details read [name], [school], [email]\u{2026}; answers passed to the safeguarding team are withheld.",
                who.threshold, who.threshold
            )
        }),
    };
    Ok((view, set))
}

/// Each theme's count in words, then Other's: they add up to every answer in the set, so a
/// lone small one takes the next smallest with it.
pub(crate) fn theme_totals(who: Disclosure, set: &themes::SetView) -> (Vec<String>, String) {
    let mut totals = who.parts_in_words(&set.themes.iter().map(|t| t.count).chain([set.other]).collect::<Vec<_>>());
    let other = totals.pop().unwrap_or_default();
    (totals, other)
}

/// An audit entry as this reader may read it: theme names (which can come from what people
/// wrote) read like quotes, and a small number of answers ("Moved 2 answers") in words.
fn audit_words(who: Disclosure, reading: &Reading, detail: &str) -> String {
    let mut text = reading.text(detail, false);
    if who.exact {
        return text;
    }
    // Which answers were moved or marked ("…: 41/change, 57/change.") would count them.
    if let Some((head, ids)) = text.rsplit_once(": ") {
        let ids = ids.trim_end_matches('.');
        if !ids.is_empty() && ids.split(", ").all(|id| id.contains('/') && !id.contains(' ')) {
            text = format!("{head}.");
        }
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let counted = words.get(i + 1).is_some_and(|next| {
            let next = if ["new", "reviewed"].contains(next) { words.get(i + 2).copied().unwrap_or("") } else { next };
            next.starts_with("answer")
        });
        // "1 answer" becomes "fewer than 5 answers", "1 new answer." "fewer than 5 new answers.".
        let after_small = |back: usize| i >= back && out[i - back].starts_with("fewer than");
        let singular = w.strip_prefix("answer").filter(|rest| rest.chars().all(|c| !c.is_alphanumeric()));
        match (w.replace(',', "").parse::<i64>(), singular) {
            (Ok(n), _) if counted && !who.shows(n) => out.push(format!("fewer than {}", who.threshold)),
            (_, Some(rest)) if after_small(1) || (after_small(2) && ["new", "reviewed"].contains(&words[i - 1])) => {
                out.push(format!("answers{rest}"))
            }
            _ => out.push((*w).to_owned()),
        }
    }
    out.join(" ")
}

fn set_response(staff: &Staff, view: ThemeSetView, errors: Vec<FieldError>, label: String, description: String) -> Response {
    let (title, token, problem) = (format!("Themes: {}", view.heading), staff.csrf_token.clone(), !errors.is_empty());
    form_page(&title, problem, Some(staff.badge()), move || {
        view! { <ThemeSetPage set=view csrf_token=token errors=errors label=label description=description/> }
    })
}

fn parse_scope(s: &str) -> AppResult<Scope> {
    Scope::parse(s).ok_or(AppError::NotFound)
}

#[derive(Deserialize)]
struct NeedQuery {
    #[serde(default)]
    need: String,
}

async fn set_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((slug, scope)): Path<(String, String)>,
    Query(q): Query<NeedQuery>,
) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = engagement(&state, &slug).await?;
    let scope = parse_scope(&scope)?;
    let need = if q.need.is_empty() { None } else { about_need(&state, &e, &q.need).await? };
    let (view, _) = set_view(&state, &staff, &e, &scope, need).await?;
    Ok(set_response(&staff, view, vec![], String::new(), String::new()))
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<usize>,
}

async fn theme_page(
    State(state): State<AppState>,
    staff: Staff,
    Path((slug, scope, theme)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let e = engagement(&state, &slug).await?;
    let scope = parse_scope(&scope)?;
    let theme_id = match theme.as_str() {
        "other" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    render_theme(&state, &staff, &e, &scope, theme_id, q.page.unwrap_or(1), vec![], None).await
}

/// A theme's page (or Other's): its review forms and one page of its answers. `label` is what
/// was typed when a rename is shown again with an error.
#[allow(clippy::too_many_arguments)]
async fn render_theme(
    state: &AppState,
    staff: &Staff,
    e: &EngagementRecord,
    scope: &Scope,
    theme_id: Option<i64>,
    page_number: usize,
    errors: Vec<FieldError>,
    label: Option<String>,
) -> AppResult<Response> {
    let (view, set) = set_view(state, staff, e, scope, None).await?;
    let mut row = match theme_id {
        Some(id) => Some(view.themes.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?),
        None => None,
    };
    let title = format!("Theme: {}", row.as_ref().map(|t| t.label.clone()).unwrap_or_else(|| "Other".into()));
    if let (Some(r), Some(typed)) = (row.as_mut(), label) {
        r.label = typed;
    }
    // Those who review themes read every answer; others read the theme's quotes, which come
    // only from groups whose count may be shown.
    let shown = staff.can(Permission::ReviewThemes);
    let (_, total) = themes::theme_answers(&state.db, e.id, set.id, theme_id, 0, 0).await?;
    let total = if shown { total as usize } else { 0 };
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page_number = page_number.clamp(1, pages);
    let answers = if shown {
        let offset = ((page_number - 1) * PER_PAGE) as i64;
        themes::theme_answers(&state.db, e.id, set.id, theme_id, offset, PER_PAGE as i64).await?.0
    } else {
        vec![]
    };
    let reading = Reading::for_role(&state.db, staff.user.role()).await?;
    let answers = answers
        .into_iter()
        .map(|a| AnswerView {
            text: reading.text(&a.text, a.flagged),
            response_id: a.response_id,
            question_id: a.question_id,
            group: a.group,
            stance: a.stance,
            off_topic: a.off_topic,
            reviewed: a.reviewed,
            by_analyst: a.source == "analyst",
        })
        .collect();
    let targets = view.themes.iter().map(|t| (t.id, t.label.clone())).collect();
    let page_view = ThemePageView { set: view, theme: row, answers, targets, page: page_number, pages, total_answers: total };
    let (token, problem) = (staff.csrf_token.clone(), !errors.is_empty());
    Ok(form_page(&title, problem, Some(staff.badge()), move || view! { <ThemePage view=page_view csrf_token=token errors=errors/> }))
}

#[derive(Deserialize)]
struct FindPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    themes: String,
}

async fn find(
    State(state): State<AppState>,
    staff: Staff,
    Path((slug, scope)): Path<(String, String)>,
    Form(input): Form<FindPost>,
) -> AppResult<Response> {
    staff.require_post(Permission::ReviewThemes, &input.csrf_token).await?;
    let e = engagement(&state, &slug).await?;
    let scope = parse_scope(&scope)?;
    scope_title(&state, &e, &scope).await?.ok_or(AppError::NotFound)?;
    let wanted = input.themes.trim();
    let themes = match wanted {
        "" | "auto" => None,
        n => match n.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => Some(n),
            _ => {
                let errors = vec![FieldError::new("themes", "Enter a whole number of themes from 1 to 100, or leave it blank")];
                return match set_view(&state, &staff, &e, &scope, None).await {
                    Ok((view, _)) => Ok(set_response(&staff, view, errors, String::new(), String::new())),
                    Err(AppError::NotFound) => Err(AppError::BadRequest("Enter a whole number of themes from 1 to 100")),
                    Err(other) => Err(other),
                };
            }
        },
    };
    themes::find_themes(&state.db, e.id, &scope, themes, staff.user.id).await?;
    // Count and pick quotes now, as part of finding them, so the page it leads to opens at once.
    themes::set_view(&state.db, e.id, &scope).await?;
    tracing::info!(user_id = staff.user.id, scope = %scope.key(), "themes found");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}/themes/{}", scope.key())).into_response())
}

const MAX_LABEL: usize = 80;
const MAX_TEXT: usize = 2_000;

/// A posted form as its fields; `answer` may be given many times.
struct Posted(Vec<(String, String)>);

impl Posted {
    fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
    /// The answers ticked, as (response id, question id).
    fn answers(&self) -> AppResult<Vec<(i64, String)>> {
        self.0
            .iter()
            .filter(|(k, _)| k == "answer")
            .map(|(_, v)| {
                let (r, q) = v.split_once(':').ok_or(AppError::BadRequest("That answer is not in these themes"))?;
                Ok((r.parse().map_err(|_| AppError::BadRequest("That answer is not in these themes"))?, q.to_owned()))
            })
            .collect()
    }
}

async fn change(
    State(state): State<AppState>,
    staff: Staff,
    Path((slug, scope_key)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = Posted(fields);
    staff.require_post(Permission::ReviewThemes, &input.get("csrf_token")).await?;
    let e = engagement(&state, &slug).await?;
    let scope = parse_scope(&scope_key)?;
    let set = themes::find_set(&state.db, e.id, &scope).await?.ok_or(AppError::NotFound)?;
    let base = format!("/admin/engagements/{slug}/themes/{}", scope.key());
    let id = |s: &str| s.trim().parse::<i64>().map_err(|_| AppError::BadRequest("That theme is not in this set"));
    let action = input.get("action");
    let label = input.get("label").trim().to_owned();
    let description = input.get("description").trim().to_owned();
    let notes = input.get("notes").trim().to_owned();
    let label_error = if label.is_empty() {
        Some("Enter a name for the theme")
    } else if label.chars().count() > MAX_LABEL {
        Some("The name must be 80 characters or fewer")
    } else {
        None
    };
    if description.chars().count() > MAX_TEXT || notes.chars().count() > MAX_TEXT {
        return Err(AppError::BadRequest("Descriptions and notes must be 2,000 characters or fewer"));
    }
    let (change, back) = match action.as_str() {
        "create" => {
            if let Some(message) = label_error {
                let (view, _) = set_view(&state, &staff, &e, &scope, None).await?;
                return Ok(set_response(
                    &staff,
                    view,
                    vec![FieldError::new("label", message)],
                    input.get("label"),
                    input.get("description"),
                ));
            }
            (Change::Create { label, description }, base.clone())
        }
        "edit" => {
            let theme = id(&input.get("theme"))?;
            if let Some(message) = label_error {
                let errors = vec![FieldError::new("label", message)];
                return render_theme(&state, &staff, &e, &scope, Some(theme), 1, errors, Some(input.get("label"))).await;
            }
            // The form showed the name and description as this reader reads them: sent back
            // unchanged, they keep what is stored rather than the version with [school] in it.
            let (label, description) = match crate::themes::queries::theme_text(&state.db, set, theme).await? {
                Some((stored_label, stored_description)) => {
                    let reading = Reading::for_role(&state.db, staff.user.role()).await?;
                    let keep = |typed: String, stored: String| if typed == reading.text(&stored, false).trim() { stored } else { typed };
                    (keep(label, stored_label), keep(description, stored_description))
                }
                None => (label, description),
            };
            (Change::Edit { theme, label, description, notes, reviewed: input.has("reviewed") }, format!("{base}/{theme}"))
        }
        "merge" => {
            let into = id(&input.get("into"))?;
            (Change::Merge { theme: id(&input.get("theme"))?, into }, format!("{base}/{into}"))
        }
        "delete" => (Change::Delete { theme: id(&input.get("theme"))? }, base.clone()),
        "split" => (Change::Split { theme: id(&input.get("theme"))? }, base.clone()),
        "move" | "off_topic" | "on_topic" | "reviewed" | "not_reviewed" => {
            let from = match input.get("from").as_str() {
                "other" => None,
                t => Some(id(t)?),
            };
            let answers = input.answers()?;
            if answers.is_empty() {
                let errors = vec![FieldError::new("answers", "Select one or more answers")];
                return render_theme(&state, &staff, &e, &scope, from, 1, errors, None).await;
            }
            let back = format!("{base}/{}", from.map(|t| t.to_string()).unwrap_or_else(|| "other".into()));
            let change = match action.as_str() {
                "move" => Change::Move {
                    answers,
                    to: match input.get("to").as_str() {
                        "other" => None,
                        t => Some(id(t)?),
                    },
                },
                "off_topic" => Change::Mark { answers, off_topic: Some(true), reviewed: None },
                "on_topic" => Change::Mark { answers, off_topic: Some(false), reviewed: None },
                "reviewed" => Change::Mark { answers, off_topic: None, reviewed: Some(true) },
                _ => Change::Mark { answers, off_topic: None, reviewed: Some(false) },
            };
            (change, back)
        }
        _ => return Err(AppError::BadRequest("Choose what to change")),
    };
    if !themes::apply(&state.db, set, staff.user.id, change).await? {
        return Err(AppError::BadRequest("That theme or answer is not in this set, or the theme is too small to split"));
    }
    tracing::info!(user_id = staff.user.id, action = %action, "themes changed");
    // Recount with the change, so the pages it leads back to open at once.
    themes::set_view(&state.db, e.id, &scope).await?;
    Ok(Redirect::to(&back).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_of_answers_in_the_audit_trail_read_in_words() {
        let who = Disclosure::shared(5);
        let full = Reading::Full;
        assert_eq!(
            audit_words(who, &full, "Moved 2 answers to \u{201c}Travel\u{201d}"),
            "Moved fewer than 5 answers to \u{201c}Travel\u{201d}"
        );
        assert_eq!(audit_words(who, &full, "Placed 1 new answer in themes"), "Placed fewer than 5 new answers in themes");
        assert_eq!(audit_words(who, &full, "Split: 3 answers moved to a new theme"), "Split: fewer than 5 answers moved to a new theme");
        assert_eq!(audit_words(who, &full, "Moved 12 answers; 1,204 answers in all"), "Moved 12 answers; 1,204 answers in all");
        assert_eq!(audit_words(who, &full, "Found 3 themes"), "Found 3 themes");
        // Which answers they were would count them.
        assert_eq!(audit_words(who, &full, "Marked 1 answer reviewed: 7/q1."), "Marked fewer than 5 answers reviewed.");
        assert_eq!(
            audit_words(who, &full, "Moved 2 answers to \u{201c}Travel\u{201d}: 41/change, 57/change."),
            "Moved fewer than 5 answers to \u{201c}Travel\u{201d}."
        );
        assert_eq!(
            audit_words(who, &full, "Found 3 themes in 40 answers; 2 reviewed answers kept"),
            "Found 3 themes in 40 answers; fewer than 5 reviewed answers kept"
        );
        assert_eq!(
            audit_words(who, &full, "Renamed \u{201c}A\u{201d} to \u{201c}B: c\u{201d}."),
            "Renamed \u{201c}A\u{201d} to \u{201c}B: c\u{201d}."
        );
        assert_eq!(
            audit_words(Disclosure::for_role(5, crate::domain::Role::Admin), &full, "Moved 2 answers: 4/q, 5/q."),
            "Moved 2 answers: 4/q, 5/q."
        );
    }
}
