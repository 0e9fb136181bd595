//! Reading cookies the app sets itself (the session cookie is tower-sessions' own).

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

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
    use super::read;
    use axum::http::{HeaderMap, HeaderValue};

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
