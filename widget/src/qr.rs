//! A QR code of the WhatsApp link, for desktop visitors to scan with their phone.

use qrcodegen::{QrCode, QrCodeEcc};

/// The QR code of `text` as an SVG path over a `size`×`size` grid (one unit
/// per module, quiet zone included), or `None` if the text is too long.
pub fn svg_path(text: &str) -> Option<(u32, String)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Low).ok()?;
    let border = 2;
    let size = code.size() + 2 * border;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Some((size as u32, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_wa_me_link() {
        let (size, path) = svg_path("https://wa.me/4915112345678?text=Hello%20%26%20bye").unwrap();
        assert!((25..60).contains(&size), "{size}");
        assert!(path.starts_with('M') && path.contains("h1v1h-1z"));
    }
}
