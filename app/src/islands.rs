//! The interactive parts of pages. Each island works as plain HTML first; the
//! browser bundle only adds to it once loaded.

use leptos::prelude::*;

/// A password field with a "Show" button (the GOV.UK password input pattern).
///
/// Without JavaScript it is an ordinary password field and the button stays hidden,
/// because a button that does nothing is worse than none.
#[island]
pub fn PasswordInput(
    /// `id` and `name` of the input.
    id: String,
    /// `autocomplete` token, such as `current-password`.
    autocomplete: String,
    /// `aria-describedby` of the input, if it has an error message.
    described_by: Option<String>,
    /// Whether the field is in error (styles the border).
    invalid: bool,
) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser, so the button appears once it can work.
    Effect::new(move |_| set_ready.set(true));
    let class = if invalid { "input input--error password-input__input" } else { "input password-input__input" };
    let status = move || {
        if !ready.get() {
            ""
        } else if shown.get() {
            "Your password is visible"
        } else {
            "Your password is hidden"
        }
    };
    view! {
        <div class="password-input">
            <input
                class=class
                id=id.clone()
                name=id.clone()
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=autocomplete
                spellcheck="false"
                autocapitalize="none"
                aria-describedby=described_by
                aria-invalid=invalid.then_some("true")
            />
            <button
                type="button"
                class="button button--secondary password-input__toggle"
                aria-controls=id
                hidden=move || !ready.get()
                on:click=move |_| set_shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { "Hide" } else { "Show" }}
                <span class="visually-hidden">" password"</span>
            </button>
            <div class="visually-hidden" aria-live="polite">{status}</div>
        </div>
    }
}
