//! JSON text in and out: the bundle's manifest, the page/worker
//! [`protocol`](crate::protocol), the page's settings and kept conversation.
//!
//! Natively this is `serde_json`. In the browser's modules (feature
//! `browser-json`, wasm32 only) the browser's own `JSON.parse` and
//! `JSON.stringify` do the text; `json/browser.rs` walks the parsed values
//! for serde's readers and `serde-wasm-bindgen` builds the values to write:
//! the module then carries no JSON parser and no number formatting (the
//! page's module is 26 KB smaller gzipped without them). Both write the same
//! JSON for the same value and read what the other wrote; only the wording
//! of errors differs.
//!
//! Writing a bundle stays with `serde_json` everywhere (`to_vec`): a bundle
//! built in the studio must be byte for byte the CLI's, and `JSON.stringify`
//! writes an `f32` as the `f64` it widens to.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Reads `text` as a `T`; the error says what did not fit.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    imp::from_str(text)
}

/// Reads UTF-8 `bytes` as a `T`.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    imp::from_slice(bytes)
}

/// Writes `value` as JSON text (empty if it cannot be written: a value of
/// these crates always can).
pub fn to_string<T: Serialize>(value: &T) -> String {
    imp::to_string(value)
}

/// Writes `value` as the bytes a bundle stores, the same on every platform.
#[cfg(feature = "build")]
pub(crate) fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// A field that a value of this `kind` must have, or the error naming it
/// (for the enums read as one struct of every kind's fields).
pub(crate) fn required<T>(field: Option<T>, kind: &str, name: &str) -> Result<T, String> {
    field.ok_or_else(|| format!("missing field `{name}` in a `{kind}`"))
}

#[cfg(not(all(target_arch = "wasm32", feature = "browser-json")))]
mod imp {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        from_slice(text.as_bytes())
    }

    pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }

    pub fn to_string<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }
}

#[cfg(all(target_arch = "wasm32", feature = "browser-json"))]
#[path = "json/browser.rs"]
mod imp;
