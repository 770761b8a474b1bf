//! The report-a-problem form's fields, built from the form kit, and the
//! words of their errors.

use civic_api::problem_report::{
    DESCRIPTION_MAX, DESCRIPTION_MIN, ProblemReportRequest, check_description, check_email, check_page,
};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::form_kit::{FailureTexts, Field, FormKit};
use crate::i18n::{self, td_string};

#[derive(Debug, Clone, Copy)]
pub struct ReportForm {
    pub kit: FormKit,
    pub page: Field,
    pub description: Field,
    pub email: Field,
}

impl ReportForm {
    pub fn new() -> ReportForm {
        let kit = FormKit::new();
        ReportForm {
            kit,
            page: kit.field("page", "report-page", check_page),
            description: kit.field("description", "report-description", check_description),
            email: kit.field("email", "report-email", check_email),
        }
    }

    pub fn fields(self) -> [Field; 3] {
        [self.page, self.description, self.email]
    }

    /// The request to send; its key stays with every retry of it.
    pub fn request(self, locale: Locale) -> ProblemReportRequest {
        ProblemReportRequest {
            idempotency_key: self.kit.key_for_request(),
            locale: Some(locale),
            page: self.page.text(),
            description: self.description.text(),
            email: self.email.text(),
            website: self.kit.honeypot.get_untracked(),
        }
    }

    /// What the browser posted by itself, typed in again.
    pub fn fill(self, request: &ProblemReportRequest) {
        self.page.set(request.page.clone());
        self.description.set(request.description.clone());
        self.email.set(request.email.clone());
    }

    /// After a report went through: the page it was about stays, the rest
    /// is a new form.
    pub fn start_over(self) {
        let page = self.page.text();
        self.kit.start_over(&self.fields());
        self.page.set(page);
    }
}

pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, report.invalid),
        network: td_string!(ui, report.error_network),
        rate_limited: td_string!(ui, report.error_rate_limited),
        server: td_string!(ui, report.error_server),
    }
}

pub fn page_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, report.errors.page_required),
        FieldError::TooLong => td_string!(ui, report.errors.page_too_long),
        _ => td_string!(ui, report.errors.page_invalid),
    }
    .to_owned()
}

pub fn description_error(ui: i18n::Locale, error: FieldError) -> String {
    let (min, max) = (DESCRIPTION_MIN, DESCRIPTION_MAX);
    match error {
        FieldError::Required => td_string!(ui, report.errors.description_required).to_owned(),
        FieldError::TooShort => td_string!(ui, report.errors.description_too_short, min = min).to_string(),
        FieldError::TooLong => td_string!(ui, report.errors.description_too_long, max = max).to_string(),
        _ => td_string!(ui, report.errors.other).to_owned(),
    }
}

pub fn email_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::TooLong => td_string!(ui, report.errors.email_too_long),
        _ => td_string!(ui, report.errors.email_invalid),
    }
    .to_owned()
}
