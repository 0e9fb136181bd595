//! The respondent's journey: start page, one question per page, check your answers,
//! confirmation; and carrying on later or withdrawing, all without an account.

use crate::components::{ContactText, ErrorMessage, ErrorSummary, FieldError};
use crate::islands::ReadAloud;
use crate::survey::{Audience, Posted, Question, QuestionKind, ScaleStyle, DONT_UNDERSTAND, MAX_TEXT_CHARS, PREFER_NOT_TO_SAY};
use leptos::prelude::*;

/// What a survey's start page shows.
#[derive(Clone, Debug)]
pub struct StartView {
    pub slug: String,
    pub title: String,
    pub engagement_title: String,
    /// Who to ask about the survey or for another format (may be empty).
    pub contact: String,
    pub audience: Audience,
    pub intro: String,
    pub easy_read_intro: Option<String>,
    pub minutes: u32,
    pub privacy: String,
    pub safeguarding_notice: bool,
    pub question_count: usize,
    /// In a staff preview: where "Start now" goes (nothing is started or saved).
    pub preview_first: Option<String>,
    /// Started with a school's access code: the school it belongs to, so that a mistyped code
    /// is noticed before anyone answers for the wrong school.
    pub school: Option<SchoolStart>,
    /// The start form's token against forgery from other websites.
    pub form_token: String,
    /// The day the answers are deleted after, in words, when the engagement has set it.
    pub deleted_after: Option<String>,
    /// Too many responses were started from where this person is: how long to wait.
    pub wait: Option<String>,
}

/// The school an access code speaks for, as its start page names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolStart {
    pub name: String,
    pub district: String,
    /// The code as the person typed it, posted again with "Start now".
    pub code: String,
}

#[component]
pub fn SurveyStartPage(view: StartView) -> impl IntoView {
    let young = view.audience == Audience::YoungPeople;
    let about = if young {
        "You do not have to give your name. Nobody will know which answers are yours."
    } else {
        "The survey is anonymous: we do not ask for your name, email address or anything else that identifies you."
    };
    let school = view.school.clone();
    let school_banner = school.clone().map(|s| {
        view! {
            <div class="notification" role="note" id="answering-for">
                <p class="body"><strong>{format!("You are answering for {}, {}.", s.name, s.district)}</strong></p>
                <p class="body">"Not your school? "<a href="/code">"Enter your school's code again"</a>"."</p>
            </div>
        }
    });
    view! {
        {view.wait.map(|w| view! { <div class="notification" role="status"><p class="body">{w}</p></div> })}
        <span class="caption-l">{view.engagement_title}</span>
        <h1 class="heading-xl">{view.title}</h1>
        {school_banner}
        <p class="lead">{view.intro}</p>
        {view.easy_read_intro.map(|text| view! {
            <div class="easy-read" role="note" aria-label="Easy Read">
                <h2 class="heading-m">"Easy Read"</h2>
                {text.split('\n').filter(|l| !l.trim().is_empty()).map(|l| view! { <p class="body">{l.to_string()}</p> }).collect_view()}
            </div>
        })}
        <ul class="list list--bullet">
            <li>{format!("There are {} questions.", view.question_count)}</li>
            <li>{format!("It takes about {} minutes.", view.minutes)}</li>
            <li>{about}</li>
            <li>"Your answers are saved as you go. You can stop and carry on later with a code."</li>
        </ul>
        {view.safeguarding_notice.then(|| view! {
            <div class="inset-text">
                <p class="body"><strong>"Keeping you safe"</strong></p>
                <p class="body">"If you write that you are not safe, or that someone is hurting you, "
                    "we may tell someone at your school so they can help you."</p>
            </div>
        })}
        {match view.preview_first {
            Some(first) => view! { <p class="body"><a href=first class="button button--start" role="button" draggable="false">"Start now"</a></p> }.into_any(),
            None => view! {
                <form method="post" action=format!("/s/{}/start", view.slug)>
                    <input type="hidden" name="form_token" value=view.form_token.clone()/>
                    {school.as_ref().map(|s| view! { <input type="hidden" name="code" value=s.code.clone()/> })}
                    <button type="submit" class="button button--start">"Start now"</button>
                </form>
            }.into_any(),
        }}
        <details class="details">
            <summary class="details__summary"><span class="details__summary-text">"What happens to my answers"</span></summary>
            <div class="details__text">
                {view.privacy.split('\n').filter(|l| !l.trim().is_empty()).map(|l| view! { <p class="body">{l.to_string()}</p> }).collect_view()}
                {view.deleted_after.clone().map(|day| view! { <p class="body">{format!("All the answers to this survey will be deleted after {day}.")}</p> })}
            </div>
        </details>
        {(view.audience == Audience::Schools && view.school.is_none()).then(|| view! {
            <p class="body"><a href="/code">"Start with your school's access code"</a>" so that your feedback counts for your school"</p>
        })}
        <p class="body"><a href="/resume">"Carry on with a code you were given"</a></p>
        {(!view.contact.is_empty()).then(|| view! {
            <h2 class="heading-m">"Questions, or another format"</h2>
            <p class="body">"For questions, or to answer on paper, in large print, Easy Read or British Sign Language, contact "<ContactText text=view.contact.clone()/>"."</p>
        })}
    }
}

/// One question as a page shows it: the question, what was typed, and any error.
#[derive(Clone, Debug)]
pub struct QuestionView {
    pub question: Question,
    pub posted: Posted,
    pub error: Option<String>,
    /// Answered "I don't understand the question": show it another way, and how to get help.
    pub help: bool,
}

/// A page of questions.
#[derive(Clone, Debug)]
pub struct QuestionPageView {
    pub slug: String,
    pub page_id: String,
    pub survey_title: String,
    /// 1-based position and total, for "Question 3 of 9".
    pub position: usize,
    pub total: usize,
    pub back_href: String,
    pub form_token: String,
    pub questions: Vec<QuestionView>,
    /// Whether the person came from "Check your answers" to change this.
    pub changing: bool,
    /// Show Easy Read wording first, where a question has it.
    pub easy_read: bool,
    /// For staff previewing a draft: where Continue sends the answers on the page (as a GET,
    /// since a preview saves nothing) to be checked and routed as a respondent's are.
    pub preview_next: Option<String>,
}

#[component]
pub fn QuestionPage(view: QuestionPageView) -> impl IntoView {
    let errors: Vec<FieldError> =
        view.questions.iter().filter_map(|q| q.error.clone().map(|e| FieldError::new(first_input_id(&q.question), e))).collect();
    let single = view.questions.len() == 1;
    let preview = view.preview_next.clone();
    let action = match &preview {
        Some(next) => next.clone(),
        None => format!("/s/{}/q/{}{}", view.slug, view.page_id, if view.changing { "?change=1" } else { "" }),
    };
    let method = if preview.is_some() { "get" } else { "post" };
    let buttons = match preview {
        Some(_) => view! {
            <div class="button-group"><button type="submit" class="button">"Continue"</button></div>
        }
        .into_any(),
        None => view! {
            <div class="button-group">
                <button type="submit" class="button" name="action" value="continue">"Continue"</button>
                <button type="submit" class="button button--secondary" name="action" value="save">"Save and come back later"</button>
            </div>
        }
        .into_any(),
    };
    let caption = format!("Question {} of {}", view.position, view.total);
    let easy_read = view.easy_read;
    view! {
        <a href=view.back_href class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                {(!single).then(|| view! {
                    <span class="caption-l">{caption.clone()}</span>
                    <h1 class="heading-l">{view.survey_title.clone()}</h1>
                })}
                <form method=method action=action novalidate>
                    {(method == "post").then(|| view! { <input type="hidden" name="form_token" value=view.form_token.clone()/> })}
                    {view.questions.into_iter().map(|q| view! { <QuestionField q=q single=single caption=caption.clone() easy_read=easy_read/> }).collect_view()}
                    {buttons}
                </form>
            </div>
        </div>
    }
}

/// The `id` of the first input of a question: where its error summary link points.
pub fn first_input_id(q: &Question) -> String {
    if q.kind.options().is_empty() {
        q.id.clone()
    } else {
        format!("{}-1", q.id)
    }
}

#[component]
fn QuestionField(q: QuestionView, single: bool, caption: String, easy_read: bool) -> impl IntoView {
    let QuestionView { question, posted, error, help } = q;
    let help_view = help.then(|| understanding_help(&question, easy_read));
    // In Easy Read, the Easy Read wording is the question and the full wording follows.
    let (text, easy_read_view) = match (easy_read, question.easy_read.clone()) {
        (true, Some(simple)) => {
            (simple, Some(view! { <p class="body-s question-in-full">{format!("The question in full: {}", question.text)}</p> }.into_any()))
        }
        (_, simple) => (question.text.clone(), simple.map(|t| view! { <p class="easy-read easy-read--question">{t}</p> }.into_any())),
    };
    let listen = view! { <ReadAloud text=spoken_question(&question, &text)/> };
    let id = question.id.clone();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = question.hint.is_some() || question.kind.is_text();
    let mut described = Vec::new();
    if has_hint {
        described.push(hint_id.clone());
    }
    if error.is_some() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let group_class = if error.is_some() { "form-group form-group--error" } else { "form-group" };
    // One question on the page: the question is the page's heading (GOV.UK pattern).
    let heading = |inner: AnyView| {
        if single {
            view! { <h1 class="heading-l">{inner}</h1> }.into_any()
        } else {
            view! { <h2 class="heading-m">{inner}</h2> }.into_any()
        }
    };
    let caption_view = single.then(|| view! { <span class="caption-l">{caption}</span> });
    let hint_text = match (&question.hint, &question.kind) {
        (Some(h), _) => Some(h.clone()),
        (None, QuestionKind::LongText) => Some(format!("You can write up to {} characters.", group_thousands(MAX_TEXT_CHARS))),
        (None, QuestionKind::ShortText) => Some("You can write up to 500 characters.".into()),
        _ => None,
    };
    let hint = hint_text.map(|h| view! { <div class="hint" id=hint_id.clone()>{h}</div> });
    let image = question.image.clone().map(|img| view! { <img class="question-image" src=img.src alt=img.alt width="120" height="120"/> });
    let error_view = view! { <ErrorMessage field=id.clone() message=error.clone()/> };
    let special = special_answers(&question, &posted);

    let options = question.kind.options();
    if !options.is_empty() {
        let multiple = matches!(question.kind, QuestionKind::MultipleChoice { .. });
        let faces = match question.kind {
            QuestionKind::Rating { style: ScaleStyle::Faces, .. } => Some(options.len()),
            QuestionKind::LikeNotSureDislike => Some(0),
            _ => None,
        };
        let input_type = if multiple { "checkbox" } else { "radio" };
        let items = options
            .into_iter()
            .enumerate()
            .map(|(i, (value, label))| {
                let input_id = format!("{id}-{}", i + 1);
                let checked = posted.values.contains(&value);
                let face = faces.map(|scale| face_for(&value, i, scale));
                let class = if faces.is_some() { "choice choice--face" } else { "choice" };
                view! {
                    <div class=class>
                        <input class="choice__input" id=input_id.clone() name=id.clone() type=input_type value=value checked=checked/>
                        <label class="choice__label" for=input_id>{face}<span class="choice__text">{label}</span></label>
                    </div>
                }
            })
            .collect_view();
        let items_class = if faces.is_some() { "choices choices--faces" } else { "choices" };
        view! {
            <div class=group_class>
                <fieldset class="fieldset" aria-describedby=described>
                    <legend class="fieldset__legend">
                        {caption_view}
                        {heading(text.clone().into_any())}
                    </legend>
                    {easy_read_view}
                    {listen}
                    {image}
                    {hint}
                    {error_view}
                    {help_view}
                    <div class=items_class>{items}</div>
                    {special}
                </fieldset>
            </div>
        }
        .into_any()
    } else {
        let value =
            posted.values.iter().find(|v| v.as_str() != DONT_UNDERSTAND && v.as_str() != PREFER_NOT_TO_SAY).cloned().unwrap_or_default();
        let input_class = if error.is_some() { "input input--error" } else { "input" };
        let invalid = error.is_some().then_some("true");
        let field = match question.kind {
            QuestionKind::LongText => view! {
                <textarea class=if error.is_some() { "textarea input--error" } else { "textarea" } id=id.clone() name=id.clone() rows="6"
                    aria-describedby=described.clone() aria-invalid=invalid>{value}</textarea>
            }
            .into_any(),
            QuestionKind::Number { .. } => view! {
                <input class=format!("{input_class} input--width-5") id=id.clone() name=id.clone() type="text" inputmode="numeric"
                    value=value aria-describedby=described.clone() aria-invalid=invalid/>
            }
            .into_any(),
            _ => view! {
                <input class=input_class id=id.clone() name=id.clone() type="text" value=value
                    aria-describedby=described.clone() aria-invalid=invalid/>
            }
            .into_any(),
        };
        view! {
            <div class=group_class>
                {caption_view}
                {heading(view! { <label class="label-heading" for=id.clone()>{text.clone()}</label> }.into_any())}
                {easy_read_view}
                {listen}
                {image}
                {hint}
                {error_view}
                {help_view}
                {field}
                {special}
            </div>
        }
        .into_any()
    }
}

/// "I don't understand the question" and "I'd rather not say", after an "or".
/// What "Listen" reads: the question as it is shown (its Easy Read wording when that is on),
/// its hint, then every answer it offers, "I don't understand the question" too, each a
/// sentence of its own and none with a stray full stop after its own punctuation.
pub fn spoken_question(question: &Question, shown_text: &str) -> String {
    let mut parts: Vec<String> = vec![shown_text.to_owned()];
    parts.extend(question.hint.clone());
    parts.extend(question.kind.options().into_iter().map(|(_, label)| label));
    if question.allow_dont_understand {
        parts.push("I don't understand the question".into());
    }
    if question.allow_prefer_not_to_say {
        parts.push("I'd rather not say".into());
    }
    spoken_sentences(&parts)
}

/// Joins pieces of text into sentences: a full stop only where a piece has no closing
/// punctuation of its own ("Do you like school? Yes. No.", never "school?. Yes").
pub fn spoken_sentences(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| if p.ends_with(['.', '?', '!', ':', ';', '\u{2026}']) { p.to_owned() } else { format!("{p}.") })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shown after "I don't understand the question": the question in Easy Read where it has it
/// (and the person is not already reading that), and who to ask. Choosing the same again goes on.
fn understanding_help(question: &Question, easy_read_on: bool) -> impl IntoView {
    let other_words = match (&question.easy_read, easy_read_on) {
        (Some(simple), false) => Some(simple.clone()),
        (_, true) => Some(question.text.clone()),
        _ => None,
    };
    let id = question.id.clone();
    let help_id = format!("{id}-help");
    view! {
        <div class="inset-text understanding-help" id=help_id>
            <p class="body"><strong>"That's OK. Here is some help."</strong></p>
            {other_words.map(|w| view! { <p class="body">"The question in other words: "<strong>{w}</strong></p> })}
            <p class="body">"You can ask someone you trust to read it with you, like a parent, carer, teacher or teaching assistant."</p>
            <p class="body">"Then choose your answer. Or, to go on without answering, leave \u{201c}I don't understand the question\u{201d} chosen and press Continue."</p>
            <input type="hidden" name="help_seen" value=id/>
        </div>
    }
}

fn special_answers(question: &Question, posted: &Posted) -> Option<impl IntoView> {
    let mut extras = Vec::new();
    if question.allow_dont_understand {
        extras.push((DONT_UNDERSTAND, "I don't understand the question"));
    }
    if question.allow_prefer_not_to_say {
        extras.push((PREFER_NOT_TO_SAY, "I'd rather not say"));
    }
    if extras.is_empty() {
        return None;
    }
    // Alongside a choice they are one more radio; beside a text box they are checkboxes.
    let input_type = match question.kind {
        QuestionKind::SingleChoice { .. } | QuestionKind::Rating { .. } | QuestionKind::LikeNotSureDislike | QuestionKind::YesNoNotSure => {
            "radio"
        }
        _ => "checkbox",
    };
    let id = question.id.clone();
    Some(view! {
        <div class="choices choices--extra">
            <p class="choices__divider">"or"</p>
            {extras.into_iter().map(|(value, label)| {
                let input_id = format!("{id}-{value}");
                let checked = posted.values.iter().any(|v| v == value);
                view! {
                    <div class="choice">
                        <input class="choice__input" id=input_id.clone() name=id.clone() type=input_type value=value checked=checked/>
                        <label class="choice__label" for=input_id><span class="choice__text">{label}</span></label>
                    </div>
                }
            }).collect_view()}
        </div>
    })
}

/// A simple face drawn in SVG: its mouth curves from a gentle frown to a wide smile.
/// Decorative: the word under it carries the meaning.
pub(crate) fn face_for(value: &str, index: usize, scale: usize) -> impl IntoView {
    // 0.0 is the least positive, 1.0 the most.
    let mood = match value {
        "like" => 1.0,
        "not_sure" => 0.5,
        "dislike" => 0.0,
        _ if scale > 1 => index as f32 / (scale - 1) as f32,
        _ => 0.5,
    };
    let curve = 8.0 + mood * 16.0; // control point: 8 frown, 16 flat, 24 smile
    let mouth = format!("M14 30 Q24 {} 34 30", curve + 14.0);
    let fill = ["#f4c7c3", "#fbe5b6", "#fff2b3", "#d5ecc2", "#b7e1a1"][((mood * 4.0).round() as usize).min(4)];
    view! {
        <svg class="face" viewBox="0 0 48 48" width="56" height="56" aria-hidden="true" focusable="false">
            <circle cx="24" cy="24" r="21" fill=fill stroke="#0b0c0c" stroke-width="2"/>
            <circle cx="17" cy="19" r="2.5" fill="#0b0c0c"/>
            <circle cx="31" cy="19" r="2.5" fill="#0b0c0c"/>
            <path d=mouth fill="none" stroke="#0b0c0c" stroke-width="2.5" stroke-linecap="round"/>
        </svg>
    }
}

fn group_thousands(n: usize) -> String {
    let s = n.to_string();
    if s.len() > 3 {
        format!("{},{}", &s[..s.len() - 3], &s[s.len() - 3..])
    } else {
        s
    }
}

/// One answer on "Check your answers".
#[derive(Clone, Debug)]
pub struct CheckRow {
    pub question: String,
    pub answer: String,
    pub change_href: String,
}

#[component]
pub fn CheckAnswersPage(slug: String, survey_title: String, back_href: String, rows: Vec<CheckRow>, form_token: String) -> impl IntoView {
    view! {
        <a href=back_href class="back-link">"Back"</a>
        <span class="caption-l">{survey_title}</span>
        <h1 class="heading-l">"Check your answers"</h1>
        <dl class="summary-list summary-list--answers">
            {rows.into_iter().map(|row| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{row.question.clone()}</dt>
                    <dd class="summary-list__value">{if row.answer.is_empty() { "Not answered".to_string() } else { row.answer }}</dd>
                    <dd class="summary-list__actions">
                        <a href=row.change_href>"Change"<span class="visually-hidden">{format!(" your answer to: {}", row.question)}</span></a>
                    </dd>
                </div>
            }).collect_view()}
        </dl>
        <h2 class="heading-m">"Now send your answers"</h2>
        <p class="body">"When you send your answers you will get a receipt code. Keep it if you might want to take your answers back later."</p>
        <form method="post" action=format!("/s/{slug}/submit")>
            <input type="hidden" name="form_token" value=form_token/>
            <button type="submit" class="button">"Send my answers"</button>
        </form>
    }
}

#[component]
pub fn ConfirmationPage(
    survey_title: String,
    /// None once the time to show it has passed.
    receipt_code: Option<String>,
    /// The engagement's title and its public page.
    engagement: (String, String),
) -> impl IntoView {
    let (engagement_title, engagement_href) = engagement;
    view! {
        <div class="panel">
            <h1 class="panel__title">"Thank you, your answers have been sent"</h1>
            {receipt_code.clone().map(|code| view! { <div class="panel__body">"Your receipt code is"<br/><strong class="code">{code}</strong></div> })}
        </div>
        {receipt_code.is_none().then(|| view! {
            <p class="body">"Your receipt code was shown just after you sent your answers. It is not shown again, so that nobody else using this device can take your answers back."</p>
        })}
        <p class="body">{format!("We have your answers to \u{201c}{survey_title}\u{201d}.")}</p>
        <h2 class="heading-m">"What happens next"</h2>
        <p class="body">"The council will read every answer together with everyone else's, and use what it hears to redesign the service."</p>
        <p class="body">"When the council shares what people said and what it will do about it, you will find it on the page for "
            <a href=engagement_href.clone()>{engagement_title}</a>"."</p>
        <p class="body"><a href=format!("{engagement_href}/updates")>"Get an email when it is published"</a>
            ". We keep your email address apart from your answers."</p>
        <p class="body">"Want to do more? "<a href=format!("{engagement_href}/group")>"Join the co-production group"</a>
            " to help write the new service. Your details are kept apart from your answers too."</p>
        <p class="body">"If you change your mind, you can "<a href="/withdraw">"take your answers back"</a>" with your receipt code."</p>
    }
}

#[component]
pub fn SavedPage(slug: String, resume_code: String, continue_href: String) -> impl IntoView {
    view! {
        <h1 class="heading-l">"Your answers are saved"</h1>
        <p class="body">"To carry on later, on this or another device, you need this code:"</p>
        <p class="code code--large">{resume_code}</p>
        <p class="body">"Write it down or take a photo of it. Then go to "<a href=format!("/s/{slug}")>{format!("/s/{slug}")}</a>
            " and choose \u{201c}Carry on with a code you were given\u{201d}."</p>
        <p class="body"><a href=continue_href>"Carry on now"</a></p>
    }
}

/// A form with one code field: used to carry on and to withdraw.
#[component]
pub fn CodeFormPage(
    title: String,
    intro: String,
    action: String,
    label: String,
    button: String,
    code: String,
    error: Option<String>,
    form_token: String,
) -> impl IntoView {
    let errors: Vec<FieldError> = error.iter().map(|e| FieldError::new("code", e.clone())).collect();
    let invalid = error.is_some();
    let described = if invalid { "code-hint code-error" } else { "code-hint" };
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                <h1 class="heading-l">{title}</h1>
                <p class="body">{intro}</p>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="form_token" value=form_token/>
                    <div class=if invalid { "form-group form-group--error" } else { "form-group" }>
                        <label class="label" for="code">{label}</label>
                        <div class="hint" id="code-hint">"For example, HXT4-9KMA-QF"</div>
                        <ErrorMessage field="code".to_string() message=error/>
                        <input class=if invalid { "input input--error input--width-10 code" } else { "input input--width-10 code" }
                            id="code" name="code" type="text" value=code autocomplete="off" spellcheck="false"
                            autocapitalize="characters" aria-describedby=described aria-invalid=invalid.then_some("true")/>
                    </div>
                    <button type="submit" class="button">{button}</button>
                </form>
            </div>
        </div>
    }
}

/// Before answers are deleted for good: which survey, when they were sent, and a clear way back.
#[component]
pub fn WithdrawConfirmPage(
    survey_title: String,
    sent_on: String,
    code: String,
    /// The engagement's title and its public page.
    engagement: (String, String),
    form_token: String,
) -> impl IntoView {
    let (engagement_title, engagement_href) = engagement;
    view! {
        <a href="/withdraw" class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <h1 class="heading-l">"Are you sure you want to delete your answers?"</h1>
                <dl class="summary-list">
                    <div class="summary-list__row"><dt class="summary-list__key">"Survey"</dt><dd class="summary-list__value">{survey_title}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">"Sent on"</dt><dd class="summary-list__value">{sent_on}</dd></div>
                </dl>
                <p class="body">"Your answers count with everyone else's in what the council hears. To see what it has heard so far and what it is doing about it, read "
                    <a href=engagement_href>{format!("what happened to what people said about {engagement_title}")}</a>"."</p>
                <div class="warning-text">
                    <span class="warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="warning-text__text"><span class="visually-hidden">"Warning: "</span>"This cannot be undone. Once your answers are deleted, nobody can get them back."</strong>
                </div>
                <p class="body">"If something you wrote made us worried about someone's safety, our safeguarding team keeps what you wrote, as the law requires. It is never used in results. "
                    <a href="/privacy">"How we look after answers"</a></p>
                <form method="post" action="/withdraw" novalidate>
                    <input type="hidden" name="form_token" value=form_token/>
                    <input type="hidden" name="code" value=code/>
                    <input type="hidden" name="confirm" value="yes"/>
                    <div class="button-group">
                        <button type="submit" class="button button--warning">"Yes, delete my answers"</button>
                        <a href="/" class="link">"No, keep my answers"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

#[component]
pub fn MessagePage(heading: String, paragraphs: Vec<String>, link: Option<(String, String)>) -> impl IntoView {
    view! {
        <h1 class="heading-l">{heading}</h1>
        {paragraphs.into_iter().map(|p| view! { <p class="body">{p}</p> }).collect_view()}
        {link.map(|(text, href)| view! { <p class="body"><a href=href>{text}</a></p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::QuestionKind;

    #[test]
    fn listen_reads_each_piece_as_a_sentence_without_stray_punctuation() {
        let parts = ["Do you like school?".to_string(), "Choose one".into(), "Yes".into(), "Not sure.".into()];
        assert_eq!(spoken_sentences(&parts), "Do you like school? Choose one. Yes. Not sure.");
    }

    #[test]
    fn listen_reads_the_question_as_shown_its_hint_and_every_answer_offered() {
        let question = Question {
            hint: Some("Think about this school year".into()),
            easy_read: Some("Do you get help at school?".into()),
            allow_dont_understand: true,
            allow_prefer_not_to_say: true,
            ..Question::new("had-help", "Have you had help from a specialist teacher?", QuestionKind::YesNoNotSure)
        };
        // In Easy Read, the Easy Read wording is the question shown, so it is the one read.
        assert_eq!(
            spoken_question(&question, "Do you get help at school?"),
            "Do you get help at school? Think about this school year. Yes. No. Not sure. I don't understand the question. I'd rather not say."
        );
    }
}
