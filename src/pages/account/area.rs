//! The member area: who is signed in, their details, and every browser
//! signed in to the account, each of which can be signed out.

use civic_api::account::{AccountView, ProfileRequest, SessionView};
use civic_api::petition::{check_country, check_name};
use civic_api::{ErrorCode, Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::authenticator_code::AuthenticatorStepUp;
use crate::form_kit::{Checkbox, FormAlert, FormKit, FormStatus, SubmitButton};
use crate::i18n::td_string;
use crate::pages::account::authenticator::Authenticator;
use crate::pages::account::credential_changes::{ChangeEmail, ChangePassword};
use crate::pages::account::data_rights::{DeleteAccount, YourData};
use crate::pages::account::dues::Dues;
use crate::pages::account::fields::{CountryField, LanguageField, NameField, check_language};
use crate::pages::account::my_petitions::MyPetitions;
use crate::pages::account::passkeys::Passkeys;
use crate::pages::account::texts::failure_texts;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn AccountPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, account.title), Some(td_string!(ui, account.description)));
    let base = StoredValue::new(api::api_base());
    // Bumped after signing out, so the page asks again who is signed in.
    let signed_out = RwSignal::new(0_u32);
    let deleted = RwSignal::new(false);
    let session = LocalResource::new(move || {
        signed_out.track();
        let base = base.get_value();
        async move { api::session(&base).await }
    });
    let sign_in = format!(
        "{}?next={}",
        SiteRoute {
            locale,
            target: Target::SignIn
        }
        .path(),
        SiteRoute {
            locale,
            target: Target::Account
        }
        .path()
    );
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, account.title)}
        </h1>
        {move || match session.get() {
            _ if deleted.get() => view! { <p class="success" role="status">{td_string!(ui, account.deleted)}</p> }.into_any(),
            None => view! { <p class="loading" role="status">{td_string!(ui, account.loading)}</p> }.into_any(),
            Some(Err(ApiError::Server(body))) if body.code == ErrorCode::Unauthorized => view! {
                <p>{td_string!(ui, account.signed_out)}</p>
                <p><a href=sign_in.clone()>{td_string!(ui, sign_in.title)}</a></p>
            }
            .into_any(),
            Some(Err(_)) => view! { <p role="alert">{td_string!(ui, account.load_failed)}</p> }.into_any(),
            Some(Ok(account)) => view! { <SignedIn locale account signed_out deleted /> }.into_any(),
        }}
    }
}

#[component]
fn SignedIn(locale: Locale, account: AccountView, signed_out: RwSignal<u32>, deleted: RwSignal<bool>) -> impl IntoView {
    let ui = ui_locale(locale);
    // Staff only: no other page links to the console.
    let console = account.role.is_staff().then(|| {
        let path = SiteRoute {
            locale,
            target: Target::Console,
        }
        .path();
        view! { <p><a href=path>{td_string!(ui, account.console_link)}</a></p> }
    });
    view! {
        <p>
            {td_string!(ui, account.signed_in_as, email = &account.email, since = &account.member_since).to_string()}
        </p>
        {account.needs_passkey.then(|| view! {
            <p class="note" role="note"><strong>{td_string!(ui, account.staff_needs_passkey)}</strong></p>
            <AuthenticatorStepUp locale />
        })}
        {console}
        <ProfileForm locale account=account.clone() />
        <Dues locale />
        <MyPetitions locale />
        <Passkeys locale />
        <Authenticator locale />
        <Sessions locale signed_out />
        <ChangePassword locale />
        <ChangeEmail locale pending_email=account.pending_email.clone() />
        <p class="note">{td_string!(ui, account.anonymous_surveys)}</p>
        <YourData locale />
        <DeleteAccount locale deleted />
    }
}

#[component]
fn ProfileForm(locale: Locale, account: AccountView) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let name = kit.field("name", "profile-name", check_name);
    let country = kit.field("country", "profile-country", check_country);
    let language = kit.field("locale", "profile-language", check_language);
    name.set(account.name);
    country.set(account.country);
    language.set(account.locale.as_str().to_owned());
    let newsletter = RwSignal::new(account.newsletter);
    let saved = RwSignal::new(false);
    let send = Request::<Result<AccountView, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        saved.set(kit.answer(result).is_some());
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[name, country, language]) {
            return;
        }
        saved.set(false);
        let request = ProfileRequest {
            name: name.text(),
            country: country.text(),
            locale: Locale::parse(&language.text()).ok(),
            newsletter: Some(newsletter.get_untracked()),
        };
        let base = base.get_value();
        send.send(async move { api::update_profile(&base, &request).await });
    });
    view! {
        <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">{td_string!(ui, account.profile_heading)}</h2>
            <p>{td_string!(ui, account.profile_intro)}</p>
            <form
                class="account-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    submit.run(());
                }
            >
                <NameField locale field=name />
                <CountryField locale field=country />
                <LanguageField locale field=language />
                <Checkbox
                    id="profile-newsletter"
                    name="newsletter"
                    checked=newsletter
                    label=td_string!(ui, join.newsletter_label).to_owned()
                />
                <SubmitButton kit pending label=td_string!(ui, account.save) sending=td_string!(ui, account.saving) />
            </form>
            <FormStatus message=Signal::derive(move || {
                saved.get().then(|| td_string!(ui, account.saved).to_owned())
            }) />
            <FormAlert kit locale texts=failure_texts(ui) retry=submit />
        </section>
    }
}

#[component]
fn Sessions(locale: Locale, signed_out: RwSignal<u32>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let ended = RwSignal::new(0_u32);
    let sessions = LocalResource::new(move || {
        ended.track();
        let base = base.get_value();
        async move { api::sessions(&base).await }
    });
    let message = RwSignal::new(None::<&'static str>);
    let failed = RwSignal::new(false);
    let act = move |done: &'static str,
                    everywhere_or_own: bool,
                    call: std::pin::Pin<Box<dyn Future<Output = Result<(), ApiError>>>>| {
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(()) => {
                    failed.set(false);
                    message.set(Some(done));
                    if everywhere_or_own {
                        signed_out.update(|count| *count += 1);
                    } else {
                        ended.update(|count| *count += 1);
                    }
                }
                Err(_) => failed.set(true),
            }
        });
    };
    let sign_out = move |_| {
        let base = base.get_value();
        act("", true, Box::pin(async move { api::sign_out(&base).await }));
    };
    let everywhere = move |_| {
        let base = base.get_value();
        act(
            td_string!(ui, account.signed_out_everywhere),
            true,
            Box::pin(async move { api::sign_out_everywhere(&base).await }),
        );
    };
    let end = move |id: String| {
        let base = base.get_value();
        act(
            td_string!(ui, account.session_ended),
            false,
            Box::pin(async move { api::end_session(&base, &id).await }),
        );
    };
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{td_string!(ui, account.sessions_heading)}</h2>
            <p>{td_string!(ui, account.sessions_intro)}</p>
            {move || match sessions.get() {
                None => view! { <p class="loading">{td_string!(ui, account.loading)}</p> }.into_any(),
                Some(Err(_)) => view! { <p>{td_string!(ui, account.load_failed)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="sessions">
                        {list.into_iter().map(|session| view! { <SessionItem locale session end /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <p class="session-actions">
                <button type="button" on:click=sign_out>{td_string!(ui, account.sign_out)}</button>
                <button type="button" class="secondary" on:click=everywhere>
                    {td_string!(ui, account.sign_out_everywhere)}
                </button>
            </p>
            <div role="status">{move || message.get().filter(|text| !text.is_empty()).map(|text| view! { <p>{text}</p> })}</div>
            <div role="alert">{move || failed.get().then(|| view! { <p>{td_string!(ui, account_form.failure.error_server)}</p> })}</div>
        </section>
    }
}

#[component]
fn SessionItem(locale: Locale, session: SessionView, end: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let ui = ui_locale(locale);
    let device = if session.device.is_empty() {
        td_string!(ui, account.unknown_device).to_owned()
    } else {
        session.device.clone()
    };
    let days = td_string!(
        ui,
        account.session_days,
        since = &session.signed_in_on,
        last = &session.last_used_on
    )
    .to_string();
    let label = td_string!(ui, account.end_session, device = &device).to_string();
    let id = session.id.clone();
    view! {
        <li>
            <strong>{device}</strong>
            {session.current.then(|| view! { " " <span class="badge">{td_string!(ui, account.session_current)}</span> })}
            <br />
            {days}
            {(!session.current).then(|| view! {
                " " <button type="button" class="link-button" on:click=move |_| end(id.clone())>{label}</button>
            })}
        </li>
    }
}
