//! What `POST /phone/bulk` takes and answers: the searches of a new batch, and its id.
//!
//! Sending spends the person's credits, so the outcome says more than success or failure: a
//! request that never left this computer may be sent again; one Enrow refused took nothing;
//! and one that may have reached Enrow (a timeout, a dropped connection, a server error after
//! the body went out) must never be sent again without the person's word, since Enrow may have
//! made the batch and reserved its credits.

use serde::{Deserialize, Serialize};

use crate::batch_id::BatchId;
use crate::error::EnrowError;

/// Enrow's largest batch.
pub const MAX_SEARCHES_PER_BATCH: usize = 3_000;

/// One search, as Enrow takes it: a LinkedIn profile link, or a person's names with their
/// company's name or website. Fields not given are left out of the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Search {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_domain: Option<String>,
}

/// The body of `POST /phone/bulk`.
#[derive(Debug, Clone, Serialize)]
pub struct BulkRequest<'a> {
    pub searches: &'a [Search],
    /// Attached to the whole batch, and sent back with it (the list and the part it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<serde_json::Value>,
}

/// Enrow's answer to a batch it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: BatchId,
    /// The credits Enrow set aside (the misses are refunded when the batch completes).
    pub credits_used: Option<u64>,
    /// Minutes, by Enrow's estimate.
    pub estimated_duration: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Created {
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::model::lenient::count")]
    pub credits_used: Option<u64>,
    #[serde(default, deserialize_with = "crate::model::lenient::count")]
    pub estimated_duration: Option<u64>,
}

/// Why a batch was not (or may not have been) made.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SubmitError {
    /// The request never left this computer (no connection could be made): nothing was taken,
    /// and it may be sent again.
    #[error("{0}")]
    NotSent(EnrowError),
    /// Enrow answered and refused it (a bad key, no credits, too many requests, searches it
    /// does not take): nothing was taken.
    #[error("{0}")]
    Refused(EnrowError),
    /// The request may have reached Enrow, but no answer says what became of it. Enrow may or
    /// may not have made the batch: sending it again could be charged twice.
    #[error(
        "Enrow may or may not have received these searches ({detail}). Look at the batches \
         in your Enrow dashboard before sending them again: if it is there, it is being \
         searched and was charged; sending again could be charged twice."
    )]
    Unknown { detail: String },
}

impl SubmitError {
    /// The underlying error's code, for the page and for scripts.
    pub fn enrow_error(&self) -> Option<&EnrowError> {
        match self {
            Self::NotSent(error) | Self::Refused(error) => Some(error),
            Self::Unknown { .. } => None,
        }
    }
}

impl Created {
    pub(crate) fn into_submitted(self) -> Option<Submitted> {
        let id = match self.id? {
            serde_json::Value::String(text) => BatchId::parse_forgiving(&text).ok()?,
            _ => return None,
        };
        Some(Submitted {
            id,
            credits_used: self.credits_used,
            estimated_duration: self.estimated_duration,
        })
    }
}
