//! The audit log: a chain that verifies, and every kind of tampering found
//! and named: an edited row, a deleted row, the newest rows deleted, a row
//! added behind vigil's back; concurrent writers never fork the chain.

use crate::backends::{Backend, backends};
use serde_json::json;
use vigil_store::{NewEvent, Store};

async fn five(store: &Store) {
    for i in 1..=5 {
        store
            .append_audit(NewEvent::new(
                "analyst:ana",
                "decision",
                &format!("alert:{i}"),
                json!({"outcome": "false_positive", "reason": format!("DOB differs ({i})")}),
            ))
            .await
            .unwrap();
    }
}

async fn broken_at(b: &Backend) -> (i64, &'static str, String) {
    let v = b.store.verify_audit().await.unwrap();
    let br = v
        .first_break
        .unwrap_or_else(|| panic!("{}: tampering not found", b.name));
    (br.seq, br.kind, br.message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chain_of_events_verifies() {
    for b in backends().await {
        let empty = b.store.verify_audit().await.unwrap();
        assert!(empty.is_intact() && empty.events == 0, "{}", b.name);
        five(&b.store).await;
        let v = b.store.verify_audit().await.unwrap();
        assert!(v.is_intact(), "{}: {v:?}", b.name);
        assert_eq!(v.events, 5);
        let events = b.store.audit_events(0, 100).await.unwrap();
        assert_eq!(events.len(), 5);
        assert_eq!(v.head, Some((5, events[4].hash.clone())));
        assert_eq!(events[0].prev_hash, vigil_store::audit::GENESIS);
        assert!(events.windows(2).all(|w| w[1].prev_hash == w[0].hash));
        assert_eq!(events[2].object, "alert:3");
        let payload: serde_json::Value = serde_json::from_str(&events[2].payload).unwrap();
        assert_eq!(payload["reason"], "DOB differs (3)");
        assert_eq!(b.store.audit_events(3, 1).await.unwrap()[0].seq, 4);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_row_is_named() {
    for b in backends().await {
        five(&b.store).await;
        b.tamper("UPDATE audit_log SET payload = '{\"outcome\":\"true_match\"}' WHERE seq = 3")
            .await;
        let (seq, kind, message) = broken_at(&b).await;
        assert_eq!((seq, kind), (3, "edited"), "{}: {message}", b.name);
        assert!(
            message.contains("row 3") && message.contains("alert:3"),
            "{message}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_actor_or_time_is_found_too() {
    for b in backends().await {
        five(&b.store).await;
        b.tamper("UPDATE audit_log SET actor = 'supervisor:sam' WHERE seq = 1")
            .await;
        assert_eq!(broken_at(&b).await.0, 1, "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_row_is_named() {
    for b in backends().await {
        five(&b.store).await;
        b.tamper("DELETE FROM audit_log WHERE seq = 2").await;
        let (seq, kind, message) = broken_at(&b).await;
        assert_eq!((seq, kind), (3, "deleted"), "{}: {message}", b.name);
        assert!(message.contains("row(s) 2 to 2"), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_the_newest_rows_is_found() {
    for b in backends().await {
        five(&b.store).await;
        b.tamper("DELETE FROM audit_log WHERE seq >= 4").await;
        let (seq, kind, _) = broken_at(&b).await;
        assert_eq!((seq, kind), (5, "truncated"), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_added_behind_vigils_back_is_found() {
    for b in backends().await {
        five(&b.store).await;
        let last = b.store.audit_events(4, 1).await.unwrap().remove(0);
        // A well-formed sixth row, chained to the fifth, hash and all; only
        // the head, written with every real append, does not know it.
        let mut forged = last.clone();
        forged.seq = 6;
        forged.prev_hash = last.hash.clone();
        forged.hash = forged.expected_hash();
        b.tamper(&format!(
            "INSERT INTO audit_log (seq, at, actor, event, object, payload, prev_hash, hash) \
             VALUES (6, '{}', '{}', '{}', '{}', '{}', '{}', '{}')",
            forged.at,
            forged.actor,
            forged.event,
            forged.object,
            forged.payload,
            forged.prev_hash,
            forged.hash
        ))
        .await;
        let (seq, kind, _) = broken_at(&b).await;
        assert_eq!((seq, kind), (5, "head_mismatch"), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_never_fork_the_chain() {
    for b in backends().await {
        // Two stores on one database stand for two processes.
        let other = Store::open(&b.url).await.unwrap();
        let mut tasks = Vec::new();
        for (w, store) in [b.store.clone(), other.clone(), b.store.clone(), other]
            .into_iter()
            .enumerate()
        {
            tasks.push(tokio::spawn(async move {
                for i in 0..25 {
                    store
                        .append_audit(NewEvent::new(
                            "server",
                            "screening",
                            &format!("w{w}-{i}"),
                            json!({}),
                        ))
                        .await
                        .unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let v = b.store.verify_audit().await.unwrap();
        assert!(v.is_intact(), "{}: {v:?}", b.name);
        assert_eq!(v.events, 100, "{}", b.name);
        assert_eq!(v.head.unwrap().0, 100);
    }
}
