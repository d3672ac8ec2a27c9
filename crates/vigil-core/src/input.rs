//! Turning user input (flags, CSV cells, JSON fields) into a screening
//! query, with errors that name the field and say why.

use crate::matching::{Facts, Query};
use crate::{Country, FuzzyDate, Gender, IdKind, Identifier, PartialDate, Schema};
use serde::Serialize;
use std::fmt;

/// A field that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field, as the user named it (`dob`, `country`...).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// A field error.
pub fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// The raw fields of one query.
#[derive(Debug, Clone, Default)]
pub struct RawQuery<'a> {
    /// The name, in any script.
    pub name: &'a str,
    /// Dates of birth, `;`-separated.
    pub dob: Option<&'a str>,
    /// Countries (codes or names), `;`-separated.
    pub country: Option<&'a str>,
    /// person, organization, vessel or aircraft.
    pub schema: Option<&'a str>,
    /// male or female.
    pub gender: Option<&'a str>,
    /// `kind:value[:CC]`, `;`-separated.
    pub identifiers: Option<&'a str>,
}

/// Splits a multi-valued cell on `;` (and `,` for countries and dates).
fn values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|v| !v.is_empty())
}

/// Reads the fields into a query. Empty optional fields are absent; a bad
/// field is an error naming it.
pub fn build(raw: &RawQuery<'_>) -> Result<Query, FieldError> {
    let (query, mut problems) = read(raw)?;
    match problems.is_empty() {
        true => Ok(query),
        false => Err(problems.remove(0)),
    }
}

/// Reads the fields like [`build`], but a bad optional field is left out
/// and reported, so that a record with a typo in its date of birth is still
/// screened by name (batch mode). Only a missing name is an error.
pub fn build_lenient(raw: &RawQuery<'_>) -> Result<(Query, Vec<FieldError>), FieldError> {
    read(raw)
}

fn read(raw: &RawQuery<'_>) -> Result<(Query, Vec<FieldError>), FieldError> {
    let name = raw.name.trim();
    if name.is_empty() {
        return Err(err("name", "the name is empty"));
    }
    let mut problems = Vec::new();
    let mut facts = Facts::default();
    for d in raw.dob.into_iter().flat_map(values) {
        match parse_dob(d) {
            Ok(date) => facts.birth_dates.push(date),
            Err(e) => problems.push(e),
        }
    }
    for c in raw.country.into_iter().flat_map(values) {
        match Country::lookup(c) {
            Some(country) if !facts.countries.contains(&country) => facts.countries.push(country),
            Some(_) => {}
            None => problems.push(err(
                "country",
                format!("unknown country {c:?}: expected an ISO 3166-1 alpha-2 code such as AF or a country name"),
            )),
        }
    }
    let schema = match raw.schema.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<Schema>() {
            Ok(s) => Some(s),
            Err(e) => {
                problems.push(err("schema", e));
                None
            }
        },
    };
    if let Some(g) = raw.gender.map(str::trim).filter(|s| !s.is_empty()) {
        match Gender::parse(g) {
            Some(g) => facts.gender = Some(g),
            None => problems.push(err(
                "gender",
                format!("unknown gender {g:?}: expected male or female"),
            )),
        }
    }
    for spec in raw.identifiers.into_iter().flat_map(values) {
        match parse_identifier(spec) {
            Ok(id) => facts.identifiers.push(id),
            Err(e) => problems.push(e),
        }
    }
    let query = Query {
        name: name.to_string(),
        schema,
        facts,
    };
    Ok((query, problems))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the looser list spellings are
/// accepted too.
pub fn parse_dob(d: &str) -> Result<FuzzyDate, FieldError> {
    PartialDate::parse_iso(d)
        .map(FuzzyDate::on)
        .or_else(|| FuzzyDate::parse(d))
        .ok_or_else(|| {
            err(
                "dob",
                format!("invalid date {d:?}: expected YYYY, YYYY-MM or YYYY-MM-DD"),
            )
        })
}

/// `kind:value` or `kind:value:CC`, or a bare value (kind `other`).
fn parse_identifier(spec: &str) -> Result<Identifier, FieldError> {
    let parts: Vec<&str> = spec.splitn(3, ':').collect();
    let (kind, value, country) = match parts.as_slice() {
        [v] => (IdKind::Other, *v, None),
        [k, v] => (parse_kind(k)?, *v, None),
        [k, v, c] => (parse_kind(k)?, *v, Some(*c)),
        _ => unreachable!("splitn gives 1 to 3 parts"),
    };
    if value.trim().is_empty() {
        return Err(err(
            "identifiers",
            format!("empty identifier value in {spec:?}"),
        ));
    }
    let mut id = Identifier::new(kind, value);
    if let Some(c) = country {
        id.country = Some(Country::lookup(c).ok_or_else(|| {
            err(
                "identifiers",
                format!("unknown issuing country {c:?} in {spec:?}"),
            )
        })?);
    }
    Ok(id)
}

fn parse_kind(k: &str) -> Result<IdKind, FieldError> {
    IdKind::parse(k).ok_or_else(|| {
        let kinds: Vec<&str> = IdKind::ALL.iter().map(|k| k.as_str()).collect();
        err(
            "identifiers",
            format!(
                "unknown identifier kind {k:?}: expected one of {}",
                kinds.join(", ")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. every field is read, with several values where allowed;
    //! 2. each bad field gives an error naming it.
    use super::*;

    #[test]
    fn fields() {
        let q = build(&RawQuery {
            name: " Jane Doe ",
            dob: Some("1970-02; 1971"),
            country: Some("af;Iraq"),
            schema: Some("person"),
            gender: Some("F"),
            identifiers: Some("passport:X123:IQ;9876543"),
        })
        .unwrap();
        assert_eq!(q.name, "Jane Doe");
        assert_eq!(q.facts.birth_dates.len(), 2);
        assert_eq!(q.facts.countries.len(), 2);
        assert_eq!(q.schema, Some(Schema::Person));
        assert_eq!(q.facts.identifiers.len(), 2);
    }

    #[track_caller]
    fn bad(raw: RawQuery<'_>, expect: &str) {
        assert_eq!(build(&raw).unwrap_err().to_string(), expect);
    }

    #[test]
    fn errors_name_the_field() {
        let base = RawQuery {
            name: "X",
            ..RawQuery::default()
        };
        bad(
            RawQuery {
                name: "  ",
                ..base.clone()
            },
            "name: the name is empty",
        );
        bad(
            RawQuery {
                dob: Some("1970-13"),
                ..base.clone()
            },
            "dob: invalid date \"1970-13\": expected YYYY, YYYY-MM or YYYY-MM-DD",
        );
        bad(
            RawQuery {
                country: Some("ZZ"),
                ..base.clone()
            },
            "country: unknown country \"ZZ\": expected an ISO 3166-1 alpha-2 code such as AF or a country name",
        );
        bad(
            RawQuery {
                schema: Some("ship2"),
                ..base.clone()
            },
            "schema: unknown schema \"ship2\": expected person, organization, vessel or aircraft",
        );
    }
}
