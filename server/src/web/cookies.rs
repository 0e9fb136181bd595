//! The cookies the app sets itself (the session cookie is tower-sessions' own): every
//! `Set-Cookie` is built here, with the `cookie` crate, and read back here.

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use tower_sessions::cookie::{time::Duration, Cookie, SameSite};

/// A `Set-Cookie` value for one of the app's cookies: never readable by scripts, not sent by
/// other sites' forms, `Secure` behind https, scoped to `path`, and kept for `max_age` (or, without
/// one, until the browser closes).
pub fn set(name: &str, value: &str, path: &str, max_age: Option<Duration>, secure: bool) -> HeaderValue {
    let mut cookie = Cookie::build((name, value)).path(path).http_only(true).same_site(SameSite::Lax).secure(secure);
    if let Some(age) = max_age {
        cookie = cookie.max_age(age);
    }
    HeaderValue::from_str(&cookie.build().encoded().to_string()).expect("a cookie's encoding is header-safe")
}

/// The value of cookie `name` in the request, if sent.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::{read, set};
    use axum::http::{HeaderMap, HeaderValue};
    use tower_sessions::cookie::time::Duration;

    #[test]
    fn a_cookie_set_is_kept_from_scripts_and_other_sites() {
        let c = set("chorus_response", "abc", "/s/young-people", Some(Duration::days(30)), true);
        let c = c.to_str().unwrap();
        for part in ["chorus_response=abc", "HttpOnly", "SameSite=Lax", "Secure", "Path=/s/young-people", "Max-Age=2592000"] {
            assert!(c.contains(part), "{part} in {c}");
        }
        let visit = set("chorus_prefs", "lc", "/", None, false);
        let visit = visit.to_str().unwrap();
        assert!(!visit.contains("Max-Age") && !visit.contains("Secure") && visit.contains("HttpOnly"), "{visit}");
    }

    #[test]
    fn finds_a_cookie_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append("cookie", HeaderValue::from_static("a=1; chorus_prefs=lc"));
        headers.append("cookie", HeaderValue::from_static("b=2"));
        assert_eq!(read(&headers, "chorus_prefs"), Some("lc"));
        assert_eq!(read(&headers, "b"), Some("2"));
        assert_eq!(read(&headers, "chorus"), None);
    }
}
