//! What a page whose e-mailed link's action the same link undoes shows
//! once done (the newsletter's unsubscribe page, a petition's news stop
//! page): its heading and words in a live region, the button that undoes
//! and redoes, and what went wrong beside it.

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;

/// The page's words for its button and its failure.
#[derive(Debug, Clone, Copy)]
pub struct UndoWords {
    /// Above the button while the action stands: "Clicked by mistake?".
    pub undo_text: &'static str,
    pub undo: &'static str,
    pub undoing: &'static str,
    /// The button once undone: take the action again.
    pub again: &'static str,
    pub again_working: &'static str,
    pub action_error: &'static str,
}

/// `undone`: whether the link's action is undone now (subscribed again,
/// following again); `text`: the words under the heading; `class`: the
/// paragraph's, for the page's style.
#[component]
pub fn UndoableDone(
    heading: Signal<&'static str>,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] undone: Signal<bool>,
    pending: ReadSignal<bool>,
    action_failed: RwSignal<bool>,
    toggle: Callback<()>,
    words: UndoWords,
    class: &'static str,
) -> impl IntoView {
    let label = move || match (undone.get(), pending.get()) {
        (false, false) => words.undo,
        (false, true) => words.undoing,
        (true, false) => words.again,
        (true, true) => words.again_working,
    };
    view! {
        <PageHeading text=heading />
        // A live region: undoing changes these words, not the page.
        <div role="status">
            <p class=class>{text}</p>
        </div>
        <div class="undo">
            {move || (!undone.get()).then(|| view! { <p>{words.undo_text}</p> })}
            // Not `disabled` while busy: that would take the focus away.
            <button
                type="button"
                class="secondary"
                aria-disabled=move || pending.get().then_some("true")
                on:click=move |_| {
                    if !pending.get_untracked() {
                        toggle.run(());
                    }
                }
            >
                {label}
            </button>
        </div>
        <div class="form-alert" role="alert">
            {move || action_failed.get().then(|| view! { <p>{words.action_error}</p> })}
        </div>
    }
}
