//! The EU Financial Sanctions Files XML (root `export` in the namespace
//! `http://eu.europa.ec/fpi/fsd/export`), one `sanctionEntity` per target.
//!
//! Ids are `eu:<logicalId>`; `generationDate` is the publication date. The
//! format writes absent values as `""`, which are read as absent. Choices
//! the format leaves open:
//!
//! - **The primary name.** The EU marks none, and its first `nameAlias` is
//!   often a Swedish, Czech or Cyrillic spelling (in a third of the full list,
//!   by ammitto's conversion of it). The primary is the strong Latin alias
//!   that carries the entry's `function` or `title` (the EU puts them on the
//!   designation's own name), else one with structured parts
//!   (`firstName`/`lastName`), else one in English or no stated language,
//!   else the first; every other alias follows in file order.
//! - **Alias kinds.** `strong="false"`, or a remark calling the alias "low
//!   quality" (the EU sometimes says so only in the remark), makes a
//!   `WeakAlias`; a strong alias in another script is `OriginalScript`.
//!   `nameLanguage` sets the language.
//! - **Dates of birth.** `birthdate` (a full date), else `year` with
//!   `monthOfYear` and `dayOfMonth`, else `yearRangeFrom`/`yearRangeTo`;
//!   `circa="true"` marks it approximate. For `calendarType="ISLAMIC"` the
//!   parts are Hijri but `birthdate` holds the Gregorian equivalent, which is
//!   used; without it the date is left out with a warning.
//! - `function` and `title` are positions of a person; an organisation's
//!   `function` is a description, kept as a remark, as are the remarks of the
//!   primary `nameAlias` (those of other aliases only rate the alias or
//!   spell out an acronym).
//! - `euReferenceNumber` and `unitedNationId` are kept as `Other`
//!   identifiers, so that the same target can be found on the UN list.
//! - Not in the model, so not read: `regulationSummary`, `publicationUrl`,
//!   address `contactInfo` (phones, websites), `asAtListingTime`.

use crate::error::{Diagnostics, Error};
use crate::formats::common::{self, kind_for_script, push_address, push_identifier};
use crate::formats::official::{self, add_name, ensure_primary, push_reference};
use crate::lines::Lines;
use crate::{Format, Input, List, xml};
use roxmltree::Node;
use vigil_core::entity::collapse_whitespace;
use vigil_core::{
    Address, Country, Entity, FuzzyDate, Gender, IdKind, Identifier, Name, NameKind, NamePart,
    PartKind, PartialDate, Schema,
};

/// Parses an EU Financial Sanctions Files XML export.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let doc = xml::parse(input)?;
    let root = xml::root(&doc, input, "export", "the EU's Financial Sanctions Files")?;
    let source = common::source(input, Format::EuFsfXml);
    let mut list = List::new(&source, Format::EuFsfXml, input.path);
    let mut diags = Diagnostics::new(input.path);
    let lines = Lines::new(doc.input_text());
    list.published = common::publication_date(
        xml::attr(root, "generationDate"),
        common::iso_date_prefix,
        "YYYY-MM-DD",
        &mut diags,
        "export",
        "generationDate",
    );
    for node in xml::children(root, "sanctionEntity") {
        if let Some(e) = entity(node, &source, &lines, &mut diags) {
            list.entities.push(e);
        }
    }
    list.diagnostics = diags.items;
    Ok(list)
}

/// One `nameAlias`, with what the choice of the primary name looks at.
struct Alias {
    name: Name,
    remarks: Vec<String>,
    strong_latin: bool,
    has_role: bool,
    has_parts: bool,
    english: bool,
}

fn entity(
    node: Node<'_, '_>,
    source: &str,
    lines: &Lines<'_>,
    diags: &mut Diagnostics,
) -> Option<Entity> {
    let id = xml::attr(node, "logicalId");
    let record = lines.record(node, "logicalId", id);
    let Some(id) = id else {
        diags.skip(
            &record,
            Some("logicalId"),
            "no logicalId; the record is skipped",
        );
        return None;
    };
    let code = xml::child(node, "subjectType").and_then(|s| xml::attr(s, "code"));
    let schema = match code {
        Some("person") => Schema::Person,
        Some("enterprise") => Schema::Organization,
        other => {
            diags.warn(
                &record,
                Some("subjectType"),
                format!(
                    "unknown subjectType code {:?}; read as organization",
                    other.unwrap_or("")
                ),
            );
            Schema::Organization
        }
    };
    let mut e = Entity::new(source, id, schema);
    let aliases: Vec<Alias> = xml::children(node, "nameAlias")
        .filter_map(|a| name_alias(&mut e, a, &record, diags))
        .collect();
    let Some(primary) = aliases
        .iter()
        .enumerate()
        .min_by_key(|(i, a)| (!a.strong_latin, !a.has_role, !a.has_parts, !a.english, *i))
        .map(|(i, _)| i)
    else {
        diags.skip(&record, Some("nameAlias"), "no name; the record is skipped");
        return None;
    };
    let mut aliases = aliases;
    // The remarks of the designation's own name are about the target; those
    // of other aliases say how good the alias is ("good quality alias") or
    // spell out an acronym, which the aliases already give.
    for r in std::mem::take(&mut aliases[primary].remarks) {
        Entity::push_text(&mut e.remarks, &r);
    }
    let mut names: Vec<Name> = aliases.into_iter().map(|a| a.name).collect();
    let mut first = names.remove(primary);
    if first.kind != NameKind::OriginalScript {
        first.kind = NameKind::Primary;
    }
    add_name(&mut e, first);
    for n in names {
        add_name(&mut e, n);
    }
    ensure_primary(&mut e);
    if let Some(r) = xml::attr(node, "euReferenceNumber") {
        push_reference(&mut e, "EU reference number", r);
    }
    if let Some(r) = xml::attr(node, "unitedNationId") {
        push_reference(&mut e, "UN reference number", r);
    }
    if let Some(d) = xml::attr(node, "designationDate") {
        e.listed_on = official::date(d, diags, &record, "designationDate");
    }
    if let Some(d) = xml::attr(node, "designationDetails") {
        Entity::push_text(&mut e.remarks, d);
    }
    for child in node.children().filter(|c| c.is_element()) {
        match child.tag_name().name() {
            "remark" => {
                if let Some(t) = xml::text(child) {
                    Entity::push_text(&mut e.remarks, t);
                }
            }
            "regulation" => {
                if let Some(p) = xml::attr(child, "programme") {
                    Entity::push_text(&mut e.programs, p);
                }
            }
            "citizenship" => {
                if let Some(c) = country_of(child, diags, &record) {
                    Entity::push_country(&mut e.citizenships, c);
                }
            }
            "birthdate" => birth_date(&mut e, child, diags, &record),
            "identification" => identification(&mut e, child, diags, &record),
            "address" => address(&mut e, child, diags, &record),
            _ => {}
        }
    }
    Some(e)
}

/// One `nameAlias`: its name, and its person facts added to the entity.
fn name_alias(
    e: &mut Entity,
    node: Node<'_, '_>,
    record: &str,
    diags: &mut Diagnostics,
) -> Option<Alias> {
    let attr = |n| xml::attr(node, n);
    let parts: Vec<NamePart> = [
        ("firstName", PartKind::Given),
        ("middleName", PartKind::Middle),
        ("lastName", PartKind::Family),
    ]
    .iter()
    .filter_map(|(a, kind)| {
        Some(NamePart {
            kind: *kind,
            value: collapse_whitespace(attr(a)?),
        })
    })
    .collect();
    let has_parts = !parts.is_empty();
    let low_quality = xml::children(node, "remark")
        .filter_map(xml::text)
        .any(|r| r.to_ascii_lowercase().contains("low quality"));
    let weak = attr("strong") == Some("false") || low_quality;
    let kind = if weak {
        NameKind::WeakAlias
    } else {
        NameKind::Alias
    };
    let name = match attr("wholeName") {
        Some(whole) => Name::new(whole, kind).map(|n| n.with_parts(parts)),
        None => Name::from_parts(parts, kind),
    };
    let Some(mut name) = name else {
        diags.warn(
            record,
            Some("nameAlias"),
            format!(
                "nameAlias logicalId={} without a name, left out",
                attr("logicalId").unwrap_or("?")
            ),
        );
        return None;
    };
    name.kind = kind_for_script(kind, name.script);
    let lang = attr("nameLanguage");
    name = name.with_lang(lang);
    let role = [attr("function"), attr("title")];
    if e.schema == Schema::Person {
        for r in role.into_iter().flatten() {
            Entity::push_text(&mut e.positions, r);
        }
        if e.gender.is_none() {
            e.gender = attr("gender").and_then(Gender::parse);
        }
    } else if let Some(f) = attr("function") {
        Entity::push_text(&mut e.remarks, f);
    }
    Some(Alias {
        remarks: xml::children(node, "remark")
            .filter_map(xml::text)
            .map(str::to_string)
            .collect(),
        strong_latin: !weak && name.script.is_latin(),
        has_role: role.iter().any(Option::is_some),
        has_parts,
        english: lang.is_none_or(|l| l.eq_ignore_ascii_case("en")),
        name,
    })
}

/// The country of an element: `countryIso2Code`, `00` meaning unknown;
/// `countryDescription` when the code is not one.
fn country_of(node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) -> Option<Country> {
    let code = xml::attr(node, "countryIso2Code").filter(|c| *c != "00");
    let description = xml::attr(node, "countryDescription").filter(|d| *d != "UNKNOWN");
    let found = code
        .and_then(Country::from_code)
        .or_else(|| description.and_then(Country::lookup));
    if found.is_none() && (code.is_some() || description.is_some()) {
        let tag = node.tag_name().name();
        diags.warn(
            record,
            Some(&format!("{tag} countryIso2Code")),
            format!(
                "unknown country {:?}, left out",
                code.or(description).unwrap_or("")
            ),
        );
    }
    found
}

fn birth_date(e: &mut Entity, node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) {
    let attr = |n| xml::attr(node, n);
    let number = |n| attr(n).and_then(|v| v.parse::<u16>().ok());
    let calendar = attr("calendarType").unwrap_or("GREGORIAN");
    let date = if !calendar.eq_ignore_ascii_case("GREGORIAN") {
        // The parts are in the other calendar; `birthdate` is the EU's
        // Gregorian equivalent when it gives one.
        match attr("birthdate").and_then(PartialDate::parse_iso) {
            Some(d) if Some(d.year) != number("year") => Some(FuzzyDate::on(d)),
            _ => {
                diags.warn(
                    record,
                    Some("birthdate"),
                    format!(
                        "date of birth in the {calendar} calendar without a Gregorian equivalent, left out"
                    ),
                );
                None
            }
        }
    } else if let Some(d) = attr("birthdate") {
        let d = PartialDate::parse_iso(d).map(FuzzyDate::on);
        if d.is_none() {
            diags.warn(
                record,
                Some("birthdate"),
                format!(
                    "invalid date {:?}, left out",
                    attr("birthdate").unwrap_or("")
                ),
            );
        }
        d
    } else if let Some(y) = number("year") {
        let month = number("monthOfYear").and_then(|m| u8::try_from(m).ok());
        let day = number("dayOfMonth").and_then(|d| u8::try_from(d).ok());
        let d = match (month, day) {
            (Some(m), Some(d)) => PartialDate::ymd(y, m, d),
            (Some(m), None) => PartialDate::month(y, m),
            _ => Some(PartialDate::year(y)).filter(|_| (1..=9999).contains(&y)),
        };
        if d.is_none() {
            diags.warn(
                record,
                Some("birthdate"),
                format!(
                    "invalid date year={y} monthOfYear={} dayOfMonth={}, left out",
                    attr("monthOfYear").unwrap_or(""),
                    attr("dayOfMonth").unwrap_or("")
                ),
            );
        }
        d.map(FuzzyDate::on)
    } else {
        let year = |n| number(n).filter(|y| (1..=9999).contains(y));
        match (year("yearRangeFrom"), year("yearRangeTo")) {
            (Some(a), Some(b)) => Some(FuzzyDate::between(
                PartialDate::year(a),
                PartialDate::year(b),
            )),
            (Some(y), None) | (None, Some(y)) => Some(FuzzyDate::on(PartialDate::year(y))),
            // A birthdate element may give only a place.
            (None, None) => None,
        }
    };
    if let Some(mut d) = date {
        if attr("circa") == Some("true") {
            d = d.approx();
        }
        e.add_birth_date(d);
    }
    let country = country_of(node, diags, record);
    let place: Vec<&str> = [attr("place"), attr("city"), attr("region")]
        .into_iter()
        .flatten()
        .filter(|p| *p != "-")
        .chain(country.map(|c| c.name()))
        .collect();
    if !place.is_empty() {
        Entity::push_text(&mut e.birth_places, &place.join(", "));
    }
    if let Some(c) = country {
        Entity::push_country(&mut e.countries, c);
    }
}

fn identification(e: &mut Entity, node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) {
    let attr = |n| xml::attr(node, n);
    let code = attr("identificationTypeCode").unwrap_or("");
    let description = attr("identificationTypeDescription");
    let Some(number) = attr("number").or(attr("latinNumber")) else {
        diags.warn(
            record,
            Some("identification number"),
            format!(
                "{:?} identification without a number, left out",
                description.unwrap_or(code)
            ),
        );
        return;
    };
    let kind = match code {
        "passport" => IdKind::Passport,
        "id" => IdKind::NationalId,
        "fiscalcode" | "tin" | "inn" => IdKind::TaxId,
        "ssn" => IdKind::SocialSecurity,
        "regnumber" => IdKind::Registration,
        "swiftbic" => IdKind::SwiftBic,
        "imo" => IdKind::Imo,
        _ => description
            .and_then(official::id_kind)
            .unwrap_or(IdKind::Other),
    };
    let mut id = Identifier::new(kind, number);
    id.label = description
        .or(Some(code))
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    id.country = country_of(node, diags, record);
    let mut note: Vec<String> = [
        ("diplomatic", "diplomatic"),
        ("knownExpired", "known expired"),
        ("knownFalse", "known false"),
        ("reportedLost", "reported lost"),
        ("revokedByIssuer", "revoked by issuer"),
    ]
    .iter()
    .filter(|(a, _)| attr(a) == Some("true"))
    .map(|(_, t)| t.to_string())
    .collect();
    for (a, label) in [
        ("issueDate", "issued"),
        ("validFrom", "valid from"),
        ("validTo", "valid to"),
        ("issuedBy", "issued by"),
        ("region", "in"),
        ("nameOnDocument", "name on document"),
    ] {
        if let Some(v) = attr(a) {
            note.push(format!("{label} {v}"));
        }
    }
    if let Some(l) = attr("latinNumber").filter(|l| *l != number) {
        note.push(format!("in Latin script {l}"));
    }
    note.extend(
        xml::children(node, "remark")
            .filter_map(xml::text)
            .map(collapse_whitespace),
    );
    if !note.is_empty() {
        id.note = Some(note.join("; "));
    }
    push_identifier(e, id);
}

fn address(e: &mut Entity, node: Node<'_, '_>, diags: &mut Diagnostics, record: &str) {
    let attr = |n| xml::attr(node, n).map(collapse_whitespace);
    let mut note: Vec<String> = Vec::new();
    if let Some(p) = attr("poBox") {
        note.push(format!("PO Box {p}"));
    }
    if let Some(p) = attr("place") {
        note.push(p);
    }
    note.extend(
        xml::children(node, "remark")
            .filter_map(xml::text)
            .map(collapse_whitespace),
    );
    let country = country_of(node, diags, record);
    if let Some(c) = country {
        Entity::push_country(&mut e.countries, c);
    }
    push_address(
        e,
        Address {
            street: attr("street"),
            city: attr("city"),
            region: attr("region"),
            postal_code: attr("zipCode"),
            country,
            note: (!note.is_empty()).then(|| note.join("; ")),
        },
    );
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. a person and an enterprise are read field by field, the primary
    //!    name chosen as documented, weak and original-script aliases kept
    //!    apart, languages set;
    //! 2. Hijri dates use the Gregorian equivalent or are left out;
    //! 3. records without id or name are skipped, bad values are warnings
    //!    naming record and field;
    //! 4. a truncated file and a wrong root are errors.
    //! 5. any cut of the fixture gives a list or an error, never a panic.
    use super::*;
    use crate::ErrorKind;
    use crate::pin::names_lang as names;

    const FIXTURE: &str = include_str!("../../tests/fixtures/eu_fsf/export-small.xml");

    fn parse_str(s: &str) -> Result<List, Error> {
        parse(&Input::new("eu.xml", s.as_bytes()))
    }

    #[test]
    fn reads_a_person() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.source, "eu");
        assert_eq!(list.published.unwrap().to_string(), "2026-03-01");
        let e = &list.entities[0];
        assert_eq!(e.id, "eu:9001");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin/en: Ivan Testovich TESTOV",
                "alias/latin/sv: Ivan Testovitj TESTOV",
                "original_script/cyrillic/ru: Иван Тестович ТЕСТОВ",
                "weak_alias/latin/-: The Tester",
                "weak_alias/latin/en: Vanya",
            ]
        );
        let parts: Vec<String> = e.names[0]
            .parts
            .iter()
            .map(|p| format!("{:?}={}", p.kind, p.value))
            .collect();
        assert_eq!(parts, ["Given=Ivan", "Middle=Testovich", "Family=TESTOV"]);
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.positions, ["Director of Testing", "General"]);
        let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            dobs,
            ["1965-04-14", "1966-05", "circa 1960..1962", "1982-04-19"]
        );
        assert_eq!(
            e.birth_places,
            ["Testograd, Russian Federation", "Russian Federation"]
        );
        assert_eq!(
            e.citizenships
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["RU"]
        );
        assert_eq!(
            e.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["RU", "CY"]
        );
        assert_eq!(e.programs, ["RUS", "UKR"]);
        assert_eq!(e.listed_on.unwrap().to_string(), "2022-02-23");
        assert_eq!(
            e.remarks,
            [
                "Head of the test directorate.",
                "UN designation: 01/01/2020",
                "A fictional person."
            ]
        );
        let ids: Vec<String> = e
            .identifiers
            .iter()
            .map(|i| {
                format!(
                    "{:?} {} {} [{}] {}",
                    i.kind,
                    i.value,
                    i.country.map_or("-".to_string(), |c| c.to_string()),
                    i.label.as_deref().unwrap_or(""),
                    i.note.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                "Other EU.9001.1 - [EU reference number] ",
                "Other QDi.999 - [UN reference number] ",
                "Passport 7100001 RU [National passport] diplomatic; known expired; issued 2010-01-01; valid to 2015-01-01; in Moscow",
                "TaxId 770000000001 RU [Tax identification number (INN)] ",
            ]
        );
        let a = &e.addresses[0];
        assert_eq!(
            (
                a.street.as_deref(),
                a.city.as_deref(),
                a.postal_code.as_deref()
            ),
            (Some("1 Test Street"), Some("Limassol"), Some("3030"))
        );
        assert_eq!(a.note.as_deref(), Some("PO Box 12; residence"));
    }

    #[test]
    fn reads_an_enterprise() {
        let list = parse_str(FIXTURE).unwrap();
        let e = list.entities.iter().find(|e| e.id == "eu:9002").unwrap();
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(
            names(e),
            [
                "primary/latin/en: Test Chemical Industries (TCI)",
                "alias/latin/ga: Tionscail Ceimiceán Tástála",
                "original_script/arabic/fa: صنایع شیمیایی تست",
            ]
        );
        assert!(e.positions.is_empty());
        assert_eq!(e.remarks, ["Produces test chemicals"]);
        assert_eq!(e.identifiers[1].kind, IdKind::Registration);
        assert_eq!(e.identifiers[1].value, "TCI-0001");
    }

    #[test]
    fn bad_records_and_values_are_diagnostics() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.entities.len(), 3);
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            [
                "warning: eu.xml: sanctionEntity logicalId=9001 (line 3): birthdate: date of birth in the ISLAMIC calendar without a Gregorian equivalent, left out",
                "error: eu.xml: sanctionEntity (line 44): logicalId: no logicalId; the record is skipped",
                "warning: eu.xml: sanctionEntity logicalId=9004 (line 48): nameAlias: nameAlias logicalId=40 without a name, left out",
                "error: eu.xml: sanctionEntity logicalId=9004 (line 48): nameAlias: no name; the record is skipped",
                "warning: eu.xml: sanctionEntity logicalId=9005 (line 52): subjectType: unknown subjectType code \"vessel\"; read as organization",
                "warning: eu.xml: sanctionEntity logicalId=9005 (line 52): designationDate: invalid date \"2022-02-30\", left out",
                "warning: eu.xml: sanctionEntity logicalId=9005 (line 52): citizenship countryIso2Code: unknown country \"ZZ\", left out",
                "warning: eu.xml: sanctionEntity logicalId=9005 (line 52): birthdate: invalid date year=1970 monthOfYear=13 dayOfMonth=1, left out",
                "warning: eu.xml: sanctionEntity logicalId=9005 (line 52): identification number: \"National passport\" identification without a number, left out",
            ]
        );
    }

    #[test]
    fn broken_files_are_errors() {
        let cut = &FIXTURE[..FIXTURE.len() / 2];
        assert_eq!(parse_str(cut).unwrap_err().kind(), ErrorKind::Truncated);
        let err = parse_str("<CONSOLIDATED_LIST/>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "eu.xml: the root element is <CONSOLIDATED_LIST>, not <export> as in the EU's Financial Sanctions Files"
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
