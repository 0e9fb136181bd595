//! A published version of a document as a printable PDF: the same words as its page, in the
//! same order, with its Easy Read, why each section changed, what it answers and, on the final
//! version, who approved it and how it was co-produced.

use crate::web::error::AppResult;
use crate::web::pdf::{self, Block};
use crate::AppState;
use app::pages::documents::{PublicDocument, PublicSection};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/e/{slug}/documents/{document}/pdf", get(download))
}

/// The PDF of the latest version, to save or print.
async fn download(State(state): State<AppState>, Path((slug, document)): Path<(String, String)>) -> AppResult<Response> {
    let d = crate::documents::routes::published_document(&state, &slug, &document).await?;
    let name = format!("{}-version-{}.pdf", d.slug, d.number);
    let bytes = pdf::render(&d.title, "en-GB", &blocks(&d));
    let mut response = crate::results::routes::download("application/pdf", &name, axum::body::Body::from(bytes));
    // A published version never changes; the next one is a new file name.
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-cache"));
    Ok(response)
}

fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| Block::Paragraph(p.to_owned()))
}

fn section(blocks: &mut Vec<Block>, p: &PublicSection) {
    let s = &p.section;
    blocks.push(Block::Heading(2, s.heading.clone()));
    if let Some(change) = &p.change {
        blocks.push(Block::Small(change.clone()));
    }
    blocks.extend(paragraphs(&s.text));
    if !s.easy_read.is_empty() {
        blocks.push(Block::Heading(3, "In Easy Read".into()));
        blocks.extend(s.easy_read.iter().map(|l| Block::Paragraph(l.clone())));
    }
    if let Some(why) = p.why.as_ref().filter(|w| !w.why.is_empty() || !w.comments.is_empty()) {
        blocks.push(Block::Heading(3, "Why it changed".into()));
        if !why.why.is_empty() {
            blocks.push(Block::Paragraph(why.why.clone()));
        }
        if !why.comments.is_empty() {
            blocks.push(Block::Paragraph("Because of what people said:".into()));
            blocks.push(Block::Bullets(
                why.comments.iter().map(|(version, c)| format!("\u{201c}{c}\u{201d} (on version {version})")).collect(),
            ));
        }
    }
    if !s.themes.is_empty() {
        blocks.push(Block::Heading(3, "Themes in what people said that it answers".into()));
        blocks.push(Block::Bullets(s.themes.iter().map(|t| format!("{} ({})", t.label, t.engagement)).collect()));
    }
    if !s.outcomes.is_empty() {
        blocks.push(Block::Heading(3, "Outcomes it works towards".into()));
        blocks.push(Block::Bullets(s.outcomes.clone()));
    }
}

/// The document as blocks to set, in the order its page reads.
pub fn blocks(d: &PublicDocument) -> Vec<Block> {
    let mut blocks = vec![Block::Title(d.title.clone()), Block::Small(d.engagement_title.clone())];
    if !d.summary.is_empty() {
        blocks.push(Block::Paragraph(d.summary.clone()));
    }
    blocks.push(Block::Paragraph(if d.final_version {
        format!("The final version (version {}), published on {}.", d.number, d.opened)
    } else {
        format!("Version {}, published on {}. It may still change: the latest version is on the engagement's page.", d.number, d.opened)
    }));
    if !d.note.is_empty() {
        blocks.push(Block::Paragraph(format!("What changed: {}", d.note)));
    }
    if !d.approvals.is_empty() {
        blocks.push(Block::Paragraph("Approved by:".into()));
        blocks.push(Block::Bullets(
            d.approvals
                .iter()
                .map(|(body, date, note)| if note.is_empty() { format!("{body}, {date}") } else { format!("{body}, {date}. {note}") })
                .collect(),
        ));
    }
    if !d.contact.is_empty() {
        blocks.push(Block::Paragraph(format!("To talk to someone about it, contact {}.", d.contact)));
    }
    for p in &d.sections {
        section(&mut blocks, p);
    }
    if !d.removed.is_empty() {
        blocks.push(Block::Heading(2, format!("Taken out since version {}", d.number - 1)));
        blocks.push(Block::Bullets(d.removed.clone()));
    }
    if let Some(c) = &d.coproduced {
        blocks.push(Block::Heading(2, "How this was co-produced".into()));
        blocks.push(Block::Paragraph(c.said.clone()));
        if !c.by_group.is_empty() {
            blocks.push(Block::Bullets(c.by_group.iter().map(|(group, n)| format!("{group}: {n}")).collect()));
        }
        blocks.push(Block::Paragraph(c.comments.clone()));
        if !c.workshops.is_empty() {
            blocks.push(Block::Heading(3, "Workshops".into()));
            blocks.push(Block::Bullets(c.workshops.iter().map(|(date, title, people)| format!("{title}, {date}: {people}")).collect()));
        }
        blocks.push(Block::Heading(3, "What changed in each version".into()));
        blocks.push(Block::Bullets(c.versions.iter().map(|(n, note)| format!("Version {n}: {note}")).collect()));
    }
    blocks
}
