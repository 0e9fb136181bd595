//! One module per area of the site. Each page is a component that takes the data it
//! shows, already loaded and checked by the server.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod documents;
pub mod engagement;
pub mod engagement_form;
pub mod equality;
pub mod errors;
pub mod feedback;
pub mod framework;
pub mod group;
pub mod home;
pub mod info;
pub mod monitoring;
pub mod outcomes;
pub mod public_results;
pub mod reach;
pub mod report;
pub mod respond;
pub mod results;
pub mod retention;
pub mod safeguarding;
pub mod schools;
pub mod settings;
pub mod sign_in;
pub mod sign_off;
pub mod survey_editor;
pub mod themes;
pub mod updates;
pub mod you_said;
