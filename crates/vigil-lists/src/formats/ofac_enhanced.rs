//! OFAC's Enhanced XML (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`): root
//! `sanctionsData`, one `entity` per listed party.
//!
//! Unlike the Advanced XML, each entity carries the text of its reference
//! values inline (`<type refId="1571">Passport</type>`), so the reference
//! table is only needed for what the text lacks: the ISO code of a country.
//! Names come with their translations into other scripts and their parts;
//! dates of birth come both as text and as a structured span.

use crate::error::{Diagnostics, Error};
use crate::formats::common;
use crate::formats::ofac_common::{self as oc, Fact, Value};
use crate::lines::Lines;
use crate::xml;
use crate::{Format, Input, List};
use roxmltree::Node;
use std::collections::{HashMap, HashSet};
use vigil_core::{Address, Country, Entity, FuzzyDate, IdKind, Name, NameKind, Schema};

type N<'a, 'i> = Node<'a, 'i>;

/// Parses an OFAC Enhanced XML file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let doc = xml::parse(input)?;
    let root = xml::root(&doc, input, "sanctionsData", "OFAC's Enhanced XML")?;
    let source = common::source(input, Format::OfacEnhancedXml);
    let mut list = List::new(&source, Format::OfacEnhancedXml, input.path);
    let mut diags = Diagnostics::new(input.path);
    list.published = common::publication_date(
        xml::child(root, "publicationInfo").and_then(|p| xml::child_text(p, "dataAsOf")),
        common::iso_date_prefix,
        "YYYY-MM-DD",
        &mut diags,
        "publicationInfo",
        "dataAsOf",
    );
    let mut refs = HashMap::new();
    for v in xml::children(root, "referenceValues").flat_map(|r| xml::children(r, "referenceValue"))
    {
        if let Some(id) = xml::attr(v, "refId") {
            refs.insert(id, v);
        }
    }
    let reader = Reader {
        lines: Lines::new(doc.input_text()),
        refs: &refs,
        source: &source,
    };
    let mut seen = HashSet::new();
    for node in xml::children(root, "entities").flat_map(|e| xml::children(e, "entity")) {
        if let Some(e) = reader.entity(node, &mut seen, &mut diags) {
            list.entities.push(e);
        }
    }
    list.diagnostics = diags.items;
    Ok(list)
}

struct Reader<'d, 'a, 'i> {
    lines: Lines<'i>,
    refs: &'d HashMap<&'a str, N<'a, 'i>>,
    source: &'d str,
}

impl Reader<'_, '_, '_> {
    /// The country of an element with a `refId` into the COUNTRY values and
    /// the country's name as text: the ISO code of the reference, else the
    /// name; `None` for OFAC's "undetermined".
    fn country(&self, node: N<'_, '_>) -> Result<Option<Country>, String> {
        let by_ref = xml::attr(node, "refId")
            .and_then(|r| self.refs.get(r))
            .and_then(|r| xml::child_text(*r, "isoCode"))
            .and_then(Country::from_code);
        let text = xml::text(node).unwrap_or("");
        match by_ref.or_else(|| oc::lookup_country(text)) {
            Some(c) => Ok(Some(c)),
            None if oc::is_undetermined(text) => Ok(None),
            None => Err(format!("unknown country {text:?}")),
        }
    }

    fn entity(
        &self,
        node: N<'_, '_>,
        seen: &mut HashSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<Entity> {
        let Some(id) = xml::attr(node, "id") else {
            diags.skip(
                &self.lines.record(node, "id", None),
                Some("id"),
                "missing id; the record is skipped",
            );
            return None;
        };
        let record = self.lines.record(node, "id", Some(id));
        if !seen.insert(id.to_string()) {
            diags.skip(
                &record,
                Some("id"),
                format!("duplicate id {id:?}; the record is skipped"),
            );
            return None;
        }
        let info = xml::child(node, "generalInfo");
        let schema = match info
            .and_then(|i| xml::child_text(i, "entityType"))
            .map(str::parse::<Schema>)
        {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                diags.warn(
                    &record,
                    Some("entityType"),
                    format!("{e}; read as organization"),
                );
                Schema::Organization
            }
            None => {
                diags.warn(
                    &record,
                    Some("entityType"),
                    "missing entityType; read as organization",
                );
                Schema::Organization
            }
        };
        let mut entity = Entity::new(self.source, id, schema);
        self.names(&mut entity, node, &record, diags);
        if !entity.names.iter().any(|n| n.kind == NameKind::Primary) {
            diags.skip(
                &record,
                Some("names"),
                "no primary name; the record is skipped",
            );
            return None;
        }
        if let Some(r) = info.and_then(|i| xml::child_text(i, "remarks")) {
            Entity::push_text(&mut entity.remarks, r);
        }
        for p in xml::children(node, "sanctionsPrograms")
            .flat_map(|p| xml::children(p, "sanctionsProgram"))
        {
            if let Some(p) = xml::text(p) {
                Entity::push_text(&mut entity.programs, p);
            }
        }
        for l in
            xml::children(node, "sanctionsLists").flat_map(|p| xml::children(p, "sanctionsList"))
        {
            // The earliest publication on any OFAC list is the listing date.
            let Some(text) = xml::attr(l, "datePublished") else {
                continue;
            };
            match common::iso_date_prefix(text) {
                Some(d) if entity.listed_on.is_none_or(|l| d < l.from) => {
                    entity.listed_on = Some(FuzzyDate::on(d));
                }
                Some(_) => {}
                None => diags.warn(
                    &record,
                    Some("sanctionsList/datePublished"),
                    format!("invalid date {text:?}, left out"),
                ),
            }
        }
        for f in xml::children(node, "features").flat_map(|p| xml::children(p, "feature")) {
            self.feature(&mut entity, f, &record, diags);
        }
        for d in xml::children(node, "identityDocuments")
            .flat_map(|p| xml::children(p, "identityDocument"))
        {
            self.document(&mut entity, d, &record, diags);
        }
        for a in xml::children(node, "addresses").flat_map(|p| xml::children(p, "address")) {
            self.address(&mut entity, a, &record, diags);
        }
        Some(entity)
    }

    /// The names: each `name` is primary or an alias; each of its
    /// `translation`s is one written form. The primary translation of the
    /// primary name is the primary name; forms in other scripts are
    /// original-script names.
    fn names(&self, entity: &mut Entity, node: N<'_, '_>, record: &str, diags: &mut Diagnostics) {
        let mut names: Vec<N<'_, '_>> = xml::children(node, "names")
            .flat_map(|p| xml::children(p, "name"))
            .collect();
        names.sort_by_key(|n| !oc::flag(xml::child_text(*n, "isPrimary")));
        for name in names {
            let base = if oc::flag(xml::child_text(name, "isPrimary")) {
                NameKind::Primary
            } else {
                let low = oc::flag(xml::child_text(name, "isLowQuality"));
                match oc::alias_kind(xml::child_text(name, "aliasType"), low) {
                    Ok(k) => k,
                    Err(t) => {
                        diags.warn(
                            record,
                            Some("aliasType"),
                            format!("unknown alias type {t:?}; read as a.k.a."),
                        );
                        NameKind::Alias
                    }
                }
            };
            let translations: Vec<N<'_, '_>> = xml::children(name, "translations")
                .flat_map(|t| xml::children(t, "translation"))
                .collect();
            let lead = translations
                .iter()
                .position(|t| oc::flag(xml::child_text(*t, "isPrimary")))
                .unwrap_or(0);
            for (i, t) in translations.iter().enumerate() {
                let kind = match base {
                    NameKind::Primary if i != lead => NameKind::Alias,
                    k => k,
                };
                match translation(*t, entity.schema, kind) {
                    Some(n) => {
                        entity.add_name(common::with_script_kind(n));
                    }
                    None => diags.warn(
                        record,
                        Some("translation"),
                        "name translation without text, left out",
                    ),
                }
            }
        }
    }

    fn feature(&self, entity: &mut Entity, f: N<'_, '_>, record: &str, diags: &mut Diagnostics) {
        let Some(type_node) = xml::child(f, "type") else {
            diags.warn(record, Some("feature"), "feature without a type, left out");
            return;
        };
        let label = xml::text(type_node).unwrap_or("");
        let fact = oc::classify(label, Fact::Remark);
        let label_field = oc::field_name(label);
        let field = label_field.as_str();
        let text = xml::child_text(f, "value");
        let note = xml::child_text(f, "comments").map(str::to_string);
        // Dates and countries come structured as well as in text: a date
        // span, or a valueRefId into the COUNTRY values (with the ISO code).
        match fact {
            Fact::BirthDate => {
                if let Some(d) = xml::child(f, "valueDate").and_then(value_date) {
                    entity.add_birth_date(d);
                    return;
                }
            }
            Fact::Nationality | Fact::Citizenship | Fact::Country => {
                let by_ref = xml::child_text(f, "valueRefId")
                    .and_then(|r| self.refs.get(r))
                    .and_then(|r| xml::child_text(*r, "isoCode"))
                    .and_then(Country::from_code);
                if let Some(c) = by_ref {
                    oc::add_country(entity, fact, c);
                    return;
                }
            }
            _ => {}
        }
        match (text, fact) {
            (Some(text), _) => {
                let value = Value {
                    label,
                    text,
                    country: None,
                    note,
                };
                oc::apply(entity, fact, value, diags, record, field);
            }
            (None, Fact::BirthDate) => {
                diags.warn(record, Some(field), "date without a value, left out")
            }
            (None, Fact::Nationality | Fact::Citizenship | Fact::Country) => {
                diags.warn(record, Some(field), "country without a value, left out")
            }
            (None, _) => {}
        }
    }

    fn document(&self, entity: &mut Entity, d: N<'_, '_>, record: &str, diags: &mut Diagnostics) {
        let label = xml::child_text(d, "type").unwrap_or("");
        let Some(number) = xml::child_text(d, "documentNumber") else {
            diags.warn(
                record,
                Some("documentNumber"),
                format!("{label:?} without a number, left out"),
            );
            return;
        };
        let country = match xml::child(d, "issuingCountry") {
            None => None,
            Some(c) => match self.country(c) {
                Ok(c) => c,
                Err(why) => {
                    diags.warn(record, Some("issuingCountry"), format!("{why}, left out"));
                    None
                }
            },
        };
        let mut notes = vec![xml::child_text(d, "issuingAuthority").map(str::to_string)];
        // Issue and expiration dates, under whatever element names OFAC
        // gives them, are kept as text.
        for c in d.children().filter(|c| c.is_element()) {
            let name = c.tag_name().name();
            if name.ends_with("Date")
                && let Some(t) = xml::text(c)
            {
                notes.push(Some(format!("{name} {t}")));
            }
        }
        // Invalid documents are kept: a revoked passport number still
        // identifies its holder.
        if xml::child_text(d, "isValid").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
            notes.push(Some("not valid".to_string()));
        }
        let fact = oc::classify(label, Fact::Id(IdKind::Other));
        let value = Value {
            label,
            text: number,
            country,
            note: oc::join_note(notes),
        };
        oc::apply(entity, fact, value, diags, record, "documentNumber");
    }

    fn address(&self, entity: &mut Entity, a: N<'_, '_>, record: &str, diags: &mut Diagnostics) {
        let mut address = Address::default();
        if let Some(c) = xml::child(a, "country") {
            match self.country(c) {
                Ok(c) => address.country = c,
                Err(why) => {
                    address.note = xml::text(c).map(str::to_string);
                    diags.warn(
                        record,
                        Some("address/country"),
                        format!("{why}, kept as a note"),
                    );
                }
            }
        }
        let translations: Vec<N<'_, '_>> = xml::children(a, "translations")
            .flat_map(|t| xml::children(t, "translation"))
            .collect();
        // The primary (Latin) translation; others repeat it in another script.
        let t = translations
            .iter()
            .find(|t| oc::flag(xml::child_text(**t, "isPrimary")))
            .or(translations.first());
        let mut street = Vec::new();
        let mut notes: Vec<String> = address.note.take().into_iter().collect();
        for p in t
            .into_iter()
            .flat_map(|t| xml::children(*t, "addressParts"))
            .flat_map(|p| xml::children(p, "addressPart"))
        {
            let Some(value) = xml::child_text(p, "value") else {
                continue;
            };
            let value = value.to_string();
            match xml::child_text(p, "type") {
                Some("ADDRESS1" | "ADDRESS2" | "ADDRESS3") => street.push(value),
                Some("CITY") => address.city = Some(value),
                Some("STATE/PROVINCE" | "REGION") if address.region.is_none() => {
                    address.region = Some(value)
                }
                Some("POSTAL CODE") => address.postal_code = Some(value),
                _ => notes.push(value),
            }
        }
        address.street = (!street.is_empty()).then(|| street.join(", "));
        address.note = (!notes.is_empty()).then(|| notes.join(", "));
        oc::add_address(entity, address);
    }
}

/// One written form of a name: `formattedFullName` as OFAC writes it, with
/// the parts of a person's name when every part has a role.
fn translation(t: N<'_, '_>, schema: Schema, kind: NameKind) -> Option<Name> {
    let mut parts = Vec::new();
    let mut words = Vec::new();
    for p in xml::children(t, "nameParts").flat_map(|p| xml::children(p, "namePart")) {
        let Some(value) = xml::child_text(p, "value") else {
            continue;
        };
        words.push(value);
        if let Some(k) = xml::child_text(p, "type").and_then(oc::part_kind)
            && let Some(part) = oc::part(k, value)
        {
            parts.push(part);
        }
    }
    let structured = schema == Schema::Person && oc::is_structured(&parts, words.len());
    let full = match xml::child_text(t, "formattedFullName") {
        Some(f) => f.to_string(),
        None if structured => oc::format_person(&parts),
        None => words.join(" "),
    };
    let name = Name::new(&full, kind)?;
    Some(if structured {
        name.with_parts(parts)
    } else {
        name
    })
}

/// A `valueDate`: the span from `fromDateBegin` to `toDateEnd`, circa when
/// `isApproximate`.
fn value_date(v: N<'_, '_>) -> Option<FuzzyDate> {
    let from = xml::child_text(v, "fromDateBegin")
        .or_else(|| xml::child_text(v, "fromDateEnd"))
        .and_then(common::iso_date_prefix)?;
    let to = xml::child_text(v, "toDateEnd")
        .or_else(|| xml::child_text(v, "toDateBegin"))
        .and_then(common::iso_date_prefix)
        .unwrap_or(from);
    oc::span(from, to, oc::flag(xml::child_text(v, "isApproximate")))
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. every part of an entity is read into the model: names with kinds,
    //!    parts and translations into other scripts, structured and text
    //!    dates with precision, countries by ISO code or name, documents,
    //!    addresses, programmes, the earliest listing date, remarks;
    //! 2. the file name gives the source (SDN or consolidated);
    //! 3. bad records and values are diagnostics naming record and field;
    //! 4. a truncated file and a wrong root are errors.
    use super::*;
    use crate::ErrorKind;
    use crate::pin::names;
    use vigil_core::{Gender, PartKind, Precision};

    const FIXTURE: &str = include_str!("../../tests/fixtures/ofac_enhanced/sdn_enhanced.xml");
    const TRUNCATED: &str = include_str!("../../tests/fixtures/ofac_enhanced/truncated.xml");

    fn parse_str(path: &str, s: &str) -> Result<List, Error> {
        parse(&Input::new(path, s.as_bytes()))
    }

    #[test]
    fn reads_a_person() {
        let list = parse_str("SDN_ENHANCED.XML", FIXTURE).unwrap();
        assert_eq!(list.source, "ofac-sdn");
        assert_eq!(list.format, Format::OfacEnhancedXml);
        assert_eq!(list.published.unwrap().to_string(), "2024-03-02");
        let e = &list.entities[0];
        assert_eq!(e.id, "ofac-sdn:6001");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin: EXAMPLO, Juan Carlos",
                "original_script/arabic: إكزامبلو, خوان",
                "weak_alias/latin: El Jefe",
                "former/latin: MUESTRA, Juan",
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
                (PartKind::Family, "Examplo"),
                (PartKind::Given, "Juan"),
                (PartKind::Middle, "Carlos")
            ]
        );
        assert!(e.names[2].parts.is_empty(), "a lone nickname part");
        let dobs: Vec<(String, Precision)> = e
            .birth_dates
            .iter()
            .map(|d| (d.to_string(), d.precision()))
            .collect();
        assert_eq!(
            dobs,
            [
                ("1961-02-12".to_string(), Precision::Day),
                ("circa 1960..1962".to_string(), Precision::Range),
                ("1970-02".to_string(), Precision::Month),
            ]
        );
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.birth_places, ["Maracaibo, Venezuela"]);
        assert_eq!(e.nationalities[0].as_str(), "EG");
        assert_eq!(e.citizenships[0].as_str(), "CO");
        let ids: Vec<(IdKind, &str, Option<&str>, Option<&str>)> = e
            .identifiers
            .iter()
            .map(|i| {
                (
                    i.kind,
                    i.value.as_str(),
                    i.country.as_ref().map(Country::as_str),
                    i.note.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                (
                    IdKind::Passport,
                    "A1234567",
                    Some("VE"),
                    Some("SAIME; issueDate 2015-01-01; not valid")
                ),
                (IdKind::NationalId, "V-12345678", Some("VE"), None),
                (IdKind::NationalId, "V-87654321", None, None),
            ]
        );
        assert_eq!(e.addresses.len(), 2, "an undetermined address is empty");
        let a = &e.addresses[0];
        assert_eq!(a.street.as_deref(), Some("Calle 1"));
        assert_eq!(a.city.as_deref(), Some("Caracas"));
        assert_eq!(a.region.as_deref(), Some("Distrito Capital"));
        assert_eq!(a.postal_code.as_deref(), Some("1010"));
        assert_eq!(a.country.unwrap().as_str(), "VE");
        assert_eq!(e.addresses[1].note.as_deref(), Some("Moonbase"));
        assert_eq!(e.programs, ["SDGT", "IRGC"]);
        assert_eq!(e.listed_on.unwrap().to_string(), "2010-05-06");
        assert_eq!(
            e.remarks,
            [
                "(Linked To: EXAMPLE TRADING CO. LTD.)",
                "Website www.example.com (personal website)",
                "Secondary sanctions risk: section 1(b) of Executive Order 13224",
            ]
        );
    }

    #[test]
    fn reads_organisations_and_vessels() {
        let list = parse_str("CONS_ENHANCED.XML", FIXTURE).unwrap();
        assert_eq!(list.source, "ofac-cons");
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ofac-cons:6001",
                "ofac-cons:6002",
                "ofac-cons:6003",
                "ofac-cons:6007"
            ]
        );
        let org = &list.entities[1];
        assert_eq!(org.schema, Schema::Organization);
        assert_eq!(
            names(org),
            [
                "primary/latin: EXAMPLE TRADING CO. LTD.",
                "original_script/cyrillic: ЭКЗАМПЛ ТРЕЙДИНГ",
                "alias/latin: EXAMPLE GLOBAL",
            ]
        );
        assert!(org.names.iter().all(|n| n.parts.is_empty()));
        assert_eq!(org.birth_dates[0].to_string(), "1999-03");
        assert_eq!(org.countries[0].as_str(), "EG");
        let kinds: Vec<IdKind> = org.identifiers.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IdKind::Registration, IdKind::Lei]);
        assert_eq!(org.remarks, ["Listing Date (CMIC) 03 Jun 2021"]);
        assert_eq!(org.listed_on, None);

        let vessel = &list.entities[2];
        assert_eq!(vessel.schema, Schema::Vessel);
        assert_eq!(vessel.identifiers[0].kind, IdKind::Imo);
        assert_eq!(vessel.identifiers[0].value, "9999999");
        assert_eq!(vessel.positions, ["Tug"]);
        assert_eq!(vessel.countries[0].as_str(), "PA");
    }

    #[test]
    fn bad_records_are_diagnostics() {
        let list = parse_str("SDN_ENHANCED.XML", FIXTURE).unwrap();
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        let p = "SDN_ENHANCED.XML: entity id=6001 (line 12)";
        assert_eq!(
            d,
            [
                format!("warning: {p}: aliasType: unknown alias type \"Q.K.A.\"; read as a.k.a."),
                format!("warning: {p}: translation: name translation without text, left out"),
                format!("warning: {p}: Birthdate: invalid date \"sometime\", left out"),
                format!("warning: {p}: Nationality Country: unknown country \"Atlantis\", left out"),
                format!("warning: {p}: Gender: unknown gender \"Unknown\", left out"),
                format!("warning: {p}: issuingCountry: unknown country \"Atlantis\", left out"),
                format!("warning: {p}: documentNumber: \"Passport\" without a number, left out"),
                format!("warning: {p}: address/country: unknown country \"Moonbase\", kept as a note"),
                "error: SDN_ENHANCED.XML: entity (line 82): id: missing id; the record is skipped".to_string(),
                "error: SDN_ENHANCED.XML: entity id=6002 (line 83): id: duplicate id \"6002\"; the record is skipped".to_string(),
                "error: SDN_ENHANCED.XML: entity id=6006 (line 84): names: no primary name; the record is skipped".to_string(),
                "warning: SDN_ENHANCED.XML: entity id=6007 (line 85): entityType: unknown schema \"spaceship\": expected person, organization, vessel or aircraft; read as organization".to_string(),
                "warning: SDN_ENHANCED.XML: entity id=6007 (line 85): sanctionsList/datePublished: invalid date \"someday\", left out".to_string(),
            ]
        );
    }

    #[test]
    fn unreadable_files_are_errors() {
        let err = parse_str("SDN_ENHANCED.XML", TRUNCATED).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated);
        let err = parse_str("SDN_ENHANCED.XML", "<sdnList/>").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed);
        assert_eq!(
            err.to_string(),
            "SDN_ENHANCED.XML: the root element is <sdnList>, not <sanctionsData> as in OFAC's Enhanced XML"
        );
        let bad_date = FIXTURE.replace("2024-03-02T00:00:00", "yesterday");
        let list = parse_str("SDN_ENHANCED.XML", &bad_date).unwrap();
        assert_eq!(list.published, None);
        assert_eq!(
            list.diagnostics[0].to_string(),
            "warning: SDN_ENHANCED.XML: publicationInfo: dataAsOf: invalid date \"yesterday\" (expected YYYY-MM-DD), left out"
        );
    }
}
