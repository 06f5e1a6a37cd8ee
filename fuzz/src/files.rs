//! The binary files the browser reads: the bundle, its second tier and the
//! encoder. Each target first makes the envelope right (length, CRC-32), so
//! that the decoder behind it meets the garbage.

use std::sync::{Mutex, OnceLock};

use responder::build::{BuildOptions, build};
use responder::understanding::SecondTier;
use responder::{Lang, Responder, Thresholds};

use crate::SHOP_FAQ;

/// A small FAQ, so the seed bundle is small and mutations reach every part.
const SMALL_FAQ: &str = "## How long does delivery take?\n? When will my order arrive?\n\n\
    Two to three **working days**.\n\n## Can I return an item?\n? returns\n@tags orders\n\n\
    Yes, within [30 days](https://shop.example/returns).\n\n## Do you ship to Austria?\n\nYes.\n";

/// Overwrites the CRC-32 that ends `data` with the right one.
fn fix_checksum(data: &mut [u8]) {
    if let Some(at) = data.len().checked_sub(4) {
        let crc = crc32fast::hash(&data[..at]);
        data[at..].copy_from_slice(&crc.to_le_bytes());
    }
}

/// The words of the tiny test encoder.
const WORDS: [&str; 9] = [
    "how", "long", "delivery", "take", "return", "item", "pay", "card", "order",
];

fn tiny_encoder() -> &'static encoder::Encoder {
    static ENCODER: OnceLock<encoder::Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| {
        encoder::Encoder::new(encoder::testing::tiny(&WORDS, 11)).expect("the tiny encoder")
    })
}

/// The shop FAQ built with the tiny encoder: its responder and second tier.
fn shop_with_tier() -> &'static (Mutex<Responder>, Vec<u8>) {
    static SHOP: OnceLock<(Mutex<Responder>, Vec<u8>)> = OnceLock::new();
    SHOP.get_or_init(|| {
        let kb = responder::source::parse_str("shop-en.md", SHOP_FAQ, "md", Lang::English)
            .expect("the shop FAQ reads");
        let options = BuildOptions {
            encoder: Some(tiny_encoder()),
            // Given, so the random encoder is not found useless.
            thresholds: Some(Thresholds {
                answer: 0.4,
                margin: 0.05,
                clarify: 0.25,
            }),
            ..BuildOptions::default()
        };
        let built = build(&kb, &options).expect("the shop FAQ builds");
        let tier = built
            .second_tier
            .expect("a second tier with given thresholds");
        (Mutex::new(built.responder), tier)
    })
}

/// A bundle: whatever reads, answers soundly.
pub fn bundle(data: &[u8]) {
    let mut data = data.to_vec();
    if data.len() >= 24 {
        let len = data.len() as u64;
        data[12..20].copy_from_slice(&len.to_le_bytes());
    }
    fix_checksum(&mut data);
    let summary = responder::bundle_summary(&data);
    let Ok(responder) = Responder::from_bundle(&data) else {
        return;
    };
    let (entries, _) = summary.expect("a bundle that opens has a summary");
    assert_eq!(entries, responder.entries());
    for question in [
        "how long does delivery take",
        "return",
        "talk to a person",
        "",
    ] {
        let reply = responder
            .answer(question)
            .unwrap_or_else(|e| panic!("an opened bundle cannot answer {question:?}: {e}"));
        for c in &reply.ranked {
            assert!(c.entry < entries.len() && c.confidence.is_finite());
        }
    }
}

/// A bundle to start from.
pub fn bundle_seeds() -> Vec<Vec<u8>> {
    let kb = responder::source::parse_str("small.md", SMALL_FAQ, "md", Lang::English)
        .expect("the small FAQ reads");
    vec![build(&kb, &Default::default()).expect("builds").bytes]
}

/// A second-tier file: what reads writes back to the same bytes, and
/// attached to its bundle it answers soundly or is refused.
pub fn tier2(data: &[u8]) {
    let mut data = data.to_vec();
    fix_checksum(&mut data);
    let Ok(tier) = SecondTier::read(&data) else {
        return;
    };
    assert!(
        tier.to_bytes() == data,
        "a second tier read and written changed"
    );
    let mut shop = shop_with_tier().0.lock().unwrap_or_else(|e| e.into_inner());
    let encoder = tiny_encoder();
    if shop.set_second_tier(tier, encoder.checksum()).is_err() {
        return;
    }
    for question in ["how long does delivery take", "pay by card"] {
        let embedding = encoder.encode(question);
        let reply = match shop.answer_understood(question, &embedding) {
            Ok(reply) => reply,
            // A tier whose width is not the encoder's is refused when asked
            // (the browser's engine then answers with the first tier).
            Err(responder::Error::Encoder(why)) if why.contains("dimensions") => return,
            Err(e) => panic!("an attached second tier cannot answer: {e}"),
        };
        for c in &reply.ranked {
            assert!(c.entry < shop.entries().len() && c.confidence.is_finite());
        }
    }
}

/// A second tier to start from.
pub fn tier2_seeds() -> Vec<Vec<u8>> {
    vec![shop_with_tier().1.clone()]
}

/// An encoder file: what reads writes back to the same bytes, and encodes
/// any text to a unit vector of its width.
pub fn encoder(data: &[u8]) {
    let mut data = data.to_vec();
    fix_checksum(&mut data);
    let Ok(model) = encoder::Model::read(&data) else {
        return;
    };
    assert!(
        model.to_bytes() == data,
        "an encoder read and written changed"
    );
    let Ok(encoder) = encoder::Encoder::new(model) else {
        return;
    };
    for text in ["how long does delivery take", "", "ünïcödé 😀 ##"] {
        let v = encoder.encode(text);
        assert_eq!(v.len(), encoder.dimensions());
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!(
            v.iter().all(|x| x.is_finite()) && (norm == 0.0 || (norm - 1.0).abs() < 1e-3),
            "an encoding of norm {norm}"
        );
    }
}

/// An encoder to start from (2 layers, 32 wide: small enough to mutate).
pub fn encoder_seeds() -> Vec<Vec<u8>> {
    vec![encoder::testing::tiny(&WORDS, 11).to_bytes()]
}
