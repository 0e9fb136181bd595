//! Who is signed in: the session holds a user id, checked against the database on
//! every staff request so that a disabled account is out at once.

use crate::accounts::permissions::Permission;
use crate::accounts::queries::{self as users, UserRecord};
use crate::web::error::{AppError, AppResult};
use crate::AppState;
use app::components::StaffBadge;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Session key of the signed-in user's id.
pub const USER_ID: &str = "user_id";
/// Session key of when the user signed in (milliseconds since 1970).
pub const SIGNED_IN_AT: &str = "signed_in_at";

/// A signed-in member of staff. Handlers that take one are staff-only: without a
/// session the person is sent to sign in and brought back afterwards.
pub struct Staff {
    pub user: UserRecord,
    pub session: Session,
    pub csrf_token: String,
}

impl Staff {
    /// Refuses the request unless the user's role may do `permission`.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses a form post unless it carries the session's CSRF token and the user's role may do
    /// `permission` (the token is checked first, so a forged post learns nothing about roles).
    pub async fn require_post(&self, permission: Permission, csrf_token: &str) -> AppResult<()> {
        crate::web::csrf::verify(&self.session, csrf_token).await?;
        self.require(permission)
    }

    /// Whether the user's role may do `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.user.role().can(permission)
    }

    /// What the page header shows.
    pub fn badge(&self) -> StaffBadge {
        StaffBadge { email: self.user.email.clone(), csrf_token: self.csrf_token.clone() }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, message)| AppError::Internal(anyhow::anyhow!("session layer missing: {message}")).into_response())?;
        let user_id: Option<i64> = session.get(USER_ID).await.map_err(|e| AppError::from(e).into_response())?;
        let user = match user_id {
            Some(id) => users::find_active_by_id(&state.db, id).await.map_err(|e| AppError::from(e).into_response())?,
            None => None,
        };
        let Some(user) = user else {
            return Err(sign_in_redirect(parts));
        };
        // A session from before the account was disabled, or before its password was set
        // through a link, is over for good: whoever did either may have had a reason.
        if let Some(valid_from) = user.sessions_valid_from {
            let signed_in_at: i64 = session.get(SIGNED_IN_AT).await.map_err(|e| AppError::from(e).into_response())?.unwrap_or(0);
            if signed_in_at < valid_from {
                session.flush().await.map_err(|e| AppError::from(e).into_response())?;
                return Err(sign_in_redirect(parts));
            }
        }
        let csrf_token = crate::web::csrf::token(&session).await.map_err(IntoResponse::into_response)?;
        Ok(Self { user, session, csrf_token })
    }
}

fn sign_in_redirect(parts: &Parts) -> Response {
    let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/admin");
    let next = percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC);
    Redirect::to(&format!("/sign-in?next={next}")).into_response()
}

/// Where to go after signing in: only a path on this site, never another website
/// (an "open redirect" would let a phishing link borrow our address).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") && !path.chars().any(|c| c.is_control()) =>
        {
            path
        }
        _ => "/admin",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/admin/users")), "/admin/users");
        assert_eq!(safe_next(Some("https://evil.example")), "/admin");
        assert_eq!(safe_next(Some("//evil.example")), "/admin");
        assert_eq!(safe_next(Some("/\\evil.example")), "/admin");
        assert_eq!(safe_next(Some("/admin\r\nSet-Cookie: x")), "/admin");
        assert_eq!(safe_next(None), "/admin");
    }
}
