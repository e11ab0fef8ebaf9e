//! What the app keeps on this computer, in its data folder: the history of batches opened
//! (`history.json`), their results once completed (`batches/<id>.json`, Enrow's answer as
//! received), and the settings (`settings.json`).
//!
//! Every write is atomic (a temporary file, flushed to disk, renamed over the old one), and on
//! Unix every file is readable by its owner only. Killing the app at any moment leaves the old
//! file or the new one, never a broken one; leftovers of an interrupted write are swept at
//! start-up.

mod disk;
pub mod history;
pub mod notice;
pub mod settings;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use enrow::atomic::remove_leftovers;
use enrow::{Batch, FetchedBatch};
use serde::Serialize;
use tauri::ipc::Channel;

use crate::error::CommandError;
use crate::jobs::now_ms;
use crate::lock::lock;
use crate::view::BatchSummary;
use disk::Disk;
use history::{HistoryEntry, ReadError, StoredError};
use settings::Settings;

const HISTORY_FILE: &str = "history.json";
const SETTINGS_FILE: &str = "settings.json";
const RESULTS_FOLDER: &str = "batches";

/// What the page's history list hears. See `docs/ipc.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum HistoryEvent {
    Upsert { entry: Box<HistoryEntry> },
    Remove { id: String },
    Cleared,
    Show { id: String },
}

pub struct Library {
    folder: PathBuf,
    disk: Disk,
    /// The app's log folder, emptied too by "Clear all local data".
    logs: Option<PathBuf>,
    entries: Mutex<Vec<HistoryEntry>>,
    /// False when the history on disk was written by a newer app: it is read, never replaced.
    writable: bool,
    settings: Mutex<Settings>,
    subscribers: Mutex<Vec<Channel<HistoryEvent>>>,
}

impl Library {
    /// Opens (or starts) the library in `folder`.
    pub fn open(folder: PathBuf) -> Self {
        if let Err(error) = create_private_folder(&folder.join(RESULTS_FOLDER)) {
            log::error!("the data folder cannot be created: {error}");
        }
        for leftover in remove_leftovers(&folder, "")
            .into_iter()
            .chain(remove_leftovers(&folder.join(RESULTS_FOLDER), ""))
        {
            log::info!("removed an interrupted write: {}", leftover.display());
        }
        let (entries, writable) = read_history(&folder);
        let settings = std::fs::read(folder.join(SETTINGS_FILE))
            .map(|bytes| settings::from_bytes(&bytes))
            .unwrap_or_default();
        Self {
            folder,
            disk: Disk::start(),
            logs: None,
            entries: Mutex::new(entries),
            writable,
            settings: Mutex::new(settings),
            subscribers: Mutex::new(Vec::new()),
        }
    }

    /// Also empties `logs` when everything is cleared.
    pub fn with_logs(mut self, logs: PathBuf) -> Self {
        self.logs = Some(logs);
        self
    }

    pub fn folder(&self) -> &Path {
        &self.folder
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

    /// Sends every later change to `channel`; returns the list as it is now.
    pub fn subscribe(&self, channel: Channel<HistoryEvent>) -> Vec<HistoryEntry> {
        lock(&self.subscribers).push(channel);
        self.entries()
    }

    /// Asks the page to show a batch (after its notice was clicked).
    pub fn show(&self, id: &str) {
        self.broadcast(HistoryEvent::Show { id: id.to_owned() });
    }

    /// Remembers that `id` was opened (once; later opens keep the first date).
    pub fn opened(&self, id: &str, demo: bool) -> HistoryEntry {
        self.update(id, |entry| entry.demo |= demo, Some(demo))
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
            None,
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
            None,
        );
    }

    /// Saves a finished batch's results, then its figures; returns the updated entry (none if
    /// the batch was forgotten meanwhile).
    pub fn finished(&self, fetched: &FetchedBatch, summary: &BatchSummary) -> Option<HistoryEntry> {
        self.entry(&summary.id)?;
        // Results first: killed in between, the history still says "watching", and the batch
        // is simply fetched again at the next start.
        self.disk
            .write(self.results_path(&summary.id), fetched.raw.clone());
        self.update(
            &summary.id,
            |entry| {
                entry.status.clone_from(&summary.status);
                entry.watching = false;
                entry.finished = summary.finished;
                entry.requested = Some(summary.requested);
                entry.found = Some(summary.found);
                entry.credits_charged = summary.credits_charged;
                entry.credits_net = summary.credits_net;
                entry.last_checked_at = Some(summary.checked_at);
                entry.cached = true;
                entry.error = None;
            },
            None,
        )
    }

    /// The watch ended without a result: stopped by the person, or by a lasting error.
    pub fn watch_ended(&self, id: &str, error: Option<&CommandError>) {
        self.update(
            id,
            |entry| {
                entry.watching = false;
                entry.error = error.map(|e| StoredError {
                    code: e.code.to_owned(),
                    message: e.message.clone(),
                });
            },
            None,
        );
    }

    pub fn rename(&self, id: &str, label: &str) -> Result<HistoryEntry, CommandError> {
        let label = label.trim();
        self.update(
            id,
            |entry| {
                entry.label = (!label.is_empty()).then(|| label.chars().take(120).collect());
            },
            None,
        )
        .ok_or_else(|| CommandError::unknown_batch(id))
    }

    /// The saved results of a completed batch, read back from disk.
    pub fn cached(&self, id: &str) -> Option<FetchedBatch> {
        let raw = std::fs::read(self.results_path(id)).ok()?;
        let batch = Batch::from_json(&raw).ok()?;
        Some(FetchedBatch {
            batch,
            raw: raw.into(),
        })
    }

    /// Forgets one batch: its entry and its saved results.
    pub fn forget(&self, id: &str) {
        self.disk.remove(self.results_path(id));
        let removed = {
            let mut entries = lock(&self.entries);
            let before = entries.len();
            entries.retain(|entry| entry.id != id);
            before != entries.len()
        };
        if removed {
            self.save_history();
            self.broadcast(HistoryEvent::Remove { id: id.to_owned() });
        }
    }

    /// Deletes everything the app keeps on this computer.
    pub fn clear(&self) {
        lock(&self.entries).clear();
        *lock(&self.settings) = Settings::default();
        self.disk.remove(self.folder.join(HISTORY_FILE));
        self.disk.remove(self.folder.join(SETTINGS_FILE));
        self.disk.empty(self.folder.join(RESULTS_FOLDER));
        // Logs hold no keys or numbers, but they do name batches. Best effort: where the file
        // in use cannot be removed (Windows), it stays, and the failure is logged.
        if let Some(logs) = &self.logs {
            self.disk.empty(logs.clone());
        }
        self.broadcast(HistoryEvent::Cleared);
    }

    /// Waits until every change so far is on disk.
    pub fn flush(&self) {
        self.disk.flush();
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn set_settings(
        &self,
        change: impl FnOnce(&mut Settings),
    ) -> Result<Settings, CommandError> {
        let settings = {
            let mut settings = lock(&self.settings);
            change(&mut settings);
            settings.clone()
        };
        self.disk
            .write_and_wait(
                self.folder.join(SETTINGS_FILE),
                settings::to_bytes(&settings),
            )
            .map_err(|e| {
                CommandError::new("settings_failed", format!("Settings not saved: {e}"))
            })?;
        Ok(settings)
    }

    fn results_path(&self, id: &str) -> PathBuf {
        // Ids are validated UUIDs; anything else never reaches the disk under its own name.
        let safe: String = id
            .chars()
            .filter(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        self.folder
            .join(RESULTS_FOLDER)
            .join(format!("{safe}.json"))
    }

    /// Changes one entry, saves the history, tells the page. Only `opened` creates entries: a
    /// late event about a batch just forgotten (a watch stopping, say) must not bring it back.
    fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut HistoryEntry),
        create: Option<bool>,
    ) -> Option<HistoryEntry> {
        let entry = {
            let mut entries = lock(&self.entries);
            let position = match (entries.iter().position(|e| e.id == id), create) {
                (Some(position), _) => position,
                (None, Some(demo)) => {
                    entries.push(HistoryEntry::new(id, demo, now_ms()));
                    entries.len() - 1
                }
                (None, None) => return None,
            };
            change(&mut entries[position]);
            entries[position].clone()
        };
        self.save_history();
        self.broadcast(HistoryEvent::Upsert {
            entry: Box::new(entry.clone()),
        });
        Some(entry)
    }

    fn save_history(&self) {
        if self.writable {
            let bytes = history::to_bytes(&lock(&self.entries));
            self.disk.write(self.folder.join(HISTORY_FILE), bytes);
        }
    }

    fn broadcast(&self, event: HistoryEvent) {
        // A page that reloaded subscribed again; its old channel no longer delivers.
        lock(&self.subscribers).retain(|channel| channel.send(event.clone()).is_ok());
    }
}

fn read_history(folder: &Path) -> (Vec<HistoryEntry>, bool) {
    let path = folder.join(HISTORY_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), true),
        Err(error) => {
            log::error!("history not readable: {error}");
            return (Vec::new(), false);
        }
    };
    match history::from_bytes(&bytes) {
        Ok(entries) => (entries, true),
        Err(ReadError::Newer(version)) => {
            log::warn!("history written by a newer Enrow Desk (format {version}); not changed");
            (Vec::new(), false)
        }
        Err(ReadError::Unreadable(why)) => {
            // Kept aside, not deleted: nothing is lost, and the app starts with a clean list.
            let aside = folder.join(format!("{HISTORY_FILE}.unreadable-{}", now_ms()));
            let _ = std::fs::rename(&path, &aside);
            log::error!("history unreadable ({why}); kept as {}", aside.display());
            (Vec::new(), true)
        }
    }
}

fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for dir in [folder, folder.parent().unwrap_or(folder)] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "e3b61122-d6a6-4ea7-b331-9b734682a76a";

    fn fetched() -> FetchedBatch {
        let raw = fake_enrow::scenarios::DOCUMENTED_ANSWER;
        FetchedBatch {
            batch: Batch::from_json(raw.as_bytes()).expect("valid"),
            raw: raw.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn a_finished_batch_is_remembered_and_reopens_from_disk() {
        let dir = tempfile::tempdir().expect("temp");
        let library = Library::open(dir.path().to_path_buf());
        library.opened(ID, false);
        library.watching(ID, true);
        let fetched = fetched();
        let summary = BatchSummary::of(&fetched.batch, 42);
        let entry = library.finished(&fetched, &summary).expect("remembered");
        assert!(entry.cached && !entry.watching);
        assert_eq!((entry.found, entry.credits_net), (Some(2), Some(80)));
        library.flush();

        // A new app on the same folder (a restart) sees it, results included.
        let again = Library::open(dir.path().to_path_buf());
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
        let library = Library::open(folder.clone());
        let fetched = fetched();
        library.opened(ID, false);
        library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1));
        library.flush();
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&folder.join(RESULTS_FOLDER)), 0o700);
        assert_eq!(mode(&folder.join(HISTORY_FILE)), 0o600);
        assert_eq!(mode(&library.results_path(ID)), 0o600);
    }

    #[test]
    fn forget_and_clear_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp");
        let library = Library::open(dir.path().to_path_buf());
        let fetched = fetched();
        library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1));
        library
            .set_settings(|s| s.language = settings::Language::Nl)
            .expect("saved");
        library.forget(ID);
        library.flush();
        assert!(library.entries().is_empty());
        assert!(!library.results_path(ID).exists());

        library.opened(ID, false);
        library.finished(&fetched, &BatchSummary::of(&fetched.batch, 1));
        library.clear();
        library.flush();
        let left: Vec<_> = walk(dir.path());
        assert!(left.is_empty(), "left behind: {left:?}");
        assert_eq!(library.settings(), Settings::default());
    }

    #[test]
    fn an_unreadable_history_is_kept_aside_and_a_newer_one_left_alone() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join(HISTORY_FILE), b"{\"version\":1,\"batc").expect("seed");
        let library = Library::open(dir.path().to_path_buf());
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
        library.opened(ID, false);
        library.flush();
        assert!(dir.path().join(HISTORY_FILE).exists());

        let newer = tempfile::tempdir().expect("temp");
        let written = br#"{"version":9,"batches":[{"id":"x"}]}"#;
        std::fs::write(newer.path().join(HISTORY_FILE), written).expect("seed");
        let library = Library::open(newer.path().to_path_buf());
        library.opened(ID, false);
        library.flush();
        assert_eq!(
            std::fs::read(newer.path().join(HISTORY_FILE)).expect("read"),
            written
        );
    }

    #[test]
    fn late_news_of_a_forgotten_batch_does_not_bring_it_back() {
        let dir = tempfile::tempdir().expect("temp");
        let library = Library::open(dir.path().to_path_buf());
        library.opened(ID, false);
        library.forget(ID);
        let fetched = fetched();
        assert!(
            library
                .finished(&fetched, &BatchSummary::of(&fetched.batch, 1))
                .is_none()
        );
        library.watch_ended(ID, None);
        library.flush();
        assert!(library.entries().is_empty());
        assert!(!library.results_path(ID).exists());
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
        let _library = Library::open(dir.path().to_path_buf());
        assert!(walk(dir.path()).is_empty());
    }

    /// Every file below `dir`.
    fn walk(dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|entry| !entry.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .collect()
    }
}
