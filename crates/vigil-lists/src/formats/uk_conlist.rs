//! OFSI's Consolidated List of Financial Sanctions Targets as CSV
//! (`ConList.csv`): a first line `Last Updated,DD/MM/YYYY` (optional), then
//! a 36-column header, then one row per name.
//!
//! Rows group by `Group ID` into one entity, `uk:<Group ID>`, the id space
//! the FCDO's UK Sanctions List shares through its `OFSIGroupID`. Columns are
//! matched by name; `Name 6`, `Group ID` and `Group Type` are required.
//! Choices the format leaves open:
//!
//! - **Names.** Name 1 is the given name, Names 2 to 5 middle names, Name 6
//!   the family name (an entity's or ship's whole name). `Primary name` →
//!   `Primary`; `Primary name variation` and `AKA` → `Alias` (`WeakAlias`
//!   with `Alias Quality` "Low quality"); `FKA` → `Former`. A group listed
//!   under several regimes may have several different primary names: the
//!   first is the primary, the others aliases. A group with no `Primary
//!   name` row gets its first name as primary, with a warning.
//!   `Name Non-Latin Script` is `OriginalScript` (an alias when it is in fact
//!   Latin, "José ..."), with its language.
//! - **Group facts repeat on every row**; each distinct value is read once
//!   per group, so that a bad value is reported once. Numbered cells ("(1)
//!   Germany. (2) Morocco") are split; passports and national numbers pair
//!   with their details by number, towns with countries of birth likewise.
//! - **Other Information** is kept whole as a remark, and its labelled parts
//!   are read: `(Gender)`, `(IMO number)`, `(Flag of ship)`, `(Previous
//!   flags)`, `(Type of ship)`, `(Year built)`, `(Business Reg No)`, and the
//!   cross-references `(UN Ref)` and `(UK Sanctions List Ref)`, kept as
//!   `Other` identifiers.
//! - The earliest `Listed On` of a group is its listing date.
//! - Not in the model, so not read: `Last Updated` and `UK Sanctions List
//!   Date Designated` of a row, `Non-Latin Script Type` (the script is
//!   detected from the text).

use crate::error::{Diagnostics, Error};
use crate::formats::common::{self, push_identifier};
use crate::formats::official::{
    self, add_name, ensure_primary, push_country, push_imo, push_reference, set_listed_on,
    split_numbered, uk_name, uk_name_kind, uk_schema,
};
use crate::lines::Lines;
use crate::{Format, Input, List};
use std::collections::HashMap;
use vigil_core::{Entity, Gender, NameKind, Schema};

/// The columns read, by header name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Title,
    NonLatin,
    NonLatinLanguage,
    Dob,
    TownOfBirth,
    CountryOfBirth,
    Nationality,
    PassportNumber,
    PassportDetails,
    NationalId,
    NationalIdDetails,
    Position,
    PostCode,
    Country,
    OtherInformation,
    GroupType,
    AliasType,
    AliasQuality,
    Regime,
    ListedOn,
    GroupId,
}

const COLUMNS: [(Col, &str); 21] = [
    (Col::Title, "Title"),
    (Col::NonLatin, "Name Non-Latin Script"),
    (Col::NonLatinLanguage, "Non-Latin Script Language"),
    (Col::Dob, "DOB"),
    (Col::TownOfBirth, "Town of Birth"),
    (Col::CountryOfBirth, "Country of Birth"),
    (Col::Nationality, "Nationality"),
    (Col::PassportNumber, "Passport Number"),
    (Col::PassportDetails, "Passport Details"),
    (Col::NationalId, "National Identification Number"),
    (Col::NationalIdDetails, "National Identification Details"),
    (Col::Position, "Position"),
    (Col::PostCode, "Post/Zip Code"),
    (Col::Country, "Country"),
    (Col::OtherInformation, "Other Information"),
    (Col::GroupType, "Group Type"),
    (Col::AliasType, "Alias Type"),
    (Col::AliasQuality, "Alias Quality"),
    (Col::Regime, "Regime"),
    (Col::ListedOn, "Listed On"),
    (Col::GroupId, "Group ID"),
];

/// Column positions in the file's header.
struct Header {
    cols: [Option<usize>; COLUMNS.len()],
    names: [Option<usize>; 6],
    address: [Option<usize>; 6],
}

impl Header {
    fn new(row: &csv::StringRecord) -> Header {
        let find = |name: &str| row.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        Header {
            cols: COLUMNS.map(|(_, name)| find(name)),
            names: std::array::from_fn(|i| find(&format!("Name {}", i + 1))),
            address: std::array::from_fn(|i| find(&format!("Address {}", i + 1))),
        }
    }

    fn has(&self, col: Col) -> bool {
        self.cols[col as usize].is_some()
    }
}

/// One data row, read through the header.
struct Row<'r> {
    header: &'r Header,
    record: &'r csv::StringRecord,
}

impl<'r> Row<'r> {
    fn get(&self, col: Col) -> &'r str {
        self.at(self.header.cols[col as usize])
    }

    fn at(&self, index: Option<usize>) -> &'r str {
        index.and_then(|i| self.record.get(i)).map_or("", str::trim)
    }
}

/// One group being built: the entity, where it starts, and the cell values
/// already read for it.
struct Group {
    entity: Entity,
    first_line: usize,
    /// The distinct values read for each column (or set of columns read
    /// together, joined by U+0001), the latest last. A group has about one
    /// per column, so a scan beats hashing, and rows that repeat the
    /// previous row's value (most of them) match at the first comparison.
    seen: Vec<(Col, String)>,
}

/// Whether `joined` is `values` joined by U+0001, without joining them.
fn is_joined(joined: &str, values: &[&str]) -> bool {
    let mut rest = joined;
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            match rest.strip_prefix('\u{1}') {
                Some(r) => rest = r,
                None => return false,
            }
        }
        match rest.strip_prefix(v) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Parses an OFSI ConList CSV file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let text = input.text()?;
    let source = common::source(input, Format::UkConListCsv);
    let mut list = List::new(&source, Format::UkConListCsv, input.path);
    let mut diags = Diagnostics::new(input.path);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let unreadable =
        |e: csv::Error| Error::malformed(input.path, format!("cannot read the header: {e}"));
    let mut first = csv::StringRecord::new();
    if !reader.read_record(&mut first).map_err(unreadable)? {
        return Err(Error::malformed(input.path, "the file has no header row"));
    }
    if first
        .get(0)
        .is_some_and(|f| f.trim().eq_ignore_ascii_case("Last Updated"))
    {
        let value = first.get(1).unwrap_or("").trim();
        list.published =
            official::date(value, &mut diags, "line 1", "Last Updated").map(|d| d.from);
        if !reader.read_record(&mut first).map_err(unreadable)? {
            return Err(Error::malformed(
                input.path,
                "the file ends after its \"Last Updated\" line, before the header",
            ));
        }
    }
    let header = Header::new(&first);
    if header.names[5].is_none() || !header.has(Col::GroupId) || !header.has(Col::GroupType) {
        return Err(Error::malformed(
            input.path,
            "the header must have the columns `Name 6`, `Group ID` and `Group Type`",
        ));
    }
    let lines = Lines::new(text);
    let mut groups: Vec<Group> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // One record buffer for all rows: the file has tens of thousands.
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = lines.csv_record(e.position());
                diags.skip(
                    &format!("line {line}"),
                    None,
                    format!("unreadable CSV row: {e}"),
                );
                continue;
            }
        }
        let line = lines.csv_record(record.position());
        let at = format!("line {line}");
        let row = Row {
            header: &header,
            record: &record,
        };
        let id = row.get(Col::GroupId);
        if id.is_empty() {
            diags.skip(&at, Some("Group ID"), "no Group ID; the row is skipped");
            continue;
        }
        let index = match by_id.get(id) {
            Some(&i) => i,
            None => {
                let group_type = row.get(Col::GroupType);
                let schema = uk_schema(group_type).unwrap_or_else(|| {
                    diags.warn(
                        &at,
                        Some("Group Type"),
                        format!("unknown Group Type {group_type:?}; read as organization"),
                    );
                    Schema::Organization
                });
                groups.push(Group {
                    entity: Entity::new(&source, id, schema),
                    first_line: line,
                    seen: Vec::new(),
                });
                by_id.insert(id.to_string(), groups.len() - 1);
                groups.len() - 1
            }
        };
        read_row(&mut groups[index], &row, &mut diags, &at);
    }
    for group in groups {
        let mut e = group.entity;
        let at = format!(
            "Group ID {} (line {})",
            &e.id[source.len() + 1..],
            group.first_line
        );
        if e.names.is_empty() {
            // Each of its rows was reported as skipped.
            continue;
        }
        if ensure_primary(&mut e) {
            diags.warn(
                &at,
                Some("Alias Type"),
                format!(
                    "no row is the Primary name; {:?} is used as the primary name",
                    e.caption()
                ),
            );
        }
        list.entities.push(e);
    }
    list.diagnostics = diags.items;
    Ok(list)
}

/// Adds one row's name and, once per group, each of its other values.
fn read_row(group: &mut Group, row: &Row<'_>, diags: &mut Diagnostics, at: &str) {
    let e = &mut group.entity;
    let alias_type = row.get(Col::AliasType);
    let kind = uk_name_kind(alias_type, row.get(Col::AliasQuality)).unwrap_or_else(|| {
        diags.warn(
            at,
            Some("Alias Type"),
            format!("unknown Alias Type {alias_type:?}; read as AKA"),
        );
        NameKind::Alias
    });
    let parts: [&str; 6] = std::array::from_fn(|i| row.at(row.header.names[i]));
    let name = uk_name(parts, kind, e.schema);
    let non_latin = row.get(Col::NonLatin);
    if name.is_none() && non_latin.is_empty() {
        diags.skip(
            at,
            Some("Name 6"),
            "no name in Name 1 to Name 6; the row is skipped",
        );
        return;
    }
    if let Some(name) = name {
        add_name(e, name);
    }
    // Whether these values of a column (or of columns read together) are
    // new for the group.
    let mut once = |col: Col, values: &[&str]| -> bool {
        let seen = &mut group.seen;
        let known = || {
            seen.iter()
                .rev()
                .any(|(c, s)| *c == col && is_joined(s, values))
        };
        if values.iter().all(|v| v.is_empty()) || known() {
            return false;
        }
        seen.push((col, values.join("\u{1}")));
        true
    };
    if once(Col::NonLatin, &[non_latin]) {
        official::uk_non_latin_name(
            &mut group.entity,
            non_latin,
            row.get(Col::NonLatinLanguage),
            diags,
            at,
            "Non-Latin Script Language",
        );
    }
    let e = &mut group.entity;
    let title = row.get(Col::Title);
    if once(Col::Title, &[title]) {
        for t in split_numbered(title) {
            Entity::push_text(&mut e.positions, t);
        }
    }
    let position = row.get(Col::Position);
    if once(Col::Position, &[position]) {
        for p in split_numbered(position) {
            Entity::push_text(&mut e.positions, p);
        }
    }
    let dob = row.get(Col::Dob);
    if once(Col::Dob, &[dob]) {
        for d in split_numbered(dob) {
            if let Some(d) = official::date(d, diags, at, "DOB") {
                e.add_birth_date(d);
            }
        }
    }
    let (town, country) = (row.get(Col::TownOfBirth), row.get(Col::CountryOfBirth));
    if once(Col::TownOfBirth, &[town, country]) {
        let (towns, countries) = (official::numbered(town), official::numbered(country));
        for i in 0..towns.len().max(countries.len()) {
            let t = towns.get(i).copied().unwrap_or("");
            // One country for several towns is the country of each.
            let c = countries
                .get(i)
                .or(countries.first().filter(|_| countries.len() == 1))
                .copied()
                .unwrap_or("");
            official::uk_birth_place(e, t, c, diags, at, "Country of Birth");
        }
    }
    let nationality = row.get(Col::Nationality);
    if once(Col::Nationality, &[nationality]) {
        for n in split_numbered(nationality) {
            push_country(&mut e.nationalities, n, diags, at, "Nationality");
        }
    }
    let (number, details) = (row.get(Col::PassportNumber), row.get(Col::PassportDetails));
    if once(Col::PassportNumber, &[number, details]) {
        for (n, d) in paired(number, details) {
            official::uk_passport(e, n, d);
        }
    }
    let (number, details) = (row.get(Col::NationalId), row.get(Col::NationalIdDetails));
    if once(Col::NationalId, &[number, details]) {
        for (n, d) in paired(number, details) {
            official::uk_national_id(e, n, d);
        }
    }
    let lines: [&str; 6] = std::array::from_fn(|i| row.at(row.header.address[i]));
    let (postcode, country) = (row.get(Col::PostCode), row.get(Col::Country));
    let address = [
        lines[0], lines[1], lines[2], lines[3], lines[4], lines[5], postcode, country,
    ];
    if once(Col::Country, &address) {
        official::uk_address(e, lines, postcode, country, diags, at, "Country");
    }
    let other = row.get(Col::OtherInformation);
    if once(Col::OtherInformation, &[other]) {
        other_information(e, other, diags, at);
    }
    let regime = row.get(Col::Regime);
    if once(Col::Regime, &[regime]) {
        Entity::push_text(&mut e.programs, regime);
    }
    let listed = row.get(Col::ListedOn);
    if once(Col::ListedOn, &[listed])
        && let Some(d) = official::date(listed, diags, at, "Listed On")
    {
        set_listed_on(e, d);
    }
}

/// The numbers of a numbered cell with the details of the same number; one
/// detail for several numbers applies to each.
fn paired<'a>(numbers: &'a str, details: &'a str) -> Vec<(&'a str, Option<&'a str>)> {
    let numbers = split_numbered(numbers);
    let details = split_numbered(details);
    numbers
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let d = details
                .get(i)
                .or(details.first().filter(|_| details.len() == 1));
            (*n, d.copied())
        })
        .collect()
}

/// The `(Label):value` parts of Other Information, in order.
fn labelled_parts(text: &str) -> Vec<(&str, &str)> {
    let mut markers = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("):") {
        let close = from + at;
        if let Some(open) = text[..close].rfind('(') {
            let label = &text[open + 1..close];
            let plausible = label.len() <= 40
                && label.starts_with(|c: char| c.is_ascii_alphabetic())
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '/'));
            if plausible {
                markers.push((open, close + 2, label));
            }
        }
        from = close + 2;
    }
    markers
        .iter()
        .enumerate()
        .map(|(i, &(_, value_start, label))| {
            let end = markers.get(i + 1).map_or(text.len(), |m| m.0);
            (label, text[value_start..end].trim())
        })
        .collect()
}

fn other_information(e: &mut Entity, text: &str, diags: &mut Diagnostics, at: &str) {
    Entity::push_text(&mut e.remarks, text);
    let field = "Other Information";
    for (label, value) in labelled_parts(text) {
        let value = official::clean_value(value);
        if value.is_empty() {
            continue;
        }
        match label.to_ascii_lowercase().as_str() {
            "gender" => match Gender::parse(value) {
                Some(g) => e.gender = Some(g),
                None => diags.warn(
                    at,
                    Some(field),
                    format!("unknown gender {value:?}, left out"),
                ),
            },
            "imo number" => push_imo(e, value),
            "flag of ship" | "previous flags" => {
                for f in split_numbered(value)
                    .into_iter()
                    .flat_map(|v| v.split([',', ';']))
                {
                    push_country(&mut e.countries, f, diags, at, field);
                }
            }
            "type of ship" => Entity::push_text(&mut e.positions, value),
            "year built" => official::push_year_built(e, value, diags, at, field),
            "business reg no" => {
                for id in official::registration_numbers(value) {
                    push_identifier(e, id);
                }
            }
            // "(UK Sanctions List Ref):INU0082 and SYR0310. Listed under ...":
            // the references are the leading words.
            "un ref" => {
                for r in leading_references(value) {
                    push_reference(e, "UN reference number", r);
                }
            }
            "uk sanctions list ref" => {
                for r in leading_references(value) {
                    push_reference(e, "UK Sanctions List reference", r);
                }
            }
            _ => {}
        }
    }
}

/// The references at the start of a text, joined by "and": the words
/// with a digit, up to the first other word.
fn leading_references(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let w = word.trim_end_matches(['.', ',', ';']);
        if w.eq_ignore_ascii_case("and") {
            continue;
        }
        if !w.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        out.push(w);
        if w.len() != word.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. rows group into entities; names, numbered cells, addresses and the
    //!    labelled parts of Other Information are read into the model;
    //! 2. a group without a Primary name row gets one, with a warning;
    //! 3. rows without Group ID or name are skipped, bad values are reported
    //!    once per group with the line;
    //! 4. the "Last Updated" line is optional; a header without the required
    //!    columns and an empty file are errors.
    //! 5. any cut of the fixture gives a list or an error, never a panic.
    use super::*;
    use crate::pin::{ids, names_lang as names};

    const FIXTURE: &str = include_str!("../../tests/fixtures/uk_conlist/ConList-small.csv");

    fn parse_str(s: &str) -> Result<List, Error> {
        parse(&Input::new("ConList.csv", s.as_bytes()))
    }

    #[test]
    fn reads_a_person() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.source, "uk");
        assert_eq!(list.published.unwrap().to_string(), "2025-04-14");
        let e = &list.entities[0];
        assert_eq!(e.id, "uk:90001");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin/-: Ivan Petrovich TESTOV",
                "alias/latin/-: Ivan Petrovitch TESTOFF",
                "original_script/cyrillic/ru: Иван Петрович ТЕСТОВ",
                "weak_alias/latin/-: Vanya",
                "former/latin/-: Ivan SMITH",
            ]
        );
        let parts: Vec<String> = e.names[0]
            .parts
            .iter()
            .map(|p| format!("{:?}={}", p.kind, p.value))
            .collect();
        assert_eq!(parts, ["Given=Ivan", "Middle=Petrovich", "Family=TESTOV"]);
        let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(dobs, ["1968", "1970-03-02"]);
        assert_eq!(e.birth_places, ["Testograd, Russia", "Minsk, Belarus"]);
        assert_eq!(
            e.nationalities
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["RU", "BY"]
        );
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(
            e.positions,
            ["Colonel", "Director", "Deputy Minister (2012-2013)"]
        );
        assert_eq!(
            ids(e),
            [
                "Passport 7100001 RU",
                "Passport 7100002 BY",
                "NationalId 1234567890 -",
                "TaxId 770000000001 -",
                "Other RUS9999 -",
            ]
        );
        assert_eq!(e.programs, ["Russia", "Belarus"]);
        assert_eq!(e.listed_on.unwrap().to_string(), "2022-03-15");
        let a = &e.addresses[0];
        assert_eq!(a.street.as_deref(), Some("1 Test Street, Building 2"));
        assert_eq!(a.city.as_deref(), Some("Moscow"));
        assert_eq!(a.postal_code.as_deref(), Some("101000"));
        assert_eq!(a.country.unwrap().as_str(), "RU");
    }

    #[test]
    fn reads_an_entity_and_a_ship() {
        let list = parse_str(FIXTURE).unwrap();
        let e = list.entities.iter().find(|e| e.id == "uk:90002").unwrap();
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(
            names(e),
            [
                "primary/latin/-: TEST TRADING LLC",
                "original_script/cyrillic/ru: ООО ТЕСТ ТРЕЙДИНГ",
                "alias/latin/-: TEST TRADE",
            ]
        );
        assert!(e.names[0].parts.is_empty());
        assert_eq!(
            ids(e),
            [
                "Other RUS9998 -",
                "Registration 1027700000001 -",
                "TaxId 7700000001 -"
            ]
        );
        let s = list.entities.iter().find(|e| e.id == "uk:90003").unwrap();
        assert_eq!(s.schema, Schema::Vessel);
        assert_eq!(ids(s), ["Other DPR9999 -", "Imo 9000001 -"]);
        assert_eq!(
            s.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["KP", "PA"]
        );
        assert_eq!(s.positions, ["Oil tanker"]);
        assert_eq!(s.birth_dates[0].to_string(), "1990");
    }

    #[test]
    fn bad_rows_and_values_are_diagnostics() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.entities.len(), 4);
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            [
                "error: ConList.csv: line 11: Group ID: no Group ID; the row is skipped",
                "error: ConList.csv: line 12: Name 6: no name in Name 1 to Name 6; the row is skipped",
                "warning: ConList.csv: line 13: Group Type: unknown Group Type \"Spaceship\"; read as organization",
                "warning: ConList.csv: line 13: Alias Type: unknown Alias Type \"Nickname\"; read as AKA",
                "warning: ConList.csv: line 13: Non-Latin Script Language: unknown language \"Klingon\", left out",
                "warning: ConList.csv: line 13: DOB: invalid date \"31/02/1970\", left out",
                "warning: ConList.csv: line 13: Nationality: unknown country \"Atlantis\", left out",
                "warning: ConList.csv: line 13: Listed On: invalid date \"yesterday\", left out",
                "warning: ConList.csv: Group ID 90004 (line 13): Alias Type: no row is the Primary name; \"BROKEN VALUES\" is used as the primary name",
            ]
        );
        let e = list.entities.iter().find(|e| e.id == "uk:90004").unwrap();
        assert_eq!(e.names[0].kind, NameKind::Primary);
    }

    #[test]
    fn header_variants_and_errors() {
        let body =
            "Name 6,Name 1,Group Type,Alias Type,Group ID\nDOE,John,Individual,Primary name,1\n";
        let list = parse_str(body).unwrap();
        assert_eq!(list.published, None);
        assert_eq!(list.entities[0].caption(), "John DOE");
        let err = parse_str("Last Updated,14/04/2025\nName,Id\nx,1\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "ConList.csv: the header must have the columns `Name 6`, `Group ID` and `Group Type`"
        );
        assert_eq!(
            parse_str("").unwrap_err().to_string(),
            "ConList.csv: the file has no header row"
        );
        let err = parse_str("Last Updated,14/04/2025\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "ConList.csv: the file ends after its \"Last Updated\" line, before the header"
        );
    }

    #[test]
    fn crlf_line_numbers() {
        let crlf = FIXTURE.replace('\n', "\r\n");
        let list = parse_str(&crlf).unwrap();
        assert_eq!(list.diagnostics[0].record, "line 11");
        assert_eq!(list.diagnostics[8].record, "Group ID 90004 (line 13)");
    }

    #[test]
    fn references() {
        assert_eq!(
            leading_references("INU0082 and SYR0310. Listed under"),
            ["INU0082", "SYR0310"]
        );
        assert_eq!(leading_references("QDe.168. Khatiba"), ["QDe.168"]);
        assert_eq!(leading_references("RUS2305 Financial"), ["RUS2305"]);
    }

    #[test]
    fn other_information_parts() {
        let parts = labelled_parts(
            "(UK Sanctions List Ref):DPR0100. Listed as asset of X (OFSI ID: 13635, UN Reference Number: UN Ref KPe.064) (IMO number):7408873 (Flag of ship):North Korea",
        );
        assert_eq!(
            parts,
            [
                (
                    "UK Sanctions List Ref",
                    "DPR0100. Listed as asset of X (OFSI ID: 13635, UN Reference Number: UN Ref KPe.064)"
                ),
                ("IMO number", "7408873"),
                ("Flag of ship", "North Korea"),
            ]
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
