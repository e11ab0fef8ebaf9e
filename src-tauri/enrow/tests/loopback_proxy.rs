//! Requests to this computer never go through a system proxy. A test binary of its own, since
//! it sets the proxy variables for the whole process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use enrow::{ApiKey, BaseUrl, BatchId, ClientConfig, EnrowClient, RetryPolicy};
use fake_enrow::scenarios::DOCUMENTED_ID;
use fake_enrow::{FakeConfig, FakeEnrow, VALID_KEY};

#[test]
fn loopback_requests_ignore_the_system_proxy() {
    // Nothing listens on port 9 of this computer: a request sent to this "proxy" fails.
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        // SAFETY: before any other thread of this test binary exists.
        unsafe { std::env::set_var(name, "http://127.0.0.1:9") };
    }
    for name in ["NO_PROXY", "no_proxy"] {
        // SAFETY: as above.
        unsafe { std::env::remove_var(name) };
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let enrow = FakeEnrow::start(FakeConfig::default()).await.expect("fake");
        let client = EnrowClient::new(
            &ApiKey::new(VALID_KEY).expect("key"),
            ClientConfig {
                base_url: BaseUrl::parse(&enrow.url()).expect("loopback"),
                retry: RetryPolicy::none(),
                ..ClientConfig::default()
            },
        )
        .expect("client");
        let fetched = client
            .phone_bulk(&BatchId::parse_forgiving(DOCUMENTED_ID).expect("id"))
            .await
            .expect("reached the fake directly, not through the proxy");
        assert_eq!(fetched.batch.results.len(), 2);
    });
}
