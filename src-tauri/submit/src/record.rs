//! Every list sent, kept on disk: `submissions/<id>.json` in the app's data folder, one file per
//! list, written whole or not at all. A part's state is written *before* its request leaves
//! (`sending`), then its outcome; so a crash or a kill at any moment leaves a record that the
//! next start reads truthfully: a part still `sending` then may or may not have reached Enrow.

use std::path::{Path, PathBuf};

use enrow::Search;
use merge::ColumnChoice;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::plan::{ListPlan, Skip};

/// The format this app writes.
pub const VERSION: u32 = 1;
pub const FOLDER: &str = "submissions";
/// A record of 3,000 searches is about half a megabyte; 100,000 rows some 20 MB.
const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// One list sent (or being sent) to Enrow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    pub version: u32,
    pub id: String,
    /// The file the list came from, its name and its content's SHA-256 when it was sent.
    pub file: PathBuf,
    pub file_name: String,
    pub file_hash: String,
    pub sheet: String,
    /// The columns the searches were read from.
    pub columns: ColumnChoice,
    /// SHA-256 of the searches as sent: the same list sent again has the same.
    pub searches_hash: String,
    pub searches: Vec<Search>,
    /// For each search, the sheet rows it came from (its duplicates included), 0-based.
    pub rows_of: Vec<Vec<usize>>,
    pub skipped: Vec<(usize, Skip)>,
    /// Milliseconds since 1970.
    pub created_at: i64,
    pub parts: Vec<Part>,
}

/// Searches `start..end` of the list, sent as one batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub start: usize,
    pub end: usize,
    pub state: PartState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum PartState {
    /// Not sent yet; `error` says why an earlier try did not leave this computer.
    Pending { error: Option<String> },
    /// Its request is leaving now. Read at a start, it means the app stopped meanwhile.
    Sending { since: i64 },
    /// Enrow made the batch.
    Sent {
        batch_id: String,
        credits_used: Option<u64>,
        at: i64,
    },
    /// Enrow refused it and took nothing (no credits, a bad key, searches it does not take).
    Refused {
        code: String,
        message: String,
        at: i64,
    },
    /// The request may have reached Enrow, and no answer said what became of it.
    Unknown { detail: String, since: i64 },
}

impl PartState {
    /// Whether the person may send it without a warning: it never reached Enrow, or Enrow
    /// took nothing.
    pub fn may_send(&self) -> bool {
        matches!(self, Self::Pending { .. } | Self::Refused { .. })
    }
}

impl Submission {
    /// A new record for `plan`, read from `file` (whose content's hash is `file_hash`, see
    /// [`file_hash`]), every part pending.
    pub fn new(plan: &ListPlan, file: &Path, file_hash: &str, now: i64) -> Self {
        Self {
            version: VERSION,
            id: uuid::Uuid::new_v4().to_string(),
            file: file.to_path_buf(),
            file_name: file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            file_hash: file_hash.to_owned(),
            sheet: plan.sheet_name.clone(),
            columns: plan.columns.clone(),
            searches_hash: searches_hash(&plan.searches),
            searches: plan.searches.clone(),
            rows_of: plan.rows_of.clone(),
            skipped: plan.skipped.clone(),
            created_at: now,
            parts: plan
                .parts()
                .into_iter()
                .map(|range| Part {
                    start: range.start,
                    end: range.end,
                    state: PartState::Pending { error: None },
                })
                .collect(),
        }
    }

    /// "Leads.xlsx — part 2 of 3", or the file's name alone for a list of one part.
    pub fn part_name(&self, part: usize) -> String {
        if self.parts.len() <= 1 {
            self.file_name.clone()
        } else {
            format!(
                "{} — part {} of {}",
                self.file_name,
                part + 1,
                self.parts.len()
            )
        }
    }

    /// The batches made so far, by part.
    pub fn batch_ids(&self) -> Vec<(usize, String)> {
        self.parts
            .iter()
            .enumerate()
            .filter_map(|(index, part)| match &part.state {
                PartState::Sent { batch_id, .. } => Some((index, batch_id.clone())),
                _ => None,
            })
            .collect()
    }
}

/// The SHA-256 of a file's bytes, in hexadecimal.
pub fn file_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of the searches as they are sent, in hexadecimal.
pub fn searches_hash(searches: &[Search]) -> String {
    let mut hasher = Sha256::new();
    for search in searches {
        // One line of canonical JSON a search: the same searches always hash the same.
        hasher.update(serde_json::to_vec(search).unwrap_or_default());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The records of one data folder.
#[derive(Debug, Clone)]
pub struct Store {
    folder: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "The list's record could not be saved in {} ({source}), so nothing was sent: Enrow Desk \
     never sends a list it could not write down first. Free some space, then send it again.",
    .folder.display()
)]
pub struct NotRecorded {
    pub folder: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl Store {
    pub fn new(data_folder: &Path) -> Self {
        Self {
            folder: data_folder.join(FOLDER),
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Writes `submission` whole, flushed to disk, before returning.
    pub fn save(&self, submission: &Submission) -> Result<(), NotRecorded> {
        let not_recorded = |source| NotRecorded {
            folder: self.folder.clone(),
            source,
        };
        enrow::atomic::create_private_folder(&self.folder).map_err(not_recorded)?;
        let bytes = serde_json::to_vec_pretty(submission)
            .map_err(|error| not_recorded(std::io::Error::other(error)))?;
        enrow::atomic::write_bytes(
            &self
                .folder
                .join(format!("{}.json", safe_id(&submission.id))),
            enrow::atomic::Visibility::Private,
            &bytes,
        )
        .map_err(not_recorded)
    }

    /// Every record, oldest first. A part found `sending` was cut off by a crash or a kill in
    /// the middle of its request: it becomes "unknown", since Enrow may or may not have it, and
    /// is saved so. A record that cannot be read is left as it is, and logged.
    pub fn load_all(&self, now: i64) -> Vec<Submission> {
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            return Vec::new();
        };
        let mut found: Vec<Submission> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .filter_map(|path| {
                let bytes = enrow::atomic::read_at_most(&path, MAX_RECORD_BYTES)
                    .inspect_err(|error| log::error!("{} not readable: {error}", path.display()))
                    .ok()?;
                serde_json::from_slice::<Submission>(&bytes)
                    .inspect_err(|error| log::error!("{} not readable: {error}", path.display()))
                    .ok()
            })
            .collect();
        for submission in &mut found {
            let mut cut_off = false;
            for part in &mut submission.parts {
                if let PartState::Sending { since } = part.state {
                    part.state = PartState::Unknown {
                        detail: "Enrow Desk stopped while these searches were being sent"
                            .to_owned(),
                        since,
                    };
                    cut_off = true;
                }
            }
            if cut_off && let Err(error) = self.save(submission) {
                log::error!("{error}");
            }
        }
        found.sort_by_key(|submission| submission.created_at);
        let _ = now;
        found
    }

    /// Records of lists with the same searches that reached, or may have reached, Enrow.
    pub fn sent_before(&self, searches_hash: &str, now: i64) -> Vec<Submission> {
        self.load_all(now)
            .into_iter()
            .filter(|submission| submission.searches_hash == searches_hash)
            .filter(|submission| {
                submission.parts.iter().any(|part| {
                    matches!(
                        part.state,
                        PartState::Sent { .. } | PartState::Unknown { .. }
                    )
                })
            })
            .collect()
    }

    pub fn load(&self, id: &str, now: i64) -> Option<Submission> {
        self.load_all(now)
            .into_iter()
            .find(|submission| submission.id == id)
    }
}

/// Ids are our own UUIDs; anything else never names a file.
fn safe_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect()
}
