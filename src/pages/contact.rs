//! The contact form: writing to the organisation. Built from the form kit;
//! the message is kept for staff, copied to the organisation and
//! acknowledged by e-mail.

use civic_api::contact::{
    CONTACT_FORM_ID, ContactReceipt, ContactRequest, MESSAGE_MAX, MESSAGE_MIN, SUBJECT_MAX, check_message,
    check_subject,
};
use civic_api::form_post::{FormOutcome, FormPost};
use civic_api::petition::check_name;
use civic_api::{Email, FieldError, Locale, PersonName, SiteRoute, Slug, Target};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::first_page;
use crate::form_kit::{
    FailureTexts, Field, FormAlert, FormKit, FormStatus, Honeypot, IdempotencyKeyInput, SubmitButton, TextField,
};
use crate::i18n::{self, td_string};
use crate::request::Request;
use crate::ui_locale;

#[derive(Debug, Clone, Copy)]
struct ContactForm {
    kit: FormKit,
    name: Field,
    email: Field,
    subject: Field,
    message: Field,
}

impl ContactForm {
    fn new() -> ContactForm {
        let kit = FormKit::new();
        ContactForm {
            kit,
            name: kit.field("name", "contact-name", check_name),
            email: kit.field("email", "contact-email", Email::check),
            subject: kit.field("subject", "contact-subject", check_subject),
            message: kit.field("message", "contact-message", check_message),
        }
    }

    fn fields(self) -> [Field; 4] {
        [self.name, self.email, self.subject, self.message]
    }

    fn fill(self, request: &ContactRequest) {
        self.name.set(request.name.clone());
        self.email.set(request.email.clone());
        self.subject.set(request.subject.clone());
        self.message.set(request.message.clone());
    }

    fn request(self, locale: Locale) -> ContactRequest {
        ContactRequest {
            idempotency_key: self.kit.key_for_request(),
            locale: Some(locale),
            name: self.name.text(),
            email: self.email.text(),
            subject: self.subject.text(),
            message: self.message.text(),
            website: self.kit.honeypot.get_untracked(),
        }
    }
}

#[component]
pub fn ContactPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, contact.title), Some(td_string!(ui, contact.description)));

    let form = ContactForm::new();
    // The reference of the last message that went through.
    let received = RwSignal::new(None::<String>);
    // A form the browser posted by itself comes back drawn with its answer.
    let mut kept_typed = false;
    if let Some(FormPost { request, outcome, .. }) = first_page::take_form_post::<ContactRequest>(CONTACT_FORM_ID) {
        form.fill(&request);
        if form.kit.restore(&request.idempotency_key, &request.website, &outcome) {
            form.kit.start_over(&form.fields());
            if let FormOutcome::Received { reference } = outcome {
                received.set(Some(reference));
            }
        } else {
            kept_typed = true;
        }
    }
    // Signed in, the member's name and address are filled in, unless a
    // refused post brought back what they typed.
    if let Some(viewer) = first_page::viewer().filter(|_| !kept_typed) {
        form.name.prefill(viewer.name);
        form.email.prefill(viewer.email);
    }
    let send = Request::<Result<ContactReceipt, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if let Some(receipt) = form.kit.answer(result) {
            form.kit.start_over(&form.fields());
            received.set(Some(receipt.reference));
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !form.kit.check(&form.fields()) {
            return;
        }
        received.set(None);
        let request = form.request(locale);
        let base = base.get_value();
        send.send(async move { api::send_contact_message(&base, &request).await });
    });
    let report = SiteRoute {
        locale,
        target: Target::ReportProblem,
    }
    .path();
    let privacy = SiteRoute {
        locale,
        target: Target::Content(Slug::parse("privacy").expect("the privacy slug is well formed")),
    }
    .path();
    let (min, max) = (MESSAGE_MIN, MESSAGE_MAX);
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, contact.title)}
        </h1>
        <p>{td_string!(ui, contact.intro)}</p>
        <p>{td_string!(ui, contact.report_prompt)} " " <a href=report>{td_string!(ui, nav.report_problem)}</a></p>
        // Without the app the browser posts the form to this page, and the
        // server answers with it drawn again.
        <form
            class="contact-form"
            method="post"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <IdempotencyKeyInput kit=form.kit />
            <TextField
                field=form.name
                autocomplete="name"
                label=td_string!(ui, contact.name_label).to_owned()
                hint=td_string!(ui, contact.name_hint).to_owned()
                error_text=Callback::new(move |error| name_error(ui, error))
            />
            <TextField
                field=form.email
                input_type="email"
                autocomplete="email"
                label=td_string!(ui, contact.email_label).to_owned()
                hint=td_string!(ui, contact.email_hint).to_owned()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
            <TextField
                field=form.subject
                label=td_string!(ui, contact.subject_label).to_owned()
                hint=td_string!(ui, contact.subject_hint).to_owned()
                error_text=Callback::new(move |error| subject_error(ui, error))
            />
            <TextField
                field=form.message
                rows=Some(8)
                label=td_string!(ui, contact.message_label).to_owned()
                hint=td_string!(ui, contact.message_hint, min = min, max = max).to_string()
                error_text=Callback::new(move |error| message_error(ui, error))
            />
            <Honeypot kit=form.kit locale id="contact-website".to_owned() />
            <p class="privacy-note">
                {td_string!(ui, contact.privacy_text)} " " <a href=privacy>{td_string!(ui, contact.privacy_link)}</a>
            </p>
            <SubmitButton
                kit=form.kit
                pending
                label=td_string!(ui, contact.submit)
                sending=td_string!(ui, contact.sending)
            />
        </form>
        <FormStatus message=Signal::derive(move || {
            received.get().map(|reference| td_string!(ui, contact.success, reference = &reference).to_string())
        }) />
        <FormAlert kit=form.kit locale texts=failure_texts(ui) retry=submit />
    }
}

fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, contact.invalid),
        network: td_string!(ui, contact.error_network),
        rate_limited: td_string!(ui, contact.error_rate_limited),
        server: td_string!(ui, contact.error_server),
    }
}

fn name_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, contact.errors.name_required).to_owned(),
        FieldError::TooLong => td_string!(ui, contact.errors.name_too_long, max = PersonName::MAX_LEN).to_string(),
        _ => td_string!(ui, contact.errors.name_invalid).to_owned(),
    }
}

fn email_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, contact.errors.email_required),
        FieldError::TooLong => td_string!(ui, contact.errors.email_too_long),
        _ => td_string!(ui, contact.errors.email_invalid),
    }
    .to_owned()
}

fn subject_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, contact.errors.subject_required).to_owned(),
        FieldError::TooLong => td_string!(ui, contact.errors.subject_too_long, max = SUBJECT_MAX).to_string(),
        _ => td_string!(ui, contact.errors.subject_invalid).to_owned(),
    }
}

fn message_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, contact.errors.message_required).to_owned(),
        FieldError::TooShort => td_string!(ui, contact.errors.message_too_short, min = MESSAGE_MIN).to_string(),
        FieldError::TooLong => td_string!(ui, contact.errors.message_too_long, max = MESSAGE_MAX).to_string(),
        _ => td_string!(ui, contact.errors.other).to_owned(),
    }
}
