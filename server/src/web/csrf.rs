//! Protection against cross-site request forgery: every form carries a token in a hidden field,
//! and a post whose token does not match is refused. `SameSite=Lax` cookies already stop most
//! forged posts; the token also covers older browsers.
//!
//! Staff forms carry their session's random token (the synchroniser-token pattern). Respondents
//! have no session, on purpose: a session row for everyone who opens a survey would be a write per
//! visitor. Their pages carry a keyed hash of the response's own secret instead, which needs no
//! storage and is refused from another browser or for another response. One scheme, two places to
//! keep the secret it checks against.

use crate::web::error::{AppError, AppResult};
use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

const KEY: &str = "csrf_token";

/// A form's token from a secret the browser holds in a cookie: an HMAC of it under the server's
/// secret, for forms of one `purpose`.
pub(crate) fn keyed_token(server_secret: &[u8], purpose: &[u8], secret: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(server_secret).expect("any key length");
    mac.update(purpose);
    mac.update(secret.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

pub(crate) fn keyed_token_ok(server_secret: &[u8], purpose: &[u8], secret: &str, submitted: &str) -> bool {
    !secret.is_empty()
        && !submitted.is_empty()
        && bool::from(keyed_token(server_secret, purpose, secret).as_bytes().ct_eq(submitted.as_bytes()))
}

/// The token of a response's pages: an HMAC of the response's secret (from its cookie) under
/// the server's secret.
pub fn response_token(server_secret: &[u8], response_secret: &str) -> String {
    keyed_token(server_secret, b"response-form:", response_secret)
}

/// Whether `submitted` is the token of the response whose secret is `response_secret`.
pub fn response_token_ok(server_secret: &[u8], response_secret: &str, submitted: &str) -> bool {
    keyed_token_ok(server_secret, b"response-form:", response_secret, submitted)
}

/// Forms protected before there is a session or a response, so that merely showing them stores
/// nothing: their token is a keyed hash of a random secret the browser keeps in a cookie of the
/// form's own (the double-submit pattern, with the token signed so that it cannot be made up).
#[derive(Clone, Copy, Debug)]
pub struct FormCookie {
    name: &'static str,
    path: &'static str,
    purpose: &'static [u8],
    /// How long the cookie lasts; `None` until the browser closes.
    hours: Option<i64>,
}

/// The staff sign-in form.
pub const SIGN_IN: FormCookie = FormCookie { name: "chorus_sign_in", path: "/sign-in", purpose: b"sign-in-form:", hours: Some(2) };

/// The respondents' forms that come before a response: starting a survey, and the code forms
/// (carrying on, a school's access code, taking answers back).
pub const PUBLIC: FormCookie = FormCookie { name: "chorus_form", path: "/", purpose: b"public-form:", hours: None };

impl FormCookie {
    /// The browser's secret and the form's token, with the cookie to set when the browser has
    /// none yet.
    pub fn token(&self, server_secret: &[u8], headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
        match crate::web::cookies::read(headers, self.name).filter(|s| s.len() == 43) {
            Some(secret) => (keyed_token(server_secret, self.purpose, secret), None),
            None => {
                let (token, cookie) = self.fresh(server_secret, secure);
                (token, Some(cookie))
            }
        }
    }

    /// A new secret: the form's token and the cookie that keeps it.
    pub fn fresh(&self, server_secret: &[u8], secure: bool) -> (String, HeaderValue) {
        let secret = new_token();
        let lasts = self.hours.map(tower_sessions::cookie::time::Duration::hours);
        (keyed_token(server_secret, self.purpose, &secret), crate::web::cookies::set(self.name, &secret, self.path, lasts, secure))
    }

    /// Whether `submitted` is the token of the secret in the request's cookie.
    pub fn accepts(&self, server_secret: &[u8], headers: &HeaderMap, submitted: &str) -> bool {
        let secret = crate::web::cookies::read(headers, self.name).unwrap_or_default();
        keyed_token_ok(server_secret, self.purpose, secret, submitted)
    }
}

/// Adds `cookie`, if there is one, to a response.
pub fn with_cookie(mut response: axum::response::Response, cookie: Option<HeaderValue>) -> axum::response::Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
    }
    response
}

/// A new random secret or token: 32 bytes, in 43 URL-safe characters.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The session's token, made on first use.
pub async fn token(session: &Session) -> AppResult<String> {
    if let Some(token) = session.get::<String>(KEY).await? {
        return Ok(token);
    }
    rotate(session).await
}

/// Replaces the session's token, e.g. when someone signs in.
pub async fn rotate(session: &Session) -> AppResult<String> {
    let token = new_token();
    session.insert(KEY, &token).await?;
    Ok(token)
}

/// Accepts the post only if `submitted` matches the session's token.
pub async fn verify(session: &Session, submitted: &str) -> AppResult<()> {
    let expected = session.get::<String>(KEY).await?;
    match expected {
        Some(expected) if !submitted.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes())) => Ok(()),
        _ => Err(AppError::CsrfRejected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tower_sessions::MemoryStore;

    fn session() -> Session {
        Session::new(None, Arc::new(MemoryStore::default()), None)
    }

    #[tokio::test]
    async fn the_session_token_is_accepted() {
        let session = session();
        let token = token(&session).await.unwrap();
        assert_eq!(token.len(), 43);
        assert!(verify(&session, &token).await.is_ok());
        assert_eq!(super::token(&session).await.unwrap(), token);
    }

    #[tokio::test]
    async fn a_forged_or_missing_token_is_refused() {
        let session = session();
        let _ = token(&session).await.unwrap();
        assert!(matches!(verify(&session, "forged").await, Err(AppError::CsrfRejected)));
        assert!(matches!(verify(&session, "").await, Err(AppError::CsrfRejected)));
    }

    #[test]
    fn a_response_token_belongs_to_one_response_and_one_server() {
        let token = response_token(b"server secret", "response secret");
        assert!(response_token_ok(b"server secret", "response secret", &token));
        assert!(!response_token_ok(b"server secret", "another response", &token));
        assert!(!response_token_ok(b"another server", "response secret", &token));
        assert!(!response_token_ok(b"server secret", "response secret", ""));
    }

    #[tokio::test]
    async fn a_session_without_a_token_refuses_every_post() {
        assert!(matches!(verify(&session(), "anything").await, Err(AppError::CsrfRejected)));
    }
}
