//! Integration tests live in `api/`; browser tests in `browser/`.
