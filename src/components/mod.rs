pub mod footer;
pub mod header;
pub mod language_switcher;
pub mod site_context;
