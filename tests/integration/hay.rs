//! Fixture knowledge bases, written for these tests (the Markdown ones live in
//! `tests/fixtures/`, where the wasm test and `cargo xtask test` find them too).

/// A small English shop FAQ in Markdown.
pub const SHOP_EN: &str = include_str!("../fixtures/shop-en.md");

/// A small German shop FAQ in Markdown.
pub const SHOP_DE: &str = include_str!("../fixtures/shop-de.md");

/// The English FAQ as CSV (the spreadsheet format), a subset.
pub const SHOP_CSV: &str = "id,question,answer,tags\r\n\
delivery-time,How long does delivery take?,\"Orders arrive in 2–3 working days, usually.\",shipping\r\n\
delivery-time,When will my order arrive?,,\r\n\
delivery-time,What is the delivery time?,,\r\n\
returns,How do I return an item?,Within **30 days**.,\r\n\
returns,Can I send something back?,,\r\n\
returns,What is your return policy?,,\r\n";

/// The English FAQ as JSON, a subset.
pub const SHOP_JSON: &str = r#"[
  {"id": "delivery-time", "question": "How long does delivery take?",
   "phrasings": ["When will my order arrive?", "What is the delivery time?"],
   "answer": "Orders arrive in 2–3 working days.", "tags": ["shipping"]},
  {"question": "How do I return an item?",
   "phrasings": ["Can I send something back?"], "answer": "Within 30 days.",
   "link": "https://shop.example/returns"}
]"#;
