//! Staff sign in and sign out.

use crate::components::{error_for, ErrorSummary, FieldError};
use crate::fields::{email_field, password_field};
use leptos::prelude::*;

/// What the sign-in form shows: what the person typed, and what was wrong with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInForm {
    pub email: String,
    /// Where to go after signing in (a path on this site).
    pub next: Option<String>,
    pub csrf_token: String,
    pub errors: Vec<FieldError>,
}

#[component]
pub fn SignInPage(form: SignInForm) -> impl IntoView {
    let SignInForm { email, next, csrf_token, errors } = form;
    let email_error = error_for(&errors, "email").map(str::to_owned);
    let password_error = error_for(&errors, "password").map(str::to_owned);
    view! {
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <ErrorSummary errors=errors/>
                <h1 class="heading-l">"Sign in to Chorus"</h1>
                <p class="body">"This is for council staff who run engagements. "
                    "You do not need to sign in to answer a survey."</p>
                <form method="post" action="/sign-in" novalidate>
                    <input type="hidden" name="csrf_token" value=csrf_token/>
                    {next.map(|n| view! { <input type="hidden" name="next" value=n/> })}
                    {email_field("email", "Email address", None, email, email_error, "username")}
                    {password_field("password", "Password", None, "current-password", password_error)}
                    <button type="submit" class="button">"Sign in"</button>
                </form>
                <p class="body">"If you have forgotten your password, ask an administrator to reset it."</p>
            </div>
        </div>
    }
}

/// Asks before signing out, for visits to `/sign-out` by link rather than by the
/// header's button.
#[component]
pub fn SignOutPage(csrf_token: String) -> impl IntoView {
    view! {
        <h1 class="heading-l">"Sign out"</h1>
        <form method="post" action="/sign-out">
            <input type="hidden" name="csrf_token" value=csrf_token/>
            <button type="submit" class="button">"Sign out"</button>
        </form>
    }
}

/// Shown after signing out, or when there was no one signed in.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    view! {
        <h1 class="heading-l">"You have signed out"</h1>
        <p class="body"><a href="/sign-in">"Sign in again"</a></p>
    }
}
