//! Identity evidence beyond the name: date of birth, country, gender and
//! identifiers, each for or against the listed identity, as log-odds added
//! to the name score's.
//!
//! Evidence is about *this identity*: a country counts only as agreeing or
//! disagreeing with the listed person's own nationality, citizenship or
//! ties, never as a risk in itself.

use super::ScoringConfig;
use crate::country::Country;
use crate::date::{FuzzyDate, Precision};
use crate::entity::{Entity, IdKind};
use serde::Serialize;

/// The facts a query gives besides the name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Dates of birth.
    pub birth_dates: Vec<FuzzyDate>,
    /// Countries (nationality, residence, jurisdiction).
    pub countries: Vec<Country>,
    /// Gender.
    pub gender: Option<crate::entity::Gender>,
    /// Identifiers.
    pub identifiers: Vec<crate::entity::Identifier>,
}

/// One piece of evidence and what it did to the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The feature (`dob_exact`, `country_mismatch`...).
    pub feature: &'static str,
    /// What was compared, for a reader.
    pub detail: String,
    /// Its weight in log-odds: positive for, negative against.
    pub weight: f32,
    /// What it changed in the final score, in score points, applied in order.
    pub contribution: f32,
}

fn ev(feature: &'static str, detail: String, weight: f32) -> Evidence {
    Evidence {
        feature,
        detail,
        weight,
        contribution: 0.0,
    }
}

/// The evidence a query's facts give about an entity.
pub fn evidence(facts: &Facts, entity: &Entity, config: &ScoringConfig) -> Vec<Evidence> {
    let mut out = Vec::new();
    if let Some(e) = dob_evidence(&facts.birth_dates, &entity.birth_dates, config) {
        out.push(e);
    }
    if let Some(e) = country_evidence(&facts.countries, entity, config) {
        out.push(e);
    }
    if let (Some(q), Some(e)) = (facts.gender, entity.gender) {
        out.push(if q == e {
            ev(
                "gender_match",
                format!("{q:?} on both").to_lowercase(),
                config.gender_match,
            )
        } else {
            ev(
                "gender_mismatch",
                format!("query {q:?}, listed {e:?}").to_lowercase(),
                config.gender_mismatch,
            )
        });
    }
    if let Some(e) = identifier_evidence(facts, entity, config) {
        out.push(e);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DobRelation {
    Conflict,
    DayConflict,
    Near,
    Year,
    Month,
    Exact,
}

fn relate(q: &FuzzyDate, e: &FuzzyDate) -> DobRelation {
    let slack = u16::from(q.circa || e.circa);
    let (qa, qb) = q.years();
    let (ea, eb) = e.years();
    let (qa, qb) = (qa.saturating_sub(slack), qb + slack);
    if qb < ea || eb < qa {
        let gap = if qb < ea { ea - qb } else { qa - eb };
        return if gap <= 1 {
            DobRelation::Near
        } else {
            DobRelation::Conflict
        };
    }
    let single = q.precision() != Precision::Range && e.precision() != Precision::Range;
    if single && !q.circa && !e.circa {
        match (q.from.month, e.from.month) {
            (Some(qm), Some(em)) if qm != em => return DobRelation::DayConflict,
            (Some(_), Some(_)) => {
                return match (q.from.day, e.from.day) {
                    (Some(qd), Some(ed)) if qd == ed => DobRelation::Exact,
                    (Some(_), Some(_)) => DobRelation::DayConflict,
                    _ => DobRelation::Month,
                };
            }
            _ => {}
        }
    }
    DobRelation::Year
}

fn dob_evidence(
    query: &[FuzzyDate],
    listed: &[FuzzyDate],
    config: &ScoringConfig,
) -> Option<Evidence> {
    let mut best: Option<(DobRelation, &FuzzyDate, &FuzzyDate)> = None;
    for q in query {
        for e in listed {
            let r = relate(q, e);
            if best.is_none_or(|(b, _, _)| r > b) {
                best = Some((r, q, e));
            }
        }
    }
    let (r, q, e) = best?;
    let detail = format!("query {q}, listed {e}");
    Some(match r {
        DobRelation::Exact => ev("dob_exact", detail, config.dob_exact),
        DobRelation::Month => ev("dob_month", detail, config.dob_month),
        DobRelation::Year => ev("dob_year", detail, config.dob_year),
        DobRelation::Near => ev("dob_within_a_year", detail, config.dob_near),
        DobRelation::DayConflict => ev("dob_day_conflict", detail, config.dob_day_conflict),
        DobRelation::Conflict => ev("dob_conflict", detail, config.dob_conflict),
    })
}

/// Former countries and their successors count as the same country.
fn same_country(a: Country, b: Country) -> bool {
    if a == b {
        return true;
    }
    const SUCCESSORS: [(&str, &[&str]); 5] = [
        (
            "SU",
            &[
                "RU", "UA", "BY", "KZ", "UZ", "TJ", "KG", "TM", "AZ", "AM", "GE", "MD", "LT", "LV",
                "EE",
            ],
        ),
        ("YU", &["RS", "ME", "BA", "HR", "SI", "MK", "XK"]),
        ("CS", &["CZ", "SK"]),
        ("DD", &["DE"]),
        ("AN", &["CW", "SX", "BQ"]),
    ];
    SUCCESSORS.iter().any(|(old, new)| {
        (a.as_str() == *old && new.contains(&b.as_str()))
            || (b.as_str() == *old && new.contains(&a.as_str()))
    })
}

fn country_evidence(
    query: &[Country],
    entity: &Entity,
    config: &ScoringConfig,
) -> Option<Evidence> {
    if query.is_empty() {
        return None;
    }
    let strong: Vec<Country> = entity
        .nationalities
        .iter()
        .chain(&entity.citizenships)
        .copied()
        .collect();
    let all: Vec<Country> = strong.iter().chain(&entity.countries).copied().collect();
    let list = |cs: &[Country]| {
        cs.iter()
            .map(Country::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let q = list(query);
    if let Some(m) = query
        .iter()
        .find(|q| all.iter().any(|e| same_country(**q, *e)))
    {
        return Some(ev(
            "country_match",
            format!("{m} on both"),
            config.country_match,
        ));
    }
    if !strong.is_empty() {
        return Some(ev(
            "country_mismatch",
            format!("query {q}, listed nationality {}", list(&strong)),
            config.country_mismatch,
        ));
    }
    if !entity.countries.is_empty() {
        return Some(ev(
            "country_weak_mismatch",
            format!("query {q}, listed countries {}", list(&entity.countries)),
            config.country_weak_mismatch,
        ));
    }
    None
}

fn kinds_compatible(a: IdKind, b: IdKind) -> bool {
    a == b || a == IdKind::Other || b == IdKind::Other
}

fn identifier_evidence(facts: &Facts, entity: &Entity, config: &ScoringConfig) -> Option<Evidence> {
    let mut conflict = None;
    for q in &facts.identifiers {
        let qv = q.normalized_value();
        if qv.len() < 4 {
            continue;
        }
        for e in &entity.identifiers {
            if !kinds_compatible(q.kind, e.kind) {
                continue;
            }
            let evalue = e.normalized_value();
            if evalue == qv {
                return Some(ev(
                    "identifier_match",
                    format!("{} {} on both", kind_name(e.kind), e.value),
                    config.identifier_match,
                ));
            }
            let same_issuer = match (q.country, e.country) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if q.kind == e.kind && q.kind.is_strong() && same_issuer && conflict.is_none() {
                conflict = Some(ev(
                    "identifier_conflict",
                    format!(
                        "query {} {}, listed {}",
                        kind_name(q.kind),
                        q.value,
                        e.value
                    ),
                    config.identifier_conflict,
                ));
            }
        }
    }
    conflict
}

fn kind_name(k: IdKind) -> &'static str {
    k.as_str()
}
