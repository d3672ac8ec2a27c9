//! `POST /match/{dataset}`: the query-by-example API of OpenSanctions'
//! yente, so that its clients (the `yente-client` package among them) work
//! against vigil unchanged.
//!
//! In: FollowTheMoney example entities (`{"queries": {"q1": {"schema":
//! "Person", "properties": {"name": [...], "birthDate": [...]}}}}`). Out: the
//! same response shape as yente: `responses.{key}.results[]` with `id,
//! caption, schema, properties, datasets, score, match, explanations`, and
//! vigil's own full `explanation` beside them.
//!
//! What differs, on purpose: the scorer is vigil's (the `algorithm`
//! parameter accepts `best`, `default` and `vigil`); `threshold` defaults to
//! vigil's 0.75; properties vigil does not match on are listed in the
//! query's `warnings` instead of being dropped silently; feature-weight
//! overrides and `changed_since` are refused with a 400 that says so.

use crate::api::{OneOrMany, Options, prepare};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, number, query_pairs};
use crate::state::{AppState, Snapshot};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use vigil_core::matching::{PreparedQuery, Scored};
use vigil_core::{Entity, IdKind, NameKind, Schema};
use vigil_index::report::round;

/// Results per query when the request does not say (yente's default).
const DEFAULT_MATCH_LIMIT: usize = 5;

/// The body of `POST /match/{dataset}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    /// The example entities, by the caller's key.
    pub queries: BTreeMap<String, ExampleEntity>,
    /// yente's feature-weight overrides: vigil takes none (must be empty).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub weights: BTreeMap<String, Value>,
    /// yente's algorithm settings: vigil takes none (must be empty).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub config: BTreeMap<String, Value>,
}

/// A FollowTheMoney example entity.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleEntity {
    /// The caller's id, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Person, Company, Organization, LegalEntity, Vessel or Airplane.
    pub schema: String,
    /// FollowTheMoney properties: `name`, `alias`, `firstName`,
    /// `lastName`, `birthDate`, `nationality`, `country`, `passportNumber`,
    /// `idNumber`, `registrationNumber`, `imoNumber`...
    #[serde(default)]
    #[schema(value_type = Object)]
    pub properties: BTreeMap<String, OneOrMany>,
}

/// The query string of `POST /match/{dataset}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MatchParams {
    /// Results per query (default 5, at most 500).
    limit: Option<usize>,
    /// Score from which a result is a `match` (default 0.75).
    threshold: Option<f32>,
    /// Results scoring below this are left out (default the lower of 0.5
    /// and the threshold).
    cutoff: Option<f32>,
    /// `best`, `default` or `vigil`: the one scorer vigil has.
    algorithm: Option<String>,
    /// More lists to search besides the path's (repeatable).
    include_dataset: Option<String>,
    /// Lists not to search (repeatable).
    exclude_dataset: Option<String>,
    /// FollowTheMoney schemata to leave out (repeatable).
    exclude_schema: Option<String>,
    /// Entity ids to leave out (repeatable).
    exclude_entity_ids: Option<String>,
    /// Topics: vigil's lists are all `sanction`.
    topics: Option<String>,
}

pub(crate) struct Filters {
    /// List sources searched; `None` for all.
    sources: Option<HashSet<String>>,
    excluded_sources: HashSet<String>,
    excluded_schemas: HashSet<Schema>,
    excluded_ids: HashSet<String>,
    /// Topics asked for that no vigil entity has: nothing matches.
    impossible: bool,
}

impl Filters {
    /// Every list, or only `source`.
    pub(crate) fn only(source: Option<String>) -> Filters {
        Filters {
            sources: source.map(|s| HashSet::from([s])),
            excluded_sources: HashSet::new(),
            excluded_schemas: HashSet::new(),
            excluded_ids: HashSet::new(),
            impossible: false,
        }
    }

    fn keeps(&self, e: &Entity) -> bool {
        !self.impossible
            && self.sources.as_ref().is_none_or(|s| s.contains(&e.source))
            && !self.excluded_sources.contains(&e.source)
            && !self.excluded_schemas.contains(&e.schema)
            && !self.excluded_ids.contains(&e.id)
    }
}

/// The FollowTheMoney schema name of a vigil schema.
pub fn ftm_schema(s: Schema) -> &'static str {
    match s {
        Schema::Person => "Person",
        Schema::Organization => "Organization",
        Schema::Vessel => "Vessel",
        Schema::Aircraft => "Airplane",
    }
}

/// The vigil schema a FollowTheMoney schema asks for; `Ok(None)` for
/// schemata that may be any (LegalEntity, Thing).
pub fn vigil_schema(ftm: &str) -> Result<Option<Schema>, String> {
    Ok(match ftm {
        "Person" => Some(Schema::Person),
        "Company" | "Organization" | "PublicBody" => Some(Schema::Organization),
        "Vessel" => Some(Schema::Vessel),
        "Airplane" => Some(Schema::Aircraft),
        "LegalEntity" | "Thing" => None,
        other => {
            return Err(format!(
                "schema {other:?} cannot be matched: expected Person, Company, Organization, \
                 PublicBody, LegalEntity, Thing, Vessel or Airplane"
            ));
        }
    })
}

/// Identifier properties and the vigil kind they are.
const ID_PROPERTIES: [(&str, IdKind); 13] = [
    ("passportNumber", IdKind::Passport),
    ("idNumber", IdKind::NationalId),
    ("taxNumber", IdKind::TaxId),
    ("innCode", IdKind::TaxId),
    ("vatCode", IdKind::TaxId),
    ("socialSecurityNumber", IdKind::SocialSecurity),
    ("registrationNumber", IdKind::Registration),
    ("ogrnCode", IdKind::Registration),
    ("leiCode", IdKind::Lei),
    ("swiftBic", IdKind::SwiftBic),
    ("imoNumber", IdKind::Imo),
    ("mmsi", IdKind::Mmsi),
    ("callSign", IdKind::CallSign),
];

const NAME_PARTS: [&str; 5] = [
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
];

const COUNTRY_PROPERTIES: [&str; 5] = [
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "flag",
];

/// One example entity read into vigil queries: one per name given.
pub(crate) struct Example {
    queries: Vec<PreparedQuery>,
    warnings: Vec<String>,
}

pub(crate) fn read_example(e: &ExampleEntity) -> Result<Example, ApiError> {
    let schema = vigil_schema(&e.schema).map_err(|m| ApiError::field("schema", m))?;
    let values = |p: &str| -> Vec<String> {
        match e.properties.get(p) {
            None => Vec::new(),
            Some(OneOrMany::One(s)) => vec![s.clone()],
            Some(OneOrMany::Many(v)) => v.clone(),
        }
    };
    let mut names: Vec<String> = ["name", "alias", "previousName", "weakAlias"]
        .iter()
        .flat_map(|p| values(p))
        .filter(|n| !n.trim().is_empty())
        .collect();
    let parts: Vec<String> = NAME_PARTS
        .iter()
        .flat_map(|p| values(p).into_iter().next())
        .filter(|n| !n.trim().is_empty())
        .collect();
    if !parts.is_empty() {
        names.push(parts.join(" "));
    }
    names.dedup();
    if names.is_empty() {
        return Err(ApiError::field(
            "properties.name",
            "no name: give name (or firstName and lastName)",
        ));
    }
    let dob: Vec<String> = values("birthDate");
    let countries: Vec<String> = COUNTRY_PROPERTIES.iter().flat_map(|p| values(p)).collect();
    let gender = values("gender").into_iter().next();
    let mut identifiers = Vec::new();
    for (p, kind) in ID_PROPERTIES {
        for v in values(p) {
            identifiers.push(crate::api::IdentifierInput::Parts {
                kind: kind.as_str().to_string(),
                value: v,
                country: None,
            });
        }
    }
    let used: HashSet<&str> = [
        "name",
        "alias",
        "previousName",
        "weakAlias",
        "birthDate",
        "gender",
    ]
    .into_iter()
    .chain(NAME_PARTS)
    .chain(COUNTRY_PROPERTIES)
    .chain(ID_PROPERTIES.iter().map(|(p, _)| *p))
    .collect();
    let warnings = e
        .properties
        .keys()
        .filter(|k| !used.contains(k.as_str()))
        .map(|k| format!("property {k:?} is not used by vigil's matching"))
        .collect();
    let dob = (!dob.is_empty()).then_some(OneOrMany::Many(dob));
    let country = (!countries.is_empty()).then_some(OneOrMany::Many(countries));
    let schema_name = schema.map(Schema::as_str);
    let mut queries = Vec::new();
    for name in &names {
        let q = prepare(
            name,
            dob.as_ref(),
            country.as_ref(),
            schema_name,
            gender.as_deref(),
            &identifiers,
        )
        .map_err(|err| {
            // The query's fields are FollowTheMoney properties.
            let field = match err.detail.field.as_deref() {
                Some("dob") => "properties.birthDate",
                Some("country") => "properties.nationality",
                Some("gender") => "properties.gender",
                Some("identifiers") => "properties",
                _ => "properties.name",
            };
            ApiError::field(field, err.detail.message)
        })?;
        queries.push(q);
    }
    Ok(Example { queries, warnings })
}

/// An entity in FollowTheMoney's shape.
pub fn ftm_entity(e: &Entity) -> Map<String, Value> {
    let mut props: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for n in &e.names {
        let p = match n.kind {
            NameKind::Primary => "name",
            NameKind::Alias | NameKind::OriginalScript => "alias",
            NameKind::WeakAlias => "weakAlias",
            NameKind::Former => "previousName",
        };
        props.entry(p).or_default().push(n.full.clone());
    }
    for d in &e.birth_dates {
        props.entry("birthDate").or_default().push(d.to_string());
    }
    for p in &e.birth_places {
        props.entry("birthPlace").or_default().push(p.clone());
    }
    for (p, cs) in [
        ("nationality", &e.nationalities),
        ("citizenship", &e.citizenships),
        ("country", &e.countries),
    ] {
        for c in cs {
            props
                .entry(p)
                .or_default()
                .push(c.as_str().to_ascii_lowercase());
        }
    }
    if let Some(g) = e.gender {
        let g = match g {
            vigil_core::Gender::Male => "male",
            vigil_core::Gender::Female => "female",
        };
        props.entry("gender").or_default().push(g.to_string());
    }
    for id in &e.identifiers {
        let p = ID_PROPERTIES
            .iter()
            .find(|(_, k)| *k == id.kind)
            .map_or("idNumber", |(p, _)| *p);
        props.entry(p).or_default().push(id.value.clone());
    }
    for p in &e.programs {
        props.entry("program").or_default().push(p.clone());
    }
    for p in &e.positions {
        props.entry("position").or_default().push(p.clone());
    }
    for r in &e.remarks {
        props.entry("notes").or_default().push(r.clone());
    }
    props.insert("topics", vec!["sanction".to_string()]);
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert("caption".into(), json!(e.caption()));
    m.insert("schema".into(), json!(ftm_schema(e.schema)));
    m.insert("properties".into(), json!(props));
    m.insert("datasets".into(), json!([e.source]));
    m.insert("referents".into(), json!([]));
    m.insert("target".into(), json!(true));
    m
}

/// The explanation as yente's features: `name_match` with the word
/// alignment, then each piece of evidence with its contribution.
fn explanations(s: &Scored) -> Value {
    let e = &s.explanation;
    let pairs: Vec<String> = e
        .alignment
        .pairs
        .iter()
        .map(|p| {
            format!(
                "{}~{} {:?} {:.2} (w {:.1})",
                p.query, p.candidate, p.how, p.similarity, p.weight
            )
            .to_lowercase()
        })
        .collect();
    let mut detail = pairs.join(" · ");
    if !e.alignment.unmatched_query.is_empty() || !e.alignment.unmatched_candidate.is_empty() {
        detail.push_str(&format!(
            "; unmatched query [{}], listed [{}]",
            e.alignment.unmatched_query.join(", "),
            e.alignment.unmatched_candidate.join(", ")
        ));
    }
    let mut m = Map::new();
    m.insert(
        "name_match".into(),
        json!({"score": round(e.name_score), "detail": detail, "query": e.query_name,
               "candidate": e.matched_name, "weight": 1.0}),
    );
    for ev in &e.evidence {
        m.insert(
            ev.feature.to_string(),
            json!({"score": round(ev.contribution), "detail": ev.detail, "weight": round(ev.weight)}),
        );
    }
    Value::Object(m)
}

/// Match entities by example, as yente's `/match` does.
#[utoipa::path(post, path = "/match/{dataset}",
    params(("dataset" = String, Path, description = "`default` (or `all`, `sanctions`) for every list, or a list source such as `un`"), MatchParams),
    request_body = MatchRequest,
    responses((status = 200, description = "yente's response shape", body = Object), (status = "4XX", body = ErrorBody)))]
pub async fn match_entities(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
    JsonBody(req): JsonBody<MatchRequest>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let (mut limit, mut threshold, mut cutoff) = (None, None, None);
    let mut filters = Filters::only(None);
    let known_source = |s: &str| snapshot.lists.iter().any(|l| l.summary.source == s);
    let mut sources: HashSet<String> = HashSet::new();
    if !matches!(dataset.as_str(), "default" | "all" | "sanctions") {
        if !known_source(&dataset) {
            return Err(unknown_dataset(&snapshot, &dataset).at("dataset"));
        }
        sources.insert(dataset.clone());
    }
    let mut all = sources.is_empty();
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "limit" => limit = Some(number::<usize>(&k, &v)?),
            "threshold" => threshold = Some(number::<f32>(&k, &v)?),
            "cutoff" => cutoff = Some(number::<f32>(&k, &v)?),
            "algorithm" => {
                if !matches!(v.as_str(), "best" | "default" | "vigil") {
                    return Err(ApiError::field(
                        "algorithm",
                        format!(
                            "unknown algorithm {v:?}: this server scores with vigil's one scorer (best, default, vigil)"
                        ),
                    ));
                }
            }
            "include_dataset" => {
                if matches!(v.as_str(), "default" | "all" | "sanctions") {
                    all = true;
                } else if known_source(&v) {
                    sources.insert(v);
                } else {
                    return Err(unknown_dataset(&snapshot, &v).at("include_dataset"));
                }
            }
            "exclude_dataset" => {
                filters.excluded_sources.insert(v);
            }
            "exclude_schema" => {
                let s = vigil_schema(&v)
                    .map_err(|m| ApiError::field("exclude_schema", m))?
                    .ok_or_else(|| {
                        ApiError::field("exclude_schema", format!("{v:?} excludes every entity"))
                    })?;
                filters.excluded_schemas.insert(s);
            }
            "exclude_entity_ids" => {
                filters.excluded_ids.insert(v);
            }
            "topics" => {
                if v != "sanction" {
                    filters.impossible = true;
                }
            }
            "changed_since" => {
                return Err(ApiError::field(
                    "changed_since",
                    "not supported: vigil does not track when entities changed",
                ));
            }
            _ => {
                return Err(ApiError::unknown_field(
                    k.clone(),
                    format!("unknown parameter {k:?}"),
                ));
            }
        }
    }
    if !all {
        filters.sources = Some(sources);
    }
    if let Some(k) = req.weights.keys().next() {
        return Err(ApiError::field(
            format!("weights.{k}"),
            "vigil's scorer takes no feature-weight overrides",
        ));
    }
    if let Some(k) = req.config.keys().next() {
        return Err(ApiError::field(
            format!("config.{k}"),
            "vigil's scorer takes no algorithm settings",
        ));
    }
    state.check_batch(req.queries.len(), "queries")?;
    let options = Options::new(threshold, Some(limit.unwrap_or(DEFAULT_MATCH_LIMIT)))?;
    let cutoff = cutoff.unwrap_or(0.5_f32.min(options.threshold));
    if !(0.0..=1.0).contains(&cutoff) {
        return Err(ApiError::field(
            "cutoff",
            format!("must be between 0 and 1, got {cutoff}"),
        ));
    }
    let mut examples = Vec::with_capacity(req.queries.len());
    for (key, e) in &req.queries {
        examples.push(read_example(e).map_err(|err| err.within(&format!("queries.{key}")))?);
    }
    let n = req.queries.len();
    let run = move || {
        let answers: Vec<Value> = examples
            .par_iter()
            .map(|ex| answer(&snapshot, ex, options, cutoff, &filters))
            .collect();
        let mut responses = Map::new();
        for ((key, e), mut a) in req.queries.iter().zip(answers) {
            a["query"] = json!(e);
            responses.insert(key.clone(), a);
        }
        json!({
            "responses": responses,
            "limit": options.limit,
            "threshold": round(options.threshold),
            "cutoff": round(cutoff),
            "algorithm": "vigil",
            "generation": snapshot.generation,
        })
    };
    let body = if n > 1 {
        tokio::task::spawn_blocking(run).await.map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("match failed: {e}"),
            )
        })?
    } else {
        run()
    };
    Ok(([("x-batch-size", n.to_string())], Json(body)).into_response())
}

pub(crate) fn unknown_dataset(snapshot: &Snapshot, name: &str) -> ApiError {
    let mut names: Vec<&str> = snapshot
        .lists
        .iter()
        .map(|l| l.summary.source.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    ApiError::not_found(format!(
        "no dataset {name:?}: use default, or one of {}",
        names.join(", ")
    ))
}

/// The entities an example matches, best first: each of its names is
/// screened, and an entity keeps its best score.
pub(crate) fn rank(
    snapshot: &Snapshot,
    ex: &Example,
    options: Options,
    cutoff: f32,
    filters: &Filters,
) -> Vec<(usize, f32, Scored)> {
    let wide = Options {
        threshold: cutoff,
        // Filters apply after screening: ask for more, then cut.
        limit: (options.limit * 4).min(crate::api::MAX_LIMIT),
    };
    let mut best: BTreeMap<usize, (f32, Scored)> = BTreeMap::new();
    for q in &ex.queries {
        for h in crate::api::screen(snapshot, q, wide) {
            if !filters.keeps(h.entity) {
                continue;
            }
            let i = h.position;
            let s = h.scored.score;
            if best.get(&i).is_none_or(|(b, _)| s > *b) {
                best.insert(i, (s, h.scored));
            }
        }
    }
    let mut ranked: Vec<(usize, f32, Scored)> =
        best.into_iter().map(|(i, (s, sc))| (i, s, sc)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(options.limit);
    ranked
}

fn answer(
    snapshot: &Snapshot,
    ex: &Example,
    options: Options,
    cutoff: f32,
    filters: &Filters,
) -> Value {
    let ranked = rank(snapshot, ex, options, cutoff, filters);
    let matches = ranked
        .iter()
        .filter(|(_, s, _)| *s >= options.threshold)
        .count();
    let results: Vec<Value> = ranked
        .iter()
        .map(|(i, s, scored)| {
            let e = &snapshot.index.entities()[*i];
            let mut m = ftm_entity(e);
            m.insert("score".into(), json!(round(*s)));
            m.insert("match".into(), json!(*s >= options.threshold));
            m.insert("explanations".into(), explanations(scored));
            m.insert("explanation".into(), json!(scored.explanation));
            m.insert(
                "list_version".into(),
                json!(snapshot.list_info_of(*i).version),
            );
            Value::Object(m)
        })
        .collect();
    json!({
        "status": 200,
        "total": {"value": matches, "relation": "eq"},
        "results": results,
        "warnings": ex.warnings.iter().chain(ex.queries.first().map(|q| &q.warnings).into_iter().flatten()).collect::<Vec<_>>(),
    })
}
