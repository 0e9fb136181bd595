//! Slows down guessing at staff passwords. Every attempt to sign in with an email address from
//! one client (its IP address) is counted the moment it starts, so a burst of attempts at once
//! counts in full; after [`FAILURES`] within [`WINDOW`], that address cannot sign in from that
//! client until the oldest is a window old. A right password clears the record. Addresses that
//! have no account are counted the same way, so the answer never tells whether an account
//! exists; and counting per client means a stranger cannot lock a member of staff out.
//!
//! Records are kept in memory (a restart forgets them) and pruned as they expire; past
//! [`MAX_TRACKED`] the oldest records are dropped first.
//!
//! Behind a reverse proxy every connection comes from the proxy, so [`client_address`] reads
//! the client from `X-Forwarded-For`, trusting only as many entries as there are proxies.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords allowed for one address within [`WINDOW`].
pub const FAILURES: usize = 5;
/// How far back wrong passwords count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most addresses tracked at once.
const MAX_TRACKED: usize = 50_000;

#[derive(Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl SignInThrottle {
    /// Counts an attempt to sign in with `email` from `client`; `Err` with how long to wait,
    /// and nothing counted, when there have been too many lately.
    pub fn attempt(&self, email: &str, client: &str, now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let k = key(email, client);
        if let Some(times) = map.get(&k) {
            if recent(times, now) >= FAILURES {
                let oldest = times[times.len() - FAILURES];
                return Err(WINDOW.saturating_sub(now.saturating_duration_since(oldest)));
            }
        }
        if map.len() >= MAX_TRACKED {
            map.retain(|_, times| recent(times, now) > 0);
            while map.len() >= MAX_TRACKED {
                let Some(oldest) = map.iter().min_by_key(|(_, t)| t.back().copied()).map(|(k, _)| k.clone()) else { break };
                map.remove(&oldest);
            }
        }
        let times = map.entry(k).or_default();
        while times.front().is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW) || times.len() >= FAILURES {
            times.pop_front();
        }
        times.push_back(now);
        Ok(())
    }

    /// Forgets `email`'s attempts from `client` (after a right password).
    pub fn succeeded(&self, email: &str, client: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&key(email, client));
    }

    /// Forgets `email`'s attempts from every client (after a new password is set).
    pub fn forget(&self, email: &str) {
        let prefix = key(email, "");
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).retain(|k, _| !k.starts_with(&prefix));
    }
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

fn key(email: &str, client: &str) -> String {
    format!("{}\n{client}", email.trim().to_lowercase())
}

fn recent(times: &VecDeque<Instant>, now: Instant) -> usize {
    times.iter().filter(|&&t| now.saturating_duration_since(t) < WINDOW).count()
}

/// "14 minutes", "1 minute": a wait rounded up to whole minutes.
pub fn minutes(wait: Duration) -> String {
    let m = wait.as_secs().div_ceil(60).max(1);
    if m == 1 { "1 minute".into() } else { format!("{m} minutes") }
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

    #[test]
    fn five_attempts_lock_an_address_from_one_client_until_the_first_is_a_window_old() {
        let t = SignInThrottle::default();
        let start = Instant::now();
        for i in 0..FAILURES as u64 {
            assert!(t.attempt("Ann@Kent.gov.uk ", "10.0.0.1", start + Duration::from_secs(i)).is_ok());
        }
        let wait = t.attempt("ANN@kent.gov.uk", "10.0.0.1", start + Duration::from_secs(60)).unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        assert_eq!(minutes(wait), "14 minutes");
        assert!(t.attempt("bob@kent.gov.uk", "10.0.0.1", start).is_ok(), "other addresses are not affected");
        assert!(t.attempt("ann@kent.gov.uk", "10.0.0.2", start).is_ok(), "nor is Ann herself, elsewhere");
        assert!(t.attempt("ann@kent.gov.uk", "10.0.0.1", start + WINDOW - Duration::from_secs(1)).is_err());
        assert!(t.attempt("ann@kent.gov.uk", "10.0.0.1", start + WINDOW).is_ok(), "the first attempt has expired");
    }

    #[test]
    fn a_right_password_clears_the_record_and_a_new_one_clears_every_client() {
        let t = SignInThrottle::default();
        let now = Instant::now();
        for _ in 0..FAILURES {
            t.attempt("ann@kent.gov.uk", "a", now).unwrap();
            t.attempt("ann@kent.gov.uk", "b", now).unwrap();
        }
        assert!(t.attempt("ann@kent.gov.uk", "a", now).is_err());
        t.succeeded("ann@kent.gov.uk", "a");
        assert!(t.attempt("ann@kent.gov.uk", "a", now).is_ok());
        assert!(t.attempt("ann@kent.gov.uk", "b", now).is_err());
        t.forget("ann@kent.gov.uk");
        assert!(t.attempt("ann@kent.gov.uk", "b", now).is_ok());
        for _ in 0..3 * FAILURES {
            let _ = t.attempt("bob@kent.gov.uk", "a", now);
        }
        assert_eq!(t.failures.lock().unwrap()[&key("bob@kent.gov.uk", "a")].len(), FAILURES, "no more than a lockout's worth is kept");
        assert_eq!(minutes(Duration::from_secs(1)), "1 minute");
    }
}
