//! One integration-test binary: every test starts the real app on a free port with
//! a fresh database, and runs once on SQLite and once on PostgreSQL.

mod helpers;

mod accounts;
mod audit;
mod bad_input;
mod cli;
mod connections;
mod documents;
mod editor;
mod equality;
mod feedback;
mod framework;
mod group;
mod health;
mod hostile;
mod manage;
mod migrations;
mod pages;
mod public;
mod public_results;
mod reach;
mod report;
mod respond;
mod results;
mod retention;
mod roles;
mod safeguarding;
mod school_contacts;
mod schools;
mod sessions;
mod settings;
mod shutdown;
mod sign_in;
mod sign_off;
mod themes;
mod updates;
mod upgrade;
mod writes;
mod you_said;
