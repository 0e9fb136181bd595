//! Key performance indicators: each outcome's measures, with a baseline and a target, and their
//! figures wave by wave for Kent, each area board, each district, each area of need and each part
//! of the service (provider strand); and the area boards the districts are grouped into.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::outcomes::protect::{self, Share, Wave};
use crate::outcomes::queries::{self, KpiFields, KpiRecord, OutcomeRecord, BOARDS};
use crate::results::figures::{positive_share, share_in_words, Disclosure};
use crate::results::queries::{self as results, Filter};
use crate::surveys::profile::{AREAS_OF_NEED, DISTRICTS, PROVIDERS};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Form;
use crate::web::{form_page, page};
use crate::AppState;
use app::components::FieldError;
use app::pages::framework::{BoardsPage, BoardsView, KpiForm, KpiFormPage, KpiPage, KpiRow, KpiTable, KpiValues, KpiView};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/outcomes/{id}/kpis/new", get(new_kpi).post(create_kpi))
        .route("/admin/kpis/{id}", get(kpi_page))
        .route("/admin/kpis/{id}/edit", get(edit_kpi).post(update_kpi))
        .route("/admin/kpis/{id}/remove", post(remove_kpi))
        .route("/admin/area-boards", get(boards_page).post(save_boards))
}

const MAX_NAME_CHARS: usize = 200;

/// The questions measuring an outcome that a KPI may be measured by (those with a positive end),
/// as (`survey id:question id`, words).
async fn choosable(state: &AppState, outcome_id: i64) -> AppResult<Vec<(String, String)>> {
    let mut found = Vec::new();
    for (survey_id, question_id) in queries::measuring(&state.db, outcome_id).await? {
        let Some(survey) = results::results_survey(&state.db, survey_id).await? else { continue };
        let Some(q) = survey.definition.question(&question_id) else { continue };
        if positive_share(&q.kind, |_| 0).is_none() {
            continue;
        }
        found.push((format!("{survey_id}:{question_id}"), format!("{}: {}: {}", survey.engagement_title, survey.definition.title, q.text)));
    }
    Ok(found)
}

fn values_from(fields: Vec<(String, String)>) -> KpiValues {
    let mut v = KpiValues::default();
    for (name, value) in fields {
        match name.as_str() {
            "csrf_token" => v.csrf_token = value,
            "name" => v.name = value,
            "questions" => v.questions.push(value),
            "baseline" => v.baseline = value,
            "target" => v.target = value,
            "period" => v.period = value,
            _ => {}
        }
    }
    v
}

/// A percentage typed on the form: blank for none, else a whole number from 0 to 100.
fn percentage(field: &str, words: &str, typed: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    let typed = typed.trim().trim_end_matches('%').trim();
    if typed.is_empty() {
        return None;
    }
    match typed.parse::<i64>() {
        Ok(n) if (0..=100).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(field, format!("The {words} must be a whole number from 0 to 100, like 55")));
            None
        }
    }
}

/// The KPI from the form, or a message for each field in error.
fn checked(values: &KpiValues, choosable: &[(String, String)]) -> Result<KpiFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = values.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter what is measured"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new("name", format!("What is measured must be {MAX_NAME_CHARS} characters or fewer")));
    }
    let mut questions: Vec<(i64, String)> = Vec::new();
    for ticked in &values.questions {
        let parsed = ticked.split_once(':').and_then(|(s, q)| Some((s.parse::<i64>().ok()?, q.to_owned())));
        match parsed.filter(|_| choosable.iter().any(|(v, _)| v == ticked)) {
            Some(q) if !questions.contains(&q) => questions.push(q),
            Some(_) => {}
            None => {
                errors.push(FieldError::new("questions", "Choose questions from the list"));
                break;
            }
        }
    }
    if values.questions.is_empty() {
        errors.push(FieldError::new("questions", "Choose the questions it is measured by"));
    } else if questions.iter().enumerate().any(|(i, (s, _))| questions[..i].iter().any(|(t, _)| t == s)) {
        errors.push(FieldError::new("questions", "Choose one question in each survey: each survey is one wave"));
    }
    let baseline = percentage("baseline", "baseline", &values.baseline, &mut errors);
    let target = percentage("target", "target", &values.target, &mut errors);
    let period = values.period.trim().to_owned();
    if period.chars().count() > 100 {
        errors.push(FieldError::new("period", "The period must be 100 characters or fewer"));
    }
    if errors.is_empty() {
        Ok(KpiFields { name, baseline, target, period, questions })
    } else {
        Err(errors)
    }
}

async fn render_form(
    state: &AppState,
    staff: &Staff,
    outcome: &OutcomeRecord,
    kpi: Option<&KpiRecord>,
    values: KpiValues,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let form = KpiForm {
        heading: if kpi.is_some() { "Change the KPI".into() } else { format!("Add a KPI for \u{201c}{}\u{201d}", outcome.statement) },
        action: kpi.map(|k| format!("/admin/kpis/{}/edit", k.id)).unwrap_or_else(|| format!("/admin/outcomes/{}/kpis/new", outcome.id)),
        back_href: format!("/admin/outcomes/{}", outcome.id),
        questions: choosable(state, outcome.id).await?,
        remove_action: kpi.map(|k| format!("/admin/kpis/{}/remove", k.id)),
    };
    let title = form.heading.clone();
    let problem = !errors.is_empty();
    Ok(form_page(&title, problem, Some(staff.badge()), move || view! { <KpiFormPage form=form values=values errors=errors/> }))
}

async fn new_kpi(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let outcome = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let values = KpiValues { csrf_token: staff.csrf_token.clone(), ..Default::default() };
    render_form(&state, &staff, &outcome, None, values, vec![]).await
}

async fn create_kpi(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let values = values_from(fields);
    staff.require_post(Permission::EditEngagements, &values.csrf_token).await?;
    let outcome = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let values = KpiValues { csrf_token: staff.csrf_token.clone(), ..values };
    match checked(&values, &choosable(&state, id).await?) {
        Err(errors) => render_form(&state, &staff, &outcome, None, values, errors).await,
        Ok(fields) => {
            let kpi = queries::save_kpi(&state.db, None, id, fields).await?;
            tracing::info!(user_id = staff.user.id, kpi_id = kpi, "KPI added");
            Ok(Redirect::to(&format!("/admin/kpis/{kpi}")).into_response())
        }
    }
}

async fn kpi_with_outcome(state: &AppState, id: i64) -> AppResult<(KpiRecord, OutcomeRecord)> {
    let kpi = queries::find_kpi(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let outcome = queries::find(&state.db, kpi.outcome_id).await?.ok_or(AppError::NotFound)?;
    Ok((kpi, outcome))
}

async fn edit_kpi(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::EditEngagements)?;
    let (kpi, outcome) = kpi_with_outcome(&state, id).await?;
    let values = KpiValues {
        csrf_token: staff.csrf_token.clone(),
        name: kpi.name.clone(),
        questions: queries::kpi_questions(&state.db, id).await?.into_iter().map(|(s, q)| format!("{s}:{q}")).collect(),
        baseline: kpi.baseline.map(|n| n.to_string()).unwrap_or_default(),
        target: kpi.target.map(|n| n.to_string()).unwrap_or_default(),
        period: kpi.period.clone(),
    };
    render_form(&state, &staff, &outcome, Some(&kpi), values, vec![]).await
}

async fn update_kpi(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let values = values_from(fields);
    staff.require_post(Permission::EditEngagements, &values.csrf_token).await?;
    let (kpi, outcome) = kpi_with_outcome(&state, id).await?;
    let values = KpiValues { csrf_token: staff.csrf_token.clone(), ..values };
    match checked(&values, &choosable(&state, outcome.id).await?) {
        Err(errors) => render_form(&state, &staff, &outcome, Some(&kpi), values, errors).await,
        Ok(fields) => {
            queries::save_kpi(&state.db, Some(id), outcome.id, fields).await?;
            tracing::info!(user_id = staff.user.id, kpi_id = id, "KPI changed");
            Ok(Redirect::to(&format!("/admin/kpis/{id}")).into_response())
        }
    }
}

#[derive(Deserialize)]
struct TokenInput {
    #[serde(default)]
    csrf_token: String,
}

async fn remove_kpi(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    staff.require_post(Permission::EditEngagements, &input.csrf_token).await?;
    let (_, outcome) = kpi_with_outcome(&state, id).await?;
    queries::remove_kpi(&state.db, id).await?;
    tracing::info!(user_id = staff.user.id, kpi_id = id, "KPI removed");
    Ok(Redirect::to(&format!("/admin/outcomes/{}", outcome.id)).into_response())
}

/// One wave of a KPI: its engagement, the question asked, and the shares.
struct Measured {
    engagement: String,
    question: String,
    opens: Option<i64>,
    who: Disclosure,
    wave: Wave,
    /// Whether the survey asked for the district, for areas of need, and for the parts of the
    /// service used.
    asked: [bool; 3],
}

/// Everyone's figures in a survey broken down by `by`, where the survey asks it.
async fn cross_by(state: &AppState, survey_id: i64, by: Option<&app::survey::Question>) -> AppResult<Option<Arc<results::CrossFigures>>> {
    Ok(match by {
        Some(by) => results::cached_figures(&state.db, survey_id, &Filter::default(), Some(&by.id)).await?.1,
        None => None,
    })
}

/// The shares of a question's positive answers in one survey, for Kent and each group.
async fn measure(state: &AppState, survey_id: i64, question_id: &str, role: crate::domain::Role) -> AppResult<Option<Measured>> {
    let Some(survey) = results::results_survey(&state.db, survey_id).await? else { return Ok(None) };
    let Some((_, _, opens)) = queries::engagement_of_survey(&state.db, survey_id).await? else { return Ok(None) };
    let def = &survey.definition;
    let Some(q) = def.question(question_id) else { return Ok(None) };
    let profile = |tag: &str| def.pages.iter().flat_map(|p| p.questions.iter()).find(|q| q.tags.iter().any(|t| t == tag));
    let (district, need, provider) = (profile("profile:district"), profile("profile:area_of_need"), profile("profile:provider"));
    let (figures, _) = results::cached_figures(&state.db, survey_id, &Filter::default(), None).await?;
    let (by_district, by_need, by_provider) =
        (cross_by(state, survey_id, district).await?, cross_by(state, survey_id, need).await?, cross_by(state, survey_id, provider).await?);
    let kent = positive_share(&q.kind, |v| figures.choices.get(&q.id).and_then(|c| c.get(v)).copied().unwrap_or(0)).unwrap_or_default();
    // A group's share, from a cross table by `by` (whose options are labelled as `labels`).
    let groups = |by: Option<&app::survey::Question>, cross: Option<&results::CrossFigures>, labels: &[&str]| -> Vec<Share> {
        labels
            .iter()
            .map(|label| {
                let (Some(by), Some(cross)) = (by, cross) else { return (0, 0) };
                let Some((place, _)) = by.kind.options().into_iter().find(|(_, l)| l == label) else { return (0, 0) };
                positive_share(&q.kind, |v| cross.cells.get(&(q.id.clone(), v.to_owned(), place.clone())).copied().unwrap_or(0))
                    .unwrap_or_default()
            })
            .collect()
    };
    // A share is shown only where it adds nothing to the survey's results page, for everyone and
    // broken down by district, area of need or part of the service, whose tables hide counts of
    // their own.
    let who = Disclosure::for_role(survey.threshold, role);
    let options = crate::results::figures::answer_options(q);
    let (_, visible) = crate::results::figures::answer_counts(who, q, &options, &figures);
    let hidden_in = |by: Option<&app::survey::Question>, cross: Option<&results::CrossFigures>, labels: &[&str]| -> Vec<bool> {
        let (Some(by), Some(cross)) = (by, cross) else { return vec![false; labels.len()] };
        let columns = by.kind.options();
        let (_, grid) = crate::results::figures::cross_counts(who, q, &options, &columns, cross);
        labels
            .iter()
            .map(|label| {
                let Some(k) = columns.iter().position(|(_, l)| l == label) else { return false };
                let column: Vec<bool> = grid[..options.len()].iter().map(|row| row[k]).collect();
                !(grid[options.len()][k] && crate::results::figures::share_adds_nothing(&q.kind, &options, &column))
            })
            .collect()
    };
    let elsewhere = protect::Hidden {
        kent: !crate::results::figures::share_adds_nothing(&q.kind, &options, &visible),
        districts: hidden_in(district, by_district.as_deref(), &DISTRICTS),
        boards: vec![],
        needs: hidden_in(need, by_need.as_deref(), &AREAS_OF_NEED),
        providers: hidden_in(provider, by_provider.as_deref(), &PROVIDERS),
    };
    Ok(Some(Measured {
        engagement: survey.engagement_title.clone(),
        question: format!("{}: {}", def.title, q.text),
        opens,
        who,
        wave: Wave {
            kent,
            districts: groups(district, by_district.as_deref(), &DISTRICTS),
            needs: groups(need, by_need.as_deref(), &AREAS_OF_NEED),
            providers: groups(provider, by_provider.as_deref(), &PROVIDERS),
            elsewhere,
        },
        asked: [district.is_some(), need.is_some(), provider.is_some()],
    }))
}

/// A share in words, or why it is hidden: never with how many answered, which the table's sums
/// could turn into a hidden count.
fn cell(who: Disclosure, share: Share, hidden: bool, asked: bool) -> String {
    if !asked {
        "not asked".into()
    } else if !hidden || share.1 == 0 {
        share_in_words(who, share)
    } else if !who.shows(share.1) {
        format!("fewer than {} answered", who.threshold)
    } else if crate::results::figures::share_open(who, share) {
        "not shown, so that a hidden share cannot be worked out".into()
    } else {
        format!("not shown, as fewer than {} answered one way", who.threshold)
    }
}

/// The latest wave's share against the target, in points, where both are there to compare.
fn against_target(target: Option<i64>, latest: Option<(Share, bool)>) -> String {
    match (target, latest) {
        (None, _) => "no target set".into(),
        (Some(_), None) => "not shown".into(),
        (Some(target), Some((share, shown))) => {
            if !shown || share.1 == 0 {
                return "not shown".into();
            }
            // The share as the table shows it, rounded the same way.
            let percent: i64 = format!("{:.0}", share.0 as f64 * 100.0 / share.1 as f64).parse().unwrap_or_default();
            let points = |d: i64| if d == 1 { "1 point".to_string() } else { format!("{d} points") };
            match percent - target {
                0 => "on target".into(),
                d if d > 0 => format!("{} above", points(d)),
                d => format!("{} below", points(-d)),
            }
        }
    }
}

async fn kpi_page(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> AppResult<Response> {
    staff.require(Permission::SeeResults)?;
    let (kpi, outcome) = kpi_with_outcome(&state, id).await?;
    let mut waves = Vec::new();
    for (survey_id, question_id) in queries::kpi_questions(&state.db, id).await? {
        if let Some(m) = measure(&state, survey_id, &question_id, staff.user.role()).await? {
            waves.push(m);
        }
    }
    // Waves in the order their engagements opened.
    waves.sort_by_key(|m| m.opens.unwrap_or(i64::MAX));
    let placed: Vec<(String, String)> = queries::area_boards(&state.db).await?;
    let board_of: Vec<usize> = DISTRICTS
        .iter()
        .map(|d| placed.iter().find(|(p, _)| p == d).and_then(|(_, b)| BOARDS.iter().position(|x| x == b)).unwrap_or(0))
        .collect();
    let hidden: Vec<protect::Hidden> = waves.iter().map(|m| protect::hidden(m.who, &m.wave, &board_of, BOARDS.len())).collect();
    let boards: Vec<Vec<Share>> = waves.iter().map(|m| protect::board_shares(&m.wave, &board_of, BOARDS.len())).collect();
    // A row: a place's cell in each wave, then the latest against the target.
    let row = |place: String, of: &dyn Fn(usize) -> (Share, bool, bool)| {
        let mut cells: Vec<String> = (0..waves.len())
            .map(|w| {
                let (share, hide, asked) = of(w);
                cell(waves[w].who, share, hide, asked)
            })
            .collect();
        let latest = waves.len().checked_sub(1).map(|w| {
            let (share, hide, asked) = of(w);
            (share, asked && !hide && crate::results::figures::share_open(waves[w].who, share))
        });
        cells.push(against_target(kpi.target, latest));
        KpiRow { place, cells }
    };
    let mut places = vec![row("All of Kent".into(), &|w| (waves[w].wave.kent, hidden[w].kent, true))];
    places.extend(
        BOARDS.iter().enumerate().map(|(b, name)| row(name.to_string(), &|w| (boards[w][b], hidden[w].boards[b], waves[w].asked[0]))),
    );
    let districts = DISTRICTS
        .iter()
        .enumerate()
        .map(|(d, name)| row(name.to_string(), &|w| (waves[w].wave.districts[d], hidden[w].districts[d], waves[w].asked[0])))
        .collect();
    let needs = AREAS_OF_NEED
        .iter()
        .enumerate()
        .map(|(n, name)| row(name.to_string(), &|w| (waves[w].wave.needs[n], hidden[w].needs[n], waves[w].asked[1])))
        .collect();
    let providers = PROVIDERS
        .iter()
        .enumerate()
        .map(|(n, name)| row(name.to_string(), &|w| (waves[w].wave.providers[n], hidden[w].providers[n], waves[w].asked[2])))
        .collect();
    let percent = |n: Option<i64>| n.map(|n| format!("{n}%")).unwrap_or_else(|| "Not set".into());
    let mut summary = vec![("Baseline".to_string(), percent(kpi.baseline)), ("Target".to_string(), percent(kpi.target))];
    if !kpi.period.is_empty() {
        summary.push(("Period".into(), kpi.period.clone()));
    }
    let view_model = KpiView {
        name: kpi.name.clone(),
        outcome: outcome.statement.clone(),
        outcome_href: format!("/admin/outcomes/{}", outcome.id),
        summary,
        waves: waves.iter().map(|m| (m.engagement.clone(), m.question.clone())).collect(),
        tables: vec![
            KpiTable { heading: "Kent and its area boards".into(), rows: places },
            KpiTable { heading: "Districts".into(), rows: districts },
            KpiTable { heading: "Areas of need".into(), rows: needs },
            KpiTable { heading: "Parts of the service".into(), rows: providers },
        ],
        threshold: waves.first().map(|m| m.who.threshold).unwrap_or(5),
        change_href: staff.user.role().can(Permission::EditEngagements).then(|| format!("/admin/kpis/{id}/edit")),
    };
    Ok(page(&format!("KPI: {}", kpi.name), Some(staff.badge()), false, move || view! { <KpiPage kpi=view_model/> }).into_response())
}

#[derive(Deserialize)]
struct Done {
    done: Option<String>,
}

async fn render_boards(state: &AppState, staff: &Staff, notice: Option<String>) -> AppResult<Response> {
    let placed = queries::area_boards(&state.db).await?;
    let districts = DISTRICTS
        .iter()
        .map(|d| (d.to_string(), placed.iter().find(|(p, _)| p == d).map(|(_, b)| b.clone()).unwrap_or_else(|| BOARDS[0].to_string())))
        .collect();
    let view_model = BoardsView {
        csrf_token: staff.csrf_token.clone(),
        districts,
        boards: BOARDS.iter().map(|b| b.to_string()).collect(),
        can_edit: staff.user.role().can(Permission::EditEngagements),
        notice,
    };
    Ok(page("Area boards", Some(staff.badge()), false, move || view! { <BoardsPage view_model=view_model/> }).into_response())
}

async fn boards_page(State(state): State<AppState>, staff: Staff, Query(q): Query<Done>) -> AppResult<Response> {
    staff.require(Permission::ViewEngagements)?;
    let notice = (q.done.as_deref() == Some("saved")).then(|| "The area boards are saved.".to_string());
    render_boards(&state, &staff, notice).await
}

async fn save_boards(State(state): State<AppState>, staff: Staff, Form(fields): Form<Vec<(String, String)>>) -> AppResult<Response> {
    let token = fields.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.clone()).unwrap_or_default();
    staff.require_post(Permission::EditEngagements, &token).await?;
    // Only the twelve districts, each to one of the boards; anything else is left as it was.
    let chosen: Vec<(String, String)> =
        fields.into_iter().filter(|(district, board)| DISTRICTS.contains(&district.as_str()) && BOARDS.contains(&board.as_str())).collect();
    queries::set_area_boards(&state.db, chosen).await?;
    tracing::info!(user_id = staff.user.id, "area boards changed");
    Ok(Redirect::to("/admin/area-boards?done=saved").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_share_is_read_against_the_target_in_points() {
        assert_eq!(against_target(Some(70), Some(((36, 50), true))), "2 points above");
        assert_eq!(against_target(Some(70), Some(((35, 50), true))), "on target");
        assert_eq!(against_target(Some(70), Some(((30, 50), true))), "10 points below");
        assert_eq!(against_target(Some(70), Some(((30, 50), false))), "not shown");
        assert_eq!(against_target(Some(59), Some(((3, 5), true))), "1 point above");
        assert_eq!(against_target(None, Some(((30, 50), true))), "no target set");
    }

    #[test]
    fn a_kpi_takes_one_question_a_survey_from_those_offered() {
        let offered = vec![("1:timely".to_string(), "A".to_string()), ("1:used".into(), "B".into()), ("2:timely".into(), "C".into())];
        let form = |questions: &[&str], baseline: &str| KpiValues {
            name: "Support on time".into(),
            questions: questions.iter().map(|q| q.to_string()).collect(),
            baseline: baseline.into(),
            ..Default::default()
        };
        let ok = checked(&form(&["1:timely", "2:timely"], "55%"), &offered).unwrap();
        assert_eq!(ok.questions, [(1, "timely".to_string()), (2, "timely".to_string())]);
        assert_eq!(ok.baseline, Some(55));
        let fields = |e: Vec<FieldError>| e.into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(checked(&form(&["1:timely", "1:used"], ""), &offered).unwrap_err()), ["questions"]);
        assert_eq!(fields(checked(&form(&["3:other"], ""), &offered).unwrap_err()), ["questions"]);
        assert_eq!(fields(checked(&form(&[], "101"), &offered).unwrap_err()), ["questions", "baseline"]);
    }
}
