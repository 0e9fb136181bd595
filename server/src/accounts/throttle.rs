//! Slows down guessing at staff passwords. Every attempt to sign in with an email address from
//! one client (its IP address) is counted the moment it starts, so a burst of attempts at once
//! counts in full; after [`FAILURES`] within [`WINDOW`], that address cannot sign in from that
//! client until the oldest is a window old. A right password clears the record. Addresses that
//! have no account are counted the same way, so the answer never tells whether an account
//! exists. Two wider limits catch what that one misses: [`CLIENT_FAILURES`] attempts from one
//! client with any addresses, and [`ACCOUNT_FAILURES`] with one address from any clients (set
//! high, so that a stranger cannot easily keep a member of staff out).
//! Written here because rate-limit crates (governor, tower_governor) count in one process's
//! memory, and app servers sharing a database must count together.
//!
//! Attempts are kept in the database, so every app server sharing it counts them together and a
//! restart forgets none; each is deleted once it is a window old.
//!
//! Behind a reverse proxy every connection comes from the proxy, so [`client_address`] reads
//! the client from `X-Forwarded-For`, trusting only as many entries as there are proxies.

use crate::accounts::queries;
use crate::db::Db;
use std::net::IpAddr;
use std::time::Duration;

pub const FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Attempts from one client with any addresses in a window: a script trying one password on
/// every address is held up, an office of staff signing in (whose right passwords clear their
/// attempts) is not.
pub const CLIENT_FAILURES: usize = 30;
/// Attempts with one address from any clients in a window: guessing spread over many machines
/// is held to this. Set well above [`FAILURES`], so that keeping a member of staff out takes a
/// stranger steady work from many places.
pub const ACCOUNT_FAILURES: usize = 50;

fn window_ms() -> i64 {
    WINDOW.as_millis() as i64
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Counts an attempt to sign in with `email` from `client` at `now_ms` (milliseconds since 1970).
/// `Ok(Err(wait))` when there have already been [`FAILURES`] within the window: the attempt is not
/// counted, and may be made again after `wait`.
///
/// The attempt is written first and the count read after, so that attempts made at the same
/// moment, on this server or another, all see each other: no more than [`FAILURES`] get through.
/// On a device where this address signed in before (`known_device`), only the first limit
/// applies: a stranger's flood, from many places or one, never keeps its owner out there.
/// Returns the attempt's id, to forget it if no password was checked after all.
pub async fn attempt(db: &Db, email: &str, client: &str, now_ms: i64, known_device: bool) -> anyhow::Result<Result<i64, Duration>> {
    let email = email_key(email);
    let since = now_ms - window_ms();
    forget_expired(db, now_ms).await?;
    let id = queries::record_attempt(db, &email, client, now_ms).await?;
    let earlier = queries::attempts_since(db, &email, client, since).await?;
    let earlier: Vec<i64> = earlier.into_iter().filter(|(other, _)| *other != id).map(|(_, at)| at).collect();
    let from_client = queries::attempt_times(db, true, client, since, id, CLIENT_FAILURES).await?;
    let for_account = queries::attempt_times(db, false, &email, since, id, ACCOUNT_FAILURES).await?;
    let Some(wait_ms) = [(earlier, FAILURES), (from_client, CLIENT_FAILURES), (for_account, ACCOUNT_FAILURES)]
        .into_iter()
        .take(if known_device { 1 } else { 3 })
        .filter(|(times, most)| times.len() >= *most)
        // Free again once the oldest of the last `most` is a window old.
        .map(|(times, most)| (times[most - 1] + window_ms() - now_ms).clamp(0, window_ms()))
        .max()
    else {
        return Ok(Ok(id));
    };
    queries::delete_attempt(db, id).await?;
    Ok(Err(Duration::from_millis(wait_ms as u64)))
}

/// Deletes attempts a window old: on every attempt, and every few minutes, so that no client's
/// address is kept longer than it is needed. Returns how many went.
pub async fn forget_expired(db: &Db, now_ms: i64) -> anyhow::Result<u64> {
    Ok(queries::delete_attempts_until(db, now_ms - window_ms()).await?)
}

/// An attempt that checked no password (the server was too busy) is forgotten.
pub async fn not_made(db: &Db, id: i64) -> anyhow::Result<()> {
    Ok(queries::delete_attempt(db, id).await?)
}

/// The cookie that marks a device where an address signed in before, and how long it lasts.
pub const DEVICE_COOKIE: &str = "chorus_device";
pub const DEVICE_DAYS: i64 = 180;

/// The value of [`DEVICE_COOKIE`] for `email`: a keyed hash, so it cannot be made up, and it
/// says nothing about the address to whoever reads the cookie.
pub fn device_token(server_secret: &[u8], email: &str) -> String {
    crate::web::csrf::keyed_token(server_secret, b"known-device:", &email_key(email))
}

/// Whether the request comes from a device where `email` signed in before.
pub fn known_device(server_secret: &[u8], headers: &axum::http::HeaderMap, email: &str) -> bool {
    let sent = crate::web::cookies::read(headers, DEVICE_COOKIE).unwrap_or_default();
    crate::web::csrf::keyed_token_ok(server_secret, b"known-device:", &email_key(email), sent)
}

/// A right password: the attempts with this address from this client are forgotten.
pub async fn succeeded(db: &Db, email: &str, client: &str) -> anyhow::Result<()> {
    Ok(queries::delete_attempts(db, &email_key(email), Some(client)).await?)
}

/// A new password: the attempts with this address from every client are forgotten.
pub async fn forget(db: &Db, email: &str) -> anyhow::Result<()> {
    Ok(queries::delete_attempts(db, &email_key(email), None).await?)
}

/// The client's address as far as it can be trusted: the connection's own address, or, behind
/// `trusted_proxies` proxies that each add the address they saw to the end of `X-Forwarded-For`
/// (`forwarded_for`: the header's values in order), the address the outermost of them saw.
/// Entries before that are whatever the client chose to send, so they are never read; a
/// missing or malformed entry stops the walk at the last address a trusted proxy gave.
pub fn client_address(peer: Option<IpAddr>, forwarded_for: &[&str], trusted_proxies: usize) -> String {
    let Some(mut client) = peer else { return String::new() };
    let mut hops = forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).collect::<Vec<_>>().into_iter().rev();
    for _ in 0..trusted_proxies {
        match hops.next().and_then(hop_address) {
            Some(ip) => client = ip,
            None => {
                tracing::warn!("X-Forwarded-For has fewer usable addresses than CHORUS_TRUSTED_PROXIES");
                break;
            }
        }
    }
    match client.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        // One IPv6 network hands its devices a /64, and many addresses in it: count it as one.
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// An address as a proxy writes it: "203.0.113.9", "203.0.113.9:51234", "2001:db8::1" or
/// "[2001:db8::1]:443".
fn hop_address(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip())
}

/// "14 minutes", "1 minute": a wait rounded up to whole minutes.
pub fn minutes(wait: Duration) -> String {
    let m = wait.as_secs().div_ceil(60).max(1);
    if m == 1 {
        "1 minute".into()
    } else {
        format!("{m} minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_read_from_forwarded_for_only_as_far_as_proxies_are_trusted() {
        let peer: Option<IpAddr> = "10.0.0.2".parse().ok();
        // No proxy trusted: the header is the client's own say-so and is ignored.
        assert_eq!(client_address(peer, &["203.0.113.9"], 0), "10.0.0.2");
        // One proxy: the address it added, never an earlier one the client wrote itself.
        assert_eq!(client_address(peer, &["1.1.1.1, 203.0.113.9"], 1), "203.0.113.9");
        assert_eq!(client_address(peer, &["1.1.1.1", "203.0.113.9"], 1), "203.0.113.9");
        // Two proxies, the outer one's view.
        assert_eq!(client_address(peer, &["1.1.1.1, 203.0.113.9, 10.0.0.1"], 2), "203.0.113.9");
        // A header missing or cut short stops at the last address a trusted proxy gave.
        assert_eq!(client_address(peer, &[], 1), "10.0.0.2");
        assert_eq!(client_address(peer, &["10.0.0.1"], 2), "10.0.0.1");
        assert_eq!(client_address(peer, &["junk, 10.0.0.1"], 2), "10.0.0.1");
        // Proxies that add the port, and IPv6 networks, which count as one client.
        assert_eq!(client_address(peer, &["203.0.113.9:51234"], 1), "203.0.113.9");
        assert_eq!(client_address(peer, &["[2001:db8:1:2:aaaa::1]:443"], 1), "2001:db8:1:2::/64");
        assert_eq!(client_address(peer, &["2001:db8:1:2:bbbb::7"], 1), "2001:db8:1:2::/64");
        // IPv4 seen through IPv6 is the same client.
        assert_eq!(client_address("::ffff:203.0.113.9".parse().ok(), &[], 0), "203.0.113.9");
        assert_eq!(client_address(None, &["203.0.113.9"], 1), "");
    }

    async fn database() -> (Db, std::path::PathBuf) {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("chorus-throttle-{}-{n}-{}", std::process::id(), crate::db::now_ms()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("chorus.db").display())).await.unwrap();
        (db, dir)
    }

    const SECOND: i64 = 1000;

    #[tokio::test]
    async fn five_attempts_lock_an_address_from_one_client_until_the_first_is_a_window_old() {
        let (db, dir) = database().await;
        let start = crate::db::now_ms();
        for i in 0..FAILURES as i64 {
            assert!(attempt(&db, "Ann@Kent.gov.uk ", "10.0.0.1", start + i * SECOND, false).await.unwrap().is_ok());
        }
        let wait = attempt(&db, "ANN@kent.gov.uk", "10.0.0.1", start + 60 * SECOND, false).await.unwrap().unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        assert_eq!(minutes(wait), "14 minutes");
        assert!(attempt(&db, "bob@kent.gov.uk", "10.0.0.1", start, false).await.unwrap().is_ok(), "other addresses are not affected");
        assert!(attempt(&db, "ann@kent.gov.uk", "10.0.0.2", start, false).await.unwrap().is_ok(), "nor is Ann herself, elsewhere");
        let almost = start + window_ms() - SECOND;
        assert!(attempt(&db, "ann@kent.gov.uk", "10.0.0.1", almost, false).await.unwrap().is_err());
        assert!(
            attempt(&db, "ann@kent.gov.uk", "10.0.0.1", start + window_ms(), false).await.unwrap().is_ok(),
            "the first attempt has expired"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn one_client_trying_many_addresses_and_many_clients_trying_one_are_held_up_too() {
        let (db, dir) = database().await;
        let now = crate::db::now_ms();
        for n in 0..CLIENT_FAILURES {
            assert!(attempt(&db, &format!("staff{n}@kent.gov.uk"), "10.0.0.9", now, false).await.unwrap().is_ok());
        }
        let wait = attempt(&db, "someone.else@kent.gov.uk", "10.0.0.9", now + SECOND, false).await.unwrap().unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(1), "one client, every address");
        assert!(attempt(&db, "someone.else@kent.gov.uk", "10.0.0.10", now, false).await.unwrap().is_ok(), "other clients go on");
        for n in 1..ACCOUNT_FAILURES {
            assert!(attempt(&db, "ann@kent.gov.uk", &format!("192.0.2.{n}"), now, false).await.unwrap().is_ok());
        }
        assert!(attempt(&db, "ann@kent.gov.uk", "198.51.100.1", now, false).await.unwrap().is_ok(), "the last one allowed");
        assert!(attempt(&db, "ann@kent.gov.uk", "198.51.100.2", now, false).await.unwrap().is_err(), "one address, every client");
        assert!(attempt(&db, "ann@kent.gov.uk", "198.51.100.3", now + window_ms(), false).await.unwrap().is_ok(), "until a window passes");
        // Where Ann signed in before, neither wider limit keeps her out.
        assert!(attempt(&db, "ann@kent.gov.uk", "198.51.100.4", now + SECOND, true).await.unwrap().is_ok(), "her own device");
        assert!(attempt(&db, "someone.else@kent.gov.uk", "10.0.0.9", now + SECOND, true).await.unwrap().is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_right_password_clears_the_record_and_a_new_one_clears_every_client() {
        let (db, dir) = database().await;
        let now = crate::db::now_ms();
        for _ in 0..FAILURES {
            attempt(&db, "ann@kent.gov.uk", "a", now, false).await.unwrap().unwrap();
            attempt(&db, "ann@kent.gov.uk", "b", now, false).await.unwrap().unwrap();
        }
        assert!(attempt(&db, "ann@kent.gov.uk", "a", now, false).await.unwrap().is_err());
        succeeded(&db, "ann@kent.gov.uk", "a").await.unwrap();
        assert!(attempt(&db, "ann@kent.gov.uk", "a", now, false).await.unwrap().is_ok());
        assert!(attempt(&db, "ann@kent.gov.uk", "b", now, false).await.unwrap().is_err());
        forget(&db, "ANN@kent.gov.uk").await.unwrap();
        assert!(attempt(&db, "ann@kent.gov.uk", "b", now, false).await.unwrap().is_ok());
        for _ in 0..3 * FAILURES {
            let _ = attempt(&db, "bob@kent.gov.uk", "a", now, false).await.unwrap();
        }
        let kept: i64 =
            sqlx::query_scalar("select count(*) from sign_in_attempts where email = 'bob@kent.gov.uk'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(kept as usize, FAILURES, "refused attempts are not kept");
        // Attempts a window old are deleted by the next attempt from anyone.
        attempt(&db, "carol@kent.gov.uk", "c", now + window_ms(), false).await.unwrap().unwrap();
        let left: i64 = sqlx::query_scalar("select count(*) from sign_in_attempts").fetch_one(&db.pool).await.unwrap();
        assert_eq!(left, 1);
        assert_eq!(minutes(Duration::from_secs(1)), "1 minute");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn attempts_made_at_once_get_no_more_than_five_through_in_all() {
        let (db, dir) = database().await;
        let now = crate::db::now_ms();
        let tries = (0..4 * FAILURES).map(|_| attempt(&db, "ann@kent.gov.uk", "a", now, false));
        let at_once = futures_util::future::join_all(tries).await.into_iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
        assert!(at_once <= FAILURES, "{at_once} got through");
        let mut later = 0;
        for _ in 0..2 * FAILURES {
            later += usize::from(attempt(&db, "ann@kent.gov.uk", "a", now, false).await.unwrap().is_ok());
        }
        assert_eq!(at_once + later, FAILURES);
        let _ = std::fs::remove_dir_all(dir);
    }
}
