//! The consent banner: a labelled region fixed to the bottom of the screen
//! (out of the flow, so nothing on the page moves), never a modal: the page
//! and the privacy policy stay readable and usable behind it.

use civic_api::consent::{Choices, DECISION_FIELD, FormDecision, PrivacySignal, SETTINGS_PARAM};
use civic_api::page::Page;
use civic_api::{Locale, SiteRoute, Slug};
use leptos::html::Section;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api;
use crate::browser::focus_element;
use crate::components::site_context::use_site;
use crate::consent::decision::Ask;
use crate::consent::settings::Settings;
use crate::consent::settings_button::return_focus;
use crate::consent::state::{Consent, use_consent};
use crate::dates::format_date;
use crate::i18n::{Locale as Ui, td_string};
use crate::ui_locale;

pub(super) const HEADING_ID: &str = "consent-heading";
/// The banner's live region, which is there even when the banner is not:
/// where a page drawn without it gets it.
pub const STATUS_ID: &str = "consent-status";

pub fn privacy_slug() -> Slug {
    Slug::parse("privacy").expect("the privacy slug is well formed")
}

#[component]
pub fn ConsentBanner() -> impl IntoView {
    let consent = use_consent();
    let site = use_site();
    // Opened at the settings when the address asked for them.
    let choosing = RwSignal::new(consent.reopened.get_untracked());
    let draft = RwSignal::new(consent.last_choices());

    // The policy page gives the revision where the page did not carry it
    // (trunk's dev server), and what changed when asking again. The server
    // has it at hand, and sends it with a page it drew asking again.
    let drawn_policy = match cfg!(target_arch = "wasm32") {
        true => crate::first_page::take_policy(),
        false => crate::first_page::server_page().consent.policy,
    };
    let needs_policy = cfg!(target_arch = "wasm32")
        && drawn_policy.is_none()
        && (consent.revision.get_untracked().is_none() || untrack(|| consent.ask()) == Some(Ask::PolicyChanged));
    let policy = needs_policy.then(|| {
        let base = api::api_base();
        LocalResource::new(move || {
            let (base, locale) = (base.clone(), site.locale.get());
            async move { api::page(&base, locale, &privacy_slug()).await }
        })
    });
    Effect::new(move || {
        let revision = policy.and_then(|policy| policy.get()?.ok()?.revision);
        if revision.is_some() && consent.revision.get_untracked().is_none() {
            consent.revision.set(revision);
        }
    });
    // Asking again waits for what changed, so the banner does not grow
    // under the visitor's eyes.
    let policy_settled = move || policy.is_none_or(|policy| policy.with(Option::is_some));
    let open = Memo::new(move |_| {
        consent.reopened.get()
            || match consent.ask() {
                Some(Ask::First) => true,
                Some(Ask::PolicyChanged) => policy_settled(),
                None => false,
            }
    });
    Effect::new(move || {
        if consent.reopened.get() {
            draft.set(consent.last_choices());
            choosing.set(true);
            request_animation_frame(|| focus_element(HEADING_ID));
        }
    });

    let panel = move || {
        if !open.get() {
            return None;
        }
        let locale = site.locale.get();
        let ui = ui_locale(locale);
        let section = NodeRef::<Section>::new();
        reserve_space(section);
        let content = match choosing.get() {
            true => view! { <Settings ui consent draft /> }.into_any(),
            false => {
                let page = match policy {
                    Some(policy) => policy.get().and_then(Result::ok),
                    None => drawn_policy.clone(),
                };
                view! { <Summary ui locale consent page choosing /> }.into_any()
            }
        };
        let escape = move |event: leptos::ev::KeyboardEvent| {
            if event.key() == "Escape" && consent.reopened.get_untracked() && untrack(|| consent.ask()).is_none() {
                consent.reopened.set(false);
                choosing.set(false);
                return_focus();
            }
        };
        Some(view! {
            <section class="consent-banner" aria-label=td_string!(ui, consent.region) node_ref=section on:keydown=escape>
                // Posted to the page's own address when no app is there to
                // take the decision (`DECISION_FIELD`); `data-plain`: reaching
                // for it starts no app (see xtask's `start_scripts`).
                <form class="consent-inner" method="post" data-plain>
                    {content}
                </form>
            </section>
        })
    };
    let saved = move || {
        consent
            .saved
            .get()
            .then(|| td_string!(ui_locale(site.locale.get()), consent.saved))
    };
    view! {
        {panel}
        <div id=STATUS_ID class="visually-hidden" role="status">
            {saved}
        </div>
    }
}

/// The first view: what the site would store, and the three equal choices.
#[component]
fn Summary(ui: Ui, locale: Locale, consent: Consent, page: Option<Page>, choosing: RwSignal<bool>) -> impl IntoView {
    let changed = (untrack(|| consent.ask()) == Some(Ask::PolicyChanged)).then(|| {
        let number = consent.revision.get_untracked().unwrap_or_default();
        let date = page
            .as_ref()
            .and_then(|page| page.updated.as_deref())
            .and_then(|updated| format_date(locale, updated));
        let text = match date {
            Some(date) => td_string!(ui, consent.changed, number = number, date = &date).to_string(),
            None => td_string!(ui, consent.changed_undated, number = number).to_string(),
        };
        let changes = page.and_then(|page| page.changes).map(|changes| {
            view! {
                <p class="consent-changes">
                    <strong>{td_string!(ui, consent.changes_label)}</strong>
                    " "
                    {changes}
                </p>
            }
        });
        view! {
            <p class="consent-changed">{text}</p>
            {changes}
        }
    });
    let privacy = SiteRoute::content(locale, privacy_slug().as_str())
        .map(|route| route.path())
        .unwrap_or_default();
    let choose = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        choosing.set(true);
        request_animation_frame(|| focus_element(HEADING_ID));
    };
    view! {
        <h2 id=HEADING_ID tabindex="-1">
            {td_string!(ui, consent.heading)}
        </h2>
        {changed}
        <p>
            {td_string!(ui, consent.intro)} " " <a href=privacy>{td_string!(ui, consent.policy_link)}</a>
        </p>
        <SignalNotice ui signal=consent.signal />
        <div class="consent-actions">
            <DecisionButton consent decision=FormDecision::AcceptAll choices=move || Choices::ALL_ACCEPTED>
                {td_string!(ui, consent.accept_all)}
            </DecisionButton>
            <DecisionButton consent decision=FormDecision::RejectAll choices=move || Choices::ALL_REJECTED>
                {td_string!(ui, consent.reject_all)}
            </DecisionButton>
            // Without the app, asks for the page again with the settings open.
            <button type="submit" formmethod="get" name=SETTINGS_PARAM value="open" class="secondary" on:click=choose>
                {td_string!(ui, consent.choose)}
            </button>
        </div>
    }
}

/// Why analytics and external media stay off whatever the visitor picks.
#[component]
pub(super) fn SignalNotice(ui: Ui, signal: Option<PrivacySignal>) -> impl IntoView {
    signal.map(|signal| {
        let text = match signal {
            PrivacySignal::GlobalPrivacyControl => td_string!(ui, consent.signal_gpc),
            PrivacySignal::DoNotTrack => td_string!(ui, consent.signal_dnt),
        };
        view! { <p class="consent-signal">{text}</p> }
    })
}

/// A button that takes a decision: in place when the app runs, else by
/// posting the banner's form.
#[component]
pub(super) fn DecisionButton(
    consent: Consent,
    decision: FormDecision,
    choices: impl Fn() -> Choices + 'static,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let decide = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        consent.decide(choices());
        request_animation_frame(return_focus);
    };
    view! {
        <button type="submit" name=DECISION_FIELD value=decision.as_str() class=class on:click=decide>
            {children()}
        </button>
    }
}

/// While the banner is open, the page keeps room below its end and scrolls
/// focused controls clear of it, so nothing stays hidden underneath.
fn reserve_space(section: NodeRef<Section>) {
    Effect::new(move || {
        let Some(element) = section.get() else { return };
        let measured = element.clone();
        let resized = Closure::<dyn FnMut()>::new(move || set_space(measured.offset_height()));
        let Ok(observer) = web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref()) else {
            return;
        };
        observer.observe(&element);
        let held = SendWrapper::new((observer, resized));
        on_cleanup(move || {
            held.0.disconnect();
            set_space(0);
        });
    });
}

fn set_space(pixels: i32) {
    let Some(root) = document().document_element() else {
        return;
    };
    let style = root.unchecked_into::<web_sys::HtmlElement>().style();
    let _ = match pixels {
        0 => style.remove_property("--consent-space").map(drop),
        pixels => style.set_property("--consent-space", &format!("{pixels}px")),
    };
}
