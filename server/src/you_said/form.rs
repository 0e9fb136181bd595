//! The entry form: posted fields read into [`EntryFormValues`], then checked into an
//! [`EntryInput`] with a GOV.UK-style message for each problem.

use crate::you_said::queries::{EntryInput, Status};
use app::components::FieldError;
use app::pages::you_said::EntryFormValues;

/// The fields as posted (ticked themes come as one `themes` field each), and the form token.
pub fn values_from(pairs: Vec<(String, String)>) -> (EntryFormValues, String) {
    let mut v = EntryFormValues::default();
    let mut token = String::new();
    for (name, value) in pairs {
        match name.as_str() {
            "csrf_token" => token = value,
            "said" => v.said = value,
            "did" => v.did = value,
            "status" => v.status = value,
            "reason" => v.reason = value,
            "owner" => v.owner = value,
            "easy_read" => v.easy_read = value,
            "themes" => v.themes.push(value),
            _ => {}
        }
    }
    (v, token)
}

/// Checks every field against `themes`, the ids the entry may answer.
pub fn parse(v: &EntryFormValues, themes: &[i64]) -> Result<EntryInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut required = |field: &str, value: &str, missing: &str, most: usize, what: &str| {
        let value = value.trim().to_owned();
        if value.is_empty() && !missing.is_empty() {
            errors.push(FieldError::new(field, missing));
        } else if value.chars().count() > most {
            errors.push(FieldError::new(field, format!("{what} must be {most} characters or fewer")));
        }
        value
    };
    let said = required("said", &v.said, "Say what people said", 1_000, "What people said");
    let did = required("did", &v.did, "Say what the council will do, is doing or did", 2_000, "What the council did");
    let status = Status::parse(&v.status);
    let reason = required("reason", &v.reason, "", 1_000, "The reason");
    let owner = required("owner", &v.owner, "", 200, "Who is answerable");
    match status {
        None => errors.push(FieldError::new("status", "Choose where it stands")),
        Some(Status::NotDoing) if reason.is_empty() => {
            errors.push(FieldError::new("reason", "Say why the council is not doing it: people asked for it"))
        }
        Some(_) => {}
    }
    let easy_read = crate::engagements::form::easy_read_lines(&v.easy_read).unwrap_or_else(|e| {
        errors.push(FieldError::new("easy-read", e));
        String::new()
    });
    let mut chosen = Vec::new();
    for t in &v.themes {
        match t.parse::<i64>() {
            Ok(id) if themes.contains(&id) => chosen.push(id),
            _ => {
                errors.push(FieldError::new(
                    "themes",
                    "A theme ticked is no longer there: the themes may have been found again. Tick them again",
                ));
                break;
            }
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    match status {
        Some(status) if errors.is_empty() => Ok(EntryInput { said, did, status, reason, owner, easy_read, themes: chosen }),
        _ => Err(errors),
    }
}

/// The form filled in from an entry's words now.
pub fn values_of(entry: &crate::you_said::queries::Entry) -> EntryFormValues {
    let w = &entry.words;
    EntryFormValues {
        said: w.said.clone(),
        did: w.did.clone(),
        status: w.status.clone(),
        reason: w.reason.clone(),
        owner: w.owner.clone(),
        easy_read: w.easy_read.clone(),
        themes: entry.themes.iter().map(i64::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> EntryFormValues {
        EntryFormValues {
            said: "Families wait too long to hear back after a referral.".into(),
            did: "Every referral will be answered within ten school days.".into(),
            status: "planned".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_entry_is_accepted() {
        let input = parse(&EntryFormValues { themes: vec!["7".into()], ..values() }, &[7, 8]).unwrap();
        assert_eq!(input.status, Status::Planned);
        assert_eq!(input.themes, [7]);
    }

    #[test]
    fn what_was_said_and_done_and_where_it_stands_are_required() {
        let errors = parse(&EntryFormValues::default(), &[]).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["said", "did", "status"]);
    }

    #[test]
    fn not_doing_something_people_asked_for_needs_a_reason() {
        let v = EntryFormValues { status: "not_doing".into(), ..values() };
        assert_eq!(parse(&v, &[]).unwrap_err()[0].field, "reason");
        let v = EntryFormValues { reason: "The law does not allow it.".into(), ..v };
        assert_eq!(parse(&v, &[]).unwrap().reason, "The law does not allow it.");
    }

    #[test]
    fn a_theme_from_elsewhere_is_refused() {
        let v = EntryFormValues { themes: vec!["99".into()], ..values() };
        assert_eq!(parse(&v, &[7]).unwrap_err()[0].field, "themes");
    }

    #[test]
    fn posted_fields_are_read_with_every_ticked_theme() {
        let pairs = [("csrf_token", "t"), ("said", "s"), ("themes", "3"), ("themes", "5")].map(|(k, v)| (k.to_string(), v.to_string()));
        let (v, token) = values_from(pairs.to_vec());
        assert_eq!((v.said.as_str(), v.themes, token.as_str()), ("s", vec!["3".to_string(), "5".to_string()], "t"));
    }
}
