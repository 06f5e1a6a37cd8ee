//! Bundles: round trip through a file, and every kind of damage.

use responder::{Error, FORMAT_VERSION, Responder};

use crate::hay::SHOP_EN;
use crate::util::{Dir, bundle, decision, plauder, texts};

fn load(bytes: &[u8]) -> Error {
    match Responder::from_bundle(bytes) {
        Ok(_) => panic!("a damaged bundle loaded"),
        Err(err) => err,
    }
}

#[test]
fn a_bundle_survives_a_file_round_trip() {
    let dir = Dir::new();
    let path = dir.write("faq.plauder", bundle(SHOP_EN, "md"));
    let responder = Responder::from_bundle(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(responder.entries().len(), 10);
    assert_eq!(
        decision(&responder, "when will my parcel arrive"),
        "answer:delivery-time"
    );
}

#[test]
fn the_same_sources_build_to_the_same_bytes() {
    // tantivy names a segment by a random id; the bundle's is fixed, so two
    // builds (the CLI's, the studio's, another machine's) are one file.
    let first = bundle(SHOP_EN, "md");
    assert_eq!(first, bundle(SHOP_EN, "md"));
    let edited = SHOP_EN.replacen("arrive", "get here", 1);
    assert_ne!(first, bundle(&edited, "md"), "the fixture changed nothing");
}

#[test]
fn damage_gives_a_typed_error() {
    let bytes = bundle(SHOP_EN, "md");
    assert!(matches!(
        load(&bytes[..bytes.len() / 2]),
        Error::Truncated { .. }
    ));
    assert!(matches!(
        load(b"<!doctype html><title>404 Not Found</title>"),
        Error::NotABundle
    ));
    assert!(matches!(load(b""), Error::Truncated { .. }));
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    assert!(matches!(load(&flipped), Error::Corrupt(_)));
    let mut future = bytes.clone();
    future[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = load(&future);
    assert!(matches!(err, Error::UnsupportedVersion { .. }));
    assert!(err.to_string().contains("rebuild the bundle"), "{err}");
}

#[test]
fn every_prefix_of_a_real_bundle_is_refused() {
    let bytes = bundle("## Q?\n? other\n\nA.\n", "md");
    for len in (0..bytes.len()).step_by(7) {
        assert!(
            Responder::from_bundle(&bytes[..len]).is_err(),
            "prefix of {len} bytes loaded"
        );
    }
}

#[test]
fn ask_names_the_damaged_file() {
    let dir = Dir::new();
    let mut bytes = bundle(SHOP_EN, "md");
    bytes.truncate(100);
    let path = dir.write("faq.plauder", bytes);
    let output = plauder(&["ask", path.to_str().unwrap(), "hello"]);
    let (_, stderr) = texts(&output);
    assert!(!output.status.success());
    assert!(
        stderr.starts_with("error: ") && stderr.contains("faq.plauder: bundle is truncated"),
        "{stderr}"
    );
}
