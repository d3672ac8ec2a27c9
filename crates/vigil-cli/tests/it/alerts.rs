//! Screening with memory from the command line: `vigil batch --record`
//! raises alerts, `vigil alerts decide` records a false positive with its
//! reason, the same batch again raises nothing, and a change to the listed
//! entity brings the alert back, saying why; all of it in the audit log.

use crate::util::{TempDir, arg, json_lines, vigil_with};

const LIST_V1: &str = "id,name,aliases,schema,dob,country\n\
                       X1,Jane Example,J. Example,person,1970,GB\n\
                       X2,Acme Shipping Ltd,,organization,,PA\n";
const LIST_V2: &str = "id,name,aliases,schema,dob,country\n\
                       X1,Jane Example,J. Example;Janet Example,person,1970,GB\n\
                       X2,Acme Shipping Ltd,,organization,,PA\n";

#[test]
fn a_false_positive_is_remembered_until_the_listed_entity_changes() {
    let tmp = TempDir::new("alerts");
    let data = tmp.path("data");
    let list = tmp.write("watchlist.csv", LIST_V1);
    let input = tmp.write(
        "customers.csv",
        "id,name\nc1,Jane Example\nc2,John Other\n,Jane Example\n",
    );
    let out = tmp.path("out.jsonl");
    let env = [("VIGIL_DATA_DIR", arg(&data))];
    let spec = format!("internal={}", list.display());
    let batch = || {
        vigil_with(
            &[
                "batch",
                "--record",
                "--list",
                &spec,
                "--input",
                arg(&input),
                "--output",
                arg(&out),
            ],
            &env,
        )
        .ok()
    };

    let first = batch();
    assert!(
        first
            .stderr
            .contains("recorded: 1 alert(s) raised, 0 match(es) covered"),
        "{first:#?}"
    );
    assert!(
        first
            .stderr
            .contains("1 record(s) without an id were not recorded"),
        "{first:#?}"
    );
    let lines = json_lines(&out);
    assert_eq!(lines[0]["recorded"]["alerts"], serde_json::json!([1]));
    assert_eq!(lines[1]["recorded"]["alerts"], serde_json::json!([]));
    assert!(lines[2].get("recorded").is_none(), "no id, not recorded");

    let listed = vigil_with(&["alerts", "list", "--status", "open", "--json"], &env)
        .ok()
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["entity_id"], "internal:X1");
    assert_eq!(listed[0]["subject_id"], "c1");
    let explanation: serde_json::Value =
        serde_json::from_str(listed[0]["explanation"].as_str().unwrap()).unwrap();
    assert_eq!(
        explanation["matched_name"], "Jane Example",
        "{explanation:#}"
    );

    // No reason, no decision.
    vigil_with(
        &[
            "alerts",
            "decide",
            "1",
            "--outcome",
            "false-positive",
            "--reason",
            " ",
        ],
        &env,
    )
    .user_error("reason: a decision needs a reason");
    let decided = vigil_with(
        &[
            "alerts",
            "decide",
            "1",
            "--outcome",
            "false-positive",
            "--actor",
            "analyst:ana",
            "--reason",
            "our customer was born in 1985 in France",
        ],
        &env,
    )
    .ok();
    assert_eq!(
        decided.stdout.trim(),
        "alert 1: false_positive (revision 2)"
    );

    // The same batch: nothing new, the match is covered.
    let again = batch();
    assert!(
        again
            .stderr
            .contains("recorded: 0 alert(s) raised, 1 match(es) covered"),
        "{again:#?}"
    );
    assert_eq!(
        json_lines(&out)[0]["recorded"]["suppressed"],
        serde_json::json!(["internal:X1"])
    );

    // The list publishes a new alias of the listed person: back again.
    std::fs::write(&list, LIST_V2).unwrap();
    let changed = batch();
    assert!(
        changed.stderr.contains("recorded: 1 alert(s) raised"),
        "{changed:#?}"
    );
    let shown = vigil_with(&["alerts", "show", "2", "--json"], &env)
        .ok()
        .json();
    assert_eq!(
        shown["alert"]["raised_because"],
        "the listed entity's data changed since alert 1 was decided a false positive"
    );
    assert_eq!(shown["history"][0]["event"], "alert");
    let old = vigil_with(&["alerts", "show", "1", "--json"], &env)
        .ok()
        .json();
    assert_eq!(old["decisions"][0]["actor"], "analyst:ana");
    assert_eq!(old["history"][1]["event"], "decision");
    let text = vigil_with(&["alerts", "show", "1"], &env).ok().stdout;
    assert!(
        text.contains("decided") && text.contains("born in 1985"),
        "{text}"
    );

    // A decision on a revision someone else moved past is refused.
    vigil_with(
        &[
            "alerts",
            "decide",
            "2",
            "--outcome",
            "true-match",
            "--reason",
            "x",
            "--revision",
            "7",
        ],
        &env,
    )
    .user_error("conflict: alert 2 changed since revision 7 was read");
    vigil_with(&["audit", "verify"], &env).ok();
    vigil_with(&["alerts", "show", "99"], &env).user_error("alert 99: no such alert");
}
