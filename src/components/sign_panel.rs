//! Signing a petition, start to end: the form (or, from a signed e-mail
//! link, the greeting and one-click signing), then "check your inbox" or
//! the thanks.

use civic_api::analytics::EventKind;
use civic_api::form_post::FormOutcome;
use civic_api::petition::{Referral, SIGN_FORM_ID, ShortCode, SignFormPost, SignReceipt, Source};
use civic_api::{ErrorCode, Locale, SiteRoute, Slug};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use send_wrapper::SendWrapper;

use crate::analytics::use_analytics;
use crate::api::{self, ApiError};
use crate::browser::focus_element;
use crate::components::check_inbox::CheckInbox;
use crate::components::share_links::encode;
use crate::components::sign_form::{SignFormView, failure_texts};
use crate::components::sign_state::{SignForm, Tracking};
use crate::components::thank_you::ThankYou;
use crate::first_page;
use crate::form_kit::FormAlert;
use crate::i18n::td_string;
use crate::preferences::use_preferences;
use crate::request::Request;
use crate::ui_locale;

/// The form's heading, where a visitor is taken to sign.
pub const SIGN_HEADING_ID: &str = "sign-heading";

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Form,
    CheckInbox(String),
    /// `focus` when the thanks replace what the visitor was doing, not when
    /// a returning signer opens the page.
    Thanks {
        first_name: String,
        referral: Referral,
        focus: bool,
    },
}

/// Where a form post left the panel: the form as it was posted, and its
/// stage.
fn from_post(post: SignFormPost, closed: RwSignal<bool>) -> (SignForm, Stage) {
    let SignFormPost { request, outcome, .. } = post;
    let form = SignForm::new();
    form.fill(&request);
    if outcome == FormOutcome::Closed {
        closed.set(true);
    }
    // Taken: the signer gets the e-mail to confirm.
    let stage = match form.kit.restore(&request.idempotency_key, &request.website, &outcome) {
        true => Stage::CheckInbox(request.email.trim().to_owned()),
        false => Stage::Form,
    };
    (form, stage)
}

#[component]
pub fn SignPanel(
    locale: Locale,
    slug: Slug,
    title: String,
    /// The petition's absolute address, to share.
    petition_url: String,
    /// Set when the server says the petition closed meanwhile.
    closed: RwSignal<bool>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    // A form the browser posted by itself comes back drawn with its answer.
    let (form, stage) = match first_page::take_form_post(SIGN_FORM_ID) {
        Some(post) => from_post(post, closed),
        None => (SignForm::new(), Stage::Form),
    };
    let stage = RwSignal::new(stage);
    let query = use_query_map();
    // Tracking that does not parse is dropped: a mangled link still signs.
    let tracking = Memo::new(move |_| {
        query.with(|query| Tracking {
            source: query
                .get("source")
                .and_then(|source| Source::parse(&source).ok())
                .map(String::from),
            referral: query
                .get("ref")
                .and_then(|code| ShortCode::parse(&code).ok())
                .map(String::from),
        })
    });

    let base = api::api_base();
    let preferences = use_preferences();
    let analytics = use_analytics();
    let petition_route = SiteRoute::petition(locale, slug.clone());
    let greet = Request::new();
    let member = Request::new();
    {
        let (base, slug) = (base.clone(), slug.clone());
        Effect::new(move || {
            // A remembered signer is recognised as if they had followed
            // their link again.
            let token = query
                .with(|query| query.get("t"))
                .filter(|token| !token.trim().is_empty())
                .or_else(|| preferences.member());
            let (base, slug) = (base.clone(), slug.clone());
            match token {
                Some(token) => greet.send(async move {
                    let answer = api::signer(&base, &slug, &token).await;
                    (Some(token), answer)
                }),
                // Without a link, a signed-in member is greeted as one.
                None => member.send(async move { api::member_greeting(&base, &slug).await }),
            }
        });
    }
    Effect::new(move || {
        if let Some(Ok(Some(greeting))) = member.answer().get() {
            match greeting.signed.clone() {
                Some(referral) => stage.set(Stage::Thanks {
                    first_name: greeting.first_name.clone(),
                    referral,
                    focus: false,
                }),
                None => form.greet(None, &greeting),
            }
        }
    });
    Effect::new(move || {
        // A token that is invalid, expired or tampered with is ignored: the
        // page stays an ordinary one, and says nothing about whose it was.
        let (token, greeting) = match greet.answer().get() {
            Some((Some(token), Ok(greeting))) => (token, greeting),
            Some((Some(token), Err(ApiError::NotFound))) => {
                if preferences.member().as_deref() == Some(token.as_str()) {
                    preferences.forget_member();
                }
                return;
            }
            _ => return,
        };
        preferences.remember_member(&token);
        match greeting.signed.clone() {
            Some(referral) => stage.set(Stage::Thanks {
                first_name: greeting.first_name.clone(),
                referral,
                focus: false,
            }),
            None => form.greet(Some(token), &greeting),
        }
    });

    let send = Request::<Result<SignReceipt, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if let Err(ApiError::Server(body)) = &result
            && body.code == ErrorCode::Conflict
        {
            closed.set(true);
            return;
        }
        match form.kit.answer(result) {
            Some(SignReceipt::CheckInbox) => {
                analytics.petition(EventKind::PetitionSigned, &petition_route);
                stage.set(Stage::CheckInbox(form.email.text().trim().to_owned()));
            }
            Some(SignReceipt::Signed { first_name, referral }) => {
                // The link proved the address: signed and confirmed at once.
                analytics.petition(EventKind::PetitionSigned, &petition_route);
                analytics.petition(EventKind::PetitionConfirmed, &petition_route);
                stage.set(Stage::Thanks {
                    first_name,
                    referral,
                    focus: true,
                });
            }
            None => {}
        }
    });
    let submit = {
        let (base, slug) = (base.clone(), slug.clone());
        Callback::new(move |()| {
            if pending.get_untracked() || !form.kit.check(&form.fields()) {
                return;
            }
            let request = form.request(locale, &tracking.get_untracked());
            let (base, slug) = (base.clone(), slug.clone());
            send.send(async move { api::sign(&base, &slug, &request).await });
        })
    };

    let navigate = SendWrapper::new(use_navigate());
    let petition_path = SiteRoute::petition(locale, slug.clone()).path();
    let forget = {
        let petition_path = petition_path.clone();
        Callback::new(move |()| {
            preferences.forget_member();
            form.forget();
            // The token leaves the address too, so a reload does not greet
            // them again; where the visitor came from stays.
            let kept: Vec<String> = query.with_untracked(|query| {
                ["source", "ref"]
                    .into_iter()
                    .filter_map(|key| query.get(key).map(|value| format!("{key}={}", encode(&value))))
                    .collect()
            });
            let url = match kept.is_empty() {
                true => petition_path.clone(),
                false => format!("{petition_path}?{}", kept.join("&")),
            };
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            };
            navigate(&url, options);
            focus_element(&form.name.id());
        })
    };
    let fix = Callback::new(move |()| {
        stage.set(Stage::Form);
        request_animation_frame(move || focus_element(&form.email.id()));
    });

    view! {
        <div class="sign">
            {move || match stage.get() {
                Stage::Form => {
                    view! {
                        <h2 id=SIGN_HEADING_ID tabindex="-1">{td_string!(ui, sign.heading)}</h2>
                        <SignFormView
                            locale
                            form
                            action=petition_path.clone()
                            tracking
                            pending
                            on_submit=submit
                            on_forget=forget
                        />
                        <FormAlert kit=form.kit locale texts=failure_texts(ui) retry=submit />
                    }
                        .into_any()
                }
                Stage::CheckInbox(email) => {
                    view! { <CheckInbox locale slug=slug.clone() email on_fix=fix /> }.into_any()
                }
                Stage::Thanks { first_name, referral, focus } => {
                    view! {
                        <ThankYou
                            locale
                            first_name
                            referral
                            petition_url=petition_url.clone()
                            title=title.clone()
                            focus
                        />
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
