//! Recall-safety: the index returns every entity brute force scores at or
//! above the threshold.

use vigil_core::matching::Query;
use vigil_core::{Entity, Name, NameKind, Schema};
use vigil_index::{IndexBuilder, ListMeta, ScreenOptions};

fn person(id: &str, names: &[&str]) -> Entity {
    let mut e = Entity::new("t", id, Schema::Person);
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

#[test]
fn small_fixture_matches_brute_force() {
    let entities = vec![
        person(
            "1",
            &["Karim Abdulrahman AL-FARSI", "Kareem Abdul Rahman al Farsi"],
        ),
        person("2", &["Mohammed Yusuf HASSAN"]),
        person(
            "3",
            &["Svetlana Igorevna MOROZOVA", "Светлана Игоревна Морозова"],
        ),
    ];
    let mut b = IndexBuilder::new();
    b.add_list(ListMeta::named("t"), entities);
    let index = b.build();
    for q in [
        "Kareem Abdul Rahman al-Farsi",
        "Karim al Farsi",
        "Svetlana Morozova",
        "Hassan Yusuf",
    ] {
        let p = Query::name(q).prepare().unwrap();
        let brute: Vec<usize> = index
            .screen_brute_force(&p, 0.75)
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        let hits: Vec<&str> = index
            .screen(
                &p,
                &ScreenOptions {
                    threshold: 0.75,
                    limit: 100,
                },
            )
            .iter()
            .map(|h| h.entity.id.as_str())
            .collect();
        let expect: Vec<&str> = brute
            .iter()
            .map(|&e| index.entities()[e].id.as_str())
            .collect();
        assert_eq!(hits, expect, "{q}");
    }
}
