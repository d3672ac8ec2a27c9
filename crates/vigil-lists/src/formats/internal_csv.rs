//! vigil's CSV for an organisation's own watchlist (`docs/internal-list-format.md`).
//!
//! A header row is required; columns are matched by name, in any order and
//! case. `id` and `name` are required; `aliases`, `schema`, `dob`, `country`,
//! `identifiers`, `gender`, `programs`, `listed_on` and `notes` are optional.
//! Multi-valued cells separate values with `;`. Unknown columns are reported
//! once and ignored.

use crate::error::{Diagnostics, Error};
use crate::formats::common;
use crate::lines::Lines;
use crate::{Format, Input, List};
use vigil_core::{Country, Entity, FuzzyDate, Gender, IdKind, Identifier, Name, NameKind, Schema};

const COLUMNS: [&str; 11] = [
    "id",
    "name",
    "aliases",
    "schema",
    "dob",
    "country",
    "identifiers",
    "gender",
    "programs",
    "listed_on",
    "notes",
];

/// Parses an internal watchlist CSV.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let text = input.text()?;
    let source = common::source(input, Format::InternalCsv);
    let mut list = List::new(&source, Format::InternalCsv, input.path);
    let mut diags = Diagnostics::new(input.path);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::malformed(input.path, format!("cannot read the header row: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let idx: Vec<Option<usize>> = COLUMNS.iter().map(|c| col(c)).collect();
    let (Some(id_col), Some(name_col)) = (idx[0], idx[1]) else {
        return Err(Error::malformed(
            input.path,
            "the header must have the columns `id` and `name`",
        ));
    };
    for h in headers.iter() {
        if !COLUMNS.iter().any(|c| h.trim().eq_ignore_ascii_case(c)) {
            diags.warn("line 1", Some(h), "unknown column, ignored");
        }
    }
    let mut seen = std::collections::HashSet::new();
    let lines = Lines::new(text);
    for row in reader.records() {
        // The line the record starts on, the header being line 1.
        let line = match &row {
            Ok(r) => lines.csv_record(r.position()),
            Err(e) => lines.csv_record(e.position()),
        };
        let record = format!("line {line}");
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                diags.skip(&record, None, format!("unreadable CSV row: {e}"));
                continue;
            }
        };
        let get = |k: usize| {
            idx[k]
                .and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(id) = row.get(id_col).map(str::trim).filter(|s| !s.is_empty()) else {
            diags.skip(&record, Some("id"), "empty id; the record is skipped");
            continue;
        };
        if !seen.insert(id.to_string()) {
            diags.skip(
                &record,
                Some("id"),
                format!("duplicate id {id:?}; the record is skipped"),
            );
            continue;
        }
        let schema = match get(3).map(str::parse::<Schema>) {
            None => Schema::Person,
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                diags.warn(&record, Some("schema"), format!("{e}; read as person"));
                Schema::Person
            }
        };
        let mut entity = Entity::new(&source, id, schema);
        match row
            .get(name_col)
            .and_then(|n| Name::new(n, NameKind::Primary))
        {
            Some(n) => {
                entity.add_name(n);
            }
            None => {
                diags.skip(&record, Some("name"), "empty name; the record is skipped");
                continue;
            }
        }
        for alias in get(2).into_iter().flat_map(|a| a.split(';')) {
            if let Some(n) = Name::new(alias, NameKind::Alias) {
                entity.add_name(common::with_script_kind(n));
            }
        }
        for d in get(4).into_iter().flat_map(|a| a.split(';')).map(str::trim) {
            match FuzzyDate::parse(d) {
                Some(date) => entity.add_birth_date(date),
                None => diags.warn(
                    &record,
                    Some("dob"),
                    format!("invalid date {d:?}, left out"),
                ),
            }
        }
        for c in get(5).into_iter().flat_map(|a| a.split(';')).map(str::trim) {
            match Country::lookup(c) {
                Some(country) if schema == Schema::Person => {
                    Entity::push_country(&mut entity.nationalities, country)
                }
                Some(country) => Entity::push_country(&mut entity.countries, country),
                None => diags.warn(
                    &record,
                    Some("country"),
                    format!("unknown country {c:?}, left out"),
                ),
            }
        }
        for spec in get(6).into_iter().flat_map(|a| a.split(';')).map(str::trim) {
            match parse_identifier(spec) {
                Ok(id) => entity.identifiers.push(id),
                Err(why) => diags.warn(&record, Some("identifiers"), why),
            }
        }
        if let Some(g) = get(7) {
            entity.gender = Gender::parse(g);
            if entity.gender.is_none() {
                diags.warn(
                    &record,
                    Some("gender"),
                    format!("unknown gender {g:?}, left out"),
                );
            }
        }
        for p in get(8).into_iter().flat_map(|a| a.split(';')) {
            Entity::push_text(&mut entity.programs, p);
        }
        if let Some(d) = get(9) {
            entity.listed_on = FuzzyDate::parse(d);
            if entity.listed_on.is_none() {
                diags.warn(
                    &record,
                    Some("listed_on"),
                    format!("invalid date {d:?}, left out"),
                );
            }
        }
        if let Some(n) = get(10) {
            Entity::push_text(&mut entity.remarks, n);
        }
        list.entities.push(entity);
    }
    list.diagnostics = diags.items;
    Ok(list)
}

/// `kind:value` or `kind:value:CC`, e.g. `passport:X123:IR`, `imo:9000003`.
fn parse_identifier(spec: &str) -> Result<Identifier, String> {
    let mut parts = spec.splitn(3, ':');
    let (Some(kind), Some(value)) = (parts.next(), parts.next()) else {
        return Err(format!("{spec:?} is not `kind:value[:country]`, left out"));
    };
    let kind = IdKind::parse(kind).ok_or_else(|| {
        format!("unknown identifier kind {kind:?} in {spec:?}, left out (see docs/internal-list-format.md)")
    })?;
    if value.trim().is_empty() {
        return Err(format!("empty identifier value in {spec:?}, left out"));
    }
    let mut id = Identifier::new(kind, value);
    if let Some(c) = parts.next() {
        id.country = Some(
            Country::lookup(c)
                .ok_or_else(|| format!("unknown country {c:?} in {spec:?}, left out"))?,
        );
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. every column is read into the model;
    //! 2. bad values are diagnostics naming line and field, the record loads;
    //! 3. records without id or name are skipped with a diagnostic;
    //! 4. a header without `id` and `name` is an error;
    //! 5. a record's line counts CRLF line ends and line breaks inside
    //!    quoted cells.
    use super::*;

    fn parse_str(s: &str) -> Result<List, Error> {
        parse(&Input::new("watch.csv", s.as_bytes()))
    }

    #[test]
    fn reads_every_column() {
        let list = parse_str(
            "ID,Name,Aliases,Schema,DOB,Country,Identifiers,Gender,Programs,Listed_On,Notes\n\
             A1,Jane Example,J. Example;Джейн Экзампл,person,1970-02-03;circa 1972,GB;Irish,passport:X123:GB,f,INT-1,2020-01-05,note\n",
        )
        .unwrap();
        assert_eq!(list.source, "watch");
        assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
        let e = &list.entities[0];
        assert_eq!(e.id, "watch:A1");
        assert_eq!(e.names.len(), 3);
        assert_eq!(e.names[2].kind, NameKind::OriginalScript);
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.nationalities.len(), 2);
        assert_eq!(e.identifiers[0].kind, IdKind::Passport);
        assert_eq!(e.identifiers[0].country.unwrap().as_str(), "GB");
        assert_eq!(e.gender, Some(Gender::Female));
        assert_eq!(e.programs, vec!["INT-1"]);
        assert_eq!(e.listed_on.unwrap().to_string(), "2020-01-05");
        assert_eq!(e.remarks, vec!["note"]);
    }

    #[test]
    fn bad_values_are_diagnostics() {
        let list = parse_str(
            "id,name,dob,country,identifiers,schema,color\n\
             A1,Jane,1970-13-01,Atlantis,badspec;ufo:1,spaceship,red\n\
             ,No Id\n\
             A3,\n\
             A1,Duplicate\n",
        )
        .unwrap();
        assert_eq!(list.entities.len(), 1);
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            vec![
                "warning: watch.csv: line 1: color: unknown column, ignored",
                "warning: watch.csv: line 2: schema: unknown schema \"spaceship\": expected person, organization, vessel or aircraft; read as person",
                "warning: watch.csv: line 2: dob: invalid date \"1970-13-01\", left out",
                "warning: watch.csv: line 2: country: unknown country \"Atlantis\", left out",
                "warning: watch.csv: line 2: identifiers: \"badspec\" is not `kind:value[:country]`, left out",
                "warning: watch.csv: line 2: identifiers: unknown identifier kind \"ufo\" in \"ufo:1\", left out (see docs/internal-list-format.md)",
                "error: watch.csv: line 3: id: empty id; the record is skipped",
                "error: watch.csv: line 4: name: empty name; the record is skipped",
                "error: watch.csv: line 5: id: duplicate id \"A1\"; the record is skipped",
            ]
        );
    }

    #[test]
    fn lines_count_crlf_and_quoted_line_breaks() {
        for eol in ["\n", "\r\n"] {
            let text = ["id,name,notes", "A1,Jane,\"two", "lines\"", "A1,Again,"].join(eol);
            let list = parse_str(&text).unwrap();
            assert_eq!(list.diagnostics[0].record, "line 4", "{eol:?}");
        }
    }

    #[test]
    fn header_must_have_id_and_name() {
        let err = parse_str("ident,fullname\n1,x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "watch.csv: the header must have the columns `id` and `name`"
        );
    }
}
