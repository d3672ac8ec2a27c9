//! ISO 3166-1 alpha-2 country codes and the lookup from the many ways lists
//! write a country ("IRAN", "Iran (Islamic Republic of)", "Iranian", "IRN").
//!
//! The table lives in `data/countries.tsv` (its header says where it comes
//! from) and is compiled into the binary.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/countries.tsv");

/// An ISO 3166-1 alpha-2 code, upper case (`AF`, `RU`), or one of the
/// transitional codes for former countries (`SU`, `YU`) and `XK` for Kosovo.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The code as a `&str`, upper case.
    pub fn as_str(&self) -> &str {
        // The bytes are always two ASCII upper-case letters, checked at construction.
        std::str::from_utf8(&self.0).expect("ascii")
    }

    /// Parses an exact alpha-2 code, in any case; `None` when the code is
    /// not in the table.
    pub fn from_code(code: &str) -> Option<Country> {
        let b = code.trim().as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let c = Country([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]);
        table().names.contains_key(&c).then_some(c)
    }

    /// Looks up a country from a code (alpha-2 or alpha-3), an English name,
    /// an alias or a demonym, ignoring case, accents and punctuation.
    ///
    /// Returns `None` for anything it does not know, so that callers can
    /// report the value instead of guessing.
    pub fn lookup(text: &str) -> Option<Country> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(c) = Country::from_code(text) {
            return Some(c);
        }
        let t = table();
        t.by_key.get(&lookup_key(text)).copied()
    }

    /// The English short name of the country.
    pub fn name(&self) -> &'static str {
        table().names.get(self).copied().unwrap_or("unknown")
    }

    /// Every country in the table.
    pub fn all() -> impl Iterator<Item = Country> {
        table().order.iter().copied()
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.as_str())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Country::lookup(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown country {s:?}")))
    }
}

struct Table {
    names: HashMap<Country, &'static str>,
    by_key: HashMap<String, Country>,
    order: Vec<Country>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut names = HashMap::new();
        let mut by_key = HashMap::new();
        let mut order = Vec::new();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let a2 = cols.next().expect("alpha-2 column");
            let a3 = cols.next().expect("alpha-3 column");
            let b = a2.as_bytes();
            let c = Country([b[0], b[1]]);
            order.push(c);
            by_key.insert(lookup_key(a3), c);
            for (i, name) in cols.enumerate() {
                if i == 0 {
                    names.insert(c, name);
                }
                by_key.entry(lookup_key(name)).or_insert(c);
            }
        }
        Table {
            names,
            by_key,
            order,
        }
    })
}

/// Lower-case ASCII letters and digits only, accents dropped with a small
/// fold (all country names need) and a leading "the" ignored: "Cote d Ivoire",
/// "Côte d'Ivoire" and "COTE D'IVOIRE" meet.
fn lookup_key(text: &str) -> String {
    let text = text.trim();
    let text = match text.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("the ") => &text[4..],
        _ => text,
    };
    text.chars()
        .map(|c| match c {
            'À'..='Å' | 'à'..='å' => 'a',
            'Ç' | 'ç' => 'c',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ñ' | 'ñ' => 'n',
            'Ò'..='Ö' | 'ò'..='ö' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            _ => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. codes, names, official names, aliases and demonyms resolve;
    //! 2. unknown values are `None`, never a guess;
    //! 3. serde round-trips through the code.
    use super::Country;

    #[track_caller]
    fn check(text: &str, expect: Option<&str>) {
        assert_eq!(
            Country::lookup(text).map(|c| c.as_str().to_string()),
            expect.map(str::to_string),
            "{text}"
        );
    }

    #[test]
    fn list_spellings_resolve() {
        check("af", Some("AF"));
        check("AFG", Some("AF"));
        check("Afghanistan", Some("AF"));
        check("AFGHANISTAN", Some("AF"));
        check("Afghan", Some("AF"));
        check("Iran (Islamic Republic of)", Some("IR"));
        check("Iran, Islamic Republic of", Some("IR"));
        check("Korea, Democratic People's Republic of", Some("KP"));
        check("Democratic People's Republic of Korea", Some("KP"));
        check("Syrian Arab Republic", Some("SY"));
        check("Russian Federation", Some("RU"));
        check("United Kingdom", Some("GB"));
        check("Côte d'Ivoire", Some("CI"));
        check("Cote d Ivoire", Some("CI"));
        check("The Netherlands", Some("NL"));
        check("South Korea", Some("KR"));
        check("Taiwan", Some("TW"));
        check("Soviet Union", Some("SU"));
        check("Kosovo", Some("XK"));
    }

    #[test]
    fn unknown_values_are_none() {
        check("", None);
        check("Atlantis", None);
        check("ZZ", None);
        check("-0-", None);
    }

    #[test]
    fn serde_round_trip() {
        let c = Country::lookup("Pakistani").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"PK\"");
        let back: Country = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert_eq!(c.name(), "Pakistan");
    }
}
