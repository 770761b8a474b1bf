//! The server's side of the first visit: the app's own components drawn to
//! HTML for the server's first answer (`civic-server` builds this crate
//! with the `ssr` feature). Browser-only work (effects, storage, focus,
//! requests) does not run here; what a page needs from the browser it
//! gets from `ServerPage` instead.

use civic_api::site::{Bundle, FirstData, bundle_of};
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::first_page;
pub use crate::first_page::{PostedForm, ServerConsent, ServerPage};
use crate::{AccountsApp, App, ConsoleApp, DonationsApp, ReadingApp, SurveysApp};

/// The body of the page at `path` (with its query) as the app draws it
/// from `data`, and with the form the browser posted there, if any.
pub fn page_html(path: &str, page: ServerPage, data: Option<FirstData>, post: Option<PostedForm>) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(RequestUrl::new(path));
        provide_context(page);
        first_page::put(data, post);
        // The bundle is the address's, whatever its query says.
        let address = path.split(['?', '#']).next().unwrap_or(path);
        match bundle_of(address) {
            Bundle::Reading => view! { <ReadingApp /> }.to_html(),
            Bundle::Main => view! { <App /> }.to_html(),
            Bundle::Surveys => view! { <SurveysApp /> }.to_html(),
            Bundle::Accounts => view! { <AccountsApp /> }.to_html(),
            Bundle::Donations => view! { <DonationsApp /> }.to_html(),
            Bundle::Console => view! { <ConsoleApp /> }.to_html(),
        }
    });
    first_page::put(None, None);
    drop(owner);
    html
}
