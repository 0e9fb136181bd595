//! A survey's results in the staff area.

use crate::accounts::auth::Staff;
use crate::accounts::permissions::Permission;
use crate::domain::Role;
use crate::results::figures::{parse_filter, view, Disclosure};
use crate::results::queries::{self as results, Filter};
use crate::web::error::{AppError, AppResult};
use crate::web::page;
use crate::AppState;
use app::pages::results::{ReportTheme, ResultsPage, WrittenThemes};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/surveys/{id}/results", get(survey_results))
        .route("/admin/surveys/{id}/export/{file}", get(export))
        .route("/admin/engagements/{slug}/outcomes", get(outcomes))
        .route("/admin/engagements/{slug}/export.xlsx", get(workbook))
        .route("/admin/engagements/{slug}/responses", get(monitoring))
}

/// Every question tagged with an outcome statement across an engagement's surveys,
/// as the share of positive answers overall and in each district.
#[derive(Deserialize)]
struct OutcomesQuery {
    /// An area of need's value, as the standard question's options have them.
    #[serde(default)]
    need: String,
}

async fn outcomes(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(query): Query<OutcomesQuery>,
) -> AppResult<Html<String>> {
    use crate::surveys::profile::{slugify, AREAS_OF_NEED};
    use app::pages::outcomes::OutcomesPage;
    staff.require(Permission::SeeResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let need = AREAS_OF_NEED.iter().find(|n| slugify(n) == query.need).copied();
    let found = outcome_shares(&state, &e, who, need).await?;
    let districts: Vec<String> = crate::surveys::profile::DISTRICTS.iter().map(|d| d.to_string()).collect();
    let needs: Vec<(String, String)> = AREAS_OF_NEED.iter().map(|n| (slugify(n), n.to_string())).collect();
    let chosen = need.map(slugify).unwrap_or_default();
    let (title, threshold) = (e.title.clone(), e.suppression_threshold);
    Ok(page(&format!("Outcomes: {title}"), Some(staff.badge()), false, move || {
        view! { <OutcomesPage engagement_slug=slug engagement_title=title threshold=threshold districts=districts outcomes=found needs=needs chosen_need=chosen/> }
    }))
}

/// Every outcome statement of an engagement with the share of positive answers to each question
/// that measures it, for Kent and each district, as `who` may see them.
///
/// With an area of need, only questions about it (tagged with it, or with no area of need) are
/// kept, and the figures are those of the people who chose it where the survey asks; where the
/// survey does not ask, only the questions tagged with it are kept, with everyone's answers.
pub(crate) async fn outcome_shares(
    state: &AppState,
    e: &crate::engagements::queries::EngagementRecord,
    who: Disclosure,
    need: Option<&str>,
) -> AppResult<Vec<app::pages::outcomes::Outcome>> {
    use crate::results::figures::{positive_share, share_in_words};
    use app::pages::outcomes::{Outcome, OutcomeRow};
    // The framework's outcomes this engagement's questions measure, in the framework's order.
    let links = crate::outcomes::queries::links_in_engagement(&state.db, e.id).await?;
    let mut found: Vec<Outcome> = Vec::new();
    for link in &links {
        if !found.iter().any(|o| o.statement == link.statement) {
            found.push(Outcome { group: link.group_name.clone(), statement: link.statement.clone(), rows: vec![] });
        }
    }
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let def = &survey.definition;
        let questions: Vec<_> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
        let survey_id = listed.id;
        let measures = |q: &app::survey::Question| {
            let question = q.id.clone();
            links.iter().filter(move |l| l.survey_id == survey_id && l.question_id == question)
        };
        let profile = |tag: &str| questions.iter().copied().find(|q| q.tags.iter().any(|t| t == tag));
        // The people an area of need picks, where the survey asks for it.
        let need_filter = need.and_then(|n| {
            let by = profile("profile:area_of_need")?;
            let (choice, _) = by.kind.options().into_iter().find(|(_, label)| label == n)?;
            Some(Filter { question: by.id.clone(), choice })
        });
        let about = |q: &app::survey::Question| {
            let tagged: Vec<&str> = q.tags.iter().filter_map(|t| t.strip_prefix("need:")).collect();
            match need {
                None => true,
                Some(n) if tagged.contains(&n) => true,
                Some(_) => tagged.is_empty() && need_filter.is_some(),
            }
        };
        let tagged: Vec<_> =
            questions.iter().filter(|q| measures(q).next().is_some() && positive_share(&q.kind, |_| 0).is_some() && about(q)).collect();
        if tagged.is_empty() {
            continue;
        }
        let everyone = Filter::default();
        // A group too small to look at on its own is not shown, as on the results page.
        let (filter, within) = match &need_filter {
            Some(filter) => {
                let (all, by_need) = results::cached_figures(&state.db, listed.id, &everyone, Some(&filter.question)).await?;
                if !crate::results::figures::shown_alone(who, def, &all, filter) {
                    for q in tagged {
                        let row = OutcomeRow {
                            group: def.audience.label().into(),
                            question: q.text.clone(),
                            overall: "not shown, as too few chose this area of need".into(),
                            districts: vec!["not shown".into(); crate::surveys::profile::DISTRICTS.len()],
                        };
                        for link in measures(q) {
                            if let Some(o) = found.iter_mut().find(|o| o.statement == link.statement) {
                                o.rows.push(row.clone());
                            }
                        }
                    }
                    continue;
                }
                (filter.clone(), by_need)
            }
            None => (everyone, None),
        };
        let district = profile("profile:district");
        let (figures, cross) = results::cached_figures(&state.db, listed.id, &filter, district.map(|d| d.id.as_str())).await?;
        let choices = &figures.choices;
        let by_district = district.zip(cross);
        for q in tagged {
            let overall = positive_share(&q.kind, |v| choices.get(&q.id).and_then(|c| c.get(v)).copied().unwrap_or(0)).unwrap_or_default();
            // A share is shown only where it adds nothing to the survey's results page (for the
            // people the area of need picks, where there is one), whose tables hide counts so
            // that none can be worked out from the rest.
            let options = crate::results::figures::answer_options(q);
            let (_, mut visible) = crate::results::figures::answer_counts(who, q, &options, &figures);
            let mut answered_shown = true;
            if let Some(everyone) = within.as_deref() {
                let within = crate::results::figures::Within { filter: &filter, everyone };
                if let Some((column, shown)) = crate::results::figures::within_column(def, q, &options, &within, who) {
                    visible = visible.iter().zip(column).map(|(a, b)| *a && b).collect();
                    answered_shown = shown;
                }
            }
            // A share hidden anyway says why in its own words.
            let in_words = |share: (i64, i64), adds_nothing: bool, table: &str| {
                if adds_nothing || share.1 == 0 || !crate::results::figures::share_open(who, share) {
                    share_in_words(who, share)
                } else {
                    format!("not shown, as {table} hide some of its counts")
                }
            };
            let overall = in_words(
                overall,
                answered_shown && crate::results::figures::share_adds_nothing(&q.kind, &options, &visible),
                "the survey's results",
            );
            let table = by_district.as_ref().map(|(d, cross)| {
                let columns = d.kind.options();
                let (_, visible) = crate::results::figures::cross_counts(who, q, &options, &columns, cross);
                (columns, visible, cross)
            });
            // (positive, answered) in each district where the survey asks for it, and whether the
            // results by district show every count it comes from.
            let shares: Vec<Option<((i64, i64), bool)>> = crate::surveys::profile::DISTRICTS
                .iter()
                .map(|name| {
                    let (columns, visible, cross) = table.as_ref()?;
                    let k = columns.iter().position(|(_, label)| label == name)?;
                    let place = &columns[k].0;
                    let share =
                        positive_share(&q.kind, |v| cross.cells.get(&(q.id.clone(), v.to_owned(), place.clone())).copied().unwrap_or(0))
                            .unwrap_or_default();
                    let column: Vec<bool> = visible[..options.len()].iter().map(|row| row[k]).collect();
                    Some((share, visible[options.len()][k] && crate::results::figures::share_adds_nothing(&q.kind, &options, &column)))
                })
                .collect();
            // The districts add up to all of Kent: when just one district's share is hidden, the
            // next smallest is hidden with it, or Kent less the rest would give it away.
            let open = |(share, table): ((i64, i64), bool)| share.1 == 0 || (table && crate::results::figures::share_open(who, share));
            let mut hide = vec![false; shares.len()];
            if shares.iter().flatten().filter(|s| !open(**s)).count() == 1 {
                let next = (0..shares.len()).filter_map(|j| shares[j].filter(|s| open(*s) && s.0 .1 > 0).map(|s| (s.0 .1, j))).min();
                if let Some((_, j)) = next {
                    hide[j] = true;
                }
            }
            let districts = shares
                .iter()
                .zip(hide)
                .map(|(share, hidden)| match share {
                    None => "not asked".into(),
                    Some(_) if hidden => "not shown, so that a smaller district's cannot be worked out".into(),
                    Some((share, adds_nothing)) => in_words(*share, *adds_nothing, "the results by district"),
                })
                .collect();
            let row = OutcomeRow { group: def.audience.label().into(), question: q.text.clone(), overall, districts };
            for link in measures(q) {
                if let Some(o) = found.iter_mut().find(|o| o.statement == link.statement) {
                    o.rows.push(row.clone());
                }
            }
        }
    }
    // An outcome measured only by questions no results can show (written answers, say) is left out.
    found.retain(|o| !o.rows.is_empty());
    Ok(found)
}

/// A survey's sent responses as CSV, streamed as it is read. Only administrators'
/// exports name the school a response came from, or hold written answers as written.
async fn export(State(state): State<AppState>, staff: Staff, Path((id, file)): Path<(i64, String)>) -> AppResult<Response> {
    use crate::results::export::{Shape, Writer};
    use futures_util::StreamExt;
    staff.require(Permission::ExportResults)?;
    let shape = match file.as_str() {
        "responses.csv" => Shape::Wide,
        "answers.csv" => Shape::Long,
        _ => return Err(AppError::NotFound),
    };
    let survey = results::results_survey(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let reading = crate::results::deidentify::Reading::for_role(&state.db, staff.user.role()).await?;
    let mut writer = Writer::new(&survey.definition, shape, reading).keeping_apart(results::equality_ids(&state.db, id).await?);
    let name = format!("{}-{}", crate::surveys::profile::slugify(&survey.definition.title), file);
    tracing::info!(user_id = staff.user.id, survey_id = id, export = %file, "survey exported");
    let db = state.db.clone();
    let body = streamed(format!("survey {id} {file}"), move |pipe| async move {
        // The byte-order mark tells spreadsheets the file is UTF-8.
        let mut buffer = format!("\u{feff}{}", writer.header());
        let mut rows = results::sent_answers(&db, id);
        while let Some(row) = rows.next().await {
            buffer.push_str(&writer.push(row?));
            if buffer.len() >= 32 * 1024 {
                pipe.send(std::mem::take(&mut buffer).into_bytes()).await?;
            }
        }
        buffer.push_str(&writer.finish());
        pipe.send(buffer.into_bytes()).await
    });
    Ok(download("text/csv; charset=utf-8", &name, body))
}

/// A file to save, never kept by a cache on the way.
pub(crate) fn download(content_type: &str, name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// How long a download may take no piece before it is dropped, so that a stalled reader never
/// holds a database connection for long.
const STALL: std::time::Duration = std::time::Duration::from_secs(60);

/// Where a streamed export sends its pieces.
struct Pipe(tokio::sync::mpsc::Sender<Vec<u8>>);

impl Pipe {
    async fn send(&self, piece: Vec<u8>) -> anyhow::Result<()> {
        match tokio::time::timeout(STALL, self.0.send(piece)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(anyhow::anyhow!("the download was abandoned")),
            Err(_) => Err(anyhow::anyhow!("the download stalled for {} s", STALL.as_secs())),
        }
    }
}

/// A response body written by `write` as it goes. If the writer fails or panics part way, the
/// body ends in an error rather than quietly, so the download is aborted and nobody is left
/// with a cut-short file that looks whole.
fn streamed<F, Fut>(what: String, write: F) -> Body
where
    F: FnOnce(Pipe) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let (send, receive) = tokio::sync::mpsc::channel::<Vec<u8>>(8);
    let failed = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn(write(Pipe(send.clone())));
    let flag = failed.clone();
    tokio::spawn(async move {
        let error = match task.await {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e.to_string(),
            Err(e) => format!("the export failed: {e}"),
        };
        if !send.is_closed() {
            tracing::error!(error = %error, export = %what, "an export stopped part way");
        }
        // Set before this last sender goes, so the body sees it when the channel closes.
        flag.store(true, Ordering::SeqCst);
        drop(send);
    });
    let pieces = futures_util::stream::unfold((receive, failed, false), |(mut receive, failed, ended)| async move {
        if ended {
            return None;
        }
        match receive.recv().await {
            Some(piece) => Some((Ok(piece), (receive, failed, false))),
            None if failed.load(Ordering::SeqCst) => {
                Some((Err(std::io::Error::other("the export stopped part way")), (receive, failed, true)))
            }
            None => None,
        }
    });
    // Fused: a gzip encoder on the way out reads on past the end to write its trailer, and an
    // unfolded stream polled after its end panics, which cut every compressed download short.
    Body::from_stream(futures_util::StreamExt::fuse(pieces))
}

#[derive(Deserialize)]
struct ResultsQuery {
    #[serde(default)]
    filter: String,
    #[serde(default)]
    by: String,
    /// "shared": an administrator's page with small counts hidden, to print and share.
    #[serde(default)]
    counts: String,
}

async fn survey_results(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> AppResult<Html<String>> {
    staff.require(Permission::SeeResults)?;
    let survey = results::results_survey(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let shared = query.counts == "shared" && staff.can(Permission::PreviewSharedResults);
    let who = if shared { Disclosure::shared(survey.threshold) } else { Disclosure::for_role(survey.threshold, staff.user.role()) };
    let (mut filter, mut label) = match parse_filter(&query.filter, &survey.definition) {
        Some((filter, label)) => (filter, Some(label)),
        None => (Filter::default(), None),
    };
    // A group too small to show, or one whose figures would give a smaller group away, is not
    // shown on its own: the page shows everyone and says why.
    let mut notice = None;
    if let Some(l) = label.as_deref() {
        let (everyone, _) = results::cached_figures(&state.db, id, &Filter::default(), None).await?;
        if !crate::results::figures::shown_alone(who, &survey.definition, &everyone, &filter) {
            notice = Some(format!(
                "Results for people who answered {l} are not shown on their own: there are too few of them, or their figures would give away a smaller group's. These are everyone's results."
            ));
            (filter, label) = (Filter::default(), None);
        }
    }
    let by = crate::results::figures::breakdown_question(&query.by, &survey.definition).map(|q| q.id.clone());
    let (figures, cross) = results::cached_figures(&state.db, id, &filter, by.as_deref()).await?;
    let breakdown = by.as_deref().zip(cross.as_deref()).map(|(by, figures)| crate::results::figures::Breakdown { by, figures });
    let chosen = if label.is_some() { query.filter.clone() } else { String::new() };
    // A group's page hides what everyone's cross table by the filter's question hides in its column.
    let everyone_by_filter = if label.is_some() && !who.exact {
        results::cached_figures(&state.db, id, &Filter::default(), Some(&filter.question)).await?.1
    } else {
        None
    };
    let within = everyone_by_filter.as_deref().map(|everyone| crate::results::figures::Within { filter: &filter, everyone });
    let mut model = view(
        id,
        &survey.definition,
        &figures,
        who,
        (chosen, label),
        within,
        breakdown,
        (survey.engagement_slug.clone(), survey.engagement_title.clone()),
    );
    // The version to share quotes as everyone else reads them.
    let reading_role = if shared { Role::Analyst } else { staff.user.role() };
    model.written = written_themes(&state, reading_role, &survey, id, who).await?;
    model.shared = shared;
    // Filtered to those with one area of need, questions tagged with other areas only are left out.
    if let Some(need) = need_of(&survey.definition, &filter) {
        let elsewhere: Vec<&app::survey::Question> = survey
            .definition
            .pages
            .iter()
            .flat_map(|p| p.questions.iter())
            .filter(|q| {
                let needs: Vec<&str> = q.tags.iter().filter_map(|t| t.strip_prefix("need:")).collect();
                !needs.is_empty() && !needs.contains(&need.as_str())
            })
            .collect();
        if !elsewhere.is_empty() {
            model.questions.retain(|r| !elsewhere.iter().any(|q| q.id == r.id));
            model.text_questions.retain(|(text, _)| !elsewhere.iter().any(|q| q.text == *text));
            notice = Some(format!("Questions about other areas of need than {need} are left out."));
        }
    }
    model.notice = notice;
    model.can_export = staff.can(Permission::ExportResults);
    let title = format!("Results: {}", survey.definition.title);
    Ok(page(&title, Some(staff.badge()), false, move || view! { <ResultsPage view=model/> }))
}

/// The area of need a filter picks people by, when it is on the standard areas-of-need question.
fn need_of(def: &app::survey::SurveyDefinition, filter: &Filter) -> Option<String> {
    let q = def.question(&filter.question).filter(|q| q.tags.iter().any(|t| t == "profile:area_of_need"))?;
    q.kind.options().into_iter().find(|(value, _)| *value == filter.choice).map(|(_, label)| label)
}

/// The themes found in each of a survey's free-text questions, for the printed report: counts
/// suppressed and quotes read as the viewer may read them.
pub(crate) async fn written_themes(
    state: &AppState,
    role: Role,
    survey: &results::ResultsSurvey,
    survey_id: i64,
    who: Disclosure,
) -> AppResult<Vec<WrittenThemes>> {
    use crate::themes::{self, Scope};
    let mut out = Vec::new();
    let mut reading = None;
    for q in survey.definition.pages.iter().flat_map(|p| p.questions.iter()).filter(|q| q.kind.is_text()) {
        let scope = Scope::Question { survey_id, question_id: q.id.clone() };
        let Some(set) = themes::set_view(&state.db, survey.engagement_id, &scope).await? else { continue };
        if set.themes.is_empty() {
            continue;
        }
        let reading = match &reading {
            Some(r) => r,
            None => reading.insert(crate::results::deidentify::Reading::for_role(&state.db, role).await?),
        };
        let reviewed = set.themes.iter().filter(|t| t.reviewed).count();
        let about = format!(
            "{} {} of {} themes reviewed by an analyst; last changed {}.",
            crate::themes::routes::method_words(&set.method),
            reviewed,
            set.themes.len(),
            crate::db::date_in_words(set.updated_at)
        );
        let (totals, other) = crate::themes::routes::theme_totals(who, &set);
        let themes = set
            .themes
            .iter()
            .zip(totals)
            .map(|(t, count)| ReportTheme {
                // Automatic names come from what people wrote, so they are read like quotes.
                label: reading.text(&t.label, false),
                description: reading.text(&t.description, false),
                count,
                stance: crate::themes::routes::stance_words(who, &t.by_stance),
                // Quotes only where the count may be shown, three to a theme.
                quotes: if who.shows(t.count) {
                    t.quotes.iter().take(3).map(|(q, _)| reading.text(q, false)).collect()
                } else {
                    Vec::new()
                },
            })
            .collect();
        out.push(WrittenThemes {
            question: q.text.clone(),
            href: Some(format!("/admin/engagements/{}/themes/{}", survey.engagement_slug, scope.key())),
            themes,
            other,
            about,
        });
    }
    Ok(out)
}

/// The engagement as a spreadsheet: a sheet of responses per survey, a sheet of themes with
/// counts per group, and a sheet of coded answers. Counts under the threshold read "fewer than N"
/// whoever downloads it (a file travels), and only administrators' sheets name schools or hold
/// what people wrote as they wrote it. The file is streamed as it is written, responses read a row at a time.
async fn workbook(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Response> {
    use crate::themes::{self, Scope};
    staff.require(Permission::ExportResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::shared(e.suppression_threshold);
    let reading = crate::results::deidentify::Reading::for_role(&state.db, staff.user.role()).await?;
    // Everything but the rows themselves is read before the first byte goes, so that a
    // failure here is an error page rather than a broken download.
    let mut surveys = Vec::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        if let Some(survey) = results::results_survey(&state.db, listed.id).await? {
            surveys.push((listed.id, survey.definition));
        }
    }
    let questions = themes::text_questions(&state.db, e.id).await?;
    let scopes = crate::themes::queries::set_scopes(&state.db, e.id).await?;
    let mut sets = Vec::new();
    for key in scopes {
        let Some(scope) = Scope::parse(&key) else { continue };
        if let Some(set) = themes::set_view(&state.db, e.id, &scope).await? {
            sets.push((scope, set));
        }
    }
    let mut names: Vec<&str> = surveys.iter().map(|(_, d)| d.audience.label()).collect();
    names.extend(["Themes", "Coded answers"]);
    let book = crate::results::xlsx::Workbook::new(&names).map_err(anyhow::Error::from)?;
    tracing::info!(user_id = staff.user.id, engagement = %slug, "engagement exported as a workbook");
    let contents = Contents { who, reading, surveys, questions, sets };
    let db = state.db.clone();
    let body = streamed(format!("workbook {slug}"), move |pipe| async move { write_workbook(&db, book, contents, &pipe).await });
    Ok(download(crate::results::xlsx::CONTENT_TYPE, &format!("{slug}.xlsx"), body))
}

/// What goes in an engagement's workbook, read before it is written.
struct Contents {
    who: Disclosure,
    reading: crate::results::deidentify::Reading,
    surveys: Vec<(i64, app::survey::SurveyDefinition)>,
    questions: Vec<(i64, String, String, String)>,
    sets: Vec<(crate::themes::analysis::Scope, crate::themes::SetView)>,
}

/// Writes the engagement's workbook, sending it on in pieces of about 64 KB: a sheet per
/// survey (read a row at a time), the themes, and the coded answers (a theme set at a time).
async fn write_workbook(db: &crate::db::Db, mut book: crate::results::xlsx::Workbook, c: Contents, pipe: &Pipe) -> anyhow::Result<()> {
    use crate::results::export::{Shape, Writer};
    use crate::results::xlsx::{Cell, Workbook};
    use crate::themes::{self, Scope};
    use futures_util::StreamExt;
    async fn flush(book: &mut Workbook, pipe: &Pipe) -> anyhow::Result<()> {
        if book.pending() >= 64 * 1024 {
            pipe.send(book.take()).await?;
        }
        Ok(())
    }
    let Contents { who, reading, surveys, questions, sets } = c;
    let as_cells = |cells: Vec<String>| cells.into_iter().map(Cell::Text).collect::<Vec<_>>();
    for (survey_id, definition) in &surveys {
        let mut writer = Writer::new(definition, Shape::Wide, reading.clone());
        book.next_sheet()?;
        book.row(&as_cells(writer.header_cells()))?;
        let mut answers = results::sent_answers(db, *survey_id);
        while let Some(answer) = answers.next().await {
            if let Some(cells) = writer.push_cells(answer?) {
                book.row(&as_cells(cells))?;
                flush(&mut book, pipe).await?;
            }
        }
        if let Some(cells) = writer.finish_cells() {
            book.row(&as_cells(cells))?;
        }
    }

    let mut groups: Vec<String> = Vec::new();
    for (_, g, _, _) in &questions {
        if !groups.contains(g) {
            groups.push(g.clone());
        }
    }
    let title = |scope: &Scope| match scope {
        Scope::All => "Every written answer".to_string(),
        Scope::Question { survey_id, question_id } => questions
            .iter()
            .find(|(s, _, q, _)| s == survey_id && q == question_id)
            .map(|(_, g, _, t)| format!("{g}: {t}"))
            .unwrap_or_else(|| question_id.clone()),
    };
    book.next_sheet()?;
    let mut header: Vec<Cell> = ["Asked", "Theme", "Description", "Reviewed", "All answers"].map(Cell::from).to_vec();
    header.extend(groups.iter().map(|g| Cell::Text(g.clone())));
    header.extend(["Positive", "Negative", "Mixed", "Neutral", "Notes"].map(Cell::from));
    book.row(&header)?;
    // Parts of a whole: no part may be worked out from the whole and the rest.
    let part = |parts: Vec<i64>| -> Vec<Cell> {
        let shown = who.parts(&parts);
        parts.into_iter().zip(shown).map(|(n, s)| if s { Cell::Number(n as f64) } else { Cell::Text(who.part(n, false)) }).collect()
    };
    for (scope, set) in &sets {
        let asked = title(scope);
        // The themes and Other add up to every answer in the set.
        let mut totals = part(set.themes.iter().map(|t| t.count).chain([set.other]).collect());
        let other_total = totals.pop().unwrap_or_else(|| Cell::from(""));
        for (t, total) in set.themes.iter().zip(totals) {
            let mut row = vec![
                Cell::Text(asked.clone()),
                Cell::Text(reading.text(&t.label, false)),
                Cell::Text(reading.text(&t.description, false)),
                Cell::from(if t.reviewed { "yes" } else { "no" }),
                total,
            ];
            // Groups, and stances, add up to the theme's count.
            row.extend(part(groups.iter().map(|g| t.by_group.get(g).copied().unwrap_or(0)).collect()));
            row.extend(part(themes::stance_order().iter().map(|s| t.by_stance.get(s.as_str()).copied().unwrap_or(0)).collect()));
            row.push(Cell::Text(t.notes.clone()));
            book.row(&row)?;
        }
        let mut other =
            vec![Cell::Text(asked.clone()), Cell::from("Other (in no theme, or off-topic)"), Cell::from(""), Cell::from(""), other_total];
        other.extend(groups.iter().map(|_| Cell::from("")));
        book.row(&other)?;
        flush(&mut book, pipe).await?;
    }

    book.next_sheet()?;
    book.row(
        &["Asked", "Response", "Group", "Question", "Answer", "Theme", "Stance", "Off-topic", "Reviewed", "Placed by"].map(Cell::from),
    )?;
    for (scope, set) in &sets {
        let asked = title(scope);
        let mut answers = themes::coded_answers(db, set.id);
        while let Some(a) = answers.next().await {
            let a = a?;
            // Only the written questions still asked are listed, each under its group.
            let Some((_, group, _, question)) = questions.iter().find(|q| q.0 == a.survey_id && q.2 == a.question_id) else { continue };
            book.row(&[
                Cell::Text(asked.clone()),
                Cell::Number(a.response_id as f64),
                Cell::Text(group.clone()),
                Cell::Text(question.clone()),
                Cell::Text(reading.text(&a.text, a.flagged != 0)),
                Cell::Text(a.theme.map(|t| reading.text(&t, false)).unwrap_or_else(|| "Other".into())),
                Cell::Text(a.stance),
                Cell::from(if a.off_topic != 0 { "yes" } else { "no" }),
                Cell::from(if a.reviewed != 0 { "yes" } else { "no" }),
                Cell::from(if a.source == "analyst" { "analyst" } else { "automatic" }),
            ])?;
            flush(&mut book, pipe).await?;
        }
    }
    let mut rest = book.take();
    rest.extend(book.finish()?);
    pipe.send(rest).await
}

/// The engagement's surveys side by side: started, sent and completion, how people arrived, by
/// day, and by each standard profile question (district, respondent group, how young people
/// answered…), with the usual suppression.
async fn monitoring(State(state): State<AppState>, staff: Staff, Path(slug): Path<String>) -> AppResult<Html<String>> {
    use app::pages::monitoring::{Grid, MonitoringPage};
    use std::collections::BTreeMap;
    staff.require(Permission::SeeResults)?;
    let e = crate::engagements::queries::find_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let who = Disclosure::for_role(e.suppression_threshold, staff.user.role());
    let mut surveys = Vec::new();
    for listed in crate::surveys::queries::list_for_engagement(&state.db, e.id).await? {
        let Some(survey) = results::results_survey(&state.db, listed.id).await? else { continue };
        let (figures, _) = results::cached_figures(&state.db, listed.id, &Filter::default(), None).await?;
        surveys.push((survey.definition, figures));
    }
    let mut columns: Vec<String> = surveys.iter().map(|(d, _)| d.audience.label().to_owned()).collect();
    columns.push("All".into());
    // Each survey's column is hidden just as its own results page hides it (a lone small count
    // takes the next smallest with it), so that neither page undoes the other; and a row's "All"
    // is shown only when every survey's count in it is, or it would give a hidden one away.
    let render = |rows: Vec<(String, Vec<i64>)>, visible: Vec<Vec<bool>>| -> Vec<(String, Vec<String>)> {
        rows.into_iter()
            .zip(visible)
            .map(|((name, values), shown)| {
                let all: i64 = values.iter().sum();
                let mut cells: Vec<String> = values.iter().zip(&shown).map(|(&n, &s)| who.part(n, s)).collect();
                cells.push(who.part(all, shown.iter().all(|s| *s) && who.shows(all)));
                (name, cells)
            })
            .collect()
    };
    let table = |rows: Vec<(String, Vec<i64>)>| -> Vec<(String, Vec<String>)> {
        let width = rows.first().map_or(0, |r| r.1.len());
        let by_column: Vec<Vec<bool>> = (0..width).map(|c| who.parts(&rows.iter().map(|r| r.1[c]).collect::<Vec<_>>())).collect();
        let visible = (0..rows.len()).map(|r| (0..width).map(|c| by_column[c][r]).collect()).collect();
        render(rows, visible)
    };
    let mut grids = Vec::new();
    let percent = |sent: i64, started: i64| {
        if started > 0 && who.shows(sent) && who.shows(started) {
            format!("{:.0}%", sent as f64 * 100.0 / started as f64)
        } else {
            "not shown".into()
        }
    };
    let started: Vec<i64> = surveys.iter().map(|(_, f)| f.started).collect();
    let sent: Vec<i64> = surveys.iter().map(|(_, f)| f.submitted).collect();
    let mut completion: Vec<String> = started.iter().zip(&sent).map(|(a, b)| percent(*b, *a)).collect();
    // All's share only where every survey's counts are shown, as All's counts are.
    let every_shown = started.iter().chain(&sent).all(|&n| who.shows(n));
    completion.push(if every_shown { percent(sent.iter().sum(), started.iter().sum()) } else { "not shown".into() });
    let channel = |name: &str| -> Vec<i64> {
        surveys.iter().map(|(_, f)| f.by_channel.iter().find(|(c, _)| c == name).map(|(_, n)| *n).unwrap_or(0)).collect()
    };
    grids.push(Grid {
        caption: "Responses to each survey".into(),
        row_header: "Responses".into(),
        columns: columns.clone(),
        rows: {
            // How people arrived adds up to what was sent, column by column.
            let mut rows = table(vec![("Started".into(), started.clone())]);
            rows.extend(table(vec![("Sent".into(), sent.clone())]));
            rows.push(("Completion (sent of started)".into(), completion));
            rows.extend(table(vec![
                ("Sent by the open link or QR code".into(), channel("link")),
                ("Sent with a school's access code".into(), channel("school_code")),
                ("Imported from paper or another tool".into(), channel("import")),
            ]));
            rows
        },
    });
    let mut days: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (i, (_, f)) in surveys.iter().enumerate() {
        for (day, n) in &f.by_day {
            days.entry(*day).or_insert_with(|| vec![0; surveys.len()])[i] += n;
        }
    }
    grids.push(Grid {
        caption: "Responses sent each day".into(),
        row_header: "Day".into(),
        columns: columns.clone(),
        rows: table(days.into_iter().rev().map(|(d, v)| (crate::db::date_in_words(d * 86_400), v)).collect()),
    });
    let mut schools: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (i, (_, f)) in surveys.iter().enumerate() {
        for (school, n) in &f.by_school {
            schools.entry(school.clone()).or_insert_with(|| vec![0; surveys.len()])[i] += n;
        }
    }
    if !schools.is_empty() {
        grids.push(Grid {
            caption: "Responses sent with each school's access code".into(),
            row_header: "School or setting".into(),
            columns: columns.clone(),
            rows: table(schools.into_iter().collect()),
        });
    }
    for standard in crate::surveys::profile::STANDARD.iter() {
        let tag = format!("profile:{}", standard.key);
        // Each survey's question with this tag, if it asks one.
        let asked: Vec<Option<&app::survey::Question>> =
            surveys.iter().map(|(d, _)| d.pages.iter().flat_map(|p| p.questions.iter()).find(|q| q.tags.contains(&tag))).collect();
        if asked.iter().all(Option::is_none) {
            continue;
        }
        let mut labels: Vec<String> = Vec::new();
        let mut counts: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        // Whether each count is shown, as the survey's results page decides it.
        let mut shown: BTreeMap<String, Vec<bool>> = BTreeMap::new();
        for (i, q) in asked.iter().enumerate() {
            let Some(q) = q else { continue };
            let options = crate::results::figures::answer_options(q);
            let (_, visible) = crate::results::figures::answer_counts(who, q, &options, &surveys[i].1);
            let asked_options = q.kind.options();
            for ((value, label), visible) in options.into_iter().zip(visible) {
                if !asked_options.iter().any(|(v, _)| *v == value) {
                    continue;
                }
                if !labels.contains(&label) {
                    labels.push(label.clone());
                }
                let n = surveys[i].1.choices.get(&q.id).and_then(|c| c.get(&value)).copied().unwrap_or(0);
                counts.entry(label.clone()).or_insert_with(|| vec![0; surveys.len()])[i] += n;
                shown.entry(label).or_insert_with(|| vec![true; surveys.len()])[i] &= visible;
            }
        }
        let rows: Vec<(String, Vec<i64>)> = labels.iter().map(|l| (l.clone(), counts.remove(l).unwrap_or_default())).collect();
        let visible = labels.iter().map(|l| shown.remove(l).unwrap_or_default()).collect();
        let mut rows = render(rows, visible);
        // A survey that does not ask the question has no answers to it, which is not the same as none.
        for (_, cells) in rows.iter_mut() {
            for (cell, q) in cells.iter_mut().zip(&asked) {
                if q.is_none() {
                    *cell = "not asked".into();
                }
            }
        }
        grids.push(Grid {
            caption: format!("By {}", standard.name.to_lowercase()),
            row_header: standard.name.into(),
            columns: columns.clone(),
            rows,
        });
    }
    let note = if who.exact {
        "You see exact counts because you are an administrator.".to_string()
    } else {
        format!("Counts under {} read \u{201c}fewer than {}\u{201d}, and a count that would let one of them be worked out by subtraction reads \u{201c}not shown\u{201d}.", who.threshold, who.threshold)
    };
    let title = e.title.clone();
    Ok(page("Who has answered", Some(staff.badge()), false, move || {
        view! { <MonitoringPage engagement_slug=slug engagement_title=title note=note grids=grids/> }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(body: Body) -> Result<Vec<u8>, String> {
        axum::body::to_bytes(body, usize::MAX).await.map(|b| b.to_vec()).map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn a_streamed_export_arrives_whole_or_ends_in_an_error() {
        let whole = streamed("test".into(), |pipe| async move {
            pipe.send(b"first ".to_vec()).await?;
            pipe.send(b"second".to_vec()).await
        });
        assert_eq!(read(whole).await.unwrap(), b"first second");

        let failed = streamed("test".into(), |pipe| async move {
            pipe.send(b"first".to_vec()).await?;
            anyhow::bail!("the database went away")
        });
        assert!(read(failed).await.is_err(), "a failure part way never looks like a whole file");

        let panicked = streamed("test".into(), |pipe| async move {
            pipe.send(b"first".to_vec()).await?;
            if pipe.0.capacity() > 0 {
                panic!("a bug part way");
            }
            Ok(())
        });
        assert!(read(panicked).await.is_err(), "nor does a panic part way");
    }

    /// Browsers ask for gzip, and every response passes the compression layer: a streamed
    /// export must come out of it whole, trailer and all.
    #[tokio::test]
    async fn a_streamed_export_arrives_whole_when_the_browser_asks_for_gzip() {
        use std::io::Read;
        use tower::ServiceExt;
        let expected: Vec<u8> = (0..200_000u32).flat_map(|n| format!("{n},row\n").into_bytes()).collect();
        let pieces = expected.clone();
        let router = axum::Router::new()
            .route(
                "/export.csv",
                axum::routing::get(move || {
                    let pieces = pieces.clone();
                    async move {
                        streamed("test".into(), move |pipe| async move {
                            for chunk in pieces.chunks(32 * 1024) {
                                pipe.send(chunk.to_vec()).await?;
                            }
                            Ok(())
                        })
                    }
                }),
            )
            .layer(crate::web::compression());
        let request =
            axum::http::Request::get("/export.csv").header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd").body(Body::empty()).unwrap();

        let response = router.oneshot(request).await.unwrap();

        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let compressed = read(response.into_body()).await.expect("the compressed body ends cleanly");
        let mut whole = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut whole).expect("a complete gzip stream");
        assert_eq!(whole.len(), expected.len());
        assert!(whole == expected, "every byte arrives");
    }
}
