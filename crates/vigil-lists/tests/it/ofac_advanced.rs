//! The OFAC Advanced XML parser on the real excerpt
//! `ofac/sample_sdn_advanced.xml`: four SDN parties with OFAC's complete
//! reference tables.
//!
//! Properties checked:
//! 1. the party count, publication date and source, with no diagnostic;
//! 2. each party field by field: the person AL-ZOMOR (2677) with its seven
//!    documented names, one in Arabic script, its date of birth, place of
//!    birth, nationality and gender; the organisation AEROCARIBBEAN
//!    AIRLINES (36); the vessel MAR AZUL (4238); the aircraft EP-GOL
//!    (15432); programmes and listing dates from the sanctions entries;
//! 3. the primary name reads as OFAC's other exports write it.

use crate::support::{self, entity, names};
use vigil_core::{IdKind, PartKind, Precision, Schema, Script};
use vigil_lists::{Format, List};

fn load() -> Option<List> {
    support::load_one("ofac/sample_sdn_advanced.xml")
}

#[test]
fn counts() {
    let Some(list) = load() else { return };
    assert_eq!(list.format, Format::OfacAdvancedXml);
    assert_eq!(list.source, "ofac-sdn");
    assert_eq!(list.published.unwrap().to_string(), "2026-09-09");
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    let ids: Vec<(&str, Schema)> = list
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.schema))
        .collect();
    assert_eq!(
        ids,
        [
            ("ofac-sdn:36", Schema::Organization),
            ("ofac-sdn:2677", Schema::Person),
            ("ofac-sdn:4238", Schema::Vessel),
            ("ofac-sdn:15432", Schema::Aircraft),
        ]
    );
}

#[test]
fn person() {
    let Some(list) = load() else { return };
    let e = entity(&list, "ofac-sdn:2677");
    // As sdn.csv writes it: OFAC's formatter upper-cases the last name.
    assert_eq!(
        names(e),
        [
            "primary/latin: AL-ZOMOR, Abboud Abdul Latif Hassan",
            "original_script/arabic: الزمر, عبود عبداللطيف حسن",
            "alias/latin: ZUMAR, Abbud",
            "alias/latin: AL-ZUMAR, Abbud",
            "alias/latin: EL-ZOMOR, Aboud Abdul Latif Hasan",
            "alias/latin: AL-ZUMUR, Abood Abdul Latif Hassan",
            "alias/latin: AL-ZAMUR, Abboud Abdul Latif Hassan",
        ]
    );
    assert_eq!(e.names[1].script, Script::Arabic);
    let parts: Vec<(PartKind, &str)> = e.names[0]
        .parts
        .iter()
        .map(|p| (p.kind, p.value.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (PartKind::Family, "Al-Zomor"),
            (PartKind::Given, "Abboud Abdul Latif Hassan")
        ]
    );
    assert_eq!(e.birth_dates.len(), 1);
    assert_eq!(e.birth_dates[0].to_string(), "1947-04-19");
    assert_eq!(e.birth_dates[0].precision(), Precision::Day);
    assert_eq!(e.birth_places, ["Nahia, Giza, Egypt"]);
    assert_eq!(e.nationalities[0].as_str(), "EG");
    assert_eq!(e.gender, Some(vigil_core::Gender::Male));
    assert_eq!(e.addresses[0].country.unwrap().as_str(), "EG");
    assert_eq!(e.programs, ["SDGT"]);
    assert_eq!(e.listed_on.unwrap().to_string(), "1995-01-23");
    assert_eq!(
        e.remarks,
        [
            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886"
        ]
    );
}

#[test]
fn organisation() {
    let Some(list) = load() else { return };
    let e = entity(&list, "ofac-sdn:36");
    assert_eq!(
        names(e),
        [
            "primary/latin: AEROCARIBBEAN AIRLINES",
            "alias/latin: AERO-CARIBBEAN"
        ]
    );
    assert!(e.names[0].parts.is_empty());
    assert_eq!(e.addresses[0].city.as_deref(), Some("Havana"));
    assert_eq!(e.addresses[0].country.unwrap().as_str(), "CU");
    assert_eq!(e.countries[0].as_str(), "CU");
    assert_eq!(e.programs, ["CUBA"]);
    assert_eq!(e.listed_on.unwrap().to_string(), "1986-12-10");
}

#[test]
fn vessel_and_aircraft() {
    let Some(list) = load() else { return };
    let v = entity(&list, "ofac-sdn:4238");
    assert_eq!(names(v), ["primary/latin: MAR AZUL"]);
    assert_eq!(v.identifiers[0].kind, IdKind::CallSign);
    assert_eq!(v.identifiers[0].value, "CL2192");
    assert_eq!(v.positions, ["Tug"]);
    assert_eq!(v.countries[0].as_str(), "CU");
    assert_eq!(
        v.remarks,
        [
            "Vessel Owner Samir de Navegacion S.A.",
            "Vessel Gross Registered Tonnage 212"
        ]
    );
    // Its location is "undetermined": no address, no warning.
    assert!(v.addresses.is_empty());
    assert_eq!(v.programs, ["CUBA"]);

    let a = entity(&list, "ofac-sdn:15432");
    assert_eq!(names(a), ["primary/latin: EP-GOL"]);
    let ids: Vec<(IdKind, &str)> = a
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (IdKind::AircraftId, "8305"),
            (IdKind::AircraftId, "1013409297")
        ]
    );
    // The manufacture date, 1991-01-01 to 1991-12-31, is a year.
    assert_eq!(a.birth_dates[0].to_string(), "1991");
    assert_eq!(a.birth_dates[0].precision(), Precision::Year);
    assert_eq!(a.positions, ["IL-76TD"]);
    assert!(a.remarks.contains(&"Aircraft Operator YAS AIR".to_string()));
    assert_eq!(a.programs, ["SDGT"]);
    assert_eq!(a.listed_on.unwrap().to_string(), "2012-09-19");
}
