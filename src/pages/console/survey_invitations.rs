//! Invitations to a survey that only invited people answer, offered while
//! it is open: pasted addresses (one a line, or separated by commas), or a
//! file's (`survey_invitation_file`), read here as the server reads them
//! (`read_addresses`) so that every line that is not an address is named
//! before anything is sent, and the language of the mail. Nobody is
//! invited unless every line is right.

use civic_api::survey::Limit;
use civic_api::survey_editing::{INVITATIONS_MAX, SurveyInvitations, read_addresses};
use civic_api::{ErrorCode, FieldError, FieldErrors, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_surveys};
use crate::browser::focus_element;
use crate::form_kit::{FormAlert, FormKit, SubmitButton};
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::petition_words::is_conflict;
use crate::pages::console::survey_invitation_file::AddressesFile;
use crate::pages::console::survey_status::SavedSurvey;
use crate::pages::console::survey_words::{Count, count_text, failure_texts, refusal};
use crate::ui_locale;

const ADDRESSES_ID: &str = "survey-invite-addresses";
const ERROR_ID: &str = "survey-invite-addresses-error";
const LOCALE_ID: &str = "survey-invite-locale";

/// The form, for an open survey limited to invited people (as saved).
#[component]
pub fn SurveyInvitationsForm(locale: Locale, saved: SavedSurvey) -> impl IntoView {
    let offered = Memo::new(move |_| {
        saved
            .read(|survey| {
                survey
                    .translations
                    .first()
                    .is_some_and(|first| first.limit == Limit::Invitation && !first.closed)
            })
            .unwrap_or(false)
    });
    move || offered.get().then(|| view! { <InvitationForm locale saved /> })
}

/// What is wrong with the addresses, in order: none at all or too many,
/// then each line that is not an address.
fn error_lines(ui: i18n::Locale, errors: &FieldErrors) -> Vec<String> {
    let mut lines: Vec<(u64, String)> = Vec::new();
    for (field, error) in errors {
        match field.strip_prefix("addresses") {
            Some("") => lines.push((
                0,
                match error {
                    FieldError::TooLong => {
                        let max = format_number(ui, INVITATIONS_MAX as u64);
                        td_string!(ui, console.survey_invite_error_too_many, max = max)
                    }
                    _ => td_string!(ui, console.survey_invite_error_required).to_owned(),
                },
            )),
            Some(line) => {
                let Ok(line) = line.trim_start_matches('.').parse::<u64>() else {
                    continue;
                };
                let text = td_string!(ui, console.survey_invite_error_line, line = format_number(ui, line));
                lines.push((line, text));
            }
            None => {}
        }
    }
    lines.sort();
    lines.into_iter().map(|(_, text)| text).collect()
}

#[component]
fn InvitationForm(locale: Locale, saved: SavedSurvey) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let addresses = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let language = RwSignal::new(Locale::DEFAULT);
    let invited = RwSignal::new(None::<u64>);
    let pending = RwSignal::new(false);
    // The file whose text is in the box, if any.
    let taken = RwSignal::new(None::<String>);
    let languages = Memo::new(move |_| {
        saved
            .read(|survey| {
                survey
                    .translations
                    .iter()
                    .map(|translation| translation.locale)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let refuse = move |refused: FieldErrors| {
        errors.set(refused);
        kit.refuse_fields(&[], FieldErrors::new());
        focus_element(ADDRESSES_ID);
    };
    let send = Callback::new(move |()| {
        let Some(slug) = saved
            .survey
            .with_untracked(|survey| survey.as_ref().map(|survey| survey.slug.clone()))
        else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        invited.set(None);
        let typed = addresses.get_untracked();
        if let Err(refused) = read_addresses(&typed) {
            return refuse(refused);
        }
        errors.set(FieldErrors::new());
        let request = SurveyInvitations {
            addresses: typed,
            locale: language.get_untracked(),
            idempotency_key: kit.key_for_request(),
        };
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_surveys::invite(&base, &slug, &request).await;
            if pending.try_set(false).is_some() {
                return;
            }
            match result {
                Err(ApiError::Server(body)) if body.code == ErrorCode::Validation => refuse(body.fields),
                Err(error) if is_conflict(&error) => {
                    kit.refuse(td_string!(ui, console.survey_invite_conflict).to_owned())
                }
                Err(error) => match refusal(ui, &error) {
                    Some(refused) => kit.refuse(refused.to_owned()),
                    None => {
                        kit.answer::<()>(Err(error));
                    }
                },
                Ok(sent) => {
                    kit.answer(Ok(()));
                    // Sent: the list goes, so that it is not sent twice.
                    addresses.set(String::new());
                    taken.set(None);
                    invited.set(Some(sent.invited));
                }
            }
        });
    });
    let took = Callback::new(move |text: String| {
        addresses.set(text);
        errors.set(FieldErrors::new());
        invited.set(None);
        kit.changed();
    });
    let said = Memo::new(move |_| errors.with(|errors| error_lines(ui, errors)));
    let described_by = move || match said.with(Vec::is_empty) {
        true => "survey-invite-addresses-hint".to_owned(),
        false => format!("survey-invite-addresses-hint {ERROR_ID}"),
    };
    let options = move || {
        languages
            .get()
            .into_iter()
            .map(|each| {
                view! {
                    <option
                        value=each.as_str()
                        lang=each.as_str()
                        dir=each.dir()
                        prop:selected=move || language.get() == each
                    >
                        {each.native_name()}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="survey-invitations" aria-labelledby="survey-invite-heading">
            <h4 id="survey-invite-heading">{td_string!(ui, console.survey_invite_heading)}</h4>
            <form
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    send.run(());
                }
            >
                <div class="field">
                    <label for=ADDRESSES_ID>{td_string!(ui, console.survey_invite_addresses_label)}</label>
                    <p class="hint" id="survey-invite-addresses-hint">
                        {td_string!(
                            ui,
                            console.survey_invite_addresses_hint,
                            max = format_number(ui, INVITATIONS_MAX as u64)
                        )}
                    </p>
                    <textarea
                        id=ADDRESSES_ID
                        rows="6"
                        autocapitalize="none"
                        spellcheck="false"
                        aria-invalid=move || (!said.with(Vec::is_empty)).then_some("true")
                        aria-describedby=described_by
                        prop:value=move || addresses.get()
                        on:input=move |event| {
                            addresses.set(event_target_value(&event));
                            errors.set(FieldErrors::new());
                            invited.set(None);
                            kit.changed();
                        }
                    ></textarea>
                    {move || {
                        let lines = said.get();
                        (!lines.is_empty())
                            .then(|| {
                                let items = lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
                                view! { <ul class="field-error survey-problems" id=ERROR_ID>{items}</ul> }
                            })
                    }}
                </div>
                <AddressesFile ui taken on_read=took />
                <div class="field">
                    <label for=LOCALE_ID>{td_string!(ui, console.survey_invite_locale_label)}</label>
                    <select
                        id=LOCALE_ID
                        on:change=move |event| {
                            if let Ok(chosen) = Locale::parse(&event_target_value(&event)) {
                                language.set(chosen);
                                kit.changed();
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <FormAlert kit locale texts=failure_texts(ui) retry=send />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, console.survey_invite_send)
                    sending=td_string!(ui, console.survey_invite_sending)
                />
                <div class="console-status" role="status">
                    {move || invited.get().map(|count| view! { <p class="success">{count_text(ui, Count::Invited, count)}</p> })}
                </div>
            </form>
        </section>
    }
}
