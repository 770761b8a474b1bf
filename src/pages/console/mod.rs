//! The console bundle's page: the staff console, in small parts.

mod account_actions;
mod audit_log;
pub mod console_page;
mod exports;
mod people;
mod search_form;
mod texts;
