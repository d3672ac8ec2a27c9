//! The OFAC classic XML parser on the real files: the consolidated
//! (non-SDN) list of 2026 in the current namespace and of 2020 in the old
//! `tempuri.org` namespace.
//!
//! Properties checked:
//! 1. the entry counts of both files, their publication dates (written
//!    month first) and their source, with no diagnostic;
//! 2. a person and an organisation of each file, field by field: names
//!    with kinds and parts, dates with precision, countries, identifiers,
//!    facts OFAC hides in `idList` (gender, establishment date, website),
//!    programmes;
//! 3. edge cases of the real files: "Region: Gaza" and "Palestinian" as
//!    countries, weak aliases written whole in `lastName`.

use crate::support::{self, codes, entity, names};
use vigil_core::{IdKind, NameKind, PartKind, Precision, Schema};
use vigil_lists::Format;

#[test]
fn consolidated_2026_counts() {
    let Some(list) = support::load_one("ofac/non-sdn/consolidated.xml") else {
        return;
    };
    assert_eq!(list.format, Format::OfacXml);
    assert_eq!(list.source, "ofac-cons");
    assert_eq!(list.published.unwrap().to_string(), "2026-01-08");
    assert_eq!(list.entities.len(), 442);
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    let people = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    assert_eq!((people, list.entities.len() - people), (79, 363));
    assert!(
        list.entities
            .iter()
            .all(|e| e.id.starts_with("ofac-cons:") && e.names[0].kind == NameKind::Primary)
    );
}

#[test]
fn consolidated_2020_counts() {
    let Some(list) = support::load_one("ofac/non-sdn/consolidated-2020-12-14.xml") else {
        return;
    };
    assert_eq!(list.source, "ofac-cons");
    assert_eq!(list.published.unwrap().to_string(), "2020-12-14");
    assert_eq!(list.entities.len(), 376);
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    let people = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    assert_eq!((people, list.entities.len() - people), (82, 294));
}

#[test]
fn consolidated_2026_person() {
    let Some(list) = support::load_one("ofac/non-sdn/consolidated.xml") else {
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
            (PartKind::Family, "MARTELLY"),
            (PartKind::Given, "Michel Joseph")
        ]
    );
    assert_eq!(e.gender, Some(vigil_core::Gender::Male));
    assert_eq!(e.birth_dates.len(), 1);
    assert_eq!(e.birth_dates[0].to_string(), "1961-02-12");
    assert_eq!(e.birth_dates[0].precision(), Precision::Day);
    assert_eq!(e.birth_places, ["Port-au-Prince, Haiti"]);
    assert_eq!(codes(&e.nationalities), ["HT"]);
    assert_eq!(codes(&e.countries), ["US", "HT", "DO"]);
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
    assert_eq!(e.addresses[0].city.as_deref(), Some("Miami"));
    assert_eq!(e.addresses[0].region.as_deref(), Some("FL"));
    assert_eq!(e.programs, ["ILLICIT-DRUGS-EO14059"]);
    assert_eq!(e.remarks.len(), 3);
    assert!(e.remarks[0].starts_with("Executive Order 14059 information: Prohibition"));
}

#[test]
fn consolidated_2026_person_with_weak_whole_aliases() {
    let Some(list) = support::load_one("ofac/non-sdn/consolidated.xml") else {
        return;
    };
    let e = entity(&list, "ofac-cons:9647");
    assert_eq!(
        names(e),
        [
            "primary/latin: ZAHHAR, Mahmoud Khaled",
            "alias/latin: AL ZAHAR, Mahmoud Khaled",
            "weak_alias/latin: ZAHAR, Mahmoud",
            "weak_alias/latin: AL-ZAHAR, Mahmoud",
        ]
    );
    // Written whole in lastName, split at its one comma.
    assert_eq!(e.names[3].parts[0].value, "AL-ZAHAR");
    assert_eq!(e.names[3].parts[1].kind, PartKind::Given);
    assert_eq!(e.birth_dates[0].to_string(), "1945");
    assert_eq!(e.birth_dates[0].precision(), Precision::Year);
    // "Palestinian" nationality, "Region: Gaza" address country.
    assert_eq!(codes(&e.nationalities), ["PS"]);
    assert_eq!(e.addresses[0].country.unwrap().as_str(), "PS");
    assert_eq!(e.programs, ["NS-PLC", "SDGT"]);
    assert_eq!(e.remarks[0], "(Linked To: HAMAS)");
}

#[test]
fn consolidated_2026_organisation() {
    let Some(list) = support::load_one("ofac/non-sdn/consolidated.xml") else {
        return;
    };
    let e = entity(&list, "ofac-cons:17013");
    assert_eq!(e.schema, Schema::Organization);
    assert_eq!(e.names[0].full, "VTB BANK PUBLIC JOINT STOCK COMPANY");
    let count = |k| e.names.iter().filter(|n| n.kind == k).count();
    assert_eq!(
        [
            count(NameKind::Primary),
            count(NameKind::Alias),
            count(NameKind::Former),
            count(NameKind::WeakAlias)
        ],
        [1, 6, 21, 1]
    );
    assert_eq!(e.names[1].full, "JSC VTB BANK");
    assert_eq!(e.names[1].kind, NameKind::Former);
    assert!(e.names.iter().all(|n| n.parts.is_empty()));
    // "Organization Established Date" in idList.
    assert_eq!(e.birth_dates[0].to_string(), "1990-10-17");
    let ids: Vec<(IdKind, &str)> = e
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (IdKind::Registration, "1027739609391"),
            (IdKind::Registration, "00032520"),
            (IdKind::TaxId, "7702070139"),
            (IdKind::Registration, "1000"),
            (IdKind::Lei, "253400V1H6ART1UQ0N98"),
            (IdKind::SwiftBic, "VTBRRUMM"),
            (IdKind::Other, "044030707"),
            (IdKind::Other, "044525187"),
        ]
    );
    assert_eq!(e.identifiers[0].label.as_deref(), Some("Registration ID"));
    assert_eq!(e.identifiers[0].country.unwrap().as_str(), "RU");
    assert_eq!(e.identifiers[6].label.as_deref(), Some("BIK (RU)"));
    assert_eq!(codes(&e.countries), ["RU", "IN", "CN"]);
    assert_eq!(e.addresses.len(), 12);
    assert_eq!(
        e.addresses[0].street.as_deref(),
        Some("29, Bolshaya Morskaya str.")
    );
    assert_eq!(e.programs, ["UKRAINE-EO13662", "RUSSIA-EO14024"]);
    assert!(e.remarks.contains(&"Website www.vtb.com".to_string()));
    assert!(
        e.remarks
            .contains(&"Target Type Financial Institution".to_string())
    );
}

#[test]
fn consolidated_2020_person_and_organisation() {
    let Some(list) = support::load_one("ofac/non-sdn/consolidated-2020-12-14.xml") else {
        return;
    };
    let e = entity(&list, "ofac-cons:17526");
    assert_eq!(names(e), ["primary/latin: BEKTAS, Halis"]);
    assert_eq!(e.birth_dates[0].to_string(), "1966-02-13");
    assert_eq!(codes(&e.citizenships), ["CH"]);
    assert_eq!(e.identifiers[0].kind, IdKind::Passport);
    assert_eq!(e.identifiers[0].value, "X0906223");
    assert_eq!(e.identifiers[0].country.unwrap().as_str(), "CH");
    assert_eq!(e.programs, ["SYRIA", "FSE-SY"]);

    let e = entity(&list, "ofac-cons:9639");
    assert_eq!(
        names(e),
        [
            "primary/latin: HANIYA, Ismail Abdul Salah",
            "alias/latin: HANIYA, Ismail",
            "alias/latin: HANIYYA, Ismaeel",
        ]
    );
    assert_eq!(e.birth_dates[0].precision(), Precision::Year);
    assert_eq!(e.birth_places, ["Shati"]);

    let e = entity(&list, "ofac-cons:17015");
    assert_eq!(e.schema, Schema::Organization);
    assert_eq!(
        names(e)[..2],
        ["primary/latin: VNESHECONOMBANK", "weak_alias/latin: VEB"]
    );
    let ids: Vec<(IdKind, &str)> = e
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        ids,
        [(IdKind::Other, "044525060"), (IdKind::SwiftBic, "BFEARUMM")]
    );
    assert_eq!(e.addresses[0].city.as_deref(), Some("Moscow"));
    assert_eq!(e.programs, ["UKRAINE-EO13662"]);
    assert!(e.remarks.contains(&"Email Address info@veb.ru".to_string()));
}
