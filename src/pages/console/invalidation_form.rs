//! Invalidating signatures in bulk after fraud: a filter (address domain,
//! a window of confirmation times, a source) checked as the server checks
//! it; a preview of how many confirmed signatures it takes; then a reason,
//! and the button that invalidates them, with their number on it, only
//! while the filter is the one previewed.

use civic_api::signature_review::{InvalidationPreview, InvalidationRequest, REASON_MAX, SignatureFilter};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, staff_petitions};
use crate::form_kit::{Field, FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::petition_fields::focus_first_error;
use crate::pages::console::petition_signatures::SignatureReview;
use crate::pages::console::petition_signatures_words::{Counted, counted};
use crate::pages::console::petition_words::{failure_texts, refusal, text_error};
use crate::pages::console::texts::{ADDRESS, Said};
use crate::ui_locale;

const SUBMIT_NOTE_ID: &str = "invalidation-submit-note";

/// The contract's verdict on one part of a filter given alone. That
/// nothing at all is given is the whole filter's fault, said on sending.
fn part_error(field: &str, filter: SignatureFilter) -> Option<FieldError> {
    filter
        .validate()
        .err()
        .and_then(|errors| errors.get(field).copied())
        .filter(|error| *error != FieldError::Required)
}

fn check_domain(text: &str) -> Option<FieldError> {
    let filter = SignatureFilter {
        domain: text.to_owned(),
        ..SignatureFilter::default()
    };
    part_error("domain", filter)
}

fn check_from(text: &str) -> Option<FieldError> {
    let filter = SignatureFilter {
        from: text.to_owned(),
        ..SignatureFilter::default()
    };
    part_error("from", filter)
}

fn check_to(text: &str) -> Option<FieldError> {
    let filter = SignatureFilter {
        to: text.to_owned(),
        ..SignatureFilter::default()
    };
    part_error("to", filter)
}

fn check_source(text: &str) -> Option<FieldError> {
    let filter = SignatureFilter {
        source: text.to_owned(),
        ..SignatureFilter::default()
    };
    part_error("source", filter)
}

fn check_reason(text: &str) -> Option<FieldError> {
    civic_api::field::bounded_text(text, 1, REASON_MAX).err()
}

/// The filter's fields, named as the server names their errors.
#[derive(Debug, Clone, Copy)]
struct FilterFields {
    domain: Field,
    from: Field,
    to: Field,
    source: Field,
}

impl FilterFields {
    fn new(kit: FormKit) -> FilterFields {
        FilterFields {
            domain: kit.field("domain", "invalidation-domain", check_domain),
            from: kit.field("from", "invalidation-from", check_from),
            to: kit.field("to", "invalidation-to", check_to),
            source: kit.field("source", "invalidation-source", check_source),
        }
    }

    fn all(self) -> [Field; 4] {
        [self.domain, self.from, self.to, self.source]
    }

    /// The filter as typed (tracked).
    fn filter(self) -> SignatureFilter {
        let [domain, from, to, source] = self
            .all()
            .map(|field| field.value().with(|text| text.trim().to_owned()));
        SignatureFilter {
            domain,
            from,
            to,
            source,
        }
    }
}

/// What is wrong with a part of the filter, in words.
fn filter_error(ui: i18n::Locale, field: &'static str, error: FieldError, filter: FilterFields) -> String {
    let text = match (field, error) {
        ("domain", FieldError::Required) => td_string!(ui, console.filter_required),
        ("domain", _) => td_string!(ui, console.filter_domain_invalid),
        ("source", FieldError::TooLong) => {
            return td_string!(
                ui,
                console.petition_error_too_long,
                max = civic_api::petition::Source::MAX_LEN
            );
        }
        ("source", _) => td_string!(ui, console.filter_source_invalid),
        // Well written on its own, so it comes before the start.
        ("to", _) if check_to(&filter.to.text()).is_none() && !filter.to.text().trim().is_empty() => {
            td_string!(ui, console.filter_to_order)
        }
        _ => td_string!(ui, console.filter_time_invalid),
    };
    text.to_owned()
}

/// The preview's count and its leading domains.
fn preview_view(ui: i18n::Locale, preview: &InvalidationPreview) -> impl IntoView + use<> {
    let domains = (preview.count > 0 && !preview.domains.is_empty()).then(|| {
        let lines = preview
            .domains
            .iter()
            .map(|domain| {
                let count = format_number(ui, domain.count);
                let line = td_string!(ui, console.preview_domain, domain = ADDRESS, count = count);
                view! { <li>{Said::with(line, &domain.domain).into_view()}</li> }
            })
            .collect_view();
        view! {
            <p>{td_string!(ui, console.preview_domains)}</p>
            <ul class="preview-domains">{lines}</ul>
        }
    });
    view! {
        <p class="preview-count">{counted(ui, Counted::Matching, preview.count)}</p>
        {domains}
    }
}

#[component]
pub fn InvalidationForm(locale: Locale, review: SignatureReview) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let filter = FilterFields::new(kit);
    let reason = kit.field("reason", "invalidation-reason", check_reason);
    let every_field = move || {
        let mut fields = filter.all().to_vec();
        fields.push(reason);
        fields
    };
    let previewing = RwSignal::new(false);
    let invalidating = RwSignal::new(false);
    let previewed = RwSignal::new(None::<(SignatureFilter, InvalidationPreview)>);
    let done = RwSignal::new(None::<String>);
    // Which of the two requests "Try again" sends again.
    let last_was_invalidation = StoredValue::new(false);
    let current = Memo::new(move |_| filter.filter());
    // "Fill in at least one" is about the whole filter: any part typed
    // answers it, not only the domain it is shown at.
    Effect::new(move |before: Option<SignatureFilter>| {
        let now = current.get();
        let changed = before.is_some_and(|before| before != now);
        if changed && untrack(|| kit.server_error("domain")) == Some(FieldError::Required) {
            kit.forget_error("domain");
        }
        now
    });
    // How many signatures the button takes: the preview's count, while the
    // filter is still the one previewed.
    let ready = Memo::new(move |_| {
        previewed.with(|previewed| {
            previewed
                .as_ref()
                .filter(|(previewed, _)| current.with(|current| current == previewed))
                .map(|(_, preview)| preview.count)
        })
    });

    let preview = Callback::new(move |()| {
        if previewing.get_untracked() {
            return;
        }
        last_was_invalidation.set_value(false);
        done.set(None);
        let request = current.get_untracked();
        if let Err(errors) = request.validate() {
            kit.refuse_fields(&filter.all(), errors);
            focus_first_error(&filter.all());
            return;
        }
        previewing.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::preview_invalidation(&base, review.petition, &request).await;
            // Gone meanwhile: nothing to show it in.
            if previewing.try_set(false).is_some() {
                return;
            }
            if let Err(error) = &result
                && let Some(refused) = refusal(ui, error)
            {
                return kit.refuse(refused.to_owned());
            }
            match kit.answer(result) {
                Some(found) => previewed.set(Some((request, found))),
                None => focus_first_error(&filter.all()),
            }
        });
    });

    let invalidate = Callback::new(move |()| {
        if invalidating.get_untracked() || !matches!(ready.get_untracked(), Some(count) if count > 0) {
            return;
        }
        last_was_invalidation.set_value(true);
        done.set(None);
        let request = InvalidationRequest {
            filter: current.get_untracked(),
            reason: reason.text().trim().to_owned(),
            idempotency_key: kit.key_for_request(),
        };
        if let Err(errors) = request.validate() {
            kit.refuse_fields(&every_field(), errors);
            focus_first_error(&every_field());
            return;
        }
        invalidating.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::invalidate(&base, review.petition, &request).await;
            if invalidating.try_set(false).is_some() {
                return;
            }
            if let Err(error) = &result
                && let Some(refused) = refusal(ui, error)
            {
                return kit.refuse(refused.to_owned());
            }
            match kit.answer(result) {
                Some(made) => {
                    kit.start_over(&every_field());
                    previewed.set(None);
                    done.set(Some(counted(ui, Counted::InvalidatedNow, made.count)));
                    review.show_invalidation(made);
                    review.changed.run(());
                }
                None => focus_first_error(&every_field()),
            }
        });
    });
    let retry = Callback::new(move |()| match last_was_invalidation.get_value() {
        true => invalidate.run(()),
        false => preview.run(()),
    });

    let shown_preview = move || {
        ready
            .get()
            .and_then(|_| previewed.with(|previewed| previewed.as_ref().map(|(_, preview)| preview_view(ui, preview))))
    };
    let submit_note = move || match (ready.get(), previewed.with(Option::is_some)) {
        (Some(0), _) => td_string!(ui, console.invalidation_nothing),
        (Some(_), _) => td_string!(ui, console.invalidation_ready),
        (None, true) => td_string!(ui, console.invalidation_preview_again),
        (None, false) => td_string!(ui, console.invalidation_preview_first),
    };
    let can_invalidate = move || matches!(ready.get(), Some(count) if count > 0);
    let error_text = move |field: &'static str| Callback::new(move |error| filter_error(ui, field, error, filter));
    view! {
        <section class="invalidation" aria-labelledby="invalidation-heading">
            <h5 id="invalidation-heading">{td_string!(ui, console.invalidation_heading)}</h5>
            <p>{td_string!(ui, console.invalidation_intro)}</p>
            <form
                class="invalidation-filter"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    preview.run(());
                }
            >
                <TextField
                    field=filter.domain
                    label=td_string!(ui, console.filter_domain_label)
                    hint=td_string!(ui, console.filter_domain_hint)
                    error_text=error_text("domain")
                    text_locale=Locale::DEFAULT
                    plain=true
                />
                <div class="invalidation-times">
                    <TextField
                        field=filter.from
                        label=td_string!(ui, console.filter_from_label)
                        hint=td_string!(ui, console.filter_time_hint)
                        error_text=error_text("from")
                        input_type="datetime-local"
                    />
                    <TextField
                        field=filter.to
                        label=td_string!(ui, console.filter_to_label)
                        hint=td_string!(ui, console.filter_time_hint)
                        error_text=error_text("to")
                        input_type="datetime-local"
                    />
                </div>
                <TextField
                    field=filter.source
                    label=td_string!(ui, console.filter_source_label)
                    hint=td_string!(ui, console.filter_source_hint)
                    error_text=error_text("source")
                    text_locale=Locale::DEFAULT
                    plain=true
                />
                <SubmitButton
                    kit
                    pending=previewing
                    label=td_string!(ui, console.filter_preview)
                    sending=td_string!(ui, console.filter_previewing)
                    class="secondary"
                />
            </form>
            <div class="console-status invalidation-preview" role="status">
                {shown_preview}
            </div>
            <form
                class="invalidation-confirm"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    invalidate.run(());
                }
            >
                <TextField
                    field=reason
                    label=td_string!(ui, console.invalidation_reason_label)
                    hint=td_string!(ui, console.invalidation_reason_hint, max = REASON_MAX)
                    error_text=Callback::new(move |error| text_error(ui, error, REASON_MAX, true))
                    rows=Some(3)
                    required=true
                />
                <p class="hint" id=SUBMIT_NOTE_ID>
                    {submit_note}
                </p>
                <button
                    type="submit"
                    id="invalidation-submit"
                    class="danger"
                    disabled=move || !can_invalidate() || invalidating.get()
                    aria-describedby=SUBMIT_NOTE_ID
                >
                    {move || match invalidating.get() {
                        true => td_string!(ui, console.invalidation_sending).to_owned(),
                        false => counted(ui, Counted::Invalidate, ready.get().unwrap_or(0)),
                    }}
                </button>
            </form>
            <FormAlert kit locale texts=failure_texts(ui) retry />
            <div class="console-status" role="status">
                {move || done.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
        </section>
    }
}
