//! `vigil audit verify` and `vigil audit export` on the audit log that
//! `vigil lists update` writes: intact, exported with its hashes, and a
//! row edited directly in the database named.

use crate::util::{TempDir, arg, vigil_with};
use std::process::Command;

#[test]
fn list_updates_are_audited_and_an_edited_row_is_named() {
    let Some(un) = vigil_testdata::list_path("un/consolidated.xml") else {
        return;
    };
    let tmp = TempDir::new("audit");
    let data = tmp.path("data");
    let env = [("VIGIL_DATA_DIR", arg(&data))];
    let url = format!("un=file://{}", un.display());
    for _ in 0..2 {
        vigil_with(&["lists", "update", "--source", "un", "--url", &url], &env).ok();
    }

    let v = vigil_with(&["audit", "verify"], &env).ok();
    assert!(
        v.stdout
            .starts_with("audit log intact: 2 events; head: row 2, "),
        "{v:#?}"
    );
    let head = v.stdout.trim().rsplit(", ").next().unwrap().to_string();
    vigil_with(&["audit", "verify", "--expect-head", &head], &env).ok();

    let lines = vigil_with(&["audit", "export"], &env).ok().stdout;
    let events: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["event"], "list_update");
    assert_eq!(events[0]["object"], "un");
    let payload: serde_json::Value =
        serde_json::from_str(events[0]["payload"].as_str().unwrap()).unwrap();
    assert_eq!(payload["outcome"], "updated");
    assert_eq!(payload["entities"], 1003);
    assert_eq!(events[1]["prev_hash"], events[0]["hash"]);
    let csv = vigil_with(&["audit", "export", "--format", "csv"], &env)
        .ok()
        .stdout;
    assert!(
        csv.starts_with("seq,at,actor,event,object,payload,prev_hash,hash\n1,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);

    // Someone with access to the database rewrites what the first update
    // said, behind vigil's back.
    let db = data.join("vigil.db");
    let edit = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.execute(\"UPDATE audit_log SET payload = replace(payload, '1003', '1002') WHERE seq = 1\"); \
             c.commit()",
            arg(&db),
        ])
        .status()
        .expect("python3 runs");
    assert!(edit.success());
    let broken = vigil_with(&["audit", "verify"], &env);
    assert_eq!(broken.code, Some(1), "{broken:#?}");
    assert!(
        broken
            .stdout
            .contains("AUDIT LOG BROKEN: row 1: its content does not give its hash"),
        "{broken:#?}"
    );
    let json = vigil_with(&["audit", "verify", "--json"], &env);
    assert_eq!(json.code, Some(1));
    assert_eq!(json.json()["intact"], false);

    let down = vigil_with(
        &[
            "audit",
            "verify",
            "--database",
            "postgres://nobody@127.0.0.1:9/none",
        ],
        &env,
    );
    assert_eq!(down.code, Some(2), "{down:#?}");
    assert!(
        down.stderr
            .contains("cannot open the database postgres://nobody@127.0.0.1:9/none"),
        "{down:#?}"
    );
}
