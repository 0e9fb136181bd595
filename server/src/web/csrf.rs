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
use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

const KEY: &str = "csrf_token";

/// A form's token from a secret the browser holds in a cookie: an HMAC of it under the server's
/// secret, for forms of one `purpose`.
fn keyed_token(server_secret: &[u8], purpose: &[u8], secret: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(server_secret).expect("any key length");
    mac.update(purpose);
    mac.update(secret.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

fn keyed_token_ok(server_secret: &[u8], purpose: &[u8], secret: &str, submitted: &str) -> bool {
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

/// The sign-in form's token, from the secret in the browser's sign-in cookie: the form is
/// protected before there is a session, so that merely showing it stores nothing.
pub fn sign_in_token(server_secret: &[u8], cookie_secret: &str) -> String {
    keyed_token(server_secret, b"sign-in-form:", cookie_secret)
}

pub fn sign_in_token_ok(server_secret: &[u8], cookie_secret: &str, submitted: &str) -> bool {
    keyed_token_ok(server_secret, b"sign-in-form:", cookie_secret, submitted)
}

/// A new random secret or token: 32 bytes, in 43 URL-safe characters.
pub fn new_token() -> String {
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
