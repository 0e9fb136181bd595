//! Values parsed at the edge: once built, they are known to be valid, so no raw
//! string from a form reaches the database.

use std::fmt;

/// A staff email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

/// Why a string is not an email address, in words a person can act on.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address")]
    Empty,
    #[error("Enter an email address in the correct format, like name@example.com")]
    Format,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::Format);
        };
        let well_formed = !local.is_empty()
            && email.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(email))
        } else {
            Err(EmailError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password chosen for an account. `Debug` never shows it.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    /// Long enough to resist guessing, short enough that hashing stays cheap.
    pub fn parse(raw: String) -> Result<Self, &'static str> {
        let length = raw.chars().count();
        if length < 12 {
            Err("The password must be at least 12 characters long")
        } else if raw.len() > 1024 {
            Err("The password must be 1,024 bytes or fewer")
        } else {
            Ok(Self(raw))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}

/// What a member of staff may do. School contacts see only their own school.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Commissioner,
    Analyst,
    SafeguardingLead,
    SchoolContact,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] = [Role::Admin, Role::Commissioner, Role::Analyst, Role::SafeguardingLead, Role::SchoolContact, Role::Viewer];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Commissioner => "commissioner",
            Role::Analyst => "analyst",
            Role::SafeguardingLead => "safeguarding_lead",
            Role::SchoolContact => "school_contact",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == stored)
    }

    /// The role's name in words.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Commissioner => "Commissioner",
            Role::Analyst => "Analyst",
            Role::SafeguardingLead => "Safeguarding lead",
            Role::SchoolContact => "School contact",
            Role::Viewer => "Viewer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(Email::parse("  Ann.Smith@Kent.GOV.uk ").unwrap().as_str(), "ann.smith@kent.gov.uk");
    }

    #[test]
    fn whitespace_only_emails_are_empty() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in ["ann", "ann@", "@kent.gov.uk", "ann@kent", "ann@@kent.gov.uk", "a nn@kent.gov.uk", "ann@.uk", "ann@kent."] {
            assert_eq!(Email::parse(bad), Err(EmailError::Format), "{bad}");
        }
        assert_eq!(Email::parse(&format!("{}@kent.gov.uk", "a".repeat(250))), Err(EmailError::Format));
    }

    #[test]
    fn short_passwords_are_rejected() {
        assert!(NewPassword::parse("elevenchars".into()).is_err());
        assert!(NewPassword::parse("twelve chars".into()).is_ok());
        assert!(NewPassword::parse("x".repeat(1025)).is_err());
    }

    #[test]
    fn password_debug_is_redacted() {
        let password = NewPassword::parse("correct horse battery".into()).unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword([redacted])");
    }

    #[test]
    fn every_role_round_trips_through_its_stored_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}

/// A checked engagement, ready to store.
#[derive(Debug, PartialEq, Eq)]
pub struct EngagementInput {
    pub title: String,
    pub summary: String,
    /// One short idea on each line, blank lines dropped.
    pub easy_read_summary: String,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub privacy_notice: String,
    pub contact: String,
    pub suppression_threshold: i64,
}
