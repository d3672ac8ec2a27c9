//! `vigil screen` (issue 3, "CLI" and "Bad input").
//!
//! Properties checked:
//! 1. without `--list` the embedded demo list is used, with a notice on
//!    stderr, and a listed spelling finds its entity;
//! 2. `--json` writes the shape external evaluation relies on, with these
//!    key names;
//! 3. agreeing date of birth and country raise the score, conflicting ones
//!    lower it, and the evidence is in the explanation;
//! 4. bad input is a clear error naming the field, exit code 2, no panic:
//!    an empty name, a name of only punctuation or invisible characters,
//!    an invalid `--dob`, an unknown `--country` or `--schema`, a threshold
//!    out of range;
//! 5. an absurdly long name is screened, with a warning that it was cut;
//! 6. `--threshold 0` returns `limit` candidates whatever their score;
//! 7. output closed early by its reader (`| head`) ends the process quietly,
//!    not with a panic.

use crate::util::{MATCH_KEYS, keys, vigil};

const LISTED: &str = "Kareem Abdul Rahman al-Farsi";

#[test]
fn demo_list_with_notice() {
    let run = vigil(&["screen", LISTED]).ok();
    assert!(
        run.stderr.contains("embedded DEMO list"),
        "the demo notice is missing: {run:#?}"
    );
    assert!(run.stdout.contains("demo:D001"), "{run:#?}");
    assert!(
        run.stdout.contains("Karim Abdulrahman AL-FARSI"),
        "{run:#?}"
    );
}

#[test]
fn json_shape() {
    let run = vigil(&["screen", "--json", LISTED]).ok();
    let out = run.json();
    assert_eq!(keys(&out), ["matches", "query", "threshold", "warnings"]);
    assert_eq!(out["query"], LISTED);
    assert_eq!(out["threshold"], 0.75);
    let matches = out["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 1, "{out:#}");
    let m = &matches[0];
    assert_eq!(keys(m), MATCH_KEYS);
    assert_eq!(m["entity_id"], "demo:D001");
    assert_eq!(m["caption"], "Karim Abdulrahman AL-FARSI");
    assert_eq!(m["name"], "Kareem Abdul Rahman al Farsi");
    assert_eq!(m["schema"], "person");
    assert_eq!(m["list"], "demo");
    let score = m["score"].as_f64().unwrap();
    assert!((0.75..=1.0).contains(&score), "{score}");
    let e = &m["explanation"];
    assert_eq!(
        keys(e),
        [
            "alignment",
            "evidence",
            "matched_name",
            "matched_name_kind",
            "matched_name_script",
            "name_score",
            "notes",
            "query_name"
        ]
    );
    assert_eq!(e["matched_name"], m["name"]);
    assert_eq!(e["matched_name_kind"], "alias");
    assert_eq!(e["matched_name_script"], "latin");
    assert_eq!(
        keys(&e["alignment"]),
        [
            "coverage_candidate",
            "coverage_query",
            "information",
            "pairs",
            "quality",
            "score",
            "unmatched_candidate",
            "unmatched_query"
        ]
    );
    let pairs = e["alignment"]["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    for p in pairs {
        assert_eq!(
            keys(p),
            ["candidate", "how", "query", "similarity", "weight"]
        );
    }
}

fn top_score(args: &[&str]) -> (f64, serde_json::Value) {
    let mut all = vec!["screen", "--json", "--threshold", "0"];
    all.extend_from_slice(args);
    all.push(LISTED);
    let out = vigil(&all).ok().json();
    let m = out["matches"][0].clone();
    assert_eq!(m["entity_id"], "demo:D001", "{out:#}");
    (m["score"].as_f64().unwrap(), m)
}

#[test]
fn evidence_moves_the_score() {
    let (alone, m) = top_score(&[]);
    assert_eq!(m["explanation"]["evidence"], serde_json::json!([]));
    let (agree, m) = top_score(&["--dob", "1971-03-14", "--country", "YE"]);
    let features: Vec<&str> = m["explanation"]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["feature"].as_str().unwrap())
        .collect();
    assert!(features.contains(&"dob_exact"), "{features:?}");
    for e in m["explanation"]["evidence"].as_array().unwrap() {
        assert_eq!(keys(e), ["contribution", "detail", "feature", "weight"]);
    }
    let (conflict, _) = top_score(&["--dob", "1990-01-01", "--country", "NO"]);
    assert!(
        agree > alone && alone > conflict,
        "{agree} {alone} {conflict}"
    );
}

#[test]
fn empty_name_is_an_error() {
    vigil(&["screen", ""]).user_error("name: the name is empty");
    vigil(&["screen", "   \t "]).user_error("name: the name is empty");
}

#[test]
fn punctuation_or_invisible_name_is_an_error() {
    // A name starting with '-' looks like a flag: `--` ends the flags.
    vigil(&["screen", "--", "-.,;'"])
        .user_error("name: the name is empty or has no letter or digit");
    for name in [
        ".,;'-",
        "\u{200B}\u{200C}\u{200D}\u{FEFF}",
        "\u{00AD}\u{2060}\u{202E}",
        " - \u{200B} . ",
    ] {
        vigil(&["screen", name]).user_error("name: the name is empty or has no letter or digit");
    }
}

#[test]
fn long_name_is_cut_with_a_warning() {
    let long = "Karim Abdulrahman al-Farsi ".repeat(200);
    let run = vigil(&["screen", &long]).ok();
    assert!(
        run.stderr
            .contains("characters; only the first 300 are screened"),
        "{}",
        run.stderr
    );
    let run = vigil(&["screen", "--json", &long]).ok();
    let warnings = run.json()["warnings"].clone();
    assert!(
        warnings.as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("only the first 300 are screened")),
        "{warnings}"
    );
}

#[test]
fn bad_fields_are_errors_naming_the_field() {
    vigil(&["screen", "--dob", "1970-13", "X"])
        .user_error("dob: invalid date \"1970-13\": expected YYYY, YYYY-MM or YYYY-MM-DD");
    vigil(&["screen", "--dob", "yesterday", "X"]).user_error("dob: invalid date \"yesterday\"");
    vigil(&["screen", "--country", "ZZ", "X"]).user_error("country: unknown country \"ZZ\"");
    vigil(&["screen", "--schema", "spaceship", "X"]).user_error(
        "schema: unknown schema \"spaceship\": expected person, organization, vessel or aircraft",
    );
    vigil(&["screen", "--threshold", "1.5", "X"]).user_error("--threshold");
}

#[test]
fn threshold_zero_returns_limit_candidates() {
    // Two demo entities share a word with this name, neither closely.
    for limit in ["1", "2"] {
        let out = vigil(&[
            "screen",
            "--json",
            "--threshold",
            "0",
            "--limit",
            limit,
            "Hassan Ismailova",
        ])
        .ok()
        .json();
        let m = out["matches"].as_array().unwrap();
        assert_eq!(m.len().to_string(), limit, "{out:#}");
        assert!(m.iter().all(|m| m["score"].as_f64().unwrap() < 0.75));
    }
}

#[test]
fn threshold_zero_on_a_real_list() {
    let Some(un) = vigil_testdata::list_path("un/consolidated.xml") else {
        return;
    };
    let out = vigil(&[
        "screen",
        "--json",
        "--list",
        un.to_str().unwrap(),
        "--threshold",
        "0",
        "--limit",
        "7",
        "Mohammed Ali",
    ])
    .ok()
    .json();
    let m = out["matches"].as_array().unwrap();
    assert_eq!(m.len(), 7, "{out:#}");
    let scores: Vec<f64> = m.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(m.iter().all(|m| m["list"] == "un"), "{out:#}");
}

#[test]
fn output_closed_early_is_not_a_panic() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["screen", "--threshold", "0", "--limit", "12", LISTED])
        .env_remove("VIGIL_LISTS")
        .env("VIGIL_DATA_DIR", crate::util::no_data_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vigil binary runs");
    // The reader goes away before vigil writes its first line.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("vigil ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}
