//! An analyst's changes to a theme set: rename, describe, merge, delete, create and split
//! themes, move answers, mark them off-topic or reviewed; each recorded in the set's trail.

use crate::db::Db;
use crate::themes::queries::{self, NewTheme};
use crate::themes::vectors::{pack, unpack};
use chorus_themes::cluster;

/// What an analyst can do to a theme set.
#[derive(Clone, Debug)]
pub enum Change {
    Edit {
        theme: i64,
        label: String,
        description: String,
        notes: String,
        reviewed: bool,
    },
    Merge {
        theme: i64,
        into: i64,
    },
    Delete {
        theme: i64,
    },
    Create {
        label: String,
        description: String,
    },
    Split {
        theme: i64,
    },
    /// Moves answers (response id, question id) to a theme, or to "Other" when `to` is none.
    Move {
        answers: Vec<(i64, String)>,
        to: Option<i64>,
    },
    /// Marks answers off-topic or not, reviewed or not; `None` leaves that mark as it is.
    Mark {
        answers: Vec<(i64, String)>,
        off_topic: Option<bool>,
        reviewed: Option<bool>,
    },
}

/// Applies an analyst's change and records it. Returns false when what it names is not in the set.
pub async fn apply(db: &Db, set: i64, user: i64, change: Change) -> anyhow::Result<bool> {
    // A split needs the theme's vectors, read and clustered before the write.
    let split = match &change {
        Change::Split { theme } => Some(split_plan(db, set, *theme).await?),
        _ => None,
    };
    db.write(move |conn| {
        Box::pin(async move {
            let now = crate::db::now();
            match change {
                Change::Edit { theme, label, description, notes, reviewed } => {
                    let Some(old) = queries::theme_label(conn, set, theme).await? else { return Ok(false) };
                    let before = queries::theme_marks(conn, theme).await?;
                    queries::update_theme(conn, theme, &label, &description, &notes, reviewed).await?;
                    let mut what = Vec::new();
                    if old != label {
                        what.push(format!("renamed \u{201c}{old}\u{201d} to \u{201c}{label}\u{201d}"));
                    }
                    if before.0 != description {
                        what.push(format!("described \u{201c}{label}\u{201d} as \u{201c}{description}\u{201d}"));
                    }
                    if before.1 != notes {
                        what.push(format!("noted on \u{201c}{label}\u{201d}: \u{201c}{notes}\u{201d}"));
                    }
                    if (before.2 == 1) != reviewed {
                        what.push(format!("marked \u{201c}{label}\u{201d} {}", if reviewed { "reviewed" } else { "not reviewed" }));
                    }
                    if !what.is_empty() {
                        let mut detail = what.join("; ");
                        detail[..1].make_ascii_uppercase();
                        queries::audit(conn, set, Some(user), "edited theme", &format!("{detail}.")).await?;
                    }
                }
                Change::Merge { theme, into } => {
                    if theme == into {
                        return Ok(false);
                    }
                    let (Some(a), Some(b)) = (queries::theme_label(conn, set, theme).await?, queries::theme_label(conn, set, into).await?)
                    else {
                        return Ok(false);
                    };
                    queries::fold_theme(conn, set, theme, Some(into)).await?;
                    queries::audit(
                        conn,
                        set,
                        Some(user),
                        "merged themes",
                        &format!("Merged \u{201c}{a}\u{201d} into \u{201c}{b}\u{201d}."),
                    )
                    .await?;
                }
                Change::Delete { theme } => {
                    let Some(a) = queries::theme_label(conn, set, theme).await? else { return Ok(false) };
                    queries::fold_theme(conn, set, theme, None).await?;
                    queries::audit(
                        conn,
                        set,
                        Some(user),
                        "deleted theme",
                        &format!("Deleted \u{201c}{a}\u{201d}; its answers are now in Other."),
                    )
                    .await?;
                }
                Change::Create { label, description } => {
                    queries::insert_theme(
                        conn,
                        set,
                        NewTheme { label: &label, description: &description, kind: "analyst", centroid: None },
                        now,
                    )
                    .await?;
                    queries::audit(conn, set, Some(user), "created theme", &format!("Created \u{201c}{label}\u{201d}.")).await?;
                }
                Change::Split { theme } => {
                    let Some(a) = queries::theme_label(conn, set, theme).await? else { return Ok(false) };
                    let Some(Some(plan)) = split else { return Ok(false) };
                    let new = NewTheme {
                        label: &plan.label,
                        description: &plan.description,
                        kind: "found",
                        centroid: Some(pack(&plan.centroid)),
                    };
                    let id = queries::insert_theme(conn, set, new, now).await?;
                    queries::set_centroid(conn, theme, pack(&plan.kept_centroid)).await?;
                    queries::move_answers(conn, set, &plan.moved, Some(id), false).await?;
                    let detail = format!(
                        "Split \u{201c}{a}\u{201d}: {} answers moved to a new theme \u{201c}{}\u{201d}.",
                        plan.moved.len(),
                        plan.label
                    );
                    queries::audit(conn, set, Some(user), "split theme", &detail).await?;
                }
                Change::Move { answers, to } => {
                    let target = match to {
                        Some(t) => match queries::theme_label(conn, set, t).await? {
                            Some(l) => l,
                            None => return Ok(false),
                        },
                        None => "Other".into(),
                    };
                    let moved = queries::move_answers(conn, set, &answers, to, true).await?;
                    if moved.is_empty() {
                        return Ok(false);
                    }
                    queries::audit(
                        conn,
                        set,
                        Some(user),
                        "moved answers",
                        &format!("Moved {} to \u{201c}{target}\u{201d}: {}.", answers_in_words(moved.len()), moved.join(", ")),
                    )
                    .await?;
                }
                Change::Mark { answers, off_topic, reviewed } => {
                    let marked = queries::mark_answers(conn, set, &answers, off_topic, reviewed).await?;
                    if marked.is_empty() {
                        return Ok(false);
                    }
                    let how: Vec<&str> = [
                        off_topic.map(|o| if o { "off-topic" } else { "on topic" }),
                        reviewed.map(|r| if r { "reviewed" } else { "not reviewed" }),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    let detail = format!("Marked {} {}: {}.", answers_in_words(marked.len()), how.join(" and "), marked.join(", "));
                    queries::audit(conn, set, Some(user), "marked answers", &detail).await?;
                }
            }
            queries::touch_set(conn, set, now).await?;
            Ok(true)
        })
    })
    .await
}

fn answers_in_words(n: usize) -> String {
    if n == 1 {
        "1 answer".into()
    } else {
        format!("{n} answers")
    }
}

struct SplitPlan {
    label: String,
    description: String,
    centroid: Vec<f32>,
    kept_centroid: Vec<f32>,
    moved: Vec<(i64, String)>,
}

/// Splits a theme's answers in two; the smaller half becomes the new theme. None when the theme
/// has too few answers to split.
async fn split_plan(db: &Db, set: i64, theme: i64) -> anyhow::Result<Option<SplitPlan>> {
    let rows = queries::theme_vectors(db, set, theme).await?;
    if rows.len() < 4 {
        return Ok(None);
    }
    let points: Vec<Vec<f32>> = rows.iter().map(|r| unpack(&r.3)).collect();
    let c = cluster::kmeans(&points, 2, 4, 17);
    if c.centroids.len() < 2 {
        return Ok(None);
    }
    let count = |k: usize| c.labels.iter().filter(|&&l| l == k).count();
    let small = if count(0) <= count(1) { 0 } else { 1 };
    let groups: Vec<Vec<&str>> =
        (0..2).map(|k| rows.iter().zip(&c.labels).filter(|(_, &l)| l == k).map(|(r, _)| r.2.as_str()).collect()).collect();
    let names = chorus_themes::label::names(&groups);
    // Named apart from the answers it leaves behind.
    let label = chorus_themes::label::distinct_labels(vec![names[1 - small].label.clone(), names[small].label.clone()]).remove(1);
    Ok(Some(SplitPlan {
        label,
        description: names[small].description.clone(),
        centroid: c.centroids[small].clone(),
        kept_centroid: c.centroids[1 - small].clone(),
        moved: rows.iter().zip(&c.labels).filter(|(_, &l)| l == small).map(|(r, _)| (r.0, r.1.clone())).collect(),
    }))
}
