//! Helpers shared by the parsers of the official UN, EU and UK lists: names
//! that may be in another script, countries and dates with diagnostics,
//! document-type labels, the UK's numbered cells ("(1) ... (2) ...") and its
//! business registration numbers, and adding facts to an entity without
//! duplicates.
//!
//! The UK's two formats (OFSI's ConList CSV and the FCDO's XML) describe one
//! target with the same fields, so the code that turns those fields into the
//! model lives here once ([`uk_name`], [`uk_name_kind`], [`uk_passport`]...).

use crate::error::Diagnostics;
use crate::formats::common::{self, push_address, push_identifier};
use vigil_core::entity::collapse_whitespace;
use vigil_core::{
    Address, Country, Entity, FuzzyDate, IdKind, Identifier, Name, NameKind, NamePart, PartKind,
    Schema, Script,
};

/// A name the list gives in a script of its own choosing: `OriginalScript`
/// when it is not in Latin letters, else `latin_kind` (UN and UK "non-Latin"
/// fields sometimes hold the Latin spelling with diacritics, "José ...").
pub(crate) fn script_name(text: &str, latin_kind: NameKind) -> Option<Name> {
    let mut name = Name::new(text, NameKind::OriginalScript)?;
    if name.script.is_latin() || name.script == Script::None {
        name.kind = latin_kind;
    }
    Some(name)
}

/// Adds a name, keeping the primary first and only one primary: a second
/// primary becomes an alias, a name whose text the entity already has is
/// dropped (a later primary upgrades the earlier alias of the same text).
/// Returns whether the entity changed.
pub(crate) fn add_name(entity: &mut Entity, mut name: Name) -> bool {
    let has_primary = entity.names.iter().any(|n| n.kind == NameKind::Primary);
    if let Some(i) = entity.names.iter().position(|n| n.full == name.full) {
        if name.kind == NameKind::Primary && !has_primary {
            entity.names.remove(i);
            entity.names.insert(0, name);
            return true;
        }
        return false;
    }
    if name.kind == NameKind::Primary {
        if has_primary {
            name.kind = NameKind::Alias;
        } else {
            entity.names.insert(0, name);
            return true;
        }
    }
    entity.add_name(name)
}

/// Makes the first name that is not in an original script the primary one
/// when the list marked none; returns whether it had to.
pub(crate) fn ensure_primary(entity: &mut Entity) -> bool {
    if entity.names.iter().any(|n| n.kind == NameKind::Primary) {
        return false;
    }
    let i = entity
        .names
        .iter()
        .position(|n| n.kind != NameKind::OriginalScript)
        .unwrap_or(0);
    if i >= entity.names.len() {
        return false;
    }
    let mut name = entity.names.remove(i);
    name.kind = NameKind::Primary;
    entity.names.insert(0, name);
    true
}

/// Keeps the earliest listing date.
pub(crate) fn set_listed_on(entity: &mut Entity, date: FuzzyDate) {
    if entity.listed_on.is_none_or(|d| date.from < d.from) {
        entity.listed_on = Some(date);
    }
}

/// The text trimmed, `None` when empty.
pub(crate) fn non_empty(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

/// Looks up a country, warning about an unknown value; "n/a"-style
/// placeholders are ignored silently.
pub(crate) fn country(
    text: &str,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) -> Option<Country> {
    let text = clean_value(text);
    if text.is_empty() || is_placeholder(text) {
        return None;
    }
    let found = lookup_country(text);
    if found.is_none() {
        diags.warn(
            record,
            Some(field),
            format!("unknown country {text:?}, left out"),
        );
    }
    found
}

/// Adds a country to one of the entity's country lists. A value that is no
/// country but a list of them ("Germany. Russia", "Panama. South Korea")
/// adds each.
pub(crate) fn push_country(
    list: &mut Vec<Country>,
    text: &str,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) {
    let value = clean_value(text);
    if lookup_country(value).is_none() && value.contains(". ") {
        let parts: Vec<Option<Country>> = value.split(". ").map(lookup_country).collect();
        if parts.iter().all(Option::is_some) {
            for c in parts.into_iter().flatten() {
                Entity::push_country(list, c);
            }
            return;
        }
    }
    if let Some(c) = country(text, diags, record, field) {
        Entity::push_country(list, c);
    }
}

/// Looks up a country as the lists write it, beyond names and demonyms:
/// "former Soviet Union", "China, Hong Kong Special Administrative Region",
/// and the birth countries of the Soviet era, where the state of today is
/// the one kept: "Former USSR, now Ukraine", "Ukrainian SSR (now
/// Ukraine)", "Russia (USSR)", "Kazakh SSR".
pub(crate) fn lookup_country(text: &str) -> Option<Country> {
    let text = text.trim().trim_end_matches(['.', ',', ';']).trim();
    if let Some(c) = Country::lookup(text) {
        return Some(c);
    }
    for marker in ["now ", "currently "] {
        if let Some(at) = find_ascii_ci(text, marker) {
            let rest = text[at + marker.len()..].trim_end_matches(')');
            if let Some(c) = lookup_country(rest) {
                return Some(c);
            }
        }
    }
    if let Some(open) = text.find('(') {
        let head = text[..open].trim().trim_end_matches(',');
        if !head.is_empty() {
            return lookup_country(head);
        }
    }
    if let Some(rest) = text
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("former "))
        .and_then(|_| text.get(7..))
    {
        return lookup_country(rest);
    }
    for suffix in [
        " Soviet Socialist Republic",
        " Autonomous SSR",
        " ASSR",
        " SFSR",
        " SSR",
    ] {
        if text.len() > suffix.len() {
            let cut = text.len() - suffix.len();
            if text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(suffix) {
                return Country::lookup(&text[..cut]);
            }
        }
    }
    // "China, Hong Kong Special Administrative Region".
    let last = text.rsplit(',').next()?.trim();
    if last.len() == text.len() {
        return None;
    }
    let at = find_ascii_ci(last, " special administrative region");
    Country::lookup(at.map_or(last, |at| &last[..at]))
}

/// Values lists write for "not known".
fn is_placeholder(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "-" | "na" | "n/a" | "none" | "unknown" | "not known"
    )
}

/// Reads a date, warning when it cannot be read.
pub(crate) fn date(
    text: &str,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) -> Option<FuzzyDate> {
    let text = clean_value(text);
    if text.is_empty() {
        return None;
    }
    // xs:date values may carry a time zone: "2015-04-07-04:00".
    let found = FuzzyDate::parse(text).or_else(|| {
        let zoned = text
            .get(10..)
            .is_some_and(|rest| rest.starts_with(['T', '+', '-', 'Z']));
        zoned
            .then(|| common::iso_date_prefix(text))
            .flatten()
            .map(FuzzyDate::on)
    });
    if found.is_none() {
        diags.warn(
            record,
            Some(field),
            format!("invalid date {text:?}, left out"),
        );
    }
    found
}

/// Trims whitespace and the punctuation lists leave at the end of a value
/// (`"Germany."`); a lone `-` is an empty value.
pub(crate) fn clean_value(text: &str) -> &str {
    let t = text.trim().trim_end_matches(['.', ',', ';']).trim();
    if t == "-" { "" } else { t }
}

/// The values of a UK numbered cell, `"(1) Germany. (2) Morocco"` →
/// `["Germany", "Morocco"]`; a cell without numbers is one value. Empty and
/// `-` values are dropped. See [`numbered`].
pub(crate) fn split_numbered(text: &str) -> Vec<&str> {
    let mut values = numbered(text);
    values.retain(|v| !v.is_empty());
    values
}

/// The values of a UK numbered cell by position, empty ones kept so that
/// two cells pair by number (towns and countries of birth). Only markers in
/// sequence split, so "(2012-2013)" inside a value stays; ranges repeat
/// their value: `"(1-3) Libya (4) Morocco"` and `"(1) to (3) Libya (4)
/// Morocco"` are Libya three times, then Morocco.
pub(crate) fn numbered(text: &str) -> Vec<&str> {
    let text = text.trim();
    if !(text.starts_with("(1)") || text.starts_with("(1-")) {
        return vec![clean_value(text)];
    }
    // (start, end, first number, last number) of each accepted marker.
    let mut markers: Vec<(usize, usize, usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some((end, from, to)) = marker_at(text, i) {
            let expected = markers.last().map_or(1, |m| m.3 + 1);
            let ranged = markers
                .last()
                .is_some_and(|m| text[m.1..i].trim() == "to" && from > m.3);
            if ranged {
                let last = markers.len() - 1;
                markers[last].1 = end;
                markers[last].3 = to;
            } else if from == expected {
                markers.push((i, end, from, to));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (k, m) in markers.iter().enumerate() {
        let end = markers.get(k + 1).map_or(text.len(), |n| n.0);
        let value = clean_value(&text[m.1..end]);
        for _ in m.2..=m.3.min(m.2 + 50) {
            out.push(value);
        }
    }
    out
}

/// A marker `(n)` or `(n-m)` at a byte offset: its end and numbers.
fn marker_at(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    let rest = text.get(at..)?.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inner = &rest[..close];
    let (a, b) = inner.split_once('-').unwrap_or((inner, inner));
    let digits = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<usize>().ok())
            .flatten()
    };
    let (from, to) = (digits(a)?, digits(b)?);
    (to >= from).then_some((at + 1 + close + 1, from, to))
}

/// The kind of a document from the list's label for it (`"National
/// passport"`, `"Italian Fiscal Code:"`, `"civil identification number"`);
/// `None` when the label names no kind the model has.
pub(crate) fn id_kind(label: &str) -> Option<IdKind> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let word = |w: &str| words.contains(&w);
    let has = |s: &str| lower.contains(s);
    if has("passport") {
        Some(IdKind::Passport)
    } else if has("social security") || word("ssn") {
        Some(IdKind::SocialSecurity)
    } else if has("tax")
        || has("fiscal")
        || ["inn", "tin", "itn", "ntn", "nif", "trn", "rfc"]
            .iter()
            .any(|w| word(w))
    {
        Some(IdKind::TaxId)
    } else if has("driv") {
        Some(IdKind::DrivingLicense)
    } else if has("swift") || word("bic") {
        Some(IdKind::SwiftBic)
    } else if word("lei") {
        Some(IdKind::Lei)
    } else if word("imo") {
        Some(IdKind::Imo)
    } else if word("mmsi") {
        Some(IdKind::Mmsi)
    } else if has("call sign") {
        Some(IdKind::CallSign)
    } else if has("regist")
        || [
            "ogrn",
            "ogrnip",
            "bin",
            "okpo",
            "kpp",
            "br",
            "cr",
            "crn",
            "regnumber",
        ]
        .iter()
        .any(|w| word(w))
    {
        Some(IdKind::Registration)
    } else if has("identity")
        || has("identification")
        || has("id card")
        || has("tazkira")
        || has("national number")
        || has("civil id")
    {
        Some(IdKind::NationalId)
    } else {
        None
    }
}

/// A country named at the start of a document's description (`"Afghan
/// number"`, `"Tunisia National Identification Card"`, `"Counterfeit Danish
/// driving licence"`): the longest run of up to four leading words that is
/// a country, a name or a demonym, else one of those words alone. Words of
/// two or three letters alone are not tried, as they would be read as codes.
pub(crate) fn leading_country(text: &str) -> Option<Country> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == ':')
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let lookup = |phrase: &str| {
        (phrase.chars().count() >= 4)
            .then(|| Country::lookup(phrase))
            .flatten()
    };
    (1..=words.len())
        .rev()
        .find_map(|n| lookup(&words[..n].join(" ")))
        .or_else(|| words.iter().skip(1).find_map(|w| lookup(w)))
}

/// The business registration numbers of a UK entity (OFSI's "Business Reg
/// No" and the FCDO's `BusinessRegistrationNumber`), written freely:
/// `"(1) OGRN – 1125261000040 (2) INN – 5261079332"`, `"Russian TIN:
/// 7718763393"`, `"1137711000074 (Russia). Tax ID No. 7735579027 (Russia)"`.
/// Every token with at least four digits is a number; the words before it
/// (or, when none, after it) are its label, which gives the kind (tax id or
/// registration) and often the country.
pub(crate) fn registration_numbers(text: &str) -> Vec<Identifier> {
    let mut out = Vec::new();
    for item in split_numbered(text) {
        let tokens = token_spans(item);
        let numbers: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, (_, t))| t.chars().filter(char::is_ascii_digit).count() >= 4)
            .map(|(i, _)| i)
            .collect();
        for (k, &ti) in numbers.iter().enumerate() {
            let prev_end = if k == 0 { 0 } else { numbers[k - 1] + 1 };
            let next_start = numbers.get(k + 1).copied().unwrap_or(tokens.len());
            let before = label_text(&tokens[prev_end..ti]);
            let label = if before.is_empty() {
                // A label after the number ends with its sentence:
                // "1117746568829 (Russia). Tax ID No. 7735579027".
                let after = &tokens[ti + 1..next_start];
                let end = after
                    .iter()
                    .position(|(raw, _)| raw.ends_with(['.', ';']))
                    .map_or(after.len(), |i| i + 1);
                label_text(&after[..end])
            } else {
                before
            };
            let mut id = Identifier::new(
                id_kind(&label).unwrap_or(IdKind::Registration),
                tokens[ti].1,
            );
            id.country = label
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 4)
                .find_map(Country::lookup);
            id.label = non_empty(&label).map(str::to_string);
            out.push(id);
        }
    }
    out
}

/// The document number in a free-text note ("Tunisian passport number L
/// 191609 issued on 28 Feb. 1996", "SSN 156-92-9858"): the first token
/// with at least four digits that is not a bare year, with a one- or
/// two-letter series before it ("L", "OR") kept.
pub(crate) fn number_in_text(text: &str) -> Option<String> {
    let tokens = token_spans(text);
    let i = tokens.iter().position(|(_, t)| {
        t.chars().filter(char::is_ascii_digit).count() >= 4
            && !(t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
    })?;
    let number = tokens[i].1;
    let series = i
        .checked_sub(1)
        .map(|p| tokens[p])
        .filter(|(raw, t)| raw == t && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_uppercase()));
    Some(match series {
        Some((_, s)) => format!("{s} {number}"),
        None => number.to_string(),
    })
}

/// A number field that holds words around the number ("French passport
/// number 05AT521433", "381110042 (Expired 25 Jan. 2016)", "R00012098,
/// South Sudan"): the number alone, and the whole text when it had more, to
/// keep as a note. A field without words is the number as written.
pub(crate) fn number_field(text: &str) -> (String, Option<String>) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let wordy = text
        .as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_alphabetic));
    if wordy && let Some(n) = number_in_text(&text) {
        return (n, Some(text));
    }
    if let Some(open) = text.find(" (").filter(|_| text.ends_with(')')) {
        return (text[..open].to_string(), Some(text));
    }
    (text, None)
}

/// A label that ends with the number it labels ("Residential card number
/// 665"): the label and the number.
pub(crate) fn trailing_number(label: &str) -> Option<(&str, &str)> {
    let (head, last) = label.trim().rsplit_once(' ')?;
    let numeric = last.chars().any(|c| c.is_ascii_digit())
        && last
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '/');
    numeric.then(|| (head.trim(), last))
}

/// The whitespace-separated tokens of a text, each as written and
/// trimmed of surrounding punctuation.
fn token_spans(text: &str) -> Vec<(&str, &str)> {
    text.split_whitespace()
        .filter_map(|raw| {
            let t = raw.trim_matches(|c: char| !c.is_alphanumeric());
            (!t.is_empty()).then_some((raw, t))
        })
        .collect()
}

/// The words of a label, without the "No." and "number" filler.
fn label_text(tokens: &[(&str, &str)]) -> String {
    tokens
        .iter()
        .map(|(_, t)| *t)
        .filter(|t| !matches!(t.to_ascii_lowercase().as_str(), "no" | "number" | "num"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An ISO 639-1 code from a language name as the UK lists write it
/// (`"Russian"`, `"Persian/Farsi"`), or from a code already.
pub(crate) fn language_code(text: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("arabic", "ar"),
        ("belarusian", "be"),
        ("bosnian", "bs"),
        ("bulgarian", "bg"),
        ("burmese", "my"),
        ("chinese", "zh"),
        ("english", "en"),
        ("farsi", "fa"),
        ("french", "fr"),
        ("georgian", "ka"),
        ("greek", "el"),
        ("hebrew", "he"),
        ("japanese", "ja"),
        ("kazakh", "kk"),
        ("korean", "ko"),
        ("kyrgyz", "ky"),
        ("pashto", "ps"),
        ("persian", "fa"),
        ("romanian", "ro"),
        ("russia", "ru"),
        ("russian", "ru"),
        ("serbian", "sr"),
        ("spanish", "es"),
        ("tajik", "tg"),
        ("thai", "th"),
        ("turkish", "tr"),
        ("ukraine", "uk"),
        ("ukrainian", "uk"),
        ("urdu", "ur"),
        ("uzbek", "uz"),
    ];
    let lower = text.trim().to_ascii_lowercase();
    let first = lower.split(['/', ',', ' ']).next().unwrap_or("");
    NAMES.iter().find(|(n, _)| *n == first).map(|(_, c)| *c)
}

/// Finds `needle` (ASCII) in `hay` ignoring ASCII case; the byte offset.
pub(crate) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .find(|&i| hay.is_char_boundary(i) && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The schema of a UK `Group Type` / `IndividualEntityShip` value.
pub(crate) fn uk_schema(text: &str) -> Option<Schema> {
    match text.trim().to_ascii_lowercase().as_str() {
        "individual" => Some(Schema::Person),
        "entity" => Some(Schema::Organization),
        "ship" => Some(Schema::Vessel),
        _ => None,
    }
}

/// A UK name from `Name 1` ... `Name 6`, in that (given-first) order. For a
/// person Name 1 is the given name, Names 2 to 5 the middle names and Name
/// 6 the family name, as OFSI defines them; entities and ships write their
/// whole name in Name 6 and get no parts.
pub(crate) fn uk_name(parts: [&str; 6], kind: NameKind, schema: Schema) -> Option<Name> {
    if schema != Schema::Person {
        let full = parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        return Name::new(&full, kind);
    }
    let kinds = [
        PartKind::Given,
        PartKind::Middle,
        PartKind::Middle,
        PartKind::Middle,
        PartKind::Middle,
        PartKind::Family,
    ];
    let parts = parts
        .iter()
        .zip(kinds)
        .filter(|(v, _)| !v.is_empty())
        .map(|(v, kind)| NamePart {
            kind,
            value: v.to_string(),
        })
        .collect();
    Name::from_parts(parts, kind)
}

/// The kind of a UK name row from its type (`Primary name`, `Primary name
/// variation`, `AKA`, `FKA`, `Alias`) and quality (`Good quality`, `Low
/// quality a.k.a`); `None` for an unknown type.
pub(crate) fn uk_name_kind(name_type: &str, quality: &str) -> Option<NameKind> {
    let t = name_type.trim().to_ascii_lowercase();
    let weak = quality.trim().to_ascii_lowercase().starts_with("low");
    match t.as_str() {
        "primary name" => Some(NameKind::Primary),
        "primary name variation" => Some(NameKind::Alias),
        "fka" | "f.k.a." | "f.k.a" => Some(NameKind::Former),
        "aka" | "a.k.a." | "a.k.a" | "alias" | "" if weak => Some(NameKind::WeakAlias),
        "aka" | "a.k.a." | "a.k.a" | "alias" | "" => Some(NameKind::Alias),
        _ => None,
    }
}

/// A UK non-Latin name with its language (`Non-Latin Script Language` /
/// `NonLatinScriptLanguage`); an unknown language is warned about and left
/// out, the name kept.
pub(crate) fn uk_non_latin_name(
    entity: &mut Entity,
    text: &str,
    language: &str,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) {
    let Some(mut name) = script_name(text, NameKind::Alias) else {
        return;
    };
    if let Some(lang) = non_empty(language) {
        match language_code(lang) {
            Some(code) => name.lang = Some(code.to_string()),
            None => diags.warn(
                record,
                Some(field),
                format!("unknown language {lang:?}, left out"),
            ),
        }
    }
    add_name(entity, name);
}

/// A UK passport: the number, and the free text the list adds (whose
/// leading words often name the issuing country).
pub(crate) fn uk_passport(entity: &mut Entity, number: &str, details: Option<&str>) {
    uk_document(entity, IdKind::Passport, "Passport Number", number, details);
}

/// A UK national identification number; the details refine the kind
/// ("(1) TRN (2) INN" are tax numbers).
pub(crate) fn uk_national_id(entity: &mut Entity, number: &str, details: Option<&str>) {
    let kind = details
        .and_then(id_kind)
        .filter(|k| *k != IdKind::Passport)
        .unwrap_or(IdKind::NationalId);
    uk_document(
        entity,
        kind,
        "National Identification Number",
        number,
        details,
    );
}

fn uk_document(
    entity: &mut Entity,
    kind: IdKind,
    label: &str,
    number: &str,
    details: Option<&str>,
) {
    let number = clean_value(number);
    if number.is_empty() {
        return;
    }
    let mut id = Identifier::new(kind, number);
    id.label = Some(label.to_string());
    if let Some(d) = details.map(clean_value).filter(|d| !d.is_empty()) {
        id.country = leading_country(d);
        id.note = Some(d.to_string());
    }
    push_identifier(entity, id);
}

/// A UK address: lines 1 to 5 are the street, line 6 the town (OFSI's
/// layout puts the town or the province last), then the postcode and the
/// country, which also goes to the entity's countries.
pub(crate) fn uk_address(
    entity: &mut Entity,
    lines: [&str; 6],
    postcode: &str,
    country_text: &str,
    diags: &mut Diagnostics,
    record: &str,
    country_field: &str,
) {
    let street: Vec<&str> = lines[..5]
        .iter()
        .map(|l| clean_value(l))
        .filter(|l| !l.is_empty())
        .collect();
    let text = |t: &str| {
        Some(clean_value(t))
            .filter(|t| !t.is_empty())
            .map(collapse_whitespace)
    };
    let country = country(country_text, diags, record, country_field);
    if let Some(c) = country {
        Entity::push_country(&mut entity.countries, c);
    }
    push_address(
        entity,
        Address {
            street: (!street.is_empty()).then(|| collapse_whitespace(&street.join(", "))),
            city: text(lines[5]),
            region: None,
            postal_code: text(postcode),
            country,
            note: None,
        },
    );
}

/// A UK place of birth: the town and the country as written, and the
/// country among the entity's countries.
pub(crate) fn uk_birth_place(
    entity: &mut Entity,
    town: &str,
    country_text: &str,
    diags: &mut Diagnostics,
    record: &str,
    country_field: &str,
) {
    let parts: Vec<&str> = [town, country_text]
        .iter()
        .map(|t| clean_value(t))
        .filter(|t| !t.is_empty())
        .collect();
    if !parts.is_empty() {
        Entity::push_text(&mut entity.birth_places, &parts.join(", "));
    }
    push_country(
        &mut entity.countries,
        country_text,
        diags,
        record,
        country_field,
    );
}

/// A ship's year of build, kept as its "birth" date with year precision.
pub(crate) fn push_year_built(
    entity: &mut Entity,
    text: &str,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) {
    if let Some(d) = date(text, diags, record, field) {
        entity.add_birth_date(d);
    }
}

/// A ship's IMO number (the FCDO writes "IMO 1234567", OFSI the bare number).
pub(crate) fn push_imo(entity: &mut Entity, text: &str) {
    let mut id = Identifier::new(IdKind::Imo, clean_value(text));
    id.label = Some("IMO number".to_string());
    push_identifier(entity, id);
}

/// A cross-reference to the same target on another list (`UN reference
/// number` TAi.007): an `Other` identifier, so that a reviewer can link
/// the entries, never a match on its own.
pub(crate) fn push_reference(entity: &mut Entity, label: &str, value: &str) {
    let value = clean_value(value);
    if !value.is_empty() {
        let mut id = Identifier::new(IdKind::Other, value);
        id.label = Some(label.to_string());
        push_identifier(entity, id);
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. numbered cells split only on their markers in sequence;
    //! 2. document labels seen in the lists map to the right kinds;
    //! 3. business registration numbers get labels, kinds and countries;
    //! 4. names keep one primary, first, and drop repeated text;
    //! 5. countries in free text and document numbers are read right.
    use super::*;

    #[test]
    fn numbered_cells() {
        assert_eq!(
            split_numbered("(1) Germany. (2) Morocco"),
            ["Germany", "Morocco"]
        );
        assert_eq!(split_numbered(" Pakistan "), ["Pakistan"]);
        assert_eq!(split_numbered("(1) Tunis (2) - (3) -"), ["Tunis"]);
        assert_eq!(
            split_numbered("(1) Adviser (2) Former Governor (2012-2013) (3) Spokesman"),
            ["Adviser", "Former Governor (2012-2013)", "Spokesman"]
        );
        assert!(split_numbered(" - ").is_empty());
        assert_eq!(
            numbered("(1) Bengasi (2) - (3) Tunis"),
            ["Bengasi", "", "Tunis"]
        );
        assert_eq!(
            numbered("(1-3) Libya (4) Morocco"),
            ["Libya", "Libya", "Libya", "Morocco"]
        );
        assert_eq!(
            numbered("(1) to (3) Algeria (4) Morocco"),
            ["Algeria", "Algeria", "Algeria", "Morocco"]
        );
    }

    #[test]
    fn document_kinds() {
        let t = [
            ("Passport", Some(IdKind::Passport)),
            ("Numéro de passeport", None),
            ("national passport number", Some(IdKind::Passport)),
            ("National Identification Number", Some(IdKind::NationalId)),
            (
                "Afghan national identification card (tazkira) number",
                Some(IdKind::NationalId),
            ),
            ("Italian Fiscal Code:", Some(IdKind::TaxId)),
            (
                "United States Social Security Number:",
                Some(IdKind::SocialSecurity),
            ),
            ("Driver's Permit", Some(IdKind::DrivingLicense)),
            ("Registration Number", Some(IdKind::Registration)),
            ("(1) TRN", Some(IdKind::TaxId)),
            (
                "Identity document (\"Bundespersonalausweis\")",
                Some(IdKind::NationalId),
            ),
            ("Ration card no.", None),
            ("Birth certificate", None),
        ];
        for (label, kind) in t {
            assert_eq!(id_kind(label), kind, "{label}");
        }
    }

    #[test]
    fn registration_number_texts() {
        let show = |t: &str| {
            registration_numbers(t)
                .iter()
                .map(|i| {
                    format!(
                        "{:?} {} {} {}",
                        i.kind,
                        i.value,
                        i.label.as_deref().unwrap_or("-"),
                        i.country.map_or("-".to_string(), |c| c.to_string())
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            show("(1) Kazakhstan BIN - 170440031562"),
            ["Registration 170440031562 Kazakhstan BIN KZ"]
        );
        assert_eq!(
            show("Russian TIN: 7718763393"),
            ["TaxId 7718763393 Russian TIN RU"]
        );
        assert_eq!(
            show("(1) OGRN – 1125261000040 (2) INN – 5261079332"),
            [
                "Registration 1125261000040 OGRN -",
                "TaxId 5261079332 INN -"
            ]
        );
        assert_eq!(
            show("1117746568829 (Russia). Tax ID No. 7735579027 (Russia)"),
            [
                "Registration 1117746568829 Russia RU",
                "TaxId 7735579027 Russia Tax ID RU"
            ]
        );
        assert_eq!(
            show("9709056472 - Russia INN"),
            ["TaxId 9709056472 Russia INN RU"]
        );
        assert_eq!(show("(1) BR: 69987857"), ["Registration 69987857 BR -"]);
        assert_eq!(show("2971193"), ["Registration 2971193 - -"]);
    }

    #[test]
    fn one_primary_first() {
        let mut e = Entity::new("uk", "1", Schema::Person);
        add_name(&mut e, Name::new("Alias One", NameKind::Alias).unwrap());
        add_name(&mut e, Name::new("Main Name", NameKind::Primary).unwrap());
        add_name(&mut e, Name::new("Other Main", NameKind::Primary).unwrap());
        add_name(&mut e, Name::new("Main Name", NameKind::Alias).unwrap());
        let got: Vec<String> = e
            .names
            .iter()
            .map(|n| format!("{}: {}", n.kind, n.full))
            .collect();
        assert_eq!(
            got,
            [
                "primary: Main Name",
                "alias: Alias One",
                "alias: Other Main"
            ]
        );
        let mut e = Entity::new("uk", "2", Schema::Person);
        add_name(&mut e, Name::new("Same", NameKind::Alias).unwrap());
        add_name(&mut e, Name::new("Same", NameKind::Primary).unwrap());
        assert_eq!(e.names.len(), 1);
        assert_eq!(e.names[0].kind, NameKind::Primary);
        let mut e = Entity::new("uk", "3", Schema::Person);
        add_name(
            &mut e,
            Name::new("Катиба", NameKind::OriginalScript).unwrap(),
        );
        add_name(&mut e, Name::new("Variation", NameKind::Alias).unwrap());
        assert!(ensure_primary(&mut e));
        assert_eq!(e.caption(), "Variation");
        assert_eq!(e.names[0].kind, NameKind::Primary);
    }

    #[test]
    fn countries_and_numbers() {
        assert_eq!(
            leading_country("Afghan number").map(|c| c.to_string()),
            Some("AF".into())
        );
        assert_eq!(leading_country("Diplomatic Passport. Issued 2013"), None);
        let c = |t: &str| lookup_country(t).map(|c| c.to_string());
        for (text, code) in [
            ("Former USSR, now Ukraine", "UA"),
            ("Former USSR Currently Belarus", "BY"),
            ("Ukrainian SSR (now Ukraine)", "UA"),
            ("Russia (USSR)", "RU"),
            ("Azerbaijan (former USSR)", "AZ"),
            ("Kazakh SSR", "KZ"),
            ("former Soviet Union", "SU"),
            ("China, Hong Kong Special Administrative Region", "HK"),
            ("Iraq (previous address)", "IQ"),
        ] {
            assert_eq!(c(text).as_deref(), Some(code), "{text}");
        }
        assert_eq!(c("Komi ASSR"), None);
        assert_eq!(language_code("Persian/Farsi"), Some("fa"));
        assert_eq!(
            number_in_text("Tunisian passport number L 191609 issued on 28 Feb. 1996").as_deref(),
            Some("L 191609")
        );
        assert_eq!(
            number_in_text("SSN 156-92-9858 (United States)").as_deref(),
            Some("156-92-9858")
        );
        assert_eq!(number_in_text("issued on 18 Jun. 1999"), None);
        let t = |s: &str| number_field(s).0;
        assert_eq!(t("French passport number 05AT521433"), "05AT521433");
        assert_eq!(t("381110042 (Expired 25 Jan. 2016)"), "381110042");
        assert_eq!(t("403062567 (US)"), "403062567");
        assert_eq!(t("35202- 4135948-7"), "35202- 4135948-7");
        assert_eq!(t("TR-P 614 166"), "TR-P 614 166");
        assert_eq!(number_field("OR 123456"), ("OR 123456".to_string(), None));
        assert_eq!(
            find_ascii_ci("x Original Script: Абу", "original script:"),
            Some(2)
        );
    }
}
