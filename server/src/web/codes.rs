//! Secrets and short codes handed to respondents.

use base64::Engine;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be mistaken for one another when read aloud or
/// copied by hand (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// A short code such as `HXT4-9KMA-QF`: 10 characters, about 46 bits, shown to a
/// person to carry on later or to withdraw their answers.
pub fn short_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..10])
}

/// The short code that belongs to `secret` for `purpose`: the same secret always gives the same
/// code, and the code tells nothing of the secret. A respondent's receipt code is the one of
/// their device's secret, so the device can be shown it again (a send whose answer was lost
/// is retried) while only the code's hash is stored.
pub fn code_of(secret: &str, purpose: &str) -> String {
    let digest = Sha256::new().chain_update(purpose).chain_update([0]).chain_update(secret).finalize();
    let mut n = u128::from_be_bytes(digest[..16].try_into().expect("a digest has 32 bytes"));
    let base = ALPHABET.len() as u128;
    let chars: String = (0..10)
        .map(|_| {
            let c = ALPHABET[(n % base) as usize] as char;
            n /= base;
            c
        })
        .collect();
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..10])
}

/// Reads a code as a person may type it: any case, spaces or dashes anywhere.
pub fn normalise_code(typed: &str) -> Option<String> {
    let chars: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != 10 || !chars.bytes().all(|b| ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..10]))
}

/// A long random secret for a cookie.
pub fn secret_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret: a leaked table hands nobody a session.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_read_back_however_they_are_typed() {
        let code = short_code();
        assert_eq!(code.len(), 12);
        assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
        assert_eq!(normalise_code(&code.to_lowercase().replace('-', " ")).as_deref(), Some(code.as_str()));
    }

    #[test]
    fn a_secret_gives_one_code_for_each_purpose() {
        let secret = secret_token();
        let code = code_of(&secret, "receipt");
        assert_eq!(code, code_of(&secret, "receipt"));
        assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
        assert_ne!(code, code_of(&secret, "resume"));
        assert_ne!(code, code_of(&secret_token(), "receipt"));
    }

    #[test]
    fn codes_with_confusable_or_missing_characters_are_refused() {
        assert_eq!(normalise_code("HXT4-9KMA-Q0"), None);
        assert_eq!(normalise_code("HXT4-9KMA"), None);
        assert_eq!(normalise_code(""), None);
    }

    #[test]
    fn secrets_are_long_and_hash_the_same_way_every_time() {
        let secret = secret_token();
        assert_eq!(secret.len(), 43);
        assert_eq!(hash_secret(&secret), hash_secret(&secret));
        assert_ne!(hash_secret(&secret), hash_secret(&secret_token()));
    }
}
