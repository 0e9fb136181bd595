//! What the benchmarks share: a release build of `chorus` started on a free port against a
//! database, stopped when dropped, and small readers of what it serves.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server, stopped (and waited for) when dropped.
pub struct Server {
    child: Child,
    pub pid: u32,
    /// Its address, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts the server at `path` on a free port against `url`, with its data in `dir`, its
    /// log set by `log` and `env` besides, then waits (50 ms at a time, up to `tries` times)
    /// until it answers `/healthz`.
    pub async fn start(path: &str, url: &str, dir: &Path, log: &str, env: &[(&str, &std::ffi::OsStr)], tries: usize) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(path)
            .env("DATABASE_URL", url)
            .env("CHORUS_DATA_DIR", dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", log)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {path}: {e}"));
        let server = Server { pid: child.id(), child, base };
        let probe = reqwest::Client::new();
        for _ in 0..tries {
            if probe.get(format!("{}/healthz", server.base)).send().await.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    /// The server's peak resident memory so far, in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// The value of the form field `name` on a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}
