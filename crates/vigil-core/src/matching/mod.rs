//! Scoring a query against a listed entity, with the reasons.
//!
//! The score has two parts (see the crate's `DESIGN.md`):
//! 1. the **name score**, the best alignment of any reading of the query
//!    name with any of the entity's names ([`align`]), discounted for weak
//!    aliases;
//! 2. **identity evidence** ([`evidence`]): date of birth, country, gender,
//!    identifiers, each a log-odds weight for or against the identity.
//!
//! The final score is `σ(logit(name score) + Σ evidence weights)`: evidence
//! moves a middling name score a lot and a near-certain one little, and
//! with no evidence the final score is the name score. Everything that went
//! into it is in the [`Explanation`].

pub mod align;
pub mod evidence;
pub mod similarity;
pub mod weights;

pub use align::{Alignment, TokenPair};
pub use evidence::{Evidence, Facts};
pub use similarity::How;
pub use weights::{CorpusWeights, FixedWeights, TokenWeights};

use crate::entity::{Entity, NameKind, Schema};
use crate::names::{PreparedName, prepare_listed};
use crate::script::Script;
use serde::Serialize;

/// The default alert threshold: a match at or above it is an alert.
///
/// Chosen on the evaluation sets (`docs/accuracy.md`): it keeps recall on
/// every variation class while alerting on few innocent names.
pub const DEFAULT_THRESHOLD: f32 = 0.75;

/// The longest name accepted, in characters; longer names are cut there.
pub const MAX_NAME_CHARS: usize = 300;

/// The most words of a name that are compared; the rest are ignored.
pub const MAX_NAME_WORDS: usize = 16;

/// The tunable constants of the score. There is deliberately no `Default`:
/// callers pick [`ScoringConfig::recommended`] or their own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoringConfig {
    /// Exponent on the query coverage: how hard unmatched query words hit.
    pub query_coverage_exponent: f32,
    /// Penalty share for unmatched listed words when the match is rich.
    pub candidate_penalty_min: f32,
    /// Penalty share for unmatched listed words when the match is poor.
    pub candidate_penalty_max: f32,
    /// Information over which the penalty moves from max to min.
    pub information_scale: f32,
    /// How much a match made only of common words is discounted.
    pub specificity_discount: f32,
    /// Information over which the discount fades.
    pub specificity_scale: f32,
    /// Cap on a query word's weight when it is unmatched (a misspelt word is
    /// unknown to the lists, hence "rare", and must not dominate).
    pub max_unmatched_query_weight: f32,
    /// Factor on the name score when the best listed name is a weak alias.
    pub weak_alias_factor: f32,
    /// Log-odds for the same full date of birth.
    pub dob_exact: f32,
    /// Same year and month.
    pub dob_month: f32,
    /// Same year (or within a listed range).
    pub dob_year: f32,
    /// One year apart.
    pub dob_near: f32,
    /// Same year, different month or day.
    pub dob_day_conflict: f32,
    /// More than a year apart.
    pub dob_conflict: f32,
    /// A country in common.
    pub country_match: f32,
    /// No country in common with the listed nationality or citizenship.
    pub country_mismatch: f32,
    /// No country in common with other listed countries (addresses...).
    pub country_weak_mismatch: f32,
    /// Same gender.
    pub gender_match: f32,
    /// Different gender.
    pub gender_mismatch: f32,
    /// Same identifier number.
    pub identifier_match: f32,
    /// Different number for the same kind of identifier.
    pub identifier_conflict: f32,
    /// Name score at and below which positive evidence (other than an
    /// identifier) counts for nothing: a date of birth in common does not
    /// make different names the same person.
    pub positive_evidence_floor: f32,
    /// Name score from which positive evidence counts fully; in between it
    /// counts in proportion.
    pub positive_evidence_full: f32,
    /// Log-odds of the name score above which names alone convince less and
    /// less: two equal names are never proof of one identity, so the name's
    /// log-odds grow only by `name_logit_slope` past this knee, and identity
    /// evidence (a conflicting date of birth, another nationality) can
    /// still move the score.
    pub name_logit_knee: f32,
    /// Growth of the name's log-odds past the knee.
    pub name_logit_slope: f32,
}

impl ScoringConfig {
    /// The configuration vigil ships with, tuned on the evaluation sets.
    pub fn recommended() -> ScoringConfig {
        ScoringConfig {
            query_coverage_exponent: 2.0,
            candidate_penalty_min: 0.25,
            candidate_penalty_max: 0.75,
            information_scale: 6.0,
            specificity_discount: 0.25,
            specificity_scale: 3.0,
            max_unmatched_query_weight: 7.0,
            weak_alias_factor: 0.9,
            dob_exact: 2.0,
            dob_month: 1.2,
            dob_year: 0.8,
            dob_near: 0.2,
            dob_day_conflict: -0.8,
            dob_conflict: -2.5,
            country_match: 0.5,
            country_mismatch: -1.0,
            country_weak_mismatch: -0.4,
            gender_match: 0.2,
            gender_mismatch: -1.5,
            identifier_match: 5.0,
            identifier_conflict: -1.0,
            positive_evidence_floor: 0.3,
            positive_evidence_full: 0.8,
            name_logit_knee: 2.0,
            name_logit_slope: 0.25,
        }
    }
}

/// What to screen: a name and the facts that come with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The name, in any script.
    pub name: String,
    /// What the query is, when known; a person never matches a vessel.
    /// Without one, a query with a gender is a person.
    pub schema: Option<Schema>,
    /// Dates of birth, countries, gender, identifiers.
    pub facts: Facts,
}

/// Why a query cannot be screened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The name is empty or has no letter or digit (only punctuation or
    /// invisible characters).
    EmptyName,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::EmptyName => f.write_str(
                "the name is empty or has no letter or digit (only punctuation or invisible characters)",
            ),
        }
    }
}

impl std::error::Error for QueryError {}

/// A query ready to score: every reading of its name, prepared.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    /// The query.
    pub query: Query,
    /// The readings of the name.
    pub readings: Vec<PreparedName>,
    /// What was done to the input that the caller should know (cut to
    /// length, words ignored).
    pub warnings: Vec<String>,
}

impl Query {
    /// A query with a name only.
    pub fn name(name: &str) -> Query {
        Query {
            name: name.to_string(),
            ..Query::default()
        }
    }

    /// Prepares the query; an error for a name with nothing to match.
    pub fn prepare(mut self) -> Result<PreparedQuery, QueryError> {
        // Only a person has a gender: a query that gives one is a person,
        // and meets no organisation, vessel or aircraft (nor is its surname
        // read as a legal form: "Pratt" is not the Ukrainian PrAT).
        if self.schema.is_none() && self.facts.gender.is_some() {
            self.schema = Some(Schema::Person);
        }
        let mut warnings = Vec::new();
        let mut name: &str = &self.name;
        if name.chars().count() > MAX_NAME_CHARS {
            let cut = name
                .char_indices()
                .nth(MAX_NAME_CHARS)
                .map_or(name.len(), |(i, _)| i);
            warnings.push(format!(
                "the name has {} characters; only the first {MAX_NAME_CHARS} are screened",
                name.chars().count()
            ));
            name = &name[..cut];
        }
        let mut readings = crate::names::prepare::prepare_query(name, self.schema);
        for r in &mut readings {
            if r.tokens.len() > MAX_NAME_WORDS {
                r.tokens.truncate(MAX_NAME_WORDS);
                if warnings.iter().all(|w| !w.contains("words")) {
                    warnings.push(format!(
                        "the name has more than {MAX_NAME_WORDS} words; only the first {MAX_NAME_WORDS} are compared"
                    ));
                }
            }
        }
        if readings.is_empty() {
            return Err(QueryError::EmptyName);
        }
        Ok(PreparedQuery {
            query: self,
            readings,
            warnings,
        })
    }
}

/// One name of an entity, prepared, with where it sits in `Entity::names`.
#[derive(Debug, Clone)]
pub struct PreparedListName {
    /// Index into the entity's `names`.
    pub index: usize,
    /// The prepared reading.
    pub name: PreparedName,
}

/// An entity's names prepared once, at index time.
#[derive(Debug, Clone)]
pub struct PreparedEntity {
    /// Every reading of every name (homoglyph-folded readings are not made
    /// for list names: lists are not tampered with).
    pub names: Vec<PreparedListName>,
}

impl PreparedEntity {
    /// Prepares every name of an entity.
    pub fn new(entity: &Entity) -> PreparedEntity {
        let mut names = Vec::with_capacity(entity.names.len());
        for (index, n) in entity.names.iter().enumerate() {
            for mut name in prepare_listed(&n.full, entity.schema) {
                if name.homoglyphs_folded > 0
                    && names.iter().any(|p: &PreparedListName| p.index == index)
                {
                    continue;
                }
                name.tokens.truncate(MAX_NAME_WORDS);
                // A Latin word without vowels on a list is an acronym (NCC,
                // SMT), not a name typed without vowels: it is compared as
                // written. Arabic-script words stay vowel-less.
                for t in &mut name.tokens {
                    if t.origin == Script::Latin {
                        t.abjad = false;
                    }
                }
                names.push(PreparedListName { index, name });
            }
        }
        PreparedEntity { names }
    }
}

/// Why a match scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The query name as compared (its romanised words).
    pub query_name: String,
    /// The listed name that matched best, as the list writes it.
    pub matched_name: String,
    /// Its kind (primary, alias, weak alias, former, original script).
    pub matched_name_kind: NameKind,
    /// Its script.
    pub matched_name_script: Script,
    /// The name score, after the weak-alias discount.
    pub name_score: f32,
    /// The word alignment behind the name score.
    pub alignment: Alignment,
    /// Evidence for and against the identity, in the order applied.
    pub evidence: Vec<Evidence>,
    /// Notes on the input (invisible characters removed, homoglyphs
    /// folded, romanisation used, weak alias).
    pub notes: Vec<String>,
}

/// A scored match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// The final score, 0 to 1.
    pub score: f32,
    /// The reasons.
    pub explanation: Explanation,
}

/// Whether a query of `query` schema may match an entity of `entity` schema.
pub fn schema_compatible(query: Option<Schema>, entity: Schema) -> bool {
    query.is_none_or(|q| q == entity)
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(0.001, 0.999);
    (p / (1.0 - p)).ln()
}

/// The name score as log-odds, compressed past the knee (see
/// [`ScoringConfig::name_logit_knee`]).
pub fn name_logit(name_score: f32, config: &ScoringConfig) -> f32 {
    let l = logit(name_score);
    if l <= config.name_logit_knee {
        l
    } else {
        config.name_logit_knee + (l - config.name_logit_knee) * config.name_logit_slope
    }
}

/// The share of positive evidence (other than an identifier) that counts
/// at this name score: none up to [`ScoringConfig::positive_evidence_floor`],
/// all from [`ScoringConfig::positive_evidence_full`], in proportion between.
pub fn positive_evidence_share(name_score: f32, config: &ScoringConfig) -> f32 {
    ((name_score - config.positive_evidence_floor)
        / (config.positive_evidence_full - config.positive_evidence_floor))
        .clamp(0.0, 1.0)
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Scores a query against an entity; `None` when the schemas are
/// incompatible or no name has a single matching word.
pub fn score(
    query: &PreparedQuery,
    entity: &Entity,
    prepared: &PreparedEntity,
    weights: &dyn TokenWeights,
    config: &ScoringConfig,
) -> Option<Scored> {
    score_names(query, entity, prepared, weights, config, &|_| true)
}

/// Like [`score`], comparing only the listed names `consider` accepts (the
/// index skips names that share no word with the query).
pub fn score_names(
    query: &PreparedQuery,
    entity: &Entity,
    prepared: &PreparedEntity,
    weights: &dyn TokenWeights,
    config: &ScoringConfig,
    consider: &dyn Fn(&PreparedListName) -> bool,
) -> Option<Scored> {
    if !schema_compatible(query.query.schema, entity.schema) {
        return None;
    }
    let mut best: Option<(usize, usize, align::Aligned, f32)> = None;
    for (ri, reading) in query.readings.iter().enumerate() {
        for (li, ln) in prepared.names.iter().enumerate() {
            if !consider(ln) {
                continue;
            }
            let a = align::align_core(reading, &ln.name, weights, config);
            if a.is_empty() {
                continue;
            }
            let weak = entity.names.get(ln.index).map(|n| n.kind) == Some(NameKind::WeakAlias);
            let s = if weak {
                a.score * config.weak_alias_factor
            } else {
                a.score
            };
            if best.as_ref().is_none_or(|b| s > b.3) {
                best = Some((ri, li, a, s));
            }
        }
    }
    let (ri, li, aligned, name_score) = best?;
    let reading = &query.readings[ri];
    let listed = &prepared.names[li];
    let name = &entity.names[listed.index];
    let alignment = align::explain(&aligned, reading, &listed.name, weights, config);

    let mut evidence = evidence::evidence(&query.query.facts, entity, config);
    let share = positive_evidence_share(name_score, config);
    for e in &mut evidence {
        if e.weight > 0.0 && e.feature != "identifier_match" && share < 1.0 {
            e.weight *= share;
            e.detail = format!(
                "{} (counted at {:.0}%: the names agree only partly)",
                e.detail,
                share * 100.0
            );
        }
    }
    let mut l = name_logit(name_score, config);
    let mut s = sigmoid(l);
    for e in &mut evidence {
        l += e.weight;
        let next = sigmoid(l);
        e.contribution = next - s;
        s = next;
    }

    let mut notes = Vec::new();
    if reading.invisible_removed > 0 {
        notes.push(format!(
            "{} invisible character(s) removed from the query",
            reading.invisible_removed
        ));
    }
    if reading.homoglyphs_folded > 0 {
        notes.push(format!(
            "{} look-alike character(s) from another script folded in the query",
            reading.homoglyphs_folded
        ));
    }
    if let Some(scheme) = reading.scheme.or(listed.name.scheme) {
        notes.push(match scheme {
            "kana-consonants" => {
                "kana read by its consonants (the vowels Japanese adds to a foreign name left out)"
                    .to_string()
            }
            "cyrillic-h" => {
                "Cyrillic г read as h, as Ukrainian and Belarusian write it".to_string()
            }
            _ => format!("Korean read in the {scheme} romanisation"),
        });
    }
    if name.kind == NameKind::WeakAlias {
        notes.push(format!(
            "matched a weak alias: name score × {}",
            config.weak_alias_factor
        ));
    }
    notes.extend(query.warnings.iter().cloned());
    Some(Scored {
        score: s.clamp(0.0, 1.0),
        explanation: Explanation {
            query_name: reading
                .tokens
                .iter()
                .map(|t| t.source.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            matched_name: name.full.clone(),
            matched_name_kind: name.kind,
            matched_name_script: name.script,
            name_score,
            alignment,
            evidence,
            notes,
        },
    })
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. a query with a gender and no schema is a person, and meets no
    //!    organisation; with an explicit schema, the schema stands.
    use super::*;
    use crate::entity::Gender;

    #[test]
    fn a_gender_makes_a_person() {
        let mut q = Query::name("Melissa Pratt");
        q.facts.gender = Some(Gender::Female);
        let p = q.prepare().unwrap();
        assert_eq!(p.query.schema, Some(Schema::Person));
        assert!(!schema_compatible(p.query.schema, Schema::Organization));
        // "Pratt" stays a name, not the legal form PrAT.
        assert!(
            p.readings[0]
                .tokens
                .iter()
                .all(|t| t.role == crate::names::Role::Name)
        );

        let mut q = Query::name("Ellissa Group");
        q.schema = Some(Schema::Organization);
        q.facts.gender = Some(Gender::Female);
        assert_eq!(
            q.prepare().unwrap().query.schema,
            Some(Schema::Organization)
        );
    }
}
