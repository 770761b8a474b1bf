pub mod content;
pub mod not_found;
pub mod report_fields;
pub mod report_form;
pub mod report_problem;
pub mod site_page;
