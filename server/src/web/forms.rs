//! Reading form posts strictly, so that bad input becomes a clear 4xx page.
//!
//! axum's own `Form` decodes invalid UTF-8 into replacement characters without a
//! word; a person's answer must never be silently changed, so this one refuses it.

use crate::web::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

/// The largest form body accepted, in bytes: room for four of the longest answers (5,000
/// characters) in any script, as a browser sends them (up to four bytes a character, each
/// written as three), and small enough that nobody can tie the server up with a huge post.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// A form body (`application/x-www-form-urlencoded`), checked and deserialised.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("Chorus could not read the form that was sent.")
            }
        })?;
        parse(&bytes).map(Form)
    }
}

/// Checks every name and value decodes to valid UTF-8, then deserialises.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    const UNREADABLE: &str =
        "The form contained characters that could not be read. This can happen when text is pasted from some programs.";
    for pair in body.split(|b| *b == b'&') {
        let plus_as_space: Vec<u8> = pair.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
        match percent_encoding::percent_decode(&plus_as_space).decode_utf8() {
            // A null character cannot be kept by PostgreSQL, and means nothing to a reader:
            // refused on both databases alike, like bytes that are not text.
            Ok(text) if !text.contains('\0') => {}
            _ => return Err(AppError::BadRequest(UNREADABLE)),
        }
    }
    serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadRequest("Chorus could not read the form that was sent."))
}

/// The notice a page shows after a change that worked, named in its query (`?done=…`).
#[derive(serde::Deserialize, Default)]
pub struct NoticeQuery {
    pub done: Option<String>,
}

/// A form that carries only its token (and, from the survey editor, the revision
/// of the draft the person was looking at).
#[derive(serde::Deserialize)]
pub struct TokenInput {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub revision: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct SignIn {
        #[serde(default)]
        email: String,
    }

    #[test]
    fn plus_and_percent_escapes_decode() {
        let form: SignIn = parse(b"email=ann+smith%40kent.gov.uk").unwrap();
        assert_eq!(form.email, "ann smith@kent.gov.uk");
    }

    #[test]
    fn invalid_utf8_is_refused_rather_than_replaced() {
        assert!(matches!(parse::<SignIn>(b"email=%FF%FE"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<SignIn>(b"email=\xff"), Err(AppError::BadRequest(_))));
    }

    #[test]
    fn a_null_character_is_refused_however_it_is_written() {
        assert!(matches!(parse::<SignIn>(b"email=ann%00"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<SignIn>(b"email=ann\0"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<SignIn>(b"em%00ail=ann"), Err(AppError::BadRequest(_))));
        assert_eq!(parse::<SignIn>(b"email=a%09b%0Ac").unwrap().email, "a\tb\nc", "tabs and new lines are text");
    }

    #[test]
    fn a_missing_field_takes_its_default() {
        assert_eq!(parse::<SignIn>(b"").unwrap(), SignIn { email: String::new() });
    }
}
