//! The browser's own "do not track me" settings.

use civic_api::consent::PrivacySignal;
use js_sys::Reflect;
use leptos::prelude::window;

/// Global Privacy Control first (`navigator.globalPrivacyControl`), then Do
/// Not Track (`navigator.doNotTrack == "1"`), as the server reads headers.
pub fn detect() -> Option<PrivacySignal> {
    let navigator = window().navigator();
    let read = |name: &str| Reflect::get(&navigator, &name.into()).ok();
    if read("globalPrivacyControl").and_then(|value| value.as_bool()) == Some(true) {
        return Some(PrivacySignal::GlobalPrivacyControl);
    }
    let do_not_track = read("doNotTrack").and_then(|value| value.as_string());
    (do_not_track.as_deref() == Some("1")).then_some(PrivacySignal::DoNotTrack)
}
