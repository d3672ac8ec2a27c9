//! Tests of the ofac_csv parser on the real OFAC CSV files.
//!
//! Properties checked:
//! 1. the 2021 trio joins into 8,976 entities whose names hold every one of
//!    the 11,910 alt.csv aliases with its kind;
//! 2. the consolidated family (cons_*.csv, loaded from a file path in a
//!    folder that also holds XML files) gives 442 `ofac-cons` entities, with
//!    the remark overflow of cons_comments.csv read;
//! 3. the 2024 sdn.csv alone loads its 14,965 entities with one warning per
//!    missing companion;
//! 4. real records read in full: a person, an organisation, a vessel and an
//!    aircraft (names with kinds and parts, dates with precision,
//!    countries, identifiers, programmes, addresses);
//! 5. no remark statement of a kind the parser reads is left unread in any
//!    of the three files (the counts are pinned);
//! 6. mutated and truncated copies of the fixtures never panic the parser.

use crate::support::{self, codes, dates};
use std::collections::BTreeMap;
use vigil_core::{Entity, IdKind, NameKind, Precision, Schema};
use vigil_lists::{List, Severity};

fn ids(e: &Entity) -> Vec<String> {
    e.identifiers
        .iter()
        .map(|i| {
            let mut s = format!("{:?} {}", i.kind, i.value);
            if let Some(c) = i.country {
                s.push_str(&format!(" ({c})"));
            }
            if let Some(n) = &i.note {
                s.push_str(&format!(" [{n}]"));
            }
            s
        })
        .collect()
}

fn count_kinds(list: &List) -> BTreeMap<NameKind, usize> {
    let mut kinds = BTreeMap::new();
    for n in list.entities.iter().flat_map(|e| &e.names) {
        *kinds.entry(n.kind).or_default() += 1;
    }
    kinds
}

#[test]
fn trio_2021_joins_all_aliases() {
    let Some(list) = support::load_one("ofac/trio-2021-07-07") else {
        return;
    };
    assert_eq!(list.source, "ofac-sdn");
    assert_eq!(list.files.len(), 4);
    assert_eq!(list.published, None);
    assert_eq!(list.entities.len(), 8_976);
    let mut schemas = BTreeMap::new();
    for e in &list.entities {
        *schemas.entry(e.schema).or_insert(0) += 1;
    }
    assert_eq!(
        schemas.into_iter().collect::<Vec<_>>(),
        vec![
            (Schema::Person, 4_620),
            (Schema::Organization, 3_673),
            (Schema::Vessel, 406),
            (Schema::Aircraft, 277),
        ]
    );
    // Every file agrees with every other and every value is understood.
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);

    // Each alt.csv row, read here independently, is among its entity's
    // names with its kind.
    let path = vigil_testdata::list_path("ofac/trio-2021-07-07/alt.csv").unwrap();
    let bytes = std::fs::read(path).unwrap();
    let text = std::str::from_utf8(&bytes)
        .unwrap()
        .trim_end_matches('\u{1a}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let by_id: std::collections::HashMap<&str, &Entity> =
        list.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut found = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let e = by_id[format!("ofac-sdn:{}", &row[0]).as_str()];
        let kind = if &row[2] == "fka" {
            NameKind::Former
        } else {
            NameKind::Alias
        };
        let full = vigil_core::entity::collapse_whitespace(&row[3]);
        assert!(
            e.names.iter().any(|n| n.full == full && n.kind == kind),
            "{} lacks {full}",
            e.id
        );
        found += 1;
    }
    assert_eq!(found, 11_910);
    // Distinct names: two alt.csv rows repeat an alias of the same entity;
    // 24 f.k.a.s and 2,417 weak a.k.a.s come from the remarks.
    assert_eq!(
        count_kinds(&list).into_iter().collect::<Vec<_>>(),
        vec![
            (NameKind::Primary, 8_976),
            (NameKind::Alias, 11_539),
            (NameKind::WeakAlias, 2_417),
            (NameKind::Former, 393),
        ]
    );
    let addresses: usize = list.entities.iter().map(|e| e.addresses.len()).sum();
    // 13,837 add.csv rows, of which 2,397 are all nulls and 2 say only
    // "undetermined".
    assert_eq!(addresses, 11_438);
}

#[test]
fn trio_2021_records() {
    let Some(list) = support::load_one("ofac/trio-2021-07-07") else {
        return;
    };
    // A person with the 2021 spelling of ent_num 2677.
    let p = support::entity(&list, "ofac-sdn:2677");
    assert_eq!(p.schema, Schema::Person);
    assert_eq!(
        support::names(p),
        vec![
            "primary/latin: AL-ZUMAR, Abbud",
            "alias/latin: ZUMAR, Colonel Abbud"
        ]
    );
    let parts: Vec<String> = p.names[0]
        .parts
        .iter()
        .map(|x| format!("{:?}={}", x.kind, x.value))
        .collect();
    assert_eq!(parts, vec!["Family=AL-ZUMAR", "Given=Abbud"]);
    assert_eq!(p.programs, vec!["SDGT"]);
    assert_eq!(p.positions, vec!["Factional Leader of JIHAD GROUP"]);
    assert_eq!(p.birth_places, vec!["Egypt"]);
    assert_eq!(codes(&p.countries), vec!["EG"]);
    assert_eq!(p.addresses.len(), 1);

    // A person with every kind of remark fact.
    let p = support::entity(&list, "ofac-sdn:21727");
    assert_eq!(
        support::names(p),
        vec![
            "primary/latin: JEDI, Muhammad Wanndy Bin Mohamed",
            "alias/latin: JEDI, Muhamad Wanndy bin Muhamad",
            "alias/latin: JEDI, Muhamad Wanndy Muhamad",
            "alias/latin: JEDI, Muhamad Wanndy Mohamad",
            "alias/latin: WANNDY, Muhamad",
            "weak_alias/latin: AL-FATEH, Abu Hamzah",
            "weak_alias/latin: AL-MALIZI, Abu Sayyaf",
        ]
    );
    assert_eq!(dates(p), vec!["1990-11-16", "1989..1991"]);
    assert_eq!(p.birth_dates[0].precision(), Precision::Day);
    assert_eq!(p.birth_dates[1].precision(), Precision::Range);
    assert_eq!(p.birth_places, vec!["Durian Tunggal, Malacca, Malaysia"]);
    assert_eq!(codes(&p.nationalities), vec!["MY"]);
    assert_eq!(p.gender, Some(vigil_core::Gender::Male));
    assert_eq!(
        ids(p),
        vec!["Passport A33373751 (MY)", "NationalId 90116-04-5293"]
    );
    assert_eq!(
        p.remarks[1..],
        ["Linked To: ISLAMIC STATE OF IRAQ AND THE LEVANT."]
    );

    // A passport with its issue and expiry dates, a circa date.
    let p = support::entity(&list, "ofac-sdn:17928");
    assert_eq!(
        ids(p),
        vec!["Passport 00000017 (YE) [issued 27 Oct 2008 expires 26 Oct 2014]"]
    );
    assert_eq!(
        p.identifiers[0].label.as_deref(),
        Some("Diplomatic Passport")
    );
    assert_eq!(dates(p), vec!["1972-07-25", "1970"]);

    // An organisation with aliases of both strengths and four addresses.
    let o = support::entity(&list, "ofac-sdn:306");
    assert_eq!(o.schema, Schema::Organization);
    assert_eq!(
        support::names(o),
        vec![
            "primary/latin: BANCO NACIONAL DE CUBA",
            "alias/latin: NATIONAL BANK OF CUBA",
            "weak_alias/latin: BNC",
        ]
    );
    assert!(o.names.iter().all(|n| n.parts.is_empty()));
    assert_eq!(o.programs, vec!["CUBA"]);
    assert_eq!(codes(&o.countries), vec!["CH", "ES", "JP", "PA"]);
    assert_eq!(o.addresses[0].street.as_deref(), Some("Zweierstrasse 35"));
    assert_eq!(o.addresses[0].city.as_deref(), Some("Zurich CH-8022"));
    assert_eq!(o.remarks, vec!["a.k.a. 'BNC'."]);

    // A vessel: columns and remarks.
    let v = support::entity(&list, "ofac-sdn:15036");
    assert_eq!(v.schema, Schema::Vessel);
    assert_eq!(
        support::names(v),
        vec![
            "primary/latin: ARTAVIL",
            "former/latin: ABADAN",
            "former/latin: SHONA",
            "former/latin: ALPHA"
        ]
    );
    assert_eq!(
        ids(v),
        vec!["CallSign T2EU4", "Imo 9187629", "Mmsi 572469210"]
    );
    assert_eq!(v.positions, vec!["Crude/Oil Products Tanker"]);
    // The flag, then the former flags ("None Identified" is no country).
    assert_eq!(codes(&v.countries), vec!["IR", "MT", "TV", "TZ"]);
    assert_eq!(
        v.programs,
        vec![
            "IRAN",
            "Additional Sanctions Information - Subject to Secondary Sanctions"
        ]
    );
    assert_eq!(
        v.remarks[1..],
        [
            "Tonnage 99,144",
            "Gross registered tonnage 56,068",
            "Linked To: NATIONAL IRANIAN TANKER COMPANY.",
        ]
    );

    // An aircraft.
    let a = support::entity(&list, "ofac-sdn:15432");
    assert_eq!(a.schema, Schema::Aircraft);
    assert_eq!(ids(a), vec!["AircraftId 8305", "AircraftId 1013409297"]);
    assert_eq!(
        a.identifiers[1].label.as_deref(),
        Some("Aircraft Manufacturer's Serial Number (MSN)")
    );
    assert_eq!(dates(a), vec!["1991"]);
    assert_eq!(a.positions, vec!["IL-76TD"]);
    assert_eq!(
        a.remarks[1..],
        ["Aircraft Operator YAS AIR", "Linked To: POUYA AIR."]
    );
}

#[test]
fn consolidated_family() {
    let Some(path) = vigil_testdata::list_path("ofac/non-sdn/cons_prim.csv") else {
        return;
    };
    // The folder also holds the XML editions: a file path loads the family only.
    let list = support::load_single(&path);
    assert_eq!(list.source, "ofac-cons");
    assert_eq!(list.files.len(), 4);
    assert_eq!(list.entities.len(), 442);
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    assert_eq!(
        count_kinds(&list).into_iter().collect::<Vec<_>>(),
        vec![
            (NameKind::Primary, 442),
            (NameKind::Alias, 932),
            (NameKind::WeakAlias, 69),
            (NameKind::Former, 144),
        ]
    );

    let p = support::entity(&list, "ofac-cons:9639");
    assert_eq!(
        support::names(p),
        vec![
            "primary/latin: HANIYA, Ismail Abdul Salah",
            "alias/latin: HANIYA, Ismail",
            "alias/latin: HANIYYA, Ismaeel",
        ]
    );
    assert_eq!(dates(p), vec!["1962"]);
    assert_eq!(p.birth_dates[0].precision(), Precision::Year);
    assert_eq!(p.birth_places, vec!["Shati"]);
    assert_eq!(p.programs, vec!["NS-PLC"]);

    // An organisation whose LEI is in the overflow of cons_comments.csv.
    let o = support::entity(&list, "ofac-cons:17016");
    assert_eq!(
        support::names(o),
        vec![
            "primary/latin: GAZPROMBANK JOINT STOCK COMPANY",
            "former/latin: GAZPROMBANK OPEN JOINT STOCK COMPANY",
            "alias/latin: BANK GPB JSC",
            "former/latin: JOINT STOCK BANK OF THE GAS INDUSTRY GAZPROMBANK",
        ]
    );
    assert_eq!(dates(o), vec!["1990-07-31"]);
    let lei = o
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Lei)
        .unwrap();
    assert_eq!(lei.value, "253400WSS48YWMBUA688");
    assert!(ids(o).contains(&"SwiftBic GAZPRUMM".to_string()));
    assert!(ids(o).contains(&"TaxId 7744001497 (RU)".to_string()));
    assert_eq!(codes(&o.countries), vec!["RU", "MN", "KZ", "IN", "CN"]);
    assert_eq!(&o.programs[..2], ["UKRAINE-EO13662", "RUSSIA-EO14024"]);
    assert!(o.programs.contains(
        &"Executive Order 13662 Directive Determination - Subject to Directive 1".to_string()
    ));
}

#[test]
fn sdn_2024_alone_loads_with_warnings() {
    let Some(list) = support::load_one("ofac/sdn.csv") else {
        return;
    };
    assert_eq!(list.entities.len(), 14_965);
    assert_eq!(list.files.len(), 1);
    let d: Vec<String> = list.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        d,
        vec![
            "alt.csv not found beside sdn.csv: the strong aliases (a.k.a., f.k.a.) are missing",
            "sdn_comments.csv not found beside sdn.csv: remarks longer than 1000 characters are cut (18 records), and the fact each cut remark ends with is left out",
            "add.csv not found beside sdn.csv: the addresses and their countries are missing",
        ]
    );
    assert!(
        list.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning && d.record == "file")
    );
    // Without alt.csv only the remarks' names are there.
    assert_eq!(
        count_kinds(&list).into_iter().collect::<Vec<_>>(),
        vec![
            (NameKind::Primary, 14_965),
            (NameKind::WeakAlias, 3_576),
            (NameKind::Former, 87),
        ]
    );

    // The 2024 spelling of ent_num 2677.
    let p = support::entity(&list, "ofac-sdn:2677");
    assert_eq!(
        support::names(p),
        vec!["primary/latin: AL-ZOMOR, Abboud Abdul Latif Hassan"]
    );
    assert_eq!(p.programs, vec!["SDGT"]);
    assert_eq!(dates(p), vec!["1947-04-19"]);
    assert_eq!(p.birth_places, vec!["Nahia, Giza, Egypt"]);
    assert_eq!(codes(&p.nationalities), vec!["EG"]);
    assert_eq!(codes(&p.countries), vec!["EG"]);
    assert_eq!(p.gender, Some(vigil_core::Gender::Male));
    assert_eq!(p.remarks.len(), 1);
}

/// Remark statements of the kinds the parser reads, by their label.
const FACT_LABELS: [(&str, &str); 12] = [
    ("dob", "DOB "),
    ("pob", "POB "),
    ("nationality", "nationality "),
    ("citizen", "citizen "),
    ("gender", "Gender "),
    ("weak a.k.a.", "a.k.a. "),
    ("f.k.a.", "f.k.a. "),
    ("passport", "Passport "),
    ("national id", "National ID No. "),
    ("tax id", "Tax ID No. "),
    ("registration", "Registration Number "),
    ("imo", "Vessel Registration Identification IMO "),
];

/// For each fact label: statements in the raw remarks, and those left
/// unread in `remarks`.
fn fact_statements(list: &List) -> BTreeMap<&'static str, (usize, usize)> {
    let mut counts = BTreeMap::new();
    for e in &list.entities {
        let Some(raw) = e.remarks.first() else {
            continue;
        };
        let statements: Vec<&str> = raw.split(';').map(str::trim).collect();
        let cut = raw.chars().count() >= 1000;
        for (i, s) in statements.iter().enumerate() {
            let body = s.strip_prefix("alt. ").unwrap_or(s);
            // "nationality possibly Palestinian" stays a remark for its doubt.
            if body.contains(" possibly ") {
                continue;
            }
            let Some((name, _)) = FACT_LABELS.iter().find(|(_, l)| body.starts_with(l)) else {
                continue;
            };
            let entry = counts.entry(*name).or_insert((0, 0));
            entry.0 += 1;
            // A cut remark's last statement is cut too: only text.
            let cut_last = cut && i + 1 == statements.len();
            if !cut_last && e.remarks[1..].iter().any(|r| r == s) {
                entry.1 += 1;
            }
        }
    }
    counts
}

#[test]
fn no_remark_fact_is_left_unread() {
    let Some(trio) = support::load_one("ofac/trio-2021-07-07") else {
        return;
    };
    let counts = fact_statements(&trio);
    let unread: usize = counts.values().map(|c| c.1).sum();
    assert_eq!(unread, 0, "{counts:?}");
    let stated: Vec<(&str, usize)> = counts.iter().map(|(k, v)| (*k, v.0)).collect();
    assert_eq!(
        stated,
        vec![
            ("citizen", 919),
            ("dob", 5_125),
            ("f.k.a.", 24),
            ("gender", 1_513),
            ("imo", 409),
            ("national id", 579),
            ("nationality", 2_133),
            ("passport", 1_538),
            ("pob", 3_073),
            ("registration", 261),
            ("tax id", 201),
            ("weak a.k.a.", 2_417),
        ]
    );
    // What the model holds from them (identical values of one entity are
    // kept once: "DOB 1970; alt. DOB 1970"; so is a document number stated
    // twice with other details).
    let sum = |f: &dyn Fn(&Entity) -> usize| trio.entities.iter().map(f).sum::<usize>();
    let of_kind = |k: IdKind| sum(&|e| e.identifiers.iter().filter(|i| i.kind == k).count());
    assert_eq!(sum(&|e| e.birth_dates.len()), 5_473);
    assert_eq!(sum(&|e| e.birth_places.len()), 3_074);
    assert_eq!(sum(&|e| e.nationalities.len()), 2_136);
    assert_eq!(sum(&|e| e.citizenships.len()), 919);
    assert_eq!(sum(&|e| usize::from(e.gender.is_some())), 1_513);
    assert_eq!(of_kind(IdKind::Passport), 1_562);
    assert_eq!(of_kind(IdKind::NationalId), 1_857);
    assert_eq!(of_kind(IdKind::TaxId), 1_296);
    assert_eq!(of_kind(IdKind::Registration), 1_138);
    assert_eq!(of_kind(IdKind::Imo), 483);
    assert_eq!(of_kind(IdKind::Mmsi), 51);
    assert_eq!(of_kind(IdKind::AircraftId), 381);
    assert_eq!(of_kind(IdKind::SwiftBic), 82);

    for relative in ["ofac/sdn.csv", "ofac/non-sdn/cons_prim.csv"] {
        let path = vigil_testdata::list_path(relative).unwrap();
        let list = support::load_single(&path);
        let counts = fact_statements(&list);
        let unread: usize = counts.values().map(|c| c.1).sum();
        assert_eq!(unread, 0, "{relative}: {counts:?}");
    }
}

const FIXTURES: [&[u8]; 4] = [
    include_bytes!("../fixtures/ofac_csv/sdn.csv"),
    include_bytes!("../fixtures/ofac_csv/alt.csv"),
    include_bytes!("../fixtures/ofac_csv/add.csv"),
    include_bytes!("../fixtures/ofac_csv/sdn_comments.csv"),
];

/// A fixture with bytes overwritten (quotes, commas, line ends, non-ASCII
/// bytes are likely) and possibly cut short.
fn mutate(bytes: &[u8], edits: &[(usize, u8)], cut: usize) -> Vec<u8> {
    const NASTY: &[u8] = b"\",;\r\n\x1a '(-0)\xff\xc3";
    let mut out = bytes.to_vec();
    for &(at, b) in edits {
        if let Some(len) = std::num::NonZeroUsize::new(out.len()) {
            let pick = if b % 2 == 0 {
                NASTY[usize::from(b) % NASTY.len()]
            } else {
                b
            };
            out[at % len.get()] = pick;
        }
    }
    out.truncate(out.len().saturating_sub(cut % 64));
    out
}

proptest::proptest! {
    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 0..12),
        cut in 0usize..200,
    ) {
        let mut files: Vec<Vec<u8>> = FIXTURES.iter().map(|f| f.to_vec()).collect();
        files[which] = mutate(FIXTURES[which], &edits, cut);
        let input = |i: usize, name: &'static str| vigil_lists::Input::new(name, &files[i]);
        let _ = vigil_lists::parse_ofac_csv_family(
            &input(0, "sdn.csv"),
            Some(&input(1, "alt.csv")),
            Some(&input(2, "add.csv")),
            Some(&input(3, "sdn_comments.csv")),
        );
    }
}
