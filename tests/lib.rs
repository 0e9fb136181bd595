//! Integration tests live in `api/`; browser tests in `browser/`; benchmarks in `bench/`, with
//! what they share here.

#[path = "bench/shared.rs"]
pub mod bench;

#[path = "routes.rs"]
pub mod routes;
