//! The `enrow` engine: everything Enrow Desk and `enrow-batch` do, with no window.
//!
//! - [`BatchId::parse_forgiving`] finds the batch id in whatever people paste.
//! - [`EnrowClient`] talks to Enrow (`GET /phone/bulk`, `GET /account/info`), retrying passing
//!   trouble, and turns every failure into an [`EnrowError`] with a stable code and a message
//!   for non-technical readers.
//! - [`Watcher`] checks a running batch until it is done, reporting progress.
//! - [`export`] writes Excel, CSV and JSON files, atomically.

pub mod answer_numbers;
pub mod api_key;
pub mod atomic;
pub mod batch_id;
pub mod client;
pub mod config;
pub mod error;
pub mod export;
pub mod model;
pub mod phone;
pub mod row_parts;
pub mod submit;
pub mod watcher;

pub use api_key::ApiKey;
pub use batch_id::{BatchId, EXAMPLE_BATCH_ID, InvalidBatchId, LINK_SCHEME};
pub use client::{EnrowClient, install_crypto_provider};
pub use config::{BASE_URL_ENV, BaseUrl, ClientConfig, ConfigError, DEFAULT_BASE_URL, RetryPolicy};
pub use error::{EnrowError, ErrorCode};
pub use model::{
    AccountInfo, Batch, BatchStatus, FetchedBatch, General, PhoneResult, Qualification, Stats,
};
pub use phone::{PhoneInfo, PhoneType};
pub use submit::{BulkRequest, MAX_SEARCHES_PER_BATCH, Search, SubmitError, Submitted};
pub use watcher::{
    BatchSource, Progress, WatchConfig, WatchControl, WatchError, WatchEvent, Watcher,
};
