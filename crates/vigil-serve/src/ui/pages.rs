//! The UI's pages: one handler per page or form, each building a template's
//! data from the store and the loaded lists.

use super::view::{Chart, Explanation, enc, entity_href, fill_days, status_text, two};
use super::{Chrome, UiError, Viewer, clear_cookie, render, session_cookie};
use crate::api::{Options, ScreenRequest, screen as run_screen};
use crate::state::AppState;
use crate::subjects::{record, subject_of};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;
use vigil_store::views::STATUSES;
use vigil_store::{AlertFilter, Decision, Login, Outcome, Review, Role, Store, UserChange};

const PAGE_SIZE: i64 = 50;
const ROLES: &[&str] = &["analyst", "supervisor", "admin"];
const DASHBOARD_DAYS: u32 = 30;

/// The case database, or a page saying there is none.
pub(super) fn store(state: &AppState) -> Result<&Store, UiError> {
    state.config.store.as_ref().ok_or_else(|| {
        UiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "This server has no case database, so the analyst pages are off.",
        )
    })
}

/// An optional form or query field: empty means absent.
fn given(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn days_ago(n: u32) -> String {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400 * u64::from(n));
    vigil_core::date::rfc3339(t)[..10].to_string()
}

/// Who the request came from, for the sign-in audit events: the peer's
/// address, and what a proxy says it forwarded for.
fn client(headers: &HeaderMap) -> String {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let peer = text(super::CLIENT_HEADER).unwrap_or("unknown");
    match text("x-forwarded-for") {
        Some(f) if !f.trim().is_empty() => format!("{peer} (forwarded for {})", f.trim()),
        _ => peer.to_string(),
    }
}

// ------------------------------------------------------------- sign-in

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    username: String,
    error: Option<String>,
    no_accounts: bool,
}

#[derive(Deserialize)]
pub(super) struct NextQuery {
    next: Option<String>,
}

/// Where to go after signing in: a page of the UI, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/ui/") && !n.starts_with("//") && !n.contains('\\') => {
            n.to_string()
        }
        _ => "/ui/".to_string(),
    }
}

pub(super) async fn login_form(
    State(state): State<Arc<AppState>>,
    Query(q): Query<NextQuery>,
) -> Result<Response, UiError> {
    let store = store(&state)?;
    let no_accounts = store.users().await?.is_empty();
    Ok(render(&LoginPage {
        chrome: Chrome::default(),
        next: safe_next(q.next.as_deref()),
        username: String::new(),
        error: None,
        no_accounts,
    }))
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub(super) async fn login(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, UiError> {
    let store = store(&state)?;
    let next = safe_next(f.next.as_deref());
    let refused = |message: &str| {
        let page = LoginPage {
            chrome: Chrome::default(),
            next: next.clone(),
            username: f.username.clone(),
            error: Some(message.to_string()),
            no_accounts: false,
        };
        (StatusCode::UNAUTHORIZED, render(&page)).into_response()
    };
    if f.username.trim().is_empty() || f.password.is_empty() {
        return Ok(refused("Username and Password are both required."));
    }
    match store
        .login(&f.username, &f.password, &client(&headers))
        .await?
    {
        Login::Ok { token, .. } => {
            let cookie = session_cookie(&token, state.config.secure_cookies);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
        }
        Login::Refused => Ok(refused(
            "Wrong username or password, or the account is locked or disabled.",
        )),
    }
}

#[derive(Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub(super) async fn logout(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Form(f): Form<CsrfForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    store(&state)?.logout(&viewer.token).await?;
    Ok((
        [(header::SET_COOKIE, clear_cookie())],
        Redirect::to("/ui/login"),
    )
        .into_response())
}

// ----------------------------------------------------------- dashboard

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    subjects: i64,
    open: i64,
    pending: i64,
    decided: i64,
    entities: usize,
    lists: usize,
    charts: Vec<Chart>,
}

pub(super) async fn dashboard(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
) -> Result<Response, UiError> {
    let store = store(&state)?;
    let since = days_ago(DASHBOARD_DAYS - 1);
    let d = store.dashboard(&since).await?;
    let count = |statuses: &[&str]| -> i64 {
        d.by_status
            .iter()
            .filter(|(s, _)| statuses.contains(&s.as_str()))
            .map(|(_, n)| n)
            .sum()
    };
    let open = count(&["open", "escalated"]);
    let pending = count(&["pending_approval"]);
    let decided = count(&["true_match", "false_positive"]);
    let by_status: Vec<(String, Vec<(String, i64)>)> = vec![
        (
            "to decide".to_string(),
            vec![
                ("open".to_string(), count(&["open"])),
                ("escalated".to_string(), count(&["escalated"])),
                ("pending approval".to_string(), pending),
            ],
        ),
        (
            "decided".to_string(),
            vec![
                ("true match".to_string(), count(&["true_match"])),
                ("false positive".to_string(), count(&["false_positive"])),
            ],
        ),
    ];
    let mut by_list: Vec<(String, Vec<(String, i64)>)> = Vec::new();
    for (list, status, n) in &d.by_list {
        let label = if list.is_empty() { "(none)" } else { list };
        match by_list.iter_mut().find(|(l, _)| l == label) {
            Some((_, segs)) => segs.push((status_text(status), *n)),
            None => by_list.push((label.to_string(), vec![(status_text(status), *n)])),
        }
    }
    let snapshot = state.snapshot();
    let charts = vec![
        Chart::per_day(
            &format!("Screenings per day, last {DASHBOARD_DAYS} days"),
            "screenings",
            &fill_days(&since, DASHBOARD_DAYS, &d.screenings_per_day),
        ),
        Chart::per_day(
            &format!("Alerts raised per day, last {DASHBOARD_DAYS} days"),
            "alerts",
            &fill_days(&since, DASHBOARD_DAYS, &d.alerts_per_day),
        ),
        Chart::stacked("Alerts to decide and decided", &by_status),
        Chart::stacked("Alert outcomes by list", &by_list),
    ];
    Ok(render(&DashboardPage {
        chrome: viewer.chrome("dashboard"),
        subjects: d.subjects,
        open,
        pending,
        decided,
        entities: snapshot.index.stats().entities,
        lists: snapshot.lists.len(),
        charts,
    }))
}

// -------------------------------------------------------------- screen

/// A match as the screening page shows it.
struct MatchView {
    entity_id: String,
    href: String,
    caption: String,
    list: String,
    schema: String,
    score: String,
    /// The explanation, as HTML.
    explanation: String,
}

/// What recording a screening did.
struct RecordedView {
    subject_id: String,
    raised: Vec<(i64, String)>,
    suppressed: Vec<(String, String)>,
    still_open: Vec<i64>,
    already_true_match: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "screen.html")]
struct ScreenPage {
    chrome: Chrome,
    form: ScreenForm,
    error: Option<String>,
    screened: bool,
    warnings: Vec<String>,
    threshold: String,
    matches: Vec<MatchView>,
    recorded: Option<RecordedView>,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct ScreenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    dob: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    subject_id: String,
    #[serde(default)]
    schema: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    identifier: String,
}

impl ScreenForm {
    /// The options of a select, each with whether the form chose it.
    fn options(value: &str, choices: &[&'static str]) -> Vec<(&'static str, bool)> {
        choices.iter().map(|c| (*c, *c == value)).collect()
    }

    fn schemas(&self) -> Vec<(&'static str, bool)> {
        ScreenForm::options(
            &self.schema,
            &["person", "organization", "vessel", "aircraft"],
        )
    }

    fn genders(&self) -> Vec<(&'static str, bool)> {
        ScreenForm::options(&self.gender, &["female", "male"])
    }
}

pub(super) async fn screen_form(viewer: Viewer) -> Response {
    render(&ScreenPage {
        chrome: viewer.chrome("screen"),
        form: ScreenForm::default(),
        error: None,
        screened: false,
        warnings: Vec::new(),
        threshold: String::new(),
        matches: Vec::new(),
        recorded: None,
    })
}

pub(super) async fn screen(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Form(f): Form<ScreenForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    let mut page = ScreenPage {
        chrome: viewer.chrome("screen"),
        form: f.clone(),
        error: None,
        screened: false,
        warnings: Vec::new(),
        threshold: String::new(),
        matches: Vec::new(),
        recorded: None,
    };
    match screen_and_record(&state, &viewer, &f).await {
        Ok((warnings, threshold, matches, recorded)) => {
            page.screened = true;
            page.warnings = warnings;
            page.threshold = threshold;
            page.matches = matches;
            page.recorded = recorded;
            Ok(render(&page))
        }
        Err(e) => {
            let status = e.status;
            page.error = Some(e.message);
            Ok((status, render(&page)).into_response())
        }
    }
}

type Screened = (Vec<String>, String, Vec<MatchView>, Option<RecordedView>);

async fn screen_and_record(
    state: &AppState,
    viewer: &Viewer,
    f: &ScreenForm,
) -> Result<Screened, UiError> {
    let field = |v: &str| {
        let v = v.trim();
        (!v.is_empty()).then(|| serde_json::Value::String(v.to_string()))
    };
    let mut body = serde_json::json!({ "name": f.name.trim() });
    if let Some(d) = field(&f.dob) {
        body["dob"] = d;
    }
    if let Some(c) = field(&f.country) {
        body["country"] = c;
    }
    if let Some(x) = field(&f.schema) {
        body["schema"] = x;
    }
    if let Some(g) = field(&f.gender) {
        body["gender"] = g;
    }
    if let Some(i) = field(&f.identifier) {
        body["identifiers"] = serde_json::Value::Array(vec![i]);
    }
    if f.name.trim().is_empty() {
        return Err(UiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Name: give the name to screen.",
        ));
    }
    let req: ScreenRequest = serde_json::from_value(body)
        .map_err(|e| UiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let query = req.prepare_query().map_err(UiError::from)?;
    let options = Options::new(None, Some(10)).map_err(UiError::from)?;
    let snapshot = state.snapshot();
    let hits = run_screen(&snapshot, &query, options);
    let matches = hits
        .iter()
        .map(|h| MatchView {
            entity_id: h.entity.id.clone(),
            href: entity_href(&h.entity.id),
            caption: h.entity.caption().to_string(),
            list: h.entity.source.clone(),
            schema: serde_label(&h.entity.schema),
            score: two(f64::from(h.scored.score)),
            explanation: Explanation::of(
                &serde_json::to_value(&h.scored.explanation).unwrap_or_default(),
            )
            .html(),
        })
        .collect();
    let subject_id = f.subject_id.trim();
    let recorded = if subject_id.is_empty() {
        None
    } else {
        let store = store(state)?;
        let subject = subject_of(subject_id, &req);
        let r = record(
            store,
            &snapshot,
            viewer.actor(),
            &subject,
            &hits,
            options.threshold,
        )
        .await
        .map_err(UiError::from)?;
        let caption = |id: &str| {
            snapshot.by_id.get(id).map_or_else(
                || id.to_string(),
                |&i| snapshot.index.entities()[i as usize].caption().to_string(),
            )
        };
        Some(RecordedView {
            subject_id: subject_id.to_string(),
            raised: r
                .raised
                .iter()
                .map(|a| (a.id, a.raised_because.clone()))
                .collect(),
            suppressed: r
                .suppressed
                .iter()
                .map(|e| (entity_href(e), caption(e)))
                .collect(),
            still_open: r.still_open.clone(),
            already_true_match: r
                .already_true_match
                .iter()
                .map(|e| (entity_href(e), caption(e)))
                .collect(),
        })
    };
    Ok((
        query.warnings.clone(),
        two(f64::from(options.threshold)),
        matches,
        recorded,
    ))
}

// -------------------------------------------------------------- alerts

/// A row of the queue.
struct AlertRow {
    id: i64,
    status: String,
    status_class: String,
    score: String,
    subject_id: String,
    entity_id: String,
    entity_href: String,
    matched_name: String,
    raised: String,
}

fn alert_row(a: &vigil_store::Alert) -> AlertRow {
    AlertRow {
        id: a.id,
        status: status_text(&a.status),
        status_class: a.status.clone(),
        score: two(a.score),
        subject_id: a.subject_id.clone(),
        entity_href: entity_href(&a.entity_id),
        entity_id: a.entity_id.clone(),
        matched_name: a.matched_name.clone(),
        raised: a
            .created_at
            .replace('T', " ")
            .trim_end_matches('Z')
            .to_string(),
    }
}

#[derive(Template)]
#[template(path = "alert_rows.html")]
struct AlertTable<'a> {
    caption: &'a str,
    rows: Vec<AlertRow>,
}

/// Alerts as an HTML table.
fn alert_table(caption: &str, alerts: &[vigil_store::Alert]) -> String {
    AlertTable {
        caption,
        rows: alerts.iter().map(alert_row).collect(),
    }
    .render()
    .unwrap_or_default()
}

#[derive(Deserialize, Default)]
pub(super) struct QueueQuery {
    status: Option<String>,
    list: Option<String>,
    min_score: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    chrome: Chrome,
    statuses: Vec<(&'static str, String, bool)>,
    list: String,
    lists: Vec<String>,
    min_score: String,
    from: String,
    to: String,
    error: Option<String>,
    /// The queue's table, as HTML.
    table: String,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
}

pub(super) async fn alerts(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Query(q): Query<QueueQuery>,
) -> Result<Response, UiError> {
    let store = store(&state)?;
    let status = given(&q.status);
    let mut error = None;
    let min_score = match given(&q.min_score).map(|s| s.parse::<f64>()) {
        None => None,
        Some(Ok(m)) => Some(m),
        Some(Err(_)) => {
            error = Some("Minimum score: expected a number from 0 to 1.".to_string());
            None
        }
    };
    let page: i64 = given(&q.page)
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let filter = AlertFilter {
        status: status.clone(),
        list: given(&q.list),
        min_score,
        from: given(&q.from),
        to: given(&q.to),
        ..AlertFilter::default()
    };
    let (alerts, total) = if error.is_some() {
        (Vec::new(), 0)
    } else {
        match store
            .alert_queue(&filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            .await
        {
            Ok(x) => x,
            Err(vigil_store::Error::Invalid { field, message }) => {
                error = Some(format!("{}: {message}.", field_label(&field)));
                (Vec::new(), 0)
            }
            Err(e) => return Err(e.into()),
        }
    };
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let link = |p: i64| {
        let mut parts = Vec::new();
        for (k, v) in [
            ("status", &filter.status),
            ("list", &filter.list),
            ("min_score", &given(&q.min_score)),
            ("from", &filter.from),
            ("to", &filter.to),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        parts.push(format!("page={p}"));
        format!("/ui/alerts?{}", parts.join("&"))
    };
    let snapshot = state.snapshot();
    let mut lists: Vec<String> = snapshot
        .lists
        .iter()
        .map(|l| l.summary.source.clone())
        .collect();
    lists.dedup();
    Ok(render(&AlertsPage {
        chrome: viewer.chrome("alerts"),
        statuses: STATUSES
            .iter()
            .map(|s| (*s, status_text(s), status.as_deref() == Some(*s)))
            .collect(),
        list: filter.list.clone().unwrap_or_default(),
        lists,
        min_score: given(&q.min_score).unwrap_or_default(),
        from: filter.from.clone().unwrap_or_default(),
        to: filter.to.clone().unwrap_or_default(),
        error,
        table: alert_table("Alerts, newest first", &alerts),
        total,
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    }))
}

/// A field's name as its form label says it.
pub(super) fn field_label(field: &str) -> &str {
    match field {
        "min_score" => "Minimum score",
        "from" => "From",
        "to" => "To",
        "status" => "Status",
        "reason" => "Reason",
        "username" => "Username",
        "password" => "Password",
        "role" => "Role",
        "dob" => "Date of birth",
        "country" => "Country",
        "schema" => "Kind",
        "gender" => "Gender",
        "name" => "Name",
        other if other.starts_with("identifiers") => "Identifier",
        other => other,
    }
}

/// One event of an alert's history.
struct HistoryRow {
    at: String,
    event: String,
    actor: String,
    outcome: String,
    detail: String,
}

/// An event's details in a line: its plain values, leaving out the long
/// ones (list versions, fingerprints), which `vigil audit export` has.
fn summary(payload: &serde_json::Value) -> String {
    let Some(obj) = payload.as_object() else {
        return payload.to_string();
    };
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(v.to_string()),
        _ => None,
    };
    obj.iter()
        .filter(|(k, _)| !k.ends_with("fingerprint") && k.as_str() != "list_versions")
        .filter_map(|(k, v)| {
            let text = match v {
                serde_json::Value::Array(items) if items.len() <= 8 => {
                    let items: Option<Vec<String>> = items.iter().map(scalar).collect();
                    items.map(|i| i.join(", "))
                }
                other => scalar(other),
            }?;
            Some(format!("{}: {text}", k.replace('_', " ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn history_row(e: &vigil_store::AuditEvent) -> HistoryRow {
    let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
    let text = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let (outcome, detail) = match e.event.as_str() {
        "decision" | "review" => (status_text(&text("outcome")), text("reason")),
        "alert" => ("raised".to_string(), text("because")),
        _ => (String::new(), summary(&p)),
    };
    HistoryRow {
        at: e.at.replace('T', " ").trim_end_matches('Z').to_string(),
        event: e.event.clone(),
        actor: e.actor.clone(),
        outcome,
        detail,
    }
}

#[derive(Template)]
#[template(path = "alert.html")]
struct AlertPage {
    chrome: Chrome,
    alert: AlertRow,
    revision: i64,
    raised_because: String,
    subject_name: String,
    subject_attributes: Vec<(String, String)>,
    entity: Option<EntityView>,
    /// The explanation as it was when raised, as HTML.
    explanation: String,
    can_decide: bool,
    pending: bool,
    can_review: bool,
    error: Option<String>,
    done: Option<String>,
    history: Vec<HistoryRow>,
    /// The subject's other alerts, as an HTML table.
    others: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct DoneQuery {
    done: Option<String>,
}

pub(super) async fn alert(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, UiError> {
    let done = given(&q.done).map(|d| match d.as_str() {
        "decided" => "Decision recorded.".to_string(),
        "reviewed" => "Review recorded.".to_string(),
        other => other.to_string(),
    });
    alert_page(&state, &viewer, id, None, done).await
}

async fn alert_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    error: Option<(StatusCode, String)>,
    done: Option<String>,
) -> Result<Response, UiError> {
    let store = store(state)?;
    let Some(a) = store.alert(id).await? else {
        return Err(UiError::new(
            StatusCode::NOT_FOUND,
            format!("There is no alert #{id}."),
        ));
    };
    let subject = store.subject(&a.subject_id).await?;
    let history = store.audit_events_for(&format!("alert:{id}")).await?;
    let (others, _) = store
        .alert_queue(
            &AlertFilter {
                subject: Some(a.subject_id.clone()),
                ..AlertFilter::default()
            },
            20,
            0,
        )
        .await?;
    let snapshot = state.snapshot();
    let entity = snapshot
        .by_id
        .get(&a.entity_id)
        .map(|&i| entity_view(&snapshot, i as usize));
    let attributes = subject
        .as_ref()
        .and_then(|s| s.attributes.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            (
                k.replace('_', " "),
                v.as_str().map_or_else(|| v.to_string(), str::to_string),
            )
        })
        .collect();
    let pending = a.status == "pending_approval";
    let page = AlertPage {
        chrome: viewer.chrome("alerts"),
        revision: a.revision,
        raised_because: a.raised_because.clone(),
        subject_name: subject.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
        subject_attributes: attributes,
        entity,
        explanation: Explanation::of_text(&a.explanation).html(),
        can_decide: matches!(a.status.as_str(), "open" | "escalated"),
        pending,
        can_review: pending && viewer.user.role >= Role::Supervisor,
        error: error.as_ref().map(|e| e.1.clone()),
        done,
        history: history.iter().map(history_row).collect(),
        others: {
            let others: Vec<_> = others.into_iter().filter(|o| o.id != a.id).collect();
            (!others.is_empty()).then(|| alert_table("The subject's other alerts", &others))
        },
        alert: alert_row(&a),
    };
    let status = error.map_or(StatusCode::OK, |e| e.0);
    Ok((status, render(&page)).into_response())
}

#[derive(Deserialize)]
pub(super) struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    revision: i64,
}

pub(super) async fn decide(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<DecideForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    let outcome = match f.outcome.as_str() {
        "false_positive" => Some(Outcome::FalsePositive),
        "true_match" => Some(Outcome::TrueMatch),
        "escalated" => Some(Outcome::Escalated),
        _ => None,
    };
    let result = match outcome {
        None => Err(choose(
            "Outcome: choose False positive, True match or Escalate.",
        )),
        Some(outcome) => {
            let decision = Decision {
                alert_id: id,
                actor: viewer.actor(),
                outcome,
                reason: f.reason.trim().to_string(),
                revision: f.revision,
            };
            match store(&state)?.decide(&decision).await {
                Ok(_) => Ok(()),
                Err(e) => Err(form_error(e)?),
            }
        }
    };
    after_alert_form(&state, &viewer, id, result, "decided").await
}

/// A choice the form did not make.
fn choose(message: &str) -> (StatusCode, String) {
    (StatusCode::UNPROCESSABLE_ENTITY, message.to_string())
}

/// After a form on an alert: back to its page saying it was done, or its
/// page again with what was wrong.
async fn after_alert_form(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    result: Result<(), (StatusCode, String)>,
    done: &str,
) -> Result<Response, UiError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/ui/alerts/{id}?done={done}")).into_response()),
        Err(e) => alert_page(state, viewer, id, Some(e), None).await,
    }
}

/// A store error a form can show on its page (a field, a conflict, a
/// rule); any other is an error page.
fn form_error(e: vigil_store::Error) -> Result<(StatusCode, String), UiError> {
    match e {
        vigil_store::Error::Invalid { field, message } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{}: {message}.", field_label(&field)),
        )),
        vigil_store::Error::Conflict(m) => Ok((
            StatusCode::CONFLICT,
            format!(
                "Not recorded: someone else changed this alert first ({m}). Read it again below."
            ),
        )),
        vigil_store::Error::Forbidden(m) => {
            Ok((StatusCode::FORBIDDEN, format!("Not recorded: {m}.")))
        }
        other => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub(super) struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    revision: i64,
}

pub(super) async fn review(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    viewer.require(Role::Supervisor)?;
    let approve = match f.verdict.as_str() {
        "approve" => Some(true),
        "reject" => Some(false),
        _ => None,
    };
    let result = match approve {
        None => Err(choose("Verdict: choose Approve or Reject.")),
        Some(approve) => {
            let r = Review {
                alert_id: id,
                actor: viewer.actor(),
                approve,
                reason: f.reason.trim().to_string(),
                revision: f.revision,
            };
            match store(&state)?.review(&r).await {
                Ok(_) => Ok(()),
                Err(e) => Err(form_error(e)?),
            }
        }
    };
    after_alert_form(&state, &viewer, id, result, "reviewed").await
}

// ------------------------------------------------------------ entities

/// A listed entity, ready to show.
struct EntityView {
    id: String,
    href: String,
    caption: String,
    schema: String,
    list: String,
    version: String,
    names: Vec<(String, String, String)>,
    facts: Vec<(String, String)>,
}

/// A value's serialized name as people read it (`original_script` →
/// `original script`).
fn serde_label(v: &impl serde::Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn entity_view(snapshot: &crate::state::Snapshot, i: usize) -> EntityView {
    let e = &snapshot.index.entities()[i];
    let info = snapshot.list_info_of(i);
    let value = serde_json::to_value(e).unwrap_or_default();
    let mut facts = Vec::new();
    if let Some(obj) = value.as_object() {
        for (k, v) in obj {
            if matches!(k.as_str(), "id" | "names" | "source" | "schema") {
                continue;
            }
            if k == "birth_dates" {
                let dates: Vec<String> = e.birth_dates.iter().map(ToString::to_string).collect();
                facts.push(("birth dates".to_string(), dates.join("; ")));
                continue;
            }
            let text = match v {
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|x| match x {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Object(o) => o
                            .values()
                            .filter(|v| !v.is_null())
                            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                            .collect::<Vec<_>>()
                            .join(" "),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !text.is_empty() {
                facts.push((k.replace('_', " "), text));
            }
        }
    }
    EntityView {
        id: e.id.clone(),
        href: entity_href(&e.id),
        caption: e.caption().to_string(),
        schema: serde_label(&e.schema),
        list: info.summary.source.clone(),
        version: info.version.clone(),
        names: e
            .names
            .iter()
            .map(|n| (n.full.clone(), serde_label(&n.kind), serde_label(&n.script)))
            .collect(),
        facts,
    }
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage {
    chrome: Chrome,
    entity: EntityView,
    /// Alerts on the entity, as an HTML table.
    alerts: Option<String>,
}

pub(super) async fn entity(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, UiError> {
    let snapshot = state.snapshot();
    let Some(&i) = snapshot.by_id.get(&id) else {
        return Err(UiError::new(
            StatusCode::NOT_FOUND,
            format!("No entity {id:?} is on the loaded lists (it may have been removed)."),
        ));
    };
    let (alerts, _) = store(&state)?
        .alert_queue(
            &AlertFilter {
                entity: Some(id.clone()),
                ..AlertFilter::default()
            },
            PAGE_SIZE,
            0,
        )
        .await?;
    Ok(render(&EntityPage {
        chrome: viewer.chrome("screen"),
        entity: entity_view(&snapshot, i as usize),
        alerts: (!alerts.is_empty()).then(|| alert_table("Alerts on this entity", &alerts)),
    }))
}

// --------------------------------------------------------------- lists

struct LoadedList {
    source: String,
    format: String,
    version: String,
    published: String,
    entities: usize,
    names: usize,
    diagnostics: usize,
    loaded_at: String,
}

struct StoredSource {
    source: String,
    versions: Vec<(String, bool, String, String, usize)>,
    history: Vec<(String, String, String)>,
    has_previous: bool,
    changes_href: String,
}

#[derive(Template)]
#[template(path = "lists.html")]
struct ListsPage {
    chrome: Chrome,
    loaded: Vec<LoadedList>,
    problems: Vec<(String, String)>,
    generation: u64,
    loaded_at: String,
    last_reload: String,
    stored: Vec<StoredSource>,
    data_dir: String,
    done: Option<String>,
}

pub(super) async fn lists(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Query(q): Query<DoneQuery>,
) -> Result<Response, UiError> {
    let snapshot = state.snapshot();
    let reload = state.last_reload();
    let last_reload = match (reload.outcome, &reload.at) {
        (Some(o), Some(at)) => format!("{o} at {at}"),
        _ => "none since the server started".to_string(),
    };
    let done = given(&q.done).map(|d| match d.as_str() {
        "reloaded" => format!(
            "Reloaded: {} list(s), load {} ({last_reload}).",
            snapshot.lists.len(),
            snapshot.generation
        ),
        "failed" => {
            format!("The reload failed; the lists loaded before are still served ({last_reload}).")
        }
        other => other.to_string(),
    });
    let data_dir = state.config.data_dir.clone();
    let stored = match &data_dir {
        Some(dir) => {
            let dir = dir.clone();
            tokio::task::spawn_blocking(move || stored_sources(&dir))
                .await
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    Ok(render(&ListsPage {
        chrome: viewer.chrome("lists"),
        loaded: snapshot
            .lists
            .iter()
            .map(|l| LoadedList {
                source: l.summary.source.clone(),
                format: serde_label(&l.summary.format),
                version: l.version.clone(),
                published: l
                    .summary
                    .published
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                entities: l.summary.entities,
                names: l.summary.names,
                diagnostics: l.summary.diagnostics,
                loaded_at: l.loaded_at.clone(),
            })
            .collect(),
        problems: snapshot
            .errors
            .iter()
            .map(|p| (p.path.clone(), p.message.clone()))
            .collect(),
        generation: snapshot.generation,
        loaded_at: snapshot.loaded_at.clone(),
        last_reload,
        stored,
        data_dir: data_dir
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        done,
    }))
}

fn stored_sources(dir: &std::path::Path) -> Vec<StoredSource> {
    let store = vigil_sources::Store::new(dir);
    let Ok(sources) = store.sources() else {
        return Vec::new();
    };
    sources
        .into_iter()
        .map(|source| {
            let versions = store.versions(&source).unwrap_or_default();
            let mut history = store.history(&source).unwrap_or_default();
            history.reverse();
            history.truncate(10);
            StoredSource {
                has_previous: versions.len() > 1,
                changes_href: format!("/ui/lists/{}/changes", enc(&source)),
                versions: versions
                    .iter()
                    .map(|v| {
                        (
                            v.manifest.short_id().to_string(),
                            v.current,
                            v.manifest.downloaded_at.clone(),
                            v.manifest
                                .published
                                .map(|p| p.to_string())
                                .unwrap_or_default(),
                            v.manifest.entities,
                        )
                    })
                    .collect(),
                history: history
                    .into_iter()
                    .map(|h| (h.at, h.event, h.detail.unwrap_or_default()))
                    .collect(),
                source,
            }
        })
        .collect()
}

pub(super) async fn reload(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Form(f): Form<CsrfForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    viewer.require(Role::Admin)?;
    let status = state.reload().await;
    let ok = status.outcome == Some("ok");
    store(&state)?
        .append_audit(vigil_store::NewEvent::new(
            &viewer.actor(),
            "lists_reload",
            "lists",
            serde_json::json!({
                "outcome": status.outcome, "generation": state.snapshot().generation,
                "errors": status.errors.iter().map(|e| format!("{}: {}", e.path, e.message)).collect::<Vec<_>>(),
            }),
        ))
        .await?;
    Ok(Redirect::to(if ok {
        "/ui/lists?done=reloaded"
    } else {
        "/ui/lists?done=failed"
    })
    .into_response())
}

struct ChangeRow {
    id: String,
    href: Option<String>,
    caption: String,
    fields: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "changes.html")]
struct ChangesPage {
    chrome: Chrome,
    source: String,
    old: String,
    new: String,
    added: Vec<ChangeRow>,
    removed: Vec<ChangeRow>,
    changed: Vec<ChangeRow>,
    unchanged: usize,
}

pub(super) async fn changes(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Path(source): Path<String>,
) -> Result<Response, UiError> {
    let Some(dir) = state.config.data_dir.clone() else {
        return Err(UiError::new(
            StatusCode::NOT_FOUND,
            "This server keeps no list versions (it serves list files given to it).",
        ));
    };
    let src = source.clone();
    let computed = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let store = vigil_sources::Store::new(&dir);
        let new = store
            .current(&src)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no stored version of {src}"))?;
        let old = store
            .previous(&src)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{src} has a single version: nothing to compare"))?;
        let load = |v: &vigil_sources::Version| {
            let loaded = vigil_lists::load_path(&v.files_dir, Some(&v.manifest.source));
            loaded
                .lists
                .into_iter()
                .next()
                .map(|l| l.entities)
                .ok_or_else(|| format!("version {} does not load", v.manifest.short_id()))
        };
        let d = vigil_lists::diff(&load(&old)?, &load(&new)?);
        Ok((
            old.manifest.short_id().to_string(),
            new.manifest.short_id().to_string(),
            d,
        ))
    })
    .await
    .map_err(|e| UiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let (old, new, d) = computed.map_err(|m| UiError::new(StatusCode::NOT_FOUND, m))?;
    let snapshot = state.snapshot();
    let href = |id: &str| snapshot.by_id.contains_key(id).then(|| entity_href(id));
    let refs = |v: &[vigil_lists::EntityRef]| -> Vec<ChangeRow> {
        v.iter()
            .map(|r| ChangeRow {
                href: href(&r.id),
                id: r.id.clone(),
                caption: r.caption.clone(),
                fields: Vec::new(),
            })
            .collect()
    };
    Ok(render(&ChangesPage {
        chrome: viewer.chrome("lists"),
        source,
        old,
        new,
        added: refs(&d.added),
        removed: refs(&d.removed),
        changed: d
            .changed
            .iter()
            .map(|c| ChangeRow {
                href: href(&c.id),
                id: c.id.clone(),
                caption: c.caption.clone(),
                fields: c
                    .fields
                    .iter()
                    .map(|f| {
                        (
                            f.field.as_str().to_string(),
                            f.removed.join("; "),
                            f.added.join("; "),
                        )
                    })
                    .collect(),
            })
            .collect(),
        unchanged: d.unchanged,
    }))
}

// ----------------------------------------------------- accounts, settings

struct UserRow {
    username: String,
    display_name: String,
    active: bool,
    created_at: String,
    action: String,
    /// Each role, and whether it is this account's.
    roles: Vec<(&'static str, bool)>,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    roles: &'static [&'static str],
    error: Option<String>,
    done: Option<String>,
    min_password: usize,
}

async fn users_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<(StatusCode, String)>,
    done: Option<String>,
) -> Result<Response, UiError> {
    viewer.require(Role::Admin)?;
    let users = store(state)?.users().await?;
    let page = UsersPage {
        chrome: viewer.chrome("users"),
        users: users
            .into_iter()
            .map(|u| UserRow {
                action: format!("/ui/users/{}", enc(&u.username)),
                roles: ROLES.iter().map(|r| (*r, *r == u.role.as_str())).collect(),
                username: u.username,
                display_name: u.display_name,
                active: u.active,
                created_at: u.created_at,
            })
            .collect(),
        roles: ROLES,
        error: error.as_ref().map(|e| e.1.clone()),
        done,
        min_password: vigil_store::accounts::MIN_PASSWORD_CHARS,
    };
    Ok((error.map_or(StatusCode::OK, |e| e.0), render(&page)).into_response())
}

pub(super) async fn users(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Query(q): Query<DoneQuery>,
) -> Result<Response, UiError> {
    users_page(&state, &viewer, None, given(&q.done)).await
}

#[derive(Deserialize)]
pub(super) struct AddUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub(super) async fn add_user(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Form(f): Form<AddUserForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    viewer.require(Role::Admin)?;
    let made = match Role::parse(&f.role) {
        Ok(role) => {
            store(&state)?
                .create_user(
                    &viewer.actor(),
                    f.username.trim(),
                    &f.display_name,
                    role,
                    &f.password,
                )
                .await
        }
        Err(e) => Err(e),
    };
    match made {
        Ok(u) => Ok(Redirect::to(&format!(
            "/ui/users?done={}",
            enc(&format!("Account {} made.", u.username))
        ))
        .into_response()),
        Err(e) => users_page(&state, &viewer, Some(form_error(e)?), None).await,
    }
}

#[derive(Deserialize)]
pub(super) struct ChangeUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    active: Option<String>,
    #[serde(default)]
    password: String,
}

pub(super) async fn change_user(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Path(name): Path<String>,
    Form(f): Form<ChangeUserForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    viewer.require(Role::Admin)?;
    let role = match Role::parse(&f.role) {
        Ok(r) => r,
        Err(e) => return users_page(&state, &viewer, Some(form_error(e)?), None).await,
    };
    let active = f.active.is_some();
    if name == viewer.user.username && (!active || role < Role::Admin) {
        let e = "You cannot disable your own account or take away your own admin role.".to_string();
        return users_page(
            &state,
            &viewer,
            Some((StatusCode::UNPROCESSABLE_ENTITY, e)),
            None,
        )
        .await;
    }
    let change = UserChange {
        role: Some(role),
        active: Some(active),
        password: (!f.password.is_empty()).then(|| f.password.clone()),
    };
    match store(&state)?
        .update_user(&viewer.actor(), &name, &change)
        .await
    {
        Ok(u) => Ok(Redirect::to(&format!(
            "/ui/users?done={}",
            enc(&format!("Account {} changed.", u.username))
        ))
        .into_response()),
        Err(e) => users_page(&state, &viewer, Some(form_error(e)?), None).await,
    }
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
    four_eyes: bool,
    done: Option<String>,
}

pub(super) async fn settings(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Query(q): Query<DoneQuery>,
) -> Result<Response, UiError> {
    viewer.require(Role::Admin)?;
    Ok(render(&SettingsPage {
        chrome: viewer.chrome("settings"),
        four_eyes: store(&state)?.four_eyes().await?,
        done: given(&q.done),
    }))
}

#[derive(Deserialize)]
pub(super) struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    four_eyes: String,
}

pub(super) async fn change_settings(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Form(f): Form<SettingsForm>,
) -> Result<Response, UiError> {
    viewer.check_csrf(&f.csrf)?;
    viewer.require(Role::Admin)?;
    let store = store(&state)?;
    if store.setting("four_eyes").await? != f.four_eyes {
        store
            .set_setting(&viewer.actor(), "four_eyes", &f.four_eyes)
            .await?;
    }
    Ok(Redirect::to("/ui/settings?done=Settings%20saved.").into_response())
}

// --------------------------------------------------------------- audit

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    events: Vec<(i64, HistoryRow, String)>,
    verified: Option<String>,
    intact: bool,
    total: i64,
}

#[derive(Deserialize)]
pub(super) struct AuditQuery {
    verify: Option<String>,
}

pub(super) async fn audit(
    State(state): State<Arc<AppState>>,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Result<Response, UiError> {
    viewer.require(Role::Supervisor)?;
    let store = store(&state)?;
    let (events, total) = store.recent_audit_events(100).await?;
    let (verified, intact) = if q.verify.is_some() {
        let v = store.verify_audit().await?;
        let text = match &v.first_break {
            None => format!("The chain of {} events is intact.", v.events),
            Some(b) => format!("Broken at row {}: {}", b.seq, b.message),
        };
        (Some(text), v.is_intact())
    } else {
        (None, true)
    };
    Ok(render(&AuditPage {
        chrome: viewer.chrome("audit"),
        events: events
            .iter()
            .map(|e| (e.seq, history_row(e), e.object.clone()))
            .collect(),
        verified,
        intact,
        total,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_summaries() {
        let p = serde_json::json!({"matches": 2, "raised": [4, 5], "list_versions": [{}],
            "subject_fingerprint": "0e37", "why": "wrong password", "old": null});
        assert_eq!(summary(&p), "matches: 2; raised: 4, 5; why: wrong password");
    }

    #[test]
    fn next_stays_on_the_ui() {
        assert_eq!(safe_next(Some("/ui/alerts/3")), "/ui/alerts/3");
        assert_eq!(safe_next(Some("https://evil.example/")), "/ui/");
        assert_eq!(safe_next(Some("//evil.example/ui/")), "/ui/");
        assert_eq!(safe_next(None), "/ui/");
    }
}
