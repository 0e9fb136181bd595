//! An engagement's published results, for everyone: who took part, the figures a commissioner
//! picked, and the themes in what each group wrote, with small numbers hidden and quotes
//! de-identified as in the staff "shared" view. Also the commissioner's page for picking them.

use crate::pages::results::{question_figures, written_themes, QuestionResult, WrittenThemes};
use leptos::prelude::*;

/// What one group (one survey's audience) told the council.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupResults {
    /// e.g. "Children and young people".
    pub group: String,
    pub survey_title: String,
    /// How many sent their answers, in words ("240" or "fewer than 5").
    pub took_part: String,
    /// The same as a number, when it may be shown.
    pub took_part_count: Option<i64>,
    /// Who they are, in a phrase: "young people".
    pub noun: String,
    /// Where they are, when the survey asks (its district question's figures).
    pub places: Option<QuestionResult>,
    pub questions: Vec<QuestionResult>,
    pub themes: Vec<WrittenThemes>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublicResults {
    pub slug: String,
    pub engagement_title: String,
    /// A member of staff looking before the results are public.
    pub preview: bool,
    /// The same results in Easy Read.
    pub easy_read_href: String,
    /// Counts under this read "fewer than N".
    pub threshold: i64,
    /// The day the figures were counted, in words.
    pub produced_on: String,
    pub groups: Vec<GroupResults>,
    /// The share of positive answers for each outcome statement, for Kent and each district.
    pub outcomes: Vec<crate::pages::outcomes::Outcome>,
    pub districts: Vec<String>,
}

/// What each group told the council: how many and where, the figures picked, and the themes in
/// what they wrote.
pub fn group_sections(groups: Vec<GroupResults>) -> impl IntoView {
    let mut theme_index = 0;
    groups
        .into_iter()
        .enumerate()
        .map(|(g, r)| {
            let prefix = format!("g{g}-");
            let heading_id = format!("group-{g}");
            let labelled_by = heading_id.clone();
            let themes = r
                .themes
                .into_iter()
                .map(|w| {
                    theme_index += 1;
                    written_themes(w, theme_index)
                })
                .collect_view();
            view! {
                <section aria-labelledby=labelled_by>
                    <h2 class="heading-l" id=heading_id>{r.group.clone()}</h2>
                    <p class="body">{format!("{} sent their answers to \u{201c}{}\u{201d}.", r.took_part, r.survey_title)}</p>
                    {r.places.map(|p| question_figures(p, &format!("{prefix}place-")))}
                    {r.questions.into_iter().map(|q| question_figures(q, &prefix)).collect_view()}
                    {themes}
                </section>
            }
        })
        .collect_view()
}

/// The way back, a preview's warning, and the engagement's name above the heading.
fn results_top(slug: &str, engagement_title: String, preview: bool) -> impl IntoView {
    view! {
        <a href=format!("/e/{slug}") class="back-link no-print">{format!("Back to {engagement_title}")}</a>
        {preview.then(|| view! {
            <div class="notification" role="note"><p class="body"><strong>"Preview. "</strong>
                "Nobody else can see this page until the engagement's results are marked as published."</p></div>
        })}
        <span class="caption-l">{engagement_title}</span>
    }
}

#[component]
pub fn PublicResultsPage(results: PublicResults) -> impl IntoView {
    let PublicResults { slug, engagement_title, preview, easy_read_href, threshold, produced_on, groups, outcomes, districts } = results;
    let sections = group_sections(groups);
    view! {
        {results_top(&slug, engagement_title, preview)}
        <h1 class="heading-xl">"What people told us"</h1>
        <p class="lead">"Who took part, what they chose, and what they wrote in their own words, group by group."</p>
        <p class="body no-print"><a href=easy_read_href>"Read this in Easy Read"</a></p>
        <div class="inset-text">
            <p class="body">{format!("Counts are as they were on {produced_on}. To keep people from being picked out, a count smaller than {threshold} is shown as \u{201c}fewer than {threshold}\u{201d}, and names of people and places in quotes are taken out.")}</p>
            <p class="body">"People chose to take part, so their views may not be everyone's."</p>
        </div>
        {sections}
        {(!outcomes.is_empty()).then(|| view! {
            <h2 class="heading-l">"Outcomes"</h2>
            <p class="body">"For each outcome the service is measured against, the share of people who answered at the positive end of each question about it, for Kent and each district."</p>
            {crate::pages::outcomes::outcome_sections(districts, outcomes)}
        })}
    }
}

/// A survey's closed questions, as the commissioner picks them for the public page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickSurvey {
    pub title: String,
    pub group: String,
    /// (field value "survey:question", question text, picked)
    pub questions: Vec<(String, String, bool)>,
}

#[component]
pub fn PickQuestionsPage(
    slug: String,
    engagement_title: String,
    csrf_token: String,
    surveys: Vec<PickSurvey>,
    published: bool,
    notice: Option<String>,
) -> impl IntoView {
    let fieldsets = surveys
        .into_iter()
        .enumerate()
        .map(|(s, survey)| {
            let legend = format!("{}: {}", survey.group, survey.title);
            view! {
                <div class="form-group">
                    <fieldset class="fieldset">
                        <legend class="fieldset__legend label">{legend}</legend>
                        <div class="choices">
                            {survey.questions.into_iter().enumerate().map(|(i, (value, text, picked))| {
                                let id = format!("pick-{s}-{i}");
                                view! {
                                    <div class="choice">
                                        <input class="choice__input" id=id.clone() name="pick" type="checkbox" value=value checked=picked/>
                                        <label class="choice__label" for=id><span class="choice__text">{text}</span></label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
            }
        })
        .collect_view();
    view! {
        <a href=format!("/admin/engagements/{slug}") class="back-link">"Back to the engagement"</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <span class="caption-l">{engagement_title}</span>
        <h1 class="heading-xl">"Results for everyone"</h1>
        <p class="body">
            "The public results page shows, for each group, how many took part and where they are, the figures of the "
            "questions ticked here, and the themes in what they wrote with quotes. Small counts are hidden and quotes "
            "de-identified exactly as in results shared by staff; answers with the safeguarding team are never quoted."
        </p>
        <p class="body">{if published {
            "The results are published: changes here show on the public page at once."
        } else {
            "Nobody else sees it until the engagement is closed and its results are marked as published, from the engagement's page."
        }}</p>
        <p class="body"><a href=format!("/admin/engagements/{slug}/public-results/preview")>"Preview the results page"</a></p>
        <form method="post" action=format!("/admin/engagements/{slug}/public-results") novalidate>
            <input type="hidden" name="csrf_token" value=csrf_token/>
            <h2 class="heading-m">"Questions to show"</h2>
            {fieldsets}
            <button type="submit" class="button">"Save the questions to show"</button>
        </form>
    }
}

/// One finding in Easy Read: a picture beside one short sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EasyLine {
    /// The picture's address; it is decorative, the words carry the meaning.
    pub symbol: String,
    pub text: String,
}

/// What one group told the council, in Easy Read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EasyGroup {
    pub heading: String,
    pub lines: Vec<EasyLine>,
}

#[component]
pub fn EasyReadResultsPage(
    slug: String,
    engagement_title: String,
    preview: bool,
    /// The full results page.
    full_href: String,
    groups: Vec<EasyGroup>,
) -> impl IntoView {
    view! {
        {results_top(&slug, engagement_title, preview)}
        <h1 class="heading-xl">"What people told us: Easy Read"</h1>
        <p class="body easy-read__line">"We asked people what they think."</p>
        <p class="body easy-read__line">"This page says what they told us."</p>
        <p class="body"><a href=full_href>"Read the full results, with all the numbers"</a></p>
        {groups.into_iter().enumerate().map(|(i, g)| {
            let id = format!("easy-{i}");
            let labelled_by = id.clone();
            view! {
                <section aria-labelledby=labelled_by>
                    <h2 class="heading-l" id=id>{g.heading}</h2>
                    <ul class="easy-read-list">
                        {g.lines.into_iter().map(|l| view! {
                            <li class="easy-read-list__item">
                                <img src=l.symbol alt="" width="64" height="64" class="easy-read-list__symbol"/>
                                <span class="easy-read__line">{l.text}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
    }
}
