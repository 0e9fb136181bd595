//! Results for everyone: the page an engagement's published results are read on, the staff
//! preview of it, and the commissioner's page for picking which questions' figures it shows.
//! Every count goes through [`Disclosure::shared`] and every quote through the reading staff
//! share reports with, so nothing here shows what a staff viewer could not see.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::domain::Role;
use crate::engagements::queries::{self as engagements, EngagementRecord};
use crate::results::figures::{closed, view, Disclosure};
use crate::results::queries::{self as results, Filter};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{Form, NoticeQuery};
use crate::web::{capitalised, page};
use crate::AppState;
use app::pages::public_results::{
    EasyGroup, EasyLine, EasyReadResultsPage, GroupResults, PickQuestionsPage, PickSurvey, PublicResults, PublicResultsPage,
};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/e/{slug}/results", get(public_page))
        .route("/e/{slug}/results/easy-read", get(public_easy_read))
        .route("/admin/engagements/{slug}/public-results/preview/easy-read", get(preview_easy_read))
        .route("/admin/engagements/{slug}/public-results", get(pick).post(save_picks))
        .route("/admin/engagements/{slug}/public-results/preview", get(preview))
}

/// Everything the results page shows, read as it is shared: small counts hidden, quotes
/// de-identified, flagged answers never quoted. `every_question` shows every closed question's
/// figures (for a report), not only those picked for the public page.
pub(crate) async fn results_of(state: &AppState, e: &EngagementRecord, preview: bool, every_question: bool) -> AppResult<PublicResults> {
    let who = Disclosure::shared(e.suppression_threshold);
    let picked = results::public_questions(&state.db, e.id).await?;
    let mut groups = Vec::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        if listed.live_version.is_none() {
            continue;
        }
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let (figures, _) = results::cached_figures(&state.db, listed.id, &Filter::default(), None).await?;
        let model =
            view(listed.id, &survey.definition, &figures, who, (String::new(), None), None, None, (e.slug.clone(), e.title.clone()));
        let def = &survey.definition;
        let place_question = def.pages.iter().flat_map(|p| &p.questions).find(|q| q.tags.iter().any(|t| t == "profile:district"));
        let mut places = None;
        let mut questions = Vec::new();
        for q in model.questions {
            if place_question.is_some_and(|p| p.id == q.id) {
                places = Some(q);
            } else if every_question || picked.contains(&(listed.id, q.id.clone())) {
                questions.push(q);
            }
        }
        let themes = crate::results::routes::written_themes(state, Role::Analyst, &survey, listed.id, who)
            .await?
            .into_iter()
            .map(|w| app::pages::results::WrittenThemes { href: None, ..w })
            .collect();
        groups.push(GroupResults {
            group: def.audience.label().to_owned(),
            survey_title: def.title.clone(),
            took_part: who.count(figures.submitted),
            took_part_count: who.shows(figures.submitted).then_some(figures.submitted),
            noun: def.audience.noun().into(),
            places,
            questions,
            themes,
        });
    }
    Ok(PublicResults {
        slug: e.slug.clone(),
        engagement_title: e.title.clone(),
        preview,
        easy_read_href: if preview {
            format!("/admin/engagements/{}/public-results/preview/easy-read", e.slug)
        } else {
            format!("/e/{}/results/easy-read", e.slug)
        },
        threshold: e.suppression_threshold,
        produced_on: crate::db::date_in_words(crate::db::now()),
        groups,
        outcomes: crate::results::routes::outcome_shares(state, e, who, None).await?,
        districts: crate::surveys::profile::DISTRICTS.iter().map(|d| d.to_string()).collect(),
    })
}

/// The results page's contents: as they were kept when the engagement's answers were deleted,
/// or counted now.
async fn shown(state: &AppState, e: &EngagementRecord, preview: bool) -> AppResult<PublicResults> {
    if e.answers_deleted_at.is_some() {
        if let Some(kept) = engagements::kept_results(&state.db, e.id).await? {
            return Ok(serde_json::from_str(&kept).map_err(anyhow::Error::from)?);
        }
    }
    results_of(state, e, preview, false).await
}

/// The published results: not found until the engagement's results are marked as published.
async fn public_page(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Html<String>> {
    let e = engagements::find_by_slug(&state.db, &slug).await?.filter(|e| e.state == "published").ok_or(AppError::NotFound)?;
    let results = shown(&state, &e, false).await?;
    Ok(page(&format!("What people told us: {}", e.title), None, false, move || view! { <PublicResultsPage results=results/> }))
}

async fn public_easy_read(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Html<String>> {
    let e = engagements::find_by_slug(&state.db, &slug).await?.filter(|e| e.state == "published").ok_or(AppError::NotFound)?;
    let results = shown(&state, &e, false).await?;
    Ok(easy_read_page(results, None))
}

async fn preview_easy_read(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let results = shown(&state, &e, e.state != "published").await?;
    Ok(easy_read_page(results, Some(staff.badge())))
}

fn easy_read_page(results: PublicResults, staff: Option<app::components::StaffBadge>) -> Html<String> {
    let full_href = if results.preview {
        format!("/admin/engagements/{}/public-results/preview", results.slug)
    } else {
        format!("/e/{}/results", results.slug)
    };
    let groups = results.groups.iter().map(easy_read).collect();
    let (slug, title, preview) = (results.slug, results.engagement_title, results.preview);
    page(&format!("What people told us, in Easy Read: {title}"), staff, false, move || {
        view! { <EasyReadResultsPage slug=slug engagement_title=title preview=preview full_href=full_href groups=groups/> }
    })
}

/// A number as Easy Read writes it: in words up to twenty, in figures above.
fn number_in_words(n: i64) -> String {
    const WORDS: [&str; 21] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    usize::try_from(n).ok().and_then(|i| WORDS.get(i)).map_or_else(|| crate::results::figures::thousands(n), |w| w.to_string())
}

fn symbol(file: &str) -> String {
    crate::surveys::symbols::by_file(file).map(|s| s.src()).unwrap_or_default()
}

/// One group's results in Easy Read: how many answered, what most chose, and what they wrote
/// about most. Built from the same figures as the full page, so it can say no more than they do:
/// "most" only when more than half chose it and the count is shown.
fn easy_read(g: &GroupResults) -> EasyGroup {
    let line = |file: &str, text: String| EasyLine { symbol: symbol(file), text };
    let mut lines = vec![match g.took_part_count {
        Some(0) => line("question.svg", format!("No {} have answered.", g.noun)),
        Some(n) => line("family.svg", format!("{} {} answered our questions.", capitalised(&number_in_words(n)), g.noun)),
        None => line("family.svg", format!("A few {} answered our questions.", g.noun)),
    }];
    for q in &g.questions {
        lines.push(line("question.svg", format!("We asked: \u{201c}{}\u{201d}", q.text)));
        let top = q.rows.iter().filter(|r| r.share > 0.0).max_by(|a, b| a.share.total_cmp(&b.share));
        lines.push(match top {
            Some(r) if r.share > 0.5 => line("choosing.svg", format!("Most said: \u{201c}{}\u{201d}.", r.label)),
            Some(r) => line("choosing.svg", format!("More said \u{201c}{}\u{201d} than anything else.", r.label)),
            None => line("choosing.svg", "Too few answered for us to say more.".into()),
        });
    }
    for w in &g.themes {
        let shown: Vec<(&str, &str)> =
            w.themes.iter().filter(|t| !t.count.starts_with("fewer than")).take(3).map(|t| (t.count.as_str(), t.label.as_str())).collect();
        if !shown.is_empty() {
            lines.push(line("talk.svg", format!("We asked: \u{201c}{}\u{201d}", w.question)));
            lines.extend(shown.into_iter().map(|(count, label)| line("writing.svg", format!("{count} wrote about: {label}."))));
        }
    }
    EasyGroup { heading: capitalised(&g.noun), lines }
}

async fn preview(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let results = shown(&state, &e, e.state != "published").await?;
    Ok(page(&format!("Preview: what people told us: {}", e.title), Some(staff.badge()), false, move || {
        view! { <PublicResultsPage results=results/> }
    }))
}

async fn pick(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    staff.require(Permission::EditEngagements)?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let picked = results::public_questions(&state.db, e.id).await?;
    let mut surveys = Vec::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let def = survey.definition;
        let questions = def
            .pages
            .iter()
            .flat_map(|p| &p.questions)
            .filter(|q| closed(&q.kind) && !q.tags.iter().any(|t| t.starts_with("profile:")))
            .map(|q| (format!("{}:{}", listed.id, q.id), q.text.clone(), picked.contains(&(listed.id, q.id.clone()))))
            .collect();
        surveys.push(PickSurvey { title: def.title.clone(), group: def.audience.label().to_owned(), questions });
    }
    let notice = (query.done.as_deref() == Some("saved")).then(|| "The questions to show are saved.".to_string());
    let (token, published, title) = (staff.csrf_token.clone(), e.state == "published", e.title.clone());
    Ok(page("Results for everyone", Some(staff.badge()), false, move || {
        view! { <PickQuestionsPage slug=slug engagement_title=title csrf_token=token surveys=surveys published=published notice=notice/> }
    }))
}

async fn save_picks(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.clone()).unwrap_or_default();
    staff.require_post(Permission::EditEngagements, &token).await?;
    let e = engagements::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    // Only the engagement's own closed questions can be picked.
    let mut allowed = std::collections::HashSet::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        if let Some(survey) = results::results_survey(&state.db, listed.id).await? {
            for q in survey.definition.pages.iter().flat_map(|p| &p.questions).filter(|q| closed(&q.kind)) {
                allowed.insert((listed.id, q.id.clone()));
            }
        }
    }
    let mut picked = Vec::new();
    for (_, value) in pairs.iter().filter(|(k, _)| k == "pick") {
        let parsed = value.split_once(':').and_then(|(s, q)| Some((s.parse::<i64>().ok()?, q.to_owned())));
        match parsed {
            Some(p) if allowed.contains(&p) => picked.push(p),
            _ => return Err(AppError::BadRequest("A question ticked is not one of this engagement's.")),
        }
    }
    picked.sort();
    picked.dedup();
    results::set_public_questions(&state.db, e.id, &picked).await?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, questions = picked.len(), "public results questions chosen");
    Ok(Redirect::to(&format!("/admin/engagements/{slug}/public-results?done=saved")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::pages::results::{QuestionResult, ResultRow};

    fn question(shares: &[(&str, f64)]) -> QuestionResult {
        QuestionResult {
            id: "q".into(),
            text: "Was the help good?".into(),
            answered: "40".into(),
            rows: shares
                .iter()
                .map(|(label, share)| ResultRow { label: label.to_string(), count: String::new(), percent: None, share: *share })
                .collect(),
            summary: None,
            many: false,
            crosstab: None,
        }
    }

    fn group(took_part: Option<i64>, questions: Vec<QuestionResult>) -> GroupResults {
        GroupResults {
            group: "Parents and carers".into(),
            survey_title: "A survey".into(),
            took_part: String::new(),
            took_part_count: took_part,
            noun: "parents and carers".into(),
            places: None,
            questions,
            themes: vec![],
        }
    }

    fn said(g: &GroupResults) -> Vec<String> {
        easy_read(g).lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn easy_read_says_most_only_when_more_than_half_chose_it() {
        let lines = said(&group(
            Some(12),
            vec![question(&[("Yes", 0.6), ("No", 0.4)]), question(&[("Yes", 0.4), ("No", 0.35), ("Not sure", 0.25)])],
        ));
        assert_eq!(
            lines,
            [
                "Twelve parents and carers answered our questions.",
                "We asked: “Was the help good?”",
                "Most said: “Yes”.",
                "We asked: “Was the help good?”",
                "More said “Yes” than anything else.",
            ]
        );
    }

    #[test]
    fn hidden_counts_stay_hidden_in_easy_read() {
        let lines = said(&group(None, vec![question(&[("Yes", 0.0), ("No", 0.0)])]));
        assert_eq!(
            lines,
            ["A few parents and carers answered our questions.", "We asked: “Was the help good?”", "Too few answered for us to say more."]
        );
        assert_eq!(said(&group(Some(240), vec![]))[0], "240 parents and carers answered our questions.");
    }
}
