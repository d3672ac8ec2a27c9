//! Aligning the words of two names, in any order, and the name score.
//!
//! Alignment is greedy on similarity: the best-matching pair of words is
//! taken first, then the next among the words left. Words left over on both
//! sides are then tried joined: two or three adjacent words of one name
//! against one (or two, three) of the other, so that "Abdul Rahman" meets
//! "Abdulrahman", "Bin Laden" meets "Binladen" and a shifted word boundary
//! ("Razuk Iabd" / "Razuki Abd") still aligns.
//!
//! The name score then weighs what was matched by how much each word
//! identifies (its weight: rare surnames weigh more than "Muhammad"):
//! - `coverage_query`: the weighted share of the query's words matched,
//!   times their similarity. Query words the listed name lacks count fully
//!   against the match.
//! - `coverage_candidate`: the same for the listed name. Listed words the
//!   query lacks (a patronymic, a tribal name) count less, and less still
//!   when what did match is itself rare.
//! - `score = coverage_query^a × (1 − (1 − coverage_candidate) × p) × s`,
//!   where `p` falls with the matched information and `s` (specificity)
//!   discounts matches made only of very common words.

use super::ScoringConfig;
use super::similarity::{Forms, How, forms_similarity, token_similarity};
use super::weights::TokenWeights;
use crate::names::{PreparedName, Role, Token};
use serde::Serialize;

/// One aligned pair: query words against listed words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenPair {
    /// The query word(s), joined by a space when several were joined.
    pub query: String,
    /// The listed word(s).
    pub candidate: String,
    /// Their similarity, 0 to 1.
    pub similarity: f32,
    /// How the similarity was established.
    pub how: How,
    /// The information this pair carries (its weight).
    pub weight: f32,
}

/// The alignment of two names and the resulting name score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// The aligned pairs.
    pub pairs: Vec<TokenPair>,
    /// Query words left unmatched (titles excluded).
    pub unmatched_query: Vec<String>,
    /// Listed words left unmatched.
    pub unmatched_candidate: Vec<String>,
    /// Weighted share of the query matched, 0 to 1.
    pub coverage_query: f32,
    /// Weighted share of the listed name matched, 0 to 1.
    pub coverage_candidate: f32,
    /// The information matched (sum of matched weights).
    pub information: f32,
    /// The name score, 0 to 1.
    pub score: f32,
}

struct Side<'a> {
    tokens: Vec<&'a Token>,
    weights: Vec<f32>,
    used: Vec<bool>,
}

impl<'a> Side<'a> {
    fn new(name: &'a PreparedName, weights: &dyn TokenWeights) -> Side<'a> {
        let tokens: Vec<&Token> = name
            .tokens
            .iter()
            .filter(|t| t.role != Role::Title)
            .collect();
        let weights = tokens.iter().map(|t| weights.weight(t)).collect();
        let used = vec![false; tokens.len()];
        Side {
            tokens,
            weights,
            used,
        }
    }
}

struct Match {
    q: (usize, usize),
    c: (usize, usize),
    sim: f32,
    how: How,
}

/// Aligns a query name with a listed name and scores the result.
pub fn align(
    query: &PreparedName,
    candidate: &PreparedName,
    weights: &dyn TokenWeights,
    config: &ScoringConfig,
) -> Alignment {
    let mut q = Side::new(query, weights);
    let mut c = Side::new(candidate, weights);
    let mut matches: Vec<Match> = Vec::new();

    // Single words, best pairs first; exact ties keep name order.
    let mut singles: Vec<Match> = Vec::new();
    for (i, qt) in q.tokens.iter().enumerate() {
        for (j, ct) in c.tokens.iter().enumerate() {
            if let Some((sim, how)) = token_similarity(qt, ct) {
                singles.push(Match {
                    q: (i, 1),
                    c: (j, 1),
                    sim,
                    how,
                });
            }
        }
    }
    take_greedy(singles, &mut q, &mut c, &mut matches);

    // Joined words among what is left on both sides.
    if q.used.iter().any(|u| !u) && c.used.iter().any(|u| !u) {
        let qs = spans(&q);
        let cs = spans(&c);
        let mut joined: Vec<Match> = Vec::new();
        for &(qi, ql) in &qs {
            for &(ci, cl) in &cs {
                if ql == 1 && cl == 1 {
                    continue;
                }
                let (qt, qp, qk, qa) = join(&q, qi, ql);
                let (ct, cp, ck, ca) = join(&c, ci, cl);
                let qf = Forms {
                    text: &qt,
                    phon: &qp,
                    skel: &qk,
                    abjad: qa,
                };
                let cf = Forms {
                    text: &ct,
                    phon: &cp,
                    skel: &ck,
                    abjad: ca,
                };
                if let Some((sim, how)) = forms_similarity(qf, cf) {
                    // Joining is itself a small change.
                    joined.push(Match {
                        q: (qi, ql),
                        c: (ci, cl),
                        sim: sim * 0.97,
                        how,
                    });
                }
            }
        }
        take_greedy(joined, &mut q, &mut c, &mut matches);
    }

    score(&q, &c, matches, config)
}

/// Spans of 1 to 3 adjacent unused identifying or particle words.
fn spans(side: &Side<'_>) -> Vec<(usize, usize)> {
    let n = side.tokens.len();
    let mut out = Vec::new();
    for i in 0..n {
        for len in 1..=3 {
            if i + len > n {
                break;
            }
            let ok = (i..i + len).all(|k| {
                !side.used[k]
                    && matches!(
                        side.tokens[k].role,
                        Role::Name | Role::Particle(_) | Role::Honorific | Role::Number
                    )
            });
            if !ok {
                break;
            }
            out.push((i, len));
        }
    }
    out
}

fn join(side: &Side<'_>, start: usize, len: usize) -> (String, String, String, bool) {
    let ts = &side.tokens[start..start + len];
    let text: String = ts.iter().map(|t| t.text.as_str()).collect();
    let phon = crate::names::phonetic::phonetic(&text);
    let skel = crate::names::phonetic::skeleton(&phon);
    (text, phon, skel, ts.iter().all(|t| t.abjad))
}

fn take_greedy(mut cands: Vec<Match>, q: &mut Side<'_>, c: &mut Side<'_>, out: &mut Vec<Match>) {
    // Highest similarity first; on ties the heavier pair, then name order.
    cands.sort_by(|a, b| {
        b.sim
            .total_cmp(&a.sim)
            .then_with(|| {
                let wa: f32 = c.weights[a.c.0..a.c.0 + a.c.1].iter().sum();
                let wb: f32 = c.weights[b.c.0..b.c.0 + b.c.1].iter().sum();
                wb.total_cmp(&wa)
            })
            .then_with(|| a.q.cmp(&b.q))
            .then_with(|| a.c.cmp(&b.c))
    });
    for m in cands {
        let free = |s: &Side<'_>, (i, l): (usize, usize)| (i..i + l).all(|k| !s.used[k]);
        if free(q, m.q) && free(c, m.c) {
            for k in m.q.0..m.q.0 + m.q.1 {
                q.used[k] = true;
            }
            for k in m.c.0..m.c.0 + m.c.1 {
                c.used[k] = true;
            }
            out.push(m);
        }
    }
}

fn score(q: &Side<'_>, c: &Side<'_>, matches: Vec<Match>, config: &ScoringConfig) -> Alignment {
    let total_q: f32 = q
        .weights
        .iter()
        .map(|w| w.min(config.max_unmatched_query_weight))
        .sum();
    let total_c: f32 = c.weights.iter().sum();
    let mut matched_q = 0.0f32;
    let mut matched_c = 0.0f32;
    let mut unmatched_q_weight = total_q;
    let mut pairs = Vec::with_capacity(matches.len());
    for m in &matches {
        let qw: f32 = q.weights[m.q.0..m.q.0 + m.q.1]
            .iter()
            .map(|w| w.min(config.max_unmatched_query_weight))
            .sum();
        let cw: f32 = c.weights[m.c.0..m.c.0 + m.c.1].iter().sum();
        // The information of a matched pair is the listed word's: matching
        // a rare listed surname is strong however the query spelled it. An
        // initial carries only an initial's worth.
        let initial = m.how == How::Initial;
        let pair_w = if initial { qw.min(cw) } else { cw };
        unmatched_q_weight -= qw;
        matched_q += pair_w * m.sim;
        matched_c += if initial { pair_w * m.sim } else { cw * m.sim };
        pairs.push(TokenPair {
            query: words(&q.tokens[m.q.0..m.q.0 + m.q.1]),
            candidate: words(&c.tokens[m.c.0..m.c.0 + m.c.1]),
            similarity: m.sim,
            how: m.how,
            weight: pair_w,
        });
    }
    // Query side: matched information against matched plus unmatched query
    // weight (the query's own weights for what did not match).
    let denom_q = matched_q_potential(&matches, q, c, config) + unmatched_q_weight.max(0.0);
    let coverage_query = if denom_q > 0.0 {
        (matched_q / denom_q).min(1.0)
    } else {
        0.0
    };
    let matched_c_full: f32 = matches
        .iter()
        .map(|m| c.weights[m.c.0..m.c.0 + m.c.1].iter().sum::<f32>())
        .sum();
    let denom_c = total_c.max(matched_c_full);
    let coverage_candidate = if denom_c > 0.0 {
        (matched_c / denom_c).min(1.0)
    } else {
        0.0
    };
    let information = matched_q;
    let p = config.candidate_penalty_min
        + (config.candidate_penalty_max - config.candidate_penalty_min)
            * (-information / config.information_scale).exp();
    let specificity =
        1.0 - config.specificity_discount * (-information / config.specificity_scale).exp();
    let score = coverage_query.powf(config.query_coverage_exponent)
        * (1.0 - (1.0 - coverage_candidate) * p)
        * specificity;
    let identifying =
        |t: &&Token| t.is_identifying() || matches!(t.role, Role::LegalForm | Role::OrgGeneric);
    Alignment {
        unmatched_query: (0..q.tokens.len())
            .filter(|&k| !q.used[k])
            .map(|k| q.tokens[k])
            .filter(identifying)
            .map(|t| t.source.clone())
            .collect(),
        unmatched_candidate: (0..c.tokens.len())
            .filter(|&k| !c.used[k])
            .map(|k| c.tokens[k])
            .filter(identifying)
            .map(|t| t.source.clone())
            .collect(),
        pairs,
        coverage_query,
        coverage_candidate,
        information,
        score: score.clamp(0.0, 1.0),
    }
}

/// The weight the matched query words stand for (as the listed words'
/// information), the denominator's matched part.
fn matched_q_potential(
    matches: &[Match],
    q: &Side<'_>,
    c: &Side<'_>,
    config: &ScoringConfig,
) -> f32 {
    matches
        .iter()
        .map(|m| {
            let qw: f32 = q.weights[m.q.0..m.q.0 + m.q.1]
                .iter()
                .map(|w| w.min(config.max_unmatched_query_weight))
                .sum();
            let cw: f32 = c.weights[m.c.0..m.c.0 + m.c.1].iter().sum();
            if m.how == How::Initial {
                qw.min(cw)
            } else {
                cw
            }
        })
        .sum()
}

fn words(tokens: &[&Token]) -> String {
    tokens
        .iter()
        .map(|t| t.source.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
