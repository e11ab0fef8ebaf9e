//! The history file: every batch opened, with its last known figures. Versioned, so a newer
//! app can read what an older one wrote and an older app never overwrites what a newer one
//! wrote.

use serde::{Deserialize, Serialize};

/// The format this app writes.
pub const VERSION: u32 = 1;

/// One remembered batch, as stored and as shown in the page's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub status: String,
    /// Being checked now; at start-up, such batches are checked again.
    #[serde(default)]
    pub watching: bool,
    #[serde(default)]
    pub finished: Option<u64>,
    #[serde(default)]
    pub requested: Option<u64>,
    #[serde(default)]
    pub found: Option<u64>,
    #[serde(default)]
    pub credits_charged: Option<u64>,
    #[serde(default)]
    pub credits_net: Option<u64>,
    pub first_opened_at: i64,
    #[serde(default)]
    pub last_checked_at: Option<i64>,
    /// Its results are saved on this computer.
    #[serde(default)]
    pub cached: bool,
    /// What stopped the last check, if anything.
    #[serde(default)]
    pub error: Option<StoredError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredError {
    pub code: String,
    pub message: String,
}

impl HistoryEntry {
    pub fn new(id: &str, demo: bool, now: i64) -> Self {
        Self {
            id: id.to_owned(),
            label: None,
            demo,
            status: "ongoing".to_owned(),
            watching: false,
            finished: None,
            requested: None,
            found: None,
            credits_charged: None,
            credits_net: None,
            first_opened_at: now,
            last_checked_at: None,
            cached: false,
            error: None,
        }
    }
}

impl HistoryEntry {
    /// Its watch stopped for want of a key (removed, or never saved): it is to be watched again
    /// as soon as there is one.
    pub fn waits_for_key(&self) -> bool {
        self.error.as_ref().is_some_and(|e| e.code == "missing_key")
            && !matches!(self.status.as_str(), "completed" | "failed")
    }
}

/// A history file as read: the entries this app understands, and those it does not (damaged
/// by hand, or written by a later app with another shape), kept as they were so that the next
/// save writes them back instead of dropping them and orphaning their saved results.
#[derive(Debug, Default, PartialEq)]
pub struct History {
    pub entries: Vec<HistoryEntry>,
    pub unread: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    version: u32,
    batches: Vec<Stored<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Stored<'a> {
    Entry(&'a HistoryEntry),
    Unread(&'a serde_json::Value),
}

#[derive(Debug, PartialEq)]
pub enum ReadError {
    /// Written by a newer Enrow Desk: read what we can, but never overwrite it.
    Newer(u32),
    /// Not a history file (damaged by something other than this app).
    Unreadable(String),
}

/// The file's bytes: the entries, then those that were not understood, as they were read.
pub fn to_bytes(entries: &[HistoryEntry], unread: &[serde_json::Value]) -> Vec<u8> {
    let batches = entries
        .iter()
        .map(Stored::Entry)
        .chain(unread.iter().map(Stored::Unread))
        .collect();
    serde_json::to_vec_pretty(&FileOut {
        version: VERSION,
        batches,
    })
    .unwrap_or_default()
}

/// Reads a history file of any version this app knows, upgrading it as needed.
pub fn from_bytes(bytes: &[u8]) -> Result<History, ReadError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| ReadError::Unreadable("no version".to_owned()))?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    match version {
        // Version 1 is the first; later formats add their upgrade steps here, oldest first.
        1 => entries(value),
        newer if newer > VERSION => Err(ReadError::Newer(newer)),
        unknown => Err(ReadError::Unreadable(format!("unknown version {unknown}"))),
    }
}

fn entries(mut value: serde_json::Value) -> Result<History, ReadError> {
    let batches = value
        .get_mut("batches")
        .and_then(serde_json::Value::as_array_mut)
        .ok_or_else(|| ReadError::Unreadable("no batches".to_owned()))?;
    // One damaged entry must not cost the others, nor itself.
    let mut history = History::default();
    for entry in batches.drain(..) {
        match serde_json::from_value(entry.clone()) {
            Ok(read) => history.entries.push(read),
            Err(_) => history.unread.push(entry),
        }
    }
    Ok(history)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> HistoryEntry {
        HistoryEntry {
            label: Some("Q4 leads".into()),
            found: Some(18),
            requested: Some(25),
            ..HistoryEntry::new(id, false, 1_795_000_000_000)
        }
    }

    #[test]
    fn round_trip() {
        let entries = vec![entry("a"), entry("b")];
        let read = from_bytes(&to_bytes(&entries, &[])).expect("readable");
        assert_eq!(read.entries, entries);
        assert!(read.unread.is_empty());
    }

    #[test]
    fn fields_added_later_default_and_unknown_fields_are_ignored() {
        let old = br#"{"version":1,"batches":[{"id":"a","firstOpenedAt":5,"status":"completed",
            "colour":"blue"}]}"#;
        let entries = from_bytes(old).expect("readable").entries;
        assert_eq!(entries[0].id, "a");
        assert_eq!(entries[0].label, None);
        assert!(!entries[0].cached);
    }

    #[test]
    fn a_damaged_entry_does_not_cost_the_others_and_is_written_back_as_it_was() {
        let bytes = br#"{"version":1,"batches":[{"id":"a","firstOpenedAt":5},{"nope":true},
            {"id":"c","firstOpenedAt":"yesterday","cached":true}]}"#;
        let read = from_bytes(bytes).expect("readable");
        let ids: Vec<&str> = read.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        assert_eq!(read.unread.len(), 2);
        let again = from_bytes(&to_bytes(&read.entries, &read.unread)).expect("readable");
        assert_eq!(again, read, "nothing dropped by a save");
    }

    #[test]
    fn a_newer_format_is_recognised_not_misread() {
        assert_eq!(
            from_bytes(br#"{"version":7,"batches":[]}"#),
            Err(ReadError::Newer(7))
        );
    }

    #[test]
    fn garbage_is_unreadable() {
        for bytes in [
            &b""[..],
            b"{",
            b"[]",
            br#"{"batches":[]}"#,
            br#"{"version":0,"batches":[]}"#,
        ] {
            assert!(
                matches!(from_bytes(bytes), Err(ReadError::Unreadable(_))),
                "{bytes:?}"
            );
        }
    }
}
