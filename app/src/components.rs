//! Building blocks shared by every page, following GOV.UK Design System patterns.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A problem with one field of a form: shown in the error summary (linked to the
/// field) and again beside the field itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The `id` of the input the message is about.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Finds the message for one field, if it has one.
pub fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
}

/// Who is signed in, for the header. `None` for the public.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffBadge {
    pub email: String,
    /// The form token the sign-out button posts back.
    pub csrf_token: String,
}

/// Display settings a visitor chose for their visit: larger text, high contrast,
/// more spacing, and Easy Read versions of questions where a survey has them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    pub larger_text: bool,
    pub high_contrast: bool,
    pub more_spacing: bool,
    pub easy_read: bool,
}

impl Prefs {
    /// The compact form kept in the cookie, e.g. `lcs`.
    pub fn encode(self) -> String {
        [(self.larger_text, 'l'), (self.high_contrast, 'c'), (self.more_spacing, 's'), (self.easy_read, 'e')]
            .into_iter()
            .filter_map(|(on, c)| on.then_some(c))
            .collect()
    }

    pub fn decode(text: &str) -> Self {
        Self {
            larger_text: text.contains('l'),
            high_contrast: text.contains('c'),
            more_spacing: text.contains('s'),
            easy_read: text.contains('e'),
        }
    }

    /// Classes on the `<html>` element that the stylesheet acts on.
    pub fn html_class(self) -> String {
        let mut classes = Vec::new();
        if self.larger_text {
            classes.push("prefs-larger-text");
        }
        if self.high_contrast {
            classes.push("prefs-high-contrast");
        }
        if self.more_spacing {
            classes.push("prefs-more-spacing");
        }
        classes.join(" ")
    }
}

/// The frame of every page: skip link, header, main landmark and footer.
#[component]
pub fn Layout(staff: Option<StaffBadge>, children: Children) -> impl IntoView {
    let nav = staff.map(|s| {
        view! {
            <nav class="header__nav" aria-label="Staff">
                <ul class="header__nav-list">
                    <li><a class="header__link" href="/admin">"Staff area"</a></li>
                    <li>
                        <form method="post" action="/sign-out" class="header__sign-out">
                            <input type="hidden" name="csrf_token" value=s.csrf_token/>
                            <button type="submit" class="header__link link-button">
                                "Sign out"
                                <span class="visually-hidden">" of " {s.email}</span>
                            </button>
                        </form>
                    </li>
                </ul>
            </nav>
        }
    });
    view! {
        <a href="#main-content" class="skip-link">"Skip to main content"</a>
        <header class="header">
            <div class="width-container header__inner">
                <a href="/" class="header__service">"Chorus"</a>
                <span class="header__strapline">"Have your say on SEND services"</span>
                <a class="header__link header__settings" href="/settings">"Display settings"</a>
                {nav}
            </div>
        </header>
        <div class="width-container">
            <main class="main" id="main-content" tabindex="-1">
                {children()}
            </main>
        </div>
        <footer class="footer">
            <div class="width-container">
                <h2 class="visually-hidden">"Support links"</h2>
                <ul class="footer__links">
                    <li><a href="/accessibility">"Accessibility statement"</a></li>
                    <li><a href="/privacy">"Privacy"</a></li>
                    <li><a href="/sign-in">"Staff sign in"</a></li>
                </ul>
                <p class="footer__meta">
                    "Chorus helps councils hear from children and young people with SEND, "
                    "their families and their schools."
                </p>
            </div>
        </footer>
    }
}

/// The GOV.UK error summary: a list of problems at the top of the page, each linked
/// to the field it is about. Renders nothing when there are no errors.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <ul class="error-summary__list">
                    {errors
                        .into_iter()
                        .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.message}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The message shown beside a field in error. The hidden "Error:" prefix tells
/// screen reader users why the message is there.
#[component]
pub fn ErrorMessage(field: String, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p class="error-message" id=format!("{field}-error")>
                <span class="visually-hidden">"Error: "</span>
                {m}
            </p>
        }
    })
}

/// The `aria-describedby` value for a field: its hint and error message, when present.
pub fn described_by(field: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{field}-hint"));
    }
    if has_error {
        ids.push(format!("{field}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A piece of a contact line: plain words, an email address or a phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContactPart {
    Text(String),
    Email(String),
    /// As written, and as dialled (digits, with a leading `+` if written).
    Phone(String, String),
}

/// Splits a contact line ("the team at stls@kent.gov.uk or 03000 41 41 41") into words, email
/// addresses and phone numbers, so that each address and number can be a link a phone opens.
/// Hand-written: no crate reads UK phone numbers as people type them into a sentence, and a
/// contact line is short and typed by staff.
pub fn contact_parts(text: &str) -> Vec<ContactPart> {
    let mut parts: Vec<ContactPart> = Vec::new();
    let mut plain = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let push_plain = |plain: &mut String, parts: &mut Vec<ContactPart>| {
        if !plain.is_empty() {
            parts.push(ContactPart::Text(std::mem::take(plain)));
        }
    };
    while i < chars.len() {
        let at_word_start = i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(';
        // An email address: a word holding one @ and a dot after it.
        if at_word_start && !chars[i].is_whitespace() {
            let end = (i..chars.len()).find(|&j| chars[j].is_whitespace()).unwrap_or(chars.len());
            let word: String = chars[i..end].iter().collect();
            let trimmed = word.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            if let Some((user, domain)) = trimmed.split_once('@') {
                if !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@') {
                    push_plain(&mut plain, &mut parts);
                    parts.push(ContactPart::Email(trimmed.to_owned()));
                    i += trimmed.chars().count();
                    continue;
                }
            }
        }
        // A phone number: from a digit or +, digits with spaces, dashes or brackets, 10 to 15 digits.
        if at_word_start && (chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit))) {
            let mut end = i + 1;
            while end < chars.len() && (chars[end].is_ascii_digit() || matches!(chars[end], ' ' | '-' | '(' | ')')) {
                end += 1;
            }
            while end > i && !chars[end - 1].is_ascii_digit() {
                end -= 1;
            }
            let shown: String = chars[i..end].iter().collect();
            // "+44 (0)3000…": the bracketed 0 is dialled only from inside the country.
            let international = shown.starts_with('+');
            let dialled = if international { shown.replace("(0)", "") } else { shown.clone() };
            let digits: String = dialled.chars().filter(char::is_ascii_digit).collect();
            if (10..=15).contains(&digits.len()) {
                push_plain(&mut plain, &mut parts);
                let dial = if international { format!("+{digits}") } else { digits };
                parts.push(ContactPart::Phone(shown, dial));
                i = end;
                continue;
            }
        }
        plain.push(chars[i]);
        i += 1;
    }
    push_plain(&mut plain, &mut parts);
    parts
}

/// A contact line with its email addresses and phone numbers as links.
#[component]
pub fn ContactText(text: String) -> impl IntoView {
    contact_parts(&text)
        .into_iter()
        .map(|part| match part {
            ContactPart::Text(t) => t.into_any(),
            ContactPart::Email(e) => view! { <a href=format!("mailto:{e}")>{e.clone()}</a> }.into_any(),
            ContactPart::Phone(shown, dial) => view! { <a href=format!("tel:{dial}")>{shown}</a> }.into_any(),
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_and_phone_numbers_in_a_contact_line_become_links() {
        use ContactPart::*;
        assert_eq!(
            contact_parts("the STLS engagement team at stls.engagement@example.org or 03000 000000"),
            vec![
                Text("the STLS engagement team at ".into()),
                Email("stls.engagement@example.org".into()),
                Text(" or ".into()),
                Phone("03000 000000".into(), "03000000000".into()),
            ]
        );
        assert_eq!(
            contact_parts("Call +44 (0)3000 41 41 41, or write to send@kent.gov.uk."),
            vec![
                Text("Call ".into()),
                Phone("+44 (0)3000 41 41 41".into(), "+443000414141".into()),
                Text(", or write to ".into()),
                Email("send@kent.gov.uk".into()),
                Text(".".into()),
            ]
        );
    }

    #[test]
    fn dates_short_numbers_and_lone_at_signs_stay_words() {
        use ContactPart::*;
        assert_eq!(contact_parts("Room 101, open 9 to 5"), vec![Text("Room 101, open 9 to 5".into())]);
        assert_eq!(contact_parts("meet @ the hall on 12 03 2027"), vec![Text("meet @ the hall on 12 03 2027".into())]);
        assert_eq!(contact_parts("the SEND team"), vec![Text("the SEND team".into())]);
    }

    #[test]
    fn described_by_lists_hint_then_error() {
        assert_eq!(described_by("email", true, true).as_deref(), Some("email-hint email-error"));
        assert_eq!(described_by("email", false, true).as_deref(), Some("email-error"));
        assert_eq!(described_by("email", false, false), None);
    }

    #[test]
    fn error_for_finds_the_message_of_one_field() {
        let errors = vec![FieldError::new("email", "Enter your email"), FieldError::new("password", "Enter your password")];
        assert_eq!(error_for(&errors, "password"), Some("Enter your password"));
        assert_eq!(error_for(&errors, "name"), None);
    }
}
