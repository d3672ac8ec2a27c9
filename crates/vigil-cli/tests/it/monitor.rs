//! `vigil monitor` between the two real OFAC consolidated versions: the
//! first run screens every stored subject against everything, the update
//! re-screens them against only the entities added or changed and raises
//! alerts for the newly designated, and a run with nothing new re-screens
//! nobody.

use crate::util::{TempDir, arg, vigil_with};

#[test]
fn a_list_update_alerts_on_the_newly_designated_only() {
    let (Some(old), Some(new)) = (
        vigil_testdata::list_path("ofac/non-sdn/consolidated-2020-12-14.xml"),
        vigil_testdata::list_path("ofac/non-sdn/consolidated.xml"),
    ) else {
        return;
    };
    let tmp = TempDir::new("monitor");
    let data = tmp.path("data");
    let env = [("VIGIL_DATA_DIR", arg(&data))];
    let input = tmp.write(
        "customers.csv",
        "id,name\nc1,Michel Joseph Martelly\nc2,Halis Bektas\nc3,Jane Smith\n",
    );
    let out = tmp.path("out.jsonl");
    vigil_with(
        &[
            "batch",
            "--record",
            "--list",
            arg(&old),
            "--input",
            arg(&input),
            "--output",
            arg(&out),
        ],
        &env,
    )
    .ok();
    let monitor = |list: &std::path::Path| {
        vigil_with(&["monitor", "--json", "--list", arg(list)], &env)
            .ok()
            .json()
    };

    let first = monitor(&old);
    assert_eq!(first["added_or_changed"], 376, "{first:#}");
    assert_eq!(first["subjects"], 3);
    assert_eq!(
        first["alerts_raised"], 0,
        "Bektas already alerted by the batch"
    );
    assert_eq!(first["still_open"], 1);

    let update = monitor(&new);
    // 76 added and 288 changed in the diff; 1 more differs in a field the
    // diff does not compare (name parts or an identifier's label).
    assert_eq!(update["added_or_changed"], 365, "{update:#}");
    assert_eq!(update["removed"], 10);
    assert_eq!(update["alerts_raised"], 1, "{update:#}");
    let alerts = vigil_with(&["alerts", "list", "--json"], &env).ok().json();
    let newest = &alerts[0];
    assert_eq!(newest["subject_id"], "c1");
    assert_eq!(newest["entity_id"], "ofac-cons:50476");
    assert_eq!(newest["raised_because"], "a new match");

    let quiet = monitor(&new);
    assert_eq!(quiet["added_or_changed"], 0, "{quiet:#}");
    assert_eq!(quiet["subjects"], 0);
    vigil_with(&["audit", "verify"], &env).ok();
}
