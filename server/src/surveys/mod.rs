//! Surveys at run time: the in-memory registry of their definitions and
//! their public results.

pub mod csv;
pub mod invitations;
pub mod mails;
pub mod person_keys;
pub mod registry;
pub mod responses;
pub mod results;
pub mod tidy;

pub use registry::{Live, Registry, SurveyEntry};
