//! Request parsing under arbitrary input: whatever the body or query
//! string, every route answers without a 5xx, and every 4xx is the JSON
//! error shape with a message.

use crate::util::{get, post, state};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// JSON-ish bodies: fragments of real requests mixed with noise, so that
/// the parser is reached past its first byte.
fn bodies() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("name"),
        Just("dob"),
        Just("country"),
        Just("schema"),
        Just("gender"),
        Just("identifiers"),
        Just("threshold"),
        Just("limit"),
        Just("records"),
        Just("queries"),
        Just("properties"),
        Just("weights"),
        Just("x"),
    ];
    let value = prop_oneof![
        "[a-zA-Zа-я\u{200b}\u{0627}-\u{064a} .-]{0,24}".prop_map(|s| format!("{s:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| if n.is_finite() {
            n.to_string()
        } else {
            "1e999".into()
        }),
        Just("null".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just(r#"["1970", "ZZ"]"#.to_string()),
        Just(r#"[{"name": "a"}, {"name": 1}]"#.to_string()),
        Just(r#"{"q": {"schema": "Person", "properties": {"name": ["x"]}}}"#.to_string()),
    ];
    let pair = (field, value).prop_map(|(f, v)| format!("{f:?}: {v}"));
    prop_oneof![
        4 => proptest::collection::vec(pair, 0..5).prop_map(|ps| format!("{{{}}}", ps.join(", "))),
        1 => "\\PC{0,40}",
    ]
}

fn routes() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("/v1/screen"),
        Just("/v1/screen/batch"),
        Just("/match/default"),
        Just("/reconcile"),
    ]
}

#[test]
fn arbitrary_requests_get_json_4xx_never_5xx() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = state();
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    runner
        .run(
            &(routes(), bodies(), "[a-z=&%0-9.;:-]{0,30}"),
            |(route, body, qs)| {
                rt.block_on(async {
                    for r in [
                        post(&s, route, &body).await,
                        get(&s, &format!("{route}?{qs}")).await,
                        get(&s, &format!("/v1/screen?name=a&{qs}")).await,
                    ] {
                        prop_assert!(r.status.as_u16() < 500, "{route} {body:?} {qs:?}: {r:#?}");
                        if r.status.is_client_error() {
                            let j: serde_json::Value = serde_json::from_str(&r.body)
                                .map_err(|e| TestCaseError::fail(format!("{e}: {r:#?}")))?;
                            prop_assert!(j["error"]["message"].is_string(), "{r:#?}");
                        }
                    }
                    Ok(())
                })
            },
        )
        .unwrap();
}
