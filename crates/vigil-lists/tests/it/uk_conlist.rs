//! Tests of the UK ConList parser on the real file
//! (`uk/ConList.derived-from-xlsx.csv.gz`, the OFSI list of 14/04/2025 as
//! CSV: 18,798 rows in 4,688 groups).
//!
//! Properties checked:
//! 1. every group loads as one entity, and the values the parser cannot read
//!    (misspelt countries, groups without a primary row) are pinned;
//! 2. a person with an Arabic name (group 7270, Abdul Latif MANSUR, the
//!    FCDO's AFG0011), an organisation with a Cyrillic name (14211, the
//!    FCDO's AQD0377) and a ship (13651) are read field by field;
//! 3. the real edge cases: a person listed under two regimes with two
//!    different primary names (13918), numbered cells, Soviet-era countries
//!    of birth, a group whose rows are all name variations (16601).
use crate::support::{self, codes, ids};
use std::sync::OnceLock;
use vigil_core::{IdKind, NameKind, Schema};
use vigil_lists::List;

/// The list, loaded once for all the tests of this file.
pub(crate) fn conlist() -> Option<&'static List> {
    static LIST: OnceLock<Option<List>> = OnceLock::new();
    LIST.get_or_init(|| support::load_one("uk/ConList.derived-from-xlsx.csv.gz"))
        .as_ref()
}

#[test]
fn counts_and_diagnostics() {
    let Some(list) = conlist() else {
        return;
    };
    assert_eq!(list.published.unwrap().to_string(), "2025-04-14");
    let s = list.summary();
    assert_eq!(s.entities, 4688);
    assert_eq!(s.entities_by_schema["person"], 3663);
    assert_eq!(s.entities_by_schema["organization"], 1010);
    assert_eq!(s.entities_by_schema["vessel"], 15);
    assert_eq!(s.names_by_kind["primary"], 4688);
    assert_eq!(s.names_by_kind["original_script"], 3065);
    assert_eq!(s.names_by_kind["former"], 15);
    assert_eq!(list.diagnostics.len(), 13);
    let mut d: Vec<String> = list
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.field.as_deref().unwrap_or(""), d.message))
        .collect();
    d.sort();
    d.dedup();
    assert_eq!(
        d,
        [
            "Alias Type: no row is the Primary name; \"33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE\" is used as the primary name",
            "Alias Type: no row is the Primary name; \"PREMERA (H.K.) INTERNATIONAL CO, LIMITED\" is used as the primary name",
            "Country of Birth: unknown country \"Crimea\", left out",
            "Country of Birth: unknown country \"Moldovian SSR (now Republic of Moldovia)\", left out",
            "Country of Birth: unknown country \"Russian Soviet Federative Socialist Republic (RSFSR)\", left out",
            "Country of Birth: unknown country \"Sundan\", left out",
            "Country of Birth: unknown country \"Uzbekhistan\", left out",
            "Country of Birth: unknown country \"Yakut Autonomous SSR\", left out",
            "Country: unknown country \"115088\", left out",
            "Country: unknown country \"Moscow\", left out",
            "Nationality: unknown country \"Belrus\", left out",
            "Nationality: unknown country \"Repubic of Moldova\", left out",
            "Non-Latin Script Language: unknown language \"Cyrillic\", left out",
        ]
    );
    let last = list.diagnostics.last().unwrap();
    assert_eq!(last.record, "Group ID 16789 (line 15695)");
}

#[test]
fn person_7270() {
    let Some(list) = conlist() else {
        return;
    };
    let e = support::entity(list, "uk:7270");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(
        support::names(e),
        [
            "primary/latin: Abdul Latif MANSUR",
            "alias/latin: Abdul Latif MANSOOR",
            "original_script/arabic: عبد اللطيف منصور",
            "alias/latin: Wali MOHAMMAD",
        ]
    );
    let parts: Vec<String> = e.names[0]
        .parts
        .iter()
        .map(|p| format!("{:?}={}", p.kind, p.value))
        .collect();
    assert_eq!(parts, ["Given=Abdul Latif", "Family=MANSUR"]);
    // "dd/mm/1968" keeps the year only.
    assert_eq!(
        e.birth_dates
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        ["1968"]
    );
    assert_eq!(
        e.birth_places,
        [
            "Garda Saray District, Paktia Province, Afghanistan",
            "Zurmat District, Paktia Province, Afghanistan"
        ]
    );
    assert_eq!(codes(&e.nationalities), ["AF"]);
    assert_eq!(ids(e), ["Other AFG0011 -", "Other TAi.007 -"]);
    assert_eq!(e.programs, ["Afghanistan"]);
    assert_eq!(
        e.positions,
        [
            "Minister of Agriculture under the Taliban regime",
            "Maulavi"
        ]
    );
    assert_eq!(e.listed_on.unwrap().to_string(), "2001-04-02");
}

#[test]
fn organisation_14211_and_ship_13651() {
    let Some(list) = conlist() else {
        return;
    };
    let e = support::entity(list, "uk:14211");
    assert_eq!(e.schema, Schema::Organization);
    assert_eq!(
        support::names(e),
        [
            "primary/latin: KHATIBA AL-TAWHID WAL-JIHAD (KTJ)",
            "alias/latin: JAMA`AT AL-TAWHID WAL-JIHAD",
            "alias/latin: JANNAT OSHIKLARI",
            "original_script/cyrillic: Катиба ат-Таухид валь-Джихад",
        ]
    );
    assert!(e.names[0].parts.is_empty());
    assert_eq!(ids(e), ["Other AQD0377 -", "Other QDe.168 -"]);
    assert_eq!(e.programs, ["ISIL (Da'esh) and Al-Qaida"]);
    let s = support::entity(list, "uk:13651");
    assert_eq!(s.schema, Schema::Vessel);
    assert_eq!(
        support::names(s),
        [
            "primary/latin: SAM JONG 2",
            "alias/latin: AKTIVA",
            "alias/latin: BIMA",
            "alias/latin: OCHRE POINT",
            "alias/latin: PETROCHEM VALOUR",
            "alias/latin: RAINBOW CHASER",
            "alias/latin: SOLVENT DISCOVERER",
            "alias/latin: TOM MIRA",
            "alias/latin: YU_JONG_3",
        ]
    );
    // From "(IMO number):7408873 (Current owners):... (Flag of ship):North
    // Korea (Previous flags):Russia (Type of ship):Oil tanker ... (Year
    // built):1975".
    assert_eq!(ids(s), ["Other DPR0100 -", "Imo 7408873 -"]);
    assert_eq!(codes(&s.countries), ["KP", "RU"]);
    assert_eq!(s.positions, ["Oil tanker"]);
    assert_eq!(
        s.birth_dates
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        ["1975"]
    );
    assert_eq!(s.programs, ["Democratic People's Republic of Korea"]);
}

#[test]
fn edge_cases() {
    let Some(list) = conlist() else {
        return;
    };
    // Listed under two regimes with two spellings as "Primary name": one
    // primary, the other an alias.
    let e = support::entity(list, "uk:13918");
    assert_eq!(
        support::names(e)[0],
        "primary/latin: Alexander Ryhorovich LUKASHENKO"
    );
    assert_eq!(
        e.names
            .iter()
            .filter(|n| n.kind == NameKind::Primary)
            .count(),
        1
    );
    assert_eq!(e.names.len(), 18);
    assert_eq!(e.programs, ["Belarus", "Global Human Rights"]);
    assert_eq!(ids(e), ["Other BEL0045 -", "Other GHR0050 -"]);
    // All rows are "Primary name variation".
    let e = support::entity(list, "uk:16601");
    assert_eq!(
        support::names(e)[0],
        "primary/latin: 33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE"
    );
    let registrations = list
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| matches!(i.kind, IdKind::Registration | IdKind::TaxId))
        .count();
    assert_eq!(registrations, 385);
    // "(Business Reg No): (1) Kazakhstan BIN - 170440031562".
    let e = support::entity(list, "uk:16636");
    let r = e
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Registration)
        .unwrap();
    assert_eq!(r.value, "170440031562");
    assert_eq!(r.label.as_deref(), Some("Kazakhstan BIN"));
    assert_eq!(r.country.unwrap().as_str(), "KZ");
}
