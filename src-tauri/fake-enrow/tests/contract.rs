//! The fake answers as `shared/enrow-api.md` says Enrow does, over real HTTP.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fake_enrow::scenarios::{DOCUMENTED_ANSWER, DOCUMENTED_ID, id_of};
use fake_enrow::{Endpoint, FakeConfig, FakeEnrow, NO_PHONE_KEY, Reply, Scenario, VALID_KEY};
use serde_json::{Value, json};

async fn get(enrow: &FakeEnrow, path: &str, key: Option<&str>) -> (u16, String) {
    let mut request = http().get(format!("{}{path}", enrow.url()));
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    let response = request.send().await.expect("fake answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// reqwest is built without a TLS provider of its own (the workspace picks ring), so say which.
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn message(body: &str) -> String {
    let value: Value = serde_json::from_str(body).expect("json error body");
    value["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn documented_example_is_served_byte_for_byte() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let (status, body) = get(
        &enrow,
        &format!("/phone/bulk?id={DOCUMENTED_ID}"),
        Some(VALID_KEY),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body, DOCUMENTED_ANSWER);
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/phone-bulk-completed.json"
    ));
    if let Ok(fixture) = fixture {
        let fixture: Value = serde_json::from_str(&fixture).expect("fixture json");
        assert_eq!(serde_json::from_str::<Value>(&body).expect("json"), fixture);
    }
}

#[tokio::test]
async fn key_errors_match_enrow() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let path = format!("/phone/bulk?id={DOCUMENTED_ID}");
    let (status, body) = get(&enrow, &path, None).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (401, "No apikey found in the x-api-key headers")
    );
    let (status, body) = get(&enrow, &path, Some("wrong")).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (401, "This apikey is not valid")
    );
    let (status, body) = get(&enrow, &path, Some(NO_PHONE_KEY)).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (
            401,
            "This account is not allowed to use the phone search feature"
        )
    );
    // A plan without phone search can still read its balance.
    let (status, body) = get(&enrow, "/account/info", Some(NO_PHONE_KEY)).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn missing_and_unknown_ids_are_400() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let (status, body) = get(&enrow, "/phone/bulk", Some(VALID_KEY)).await;
    assert_eq!(
        (status, message(&body).as_str()),
        (400, "Missing id in the query params")
    );
    let (status, body) = get(
        &enrow,
        "/phone/bulk?id=11111111-2222-4333-8444-555555555555",
        Some(VALID_KEY),
    )
    .await;
    assert_eq!(
        (status, message(&body).as_str()),
        (400, "Could not retrieve bulk search results")
    );
}

#[tokio::test]
async fn post_creates_a_batch_that_runs_then_completes_for_its_own_key_only() {
    let enrow = FakeEnrow::start(FakeConfig {
        ongoing_checks: 2,
        ..FakeConfig::default()
    })
    .await
    .expect("start");
    let created: Value = http()
        .post(format!("{}/phone/bulk", enrow.url()))
        .header("x-api-key", VALID_KEY)
        .json(&json!({
            "searches": [
                {"linkedin_url": "https://www.linkedin.com/in/a", "custom": "row-a"},
                {"firstname": "Zoë", "lastname": "Núñez", "company_domain": "acme.example"},
            ],
            "custom": {"campaign": "Q4"},
        }))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["credits_used"], 80);
    let path = format!("/phone/bulk?id={id}");
    let statuses: Vec<String> = statuses_of(&enrow, &path, 3).await;
    assert_eq!(statuses, ["ongoing", "ongoing", "completed"]);
    let (_, body) = get(&enrow, &path, Some(VALID_KEY)).await;
    let done: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(done["general"]["custom"], json!({"campaign": "Q4"}));
    assert_eq!(done["results"][0]["custom"], "row-a");
    assert_eq!(done["results"][1]["params"]["firstname"], "Zoë");
    // Another account's key cannot see it.
    let (status, _) = get(&enrow, &path, Some(fake_enrow::DEMO_KEY)).await;
    assert_eq!(status, 400);
}

async fn statuses_of(enrow: &FakeEnrow, path: &str, times: usize) -> Vec<String> {
    let mut statuses = Vec::new();
    for _ in 0..times {
        let (_, body) = get(enrow, path, Some(VALID_KEY)).await;
        let value: Value = serde_json::from_str(&body).expect("json");
        statuses.push(
            value["general"]["status"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    statuses
}

#[tokio::test]
async fn faults_come_first_and_once() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    enrow.push_fault(Endpoint::AccountInfo, Reply::html(502));
    let (status, body) = get(&enrow, "/account/info", Some(VALID_KEY)).await;
    assert_eq!(status, 502);
    assert!(body.contains("<html>"));
    let (status, body) = get(&enrow, "/account/info", Some(VALID_KEY)).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("json")["credits"],
        36_000
    );
    assert_eq!(enrow.count(Endpoint::AccountInfo), 2);
}

#[tokio::test]
async fn rate_limit_carries_retry_after() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let id = id_of(Scenario::RateLimitedThenCompleted);
    let response = http()
        .get(format!("{}/phone/bulk?id={id}", enrow.url()))
        .header("x-api-key", VALID_KEY)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "1");
}

#[tokio::test]
async fn dropped_connection_is_an_error_for_the_client() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let id = id_of(Scenario::DroppedMidBody);
    let response = http()
        .get(format!("{}/phone/bulk?id={id}", enrow.url()))
        .header("x-api-key", VALID_KEY)
        .send()
        .await
        .expect("headers arrive");
    assert!(response.text().await.is_err(), "the body must not complete");
}

/// The faults that live on the wire rather than in the JSON are played as they claim, so a
/// client's test of them tests what it says.
#[tokio::test]
async fn faults_on_the_wire_are_what_they_claim() {
    use fake_enrow::Fault;
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Raw: no redirects followed, no gzip undone.
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .build()
        .expect("client");
    let ask = |fault: Fault| {
        raw.get(format!("{}/phone/bulk?id={}", enrow.url(), fault.id()))
            .header("x-api-key", VALID_KEY)
            .send()
    };

    // Truncated: the whole answer's length is declared, half of it comes, then the end.
    let truncated = ask(Fault::Truncated).await.expect("headers arrive");
    let declared = truncated.content_length().expect("a Content-Length");
    assert_eq!(
        declared,
        DOCUMENTED_ANSWER
            .replace(DOCUMENTED_ID, Fault::Truncated.id())
            .len() as u64
    );
    assert!(truncated.bytes().await.is_err(), "cut short");

    // Huge: no Content-Length to refuse it by; the first megabyte is valid JSON's start.
    let mut huge = ask(Fault::Huge).await.expect("headers arrive");
    assert_eq!(huge.content_length(), None);
    let mut received = 0;
    while received < 1024 * 1024 {
        received += huge.chunk().await.expect("read").expect("more").len();
    }

    // The bomb: gzip, about a megabyte on the wire.
    let bomb = ask(Fault::GzipBomb).await.expect("headers arrive");
    assert_eq!(bomb.headers()["content-encoding"], "gzip");
    let size = bomb.bytes().await.expect("body").len();
    assert!(size < 2 * 1024 * 1024, "{size}");

    // The redirect points to another address, which notes who follows and with which key.
    let redirect = ask(Fault::RedirectElsewhere).await.expect("answer");
    assert_eq!(redirect.status(), 302);
    let location = redirect.headers()["location"].to_str().expect("text");
    let target = enrow.redirect_target_url().expect("opened");
    assert!(location.starts_with(&target), "{location}");
    assert!(!location.starts_with(&enrow.url()), "{location}");
    assert!(enrow.redirected_requests().is_empty());
    raw.get(location)
        .header("x-api-key", "followed-with-this-key")
        .send()
        .await
        .expect("the target answers");
    let followed = enrow.redirected_requests();
    assert_eq!(followed.len(), 1);
    assert_eq!(
        followed[0].api_key.as_deref(),
        Some("followed-with-this-key")
    );

    // The two a person watches pass: a day's Retry-After once, three resets, then the batch.
    let day = ask(Fault::RetryAfterDay).await.expect("answer");
    assert_eq!(day.status(), 429);
    assert_eq!(day.headers()["retry-after"], "86400");
    assert_eq!(
        ask(Fault::RetryAfterDay).await.expect("answer").status(),
        200
    );
    for _ in 0..fake_enrow::faults::RESETS_BEFORE_ANSWER {
        let reset = ask(Fault::ResetMidAnswer).await.expect("headers arrive");
        assert!(reset.bytes().await.is_err());
    }
    let whole = ask(Fault::ResetMidAnswer).await.expect("answer");
    assert!(whole.bytes().await.is_ok());
}
