//! The batches remembered in one folder: the history (`history.json`) and each completed
//! batch's results (`batches/<id>.json`, Enrow's answer as received). The person's batches live
//! in the data folder; the demo's in a folder of their own (`demo/`), so nothing the demo does
//! can touch a real batch.
//!
//! Every write is atomic (a temporary file, flushed to disk, renamed over the old one), and on
//! Unix every file is readable by its owner only. Each change is decided and its snapshot queued
//! for the disk thread under one lock, so snapshots reach the disk in the order the changes were
//! made: a forgotten batch cannot come back, nor a rename be lost, because an older snapshot
//! overtook a newer one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use enrow::atomic::remove_leftovers;
use enrow::{Batch, FetchedBatch};
use serde::Serialize;

use crate::clock::now_ms;
use crate::disk::{Disk, OnWritten};
use crate::error::{Code, PageError};
use crate::events::Broadcast;
use crate::history::{self, History, HistoryEntry, ReadError, StoredError};
use crate::lock::lock;
use crate::view::BatchSummary;

pub const HISTORY_FILE: &str = "history.json";
/// A history entry takes about 500 bytes: 32 MB is some 60,000 batches, far more than anyone
/// opens, and a larger file (not written by this app) is kept aside rather than read.
pub const MAX_HISTORY_BYTES: u64 = 32 * 1024 * 1024;
pub const RESULTS_FOLDER: &str = "batches";

/// What the page's history list hears. See `docs/ipc.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum HistoryEvent {
    Upsert {
        entry: Box<HistoryEntry>,
    },
    Remove {
        id: String,
    },
    Cleared,
    /// Show this batch (a notice was clicked, or it was named on the command line).
    Show {
        id: String,
    },
    /// Saves to the data folder fail (a full disk, a file held by another program): what is
    /// already saved stays, and the page says so until a save works again.
    NotSaved {
        error: PageError,
    },
    /// Saves work again.
    Saved,
    /// The person closed the window while a batch is being checked: the page asks whether to
    /// keep checking in the background (see [`crate::closing`]).
    CloseAsked,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    #[error("Batch {id} is not in the history on this computer. Paste its id again.")]
    UnknownBatch { id: String },
    #[error(
        "Settings were not saved ({0}). Check that the disk is not full, then change them again."
    )]
    SettingsNotSaved(std::io::Error),
    #[error(
        "Enrow Desk is already open in another window, which keeps the history; nothing done \
         here is saved. Close this window and use the other one."
    )]
    ReadOnly,
}

impl From<StorageError> for PageError {
    fn from(error: StorageError) -> Self {
        let code = match &error {
            StorageError::UnknownBatch { .. } => Code::UnknownBatch,
            StorageError::SettingsNotSaved(_) => Code::SettingsFailed,
            StorageError::ReadOnly => Code::NotSaved,
        };
        PageError::new(code, error.to_string())
    }
}

pub struct Library {
    folder: PathBuf,
    disk: Arc<Disk>,
    /// Every entry of this library is a demo batch.
    demo: bool,
    entries: Mutex<Vec<HistoryEntry>>,
    /// Entries of the history file this app could not read: written back with every save, so
    /// they and their saved results are never lost (see [`history::History`]).
    unread: Mutex<Vec<serde_json::Value>>,
    /// False when another app holds the data folder, or the history on disk was written by a
    /// newer app: it is read, never replaced.
    writable: bool,
    events: Arc<Broadcast<HistoryEvent>>,
}

impl Library {
    /// Opens (or starts) the library in `folder`. Only a `writable` library creates folders,
    /// sweeps the leftovers of interrupted writes, or writes anything at all.
    pub fn open(
        folder: PathBuf,
        demo: bool,
        writable: bool,
        disk: Arc<Disk>,
        events: Arc<Broadcast<HistoryEvent>>,
    ) -> Self {
        if writable {
            if let Err(error) = create_private_folder(&folder.join(RESULTS_FOLDER)) {
                log::error!("the data folder cannot be created: {error}");
            }
            for leftover in remove_leftovers(&folder, "")
                .into_iter()
                .chain(remove_leftovers(&folder.join(RESULTS_FOLDER), ""))
            {
                log::info!("removed an interrupted write: {}", leftover.display());
            }
        }
        let (history, readable_format) = read_history(&folder, writable);
        // Enrow Desk 0.1 kept the demo's batches in the person's history: they go, with their
        // saved results, before anything could resume them and send their ids to Enrow with
        // the person's key.
        let (mut entries, from_the_demo): (Vec<HistoryEntry>, Vec<HistoryEntry>) = history
            .entries
            .into_iter()
            .partition(|entry| demo || !entry.demo);
        for entry in &mut entries {
            entry.demo = demo;
        }
        let library = Self {
            folder,
            disk,
            demo,
            entries: Mutex::new(entries),
            unread: Mutex::new(history.unread),
            writable: writable && readable_format,
            events,
        };
        if !from_the_demo.is_empty() && library.writable {
            log::info!("{} old demo batches left the history", from_the_demo.len());
            let entries = lock(&library.entries);
            for entry in &from_the_demo {
                library.disk.remove(library.results_path(&entry.id));
            }
            library.save_history(&entries);
        }
        library
    }

    /// The person's batches in the app's data folder, to read only: what `enrow-batch` sees,
    /// safe while the app runs (nothing is written, nothing swept).
    pub fn read_only(folder: PathBuf) -> Self {
        Self::open(
            folder,
            false,
            false,
            Arc::new(Disk::start()),
            Arc::new(Broadcast::default()),
        )
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn is_demo(&self) -> bool {
        self.demo
    }

    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// Every remembered batch, newest first.
    pub fn entries(&self) -> Vec<HistoryEntry> {
        let mut entries = lock(&self.entries).clone();
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.first_opened_at));
        entries
    }

    pub fn entry(&self, id: &str) -> Option<HistoryEntry> {
        lock(&self.entries).iter().find(|e| e.id == id).cloned()
    }

    pub fn contains(&self, id: &str) -> bool {
        lock(&self.entries).iter().any(|e| e.id == id)
    }

    /// Remembers that `id` was opened (once; later opens keep the first date).
    pub fn opened(&self, id: &str) -> HistoryEntry {
        let demo = self.demo;
        self.update(id, |_| {}, true)
            .unwrap_or_else(|| HistoryEntry::new(id, demo, now_ms()))
    }

    pub fn watching(&self, id: &str, watching: bool) {
        self.update(
            id,
            |entry| {
                entry.watching = watching;
                if watching {
                    entry.error = None;
                }
            },
            false,
        );
    }

    pub fn progress(&self, id: &str, summary: &BatchSummary) {
        self.update(
            id,
            |entry| {
                entry.status.clone_from(&summary.status);
                entry.finished = summary.finished;
                entry.requested = Some(summary.requested);
                entry.last_checked_at = Some(summary.checked_at);
                entry.error = None;
            },
            false,
        );
    }

    /// Saves a finished batch's results, then its figures; returns the updated entry (none if
    /// the batch was forgotten meanwhile, and then nothing is written). `on_saved` hears
    /// whether the results reached the disk; it is never called when nothing was written.
    pub fn finished(
        &self,
        fetched: &FetchedBatch,
        summary: &BatchSummary,
        on_saved: OnWritten,
    ) -> Option<HistoryEntry> {
        let mut entries = lock(&self.entries);
        let position = entries.iter().position(|e| e.id == summary.id)?;
        // Results first: killed in between, the history still says "watching", and the batch
        // is simply fetched again at the next start.
        if self.writable {
            self.disk.write_then(
                self.results_path(&summary.id),
                fetched.raw.clone(),
                on_saved,
            );
        }
        let entry = &mut entries[position];
        entry.status.clone_from(&summary.status);
        entry.watching = false;
        entry.finished = summary.finished;
        entry.requested = Some(summary.requested);
        entry.found = Some(summary.found);
        entry.credits_charged = summary.credits_charged;
        entry.credits_net = summary.credits_net;
        entry.last_checked_at = Some(summary.checked_at);
        entry.cached = self.writable;
        entry.error = None;
        let entry = entry.clone();
        self.save_history(&entries);
        self.events.send(&HistoryEvent::Upsert {
            entry: Box::new(entry.clone()),
        });
        Some(entry)
    }

    /// The watch ended without a result: stopped by the person, or by a lasting error.
    pub fn watch_ended(&self, id: &str, error: Option<&PageError>) {
        self.update(
            id,
            |entry| {
                entry.watching = false;
                entry.error = error.map(stored);
            },
            false,
        );
    }

    /// The watch waits for a key: not checked now, with the reason, and picked up again once a
    /// key is saved (or at the next start, see [`HistoryEntry::waits_for_key`]).
    pub fn waiting_for_key(&self, id: &str, error: &PageError) {
        self.watch_ended(id, Some(error));
    }

    pub fn rename(&self, id: &str, label: &str) -> Result<HistoryEntry, StorageError> {
        let label = label.trim();
        self.update(
            id,
            |entry| {
                entry.label = (!label.is_empty()).then(|| label.chars().take(120).collect());
            },
            false,
        )
        .ok_or_else(|| StorageError::UnknownBatch { id: id.to_owned() })
    }

    /// The saved results of a completed batch, read back from disk. Blocks: not on the UI
    /// thread. A file that went missing or was damaged reads as none, and the batch is then
    /// fetched from Enrow again.
    pub fn cached(&self, id: &str) -> Option<FetchedBatch> {
        let path = self.results_path(id);
        let raw = match enrow::atomic::read_at_most(&path, enrow::atomic::MAX_SAVED_ANSWER_BYTES) {
            Ok(raw) => raw,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
            Err(error) => {
                log::error!("{} not readable: {error}", path.display());
                return None;
            }
        };
        match Batch::from_json(&raw) {
            Ok(batch) => Some(FetchedBatch {
                batch,
                raw: raw.into(),
            }),
            Err(error) => {
                log::error!("{} is damaged: {error}", path.display());
                None
            }
        }
    }

    /// Forgets one batch: its entry and its saved results (also results that a finish racing
    /// this call might have queued: they are queued before this removal, under the same lock).
    pub fn forget(&self, id: &str) {
        let mut entries = lock(&self.entries);
        let before = entries.len();
        entries.retain(|entry| entry.id != id);
        if self.writable {
            self.disk.remove(self.results_path(id));
        }
        if before != entries.len() {
            self.save_history(&entries);
            self.events
                .send(&HistoryEvent::Remove { id: id.to_owned() });
        }
    }

    /// Deletes every batch of this library: the history, its backups and every saved result.
    pub fn clear(&self) {
        let mut entries = lock(&self.entries);
        entries.clear();
        lock(&self.unread).clear();
        if self.writable {
            // `history.json` and the `history.json.unreadable-…` copies kept aside.
            self.disk.remove_matching(self.folder.clone(), HISTORY_FILE);
            self.disk
                .remove_matching(self.folder.join(RESULTS_FOLDER), "");
        }
    }

    /// Deletes this library's folder and everything in it (the demo's, when it is left).
    pub fn remove_folder(&self) {
        let mut entries = lock(&self.entries);
        let ids: Vec<String> = entries.drain(..).map(|entry| entry.id).collect();
        if self.writable {
            self.disk.remove_tree(self.folder.clone());
        }
        for id in ids {
            self.events.send(&HistoryEvent::Remove { id });
        }
    }

    /// Waits until every change so far is on disk. Blocks: not on the UI thread.
    pub fn flush(&self) {
        self.disk.flush();
    }

    pub fn results_path(&self, id: &str) -> PathBuf {
        // Ids are validated UUIDs; anything else never reaches the disk under its own name.
        let safe: String = id
            .chars()
            .filter(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        self.folder
            .join(RESULTS_FOLDER)
            .join(format!("{safe}.json"))
    }

    /// Changes one entry, queues the history's snapshot and tells the page, all under the
    /// entries' lock. Only an open (`create`) makes new entries: a late event about a batch
    /// just forgotten (a watch stopping, say) must not bring it back.
    fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut HistoryEntry),
        create: bool,
    ) -> Option<HistoryEntry> {
        let mut entries = lock(&self.entries);
        let position = match entries.iter().position(|e| e.id == id) {
            Some(position) => position,
            None if create => {
                entries.push(HistoryEntry::new(id, self.demo, now_ms()));
                entries.len() - 1
            }
            None => return None,
        };
        change(&mut entries[position]);
        let entry = entries[position].clone();
        self.save_history(&entries);
        self.events.send(&HistoryEvent::Upsert {
            entry: Box::new(entry.clone()),
        });
        Some(entry)
    }

    /// Queues the snapshot. Called with the entries' lock held, which orders the snapshots.
    fn save_history(&self, entries: &[HistoryEntry]) {
        if self.writable {
            let bytes = history::to_bytes(entries, &lock(&self.unread));
            self.disk.write(self.folder.join(HISTORY_FILE), bytes);
        }
    }
}

fn stored(error: &PageError) -> StoredError {
    StoredError {
        code: error.code.as_str().to_owned(),
        message: error.message.clone(),
    }
}

/// The entries, and whether the file's format is one this app may overwrite.
fn read_history(folder: &Path, writable: bool) -> (History, bool) {
    let path = folder.join(HISTORY_FILE);
    let read = match enrow::atomic::read_at_most(&path, MAX_HISTORY_BYTES) {
        Ok(bytes) => history::from_bytes(&bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return (History::default(), true);
        }
        Err(error) if error.kind() == std::io::ErrorKind::FileTooLarge => {
            Err(ReadError::Unreadable(error.to_string()))
        }
        Err(error) => {
            log::error!("history not readable: {error}");
            return (History::default(), false);
        }
    };
    match read {
        Ok(history) => (history, true),
        Err(ReadError::Newer(version)) => {
            log::warn!("history written by a newer Enrow Desk (format {version}); not changed");
            (History::default(), false)
        }
        Err(ReadError::Unreadable(why)) => {
            // Kept aside, not deleted: nothing is lost, and the app starts with a clean list.
            if writable {
                let aside = folder.join(format!("{HISTORY_FILE}.unreadable-{}", now_ms()));
                let _ = std::fs::rename(&path, &aside);
                log::error!("history unreadable ({why}); kept as {}", aside.display());
            }
            (History::default(), true)
        }
    }
}

pub(crate) use enrow::atomic::create_private_folder;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::testing::Recorder;

    const ID: &str = "e3b61122-d6a6-4ea7-b331-9b734682a76a";

    fn fetched() -> FetchedBatch {
        let raw = fake_enrow::scenarios::DOCUMENTED_ANSWER;
        FetchedBatch {
            batch: Batch::from_json(raw.as_bytes()).expect("valid"),
            raw: raw.as_bytes().to_vec().into(),
        }
    }

    fn open(folder: &Path) -> Library {
        Library::open(
            folder.to_path_buf(),
            false,
            true,
            Arc::new(Disk::start()),
            Arc::new(Broadcast::default()),
        )
    }

    fn ignore() -> OnWritten {
        Box::new(|_| {})
    }

    #[test]
    fn a_finished_batch_is_remembered_and_reopens_from_disk() {
        let dir = tempfile::tempdir().expect("temp");
        let library = open(dir.path());
        library.opened(ID);
        library.watching(ID, true);
        let fetched = fetched();
        let summary = BatchSummary::of(&fetched.batch, 42);
        let entry = library
            .finished(&fetched, &summary, ignore())
            .expect("remembered");
        assert!(entry.cached && !entry.watching);
        assert_eq!((entry.found, entry.credits_net), (Some(2), Some(80)));
        library.flush();

        // A new app on the same folder (a restart) sees it, results included.
        let again = open(dir.path());
        assert_eq!(again.entries().len(), 1);
        let cached = again.cached(ID).expect("saved results");
        assert_eq!(cached.raw, fetched.raw);
        assert_eq!(cached.batch.results.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp");
        let folder = dir.path().join("app");
        let library = open(&folder);
        let fetched = fetched();
        library.opened(ID);
        library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1), ignore());
        library.flush();
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&folder.join(RESULTS_FOLDER)), 0o700);
        assert_eq!(mode(&folder.join(HISTORY_FILE)), 0o600);
        assert_eq!(mode(&library.results_path(ID)), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn only_the_folders_the_app_makes_are_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp");
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).expect("a folder that was there");
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).expect("755");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        // Its data folder inside a folder that was there (as ~/Library/Application Support).
        open(&shared.join("app"));
        assert_eq!(mode(&shared), 0o755, "the folder above is left as it was");
        assert_eq!(mode(&shared.join("app")), 0o700);
        // A data folder that was there already is left as it was too.
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).expect("755");
        open(&shared);
        assert_eq!(mode(&shared), 0o755);
        assert_eq!(mode(&shared.join(RESULTS_FOLDER)), 0o700);
    }

    #[test]
    fn history_entries_this_app_cannot_read_are_written_back_not_dropped() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(
            dir.path().join(HISTORY_FILE),
            br#"{"version":1,"batches":[{"id":"0000000a-0000-4000-8000-000000000000",
            "firstOpenedAt":5},{"id":"0000000b-0000-4000-8000-000000000000",
            "firstOpenedAt":"last week","cached":true,"label":"Q4 leads"}]}"#,
        )
        .expect("seed");
        let library = open(dir.path());
        assert_eq!(library.entries().len(), 1);
        // Any change is saved with the entry it could not read.
        library.opened(ID);
        library.flush();
        let saved = std::fs::read_to_string(dir.path().join(HISTORY_FILE)).expect("history");
        assert!(saved.contains("Q4 leads"), "{saved}");
        assert!(saved.contains("last week"), "{saved}");
        assert_eq!(open(dir.path()).entries().len(), 2);
        // Clearing all local data clears it too.
        library.clear();
        library.flush();
        assert!(!dir.path().join(HISTORY_FILE).exists());
    }

    #[test]
    fn a_history_too_large_to_be_ours_is_kept_aside() {
        let dir = tempfile::tempdir().expect("temp");
        let file = std::fs::File::create(dir.path().join(HISTORY_FILE)).expect("file");
        file.set_len(MAX_HISTORY_BYTES + 1).expect("sized");
        let library = open(dir.path());
        assert!(library.entries().is_empty());
        assert!(library.is_writable(), "the app goes on with a new history");
        let aside = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("history.json.unreadable-")
            });
        assert!(aside, "kept, not deleted");
    }

    #[test]
    fn forget_after_finished_and_clear_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp");
        let library = open(dir.path());
        let fetched = fetched();
        library.opened(ID);
        library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1), ignore());
        library.flush();
        assert!(
            library.results_path(ID).exists(),
            "the results were saved first"
        );
        library.forget(ID);
        library.flush();
        assert!(library.entries().is_empty());
        assert!(!library.results_path(ID).exists());
        let history = std::fs::read_to_string(dir.path().join(HISTORY_FILE)).expect("history");
        assert!(!history.contains(ID), "{history}");

        library.opened(ID);
        library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1), ignore());
        // A copy of a damaged history kept aside earlier is ours too.
        std::fs::write(dir.path().join("history.json.unreadable-5"), b"{").expect("seed");
        library.flush();
        library.clear();
        library.flush();
        let left = walk(dir.path());
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[test]
    fn snapshots_reach_the_disk_in_the_order_of_the_changes() {
        // Many threads change the history at once; whatever the interleaving, the file on disk
        // is the last state, never an older snapshot that overtook it.
        let dir = tempfile::tempdir().expect("temp");
        let library = Arc::new(open(dir.path()));
        let ids: Vec<String> = (0..8)
            .map(|n| format!("0000000{n}-0000-4000-8000-000000000000"))
            .collect();
        for id in &ids {
            library.opened(id);
        }
        let threads: Vec<_> = ids
            .iter()
            .cloned()
            .map(|id| {
                let library = Arc::clone(&library);
                std::thread::spawn(move || {
                    for round in 0..50 {
                        library
                            .rename(&id, &format!("round {round}"))
                            .expect("renamed");
                    }
                    library.forget(&id);
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread");
        }
        library.flush();
        let on_disk =
            history::from_bytes(&std::fs::read(dir.path().join(HISTORY_FILE)).expect("history"))
                .expect("readable")
                .entries;
        assert!(
            on_disk.is_empty(),
            "forgotten batches came back: {on_disk:?}"
        );
    }

    #[test]
    fn an_unreadable_history_is_kept_aside_and_a_newer_one_left_alone() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join(HISTORY_FILE), b"{\"version\":1,\"batc").expect("seed");
        let library = open(dir.path());
        assert!(library.entries().is_empty());
        let aside = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("history.json.unreadable-")
            });
        assert!(aside, "the damaged file is kept");
        library.opened(ID);
        library.flush();
        assert!(dir.path().join(HISTORY_FILE).exists());

        let newer = tempfile::tempdir().expect("temp");
        let written = br#"{"version":9,"batches":[{"id":"x"}]}"#;
        std::fs::write(newer.path().join(HISTORY_FILE), written).expect("seed");
        let library = open(newer.path());
        library.opened(ID);
        library.flush();
        assert_eq!(
            std::fs::read(newer.path().join(HISTORY_FILE)).expect("read"),
            written
        );
    }

    #[test]
    fn a_read_only_library_writes_and_sweeps_nothing() {
        let dir = tempfile::tempdir().expect("temp");
        let results = dir.path().join(RESULTS_FOLDER);
        std::fs::create_dir_all(&results).expect("dir");
        // Another app's write in progress.
        let theirs = dir.path().join(".history.json.aB3dE.part");
        std::fs::write(&theirs, b"{").expect("seed");
        let library = Library::open(
            dir.path().to_path_buf(),
            false,
            false,
            Arc::new(Disk::start()),
            Arc::new(Broadcast::default()),
        );
        library.opened(ID);
        let fetched = fetched();
        let entry = library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1), ignore());
        assert!(entry.is_some_and(|e| !e.cached), "not saved, so not cached");
        library.flush();
        assert!(
            theirs.exists(),
            "the other app's temporary file is left alone"
        );
        assert!(!dir.path().join(HISTORY_FILE).exists());
        assert!(!library.results_path(ID).exists());
    }

    #[test]
    fn the_demo_batches_of_enrow_desk_0_1_leave_the_persons_history() {
        let dir = tempfile::tempdir().expect("temp");
        let demo_id = "0000d0d0-0000-4000-8000-000000000000";
        std::fs::write(
            dir.path().join(HISTORY_FILE),
            format!(
                r#"{{"version":1,"batches":[{{"id":"{demo_id}","demo":true,"watching":true,
                "firstOpenedAt":5,"cached":true}},{{"id":"{ID}","firstOpenedAt":6}}]}}"#
            ),
        )
        .expect("seed");
        let results = dir
            .path()
            .join(RESULTS_FOLDER)
            .join(format!("{demo_id}.json"));
        std::fs::create_dir_all(dir.path().join(RESULTS_FOLDER)).expect("dir");
        std::fs::write(&results, b"{}").expect("its results");
        let library = open(dir.path());
        library.flush();
        assert_eq!(library.results_path(demo_id), results);
        let ids: Vec<String> = library.entries().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, [ID], "only the person's own batch is left");
        assert!(!library.results_path(demo_id).exists());
        let on_disk = std::fs::read_to_string(dir.path().join(HISTORY_FILE)).expect("history");
        assert!(!on_disk.contains(demo_id), "{on_disk}");
    }

    #[test]
    fn late_news_of_a_forgotten_batch_does_not_bring_it_back() {
        let dir = tempfile::tempdir().expect("temp");
        let library = open(dir.path());
        library.opened(ID);
        library.forget(ID);
        let fetched = fetched();
        assert!(
            library
                .finished(&fetched, &BatchSummary::of(&fetched.batch, 1), ignore())
                .is_none()
        );
        library.watch_ended(ID, None);
        library.flush();
        assert!(library.entries().is_empty());
        assert!(!library.results_path(ID).exists());
    }

    #[test]
    fn changes_are_told_to_every_listener_in_order() {
        let dir = tempfile::tempdir().expect("temp");
        let events = Arc::new(Broadcast::default());
        let recorder = Recorder::new();
        events.add(recorder.sink());
        let library = Library::open(
            dir.path().to_path_buf(),
            true,
            true,
            Arc::new(Disk::start()),
            events,
        );
        let entry = library.opened(ID);
        assert!(entry.demo, "a demo library's entries are demo ones");
        library.rename(ID, "Fair").expect("renamed");
        library.remove_folder();
        library.flush();
        let kinds: Vec<String> = recorder
            .seen()
            .iter()
            .map(|event| match event {
                HistoryEvent::Upsert { entry } => format!("upsert {:?}", entry.label),
                HistoryEvent::Remove { .. } => "remove".to_owned(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, ["upsert None", "upsert Some(\"Fair\")", "remove"]);
        assert!(!dir.path().exists(), "the demo's folder is gone");
    }

    #[test]
    fn leftovers_of_a_killed_write_are_swept_at_start() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir_all(dir.path().join(RESULTS_FOLDER)).expect("dir");
        std::fs::write(dir.path().join(".history.json.aB3dE.part"), b"{").expect("seed");
        std::fs::write(
            dir.path()
                .join(RESULTS_FOLDER)
                .join(format!(".{ID}.json.x1.part")),
            b"{",
        )
        .expect("seed");
        let _library = open(dir.path());
        assert!(walk(dir.path()).is_empty());
    }

    /// Every file below `dir`.
    pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|entry| !entry.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .collect()
    }
}
