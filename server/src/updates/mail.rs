//! The emails: what each one says, and sending them by SMTP when `CHORUS_SMTP_URL` is set.
//! Emails are sent in the background by whichever app server claims them, never on a person's
//! request, so a slow mail server slows nobody's page.

use crate::db::Db;
use crate::updates::queries;
use anyhow::Context;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// What an email says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// The address of a stop link.
pub fn stop_url(public_url: &str, token: &str) -> String {
    format!("{}/updates/stop/{token}", public_url.trim_end_matches('/'))
}

/// The email for a notice of `kind` ("welcome", "results" or "you_said") about an engagement.
/// `stop` is the person's own stop link, or words standing for it in the text administrators send.
pub fn letter(kind: &str, title: &str, public_url: &str, slug: &str, stop: &str) -> Letter {
    let page = format!("{}/e/{slug}", public_url.trim_end_matches('/'));
    let (subject, news) = match kind {
        "results" => (
            format!("Results published: {title}"),
            format!(
                "The council has published what people told it in {title}, group by group.\n\n\
                 Read the results: {page}/results\n\
                 Read them in Easy Read: {page}/results/easy-read"
            ),
        ),
        "you_said" => (
            format!("You said, we did: {title}"),
            format!("The council has published what it will do, or has done, about what people told it in {title}.\n\nRead it: {page}"),
        ),
        _ => (
            format!("You will hear about {title}"),
            format!(
                "You asked to hear when the council publishes the results of {title} and what it will do about them. \
                 We will email you then, and about nothing else.\n\nThe engagement's page: {page}"
            ),
        ),
    };
    let body = format!(
        "{news}\n\n\
         You get this email because this address was left on Chorus to hear about {title}. \
         It is kept apart from any answers, so nobody can tell from it what you said.\n\n\
         To stop these emails and delete your address, open this link and choose \"Stop the emails\": {stop}\n"
    );
    Letter { subject, body }
}

/// Sends email through the SMTP server `CHORUS_SMTP_URL` names.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    /// Rung when there is something new to send.
    pub wake: tokio::sync::Notify,
}

impl Mailer {
    /// A mailer for `smtp_url` (`smtp://host:port` for a relay that takes plain SMTP,
    /// `smtp://host:587?tls=required` for STARTTLS, `smtps://user:password@host` for TLS),
    /// sending from `from` (e.g. `Kent County Council <engagement@kent.gov.uk>`).
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> anyhow::Result<Arc<Self>> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .context("CHORUS_SMTP_URL must be an address such as smtp://localhost:25 or smtps://user:password@mail.example.org")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse().context("CHORUS_MAIL_FROM must be an address such as Chorus <chorus@example.org>")?;
        Ok(Arc::new(Self { transport, from, public_url: public_url.to_owned(), wake: tokio::sync::Notify::new() }))
    }

    /// Sends one letter to one address, with headers that let mail programs offer their own
    /// one-click stop button (RFC 8058).
    pub async fn send(&self, to: &str, letter: &Letter, stop: &str) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse().context("an address kept for updates")?)
            .subject(letter.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{stop}>")))
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".into()))
            .body(letter.body.clone())?;
        self.transport.send(message).await?;
        Ok(())
    }

    /// The first email, sent when someone leaves their address, so that someone who did not
    /// ask can stop it at once.
    pub async fn welcome(&self, to: &str, token: &str, slug: &str, title: &str) -> anyhow::Result<()> {
        let stop = stop_url(&self.public_url, token);
        self.send(to, &letter("welcome", title, &self.public_url, slug, &stop), &stop).await
    }

    /// Sends what is waiting, a few at a time; returns how many went.
    pub async fn send_pending(&self, db: &Db) -> anyhow::Result<usize> {
        let mut sent = 0;
        loop {
            let batch = queries::claim(db, 20, crate::db::now()).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for p in batch {
                let stop = stop_url(&self.public_url, &p.stop_token);
                let letter = letter(&p.kind, &p.title, &self.public_url, &p.slug, &stop);
                match self.send(&p.email, &letter, &stop).await {
                    Ok(()) => {
                        queries::mark_sent(db, p.notice_id, p.subscription_id, crate::db::now()).await?;
                        sent += 1;
                    }
                    // Left claimed: it is tried again later, by this server or another.
                    Err(e) => tracing::warn!(error = %e, notice = p.notice_id, "an update email was not sent"),
                }
            }
        }
    }
}

/// Sends waiting emails when woken and every minute, until `stop` turns true.
pub async fn run_in_background(mailer: Arc<Mailer>, db: Db, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        match mailer.send_pending(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(emails = n, "update emails sent"),
            Err(e) => tracing::warn!(error = %e, "update emails could not be sent"),
        }
        tokio::select! {
            _ = mailer.wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_letter_says_why_it_came_and_how_to_stop() {
        for kind in ["welcome", "results", "you_said"] {
            let l = letter(kind, "Phase 2", "https://chorus.example/", "phase-2", "https://chorus.example/updates/stop/abc");
            assert!(l.subject.ends_with("Phase 2"), "{kind}");
            assert!(l.body.contains("https://chorus.example/e/phase-2"), "{kind}: {}", l.body);
            assert!(l.body.contains("https://chorus.example/updates/stop/abc"), "{kind}");
            assert!(l.body.contains("kept apart from any answers"), "{kind}");
        }
        assert!(letter("results", "P", "http://x", "p", "s").body.contains("http://x/e/p/results/easy-read"));
    }

    #[test]
    fn a_wrong_smtp_url_or_sender_is_refused_at_start() {
        assert!(Mailer::new("ftp://example.org", "a@example.org", "http://x").is_err());
        assert!(Mailer::new("smtp://127.0.0.1:2525", "not an address", "http://x").is_err());
        assert!(Mailer::new("smtp://127.0.0.1:2525", "Chorus <chorus@example.org>", "http://x").is_ok());
    }
}
