//! The UN Security Council Consolidated List XML (root `CONSOLIDATED_LIST`,
//! `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`).
//!
//! Ids are `un:<REFERENCE_NUMBER>` (`un:QDi.001`); `dateGenerated` is the
//! publication date. Choices the format leaves open:
//!
//! - **Name parts.** `FIRST_NAME` is the given name; `SECOND_NAME` to
//!   `FOURTH_NAME` are `Other` parts: the UN writes names given-first but
//!   never says which part is a family name, and in most of its names (Arabic,
//!   Pashto, Korean) the last part is not one. An entity's whole name is in
//!   `FIRST_NAME` and gets no parts. `TITLE` and `DESIGNATION` values go to
//!   positions, not into the name.
//! - **Original script.** `NAME_ORIGINAL_SCRIPT` may hold several names
//!   (split on commas and semicolons); a non-Latin one is `OriginalScript`, a
//!   Latin one is an alias unless it repeats a name already read.
//! - **Aliases** (`QUALITY` Good / a.k.a. → `Alias`, Low → `WeakAlias`,
//!   f.k.a. → `Former`). An alias that mixes scripts, "Haji Gulab Gul (حاجی
//!   گلاب گل)" or "جبهة النصرة (Jabhat al-Nusrah; Al-Nusra Front)", is split
//!   into its names; strong non-Latin ones are `OriginalScript`. An alias
//!   `NOTE` such as "original script: Абу Банат" or "In Arabic: ..." gives an
//!   original-script name, and the note of a non-Latin alias that only lists
//!   Latin spellings ("Yunis al-Mauritani; Younis al-Mauritani") gives
//!   aliases of the same quality. Other alias notes have no place in the
//!   model and are dropped.
//! - **Dates of birth** keep their precision: `DATE` a day, `YEAR` a year
//!   (with a month when the note names one, "Sep."), `FROM_YEAR`/`TO_YEAR` a
//!   range, `APPROXIMATELY` (or a note "Approximately") circa. A date given
//!   only in the note is read from it; Hijri dates are left out with a warning.
//! - **Documents**: the kind comes from `TYPE_OF_DOCUMENT2` (the specific
//!   label, "Afghan national identification card (tazkira) number") when
//!   present, else `TYPE_OF_DOCUMENT`; the issue date, city and note go to the
//!   identifier's note.
//! - Not in the model, so not read: `DATAID`, `VERSIONNUM`, `LIST_TYPE`,
//!   `LAST_DAY_UPDATED`, `SORT_KEY`, `SORT_KEY_LAST_MOD`.

use crate::error::{Diagnostics, Error};
use crate::formats::common::{self, kind_for_script, push_address, push_identifier};
use crate::formats::official::{
    self, add_name, clean_value, find_ascii_ci, push_country, script_name,
};
use crate::lines::Lines;
use crate::{Format, Input, List, xml};
use roxmltree::Node;
use vigil_core::entity::collapse_whitespace;
use vigil_core::{
    Address, Entity, FuzzyDate, Gender, IdKind, Identifier, Name, NameKind, NamePart, PartKind,
    PartialDate, Schema, Script,
};

/// Parses a UN Consolidated List XML file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let doc = xml::parse(input)?;
    let root = xml::root(&doc, input, "CONSOLIDATED_LIST", "the UN list")?;
    let source = common::source(input, Format::UnXml);
    let mut list = List::new(&source, Format::UnXml, input.path);
    let mut diags = Diagnostics::new(input.path);
    let lines = Lines::new(doc.input_text());
    list.published = common::publication_date(
        xml::attr(root, "dateGenerated"),
        common::iso_date_prefix,
        "YYYY-MM-DD",
        &mut diags,
        "CONSOLIDATED_LIST",
        "dateGenerated",
    );
    let mut parser = Parser {
        source: &source,
        lines: &lines,
        diags: &mut diags,
    };
    for group in root.children().filter(|n| n.is_element()) {
        let schema = match group.tag_name().name() {
            "INDIVIDUALS" => Schema::Person,
            "ENTITIES" => Schema::Organization,
            _ => continue,
        };
        for node in group.children().filter(|n| n.is_element()) {
            if let Some(entity) = parser.record(node, schema) {
                list.entities.push(entity);
            }
        }
    }
    list.diagnostics = diags.items;
    Ok(list)
}

struct Parser<'a> {
    source: &'a str,
    lines: &'a Lines<'a>,
    diags: &'a mut Diagnostics,
}

impl Parser<'_> {
    fn record(&mut self, node: Node<'_, '_>, schema: Schema) -> Option<Entity> {
        let reference = xml::child_text(node, "REFERENCE_NUMBER");
        let record = self.lines.record(
            node,
            if reference.is_some() {
                "REFERENCE_NUMBER"
            } else {
                "DATAID"
            },
            reference.or_else(|| xml::child_text(node, "DATAID")),
        );
        let Some(reference) = reference else {
            self.diags.skip(
                &record,
                Some("REFERENCE_NUMBER"),
                "no REFERENCE_NUMBER; the record is skipped",
            );
            return None;
        };
        let mut entity = Entity::new(self.source, reference, schema);
        let primary = if schema == Schema::Person {
            let kinds = [
                PartKind::Given,
                PartKind::Other,
                PartKind::Other,
                PartKind::Other,
            ];
            let parts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
                .iter()
                .zip(kinds)
                .filter_map(|(tag, kind)| {
                    Some(NamePart {
                        kind,
                        value: xml::child_text(node, tag)?.to_string(),
                    })
                })
                .collect();
            Name::from_parts(parts, NameKind::Primary)
        } else {
            xml::child_text(node, "FIRST_NAME").and_then(|n| Name::new(n, NameKind::Primary))
        };
        match primary {
            Some(name) => add_name(&mut entity, name),
            None => {
                self.diags.skip(
                    &record,
                    Some("FIRST_NAME"),
                    "no name; the record is skipped",
                );
                return None;
            }
        };
        for child in node.children().filter(|n| n.is_element()) {
            self.field(&mut entity, child, &record);
        }
        Some(entity)
    }

    fn field(&mut self, e: &mut Entity, node: Node<'_, '_>, record: &str) {
        let tag = node.tag_name().name();
        match tag {
            "NAME_ORIGINAL_SCRIPT" => {
                if let Some(text) = xml::text(node) {
                    self.original_script(e, text, record);
                }
            }
            "UN_LIST_TYPE" => {
                if let Some(t) = xml::text(node) {
                    Entity::push_text(&mut e.programs, t);
                }
            }
            "LISTED_ON" => {
                if let Some(d) =
                    official::date(xml::text(node).unwrap_or(""), self.diags, record, tag)
                {
                    e.listed_on = Some(d);
                }
            }
            "COMMENTS1" => {
                if let Some(t) = xml::text(node) {
                    Entity::push_text(&mut e.remarks, t);
                }
            }
            "TITLE" | "DESIGNATION" => {
                for v in xml::children(node, "VALUE").filter_map(xml::text) {
                    Entity::push_text(&mut e.positions, v);
                }
            }
            "NATIONALITY" => {
                for v in xml::children(node, "VALUE").filter_map(xml::text) {
                    push_country(&mut e.nationalities, v, self.diags, record, tag);
                }
            }
            "GENDER" => {
                if let Some(g) = xml::text(node) {
                    e.gender = Gender::parse(g);
                    if e.gender.is_none() {
                        self.diags.warn(
                            record,
                            Some(tag),
                            format!("unknown gender {g:?}, left out"),
                        );
                    }
                }
            }
            "INDIVIDUAL_ALIAS" | "ENTITY_ALIAS" => self.alias(e, node, record),
            "INDIVIDUAL_ADDRESS" | "ENTITY_ADDRESS" => self.address(e, node, record),
            "INDIVIDUAL_DATE_OF_BIRTH" => self.birth_date(e, node, record),
            "INDIVIDUAL_PLACE_OF_BIRTH" => self.place(e, node, record, "CITY", "COUNTRY"),
            "INDIVIDUAL_DOCUMENT" => self.document(e, node, record),
            _ => {}
        }
    }

    /// `NAME_ORIGINAL_SCRIPT`, possibly several names.
    fn original_script(&mut self, e: &mut Entity, text: &str, record: &str) {
        if text.contains('\u{FFFD}') {
            self.diags.warn(
                record,
                Some("NAME_ORIGINAL_SCRIPT"),
                format!(
                    "{text:?} has characters lost to a wrong encoding in the list; kept as given"
                ),
            );
        }
        for part in text.split([',', '،', ';']) {
            let Some(name) = script_name(part, NameKind::Alias) else {
                continue;
            };
            let repeats = e
                .names
                .iter()
                .any(|n| n.full.to_lowercase() == name.full.to_lowercase());
            if !repeats {
                add_name(e, name);
            }
        }
    }

    fn alias(&mut self, e: &mut Entity, node: Node<'_, '_>, record: &str) {
        let Some(text) = xml::child_text(node, "ALIAS_NAME") else {
            // The UN writes an empty INDIVIDUAL_ALIAS for "no alias".
            return;
        };
        let quality = xml::child_text(node, "QUALITY").unwrap_or("");
        let kind = match quality.to_ascii_lowercase().as_str() {
            "good" | "a.k.a." | "a.k.a" | "" => NameKind::Alias,
            "low" => NameKind::WeakAlias,
            "f.k.a." | "f.k.a" => NameKind::Former,
            _ => {
                self.diags.warn(
                    record,
                    Some("QUALITY"),
                    format!("unknown alias quality {quality:?}; read as a.k.a."),
                );
                NameKind::Alias
            }
        };
        let mut any_non_latin = false;
        for piece in split_alias(text) {
            if let Some(mut name) = Name::new(&piece, kind) {
                any_non_latin |= !name.script.is_latin();
                name.kind = kind_for_script(kind, name.script);
                add_name(e, name);
            }
        }
        if let Some(note) = xml::child_text(node, "NOTE") {
            for n in note_original_script(note) {
                if let Some(name) = script_name(&n, kind) {
                    add_name(e, name);
                }
            }
            if any_non_latin {
                for n in note_latin_spellings(note) {
                    if let Some(name) = Name::new(&n, kind) {
                        add_name(e, name);
                    }
                }
            }
        }
        if let Some(d) = xml::child_text(node, "DATE_OF_BIRTH")
            && let Some(d) = official::date(d, self.diags, record, "DATE_OF_BIRTH")
        {
            e.add_birth_date(d);
        }
        if node.children().any(|c| {
            c.is_element() && matches!(c.tag_name().name(), "CITY_OF_BIRTH" | "COUNTRY_OF_BIRTH")
        }) {
            self.place(e, node, record, "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH");
        }
    }

    fn address(&mut self, e: &mut Entity, node: Node<'_, '_>, record: &str) {
        let get = |t: &str| xml::child_text(node, t).map(collapse_whitespace);
        let mut address = Address {
            street: get("STREET"),
            city: get("CITY"),
            region: get("STATE_PROVINCE"),
            postal_code: get("ZIP_CODE"),
            country: None,
            note: get("NOTE"),
        };
        if let Some(c) = xml::child_text(node, "COUNTRY") {
            address.country = official::country(c, self.diags, record, "COUNTRY");
            if let Some(c) = address.country {
                Entity::push_country(&mut e.countries, c);
            }
        }
        push_address(e, address);
    }

    fn birth_date(&mut self, e: &mut Entity, node: Node<'_, '_>, record: &str) {
        let field = "INDIVIDUAL_DATE_OF_BIRTH";
        let get = |t| xml::child_text(node, t);
        let kind = get("TYPE_OF_DATE").unwrap_or("").to_ascii_uppercase();
        let note = get("NOTE");
        let year = |t| {
            get(t)
                .and_then(|y| y.parse::<u16>().ok())
                .filter(|y| (1..=9999).contains(y))
        };
        let date = if let Some(d) = get("DATE") {
            official::date(d, self.diags, record, "DATE")
        } else if let Some(y) = get("YEAR") {
            match year("YEAR") {
                // "EXACT" year 1958 with the note "Sep." is September 1958.
                Some(y) => Some(
                    note.and_then(|n| FuzzyDate::parse(&format!("{n} {y}")))
                        .filter(|d| d.years() == (y, y))
                        .unwrap_or(FuzzyDate::on(PartialDate::year(y))),
                ),
                None => {
                    self.diags.warn(
                        record,
                        Some("YEAR"),
                        format!("invalid year {y:?}, left out"),
                    );
                    None
                }
            }
        } else if get("FROM_YEAR").is_some() || get("TO_YEAR").is_some() {
            match (year("FROM_YEAR"), year("TO_YEAR")) {
                (Some(a), Some(b)) => Some(FuzzyDate::between(
                    PartialDate::year(a),
                    PartialDate::year(b),
                )),
                _ => {
                    self.diags.warn(
                        record,
                        Some(field),
                        format!(
                            "invalid year range {:?} to {:?}, left out",
                            get("FROM_YEAR").unwrap_or(""),
                            get("TO_YEAR").unwrap_or("")
                        ),
                    );
                    None
                }
            }
        } else if let Some(n) = note {
            if n.to_ascii_lowercase().contains("hijri") {
                self.diags.warn(
                    record,
                    Some("NOTE"),
                    format!("date of birth {n:?} is in the Hijri calendar, left out"),
                );
                None
            } else {
                let d = FuzzyDate::parse(n);
                if d.is_none() {
                    self.diags.warn(
                        record,
                        Some("NOTE"),
                        format!("date of birth {n:?} is not a date, left out"),
                    );
                }
                d
            }
        } else {
            // An empty INDIVIDUAL_DATE_OF_BIRTH means "not known".
            None
        };
        let Some(mut date) = date else { return };
        match kind.as_str() {
            "APPROXIMATELY" => date = date.approx(),
            "EXACT" | "BETWEEN" | "" => {}
            other => self.diags.warn(
                record,
                Some("TYPE_OF_DATE"),
                format!("unknown TYPE_OF_DATE {other:?}; read as exact"),
            ),
        }
        if note.is_some_and(|n| n.eq_ignore_ascii_case("approximately")) {
            date = date.approx();
        }
        e.add_birth_date(date);
    }

    /// A place of birth: the text of its parts, and its country.
    fn place(
        &mut self,
        e: &mut Entity,
        node: Node<'_, '_>,
        record: &str,
        city: &str,
        country: &str,
    ) {
        let parts: Vec<String> = ["STREET", city, "STATE_PROVINCE", country]
            .iter()
            .filter_map(|t| xml::child_text(node, t))
            .map(collapse_whitespace)
            .collect();
        if !parts.is_empty() {
            Entity::push_text(&mut e.birth_places, &parts.join(", "));
        }
        if let Some(c) = xml::child_text(node, country) {
            push_country(&mut e.countries, c, self.diags, record, country);
        }
    }

    fn document(&mut self, e: &mut Entity, node: Node<'_, '_>, record: &str) {
        let get = |t: &str| xml::child_text(node, t).map(collapse_whitespace);
        let (Some(general), specific) = (get("TYPE_OF_DOCUMENT"), get("TYPE_OF_DOCUMENT2")) else {
            if node.children().any(|c| c.is_element()) {
                self.diags.warn(
                    record,
                    Some("TYPE_OF_DOCUMENT"),
                    "document without a type, left out",
                );
            }
            return;
        };
        let label = specific.clone().unwrap_or_else(|| general.clone());
        let mut label = label.trim_end_matches([':', ' ']).to_string();
        let note_text = get("NOTE");
        // A NUMBER with words around the number ("French passport number
        // 05AT521433") gives the number, and its words refine the kind and
        // the country.
        let (mut number, number_text) = match get("NUMBER").filter(|n| !clean_value(n).is_empty()) {
            Some(n) => {
                let (n, text) = official::number_field(&n);
                (Some(n), text)
            }
            None => (None, None),
        };
        // Some documents give the number only at the end of their label
        // ("... (tazkira) number 57388") or in their note.
        if number.is_none()
            && let Some((l, n)) = official::trailing_number(&label)
        {
            number = Some(n.to_string());
            label = l.to_string();
        }
        let from_note = || note_text.as_deref().and_then(official::number_in_text);
        let Some(number) = number.or_else(from_note) else {
            self.diags.warn(
                record,
                Some("NUMBER"),
                format!("{label:?} document without a number, left out"),
            );
            return;
        };
        let kind = match &specific {
            Some(_) => official::id_kind(&label),
            None => official::id_kind(&general),
        };
        // Words next to the number ("SSN ...", "Italian Fiscal Code: ...")
        // are more specific than the general type.
        let context = number_text
            .as_deref()
            .or(note_text.as_deref().filter(|_| get("NUMBER").is_none()));
        let kind = context
            .and_then(official::id_kind)
            .or(kind)
            .unwrap_or(IdKind::Other);
        let mut id = Identifier::new(kind, &number);
        id.label = Some(label);
        let issuing = get("ISSUING_COUNTRY").or_else(|| get("COUNTRY_OF_ISSUE"));
        if let Some(c) = issuing {
            id.country = official::country(&c, self.diags, record, "ISSUING_COUNTRY");
        }
        if id.country.is_none() {
            id.country = context
                .or(note_text.as_deref())
                .and_then(official::leading_country);
        }
        let mut note = Vec::new();
        if let Some(t) = &number_text {
            note.push(t.clone());
        }
        if let Some(d) = get("DATE_OF_ISSUE") {
            note.push(format!("issued {d}"));
        }
        if let Some(c) = get("CITY_OF_ISSUE") {
            note.push(format!("in {c}"));
        }
        if let Some(n) = note_text {
            note.push(n);
        }
        if !note.is_empty() {
            id.note = Some(note.join("; "));
        }
        push_identifier(e, id);
    }
}

/// The names in a UN alias. A one-script alias is one name, as written. An
/// alias mixing scripts holds a name and its transliterations in brackets
/// or after a semicolon, so it is split there and, inside a piece, where
/// the script of the words changes; labels ("original script:", "- sub-unit
/// name") are dropped.
fn split_alias(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches([',', ';']).trim();
    if !mixes_scripts(text) {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    for segment in text.split(['(', ')', ';']) {
        let mut s = segment.trim();
        if find_ascii_ci(s, "original script") == Some(0) {
            s = s["original script".len()..].trim_start_matches([':', ' ']);
        }
        if let Some(at) = find_ascii_ci(s, "- sub-unit name") {
            s = &s[..at];
        }
        for run in script_runs(s) {
            let run = run.trim_matches(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'');
            if run.chars().any(char::is_alphabetic) && !out.iter().any(|o: &String| o == run) {
                out.push(run.to_string());
            }
        }
    }
    out
}

/// Whether a text has both Latin and non-Latin letters.
fn mixes_scripts(text: &str) -> bool {
    let mut latin = false;
    let mut other = false;
    for s in text.chars().filter_map(Script::of_char) {
        if s.is_latin() {
            latin = true;
        } else {
            other = true;
        }
    }
    latin && other
}

/// A text cut where the script of its words changes between Latin and not
/// Latin; words without letters stay with the run they are in.
fn script_runs(text: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    let mut pos = 0;
    for word in text.split(' ') {
        let script = Script::detect(word);
        if script != Script::None {
            let latin = script.is_latin();
            if current.is_some_and(|c| c != latin) {
                runs.push(&text[start..pos]);
                start = pos;
            }
            current = Some(latin);
        }
        pos += word.len() + 1;
    }
    runs.push(&text[start..]);
    runs
}

/// Names an alias note gives in their original script: "original script:
/// Абу Банат", "In Arabic: سيف العدل".
fn note_original_script(note: &str) -> Vec<String> {
    let note = collapse_whitespace(note);
    let note = note.as_str();
    let mut out = Vec::new();
    for marker in ["original script:", "in arabic:"] {
        if let Some(at) = find_ascii_ci(note, marker) {
            let rest = &note[at + marker.len()..];
            let end = rest.find([';', ')', '\n']).unwrap_or(rest.len());
            let name = rest[..end].trim();
            if !name.is_empty() && !Script::detect(name).is_latin() {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The Latin spellings a note lists for a non-Latin alias: the whole note,
/// or its leading bracket, must be a semicolon-separated list of short
/// Latin names ("Yunis al-Mauritani; Younis al-Mauritani"), else nothing.
fn note_latin_spellings(note: &str) -> Vec<String> {
    let list = match note.strip_prefix('(') {
        Some(rest) => match rest.find(')') {
            Some(end) => &rest[..end],
            None => return Vec::new(),
        },
        None => note,
    };
    let names: Vec<String> = list.split(';').map(collapse_whitespace).collect();
    let ok = names.iter().all(|n| {
        let words = n.split(' ').count();
        (1..=6).contains(&words)
            && Script::detect(n).is_latin()
            && !n.chars().any(|c| c.is_ascii_digit() || c == ':')
    });
    if ok { names } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. every field of a person and an entity is read into the model, with
    //!    name parts, kinds, scripts and date precision;
    //! 2. aliases mixing scripts are split into their names, and notes give
    //!    original-script names and Latin spellings;
    //! 3. records without reference or name are skipped, bad values are
    //!    warnings naming record and field;
    //! 4. a truncated file, an empty file and a wrong root are errors.
    //! 5. any cut of the fixture gives a list or an error, never a panic.
    use super::*;
    use crate::ErrorKind;
    use crate::pin::names;

    const FIXTURE: &str = include_str!("../../tests/fixtures/un/consolidated-small.xml");

    fn parse_str(s: &str) -> Result<List, Error> {
        parse(&Input::new("un.xml", s.as_bytes()))
    }

    #[test]
    fn reads_a_person() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.source, "un");
        assert_eq!(list.published.unwrap().to_string(), "2026-01-15");
        let e = &list.entities[0];
        assert_eq!(e.id, "un:QDi.901");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin: AHMAD KARIM AL-TESTI",
                "original_script/arabic: أحمد كريم التستي",
                "alias/latin: Ahmad al-Testi",
                "weak_alias/latin: Abu Test",
                "former/latin: Ahmed Karim",
                "alias/latin: Karim Testi",
                "original_script/arabic: كريم التستي",
                "weak_alias/arabic: أبو تست",
                "weak_alias/latin: Abu Testa",
                "weak_alias/latin: Abou Test",
                "original_script/cyrillic: Ахмад Тести",
            ]
        );
        let parts: Vec<String> = e.names[0]
            .parts
            .iter()
            .map(|p| format!("{:?}={}", p.kind, p.value))
            .collect();
        assert_eq!(parts, ["Given=AHMAD", "Other=KARIM", "Other=AL-TESTI"]);
        let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            dobs,
            [
                "1960-02-02",
                "1961-04-09",
                "circa 1962",
                "1960..1963",
                "1958-09"
            ]
        );
        assert_eq!(
            e.birth_places,
            ["Kabul, Afghanistan", "Testabad, Test Province, Afghanistan"]
        );
        assert_eq!(
            e.nationalities
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["AF", "PK"]
        );
        assert_eq!(
            e.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["AF", "PK"]
        );
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.programs, ["Al-Qaida"]);
        assert_eq!(e.positions, ["Maulavi", "Deputy Minister of Testing"]);
        assert_eq!(e.listed_on.unwrap().to_string(), "2001-01-25");
        assert_eq!(e.remarks, ["Believed to be in the test area."]);
        assert_eq!(e.identifiers.len(), 3);
        let p = &e.identifiers[0];
        assert_eq!((p.kind, p.value.as_str()), (IdKind::Passport, "OR 123456"));
        assert_eq!(p.country.unwrap().as_str(), "AF");
        assert_eq!(p.label.as_deref(), Some("Passport"));
        assert_eq!(
            p.note.as_deref(),
            Some("issued 2003-02-04; in Quetta; expired")
        );
        let n = &e.identifiers[1];
        assert_eq!(n.kind, IdKind::NationalId);
        assert_eq!(
            n.label.as_deref(),
            Some("Afghan national identification card (tazkira) number")
        );
        // The number given only in the note, with the kind the note names.
        let t = &e.identifiers[2];
        assert_eq!(
            (t.kind, t.value.as_str()),
            (IdKind::TaxId, "TSTMMD74T11Z352Z")
        );
        assert_eq!(t.country.unwrap().as_str(), "IT");
        assert_eq!(e.addresses.len(), 1);
        assert_eq!(e.addresses[0].city.as_deref(), Some("Quetta"));
        assert_eq!(e.addresses[0].note.as_deref(), Some("as of 2010"));
    }

    #[test]
    fn reads_an_entity() {
        let list = parse_str(FIXTURE).unwrap();
        let e = list.entities.iter().find(|e| e.id == "un:QDe.901").unwrap();
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(
            names(e),
            [
                "primary/latin: TEST FRONT FOR THE LEVANT",
                "original_script/arabic: جبهة الاختبار",
                "alias/latin: Jabhat al-Ikhtibar",
                "alias/latin: Test Front",
                "former/latin: Old Test Front",
                "alias/latin: Test Assembly",
                "alias/latin: TAS",
                "original_script/arabic: هيئة الاختبار",
            ]
        );
        assert!(e.names[0].parts.is_empty());
        assert_eq!(e.addresses[0].street.as_deref(), Some("1 Test Street"));
        assert_eq!(e.addresses[0].postal_code.as_deref(), Some("12345"));
        assert_eq!(
            e.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["SY"]
        );
    }

    #[test]
    fn bad_records_and_values_are_diagnostics() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.entities.len(), 3);
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            [
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.901 (line 5): NUMBER: \"Other ID\" document without a number, left out",
                "error: un.xml: INDIVIDUAL DATAID=900003 (line 118): REFERENCE_NUMBER: no REFERENCE_NUMBER; the record is skipped",
                "error: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.903 (line 123): FIRST_NAME: no name; the record is skipped",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): LISTED_ON: invalid date \"2001-02-30\", left out",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): NAME_ORIGINAL_SCRIPT: \"محمد الل\u{FFFD}\u{FFFD} مطيع\" has characters lost to a wrong encoding in the list; kept as given",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): NATIONALITY: unknown country \"Atlantis\", left out",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): QUALITY: unknown alias quality \"Medium\"; read as a.k.a.",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): NOTE: date of birth \"24/06/1402 (Hijri Calendar)\" is in the Hijri calendar, left out",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): NOTE: date of birth \"30-35 years old\" is not a date, left out",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): YEAR: invalid year \"19xx\", left out",
                "warning: un.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.904 (line 129): GENDER: unknown gender \"Unknown\", left out",
            ]
        );
        let e = list.entities.iter().find(|e| e.id == "un:QDi.904").unwrap();
        assert_eq!(e.names[1].full, "محمد الل\u{FFFD}\u{FFFD} مطيع");
        // The month-only note date is kept with its precision.
        assert_eq!(
            e.birth_dates
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>(),
            ["1973-11"]
        );
    }

    #[test]
    fn alias_splitting() {
        assert_eq!(
            split_alias("Lom-ali Butayev (Butaev)"),
            ["Lom-ali Butayev (Butaev)"]
        );
        assert_eq!(
            split_alias("Haji Gulab Gul (حاجی گلاب گل ولد حاجی حضرت گل )"),
            ["Haji Gulab Gul", "حاجی گلاب گل ولد حاجی حضرت گل"]
        );
        assert_eq!(
            split_alias("Agha Jan Alizai اغا جان عالیزی"),
            ["Agha Jan Alizai", "اغا جان عالیزی"]
        );
        assert_eq!(
            split_alias("Amir Khazmat (original script: Амир Хазмат)"),
            ["Amir Khazmat", "Амир Хазмат"]
        );
        assert_eq!(
            split_alias("شبكة أنصار المجاهدين (Ansar al-Mujahideen Network - sub-unit name)"),
            ["شبكة أنصار المجاهدين", "Ansar al-Mujahideen Network"]
        );
        assert_eq!(
            split_alias("Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),"),
            ["Akhter Mohmad son of Noor Mohmad", "اختر محمد ولد نور محمد"]
        );
        assert_eq!(
            note_latin_spellings("(Abu Du’a; Abu Duaa’) prominently known by this nom de guerre"),
            ["Abu Du’a", "Abu Duaa’"]
        );
        assert!(note_latin_spellings("born in 1976").is_empty());
        assert_eq!(
            note_original_script("Previously listed as. In Arabic: رياض الحجازي"),
            ["رياض الحجازي"]
        );
    }

    #[test]
    fn broken_files_are_errors() {
        let cut = &FIXTURE[..FIXTURE.len() / 2];
        assert_eq!(parse_str(cut).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(parse_str("").unwrap_err().kind(), ErrorKind::Empty);
        let err = parse_str("<sdnList></sdnList>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "un.xml: the root element is <sdnList>, not <CONSOLIDATED_LIST> as in the UN list"
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
