//! The browser's side of passkeys: the WebAuthn calls, through the JSON
//! forms of the options and answers (`parseCreationOptionsFromJSON`,
//! `toJSON`) so the server's JSON passes through unchanged.

use js_sys::{Function, JSON, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why no answer came from the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyFailure {
    /// This browser offers no passkeys (or not the JSON forms of them).
    Unsupported,
    /// The person closed the browser's dialog, or it timed out.
    Cancelled,
    /// The authenticator already holds a passkey of this account.
    AlreadyThere,
    /// Anything else the browser refused.
    Failed,
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

fn public_key_credential() -> Option<JsValue> {
    get(&js_sys::global(), "PublicKeyCredential")
}

/// Makes a passkey from the server's creation options; answers its JSON.
pub async fn create(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    ask("create", "parseCreationOptionsFromJSON", options).await
}

/// Signs the server's challenge with a passkey the person picks; answers
/// the signed answer's JSON.
pub async fn sign(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    ask("get", "parseRequestOptionsFromJSON", options).await
}

async fn ask(method: &str, parser: &str, options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    let class = public_key_credential().ok_or(PasskeyFailure::Unsupported)?;
    let parse: Function = get(&class, parser)
        .and_then(|f| f.dyn_into().ok())
        .ok_or(PasskeyFailure::Unsupported)?;
    let json = JSON::parse(&options.to_string()).map_err(|_| PasskeyFailure::Failed)?;
    let public_key = parse.call1(&class, &json).map_err(|_| PasskeyFailure::Failed)?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key).map_err(|_| PasskeyFailure::Failed)?;
    let credentials = get(&js_sys::global(), "navigator")
        .and_then(|navigator| get(&navigator, "credentials"))
        .ok_or(PasskeyFailure::Unsupported)?;
    let call: Function = get(&credentials, method)
        .and_then(|f| f.dyn_into().ok())
        .ok_or(PasskeyFailure::Unsupported)?;
    let promise: Promise = call
        .call1(&credentials, &request)
        .map_err(|error| failure(&error))?
        .dyn_into()
        .map_err(|_| PasskeyFailure::Failed)?;
    let credential = JsFuture::from(promise).await.map_err(|error| failure(&error))?;
    let to_json: Function = get(&credential, "toJSON")
        .and_then(|f| f.dyn_into().ok())
        .ok_or(PasskeyFailure::Unsupported)?;
    let answer = to_json.call0(&credential).map_err(|_| PasskeyFailure::Failed)?;
    let text: String = JSON::stringify(&answer).map_err(|_| PasskeyFailure::Failed)?.into();
    serde_json::from_str(&text).map_err(|_| PasskeyFailure::Failed)
}

/// A `DOMException`'s name says what went wrong.
fn failure(error: &JsValue) -> PasskeyFailure {
    match get(error, "name").and_then(|name| name.as_string()).as_deref() {
        Some("NotAllowedError" | "AbortError") => PasskeyFailure::Cancelled,
        Some("InvalidStateError") => PasskeyFailure::AlreadyThere,
        Some("NotSupportedError" | "SecurityError") => PasskeyFailure::Unsupported,
        _ => PasskeyFailure::Failed,
    }
}
