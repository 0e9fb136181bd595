//! Chorus pages and components.
//!
//! Every page is rendered on the server as plain HTML and works without JavaScript.
//! The few interactive parts are Leptos *islands*: only they are compiled into the
//! browser bundle and hydrated, which keeps the download small for people on a phone
//! with one bar of signal.

pub mod components;
pub mod fields;
pub mod islands;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod render;
pub mod survey;

/// Entry point of the browser bundle: hydrates the islands on the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
