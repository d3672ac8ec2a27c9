//! ISO 3166-1 alpha-2 country codes and the lookup from the many ways lists
//! write a country ("IRAN", "Iran (Islamic Republic of)", "Iranian", "IRN").
//!
//! The table lives in `data/countries.tsv` (its header says where it comes
//! from) and is compiled into the binary.

use crate::fnv::FnvBuild;
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
        let c = Country::two_letters(code.trim().as_bytes())?;
        (table().slot(c) != 0).then_some(c)
    }

    /// Two ASCII letters as a (not yet checked) code.
    fn two_letters(b: &[u8]) -> Option<Country> {
        match *b {
            [x, y] if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
                Some(Country([x.to_ascii_uppercase(), y.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    /// Looks up a country from a code (alpha-2 or alpha-3), an English name,
    /// an alias or a demonym, ignoring case, accents and punctuation.
    ///
    /// Returns `None` for anything it does not know, so that callers can
    /// report the value instead of guessing.
    ///
    /// Parsers call this for every country of every record, so it does not
    /// allocate: codes are found by index, other text is folded into a
    /// buffer on the stack.
    pub fn lookup(text: &str) -> Option<Country> {
        let text = text.trim();
        if let Some(c) = Country::from_code(text) {
            return Some(c);
        }
        let mut buf = [0u8; KEY_MAX];
        let key = fold_key(text, &mut buf)?;
        table().by_key.get(key).copied()
    }

    /// The English short name of the country.
    pub fn name(&self) -> &'static str {
        let t = table();
        match t.slot(*self) {
            0 => "unknown",
            i => t.names[usize::from(i) - 1],
        }
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
    /// For each code `AA`..`ZZ`, 1 + its index in `order` and `names`, or 0.
    slots: [u16; 26 * 26],
    names: Vec<&'static str>,
    by_key: HashMap<String, Country, FnvBuild>,
    order: Vec<Country>,
}

impl Table {
    fn slot(&self, c: Country) -> u16 {
        let i =
            usize::from(c.0[0].wrapping_sub(b'A')) * 26 + usize::from(c.0[1].wrapping_sub(b'A'));
        self.slots.get(i).copied().unwrap_or(0)
    }
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut slots = [0u16; 26 * 26];
        let mut names = Vec::new();
        let mut by_key = HashMap::default();
        let mut order = Vec::new();
        let key = |text: &str| -> String {
            let mut buf = [0u8; KEY_MAX];
            fold_key(text, &mut buf)
                .unwrap_or_else(|| panic!("country key {text:?} longer than {KEY_MAX} bytes"))
                .to_string()
        };
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let a2 = cols.next().expect("alpha-2 column");
            let a3 = cols.next().expect("alpha-3 column");
            let c = Country::two_letters(a2.as_bytes()).expect("two letters");
            order.push(c);
            names.push(cols.clone().next().expect("a name"));
            let i = usize::from(c.0[0] - b'A') * 26 + usize::from(c.0[1] - b'A');
            slots[i] = u16::try_from(order.len()).expect("fewer than 65,536 countries");
            by_key.insert(key(a3), c);
            for name in cols {
                by_key.entry(key(name)).or_insert(c);
            }
        }
        Table {
            slots,
            names,
            by_key,
            order,
        }
    })
}

/// Longer than any key of the table: a text whose key is longer names no
/// country.
const KEY_MAX: usize = 64;

/// The lookup key of a text, in `buf`: lower-case ASCII letters and digits
/// only, accents dropped with a small fold (all country names need) and a
/// leading "the" ignored, so that "Cote d Ivoire", "Côte d'Ivoire" and
/// "COTE D'IVOIRE" meet. `None` when the key would not fit in `buf`.
fn fold_key<'b>(text: &str, buf: &'b mut [u8; KEY_MAX]) -> Option<&'b str> {
    let text = text.trim();
    let text = match text.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("the ") => &text[4..],
        _ => text,
    };
    let mut len = 0;
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            *buf.get_mut(len)? = c.to_ascii_lowercase() as u8;
            len += 1;
        }
        Some(())
    };
    if text.is_ascii() {
        for &b in text.as_bytes() {
            push(char::from(b))?;
        }
    } else {
        for c in text.chars() {
            push(match c {
                'À'..='Å' | 'à'..='å' => 'a',
                'Ç' | 'ç' => 'c',
                'È'..='Ë' | 'è'..='ë' => 'e',
                'Ì'..='Ï' | 'ì'..='ï' => 'i',
                'Ñ' | 'ñ' => 'n',
                'Ò'..='Ö' | 'ò'..='ö' => 'o',
                'Ù'..='Ü' | 'ù'..='ü' => 'u',
                _ => c,
            })?;
        }
    }
    std::str::from_utf8(&buf[..len]).ok()
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
        // Spellings the list parsers met (OFAC, UN, UK).
        check("Occupied Palestinian Territories", Some("PS"));
        check("Occupied Palestinian Territory", Some("PS"));
        check("Britain", Some("GB"));
        check("Macedonia, The Former Yugoslav Republic of", Some("MK"));
        check("North Macedonia, The Republic of", Some("MK"));
        check("Man, Isle of", Some("IM"));
        check("St. Kitts & Nevis", Some("KN"));
        check("  ir ", Some("IR"));
    }

    #[test]
    fn unknown_values_are_none() {
        check("", None);
        check("Atlantis", None);
        check("ZZ", None);
        check("-0-", None);
        check("Ab", None);
        check(&"Republic of ".repeat(20), None);
        check("Ünknöwn", None);
    }

    #[test]
    fn serde_round_trip() {
        let c = Country::lookup("Pakistani").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"PK\"");
        let back: Country = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert_eq!(c.name(), "Pakistan");
        assert_eq!(Country::all().count(), 255);
        assert!(Country::all().all(|c| Country::from_code(c.as_str()) == Some(c)));
    }
}
