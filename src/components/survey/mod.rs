//! The survey form engine (survey bundle only): one file per question type
//! or small group, plus the sections, drafts and sending around them.

mod alert;
mod choices;
mod clear;
pub mod draft;
mod email;
pub mod form;
mod intro;
mod matrix;
mod progress;
mod question;
mod scale;
mod section;
mod state;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
mod text;
mod thanks;
