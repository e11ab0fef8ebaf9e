//! What several integration tests share: a batch fetched over real HTTP from the fake Enrow.

use enrow::{ApiKey, BaseUrl, BatchId, ClientConfig, EnrowClient, FetchedBatch};
use fake_enrow::{FakeConfig, FakeEnrow, VALID_KEY};

/// Starts a fake Enrow on 127.0.0.1 and fetches the batch with this id from it, as the app does.
pub async fn fetch_from_fake_enrow(batch_id: &str) -> FetchedBatch {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let config = ClientConfig {
        base_url: BaseUrl::parse(&enrow.url()).expect("loopback"),
        ..ClientConfig::default()
    };
    let client = EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
    client
        .phone_bulk(&BatchId::parse_forgiving(batch_id).expect("id"))
        .await
        .expect("fetched")
}
