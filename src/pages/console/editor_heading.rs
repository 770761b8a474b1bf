//! The top of every console editor: its heading (the English title of what
//! is edited, or the words for a new one) and the way back to the list.

use leptos::html::H3;
use leptos::prelude::*;

/// `untitled`, where given, names a new thing while `title` is empty; the
/// heading is marked English only while it shows the English title.
#[component]
pub fn EditorHeading(
    id: &'static str,
    title: RwSignal<String>,
    #[prop(optional)] untitled: Option<&'static str>,
    back: &'static str,
    on_close: Callback<()>,
    heading: NodeRef<H3>,
) -> impl IntoView {
    let named = move || untitled.is_none() || title.with(|title| !title.is_empty());
    view! {
        <h3
            id=id
            tabindex="-1"
            lang=move || named().then_some("en")
            dir=move || named().then_some("auto")
            node_ref=heading
        >
            {move || match (named(), untitled) {
                (false, Some(words)) => words.to_owned(),
                _ => title.get(),
            }}
        </h3>
        <p>
            <button type="button" class="secondary" on:click=move |_| on_close.run(())>
                {back}
            </button>
        </p>
    }
}
