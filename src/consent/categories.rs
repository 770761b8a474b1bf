//! What each category is for and what it keeps on the device, in words.
//! The banner and the privacy page both list them from
//! `civic_api::consent`, so neither can promise something the other does not.

use civic_api::consent::{Category, StorageItem, StorageKind};
use leptos::prelude::*;

use crate::i18n::{Locale as Ui, td_string};

pub fn name(ui: Ui, category: Category) -> &'static str {
    match category {
        Category::Necessary => td_string!(ui, consent.necessary_name),
        Category::Preferences => td_string!(ui, consent.preferences_name),
        Category::Analytics => td_string!(ui, consent.analytics_name),
        Category::ExternalMedia => td_string!(ui, consent.external_media_name),
    }
}

pub fn purpose(ui: Ui, category: Category) -> &'static str {
    match category {
        Category::Necessary => td_string!(ui, consent.necessary_purpose),
        Category::Preferences => td_string!(ui, consent.preferences_purpose),
        Category::Analytics => td_string!(ui, consent.analytics_purpose),
        Category::ExternalMedia => td_string!(ui, consent.external_media_purpose),
    }
}

fn holds(ui: Ui, item: StorageItem) -> &'static str {
    match item {
        StorageItem::ConsentRecord => td_string!(ui, consent.storage_consent_record),
        StorageItem::Session => td_string!(ui, consent.storage_session),
        StorageItem::Language => td_string!(ui, consent.storage_language),
        StorageItem::Member => td_string!(ui, consent.storage_member),
        StorageItem::SurveyDraftTab => td_string!(ui, consent.storage_survey_tab),
        StorageItem::SurveyDraftSaved => td_string!(ui, consent.storage_survey_saved),
    }
}

fn kind(ui: Ui, kind: StorageKind) -> &'static str {
    match kind {
        StorageKind::LocalStorage => td_string!(ui, consent.kind_local_storage),
        StorageKind::SessionStorage => td_string!(ui, consent.kind_session_storage),
        StorageKind::Cookie => td_string!(ui, consent.kind_cookie),
    }
}

/// Every key a category keeps on the device, or word that it keeps none.
#[component]
pub fn StorageTable(ui: Ui, category: Category) -> impl IntoView {
    let rows: Vec<_> = category
        .storage()
        .map(|item| {
            view! {
                <tr>
                    <td>
                        <code>{item.key()}</code>
                    </td>
                    <td>{kind(ui, item.kind())}</td>
                    <td>{holds(ui, item)}</td>
                </tr>
            }
        })
        .collect();
    if rows.is_empty() {
        return view! { <p class="storage-none">{td_string!(ui, consent.nothing_stored)}</p> }.into_any();
    }
    view! {
        <table class="storage-table">
            <caption class="visually-hidden">
                {td_string!(ui, consent.storage_caption, category = name(ui, category)).to_string()}
            </caption>
            <thead>
                <tr>
                    <th scope="col">{td_string!(ui, consent.column_key)}</th>
                    <th scope="col">{td_string!(ui, consent.column_where)}</th>
                    <th scope="col">{td_string!(ui, consent.column_holds)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
