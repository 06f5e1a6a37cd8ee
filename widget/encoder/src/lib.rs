//! Plauder's sentence encoder in the browser: the `encoder` crate behind a
//! small wasm-bindgen API, built as its own module (`plauder-encoder.js` +
//! `plauder-encoder_bg.wasm`, with SIMD) so that the first tier's module
//! carries none of it. The answering worker (`plauder-worker.js`) loads it
//! once the panel is open, with the encoder file the bundle names.
#![deny(missing_docs)]

use wasm_bindgen::prelude::*;

/// A loaded encoder.
#[wasm_bindgen]
pub struct Encoder {
    inner: encoder::Encoder,
}

#[wasm_bindgen]
impl Encoder {
    /// Reads an encoder file (`encoder-<checksum>.bin`); a truncated,
    /// corrupt or other-version file is refused with the reason.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<Encoder, JsError> {
        let inner =
            encoder::Encoder::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Encoder { inner })
    }

    /// The unit-length embedding of a text.
    pub fn encode(&self, text: &str) -> Vec<f32> {
        self.inner.encode(text)
    }

    /// The token ids the model reads for a text (`[CLS]` … `[SEP]`): for
    /// running the same model in another engine, side by side.
    pub fn tokens(&self, text: &str) -> Vec<u32> {
        self.inner.tokens(text)
    }

    /// The checksum ending the file: second tiers record the one they were built with.
    pub fn checksum(&self) -> u32 {
        self.inner.checksum()
    }

    /// The name the file is published under, `encoder-<checksum>.bin`.
    #[wasm_bindgen(js_name = fileName)]
    pub fn file_name(&self) -> String {
        self.inner.file_name()
    }
}
