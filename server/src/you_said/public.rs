//! What the public sees of "You said, we did": each published entry as last published, its
//! earlier updates, and how many in each group wrote about the themes it answers, with small
//! numbers hidden exactly as in the staff "shared" view.

use crate::db::{date_in_words, Db};
use crate::engagements::queries::EngagementRecord;
use crate::results::figures::Disclosure;
use crate::web::capitalised;
use crate::you_said::queries::{self, Status};
use app::pages::you_said::{EarlierUpdate, PublicEntry, ThemeCounts};
use std::collections::HashMap;

fn audience_label(stored: &str) -> &'static str {
    match app::survey::Audience::from_stored(stored) {
        app::survey::Audience::Other => "others",
        group => group.noun(),
    }
}

/// The engagement's published entries, in the order they were written.
pub async fn entries(db: &Db, e: &EngagementRecord) -> anyhow::Result<Vec<PublicEntry>> {
    let mut by_entry: HashMap<i64, Vec<queries::Version>> = HashMap::new();
    for v in queries::versions(db, e.id).await? {
        by_entry.entry(v.entry_id).or_default().push(v);
    }
    if by_entry.is_empty() {
        return Ok(Vec::new());
    }
    let labels: HashMap<i64, String> = queries::theme_choices(db, e.id).await?.into_iter().map(|t| (t.id, t.label)).collect();
    let mut counts: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for (theme, audience, n) in queries::theme_counts(db, e.id).await? {
        counts.entry(theme).or_default().push((audience, n));
    }
    let shared = Disclosure::shared(e.suppression_threshold);
    let status = |key: &str| Status::parse(key).map_or("", Status::label).to_string();
    let mut out = Vec::new();
    for entry in queries::list(db, e.id).await? {
        let Some(mut versions) = by_entry.remove(&entry.id) else { continue };
        let Some(latest) = versions.pop() else { continue };
        let themes = entry
            .themes
            .iter()
            .filter_map(|t| {
                let label = labels.get(t)?.clone();
                let mut groups = counts.get(t).cloned().unwrap_or_default();
                groups.sort_by_key(|(audience, _)| {
                    ["young_people", "parents_carers", "schools"].iter().position(|a| a == audience).unwrap_or(3)
                });
                let groups = groups.into_iter().map(|(a, n)| (capitalised(audience_label(&a)), shared.count(n))).collect();
                Some(ThemeCounts { label, groups })
            })
            .collect();
        let w = latest.words;
        out.push(PublicEntry {
            reason: (w.status == Status::NotDoing.key() && !w.reason.is_empty()).then(|| w.reason.clone()),
            owner: (!w.owner.is_empty()).then(|| w.owner.clone()),
            easy_read: w.easy_read.lines().map(str::to_owned).collect(),
            status: status(&w.status),
            did_label: Status::parse(&w.status).map_or("What we did", Status::did_label).into(),
            updated: date_in_words(latest.published_at),
            themes,
            earlier: versions
                .into_iter()
                .rev()
                .map(|v| EarlierUpdate { date: date_in_words(v.published_at), status: status(&v.words.status), did: v.words.did })
                .collect(),
            said: w.said,
            did: w.did,
        });
    }
    Ok(out)
}
