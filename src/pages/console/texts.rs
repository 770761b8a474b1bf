//! The console's words for roles, for audit actions, and for why a
//! request did not go through.

use civic_api::ErrorCode;
use civic_api::account::Role;
use civic_api::staff::AuditAction;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::form_kit::FailureTexts;
use crate::i18n::{self, td_string};

/// Where an address goes in a sentence that `td_string!` fills, until
/// `Said` draws it there.
pub const ADDRESS: &str = "\u{1}";

/// A sentence that may hold an address. The address is drawn in its own
/// direction (`<bdi>`): in a right-to-left language the page would show
/// its hyphens and dots on the wrong side of its letters. Its text is the
/// sentence as it reads, with nothing added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    text: String,
    address: String,
}

impl Said {
    pub fn plain(text: &str) -> Said {
        Said {
            text: text.to_owned(),
            address: String::new(),
        }
    }

    /// `text`, filled with `ADDRESS` where `address` goes.
    pub fn with(text: String, address: &str) -> Said {
        Said {
            text,
            address: address.to_owned(),
        }
    }

    pub fn into_view(self) -> AnyView {
        match self.text.split_once(ADDRESS) {
            Some((before, after)) => {
                let (before, after) = (before.to_owned(), after.to_owned());
                view! { {before} <bdi>{self.address}</bdi> {after} }.into_any()
            }
            None => self.text.into_any(),
        }
    }
}

/// A role inside a sentence ("… is now an editor"): lower case.
pub fn role_name(ui: i18n::Locale, role: Role) -> &'static str {
    match role {
        Role::Member => td_string!(ui, console.role_member),
        Role::Editor => td_string!(ui, console.role_editor),
        Role::Admin => td_string!(ui, console.role_admin),
    }
}

/// A role on its own: an option of the role list, a row's role.
pub fn role_option(ui: i18n::Locale, role: Role) -> &'static str {
    match role {
        Role::Member => td_string!(ui, console.role_option_member),
        Role::Editor => td_string!(ui, console.role_option_editor),
        Role::Admin => td_string!(ui, console.role_option_admin),
    }
}

pub fn action_name(ui: i18n::Locale, action: AuditAction) -> &'static str {
    match action {
        AuditAction::RoleChanged => td_string!(ui, console.action_role_changed),
        AuditAction::SessionsEnded => td_string!(ui, console.action_sessions_ended),
        AuditAction::AccountErased => td_string!(ui, console.action_account_erased),
        AuditAction::PaymentsExported => td_string!(ui, console.action_payments_exported),
        AuditAction::ConsentsExported => td_string!(ui, console.action_consents_exported),
        AuditAction::AuditExported => td_string!(ui, console.action_audit_exported),
        AuditAction::PetitionCreated => td_string!(ui, console.action_petition_created),
        AuditAction::PetitionEdited => td_string!(ui, console.action_petition_edited),
        AuditAction::PetitionStatusChanged => td_string!(ui, console.action_petition_status_changed),
        AuditAction::PetitionImageChanged => td_string!(ui, console.action_petition_image_changed),
        AuditAction::SignaturesExported => td_string!(ui, console.action_signatures_exported),
        AuditAction::SignaturesInvalidated => td_string!(ui, console.action_signatures_invalidated),
        AuditAction::InvalidationUndone => td_string!(ui, console.action_invalidation_undone),
        AuditAction::InboxUpdated => td_string!(ui, console.action_inbox_updated),
        AuditAction::InboxNoted => td_string!(ui, console.action_inbox_noted),
        AuditAction::InboxReplied => td_string!(ui, console.action_inbox_replied),
        AuditAction::PetitionNewsPosted => td_string!(ui, console.action_petition_news_posted),
        AuditAction::PageEdited => td_string!(ui, console.action_page_edited),
        AuditAction::MailingSaved => td_string!(ui, console.action_mailing_saved),
        AuditAction::MailingTestSent => td_string!(ui, console.action_mailing_test_sent),
        AuditAction::MailingScheduled => td_string!(ui, console.action_mailing_scheduled),
        AuditAction::MailingSent => td_string!(ui, console.action_mailing_sent),
        AuditAction::SurveySaved => td_string!(ui, console.action_survey_saved),
        AuditAction::SurveyStatusChanged => td_string!(ui, console.action_survey_status_changed),
        AuditAction::SurveyInvited => td_string!(ui, console.action_survey_invited),
    }
}

/// Why a search did not go through (its form checks nothing, so nothing
/// is ever invalid but what the server says).
pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, account_form.failure.invalid),
        network: td_string!(ui, console.failed_network),
        rate_limited: td_string!(ui, console.failed_rate_limited),
        server: td_string!(ui, console.failed_server),
    }
}

/// Why an action on an account did not go through.
pub fn action_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::NotFound => td_string!(ui, console.gone),
        ApiError::Network => td_string!(ui, console.failed_network),
        ApiError::Server(body) => match body.code {
            ErrorCode::Conflict => td_string!(ui, console.conflict),
            ErrorCode::RateLimited => td_string!(ui, console.failed_rate_limited),
            // The session ended, or the role or the passkey it was opened
            // with no longer allows it.
            ErrorCode::Unauthorized | ErrorCode::Forbidden | ErrorCode::PasskeyRequired => {
                td_string!(ui, console.failed_refused)
            }
            _ => td_string!(ui, console.failed_server),
        },
        ApiError::Status(_) | ApiError::Decode => td_string!(ui, console.failed_server),
    }
}

/// Whether the account may have changed since the console showed it, so
/// that it is shown again as it is now.
pub fn shows_stale_account(error: &ApiError) -> bool {
    match error {
        ApiError::NotFound => true,
        ApiError::Server(body) => body.code == ErrorCode::Conflict,
        _ => false,
    }
}

/// Why a request about one thing (a petition, a thread) was refused, when
/// trying again cannot help: it is `gone`, or the session may not ask.
pub fn refused_as(ui: i18n::Locale, error: &ApiError, gone: &'static str) -> Option<&'static str> {
    match error {
        ApiError::NotFound => Some(gone),
        ApiError::Server(body) => match body.code {
            ErrorCode::Unauthorized | ErrorCode::Forbidden | ErrorCode::PasskeyRequired => {
                Some(td_string!(ui, console.failed_refused))
            }
            _ => None,
        },
        _ => None,
    }
}

/// What failed to load, and "Try again" unless trying again cannot help.
#[component]
pub fn LoadFailed(
    ui: i18n::Locale,
    text: &'static str,
    offer_retry: bool,
    #[prop(into)] pending: Signal<bool>,
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="console-alert" role="alert">
            <p>{text}</p>
            {offer_retry
                .then(|| {
                    view! {
                        <button type="button" on:click=move |_| retry.run(()) disabled=move || pending.get()>
                            {td_string!(ui, page.retry)}
                        </button>
                    }
                })}
        </div>
    }
}
