//! The OFAC Enhanced XML parser on the real consolidated (non-SDN) file,
//! `CONS_ENHANCED.ZIP` (opened by the loader), and its agreement with the
//! classic XML of the same list.
//!
//! Properties checked:
//! 1. the entity count, publication date and source, with no diagnostic;
//! 2. a person and an organisation field by field: names with kinds,
//!    parts and Cyrillic translations, dates with precision, countries,
//!    identifiers, programmes, listing dates;
//! 3. the same entity read from `consolidated.xml` and `CONS_ENHANCED`
//!    gets the same id (`ofac-cons:<n>`), schema, dates and primary name.

use crate::support::{self, entity, names};
use std::collections::HashMap;
use vigil_core::{IdKind, NameKind, PartKind, Precision, Schema, Script};
use vigil_lists::Format;

#[test]
fn counts() {
    let Some(list) = support::load_one("ofac/non-sdn/CONS_ENHANCED.ZIP") else {
        return;
    };
    assert_eq!(list.format, Format::OfacEnhancedXml);
    assert_eq!(list.source, "ofac-cons");
    assert!(list.files[0].ends_with("CONS_ENHANCED.ZIP!CONS_ENHANCED.XML"));
    assert_eq!(list.published.unwrap().to_string(), "2025-01-10");
    assert_eq!(list.entities.len(), 443);
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    let people = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    assert_eq!((people, list.entities.len() - people), (80, 363));
    let scripts = |s| {
        list.entities
            .iter()
            .flat_map(|e| &e.names)
            .filter(|n| n.kind == NameKind::OriginalScript && n.script == s)
            .count()
    };
    // Two more Cyrillic names are weak or former aliases, which keep their
    // kind.
    assert_eq!((scripts(Script::Cyrillic), scripts(Script::Han)), (37, 6));
}

#[test]
fn person() {
    let Some(list) = support::load_one("ofac/non-sdn/CONS_ENHANCED.ZIP") else {
        return;
    };
    let e = entity(&list, "ofac-cons:50476");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(
        names(e),
        [
            "primary/latin: MARTELLY, Michel Joseph",
            "alias/latin: MARTELLY, Michael",
            "weak_alias/latin: Sweet Micky",
        ]
    );
    let parts: Vec<(PartKind, &str)> = e.names[0]
        .parts
        .iter()
        .map(|p| (p.kind, p.value.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (PartKind::Family, "Martelly"),
            (PartKind::Given, "Michel"),
            (PartKind::Middle, "Joseph"),
        ]
    );
    assert_eq!(e.gender, Some(vigil_core::Gender::Male));
    assert_eq!(e.birth_dates[0].to_string(), "1961-02-12");
    assert_eq!(e.birth_dates[0].precision(), Precision::Day);
    assert_eq!(e.birth_places, ["Port-au-Prince, Haiti"]);
    assert_eq!(e.nationalities[0].as_str(), "HT");
    let ids: Vec<(IdKind, &str, &str)> = e
        .identifiers
        .iter()
        .map(|i| {
            (
                i.kind,
                i.value.as_str(),
                i.country.as_ref().unwrap().as_str(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (IdKind::NationalId, "0032768386", "HT"),
            (IdKind::DrivingLicense, "M634550610520", "US"),
        ]
    );
    assert_eq!(e.programs, ["ILLICIT-DRUGS-EO14059"]);
    assert_eq!(e.listed_on.unwrap().to_string(), "2024-08-20");

    let e = entity(&list, "ofac-cons:9639");
    assert_eq!(e.names[0].full, "HANIYA, Ismail Abdul Salah");
    assert_eq!(e.birth_dates[0].to_string(), "1962");
    assert_eq!(e.birth_dates[0].precision(), Precision::Year);
    // The earliest of its lists: the Palestinian Legislative Council list.
    assert_eq!(e.listed_on.unwrap().to_string(), "2006-04-12");
}

#[test]
fn organisation() {
    let Some(list) = support::load_one("ofac/non-sdn/CONS_ENHANCED.ZIP") else {
        return;
    };
    let e = entity(&list, "ofac-cons:17013");
    assert_eq!(e.schema, Schema::Organization);
    assert_eq!(
        names(e)[..3],
        [
            "primary/latin: VTB BANK PUBLIC JOINT STOCK COMPANY",
            "original_script/cyrillic: БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО",
            "former/latin: JSC VTB BANK",
        ]
    );
    assert!(names(e).contains(&"original_script/cyrillic: БАНК ВТБ ПАО".to_string()));
    assert_eq!(e.names.len(), 31);
    assert_eq!(e.birth_dates[0].to_string(), "1990-10-17");
    let lei = e
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Lei)
        .unwrap();
    assert_eq!(lei.value, "253400V1H6ART1UQ0N98");
    assert_eq!(lei.country.unwrap().as_str(), "RU");
    let kinds: Vec<IdKind> = e.identifiers.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            IdKind::SwiftBic,
            IdKind::Other,
            IdKind::Other,
            IdKind::Registration,
            IdKind::Registration,
            IdKind::TaxId,
            IdKind::Registration,
            IdKind::Lei,
        ]
    );
    assert_eq!(e.addresses.len(), 12);
    assert_eq!(e.programs, ["UKRAINE-EO13662", "RUSSIA-EO14024"]);
    assert_eq!(e.listed_on.unwrap().to_string(), "2014-07-29");
    assert!(
        e.remarks
            .contains(&"Website www.vtb.ru (Russian Language website for the bank)".to_string())
    );
}

#[test]
fn same_ids_as_the_classic_xml() {
    let Some(classic) = support::load_one("ofac/non-sdn/consolidated.xml") else {
        return;
    };
    let Some(enhanced) = support::load_one("ofac/non-sdn/CONS_ENHANCED.ZIP") else {
        return;
    };
    let by_id: HashMap<&str, &vigil_core::Entity> = enhanced
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    // The 2026 classic file holds every entity of the 2025 enhanced file
    // but one delisted since (KAYAKIRAN, ofac-cons:26182).
    assert!(by_id.contains_key("ofac-cons:26182"));
    let mut same_primary = 0;
    for c in &classic.entities {
        let e = by_id
            .get(c.id.as_str())
            .unwrap_or_else(|| panic!("{} is not in CONS_ENHANCED", c.id));
        assert_eq!(c.schema, e.schema, "{}", c.id);
        assert_eq!(c.birth_dates, e.birth_dates, "{}", c.id);
        assert_eq!(c.nationalities, e.nationalities, "{}", c.id);
        same_primary += usize::from(c.names[0].full == e.names[0].full);
    }
    // One refinery renamed between the two snapshots.
    assert_eq!(same_primary, 441);
    for id in ["ofac-cons:50476", "ofac-cons:9647", "ofac-cons:17013"] {
        assert_eq!(
            entity(&classic, id).names[0].full,
            entity(&enhanced, id).names[0].full
        );
    }
}
