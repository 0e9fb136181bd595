//! The outcomes framework: outcome statements in groups, and the questions that measure them.

pub mod queries;
pub mod routes;

pub use routes::router;
