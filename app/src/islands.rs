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

/// "Listen": reads a question and its answers (or a section of a document) aloud with the browser's own speech
/// synthesis. Shown only where the browser can speak; without it, or without
/// JavaScript, nothing is shown and screen readers work as ever.
#[island]
pub fn ReadAloud(
    /// What to say: the question, then each answer.
    text: String,
    /// What is read, for screen readers: "the question" unless given.
    #[prop(optional)]
    about: Option<String>,
) -> impl IntoView {
    let about = format!(" to {}", about.unwrap_or_else(|| "the question".into()));
    let (available, set_available) = signal(false);
    let (speaking, set_speaking) = signal(false);
    Effect::new(move |_| set_available.set(speech::available()));
    let say = text.clone();
    let toggle = move |_| {
        if speaking.get_untracked() {
            speech::stop();
            set_speaking.set(false);
        } else {
            set_speaking.set(speech::speak(&say, move || set_speaking.set(false)));
        }
    };
    view! {
        <button type="button" class="button button--secondary read-aloud" hidden=move || !available.get() on:click=toggle>
            <svg class="read-aloud__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor"/>
                <path d="M16 8a5 5 0 0 1 0 8M18.5 5.5a8.5 8.5 0 0 1 0 13" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
            </svg>
            {move || if speaking.get() { "Stop" } else { "Listen" }}
            <span class="visually-hidden">{about}</span>
        </button>
    }
}

/// The browser's speech synthesis, where there is one.
mod speech {
    #[cfg(feature = "hydrate")]
    pub fn available() -> bool {
        web_sys::window().and_then(|w| w.speech_synthesis().ok()).is_some()
    }

    /// Starts speaking; `done` runs when it finishes. Returns whether it started.
    #[cfg(feature = "hydrate")]
    pub fn speak(text: &str, done: impl Fn() + 'static) -> bool {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else { return false };
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else { return false };
        utterance.set_lang("en-GB");
        utterance.set_rate(0.9);
        let on_end = Closure::<dyn Fn()>::new(done);
        utterance.set_onend(Some(on_end.as_ref().unchecked_ref()));
        on_end.forget();
        synth.cancel();
        synth.speak(&utterance);
        true
    }

    #[cfg(feature = "hydrate")]
    pub fn stop() {
        if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
            synth.cancel();
        }
    }

    // On the server nothing speaks; the button is rendered hidden.
    #[cfg(not(feature = "hydrate"))]
    pub fn available() -> bool {
        false
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn speak(_text: &str, _done: impl Fn() + 'static) -> bool {
        false
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn stop() {}
}
