//! `vigil eval`: accuracy on the evaluation sets and on generated
//! variations of the loaded lists (see `vigil_eval`), as a table, JSON, or
//! the Markdown recorded in `docs/accuracy.md`.

use crate::engine;
use crate::lists_arg::ListArgs;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use vigil_core::matching::DEFAULT_THRESHOLD;
use vigil_eval::variations::Class;
use vigil_eval::{
    ClassResult, NamesakeResult, NegativesResult, PositivesResult, Row, latin_only, map_listed,
    run_namesakes, run_negatives, run_positives, run_variations,
};
use vigil_index::{IndexBuilder, ListMeta};

/// `vigil eval [--list PATH]... [--names DIR] [--threshold F] [--sample N] [--json | --markdown]`
#[derive(Args)]
pub(crate) struct EvalArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// The folder of evaluation sets (positives-un-*-dev.csv, negatives-dev.csv.gz).
    #[arg(long, default_value = "../shared/data/names")]
    names: PathBuf,
    /// The alert threshold evaluated.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Generated variations per class.
    #[arg(long, default_value_t = 300)]
    sample: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Print the Markdown tables of docs/accuracy.md.
    #[arg(long, conflicts_with = "json")]
    markdown: bool,
    /// Only these variation classes (comma-separated), e.g. typos,initials.
    #[arg(long, value_delimiter = ',')]
    classes: Vec<String>,
    /// Skip the dev sets (positives, negatives, namesakes).
    #[arg(long)]
    no_dev: bool,
}

#[derive(Serialize)]
struct Report {
    threshold: f32,
    lists: Vec<String>,
    entities: usize,
    variations: Vec<ClassResult>,
    positives: Vec<PositivesResult>,
    negatives: Vec<NegativesResult>,
    namesakes: Option<NamesakeResult>,
    seconds: f64,
}

fn read_rows(path: &Path) -> Result<Vec<Row>> {
    vigil_eval::read_rows(path).map_err(anyhow::Error::msg)
}

pub(crate) fn run(args: EvalArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let index = engine::build(&args.lists, args.json)?;
    let mut b = IndexBuilder::new();
    b.add_list(ListMeta::named("latin-only"), latin_only(index.entities()));
    let latin = b.build();
    let t = args.threshold;

    let classes: Vec<Class> = if args.classes.is_empty() {
        Class::ALL.to_vec()
    } else {
        args.classes
            .iter()
            .map(|c| {
                Class::ALL
                    .into_iter()
                    .find(|k| k.as_str() == c)
                    .ok_or_else(|| anyhow::anyhow!("--classes: unknown class {c:?}"))
            })
            .collect::<Result<_>>()?
    };
    let variations = run_variations(&index, &latin, args.sample, t, &classes);
    let mut positives = Vec::new();
    let mut namesakes = None;
    let listed = args.names.join("positives-un-untreated-dev.csv");
    let treated = args.names.join("positives-un-treated-dev.csv");
    if args.no_dev {
    } else if listed.exists() && treated.exists() {
        let listed = read_rows(&listed)?;
        let treated = read_rows(&treated)?;
        let expected = map_listed(&index, &listed, "un");
        positives.push(run_positives(&index, &expected, &treated, t, true));
        positives.push(run_positives(&index, &expected, &treated, t, false));
        namesakes = Some(run_namesakes(&index, &expected, &listed, t));
    } else {
        eprintln!(
            "vigil: {} has no positives-un-*-dev.csv; skipping them",
            args.names.display()
        );
    }
    let mut negatives = Vec::new();
    let neg = args.names.join("negatives-dev.csv.gz");
    if args.no_dev {
    } else if neg.exists() {
        let rows = read_rows(&neg)?;
        negatives.push(run_negatives(&index, &rows, t, true));
        negatives.push(run_negatives(&index, &rows, t, false));
    } else {
        eprintln!(
            "vigil: {} has no negatives-dev.csv.gz; skipping it",
            args.names.display()
        );
    }
    let report = Report {
        threshold: t,
        lists: index
            .lists()
            .iter()
            .map(|l| format!("{} ({})", l.source, l.format))
            .collect(),
        entities: index.entities().len(),
        variations,
        positives,
        negatives,
        namesakes,
        seconds: start.elapsed().as_secs_f64(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report, args.markdown);
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn print_report(r: &Report, markdown: bool) {
    let (open, sep, close) = if markdown {
        ("| ", " | ", " |")
    } else {
        ("", "  ", "")
    };
    println!(
        "threshold {}, {} entities from {} lists, {:.1} s",
        r.threshold,
        r.entities,
        r.lists.len(),
        r.seconds
    );
    println!();
    println!(
        "{open}variation class{sep}n{sep}recall at threshold{sep}recall in top 10{sep}mean score{close}"
    );
    if markdown {
        println!("|---|---:|---:|---:|---:|");
    }
    for c in &r.variations {
        println!(
            "{open}{}{sep}{}{sep}{}{sep}{}{sep}{:.3}{close}",
            c.class.as_str(),
            c.n,
            pct(c.recall_at_threshold),
            pct(c.recall_top10),
            c.mean_score
        );
    }
    println!();
    println!(
        "{open}dev set{sep}n{sep}recall / alert rate at threshold{sep}recall in top 10{close}"
    );
    if markdown {
        println!("|---|---:|---:|---:|");
    }
    for p in &r.positives {
        println!(
            "{open}positives-un-treated ({}){sep}{}{sep}{}{sep}{}{close}",
            if p.with_facts {
                "with dob, nationality"
            } else {
                "name only"
            },
            p.n,
            pct(p.recall_at_threshold),
            pct(p.recall_top10)
        );
    }
    for n in &r.negatives {
        println!(
            "{open}negatives alert rate ({}){sep}{}{sep}{} ({} alerts){sep}-{close}",
            if n.with_facts {
                "with dob, nationality, gender"
            } else {
                "name only"
            },
            n.n,
            pct(n.alert_rate),
            n.alerts
        );
    }
    if let Some(s) = &r.namesakes {
        println!();
        println!(
            "namesakes (n {}): mean score {:.3} with agreeing dob and nationality, {:.3} with conflicting ones: drop {:.3}; {} of conflicting namesakes still alert",
            s.n,
            s.mean_agreeing,
            s.mean_conflicting,
            s.mean_drop,
            pct(s.conflicting_alert_rate)
        );
    }
    if !markdown {
        for c in r.variations.iter().filter(|c| !c.misses.is_empty()) {
            println!();
            println!("misses, {}:", c.class.as_str());
            for m in c.misses.iter().take(5) {
                println!(
                    "  {} {:?} <- {:?} ({:?})",
                    m.entity_id, m.listed, m.query, m.score
                );
            }
        }
        for p in &r.positives {
            for m in p.misses.iter().take(5) {
                println!(
                    "  positives miss: {} <- {:?} ({:?})",
                    m.entity_id, m.query, m.score
                );
            }
        }
        for n in &r.negatives {
            for (q, m, s) in n.examples.iter().take(10) {
                println!(
                    "  negative alert{}: {q:?} -> {m} {s:.3}",
                    if n.with_facts { "" } else { " (name only)" }
                );
            }
        }
    }
}
