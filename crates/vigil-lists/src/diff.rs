//! What changed between two versions of a list: the entities added, removed
//! and changed, and for a changed entity which facts changed.
//!
//! Entities are matched by id. Each fact is compared as the text an analyst
//! reads (a country as its code, an identifier as `passport A1234567 (IR)`,
//! an address on one line), with whitespace collapsed, so that a change is
//! exactly a difference the rendering shows and re-indented XML is no
//! change. Multi-valued fields are compared as sets: order and repetition
//! carry no meaning in a list.
//!
//! Not compared, because they are derived or presentational rather than
//! facts of the list: a name's parts, script and language, an identifier's
//! label unless its kind is `other`, and the entity's `source`. An alias's
//! kind (strong or weak a.k.a., f.k.a.) is compared: see
//! [`Field::Aliases`].
//!
//! ```
//! use vigil_core::{Entity, Name, NameKind, Schema};
//!
//! let mut old = Entity::new("x", "1", Schema::Person);
//! old.add_name(Name::new("DOE, John", NameKind::Primary).unwrap());
//! let mut new = old.clone();
//! new.add_name(Name::new("DOE, Johnny", NameKind::Alias).unwrap());
//!
//! let diff = vigil_lists::diff(&[old], &[new]);
//! assert_eq!(
//!     diff.to_string(),
//!     "added 0, removed 0, changed 1, unchanged 0\n\
//!      ~ x:1  DOE, John (person)\n\
//!      \x20   aliases: + DOE, Johnny\n"
//! );
//! ```

use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;
use vigil_core::entity::collapse_whitespace;
use vigil_core::{Address, Entity, Gender, IdKind, Identifier, NameKind, Schema};

/// What changed between two versions of a list (entities matched by id).
///
/// Every list of ids is sorted in natural order: runs of digits compare as
/// numbers, so `ofac-cons:9` comes before `ofac-cons:10`, as an analyst
/// reading list numbers expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListDiff {
    /// Entities in the new version and not in the old.
    pub added: Vec<EntityRef>,
    /// Entities in the old version and not in the new.
    pub removed: Vec<EntityRef>,
    /// Entities in both versions whose facts differ.
    pub changed: Vec<EntityChange>,
    /// How many entities are in both versions with the same facts.
    pub unchanged: usize,
    /// Ids that appear more than once in one version, each once; only the
    /// first occurrence of such an id was compared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicate_ids: Vec<String>,
}

/// An entity added or removed, as an analyst recognises it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// The entity's id.
    pub id: String,
    /// Its primary name ([`Entity::caption`]).
    pub caption: String,
    /// What it is.
    pub schema: Schema,
}

/// An entity in both versions, with the facts that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityChange {
    /// The entity's id.
    pub id: String,
    /// Its primary name in the new version; a renamed entity shows the old
    /// name in its [`Field::Name`] change.
    pub caption: String,
    /// What it is in the new version.
    pub schema: Schema,
    /// The fields that changed, in the order of [`Field::ALL`]; never empty.
    pub fields: Vec<FieldChange>,
}

/// The values of one field that the new version no longer has, and the
/// values it has that the old one did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field.
    pub field: Field,
    /// Values only in the old version, in the old version's order.
    pub removed: Vec<String>,
    /// Values only in the new version, in the new version's order.
    pub added: Vec<String>,
}

/// A fact of an entity that a diff compares. The names (`as_str`, and the
/// JSON form) are stable: later code and stored diffs refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// `schema`: person, organization, vessel or aircraft.
    Schema,
    /// `name`: the primary name ([`Entity::caption`]).
    Name,
    /// `aliases`: every other name, by its full text, with its kind when it
    /// is not a plain a.k.a.: `NAME (weak a.k.a.)`, `NAME (f.k.a.)`. A weak
    /// alias is screened differently from a strong one, so a name moving
    /// between kinds is a change (one value removed, one added); a name
    /// swapped with the primary shows as one `name` and one `aliases`
    /// change.
    Aliases,
    /// `gender`: `male` or `female`.
    Gender,
    /// `birth_dates`: dates of birth, incorporation or build, as
    /// [`vigil_core::FuzzyDate`] writes them (`1961-02-12`, `circa 1965`).
    BirthDates,
    /// `birth_places`: places of birth.
    BirthPlaces,
    /// `nationalities`: country codes.
    Nationalities,
    /// `citizenships`: country codes.
    Citizenships,
    /// `countries`: other country codes (jurisdiction, flag, address).
    Countries,
    /// `identifiers`: `kind value (CC)`, with the list's label for kind
    /// `other` and the list's note: `other KYG0366U1037 [ISIN]`,
    /// `passport A1234567 (VE), expires 31 Dec 2025`.
    Identifiers,
    /// `addresses`: one line each, the parts joined by `, `, the country as
    /// its code.
    Addresses,
    /// `programs`: sanctions programmes.
    Programs,
    /// `positions`: titles and positions, or a vessel's or aircraft's type.
    Positions,
    /// `listed_on`: the listing date.
    ListedOn,
    /// `remarks`: free text.
    Remarks,
}

impl Field {
    /// Every field, in the order a change lists them.
    pub const ALL: [Field; 15] = [
        Field::Schema,
        Field::Name,
        Field::Aliases,
        Field::Gender,
        Field::BirthDates,
        Field::BirthPlaces,
        Field::Nationalities,
        Field::Citizenships,
        Field::Countries,
        Field::Identifiers,
        Field::Addresses,
        Field::Programs,
        Field::Positions,
        Field::ListedOn,
        Field::Remarks,
    ];

    /// The field's name (`schema`, `birth_dates`...), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Schema => "schema",
            Field::Name => "name",
            Field::Aliases => "aliases",
            Field::Gender => "gender",
            Field::BirthDates => "birth_dates",
            Field::BirthPlaces => "birth_places",
            Field::Nationalities => "nationalities",
            Field::Citizenships => "citizenships",
            Field::Countries => "countries",
            Field::Identifiers => "identifiers",
            Field::Addresses => "addresses",
            Field::Programs => "programs",
            Field::Positions => "positions",
            Field::ListedOn => "listed_on",
            Field::Remarks => "remarks",
        }
    }

    /// The field's values in `e`, rendered, whitespace collapsed, empty
    /// values and repeats left out, in the entity's order.
    fn values(self, e: &Entity) -> Vec<String> {
        let raw: Vec<String> = match self {
            Field::Schema => vec![e.schema.as_str().to_string()],
            Field::Name => vec![e.caption().to_string()],
            Field::Aliases => {
                let primary = primary_index(e);
                e.names
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| Some(i) != primary)
                    .map(|(_, n)| alias(n))
                    .collect()
            }
            Field::Gender => e.gender.map(gender).into_iter().map(String::from).collect(),
            Field::BirthDates => e.birth_dates.iter().map(ToString::to_string).collect(),
            Field::BirthPlaces => e.birth_places.clone(),
            Field::Nationalities => e.nationalities.iter().map(ToString::to_string).collect(),
            Field::Citizenships => e.citizenships.iter().map(ToString::to_string).collect(),
            Field::Countries => e.countries.iter().map(ToString::to_string).collect(),
            Field::Identifiers => e.identifiers.iter().map(identifier).collect(),
            Field::Addresses => e.addresses.iter().map(address).collect(),
            Field::Programs => e.programs.clone(),
            Field::Positions => e.positions.clone(),
            Field::ListedOn => e.listed_on.iter().map(ToString::to_string).collect(),
            Field::Remarks => e.remarks.clone(),
        };
        let mut seen = HashSet::new();
        raw.iter()
            .map(|v| collapse_whitespace(v))
            .filter(|v| !v.is_empty() && seen.insert(v.clone()))
            .collect()
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares two versions of a list, matching entities by id.
///
/// An id that appears more than once in one version is compared by its
/// first occurrence and reported in [`ListDiff::duplicate_ids`].
pub fn diff(old: &[Entity], new: &[Entity]) -> ListDiff {
    let mut duplicates = Vec::new();
    let old_by_id = by_id(old, &mut duplicates);
    let new_by_id = by_id(new, &mut duplicates);

    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (id, n) in &new_by_id {
        let Some(o) = old_by_id.get(id) else {
            added.push(EntityRef::of(n));
            continue;
        };
        // Most entities of a new version are equal to the old ones: skip
        // rendering their facts.
        let fields = if o == n { Vec::new() } else { changes(o, n) };
        if fields.is_empty() {
            unchanged += 1;
        } else {
            changed.push(EntityChange {
                id: n.id.clone(),
                caption: n.caption().to_string(),
                schema: n.schema,
                fields,
            });
        }
    }
    let mut removed: Vec<EntityRef> = old_by_id
        .iter()
        .filter(|(id, _)| !new_by_id.contains_key(*id))
        .map(|(_, o)| EntityRef::of(o))
        .collect();

    added.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    removed.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    changed.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    duplicates.sort_by(|a, b| natural_cmp(a, b));
    duplicates.dedup();
    ListDiff {
        added,
        removed,
        changed,
        unchanged,
        duplicate_ids: duplicates,
    }
}

impl ListDiff {
    /// Whether the two versions hold the same entities with the same facts
    /// (duplicate ids aside).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The ids of the entities added, removed or changed, in that order:
    /// the entities whose screening results may differ between versions
    /// (but see [`Field::Aliases`]: an alias changing only its kind is no
    /// change).
    pub fn changed_ids(&self) -> impl Iterator<Item = &str> {
        let added = self.added.iter().map(|e| e.id.as_str());
        let removed = self.removed.iter().map(|e| e.id.as_str());
        let changed = self.changed.iter().map(|e| e.id.as_str());
        added.chain(removed).chain(changed)
    }

    /// Writes the diff for an analyst to read: a summary line, then one
    /// line per entity added (`+`), removed (`-`) and changed (`~`), each
    /// changed entity followed by one indented line per value removed or
    /// added:
    ///
    /// ```text
    /// added 76, removed 10, changed 288, unchanged 78
    /// + ofac-cons:30882  CHINA TELECOM CORPORATION LIMITED (organization)
    /// - ofac-cons:17526  BEKTAS, Halis (person)
    /// ~ ofac-cons:23577  JOINT STOCK COMPANY SURGUTNEFTEGASBANK (organization)
    ///     name: - SNGB AO
    ///     name: + JOINT STOCK COMPANY SURGUTNEFTEGASBANK
    ///     aliases: - JOINT STOCK COMPANY SURGUTNEFTEGASBANK
    ///     aliases: + SNGB AO
    ///     programs: + RUSSIA-EO14024
    /// ```
    ///
    /// (OFAC's consolidated list from December 2020 to January 2026,
    /// abridged.) Duplicate ids, when there are any, are named after the
    /// summary.
    pub fn write_text(&self, out: &mut impl fmt::Write) -> fmt::Result {
        writeln!(
            out,
            "added {}, removed {}, changed {}, unchanged {}",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged
        )?;
        if !self.duplicate_ids.is_empty() {
            writeln!(
                out,
                "duplicate ids (first occurrence compared): {}",
                self.duplicate_ids.join(", ")
            )?;
        }
        for e in &self.added {
            writeln!(out, "+ {}  {} ({})", e.id, e.caption, e.schema)?;
        }
        for e in &self.removed {
            writeln!(out, "- {}  {} ({})", e.id, e.caption, e.schema)?;
        }
        for e in &self.changed {
            writeln!(out, "~ {}  {} ({})", e.id, e.caption, e.schema)?;
            for f in &e.fields {
                for v in &f.removed {
                    writeln!(out, "    {}: - {v}", f.field)?;
                }
                for v in &f.added {
                    writeln!(out, "    {}: + {v}", f.field)?;
                }
            }
        }
        Ok(())
    }
}

/// The text of [`ListDiff::write_text`].
impl fmt::Display for ListDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_text(f)
    }
}

impl EntityRef {
    fn of(e: &Entity) -> EntityRef {
        EntityRef {
            id: e.id.clone(),
            caption: e.caption().to_string(),
            schema: e.schema,
        }
    }
}

/// The entities by id, the first occurrence of each; later ones are pushed
/// to `duplicates`.
fn by_id<'a>(entities: &'a [Entity], duplicates: &mut Vec<String>) -> HashMap<&'a str, &'a Entity> {
    let mut map = HashMap::with_capacity(entities.len());
    for e in entities {
        if map.contains_key(e.id.as_str()) {
            duplicates.push(e.id.clone());
        } else {
            map.insert(e.id.as_str(), e);
        }
    }
    map
}

/// The fields whose values differ as sets, in [`Field::ALL`] order.
fn changes(old: &Entity, new: &Entity) -> Vec<FieldChange> {
    Field::ALL
        .into_iter()
        .filter_map(|field| {
            let (o, n) = (field.values(old), field.values(new));
            let removed = minus(&o, &n);
            let added = minus(&n, &o);
            (!removed.is_empty() || !added.is_empty()).then_some(FieldChange {
                field,
                removed,
                added,
            })
        })
        .collect()
}

/// The values of `a` not in `b`, in `a`'s order.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let b: HashSet<&str> = b.iter().map(String::as_str).collect();
    a.iter()
        .filter(|v| !b.contains(v.as_str()))
        .cloned()
        .collect()
}

/// The index of the name [`Entity::caption`] shows.
fn primary_index(e: &Entity) -> Option<usize> {
    e.names
        .iter()
        .position(|n| n.kind == NameKind::Primary)
        .or_else(|| (!e.names.is_empty()).then_some(0))
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

/// `passport A1234567 (IR)`; kind `other` says nothing, so the list's label
/// An alias as the diff shows it: its text, and its kind unless it is a
/// plain (strong) a.k.a. or a name in its original script.
fn alias(n: &vigil_core::Name) -> String {
    match n.kind {
        NameKind::WeakAlias => format!("{} (weak a.k.a.)", n.full),
        NameKind::Former => format!("{} (f.k.a.)", n.full),
        NameKind::Primary | NameKind::Alias | NameKind::OriginalScript => n.full.clone(),
    }
}

/// follows (`other 044525187 [BIK (RU)]`); a note ends the line.
fn identifier(i: &Identifier) -> String {
    let mut s = format!("{} {}", i.kind.as_str(), i.value);
    if let Some(c) = i.country {
        s.push_str(&format!(" ({c})"));
    }
    if i.kind == IdKind::Other
        && let Some(label) = &i.label
    {
        s.push_str(&format!(" [{label}]"));
    }
    if let Some(note) = &i.note {
        s.push_str(&format!(", {note}"));
    }
    s
}

/// An address on one line: street, city, region, postal code, country
/// code, note.
fn address(a: &Address) -> String {
    let country = a.country.map(|c| c.to_string());
    [
        a.street.as_deref(),
        a.city.as_deref(),
        a.region.as_deref(),
        a.postal_code.as_deref(),
        country.as_deref(),
        a.note.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// Orders ids as people read numbers in them: runs of ASCII digits compare
/// by value (`x:9` before `x:10`), everything else by character; ids equal
/// that way (`x:09`, `x:9`) fall back to plain string order, so that the
/// order is total.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let (dx, rx) = split_digits(x);
                let (dy, ry) = split_digits(y);
                let (dx, dy) = (trim_zeros(dx), trim_zeros(dy));
                let by_value = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(dy));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (x, y) = (rx, ry);
            }
            (Some(p), Some(q)) => {
                if p != q {
                    return p.cmp(q);
                }
                (x, y) = (&x[1..], &y[1..]);
            }
        }
    }
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    s.split_at(n)
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| b == b'0').count();
    &s[n..]
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. entities only in the new version are added, only in the old one
    //!    removed, in both with the same facts unchanged; ids sort in
    //!    natural order; `is_empty` and `changed_ids` agree;
    //! 2. a changed entity lists every changed field once, in the fixed
    //!    field order, with the values removed and added, rendered as the
    //!    text shows them (identifiers, addresses, dates, countries);
    //! 3. multi-valued fields are sets: reordering and repeating values is
    //!    no change;
    //! 4. whitespace-only differences are no change;
    //! 5. a primary name swapped with an alias is one `name` and one
    //!    `aliases` change; an alias changing kind is no change;
    //! 6. a duplicate id is compared by its first occurrence and named
    //!    once; the JSON leaves `duplicate_ids` out when there are none.
    use super::*;
    use vigil_core::{Country, FuzzyDate, Name, PartialDate};

    /// A person whose first name is primary and the others aliases.
    fn person(id: &str, names: &[&str]) -> Entity {
        let mut e = Entity::new("x", id, Schema::Person);
        for (i, n) in names.iter().enumerate() {
            let kind = if i == 0 {
                NameKind::Primary
            } else {
                NameKind::Alias
            };
            e.add_name(Name::new(n, kind).unwrap());
        }
        e
    }

    fn text(d: &ListDiff) -> String {
        let mut s = String::new();
        d.write_text(&mut s).unwrap();
        s
    }

    /// Diffs one old and one new entity and checks the text.
    fn check(old: Entity, new: Entity, expect: &str) {
        assert_eq!(text(&diff(&[old], &[new])), expect);
    }

    #[test]
    fn added_removed_unchanged() {
        let old = [
            person("10", &["TEN"]),
            person("2", &["TWO"]),
            person("9", &["NINE"]),
        ];
        let new = [
            person("9", &["NINE"]),
            person("11", &["ELEVEN"]),
            person("3", &["THREE"]),
            person("2", &["TWO", "DEUX"]),
        ];
        let d = diff(&old, &new);
        assert_eq!(
            text(&d),
            "added 2, removed 1, changed 1, unchanged 1\n\
             + x:3  THREE (person)\n\
             + x:11  ELEVEN (person)\n\
             - x:10  TEN (person)\n\
             ~ x:2  TWO (person)\n\
             \x20   aliases: + DEUX\n"
        );
        assert!(!d.is_empty());
        assert_eq!(
            d.changed_ids().collect::<Vec<_>>(),
            ["x:3", "x:11", "x:10", "x:2"]
        );
        let same = diff(&old, &old);
        assert!(same.is_empty());
        assert_eq!(same.unchanged, 3);
        assert_eq!(same.changed_ids().count(), 0);
        assert_eq!(text(&same), "added 0, removed 0, changed 0, unchanged 3\n");
        let empty = diff(&[], &[]);
        assert!(empty.is_empty());
    }

    #[test]
    fn every_field() {
        let old = person("1", &["DOE, John", "DOE, J."]);
        let mut new = person("1", &["DOE, Johnny", "DOE, J."]);
        new.schema = Schema::Organization;
        new.gender = Some(Gender::Male);
        let d = |s| FuzzyDate::parse(s).unwrap();
        new.birth_dates = vec![d("1961-02-12"), d("circa 1965")];
        new.birth_places = vec!["Caracas".into()];
        new.nationalities = vec![Country::from_code("VE").unwrap()];
        new.citizenships = vec![Country::from_code("CO").unwrap()];
        new.countries = vec![Country::from_code("PA").unwrap()];
        let mut passport = Identifier::new(IdKind::Passport, "A1234567");
        passport.country = Country::from_code("IR");
        passport.label = Some("Passport".into());
        let mut isin = Identifier::new(IdKind::Other, "KYG0366U1037");
        isin.label = Some("ISIN".into());
        let mut expiring = Identifier::new(IdKind::NationalId, "99");
        expiring.note = Some("expires 31 Dec 2025".into());
        new.identifiers = vec![passport, isin, expiring];
        new.addresses = vec![Address {
            street: Some("Calle 1, Edificio 2".into()),
            city: Some("Caracas".into()),
            postal_code: Some("1010".into()),
            country: Country::from_code("VE"),
            ..Address::default()
        }];
        new.programs = vec!["SDGT".into()];
        new.positions = vec!["General".into()];
        new.listed_on = Some(FuzzyDate::on(PartialDate::ymd(2020, 12, 14).unwrap()));
        new.remarks = vec!["Website www.example.com".into()];
        let mut old_remarked = old.clone();
        old_remarked.remarks = vec!["(Linked To: EXAMPLE)".into()];
        check(
            old_remarked,
            new,
            "added 0, removed 0, changed 1, unchanged 0\n\
             ~ x:1  DOE, Johnny (organization)\n\
             \x20   schema: - person\n\
             \x20   schema: + organization\n\
             \x20   name: - DOE, John\n\
             \x20   name: + DOE, Johnny\n\
             \x20   gender: + male\n\
             \x20   birth_dates: + 1961-02-12\n\
             \x20   birth_dates: + circa 1965\n\
             \x20   birth_places: + Caracas\n\
             \x20   nationalities: + VE\n\
             \x20   citizenships: + CO\n\
             \x20   countries: + PA\n\
             \x20   identifiers: + passport A1234567 (IR)\n\
             \x20   identifiers: + other KYG0366U1037 [ISIN]\n\
             \x20   identifiers: + national_id 99, expires 31 Dec 2025\n\
             \x20   addresses: + Calle 1, Edificio 2, Caracas, 1010, VE\n\
             \x20   programs: + SDGT\n\
             \x20   positions: + General\n\
             \x20   listed_on: + 2020-12-14\n\
             \x20   remarks: - (Linked To: EXAMPLE)\n\
             \x20   remarks: + Website www.example.com\n",
        );
    }

    #[test]
    fn removed_values_and_changed_values() {
        let mut old = person("1", &["A", "B", "C"]);
        old.programs = vec!["SDGT".into(), "IRGC".into()];
        old.gender = Some(Gender::Female);
        let mut new = person("1", &["A", "C", "D"]);
        new.programs = vec!["IRGC".into(), "NPWMD".into()];
        check(
            old,
            new,
            "added 0, removed 0, changed 1, unchanged 0\n\
             ~ x:1  A (person)\n\
             \x20   aliases: - B\n\
             \x20   aliases: + D\n\
             \x20   gender: - female\n\
             \x20   programs: - SDGT\n\
             \x20   programs: + NPWMD\n",
        );
    }

    #[test]
    fn sets_ignore_order_and_repeats() {
        let mut old = person("1", &["A", "B", "C"]);
        old.programs = vec!["SDGT".into(), "IRGC".into()];
        old.remarks = vec!["r1".into(), "r2".into()];
        let mut new = person("1", &["A", "C", "B"]);
        new.programs = vec!["IRGC".into(), "SDGT".into(), "IRGC".into()];
        new.remarks = vec!["r2".into(), "r1".into(), "r2".into()];
        let d = diff(&[old], &[new]);
        assert!(d.is_empty(), "{d}");
        assert_eq!(d.unchanged, 1);
    }

    #[test]
    fn whitespace_is_no_change() {
        let mut old = person("1", &["A"]);
        old.remarks = vec!["Linked To: X".into()];
        old.addresses = vec![Address {
            street: Some("Calle 1".into()),
            city: Some("Caracas".into()),
            ..Address::default()
        }];
        // Parsers collapse whitespace, but entities also come from FtM JSON
        // and from callers building them by hand.
        let mut new = person("1", &["A"]);
        new.remarks = vec!["  Linked\u{a0}To:\n  X ".into()];
        new.addresses = vec![Address {
            street: Some(" Calle  1".into()),
            city: Some("Caracas\t".into()),
            ..Address::default()
        }];
        let d = diff(&[old], &[new]);
        assert!(d.is_empty(), "{d}");
    }

    #[test]
    fn primary_swapped_with_an_alias() {
        check(
            person("1", &["ALPHA", "BETA", "GAMMA"]),
            person("1", &["BETA", "ALPHA", "GAMMA"]),
            "added 0, removed 0, changed 1, unchanged 0\n\
             ~ x:1  BETA (person)\n\
             \x20   name: - ALPHA\n\
             \x20   name: + BETA\n\
             \x20   aliases: - BETA\n\
             \x20   aliases: + ALPHA\n",
        );
        // An alias becoming a weak alias is screened differently: a change.
        let old = person("1", &["ALPHA", "BETA"]);
        let mut new = old.clone();
        new.names[1].kind = NameKind::WeakAlias;
        check(
            old,
            new,
            "added 0, removed 0, changed 1, unchanged 0\n\
             ~ x:1  ALPHA (person)\n\
             \x20   aliases: - BETA\n\
             \x20   aliases: + BETA (weak a.k.a.)\n",
        );
    }

    #[test]
    fn duplicate_ids() {
        let old = [
            person("1", &["ONE"]),
            person("1", &["UNO"]),
            person("2", &["TWO"]),
        ];
        let new = [
            person("2", &["TWO"]),
            person("1", &["ONE"]),
            person("2", &["DOS"]),
            person("1", &["EINS"]),
        ];
        let d = diff(&old, &new);
        assert_eq!(d.duplicate_ids, ["x:1", "x:2"]);
        assert_eq!(
            text(&d),
            "added 0, removed 0, changed 0, unchanged 2\n\
             duplicate ids (first occurrence compared): x:1, x:2\n"
        );
        assert!(d.is_empty());
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains(r#""duplicate_ids":["x:1","x:2"]"#), "{json}");
    }

    #[test]
    fn json() {
        let d = diff(
            &[person("1", &["A", "B"]), person("2", &["TWO"])],
            &[person("1", &["A", "C"]), person("3", &["THREE"])],
        );
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"added":[{"id":"x:3","caption":"THREE","schema":"person"}],"removed":[{"id":"x:2","caption":"TWO","schema":"person"}],"changed":[{"id":"x:1","caption":"A","schema":"person","fields":[{"field":"aliases","removed":["B"],"added":["C"]}]}],"unchanged":0}"#
        );
    }

    #[test]
    fn field_names() {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "schema",
                "name",
                "aliases",
                "gender",
                "birth_dates",
                "birth_places",
                "nationalities",
                "citizenships",
                "countries",
                "identifiers",
                "addresses",
                "programs",
                "positions",
                "listed_on",
                "remarks",
            ]
        );
        for f in Field::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.as_str())
            );
        }
    }

    #[test]
    fn natural_order() {
        let mut ids = [
            "ofac-cons:10",
            "ofac-cons:9",
            "ofac-cons:09",
            "ofac-cons:100",
            "ofac-cons",
            "un:QDi.001",
            "un:QDi.1",
            "ofac-cons:9a",
            "eu:7",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "eu:7",
                "ofac-cons",
                "ofac-cons:09",
                "ofac-cons:9",
                "ofac-cons:9a",
                "ofac-cons:10",
                "ofac-cons:100",
                "un:QDi.001",
                "un:QDi.1",
            ]
        );
    }
}
