//! Display settings for the visit.

use crate::components::Prefs;
use leptos::prelude::*;

#[component]
pub fn SettingsPage(prefs: Prefs, return_to: String) -> impl IntoView {
    let option = |name: &'static str, label: &'static str, hint: &'static str, checked: bool| {
        let hint_id = format!("{name}-hint");
        view! {
            <div class="choice choice--setting">
                <input class="choice__input" id=name name=name type="checkbox" value="on" checked=checked aria-describedby=hint_id.clone()/>
                <label class="choice__label" for=name>
                    <span class="choice__text">{label}</span>
                    <span class="hint choice__hint" id=hint_id>{hint}</span>
                </label>
            </div>
        }
    };
    view! {
        <a href=return_to.clone() class="back-link">"Back"</a>
        <div class="grid-row">
            <div class="grid-column-two-thirds">
                <form method="post" action="/settings">
                    <input type="hidden" name="return" value=return_to/>
                    <fieldset class="fieldset">
                        <legend class="fieldset__legend"><h1 class="heading-l">"Display settings"</h1></legend>
                        <p class="body">"Choose how pages look for the rest of your visit. You can change this at any time from the link at the top of every page."</p>
                        <div class="choices">
                            {option("larger_text", "Larger text", "Makes all the writing bigger.", prefs.larger_text)}
                            {option("high_contrast", "High contrast", "Light writing on a dark background.", prefs.high_contrast)}
                            {option("more_spacing", "More spacing", "More space between lines, words and letters.", prefs.more_spacing)}
                            {option("easy_read", "Easy Read", "Shows questions in Easy Read when the survey has them.", prefs.easy_read)}
                        </div>
                    </fieldset>
                    <button type="submit" class="button">"Save settings"</button>
                </form>
            </div>
        </div>
    }
}
