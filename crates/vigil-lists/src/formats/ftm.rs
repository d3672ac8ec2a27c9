//! FollowTheMoney (FtM) entities as OpenSanctions and yente publish them: one
//! JSON object per line (`entities.ftm.json`, `targets.nested.json`), or a
//! delta of `{"op": "ADD" | "MOD" | "DEL", "entity": {...}}` lines.
//!
//! FtM describes a list as a graph: the screenable entities (`Person`,
//! `Organization`, `Company`, `LegalEntity`, `PublicBody`, `Vessel`,
//! `Airplane`) and the entities that only describe them (`Sanction`,
//! `Address`, `Passport`, `Identification`, `Occupancy`, `Family`,
//! `Ownership`...). The file is therefore read in two passes: every line into
//! a pool of nodes, then each screenable node into one [`Entity`], enriched
//! from the nodes that point at it:
//!
//! - `Sanction.entity` → the target's programmes (`programId`, `program`),
//!   remarks (`reason`) and listing date (the earliest `listingDate`, else
//!   `startDate`; the target's own `createdAt` when no sanction dates it);
//! - `Address` nodes named by `addressEntity` → addresses;
//! - `Passport` / `Identification` nodes (`holder`) → identifiers;
//! - `Occupancy` nodes (`holder`) naming a `Position` (`post`) → positions.
//!
//! References resolve by id, then by `referents` (OpenSanctions keeps the
//! source ids of merged entities there, and address links often use them).
//! In `targets.nested.json` a property holds the linked entity itself
//! instead of its id; nested objects join the pool the same way, and a
//! sanction or document nested inside an entity applies to it even without a
//! back-reference.
//!
//! Which entities are kept: a top-level node of a screenable schema whose
//! `target` is `true` or absent. OpenSanctions marks the listed entities
//! `target: true` and the context around them (a subsidiary from a company
//! registry, a relative) `target: false`; a file without the key keeps every
//! screenable top-level entity. Nested entities are context, never entities.
//!
//! Names: the caption is the primary name, unless it is in a non-Latin script
//! and a Latin `name` exists, in which case the first Latin `name` is primary
//! and the caption is kept as an original-script name; so every list gives a
//! comparable primary. Other `name` and `alias` values are aliases, or
//! original-script names when not Latin; `previousName` → former;
//! `weakAlias` and `abbreviation` → weak aliases. FtM gives `firstName`,
//! `lastName`... as loose bags of values, so a name gets parts only when
//! those values cover it token by token without ambiguity.
//!
//! Other properties: `birthDate`, `incorporationDate` and `buildDate` →
//! dates of birth; `birthPlace` → places of birth; `nationality`,
//! `citizenship` → their lists, and `country`, `jurisdiction`,
//! `mainCountry`, `birthCountry`, `flag`, `pastFlags` and address countries
//! → countries (FtM's `suhh`, `yucs`, `csxx`, `cshh`, `ddde` and regions such
//! as `gb-nir` are mapped; `eu` and `zz` are not countries); `gender`;
//! identifiers from `passportNumber`, `taxNumber`, `innCode`, `vatCode`,
//! `ogrnCode`, `okpoCode`, `registrationNumber` (a tail number for an
//! aircraft), `imoNumber`, `mmsi`, `callSign`, `serialNumber`, `swiftBic`,
//! `leiCode` and `idNumber` (national id for a person, else other), labelled
//! with the property name; `programId` and `program` → programmes;
//! `position` and `title` (and a vessel's or aircraft's `type` and `model`)
//! → positions; `address` text → addresses unless a linked Address repeats
//! it; `notes`, `description`, `summary` and the `topics` (as one
//! `topics: ...` remark) → remarks. Contact details, relations (`Family`,
//! `Ownership`, `Directorship`, `UnknownLink`) and source URLs have no place
//! in the model and are left out silently.
//!
//! A delta applies in order: `ADD` and `MOD` put the whole entity (a `MOD`
//! replaces the earlier version, unless the line cannot be read), `DEL`
//! removes any earlier version and records the id in [`List::deleted`].
//! Entities come out in the order of their last `ADD` or `MOD`. The
//! publication date is the latest `last_change` seen.

use crate::error::{Diagnostics, Error};
use crate::formats::common;
use crate::{Format, Input, List};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use vigil_core::entity::collapse_whitespace;
use vigil_core::{
    Address, Country, Entity, FuzzyDate, Gender, IdKind, Identifier, Name, NameKind, NamePart,
    PartKind, PartialDate, Schema, Script,
};

/// The model schema of a screenable FtM schema; `None` for the schemas that
/// only describe other entities.
fn schema_of(ftm: &str) -> Option<Schema> {
    match ftm {
        "Person" => Some(Schema::Person),
        "Organization" | "Company" | "LegalEntity" | "PublicBody" => Some(Schema::Organization),
        "Vessel" => Some(Schema::Vessel),
        "Airplane" => Some(Schema::Aircraft),
        _ => None,
    }
}

/// Name-part properties and the part each gives, in the order a name built
/// from parts reads.
const PART_PROPS: [(&str, PartKind); 6] = [
    ("title", PartKind::Title),
    ("firstName", PartKind::Given),
    ("secondName", PartKind::Other),
    ("middleName", PartKind::Middle),
    ("fatherName", PartKind::Patronymic),
    ("lastName", PartKind::Family),
];

/// Identifier properties, most specific first: a generic `idNumber` equal to
/// a number already read (OpenSanctions often repeats the INN there) is not
/// added again.
const ID_PROPS: [(&str, IdKind); 14] = [
    ("passportNumber", IdKind::Passport),
    ("taxNumber", IdKind::TaxId),
    ("innCode", IdKind::TaxId),
    ("vatCode", IdKind::TaxId),
    ("ogrnCode", IdKind::Registration),
    ("okpoCode", IdKind::Registration),
    ("registrationNumber", IdKind::Registration),
    ("imoNumber", IdKind::Imo),
    ("mmsi", IdKind::Mmsi),
    ("callSign", IdKind::CallSign),
    ("serialNumber", IdKind::AircraftId),
    ("swiftBic", IdKind::SwiftBic),
    ("leiCode", IdKind::Lei),
    ("idNumber", IdKind::NationalId),
];

/// One FtM entity as read, with nested entities replaced by their ids.
struct Node {
    id: String,
    schema: String,
    caption: Option<String>,
    props: HashMap<String, Vec<String>>,
    referents: Vec<String>,
    target: Option<bool>,
    line: usize,
    /// Whether the entity is a line of the file rather than nested in one.
    top_level: bool,
    /// The pool index of the entity this one was nested in.
    parent: Option<usize>,
}

impl Node {
    fn values(&self, prop: &str) -> &[String] {
        self.props.get(prop).map_or(&[], Vec::as_slice)
    }

    fn record(&self) -> String {
        format!("line {} ({})", self.line, self.id)
    }
}

/// Every entity read, in file order; a slot is emptied when a delta replaces
/// or deletes its entity.
#[derive(Default)]
struct Pool {
    nodes: Vec<Option<Node>>,
    /// Top-level entities by id, and nested ones whose id no top-level
    /// entity has.
    by_id: HashMap<String, usize>,
    /// The latest `last_change` seen.
    published: Option<PartialDate>,
}

impl Pool {
    fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i).and_then(Option::as_ref)
    }

    /// The index of the top-level entity with this id.
    fn top_level(&self, id: &str) -> Option<usize> {
        let i = *self.by_id.get(id)?;
        self.node(i).is_some_and(|n| n.top_level).then_some(i)
    }

    /// Removes a top-level entity.
    fn remove(&mut self, id: &str) {
        if let Some(i) = self.top_level(id) {
            self.nodes[i] = None;
            self.by_id.remove(id);
        }
    }

    /// Reads one entity object (and its nested entities) into the pool;
    /// returns its index, or `None` when it was skipped.
    fn read(
        &mut self,
        mut obj: Map<String, Value>,
        line: usize,
        parent: Option<usize>,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        // Strings are moved out of the JSON tree, not copied: the delta
        // file holds megabytes of them.
        let Some(id) = take_str(&mut obj, "id") else {
            diags.skip(
                &format!("line {line}"),
                Some("id"),
                "no id; the entity is skipped",
            );
            return None;
        };
        let record = format!("line {line} ({id})");
        let Some(schema) = take_str(&mut obj, "schema") else {
            diags.skip(&record, Some("schema"), "no schema; the entity is skipped");
            return None;
        };
        if let Some(d) = str_of(obj.get("last_change")).and_then(FuzzyDate::parse) {
            self.published = self.published.max(Some(d.to));
        }
        let index = self.nodes.len();
        // Reserve the slot first so that nested entities can name their parent.
        self.nodes.push(None);
        let mut props: HashMap<String, Vec<String>> = HashMap::new();
        match obj.remove("properties") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (prop, value) in map {
                    let items = match value {
                        Value::Array(items) => items,
                        other => vec![other],
                    };
                    let mut values = Vec::with_capacity(items.len());
                    for item in items {
                        match item {
                            Value::String(s) => values.push(s),
                            Value::Object(nested) => {
                                if let Some(i) = self.read(nested, line, Some(index), diags)
                                    && let Some(n) = self.node(i)
                                {
                                    values.push(n.id.clone());
                                }
                            }
                            Value::Null => {}
                            other => diags.warn(
                                &record,
                                Some(&prop),
                                format!("value {other} is not text, left out"),
                            ),
                        }
                    }
                    if !values.is_empty() {
                        props.insert(prop, values);
                    }
                }
            }
            Some(_) => diags.warn(
                &record,
                Some("properties"),
                "`properties` is not an object, left out",
            ),
        }
        let referents = match obj.remove("referents") {
            Some(Value::Array(items)) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let node = Node {
            caption: take_str(&mut obj, "caption"),
            target: obj.get("target").and_then(Value::as_bool),
            id,
            schema,
            props,
            referents,
            line,
            top_level: parent.is_none(),
            parent,
        };
        if node.top_level {
            self.by_id.insert(node.id.clone(), index);
        } else {
            self.by_id.entry(node.id.clone()).or_insert(index);
        }
        self.nodes[index] = Some(node);
        Some(index)
    }
}

/// Takes a string value out of an object, trimmed; `None` when it is
/// absent, not a string or blank.
fn take_str(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    match obj.remove(key) {
        Some(Value::String(s)) if s.trim().len() == s.len() && !s.is_empty() => Some(s),
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// A non-empty, trimmed string value.
fn str_of(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Parses a FollowTheMoney entities file or delta.
pub(crate) fn parse(input: &Input<'_>, format: Format) -> Result<List, Error> {
    let text = input.text()?;
    let source = common::source(input, format);
    let mut list = List::new(&source, format, input.path);
    let mut diags = Diagnostics::new(input.path);
    let mut pool = Pool::default();
    let mut deleted: Vec<String> = Vec::new();
    let mut lines_seen = 0usize;
    let last_index = text.matches('\n').count();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        lines_seen += 1;
        let line_no = i + 1;
        let record = format!("line {line_no}");
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                let full = e.to_string();
                let why = full.rsplit_once(" at line ").map_or(full.as_str(), |p| p.0);
                if e.is_eof() && i == last_index {
                    if lines_seen == 1 {
                        return Err(Error::truncated(
                            input.path,
                            format!("the only line ends early ({why}); the file is truncated"),
                        ));
                    }
                    diags.skip(
                        &record,
                        None,
                        format!(
                            "the last line ends early ({why}); the file is truncated, the line is skipped"
                        ),
                    );
                } else {
                    diags.skip(
                        &record,
                        None,
                        format!(
                            "invalid JSON at column {} ({why}); the line is skipped",
                            e.column()
                        ),
                    );
                }
                continue;
            }
        };
        let Value::Object(mut obj) = value else {
            diags.skip(&record, None, "not a JSON object; the line is skipped");
            continue;
        };
        if format == Format::FtmJson {
            if let Some(id) = str_of(obj.get("id"))
                && pool.top_level(id).is_some()
            {
                diags.skip(
                    &record,
                    Some("id"),
                    format!("duplicate id {id:?}; the line is skipped"),
                );
                continue;
            }
            pool.read(obj, line_no, None, &mut diags);
            continue;
        }
        let entity = match obj.remove("entity") {
            Some(Value::Object(e)) => Some(e),
            _ => None,
        };
        match str_of(obj.get("op")) {
            Some("ADD" | "MOD") => {
                let Some(entity) = entity else {
                    diags.skip(
                        &record,
                        Some("entity"),
                        "no entity object; the operation is skipped",
                    );
                    continue;
                };
                // The earlier version goes only once the new one is read: a
                // broken MOD line keeps the entity as it was.
                let earlier = str_of(entity.get("id")).and_then(|id| pool.top_level(id));
                if let Some(i) = pool.read(entity, line_no, None, &mut diags) {
                    if let Some(old) = earlier.filter(|&old| old != i) {
                        pool.nodes[old] = None;
                    }
                    if let Some(node) = pool.node(i) {
                        let key = format!("{source}:{}", node.id);
                        deleted.retain(|d| d != &key);
                    }
                }
            }
            Some("DEL") => {
                let Some(id) = str_of(entity.as_ref().and_then(|e| e.get("id"))) else {
                    diags.skip(
                        &record,
                        Some("id"),
                        "no entity id; the DEL operation is skipped",
                    );
                    continue;
                };
                pool.remove(id);
                let key = format!("{source}:{id}");
                if !deleted.contains(&key) {
                    deleted.push(key);
                }
            }
            Some(op) => diags.skip(
                &record,
                Some("op"),
                format!("unknown operation {op:?}; the line is skipped"),
            ),
            None => diags.skip(
                &record,
                Some("op"),
                "no `op`; not a delta operation, the line is skipped",
            ),
        }
    }
    let links = Links::of(&pool);
    let mut unscreenable: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, node) in pool.nodes.iter().enumerate() {
        let Some(node) = node else { continue };
        if !node.top_level || node.target == Some(false) {
            continue;
        }
        let Some(schema) = schema_of(&node.schema) else {
            if node.target == Some(true) {
                *unscreenable.entry(node.schema.as_str()).or_insert(0) += 1;
            }
            continue;
        };
        if let Some(e) = build(index, node, schema, &source, &pool, &links, &mut diags) {
            list.entities.push(e);
        }
    }
    for (schema, n) in unscreenable {
        diags.warn(
            "file",
            Some("schema"),
            format!("{n} target(s) of schema {schema} are not persons, organisations, vessels or aircraft; left out"),
        );
    }
    // Entities are built after every line is read; report in line order.
    diags.items.sort_by_key(|d| record_line(&d.record));
    list.published = pool.published;
    list.deleted = deleted;
    list.diagnostics = diags.items;
    Ok(list)
}

/// The line number of a `line N ...` record; whole-file records sort last.
fn record_line(record: &str) -> usize {
    record
        .strip_prefix("line ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// For each entity, the pool indices of the nodes that describe it.
#[derive(Default)]
struct Links {
    sanctions: HashMap<usize, Vec<usize>>,
    documents: HashMap<usize, Vec<usize>>,
    occupancies: HashMap<usize, Vec<usize>>,
    /// `referents` → pool index, for references by a merged source id.
    by_referent: HashMap<String, usize>,
}

impl Links {
    fn of(pool: &Pool) -> Links {
        let mut links = Links::default();
        for (i, node) in pool.nodes.iter().enumerate() {
            if let Some(node) = node {
                for r in &node.referents {
                    links.by_referent.entry(r.clone()).or_insert(i);
                }
            }
        }
        for (i, node) in pool.nodes.iter().enumerate() {
            let Some(node) = node else { continue };
            let (map, prop) = match node.schema.as_str() {
                "Sanction" => (&mut links.sanctions, "entity"),
                "Passport" | "Identification" => (&mut links.documents, "holder"),
                "Occupancy" => (&mut links.occupancies, "holder"),
                _ => continue,
            };
            let mut targets: Vec<usize> = node
                .values(prop)
                .iter()
                .filter_map(|r| {
                    pool.by_id
                        .get(r.trim())
                        .or_else(|| links.by_referent.get(r.trim()))
                        .copied()
                })
                .collect();
            // A sanction or document nested in an entity describes it even
            // when it does not point back.
            targets.extend(node.parent);
            targets.sort_unstable();
            targets.dedup();
            for t in targets {
                map.entry(t).or_default().push(i);
            }
        }
        links
    }

    fn resolve<'p>(&self, pool: &'p Pool, reference: &str) -> Option<&'p Node> {
        let r = reference.trim();
        pool.by_id
            .get(r)
            .or_else(|| self.by_referent.get(r))
            .and_then(|&i| pool.node(i))
    }

    /// The nodes of one kind of link that describe the node at `index`.
    fn linked<'p>(
        &self,
        pool: &'p Pool,
        map: &HashMap<usize, Vec<usize>>,
        index: usize,
    ) -> Vec<&'p Node> {
        map.get(&index)
            .into_iter()
            .flatten()
            .filter_map(|&j| pool.node(j))
            .collect()
    }
}

/// Builds one entity; `None` (with a diagnostic) when it has no name.
fn build(
    index: usize,
    node: &Node,
    schema: Schema,
    source: &str,
    pool: &Pool,
    links: &Links,
    diags: &mut Diagnostics,
) -> Option<Entity> {
    let record = node.record();
    let mut e = Entity::new(source, &node.id, schema);
    add_names(&mut e, node);
    if e.names.is_empty() {
        diags.skip(&record, Some("name"), "no name; the entity is skipped");
        return None;
    }
    for g in node.values("gender") {
        match Gender::parse(g) {
            Some(g) if e.gender.is_none() => e.gender = Some(g),
            Some(_) => {}
            // FtM's third value; the model has no place for it.
            None if g.trim().eq_ignore_ascii_case("other") => {}
            None => diags.warn(
                &record,
                Some("gender"),
                format!("unknown gender {g:?}, left out"),
            ),
        }
    }
    for prop in ["birthDate", "incorporationDate", "buildDate"] {
        for d in node.values(prop) {
            match FuzzyDate::parse(d) {
                Some(date) => e.add_birth_date(date),
                None => diags.warn(&record, Some(prop), format!("invalid date {d:?}, left out")),
            }
        }
    }
    for p in node.values("birthPlace") {
        Entity::push_text(&mut e.birth_places, p);
    }
    // Nationality and citizenship keep their own lists; every other tie
    // (residence, jurisdiction, country of birth, flag) goes to `countries`.
    for prop in [
        "nationality",
        "citizenship",
        "country",
        "jurisdiction",
        "mainCountry",
        "birthCountry",
        "flag",
        "pastFlags",
    ] {
        for c in node.values(prop) {
            let Some(found) = country(c) else {
                diags.warn(&record, Some(prop), unknown_country(c));
                continue;
            };
            let list = match prop {
                "nationality" => &mut e.nationalities,
                "citizenship" => &mut e.citizenships,
                _ => &mut e.countries,
            };
            Entity::push_country(list, found);
        }
    }
    add_identifiers(&mut e, node, &record, diags);
    for doc in links.linked(pool, &links.documents, index) {
        add_document(&mut e, doc, diags);
    }
    add_addresses(&mut e, node, pool, links, diags);

    let sanctions = links.linked(pool, &links.sanctions, index);
    for p in node
        .values("programId")
        .iter()
        .chain(node.values("program"))
    {
        Entity::push_text(&mut e.programs, p);
    }
    for s in &sanctions {
        for p in s.values("programId").iter().chain(s.values("program")) {
            Entity::push_text(&mut e.programs, p);
        }
    }
    let mut positions: Vec<&str> = node
        .values("position")
        .iter()
        .chain(node.values("title"))
        .map(String::as_str)
        .collect();
    if matches!(schema, Schema::Vessel | Schema::Aircraft) {
        positions.extend(node.values("type").iter().map(String::as_str));
        positions.extend(node.values("model").iter().map(String::as_str));
    }
    for occupancy in links.linked(pool, &links.occupancies, index) {
        for post in occupancy.values("post") {
            if let Some(post) = links.resolve(pool, post) {
                positions.extend(post.values("name").iter().map(String::as_str));
            }
        }
    }
    for p in positions {
        Entity::push_text(&mut e.positions, p);
    }
    e.listed_on = listed_on(node, &sanctions, diags);
    for prop in ["notes", "description", "summary"] {
        for n in node.values(prop) {
            Entity::push_text(&mut e.remarks, n);
        }
    }
    for s in &sanctions {
        for r in s.values("reason") {
            Entity::push_text(&mut e.remarks, r);
        }
    }
    let topics = node.values("topics");
    if !topics.is_empty() {
        Entity::push_text(&mut e.remarks, &format!("topics: {}", topics.join(", ")));
    }
    Some(e)
}

/// Whether a name is in a script other than Latin (digits alone count as
/// Latin: they are not an original-script spelling).
fn is_original_script(text: &str) -> bool {
    !matches!(Script::detect(text), Script::Latin | Script::None)
}

fn add_names(e: &mut Entity, node: &Node) {
    let parts = PartIndex::of(node);
    let names = node.values("name");
    let valid = |s: &&str| Name::new(s, NameKind::Primary).is_some();
    let caption = node.caption.as_deref().filter(valid);
    let mut primary = caption.or_else(|| names.iter().map(String::as_str).find(valid));
    if primary.is_some_and(is_original_script)
        && let Some(latin) = names
            .iter()
            .map(String::as_str)
            .find(|n| valid(n) && !is_original_script(n))
    {
        primary = Some(latin);
    }
    match primary {
        Some(p) => push_name(e, Name::new(p, NameKind::Primary), &parts),
        None => {
            // No caption and no name: build one from the first value of
            // each part, if there is any.
            let built: Vec<NamePart> = PART_PROPS
                .iter()
                .filter(|(_, kind)| *kind != PartKind::Title)
                .filter_map(|(prop, kind)| {
                    node.values(prop).first().map(|v| NamePart {
                        kind: *kind,
                        value: v.clone(),
                    })
                })
                .collect();
            if let Some(n) = Name::from_parts(built, NameKind::Primary) {
                e.add_name(n);
            }
        }
    }
    let strong = caption
        .into_iter()
        .chain(names.iter().chain(node.values("alias")).map(String::as_str));
    for n in strong {
        let name = Name::new(n, NameKind::Alias).map(|mut name| {
            if !matches!(name.script, Script::Latin | Script::None) {
                name.kind = NameKind::OriginalScript;
            }
            name
        });
        push_name(e, name, &parts);
    }
    for n in node.values("previousName") {
        push_name(e, Name::new(n, NameKind::Former), &parts);
    }
    // Abbreviations are weak: a few letters match far too much.
    for n in node
        .values("weakAlias")
        .iter()
        .chain(node.values("abbreviation"))
    {
        push_name(e, Name::new(n, NameKind::WeakAlias), &parts);
    }
}

/// Adds a name unless the entity has the same text already (under this or
/// a stronger kind, since kinds are added strongest first).
fn push_name(e: &mut Entity, name: Option<Name>, parts: &PartIndex) {
    let Some(mut name) = name else {
        return;
    };
    if e.names.iter().any(|n| n.full == name.full) {
        return;
    }
    if let Some(p) = parts.split(&name.full) {
        name.parts = p;
    }
    e.names.push(name);
}

/// The name-part values of an entity, as lower-case token sequences.
struct PartIndex {
    values: Vec<(PartKind, Vec<String>)>,
}

impl PartIndex {
    fn of(node: &Node) -> PartIndex {
        let mut values = Vec::new();
        for (prop, kind) in PART_PROPS {
            for v in node.values(prop) {
                let tokens: Vec<String> = tokens(v).map(|t| t.to_lowercase()).collect();
                if !tokens.is_empty() {
                    values.push((kind, tokens));
                }
            }
        }
        PartIndex { values }
    }

    /// The parts of a name when the part values cover it exactly, each part
    /// kind once, with no token claimed by two kinds; `None` otherwise.
    fn split(&self, full: &str) -> Option<Vec<NamePart>> {
        if self.values.is_empty() {
            return None;
        }
        let words: Vec<&str> = tokens(full).collect();
        let lowered = full.to_lowercase();
        let lower: Vec<&str> = tokens(&lowered).collect();
        if lower.len() != words.len() {
            return None;
        }
        let mut parts = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, PartKind)> = None;
            let mut ambiguous = false;
            for (kind, value) in &self.values {
                let n = value.len();
                let Some(span) = lower.get(i..i + n) else {
                    continue;
                };
                if span.iter().zip(value).any(|(a, b)| a != b) {
                    continue;
                }
                match best {
                    Some((bn, _)) if n < bn => {}
                    Some((bn, bk)) if n == bn => ambiguous |= bk != *kind,
                    _ => {
                        best = Some((n, *kind));
                        ambiguous = false;
                    }
                }
            }
            let (n, kind) = best?;
            if ambiguous || parts.iter().any(|p: &NamePart| p.kind == kind) {
                return None;
            }
            parts.push(NamePart {
                kind,
                value: words.get(i..i + n)?.join(" "),
            });
            i += n;
        }
        Some(parts)
    }
}

/// The words of a name, without the comma of "SURNAME, Given".
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
        .map(|t| t.trim_end_matches(','))
        .filter(|t| !t.is_empty())
}

/// A country from an FtM code: ISO codes, the historical codes FtM uses for
/// the Soviet Union, Yugoslavia, Serbia and Montenegro, Czechoslovakia and
/// East Germany, and regions (`gb-nir`, `ua-cri`) as their country.
fn country(code: &str) -> Option<Country> {
    let code = code.trim();
    if let Some(c) = Country::lookup(code) {
        return Some(c);
    }
    let historical = match code.to_ascii_lowercase().as_str() {
        "suhh" => "SU",
        "yucs" | "csxx" => "YU",
        "cshh" => "CS",
        "ddde" => "DD",
        _ => "",
    };
    if !historical.is_empty() {
        return Country::from_code(historical);
    }
    match code.split_once('-') {
        Some((cc, region)) if cc.len() == 2 && !region.is_empty() => Country::from_code(cc),
        _ => None,
    }
}

/// The warning for a country code [`country`] does not know.
fn unknown_country(code: &str) -> String {
    match code.trim().to_ascii_lowercase().as_str() {
        "eu" => "\"eu\" (the European Union) is not a country, left out".to_string(),
        "zz" => "\"zz\" (global) is not a country, left out".to_string(),
        _ => format!("unknown country {code:?}, left out"),
    }
}

fn add_identifiers(e: &mut Entity, node: &Node, record: &str, diags: &mut Diagnostics) {
    for (prop, kind) in ID_PROPS {
        let kind = match (prop, e.schema) {
            ("registrationNumber", Schema::Aircraft) => IdKind::AircraftId,
            ("idNumber", Schema::Person) => IdKind::NationalId,
            ("idNumber", _) => IdKind::Other,
            _ => kind,
        };
        for v in node.values(prop) {
            let mut id = Identifier::new(kind, v);
            let norm = id.normalized_value();
            if norm.is_empty() {
                diags.warn(
                    record,
                    Some(prop),
                    format!("identifier {v:?} has no ASCII letter or digit, left out"),
                );
                continue;
            }
            let generic = prop == "idNumber";
            if e.identifiers
                .iter()
                .any(|x| (generic || x.kind == id.kind) && x.normalized_value() == norm)
            {
                continue;
            }
            id.label = Some(prop.to_string());
            e.identifiers.push(id);
        }
    }
}

/// A `Passport` or `Identification` entity held by the entity.
fn add_document(e: &mut Entity, doc: &Node, diags: &mut Diagnostics) {
    let label = doc
        .values("type")
        .first()
        .map(|t| collapse_whitespace(t))
        .filter(|t| !t.is_empty());
    let kind = if doc.schema == "Passport" {
        IdKind::Passport
    } else {
        let t = label.as_deref().unwrap_or("").to_ascii_lowercase();
        if t.contains("passport") {
            IdKind::Passport
        } else if t.contains("tax") {
            IdKind::TaxId
        } else if t.contains("driv") {
            IdKind::DrivingLicense
        } else if t.contains("social") {
            IdKind::SocialSecurity
        } else if t.contains("registration") {
            IdKind::Registration
        } else {
            IdKind::NationalId
        }
    };
    let issuer = match doc.values("country").first() {
        Some(c) => {
            let found = country(c);
            if found.is_none() {
                diags.warn(&doc.record(), Some("country"), unknown_country(c));
            }
            found
        }
        None => None,
    };
    // A document with no number (OpenSanctions publishes some) adds nothing.
    for number in doc.values("number") {
        let mut id = Identifier::new(kind, number);
        if id.normalized_value().is_empty() {
            continue;
        }
        id.country = issuer;
        id.label = Some(label.clone().unwrap_or_else(|| doc.schema.clone()));
        let note: Vec<String> = [("issued", "startDate"), ("expires", "endDate")]
            .iter()
            .filter_map(|(word, prop)| doc.values(prop).first().map(|d| format!("{word} {d}")))
            .collect();
        if !note.is_empty() {
            id.note = Some(note.join("; "));
        }
        // The holder often repeats the number as `passportNumber`: complete
        // that identifier rather than add a second one.
        let norm = id.normalized_value();
        match e
            .identifiers
            .iter_mut()
            .find(|x| x.kind == id.kind && x.normalized_value() == norm)
        {
            Some(x) => {
                x.country = x.country.or(id.country);
                x.note = x.note.take().or(id.note);
            }
            None => e.identifiers.push(id),
        }
    }
}

/// Addresses from linked `Address` entities, then from the `address` text
/// values that do not repeat one of those.
fn add_addresses(e: &mut Entity, node: &Node, pool: &Pool, links: &Links, diags: &mut Diagnostics) {
    let mut fulls: Vec<String> = Vec::new();
    for r in node.values("addressEntity") {
        let Some(a) = links.resolve(pool, r).filter(|a| a.schema == "Address") else {
            continue;
        };
        let text = |prop: &str| {
            let joined = a
                .values(prop)
                .iter()
                .map(|v| collapse_whitespace(v))
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            (!joined.is_empty()).then_some(joined)
        };
        let mut address = Address {
            street: text("street").map(|s| match text("street2") {
                Some(s2) => format!("{s}, {s2}"),
                None => s,
            }),
            city: text("city"),
            region: text("region").or_else(|| text("state")),
            postal_code: text("postalCode"),
            country: None,
            note: text("remarks"),
        };
        if let Some(c) = a.values("country").first() {
            address.country = country(c);
            match address.country {
                Some(c) => Entity::push_country(&mut e.countries, c),
                None => diags.warn(&a.record(), Some("country"), unknown_country(c)),
            }
        }
        for f in a.values("full") {
            fulls.push(collapse_whitespace(f).to_lowercase());
        }
        if address.street.is_none() && address.city.is_none() {
            address.street = text("full");
        }
        if !address.is_empty() && !e.addresses.contains(&address) {
            e.addresses.push(address);
        }
    }
    for t in node.values("address") {
        let t = collapse_whitespace(t);
        if t.is_empty() || fulls.contains(&t.to_lowercase()) {
            continue;
        }
        let address = Address {
            street: Some(t),
            ..Address::default()
        };
        if !e.addresses.contains(&address) {
            e.addresses.push(address);
        }
    }
}

/// The earliest listing date of the entity's sanctions (`listingDate`, else
/// `startDate`), else the entity's own `createdAt`, which OpenSanctions
/// fills with the publisher's listing date.
fn listed_on(node: &Node, sanctions: &[&Node], diags: &mut Diagnostics) -> Option<FuzzyDate> {
    let mut earliest: Option<FuzzyDate> = None;
    let consider = |earliest: &mut Option<FuzzyDate>, d: FuzzyDate| {
        if earliest.is_none_or(|x| d.from < x.from) {
            *earliest = Some(d);
        }
    };
    for s in sanctions {
        let prop = if s.values("listingDate").is_empty() {
            "startDate"
        } else {
            "listingDate"
        };
        for d in s.values(prop) {
            match FuzzyDate::parse(d) {
                Some(date) => consider(&mut earliest, date),
                None => diags.warn(
                    &s.record(),
                    Some(prop),
                    format!("invalid date {d:?}, left out"),
                ),
            }
        }
    }
    if earliest.is_none() {
        for d in node.values("createdAt") {
            match FuzzyDate::parse(d) {
                Some(date) => consider(&mut earliest, date),
                None => diags.warn(
                    &node.record(),
                    Some("createdAt"),
                    format!("invalid date {d:?}, left out"),
                ),
            }
        }
    }
    earliest
}

#[cfg(test)]
mod tests {
    //! Properties checked, on the fictional fixtures in `tests/fixtures/ftm/`:
    //! 1. every mapped property of a person, an organisation, a vessel and an
    //!    aircraft lands in the model, with countries from FtM's special codes;
    //! 2. the caption is the primary name unless a Latin name exists for a
    //!    non-Latin caption; name kinds and scripts follow the property; parts
    //!    are given only when the part values cover the name unambiguously,
    //!    and make the name when there is no caption or name;
    //! 3. sanctions, addresses and passports enrich the entity they point at
    //!    (by id or by referent); non-targets and non-screenable schemas are
    //!    not entities;
    //! 4. bad lines and values are diagnostics naming line, id and field, in
    //!    line order; a truncated last line is one too;
    //! 5. a delta applies ADD / MOD / DEL in order and records deletions;
    //! 6. nested entities (`targets.nested.json`) enrich their parent and are
    //!    never entities themselves;
    //! 7. an empty file, a lone truncated line, a JSON array and a file
    //!    without any screenable target are errors.
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    const ENTITIES: &str = include_str!("../../tests/fixtures/ftm/entities.ftm.json");
    const DELTA: &str = include_str!("../../tests/fixtures/ftm/entities.delta.json");
    const NESTED: &str = include_str!("../../tests/fixtures/ftm/targets.nested.json");

    fn load(path: &str, text: &str) -> List {
        crate::parse(&Input::new(path, text.as_bytes())).unwrap()
    }

    fn entity(list: &List, id: &str) -> serde_json::Value {
        let e = list.entities.iter().find(|e| e.id == id);
        serde_json::to_value(e.unwrap_or_else(|| panic!("no entity {id}"))).unwrap()
    }

    fn diagnostics(list: &List) -> Vec<String> {
        list.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn person_with_every_property() {
        let list = load("entities.ftm.json", ENTITIES);
        assert_eq!(list.source, "ftm");
        assert_eq!(list.format, Format::FtmJson);
        assert_eq!(list.published.unwrap().to_string(), "2024-01-02");
        assert_eq!(
            entity(&list, "ftm:p-jane"),
            json!({
                "id": "ftm:p-jane", "source": "ftm", "schema": "person",
                "names": [
                    {"full": "Jane Q. EXAMPLE", "kind": "primary", "script": "latin", "parts": [
                        {"kind": "given", "value": "Jane"},
                        {"kind": "middle", "value": "Q."},
                        {"kind": "family", "value": "EXAMPLE"}]},
                    {"full": "Джейн ЭКЗАМПЛ", "kind": "original_script", "script": "cyrillic", "parts": [
                        {"kind": "given", "value": "Джейн"},
                        {"kind": "family", "value": "ЭКЗАМПЛ"}]},
                    {"full": "EXAMPLE, Jane", "kind": "alias", "script": "latin", "parts": [
                        {"kind": "family", "value": "EXAMPLE"},
                        {"kind": "given", "value": "Jane"}]},
                    {"full": "Janie Example", "kind": "alias", "script": "latin"},
                    {"full": "Jane Sample", "kind": "former", "script": "latin", "parts": [
                        {"kind": "given", "value": "Jane"},
                        {"kind": "family", "value": "Sample"}]},
                    {"full": "JQ", "kind": "weak_alias", "script": "latin"}
                ],
                "gender": "female",
                "birth_dates": [{"from": "1970-02", "to": "1970-02"}, {"from": "1971", "to": "1971"}],
                "birth_places": ["Exampletown"],
                "nationalities": ["GB"],
                "citizenships": ["IE"],
                "countries": ["SU", "GB"],
                "identifiers": [
                    {"kind": "passport", "value": "X1234567", "country": "GB", "label": "passportNumber", "note": "issued 2015-01-01"},
                    {"kind": "tax_id", "value": "7700000001", "label": "taxNumber"},
                    {"kind": "national_id", "value": "AB-12", "label": "idNumber"},
                    {"kind": "passport", "value": "P-998877", "country": "GB", "label": "Diplomatic passport", "note": "issued 2015-01-01"}
                ],
                "addresses": [
                    {"street": "1 Example Street", "city": "Exampletown", "postal_code": "EX1 1AA", "country": "GB"},
                    {"street": "PO Box 9, Exampletown"}
                ],
                "programs": ["XX-TEST", "Example Regulation 1/2020", "Other Regime"],
                "positions": ["Director of Example Ltd", "Dr"],
                "listed_on": {"from": "2020-05-01", "to": "2020-05-01"},
                "remarks": ["Fictional record written for vigil's tests.", "Fictional reason.", "topics: sanction, role.pep"]
            })
        );
    }

    #[test]
    fn organisation_vessel_aircraft() {
        let list = load("entities.ftm.json", ENTITIES);
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        // c-sub is target=false, w-1 a CryptoWallet; le-1 has no target key.
        assert_eq!(
            ids,
            [
                "ftm:p-jane",
                "ftm:o-acme",
                "ftm:v-1",
                "ftm:air-1",
                "ftm:p-bad",
                "ftm:le-1"
            ]
        );
        assert_eq!(
            entity(&list, "ftm:o-acme"),
            json!({
                "id": "ftm:o-acme", "source": "ftm", "schema": "organization",
                "names": [
                    {"full": "Acme LLC", "kind": "primary", "script": "latin"},
                    {"full": "ООО «Акме»", "kind": "original_script", "script": "cyrillic"},
                    {"full": "ACME", "kind": "weak_alias", "script": "latin"}
                ],
                "birth_dates": [{"from": "2001-07-15", "to": "2001-07-15"}],
                "countries": ["RU"],
                "identifiers": [
                    {"kind": "registration", "value": "1027700000001", "label": "ogrnCode"},
                    {"kind": "swift_bic", "value": "ACMEXXRU", "label": "swiftBic"},
                    {"kind": "lei", "value": "5493000000000000EX01", "label": "leiCode"},
                    {"kind": "other", "value": "ID-ACME-1", "label": "idNumber"}
                ]
            })
        );
        assert_eq!(
            entity(&list, "ftm:v-1"),
            json!({
                "id": "ftm:v-1", "source": "ftm", "schema": "vessel",
                "names": [
                    {"full": "SEA EXAMPLE", "kind": "primary", "script": "latin"},
                    {"full": "OLD EXAMPLE", "kind": "former", "script": "latin"}
                ],
                "birth_dates": [{"from": "1999", "to": "1999"}],
                "countries": ["PA"],
                "identifiers": [
                    {"kind": "imo", "value": "IMO 9000003", "label": "imoNumber"},
                    {"kind": "mmsi", "value": "123456789", "label": "mmsi"},
                    {"kind": "call_sign", "value": "XXAB1", "label": "callSign"}
                ],
                "positions": ["Crude Oil Tanker"]
            })
        );
        assert_eq!(
            entity(&list, "ftm:air-1"),
            json!({
                "id": "ftm:air-1", "source": "ftm", "schema": "aircraft",
                "names": [{"full": "EX-AMPL", "kind": "primary", "script": "latin"}],
                "identifiers": [
                    {"kind": "aircraft_id", "value": "EP-XYZ", "label": "registrationNumber"},
                    {"kind": "aircraft_id", "value": "SN-0001", "label": "serialNumber"}
                ],
                "positions": ["Example 737"]
            })
        );
    }

    #[test]
    fn bad_lines_and_values_are_diagnostics() {
        let list = load("entities.ftm.json", ENTITIES);
        assert_eq!(
            diagnostics(&list),
            [
                "warning: entities.ftm.json: line 4 (s-2): startDate: invalid date \"2021-13-01\", left out",
                "warning: entities.ftm.json: line 6 (o-acme): country: unknown country \"atlantis\", left out",
                "error: entities.ftm.json: line 10: invalid JSON at column 34 (key must be a string); the line is skipped",
                "error: entities.ftm.json: line 11: id: no id; the entity is skipped",
                "error: entities.ftm.json: line 12 (p-noname): name: no name; the entity is skipped",
                "warning: entities.ftm.json: line 13 (p-bad): gender: unknown gender \"robot\", left out",
                "warning: entities.ftm.json: line 13 (p-bad): birthDate: invalid date \"1980-13-45\", left out",
                "warning: entities.ftm.json: line 13 (p-bad): nationality: unknown country \"xx\", left out",
                "warning: entities.ftm.json: line 13 (p-bad): citizenship: \"eu\" (the European Union) is not a country, left out",
                "warning: entities.ftm.json: line 13 (p-bad): passportNumber: identifier \"-\" has no ASCII letter or digit, left out",
                "error: entities.ftm.json: line 14: id: duplicate id \"p-jane\"; the line is skipped",
                "error: entities.ftm.json: line 17: not a JSON object; the line is skipped",
                "error: entities.ftm.json: line 18: the last line ends early (EOF while parsing a string); the file is truncated, the line is skipped",
                "warning: entities.ftm.json: file: schema: 1 target(s) of schema CryptoWallet are not persons, organisations, vessels or aircraft; left out",
            ]
        );
    }

    #[test]
    fn parts_only_when_unambiguous() {
        let line = json!({"id": "x", "schema": "Person", "caption": "Maulavi Abdul Example",
            "properties": {"name": ["Maulavi Abdul Example", "Abdul Other Example", "ZED"],
                "title": ["Maulavi"], "firstName": ["Maulavi", "Abdul"], "lastName": ["Example"]}});
        let list = load("p.json", &line.to_string());
        let parts: Vec<usize> = list.entities[0]
            .names
            .iter()
            .map(|n| n.parts.len())
            .collect();
        // "Maulavi" is both a title and a first name; "Other" is no part;
        // "ZED" is no part at all.
        assert_eq!(parts, [0, 0, 0]);
    }

    #[test]
    fn name_from_parts_without_caption_or_name() {
        let line = json!({"id": "x", "schema": "Person",
            "properties": {"firstName": ["Jane"], "fatherName": ["Ivanovna"], "lastName": ["Roe", "Doe"],
                "title": ["Dr"]}});
        let list = load("p.json", &line.to_string());
        let name = &list.entities[0].names[0];
        assert_eq!(name.full, "Jane Ivanovna Roe");
        assert_eq!(name.kind, NameKind::Primary);
        let kinds: Vec<PartKind> = name.parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [PartKind::Given, PartKind::Patronymic, PartKind::Family]
        );
    }

    #[test]
    fn non_latin_caption_gives_way_to_a_latin_name() {
        let line = json!({"id": "x", "schema": "Company", "caption": "Акме",
            "properties": {"name": ["Акме", "ACME"]}});
        let list = load("c.json", &line.to_string());
        let names: Vec<String> = list.entities[0]
            .names
            .iter()
            .map(|n| format!("{}/{}: {}", n.kind, n.script, n.full))
            .collect();
        assert_eq!(
            names,
            ["primary/latin: ACME", "original_script/cyrillic: Акме"]
        );
        // Without a Latin name, the caption stays primary whatever its script.
        let line = json!({"id": "y", "schema": "Person", "caption": "Джейн",
            "properties": {"name": ["Джейн"]}});
        let list = load("c.json", &line.to_string());
        assert_eq!(list.entities[0].names[0].kind, NameKind::Primary);
        assert_eq!(list.entities[0].names[0].script, Script::Cyrillic);
    }

    #[test]
    fn delta_applies_in_order() {
        let list = load("entities.delta.json", DELTA);
        assert_eq!(list.format, Format::FtmDelta);
        assert_eq!(list.published.unwrap().to_string(), "2024-05-03");
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        // d-2 is deleted; d-3 is added after its DEL (and kept when a broken
        // MOD follows); d-4 is not a target.
        assert_eq!(ids, ["ftm:d-1", "ftm:d-3"]);
        assert_eq!(list.deleted, ["ftm:d-2", "ftm:d-old"]);
        assert_eq!(
            entity(&list, "ftm:d-1"),
            json!({
                "id": "ftm:d-1", "source": "ftm", "schema": "person",
                "names": [{"full": "Delta One Modified", "kind": "primary", "script": "latin"}],
                "birth_dates": [{"from": "1960", "to": "1960"}],
                "programs": ["DELTA-PROG"],
                "listed_on": {"from": "2024-05-03", "to": "2024-05-03"}
            })
        );
        assert_eq!(
            diagnostics(&list),
            [
                "error: entities.delta.json: line 10: op: unknown operation \"FOO\"; the line is skipped",
                "error: entities.delta.json: line 11: entity: no entity object; the operation is skipped",
                "error: entities.delta.json: line 12: id: no entity id; the DEL operation is skipped",
                "error: entities.delta.json: line 13: op: no `op`; not a delta operation, the line is skipped",
                "error: entities.delta.json: line 14 (d-3): schema: no schema; the entity is skipped",
            ]
        );
    }

    #[test]
    fn nested_entities_enrich_their_parent() {
        let list = load("targets.nested.json", NESTED);
        assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["ftm:n-1", "ftm:n-2"]);
        assert_eq!(
            entity(&list, "ftm:n-1"),
            json!({
                "id": "ftm:n-1", "source": "ftm", "schema": "person",
                "names": [{"full": "Nested Example", "kind": "primary", "script": "latin", "parts": [
                    {"kind": "given", "value": "Nested"}, {"kind": "family", "value": "Example"}]}],
                "birth_dates": [{"from": "1955-06-07", "to": "1955-06-07"}],
                "nationalities": ["FR", "DE"],
                "countries": ["FR"],
                "identifiers": [{"kind": "national_id", "value": "ID-1", "country": "FR", "label": "National ID card"}],
                "addresses": [{"city": "Paris", "country": "FR"}],
                "programs": ["NESTED-PROG"],
                "positions": ["Minister of Examples"],
                "listed_on": {"from": "2010-10-10", "to": "2010-10-10"}
            })
        );
    }

    #[test]
    fn files_that_are_not_lists() {
        let err = |text: &str| crate::parse(&Input::new("f.json", text.as_bytes())).unwrap_err();
        assert_eq!(err("").kind(), ErrorKind::Empty);
        let e = err("{\"id\": \"x\", \"schema\": \"Person\", \"prop");
        assert_eq!(e.kind(), ErrorKind::Truncated);
        assert_eq!(err("[{\"id\": \"x\"}]").kind(), ErrorKind::Unrecognized);
        assert_eq!(err("{\"name\": \"x\"}\n").kind(), ErrorKind::Unrecognized);
        let e =
            err("{\"id\": \"a\", \"schema\": \"Address\", \"properties\": {\"full\": [\"x\"]}}\n");
        assert_eq!(e.kind(), ErrorKind::NoEntities);
        // The parser itself refuses a lone truncated line too, when called
        // without detection.
        let input = Input::new("f.json", b"{\"id\": \"x\", \"sch");
        let e = parse(&input, Format::FtmJson).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.json: the only line ends early (EOF while parsing a string); the file is truncated"
        );
    }

    #[test]
    fn bom_crlf_and_source_name() {
        let text = "\u{feff}{\"id\": \"x\", \"schema\": \"Person\", \"caption\": \"A B\"}\r\n\r\n";
        let input = Input::new("f.json", text.as_bytes()).with_source(Some("mine"));
        let list = crate::parse(&input).unwrap();
        assert_eq!(list.entities[0].id, "mine:x");
        assert_eq!(list.entities[0].names[0].full, "A B");
        assert!(list.diagnostics.is_empty());
    }
}
