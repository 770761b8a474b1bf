//! Giving: `/donate` (the offer, the form, and coming back to it from the
//! payment page) and `/thank-you` (the gift once the provider has confirmed
//! it). Card details never pass through here: "Give" sends the visitor to
//! the provider's hosted payment page, which sends them back.

mod choices;
mod comeback;
mod donate_form;
pub mod donate_page;
mod form;
mod gift_status;
mod texts;
pub mod thanks_page;

#[cfg(all(test, feature = "ssr"))]
mod drawn_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
