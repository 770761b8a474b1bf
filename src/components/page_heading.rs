//! A page's main heading, which takes focus after a client-side navigation.

use leptos::html::H1;
use leptos::prelude::*;

#[component]
pub fn PageHeading(#[prop(into)] text: Signal<&'static str>) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    crate::browser::focus_heading_after_navigation(heading);
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {move || text.get()}
        </h1>
    }
}
