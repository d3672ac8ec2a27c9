//! `vigil compare` (issue 3, "CLI").
//!
//! Properties checked:
//! 1. two names: the score and the word pairs, in text and in JSON (key
//!    names pinned);
//! 2. an empty name is an error, exit code 2;
//! 3. `--pairs`: one JSON line per pair, in order, with `score` and
//!    `explanation`, or an `error` naming the line for a bad pair.

use crate::util::{TempDir, arg, json_lines, keys, vigil};

#[test]
fn two_names() {
    let run = vigil(&["compare", "Mohammed Hassan", "Muhammad Hasan"]).ok();
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.ends_with("\"Mohammed Hassan\" ~ \"Muhammad Hasan\""),
        "{first}"
    );
    let score: f64 = first.split_whitespace().next().unwrap().parse().unwrap();
    assert!(score >= 0.75, "{score}");
    assert!(run.stdout.contains("mohammed ~ muhammad"), "{}", run.stdout);
}

#[test]
fn two_names_json() {
    let out = vigil(&["compare", "--json", "Mohammed Hassan", "Muhammad Hasan"])
        .ok()
        .json();
    assert_eq!(
        keys(&out),
        ["explanation", "name1", "name2", "schema", "score"]
    );
    assert_eq!(out["schema"], "person");
    assert!(out["score"].as_f64().unwrap() >= 0.75);
    assert_eq!(out["explanation"]["matched_name"], "Muhammad Hasan");
    // A legal form makes it an organisation.
    let out = vigil(&[
        "compare",
        "--json",
        "Orion Maritime LLC",
        "Orion Maritime Ltd",
    ])
    .ok()
    .json();
    assert_eq!(out["schema"], "organization");
}

#[test]
fn unrelated_names_score_zero() {
    let run = vigil(&["compare", "Svetlana Morozova", "Zhou Weiming"]).ok();
    assert!(run.stdout.starts_with("0.000"), "{}", run.stdout);
}

#[test]
fn empty_name_is_an_error() {
    vigil(&["compare", "", "Jane Doe"]).user_error("name1: the name is empty");
    vigil(&["compare", "--schema", "spaceship", "A", "B"]).user_error("schema: unknown schema");
}

#[test]
fn pairs_file() {
    let dir = TempDir::new("compare-pairs");
    let pairs = dir.write(
        "pairs.csv",
        "name1,name2,schema
Mohammed Hassan,Muhammad Hasan,person
Orion Maritime LLC,Orion Marine Ltd,
,Someone,
A B,C D,spaceship
Svetlana Morozova,Светлана Морозова,person
",
    );
    let out = dir.path("out.jsonl");
    let run = vigil(&["compare", "--pairs", arg(&pairs), "--output", arg(&out)]).ok();
    assert!(run.stderr.contains("5 pairs compared"), "{run:#?}");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 5);
    assert_eq!(
        keys(&lines[0]),
        ["explanation", "name1", "name2", "schema", "score"]
    );
    assert!(lines[0]["score"].as_f64().unwrap() >= 0.75);
    assert_eq!(lines[1]["schema"], "organization");
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("line 4: name1:")
    );
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .starts_with("line 5: schema: unknown schema")
    );
    assert!(lines[4]["score"].as_f64().unwrap() >= 0.75, "{}", lines[4]);
}
