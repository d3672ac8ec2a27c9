//! vigil's internal watchlist CSV (`docs/internal-list-format.md`) on a
//! larger fixture, `tests/fixtures/internal_csv/watchlist.csv`, and on the
//! example of the format's documentation.
//!
//! Properties checked:
//! 1. a BOM, CRLF line ends, quoted cells with commas, doubled quotes and a
//!    line break, and a dozen aliases in six scripts all read as documented;
//! 2. every schema, date form, identifier kind and country form the fixture
//!    uses lands in the model;
//! 3. bad values, skipped rows and short or long rows give exactly the
//!    documented diagnostics;
//! 4. the example in the documentation parses into the entities it describes;
//! 5. files that are not this format are refused with the documented errors.

use crate::support;
use std::path::Path;
use vigil_core::{IdKind, NameKind, Precision, Schema};
use vigil_lists::{ErrorKind, Input, List};

fn fixture() -> List {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/internal_csv/watchlist.csv");
    support::load_single(&path)
}

#[test]
fn quoting_bom_crlf_and_many_aliases() {
    let list = fixture();
    assert_eq!(list.source, "watchlist");
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "watchlist:W-001",
            "watchlist:W-002",
            "watchlist:W-003",
            "watchlist:W-004",
            "watchlist:W-005",
            "watchlist:W-006",
            "watchlist:W-008",
            "watchlist:W-009",
            "watchlist:W-010",
        ]
    );
    let k = support::entity(&list, "watchlist:W-001");
    // The repeated alias is kept once, the padded one trimmed.
    assert_eq!(
        support::names(k),
        [
            "primary/latin: Karim Example AL-TESTI",
            "alias/latin: Karim al-Testi",
            "alias/latin: Kareem Al Testi",
            "alias/latin: Abu Example",
            "original_script/arabic: كريم التستي",
            "original_script/cyrillic: Карим Аль-Тести",
            "original_script/han: 卡里姆",
            "original_script/hangul: 카림",
            "original_script/greek: Καρίμ",
            "original_script/hebrew: כרים",
            "alias/latin: K. A. Testi",
        ]
    );
    // The quoted note keeps its comma and quotes; its line break is collapsed.
    assert_eq!(
        k.remarks,
        ["Fictional record for vigil's tests. Second line, with a comma and \"quotes\"."]
    );
    assert_eq!(k.programs, ["TERR", "WMD"]);

    let acme = support::entity(&list, "watchlist:W-002");
    assert_eq!(acme.caption(), "Acme \"Global\" Trading, LLC");
    assert_eq!(acme.schema, Schema::Organization);
    let multi = support::entity(&list, "watchlist:W-010");
    assert_eq!(multi.caption(), "Multi Space Name");
}

#[test]
fn every_column_into_the_model() {
    let list = fixture();
    let k = support::entity(&list, "watchlist:W-001");
    let dobs: Vec<String> = k.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1965-04-14", "circa 1967"]);
    let nat: Vec<&str> = k.nationalities.iter().map(|c| c.as_str()).collect();
    assert_eq!(nat, ["YE", "SA"]);
    let ids: Vec<(IdKind, &str, Option<&str>)> = k
        .identifiers
        .iter()
        .map(|i| {
            (
                i.kind,
                i.value.as_str(),
                i.country.as_ref().map(|c| c.as_str()),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (IdKind::Passport, "00412345", Some("YE")),
            (IdKind::NationalId, "01-01-12345", Some("YE")),
            (IdKind::TaxId, "TX 99", None),
        ]
    );
    assert_eq!(k.gender, Some(vigil_core::Gender::Male));
    assert_eq!(k.listed_on.unwrap().to_string(), "2010-04-14");

    let acme = support::entity(&list, "watchlist:W-002");
    assert_eq!(acme.countries[0].as_str(), "AE");
    assert!(acme.nationalities.is_empty());
    let kinds: Vec<IdKind> = acme.identifiers.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [IdKind::Registration, IdKind::Lei, IdKind::SwiftBic]);
    assert_eq!(acme.listed_on.unwrap().precision(), Precision::Month);

    let ship = support::entity(&list, "watchlist:W-003");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.countries[0].as_str(), "PA");
    let kinds: Vec<IdKind> = ship.identifiers.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [IdKind::Imo, IdKind::Mmsi, IdKind::CallSign]);
    // The internal format has no former-name column: a vessel's old name is
    // an alias.
    assert_eq!(ship.names[1].kind, NameKind::Alias);

    let plane = support::entity(&list, "watchlist:W-004");
    assert_eq!(plane.schema, Schema::Aircraft);
    assert_eq!(plane.identifiers[0].kind, IdKind::AircraftId);

    let dates = support::entity(&list, "watchlist:W-006");
    let got: Vec<(String, Precision)> = dates
        .birth_dates
        .iter()
        .map(|d| (d.to_string(), d.precision()))
        .collect();
    assert_eq!(
        got,
        [
            ("1968".to_string(), Precision::Year),
            ("1970-04".to_string(), Precision::Month),
            ("1960..1962".to_string(), Precision::Range),
            ("1950..1951".to_string(), Precision::Range),
            ("1971".to_string(), Precision::Year),
        ]
    );
}

#[test]
fn bad_values_and_rows() {
    let list = fixture();
    let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/internal_csv/watchlist.csv")
        .display()
        .to_string();
    let d: Vec<String> = d
        .iter()
        .map(|s| s.replace(&path, "watchlist.csv"))
        .collect();
    // Lines count the line break inside W-001's quoted note: W-005 starts
    // on line 7 of the file.
    assert_eq!(
        d,
        [
            "warning: watchlist.csv: line 1: Risk Score: unknown column, ignored",
            "warning: watchlist.csv: line 7: schema: unknown schema \"alien\": expected person, organization, vessel or aircraft; read as person",
            "warning: watchlist.csv: line 7: dob: invalid date \"31/02/1965\", left out",
            "warning: watchlist.csv: line 7: country: unknown country \"Atlantis\", left out",
            "warning: watchlist.csv: line 7: identifiers: unknown identifier kind \"ufo\" in \"ufo:1\", left out (see docs/internal-list-format.md)",
            "warning: watchlist.csv: line 7: identifiers: empty identifier value in \"passport:\", left out",
            "warning: watchlist.csv: line 7: identifiers: \"badspec\" is not `kind:value[:country]`, left out",
            "warning: watchlist.csv: line 7: gender: unknown gender \"x\", left out",
            "warning: watchlist.csv: line 7: listed_on: invalid date \"soon\", left out",
            // The trailing `;` of W-006's dob cell leaves an empty value.
            "warning: watchlist.csv: line 8: dob: invalid date \"\", left out",
            "error: watchlist.csv: line 9: id: empty id; the record is skipped",
            "error: watchlist.csv: line 10: name: empty name; the record is skipped",
            "error: watchlist.csv: line 11: id: duplicate id \"W-001\"; the record is skipped",
        ]
    );
    let bad = support::entity(&list, "watchlist:W-005");
    assert_eq!(bad.schema, Schema::Person);
    assert!(bad.birth_dates.is_empty() && bad.identifiers.is_empty() && bad.gender.is_none());
}

/// The ```csv block of the format's documentation.
fn documented_example() -> String {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/internal-list-format.md");
    let text = std::fs::read_to_string(doc).expect("docs/internal-list-format.md");
    let start = text.find("```csv\n").expect("a ```csv block") + "```csv\n".len();
    let end = start + text[start..].find("```").expect("the block's end");
    text[start..end].to_string()
}

#[test]
fn documented_example_parses() {
    let csv = documented_example();
    let input = Input::new("example.csv", csv.as_bytes()).with_source(Some("example"));
    let list = vigil_lists::parse(&input).unwrap();
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["example:C-1001", "example:C-1002", "example:C-1003"]);
    let jane = &list.entities[0];
    assert_eq!(
        support::names(jane),
        [
            "primary/latin: Jane EXAMPLE",
            "alias/latin: J. Example",
            "original_script/cyrillic: Джейн Экзампл",
        ]
    );
    assert_eq!(jane.birth_dates.len(), 2);
    let nat: Vec<&str> = jane.nationalities.iter().map(|c| c.as_str()).collect();
    assert_eq!(nat, ["GB", "IE"]);
    assert_eq!(jane.identifiers[0].kind, IdKind::Passport);
    assert_eq!(jane.identifiers[0].country.unwrap().as_str(), "GB");
    assert_eq!(
        jane.remarks,
        ["Refused onboarding, see case 77; second line of the note"]
    );
    assert_eq!(list.entities[1].schema, Schema::Organization);
    assert_eq!(list.entities[1].countries[0].as_str(), "AE");
    assert_eq!(list.entities[2].schema, Schema::Vessel);
    assert_eq!(list.entities[2].countries[0].as_str(), "PA");
    assert_eq!(list.entities[2].identifiers[0].kind, IdKind::Imo);
}

#[test]
fn not_this_format() {
    let err = |bytes: &[u8]| vigil_lists::parse(&Input::new("w.csv", bytes)).unwrap_err();
    let e = err(b"ident,fullname\n1,x\n");
    assert_eq!(e.kind(), ErrorKind::Unrecognized);
    assert_eq!(
        e.message(),
        "not a list format vigil knows: a CSV file whose header is [\"ident\", \"fullname\"]"
    );
    let e = err(b"id,name\n");
    assert_eq!(e.kind(), ErrorKind::NoEntities);
    assert_eq!(
        e.message(),
        "no entity could be read from this internal-csv file"
    );
    let e = err(b"id,name\n1,Jos\xe9\n");
    assert_eq!(e.kind(), ErrorKind::Malformed);
    assert_eq!(
        e.message(),
        "the file is not valid UTF-8 (first bad byte at offset 13)"
    );
    assert_eq!(err(b"").kind(), ErrorKind::Empty);
}
