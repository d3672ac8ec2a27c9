//! Tests of the UN parser on the real Consolidated List
//! (`un/consolidated.xml`, generated 2026-02-27).
//!
//! Properties checked:
//! 1. every record loads (730 persons, 273 organisations) with its
//!    original-script names, and the few unreadable values are pinned;
//! 2. a person and an organisation are read field by field;
//! 3. the real edge cases: aliases mixing scripts, a Latin
//!    NAME_ORIGINAL_SCRIPT, a mis-encoded one, month and circa-range dates of
//!    birth, document numbers written inside labels, notes and sentences.
use crate::support::{self, codes, dates};
use std::sync::OnceLock;
use vigil_core::{Gender, IdKind, NameKind, Schema};
use vigil_lists::List;

/// The list, loaded once for all the tests of this file.
fn un() -> Option<&'static List> {
    static LIST: OnceLock<Option<List>> = OnceLock::new();
    LIST.get_or_init(|| support::load_one("un/consolidated.xml"))
        .as_ref()
}

fn ids(e: &vigil_core::Entity) -> Vec<String> {
    e.identifiers
        .iter()
        .map(|i| {
            format!(
                "{:?} {} {} [{}]",
                i.kind,
                i.value,
                i.country.map_or("-".to_string(), |c| c.to_string()),
                i.label.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn counts_and_diagnostics() {
    let Some(list) = un() else {
        return;
    };
    assert_eq!(list.published.unwrap().to_string(), "2026-02-27");
    let s = list.summary();
    assert_eq!(s.entities, 1003);
    assert_eq!(s.entities_by_schema["person"], 730);
    assert_eq!(s.entities_by_schema["organization"], 273);
    assert_eq!(s.names_by_kind["primary"], 1003);
    assert_eq!(s.names_by_kind["original_script"], 436);
    // 377 of the 378 NAME_ORIGINAL_SCRIPT values are in another script (one
    // repeats a Latin primary name); aliases in Arabic, Cyrillic and Chinese
    // give the rest.
    let with_original = list
        .entities
        .iter()
        .filter(|e| e.names.iter().any(|n| n.kind == NameKind::OriginalScript))
        .count();
    assert_eq!(with_original, 385);
    let d: Vec<String> = list
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}: {}: {}",
                d.record,
                d.field.as_deref().unwrap_or(""),
                d.message
            )
        })
        .collect();
    assert_eq!(
        d,
        [
            "INDIVIDUAL REFERENCE_NUMBER=LYi.022 (line 13347): NOTE: date of birth \"30-35 years old\" is not a date, left out",
            "INDIVIDUAL REFERENCE_NUMBER=QDi.129 (line 17168): NUMBER: \"Birth certificate\" document without a number, left out",
            "INDIVIDUAL REFERENCE_NUMBER=QDi.291 (line 22549): NOTE: date of birth \"24/06/1402 (Hijri Calendar)\" is in the Hijri calendar, left out",
            "INDIVIDUAL REFERENCE_NUMBER=QDi.306 (line 23583): NOTE: date of birth \"Between Aug. and Sep. 1977\" is not a date, left out",
            "INDIVIDUAL REFERENCE_NUMBER=QDi.318 (line 24239): NUMBER: \"Passport\" document without a number, left out",
            "INDIVIDUAL REFERENCE_NUMBER=TAi.068 (line 36519): NAME_ORIGINAL_SCRIPT: \"محمد الل\u{FFFD}\u{FFFD} مطيع\" has characters lost to a wrong encoding in the list; kept as given",
        ]
    );
}

#[test]
fn person_qdi_001() {
    let Some(list) = un() else {
        return;
    };
    let e = support::entity(list, "un:QDi.001");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(
        support::names(e),
        [
            "primary/latin: MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE",
            "original_script/arabic: محمد صلاح الدين عبدالحليم زيدان",
            "alias/latin: Sayf-Al Adl",
            "original_script/arabic: سيف العدل",
            "alias/latin: Muhamad Ibrahim Makkawi",
            "weak_alias/latin: Ibrahim al-Madani",
            "weak_alias/latin: Saif Al-'Adil",
            "weak_alias/latin: Seif al Adel",
        ]
    );
    let parts: Vec<String> = e.names[0]
        .parts
        .iter()
        .map(|p| format!("{:?}={}", p.kind, p.value))
        .collect();
    assert_eq!(
        parts,
        [
            "Given=MOHAMMED",
            "Other=SALAHALDIN",
            "Other=ABD EL HALIM",
            "Other=ZIDANE"
        ]
    );
    assert_eq!(dates(e), ["1963-04-11", "1960-04-11"]);
    assert_eq!(e.birth_places, ["Monufia Governate, Egypt"]);
    assert_eq!(codes(&e.nationalities), ["EG"]);
    assert_eq!(e.programs, ["Al-Qaida"]);
    assert_eq!(e.listed_on.unwrap().to_string(), "2001-01-25");
    assert!(e.remarks[0].starts_with("Responsible for Usama bin Laden’s (deceased) security."));
}

#[test]
fn organisation_qde_137() {
    let Some(list) = un() else {
        return;
    };
    let e = support::entity(list, "un:QDe.137");
    assert_eq!(e.schema, Schema::Organization);
    let names = support::names(e);
    assert_eq!(names.len(), 34);
    assert_eq!(
        names[..6],
        [
            "primary/latin: AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT",
            "original_script/arabic: جبهة النصرة لأهل الشام",
            // "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hay’at Tahrir al-Sham; ...)"
            "alias/latin: Hay’at Tahrir al-Sham",
            "alias/latin: HTS",
            "original_script/arabic: هيئة تحرير الشام",
            "alias/latin: Hay’et Tahrir al-Sham",
        ]
    );
    // "مجاهدو الشام في ساحات الجهاد (Levantine Mujahideen ... - sub-unit name)"
    assert_eq!(
        names[32..],
        [
            "original_script/arabic: مجاهدو الشام في ساحات الجهاد",
            "alias/latin: Levantine Mujahideen on the Battlefields of Jihad",
        ]
    );
    assert!(e.names[0].parts.is_empty());
    assert_eq!(codes(&e.countries), ["SY", "IQ"]);
    assert_eq!(e.programs, ["Al-Qaida"]);
}

#[test]
fn edge_cases() {
    let Some(list) = un() else {
        return;
    };
    // A Latin NAME_ORIGINAL_SCRIPT repeating the primary name adds nothing.
    let e = support::entity(list, "un:QDe.164");
    assert_eq!(
        support::names(e)[..2],
        [
            "primary/latin: JAMAAH ANSHARUT DAULAH",
            "alias/latin: Jemaah Anshorut Daulah"
        ]
    );
    // The mis-encoded original-script name is kept (with a warning).
    let e = support::entity(list, "un:TAi.068");
    assert_eq!(
        support::names(e)[1],
        "original_script/arabic: محمد الل\u{FFFD}\u{FFFD} مطيع"
    );
    // Dates of birth: an "EXACT" year with the month in the note, a month
    // given only in the note, circa year ranges.
    assert_eq!(dates(support::entity(list, "un:QDi.395")), ["1958-09"]);
    assert_eq!(dates(support::entity(list, "un:CDi.004")), ["1973-11"]);
    assert_eq!(
        dates(support::entity(list, "un:TAi.002")),
        ["circa 1955..1958", "circa 1945..1950"]
    );
    assert_eq!(dates(support::entity(list, "un:TAi.068")), ["circa 1961"]);
    // Numbers at the end of the label, in the note, in a sentence.
    assert_eq!(
        ids(support::entity(list, "un:TAi.165")),
        [
            "NationalId 57388 - [Afghan national identification card (tazkira) number]",
            "Other 665 - [Residential card number]",
        ]
    );
    assert_eq!(
        ids(support::entity(list, "un:QDi.060")),
        [
            "Passport L 191609 TN [Passport]",
            "NationalId 04643632 - [National Identification Number]",
            "TaxId DAOMMD74T11Z352Z IT [National Identification Number]",
        ]
    );
    assert_eq!(
        ids(support::entity(list, "un:QDi.037")),
        [
            "Passport 27082171 US [Passport]",
            "Passport MO887925 IQ [Passport]",
            "SocialSecurity 156-92-9858 - [National Identification Number]",
        ]
    );
    let e = support::entity(list, "un:QDi.129");
    assert!(
        ids(e).contains(&"DrivingLicense 20645897 DK [National Identification Number]".to_string()),
        "{:?}",
        ids(e)
    );
    // "China, Hong Kong Special Administrative Region".
    assert_eq!(
        codes(&support::entity(list, "un:KPe.017").countries),
        ["HK"]
    );
    let women = list
        .entities
        .iter()
        .filter(|e| e.gender == Some(Gender::Female))
        .count();
    assert_eq!(women, 2);
    let passports = list
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| i.kind == IdKind::Passport)
        .count();
    assert_eq!(passports, 311);
}
