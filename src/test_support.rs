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

/// The trimmed text of an element.
pub fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default().trim().to_owned()
}

/// The trimmed text of every element matching `selector` under `root`.
pub fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    all(root, selector).iter().map(text).collect()
}

/// Types `value` into the input or textarea at `selector`, as a person does.
pub fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let input = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    match input.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.set_value(value),
        None => input.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value),
    }
    fire(&input, "input", true);
}

/// The JSON a server would answer with.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("test data is JSON")
}

// A stand-in for the API, for the requests that must go through: the
// page's `fetch` answers for one base address from a table, and passes
// anything else on, so other tests still reach their closed port.

const INSTALL_STAND_IN: &str = r#"
if (!window.__apiStandIn) {
    const original = window.fetch.bind(window);
    const standIn = { base: "", routes: {}, calls: [], bodies: [] };
    window.__apiStandIn = standIn;
    window.fetch = function (input, init) {
        const url = typeof input === "string" ? input : input.url;
        if (!standIn.base || !url.startsWith(standIn.base)) {
            return original(input, init);
        }
        const method = (init && init.method) || (typeof input === "string" ? "GET" : input.method);
        // gloo-net ends a URL with a query with "&": not part of the route.
        const key = method + " " + url.slice(standIn.base.length).replace(/[?&]$/, "");
        standIn.calls.push(key);
        const body = init && typeof init.body === "string" ? Promise.resolve(init.body)
            : typeof input === "string" ? Promise.resolve("") : input.clone().text();
        standIn.bodies.push(body.then((text) => [key, text], () => [key, ""]));
        const route = standIn.routes[key];
        if (!route) {
            return Promise.reject(new TypeError("no answer for " + key));
        }
        const headers = { "Content-Type": "application/json" };
        // A 204 has no body at all (the Response constructor refuses one).
        const answer = route.status === 204 ? null : route.body;
        return Promise.resolve(new Response(answer, { status: route.status, headers }));
    };
}
window.__apiStandIn.base = base;
window.__apiStandIn.routes = {};
window.__apiStandIn.calls = [];
window.__apiStandIn.bodies = [];
"#;

fn stand_in() -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &"__apiStandIn".into()).expect("the stand-in is installed")
}

/// Answers each `METHOD /path` under `base` with its status and JSON body;
/// forgets the answers and requests of any test before.
pub fn answer_fetches(base: &str, routes: Vec<(&str, u16, String)>) {
    js_sys::Function::new_with_args("base", INSTALL_STAND_IN)
        .call1(&JsValue::NULL, &base.into())
        .expect("the stand-in installs");
    let table = js_sys::Reflect::get(&stand_in(), &"routes".into()).expect("the stand-in has routes");
    for (key, status, body) in routes {
        let route = js_sys::Object::new();
        js_sys::Reflect::set(&route, &"status".into(), &status.into()).expect("a route takes a status");
        js_sys::Reflect::set(&route, &"body".into(), &body.into()).expect("a route takes a body");
        js_sys::Reflect::set(&table, &key.into(), &route).expect("the table takes a route");
    }
}

/// The requests the stand-in heard, as `METHOD /path`.
pub fn fetches_made() -> Vec<String> {
    use wasm_bindgen::JsCast;
    let calls: js_sys::Array = js_sys::Reflect::get(&stand_in(), &"calls".into())
        .expect("the stand-in keeps its calls")
        .unchecked_into();
    calls.iter().filter_map(|call| call.as_string()).collect()
}

/// The requests the stand-in heard with what they carried, as
/// (`METHOD /path`, body).
pub async fn bodies_sent() -> Vec<(String, String)> {
    use wasm_bindgen::JsCast;
    let bodies: js_sys::Array = js_sys::Reflect::get(&stand_in(), &"bodies".into())
        .expect("the stand-in keeps the bodies")
        .unchecked_into();
    let read = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&bodies))
        .await
        .expect("every body can be read");
    let read: js_sys::Array = read.unchecked_into();
    read.iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect()
}

/// The JSON body of the one request to `key` (`METHOD /path`) the stand-in
/// heard.
pub async fn body_of<T: serde::de::DeserializeOwned>(key: &str) -> T {
    let bodies: Vec<String> = bodies_sent()
        .await
        .into_iter()
        .filter(|(heard, _)| heard == key)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(bodies.len(), 1, "{key} sent {} times", bodies.len());
    serde_json::from_str(&bodies[0]).unwrap_or_else(|error| panic!("{key}: {error} in {}", bodies[0]))
}
