//! The `plauder` command line: build, ask, report, convert, help and errors.

use crate::hay::{SHOP_DE, SHOP_EN};
use crate::util::{Dir, bundle, plauder, texts};

#[test]
fn build_then_ask() {
    let dir = Dir::new();
    let kb = dir.write("faq.md", SHOP_EN);
    let out = dir.path("faq.plauder");
    let output = plauder(&["build", kb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("10 entries, 41 phrasings"), "{stdout}");
    let output = plauder(&["ask", out.to_str().unwrap(), "is delivery free?"]);
    let (stdout, _) = texts(&output);
    assert!(
        stdout.starts_with("answer: How much does shipping cost? (shipping-cost)"),
        "{stdout}"
    );
    assert!(stdout.contains("Shipping is free from 50 €"), "{stdout}");
}

#[test]
fn ask_json_gives_decision_and_ranking() {
    let dir = Dir::new();
    let out = dir.path("de.plauder");
    let kb = dir.write("de.md", SHOP_DE);
    assert!(
        plauder(&[
            "build",
            "-q",
            kb.to_str().unwrap(),
            "-o",
            out.to_str().unwrap()
        ])
        .status
        .success()
    );
    let output = plauder(&[
        "ask",
        "--json",
        "-n",
        "2",
        out.to_str().unwrap(),
        "Ich will mit einem Menschen reden",
    ]);
    let reply: serde_json::Value = serde_json::from_str(&texts(&output).0).unwrap();
    assert_eq!(reply["decision"]["kind"], "handoff");
    assert_eq!(reply["decision"]["reason"], "asked_for_human");
    assert!(reply["ranked"].as_array().unwrap().len() <= 2);
}

#[test]
fn a_failed_build_keeps_the_previous_bundle() {
    let dir = Dir::new();
    let good = dir.write("good.md", SHOP_EN);
    let bad = dir.write("bad.csv", "id,question,answer\na,,A.\n");
    let out = dir.path("faq.plauder");
    assert!(
        plauder(&[
            "build",
            "-q",
            good.to_str().unwrap(),
            "-o",
            out.to_str().unwrap()
        ])
        .status
        .success()
    );
    let before = std::fs::read(&out).unwrap();
    let output = plauder(&["build", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let (_, stderr) = texts(&output);
    assert!(!output.status.success());
    assert_eq!(
        stderr,
        format!(
            "error: {}:2: empty question: fill in the question cell or delete the row\n",
            bad.display()
        )
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "previous bundle intact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn threshold_overrides_are_used_and_checked() {
    let dir = Dir::new();
    let kb = dir.write("faq.md", SHOP_EN);
    let out = dir.path("faq.plauder");
    let args = [
        "build",
        kb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--answer-threshold",
        "0.9",
        "--clarify-threshold",
        "0.4",
        "--margin",
        "0.1",
    ];
    let (stdout, _) = texts(&plauder(&args));
    assert!(
        stdout.contains("thresholds: answer 0.900, margin 0.10, clarify 0.400"),
        "{stdout}"
    );
    let mut bad = args;
    bad[5] = "0.3";
    let output = plauder(&bad);
    assert!(!output.status.success());
    assert!(
        texts(&output)
            .1
            .contains("the clarify threshold (0.4) is above the answer threshold (0.3)")
    );
}

#[test]
fn report_groups_visitors_questions() {
    let dir = Dir::new();
    let out = dir.write("faq.plauder", bundle(SHOP_EN, "md"));
    let questions = dir.write(
        "questions.txt",
        "is delivery free?\nIs delivery free?\n\nI want to talk to a human\nxylophone quartz zebra\n",
    );
    let output = plauder(&["report", out.to_str().unwrap(), questions.to_str().unwrap()]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("4 questions: 2 answered (50%)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("shipping-cost (2): is delivery free? (2×)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("asked for a person: I want to talk to a human"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "unanswered: add an entry, or a phrasing to the entry meant\n  xylophone quartz zebra"
        ),
        "{stdout}"
    );
    let output = plauder(&[
        "report",
        "--json",
        out.to_str().unwrap(),
        questions.to_str().unwrap(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["total"], 4);
    assert_eq!(report["answered"][0]["questions"][0]["count"], 2);
}

#[test]
fn convert_writes_each_format_and_every_one_builds_the_same_answers() {
    let dir = Dir::new();
    let md = dir.write("faq.md", SHOP_EN);
    let (csv, json, again) = (
        dir.path("faq.csv"),
        dir.path("faq.json"),
        dir.path("again.md"),
    );
    for (from, to) in [(&md, &csv), (&csv, &json), (&json, &again)] {
        let output = plauder(&[
            "convert",
            from.to_str().unwrap(),
            "-o",
            to.to_str().unwrap(),
        ]);
        let (stdout, stderr) = texts(&output);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stdout.starts_with("10 entries, 41 phrasings written to"),
            "{stdout}"
        );
    }
    let answers = |source: &std::path::Path| {
        let bundle = dir.path("x.plauder");
        let built = plauder(&[
            "build",
            "-q",
            source.to_str().unwrap(),
            "-o",
            bundle.to_str().unwrap(),
        ]);
        assert!(built.status.success(), "{}", texts(&built).1);
        [
            "is delivery free?",
            "can I pay by card",
            "I want my money back",
        ]
        .map(|q| texts(&plauder(&["ask", bundle.to_str().unwrap(), q])).0)
    };
    let first = answers(&md);
    for other in [&csv, &json, &again] {
        assert_eq!(answers(other), first, "{}", other.display());
    }
    let output = plauder(&[
        "convert",
        md.to_str().unwrap(),
        "-o",
        dir.path("faq.txt").to_str().unwrap(),
    ]);
    assert!(
        texts(&output)
            .1
            .contains("name the output .md, .csv or .json")
    );
}

#[test]
fn every_command_has_help() {
    for command in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["ask", "--help"],
        &["eval", "--help"],
        &["report", "--help"],
        &["convert", "--help"],
    ] {
        let output = plauder(command);
        assert!(output.status.success(), "{command:?}");
        assert!(texts(&output).0.contains("Usage: plauder"), "{command:?}");
    }
}

#[test]
fn a_missing_source_is_a_one_line_error() {
    let output = plauder(&["build", "/nonexistent/faq.md", "-o", "/tmp/never.plauder"]);
    let (_, stderr) = texts(&output);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr,
        "error: /nonexistent/faq.md: no such file or folder: check the path\n"
    );
}
