//! Dates as lists give them: to the day, the month or the year, as a range of
//! years ("1960 to 1962"), or approximate ("circa 1965").
//!
//! [`FuzzyDate::parse`] reads the spellings seen across the official lists
//! (`1965-04-14`, `14 Apr 1965`, `14/04/1965`, `Apr 1965`, `circa 1965`,
//! `1960 to 1962`, `between 1960 and 1962`, `dd/mm/1968`...).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar date known to the year, the month or the day.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// The year (1 to 9999).
    pub year: u16,
    /// The month (1 to 12), when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: u16) -> PartialDate {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A date known to the month; `None` for an invalid month.
    pub fn month(year: u16, month: u8) -> Option<PartialDate> {
        (valid_year(year) && (1..=12).contains(&month)).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A full date; `None` when the day does not exist in that month.
    pub fn ymd(year: u16, month: u8, day: u8) -> Option<PartialDate> {
        (valid_year(year) && (1..=12).contains(&month) && day >= 1 && day <= days_in(year, month))
            .then_some(PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` exactly.
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let mut it = s.split('-');
        let y = it.next()?;
        if y.len() != 4 {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let d = match (it.next(), it.next(), it.next()) {
            (None, _, _) => valid_year(year).then(|| PartialDate::year(year))?,
            (Some(m), None, _) if m.len() == 2 => PartialDate::month(year, m.parse().ok()?)?,
            (Some(m), Some(d), None) if m.len() == 2 && d.len() == 2 => {
                PartialDate::ymd(year, m.parse().ok()?, d.parse().ok()?)?
            }
            _ => return None,
        };
        Some(d)
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }
}

fn valid_year(year: u16) -> bool {
    (1..=9999).contains(&year)
}

fn days_in(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PartialDate::parse_iso(s).ok_or_else(|| DateError(s.to_string()))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A date string that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date {:?}: expected YYYY, YYYY-MM or YYYY-MM-DD",
            self.0
        )
    }
}

impl std::error::Error for DateError {}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Day, month and year.
    Day,
    /// Month and year.
    Month,
    /// Year only.
    Year,
    /// A range of dates (usually of years).
    Range,
}

/// A date of birth (or any list date) with its precision: a single
/// [`PartialDate`], or a range between two, possibly approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FuzzyDate {
    /// The first possible date.
    pub from: PartialDate,
    /// The last possible date; equal to `from` for a single date.
    pub to: PartialDate,
    /// The source says the date is approximate ("circa", "approximately").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub circa: bool,
}

impl FuzzyDate {
    /// A single date, exact to its own precision.
    pub fn on(date: PartialDate) -> FuzzyDate {
        FuzzyDate {
            from: date,
            to: date,
            circa: false,
        }
    }

    /// A range between two dates; they are put in order.
    pub fn between(a: PartialDate, b: PartialDate) -> FuzzyDate {
        let (from, to) = if a <= b { (a, b) } else { (b, a) };
        FuzzyDate {
            from,
            to,
            circa: false,
        }
    }

    /// The same date marked approximate.
    pub fn approx(mut self) -> FuzzyDate {
        self.circa = true;
        self
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        if self.from != self.to {
            Precision::Range
        } else {
            self.from.precision()
        }
    }

    /// The range of years the date may fall in, inclusive.
    pub fn years(&self) -> (u16, u16) {
        (self.from.year, self.to.year)
    }

    /// Reads a date as lists write it; `None` when it is not a date.
    ///
    /// Day-first numeric forms (`14/04/1965`, `14.04.1965`) are read as the
    /// European and UN lists write them. Placeholders such as `dd/mm/1968`
    /// or `00/00/1968` keep the year only.
    pub fn parse(text: &str) -> Option<FuzzyDate> {
        let t = text.trim().trim_end_matches(['.', ';', ',']).trim();
        if t.is_empty() {
            return None;
        }
        // Most dates are digits and separators: no copy to lower-case them.
        let lower = if t.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(t.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(t)
        };
        for prefix in [
            "circa ",
            "circa",
            "approximately ",
            "approx. ",
            "approx ",
            "about ",
            "c. ",
            "ca. ",
            "ca ",
            "~",
        ] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                return FuzzyDate::parse(rest).map(FuzzyDate::approx);
            }
        }
        if let Some(rest) = lower.strip_prefix("between ")
            && let Some((a, b)) = rest.split_once(" and ")
        {
            return Some(FuzzyDate::between(parse_single(a)?, parse_single(b)?));
        }
        for sep in [" to ", " - ", "..", " and ", " or "] {
            if let Some((a, b)) = lower.split_once(sep) {
                return Some(FuzzyDate::between(parse_single(a)?, parse_single(b)?));
            }
        }
        // "1960-1962" is a year range, not an ISO date.
        if lower.len() == 9
            && lower.as_bytes()[4] == b'-'
            && let (Some(a), Some(b)) = (parse_single(&lower[..4]), parse_single(&lower[5..]))
        {
            return Some(FuzzyDate::between(a, b));
        }
        parse_single(&lower).map(FuzzyDate::on)
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.circa {
            f.write_str("circa ")?;
        }
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    let idx = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "march" and "mar" are fine, "marine" is not a month: the rest must be
    // a prefix of the full month name.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[idx].starts_with(w) || (idx == 8 && w == "sept")).then_some(idx as u8 + 1)
}

fn num<T: FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One date, already lower case, without circa or range words.
fn parse_single(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_end_matches(['.', ';', ',']).trim();
    if let Some(d) = PartialDate::parse_iso(s) {
        return Some(d);
    }
    // ISO with a time: "1965-04-14T00:00:00".
    if s.len() > 10 && s.as_bytes()[10] == b't' {
        return PartialDate::parse_iso(&s[..10]);
    }
    // Year first without zero padding: "1969-7-16", "1969-7".
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() >= 2 && parts[0].len() == 4 && parts.iter().all(|p| num::<u16>(p).is_some()) {
        let year: u16 = num(parts[0])?;
        return match parts.as_slice() {
            [_, m] => PartialDate::month(year, num(m)?),
            [_, m, d] => PartialDate::ymd(year, num(m)?, num(d)?),
            _ => None,
        };
    }
    // A month name makes it a date in words, whatever dots follow the
    // abbreviations ("Sep. 1958", "28 Feb. 1996").
    let has_month = s
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| month_of(w).is_some());
    // Numeric, day first: 14/04/1965, 14.04.1965, 04/1965; placeholders.
    for sep in ['/', '.'] {
        if s.contains(sep) && !has_month {
            let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
            return match parts.as_slice() {
                [d, m, y] => {
                    let year: u16 = num(y).filter(|_| y.len() == 4)?;
                    match (
                        num::<u8>(m).filter(|&m| m > 0),
                        num::<u8>(d).filter(|&d| d > 0),
                    ) {
                        (Some(m), Some(d)) => PartialDate::ymd(year, m, d),
                        (Some(m), None) => PartialDate::month(year, m),
                        _ => Some(PartialDate::year(year)).filter(|d| valid_year(d.year)),
                    }
                }
                [m, y] => {
                    let year: u16 = num(y).filter(|_| y.len() == 4)?;
                    match num::<u8>(m).filter(|&m| m > 0) {
                        Some(m) => PartialDate::month(year, m),
                        None => Some(PartialDate::year(year)),
                    }
                }
                _ => None,
            };
        }
    }
    // Words: "14 apr 1965", "apr 14, 1965", "april 1965", "1965".
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [y] => num::<u16>(y)
            .filter(|_| y.len() == 4)
            .map(PartialDate::year)
            .filter(|d| valid_year(d.year)),
        [a, b] => {
            let year: u16 = num(b).filter(|_| b.len() == 4)?;
            PartialDate::month(year, month_of(a)?)
        }
        [a, b, c] => {
            let year: u16 = num(c).filter(|_| c.len() == 4)?;
            if let Some(m) = month_of(b) {
                PartialDate::ymd(
                    year,
                    m,
                    num(a.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']))?,
                )
            } else {
                PartialDate::ymd(year, month_of(a)?, num(b)?)
            }
        }
        _ => None,
    }
}

/// A time as RFC 3339 UTC, to the second.
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads a time [`rfc3339`] wrote (`2026-11-30T00:53:20Z`, UTC, whole
/// seconds); `None` for anything else.
pub fn parse_rfc3339(s: &str) -> Option<std::time::SystemTime> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days since 1970-01-01 from the civil date (Howard Hinnant's algorithm).
    let y = y - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()?;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. every spelling seen in the official lists parses to the right date
    //!    and precision;
    //! 2. impossible dates and non-dates are `None`;
    //! 3. Display and serde round-trip.
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: Option<&str>) {
        assert_eq!(
            FuzzyDate::parse(text).map(|d| d.to_string()),
            expect.map(str::to_string),
            "{text}"
        );
    }

    #[test]
    fn list_spellings() {
        check("1965-04-14", Some("1965-04-14"));
        check("1965-04", Some("1965-04"));
        check("1965", Some("1965"));
        check("14 Apr 1965", Some("1965-04-14"));
        check("14 April 1965", Some("1965-04-14"));
        check("April 14, 1965", Some("1965-04-14"));
        check("Apr 1965", Some("1965-04"));
        check("14/04/1965", Some("1965-04-14"));
        check("14.04.1965", Some("1965-04-14"));
        check("dd/mm/1968", Some("1968"));
        check("00/00/1968", Some("1968"));
        check("dd/04/1968", Some("1968-04"));
        check("circa 1965", Some("circa 1965"));
        check("Circa 1965", Some("circa 1965"));
        check("approximately 1958", Some("circa 1958"));
        check("1960 to 1962", Some("1960..1962"));
        check("1960-1962", Some("1960..1962"));
        check("Between 1960 and 1962", Some("1960..1962"));
        check("circa 1960 to 1962", Some("circa 1960..1962"));
        check("1965-04-14T00:00:00", Some("1965-04-14"));
        check("1st Jan 1960", Some("1960-01-01"));
        check("1969-7-16", Some("1969-07-16"));
        check("1969-7", Some("1969-07"));
        // A month name with a dot is still a month (UN notes, OFAC remarks).
        check("Sep. 1958", Some("1958-09"));
        check("Sept. 1958", Some("1958-09"));
        check("28 Feb. 1996", Some("1996-02-28"));
        check("Feb. 28, 1996", Some("1996-02-28"));
        check("circa Nov. 1973", Some("circa 1973-11"));
    }

    #[test]
    fn non_dates() {
        check("", None);
        check("-0-", None);
        check("1965-02-30", None);
        check("31/02/1965", None);
        check("Marine 1965", None);
        check("unknown", None);
        check("65", None);
        check("1974-01-32", None);
    }

    #[test]
    fn precision_and_serde() {
        let d = FuzzyDate::parse("circa 1960 to 1962").unwrap();
        assert_eq!(d.precision(), Precision::Range);
        assert_eq!(d.years(), (1960, 1962));
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, r#"{"from":"1960","to":"1962","circa":true}"#);
        assert_eq!(serde_json::from_str::<FuzzyDate>(&json).unwrap(), d);
        assert_eq!(
            FuzzyDate::parse("1965-04").unwrap().precision(),
            Precision::Month
        );
        assert!("2001-13".parse::<PartialDate>().is_err());
    }

    #[test]
    fn rfc3339_dates() {
        use std::time::{Duration, UNIX_EPOCH};
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_796_000_000);
        assert_eq!(rfc3339(t), "2026-11-30T00:53:20Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_825_600);
        assert_eq!(rfc3339(leap), "2000-02-29T12:00:00Z");
        for t in [UNIX_EPOCH, t, leap] {
            assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t));
        }
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-11-30 00:53:20"), None);
    }
}
