//! The Civic server: the JSON API under `/api/` and the built SPA, from one
//! process. `main.rs` and the integration tests both start it through
//! [`startup::Application`].

pub mod accounts;
pub mod analytics;
pub mod config;
pub mod connections;
pub mod contact;
pub mod content;
pub mod cookies;
pub mod csrf;
pub mod csv_field;
pub mod db;
pub mod error;
pub mod etag;
pub mod images;
pub mod mail;
pub mod newsletter;
pub mod payments;
pub mod petitions;
pub mod problem_reports;
pub mod prometheus;
pub mod rate_limit;
pub mod refused;
pub mod routes;
pub mod secret;
pub mod security_headers;
pub mod site;
pub mod staff;
pub mod startup;
pub mod state;
pub mod storage;
pub mod surveys;
pub mod telemetry;
pub mod tidying;
pub mod tokens;
