//! The member area's membership section: where the dues stand (status,
//! tier, next day, every payment with its receipt number), the provider's
//! page to change or cancel them, and, without a membership, the form to
//! pay them. Card details never pass through here: paying and managing
//! both happen on the provider's pages, which send the member back.

mod choice;
mod comeback;
mod form;
mod manage;
mod standing;
mod texts;

use civic_api::Locale;
use civic_api::dues::{DuesStatus, DuesView};
use leptos::prelude::*;

use crate::api::{self, ApiError, dues};
use crate::i18n::td_string;
use crate::request::Request;
use crate::ui_locale;
use comeback::{Comeback, DuesNotice};
use form::DuesForm;
use manage::Manage;
use standing::{Payments, Standing};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Loading,
    Failed,
    Loaded,
}

#[component]
pub fn Dues(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let read = Request::<Result<DuesView, ApiError>>::new();
    let base = StoredValue::new(api::api_base());
    let fetch = move || {
        let Some(base) = base.try_get_value() else { return };
        read.send(async move { dues::dues(&base, locale, None).await });
    };
    Effect::new(move |_| fetch());
    // Back from the provider's page through the history, the browser may
    // show the area as it was left: what the provider did since is read.
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::pageshow, move |event| {
            if event.persisted() {
                fetch();
            }
        });
        on_cleanup(move || handle.remove());
    });
    let comeback = Comeback::start(read, fetch);
    // The last dues read: a later read that fails does not hide them.
    let last = RwSignal::new(None::<DuesView>);
    Effect::new(move |_| {
        if let Some(Ok(view)) = read.answer().get() {
            last.set(Some(view));
        }
    });
    let stage = Memo::new(move |_| {
        match (
            last.with(Option::is_some),
            read.answer().with(|answer| matches!(answer, Some(Err(_)))),
        ) {
            (true, _) => Stage::Loaded,
            (false, true) => Stage::Failed,
            (false, false) => Stage::Loading,
        }
    });
    let content = move || match stage.get() {
        Stage::Loading => view! { <p class="loading">{td_string!(ui, dues.loading)}</p> }.into_any(),
        Stage::Failed => view! { <p>{td_string!(ui, dues.load_failed)}</p> }.into_any(),
        Stage::Loaded => last
            .get_untracked()
            .map(|first| view! { <Loaded locale first last comeback /> })
            .into_any(),
    };
    view! {
        <section class="dues" aria-labelledby="dues-heading">
            <h2 id="dues-heading">{td_string!(ui, dues.heading)}</h2>
            <p>{td_string!(ui, dues.intro)}</p>
            <DuesNotice locale notice=comeback.notice />
            {content}
        </section>
    }
}

/// The section once the dues are read; `last` holds every later read.
#[component]
fn Loaded(locale: Locale, first: DuesView, last: RwSignal<Option<DuesView>>, comeback: Comeback) -> impl IntoView {
    let ui = ui_locale(locale);
    let sandbox = first.sandbox;
    let tiers = first.tiers.clone();
    let currencies = first.currencies.clone();
    let currency = choice::first_currency(&first);
    let tiers_offered = !tiers.is_empty();
    let view = Memo::new(move |_| last.get().unwrap_or_else(|| first.clone()));
    let can_manage = move || view.with(|view| view.can_manage);
    // Not while a payment is on its way: paying twice is easy to do.
    let may_pay = move || tiers_offered && choice::may_pay(view.with(|view| view.status)) && !comeback.waiting();
    let lapsed = Signal::derive(move || view.with(|view| view.status == DuesStatus::Lapsed));
    view! {
        {sandbox
            .then(|| {
                view! {
                    <p class="sandbox-note">
                        <strong>{td_string!(ui, dues.sandbox)}</strong>
                    </p>
                }
            })}
        <Standing locale view />
        <Show when=can_manage>
            <Manage locale />
        </Show>
        <Show when=may_pay>
            <DuesForm
                locale
                tiers=tiers.clone()
                currencies=currencies.clone()
                currency=currency.clone()
                lapsed
                gift=comeback.gift
            />
        </Show>
        <Payments locale view />
    }
}
