//! Screening with memory, on both backends: alerts raised once, a
//! false-positive decision suppressing the same match until the subject or
//! the listed entity changes, true matches not re-raised, no lost update
//! when two analysts decide at once, and no half-written screening.

use crate::backends::backends;
use serde_json::json;
use vigil_store::{
    Decision, Error, MatchInput, Outcome, Review, ScreeningContext, Store, SubjectInput,
};

fn context() -> ScreeningContext {
    ScreeningContext {
        actor: "cli:test".into(),
        list_versions: json!([{"source": "un", "version": "66b392a40908"}]),
        engine_version: "0.0.0".into(),
        threshold: 0.75,
    }
}

fn subject(dob: &str) -> SubjectInput {
    SubjectInput {
        id: "customer-17".into(),
        name: "Abdul Manan Agha".into(),
        attributes: json!({"dob": dob, "country": "AF"}),
    }
}

fn hit(entity: &str, data: &str) -> MatchInput {
    MatchInput {
        entity_id: entity.into(),
        score: 0.91,
        matched_name: "ABDUL MANAN AGHA".into(),
        explanation: json!({"name": {"score": 0.91}}),
        entity_fingerprint: vigil_store::fingerprint(&data),
    }
}

fn decision(alert: i64, revision: i64, outcome: Outcome) -> Decision {
    Decision {
        alert_id: alert,
        actor: "analyst:ana".into(),
        outcome,
        reason: "date of birth 1980 against 1960 listed; nationality differs".into(),
        revision,
    }
}

async fn screen(store: &Store, dob: &str, hits: &[MatchInput]) -> vigil_store::Recorded {
    store
        .record_screening(&context(), &subject(dob), hits)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_are_remembered_until_something_changes() {
    for b in backends().await {
        let s = &b.store;
        let (a, c) = (hit("un:TAi.001", "v1"), hit("un:TAi.002", "v1"));
        let first = screen(s, "1980", &[a.clone(), c.clone()]).await;
        assert_eq!(first.raised.len(), 2, "{}", b.name);
        assert!(
            first
                .raised
                .iter()
                .all(|x| x.raised_because == "a new match")
        );
        let (fp_alert, tm_alert) = (first.raised[0].clone(), first.raised[1].clone());
        assert_eq!((fp_alert.status.as_str(), fp_alert.revision), ("open", 1));

        // The same screening again: nothing new.
        let again = screen(s, "1980", &[a.clone(), c.clone()]).await;
        assert!(again.raised.is_empty(), "{}: {again:?}", b.name);
        assert_eq!(again.still_open, [fp_alert.id, tm_alert.id]);

        // A false positive, with its reason: the same match is suppressed.
        let decided = s
            .decide(&decision(fp_alert.id, 1, Outcome::FalsePositive))
            .await
            .unwrap();
        assert_eq!(
            (decided.status.as_str(), decided.revision),
            ("false_positive", 2)
        );
        let quiet = screen(s, "1980", &[a.clone(), c.clone()]).await;
        assert!(quiet.raised.is_empty(), "{}", b.name);
        assert_eq!(quiet.suppressed, ["un:TAi.001"]);

        // The subject's date of birth changes: the alert comes back, saying why.
        let back = screen(s, "1981", std::slice::from_ref(&a)).await;
        assert_eq!(back.raised.len(), 1, "{}", b.name);
        assert_eq!(
            back.raised[0].raised_because,
            format!(
                "the subject's screened attributes changed since alert {} was decided a false positive",
                fp_alert.id
            )
        );
        s.decide(&decision(back.raised[0].id, 1, Outcome::FalsePositive))
            .await
            .unwrap();
        assert_eq!(
            screen(s, "1981", std::slice::from_ref(&a)).await.suppressed,
            ["un:TAi.001"]
        );
        // The listed entity changes (a new alias): back again.
        let changed = screen(s, "1981", &[hit("un:TAi.001", "v2")]).await;
        assert!(
            changed.raised[0]
                .raised_because
                .starts_with("the listed entity's data changed"),
            "{changed:?}"
        );

        // A true match is not raised again on the same data.
        s.decide(&decision(tm_alert.id, 1, Outcome::Escalated))
            .await
            .unwrap();
        // The four-eyes rule (on by default): a proposed true match waits
        // for someone else's approval.
        let proposed = s
            .decide(&decision(tm_alert.id, 2, Outcome::TrueMatch))
            .await
            .unwrap();
        assert_eq!(proposed.status, "pending_approval", "{}", b.name);
        let pending = screen(s, "1980", std::slice::from_ref(&c)).await;
        assert_eq!(pending.still_open, [tm_alert.id], "{}", b.name);
        let review = |actor: &str, approve: bool, revision: i64| Review {
            alert_id: tm_alert.id,
            actor: actor.into(),
            approve,
            reason: "passport number matches the listed one".into(),
            revision,
        };
        assert!(matches!(
            s.review(&review("analyst:ana", true, 3)).await,
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(
            s.decide(&decision(tm_alert.id, 3, Outcome::FalsePositive))
                .await,
            Err(Error::Conflict(_))
        ));
        let rejected = s.review(&review("supervisor:sam", false, 3)).await.unwrap();
        assert_eq!(rejected.status, "open");
        s.decide(&decision(tm_alert.id, 4, Outcome::TrueMatch))
            .await
            .unwrap();
        let approved = s.review(&review("supervisor:sam", true, 5)).await.unwrap();
        assert_eq!(
            (approved.status.as_str(), approved.revision),
            ("true_match", 6)
        );
        let confirmed = screen(s, "1980", std::slice::from_ref(&c)).await;
        assert!(confirmed.raised.is_empty(), "{}: {confirmed:?}", b.name);
        assert_eq!(confirmed.already_true_match, ["un:TAi.002"]);
        assert_eq!(s.decisions(tm_alert.id).await.unwrap().len(), 5);

        assert_eq!(
            s.alerts(Some("false_positive"), 10, 0).await.unwrap().len(),
            2
        );
        assert_eq!(s.alerts(None, 10, 0).await.unwrap().len(), 4);
        let v = s.verify_audit().await.unwrap();
        assert!(v.is_intact(), "{}: {v:?}", b.name);
        let kinds: Vec<String> = s
            .audit_events(0, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        for k in [
            "screening",
            "alert",
            "decision",
            "suppression",
            "suppression_lifted",
            "review",
        ] {
            assert!(
                kinds.iter().any(|x| x == k),
                "{}: no {k} event in {kinds:?}",
                b.name
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_analysts_deciding_at_once_one_wins() {
    for b in backends().await {
        let raised = screen(&b.store, "1980", &[hit("un:TAi.001", "v1")])
            .await
            .raised;
        let id = raised[0].id;
        let other = Store::open(&b.url).await.unwrap();
        let (fp, tm) = (
            decision(id, 1, Outcome::FalsePositive),
            decision(id, 1, Outcome::TrueMatch),
        );
        let (x, y) = tokio::join!(b.store.decide(&fp), other.decide(&tm));
        assert_eq!(
            x.is_ok() as u8 + y.is_ok() as u8,
            1,
            "{}: {x:?} {y:?}",
            b.name
        );
        let loser = x.err().or(y.err()).unwrap();
        assert!(matches!(loser, Error::Conflict(_)), "{loser}");
        assert_eq!(b.store.decisions(id).await.unwrap().len(), 1, "{}", b.name);

        // Stale revisions, decided alerts, missing reasons, unknown alerts.
        let e = b
            .store
            .decide(&decision(id, 2, Outcome::TrueMatch))
            .await
            .unwrap_err();
        // Decided (false positive) or awaiting approval (a true match under
        // the four-eyes rule), whichever won.
        let e = e.to_string();
        assert!(e.contains("already decided") || e.contains("awaits"), "{e}");
        let mut no_reason = decision(id, 2, Outcome::TrueMatch);
        no_reason.reason = "  ".into();
        let e = b.store.decide(&no_reason).await.unwrap_err();
        assert_eq!(e.to_string(), "reason: a decision needs a reason");
        let e = b
            .store
            .decide(&decision(9999, 1, Outcome::TrueMatch))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_screening_writes_nothing() {
    for b in backends().await {
        // The alerts table is gone: raising the alert fails after the
        // subject and the screening rows were written in the transaction.
        b.tamper("DROP TABLE suppressions").await;
        b.tamper("DROP TABLE decisions").await;
        b.tamper("DROP TABLE alerts").await;
        let e = b
            .store
            .record_screening(&context(), &subject("1980"), &[hit("un:TAi.001", "v1")])
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("database error while"),
            "{}: {e}",
            b.name
        );
        let mut raw = b.raw().await;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subjects")
            .fetch_one(&mut raw)
            .await
            .unwrap();
        assert_eq!(n, 0, "{}: a subject row was left", b.name);
        let events = b.store.audit_events(0, 10).await.unwrap();
        assert!(events.is_empty(), "{}: {events:?}", b.name);
    }
}
