//! Tests of the FCDO UK Sanctions List parser on the real excerpt
//! (`uk/uk_sanctions_list.sample.xml`, generated 14/08/2026: four real
//! designations and a fifth, synthetic one without UniqueID).
//!
//! Properties checked:
//! 1. the four designations load, the fifth is skipped with a diagnostic,
//!    and the ship without OFSIGroupID keeps its UniqueID as id, with a
//!    warning;
//! 2. a person (AFG0011), an organisation (AQD0377) and a ship (DPR0075)
//!    are read field by field;
//! 3. the real edge cases: "Primary name" casing, placeholder and repeated
//!    dates of birth, a passport number with a leading space, a national
//!    number with a leading zero;
//! 4. the ids are ConList's: the same targets have the same ids in both.
use crate::support::{self, codes, dates, ids};
use vigil_core::{Gender, IdKind, Schema};

#[test]
fn counts_and_diagnostics() {
    let Some(list) = support::load_one("uk/uk_sanctions_list.sample.xml") else {
        return;
    };
    assert_eq!(list.published.unwrap().to_string(), "2026-08-14");
    let got: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(got, ["uk:7270", "uk:11050", "uk:14211", "uk:DPR0075"]);
    let s = list.summary();
    assert_eq!(s.names, 17);
    assert_eq!(s.names_by_kind["original_script"], 3);
    let d: Vec<String> = list
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{:?} {}: {}: {}",
                d.severity,
                d.record,
                d.field.as_deref().unwrap_or(""),
                d.message
            )
        })
        .collect();
    assert_eq!(
        d,
        [
            "Warning Designation UniqueID=DPR0075 (line 277): OFSIGroupID: no OFSIGroupID; the entity id is the UniqueID",
            "Error Designation (line 353): UniqueID: no UniqueID; the record is skipped",
        ]
    );
}

#[test]
fn person_afg0011() {
    let Some(list) = support::load_one("uk/uk_sanctions_list.sample.xml") else {
        return;
    };
    let e = support::entity(&list, "uk:7270");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(
        support::names(e),
        [
            "primary/latin: ABDUL LATIF MANSUR",
            "alias/latin: Abdul Latif MANSOOR",
            "alias/latin: Wali MOHAMMAD",
            "original_script/arabic: عبد اللطيف منصور",
        ]
    );
    let parts: Vec<String> = e.names[0]
        .parts
        .iter()
        .map(|p| format!("{:?}={}", p.kind, p.value))
        .collect();
    assert_eq!(parts, ["Given=ABDUL", "Middle=LATIF", "Family=MANSUR"]);
    // "dd/mm/1968" keeps the year; "12/11/1967" is given twice.
    assert_eq!(dates(e), ["1968", "1967-11-12"]);
    assert_eq!(
        e.birth_places,
        [
            "Zurmat District, Paktia Province, Afghanistan",
            "Garda Saray District, Paktia Province, Afghanistan",
            "Afghanistan"
        ]
    );
    assert_eq!(codes(&e.nationalities), ["AF"]);
    // " D0009720" loses its leading space.
    assert_eq!(
        ids(e),
        [
            "Other AFG0011 -",
            "Other TAi.007 -",
            "Passport D0009720 AF",
            "Passport D0010442 AF"
        ]
    );
    assert_eq!(
        e.programs,
        ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]
    );
    assert_eq!(
        e.positions,
        [
            "Maulavi",
            "Minister of Agriculture under the previous Taliban regime (1996-2001)"
        ]
    );
    assert_eq!(e.listed_on.unwrap().to_string(), "2001-01-31");
    assert_eq!(e.addresses[0].street.as_deref(), Some("Darul Aman, Kabul"));
    assert_eq!(e.gender, None::<Gender>);
}

#[test]
fn organisation_aqd0377_and_ship_dpr0075() {
    let Some(list) = support::load_one("uk/uk_sanctions_list.sample.xml") else {
        return;
    };
    let e = support::entity(&list, "uk:14211");
    assert_eq!(e.schema, Schema::Organization);
    assert_eq!(
        support::names(e),
        [
            "primary/latin: Khatiba al-Tawhid wal-Jihad (KTJ)",
            "alias/latin: Jama'at al-Tawhid wal-Jihad",
            "alias/latin: Jannat Oshiklari",
            "original_script/cyrillic: Катиба ат-Таухид валь-Джихад",
        ]
    );
    assert!(e.names[0].parts.is_empty());
    assert_eq!(ids(e), ["Other AQD0377 -", "Other QDe.168 -"]);
    assert_eq!(e.remarks[1], "Type of entity: Terrorist Group");
    let s = support::entity(&list, "uk:DPR0075");
    assert_eq!(s.schema, Schema::Vessel);
    assert_eq!(
        support::names(s),
        [
            "primary/latin: Petrel 8",
            "alias/latin: Jal Vahini",
            "alias/latin: Jal_Vahini",
            "alias/latin: Tian Tai 36",
        ]
    );
    // "IMO9562233" is kept as the bare number.
    assert_eq!(ids(s), ["Other DPR0075 -", "Imo 9562233 -"]);
    assert_eq!(s.identifiers[1].kind, IdKind::Imo);
    // The current flag (Comoros), then the previous one (India).
    assert_eq!(codes(&s.countries), ["KM", "IN"]);
    assert_eq!(s.positions, ["Bulk Carrier"]);
    assert_eq!(dates(s), ["2011"]);
    assert_eq!(s.listed_on.unwrap().to_string(), "2017-10-03");
}

#[test]
fn edge_cases() {
    let Some(list) = support::load_one("uk/uk_sanctions_list.sample.xml") else {
        return;
    };
    // NameType "Primary name" (lower-case n), weak aliases, a national
    // number with a leading zero, a month-only date of birth.
    let e = support::entity(&list, "uk:11050");
    assert_eq!(
        support::names(e),
        [
            "primary/latin: AKRAM TURKI HISHAN AL-MAZIDIH",
            "weak_alias/latin: Abu Akram",
            "alias/latin: Akram Turki Al-Hishan",
            "weak_alias/latin: Abu Jarrah",
            "original_script/arabic: أكرم تركي هاشم المزيده",
        ]
    );
    assert_eq!(dates(e), ["1974", "1975", "1979", "1958-09", "1985"]);
    let n = &e.identifiers[2];
    assert_eq!((n.kind, n.value.as_str()), (IdKind::NationalId, "0075258"));
    assert_eq!(n.note.as_deref(), Some("Ration card no"));
    assert_eq!(codes(&e.countries), ["IQ", "SY"]);
}

#[test]
fn same_ids_as_conlist() {
    let (Some(fcdo), Some(conlist)) = (
        support::load_one("uk/uk_sanctions_list.sample.xml"),
        crate::uk_conlist::conlist(),
    ) else {
        return;
    };
    for id in ["uk:7270", "uk:14211"] {
        let (a, b) = (support::entity(&fcdo, id), support::entity(conlist, id));
        assert_eq!(
            a.names[0].full.to_lowercase(),
            b.names[0].full.to_lowercase(),
            "{id}"
        );
        assert_eq!(a.identifiers[0], b.identifiers[0], "{id}");
    }
}
