//! The second tier end to end, with a tiny generated encoder of the real
//! architecture (its understanding is random; what is tested is the
//! plumbing: files, links, blend, decisions, refusals and the CLI).

use responder::build::{BuildOptions, build};
use responder::tier2::second_tier_path;
use responder::understanding::SecondTier;
use responder::{Decision, Lang, Responder, Thresholds, source};

use crate::hay::{SHOP_DE, SHOP_EN};
use crate::util::{Dir, plauder, texts};

fn tiny() -> encoder::Encoder {
    let words = [
        "how", "long", "delivery", "take", "return", "item", "pay", "card", "order",
    ];
    encoder::Encoder::new(encoder::testing::tiny(&words, 11)).expect("tiny encoder")
}

/// Thresholds given, so no self-quiz can find the random encoder useless.
fn given() -> Option<Thresholds> {
    Some(Thresholds {
        answer: 0.4,
        margin: 0.05,
        clarify: 0.25,
    })
}

/// The same thresholds as command-line arguments.
const GIVEN: [&str; 6] = [
    "--answer-threshold",
    "0.4",
    "--clarify-threshold",
    "0.25",
    "--margin",
    "0.05",
];

fn built(encoder: &encoder::Encoder) -> responder::build::Built {
    let kb = source::parse_str("faq.md", SHOP_EN, "md", Lang::English).expect("fixture parses");
    let options = BuildOptions {
        encoder: Some(encoder),
        thresholds: given(),
        ..BuildOptions::default()
    };
    build(&kb, &options).expect("builds with an encoder")
}

#[test]
fn no_second_tier_where_the_encoder_adds_nothing_or_does_not_know_the_language() {
    let encoder = tiny();
    let options = BuildOptions {
        encoder: Some(&encoder),
        ..BuildOptions::default()
    };
    for (text, lang, why) in [
        (SHOP_EN, Lang::English, "added nothing"),
        (SHOP_DE, Lang::German, "entries are in de"),
    ] {
        let kb = source::parse_str("faq.md", text, "md", lang).expect("fixture parses");
        let built = build(&kb, &options).expect("builds");
        assert!(built.second_tier.is_none());
        assert!(
            built
                .second_note
                .as_deref()
                .is_some_and(|n| n.contains(why)),
            "{:?}",
            built.second_note
        );
        // The bundle names no encoder: a browser fetches none.
        assert_eq!(responder::bundle_summary(&built.bytes).unwrap().1, None);
    }
}

#[test]
fn a_build_with_an_encoder_writes_a_second_tier_linked_to_its_bundle() {
    let encoder = tiny();
    let built = built(&encoder);
    let tier = SecondTier::read(built.second_tier.as_ref().expect("a second tier")).unwrap();
    assert_eq!(tier.encoder_checksum(), encoder.checksum());
    let mut responder = Responder::from_bundle(&built.bytes).unwrap();
    responder
        .set_second_tier(tier.clone(), encoder.checksum())
        .expect("its own bundle accepts it");
    // Another encoder is refused.
    let error = Responder::from_bundle(&built.bytes)
        .unwrap()
        .set_second_tier(tier.clone(), encoder.checksum() ^ 1)
        .unwrap_err();
    assert!(
        error.to_string().contains("was built with encoder-"),
        "{error}"
    );
    // The bundle names the encoder the browser must fetch.
    let (_, named) = responder::bundle_summary(&built.bytes).unwrap();
    assert_eq!(named.as_deref(), Some(encoder.file_name().as_str()));
    // Another build's bundle refuses it.
    let other = crate::util::bundle(SHOP_EN.replace("30 days", "31 days").as_str(), "md");
    let error = Responder::from_bundle(&other)
        .unwrap()
        .set_second_tier(tier, encoder.checksum())
        .unwrap_err();
    assert!(error.to_string().contains("another build"), "{error}");
}

#[test]
fn both_tiers_answer_and_a_person_is_still_a_person() {
    let encoder = tiny();
    let built = built(&encoder);
    let responder = &built.responder;
    for question in ["How long does delivery take?", "How do I return an item?"] {
        let reply = responder
            .answer_understood(question, &encoder.encode(question))
            .unwrap();
        assert!(!reply.ranked.is_empty() && reply.ranked.len() <= 10);
        let sum: f32 = reply.ranked.iter().map(|c| c.confidence).sum();
        assert!(sum.is_finite());
    }
    let human = "I want to talk to a human";
    let reply = responder
        .answer_understood(human, &encoder.encode(human))
        .unwrap();
    assert!(matches!(reply.decision, Decision::Handoff { .. }));
    let wrong = responder.answer_understood(human, &[0.5; 3]).unwrap_err();
    assert!(wrong.to_string().contains("dimensions"), "{wrong}");
}

#[test]
fn the_cli_builds_asks_and_evaluates_with_both_tiers() {
    let dir = Dir::new();
    let faq = dir.write("faq.md", SHOP_EN);
    let model = dir.write(
        "encoder.bin",
        encoder::testing::tiny(&["delivery"], 2).to_bytes(),
    );
    let bundle = dir.path("faq.plauder");
    let args = |extra: &[&str]| {
        let mut all = vec![
            "build",
            faq.to_str().unwrap(),
            "-o",
            bundle.to_str().unwrap(),
        ];
        all.extend(extra);
        plauder(&all)
    };
    let out = args(&[&["--encoder", model.to_str().unwrap()][..], &GIVEN].concat());
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("second tier") && stdout.contains("blend"),
        "{stdout}"
    );
    let second = second_tier_path(&bundle);
    assert!(second.ends_with("faq.tier2.plauder") && second.exists());

    let ask = |extra: &[&str]| {
        let mut all = vec![
            "ask",
            bundle.to_str().unwrap(),
            "How long does delivery take?",
        ];
        all.extend(extra);
        texts(&plauder(&all))
    };
    let (stdout, _) = ask(&["--encoder", model.to_str().unwrap(), "--explain"]);
    assert!(stdout.contains("blend  first  second"), "{stdout}");
    let (_, stderr) = ask(&[]);
    assert!(stderr.contains("pass --encoder"), "{stderr}");
    let other = dir.write(
        "other.bin",
        encoder::testing::tiny(&["delivery"], 3).to_bytes(),
    );
    let out = plauder(&[
        "ask",
        bundle.to_str().unwrap(),
        "hi",
        "--encoder",
        other.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        texts(&out).1.contains("was built with encoder-"),
        "{}",
        texts(&out).1
    );

    let queries = dir.write(
        "q.csv",
        "query,expected_id\nHow long does delivery take?,\n",
    );
    let eval = |tier: &str| {
        texts(&plauder(&[
            "eval",
            "--kb",
            faq.to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
            "--encoder",
            model.to_str().unwrap(),
            "--tier",
            tier,
            "--json",
            GIVEN[0],
            GIVEN[1],
            GIVEN[2],
            GIVEN[3],
            GIVEN[4],
            GIVEN[5],
        ]))
    };
    assert!(eval("both").0.contains("accuracy_at_1"));
    assert!(eval("first").0.contains("accuracy_at_1"));

    // A build without an encoder removes the stale second tier.
    assert!(args(&[]).status.success());
    assert!(!second.exists());
}

/// A second tier with its first scale (of a phrasing vector, or of the
/// head when it has no vectors) replaced, its checksum made right again.
fn with_first_scale(tier: &[u8], scale: f32) -> Vec<u8> {
    // Magic, 5 u32 (version, bundle, encoder, entries, dims), 4 f32, the vectors' count.
    let count_at = 8 + 5 * 4 + 4 * 4;
    let count = u32::from_le_bytes(tier[count_at..count_at + 4].try_into().unwrap());
    let at = match count {
        // The head's flag, then its first scale.
        0 => count_at + 4 + 1,
        // The first vector's entry and doc, then its scale.
        _ => count_at + 4 + 2 * 4,
    };
    let mut bytes = tier.to_vec();
    bytes[at..at + 4].copy_from_slice(&scale.to_le_bytes());
    let end = bytes.len() - 4;
    let crc = crc32fast::hash(&bytes[..end]);
    bytes[end..].copy_from_slice(&crc.to_le_bytes());
    bytes
}

#[test]
fn scales_up_to_the_limit_read_and_larger_or_not_numbers_are_refused() {
    let encoder = tiny();
    let tier = built(&encoder).second_tier.expect("a second tier");
    let original = SecondTier::read(&tier).expect("reads");
    assert!(original.to_bytes() == tier);
    assert!(SecondTier::read(&with_first_scale(&tier, 1.0e4)).is_ok());
    for bad in [1.0001e4, -2.0e4, f32::NAN, f32::INFINITY] {
        let err = SecondTier::read(&with_first_scale(&tier, bad)).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{bad}: {err}");
    }
}
