//! The console's search forms (people by address, the audit log by
//! words): one labelled search field, its button and the alert that says
//! why a search did not go through.

use civic_api::Locale;
use leptos::prelude::*;

use crate::form_kit::{Field, FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::console::texts::failure_texts;
use crate::ui_locale;

#[component]
pub fn SearchForm(
    locale: Locale,
    kit: FormKit,
    field: Field,
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    hint: &'static str,
    button: &'static str,
    /// Sends the search.
    submit: Callback<()>,
    /// What "Try again" does, where it is not `submit` (asking again for
    /// the page of results that failed).
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let retry = retry.unwrap_or(submit);
    view! {
        <form
            class="console-search"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <TextField
                field
                input_type="search"
                label=label.to_owned()
                hint=hint.to_owned()
                error_text=Callback::new(move |_| td_string!(ui, console.failed_server).to_owned())
            />
            <SubmitButton kit pending label=button sending=td_string!(ui, console.searching) />
        </form>
        <FormAlert kit locale texts=failure_texts(ui) retry />
    }
}
