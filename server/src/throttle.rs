//! Slows down guessing at staff passwords. After [`FAILURES`] wrong passwords for one email
//! address within [`WINDOW`], that address cannot sign in until the oldest of them is a window
//! old; a right password clears its record. Addresses that have no account are counted the same
//! way, so the answer never tells whether an account exists.
//!
//! Records are kept in memory (a restart forgets them) and pruned as they expire; past
//! [`MAX_TRACKED`] addresses the oldest records are dropped first.

use std::collections::{HashMap, VecDeque};
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
    /// `Err` with how long to wait when `email` has had too many wrong passwords lately.
    pub fn check(&self, email: &str, now: Instant) -> Result<(), Duration> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(&key(email)) {
            Some(times) if recent(times, now) >= FAILURES => {
                let oldest = times[times.len() - FAILURES];
                Err(WINDOW.saturating_sub(now.saturating_duration_since(oldest)))
            }
            _ => Ok(()),
        }
    }

    /// Records a wrong password for `email`.
    pub fn failed(&self, email: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_TRACKED {
            map.retain(|_, times| recent(times, now) > 0);
            while map.len() >= MAX_TRACKED {
                let Some(oldest) = map.iter().min_by_key(|(_, t)| t.back().copied()).map(|(k, _)| k.clone()) else { break };
                map.remove(&oldest);
            }
        }
        let times = map.entry(key(email)).or_default();
        while times.front().is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW) || times.len() >= FAILURES {
            times.pop_front();
        }
        times.push_back(now);
    }

    /// Forgets `email`'s wrong passwords (after a right one).
    pub fn succeeded(&self, email: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&key(email));
    }

    pub fn tracked(&self) -> usize {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

fn key(email: &str) -> String {
    email.trim().to_lowercase()
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
    fn five_wrong_passwords_lock_an_address_until_the_first_is_a_window_old() {
        let t = SignInThrottle::default();
        let start = Instant::now();
        for i in 0..FAILURES as u64 {
            assert!(t.check("Ann@Kent.gov.uk", start + Duration::from_secs(i)).is_ok());
            t.failed("ann@kent.gov.uk ", start + Duration::from_secs(i));
        }
        let wait = t.check("ANN@kent.gov.uk", start + Duration::from_secs(60)).unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        assert_eq!(minutes(wait), "14 minutes");
        assert!(t.check("bob@kent.gov.uk", start).is_ok(), "other addresses are not affected");
        assert!(t.check("ann@kent.gov.uk", start + WINDOW).is_ok(), "the first failure has expired");
        assert!(t.check("ann@kent.gov.uk", start + WINDOW - Duration::from_secs(1)).is_err());
    }

    #[test]
    fn a_right_password_clears_the_record_and_old_records_are_pruned() {
        let t = SignInThrottle::default();
        let now = Instant::now();
        for _ in 0..FAILURES {
            t.failed("ann@kent.gov.uk", now);
        }
        assert!(t.check("ann@kent.gov.uk", now).is_err());
        t.succeeded("ann@kent.gov.uk");
        assert!(t.check("ann@kent.gov.uk", now).is_ok());
        for _ in 0..3 * FAILURES {
            t.failed("bob@kent.gov.uk", now);
        }
        assert_eq!(t.failures.lock().unwrap()["bob@kent.gov.uk"].len(), FAILURES, "no more than a lockout's worth is kept");
        assert_eq!(minutes(Duration::from_secs(1)), "1 minute");
    }
}
