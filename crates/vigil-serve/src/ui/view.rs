//! What the templates show, computed in Rust so that the templates only
//! place text: explanations read back from their JSON, scores and weights
//! formatted, links encoded, and the dashboard's bar charts laid out as SVG
//! geometry.

use serde::Deserialize;
use std::fmt::Write;

/// A score or weight with two decimals (`0.96`, `+1.25`).
pub fn two(x: f64) -> String {
    format!("{x:.2}")
}

fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

/// A path segment or query value, percent-encoded.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The link to an entity's page.
pub fn entity_href(id: &str) -> String {
    format!("/ui/entities/{}", enc(id))
}

/// A status as people read it (`false_positive` → `false positive`).
pub fn status_text(status: &str) -> String {
    status.replace('_', " ")
}

/// An explanation, as the scorer wrote it (stored alerts keep it as JSON).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ExplanationJson {
    query_name: String,
    matched_name: String,
    matched_name_kind: String,
    matched_name_script: String,
    name_score: f64,
    alignment: AlignmentJson,
    evidence: Vec<EvidenceJson>,
    notes: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct AlignmentJson {
    pairs: Vec<PairJson>,
    unmatched_query: Vec<String>,
    unmatched_candidate: Vec<String>,
    quality: f64,
    coverage_query: f64,
    coverage_candidate: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct PairJson {
    query: String,
    candidate: String,
    similarity: f64,
    how: String,
    weight: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct EvidenceJson {
    feature: String,
    detail: String,
    weight: f64,
    contribution: f64,
}

/// One aligned word pair, formatted.
pub struct Pair {
    pub query: String,
    pub candidate: String,
    pub similarity: String,
    pub how: String,
    pub weight: String,
}

/// One piece of evidence, formatted.
pub struct Evidence {
    pub feature: String,
    pub detail: String,
    pub weight: String,
    pub contribution: String,
    /// `for` or `against`.
    pub direction: &'static str,
}

/// Why a match scored what it did, ready to show.
pub struct Explanation {
    pub query_name: String,
    pub matched_name: String,
    pub matched_kind: String,
    pub matched_script: String,
    pub name_score: String,
    pub quality: String,
    pub coverage_query: String,
    pub coverage_candidate: String,
    pub pairs: Vec<Pair>,
    pub unmatched_query: String,
    pub unmatched_candidate: String,
    pub evidence: Vec<Evidence>,
    pub notes: Vec<String>,
}

impl Explanation {
    /// Reads an explanation's JSON; a value that is not one shows empty.
    pub fn of(value: &serde_json::Value) -> Explanation {
        let e: ExplanationJson = serde_json::from_value(value.clone()).unwrap_or_default();
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        Explanation {
            query_name: e.query_name,
            matched_name: e.matched_name,
            matched_kind: e.matched_name_kind.replace('_', " "),
            matched_script: e.matched_name_script,
            name_score: two(e.name_score),
            quality: two(e.alignment.quality),
            coverage_query: pct(e.alignment.coverage_query),
            coverage_candidate: pct(e.alignment.coverage_candidate),
            pairs: e
                .alignment
                .pairs
                .into_iter()
                .map(|p| Pair {
                    query: p.query,
                    candidate: p.candidate,
                    similarity: two(p.similarity),
                    how: p.how.replace('_', " "),
                    weight: format!("{:.1}", p.weight),
                })
                .collect(),
            unmatched_query: e.alignment.unmatched_query.join(", "),
            unmatched_candidate: e.alignment.unmatched_candidate.join(", "),
            evidence: e
                .evidence
                .into_iter()
                .map(|x| Evidence {
                    direction: if x.weight >= 0.0 { "for" } else { "against" },
                    feature: x.feature.replace('_', " "),
                    detail: x.detail,
                    weight: signed(x.weight),
                    contribution: signed(x.contribution),
                })
                .collect(),
            notes: e.notes,
        }
    }

    /// Reads an explanation stored as JSON text.
    pub fn of_text(text: &str) -> Explanation {
        Explanation::of(&serde_json::from_str(text).unwrap_or_default())
    }

    /// The explanation as an HTML fragment (escaped by its template),
    /// for a page to place as it is.
    pub fn html(&self) -> String {
        use askama::Template;
        ExplanationPart { e: self }
            .render()
            .unwrap_or_else(|e| format!("<p>the explanation could not be shown: {e}</p>"))
    }
}

#[derive(askama::Template)]
#[template(path = "explanation.html")]
struct ExplanationPart<'a> {
    e: &'a Explanation,
}

/// One bar of a chart.
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub label: String,
    pub value: i64,
    /// A CSS class (the series).
    pub class: String,
}

/// A bar chart as SVG geometry, with its data as a table for screen
/// readers and for reading exact values.
pub struct Chart {
    /// What it shows (the figure's caption and the SVG's title).
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    /// Axis labels: (x, y, text, CSS class).
    pub ticks: Vec<(String, String, String, &'static str)>,
    /// The rows of the table: label and value.
    pub rows: Vec<(String, i64)>,
    /// Series names and their CSS classes, for the legend.
    pub legend: Vec<(String, String)>,
}

const CHART_W: u32 = 640;
const CHART_H: u32 = 160;
const AXIS: f64 = 18.0;

fn f1(x: f64) -> String {
    format!("{x:.1}")
}

impl Chart {
    /// One bar per day, in order (days with none included as zero).
    pub fn per_day(title: &str, class: &str, days: &[(String, i64)]) -> Chart {
        let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1);
        let n = days.len().max(1) as f64;
        let slot = f64::from(CHART_W) / n;
        let plot = f64::from(CHART_H) - AXIS;
        let mut bars = Vec::new();
        // The top of the scale.
        let mut ticks = vec![(f1(0.0), f1(10.0), format!("{max}"), "tick")];
        for (i, (day, v)) in days.iter().enumerate() {
            let h = plot * (*v as f64) / (max as f64);
            bars.push(Bar {
                x: f1(i as f64 * slot + slot * 0.15),
                y: f1(plot - h),
                width: f1(slot * 0.7),
                height: f1(h),
                label: day.clone(),
                value: *v,
                class: class.to_string(),
            });
            let last = i + 1 == days.len();
            if last || (i % 7 == 0 && days.len() - i > 4) {
                let (x, class) = if last {
                    (f64::from(CHART_W), "tick end")
                } else {
                    (i as f64 * slot, "tick")
                };
                ticks.push((
                    f1(x),
                    f1(f64::from(CHART_H) - 4.0),
                    day.get(5..).unwrap_or(day).to_string(),
                    class,
                ));
            }
        }
        Chart {
            title: title.to_string(),
            width: CHART_W,
            height: CHART_H,
            bars,
            ticks,
            rows: days.to_vec(),
            legend: Vec::new(),
        }
    }

    /// One horizontal bar per row, split into segments by series:
    /// `rows` are (row label, [(series, value)]).
    pub fn stacked(title: &str, rows: &[(String, Vec<(String, i64)>)]) -> Chart {
        let total = |r: &[(String, i64)]| r.iter().map(|s| s.1).sum::<i64>();
        let max = rows.iter().map(|r| total(&r.1)).max().unwrap_or(0).max(1);
        let label_w = 120.0;
        let row_h = 26.0;
        let height = (rows.len().max(1) as f64 * row_h) as u32 + 4;
        let span = f64::from(CHART_W) - label_w - 40.0;
        let mut bars = Vec::new();
        let mut ticks = Vec::new();
        let mut legend: Vec<(String, String)> = Vec::new();
        let mut table = Vec::new();
        for (i, (label, segments)) in rows.iter().enumerate() {
            let y = i as f64 * row_h + 2.0;
            let mut x = label_w;
            ticks.push((f1(0.0), f1(y + row_h * 0.62), label.clone(), "tick"));
            for (series, v) in segments {
                let w = span * (*v as f64) / (max as f64);
                let class = format!("s-{}", series.replace(' ', "_"));
                bars.push(Bar {
                    x: f1(x),
                    y: f1(y),
                    width: f1(w),
                    height: f1(row_h - 6.0),
                    label: format!("{label}: {series}"),
                    value: *v,
                    class: class.clone(),
                });
                x += w;
                if legend.iter().all(|(s, _)| s != series) {
                    legend.push((series.clone(), class));
                }
                table.push((format!("{label}, {series}"), *v));
            }
        }
        Chart {
            title: title.to_string(),
            width: CHART_W,
            height,
            bars,
            ticks,
            rows: table,
            legend,
        }
    }
}

/// The days from `first` to `last` (`YYYY-MM-DD`), with the counts given
/// and zero for the others.
pub fn fill_days(first: &str, days: u32, counts: &[(String, i64)]) -> Vec<(String, i64)> {
    let Some(start) = vigil_core::date::parse_rfc3339(&format!("{first}T00:00:00Z")) else {
        return counts.to_vec();
    };
    (0..days)
        .map(|i| {
            let t = start + std::time::Duration::from_secs(86_400 * u64::from(i));
            let day = vigil_core::date::rfc3339(t)[..10].to_string();
            let n = counts.iter().find(|c| c.0 == day).map_or(0, |c| c.1);
            (day, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_read_back() {
        let e = Explanation::of(&serde_json::json!({
            "query_name": "kareem farsi", "matched_name": "Karim AL-FARSI",
            "matched_name_kind": "weak_alias", "name_score": 0.9612,
            "alignment": {"pairs": [{"query": "kareem", "candidate": "karim",
                "similarity": 0.93, "how": "transliteration", "weight": 3.5}],
                "unmatched_query": [], "unmatched_candidate": ["abdulrahman"],
                "quality": 0.95, "coverage_query": 1.0, "coverage_candidate": 0.7},
            "evidence": [{"feature": "dob_mismatch", "detail": "1980 against 1971",
                "weight": -2.0, "contribution": -0.31}],
        }));
        assert_eq!(e.matched_kind, "weak alias");
        assert_eq!(e.name_score, "0.96");
        assert_eq!(e.pairs[0].similarity, "0.93");
        assert_eq!(e.unmatched_candidate, "abdulrahman");
        assert_eq!(e.evidence[0].direction, "against");
        assert_eq!(e.evidence[0].weight, "-2.00");
        assert_eq!(e.coverage_candidate, "70%");
        assert_eq!(Explanation::of_text("not json").pairs.len(), 0);
    }

    #[test]
    fn links_and_days() {
        assert_eq!(entity_href("un:QDi.001"), "/ui/entities/un:QDi.001");
        assert_eq!(enc("a b/ç"), "a%20b%2F%C3%A7");
        let days = fill_days("2026-02-27", 3, &[("2026-03-01".into(), 4)]);
        assert_eq!(
            days,
            [
                ("2026-02-27".to_string(), 0),
                ("2026-02-28".to_string(), 0),
                ("2026-03-01".to_string(), 4)
            ]
        );
        let c = Chart::per_day("t", "a", &days);
        assert_eq!(c.bars[2].height, "142.0");
        assert_eq!(c.bars[0].height, "0.0");
        let s = Chart::stacked(
            "t",
            &[(
                "un".into(),
                vec![("open".into(), 2), ("true match".into(), 2)],
            )],
        );
        assert_eq!(s.legend.len(), 2);
        assert_eq!(s.rows[1], ("un, true match".to_string(), 2));
    }
}
