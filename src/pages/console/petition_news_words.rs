//! The console's words for a petition's news: counts of signers in each
//! language's grammatical number, and the languages an update was written
//! in.

use civic_api::Locale;
use leptos::prelude::*;

use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::petition_words::language_name;
use crate::plural::is_singular;

/// Each count sentence's two forms: singular and plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signers {
    /// "12 signers asked for this petition's news."
    Following,
    /// "Post and e-mail to 12 signers", the button.
    Post,
    /// "Posted. E-mailed to 12 signers."
    PostedNow,
    /// "E-mailed to 12 signers", a past update's.
    Emailed,
}

/// `count` signers, as `what` says them.
pub fn signers(ui: i18n::Locale, what: Signers, count: u64) -> String {
    let number = format_number(ui, count);
    match (what, is_singular(ui, count)) {
        (Signers::Following, true) => td_string!(ui, console.news_following_one, count = number),
        (Signers::Following, false) => td_string!(ui, console.news_following_other, count = number),
        (Signers::Post, true) => td_string!(ui, console.news_submit_one, count = number),
        (Signers::Post, false) => td_string!(ui, console.news_submit_other, count = number),
        (Signers::PostedNow, true) => td_string!(ui, console.news_posted_one, count = number),
        (Signers::PostedNow, false) => td_string!(ui, console.news_posted_other, count = number),
        (Signers::Emailed, true) => td_string!(ui, console.news_emailed_one, count = number),
        (Signers::Emailed, false) => td_string!(ui, console.news_emailed_other, count = number),
    }
}

/// "Written in: English, Français", each name in its own language.
pub fn languages_view(ui: i18n::Locale, languages: &[Locale]) -> impl IntoView + use<> {
    let separator = td_string!(ui, console.petition_language_separator);
    let names = languages
        .iter()
        .enumerate()
        .map(|(index, locale)| view! { {(index > 0).then_some(separator)} {language_name(*locale)} })
        .collect_view();
    view! { {td_string!(ui, console.news_languages)} " " {names} }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_signers_take_the_form_their_number_asks_for() {
        assert_eq!(
            signers(Locale::En, Signers::Post, 1234),
            "Post and e-mail to 1,234 signers"
        );
        assert_eq!(signers(Locale::En, Signers::Post, 1), "Post and e-mail to 1 signer");
        assert_eq!(
            signers(Locale::En, Signers::PostedNow, 2),
            "Posted. E-mailed to 2 signers."
        );
        assert_eq!(
            signers(Locale::Fr, Signers::Following, 0),
            "0 signataire a demandé les nouvelles de cette pétition."
        );
    }
}
