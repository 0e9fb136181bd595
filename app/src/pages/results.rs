//! A survey's results for staff: who answered, and what they chose for every closed
//! question, as a chart with the same figures in a table beside it. Counts too small
//! to show safely arrive here already written as "fewer than 5".

use leptos::prelude::*;

/// One bar of a chart and one row of its table.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResultRow {
    pub label: String,
    /// The count in words: "12" or "fewer than 5".
    pub count: String,
    /// e.g. "24%", when it can be shown.
    pub percent: Option<String>,
    /// The bar's length, 0 to 1 (0 when the count is not shown).
    pub share: f64,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuestionResult {
    pub id: String,
    pub text: String,
    /// How many answered it, in words.
    pub answered: String,
    pub rows: Vec<ResultRow>,
    /// e.g. "Mean 3.4 on a scale of 1 to 5".
    pub summary: Option<String>,
    /// Multiple choice: percentages add up to more than 100.
    pub many: bool,
    /// The answers broken down by another question's answers, when asked for.
    pub crosstab: Option<CrossTab>,
}

/// One question's answers (rows) by another question's answers (columns).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CrossTab {
    /// The breakdown question's text.
    pub by: String,
    pub columns: Vec<String>,
    /// (answer, a cell for each column: "12 (40%)" or "fewer than 5").
    pub rows: Vec<(String, Vec<String>)>,
    /// How many answered, for each column.
    pub answered: Vec<String>,
}

/// A group of options in the filter list: a question and its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterGroup {
    pub question: String,
    /// (value, words) for each answer.
    pub options: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResultsView {
    pub survey_id: i64,
    pub title: String,
    pub engagement_slug: String,
    pub engagement_title: String,
    /// Whether counts are exact (administrators) or small ones are hidden.
    pub exact: bool,
    /// An administrator looking at the version with small counts hidden, to print and share.
    pub shared: bool,
    /// May download what people answered, a row per response or answer.
    pub can_export: bool,
    /// Why a filter asked for was not applied.
    pub notice: Option<String>,
    pub threshold: i64,
    pub started: String,
    pub submitted: String,
    pub completion: Option<String>,
    /// (how they arrived, count) for sent responses.
    pub channels: Vec<(String, String)>,
    pub schools: Vec<(String, String)>,
    pub days: Vec<(String, String)>,
    pub filters: Vec<FilterGroup>,
    pub filter: String,
    /// Questions answers can be broken down by, as (id, text), and the one chosen.
    pub breakdowns: Vec<(String, String)>,
    pub by: String,
    /// The filter in words, when one is applied.
    pub filter_label: Option<String>,
    /// The day the page was made, in words: a printed report says when its figures were true.
    pub produced_on: String,
    pub questions: Vec<QuestionResult>,
    /// Free-text questions and how many answered each.
    pub text_questions: Vec<(String, String)>,
    /// The themes found in each free-text question that has them.
    pub written: Vec<WrittenThemes>,
}

/// The themes in one free-text question's answers, as the report prints them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WrittenThemes {
    pub question: String,
    /// The question's theme page, for staff.
    pub href: Option<String>,
    pub themes: Vec<ReportTheme>,
    /// Answers in no theme or off-topic, in words.
    pub other: String,
    /// e.g. "Found automatically, 3 of 9 themes reviewed by an analyst."
    pub about: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportTheme {
    pub label: String,
    pub description: String,
    /// Answers in the theme, in words.
    pub count: String,
    /// e.g. "12 positive, 30 negative, fewer than 5 mixed, 7 neutral".
    pub stance: String,
    pub quotes: Vec<String>,
}

/// One free-text question's themes: a table of counts and stances, then what people said.
pub fn written_themes(w: WrittenThemes, index: usize) -> impl IntoView {
    let WrittenThemes { question, href, themes, other, about } = w;
    let heading_id = format!("written-{index}");
    let labelled_by = heading_id.clone();
    let caption = format!("Themes in the answers to \u{201c}{question}\u{201d}");
    let region = caption.clone();
    let quotes = themes.iter().filter(|t| !t.quotes.is_empty()).cloned().collect::<Vec<_>>();
    view! {
        <section class="result result--written" aria-labelledby=labelled_by>
            <h3 class="heading-m" id=heading_id>{question.clone()}</h3>
            <p class="body">{about}{href.map(|href| view! { <span class="no-print">" "<a href=href>{format!("Review the themes for \u{201c}{question}\u{201d}")}</a></span> })}</p>
            <div class="table-wrapper" role="region" aria-label=region tabindex="0">
                <table class="table">
                    <caption class="visually-hidden">{caption}</caption>
                    <thead><tr><th scope="col">"Theme"</th><th scope="col" class="table__numeric">"Answers"</th><th scope="col">"Stance"</th></tr></thead>
                    <tbody>
                        {themes.into_iter().map(|t| view! {
                            <tr>
                                <th scope="row">{t.label}{(!t.description.is_empty()).then(|| view! { <span class="hint">{t.description}</span> })}</th>
                                <td class="table__numeric">{t.count}</td>
                                <td>{t.stance}</td>
                            </tr>
                        }).collect_view()}
                        <tr><th scope="row">"Other (in no theme, or off-topic)"</th><td class="table__numeric">{other}</td><td></td></tr>
                    </tbody>
                </table>
            </div>
            {quotes.into_iter().map(|t| view! {
                <h4 class="heading-s">{format!("What people said: {}", t.label)}</h4>
                <ul class="list quotes">
                    {t.quotes.into_iter().map(|q| view! { <li><blockquote class="quote">{format!("\u{201c}{q}\u{201d}")}</blockquote></li> }).collect_view()}
                </ul>
            }).collect_view()}
        </section>
    }
}

/// A horizontal bar chart; the table that follows it carries the same figures.
fn chart(q: &QuestionResult) -> impl IntoView {
    let row_height = 44.0;
    let height = row_height * q.rows.len() as f64 + 4.0;
    let title_id = format!("chart-{}-title", q.id);
    let labelled_by = title_id.clone();
    let bars = q
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * row_height;
            let width = (r.share * 440.0).max(if r.share > 0.0 { 2.0 } else { 0.0 });
            let figure = r.percent.clone().unwrap_or_else(|| r.count.clone());
            view! {
                <text x="0" y=format!("{:.0}", y + 16.0) class="chart__label">{r.label.clone()}</text>
                <rect x="0" y=format!("{:.0}", y + 22.0) width=format!("{width:.1}") height="16" class="chart__bar"></rect>
                <text x=format!("{:.1}", width + 8.0) y=format!("{:.0}", y + 35.0) class="chart__value">{figure}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 600 {height:.0}") role="img" aria-labelledby=labelled_by focusable="false">
            <title id=title_id>{format!("Bar chart of the answers to \u{201c}{}\u{201d}. The table below gives the same figures.", q.text)}</title>
            {bars}
        </svg>
    }
}

/// One row per group, one column per answer: a breakdown by district has twelve groups and only
/// a few answers, so laid this way every district can be read on a screen, on a phone and on paper.
fn cross_table(question: &str, t: CrossTab) -> impl IntoView {
    let CrossTab { by, columns, rows, answered } = t;
    let answers: Vec<String> = rows.iter().map(|(label, _)| label.clone()).collect();
    let groups = columns.into_iter().enumerate().map(|(g, group)| {
        let cells: Vec<String> = rows.iter().map(|(_, cells)| cells.get(g).cloned().unwrap_or_default()).collect();
        (group, cells, answered.get(g).cloned().unwrap_or_default())
    });
    view! {
        <div class="table-wrapper" role="region" aria-label=format!("Table: {question}, by {by}") tabindex="0">
            <table class="table table--crosstab">
                <caption class="table__caption">{format!("By “{by}”: count and percentage of each group")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{by.clone()}</th>
                        {answers.into_iter().map(|a| view! { <th scope="col" class="table__numeric">{a}</th> }).collect_view()}
                        <th scope="col" class="table__numeric">"Answered"</th>
                    </tr>
                </thead>
                <tbody>
                    {groups.map(|(group, cells, answered)| view! {
                        <tr>
                            <th scope="row">{group}</th>
                            {cells.into_iter().map(|c| view! { <td class="table__numeric">{c}</td> }).collect_view()}
                            <td class="table__numeric">{answered}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn count_table(caption: String, first: &'static str, rows: Vec<(String, String)>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption">{caption}</caption>
            <thead><tr><th scope="col">{first}</th><th scope="col" class="table__numeric">"Responses"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td class="table__numeric">{v}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

/// One closed question's figures: a bar chart, any breakdown, and a table of the same figures.
/// `id_prefix` keeps ids apart where several surveys' questions share a page.
pub fn question_figures(q: QuestionResult, id_prefix: &str) -> impl IntoView {
    let caption = format!("{} ({} answered)", q.text, q.answered);
    let heading_id = format!("{id_prefix}q-{}", q.id);
    let labelled_by = heading_id.clone();
    let q = QuestionResult { id: format!("{id_prefix}{}", q.id), ..q };
    view! {
        <section class="result" aria-labelledby=labelled_by>
            <h3 class="heading-m" id=heading_id>{q.text.clone()}</h3>
            <p class="body">{format!("{} answered.", q.answered)}{q.many.then_some(" People could choose more than one answer, so the percentages add up to more than 100.")}</p>
            {q.summary.clone().map(|s| view! { <p class="body">{s}</p> })}
            {chart(&q)}
            {q.crosstab.clone().map(|t| cross_table(&q.text, t))}
            <div class="table-wrapper" role="region" aria-label=format!("Table: {}", q.text) tabindex="0">
                <table class="table">
                    <caption class="visually-hidden">{caption}</caption>
                    <thead><tr><th scope="col">"Answer"</th><th scope="col" class="table__numeric">"Count"</th><th scope="col" class="table__numeric">"Percentage"</th></tr></thead>
                    <tbody>
                        {q.rows.into_iter().map(|r| view! {
                            <tr><th scope="row">{r.label}</th><td class="table__numeric">{r.count}</td><td class="table__numeric">{r.percent.unwrap_or_else(|| "not shown".into())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn ResultsPage(view: ResultsView) -> impl IntoView {
    let ResultsView {
        survey_id,
        title,
        engagement_slug,
        engagement_title,
        exact,
        shared,
        can_export,
        notice,
        threshold,
        started,
        submitted,
        completion,
        channels,
        schools,
        days,
        filters,
        filter,
        breakdowns,
        by,
        filter_label,
        produced_on,
        questions,
        text_questions,
        written,
    } = view;
    let breakdown_label = breakdowns.iter().find(|(id, _)| *id == by).map(|(_, text)| text.clone());
    let report_details = view! {
        <dl class="summary-list report-details" id="report-details">
            <div class="summary-list__row"><dt class="summary-list__key">"Survey"</dt><dd class="summary-list__value">{title.clone()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Engagement"</dt><dd class="summary-list__value">{engagement_title.clone()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Who is counted"</dt><dd class="summary-list__value">{match &filter_label {
                Some(l) => format!("Only people who answered {l}"),
                None => "Everyone who sent answers".to_string(),
            }}</dd></div>
            {breakdown_label.map(|b| view! { <div class="summary-list__row"><dt class="summary-list__key">"Broken down by"</dt><dd class="summary-list__value">{b}</dd></div> })}
            <div class="summary-list__row"><dt class="summary-list__key">"Counts"</dt><dd class="summary-list__value">{if exact && !shared {
                "Exact, as an administrator sees them: not for sharing".to_string()
            } else {
                format!("Counts under {threshold} hidden")
            }}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Figures as of"</dt><dd class="summary-list__value">{produced_on}</dd></div>
        </dl>
    };
    let here_query = (urlencoding_component(&filter), urlencoding_component(&by));
    let suppression = if shared {
        format!("This is the version to print and share: counts under {threshold} are shown as \u{201c}fewer than {threshold}\u{201d}, as everyone but administrators sees them, and a count that would let a hidden one be worked out reads \u{201c}not shown\u{201d}. Quotes read as everyone else reads them.")
    } else if exact {
        format!("You see exact counts because you are an administrator. Everyone else, and every export, sees counts under {threshold} as \u{201c}fewer than {threshold}\u{201d}, and written answers without names, schools or contact details.")
    } else {
        format!("Counts under {threshold} are shown as \u{201c}fewer than {threshold}\u{201d}, so that nobody in a small group can be picked out, and a count that would let one of them be worked out by subtraction reads \u{201c}not shown\u{201d}; in quotes, names, schools and contact details read [name], [school]\u{2026}")
    };
    let filter_form = view! {
        <form method="get" action=format!("/admin/surveys/{survey_id}/results") class="filter-form">
            <div class="form-group">
                <label class="label" for="filter">"Show only people who gave this answer"</label>
                <select class="select" id="filter" name="filter">
                    <option value="" selected=filter.is_empty()>"Everyone"</option>
                    {filters.into_iter().map(|g| view! {
                        <optgroup label=g.question>
                            {g.options.into_iter().map(|(value, words)| {
                                let selected = value == filter;
                                view! { <option value=value selected=selected>{words}</option> }
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="by">"Break the answers down by"</label>
                <div class="hint" id="by-hint">"Each answer is counted again for each group, e.g. for each district."</div>
                <select class="select" id="by" name="by" aria-describedby="by-hint">
                    <option value="" selected=by.is_empty()>"No breakdown"</option>
                    {breakdowns.into_iter().map(|(id, text)| {
                        let selected = id == by;
                        view! { <option value=id selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            {shared.then(|| view! { <input type="hidden" name="counts" value="shared"/> })}
            <button type="submit" class="button button--secondary">"Show results"</button>
        </form>
    };
    let questions_view = if questions.is_empty() {
        view! { <p class="body">"This survey has no closed questions."</p> }.into_any()
    } else {
        questions.into_iter().map(|q| question_figures(q, "")).collect_view().into_any()
    };
    let filter_active = filter_label.is_some();
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        <span class="caption-l">"Results"</span>
        <h1 class="heading-xl">{title.clone()}</h1>
        {report_details}
        <div class="inset-text"><p class="body">{suppression}</p></div>
        <div class="no-print">
        <h2 class="heading-m">"Download or print"</h2>
        <p class="body">"To make a report, print this page or save it as PDF from the browser: the forms and links are left out, and every chart keeps its table."</p>
        {(exact || shared).then(|| {
            let here = format!("/admin/surveys/{survey_id}/results");
            let (filter, by) = &here_query;
            if shared {
                view! { <p class="body"><a href=format!("{here}?filter={filter}&by={by}")>"Show exact counts again"</a></p> }.into_any()
            } else {
                view! { <p class="body">"A report to share should hide small counts: "<a href=format!("{here}?filter={filter}&by={by}&counts=shared")>"show this page as everyone else sees it"</a>", then print it."</p> }.into_any()
            }
        })}
        {can_export.then(|| view! {
            <ul class="list">
                <li><a href=format!("/admin/surveys/{survey_id}/export/responses.csv") download="">"Responses as CSV: one row for each response"</a></li>
                <li><a href=format!("/admin/surveys/{survey_id}/export/answers.csv") download="">"Answers as CSV: one row for each answer"</a></li>
            </ul>
        })}
        </div>
        {filter_form}
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        {filter_label.map(|l| view! { <div class="notification" role="status"><p class="body">{format!("Showing only people who answered {l}. ")}<a href=format!("/admin/surveys/{survey_id}/results?by={}{}", here_query.1, if shared { "&counts=shared" } else { "" })>"Show everyone"</a></p></div> })}
        <h2 class="heading-l">"Responses"</h2>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Started"</dt><dd class="summary-list__value">{started}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Sent"</dt><dd class="summary-list__value">{submitted}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Completion rate"</dt><dd class="summary-list__value">{completion.unwrap_or_else(|| "not shown".into())}</dd></div>
        </dl>
        <div class="table-wrapper" role="region" aria-label="Responses by how they arrived" tabindex="0">
            {count_table("How people arrived".into(), "Arrived by", channels)}
        </div>
        {(!schools.is_empty()).then(|| view! {
            <div class="table-wrapper" role="region" aria-label="Responses by school" tabindex="0">
                {count_table("Responses by school or setting".into(), "School or setting", schools)}
            </div>
        })}
        {(!days.is_empty()).then(|| view! { <p class="body"><a href="#appendix-days">"Responses sent each day"</a>" are in the appendix."</p> })}
        <h2 class="heading-l">"Answers"</h2>
        {questions_view}
        {(!text_questions.is_empty()).then(|| view! {
            <h2 class="heading-l">"Written answers"</h2>
            <div class="table-wrapper" role="region" aria-label="Written answers" tabindex="0">
                {count_table("Questions answered in people's own words".into(), "Question", text_questions)}
            </div>
        })}
        {(!written.is_empty()).then(|| view! {
            <h2 class="heading-l">"Themes in the written answers"</h2>
            <p class="body">{if filter_active {
                "The themes cover everyone who answered: the filter above does not apply to them."
            } else {
                "Each theme's quotes are the answers nearest its centre."
            }}</p>
            {written.into_iter().enumerate().map(|(i, w)| written_themes(w, i)).collect_view()}
        })}
        {(!days.is_empty()).then(|| view! {
            <section class="appendix" aria-labelledby="appendix-days">
                <h2 class="heading-l" id="appendix-days">"Appendix: responses sent each day"</h2>
                <div class="table-wrapper" role="region" aria-label="Responses by day" tabindex="0">
                    {count_table("Responses sent each day".into(), "Day", days)}
                </div>
            </section>
        })}
    }
}

/// `text` made safe to put in a link's query string.
fn urlencoding_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
