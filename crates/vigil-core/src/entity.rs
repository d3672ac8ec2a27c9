//! The one entity model every list is read into: a listed person,
//! organisation, vessel or aircraft with all its names and identity facts.

use crate::country::Country;
use crate::date::FuzzyDate;
use crate::script::Script;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// What kind of thing a listed entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schema {
    /// A natural person.
    Person,
    /// A company, organisation, group, government body or other legal entity.
    Organization,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

impl Schema {
    /// All schemas, in display order.
    pub const ALL: [Schema; 4] = [
        Schema::Person,
        Schema::Organization,
        Schema::Vessel,
        Schema::Aircraft,
    ];

    /// The lowercase name (`person`, `organization`, `vessel`, `aircraft`).
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "person",
            Schema::Organization => "organization",
            Schema::Vessel => "vessel",
            Schema::Aircraft => "aircraft",
        }
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Schema {
    type Err = String;

    /// Accepts the four names and the common synonyms lists and users write
    /// (`individual`, `entity`, `company`, `ship`, `airplane`...).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" | "people" | "p" => Ok(Schema::Person),
            "organization" | "organisation" | "entity" | "company" | "legalentity"
            | "legal_entity" | "enterprise" | "business" | "org" | "publicbody" => {
                Ok(Schema::Organization)
            }
            "vessel" | "ship" | "boat" => Ok(Schema::Vessel),
            "aircraft" | "airplane" | "plane" => Ok(Schema::Aircraft),
            other => Err(format!(
                "unknown schema {other:?}: expected person, organization, vessel or aircraft"
            )),
        }
    }
}

/// A person's gender, as the list states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Gender {
    /// Reads `M`, `male`, `F`, `female` and their capitalisations; `None`
    /// for anything else (unknown, other, empty).
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "man" => Some(Gender::Male),
            "f" | "female" | "woman" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// The role a name plays for its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The list's main name for the entity.
    Primary,
    /// A strong alias (a.k.a.), as reliable as the primary name.
    Alias,
    /// A weak or low-quality alias: a nickname, a nom de guerre, a partial name.
    WeakAlias,
    /// A former name (f.k.a.), for example of a renamed company or vessel.
    Former,
    /// The name in its original, non-Latin script as the list publishes it.
    OriginalScript,
}

impl NameKind {
    /// All kinds, in display order.
    pub const ALL: [NameKind; 5] = [
        NameKind::Primary,
        NameKind::Alias,
        NameKind::WeakAlias,
        NameKind::Former,
        NameKind::OriginalScript,
    ];

    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Primary => "primary",
            NameKind::Alias => "alias",
            NameKind::WeakAlias => "weak_alias",
            NameKind::Former => "former",
            NameKind::OriginalScript => "original_script",
        }
    }
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a name a piece of text is, when the list says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// First or given name.
    Given,
    /// Middle name.
    Middle,
    /// Family name, surname.
    Family,
    /// Patronymic (father's name).
    Patronymic,
    /// Title or honorific (Sheikh, Dr, Mullah...).
    Title,
    /// A numbered part whose role the list does not give (UN FIRST..FOURTH_NAME
    /// beyond the first, UK Name 1..5).
    Other,
}

/// One part of a structured name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NamePart {
    /// What part of the name this is.
    pub kind: PartKind,
    /// The text, as the list gives it.
    pub value: String,
}

/// One name of an entity, with its kind, script and parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Name {
    /// The whole name as the list writes it (whitespace collapsed).
    pub full: String,
    /// The role of this name.
    pub kind: NameKind,
    /// The script, detected from the text.
    pub script: Script,
    /// The language, as an ISO 639 code, where the list gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The name's parts, where the list gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<NamePart>,
}

impl Name {
    /// A name of the given kind; whitespace is collapsed and the script
    /// detected. Returns `None` for a name with no letter or digit, so that
    /// parsers can report it instead of storing an empty name.
    pub fn new(full: &str, kind: NameKind) -> Option<Name> {
        Name::from_collapsed(collapse_whitespace(full), kind)
    }

    /// [`Name::new`] for a text whose whitespace is already collapsed.
    fn from_collapsed(full: String, kind: NameKind) -> Option<Name> {
        if !full.chars().any(char::is_alphanumeric) {
            return None;
        }
        Some(Name {
            script: Script::detect(&full),
            full,
            kind,
            lang: None,
            parts: Vec::new(),
        })
    }

    /// Builds a name from its parts, joined with spaces in the given order;
    /// empty parts are skipped. `None` when no part has text.
    pub fn from_parts(parts: Vec<NamePart>, kind: NameKind) -> Option<Name> {
        let parts: Vec<NamePart> = parts
            .into_iter()
            .filter_map(|p| {
                // A clean part (the usual case) is kept without a copy.
                let value = match collapse_whitespace_cow(&p.value) {
                    Cow::Borrowed(_) => p.value,
                    Cow::Owned(v) => v,
                };
                (!value.is_empty()).then_some(NamePart {
                    kind: p.kind,
                    value,
                })
            })
            .collect();
        let mut full = String::with_capacity(parts.iter().map(|p| p.value.len() + 1).sum());
        for p in &parts {
            if !full.is_empty() {
                full.push(' ');
            }
            full.push_str(&p.value);
        }
        let mut name = Name::from_collapsed(full, kind)?;
        name.parts = parts;
        Some(name)
    }

    /// Sets the language.
    pub fn with_lang(mut self, lang: Option<&str>) -> Name {
        self.lang = lang
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty());
        self
    }

    /// Sets the parts.
    pub fn with_parts(mut self, parts: Vec<NamePart>) -> Name {
        self.parts = parts;
        self
    }
}

/// Trims and collapses runs of whitespace (including no-break spaces) into
/// one space.
pub fn collapse_whitespace(s: &str) -> String {
    collapse_whitespace_cow(s).into_owned()
}

/// [`collapse_whitespace`] without copying a text that is already clean,
/// as most values of a list are: parsers call it on every field.
pub fn collapse_whitespace_cow(s: &str) -> Cow<'_, str> {
    // A space at the start, after a space or at the end, or any other
    // whitespace, needs the rewrite; clean text is scanned byte by byte.
    let mut after_space = true;
    let mut non_ascii = false;
    for &b in s.as_bytes() {
        // Printable ASCII other than the space, most bytes, in one test.
        if b.wrapping_sub(0x21) < 0x5e {
            after_space = false;
            continue;
        }
        match b {
            b' ' if after_space => return Cow::Owned(rewrite_whitespace(s)),
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return Cow::Owned(rewrite_whitespace(s)),
            0x80.. => {
                non_ascii = true;
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    let trailing = after_space && !s.is_empty();
    if trailing || (non_ascii && s.chars().any(|c| !c.is_ascii() && c.is_whitespace())) {
        return Cow::Owned(rewrite_whitespace(s));
    }
    Cow::Borrowed(s)
}

fn rewrite_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The kind of an identifying document or number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// Passport number.
    Passport,
    /// National identity card or number.
    NationalId,
    /// Tax identification number (INN, NTN, RFC...).
    TaxId,
    /// Social security or personal code number.
    SocialSecurity,
    /// Driving licence.
    DrivingLicense,
    /// Company or other registration number (OGRN, CR number...).
    Registration,
    /// IMO ship or company number.
    Imo,
    /// Maritime Mobile Service Identity.
    Mmsi,
    /// Radio call sign.
    CallSign,
    /// Aircraft serial number, registration mark or tail number.
    AircraftId,
    /// SWIFT/BIC code.
    SwiftBic,
    /// Legal Entity Identifier.
    Lei,
    /// Any other identifier; the list's own label is in `label`.
    Other,
}

impl IdKind {
    /// All kinds.
    pub const ALL: [IdKind; 13] = [
        IdKind::Passport,
        IdKind::NationalId,
        IdKind::TaxId,
        IdKind::SocialSecurity,
        IdKind::DrivingLicense,
        IdKind::Registration,
        IdKind::Imo,
        IdKind::Mmsi,
        IdKind::CallSign,
        IdKind::AircraftId,
        IdKind::SwiftBic,
        IdKind::Lei,
        IdKind::Other,
    ];

    /// The snake_case name, as serialised (`passport`, `national_id`...).
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Passport => "passport",
            IdKind::NationalId => "national_id",
            IdKind::TaxId => "tax_id",
            IdKind::SocialSecurity => "social_security",
            IdKind::DrivingLicense => "driving_license",
            IdKind::Registration => "registration",
            IdKind::Imo => "imo",
            IdKind::Mmsi => "mmsi",
            IdKind::CallSign => "call_sign",
            IdKind::AircraftId => "aircraft_id",
            IdKind::SwiftBic => "swift_bic",
            IdKind::Lei => "lei",
            IdKind::Other => "other",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<IdKind> {
        let s = s.trim().to_ascii_lowercase();
        IdKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether an equal value of this kind identifies one entity on its own
    /// (passport, IMO number...) rather than merely supporting a match.
    pub fn is_strong(self) -> bool {
        !matches!(self, IdKind::Other | IdKind::CallSign)
    }
}

/// An identifying document or number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier {
    /// The kind of identifier.
    pub kind: IdKind,
    /// The number as the list writes it.
    pub value: String,
    /// The issuing country, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The list's own label for the identifier type ("Passport", "Cedula No.",
    /// "Registration ID"...), where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free text the list adds (issue date, "diplomatic", "expired"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Identifier {
    /// An identifier with no country, label or note.
    pub fn new(kind: IdKind, value: &str) -> Identifier {
        Identifier {
            kind,
            value: collapse_whitespace(value),
            country: None,
            label: None,
            note: None,
        }
    }

    /// The value reduced to upper-case letters and digits, for comparison:
    /// `"A-123 456"` and `"a123456"` are the same number. Full-width digits
    /// and letters, as East Asian lists and forms write them, read as their
    /// ASCII forms (as Unicode NFKC folds them): `"４５６６８２"` is
    /// `"456682"`.
    pub fn normalized_value(&self) -> String {
        self.normalized_chars().collect()
    }

    /// The characters of [`Identifier::normalized_value`], for comparing
    /// two numbers without allocating.
    pub fn normalized_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.value.chars().filter_map(|c| {
            let c = match c {
                '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                    char::from_u32(u32::from(c) - 0xFEE0)?
                }
                _ => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_uppercase())
        })
    }
}

/// A postal address; every field is optional because lists give anything
/// from a country alone to a full street address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// Street lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City or town.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State, province or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// Free text the list adds to the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Address {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Address::default()
    }
}

/// A listed entity: everything one list says about one person,
/// organisation, vessel or aircraft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id, `<source>:<native id>` (`ofac-sdn:2677`, `un:QDi.001`).
    pub id: String,
    /// The source list (`ofac-sdn`, `ofac-cons`, `un`, `eu`, `uk`, `ftm` or
    /// an internal list's name).
    pub source: String,
    /// What the entity is.
    pub schema: Schema,
    /// Every name, the primary first.
    pub names: Vec<Name>,
    /// Gender of a person, where stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Dates of birth (or of incorporation for organisations, build year for
    /// vessels), each with its precision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<FuzzyDate>,
    /// Places of birth, as free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<String>,
    /// Nationalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<Country>,
    /// Citizenships, where the list distinguishes them from nationality.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citizenships: Vec<Country>,
    /// Other countries tied to the entity: jurisdiction, flag, country of
    /// birth, address countries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<Country>,
    /// Identifying documents and numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Sanctions programmes or regimes (`SDGT`, `ISIL (Da'esh) and Al-Qaida`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// Titles, functions or positions held (for persons), or the vessel or
    /// aircraft type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<String>,
    /// Date the entity was listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<FuzzyDate>,
    /// Remarks and other free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<String>,
}

impl Entity {
    /// An entity with an id built from `source` and the native id, and no
    /// facts yet.
    pub fn new(source: &str, native_id: &str, schema: Schema) -> Entity {
        Entity {
            id: format!("{source}:{}", native_id.trim()),
            source: source.to_string(),
            schema,
            names: Vec::new(),
            gender: None,
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            citizenships: Vec::new(),
            countries: Vec::new(),
            identifiers: Vec::new(),
            addresses: Vec::new(),
            programs: Vec::new(),
            positions: Vec::new(),
            listed_on: None,
            remarks: Vec::new(),
        }
    }

    /// The primary name, or the first name when none is marked primary.
    pub fn caption(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.kind == NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.full.as_str())
            .unwrap_or("")
    }

    /// Adds a name unless the entity already has one with the same text and
    /// kind; returns whether it was added.
    pub fn add_name(&mut self, name: Name) -> bool {
        if self
            .names
            .iter()
            .any(|n| n.full == name.full && n.kind == name.kind)
        {
            return false;
        }
        self.names.push(name);
        true
    }

    /// Adds a country to a list of countries unless present.
    pub fn push_country(list: &mut Vec<Country>, country: Country) {
        if !list.contains(&country) {
            list.push(country);
        }
    }

    /// Adds a date of birth unless present.
    pub fn add_birth_date(&mut self, date: FuzzyDate) {
        if !self.birth_dates.contains(&date) {
            self.birth_dates.push(date);
        }
    }

    /// Adds a string to a list of strings (programmes, places...) unless it is
    /// empty or present.
    pub fn push_text(list: &mut Vec<String>, text: &str) {
        let text = collapse_whitespace_cow(text);
        if !text.is_empty() && !list.iter().any(|t| *t == *text) {
            list.push(text.into_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. names without letters are refused, whitespace is collapsed (and
    //!    clean text is not copied);
    //! 2. names from parts skip empty parts;
    //! 3. schema synonyms parse and unknown schemas say what is expected;
    //! 4. an entity serialises to JSON without empty fields;
    //! 5. identifiers compare on ASCII letters and digits, full-width forms
    //!    folded.
    use super::*;

    #[test]
    fn names() {
        assert!(Name::new("  - . ", NameKind::Alias).is_none());
        let n = Name::new(" Abu\u{a0} Bakr  ", NameKind::Alias).unwrap();
        assert_eq!(n.full, "Abu Bakr");
        assert_eq!(n.script, Script::Latin);
        let n = Name::from_parts(
            vec![
                NamePart {
                    kind: PartKind::Given,
                    value: "ABDUL".into(),
                },
                NamePart {
                    kind: PartKind::Middle,
                    value: " ".into(),
                },
                NamePart {
                    kind: PartKind::Family,
                    value: "BASIR".into(),
                },
            ],
            NameKind::Primary,
        )
        .unwrap();
        assert_eq!(n.full, "ABDUL BASIR");
        assert_eq!(n.parts.len(), 2);
    }

    #[test]
    fn whitespace() {
        for (text, expect) in [
            ("", ""),
            ("Abu Bakr", "Abu Bakr"),
            (" Abu Bakr", "Abu Bakr"),
            ("Abu Bakr ", "Abu Bakr"),
            ("Abu  Bakr", "Abu Bakr"),
            ("Abu\tBakr", "Abu Bakr"),
            ("Abu\r\nBakr", "Abu Bakr"),
            ("Abu\u{a0}Bakr", "Abu Bakr"),
            ("Абу\u{3000}Бакр", "Абу Бакр"),
            ("Абу Бакр", "Абу Бакр"),
            ("   ", ""),
        ] {
            assert_eq!(collapse_whitespace(text), expect, "{text:?}");
        }
        assert!(matches!(
            collapse_whitespace_cow("Абу Бакр"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(collapse_whitespace_cow("a  b"), Cow::Owned(_)));
    }

    #[test]
    fn identifiers_compare_on_letters_and_digits() {
        let n = |v: &str| Identifier::new(IdKind::Passport, v).normalized_value();
        assert_eq!(n("A-123 456"), "A123456");
        assert_eq!(n("a123456"), "A123456");
        // Full-width forms fold to ASCII, as NFKC folds them.
        assert_eq!(n("４５６６８２"), "456682");
        assert_eq!(n("ＡＢ－１２ｃ"), "AB12C");
        assert_eq!(n("№ 12"), "12");
    }

    #[test]
    fn schemas() {
        assert_eq!("Individual".parse::<Schema>(), Ok(Schema::Person));
        assert_eq!(
            "-0-".parse::<Schema>().unwrap_err(),
            "unknown schema \"-0-\": expected person, organization, vessel or aircraft"
        );
        assert_eq!("Ship".parse::<Schema>(), Ok(Schema::Vessel));
    }

    #[test]
    fn entity_json() {
        let mut e = Entity::new("un", "QDi.001", Schema::Person);
        e.add_name(Name::new("Test Person", NameKind::Primary).unwrap());
        assert!(!e.add_name(Name::new("Test  Person", NameKind::Primary).unwrap()));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"id":"un:QDi.001","source":"un","schema":"person","names":[{"full":"Test Person","kind":"primary","script":"latin"}]}"#
        );
        assert_eq!(e.caption(), "Test Person");
    }
}
