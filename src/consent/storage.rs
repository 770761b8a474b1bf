//! The only place that touches the visitor's device storage, and only for
//! the keys `civic_api::consent::StorageItem` names. Callers check consent
//! first; a browser that refuses storage (private modes, settings) simply
//! remembers nothing.

use civic_api::consent::{self, ConsentId, ConsentRecord, POLICY_REVISION_META, StorageItem, StorageKind};
use leptos::prelude::{document, window};
use wasm_bindgen::JsValue;

fn area(kind: StorageKind) -> Option<web_sys::Storage> {
    match kind {
        StorageKind::LocalStorage => window().local_storage().ok().flatten(),
        StorageKind::SessionStorage => window().session_storage().ok().flatten(),
        StorageKind::Cookie => None,
    }
}

/// The server, drawing a page, has no visitor's device: nothing is stored.
const ON_SERVER: bool = cfg!(not(target_arch = "wasm32"));

pub fn read(item: StorageItem) -> Option<String> {
    if ON_SERVER {
        return None;
    }
    match item.kind() {
        StorageKind::Cookie => {
            let cookies = js_sys::Reflect::get(&document(), &"cookie".into()).ok()?.as_string()?;
            cookies.split("; ").find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                let decoded = (name == item.key()).then(|| js_sys::decode_uri_component(value).ok())??;
                Some(String::from(decoded))
            })
        }
        kind => area(kind)?.get_item(item.key()).ok().flatten(),
    }
}

pub fn write(item: StorageItem, value: &str) {
    if ON_SERVER {
        return;
    }
    match item.kind() {
        StorageKind::Cookie => {
            let secure = window().location().protocol().as_deref() == Ok("https:");
            set_cookie(&item.cookie(&String::from(js_sys::encode_uri_component(value)), secure));
        }
        kind => {
            if let Some(area) = area(kind) {
                let _ = area.set_item(item.key(), value);
            }
        }
    }
}

pub fn remove(item: StorageItem) {
    if ON_SERVER {
        return;
    }
    match item.kind() {
        StorageKind::Cookie => set_cookie(&format!("{}=; Path=/; Max-Age=0; SameSite=Lax", item.key())),
        kind => {
            if let Some(area) = area(kind) {
                let _ = area.remove_item(item.key());
            }
        }
    }
}

fn set_cookie(text: &str) {
    let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &JsValue::from_str(text));
}

pub fn read_record() -> Option<ConsentRecord> {
    ConsentRecord::parse(&read(StorageItem::ConsentRecord)?)
}

pub fn write_record(record: &ConsentRecord) {
    if let Ok(text) = serde_json::to_string(record) {
        write(StorageItem::ConsentRecord, &text);
    }
}

/// The privacy policy's revision, which the server writes into every page.
pub fn policy_revision() -> Option<u32> {
    let selector = format!("meta[name=\"{POLICY_REVISION_META}\"]");
    let meta = document().query_selector(&selector).ok().flatten()?;
    meta.get_attribute("content")?
        .trim()
        .parse()
        .ok()
        .filter(|revision| *revision > 0)
}

/// Whether the address asks for the consent settings (what "Cookie
/// settings" sends when no app opens them in place).
pub fn settings_asked() -> bool {
    consent::settings_asked(&window().location().search().unwrap_or_default())
}

/// 128 random bits from the browser's cryptographic generator.
pub fn random_consent_id() -> ConsentId {
    let mut bytes = [0u8; 16];
    let filled = window()
        .crypto()
        .is_ok_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Only an ancient browser lacks it; the id names a decision, not a
        // secret, so a weaker source still serves.
        bytes
            .iter_mut()
            .for_each(|byte| *byte = (js_sys::Math::random() * 256.0) as u8);
    }
    ConsentId::from_bytes(bytes)
}

/// Now, as `new Date().toISOString()` writes it.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}
