//! GOV.UK form fields as the staff area's forms use them: each with its label, hint
//! and error message, and `aria-describedby` pointing at both. A field's id is its
//! name with dashes, and the error summary links to it.

use crate::components::ErrorMessage;
use leptos::prelude::*;

/// The form group's class: marked when its field is in error.
pub fn group_class(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    }
}

fn described(id: &str, hint: bool, error: &Option<String>) -> Option<String> {
    crate::components::described_by(id, hint, error.is_some())
}

/// A field's label, its hint if it has one, and its error message if it is in error.
fn label_hint_error(id: &'static str, label: &'static str, hint: Option<&'static str>, error: &Option<String>) -> impl IntoView {
    view! {
        <label class="label" for=id>{label}</label>
        {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
        <ErrorMessage field=id.to_string() message=error.clone()/>
    }
}

/// A labelled one-line text box with an optional hint and its error.
pub fn text_field(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    error: Option<String>,
    width: Option<&'static str>,
) -> impl IntoView {
    let name = id.replace('-', "_");
    let class = format!(
        "input{}{}",
        width.map(|w| format!(" input--width-{w}")).unwrap_or_default(),
        if error.is_some() { " input--error" } else { "" }
    );
    let describedby = described(id, hint.is_some(), &error);
    view! {
        <div class=group_class(&error)>
            {label_hint_error(id, label, hint, &error)}
            <input class=class id=id name=name type="text" value=value aria-describedby=describedby/>
        </div>
    }
}

/// A labelled email address box: the phone's email keyboard, the browser's autofill (as
/// `autocomplete` says), no spelling correction or capitals; with an optional hint and its error.
pub fn email_field(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    error: Option<String>,
    autocomplete: &'static str,
) -> impl IntoView {
    let invalid = error.is_some();
    let describedby = described(id, hint.is_some(), &error);
    view! {
        <div class=group_class(&error)>
            {label_hint_error(id, label, hint, &error)}
            <input
                class=if invalid { "input input--error" } else { "input" }
                id=id
                name=id.replace('-', "_")
                type="email"
                autocomplete=autocomplete
                spellcheck="false"
                autocapitalize="none"
                value=value
                aria-describedby=describedby
                aria-invalid=invalid.then_some("true")
            />
        </div>
    }
}

/// A labelled password field (with its show-password button once scripts run), an optional
/// hint and its error.
pub fn password_field(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    autocomplete: &'static str,
    error: Option<String>,
) -> impl IntoView {
    let describedby = described(id, hint.is_some(), &error);
    let invalid = error.is_some();
    view! {
        <div class=group_class(&error)>
            {label_hint_error(id, label, hint, &error)}
            <crate::islands::PasswordInput id=id.to_string() autocomplete=autocomplete.to_string() described_by=describedby invalid=invalid/>
        </div>
    }
}

/// A labelled text area with an optional hint and its error.
pub fn text_area(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    error: Option<String>,
    rows: u32,
) -> impl IntoView {
    let name = id.replace('-', "_");
    let class = if error.is_some() { "textarea input--error" } else { "textarea" };
    let describedby = described(id, hint.is_some(), &error);
    view! {
        <div class=group_class(&error)>
            {label_hint_error(id, label, hint, &error)}
            <textarea class=class id=id name=name rows=rows.to_string() aria-describedby=describedby>{value}</textarea>
        </div>
    }
}

/// One checkbox with a label (its value is `on` when ticked).
pub fn checkbox(id: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    view! {
        <div class="choice">
            <input class="choice__input" id=id name=id.replace('-', "_") type="checkbox" value="on" checked=checked/>
            <label class="choice__label" for=id><span class="choice__text">{label}</span></label>
        </div>
    }
}

/// A fieldset of radios; the first radio carries the field's id so the error
/// summary can link to it.
pub fn radios(
    id: &'static str,
    legend: &'static str,
    hint: Option<&'static str>,
    options: Vec<(String, String)>,
    chosen: String,
    error: Option<String>,
) -> impl IntoView {
    choice_fieldset("radio", id, legend, hint, options, &[chosen], error)
}

/// A fieldset of checkboxes, each sent as its own `id` field when ticked; the first carries
/// the field's id so the error summary can link to it.
pub fn checkboxes(
    id: &'static str,
    legend: &'static str,
    hint: Option<&'static str>,
    options: Vec<(String, String)>,
    ticked: &[String],
    error: Option<String>,
) -> impl IntoView {
    choice_fieldset("checkbox", id, legend, hint, options, ticked, error)
}

/// Radios or checkboxes in a fieldset. A radio's id ends in its value; a checkbox's, whose
/// value may be any words, in its place in the list.
fn choice_fieldset(
    kind: &'static str,
    id: &'static str,
    legend: &'static str,
    hint: Option<&'static str>,
    options: Vec<(String, String)>,
    chosen: &[String],
    error: Option<String>,
) -> impl IntoView {
    let name = id.replace('-', "_");
    let describedby = described(id, hint.is_some(), &error);
    view! {
        <div class=group_class(&error)>
            <fieldset class="fieldset" aria-describedby=describedby>
                <legend class="fieldset__legend label">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
                <ErrorMessage field=id.to_string() message=error.clone()/>
                <div class="choices">
                    {options.into_iter().enumerate().map(|(i, (value, label))| {
                        let input_id = match (i, kind) {
                            (0, _) => id.to_string(),
                            (_, "radio") => format!("{id}-{value}"),
                            _ => format!("{id}-{i}"),
                        };
                        let checked = chosen.contains(&value);
                        view! {
                            <div class="choice">
                                <input class="choice__input" id=input_id.clone() name=name.clone() type=kind value=value checked=checked/>
                                <label class="choice__label" for=input_id><span class="choice__text">{label}</span></label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A labelled drop-down list.
pub fn select(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    options: Vec<(String, String)>,
    chosen: String,
    error: Option<String>,
) -> impl IntoView {
    let name = id.replace('-', "_");
    let describedby = described(id, hint.is_some(), &error);
    let class = if error.is_some() { "select input--error" } else { "select" };
    view! {
        <div class=group_class(&error)>
            {label_hint_error(id, label, hint, &error)}
            <select class=class id=id name=name aria-describedby=describedby>
                {options.into_iter().map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A GOV.UK date input: day, month and year in one fieldset.
pub fn date_input(
    name: &'static str,
    legend: &'static str,
    hint: &'static str,
    day: String,
    month: String,
    year: String,
    error: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let described = if error.is_some() { format!("{hint_id} {name}-day-error") } else { hint_id.clone() };
    let invalid = error.is_some();
    let class = move |width: &str| format!("input input--width-{width}{}", if invalid { " input--error" } else { "" });
    let group = group_class(&error);
    view! {
        <div class=group>
            <fieldset class="fieldset" role="group" aria-describedby=described>
                <legend class="fieldset__legend label">{legend}</legend>
                <div class="hint" id=hint_id>{hint}</div>
                <ErrorMessage field=format!("{name}-day") message=error/>
                <div class="date-input">
                    <div class="date-input__item">
                        <label class="label date-input__label" for=format!("{name}-day")>"Day"</label>
                        <input class=class("2") id=format!("{name}-day") name=format!("{name}_day") type="text" inputmode="numeric" value=day/>
                    </div>
                    <div class="date-input__item">
                        <label class="label date-input__label" for=format!("{name}-month")>"Month"</label>
                        <input class=class("2") id=format!("{name}-month") name=format!("{name}_month") type="text" inputmode="numeric" value=month/>
                    </div>
                    <div class="date-input__item">
                        <label class="label date-input__label" for=format!("{name}-year")>"Year"</label>
                        <input class=class("4") id=format!("{name}-year") name=format!("{name}_year") type="text" inputmode="numeric" value=year/>
                    </div>
                </div>
            </fieldset>
        </div>
    }
}
