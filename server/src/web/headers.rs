//! Headers about what a browser may do with Chorus's pages: which scripts may run, where a page
//! may be framed, and that the site is only ever reached over HTTPS when its address is https.

use axum::http::{header, HeaderValue};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy of every response: scripts only from this site and the inline
/// script that starts the islands, allowed by its hash (never `unsafe-inline`); WebAssembly may be
/// compiled; styles, pictures and requests only from this site; no plugins, no `<base>`, forms
/// only to this site, and no framing at all.
pub fn content_security_policy() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, policy(&app::render::inline_scripts()))
}

fn policy(inline_scripts: &[String]) -> HeaderValue {
    let hashes: String = inline_scripts
        .iter()
        .map(|s| format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))))
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    // Base64 and the words above are plain ASCII, which a header value always takes.
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

/// Strict-Transport-Security for a year where people reach Chorus over HTTPS, so that a browser
/// never again asks for it over plain HTTP; nothing where they do not.
pub fn strict_transport(https: bool) -> SetResponseHeaderLayer<Option<HeaderValue>> {
    SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, https.then(|| HeaderValue::from_static("max-age=31536000")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_and_nothing_inline_else() {
        let value = policy(&["console.log(1)".to_string()]);
        let policy = value.to_str().unwrap();
        // echo -n 'console.log(1)' | openssl dgst -sha256 -binary | base64
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M=';"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("'wasm-unsafe-eval'"), "{policy}");
    }
}
