//! The HTTP endpoints, answering as Enrow documents.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use serde_json::{Value, json};

use crate::faults::Fault;
use crate::reply::Reply;
use crate::sample::{self, CREDITS_PER_SEARCH, Row, StatsStyle};
use crate::scenarios::{self, SCENARIOS};
use crate::{Endpoint, KeyProfile, Recorded, RedirectTarget, Redirected, Shared, lock};

/// Enrow's own limit on one batch.
const MAX_SEARCHES: usize = 3000;

type SharedState = State<Arc<Shared>>;

/// Where the fake serves the updater's `latest.json`.
pub(crate) const LATEST_JSON_PATH: &str = "/releases/latest.json";

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/phone/bulk", get(get_bulk).post(post_bulk))
        .route("/account/info", get(account_info))
        .route(LATEST_JSON_PATH, get(latest_json))
        .fallback(|| async { Reply::message(404, "Not found").into_response().await })
        .with_state(shared)
}

async fn latest_json(State(shared): SharedState, headers: HeaderMap, uri: Uri) -> Response {
    record(&shared, Endpoint::LatestJson, &headers, None);
    let reply = lock(&shared.latest_json).clone();
    resolve(&shared, reply, &uri).await.into_response().await
}

async fn get_bulk(
    State(shared): SharedState,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let id = query.get("id").map(|id| id.trim().to_ascii_lowercase());
    let reply = answer_get_bulk(&shared, &headers, id.as_deref());
    delayed(&shared, reply, &uri).await
}

fn answer_get_bulk(shared: &Shared, headers: &HeaderMap, id: Option<&str>) -> Reply {
    let key = record(shared, Endpoint::GetPhoneBulk, headers, id);
    if let Some(fault) = next_fault(shared, Endpoint::GetPhoneBulk) {
        return fault;
    }
    if let Err(refusal) = check_key(shared, key.as_deref(), true) {
        return refusal;
    }
    let Some(id) = id.filter(|id| !id.is_empty()) else {
        return Reply::message(400, "Missing id in the query params");
    };
    let mut batches = lock(&shared.batches);
    let owner = batches.owners.get(id).cloned();
    if owner.is_some_and(|owner| Some(owner) != key) {
        // A batch made with another account's key looks unknown, as on Enrow.
        return not_found();
    }
    if !batches.scripts.contains_key(id) {
        let named = SCENARIOS
            .iter()
            .find(|named| named.id == id)
            .filter(|_| shared.config.with_scenarios);
        let script = match named {
            Some(named) => named.scenario.script(id),
            None => match Fault::from_id(id).filter(|_| shared.config.with_scenarios) {
                Some(fault) => fault.script(id),
                None => return not_found(),
            },
        };
        batches.scripts.insert(id.to_owned(), script);
    }
    batches
        .scripts
        .get_mut(id)
        .map_or_else(not_found, |script| script.next_reply())
}

fn not_found() -> Reply {
    Reply::message(400, "Could not retrieve bulk search results")
}

async fn account_info(State(shared): SharedState, headers: HeaderMap, uri: Uri) -> Response {
    let reply = answer_account_info(&shared, &headers);
    delayed(&shared, reply, &uri).await
}

fn answer_account_info(shared: &Shared, headers: &HeaderMap) -> Reply {
    let key = record(shared, Endpoint::AccountInfo, headers, None);
    if let Some(fault) = next_fault(shared, Endpoint::AccountInfo) {
        return fault;
    }
    if let Err(refusal) = check_key(shared, key.as_deref(), false) {
        return refusal;
    }
    let credits = key
        .and_then(|key| lock(&shared.credits).get(&key).copied())
        .unwrap_or(0);
    Reply::ok(sample::to_bytes(
        &json!({"credits": credits, "webhooks": []}),
    ))
}

async fn post_bulk(
    State(shared): SharedState,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let reply = answer_post_bulk(&shared, &headers, &body);
    delayed(&shared, reply, &uri).await
}

pub(crate) fn answer_post_bulk(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Reply {
    let key = record(shared, Endpoint::PostPhoneBulk, headers, None);
    if let Some(fault) = next_fault(shared, Endpoint::PostPhoneBulk) {
        return fault;
    }
    if let Err(refusal) = check_key(shared, key.as_deref(), true) {
        return refusal;
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return Reply::message(400, "Body must be JSON");
    };
    let Some(searches) = request
        .get("searches")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
    else {
        return Reply::message(400, "searches must be a non-empty array");
    };
    if searches.len() > MAX_SEARCHES {
        return Reply::message(400, "Too many searches: 3000 at most per batch");
    }
    if let Some(bad) = searches.iter().position(|search| !is_search(search)) {
        return Reply::message(
            400,
            &format!(
                "searches[{bad}] needs a linkedin_url, or firstname, lastname and \
                 company_name or company_domain"
            ),
        );
    }
    let cost = searches.len() as u64 * CREDITS_PER_SEARCH;
    let Some(key) = key else {
        return Reply::message(401, "No apikey found in the x-api-key headers");
    };
    // Enrow takes 10 POST requests a second per key.
    {
        let mut times = lock(&shared.post_times);
        let recent = times.entry(key.clone()).or_default();
        let now = std::time::Instant::now();
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= std::time::Duration::from_secs(1))
        {
            recent.pop_front();
        }
        if recent.len() >= 10 {
            return Reply::too_many_requests(1);
        }
        recent.push_back(now);
    }
    {
        let mut credits = lock(&shared.credits);
        let balance = credits.entry(key.clone()).or_default();
        if *balance < cost {
            return Reply::message(402, "Insufficient credits");
        }
        *balance -= cost;
    }
    let id = uuid::Uuid::new_v4().to_string();
    let rows: Vec<Row> = searches
        .iter()
        .enumerate()
        .map(|(i, s)| row_for(i, s))
        .collect();
    let done = Reply::ok(sample::completed(
        &id,
        &rows,
        request.get("custom").cloned(),
        StatsStyle::Current,
    ));
    let script =
        scenarios::ongoing_then(&id, rows.len() as u64, shared.config.ongoing_checks, done);
    {
        let mut batches = lock(&shared.batches);
        batches.scripts.insert(id.clone(), script);
        batches.owners.insert(id.clone(), key.clone());
    }
    lock(&shared.posted).push(crate::Posted {
        id: id.clone(),
        api_key: key,
        searches: searches.clone(),
        custom: request.get("custom").cloned(),
    });
    let created = Reply::json(
        201,
        sample::to_bytes(&json!({
            "id": id,
            "credits_used": cost,
            "estimated_duration": searches.len().div_ceil(200).max(1),
            "message": "Bulk search operating",
        })),
    );
    // Taken, but the answer never comes back (see `FakeEnrow::stall_next_posts`).
    let stalled = shared
        .stalled_posts
        .fetch_update(
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
            |left| left.checked_sub(1),
        )
        .is_ok();
    if stalled {
        created.delayed(std::time::Duration::from_secs(3_600))
    } else {
        created
    }
}

/// A search Enrow takes: a LinkedIn link, or first and last names with a company's name or
/// website (spelled as the bulk pages or as the SDKs spell them).
fn is_search(search: &Value) -> bool {
    let text = |names: &[&str]| {
        names.iter().any(|name| {
            search
                .get(*name)
                .and_then(Value::as_str)
                .is_some_and(|value| !value.trim().is_empty())
        })
    };
    text(&["linkedin_url"])
        || (text(&["firstname", "first_name"])
            && text(&["lastname", "last_name"])
            && text(&["company_name", "company_domain"]))
}

/// A deterministic answer for one submitted search: the same search is found (or not) every
/// time, with the same number.
fn row_for(index: usize, search: &Value) -> Row {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    search.to_string().hash(&mut hasher);
    let template = sample::rows(1, hasher.finish(), 65, false).remove(0);
    let mut params = search.clone();
    let custom = params.as_object_mut().and_then(|p| p.remove("custom"));
    Row {
        index: index as u64,
        params,
        custom,
        ..template
    }
}

/// Notes the request and returns its API key.
fn record(
    shared: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    id: Option<&str>,
) -> Option<String> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let api_key = header("x-api-key");
    lock(&shared.requests).push(Recorded {
        endpoint,
        id: id.map(str::to_owned),
        api_key: api_key.clone(),
        user_agent: header("user-agent"),
    });
    api_key.filter(|key| !key.trim().is_empty())
}

fn next_fault(shared: &Shared, endpoint: Endpoint) -> Option<Reply> {
    lock(&shared.faults).get_mut(&endpoint)?.pop_front()
}

/// Enrow's three 401 answers.
fn check_key(shared: &Shared, key: Option<&str>, needs_phone: bool) -> Result<(), Reply> {
    let Some(key) = key else {
        return Err(Reply::message(
            401,
            "No apikey found in the x-api-key headers",
        ));
    };
    match shared.config.keys.get(key) {
        None => Err(Reply::message(401, "This apikey is not valid")),
        Some(KeyProfile::NoPhonePlan { .. }) if needs_phone => Err(Reply::message(
            401,
            "This account is not allowed to use the phone search feature",
        )),
        Some(_) => Ok(()),
    }
}

async fn delayed(shared: &Arc<Shared>, reply: Reply, uri: &Uri) -> Response {
    let reply = resolve(shared, reply, uri).await;
    let latency = shared.config.latency;
    let reply = if latency.is_zero() {
        reply
    } else {
        reply.delayed(latency)
    };
    reply.into_response().await
}

/// Points a [`Reply::RedirectAway`] at the second listener (opened now if need be), asking it
/// for what this request asked.
async fn resolve(shared: &Arc<Shared>, reply: Reply, uri: &Uri) -> Reply {
    let Reply::RedirectAway { status } = reply else {
        return reply;
    };
    match redirect_target(shared).await {
        Ok(url) => {
            let asked = uri.path_and_query().map_or("/", |p| p.as_str());
            Reply::Redirect {
                status,
                location: format!("{url}{asked}"),
            }
        }
        Err(error) => Reply::message(
            500,
            &format!("fake Enrow could not open its redirect target: {error}"),
        ),
    }
}

async fn redirect_target(shared: &Arc<Shared>) -> std::io::Result<String> {
    let target = shared
        .redirect_target
        .get_or_try_init(|| async {
            // Another address of this computer: a different host to the client, as a redirect
            // to anywhere else would be. macOS gives loopback only 127.0.0.1, so another port
            // there (a different origin all the same).
            let listener = match tokio::net::TcpListener::bind(("127.0.0.2", 0)).await {
                Ok(listener) => listener,
                Err(_) => tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?,
            };
            let url = format!("http://{}", listener.local_addr()?);
            let app = Router::new()
                .fallback(redirected)
                .with_state(Arc::clone(shared));
            let task = tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            });
            Ok::<_, std::io::Error>(RedirectTarget { url, task })
        })
        .await?;
    Ok(target.url.clone())
}

/// The second listener: notes who came and with which key, and answers as Enrow would, so a
/// client that follows redirects gets a batch and its test sees the key went astray.
async fn redirected(
    State(shared): SharedState,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    lock(&shared.redirected).push(Redirected {
        path_and_query: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
        api_key: headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    });
    let reply = match query.get("id") {
        Some(id) if uri.path() == "/phone/bulk" => scenarios::documented(id),
        _ => Reply::message(404, "Not found"),
    };
    reply.into_response().await
}
