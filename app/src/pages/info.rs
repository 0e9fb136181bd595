//! Pages every public service needs: the accessibility statement and privacy notice.

use leptos::prelude::*;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <h1 class="heading-xl">"Accessibility statement for Chorus"</h1>
        <p class="body">
            "Chorus is built so that as many people as possible can use it, including children and "
            "young people with learning disabilities, people who use screen readers, switches or "
            "a keyboard only, and people on small phone screens or slow connections."
        </p>
        <h2 class="heading-m">"What you can do"</h2>
        <ul class="list list--bullet">
            <li>"use every page without JavaScript"</li>
            <li>"move through every page with a keyboard alone"</li>
            <li>"zoom in up to 400% without text spilling off the screen"</li>
            <li>"use the service on a screen 320 pixels wide"</li>
            <li>"listen to pages with a screen reader"</li>
        </ul>
        <h2 class="heading-m">"How accessible this service is"</h2>
        <p class="body">
            "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. "
            "Every page is checked automatically in a real browser for accessibility problems before "
            "each release, and pages follow the GOV.UK Design System."
        </p>
        <h2 class="heading-m">"Pictures and symbols"</h2>
        <p class="body">
            "Questions for children and young people can have a picture or symbol beside them, always with "
            "a description for people who cannot see it. Most of the symbols are from "
            <a href="https://openmoji.org">"OpenMoji"</a>
            ", the open-source emoji and icon project, licensed under "
            <a href="https://creativecommons.org/licenses/by-sa/4.0/">"CC BY-SA 4.0"</a>
            "; the others were drawn for Chorus."
        </p>
        <h2 class="heading-m">"Reporting problems"</h2>
        <p class="body">
            "If you find a problem, or need a survey in another format such as paper, large print, "
            "Easy Read or British Sign Language, tell the council team named on the survey's first "
            "page. We will reply within 5 working days."
        </p>
        <h2 class="heading-m">"Enforcement procedure"</h2>
        <p class="body">
            "The Equality and Human Rights Commission is responsible for enforcing the accessibility "
            "regulations. If you are not happy with how we respond to your complaint, contact the "
            "Equality Advisory and Support Service (EASS)."
        </p>
    }
}

/// Every cookie Chorus sets: its name, what it is for, and how long it lasts.
const COOKIES: [(&str, &str, &str); 7] = [
    (
        "chorus_response",
        "Keeps your place in a survey you have started, so that your answers are there when you come back on the same device. It holds a random code, never your answers, and is sent only to that survey's pages.",
        "Lasts 30 days, or 15 minutes once your answers are sent, just long enough to show your receipt code.",
    ),
    (
        "chorus_prefs",
        "Remembers the display settings you chose, such as larger text, high contrast or Easy Read. Set only if you choose them.",
        "Lasts until you close your browser.",
    ),
    ("chorus_session", "Keeps staff signed in, and protects some forms from misuse by other websites.", "Deleted when it has not been used for 8 hours."),
    (
        "chorus_form",
        "Set when a survey's start page, or the page to enter a code, is opened: it holds a random code that protects those forms from misuse by other websites.",
        "Lasts until you close your browser.",
    ),
    (
        "chorus_device",
        "Set when a member of staff signs in: it marks the device as one they have signed in on, so that many wrong guesses at their password from elsewhere do not stop them signing in here. It holds a code made from their email address that cannot be read back. Sent only to the sign-in page.",
        "Lasts 180 days.",
    ),
    (
        "chorus_sign_in",
        "Set when the staff sign-in page is opened: it holds a random code that protects the sign-in form from misuse by other websites. Sent only to the sign-in page.",
        "Lasts 2 hours.",
    ),
    (
        "chorus_member",
        "Set when a member of a co-production group opens their own page, so that what they say about the engagement's documents shows there. Sent only to that engagement's pages.",
        "Lasts until you close your browser, or until you choose to have your say without your name.",
    ),
];

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <h1 class="heading-xl">"Privacy"</h1>
        <p class="body">
            "Answers to surveys are anonymous by default: we do not ask for your name or email address, "
            "and we do not use tracking or advertising cookies."
        </p>
        <h2 class="heading-m">"Cookies"</h2>
        <p class="body">
            "Chorus sets only the cookies it needs to work, so we do not ask for consent. None of them "
            "tracks you or is shared with anyone else."
        </p>
        <dl class="summary-list" id="cookies">
            {COOKIES.iter().map(|(name, purpose, lasts)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key"><code>{*name}</code></dt>
                    <dd class="summary-list__value">
                        <p class="body">{*purpose}</p>
                        <p class="body">{*lasts}</p>
                    </dd>
                </div>
            }).collect_view()}
        </dl>
        <h2 class="heading-m">"What happens to answers"</h2>
        <p class="body">
            "Answers are stored on the council's own server and analysed there; they are not sent to "
            "any other company. Reports only show numbers of 5 or more people, so that no one can be "
            "identified from small groups. Each survey's first page says who runs it and how long "
            "answers are kept."
        </p>
        <p class="body">
            "You can take your answers back with your receipt code, and they are deleted. If something "
            "you wrote made us worried about someone's safety, the council's safeguarding team keeps "
            "what you wrote, and what they did about it, even after that, as the law requires; it is "
            "never used in any results."
        </p>
        <h2 class="heading-m">"If you ask to hear when results are published"</h2>
        <p class="body">
            "You may leave an email address to hear when an engagement's results, or what the council "
            "will do about them, are published. It is kept apart from every answer: nothing links it to "
            "what you said, or shows whether you answered at all. It is used only for those emails, each "
            "with a link that stops them and deletes your address."
        </p>
        <h2 class="heading-m">"If you comment on a document"</h2>
        <p class="body">
            "You do not need to give your name. We keep what you said, who you said you are if you "
            "chose to, the school whose access code you gave if any, and the day you sent it, not the "
            "time. Your own page, where the council's reply appears, is reached by a link only you have: "
            "we keep a scrambled copy of it, never the link itself. Replies are shown to everyone under "
            "the section with names and schools taken out of your comment."
        </p>
        <h2 class="heading-m">"If you join a co-production group"</h2>
        <p class="body">
            "We keep the name you want to be called, how to contact you and who you are, with the day "
            "you agreed, apart from every survey answer. Only the council's engagement team sees them, "
            "to invite you to take part. You can leave at any time from your own page, and they are "
            "deleted."
        </p>
    }
}
