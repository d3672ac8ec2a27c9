//! The list diff on two real versions of OFAC's consolidated (non-SDN)
//! list: 14 December 2020, in the old `http://tempuri.org/sdnList.xsd`
//! namespace, and 8 January 2026, in the sanctionslistservice namespace.
//!
//! Properties checked:
//! 1. the totals: 76 added, 10 removed, 288 changed, 78 unchanged, no
//!    duplicate id, and how many changed entities touch each field;
//! 2. samples of added and removed entities with their captions, and the
//!    natural order of ids (`9647` before `17013`);
//! 3. three changed entities field by field: a person given new names and
//!    facts, a primary name swapped with an alias, an address and a
//!    linked-to remark rewritten by OFAC;
//! 4. what is not a change: whitespace (a doubled space OFAC removed) and
//!    reordered values; and what is: an alias changing only its quality
//!    (strong, weak, f.k.a.);
//! 5. no change is an artefact of reading the two namespaces: an entity is
//!    changed exactly when its raw `sdnEntry`, read without vigil's parser,
//!    differs between the files.
//!
//! Every pinned value was checked against the raw XML, not just taken from
//! the diff's output: each id with
//! `grep -c '^    <uid>ID</uid>'` in both files (present in one only for
//! added and removed ids), and each changed entity by printing its
//! `sdnEntry` from both files (`tr -d '\r' < FILE | awk` from the
//! `<uid>` line to `</sdnEntry>`) and reading the elements side by side.

use crate::support;
use std::collections::{BTreeMap, BTreeSet};
use vigil_core::{NameKind, Schema};
use vigil_lists::{EntityChange, EntityRef, Field, List, ListDiff, diff};

const OLD: &str = "ofac/non-sdn/consolidated-2020-12-14.xml";
const NEW: &str = "ofac/non-sdn/consolidated.xml";

/// Both versions and their diff; `None` when the shared data is absent.
fn versions() -> Option<(List, List, ListDiff)> {
    let old = support::load_one(OLD)?;
    let new = support::load_one(NEW)?;
    let d = diff(&old.entities, &new.entities);
    Some((old, new, d))
}

fn entity_ref(id: &str, caption: &str, schema: Schema) -> EntityRef {
    EntityRef {
        id: id.to_string(),
        caption: caption.to_string(),
        schema,
    }
}

/// The changed entity with this id.
fn change<'a>(d: &'a ListDiff, id: &str) -> &'a EntityChange {
    d.changed
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} is not changed"))
}

/// `field: - value` and `field: + value`, as the text rendering prints
/// them.
fn lines(c: &EntityChange) -> Vec<String> {
    let mut out = Vec::new();
    for f in &c.fields {
        out.extend(f.removed.iter().map(|v| format!("{}: - {v}", f.field)));
        out.extend(f.added.iter().map(|v| format!("{}: + {v}", f.field)));
    }
    out
}

const SECONDARY_UKRAINE: &str = "remarks: + Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209";
const SECONDARY_EO14024: &str =
    "remarks: + Secondary sanctions risk: See Section 11 of Executive Order 14024.";

#[test]
fn totals() {
    let Some((old, new, d)) = versions() else {
        return;
    };
    assert_eq!((old.entities.len(), new.entities.len()), (376, 442));
    assert_eq!(
        (d.added.len(), d.removed.len(), d.changed.len(), d.unchanged),
        (76, 10, 288, 78)
    );
    assert!(d.duplicate_ids.is_empty());
    assert_eq!(d.changed_ids().count(), 76 + 10 + 288);
    let mut by_field: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &d.changed {
        for f in &c.fields {
            *by_field.entry(f.field.as_str()).or_default() += 1;
        }
    }
    // Every changed entity has a remark more: OFAC added a "Secondary
    // sanctions risk" to nearly every entry since 2020.
    assert_eq!(
        by_field.into_iter().collect::<Vec<_>>(),
        [
            ("addresses", 104),
            ("aliases", 76),
            ("birth_dates", 24),
            ("birth_places", 1),
            ("countries", 6),
            ("gender", 1),
            ("identifiers", 64),
            ("name", 53),
            ("nationalities", 1),
            ("programs", 88),
            ("remarks", 288),
        ]
    );
    let mut text = String::new();
    d.write_text(&mut text).unwrap();
    assert!(text.starts_with("added 76, removed 10, changed 288, unchanged 78\n"));
}

#[test]
fn added_and_removed() {
    let Some((_, _, d)) = versions() else {
        return;
    };
    // The first ids added are companies of the CMIC-EO13959 programme; the
    // one person added is listed under ILLICIT-DRUGS-EO14059.
    assert_eq!(
        d.added[..3],
        [
            entity_ref(
                "ofac-cons:30882",
                "CHINA TELECOM CORPORATION LIMITED",
                Schema::Organization
            ),
            entity_ref(
                "ofac-cons:30902",
                "AERO ENGINE CORPORATION OF CHINA",
                Schema::Organization
            ),
            entity_ref(
                "ofac-cons:30923",
                "CHINA MOBILE LIMITED",
                Schema::Organization
            ),
        ]
    );
    assert_eq!(
        d.added[74..],
        [
            entity_ref(
                "ofac-cons:46072",
                "MYANMA OIL AND GAS ENTERPRISE",
                Schema::Organization
            ),
            entity_ref("ofac-cons:50476", "MARTELLY, Michel Joseph", Schema::Person),
        ]
    );
    let removed: Vec<(&str, &str, Schema)> = d
        .removed
        .iter()
        .map(|e| (e.id.as_str(), e.caption.as_str(), e.schema))
        .collect();
    assert_eq!(
        removed,
        [
            ("ofac-cons:17526", "BEKTAS, Halis", Schema::Person),
            (
                "ofac-cons:17527",
                "RIXO INTERNATIONAL TRADING LTD.",
                Schema::Organization
            ),
            ("ofac-cons:17530", "STAROIL B.V.", Schema::Organization),
            ("ofac-cons:17531", "HOLLEBRAND, Alexander", Schema::Person),
            ("ofac-cons:17532", "VAN MAZIJK, Paul", Schema::Person),
            ("ofac-cons:18293", "PROMINVESTBANK", Schema::Organization),
            ("ofac-cons:18713", "SB SBERBANK JSC", Schema::Organization),
            (
                "ofac-cons:18717",
                "SBERBANK (SWITZERLAND) AG",
                Schema::Organization
            ),
            ("ofac-cons:20320", "SKODA JS A.S.", Schema::Organization),
            ("ofac-cons:26182", "KAYAKIRAN, Evren", Schema::Person),
        ]
    );
    // Natural order: the four-digit ids come first, where plain string
    // order would put them after 17013.
    let first: Vec<&str> = d.changed[..3].iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        first,
        ["ofac-cons:9647", "ofac-cons:9659", "ofac-cons:17013"]
    );
}

#[test]
fn a_person_with_new_names_and_facts() {
    let Some((_, _, d)) = versions() else {
        return;
    };
    // 2020: one strong a.k.a., a year of birth, NS-PLC. 2026 adds two weak
    // a.k.a.s written whole in lastName, the Gender and Secondary sanctions
    // risk idList entries, an address "Region: Gaza", a nationality
    // "Palestinian", a place of birth, SDGT and the remark.
    let c = change(&d, "ofac-cons:9647");
    assert_eq!(
        (c.caption.as_str(), c.schema),
        ("ZAHHAR, Mahmoud Khaled", Schema::Person)
    );
    assert_eq!(
        lines(c),
        [
            "aliases: + ZAHAR, Mahmoud (weak a.k.a.)",
            "aliases: + AL-ZAHAR, Mahmoud (weak a.k.a.)",
            "gender: + male",
            "birth_places: + Gaza Strip",
            "nationalities: + PS",
            "countries: + PS",
            "addresses: + PS",
            "programs: + SDGT",
            "remarks: + (Linked To: HAMAS)",
            "remarks: + Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886",
        ]
    );
}

#[test]
fn a_primary_name_swapped_with_an_alias() {
    let Some((_, _, d)) = versions() else {
        return;
    };
    // 2020: lastName "SNGB AO", a.k.a.s "CLOSED JOINT STOCK COMPANY
    // SURGUTNEFTEGASBANK (ZAO SNGB)", "JOINT STOCK COMPANY
    // SURGUTNEFTEGASBANK", "JSC BANK SNGB". 2026: the second a.k.a. is the
    // lastName, "SNGB AO" an a.k.a., and the first a.k.a. split in two.
    let c = change(&d, "ofac-cons:23577");
    assert_eq!(c.caption, "JOINT STOCK COMPANY SURGUTNEFTEGASBANK");
    assert_eq!(
        lines(c),
        [
            "name: - SNGB AO",
            "name: + JOINT STOCK COMPANY SURGUTNEFTEGASBANK",
            "aliases: - CLOSED JOINT STOCK COMPANY SURGUTNEFTEGASBANK (ZAO SNGB)",
            "aliases: - JOINT STOCK COMPANY SURGUTNEFTEGASBANK",
            "aliases: + CLOSED JOINT STOCK COMPANY SURGUTNEFTEGASBANK",
            "aliases: + ZAO SNGB",
            "aliases: + SNGB AO",
            "programs: + RUSSIA-EO14024",
            SECONDARY_UKRAINE,
            SECONDARY_EO14024,
        ]
    );
}

#[test]
fn an_address_and_a_linked_remark_rewritten() {
    let Some((_, _, d)) = versions() else {
        return;
    };
    // address1 "d. 1 ul.Solnechnaya  S. Ilinka" (two spaces) became
    // "d. 1 ul. Solnechnaya S. Ilinka": the doubled space is no change,
    // the space after "ul." is. Gazprom's new name reached the remark.
    // The idList entries Registration ID and Government Gazette Number
    // swapped places, which is no change.
    let c = change(&d, "ofac-cons:19688");
    assert_eq!(
        (c.caption.as_str(), c.schema),
        ("DALTRANSGAZ, OAO", Schema::Organization)
    );
    assert_eq!(
        lines(c),
        [
            "addresses: - d. 1 ul.Solnechnaya S. Ilinka, Khabarovski Raion Khabarovski krai, 680509, RU",
            "addresses: + d. 1 ul. Solnechnaya S. Ilinka, Khabarovski Raion Khabarovski krai, 680509, RU",
            "remarks: - For more information on directives, please visit the following link: http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives; (Linked To: OPEN JOINT STOCK COMPANY GAZPROM)",
            "remarks: + For more information on directives, please visit the following link: http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives; (Linked To: PUBLIC JOINT STOCK COMPANY GAZPROM)",
            SECONDARY_UKRAINE,
        ]
    );
}

#[test]
fn what_is_not_a_change() {
    let Some((old, new, d)) = versions() else {
        return;
    };
    // 2020 writes the a.k.a. "LIMITED LIABILITY  COMPANY KIRISHIAVTOSERVIS"
    // with two spaces, 2026 with one; the Website idList entry moved to
    // the end. Only the programme and the remarks changed.
    let c = change(&d, "ofac-cons:23572");
    assert_eq!(
        lines(c),
        [
            "programs: + RUSSIA-EO14024",
            SECONDARY_UKRAINE,
            SECONDARY_EO14024
        ]
    );

    // An alias changing only its quality is a change, since a weak alias
    // is screened differently: the f.k.a. "UNITED GEORGIAN BANK" of VTB
    // Bank Georgia went from category strong (2020) to weak (2026), and
    // "LLC BM BANK" of ofac-cons:20002 from weak to strong.
    let kind = |list: &List, id: &str, name: &str| {
        support::entity(list, id)
            .names
            .iter()
            .find(|n| n.full == name)
            .map(|n| n.kind)
    };
    let georgian = ("ofac-cons:18726", "UNITED GEORGIAN BANK");
    assert_eq!(kind(&old, georgian.0, georgian.1), Some(NameKind::Former));
    assert_eq!(
        kind(&new, georgian.0, georgian.1),
        Some(NameKind::WeakAlias)
    );
    let bm = ("ofac-cons:20002", "LLC BM BANK");
    assert_eq!(kind(&old, bm.0, bm.1), Some(NameKind::WeakAlias));
    assert_eq!(kind(&new, bm.0, bm.1), Some(NameKind::Alias));
    for (id, before, after) in [
        (
            georgian.0,
            "UNITED GEORGIAN BANK (f.k.a.)",
            "UNITED GEORGIAN BANK (weak a.k.a.)",
        ),
        (bm.0, "LLC BM BANK (weak a.k.a.)", "LLC BM BANK"),
    ] {
        let l = lines(change(&d, id));
        assert!(l.contains(&format!("aliases: - {before}")), "{l:?}");
        assert!(l.contains(&format!("aliases: + {after}")), "{l:?}");
    }
    let fields: Vec<Field> = change(&d, georgian.0)
        .fields
        .iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(
        fields,
        [Field::Name, Field::Aliases, Field::Programs, Field::Remarks]
    );
}

#[test]
fn changes_are_in_the_files_not_in_the_parser() {
    let Some(old_path) = vigil_testdata::list_path(OLD) else {
        return;
    };
    let Some(new_path) = vigil_testdata::list_path(NEW) else {
        return;
    };
    let Some((_, _, d)) = versions() else {
        return;
    };
    let old_raw = std::fs::read_to_string(old_path).unwrap();
    let new_raw = std::fs::read_to_string(new_path).unwrap();
    let old_raw = raw_entries(&old_raw, "http://tempuri.org/sdnList.xsd");
    let new_raw = raw_entries(
        &new_raw,
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
    );
    assert_eq!((old_raw.len(), new_raw.len()), (376, 442));

    let ids = |refs: &[EntityRef]| -> BTreeSet<String> {
        refs.iter()
            .map(|e| e.id.trim_start_matches("ofac-cons:").to_string())
            .collect()
    };
    let only = |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>| -> BTreeSet<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(ids(&d.added), only(&new_raw, &old_raw));
    assert_eq!(ids(&d.removed), only(&old_raw, &new_raw));

    let raw_changed: BTreeSet<&str> = old_raw
        .iter()
        .filter(|(uid, entry)| new_raw.get(*uid).is_some_and(|n| n != *entry))
        .map(|(uid, _)| uid.as_str())
        .collect();
    let changed: BTreeSet<&str> = d
        .changed
        .iter()
        .map(|c| c.id.trim_start_matches("ofac-cons:"))
        .collect();
    assert_eq!(changed, raw_changed);
}

/// Each `sdnEntry` by its uid, as text that ignores what carries no fact:
/// the uids of nested elements (OFAC renumbers them), `mainEntry` flags,
/// whitespace runs and the order of sibling elements. Read with roxmltree
/// directly, not vigil's parser, checking the namespace each file declares.
fn raw_entries(xml: &str, namespace: &str) -> BTreeMap<String, String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(namespace));
    root.children()
        .filter(|n| n.has_tag_name((namespace, "sdnEntry")))
        .map(|e| {
            let uid = e
                .children()
                .find(|c| c.has_tag_name((namespace, "uid")))
                .and_then(|c| c.text())
                .unwrap()
                .trim()
                .to_string();
            (uid, canonical(e))
        })
        .collect()
}

fn canonical(node: roxmltree::Node<'_, '_>) -> String {
    let mut children: Vec<String> = node
        .children()
        .filter(|c| c.is_element() && !matches!(c.tag_name().name(), "uid" | "mainEntry"))
        .map(canonical)
        .collect();
    children.sort();
    let text = if children.is_empty() {
        node.text()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        String::new()
    };
    format!("<{}>{text}{}</>", node.tag_name().name(), children.join(""))
}
