//! What the visitor typed into the report-a-problem form, and which fields
//! to mark as wrong.

use civic_api::problem_report::{ProblemReportRequest, check_description, check_email, check_page};
use civic_api::{FieldError, FieldErrors, Locale};
use leptos::prelude::*;

use crate::browser::random_uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportField {
    Page,
    Description,
    Email,
}

impl ReportField {
    pub const ALL: [ReportField; 3] = [ReportField::Page, ReportField::Description, ReportField::Email];

    /// The field's name in `ProblemReportRequest` and in the API's errors.
    pub fn name(self) -> &'static str {
        match self {
            ReportField::Page => "page",
            ReportField::Description => "description",
            ReportField::Email => "email",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ReportField::Page => "report-page",
            ReportField::Description => "report-description",
            ReportField::Email => "report-email",
        }
    }

    pub fn hint_id(self) -> String {
        format!("{}-hint", self.id())
    }

    pub fn error_id(self) -> String {
        format!("{}-error", self.id())
    }
}

/// The form's state. Every part is a signal, so the struct is `Copy` and
/// can be moved into any number of event handlers.
#[derive(Debug, Clone, Copy)]
pub struct ReportForm {
    pub page: RwSignal<String>,
    pub description: RwSignal<String>,
    pub email: RwSignal<String>,
    /// The honeypot: people never see it, so it stays empty.
    pub website: RwSignal<String>,
    touched: [RwSignal<bool>; 3],
    server_errors: RwSignal<FieldErrors>,
    /// Made once per filled-in form and resent with every retry, so that a
    /// report whose answer was lost is not stored twice.
    idempotency_key: RwSignal<String>,
}

impl ReportForm {
    pub fn new() -> ReportForm {
        ReportForm {
            page: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            website: RwSignal::new(String::new()),
            touched: [RwSignal::new(false), RwSignal::new(false), RwSignal::new(false)],
            server_errors: RwSignal::new(FieldErrors::new()),
            idempotency_key: RwSignal::new(random_uuid()),
        }
    }

    pub fn value(self, field: ReportField) -> RwSignal<String> {
        match field {
            ReportField::Page => self.page,
            ReportField::Description => self.description,
            ReportField::Email => self.email,
        }
    }

    /// Fills a field for the visitor, unless they have already been in it.
    pub fn prefill(self, field: ReportField, value: String) {
        if !self.touched[field as usize].get_untracked() {
            self.value(field).set(value);
        }
    }

    /// Records a keystroke; the server's verdict on the old value no longer
    /// applies.
    pub fn edit(self, field: ReportField, value: String) {
        self.value(field).set(value);
        self.server_errors.update(|errors| {
            errors.remove(field.name());
        });
    }

    /// Called when the visitor leaves a field: from then on it is checked
    /// as they type.
    pub fn touch(self, field: ReportField) {
        self.touched[field as usize].set(true);
    }

    /// What is wrong with a field, by the browser's own check once the field
    /// was touched, else by the server's last answer.
    pub fn error(self, field: ReportField) -> Option<FieldError> {
        let local = if self.touched[field as usize].get() {
            let value = self.value(field);
            match field {
                ReportField::Description => value.with(|text| check_description(text)),
                ReportField::Email => value.with(|text| check_email(text)),
                ReportField::Page => value.with(|text| check_page(text)),
            }
        } else {
            None
        };
        local.or_else(|| self.server_errors.with(|errors| errors.get(field.name()).copied()))
    }

    /// Marks every field as touched and answers the first one that is wrong.
    pub fn check_all(self) -> Option<ReportField> {
        ReportField::ALL.into_iter().for_each(|field| self.touch(field));
        ReportField::ALL.into_iter().find(|field| self.error(*field).is_some())
    }

    pub fn set_server_errors(self, errors: FieldErrors) {
        self.server_errors.set(errors);
    }

    pub fn request(self, locale: Locale) -> ProblemReportRequest {
        ProblemReportRequest {
            idempotency_key: self.idempotency_key.get_untracked(),
            locale: Some(locale),
            page: self.page.get_untracked(),
            description: self.description.get_untracked(),
            email: self.email.get_untracked(),
            website: self.website.get_untracked(),
        }
    }

    /// The form as the browser posted it by itself (the page came back
    /// drawn with the answer): what was typed, its key, and the server's
    /// verdict on each field.
    pub fn from_post(request: &ProblemReportRequest, errors: FieldErrors) -> ReportForm {
        let form = ReportForm::new();
        form.page.set(request.page.clone());
        form.description.set(request.description.clone());
        form.email.set(request.email.clone());
        form.website.set(request.website.clone());
        form.idempotency_key.set(request.idempotency_key.clone());
        form.server_errors.set(errors);
        form
    }

    /// Carried by the form, so that a post the browser sends by itself is
    /// not stored twice either.
    pub fn idempotency_key(self) -> String {
        self.idempotency_key.get()
    }

    /// After a report went through, the form is ready for a new one: empty
    /// text, untouched fields and a new key.
    pub fn start_over(self) {
        self.description.set(String::new());
        self.email.set(String::new());
        self.touched.iter().for_each(|touched| touched.set(false));
        self.server_errors.set(FieldErrors::new());
        self.idempotency_key.set(random_uuid());
    }
}
