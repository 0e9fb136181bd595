//! The Chorus web server as a library, so that tests start exactly what production
//! starts: [`Application::build`] then [`Application::run_until`].

#![recursion_limit = "256"]

pub mod accounts;
pub mod audit;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod engagements;
pub mod group;
pub mod outcomes;
pub mod respond;
pub mod results;
mod router;
pub mod safeguarding;
pub mod schools;
pub mod surveys;
pub mod telemetry;
pub mod themes;
pub mod updates;
pub mod web;
pub mod you_said;

use accounts::session_store::DbSessionStore;
use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Request};
use axum::Router;
use config::Config;
use db::Db;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Sends email, when `CHORUS_SMTP_URL` is set.
    pub mail: Option<Arc<updates::mail::Mailer>>,
}

/// How long a staff session lasts without use.
pub const SESSION_INACTIVITY: time::Duration = time::Duration::hours(8);

/// The configured server, bound to its address and ready to run.
pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    db: Db,
    mail: Option<Arc<updates::mail::Mailer>>,
    /// For background work that reads pages as a request would.
    state: AppState,
    idle_timeout: Duration,
    max_connections: usize,
}

/// How often engagements are checked for answers due to be deleted.
const RETENTION_CHECK: Duration = Duration::from_secs(3600);

/// How long requests in flight have to finish once shutting down starts.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

impl Application {
    /// Connects to the database, runs migrations and binds the address (port 0
    /// picks a free port, as tests do).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url).await?;
        accounts::passwords::warm_up();
        let listener = tokio::net::TcpListener::bind(config.addr).await.with_context(|| format!("binding {}", config.addr))?;
        let mail = match &config.smtp_url {
            Some(url) => Some(updates::mail::Mailer::new(url, &config.mail_from, &config.public_url)?),
            None => None,
        };
        let (idle_timeout, max_connections) = (config.idle_timeout, config.max_connections);
        let state = AppState { db: db.clone(), config: Arc::new(config), mail: mail.clone() };
        let router = app_router(state.clone());
        Ok(Self { listener, router, db, mail, state, idle_timeout, max_connections })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish (for up to
    /// [`SHUTDOWN_GRACE`]), stops background work and closes the pool.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let cleanup = tokio::spawn(DbSessionStore::new(self.db.clone()).delete_expired_until(Duration::from_secs(600), stop_rx.clone()));
        // Free-text answers get their vectors in the background, never on the respondent's request.
        let theming = tokio::spawn(themes::run_in_background(self.db.clone(), stop_rx.clone()));
        // Figures are counted ahead of the first visit to each results page.
        let warming = tokio::spawn(results::queries::warm_in_background(self.db.clone(), stop_rx.clone()));
        // Answers past their engagement's date for deleting them are deleted at start and hourly.
        let retention = tokio::spawn(engagements::retention::run_in_background(self.state.clone(), RETENTION_CHECK, stop_rx.clone()));
        // Emails to people who asked to hear about published results go out in the background.
        let mailing = self.mail.clone().map(|m| tokio::spawn(updates::mail::run_in_background(m, self.db.clone(), stop_rx)));
        tracing::info!(address = %self.local_addr(), backend = ?self.db.backend, "Chorus is listening");
        let limits = web::serve::ConnectionLimits { idle: self.idle_timeout, at_once: self.max_connections, grace: SHUTDOWN_GRACE };
        web::serve::serve(self.listener, self.router, limits, async move {
            shutdown.await;
            tracing::info!("shutting down");
        })
        .await;
        let _ = stop_tx.send(true);
        let _ = cleanup.await;
        let _ = theming.await;
        let _ = warming.await;
        let _ = retention.await;
        if let Some(mailing) = mailing {
            let _ = mailing.await;
        }
        self.db.close().await;
        Ok(())
    }
}

/// The whole app: routes, sessions and the layers every response passes through.
pub fn app_router(state: AppState) -> Router {
    // SHA-512 turns a secret of any length (at least 64 bytes) into the 64 bytes a key takes.
    let key = Key::from(&<sha2::Sha512 as sha2::Digest>::digest(state.config.session_secret.expose()));
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("chorus_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(SESSION_INACTIVITY))
        .with_signed(key);
    let site_root = state.config.site_root.clone();
    router::router(state.config.request_timeout)
        .merge(web::bundle(&site_root))
        .layer(axum::middleware::from_fn_with_state(state.clone(), audit::record_use))
        .layer(sessions)
        .layer(axum::middleware::from_fn(web::prefs::layer))
        .layer(axum::middleware::from_fn(web::no_store))
        .layer(axum::middleware::from_fn(web::refuse_null))
        .layer(DefaultBodyLimit::max(web::forms::MAX_FORM_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(web::headers::content_security_policy())
        .layer(web::headers::strict_transport(state.config.secure_cookies()))
        .layer(web::compression())
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            axum::response::IntoResponse::into_response(web::error::AppError::Internal(anyhow::anyhow!("handler panicked")))
        }))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            // The path only: query strings may one day carry codes that must not be logged,
            // and the secret in a link to set a password never is.
            let path = request.uri().path();
            let path = if path.starts_with("/set-password/") { "/set-password/[secret]" } else { path };
            tracing::info_span!("request", method = %request.method(), path = %path)
        }))
        .with_state(state)
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
