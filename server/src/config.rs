//! Settings from environment variables (or command-line options), each with a documented
//! default, so that a bare `chorus` starts on a SQLite file with no other service.

use anyhow::{bail, Context};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Everything the server needs to start: the [`Settings`] with their defaults filled in (each
/// setting is described there, once).
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    pub site_root: PathBuf,
    pub data_dir: PathBuf,
    pub session_secret: SessionSecret,
    pub public_url: String,
    pub trusted_proxies: usize,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub idle_timeout: std::time::Duration,
    pub request_timeout: std::time::Duration,
    pub max_connections: usize,
    /// Responses that may be started in an hour: (from one client, from everyone).
    pub responses_per_hour: (usize, usize),
}

/// The key that signs session cookies. Never printed.
#[derive(Clone)]
pub struct SessionSecret(Vec<u8>);

impl SessionSecret {
    /// Accepts a secret of at least 64 bytes.
    pub fn parse(bytes: Vec<u8>) -> anyhow::Result<Self> {
        if bytes.len() < 64 {
            bail!("the session secret must be at least 64 characters long");
        }
        Ok(Self(bytes))
    }

    /// A new random secret.
    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = vec![0u8; 64];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SessionSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionSecret([redacted])")
    }
}

/// The server's settings as given: each from its command-line option or, more usually, its
/// environment variable, and each may be left out. These descriptions are the ones
/// `chorus --help` prints.
#[derive(clap::Parser, Clone, Debug, Default)]
pub struct Settings {
    /// `sqlite://…` or `postgres://user@host/db`; migrations run at start-up [default: sqlite://<data dir>/chorus.db]
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Address to listen on [default: 127.0.0.1:3000]
    #[arg(long, env = "LEPTOS_SITE_ADDR", global = true, hide_env_values = true)]
    pub site_addr: Option<String>,
    /// Folder whose `pkg/` holds the browser bundle [default: target/site]
    #[arg(long, env = "LEPTOS_SITE_ROOT", global = true, hide_env_values = true)]
    pub site_root: Option<PathBuf>,
    /// Folder for the SQLite file and the generated session key [default: data]
    #[arg(long, env = "CHORUS_DATA_DIR", global = true, hide_env_values = true)]
    pub data_dir: Option<PathBuf>,
    /// Signs session cookies; at least 64 characters; app servers sharing a database must share
    /// it [default: generated into <data dir>/session.key]
    #[arg(long, env = "CHORUS_SESSION_SECRET", global = true, hide_env_values = true)]
    pub session_secret: Option<String>,
    /// The address people use; `https://…` marks cookies `Secure` [default: http://<site addr>]
    #[arg(long, env = "CHORUS_PUBLIC_URL", global = true, hide_env_values = true)]
    pub public_url: Option<String>,
    /// How many reverse proxies stand in front of the app, each adding the address it saw to
    /// `X-Forwarded-For`, from which sign-in attempts are then counted per client [default: 0]
    #[arg(long, env = "CHORUS_TRUSTED_PROXIES", global = true, hide_env_values = true)]
    pub trusted_proxies: Option<String>,
    /// The mail server for emails to people who asked to hear when results are published:
    /// `smtp://localhost:25`, `smtp://user:password@host:587?tls=required` or
    /// `smtps://user:password@host`; unset, nothing is emailed
    #[arg(long, env = "CHORUS_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Who those emails come from [default: Chorus <chorus@localhost>]
    #[arg(long, env = "CHORUS_MAIL_FROM", global = true, hide_env_values = true)]
    pub mail_from: Option<String>,
    /// Seconds a connection may take to send a request's headers, or wait idle between requests,
    /// before it is closed [default: 15]
    #[arg(long, env = "CHORUS_IDLE_TIMEOUT", global = true, hide_env_values = true)]
    pub idle_timeout: Option<String>,
    /// Seconds a request may take, from its headers to the start of the answer (sending the form
    /// included), before it is answered 503 [default: 60]
    #[arg(long, env = "CHORUS_REQUEST_TIMEOUT", global = true, hide_env_values = true)]
    pub request_timeout: Option<String>,
    /// Connections served at once; more wait to be accepted; keep it below the open-files limit
    /// [default: 1000]
    #[arg(long, env = "CHORUS_MAX_CONNECTIONS", global = true, hide_env_values = true)]
    pub max_connections: Option<String>,
    /// Responses that may be started in an hour from one client (address), then from everyone,
    /// as `per-client,overall`; pages saved may be ten times as many. Raise it for a launch
    /// expected to be larger, or for load tests from one machine [default: 2000,20000]
    #[arg(long, env = "CHORUS_RESPONSES_PER_HOUR", global = true, hide_env_values = true)]
    pub responses_per_hour: Option<String>,
}

impl Settings {
    /// The settings from `lookup` (a variable's name to its value) rather than the process
    /// environment, by the same names: for tests, which must not touch the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        use clap::{CommandFactory, FromArgMatches};
        let mut argv = vec!["chorus".to_string()];
        let command = Settings::command().mut_args(|arg| {
            if let (Some(name), Some(long)) = (arg.get_env().and_then(|e| e.to_str()), arg.get_long()) {
                if let Some(value) = lookup(name) {
                    argv.push(format!("--{long}={value}"));
                }
            }
            arg.env(None::<&str>)
        });
        Ok(Settings::from_arg_matches(&command.try_get_matches_from(argv)?)?)
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_settings(<Settings as clap::Parser>::try_parse_from(["chorus"])?)
    }

    /// Reads the configuration through `lookup`, so tests need not touch the process
    /// environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        Self::from_settings(Settings::from_lookup(lookup)?)
    }

    /// The configuration the settings give, with the defaults filled in and each checked.
    pub fn from_settings(s: Settings) -> anyhow::Result<Self> {
        let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        let data_dir = s.data_dir.filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| PathBuf::from("data"));
        let database_url = given(s.database_url).unwrap_or_else(|| format!("sqlite://{}", data_dir.join("chorus.db").display()));
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres:") || database_url.starts_with("postgresql:")) {
            bail!("DATABASE_URL must start with sqlite:// or postgres://");
        }
        let addr = given(s.site_addr)
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("LEPTOS_SITE_ADDR must be an address such as 127.0.0.1:3000")?;
        let site_root = s.site_root.filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| PathBuf::from("target/site"));
        let public_url = given(s.public_url).unwrap_or_else(|| format!("http://{addr}"));
        let session_secret = match given(s.session_secret) {
            Some(secret) => SessionSecret::parse(secret.into_bytes()).context("CHORUS_SESSION_SECRET")?,
            None => load_or_create_secret(&data_dir.join("session.key"))?,
        };
        let trusted_proxies = whole(given(s.trusted_proxies), 0, 0..=10, "CHORUS_TRUSTED_PROXIES")? as usize;
        let smtp_url = given(s.smtp_url);
        let mail_from = given(s.mail_from).unwrap_or_else(|| "Chorus <chorus@localhost>".into());
        let idle_timeout = std::time::Duration::from_secs(whole(given(s.idle_timeout), 15, 1..=3600, "CHORUS_IDLE_TIMEOUT")?);
        let request_timeout = std::time::Duration::from_secs(whole(given(s.request_timeout), 60, 1..=3600, "CHORUS_REQUEST_TIMEOUT")?);
        let max_connections = whole(given(s.max_connections), 1000, 1..=1_000_000, "CHORUS_MAX_CONNECTIONS")? as usize;
        let responses_per_hour = match given(s.responses_per_hour) {
            None => crate::web::limits::RESPONSES_PER_HOUR,
            Some(v) => v
                .split_once(',')
                .and_then(|(a, b)| Some((a.trim().parse::<usize>().ok()?, b.trim().parse::<usize>().ok()?)))
                .filter(|&(a, b)| a >= 1 && b >= a)
                .context("CHORUS_RESPONSES_PER_HOUR must be two whole numbers, per client then overall, such as 2000,20000")?,
        };
        Ok(Self {
            database_url,
            addr,
            site_root,
            data_dir,
            session_secret,
            public_url,
            trusted_proxies,
            smtp_url,
            mail_from,
            idle_timeout,
            request_timeout,
            max_connections,
            responses_per_hour,
        })
    }

    /// Whether cookies must only travel over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// A whole number setting: `default` when not given, else within `range`.
fn whole(given: Option<String>, default: u64, range: std::ops::RangeInclusive<u64>, name: &str) -> anyhow::Result<u64> {
    match given {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .with_context(|| format!("{name} must be a whole number from {} to {}", range.start(), range.end())),
    }
}

/// Reads the secret kept from an earlier run, or makes one and keeps it (readable by
/// the owner only), so sessions survive a restart.
fn load_or_create_secret(path: &Path) -> anyhow::Result<SessionSecret> {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    if let Ok(text) = std::fs::read_to_string(path) {
        let bytes = engine.decode(text.trim()).with_context(|| format!("{} is not valid base64", path.display()))?;
        return SessionSecret::parse(bytes).with_context(|| format!("reading {}", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let secret = SessionSecret::generate();
    write_private(path, engine.encode(secret.expose()).as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    Ok(secret)
}

fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_from(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("chorus-config-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn defaults_give_a_sqlite_file_in_the_data_folder_on_port_3000() {
        let dir = temp_dir();
        let config = config_from(&[("CHORUS_DATA_DIR", dir.to_str().unwrap())]).unwrap();
        assert_eq!(config.database_url, format!("sqlite://{}", dir.join("chorus.db").display()));
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert!(!config.secure_cookies());
    }

    #[test]
    fn a_generated_session_secret_is_kept_for_the_next_start() {
        let dir = temp_dir();
        let first = config_from(&[("CHORUS_DATA_DIR", dir.to_str().unwrap())]).unwrap();
        let second = config_from(&[("CHORUS_DATA_DIR", dir.to_str().unwrap())]).unwrap();
        assert_eq!(first.session_secret.expose(), second.session_secret.expose());
        assert_eq!(first.session_secret.expose().len(), 64);
    }

    #[test]
    fn a_short_session_secret_is_rejected() {
        let dir = temp_dir();
        let result = config_from(&[("CHORUS_DATA_DIR", dir.to_str().unwrap()), ("CHORUS_SESSION_SECRET", "short")]);
        assert!(result.is_err());
    }

    #[test]
    fn an_unknown_database_scheme_is_rejected() {
        let dir = temp_dir();
        let result = config_from(&[("CHORUS_DATA_DIR", dir.to_str().unwrap()), ("DATABASE_URL", "mysql://x")]);
        assert!(result.is_err());
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let dir = temp_dir();
        let config =
            config_from(&[("CHORUS_DATA_DIR", dir.to_str().unwrap()), ("CHORUS_PUBLIC_URL", "https://chorus.example.org")]).unwrap();
        assert!(config.secure_cookies());
    }

    #[test]
    fn trusted_proxies_default_to_none_and_must_be_a_small_number() {
        let dir = temp_dir();
        let d = dir.to_str().unwrap();
        assert_eq!(config_from(&[("CHORUS_DATA_DIR", d)]).unwrap().trusted_proxies, 0);
        assert_eq!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_TRUSTED_PROXIES", "1")]).unwrap().trusted_proxies, 1);
        assert!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_TRUSTED_PROXIES", "yes")]).is_err());
        assert!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_TRUSTED_PROXIES", "-1")]).is_err());
    }

    #[test]
    fn connection_limits_have_defaults_and_must_be_whole_numbers_in_range() {
        let dir = temp_dir();
        let d = dir.to_str().unwrap();
        let config = config_from(&[("CHORUS_DATA_DIR", d)]).unwrap();
        assert_eq!(config.idle_timeout.as_secs(), 15);
        assert_eq!(config.request_timeout.as_secs(), 60);
        assert_eq!(config.max_connections, 1000);
        let config = config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_IDLE_TIMEOUT", "2"), ("CHORUS_MAX_CONNECTIONS", "3")]).unwrap();
        assert_eq!((config.idle_timeout.as_secs(), config.max_connections), (2, 3));
        assert!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_IDLE_TIMEOUT", "0")]).is_err());
        assert!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_REQUEST_TIMEOUT", "soon")]).is_err());
        assert!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_MAX_CONNECTIONS", "-5")]).is_err());
    }

    #[test]
    fn responses_per_hour_are_two_numbers_per_client_then_overall() {
        let dir = temp_dir();
        let d = dir.to_str().unwrap();
        assert_eq!(config_from(&[("CHORUS_DATA_DIR", d)]).unwrap().responses_per_hour, (2_000, 20_000));
        let given = config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_RESPONSES_PER_HOUR", "50, 900")]).unwrap();
        assert_eq!(given.responses_per_hour, (50, 900));
        for wrong in ["50", "0,10", "900,50", "many,more"] {
            assert!(config_from(&[("CHORUS_DATA_DIR", d), ("CHORUS_RESPONSES_PER_HOUR", wrong)]).is_err(), "{wrong}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let secret = SessionSecret::parse(vec![b'x'; 64]).unwrap();
        assert_eq!(format!("{secret:?}"), "SessionSecret([redacted])");
    }
}
