//! How matches are written: the JSON shape relied on by `screen --json`,
//! `batch` and `compare` (keep it stable), and the text rendering of an
//! explanation for people.

use crate::Hit;
use serde::Serialize;
use vigil_core::Schema;
use vigil_core::matching::{Explanation, Scored};

/// One match in JSON: `entity_id`, `score`, `name` (the listed name
/// matched), `caption`, `schema`, `list`, `explanation`.
#[derive(Debug, Serialize)]
pub struct MatchOut<'a> {
    /// The listed entity's id (`source:list id`).
    pub entity_id: &'a str,
    /// The score, 0 to 1, four decimals.
    pub score: f64,
    /// The listed name that matched.
    pub name: &'a str,
    /// The entity's caption (its primary name).
    pub caption: &'a str,
    /// The entity's schema.
    pub schema: Schema,
    /// The list it is on.
    pub list: &'a str,
    /// Why it scored what it did.
    pub explanation: &'a Explanation,
}

/// Scores are written with four decimals: reproducible, and no false
/// precision.
pub fn round(score: f32) -> f64 {
    (f64::from(score) * 10_000.0).round() / 10_000.0
}

impl<'a> MatchOut<'a> {
    /// The JSON shape of a hit.
    pub fn of(hit: &'a Hit<'a>) -> MatchOut<'a> {
        MatchOut {
            entity_id: &hit.entity.id,
            score: round(hit.scored.score),
            name: &hit.scored.explanation.matched_name,
            caption: hit.entity.caption(),
            schema: hit.entity.schema,
            list: &hit.list.source,
            explanation: &hit.scored.explanation,
        }
    }
}

/// The explanation as indented lines of text.
pub fn explain_text(scored: &Scored, indent: &str) -> String {
    let e = &scored.explanation;
    let mut out = String::new();
    out.push_str(&format!(
        "{indent}matched {} {:?} ({}), name score {:.3}\n",
        e.matched_name_kind.as_str().replace('_', " "),
        e.matched_name,
        e.matched_name_script,
        e.name_score
    ));
    let pairs: Vec<String> = e
        .alignment
        .pairs
        .iter()
        .map(|p| {
            if p.query == p.candidate {
                format!("{} ({:?}, w {:.1})", p.query, p.how, p.weight).to_lowercase()
            } else {
                format!(
                    "{} ~ {} ({:?} {:.2}, w {:.1})",
                    p.query, p.candidate, p.how, p.similarity, p.weight
                )
                .to_lowercase()
            }
        })
        .collect();
    out.push_str(&format!("{indent}words: {}\n", pairs.join(" · ")));
    if !e.alignment.unmatched_query.is_empty() || !e.alignment.unmatched_candidate.is_empty() {
        out.push_str(&format!(
            "{indent}unmatched: query [{}], listed [{}]; coverage query {:.2}, listed {:.2}\n",
            e.alignment.unmatched_query.join(", "),
            e.alignment.unmatched_candidate.join(", "),
            e.alignment.coverage_query,
            e.alignment.coverage_candidate
        ));
    }
    for ev in &e.evidence {
        out.push_str(&format!(
            "{indent}{} {}: {} ({:+.3})\n",
            if ev.weight >= 0.0 { "+" } else { "-" },
            ev.feature,
            ev.detail,
            ev.contribution
        ));
    }
    for n in &e.notes {
        out.push_str(&format!("{indent}note: {n}\n"));
    }
    out
}
