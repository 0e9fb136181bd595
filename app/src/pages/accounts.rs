//! Staff accounts: administrators add them, change their role, disable them and make
//! one-time links for their holders to set a password.

use crate::components::{error_for, ErrorSummary, FieldError};
use crate::fields::{password_field, radios, text_field};
use leptos::prelude::*;
use serde::Deserialize;

/// The roles as stored, with what each lets a person do.
pub const ROLES: [(&str, &str); 6] = [
    ("admin", "Administrator: everything, including staff accounts and answers as written"),
    ("commissioner", "Commissioner: runs engagements and surveys, sees results and themes"),
    ("analyst", "Analyst: sees results, reviews themes and exports answers"),
    ("safeguarding_lead", "Safeguarding lead: sees and acts on answers flagged as possible harm"),
    ("viewer", "Viewer: sees engagements and their results"),
    ("school_contact", "School contact: a school’s member of staff; sees their own schools’ access codes and how many answered"),
];

fn role_options() -> Vec<(String, String)> {
    ROLES.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect()
}

/// The new-account form as typed (also what is posted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NewAccountValues {
    pub display_name: String,
    pub email: String,
    pub role: String,
}

#[component]
pub fn NewAccountPage(values: NewAccountValues, csrf_token: String, errors: Vec<FieldError>) -> impl IntoView {
    let name_error = error_for(&errors, "display-name").map(str::to_owned);
    let email_error = error_for(&errors, "email").map(str::to_owned);
    let role_error = error_for(&errors, "role").map(str::to_owned);
    view! {
        <a href="/admin/users" class="back-link">"Back to staff accounts"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                <h1 class="heading-l">"Add a staff account"</h1>
                <p class="body">"You will get a link to give to the person, so that they can choose their own password. It works once, for 7 days."</p>
                <form method="post" action="/admin/users/new" novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {text_field("display-name", "Name", None, values.display_name, name_error, None)}
                    {text_field("email", "Email address", Some("They sign in with this."), values.email, email_error, None)}
                    {radios("role", "Role", Some("What they may see and do. You can change it later."), role_options(), values.role, role_error)}
                    <button type="submit" class="button">"Add account"</button>
                </form>
            </div>
        </div>
    }
}

/// One account as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountView {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    /// The role as stored.
    pub role: String,
    pub role_label: String,
    pub added: String,
    pub disabled: bool,
    /// The account of whoever is looking: they cannot change their own role or disable themselves.
    pub is_me: bool,
    /// A link to set a password, shown once just after it is made.
    pub password_link: Option<String>,
    pub notice: Option<String>,
    /// For a school contact: the schools they speak for, and the others they could, as (id, name).
    pub schools: Option<(Vec<(i64, String)>, Vec<(i64, String)>)>,
}

fn contact_schools(base: String, csrf_token: String, linked: Vec<(i64, String)>, others: Vec<(i64, String)>) -> impl IntoView {
    let (token, add) = (csrf_token.clone(), format!("{base}/schools"));
    view! {
        <h2 class="heading-m" id="schools-heading">"Schools they speak for"</h2>
        <p class="body">"They see these schools' access codes and how many answered with each, and nothing of other schools."</p>
        {if linked.is_empty() {
            view! { <p class="body">"None yet."</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {linked.into_iter().map(|(id, name)| {
                        let (token, action) = (csrf_token.clone(), format!("{base}/schools"));
                        view! {
                            <li>
                                <form method="post" action=action class="inline-form">
                                    {name.clone()}" "
                                    <input type="hidden" name="csrf_token" value=token/>
                                    <input type="hidden" name="school_id" value=id.to_string()/>
                                    <input type="hidden" name="remove" value="yes"/>
                                    <button type="submit" class="link-button">"Remove"<span class="visually-hidden">{format!(" {name}")}</span></button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!others.is_empty()).then(|| view! {
            <form method="post" action=add>
                <input type="hidden" name="csrf_token" value=token/>
                <div class="form-group">
                    <label class="label" for="school-id">"Add a school"</label>
                    <select class="select" id="school-id" name="school_id">
                        {others.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--secondary">"Add this school"</button>
            </form>
        })}
    }
}

#[component]
pub fn AccountPage(account: AccountView, csrf_token: String, errors: Vec<FieldError>) -> impl IntoView {
    let AccountView { id, display_name, email, role, role_label, added, disabled, is_me, password_link, notice, schools } = account;
    let role_error = error_for(&errors, "role").map(str::to_owned);
    let heading = if display_name.is_empty() { email.clone() } else { display_name.clone() };
    let status = if disabled { "Disabled: cannot sign in" } else { "Can sign in" };
    let base = format!("/admin/users/{id}");
    let changes = (!is_me).then(|| {
        let (token, token2, base2) = (csrf_token.clone(), csrf_token.clone(), base.clone());
        view! {
            <h2 class="heading-m">"Change their role"</h2>
            <form method="post" action=format!("{base}/role") novalidate>
                <input type="hidden" name="csrf_token" value=token/>
                {radios("role", "Role", None, role_options(), role, role_error)}
                <button type="submit" class="button button--secondary">"Save role"</button>
            </form>
            <h2 class="heading-m">{if disabled { "Let them sign in again" } else { "Stop them signing in" }}</h2>
            <p class="body">{if disabled {
                "Enabling the account lets them sign in with the password they had."
            } else {
                "Disabling the account signs them out at once. Nothing they did is deleted, and you can enable it again."
            }}</p>
            <form method="post" action=format!("{base2}/status")>
                <input type="hidden" name="csrf_token" value=token2/>
                <input type="hidden" name="disabled" value=if disabled { "no" } else { "yes" }/>
                <button type="submit" class=if disabled { "button button--secondary" } else { "button button--warning" }>
                    {if disabled { "Enable account" } else { "Disable account" }}
                </button>
            </form>
        }
    });
    view! {
        <a href="/admin/users" class="back-link">"Back to staff accounts"</a>
        <ErrorSummary errors=errors/>
        {notice.map(|n| view! { <div class="notification" role="status"><p class="body">{n}</p></div> })}
        <h1 class="heading-l">{heading}</h1>
        {password_link.map(|link| view! {
            <div class="inset-text">
                <h2 class="heading-m">"Link to set a password"</h2>
                <p class="body">"Give this link to "{display_name.clone()}" yourself, for example by a message only they can read. "
                    "It works once, for 7 days, and is not shown again."</p>
                <p class="body"><code class="break-anywhere">{link}</code></p>
            </div>
        })}
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Email address"</dt><dd class="summary-list__value">{email}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Role"</dt><dd class="summary-list__value">{role_label}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Status"</dt><dd class="summary-list__value">{status}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Added"</dt><dd class="summary-list__value">{added}</dd></div>
        </dl>
        {is_me.then(|| view! { <p class="body">"This is your own account: another administrator can change its role or disable it."</p> })}
        {changes}
        {schools.map(|(linked, others)| contact_schools(base.clone(), csrf_token.clone(), linked, others))}
        <h2 class="heading-m">"Forgotten password"</h2>
        <p class="body">"Make a new link for them to set a password. Their old password keeps working until they use it."</p>
        <form method="post" action=format!("{base}/password-link")>
            <input type="hidden" name="csrf_token" value=csrf_token/>
            <button type="submit" class="button button--secondary">"Make a link to set a password"</button>
        </form>
    }
}

/// The form behind a link to set a password.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetPasswordForm {
    pub email: String,
    pub action: String,
    pub csrf_token: String,
    pub errors: Vec<FieldError>,
}

#[component]
pub fn SetPasswordPage(form: SetPasswordForm) -> impl IntoView {
    let SetPasswordForm { email, action, csrf_token, errors } = form;
    let password_error = error_for(&errors, "password").map(str::to_owned);
    let confirm_error = error_for(&errors, "confirm").map(str::to_owned);
    let hint = "At least 12 characters. A few unrelated words make a strong password that is easy to remember.";
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                <h1 class="heading-l">"Choose a password"</h1>
                <p class="body">"For your Chorus account, "<strong>{email.clone()}</strong>"."</p>
                <form method="post" action=action novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    // Lets a password manager save the new password against the right account.
                    <input type="hidden" name="username" autocomplete="username" value=email/>
                    {password_field("password", "New password", Some(hint), "new-password", password_error)}
                    {password_field("confirm", "New password again", None, "new-password", confirm_error)}
                    <button type="submit" class="button">"Set password"</button>
                </form>
            </div>
        </div>
    }
}

#[component]
pub fn PasswordSetPage() -> impl IntoView {
    view! {
        <h1 class="heading-l">"Your password is set"</h1>
        <p class="body">"You can now sign in with your email address and the password you chose."</p>
        <a href="/sign-in" class="button">"Sign in"</a>
    }
}
