//! OFAC's Advanced XML (`sdn_advanced.xml`, `cons_advanced.xml`): root
//! `Sanctions`, a reference-table format.
//!
//! Almost every value is an ID into `ReferenceValueSets` (alias types, party
//! types, name part types, scripts, feature types, countries, document
//! types, programmes...). The file is read in one pass over each section:
//! the reference tables, `Locations` and `IDRegDocuments` are indexed first,
//! then each `DistinctParty` becomes an entity, then `SanctionsEntries` add
//! programmes and listing dates to the entities they name. A reference that
//! does not resolve is a warning on the record that uses it.

use crate::error::{Diagnostics, Error};
use crate::formats::common;
use crate::formats::ofac_common::{self as oc, Fact, Value};
use crate::lines::Lines;
use crate::xml;
use crate::{Format, Input, List};
use roxmltree::Node;
use std::collections::HashMap;
use vigil_core::{
    Address, Country, Entity, FuzzyDate, IdKind, Name, NameKind, NamePart, PartialDate, Schema,
};

type N<'a, 'i> = Node<'a, 'i>;

/// Parses an OFAC Advanced XML file.
pub(crate) fn parse(input: &Input<'_>) -> Result<List, Error> {
    let doc = xml::parse(input)?;
    let root = xml::root(&doc, input, "Sanctions", "OFAC's Advanced XML")?;
    let source = common::source(input, Format::OfacAdvancedXml);
    let mut list = List::new(&source, Format::OfacAdvancedXml, input.path);
    let mut diags = Diagnostics::new(input.path);
    if let Some(d) = xml::child(root, "DateOfIssue") {
        list.published = ymd(d);
        if list.published.is_none() {
            diags.warn("DateOfIssue", None, "invalid publication date, left out");
        }
    }
    let refs = Refs::new(root);
    let mut locations = HashMap::new();
    for l in xml::children(root, "Locations").flat_map(|l| xml::children(l, "Location")) {
        if let Some(id) = xml::attr(l, "ID") {
            locations.insert(id, l);
        }
    }
    let mut documents: HashMap<&str, Vec<N<'_, '_>>> = HashMap::new();
    for d in xml::children(root, "IDRegDocuments").flat_map(|l| xml::children(l, "IDRegDocument")) {
        if let Some(id) = xml::attr(d, "IdentityID") {
            documents.entry(id).or_default().push(d);
        }
    }
    let ctx = Ctx {
        lines: Lines::new(doc.input_text()),
        refs: &refs,
        locations: &locations,
        documents: &documents,
        source: &source,
    };
    let mut by_profile: HashMap<&str, usize> = HashMap::new();
    for party in
        xml::children(root, "DistinctParties").flat_map(|l| xml::children(l, "DistinctParty"))
    {
        for (profile_id, entity) in ctx.party(party, &mut diags) {
            if by_profile.contains_key(profile_id) {
                diags.skip(
                    &ctx.record("FixedRef", party),
                    Some("Profile"),
                    format!("duplicate profile {profile_id:?}; the record is skipped"),
                );
                continue;
            }
            by_profile.insert(profile_id, list.entities.len());
            list.entities.push(entity);
        }
    }
    for entry in
        xml::children(root, "SanctionsEntries").flat_map(|l| xml::children(l, "SanctionsEntry"))
    {
        let record = ctx.record("ID", entry);
        let target = xml::attr(entry, "ProfileID").and_then(|p| by_profile.get(p));
        let Some(&index) = target else {
            diags.warn(
                &record,
                Some("ProfileID"),
                "names no party of this file, ignored",
            );
            continue;
        };
        if let Some(entity) = list.entities.get_mut(index) {
            ctx.sanctions_entry(entity, entry, &record, &mut diags);
        }
    }
    list.diagnostics = diags.items;
    Ok(list)
}

/// The reference tables: `(element name, ID)` → element, for every value of
/// every set (`("AliasType", "1400")` → `<AliasType ID="1400">A.K.A.</AliasType>`).
struct Refs<'a, 'i> {
    values: HashMap<(&'a str, &'a str), N<'a, 'i>>,
}

impl<'a, 'i> Refs<'a, 'i> {
    fn new(root: N<'a, 'i>) -> Refs<'a, 'i> {
        let mut values = HashMap::new();
        for set in xml::children(root, "ReferenceValueSets").flat_map(|s| s.children()) {
            for v in set.children().filter(Node::is_element) {
                if let Some(id) = xml::attr(v, "ID") {
                    values.insert((v.tag_name().name(), id), v);
                }
            }
        }
        Refs { values }
    }

    fn node(&self, set: &str, id: Option<&str>) -> Option<N<'a, 'i>> {
        self.values.get(&(set, id?)).copied()
    }

    /// The text of a reference value (`"A.K.A."`).
    fn text(&self, set: &str, id: Option<&str>) -> Option<&'a str> {
        self.node(set, id).and_then(xml::text)
    }

    /// The country of a `Country` value: its ISO2 attribute, else its
    /// name; `None` for OFAC's "undetermined".
    fn country(&self, id: Option<&str>) -> Result<Option<Country>, String> {
        let Some(node) = self.node("Country", id) else {
            return Err(format!("unknown country reference {:?}", id.unwrap_or("")));
        };
        let name = xml::text(node).unwrap_or("");
        match xml::attr(node, "ISO2")
            .and_then(Country::from_code)
            .or_else(|| oc::lookup_country(name))
        {
            Some(c) => Ok(Some(c)),
            None if oc::is_undetermined(name) => Ok(None),
            None => Err(format!("unknown country {name:?}")),
        }
    }
}

struct Ctx<'d, 'a, 'i> {
    lines: Lines<'i>,
    refs: &'d Refs<'a, 'i>,
    locations: &'d HashMap<&'a str, N<'a, 'i>>,
    documents: &'d HashMap<&'a str, Vec<N<'a, 'i>>>,
    source: &'d str,
}

impl<'a, 'i> Ctx<'_, 'a, 'i> {
    /// `DistinctParty FixedRef=2677 (line 1220)`.
    fn record(&self, key: &str, node: N<'_, '_>) -> String {
        self.lines.record(node, key, xml::attr(node, key))
    }

    /// The entities of one party: one per `Profile` (OFAC gives one).
    fn party(&self, party: N<'a, 'i>, diags: &mut Diagnostics) -> Vec<(&'a str, Entity)> {
        let record = self.record("FixedRef", party);
        let mut out = Vec::new();
        for profile in xml::children(party, "Profile") {
            // The profile ID is what SanctionsEntry refers to; OFAC makes it
            // equal to the party's FixedRef, the SDN ent_num.
            let Some(id) = xml::attr(profile, "ID").or_else(|| xml::attr(party, "FixedRef")) else {
                diags.skip(
                    &record,
                    Some("Profile/ID"),
                    "missing profile ID; the record is skipped",
                );
                continue;
            };
            if let Some(e) = self.profile(profile, id, &record, diags) {
                out.push((id, e));
            }
        }
        if out.is_empty() && xml::child(party, "Profile").is_none() {
            diags.skip(
                &record,
                Some("Profile"),
                "no profile; the record is skipped",
            );
        }
        out
    }

    fn schema(&self, profile: N<'_, '_>, record: &str, diags: &mut Diagnostics) -> Schema {
        let sub_id = xml::attr(profile, "PartySubTypeID");
        let Some(sub) = self.refs.node("PartySubType", sub_id) else {
            diags.warn(
                record,
                Some("PartySubTypeID"),
                format!(
                    "unknown party subtype {:?}; read as organization",
                    sub_id.unwrap_or("")
                ),
            );
            return Schema::Organization;
        };
        let sub_text = xml::text(sub).unwrap_or("");
        let party_type = self.refs.text("PartyType", xml::attr(sub, "PartyTypeID"));
        // The subtype tells vessels from aircraft ("Transport"); otherwise
        // the party type says individual or entity.
        match (sub_text, party_type) {
            ("Vessel", _) => Schema::Vessel,
            ("Aircraft", _) => Schema::Aircraft,
            (_, Some("Individual")) => Schema::Person,
            (_, Some("Entity" | "Other Entity" | "Location")) => Schema::Organization,
            (_, other) => {
                diags.warn(
                    record,
                    Some("PartySubTypeID"),
                    format!(
                        "unknown party type {:?}; read as organization",
                        other.unwrap_or(sub_text)
                    ),
                );
                Schema::Organization
            }
        }
    }

    fn profile(
        &self,
        profile: N<'a, 'i>,
        id: &str,
        record: &str,
        diags: &mut Diagnostics,
    ) -> Option<Entity> {
        let schema = self.schema(profile, record, diags);
        let mut entity = Entity::new(self.source, id, schema);
        let mut identities: Vec<N<'_, '_>> = xml::children(profile, "Identity").collect();
        // The primary identity first, so that its primary name leads.
        identities.sort_by_key(|i| !oc::flag(xml::attr(*i, "Primary")));
        for identity in &identities {
            self.names(&mut entity, *identity, record, diags);
        }
        if !entity.names.iter().any(|n| n.kind == NameKind::Primary) {
            diags.skip(
                record,
                Some("Alias"),
                "no primary name; the record is skipped",
            );
            return None;
        }
        for feature in xml::children(profile, "Feature") {
            self.feature(&mut entity, feature, record, diags);
        }
        for identity in &identities {
            let docs = xml::attr(*identity, "ID").and_then(|i| self.documents.get(i));
            for d in docs.into_iter().flatten() {
                self.document(&mut entity, *d, record, diags);
            }
        }
        Some(entity)
    }

    /// The names of one identity. The primary alias ("Name") gives the
    /// primary name in Latin script and, in other documented names, the same
    /// name in its original script.
    fn names(
        &self,
        entity: &mut Entity,
        identity: N<'_, '_>,
        record: &str,
        diags: &mut Diagnostics,
    ) {
        let mut groups = HashMap::new();
        for g in xml::children(identity, "NamePartGroups")
            .flat_map(|g| xml::children(g, "MasterNamePartGroup"))
            .flat_map(|g| xml::children(g, "NamePartGroup"))
        {
            if let Some(id) = xml::attr(g, "ID") {
                groups.insert(id, xml::attr(g, "NamePartTypeID"));
            }
        }
        let mut aliases: Vec<N<'_, '_>> = xml::children(identity, "Alias").collect();
        aliases.sort_by_key(|a| !oc::flag(xml::attr(*a, "Primary")));
        for alias in aliases {
            let primary = oc::flag(xml::attr(alias, "Primary"));
            let low = oc::flag(xml::attr(alias, "LowQuality"));
            let type_id = xml::attr(alias, "AliasTypeID");
            let alias_type = self.refs.text("AliasType", type_id);
            let base = if primary {
                NameKind::Primary
            } else if alias_type.is_none() && type_id.is_some() {
                diags.warn(
                    record,
                    Some("AliasTypeID"),
                    format!(
                        "unknown alias type {:?}; read as a.k.a.",
                        type_id.unwrap_or("")
                    ),
                );
                if low {
                    NameKind::WeakAlias
                } else {
                    NameKind::Alias
                }
            } else {
                match oc::alias_kind(alias_type, low) {
                    Ok(k) => k,
                    Err(t) => {
                        diags.warn(
                            record,
                            Some("AliasTypeID"),
                            format!("unknown alias type {t:?}; read as a.k.a."),
                        );
                        NameKind::Alias
                    }
                }
            };
            let docs: Vec<N<'_, '_>> = xml::children(alias, "DocumentedName").collect();
            // Of the primary alias's documented names, the one OFAC marks
            // "Primary Latin" (else the first) is the primary name.
            let lead = docs
                .iter()
                .position(|d| {
                    self.refs
                        .text("DocNameStatus", xml::attr(*d, "DocNameStatusID"))
                        == Some("Primary Latin")
                })
                .unwrap_or(0);
            for (i, d) in docs.iter().enumerate() {
                let kind = match base {
                    NameKind::Primary if i != lead => NameKind::Alias,
                    k => k,
                };
                match self.documented_name(*d, &groups, entity.schema, kind, record, diags) {
                    Some(n) => {
                        entity.add_name(common::with_script_kind(n));
                    }
                    None => diags.warn(
                        record,
                        Some("DocumentedName"),
                        "documented name without text, left out",
                    ),
                }
            }
        }
    }

    fn documented_name(
        &self,
        d: N<'_, '_>,
        groups: &HashMap<&str, Option<&str>>,
        schema: Schema,
        kind: NameKind,
        record: &str,
        diags: &mut Diagnostics,
    ) -> Option<Name> {
        let mut parts: Vec<NamePart> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        for v in
            xml::children(d, "DocumentedNamePart").flat_map(|p| xml::children(p, "NamePartValue"))
        {
            let Some(text) = xml::text(v) else { continue };
            words.push(text);
            let group = xml::attr(v, "NamePartGroupID");
            let type_label = match groups.get(group.unwrap_or("")) {
                Some(type_id) => self.refs.text("NamePartType", *type_id),
                None => {
                    diags.warn(
                        record,
                        Some("NamePartGroupID"),
                        format!("unknown name part group {:?}", group.unwrap_or("")),
                    );
                    None
                }
            };
            if let Some(k) = type_label.and_then(oc::part_kind)
                && let Some(p) = oc::part(k, text)
            {
                parts.push(p);
            }
        }
        // Structured only when every part has a role; entity, vessel and
        // aircraft names are one whole part.
        let structured = oc::is_structured(&parts, words.len());
        if schema == Schema::Person && structured {
            Some(Name::new(&oc::format_person(&parts), kind)?.with_parts(parts))
        } else {
            Name::new(&words.join(" "), kind)
        }
    }

    /// The country of a location: its country, else its area code's
    /// country, else a part that names a country ("Egypt"); `None` for
    /// OFAC's "undetermined".
    fn location_country(&self, loc: N<'_, '_>) -> Result<Option<Country>, String> {
        if let Some(c) = xml::child(loc, "LocationCountry") {
            return self.refs.country(xml::attr(c, "CountryID"));
        }
        if let Some(a) = xml::child(loc, "LocationAreaCode") {
            let area = self.refs.node("AreaCode", xml::attr(a, "AreaCodeID"));
            return self
                .refs
                .country(area.and_then(|a| xml::attr(a, "CountryID")));
        }
        let texts: Vec<&str> = xml::children(loc, "LocationPart")
            .filter_map(location_part_value)
            .collect();
        match texts.iter().find_map(|t| oc::lookup_country(t)) {
            Some(c) => Ok(Some(c)),
            None if texts.iter().all(|t| oc::is_undetermined(t)) => Ok(None),
            None => Err(format!(
                "location without a known country ({:?})",
                texts.join(", ")
            )),
        }
    }

    fn address(&self, loc: N<'_, '_>, record: &str, diags: &mut Diagnostics) -> Address {
        let mut a = Address::default();
        let mut street = Vec::new();
        let mut notes = Vec::new();
        for p in xml::children(loc, "LocationPart") {
            let Some(value) = location_part_value(p) else {
                continue;
            };
            let value = value.to_string();
            match self.refs.text("LocPartType", xml::attr(p, "LocPartTypeID")) {
                Some("ADDRESS1" | "ADDRESS2" | "ADDRESS3") => street.push(value),
                Some("CITY") => a.city = Some(value),
                Some("STATE/PROVINCE" | "REGION") if a.region.is_none() => a.region = Some(value),
                Some("POSTAL CODE") => a.postal_code = Some(value),
                _ => notes.push(value),
            }
        }
        a.street = (!street.is_empty()).then(|| street.join(", "));
        let has_country = xml::child(loc, "LocationCountry").is_some()
            || xml::child(loc, "LocationAreaCode").is_some();
        if has_country {
            match self.location_country(loc) {
                Ok(c) => a.country = c,
                Err(why) => diags.warn(record, Some("Location"), format!("{why}, left out")),
            }
        }
        a.note = (!notes.is_empty()).then(|| notes.join(", "));
        a
    }

    fn feature(
        &self,
        entity: &mut Entity,
        feature: N<'_, '_>,
        record: &str,
        diags: &mut Diagnostics,
    ) {
        let type_id = xml::attr(feature, "FeatureTypeID");
        let Some(label) = self.refs.text("FeatureType", type_id) else {
            diags.warn(
                record,
                Some("FeatureTypeID"),
                format!("unknown feature type {:?}, left out", type_id.unwrap_or("")),
            );
            return;
        };
        let fact = oc::classify(label, Fact::Remark);
        let label_field = oc::field_name(label);
        let field = label_field.as_str();
        for version in xml::children(feature, "FeatureVersion") {
            let comment = xml::child_text(version, "Comment").map(str::to_string);
            for vl in xml::children(version, "VersionLocation") {
                let loc_id = xml::attr(vl, "LocationID");
                let Some(loc) = loc_id.and_then(|l| self.locations.get(l)) else {
                    diags.warn(
                        record,
                        Some(field),
                        format!("unknown location {:?}, left out", loc_id.unwrap_or("")),
                    );
                    continue;
                };
                match fact {
                    Fact::Nationality | Fact::Citizenship | Fact::Country => {
                        match self.location_country(*loc) {
                            Ok(Some(c)) => oc::add_country(entity, fact, c),
                            Ok(None) => {}
                            Err(why) => diags.warn(record, Some(field), format!("{why}, left out")),
                        }
                    }
                    Fact::BirthPlace => {
                        let words: Vec<&str> = xml::children(*loc, "LocationPart")
                            .filter_map(location_part_value)
                            .collect();
                        let country = self.location_country(*loc).ok().flatten();
                        let place = match (words.is_empty(), country) {
                            (true, Some(c)) => c.name().to_string(),
                            _ => words.join(", "),
                        };
                        oc::add_birth_place(entity, &place);
                        if let Some(c) = country {
                            Entity::push_country(&mut entity.countries, c);
                        }
                    }
                    _ => {
                        let address = self.address(*loc, record, diags);
                        oc::add_address(entity, address);
                    }
                }
            }
            if let Some(period) = xml::child(version, "DatePeriod") {
                match date_period(period) {
                    Some(date) if fact == Fact::BirthDate => entity.add_birth_date(date),
                    Some(date) => {
                        let text = date.to_string();
                        let value = Value {
                            label,
                            text: &text,
                            country: None,
                            note: comment.clone(),
                        };
                        oc::apply(entity, fact, value, diags, record, field);
                    }
                    None => diags.warn(record, Some(field), "invalid date period, left out"),
                }
            }
            for detail in xml::children(version, "VersionDetail") {
                let reference = xml::attr(detail, "DetailReferenceID");
                let text = match reference {
                    Some(_) => match self.refs.text("DetailReference", reference) {
                        Some(t) => t,
                        None => {
                            diags.warn(
                                record,
                                Some(field),
                                format!(
                                    "unknown detail reference {:?}, left out",
                                    reference.unwrap_or("")
                                ),
                            );
                            continue;
                        }
                    },
                    None => match xml::text(detail) {
                        Some(t) => t,
                        // Dates and locations carry an empty detail.
                        None => continue,
                    },
                };
                let value = Value {
                    label,
                    text,
                    country: None,
                    note: comment.clone(),
                };
                oc::apply(entity, fact, value, diags, record, field);
            }
        }
    }

    fn document(&self, entity: &mut Entity, d: N<'_, '_>, record: &str, diags: &mut Diagnostics) {
        let type_id = xml::attr(d, "IDRegDocTypeID");
        let label = self.refs.text("IDRegDocType", type_id);
        if label.is_none() {
            diags.warn(
                record,
                Some("IDRegDocTypeID"),
                format!(
                    "unknown document type {:?}; read as other",
                    type_id.unwrap_or("")
                ),
            );
        }
        let label = label.unwrap_or("");
        let Some(number) = xml::child_text(d, "IDRegistrationNo") else {
            diags.warn(
                record,
                Some("IDRegistrationNo"),
                format!("{label:?} without a number, left out"),
            );
            return;
        };
        let country = match xml::attr(d, "IssuedBy-CountryID") {
            None => None,
            Some(id) => match self.refs.country(Some(id)) {
                Ok(c) => c,
                Err(why) => {
                    diags.warn(
                        record,
                        Some("IssuedBy-CountryID"),
                        format!("{why}, left out"),
                    );
                    None
                }
            },
        };
        let mut notes = vec![xml::child_text(d, "IssuingAuthority").map(str::to_string)];
        for date in xml::children(d, "DocumentDate") {
            let kind = self
                .refs
                .text("IDRegDocDateType", xml::attr(date, "IDRegDocDateTypeID"))
                .unwrap_or("Date");
            let when = xml::child(date, "DatePeriod").and_then(date_period);
            notes.push(when.map(|w| format!("{kind} {w}")));
        }
        // "Fraudulent" documents are kept: a forged passport number still
        // identifies its holder.
        match self.refs.text("Validity", xml::attr(d, "ValidityID")) {
            Some("Valid") | None => {}
            Some(v) => notes.push(Some(v.to_lowercase())),
        }
        notes.push(xml::child_text(d, "Comment").map(str::to_string));
        let fact = oc::classify(label, Fact::Id(IdKind::Other));
        let value = Value {
            label,
            text: number,
            country,
            note: oc::join_note(notes),
        };
        oc::apply(entity, fact, value, diags, record, "IDRegistrationNo");
    }

    fn sanctions_entry(
        &self,
        entity: &mut Entity,
        entry: N<'_, '_>,
        record: &str,
        diags: &mut Diagnostics,
    ) {
        for event in xml::children(entry, "EntryEvent") {
            match xml::child(event, "Date").and_then(ymd) {
                // The earliest event is the listing; later ones amend it.
                Some(d) => {
                    let d = FuzzyDate::on(d);
                    if entity.listed_on.is_none_or(|l| d.from < l.from) {
                        entity.listed_on = Some(d);
                    }
                }
                None => diags.warn(record, Some("EntryEvent/Date"), "invalid date, left out"),
            }
        }
        for m in xml::children(entry, "SanctionsMeasure") {
            let kind = self
                .refs
                .text("SanctionsType", xml::attr(m, "SanctionsTypeID"));
            // The "Program" measure names the programme in its comment
            // (SDGT, CUBA); the others say what is imposed (Block, Reject).
            if kind == Some("Program")
                && let Some(p) = xml::child_text(m, "Comment")
            {
                Entity::push_text(&mut entity.programs, p);
            }
        }
    }
}

/// The primary (else the first) value of a location part.
fn location_part_value<'a>(part: N<'a, '_>) -> Option<&'a str> {
    let values: Vec<N<'a, '_>> = xml::children(part, "LocationPartValue").collect();
    values
        .iter()
        .find(|v| oc::flag(xml::attr(**v, "Primary")))
        .or(values.first())
        .and_then(|v| xml::child_text(*v, "Value"))
}

/// A date of `Year`, `Month` and `Day` children; month and day optional.
fn ymd(node: N<'_, '_>) -> Option<PartialDate> {
    let num = |name: &str| xml::child_text(node, name).map(str::parse::<u16>);
    let year = num("Year")?.ok()?;
    match (num("Month"), num("Day")) {
        (None, _) => Some(PartialDate::year(year)).filter(|d| (1..=9999).contains(&d.year)),
        (Some(m), None) => PartialDate::month(year, u8::try_from(m.ok()?).ok()?),
        (Some(m), Some(d)) => PartialDate::ymd(
            year,
            u8::try_from(m.ok()?).ok()?,
            u8::try_from(d.ok()?).ok()?,
        ),
    }
}

/// A `DatePeriod`: `Start` and `End`, each a `From`..`To` window. The
/// earliest possible day is the start's `From`, the latest the end's `To`;
/// "Approximate" on either marks the date circa.
fn date_period(p: N<'_, '_>) -> Option<FuzzyDate> {
    let start = xml::child(p, "Start");
    let end = xml::child(p, "End");
    let pick = |n: Option<N<'_, '_>>, first: &str, second: &str| {
        let n = n?;
        xml::child(n, first)
            .and_then(ymd)
            .or_else(|| xml::child(n, second).and_then(ymd))
    };
    let from = pick(start, "From", "To").or_else(|| pick(end, "From", "To"))?;
    let to = pick(end, "To", "From")
        .or_else(|| pick(start, "To", "From"))
        .unwrap_or(from);
    let approx = [start, end]
        .into_iter()
        .flatten()
        .any(|n| oc::flag(xml::attr(n, "Approximate")));
    oc::span(from, to, approx)
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. references resolve through the tables: party types to schemas,
    //!    name part groups to parts, scripts, alias types and quality,
    //!    feature types, detail references, locations, countries (ISO2,
    //!    area codes, names, "undetermined"), document types and dates;
    //! 2. date periods keep their precision (day, month, circa range);
    //! 3. sanctions entries add programmes and the earliest listing date;
    //! 4. unresolved references and bad records are diagnostics naming the
    //!    party and the field;
    //! 5. a truncated file and a wrong root are errors.
    use super::*;
    use crate::ErrorKind;
    use crate::pin::names;
    use vigil_core::{Gender, PartKind, Precision};

    const FIXTURE: &str = include_str!("../../tests/fixtures/ofac_advanced/sdn_advanced.xml");
    const TRUNCATED: &str = include_str!("../../tests/fixtures/ofac_advanced/truncated.xml");

    fn parse_str(s: &str) -> Result<List, Error> {
        parse(&Input::new("sdn_advanced.xml", s.as_bytes()))
    }

    #[test]
    fn reads_a_person() {
        let list = parse_str(FIXTURE).unwrap();
        assert_eq!(list.source, "ofac-sdn");
        assert_eq!(list.format, Format::OfacAdvancedXml);
        assert_eq!(list.published.unwrap().to_string(), "2024-03-02");
        let e = &list.entities[0];
        assert_eq!(e.id, "ofac-sdn:5001");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(
            names(e),
            [
                "primary/latin: EXAMPLO, Juan Carlos",
                "original_script/arabic: إكزامبلو, خوان",
                "weak_alias/latin: EL JEFE",
                "former/cyrillic: ЭКЗАМПЛО",
                "alias/latin: Muestra",
            ]
        );
        let parts: Vec<(PartKind, &str)> = e.names[0]
            .parts
            .iter()
            .map(|p| (p.kind, p.value.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                (PartKind::Family, "Examplo"),
                (PartKind::Given, "Juan"),
                (PartKind::Middle, "Carlos")
            ]
        );
        let dobs: Vec<(String, Precision)> = e
            .birth_dates
            .iter()
            .map(|d| (d.to_string(), d.precision()))
            .collect();
        assert_eq!(
            dobs,
            [
                ("1961-02-12".to_string(), Precision::Day),
                ("circa 1960..1962".to_string(), Precision::Range),
            ]
        );
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.birth_places, ["Maracaibo, Venezuela"]);
        assert_eq!(e.nationalities[0].as_str(), "EG");
        assert_eq!(e.citizenships[0].as_str(), "VE");
        assert_eq!(e.countries.len(), 1);
        assert_eq!(e.positions, ["General"]);
        let a = &e.addresses[0];
        assert_eq!(a.street.as_deref(), Some("Calle 1"));
        assert_eq!(a.city.as_deref(), Some("Caracas"), "the primary value");
        assert_eq!(a.country.unwrap().as_str(), "VE");
        let ids: Vec<(IdKind, &str, Option<&str>, Option<&str>)> = e
            .identifiers
            .iter()
            .map(|i| {
                (
                    i.kind,
                    i.value.as_str(),
                    i.country.as_ref().map(Country::as_str),
                    i.note.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                (
                    IdKind::Passport,
                    "A1234567",
                    Some("VE"),
                    Some("SAIME; Issue Date 2015-01-01")
                ),
                (IdKind::NationalId, "V-12345678", None, Some("fraudulent")),
                (IdKind::NationalId, "V-87654321", None, None),
                (IdKind::Other, "X-1", None, None),
            ]
        );
        assert_eq!(e.programs, ["SDGT", "IRGC"]);
        assert_eq!(e.listed_on.unwrap().to_string(), "2010-05-06");
        assert_eq!(
            e.remarks,
            ["Secondary sanctions risk: section 1(b) of Executive Order 13224"]
        );
    }

    #[test]
    fn reads_organisations_and_vessels() {
        let list = parse_str(FIXTURE).unwrap();
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ofac-sdn:5001",
                "ofac-sdn:5002",
                "ofac-sdn:5003",
                "ofac-sdn:5005"
            ]
        );
        let org = &list.entities[1];
        assert_eq!(org.schema, Schema::Organization);
        assert_eq!(
            names(org),
            [
                "primary/latin: EXAMPLE TRADING CO. LTD.",
                "alias/latin: EXAMPLE GLOBAL"
            ]
        );
        assert!(org.names[0].parts.is_empty());
        assert_eq!(org.birth_dates[0].to_string(), "1999-03");
        assert_eq!(org.birth_dates[0].precision(), Precision::Month);
        // "undetermined" is no country and no warning; "Region: Gaza" is one.
        assert_eq!(org.addresses.len(), 1);
        assert_eq!(org.countries[0].as_str(), "PS");
        assert_eq!(org.programs, Vec::<String>::new());

        let vessel = &list.entities[2];
        assert_eq!(vessel.schema, Schema::Vessel);
        let ids: Vec<(IdKind, &str)> = vessel
            .identifiers
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        assert_eq!(ids, [(IdKind::CallSign, "9XMP1"), (IdKind::Imo, "9999999")]);
        assert_eq!(vessel.positions, ["Tug"]);
        assert_eq!(vessel.countries[0].as_str(), "PA");
        assert_eq!(vessel.programs, ["IRAN"]);
        assert_eq!(vessel.listed_on, None);
    }

    #[test]
    fn bad_references_are_diagnostics() {
        let list = parse_str(FIXTURE).unwrap();
        let d: Vec<String> = list.diagnostics.iter().map(|d| d.to_string()).collect();
        let p = "sdn_advanced.xml: DistinctParty FixedRef=5001 (line 39)";
        assert_eq!(
            d,
            [
                format!("warning: {p}: AliasTypeID: unknown alias type \"7777\"; read as a.k.a."),
                format!("warning: {p}: NamePartGroupID: unknown name part group \"99\""),
                format!("warning: {p}: Birthdate: invalid date period, left out"),
                format!("warning: {p}: FeatureTypeID: unknown feature type \"8888\", left out"),
                format!("warning: {p}: Location: unknown country \"Atlantis\", left out"),
                format!("warning: {p}: Secondary sanctions risk: unknown detail reference \"4444\", left out"),
                format!("warning: {p}: Location: unknown location \"404\", left out"),
                format!("warning: {p}: IssuedBy-CountryID: unknown country \"Atlantis\", left out"),
                format!("warning: {p}: IDRegDocTypeID: unknown document type \"5555\"; read as other"),
                format!("warning: {p}: IDRegistrationNo: \"Passport\" without a number, left out"),
                "error: sdn_advanced.xml: DistinctParty FixedRef=5004 (line 92): Alias: no primary name; the record is skipped".to_string(),
                "warning: sdn_advanced.xml: DistinctParty FixedRef=5005 (line 100): PartySubTypeID: unknown party subtype \"77\"; read as organization".to_string(),
                "error: sdn_advanced.xml: DistinctParty FixedRef=5006 (line 108): Profile: no profile; the record is skipped".to_string(),
                "error: sdn_advanced.xml: DistinctParty FixedRef=5002 (line 109): Profile: duplicate profile \"5002\"; the record is skipped".to_string(),
                "warning: sdn_advanced.xml: SanctionsEntry ID=5003 (line 127): EntryEvent/Date: invalid date, left out".to_string(),
                "warning: sdn_advanced.xml: SanctionsEntry ID=9999 (line 131): ProfileID: names no party of this file, ignored".to_string(),
            ]
        );
    }

    #[test]
    fn unreadable_files_are_errors() {
        let err = parse_str(TRUNCATED).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated);
        let err = parse_str("<sdnList/>").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed);
        assert_eq!(
            err.to_string(),
            "sdn_advanced.xml: the root element is <sdnList>, not <Sanctions> as in OFAC's Advanced XML"
        );
        let no_parties = parse_str("<Sanctions><ReferenceValueSets/></Sanctions>").unwrap();
        assert!(no_parties.entities.is_empty());
    }
}
