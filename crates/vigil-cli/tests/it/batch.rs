//! `vigil batch` (issue 3, "CLI" and "Bad input").
//!
//! Properties checked:
//! 1. CSV and JSON-lines inputs give one output line per input record, in
//!    input order, with the record's `id` and `name`;
//! 2. a bad record never stops the batch: an empty or punctuation-only
//!    name, an unreadable JSON line or a non-object get an `error` naming
//!    the problem and the line; an invalid date, an unknown country or
//!    schema is left out with a warning and the record is still screened;
//! 3. a long name is screened with a warning that it was cut;
//! 4. the output is CSV when its name ends in `.csv`, with a pinned header;
//! 5. `--threshold 0` writes `limit` candidates per record;
//! 6. an input without a `name` column is an error, exit code 2.

use crate::util::{MATCH_KEYS, TempDir, arg, json_lines, keys, vigil};

const CSV: &str = "id,name,dob,country,schema,gender
r1,Kareem Abdul Rahman al-Farsi,1971-03-14,YE,person,male
r2,,1970,,,
r3,Svetlana Morozova,1968-13-45,RU,,
r4,\"-.,;\",,,,
r5,Zhou Weiming,,ZZ,,
r6,Orion Maritime Logistics,,,spaceship,
r7,John Q. Nobody,1990,NO,person,
r8,Gulnara Ismailova,1979,UZ,person,female
";

/// Batches `input` (written as `name`) to `output`; the output path.
fn batch(dir: &TempDir, name: &str, input: &str, output: &str, extra: &[&str]) -> String {
    let input = dir.write(name, input);
    let out = dir.path(output);
    let mut args = vec!["batch", "--input", arg(&input), "--output", arg(&out)];
    args.extend_from_slice(extra);
    let run = vigil(&args).ok();
    assert!(run.stderr.contains("records screened"), "{run:#?}");
    out.to_str().unwrap().to_string()
}

fn str_of<'a>(v: &'a serde_json::Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("no string {k}: {v}"))
}

fn top_id(v: &serde_json::Value) -> &str {
    str_of(&v["matches"][0], "entity_id")
}

fn warnings(v: &serde_json::Value) -> String {
    v["warnings"].to_string()
}

#[test]
fn csv_input_with_bad_records() {
    let dir = TempDir::new("batch-csv");
    let out = batch(&dir, "in.csv", CSV, "out.jsonl", &[]);
    let lines = json_lines(out.as_ref());
    let ids: Vec<&str> = lines.iter().map(|l| str_of(l, "id")).collect();
    assert_eq!(ids, ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"]);
    for l in &lines {
        assert!(l["matches"].is_array(), "{l}");
    }
    // Screened.
    assert_eq!(top_id(&lines[0]), "demo:D001");
    assert_eq!(str_of(&lines[0], "name"), "Kareem Abdul Rahman al-Farsi");
    assert_eq!(keys(&lines[0]["matches"][0]), MATCH_KEYS);
    assert_eq!(keys(&lines[0]), ["id", "matches", "name"]);
    // An empty name: an error naming the field and the line.
    assert_eq!(
        str_of(&lines[1], "error"),
        "line 3: name: the name is empty"
    );
    assert_eq!(lines[1]["matches"], serde_json::json!([]));
    // An invalid date: screened without it, with a warning.
    assert_eq!(top_id(&lines[2]), "demo:D002");
    assert!(lines[2].get("error").is_none(), "{}", lines[2]);
    assert!(
        warnings(&lines[2]).contains(
            "line 4: dob: invalid date \\\"1968-13-45\\\": expected YYYY, YYYY-MM or YYYY-MM-DD; screened without it"
        ),
        "{}",
        lines[2]
    );
    // Punctuation only.
    assert!(
        str_of(&lines[3], "error").contains("line 5: name: the name is empty or has no letter"),
        "{}",
        lines[3]
    );
    // An unknown country and an unknown schema: screened without them.
    assert_eq!(top_id(&lines[4]), "demo:D003");
    assert!(warnings(&lines[4]).contains("country: unknown country"));
    assert_eq!(top_id(&lines[5]), "demo:D006");
    assert!(warnings(&lines[5]).contains("schema: unknown schema"));
    // After all that, the batch went on.
    assert_eq!(lines[6]["matches"], serde_json::json!([]));
    assert_eq!(top_id(&lines[7]), "demo:D009");
}

#[test]
fn json_lines_input_with_bad_records() {
    let dir = TempDir::new("batch-jsonl");
    let input = [
        r#"{"id": "a", "name": "Mohammed Yusuf Hassan", "dob": 1960, "country": "SO"}"#,
        r#"{"id": "b", "name": "Svetlana Morozova", "dob": "1968-02-30"}"#,
        "not json",
        r#"{"id": "c", "name": ""}"#,
        "[1, 2]",
        r#"{"id": "d", "name": "\u200b\u200d"}"#,
        r#"{"id": "e", "name": "Chow Wai Ming", "country": ["CN", "HK"]}"#,
        r#"{"name": "Abdul Qadir Haji Jan"}"#,
    ]
    .join("\n")
        + "\n";
    let out = batch(&dir, "in.jsonl", &input, "out.jsonl", &[]);
    let lines = json_lines(out.as_ref());
    let ids: Vec<&str> = lines.iter().map(|l| str_of(l, "id")).collect();
    assert_eq!(ids, ["a", "b", "line-3", "c", "line-5", "d", "e", "line-8"]);
    assert_eq!(top_id(&lines[0]), "demo:D005");
    assert_eq!(top_id(&lines[1]), "demo:D002");
    assert!(warnings(&lines[1]).contains("line 2: dob: invalid date"));
    assert!(str_of(&lines[2], "error").starts_with("line 3: invalid JSON"));
    assert_eq!(
        str_of(&lines[3], "error"),
        "line 4: name: the name is empty"
    );
    assert_eq!(str_of(&lines[4], "error"), "line 5: expected a JSON object");
    assert!(
        str_of(&lines[5], "error").contains("line 6: name: the name is empty or has no letter")
    );
    assert_eq!(top_id(&lines[6]), "demo:D003");
    assert_eq!(top_id(&lines[7]), "demo:D010");
}

#[test]
fn blank_json_lines_are_not_records() {
    // A blank line holds no record, so it gets no output line.
    let dir = TempDir::new("batch-blank");
    let input = "{\"id\": \"a\", \"name\": \"Svetlana Morozova\"}\n\n   \n{\"id\": \"b\", \"name\": \"Zhou Weiming\"}\n";
    let out = batch(&dir, "in.ndjson", input, "out.jsonl", &[]);
    let lines = json_lines(out.as_ref());
    let ids: Vec<&str> = lines.iter().map(|l| str_of(l, "id")).collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn long_name_in_batch() {
    let dir = TempDir::new("batch-long");
    let long = "Svetlana Igorevna Morozova ".repeat(100);
    let out = batch(
        &dir,
        "in.csv",
        &format!("id,name\nlong,{long}\n"),
        "out.jsonl",
        &[],
    );
    let lines = json_lines(out.as_ref());
    assert_eq!(lines.len(), 1);
    assert!(
        warnings(&lines[0]).contains("only the first 300 are screened"),
        "{}",
        lines[0]
    );
}

#[test]
fn csv_output_by_extension() {
    let dir = TempDir::new("batch-csv-out");
    let out = batch(&dir, "in.csv", CSV, "out.CSV", &[]);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "id",
            "name",
            "match_count",
            "top_entity_id",
            "top_score",
            "top_name",
            "top_caption",
            "entity_ids",
            "scores",
            "error",
            "warnings"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"]);
    assert_eq!(&rows[0][3], "demo:D001");
    assert_eq!(&rows[0][2], "1");
    assert_eq!(&rows[1][9], "line 3: name: the name is empty");
    assert_eq!(&rows[1][2], "0");
    assert!(rows[2][10].contains("dob: invalid date"), "{:?}", rows[2]);
}

#[test]
fn threshold_zero_writes_limit_candidates() {
    let dir = TempDir::new("batch-zero");
    let out = batch(
        &dir,
        "in.csv",
        "id,name\nx,Hassan Ismailova\n",
        "out.jsonl",
        &["--threshold", "0", "--limit", "2"],
    );
    let lines = json_lines(out.as_ref());
    assert_eq!(
        lines[0]["matches"].as_array().unwrap().len(),
        2,
        "{}",
        lines[0]
    );
}

#[test]
fn missing_name_column_is_an_error() {
    let dir = TempDir::new("batch-no-name");
    let input = dir.write("in.csv", "id,full\n1,Jane Doe\n");
    let out = dir.path("out.jsonl");
    vigil(&["batch", "--input", arg(&input), "--output", arg(&out)])
        .user_error("--input: the CSV header has no `name` column (found: id, full)");
}
