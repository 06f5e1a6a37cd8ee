//! `plauder eval` on a fixture knowledge base and labelled questions.

use crate::hay::SHOP_EN;
use crate::util::{Dir, plauder, texts};

const QUESTIONS: &str = "query,expected_id\n\
when does my parcel arrive,delivery-time\n\
is delivery free,shipping-cost\n\
can I pay with paypal,payment-methods\n\
what's the weather tomorrow,\n\
who is the president of france,\n";

/// Runs `plauder eval` on the English fixture FAQ and `questions`.
fn eval(questions: &str, json: bool) -> std::process::Output {
    let dir = Dir::new();
    let kb = dir.write("faq.md", SHOP_EN);
    let queries = dir.write("q.csv", questions);
    let mut args = vec![
        "eval",
        "--kb",
        kb.to_str().unwrap(),
        "--queries",
        queries.to_str().unwrap(),
    ];
    if json {
        args.push("--json");
    }
    plauder(&args)
}

#[test]
fn eval_prints_the_figures_as_json() {
    let output = eval(QUESTIONS, true);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON object");
    assert_eq!(report["n_in_scope"], 3);
    assert_eq!(report["n_out_of_scope"], 2);
    assert_eq!(report["accuracy_at_1"], 100.0);
    assert_eq!(report["mrr"], 1.0);
    assert_eq!(report["oos_recall"], 100.0);
    assert!(report["oos_clarify_rate"].is_number(), "{stdout}");
    for key in [
        "in_scope_accuracy",
        "clarify_rate",
        "queries_per_second",
        "bundle_bytes",
    ] {
        assert!(report[key].is_number(), "{key} in {stdout}");
    }
}

#[test]
fn eval_without_out_of_scope_questions_reports_null_recall() {
    let output = eval("query,expected_id\nis delivery free,shipping-cost\n", true);
    let report: serde_json::Value = serde_json::from_str(&texts(&output).0).unwrap();
    assert!(report["oos_recall"].is_null());
    assert!(report["oos_clarify_rate"].is_null());
}

#[test]
fn eval_names_an_unknown_expected_id() {
    let output = eval("query,expected_id\nis delivery free,shiping-cost\n", false);
    let (_, stderr) = texts(&output);
    assert!(!output.status.success());
    assert!(
        stderr
            .contains("q.csv:2: expected_id 'shiping-cost' is not an entry of the knowledge base"),
        "{stderr}"
    );
}
