//! Accounts, sessions and settings on both backends: Argon2 passwords,
//! lockout after repeated failures, sessions that end with sign-out, a
//! disabled account or a new password, and every sign-in, account and
//! setting change in the audit log.

use crate::backends::backends;
use vigil_store::{Error, Login, Role, UserChange};

const PASSWORD: &str = "a long enough passphrase";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sessions_and_lockout() {
    for b in backends().await {
        let s = &b.store;
        let ana = s
            .create_user("cli:root", "ana", "Ana Analyst", Role::Analyst, PASSWORD)
            .await
            .unwrap();
        assert_eq!((ana.role, ana.active), (Role::Analyst, true));
        let e = s
            .create_user("cli:root", "ana", "", Role::Admin, PASSWORD)
            .await
            .unwrap_err();
        assert!(e.to_string().starts_with("username: "), "{e}");
        let e = s
            .create_user("cli:root", "bob", "", Role::Admin, "short")
            .await
            .unwrap_err();
        assert!(e.to_string().starts_with("password: "), "{e}");

        assert_eq!(
            s.login("ana", "wrong password!", "127.0.0.1")
                .await
                .unwrap(),
            Login::Refused
        );
        assert_eq!(
            s.login("nobody", PASSWORD, "127.0.0.1").await.unwrap(),
            Login::Refused
        );
        let Login::Ok { token, session } = s.login("ana", PASSWORD, "127.0.0.1").await.unwrap()
        else {
            panic!("{}: ana cannot sign in", b.name)
        };
        assert_eq!(session.user.username, "ana");
        assert_eq!(session.csrf.len(), 64);
        let again = s.session(&token).await.unwrap().unwrap();
        assert_eq!(again.csrf, session.csrf);
        // The session's user is the account as stored (its own created_at,
        // not the session's).
        b.tamper("UPDATE users SET created_at = '2001-01-01T00:00:00Z' WHERE username = 'ana'")
            .await;
        let again = s.session(&token).await.unwrap().unwrap();
        assert_eq!(
            again.user,
            s.user("ana").await.unwrap().unwrap(),
            "{}",
            b.name
        );
        assert_eq!(again.user.created_at, "2001-01-01T00:00:00Z");
        assert_eq!(s.session("not a token").await.unwrap(), None);
        s.logout(&token).await.unwrap();
        assert_eq!(s.session(&token).await.unwrap(), None, "{}", b.name);

        // A new password ends the sessions; disabling refuses sign-in.
        let Login::Ok { token, .. } = s.login("ana", PASSWORD, "::1").await.unwrap() else {
            panic!()
        };
        let change = UserChange {
            password: Some("another long passphrase".into()),
            ..UserChange::default()
        };
        s.update_user("user:admin", "ana", &change).await.unwrap();
        assert_eq!(s.session(&token).await.unwrap(), None, "{}", b.name);
        let off = UserChange {
            active: Some(false),
            role: Some(Role::Supervisor),
            ..UserChange::default()
        };
        let ana = s.update_user("user:admin", "ana", &off).await.unwrap();
        assert_eq!((ana.role, ana.active), (Role::Supervisor, false));
        assert_eq!(
            s.login("ana", "another long passphrase", "::1")
                .await
                .unwrap(),
            Login::Refused
        );

        // Five wrong passwords lock the account, even for the right one.
        s.create_user("cli:root", "sam", "", Role::Supervisor, PASSWORD)
            .await
            .unwrap();
        for _ in 0..5 {
            assert_eq!(
                s.login("sam", "not the password", "::1").await.unwrap(),
                Login::Refused
            );
        }
        assert_eq!(
            s.login("sam", PASSWORD, "::1").await.unwrap(),
            Login::Refused
        );

        let events = s.audit_events(0, 1000).await.unwrap();
        let count = |k: &str| events.iter().filter(|e| e.event == k).count();
        assert_eq!(count("account_created"), 2, "{}", b.name);
        assert_eq!(count("account_changed"), 2);
        assert_eq!(count("login"), 2);
        assert_eq!(count("logout"), 1);
        assert_eq!(count("login_failed"), 9);
        let locked = events
            .iter()
            .rev()
            .find(|e| e.event == "login_failed")
            .unwrap();
        assert!(locked.payload.contains("locked"), "{}", locked.payload);
        assert!(events.iter().all(|e| !e.payload.contains(PASSWORD)));
        assert!(s.verify_audit().await.unwrap().is_intact());
        assert_eq!(s.users().await.unwrap().len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_audited() {
    for b in backends().await {
        let s = &b.store;
        assert!(s.four_eyes().await.unwrap(), "on by default");
        s.set_setting("user:admin", "four_eyes", "off")
            .await
            .unwrap();
        assert!(!s.four_eyes().await.unwrap());
        let e = s
            .set_setting("user:admin", "four_eyes", "maybe")
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid { .. }), "{e}");
        assert!(s.set_setting("user:admin", "colour", "red").await.is_err());
        let events = s.audit_events(0, 10).await.unwrap();
        assert_eq!(events.len(), 1, "{}", b.name);
        assert_eq!(events[0].event, "config_change");
        assert_eq!(events[0].object, "setting:four_eyes");
        assert!(
            events[0].payload.contains(r#""old":"on""#),
            "{}",
            events[0].payload
        );
    }
}
