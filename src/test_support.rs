//! Helpers for the component tests, which run in headless Chromium.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Makes `path` the browser's address, as if the visitor had opened it, so
/// that a `<Router>` mounted afterwards starts there.
pub fn open(path: &str) {
    window()
        .history()
        .expect("the test page has a history")
        .replace_state_with_url(&JsValue::NULL, "", Some(path))
        .expect("the test page accepts a same-origin path");
}

/// A fresh element to mount a component into.
pub fn container() -> web_sys::HtmlElement {
    let element = document().create_element("div").expect("a div can be created");
    document()
        .body()
        .expect("the test page has a body")
        .append_child(&element)
        .expect("the div can be added");
    wasm_bindgen::JsCast::unchecked_into(element)
}

/// Polls `probe` until it answers something, giving up after `timeout`.
pub async fn wait_for<T>(timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let started = js_sys::Date::now();
    loop {
        leptos::task::tick().await;
        if let Some(found) = probe() {
            return Some(found);
        }
        if js_sys::Date::now() - started > timeout.as_millis() as f64 {
            return None;
        }
        sleep(Duration::from_millis(20)).await;
    }
}

async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, duration.as_millis() as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Every element matching `selector` under `root`.
pub fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).expect("the selector is valid");
    (0..list.length())
        .filter_map(|index| list.item(index))
        .map(wasm_bindgen::JsCast::unchecked_into)
        .collect()
}

/// The first element matching `selector` under `root`, if any.
pub fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).expect("the selector is valid")
}

/// Fires an event the way the browser does for a person (input events
/// bubble, which leptos' delegated handlers rely on).
pub fn fire(target: &web_sys::Element, kind: &str, bubbles: bool) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(bubbles);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("the event can be made");
    target.dispatch_event(&event).expect("the event can be dispatched");
}
