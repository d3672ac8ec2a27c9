//! The FCDO's UK Sanctions List XML (root `Designations`), one
//! `Designation` per target and regime; it replaced OFSI's ConList in 2026.
//!
//! `DateGenerated` (DD/MM/YYYY) is the publication date. Choices the format
//! leaves open:
//!
//! - **Ids.** An entity is `uk:<OFSIGroupID>`, the id OFSI's ConList uses,
//!   so both lists name a target alike. A designation without an
//!   `OFSIGroupID` (ships and designations made after ConList closed: about
//!   a fifth of the 2026 list) is still loaded, as `uk:<UniqueID>`, with a
//!   warning: skipping it would drop real targets, and a UniqueID ("DPR0075")
//!   cannot collide with a numeric group id. A designation without a
//!   `UniqueID` is skipped.
//! - **One target under several regimes** has one designation per regime
//!   sharing the `OFSIGroupID` (Lukashenko under Belarus and Global Human
//!   Rights): they are merged into one entity, as ConList's rows are, with
//!   every regime among its programmes.
//! - **Names** as in ConList: Name 1 given, Names 2 to 5 middle, Name 6
//!   family (an entity's or ship's whole name); `NameType` "Primary Name"
//!   (any casing) → `Primary`, "Primary Name Variation" → `Alias`, "Alias"
//!   → `Alias`, or `WeakAlias` with `AliasStrength` "Low quality a.k.a".
//!   `NonLatinName`s are `OriginalScript` with their language.
//! - The `UniqueID` and `UNReferenceNumber` are kept as `Other` identifiers
//!   (cross-references to the FCDO and UN entries); IMO numbers lose their
//!   "IMO" prefix. A ship's flags and previous flags are countries, its type
//!   a position, its year of build its date.
//! - Entity types, parent companies, subsidiaries and ship owners are kept
//!   as remarks, with `OtherInformation` and `UKStatementofReasons`.
//! - Not in the model, so not read: `LastUpdated`, `DesignationSource`,
//!   `SanctionsImposed` and its indicators, phone numbers, e-mail
//!   addresses, websites, ship tonnage and length.

use crate::error::{Diagnostics, Error};
use crate::formats::common::{self, push_identifier};
use crate::formats::official::{
    self, add_name, ensure_primary, push_country, push_imo, push_reference, set_listed_on, uk_name,
    uk_name_kind, uk_schema,
};
use crate::lines::Lines;
use crate::{Format, Input, List, xml};
use roxmltree::Node;
use std::collections::HashMap;
use vigil_core::{Entity, Gender, NameKind, Schema};

/// Parses an FCDO UK Sanctions List XML file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let doc = xml::parse(input)?;
    let root = xml::root(&doc, input, "Designations", "the UK Sanctions List")?;
    let source = common::source(input, Format::UkSanctionsListXml);
    let mut list = List::new(&source, Format::UkSanctionsListXml, input.path);
    let mut diags = Diagnostics::new(input.path);
    let lines = Lines::new(doc.input_text());
    list.published = match xml::child_text(root, "DateGenerated") {
        Some(d) => official::date(d, &mut diags, "Designations", "DateGenerated").map(|d| d.from),
        None => xml::attr(root, "dateGenerated").and_then(common::iso_date_prefix),
    };
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // The record of each entity's first designation, for diagnostics about
    // the merged entity.
    let mut first_records: Vec<String> = Vec::new();
    for node in xml::children(root, "Designation") {
        let unique = xml::child_text(node, "UniqueID");
        let record = lines.record(node, "UniqueID", unique);
        let Some(unique) = unique else {
            diags.skip(
                &record,
                Some("UniqueID"),
                "no UniqueID; the record is skipped",
            );
            continue;
        };
        let id = match xml::child_text(node, "OFSIGroupID") {
            Some(g) => g,
            None => {
                diags.warn(
                    &record,
                    Some("OFSIGroupID"),
                    "no OFSIGroupID; the entity id is the UniqueID",
                );
                unique
            }
        };
        let kind = xml::child_text(node, "IndividualEntityShip").unwrap_or("");
        let schema = uk_schema(kind).unwrap_or_else(|| {
            diags.warn(
                &record,
                Some("IndividualEntityShip"),
                format!("unknown IndividualEntityShip {kind:?}; read as organization"),
            );
            Schema::Organization
        });
        let mut fresh = Entity::new(&source, id, schema);
        let existing = by_id.get(id).copied();
        let e = match existing {
            Some(i) => &mut list.entities[i],
            None => &mut fresh,
        };
        names(e, node, &mut diags, &record);
        if e.names.is_empty() {
            diags.skip(&record, Some("Names"), "no name; the record is skipped");
            continue;
        }
        push_reference(e, "UK Sanctions List reference", unique);
        designation(e, node, &mut diags, &record);
        if existing.is_none() {
            by_id.insert(id.to_string(), list.entities.len());
            list.entities.push(fresh);
            first_records.push(record);
        }
    }
    for (e, record) in list.entities.iter_mut().zip(&first_records) {
        if ensure_primary(e) {
            diags.warn(
                record,
                Some("NameType"),
                format!(
                    "no Primary Name; {:?} is used as the primary name",
                    e.caption()
                ),
            );
        }
    }
    list.diagnostics = diags.items;
    Ok(list)
}

/// The texts of `<list><item>...</item></list>` under a node.
fn items<'a>(node: Node<'a, '_>, list: &str, item: &'a str) -> impl Iterator<Item = &'a str> {
    xml::child(node, list)
        .into_iter()
        .flat_map(move |l| xml::children(l, item))
        .filter_map(xml::text)
}

fn names(e: &mut Entity, node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) {
    for name in items_nodes(node, "Names", "Name") {
        let get = |t| xml::child_text(name, t).unwrap_or("");
        let name_type = get("NameType");
        let kind = uk_name_kind(name_type, get("AliasStrength")).unwrap_or_else(|| {
            diags.warn(
                record,
                Some("NameType"),
                format!("unknown NameType {name_type:?}; read as an alias"),
            );
            NameKind::Alias
        });
        let parts = [
            get("Name1"),
            get("Name2"),
            get("Name3"),
            get("Name4"),
            get("Name5"),
            get("Name6"),
        ];
        match uk_name(parts, kind, e.schema) {
            Some(n) => {
                add_name(e, n);
            }
            None => diags.warn(record, Some("Name"), "a Name without any text, left out"),
        }
    }
    for n in items_nodes(node, "NonLatinNames", "NonLatinName") {
        if let Some(text) = xml::child_text(n, "NameNonLatinScript") {
            official::uk_non_latin_name(
                e,
                text,
                xml::child_text(n, "NonLatinScriptLanguage").unwrap_or(""),
                diags,
                record,
                "NonLatinScriptLanguage",
            );
        }
    }
}

/// The element children of `<list><item/>...</list>` under a node.
fn items_nodes<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    list: &str,
    item: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    xml::child(node, list)
        .into_iter()
        .flat_map(move |l| xml::children(l, item))
}

/// Everything but the names.
fn designation(e: &mut Entity, node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) {
    for t in items(node, "Titles", "Title") {
        Entity::push_text(&mut e.positions, t);
    }
    if let Some(r) = xml::child_text(node, "RegimeName") {
        Entity::push_text(&mut e.programs, r);
    }
    if let Some(r) = xml::child_text(node, "UNReferenceNumber") {
        push_reference(e, "UN reference number", r);
    }
    if let Some(d) = xml::child_text(node, "DateDesignated")
        && let Some(d) = official::date(d, diags, record, "DateDesignated")
    {
        set_listed_on(e, d);
    }
    for tag in ["OtherInformation", "UKStatementofReasons"] {
        if let Some(t) = xml::child_text(node, tag) {
            Entity::push_text(&mut e.remarks, t);
        }
    }
    for a in items_nodes(node, "Addresses", "Address") {
        let get = |t| xml::child_text(a, t).unwrap_or("");
        let lines = [
            get("AddressLine1"),
            get("AddressLine2"),
            get("AddressLine3"),
            get("AddressLine4"),
            get("AddressLine5"),
            get("AddressLine6"),
        ];
        official::uk_address(
            e,
            lines,
            get("AddressPostalCode"),
            get("AddressCountry"),
            diags,
            record,
            "AddressCountry",
        );
    }
    if let Some(i) = xml::child(node, "IndividualDetails").and_then(|d| xml::child(d, "Individual"))
    {
        individual(e, i, diags, record);
    }
    if let Some(i) = xml::child(node, "EntityDetails").and_then(|d| xml::child(d, "Entity")) {
        for r in items(
            i,
            "BusinessRegistrationNumbers",
            "BusinessRegistrationNumber",
        ) {
            for id in official::registration_numbers(r) {
                push_identifier(e, id);
            }
        }
        for (list, item, label) in [
            ("TypeOfEntities", "TypeOfEntity", "Type of entity"),
            ("ParentCompanies", "ParentCompany", "Parent company"),
            ("Subsidiaries", "Subsidiary", "Subsidiary"),
        ] {
            for v in items(i, list, item) {
                Entity::push_text(&mut e.remarks, &format!("{label}: {v}"));
            }
        }
    }
    if let Some(s) = xml::child(node, "ShipDetails").and_then(|d| xml::child(d, "Ship")) {
        for imo in items(s, "IMONumbers", "IMONumber") {
            push_imo(e, imo);
        }
        for (list, item) in [
            ("CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip"),
            ("PreviousFlags", "PreviousFlag"),
        ] {
            for flag in items(s, list, item) {
                push_country(&mut e.countries, flag, diags, record, item);
            }
        }
        for t in items(s, "TypeOfShipDetails", "TypeOfShip") {
            Entity::push_text(&mut e.positions, t);
        }
        for y in items(s, "YearsBuilt", "YearBuilt") {
            official::push_year_built(e, y, diags, record, "YearBuilt");
        }
        for (list, item, label) in [
            (
                "CurrentOwnerOperators",
                "CurrentOwnerOperator",
                "Current owner/operator",
            ),
            (
                "PreviousOwnerOperators",
                "PreviousOwnerOperator",
                "Previous owner/operator",
            ),
        ] {
            for v in items(s, list, item) {
                Entity::push_text(&mut e.remarks, &format!("{label}: {v}"));
            }
        }
    }
}

fn individual(e: &mut Entity, node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) {
    for d in items(node, "DOBs", "DOB") {
        if let Some(d) = official::date(d, diags, record, "DOB") {
            e.add_birth_date(d);
        }
    }
    for n in items(node, "Nationalities", "Nationality") {
        push_country(&mut e.nationalities, n, diags, record, "Nationality");
    }
    for p in items_nodes(node, "PassportDetails", "Passport") {
        if let Some(n) = xml::child_text(p, "PassportNumber") {
            official::uk_passport(e, n, xml::child_text(p, "PassportAdditionalInformation"));
        }
    }
    for p in items_nodes(node, "NationalIdentifierDetails", "NationalIdentifier") {
        if let Some(n) = xml::child_text(p, "NationalIdentifierNumber") {
            official::uk_national_id(
                e,
                n,
                xml::child_text(p, "NationalIdentifierAdditionalInformation"),
            );
        }
    }
    for l in items_nodes(node, "BirthDetails", "Location") {
        let get = |t| xml::child_text(l, t).unwrap_or("");
        official::uk_birth_place(
            e,
            get("TownOfBirth"),
            get("CountryOfBirth"),
            diags,
            record,
            "CountryOfBirth",
        );
    }
    for g in items(node, "Genders", "Gender") {
        match Gender::parse(g) {
            Some(g) => e.gender = Some(g),
            None => diags.warn(
                record,
                Some("Gender"),
                format!("unknown gender {g:?}, left out"),
            ),
        }
    }
    for p in items(node, "Positions", "Position") {
        Entity::push_text(&mut e.positions, p);
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. a person, an entity and a ship are read field by field;
    //! 2. designations sharing an OFSIGroupID merge into one entity; one
    //!    without OFSIGroupID is kept under its UniqueID, with a warning;
    //! 3. designations without UniqueID or name are skipped, bad values are
    //!    warnings naming record and field;
    //! 4. a truncated file and a wrong root are errors.
    //! 5. any cut of the fixture gives a list or an error, never a panic.
    use super::*;
    use crate::ErrorKind;
    use crate::pin::{ids, names_lang as names};
    use vigil_core::IdKind;

    const FIXTURE: &str =
        include_str!("../../tests/fixtures/uk_sanctions_list/designations-small.xml");

    fn parse_str(s: &str) -> Result<List, Error> {
        parse(&Input::new("uksl.xml", s.as_bytes()))
    }

    #[test]
    fn reads_a_person_under_two_regimes() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.source, "uk");
        assert_eq!(list.published.unwrap().to_string(), "2026-08-14");
        let e = &list.entities[0];
        assert_eq!(e.id, "uk:90001");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin/-: Ivan Petrovich TESTOV",
                "alias/latin/-: Ivan Petrovitch TESTOFF",
                "weak_alias/latin/-: Vanya",
                "original_script/cyrillic/ru: Иван Петрович ТЕСТОВ",
                "alias/latin/-: Ivan Petrovych TESTOV",
            ]
        );
        let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(dobs, ["1968", "1967-11-12", "1958-09"]);
        assert_eq!(e.birth_places, ["Testograd, Russia"]);
        assert_eq!(
            e.nationalities
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["RU"]
        );
        assert_eq!(
            e.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["RU"]
        );
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.positions, ["Colonel", "Director of Testing"]);
        assert_eq!(
            ids(e),
            [
                "Other RUS9001 -",
                "Other QDi.999 -",
                "Passport D0009720 RU",
                "NationalId 0075258 -",
                "Other GHR9001 -",
            ]
        );
        assert_eq!(
            e.programs,
            [
                "The Russia (Sanctions) (EU Exit) Regulations 2019",
                "The Global Human Rights Sanctions Regulations 2020"
            ]
        );
        assert_eq!(e.listed_on.unwrap().to_string(), "2020-12-31");
        assert_eq!(
            e.addresses[0].street.as_deref(),
            Some("1 Test Street, Building 2")
        );
        assert_eq!(e.addresses[0].city.as_deref(), Some("Moscow"));
        assert_eq!(e.remarks, ["A fictional person.", "Statement of reasons."]);
    }

    #[test]
    fn reads_an_entity_and_a_ship() {
        let list = parse_str(FIXTURE).unwrap();
        let e = list.entities.iter().find(|e| e.id == "uk:90002").unwrap();
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(
            names(e),
            [
                "primary/latin/-: Test Trading LLC",
                "alias/latin/-: Test Trade"
            ]
        );
        assert_eq!(
            ids(e),
            [
                "Other RUS9002 -",
                "Registration 1027700000001 -",
                "TaxId 7700000001 RU"
            ]
        );
        assert_eq!(
            e.remarks,
            [
                "Type of entity: Limited Liability Company",
                "Parent company: Test Holding"
            ]
        );
        let s = list.entities.iter().find(|e| e.id == "uk:DPR9001").unwrap();
        assert_eq!(s.schema, Schema::Vessel);
        assert_eq!(
            names(s),
            ["primary/latin/-: Test Carrier 8", "alias/latin/-: Sea Test"]
        );
        assert_eq!(ids(s), ["Other DPR9001 -", "Imo 9000001 -"]);
        assert_eq!(s.identifiers[1].kind, IdKind::Imo);
        assert_eq!(
            s.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["KM", "IN"]
        );
        assert_eq!(s.positions, ["Bulk Carrier"]);
        assert_eq!(s.birth_dates[0].to_string(), "2011");
        assert_eq!(s.remarks, ["Current owner/operator: Test Shipping"]);
    }

    #[test]
    fn bad_records_and_values_are_diagnostics() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.entities.len(), 4);
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            [
                "warning: uksl.xml: Designation UniqueID=DPR9001 (line 148): OFSIGroupID: no OFSIGroupID; the entity id is the UniqueID",
                "error: uksl.xml: Designation (line 189): UniqueID: no UniqueID; the record is skipped",
                "warning: uksl.xml: Designation UniqueID=AQD9003 (line 198): Name: a Name without any text, left out",
                "error: uksl.xml: Designation UniqueID=AQD9003 (line 198): Names: no name; the record is skipped",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): IndividualEntityShip: unknown IndividualEntityShip \"Spaceship\"; read as organization",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): NameType: unknown NameType \"Nickname\"; read as an alias",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): NonLatinScriptLanguage: unknown language \"Klingon\", left out",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): DateDesignated: invalid date \"yesterday\", left out",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): AddressCountry: unknown country \"Atlantis\", left out",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): DOB: invalid date \"31/02/1970\", left out",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): Gender: unknown gender \"Unknown\", left out",
                "warning: uksl.xml: Designation UniqueID=BAD9004 (line 209): NameType: no Primary Name; \"Broken Values\" is used as the primary name",
            ]
        );
    }

    #[test]
    fn broken_files_are_errors() {
        let cut = &FIXTURE[..FIXTURE.len() / 2];
        assert_eq!(parse_str(cut).unwrap_err().kind(), ErrorKind::Truncated);
        let err = parse_str("<export/>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "uksl.xml: the root element is <export>, not <Designations> as in the UK Sanctions List"
        );
    }

    /// The fixture cut anywhere (a fuzzing seed's neighbours) gives a list or
    /// an error, never a panic.
    #[test]
    fn any_prefix_is_a_list_or_an_error() {
        for end in (0..FIXTURE.len())
            .step_by(7)
            .filter(|&i| FIXTURE.is_char_boundary(i))
        {
            let _ = parse_str(&FIXTURE[..end]);
        }
    }
}
