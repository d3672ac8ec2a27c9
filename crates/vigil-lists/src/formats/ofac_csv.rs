//! OFAC's classic CSV family: `sdn.csv` (or `cons_prim.csv` for the
//! consolidated non-SDN list) joined with its companions `alt.csv`,
//! `add.csv` and `sdn_comments.csv` (`cons_alt.csv`, `cons_add.csv`,
//! `cons_comments.csv`).
//!
//! The files have no header, write nulls as `-0- `, end lines with CRLF and
//! end with a 0x1A (SUB) byte. The primary file has 12 columns (ent_num,
//! SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
//! Vess_flag, Vess_owner, Remarks); `alt.csv` holds the strong aliases,
//! `add.csv` the addresses, and the comments file the part of a remark
//! beyond OFAC's 1,000-character column limit, to be appended as is.
//!
//! Most identity facts hide in the Remarks column, as `; `-separated
//! statements: `DOB 10 Dec 1948; alt. DOB 1950; POB Cairo, Egypt; nationality
//! Egypt; Passport 1084010 (Egypt) issued 1990; a.k.a. 'ABU X'; Linked To:
//! ...`. Each statement OFAC uses for a fact the model holds is read into
//! it; the others stay in `remarks` one by one, after the full raw text.
//! The a.k.a.s written in the remarks are OFAC's weak (low-quality) aliases:
//! the strong ones are in `alt.csv` (OFAC's XML marks exactly these as
//! `category weak`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{Diagnostics, Error, ErrorKind};
use crate::formats::common;
use crate::lines::Lines;
use crate::{Format, Input, List};
use vigil_core::entity::collapse_whitespace_cow;
use vigil_core::{
    Address, Country, Entity, FuzzyDate, Gender, IdKind, Identifier, Name, NameKind, NamePart,
    PartKind, Schema,
};

/// OFAC's null marker (written `-0- `, with a trailing space).
const NULL: &str = "-0-";
/// The DOS end-of-file byte OFAC ends each file with.
const SUB: char = '\u{1a}';
/// OFAC cuts the Remarks column at this many characters; the rest goes to
/// the comments file.
const REMARKS_LIMIT: usize = 1000;
const PRIMARY_COLUMNS: usize = 12;
const ALT_COLUMNS: usize = 5;
const ADD_COLUMNS: usize = 6;
const COMMENTS_COLUMNS: usize = 2;

/// Parses an OFAC CSV family: the primary file and whichever companions
/// exist. A missing or unreadable companion is a warning; only a primary
/// file that is not OFAC's 12-column CSV fails.
pub(crate) fn parse_family(
    primary: &Input<'_>,
    alt: Option<&Input<'_>>,
    add: Option<&Input<'_>>,
    comments: Option<&Input<'_>>,
) -> Result<List, Error> {
    let source = common::source(primary, Format::OfacCsv);
    let names = FamilyNames::of(primary);
    let mut list = List::new(&source, Format::OfacCsv, primary.path);
    list.files.extend(
        [alt, add, comments]
            .into_iter()
            .flatten()
            .map(|i| i.path.to_string()),
    );

    let mut diags = Diagnostics::new(primary.path);
    let mut family = read_primary(primary, &source, &mut diags)?;
    // Each companion's diagnostics name that file; they follow the primary's.
    let mut companion_diags = Vec::new();

    match alt {
        Some(input) => companion_diags.push(read_alt(input, &names, &mut family)),
        None => diags.warn(
            "file",
            None,
            format!(
                "{} not found beside {}: the strong aliases (a.k.a., f.k.a.) are missing",
                names.alt, names.primary
            ),
        ),
    }
    match comments {
        Some(input) => companion_diags.push(read_comments(input, &names, &mut family)),
        None => {
            let cut = family
                .remarks
                .iter()
                .filter(|r| r.chars().count() >= REMARKS_LIMIT)
                .count();
            diags.warn(
                "file",
                None,
                format!(
                    "{} not found beside {}: remarks longer than {REMARKS_LIMIT} characters \
                     are cut ({cut} records), and the fact each cut remark ends with is left out",
                    names.comments, names.primary
                ),
            );
        }
    }
    // The remarks are read once the comments file has completed them; a
    // remark at the limit without a comments file is cut.
    for ((entity, raw), &line) in family
        .entities
        .iter_mut()
        .zip(&family.remarks)
        .zip(&family.lines)
    {
        if raw.trim().is_empty() {
            continue;
        }
        let cut = comments.is_none() && raw.chars().count() >= REMARKS_LIMIT;
        apply_remarks(entity, raw, cut, line, &mut diags);
    }
    match add {
        Some(input) => companion_diags.push(read_add(input, &names, &mut family)),
        None => diags.warn(
            "file",
            None,
            format!(
                "{} not found beside {}: the addresses and their countries are missing",
                names.add, names.primary
            ),
        ),
    }

    list.entities = family.entities;
    list.diagnostics = diags.items;
    for d in companion_diags {
        list.diagnostics.extend(d.items);
    }
    Ok(list)
}

/// The file names of a family, for messages: the companions are named after
/// the primary (`sdn.csv` → `alt.csv`, `cons_prim.csv` → `cons_alt.csv`).
struct FamilyNames {
    primary: String,
    alt: &'static str,
    add: &'static str,
    comments: &'static str,
}

impl FamilyNames {
    fn of(primary: &Input<'_>) -> FamilyNames {
        let name = primary.file_name();
        let (alt, add, comments) = if name.starts_with("cons") {
            ("cons_alt.csv", "cons_add.csv", "cons_comments.csv")
        } else {
            ("alt.csv", "add.csv", "sdn_comments.csv")
        };
        FamilyNames {
            primary: name,
            alt,
            add,
            comments,
        }
    }
}

/// The entities read from the primary file, with what the companions need:
/// the index by ent_num, each entity's line and its raw remarks (completed
/// by the comments file before they are read).
struct Family {
    entities: Vec<Entity>,
    index: HashMap<String, usize>,
    lines: Vec<usize>,
    remarks: Vec<String>,
}

/// One CSV record: its line, for diagnostics, and its fields.
struct Row<'r> {
    line: usize,
    fields: &'r csv::StringRecord,
    /// Whether it is the file's first record, which tells whether the file
    /// is OFAC's at all.
    first: bool,
}

impl Row<'_> {
    /// The record's name in diagnostics; made only when one is reported.
    fn record(&self) -> String {
        record(self.line)
    }

    /// Whether the record has the file's number of fields and a numeric
    /// ent_num, as the first record of each OFAC file has.
    fn is_ofac(&self, columns: usize) -> bool {
        self.fields.len() == columns && self.fields.get(0).map(str::trim).is_some_and(is_number)
    }
}

fn record(line: usize) -> String {
    format!("line {line}")
}

/// How reading a file's records ended.
enum End {
    /// Every record was read.
    Complete,
    /// The file breaks off inside its last record (an open quote, too few
    /// fields) and lacks OFAC's end-of-file byte: an interrupted download.
    /// That record was not passed on.
    Cut {
        line: usize,
        fields: usize,
        /// The cut record is the first: then its ent_num tells whether the
        /// file is OFAC's.
        first: bool,
        numeric: bool,
    },
}

/// The text of a file: UTF-8, or Latin-1 with a warning (OFAC has written
/// these files as ASCII, but a re-saved copy may be Windows-encoded); never
/// fails.
fn decode<'a>(input: &Input<'a>, diags: &mut Diagnostics) -> Cow<'a, str> {
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(input.bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Cow::Borrowed(t),
        Err(e) => {
            diags.warn(
                "file",
                None,
                format!(
                    "the file is not valid UTF-8 (first bad byte at offset {}); read as Latin-1",
                    e.valid_up_to()
                ),
            );
            Cow::Owned(bytes.iter().map(|&b| b as char).collect())
        }
    }
}

/// Calls `f` on each CSV record of a file in order, without keeping them:
/// one record is read ahead to tell the last one, which is not passed on
/// when the file breaks off inside it. The end-of-file byte is dropped.
fn each_row<E>(
    text: &str,
    columns: usize,
    mut f: impl FnMut(Row<'_>) -> Result<(), E>,
) -> Result<End, E> {
    let body = text.trim_end();
    let terminated = body.ends_with(SUB);
    let body = body.trim_end_matches(|c: char| c == SUB || c.is_whitespace());
    let bytes = body.as_bytes();
    let lines = Lines::new(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    // Reading from a &str only fails on invalid UTF-8, which a &str cannot
    // hold; an error ends the file rather than loop.
    let mut read = |record: &mut csv::StringRecord| matches!(reader.read_record(record), Ok(true));
    let (mut current, mut next) = (csv::StringRecord::new(), csv::StringRecord::new());
    let mut has_current = read(&mut current);
    let mut first = true;
    while has_current {
        let has_next = read(&mut next);
        let line = lines.csv_record(current.position());
        if !has_next && !terminated {
            let start = current.position().map_or(0, |p| p.byte());
            let raw = usize::try_from(start)
                .ok()
                .and_then(|start| bytes.get(start..))
                .unwrap_or(&[]);
            let open_quote = raw.iter().filter(|&&b| b == b'"').count() % 2 == 1;
            if open_quote || current.len() < columns {
                return Ok(End::Cut {
                    line,
                    fields: current.len(),
                    first,
                    numeric: current.get(0).map(str::trim).is_some_and(is_number),
                });
            }
        }
        f(Row {
            line,
            fields: &current,
            first,
        })?;
        first = false;
        std::mem::swap(&mut current, &mut next);
        has_current = has_next;
    }
    Ok(End::Complete)
}

/// A field, trimmed; `None` when empty or OFAC's null marker.
fn field(row: &csv::StringRecord, i: usize) -> Option<&str> {
    row.get(i)
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != NULL)
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The ent_num of a companion row whose entity exists; diagnostics for a
/// missing or unknown one.
fn owner(
    row: &Row<'_>,
    family: &Family,
    primary: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let Some(ent_num) = field(row.fields, 0) else {
        diags.skip(
            &row.record(),
            Some("ent_num"),
            format!("empty ent_num; the {what} is skipped"),
        );
        return None;
    };
    let found = family.index.get(ent_num).copied();
    if found.is_none() {
        diags.warn(
            &row.record(),
            Some("ent_num"),
            format!("ent_num {ent_num} is not in {primary}; the {what} is ignored"),
        );
    }
    found
}

fn read_primary(input: &Input<'_>, source: &str, diags: &mut Diagnostics) -> Result<Family, Error> {
    let text = decode(input, diags);
    if text
        .chars()
        .all(|c| c.is_whitespace() || c == SUB || c == '\u{feff}')
    {
        return Err(Error::new(
            ErrorKind::Empty,
            input.path,
            "the file is empty; a list download may have failed",
        ));
    }
    let not_ofac = |fields: usize| {
        Error::malformed(
            input.path,
            format!(
                "not OFAC's primary CSV: the first record has {fields} fields, expected \
                 {PRIMARY_COLUMNS} starting with a numeric ent_num (ent_num, SDN_Name, SDN_Type, \
                 Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks)"
            ),
        )
    };
    let mut family = Family {
        entities: Vec::new(),
        index: HashMap::new(),
        lines: Vec::new(),
        remarks: Vec::new(),
    };
    let end = each_row(&text, PRIMARY_COLUMNS, |row| {
        if row.first && !row.is_ofac(PRIMARY_COLUMNS) {
            return Err(not_ofac(row.fields.len()));
        }
        if let Some((entity, remarks)) = read_entity(&row, source, &family.index, diags) {
            // read_entity only returns entities with an ent_num.
            let ent_num = field(row.fields, 0).unwrap_or_default();
            family
                .index
                .insert(ent_num.to_string(), family.entities.len());
            family.entities.push(entity);
            family.lines.push(row.line);
            family.remarks.push(remarks);
        }
        Ok(())
    })?;
    match end {
        End::Complete => Ok(family),
        // A file cut in its first record is only OFAC's if that begins with
        // an ent_num.
        End::Cut {
            fields,
            first: true,
            numeric: false,
            ..
        } => Err(not_ofac(fields)),
        End::Cut { line, .. } => Err(Error::truncated(
            input.path,
            format!(
                "the file breaks off inside the record at {} and lacks OFAC's end-of-file \
                 byte (0x1A); it is truncated",
                record(line)
            ),
        )),
    }
}

/// One row of the primary file: the entity from its columns, and its raw
/// remarks (read later, once the comments file has completed them).
fn read_entity(
    row: &Row<'_>,
    source: &str,
    index: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Option<(Entity, String)> {
    let rec = || row.record();
    let f = row.fields;
    if f.len() != PRIMARY_COLUMNS {
        diags.skip(
            &rec(),
            None,
            format!(
                "expected {PRIMARY_COLUMNS} fields, found {}; the record is skipped",
                f.len()
            ),
        );
        return None;
    }
    let Some(ent_num) = field(f, 0) else {
        diags.skip(
            &rec(),
            Some("ent_num"),
            "empty ent_num; the record is skipped",
        );
        return None;
    };
    if !is_number(ent_num) {
        diags.skip(
            &rec(),
            Some("ent_num"),
            format!("ent_num {ent_num:?} is not a number; the record is skipped"),
        );
        return None;
    }
    if index.contains_key(ent_num) {
        diags.skip(
            &rec(),
            Some("ent_num"),
            format!("duplicate ent_num {ent_num}; the record is skipped"),
        );
        return None;
    }
    let is = |t: &str, name: &str| t.eq_ignore_ascii_case(name);
    let schema = match field(f, 2) {
        // OFAC writes no type for entities (organisations).
        None => Schema::Organization,
        Some(t) if is(t, "entity") => Schema::Organization,
        Some(t) if is(t, "individual") => Schema::Person,
        Some(t) if is(t, "vessel") => Schema::Vessel,
        Some(t) if is(t, "aircraft") => Schema::Aircraft,
        Some(_) => {
            diags.warn(
                &rec(),
                Some("SDN_Type"),
                format!(
                    "unknown SDN_Type {:?}: expected individual, vessel, aircraft or -0- \
                     (entity); read as an entity",
                    field(f, 2).unwrap_or("")
                ),
            );
            Schema::Organization
        }
    };
    let mut e = Entity::new(source, ent_num, schema);
    let Some(name) = field(f, 1).and_then(|n| Name::new(n, NameKind::Primary)) else {
        diags.skip(
            &rec(),
            Some("SDN_Name"),
            "empty name; the record is skipped",
        );
        return None;
    };
    e.add_name(with_parts(name, schema));
    if let Some(programs) = field(f, 3) {
        for p in programs.split("] [") {
            Entity::push_text(&mut e.programs, p.trim_matches(['[', ']', ' ']));
        }
    }
    if let Some(title) = field(f, 4) {
        Entity::push_text(&mut e.positions, title);
    }
    if let Some(call_sign) = field(f, 5) {
        let mut id = Identifier::new(IdKind::CallSign, call_sign);
        id.label = Some("Call Sign".to_string());
        e.identifiers.push(id);
    }
    if let Some(vessel_type) = field(f, 6) {
        Entity::push_text(&mut e.positions, vessel_type);
    }
    // The model has no tonnage or owner fields: they are kept as remarks.
    if let Some(tonnage) = field(f, 7) {
        Entity::push_text(&mut e.remarks, &format!("Tonnage {tonnage}"));
    }
    if let Some(grt) = field(f, 8) {
        Entity::push_text(&mut e.remarks, &format!("Gross registered tonnage {grt}"));
    }
    if let Some(flag) = field(f, 9) {
        match country(flag) {
            Ok(c) => c
                .into_iter()
                .for_each(|c| Entity::push_country(&mut e.countries, c)),
            Err(()) => diags.warn(
                &rec(),
                Some("Vess_flag"),
                format!("unknown country {flag:?}, left out"),
            ),
        }
    }
    if let Some(owner) = field(f, 10) {
        Entity::push_text(&mut e.remarks, &format!("Vessel owner {owner}"));
    }
    // The remarks are kept untrimmed: the comments file continues them
    // exactly where the 1,000-character cut fell, even mid-word.
    let remarks = f
        .get(11)
        .filter(|r| {
            let t = r.trim();
            !t.is_empty() && t != NULL
        })
        .unwrap_or("")
        .to_string();
    Some((e, remarks))
}

/// What a companion file holds, for its diagnostics.
struct Companion {
    columns: usize,
    /// The file and its columns, for a file that is not it.
    describe: &'static str,
    /// What is missing when the file cannot be read.
    missing: &'static str,
    /// What one row is, for a row that cannot be used.
    row: &'static str,
}

/// Reads a companion file row by row, calling `f` with the index of the
/// row's entity (rows without the file's number of fields or without a
/// known ent_num are reported and skipped), and returns its diagnostics; a
/// file-level warning when it is empty, not the expected file, or truncated.
fn read_companion(
    input: &Input<'_>,
    spec: &Companion,
    names: &FamilyNames,
    family: &mut Family,
    mut f: impl FnMut(&mut Family, usize, &Row<'_>, &mut Diagnostics),
) -> Diagnostics {
    let Companion {
        columns,
        describe,
        missing,
        row: what,
    } = *spec;
    let mut diags = Diagnostics::new(input.path);
    let text = decode(input, &mut diags);
    let mut any = false;
    let end = each_row(&text, columns, |row| {
        if row.first && !row.is_ofac(columns) {
            return Err(row.fields.len());
        }
        any = true;
        if well_formed(&row, columns, &mut diags)
            && let Some(i) = owner(&row, family, &names.primary, what, &mut diags)
        {
            f(family, i, &row, &mut diags);
        }
        Ok(())
    });
    let not_ofac = |fields: usize| {
        format!(
            "not OFAC's {describe}: the first record has {fields} fields, expected {columns} \
             starting with a numeric ent_num; the file is ignored and {missing} are missing"
        )
    };
    match end {
        Err(fields)
        | Ok(End::Cut {
            fields,
            first: true,
            numeric: false,
            ..
        }) => diags.warn("file", None, not_ofac(fields)),
        Ok(End::Cut { line, .. }) => diags.warn(
            "file",
            None,
            format!(
                "the file breaks off inside the record at {} and lacks OFAC's end-of-file \
                 byte (0x1A): it is truncated, and {missing} from there on are missing",
                record(line)
            ),
        ),
        Ok(End::Complete) if !any => diags.warn(
            "file",
            None,
            format!("the file is empty; {missing} are missing"),
        ),
        Ok(End::Complete) => {}
    }
    diags
}

/// Whether a companion row has its file's number of fields; a skip
/// diagnostic when not.
fn well_formed(row: &Row<'_>, columns: usize, diags: &mut Diagnostics) -> bool {
    let ok = row.fields.len() == columns;
    if !ok {
        diags.skip(
            &row.record(),
            None,
            format!(
                "expected {columns} fields, found {}; the record is skipped",
                row.fields.len()
            ),
        );
    }
    ok
}

/// Reads `alt.csv`: the strong aliases (a.k.a., f.k.a., n.k.a.).
fn read_alt(input: &Input<'_>, names: &FamilyNames, family: &mut Family) -> Diagnostics {
    let spec = Companion {
        columns: ALT_COLUMNS,
        describe: "alias file (ent_num, alt_num, alt_type, alt_name, alt_remarks)",
        missing: "the strong aliases",
        row: "alias",
    };
    read_companion(input, &spec, names, family, |family, i, row, diags| {
        let f = row.fields;
        let is = |name: &str| field(f, 2).is_some_and(|t| t.eq_ignore_ascii_case(name));
        let mut kind = if is("aka") || is("nka") {
            NameKind::Alias
        } else if is("fka") {
            NameKind::Former
        } else {
            diags.warn(
                &row.record(),
                Some("alt_type"),
                format!(
                    "unknown alt_type {:?}: expected aka, fka or nka; read as aka",
                    field(f, 2).unwrap_or("")
                ),
            );
            NameKind::Alias
        };
        let mut remark = field(f, 4);
        // OFAC has used the alias remarks to flag low-quality aliases; the
        // flag becomes the kind, not a remark.
        if kind == NameKind::Alias
            && remark.is_some_and(|r| {
                let r = r.to_ascii_lowercase();
                r.contains("weak") || r.contains("low quality")
            })
        {
            kind = NameKind::WeakAlias;
            remark = None;
        }
        let entity = &mut family.entities[i];
        let Some(name) = field(f, 3).and_then(|n| Name::new(n, kind)) else {
            diags.skip(
                &row.record(),
                Some("alt_name"),
                "empty alt_name; the alias is skipped",
            );
            return;
        };
        let name = with_parts(common::with_script_kind(name), entity.schema);
        if let Some(r) = remark {
            Entity::push_text(&mut entity.remarks, &format!("{}: {r}", name.full));
        }
        entity.add_name(name);
    })
}

/// Reads the comments file: the ends of remarks cut at OFAC's limit,
/// appended exactly where the cut fell (mid-word).
fn read_comments(input: &Input<'_>, names: &FamilyNames, family: &mut Family) -> Diagnostics {
    let spec = Companion {
        columns: COMMENTS_COLUMNS,
        describe: "remarks overflow file (ent_num, remarks)",
        missing: "the ends of long remarks",
        row: "remark",
    };
    read_companion(input, &spec, names, family, |family, i, row, _| {
        if let Some(text) = row.fields.get(1).filter(|t| t.trim() != NULL) {
            family.remarks[i].push_str(text);
        }
    })
}

/// Reads `add.csv`: the addresses, whose countries also go to `countries`.
fn read_add(input: &Input<'_>, names: &FamilyNames, family: &mut Family) -> Diagnostics {
    let spec = Companion {
        columns: ADD_COLUMNS,
        describe: "address file (ent_num, add_num, address, city/state/zip, country, add_remarks)",
        missing: "the addresses",
        row: "address",
    };
    read_companion(input, &spec, names, family, |family, i, row, diags| {
        let f = row.fields;
        let entity = &mut family.entities[i];
        let mut address = Address {
            street: field(f, 2).map(str::to_string),
            // OFAC gives city, state and postal code in one field, in the
            // local order ("London EC3N 1DY", "Tokyo 103"); splitting it
            // would be a guess, so it stays whole.
            city: field(f, 3).map(str::to_string),
            note: field(f, 5).map(str::to_string),
            ..Address::default()
        };
        if let Some(text) = field(f, 4) {
            // "Region: Crimea", "Region: Gaza": a region OFAC names without
            // a country; it is read as a country when it is one.
            let region = text.strip_prefix("Region:").map(str::trim);
            match country(text) {
                Ok(Some(c)) => {
                    address.country = Some(c);
                    Entity::push_country(&mut entity.countries, c);
                }
                Ok(None) => {}
                Err(()) if region.is_some() => {}
                Err(()) => {
                    diags.warn(
                        &row.record(),
                        Some("country"),
                        format!("unknown country {text:?}, kept in the address note"),
                    );
                    address.note = Some(match address.note.take() {
                        Some(n) => format!("{text}; {n}"),
                        None => text.to_string(),
                    });
                }
            }
            if let Some(r) = region {
                address.region = Some(r.to_string());
            }
        }
        if !address.is_empty() && !entity.addresses.contains(&address) {
            entity.addresses.push(address);
        }
    })
}

/// Words OFAC writes where no country is known.
const NO_COUNTRY: [&str; 4] = ["none", "none identified", "undetermined", "unknown"];

/// A country as OFAC writes it: `Ok(None)` when OFAC says none is known
/// ("None Identified"), `Err(())` when the text is not a country.
/// "Region: Gaza" is read as the region's country, where it has one.
fn country(text: &str) -> Result<Option<Country>, ()> {
    let t = text.trim().trim_end_matches('.').trim();
    let t = t.strip_prefix("Region:").map_or(t, str::trim);
    if t.is_empty() || NO_COUNTRY.iter().any(|n| t.eq_ignore_ascii_case(n)) {
        return Ok(None);
    }
    Country::lookup(t).map(Some).ok_or(())
}

/// Gives a person's "SURNAME, Given Names" its parts when the split is
/// unambiguous: one comma, or a second one before a suffix ("Jr.").
fn with_parts(name: Name, schema: Schema) -> Name {
    if schema != Schema::Person {
        return name;
    }
    let pieces: Vec<&str> = name.full.split(',').map(str::trim).collect();
    let part = |kind, value: &str| NamePart {
        kind,
        value: value.to_string(),
    };
    let parts = match pieces.as_slice() {
        [family, given] if !family.is_empty() && !given.is_empty() => {
            vec![part(PartKind::Family, family), part(PartKind::Given, given)]
        }
        [family, given, suffix]
            if !family.is_empty()
                && !given.is_empty()
                && ["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"]
                    .contains(&suffix.to_ascii_lowercase().as_str()) =>
        {
            vec![
                part(PartKind::Family, family),
                part(PartKind::Given, given),
                part(PartKind::Other, suffix),
            ]
        }
        _ => return name,
    };
    name.with_parts(parts)
}

/// Reads the facts of a remark into the entity. The raw text is kept first;
/// each statement not read into the model (or not readable) follows it.
/// `cut`: the remark was cut at OFAC's limit and its end is missing, so its
/// last statement is only kept as text.
fn apply_remarks(e: &mut Entity, raw: &str, cut: bool, line: usize, diags: &mut Diagnostics) {
    // The raw text goes first, before the vessel details read from columns.
    let whole = collapse_whitespace_cow(raw);
    if !e.remarks.iter().any(|r| *r == *whole) {
        e.remarks.insert(0, whole.into_owned());
    }
    // "; " separates statements; a few omit the space ("Palestinian;arrested").
    let statements: Vec<&str> = raw
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let last = statements.len().saturating_sub(1);
    for (i, statement) in statements.iter().enumerate() {
        let read = !(cut && i == last) && apply_statement(e, statement, line, diags);
        if !read {
            Entity::push_text(&mut e.remarks, statement);
        }
    }
}

/// `text` without `prefix` (ASCII case ignored).
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    // Each statement is tried against dozens of labels: the first byte
    // settles most of them.
    if !text
        .as_bytes()
        .first()?
        .eq_ignore_ascii_case(prefix.as_bytes().first()?)
    {
        return None;
    }
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The value after a label that is a whole word: `DOB 1950` → `1950`;
/// `None` for `DOBX` or a label with nothing after it.
fn after_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let rest = strip_prefix_ci(text, label)?;
    if !rest.starts_with([' ', ':', '#', '(']) {
        return None;
    }
    let rest = rest.trim_start_matches([' ', ':', '#']).trim();
    (!rest.is_empty()).then_some(rest)
}

/// Statement labels whose value is a date of birth (or of establishment or
/// build, which the model keeps in the same place).
const DATE_LABELS: [&str; 4] = [
    "DOB",
    "Organization Established Date",
    "Vessel Year of Build",
    "Aircraft Manufacture Date",
];

/// Statements that state another country tied to a vessel or aircraft.
const COUNTRY_LABELS: [&str; 3] = [
    "Nationality of Registration",
    "Former Vessel Flag",
    "Other Vessel Flag",
];

/// Statements that add a sanctions tag to the listing: kept in `programs`
/// as written, since screening reviews need them beside the programme codes.
const PROGRAM_TAGS: [&str; 6] = [
    "Additional Sanctions Information -",
    "Secondary sanctions risk:",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "CAATSA Section 235 Information:",
    "IFCA Determination -",
    "Executive Order ",
];

/// Reads one remark statement; `false` when it is not a fact the model
/// holds, or it could not be read (then with a warning), so that it stays
/// in the remarks.
fn apply_statement(e: &mut Entity, statement: &str, line: usize, diags: &mut Diagnostics) -> bool {
    let body = statement.strip_suffix('.').unwrap_or(statement).trim();
    let body = strip_prefix_ci(body, "alt. ").map_or(body, str::trim);
    let mut warn = |message: String| diags.warn(&record(line), Some("Remarks"), message);

    for (prefix, kind) in [
        ("a.k.a.", NameKind::WeakAlias),
        ("f.k.a.", NameKind::Former),
        ("n.k.a.", NameKind::WeakAlias),
    ] {
        if let Some(rest) = strip_prefix_ci(body, prefix) {
            let rest = rest.trim();
            let text = match rest.strip_prefix('\'') {
                Some(r) => r.rfind('\'').map(|end| &r[..end]),
                None => Some(rest),
            };
            return match text.and_then(|t| Name::new(t, kind)) {
                Some(name) => {
                    let name = with_parts(common::with_script_kind(name), e.schema);
                    e.add_name(name);
                    true
                }
                None => {
                    warn(format!(
                        "cannot read the name in {statement:?}, kept as text"
                    ));
                    false
                }
            };
        }
    }
    for label in DATE_LABELS {
        if let Some(value) = after_label(body, label) {
            return match FuzzyDate::parse(value) {
                Some(date) => {
                    e.add_birth_date(date);
                    true
                }
                None => {
                    warn(format!("invalid date {value:?} in {statement:?}, left out"));
                    false
                }
            };
        }
    }
    if let Some(place) = after_label(body, "POB") {
        Entity::push_text(&mut e.birth_places, place);
        // The country of birth is the last part of the place, when it is one.
        let last = place.rsplit(',').next().unwrap_or(place);
        if let Ok(Some(c)) = country(last) {
            Entity::push_country(&mut e.countries, c);
        }
        return true;
    }
    if let Some(value) = after_label(body, "Gender") {
        return match Gender::parse(value) {
            Some(g) => {
                e.gender = Some(g);
                true
            }
            None => {
                warn(format!("unknown gender {value:?}, left out"));
                false
            }
        };
    }
    for label in COUNTRY_LABELS {
        if let Some(value) = after_label(body, label) {
            return match country(value) {
                Ok(c) => {
                    c.into_iter()
                        .for_each(|c| Entity::push_country(&mut e.countries, c));
                    true
                }
                Err(()) => {
                    warn(format!(
                        "unknown country {value:?} in {statement:?}, left out"
                    ));
                    false
                }
            };
        }
    }
    for (label, citizenship) in [("nationality", false), ("citizen", true)] {
        if let Some(value) = after_label(body, label) {
            // "nationality possibly Palestinian": the country is read, and the
            // statement also stays as text for its doubt.
            let doubtful = strip_prefix_ci(value, "possibly ");
            let list = if citizenship {
                &mut e.citizenships
            } else {
                &mut e.nationalities
            };
            return match country(doubtful.unwrap_or(value)) {
                Ok(c) => {
                    c.into_iter().for_each(|c| Entity::push_country(list, c));
                    doubtful.is_none()
                }
                Err(()) => {
                    warn(format!(
                        "unknown country {value:?} in {statement:?}, left out"
                    ));
                    false
                }
            };
        }
    }
    for label in ["Aircraft Model", "Other Vessel Type"] {
        if let Some(value) = after_label(body, label) {
            Entity::push_text(&mut e.positions, value);
            return true;
        }
    }
    for tag in PROGRAM_TAGS {
        if strip_prefix_ci(body, tag).is_some() {
            // "Executive Order 13662 Directive Determination - ..." and
            // "Executive Order 13846 information: ..." are tags; "Executive
            // Order 14024 Directive Information - For more information ..."
            // is a pointer to a web page, and stays a remark.
            if tag == "Executive Order "
                && !(body.contains("Directive Determination -") || body.contains(" information:"))
            {
                return false;
            }
            Entity::push_text(&mut e.programs, body);
            return true;
        }
    }
    match identifier(body, e.schema) {
        Some(Ok(id)) => {
            common::push_identifier(e, id);
            true
        }
        Some(Err(message)) => {
            warn(format!("{message} in {statement:?}, kept as text"));
            false
        }
        None => false,
    }
}

/// The identifier labels OFAC writes in remarks, with their kinds; the
/// longest label that starts a statement wins ("Identification Number IMO"
/// over "Identification Number").
const ID_LABELS: &[(&str, IdKind)] = &[
    ("Passport", IdKind::Passport),
    ("Diplomatic Passport", IdKind::Passport),
    ("Passport Booklet", IdKind::Passport),
    ("Travel Document Number", IdKind::Passport),
    ("British National Overseas Passport", IdKind::Passport),
    ("Stateless Person Passport", IdKind::Passport),
    ("Stateless Person ID Card", IdKind::NationalId),
    ("Moroccan Personal ID No.", IdKind::NationalId),
    ("Bosnian Personal ID No.", IdKind::NationalId),
    ("CNP", IdKind::NationalId),
    ("N.I.E.", IdKind::NationalId),
    ("Romanian Tax Registration", IdKind::TaxId),
    ("Fiscal Code", IdKind::TaxId),
    ("Romanian Permanent Resident", IdKind::Other),
    ("Serial No.", IdKind::Other),
    ("National ID No.", IdKind::NationalId),
    ("National ID", IdKind::NationalId),
    ("National Foreign ID Number", IdKind::NationalId),
    ("Cedula No.", IdKind::NationalId),
    ("D.N.I.", IdKind::NationalId),
    ("Personal ID Card", IdKind::NationalId),
    ("C.U.R.P.", IdKind::NationalId),
    ("CURP", IdKind::NationalId),
    ("Credencial electoral", IdKind::NationalId),
    ("I.F.E.", IdKind::NationalId),
    ("C.U.I.", IdKind::NationalId),
    ("Turkish Identification Number", IdKind::NationalId),
    ("Numero de Identidad", IdKind::NationalId),
    ("Citizen's Card Number", IdKind::NationalId),
    ("Kenyan ID No.", IdKind::NationalId),
    ("Tazkira National ID Card", IdKind::NationalId),
    ("UAE Identification", IdKind::NationalId),
    ("Identity Number", IdKind::NationalId),
    ("Identification Number", IdKind::NationalId),
    ("Tax ID No.", IdKind::TaxId),
    ("R.F.C.", IdKind::TaxId),
    ("RFC", IdKind::TaxId),
    ("NIT", IdKind::TaxId),
    ("RUC", IdKind::TaxId),
    ("RIF", IdKind::TaxId),
    ("C.U.I.T.", IdKind::TaxId),
    ("Italian Fiscal Code", IdKind::TaxId),
    ("V.A.T. Number", IdKind::TaxId),
    ("VAT Number", IdKind::TaxId),
    ("US FEIN", IdKind::TaxId),
    ("RTN", IdKind::TaxId),
    ("Paraguayan tax identification number", IdKind::TaxId),
    ("Numero Unico de Identificacao Tributaria", IdKind::TaxId),
    ("C.I.F.", IdKind::TaxId),
    ("N.I.F.", IdKind::TaxId),
    ("RSIN", IdKind::TaxId),
    ("SSN", IdKind::SocialSecurity),
    ("Social Security Number", IdKind::SocialSecurity),
    ("Driver's License No.", IdKind::DrivingLicense),
    ("Driver's License", IdKind::DrivingLicense),
    ("Registration Number", IdKind::Registration),
    ("Registration ID", IdKind::Registration),
    ("Business Registration Number", IdKind::Registration),
    ("Business Registration Document", IdKind::Registration),
    ("Commercial Registry Number", IdKind::Registration),
    ("Commercial Registration Number", IdKind::Registration),
    ("Company Number", IdKind::Registration),
    ("UK Company Number", IdKind::Registration),
    ("Folio Mercantil No.", IdKind::Registration),
    ("Matricula Mercantil No.", IdKind::Registration),
    ("Matricula Mercantil No", IdKind::Registration),
    ("C.R. No.", IdKind::Registration),
    ("Romanian C.R.", IdKind::Registration),
    ("Government Gazette Number", IdKind::Registration),
    ("Chamber of Commerce Number", IdKind::Registration),
    ("Istanbul Chamber of Comm. No.", IdKind::Registration),
    (
        "Dubai Chamber of Commerce Membership No.",
        IdKind::Registration,
    ),
    ("Trade License No.", IdKind::Registration),
    ("Public Registration Number", IdKind::Registration),
    ("Central Registration System Number", IdKind::Registration),
    ("Business Number", IdKind::Registration),
    ("Enterprise Number", IdKind::Registration),
    ("Branch Unit Number", IdKind::Registration),
    ("Economic Register Number", IdKind::Registration),
    ("Certificate of Incorporation Number", IdKind::Registration),
    ("Registration Certificate Number", IdKind::Registration),
    ("Registered Charity No.", IdKind::Registration),
    ("LE Number", IdKind::Registration),
    ("C.I.N.", IdKind::Registration),
    ("Organization Code", IdKind::Registration),
    ("MSB Registration Number", IdKind::Registration),
    ("Unified Social Credit Code", IdKind::Registration),
    (
        "United Social Credit Code Certificate",
        IdKind::Registration,
    ),
    (
        "Russian State Individual Business Registration Number Pattern",
        IdKind::Registration,
    ),
    ("Vessel Registration Identification", IdKind::Registration),
    ("Legal Entity Number", IdKind::Lei),
    ("Vessel Registration Identification IMO", IdKind::Imo),
    ("Identification Number IMO", IdKind::Imo),
    ("Company Number IMO", IdKind::Imo),
    ("International Maritime Organization No.", IdKind::Imo),
    ("IMO", IdKind::Imo),
    ("MMSI", IdKind::Mmsi),
    ("Other Vessel Call Sign", IdKind::CallSign),
    ("Vessel Call Sign", IdKind::CallSign),
    ("Aircraft Manufacturer's Serial Number", IdKind::AircraftId),
    ("Aircraft Construction Number", IdKind::AircraftId),
    ("Aircraft Tail Number", IdKind::AircraftId),
    ("Previous Aircraft Tail Number", IdKind::AircraftId),
    ("Aircraft Serial Identification", IdKind::AircraftId),
    ("Aircraft Mode S Transponder Code", IdKind::AircraftId),
    ("SWIFT/BIC", IdKind::SwiftBic),
    ("D-U-N-S Number", IdKind::Other),
    ("ISIN", IdKind::Other),
    ("Identification Number ISIN", IdKind::Other),
    ("Equity Ticker", IdKind::Other),
    ("BIK", IdKind::Other),
    ("Chinese Commercial Code", IdKind::Other),
    ("Digital Currency Address", IdKind::Other),
    ("Birth Certificate Number", IdKind::Other),
    ("Residency Number", IdKind::Other),
    ("Refugee ID Card", IdKind::Other),
    ("Seafarer's Identification Document", IdKind::Other),
    ("Electoral Registry No.", IdKind::Other),
    ("Cartilla de Servicio Militar Nacional", IdKind::Other),
    ("Military Registration Number", IdKind::Other),
    ("Immigration No.", IdKind::Other),
    ("VisaNumberID", IdKind::Other),
    ("SRE Permit No.", IdKind::Other),
    ("Permit Number", IdKind::Other),
    ("C.U.I.P.", IdKind::Other),
    ("Pilot License Number", IdKind::Other),
    ("Tarjeta Profesional", IdKind::Other),
    ("Trademark number", IdKind::Other),
    ("File Number", IdKind::Other),
    ("License", IdKind::Other),
    ("Tourism License No.", IdKind::Other),
    (
        "Afghan Money Service Provider License Number",
        IdKind::Other,
    ),
];

/// [`ID_LABELS`] by the lower-case first byte of the label, longest label
/// first: a statement is only compared with the labels that can start it,
/// since the remarks of a full list hold some 100,000 statements.
fn id_labels(first: u8) -> &'static [(&'static str, IdKind)] {
    static BUCKETS: OnceLock<Vec<Vec<(&'static str, IdKind)>>> = OnceLock::new();
    let buckets = BUCKETS.get_or_init(|| {
        let mut buckets = vec![Vec::new(); 128];
        for &(label, kind) in ID_LABELS {
            if let Some(bucket) = label
                .bytes()
                .next()
                .and_then(|b| buckets.get_mut(usize::from(b.to_ascii_lowercase())))
            {
                bucket.push((label, kind));
            }
        }
        for bucket in &mut buckets {
            bucket.sort_by_key(|(label, _)| std::cmp::Reverse(label.len()));
        }
        buckets
    });
    buckets
        .get(usize::from(first.to_ascii_lowercase()))
        .map_or(&[], Vec::as_slice)
}

/// Where the dates of issue or expiry start in an identifier's text: the
/// space before "issued" or "expires" (any case).
fn dates_start(text: &str) -> Option<usize> {
    text.match_indices(' ').map(|(i, _)| i).find(|&i| {
        let word = text.as_bytes().get(i + 1..).unwrap_or(&[]);
        [&b"issued"[..], b"expire"].iter().any(|w| {
            word.get(..w.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(w))
        })
    })
}

/// Reads an identifier statement: `Label VALUE (Country) issued ... expires
/// ...`. `None` when no identifier label starts it; `Err` when the label is
/// there but no value follows.
fn identifier(body: &str, schema: Schema) -> Option<Result<Identifier, String>> {
    let (label, mut kind, rest) = id_labels(*body.as_bytes().first()?)
        .iter()
        .find_map(|&(label, kind)| after_label(body, label).map(|rest| (label, kind, rest)))?;
    let mut label = body[..label.len()].to_string();
    let mut rest = rest;
    // Qualifiers between the label and the value belong to the label:
    // "Unified Social Credit Code (USCC) 9122...", "Digital Currency Address
    // - XBT 1Kuf...". A parenthesised value alone stays the value
    // ("International Maritime Organization No. (5777731)").
    loop {
        if rest.starts_with('(')
            && let Some(end) = rest.find(')')
            && !rest[end + 1..].trim().is_empty()
        {
            label.push(' ');
            label.push_str(&rest[..=end]);
            rest = rest[end + 1..].trim_start_matches([' ', ':', '#']);
        } else if let Some(r) = rest.strip_prefix("- ") {
            let (code, after) = r.split_once(' ').unwrap_or((r, ""));
            label.push_str(" - ");
            label.push_str(code);
            rest = after.trim_start();
        } else {
            break;
        }
    }
    // Dates of issue and expiry are the note.
    let cut = dates_start(rest);
    let (mut main, dates) = match cut {
        Some(i) => (rest[..i].trim(), Some(rest[i..].trim())),
        None => (rest.trim(), None),
    };
    // Trailing "(Country)" is the issuing country; other parenthesised
    // words ("(Stuttgart)", "(Abogado)") go to the note.
    let mut issuer = None;
    let mut notes: Vec<String> = Vec::new();
    while main.ends_with(')') {
        let Some(open) = main.rfind('(') else { break };
        let inner = main[open + 1..main.len() - 1].trim();
        match country(inner) {
            Ok(Some(c)) if issuer.is_none() => issuer = Some(c),
            _ => notes.insert(0, format!("({inner})")),
        }
        main = main[..open].trim();
    }
    let mut value = main.trim_end_matches(['.', ',']).trim().to_string();
    if value.is_empty() && notes.len() == 1 {
        value = notes.remove(0).trim_matches(['(', ')']).to_string();
    }
    if !value.chars().any(char::is_alphanumeric) {
        return Some(Err(format!("no value after {label:?}")));
    }
    notes.extend(dates.map(|d| d.trim_end_matches('.').to_string()));
    // OFAC writes LEIs (20 characters) and some national company numbers
    // under the same "Legal Entity Number" label.
    if kind == IdKind::Lei && value.len() != 20 {
        kind = IdKind::Registration;
    }
    // "Identification Number" is a personal number for a person, another
    // registration for anything else.
    if label.eq_ignore_ascii_case("Identification Number") && schema != Schema::Person {
        kind = IdKind::Registration;
    }
    let mut id = Identifier::new(kind, &value);
    id.country = issuer;
    id.label = Some(label);
    id.note = (!notes.is_empty()).then(|| notes.join(" "));
    Some(Ok(id))
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. a full family (sdn, alt, add, comments) joins into entities with
    //!    every column and companion read into the model;
    //! 2. remark statements are read into the model: dates with their
    //!    precision, places, countries, gender, identifiers with label,
    //!    country and note, weak and former names, programme tags; the rest
    //!    stays in `remarks` after the raw text;
    //! 3. the comments file completes a cut remark, mid-word;
    //! 4. bad records and values are diagnostics naming file, record, field;
    //!    companion rows of unknown entities are warnings;
    //! 5. missing companions are file-level warnings; a primary file alone
    //!    loads;
    //! 6. an empty, truncated or foreign primary file is an error; a broken
    //!    companion is a warning;
    //! 7. Latin-1 bytes are read with a warning, never an error.
    use super::*;
    use crate::pin::{codes, dates};
    use vigil_core::Precision;

    const SDN: &[u8] = include_bytes!("../../tests/fixtures/ofac_csv/sdn.csv");
    const ALT: &[u8] = include_bytes!("../../tests/fixtures/ofac_csv/alt.csv");
    const ADD: &[u8] = include_bytes!("../../tests/fixtures/ofac_csv/add.csv");
    const COMMENTS: &[u8] = include_bytes!("../../tests/fixtures/ofac_csv/sdn_comments.csv");
    const TRUNCATED: &[u8] = include_bytes!("../../tests/fixtures/ofac_csv/truncated/sdn.csv");
    const CONS: &[u8] = include_bytes!("../../tests/fixtures/ofac_csv/cons/cons_prim.csv");

    fn family() -> List {
        parse_family(
            &Input::new("sdn.csv", SDN),
            Some(&Input::new("alt.csv", ALT)),
            Some(&Input::new("add.csv", ADD)),
            Some(&Input::new("sdn_comments.csv", COMMENTS)),
        )
        .unwrap()
    }

    fn entity<'a>(list: &'a List, id: &str) -> &'a Entity {
        list.entities.iter().find(|e| e.id == id).unwrap()
    }

    fn names(e: &Entity) -> Vec<String> {
        e.names
            .iter()
            .map(|n| format!("{}: {}", n.kind, n.full))
            .collect()
    }

    fn ids(e: &Entity) -> Vec<String> {
        e.identifiers
            .iter()
            .map(|i| {
                format!(
                    "{:?} {} [{}] {} / {}",
                    i.kind,
                    i.value,
                    i.label.as_deref().unwrap_or(""),
                    i.country.map_or("-".to_string(), |c| c.to_string()),
                    i.note.as_deref().unwrap_or("-")
                )
            })
            .collect()
    }

    #[test]
    fn joins_the_family() {
        let list = family();
        assert_eq!(list.source, "ofac-sdn");
        assert_eq!(
            list.files,
            vec!["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
        );
        assert_eq!(list.published, None);
        assert_eq!(list.entities.len(), 6);

        let p = entity(&list, "ofac-sdn:7001");
        assert_eq!(p.schema, Schema::Person);
        assert_eq!(
            names(p),
            vec![
                "primary: QUARRY, Ansel Tobias",
                "alias: QUARRY, Anselm",
                "former: STONE, Ansel",
                "original_script: أنسل كواري",
                "weak_alias: THE MASON",
                "weak_alias: QUARRY, Tobi",
            ]
        );
        let parts: Vec<String> = p.names[0]
            .parts
            .iter()
            .map(|x| format!("{:?}={}", x.kind, x.value))
            .collect();
        assert_eq!(parts, vec!["Family=QUARRY", "Given=Ansel Tobias"]);
        assert_eq!(p.names[3].script, vigil_core::Script::Arabic);
        assert_eq!(p.names[5].parts.len(), 2);
        assert_eq!(
            p.programs,
            vec![
                "SDGT",
                "IRGC",
                "Additional Sanctions Information - Subject to Secondary Sanctions"
            ]
        );
        assert_eq!(dates(p), vec!["1961-04-14", "circa 1963", "1960..1962"]);
        assert_eq!(p.birth_dates[0].precision(), Precision::Day);
        assert_eq!(p.birth_places, vec!["Valletta, Malta"]);
        assert_eq!(codes(&p.nationalities), vec!["MT"]);
        assert_eq!(codes(&p.citizenships), vec!["IE"]);
        assert_eq!(codes(&p.countries), vec!["MT", "GB"]);
        assert_eq!(p.gender, Some(Gender::Male));
        assert_eq!(
            ids(p),
            vec![
                "Passport X1234567 [Passport] MT / issued 01 Jan 2001 expires 01 Jan 2011",
                "Passport Y7654321 [Passport] IE / -",
                "NationalId 123 456 [National ID No.] MT / -",
                "SocialSecurity 123-45-6789 [SSN] US / -",
            ]
        );
        assert_eq!(p.positions, vec!["Quarry Foreman"]);
        assert_eq!(p.addresses.len(), 1);
        assert_eq!(p.addresses[0].street.as_deref(), Some("1 Example Lane"));
        assert_eq!(p.addresses[0].city.as_deref(), Some("London EC1A 1AA"));
        assert_eq!(
            p.addresses[0].country.map(|c| c.to_string()).as_deref(),
            Some("GB")
        );
        assert_eq!(
            p.remarks,
            vec![
                "DOB 14 Apr 1961; alt. DOB circa 1963; alt. DOB 1960 to 1962; POB Valletta, Malta; \
                 nationality Malta; citizen Ireland; Gender Male; Passport X1234567 (Malta) issued \
                 01 Jan 2001 expires 01 Jan 2011; alt. Passport Y7654321 (Ireland); National ID \
                 No. 123 456 (Malta); SSN 123-45-6789 (United States); a.k.a. 'THE MASON'; a.k.a. \
                 'QUARRY, Tobi'; Additional Sanctions Information - Subject to Secondary \
                 Sanctions; Linked To: GRANITE HOLDINGS LTD.",
                "Linked To: GRANITE HOLDINGS LTD.",
            ]
        );

        let o = entity(&list, "ofac-sdn:7002");
        assert_eq!(o.schema, Schema::Organization);
        assert_eq!(
            names(o),
            vec![
                "primary: GRANITE HOLDINGS LTD.",
                "alias: GRANITE HOLDINGS",
                "weak_alias: GHL"
            ]
        );
        assert!(o.names[0].parts.is_empty());
        assert_eq!(dates(o), vec!["2005-03"]);
        assert_eq!(
            ids(o),
            vec![
                "Registration 0123456 [Registration Number] GB / -",
                "TaxId 99-000 [Tax ID No.] GB / -",
                "Lei 5493001KJTIIGC8Y1R12 [Legal Entity Number] - / -",
                "SwiftBic GRANGB2L [SWIFT/BIC] - / -",
                "Registration 9988 [Unified Social Credit Code (USCC)] CN / (Shanghai)",
                "Other 1BoatSLRHtKNngkdXEeobR76b53LETtpyT [Digital Currency Address - XBT] - / -",
            ]
        );
        // The comments file completed the cut remark mid-word: the last
        // statement reads whole.
        assert!(
            o.remarks[0].ends_with("Website granite.example."),
            "{:?}",
            o.remarks
        );
        assert!(o.remarks.contains(&"Website granite.example.".to_string()));
        assert_eq!(codes(&o.countries), vec!["GB", "PS"]);
        assert_eq!(o.addresses[1].region.as_deref(), Some("Gaza"));
        assert_eq!(o.addresses[2].region.as_deref(), Some("Crimea"));
        assert_eq!(o.addresses[2].country, None);

        let v = entity(&list, "ofac-sdn:7003");
        assert_eq!(v.schema, Schema::Vessel);
        assert_eq!(
            names(v),
            vec!["primary: SEA EXAMPLE", "former: OLD EXAMPLE"]
        );
        assert_eq!(
            ids(v),
            vec![
                "CallSign XYZ12 [Call Sign] - / -",
                "Imo 9000003 [Vessel Registration Identification IMO] - / -",
                "Mmsi 123456789 [MMSI] - / -",
            ]
        );
        assert_eq!(v.positions, vec!["Crude Oil Tanker"]);
        assert_eq!(codes(&v.countries), vec!["PA", "MT"]);
        assert_eq!(dates(v), vec!["1999"]);
        assert_eq!(
            v.remarks,
            vec![
                "Vessel Registration Identification IMO 9000003; MMSI 123456789; Vessel Year of \
                 Build 1999; Former Vessel Flag Malta; f.k.a. 'OLD EXAMPLE'.",
                "Tonnage 1,000",
                "Gross registered tonnage 500",
                "Vessel owner Example Shipping S.A.",
            ]
        );

        let a = entity(&list, "ofac-sdn:7004");
        assert_eq!(a.schema, Schema::Aircraft);
        assert_eq!(a.positions, vec!["IL-76TD"]);
        assert_eq!(dates(a), vec!["1992"]);
        assert_eq!(
            ids(a),
            vec![
                "AircraftId 1000000001 [Aircraft Manufacturer's Serial Number (MSN)] - / -",
                "AircraftId EP-XXX [Aircraft Tail Number] - / -",
            ]
        );
        assert_eq!(a.remarks[1], "Aircraft Operator EXAMPLE AIR");

        let jr = entity(&list, "ofac-sdn:7010");
        assert_eq!(
            names(jr),
            vec!["primary: DELMAR, Pedro Luis, Jr.", "weak_alias: PETE"]
        );
        let parts: Vec<String> = jr.names[0]
            .parts
            .iter()
            .map(|x| format!("{:?}={}", x.kind, x.value))
            .collect();
        assert_eq!(
            parts,
            vec!["Family=DELMAR", "Given=Pedro Luis", "Other=Jr."]
        );
        assert!(jr.remarks.is_empty());
    }

    #[test]
    fn diagnostics_name_file_record_and_field() {
        let list = family();
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            vec![
                "warning: sdn.csv: line 5: SDN_Type: unknown SDN_Type \"spaceship\": expected individual, vessel, aircraft or -0- (entity); read as an entity",
                "warning: sdn.csv: line 5: Vess_flag: unknown country \"Atlantis\", left out",
                "error: sdn.csv: line 6: SDN_Name: empty name; the record is skipped",
                "error: sdn.csv: line 7: ent_num: ent_num \"X9\" is not a number; the record is skipped",
                "error: sdn.csv: line 8: ent_num: duplicate ent_num 7001; the record is skipped",
                "error: sdn.csv: line 9: expected 12 fields, found 3; the record is skipped",
                "warning: sdn.csv: line 5: Remarks: invalid date \"31 Feb 1970\" in \"DOB 31 Feb 1970\", left out",
                "warning: sdn.csv: line 5: Remarks: unknown country \"Atlantis\" in \"nationality Atlantis\", left out",
                "warning: sdn.csv: line 5: Remarks: unknown gender \"Unknown\", left out",
                "warning: sdn.csv: line 5: Remarks: no value after \"Passport\" in \"Passport (Malta)\", kept as text",
                "warning: sdn.csv: line 5: Remarks: cannot read the name in \"a.k.a. ''\", kept as text",
                "warning: alt.csv: line 5: alt_type: unknown alt_type \"xka\": expected aka, fka or nka; read as aka",
                "error: alt.csv: line 6: alt_name: empty alt_name; the alias is skipped",
                "warning: alt.csv: line 7: ent_num: ent_num 9999 is not in sdn.csv; the alias is ignored",
                "error: alt.csv: line 8: expected 5 fields, found 2; the record is skipped",
                "warning: sdn_comments.csv: line 2: ent_num: ent_num 9999 is not in sdn.csv; the remark is ignored",
                "warning: add.csv: line 5: country: unknown country \"Atlantis\", kept in the address note",
                "warning: add.csv: line 6: ent_num: ent_num 9999 is not in sdn.csv; the address is ignored",
            ]
        );
        let odd = entity(&list, "ofac-sdn:7005");
        assert_eq!(odd.schema, Schema::Organization);
        assert_eq!(
            odd.remarks[1..],
            [
                "DOB 31 Feb 1970",
                "nationality Atlantis",
                "Gender Unknown",
                "Passport (Malta)",
                "a.k.a. ''",
            ]
        );
        assert_eq!(names(odd), vec!["primary: ODD RECORD", "alias: ODD ALIAS"]);
    }

    #[test]
    fn primary_alone_loads_with_warnings() {
        let list = parse_family(&Input::new("data/SDN.CSV", SDN), None, None, None).unwrap();
        assert_eq!(list.entities.len(), 6);
        let files: Vec<String> = list
            .diagnostics
            .iter()
            .filter(|d| d.record == "file")
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            files,
            vec![
                "warning: data/SDN.CSV: file: alt.csv not found beside sdn.csv: the strong aliases (a.k.a., f.k.a.) are missing",
                "warning: data/SDN.CSV: file: sdn_comments.csv not found beside sdn.csv: remarks longer than 1000 characters are cut (1 records), and the fact each cut remark ends with is left out",
                "warning: data/SDN.CSV: file: add.csv not found beside sdn.csv: the addresses and their countries are missing",
            ]
        );
        // Without the comments the cut remark's last statement is text only.
        let o = entity(&list, "ofac-sdn:7002");
        assert!(o.remarks.last().unwrap().starts_with("Web"));
    }

    #[test]
    fn consolidated_family_source() {
        let list = parse_family(&Input::new("cons_prim.csv", CONS), None, None, None).unwrap();
        assert_eq!(list.source, "ofac-cons");
        assert_eq!(list.entities[0].id, "ofac-cons:9001");
        assert_eq!(
            list.entities[0].programs,
            vec![
                "UKRAINE-EO13662",
                "RUSSIA-EO14024",
                "Executive Order 13662 Directive Determination - Subject to Directive 1",
            ]
        );
        assert!(
            list.diagnostics[0]
                .message
                .starts_with("cons_alt.csv not found beside cons_prim.csv")
        );
        let named = parse_family(
            &Input::new("cons_prim.csv", CONS).with_source(Some("mine")),
            None,
            None,
            None,
        )
        .unwrap();
        assert_eq!(named.entities[0].id, "mine:9001");
    }

    #[test]
    fn whole_file_errors() {
        let err = |bytes: &[u8]| {
            parse_family(&Input::new("sdn.csv", bytes), None, None, None).unwrap_err()
        };
        let e = err(b"");
        assert_eq!(e.kind(), ErrorKind::Empty);
        assert_eq!(err(b" \r\n\x1a").kind(), ErrorKind::Empty);
        let e = err(TRUNCATED);
        assert_eq!(e.kind(), ErrorKind::Truncated);
        assert_eq!(
            e.to_string(),
            "sdn.csv: the file breaks off inside the record at line 2 and lacks OFAC's end-of-file byte (0x1A); it is truncated"
        );
        let e = err(ALT);
        assert_eq!(e.kind(), ErrorKind::Malformed);
        assert!(
            e.message()
                .starts_with("not OFAC's primary CSV: the first record has 5 fields")
        );
        assert_eq!(
            err(b"<html><body>503</body></html>").kind(),
            ErrorKind::Malformed
        );
    }

    #[test]
    fn broken_companions_are_warnings() {
        let list = parse_family(
            &Input::new("sdn.csv", SDN),
            Some(&Input::new("alt.csv", ADD)),
            Some(&Input::new("add.csv", b"")),
            Some(&Input::new("sdn_comments.csv", b"7002,\"cut")),
        )
        .unwrap();
        let d: Vec<String> = list
            .diagnostics
            .iter()
            .filter(|d| d.record == "file")
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            d,
            vec![
                "warning: alt.csv: file: not OFAC's alias file (ent_num, alt_num, alt_type, alt_name, alt_remarks): the first record has 6 fields, expected 5 starting with a numeric ent_num; the file is ignored and the strong aliases are missing",
                "warning: sdn_comments.csv: file: the file breaks off inside the record at line 1 and lacks OFAC's end-of-file byte (0x1A): it is truncated, and the ends of long remarks from there on are missing",
                "warning: add.csv: file: the file is empty; the addresses are missing",
            ]
        );
        assert_eq!(list.entities.len(), 6);
    }

    #[test]
    fn latin1_is_read_with_a_warning() {
        let bytes = b"1,\"M\xdcLLER, J\xfcrgen\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a";
        let list = parse_family(&Input::new("sdn.csv", bytes), None, None, None).unwrap();
        assert_eq!(list.entities[0].names[0].full, "MÜLLER, Jürgen");
        assert_eq!(
            list.diagnostics[0].to_string(),
            "warning: sdn.csv: file: the file is not valid UTF-8 (first bad byte at offset 4); read as Latin-1"
        );
    }

    #[test]
    fn statements() {
        let mut e = Entity::new("t", "1", Schema::Person);
        let mut d = Diagnostics::new("t");
        apply_remarks(
            &mut e,
            "DOB Between 1960 and 1962; DOB circa 1979-1982; nationality possibly Palestinian;\
             arrested 23 Apr 2002; Cedula No. 16247821 (Colombia); NIT # 800146749-7 (Colombia); \
             Passport C 1415363 - 16/2/1421H issued 21 May 2000; \
             Registration Number HRA 738077 (Stuttgart) (Germany); \
             International Maritime Organization No. (5777731); Identification Number 2.194.575 (Paraguay); \
             Legal Entity Number 851683897 (Netherlands); n.k.a. 'NEW NAME'; \
             Secondary sanctions risk: section 1(b) of Executive Order 13224; \
             Executive Order 14024 Directive Information - For more information see the link; \
             Executive Order 13662 Directive Determination - Subject to Directive 2; Member of Parliament.",
            false,
            1,
            &mut d,
        );
        assert!(d.items.is_empty(), "{:?}", d.items);
        assert_eq!(dates(&e), vec!["1960..1962", "circa 1979..1982"]);
        assert_eq!(codes(&e.nationalities), vec!["PS"]);
        assert_eq!(
            ids(&e),
            vec![
                "NationalId 16247821 [Cedula No.] CO / -",
                "TaxId 800146749-7 [NIT] CO / -",
                "Passport C 1415363 - 16/2/1421H [Passport] - / issued 21 May 2000",
                "Registration HRA 738077 [Registration Number] DE / (Stuttgart)",
                "Imo 5777731 [International Maritime Organization No.] - / -",
                "NationalId 2.194.575 [Identification Number] PY / -",
                "Registration 851683897 [Legal Entity Number] NL / -",
            ]
        );
        assert_eq!(names(&e), vec!["weak_alias: NEW NAME"]);
        assert_eq!(
            e.programs,
            vec![
                "Secondary sanctions risk: section 1(b) of Executive Order 13224",
                "Executive Order 13662 Directive Determination - Subject to Directive 2",
            ]
        );
        assert_eq!(
            e.remarks[1..],
            [
                "nationality possibly Palestinian",
                "arrested 23 Apr 2002",
                "Executive Order 14024 Directive Information - For more information see the link",
                "Member of Parliament.",
            ]
        );
    }
}
