//! Building a survey in the staff area: its settings, its questions page by page,
//! the standard profile questions and the routes between pages. Every change edits
//! the draft; respondents see it only once it is published.

use crate::components::{error_for, ErrorMessage, ErrorSummary, FieldError};
use crate::fields::{checkbox, radios, select, text_area, text_field};
use leptos::prelude::*;

/// The audiences a survey may be for, as (stored value, words).
pub fn audience_options() -> Vec<(String, String)> {
    [
        ("young_people", "Children and young people"),
        ("parents_carers", "Parents and carers"),
        ("schools", "Schools and settings"),
        ("other", "Everyone, or another audience"),
    ]
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .to_vec()
}

/// A survey's settings as typed (also what is posted).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct SurveySettingsValues {
    pub title: String,
    pub audience: String,
    /// The public address `/s/{slug}`; chosen once, when the survey is made.
    pub slug: String,
    pub intro: String,
    pub easy_read_intro: String,
    pub minutes: String,
    pub privacy: String,
    /// `on` when ticked.
    pub safeguarding_notice: String,
}

#[component]
pub fn SurveySettingsPage(
    heading: String,
    action: String,
    back_href: String,
    csrf_token: String,
    values: SurveySettingsValues,
    errors: Vec<FieldError>,
    /// Whether this makes a new survey (only then is the address chosen).
    creating: bool,
    /// The draft this form was filled from (empty when making a survey).
    revision: String,
) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let v = values;
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <h1 class="heading-l">{heading}</h1>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    <input type="hidden" name="revision" value=revision/>
                    {text_field("title", "Title", Some("Respondents see this at the top of every page."), v.title, err("title"), None)}
                    {radios("audience", "Who is it for?", Some("This sets the tone of the start page and the standard questions."), audience_options(), v.audience, err("audience"))}
                    {creating.then(|| text_field("slug", "Web address", Some("The end of the survey's link, e.g. young-people for /s/young-people. Lower-case letters, numbers and dashes. Leave it empty to make one from the title."), v.slug, err("slug"), Some("20")))}
                    {text_area("intro", "What it is for", Some("In plain English, on the start page."), v.intro, err("intro"), 4)}
                    {text_area("easy-read-intro", "What it is for, in Easy Read (optional)", Some("Short sentences, one idea on each line."), v.easy_read_intro, err("easy-read-intro"), 5)}
                    {text_field("minutes", "About how many minutes it takes", None, v.minutes, err("minutes"), Some("3"))}
                    {text_area("privacy", "Privacy notice for this audience", Some("What happens to the answers, in words this audience understands. One sentence on each line."), v.privacy, err("privacy"), 5)}
                    <div class="form-group">
                        {checkbox("safeguarding-notice", "Tell respondents that if they write that they are not safe, someone may contact their school", v.safeguarding_notice == "on")}
                    </div>
                    <button type="submit" class="button">"Save"</button>
                </form>
            </div>
        </div>
    }
}

/// A question's fields as typed (also what is posted, except that areas of need
/// arrive as one field per ticked box).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionFormValues {
    pub kind: String,
    pub text: String,
    pub hint: String,
    pub easy_read: String,
    /// One option per line.
    pub options: String,
    pub scale_style: String,
    /// One point of the scale per line, least positive first.
    pub scale_labels: String,
    pub min: String,
    pub max: String,
    pub symbol: String,
    pub alt: String,
    pub required: bool,
    pub allow_dont_understand: bool,
    pub allow_prefer_not_to_say: bool,
    pub outcome: String,
    pub needs: Vec<String>,
    /// `new` for a page of its own, or the id of the page to add it to.
    pub page: String,
}

/// The kinds of question, as (value, words).
pub fn kind_options() -> Vec<(String, String)> {
    [
        ("single_choice", "Choose one option"),
        ("multiple_choice", "Choose any number of options"),
        ("rating", "Rating scale (words or faces)"),
        ("like", "I like it / Not sure / I don't like it"),
        ("yes_no", "Yes / No / Not sure"),
        ("short_text", "Short text"),
        ("long_text", "Long text"),
        ("number", "Number"),
    ]
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .to_vec()
}

/// Everything the question form needs besides the values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionFormContext {
    pub heading: String,
    pub action: String,
    pub back_href: String,
    pub csrf_token: String,
    /// The draft this form was filled from: a save refuses if it has changed since.
    pub revision: String,
    /// Pages a new question may join, as (page id, words); empty when changing.
    pub pages: Vec<(String, String)>,
    /// Symbols that may go beside a question, as (address, name).
    pub symbols: Vec<(String, String)>,
    pub areas_of_need: Vec<String>,
    /// The outcomes of the framework, as (id, words).
    pub outcomes: Vec<(String, String)>,
}

#[component]
pub fn QuestionFormPage(context: QuestionFormContext, values: QuestionFormValues, errors: Vec<FieldError>) -> impl IntoView {
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    let QuestionFormContext { heading, action, back_href, csrf_token, revision, pages, symbols, areas_of_need, outcomes } = context;
    let mut outcome_options = vec![(String::new(), "None".to_string())];
    outcome_options.extend(outcomes);
    let v = values;
    let place = (!pages.is_empty() || err("page").is_some()).then(|| {
        let mut options = vec![("new".to_string(), "On a page of its own, after the last page".to_string())];
        options.extend(pages);
        select(
            "page",
            "Where it goes",
            Some("One question a page is easiest to answer. Put questions together only when they belong together."),
            options,
            v.page.clone(),
            err("page"),
        )
    });
    let mut symbol_options = vec![(String::new(), "No picture".to_string())];
    symbol_options.extend(symbols);
    let needs = v.needs.clone();
    let needs_error = err("need-0");
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <h1 class="heading-l">{heading}</h1>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    <input type="hidden" name="revision" value=revision/>
                    {radios("kind", "Kind of question", None, kind_options(), v.kind, err("kind"))}
                    {text_area("text", "Question", Some("Ask one thing, in plain English."), v.text, err("text"), 2)}
                    {text_field("hint", "Hint (optional)", Some("Shown under the question, e.g. \u{201c}Select all that apply.\u{201d}"), v.hint, err("hint"), None)}
                    {text_area("easy-read", "The question in Easy Read (optional)", Some("Shown with the question when someone turns on Easy Read."), v.easy_read, err("easy-read"), 2)}
                    <h2 class="heading-m">"Answers"</h2>
                    {text_area("options", "Options, for \u{201c}choose one\u{201d} and \u{201c}choose any number\u{201d}", Some("One option on each line, in the order people should see them."), v.options, err("options"), 6)}
                    {radios("scale-style", "Rating scale style", Some("Faces suit children and young people: each face has its word under it."), vec![("words".into(), "Words".into()), ("faces".into(), "Faces with words".into())], v.scale_style, err("scale-style"))}
                    {text_area("scale-labels", "Rating scale points", Some("2 to 7 points, one on each line, least positive first, e.g. \u{201c}Not at all\u{201d} to \u{201c}A lot\u{201d}."), v.scale_labels, err("scale-labels"), 5)}
                    {text_field("min", "Lowest number allowed, for numbers (optional)", None, v.min, err("min"), Some("5"))}
                    {text_field("max", "Highest number allowed, for numbers (optional)", None, v.max, err("max"), Some("5"))}
                    <div class="form-group">
                        <fieldset class="fieldset">
                            <legend class="fieldset__legend label">"Answering"</legend>
                            <div class="choices">
                                {checkbox("required", "An answer is required", v.required)}
                                {checkbox("allow-dont-understand", "Offer \u{201c}I don't understand the question\u{201d}", v.allow_dont_understand)}
                                {checkbox("allow-prefer-not-to-say", "Offer \u{201c}I'd rather not say\u{201d}", v.allow_prefer_not_to_say)}
                            </div>
                        </fieldset>
                    </div>
                    <h2 class="heading-m">"Picture"</h2>
                    {symbol_choice(symbol_options, v.symbol.clone(), err("symbol"), "A picture beside the question helps children and young people who rely on symbols.")}
                    {text_field("alt", "What the picture shows", Some("Read out by screen readers in place of the picture. Left blank, each symbol's own description is used."), v.alt, err("alt"), None)}
                    <h2 class="heading-m">"For analysis"</h2>
                    {select("outcome", "The outcome it measures (optional)", Some("From the outcomes framework, which lists every outcome and the questions measuring it. Linking takes effect at once and changes nothing people answering see."), outcome_options, v.outcome, err("outcome"))}
                    <div class="form-group">
                        <fieldset class="fieldset" aria-describedby=if needs_error.is_some() { "needs-hint need-0-error" } else { "needs-hint" }>
                            <legend class="fieldset__legend label">"Areas of need it is about (optional)"</legend>
                            <div class="hint" id="needs-hint">"Select all that apply."</div>
                            <ErrorMessage field="need-0".to_string() message=needs_error.clone()/>
                            <div class="choices">
                                {areas_of_need.into_iter().enumerate().map(|(i, need)| {
                                    let id = format!("need-{i}");
                                    let checked = needs.contains(&need);
                                    view! {
                                        <div class="choice">
                                            <input class="choice__input" id=id.clone() name="needs" type="checkbox" value=need.clone() checked=checked/>
                                            <label class="choice__label" for=id><span class="choice__text">{need}</span></label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    {place}
                    <button type="submit" class="button">"Save question"</button>
                </form>
            </div>
        </div>
    }
}

/// One question in the editor's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: String,
    pub text: String,
    /// The kind in words, with "required" or "optional".
    pub summary: String,
}

/// One page in the editor's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRow {
    pub id: String,
    pub number: usize,
    pub questions: Vec<QuestionRow>,
    /// Each route in words, by its place in the page's list.
    pub routes: Vec<String>,
    /// Whether a route can be added: a choice question here and a page after it.
    pub can_route: bool,
    pub first: bool,
    pub last: bool,
}

/// Everything the survey editor shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorDetail {
    pub id: i64,
    pub engagement_slug: String,
    pub engagement_title: String,
    pub title: String,
    pub audience: String,
    pub slug: String,
    pub minutes: u32,
    /// e.g. "Version 2 is live; the draft has changes".
    pub version: String,
    pub can_publish: bool,
    pub pages: Vec<PageRow>,
    /// What stops the draft being published.
    pub problems: Vec<String>,
    /// Standard questions not yet in the survey, as (key, name).
    pub standard: Vec<(String, String)>,
    pub csrf_token: String,
    /// The draft shown: every change posted from the page carries it.
    pub revision: String,
    pub notice: Option<String>,
    /// Why the last change was refused.
    pub error: Option<String>,
}

fn post_button(
    action: String,
    token: String,
    revision: String,
    label: String,
    hidden: String,
    extra: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline-form">
            <input type="hidden" name="csrf_token" value=token/>
            <input type="hidden" name="revision" value=revision/>
            {extra.map(|(name, value)| view! { <input type="hidden" name=name value=value/> })}
            <button type="submit" class="link-button">{label}<span class="visually-hidden">{hidden}</span></button>
        </form>
    }
}

#[component]
pub fn SurveyEditorPage(detail: EditorDetail) -> impl IntoView {
    let EditorDetail {
        id,
        engagement_slug,
        engagement_title,
        title,
        audience,
        slug,
        minutes,
        version,
        can_publish,
        pages,
        problems,
        standard,
        csrf_token,
        revision,
        notice,
        error,
    } = detail;
    let base = format!("/admin/surveys/{id}");
    let token = csrf_token.clone();
    let pages_view = if pages.is_empty() {
        view! { <p class="body">"There are no questions yet. Add one, or add the standard questions below."</p> }.into_any()
    } else {
        view! {
            <ol class="editor-pages">
                {pages.into_iter().map(|p| {
                    let page_base = format!("{base}/pages/{}", p.id);
                    let page_name = format!(" page {}", p.number);
                    let moves = view! {
                        {(!p.first).then(|| post_button(format!("{page_base}/move"), token.clone(), revision.clone(), "Move up".into(), page_name.clone(), Some(("direction", "up"))))}
                        {(!p.last).then(|| post_button(format!("{page_base}/move"), token.clone(), revision.clone(), "Move down".into(), page_name.clone(), Some(("direction", "down"))))}
                    };
                    let questions = p.questions.into_iter().map(|q| {
                        let hidden = format!(" \u{201c}{}\u{201d}", q.text);
                        view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{q.text}</dt>
                                <dd class="summary-list__value">{q.summary}</dd>
                                <dd class="summary-list__actions">
                                    <a href=format!("{base}/questions/{}", q.id)>"Change"<span class="visually-hidden">{hidden.clone()}</span></a>
                                    " "
                                    {post_button(format!("{base}/questions/{}/delete", q.id), token.clone(), revision.clone(), "Delete".into(), hidden, None)}
                                </dd>
                            </div>
                        }
                    }).collect_view();
                    let routes = (!p.routes.is_empty()).then(|| view! {
                        <h4 class="heading-s">"Routes"</h4>
                        <ul class="list">
                            {p.routes.into_iter().enumerate().map(|(i, words)| view! {
                                <li>{words.clone()}" "{post_button(format!("{page_base}/routes/{i}/delete"), token.clone(), revision.clone(), "Remove".into(), format!(" the route: {words}"), None)}</li>
                            }).collect_view()}
                        </ul>
                    });
                    view! {
                        <li class="editor-page">
                            <h3 class="heading-m">{format!("Page {}", p.number)}</h3>
                            <dl class="summary-list">{questions}</dl>
                            {routes}
                            <p class="body">
                                {p.can_route.then(|| view! { <a href=format!("{page_base}/routes")>"Add a route"<span class="visually-hidden">{page_name.clone()}</span></a>" " })}
                                {moves}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let problems_view = (!problems.is_empty()).then(|| {
        view! {
            <div class="inset-text">
                <h2 class="heading-m">"Before it can be published"</h2>
                <ul class="list list--bullet">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let standard_view = if standard.is_empty() {
        view! { <p class="body">"The survey has every standard question."</p> }.into_any()
    } else {
        view! {
            <ul class="list">
                {standard.into_iter().map(|(key, name)| view! {
                    <li>
                        <form method="post" action=format!("{base}/standard") class="inline-form">
                            <input type="hidden" name="csrf_token" value=token.clone()/>
                            <input type="hidden" name="revision" value=revision.clone()/>
                            <input type="hidden" name="key" value=key/>
                            <button type="submit" class="button button--secondary">{format!("Add: {name}")}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    // A published version is kept unchanged for good: publishing is confirmed on a page of its own.
    let publish = can_publish.then(|| {
        view! {
            <a href=format!("{base}/publish?revision={revision}") class="button" role="button" draggable="false">"Publish"</a>
        }
    });
    view! {
        <a href=format!("/admin/engagements/{engagement_slug}") class="back-link">{format!("Back to {engagement_title}")}</a>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <ErrorSummary errors=error.map(|e| vec![FieldError::new("questions", e)]).unwrap_or_default()/>
        <span class="caption-l">"Survey draft"</span>
        <h1 class="heading-xl">{title}</h1>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"For"</dt><dd class="summary-list__value">{audience}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Link"</dt><dd class="summary-list__value">{format!("/s/{slug}")}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Takes about"</dt><dd class="summary-list__value">{format!("{minutes} minutes")}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Version"</dt><dd class="summary-list__value">{version}</dd></div>
        </dl>
        <p class="body"><a href=format!("{base}/settings")>"Change the title, introduction and privacy notice"</a></p>
        {problems_view}
        <h2 class="heading-l" id="questions" tabindex="-1">"Questions"</h2>
        {pages_view}
        <p class="body"><a href=format!("{base}/questions/new") class="button button--secondary">"Add a question"</a></p>
        <h2 class="heading-l">"Standard questions"</h2>
        <p class="body">"Asked the same way in every survey, so that answers can be compared by group, district and need."</p>
        {standard_view}
        <h2 class="heading-l">"Check and publish"</h2>
        <p class="body">"Publishing makes this draft the version new respondents answer. Answers already given keep the version they answered."</p>
        <div class="button-group">
            <a href=format!("{base}/preview") class="button button--secondary">"Preview"</a>
            {publish}
        </div>
    }
}

/// The form that adds a route to a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteFormView {
    pub action: String,
    pub back_href: String,
    pub csrf_token: String,
    pub revision: String,
    pub page_number: usize,
    /// (question id::answer value, "Question: answer") for each answer on the page.
    pub answers: Vec<(String, String)>,
    /// (page id or `end`, words) for every later page and the end.
    pub targets: Vec<(String, String)>,
    pub answer: String,
    pub goto: String,
    pub errors: Vec<FieldError>,
}

#[component]
pub fn RouteFormPage(view: RouteFormView) -> impl IntoView {
    let RouteFormView { action, back_href, csrf_token, revision, page_number, answers, targets, answer, goto, errors } = view;
    let err = |field: &str| error_for(&errors, field).map(str::to_owned);
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors.clone()/>
                <h1 class="heading-l">{format!("Add a route from page {page_number}")}</h1>
                <p class="body">"People who give this answer skip the pages in between. Routes only go forwards."</p>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    <input type="hidden" name="revision" value=revision/>
                    {radios("answer", "If the answer is", None, answers, answer, err("answer"))}
                    {select("goto", "Go to", None, targets, goto, err("goto"))}
                    <button type="submit" class="button">"Add the route"</button>
                </form>
            </div>
        </div>
    }
}

/// The pictures a question may show, each offered by its name and the picture itself, so that
/// a commissioner chooses by sight (radios, so that it works without JavaScript).
pub(crate) fn symbol_choice(options: Vec<(String, String)>, chosen: String, error: Option<String>, hint: &'static str) -> impl IntoView {
    let described = if error.is_some() { "symbol-hint symbol-error" } else { "symbol-hint" };
    view! {
        <div class=crate::fields::group_class(&error)>
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="fieldset__legend label">"Picture or symbol (optional)"</legend>
                <div class="hint" id="symbol-hint">{hint}</div>
                <ErrorMessage field="symbol".to_string() message=error.clone()/>
                <div class="choices symbol-choices">
                    {options.into_iter().enumerate().map(|(i, (value, name))| {
                        let input_id = if i == 0 { "symbol".to_string() } else { format!("symbol-{i}") };
                        let checked = value == chosen;
                        let picture = (!value.is_empty()).then(|| view! { <img class="symbol-choice__picture" src=value.clone() alt="" width="48" height="48"/> });
                        view! {
                            <div class="choice choice--symbol">
                                <input class="choice__input" id=input_id.clone() name="symbol" type="radio" value=value checked=checked/>
                                <label class="choice__label" for=input_id>{picture}<span class="choice__text">{name}</span></label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
