//! OFAC's classic XML (`SDN.XML`, `consolidated.xml`): root `sdnList`, one
//! `sdnEntry` per listed party.
//!
//! Two namespaces exist (`http://tempuri.org/sdnList.xsd` before 2024, the
//! sanctionslistservice one since); elements are matched by local name so
//! both read the same. `Publish_Date` is written month first (`01/08/2026`
//! is 8 January). `idList` holds real documents next to facts OFAC has no
//! other element for (gender, website, directive texts, establishment
//! dates); [`ofac_common::classify`] sorts them out.

use crate::error::{Diagnostics, Error};
use crate::formats::common;
use crate::formats::ofac_common::{self as oc, Fact, Value};
use crate::lines::Lines;
use crate::xml;
use crate::{Format, Input, List};
use roxmltree::Node;
use std::collections::HashSet;
use vigil_core::{Address, Entity, IdKind, Name, NameKind, PartKind, Schema};

/// Parses an OFAC classic XML file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let doc = xml::parse(input)?;
    let root = xml::root(&doc, input, "sdnList", "OFAC's classic XML")?;
    let source = common::source(input, Format::OfacXml);
    let mut list = List::new(&source, Format::OfacXml, input.path);
    let mut diags = Diagnostics::new(input.path);
    let info = xml::child(root, "publshInformation");
    list.published = common::publication_date(
        info.and_then(|i| xml::child_text(i, "Publish_Date")),
        oc::parse_us_date,
        "MM/DD/YYYY",
        &mut diags,
        "publshInformation",
        "Publish_Date",
    );
    let stated_count = info
        .and_then(|i| xml::child_text(i, "Record_Count"))
        .map(|c| (c, c.parse::<usize>()));
    let lines = Lines::new(doc.input_text());
    let mut seen = HashSet::new();
    let mut count = 0;
    for node in xml::children(root, "sdnEntry") {
        count += 1;
        if let Some(e) = read_entry(&lines, node, &source, &mut seen, &mut diags) {
            list.entities.push(e);
        }
    }
    match stated_count {
        Some((_, Ok(n))) if n != count => diags.warn(
            "publshInformation",
            Some("Record_Count"),
            format!("the file states {n} entries but holds {count} sdnEntry elements"),
        ),
        Some((c, Err(_))) => diags.warn(
            "publshInformation",
            Some("Record_Count"),
            format!("invalid count {c:?}, ignored"),
        ),
        _ => {}
    }
    list.diagnostics = diags.items;
    Ok(list)
}

fn read_entry(
    lines: &Lines<'_>,
    node: Node<'_, '_>,
    source: &str,
    seen: &mut HashSet<String>,
    diags: &mut Diagnostics,
) -> Option<Entity> {
    let Some(uid) = xml::child_text(node, "uid") else {
        diags.skip(
            &lines.record(node, "uid", None),
            Some("uid"),
            "missing uid; the record is skipped",
        );
        return None;
    };
    let record = lines.record(node, "uid", Some(uid));
    if !seen.insert(uid.to_string()) {
        diags.skip(
            &record,
            Some("uid"),
            format!("duplicate uid {uid:?}; the record is skipped"),
        );
        return None;
    }
    let schema = match xml::child_text(node, "sdnType").map(str::parse::<Schema>) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            diags.warn(
                &record,
                Some("sdnType"),
                format!("{e}; read as organization"),
            );
            Schema::Organization
        }
        None => {
            diags.warn(
                &record,
                Some("sdnType"),
                "missing sdnType; read as organization",
            );
            Schema::Organization
        }
    };
    let mut entity = Entity::new(source, uid, schema);
    let Some(primary) = name(node, NameKind::Primary, schema) else {
        diags.skip(
            &record,
            Some("lastName"),
            "empty name; the record is skipped",
        );
        return None;
    };
    entity.add_name(primary);

    for aka in xml::children(node, "akaList").flat_map(|l| xml::children(l, "aka")) {
        let weak = xml::child_text(aka, "category").is_some_and(|c| c.eq_ignore_ascii_case("weak"));
        let kind = match oc::alias_kind(xml::child_text(aka, "type"), weak) {
            Ok(k) => k,
            Err(t) => {
                diags.warn(
                    &record,
                    Some("aka/type"),
                    format!("unknown alias type {t:?}; read as a.k.a."),
                );
                NameKind::Alias
            }
        };
        match name(aka, kind, schema) {
            Some(n) => {
                entity.add_name(common::with_script_kind(n));
            }
            None => diags.warn(&record, Some("aka"), "alias without a name, left out"),
        }
    }
    if let Some(t) = xml::child_text(node, "title") {
        Entity::push_text(&mut entity.positions, t);
    }
    for p in xml::children(node, "programList").flat_map(|l| xml::children(l, "program")) {
        if let Some(p) = xml::text(p) {
            Entity::push_text(&mut entity.programs, p);
        }
    }
    if let Some(r) = xml::child_text(node, "remarks") {
        Entity::push_text(&mut entity.remarks, r);
    }
    for id in xml::children(node, "idList").flat_map(|l| xml::children(l, "id")) {
        read_id(&mut entity, id, &record, diags);
    }
    for a in xml::children(node, "addressList").flat_map(|l| xml::children(l, "address")) {
        read_address(&mut entity, a, &record, diags);
    }
    let lists = [
        ("nationalityList", "nationality", Fact::Nationality),
        ("citizenshipList", "citizenship", Fact::Citizenship),
    ];
    for (list, item, fact) in lists {
        for c in xml::children(node, list).flat_map(|l| xml::children(l, item)) {
            if let Some(text) = xml::child_text(c, "country") {
                let value = Value {
                    label: item,
                    text,
                    country: None,
                    note: None,
                };
                oc::apply(&mut entity, fact, value, diags, &record, item);
            }
        }
    }
    let dated = [
        (
            "dateOfBirthList",
            "dateOfBirthItem",
            "dateOfBirth",
            Fact::BirthDate,
        ),
        (
            "placeOfBirthList",
            "placeOfBirthItem",
            "placeOfBirth",
            Fact::BirthPlace,
        ),
    ];
    for (list, item, field, fact) in dated {
        for i in xml::children(node, list).flat_map(|l| xml::children(l, item)) {
            if let Some(text) = xml::child_text(i, field) {
                let value = Value {
                    label: field,
                    text,
                    country: None,
                    note: None,
                };
                oc::apply(&mut entity, fact, value, diags, &record, field);
            }
        }
    }
    if let Some(v) = xml::child(node, "vesselInfo") {
        // The labels OFAC gives the same facts in its other formats, so that
        // a vessel reads the same from each.
        let fields = [
            ("callSign", "Vessel Call Sign"),
            ("vesselType", "VESSEL TYPE"),
            ("vesselFlag", "Vessel Flag"),
            ("vesselOwner", "Vessel Owner"),
            ("tonnage", "Vessel Tonnage"),
            ("grossRegisteredTonnage", "Vessel Gross Registered Tonnage"),
        ];
        for (field, label) in fields {
            if let Some(text) = xml::child_text(v, field) {
                let fact = oc::classify(label, Fact::Remark);
                let value = Value {
                    label,
                    text,
                    country: None,
                    note: None,
                };
                oc::apply(&mut entity, fact, value, diags, &record, field);
            }
        }
    }
    Some(entity)
}

/// The name of an `sdnEntry` or an `aka`: "lastName, firstName" as OFAC's
/// other exports write it, with both parts when both are given. A lone
/// lastName is the whole name: an entity, a person OFAC did not split, or
/// a person's alias written whole ("ZAHAR, Mahmoud"), whose one comma then
/// splits it unambiguously.
fn name(node: Node<'_, '_>, kind: NameKind, schema: Schema) -> Option<Name> {
    let last = xml::child_text(node, "lastName");
    let first = xml::child_text(node, "firstName");
    let (whole, split) = match (last, first) {
        (Some(l), Some(f)) => (format!("{l}, {f}"), Some((l, f))),
        (Some(n), None) | (None, Some(n)) => {
            let split = match n.split(", ").collect::<Vec<_>>().as_slice() {
                [l, f] if schema == Schema::Person => Some((*l, *f)),
                _ => None,
            };
            (n.to_string(), split)
        }
        (None, None) => return None,
    };
    let name = Name::new(&whole, kind)?;
    Some(match split {
        Some((l, f)) => {
            let parts = [oc::part(PartKind::Family, l), oc::part(PartKind::Given, f)];
            name.with_parts(parts.into_iter().flatten().collect())
        }
        None => name,
    })
}

fn read_id(entity: &mut Entity, id: Node<'_, '_>, record: &str, diags: &mut Diagnostics) {
    let label = xml::child_text(id, "idType").unwrap_or("");
    let Some(text) = xml::child_text(id, "idNumber") else {
        diags.warn(
            record,
            Some("idNumber"),
            format!("{label:?} without a number, left out"),
        );
        return;
    };
    let country = xml::child_text(id, "idCountry").and_then(|c| {
        let found = oc::lookup_country(c);
        if found.is_none() && !oc::is_undetermined(c) {
            diags.warn(
                record,
                Some("idCountry"),
                format!("unknown country {c:?}, left out"),
            );
        }
        found
    });
    let note = oc::join_note([
        xml::child_text(id, "issueDate").map(|d| format!("issued {d}")),
        xml::child_text(id, "expirationDate").map(|d| format!("expires {d}")),
    ]);
    let fact = oc::classify(label, Fact::Id(IdKind::Other));
    let value = Value {
        label,
        text,
        country,
        note,
    };
    oc::apply(entity, fact, value, diags, record, "idNumber");
}

fn read_address(entity: &mut Entity, a: Node<'_, '_>, record: &str, diags: &mut Diagnostics) {
    let street: Vec<&str> = ["address1", "address2", "address3"]
        .iter()
        .filter_map(|f| xml::child_text(a, f))
        .collect();
    let mut address = Address {
        street: (!street.is_empty()).then(|| street.join(", ")),
        city: xml::child_text(a, "city").map(str::to_string),
        region: xml::child_text(a, "stateOrProvince").map(str::to_string),
        postal_code: xml::child_text(a, "postalCode").map(str::to_string),
        ..Address::default()
    };
    if let Some(c) = xml::child_text(a, "country") {
        address.country = oc::lookup_country(c);
        if address.country.is_none() && !oc::is_undetermined(c) {
            // Kept in the note so that the address keeps what the list says.
            address.note = Some(c.to_string());
            diags.warn(
                record,
                Some("address/country"),
                format!("unknown country {c:?}, kept as a note"),
            );
        }
    }
    oc::add_address(entity, address);
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. every element of an entry is read into the model: names with
    //!    kinds, parts and scripts, dates with precision, countries,
    //!    identifiers, facts hidden in `idList`, vessel and aircraft data;
    //! 2. `Publish_Date` is read month first, and both namespaces read alike;
    //! 3. bad records and values are diagnostics naming record and field;
    //! 4. a truncated file, an empty file and a wrong root are errors.
    use super::*;
    use crate::ErrorKind;
    use crate::pin::names;
    use vigil_core::{Gender, Precision, Script};

    const FIXTURE: &str = include_str!("../../tests/fixtures/ofac_xml/sdn.xml");
    const TRUNCATED: &str = include_str!("../../tests/fixtures/ofac_xml/truncated.xml");

    fn parse_str(path: &str, s: &str) -> Result<List, Error> {
        parse(&Input::new(path, s.as_bytes()))
    }

    #[test]
    fn reads_a_person() {
        let list = parse_str("sdn.xml", FIXTURE).unwrap();
        assert_eq!(list.source, "ofac-sdn");
        assert_eq!(list.format, Format::OfacXml);
        assert_eq!(list.published.unwrap().to_string(), "2024-03-02");
        let e = &list.entities[0];
        assert_eq!(e.id, "ofac-sdn:1001");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin: EXAMPLO, Juan Carlos",
                "alias/latin: EXAMPLO, J.C.",
                "weak_alias/latin: EL JEFE",
                "weak_alias/latin: EXEMPLO, Juan",
                "former/latin: MUESTRA, Juan",
                "original_script/arabic: إكزامبلو",
                "alias/latin: EXAMPLE, John",
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
                (PartKind::Family, "EXAMPLO"),
                (PartKind::Given, "Juan Carlos")
            ]
        );
        // A person's alias written whole in lastName splits at its comma.
        assert_eq!(e.names[3].parts.len(), 2);
        assert!(e.names[2].parts.is_empty());
        assert_eq!(e.names[5].script, Script::Arabic);
        let dobs: Vec<(String, Precision)> = e
            .birth_dates
            .iter()
            .map(|d| (d.to_string(), d.precision()))
            .collect();
        assert_eq!(
            dobs,
            [
                ("1961-02-12".to_string(), Precision::Day),
                ("circa 1965".to_string(), Precision::Year),
                ("1960..1962".to_string(), Precision::Range),
                ("1970-02".to_string(), Precision::Month),
            ]
        );
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.birth_places, ["Maracaibo, Venezuela"]);
        let codes = |v: &[vigil_core::Country]| {
            v.iter().map(|c| c.as_str().to_string()).collect::<Vec<_>>()
        };
        assert_eq!(codes(&e.nationalities), ["VE"]);
        assert_eq!(codes(&e.citizenships), ["CO"]);
        assert_eq!(codes(&e.countries), ["VE", "PS"]);
        let passport = &e.identifiers[0];
        assert_eq!(passport.kind, IdKind::Passport);
        assert_eq!(passport.value, "A1234567");
        assert_eq!(passport.country.unwrap().as_str(), "VE");
        assert_eq!(passport.label.as_deref(), Some("Passport"));
        assert_eq!(
            passport.note.as_deref(),
            Some("issued 01 Jan 2015; expires 31 Dec 2025")
        );
        assert_eq!(e.identifiers[1].kind, IdKind::NationalId);
        assert_eq!(e.identifiers[1].country, None);
        assert_eq!(e.identifiers[2].kind, IdKind::Other);
        assert_eq!(
            e.identifiers[2].label.as_deref(),
            Some("Frequent Flyer No.")
        );
        assert_eq!(e.identifiers.len(), 3);
        assert_eq!(e.addresses.len(), 3);
        let a = &e.addresses[0];
        assert_eq!(a.street.as_deref(), Some("Calle 1, Edificio 2"));
        assert_eq!(a.city.as_deref(), Some("Caracas"));
        assert_eq!(a.region.as_deref(), Some("Distrito Capital"));
        assert_eq!(a.postal_code.as_deref(), Some("1010"));
        assert_eq!(a.country.unwrap().as_str(), "VE");
        assert_eq!(e.addresses[2].note.as_deref(), Some("Moonbase"));
        assert_eq!(e.programs, ["SDGT", "IRGC"]);
        assert_eq!(e.positions, ["General"]);
        assert_eq!(
            e.remarks,
            [
                "(Linked To: EXAMPLE TRADING CO. LTD.)",
                "Secondary sanctions risk: section 1(b) of Executive Order 13224",
            ]
        );
    }

    #[test]
    fn reads_organisations_vessels_and_aircraft() {
        let list = parse_str("sdn.xml", FIXTURE).unwrap();
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ofac-sdn:1001",
                "ofac-sdn:1002",
                "ofac-sdn:1003",
                "ofac-sdn:1004",
                "ofac-sdn:1008"
            ]
        );
        let org = &list.entities[1];
        assert_eq!(org.schema, Schema::Organization);
        assert_eq!(
            names(org),
            [
                "primary/latin: EXAMPLE TRADING CO. LTD.",
                "former/latin: EXAMPLE SHIPPING, LTD."
            ]
        );
        assert!(org.names[1].parts.is_empty(), "an entity name is not split");
        assert_eq!(org.birth_dates[0].to_string(), "1999-03-01");
        assert_eq!(org.countries[0].as_str(), "CY");
        let kinds: Vec<IdKind> = org.identifiers.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IdKind::Registration, IdKind::SwiftBic, IdKind::Lei]);
        assert_eq!(org.remarks[1], "Website www.example.com");

        let vessel = &list.entities[2];
        assert_eq!(vessel.schema, Schema::Vessel);
        let ids: Vec<(IdKind, &str)> = vessel
            .identifiers
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Imo, "9999999"),
                (IdKind::Mmsi, "123456789"),
                (IdKind::CallSign, "9XMP1")
            ]
        );
        assert_eq!(vessel.countries[0].as_str(), "PA");
        assert_eq!(vessel.positions, ["Crude Oil Tanker"]);
        assert_eq!(vessel.remarks[0], "Vessel Owner EXAMPLE TRADING CO. LTD.");

        let aircraft = &list.entities[3];
        assert_eq!(aircraft.schema, Schema::Aircraft);
        assert_eq!(aircraft.identifiers[0].kind, IdKind::AircraftId);
        assert_eq!(aircraft.positions, ["Example 747"]);
        assert_eq!(aircraft.birth_dates[0].to_string(), "1991");
    }

    #[test]
    fn both_namespaces_and_the_consolidated_source() {
        let old = parse_str("sdn.xml", FIXTURE).unwrap();
        let current = FIXTURE.replace(
            "http://tempuri.org/sdnList.xsd",
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
        );
        let new = parse_str("sdn.xml", &current).unwrap();
        assert_eq!(old.entities, new.entities);
        let cons = parse_str("consolidated.xml", FIXTURE).unwrap();
        assert_eq!(cons.entities[0].id, "ofac-cons:1001");
    }

    #[test]
    fn bad_records_are_diagnostics() {
        let list = parse_str("sdn.xml", FIXTURE).unwrap();
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            [
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): aka/type: unknown alias type \"z.k.a.\"; read as a.k.a.",
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): aka: alias without a name, left out",
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): idCountry: unknown country \"Atlantis\", left out",
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): idNumber: \"Passport\" without a number, left out",
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): address/country: unknown country \"Moonbase\", kept as a note",
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): nationality: unknown country \"Atlantean\", left out",
                "warning: sdn.xml: sdnEntry uid=1001 (line 8): dateOfBirth: invalid date \"sometime\", left out",
                "error: sdn.xml: sdnEntry (line 109): uid: missing uid; the record is skipped",
                "error: sdn.xml: sdnEntry uid=1001 (line 113): uid: duplicate uid \"1001\"; the record is skipped",
                "error: sdn.xml: sdnEntry uid=1007 (line 118): lastName: empty name; the record is skipped",
                "warning: sdn.xml: sdnEntry uid=1008 (line 122): sdnType: unknown schema \"spaceship\": expected person, organization, vessel or aircraft; read as organization",
                "warning: sdn.xml: publshInformation: Record_Count: the file states 9 entries but holds 8 sdnEntry elements",
            ]
        );
        let bad_date = FIXTURE.replace("03/02/2024", "2024-03-02");
        let list = parse_str("sdn.xml", &bad_date).unwrap();
        assert_eq!(list.published, None);
        assert_eq!(
            list.diagnostics[0].to_string(),
            "warning: sdn.xml: publshInformation: Publish_Date: invalid date \"2024-03-02\" (expected MM/DD/YYYY), left out"
        );
    }

    #[test]
    fn unreadable_files_are_errors() {
        let err = parse_str("sdn.xml", TRUNCATED).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated);
        assert_eq!(
            err.to_string(),
            "sdn.xml: the XML document ends before its root element is closed (the root node was opened but never closed); the file is truncated"
        );
        let err = parse_str("sdn.xml", " \n").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Empty);
        assert_eq!(
            err.to_string(),
            "sdn.xml: the file is empty; a list download may have failed"
        );
        let err = parse_str("sdn.xml", "<Sanctions/>").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed);
        assert_eq!(
            err.to_string(),
            "sdn.xml: the root element is <Sanctions>, not <sdnList> as in OFAC's classic XML"
        );
    }
}
