//! The alert queue's filters and paging, and the dashboard's counts, on
//! both backends.

use crate::backends::backends;
use serde_json::json;
use vigil_store::{AlertFilter, MatchInput, ScreeningContext, SubjectInput};

fn hit(entity: &str, score: f64) -> MatchInput {
    MatchInput {
        entity_id: entity.into(),
        score,
        matched_name: "NAME".into(),
        explanation: json!({}),
        entity_fingerprint: vigil_store::fingerprint(&entity),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_filters_and_dashboard() {
    for b in backends().await {
        let s = &b.store;
        let context = ScreeningContext {
            actor: "cli:test".into(),
            list_versions: json!([]),
            engine_version: "0".into(),
            threshold: 0.7,
        };
        for i in 0..5 {
            let subject =
                SubjectInput::new(&format!("c-{i}"), "Some Name", [("dob", Some("1980"))]);
            let hits = [
                hit("un:QDi.1", 0.8 + i as f64 / 100.0),
                hit("us_ofac_sdn:123", 0.75),
            ];
            s.record_screening(&context, &subject, &hits).await.unwrap();
        }
        let q = |filter: AlertFilter| async move { s.alert_queue(&filter, 3, 0).await.unwrap() };
        let (page, total) = q(AlertFilter::default()).await;
        assert_eq!((page.len(), total), (3, 10), "{}", b.name);
        let (page, total) = s.alert_queue(&AlertFilter::default(), 3, 9).await.unwrap();
        assert_eq!((page.len(), total), (1, 10));
        let un = AlertFilter {
            list: Some("un".into()),
            ..AlertFilter::default()
        };
        assert_eq!(q(un).await.1, 5, "{}", b.name);
        let high = AlertFilter {
            min_score: Some(0.82),
            status: Some("open".into()),
            ..AlertFilter::default()
        };
        assert_eq!(q(high).await.1, 3, "{}", b.name);
        let one = AlertFilter {
            entity: Some("un:QDi.1".into()),
            subject: Some("c-2".into()),
            ..AlertFilter::default()
        };
        assert_eq!(q(one).await.1, 1, "{}", b.name);
        let today = vigil_core::date::rfc3339(std::time::SystemTime::now())[..10].to_string();
        let dated = AlertFilter {
            from: Some(today.clone()),
            to: Some(today.clone()),
            ..AlertFilter::default()
        };
        assert_eq!(q(dated).await.1, 10);
        let past = AlertFilter {
            to: Some("2001-01-01".into()),
            ..AlertFilter::default()
        };
        assert_eq!(q(past).await.1, 0);
        let bad = AlertFilter {
            from: Some("yesterday".into()),
            ..AlertFilter::default()
        };
        let e = s.alert_queue(&bad, 3, 0).await.unwrap_err();
        assert!(e.to_string().starts_with("from: "), "{e}");

        let d = s.dashboard("2001-01-01").await.unwrap();
        assert_eq!(d.screenings_per_day, [(today.clone(), 5)], "{}", b.name);
        assert_eq!(d.alerts_per_day, [(today, 10)]);
        assert_eq!(d.by_status, [("open".to_string(), 10)]);
        assert_eq!(
            d.by_list,
            [
                ("un".to_string(), "open".to_string(), 5),
                ("us_ofac_sdn".to_string(), "open".to_string(), 5)
            ]
        );
        assert_eq!(d.subjects, 5);
        let sub = s.subject("c-3").await.unwrap().unwrap();
        assert_eq!(sub.attributes["dob"], "1980");
        assert!(s.subject("nobody").await.unwrap().is_none());
    }
}
