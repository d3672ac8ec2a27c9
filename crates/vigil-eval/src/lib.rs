//! vigil-eval: measures screening accuracy, as `vigil eval` reports it.
//!
//! - **Variation classes** ([`variations`]): from names on the loaded lists,
//!   generate one spelling per class (romanisation, original script,
//!   reordering, initials, typos, homoglyphs...), screen it, and count how
//!   often the listed entity is found at the threshold and in the top 10.
//! - **Dev positives**: pairs of a listed name and a treated spelling of it
//!   (the yente candidate-generation benchmark's UN positives).
//! - **Dev negatives**: names of people on no list; the alert rate.
//! - **Namesakes**: the same positive names with agreeing versus
//!   conflicting date of birth and nationality; the mean score drop.
//!
//! The measurements take rows; [`read_rows`] reads them from the names
//! CSV files (plain or gzip).
#![deny(missing_docs)]

pub mod rng;
pub mod variations;

use rayon::prelude::*;
use rng::Rng;
use serde::Serialize;
use variations::{Class, vary};
use vigil_core::matching::{Facts, PreparedQuery, Query};
use vigil_core::{Country, Entity, FuzzyDate, Gender, NameKind, Schema, Script};
use vigil_index::{Index, ScreenOptions};

/// Reads the rows of a names CSV file, plain or gzip: the name from
/// `full_name` (or `name`), and `date_of_birth` (or `dob`), `nationality`
/// (or `country`) and `gender` when present. The error names the file and
/// what is wrong with it.
pub fn read_rows(path: &std::path::Path) -> Result<Vec<Row>, String> {
    use std::io::Read;
    let at = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {at}: {e}"))?;
    let text = if bytes.starts_with(b"\x1F\x8B") {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot decompress {at}: {e}"))?;
        s
    } else {
        String::from_utf8(bytes).map_err(|_| format!("{at} is not UTF-8"))?
    };
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r
        .headers()
        .map_err(|e| format!("{at}: unreadable header: {e}"))?
        .clone();
    let col = |n: &str| h.iter().position(|x| x == n);
    let name = col("full_name")
        .or_else(|| col("name"))
        .ok_or_else(|| format!("{at}: no full_name or name column"))?;
    let (dob, nat, gender) = (
        col("date_of_birth").or_else(|| col("dob")),
        col("nationality").or_else(|| col("country")),
        col("gender"),
    );
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{at}: unreadable row: {e}"))?;
        let get = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        rows.push(Row {
            name: rec.get(name).unwrap_or("").to_string(),
            dob: get(dob),
            country: get(nat),
            gender: get(gender),
        });
    }
    Ok(rows)
}

/// One name of an evaluation set, with the facts the set gives.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The name.
    pub name: String,
    /// Date of birth, as written.
    pub dob: Option<String>,
    /// Nationality, as written (code or name).
    pub country: Option<String>,
    /// Gender, as written.
    pub gender: Option<String>,
}

impl Row {
    /// The query for this row, with or without its facts. Facts that cannot
    /// be read are left out.
    pub fn query(&self, with_facts: bool) -> Option<PreparedQuery> {
        let mut facts = Facts::default();
        if with_facts {
            if let Some(d) = self.dob.as_deref().and_then(FuzzyDate::parse) {
                facts.birth_dates.push(d);
            }
            if let Some(c) = self.country.as_deref().and_then(Country::lookup) {
                facts.countries.push(c);
            }
            facts.gender = self.gender.as_deref().and_then(Gender::parse);
        }
        Query {
            name: self.name.clone(),
            schema: None,
            facts,
        }
        .prepare()
        .ok()
    }
}

/// A variation that was not found, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The entity that should have been found.
    pub entity_id: String,
    /// The listed name varied.
    pub listed: String,
    /// The query screened.
    pub query: String,
    /// The entity's score, when it was a candidate at all.
    pub score: Option<f32>,
}

/// Recall for one variation class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassResult {
    /// The class.
    pub class: Class,
    /// Queries screened.
    pub n: usize,
    /// Share found at or above the threshold.
    pub recall_at_threshold: f64,
    /// Share found among the 10 best, whatever the score.
    pub recall_top10: f64,
    /// Mean score of the entity (0 when not a candidate).
    pub mean_score: f64,
    /// The first misses at the threshold (at most [`MISSES_KEPT`]).
    pub misses: Vec<Miss>,
}

/// Where the entity landed for one query: its score, and whether it was in
/// the top 10.
fn locate(index: &Index, q: &PreparedQuery, expected: &str) -> (Option<f32>, bool) {
    let hits = index.screen(
        q,
        &ScreenOptions {
            threshold: 0.0,
            limit: 10,
        },
    );
    let found = hits.iter().find(|h| h.entity.id == expected);
    (found.map(|h| h.scored.score), found.is_some())
}

/// Names that can be varied: Latin primary names of persons and
/// organisations with at least two words, one entity per id.
fn sources(index: &Index) -> Vec<&Entity> {
    sources_of(index.entities())
}

/// The entities whose names can be varied: persons and organisations with
/// a Latin primary name of two words or more, one entity per id.
pub fn sources_of(entities: &[Entity]) -> Vec<&Entity> {
    let mut seen = std::collections::HashSet::new();
    entities
        .iter()
        .filter(|e| matches!(e.schema, Schema::Person | Schema::Organization))
        .filter(|e| {
            e.names
                .iter()
                .find(|n| n.kind == NameKind::Primary)
                .is_some_and(|n| {
                    n.script == Script::Latin && n.full.split_whitespace().count() >= 2
                })
        })
        .filter(|e| seen.insert(e.id.as_str()))
        .collect()
}

/// How many misses a result keeps, for `vigil eval --json` to list.
pub const MISSES_KEPT: usize = 100;

/// Measures every variation class on up to `sample` names each. Classes
/// that cross scripts are screened against `latin_index`, an index of the
/// same lists with only their Latin names.
pub fn run_variations(
    index: &Index,
    latin_index: &Index,
    sample: usize,
    threshold: f32,
    classes: &[Class],
) -> Vec<ClassResult> {
    let sources = sources(index);
    classes
        .iter()
        .map(|&class| {
            let target = if class.latin_only_index() {
                latin_index
            } else {
                index
            };
            // A deterministic sample: entities ordered by a hash of id and class.
            let mut order: Vec<(u64, &Entity)> = sources
                .iter()
                .map(|e| (Rng::from_str_seed(&[&e.id, class.as_str()]).next_u64(), *e))
                .collect();
            order.sort_by_key(|(h, _)| *h);
            let cases: Vec<(String, String, String)> = order
                .iter()
                .filter(|(_, e)| !class.persons_only() || e.schema == Schema::Person)
                .filter_map(|(_, e)| {
                    let mut rng = Rng::from_str_seed(&[&e.id, class.as_str(), "vary"]);
                    if class == Class::OriginalScript {
                        let n = e
                            .names
                            .iter()
                            .find(|n| n.script != Script::Latin && n.script != Script::None)?;
                        return Some((e.id.clone(), e.caption().to_string(), n.full.clone()));
                    }
                    let listed = e.caption();
                    vary(class, listed, &mut rng).map(|q| (e.id.clone(), listed.to_string(), q))
                })
                .take(sample)
                .collect();
            let outcomes: Vec<(Option<f32>, bool)> = cases
                .par_iter()
                .map(|(id, _, q)| match Query::name(q).prepare() {
                    Ok(p) => locate(target, &p, id),
                    Err(_) => (None, false),
                })
                .collect();
            let n = cases.len();
            let at = outcomes
                .iter()
                .filter(|(s, _)| s.is_some_and(|s| s >= threshold))
                .count();
            let top = outcomes.iter().filter(|(_, t)| *t).count();
            let mean = outcomes
                .iter()
                .map(|(s, _)| f64::from(s.unwrap_or(0.0)))
                .sum::<f64>()
                / n.max(1) as f64;
            let misses = cases
                .iter()
                .zip(&outcomes)
                .filter(|(_, (s, _))| !s.is_some_and(|s| s >= threshold))
                .take(MISSES_KEPT)
                .map(|((id, listed, q), (s, _))| Miss {
                    entity_id: id.clone(),
                    listed: listed.clone(),
                    query: q.clone(),
                    score: *s,
                })
                .collect();
            ClassResult {
                class,
                n,
                recall_at_threshold: at as f64 / n.max(1) as f64,
                recall_top10: top as f64 / n.max(1) as f64,
                mean_score: mean,
                misses,
            }
        })
        .collect()
}

/// Recall on pairs of a listed name and a treated spelling of it.
#[derive(Debug, Clone, Serialize)]
pub struct PositivesResult {
    /// Whether the facts (date of birth, nationality) were given.
    pub with_facts: bool,
    /// Pairs whose listed name was found in the lists (the others are not
    /// counted: the set's list version differs from the one loaded).
    pub n: usize,
    /// Pairs whose listed name could not be found.
    pub unmapped: usize,
    /// Share of treated names finding the entity at or above the threshold.
    pub recall_at_threshold: f64,
    /// Share finding it in the top 10.
    pub recall_top10: f64,
    /// The first misses (at most [`MISSES_KEPT`]).
    pub misses: Vec<Miss>,
}

/// The entity each listed (untreated) name is: the best hit of the given
/// source (the set's own list), when its name matches closely.
pub fn map_listed(index: &Index, listed: &[Row], source: &str) -> Vec<Option<String>> {
    listed
        .par_iter()
        .map(|r| {
            let q = r.query(true)?;
            let hits = index.screen(
                &q,
                &ScreenOptions {
                    threshold: 0.0,
                    limit: 20,
                },
            );
            let h = hits.iter().find(|h| h.entity.source == source)?;
            (h.scored.explanation.name_score >= 0.9).then(|| h.entity.id.clone())
        })
        .collect()
}

/// Recall of treated names, given the entity each listed name maps to.
pub fn run_positives(
    index: &Index,
    expected: &[Option<String>],
    treated: &[Row],
    threshold: f32,
    with_facts: bool,
) -> PositivesResult {
    let outcomes: Vec<Option<(Option<f32>, bool)>> = expected
        .par_iter()
        .zip(treated)
        .map(|(e, r)| {
            let id = e.as_ref()?;
            Some(match r.query(with_facts) {
                Some(q) => locate(index, &q, id),
                None => (None, false),
            })
        })
        .collect();
    let n = outcomes.iter().flatten().count();
    let at = outcomes
        .iter()
        .flatten()
        .filter(|(s, _)| s.is_some_and(|s| s >= threshold))
        .count();
    let top = outcomes.iter().flatten().filter(|(_, t)| *t).count();
    let misses = outcomes
        .iter()
        .zip(expected)
        .zip(treated)
        .filter_map(|((o, e), r)| {
            let (s, _) = (*o)?;
            (!s.is_some_and(|s| s >= threshold)).then(|| Miss {
                entity_id: e.clone().unwrap_or_default(),
                listed: String::new(),
                query: r.name.clone(),
                score: s,
            })
        })
        .take(MISSES_KEPT)
        .collect();
    PositivesResult {
        with_facts,
        n,
        unmapped: expected.iter().filter(|e| e.is_none()).count(),
        recall_at_threshold: at as f64 / n.max(1) as f64,
        recall_top10: top as f64 / n.max(1) as f64,
        misses,
    }
}

/// Alerts on names of people on no list.
#[derive(Debug, Clone, Serialize)]
pub struct NegativesResult {
    /// Whether the facts were given.
    pub with_facts: bool,
    /// Names screened.
    pub n: usize,
    /// Names with at least one match at or above the threshold.
    pub alerts: usize,
    /// `alerts / n`.
    pub alert_rate: f64,
    /// The first alerts: query and what it matched.
    pub examples: Vec<(String, String, f32)>,
}

/// The alert rate on names of people on no list.
pub fn run_negatives(
    index: &Index,
    rows: &[Row],
    threshold: f32,
    with_facts: bool,
) -> NegativesResult {
    let hits: Vec<Option<(String, f32)>> = rows
        .par_iter()
        .map(|r| {
            let q = r.query(with_facts)?;
            let h = index.screen(
                &q,
                &ScreenOptions {
                    threshold,
                    limit: 1,
                },
            );
            h.first().map(|h| {
                (
                    format!("{} ({})", h.scored.explanation.matched_name, h.entity.id),
                    h.scored.score,
                )
            })
        })
        .collect();
    let alerts = hits.iter().filter(|h| h.is_some()).count();
    let examples = rows
        .iter()
        .zip(&hits)
        .filter_map(|(r, h)| h.as_ref().map(|(m, s)| (r.name.clone(), m.clone(), *s)))
        .take(20)
        .collect();
    NegativesResult {
        with_facts,
        n: rows.len(),
        alerts,
        alert_rate: alerts as f64 / rows.len().max(1) as f64,
        examples,
    }
}

/// Agreeing against conflicting identity evidence on the same names.
#[derive(Debug, Clone, Serialize)]
pub struct NamesakeResult {
    /// Names compared (those whose set gives a date of birth and a
    /// nationality).
    pub n: usize,
    /// Mean score with the listed person's own date of birth and nationality.
    pub mean_agreeing: f64,
    /// Mean score with a date of birth 15 years off and another nationality.
    pub mean_conflicting: f64,
    /// `mean_agreeing - mean_conflicting`.
    pub mean_drop: f64,
    /// Share of conflicting namesakes still at or above the threshold.
    pub conflicting_alert_rate: f64,
}

/// Scores each listed name with agreeing and with conflicting evidence.
pub fn run_namesakes(
    index: &Index,
    expected: &[Option<String>],
    listed: &[Row],
    threshold: f32,
) -> NamesakeResult {
    let pairs: Vec<(f32, f32)> = expected
        .par_iter()
        .zip(listed)
        .filter_map(|(e, r)| {
            let id = e.as_ref()?;
            let dob = FuzzyDate::parse(r.dob.as_deref()?)?;
            let country = Country::lookup(r.country.as_deref()?)?;
            let other = if country.as_str() == "SE" { "NO" } else { "SE" };
            let shifted = format!("{}", dob.from.year + 15);
            let agree = r.query(true)?;
            let conflict = Row {
                name: r.name.clone(),
                dob: Some(shifted),
                country: Some(other.to_string()),
                gender: None,
            }
            .query(true)?;
            let score = |q: &PreparedQuery| {
                index
                    .screen(
                        q,
                        &ScreenOptions {
                            threshold: 0.0,
                            limit: 50,
                        },
                    )
                    .iter()
                    .find(|h| &h.entity.id == id)
                    .map_or(0.0, |h| h.scored.score)
            };
            Some((score(&agree), score(&conflict)))
        })
        .collect();
    let n = pairs.len().max(1) as f64;
    let agree = pairs.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let conflict = pairs.iter().map(|p| f64::from(p.1)).sum::<f64>() / n;
    NamesakeResult {
        n: pairs.len(),
        mean_agreeing: agree,
        mean_conflicting: conflict,
        mean_drop: agree - conflict,
        conflicting_alert_rate: pairs.iter().filter(|p| p.1 >= threshold).count() as f64 / n,
    }
}

/// A copy of entities keeping only their Latin-script names (entities with
/// none are dropped): the lists as a Latin-only screening system sees them.
pub fn latin_only(entities: &[Entity]) -> Vec<Entity> {
    entities
        .iter()
        .filter_map(|e| {
            let mut e = e.clone();
            e.names.retain(|n| n.script == Script::Latin);
            (!e.names.is_empty()).then_some(e)
        })
        .collect()
}
