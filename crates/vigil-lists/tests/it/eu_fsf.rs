//! Tests of the EU parser on the real excerpt of the Financial Sanctions
//! Files (`eu/sample_eu_fsf.xml`, generated 2026-08-05, 5 entities).
//!
//! Properties checked:
//! 1. all 5 entities and their 45 name aliases load, without diagnostics;
//! 2. a person (logicalId 191, Khalid Sheikh MOHAMMED) and the enterprise
//!    (3822, Parchin Chemical Industries) are read field by field, the
//!    primary name being the designation's own name, not the first alias;
//! 3. the real edge cases: Arabic and Persian aliases, aliases that are
//!    strong but called "low quality" in their remark, a Hijri date with
//!    its Gregorian equivalent, circa year ranges, an unknown ("00") country.
use crate::support::{self, codes, dates};
use vigil_core::{Gender, IdKind, NameKind, Schema};

#[test]
fn counts() {
    let Some(list) = support::load_one("eu/sample_eu_fsf.xml") else {
        return;
    };
    assert_eq!(list.published.unwrap().to_string(), "2026-08-05");
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    let s = list.summary();
    assert_eq!(s.entities, 5);
    assert_eq!(s.entities_by_schema["person"], 4);
    assert_eq!(s.entities_by_schema["organization"], 1);
    assert_eq!(s.names, 45);
    assert_eq!(s.names_by_kind["primary"], 5);
    assert_eq!(s.names_by_kind["alias"], 34);
    assert_eq!(s.names_by_kind["weak_alias"], 3);
    assert_eq!(s.names_by_kind["original_script"], 3);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["eu:191", "eu:521", "eu:3822", "eu:6106", "eu:6177"]);
    let programs: Vec<&str> = list
        .entities
        .iter()
        .flat_map(|e| &e.programs)
        .map(String::as_str)
        .collect();
    assert_eq!(programs, ["TERR", "AFG", "IRN", "LBY", "TAQA"]);
}

#[test]
fn person_191() {
    let Some(list) = support::load_one("eu/sample_eu_fsf.xml") else {
        return;
    };
    let e = support::entity(&list, "eu:191");
    assert_eq!(e.schema, Schema::Person);
    // The first nameAlias in the file is a French spelling of an alias; the
    // primary is the one with the structured parts.
    assert_eq!(
        support::names(e),
        [
            "primary/latin: Khalid Sheikh MOHAMMED",
            "alias/latin: Bin Khalid Fahd Bin Adballah",
            "alias/latin: Wadood Khalid Adbul",
            "alias/latin: Henin Ashraf Refaat Nabith",
            "alias/latin: Bin Khalid Fahd Bin Abdallah",
            "alias/latin: Wadood Khalid Abdul",
            "alias/latin: Ali Salem",
        ]
    );
    let langs: Vec<&str> = e
        .names
        .iter()
        .map(|n| n.lang.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(langs, ["en", "fr", "fr", "-", "en", "-", "-"]);
    let parts: Vec<String> = e.names[0]
        .parts
        .iter()
        .map(|p| format!("{:?}={}", p.kind, p.value))
        .collect();
    assert_eq!(parts, ["Given=Khalid Sheikh", "Family=MOHAMMED"]);
    assert_eq!(e.gender, Some(Gender::Male));
    assert_eq!(dates(e), ["1965-04-14", "1964-03-01"]);
    // city="-" is no city.
    assert_eq!(e.birth_places, ["Pakistan"]);
    assert_eq!(codes(&e.countries), ["PK"]);
    assert!(e.nationalities.is_empty() && e.citizenships.is_empty());
    assert_eq!(e.programs, ["TERR"]);
    let p = &e.identifiers[1];
    assert_eq!(
        (p.kind, p.value.as_str(), p.country),
        (IdKind::Passport, "488555", None)
    );
    assert_eq!(p.label.as_deref(), Some("National passport"));
    assert_eq!(e.identifiers[0].value, "EU.3579.2");
}

#[test]
fn enterprise_3822() {
    let Some(list) = support::load_one("eu/sample_eu_fsf.xml") else {
        return;
    };
    let e = support::entity(&list, "eu:3822");
    assert_eq!(e.schema, Schema::Organization);
    let names = support::names(e);
    assert_eq!(names.len(), 16);
    assert_eq!(
        names[..3],
        [
            "primary/latin: Parchin Chemical Industries (PCI)",
            "alias/latin: Tionscail Ceimiceán Parchin",
            "alias/latin: Parcsini Vegyipari Vállalat",
        ]
    );
    assert_eq!(names[8], "original_script/arabic: صنایع شیمیایی پارچین");
    assert_eq!(e.names[8].lang.as_deref(), Some("fa"));
    assert_eq!(e.listed_on.unwrap().to_string(), "2008-06-23");
    assert_eq!(e.addresses.len(), 6);
    assert_eq!(e.addresses[0].note.as_deref(), Some("PO Box 16765/358"));
    assert_eq!(e.addresses[5].postal_code.as_deref(), Some("15765-358"));
    assert_eq!(codes(&e.countries), ["IR"]);
    let r = &e.identifiers[1];
    assert_eq!((r.kind, r.value.as_str()), (IdKind::Registration, "892"));
    assert_eq!(e.remarks.len(), 3);
    assert!(e.remarks[0].starts_with("Parchin Chemical Industries (PCI) produces ammunition"));
    assert!(e.remarks[1].starts_with("Cooperative Company Registration No 892."));
    assert_eq!(e.remarks[2], "UN designation:24/03/2007 (no longer valid)");
}

#[test]
fn edge_cases() {
    let Some(list) = support::load_one("eu/sample_eu_fsf.xml") else {
        return;
    };
    // The primary is the alias with the function, not the Arabic first one;
    // strong aliases whose remark says "low quality alias" are weak.
    let e = support::entity(&list, "eu:6177");
    let names = support::names(e);
    assert_eq!(
        names[..7],
        [
            "primary/latin: Ibrahim Hassan Tali Al-Asiri",
            "original_script/arabic: إبراهيم حسن طالع عسيري",
            "original_script/arabic: إبراهيم حسن طالع العسيري",
            "alias/latin: Ibrahim al-'Asiri",
            "weak_alias/latin: Abu-Salaah",
            "weak_alias/latin: Abosslah",
            "weak_alias/latin: Abu Saleh",
        ]
    );
    assert_eq!(e.names[1].lang.as_deref(), Some("ar"));
    // The ISLAMIC birthdate (24/06/1402) is the same day as the Gregorian one.
    assert_eq!(dates(e), ["1982-04-18", "1982-04-19"]);
    assert_eq!(codes(&e.citizenships), ["SA"]);
    let p = e
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Passport)
        .unwrap();
    assert_eq!(p.value, "F654645");
    assert!(
        p.note
            .as_deref()
            .unwrap()
            .starts_with("known expired; issued 2005-04-30; valid to 2010-03-07;")
    );
    assert_eq!(
        e.positions,
        ["Operative and principal bomb maker of Al-Qaida in the Arabian Peninsula (AQAP)"]
    );
    // Circa year ranges, twice the same: one date, two places.
    let e = support::entity(&list, "eu:521");
    assert_eq!(
        support::names(e)[0],
        "primary/latin: Ahmed Jan Akhundzada Wazir"
    );
    assert_eq!(dates(e), ["circa 1953..1958"]);
    assert_eq!(
        e.birth_places,
        [
            "Tirin Kot District, Uruzgan Province, Afghanistan",
            "Kandahar province, Afghanistan"
        ]
    );
    assert_eq!(
        e.positions,
        [
            "Minister of Water and Electricity under the Taliban regime",
            "Maulavi"
        ]
    );
    // The UN reference ties the EU entry to un:LYi.006.
    let e = support::entity(&list, "eu:6106");
    assert!(
        e.identifiers
            .iter()
            .any(|i| i.value == "LYi.006" && i.kind == IdKind::Other)
    );
    assert_eq!(
        e.names
            .iter()
            .filter(|n| n.kind == NameKind::Primary)
            .count(),
        1
    );
}
