//! What OFAC's three XML formats (classic `sdnList`, Advanced `Sanctions`,
//! Enhanced `sanctionsData`) share: the meaning of OFAC's labels for
//! documents and features, how OFAC formats a person's name, its structured
//! date spans, and the country spellings it uses.
//!
//! OFAC keeps one database and exports it three ways, so the same labels
//! ("Passport", "Vessel Flag", "Secondary sanctions risk:") appear as
//! `idType` in the classic XML, as `IDRegDocType` / `FeatureType` in the
//! Advanced XML and as document and feature types in the Enhanced XML. One
//! table here maps them all, so that one entity reads the same from every
//! format.

use crate::error::Diagnostics;
use crate::formats::common;
use vigil_core::entity::collapse_whitespace;
use vigil_core::{
    Address, Country, Entity, FuzzyDate, Gender, IdKind, Identifier, NameKind, NamePart, PartKind,
    PartialDate,
};

/// Where a labelled OFAC value goes in the entity model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fact {
    /// An identifying document or number of this kind.
    Id(IdKind),
    /// The gender of a person.
    Gender,
    /// A date of birth, of establishment, of build or of manufacture.
    BirthDate,
    /// A place of birth.
    BirthPlace,
    /// A nationality.
    Nationality,
    /// A citizenship.
    Citizenship,
    /// Another tied country: flag, registration, jurisdiction.
    Country,
    /// A title, or the type of a vessel or aircraft.
    Position,
    /// An address (the Advanced XML's "Location" feature).
    Location,
    /// Anything else, kept as the remark "label value" the way OFAC's own
    /// CSV remarks write it ("Website www.vtb.ru").
    Remark,
}

/// The lookup key of a label: lower case, whitespace collapsed, without the
/// trailing ":" or " -" OFAC appends to some labels inconsistently.
fn label_key(label: &str) -> String {
    field_name(label).to_lowercase()
}

/// A label as a diagnostic's field name, without OFAC's trailing ":" or
/// " -" ("Secondary sanctions risk").
pub(crate) fn field_name(label: &str) -> String {
    collapse_whitespace(label)
        .trim_end_matches([':', '-', ' '])
        .to_string()
}

/// What an OFAC document or feature label means. Labels OFAC adds later fall
/// back on `fallback`: an identifier of kind `Other` for document lists, a
/// remark for feature lists.
pub(crate) fn classify(label: &str, fallback: Fact) -> Fact {
    use IdKind::*;
    let key = label_key(label);
    match key.as_str() {
        // Documents of persons.
        "passport"
        | "diplomatic passport"
        | "british national overseas passport"
        | "stateless person passport"
        | "travel document number" => Fact::Id(Passport),
        "national id no."
        | "cedula no."
        | "d.n.i."
        | "bosnian personal id no."
        | "kenyan id no."
        | "moroccan personal id no."
        | "personal id card"
        | "identification number"
        | "national foreign id number"
        | "turkish identification number"
        | "tazkira national id card"
        | "citizen's card number"
        | "uae identification"
        | "federal id card"
        | "tarjeta de identidad"
        | "numero de identidad"
        | "credencial electoral"
        | "i.f.e."
        | "c.i.n."
        | "n.i.e."
        | "stateless person id card"
        | "refugee id card"
        | "residency number"
        | "romanian permanent resident" => Fact::Id(NationalId),
        "ssn" | "c.u.r.p." | "cnp (personal numerical code)" => Fact::Id(SocialSecurity),
        "driver's license no." => Fact::Id(DrivingLicense),
        // Tax numbers.
        "tax id no."
        | "r.f.c."
        | "rfc"
        | "nit #"
        | "us fein"
        | "ruc #"
        | "c.i.f."
        | "rif #"
        | "italian fiscal code"
        | "fiscal code"
        | "c.u.i.t."
        | "paraguayan tax identification number"
        | "numero unico de identificacao tributaria (nuit)"
        | "romanian tax registration"
        | "v.a.t. number"
        | "n.i.f."
        | "rtn"
        | "c.u.i."
        | "rsin" => Fact::Id(TaxId),
        // Registrations of organisations.
        "registration id"
        | "registration number"
        | "business registration document #"
        | "business registration number"
        | "business number"
        | "le number"
        | "registered charity no."
        | "c.r. no."
        | "uk company number"
        | "company number"
        | "commercial registry number"
        | "certificate of incorporation number"
        | "trade license no."
        | "tourism license no."
        | "license"
        | "permit number"
        | "sre permit no."
        | "registration certificate number (dubai)"
        | "dubai chamber of commerce membership no."
        | "chamber of commerce number"
        | "istanbul chamber of comm. no."
        | "matricula mercantil no"
        | "folio mercantil no."
        | "romanian c.r."
        | "public registration number"
        | "government gazette number"
        | "unified social credit code (uscc)"
        | "united social credit code certificate (usccc)"
        | "branch unit number"
        | "enterprise number"
        | "organization code"
        | "entity code"
        | "msb registration number"
        | "afghan money service provider license number"
        | "central registration system number"
        | "economic register number (cbls)"
        | "russian state individual business registration number pattern (ogrnip)"
        | "global intermediary identification number"
        | "d-u-n-s number" => Fact::Id(Registration),
        "legal entity number" => Fact::Id(Lei),
        "swift/bic" => Fact::Id(SwiftBic),
        // Vessels and aircraft.
        "vessel registration identification" => Fact::Id(Imo),
        "mmsi" => Fact::Id(Mmsi),
        "vessel call sign" | "other vessel call sign" => Fact::Id(CallSign),
        "aircraft serial identification"
        | "aircraft construction number (also called l/n or s/n or f/n)"
        | "aircraft manufacturer's serial number (msn)"
        | "aircraft tail number"
        | "previous aircraft tail number"
        | "aircraft mode s transponder code" => Fact::Id(AircraftId),
        "vessel flag" | "other vessel flag" | "former vessel flag" => Fact::Country,
        "vessel type" | "other vessel type" | "aircraft model" => Fact::Position,
        "vessel year of build" | "aircraft manufacture date" => Fact::BirthDate,
        // Identity facts.
        "gender" => Fact::Gender,
        "birthdate" | "organization established date" => Fact::BirthDate,
        "place of birth" => Fact::BirthPlace,
        "nationality country" => Fact::Nationality,
        "citizenship country" => Fact::Citizenship,
        "nationality of registration" | "registration country" => Fact::Country,
        "title" => Fact::Position,
        "location" => Fact::Location,
        // Numbers that identify without being official documents.
        "isin"
        | "equity ticker"
        | "bik (ru)"
        | "micex code"
        | "un/locode"
        | "chinese commercial code" => Fact::Id(Other),
        // Contact details, directive texts, programme dates, owners and
        // operators: the model has no field for them, so they stay remarks.
        "website"
        | "email address"
        | "phone number"
        | "secondary sanctions risk"
        | "target type"
        | "organization type"
        | "issuer name"
        | "vessel owner"
        | "vessel tonnage"
        | "vessel gross registered tonnage"
        | "aircraft operator" => Fact::Remark,
        _ if key.starts_with("digital currency address") => Fact::Id(Other),
        _ if key.starts_with("executive order")
            || key.starts_with("listing date")
            || key.starts_with("effective date")
            || key.starts_with("purchase/sales")
            || key.starts_with("transactions prohibited")
            || key.contains("information")
            || key.contains("determination") =>
        {
            Fact::Remark
        }
        _ => fallback,
    }
}

/// A country as OFAC writes it: a name ("Russia", "Burma"), a demonym
/// ("Palestinian") or a region ("Region: Gaza", "Region: Northern Mali").
pub(crate) fn lookup_country(text: &str) -> Option<Country> {
    Country::lookup(text).or_else(|| {
        let (_, rest) = text.split_once(':')?;
        let rest = rest.trim();
        Country::lookup(rest).or_else(|| {
            let (side, country) = rest.split_once(' ')?;
            ["northern", "southern", "eastern", "western", "central"]
                .contains(&side.to_lowercase().as_str())
                .then(|| Country::lookup(country))?
        })
    })
}

/// Whether OFAC says the country is not known ("undetermined"), which is
/// no country rather than an unreadable one.
pub(crate) fn is_undetermined(text: &str) -> bool {
    let t = text.trim();
    t.eq_ignore_ascii_case("undetermined") || t.eq_ignore_ascii_case("unknown")
}

/// The country a place of birth names, when its last comma-separated part
/// is one ("Nablus, West Bank", "Giza, Egypt"); `None` otherwise, silently,
/// since a place need not name its country.
pub(crate) fn place_country(place: &str) -> Option<Country> {
    let last = place.rsplit(',').next()?.trim();
    Country::lookup(last)
}

/// How OFAC's own exports format a person's name: the family parts upper
/// case, a comma, then the other parts in order ("AL-ZOMOR, Abboud Abdul
/// Latif Hassan"), so that a name composed from the Advanced XML's parts
/// reads exactly as the classic XML, the CSV and the Enhanced XML write it.
pub(crate) fn format_person(parts: &[NamePart]) -> String {
    let family: Vec<String> = parts
        .iter()
        .filter(|p| p.kind == PartKind::Family)
        .map(|p| p.value.to_uppercase())
        .collect();
    let rest: Vec<&str> = parts
        .iter()
        .filter(|p| p.kind != PartKind::Family)
        .map(|p| p.value.as_str())
        .collect();
    match (family.is_empty(), rest.is_empty()) {
        (false, false) => format!("{}, {}", family.join(" "), rest.join(" ")),
        (false, true) => family.join(" "),
        _ => rest.join(" "),
    }
}

/// The part of a name an OFAC name part type is; `None` for types that
/// hold a whole name (entity, vessel and aircraft names), which are not
/// structured parts.
pub(crate) fn part_kind(label: &str) -> Option<PartKind> {
    match label_key(label).as_str() {
        "last name" | "maiden name" => Some(PartKind::Family),
        "first name" => Some(PartKind::Given),
        "middle name" => Some(PartKind::Middle),
        "patronymic" => Some(PartKind::Patronymic),
        "entity name" | "vessel name" | "aircraft name" => None,
        // Matronymic, nickname and types OFAC may add.
        _ => Some(PartKind::Other),
    }
}

/// Whether a name's parts are worth keeping: every piece of text has a
/// role, and at least one role says more than "other" (a lone nickname
/// part adds nothing to the full name).
pub(crate) fn is_structured(parts: &[NamePart], pieces: usize) -> bool {
    parts.len() == pieces && parts.iter().any(|p| p.kind != PartKind::Other)
}

/// A name part with its text collapsed; `None` when it has no text.
pub(crate) fn part(kind: PartKind, value: &str) -> Option<NamePart> {
    let value = collapse_whitespace(value);
    (!value.is_empty()).then_some(NamePart { kind, value })
}

/// The kind of an alias from OFAC's alias type ("a.k.a.", "F.K.A.",
/// "N.K.A.") and its quality flag; `Err` with the type for an unknown type,
/// which the caller reports and reads as a strong alias.
///
/// Low quality wins over the type: a weak former name is still weak, and
/// that is what matters when a match rests on it. "Now known as" is the
/// current name, so a strong alias.
pub(crate) fn alias_kind(alias_type: Option<&str>, low_quality: bool) -> Result<NameKind, String> {
    let kind = match alias_type.map(label_key).as_deref() {
        None | Some("a.k.a." | "aka" | "n.k.a." | "nka") => NameKind::Alias,
        Some("f.k.a." | "fka") => NameKind::Former,
        Some(_) if low_quality => NameKind::WeakAlias,
        Some(_) => return Err(alias_type.unwrap_or("").trim().to_string()),
    };
    Ok(if low_quality {
        NameKind::WeakAlias
    } else {
        kind
    })
}

/// OFAC's `true` / `false` flags.
pub(crate) fn flag(text: Option<&str>) -> bool {
    text.is_some_and(|t| t.trim().eq_ignore_ascii_case("true"))
}

/// Reads a date written `MM/DD/YYYY`, the US order of the classic XML's
/// `Publish_Date` (`01/08/2026` is 8 January), which the day-first
/// [`FuzzyDate::parse`] would misread.
pub(crate) fn parse_us_date(text: &str) -> Option<PartialDate> {
    let mut it = text.trim().split('/');
    let (Some(m), Some(d), Some(y), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    PartialDate::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn days_in(year: u16, month: u8) -> u8 {
    (28..=31)
        .rev()
        .find(|&d| PartialDate::ymd(year, month, d).is_some())
        .unwrap_or(28)
}

/// A date span as the Advanced and Enhanced XML give dates: the earliest
/// and latest possible day. A span of whole years is a year (or a range of
/// years), of whole months a month, otherwise days; `approx` marks it circa.
/// `None` when the span ends before it starts.
///
/// `from` and `to` may themselves lack a month or day, which then stands
/// for the start or the end of the year or month.
pub(crate) fn span(from: PartialDate, to: PartialDate, approx: bool) -> Option<FuzzyDate> {
    let (fy, fm, fd) = (from.year, from.month.unwrap_or(1), from.day.unwrap_or(1));
    let (ty, tm) = (to.year, to.month.unwrap_or(12));
    let td = to.day.unwrap_or_else(|| days_in(ty, tm));
    if (fy, fm, fd) > (ty, tm, td) {
        return None;
    }
    let date = if fm == 1 && fd == 1 && tm == 12 && td == 31 {
        FuzzyDate::between(PartialDate::year(fy), PartialDate::year(ty))
    } else if fd == 1 && td == days_in(ty, tm) {
        FuzzyDate::between(PartialDate::month(fy, fm)?, PartialDate::month(ty, tm)?)
    } else {
        FuzzyDate::between(PartialDate::ymd(fy, fm, fd)?, PartialDate::ymd(ty, tm, td)?)
    };
    Some(if approx { date.approx() } else { date })
}

/// A labelled value as OFAC gives it: the label ("Passport"), the text,
/// an issuing country already resolved (for identifiers) and extra text
/// (issue dates, comments).
pub(crate) struct Value<'a> {
    pub(crate) label: &'a str,
    pub(crate) text: &'a str,
    pub(crate) country: Option<Country>,
    pub(crate) note: Option<String>,
}

/// Puts a labelled value into the entity: the one place that decides what
/// OFAC's labels mean in the model. `fact` comes from [`classify`].
/// Unreadable values become warnings on `record` / `field`.
pub(crate) fn apply(
    entity: &mut Entity,
    fact: Fact,
    value: Value<'_>,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) {
    let Value {
        label,
        text,
        country,
        note,
    } = value;
    let text = collapse_whitespace(text);
    if text.is_empty() {
        return;
    }
    match fact {
        Fact::Id(kind) => push_identifier(entity, kind, label, &text, country, note),
        Fact::Gender => match Gender::parse(&text) {
            Some(g) => entity.gender = Some(g),
            None => diags.warn(
                record,
                Some(field),
                format!("unknown gender {text:?}, left out"),
            ),
        },
        Fact::BirthDate => match FuzzyDate::parse(&text) {
            Some(d) => entity.add_birth_date(d),
            None => diags.warn(
                record,
                Some(field),
                format!("invalid date {text:?}, left out"),
            ),
        },
        Fact::BirthPlace => add_birth_place(entity, &text),
        Fact::Nationality | Fact::Citizenship | Fact::Country => match lookup_country(&text) {
            Some(c) => add_country(entity, fact, c),
            None if is_undetermined(&text) => {}
            None => diags.warn(
                record,
                Some(field),
                format!("unknown country {text:?}, left out"),
            ),
        },
        Fact::Position => Entity::push_text(&mut entity.positions, &text),
        Fact::Location => add_address(
            entity,
            Address {
                note: Some(text),
                ..Address::default()
            },
        ),
        Fact::Remark => {
            let remark = match note {
                Some(n) => format!("{} {text} ({n})", label.trim()),
                None => format!("{} {text}", label.trim()),
            };
            Entity::push_text(&mut entity.remarks, &remark);
        }
    }
}

/// Adds a place of birth, and the country it names to `countries`.
pub(crate) fn add_birth_place(entity: &mut Entity, place: &str) {
    Entity::push_text(&mut entity.birth_places, place);
    if let Some(c) = place_country(place) {
        Entity::push_country(&mut entity.countries, c);
    }
}

/// Adds a resolved country where `fact` says it belongs.
pub(crate) fn add_country(entity: &mut Entity, fact: Fact, country: Country) {
    let list = match fact {
        Fact::Nationality => &mut entity.nationalities,
        Fact::Citizenship => &mut entity.citizenships,
        _ => &mut entity.countries,
    };
    Entity::push_country(list, country);
}

/// Adds an address unless empty or present, and its country to `countries`.
pub(crate) fn add_address(entity: &mut Entity, address: Address) {
    if let Some(c) = address.country {
        Entity::push_country(&mut entity.countries, c);
    }
    common::push_address(entity, address);
}

/// Adds an identifier with OFAC's label for it and its extra text.
fn push_identifier(
    entity: &mut Entity,
    kind: IdKind,
    label: &str,
    value: &str,
    country: Option<Country>,
    note: Option<String>,
) {
    let mut id = Identifier::new(kind, value);
    id.country = country;
    id.label = Some(collapse_whitespace(label)).filter(|l| !l.is_empty());
    id.note = note.filter(|n| !n.is_empty());
    common::push_identifier(entity, id);
}

/// Joins the non-empty pieces of extra text into one note.
pub(crate) fn join_note(pieces: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let v: Vec<String> = pieces
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!v.is_empty()).then(|| v.join("; "))
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. OFAC's labels map to the right place in the model, whatever their
    //!    trailing punctuation, and unknown labels take the fallback;
    //! 2. person names format as OFAC's exports do;
    //! 3. date spans keep their precision (day, month, year, range, circa);
    //! 4. US-order dates and "Region:" countries read correctly;
    //! 5. no cut or mangled copy of the three OFAC fixtures makes a parser
    //!    panic (every digit 0 or 9: year 0000, month 99, huge IDs).
    use super::*;

    #[test]
    fn labels() {
        let other = Fact::Id(IdKind::Other);
        assert_eq!(classify("Passport", other), Fact::Id(IdKind::Passport));
        assert_eq!(
            classify("Legal Entity Number", other),
            Fact::Id(IdKind::Lei)
        );
        assert_eq!(
            classify("Vessel Registration Identification", other),
            Fact::Id(IdKind::Imo)
        );
        assert_eq!(classify("Secondary sanctions risk:", other), Fact::Remark);
        assert_eq!(classify("Secondary sanctions risk", other), Fact::Remark);
        assert_eq!(
            classify("Executive Order 13662 Directive Determination -", other),
            Fact::Remark
        );
        assert_eq!(classify("Listing Date (CMIC)", other), Fact::Remark);
        let prohibited = "Transactions Prohibited For Persons Owned or Controlled By U.S. \
                          Financial Institutions:";
        assert_eq!(classify(prohibited, other), Fact::Remark);
        assert_eq!(classify("IFCA Determination -", other), Fact::Remark);
        assert_eq!(classify("Vessel Year of Build", other), Fact::BirthDate);
        assert_eq!(
            classify("Other Vessel Call Sign", other),
            Fact::Id(IdKind::CallSign)
        );
        assert_eq!(classify("Former Vessel Flag", other), Fact::Country);
        assert_eq!(classify("Gender", other), Fact::Gender);
        assert_eq!(
            classify("Organization Established Date", other),
            Fact::BirthDate
        );
        assert_eq!(
            classify("Nationality of Registration", other),
            Fact::Country
        );
        assert_eq!(
            classify("Digital Currency Address - XBT", Fact::Remark),
            Fact::Id(IdKind::Other)
        );
        assert_eq!(classify("Some New Number", other), other);
        assert_eq!(classify("Some New Feature", Fact::Remark), Fact::Remark);
    }

    fn p(kind: PartKind, v: &str) -> NamePart {
        part(kind, v).unwrap()
    }

    #[test]
    fn person_names() {
        let parts = [
            p(PartKind::Family, "Al-Zomor"),
            p(PartKind::Given, "Abboud Abdul Latif Hassan"),
        ];
        assert_eq!(format_person(&parts), "AL-ZOMOR, Abboud Abdul Latif Hassan");
        assert_eq!(
            format_person(&[p(PartKind::Other, "Sweet Micky")]),
            "Sweet Micky"
        );
        assert_eq!(format_person(&[p(PartKind::Family, "Zahar")]), "ZAHAR");
        assert_eq!(part_kind("Entity Name"), None);
        assert_eq!(part_kind("Patronymic"), Some(PartKind::Patronymic));
        assert_eq!(alias_kind(Some("f.k.a."), false), Ok(NameKind::Former));
        assert_eq!(alias_kind(Some("F.K.A."), true), Ok(NameKind::WeakAlias));
        assert_eq!(alias_kind(Some("N.K.A."), false), Ok(NameKind::Alias));
        assert_eq!(alias_kind(Some("X.Y.Z."), false), Err("X.Y.Z.".to_string()));
    }

    fn d(s: &str) -> PartialDate {
        PartialDate::parse_iso(s).unwrap()
    }

    #[test]
    fn spans() {
        let s = |a, b, approx| span(d(a), d(b), approx).map(|x| x.to_string());
        assert_eq!(s("1947-04-19", "1947-04-19", false).unwrap(), "1947-04-19");
        assert_eq!(s("1991-01-01", "1991-12-31", false).unwrap(), "1991");
        assert_eq!(s("1960-01-01", "1962-12-31", false).unwrap(), "1960..1962");
        assert_eq!(s("1965-01-01", "1965-12-31", true).unwrap(), "circa 1965");
        assert_eq!(s("1980-02-01", "1980-02-29", false).unwrap(), "1980-02");
        assert_eq!(s("1980-01-01", "1980-01-01", false).unwrap(), "1980-01-01");
        assert_eq!(
            s("1980-03-05", "1980-03-09", false).unwrap(),
            "1980-03-05..1980-03-09"
        );
        assert_eq!(s("1970", "1970", false).unwrap(), "1970");
        assert_eq!(s("1981-01-01", "1980-12-31", false), None);
    }

    #[test]
    fn us_dates_and_countries() {
        assert_eq!(parse_us_date("01/08/2026"), Some(d("2026-01-08")));
        assert_eq!(parse_us_date("12/14/2020"), Some(d("2020-12-14")));
        assert_eq!(parse_us_date("14/12/2020"), None);
        assert_eq!(parse_us_date("2020-12-14"), None);
        assert_eq!(lookup_country("Region: Gaza").unwrap().as_str(), "PS");
        assert_eq!(lookup_country("Burma").unwrap().as_str(), "MM");
        assert_eq!(
            lookup_country("Region: Northern Mali").unwrap().as_str(),
            "ML"
        );
        assert_eq!(lookup_country("Region: Atlantis"), None);
        assert!(is_undetermined("undetermined"));
        assert_eq!(place_country("Nahia, Giza, Egypt").unwrap().as_str(), "EG");
        assert_eq!(place_country("Shati"), None);
    }

    #[test]
    fn mangled_fixtures_never_panic() {
        type Parser = fn(&crate::Input<'_>) -> Result<crate::List, crate::Error>;
        let fixtures: [(&str, Parser); 3] = [
            (
                include_str!("../../tests/fixtures/ofac_xml/sdn.xml"),
                super::super::ofac_xml::parse,
            ),
            (
                include_str!("../../tests/fixtures/ofac_advanced/sdn_advanced.xml"),
                super::super::ofac_advanced::parse,
            ),
            (
                include_str!("../../tests/fixtures/ofac_enhanced/sdn_enhanced.xml"),
                super::super::ofac_enhanced::parse,
            ),
        ];
        for (text, parse) in fixtures {
            let run = |t: &str| parse(&crate::Input::new("x.xml", t.as_bytes())).is_ok();
            // The XML declaration keeps its version.
            let (head, body) = text.split_at(text.find("?>").unwrap_or(0));
            for digit in ['0', '9'] {
                let mangled: String = body
                    .chars()
                    .map(|c| if c.is_ascii_digit() { digit } else { c })
                    .collect();
                assert!(
                    run(&format!("{head}{mangled}")),
                    "a mangled value fails the file"
                );
            }
            for cut in (0..text.len()).step_by(97) {
                if let Some(prefix) = text.get(..cut) {
                    run(prefix);
                }
            }
        }
    }
}
