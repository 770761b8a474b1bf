//! One language of the petition editor: a fieldset named by the language
//! (in itself), its five fields written in that language and direction,
//! and a preview of its text. A language left blank is untranslated, and
//! says so in words.

use civic_api::Locale;
use civic_api::petition_editing::is_blank;
use leptos::prelude::*;

use crate::form_kit::TextField;
use crate::i18n::td_string;
use crate::pages::console::markdown_preview::MarkdownPreview;
use crate::pages::console::petition_fields::{LanguageFields, Part, part_error};
use crate::ui_locale;

#[component]
pub fn LanguageFieldset(locale: Locale, language: LanguageFields) -> impl IntoView {
    let ui = ui_locale(locale);
    let text_locale = language.locale;
    let english = text_locale == Locale::DEFAULT;
    let name_id = format!("petition-{text_locale}-language");
    // English is always written; a translation may not be yet.
    let untranslated = Memo::new(move |_| !english && is_blank(&language.text()));
    let field = move |part: Part| {
        view! {
            <TextField
                field=language.get(part)
                label=part.label(ui)
                hint=part.hint(ui)
                error_text=part_error(ui, part, text_locale)
                text_locale
                rows=(part == Part::Body).then_some(12)
                required=english && part != Part::ImageAlt
            />
        }
    };
    let body = language.get(Part::Body);
    view! {
        <fieldset class="petition-language" class:untranslated=move || untranslated.get()>
            <legend>
                <span id=name_id.clone() lang=text_locale.as_str() dir=text_locale.dir()>
                    {text_locale.native_name()}
                </span>
                {move || {
                    untranslated
                        .get()
                        .then(|| {
                            view! {
                                " "
                                <span class="not-translated">{td_string!(ui, console.petition_not_translated)}</span>
                            }
                        })
                }}
            </legend>
            {field(Part::Title)}
            {field(Part::Summary)}
            {field(Part::AddressedTo)}
            {field(Part::Body)}
            <MarkdownPreview
                locale
                text_locale
                markdown=body.value()
                label=td_string!(ui, console.petition_preview)
                id=format!("petition-{text_locale}-preview")
                labelled_by=name_id
            />
            {field(Part::ImageAlt)}
        </fieldset>
    }
}
