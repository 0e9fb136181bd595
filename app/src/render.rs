//! Turns a page into a complete HTML document on the server.

pub use crate::components::Prefs;
use crate::components::{Layout, StaffBadge};
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use std::sync::OnceLock;

/// What the document around a page needs to know.
pub struct Head<'a> {
    /// The page's own title; " – Chorus" is added. Prefix "Error: " when the page
    /// shows a validation error, as screen readers announce the title first.
    pub title: &'a str,
    /// Who is signed in, for the header.
    pub staff: Option<StaffBadge>,
    /// Whether the page holds an island and so needs the browser bundle. Pages
    /// without one send no script at all.
    pub islands: bool,
    /// The visitor's display settings.
    pub prefs: Prefs,
}

/// The stylesheet, compiled into the binary so that a page and its styles can never
/// drift apart. Served at [`stylesheet_path`].
pub const STYLESHEET: &str = include_str!("../../style/main.css");

/// The site icon: a speech bubble, in the header's colours.
pub const FAVICON: &str = include_str!("../../style/favicon.svg");

/// The stylesheet's address, with a content hash so browsers may cache it for ever.
pub fn stylesheet_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| format!("/assets/chorus.{:016x}.css", fnv1a(STYLESHEET.as_bytes())))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder().output_name("chorus").site_pkg_dir("pkg").build()
}

/// Renders `body` inside the shared layout as a full HTML document.
pub fn document<V>(head: Head<'_>, body: impl FnOnce() -> V + Send + 'static) -> String
where
    V: IntoView + 'static,
{
    let Head { title, staff, islands, prefs } = head;
    let owner = new_islands_context();
    let (content, scripts) = owner.with(|| {
        let content = view! { <Layout staff=staff>{body()}</Layout> }.to_html();
        let scripts = if islands { view! { <HydrationScripts options=leptos_options() islands=true/> }.to_html() } else { String::new() };
        (content, scripts)
    });
    owner.unset();
    let title = escape(title);
    let css = stylesheet_path();
    let class = prefs.html_class();
    let html_class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
    format!(
        "<!DOCTYPE html><html lang=\"en-GB\"{html_class}><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Chorus</title>\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"{css}\">{scripts}</head>\
         <body>{content}</body></html>"
    )
}

/// The text of every inline script a page with an island carries (the one that loads the bundle
/// and hydrates the islands), exactly as sent: a Content-Security-Policy allows them by their
/// hashes, so no other inline script can run.
pub fn inline_scripts() -> Vec<String> {
    let owner = new_islands_context();
    let html = owner.with(|| view! { <HydrationScripts options=leptos_options() islands=true/> }.to_html());
    owner.unset();
    let mut out = Vec::new();
    let mut rest = html.as_str();
    while let Some(open) = rest.find("<script") {
        let Some(start) = rest[open..].find('>').map(|i| open + i + 1) else { break };
        let Some(end) = rest[start..].find("</script>").map(|i| start + i) else { break };
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// Escapes text for use inside HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A fresh reactive root for one page, in islands mode: nothing hydrates unless it
/// is an island.
fn new_islands_context() -> leptos::reactive::owner::Owner {
    leptos::reactive::owner::Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new_islands())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn a_page_without_islands_sends_no_script() {
        let html = document(Head { title: "Test", staff: None, islands: false, prefs: Prefs::default() }, || view! { <h1>"Hello"</h1> });
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en-GB\">"));
        assert!(html.contains("<title>Test – Chorus</title>"));
        assert!(html.contains("<h1>Hello</h1>"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn a_page_with_islands_loads_the_bundle() {
        let html = document(Head { title: "Test", staff: None, islands: true, prefs: Prefs::default() }, || view! { <p>"x"</p> });
        assert!(html.contains("/pkg/chorus.js"));
        assert!(html.contains("/pkg/chorus.wasm"));
    }

    #[test]
    fn the_inline_scripts_are_those_a_page_with_islands_sends() {
        let scripts = inline_scripts();
        assert!(!scripts.is_empty());
        let html = document(Head { title: "Test", staff: None, islands: true, prefs: Prefs::default() }, || view! { <p>"x"</p> });
        assert_eq!(html.matches("<script").count(), scripts.len());
        for script in &scripts {
            assert!(script.contains("chorus") && html.contains(&format!(">{script}</script>")), "{script}");
        }
    }

    #[test]
    fn display_settings_round_trip_through_the_cookie_and_become_classes() {
        let prefs = Prefs { larger_text: true, high_contrast: true, more_spacing: false, easy_read: true };
        assert_eq!(prefs.encode(), "lce");
        assert_eq!(Prefs::decode("lce"), prefs);
        assert_eq!(prefs.html_class(), "prefs-larger-text prefs-high-contrast");
        let html = document(Head { title: "T", staff: None, islands: false, prefs }, || view! { <p>"x"</p> });
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en-GB\" class=\"prefs-larger-text prefs-high-contrast\">"));
    }

    #[test]
    fn stylesheet_path_changes_with_its_content() {
        assert!(stylesheet_path().starts_with("/assets/chorus."));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
