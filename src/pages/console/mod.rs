//! The console bundle's page: the staff console, in small parts.

mod account_actions;
mod audit_log;
pub mod console_page;
mod editor_heading;
mod exports;
mod inbox;
mod inbox_forms;
mod inbox_state;
#[cfg(all(test, target_arch = "wasm32"))]
mod inbox_tests;
mod inbox_thread;
mod inbox_words;
mod invalidation_form;
mod loaded_view;
mod mailing_editor;
mod mailing_figures;
mod mailing_language;
mod mailing_schedule;
mod mailing_sending;
mod mailing_time;
mod markdown_preview;
mod newsletter;
#[cfg(all(test, target_arch = "wasm32"))]
mod newsletter_tests;
mod newsletter_words;
mod page_editor;
mod page_language;
mod page_words;
mod pages;
#[cfg(all(test, target_arch = "wasm32"))]
mod pages_tests;
mod people;
mod petition_editor;
mod petition_fields;
mod petition_language;
mod petition_news;
mod petition_news_form;
#[cfg(all(test, target_arch = "wasm32"))]
mod petition_news_tests;
mod petition_news_words;
mod petition_notes;
mod petition_picture_form;
mod petition_signatures;
mod petition_signatures_history;
mod petition_signatures_tables;
#[cfg(all(test, target_arch = "wasm32"))]
mod petition_signatures_tests;
mod petition_signatures_words;
mod petition_status;
mod petition_words;
mod petitions;
#[cfg(all(test, target_arch = "wasm32"))]
mod petitions_tests;
mod search_form;
mod staff_statistics;
#[cfg(all(test, target_arch = "wasm32"))]
mod staff_statistics_tests;
mod survey_builder;
mod survey_changes;
mod survey_choices;
mod survey_condition;
mod survey_draft;
mod survey_editor;
mod survey_invitation_file;
mod survey_invitations;
mod survey_preview;
mod survey_problems;
mod survey_question;
mod survey_reading;
mod survey_request;
mod survey_results;
mod survey_sections;
mod survey_settings;
mod survey_status;
mod survey_words;
mod surveys;
#[cfg(all(test, target_arch = "wasm32"))]
mod surveys_tests;
mod texts;
