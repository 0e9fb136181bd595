//! Schools and settings: the list imported from CSV and the access codes that let staff answer for their school.

pub mod csv;
pub mod queries;
pub mod routes;

pub use routes::router;
