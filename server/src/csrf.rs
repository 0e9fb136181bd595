//! Protection against cross-site request forgery: the synchroniser-token pattern.
//! Each session holds a random token; every form carries it in a hidden field and a
//! post whose field does not match is refused. `SameSite=Lax` cookies already stop
//! most forged posts; the token also covers older browsers.

use crate::error::{AppError, AppResult};
use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

const KEY: &str = "csrf_token";

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

    #[tokio::test]
    async fn a_session_without_a_token_refuses_every_post() {
        assert!(matches!(verify(&session(), "anything").await, Err(AppError::CsrfRejected)));
    }
}
