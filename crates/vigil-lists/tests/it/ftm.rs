//! The FollowTheMoney parser on the real files in `lists/ftm/`.
//!
//! Properties checked:
//! 1. each file gives the targets the issue counts: t1 6 (4 persons, 2
//!    organisations), zala 14 (its 3 registry companies are `target: false`),
//!    the delta 576 with 571 deletions, the nested export 5;
//! 2. a person and an organisation of t1 keep every name with its kind and
//!    script (Greek and Cyrillic included), their dates, countries and ids;
//! 3. zala's A. Zakharov gets the programmes and listing date of the 13
//!    Sanction entities that point at him;
//! 4. a delta person gets the country of the Passport entity that names it;
//! 5. the nested Saad Hariri record reads its own properties, while its
//!    nested relatives and occupancies are not entities;
//! 6. the only diagnostics are the values the model cannot hold ("eu",
//!    "zz", identifiers that are notes in Japanese or Hebrew).

use crate::support;
use vigil_core::{Precision, Schema};
use vigil_lists::{Format, List, Severity};

fn schemas(list: &List) -> (usize, usize) {
    let n = |s| list.entities.iter().filter(|e| e.schema == s).count();
    (n(Schema::Person), n(Schema::Organization))
}

#[test]
fn t1_person_and_organisation() {
    let Some(list) = support::load_one("ftm/yente-t1.entities.ftm.json") else {
        return;
    };
    assert_eq!(list.format, Format::FtmJson);
    assert_eq!(list.entities.len(), 6);
    assert_eq!(schemas(&list), (4, 2));
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    assert_eq!(list.published.unwrap().to_string(), "2024-03-28");

    let p = support::entity(&list, "ftm:NK-2Ka3UvopqbpZmVDFjWd4LA");
    assert_eq!(
        support::names(p),
        [
            "primary/latin: Vitaly Yurievich KUZMENKO",
            "alias/latin: Vitalij Kuzmenko",
            "original_script/cyrillic: Виталий Юрьевич КУЗЬМЕНКО",
        ]
    );
    // firstName "Vitalij" and lastName "Kuzmenko" cover the alias exactly;
    // the patronymic of the others is in no part property.
    assert_eq!(p.names[1].parts.len(), 2);
    assert!(p.names[0].parts.is_empty());
    assert_eq!(p.birth_dates[0].to_string(), "1971-01-22");
    assert_eq!(p.birth_dates[0].precision(), Precision::Day);
    assert_eq!(p.nationalities[0].as_str(), "RU");
    assert_eq!(p.identifiers[0].value, "366510784303");
    assert_eq!(p.identifiers[0].label.as_deref(), Some("taxNumber"));
    assert_eq!(
        p.positions,
        ["General Director of JSC 163 Armor Repair Plant"]
    );
    // No Sanction entity in t1: the listing date is the record's createdAt.
    assert_eq!(p.listed_on.unwrap().to_string(), "2024-02-23");

    let o = support::entity(&list, "ftm:NK-2GdmHtZTeNXjNVrBGEXZNj");
    assert_eq!(o.schema, Schema::Organization);
    assert_eq!(
        support::names(o),
        [
            "primary/latin: RAB „Inter Tobacco“",
            "alias/latin: LLC “Inter Tobacco”",
            "original_script/greek: Εταιρία περιορισμένης ευθύνης “Inter Tobacco”",
            "alias/latin: Sociedad de responsabilidad limitada “Inter Tobacco”",
            "original_script/cyrillic: Общество с ограниченной ответственностью “Интер Тобако”",
            "alias/latin: “Inter Tobacco” LLC",
            "alias/latin: An chuideachta theoranta ‘Inter Tobacco’",
            "original_script/cyrillic: Таварыства з абмежаванай адказнасцю “Інтэр Табак”",
            "alias/latin: „Inter Tobacco“, společnost s ručením omezeným",
            "alias/latin: Societatea cu răspundere limitată «Inter Tobacco»",
            "original_script/cyrillic: Дружество с ограничена отговорност „Inter Tobacco“",
            "alias/latin: Družba z omejeno odgovornostjo „Inter Tobacco“",
        ]
    );
    assert_eq!(o.countries[0].as_str(), "BY");
    assert_eq!(o.identifiers[0].value, "808000714");
    assert_eq!(o.remarks[0], "Belarus (Minsk Free Economic Zone)");
    // Its addressEntity names an address that is not in the file.
    assert!(o.addresses.is_empty());
}

#[test]
fn zala_zakharov_programmes() {
    let Some(list) = support::load_one("ftm/yente-zala.entities.ftm.json") else {
        return;
    };
    assert_eq!(list.entities.len(), 14);
    assert_eq!(schemas(&list), (6, 8));
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    assert_eq!(list.published.unwrap().to_string(), "2026-04-29");
    // Registry records around the targets are `target: false`.
    assert!(
        !list
            .entities
            .iter()
            .any(|e| e.id == "ftm:ru-inn-5920040846")
    );

    let z = support::entity(&list, "ftm:NK-aU5ybkbRFJucf8YMwsJvDw");
    assert_eq!(z.caption(), "Alexander Vyacheslavovich ZAKHAROV");
    assert_eq!(z.names.len(), 17);
    assert_eq!(z.birth_dates[0].to_string(), "1965-09-21");
    assert_eq!(z.nationalities[0].as_str(), "RU");
    assert_eq!(z.citizenships[0].as_str(), "RU");
    // His own programId values first, then those of the Sanction entities.
    assert_eq!(
        z.programs,
        [
            "UA-SA1644",
            "US-RUSHAR",
            "NZ-RSA2022",
            "SECO-UKRAINE",
            "GB-RUS",
            "EU-UKR",
            "Ordinance of 4 March 2022 on measures related to the situation in Ukraine \
             (RS 946.231.176.72), annexes 2, 8, 9, 10, 11, 12,13, 14, 14a, 15, 15a, 15b, 25 and 33",
            "UKR",
            "(UE) 2025/389 du 24/02/2025 (UE Ukraine intégrité territoriale - R (UE) 269/2014)",
            "The Russia (Sanctions) (EU Exit) Regulations 2019",
            "RUSSIA-EO14024",
            "364/2023",
            "Reciprocal",
        ]
    );
    // The earliest sanction date: Ukraine's NSDC decision 364/2023.
    assert_eq!(z.listed_on.unwrap().to_string(), "2023-07-01");
    // A linked Address entity (structured) and the one text address it
    // does not repeat.
    assert_eq!(z.addresses.len(), 2);
    assert_eq!(z.addresses[0].city.as_deref(), Some("Izhevsk"));
    assert_eq!(z.addresses[1].street.as_deref(), Some("IZHEVSK, 426008"));

    // A target with a Ukrainian caption gets a Latin primary name.
    let a = support::entity(&list, "ftm:NK-mCEmxFfuhfdjpC8gsxH74o");
    assert_eq!(
        support::names(a)[..2],
        [
            "primary/latin: Abashkin Konstantin",
            "original_script/cyrillic: Абашкін Костянтин Ігорьович",
        ]
    );
}

#[test]
fn delta_operations() {
    let Some(list) = support::load_one("ftm/yente-entities.delta.json.gz") else {
        return;
    };
    assert_eq!(list.format, Format::FtmDelta);
    assert_eq!(list.entities.len(), 576);
    assert_eq!(schemas(&list), (451, 125));
    assert_eq!(list.deleted.len(), 571);
    assert_eq!(list.deleted[0], "ftm:NK-3MDjERC9RyRHv3wEq9xWe4");
    assert_eq!(list.published.unwrap().to_string(), "2024-05-30");

    let d = support::entity(&list, "ftm:NK-Ld5SyGNpr7mmysNh4czCXJ");
    assert_eq!(
        support::names(d),
        [
            "primary/latin: Dini Ramadhani",
            "alias/latin: RAMADHANI, Dini"
        ]
    );
    assert_eq!(d.birth_dates[0].to_string(), "1993-03-10");
    // passportNumber completed with the issuing country of the Passport
    // entity that names her as holder.
    assert_eq!(d.identifiers.len(), 1);
    assert_eq!(d.identifiers[0].value, "B 4286562");
    assert_eq!(d.identifiers[0].country.unwrap().as_str(), "ID");
    assert_eq!(d.programs, ["DTTOT", "SDN List"]);

    // Values the model cannot hold, and nothing else.
    assert!(
        list.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    let count = |s: &str| {
        list.diagnostics
            .iter()
            .filter(|d| d.message.contains(s))
            .count()
    };
    assert_eq!(count("\"eu\" (the European Union) is not a country"), 50);
    assert_eq!(count("\"zz\" (global) is not a country"), 1);
    assert_eq!(count("has no ASCII letter or digit"), 6);
    assert_eq!(list.diagnostics.len(), 57);
}

#[test]
fn nested_saad_hariri() {
    let Some(list) = support::load_one("ftm/khongdudinhdoikhongne-wd_persons.targets.nested.json")
    else {
        return;
    };
    assert_eq!(list.entities.len(), 5);
    assert_eq!(schemas(&list), (5, 0));
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    // Nested relatives are context, not targets.
    assert!(!list.entities.iter().any(|e| e.id == "ftm:Q20424718"));

    let h = support::entity(&list, "ftm:Q296771");
    assert_eq!(
        support::names(h),
        [
            "primary/latin: Saad Hariri",
            "alias/latin: Hariri",
            "alias/latin: Sa'd al-Din",
        ]
    );
    let nat: Vec<&str> = h.nationalities.iter().map(|c| c.as_str()).collect();
    assert_eq!(nat, ["LB", "FR", "SA"]);
    assert_eq!(h.birth_dates[0].to_string(), "1970-04-18");
    assert_eq!(h.birth_dates[0].precision(), Precision::Day);
    assert_eq!(h.birth_places, ["Riyadh"]);
    assert_eq!(
        h.positions,
        [
            "Member of the Parliament of Lebanon",
            "Prime Minister of Lebanon"
        ]
    );
}
