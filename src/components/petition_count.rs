//! The live count on a petition's page: one cheap request every ten
//! seconds while the page is in view, never two at once, none once the
//! visitor has left.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use civic_api::petition::PetitionCount;
use civic_api::{Locale, Slug};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api;
use crate::browser::page_hidden;
use crate::components::signature_progress::SignatureProgress;

const EVERY: Duration = Duration::from_secs(10);

#[component]
pub fn LiveCount(locale: Locale, slug: Slug, count: RwSignal<PetitionCount>) -> impl IntoView {
    poll_count(slug, count);
    view! {
        <SignatureProgress
            locale
            id="petition-progress"
            count=Signal::derive(move || count.get().count)
            goal=Signal::derive(move || count.get().goal)
        />
    }
}

/// Refreshes `count` from the server for as long as the calling component
/// lives. A hidden tab skips its turns and catches up when shown again.
/// The server, drawing the page once, has nothing to refresh.
fn poll_count(slug: Slug, count: RwSignal<PetitionCount>) {
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    let base = api::api_base();
    let in_flight: Rc<RefCell<Option<web_sys::AbortController>>> = Rc::default();
    let last_asked = Rc::new(Cell::new(js_sys::Date::now()));
    let ask = {
        let (in_flight, last_asked) = (in_flight.clone(), last_asked.clone());
        move || {
            if page_hidden() || in_flight.borrow().is_some() {
                return;
            }
            let Ok(controller) = web_sys::AbortController::new() else {
                return;
            };
            let signal = controller.signal();
            *in_flight.borrow_mut() = Some(controller);
            last_asked.set(js_sys::Date::now());
            let (base, slug, in_flight) = (base.clone(), slug.clone(), in_flight.clone());
            leptos::task::spawn_local(async move {
                let answer = api::petition_count(&base, &slug, &signal).await;
                in_flight.borrow_mut().take();
                // A failed turn keeps the last count; the next one retries.
                if let Ok(fresh) = answer
                    && count.try_get_untracked() != Some(fresh)
                {
                    count.try_set(fresh);
                }
            });
        }
    };
    let ask = Rc::new(ask);
    let interval = {
        let ask = ask.clone();
        set_interval_with_handle(move || ask(), EVERY).ok()
    };
    let shown = {
        window_event_listener_untyped("visibilitychange", move |_| {
            if !page_hidden() && js_sys::Date::now() - last_asked.get() >= EVERY.as_millis() as f64 {
                ask();
            }
        })
    };
    let cleanup = SendWrapper::new((interval, shown, in_flight));
    on_cleanup(move || {
        let (interval, shown, in_flight) = cleanup.take();
        if let Some(interval) = interval {
            interval.clear();
        }
        shown.remove();
        if let Some(controller) = in_flight.borrow_mut().take() {
            controller.abort();
        }
    });
}
