//! Settings from environment variables, each with a documented default, so that a
//! bare `chorus` starts on a SQLite file with no other service.

use anyhow::{bail, Context};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default `sqlite://<data dir>/chorus.db`) or `postgres://…`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: where to listen (default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: folder holding `pkg/` with the browser bundle (default `target/site`).
    pub site_root: PathBuf,
    /// `CHORUS_DATA_DIR`: where the SQLite file and generated secret live (default `data`).
    pub data_dir: PathBuf,
    /// `CHORUS_SESSION_SECRET` (at least 64 characters), or one generated on first run
    /// and kept in `<data dir>/session.key`. App servers that share a database must
    /// share this secret.
    pub session_secret: SessionSecret,
    /// `CHORUS_PUBLIC_URL`: the address people use (default `http://127.0.0.1:3000`).
    /// Cookies are marked `Secure` when it starts with `https://`.
    pub public_url: String,
    /// `CHORUS_TRUSTED_PROXIES`: how many reverse proxies stand in front of the app (default 0).
    /// Each must add the address it saw to `X-Forwarded-For`; the client's address, used to
    /// count sign-in attempts, is then read from there.
    pub trusted_proxies: usize,
    /// `CHORUS_SMTP_URL`: the mail server for emails to people who asked to hear when results
    /// are published, e.g. `smtp://localhost:25` or `smtps://user:password@mail.example.org`.
    /// Unset, nothing is emailed and administrators download the addresses instead.
    pub smtp_url: Option<String>,
    /// `CHORUS_MAIL_FROM`: who those emails come from (default `Chorus <chorus@localhost>`).
    pub mail_from: String,
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

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not touch the
    /// process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(get("CHORUS_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}", data_dir.join("chorus.db").display()));
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres:") || database_url.starts_with("postgresql:")) {
            bail!("DATABASE_URL must start with sqlite:// or postgres://");
        }
        let addr = get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("LEPTOS_SITE_ADDR must be an address such as 127.0.0.1:3000")?;
        let site_root = PathBuf::from(get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()));
        let public_url = get("CHORUS_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        let session_secret = match get("CHORUS_SESSION_SECRET") {
            Some(secret) => SessionSecret::parse(secret.into_bytes()).context("CHORUS_SESSION_SECRET")?,
            None => load_or_create_secret(&data_dir.join("session.key"))?,
        };
        let trusted_proxies = match get("CHORUS_TRUSTED_PROXIES") {
            Some(n) => {
                n.trim().parse::<usize>().ok().filter(|n| *n <= 10).context("CHORUS_TRUSTED_PROXIES must be a whole number from 0 to 10")?
            }
            None => 0,
        };
        let smtp_url = get("CHORUS_SMTP_URL");
        let mail_from = get("CHORUS_MAIL_FROM").unwrap_or_else(|| "Chorus <chorus@localhost>".into());
        Ok(Self { database_url, addr, site_root, data_dir, session_secret, public_url, trusted_proxies, smtp_url, mail_from })
    }

    /// Whether cookies must only travel over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
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
    fn debug_output_never_shows_the_secret() {
        let secret = SessionSecret::parse(vec![b'x'; 64]).unwrap();
        assert_eq!(format!("{secret:?}"), "SessionSecret([redacted])");
    }
}
