//! Sending a list's parts, one batch each, in order, never charged twice.
//!
//! Before each request leaves, its part is written down as `sending`; after it, as what became
//! of it. A request Enrow refused took nothing and one that never left may be sent again, so
//! both are (a 429 after its `Retry-After`, a lost connection after a pause); a request that
//! may have reached Enrow (a timeout, a dropped connection, a server error after the body went
//! out) is never sent again here: its part is "unknown", and sending stops, for the person to
//! look at Enrow's dashboard first.

use std::time::Duration;

use enrow::{BulkRequest, EnrowClient, EnrowError, SubmitError, Submitted};
use serde::Serialize;

use crate::record::{NotRecorded, PartState, Store, Submission};

/// How sending paces itself and how long it waits for passing trouble.
#[derive(Debug, Clone)]
pub struct SendConfig {
    /// The least time between two requests: Enrow takes 10 a second per key.
    pub min_gap: Duration,
    /// The longest a `Retry-After` is waited for before sending stops (to be resumed).
    pub max_retry_after: Duration,
    /// Tries of a request that never left this computer, or was refused with 429.
    pub max_tries: u32,
    /// The wait after the first such try; doubles with each.
    pub first_backoff: Duration,
}

impl Default for SendConfig {
    fn default() -> Self {
        Self {
            min_gap: Duration::from_millis(250),
            max_retry_after: Duration::from_secs(120),
            max_tries: 6,
            first_backoff: Duration::from_secs(1),
        }
    }
}

/// What the person hears while a list is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SendEvent {
    /// Part `part` is being sent.
    Sending { part: usize },
    /// Enrow made its batch.
    Sent {
        part: usize,
        batch_id: String,
        name: String,
    },
    /// Enrow asked to wait (or the connection is down): the part is sent again after.
    Waiting { part: usize, seconds: u64 },
}

/// How sending ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "outcome",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SendOutcome {
    /// Every part is sent.
    AllSent,
    /// Enrow refused a part (no credits, a bad key…); the parts after it were not sent.
    Refused {
        part: usize,
        code: String,
        message: String,
    },
    /// A part may or may not have reached Enrow; nothing after it was sent.
    Unknown { part: usize, message: String },
    /// The connection stayed down, or Enrow kept asking to wait: the parts from `part` on are
    /// not sent, and may be sent later.
    NotSent {
        part: usize,
        code: String,
        message: String,
    },
}

/// Sends the parts of `submission` that may be sent (never one whose fate is unknown), in
/// order, writing each part's state down before and after its request. With `only`, that part
/// alone: also an unknown one, which the person asked for knowing it may be charged twice.
pub async fn send_parts(
    submission: &mut Submission,
    store: &Store,
    client: &EnrowClient,
    config: &SendConfig,
    only: Option<usize>,
    mut on_event: impl FnMut(SendEvent) + Send,
) -> Result<SendOutcome, NotRecorded> {
    let mut last_request: Option<tokio::time::Instant> = None;
    for index in 0..submission.parts.len() {
        let part = &submission.parts[index];
        let chosen = match only {
            Some(only) => only == index && !matches!(part.state, PartState::Sent { .. }),
            None => part.state.may_send(),
        };
        if !chosen {
            continue;
        }
        let mut tries = 0u32;
        let mut backoff = config.first_backoff;
        loop {
            if let Some(last) = last_request {
                tokio::time::sleep_until(last + config.min_gap).await;
            }
            submission.parts[index].state = PartState::Sending { since: now_ms() };
            store.save(submission)?;
            on_event(SendEvent::Sending { part: index });
            last_request = Some(tokio::time::Instant::now());
            let outcome = post(client, submission, index).await;
            tries += 1;
            let wait = match outcome {
                Ok(made) => {
                    submission.parts[index].state = PartState::Sent {
                        batch_id: made.id.to_string(),
                        credits_used: made.credits_used,
                        at: now_ms(),
                    };
                    store.save(submission)?;
                    on_event(SendEvent::Sent {
                        part: index,
                        batch_id: made.id.to_string(),
                        name: submission.part_name(index),
                    });
                    break;
                }
                // Refused for now, and taken nothing: sent again after the wait it asks.
                Err(SubmitError::Refused(EnrowError::RateLimited { retry_after })) => {
                    let asked = retry_after.unwrap_or(backoff);
                    if asked > config.max_retry_after || tries >= config.max_tries {
                        return stop_not_sent(
                            submission,
                            store,
                            index,
                            &EnrowError::RateLimited { retry_after },
                        );
                    }
                    asked.max(backoff)
                }
                Err(SubmitError::Refused(error)) => {
                    submission.parts[index].state = PartState::Refused {
                        code: error.code().as_str().to_owned(),
                        message: error.to_string(),
                        at: now_ms(),
                    };
                    store.save(submission)?;
                    return Ok(SendOutcome::Refused {
                        part: index,
                        code: error.code().as_str().to_owned(),
                        message: error.to_string(),
                    });
                }
                Err(SubmitError::NotSent(error)) => {
                    if tries >= config.max_tries {
                        return stop_not_sent(submission, store, index, &error);
                    }
                    backoff
                }
                Err(unknown @ SubmitError::Unknown { .. }) => {
                    let message = unknown.to_string();
                    let detail = match &unknown {
                        SubmitError::Unknown { detail } => detail.clone(),
                        _ => String::new(),
                    };
                    submission.parts[index].state = PartState::Unknown {
                        detail,
                        since: now_ms(),
                    };
                    store.save(submission)?;
                    return Ok(SendOutcome::Unknown {
                        part: index,
                        message,
                    });
                }
            };
            // Not taken: the part is pending again (never left as `sending`) while it waits.
            submission.parts[index].state = PartState::Pending { error: None };
            store.save(submission)?;
            on_event(SendEvent::Waiting {
                part: index,
                seconds: wait.as_secs(),
            });
            tokio::time::sleep(wait).await;
            backoff = (backoff * 2).min(Duration::from_secs(60));
        }
    }
    Ok(SendOutcome::AllSent)
}

fn stop_not_sent(
    submission: &mut Submission,
    store: &Store,
    index: usize,
    error: &EnrowError,
) -> Result<SendOutcome, NotRecorded> {
    submission.parts[index].state = PartState::Pending {
        error: Some(error.to_string()),
    };
    store.save(submission)?;
    Ok(SendOutcome::NotSent {
        part: index,
        code: error.code().as_str().to_owned(),
        message: error.to_string(),
    })
}

async fn post(
    client: &EnrowClient,
    submission: &Submission,
    index: usize,
) -> Result<Submitted, SubmitError> {
    let part = &submission.parts[index];
    let request = BulkRequest {
        searches: &submission.searches[part.start..part.end],
        // Sent back with the batch: which list and which part it is, for anyone who looks at
        // it in Enrow's dashboard.
        custom: Some(serde_json::json!({
            "list": submission.file_name,
            "part": index + 1,
            "parts": submission.parts.len(),
        })),
    };
    client.submit_bulk(&request).await
}

pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}
