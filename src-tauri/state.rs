//! What the commands share, registered once with `app.manage`: the core, and the few things
//! only the shell knows (files it exported, notices it showed).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use desk::lock;
use desk::{Desk, PageError};
use enrow::{BaseUrl, ConfigError};
use enrow_keychain::Keychain;

/// Saves exports into this folder under their default name, without the save dialog (which
/// WebDriver cannot drive). For end-to-end tests: read by debug builds only (see
/// [`test_hook`]).
pub const EXPORT_DIR_ENV: &str = "ENROW_DESK_EXPORT_DIR";

/// The value of a variable that only tests set (`ENROW_DESK_EXPORT_DIR`, the updater's test
/// address, the export hold). Debug builds read it; a release build never does, so nothing in
/// a person's environment can make the shipped app skip a save dialog, overwrite a file
/// silently, or ask another update server.
#[cfg(debug_assertions)]
pub fn test_hook(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

#[cfg(not(debug_assertions))]
pub fn test_hook(_name: &str) -> Option<std::ffi::OsString> {
    None
}

/// How the app is set up: from the environment for people, by hand for tests.
pub struct Setup {
    pub api: Result<BaseUrl, ConfigError>,
    pub keychain: Keychain,
    pub export_dir: Option<PathBuf>,
    /// The app's data folder, when not the platform's usual one.
    pub data_dir: Option<PathBuf>,
}

impl Setup {
    pub fn from_env() -> Self {
        Self {
            api: BaseUrl::from_env(),
            keychain: Keychain::app(),
            export_dir: test_hook(EXPORT_DIR_ENV).map(PathBuf::from),
            data_dir: None,
        }
    }
}

/// Files the person chose in a system dialog this session: the page may name only these back,
/// so it can never make the app read or reveal any other path.
#[derive(Default)]
pub struct ChosenFiles(Mutex<HashSet<PathBuf>>);

impl ChosenFiles {
    pub fn remember(&self, path: PathBuf) {
        lock(&self.0).insert(path);
    }

    pub fn contains(&self, path: &PathBuf) -> bool {
        lock(&self.0).contains(path)
    }
}

pub struct AppState {
    pub desk: Arc<Desk>,
    /// Files this app wrote (exports, merged copies), the only ones "Show in folder" reveals.
    pub exported: ChosenFiles,
    /// Spreadsheets the person picked in the open dialog, the only ones a merge may read.
    pub picked_sheets: ChosenFiles,
    /// Which batch each notice shown was about, by the notice's id.
    notices: Mutex<HashMap<i32, String>>,
    /// The update the last check found, for "Install and restart".
    update: Mutex<Option<tauri_plugin_updater::Update>>,
    pub export_dir_override: Option<PathBuf>,
}

impl AppState {
    pub fn new(desk: Arc<Desk>, export_dir_override: Option<PathBuf>) -> Self {
        Self {
            desk,
            exported: ChosenFiles::default(),
            picked_sheets: ChosenFiles::default(),
            notices: Mutex::new(HashMap::new()),
            update: Mutex::new(None),
            export_dir_override,
        }
    }

    pub fn keep_update(&self, update: Option<tauri_plugin_updater::Update>) {
        *lock(&self.update) = update;
    }

    pub fn kept_update(&self) -> Option<tauri_plugin_updater::Update> {
        lock(&self.update).clone()
    }

    /// Notes a notice about `batch`; returns the notice's id.
    pub fn remember_notice(&self, batch: &str) -> i32 {
        let mut notices = lock(&self.notices);
        let id = i32::try_from(notices.len() + 1).unwrap_or(i32::MAX);
        notices.insert(id, batch.to_owned());
        id
    }

    /// The batch a clicked notice was about: by its id, or the latest when the system did not
    /// say which notice it was.
    pub fn notice_batch(&self, notice: Option<i32>) -> Option<String> {
        let notices = lock(&self.notices);
        match notice {
            Some(id) => notices.get(&id).cloned(),
            None => notices
                .iter()
                .max_by_key(|(id, _)| **id)
                .map(|(_, batch)| batch.clone()),
        }
    }
}

/// Blocking work (disk, keychain, clipboard) on Tauri's blocking pool, never the UI thread.
pub async fn off_main<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> Result<T, PageError> + Send + 'static,
) -> Result<T, PageError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Err(PageError::stopped(what)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::*;

    fn state(folder: &std::path::Path) -> AppState {
        let runtime = tauri::async_runtime::handle().inner().clone();
        let desk = Desk::open(desk::DeskConfig {
            data_dir: folder.to_path_buf(),
            logs_dir: None,
            api: BaseUrl::parse("http://127.0.0.1:9"),
            secrets: Arc::new(Keychain::named("Enrow Desk state test", "none")),
            keychain_timeout: desk::keys::KEYCHAIN_TIMEOUT,
            runtime,
            on_finished: Arc::new(|_| {}),
            watch: desk::DeskConfig::patient_watch(),
            demo_latency: std::time::Duration::ZERO,
            user_agent: "test".to_owned(),
        });
        AppState::new(Arc::new(desk), None)
    }

    #[test]
    fn test_hooks_are_read_by_debug_builds_only() {
        // PATH is set on every system that runs tests, so nothing has to be set here.
        assert!(std::env::var_os("PATH").is_some());
        assert_eq!(
            test_hook("PATH").is_some(),
            cfg!(debug_assertions),
            "a release build never reads a test hook"
        );
    }

    #[test]
    fn a_clicked_notice_names_its_own_batch() {
        let folder = tempfile::tempdir().expect("data folder");
        let state = state(folder.path());
        let first = state.remember_notice("aaaa");
        let second = state.remember_notice("bbbb");
        assert_ne!(first, second);
        assert_eq!(state.notice_batch(Some(first)).as_deref(), Some("aaaa"));
        assert_eq!(state.notice_batch(Some(second)).as_deref(), Some("bbbb"));
        // A system that does not say which notice: the latest one.
        assert_eq!(state.notice_batch(None).as_deref(), Some("bbbb"));
        assert_eq!(state.notice_batch(Some(99)), None);
        state.desk.shut_down();
    }
}
